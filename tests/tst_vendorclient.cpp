// The vendor client's transport and its error mapping: every outcome of issue 4's list produced
// for real (refused, silent server, 500, garbage, 10 MB, captive portal, DNS, TLS self-signed /
// expired / not yet valid / wrong host, proxy authentication) and mapped to one code with a
// message, a next step and a help link in both languages.
#include "Clock.h"
#include "FixtureHttpServer.h"
#include "PrivateCa.h"
#include "ProxySettings.h"
#include "ServerProcess.h"
#include "TestSupport.h"
#include "Translations.h"
#include "VendorClient.h"

#include <QScopeGuard>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslError>
#include <QTemporaryDir>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using namespace hotelhub;
using namespace hotelhub::test;

class TestVendorClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void classify_data();
    void classify();
    void networkAndTlsErrorMapping();
    void httpDate();
    void everyOutcomeHasTextActionAndHelpInBothLanguages();
    void plainHttpOnlyForLoopback();
    void connectionRefused();
    void silentServerTimesOut();
    void serverError500AndGarbage();
    void tenMegabyteRepliesAreRefused();
    void captivePortal();
    void retryAfterIsRead();
    void vendorTextIsOnePlainLine();
    void skewIsNeverRoundedToTheLimit();
    void requestShapeAndServerTime();
    void dnsFailure();
    void tlsFailuresAreNamed();
    void privateCaFromSettingsIsTrusted();
    void privateCaCheckByOpenSsl();
    void proxyAuthentication();
    void proxySelection();
    void cancel();

private:
    VendorResult get(const QString &base, int timeoutMs = 5000, const QList<QSslCertificate> &ca = {});
    ManualClock m_clock{QDateTime::currentDateTimeUtc()};
    std::unique_ptr<QTemporaryDir> m_root;
};

void TestVendorClient::initTestCase()
{
    m_root = std::make_unique<QTemporaryDir>();
    QVERIFY(m_root->isValid());
    qunsetenv("HTTPS_PROXY");
    qunsetenv("https_proxy");
    qunsetenv("HTTP_PROXY");
    qunsetenv("http_proxy");
    qunsetenv("ALL_PROXY");
    qunsetenv("all_proxy");
}

VendorResult TestVendorClient::get(const QString &base, int timeoutMs, const QList<QSslCertificate> &ca)
{
    QNetworkAccessManager network;
    SystemClock clock;
    VendorClientOptions options;
    options.baseUrl = QUrl(base);
    options.timeoutMs = timeoutMs;
    options.extraCaCertificates = ca;
    VendorClient client(network, clock, options);
    return client.sendAndWait(QStringLiteral("/api/license/health"), std::nullopt);
}

