#include "Clock.h"
#include "HeartbeatSchedule.h"
#include "TestSupport.h"

#include <QTest>

using namespace hotelhub;
using namespace hotelhub::test;

class TestSchedule : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void offsetIsStableAndBounded();
    void dailyAfterSuccess();
    void neverSucceededIsDueNow();
    void staleIsDueAtOnce();
    void retryLadder_data();
    void retryLadder();
    void jitterStaysWithinTenPercent();
    void failedDailyRunWaitsUntilStale();
    void missedRunAfterSleepIsDueNow();
    void acrossSpringForward();
    void acrossFallBack();
    void slotInsideDstGapMovesForward();
    void timeZoneChange();
    void zoneNamesPeopleRead_data();
    void zoneNamesPeopleRead();
};

void TestSchedule::offsetIsStableAndBounded()
{
    QCOMPARE(installOffsetMinutes(QStringLiteral("a")), installOffsetMinutes(QStringLiteral("a")));
    QSet<int> seen;
    for (int i = 0; i < 300; ++i) {
        const int o = installOffsetMinutes(QStringLiteral("install-%1").arg(i));
        QVERIFY(o >= 0 && o < 30);
        seen.insert(o);
    }
    QVERIFY2(seen.size() >= 25, "offsets spread the load over the 30-minute window");
    QCOMPARE(installOffsetMinutes(QString()), 0);
}

void TestSchedule::dailyAfterSuccess()
{
    const QTimeZone jakarta("Asia/Jakarta");
    // Success at 03:12 WIB (20:12 UTC the day before) → next at 03:12 WIB tomorrow.
    ScheduleInput in{at("2026-11-21T20:12:00Z"), at("2026-11-21T20:12:00Z"), 0, 12, QStringLiteral("i"), at("2026-11-21T21:00:00Z"), jakarta};
    QCOMPARE(nextHeartbeatDue(in), at("2026-11-22T20:12:00Z"));
    // A success at 10:00 WIB (after a start-up heartbeat) → the next 03:12 WIB.
    in.lastSuccess = in.lastAttempt = at("2026-11-22T03:00:00Z");
    in.now = at("2026-11-22T03:00:01Z");
    QCOMPARE(nextHeartbeatDue(in), at("2026-11-22T20:12:00Z"));
}

void TestSchedule::neverSucceededIsDueNow()
{
    const QDateTime now = at("2026-11-22T10:00:00Z");
    QCOMPARE(nextHeartbeatDue({QDateTime(), QDateTime(), 0, 5, QStringLiteral("i"), now, QTimeZone::utc()}), now);
}

void TestSchedule::staleIsDueAtOnce()
{
    const QDateTime now = at("2026-11-22T10:00:00Z");
    const QDateTime due = nextHeartbeatDue({now.addSecs(-25 * 3600), now.addSecs(-25 * 3600), 0, 5, QStringLiteral("i"), now, QTimeZone::utc()});
    QVERIFY(due <= now);
}

void TestSchedule::retryLadder_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<qint64>("minSecs");
    QTest::addColumn<qint64>("maxSecs");
    QTest::newRow("1st failure: +5 min") << 1 << qint64(300) << qint64(300);
    QTest::newRow("2nd: +15 min") << 2 << qint64(900) << qint64(900);
    QTest::newRow("3rd: +1 h") << 3 << qint64(3600) << qint64(3600);
    QTest::newRow("4th: +4 h ±10 %") << 4 << qint64(12960) << qint64(15840);
    QTest::newRow("9th: +4 h ±10 %") << 9 << qint64(12960) << qint64(15840);
}

void TestSchedule::retryLadder()
{
    QFETCH(int, failures);
    QFETCH(qint64, minSecs);
    QFETCH(qint64, maxSecs);
    const QDateTime lastAttempt = at("2026-11-22T10:00:00Z");
    const ScheduleInput in{at("2026-11-20T03:00:00Z"), lastAttempt, failures, 7, QStringLiteral("install"), lastAttempt.addSecs(1), QTimeZone::utc()};
    const qint64 delay = lastAttempt.secsTo(nextHeartbeatDue(in));
    QVERIFY2(delay >= minSecs && delay <= maxSecs, qPrintable(QString::number(delay)));
}

void TestSchedule::jitterStaysWithinTenPercent()
{
    QSet<qint64> delays;
    for (int i = 0; i < 200; ++i) {
        const qint64 d = retryDelaySecs(4 + i % 5, QStringLiteral("install-%1").arg(i));
        QVERIFY(d >= 12960 && d <= 15840);
        delays.insert(d);
    }
    QVERIFY2(delays.size() > 50, "the jitter actually spreads retries");
}

void TestSchedule::failedDailyRunWaitsUntilStale()
{
    // Success yesterday 10:00 UTC; today's 03:07 run failed; the success is still fresh.
    const QDateTime success = at("2026-11-21T10:00:00Z");
    const QDateTime failed = at("2026-11-22T03:07:00Z");
    const ScheduleInput in{success, failed, 1, 7, QStringLiteral("i"), failed.addSecs(10), QTimeZone::utc()};
    QCOMPARE(nextHeartbeatDue(in), success.addSecs(24 * 3600));
}

void TestSchedule::missedRunAfterSleepIsDueNow()
{
    // The machine slept through 03:00; on wake the last success is 30 h old.
    const QDateTime success = at("2026-11-21T03:07:00Z");
    const QDateTime now = at("2026-11-22T09:00:00Z");
    QVERIFY(nextHeartbeatDue({success, success, 0, 7, QStringLiteral("i"), now, QTimeZone::utc()}) <= now);
}

