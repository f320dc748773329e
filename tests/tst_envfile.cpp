#include "AppPaths.h"
#include "EnvFile.h"
#include "TestSupport.h"
#include "Translations.h"

#include <QDir>
#include <QFile>
#include <QLocale>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

using namespace hotelhub;

class TestEnvFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void values_data();
    void values();
    void problemsNameTheLineAndTheFix();
    void unicodeFromNotepadIsNamed();
    void writesReadBackIdentically_data();
    void writesReadBackIdentically();
    void untouchedLinesKeepTheirBytes();
    void anOpenQuoteRefusesTheWrite();
    void editsMadeOnDiskMeanwhileAreKept();
    void savingKeepsTheFilesOwnerAndGroup();
    void inPlaceWriteOnAFullDiskChangesNothing();
    void refusedByItsPermissionsSaysSo();
    void anUnclosedQuoteInALongFile();
    void roundTripKeepsEverything();
    void setReplacesInPlaceAndAppends();
    void crlfStaysCrlf();
    void valuesThatNeedQuotes();
    void missingFileIsEmptyAndWritable();
    void unreadableLinesAreKeptAndReported();
    void aKeyWrittenButNotLoadedIsTold();
    void saveIsAtomic();
    void saveOnFullDiskSaysDiskFull();
    void resolutionOrder();
};

void TestEnvFile::values_data()
{
    // What phpdotenv 5 (the HMS's loader) reads, from its documented grammar. A null value: the
    // HMS gets no such key. `problem`: the line the HMS cannot load (0: none).
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("problem");
    const QString none;
    QTest::newRow("plain") << QByteArray("APP_URL=http://localhost\n") << "APP_URL" << "http://localhost" << 0;
    QTest::newRow("double quotes") << QByteArray("APP_NAME=\"Hotel Indah\"\n") << "APP_NAME" << "Hotel Indah" << 0;
    QTest::newRow("single quotes are literal") << QByteArray("P='a\\nb $x'\n") << "P" << "a\\nb $x" << 0;
    QTest::newRow("escapes in double") << QByteArray("P=\"say \\\"hi\\\"\\n\"\n") << "P" << "say \"hi\"\n" << 0;
    QTest::newRow("tab escape") << QByteArray("P=\"a\\tb\"\n") << "P" << "a\tb" << 0;
    QTest::newRow("backslash escape") << QByteArray("P=\"C:\\\\hotel\"\n") << "P" << "C:\\hotel" << 0;
    QTest::newRow("unquoted backslash is literal") << QByteArray("P=a\\b\n") << "P" << "a\\b" << 0;
    QTest::newRow("export") << QByteArray("export DB_HOST=127.0.0.1\n") << "DB_HOST" << "127.0.0.1" << 0;
    QTest::newRow("quoted name") << QByteArray("\"QUOTED\"=1\n") << "QUOTED" << "1" << 0;
    QTest::newRow("dotted name") << QByteArray("app.name=x\n") << "app.name" << "x" << 0;
    QTest::newRow("blank value") << QByteArray("DB_PASSWORD=\n") << "DB_PASSWORD" << "" << 0;
    QTest::newRow("blank quoted") << QByteArray("DB_PASSWORD=\"\"\n") << "DB_PASSWORD" << "" << 0;
    QTest::newRow("inline comment") << QByteArray("DB_PORT=5432 # default\n") << "DB_PORT" << "5432" << 0;
    QTest::newRow("tab then comment") << QByteArray("DB_PORT=5432\t#default\n") << "DB_PORT" << "5432" << 0;
    QTest::newRow("hash without space ends the value") << QByteArray("REDIS_PASSWORD=Rahasia#2024\n") << "REDIS_PASSWORD" << "Rahasia" << 0;
    QTest::newRow("hash first is empty") << QByteArray("SUPPORT_EMAIL=#x\n") << "SUPPORT_EMAIL" << "" << 0;
    QTest::newRow("hash inside quotes") << QByteArray("P=\"a # b\" # c\n") << "P" << "a # b" << 0;
    QTest::newRow("comment after closing quote") << QByteArray("P=\"x\"   # note\n") << "P" << "x" << 0;
    QTest::newRow("spaces around =") << QByteArray("  KEY  =  value  \n") << "KEY" << "value" << 0;
    QTest::newRow("CRLF") << QByteArray("A=1\r\nB=two\r\n") << "B" << "two" << 0;
    QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF" "A=1\n") << "A" << "1" << 0;
    QTest::newRow("multi-line quoted") << QByteArray("K=\"line1\nline2\"\nN=3\n") << "K" << "line1\nline2" << 0;
    QTest::newRow("after a multi-line value") << QByteArray("K=\"line1\nline2\"\nN=3\n") << "N" << "3" << 0;
    QTest::newRow("last wins") << QByteArray("A=1\nA=2\n") << "A" << "2" << 0;
    QTest::newRow("no trailing newline") << QByteArray("A=1") << "A" << "1" << 0;
    QTest::newRow("utf-8") << QByteArray("NAME=\"Hotel Cendana – Bali\"\n") << "NAME" << QString::fromUtf8("Hotel Cendana – Bali") << 0;
    QTest::newRow("reference unquoted") << QByteArray("A=x\nB=${A}/y\n") << "B" << "x/y" << 0;
    QTest::newRow("reference double-quoted") << QByteArray("MAIL_FROM_ADDRESS=halo@melati.id\nSUPPORT_EMAIL=\"${MAIL_FROM_ADDRESS}\"\n")
                                             << "SUPPORT_EMAIL" << "halo@melati.id" << 0;
    QTest::newRow("no reference in single quotes") << QByteArray("A=x\nB='${A}'\n") << "B" << "${A}" << 0;
    QTest::newRow("unknown reference stays") << QByteArray("B=${NOPE}\n") << "B" << "${NOPE}" << 0;
    QTest::newRow("later key is not resolved") << QByteArray("B=${C}\nC=1\n") << "B" << "${C}" << 0;
    QTest::newRow("escaped dollar") << QByteArray("A=x\nB=\"\\${A}\"\n") << "B" << "${A}" << 0;
    QTest::newRow("dollar without braces") << QByteArray("A=x\nB=$A\n") << "B" << "$A" << 0;
    QTest::newRow("space in unquoted value") << QByteArray("APP_NAME=Hotel Melati\n") << "APP_NAME" << none << 1;
    QTest::newRow("text after closing quote") << QByteArray("A=1\nP=\"x\"y\n") << "P" << none << 2;
    QTest::newRow("unknown escape") << QByteArray("P=\"a\\qb\"\n") << "P" << none << 1;
    QTest::newRow("unclosed single quote") << QByteArray("P='abc\n") << "P" << none << 1;
    QTest::newRow("single quotes do not span lines") << QByteArray("P='a\nb'\n") << "P" << none << 1;
    QTest::newRow("unclosed double quote ignores the rest") << QByteArray("NOTE=\"abc\nA=1\n") << "A" << none << 1;
    QTest::newRow("an open quote swallows up to the next quote") << QByteArray("NOTE=\"abc\nA=1\nK=\"two words\"\n") << "K" << none << 1;
    QTest::newRow("invalid name") << QByteArray("GOOD=1\nBAD KEY=1\n") << "BAD KEY" << none << 2;
    QTest::newRow("no name") << QByteArray("=nokey\n") << "" << none << 1;
    QTest::newRow("a name alone unsets") << QByteArray("A=1\nA\n") << "A" << none << 0;
}

