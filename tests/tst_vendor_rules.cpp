// The vendor side's small rules, tested in the core without a server process.
#include "Clock.h"
#include "ClockTrust.h"
#include "GroupCommit.h"
#include "LicenseKey.h"
#include "RateLimiter.h"
#include "SecretFiles.h"
#include "SheetSync.h"
#include "TestSupport.h"
#include "VendorService.h"
#include "VendorStore.h"

#include <QJsonDocument>
#include <QSet>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <condition_variable>
#include <mutex>

using namespace hotelhub;
using namespace hotelhub::service;

class TestVendorRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void healthTimeIsQtsIsoDate();
    void databaseSpecMistakesNameWhatWasGiven();
    void healthProbesAreEachServicesOwn();
    void rateLimiterSlidingMinute();
    void rateLimiterKeysAreSeparate();
    void generatedKeysAreValidAndDistinct();
    void vendorDayEndsAtJakartaMidnight_data();
    void vendorDayEndsAtJakartaMidnight();
    void tokenFeaturesCarryTheLimits();
    void clockTrustFollowsTheNewestRecord();
    void clockJumpWhileServingStopsWrites();
    void groupCommitWaitsForASyncBegunAfterTheCommit();
    void groupCommitFailedSyncIsNotDurable();
    void groupCommitSeesEveryCommit();
    void groupCommitPausesSoCommitsShareASync();
    void checkpointsKeepPaceWithTheWrites();
    void adminSecretIsOneLineWithoutItsMark();
    void syncReportHasNoEmptyLine();
};

namespace {
// A sync that the test lets finish one at a time.
struct GatedSync
{
    std::mutex mutex;
    std::condition_variable changed;
    int started = 0;
    int allowed = 0;
    bool result = true;
    bool operator()()
    {
        std::unique_lock lock(mutex);
        ++started;
        changed.notify_all();
        const int mine = started;
        changed.wait(lock, [&] { return allowed >= mine; });
        return result;
    }
    void waitStarted(int n)
    {
        std::unique_lock lock(mutex);
        QVERIFY(changed.wait_for(lock, std::chrono::seconds(10), [&] { return started >= n; }));
    }
    void allow(int n)
    {
        std::lock_guard lock(mutex);
        allowed = n;
        changed.notify_all();
    }
};
} // namespace

void TestVendorRules::groupCommitWaitsForASyncBegunAfterTheCommit()
{
    GatedSync gate;
    std::atomic<int> firstDone{0}, laterDone{0}, laterDurable{0};
    {
        GroupCommit group([&gate] { return gate(); });
        group.afterSync([&](bool durable) { firstDone += durable ? 1 : 100; });
        gate.waitStarted(1);
        // Committed while sync 1 runs: sync 1 may have begun before these bytes reached the file,
        // so it must not release them; one sync after it releases all 50 at once.
        for (int i = 0; i < 50; ++i)
            group.afterSync([&](bool durable) {
                ++laterDone;
                laterDurable += durable ? 1 : 0;
            });
        gate.allow(1);
        QTRY_COMPARE(firstDone.load(), 1);
        gate.waitStarted(2);
        QCOMPARE(laterDone.load(), 0);
        gate.allow(2);
        QTRY_COMPARE(laterDone.load(), 50);
        QCOMPARE(laterDurable.load(), 50);
        QCOMPARE(group.syncs(), quint64(2));
        gate.allow(1000); // nothing else waits: the destructor needs no further sync
    }
    QCOMPARE(gate.started, 2);
}

void TestVendorRules::groupCommitFailedSyncIsNotDurable()
{
    // One failed sync (EIO) and the next one "succeeds": the kernel may have dropped the pages it
    // could not write, so nothing after the failure is acknowledged either, until a restart.
    {
        std::atomic<int> calls{0};
        GroupCommit group([&calls] { return ++calls > 1; }); // fails once, then reports success
        std::atomic<int> first{-1}, later{-1};
        group.afterSync([&](bool ok) { first = ok ? 1 : 0; });
        QTRY_COMPARE(first.load(), 0);
        QVERIFY(group.failed());
        group.afterSync([&](bool ok) { later = ok ? 1 : 0; });
        QTRY_COMPARE(later.load(), 0);
    }
    GatedSync gate;
    gate.result = false; // EIO, a full disk: the change is in the log but not known to be on disk
    gate.allow(1000);
    std::atomic<int> answers{0}, durable{0};
    {
        GroupCommit group([&gate] { return gate(); });
        for (int i = 0; i < 3; ++i)
            group.afterSync([&](bool ok) {
                ++answers;
                durable += ok ? 1 : 0;
            });
    } // the destructor answers whoever still waits
    QCOMPARE(answers.load(), 3);
    QCOMPARE(durable.load(), 0);
}

