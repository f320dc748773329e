// The client against the real hotelhub-license-server on loopback: the whole lifecycle through
// the CLI, migration to a second install and the yearly quota, the fault list of issue 4, the
// heartbeat runner over 65 simulated days offline, and sheet mode against served sheet replies.
#include "AppPaths.h"
#include "Clock.h"
#include "Crypto.h"
#include "Database.h"
#include "EnvFile.h"
#include "FixtureHttpServer.h"
#include "HeartbeatRunner.h"
#include "Jws.h"
#include "LicenseClient.h"
#include "LicenseKey.h"
#include "LicenseManager.h"
#include "SecretKeyStore.h"
#include "ServerProcess.h"
#include "SheetMode.h"
#include "TestSupport.h"
#include "Translations.h"

#include <QRegularExpression>
#include <QDirIterator>
#include <QSysInfo>
#include <QTcpServer>
#include <QTcpSocket>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace hotelhub;
using namespace hotelhub::test;

namespace {
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

QStringList auditActions(const QString &dataDir)
{
    Database db(AppPaths::resolve(dataDir, {}).databaseFile());
    QStringList out;
    if (!db.open())
        return {QStringLiteral("cannot open: ") + db.errorString()};
    QSqlQuery q(db.connection());
    q.exec(QStringLiteral("SELECT action FROM audit_logs ORDER BY id"));
    while (q.next())
        out << q.value(0).toString();
    return out;
}

// An installation driven in-process: the core objects the tray would hold.
struct Node
{
    Node(const QString &dir, const Clock &c, const QString &keyPath, const QString &keySha, const QString &vendorUrl)
        : paths(AppPaths::resolve(dir, {}))
        , clock(c)
    {
        QString error;
        paths.ensureDataDir(&error);
        env.load(paths.envFile);
        env.set(QStringLiteral("LICENSE_PUBLIC_KEY_PATH"), keyPath);
        env.set(QStringLiteral("LICENSE_PUBLIC_KEY_HASH"), keySha);
        env.set(QStringLiteral("LICENSE_VENDOR_BASE_URL"), vendorUrl);
        env.save();
        db = std::make_unique<Database>(paths.databaseFile());
        db->open();
        keys = std::make_unique<SecretKeyStore>(paths.dataDir, SecretKeyStore::Mode::File);
        manager = std::make_unique<LicenseManager>(paths, env, *db, clock, fingerprints, *keys);
        pointAt(vendorUrl);
    }
    void pointAt(const QString &url, int timeoutMs = 3000)
    {
        client.reset();
        vendor.reset();
        ClientSettings s;
        s.vendorUrl = QUrl(url);
        s.timeoutMs = timeoutMs;
        vendor = std::make_unique<VendorClient>(network, clock, s.clientOptions());
        client = std::make_unique<LicenseClient>(*manager, *vendor, clock, s);
    }
    // A new process on the same data folder (after new hardware, say): nothing cached.
    void reopen(const QString &url)
    {
        client.reset();
        vendor.reset();
        manager = std::make_unique<LicenseManager>(paths, env, *db, clock, fingerprints, *keys);
        pointAt(url);
    }
    ClientOutcome pair(const QString &key) { return LicenseClient::wait([&](LicenseClient::Done d) { return client->pair(key, d); }); }
    ClientOutcome heartbeat() { return LicenseClient::wait([&](LicenseClient::Done d) { return client->heartbeat(d); }); }
    LicenseStatus status() { return manager->check(clock.now(), false).status; }

    AppPaths paths;
    const Clock &clock;
    EnvFile env;
    FakeFingerprintSource fingerprints;
    std::unique_ptr<Database> db;
    std::unique_ptr<SecretKeyStore> keys;
    std::unique_ptr<LicenseManager> manager;
    QNetworkAccessManager network;
    std::unique_ptr<VendorClient> vendor;
    std::unique_ptr<LicenseClient> client;
};

// A loopback TCP proxy to the vendor that can lose the reply to one request: the request reaches
// the server (which commits), the client never hears back.
class LossyProxy : public QObject
{
public:
    explicit LossyProxy(quint16 upstream) : m_upstream(upstream)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection()) {
                auto *up = new QTcpSocket(client);
                auto dropThis = std::make_shared<bool>(false);
                up->connectToHost(QHostAddress::LocalHost, m_upstream);
                QObject::connect(client, &QTcpSocket::readyRead, up, [this, client, up, dropThis] {
                    const QByteArray data = client->readAll();
                    if (!m_dropPath.isEmpty() && data.contains(m_dropPath))
                        *dropThis = true;
                    up->write(data);
                });
                QObject::connect(up, &QTcpSocket::readyRead, client, [client, up, dropThis] {
                    const QByteArray data = up->readAll();
                    if (*dropThis) {
                        ++s_dropped;
                        client->abort(); // the server answered; the client hears nothing
                        return;
                    }
                    client->write(data);
                });
                QObject::connect(up, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
                QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }
    // Until cleared: Qt resends a request once when a kept-alive connection closes before any
    // reply byte, and that resend must be lost too.
    void dropRepliesTo(const QByteArray &path) { m_dropPath = path; }
    static inline int s_dropped = 0;

private:
    QTcpServer m_server;
    quint16 m_upstream;
    QByteArray m_dropPath;
};
} // namespace

class TestClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void lifecycleThroughTheCli();
    void licenceCutShortShowsItsNewEnd();
    void migrateToASecondMachineThenQuotaThenUnpair();
    void keyFromStdinAndBadKeys();
    void missingSettingsFileIsNamed();
    void keyThatOpensNothingIsNamed();
    void faultsLeaveNothingStored();
    void tokenSignedByAnotherKeyIsRefused();
    void unusableVendorKeySendsNothing();
    void vendorClockBehindNeverShortensTheGrace();
    void refusedSettingsWriteIsNotASilentSuccess();
    void settingsOnAFullDiskIsDiskFull();
    void newDatabaseOnANearlyFullDiskIsDiskFull();
    void heartbeatOnANearlyFullDiskIsDiskFull();
    void fullDiskIsSaidAlikeByEveryProgram();
    void nearlyFullDiskIsAWarningNotAFailure();
    void lockThatCannotBeMadeIsSaidInTheOwnersLanguage();
    void wrongServerAddressIsNotAnUnknownKey();
    void unpairSaysWhenTheSettingsFileKeepsTheOldPairing();
    void tokenForAnotherMachineIsToldApart();
    void selfSignedVendorIsRefused();
    void heartbeatFailureIsRecorded();
    void telemetryIsCountsOnly();
    void sixtyFiveDaysOffline();
    void runnerRefreshLimitAndSignals();
    void runnerDoesNotCountWhatWasNeverSent();
    void sheetModeReplies();
    void sheetModeThroughTheCli();
    void sheetModeTamperingAndOfflineLimit();
    void sheetSettingsFixedWhileRunning();
    void vendorAddressOnALineTheHmsCannotLoad();
    // Licence continuity (README "Token chain", "Only the vendor's word")
    void gatewayRefusalsChangeNothing();
    void signedVerdictsOnlyFromTheVendor();
    void supersededTokenIsVisibleAndRepairIsFree();
    void concurrentHeartbeatProcesses();
    void lostRotateReplyCostsNothing();
    void hardwareDriftHealsOnceThenIsCaught();
    void staleExchangeLockIsTakenOver();
    void powerCutDatabaseRepairsWithoutAMove();

private:
    Run cli(const QString &dataDir, const QStringList &args, const QByteArray &stdinData = {});
    QString prepareCliInstall(const QString &name, const QString &vendorUrl, const QStringList &extraEnv = {});
    // Starts the server, creates a licence and pairs a CLI install `name` with it (key in `key`).
    QString pairedCliInstall(const QString &name, QString *key);
    // The same, moved onto a tmpfs of `size` (root only) at the same path: a mount that failed is
    // returned with !ok() (the test skips); nullptr when the install or the copy failed.
    std::unique_ptr<TmpfsMount> pairedCliInstallOnTmpfs(const QString &name, const QString &size, QString *dir);
    QJsonObject shownLicense(const QString &key) const; // `license show KEY --json` on the server
    std::unique_ptr<QTemporaryDir> m_root;
    std::unique_ptr<ServerProcess> m_server;
};

void TestClient::init()
{
    m_root = std::make_unique<QTemporaryDir>();
    QVERIFY(m_root->isValid());
    m_server = std::make_unique<ServerProcess>(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), m_root->filePath(QStringLiteral("vendor")));
    QVERIFY(QDir().mkpath(m_server->dir()));
    QVERIFY(m_server->initKeys());
    QVERIFY(writeFile(m_server->adminSecretFile(), m_server->adminSecret()));
}

void TestClient::cleanup()
{
    if (m_server)
        m_server->stop();
    m_server.reset();
}

