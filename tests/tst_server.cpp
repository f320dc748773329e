// Integration tests: the real hotelhub-license-server on a loopback port, driven over HTTP.
#include "Jws.h"
#include "LicenseKey.h"
#include "OwnerOnly.h"
#include "ServerProcess.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

using namespace hotelhub;
using namespace hotelhub::test;

namespace {
QJsonObject pairBody(const QString &key, const QString &fingerprint)
{
    return {{QStringLiteral("license_key"), key},
            {QStringLiteral("fingerprint"), fingerprint},
            {QStringLiteral("install_id"), QStringLiteral("11111111-2222-4333-8444-555555555555")},
            {QStringLiteral("machine_info"), QJsonObject{{QStringLiteral("hostname"), QStringLiteral("frontdesk")},
                                                         {QStringLiteral("os"), QStringLiteral("debian-12")},
                                                         {QStringLiteral("app_version"), QStringLiteral("0.1.0")}}}};
}

QJsonObject heartbeatBody(const QString &token, const QString &fingerprint)
{
    return {{QStringLiteral("token"), token}, {QStringLiteral("fingerprint"), fingerprint},
            {QStringLiteral("telemetry"), QJsonObject{{QStringLiteral("rooms"), 24}, {QStringLiteral("users"), 8},
                                                      {QStringLiteral("uptime"), 3600}, {QStringLiteral("version"), QStringLiteral("0.1.0")}}}};
}

const QString FP_A = testFingerprint(QStringLiteral("aaaa"));
const QString FP_B = testFingerprint(QStringLiteral("bbbb"));
const QString FP_C = testFingerprint(QStringLiteral("cccc"));
const QString FP_D = testFingerprint(QStringLiteral("dddd"));

// Sends raw bytes on a fresh connection and returns what came back before the server closed it
// (or `waitMs` passed).
QByteArray raw(quint16 port, const QByteArray &bytes, int waitMs = 5000, bool *closedByServer = nullptr)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(5000))
        return {};
    s.write(bytes);
    s.flush();
    QByteArray in;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < waitMs && s.state() == QAbstractSocket::ConnectedState) {
        if (s.waitForReadyRead(100))
            in += s.readAll();
    }
    in += s.readAll();
    if (closedByServer)
        *closedByServer = s.state() != QAbstractSocket::ConnectedState;
    return in;
}
} // namespace

class TestServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void health();
    void pairAndIdempotence();
    void pairRefusals_data();
    void pairRefusals();
    void malformedBodies_data();
    void malformedBodies();
    void valueShapesAreChecked_data();
    void valueShapesAreChecked();
    void oversizedBodyThenStillServing();
    void oversizedHeader();
    void heartbeatVariants();
    void heartbeatRefusals();
    void suspendAndResume();
    void revoke();
    void migrateQuota();
    void tokenChainConverges();
    void rotationIsTwoPhase();
    void concurrentHeartbeatsGetOneSuccessor();
    void refusalsCarrySignedVerdicts();
    void unpair();
    void acknowledgedOnlyWhenDurable();
    void damagedDatabaseIsRefused();
    void damagedDatabaseServedReadOnly();
    void clockFarAheadChangesNothing();
    void aReaderDoesNotStallWriters();
    void noCommitForAClientThatHungUp();
    void halfClosedRequestIsStillAnswered();
    void adminStatus();
    void tokensVerifyWithThePublishedKey();
    void graceDaysAreMendableAndNeverZero();
    void keepAliveAndConnectionClose();
    void answersAreWholeHttpMessages();
    void methodAndPathErrors();
    void accessLogIsJsonAndNamesRoutes();
    void adminCommandLine();
    void stopsWhenItsInputCloses();

private:
    QString newPairedLicense(const QString &fingerprint, QString *token, const QStringList &extra = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServerProcess> m_server;
    QNetworkAccessManager m_net;
};

void TestServer::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<ServerProcess>(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), m_dir->path());
    QVERIFY(m_server->initKeys());
    QVERIFY2(m_server->start({QStringLiteral("--pair-rate"), QStringLiteral("1000")}), m_server->log().constData());
}

void TestServer::cleanupTestCase()
{
    QCOMPARE(m_server->stop(), 0);
    // The access log never carries a token or a licence key.
    const QByteArray log = m_server->log();
    // Which line, with the secret itself cut off (a test's output is a snapshot too).
    const auto lineWith = [&log](const char *secret) {
        const qsizetype at = log.indexOf(secret);
        const qsizetype from = log.lastIndexOf('\n', at) + 1;
        return log.mid(from, at - from) + secret + "…";
    };
    QVERIFY2(!log.contains("eyJ"), lineWith("eyJ").constData());
    QVERIFY2(!log.contains("HMS-"), lineWith("HMS-").constData());
}

QString TestServer::newPairedLicense(const QString &fingerprint, QString *token, const QStringList &extra)
{
    const QString key = m_server->createLicense(extra);
    const HttpResult r = postJson(m_net, m_server->url(QStringLiteral("/api/license/pair")), pairBody(key, fingerprint));
    *token = r.json.value(QStringLiteral("token")).toString();
    return key;
}

void TestServer::health()
{
    const HttpResult r = http(m_net, "GET", m_server->url(QStringLiteral("/api/license/health")));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("ok")).toBool(), true);
    const QDateTime serverTime = QDateTime::fromString(r.json.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    QVERIFY(serverTime.isValid());
    QVERIFY(qAbs(serverTime.secsTo(QDateTime::currentDateTimeUtc())) < 300);
    QVERIFY(!r.header("Date").isEmpty());
    QCOMPARE(r.header("Cache-Control"), QByteArray("no-store"));
}

void TestServer::pairAndIdempotence()
{
    const QString key = m_server->createLicense();
    QVERIFY(LicenseKey::parse(key).isValid());
    const QUrl pair = m_server->url(QStringLiteral("/api/license/pair"));
    const HttpResult first = postJson(m_net, pair, pairBody(key, FP_A));
    QCOMPARE(first.status, 200);
    const QString token1 = first.json.value(QStringLiteral("token")).toString();
    QVERIFY(!token1.isEmpty());
    QVERIFY(first.json.value(QStringLiteral("license_id")).toInteger() > 0);
    QVERIFY(QDateTime::fromString(first.json.value(QStringLiteral("paired_at")).toString(), Qt::ISODate).isValid());

    // The same machine again (pasted with a messy format): harmless, a fresh token.
    const HttpResult again = postJson(m_net, pair, pairBody(QStringLiteral(" ") + key.toLower() + QStringLiteral(" "), FP_A));
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json.value(QStringLiteral("paired_at")), first.json.value(QStringLiteral("paired_at")));
    const QString token2 = again.json.value(QStringLiteral("token")).toString();
    QVERIFY(token2 != token1);
    // Both the new token and the one before it are accepted (a client whose reply was lost).
    QCOMPARE(postJson(m_net, m_server->url(QStringLiteral("/api/license/heartbeat")), heartbeatBody(token2, FP_A)).status, 200);

    // Another machine: 409.
    const HttpResult other = postJson(m_net, pair, pairBody(key, FP_B));
    QCOMPARE(other.status, 409);
    QCOMPARE(other.json.value(QStringLiteral("code")).toString(), QStringLiteral("already_paired"));
    QVERIFY(!other.json.value(QStringLiteral("error")).toString().isEmpty());
}

void TestServer::pairRefusals_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("unknown key") << "unknown" << 404 << "license_not_found";
    QTest::newRow("not a key") << "garbage" << 404 << "license_not_found";
    QTest::newRow("expired") << "expired" << 410 << "expired";
    QTest::newRow("revoked") << "revoked" << 403 << "revoked";
    QTest::newRow("suspended") << "suspended" << 403 << "suspended";
}

void TestServer::pairRefusals()
{
    QFETCH(QString, kind);
    QFETCH(int, status);
    QFETCH(QString, code);
    QString key;
    if (kind == QLatin1String("unknown")) {
        key = QStringLiteral("HMS-AAAAA-BBBBB-CCCCC-DDDDD");
    } else if (kind == QLatin1String("garbage")) {
        key = QStringLiteral("not a key at all");
    } else if (kind == QLatin1String("expired")) {
        key = m_server->createLicense({QStringLiteral("--valid-until"), QStringLiteral("2020-01-31")});
    } else {
        key = m_server->createLicense();
        QCOMPARE(m_server->admin({QStringLiteral("license"), kind == QLatin1String("revoked") ? QStringLiteral("revoke") : QStringLiteral("suspend"), key,
                                  QStringLiteral("--reason"), QStringLiteral("test")}).exitCode, 0);
    }
    const HttpResult r = postJson(m_net, m_server->url(QStringLiteral("/api/license/pair")), pairBody(key, FP_A));
    QCOMPARE(r.status, status);
    QCOMPARE(r.json.value(QStringLiteral("code")).toString(), code);
    QVERIFY(!r.json.value(QStringLiteral("error")).toString().isEmpty());
    if (kind == QLatin1String("suspended")) {
        QCOMPARE(r.json.value(QStringLiteral("support_phone")).toString(), QStringLiteral("+62 812 0000 0000"));
        QCOMPARE(r.json.value(QStringLiteral("support_email")).toString(), QStringLiteral("support@vendor.test"));
    }
}

void TestServer::malformedBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("not JSON") << QByteArray("license_key=HMS");
    QTest::newRow("truncated JSON") << QByteArray("{\"license_key\": \"HMS-");
    QTest::newRow("array") << QByteArray("[1,2,3]");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("wrong type") << QByteArray("{\"license_key\": 12345, \"fingerprint\": \"sha256:aa\"}");
    QTest::newRow("unknown key") << QByteArray("{\"license_key\": \"HMS-AAAAA-BBBBB-CCCCC-DDDDD\", \"fingerprint\": \"sha256:aa\", \"admin\": true}");
    QTest::newRow("missing fingerprint") << QByteArray("{\"license_key\": \"HMS-AAAAA-BBBBB-CCCCC-DDDDD\"}");
    QTest::newRow("machine_info not object") << QByteArray("{\"license_key\": \"HMS-AAAAA-BBBBB-CCCCC-DDDDD\", \"fingerprint\": \"sha256:aa\", \"machine_info\": \"x\"}");
    QTest::newRow("unknown machine_info key") << QByteArray("{\"license_key\": \"HMS-AAAAA-BBBBB-CCCCC-DDDDD\", \"fingerprint\": \"sha256:aa\", \"machine_info\": {\"mac\": \"x\"}}");
    QTest::newRow("fingerprint not sha256") << QByteArray("{\"license_key\": \"HMS-AAAAA-BBBBB-CCCCC-DDDDD\", \"fingerprint\": \"abc\"}");
}

void TestServer::malformedBodies()
{
    QFETCH(QByteArray, body);
    const HttpResult r = http(m_net, "POST", m_server->url(QStringLiteral("/api/license/pair")), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json.value(QStringLiteral("code")).toString(), QStringLiteral("invalid_request"));
    QVERIFY(!r.json.value(QStringLiteral("error")).toString().isEmpty());
    // The same on the other POST endpoints.
    for (const char *path : {"/api/license/heartbeat", "/api/license/migrate", "/api/license/rotate-token"}) {
        const HttpResult o = http(m_net, "POST", m_server->url(QLatin1String(path)), body);
        QVERIFY2(o.status == 400, path);
    }
}

