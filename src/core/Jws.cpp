#include "Jws.h"

#include "SignatureMemo.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace hotelhub {

QString tokenErrorCode(TokenError error)
{
    switch (error) {
    case TokenError::None: return QStringLiteral("ok");
    case TokenError::Malformed: return QStringLiteral("token_malformed");
    case TokenError::AlgorithmRejected: return QStringLiteral("token_algorithm_rejected");
    case TokenError::BadSignature: return QStringLiteral("token_bad_signature");
    case TokenError::BadIssuer: return QStringLiteral("token_bad_issuer");
    case TokenError::BadAudience: return QStringLiteral("token_bad_audience");
    case TokenError::BadClaims: return QStringLiteral("token_bad_claims");
    case TokenError::NotYetValid: return QStringLiteral("token_not_yet_valid");
    case TokenError::Expired: return QStringLiteral("token_expired");
    case TokenError::FingerprintMismatch: return QStringLiteral("fingerprint_mismatch");
    }
    Q_UNREACHABLE();
}

namespace {
TokenVerification failure(TokenError error, const QString &detail)
{
    TokenVerification v;
    v.error = error;
    v.detail = detail;
    return v;
}

std::optional<QJsonObject> decodeObject(const QByteArray &part)
{
    const auto raw = crypto::base64UrlDecode(part);
    if (!raw)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(*raw, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

QString algorithmName(KeyAlgorithm algorithm)
{
    return algorithm == KeyAlgorithm::Rsa2048 ? QStringLiteral("RS256") : QStringLiteral("EdDSA");
}
} // namespace

TokenVerification verifyToken(const QByteArray &compactIn, EVP_PKEY *pinnedKey, const TokenCheckOptions &options)
{
    const QByteArray compact = compactIn.trimmed();
    if (compact.isEmpty())
        return failure(TokenError::Malformed, QStringLiteral("the token is empty"));
    if (compact.size() > 16 * 1024)
        return failure(TokenError::Malformed, QStringLiteral("the token is larger than 16 KiB"));
    const QList<QByteArray> parts = compact.split('.');
    if (parts.size() != 3)
        return failure(TokenError::Malformed, QStringLiteral("a compact JWS has 3 dot-separated parts, this has %1").arg(parts.size()));
    if (parts[0].isEmpty())
        return failure(TokenError::Malformed, QStringLiteral("the token has no header"));

    const auto header = decodeObject(parts[0]);
    if (!header)
        return failure(TokenError::Malformed, QStringLiteral("the header is not base64url-encoded JSON"));
    const QString alg = header->value(QStringLiteral("alg")).toString();
    const auto keyAlg = crypto::keyAlgorithm(pinnedKey);
    if (!keyAlg)
        return failure(TokenError::AlgorithmRejected, QStringLiteral("the pinned key is neither RSA-2048+ nor Ed25519"));
    if (alg != algorithmName(*keyAlg))
        return failure(TokenError::AlgorithmRejected,
                       QStringLiteral("header alg '%1' is not accepted; the pinned key requires %2")
                           .arg(alg.left(16), algorithmName(*keyAlg)));
    if (header->contains(QStringLiteral("crit")))
        return failure(TokenError::AlgorithmRejected, QStringLiteral("the header has critical extensions this client does not understand"));

    if (parts[1].isEmpty() || parts[2].isEmpty())
        return failure(TokenError::Malformed, QStringLiteral("the token has an empty payload or signature"));
    const auto payload = decodeObject(parts[1]);
    if (!payload)
        return failure(TokenError::Malformed, QStringLiteral("the payload is not base64url-encoded JSON"));
    const auto signature = crypto::base64UrlDecode(parts[2]);
    if (!signature)
        return failure(TokenError::Malformed, QStringLiteral("the signature is not valid base64url"));

    const QByteArray signingInput = parts[0] + '.' + parts[1];
    SignatureMemo *memo = options.memo && options.memo->covers(pinnedKey) ? options.memo : nullptr;
    if (!memo || !memo->knows(signingInput, *signature)) {
        if (!crypto::verify(pinnedKey, signingInput, *signature))
            return failure(TokenError::BadSignature, QStringLiteral("the signature does not verify against the pinned vendor key"));
        if (memo)
            memo->remember(signingInput, *signature);
    }

    TokenClaims claims;
    QString problem;
    if (!TokenClaims::fromJson(*payload, &claims, &problem))
        return failure(TokenError::BadClaims, problem);
    if (claims.issuer != QLatin1String(kTokenIssuer))
        return failure(TokenError::BadIssuer, QStringLiteral("issuer is '%1', expected '%2'").arg(claims.issuer.left(64), QLatin1String(kTokenIssuer)));
    if (claims.audience != QLatin1String(kTokenAudience))
        return failure(TokenError::BadAudience, QStringLiteral("audience is '%1', expected '%2'").arg(claims.audience.left(64), QLatin1String(kTokenAudience)));

    TokenVerification result;
    result.claims = claims;
    result.error = TokenError::None;
    if (options.now) {
        const QDateTime now = options.now->toUTC();
        if (claims.notBefore.addSecs(-options.leewaySeconds) > now) {
            result.error = TokenError::NotYetValid;
            result.detail = QCoreApplication::translate("Jws", "not valid before %1").arg(claims.notBefore.toString(Qt::ISODate));
            return result;
        }
        if (claims.expiresAt.addSecs(options.leewaySeconds) <= now) {
            result.error = TokenError::Expired;
            result.detail = QCoreApplication::translate("Jws", "expired at %1").arg(claims.expiresAt.toString(Qt::ISODate));
            return result;
        }
    }
    if (options.expectedFingerprint && claims.fingerprint != *options.expectedFingerprint) {
        result.error = TokenError::FingerprintMismatch;
        result.detail = QStringLiteral("the token belongs to another machine fingerprint");
    }
    return result;
}

namespace {
QByteArray signWithHeader(const QJsonObject &payload, EVP_PKEY *privateKey, const QString &type, const QString &keyId,
                          SignatureMemo *memo = nullptr)
{
    const auto algorithm = crypto::keyAlgorithm(privateKey);
    if (!algorithm)
        return {};
    QJsonObject header{{QStringLiteral("alg"), algorithmName(*algorithm)}, {QStringLiteral("typ"), type}};
    if (!keyId.isEmpty())
        header.insert(QStringLiteral("kid"), keyId);
    const QByteArray input = crypto::base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + crypto::base64UrlEncode(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    const QByteArray signature = crypto::sign(privateKey, input);
    if (signature.isEmpty())
        return {};
    if (memo && memo->covers(privateKey))
        memo->remember(input, signature);
    return input + '.' + crypto::base64UrlEncode(signature);
}
} // namespace

QByteArray signObject(const QJsonObject &payload, EVP_PKEY *privateKey, const QString &type)
{
    return signWithHeader(payload, privateKey, type, {});
}

std::optional<QJsonObject> verifyObject(const QByteArray &compactIn, EVP_PKEY *pinnedKey, const QString &type, QString *problem)
{
    auto fail = [problem](const QString &why) {
        *problem = why;
        return std::nullopt;
    };
    const QByteArray compact = compactIn.trimmed();
    if (compact.isEmpty() || compact.size() > 16 * 1024)
        return fail(QStringLiteral("empty or larger than 16 KiB"));
    const QList<QByteArray> parts = compact.split('.');
    if (parts.size() != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty())
        return fail(QStringLiteral("not a compact JWS"));
    const auto header = decodeObject(parts[0]);
    const auto keyAlg = crypto::keyAlgorithm(pinnedKey);
    if (!header || !keyAlg)
        return fail(QStringLiteral("unreadable header or unusable key"));
    if (header->value(QStringLiteral("alg")).toString() != algorithmName(*keyAlg) || header->contains(QStringLiteral("crit")))
        return fail(QStringLiteral("algorithm not accepted"));
    if (header->value(QStringLiteral("typ")).toString() != type)
        return fail(QStringLiteral("typ is not %1").arg(type));
    const auto payload = decodeObject(parts[1]);
    const auto signature = crypto::base64UrlDecode(parts[2]);
    if (!payload || !signature)
        return fail(QStringLiteral("unreadable payload or signature"));
    if (!crypto::verify(pinnedKey, parts[0] + '.' + parts[1], *signature))
        return fail(QStringLiteral("the signature does not verify against the pinned vendor key"));
    return payload;
}

QByteArray signToken(const TokenClaims &claims, EVP_PKEY *privateKey, const QString &keyId, SignatureMemo *memo)
{
    return signWithHeader(claims.toJson(), privateKey, QStringLiteral("JWT"), keyId, memo);
}

} // namespace hotelhub