Run TestClient::cli(const QString &dataDir, const QStringList &args, const QByteArray &stdinData)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOTELHUB_KEYSTORE"), QStringLiteral("file"));
    env.insert(QStringLiteral("HOTELHUB_LANG"), QStringLiteral("en"));
    p.setProcessEnvironment(env);
    // Waits in an event loop, not in waitForFinished(): the fixture servers live in this process.
    QEventLoop loop;
    connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
    connect(&p, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    p.start(QStringLiteral(HOTELHUB_LICENSE_PATH), QStringList{QStringLiteral("--data-dir"), dataDir} + args);
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (p.state() != QProcess::NotRunning)
        loop.exec();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString TestClient::prepareCliInstall(const QString &name, const QString &vendorUrl, const QStringList &extraEnv)
{
    const QString dir = m_root->filePath(name);
    QDir().mkpath(dir);
    QByteArray text = "# HotelHub settings\nAPP_URL=http://localhost\n";
    text += "LICENSE_VENDOR_BASE_URL=" + vendorUrl.toUtf8() + "\n";
    text += "LICENSE_PUBLIC_KEY_PATH=" + m_server->publicKeyPath().toUtf8() + "\n";
    text += "LICENSE_PUBLIC_KEY_HASH=" + m_server->publicKeySha256().toUtf8() + "\n";
    for (const QString &line : extraEnv)
        text += line.toUtf8() + "\n";
    writeFile(dir + QStringLiteral("/hotelhub.env"), text);
    return dir;
}

QString TestClient::pairedCliInstall(const QString &name, QString *key)
{
    if (!m_server->start())
        return {};
    *key = m_server->createLicense();
    const QString dir = prepareCliInstall(name, m_server->url(QString()).toString());
    return cli(dir, {QStringLiteral("pair"), QStringLiteral("--key"), *key}).exitCode == 0 ? dir : QString();
}

QJsonObject TestClient::shownLicense(const QString &key) const
{
    return QJsonDocument::fromJson(m_server->admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--json")}).out.toUtf8())
        .object();
}

void TestClient::vendorClockBehindNeverShortensTheGrace()
{
    m_server->setPort(freeLoopbackPort()); // the same address after the restart below
    QString key;
    const QString dir = pairedCliInstall(QStringLiteral("behind"), &key);
    QVERIFY(!dir.isEmpty());
    const QJsonObject before = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")}).json();
    QCOMPARE(before.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    // The vendor's clock goes 30 days back: its successor would end 30 days early by ours.
    QCOMPARE(m_server->stop(), 0);
    QVERIFY(m_server->start({QStringLiteral("--clock-offset"), QStringLiteral("-30d")}));
    const Run r = cli(dir, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("clock_skew"));
    const QJsonObject after = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")}).json();
    QCOMPARE(after.value(QStringLiteral("state")).toString(), QStringLiteral("active")); // was "degraded"
    QCOMPARE(after.value(QStringLiteral("grace_until")).toString(), before.value(QStringLiteral("grace_until")).toString());
}

void TestClient::settingsOnAFullDiskIsDiskFull()
{
    // The HMS's settings file on a disk that is full when the pairing writes its lines: paired,
    // and the exit code a script tells a full disk by (7; it was 3, "settings unusable").
    // Root only: a tmpfs is mounted.
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    const QString dir = prepareCliInstall(QStringLiteral("fullenv"), m_server->url(QString()).toString());
    TmpfsMount disk(m_root->filePath(QStringLiteral("disk")), QStringLiteral("64k"));
    if (!disk.ok())
        QSKIP(qPrintable(disk.error()));
    const QString envPath = m_root->filePath(QStringLiteral("disk/hotelhub.env"));
    QVERIFY(QFile::copy(dir + QStringLiteral("/hotelhub.env"), envPath));
    QVERIFY(disk.fill(QStringLiteral("filler")));
    const QStringList settings{QStringLiteral("--env"), envPath};
    const Run r = cli(dir, settings + QStringList{QStringLiteral("pair"), QStringLiteral("--key"), key});
    QVERIFY2(r.exitCode == 7, qPrintable(r.out + r.err));
    QVERIFY(r.out.contains(QStringLiteral("✓"))); // paired with the vendor…
    QVERIFY2(r.err.contains(QStringLiteral("⚠")) && r.err.contains(QLatin1String("is full")) && !r.err.contains(QLatin1String("Nothing was changed")),
             qPrintable(r.err)); // …and why the lines are missing, without contradicting the pairing
    const Run j = cli(dir, settings + QStringList{QStringLiteral("heartbeat-retry"), QStringLiteral("--json")});
    QVERIFY2(j.exitCode == 7, qPrintable(j.out + j.err));
    QCOMPARE(j.json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    EnvFile env;
    QVERIFY(env.load(envPath));
    QVERIFY(!env.contains(QStringLiteral("LICENSE_KEY_HASH")));
    // Room again: the next run writes them.
    QVERIFY(QFile::remove(m_root->filePath(QStringLiteral("disk/filler"))));
    QCOMPARE(cli(dir, settings + QStringList{QStringLiteral("heartbeat-retry")}).exitCode, 0);
    QVERIFY(env.load(envPath));
    QVERIFY(env.contains(QStringLiteral("LICENSE_KEY_HASH")));
    // Nothing due: said with the licence's state, so a timer's journal shows it on every run.
    const Run notDue = cli(dir, settings + QStringList{QStringLiteral("heartbeat-retry")});
    QCOMPARE(notDue.exitCode, 0);
    QVERIFY2(notDue.out.contains(QLatin1String("No heartbeat due")) && notDue.out.contains(QLatin1String("State: Licence active; all features available (code: paired, active, full).")), qPrintable(notDue.out));
    const QJsonObject notDueJson = cli(dir, settings + QStringList{QStringLiteral("heartbeat-retry"), QStringLiteral("--json")}).json();
    QCOMPARE(notDueJson.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    QCOMPARE(notDueJson.value(QStringLiteral("mode")).toString(), QStringLiteral("full")); // as README says and sheet mode had (helper-38)
}

void TestClient::newDatabaseOnANearlyFullDiskIsDiskFull()
{
    // A new licence database where the disk has a few KiB left: the CLI crashed (20 KiB free:
    // the unreadable schema version was taken as one) or said "database" with exit 3 (40 KiB: a
    // refused COMMIT without SQLite's code). Whatever room is left: disk full (7), or as with room.
    TmpfsMount disk(m_root->filePath(QStringLiteral("newdisk")), QStringLiteral("4m"));
    if (!disk.ok())
        QSKIP(qPrintable(disk.error()));
    const QString dir = m_root->filePath(QStringLiteral("newdisk/e"));
    const QString filler = m_root->filePath(QStringLiteral("newdisk/filler"));
    QVERIFY(QDir().mkpath(dir));
    const Run roomy = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY2(roomy.exitCode >= 0 && roomy.exitCode != 7, qPrintable(roomy.out + roomy.err));
    int full = 0;
    for (int kib : {4, 8, 12, 16, 20, 24, 28, 32, 40, 48, 64, 96, 128, 512, 2048}) {
        QVERIFY(QDir(dir).removeRecursively() && QDir().mkpath(dir));
        QVERIFY(disk.fill(QStringLiteral("filler")));
        QVERIFY(QFile::resize(filler, std::max<qint64>(0, QFileInfo(filler).size() - kib * 1024)));
        const Run r = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")});
        QVERIFY(QFile::remove(filler));
        const QString where = QStringLiteral("%1 KiB free: exit %2: %3 %4").arg(kib).arg(r.exitCode).arg(r.out, r.err);
        QVERIFY2(r.exitCode == 7 || r.exitCode == roomy.exitCode, qPrintable(where));
        if (r.exitCode == 7) {
            QVERIFY2(r.json().value(QStringLiteral("code")).toString() == QLatin1String("disk_full"), qPrintable(where));
            // The help page of a full disk, as every other disk_full answer has (helper-39: none).
            QVERIFY2(r.json().value(QStringLiteral("help")).toString().endsWith(QLatin1String("#disk_full")), qPrintable(where));
            ++full;
        }
    }
    QVERIFY(full > 0);
}

std::unique_ptr<TmpfsMount> TestClient::pairedCliInstallOnTmpfs(const QString &name, const QString &size, QString *dir)
{
    QString key;
    *dir = pairedCliInstall(name, &key);
    const QString aside = m_root->filePath(name + QStringLiteral("-aside"));
    if (dir->isEmpty() || !QDir().rename(*dir, aside) || !QDir().mkpath(*dir))
        return nullptr;
    auto disk = std::make_unique<TmpfsMount>(*dir, size);
    if (!disk->ok())
        return disk;
    QDirIterator files(aside, QDir::Files | QDir::Hidden);
    while (files.hasNext()) {
        const QString from = files.next();
        if (!QFile::copy(from, *dir + u'/' + files.fileName()))
            return nullptr;
    }
    return disk;
}

void TestClient::heartbeatOnANearlyFullDiskIsDiskFull()
{
    // A paired install whose disk has a few KiB left: whichever file refused first (the lock
    // file, secret.key, the database), `heartbeat --json` said "local_error", with exit 3 or 7
    // (found by the outside check). A full disk is exit 7 and "disk_full" now.
    QString dir;
    const std::unique_ptr<TmpfsMount> mounted = pairedCliInstallOnTmpfs(QStringLiteral("nearfull"), QStringLiteral("2m"), &dir);
    QVERIFY(mounted);
    if (!mounted->ok())
        QSKIP(qPrintable(mounted->error()));
    TmpfsMount &disk = *mounted;
    const QString filler = dir + QStringLiteral("/filler");
    int full = 0;
    for (int kib : {8, 16, 24, 28, 32, 36, 40, 44, 48, 64, 128}) {
        QVERIFY(disk.fill(QStringLiteral("filler")));
        QVERIFY(QFile::resize(filler, std::max<qint64>(0, QFileInfo(filler).size() - kib * 1024)));
        const Run r = cli(dir, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
        QVERIFY(QFile::remove(filler));
        const QString where = QStringLiteral("%1 KiB free: exit %2: %3 %4").arg(kib).arg(r.exitCode).arg(r.out, r.err);
        QVERIFY2(r.exitCode == 0 || r.exitCode == 7, qPrintable(where));
        if (r.exitCode == 7) {
            const QJsonObject j = r.json();
            QVERIFY2(j.value(QStringLiteral("code")).toString() == QLatin1String("disk_full")
                         || j.value(QStringLiteral("warning_code")).toString() == QLatin1String("env_write_failed"),
                     qPrintable(where));
            if (j.value(QStringLiteral("code")).toString() == QLatin1String("disk_full"))
                QVERIFY2(j.value(QStringLiteral("help")).toString().endsWith(QLatin1String("#disk_full")), qPrintable(where));
            ++full;
        }
    }
    QVERIFY(full > 0);
}

void TestClient::nearlyFullDiskIsAWarningNotAFailure()
{
    // 620 KiB free: the heartbeat was stored, and status said "Disk full … too little to open or
    // save it … This state was read but not recorded" (helper-38). Nearly full is said as what
    // it is: a warning, with the record made.
    QString dir;
    const std::unique_ptr<TmpfsMount> mounted = pairedCliInstallOnTmpfs(QStringLiteral("nearly"), QStringLiteral("4m"), &dir);
    QVERIFY(mounted);
    if (!mounted->ok())
        QSKIP(qPrintable(mounted->error()));
    TmpfsMount &disk = *mounted;
    const QString filler = dir + QStringLiteral("/filler");
    QVERIFY(disk.fill(QStringLiteral("filler")));
    QVERIFY(QFile::resize(filler, std::max<qint64>(0, QFileInfo(filler).size() - 620 * 1024)));
    const Run beat = cli(dir, {QStringLiteral("heartbeat")});
    QVERIFY2(beat.exitCode == 0, qPrintable(beat.out + beat.err));
    const Run status = cli(dir, {QStringLiteral("status")});
    QCOMPARE(status.exitCode, 0);
    QVERIFY2(status.err.contains(QLatin1String("Disk nearly full: only")) && status.err.contains(QLatin1String("still saved for now"))
                 && !status.err.contains(QLatin1String("not recorded")) && !status.err.contains(QLatin1String("Disk full")),
             qPrintable(status.err));
    // Under 128 KiB, no write refused yet: "almost full", not "nothing new can be saved" (at
    // 28-60 KiB a heartbeat right after was stored; helper-40).
    QVERIFY(QFile::remove(filler));
    QVERIFY(disk.fill(QStringLiteral("filler")));
    QVERIFY(QFile::resize(filler, std::max<qint64>(0, QFileInfo(filler).size() - 96 * 1024)));
    const Run almost = cli(dir, {QStringLiteral("status")});
    QVERIFY2(almost.err.contains(QLatin1String("Disk almost full: only")) && !almost.err.contains(QLatin1String("nothing new")), qPrintable(almost.err));
    // The same disk with no room: full, as before.
    QVERIFY(QFile::remove(filler));
    QVERIFY(disk.fill(QStringLiteral("filler")));
    const Run full = cli(dir, {QStringLiteral("status")});
    QVERIFY2(full.err.contains(QLatin1String("Disk full")), qPrintable(full.err));
}

void TestClient::fullDiskIsSaidAlikeByEveryProgram()
{
    // The tray's "Check now" on a full disk said "local_error" and "could not be saved on this
    // computer" where the CLI said "disk_full" and what to free: the rule was the CLI's own
    // (found by the outside check). It is the core's now, so the tray and the wizard say it too.
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    const QString dir = m_root->filePath(QStringLiteral("coredisk"));
    QVERIFY(QDir().mkpath(dir));
    TmpfsMount disk(dir, QStringLiteral("4m"));
    if (!disk.ok())
        QSKIP(qPrintable(disk.error()));
    SystemClock clock;
    Node node(dir + QStringLiteral("/data"), clock, m_server->publicKeyPath(), m_server->publicKeySha256(), m_server->url(QString()).toString());
    QVERIFY(node.pair(key).ok());
    const QString filler = dir + QStringLiteral("/filler");
    int full = 0;
    for (int kib : {0, 4, 8, 16, 24, 32, 48, 64}) {
        QVERIFY(disk.fill(QStringLiteral("filler")));
        QVERIFY(QFile::resize(filler, std::max<qint64>(0, QFileInfo(filler).size() - kib * 1024)));
        const ClientOutcome o = node.heartbeat();
        QVERIFY(QFile::remove(filler));
        const VendorErrorText t = o.text(node.client->settings());
        const QString where = QStringLiteral("%1 KiB free: %2: %3 (%4)").arg(kib).arg(t.code, t.message, o.detail);
        QVERIFY2(o.ok() || o.error == VendorError::LocalError, qPrintable(where));
        if (!o.ok()) {
            // The code the local API's refresh, the wizard's pages and the tray's history say too
            // (the refresh said local_error; helper-40).
            QVERIFY2(o.code() == QLatin1String("disk_full"), qPrintable(where));
            QVERIFY2(t.code == QLatin1String("disk_full") && t.message.startsWith(QLatin1String("Disk full:")) && t.helpUrl.endsWith(QLatin1String("#disk_full"))
                         && t.message.contains(QDir::toNativeSeparators(node.paths.databaseFile())),
                     qPrintable(where));
            ++full;
        }
    }
    QVERIFY(full > 0);
    // Room again: the heartbeat goes through, and says nothing of a disk.
    const ClientOutcome after = node.heartbeat();
    QVERIFY2(after.ok() && after.fullDisk.isEmpty(), qPrintable(after.detail));
}

void TestClient::lockThatCannotBeMadeIsSaidInTheOwnersLanguage()
{
    // The data folder turns read-only while the tray runs: the heartbeat cannot make the
    // exchange's lock file. The tray's window showed the core's English detail, and a next step
    // that pointed "below" at a detail it shows above (found by the outside check).
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    SystemClock clock;
    Node node(m_root->filePath(QStringLiteral("rolock")), clock, m_server->publicKeyPath(), m_server->publicKeySha256(), m_server->url(QString()).toString());
    QVERIFY(node.pair(key).ok());
    ReadOnlyFolder readOnly(node.paths.dataDir);
    if (!readOnly.ok())
        QSKIP(qPrintable(readOnly.error()));
    installTranslator(Language::Indonesian);
    const auto english = qScopeGuard([] { installTranslator(Language::English); });
    const ClientOutcome o = node.heartbeat();
    QCOMPARE(VendorErrors::code(o.error), QStringLiteral("local_error"));
    // Which of "not writable, full or read-only" it is, and that one's fix as the next step: it
    // listed all three, and the next step was "check what the detail says" (helper-40).
    const VendorErrorText said = o.text(ClientSettings());
    QVERIFY2(o.detail.contains(QLatin1String(runningAsRoot() ? "hanya-baca" : "tidak bisa ditulisi")), qPrintable(o.detail));
    QVERIFY2(said.action.contains(QLatin1String(runningAsRoot() ? "Pasang ulang" : "izin")) && !said.action.contains(QLatin1String("rincian"))
                 && !said.action.contains(QLatin1String("di bawah")),
             qPrintable(said.action));
    // The CLI on that folder names the read-only mount, where no permission helps (it said "Fix
    // its permissions"; found by the outside check). Without root the fixture changes the modes.
    const Run r = cli(node.paths.dataDir, {QStringLiteral("heartbeat")});
    QVERIFY2(r.exitCode != 0, qPrintable(r.out + r.err));
    if (runningAsRoot())
        QVERIFY2((r.out + r.err).contains(QLatin1String("mounted read-only")) && !(r.out + r.err).contains(QLatin1String("permissions")),
                 qPrintable(r.out + r.err));
    // The diagnostic's checks too (they said "Fix the folder's permissions").
    const Run d = cli(node.paths.dataDir, {QStringLiteral("diagnostic"), QStringLiteral("--offline")});
    if (runningAsRoot())
        QVERIFY2(d.out.contains(QLatin1String("mounted read-only")) && !d.out.contains(QLatin1String("permission")), qPrintable(d.out + d.err));
}

void TestClient::wrongServerAddressIsNotAnUnknownKey()
{
    // LICENSE_VENDOR_BASE_URL with /api after the address: the server answers 404 "not_found" (no
    // such endpoint), and the hotel read "Licence not recognised … type the key again" (helper-41).
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    SystemClock clock;
    Node node(m_root->filePath(QStringLiteral("wrongpath")), clock, m_server->publicKeyPath(), m_server->publicKeySha256(),
              m_server->url(QStringLiteral("/api")).toString());
    const ClientOutcome o = node.pair(key);
    QCOMPARE(VendorErrors::code(o.error), QStringLiteral("http_error"));
    const VendorErrorText said = o.text(node.client->settings());
    QVERIFY2(said.message.contains(QLatin1String("HTTP 404")) && !said.message.contains(QLatin1String("not recognised")), qPrintable(said.message));
    QVERIFY2(said.action.contains(QLatin1String("LICENSE_VENDOR_BASE_URL")) && !said.action.contains(QLatin1String("key")), qPrintable(said.action));
    QVERIFY(!node.manager->loadRow() || !node.manager->loadRow()->isPaired());
}

void TestClient::refusedSettingsWriteIsNotASilentSuccess()
{
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    // The settings file ends in a quote that never closes: the keys written below it would be lost.
    const QString dir = prepareCliInstall(QStringLiteral("envrefused"), m_server->url(QString()).toString(), {QStringLiteral("NOTE=\"abc")});
    const Run r = cli(dir, {QStringLiteral("pair"), QStringLiteral("--key"), key});
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.out.contains(QStringLiteral("✓")));        // paired with the vendor…
    QVERIFY2(r.err.contains(QStringLiteral("⚠")), qPrintable(r.err)); // …but the .env was not updated, and it says so
    const Run j = cli(dir, {QStringLiteral("pair"), QStringLiteral("--key"), key, QStringLiteral("--json")});
    QCOMPARE(j.exitCode, 3);
    QVERIFY(!j.json().value(QStringLiteral("warning")).toString().isEmpty());
    // The heartbeat tries again while the lines are missing there (before, nothing ever wrote
    // them after the pairing's refused write), and says so while the file stays broken.
    const QString envPath = dir + QStringLiteral("/hotelhub.env");
    const Run still = cli(dir, {QStringLiteral("heartbeat")});
    QCOMPARE(still.exitCode, 3);
    QVERIFY2(still.err.contains(QStringLiteral("⚠")), qPrintable(still.err));
    // A timer's heartbeat-retry with nothing due says so too (it answered "No heartbeat due", 0),
    // with a code a script can match.
    const Run retry = cli(dir, {QStringLiteral("heartbeat-retry"), QStringLiteral("--json")});
    QCOMPARE(retry.exitCode, 3);
    QCOMPARE(retry.json().value(QStringLiteral("warning_code")).toString(), QStringLiteral("env_write_failed"));
    // …and names the licence as it is: paired and active. It said "unpaired" and advised removing
    // the binding lines from a paired install (found by the outside check).
    QCOMPARE(retry.json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    const Run retryText = cli(dir, {QStringLiteral("heartbeat-retry"), QStringLiteral("--lang"), QStringLiteral("en")});
    QCOMPARE(retryText.exitCode, 3);
    QVERIFY2(retryText.err.contains(QStringLiteral("⚠")) && !retryText.err.contains(QLatin1String("Unpaired"))
                 && !retryText.err.contains(QLatin1String("remove LICENSE_KEY_HASH")),
             qPrintable(retryText.err));
    // Suspended meanwhile: "nothing due" is not marked ✓ beside a locked state (helper-53).
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("suspend"), key, QStringLiteral("--reason"), QStringLiteral("unpaid")}).exitCode, 0);
    QCOMPARE(cli(dir, {QStringLiteral("heartbeat")}).exitCode, 5);
    const Run locked = cli(dir, {QStringLiteral("heartbeat-retry"), QStringLiteral("--lang"), QStringLiteral("en")});
    QVERIFY2(locked.out.contains(QLatin1String("No heartbeat due")) && locked.out.contains(QLatin1String("locked"))
                 && locked.out.startsWith(QStringLiteral("⚠ ")) && !locked.out.contains(QStringLiteral("✓")),
             qPrintable(locked.out));
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("resume"), key, QStringLiteral("--reason"), QStringLiteral("paid")}).exitCode, 0);
    QCOMPARE(cli(dir, {QStringLiteral("heartbeat")}).exitCode, 3); // active again; the settings file still broken
    // The diagnostic names the missing lines (it said all ✓).
    const Run diag = cli(dir, {QStringLiteral("diagnostic"), QStringLiteral("--offline"), QStringLiteral("--json")});
    QCOMPARE(diag.exitCode, 6);
    bool named = false;
    for (const QJsonValue &check : diag.json().value(QStringLiteral("checks")).toArray())
        named = named || (check[QStringLiteral("id")].toString() == QStringLiteral("env_binding") && !check[QStringLiteral("ok")].toBool()
                          && check[QStringLiteral("detail")].toString().contains(QLatin1String("LICENSE_KEY_HASH")));
    QVERIFY2(named, qPrintable(diag.out));
    // The owner fixes the line while the hotel has no internet (a hotel on an offline answer):
    // the next heartbeat attempt, unanswered, writes the binding all the same; the one after
    // that has nothing to add.
    QByteArray text = readFile(envPath);
    text.replace("NOTE=\"abc", "NOTE=\"abc\"");
    QVERIFY(writeFile(envPath, text));
    QCOMPARE(m_server->stop(), 0);
    const Run healed = cli(dir, {QStringLiteral("heartbeat")});
    QVERIFY2(healed.exitCode == 4 && !healed.err.contains(QStringLiteral("⚠")), qPrintable(healed.err));
    EnvFile env;
    QVERIFY(env.load(envPath));
    QCOMPARE(env.value(QStringLiteral("LICENSE_KEY_HASH")), LicenseKey::parse(key).hash());
    QVERIFY(!env.value(QStringLiteral("LICENSE_INSTALL_ID")).isEmpty());
    QVERIFY(env.value(QStringLiteral("LICENSE_FINGERPRINT")).startsWith(QLatin1String("sha256:")));
    QCOMPARE(env.value(QStringLiteral("NOTE")), QStringLiteral("abc")); // the owner's line kept
    const QByteArray written = readFile(envPath);
    QCOMPARE(cli(dir, {QStringLiteral("heartbeat")}).exitCode, 4);
    QCOMPARE(readFile(envPath), written);
    QCOMPARE(cli(dir, {QStringLiteral("diagnostic"), QStringLiteral("--offline")}).exitCode, 0);
}

void TestClient::unpairSaysWhenTheSettingsFileKeepsTheOldPairing()
{
    // Unpaired with the vendor and here, but the .env could not be rewritten: it still names a
    // licence this install no longer holds. Said with ⚠ and exit 3, as pair says it (it was a
    // plain ✓ and exit 0).
    QString key;
    const QString dir = pairedCliInstall(QStringLiteral("unpair-env"), &key);
    QVERIFY(!dir.isEmpty());
    const QString envPath = dir + QStringLiteral("/hotelhub.env");
    QVERIFY(readFile(envPath).contains("LICENSE_KEY_HASH=sha256:"));
    QByteArray text = readFile(envPath);
    text.insert(text.indexOf("LICENSE_KEY_HASH="), "NOTE=\"abc\n"); // swallows the binding lines below it
    QVERIFY(writeFile(envPath, text));
    const Run r = cli(dir, {QStringLiteral("unpair"), QStringLiteral("--yes")});
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.out.contains(QStringLiteral("✓")));
    QVERIFY2(r.err.contains(QStringLiteral("⚠")) && r.err.contains(QLatin1String("LICENSE_KEY_HASH")), qPrintable(r.err));
    QCOMPARE(cli(dir, {QStringLiteral("status")}).exitCode, 10); // the unpairing itself stands
}