void TestServer::valueShapesAreChecked_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QJsonObject>("body");
    const QString key = QStringLiteral("HMS-AAAAA-BBBBB-CCCCC-DDDDD");
    const QString fp = FP_A;
    auto pair = [&](const QString &fingerprint, const QJsonObject &extra = {}) {
        QJsonObject o{{QStringLiteral("license_key"), key}, {QStringLiteral("fingerprint"), fingerprint}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            o.insert(it.key(), it.value());
        return o;
    };
    auto heartbeat = [&](const QJsonObject &telemetry) {
        return QJsonObject{{QStringLiteral("token"), QStringLiteral("x")}, {QStringLiteral("fingerprint"), fp}, {QStringLiteral("telemetry"), telemetry}};
    };
    QTest::newRow("fingerprint: empty hash") << QByteArray("/api/license/pair") << pair(QStringLiteral("sha256:"));
    QTest::newRow("fingerprint: NUL") << QByteArray("/api/license/pair") << pair(QStringLiteral("sha256:") + QString(63, u'a') + QChar(0));
    QTest::newRow("fingerprint: ANSI codes") << QByteArray("/api/license/pair") << pair(QStringLiteral("sha256:\x1b[31m") + QString(59, u'a'));
    QTest::newRow("fingerprint: 60 KB") << QByteArray("/api/license/pair") << pair(QStringLiteral("sha256:") + QString(60000, u'a'));
    QTest::newRow("fingerprint: upper case") << QByteArray("/api/license/pair") << pair(fp.toUpper().replace(QStringLiteral("SHA256:"), QStringLiteral("sha256:")));
    QTest::newRow("install_id: not a UUID") << QByteArray("/api/license/pair") << pair(fp, {{QStringLiteral("install_id"), QStringLiteral("my-install")}});
    QTest::newRow("install_id: only dashes") << QByteArray("/api/license/pair") << pair(fp, {{QStringLiteral("install_id"), QString(36, u'-')}});
    QTest::newRow("install_id: dashes moved") << QByteArray("/api/license/pair")
                                              << pair(fp, {{QStringLiteral("install_id"), QStringLiteral("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaa--")}});
    QTest::newRow("install_id: 60 KB") << QByteArray("/api/license/pair") << pair(fp, {{QStringLiteral("install_id"), QString(60000, u'1')}});
    QTest::newRow("hostname: ANSI codes") << QByteArray("/api/license/pair")
                                           << pair(fp, {{QStringLiteral("machine_info"), QJsonObject{{QStringLiteral("hostname"), QStringLiteral("\x1b]0;pwned\x07")}}}});
    QTest::newRow("hostname: line separator and half a character") << QByteArray("/api/license/pair")
                                                             << pair(fp, {{QStringLiteral("machine_info"), QJsonObject{{QStringLiteral("hostname"), QStringLiteral("x\u2028y") + QChar(0xd800) + u'z'}}}});
    QTest::newRow("hostname: 300 characters") << QByteArray("/api/license/pair")
                                               << pair(fp, {{QStringLiteral("machine_info"), QJsonObject{{QStringLiteral("hostname"), QString(300, u'h')}}}});
    QTest::newRow("uptime: 1e300") << QByteArray("/api/license/heartbeat") << heartbeat({{QStringLiteral("uptime"), 1e300}});
    QTest::newRow("rooms: negative") << QByteArray("/api/license/heartbeat") << heartbeat({{QStringLiteral("rooms"), -5}});
    QTest::newRow("users: fraction") << QByteArray("/api/license/heartbeat") << heartbeat({{QStringLiteral("users"), 1.5}});
    QTest::newRow("version: control character") << QByteArray("/api/license/heartbeat") << heartbeat({{QStringLiteral("version"), QStringLiteral("1.0\r\nX: y")}});
    QTest::newRow("reason: 600 characters") << QByteArray("/api/license/migrate")
                                             << QJsonObject{{QStringLiteral("license_key"), key}, {QStringLiteral("new_fingerprint"), fp},
                                                            {QStringLiteral("reason"), QString(600, u'r')}};
}

void TestServer::valueShapesAreChecked()
{
    QFETCH(QByteArray, path);
    QFETCH(QJsonObject, body);
    const HttpResult r = postJson(m_net, m_server->url(QString::fromLatin1(path)), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json.value(QStringLiteral("code")).toString(), QStringLiteral("invalid_request"));
    QVERIFY2(r.json.value(QStringLiteral("error")).toString().contains(QStringLiteral("must be")), r.body.constData());
}

void TestServer::oversizedBodyThenStillServing()
{
    QByteArray big = "{\"license_key\": \"" + QByteArray(70 * 1024, 'A') + "\", \"fingerprint\": \"sha256:aa\"}";
    const HttpResult r = http(m_net, "POST", m_server->url(QStringLiteral("/api/license/pair")), big);
    QVERIFY2(r.status == 413 || r.error != QNetworkReply::NoError, QByteArray::number(r.status).constData());
    if (r.status == 413)
        QCOMPARE(r.json.value(QStringLiteral("code")).toString(), QStringLiteral("invalid_request"));
    // A 10 MB body on a raw socket: refused, connection closed, nothing buffered.
    bool closed = false;
    const QByteArray reply = raw(m_server->port(),
                                 "POST /api/license/pair HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n"
                                     + QByteArray(100 * 1024, 'x'),
                                 5000, &closed);
    QVERIFY2(reply.startsWith("HTTP/1.1 413"), reply.left(80).constData());
    QVERIFY(closed);
    QCOMPARE(http(m_net, "GET", m_server->url(QStringLiteral("/api/license/health"))).status, 200);
}

void TestServer::oversizedHeader()
{
    bool closed = false;
    const QByteArray reply = raw(m_server->port(), "GET /api/license/health HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(9000, 'a') + "\r\n\r\n", 5000, &closed);
    QVERIFY2(reply.startsWith("HTTP/1.1 431"), reply.left(80).constData());
    QVERIFY(closed);
    QCOMPARE(http(m_net, "GET", m_server->url(QStringLiteral("/api/license/health"))).status, 200);
}

void TestServer::heartbeatVariants()
{
    QString token;
    newPairedLicense(FP_A, &token);
    const QUrl hb = m_server->url(QStringLiteral("/api/license/heartbeat"));
    HttpResult r = postJson(m_net, hb, heartbeatBody(token, FP_A));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("valid")).toBool(), true);
    const QString renewed = r.json.value(QStringLiteral("renewed_token")).toString();
    QVERIFY(!renewed.isEmpty() && renewed != token);
    QVERIFY(QDateTime::fromString(r.json.value(QStringLiteral("valid_until")).toString(), Qt::ISODate).isValid());
    // Token only as a bearer header.
    QJsonObject bearerOnly = heartbeatBody(renewed, FP_A);
    bearerOnly.remove(QStringLiteral("token"));
    r = postJson(m_net, hb, bearerOnly, renewed.toLatin1());
    QCOMPARE(r.status, 200);
    // The older field name `license_token` (existing HotelHub clients).
    const QString third = r.json.value(QStringLiteral("renewed_token")).toString();
    QJsonObject legacy{{QStringLiteral("license_token"), third}, {QStringLiteral("fingerprint"), FP_A}};
    QCOMPARE(postJson(m_net, hb, legacy).status, 200);
    // Bearer and body disagreeing is refused.
    QCOMPARE(postJson(m_net, hb, heartbeatBody(third, FP_A), token.toLatin1()).status, 400);
}

void TestServer::heartbeatRefusals()
{
    QString token;
    newPairedLicense(FP_A, &token);
    const QUrl hb = m_server->url(QStringLiteral("/api/license/heartbeat"));
    HttpResult r = postJson(m_net, hb, heartbeatBody(token, FP_B));
    QCOMPARE(r.status, 403);
    QCOMPARE(r.json.value(QStringLiteral("reason")).toString(), QStringLiteral("fingerprint_mismatch"));
    QCOMPARE(r.json.value(QStringLiteral("valid")).toBool(true), false);

    r = postJson(m_net, hb, heartbeatBody(QStringLiteral("garbage.token.here"), FP_A));
    QCOMPARE(r.status, 401);
    QCOMPARE(r.json.value(QStringLiteral("code")).toString(), QStringLiteral("unauthorized"));

    // Same claims, signed by another key.
    const TestVendorKey forger;
    const TokenVerification v = verifyToken(token.toLatin1(), crypto::readPublicKeyPem([&] {
                                                QFile f(m_server->publicKeyPath());
                                                f.open(QIODevice::ReadOnly);
                                                return f.readAll();
                                            }()).get());
    QVERIFY(v.authentic());
    const QByteArray forged = signToken(*v.claims, forger.key.get());
    QCOMPARE(postJson(m_net, hb, heartbeatBody(QString::fromLatin1(forged), FP_A)).status, 401);
    // No token at all.
    QJsonObject none{{QStringLiteral("fingerprint"), FP_A}};
    QCOMPARE(postJson(m_net, hb, none).status, 401);
    // Unknown telemetry key.
    QJsonObject extra = heartbeatBody(token, FP_A);
    extra.insert(QStringLiteral("telemetry"), QJsonObject{{QStringLiteral("guests"), 3}});
    QCOMPARE(postJson(m_net, hb, extra).status, 400);
}

void TestServer::suspendAndResume()
{
    QString token;
    const QString key = newPairedLicense(FP_A, &token);
    const QUrl hb = m_server->url(QStringLiteral("/api/license/heartbeat"));
    // A reason pasted from a chat with an invisible character: refused, naming it (helper-41: it
    // said "one line of at most 200 characters", which the admin's reason was).
    const CommandResult hidden = m_server->admin({QStringLiteral("license"), QStringLiteral("suspend"), key, QStringLiteral("--reason"), QStringLiteral("unpaid\u200B March")});
    QCOMPARE(hidden.exitCode, 2);
    QVERIFY2(hidden.err.contains(QLatin1String("U+200B")) && hidden.err.contains(QLatin1String("invisible")), qPrintable(hidden.err));
    // Also a tag character (a surrogate pair) and characters that draw nothing (helper-44).
    // And since helper-45 the rest of the default-ignorable ones, a noncharacter, private use, and
    // U+FFFD (what bytes that are not UTF-8 become).
    for (const QString &blank : {QStringLiteral("\U000E0020"), QStringLiteral("\u2800"), QStringLiteral("\u115F"), QStringLiteral("\u034F"),
                                 QStringLiteral("\uFE0F"), QStringLiteral("\U000E0100"), QStringLiteral("\u180B"), QStringLiteral("\u17B4"),
                                 QStringLiteral("\u2065"), QStringLiteral("\uFDD0"), QStringLiteral("\uE000"), QStringLiteral("\uFFFD")}) {
        const CommandResult refused = m_server->admin({QStringLiteral("license"), QStringLiteral("suspend"), key, QStringLiteral("--reason"), QStringLiteral("unpaid") + blank});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(QStringLiteral("U+") + QString::number(blank.toUcs4().at(0), 16).toUpper().rightJustified(4, u'0')), qPrintable(refused.err));
    }
    // Every other option and argument too, named as <U+…> (helper-48: a --plan with a line break
    // made a licence, --support-phone with one started the server, --until and --lang took one).
    const QString dbPath = m_dir->filePath(QStringLiteral("oneline.sqlite"));
    const QList<QStringList> broken{
        {QStringLiteral("license"), QStringLiteral("create"), QStringLiteral("--db"), dbPath, QStringLiteral("--plan"), QStringLiteral("pro\n")},
        {QStringLiteral("license"), QStringLiteral("create"), QStringLiteral("--db"), dbPath, QStringLiteral("--owner-email"), QStringLiteral("a@b.id\u2028")},
        {QStringLiteral("license"), QStringLiteral("extend"), key, QStringLiteral("--until"), QStringLiteral("2028-01-01\n")},
        {QStringLiteral("serve"), QStringLiteral("--db"), dbPath, QStringLiteral("--support-phone"), QStringLiteral("+62\n812")},
        {QStringLiteral("serve"), QStringLiteral("--db"), dbPath, QStringLiteral("--support-email"), QStringLiteral("x@y.id\u001b[31m")},
        {QStringLiteral("--lang"), QStringLiteral("id\n"), QStringLiteral("license"), QStringLiteral("list")},
        {QStringLiteral("license"), QStringLiteral("list\u200B")}};
    for (const QStringList &args : broken) {
        const CommandResult refused = m_server->admin(args);
        QVERIFY2(refused.exitCode == 2 && refused.err.contains(QLatin1String("<U+")) && !refused.err.contains(QChar(0x1b)),
                 qPrintable(args.join(u' ') + QStringLiteral(" → ") + QString::number(refused.exitCode) + u' ' + refused.err));
    }
    QVERIFY(!QFile::exists(dbPath));
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("suspend"), key, QStringLiteral("--reason"), QStringLiteral("unpaid March")}).exitCode, 0);
    HttpResult r = postJson(m_net, hb, heartbeatBody(token, FP_A));
    QCOMPARE(r.status, 403);
    QCOMPARE(r.json.value(QStringLiteral("reason")).toString(), QStringLiteral("suspended"));
    QVERIFY(r.json.value(QStringLiteral("message")).toString().contains(QLatin1String("+62 812 0000 0000")));
    QCOMPARE(r.json.value(QStringLiteral("support_email")).toString(), QStringLiteral("support@vendor.test"));
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("resume"), key}).exitCode, 0);
    r = postJson(m_net, hb, heartbeatBody(token, FP_A));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("valid")).toBool(), true);
}

