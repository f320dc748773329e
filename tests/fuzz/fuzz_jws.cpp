// The JWS verifier and the claims: any bytes as a compact token, against RSA and Ed25519 keys.
#include "Crypto.h"
#include "FuzzSupport.h"
#include "Jws.h"

#include <QTimeZone>

using namespace hotelhub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const PKeyPtr rsa = crypto::generateKey(KeyAlgorithm::Rsa2048);
    static const PKeyPtr ed = crypto::generateKey(KeyAlgorithm::Ed25519);
    const QByteArray token = fuzz::bytes(data, size);
    TokenCheckOptions options;
    options.now = QDateTime(QDate(2026, 12, 1), QTime(0, 0), QTimeZone::utc());
    options.expectedFingerprint = QStringLiteral("sha256:") + QString(64, u'a');
    for (EVP_PKEY *key : {rsa.get(), ed.get()}) {
        const TokenVerification v = verifyToken(token, key, options);
        if (v.ok() && !v.claims)
            fuzz::finding("a token passed without claims");
        QString problem;
        verifyObject(token, key, QStringLiteral("verdict"), &problem);
    }
    return 0;
}