void TestClient::lifecycleThroughTheCli()
{
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    QVERIFY(!key.isEmpty());
    const QString a = prepareCliInstall(QStringLiteral("hotel-a"), m_server->url(QString()).toString());

    Run r = cli(a, {QStringLiteral("pair"), QStringLiteral("--key"), key.toLower()}); // as pasted, lower case
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(LicenseKey::parse(key).masked()));
    QVERIFY(!r.out.contains(key) && !r.err.contains(key));
    EnvFile env;
    QVERIFY(env.load(a + QStringLiteral("/hotelhub.env")));
    QCOMPARE(env.value(QStringLiteral("LICENSE_KEY_HASH")), LicenseKey::parse(key).hash());
    QVERIFY(!env.value(QStringLiteral("LICENSE_INSTALL_ID")).isEmpty());
    QVERIFY(env.value(QStringLiteral("LICENSE_FINGERPRINT")).startsWith(QLatin1String("sha256:")));
    QCOMPARE(env.value(QStringLiteral("APP_URL")), QStringLiteral("http://localhost")); // other lines kept
    // Pairing again on the same install is harmless: same binding, one license.paired.
    r = cli(a, {QStringLiteral("pair"), QStringLiteral("--key"), key});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(auditActions(a).count(QStringLiteral("license.paired")), 1);

    r = cli(a, {QStringLiteral("heartbeat")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(cli(a, {QStringLiteral("status"), QStringLiteral("--json")}).json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));

    // The vendor suspends: the next heartbeat is refused and the HMS locks.
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("suspend"), key, QStringLiteral("--reason"), QStringLiteral("unpaid")}).exitCode, 0);
    r = cli(a, {QStringLiteral("heartbeat")});
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains(QLatin1String("suspended")) && r.err.contains(QLatin1String("+62 812 0000 0000")), qPrintable(r.err));
    // Nothing due yet, but the line that says so is not left unmarked beside a locked licence
    // (helper-54: the README promised ⚠).
    r = cli(a, {QStringLiteral("heartbeat-retry")});
    QVERIFY2(r.exitCode == 0 && r.out.startsWith(QStringLiteral("⚠ No heartbeat due")), qPrintable(r.out + r.err));
    r = cli(a, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 12);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("suspended"));
    QCOMPARE(r.json().value(QStringLiteral("mode")).toString(), QStringLiteral("locked"));
    // A suspended licence is re-checked within 4 h, not tomorrow.
    const QDateTime next = QDateTime::fromString(r.json().value(QStringLiteral("next_heartbeat")).toString(), Qt::ISODate);
    QVERIFY2(QDateTime::currentDateTimeUtc().secsTo(next) <= 4 * 3600 + 60, qPrintable(next.toString(Qt::ISODate)));
    r = cli(a, {QStringLiteral("diagnostic")});
    QCOMPARE(r.exitCode, 6);
    QVERIFY2(r.out.contains(QStringLiteral("[✗] Licence accepted by the vendor")), qPrintable(r.out));
    // In Indonesian, in words, the codes after "kode:" (outside check: "Keadaan: suspended (locked)",
    // "Proxy: direct", "kini suspended").
    r = cli(a, {QStringLiteral("--lang"), QStringLiteral("id"), QStringLiteral("heartbeat")});
    QVERIFY2(r.err.contains(QStringLiteral("Keadaan sekarang: Lisensi ditangguhkan; HotelHub terkunci (kode: locked, suspended).")), qPrintable(r.err));
    // The vendor's English words are quoted as its own.
    QVERIFY2(r.err.contains(QStringLiteral("Kata server vendor (apa adanya): Licence suspended.")), qPrintable(r.err));
    r = cli(a, {QStringLiteral("--lang"), QStringLiteral("id"), QStringLiteral("diagnostic")});
    QVERIFY2(r.out.contains(QStringLiteral("Keadaan: Lisensi ditangguhkan; HotelHub terkunci (kode: locked, suspended)")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Proxy: tidak ada, tersambung langsung")), qPrintable(r.out));

    // Paying unlocks without a reinstall.
    const CommandResult resumed = m_server->admin({QStringLiteral("license"), QStringLiteral("resume"), key, QStringLiteral("--lang"), QStringLiteral("id")});
    QCOMPARE(resumed.exitCode, 0);
    QVERIFY2(resumed.out.contains(QStringLiteral(" kini aktif; hotel melihatnya")), qPrintable(resumed.out));
    QCOMPARE(cli(a, {QStringLiteral("heartbeat")}).exitCode, 0);
    r = cli(a, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));

    // Rotate: a new token works, then the heartbeat still succeeds with it.
    r = cli(a, {QStringLiteral("rotate-token")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(cli(a, {QStringLiteral("heartbeat")}).exitCode, 0);

    // Revoke: refused, locked, revoked.
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("revoke"), key, QStringLiteral("--reason"), QStringLiteral("fraud")}).exitCode, 0);
    QCOMPARE(cli(a, {QStringLiteral("heartbeat")}).exitCode, 5);
    r = cli(a, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 12);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("revoked"));

    // Each state change is audited exactly once, in order.
    const QStringList actions = auditActions(a);
    QCOMPARE(actions.count(QStringLiteral("license.suspended")), 1);
    QCOMPARE(actions.count(QStringLiteral("license.revoked")), 1);
    QCOMPARE(actions.count(QStringLiteral("license.token_rotated")), 1);
    QVERIFY(actions.indexOf(QStringLiteral("license.suspended")) < actions.lastIndexOf(QStringLiteral("license.active")));
    QVERIFY(actions.lastIndexOf(QStringLiteral("license.active")) < actions.indexOf(QStringLiteral("license.revoked")));

    // Nothing secret in the log or the .env.
    QDirIterator logs(a + QStringLiteral("/logs"));
    while (logs.hasNext()) {
        QFile f(logs.next());
        if (f.open(QIODevice::ReadOnly)) {
            const QByteArray text = f.readAll();
            QVERIFY(!text.contains(key.toLatin1()) && !text.contains("eyJ"));
        }
    }
    QFile envFile(a + QStringLiteral("/hotelhub.env"));
    QVERIFY(envFile.open(QIODevice::ReadOnly));
    const QByteArray envText = envFile.readAll();
    QVERIFY(!envText.contains(key.toLatin1()) && !envText.contains("eyJ"));
}

// The vendor moves a licence's end into the past (`license extend --until`, a refund or a
// mistake): the hotel's status says the end the vendor gave, not the token's later one (helper-41:
// "Licence expired" beside "Valid until" a year ahead). Text dates are in the owner's words.
void TestClient::licenceCutShortShowsItsNewEnd()
{
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    const QString a = prepareCliInstall(QStringLiteral("hotel-cut"), m_server->url(QString()).toString());
    Run r = cli(a, {QStringLiteral("pair"), QStringLiteral("--key"), key});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString before = cli(a, {QStringLiteral("status"), QStringLiteral("--json")}).json().value(QStringLiteral("valid_until")).toString();
    QVERIFY(before > QStringLiteral("2026-"));
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("extend"), key, QStringLiteral("--until"), QStringLiteral("2020-03-01"),
                              QStringLiteral("--grace-days"), QStringLiteral("7")}).exitCode, 0);
    r = cli(a, {QStringLiteral("heartbeat")});
    QCOMPARE(r.exitCode, 5);
    r = cli(a, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("expired"));
    QCOMPARE(r.json().value(QStringLiteral("valid_until")).toString(), QStringLiteral("2020-03-01"));
    r = cli(a, {QStringLiteral("--lang"), QStringLiteral("id"), QStringLiteral("status")});
    QVERIFY2(r.out.contains(QStringLiteral("Berlaku sampai: 1 Maret 2020")), qPrintable(r.out));
    r = cli(a, {QStringLiteral("diagnostic")});
    QVERIFY2(r.out.contains(QStringLiteral("Plan: ")), qPrintable(r.out));
    // Renewed: the next heartbeat brings a token with the new end, and it is shown.
    const QString renewed = QDate::currentDate().addYears(2).toString(Qt::ISODate);
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("extend"), key, QStringLiteral("--until"), renewed}).exitCode, 0);
    r = cli(a, {QStringLiteral("heartbeat")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = cli(a, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    QCOMPARE(r.json().value(QStringLiteral("valid_until")).toString(), renewed);
}

void TestClient::migrateToASecondMachineThenQuotaThenUnpair()
{
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    const QString url = m_server->url(QString()).toString();
    const QString a = prepareCliInstall(QStringLiteral("old-server"), url);
    const QString b = prepareCliInstall(QStringLiteral("new-server"), url);
    QCOMPARE(cli(a, {QStringLiteral("pair"), QStringLiteral("--key"), key}).exitCode, 0);

    // The second machine cannot simply pair: the licence lives elsewhere.
    Run r = cli(b, {QStringLiteral("pair"), QStringLiteral("--key"), key});
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains(QLatin1String("already installed on another device")), qPrintable(r.err));
    QVERIFY(r.err.contains(QLatin1String("#already_paired")));

    // A reason longer than the vendor takes is said here, not sent and refused as "malformed" (helper-44).
    r = cli(b, {QStringLiteral("migrate"), QStringLiteral("--reason"), QString(501, u'x'), QStringLiteral("--key"), key});
    QVERIFY2(r.exitCode == 2 && r.err.contains(QLatin1String("at most 500 characters")) && !r.err.contains(QLatin1String("latest version")), qPrintable(r.err));
    // Nor a reason without a word: "-" was sent as the reason (helper-48).
    for (const QString &wordless : {QStringLiteral("-"), QStringLiteral("..."), QStringLiteral("?!")}) {
        r = cli(b, {QStringLiteral("migrate"), QStringLiteral("--reason"), wordless, QStringLiteral("--key"), key});
        QVERIFY2(r.exitCode == 2 && r.err.contains(QLatin1String("has no words")), qPrintable(r.err));
    }
    r = cli(b, {QStringLiteral("migrate"), QStringLiteral("--reason"), QStringLiteral("server replaced"), QStringLiteral("--key"), key});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(cli(b, {QStringLiteral("status"), QStringLiteral("--json")}).json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    QVERIFY(auditActions(b).contains(QStringLiteral("license.migrated")));
    {
        // The reason the owner gave is kept with the move (support reads it later).
        Database db(AppPaths::resolve(b, {}).databaseFile());
        QVERIFY(db.open());
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("SELECT metadata FROM audit_logs WHERE action = 'license.migrated'")) && q.next());
        QCOMPARE(QJsonDocument::fromJson(q.value(0).toByteArray()).object().value(QStringLiteral("reason")).toString(), QStringLiteral("server replaced"));
    }

    // The old install learns at its next heartbeat.
    r = cli(a, {QStringLiteral("heartbeat")});
    QCOMPARE(r.exitCode, 5);
    QVERIFY(r.err.contains(QLatin1String("fingerprint_mismatch")));
    // Said as `status` says it, with the vendor's contact from its reply (helper-41: "the hardware
    // or the data folder changed", and the move back as the only step).
    QVERIFY2(r.err.contains(QLatin1String("it was moved there")) && !r.err.contains(QLatin1String("hardware")) && r.err.contains(QLatin1String("support@vendor.test")),
             qPrintable(r.err));
    r = cli(a, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 11);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("fingerprint_mismatch"));

    // Second move (back to a) is allowed; the third in a year is refused with the quota message.
    QCOMPARE(cli(a, {QStringLiteral("migrate"), QStringLiteral("--reason"), QStringLiteral("moved back"), QStringLiteral("--key"), key}).exitCode, 0);
    QCOMPARE(cli(a, {QStringLiteral("status"), QStringLiteral("--json")}).json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    r = cli(b, {QStringLiteral("migrate"), QStringLiteral("--reason"), QStringLiteral("again"), QStringLiteral("--key"), key, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 5);
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("migration_limit"));
    QVERIFY2(r.json().value(QStringLiteral("message")).toString().contains(QLatin1String("at most 2 moves in 365 days")), qPrintable(r.out));
    QVERIFY(r.json().value(QStringLiteral("message")).toString().contains(QLatin1String("The next move is possible from ")));
    // The computer the licence moved away from lets go of it: the vendor's binding is the other
    // one's, so only its own pairing is dropped (it was refused with "Move the licence to this
    // computer", which spends a move and switches the other computer off; helper-41).
    r = cli(b, {QStringLiteral("unpair"), QStringLiteral("--yes"), QStringLiteral("--reason"), QStringLiteral("cleanup")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    // ... saying that the licence stays there, not that it is free (helper-43).
    QVERIFY2(r.out.contains(QLatin1String("stays with the installation it was moved to")) && !r.out.contains(QLatin1String("can now be paired")),
             qPrintable(r.out));
    QCOMPARE(cli(b, {QStringLiteral("status")}).exitCode, 10);
    QCOMPARE(cli(a, {QStringLiteral("heartbeat")}).exitCode, 0); // still bound there
    QCOMPARE(cli(a, {QStringLiteral("status"), QStringLiteral("--json")}).json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));

    // Unpair needs --yes; then the licence is free on the server and this install is unpaired.
    r = cli(a, {QStringLiteral("unpair")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("--yes")));
    // A reason longer than the vendor takes is said here, with its length (it was sent and refused
    // as malformed, "update HotelHub"); nothing changes.
    r = cli(a, {QStringLiteral("unpair"), QStringLiteral("--yes"), QStringLiteral("--reason"), QString(501, u'x')});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("at most 500 characters")) && r.err.contains(QLatin1String("501")), qPrintable(r.err));
    QCOMPARE(cli(a, {QStringLiteral("status"), QStringLiteral("--json")}).json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    r = cli(a, {QStringLiteral("unpair"), QStringLiteral("--yes"), QStringLiteral("--reason"), QStringLiteral("hotel closed")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QLatin1String("can now be paired on another installation")), qPrintable(r.out));
    QCOMPARE(cli(a, {QStringLiteral("status")}).exitCode, 10);
    QVERIFY(auditActions(a).contains(QStringLiteral("license.unpaired")));
    const CommandResult show = m_server->admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(show.out.toUtf8()).object().value(QStringLiteral("paired")).toBool(true), false);
    // Now the second machine pairs normally.
    QCOMPARE(cli(b, {QStringLiteral("pair"), QStringLiteral("--key"), key}).exitCode, 0);
}

void TestClient::missingSettingsFileIsNamed()
{
    // A hotel paired with a licence server its vendor hosts: the settings file named that
    // server's key. With the file gone, status said "token invalid … pair this installation
    // again", diagnostic "[✓] Settings file loads", and a heartbeat made a new three-line file
    // that lost the rest (helper-52).
    QString key;
    const QString dir = pairedCliInstall(QStringLiteral("no-env"), &key);
    QVERIFY(!dir.isEmpty());
    const QString env = dir + QStringLiteral("/hotelhub.env");
    QVERIFY(QFile::rename(env, env + QStringLiteral(".bak")));
    Run r = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY2(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("reason")).toString() == QLatin1String("settings_file_missing"), qPrintable(r.out));
    r = cli(dir, {QStringLiteral("status")});
    QVERIFY2(r.out.contains(QLatin1String("Restore hotelhub.env from a backup")) && !r.out.contains(QLatin1String("Pair this installation again")),
             qPrintable(r.out));
    r = cli(dir, {QStringLiteral("diagnostic"), QStringLiteral("--offline")});
    QVERIFY2(r.out.contains(QStringLiteral("[✗] Settings file present")) && r.out.contains(QLatin1String("does not exist")), qPrintable(r.out));
    QVERIFY2(!r.out.contains(QLatin1String("Pair this installation again")), qPrintable(r.out)); // (helper-53: the token check said it)
    r = cli(dir, {QStringLiteral("heartbeat")});
    QVERIFY2(!QFile::exists(env), qPrintable(r.out + r.err)); // not made anew
    // Nothing is sent: the default vendor would have had this hotel's token (helper-53).
    QVERIFY2(r.exitCode == 3 && r.err.contains(QLatin1String("is missing")) && !r.err.contains(QLatin1String("Cannot reach")), qPrintable(r.err));
    // Emptied (a power cut, a full disk) reads as missing.
    QVERIFY(writeFile(env, QByteArray()));
    r = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY2(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("reason")).toString() == QLatin1String("settings_file_missing"), qPrintable(r.out));
    r = cli(dir, {QStringLiteral("diagnostic"), QStringLiteral("--offline")});
    QVERIFY2(r.out.contains(QLatin1String("is empty")), qPrintable(r.out));
    QVERIFY(QFile::remove(env));
    // Restored, everything is as it was.
    QVERIFY(QFile::rename(env + QStringLiteral(".bak"), env));
    r = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    // Saved again in Notepad as "Unicode" (UTF-16): named, never written to, and its vendor key
    // still pinned: the licence stays active (it locked as "token invalid, pair again"; helper-54).
    QFile f(env);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    f.close();
    QByteArray utf16("\xFF\xFE", 2);
    for (const QChar c : text)
        utf16.append(char(c.unicode() & 0xff)).append(char(c.unicode() >> 8));
    QVERIFY(writeFile(env, utf16));
    r = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0 && QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("state")).toString() == QLatin1String("active")
                 && r.err.contains(QLatin1String("UTF-16")),
             qPrintable(r.out + r.err));
    r = cli(dir, {QStringLiteral("heartbeat")});
    QVERIFY2(!r.err.contains(QLatin1String("Cannot reach")), qPrintable(r.out + r.err)); // sent to the vendor the file names
    // The diagnostic's step is to save it as UTF-8 (it was "Edit those lines as shown"; helper-54).
    r = cli(dir, {QStringLiteral("diagnostic"), QStringLiteral("--offline")});
    QVERIFY2(r.out.contains(QLatin1String("again as UTF-8")) && !r.out.contains(QLatin1String("Edit those lines")), qPrintable(r.out));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), utf16);
}

