// Two stateless server instances on one PostgreSQL database (the load-balanced vendor setup):
// pair through one, heartbeat and suspend through the other.
#include "Clock.h"
#include "ServerProcess.h"
#include "VendorDatabase.h"
#include "VendorStore.h"
#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QTemporaryDir>
#include <QScopeGuard>
#include <QTest>

using namespace hotelhub;
using namespace hotelhub::test;

class TestPostgres : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void pairOnOneHeartbeatOnTheOther();
    void suspendSeenByBoth();
    void concurrentHeartbeatsAcrossInstances();
    void migrateQuotaIsShared();
    void aFailedRowLockIsNoVerdict();
    void aWriteNeverGoesOnInANewSession();

private:
    QString m_url;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServerProcess> m_a, m_b;
    QNetworkAccessManager m_net;
};

void TestPostgres::initTestCase()
{
    QFile urlFile(QStringLiteral(HOTELHUB_POSTGRES_URL_FILE));
    QVERIFY2(urlFile.open(QIODevice::ReadOnly), "the postgres ctest fixture did not start a cluster");
    m_url = QString::fromUtf8(urlFile.readAll()).trimmed();
    QVERIFY(m_url.startsWith(QLatin1String("postgresql://")));
    m_dir = std::make_unique<QTemporaryDir>();
    // Same keys folder (same signing key), same database, two ports.
    m_a = std::make_unique<ServerProcess>(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), m_dir->path(), m_url);
    m_b = std::make_unique<ServerProcess>(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), m_dir->path(), m_url);
    QVERIFY(m_a->initKeys());
    QVERIFY2(m_a->start({QStringLiteral("--pair-rate"), QStringLiteral("1000")}), m_a->log().constData());
    QVERIFY2(m_b->start({QStringLiteral("--pair-rate"), QStringLiteral("1000")}), m_b->log().constData());
    QVERIFY(m_a->port() != m_b->port());
}

void TestPostgres::cleanupTestCase()
{
    QCOMPARE(m_a->stop(), 0);
    QCOMPARE(m_b->stop(), 0);
}

void TestPostgres::pairOnOneHeartbeatOnTheOther()
{
    const QString key = m_a->createLicense();
    QVERIFY(!key.isEmpty());
    HttpResult r = postJson(m_net, m_a->url(QStringLiteral("/api/license/pair")),
                            {{QStringLiteral("license_key"), key}, {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("pg1"))}});
    QCOMPARE(r.status, 200);
    const QString token = r.json.value(QStringLiteral("token")).toString();
    r = postJson(m_net, m_b->url(QStringLiteral("/api/license/heartbeat")),
                 {{QStringLiteral("token"), token}, {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("pg1"))}});
    QCOMPARE(r.status, 200);
    // And the other way round, with the renewed token.
    r = postJson(m_net, m_a->url(QStringLiteral("/api/license/heartbeat")),
                 {{QStringLiteral("token"), r.json.value(QStringLiteral("renewed_token")).toString()}, {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("pg1"))}});
    QCOMPARE(r.status, 200);
    // Pairing the same licence elsewhere through instance B: 409, the binding is shared.
    QCOMPARE(postJson(m_net, m_b->url(QStringLiteral("/api/license/pair")),
                      {{QStringLiteral("license_key"), key}, {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("other"))}}).status, 409);
}

void TestPostgres::suspendSeenByBoth()
{
    const QString key = m_a->createLicense();
    const QString token = postJson(m_net, m_a->url(QStringLiteral("/api/license/pair")),
                                   {{QStringLiteral("license_key"), key}, {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("pg2"))}})
                              .json.value(QStringLiteral("token")).toString();
    const CommandResult suspended = m_b->admin({QStringLiteral("license"), QStringLiteral("suspend"), key});
    QCOMPARE(suspended.exitCode, 0);
    // Nothing but the answer: the server's NOTICEs ("already exists, skipping") were printed under
    // every admin command (outside check).
    QVERIFY2(suspended.err.isEmpty(), qPrintable(suspended.err));
    for (ServerProcess *s : {m_a.get(), m_b.get()}) {
        const HttpResult r = postJson(m_net, s->url(QStringLiteral("/api/license/heartbeat")),
                                      {{QStringLiteral("token"), token}, {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("pg2"))}});
        QCOMPARE(r.status, 403);
        QCOMPARE(r.json.value(QStringLiteral("reason")).toString(), QStringLiteral("suspended"));
    }
    QCOMPARE(m_a->admin({QStringLiteral("license"), QStringLiteral("resume"), key}).exitCode, 0);
    QCOMPARE(postJson(m_net, m_b->url(QStringLiteral("/api/license/heartbeat")),
                      {{QStringLiteral("token"), token}, {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("pg2"))}}).status, 200);
}