void TestSchedule::acrossSpringForward()
{
    // Europe/Berlin springs forward on 2026-03-29 at 02:00 → 03:00 (CET → CEST).
    const QTimeZone berlin("Europe/Berlin");
    QVERIFY(berlin.isValid());
    const QDateTime before = dailySlot(QDate(2026, 3, 28), 10, berlin);
    QCOMPARE(before, at("2026-03-28T02:10:00Z")); // 03:10 CET
    const ScheduleInput in{before, before, 0, 10, QStringLiteral("i"), before.addSecs(60), berlin};
    const QDateTime next = nextHeartbeatDue(in);
    QCOMPARE(next, at("2026-03-29T01:10:00Z")); // 03:10 CEST
    QCOMPARE(before.secsTo(next), qint64(23 * 3600));
    QCOMPARE(next.toTimeZone(berlin).time(), QTime(3, 10));
}

void TestSchedule::acrossFallBack()
{
    // Europe/Berlin falls back on 2026-10-25 at 03:00 → 02:00.
    const QTimeZone berlin("Europe/Berlin");
    const QDateTime before = dailySlot(QDate(2026, 10, 24), 10, berlin);
    const QDateTime next = nextHeartbeatDue({before, before, 0, 10, QStringLiteral("i"), before.addSecs(60), berlin});
    QCOMPARE(before.secsTo(next), qint64(25 * 3600));
    QCOMPARE(next.toTimeZone(berlin).time(), QTime(3, 10));
}

void TestSchedule::slotInsideDstGapMovesForward()
{
    // Kyiv springs forward at 03:00 → 04:00 (2026-03-29): 03:10 does not exist that day.
    QTimeZone kyiv("Europe/Kyiv");
    if (!kyiv.isValid())
        kyiv = QTimeZone("Europe/Kiev");
    QVERIFY(kyiv.isValid());
    const QDateTime slot = dailySlot(QDate(2026, 3, 29), 10, kyiv);
    QVERIFY(slot.isValid());
    const QDateTime local = slot.toTimeZone(kyiv);
    QCOMPARE(local.date(), QDate(2026, 3, 29));
    QVERIFY2(local.time() >= QTime(4, 0) && local.time() <= QTime(4, 10), qPrintable(local.toString(Qt::ISODate)));
    // The day before and after keep 03:10.
    QCOMPARE(dailySlot(QDate(2026, 3, 30), 10, kyiv).toTimeZone(kyiv).time(), QTime(3, 10));
}

void TestSchedule::timeZoneChange()
{
    // The server moves from WIB (UTC+7) to WITA (UTC+8): the next run is 03:00 in the new zone.
    const QDateTime success = at("2026-11-21T20:00:00Z"); // 03:00 WIB
    const QDateTime now = success.addSecs(3600);
    const QDateTime wib = nextHeartbeatDue({success, success, 0, 0, QStringLiteral("i"), now, QTimeZone("Asia/Jakarta")});
    const QDateTime wita = nextHeartbeatDue({success, success, 0, 0, QStringLiteral("i"), now, QTimeZone("Asia/Makassar")});
    QCOMPARE(wib, at("2026-11-22T20:00:00Z"));
    QCOMPARE(wita, at("2026-11-22T19:00:00Z"));
}

void TestSchedule::zoneNamesPeopleRead_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<int>("offset");
    QTest::addColumn<QString>("qtName");
    QTest::addColumn<QString>("expected");
    QTest::newRow("Jakarta") << QByteArray("Asia/Jakarta") << 7 * 3600 << QStringLiteral("WIB") << QStringLiteral("WIB");
    QTest::newRow("Makassar, glibc's +08") << QByteArray("Asia/Makassar") << 8 * 3600 << QStringLiteral("+08") << QStringLiteral("WITA");
    QTest::newRow("Jayapura") << QByteArray("Asia/Jayapura") << 9 * 3600 << QStringLiteral("WIT") << QStringLiteral("WIT");
    // What Windows is set to in Indonesia, whatever the locale's territory.
    QTest::newRow("Windows WIB") << QByteArray("SE Asia Standard Time") << 7 * 3600 << QStringLiteral("SE Asia Standard Time") << QStringLiteral("WIB");
    QTest::newRow("Windows WITA") << QByteArray("Singapore Standard Time") << 8 * 3600 << QStringLiteral("Malay Peninsula Standard Time") << QStringLiteral("WITA");
    QTest::newRow("Windows WIT") << QByteArray("Tokyo Standard Time") << 9 * 3600 << QStringLiteral("Tokyo Standard Time") << QStringLiteral("WIT");
    // Elsewhere: a short name when there is one, never Windows' long name, else the offset.
    QTest::newRow("Windows elsewhere") << QByteArray("W. Europe Standard Time") << 3600 << QStringLiteral("W. Europe Standard Time") << QStringLiteral("UTC+01:00");
    QTest::newRow("Berlin") << QByteArray("Europe/Berlin") << 3600 << QStringLiteral("CET") << QStringLiteral("CET");
    QTest::newRow("India, half hour") << QByteArray("Asia/Kolkata") << 19800 << QStringLiteral("+0530") << QStringLiteral("UTC+05:30");
    QTest::newRow("west of UTC") << QByteArray("America/Sao_Paulo") << -3 * 3600 << QStringLiteral("-03") << QStringLiteral("UTC-03:00");
    QTest::newRow("UTC") << QByteArray("UTC") << 0 << QStringLiteral("UTC") << QStringLiteral("UTC");
}

void TestSchedule::zoneNamesPeopleRead()
{
    QFETCH(QByteArray, zone);
    QFETCH(int, offset);
    QFETCH(QString, qtName);
    QFETCH(QString, expected);
    QCOMPARE(zoneAbbreviation(zone, offset, qtName), expected);
}

QTEST_GUILESS_MAIN(TestSchedule)
#include "tst_schedule.moc"
