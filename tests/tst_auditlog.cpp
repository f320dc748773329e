#include "AuditLog.h"
#include "Redact.h"
#include "Clock.h"
#include "Database.h"
#include "LicenseLog.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace hotelhub;
using namespace hotelhub::test;

class TestAuditLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void chainVerifies();
    void editedRowIsNamed_data();
    void editedRowIsNamed();
    void deletedRowIsNamed();
    void secretsAreRedacted();
    void licenseLogRotatesDailyAndKeeps30Days();
    void licenseLogRedacts();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

void TestAuditLog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>(m_dir->filePath(QStringLiteral("hotelhub.sqlite")));
    QVERIFY(m_db->open());
}

void TestAuditLog::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void TestAuditLog::chainVerifies()
{
    ManualClock clock(at("2026-11-22T00:00:00Z"));
    AuditLog log(*m_db, clock);
    QVERIFY(log.verify().ok);
    for (int i = 0; i < 5; ++i) {
        clock.advanceSecs(60);
        QVERIFY(log.append(QStringLiteral("license.event%1").arg(i), {{QStringLiteral("n"), i}}));
    }
    const AuditVerification v = log.verify();
    QVERIFY(v.ok);
    QCOMPARE(v.rows, 5);
    const QList<AuditEntry> recent = log.recent(2);
    QCOMPARE(recent.size(), 2);
    QCOMPARE(recent[0].action, QStringLiteral("license.event4"));
    QCOMPARE(recent[0].previousHash, recent[1].entryHash);
}

void TestAuditLog::editedRowIsNamed_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("value");
    QTest::newRow("action") << "action" << "license.active";
    QTest::newRow("metadata") << "metadata" << "{\"n\":99}";
    QTest::newRow("created_at") << "created_at" << "2020-01-01T00:00:00.000Z";
    QTest::newRow("entry_hash") << "entry_hash" << QString(64, u'f');
}

void TestAuditLog::editedRowIsNamed()
{
    QFETCH(QString, column);
    QFETCH(QString, value);
    ManualClock clock(at("2026-11-22T00:00:00Z"));
    AuditLog log(*m_db, clock);
    for (int i = 0; i < 5; ++i)
        QVERIFY(log.append(QStringLiteral("license.event"), {{QStringLiteral("n"), i}}));
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("UPDATE audit_logs SET %1 = ? WHERE id = 3").arg(column));
    q.addBindValue(value);
    QVERIFY(q.exec());
    const AuditVerification v = log.verify();
    QVERIFY(!v.ok);
    QCOMPARE(v.firstBrokenId, qint64(3));
    QVERIFY(v.problem.contains(QLatin1String("3")));
}

void TestAuditLog::deletedRowIsNamed()
{
    ManualClock clock(at("2026-11-22T00:00:00Z"));
    AuditLog log(*m_db, clock);
    for (int i = 0; i < 5; ++i)
        QVERIFY(log.append(QStringLiteral("license.event"), {{QStringLiteral("n"), i}}));
    QVERIFY(QSqlQuery(m_db->connection()).exec(QStringLiteral("DELETE FROM audit_logs WHERE id = 2")));
    const AuditVerification v = log.verify();
    QVERIFY(!v.ok);
    QCOMPARE(v.firstBrokenId, qint64(3));
}

