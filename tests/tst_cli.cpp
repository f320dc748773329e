// Runs the real hotelhub-license binary against data dirs prepared through the core.
#include "Clock.h"
#include "Database.h"
#include "EnvFile.h"
#include "Jws.h"
#include "LicenseManager.h"
#include "SecretKeyStore.h"
#include "StartOptions.h"
#include "TerminalText.h"
#include "TestSupport.h"
#include "Translations.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QSqlQuery>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QProcess>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace hotelhub;
using namespace hotelhub::test;

namespace {
struct Run { int exitCode = -1; QString out; QString err; };

Run cli(const QStringList &args, const QMap<QString, QString> &extraEnv = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOTELHUB_KEYSTORE"), QStringLiteral("file"));
    env.remove(QStringLiteral("HOTELHUB_DATA_DIR"));
    env.remove(QStringLiteral("HOTELHUB_ENV"));
    env.remove(QStringLiteral("HOTELHUB_LANG"));
    for (auto it = extraEnv.begin(); it != extraEnv.end(); ++it)
        env.insert(it.key(), it.value());
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(HOTELHUB_LICENSE_PATH), args);
    if (!p.waitForFinished(60000))
        qFatal("hotelhub-license did not finish");
    // A console program's text on Windows ends its lines with CRLF; the tests read lines.
    auto text = [](const QByteArray &bytes) { return QString::fromUtf8(bytes).replace(QStringLiteral("\r\n"), QStringLiteral("\n")); };
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, text(p.readAllStandardOutput()), text(p.readAllStandardError())};
}

QJsonObject json(const Run &r) { return QJsonDocument::fromJson(r.out.toUtf8()).object(); }

QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

// The checks of a diagnostic or status JSON array by id.
QHash<QString, QJsonObject> checksById(const QJsonArray &checks)
{
    QHash<QString, QJsonObject> out;
    for (const QJsonValue &c : checks)
        out.insert(c.toObject().value(QStringLiteral("id")).toString(), c.toObject());
    return out;
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void helpAndUsage();
    void helpListsExactlyTheCommandsTheParserTakes();
    void bootstrapPrintsIdentity();
    void unpairedStatus();
    void unwritableOutputIsAnError();
    void namedDataFolderMustExistToBeRead();
    void pairedStatusAndWhatIf();
    void badAtValue();
    void diagnosticWhenHealthy();
    void copiedDataDirShowsWhichComponent();
    void corruptDatabaseIsReportedNotTouched();
    void emptyOrTruncatedDatabaseIsRefused_data();
    void emptyOrTruncatedDatabaseIsRefused();
    void forcedBootstrapAfterMovingAsideKeepsInstallId();
    void diskFullIsNotDamage();
    void readOnlyDataFolderStillReports();
    void missingEnvFile();
    void jsonAnswersEvenWhenItStopsEarly();
    void envLinesTheHmsCannotLoadAreNamed();
    void malformedKeyKeepsTheRealState();
    void publicKeyPathMustBeASmallRegularFile();
    void badCaFileStopsOnlyTheNetwork();
    void badTimeoutIsSaidAndTheDefaultUsed();
    void refusedReasonMasksTheKeyGiven();
    void languages();
    void terminalCellsKeepTheirColumns();
    void twoOpensInOneProcessKeepTheWal();

private:
    void pairHere(); // pairs m_data through the core, as `pair` will do over the network
    QStringList base() const { return {QStringLiteral("--data-dir"), m_data}; }

    std::unique_ptr<TestVendorKey> m_vendor;
    std::unique_ptr<QTemporaryDir> m_root;
    QString m_data;
};

void TestCli::initTestCase() { m_vendor = std::make_unique<TestVendorKey>(KeyAlgorithm::Ed25519); }

void TestCli::init()
{
    m_root = std::make_unique<QTemporaryDir>();
    m_data = m_root->filePath(QStringLiteral("data"));
    QDir().mkpath(m_data);
    EnvFile env;
    env.load(m_data + QStringLiteral("/hotelhub.env"));
    env.set(QStringLiteral("LICENSE_PUBLIC_KEY_PATH"), m_vendor->writePublicKey(m_root->path()));
    env.set(QStringLiteral("LICENSE_PUBLIC_KEY_HASH"), m_vendor->publicSha256);
    QVERIFY(env.save());
}

void TestCli::pairHere()
{
    QString error;
    QVERIFY2(preparePairedDataDir(m_data, *m_vendor, &error), qPrintable(error));
}

void TestCli::helpAndUsage()
{
    const Run help = cli({QStringLiteral("--help"), QStringLiteral("--lang"), QStringLiteral("en")});
    QCOMPARE(help.exitCode, 0);
    for (const char *word : {"bootstrap", "status", "diagnostic", "Exit codes", "12"})
        QVERIFY2(help.out.contains(QLatin1String(word)), word);
    QCOMPARE(cli({}).exitCode, 2);
    QCOMPARE(cli(base() << QStringLiteral("frobnicate")).exitCode, 2);
    // A key given as a word is never echoed whole (helper-37).
    const Run keyAsWord = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("pair") << QStringLiteral("HMS-ABCDE-23456-FGHJK-78901"));
    QCOMPARE(keyAsWord.exitCode, 2);
    QVERIFY2(!keyAsWord.err.contains(QLatin1String("23456-FGHJK")) && keyAsWord.err.contains(QStringLiteral("HMS-ABCDE-")), qPrintable(keyAsWord.err));
    // Nor as an option, after "key=", or a character short (helper-38: spelt out letter by
    // letter, or printed whole).
    for (const QStringList &args : {QStringList{QStringLiteral("status"), QStringLiteral("-HMS-ABCDE-23456-FGHJK-78901")},
                                    QStringList{QStringLiteral("pair"), QStringLiteral("--key"), QStringLiteral("-HMS-ABCDE-23456-FGHJK-78901")},
                                    QStringList{QStringLiteral("key=HMS-ABCDE-23456-FGHJK-78901")},
                                    QStringList{QStringLiteral("statsu"), QStringLiteral("HMS-ABCDE-23456-FGHJK-7890")},
                                    // The key given for the answer file or as the request's file name (helper-39).
                                    QStringList{QStringLiteral("offline-apply"), QStringLiteral("HMS-ABCDE-23456-FGHJK-78901")},
                                    QStringList{QStringLiteral("offline-request"), QStringLiteral("--out"), QStringLiteral("HMS_ABCDE_23456_FGHJK_78901")}}) {
        const Run r = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(!r.err.contains(QLatin1String("23456")) && !r.err.contains(QLatin1String("H, M, S")) && r.err.contains(QStringLiteral("HMS-ABCDE-")),
                 qPrintable(r.err));
    }
    QCOMPARE(cli(base() << QStringLiteral("status") << QStringLiteral("--force")).exitCode, 2);
    QCOMPARE(cli(base() << QStringLiteral("status") << QStringLiteral("--no-such-flag")).exitCode, 2);
    // An option that follows a valued one was taken for its value: "--reason --yes" unpaired with
    // the reason "--yes" and no confirmation asked; "--data-dir --json" looked for a folder "--json".
    for (const QStringList &args : {QStringList{QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("unpair"), QStringLiteral("--reason"), QStringLiteral("--yes")},
                                    QStringList{QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("status"), QStringLiteral("--data-dir"), QStringLiteral("--json")},
                                    QStringList{QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("status"), QStringLiteral("--at"), QStringLiteral("--json")},
                                    // Any option-like word, known or not, one dash or two: "--reason -y --yes" and
                                    // "--reason --bogus --yes" unpaired with that reason (outside check, helper-36).
                                    QStringList{QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("unpair"), QStringLiteral("--yes"), QStringLiteral("--reason"), QStringLiteral("-y")},
                                    QStringList{QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("unpair"), QStringLiteral("--yes"), QStringLiteral("--reason"), QStringLiteral("--bogus")}}) {
        const Run taken = cli(args);
        QCOMPARE(taken.exitCode, 2);
        QVERIFY2(taken.err.startsWith(QStringLiteral("%1 needs a value, but it is followed by %2").arg(args.at(args.size() - 2), args.last())), qPrintable(taken.err));
    }
    // "=" names the value on purpose: not "followed by" (helper-37). "-" is no folder: the CLI
    // made a data folder named "-" in the working directory.
    const Run equals = cli({QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("status"), QStringLiteral("--data-dir=--json")});
    QCOMPARE(equals.exitCode, 2);
    QVERIFY2(equals.err.startsWith(QLatin1String("--data-dir=--json: a name that starts with \"--\" cannot be told from an option")), qPrintable(equals.err));
    QTemporaryDir cwd;
    QProcess dash;
    dash.setWorkingDirectory(cwd.path());
    dash.start(QStringLiteral(HOTELHUB_LICENSE_PATH), {QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--data-dir"), QStringLiteral("-"), QStringLiteral("bootstrap")});
    QVERIFY(dash.waitForFinished(20000));
    QCOMPARE(dash.exitCode(), 2);
    const QString dashErr = QString::fromUtf8(dash.readAllStandardError());
    QVERIFY2(dashErr.startsWith(QLatin1String("--data-dir -: a folder or settings file cannot be standard input")), qPrintable(dashErr));
    QVERIFY(!QFileInfo::exists(cwd.filePath(QStringLiteral("-"))));
    // In the language asked for, though the refusal comes before the command is read.
    const Run indonesian = cli({QStringLiteral("--lang"), QStringLiteral("id"), QStringLiteral("status"), QStringLiteral("--data-dir"), QStringLiteral("--json")});
    QVERIFY2(indonesian.err.startsWith(QLatin1String("--data-dir memerlukan nilai")), qPrintable(indonesian.err));
    // Qt's own refusals (a value missing at the end, an unknown option) in the language asked for
    // too: they were worded before --lang was read, in English (outside check).
    const Run missing = cli({QStringLiteral("--lang"), QStringLiteral("id"), QStringLiteral("status"), QStringLiteral("--at")});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.startsWith(QLatin1String("Nilai setelah '--at' tidak ada")), qPrintable(missing.err));
    // A path, a reason or an argument with a control character: refused and shown as <U+…>. It
    // was printed back as is (an escape sequence reached the terminal), and bootstrap and
    // offline-request made a folder or a file with a newline in its name (outside check).
    const QString scratch = QDir(m_data).filePath(QStringLiteral("scratch"));
    for (const QStringList &args : {QStringList{QStringLiteral("--data-dir"), scratch + QStringLiteral("\ny"), QStringLiteral("bootstrap")},
                                    QStringList{QStringLiteral("--env"), scratch + QStringLiteral("\x1b[31my"), QStringLiteral("status")},
                                    base() << QStringLiteral("offline-request") << QStringLiteral("--out") << scratch + QStringLiteral("\nx"),
                                    base() << QStringLiteral("unpair") << QStringLiteral("--reason") << QStringLiteral("sold\x1b]0;T\x07") << QStringLiteral("--yes"),
                                    base() << QStringLiteral("offline-apply") << scratch + QStringLiteral("\tz")}) {
        const Run broken = cli(QStringList{QStringLiteral("--lang"), QStringLiteral("en")} + args);
        QVERIFY2(broken.exitCode == 2, qPrintable(args.join(u' ') + u' ' + broken.err));
        QVERIFY2(broken.err.contains(QLatin1String("control character")) && broken.err.contains(QLatin1String("<U+00"))
                     && StartOptions::isOneLine(broken.err.trimmed()),
                 qPrintable(StartOptions::shownOnOneLine(broken.err)));
    }
    QVERIFY(QDir(m_data).entryList({QStringLiteral("scratch*")}).isEmpty());
    const Run fromEnvironment = cli(base() << QStringLiteral("status") << QStringLiteral("--lang") << QStringLiteral("en"),
                                    {{QStringLiteral("HOTELHUB_ENV"), scratch + QStringLiteral("\n")}});
    QCOMPARE(fromEnvironment.exitCode, 2);
    QVERIFY2(fromEnvironment.err.contains(QLatin1String("HOTELHUB_ENV=")) && fromEnvironment.err.contains(QLatin1String("<U+000A>")), qPrintable(fromEnvironment.err));
#ifdef Q_OS_WIN
    // The task is for the machine-wide folder only (SYSTEM cannot read a user's key): for this
    // test's folder it refuses and names the command that works.
    const Run task = cli(base() << QStringLiteral("schedule-heartbeat") << QStringLiteral("--lang") << QStringLiteral("en"));
    QCOMPARE(task.exitCode, 2);
    QVERIFY2(task.err.contains(QLatin1String("--data-dir")) && task.err.contains(QLatin1String("HotelHub\\license")), qPrintable(task.err));
#else
    // The Windows heartbeat task: elsewhere it names the systemd timer instead of pretending.
    const Run task = cli(base() << QStringLiteral("schedule-heartbeat") << QStringLiteral("--lang") << QStringLiteral("en"));
    QCOMPARE(task.exitCode, 3);
    QVERIFY2(task.err.contains(QLatin1String("systemctl enable --now hotelhub-license-heartbeat.timer")), qPrintable(task.err));
#endif
}

