// The vendor server survives its own database (issue "the vendor server survives its own
// database"): a PostgreSQL restart and a stopped PostgreSQL are answered 503 `unavailable` with
// Retry-After, never a verdict about a licence (401/404, or an unpair the client takes as done),
// health says the database is down, and the server recovers by itself. A cluster of its own, so
// that stopping it disturbs no other test.
#include "ServerProcess.h"
#include "TestSupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace hotelhub;
using namespace hotelhub::test;

class TestServerDatabase : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void restartUnderTrafficRecovers();
    void stoppedDatabaseIsNeverAVerdict();

private:
    bool cluster(const QString &command);
    QString heartbeatOnce(QString *token);
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_urlFile;
    std::unique_ptr<ServerProcess> m_server;
    QNetworkAccessManager m_net;
    QString m_key;
    QString m_token;
};

bool TestServerDatabase::cluster(const QString &command)
{
    QProcess p;
    p.start(QStringLiteral(HOTELHUB_POSTGRES_FIXTURE), {command, m_urlFile});
    return p.waitForFinished(120000) && p.exitCode() == 0;
}

void TestServerDatabase::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_urlFile = m_dir->filePath(QStringLiteral("pg-url"));
    QVERIFY2(cluster(QStringLiteral("start")), "cannot start a PostgreSQL cluster (./run.sh test installs postgresql)");
    QFile f(m_urlFile);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString url = QString::fromUtf8(f.readAll()).trimmed();
    m_server = std::make_unique<ServerProcess>(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), m_dir->filePath(QStringLiteral("vendor")), url);
    QVERIFY(QDir().mkpath(m_server->dir()));
    QVERIFY(m_server->initKeys());
    QVERIFY2(m_server->start({QStringLiteral("--pair-rate"), QStringLiteral("1000")}), m_server->log().constData());
    m_key = m_server->createLicense();
    const HttpResult r = postJson(m_net, m_server->url(QStringLiteral("/api/license/pair")),
                                  {{QStringLiteral("license_key"), m_key}, {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("db"))}});
    QCOMPARE(r.status, 200);
    m_token = r.json.value(QStringLiteral("token")).toString();
}

void TestServerDatabase::cleanupTestCase()
{
    if (m_server)
        m_server->stop();
    cluster(QStringLiteral("stop"));
}

// One heartbeat; on 200 the token moves on. Returns the status and code, e.g. "200 " or "503 unavailable".
QString TestServerDatabase::heartbeatOnce(QString *token)
{
    const HttpResult r = postJson(m_net, m_server->url(QStringLiteral("/api/license/heartbeat")),
                                  {{QStringLiteral("token"), *token}, {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("db"))}});
    if (r.status == 200)
        *token = r.json.value(QStringLiteral("renewed_token")).toString();
    return QStringLiteral("%1 %2").arg(r.status).arg(r.json.value(QStringLiteral("code")).toString());
}

void TestServerDatabase::restartUnderTrafficRecovers()
{
    QCOMPARE(heartbeatOnce(&m_token), QStringLiteral("200 "));
    QVERIFY(cluster(QStringLiteral("restart")));
    // Every connection the server held is gone, with its prepared statements. What follows is
    // 503 at worst, never a verdict, and 200 again within a few attempts.
    QStringList seen;
    bool recovered = false;
    for (int i = 0; i < 20 && !recovered; ++i) {
        const QString got = heartbeatOnce(&m_token);
        seen << got;
        QVERIFY2(got.startsWith(QLatin1String("200")) || got == QLatin1String("503 unavailable"), qPrintable(seen.join(u',')));
        recovered = got.startsWith(QLatin1String("200"));
    }
    QVERIFY2(recovered, qPrintable(seen.join(u',')));
    const HttpResult health = http(m_net, "GET", m_server->url(QStringLiteral("/api/license/health")));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json.value(QStringLiteral("database")).toString(), QStringLiteral("ok"));
}

void TestServerDatabase::stoppedDatabaseIsNeverAVerdict()
{
    QVERIFY(cluster(QStringLiteral("pause")));
    auto post = [&](const char *path, const QJsonObject &body) { return postJson(m_net, m_server->url(QLatin1String(path)), body); };
    const HttpResult health = http(m_net, "GET", m_server->url(QStringLiteral("/api/license/health")));
    QCOMPARE(health.status, 503);
    QCOMPARE(health.json.value(QStringLiteral("database")).toString(), QStringLiteral("down"));
    QCOMPARE(health.json.value(QStringLiteral("ok")).toBool(true), false);
    const QList<std::pair<const char *, QJsonObject>> requests{
        {"/api/license/heartbeat", {{QStringLiteral("token"), m_token}, {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("db"))}}},
        {"/api/license/pair", {{QStringLiteral("license_key"), m_key}, {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("db"))}}},
        {"/api/license/migrate", {{QStringLiteral("license_key"), m_key}, {QStringLiteral("new_fingerprint"), testFingerprint(QStringLiteral("db2"))},
                                  {QStringLiteral("reason"), QStringLiteral("new server")}}},
        {"/api/license/unpair", {{QStringLiteral("token"), m_token}, {QStringLiteral("reason"), QStringLiteral("x")}}},
        {"/api/license/rotate-token", {{QStringLiteral("token"), m_token}, {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("db"))}}},
    };
    for (int round = 0; round < 2; ++round) {
        for (const auto &[path, body] : requests) {
            const HttpResult r = post(path, body);
            QVERIFY2(r.status == 503, qPrintable(QStringLiteral("%1 → %2 %3").arg(QLatin1String(path)).arg(r.status).arg(QString::fromUtf8(r.body))));
            QCOMPARE(r.json.value(QStringLiteral("code")).toString(), QStringLiteral("unavailable"));
            QVERIFY(!r.header("Retry-After").isEmpty());
        }
    }
    QVERIFY(cluster(QStringLiteral("resume")));
    // Back by itself: the pairing is intact (the unpair above did nothing), and renews.
    bool recovered = false;
    for (int i = 0; i < 20 && !recovered; ++i)
        recovered = heartbeatOnce(&m_token).startsWith(QLatin1String("200"));
    QVERIFY(recovered);
    const QJsonObject shown = QJsonDocument::fromJson(m_server->admin({QStringLiteral("license"), QStringLiteral("show"), m_key, QStringLiteral("--json")}).out.toUtf8()).object();
    QCOMPARE(shown.value(QStringLiteral("paired")).toBool(), true);
    QCOMPARE(shown.value(QStringLiteral("migrations_last_year")).toInt(-1), 0);
}

QTEST_GUILESS_MAIN(TestServerDatabase)
#include "tst_server_database.moc"