void TestServer::revoke()
{
    QString token;
    const QString key = newPairedLicense(FP_A, &token);
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("revoke"), key, QStringLiteral("--reason"), QStringLiteral("chargeback")}).exitCode, 0);
    const HttpResult r = postJson(m_net, m_server->url(QStringLiteral("/api/license/heartbeat")), heartbeatBody(token, FP_A));
    QCOMPARE(r.status, 403);
    QCOMPARE(r.json.value(QStringLiteral("reason")).toString(), QStringLiteral("revoked"));
    QCOMPARE(r.json.value(QStringLiteral("message")).toString(), QStringLiteral("chargeback"));
    // Revoking it again without a reason changes nothing: the reason stays (helper-43: it was wiped).
    const CommandResult again = m_server->admin({QStringLiteral("license"), QStringLiteral("revoke"), key});
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.contains(QLatin1String("already revoked")), qPrintable(again.out));
    // The licence's own key in a reason is masked however it is written (helper-45: two spaces
    // between the groups were stored whole).
    const QStringList groups = key.mid(4).split(u'-');
    const CommandResult noted = m_server->admin({QStringLiteral("license"), QStringLiteral("revoke"), key, QStringLiteral("--reason"),
                                                 QStringLiteral("copy of ") + groups.join(QStringLiteral("  ")) + QStringLiteral(" sold on")});
    QCOMPARE(noted.exitCode, 0);
    const QString noteShown = m_server->admin({QStringLiteral("license"), QStringLiteral("show"), key}).out;
    QVERIFY2(noteShown.contains(QLatin1String("sold on")) && !noteShown.contains(groups.at(1)) && !noteShown.contains(groups.at(2)), qPrintable(noteShown));
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("revoke"), key, QStringLiteral("--reason"), QStringLiteral("chargeback")}).exitCode, 0);
    // A key the server has met, inside a path an admin gave: every message that names the file
    // masks it (helper-48: "The folder /backups/HMS-…/ for the vendor database does not exist"
    // printed it whole), and an echo cut short is masked before it is cut (helper-48: padding
    // pushed the key's last group past the cut, and its middle groups were shown).
    const QString inPath = m_dir->filePath(QStringLiteral("backups/") + key + QStringLiteral("/vendor.sqlite"));
    const CommandResult pathNamed = m_server->admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--db"), QStringLiteral("sqlite:") + inPath});
    QVERIFY2(pathNamed.exitCode != 0 && pathNamed.err.contains(QLatin1String("backups")) && !pathNamed.err.contains(groups.at(1))
                 && !pathNamed.err.contains(groups.at(2)),
             qPrintable(pathNamed.err));
    const CommandResult padded = m_server->admin({QStringLiteral("bogus"), key, QString(35, u'a') + u' ' + groups.join(QStringLiteral(", "))});
    QVERIFY2(padded.exitCode == 2 && !padded.err.contains(groups.at(1)) && !padded.err.contains(groups.at(2)), qPrintable(padded.err));
    // And while it serves, when what it says goes through its stderr queue: the "listening on"
    // line and the stop message named the --db path with the key whole (helper-49).
    {
        const QString keyDir = m_dir->filePath(QStringLiteral("served/") + key);
        QVERIFY(QDir().mkpath(keyDir));
        ServerProcess served(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), keyDir);
        QVERIFY(served.initKeys());
        QVERIFY(served.start());
        QCOMPARE(served.stop(), 0);
        const QByteArray said = served.log();
        QVERIFY2(said.contains("listening on") && said.contains("served/") && !said.contains(groups.at(1).toLatin1())
                     && !said.contains(groups.at(2).toLatin1()),
                 said.constData());
        // Nor on standard output, where keys init names the files it made (helper-49).
        const CommandResult made = served.admin({QStringLiteral("keys"), QStringLiteral("init"), QStringLiteral("--dir"), keyDir + QStringLiteral("/k")});
        QVERIFY2(made.exitCode == 0 && made.out.contains(QLatin1String("served")) && !made.out.contains(groups.at(1)) && !made.out.contains(groups.at(2)),
                 qPrintable(made.out + made.err));
    }
    // A key with an invisible character in it is checked as a key, which names the character
    // (helper-50: refused as not one line, its "<U+…>" inside the masked key, "give it on one line").
    const CommandResult selector = m_server->admin({QStringLiteral("license"), QStringLiteral("show"), key + QChar(0xFE0F)});
    QVERIFY2(selector.exitCode != 0 && selector.err.contains(QLatin1String("U+FE0F")) && selector.err.contains(QLatin1String("which no licence key has")),
             qPrintable(selector.err));
    // Nor with a dash for a reason, which is none (it replaced "chargeback").
    const CommandResult dash = m_server->admin({QStringLiteral("license"), QStringLiteral("revoke"), key, QStringLiteral("--reason"), QStringLiteral("-")});
    QVERIFY2(dash.exitCode == 0 && dash.out.contains(QLatin1String("already revoked")), qPrintable(dash.out + dash.err));
    QVERIFY(m_server->admin({QStringLiteral("license"), QStringLiteral("show"), key}).out.contains(QLatin1String("chargeback")));
    // A revocation is final unless undone on purpose: `resume` alone reinstated it without a word
    // (helper-39); with a reason it is reinstated and that reason kept.
    const CommandResult plain = m_server->admin({QStringLiteral("license"), QStringLiteral("resume"), key});
    QCOMPARE(plain.exitCode, 2);
    QVERIFY2(plain.err.contains(QLatin1String("revoked")) && plain.err.contains(QLatin1String("--reason")) && !plain.err.contains(key), qPrintable(plain.err));
    // Nor by way of a suspension: `suspend` made it an ordinary suspension, which a plain `resume`
    // then reinstated (helper-41).
    const CommandResult suspended = m_server->admin({QStringLiteral("license"), QStringLiteral("suspend"), key});
    QCOMPARE(suspended.exitCode, 2);
    QVERIFY2(suspended.err.contains(QLatin1String("revoked")) && suspended.err.contains(QLatin1String("--reason")), qPrintable(suspended.err));
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("resume"), key}).exitCode, 2);
    // A dash or a full stop is no reason (helper-43).
    for (const char *none : {"-", ".", " - "})
        QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("resume"), key, QStringLiteral("--reason"), QLatin1String(none)}).exitCode, 2);
    QCOMPARE(postJson(m_net, m_server->url(QStringLiteral("/api/license/heartbeat")), heartbeatBody(token, FP_A)).status, 403);
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("resume"), key, QStringLiteral("--reason"), QStringLiteral("chargeback withdrawn")}).exitCode, 0);
    const CommandResult shown = m_server->admin({QStringLiteral("license"), QStringLiteral("show"), key});
    QVERIFY2(shown.out.contains(QLatin1String("chargeback withdrawn")), qPrintable(shown.out));
    QCOMPARE(postJson(m_net, m_server->url(QStringLiteral("/api/license/heartbeat")), heartbeatBody(token, FP_A)).status, 200);
}

void TestServer::migrateQuota()
{
    QString tokenA;
    const QString key = newPairedLicense(FP_A, &tokenA);
    const QUrl migrate = m_server->url(QStringLiteral("/api/license/migrate"));
    auto move = [&](const QString &from, const QString &to) {
        return postJson(m_net, migrate, {{QStringLiteral("license_key"), key}, {QStringLiteral("old_fingerprint"), from},
                                         {QStringLiteral("new_fingerprint"), to}, {QStringLiteral("reason"), QStringLiteral("new server")},
                                         {QStringLiteral("machine_info"), QJsonObject{{QStringLiteral("hostname"), QStringLiteral("new")}}}});
    };
    HttpResult r = move(FP_A, FP_B);
    QCOMPARE(r.status, 200);
    const QString tokenB = r.json.value(QStringLiteral("token")).toString();
    QVERIFY(!tokenB.isEmpty());
    QVERIFY(QDateTime::fromString(r.json.value(QStringLiteral("migrated_at")).toString(), Qt::ISODate).isValid());
    // The old machine now learns that the licence lives elsewhere.
    r = postJson(m_net, m_server->url(QStringLiteral("/api/license/heartbeat")), heartbeatBody(tokenA, FP_A));
    QCOMPARE(r.status, 403);
    QCOMPARE(r.json.value(QStringLiteral("reason")).toString(), QStringLiteral("fingerprint_mismatch"));
    QCOMPARE(postJson(m_net, m_server->url(QStringLiteral("/api/license/heartbeat")), heartbeatBody(tokenB, FP_B)).status, 200);
    // A retried migrate to where it already is uses no quota.
    QCOMPARE(move(FP_A, FP_B).status, 200);
    // Second real move (the old fingerprint may be empty: the old machine is gone).
    QCOMPARE(move(QString(), FP_C).status, 200);
    // Third in a year: refused with the quota message.
    r = move(FP_C, FP_D);
    QCOMPARE(r.status, 429);
    QCOMPARE(r.json.value(QStringLiteral("code")).toString(), QStringLiteral("migration_limit"));
    QCOMPARE(r.json.value(QStringLiteral("migrations_used")).toInt(), 2);
    QCOMPARE(r.json.value(QStringLiteral("migrations_limit")).toInt(), 2);
    QVERIFY(QDate::fromString(r.json.value(QStringLiteral("next_migration_at")).toString(), Qt::ISODate).isValid());
    // The vendor resets the quota: allowed again.
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("reset-migrations"), key}).exitCode, 0);
    QCOMPARE(move(FP_C, FP_D).status, 200);
    // Missing reason: 400.
    r = postJson(m_net, migrate, {{QStringLiteral("license_key"), key}, {QStringLiteral("new_fingerprint"), FP_A}, {QStringLiteral("reason"), QStringLiteral(" ")}});
    QCOMPARE(r.status, 400);
}

namespace {
QByteArray readFileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
QString renewed(const HttpResult &r) { return r.json.value(QStringLiteral("renewed_token")).toString(); }
QString jtiOf(const QString &token)
{
    const QList<QByteArray> parts = token.toLatin1().split('.');
    return parts.size() == 3 ? QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding)).object().value(QStringLiteral("jti")).toString()
                             : QString();
}
} // namespace

void TestServer::tokenChainConverges()
{
    QString t0;
    newPairedLicense(FP_A, &t0);
    const QUrl hb = m_server->url(QStringLiteral("/api/license/heartbeat"));
    // T0 → T1; T0 again (the reply was lost) → the same T1, never another.
    const HttpResult first = postJson(m_net, hb, heartbeatBody(t0, FP_A));
    QCOMPARE(first.status, 200);
    const QString t1 = renewed(first);
    const HttpResult repeat = postJson(m_net, hb, heartbeatBody(t0, FP_A));
    QCOMPARE(repeat.status, 200);
    QCOMPARE(renewed(repeat), t1);
    // T1 used once: T0 is retired for good, with its own code.
    const QString t2 = renewed(postJson(m_net, hb, heartbeatBody(t1, FP_A)));
    QVERIFY(!t2.isEmpty() && t2 != t1);
    const HttpResult spent = postJson(m_net, hb, heartbeatBody(t0, FP_A));
    QCOMPARE(spent.status, 401);
    QCOMPARE(spent.json.value(QStringLiteral("code")).toString(), QStringLiteral("token_superseded"));
    // A leaked T1 presented by someone else gets the same T2 the owner gets: it mints nothing.
    for (int i = 0; i < 3; ++i)
        QCOMPARE(renewed(postJson(m_net, hb, heartbeatBody(t1, FP_A))), t2);
    // The owner moves on; T1 is then spent too.
    const QString t3 = renewed(postJson(m_net, hb, heartbeatBody(t2, FP_A)));
    QVERIFY(!t3.isEmpty());
    QCOMPARE(postJson(m_net, hb, heartbeatBody(t1, FP_A)).json.value(QStringLiteral("code")).toString(), QStringLiteral("token_superseded"));
    // A token that was never part of this chain is plain unauthorized.
    QString other;
    newPairedLicense(FP_B, &other);
    QCOMPARE(postJson(m_net, hb, heartbeatBody(other, FP_A)).status, 403); // another install's token
    // The spent token was recorded for the vendor.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("audit-read"));
        db.setDatabaseName(m_dir->filePath(QStringLiteral("vendor.sqlite")));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM vendor_audit WHERE action = 'license.token_superseded'")) && q.next());
        QVERIFY(q.value(0).toInt() >= 2);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("audit-read"));
}

