// The HotelHub licence token's claims (PROTOCOL.md "Token").
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace hotelhub {

struct TokenClaims
{
    QString issuer;
    QString subject;
    QString audience;
    QString tokenId;      // jti
    QString fingerprint;  // "sha256:<hex>"
    QString installId;    // (ext)
    // (ext) The server signs its refusal verdicts (README "Signed verdicts"): a client holding a
    // token with this claim accepts a lock verdict only when it is signed, names this install and
    // answers this request.
    bool signedVerdicts = false;
    // (ext) An offline activation's answer (README "Offline activation"): the nonce of the request
    // it answers. Empty for a token from an online exchange.
    QString offlineNonce;
    QDateTime issuedAt;
    QDateTime notBefore;
    QDateTime expiresAt;
    // license{}
    QString keyHash;
    QString plan;
    QJsonObject features;
    QDateTime validUntil;
    int graceDays = 30;

    bool isOffline() const { return !offlineNonce.isEmpty(); }
    int maxRooms() const { return features.value(QStringLiteral("max_rooms")).toInt(); }
    int maxUsers() const { return features.value(QStringLiteral("max_concurrent_users")).toInt(); }
    int maxProperties() const { return features.value(QStringLiteral("max_properties")).toInt(1); }

    QJsonObject toJson() const;
    // Reads the payload object; returns false (with the missing/wrong claim named) when a
    // required claim is absent or of the wrong type.
    static bool fromJson(const QJsonObject &payload, TokenClaims *out, QString *problem);
};

inline constexpr auto kTokenIssuer = "hotelhub-vendor";
inline constexpr auto kTokenAudience = "hotelhub-app";
// The JWS `typ` of a signed refusal verdict (README "Signed verdicts").
inline constexpr auto kVerdictType = "hotelhub-verdict";

} // namespace hotelhub