void TestClient::keyThatOpensNothingIsNamed()
{
    // The data folder's key replaced (a restore without it): the diagnostic said "[✓] Encryption
    // key readable" beside "the stored token cannot be decrypted" (helper-54).
    QString key;
    const QString dir = pairedCliInstall(QStringLiteral("other-key"), &key);
    QVERIFY(!dir.isEmpty());
    QVERIFY(writeFile(dir + QStringLiteral("/secret.key"), QByteArray(32, 'k')));
    const Run r = cli(dir, {QStringLiteral("diagnostic"), QStringLiteral("--offline")});
    QVERIFY2(r.out.contains(QStringLiteral("[✗] Encryption key readable")) && r.out.contains(QLatin1String("secret.key")), qPrintable(r.out));
    QVERIFY2(!r.out.contains(QStringLiteral("[✓] Encryption key readable")), qPrintable(r.out));
    // Unpairing cannot happen from here; the step says who can (it was "check that the data
    // folder is writable and that its disk has room").
    const Run u = cli(dir, {QStringLiteral("unpair"), QStringLiteral("--yes")});
    QVERIFY2(u.exitCode == 3 && u.err.contains(QLatin1String("Ask your vendor to release it")) && !u.err.contains(QLatin1String("writable")),
             qPrintable(u.err));
}

void TestClient::keyFromStdinAndBadKeys()
{
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    const QString a = prepareCliInstall(QStringLiteral("stdin"), m_server->url(QString()).toString());
    Run r = cli(a, {QStringLiteral("pair"), QStringLiteral("--key"), QStringLiteral("HMS-12345")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("#invalid_key")));
    r = cli(a, {QStringLiteral("pair"), QStringLiteral("--key"), QStringLiteral("HMS-AAAAA-BBBBB-CCCCC-DDDDD")});
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains(QLatin1String("not recognised")), qPrintable(r.err));
    r = cli(a, {QStringLiteral("pair")}, "  " + key.toUtf8() + "\n");
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(!r.err.contains(QLatin1String("HMS-XXXXX")), qPrintable(r.err)); // piped: no prompt in a script's output
    QCOMPARE(cli(a, {QStringLiteral("status")}).exitCode, 0);
    // Nothing on standard input: "key_required", the offline request's word (it was invalid_key,
    // as for a key typed wrong).
    const QString b = prepareCliInstall(QStringLiteral("stdin-empty"), m_server->url(QString()).toString());
    for (const QString &verb : {QStringLiteral("pair"), QStringLiteral("migrate")}) {
        for (const QByteArray &input : {QByteArray(), QByteArray("  \n")}) {
            const QStringList reason = verb == QLatin1String("migrate") ? QStringList{QStringLiteral("--reason"), QStringLiteral("server replaced")} : QStringList();
            r = cli(b, QStringList{verb, QStringLiteral("--json")} + reason, input);
            QCOMPARE(r.exitCode, 2);
            const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
            QVERIFY2(o.value(QStringLiteral("code")).toString() == QLatin1String("key_required")
                         && o.value(QStringLiteral("message")).toString().contains(QLatin1String("purchase e-mail"))
                         // "detail" is there, empty: it repeated "message" word for word (helper-51)
                         && o.contains(QStringLiteral("detail")) && o.value(QStringLiteral("detail")).toString().isEmpty(),
                     qPrintable(r.out + r.err));
            r = cli(b, QStringList{verb} + reason, input);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.startsWith(QStringLiteral("✗ Enter the licence key from your purchase e-mail")) && r.err.contains(QLatin1String("#key_required"))
                         && r.err.count(QLatin1String("purchase e-mail")) == 1,
                     qPrintable(r.err));
        }
    }
}