void TestServer::rotationIsTwoPhase()
{
    QString token;
    newPairedLicense(FP_A, &token);
    const QUrl hb = m_server->url(QStringLiteral("/api/license/heartbeat"));
    const QUrl rotate = m_server->url(QStringLiteral("/api/license/rotate-token"));
    const QString current = renewed(postJson(m_net, hb, heartbeatBody(token, FP_A)));
    QVERIFY(!current.isEmpty());
    const QString next = renewed(postJson(m_net, hb, heartbeatBody(current, FP_A))); // `current` in use, `next` pending
    // Rotating from the token in use answers the pending successor: a lost rotate reply costs nothing.
    const HttpResult r = postJson(m_net, rotate, {{QStringLiteral("token"), current}, {QStringLiteral("fingerprint"), FP_A}});
    QCOMPARE(r.status, 200);
    const QString rotated = r.json.value(QStringLiteral("token")).toString();
    QCOMPARE(jtiOf(rotated), jtiOf(next));
    const HttpResult lost = postJson(m_net, rotate, {{QStringLiteral("token"), current}, {QStringLiteral("fingerprint"), FP_A}});
    QCOMPARE(lost.json.value(QStringLiteral("token")).toString(), rotated);
    // The old token stays valid until the new one is used …
    QCOMPARE(postJson(m_net, hb, heartbeatBody(current, FP_A)).status, 200);
    // … and is retired the moment it is.
    const HttpResult used = postJson(m_net, rotate, {{QStringLiteral("token"), rotated}, {QStringLiteral("fingerprint"), FP_A}});
    QCOMPARE(used.status, 200);
    QVERIFY(jtiOf(used.json.value(QStringLiteral("token")).toString()) != jtiOf(rotated));
    QCOMPARE(postJson(m_net, hb, heartbeatBody(current, FP_A)).json.value(QStringLiteral("code")).toString(), QStringLiteral("token_superseded"));
    QCOMPARE(postJson(m_net, hb, heartbeatBody(token, FP_A)).status, 401);
    // Rotating from another fingerprint is refused.
    QCOMPARE(postJson(m_net, rotate, {{QStringLiteral("token"), rotated}, {QStringLiteral("fingerprint"), FP_B}}).status, 403);
}

void TestServer::concurrentHeartbeatsGetOneSuccessor()
{
    QString token;
    newPairedLicense(FP_A, &token);
    const QUrl hb = m_server->url(QStringLiteral("/api/license/heartbeat"));
    const QByteArray body = QJsonDocument(heartbeatBody(token, FP_A)).toJson(QJsonDocument::Compact);
    QString presented = token;
    for (int round = 0; round < 20; ++round) {
        // Two requests with the same token in flight at once (two runners of one install).
        const QByteArray b = QJsonDocument(heartbeatBody(presented, FP_A)).toJson(QJsonDocument::Compact);
        QNetworkRequest request(hb);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply *a = m_net.post(request, b);
        QNetworkReply *c = m_net.post(request, b);
        QTRY_VERIFY_WITH_TIMEOUT(a->isFinished() && c->isFinished(), 20000);
        const QJsonObject ja = QJsonDocument::fromJson(a->readAll()).object();
        const QJsonObject jc = QJsonDocument::fromJson(c->readAll()).object();
        a->deleteLater();
        c->deleteLater();
        QCOMPARE(ja.value(QStringLiteral("valid")).toBool(), true);
        QCOMPARE(ja.value(QStringLiteral("renewed_token")), jc.value(QStringLiteral("renewed_token")));
        presented = ja.value(QStringLiteral("renewed_token")).toString();
    }
    // Whichever reply each runner kept, the newest token renews.
    QCOMPARE(postJson(m_net, hb, heartbeatBody(presented, FP_A)).status, 200);
}

void TestServer::refusalsCarrySignedVerdicts()
{
    QString token;
    const QString key = newPairedLicense(FP_A, &token);
    const QJsonObject claims = QJsonDocument::fromJson(QByteArray::fromBase64(token.toLatin1().split('.').at(1), QByteArray::Base64UrlEncoding)).object();
    QCOMPARE(claims.value(QStringLiteral("signed_verdicts")).toBool(), true);
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("suspend"), key, QStringLiteral("--reason"), QStringLiteral("unpaid")}).exitCode, 0);
    QJsonObject body = heartbeatBody(token, FP_A);
    body.insert(QStringLiteral("nonce"), QStringLiteral("n0nce42"));
    const HttpResult r = postJson(m_net, m_server->url(QStringLiteral("/api/license/heartbeat")), body);
    QCOMPARE(r.status, 403);
    const QByteArray verdict = r.json.value(QStringLiteral("verdict")).toString().toLatin1();
    QFile pem(m_server->publicKeyPath());
    QVERIFY(pem.open(QIODevice::ReadOnly));
    PKeyPtr pub = crypto::readPublicKeyPem(pem.readAll());
    QVERIFY(pub);
    QString problem;
    const auto payload = verifyObject(verdict, pub.get(), QLatin1String(kVerdictType), &problem);
    QVERIFY2(payload, qPrintable(problem));
    QCOMPARE(payload->value(QStringLiteral("verdict")).toString(), QStringLiteral("suspended"));
    QCOMPARE(payload->value(QStringLiteral("nonce")).toString(), QStringLiteral("n0nce42"));
    QCOMPARE(payload->value(QStringLiteral("install_id")).toString(), claims.value(QStringLiteral("install_id")).toString());
    // A verdict is not a token, and a token is not a verdict.
    QVERIFY(!verifyToken(verdict, pub.get()).authentic());
    QVERIFY(!verifyObject(token.toLatin1(), pub.get(), QLatin1String(kVerdictType), &problem));
    // A malformed nonce is refused before anything else.
    body.insert(QStringLiteral("nonce"), QStringLiteral("\u001b[31m"));
    QCOMPARE(postJson(m_net, m_server->url(QStringLiteral("/api/license/heartbeat")), body).status, 400);
}

void TestServer::unpair()
{
    QString token;
    const QString key = newPairedLicense(FP_A, &token);
    const HttpResult r = postJson(m_net, m_server->url(QStringLiteral("/api/license/unpair")),
                                  {{QStringLiteral("token"), token}, {QStringLiteral("reason"), QStringLiteral("server retired, key ") + key}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("unpaired")).toBool(), true);
    // A key typed into the reason is kept masked: `show` printed it whole (helper-40). An admin's
    // --reason too.
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("suspend"), key, QStringLiteral("--reason"), QStringLiteral("copy of ") + key}).exitCode, 0);
    const CommandResult shown = m_server->admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--json")});
    QVERIFY2(shown.out.contains(QLatin1String("server retired, key HMS-")) && shown.out.contains(QLatin1String("copy of HMS-")), qPrintable(shown.out));
    QVERIFY2(!shown.out.contains(key), qPrintable(shown.out));
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("resume"), key}).exitCode, 0);
    QCOMPARE(postJson(m_net, m_server->url(QStringLiteral("/api/license/heartbeat")), heartbeatBody(token, FP_A)).status, 401);
    QCOMPARE(postJson(m_net, m_server->url(QStringLiteral("/api/license/unpair")), {{QStringLiteral("token"), token}}).status, 401);
    // Now another machine may pair without a migration.
    QCOMPARE(postJson(m_net, m_server->url(QStringLiteral("/api/license/pair")), pairBody(key, FP_B)).status, 200);
}

void TestServer::acknowledgedOnlyWhenDurable()
{
    // The sync order, seen from outside: strace on the running server. Each 200 to a heartbeat
    // must come after the WAL was synced for that heartbeat's commit.
#ifdef Q_OS_WIN
    QSKIP("the sync order is traced with Linux's strace; Windows has no such tracer here (the code path is the same)");
#endif
    QString token;
    newPairedLicense(FP_A, &token);
    const QString trace = m_dir->filePath(QStringLiteral("strace.log"));
    QProcess strace;
    strace.setProcessChannelMode(QProcess::SeparateChannels);
    strace.start(QStringLiteral("strace"), {QStringLiteral("-f"), QStringLiteral("-y"), QStringLiteral("-s"), QStringLiteral("48"),
                                            QStringLiteral("-e"), QStringLiteral("trace=read,recvfrom,recvmsg,write,writev,sendto,sendmsg,fsync,fdatasync"),
                                            QStringLiteral("-o"), trace, QStringLiteral("-p"), QString::number(m_server->pid())});
    if (!strace.waitForStarted(5000))
        QSKIP("strace is not installed (./run.sh test installs it)");
    QByteArray said;
    QTRY_VERIFY_WITH_TIMEOUT((said += strace.readAllStandardError(), said.contains("attached") || strace.state() != QProcess::Running), 10000);
    if (strace.state() != QProcess::Running)
        QSKIP(qPrintable(QStringLiteral("strace cannot attach here (ptrace not permitted): %1").arg(QString::fromUtf8(said))));
    QTest::qWait(300); // every thread attached
    const QUrl hb = m_server->url(QStringLiteral("/api/license/heartbeat"));
    for (int i = 0; i < 5; ++i) {
        const HttpResult r = postJson(m_net, hb, heartbeatBody(token, FP_A));
        QCOMPARE(r.status, 200);
        token = renewed(r);
    }
    strace.terminate(); // detaches
    QVERIFY(strace.waitForFinished(10000));
    QFile f(trace);
    QVERIFY(f.open(QIODevice::ReadOnly));
    int answered = 0;
    bool inRequest = false, synced = false;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.contains("POST /api/license/heartbeat")) {
            inRequest = true;
            synced = false;
        } else if ((line.contains("fdatasync(") || line.contains("fsync(")) && line.contains("-wal>")) {
            synced = true;
        } else if (inRequest && line.contains("HTTP/1.1 200")) {
            QVERIFY2(synced, "a heartbeat was acknowledged before its WAL was synced");
            ++answered;
            inRequest = false;
        }
    }
    QCOMPARE(answered, 5);
}

void TestServer::damagedDatabaseIsRefused()
{
    QTemporaryDir dir; // a server of its own: this one's database gets damaged
    ServerProcess server(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), dir.path());
    QVERIFY(server.initKeys());
    for (int i = 0; i < 5; ++i)
        QVERIFY(!server.createLicense().isEmpty());
    const QString path = dir.filePath(QStringLiteral("vendor.sqlite"));
    int root = 0, pageSize = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("corrupt"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        QVERIFY(q.exec(QStringLiteral("SELECT rootpage FROM sqlite_master WHERE name = 'licenses'")) && q.next());
        root = q.value(0).toInt();
        QVERIFY(q.exec(QStringLiteral("PRAGMA page_size")) && q.next());
        pageSize = q.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("corrupt"));
    // One page of `licenses` overwritten (a bad sector, a half-written copy).
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.seek(qint64(root - 1) * pageSize));
    f.write(QByteArray(pageSize, '\xa5'));
    f.close();
    const QByteArray before = readFileBytes(path);
    QVERIFY(!server.start());
    const CommandResult list = server.admin({QStringLiteral("license"), QStringLiteral("list")});
    QCOMPARE(list.exitCode, 3);
    QVERIFY2((list.err.contains(path) || list.err.contains(QDir::toNativeSeparators(path))) && (list.err.contains(QStringLiteral("damaged")) || list.err.contains(QStringLiteral("rusak"))), qPrintable(list.err));
    QVERIFY2(!list.err.contains(QStringLiteral("still in use")), qPrintable(list.err));
    QCOMPARE(readFileBytes(path), before); // untouched

    // An empty file (a power cut) is not a new store either.
    QTemporaryDir emptyDir;
    ServerProcess empty(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), emptyDir.path());
    QVERIFY(empty.initKeys());
    const QString emptyPath = emptyDir.filePath(QStringLiteral("vendor.sqlite"));
    QVERIFY(writeFile(emptyPath, QByteArray()));
    const CommandResult emptyList = empty.admin({QStringLiteral("license"), QStringLiteral("list")});
    QCOMPARE(emptyList.exitCode, 3);
    QVERIFY2(emptyList.err.contains(QDir::toNativeSeparators(emptyPath)), qPrintable(emptyList.err));
    QCOMPARE(QFileInfo(emptyPath).size(), 0);
    QVERIFY(!empty.start());
    QCOMPARE(QFileInfo(emptyPath).size(), 0);
}