void TestVendorClient::classify_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");

    QTest::newRow("200 json") << 200 << QByteArray("application/json") << QByteArray(R"({"ok":true})") << "ok";
    QTest::newRow("200 garbage") << 200 << QByteArray("application/json") << QByteArray("{\"ok\":tru") << "garbage_reply";
    QTest::newRow("200 array") << 200 << QByteArray("application/json") << QByteArray("[1,2]") << "garbage_reply";
    QTest::newRow("200 empty") << 200 << QByteArray("application/json") << QByteArray() << "garbage_reply";
    QTest::newRow("200 html portal") << 200 << QByteArray("text/html; charset=utf-8") << QByteArray("<html><title>Login WiFi</title>") << "captive_portal";
    QTest::newRow("200 html without type") << 200 << QByteArray() << QByteArray("  <!DOCTYPE html><html>") << "captive_portal";
    QTest::newRow("302") << 302 << QByteArray("text/html") << QByteArray() << "captive_portal";
    QTest::newRow("404 code") << 404 << QByteArray("application/json") << QByteArray(R"({"error":"x","code":"license_not_found"})") << "license_not_found";
    QTest::newRow("404 old server") << 404 << QByteArray("application/json") << QByteArray(R"({"error":"Licence not found"})") << "license_not_found";
    // The address, not the licence (helper-41: a base URL ending in /api said "type the key again").
    QTest::newRow("404 no such endpoint") << 404 << QByteArray("application/json") << QByteArray(R"({"code":"not_found","error":"No such endpoint."})") << "http_error";
    QTest::newRow("404 web server page") << 404 << QByteArray("text/html") << QByteArray("<html><h1>Not Found</h1></html>") << "http_error";
    QTest::newRow("404 empty") << 404 << QByteArray() << QByteArray() << "http_error";
    // A web framework's own 404 in JSON is no licence server's word either (helper-43).
    QTest::newRow("404 nestjs") << 404 << QByteArray("application/json")
                                << QByteArray(R"({"statusCode":404,"message":"Cannot POST /api/license/heartbeat","error":"Not Found"})") << "http_error";
    QTest::newRow("404 gin") << 404 << QByteArray("application/json") << QByteArray(R"({"error":"Not Found"})") << "http_error";
    QTest::newRow("404 gin text as json") << 404 << QByteArray("application/json") << QByteArray(R"({"error":"404 page not found"})") << "http_error";
    QTest::newRow("404 express") << 404 << QByteArray("application/json") << QByteArray(R"({"message":"Not Found"})") << "http_error";
    QTest::newRow("404 spring") << 404 << QByteArray("application/json")
                                << QByteArray(R"({"timestamp":"2026-12-04T20:00:00.000+00:00","status":404,"error":"Not Found","path":"/api/license/pair"})") << "http_error";
    // A web site or a static file server at that address (405: the path takes no POST; 501: the
    // server takes none at all): the address, not a portal or the vendor failing.
    QTest::newRow("405 nginx") << 405 << QByteArray("text/html") << QByteArray("<html><h1>405 Not Allowed</h1></html>") << "http_error";
    QTest::newRow("405 json") << 405 << QByteArray("application/json") << QByteArray(R"({"message":"Method Not Allowed"})") << "http_error";
    QTest::newRow("405 with a protocol code") << 405 << QByteArray("application/json") << QByteArray(R"({"error":"x","code":"invalid_request"})") << "invalid_request";
    QTest::newRow("501 python") << 501 << QByteArray("text/html") << QByteArray("<html><p>Error code: 501</p></html>") << "http_error";
    QTest::newRow("501 json") << 501 << QByteArray("application/json") << QByteArray(R"({"error":"Not Implemented"})") << "http_error";
    QTest::newRow("503 html") << 503 << QByteArray("text/html") << QByteArray("<html>Maintenance</html>") << "server_error";
    QTest::newRow("409") << 409 << QByteArray("application/json") << QByteArray(R"({"error":"x","code":"already_paired"})") << "already_paired";
    QTest::newRow("409 old server") << 409 << QByteArray("application/json") << QByteArray(R"({"error":"in use"})") << "already_paired";
    QTest::newRow("410 expired") << 410 << QByteArray("application/json") << QByteArray(R"({"error":"gone","code":"expired"})") << "expired";
    // Only the vendor's word changes the state: a 401/403/410 outside the protocol's shape is an
    // intermediary's, and is retried (issue: gateway 403/410/HTML).
    QTest::newRow("410 without a code") << 410 << QByteArray("application/json") << QByteArray(R"({"error":"gone"})") << "intermediary_refusal";
    QTest::newRow("403 gateway json") << 403 << QByteArray("application/json") << QByteArray(R"({"message":"Forbidden"})") << "intermediary_refusal";
    QTest::newRow("403 empty") << 403 << QByteArray() << QByteArray() << "intermediary_refusal";
    QTest::newRow("410 html") << 410 << QByteArray("text/html") << QByteArray("<html>Gone</html>") << "intermediary_refusal";
    QTest::newRow("401 html") << 401 << QByteArray("text/html") << QByteArray("<html>Login</html>") << "intermediary_refusal";
    QTest::newRow("401 superseded") << 401 << QByteArray("application/json") << QByteArray(R"({"error":"x","code":"token_superseded"})") << "token_superseded";
    QTest::newRow("429 cdn html") << 429 << QByteArray("text/html") << QByteArray("<html>Slow down</html>") << "rate_limited";
    QTest::newRow("403 revoked") << 403 << QByteArray("application/json") << QByteArray(R"({"error":"x","code":"revoked"})") << "revoked";
    QTest::newRow("403 suspended reason") << 403 << QByteArray("application/json") << QByteArray(R"({"valid":false,"reason":"suspended","message":"pay"})") << "suspended";
    QTest::newRow("403 fingerprint") << 403 << QByteArray("application/json") << QByteArray(R"({"valid":false,"reason":"fingerprint_mismatch"})") << "fingerprint_mismatch";
    QTest::newRow("403 text without a code") << 403 << QByteArray("application/json") << QByteArray(R"({"error":"Licence suspended"})") << "intermediary_refusal";
    QTest::newRow("403 other text without a code") << 403 << QByteArray("application/json") << QByteArray(R"({"error":"Licence not active"})") << "intermediary_refusal";
    QTest::newRow("429 migration") << 429 << QByteArray("application/json") << QByteArray(R"({"error":"x","code":"migration_limit"})") << "migration_limit";
    QTest::newRow("429 rate") << 429 << QByteArray("application/json") << QByteArray(R"({"error":"slow down"})") << "rate_limited";
    QTest::newRow("401") << 401 << QByteArray("application/json") << QByteArray(R"({"error":"x","code":"unauthorized"})") << "unauthorized";
    QTest::newRow("400") << 400 << QByteArray("application/json") << QByteArray(R"({"error":"x","code":"invalid_request"})") << "invalid_request";
    QTest::newRow("500 json") << 500 << QByteArray("application/json") << QByteArray(R"({"error":"boom"})") << "server_error";
    QTest::newRow("502 html") << 502 << QByteArray("text/html") << QByteArray("<html>Bad gateway</html>") << "server_error";
    QTest::newRow("403 html filter") << 403 << QByteArray("text/html") << QByteArray("<html>Blocked by policy</html>") << "intermediary_refusal";
    QTest::newRow("418") << 418 << QByteArray("text/plain") << QByteArray("teapot") << "http_error";
    // A fuzz finding (tests/fuzz/corpus/fuzz_vendor_reply): a content type with escape codes.
    QTest::newRow("200 hostile content type") << 200 << QByteArray("application/\x94json\x1b[2J\x07") << QByteArray("{\"ok\":tru") << "garbage_reply";
}