// Issue 12: one table makes the commands, so --help lists each command the parser takes, and
// no other. The expected list is the CLI's documented interface (README "The CLI").
void TestCli::helpListsExactlyTheCommandsTheParserTakes()
{
    const QStringList documented{QStringLiteral("bootstrap"), QStringLiteral("pair"), QStringLiteral("status"),
                                 QStringLiteral("heartbeat"), QStringLiteral("heartbeat-retry"), QStringLiteral("rotate-token"),
                                 QStringLiteral("unpair"), QStringLiteral("migrate"), QStringLiteral("offline-request"),
                                 QStringLiteral("offline-apply"), QStringLiteral("diagnostic"),
                                 QStringLiteral("schedule-heartbeat")};
    const QStringList english{QStringLiteral("--lang"), QStringLiteral("en")};

    // The help's commands: the lines indented by two spaces between "Commands:" and the blank line.
    const Run help = cli(QStringList{QStringLiteral("--help")} << english);
    QCOMPARE(help.exitCode, 0);
    const QStringList lines = help.out.split(u'\n');
    const qsizetype start = lines.indexOf(QStringLiteral("Commands:"));
    QVERIFY(start >= 0);
    QStringList listed;
    for (qsizetype i = start + 1; i < lines.size() && !lines.at(i).isEmpty(); ++i)
        if (lines.at(i).startsWith(QLatin1String("  ")) && lines.at(i).at(2) != u' ')
            listed << lines.at(i).mid(2).section(u' ', 0, 0);
    QCOMPARE(listed, documented);

    // The parser takes each: an option the command does not take is refused by naming the command,
    // not as an unknown command. No command takes both --force and --offline, so nothing runs.
    for (const QString &command : documented) {
        const Run r = cli(base() << english << command << QStringLiteral("--force") << QStringLiteral("--offline"));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("does not apply to '%1'").arg(command)), qPrintable(command + u'\n' + r.err.left(300)));
    }
    // A command the help does not list is unknown: the usage exit code, and the help again.
    for (const QString &unknown : {QStringLiteral("frobnicate"), QStringLiteral("Status"), QStringLiteral("help")}) {
        const Run r = cli(base() << english << unknown);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("Unknown command")), qPrintable(unknown));
        QVERIFY(r.err.contains(QLatin1String("Commands:")));
    }
}

void TestCli::bootstrapPrintsIdentity()
{
    const Run first = cli(base() << QStringLiteral("bootstrap"));
    QCOMPARE(first.exitCode, 0);
    QVERIFY(first.out.contains(QLatin1String("install_id: ")));
    QVERIFY(first.out.contains(QLatin1String("fingerprint: sha256:")));
    const Run second = cli(base() << QStringLiteral("bootstrap"));
    QCOMPARE(second.out, first.out);
    const Run forced = cli(base() << QStringLiteral("bootstrap") << QStringLiteral("--force"));
    QCOMPARE(forced.exitCode, 0);
    QVERIFY(forced.out != first.out);
}

void TestCli::unpairedStatus()
{
    const Run r = cli(base() << QStringLiteral("status") << QStringLiteral("--json"));
    QCOMPARE(r.exitCode, 10);
    const QJsonObject o = json(r);
    QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("unpaired"));
    QCOMPARE(o.value(QStringLiteral("mode")).toString(), QStringLiteral("setup"));
    // Said once (it read "Lisensi belum disiapkan; belum disiapkan"; outside check).
    const Run text = cli(base() << QStringLiteral("--lang") << QStringLiteral("id") << QStringLiteral("status"));
    QVERIFY2(text.out.startsWith(QStringLiteral("Status: Lisensi belum disiapkan (kode: unpaired, setup)\n")), qPrintable(text.out));
    // Unpairing what is not paired: the message once, the code line without it again ("(code
    // not_paired; This installation is not paired with a licence.)").
    const Run unpair = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("unpair") << QStringLiteral("--yes"));
    QCOMPARE(unpair.exitCode, 10);
    QVERIFY2(unpair.err.contains(QLatin1String("(code not_paired)")) && unpair.err.count(QLatin1String("not paired with a licence")) == 1,
             qPrintable(unpair.err));
}