void TestClient::faultsLeaveNothingStored()
{
    FixtureHttpServer fixture;
    fixture.serve("/e500/api/license/pair", {500, "text/plain", "Internal Server Error", {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/garbage/api/license/pair", {200, "application/json", "{\"token\": ", {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/notoken/api/license/pair", {200, "application/json", "{\"license_id\": 3}", {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/huge/api/license/pair", {200, "application/json", {}, {}, {}, CannedReply::Mode::Stream, 10 * 1024 * 1024});
    fixture.serve("/hang/api/license/pair", {200, "application/json", {}, {}, {}, CannedReply::Mode::Hang, 0});
    fixture.serve("/portal/api/license/pair", {200, "text/html", "<html>Login hotspot</html>", {}, {}, CannedReply::Mode::Normal, 0});
    // A web site or a static file server at the vendor's address: no licence service there, said
    // as the address in the settings file (a 405 page read as a captive portal, a 501 as the
    // vendor's server failing and "tried again"; a JSON 405 named no address).
    fixture.serve("/nginx405/api/license/pair", {405, "text/html", "<html><center><h1>405 Not Allowed</h1></center></html>", {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/json405/api/license/pair", {405, "application/json", R"({"message":"Method Not Allowed"})", {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/python501/api/license/pair", {501, "text/html", "<html><p>Error code: 501</p><p>Message: Unsupported method ('POST').</p></html>", {}, {}, CannedReply::Mode::Normal, 0});
    struct Case { const char *path; const char *code; int exit; const char *said = nullptr; };
    const QString down = QStringLiteral("http://127.0.0.1:%1").arg(freeLoopbackPort());
    for (const Case &c : {Case{"/e500", "server_error", 4}, Case{"/garbage", "garbage_reply", 4}, Case{"/notoken", "garbage_reply", 4},
                          Case{"/huge", "oversized_reply", 4}, Case{"/hang", "timeout", 4}, Case{"/portal", "captive_portal", 4},
                          Case{"/nginx405", "http_error", 4, "HTTP 405"}, Case{"/json405", "http_error", 4, "HTTP 405"},
                          Case{"/python501", "http_error", 4, "HTTP 501"}, Case{"down", "connection_refused", 4}}) {
        const QString url = QLatin1String(c.path) == QLatin1String("down") ? down : fixture.url(QLatin1String(c.path));
        const QString dir = prepareCliInstall(QStringLiteral("fault%1").arg(QLatin1String(c.path).mid(1)), url,
                                              {QStringLiteral("LICENSE_TIMEOUT_SECONDS=1")});
        const Run r = cli(dir, {QStringLiteral("pair"), QStringLiteral("--key"), QStringLiteral("HMS-ABCDE-23456-FGHJK-78901"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == c.exit, qPrintable(QStringLiteral("%1: exit %2 %3").arg(QLatin1String(c.path)).arg(r.exitCode).arg(r.out + r.err)));
        QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QLatin1String(c.code));
        QVERIFY(!r.json().value(QStringLiteral("action")).toString().isEmpty());
        QVERIFY(r.json().value(QStringLiteral("help")).toString().startsWith(QLatin1String("https://")));
        if (c.said) {
            const QString message = r.json().value(QStringLiteral("message")).toString();
            QVERIFY2(message.contains(QLatin1String(c.said)) && message.contains(fixture.url(QLatin1String(c.path))), qPrintable(r.out));
            QVERIFY2(r.json().value(QStringLiteral("action")).toString().contains(QLatin1String("LICENSE_VENDOR_BASE_URL")), qPrintable(r.out));
            // The diagnostic's row gives the same next step (its health check meets the site's
            // 404; it said "unexpected error, try again later"; helper-48).
            const Run d = cli(dir, {QStringLiteral("diagnostic")});
            QVERIFY2(d.exitCode == 6 && d.out.contains(QLatin1String("HTTP 404")) && d.out.contains(QLatin1String("LICENSE_VENDOR_BASE_URL")), qPrintable(d.out));
        }
        QCOMPARE(cli(dir, {QStringLiteral("status")}).exitCode, 10); // still unpaired
        EnvFile env;
        env.load(dir + QStringLiteral("/hotelhub.env"));
        QVERIFY(env.value(QStringLiteral("LICENSE_KEY_HASH")).isEmpty());
    }
    // Nobody listening, in Indonesian: Qt's English "Connection refused (network error 1)" stood in
    // the detail of every such answer and diagnostic row (helper-48).
    const QString downDir = prepareCliInstall(QStringLiteral("faultdown-id"), down);
    const Run said = cli(downDir, {QStringLiteral("--lang"), QStringLiteral("id"), QStringLiteral("pair"), QStringLiteral("--key"),
                                   QStringLiteral("HMS-ABCDE-23456-FGHJK-78901"), QStringLiteral("--json")});
    QCOMPARE(said.exitCode, 4);
    QVERIFY2(!said.out.contains(QLatin1String("Connection refused")) && said.json().value(QStringLiteral("detail")).toString().contains(QLatin1String("menolak")),
             qPrintable(said.out));
    const Run row = cli(downDir, {QStringLiteral("--lang"), QStringLiteral("id"), QStringLiteral("diagnostic")});
    QVERIFY2(!row.out.contains(QLatin1String("Connection refused")) && row.out.contains(QLatin1String("menolak")), qPrintable(row.out));
    // Plain http to a remote host is refused before anything is sent.
    const QString remote = prepareCliInstall(QStringLiteral("insecure"), QStringLiteral("http://vendor.hotelhub.id"));
    const Run r = cli(remote, {QStringLiteral("pair"), QStringLiteral("--key"), QStringLiteral("HMS-ABCDE-23456-FGHJK-78901")});
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.err.contains(QLatin1String("https://")));
}

void TestClient::tokenSignedByAnotherKeyIsRefused()
{
    // A second vendor server with its own keys answers; the client pins the first one's key.
    ServerProcess other(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), m_root->filePath(QStringLiteral("impostor")));
    QVERIFY(QDir().mkpath(other.dir()));
    QVERIFY(other.initKeys());
    QVERIFY(writeFile(other.adminSecretFile(), other.adminSecret()));
    QVERIFY(other.start());
    const QString key = other.createLicense();
    const QString a = prepareCliInstall(QStringLiteral("pinned"), other.url(QString()).toString());
    const Run r = cli(a, {QStringLiteral("pair"), QStringLiteral("--key"), key, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 5);
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("token_rejected"));
    QVERIFY(!r.out.contains(QLatin1String("eyJ")));
    QCOMPARE(cli(a, {QStringLiteral("status")}).exitCode, 10);
    other.stop();
}

// A pinned key whose hash matches but that is no RSA-2048 or Ed25519 key (here EC P-256): the
// reply could never be verified, so nothing is sent. Before, the vendor paired the licence, the
// install could not store the token, and the licence read as paired on the vendor's side.
void TestClient::unusableVendorKeySendsNothing()
{
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    const QString dir = prepareCliInstall(QStringLiteral("eckey"), m_server->url(QString()).toString());
    EVP_PKEY *ec = EVP_EC_gen("P-256");
    QVERIFY(ec);
    BIO *bio = BIO_new(BIO_s_mem());
    QVERIFY(PEM_write_bio_PUBKEY(bio, ec) == 1);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    const QByteArray ecPem(data, int(size));
    BIO_free(bio);
    EVP_PKEY_free(ec);
    const QString ecPath = m_root->filePath(QStringLiteral("vendor-ec.pem"));
    QVERIFY(writeFile(ecPath, ecPem));
    EnvFile env;
    QVERIFY(env.load(dir + QStringLiteral("/hotelhub.env")));
    env.set(QStringLiteral("LICENSE_PUBLIC_KEY_PATH"), ecPath);
    env.set(QStringLiteral("LICENSE_PUBLIC_KEY_HASH"), QStringLiteral("sha256:") + crypto::sha256Hex(ecPem));
    QVERIFY(env.save());

    const Run r = cli(dir, {QStringLiteral("pair"), QStringLiteral("--key"), key, QStringLiteral("--json"), QStringLiteral("--lang"), QStringLiteral("en")});
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("vendor_key_unusable"));
    QVERIFY2(r.json().value(QStringLiteral("message")).toString().contains(QLatin1String("nothing was sent")), qPrintable(r.out));
    QVERIFY2(r.json().value(QStringLiteral("detail")).toString().contains(QLatin1String("not an RSA-2048 or Ed25519")), qPrintable(r.out));
    QCOMPARE(shownLicense(key).value(QStringLiteral("pairings")).toInt(-1), 0); // the vendor heard nothing
    QCOMPARE(cli(dir, {QStringLiteral("status")}).exitCode, 10);
    const Run id = cli(dir, {QStringLiteral("pair"), QStringLiteral("--key"), key, QStringLiteral("--lang"), QStringLiteral("id")});
    QCOMPARE(id.exitCode, 3);
    QVERIFY2(id.err.contains(QLatin1String("tidak ada yang dikirim")), qPrintable(id.err));

    // The right key back: the same licence pairs at once (it was never taken).
    env.set(QStringLiteral("LICENSE_PUBLIC_KEY_PATH"), m_server->publicKeyPath());
    env.set(QStringLiteral("LICENSE_PUBLIC_KEY_HASH"), m_server->publicKeySha256());
    QVERIFY(env.save());
    QCOMPARE(cli(dir, {QStringLiteral("pair"), QStringLiteral("--key"), key}).exitCode, 0);
    QCOMPARE(shownLicense(key).value(QStringLiteral("pairings")).toInt(-1), 1);

    // Heartbeats too: a key that went bad after pairing sends nothing either.
    env.set(QStringLiteral("LICENSE_PUBLIC_KEY_PATH"), ecPath);
    env.set(QStringLiteral("LICENSE_PUBLIC_KEY_HASH"), QStringLiteral("sha256:") + crypto::sha256Hex(ecPem));
    QVERIFY(env.save());
    const QString lastHeartbeat = shownLicense(key).value(QStringLiteral("last_heartbeat")).toString();
    const Run hb = cli(dir, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QCOMPARE(hb.exitCode, 3);
    QCOMPARE(hb.json().value(QStringLiteral("code")).toString(), QStringLiteral("vendor_key_unusable"));
    QCOMPARE(shownLicense(key).value(QStringLiteral("last_heartbeat")).toString(), lastHeartbeat);
    // An offline request neither: its answer could not be checked here either.
    const Run offline = cli(dir, {QStringLiteral("offline-request"), QStringLiteral("--lang"), QStringLiteral("en")});
    QCOMPARE(offline.exitCode, 3);
    QVERIFY2(offline.err.contains(QLatin1String("No request was made")) && offline.err.contains(QLatin1String("not an RSA-2048 or Ed25519")),
             qPrintable(offline.err));
    const Run offlineJson = cli(dir, {QStringLiteral("offline-request"), QStringLiteral("--json")});
    QCOMPARE(offlineJson.exitCode, 3);
    QCOMPARE(offlineJson.json().value(QStringLiteral("code")).toString(), QStringLiteral("vendor_key_unusable")); // as pair and heartbeat say

    // In one process that stays open (the wizard, the tray): a fix made in the settings file by
    // another program is picked up at the next attempt (before, only a fixed key file was).
    SystemClock clock;
    Node node(m_root->filePath(QStringLiteral("eckey-node")), clock, ecPath, QStringLiteral("sha256:") + crypto::sha256Hex(ecPem),
              m_server->url(QString()).toString());
    const QString second = m_server->createLicense();
    QCOMPARE(node.pair(second).error, VendorError::VendorKeyUnusable);
    EnvFile editor;
    QVERIFY(editor.load(node.paths.envFile));
    editor.set(QStringLiteral("LICENSE_PUBLIC_KEY_PATH"), m_server->publicKeyPath());
    editor.set(QStringLiteral("LICENSE_PUBLIC_KEY_HASH"), m_server->publicKeySha256());
    QVERIFY(editor.save());
    const ClientOutcome fixed = node.pair(second);
    QVERIFY2(fixed.ok(), qPrintable(fixed.detail));
}

void TestClient::tokenForAnotherMachineIsToldApart()
{
    // A reply signed with the pinned vendor's own key, but for another machine: token_claims, with
    // advice of its own (not "the wrong server", as for a foreign signature).
    QFile pem(m_server->keysDir() + QStringLiteral("/vendor-private.pem"));
    QVERIFY(pem.open(QIODevice::ReadOnly));
    const PKeyPtr vendorKey = crypto::readPrivateKeyPem(pem.readAll());
    QVERIFY(vendorKey);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QByteArray token = signToken(makeClaims(QStringLiteral("sha256:") + QString(64, u'e'), now), vendorKey.get());
    QVERIFY(!token.isEmpty());
    FixtureHttpServer fixture;
    fixture.serve("/api/license/pair", {200, "application/json", R"({"token":")" + token + R"("})", {}, {}, CannedReply::Mode::Normal, 0});
    const QString a = prepareCliInstall(QStringLiteral("claims"), fixture.url(QString()));
    const Run r = cli(a, {QStringLiteral("pair"), QStringLiteral("--key"), QStringLiteral("HMS-ABCDE-23456-FGHJK-78901"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 5);
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("token_claims"));
    QVERIFY2(r.json().value(QStringLiteral("action")).toString().contains(QStringLiteral("date")), qPrintable(r.out));
    QVERIFY(!r.out.contains(QLatin1String("eyJ")));
    QCOMPARE(cli(a, {QStringLiteral("status")}).exitCode, 10); // nothing stored
}

void TestClient::selfSignedVendorIsRefused()
{
    const TestCertificate cert = makeCertificate(QStringLiteral("127.0.0.1"), {QStringLiteral("IP:127.0.0.1")}, -86400, 30 * 86400);
    QVERIFY(writeTlsFiles(m_server->dir(), cert));
    m_server->scheme = QStringLiteral("https");
    QVERIFY(m_server->start({QStringLiteral("--tls-cert"), m_server->dir() + QStringLiteral("/tls.crt"), QStringLiteral("--tls-key"),
                             m_server->dir() + QStringLiteral("/tls.key")}));
    const QString key = m_server->createLicense();
    const QString a = prepareCliInstall(QStringLiteral("tls"), m_server->url(QString()).toString());
    Run r = cli(a, {QStringLiteral("pair"), QStringLiteral("--key"), key});
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains(QLatin1String("self-signed")), qPrintable(r.err));
    QCOMPARE(cli(a, {QStringLiteral("status")}).exitCode, 10);
    // With the vendor's certificate trusted through LICENSE_CA_FILE, the same server pairs.
    QVERIFY(writeFile(a + QStringLiteral("/vendor-ca.pem"), cert.certificatePem));
    const QString trusted = prepareCliInstall(QStringLiteral("tls"), m_server->url(QString()).toString(), {QStringLiteral("LICENSE_CA_FILE=vendor-ca.pem")});
    r = cli(trusted, {QStringLiteral("pair"), QStringLiteral("--key"), key});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
}

void TestClient::heartbeatFailureIsRecorded()
{
    QString key;
    const QString a = pairedCliInstall(QStringLiteral("hb"), &key);
    QVERIFY(!a.isEmpty());
    // The vendor goes down.
    m_server->stop();
    Run r = cli(a, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 4);
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("connection_refused"));
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("active")); // one failure changes nothing yet
    Database db(AppPaths::resolve(a, {}).databaseFile());
    QVERIFY(db.open());
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT success, code FROM heartbeat_history ORDER BY id DESC LIMIT 1")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QCOMPARE(q.value(1).toString(), QStringLiteral("connection_refused"));
    QVERIFY(q.exec(QStringLiteral("SELECT heartbeat_failures, last_failure_reason FROM local_licenses")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QCOMPARE(q.value(1).toString(), QStringLiteral("connection_refused"));
    // heartbeat-retry acts only when due: right after a failure with a fresh success, nothing is due.
    r = cli(a, {QStringLiteral("heartbeat-retry"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("not_due"));
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM heartbeat_history")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    // The diagnostic names the vendor as unreachable.
    r = cli(a, {QStringLiteral("diagnostic")});
    QCOMPARE(r.exitCode, 6);
    QVERIFY2(r.out.contains(QStringLiteral("[✗] Vendor reachable")), qPrintable(r.out));
}

void TestClient::telemetryIsCountsOnly()
{
    FixtureHttpServer fixture;
    fixture.serve("/api/license/heartbeat", {500, "text/plain", "down", {}, {}, CannedReply::Mode::Normal, 0});
    TestVendorKey vendor;
    const QString dir = m_root->filePath(QStringLiteral("telemetry"));
    QString error;
    QVERIFY2(preparePairedDataDir(dir, vendor, &error), qPrintable(error));
    SystemClock clock;
    const AppPaths paths = AppPaths::resolve(dir, {});
    EnvFile env;
    env.load(paths.envFile);
    Database db(paths.databaseFile());
    QVERIFY(db.open());
    QSqlQuery q(db.connection());
    const QString now = toStorage(clock.now());
    QVERIFY(q.exec(QStringLiteral("INSERT INTO properties (name, total_rooms, owner_name, owner_email, created_at, updated_at) "
                                  "VALUES ('Hotel Melati', 20, 'Ibu Sari', 'sari@melati.id', '%1', '%1'), ('Melati Annex', 15, NULL, NULL, '%1', '%1')").arg(now)));
    QVERIFY(q.exec(QStringLiteral("INSERT INTO users (name, email, password, role, created_at, updated_at) VALUES "
                                  "('A', 'a@x.id', 'h', 'super_owner', '%1', '%1'), ('B', 'b@x.id', 'h', 'staff', '%1', '%1'), "
                                  "('C', 'c@x.id', 'h', 'staff', '%1', '%1')").arg(now)));
    FingerprintSource fingerprints;
    SecretKeyStore keys(paths.dataDir, SecretKeyStore::Mode::File);
    LicenseManager manager(paths, env, db, clock, fingerprints, keys);
    QNetworkAccessManager network;
    ClientSettings s;
    s.vendorUrl = QUrl(fixture.url(QString()));
    VendorClient vendorClient(network, clock, s.clientOptions());
    LicenseClient client(manager, vendorClient, clock, s);
    const ClientOutcome o = LicenseClient::wait([&](LicenseClient::Done d) { return client.heartbeat(d); });
    QCOMPARE(o.error, VendorError::ServerError);
    const QJsonObject body = QJsonDocument::fromJson(fixture.last("/api/license/heartbeat").body).object();
    QCOMPARE(QStringList(body.keys()), (QStringList{QStringLiteral("components"), QStringLiteral("fingerprint"), QStringLiteral("telemetry"), QStringLiteral("token")}));
    // The components are hashes only: never a MAC address or a machine id.
    const QJsonObject components = body.value(QStringLiteral("components")).toObject();
    QCOMPARE(components.size(), 5);
    for (auto it = components.begin(); it != components.end(); ++it)
        QVERIFY2(it.value().toString().startsWith(QLatin1String("sha256:")) && it.value().toString().size() == 71, qPrintable(it.key()));
    QVERIFY(!body.contains(QStringLiteral("nonce"))); // this token does not say its server signs verdicts
    const QJsonObject t = body.value(QStringLiteral("telemetry")).toObject();
    QCOMPARE(QStringList(t.keys()), (QStringList{QStringLiteral("rooms"), QStringLiteral("uptime"), QStringLiteral("users"), QStringLiteral("version")}));
    QCOMPARE(t.value(QStringLiteral("rooms")).toInt(), 35);
    QCOMPARE(t.value(QStringLiteral("users")).toInt(), 3);
    QVERIFY(t.value(QStringLiteral("uptime")).toDouble() > 0);
    const QByteArray raw = fixture.last("/api/license/heartbeat").body;
    QVERIFY(!raw.contains("Melati") && !raw.contains("sari@") && !raw.contains("Sari"));
    // The token went as a bearer header too, and equals the body's.
    QCOMPARE(fixture.last("/api/license/heartbeat").headers.value("authorization"), "Bearer " + body.value(QStringLiteral("token")).toString().toLatin1());
}

void TestClient::sixtyFiveDaysOffline()
{
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    ManualClock clock(QDateTime::currentDateTimeUtc());
    Node node(m_root->filePath(QStringLiteral("offline")), clock, m_server->publicKeyPath(), m_server->publicKeySha256(),
              m_server->url(QString()).toString());
    ClientOutcome o = node.pair(key);
    QVERIFY2(o.ok(), qPrintable(VendorErrors::code(o.error) + u' ' + o.detail));
    QCOMPARE(node.status().state, LicenseState::Active);
    const QDateTime start = clock.now();

    // The vendor becomes unreachable. The runner tries whenever the schedule says so, hour by hour
    // for 65 days; every attempt fails.
    m_server->stop();
    node.pointAt(QStringLiteral("http://127.0.0.1:%1").arg(freeLoopbackPort()), 1000);
    int attempts = 0;
    QList<QPair<int, LicenseState>> changes; // (day, state)
    LicenseState last = LicenseState::Active;
    for (int hour = 1; hour <= 65 * 24; ++hour) {
        clock.set(start.addSecs(qint64(hour) * 3600));
        if (node.client->heartbeatDue(clock.now())) {
            o = node.heartbeat();
            QVERIFY(!o.ok());
            QCOMPARE(o.error, VendorError::ConnectionRefused);
            ++attempts;
        }
        const LicenseStatus s = node.manager->check(clock.now(), true).status;
        if (s.state != last) {
            changes.append({hour / 24, s.state});
            last = s.state;
        }
    }
    // 4-hourly retries after the first hours: roughly six a day, never a storm.
    QVERIFY2(attempts >= 65 * 5 && attempts <= 65 * 7 + 5, qPrintable(QString::number(attempts)));
    const QList<QPair<int, LicenseState>> expected{{7, LicenseState::OverdueWarning}, {14, LicenseState::OverdueCritical},
                                                   {30, LicenseState::Degraded}, {60, LicenseState::Locked}};
    QCOMPARE(changes, expected);
    QCOMPARE(node.status().reason, QStringLiteral("offline_too_long"));
    const QStringList actions = auditActions(node.paths.dataDir);
    for (const char *action : {"license.overdue_warning", "license.overdue_critical", "license.degraded", "license.locked"})
        QVERIFY2(actions.count(QLatin1String(action)) == 1, action);

    // The vendor is back (its clock on the same simulated calendar, 65 days past its last record:
    // its admin vouches for that clock): one heartbeat restores active.
    QVERIFY(m_server->start({QStringLiteral("--clock-offset"), QStringLiteral("+%1m").arg(QDateTime::currentDateTimeUtc().secsTo(clock.now()) / 60),
                             QStringLiteral("--trust-clock")}));
    node.pointAt(m_server->url(QString()).toString());
    o = node.heartbeat();
    QVERIFY2(o.ok(), qPrintable(VendorErrors::code(o.error) + u' ' + o.detail));
    QVERIFY(o.reply.clockSkewSecs && qAbs(*o.reply.clockSkewSecs) < 120);
    QCOMPARE(node.manager->check(clock.now(), true).status.state, LicenseState::Active);
    QCOMPARE(auditActions(node.paths.dataDir).last(), QStringLiteral("license.active"));
}

void TestClient::runnerRefreshLimitAndSignals()
{
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    ManualClock clock(QDateTime::currentDateTimeUtc());
    Node node(m_root->filePath(QStringLiteral("runner")), clock, m_server->publicKeyPath(), m_server->publicKeySha256(),
              m_server->url(QString()).toString());
    QVERIFY(node.pair(key).ok());
    HeartbeatRunner runner(*node.client, *node.manager, clock);
    QSignalSpy finished(&runner, &HeartbeatRunner::heartbeatFinished);
    QSignalSpy changed(&runner, &HeartbeatRunner::statusChanged);
    runner.start();
    QCOMPARE(changed.count(), 1);       // the first evaluation
    QCOMPARE(finished.count(), 0);      // nothing due right after pairing
    QVERIFY(!runner.poll());

    int wait = -1;
    QVERIFY(runner.refreshNow(&wait));
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY(finished.at(0).at(0).value<ClientOutcome>().ok());
    QVERIFY(!runner.refreshNow(&wait)); // at most once a minute
    QVERIFY(wait > 0 && wait <= 60);
    clock.advanceSecs(61);
    QVERIFY(runner.refreshNow(&wait));
    QTRY_COMPARE(finished.count(), 2);

    // A suspension seen by the runner changes the state once and is re-checked within 4 h.
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("suspend"), key}).exitCode, 0);
    clock.advanceSecs(61);
    QVERIFY(runner.refreshNow());
    QTRY_COMPARE(finished.count(), 3);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.last().at(0).value<LicenseStatus>().state, LicenseState::Suspended);
    QVERIFY(clock.now().secsTo(runner.nextDue()) <= 4 * 3600);
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("resume"), key}).exitCode, 0);
    clock.advanceSecs(4 * 3600 + 1);
    QVERIFY(runner.poll()); // due again: the 4-hour re-check
    QTRY_COMPARE(finished.count(), 4);
    QCOMPARE(changed.last().at(0).value<LicenseStatus>().state, LicenseState::Active);
    // Network back after a day without success: the runner tries at once.
    clock.advanceDays(2);
    runner.networkReachable();
    QTRY_COMPARE(finished.count(), 5);
    // Reachability is listened to only once the vendor could not be reached: the successes and
    // the suspension above were answers.
    QVERIFY(!runner.watchingNetwork());
    m_server->stop();
    clock.advanceSecs(61);
    QVERIFY(runner.refreshNow());
    QTRY_COMPARE(finished.count(), 6);
    QCOMPARE(finished.last().at(0).value<ClientOutcome>().error, VendorError::ConnectionRefused);
    QVERIFY(runner.watchingNetwork());

}

void TestClient::runnerDoesNotCountWhatWasNeverSent()
{
    // The owner presses "Check again" while the vendor key is unusable: refused here, nothing
    // sent. Support fixes the key; the owner presses again at once. Before, the once-a-minute
    // limit said "try again in 58 seconds" for a check that never reached the vendor.
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    ManualClock clock(QDateTime::currentDateTimeUtc());
    Node node(m_root->filePath(QStringLiteral("runner-unsent")), clock, m_server->publicKeyPath(), m_server->publicKeySha256(),
              m_server->url(QString()).toString());
    QVERIFY(node.pair(key).ok());
    node.env.set(QStringLiteral("LICENSE_PUBLIC_KEY_HASH"), QStringLiteral("sha256:") + QString(64, u'0'));
    QVERIFY(node.env.save());
    node.reopen(m_server->url(QString()).toString());
    HeartbeatRunner runner(*node.client, *node.manager, clock);
    QSignalSpy finished(&runner, &HeartbeatRunner::heartbeatFinished);
    int wait = -1;
    QVERIFY(runner.refreshNow(&wait));
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.last().at(0).value<ClientOutcome>().error, VendorError::VendorKeyUnusable);
    node.env.set(QStringLiteral("LICENSE_PUBLIC_KEY_HASH"), m_server->publicKeySha256());
    QVERIFY(node.env.save());
    clock.advanceSecs(2);
    QVERIFY2(runner.refreshNow(&wait), qPrintable(QStringLiteral("throttled: wait %1 s").arg(wait)));
    QTRY_COMPARE(finished.count(), 2);
    QVERIFY(finished.last().at(0).value<ClientOutcome>().ok());
    // A check that did reach the vendor still counts.
    clock.advanceSecs(2);
    QVERIFY(!runner.refreshNow(&wait));
    QVERIFY(wait > 0 && wait <= 60);
}

namespace {
QByteArray dataFile(const QString &name)
{
    QFile f(testDataDir() + QStringLiteral("/sheets/") + name);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

struct SheetNode
{
    SheetNode(const QString &dir, const Clock &clock, const QStringList &envLines)
        : paths(AppPaths::resolve(dir, {}))
    {
        QString error;
        paths.ensureDataDir(&error);
        env.load(paths.envFile);
        for (const QString &line : envLines)
            env.set(line.section(u'=', 0, 0), line.section(u'=', 1));
        env.save();
        db = std::make_unique<Database>(paths.databaseFile());
        db->open();
        keys = std::make_unique<SecretKeyStore>(paths.dataDir, SecretKeyStore::Mode::File);
        manager = std::make_unique<LicenseManager>(paths, env, *db, clock, fingerprints, *keys);
        sheet = std::make_unique<SheetMode>(paths, SheetModeSettings::fromEnv(env), *manager, *keys, clock);
    }
    AppPaths paths;
    EnvFile env;
    FakeFingerprintSource fingerprints;
    std::unique_ptr<Database> db;
    std::unique_ptr<SecretKeyStore> keys;
    std::unique_ptr<LicenseManager> manager;
    std::unique_ptr<SheetMode> sheet;
    QNetworkAccessManager network;
};
} // namespace

void TestClient::sheetModeReplies()
{
    FixtureHttpServer fixture;
    fixture.serve("/active", {200, "application/json", dataFile(QStringLiteral("appsscript-active.json")), {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/suspended", {200, "application/json", dataFile(QStringLiteral("appsscript-suspended.json")), {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/error", {200, "application/json", dataFile(QStringLiteral("appsscript-error.json")), {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/csv", {200, "text/csv", dataFile(QStringLiteral("published-single-client.csv")), {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/api", {200, "application/json", dataFile(QStringLiteral("sheets-api-values.json")), {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/429", {429, "application/json", dataFile(QStringLiteral("sheets-api-429.json")), {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/login", {200, "text/html; charset=utf-8", dataFile(QStringLiteral("login-page.html")), {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/gviz", {200, "text/javascript", dataFile(QStringLiteral("gviz-response.txt")), {}, {}, CannedReply::Mode::Normal, 0});

    // Mid-2025, while the fixtures' licences run (expiry 2025-12-31 Jakarta).
    ManualClock clock(QDateTime(QDate(2025, 6, 1), QTime(5, 0), QTimeZone::utc()));
    struct Case { const char *path; bool fetchOk; LicenseState state; QString extraEnv; };
    // The multi-licence sheet: this install's row is found by its key hash.
    const QString keyHashLine = QStringLiteral("LICENSE_KEY_HASH=") + LicenseKey::parse(QStringLiteral("HMS-ABCDE-23456-FGHJK-78901")).hash();
    const QList<Case> cases{
        {"/active", true, LicenseState::Active, {}},
        {"/csv", true, LicenseState::Active, {}},
        {"/api", true, LicenseState::Active, keyHashLine},
        {"/gviz", true, LicenseState::Active, keyHashLine},
        {"/suspended", true, LicenseState::Suspended, {}},
        {"/error", false, LicenseState::Locked, {}},
        {"/429", false, LicenseState::Locked, {}},
        {"/login", false, LicenseState::Locked, {}},
    };
    int n = 0;
    for (const Case &c : cases) {
        QStringList env{QStringLiteral("LICENSE_API_URL=") + fixture.url(QLatin1String(c.path))};
        if (!c.extraEnv.isEmpty())
            env << c.extraEnv;
        SheetNode node(m_root->filePath(QStringLiteral("sheet%1").arg(++n)), clock, env);
        const SheetCheck check = node.sheet->checkOnline(node.network);
        QVERIFY2(check.fetchOk == c.fetchOk, qPrintable(QLatin1String(c.path) + u' ' + check.fetchMessage));
        QVERIFY2(check.status.state == c.state, qPrintable(QLatin1String(c.path) + u' ' + check.status.stateName() + u' ' + check.status.reason));
        // A suspended row is looked at again within 4 h, as vendor mode re-checks a suspension
        // (STATUS_POLICY row 6): paying unlocks it without anyone acting (it waited for the next
        // day's slot; helper-54). An active one waits for its daily slot.
        const qint64 wait = clock.now().secsTo(node.sheet->nextCheck(clock.now()));
        if (c.state == LicenseState::Suspended)
            QVERIFY2(wait > 0 && wait <= kSuspendedRecheckSecs, qPrintable(QString::number(wait)));
        else if (c.fetchOk)
            QVERIFY2(wait > kSuspendedRecheckSecs, qPrintable(QLatin1String(c.path) + u' ' + QString::number(wait)));
        if (!c.fetchOk) {
            // A failed check is never a pass and never refreshes the offline clock.
            QCOMPARE(check.status.reason, QStringLiteral("online_check_required"));
            QVERIFY(!check.fetchMessage.isEmpty());
            // What happened, then the hotel's step, each once (a sheet that is not public said
            // "share it" in both; helper-41).
            QVERIFY2(!check.fetchMessage.contains(QLatin1String("hare it")) || !check.fetchAction.contains(QLatin1String("hare the sheet")),
                     qPrintable(check.fetchMessage + u'|' + check.fetchAction));
        }
    }
    // In a multi-licence sheet the row is the one of this install's key: HMS-ZZZZZ-… is suspended.
    {
        SheetNode other(m_root->filePath(QStringLiteral("sheet-other-key")), clock,
                        {QStringLiteral("LICENSE_API_URL=") + fixture.url(QStringLiteral("/api")),
                         QStringLiteral("LICENSE_KEY_HASH=") + LicenseKey::parse(QStringLiteral("HMS-ZZZZZ-11111-22222-33333")).hash()});
        QCOMPARE(other.sheet->checkOnline(other.network).status.state, LicenseState::Suspended);
    }
    // The sheet's expiry is enforced at the end of 2025-12-31 in Jakarta, not in UTC.
    clock.set(QDateTime(QDate(2025, 12, 30), QTime(5, 0), QTimeZone::utc()));
    SheetNode node(m_root->filePath(QStringLiteral("sheet-expiry")), clock, {QStringLiteral("LICENSE_API_URL=") + fixture.url(QStringLiteral("/csv"))});
    QVERIFY(node.sheet->checkOnline(node.network).fetchOk);
    QCOMPARE(node.sheet->evaluate(QDateTime(QDate(2025, 12, 31), QTime(16, 59, 0), QTimeZone::utc()), false).status.state, LicenseState::Active);
    const SheetCheck after = node.sheet->evaluate(QDateTime(QDate(2025, 12, 31), QTime(17, 0, 1), QTimeZone::utc()), false);
    QCOMPARE(after.status.state, LicenseState::Expired);
    QCOMPARE(after.status.reason, QStringLiteral("sheet_expiry"));
    // An error reply after a good one keeps the good data but does not refresh last_online_check.
    const QDateTime good = node.sheet->evaluate(clock.now(), false).record->lastOnlineCheck;
    clock.advanceDays(2);
    node.env.set(QStringLiteral("LICENSE_API_URL"), fixture.url(QStringLiteral("/error")));
    SheetMode errorSheet(node.paths, SheetModeSettings::fromEnv(node.env), *node.manager, *node.keys, clock);
    const SheetCheck failed = errorSheet.checkOnline(node.network);
    QVERIFY(!failed.fetchOk);
    QCOMPARE(failed.record->lastOnlineCheck, good);
    QCOMPARE(failed.daysOffline, 2);
    QCOMPARE(failed.status.state, LicenseState::Expired); // 2026-01-01 in Jakarta: past the sheet's expiry
}

void TestClient::sheetModeThroughTheCli()
{
    {
        // The sheet's wait is the settings file's, as towards a vendor (helper-41: 20 s whatever it said).
        ManualClock clock(QDateTime::currentDateTimeUtc());
        SheetNode fast(m_root->filePath(QStringLiteral("sheet-timeout")), clock,
                       {QStringLiteral("LICENSE_API_URL=http://127.0.0.1:9/s.csv"), QStringLiteral("LICENSE_TIMEOUT_SECONDS=3")});
        QCOMPARE(SheetModeSettings::fromEnv(fast.env).timeoutMs, 3000);
        SheetNode usual(m_root->filePath(QStringLiteral("sheet-timeout-default")), clock, {QStringLiteral("LICENSE_API_URL=http://127.0.0.1:9/s.csv")});
        QCOMPARE(SheetModeSettings::fromEnv(usual.env).timeoutMs, 20000);
        QVERIFY(SheetModeSettings::fromEnv(usual.env).warning.isEmpty());
        // A value not understood ("30s") is said, and the default used; it locks nothing (it was
        // taken as 20 s without a word).
        SheetNode typo(m_root->filePath(QStringLiteral("sheet-timeout-typo")), clock,
                       {QStringLiteral("LICENSE_API_URL=http://127.0.0.1:9/s.csv"), QStringLiteral("LICENSE_TIMEOUT_SECONDS=30s")});
        const SheetModeSettings typoSettings = SheetModeSettings::fromEnv(typo.env);
        QCOMPARE(typoSettings.timeoutMs, 20000);
        QVERIFY(typoSettings.problems.isEmpty());
        QVERIFY2(typoSettings.warning.contains(QLatin1String("LICENSE_TIMEOUT_SECONDS \"30s\"")) && typoSettings.warning.contains(QLatin1String("20 seconds")),
                 qPrintable(typoSettings.warning));
        // On a line the HMS cannot load, said the same way with that line (it was taken for "not
        // set" without a word; helper-57). Vendor mode's settings say it too.
        EnvFile unloadable;
        unloadable.parse("LICENSE_API_URL=http://127.0.0.1:9/s.csv\nLICENSE_TIMEOUT_SECONDS=\"30\"x\n");
        const SheetModeSettings unloadableSettings = SheetModeSettings::fromEnv(unloadable);
        QVERIFY(unloadableSettings.problems.isEmpty());
        QVERIFY2(unloadableSettings.warning.startsWith(QLatin1String("Line 2 of the settings file: LICENSE_TIMEOUT_SECONDS has text after its closing quote"))
                     && unloadableSettings.warning.contains(QLatin1String("20 seconds are used instead")),
                 qPrintable(unloadableSettings.warning));
        QVERIFY2(ClientSettings::fromEnv(unloadable, m_root->path()).warning.contains(QLatin1String("15 seconds are used instead")), "vendor mode");
        // A sheet that answers a byte at a time is out of time, not a bad sheet (helper-43: its cut
        // body read as "an unterminated quote", and Qt warned "device not open").
        FixtureHttpServer slow;
        slow.serve("/trickle.csv", {200, "text/csv", QByteArray("Status,Expiry\nactive,31/12/2030\n").repeated(4), {}, {}, CannedReply::Mode::Trickle, 0});
        SheetNode trickled(m_root->filePath(QStringLiteral("sheet-trickle")), clock,
                           {QStringLiteral("LICENSE_API_URL=") + slow.url(QStringLiteral("/trickle.csv")), QStringLiteral("LICENSE_TIMEOUT_SECONDS=2")});
        const SheetCheck check = trickled.sheet->checkOnline(trickled.network);
        QCOMPARE(check.fetchCode, QStringLiteral("sheet_unreachable"));
        QVERIFY2(check.fetchMessage.contains(QLatin1String("within 2 second")), qPrintable(check.fetchMessage));
    }
    FixtureHttpServer fixture;
    // A key in the notes (helper-41: license.dat kept it whole, where the server keeps it masked).
    const QByteArray current = "Status,Expiry,Last Payment,Notes\nactive,31/12/2030,01/11/2026,ok HMS-KQ7RM-2V9XT-PL4NW-8CJ3D\n";
    fixture.serve("/sheet.csv", {200, "text/csv", current, {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/old.json", {200, "application/json", dataFile(QStringLiteral("appsscript-active.json")), {}, {}, CannedReply::Mode::Normal, 0});
    const QString dir = m_root->filePath(QStringLiteral("sheet-cli"));
    QDir().mkpath(dir);
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), "LICENSE_API_URL=" + fixture.url(QStringLiteral("/sheet.csv")).toUtf8()
                                                               + "\nLICENSE_EXPIRY=2030-12-31\nMAX_OFFLINE_DAYS=30\n"));
    Run r = cli(dir, {QStringLiteral("status")});
    QCOMPARE(r.exitCode, 12); // never checked: online check required
    r = cli(dir, {QStringLiteral("heartbeat")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    {
        QFile dat(dir + QStringLiteral("/license.dat"));
        QVERIFY(dat.open(QIODevice::ReadOnly));
        const QByteArray stored = dat.readAll();
        QVERIFY2(stored.contains("KQ7RM") && !stored.contains("2V9XT"), stored.constData());
    }
    r = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(QStringLiteral("source")).toString(), QStringLiteral("sheet"));
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    QCOMPARE(r.json().value(QStringLiteral("valid_until")).toString(), QStringLiteral("2030-12-31"));
    // The last check in this computer's time, as vendor mode's heartbeat lines (it was ISO UTC; helper-38).
    r = cli(dir, {QStringLiteral("status")});
    const QString lastLine = r.out.section(QStringLiteral("Last online check: "), 1).section(u'\n', 0, 0);
    QVERIFY2(!lastLine.isEmpty() && !lastLine.contains(QRegularExpression(QStringLiteral("\\d{4}-\\d{2}-\\d{2}T"))) && !lastLine.endsWith(u'Z'),
             qPrintable(r.out));
    r = cli(dir, {QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--at"), QStringLiteral("+31d")});
    QCOMPARE(r.json().value(QStringLiteral("reason")).toString(), QStringLiteral("offline_too_long"));
    r = cli(dir, {QStringLiteral("heartbeat-retry")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(fixture.hits("/sheet.csv"), 1); // not due again yet
    // Said with the state, and as JSON when asked (it was a plain line without the state; outside check).
    QVERIFY2(r.out.contains(QLatin1String("No online check due")) && r.out.contains(QLatin1String("(code: paired, active, full)")), qPrintable(r.out));
    r = cli(dir, {QStringLiteral("heartbeat-retry"), QStringLiteral("--json")});
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("not_due"));
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    QCOMPARE(fixture.hits("/sheet.csv"), 1);
    r = cli(dir, {QStringLiteral("diagnostic")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("[✓] Sheet reachable and readable (csv)")));
    // --offline does not fetch the sheet, so it does not fail the fetch's row (it did, exit 6).
    r = cli(dir, {QStringLiteral("diagnostic"), QStringLiteral("--offline")});
    QVERIFY2(r.exitCode == 0 && !r.out.contains(QLatin1String("Sheet reachable")) && r.out.contains(QLatin1String("Sheet not fetched (--offline)")),
             qPrintable(r.out));
    QCOMPARE(fixture.hits("/sheet.csv"), 2);
    r = cli(dir, {QStringLiteral("--lang"), QStringLiteral("id"), QStringLiteral("diagnostic")});
    QVERIFY2(r.out.contains(QStringLiteral("Status di sheet: aktif")), qPrintable(r.out)); // it said "active" (outside check)
    QCOMPARE(cli(dir, {QStringLiteral("pair"), QStringLiteral("--key"), QStringLiteral("HMS-ABCDE-23456-FGHJK-78901")}).exitCode, 2);
    // A check --json answers like vendor mode's heartbeat: ok, code, message and next step (the
    // status fields alone said nothing of a failed fetch; helper-38).
    r = cli(dir, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QCOMPARE(r.json().value(QStringLiteral("ok")).toBool(false), true);
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("ok"));
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), "LICENSE_API_URL=" + fixture.url(QStringLiteral("/gone.csv")).toUtf8()
                                                               + "\nLICENSE_EXPIRY=2030-12-31\nMAX_OFFLINE_DAYS=30\n"));
    r = cli(dir, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 4);
    QCOMPARE(r.json().value(QStringLiteral("ok")).toBool(true), false);
    // A 404 is the address in the settings file, not the internet (the advice was the internet
    // connection and sharing the sheet; helper-39): the code says what came back, the action names
    // LICENSE_API_URL and the file.
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("sheet_http_error"));
    const QString envShown = QDir::toNativeSeparators(dir + QStringLiteral("/hotelhub.env"));
    QVERIFY2(r.json().value(QStringLiteral("action")).toString().contains(QLatin1String("LICENSE_API_URL in ") + envShown)
                 && r.json().value(QStringLiteral("action")).toString().contains(QLatin1String("HTTP 404")),
             qPrintable(r.out));
    r = cli(dir, {QStringLiteral("heartbeat")});
    QVERIFY2(r.err.contains(QStringLiteral("  → LICENSE_API_URL in ")), qPrintable(r.err));
    // Nobody listening: the owner's language throughout (Qt's English "Connection refused" stood
    // inside the Indonesian sentence), the internet and the address as the next step.
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), "LICENSE_API_URL=http://127.0.0.1:" + QByteArray::number(freeLoopbackPort())
                                                               + "/sheet.csv\nLICENSE_EXPIRY=2030-12-31\nMAX_OFFLINE_DAYS=30\n"));
    r = cli(dir, {QStringLiteral("--lang"), QStringLiteral("id"), QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("sheet_unreachable"));
    QVERIFY2(!r.out.contains(QLatin1String("refused"), Qt::CaseInsensitive) && r.json().value(QStringLiteral("message")).toString().contains(QLatin1String("menolak")),
             qPrintable(r.out));
    QVERIFY2(r.json().value(QStringLiteral("action")).toString().contains(QLatin1String("internet")), qPrintable(r.out));
    // The sheet answered, without this installation's row: refused (exit 5), not "unreachable"
    // (it exited 4; helper-41).
    fixture.serve("/others.csv", {200, "text/csv", "License Key,Status,Expiry\nHMS-ZZZZZ-11111-22222-33333,active,31/12/2030\n", {}, {}, CannedReply::Mode::Normal, 0});
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), "LICENSE_API_URL=" + fixture.url(QStringLiteral("/others.csv")).toUtf8()
                                                               + "\nLICENSE_EXPIRY=2030-12-31\nMAX_OFFLINE_DAYS=30\nLICENSE_KEY_HASH="
                                                               + LicenseKey::parse(QStringLiteral("HMS-ABCDE-23456-FGHJK-78901")).hash().toUtf8() + "\n"));
    r = cli(dir, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("sheet_no_row"));
    QCOMPARE(r.exitCode, 5);
    // This installation's row is there, with a status the sheet cannot read: said as that row's
    // problem, not as a row to add (helper-52).
    // (After another licence's valid row too: helper-53.)
    fixture.serve("/aktif.csv", {200, "text/csv",
                                 "License Key,Status,Expiry\nHMS-ZZZZZ-11111-22222-33333,active,31/12/2030\nHMS-ABCDE-23456-FGHJK-78901,aktif,31/12/2030\n",
                                 {}, {}, CannedReply::Mode::Normal, 0});
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), "LICENSE_API_URL=" + fixture.url(QStringLiteral("/aktif.csv")).toUtf8()
                                                               + "\nLICENSE_EXPIRY=2030-12-31\nMAX_OFFLINE_DAYS=30\nLICENSE_KEY_HASH="
                                                               + LicenseKey::parse(QStringLiteral("HMS-ABCDE-23456-FGHJK-78901")).hash().toUtf8() + "\n"));
    r = cli(dir, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 5 && r.json().value(QStringLiteral("code")).toString() == QLatin1String("sheet_row_invalid")
                 && r.json().value(QStringLiteral("message")).toString().contains(QLatin1String("aktif"))
                 && r.json().value(QStringLiteral("action")).toString().contains(QLatin1String("correct that row")),
             qPrintable(r.out));
    // A setting that cannot be read: the diagnostic names the file to correct.
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), "LICENSE_API_URL=" + fixture.url(QStringLiteral("/sheet.csv")).toUtf8()
                                                               + "\nLICENSE_EXPIRY=2030-12-31\nMAX_OFFLINE_DAYS=forty\n"));
    r = cli(dir, {QStringLiteral("diagnostic")});
    QVERIFY2(r.out.contains(QLatin1String("MAX_OFFLINE_DAYS")) && r.out.contains(QLatin1String("Correct the line named above in ") + envShown), qPrintable(r.out));
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), "LICENSE_API_URL=" + fixture.url(QStringLiteral("/sheet.csv")).toUtf8()
                                                               + "\nLICENSE_EXPIRY=2030-12-31\nMAX_OFFLINE_DAYS=30\n"));

    // The hard expiry wins over a sheet that says active.
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), "LICENSE_API_URL=" + fixture.url(QStringLiteral("/sheet.csv")).toUtf8()
                                                               + "\nLICENSE_EXPIRY=2026-01-31\n"));
    r = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 12);
    QCOMPARE(r.json().value(QStringLiteral("reason")).toString(), QStringLiteral("license_expiry"));
    // Its step names where the date goes (it was "After renewing, press Check again", which
    // changes nothing while the passed date is in the file; helper-54).
    r = cli(dir, {QStringLiteral("status")});
    QVERIFY2(r.out.contains(QLatin1String("put the new end date the vendor gives you in LICENSE_EXPIRY")), qPrintable(r.out));
    r = cli(dir, {QStringLiteral("diagnostic"), QStringLiteral("--offline")});
    QVERIFY2(r.out.contains(QLatin1String("new end date in LICENSE_EXPIRY")), qPrintable(r.out));
    // license.dat is as good as before: only the expiry row fails (it said "[✗] license.dat
    // intact" and "never" for the last check; helper-55).
    QVERIFY2(r.out.contains(QStringLiteral("[✓] license.dat intact")) && !r.out.contains(QLatin1String("Last online check never")), qPrintable(r.out));
    // A sheet whose own expiry has passed (the 2025 fixture, today) locks too.
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), "LICENSE_API_URL=" + fixture.url(QStringLiteral("/old.json")).toUtf8() + "\n"));
    // The sheet's verdict is the vendor's refusal, as a vendor server's is: exit 5 with the state as
    // the code (it was exit 12 with ok: true and ⚠; helper-52).
    r = cli(dir, {QStringLiteral("heartbeat")});
    QVERIFY2(r.exitCode == 5 && r.err.startsWith(QStringLiteral("✗ Sheet checked")) && r.err.contains(QStringLiteral("→ "))
                 && r.err.contains(QLatin1String("Here: hotelhub-license heartbeat")) && r.out.isEmpty(),
             qPrintable(r.out + r.err));
    r = cli(dir, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 5 && !r.json().value(QStringLiteral("ok")).toBool() && r.json().value(QStringLiteral("code")).toString() == QLatin1String("expired")
                 && !r.json().value(QStringLiteral("action")).toString().isEmpty(),
             qPrintable(r.out));
    r = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 12);
    QCOMPARE(r.json().value(QStringLiteral("reason")).toString(), QStringLiteral("sheet_expiry"));
    // A malformed setting is named, never a silent pass.
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), "LICENSE_API_URL=" + fixture.url(QStringLiteral("/sheet.csv")).toUtf8()
                                                               + "\nLICENSE_EXPIRY=someday\n"));
    r = cli(dir, {QStringLiteral("status")});
    QCOMPARE(r.exitCode, 12);
    QVERIFY(r.out.contains(QLatin1String("LICENSE_EXPIRY 'someday'")));
    // Settings on lines the HMS cannot load (helper-57). LICENSE_KEY_HASH so written gave no hash,
    // and the sheet's first row (another hotel's, active) answered for this suspended one.
    fixture.serve("/two.csv", {200, "text/csv",
                               "License Key,Status,Expiry\nHMS-ZZZZZ-11111-22222-33333,active,31/12/2030\nHMS-ABCDE-23456-FGHJK-78901,suspended,31/12/2030\n",
                               {}, {}, CannedReply::Mode::Normal, 0});
    const QByteArray hash = LicenseKey::parse(QStringLiteral("HMS-ABCDE-23456-FGHJK-78901")).hash().toUtf8();
    const QByteArray two = "LICENSE_API_URL=" + fixture.url(QStringLiteral("/two.csv")).toUtf8() + "\nLICENSE_EXPIRY=2030-12-31\n";
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), two + "LICENSE_KEY_HASH=" + hash + "\n"));
    r = cli(dir, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 5 && r.json().value(QStringLiteral("code")).toString() == QLatin1String("suspended"), qPrintable(r.out));
    const int fetched = fixture.hits("/two.csv");
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), two + "LICENSE_KEY_HASH=\"" + hash + "\"x\n"));
    r = cli(dir, {QStringLiteral("heartbeat")});
    QVERIFY2(r.exitCode != 0 && (r.out + r.err).contains(QLatin1String("Line 3 of the settings file: LICENSE_KEY_HASH has text after its closing quote")),
             qPrintable(r.out + r.err));
    QCOMPARE(fixture.hits("/two.csv"), fetched); // nothing fetched with settings the HMS cannot load
    QVERIFY2(!r.err.contains(QLatin1String("online check failed")), qPrintable(r.err)); // none was made
    r = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.json().value(QStringLiteral("reason")).toString(), QStringLiteral("invalid_configuration"));
    // LICENSE_API_URL itself on such a line is still sheet mode with a line to correct; read as
    // unset, the hotel was "not set up", told to pair with the default vendor, and its log said
    // the licence was released.
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), "LICENSE_API_URL=" + fixture.url(QStringLiteral("/two.csv")).toUtf8()
                                                               + " baru\nLICENSE_EXPIRY=2030-12-31\n"));
    r = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 12 && r.json().value(QStringLiteral("state")).toString() == QLatin1String("locked")
                 && r.json().value(QStringLiteral("reason")).toString() == QLatin1String("invalid_configuration"),
             qPrintable(r.out));
    r = cli(dir, {QStringLiteral("heartbeat")});
    QVERIFY2((r.out + r.err).contains(QLatin1String("Line 1 of the settings file: LICENSE_API_URL has a space inside a value without quotes"))
                 && !(r.out + r.err).contains(QLatin1String("pair --key")),
             qPrintable(r.out + r.err));
    const QByteArray log = readFile(dir + QStringLiteral("/logs/license.log"));
    QVERIFY(!log.isEmpty() && !log.contains("license.unpaired"));
    // Swallowed by a quote opened on the line above: that line is the one named.
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), "APP_NAME=\"Hotel Melati\nLICENSE_API_URL=" + fixture.url(QStringLiteral("/two.csv")).toUtf8()
                                                               + "\nLICENSE_EXPIRY=\"2030-12-31\"\n"));
    r = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.json().value(QStringLiteral("reason")).toString(), QStringLiteral("invalid_configuration"));
    r = cli(dir, {QStringLiteral("heartbeat")});
    QVERIFY2((r.out + r.err).contains(QLatin1String("Line 1 of the settings file: APP_NAME")), qPrintable(r.out + r.err));
    // …and by one a later line closes: the file loads in the HMS, without the sheet's settings.
    QVERIFY(writeFile(dir + QStringLiteral("/hotelhub.env"), "APP_NAME=\"Hotel Melati\nLICENSE_API_URL=" + fixture.url(QStringLiteral("/two.csv")).toUtf8()
                                                               + "\nEND\"\nLICENSE_EXPIRY=2030-12-31\n"));
    r = cli(dir, {QStringLiteral("heartbeat")});
    QVERIFY2((r.out + r.err).contains(QLatin1String("Line 2 of the settings file: LICENSE_API_URL is inside the value of APP_NAME")), qPrintable(r.out + r.err));
    // license.dat written by a check the settings stopped holds no sheet status yet: the
    // diagnostic says so (it said "Sheet status: " with nothing after it).
    const QString fresh = m_root->filePath(QStringLiteral("sheet-never-read"));
    QVERIFY(QDir().mkpath(fresh));
    QVERIFY(writeFile(fresh + QStringLiteral("/hotelhub.env"), "LICENSE_API_URL=" + fixture.url(QStringLiteral("/two.csv")).toUtf8() + " baru\n"));
    cli(fresh, {QStringLiteral("heartbeat")});
    QVERIFY(writeFile(fresh + QStringLiteral("/hotelhub.env"), "LICENSE_API_URL=http://127.0.0.1:9/never.csv\n"));
    r = cli(fresh, {QStringLiteral("diagnostic"), QStringLiteral("--offline")});
    QVERIFY2(r.out.contains(QLatin1String("Sheet status: not read yet")), qPrintable(r.out));
}

