#include "SecretKeyStore.h"
#include "DiskSpace.h"
#include "Crypto.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QSaveFile>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace hotelhub {

namespace {
const QString kService = QStringLiteral("HotelHub License");

SecretKeyStore::Mode modeFromEnvironment()
{
    const QString v = qEnvironmentVariable("HOTELHUB_KEYSTORE").toLower();
    if (v == QLatin1String("file"))
        return SecretKeyStore::Mode::File;
    if (v == QLatin1String("keychain"))
        return SecretKeyStore::Mode::Keychain;
    return SecretKeyStore::Mode::Auto;
}

// Runs a QtKeychain job to completion. A missing event dispatcher means no keychain.
bool runJob(QKeychain::Job *job)
{
    if (!QCoreApplication::instance())
        return false;
    QEventLoop loop;
    QObject::connect(job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit); // a locked keyring must not hang us forever
    job->start();
    loop.exec();
    return true;
}
} // namespace

SecretKeyStore::SecretKeyStore(const QString &dataDir, std::optional<Mode> mode)
    : m_dataDir(dataDir)
    , m_mode(mode.value_or(modeFromEnvironment()))
{
}

QString SecretKeyStore::filePath() const { return m_dataDir + QStringLiteral("/secret.key"); }

QString SecretKeyStore::keychainKey() const
{
    // One secret per data dir: a copied data dir does not find the original's secret.
    return QStringLiteral("master-secret/") + crypto::sha256Hex(QDir(m_dataDir).canonicalPath().toUtf8()).left(24);
}

QString SecretKeyStore::backendName() const
{
    switch (m_backend) {
    case Backend::None: return QStringLiteral("none");
    case Backend::Keychain: return QStringLiteral("os-keychain");
    case Backend::File: return QStringLiteral("file");
    }
    Q_UNREACHABLE();
}

std::optional<QByteArray> SecretKeyStore::readFile()
{
    QFile file(filePath());
    if (!file.exists())
        return std::nullopt;
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = tr("Cannot read the encryption key file %1: %2.").arg(QDir::toNativeSeparators(filePath()), file.errorString());
        return std::nullopt;
    }
    const QByteArray secret = QByteArray::fromBase64(file.readAll().trimmed());
    if (secret.size() != kSecretSize) {
        m_error = tr("The encryption key file %1 is damaged. Pair this installation again to replace it.").arg(QDir::toNativeSeparators(filePath()));
        return std::nullopt;
    }
    m_backend = Backend::File;
    return secret;
}

bool SecretKeyStore::writeFile(const QByteArray &secret)
{
    QSaveFile file(filePath());
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = tr("Cannot write the encryption key file %1: %2.").arg(QDir::toNativeSeparators(filePath()), file.errorString());
        return false;
    }
    // Restrict before any byte is written; QSaveFile keeps these permissions on commit.
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    // Flushed and checked before commit(), which in Qt 6.4 misses a write failing at close (ENOSPC).
    const QByteArray text = secret.toBase64() + '\n';
    if (file.write(text) != text.size() || !file.flush() || !file.commit()) {
        m_error = DiskSpace::isFull(file, filePath())
            ? DiskSpace::fullMessage(filePath())
            : tr("Cannot write the encryption key file %1: %2.").arg(QDir::toNativeSeparators(filePath()), file.errorString());
        return false;
    }
    QFile::setPermissions(filePath(), QFile::ReadOwner | QFile::WriteOwner);
    m_backend = Backend::File;
    return true;
}

std::optional<QByteArray> SecretKeyStore::readKeychain(bool *available)
{
    *available = false;
    QKeychain::ReadPasswordJob job(kService);
    job.setAutoDelete(false);
    job.setKey(keychainKey());
    if (!runJob(&job))
        return std::nullopt;
    if (job.error() == QKeychain::EntryNotFound) {
        *available = true;
        return std::nullopt;
    }
    if (job.error() != QKeychain::NoError)
        return std::nullopt;
    *available = true;
    const QByteArray secret = job.binaryData();
    if (secret.size() != kSecretSize)
        return std::nullopt;
    m_backend = Backend::Keychain;
    return secret;
}

bool SecretKeyStore::writeKeychain(const QByteArray &secret)
{
    QKeychain::WritePasswordJob job(kService);
    job.setAutoDelete(false);
    job.setKey(keychainKey());
    job.setBinaryData(secret);
    if (!runJob(&job) || job.error() != QKeychain::NoError)
        return false;
    m_backend = Backend::Keychain;
    return true;
}

void SecretKeyStore::eraseKeychain()
{
    QKeychain::DeletePasswordJob job(kService);
    job.setAutoDelete(false);
    job.setKey(keychainKey());
    runJob(&job);
}

std::optional<QByteArray> SecretKeyStore::load()
{
    m_error.clear();
    m_backend = Backend::None;
    m_unreachable = false;
    if (m_mode != Mode::Keychain) {
        if (auto secret = readFile())
            return secret;
        if (!m_error.isEmpty() || m_mode == Mode::File) {
            if (m_error.isEmpty())
                m_error = tr("No encryption key was found for this installation.");
            return std::nullopt;
        }
    }
    bool available = false;
    if (auto secret = readKeychain(&available))
        return secret;
    m_unreachable = !available;
    m_error = available ? tr("No encryption key was found for this installation.")
                        : tr("The OS credential store (keyring, Credential Manager) did not answer or is locked, and there is no key file.");
    return std::nullopt;
}

std::optional<QByteArray> SecretKeyStore::loadOrCreate()
{
    if (auto existing = load())
        return existing;
    if (QFile::exists(filePath()) && m_mode != Mode::Keychain)
        return std::nullopt; // exists but unreadable or damaged: never overwrite it silently
    m_error.clear();
    const QByteArray secret = crypto::randomBytes(kSecretSize);
    if (m_mode != Mode::File && writeKeychain(secret))
        return secret;
    if (m_mode == Mode::Keychain) {
        m_error = tr("The OS credential store is not available (HOTELHUB_KEYSTORE=keychain). Unlock it, or use HOTELHUB_KEYSTORE=auto.");
        return std::nullopt;
    }
    if (!writeFile(secret))
        return std::nullopt;
    return secret;
}

void SecretKeyStore::erase()
{
    QFile::remove(filePath());
    if (m_mode != Mode::File)
        eraseKeychain();
    m_backend = Backend::None;
}

} // namespace hotelhub
