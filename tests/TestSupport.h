// Shared helpers for the Qt Test suites: temp data dirs, test keys, signed tokens.
#pragma once

#include "AppPaths.h"
#include "Clock.h"
#include "Crypto.h"
#include "Fingerprint.h"
#include "TokenClaims.h"

#include <QDateTime>
#include <QFileDevice>
#include <QHash>
#include <QString>
#include <QTemporaryDir>
#include <memory>

namespace hotelhub {
class Database;
class EnvFile;
class LicenseManager;
class SecretKeyStore;
} // namespace hotelhub

namespace hotelhub::test {

// A fingerprint source whose machine parts a test can change ("new hardware").
class FakeFingerprintSource : public FingerprintSource
{
public:
    QString machineId() const override { return m_machineId; }
    QStringList physicalMacs() const override { return m_macs.isEmpty() ? QStringList{m_mac} : m_macs; }
    QString installPath(const QString &dataDir) const override { return m_installPath.isEmpty() ? FingerprintSource::installPath(dataDir) : m_installPath; }
    QString osRelease() const override { return m_os; }
    QString m_machineId = QStringLiteral("test-machine-id");
    QString m_mac = QStringLiteral("02:00:00:00:00:01");
    QString m_installPath; // when set: the folder's path as this (simulated) machine sees it
    QStringList m_macs; // when set, every physical card in preference order (m_mac is then unused)
    QString m_os = QStringLiteral("debian-12");
};

// A key pair whose public half is written as a PEM file with its SHA-256, as a self-hosted
// vendor would pin it in the .env.
struct TestVendorKey
{
    explicit TestVendorKey(KeyAlgorithm algorithm = KeyAlgorithm::Rsa2048);
    PKeyPtr key;
    QByteArray publicPem;
    QString publicSha256;
    // Writes <dir>/vendor-public.pem and returns its path.
    QString writePublicKey(const QString &dir) const;
};

// One installation driven in-process: a data dir with its .env pinning `vendor`'s key (unless the
// .env already pins one), its database, a file key store and the licence manager on `clock`.
struct TestInstall
{
    TestInstall(const QString &dataDir, const TestVendorKey &vendor, ManualClock &clock, FakeFingerprintSource &fingerprints);
    ~TestInstall();
    // How many audit_logs rows have `action`.
    int auditCount(const QString &action);
    AppPaths paths;
    std::unique_ptr<EnvFile> envFile;
    EnvFile &env;
    std::unique_ptr<Database> db;
    std::unique_ptr<SecretKeyStore> keys;
    std::unique_ptr<LicenseManager> manager;
};

// A well-formed fingerprint ("sha256:" and 64 lowercase hex) standing for the machine `name`.
QString testFingerprint(const QString &name);

// Claims like the vendor server's for a fresh heartbeat at `issued`.
TokenClaims makeClaims(const QString &fingerprint, const QDateTime &issued, int graceDays = 30,
                       const QDateTime &validUntil = QDateTime(QDate(2027, 4, 28), QTime(0, 0), Qt::UTC));

// Makes `dataDir` a paired installation as `pair` would leave it: a .env pinning `vendor`'s public
// key, the real machine fingerprint, and a token signed by `vendor` stored encrypted (file key
// store). Returns false with `error` set.
bool preparePairedDataDir(const QString &dataDir, const TestVendorKey &vendor, QString *error);

QString testDataDir(); // tests/data in the source tree

// X.509 certificates made at test time (EC P-256), for the TLS fault tests: a private CA and
// leaf certificates with chosen names and validity. PEM text.
struct TestCertificate
{
    QByteArray certificatePem;
    QByteArray privateKeyPem;
};
// `issuer` null: self-signed. `subjectAltNames` like {"IP:127.0.0.1", "DNS:localhost"}.
TestCertificate makeCertificate(const QString &commonName, const QStringList &subjectAltNames, qint64 notBeforeOffsetSecs,
                                qint64 notAfterOffsetSecs, const TestCertificate *issuer = nullptr, bool isCa = false);
bool writeFile(const QString &path, const QByteArray &data);
// A certificate's two files as `serve --tls-cert DIR/tls.crt --tls-key DIR/tls.key` takes them: the key
// readable by this user only (the server refuses a key every user may read).
bool writeTlsFiles(const QString &dir, const TestCertificate &certificate);
QByteArray readFile(const QString &path); // empty when it cannot be read
QDateTime at(const char *iso); // QDateTime from "2026-11-22T12:00:00Z"

bool runningAsRoot();
// Lets every user read `path`: mode 0644 on POSIX, an ACL granting Everyone read on Windows.
bool makeReadableByEveryone(const QString &path);

// `folder` made read-only for this process until destroyed: chmod 0555 on the folder and 0444 on
// its files, or, as root (which ignores permission bits), a read-only bind mount of it.
// ok() false with error() when that was not possible (QSKIP with it).
class ReadOnlyFolder
{
public:
    explicit ReadOnlyFolder(const QString &folder);
    ~ReadOnlyFolder();
    ReadOnlyFolder(const ReadOnlyFolder &) = delete;
    ReadOnlyFolder &operator=(const ReadOnlyFolder &) = delete;
    bool ok() const { return m_ok; }
    QString error() const { return m_error; }

private:
    QString m_folder;
    bool m_mounted = false;
    bool m_ok = false;
    QString m_error;
    QHash<QString, QFileDevice::Permissions> m_saved;
};

// A small tmpfs mounted on `folder` (root only) until destroyed: a disk that can be filled.
class TmpfsMount
{
public:
    TmpfsMount(const QString &folder, const QString &size);
    ~TmpfsMount();
    TmpfsMount(const TmpfsMount &) = delete;
    TmpfsMount &operator=(const TmpfsMount &) = delete;
    bool ok() const { return m_ok; }
    QString error() const { return m_error; }
    // Writes a file into it until the disk refuses more.
    bool fill(const QString &fileName);

private:
    QString m_folder;
    bool m_ok = false;
    QString m_error;
};

} // namespace hotelhub::test
