// Offline activation and renewal (README "Offline activation"): the request a computer without
// internet shows as a QR code, a file and text; the vendor's answer, a token bound to that
// request's nonce; and the short typed code that carries the same token's signature for an
// Ed25519 vendor key. The wire forms only: what the client and the vendor decide lives in
// OfflineClient (client) and the server's VendorService.
#pragma once

#include "TokenClaims.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <optional>

namespace hotelhub {

namespace offline {
// The vendor refuses a request older than this; the client an answer to one older than
// kApplyWithinDays (the owner may bring the answer back a while after the vendor wrote it).
inline constexpr int kRequestMaxAgeDays = 14;
inline constexpr int kApplyWithinDays = 30;
inline constexpr int kDefaultValidityDays = 90;
inline constexpr int kMaxValidityDays = 255; // one byte in the typed code
inline constexpr auto kRequestPrefix = "HHQ1:";
inline constexpr auto kAnswerMarker = "hotelhub_offline_answer";
// The typed code: 26 groups of 5 characters, each 4 data characters and 1 check character.
inline constexpr int kCodeGroups = 26;
inline constexpr int kCodeLength = kCodeGroups * 5; // 130, dashes not counted

// Whether `run`, groups of five each followed by one separator (the last by none), can be a piece
// of a typed code: more than eight groups always; five to eight when, at some place in the code,
// every group but one passes its check (a licence key's random groups pass one time in 32, so a
// key with a group joined to it is not taken for a code; 22 places × 6 groups: about one run in
// 40,000 passes by chance).
bool looksLikeCodePiece(QStringView run);
} // namespace offline

// The licence facts a token carries besides time and machine: a renewal's code can be rebuilt
// only when the vendor's licence still has exactly those the client holds.
struct LicenseBlock
{
    QString subject;   // license:<id>
    QString keyHash;
    QString plan;
    QJsonObject features;
    QDateTime validUntil;
    int graceDays = 30;

    static LicenseBlock fromClaims(const TokenClaims &claims);
    QJsonObject toJson() const;
    static std::optional<LicenseBlock> fromJson(const QJsonObject &o);
    // 16 bytes of SHA-256 over the canonical form: what a renewal request carries.
    QByteArray digest() const;
};

struct OfflineRequest
{
    QString licenseKey;      // the key as typed (first activation, move); empty for a renewal
    QString keyHash;         // sha256: of the key (always)
    QString fingerprint;     // sha256:<hex>
    QString installId;       // UUID
    QJsonObject components;  // the five hashed components
    QString hostname;
    QString os;
    QString appVersion;
    QByteArray nonce;        // 16 random bytes
    QDateTime createdAt;     // whole seconds, UTC
    QByteArray heldDigest;   // LicenseBlock::digest() of the token held (renewal), else empty
    QString heldJti;         // the jti of the token held (renewal), else empty
    QString moveReason;      // asks to move the licence here (the vendor's move quota applies)

    QString nonceText() const; // base32, as in the token's offline claim
    // "HHQ1:" + Crockford base32 of the binary form with its checksum: upper-case letters and
    // digits only, so that a QR code holds it in alphanumeric mode.
    QString encode() const;
    // The same text in lines of `width` characters, for a window or a message.
    QString encodeWrapped(int width = 64) const;
    // Reads a request as pasted (spaces, line breaks and lower case ignored); nullopt with the
    // reason for a person when it is not one, or is damaged.
    static std::optional<OfflineRequest> decode(const QString &text, QString *problem);
};

// The claims of the token that answers `request`, given the licence facts and the validity the
// vendor chose: the same on both sides, so that the client can rebuild the token from a code.
TokenClaims offlineClaims(const OfflineRequest &request, const LicenseBlock &block, int days);
QString offlineJti(const QByteArray &nonce);

// The typed code: 64 bytes of Ed25519 signature and the validity in days.
struct OfflineCode
{
    QByteArray signature;
    int days = 0;
};

struct CodeProblem
{
    int group = 0;        // 1-based group whose check character fails; 0: the whole code
    QString message;      // for a person
};

QString encodeOfflineCode(const OfflineCode &code);   // groups joined with '-'
std::optional<OfflineCode> decodeOfflineCode(const QString &typed, CodeProblem *problem);
// What the code field shows while typing or after a paste: the code's characters (I, L, O kept
// as typed, read as 1, 1, 0), upper-cased, in groups of 5 joined by '-', at most 130.
QString formatPartialOfflineCode(const QString &typed);
// Whether `text` looks like a code (only base32 characters, dashes and spaces) rather than a
// file or a token.
bool looksLikeOfflineCode(const QString &text);
// The code of `token` when it is an EdDSA token for `days`; empty otherwise.
QString offlineCodeForToken(const QByteArray &token, int days);
// The token a code stands for: the header and payload rebuilt, the signature from the code.
QByteArray rebuildOfflineToken(const TokenClaims &claims, const QByteArray &signature);

// Crockford base32 (0-9, A-Z without I, L, O, U), no padding.
QString base32Encode(const QByteArray &bytes);
std::optional<QByteArray> base32Decode(const QString &text);

class OfflineText
{
    Q_DECLARE_TR_FUNCTIONS(OfflineText)
};

} // namespace hotelhub
