#include "TokenVault.h"
#include "Crypto.h"

namespace hotelhub {

namespace {
const QByteArray kPrefix = "hh1:";
}

TokenVault::TokenVault(const QByteArray &masterSecret, const QString &installId)
    : m_secret(masterSecret)
    , m_installId(installId)
{
}

QByteArray TokenVault::key(const QByteArray &purpose) const
{
    auto it = m_keys.constFind(purpose);
    if (it == m_keys.constEnd())
        it = m_keys.insert(purpose, crypto::hkdfSha256(m_secret, m_installId.toUtf8(), "hotelhub-license/at-rest/v1/" + purpose, 32));
    return *it;
}

QByteArray TokenVault::seal(const QByteArray &plain, const QByteArray &purpose) const
{
    const QByteArray sealed = crypto::aesGcmEncrypt(key(purpose), plain, m_installId.toUtf8());
    return sealed.isEmpty() ? QByteArray() : kPrefix + sealed.toBase64();
}

std::optional<QByteArray> TokenVault::open(const QByteArray &sealed, const QByteArray &purpose) const
{
    if (!sealed.startsWith(kPrefix) || m_secret.size() != 32)
        return std::nullopt;
    auto raw = QByteArray::fromBase64Encoding(sealed.mid(kPrefix.size()), QByteArray::AbortOnBase64DecodingErrors);
    if (!raw)
        return std::nullopt;
    return crypto::aesGcmDecrypt(key(purpose), raw.decoded, m_installId.toUtf8());
}

} // namespace hotelhub
