#include "SignedVerdict.h"
#include "Jws.h"
#include "TokenClaims.h"

namespace hotelhub {

bool isLockVerdict(VendorError error)
{
    switch (error) {
    case VendorError::Revoked:
    case VendorError::Suspended:
    case VendorError::FingerprintMismatch:
    case VendorError::Expired:
        return true;
    default:
        return false;
    }
}

bool signedVerdictHolds(const QJsonObject &reply, VendorError verdict, EVP_PKEY *pinnedKey, const QString &installId, const QString &nonce,
                        QString *why)
{
    const QByteArray compact = reply.value(QStringLiteral("verdict")).toString().toLatin1();
    if (compact.isEmpty()) {
        *why = QStringLiteral("the refusal carries no signed verdict");
        return false;
    }
    if (!pinnedKey) {
        *why = QStringLiteral("no pinned vendor key to check the verdict with");
        return false;
    }
    QString problem;
    const auto payload = verifyObject(compact, pinnedKey, QLatin1String(kVerdictType), &problem);
    if (!payload) {
        *why = QStringLiteral("the signed verdict does not verify: %1").arg(problem);
        return false;
    }
    if (payload->value(QStringLiteral("iss")).toString() != QLatin1String(kTokenIssuer)
        || payload->value(QStringLiteral("aud")).toString() != QLatin1String(kTokenAudience)) {
        *why = QStringLiteral("the signed verdict has the wrong issuer or audience");
        return false;
    }
    if (payload->value(QStringLiteral("verdict")).toString() != VendorErrors::code(verdict)) {
        *why = QStringLiteral("the signed verdict says '%1', the reply '%2'")
                   .arg(payload->value(QStringLiteral("verdict")).toString().left(32), VendorErrors::code(verdict));
        return false;
    }
    if (payload->value(QStringLiteral("install_id")).toString() != installId) {
        *why = QStringLiteral("the signed verdict names another installation");
        return false;
    }
    if (payload->value(QStringLiteral("nonce")).toString() != nonce) {
        *why = QStringLiteral("the signed verdict answers another request (an old verdict replayed)");
        return false;
    }
    return true;
}

QString newVerdictNonce()
{
    return QString::fromLatin1(crypto::randomBytes(16).toHex());
}

} // namespace hotelhub