// The owner fixes the settings file while the tray runs (a new LICENSE_EXPIRY from the vendor, a
// MAX_OFFLINE_DAYS that was not a number): its next look, and "Check again", use the file as it is
// now. They kept the settings of the tray's start, so the lock stayed until a restart.
void TestClient::sheetSettingsFixedWhileRunning()
{
    FixtureHttpServer fixture;
    fixture.serve("/csv", {200, "text/csv", dataFile(QStringLiteral("published-single-client.csv")), {}, {}, CannedReply::Mode::Normal, 0});
    ManualClock clock(QDateTime(QDate(2025, 6, 1), QTime(5, 0), QTimeZone::utc()));
    SheetNode node(m_root->filePath(QStringLiteral("fixed-while-running")), clock,
                   {QStringLiteral("LICENSE_API_URL=") + fixture.url(QStringLiteral("/csv")), QStringLiteral("LICENSE_EXPIRY=2025-05-31")});
    const SheetCheck passed = node.sheet->checkOnline(node.network);
    QCOMPARE(passed.status.state, LicenseState::Expired);
    QCOMPARE(passed.status.reason, QStringLiteral("license_expiry"));
    const auto edit = [&](const QString &key, const QString &value) {
        EnvFile owner; // another program: the owner's editor
        QVERIFY(owner.load(node.paths.envFile));
        owner.set(key, value);
        QVERIFY2(owner.save(), qPrintable(owner.errorString()));
    };
    edit(QStringLiteral("LICENSE_EXPIRY"), QStringLiteral("2027-12-31"));
    QCOMPARE(node.sheet->evaluate(clock.now(), false).status.state, LicenseState::Active);
    QCOMPARE(node.sheet->settings().hardExpiry, QDate(2027, 12, 31));
    // A setting broken and fixed again, each seen at the next look.
    edit(QStringLiteral("MAX_OFFLINE_DAYS"), QStringLiteral("tiga puluh"));
    const SheetCheck broken = node.sheet->checkOnline(node.network);
    QCOMPARE(broken.status.reason, QStringLiteral("invalid_configuration"));
    // Lines written as an owner types them (EnvFile::set would quote them): the key's line made
    // anew from the old one; the old line is returned.
    const auto typeLine = [&](const QByteArray &key, const std::function<QByteArray(const QByteArray &)> &typed) {
        QByteArray text = readFile(node.paths.envFile);
        const qsizetype at = text.indexOf(key + '=');
        const qsizetype end = text.indexOf('\n', at);
        if (at < 0 || end < 0)
            return QByteArray();
        const QByteArray old = text.mid(at, end - at);
        writeFile(node.paths.envFile, text.replace(at, end - at, typed(old)));
        return old;
    };
    // Unquoted, the HMS cannot load the line at all; its value is not the default (it passed as 30).
    QVERIFY(!typeLine("MAX_OFFLINE_DAYS", [](const QByteArray &) { return QByteArray("MAX_OFFLINE_DAYS=tiga puluh"); }).isEmpty());
    const SheetCheck unloadable = node.sheet->checkOnline(node.network);
    QCOMPARE(unloadable.status.reason, QStringLiteral("invalid_configuration"));
    QCOMPARE(unloadable.status.validUntil.date(), QDate(2027, 12, 31)); // still shown (it read "Valid until: –")
    QVERIFY2(unloadable.fetchMessage.contains(QLatin1String("MAX_OFFLINE_DAYS has a space inside a value without quotes")), qPrintable(unloadable.fetchMessage));
    // The sheet's address itself broken so while running: nothing is fetched from the address kept
    // in memory (helper-57: "the licence sheet was checked just now", the offline clock moved on).
    const int fetched = fixture.hits("/csv");
    const QByteArray address = typeLine("LICENSE_API_URL", [](const QByteArray &old) { return old + " baru"; });
    QVERIFY(!address.isEmpty());
    const SheetCheck noAddress = node.sheet->checkOnline(node.network);
    QCOMPARE(noAddress.status.reason, QStringLiteral("invalid_configuration"));
    QVERIFY2(noAddress.fetchMessage.contains(QLatin1String("LICENSE_API_URL has a space inside a value without quotes")), qPrintable(noAddress.fetchMessage));
    QCOMPARE(fixture.hits("/csv"), fetched);
    typeLine("LICENSE_API_URL", [&](const QByteArray &) { return address; });
    edit(QStringLiteral("MAX_OFFLINE_DAYS"), QStringLiteral("30"));
    const SheetCheck again = node.sheet->checkOnline(node.network);
    QVERIFY2(again.fetchOk && again.status.state == LicenseState::Active, qPrintable(again.fetchMessage));
    // Settings given by hand (no file named) are not replaced by a file's.
    SheetModeSettings byHand = node.sheet->settings();
    byHand.envFile.clear();
    byHand.hardExpiry = QDate(2025, 5, 31);
    SheetMode fixedSheet(node.paths, byHand, *node.manager, *node.keys, clock);
    edit(QStringLiteral("LICENSE_EXPIRY"), QStringLiteral("2028-12-31"));
    QCOMPARE(fixedSheet.evaluate(clock.now(), false).status.state, LicenseState::Expired);
}

