#include "TestSupport.h"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "AppPaths.h"
#include "Database.h"
#include "EnvFile.h"
#include "Jws.h"
#include "LicenseManager.h"
#include "OwnerOnly.h"
#include "SecretKeyStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QUuid>

#ifdef Q_OS_WIN
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#else
#include <unistd.h>
#endif

namespace hotelhub::test {

TestVendorKey::TestVendorKey(KeyAlgorithm algorithm)
    : key(crypto::generateKey(algorithm))
    , publicPem(crypto::publicKeyPem(key.get()))
    , publicSha256(crypto::sha256Hex(publicPem))
{
}

QString TestVendorKey::writePublicKey(const QString &dir) const
{
    const QString path = dir + QStringLiteral("/vendor-public.pem");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write the test public key");
    f.write(publicPem);
    return path;
}

TestInstall::TestInstall(const QString &dataDir, const TestVendorKey &vendor, ManualClock &clock, FakeFingerprintSource &fingerprints)
    : paths(AppPaths::resolve(dataDir, {}))
    , envFile(std::make_unique<EnvFile>())
    , env(*envFile)
{
    QString error;
    if (!paths.ensureDataDir(&error))
        qFatal("%s", qPrintable(error));
    env.load(paths.envFile);
    if (!env.contains(QStringLiteral("LICENSE_PUBLIC_KEY_PATH"))) {
        env.set(QStringLiteral("LICENSE_PUBLIC_KEY_PATH"), vendor.writePublicKey(paths.dataDir));
        env.set(QStringLiteral("LICENSE_PUBLIC_KEY_HASH"), vendor.publicSha256);
        env.save();
    }
    db = std::make_unique<Database>(paths.databaseFile());
    if (!db->open())
        qFatal("%s", qPrintable(db->errorString()));
    keys = std::make_unique<SecretKeyStore>(paths.dataDir, SecretKeyStore::Mode::File);
    manager = std::make_unique<LicenseManager>(paths, env, *db, clock, fingerprints, *keys);
}

TestInstall::~TestInstall() = default;

int TestInstall::auditCount(const QString &action)
{
    QSqlQuery q(db->connection());
    q.prepare(QStringLiteral("SELECT count(*) FROM audit_logs WHERE action = ?"));
    q.addBindValue(action);
    q.exec();
    return q.next() ? q.value(0).toInt() : -1;
}

QString testFingerprint(const QString &name)
{
    return QStringLiteral("sha256:") + crypto::sha256Hex(name.toUtf8());
}

TokenClaims makeClaims(const QString &fingerprint, const QDateTime &issued, int graceDays, const QDateTime &validUntil)
{
    TokenClaims c;
    c.issuer = QLatin1String(kTokenIssuer);
    c.audience = QLatin1String(kTokenAudience);
    c.subject = QStringLiteral("license:42");
    c.tokenId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    c.fingerprint = fingerprint;
    c.issuedAt = issued.toUTC();
    c.notBefore = issued.toUTC();
    c.expiresAt = issued.toUTC().addDays(graceDays);
    c.keyHash = crypto::sha256Tagged("HMS-ABCDE-23456-FGHJK-78901");
    c.plan = QStringLiteral("standalone-pro");
    c.features = QJsonObject{{QStringLiteral("channel_manager"), true}, {QStringLiteral("ai_demand_forecast"), false},
                             {QStringLiteral("max_rooms"), 100}, {QStringLiteral("max_concurrent_users"), 30},
                             {QStringLiteral("max_properties"), 1}};
    c.validUntil = validUntil.toUTC();
    c.graceDays = graceDays;
    return c;
}

bool preparePairedDataDir(const QString &dataDir, const TestVendorKey &vendor, QString *error)
{
    const AppPaths paths = AppPaths::resolve(dataDir, {});
    if (!paths.ensureDataDir(error))
        return false;
    EnvFile env;
    env.load(paths.envFile);
    env.set(QStringLiteral("LICENSE_PUBLIC_KEY_PATH"), vendor.writePublicKey(paths.dataDir));
    env.set(QStringLiteral("LICENSE_PUBLIC_KEY_HASH"), vendor.publicSha256);
    if (!env.save()) {
        *error = env.errorString();
        return false;
    }
    Database db(paths.databaseFile());
    if (!db.open()) {
        *error = db.errorString();
        return false;
    }
    SystemClock clock;
    FingerprintSource fingerprints;
    SecretKeyStore keys(paths.dataDir, SecretKeyStore::Mode::File);
    LicenseManager manager(paths, env, db, clock, fingerprints, keys);
    const BootstrapResult b = manager.bootstrap(false);
    if (!b.ok) {
        *error = b.error;
        return false;
    }
    return manager.storePairing(signToken(makeClaims(b.fingerprint, clock.now().addSecs(-60)), vendor.key.get()),
                                crypto::sha256Tagged("HMS-ABCDE-23456-FGHJK-78901"), error);
}

QString testDataDir() { return QStringLiteral(HOTELHUB_TEST_DATA_DIR); }

QDateTime at(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
}

TestCertificate makeCertificate(const QString &commonName, const QStringList &subjectAltNames, qint64 notBeforeOffsetSecs,
                                qint64 notAfterOffsetSecs, const TestCertificate *issuer, bool isCa)
{
    static long serial = 1000;
    TestCertificate out;
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *cert = X509_new();
    X509 *issuerCert = nullptr;
    EVP_PKEY *issuerKey = nullptr;
    if (issuer) {
        BIO *b = BIO_new_mem_buf(issuer->certificatePem.constData(), int(issuer->certificatePem.size()));
        issuerCert = PEM_read_bio_X509(b, nullptr, nullptr, nullptr);
        BIO_free(b);
        b = BIO_new_mem_buf(issuer->privateKeyPem.constData(), int(issuer->privateKeyPem.size()));
        issuerKey = PEM_read_bio_PrivateKey(b, nullptr, nullptr, nullptr);
        BIO_free(b);
    }
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), ++serial);
    X509_gmtime_adj(X509_getm_notBefore(cert), long(notBeforeOffsetSecs));
    X509_gmtime_adj(X509_getm_notAfter(cert), long(notAfterOffsetSecs));
    X509_set_pubkey(cert, key);
    X509_NAME *name = X509_get_subject_name(cert);
    const QByteArray cn = commonName.toUtf8();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1, 0);
    X509_set_issuer_name(cert, issuerCert ? X509_get_subject_name(issuerCert) : name);
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuerCert ? issuerCert : cert, cert, nullptr, nullptr, 0);
    auto addExtension = [&](int nid, const QByteArray &value) {
        if (X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData())) {
            X509_add_ext(cert, ext, -1);
            X509_EXTENSION_free(ext);
        }
    };
    addExtension(NID_basic_constraints, isCa ? "critical,CA:TRUE" : "CA:FALSE");
    // Key identifiers, as `openssl req -x509` and every real CA add them: Windows' chain engine
    // (CertGetCertificateChain, used by Qt's Schannel backend) finds the issuer through them.
    addExtension(NID_subject_key_identifier, "hash");
    if (issuerCert)
        addExtension(NID_authority_key_identifier, "keyid:always");
    if (isCa)
        addExtension(NID_key_usage, "critical,keyCertSign,cRLSign");
    if (!subjectAltNames.isEmpty())
        addExtension(NID_subject_alt_name, subjectAltNames.join(u',').toLatin1());
    X509_sign(cert, issuerKey ? issuerKey : key, EVP_sha256());

    BIO *b = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(b, cert);
    char *data = nullptr;
    long size = BIO_get_mem_data(b, &data);
    out.certificatePem = QByteArray(data, size);
    BIO_free(b);
    b = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr);
    size = BIO_get_mem_data(b, &data);
    out.privateKeyPem = QByteArray(data, size);
    BIO_free(b);
    X509_free(cert);
    X509_free(issuerCert);
    EVP_PKEY_free(issuerKey);
    EVP_PKEY_free(key);
    return out;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

