#include "Crypto.h"
#include "OwnerOnly.h"
#include "SecretKeyStore.h"
#include "SmallFile.h"
#include "TokenVault.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#ifdef Q_OS_UNIX
#include <sys/stat.h>
#ifdef Q_OS_UNIX
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>
#endif
#endif

using namespace hotelhub;

class TestSecrets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void atomicWriteNeverReplacesADeviceOrPipe();
    void unreadableIsNotHeldOpen();
    void roundTrip();
    void wrongSecretFails();
    void otherInstallFails();
    void tamperedCiphertextFails_data();
    void tamperedCiphertextFails();
    void purposesAreSeparate();
    void nonceIsFresh();
    void hkdfKnownAnswer();
    void fileStoreIsPrivateAndStable();
    void fileStoreNeverOverwritesDamagedFile();
    void autoModeFallsBackOrUsesKeychain();
    void eraseMakesSealedDataUnreadable();
    void ownerOnlyFilesAndFolders();
    void atomicWriteRetriesWhileTheFileIsBusy();
};

namespace {
const QByteArray kToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsaWNlbnNlOjQyIn0.c2lnbmF0dXJl";
}

void TestSecrets::roundTrip()
{
    const QByteArray secret = crypto::randomBytes(32);
    const TokenVault vault(secret, QStringLiteral("install-1"));
    const QByteArray sealed = vault.seal(kToken);
    QVERIFY(sealed.startsWith("hh1:"));
    QVERIFY(!sealed.contains(kToken));
    QCOMPARE(vault.open(sealed).value_or(QByteArray()), kToken);
    QCOMPARE(TokenVault(secret, QStringLiteral("install-1")).open(sealed).value_or(QByteArray()), kToken);
}

void TestSecrets::wrongSecretFails()
{
    const QByteArray sealed = TokenVault(crypto::randomBytes(32), QStringLiteral("install-1")).seal(kToken);
    QVERIFY(!TokenVault(crypto::randomBytes(32), QStringLiteral("install-1")).open(sealed));
    QVERIFY(!TokenVault(QByteArray(), QStringLiteral("install-1")).open(sealed));
}

void TestSecrets::otherInstallFails()
{
    const QByteArray secret = crypto::randomBytes(32);
    const QByteArray sealed = TokenVault(secret, QStringLiteral("install-1")).seal(kToken);
    QVERIFY(!TokenVault(secret, QStringLiteral("install-2")).open(sealed));
}

void TestSecrets::tamperedCiphertextFails_data()
{
    QTest::addColumn<int>("offset");
    QTest::newRow("nonce") << 2;
    QTest::newRow("ciphertext") << 20;
    QTest::newRow("tag") << -3;
}

void TestSecrets::tamperedCiphertextFails()
{
    QFETCH(int, offset);
    const QByteArray secret = crypto::randomBytes(32);
    const TokenVault vault(secret, QStringLiteral("install-1"));
    QByteArray raw = QByteArray::fromBase64(vault.seal(kToken).mid(4));
    const int i = offset >= 0 ? offset : int(raw.size()) + offset;
    raw[i] = char(raw[i] ^ 0x01);
    QVERIFY(!vault.open("hh1:" + raw.toBase64()));
    QVERIFY(!vault.open("hh1:not base64 at all"));
    QVERIFY(!vault.open("plain text"));
    QVERIFY(!vault.open(QByteArray()));
}

void TestSecrets::purposesAreSeparate()
{
    const TokenVault vault(crypto::randomBytes(32), QStringLiteral("install-1"));
    const QByteArray sealed = vault.seal("totp-secret", "two-factor");
    QVERIFY(!vault.open(sealed, "token"));
    QCOMPARE(vault.open(sealed, "two-factor").value_or(QByteArray()), QByteArray("totp-secret"));
}

void TestSecrets::nonceIsFresh()
{
    const TokenVault vault(crypto::randomBytes(32), QStringLiteral("install-1"));
    QVERIFY(vault.seal(kToken) != vault.seal(kToken));
}