// LICENSE_VENDOR_BASE_URL on a line the HMS cannot load gave no value, so the heartbeat went to
// the default vendor and the step was "check the internet and DNS" (helper-57). Nothing is sent;
// the line is the step; the licence itself stays as it is.
void TestClient::vendorAddressOnALineTheHmsCannotLoad()
{
    QString key;
    const QString dir = pairedCliInstall(QStringLiteral("vendor-line"), &key);
    QVERIFY(!dir.isEmpty());
    const QString envPath = dir + QStringLiteral("/hotelhub.env");
    QByteArray text = readFile(envPath);
    const qsizetype at = text.indexOf("LICENSE_VENDOR_BASE_URL=");
    QVERIFY(at >= 0);
    const qsizetype end = text.indexOf('\n', at);
    const int line = int(text.left(at).count('\n')) + 1;
    text.insert(end, " kami");
    QVERIFY(writeFile(envPath, text));
    Run r = cli(dir, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode != 0 && r.json().value(QStringLiteral("code")).toString() == QLatin1String("invalid_url"), qPrintable(r.out + r.err));
    const QString said = r.json().value(QStringLiteral("detail")).toString() + r.json().value(QStringLiteral("message")).toString();
    QVERIFY2(said.contains(QStringLiteral("Line %1 of the settings file: LICENSE_VENDOR_BASE_URL has a space inside a value without quotes").arg(line)),
             qPrintable(r.out));
    QVERIFY2(r.json().value(QStringLiteral("action")).toString().contains(QLatin1String("LICENSE_VENDOR_BASE_URL")), qPrintable(r.out));
    r = cli(dir, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    // Swallowed by a quote that a later line closes: the HMS loads the file, without the address
    // (helper-58: the heartbeat went to the default vendor without a word).
    QByteArray swallowed = text;
    swallowed.replace("LICENSE_VENDOR_BASE_URL=", "APP_NAME=\"Hotel Melati\nLICENSE_VENDOR_BASE_URL=");
    swallowed.replace(" kami", "\nEND\"");
    QVERIFY(writeFile(envPath, swallowed));
    r = cli(dir, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QVERIFY2(r.json().value(QStringLiteral("code")).toString() == QLatin1String("invalid_url")
                 && r.json().value(QStringLiteral("detail")).toString().contains(QLatin1String("LICENSE_VENDOR_BASE_URL is inside the value of APP_NAME")),
             qPrintable(r.out + r.err));
    // Corrected, the heartbeat reaches the vendor again.
    text.replace(" kami", "");
    QVERIFY(writeFile(envPath, text));
    r = cli(dir, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
}

void TestClient::sheetModeTamperingAndOfflineLimit()
{
    FixtureHttpServer fixture;
    fixture.serve("/csv", {200, "text/csv", dataFile(QStringLiteral("published-single-client.csv")), {}, {}, CannedReply::Mode::Normal, 0});
    ManualClock clock(QDateTime(QDate(2025, 6, 1), QTime(5, 0), QTimeZone::utc()));
    SheetNode node(m_root->filePath(QStringLiteral("tamper")), clock,
                   {QStringLiteral("LICENSE_API_URL=") + fixture.url(QStringLiteral("/csv")), QStringLiteral("MAX_OFFLINE_DAYS=30")});
    QVERIFY(node.sheet->checkOnline(node.network).fetchOk);
    // Offline: day 30 is fine, day 31 locks.
    QCOMPARE(node.sheet->evaluate(clock.now().addDays(30), false).status.mode(), LicenseMode::Full);
    const SheetCheck late = node.sheet->evaluate(clock.now().addDays(31), false);
    QCOMPARE(late.status.state, LicenseState::Locked);
    QCOMPARE(late.status.reason, QStringLiteral("offline_too_long"));
    // A clock that ran fast at the check and was corrected since (NTP steps it back 10 minutes,
    // or hours): no tampering, the licence goes on (it locked as "license.dat tampered"; outside
    // check). Set back more than a day: the clock is wrong, restricted until it is right.
    QCOMPARE(node.sheet->evaluate(clock.now().addSecs(-10 * 60), false).status.state, LicenseState::Active);
    QCOMPARE(node.sheet->evaluate(clock.now().addSecs(-23 * 3600), false).status.state, LicenseState::Active);
    const SheetCheck back = node.sheet->evaluate(clock.now().addDays(-2), false);
    QCOMPARE(back.status.state, LicenseState::ClockInvalid);
    QCOMPARE(back.status.mode(), LicenseMode::Restricted);
    QVERIFY(back.recordProblem.contains(QLatin1String("clock is behind")));
    // Only a check clears it, so one is due at once (the timer waited for the slot counted from
    // the check in the future, days; helper-37); a clock a few hours behind keeps the schedule.
    QCOMPARE(node.sheet->nextCheck(clock.now().addDays(-2)), clock.now().addDays(-2));
    QVERIFY(node.sheet->nextCheck(clock.now().addSecs(-3600)) > clock.now().addSecs(-3600));
    // Moving last_online_check forward by hand breaks the HMAC.
    QFile dat(node.sheet->datFile());
    QVERIFY(dat.open(QIODevice::ReadOnly));
    QByteArray text = dat.readAll();
    dat.close();
    QVERIFY(text.contains("2025-06-01T05:00:00"));
    text.replace("2025-06-01T05:00:00", "2025-07-15T05:00:00");
    QVERIFY(writeFile(node.sheet->datFile(), text));
    const SheetCheck edited = node.sheet->evaluate(clock.now().addDays(40), true);
    QCOMPARE(edited.status.reason, QStringLiteral("license_dat_tampered"));
    QVERIFY(edited.recordProblem.contains(QLatin1String("signature")));
    // license.dat from another install does not verify here.
    SheetNode other(m_root->filePath(QStringLiteral("tamper2")), clock, {QStringLiteral("LICENSE_API_URL=") + fixture.url(QStringLiteral("/csv"))});
    QVERIFY(other.sheet->checkOnline(other.network).fetchOk);
    QVERIFY(QFile::remove(node.sheet->datFile()));
    QVERIFY(QFile::copy(other.sheet->datFile(), node.sheet->datFile()));
    QCOMPARE(node.sheet->evaluate(clock.now(), false).status.reason, QStringLiteral("license_dat_tampered"));
    // A successful check repairs it.
    QVERIFY(node.sheet->checkOnline(node.network).fetchOk);
    QCOMPARE(node.sheet->evaluate(clock.now(), true).status.state, LicenseState::Active);
    QVERIFY(auditActions(node.paths.dataDir).contains(QStringLiteral("license.locked")));
}

void TestClient::gatewayRefusalsChangeNothing()
{
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    SystemClock clock;
    Node node(m_root->filePath(QStringLiteral("gw")), clock, m_server->publicKeyPath(), m_server->publicKeySha256(), m_server->url(QString()).toString());
    QVERIFY(node.pair(key).ok());
    FixtureHttpServer gateway;
    node.pointAt(gateway.url(QString()));
    const QList<CannedReply> replies{
        {403, "application/json", R"({"message":"Forbidden"})"},
        {403, "text/html", "<html><body>403 Forbidden</body></html>"},
        {410, "text/html", "<html>Gone</html>"},
        {410, "application/json", R"({"error":"gone"})"},
        {403, "", ""},
    };
    for (const CannedReply &reply : replies) {
        gateway.serve("/api/license/heartbeat", reply);
        const ClientOutcome o = node.heartbeat();
        QCOMPARE(VendorErrors::code(o.error), QStringLiteral("intermediary_refusal"));
        QVERIFY2(o.detail.contains(QStringLiteral("intermediary answered %1").arg(reply.status)), qPrintable(o.detail));
        QCOMPARE(node.status().stateName(), QStringLiteral("active"));
    }
    const QStringList actions = auditActions(node.paths.dataDir);
    QVERIFY2(!actions.contains(QStringLiteral("license.revoked")) && !actions.contains(QStringLiteral("license.expired")), qPrintable(actions.join(u',')));
    // The failures are on the retry ladder, named for support.
    const std::optional<LocalLicense> row = node.manager->loadRow();
    QCOMPARE(row->lastFailureReason, QStringLiteral("intermediary_refusal"));
    QVERIFY(row->serverState.isEmpty());
    Run r = cli(node.paths.dataDir, {QStringLiteral("diagnostic"), QStringLiteral("--offline")});
    QVERIFY2(r.out.contains(QStringLiteral("[✗] Heartbeat reached the licence server")) && r.out.contains(QStringLiteral("intermediary")), qPrintable(r.out));
    // The heartbeat's next step: nothing to do, it tries again by itself.
    QVERIFY2(node.heartbeat().text(ClientSettings()).action.contains(QLatin1String("the heartbeat tries again by itself")), "heartbeat");
    // …said only where HotelHub works: not on a restricted or locked installation (a moved
    // licence's install, a revoked one), whose next step is elsewhere (found by the outside check).
    for (const LicenseState state : {LicenseState::FingerprintMismatch, LicenseState::Revoked, LicenseState::Suspended, LicenseState::Unpaired}) {
        for (const VendorError error : {VendorError::IntermediaryRefusal, VendorError::ServerError}) {
            ClientOutcome o;
            o.error = error;
            o.status.state = state;
            QVERIFY2(!o.text(ClientSettings()).action.contains(QLatin1String("keeps working")), qPrintable(o.status.stateName()));
        }
    }
    // A pairing behind the same gateway is tried again by nobody but the owner: it said "Nothing
    // to do now: it is tried again automatically", and "Server: Forbidden" as if the licence
    // server had said so (found by the outside check).
    gateway.serve("/api/license/pair", {403, "application/json", R"({"message":"Forbidden"})"});
    const QString fresh = prepareCliInstall(QStringLiteral("gw-fresh"), gateway.url(QString()));
    r = cli(fresh, {QStringLiteral("pair"), QStringLiteral("--key"), key});
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains(QLatin1String("Try again in a few minutes")) && !r.err.contains(QLatin1String("automatically"))
                 && !r.err.contains(QLatin1String("keeps working")) && !r.err.contains(QLatin1String("server wrote")),
             qPrintable(r.err));
    // The same for a licence server with a temporary problem: an unpaired HotelHub does not "keep working".
    gateway.serve("/api/license/pair", {502, "text/html", "<html>Bad Gateway</html>"});
    r = cli(fresh, {QStringLiteral("pair"), QStringLiteral("--key"), key});
    QVERIFY2(r.exitCode == 4 && !r.err.contains(QLatin1String("keeps working")), qPrintable(r.err));
}

void TestClient::staleExchangeLockIsTakenOver()
{
    QString key;
    const QString a = pairedCliInstall(QStringLiteral("stale-lock"), &key);
    QVERIFY(!a.isEmpty());
    // A runner was killed in the middle of an exchange: its lock file names a process that is gone.
    qint64 deadPid = 999999;
    {
        // This test program, listing its functions: a process that ends at once, on any system.
        // Its QProcess is gone too before the lock is written: on Windows a process whose handle
        // is still held counts as running.
        QProcess gone;
        gone.start(QCoreApplication::applicationFilePath(), {QStringLiteral("-functions")});
        QVERIFY(gone.waitForFinished());
        if (gone.processId() > 0)
            deadPid = gone.processId();
    }
    // The host line as QLockFile writes it: on Windows the COMPUTERNAME variable, not the DNS name
    // (a lock from "another host" is never taken over by its process check).
#ifdef Q_OS_WIN
    const QByteArray host = qgetenv("COMPUTERNAME");
#else
    const QByteArray host = QSysInfo::machineHostName().toUtf8();
#endif
    QVERIFY(writeFile(a + QStringLiteral("/license-exchange.lock"),
                      QByteArray::number(deadPid) + "\nhotelhub-license\n" + host + "\n"));
    const Run r = cli(a, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("ok"));
}

void TestClient::signedVerdictsOnlyFromTheVendor()
{
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    SystemClock clock;
    Node node(m_root->filePath(QStringLiteral("sv")), clock, m_server->publicKeyPath(), m_server->publicKeySha256(), m_server->url(QString()).toString());
    QVERIFY(node.pair(key).ok());
    QNetworkAccessManager net;
    QString error;
    const QByteArray token = *node.manager->currentToken(&error);
    const QString fingerprint = node.manager->currentComponents(node.manager->loadRow()->installId).fingerprint();

    // The vendor suspends; a genuine signed verdict is captured for a request with another nonce.
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("suspend"), key, QStringLiteral("--reason"), QStringLiteral("unpaid")}).exitCode, 0);
    const HttpResult old = postJson(net, m_server->url(QStringLiteral("/api/license/heartbeat")),
                                    {{QStringLiteral("token"), QString::fromLatin1(token)}, {QStringLiteral("fingerprint"), fingerprint},
                                     {QStringLiteral("nonce"), QStringLiteral("captured")}});
    QCOMPARE(old.status, 403);
    QVERIFY(old.json.contains(QStringLiteral("verdict")));

    // An interceptor answers "suspended" without a signature, then with the stripped signature of
    // another request: neither locks.
    FixtureHttpServer mitm;
    node.pointAt(mitm.url(QString()));
    QJsonObject unsigned_ = old.json;
    unsigned_.remove(QStringLiteral("verdict"));
    mitm.serve("/api/license/heartbeat", {403, "application/json", QJsonDocument(unsigned_).toJson(QJsonDocument::Compact)});
    ClientOutcome o = node.heartbeat();
    QCOMPARE(VendorErrors::code(o.error), QStringLiteral("intermediary_refusal"));
    QCOMPARE(node.status().stateName(), QStringLiteral("active"));
    // The request carried a nonce, because the token says the server signs verdicts.
    QVERIFY(QJsonDocument::fromJson(mitm.last("/api/license/heartbeat").body).object().contains(QStringLiteral("nonce")));
    mitm.serve("/api/license/heartbeat", {403, "application/json", old.body});
    o = node.heartbeat();
    QCOMPARE(VendorErrors::code(o.error), QStringLiteral("intermediary_refusal"));
    QVERIFY2(o.detail.contains(QStringLiteral("another request")), qPrintable(o.detail));
    QCOMPARE(node.status().stateName(), QStringLiteral("active"));

    // The vendor itself: locks.
    node.pointAt(m_server->url(QString()).toString());
    o = node.heartbeat();
    QCOMPARE(VendorErrors::code(o.error), QStringLiteral("suspended"));
    QCOMPARE(node.status().stateName(), QStringLiteral("suspended"));
    // Resumed: active again, and the old signed verdict replayed afterwards does not lock.
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("resume"), key}).exitCode, 0);
    QVERIFY(node.heartbeat().ok());
    QCOMPARE(node.status().stateName(), QStringLiteral("active"));
    node.pointAt(mitm.url(QString()));
    o = node.heartbeat();
    QCOMPARE(VendorErrors::code(o.error), QStringLiteral("intermediary_refusal"));
    QCOMPARE(node.status().stateName(), QStringLiteral("active"));
}

