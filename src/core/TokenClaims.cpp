#include "TokenClaims.h"
#include "Clock.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QTimeZone>

namespace hotelhub {

namespace {
QDateTime fromEpoch(const QJsonValue &v) { return QDateTime::fromSecsSinceEpoch(qint64(v.toDouble()), Qt::UTC); }

bool isEpoch(const QJsonValue &v) { return v.isDouble() && v.toDouble() >= 0 && v.toDouble() < 1e11; }
} // namespace

QJsonObject TokenClaims::toJson() const
{
    QJsonObject license{
        {QStringLiteral("key_hash"), keyHash},
        {QStringLiteral("plan"), plan},
        {QStringLiteral("features"), features},
        {QStringLiteral("valid_until"), validUntil.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("grace_days"), graceDays},
    };
    QJsonObject o{
        {QStringLiteral("iss"), issuer},
        {QStringLiteral("sub"), subject},
        {QStringLiteral("aud"), audience},
        {QStringLiteral("iat"), issuedAt.toSecsSinceEpoch()},
        {QStringLiteral("nbf"), notBefore.toSecsSinceEpoch()},
        {QStringLiteral("exp"), expiresAt.toSecsSinceEpoch()},
        {QStringLiteral("jti"), tokenId},
        {QStringLiteral("fingerprint"), fingerprint},
        {QStringLiteral("license"), license},
    };
    if (!installId.isEmpty())
        o.insert(QStringLiteral("install_id"), installId);
    if (signedVerdicts)
        o.insert(QStringLiteral("signed_verdicts"), true);
    if (!offlineNonce.isEmpty())
        o.insert(QStringLiteral("offline"), QJsonObject{{QStringLiteral("nonce"), offlineNonce}});
    return o;
}

bool TokenClaims::fromJson(const QJsonObject &p, TokenClaims *out, QString *problem)
{
    auto fail = [problem](const char *claim) {
        *problem = QStringLiteral("claim '%1' is missing or has the wrong type").arg(QLatin1String(claim));
        return false;
    };
    for (const char *name : {"iss", "sub", "jti", "fingerprint"})
        if (!p.value(QLatin1String(name)).isString())
            return fail(name);
    // aud may be a string or an array of strings (RFC 7519 §4.1.3).
    const QJsonValue aud = p.value(QStringLiteral("aud"));
    if (aud.isString()) {
        out->audience = aud.toString();
    } else if (aud.isArray()) {
        for (const QJsonValue &a : aud.toArray())
            if (a.toString() == QLatin1String(kTokenAudience))
                out->audience = a.toString();
        if (out->audience.isEmpty())
            out->audience = aud.toArray().first().toString();
    } else {
        return fail("aud");
    }
    for (const char *name : {"iat", "exp"})
        if (!isEpoch(p.value(QLatin1String(name))))
            return fail(name);
    const QJsonValue nbf = p.value(QStringLiteral("nbf"));
    if (!nbf.isUndefined() && !isEpoch(nbf))
        return fail("nbf");
    const QJsonValue licenseValue = p.value(QStringLiteral("license"));
    if (!licenseValue.isObject())
        return fail("license");
    const QJsonObject license = licenseValue.toObject();
    if (!license.value(QStringLiteral("key_hash")).isString())
        return fail("license.key_hash");
    if (!license.value(QStringLiteral("plan")).isString())
        return fail("license.plan");
    const QDateTime validUntil = parseUtcTimestamp(license.value(QStringLiteral("valid_until")).toString());
    if (!validUntil.isValid())
        return fail("license.valid_until");
    const QJsonValue features = license.value(QStringLiteral("features"));
    if (!features.isUndefined() && !features.isObject())
        return fail("license.features");
    const QJsonValue offline = p.value(QStringLiteral("offline"));
    if (!offline.isUndefined() && !(offline.isObject() && offline.toObject().value(QStringLiteral("nonce")).isString()))
        return fail("offline");
    const QJsonValue grace = license.value(QStringLiteral("grace_days"));
    if (!grace.isUndefined() && !(grace.isDouble() && grace.toInt(-1) >= 0 && grace.toInt() <= 365))
        return fail("license.grace_days");

    out->issuer = p.value(QStringLiteral("iss")).toString();
    out->subject = p.value(QStringLiteral("sub")).toString();
    out->tokenId = p.value(QStringLiteral("jti")).toString();
    out->fingerprint = p.value(QStringLiteral("fingerprint")).toString();
    out->installId = p.value(QStringLiteral("install_id")).toString();
    out->signedVerdicts = p.value(QStringLiteral("signed_verdicts")).toBool(false);
    out->offlineNonce = p.value(QStringLiteral("offline")).toObject().value(QStringLiteral("nonce")).toString();
    out->issuedAt = fromEpoch(p.value(QStringLiteral("iat")));
    out->expiresAt = fromEpoch(p.value(QStringLiteral("exp")));
    out->notBefore = nbf.isUndefined() ? out->issuedAt : fromEpoch(nbf);
    out->keyHash = license.value(QStringLiteral("key_hash")).toString();
    out->plan = license.value(QStringLiteral("plan")).toString();
    out->features = features.toObject();
    out->validUntil = validUntil.toUTC();
    out->graceDays = grace.isUndefined() ? 30 : grace.toInt();
    return true;
}

} // namespace hotelhub