void TestEnvFile::values()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(int, problem);
    EnvFile env;
    env.parse(text);
    QCOMPARE(env.contains(key), !value.isNull());
    if (!value.isNull())
        QCOMPARE(env.value(key), value);
    QCOMPARE(env.problems().isEmpty(), problem == 0);
    if (problem) {
        QCOMPARE(env.problems().first().line, problem);
        QVERIFY2(env.warnings().first().startsWith(QStringLiteral("line %1: ").arg(problem)), qPrintable(env.warnings().first()));
    }
}

void TestEnvFile::problemsNameTheLineAndTheFix()
{
    EnvFile env;
    env.parse("APP_URL=http://localhost\nAPP_NAME=Hotel Melati\nREDIS_PASSWORD=\"Rahasia 2024\\x\"\n");
    QCOMPARE(env.problems().size(), 2);
    QCOMPARE(env.problems()[0].key, QStringLiteral("APP_NAME"));
    QVERIFY2(env.warnings()[0].contains(QStringLiteral("double quotes")), qPrintable(env.warnings()[0]));
    QCOMPARE(env.problems()[1].line, 3);
    // The value (a password here) is never repeated in the message.
    QVERIFY(!env.warnings().join(u' ').contains(QStringLiteral("Rahasia")));
    QVERIFY(!env.warnings().join(u' ').contains(QStringLiteral("Melati")));
}

