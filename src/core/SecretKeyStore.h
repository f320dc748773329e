// The 32-byte master secret behind everything encrypted at rest. Kept in the OS credential store
// (QtKeychain) when one answers, else in a 0600 file in the data dir (DEPENDENCIES.md: with no
// D-Bus session QtKeychain fails fast, which we read as "no credential store").
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <optional>

namespace hotelhub {

class SecretKeyStore
{
    Q_DECLARE_TR_FUNCTIONS(SecretKeyStore)
public:
    enum class Mode { Auto, File, Keychain };
    enum class Backend { None, Keychain, File };

    // Mode defaults to HOTELHUB_KEYSTORE (auto|file|keychain), else Auto.
    explicit SecretKeyStore(const QString &dataDir, std::optional<Mode> mode = std::nullopt);

    // The existing secret, or nullopt (errorString() says whether it is missing or unreadable).
    std::optional<QByteArray> load();
    // The existing secret, or a new one stored in the best backend available.
    std::optional<QByteArray> loadOrCreate();
    // Removes the secret everywhere (bootstrap --force): what it encrypted becomes unreadable.
    void erase();

    Backend backend() const { return m_backend; }
    QString backendName() const;
    QString errorString() const { return m_error; }
    // After load(): the OS credential store did not answer or refused (not ready at login,
    // locked, no session) and no key file stood in. Unlike a missing key, this says nothing about
    // the licence: it is a local fault that may clear by itself.
    bool unreachable() const { return m_unreachable; }
    QString filePath() const;

    static constexpr int kSecretSize = 32;

private:
    std::optional<QByteArray> readFile();
    bool writeFile(const QByteArray &secret);
    std::optional<QByteArray> readKeychain(bool *available);
    bool writeKeychain(const QByteArray &secret);
    void eraseKeychain();
    QString keychainKey() const;

    QString m_dataDir;
    Mode m_mode;
    Backend m_backend = Backend::None;
    QString m_error;
    bool m_unreachable = false;
};

} // namespace hotelhub