void TestVendorClient::classify()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    const VendorResult r = VendorClient::classify(status, contentType, body);
    QCOMPARE(VendorErrors::code(r.error), code);
    QCOMPARE(r.httpStatus, status);
    // The detail goes to logs and terminals: never a control character from the reply.
    for (const QChar c : r.detail)
        QVERIFY2(c.category() != QChar::Other_Control, qPrintable(r.detail.toUtf8().toPercentEncoding()));
}

void TestVendorClient::networkAndTlsErrorMapping()
{
    QCOMPARE(VendorClient::fromNetworkError(QNetworkReply::HostNotFoundError), VendorError::DnsFailure);
    QCOMPARE(VendorClient::fromNetworkError(QNetworkReply::ConnectionRefusedError), VendorError::ConnectionRefused);
    QCOMPARE(VendorClient::fromNetworkError(QNetworkReply::ProxyAuthenticationRequiredError), VendorError::ProxyAuth);
    QCOMPARE(VendorClient::fromNetworkError(QNetworkReply::ProxyConnectionRefusedError), VendorError::ProxyFailure);
    QCOMPARE(VendorClient::fromNetworkError(QNetworkReply::RemoteHostClosedError), VendorError::NetworkError);
    QCOMPARE(VendorClient::fromSslErrors({int(QSslError::SelfSignedCertificate), int(QSslError::CertificateExpired)}), VendorError::TlsExpired);
    QCOMPARE(VendorClient::fromSslErrors({int(QSslError::SelfSignedCertificate), int(QSslError::HostNameMismatch)}), VendorError::TlsWrongHost);
    QCOMPARE(VendorClient::fromSslErrors({int(QSslError::CertificateNotYetValid)}), VendorError::TlsNotYetValid);
    QCOMPARE(VendorClient::fromSslErrors({int(QSslError::UnableToGetLocalIssuerCertificate)}), VendorError::TlsUntrusted);
}

void TestVendorClient::httpDate()
{
    QCOMPARE(VendorClient::parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), QDateTime(QDate(1994, 11, 6), QTime(8, 49, 37), QTimeZone::utc()));
    QVERIFY(!VendorClient::parseHttpDate("yesterday").isValid());
    QVERIFY(!VendorClient::parseHttpDate("").isValid());
}

void TestVendorClient::everyOutcomeHasTextActionAndHelpInBothLanguages()
{
    for (int i = int(VendorError::None); i <= int(VendorError::LocalError); ++i) {
        const auto e = VendorError(i);
        installTranslator(Language::English);
        const VendorErrorText en = VendorErrors::describe(e, QStringLiteral("+62 811"), QStringLiteral("cs@vendor.id"));
        installTranslator(Language::Indonesian);
        const VendorErrorText id = VendorErrors::describe(e, QStringLiteral("+62 811"), QStringLiteral("cs@vendor.id"));
        QVERIFY2(!en.message.isEmpty(), qPrintable(en.code));
        QVERIFY2(en.helpUrl.endsWith(u'#' + en.code), qPrintable(en.helpUrl));
        QCOMPARE(VendorErrors::fromCode(en.code) == e || e == VendorError::None, true);
        if (e != VendorError::None && e != VendorError::Cancelled) {
            QVERIFY2(!en.action.isEmpty(), qPrintable(en.code));
            QVERIFY2(id.message != en.message, qPrintable(QStringLiteral("%1 has no Indonesian text").arg(en.code)));
            QVERIFY2(id.action != en.action, qPrintable(QStringLiteral("%1 has no Indonesian action").arg(en.code)));
        }
    }
    installTranslator(Language::English);
    // The vendor's contact reaches the person where it helps.
    QVERIFY(VendorErrors::describe(VendorError::Suspended, QStringLiteral("+62 811"), QStringLiteral("cs@vendor.id")).action.contains(QLatin1String("+62 811")));
    // The seed's wording for the network failure (Indonesian is the default language).
    installTranslator(Language::Indonesian);
    QVERIFY(VendorErrors::describe(VendorError::LicenseNotFound).message.contains(QStringLiteral("Lisensi tidak dikenali")));
    installTranslator(Language::English);
}