void TestVendorRules::groupCommitPausesSoCommitsShareASync()
{
    // After a sync the next one waits its pace, so the commits of those moments share it (issue
    // 14: without the pause one sync covered 1.4 heartbeats under load, six with it). A commit
    // after a quiet spell is synced at once. An hour's pace here: only stopping ends the pause.
    std::atomic<int> syncs{0}, first{0}, later{0};
    {
        GroupCommit group([&syncs] { return ++syncs > 0; }, std::chrono::hours(1));
        group.afterSync([&](bool ok) { first += ok ? 1 : 100; });
        QTRY_COMPARE(first.load(), 1); // nothing synced before it: no pause
        for (int i = 0; i < 3; ++i)
            group.afterSync([&](bool ok) { later += ok ? 1 : 100; });
        // Without the pause the sync thread took the first of these at once.
        QTest::qWait(200);
        QCOMPARE(later.load(), 0);
        QCOMPARE(syncs.load(), 1);
    } // stopping ends the pause: one sync answers all three
    QCOMPARE(later.load(), 3);
    QCOMPARE(syncs.load(), 2);
}

void TestVendorRules::groupCommitSeesEveryCommit()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("vendor.sqlite"));
    VendorDatabase db(QStringLiteral("sqlite:") + path);
    db.enableGroupCommit();
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    QVERIFY(db.groupCommit());
    VendorDatabase::takeThreadCommits();
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM licenses")) && q.next());
    q.finish();
    QVERIFY(!VendorDatabase::takeThreadCommits()); // a read commits nothing
    QVERIFY(q.exec(QStringLiteral("INSERT INTO vendor_audit (action, created_at) VALUES ('test', '2026-12-01')"))); // autocommit
    QVERIFY(VendorDatabase::takeThreadCommits());
    QVERIFY(!VendorDatabase::takeThreadCommits());
    {
        VendorDatabase::WriteTransaction tx(db);
        QVERIFY(tx.ok());
        QVERIFY(QSqlQuery(tx.connection()).exec(QStringLiteral("INSERT INTO vendor_audit (action, created_at) VALUES ('tx', '2026-12-01')")));
        QVERIFY(tx.commit());
    }
    QVERIFY(VendorDatabase::takeThreadCommits());
    {
        VendorDatabase::WriteTransaction tx(db); // rolled back: nothing to wait for
        QVERIFY(QSqlQuery(tx.connection()).exec(QStringLiteral("INSERT INTO vendor_audit (action, created_at) VALUES ('no', '2026-12-01')")));
    }
    QVERIFY(!VendorDatabase::takeThreadCommits());
    std::atomic<int> durable{0};
    db.afterSync([&](bool ok) { durable = ok ? 1 : -1; });
    QTRY_COMPARE(durable.load(), 1); // the real WAL, flushed
    QVERIFY(QFileInfo(path + QStringLiteral("-wal")).size() > 0);
    // No log where the server opened it (its folder moved or was deleted): not durable.
    QCOMPARE(GroupCommit::syncFile(dir.filePath(QStringLiteral("missing-wal"))), false);
    // Admin commands keep one sync per commit.
    VendorDatabase admin(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("admin.sqlite")));
    QVERIFY(admin.open());
    QVERIFY(!admin.groupCommit());
    QSqlQuery sync(admin.connection());
    QVERIFY(sync.exec(QStringLiteral("PRAGMA synchronous")) && sync.next());
    QCOMPARE(sync.value(0).toInt(), 2); // FULL
    QSqlQuery grouped(db.connection());
    QVERIFY(grouped.exec(QStringLiteral("PRAGMA synchronous")) && grouped.next());
    QCOMPARE(grouped.value(0).toInt(), 1); // NORMAL: the group's sync stands in for the commit's
}

