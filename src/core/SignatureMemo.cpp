#include "SignatureMemo.h"

#include <QtEndian>
#include <cstring>
#include <openssl/evp.h>

namespace hotelhub {

SignatureMemo::SignatureMemo(EVP_PKEY *key, int slots)
    : m_key(key)
    , m_slots(size_t(qMax(1, slots)))
{
    if (m_key)
        EVP_PKEY_up_ref(m_key);
}

SignatureMemo::~SignatureMemo()
{
    if (m_key)
        EVP_PKEY_free(m_key);
}

SignatureMemo::Digest SignatureMemo::digest(const QByteArray &signedBytes, const QByteArray &signature)
{
    // The length first, so that no other split of the same bytes into signed part and signature
    // gives the same digest.
    unsigned char length[8];
    qToBigEndian(quint64(signedBytes.size()), length);
    Digest d{};
    unsigned int size = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 && EVP_DigestUpdate(ctx, length, sizeof length) == 1
        && EVP_DigestUpdate(ctx, signedBytes.constData(), size_t(signedBytes.size())) == 1
        && EVP_DigestUpdate(ctx, signature.constData(), size_t(signature.size())) == 1 && EVP_DigestFinal_ex(ctx, d.data(), &size) == 1
        && size == d.size();
    EVP_MD_CTX_free(ctx);
    if (!ok)
        d.fill(0); // the all-zero digest is never remembered, so never known
    return d;
}

size_t SignatureMemo::slotOf(const Digest &d) const
{
    quint64 index;
    std::memcpy(&index, d.data(), sizeof index);
    return size_t(index % m_slots);
}

void SignatureMemo::remember(const QByteArray &signedBytes, const QByteArray &signature)
{
    if (!m_key || signature.isEmpty())
        return;
    const Digest d = digest(signedBytes, signature);
    if (d == Digest{})
        return;
    const std::lock_guard lock(m_mutex);
    if (m_table.empty())
        m_table.resize(m_slots);
    m_table[slotOf(d)] = d;
}

bool SignatureMemo::knows(const QByteArray &signedBytes, const QByteArray &signature) const
{
    if (!m_key || signature.isEmpty())
        return false;
    const Digest d = digest(signedBytes, signature);
    if (d == Digest{})
        return false;
    {
        const std::lock_guard lock(m_mutex);
        if (m_table.empty() || m_table[slotOf(d)] != d)
            return false;
    }
    m_answered.fetch_add(1, std::memory_order_relaxed);
    return true;
}

} // namespace hotelhub