// An answer that never reached its reader (stdout on a full disk, or closed) is not a success:
// a script would take the silence for "nothing to report".
void TestCli::unwritableOutputIsAnError()
{
    const auto run = [this](const QString &target, const QString &lang) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOTELHUB_KEYSTORE"), QStringLiteral("file"));
        p.setProcessEnvironment(env);
        p.setStandardOutputFile(target);
        p.start(QStringLiteral(HOTELHUB_LICENSE_PATH), base() << QStringLiteral("--lang") << lang << QStringLiteral("status") << QStringLiteral("--json"));
        if (!p.waitForFinished(60000))
            qFatal("hotelhub-license did not finish");
        return Run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, {}, QString::fromUtf8(p.readAllStandardError())};
    };
    QCOMPARE(run(QProcess::nullDevice(), QStringLiteral("en")).exitCode, 10); // written (and thrown away): the status's own code
    if (!QFileInfo::exists(QStringLiteral("/dev/full")))
        QSKIP("this system has no /dev/full, a device whose every write fails with 'disk full'");
    const Run en = run(QStringLiteral("/dev/full"), QStringLiteral("en"));
    QCOMPARE(en.exitCode, 8);
    QVERIFY2(en.err.contains(QLatin1String("could not be written to standard output")) && en.err.contains(QLatin1String("exit code 10")), qPrintable(en.err));
    const Run id = run(QStringLiteral("/dev/full"), QStringLiteral("id"));
    QCOMPARE(id.exitCode, 8);
    QVERIFY2(id.err.contains(QLatin1String("keluaran standar")) && id.err.contains(QLatin1String("10")), qPrintable(id.err));
    // A --json answer that said why the command stopped: the reason is said on stderr instead of
    // being lost with it (stderr said only "ran to the end").
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOTELHUB_KEYSTORE"), QStringLiteral("file"));
    p.setProcessEnvironment(env);
    p.setStandardOutputFile(QStringLiteral("/dev/full"));
    const QString typo = m_root->filePath(QStringLiteral("no-such"));
    p.start(QStringLiteral(HOTELHUB_LICENSE_PATH), {QStringLiteral("--data-dir"), typo, QStringLiteral("--lang"), QStringLiteral("en"),
                                                   QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY(p.waitForFinished(60000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitCode(), 8);
    QVERIFY2(err.contains(QLatin1String("exit code 3")) && err.contains(QLatin1String("does not exist")) && !err.contains(QLatin1String("ran to the end")),
             qPrintable(err));
    // An offline request whose text was lost is not "made, send it": it says none of it reached
    // the owner and how to get it (before: "Activation request made. Send it…", then "the command
    // ran to the end").
    const QString request = m_root->filePath(QStringLiteral("request.txt"));
    for (const bool toFile : {false, true}) {
        for (const bool json : {false, true}) {
            QProcess o;
            o.setProcessEnvironment(env);
            o.setStandardOutputFile(QStringLiteral("/dev/full"));
            QStringList args = base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("offline-request")
                                      << QStringLiteral("--key") << QStringLiteral("HMS-AAAAA-BBBBB-CCCCC-DDDDD");
            if (toFile)
                args << QStringLiteral("--out") << request;
            if (json)
                args << QStringLiteral("--json");
            o.start(QStringLiteral(HOTELHUB_LICENSE_PATH), args);
            QVERIFY(o.waitForFinished(60000));
            const QString said = QString::fromUtf8(o.readAllStandardError());
            QCOMPARE(o.exitCode(), 8);
            QVERIFY2(!said.contains(QLatin1String("request made")) && !said.contains(QLatin1String("ran to the end")), qPrintable(said));
            if (toFile)
                QVERIFY2(said.contains(QLatin1String("is saved in")) && said.contains(QDir::toNativeSeparators(request)), qPrintable(said));
            else
                QVERIFY2(said.contains(QLatin1String("none of it reached you")) && said.contains(QLatin1String("--out FILE")), qPrintable(said));
        }
    }
    QVERIFY(readFile(request).startsWith("HHQ1:"));
}

// status and diagnostic only read: a --data-dir (or HOTELHUB_DATA_DIR) with a typo in it is named
// as missing, and nothing is created there (before, an empty folder and database appeared and the
// answer was "not set up yet").
void TestCli::namedDataFolderMustExistToBeRead()
{
    const QString typo = m_root->filePath(QStringLiteral("no-such/data"));
    // heartbeat-retry under a timer with a typo said "Not paired: nothing to send" and exited 0.
    for (const char *command : {"status", "diagnostic", "heartbeat-retry", "heartbeat", "rotate-token"}) {
        const Run r = cli({QStringLiteral("--data-dir"), typo, QStringLiteral("--lang"), QStringLiteral("en"), QLatin1String(command)});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("does not exist")) && r.err.contains(QDir::toNativeSeparators(typo)), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(m_root->filePath(QStringLiteral("no-such"))));
        const Run byEnv = cli({QStringLiteral("--lang"), QStringLiteral("id"), QLatin1String(command)}, {{QStringLiteral("HOTELHUB_DATA_DIR"), typo}});
        QCOMPARE(byEnv.exitCode, 3);
        QVERIFY2(byEnv.err.contains(QLatin1String("tidak ada")) && byEnv.err.contains(QLatin1String("HOTELHUB_DATA_DIR")), qPrintable(byEnv.err));
        QVERIFY(!QFileInfo::exists(m_root->filePath(QStringLiteral("no-such"))));
    }
    // A folder that exists but holds nothing yet is simply not set up.
    QCOMPARE(cli({QStringLiteral("--data-dir"), m_data, QStringLiteral("status")}).exitCode, 10);
    // Setting up creates the folder, as before.
    QCOMPARE(cli({QStringLiteral("--data-dir"), typo, QStringLiteral("bootstrap")}).exitCode, 0);
    QVERIFY(QFileInfo(typo).isDir());
    // A script's empty variable (--data-dir "$DIR") meant the default folder, in silence.
    for (const char *option : {"--data-dir", "--env"}) {
        const Run empty = cli({QLatin1String(option), QString(), QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("bootstrap")});
        QCOMPARE(empty.exitCode, 2);
        QVERIFY2(empty.err.contains(QStringLiteral("%1 is empty").arg(QLatin1String(option))), qPrintable(empty.err));
    }
    // The HMS's web root named by mistake: a reading command neither creates a database there
    // nor makes the folder owner-only (which locked the web server out of it); setting up there,
    // asked for, creates the database and still leaves the folder's permissions alone.
    // A folder or a settings file named after the licence key: the refusal repeats the path, with
    // the key whole in it (helper-41).
    const QString keyed = m_root->filePath(QStringLiteral("HMS-KQ7RM-2V9XT-PL4NW-8CJ3D"));
    for (const QStringList &args : {QStringList{QStringLiteral("--data-dir"), keyed, QStringLiteral("status")},
                                    QStringList{QStringLiteral("--data-dir"), keyed, QStringLiteral("status"), QStringLiteral("--json")},
                                    base() << QStringLiteral("--env") << keyed << QStringLiteral("status") << QStringLiteral("--json")}) {
        const Run r = cli(args);
        QVERIFY2(r.exitCode == 3 && !(r.out + r.err).contains(QLatin1String("2V9XT")) && (r.out + r.err).contains(QLatin1String("KQ7RM")),
                 qPrintable(r.out + r.err));
    }
    const QString www = m_root->filePath(QStringLiteral("www"));
    QVERIFY(QDir().mkpath(www));
    QVERIFY(writeFile(www + QStringLiteral("/index.php"), "<?php\n"));
    QFile::setPermissions(www, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
                                   | QFileDevice::ExeGroup);
    const QFileDevice::Permissions wwwMode = QFileInfo(www).permissions();
    for (const char *command : {"status", "diagnostic"}) {
        QStringList args{QStringLiteral("--data-dir"), www, QStringLiteral("--lang"), QStringLiteral("en"), QLatin1String(command)};
        if (qstrcmp(command, "diagnostic") == 0)
            args << QStringLiteral("--offline");
        const Run r = cli(args);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("holds other files")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(www + QStringLiteral("/hotelhub.sqlite")));
        QCOMPARE(QFileInfo(www).permissions(), wwwMode);
    }
    QCOMPARE(cli({QStringLiteral("--data-dir"), www, QStringLiteral("bootstrap")}).exitCode, 0);
    QVERIFY(QFileInfo::exists(www + QStringLiteral("/hotelhub.sqlite")));
    QCOMPARE(QFileInfo(www).permissions(), wwwMode);
    // A file where the folder should be is named as such, not "cannot create".
    const QString file = m_root->filePath(QStringLiteral("a-file"));
    QVERIFY(writeFile(file, "x"));
    for (const char *command : {"status", "bootstrap"}) {
        const Run r = cli({QStringLiteral("--data-dir"), file, QStringLiteral("--lang"), QStringLiteral("en"), QLatin1String(command)});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("is a file, not a folder")), qPrintable(r.err));
    }
}

void TestCli::pairedStatusAndWhatIf()
{
    pairHere();
    Run r = cli(base() << QStringLiteral("status") << QStringLiteral("--json"));
    QCOMPARE(r.exitCode, 0);
    QJsonObject o = json(r);
    QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("paired"));
    QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    QCOMPARE(o.value(QStringLiteral("plan")).toString(), QStringLiteral("standalone-pro"));
    QVERIFY(!r.out.contains(QLatin1String("eyJ")));
    // For a person the moments are in this computer's time (a hotel in Bali), for scripts in UTC.
    const QDateTime last = QDateTime::fromString(o.value(QStringLiteral("last_heartbeat")).toString(), Qt::ISODate);
    QVERIFY(last.isValid());
#ifdef Q_OS_WIN
    // Windows reads its zone from the system, not TZ: the line is in this machine's zone, with
    // the short name people read (never Windows' long zone name).
    r = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("status"));
    const QDateTime local = last.toLocalTime();
    const QString shown = QLocale(QLocale::English).toString(local, QStringLiteral("d MMMM yyyy HH:mm ")) + zoneAbbreviation(local);
    QVERIFY2(!shown.contains(QLatin1String("Standard Time")), qPrintable(shown));
    QVERIFY2(r.out.contains(QStringLiteral("Last heartbeat: %1").arg(shown)), qPrintable(r.out));
#else
    r = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("status"), {{QStringLiteral("TZ"), QStringLiteral("Asia/Makassar")}});
    // One date format everywhere (issue 12): "22 November 2026 15:52 WITA", not ISO.
    const QString wita = QLocale(QLocale::English).toString(last.toUTC().addSecs(8 * 3600), QStringLiteral("d MMMM yyyy HH:mm"));
    QVERIFY2(r.out.contains(QStringLiteral("Last heartbeat: %1 WITA").arg(wita)), qPrintable(r.out));
#endif

    struct Case { const char *at; const char *state; const char *status; int exit; };
    for (const Case &c : {Case{"+8d", "overdue_warning", "grace", 0}, Case{"+15d", "overdue_critical", "grace", 0},
                          Case{"+31d", "degraded", "degraded", 11}, Case{"+61d", "locked", "locked", 12}}) {
        r = cli(base() << QStringLiteral("status") << QStringLiteral("--json") << QStringLiteral("--at") << QLatin1String(c.at));
        QCOMPARE(r.exitCode, c.exit);
        o = json(r);
        QCOMPARE(o.value(QStringLiteral("state")).toString(), QLatin1String(c.state));
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QLatin1String(c.status));
        QVERIFY2(!r.err.contains(QLatin1String("clock set back")), qPrintable(r.err));
    }
    // Before the last heartbeat: clock_invalid, as a clock set back would be, and said why (it read
    // as this install's clock being wrong; a support engineer asked what the licence was then).
    r = cli(base() << QStringLiteral("status") << QStringLiteral("--json") << QStringLiteral("--at") << QStringLiteral("-3d"));
    QCOMPARE(json(r).value(QStringLiteral("state")).toString(), QStringLiteral("clock_invalid"));
    QVERIFY2(r.err.contains(QLatin1String("before this installation's last contact with the vendor")), qPrintable(r.err));
    // A person reads words in their language; the codes support asks for come once, after
    // "kode:" (outside check: `--lang id` printed "Status: paired (active, mode full)").
    const auto wordsOnly = [](QString text) {
        static const QRegularExpression codes(QStringLiteral("\\((kode|code): [a-z_, ]+\\)"));
        return text.remove(codes);
    };
    static const QRegularExpression englishCode(QStringLiteral("\\b(paired|active|grace|degraded|locked|full|restricted|direct)\\b"));
    struct Said { QStringList args; const char *line; };
    for (const Said &said : {Said{{QStringLiteral("status")}, "Status: Lisensi aktif; semua fitur tersedia (kode: paired, active, full)"},
                             Said{{QStringLiteral("status"), QStringLiteral("--at"), QStringLiteral("+31d")},
                                  "Status: Mode terbatas; hanya baca & laporan (kode: degraded, restricted)"},
                             Said{{QStringLiteral("status"), QStringLiteral("--at"), QStringLiteral("+61d")}, "(kode: locked, offline_too_long)"},
                             Said{{QStringLiteral("diagnostic"), QStringLiteral("--offline")},
                                  "Keadaan: Lisensi aktif; semua fitur tersedia (kode: paired, active, full)"}}) {
        r = cli(base() << QStringLiteral("--lang") << QStringLiteral("id") << said.args);
        QVERIFY2(r.out.contains(QString::fromUtf8(said.line)), qPrintable(r.out));
        const QRegularExpressionMatch english = englishCode.match(wordsOnly(r.out));
        QVERIFY2(!english.hasMatch(), qPrintable(english.captured() + QStringLiteral(" in: ") + r.out));
    }
    // A locked or restricted state's step names the tray's button, and this program's command
    // beside it (helper-38: "press Check again" alone on a console).
    r = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("status") << QStringLiteral("--at") << QStringLiteral("+61d"));
    QVERIFY2(r.out.contains(QLatin1String("  Here: hotelhub-license heartbeat checks again now.")), qPrintable(r.out));
    r = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("status"));
    QVERIFY2(!r.out.contains(QLatin1String("Here:")), qPrintable(r.out));
    // The what-if runs recorded nothing: the real state is still active, with no new audit rows.
    // bootstrap, paired, and the unpaired → active transition.
    r = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("diagnostic") << QStringLiteral("--offline"));
    QVERIFY2(r.out.contains(QLatin1String("Audit log intact (3 entries)")), qPrintable(r.out));
    r = cli(base() << QStringLiteral("status") << QStringLiteral("--json"));
    QCOMPARE(json(r).value(QStringLiteral("state")).toString(), QStringLiteral("active"));
}