namespace {
// Overwrites the first page of `table` in the SQLite file at `path` (a bad sector, a half-written
// copy), after moving the WAL into it.
bool damageTable(const QString &path, const QString &table)
{
    int root = 0, pageSize = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("damage"));
        db.setDatabaseName(path);
        if (!db.open())
            return false;
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")))
            return false;
        if (!q.exec(QStringLiteral("SELECT rootpage FROM sqlite_master WHERE name = '%1'").arg(table)) || !q.next())
            return false;
        root = q.value(0).toInt();
        if (!q.exec(QStringLiteral("PRAGMA page_size")) || !q.next())
            return false;
        pageSize = q.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("damage"));
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite) || !f.seek(qint64(root - 1) * pageSize))
        return false;
    return f.write(QByteArray(pageSize, '\xa5')) == pageSize;
}

// Rows of `sql` (a count) in the SQLite file at `path`.
int count(const QString &path, const QString &sql)
{
    int n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("count"));
        db.setDatabaseName(path);
        QSqlQuery q(db);
        if (db.open() && q.exec(sql) && q.next())
            n = q.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("count"));
    return n;
}
} // namespace

void TestServer::damagedDatabaseServedReadOnly()
{
    QTemporaryDir dir;
    ServerProcess server(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), dir.path());
    QVERIFY(server.initKeys());
    QStringList keys;
    for (int i = 0; i < 40; ++i)
        keys << server.createLicense({QStringLiteral("--owner-email"), QStringLiteral("owner%1@hotel.test").arg(i)});
    QVERIFY(!keys.contains(QString()));
    QVERIFY(server.start());
    QString token;
    {
        const HttpResult r = postJson(m_net, server.url(QStringLiteral("/api/license/pair")), pairBody(keys.first(), FP_A));
        QCOMPARE(r.status, 200);
        token = r.json.value(QStringLiteral("token")).toString();
    }
    QCOMPARE(server.stop(), 0);
    const QString path = dir.filePath(QStringLiteral("vendor.sqlite"));
    QVERIFY(damageTable(path, QStringLiteral("licenses")));
    const QByteArray before = readFileBytes(path);

    // Refused without the flag; with it, it starts, says so loudly and is not healthy.
    QVERIFY(!server.start());
    QVERIFY2(server.start({QStringLiteral("--read-only")}, 503), server.log().constData());
    const HttpResult health = http(m_net, "GET", server.url(QStringLiteral("/api/license/health")));
    QCOMPARE(health.status, 503);
    QCOMPARE(health.json.value(QStringLiteral("database")).toString(), QStringLiteral("damaged"));
    QVERIFY(!health.json.value(QStringLiteral("damage")).toString().isEmpty());
    // Writes answer 503 (the client keeps its grace), never a verdict.
    const HttpResult hb = postJson(m_net, server.url(QStringLiteral("/api/license/heartbeat")), heartbeatBody(token, FP_A));
    QCOMPARE(hb.status, 503);
    QCOMPARE(hb.json.value(QStringLiteral("reason")).toString(), QStringLiteral("read_only"));
    QVERIFY(!hb.header("Retry-After").isEmpty());
    // A read that meets the damaged page answers 503 too, and SQLite's report reaches the log.
    int answered503 = 0;
    for (const QString &key : keys) {
        QUrl url = server.url(QStringLiteral("/api/license/status"));
        url.setQuery(QStringLiteral("key=") + key);
        const HttpResult r = http(m_net, "GET", url, {}, {qMakePair(QByteArray("Authorization"), "Bearer " + server.adminSecret())});
        QVERIFY2(r.status == 200 || r.status == 503, qPrintable(QString::number(r.status)));
        answered503 += r.status == 503;
    }
    QVERIFY(answered503 > 0);
    QCOMPARE(server.stop(), 0);
    const QByteArray log = server.log();
    QVERIFY2(log.contains("DATABASE DAMAGED (SQLite error 11"), log.constData());
    QVERIFY2(log.contains("read-only"), log.constData());
    QCOMPARE(readFileBytes(path), before); // nothing written

    // Nothing was created beside the damaged file either (no -wal, no -shm).
    QVERIFY(!QFile::exists(path + QStringLiteral("-shm")));
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")) || QFileInfo(path + QStringLiteral("-wal")).size() == 0);
    // A licence on the damaged page is never reported as "not found" (exit 4): the store is damaged (3).
    for (const QString &key : keys) {
        const CommandResult show = server.admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--read-only")});
        QVERIFY2(show.exitCode == 3, qPrintable(QString::number(show.exitCode) + u' ' + show.err));
    }
    // The admin's list reads what it can and exits 3, saying why.
    const CommandResult list = server.admin({QStringLiteral("license"), QStringLiteral("list"), QStringLiteral("--read-only")});
    QCOMPARE(list.exitCode, 3);
    QVERIFY2(list.err.contains(QStringLiteral("damaged")) || list.err.contains(QStringLiteral("rusak")), qPrintable(list.err));
    QCOMPARE(server.admin({QStringLiteral("license"), QStringLiteral("suspend"), keys.first(), QStringLiteral("--read-only")}).exitCode, 2);
}

void TestServer::clockFarAheadChangesNothing()
{
    QTemporaryDir dir;
    ServerProcess server(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), dir.path());
    QVERIFY(server.initKeys());
    // 30 days left: on a clock 100 days ahead it would read as expired.
    const QString key = server.createLicense({QStringLiteral("--valid-until"), QDate::currentDate().addDays(30).toString(Qt::ISODate)});
    QVERIFY(!key.isEmpty());
    QVERIFY(server.start());
    QString token;
    {
        const HttpResult r = postJson(m_net, server.url(QStringLiteral("/api/license/pair")), pairBody(key, FP_A));
        QCOMPARE(r.status, 200);
        token = r.json.value(QStringLiteral("token")).toString();
    }
    for (int i = 0; i < 3; ++i) {
        const HttpResult r = postJson(m_net, server.url(QStringLiteral("/api/license/heartbeat")), heartbeatBody(token, FP_A));
        QCOMPARE(r.status, 200);
        token = renewed(r);
    }
    QCOMPARE(server.stop(), 0);
    const QString path = dir.filePath(QStringLiteral("vendor.sqlite"));
    const QString heartbeats = QStringLiteral("SELECT count(*) FROM license_heartbeats");
    const QString future = QStringLiteral("SELECT (SELECT count(*) FROM license_heartbeats WHERE received_at > '%1') + "
                                          "(SELECT count(*) FROM vendor_audit WHERE created_at > '%1') + "
                                          "(SELECT count(*) FROM licenses WHERE updated_at > '%1')")
                               .arg(toStorage(QDateTime::currentDateTimeUtc().addDays(1)));
    QCOMPARE(count(path, heartbeats), 3);

    // One start with the clock 100 days ahead.
    const QStringList ahead{QStringLiteral("--clock-offset"), QStringLiteral("+100d")};
    QVERIFY2(server.start(ahead, 503), server.log().constData());
    const HttpResult health = http(m_net, "GET", server.url(QStringLiteral("/api/license/health")));
    QCOMPARE(health.json.value(QStringLiteral("clock")).toString(), QStringLiteral("untrusted"));
    QVERIFY(health.json.value(QStringLiteral("clock_ahead_days")).toInt() >= 99);
    const HttpResult hb = postJson(m_net, server.url(QStringLiteral("/api/license/heartbeat")), heartbeatBody(token, FP_A));
    QCOMPARE(hb.status, 503); // not 403 expired: the client keeps its licence and its grace
    QCOMPARE(hb.json.value(QStringLiteral("reason")).toString(), QStringLiteral("clock_untrusted"));
    QCOMPARE(postJson(m_net, server.url(QStringLiteral("/api/license/pair")), pairBody(key, FP_B)).status, 503);
    QCOMPARE(server.stop(), 0);
    const QByteArray log = server.log();
    QVERIFY2(log.contains("--trust-clock"), log.constData());
    QVERIFY2(!log.contains("heartbeat row"), log.constData()); // "pruned N heartbeat row(s)"
    QCOMPARE(count(path, heartbeats), 3); // nothing pruned
    QCOMPARE(count(path, future), 0);     // nothing dated in the future

    // The admin's writes are refused on that clock too, and say why.
    const CommandResult suspend = server.admin(QStringList{QStringLiteral("license"), QStringLiteral("suspend"), key} + ahead);
    QCOMPARE(suspend.exitCode, 3);
    QVERIFY2(suspend.err.contains(QStringLiteral("--trust-clock")), qPrintable(suspend.err));
    QCOMPARE(count(path, future), 0);

    // Back on the right clock, it serves at once; vouched for, the clock far ahead is believed.
    QVERIFY(server.start());
    const HttpResult again = postJson(m_net, server.url(QStringLiteral("/api/license/heartbeat")), heartbeatBody(token, FP_A));
    QCOMPARE(again.status, 200);
    token = renewed(again);
    QCOMPARE(server.stop(), 0);
    QVERIFY(server.start(ahead + QStringList{QStringLiteral("--trust-clock")}));
    QCOMPARE(postJson(m_net, server.url(QStringLiteral("/api/license/heartbeat")), heartbeatBody(token, FP_A)).status, 403); // now expired, believed
    QCOMPARE(server.stop(), 0);
    QCOMPARE(count(path, QStringLiteral("SELECT count(*) FROM vendor_audit WHERE action = 'server.clock_confirmed'")), 1);
}

void TestServer::aReaderDoesNotStallWriters()
{
    QString token;
    newPairedLicense(FP_A, &token);
    // Another process holds a read transaction open (a backup, an admin in sqlite3) while the
    // once-a-second checkpoint runs: heartbeats and health keep flowing.
    QSqlDatabase reader = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("reader"));
    reader.setDatabaseName(m_dir->filePath(QStringLiteral("vendor.sqlite")));
    QVERIFY(reader.open());
    {
        QSqlQuery hold(reader);
        QVERIFY(hold.exec(QStringLiteral("BEGIN")));
        QVERIFY(hold.exec(QStringLiteral("SELECT count(*) FROM licenses")) && hold.next());
        const QUrl hb = m_server->url(QStringLiteral("/api/license/heartbeat"));
        QElapsedTimer held;
        held.start();
        for (int i = 0; held.elapsed() < 30000; ++i) { // the reader stays for 30 s
            // Well inside a client's 15 s: before, each checkpoint held the writers for the whole
            // 10 s busy timeout.
            const HttpResult r = http(m_net, "POST", hb, QJsonDocument(heartbeatBody(token, FP_A)).toJson(QJsonDocument::Compact),
                                      {{"Content-Type", "application/json"}}, 5000);
            QVERIFY2(r.status == 200, qPrintable(QStringLiteral("heartbeat %1 answered %2").arg(i).arg(r.status)));
            token = renewed(r);
            const HttpResult health = http(m_net, "GET", m_server->url(QStringLiteral("/api/license/health")), {}, {}, 5000);
            QCOMPARE(health.status, 200);
            QVERIFY(health.json.value(QStringLiteral("wal_bytes")).toInteger(-1) >= 0);
            QTest::qWait(250); // let the checkpoint timer run between them
        }
        QVERIFY(hold.exec(QStringLiteral("COMMIT")));
    }
    reader.close();
    reader = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("reader"));
}