void TestAuditLog::secretsAreRedacted()
{
    // Addresses from the settings as shown: the password and any key masked, the rest as set
    // (helper-40: diagnostic printed "http://admin:S3cretPw@…" and a key in a help URL).
    const QString shownVendor = shownUrl(QStringLiteral("http://admin:S3cretPw@127.0.0.1:18080/v/HMS-ABCDE-23456-FGHJK-78901?key=HMS_ABCDE_23456_FGHJK_78901"));
    QVERIFY2(!shownVendor.contains(QLatin1String("S3cretPw")) && !shownVendor.contains(QLatin1String("23456")) && shownVendor.contains(QLatin1String("127.0.0.1:18080/v/HMS-ABCDE-")),
             qPrintable(shownVendor));
    QCOMPARE(shownUrl(QStringLiteral("https://help.example/lisensi?lang=id")), QStringLiteral("https://help.example/lisensi?lang=id"));
    // A query's secret values (helper-41: "?apikey=Zq9secret" and "?token=…" were shown).
    const QString shownQuery = shownUrl(QStringLiteral("http://127.0.0.1:18471/?apikey=Zq9secret&lang=id&access_token=abc123secret"));
    QVERIFY2(!shownQuery.contains(QLatin1String("Zq9secret")) && !shownQuery.contains(QLatin1String("abc123secret")) && shownQuery.contains(QLatin1String("apikey="))
                 && shownQuery.contains(QLatin1String("lang=id")),
             qPrintable(shownQuery));
    QVERIFY(!redact(QStringLiteral("key HMS_ABCDE_23456_FGHJK_7890")).contains(QLatin1String("23456"))); // a near-key too
    // Beside half a surrogate pair too (text cut at a length): no expression matched there.
    const QString half = QStringLiteral("\U0001F600").left(1);
    const QString cutLine = redact(half + QStringLiteral(" Authorization: Bearer s3cr3t-value token eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"));
    QVERIFY2(!cutLine.contains(QLatin1String("s3cr3t")) && !cutLine.contains(QLatin1String("eyJzdWIi")), qPrintable(cutLine));
    ManualClock clock(at("2026-11-22T00:00:00Z"));
    AuditLog log(*m_db, clock);
    QVERIFY(log.append(QStringLiteral("license.paired"),
                       {{QStringLiteral("token"), QStringLiteral("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln")},
                        {QStringLiteral("note"), QStringLiteral("key was HMS-ABCDE-23456-FGHJK-78901, ok")},
                        {QStringLiteral("nested"), QJsonObject{{QStringLiteral("license_key"), QStringLiteral("x")}}}}));
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT metadata FROM audit_logs")) && q.next());
    const QString stored = q.value(0).toString();
    QVERIFY(!stored.contains(QLatin1String("eyJhbGci")));
    QVERIFY(!stored.contains(QLatin1String("23456")));
    QVERIFY(stored.contains(QLatin1String("[redacted")));
    QVERIFY(log.verify().ok);
}

void TestAuditLog::licenseLogRotatesDailyAndKeeps30Days()
{
    const QString logs = m_dir->filePath(QStringLiteral("logs"));
    ManualClock clock(at("2026-10-01T10:00:00Z"));
    LicenseLog log(logs, clock);
    for (int day = 0; day < 40; ++day) {
        QVERIFY(log.write(LicenseLog::Level::Info, QStringLiteral("license.heartbeat"), {{QStringLiteral("day"), day}}));
        QVERIFY(log.write(LicenseLog::Level::Info, QStringLiteral("license.second")));
        clock.advanceDays(1);
    }
    const QStringList files = QDir(logs).entryList(QDir::Files, QDir::Name);
    // Today's file plus one per earlier day, none older than 30 days.
    QVERIFY(files.contains(QStringLiteral("license.log")));
    QVERIFY(files.contains(QStringLiteral("license.log.2026-11-08")));
    QVERIFY(!files.contains(QStringLiteral("license.log.2026-10-01")));
    QCOMPARE(files.size(), 31);
    QFile today(log.currentFile());
    QVERIFY(today.open(QIODevice::ReadOnly));
    QCOMPARE(today.readAll().count('\n'), 2);
}

void TestAuditLog::licenseLogRedacts()
{
    ManualClock clock(at("2026-10-01T10:00:00Z"));
    LicenseLog log(m_dir->filePath(QStringLiteral("logs")), clock);
    QVERIFY(log.write(LicenseLog::Level::Error, QStringLiteral("pair failed for HMS-ABCDE-23456-FGHJK-78901"),
                      {{QStringLiteral("header"), QStringLiteral("Authorization: Bearer eyJabc.eyJdef.ghi")}}));
    QFile f(log.currentFile());
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray line = f.readAll();
    QVERIFY(!line.contains("23456"));
    QVERIFY(!line.contains("eyJabc"));
    QVERIFY(line.startsWith("2026-10-01T10:00:00.000Z ERROR"));
}

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