void TestEnvFile::unicodeFromNotepadIsNamed()
{
    // Notepad's "Unicode" is UTF-16, which the HMS cannot load: it was "line 1: this line is not
    // KEY=VALUE" for a file that looks right on screen, and a save mixed UTF-8 lines into it.
    const QByteArray text("APP_URL=http://localhost\r\nAPP_NAME=\"Hotel Melati\"\r\n");
    QByteArray marked("\xFF\xFE", 2), bare;
    for (const char c : text) {
        marked.append(c).append('\0');
        bare.append(c).append('\0');
    }
    for (const QByteArray &bytes : {marked, bare}) {
        EnvFile env;
        env.parse(bytes);
        QCOMPARE(env.problems().size(), 1);
        QVERIFY2(env.warnings().constFirst().contains(QLatin1String("UTF-16")) && env.warnings().constFirst().contains(QLatin1String("Save As")),
                 qPrintable(env.warnings().constFirst()));
        // Read as its text all the same: the vendor's address and pinned key in it still count
        // (without them a paired hotel locked as "token invalid"; helper-54).
        QCOMPARE(env.value(QStringLiteral("APP_URL")), QStringLiteral("http://localhost"));
        QCOMPARE(env.value(QStringLiteral("APP_NAME")), QStringLiteral("Hotel Melati"));
    }
    QByteArray big("\xFE\xFF", 2); // big-endian, and a NUL character inside
    for (const char c : QByteArray("A=1\nB=2\n") + QByteArray(1, '\0'))
        big.append('\0').append(c);
    EnvFile be;
    be.parse(big);
    QCOMPARE(be.value(QStringLiteral("B")), QStringLiteral("2"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral(".env"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(marked) == marked.size());
    f.close();
    EnvFile env;
    QVERIFY(env.load(path));
    env.set(QStringLiteral("HOTELHUB_LICENSE_KEY_HASH"), QStringLiteral("sha256:abc"));
    QVERIFY(!env.save());
    QVERIFY2(env.errorString().contains(QLatin1String("UTF-16")) && env.errorString().contains(QLatin1String("left unchanged")), qPrintable(env.errorString()));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), marked);
    f.close();

    // A NUL written into a UTF-8 file is no sign of UTF-16: only a first character with one zero
    // half is. The fuzzer (CI of fda0746) wrote `K='${A}<NUL>'` to a new file; it read back as
    // UTF-16 garbage, because the save's re-read check lets a `${` reference differ.
    const QString withNul = QStringLiteral("${A}") + QChar(0);
    const QString fresh = dir.filePath(QStringLiteral("fresh.env"));
    EnvFile nul;
    QVERIFY(nul.load(fresh));
    nul.set(QStringLiteral("K"), withNul);
    if (nul.save()) {
        EnvFile again;
        QVERIFY(again.load(fresh));
        QCOMPARE(again.value(QStringLiteral("K")), withNul);
        QVERIFY2(again.warnings().isEmpty() || !again.warnings().constFirst().contains(QLatin1String("UTF-16")), qPrintable(again.warnings().join(u'\n')));
    }
    EnvFile stray; // a UTF-8 file with a stray NUL in its second line
    stray.parse(QByteArray("A=1\nB=2", 8) + QByteArray(1, '\0') + QByteArray("\n"));
    QCOMPARE(stray.value(QStringLiteral("A")), QStringLiteral("1"));
}

void TestEnvFile::writesReadBackIdentically_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("plain") << QStringLiteral("sha256:abc");
    QTest::newRow("empty") << QString(QLatin1String(""));
    QTest::newRow("hash") << QStringLiteral("Rahasia#2024");
    QTest::newRow("dollar reference") << QStringLiteral("${APP_URL}");
    QTest::newRow("spaces") << QStringLiteral("Hotel Melati Indah");
    QTest::newRow("phone with spaces") << QStringLiteral("+62 812 0000 0000");
    QTest::newRow("leading and trailing space") << QStringLiteral("  padded  ");
    QTest::newRow("single quote") << QStringLiteral("Hotel O'Brien");
    QTest::newRow("double quote") << QStringLiteral("say \"hi\"");
    QTest::newRow("both quotes") << QStringLiteral("it's \"x\"");
    QTest::newRow("equals and quote") << QStringLiteral("a=\"b");
    QTest::newRow("trailing newline") << QStringLiteral("x\n");
    QTest::newRow("two lines") << QStringLiteral("two\nlines");
    QTest::newRow("backslashes") << QStringLiteral("C:\\hotel\\data\\");
    QTest::newRow("backslash quote") << QStringLiteral("\\\"");
    QTest::newRow("tab") << QStringLiteral("a\tb");
    QTest::newRow("comment-like") << QStringLiteral(" # not a comment");
    QTest::newRow("unicode") << QString::fromUtf8("Hotel Cendana – Bali ✓");
}

