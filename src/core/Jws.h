// Compact JWS verification and signing for licence tokens (PROTOCOL.md "Token").
// The pinned key decides the algorithm: `none`, HS* and a header `alg` that does not match
// the key's type are rejected before any signature work.
#pragma once

#include "Crypto.h"
#include "TokenClaims.h"

#include <QDateTime>
#include <QString>
#include <optional>

namespace hotelhub {

class SignatureMemo;

enum class TokenError {
    None,
    Malformed,          // not three base64url parts, bad base64, not JSON objects
    AlgorithmRejected,  // none, HS*, unknown, or not matching the pinned key
    BadSignature,
    BadIssuer,
    BadAudience,
    BadClaims,          // a required claim missing or of the wrong type
    NotYetValid,        // nbf in the future (only when a time is given)
    Expired,            // exp in the past (only when a time is given)
    FingerprintMismatch // only when an expected fingerprint is given
};

QString tokenErrorCode(TokenError error);

struct TokenVerification
{
    TokenError error = TokenError::Malformed;
    QString detail;                    // for logs and diagnostic; never contains the token
    std::optional<TokenClaims> claims; // set once the signature and iss/aud check out

    bool ok() const { return error == TokenError::None; }
    // True when the signature, alg, iss and aud are fine (time and fingerprint may still fail).
    bool authentic() const { return claims.has_value(); }
};

struct TokenCheckOptions
{
    std::optional<QDateTime> now;               // check nbf/exp when set
    std::optional<QString> expectedFingerprint; // check fingerprint when set
    int leewaySeconds = 60;
    // Signatures already made or checked with the pinned key (the vendor server's own tokens
    // coming back): a token it knows byte for byte is not checked again; one that verifies is
    // remembered. Everything else about the token is checked as without it.
    SignatureMemo *memo = nullptr;
};

TokenVerification verifyToken(const QByteArray &compact, EVP_PKEY *pinnedKey, const TokenCheckOptions &options = {});

// A compact JWS over any JSON object, for the vendor's signed verdicts (README "Signed verdicts").
// `type` goes into the header's `typ`, and verification requires the same `typ`, so that a token
// can never be presented as a verdict nor a verdict as a token.
QByteArray signObject(const QJsonObject &payload, EVP_PKEY *privateKey, const QString &type);
// The payload when `compact` is a JWS of `type` whose signature verifies against `pinnedKey`
// (same algorithm rules as tokens); nullopt with `problem` otherwise.
std::optional<QJsonObject> verifyObject(const QByteArray &compact, EVP_PKEY *pinnedKey, const QString &type, QString *problem);

// Signs claims with the key's algorithm (RS256 for RSA, EdDSA for Ed25519). Empty on failure.
// The signature goes into `memo` when it is given and speaks for `privateKey`.
QByteArray signToken(const TokenClaims &claims, EVP_PKEY *privateKey, const QString &keyId = {}, SignatureMemo *memo = nullptr);

} // namespace hotelhub