void TestCli::badAtValue()
{
    const Run r = cli(base() << QStringLiteral("status") << QStringLiteral("--at") << QStringLiteral("next tuesday"));
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("--at")));
}

void TestCli::diagnosticWhenHealthy()
{
    pairHere();
    const Run r = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("diagnostic") << QStringLiteral("--offline"));
    QCOMPARE(r.exitCode, 0);
    for (const char *line : {"[✓] Public key intact", "[✓] Token valid (exp ", "[✓] Fingerprint matches", "[✓] Last heartbeat ",
                             "Plan: standalone-pro", "Features: channel_manager (not in this plan: ai_demand_forecast)",
                             "Usage: 0/100 rooms, 0/30 users"})
        QVERIFY2(r.out.contains(QString::fromUtf8(line)), line);
    QVERIFY(!r.out.contains(QStringLiteral("[✗]")));
    // The grace ends at a moment, said with its time (a date alone read as the whole of that day,
    // a day later than the moment in UTC; helper-52).
    const Run status = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("status"));
    static const QRegularExpression graceLine(QStringLiteral("Grace until: \\d{1,2} \\w+ \\d{4} \\d{2}:\\d{2} \\S+\\n"));
    QVERIFY2(graceLine.match(status.out).hasMatch(), qPrintable(status.out));
    const Run j = cli(base() << QStringLiteral("diagnostic") << QStringLiteral("--json") << QStringLiteral("--offline"));
    QCOMPARE(json(j).value(QStringLiteral("ok")).toBool(), true);
    // Passed checks carry no failure text.
    for (const QJsonValue &c : json(j).value(QStringLiteral("checks")).toArray()) {
        QVERIFY(c.toObject().value(QStringLiteral("ok")).toBool());
        QVERIFY2(c.toObject().value(QStringLiteral("fix")).isNull(), qPrintable(c.toObject().value(QStringLiteral("id")).toString()));
        QVERIFY(c.toObject().value(QStringLiteral("detail")).isNull());
    }
}

void TestCli::copiedDataDirShowsWhichComponent()
{
    pairHere();
    const QString copy = m_root->filePath(QStringLiteral("restored-backup"));
    QDir().mkpath(copy);
    QDirIterator it(m_data, QDir::Files);
    while (it.hasNext()) {
        const QString from = it.next();
        QVERIFY(QFile::copy(from, copy + u'/' + it.fileName()));
    }
    const Run r = cli({QStringLiteral("--data-dir"), copy, QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 11);
    QCOMPARE(json(r).value(QStringLiteral("state")).toString(), QStringLiteral("fingerprint_mismatch"));
    // The next step says the setup's button and this program's command: a support engineer on a
    // console was told only to press "Move installation" (outside check).
    const Run text = cli({QStringLiteral("--data-dir"), copy, QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("status")});
    QVERIFY2(text.out.contains(QLatin1String("\"Move installation\"")) && text.out.contains(QLatin1String("Here: hotelhub-license migrate --reason")),
             qPrintable(text.out));
    const Run d = cli({QStringLiteral("--data-dir"), copy, QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("diagnostic"), QStringLiteral("--offline")});
    QCOMPARE(d.exitCode, 6);
    QVERIFY2(d.out.contains(QStringLiteral("[✗] Fingerprint matches")), qPrintable(d.out));
    QVERIFY2(d.out.contains(QLatin1String("Changed since pairing: the installation folder (install_path)")), qPrintable(d.out));
}

void TestCli::corruptDatabaseIsReportedNotTouched()
{
    const QString dbFile = m_data + QStringLiteral("/hotelhub.sqlite");
    QFile f(dbFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray("PK\x03\x04 this is a zip file, not a database") + QByteArray(2000, 'x'));
    f.close();
    QFile reread(dbFile);
    QVERIFY(reread.open(QIODevice::ReadOnly));
    const QByteArray before = reread.readAll();
    reread.close();
    for (const char *command : {"status", "diagnostic", "bootstrap"}) {
        const Run r = cli(base() << QLatin1String(command));
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QDir::toNativeSeparators(dbFile)), qPrintable(r.err));
    }
    QVERIFY(reread.open(QIODevice::ReadOnly));
    QCOMPARE(reread.readAll(), before);
}

void TestCli::emptyOrTruncatedDatabaseIsRefused_data()
{
    QTest::addColumn<int>("keep"); // bytes of the paired database left after a power cut
    QTest::newRow("zero bytes") << 0;
    QTest::newRow("first 1000 bytes") << 1000;
}

void TestCli::emptyOrTruncatedDatabaseIsRefused()
{
    QFETCH(int, keep);
    pairHere();
    const QString dbFile = m_data + QStringLiteral("/hotelhub.sqlite");
    const QByteArray start = contents(dbFile).left(keep);
    QVERIFY(QFile::remove(dbFile));
    QVERIFY(writeFile(dbFile, start));
    for (const char *command : {"status", "diagnostic", "bootstrap"}) {
        const Run r = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QLatin1String(command));
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QDir::toNativeSeparators(dbFile)), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("`hotelhub-license bootstrap --force`")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("backup")), qPrintable(r.err));
        QCOMPARE(QFileInfo(dbFile).size(), qint64(keep));
        QCOMPARE(contents(dbFile), start);
    }
}

void TestCli::forcedBootstrapAfterMovingAsideKeepsInstallId()
{
    pairHere();
    EnvFile env;
    QVERIFY(env.load(m_data + QStringLiteral("/hotelhub.env")));
    const QString installId = env.value(QStringLiteral("LICENSE_INSTALL_ID"));
    QVERIFY(!installId.isEmpty());
    const QString dbFile = m_data + QStringLiteral("/hotelhub.sqlite");
    QVERIFY(QFile::rename(dbFile, dbFile + QStringLiteral(".broken")));
    const Run r = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("bootstrap") << QStringLiteral("--force"));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("install_id: ") + installId), qPrintable(r.out));
    QVERIFY2(r.err.contains(QLatin1String("LICENSE_INSTALL_ID")), qPrintable(r.err));
    const Run status = cli(base() << QStringLiteral("status") << QStringLiteral("--json"));
    QCOMPARE(status.exitCode, 10); // not paired until the key is paired again
    QCOMPARE(json(status).value(QStringLiteral("install_id")).toString(), installId);
}