void TestServer::noCommitForAClientThatHungUp()
{
    QString token;
    newPairedLicense(FP_A, &token);
    const QString path = m_dir->filePath(QStringLiteral("vendor.sqlite"));
    const QString heartbeats = QStringLiteral("SELECT count(*) FROM license_heartbeats");
    const int before = count(path, heartbeats);
    // Another writer holds the database, so the heartbeat waits at its BEGIN; meanwhile its
    // client gives up and hangs up. Nothing of that heartbeat may be committed afterwards.
    QSqlDatabase blocker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("blocker"));
    blocker.setDatabaseName(path);
    QVERIFY(blocker.open());
    {
        QSqlQuery hold(blocker);
        QVERIFY(hold.exec(QStringLiteral("BEGIN IMMEDIATE")));
        const QByteArray body = QJsonDocument(heartbeatBody(token, FP_A)).toJson(QJsonDocument::Compact);
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(client.waitForConnected(5000));
        client.write("POST /api/license/heartbeat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QVERIFY(client.waitForBytesWritten(5000));
        QTest::qWait(500);
        client.disconnectFromHost();
        if (client.state() != QAbstractSocket::UnconnectedState)
            QVERIFY(client.waitForDisconnected(5000));
        QTest::qWait(200);
        QVERIFY(hold.exec(QStringLiteral("COMMIT")));
    }
    blocker.close();
    blocker = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("blocker"));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->log().contains("\"code\":\"abandoned\""), 15000);
    QCOMPARE(count(path, heartbeats), before);
    // The install, retrying, is served as if the lost attempt never happened.
    QCOMPARE(postJson(m_net, m_server->url(QStringLiteral("/api/license/heartbeat")), heartbeatBody(token, FP_A)).status, 200);
    QCOMPARE(count(path, heartbeats), before + 1);
}

void TestServer::halfClosedRequestIsStillAnswered()
{
    // An HTTP/1.0 client (or one that said "Connection: close") may shut its sending side once
    // the request is out, and still read the answer (nc -N, some proxies). That end of stream is
    // not a hang-up: before, the heartbeat was withheld as "abandoned" and answered 503, at
    // every attempt, so such a hotel never renewed.
    QString token;
    newPairedLicense(FP_A, &token);
    const QString path = m_dir->filePath(QStringLiteral("vendor.sqlite"));
    const QString heartbeats = QStringLiteral("SELECT count(*) FROM license_heartbeats");
    const int before = count(path, heartbeats);
    QSqlDatabase blocker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("blocker"));
    blocker.setDatabaseName(path);
    QVERIFY(blocker.open());
    QByteArray answer;
    {
        QSqlQuery hold(blocker);
        QVERIFY(hold.exec(QStringLiteral("BEGIN IMMEDIATE"))); // the heartbeat waits; the end of stream arrives meanwhile
        const QByteArray body = QJsonDocument(heartbeatBody(token, FP_A)).toJson(QJsonDocument::Compact);
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(client.waitForConnected(5000));
        client.write("POST /api/license/heartbeat HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QVERIFY(client.waitForBytesWritten(5000));
#ifdef Q_OS_WIN
        QCOMPARE(::shutdown(SOCKET(client.socketDescriptor()), SD_SEND), 0);
#else
        QCOMPARE(::shutdown(int(client.socketDescriptor()), SHUT_WR), 0);
#endif
        QTest::qWait(300);
        QVERIFY(hold.exec(QStringLiteral("COMMIT")));
        QDeadlineTimer deadline(10000);
        while (client.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired())
            client.waitForReadyRead(200);
        answer = client.readAll();
    }
    blocker.close();
    blocker = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("blocker"));
    QVERIFY2(answer.startsWith("HTTP/1.0 200 "), answer.constData());
    QVERIFY(answer.contains("renewed_token"));
    QCOMPARE(count(path, heartbeats), before + 1);
}

void TestServer::adminStatus()
{
    QString token;
    const QString key = newPairedLicense(FP_A, &token);
    postJson(m_net, m_server->url(QStringLiteral("/api/license/heartbeat")), heartbeatBody(token, FP_A));
    QUrl url = m_server->url(QStringLiteral("/api/license/status"));
    url.setQuery(QStringLiteral("key=") + key);
    QCOMPARE(http(m_net, "GET", url).status, 401);
    QCOMPARE(http(m_net, "GET", url, {}, {qMakePair(QByteArray("Authorization"), QByteArray("Bearer wrong-secret-of-some-length"))}).status, 401);
    const HttpResult r = http(m_net, "GET", url, {}, {qMakePair(QByteArray("Authorization"), "Bearer " + m_server->adminSecret())});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("status")).toString(), QStringLiteral("active"));
    QCOMPARE(r.json.value(QStringLiteral("pairings")).toArray().size(), 1);
    QCOMPARE(r.json.value(QStringLiteral("heartbeats")).toArray().first().toObject().value(QStringLiteral("rooms")).toInt(), 24);
    QVERIFY(!r.body.contains(key.toLatin1()));
    QUrl unknown = m_server->url(QStringLiteral("/api/license/status"));
    unknown.setQuery(QStringLiteral("key=HMS-AAAAA-BBBBB-CCCCC-DDDDD"));
    QCOMPARE(http(m_net, "GET", unknown, {}, {qMakePair(QByteArray("Authorization"), "Bearer " + m_server->adminSecret())}).status, 404);
}

void TestServer::graceDaysAreMendableAndNeverZero()
{
    // A licence row with grace_days 0 (made before `license create` checked 1-365) signed tokens
    // that expired as they were issued: the hotel stayed restricted whatever it did, `extend
    // --grace-days` was ignored in silence and `show` did not say it (helper-38).
    const QString key = m_server->createLicense();
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("graceZero"));
        raw.setDatabaseName(m_server->db().mid(int(qstrlen("sqlite:"))));
        QVERIFY(raw.open());
        QSqlQuery q(raw);
        QVERIFY(q.exec(QStringLiteral("UPDATE licenses SET grace_days = 0 WHERE key_hash = '%1'").arg(LicenseKey::parse(key).hash())));
        QCOMPARE(q.numRowsAffected(), 1);
        raw.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("graceZero"));
    const HttpResult paired = postJson(m_net, m_server->url(QStringLiteral("/api/license/pair")), pairBody(key, FP_B));
    QCOMPARE(paired.status, 200);
    QFile pem(m_server->publicKeyPath());
    QVERIFY(pem.open(QIODevice::ReadOnly));
    const PKeyPtr pin = crypto::readPublicKeyPem(pem.readAll());
    const TokenVerification v = verifyToken(paired.json.value(QStringLiteral("token")).toString().toLatin1(), pin.get(), {QDateTime::currentDateTimeUtc(), FP_B, 60});
    QVERIFY2(v.ok(), qPrintable(v.detail));
    QCOMPARE(v.claims->issuedAt.secsTo(v.claims->expiresAt), qint64(86400));
    QCOMPARE(v.claims->graceDays, 1);
    // The vendor sees it and mends it with the end; out of range is refused.
    const auto show = [&] {
        return QJsonDocument::fromJson(m_server->admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--json")}).out.toUtf8()).object();
    };
    QCOMPARE(show().value(QStringLiteral("grace_days")).toInt(-1), 0);
    const QString until = QDate::currentDate().addYears(2).toString(Qt::ISODate);
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("extend"), key, QStringLiteral("--until"), until, QStringLiteral("--grace-days"),
                              QStringLiteral("0")}).exitCode, 2);
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("extend"), key, QStringLiteral("--until"), until, QStringLiteral("--grace-days"),
                              QStringLiteral("45")}).exitCode, 0);
    QCOMPARE(show().value(QStringLiteral("grace_days")).toInt(), 45);
    QCOMPARE(show().value(QStringLiteral("valid_until")).toString(), until);
    // An option a command does not take is refused, not ignored.
    const CommandResult stray = m_server->admin({QStringLiteral("license"), QStringLiteral("suspend"), key, QStringLiteral("--grace-days"), QStringLiteral("5"),
                                                 QStringLiteral("--lang"), QStringLiteral("en")});
    QCOMPARE(stray.exitCode, 2);
    QVERIFY2(stray.err.startsWith(QLatin1String("'license suspend' does not take --grace-days.")), qPrintable(stray.err));
    QCOMPARE(show().value(QStringLiteral("status")).toString(), QStringLiteral("active"));
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("list"), QStringLiteral("--grace-days"), QStringLiteral("0")}).exitCode, 2);
    // --json only where the answer is JSON (extend --json printed text; helper-39); keys init
    // takes only its own options.
    const CommandResult extendJson = m_server->admin({QStringLiteral("license"), QStringLiteral("extend"), key, QStringLiteral("--until"), until,
                                                      QStringLiteral("--json"), QStringLiteral("--lang"), QStringLiteral("en")});
    QCOMPARE(extendJson.exitCode, 2);
    QVERIFY2(extendJson.err.startsWith(QLatin1String("'license extend' does not take --json.")), qPrintable(extendJson.err));
    const CommandResult keysStray = m_server->admin({QStringLiteral("keys"), QStringLiteral("init"), QStringLiteral("--dir"), m_dir->filePath(QStringLiteral("k2")),
                                                     QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--lang"), QStringLiteral("en")});
    QCOMPARE(keysStray.exitCode, 2);
    QVERIFY2(keysStray.err.startsWith(QLatin1String("'keys init' does not take --threads.")), qPrintable(keysStray.err));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("k2"))));
    // --grace-days alone keeps the end.
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("extend"), key, QStringLiteral("--grace-days"), QStringLiteral("20")}).exitCode, 0);
    QCOMPARE(show().value(QStringLiteral("grace_days")).toInt(), 20);
    QCOMPARE(show().value(QStringLiteral("valid_until")).toString(), until);
}

void TestServer::tokensVerifyWithThePublishedKey()
{
    QString token;
    const QString key = newPairedLicense(FP_A, &token, {QStringLiteral("--features"), QStringLiteral("channel_manager=true,ai_demand_forecast=false"),
                                                        QStringLiteral("--valid-until"), QStringLiteral("2030-12-31")});
    QFile pem(m_server->publicKeyPath());
    QVERIFY(pem.open(QIODevice::ReadOnly));
    const PKeyPtr pin = crypto::readPublicKeyPem(pem.readAll());
    const TokenVerification v = verifyToken(token.toLatin1(), pin.get(), {QDateTime::currentDateTimeUtc(), FP_A, 60});
    QVERIFY2(v.ok(), qPrintable(v.detail));
    QCOMPARE(v.claims->keyHash, LicenseKey::parse(key).hash());
    QCOMPARE(v.claims->maxRooms(), 100);
    QCOMPARE(v.claims->maxUsers(), 30);
    QCOMPARE(v.claims->features.value(QStringLiteral("channel_manager")).toBool(), true);
    QCOMPARE(v.claims->graceDays, 30);
    QCOMPARE(v.claims->issuedAt.secsTo(v.claims->expiresAt), qint64(30 * 86400));
    // Valid through 31 December in Jakarta: 16:59:59 UTC, never the day before.
    QCOMPARE(v.claims->validUntil, QDateTime(QDate(2030, 12, 31), QTime(16, 59, 59), Qt::UTC));
    QCOMPARE(v.claims->installId, QStringLiteral("11111111-2222-4333-8444-555555555555"));
}