void TestSecrets::hkdfKnownAnswer()
{
    // RFC 5869 test case 1.
    const QByteArray ikm(22, char(0x0b));
    const QByteArray salt = QByteArray::fromHex("000102030405060708090a0b0c");
    const QByteArray info = QByteArray::fromHex("f0f1f2f3f4f5f6f7f8f9");
    QCOMPARE(crypto::hkdfSha256(ikm, salt, info, 42).toHex(),
             QByteArray("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"));
    // Test case 2: longer inputs, three blocks of output.
    QByteArray ikm2, salt2, info2;
    for (int i = 0; i < 80; ++i) {
        ikm2 += char(i);
        salt2 += char(0x60 + i);
        info2 += char(0xb0 + i);
    }
    QCOMPARE(crypto::hkdfSha256(ikm2, salt2, info2, 82).toHex(),
             QByteArray("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09"
                        "da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"));
    // Test case 3: no salt (a block of zeros stands in) and no info.
    QCOMPARE(crypto::hkdfSha256(ikm, QByteArray(), QByteArray(), 42).toHex(),
             QByteArray("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"));
    // What HKDF cannot give is refused, not cut short.
    QVERIFY(crypto::hkdfSha256(ikm, salt, info, 0).isEmpty());
    QCOMPARE(crypto::hkdfSha256(ikm, salt, info, 255 * 32).size(), 255 * 32);
    QVERIFY(crypto::hkdfSha256(ikm, salt, info, 255 * 32 + 1).isEmpty());
    QCOMPARE(crypto::hkdfSha256(ikm, salt, info, 255 * 32).left(42), crypto::hkdfSha256(ikm, salt, info, 42));
}

void TestSecrets::fileStoreIsPrivateAndStable()
{
    QTemporaryDir dir;
    SecretKeyStore store(dir.path(), SecretKeyStore::Mode::File);
    QVERIFY(!store.load());
    const auto created = store.loadOrCreate();
    QVERIFY(created);
    QCOMPARE(created->size(), 32);
    QCOMPARE(store.backend(), SecretKeyStore::Backend::File);
    QVERIFY(!OwnerOnly::readableByOthers(store.filePath()));
#ifndef Q_OS_WIN
    QCOMPARE(QFile::permissions(store.filePath()) & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());
#endif
    SecretKeyStore again(dir.path(), SecretKeyStore::Mode::File);
    QCOMPARE(again.load().value_or(QByteArray()), *created);
}

void TestSecrets::fileStoreNeverOverwritesDamagedFile()
{
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("secret.key")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("damaged");
    f.close();
    SecretKeyStore store(dir.path(), SecretKeyStore::Mode::File);
    QVERIFY(!store.loadOrCreate());
    QVERIFY(store.errorString().contains(QLatin1String("damaged")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("damaged"));
}

void TestSecrets::autoModeFallsBackOrUsesKeychain()
{
    QTemporaryDir dir;
    SecretKeyStore store(dir.path(), SecretKeyStore::Mode::Auto);
    const auto secret = store.loadOrCreate();
    QVERIFY2(secret, qPrintable(store.errorString()));
    // Either the OS store took it, or it is in the 0600 file: never nowhere.
    QVERIFY(store.backend() == SecretKeyStore::Backend::Keychain || QFile::exists(store.filePath()));
    SecretKeyStore again(dir.path(), SecretKeyStore::Mode::Auto);
    QCOMPARE(again.load().value_or(QByteArray()), *secret);
    again.erase();
}

void TestSecrets::eraseMakesSealedDataUnreadable()
{
    QTemporaryDir dir;
    SecretKeyStore store(dir.path(), SecretKeyStore::Mode::File);
    const QByteArray secret = *store.loadOrCreate();
    const QByteArray sealed = TokenVault(secret, QStringLiteral("i")).seal(kToken);
    store.erase();
    QVERIFY(!store.load());
    const auto fresh = store.loadOrCreate();
    QVERIFY(fresh && *fresh != secret);
    QVERIFY(!TokenVault(*fresh, QStringLiteral("i")).open(sealed));
}

void TestSecrets::ownerOnlyFilesAndFolders()
{
    // What Windows does with an ACL, Linux does with mode bits; both answer readableByOthers().
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("local-api.token"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("secret");
    f.close();
    QVERIFY(QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
#ifndef Q_OS_WIN
    QVERIFY(OwnerOnly::readableByOthers(file)); // Windows: mode bits are only the read-only flag
#endif
    QString error;
    QVERIFY2(OwnerOnly::restrict(file, &error), qPrintable(error));
    QVERIFY(!OwnerOnly::readableByOthers(file));
    const QString folder = dir.filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY2(OwnerOnly::restrict(folder, &error), qPrintable(error));
    QVERIFY(!OwnerOnly::readableByOthers(folder));
#ifndef Q_OS_WIN
    QCOMPARE(QFile::permissions(folder) & (QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther), QFile::Permissions());
    QVERIFY(QFile::permissions(folder).testFlags(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
#endif
    // Written atomically as owner-only: so from its first byte, and after the rename.
    const QString key = folder + QStringLiteral("/secret.key");
    QVERIFY2(SmallFile::writeAtomically(key, "k\n", &error, true), qPrintable(error));
    QVERIFY(!OwnerOnly::readableByOthers(key));
}

void TestSecrets::atomicWriteRetriesWhileTheFileIsBusy()
{
    // On Windows a scanner or the HMS holding the file makes the rename fail for a moment. Here
    // a folder sits where the file goes, and is gone before the second try: the write succeeds.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.env"));
    QVERIFY(QDir().mkpath(path + QStringLiteral("/inside")));
    QList<int> retries;
    SmallFile::beforeRetryForTests() = [&](int attempt) {
        retries << attempt;
        if (attempt == 2)
            QDir(path).removeRecursively();
    };
    const auto reset = qScopeGuard([] { SmallFile::beforeRetryForTests() = nullptr; });
    QString why;
    QVERIFY2(SmallFile::writeAtomically(path, "APP_URL=http://hotel.test\n", &why), qPrintable(why));
    QCOMPARE(retries, QList<int>{2});
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("APP_URL=http://hotel.test\n"));
    // Still busy after every try: false with the reason, and nothing half-written beside it.
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("busy/inside"))));
    retries.clear();
    QVERIFY(!SmallFile::writeAtomically(dir.filePath(QStringLiteral("busy")), "x", &why));
    QCOMPARE(retries, (QList<int>{2, 3, 4, 5}));
    QVERIFY(!why.isEmpty());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("hotelhub.env")});
}