void TestCli::diskFullIsNotDamage()
{
    // The real binary on a real full disk: a 256 KiB tmpfs, filled. Mounting needs root; without
    // it the same fault (SQLITE_FULL) is provoked in-process with PRAGMA max_page_count
    // (tst_database::fullDatabaseIsDiskFullNotDamage, tst_licensemanager::forcedBootstrapOnFullDiskChangesNothing).
    TmpfsMount disk(m_root->filePath(QStringLiteral("disk")), QStringLiteral("256k"));
    if (!disk.ok())
        QSKIP(qPrintable(disk.error()));
    const QString data = m_root->filePath(QStringLiteral("disk/data"));
    const QString fresh = m_root->filePath(QStringLiteral("disk/fresh"));
    QVERIFY(QDir().mkpath(data) && QDir().mkpath(fresh));
    const QStringList settings{QStringLiteral("--env"), m_data + QStringLiteral("/hotelhub.env"), QStringLiteral("--lang"), QStringLiteral("en")};
    QCOMPARE(cli(QStringList{QStringLiteral("--data-dir"), data} + settings << QStringLiteral("bootstrap")).exitCode, 0);
    const QString dbFile = data + QStringLiteral("/hotelhub.sqlite");
    const QByteArray before = contents(dbFile);
    QVERIFY(disk.fill(QStringLiteral("filler")));

    const QString free = QLocale(QLocale::English, QLocale::UnitedStates).formattedDataSize(QStorageInfo(data).bytesAvailable());
    const auto saysDiskFull = [&](const QString &said) {
        QVERIFY2(said.startsWith(QLatin1String("Disk full")), qPrintable(said));
        QVERIFY2(said.contains(QDir::toNativeSeparators(dbFile)), qPrintable(said));
        QVERIFY2(said.contains(QStringLiteral("only %1 free").arg(free)), qPrintable(said));
        QVERIFY2(said.contains(QLatin1String("Free up space on that disk, then try again")), qPrintable(said));
        for (const char *never : {"damaged", "delete", "remove", "bootstrap", "move it aside", "backup"})
            QVERIFY2(!said.contains(QLatin1String(never), Qt::CaseInsensitive), never);
    };
    // A change is refused, with the disk named; nothing was changed.
    const Run forced = cli(QStringList{QStringLiteral("--data-dir"), data} + settings << QStringLiteral("bootstrap") << QStringLiteral("--force"));
    QVERIFY2(forced.exitCode != 3, qPrintable(forced.err)); // not "damaged"
    QCOMPARE(forced.exitCode, 7);
    saysDiskFull(forced.err);
    // Reading still answers, with what was last recorded and the full disk as a failed check:
    // status and diagnostic said only "Disk full" (exit 7), so neither the hotel nor support
    // could see the licence's state (outside check, helper-36).
    const Run status = cli(QStringList{QStringLiteral("--data-dir"), data} + settings << QStringLiteral("status") << QStringLiteral("--json"));
    QCOMPARE(status.exitCode, 10); // the licence's own code: not paired yet
    const QJsonObject o = json(status);
    QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("unpaired"));
    const auto failed = checksById(o.value(QStringLiteral("failed_checks")).toArray());
    QVERIFY2(failed.contains(QStringLiteral("disk_space")) && !failed.contains(QStringLiteral("database")), qPrintable(status.out));
    saysDiskFull(failed.value(QStringLiteral("disk_space")).value(QStringLiteral("detail")).toString());
    const Run text = cli(QStringList{QStringLiteral("--data-dir"), data} + settings << QStringLiteral("status"));
    QCOMPARE(text.exitCode, 10);
    QVERIFY2(text.err.contains(QStringLiteral("[✗] Free space for the licence database")) && text.err.contains(QLatin1String("Disk full")), qPrintable(text.err));
    const Run diagnostic = cli(QStringList{QStringLiteral("--data-dir"), data} + settings << QStringLiteral("diagnostic") << QStringLiteral("--offline")
                                                                                       << QStringLiteral("--json"));
    QCOMPARE(diagnostic.exitCode, 6); // diagnostic's own code for a failed check
    QCOMPARE(checksById(json(diagnostic).value(QStringLiteral("checks")).toArray()).value(QStringLiteral("disk_space")).value(QStringLiteral("ok")).toBool(true), false);
    {
        // Another program (the tray) holds the database open, with its side files: the CLI then
        // opens it as usual on the full disk, and said all was well (outside check, helper-37).
        QVERIFY(QFile::remove(m_root->filePath(QStringLiteral("disk/filler"))));
        Database held(dbFile);
        QVERIFY2(held.open(), qPrintable(held.errorString()));
        QVERIFY(QFileInfo::exists(dbFile + QStringLiteral("-shm")));
        QVERIFY(disk.fill(QStringLiteral("filler2")));
        const Run whileHeld = cli(QStringList{QStringLiteral("--data-dir"), data} + settings << QStringLiteral("status") << QStringLiteral("--json"));
        QVERIFY2(checksById(json(whileHeld).value(QStringLiteral("failed_checks")).toArray()).contains(QStringLiteral("disk_space")), qPrintable(whileHeld.out));
        QVERIFY(QFile::remove(m_root->filePath(QStringLiteral("disk/filler2"))));
        QVERIFY(disk.fill(QStringLiteral("filler")));
    }
    QCOMPARE(contents(dbFile), before);

    // A new install on the full disk: refused the same way, and no empty database is left behind
    // for the next start to refuse.
    const Run r = cli(QStringList{QStringLiteral("--data-dir"), fresh} + settings << QStringLiteral("bootstrap"));
    QCOMPARE(r.exitCode, 7);
    QVERIFY2(r.err.contains(QDir::toNativeSeparators(fresh + QStringLiteral("/hotelhub.sqlite"))), qPrintable(r.err));
    QCOMPARE(QDir(fresh).entryList({QStringLiteral("hotelhub.sqlite*")}, QDir::Files), QStringList());
}

void TestCli::readOnlyDataFolderStillReports()
{
    pairHere();
    const QString dbFile = m_data + QStringLiteral("/hotelhub.sqlite");
    const QByteArray before = contents(dbFile);
    const QStringList files = QDir(m_data).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    {
        ReadOnlyFolder readOnly(m_data);
        if (!readOnly.ok())
            QSKIP(qPrintable(readOnly.error()));

        const Run status = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("status") << QStringLiteral("--json"));
        QCOMPARE(status.exitCode, 0); // the licence's own code: paired and active
        const QJsonObject o = json(status);
        QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
        const auto failed = checksById(o.value(QStringLiteral("failed_checks")).toArray());
        QVERIFY2(failed.contains(QStringLiteral("data_dir")), qPrintable(status.out));
        QCOMPARE(failed.value(QStringLiteral("data_dir")).value(QStringLiteral("label")).toString(), QStringLiteral("Data folder writable"));
        QVERIFY(failed.contains(QStringLiteral("database")));

        const Run text = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("status"));
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.err.contains(QStringLiteral("[✗] Data folder writable")), qPrintable(text.err));

        const Run diagnostic = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("diagnostic")
                                          << QStringLiteral("--json") << QStringLiteral("--offline"));
        QCOMPARE(diagnostic.exitCode, 6); // diagnostic's own code for a failed check
        const auto checks = checksById(json(diagnostic).value(QStringLiteral("checks")).toArray());
        QCOMPARE(checks.value(QStringLiteral("data_dir")).value(QStringLiteral("ok")).toBool(true), false);
        QCOMPARE(checks.value(QStringLiteral("database")).value(QStringLiteral("ok")).toBool(true), false);
        for (const char *fine : {"token", "fingerprint", "public_key", "audit_chain"})
            QVERIFY2(checks.value(QLatin1String(fine)).value(QStringLiteral("ok")).toBool(), fine);
    }
    QCOMPARE(contents(dbFile), before);
    QCOMPARE(QDir(m_data).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), files);
}

void TestCli::envLinesTheHmsCannotLoadAreNamed()
{
    pairHere();
    const QString path = m_data + QStringLiteral("/hotelhub.env");
    QByteArray text = contents(path);
    text += "APP_NAME=Hotel Melati\nREDIS_PASSWORD=Rahasia#2024\n";
    QVERIFY(writeFile(path, text));
    const int line = int(text.count('\n')) - 1; // APP_NAME's line
    const Run d = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("diagnostic") << QStringLiteral("--json")
                             << QStringLiteral("--offline"));
    QCOMPARE(d.exitCode, 6);
    const QJsonObject check = checksById(json(d).value(QStringLiteral("checks")).toArray()).value(QStringLiteral("settings_file"));
    QCOMPARE(check.value(QStringLiteral("ok")).toBool(), false);
    const QString detail = check.value(QStringLiteral("detail")).toString();
    QVERIFY2(detail.contains(QStringLiteral("line %1:").arg(line)) && detail.contains(QStringLiteral("APP_NAME")), qPrintable(detail));
    QVERIFY2(!d.out.contains(QStringLiteral("Rahasia")), qPrintable(d.out)); // no value, no secret
    // Every other command names it too, on stderr, and still works.
    const Run status = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("status"));
    QCOMPARE(status.exitCode, 0);
    QVERIFY2(status.err.contains(QStringLiteral("line %1:").arg(line)), qPrintable(status.err));
}

void TestCli::malformedKeyKeepsTheRealState()
{
    pairHere();
    const QString state = json(cli(base() << QStringLiteral("status") << QStringLiteral("--json"))).value(QStringLiteral("state")).toString();
    QCOMPARE(state, QStringLiteral("active"));
    // Refused before any network call: the reply reports the install as it is, not "unpaired".
    const Run r = cli(base() << QStringLiteral("pair") << QStringLiteral("--key") << QStringLiteral("HMS-ABCDE-12") << QStringLiteral("--json"));
    QVERIFY(r.exitCode != 0);
    QCOMPARE(json(r).value(QStringLiteral("code")).toString(), QStringLiteral("invalid_key"));
    QCOMPARE(json(r).value(QStringLiteral("state")).toString(), state);
    // A key copied from WhatsApp carries zero-width joiners: --key takes it as stdin does (it was
    // refused as "a control character" and printed whole; helper-40).
    const Run z = cli(base() << QStringLiteral("pair") << QStringLiteral("--key") << QStringLiteral("HMS-ABCDE\u200D-23456\u200D-FGHJK\t78901") << QStringLiteral("--json"));
    QVERIFY2(z.exitCode != 2 && json(z).value(QStringLiteral("code")).toString() != QLatin1String("invalid_key"), qPrintable(z.out + z.err));
    QVERIFY2(!(z.out + z.err).contains(QLatin1String("23456")), qPrintable(z.out + z.err));
}

void TestCli::publicKeyPathMustBeASmallRegularFile()
{
    pairHere();
    const QString envPath = m_data + QStringLiteral("/hotelhub.env");
    QStringList targets{m_root->path()}; // a folder
#ifdef Q_OS_UNIX
    targets << QStringLiteral("/dev/zero"); // a device that never ends (Windows has none at a path)
    const QString fifo = m_root->filePath(QStringLiteral("key.fifo"));
    QCOMPARE(QProcess::execute(QStringLiteral("mkfifo"), {fifo}), 0);
    targets << fifo; // opening it would wait for a writer forever
#endif
    const QString big = m_root->filePath(QStringLiteral("big.pem"));
    QVERIFY(writeFile(big, QByteArray(70 * 1024, 'A')));
    targets << big;
    for (const QString &target : targets) {
        EnvFile env;
        QVERIFY(env.load(envPath));
        env.set(QStringLiteral("LICENSE_PUBLIC_KEY_PATH"), target);
        QVERIFY(env.save());
        const Run d = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("diagnostic") << QStringLiteral("--json")
                                 << QStringLiteral("--offline"));
        QCOMPARE(d.exitCode, 6);
        const QJsonObject check = checksById(json(d).value(QStringLiteral("checks")).toArray()).value(QStringLiteral("public_key"));
        QCOMPARE(check.value(QStringLiteral("ok")).toBool(), false);
        const QString detail = check.value(QStringLiteral("detail")).toString();
        QVERIFY2(detail.contains(QStringLiteral("not a regular file")) || detail.contains(QStringLiteral("larger than 64 KiB")), qPrintable(detail));
    }
}

