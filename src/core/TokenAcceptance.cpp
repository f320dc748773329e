#include "TokenAcceptance.h"

namespace hotelhub {

TokenAcceptance acceptToken(const QByteArray &token, EVP_PKEY *pinnedKey, const TokenExpectation &expected)
{
    TokenAcceptance a;
    a.verification = verifyToken(token, pinnedKey, {expected.now, expected.fingerprint, 300});
    const TokenVerification &v = a.verification;
    if (!v.ok()) {
        a.error = v.error;
        a.problem = QCoreApplication::translate("LicenseManager", "The licence server's token was not accepted (%1): %2").arg(tokenErrorCode(v.error), v.detail);
        return a;
    }
    QString foreign;
    if (!v.claims->installId.isEmpty() && v.claims->installId != expected.installId)
        foreign = QCoreApplication::translate("LicenseManager", "it names another installation");
    else if (!expected.keyHash.isEmpty() && v.claims->keyHash != expected.keyHash)
        foreign = expected.binding ? QCoreApplication::translate("LicenseManager", "it is for another licence key than the one typed") : QCoreApplication::translate("LicenseManager", "it is for another licence than this installation's");
    if (!foreign.isEmpty()) {
        a.error = TokenError::BadClaims;
        a.problem = QCoreApplication::translate("LicenseManager", "The licence server's token was not accepted: %1.").arg(foreign);
        return a;
    }
    a.error = TokenError::None;
    return a;
}

} // namespace hotelhub
