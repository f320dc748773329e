#include "AppPaths.h"
#include "EnvFile.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QLocale>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace hotelhub;

class TestEnvFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void values_data();
    void values();
    void roundTripKeepsEverything();
    void setReplacesInPlaceAndAppends();
    void crlfStaysCrlf();
    void valuesThatNeedQuotes();
    void missingFileIsEmptyAndWritable();
    void unreadableLinesAreKeptAndReported();
    void saveIsAtomic();
    void saveOnFullDiskSaysDiskFull();
    void resolutionOrder();
};

void TestEnvFile::values_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("plain") << QByteArray("APP_URL=http://localhost\n") << "APP_URL" << "http://localhost";
    QTest::newRow("double quotes") << QByteArray("APP_NAME=\"Hotel Indah\"\n") << "APP_NAME" << "Hotel Indah";
    QTest::newRow("single quotes are literal") << QByteArray("P='a\\nb $x'\n") << "P" << "a\\nb $x";
    QTest::newRow("escape in double") << QByteArray("P=\"say \\\"hi\\\"\\n\"\n") << "P" << "say \"hi\"\n";
    QTest::newRow("export") << QByteArray("export DB_HOST=127.0.0.1\n") << "DB_HOST" << "127.0.0.1";
    QTest::newRow("blank value") << QByteArray("DB_PASSWORD=\n") << "DB_PASSWORD" << "";
    QTest::newRow("blank quoted") << QByteArray("DB_PASSWORD=\"\"\n") << "DB_PASSWORD" << "";
    QTest::newRow("inline comment") << QByteArray("DB_PORT=5432 # default\n") << "DB_PORT" << "5432";
    QTest::newRow("hash inside quotes") << QByteArray("P=\"a # b\" # c\n") << "P" << "a # b";
    QTest::newRow("hash without space") << QByteArray("P=abc#def\n") << "P" << "abc#def";
    QTest::newRow("spaces around =") << QByteArray("  KEY  =  value  \n") << "KEY" << "value";
    QTest::newRow("CRLF") << QByteArray("A=1\r\nB=two\r\n") << "B" << "two";
    QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF" "A=1\n") << "A" << "1";
    QTest::newRow("multi-line quoted") << QByteArray("K=\"line1\nline2\"\nN=3\n") << "K" << "line1\nline2";
    QTest::newRow("last wins") << QByteArray("A=1\nA=2\n") << "A" << "2";
    QTest::newRow("no trailing newline") << QByteArray("A=1") << "A" << "1";
    QTest::newRow("utf-8") << QByteArray("NAME=\"Hotel Cendana – Bali\"\n") << "NAME" << QString::fromUtf8("Hotel Cendana – Bali");
}

void TestEnvFile::values()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, key);
    QFETCH(QString, value);
    EnvFile env;
    env.parse(text);
    QVERIFY(env.contains(key));
    QCOMPARE(env.value(key), value);
}

void TestEnvFile::roundTripKeepsEverything()
{
    const QByteArray text = "# HotelHub settings\n"
                            "APP_URL=https://hotel.example\n"
                            "\n"
                            "# database\n"
                            "export DB_CONNECTION=sqlite   # embedded\n"
                            "DB_PASSWORD='s3cr3t#1'\n"
                            "weird line without equals\n"
                            "MULTI=\"a\nb\"\n";
    EnvFile env;
    env.parse(text);
    QCOMPARE(env.serialize(), text);
    QCOMPARE(env.warnings().size(), 1);
}

void TestEnvFile::setReplacesInPlaceAndAppends()
{
    EnvFile env;
    env.parse("# top\nA=1\n# middle\nLICENSE_INSTALL_ID=old\n# bottom\n");
    env.set(QStringLiteral("LICENSE_INSTALL_ID"), QStringLiteral("new-id"));
    env.set(QStringLiteral("LICENSE_KEY_HASH"), QStringLiteral("sha256:abc"));
    QCOMPARE(env.serialize(), QByteArray("# top\nA=1\n# middle\nLICENSE_INSTALL_ID=new-id\n# bottom\nLICENSE_KEY_HASH=sha256:abc\n"));
    // Duplicates of a key collapse into the one that was set.
    env.parse("X=1\nY=2\nX=3\n");
    env.set(QStringLiteral("X"), QStringLiteral("9"));
    QCOMPARE(env.serialize(), QByteArray("X=9\nY=2\n"));
}

void TestEnvFile::crlfStaysCrlf()
{
    EnvFile env;
    env.parse("# Windows\r\nA=1\r\n");
    env.set(QStringLiteral("B"), QStringLiteral("2"));
    QCOMPARE(env.serialize(), QByteArray("# Windows\r\nA=1\r\nB=2\r\n"));
}

void TestEnvFile::valuesThatNeedQuotes()
{
    EnvFile env;
    env.set(QStringLiteral("A"), QStringLiteral("has space # and hash"));
    env.set(QStringLiteral("B"), QStringLiteral("quote \" and \\ backslash"));
    env.set(QStringLiteral("C"), QStringLiteral("two\nlines"));
    env.set(QStringLiteral("D"), QString());
    EnvFile reread;
    reread.parse(env.serialize());
    for (const char *k : {"A", "B", "C", "D"})
        QCOMPARE(reread.value(QLatin1String(k)), env.value(QLatin1String(k)));
    QVERIFY(reread.contains(QStringLiteral("D")));
}