void TestCli::badCaFileStopsOnlyTheNetwork()
{
    pairHere();
    EnvFile env;
    QVERIFY(env.load(m_data + QStringLiteral("/hotelhub.env")));
#ifdef Q_OS_WIN
    env.set(QStringLiteral("LICENSE_CA_FILE"), m_root->path()); // a folder: Windows has no /dev/zero at a path
#else
    env.set(QStringLiteral("LICENSE_CA_FILE"), QStringLiteral("/dev/zero"));
#endif
    QVERIFY(env.save());
    QCOMPARE(cli(base() << QStringLiteral("status")).exitCode, 0); // the licence is still reported
    const Run d = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("diagnostic") << QStringLiteral("--json")
                             << QStringLiteral("--offline"));
    QCOMPARE(d.exitCode, 6);
    const QJsonObject check = checksById(json(d).value(QStringLiteral("checks")).toArray()).value(QStringLiteral("network_settings"));
    QVERIFY2(check.value(QStringLiteral("detail")).toString().contains(QStringLiteral("not a regular file")), qPrintable(d.out));
    // The online diagnostic too lists it as a failed check (it used to stop with one bare line,
    // and print no JSON), and does not call the vendor.
    const Run online = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("diagnostic") << QStringLiteral("--json"));
    QCOMPARE(online.exitCode, 6);
    const auto checks = checksById(json(online).value(QStringLiteral("checks")).toArray());
    QVERIFY2(checks.contains(QStringLiteral("network_settings")), qPrintable(online.out));
    QVERIFY(!checks.value(QStringLiteral("network_settings")).value(QStringLiteral("ok")).toBool(true));
    // The network commands stop, naming it, with a next step and a code; --json gets JSON.
    const Run hb = cli(base() << QStringLiteral("heartbeat"));
    QCOMPARE(hb.exitCode, 3);
    QVERIFY2(hb.err.contains(QLatin1String("LICENSE_CA_FILE")) && hb.err.contains(QStringLiteral("→")) && hb.err.contains(QLatin1String("(code settings")),
             qPrintable(hb.err));
    const Run hbJson = cli(base() << QStringLiteral("heartbeat") << QStringLiteral("--json"));
    QCOMPARE(hbJson.exitCode, 3);
    QCOMPARE(json(hbJson).value(QStringLiteral("code")).toString(), QStringLiteral("settings"));
    QVERIFY(!json(hbJson).value(QStringLiteral("action")).toString().isEmpty());
}

void TestCli::refusedReasonMasksTheKeyGiven()
{
    // The refusal repeats the reason, in which the --key's key stands with two spaces between its
    // groups: masked, as the key was given on the same line (helper-45: shown whole).
    const Run r = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("migrate") << QStringLiteral("--key")
                             << QStringLiteral("HMS-M3F6Y-7HDJX-ZTSW6-4F9VR") << QStringLiteral("--reason")
                             << QStringLiteral("copy M3F6Y  7HDJX  ZTSW6  4F9VR\u034F"));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("U+034F")) && !r.err.contains(QLatin1String("7HDJX")) && !r.err.contains(QLatin1String("ZTSW6")), qPrintable(r.err));
    // A key given as a command, written as the text rules miss it: its own letters and digits.
    const Run unknown = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("M3F6Y, 7HDJX, ZTSW6, 4F9VR"));
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(!unknown.err.contains(QLatin1String("7HDJX")) && unknown.err.contains(QLatin1String("M3F6Y")), qPrintable(unknown.err));
    // The same in a word or a part of a path of an argument, here with escapes for its dashes
    // (helper-48: after "x " or a folder, the text rules read "u002d23456" as letters and showed
    // the third and fourth groups).
    for (const QString &given : {QStringLiteral("x M3F6Y\\u002d7HDJX\\u002dZTSW6\\u002d4F9VR"), QStringLiteral("/tmp/x/M3F6Y\\u002d7HDJX\\u002dZTSW6\\u002d4F9VR"),
                                 QStringLiteral("C:\\keys\\M3F6Y-7HDJX-ZTSW6-4F9VR.txt"),
                                 // Cut at every "\", the escapes broke and the third group showed (helper-49).
                                 QStringLiteral("C:\\keys\\M3F6Y\\u002d7HDJX\\u002dZTSW6\\u002d4F9VR"),
                                 // After ";", and with an extension (helper-50).
                                 QStringLiteral("C:\\keys;M3F6Y\\u002d7HDJX\\u002dZTSW6\\u002d4F9VR"),
                                 QStringLiteral("/tmp/x/M3F6Y\\u002d7HDJX\\u002dZTSW6\\u002d4F9VR.txt"),
                                 // "\x2d" and "\u{2d}" (helper-50: shown whole, with "HMS" too).
                                 QStringLiteral("C:\\keys\\M3F6Y\\x2d7HDJX\\x2dZTSW6\\x2d4F9VR"), QStringLiteral("HMS\\x2dM3F6Y\\x2d7HDJX\\x2dZTSW6\\x2d4F9VR"),
                                 QStringLiteral("M3F6Y\\u{2d}7HDJX\\u{2d}ZTSW6\\u{2d}4F9VR")}) {
        const Run applied = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("offline-apply") << given);
        QVERIFY2(applied.exitCode != 0 && !applied.err.contains(QLatin1String("7HDJX")) && !applied.err.contains(QLatin1String("ZTSW6")), qPrintable(applied.err));
    }
    // A terminal's escape sequence inside the key (helper-50: "31m" broke its shape and the later
    // groups were shown): masked wherever the argument is echoed, and named by the key check.
    for (const QString &given : {QStringLiteral("HMS-M3F6Y-7H\x1B[31mDJX-ZTSW6-4F9VR"), QStringLiteral("HMS-M3F6Y-7H\x1B]0;title\aDJX-ZTSW6-4F9VR"),
                                 QStringLiteral("HMS-M3F6Y-7HDJX-ZT\x1B[1;31mSW6-4F9VR"), QStringLiteral("HMS-M3F6Y-7H\u009B31mDJX-ZTSW6-4F9VR")}) {
        for (const QStringList &args : {QStringList{QStringLiteral("offline-apply"), given}, QStringList{QStringLiteral("pair"), given},
                                        QStringList{QStringLiteral("pair"), QStringLiteral("--key"), given}}) {
            const Run echoed = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << args);
            QVERIFY2(echoed.exitCode == 2 && !echoed.err.contains(QLatin1String("DJX-ZTSW6")) && !echoed.err.contains(QLatin1String("SW6-4F9VR"))
                         && !echoed.err.contains(QChar(0x1B)) && !echoed.err.contains(QChar(0x9B)),
                     qPrintable(echoed.err));
        }
    }
    // Without "HMS" too, as an argument or a folder (in a name with spaces too): the argument is
    // also read without its escape sequences.
    for (const QString &given : {QStringLiteral("M3F6Y-7H\x1B[31mDJX-ZTSW6-4F9VR"), QStringLiteral("M3F6Y 7HDJX ZT\x1B]0;x\aSW6 4F9VR")}) {
        for (const QStringList &args : {QStringList{QStringLiteral("offline-apply"), given},
                                        QStringList{QStringLiteral("--data-dir"), QStringLiteral("/tmp/x/") + given, QStringLiteral("status")}}) {
            const Run echoed = cli(QStringList{QStringLiteral("--lang"), QStringLiteral("en")} << args);
            QVERIFY2(echoed.exitCode == 2 && !echoed.err.contains(QLatin1String("DJX")) && !echoed.err.contains(QLatin1String("SW6 ")),
                     qPrintable(echoed.err));
        }
    }
    // A key with a fifth group joined to it by any separator (helper-51: shown whole).
    for (const char *given : {"M3F6Y--7HDJX--ZTSW6--4F9VR--12345", "M3F6Y, 7HDJX, ZTSW6, 4F9VR, 12345", "M3F6Y - 7HDJX - ZTSW6 - 4F9VR - 12345",
                              "M3F6Y%2D7HDJX%2DZTSW6%2D4F9VR%2D12345", "M3F6Y&#45;7HDJX&#45;ZTSW6&#45;4F9VR&#45;12345", "12345 M3F6Y 7HDJX ZTSW6 4F9VR"}) {
        const Run echoed = cli(QStringList{QStringLiteral("--lang"), QStringLiteral("en"), QLatin1String(given)});
        QVERIFY2(echoed.exitCode == 2 && !echoed.err.contains(QLatin1String("7HDJX")) && !echoed.err.contains(QLatin1String("ZTSW6")), qPrintable(echoed.err));
    }
    // A key in a path or a word with more than one separator between its groups, or after "key="
    // with a file's extension (helper-52: each printed whole).
    for (const QStringList &args : {QStringList{QStringLiteral("--env"), QStringLiteral("/tmp/x/M3F6Y; 7HDJX; ZTSW6; 4F9VR.env"), QStringLiteral("status")},
                                    QStringList{QStringLiteral("--data-dir"), QStringLiteral("/tmp/x/M3F6Y; 7HDJX; ZTSW6; 4F9VR"), QStringLiteral("status")},
                                    QStringList{QStringLiteral("offline-apply"), QStringLiteral("/tmp/x/key=M3F6Y7HDJXZTSW64F9VR.txt")},
                                    QStringList{QStringLiteral("--env"), QStringLiteral("/tmp/x/key=M3F6Y7HDJXZTSW64F9VR.env"), QStringLiteral("status")},
                                    QStringList{QStringLiteral("bogus"), QStringLiteral("M3F6Y</b>7HDJX</b>ZTSW6</b>4F9VR")}}) {
        const Run echoed = cli(QStringList{QStringLiteral("--lang"), QStringLiteral("en")} << args);
        QVERIFY2(echoed.exitCode != 0 && !echoed.err.contains(QLatin1String("7HDJX")) && !echoed.err.contains(QLatin1String("ZTSW6"))
                     && !echoed.out.contains(QLatin1String("7HDJX")),
                 qPrintable(args.join(u' ') + QStringLiteral(": ") + echoed.err));
    }
    // A store whose letters and digits come to twenty is not taken for a key (helper-52: the
    // server printed "SQLIT-•••••-•••••-QLITE"), nor a reason of four words of five.
    const Run store = cli(QStringList{QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--env"), QStringLiteral("sqlite:/tmp/h52-w/v.sqlite"),
                                      QStringLiteral("status")});
    // (On Windows the path is shown made absolute, with its native separators.)
    QVERIFY2(store.err.contains(QDir::toNativeSeparators(QStringLiteral("sqlite:/tmp/h52-w/v.sqlite")).mid(7)) && !store.err.contains(QStringLiteral("•")),
             qPrintable(store.err));
    const Run words = cli(QStringList{QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--env"), QStringLiteral("/tmp/moved after power fault"),
                                      QStringLiteral("status")});
    QVERIFY2(words.err.contains(QDir::toNativeSeparators(QStringLiteral("/tmp/moved after power fault"))), qPrintable(words.err));
    // And the vendor server's echo cut short: masked before the cut (helper-48; tst_server revoke).
    const Run padded = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("pair") << QStringLiteral("--key")
                                  << QStringLiteral("HMS-M3F6Y-7HDJX-ZTSW6-4F9VR") << QString(35, u'a') + QStringLiteral(" M3F6Y, 7HDJX, ZTSW6, 4F9VR"));
    QCOMPARE(padded.exitCode, 2);
    QVERIFY2(!padded.err.contains(QLatin1String("7HDJX")) && !padded.err.contains(QLatin1String("ZTSW6")), qPrintable(padded.err));
    // A key that cannot be one is said as what is wrong with it, on the first line (helper-50:
    // "not in the right format", the character named only in the code line).
    const Run emoji = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("pair") << QStringLiteral("--key")
                                 << QStringLiteral("HMS-M3F6Y-7HDJX-ZTSW6-4F9V\U0001F1EE\U0001F1E9"));
    QVERIFY2(emoji.exitCode == 2 && emoji.err.section(u'\n', 0, 0).contains(QStringLiteral("\"\U0001F1EE\U0001F1E9\"")), qPrintable(emoji.err));
    // A data folder named after the key: every line on stderr and diagnostic's report are masked
    // (helper-50: "Settings file …/HMS-…/hotelhub.env, line 1: …" and the report's paths were whole).
    const QString named = m_data + QStringLiteral("/HMS-M3F6Y-7HDJX-ZTSW6-4F9VR");
    QVERIFY(QDir().mkpath(named));
    {
        QFile env(named + QStringLiteral("/hotelhub.env"));
        QVERIFY(env.open(QIODevice::WriteOnly));
        env.write("APP_NAME=Hotel Melati\n");
    }
    const QStringList here{QStringLiteral("--data-dir"), named, QStringLiteral("--env"), named + QStringLiteral("/hotelhub.env"), QStringLiteral("--lang"),
                           QStringLiteral("en")};
    for (const QStringList &command : {QStringList{QStringLiteral("status")}, QStringList{QStringLiteral("diagnostic"), QStringLiteral("--offline")}}) {
        const Run said = cli(here + command);
        const QString all = said.out + said.err;
        QVERIFY2(all.contains(QLatin1String("line 1")) && !all.contains(QLatin1String("7HDJX")) && !all.contains(QLatin1String("ZTSW6")), qPrintable(all));
    }
}