void TestVendorClient::plainHttpOnlyForLoopback()
{
    QCOMPARE(get(QStringLiteral("http://vendor.hotelhub.id")).error, VendorError::InsecureUrl);
    QCOMPARE(get(QStringLiteral("http://10.0.0.5:8080")).error, VendorError::InsecureUrl);
    QCOMPARE(get(QStringLiteral("ftp://vendor.hotelhub.id")).error, VendorError::InvalidUrl);
    QCOMPARE(get(QStringLiteral("not a url")).error, VendorError::InvalidUrl);
    FixtureHttpServer fixture;
    fixture.serve("/api/license/health", {200, "application/json", R"({"ok":true})", {}, {}, CannedReply::Mode::Normal, 0});
    QCOMPARE(get(QStringLiteral("http://127.0.0.1:%1").arg(fixture.port())).error, VendorError::None);
    QCOMPARE(get(QStringLiteral("http://localhost:%1").arg(fixture.port())).error, VendorError::None);
}

void TestVendorClient::connectionRefused()
{
    const VendorResult r = get(QStringLiteral("http://127.0.0.1:%1").arg(freeLoopbackPort()));
    QCOMPARE(r.error, VendorError::ConnectionRefused);
    QCOMPARE(r.httpStatus, 0);
}

void TestVendorClient::silentServerTimesOut()
{
    QTcpServer silent; // accepts and never answers
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const VendorResult r = get(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()), 700);
    QCOMPARE(r.error, VendorError::Timeout);
    QVERIFY(r.detail.contains(QLatin1String("700 ms")));

    FixtureHttpServer hang; // reads the request, never answers
    hang.serve("/api/license/health", {200, "application/json", {}, {}, {}, CannedReply::Mode::Hang, 0});
    QCOMPARE(get(QStringLiteral("http://127.0.0.1:%1").arg(hang.port()), 700).error, VendorError::Timeout);
    QCOMPARE(hang.hits("/api/license/health"), 1);
}