void TestPostgres::concurrentHeartbeatsAcrossInstances()
{
    const QString key = m_a->createLicense();
    const QString token = postJson(m_net, m_a->url(QStringLiteral("/api/license/pair")),
                                   {{QStringLiteral("license_key"), key}, {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("pg3"))}})
                              .json.value(QStringLiteral("token")).toString();
    // 60 heartbeats with the same (then "previous") token, alternating instances, all in flight at once.
    int ok = 0, done = 0;
    QSet<QString> successors;
    for (int i = 0; i < 60; ++i) {
        QNetworkRequest request((i % 2 ? m_a : m_b)->url(QStringLiteral("/api/license/heartbeat")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_net.post(request, QJsonDocument(QJsonObject{{QStringLiteral("token"), token},
                                                                             {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("pg3"))}})
                                                       .toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, [&, reply] {
            ok += reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
            successors.insert(QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("renewed_token")).toString());
            ++done;
            reply->deleteLater();
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(done, 60, 60000);
    QCOMPARE(ok, 60);
    // One chain across both instances (row locks decide): every one of them got the same successor.
    QCOMPARE(successors.size(), 1);
    const QJsonObject shown = QJsonDocument::fromJson(m_a->admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--json")}).out.toUtf8()).object();
    QCOMPARE(shown.value(QStringLiteral("recent_heartbeats")).toArray().size(), 10);
}

void TestPostgres::migrateQuotaIsShared()
{
    const QString key = m_a->createLicense();
    QCOMPARE(postJson(m_net, m_a->url(QStringLiteral("/api/license/pair")),
                      {{QStringLiteral("license_key"), key}, {QStringLiteral("fingerprint"), testFingerprint(QStringLiteral("m0"))}}).status, 200);
    auto move = [&](ServerProcess &s, const char *to) {
        return postJson(m_net, s.url(QStringLiteral("/api/license/migrate")),
                        {{QStringLiteral("license_key"), key}, {QStringLiteral("new_fingerprint"), testFingerprint(QLatin1String(to))}, {QStringLiteral("reason"), QStringLiteral("hw")}})
            .status;
    };
    QCOMPARE(move(*m_a, "m1"), 200);
    QCOMPARE(move(*m_b, "m2"), 200);
    QCOMPARE(move(*m_a, "m3"), 429);
    QCOMPARE(move(*m_b, "m3"), 429);
}

// The chain step reads the pairing again under its row lock. When that read fails (here the lock
// times out: another session holds the row), the answer is 503, never a verdict: before, it was
// 401 "This installation was unpaired." for an install whose pairing was active (the outside
// check saw it while killing PostgreSQL sessions under load).
void TestPostgres::aFailedRowLockIsNoVerdict()
{
    const QUrl url(m_url);
    const QString database = url.path().mid(1);
    QSqlDatabase holder = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("holder"));
    holder.setHostName(url.host());
    holder.setPort(url.port(5432));
    holder.setUserName(url.userName());
    holder.setPassword(url.password());
    holder.setDatabaseName(database);
    QVERIFY2(holder.open(), qPrintable(holder.lastError().text()));
    // Sessions that start from here on give up on a row lock after 300 ms (a server opens each
    // thread's session on that thread's first request), until the end of this test.
    QVERIFY(QSqlQuery(holder).exec(QStringLiteral("ALTER DATABASE \"%1\" SET lock_timeout = '300ms'").arg(database)));
    const auto reset = qScopeGuard([&] { QSqlQuery(holder).exec(QStringLiteral("ALTER DATABASE \"%1\" RESET lock_timeout").arg(database)); });
    ServerProcess impatient(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), m_dir->path(), m_url);
    QVERIFY2(impatient.start({QStringLiteral("--pair-rate"), QStringLiteral("1000")}), impatient.log().constData());

    const QString key = m_a->createLicense();
    const QString fingerprint = testFingerprint(QStringLiteral("locked-row"));
    const QString token = postJson(m_net, m_a->url(QStringLiteral("/api/license/pair")),
                                   {{QStringLiteral("license_key"), key}, {QStringLiteral("fingerprint"), fingerprint}})
                              .json.value(QStringLiteral("token")).toString();
    QVERIFY(!token.isEmpty());
    const QJsonObject body{{QStringLiteral("token"), token}, {QStringLiteral("fingerprint"), fingerprint}};
    QVERIFY(holder.transaction());
    QVERIFY(QSqlQuery(holder).exec(QStringLiteral("SELECT id FROM license_pairings FOR UPDATE")));
    const HttpResult held = postJson(m_net, impatient.url(QStringLiteral("/api/license/heartbeat")), body);
    QVERIFY(holder.rollback());
    QCOMPARE(held.status, 503);
    QCOMPARE(held.json.value(QStringLiteral("code")).toString(), QStringLiteral("unavailable"));
    // Nothing was decided: the same token goes on at once.
    const HttpResult next = postJson(m_net, impatient.url(QStringLiteral("/api/license/heartbeat")), body);
    QCOMPARE(next.status, 200);
    QVERIFY(!next.json.value(QStringLiteral("renewed_token")).toString().isEmpty());
    QCOMPARE(impatient.stop(), 0);
}

// A write whose PostgreSQL session is lost part-way must fail as a whole. Before, the next
// statement (the audit row) reopened the connection, ran on a new session in autocommit, and the
// COMMIT "succeeded" there: the server answered a pairing with a token it had not stored (the
// outside check, killing sessions under load; PostgreSQL logged "there is no transaction in
// progress").
void TestPostgres::aWriteNeverGoesOnInANewSession()
{
    const QUrl url(m_url);
    QSqlDatabase holder = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("killer"));
    holder.setHostName(url.host());
    holder.setPort(url.port(5432));
    holder.setUserName(url.userName());
    holder.setPassword(url.password());
    holder.setDatabaseName(url.path().mid(1));
    QVERIFY2(holder.open(), qPrintable(holder.lastError().text()));
    service::VendorDatabase db(m_url);
    QVERIFY(db.open());
    SystemClock clock;
    const auto audited = [&](const QString &action) {
        QSqlQuery q(holder);
        return q.exec(QStringLiteral("SELECT count(*) FROM vendor_audit WHERE action = '%1'").arg(action)) && q.next() ? q.value(0).toInt() : -1;
    };
    {
        service::VendorDatabase::WriteTransaction tx(db);
        QVERIFY(tx.ok());
        QSqlQuery pid(tx.connection());
        QVERIFY(pid.exec(QStringLiteral("SELECT pg_backend_pid()")) && pid.next());
        const int backend = pid.value(0).toInt();
        pid.finish();
        QVERIFY(service::VendorStore(db, clock).audit(QStringLiteral("test.before_the_loss"), 0, {}));
        QVERIFY(QSqlQuery(holder).exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(backend)));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QSqlQuery gone(holder);
                return gone.exec(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(backend)) && gone.next()
                    && gone.value(0).toInt() == 0;
            }(),
            10000);
        QVERIFY(!QSqlQuery(tx.connection()).exec(QStringLiteral("SELECT 1"))); // the loss is noticed (a statement whose error went unchecked)
        QVERIFY(!service::VendorStore(db, clock).audit(QStringLiteral("test.after_the_loss"), 0, {}));
        QVERIFY(!tx.commit());
    }
    QCOMPARE(audited(QStringLiteral("test.before_the_loss")), 0);
    QCOMPARE(audited(QStringLiteral("test.after_the_loss")), 0);
    // The thread's next write, after the 503 dropped the connection, runs on a fresh session.
    db.closeThreadConnection();
    service::VendorDatabase::WriteTransaction again(db);
    QVERIFY(again.ok());
    QVERIFY(service::VendorStore(db, clock).audit(QStringLiteral("test.next_write"), 0, {}));
    QVERIFY(again.commit());
    QCOMPARE(audited(QStringLiteral("test.next_write")), 1);
}

QTEST_GUILESS_MAIN(TestPostgres)
#include "tst_postgres.moc"