void TestCli::badTimeoutIsSaidAndTheDefaultUsed()
{
    pairHere();
    EnvFile env;
    QVERIFY(env.load(m_data + QStringLiteral("/hotelhub.env")));
    env.set(QStringLiteral("LICENSE_TIMEOUT_SECONDS"), QStringLiteral("30s"));
    QVERIFY(env.save());
    // The heartbeat goes on with the default, and says which line was not understood (it used
    // the default without a word).
    const Run hb = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("heartbeat"));
    QVERIFY2(hb.exitCode == 4, qPrintable(hb.out + hb.err)); // (no vendor here: it tried the network, as it would have without the line)
    QVERIFY2(hb.err.contains(QLatin1String("LICENSE_TIMEOUT_SECONDS \"30s\"")) && hb.err.contains(QLatin1String("15 seconds")), qPrintable(hb.err));
    const Run d = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("diagnostic") << QStringLiteral("--json")
                             << QStringLiteral("--offline"));
    QCOMPARE(d.exitCode, 6);
    const QJsonObject check = checksById(json(d).value(QStringLiteral("checks")).toArray()).value(QStringLiteral("network_settings"));
    QVERIFY2(!check.value(QStringLiteral("ok")).toBool(true) && check.value(QStringLiteral("detail")).toString().contains(QLatin1String("30s")),
             qPrintable(d.out));
    QVERIFY(!check.value(QStringLiteral("fix")).toString().isEmpty());
    // The online diagnostic still asks the vendor: the default is usable.
    const Run online = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("diagnostic") << QStringLiteral("--json"));
    QVERIFY2(checksById(json(online).value(QStringLiteral("checks")).toArray()).contains(QStringLiteral("vendor")), qPrintable(online.out));
}

void TestCli::missingEnvFile()
{
    const Run r = cli(base() << QStringLiteral("--env") << m_root->filePath(QStringLiteral("nope.env")) << QStringLiteral("status"));
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.err.contains(QLatin1String("nope.env")));
    // Named by HOTELHUB_ENV (a script, a service): the same, and the message says where it came from.
    const Run fromEnv = cli(base() << QStringLiteral("status"), {{QStringLiteral("HOTELHUB_ENV"), m_root->filePath(QStringLiteral("typo.env"))}});
    QCOMPARE(fromEnv.exitCode, 3);
    QVERIFY2(fromEnv.err.contains(QLatin1String("typo.env")) && fromEnv.err.contains(QLatin1String("HOTELHUB_ENV")), qPrintable(fromEnv.err));
    // --lang with a language this product does not ship is a usage error, not silent Indonesian.
    const Run french = cli(base() << QStringLiteral("--lang") << QStringLiteral("fr") << QStringLiteral("status"));
    QCOMPARE(french.exitCode, 2);
    QVERIFY2(french.err.contains(QLatin1String("--lang fr")), qPrintable(french.err));
    QCOMPARE(cli(base() << QStringLiteral("--lang") << QStringLiteral("en_GB") << QStringLiteral("status")).exitCode, 10);
}

namespace {
// Empty when `r` is the --json answer of a command that stopped early: exit `exitCode` and
// {ok: false, code, message} on stdout; else what it was instead.
QString stoppedWithJson(const Run &r, int exitCode, const QString &code)
{
    const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
    if (r.exitCode == exitCode && j.value(QStringLiteral("ok")) == QJsonValue(false) && j.value(QStringLiteral("code")).toString() == code
        && !j.value(QStringLiteral("message")).toString().isEmpty())
        return {};
    return QStringLiteral("expected %1 and exit %2; exit %3, stdout: %4 stderr: %5").arg(code).arg(exitCode).arg(r.exitCode).arg(r.out, r.err);
}
} // namespace

void TestCli::jsonAnswersEvenWhenItStopsEarly()
{
    // A script that asked for --json got nothing on stdout (and a message on stderr only) when
    // the command stopped before its work: a settings file or a data folder it could not use, a
    // file it could not write or read. Now it gets {ok: false, code, message} as for every other
    // failure, with the same exit code.
    QString why = stoppedWithJson(cli(base() << QStringLiteral("--env") << m_root->filePath(QStringLiteral("nope.env")) << QStringLiteral("status")
                                             << QStringLiteral("--json")),
                                  3, QStringLiteral("settings_file_missing"));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    why = stoppedWithJson(cli({QStringLiteral("--data-dir"), m_root->filePath(QStringLiteral("typo")), QStringLiteral("status"), QStringLiteral("--json")}),
                          3, QStringLiteral("data_folder_missing"));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    const QString www = m_root->filePath(QStringLiteral("www"));
    QVERIFY(QDir().mkpath(www));
    QVERIFY(writeFile(www + QStringLiteral("/index.php"), "<?php\n"));
    why = stoppedWithJson(cli({QStringLiteral("--data-dir"), www, QStringLiteral("diagnostic"), QStringLiteral("--offline"), QStringLiteral("--json")}),
                          3, QStringLiteral("not_an_installation"));
    QVERIFY2(why.isEmpty(), qPrintable(why));

    pairHere();
    const auto requestsMade = [this] {
        Database db(m_data + QStringLiteral("/hotelhub.sqlite"));
        QSqlQuery q(db.open() ? db.connection() : QSqlDatabase());
        return q.exec(QStringLiteral("SELECT COUNT(*) FROM offline_requests")) && q.next() ? q.value(0).toInt() : -1;
    };
    const int requestsBefore = requestsMade();
    QVERIFY(requestsBefore >= 0);
    const QString missing = m_root->filePath(QStringLiteral("no-such-folder/request.txt"));
    const Run notWritten = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("offline-request") << QStringLiteral("--out")
                                      << missing << QStringLiteral("--json"));
    why = stoppedWithJson(notWritten, 3, QStringLiteral("output_not_written"));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    // Looked at before the request is made: none is recorded (one was, found by the outside check).
    QCOMPARE(requestsMade(), requestsBefore);
    QCOMPARE(cli(base() << QStringLiteral("offline-request")).exitCode, 0); // printed: recorded
    QCOMPARE(requestsMade(), requestsBefore + 1);
    // The folder is named as what is missing (it was the system's English "No such file or
    // directory", said of the file), with what to do.
    const QString message = QJsonDocument::fromJson(notWritten.out.toUtf8()).object().value(QStringLiteral("message")).toString();
    QVERIFY2(message.contains(QStringLiteral("the folder %1 does not exist").arg(QDir::toNativeSeparators(m_root->filePath(QStringLiteral("no-such-folder")))))
                 && message.contains(QLatin1String("Nothing was saved")) && !message.contains(QLatin1String("No such file")),
             qPrintable(message));
    const Run intoFolder = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("offline-request") << QStringLiteral("--out")
                                      << m_root->path());
    QCOMPARE(intoFolder.exitCode, 3);
    QVERIFY2(intoFolder.err.contains(QStringLiteral("%1 is a folder, not a file").arg(QDir::toNativeSeparators(m_root->path()))), qPrintable(intoFolder.err));
    const QString aFile = m_root->filePath(QStringLiteral("plain.txt"));
    QVERIFY(writeFile(aFile, "x"));
    const Run underAFile = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("offline-request") << QStringLiteral("--out")
                                      << aFile + QStringLiteral("/request.txt"));
    QCOMPARE(underAFile.exitCode, 3);
    QVERIFY2(underAFile.err.contains(QStringLiteral("%1 is a file, not a folder").arg(QDir::toNativeSeparators(aFile))), qPrintable(underAFile.err));
    why = stoppedWithJson(cli(base() << QStringLiteral("offline-apply") << missing << QStringLiteral("--json")), 3, QStringLiteral("answer_unreadable"));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    // Without --json the words go to stderr as before, and stdout stays empty.
    const Run text = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("offline-apply") << missing);
    QCOMPARE(text.exitCode, 3);
    QVERIFY2(text.out.isEmpty() && text.err.contains(QLatin1String("Cannot read the answer")), qPrintable(text.out + text.err));

    // A database that is not one: the code names it, the exit code is the one without --json.
    QVERIFY(writeFile(m_data + QStringLiteral("/hotelhub.sqlite"), QByteArray(8192, 'x')));
    const int plain = cli(base() << QStringLiteral("status")).exitCode;
    QVERIFY(plain != 0);
    why = stoppedWithJson(cli(base() << QStringLiteral("status") << QStringLiteral("--json")), plain, QStringLiteral("database"));
    QVERIFY2(why.isEmpty(), qPrintable(why));
}