void TestVendorRules::clockTrustFollowsTheNewestRecord()
{
    const QDateTime t0(QDate(2026, 12, 1), QTime(8, 0), QTimeZone::utc());
    ManualClock clock(t0);
    ClockTrust trust(clock, 7);
    QVERIFY(trust.check()); // an empty store: nothing to contradict the clock
    trust.witness(t0.addDays(-3));
    QCOMPARE(trust.lastWitnessed(), t0); // the first check was witnessed; never moves backwards
    clock.advanceDays(6);
    QVERIFY(trust.check()); // a quiet week is still within tolerance, and is witnessed
    clock.advanceDays(8);
    QVERIFY(!trust.check());
    QCOMPARE(trust.aheadSecs(), 8 * 86400);
    QCOMPARE(trust.lastWitnessed(), t0.addDays(6)); // an untrusted reading is not witnessed
    clock.set(t0.addDays(7)); // the clock set right again
    QVERIFY(trust.check());
    QCOMPARE(trust.aheadSecs(), 0);
}

void TestVendorRules::clockJumpWhileServingStopsWrites()
{
    // The service on a store whose newest record is "now", then the clock jumps 100 days.
    QTemporaryDir dir;
    VendorDatabase db(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("vendor.sqlite")));
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    ManualClock clock(QDateTime(QDate(2026, 12, 1), QTime(8, 0), QTimeZone::utc()));
    NewLicense spec;
    spec.plan = QStringLiteral("standalone-pro");
    spec.maxRooms = 40;
    spec.maxUsers = 10;
    spec.validUntil = QDate(2026, 12, 31);
    QVERIFY(VendorStore(db, clock).createLicense(spec));
    test::TestVendorKey key(KeyAlgorithm::Ed25519);
    VendorConfig config;
    config.version = QStringLiteral("1.2.3 \"beta\"");
    VendorService service(db, std::move(key.key), clock, config);
    ServiceRequest health;
    health.method = "GET";
    health.path = "/api/license/health";
    const ServiceReply healthy = service.handle(health);
    QCOMPARE(healthy.status, 200);
    // The healthy answer is written as bytes (issue 14): the same fields, valid JSON.
    QJsonParseError parseError;
    const QJsonObject fields = QJsonDocument::fromJson(healthy.payload(), &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(fields.value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(fields.value(QStringLiteral("version")).toString(), config.version);
    QCOMPARE(fields.value(QStringLiteral("database")).toString(), QStringLiteral("ok"));
    QCOMPARE(fields.value(QStringLiteral("clock")).toString(), QStringLiteral("ok"));
    QCOMPARE(QDateTime::fromString(fields.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs), clock.now());
    QVERIFY(fields.value(QStringLiteral("wal_bytes")).toInteger(-1) >= 0);
    QCOMPARE(fields.size(), 6);
    clock.advanceDays(100);
    const ServiceReply unhealthy = service.handle(health);
    QCOMPARE(unhealthy.status, 503);
    QCOMPARE(unhealthy.body.value(QStringLiteral("clock")).toString(), QStringLiteral("untrusted"));
    QCOMPARE(unhealthy.body.value(QStringLiteral("clock_ahead_days")).toInt(), 100);
    ServiceRequest heartbeat;
    heartbeat.method = "POST";
    heartbeat.path = "/api/license/heartbeat";
    heartbeat.body = R"({"token":"x","fingerprint":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})";
    const ServiceReply refused = service.handle(heartbeat);
    QCOMPARE(refused.status, 503);
    QCOMPARE(refused.body.value(QStringLiteral("reason")).toString(), QStringLiteral("clock_untrusted"));
    QCOMPARE(VendorStore(db, clock).newestRecord(), QDateTime(QDate(2026, 12, 1), QTime(8, 0), QTimeZone::utc()));
    // The admin vouches for it: marked, audited, trusted from then on.
    QVERIFY(service.confirmClock());
    QCOMPARE(service.handle(health).status, 200);
    QCOMPARE(VendorStore(db, clock).newestRecord(), clock.now());
}

void TestVendorRules::rateLimiterSlidingMinute()
{
    RateLimiter limiter(3);
    int retry = 0;
    const qint64 t0 = 1'000'000;
    QVERIFY(limiter.allow(QStringLiteral("10.0.0.1"), t0, &retry));
    QVERIFY(limiter.allow(QStringLiteral("10.0.0.1"), t0 + 10'000, &retry));
    QVERIFY(limiter.allow(QStringLiteral("10.0.0.1"), t0 + 20'000, &retry));
    QVERIFY(!limiter.allow(QStringLiteral("10.0.0.1"), t0 + 30'000, &retry));
    QCOMPARE(retry, 31); // the first attempt leaves the window 30 s later
    // One second before the first attempt is a minute old: still refused; at the minute: allowed.
    QVERIFY(!limiter.allow(QStringLiteral("10.0.0.1"), t0 + 59'000, &retry));
    QVERIFY(limiter.allow(QStringLiteral("10.0.0.1"), t0 + 60'000, &retry));
}

void TestVendorRules::rateLimiterKeysAreSeparate()
{
    RateLimiter limiter(1);
    int retry = 0;
    QVERIFY(limiter.allow(QStringLiteral("a"), 0, &retry));
    QVERIFY(!limiter.allow(QStringLiteral("a"), 1, &retry));
    QVERIFY(limiter.allow(QStringLiteral("b"), 1, &retry));
    // Idle keys are swept after a minute; the limiter keeps working for them afterwards.
    QVERIFY(limiter.allow(QStringLiteral("a"), 120'000, &retry));
}

void TestVendorRules::generatedKeysAreValidAndDistinct()
{
    QSet<QString> seen;
    for (int i = 0; i < 500; ++i) {
        const QString key = generateLicenseKey();
        const LicenseKey parsed = LicenseKey::parse(key);
        QVERIFY2(parsed.isValid(), qPrintable(key));
        QCOMPARE(parsed.text(), key);
        // No characters that are misread on a phone screen.
        for (QChar c : key.mid(4))
            QVERIFY2(c != u'I' && c != u'O' && c != u'0' && c != u'1', qPrintable(key));
        seen.insert(key);
    }
    QCOMPARE(seen.size(), 500);
}

void TestVendorRules::vendorDayEndsAtJakartaMidnight_data()
{
    QTest::addColumn<QDate>("day");
    QTest::addColumn<QDateTime>("utc");
    QTest::newRow("new year's eve") << QDate(2025, 12, 31) << QDateTime(QDate(2025, 12, 31), QTime(16, 59, 59), Qt::UTC);
    QTest::newRow("leap day") << QDate(2028, 2, 29) << QDateTime(QDate(2028, 2, 29), QTime(16, 59, 59), Qt::UTC);
}

void TestVendorRules::vendorDayEndsAtJakartaMidnight()
{
    QFETCH(QDate, day);
    QFETCH(QDateTime, utc);
    QCOMPARE(VendorStore::endOfVendorDay(day), utc);
    // And back: the calendar day a vendor sees is the same day, never the UTC one.
    QCOMPARE(VendorStore::vendorDate(utc), day);
    QCOMPARE(VendorStore::vendorDate(utc.addSecs(1)), day.addDays(1));
}

void TestVendorRules::tokenFeaturesCarryTheLimits()
{
    License l;
    l.maxRooms = 100;
    l.maxUsers = 30;
    l.maxProperties = 2;
    l.features = QJsonObject{{QStringLiteral("channel_manager"), true}};
    const QJsonObject f = l.tokenFeatures();
    QCOMPARE(f.value(QStringLiteral("max_rooms")).toInt(), 100);
    QCOMPARE(f.value(QStringLiteral("max_concurrent_users")).toInt(), 30);
    QCOMPARE(f.value(QStringLiteral("max_properties")).toInt(), 2);
    QCOMPARE(f.value(QStringLiteral("channel_manager")).toBool(), true);
}

void TestVendorRules::databaseSpecMistakesNameWhatWasGiven()
{
    // A PostgreSQL URL that cannot be used is named as given (it read "sqlite:" before), without its password.
    for (const QString &spec : {QStringLiteral("postgresql://"), QStringLiteral("postgresql://owner:s3cr3t@/vendor"),
                                QStringLiteral("postgres://owner:s3cr3t@db.local"), QStringLiteral("postgresql://owner:s3cr3t@a@b/"),
                                QStringLiteral("postgresql://owner:s3cr3t@[::1/vendor"), QStringLiteral("postgresql://owner@db.local/?password=s3cr3t"),
                                QStringLiteral("postgresql://owner@/vendor?password=s3cr3t#s3cr3t")}) {
        const VendorDatabase db(spec);
        QVERIFY2(!db.specOk(), qPrintable(spec));
        const QString error = db.errorString();
        QVERIFY2(error.contains(QLatin1String("postgres")) && error.contains(QLatin1String("is not a PostgreSQL URL")), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("sqlite:")), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("s3cr3t")), qPrintable(error));
    }
    // Which part could not be read (each said only "not a PostgreSQL URL"), never quoting the password.
    const QList<QPair<QString, QString>> parts{
        {QStringLiteral("postgresql://owner:s3#cr3t@db.local/vendor"), QStringLiteral("# as %23")},
        {QStringLiteral("postgresql://owner:s3/cr3t@db.local/vendor"), QStringLiteral("/ as %2F")},
        {QStringLiteral("postgresql://owner:s3?cr3t@db.local/vendor"), QStringLiteral("? as %3F")},
        {QStringLiteral("postgresql://owner:s3cr3t@db.local:54x2/vendor"), QStringLiteral("the port \"54x2\" is not a number")},
        {QStringLiteral("postgresql://owner:s3cr3t@db.local:70000/vendor"), QStringLiteral("the port \"70000\" is not a number")},
        {QStringLiteral("postgresql://owner:s3cr3t@/vendor"), QStringLiteral("names no host")},
        {QStringLiteral("postgresql://owner:s3cr3t@db.local"), QStringLiteral("names no database")},
        {QStringLiteral("postgresql://owner:s3cr3t@db local/vendor"), QStringLiteral("the host \"db local\"")},
        // The "@host" left out: the password was quoted as the port (outside check).
        {QStringLiteral("postgresql://owner:Zq9s3cr3t"), QStringLiteral("no \"@\" before the host")},
        {QStringLiteral("postgresql://owner:Zq9s3cr3t/vendor"), QStringLiteral("no \"@\" before the host")},
        // An unencoded "@" in the password was named as a bad host.
        {QStringLiteral("postgresql://owner:s3cr3t@x@db.local/vendor"), QStringLiteral("@ as %40")},
        {QStringLiteral("postgresql://owner:s3cr3t@db.local:0/vendor"), QStringLiteral("the port \"0\" is not a number")},
        // Outside check: an IPv6 address without brackets was called a bad host; "#" in the
        // database name cut it silently; %00 in the password brought libpq's words.
        {QStringLiteral("postgresql://owner:s3cr3t@::1:5432/vendor"), QStringLiteral("goes in brackets")},
        {QStringLiteral("postgresql://owner:s3cr3t@fe80::1/vendor"), QStringLiteral("goes in brackets")},
        {QStringLiteral("postgresql://owner:s3cr3t@db.local/ven#dor"), QStringLiteral("write it as %23")},
        {QStringLiteral("postgresql://owner:s3cr3t%00@db.local/vendor"), QStringLiteral("control character")},
        {QStringLiteral("postgresql://owner@db.local/vendor?password=s3cr3t%0A"), QStringLiteral("control character")},
    };
    for (const auto &[spec, reason] : parts) {
        const VendorDatabase db(spec);
        QVERIFY2(!db.specOk(), qPrintable(spec));
        QVERIFY2(db.errorString().contains(reason) && !db.errorString().contains(QLatin1String("cr3t")), qPrintable(spec + u' ' + db.errorString()));
    }
    // An in-memory SQLite store keeps nothing (it was named as the folder ":/", one of Qt's resources).
    const VendorDatabase memory(QStringLiteral("sqlite::memory:"));
    QVERIFY(!memory.specOk());
    QVERIFY2(memory.errorString().contains(QLatin1String("keeps nothing")) && !memory.errorString().contains(QLatin1String("folder :/")),
             qPrintable(memory.errorString()));
    // A file whose name starts with a colon is that file, in this folder.
    const VendorDatabase colon(QStringLiteral("sqlite::store.sqlite"));
    QVERIFY(colon.specOk());
    QCOMPARE(colon.sqlitePath(), QStringLiteral("./:store.sqlite"));
    const VendorDatabase named(QStringLiteral("postgresql://owner:s3cr3t@db.local/"));
    QVERIFY(named.errorString().contains(QLatin1String("postgresql://owner@db.local/")));
    // libpq's URL options: the password and connection options are taken (they were dropped
    // without a word); one that cannot be handed on is named, its value never.
    const VendorDatabase withQuery(QStringLiteral("postgresql://owner@db.local/vendor?password=s3cr3t&sslmode=require"));
    QVERIFY2(withQuery.specOk(), qPrintable(withQuery.errorString()));
    QCOMPARE(withQuery.describe(), QStringLiteral("postgresql://owner@db.local:5432/vendor"));
    const VendorDatabase badOption(QStringLiteral("postgresql://owner@db.local/vendor?ssl mode=s3cr3t"));
    QVERIFY(!badOption.specOk());
    QVERIFY2(badOption.errorString().contains(QLatin1String("ssl mode")) && !badOption.errorString().contains(QLatin1String("s3cr3t")),
             qPrintable(badOption.errorString()));
    // Another store is named by its scheme, never the rest; a scheme's case does not matter; a
    // Windows path is shown its "sqlite:".
    const VendorDatabase mysql(QStringLiteral("mysql://owner:s3cr3t@db.local/vendor"));
    QVERIFY(!mysql.specOk());
    QVERIFY2(mysql.errorString().contains(QLatin1String("not mysql:")) && !mysql.errorString().contains(QLatin1String("s3cr3t")),
             qPrintable(mysql.errorString()));
    QVERIFY(VendorDatabase(QStringLiteral("PostgreSQL://owner@db.local/vendor")).specOk());
    const VendorDatabase windowsPath(QStringLiteral("C:\\HotelHub\\vendor.sqlite"));
    QVERIFY2(windowsPath.errorString().contains(QLatin1String("sqlite:C:\\HotelHub\\vendor.sqlite")), qPrintable(windowsPath.errorString()));
    const VendorDatabase fine(QStringLiteral("postgresql://owner:s3cr3t@db.local:5433/vendor"));
    QVERIFY(fine.specOk());
    QCOMPARE(fine.describe(), QStringLiteral("postgresql://owner@db.local:5433/vendor"));
    const VendorDatabase ipv6(QStringLiteral("postgresql://owner:s3cr3t@[::1]:5433/vendor"));
    QVERIFY2(ipv6.specOk(), qPrintable(ipv6.errorString()));
    QCOMPARE(ipv6.describe(), QStringLiteral("postgresql://owner@[::1]:5433/vendor"));
}

// issue 14: health writes its "time" without QDateTime's formatter; it must read as Qt writes it.
void TestVendorRules::healthTimeIsQtsIsoDate()
{
    QList<qint64> instants{0, 1, 999, 86399999, 951782400000 /* 2000-02-29 */, 4107542400000 /* 2100-03-01 */,
                           1796169600000 /* 2026-12-02 */, 253402300799999 /* 9999-12-31T23:59:59.999 */};
    for (qint64 ms = 0; ms < 253402300800000; ms += 97LL * 86400000 + 12345678) // 30,000 instants: every month, every leap rule
        instants << ms;
    for (const qint64 ms : instants)
        QCOMPARE(VendorService::healthTime(ms), QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1());
}

// issue 14: health reuses its database probes for 100 ms per thread; a second service on the
// same thread (another store) answers with its own, never with the first one's.
void TestVendorRules::healthProbesAreEachServicesOwn()
{
    ManualClock clock(QDateTime(QDate(2026, 12, 1), QTime(8, 0), QTimeZone::utc()));
    QTemporaryDir dir;
    const QString busyPath = dir.filePath(QStringLiteral("busy.sqlite"));
    const QString quietPath = dir.filePath(QStringLiteral("quiet.sqlite"));
    VendorDatabase busy(QStringLiteral("sqlite:") + busyPath);
    VendorDatabase quiet(QStringLiteral("sqlite:") + quietPath);
    QVERIFY2(busy.open(), qPrintable(busy.errorString()));
    QVERIFY2(quiet.open(), qPrintable(quiet.errorString()));
    NewLicense spec;
    spec.plan = QStringLiteral("standalone-pro");
    spec.maxRooms = 40;
    spec.maxUsers = 10;
    spec.validUntil = QDate(2027, 12, 31);
    VendorStore busyStore(busy, clock);
    for (int i = 0; i < 50; ++i)
        QVERIFY(busyStore.createLicense(spec)); // the busy store's WAL grows
    test::TestVendorKey busyKey(KeyAlgorithm::Ed25519), quietKey(KeyAlgorithm::Ed25519);
    VendorService busyService(busy, std::move(busyKey.key), clock, {});
    VendorService quietService(quiet, std::move(quietKey.key), clock, {});
    ServiceRequest health;
    health.method = "GET";
    health.path = "/api/license/health";
    const auto walBytes = [&](VendorService &service) {
        const ServiceReply r = service.handle(health);
        return QJsonDocument::fromJson(r.payload()).object().value(QStringLiteral("wal_bytes")).toInteger(-1);
    };
    for (int i = 0; i < 3; ++i) { // back to back, well within 100 ms of each other
        const qint64 busyWal = walBytes(busyService);
        const qint64 quietWal = walBytes(quietService);
        QCOMPARE(busyWal, QFileInfo(busyPath + QStringLiteral("-wal")).size());
        QCOMPARE(quietWal, QFileInfo(quietPath + QStringLiteral("-wal")).size());
        QVERIFY(busyWal != quietWal);
    }
}

void TestVendorRules::checkpointsKeepPaceWithTheWrites()
{
    // The server's checkpoint timer: short rounds while heartbeats commit, long ones when idle.
    using Pace = VendorDatabase::CheckpointPace;
    ManualClock clock(QDateTime(QDate(2026, 12, 1), QTime(8, 0), QTimeZone::utc()));
    QTemporaryDir dir;
    VendorDatabase db(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("vendor.sqlite")));
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    VendorStore store(db, clock);
    NewLicense spec;
    spec.plan = QStringLiteral("standalone-pro");
    spec.maxRooms = 40;
    spec.maxUsers = 10;
    spec.validUntil = QDate(2027, 12, 31);
    const auto round = [&](Pace &pace) {
        db.checkpoint();
        return pace.next(VendorDatabase::commitsSoFar());
    };
    Pace pace;
    QCOMPARE(round(pace), Pace::kBusyMs); // nothing known yet: look again soon
    QCOMPARE(round(pace), Pace::kIdleMs);
    QCOMPARE(round(pace), Pace::kIdleMs);
    for (int i = 0; i < 3; ++i) {
        // However many frames a commit writes: after a full checkpoint SQLite starts the log
        // again from its first frame, so the next commits may leave it as long as it was.
        QVERIFY(store.createLicense(spec));
        QCOMPARE(round(pace), Pace::kBusyMs);
        QCOMPARE(round(pace), Pace::kIdleMs); // no commit since
    }
    // A write refused is no commit.
    QVERIFY(QSqlQuery(db.connection()).exec(QStringLiteral("SELECT count(*) FROM licenses")));
    QVERIFY(!QSqlQuery(db.connection()).exec(QStringLiteral("INSERT INTO no_such_table VALUES (1)")));
    QCOMPARE(round(pace), Pace::kIdleMs);
}

void TestVendorRules::adminSecretIsOneLineWithoutItsMark()
{
    QTemporaryDir dir;
    const auto secretIn = [&](const QByteArray &bytes, QString *error) {
        const QString path = dir.filePath(QStringLiteral("admin.secret"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
            return std::optional<QByteArray>();
        f.close();
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        return service::SecretFiles::readAdminSecret(path, error);
    };
    QString error;
    // Notepad's mark before it is no part of the secret (every request answered 401; helper-52).
    QCOMPARE(secretIn("\xEF\xBB\xBFsupersecretadminvalue123456\r\n", &error).value_or("(refused)"), QByteArray("supersecretadminvalue123456"));
    // A second line, or a control character, cannot be sent in a header: refused, not served.
    for (const QByteArray &bad : {QByteArray("supersecretadminvalue123456\nsecond line\n"), QByteArray("supersecret\tadminvalue123456")}) {
        error.clear();
        QVERIFY(!secretIn(bad, &error));
        QVERIFY2(error.contains(QLatin1String("more than one line")) && error.contains(QLatin1String("admin.secret")), qPrintable(error));
    }
    // Notepad's "Unicode" is UTF-16 with its mark: read as the text it holds (it was refused as a
    // control character; helper-53); UTF-16 without the mark is named.
    const QString typed = QStringLiteral("supersecretadminvalue123456\r\n");
    QByteArray le("\xFF\xFE", 2), be("\xFE\xFF", 2);
    for (const QChar c : typed) {
        le.append(char(c.unicode() & 0xff)).append(char(c.unicode() >> 8));
        be.append(char(c.unicode() >> 8)).append(char(c.unicode() & 0xff));
    }
    QCOMPARE(secretIn(le, &error).value_or("(refused)"), QByteArray("supersecretadminvalue123456"));
    QCOMPARE(secretIn(be, &error).value_or("(refused)"), QByteArray("supersecretadminvalue123456"));
    // Invisible characters nobody types: a second mark, a zero-width or a no-break space, a
    // byte that is no UTF-8, half a character (each started a server that answered 401; helper-54).
    for (const QByteArray &bad : {QByteArray("\xEF\xBB\xBF\xEF\xBB\xBFsupersecretadminvalue123456"), QByteArray("supersecretadminvalue123456\xE2\x80\x8B"),
                                  QByteArray("supersecretadminvalue123456\xC2\xA0"), QByteArray("supersecretadmin\xFFvalue123456")}) {
        error.clear();
        QVERIFY2(!secretIn(bad, &error), bad.toHex().constData());
        QVERIFY2(error.contains(QLatin1String("invisible character")), qPrintable(error));
    }
    error.clear();
    QVERIFY(!secretIn(le + QByteArray("\x00\xD8", 2), &error)); // a lone high surrogate at the end
    QVERIFY2(error.contains(QLatin1String("not readable Unicode text")), qPrintable(error));
    QCOMPARE(secretIn("rahasia-admin-ñandú-2026-panjang", &error).value_or("(refused)"), QByteArray("rahasia-admin-ñandú-2026-panjang"));
    error.clear();
    QVERIFY(!secretIn(le + "x", &error)); // a unit cut short
    QVERIFY2(error.contains(QLatin1String("not readable Unicode text")) && error.contains(QLatin1String("UTF-8")), qPrintable(error));
    error.clear();
    QVERIFY(!secretIn(le.mid(2), &error));
    QVERIFY2(error.contains(QLatin1String("UTF-16")) && error.contains(QLatin1String("UTF-8")), qPrintable(error));
    error.clear();
    QVERIFY(!secretIn("short", &error));
    QVERIFY2(error.contains(QLatin1String("shorter than 16")), qPrintable(error));
}

void TestVendorRules::syncReportHasNoEmptyLine()
{
    // A sync that changed nothing printed an empty line before its summary (helper-52).
    service::SyncReport quiet;
    quiet.unchanged = 3;
    QVERIFY2(!quiet.text().startsWith(u'\n') && !quiet.text().contains(QLatin1String("\n\n")), qPrintable(quiet.text()));
    service::SyncReport said;
    said.lines << QStringLiteral("row 2 (HMS-…): status active → suspended");
    QCOMPARE(said.text().count(u'\n'), 2);
}

QTEST_GUILESS_MAIN(TestVendorRules)
#include "tst_vendor_rules.moc"