bool writeTlsFiles(const QString &dir, const TestCertificate &certificate)
{
    const QString key = dir + QStringLiteral("/tls.key");
    return writeFile(dir + QStringLiteral("/tls.crt"), certificate.certificatePem) && writeFile(key, certificate.privateKeyPem)
        && OwnerOnly::restrict(key);
}

bool runningAsRoot()
{
#ifdef Q_OS_WIN
    return false; // no mount, no root: the tests that need them say so
#else
    return geteuid() == 0;
#endif
}

bool makeReadableByEveryone(const QString &path)
{
#ifdef Q_OS_WIN
    PSECURITY_DESCRIPTOR sd = nullptr;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:(A;;FA;;;OW)(A;;FA;;;SY)(A;;FR;;;WD)", SDDL_REVISION_1, &sd, nullptr))
        return false;
    BOOL present = FALSE, defaulted = FALSE;
    PACL dacl = nullptr;
    GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted);
    std::wstring native = QDir::toNativeSeparators(path).toStdWString();
    const DWORD r = SetNamedSecurityInfoW(native.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                                          nullptr, nullptr, dacl, nullptr);
    LocalFree(sd);
    return r == ERROR_SUCCESS;
#else
    return QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
#endif
}

namespace {
bool run(const QString &program, const QStringList &args, QString *error)
{
    QProcess p;
    p.start(program, args);
    if (p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
        return true;
    *error = program + u' ' + args.join(u' ') + QStringLiteral(": ") + QString::fromLocal8Bit(p.readAllStandardError()).trimmed()
        + p.errorString();
    return false;
}
} // namespace

ReadOnlyFolder::ReadOnlyFolder(const QString &folder)
    : m_folder(folder)
{
#ifdef Q_OS_WIN
    // A folder's read-only attribute does not stop new files on Windows; a data folder this user
    // cannot write there comes from an ACL that denies it, which this fixture does not make.
    m_error = QStringLiteral("Windows has no read-only folder this fixture can make (only an ACL that denies writing does it)");
    return;
#endif
    if (runningAsRoot()) {
        m_mounted = run(QStringLiteral("mount"), {QStringLiteral("--bind"), folder, folder}, &m_error);
        m_ok = m_mounted && run(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("remount,bind,ro"), folder}, &m_error);
        return;
    }
    QDirIterator it(folder, QDir::Files | QDir::Hidden);
    while (it.hasNext()) {
        const QString file = it.next();
        m_saved.insert(file, QFile::permissions(file));
        QFile::setPermissions(file, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
    }
    m_saved.insert(folder, QFile::permissions(folder));
    m_ok = QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
    if (!m_ok)
        m_error = QStringLiteral("chmod 0555 %1 failed").arg(folder);
}

ReadOnlyFolder::~ReadOnlyFolder()
{
    QString error;
    if (m_mounted && !run(QStringLiteral("umount"), {m_folder}, &error))
        qWarning("%s", qPrintable(error));
    for (auto it = m_saved.begin(); it != m_saved.end(); ++it)
        QFile::setPermissions(it.key(), it.value());
}

TmpfsMount::TmpfsMount(const QString &folder, const QString &size)
    : m_folder(folder)
{
#ifdef Q_OS_WIN
    Q_UNUSED(size);
    m_error = QStringLiteral("Windows cannot mount a small file system for a test (tmpfs is Linux's)");
    return;
#endif
    if (!runningAsRoot()) {
        m_error = QStringLiteral("mounting a tmpfs needs root (id -u is not 0)");
        return;
    }
    QDir().mkpath(folder);
    m_ok = run(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"), QStringLiteral("size=") + size,
                                         QStringLiteral("tmpfs"), folder}, &m_error);
}

TmpfsMount::~TmpfsMount()
{
    QString error;
    if (m_ok && !run(QStringLiteral("umount"), {m_folder}, &error))
        qWarning("%s", qPrintable(error));
}

bool TmpfsMount::fill(const QString &fileName)
{
    QFile filler(m_folder + u'/' + fileName);
    if (!filler.open(QIODevice::WriteOnly))
        return false;
    const QByteArray block(4096, 'x');
    // A tmpfs of a few hundred KiB fills within a few hundred blocks; the bound only stops a
    // disk that never fills from looping.
    for (int i = 0; i < 100000; ++i) {
        if (filler.write(block) != block.size() || !filler.flush())
            break;
    }
    filler.close();
    // A last byte-sized write takes what a whole block could not.
    QFile tail(m_folder + u'/' + fileName + QStringLiteral(".tail"));
    if (tail.open(QIODevice::WriteOnly)) {
        while (tail.write("x", 1) == 1 && tail.flush()) {
        }
    }
    return true;
}

} // namespace hotelhub::test