void TestCli::languages()
{
    // Issue 11: the CLI speaks the terminal's language (LANGUAGE / LC_ALL / LC_MESSAGES / LANG):
    // Indonesian for id, English otherwise, C/POSIX included. HOTELHUB_LANG and --lang win.
    const QString english = QStringLiteral("Licence not set up"), indonesian = QStringLiteral("Lisensi belum");
    struct Row { QMap<QString, QString> env; QStringList extra; QString expected; };
    const auto e = [](std::initializer_list<std::pair<const char *, const char *>> pairs) {
        QMap<QString, QString> m{{QStringLiteral("LANGUAGE"), QString()}, {QStringLiteral("LC_ALL"), QString()},
                                 {QStringLiteral("LC_MESSAGES"), QString()}, {QStringLiteral("LANG"), QString()}};
        for (const auto &[k, v] : pairs)
            m.insert(QLatin1String(k), QLatin1String(v));
        return m;
    };
    const QList<Row> rows{
        {e({}), {}, english}, // nothing set: the C locale
        {e({{"LANG", "id_ID.UTF-8"}}), {}, indonesian},
        {e({{"LANG", "en_US.UTF-8"}}), {}, english},
        {e({{"LANG", "fr_FR.UTF-8"}}), {}, english},
        {e({{"LANG", "id_ID.UTF-8"}, {"LC_ALL", "C"}}), {}, english},
        {e({{"LC_ALL", "POSIX"}}), {}, english},
        {e({{"LANG", "en_US.UTF-8"}, {"LC_MESSAGES", "id_ID.UTF-8"}}), {}, indonesian},
        {e({{"LC_ALL", "en_US.UTF-8"}, {"LC_MESSAGES", "id_ID.UTF-8"}}), {}, english},
        {e({{"LANG", "en_US.UTF-8"}, {"LANGUAGE", "id:en"}}), {}, indonesian},
        {e({{"LANG", "id_ID.UTF-8"}, {"LANGUAGE", "fr:en"}}), {}, english},
        {e({{"LC_ALL", "C.UTF-8"}, {"LANGUAGE", "id"}}), {}, english}, // gettext ignores LANGUAGE under C
        {e({{"LANG", "C"}, {"HOTELHUB_LANG", "id"}}), {}, indonesian},
        {e({{"LANG", "id_ID.UTF-8"}, {"HOTELHUB_LANG", "en"}}), {}, english},
        {e({{"LANG", "C"}, {"HOTELHUB_LANG", "en"}}), {QStringLiteral("--lang"), QStringLiteral("id")}, indonesian},
    };
    for (const Row &row : rows) {
        const Run r = cli(base() << row.extra << QStringLiteral("status"), row.env);
        QStringList said;
        for (auto it = row.env.begin(); it != row.env.end(); ++it)
            if (!it.value().isEmpty())
                said << it.key() + u'=' + it.value();
        QVERIFY2(r.out.contains(row.expected), qPrintable(QStringLiteral("%1 %2 → %3").arg(said.join(u' '), row.extra.join(u' '), r.out.left(200))));
    }
    // The desktop programs: the system's language when it is Indonesian or English, else Indonesian.
    QCOMPARE(desktopLanguage({QStringLiteral("en-US"), QStringLiteral("id")}), Language::English);
    QCOMPARE(desktopLanguage({QStringLiteral("id-ID")}), Language::Indonesian);
    QCOMPARE(desktopLanguage({QStringLiteral("fr-FR"), QStringLiteral("en-GB")}), Language::Indonesian);
    QCOMPARE(desktopLanguage({}), Language::Indonesian);
    // A Windows console (no LANG): Windows' display language, English unless it is Indonesian.
    QCOMPARE(consoleLanguage({QStringLiteral("id-ID"), QStringLiteral("en-US")}), Language::Indonesian);
    QCOMPARE(consoleLanguage({QStringLiteral("en-US")}), Language::English);
    QCOMPARE(consoleLanguage({QStringLiteral("fr-FR")}), Language::English);
    QCOMPARE(consoleLanguage({}), Language::English);
}

// From an outside check: the tray opens the database twice (window and engine thread). The second
// open's header check read the file with a plain handle, and closing it dropped every POSIX lock
// this process held, so the next program to close its own connection deleted the WAL under the
// tray, which went on writing into a deleted file (a renewed token lost, "token_superseded").
void TestCli::twoOpensInOneProcessKeepTheWal()
{
    pairHere();
    Database first(m_data + QStringLiteral("/hotelhub.sqlite"));
    QVERIFY(first.open());
    QVERIFY(QSqlQuery(first.connection()).exec(QStringLiteral("SELECT COUNT(*) FROM local_licenses")));
    const QString wal = m_data + QStringLiteral("/hotelhub.sqlite-wal");
    QVERIFY(QFile::exists(wal));
    Database second(m_data + QStringLiteral("/hotelhub.sqlite"));
    QVERIFY(second.open());
    // Another program opens and closes the database.
    QCOMPARE(cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("status")).exitCode, 0);
    QVERIFY2(QFile::exists(wal), "the WAL of a database this process has open was deleted by another program");
    // What this process writes now, the other program reads.
    QVERIFY(QSqlQuery(second.connection()).exec(QStringLiteral("UPDATE local_licenses SET dismissed_until = '2030-01-01T00:00:00.000Z'")));
    const Run status = cli(base() << QStringLiteral("--lang") << QStringLiteral("en") << QStringLiteral("status") << QStringLiteral("--json"));
    QCOMPARE(status.exitCode, 0);
    QVERIFY(QFile::exists(wal));
}

QTEST_GUILESS_MAIN(TestCli)
// The admin's `license list` (outside check): a plan in CJK or with combining marks moved every
// column after it, a plan over 16 characters was cut without a sign, and a cut could split an
// emoji's surrogate pair.
void TestCli::terminalCellsKeepTheirColumns()
{
    using terminal::cell;
    using terminal::displayWidth;
    QCOMPARE(displayWidth(u"pro"), 3);
    QCOMPARE(displayWidth(u"販売プラン"), 10);
    QCOMPARE(displayWidth(QStringLiteral("Cafe\u0301")), 4); // e + combining acute
    QCOMPARE(displayWidth(QStringLiteral("\U0001F3E8 hotel")), 8);
    // Emoji outside the first block (outside check: a rocket, a check mark, a star, a mahjong
    // tile and a melting face counted one column and shifted the row).
    for (char32_t emoji : {0x1F680, 0x2705, 0x2B50, 0x231A, 0x2615, 0x1F004, 0x1FAE0})
        QVERIFY2(displayWidth(QString::fromUcs4(&emoji, 1)) == 2, qPrintable(QString::number(uint(emoji), 16)));
    QCOMPARE(displayWidth(u"\u2713"), 1); // a plain check mark is narrow
    QCOMPARE(cell(QStringLiteral("pro"), 6), QStringLiteral("pro   "));
    QCOMPARE(cell(QStringLiteral("販売プラン"), 12), QStringLiteral("販売プラン  "));
    QCOMPARE(cell(QStringLiteral("Cafe\u0301"), 6), QStringLiteral("Cafe\u0301  "));
    QCOMPARE(cell(QStringLiteral("standalone-pro-yearly"), 16), QStringLiteral("standalone-pro-…"));
    // A wide character that does not fit leaves a space, never half of it.
    QCOMPARE(cell(QStringLiteral("販売プラン販売プラン"), 8), QStringLiteral("販売プ… "));
    const QString cut = cell(QStringLiteral("aaaaaaaaaaaaaa\U0001F3E8\U0001F3E8"), 16);
    QCOMPARE(displayWidth(cut), 16);
    QCOMPARE(cut, QStringLiteral("aaaaaaaaaaaaaa… "));
    const QString emojiCut = cell(QStringLiteral("aaaaaaaaaaaaa\U0001F3E8\U0001F3E8"), 16); // one fits before the "…"
    QCOMPARE(emojiCut, QStringLiteral("aaaaaaaaaaaaa\U0001F3E8…"));
    QCOMPARE(cell(QStringLiteral("Cafe\u0301s-pro"), 6), QStringLiteral("Cafe\u0301s…"));
    for (const QString &text : {QStringLiteral("販売プラン販売プラン販売"), QStringLiteral("x\u0301\u0301\u0301yyyyyyyyyyyyyyyyyy"), QString(40, u'z')})
        QCOMPARE(displayWidth(cell(text, 16)), 16);
}

#include "tst_cli.moc"