void TestServer::keepAliveAndConnectionClose()
{
    const QByteArray get = "GET /api/license/health HTTP/1.1\r\nHost: x\r\n\r\n";
    bool closed = false;
    QByteArray reply = raw(m_server->port(), get + get, 1500, &closed);
    QCOMPARE(reply.count("HTTP/1.1 200"), 2);
    QVERIFY(!closed); // keep-alive: still open after two answers
    reply = raw(m_server->port(), "GET /api/license/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5000, &closed);
    QVERIFY(reply.startsWith("HTTP/1.1 200"));
    QVERIFY(reply.toLower().contains("connection: close"));
    QVERIFY(closed);
    reply = raw(m_server->port(), "this is not http\r\n\r\n", 5000, &closed);
    QVERIFY2(reply.startsWith("HTTP/1.1 400"), reply.left(60).constData());
}

// The server writes its answers' bytes itself (not through Beast's serializer): each must still be
// one whole HTTP/1.x message a strict reader takes, for HTTP/1.0 and 1.1, kept open or closed.
void TestServer::answersAreWholeHttpMessages()
{
    // Splits a stream of answers into (head, body) by their Content-Length; fails on anything else.
    const auto split = [](QByteArray stream) {
        QList<QPair<QList<QByteArray>, QByteArray>> answers;
        while (!stream.isEmpty()) {
            const qsizetype end = stream.indexOf("\r\n\r\n");
            if (end < 0)
                return QList<QPair<QList<QByteArray>, QByteArray>>{};
            QList<QByteArray> lines = stream.left(end + 2).split('\n');
            lines.removeLast(); // after the last CRLF
            qsizetype length = -1;
            int lengths = 0;
            for (const QByteArray &line : lines) {
                if (!line.endsWith('\r'))
                    return QList<QPair<QList<QByteArray>, QByteArray>>{};
                if (line.toLower().startsWith("content-length: ")) {
                    length = line.mid(16).trimmed().toLongLong();
                    ++lengths;
                }
            }
            if (lengths != 1 || stream.size() < end + 4 + length)
                return QList<QPair<QList<QByteArray>, QByteArray>>{};
            answers.append({lines, stream.mid(end + 4, length)});
            stream.remove(0, end + 4 + length);
        }
        return answers;
    };
    const auto field = [](const QList<QByteArray> &head, const QByteArray &name) {
        QByteArrayList values;
        for (const QByteArray &line : head.mid(1))
            if (line.toLower().startsWith(name.toLower() + ": "))
                values.append(line.mid(name.size() + 2).trimmed());
        return values;
    };

    bool closed = false;
    const QByteArray get10 = "GET /api/license/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
    auto answers = split(raw(m_server->port(), get10 + get10 + "POST /api/license/health HTTP/1.0\r\nContent-Length: 0\r\n\r\n", 5000, &closed));
    QCOMPARE(answers.size(), 3);
    QVERIFY(closed); // the third asked for no keep-alive
    for (int i = 0; i < 3; ++i) {
        const auto &[head, body] = answers.at(i);
        QCOMPARE(head.first(), i < 2 ? QByteArray("HTTP/1.0 200 OK\r") : QByteArray("HTTP/1.0 405 Method Not Allowed\r"));
        QCOMPARE(field(head, "Server"), QByteArrayList{"hotelhub-license-server"});
        QCOMPARE(field(head, "Content-Type"), QByteArrayList{"application/json"});
        QCOMPARE(field(head, "Cache-Control"), QByteArrayList{"no-store"});
        QCOMPARE(field(head, "Date").size(), 1);
        static const QRegularExpression imfDate(QStringLiteral("^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d\\d:\\d\\d:\\d\\d GMT$"));
        QVERIFY2(imfDate.match(QString::fromLatin1(field(head, "Date").first())).hasMatch(), field(head, "Date").first().constData());
        QCOMPARE(field(head, "Connection"), i < 2 ? QByteArrayList{"keep-alive"} : QByteArrayList{});
        QVERIFY2(QJsonDocument::fromJson(body).isObject(), body.constData());
    }
    QCOMPARE(field(answers.at(2).first, "Allow"), QByteArrayList{"GET, HEAD"});
    QCOMPARE(QJsonDocument::fromJson(answers.at(2).second).object().value(QStringLiteral("code")).toString(), QStringLiteral("method_not_allowed"));

    const QByteArray get11 = "GET /api/license/health HTTP/1.1\r\nHost: x\r\n\r\n";
    answers = split(raw(m_server->port(), get11 + "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5000, &closed));
    QCOMPARE(answers.size(), 2);
    QVERIFY(closed);
    QCOMPARE(answers.at(0).first.first(), QByteArray("HTTP/1.1 200 OK\r"));
    QCOMPARE(field(answers.at(0).first, "Connection"), QByteArrayList{});
    QCOMPARE(answers.at(1).first.first(), QByteArray("HTTP/1.1 404 Not Found\r"));
    QCOMPARE(field(answers.at(1).first, "Connection"), QByteArrayList{"close"});
    QCOMPARE(QJsonDocument::fromJson(answers.at(0).second).object().value(QStringLiteral("ok")).toBool(), true);

    // HEAD: the length a GET would get, and no body (before, the body followed, and a strict
    // client read it as the start of the next answer). A GET after it on the same connection.
    const QByteArray stream = raw(m_server->port(), "HEAD /api/license/health HTTP/1.1\r\nHost: x\r\n\r\n" + get11, 1500, &closed);
    const qsizetype headEnd = stream.indexOf("\r\n\r\n");
    QVERIFY(headEnd > 0);
    // A load balancer's "HEAD /api/license/health" check gets health's status (it got 405).
    QVERIFY2(stream.startsWith("HTTP/1.1 200 ") && stream.left(headEnd).contains("Content-Length: "), stream.constData());
    answers = split(stream.mid(headEnd + 4));
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.at(0).first.first(), QByteArray("HTTP/1.1 200 OK\r"));
    // HEAD on a POST endpoint: 405, no body. And the answers given before a request was read
    // whole (413, 431, 400) carry no body for a HEAD either (before, they did).
    const QList<QPair<QByteArray, QByteArray>> heads{
        {"HEAD /api/license/pair HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 405 "},
        {"HEAD /api/license/health HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" + QByteArray(70000, 'x'), "HTTP/1.1 413 "},
        {"HEAD /api/license/health HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(9000, 'y') + "\r\n\r\n", "HTTP/1.1 431 "},
        {"HEAD /api/license/health HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n", "HTTP/1.1 400 "},
    };
    // A transfer coding other than chunked: 400 and closed, and the bytes after it are never
    // taken for a request of their own (request smuggling behind a proxy). "close" in a second
    // Connection field closes too (Beast reads the first only).
    const QByteArray smuggled = raw(m_server->port(),
                                    "POST /api/license/heartbeat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"
                                    "GET /api/license/health HTTP/1.1\r\nHost: x\r\n\r\n",
                                    5000, &closed);
    QVERIFY2(smuggled.startsWith("HTTP/1.1 400 ") && smuggled.count("HTTP/1.1 ") == 1, smuggled.constData());
    QVERIFY(closed);
    // HTTP/1.0 has no transfer codings: chunked there is faulty framing too (RFC 9112 6.1).
    const QByteArray old10 = raw(m_server->port(),
                                 "POST /api/license/heartbeat HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                                 "GET /api/license/health HTTP/1.0\r\n\r\n",
                                 5000, &closed);
    QVERIFY2(old10.startsWith("HTTP/1.0 400 ") && old10.count("HTTP/1.0 ") == 1 && closed, old10.constData());
    for (const QByteArray &coding : {QByteArray("chunked, gzip"), QByteArray("gzip, chunked")}) {
        const QByteArray answer = raw(m_server->port(), "POST /api/license/heartbeat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding
                                                            + "\r\n\r\n0\r\n\r\n", 5000, &closed);
        QVERIFY2(answer.startsWith("HTTP/1.1 400 ") && closed, answer.constData());
    }
    const QByteArray twoFields = raw(m_server->port(), "GET /api/license/health HTTP/1.1\r\nHost: x\r\nConnection: foo\r\nConnection: close\r\n\r\n"
                                                       + get11, 5000, &closed);
    QVERIFY2(twoFields.startsWith("HTTP/1.1 200 ") && twoFields.count("HTTP/1.1 ") == 1 && closed, twoFields.constData());
    for (const auto &[request, status] : heads) {
        const QByteArray answer = raw(m_server->port(), request, 5000, &closed);
        const qsizetype end = answer.indexOf("\r\n\r\n");
        QVERIFY2(answer.startsWith(status) && end > 0, answer.left(200).constData());
        QVERIFY2(answer.size() == end + 4, answer.constData()); // the header, and nothing after it
        QVERIFY(answer.left(end).contains("Content-Length: "));
        QVERIFY(closed || status == "HTTP/1.1 405 ");
    }
}

void TestServer::methodAndPathErrors()
{
    QCOMPARE(http(m_net, "GET", m_server->url(QStringLiteral("/api/license/pair"))).status, 405);
    QCOMPARE(http(m_net, "POST", m_server->url(QStringLiteral("/api/license/health")), "{}").status, 405);
    const HttpResult r = http(m_net, "GET", m_server->url(QStringLiteral("/nope")));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.json.value(QStringLiteral("code")).toString(), QStringLiteral("not_found"));
}

void TestServer::accessLogIsJsonAndNamesRoutes()
{
    // A client-chosen path with a key, a token-like segment and bytes that are not UTF-8.
    const QByteArray path = "/api/license/HMS-QQQQQ-WWWWW-EEEEE-RRRRR/eyJzZWNyZXQ\xc3\x28\xff\x1b[31m";
    const QByteArray reply = raw(m_server->port(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QVERIFY2(reply.startsWith("HTTP/1.1 404") || reply.startsWith("HTTP/1.1 400"), reply.left(40).constData());
    const QByteArray keyPath = raw(m_server->port(), "GET /api/license/status/HMS-QQQQQ-WWWWW-EEEEE-RRRRR HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QVERIFY(keyPath.startsWith("HTTP/1.1 404"));
    // Any token characters make a method: a licence key or a token given as one is not logged
    // either (its first 16 characters were).
    const QByteArray keyMethod = raw(m_server->port(), "HMS-ABCDE-23456-FGHJK-78901 /api/license/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QVERIFY2(keyMethod.startsWith("HTTP/1.1 405"), keyMethod.left(40).constData());
    const QByteArray tokenMethod = raw(m_server->port(), "eyJhbGciOiJSUzI1NiJ9.eyJ /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QVERIFY2(tokenMethod.startsWith("HTTP/1.1 404"), tokenMethod.left(40).constData());
    QCOMPARE(http(m_net, "GET", m_server->url(QStringLiteral("/api/license/health"))).status, 200);
    QByteArray log;
    // The log is written in batches, off the request threads: wait for this test's own lines (the
    // server's log also holds the earlier tests' health checks).
    QTRY_VERIFY((log = m_server->log()).contains("\"path\":\"-\",\"status\":404"));
    QVERIFY(!log.contains("QQQQQ"));
    QVERIFY(!log.contains("eyJzZWNyZXQ"));
    QTRY_VERIFY((log = m_server->log()).contains("\"method\":\"other\",\"path\":\"/api/license/health\",\"status\":405"));
    QVERIFY(!log.contains("ABCDE"));
    QVERIFY(!log.contains("eyJhbGci"));
    int lines = 0;
    QList<QByteArray> logLines = log.split('\n');
    if (!log.endsWith('\n'))
        logLines.removeLast(); // still being written (a pipe may hand a line over in two reads)
    for (const QByteArray &line : std::as_const(logLines)) {
        if (!line.startsWith("{\"time\""))
            continue;
        ++lines;
        QJsonParseError e;
        const QJsonObject o = QJsonDocument::fromJson(line, &e).object();
        QVERIFY2(e.error == QJsonParseError::NoError, line.constData());
        const QString route = o.value(QStringLiteral("path")).toString();
        QVERIFY2(route == QLatin1String("-") || route.startsWith(QLatin1String("/api/license/")), line.constData());
    }
    QVERIFY(lines > 0);
    QVERIFY(log.contains("\"path\":\"-\",\"status\":404"));
}

void TestServer::adminCommandLine()
{
    // The admin CLI speaks the terminal's language (issue 11): Indonesian for an id locale,
    // English for C and the rest; HOTELHUB_LANG wins.
    const auto help = [](std::initializer_list<std::pair<const char *, const char *>> vars) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "HOTELHUB_LANG"})
            env.remove(QLatin1String(name));
        for (const auto &[k, v] : vars)
            env.insert(QLatin1String(k), QLatin1String(v));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), {QStringLiteral("--help")});
        p.waitForFinished(30000);
        return QString::fromUtf8(p.readAllStandardOutput());
    };
    QVERIFY(help({{"LANG", "id_ID.UTF-8"}}).startsWith(QLatin1String("Pemakaian:")));
    QVERIFY(help({{"LANG", "C.UTF-8"}}).startsWith(QLatin1String("Usage:")));
    QVERIFY(help({}).startsWith(QLatin1String("Usage:")));
    QVERIFY(help({{"LANG", "en_US.UTF-8"}, {"HOTELHUB_LANG", "id"}}).startsWith(QLatin1String("Pemakaian:")));
    const QString key = m_server->createLicense({QStringLiteral("--owner-email"), QStringLiteral("owner@hotel.test")});
    CommandResult r = m_server->admin({QStringLiteral("license"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(LicenseKey::parse(key).masked()));
    QVERIFY(!r.out.contains(key)); // masked, never the whole key
    QString pairedToken;
    const QString pairedKey = newPairedLicense(FP_A, &pairedToken);
    r = m_server->admin({QStringLiteral("license"), QStringLiteral("list"), QStringLiteral("--json")});
    const QJsonArray all = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QVERIFY(all.size() >= 2);
    int seen = 0;
    for (const QJsonValue &v : all) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("key")).toString() == LicenseKey::parse(key).masked()) {
            QCOMPARE(o.value(QStringLiteral("paired")).toBool(true), false);
            QCOMPARE(o.value(QStringLiteral("pairings")).toInt(), 0);
            ++seen;
        } else if (o.value(QStringLiteral("key")).toString() == LicenseKey::parse(pairedKey).masked()) {
            QCOMPARE(o.value(QStringLiteral("paired")).toBool(), true);
            QCOMPARE(o.value(QStringLiteral("pairings")).toInt(), 1);
            ++seen;
        }
    }
    QCOMPARE(seen, 2);
    // An active licence past its end is listed as what the server answers for it: "grace" while
    // its heartbeats are still accepted, then "expired" (both read "active").
    const QString ending = m_server->createLicense({QStringLiteral("--valid-until"), QDate::currentDate().addDays(10).toString(Qt::ISODate),
                                                    QStringLiteral("--grace-days"), QStringLiteral("30")});
    QVERIFY(!ending.isEmpty());
    const QString endingMasked = LicenseKey::parse(ending).masked();
    const auto listedAs = [&](const QString &offset) {
        const QStringList at{QStringLiteral("--clock-offset"), offset};
        const CommandResult table = m_server->admin(QStringList{QStringLiteral("license"), QStringLiteral("list")} + at);
        QString column;
        for (const QString &line : table.out.split(u'\n'))
            if (line.startsWith(endingMasked))
                column = line.mid(endingMasked.size()).simplified().section(u' ', 0, 0);
        const CommandResult json = m_server->admin(QStringList{QStringLiteral("license"), QStringLiteral("list"), QStringLiteral("--json")} + at);
        QString effective, stored;
        for (const QJsonValue &v : QJsonDocument::fromJson(json.out.toUtf8()).array())
            if (v.toObject().value(QStringLiteral("key")).toString() == endingMasked) {
                effective = v.toObject().value(QStringLiteral("effective_status")).toString();
                stored = v.toObject().value(QStringLiteral("status")).toString();
            }
        const CommandResult shown = m_server->admin(QStringList{QStringLiteral("license"), QStringLiteral("show"), ending, QStringLiteral("--json")} + at);
        const QString shownEffective = QJsonDocument::fromJson(shown.out.toUtf8()).object().value(QStringLiteral("effective_status")).toString();
        return QStringList{column, effective, stored, shownEffective};
    };
    QCOMPARE(listedAs(QStringLiteral("+1d")), (QStringList{QStringLiteral("active"), QStringLiteral("active"), QStringLiteral("active"), QStringLiteral("active")}));
    QCOMPARE(listedAs(QStringLiteral("+20d")), (QStringList{QStringLiteral("grace"), QStringLiteral("grace"), QStringLiteral("active"), QStringLiteral("grace")}));
    QCOMPARE(listedAs(QStringLiteral("+45d")), (QStringList{QStringLiteral("expired"), QStringLiteral("expired"), QStringLiteral("active"), QStringLiteral("expired")}));
    // A person reads the table in the command's language; --json keeps the stored words.
    const CommandResult indonesian = m_server->admin({QStringLiteral("license"), QStringLiteral("list"), QStringLiteral("--clock-offset"), QStringLiteral("+20d"),
                                                      QStringLiteral("--lang"), QStringLiteral("id")});
    QCOMPARE(indonesian.exitCode, 0);
    const QStringList rows = indonesian.out.split(u'\n');
    QVERIFY2(rows.value(0).contains(QLatin1String("DIPASANGKAN")) && !rows.value(0).contains(QLatin1String("PAIRED")), qPrintable(rows.value(0)));
    QString endingRow, pairedRow;
    for (const QString &line : rows) {
        if (line.startsWith(endingMasked))
            endingRow = line;
        if (line.startsWith(LicenseKey::parse(pairedKey).masked()))
            pairedRow = line;
    }
    QCOMPARE(endingRow.mid(endingMasked.size()).simplified().section(u' ', 0, 0), QStringLiteral("tenggang"));
    QVERIFY2(pairedRow.contains(QLatin1String(" aktif ")) && pairedRow.contains(QLatin1String(" ya ")), qPrintable(pairedRow));
    // Each column starts where its header does, whatever the words' lengths.
    const qsizetype plan = rows.value(0).indexOf(QLatin1String("PAKET"));
    QVERIFY2(plan > 0 && endingRow.size() > plan && endingRow.at(plan - 1) == u' ' && endingRow.at(plan) != u' ', qPrintable(rows.value(0) + u'\n' + endingRow));
    r = m_server->admin({QStringLiteral("license"), QStringLiteral("extend"), key, QStringLiteral("--until"), QStringLiteral("2031-06-30")});
    QCOMPARE(r.exitCode, 0);
    r = m_server->admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("valid_until")).toString(), QStringLiteral("2031-06-30"));
    QCOMPARE(o.value(QStringLiteral("owner_email")).toString(), QStringLiteral("owner@hotel.test"));
    // For a person, the values in the command's language; the field names are --json's
    // (outside check: `--lang id` showed "paired : no" and "status : active").
    r = m_server->admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--lang"), QStringLiteral("id")});
    QCOMPARE(r.exitCode, 0);
    const auto field = [&](const char *name) {
        for (const QString &line : r.out.split(u'\n'))
            if (line.section(u':', 0, 0).trimmed() == QLatin1String(name))
                return line.section(u':', 1).trimmed();
        return QString();
    };
    QCOMPARE(field("status"), QStringLiteral("aktif"));
    QCOMPARE(field("effective_status"), QStringLiteral("aktif"));
    QVERIFY2(field("paired") == QStringLiteral("ya") || field("paired") == QStringLiteral("tidak"), qPrintable(r.out));
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("show"), QStringLiteral("HMS-AAAAA-BBBBB-CCCCC-DDDDD")}).exitCode, 4);
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("extend"), key, QStringLiteral("--until"), QStringLiteral("soon")}).exitCode, 2);
    QCOMPARE(m_server->admin({QStringLiteral("license"), QStringLiteral("create"), QStringLiteral("--plan"), QStringLiteral("x")}).exitCode, 2);
    // Each count with its plural: a one-room guesthouse was told "1 rooms, 1 users".
    const CommandResult one = m_server->admin({QStringLiteral("license"), QStringLiteral("create"), QStringLiteral("--plan"), QStringLiteral("standalone-pro"),
                                               QStringLiteral("--max-rooms"), QStringLiteral("1"), QStringLiteral("--max-users"), QStringLiteral("1"),
                                               QStringLiteral("--valid-until"), QDate::currentDate().addYears(1).toString(Qt::ISODate),
                                               QStringLiteral("--lang"), QStringLiteral("en")});
    QCOMPARE(one.exitCode, 0);
    QVERIFY2(one.out.startsWith(QLatin1String("Licence created: plan standalone-pro, 1 room, 1 user, valid until")), qPrintable(one.out));
    QCOMPARE(m_server->admin({QStringLiteral("frobnicate")}).exitCode, 2);
    // An unknown command is named as such, not answered "--db is required" (outside check).
    for (const QStringList &unknown : {QStringList{QStringLiteral("bogus")}, QStringList{QStringLiteral("license"), QStringLiteral("frob")},
                                       QStringList{QStringLiteral("keys"), QStringLiteral("list")}, QStringList{QStringLiteral("serve"), QStringLiteral("now")}}) {
        const CommandResult refused = m_server->admin(unknown + QStringList{QStringLiteral("--lang"), QStringLiteral("en")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.startsWith(QStringLiteral("Unknown command: ") + unknown.join(u' ')) && !refused.err.contains(QLatin1String("is required")),
                 qPrintable(refused.err));
    }
    // A key among unknown words is masked (it was echoed whole; helper-37).
    const CommandResult keyFirst = m_server->admin({QStringLiteral("license"), key, QStringLiteral("list"), QStringLiteral("--lang"), QStringLiteral("en")});
    QCOMPARE(keyFirst.exitCode, 2);
    QVERIFY2(!keyFirst.err.contains(key) && keyFirst.err.contains(LicenseKey::parse(key).masked()), qPrintable(keyFirst.err));
    const CommandResult listWithKey = m_server->admin({QStringLiteral("license"), QStringLiteral("list"), key, QStringLiteral("--lang"), QStringLiteral("en")});
    QCOMPARE(listWithKey.exitCode, 2);
    QVERIFY2(listWithKey.err.startsWith(QLatin1String("'license list' takes no licence key")) && listWithKey.err.contains(QLatin1String("license show KEY")),
             qPrintable(listWithKey.err));
    // A number option outside its range, or no number, is refused with the range; the server
    // does not start (`--threads -1`, a negative timeout and `abc` were taken, some as their default).
    struct Bad { const char *option; const char *value; const char *range; };
    for (const Bad &bad : {Bad{"--threads", "-1", "1 to 64"}, Bad{"--threads", "0", "1 to 64"}, Bad{"--threads", "abc", "1 to 64"},
                           Bad{"--request-timeout", "-5", "1 to 3600"}, Bad{"--idle-timeout", "0", "1 to 86400"},
                           Bad{"--pair-rate", "-1", "1 to 1000000"}, Bad{"--max-connections", "1", "2 to 100000"},
                           Bad{"--sheet-every", "10", "30 to 86400"}, Bad{"--threads", "+5", "1 to 64"}, Bad{"--threads", " 5", "1 to 64"},
                           Bad{"--pair-rate", "-", "1 to 1000000"}}) {
        const CommandResult refused = m_server->admin({QStringLiteral("serve"), QStringLiteral("--db"), m_server->db(), QStringLiteral("--keys"), m_server->keysDir(),
                                                 QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(freeLoopbackPort()), QStringLiteral("--lang"),
                                                 QStringLiteral("en"), QLatin1String(bad.option), QLatin1String(bad.value)});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(QStringLiteral("%1 takes a whole number from %2 (got \"%3\")").arg(QLatin1String(bad.option), QLatin1String(bad.range), QLatin1String(bad.value))),
                 qPrintable(refused.err));
    }
    // A sheet option without the sheet: ignored in silence, the admin believed the sheet was read.
    for (const QStringList &sheetless : {QStringList{QStringLiteral("--sheet-every"), QStringLiteral("60")}, QStringList{QStringLiteral("--sheet-format"), QStringLiteral("csv")}}) {
        const CommandResult refused = m_server->admin(QStringList{QStringLiteral("serve"), QStringLiteral("--db"), m_server->db(), QStringLiteral("--keys"), m_server->keysDir(),
                                                                  QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(freeLoopbackPort()), QStringLiteral("--lang"),
                                                                  QStringLiteral("en")} + sheetless);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.startsWith(QStringLiteral("%1 applies to the sheet read from --sheet-url, which is not given").arg(sheetless.constFirst())), qPrintable(refused.err));
    }
    // keys init never replaces an existing signing key.
    QCOMPARE(m_server->admin({QStringLiteral("keys"), QStringLiteral("init"), QStringLiteral("--dir"), m_server->keysDir()}).exitCode, 3);
    QVERIFY(!OwnerOnly::readableByOthers(m_server->keysDir() + QStringLiteral("/vendor-private.pem")));
}

void TestServer::stopsWhenItsInputCloses()
{
    // The stop Windows uses (it has no SIGTERM): serve --stop-on-stdin-eof drains and exits 0
    // once its input closes, with what it answered stored.
    QTemporaryDir dir;
    ServerProcess server(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), dir.path());
    QVERIFY(server.initKeys());
    const QString key = server.createLicense();
    QVERIFY2(server.start(), server.log().constData());
    QCOMPARE(postJson(m_net, server.url(QStringLiteral("/api/license/pair")), pairBody(key, FP_A)).status, 200);
    server.closeInput();
    QCOMPARE(server.waitForExit(), 0);
    QVERIFY2(server.log().contains("stopped"), server.log().constData());
    const CommandResult shown = server.admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--json")});
    QCOMPARE(shown.exitCode, 0);
    QVERIFY2(shown.out.contains(FP_A), qPrintable(shown.out));
}

QTEST_GUILESS_MAIN(TestServer)
#include "tst_server.moc"