void TestEnvFile::writesReadBackIdentically()
{
    QFETCH(QString, value);
    EnvFile env;
    env.parse("APP_URL=http://localhost\n");
    env.set(QStringLiteral("K"), value);
    env.set(QStringLiteral("AFTER"), QStringLiteral("1"));
    EnvFile reread;
    reread.parse(env.serialize());
    QVERIFY2(reread.problems().isEmpty(), qPrintable(reread.warnings().join(u'\n') + u'\n' + QString::fromUtf8(env.serialize())));
    QCOMPARE(reread.value(QStringLiteral("K")), value);
    QCOMPARE(reread.value(QStringLiteral("AFTER")), QStringLiteral("1"));
    QVERIFY(!EnvFile::isValidKey(QStringLiteral("KEY\n")));
}

void TestEnvFile::untouchedLinesKeepTheirBytes()
{
    EnvFile env;
    env.parse("\xEF\xBB\xBF# Windows\r\nA=1\r\nB=2\nC=3");
    env.set(QStringLiteral("B"), QStringLiteral("two"));
    env.set(QStringLiteral("D"), QStringLiteral("4"));
    QCOMPARE(env.serialize(), QByteArray("\xEF\xBB\xBF# Windows\r\nA=1\r\nB=two\nC=3\r\nD=4\r\n"));
}

void TestEnvFile::anOpenQuoteRefusesTheWrite()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.env"));
    const QByteArray before("A=1\nNOTE=\"abc\n");
    QVERIFY(hotelhub::test::writeFile(path, before));
    EnvFile env;
    QVERIFY(env.load(path));
    env.set(QStringLiteral("K"), QStringLiteral("two words"));
    QVERIFY(!env.save());
    QVERIFY2(env.errorString().contains(QStringLiteral("line 2")), qPrintable(env.errorString()));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
    f.close();

    // The fuzzer (CI of fda0746): a value with a reference in it, set on a key whose line holds
    // `="` after its comment. phpdotenv reads that line as opening a quoted value, which the new
    // line closes: NOTE read back as 'abc', and the save went through, because a value with `${`
    // was let differ.
    const QByteArray comment("A=1\nNOTE='abc' # X=\"\n");
    QVERIFY(hotelhub::test::writeFile(path, comment));
    EnvFile swallowed;
    QVERIFY(swallowed.load(path));
    swallowed.set(QStringLiteral("NOTE"), QStringLiteral("${A} it's"));
    QVERIFY(!swallowed.save());
    QVERIFY2(swallowed.errorString().contains(QStringLiteral("NOTE")), qPrintable(swallowed.errorString()));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), comment);
}

// The owner edits the file while a program holds it (the wizard stays open for minutes): a save
// applies only the program's own changes to the file as it is now. Before, the program wrote its
// old copy back, and a line the owner had removed came back.
void TestEnvFile::editsMadeOnDiskMeanwhileAreKept()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.env"));
    QVERIFY(hotelhub::test::writeFile(path, "APP_URL=http://localhost\nOLD_SECRET=abc\nGONE=1\n"));
    EnvFile env;
    QVERIFY(env.load(path));
    env.set(QStringLiteral("LICENSE_INSTALL_ID"), QStringLiteral("id-1"));
    env.remove(QStringLiteral("GONE"));
    // Meanwhile, in an editor: OLD_SECRET removed, a line added, APP_URL changed.
    QVERIFY(hotelhub::test::writeFile(path, "APP_URL=https://hotel.example\r\nGONE=1\r\nMAIL_HOST=smtp.example\r\n"));
    QVERIFY2(env.save(), qPrintable(env.errorString()));
    auto onDisk = [&] {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    QCOMPARE(onDisk(), QByteArray("APP_URL=https://hotel.example\r\nMAIL_HOST=smtp.example\r\nLICENSE_INSTALL_ID=id-1\r\n"));
    QCOMPARE(env.value(QStringLiteral("APP_URL")), QStringLiteral("https://hotel.example"));
    QVERIFY(!env.contains(QStringLiteral("OLD_SECRET")));

    // Saved edits are not applied twice: the next save starts from what it wrote.
    QVERIFY(hotelhub::test::writeFile(path, "LICENSE_INSTALL_ID=id-2\n"));
    env.set(QStringLiteral("LICENSE_FINGERPRINT"), QStringLiteral("sha256:ab"));
    QVERIFY(env.save());
    QCOMPARE(onDisk(), QByteArray("LICENSE_INSTALL_ID=id-2\nLICENSE_FINGERPRINT=sha256:ab\n"));

    // Deleted meanwhile: it is written again with this program's keys only.
    QVERIFY(QFile::remove(path));
    env.set(QStringLiteral("LICENSE_KEY_HASH"), QStringLiteral("sha256:cd"));
    QVERIFY(env.save());
    QCOMPARE(onDisk(), QByteArray("LICENSE_KEY_HASH=sha256:cd\n"));

    // Unchanged on disk: exactly what was in memory, as before.
    env.set(QStringLiteral("A"), QStringLiteral("1"));
    QVERIFY(env.save());
    QCOMPARE(onDisk(), QByteArray("LICENSE_KEY_HASH=sha256:cd\nA=1\n"));
}