void TestVendorClient::serverError500AndGarbage()
{
    FixtureHttpServer fixture;
    fixture.serve("/a/api/license/health", {500, "text/plain", "Internal Server Error", {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/b/api/license/health", {200, "application/json", "{\"ok\": true,,,", {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/c/api/license/health", {200, "application/octet-stream", QByteArray("\x00\xff\x13garbage", 10), {}, {}, CannedReply::Mode::Normal, 0});
    QCOMPARE(get(fixture.url(QStringLiteral("/a"))).error, VendorError::ServerError);
    QCOMPARE(get(fixture.url(QStringLiteral("/b"))).error, VendorError::GarbageReply);
    QCOMPARE(get(fixture.url(QStringLiteral("/c"))).error, VendorError::GarbageReply);
}

void TestVendorClient::tenMegabyteRepliesAreRefused()
{
    const qint64 tenMb = 10 * 1024 * 1024;
    FixtureHttpServer fixture;
    fixture.serve("/declared/api/license/health", {200, "application/json", QByteArray(tenMb, ' '), {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/streamed/api/license/health", {200, "application/json", {}, {}, {}, CannedReply::Mode::Stream, tenMb});
    const VendorResult declared = get(fixture.url(QStringLiteral("/declared")));
    QCOMPARE(declared.error, VendorError::OversizedReply);
    const VendorResult streamed = get(fixture.url(QStringLiteral("/streamed")));
    QCOMPARE(streamed.error, VendorError::OversizedReply);
    QVERIFY(streamed.detail.contains(QLatin1String("65536")));
    // Just under the cap is fine.
    fixture.serve("/fits/api/license/health", {200, "application/json", "{\"ok\":true,\"pad\":\"" + QByteArray(60000, 'x') + "\"}", {}, {},
                                              CannedReply::Mode::Normal, 0});
    QCOMPARE(get(fixture.url(QStringLiteral("/fits"))).error, VendorError::None);
}

void TestVendorClient::captivePortal()
{
    FixtureHttpServer fixture;
    fixture.serve("/html/api/license/health", {200, "text/html", "<html><body>Hotel WiFi login</body></html>", {}, {}, CannedReply::Mode::Normal, 0});
    fixture.serve("/redirect/api/license/health", {302, "text/html", {}, "http://login.wifi.example/portal", {}, CannedReply::Mode::Normal, 0});
    QCOMPARE(get(fixture.url(QStringLiteral("/html"))).error, VendorError::CaptivePortal);
    QCOMPARE(get(fixture.url(QStringLiteral("/redirect"))).error, VendorError::CaptivePortal);
    QCOMPARE(fixture.hits("/portal"), 0); // redirects are never followed
}

void TestVendorClient::retryAfterIsRead()
{
    FixtureHttpServer fixture;
    const QDateTime serverNow = QDateTime::currentDateTimeUtc().addSecs(600); // its clock 10 min ahead
    auto httpDate = [](const QDateTime &t) { return QLocale::c().toString(t, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1(); };
    fixture.serve("/secs/api/license/health", {503, "application/json", R"({"error":"busy","code":"unavailable"})", {},
                                               {{"Retry-After", "3600"}}, CannedReply::Mode::Normal, 0});
    fixture.serve("/date/api/license/health", {429, "text/html", "<html>slow down</html>", {},
                                               {{"Date", httpDate(serverNow)}, {"Retry-After", httpDate(serverNow.addSecs(1800))}},
                                               CannedReply::Mode::Normal, 0});
    fixture.serve("/huge/api/license/health", {503, "application/json", "{}", {}, {{"Retry-After", "999999999"}}, CannedReply::Mode::Normal, 0});
    fixture.serve("/junk/api/license/health", {503, "application/json", "{}", {}, {{"Retry-After", "soon"}}, CannedReply::Mode::Normal, 0});
    const VendorResult secs = get(fixture.url(QStringLiteral("/secs")));
    QCOMPARE(secs.retryAfterSecs.value_or(-1), 3600);
    const VendorResult date = get(fixture.url(QStringLiteral("/date")));
    QCOMPARE(date.error, VendorError::RateLimited);
    QCOMPARE(date.detail, QStringLiteral("HTTP 429 without a JSON error body"));
    {
        // The detail in the owner's language too (it was English in an Indonesian line; outside check).
        installTranslator(Language::Indonesian);
        const auto english = qScopeGuard([] { installTranslator(Language::English); });
        QCOMPARE(get(fixture.url(QStringLiteral("/date"))).detail, QStringLiteral("HTTP 429 tanpa isi galat JSON"));
    }
    QVERIFY2(qAbs(date.retryAfterSecs.value_or(-1) - 1800) <= 1, qPrintable(QString::number(date.retryAfterSecs.value_or(-1)))); // from its own Date
    QCOMPARE(get(fixture.url(QStringLiteral("/huge"))).retryAfterSecs.value_or(-1), 24 * 3600); // a day at most
    QVERIFY(!get(fixture.url(QStringLiteral("/junk"))).retryAfterSecs.has_value());
}

void TestVendorClient::skewIsNeverRoundedToTheLimit()
{
    QVERIFY(VendorErrors::skewText(359, 300).contains(QStringLiteral("5 min 59 s")));
    QVERIFY(VendorErrors::skewText(6 * 86400 - 5, 300).contains(QStringLiteral("5 d 23 h"))); // not "5 days"
    QVERIFY(VendorErrors::skewText(-7200, 300).contains(QStringLiteral("ahead")));
}

void TestVendorClient::vendorTextIsOnePlainLine()
{
    FixtureHttpServer fixture;
    fixture.serve("/api/license/health",
                  {403, "application/json",
                   R"({"error":"Suspended\u001b]0;pwned\u0007\r\nX-Injected: 1 \u202eevil","code":"suspended","reason":"suspended",)"
                   R"("support_phone":"+62 811\u001b[2J","support_email":"billing@vendor.test\n<b>x</b>"})",
                   {}, {}, CannedReply::Mode::Normal, 0});
    const VendorResult r = get(fixture.url(QString()));
    for (const QString &text : {r.serverMessage, r.supportPhone, r.supportEmail}) {
        QVERIFY2(std::none_of(text.begin(), text.end(), [](QChar c) { return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format; }),
                 qPrintable(text.toUtf8().toPercentEncoding()));
    }
    QVERIFY(r.serverMessage.startsWith(QLatin1String("Suspended")));
    QCOMPARE(r.supportPhone, QStringLiteral("+62 811 [2J"));
}

void TestVendorClient::requestShapeAndServerTime()
{
    FixtureHttpServer fixture;
    // The server's clock is 10 minutes ahead.
    const QDateTime serverNow = QDateTime::currentDateTimeUtc().addSecs(600);
    const QByteArray date = QLocale::c().toString(serverNow, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
    fixture.serve("/api/license/heartbeat", {200, "application/json", R"({"valid":true})", {}, {{"Date", date}}, CannedReply::Mode::Normal, 0});
    QNetworkAccessManager network;
    SystemClock clock;
    VendorClientOptions options;
    options.baseUrl = QUrl(fixture.url(QString()));
    VendorClient client(network, clock, options);
    const VendorResult r = client.sendAndWait(QStringLiteral("/api/license/heartbeat"), QJsonObject{{QStringLiteral("token"), QStringLiteral("abc.def.ghi")}},
                                              "abc.def.ghi");
    QCOMPARE(r.error, VendorError::None);
    const RecordedRequest req = fixture.last("/api/license/heartbeat");
    QCOMPARE(req.method, QByteArray("POST"));
    QCOMPARE(req.target, QByteArray("/api/license/heartbeat")); // nothing in the query string
    QCOMPARE(req.headers.value("authorization"), QByteArray("Bearer abc.def.ghi"));
    QVERIFY(req.headers.value("user-agent").startsWith("hotelhub-license/"));
    QCOMPARE(req.headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(QJsonDocument::fromJson(req.body).object().value(QStringLiteral("token")).toString(), QStringLiteral("abc.def.ghi"));
    QVERIFY(r.serverTime.isValid());
    QVERIFY(r.clockSkewSecs.has_value());
    QVERIFY2(qAbs(*r.clockSkewSecs - 600) <= 3, qPrintable(QString::number(*r.clockSkewSecs)));
}

void TestVendorClient::dnsFailure()
{
    // .invalid never resolves (RFC 6761).
    const VendorResult r = get(QStringLiteral("https://vendor.hotelhub.invalid"), 10000);
    QCOMPARE(r.error, VendorError::DnsFailure);
}

namespace {
struct TlsServer
{
    std::unique_ptr<ServerProcess> process;
};

std::unique_ptr<ServerProcess> startTlsServer(const QString &dir, const TestCertificate &cert)
{
    auto server = std::make_unique<ServerProcess>(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), dir);
    if (!server->initKeys())
        return nullptr;
    if (!writeTlsFiles(dir, cert))
        return nullptr;
    server->scheme = QStringLiteral("https");
    if (!server->start({QStringLiteral("--tls-cert"), dir + QStringLiteral("/tls.crt"), QStringLiteral("--tls-key"), dir + QStringLiteral("/tls.key")}))
        return nullptr;
    return server;
}
} // namespace

void TestVendorClient::tlsFailuresAreNamed()
{
    const qint64 day = 86400;
    const TestCertificate ca = makeCertificate(QStringLiteral("HotelHub Test CA"), {}, -10 * day, 365 * day, nullptr, true);
    const QList<QSslCertificate> trusted = QSslCertificate::fromData(ca.certificatePem);
    QCOMPARE(trusted.size(), 1);
    struct Case
    {
        const char *name;
        TestCertificate cert;
        VendorError expected;
    };
    const QStringList loopback{QStringLiteral("IP:127.0.0.1")};
    const QList<Case> cases{
        {"self-signed", makeCertificate(QStringLiteral("127.0.0.1"), loopback, -day, 30 * day), VendorError::TlsSelfSigned},
        {"expired", makeCertificate(QStringLiteral("127.0.0.1"), loopback, -30 * day, -day, &ca), VendorError::TlsExpired},
        {"not yet valid", makeCertificate(QStringLiteral("127.0.0.1"), loopback, 2 * day, 30 * day, &ca), VendorError::TlsNotYetValid},
        {"wrong host", makeCertificate(QStringLiteral("vendor.example"), {QStringLiteral("DNS:vendor.example")}, -day, 30 * day, &ca),
         VendorError::TlsWrongHost},
    };
    int n = 0;
    for (const Case &c : cases) {
        const QString dir = m_root->filePath(QStringLiteral("tls%1").arg(++n));
        QVERIFY(QDir().mkpath(dir));
        auto server = startTlsServer(dir, c.cert);
        QVERIFY2(server, c.name);
        const VendorResult r = get(server->url(QString()).toString(), 5000, trusted);
        QVERIFY2(r.error == c.expected, qPrintable(QStringLiteral("%1: got %2 (%3)").arg(QLatin1String(c.name), VendorErrors::code(r.error), r.detail)));
        server->stop();
    }
}

void TestVendorClient::privateCaFromSettingsIsTrusted()
{
    const qint64 day = 86400;
    const TestCertificate ca = makeCertificate(QStringLiteral("HotelHub Test CA"), {}, -10 * day, 365 * day, nullptr, true);
    const TestCertificate leaf = makeCertificate(QStringLiteral("127.0.0.1"), {QStringLiteral("IP:127.0.0.1")}, -day, 30 * day, &ca);
    const QString dir = m_root->filePath(QStringLiteral("tls-ok"));
    QVERIFY(QDir().mkpath(dir));
    auto server = startTlsServer(dir, leaf);
    QVERIFY(server);
    // Without the CA the certificate is not trusted; with it (LICENSE_CA_FILE) the call succeeds.
    QCOMPARE(get(server->url(QString()).toString(), 5000).error, VendorError::TlsUntrusted);
    const VendorResult r = get(server->url(QString()).toString(), 5000, QSslCertificate::fromData(ca.certificatePem));
    QVERIFY2(r.ok(), qPrintable(VendorErrors::code(r.error) + u' ' + r.detail));
    QCOMPARE(r.json.value(QStringLiteral("ok")).toBool(), true);
}

void TestVendorClient::privateCaCheckByOpenSsl()
{
    // The check the vendor client falls back to when a TLS backend cannot use LICENSE_CA_FILE.
    const qint64 day = 86400;
    const TestCertificate ca = makeCertificate(QStringLiteral("HotelHub Test CA"), {}, -10 * day, 365 * day, nullptr, true);
    const TestCertificate other = makeCertificate(QStringLiteral("Someone Else CA"), {}, -10 * day, 365 * day, nullptr, true);
    const TestCertificate leaf = makeCertificate(QStringLiteral("lisensi.hotel.test"),
                                                 {QStringLiteral("DNS:lisensi.hotel.test"), QStringLiteral("IP:127.0.0.1")}, -day, 30 * day, &ca);
    const TestCertificate expired = makeCertificate(QStringLiteral("lisensi.hotel.test"), {QStringLiteral("DNS:lisensi.hotel.test")}, -30 * day, -day, &ca);
    const TestCertificate selfSigned = makeCertificate(QStringLiteral("127.0.0.1"), {QStringLiteral("IP:127.0.0.1")}, -day, 30 * day);
    const auto certs = [](const TestCertificate &c) { return QSslCertificate::fromData(c.certificatePem); };
    QString why;
    QVERIFY2(PrivateCa::vouchesFor(certs(ca), certs(leaf), QStringLiteral("lisensi.hotel.test"), &why), qPrintable(why));
    QVERIFY2(PrivateCa::vouchesFor(certs(ca), certs(leaf), QStringLiteral("127.0.0.1"), &why), qPrintable(why));
    QVERIFY(!PrivateCa::vouchesFor(certs(ca), certs(leaf), QStringLiteral("evil.example"), &why));
    QVERIFY(!PrivateCa::vouchesFor(certs(ca), certs(leaf), QStringLiteral("127.0.0.2"), &why));
    QVERIFY(!PrivateCa::vouchesFor(certs(other), certs(leaf), QStringLiteral("lisensi.hotel.test"), &why));
    QVERIFY(!PrivateCa::vouchesFor(certs(ca), certs(expired), QStringLiteral("lisensi.hotel.test"), &why));
    QVERIFY2(why.contains(QLatin1String("expired")), qPrintable(why));
    QVERIFY(!PrivateCa::vouchesFor({}, certs(leaf), QStringLiteral("lisensi.hotel.test")));
    // A self-signed vendor certificate named in the file is its own anchor.
    QVERIFY2(PrivateCa::vouchesFor(certs(selfSigned), certs(selfSigned), QStringLiteral("127.0.0.1"), &why), qPrintable(why));
    QVERIFY(!PrivateCa::vouchesFor(certs(ca), certs(selfSigned), QStringLiteral("127.0.0.1")));
    // Only "unknown issuer" errors are ever answered by the file; a date or name error never is.
    const QSslCertificate c = certs(leaf).first();
    QVERIFY(PrivateCa::onlyUnknownIssuer({QSslError(QSslError::UnableToGetIssuerCertificate, c)}));
    QVERIFY(PrivateCa::onlyUnknownIssuer({QSslError(QSslError::SelfSignedCertificate, c), QSslError(QSslError::CertificateUntrusted, c)}));
    QVERIFY(!PrivateCa::onlyUnknownIssuer({QSslError(QSslError::UnableToGetIssuerCertificate, c), QSslError(QSslError::HostNameMismatch, c)}));
    QVERIFY(!PrivateCa::onlyUnknownIssuer({QSslError(QSslError::CertificateExpired, c)}));
    QVERIFY(!PrivateCa::onlyUnknownIssuer({}));
}

void TestVendorClient::proxyAuthentication()
{
    FixtureHttpServer proxy; // a proxy that wants credentials for everything
    proxy.serveAll({407, "text/html", "<html>Proxy Authentication Required</html>", {}, {{"Proxy-Authenticate", "Basic realm=\"office\""}},
                    CannedReply::Mode::Normal, 0});
    qputenv("HTTPS_PROXY", QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()).toLatin1());
    const VendorResult r = get(QStringLiteral("https://vendor.hotelhub.invalid"), 5000);
    qunsetenv("HTTPS_PROXY");
    QCOMPARE(r.error, VendorError::ProxyAuth);
    QVERIFY(proxy.hits("vendor.hotelhub.invalid:443") >= 1); // the CONNECT went to the proxy, not to DNS

    qputenv("HTTPS_PROXY", QStringLiteral("http://127.0.0.1:%1").arg(freeLoopbackPort()).toLatin1());
    const VendorResult down = get(QStringLiteral("https://vendor.hotelhub.invalid"), 5000);
    qunsetenv("HTTPS_PROXY");
    QVERIFY2(down.error == VendorError::ProxyFailure, qPrintable(VendorErrors::code(down.error) + u' ' + down.detail));
}

void TestVendorClient::proxySelection()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("HTTPS_PROXY"), QStringLiteral("http://user:secret@proxy.hotel.lan:3128"));
    env.insert(QStringLiteral("NO_PROXY"), QStringLiteral("internal.lan, .corp.example,10.0.0.0/8"));
    EnvironmentProxyFactory factory(env);
    const auto first = [&](const char *url) { return factory.queryProxy(QNetworkProxyQuery(QUrl(QLatin1String(url)))).value(0); };
    QNetworkProxy p = first("https://vendor.hotelhub.id/api");
    QCOMPARE(p.type(), QNetworkProxy::HttpProxy);
    QCOMPARE(p.hostName(), QStringLiteral("proxy.hotel.lan"));
    QCOMPARE(p.port(), quint16(3128));
    QCOMPARE(p.user(), QStringLiteral("user"));
    QCOMPARE(p.password(), QStringLiteral("secret"));
    QCOMPARE(first("https://internal.lan/x").type(), QNetworkProxy::NoProxy);
    QCOMPARE(first("https://api.corp.example/x").type(), QNetworkProxy::NoProxy);
    QCOMPARE(first("https://10.1.2.3/x").type(), QNetworkProxy::NoProxy);
    QCOMPARE(first("http://127.0.0.1:8080/x").type(), QNetworkProxy::NoProxy); // loopback never proxied
    QCOMPARE(first("http://localhost:8080/x").type(), QNetworkProxy::NoProxy);
    // The password never shows in the diagnostic line.
    const QString described = factory.describe(QUrl(QStringLiteral("https://vendor.hotelhub.id")));
    QVERIFY(described.contains(QLatin1String("proxy.hotel.lan:3128")));
    QVERIFY(!described.contains(QLatin1String("secret")));
    QVERIFY(EnvironmentProxyFactory::bypassed(QStringLiteral("*"), QStringLiteral("anything.example"), 443));
    QVERIFY(EnvironmentProxyFactory::bypassed(QStringLiteral("vendor.hotelhub.id:443"), QStringLiteral("vendor.hotelhub.id"), 443));
    QVERIFY(!EnvironmentProxyFactory::bypassed(QStringLiteral("vendor.hotelhub.id:8443"), QStringLiteral("vendor.hotelhub.id"), 443));
    QVERIFY(!EnvironmentProxyFactory::bypassed(QStringLiteral("hotelhub.id"), QStringLiteral("nothotelhub.id"), 443));
}

void TestVendorClient::cancel()
{
    FixtureHttpServer hang;
    hang.serve("/api/license/health", {200, "application/json", {}, {}, {}, CannedReply::Mode::Hang, 0});
    QNetworkAccessManager network;
    SystemClock clock;
    VendorClientOptions options;
    options.baseUrl = QUrl(hang.url(QString()));
    VendorClient client(network, clock, options);
    std::optional<VendorResult> result;
    QPointer<VendorCall> call = client.send(QStringLiteral("/api/license/health"), std::nullopt, {}, [&](const VendorResult &r) { result = r; });
    QTRY_COMPARE(hang.hits("/api/license/health"), 1);
    call->cancel();
    QTRY_VERIFY(result.has_value());
    QCOMPARE(result->error, VendorError::Cancelled);
    QTRY_VERIFY(call.isNull()); // deleted itself
}

QTEST_GUILESS_MAIN(TestVendorClient)
#include "tst_vendorclient.moc"
