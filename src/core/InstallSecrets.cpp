#include "InstallSecrets.h"
#include "SecretKeyStore.h"

namespace hotelhub {

const TokenVault *InstallSecrets::vault(const QString &installId, bool create)
{
    if (!m_secret) {
        if (m_unreachable && m_sinceUnreachable.isValid() && m_sinceUnreachable.elapsed() < kRetrySecs * 1000)
            return nullptr; // asked moments ago and it did not answer
        m_secret = create ? m_keys.loadOrCreate() : m_keys.load();
        m_unreachable = !m_secret && m_keys.unreachable();
        if (m_unreachable)
            m_sinceUnreachable.start();
    }
    if (!m_secret)
        return nullptr;
    if (!m_vault || m_vault->installId() != installId)
        m_vault.emplace(*m_secret, installId);
    return &*m_vault;
}

void InstallSecrets::forget(bool eraseKey)
{
    if (eraseKey)
        m_keys.erase(); // the old secret protected the old install's token only
    m_secret.reset();
    m_vault.reset();
    m_unreachable = false;
}

QString InstallSecrets::errorString() const { return m_keys.errorString(); }

} // namespace hotelhub