// `offline-request --out /dev/null`, run as root, renamed its file over /dev/null (found by the
// outside check): an atomic write refuses any target that is not a regular file.
void TestSecrets::atomicWriteNeverReplacesADeviceOrPipe()
{
#ifndef Q_OS_UNIX
    QSKIP("a named pipe in a folder is a POSIX thing; Windows has no device or pipe at a file path");
#else
    QTemporaryDir dir;
    QString why;
    const QString fifo = dir.filePath(QStringLiteral("fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    why.clear();
    QVERIFY(!SmallFile::writeAtomically(fifo, "x\n", &why, true));
    QVERIFY2(why.contains(QLatin1String("not a regular file")), qPrintable(why));
    struct stat st;
    QCOMPARE(::stat(QFile::encodeName(fifo).constData(), &st), 0);
    QVERIFY(S_ISFIFO(st.st_mode));
    // A regular file is still replaced as before.
    const QString file = dir.filePath(QStringLiteral("request.txt"));
    QVERIFY2(SmallFile::writeAtomically(file, "old\n", &why), qPrintable(why));
    QVERIFY2(SmallFile::writeAtomically(file, "new\n", &why), qPrintable(why));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("new\n"));
#endif
}

void TestSecrets::unreadableIsNotHeldOpen()
{
#ifndef Q_OS_UNIX
    QSKIP("POSIX permissions (a folder closed to a user, a file only its owner reads); Windows' ACLs are the installer's");
#else
    if (!test::runningAsRoot())
        QSKIP("needs root to read as another user (CI runs as root)");
    // A key file this user may not read was "cannot be opened (another program may hold it)",
    // read as held open ("check again in a minute"), and one behind a closed folder "does not
    // exist". Each is now named for what it is.
    QTemporaryDir dir;
    QCOMPARE(::chmod(QFile::encodeName(dir.path()).constData(), 0755), 0);
    const QString closed = dir.filePath(QStringLiteral("closed"));
    QVERIFY(QDir().mkpath(closed));
    QVERIFY(test::writeFile(closed + QStringLiteral("/key.pem"), "x"));
    QCOMPARE(::chmod(QFile::encodeName(closed).constData(), 0700), 0);
    const QString ownerOnly = dir.filePath(QStringLiteral("key.pem"));
    QVERIFY(test::writeFile(ownerOnly, "x"));
    QCOMPARE(::chmod(QFile::encodeName(ownerOnly).constData(), 0600), 0);
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (::setgroups(0, nullptr) != 0 || ::setresgid(65534, 65534, 65534) != 0 || ::setresuid(65534, 65534, 65534) != 0)
            ::_exit(10);
        QString why;
        bool held = false;
        if (SmallFile::read(closed + QStringLiteral("/key.pem"), &why, SmallFile::kDefaultMax, &held) || held || !why.contains(QLatin1String("may not reach")))
            ::_exit(11);
        why.clear();
        if (SmallFile::read(ownerOnly, &why, SmallFile::kDefaultMax, &held) || held || !why.contains(QLatin1String("may not read")))
            ::_exit(12);
        ::_exit(0);
    }
    int status = -1;
    QCOMPARE(::waitpid(pid, &status, 0), pid);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 0);
#endif
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
