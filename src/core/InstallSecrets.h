// This install's secrets at rest: the master secret from the key store, and the vault derived
// from it and the install id that seals the licence token, the 2FA secret and the recovery codes.
#pragma once

#include "TokenVault.h"

#include <QByteArray>
#include <QString>
#include <QElapsedTimer>
#include <optional>

namespace hotelhub {

class SecretKeyStore;

class InstallSecrets
{
public:
    explicit InstallSecrets(SecretKeyStore &keys) : m_keys(keys) {}

    // The vault for `installId`; with `create`, the master secret is made when there is none.
    // nullptr when the key store cannot give one (errorString() says why).
    const TokenVault *vault(const QString &installId, bool create);
    // A new identity: the cached vault goes; with `eraseKey` the stored secret too.
    void forget(bool eraseKey);
    QString errorString() const;
    // The last vault() found the OS credential store unreachable (SecretKeyStore::unreachable).
    // It is asked again at most every kRetrySecs: a store that hangs must not stall every check.
    bool storeUnreachable() const { return m_unreachable; }
    static constexpr int kRetrySecs = 30;

private:
    SecretKeyStore &m_keys;
    std::optional<QByteArray> m_secret;
    std::optional<TokenVault> m_vault;
    bool m_unreachable = false;
    QElapsedTimer m_sinceUnreachable;
};

} // namespace hotelhub