void TestClient::supersededTokenIsVisibleAndRepairIsFree()
{
    QString key;
    const QString a = pairedCliInstall(QStringLiteral("superseded"), &key);
    QVERIFY(!a.isEmpty());
    // A copy of the token renews twice elsewhere: this install's token is now spent.
    SystemClock clock;
    Node reader(a, clock, m_server->publicKeyPath(), m_server->publicKeySha256(), m_server->url(QString()).toString());
    QString error;
    const QByteArray token = *reader.manager->currentToken(&error);
    const QString fingerprint = reader.manager->loadRow()->fingerprint; // the CLI's real one
    QNetworkAccessManager net;
    const QUrl hb = m_server->url(QStringLiteral("/api/license/heartbeat"));
    const QString t1 = postJson(net, hb, {{QStringLiteral("token"), QString::fromLatin1(token)}, {QStringLiteral("fingerprint"), fingerprint}})
                           .json.value(QStringLiteral("renewed_token")).toString();
    QCOMPARE(postJson(net, hb, {{QStringLiteral("token"), t1}, {QStringLiteral("fingerprint"), fingerprint}}).status, 200);

    Run r = cli(a, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("token_superseded"));
    // Never "active" while the server refuses the token; not locked either.
    r = cli(a, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("token_refused"));
    QCOMPARE(r.json().value(QStringLiteral("mode")).toString(), QStringLiteral("full"));
    // Pairing again from the same install is free: no move spent, active again.
    r = cli(a, {QStringLiteral("pair"), QStringLiteral("--key"), key});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QCOMPARE(cli(a, {QStringLiteral("heartbeat"), QStringLiteral("--json")}).exitCode, 0);
    QCOMPARE(cli(a, {QStringLiteral("status"), QStringLiteral("--json")}).json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    const QJsonObject shown = shownLicense(key);
    QCOMPARE(shown.value(QStringLiteral("migrations_last_year")).toInt(-1), 0);
    QCOMPARE(shown.value(QStringLiteral("pairings")).toInt(), 1);
}

void TestClient::concurrentHeartbeatProcesses()
{
    QString key;
    const QString a = pairedCliInstall(QStringLiteral("two-runners"), &key);
    QVERIFY(!a.isEmpty());
    for (int round = 0; round < 10; ++round) {
        // The tray and the systemd timer at the daily slot: two processes at the same moment.
        QProcess p1, p2;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOTELHUB_KEYSTORE"), QStringLiteral("file"));
        p1.setProcessEnvironment(env);
        p2.setProcessEnvironment(env);
        const QStringList args{QStringLiteral("--data-dir"), a, QStringLiteral("heartbeat"), QStringLiteral("--json")};
        p1.start(QStringLiteral(HOTELHUB_LICENSE_PATH), args);
        p2.start(QStringLiteral(HOTELHUB_LICENSE_PATH), args);
        QVERIFY(p1.waitForFinished(60000) && p2.waitForFinished(60000));
        QVERIFY2(p1.exitCode() == 0 && p2.exitCode() == 0,
                 qPrintable(QStringLiteral("round %1: %2 / %3").arg(round).arg(QString::fromUtf8(p1.readAllStandardOutput()), QString::fromUtf8(p2.readAllStandardOutput()))));
    }
    // Whatever the interleaving, the stored token still renews.
    Run r = cli(a, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
    QCOMPARE(cli(a, {QStringLiteral("status"), QStringLiteral("--json")}).json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
}

void TestClient::lostRotateReplyCostsNothing()
{
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    LossyProxy proxy(m_server->port());
    const QString a = prepareCliInstall(QStringLiteral("lossy"), proxy.url());
    QCOMPARE(cli(a, {QStringLiteral("pair"), QStringLiteral("--key"), key}).exitCode, 0);
    QCOMPARE(cli(a, {QStringLiteral("heartbeat")}).exitCode, 0);
    // The server rotates and commits; the reply is lost on the way back.
    LossyProxy::s_dropped = 0;
    proxy.dropRepliesTo("/api/license/rotate-token");
    Run r = cli(a, {QStringLiteral("rotate-token"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode != 0, qPrintable(r.out));
    QVERIFY(LossyProxy::s_dropped >= 1);
    proxy.dropRepliesTo({});
    // The old token still renews, and the next rotation works.
    for (int i = 0; i < 3; ++i) {
        r = cli(a, {QStringLiteral("heartbeat"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    }
    QCOMPARE(cli(a, {QStringLiteral("rotate-token")}).exitCode, 0);
    QCOMPARE(cli(a, {QStringLiteral("heartbeat")}).exitCode, 0);
    QCOMPARE(cli(a, {QStringLiteral("status"), QStringLiteral("--json")}).json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
}

namespace {
int vendorAuditCount(const QString &sqlitePath, const QString &action)
{
    int n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("vendor-audit"));
        db.setDatabaseName(sqlitePath);
        if (db.open()) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("SELECT count(*) FROM vendor_audit WHERE action = ?"));
            q.addBindValue(action);
            if (q.exec() && q.next())
                n = q.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("vendor-audit"));
    return n;
}
} // namespace

void TestClient::hardwareDriftHealsOnceThenIsCaught()
{
    QVERIFY(m_server->start());
    const QString key = m_server->createLicense();
    const QString url = m_server->url(QString()).toString();
    SystemClock clock;
    Node node(m_root->filePath(QStringLiteral("drift")), clock, m_server->publicKeyPath(), m_server->publicKeySha256(), url);
    QVERIFY(node.pair(key).ok());
    const QString bound = node.manager->loadRow()->fingerprint;

    // A USB dongle that outranks the built-in card: nothing changes at all.
    node.fingerprints.m_macs = {QStringLiteral("02:00:00:00:00:77"), QStringLiteral("02:00:00:00:00:01")};
    node.reopen(url);
    QCOMPARE(node.manager->currentComponents(node.manager->loadRow()->installId).fingerprint(), bound);
    QVERIFY(node.heartbeat().ok());

    // The built-in card is replaced: never restricted, and the heartbeat rebinds without a move.
    node.fingerprints.m_macs = {QStringLiteral("02:00:00:00:00:42")};
    node.reopen(url);
    QCOMPARE(node.status().stateName(), QStringLiteral("active"));
    QDateTime due;
    QVERIFY(node.client->heartbeatDue(clock.now(), &due)); // at once, not at the next daily slot
    ClientOutcome o = node.heartbeat();
    QVERIFY2(o.ok(), qPrintable(o.detail));
    QCOMPARE(o.rebound, QStringList{QStringLiteral("primary_mac")});
    QVERIFY(node.manager->loadRow()->fingerprint != bound);
    QCOMPARE(node.status().stateName(), QStringLiteral("active"));
    QVERIFY(auditActions(node.paths.dataDir).contains(QStringLiteral("license.rebound")));
    const QString vendorDb = m_server->dir() + QStringLiteral("/vendor.sqlite");
    QCOMPARE(vendorAuditCount(vendorDb, QStringLiteral("license.rebound")), 1);
    QCOMPARE(vendorAuditCount(vendorDb, QStringLiteral("license.migrated")), 0);
    QVERIFY(node.heartbeat().ok()); // and it keeps renewing on the new card

    // A second swap within 30 days (a VM clone alternating with its original): caught.
    node.fingerprints.m_macs = {QStringLiteral("02:00:00:00:00:01")};
    node.fingerprints.m_os = QStringLiteral("debian-13");
    node.reopen(url);
    o = node.heartbeat();
    QCOMPARE(VendorErrors::code(o.error), QStringLiteral("fingerprint_mismatch"));
    QCOMPARE(node.status().stateName(), QStringLiteral("fingerprint_mismatch"));

    // Anything beyond cards and OS (another machine) is a mismatch at once, without asking.
    node.fingerprints = FakeFingerprintSource();
    node.fingerprints.m_macs = {QStringLiteral("02:00:00:00:00:42")};
    node.fingerprints.m_machineId = QStringLiteral("a-copy-elsewhere");
    node.reopen(url);
    QCOMPARE(node.status().stateName(), QStringLiteral("fingerprint_mismatch"));
}

void TestClient::powerCutDatabaseRepairsWithoutAMove()
{
    QString key;
    const QString a = pairedCliInstall(QStringLiteral("powercut"), &key);
    QVERIFY(!a.isEmpty());
    const QString db = AppPaths::resolve(a, {}).databaseFile();
    // A power cut leaves a zero-byte database: refused, untouched.
    QFile f(db);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.close();
    Run r = cli(a, {QStringLiteral("status")});
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(QFileInfo(db).size(), 0);
    // The owner moves it aside and rebuilds: the same install id, so the vendor sees the same
    // install and pairing again is free (no "already paired", no move).
    QVERIFY(QFile::rename(db, db + QStringLiteral(".broken")));
    QCOMPARE(cli(a, {QStringLiteral("bootstrap"), QStringLiteral("--force")}).exitCode, 0);
    r = cli(a, {QStringLiteral("pair"), QStringLiteral("--key"), key});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QCOMPARE(cli(a, {QStringLiteral("heartbeat")}).exitCode, 0);
    const QJsonObject shown = shownLicense(key);
    QCOMPARE(shown.value(QStringLiteral("migrations_last_year")).toInt(-1), 0);
    QCOMPARE(shown.value(QStringLiteral("pairings")).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestClient)
#include "tst_client.moc"
