#include "SecretKeyStore.h"
#include "AppPaths.h"
#include "DiskSpace.h"
#include "OwnerOnly.h"
#include "Crypto.h"
#include "SmallFile.h"
#include "setup/ScheduledHeartbeat.h"

#include <QDir>
#include <QEventLoop>
#include <QThread>
#include <QFile>
#include <QTimer>

#ifdef Q_OS_WIN
// Windows' Credential Manager, called directly (QtKeychain's source is not on the archive the
// Windows build comes from; README "Windows"): a generic credential of this user on this machine.
#include <windows.h>
#include <wincred.h>
#else
#include <qt6keychain/keychain.h>
#endif

namespace hotelhub {

namespace {
const QString kService = QStringLiteral("HotelHub License");

SecretKeyStore::Mode modeFor(const QString &dataDir)
{
    const QString v = qEnvironmentVariable("HOTELHUB_KEYSTORE").toLower();
    if (v == QLatin1String("file"))
        return SecretKeyStore::Mode::File;
    if (v == QLatin1String("keychain"))
        return SecretKeyStore::Mode::Keychain;
    // The machine-wide folder (Windows' C:\ProgramData\HotelHub\license) is read by the heartbeat
    // task as SYSTEM, which cannot open an administrator's credential store: its secret stays in
    // the owner-only file there.
    const QString machineWide = setup::ScheduledHeartbeat::machineDataDir();
    if (!machineWide.isEmpty() && pathIdentity(dataDir) == pathIdentity(machineWide))
        return SecretKeyStore::Mode::File;
    return SecretKeyStore::Mode::Auto;
}

#ifndef Q_OS_WIN
// Runs a QtKeychain job and waits for it, at most 10 s (a locked keyring must not hang us). The
// job lives on the heap: one that did not finish in time is left to delete itself when it does
// (QtKeychain's queue still refers to it; destroying it then crashed later). False when it did
// not finish or there is no application.
bool runJob(QKeychain::Job *job)
{
    if (!QCoreApplication::instance()) {
        delete job;
        return false;
    }
    job->setAutoDelete(false);
    bool finished = false;
    QEventLoop loop;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    job->start();
    loop.exec();
    if (!finished) {
        QObject::disconnect(job, nullptr, &loop, nullptr);
        job->setAutoDelete(true);
    }
    return finished;
}

#endif

// QtKeychain keeps one job queue, on the application's thread: every keychain operation runs
// there. The tray's engine thread waits for it (the GUI thread never waits for the engine
// without serving events, see TrayController's destructor).
template<typename F>
auto onApplicationThread(F &&f) -> decltype(f())
{
    QCoreApplication *app = QCoreApplication::instance();
    if (!app || QThread::currentThread() == app->thread())
        return f();
    decltype(f()) result{};
    QMetaObject::invokeMethod(app, [&] { result = f(); }, Qt::BlockingQueuedConnection);
    return result;
}
} // namespace

SecretKeyStore::SecretKeyStore(const QString &dataDir, std::optional<Mode> mode)
    : m_dataDir(dataDir)
    , m_mode(mode.value_or(modeFor(dataDir)))
{
}

QString SecretKeyStore::filePath() const { return m_dataDir + QStringLiteral("/secret.key"); }

QString SecretKeyStore::keychainKey() const
{
    // One secret per data dir: a copied data dir does not find the original's secret.
    return QStringLiteral("master-secret/") + crypto::sha256Hex(pathIdentity(m_dataDir).toUtf8()).left(24);
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
    // Owner-only before any byte is written (and, on Windows, by the data folder's inherited ACL).
    QString why;
    bool full = false;
    if (!SmallFile::writeAtomically(filePath(), secret.toBase64() + '\n', &why, true, &full)) {
        m_error = full ? why : tr("Cannot write the encryption key file %1: %2.").arg(QDir::toNativeSeparators(filePath()), why);
        return false;
    }
    m_backend = Backend::File;
    return true;
}

#ifdef Q_OS_WIN
namespace {
std::wstring credentialTarget(const QString &key)
{
    return (kService + u'/' + key).toStdWString();
}
} // namespace

std::optional<QByteArray> SecretKeyStore::readKeychain(bool *available)
{
    const std::wstring target = credentialTarget(keychainKey());
    PCREDENTIALW credential = nullptr;
    if (!CredReadW(target.c_str(), CRED_TYPE_GENERIC, 0, &credential)) {
        // Not there yet: the store answers. Any other failure: no usable store.
        *available = GetLastError() == ERROR_NOT_FOUND;
        return std::nullopt;
    }
    *available = true;
    const QByteArray data(reinterpret_cast<const char *>(credential->CredentialBlob), int(credential->CredentialBlobSize));
    CredFree(credential);
    if (data.size() != kSecretSize)
        return std::nullopt;
    m_backend = Backend::Keychain;
    return data;
}

bool SecretKeyStore::writeKeychain(const QByteArray &secret)
{
    const std::wstring target = credentialTarget(keychainKey());
    std::wstring user = QStringLiteral("HotelHub").toStdWString();
    CREDENTIALW credential{};
    credential.Type = CRED_TYPE_GENERIC;
    credential.TargetName = const_cast<LPWSTR>(target.c_str());
    credential.CredentialBlobSize = DWORD(secret.size());
    credential.CredentialBlob = reinterpret_cast<LPBYTE>(const_cast<char *>(secret.constData()));
    credential.Persist = CRED_PERSIST_LOCAL_MACHINE; // this user, this computer; never roams
    credential.UserName = user.data();
    if (!CredWriteW(&credential, 0))
        return false;
    m_backend = Backend::Keychain;
    return true;
}

void SecretKeyStore::eraseKeychain()
{
    const std::wstring target = credentialTarget(keychainKey());
    CredDeleteW(target.c_str(), CRED_TYPE_GENERIC, 0);
}
#else
std::optional<QByteArray> SecretKeyStore::readKeychain(bool *available)
{
    struct Read
    {
        bool finished = false;
        QKeychain::Error error = QKeychain::OtherError;
        QByteArray data;
    };
    const QString key = keychainKey();
    const Read r = onApplicationThread([&key] {
        auto *job = new QKeychain::ReadPasswordJob(kService);
        job->setKey(key);
        Read out;
        out.finished = runJob(job);
        if (out.finished) {
            out.error = job->error();
            out.data = job->binaryData();
            delete job;
        }
        return out;
    });
    *available = false;
    if (!r.finished)
        return std::nullopt;
    if (r.error == QKeychain::EntryNotFound) {
        *available = true;
        return std::nullopt;
    }
    if (r.error != QKeychain::NoError)
        return std::nullopt;
    *available = true;
    if (r.data.size() != kSecretSize)
        return std::nullopt;
    m_backend = Backend::Keychain;
    return r.data;
}

bool SecretKeyStore::writeKeychain(const QByteArray &secret)
{
    const QString key = keychainKey();
    const bool ok = onApplicationThread([&key, &secret] {
        auto *job = new QKeychain::WritePasswordJob(kService);
        job->setKey(key);
        job->setBinaryData(secret);
        if (!runJob(job))
            return false;
        const bool written = job->error() == QKeychain::NoError;
        delete job;
        return written;
    });
    if (!ok)
        return false;
    m_backend = Backend::Keychain;
    return true;
}

void SecretKeyStore::eraseKeychain()
{
    const QString key = keychainKey();
    onApplicationThread([&key] {
        auto *job = new QKeychain::DeletePasswordJob(kService);
        job->setKey(key);
        if (runJob(job))
            delete job;
        return true;
    });
}

#endif

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
