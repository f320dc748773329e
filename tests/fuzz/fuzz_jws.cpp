// The JWS verifier and the claims: any bytes as a compact token, against RSA and Ed25519 keys.
// The same bytes as a DER public key: the vendor-key reader (crypto::readPinnableSpki) reads
// nothing that OpenSSL's decoder reads differently or not at all.
#include "Crypto.h"
#include "FuzzSupport.h"
#include "Jws.h"

#include <QTimeZone>

#include <openssl/x509.h>

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
    if (const PKeyPtr ours = crypto::readPinnableSpki(token)) {
        const auto *p = data;
        const PKeyPtr theirs(d2i_PUBKEY(nullptr, &p, long(size)));
        if (!theirs || p != data + size || EVP_PKEY_eq(ours.get(), theirs.get()) != 1)
            fuzz::finding("the vendor-key reader read a key OpenSSL reads otherwise");
    }
    return 0;
}