void TestEnvFile::anUnclosedQuoteInALongFile()
{
    // An unclosed quote at the top of a long file: the HMS ignores everything below it, and so
    // does the reading here, looking at each line once (before, the joined text was re-scanned
    // for every following line: 200,000 lines took longer than the test's time limit).
    for (int lines : {1000, 200000}) {
        QByteArray text("NOTE=\"never closed\n");
        for (int i = 0; i < lines; ++i)
            text += "KEY" + QByteArray::number(i) + "=value\n";
        EnvFile env;
        env.parse(text);
        QCOMPARE(env.problems().size(), 1);
        QVERIFY(env.keys().isEmpty());
    }
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

// A key on a line the HMS cannot load, or swallowed by a quote opened above it, gives no value,
// which the licence settings must not take for "unset" (helper-56, helper-57).
void TestEnvFile::aKeyWrittenButNotLoadedIsTold()
{
    EnvFile env;
    env.parse("GOOD=1\nMAX_OFFLINE_DAYS=tiga puluh\n  export LICENSE_EXPIRY = \"2027-12-31\"x\n");
    QVERIFY(env.written(QStringLiteral("GOOD")) && env.whyNotLoaded(QStringLiteral("GOOD")).isEmpty());
    QVERIFY(!env.written(QStringLiteral("UNSET")) && env.whyNotLoaded(QStringLiteral("UNSET")).isEmpty());
    QVERIFY(!env.contains(QStringLiteral("MAX_OFFLINE_DAYS")) && env.written(QStringLiteral("MAX_OFFLINE_DAYS")));
    QList<EnvFile::Problem> why = env.whyNotLoaded(QStringLiteral("MAX_OFFLINE_DAYS"));
    QCOMPARE(why.size(), 1);
    QCOMPARE(why.first().line, 2);
    QVERIFY2(EnvFile::lineText(why.first()).startsWith(QLatin1String("Line 2 of the settings file: MAX_OFFLINE_DAYS has a space")),
             qPrintable(EnvFile::lineText(why.first())));
    why = env.whyNotLoaded(QStringLiteral("LICENSE_EXPIRY"));
    QCOMPARE(why.size(), 1);
    QCOMPARE(why.first().line, 3);
    // Swallowed: the quote opened on line 1 closes on line 3, so LICENSE_API_URL on line 2 is part
    // of APP_NAME's value; the step is line 1's.
    EnvFile swallowed;
    swallowed.parse("APP_NAME=\"Hotel Melati\nLICENSE_API_URL=https://example.test/sheet.csv\nSUPPORT_PHONE=\"+62\"\n");
    QVERIFY(!swallowed.contains(QStringLiteral("LICENSE_API_URL")) && swallowed.written(QStringLiteral("LICENSE_API_URL")));
    why = swallowed.whyNotLoaded(QStringLiteral("LICENSE_API_URL"));
    QVERIFY(!why.isEmpty());
    QCOMPARE(why.first().line, 1);
    // That problem says where the quote opened and where it closed (it said "text after its
    // closing quote" of line 1, which has none; helper-57).
    QVERIFY2(why.first().reason.contains(QLatin1String("opens a quote on line 1 that closes only on line 3")), qPrintable(why.first().reason));
    QVERIFY2(why.first().fix.contains(QLatin1String("close the quote at the end of that line")), qPrintable(why.first().fix));
    // A quote the HMS reads as closed further down: the file loads, and the key is part of
    // APP_NAME's value (helper-58: nothing named it).
    EnvFile closedBelow;
    closedBelow.parse("APP_NAME=\"Hotel Melati\nLICENSE_VENDOR_BASE_URL=http://127.0.0.1:1\nEND\"\nOTHER=1\n");
    QVERIFY(closedBelow.problems().isEmpty());
    why = closedBelow.whyNotLoaded(QStringLiteral("LICENSE_VENDOR_BASE_URL"));
    QCOMPARE(why.size(), 1);
    QCOMPARE(why.first().line, 2);
    QVERIFY2(why.first().reason.contains(QLatin1String("inside the value of APP_NAME, whose quote opens on line 1 and closes only on line 3")),
             qPrintable(why.first().reason));
    QVERIFY2(why.first().fix.contains(QLatin1String("end of line 1")), qPrintable(why.first().fix));
    // A name alone on a later line unsets it: said so.
    EnvFile unset;
    unset.parse("LICENSE_API_URL=https://example.test/s.csv\nLICENSE_API_URL\n");
    why = unset.whyNotLoaded(QStringLiteral("LICENSE_API_URL"));
    QCOMPARE(why.size(), 1);
    QVERIFY2(why.first().reason.contains(QLatin1String("unset by line 2")), qPrintable(why.first().reason));
    // A name alone writes nothing: the key is not "written".
    EnvFile bare;
    bare.parse("LICENSE_API_URL\nA=1\n");
    QVERIFY(!bare.written(QStringLiteral("LICENSE_API_URL")) && bare.whyNotLoaded(QStringLiteral("LICENSE_API_URL")).isEmpty());
    // A quote never closed names its key, as every other reason does.
    EnvFile unclosed;
    unclosed.parse("A=1\nLICENSE_SHEET_FORMAT=\"csv\n");
    why = unclosed.whyNotLoaded(QStringLiteral("LICENSE_SHEET_FORMAT"));
    QCOMPARE(why.size(), 1);
    QVERIFY2(why.first().reason.startsWith(QLatin1String("LICENSE_SHEET_FORMAT opens a double quote that is never closed")), qPrintable(why.first().reason));
    // "KEY_MORE=" is not KEY, and a comment naming it is not the key written.
    EnvFile near;
    near.parse("LICENSE_API_URL_OLD=x y\n# LICENSE_API_URL=https://old.test\n");
    QVERIFY(!near.written(QStringLiteral("LICENSE_API_URL")));
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
    QVERIFY2(env.errorString().contains(QLatin1String("the disk that holds it is full")), qPrintable(env.errorString()));
    QVERIFY(env.saveHitDiskFull());
    QVERIFY2(env.errorString().contains(QDir::toNativeSeparators(path)), qPrintable(env.errorString()));
    QVERIFY2(env.errorString().contains(QStringLiteral("(%1 free)").arg(free)), qPrintable(env.errorString()));
    // The caller says what happened to the rest (a pairing stored, a heartbeat answered): not
    // "nothing was changed", which contradicted it (found by the outside check).
    QVERIFY2(!env.errorString().contains(QLatin1String("Nothing was changed")), qPrintable(env.errorString()));
    QFile reread(path);
    QVERIFY(reread.open(QIODevice::ReadOnly));
    QCOMPARE(reread.readAll(), before); // the old file stays, whole
    QCOMPARE(QDir(root.filePath(QStringLiteral("disk"))).entryList(QDir::Files | QDir::Hidden),
             (QStringList{QStringLiteral("filler"), QStringLiteral("filler.tail"), QStringLiteral("hotelhub.env")}));
}

#ifdef Q_OS_UNIX
namespace {
// Sets `key` in the settings file at `path` and saves it as uid/gid 65534 (a member of the
// file's group, not root), in a child process: 0 when saved, 12 when refused, 10/11 on setup.
int saveAsGroupMember(const QString &path, const QList<std::pair<QString, QString>> &values)
{
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (::setgroups(0, nullptr) != 0 || ::setresgid(65534, 65534, 65534) != 0 || ::setresuid(65534, 65534, 65534) != 0)
            ::_exit(10);
        EnvFile member;
        if (!member.load(path))
            ::_exit(11);
        for (const auto &[key, value] : values)
            member.set(key, value);
        ::_exit(member.save() ? 0 : 12);
    }
    int status = -1;
    return ::waitpid(pid, &status, 0) == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
} // namespace
#endif

void TestEnvFile::savingKeepsTheFilesOwnerAndGroup()
{
#ifndef Q_OS_UNIX
    QSKIP("file owners and groups are a POSIX matter; on Windows the new file inherits the folder's ACL");
#else
    if (!test::runningAsRoot())
        QSKIP("needs root to give the file to another owner (CI runs as root)");
    // The Laravel layout: deploy-user:www-data 0640. The new file was root's, and the web server
    // could no longer read its own settings (a heartbeat writes the binding lines).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral(".env"));
    QVERIFY(test::writeFile(path, "APP_NAME=Hotel\n"));
    const QByteArray native = QFile::encodeName(path);
    QCOMPARE(::chown(native.constData(), 65534, 33), 0);
    QCOMPARE(::chmod(native.constData(), 0640), 0);
    EnvFile env;
    QVERIFY(env.load(path));
    env.set(QStringLiteral("LICENSE_INSTALL_ID"), QStringLiteral("abc"));
    QVERIFY2(env.save(), qPrintable(env.errorString()));
    struct stat after = {};
    QCOMPARE(::stat(native.constData(), &after), 0);
    QCOMPARE(int(after.st_uid), 65534);
    QCOMPARE(int(after.st_gid), 33);
    QCOMPARE(int(after.st_mode & 07777), 0640);
    QVERIFY(test::readFile(path).contains("LICENSE_INSTALL_ID=abc"));

    // Saved by a user who may write the file but not give a new one its owner (the group's
    // member, not root): written in place, so owner, group and mode stay as they were.
    QCOMPARE(::chown(native.constData(), 0, 65534), 0);
    QCOMPARE(::chmod(native.constData(), 0664), 0);
    QCOMPARE(::chmod(QFile::encodeName(dir.path()).constData(), 0777), 0);
    QCOMPARE(saveAsGroupMember(path, {{QStringLiteral("LICENSE_FINGERPRINT"), QStringLiteral("sha256:ff")}}), 0);
    QCOMPARE(::stat(native.constData(), &after), 0);
    QCOMPARE(int(after.st_uid), 0);
    QCOMPARE(int(after.st_gid), 65534);
    QCOMPARE(int(after.st_mode & 07777), 0664);
    const QByteArray text = test::readFile(path);
    QVERIFY2(text.contains("LICENSE_INSTALL_ID=abc") && text.contains("LICENSE_FINGERPRINT=sha256:ff") && text.endsWith('\n'), text.constData());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temporary file left behind

    // A read-only file keeps its mode too (Qt's copy gave it owner-write: 0440 became 0640).
    QCOMPARE(::chmod(native.constData(), 0440), 0);
    EnvFile readOnly;
    QVERIFY(readOnly.load(path));
    readOnly.set(QStringLiteral("NOTE"), QStringLiteral("x"));
    QVERIFY2(readOnly.save(), qPrintable(readOnly.errorString())); // root may write it
    QCOMPARE(::stat(native.constData(), &after), 0);
    QCOMPARE(int(after.st_mode & 07777), 0440);
    QCOMPARE(::chmod(native.constData(), 0664), 0);

    // As a member of the group again, in a folder it may not write (the HMS's own folder, where
    // the web group may write .env itself): written in place (it was refused).
    QCOMPARE(::chown(QFile::encodeName(dir.path()).constData(), 0, 65534), 0);
    QCOMPARE(::chmod(QFile::encodeName(dir.path()).constData(), 0750), 0);
    QCOMPARE(saveAsGroupMember(path, {{QStringLiteral("LICENSE_KEY_HASH"), QStringLiteral("sha256:ee")}}), 0);
    QVERIFY(test::readFile(path).contains("LICENSE_KEY_HASH=sha256:ee\n"));
    QCOMPARE(::stat(native.constData(), &after), 0);
    QCOMPARE(int(after.st_uid), 0);
    QCOMPARE(int(after.st_gid), 65534);
#endif
}

void TestEnvFile::inPlaceWriteOnAFullDiskChangesNothing()
{
#ifndef Q_OS_UNIX
    QSKIP("the in-place write (keeping a POSIX owner) does not exist on Windows");
#else
    // The in-place write may only follow a whole copy that proved the disk has room. On a full
    // disk it went ahead anyway, cut the HMS's settings file short (DB_PASSWORD, APP_KEY gone),
    // and said "nothing was changed".
    QTemporaryDir dir;
    test::TmpfsMount disk(dir.path(), QStringLiteral("256k"));
    if (!disk.ok())
        QSKIP(qPrintable(disk.error()));
    const QString path = dir.filePath(QStringLiteral(".env"));
    QByteArray text = "APP_NAME=Hotel\nLICENSE_KEY_HASH=\n";
    for (int i = 0; i < 60; ++i)
        text += "# " + QByteArray(60, 'x') + "\n";
    text += "DB_PASSWORD=secret\nAPP_KEY=base64:abc\n";
    QVERIFY(test::writeFile(path, text));
    const QByteArray native = QFile::encodeName(path);
    QCOMPARE(::chown(native.constData(), 0, 65534), 0);
    QCOMPARE(::chmod(native.constData(), 0664), 0);
    QCOMPARE(::chmod(QFile::encodeName(dir.path()).constData(), 0777), 0);
    QVERIFY(disk.fill(QStringLiteral("filler")));
    QCOMPARE(saveAsGroupMember(path, {{QStringLiteral("LICENSE_KEY_HASH"), QStringLiteral("sha256:") + QString(64, u'a')},
                                      {QStringLiteral("LICENSE_FINGERPRINT"), QStringLiteral("sha256:") + QString(64, u'b')}}),
             12); // refused…
    QCOMPARE(test::readFile(path), text); // …and not a byte changed
#endif
}

#ifdef Q_OS_UNIX
namespace {
// Saves `path` with one more line as uid/gid 65534 in a child process, in `language`; returns
// what save() said ("saved" when it saved).
QString saveAsStranger(const QString &path, Language language)
{
    int fds[2];
    if (::pipe(fds) != 0)
        return QStringLiteral("no pipe");
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        if (::setgroups(0, nullptr) != 0 || ::setresgid(65534, 65534, 65534) != 0 || ::setresuid(65534, 65534, 65534) != 0)
            ::_exit(10);
        installTranslator(language);
        EnvFile env;
        env.load(path);
        env.set(QStringLiteral("LICENSE_INSTALL_ID"), QStringLiteral("abc"));
        const QByteArray said = env.save() ? QByteArray("saved") : env.errorString().toUtf8();
        ::_exit(::write(fds[1], said.constData(), size_t(said.size())) == said.size() ? 0 : 11);
    }
    ::close(fds[1]);
    QByteArray said;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
        said.append(buffer, n);
    ::close(fds[0]);
    int status = -1;
    ::waitpid(pid, &status, 0);
    return QString::fromUtf8(said);
}
} // namespace
#endif

