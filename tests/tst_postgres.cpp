// Two stateless server instances on one PostgreSQL database (the load-balanced vendor setup):
// pair through one, heartbeat and suspend through the other.
#include "ServerProcess.h"
#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
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
    QCOMPARE(m_b->admin({QStringLiteral("license"), QStringLiteral("suspend"), key}).exitCode, 0);
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

QTEST_GUILESS_MAIN(TestPostgres)
#include "tst_postgres.moc"