void TestEnvFile::missingFileIsEmptyAndWritable()
{
    QTemporaryDir dir;
    EnvFile env;
    QVERIFY(env.load(dir.filePath(QStringLiteral("hotelhub.env"))));
    QVERIFY(!env.exists());
    env.set(QStringLiteral("A"), QStringLiteral("1"));
    QVERIFY(env.save());
    QFile f(dir.filePath(QStringLiteral("hotelhub.env")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("A=1\n"));
}

void TestEnvFile::unreadableLinesAreKeptAndReported()
{
    EnvFile env;
    env.parse("GOOD=1\n=nokey\nBAD KEY=1\nUNTERMINATED=\"abc\n");
    QVERIFY(env.contains(QStringLiteral("GOOD")));
    QCOMPARE(env.warnings().size(), 3);
    QVERIFY(env.serialize().contains("=nokey"));
}

void TestEnvFile::saveIsAtomic()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.env"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# keep me\nA=1\n");
    }
    EnvFile env;
    QVERIFY(env.load(path));
    env.set(QStringLiteral("B"), QStringLiteral("2"));
    QVERIFY(env.save());
    // No temporary left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("hotelhub.env")});
    // A write into a folder that vanished fails with a message and leaves nothing half-written.
    EnvFile broken;
    QVERIFY(broken.load(dir.filePath(QStringLiteral("missing/folder/hotelhub.env"))));
    broken.set(QStringLiteral("A"), QStringLiteral("1"));
    QVERIFY(!broken.save());
    QVERIFY(broken.errorString().contains(QLatin1String("hotelhub.env")));
}

void TestEnvFile::resolutionOrder()
{
    QTemporaryDir dir;
    qputenv("HOTELHUB_DATA_DIR", dir.filePath(QStringLiteral("from-env")).toUtf8());
    qputenv("HOTELHUB_ENV", dir.filePath(QStringLiteral("env-from-env")).toUtf8());
    AppPaths p = AppPaths::resolve(dir.filePath(QStringLiteral("from-arg")), dir.filePath(QStringLiteral("arg.env")));
    QVERIFY(p.dataDir.endsWith(QLatin1String("/from-arg")));
    QVERIFY(p.envFile.endsWith(QLatin1String("/arg.env")));
    p = AppPaths::resolve({}, {});
    QVERIFY(p.dataDir.endsWith(QLatin1String("/from-env")));
    QVERIFY(p.envFile.endsWith(QLatin1String("/env-from-env")));
    qunsetenv("HOTELHUB_ENV");
    p = AppPaths::resolve({}, {});
    QCOMPARE(p.envFile, p.dataDir + QStringLiteral("/hotelhub.env"));
    qunsetenv("HOTELHUB_DATA_DIR");
    p = AppPaths::resolve({}, {});
    QCOMPARE(p.dataDirSource, QStringLiteral("default"));
    QVERIFY(!p.dataDir.isEmpty());
}

void TestEnvFile::saveOnFullDiskSaysDiskFull()
{
    QTemporaryDir root;
    hotelhub::test::TmpfsMount disk(root.filePath(QStringLiteral("disk")), QStringLiteral("64k"));
    if (!disk.ok())
        QSKIP(qPrintable(disk.error()));
    const QString path = root.filePath(QStringLiteral("disk/hotelhub.env"));
    const QByteArray before("APP_URL=http://localhost\n");
    QVERIFY(hotelhub::test::writeFile(path, before));
    QVERIFY(disk.fill(QStringLiteral("filler")));
    EnvFile env;
    QVERIFY(env.load(path));
    env.set(QStringLiteral("LICENSE_INSTALL_ID"), QString(8192, u'a')); // more than any last partial block holds
    QVERIFY(!env.save()); // ENOSPC
    const QString free = QLocale().formattedDataSize(QStorageInfo(root.filePath(QStringLiteral("disk"))).bytesAvailable());
    QVERIFY2(env.errorString().startsWith(QLatin1String("Disk full")), qPrintable(env.errorString()));
    QVERIFY2(env.errorString().contains(QDir::toNativeSeparators(path)), qPrintable(env.errorString()));
    QVERIFY2(env.errorString().contains(QStringLiteral("only %1 free").arg(free)), qPrintable(env.errorString()));
    QFile reread(path);
    QVERIFY(reread.open(QIODevice::ReadOnly));
    QCOMPARE(reread.readAll(), before); // the old file stays, whole
    QCOMPARE(QDir(root.filePath(QStringLiteral("disk"))).entryList(QDir::Files | QDir::Hidden),
             (QStringList{QStringLiteral("filler"), QStringLiteral("filler.tail"), QStringLiteral("hotelhub.env")}));
}

QTEST_GUILESS_MAIN(TestEnvFile)
#include "tst_envfile.moc"