void TestEnvFile::refusedByItsPermissionsSaysSo()
{
#ifndef Q_OS_UNIX
    QSKIP("file permissions are a POSIX matter here; on Windows a refused write may be a scanner holding the file, and is retried");
#else
    if (!test::runningAsRoot())
        QSKIP("needs root to save as another user (CI runs as root)");
    // A settings file this user may not write said "check free disk space and that this user may
    // write to the folder" after Qt's English "Existing file … is not writable", inside the
    // Indonesian sentence, and was retried for 0.75 s first. Now it says what stands in the way.
    QTemporaryDir dir;
    QCOMPARE(::chmod(QFile::encodeName(dir.path()).constData(), 0755), 0); // root's; others may enter
    const QString path = dir.filePath(QStringLiteral(".env"));
    QVERIFY(test::writeFile(path, "APP_NAME=Hotel\n"));
    QCOMPARE(::chmod(QFile::encodeName(path).constData(), 0644), 0);
    QString said = saveAsStranger(path, Language::English);
    QVERIFY2(said.contains(QStringLiteral("this user may not write %1 (its permissions)").arg(QDir::toNativeSeparators(path)))
                 && said.contains(QLatin1String("Let this user write it")) && !said.contains(QLatin1String("disk space")),
             qPrintable(said));
    said = saveAsStranger(path, Language::Indonesian);
    QVERIFY2(said.contains(QLatin1String("tidak boleh menulis")) && !said.contains(QLatin1String("writable"))
                 && !said.contains(QLatin1String("Permission")) && !said.contains(QLatin1String("ruang disk")),
             qPrintable(said));
    QCOMPARE(test::readFile(path), QByteArray("APP_NAME=Hotel\n"));

    // No file yet, in a folder this user may not write: the folder is named.
    QVERIFY(QFile::remove(path));
    said = saveAsStranger(path, Language::English);
    QVERIFY2(said.contains(QStringLiteral("may not create files in the folder %1").arg(QDir::toNativeSeparators(dir.path()))), qPrintable(said));
    QVERIFY(!QFileInfo::exists(path));
#endif
}

QTEST_GUILESS_MAIN(TestEnvFile)
#include "tst_envfile.moc"
