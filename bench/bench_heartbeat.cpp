// One heartbeat round trip, client side (LicenseClient::heartbeat: request, the server's signing,
// token verification, sealing and the database write), against a bare QNetworkAccessManager POST
// to the same server's health endpoint, measured in alternating rounds of the same run.
// Goal (issue 4): ratio <= 1.5. Run for RS256 (the HotelHub default) and EdDSA vendor keys.
#include "BenchSupport.h"
#include "Clock.h"
#include "Database.h"
#include "EnvFile.h"
#include "LicenseClient.h"
#include "LicenseManager.h"
#include "SecretKeyStore.h"
#include "ServerProcess.h"
#include "TestSupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkReply>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace hotelhub;
using namespace hotelhub::test;

namespace {
double bareHealthPost(QNetworkAccessManager &network, const QUrl &url)
{
    QElapsedTimer t;
    t.start();
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = network.post(request, QByteArray("{}"));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->readAll();
    reply->deleteLater();
    return double(t.nsecsElapsed()) / 1000.0;
}

void run(const QString &serverBinary, KeyAlgorithm algorithm, const char *name, const char *baseName, bool durable)
{
    QTemporaryDir dir;
    ServerProcess server(serverBinary, dir.filePath(QStringLiteral("vendor")));
    QDir().mkpath(server.dir());
    writeFile(server.adminSecretFile(), server.adminSecret());
    if (!server.initKeys(algorithm) || !server.start({QStringLiteral("--no-access-log")}))
        qFatal("cannot start %s", qPrintable(serverBinary));
    const QString key = server.createLicense();

    const AppPaths paths = AppPaths::resolve(dir.filePath(QStringLiteral("client")), {});
    QString error;
    paths.ensureDataDir(&error);
    EnvFile env;
    env.load(paths.envFile);
    env.set(QStringLiteral("LICENSE_PUBLIC_KEY_PATH"), server.publicKeyPath());
    env.set(QStringLiteral("LICENSE_PUBLIC_KEY_HASH"), server.publicKeySha256());
    env.save();
    Database db(paths.databaseFile());
    db.open();
    if (!durable)
        QSqlQuery(db.connection()).exec(QStringLiteral("PRAGMA synchronous=OFF"));
    SystemClock clock;
    FakeFingerprintSource fingerprints;
    SecretKeyStore keys(paths.dataDir, SecretKeyStore::Mode::File);
    LicenseManager manager(paths, env, db, clock, fingerprints, keys);
    QNetworkAccessManager network;
    ClientSettings settings;
    settings.vendorUrl = server.url(QString());
    VendorClient vendor(network, clock, settings.clientOptions());
    LicenseClient client(manager, vendor, clock, settings);
    if (!LicenseClient::wait([&](LicenseClient::Done d) { return client.pair(key, d); }).ok())
        qFatal("pairing failed");

    if (qEnvironmentVariableIsSet("BENCH_BREAKDOWN")) {
        QString e;
        const QByteArray token = *manager.currentToken(&e);
        auto time = [](const char *what, auto &&f) {
            QElapsedTimer t;
            t.start();
            for (int i = 0; i < 200; ++i)
                f();
            bench::figure(what, double(t.nsecsElapsed()) / 200 / 1000, "us/call");
        };
        time("breakdown_check_norecord", [&] { manager.check(clock.now(), false); });
        time("breakdown_current_token", [&] { manager.currentToken(&e); });
        time("breakdown_telemetry", [&] { client.telemetry(); });
        time("breakdown_store_renew", [&] { e = manager.storeToken(token, TokenUpdate::Renew, {}, {clock.now(), true, QStringLiteral("ok"), {}, {}, {}, {}, {}}).error; });
        time("breakdown_record_failure", [&] { manager.recordFailedExchange({clock.now(), false, QStringLiteral("timeout"), {}, {}, {}, {}, {}}, &e); });
        time("breakdown_bare_post", [&] { QNetworkAccessManager n; bareHealthPost(network, server.url(QStringLiteral("/api/license/health"))); });
        time("breakdown_vendor_health", [&] { vendor.sendAndWait(QStringLiteral("/api/license/health"), std::nullopt); });
    }
    QNetworkAccessManager bare;
    const QUrl health = server.url(QStringLiteral("/api/license/health"));
    for (int i = 0; i < 20; ++i) { // warm-up: connections, caches
        bareHealthPost(bare, health);
        LicenseClient::wait([&](LicenseClient::Done d) { return client.heartbeat(d); });
    }
    QList<double> base, cand;
    for (int round = 0; round < 15; ++round) {
        QList<double> b, c;
        for (int i = 0; i < 40; ++i)
            b << bareHealthPost(bare, health);
        for (int i = 0; i < 40; ++i) {
            QElapsedTimer t;
            t.start();
            const ClientOutcome o = LicenseClient::wait([&](LicenseClient::Done d) { return client.heartbeat(d); });
            if (!o.ok())
                qFatal("heartbeat failed: %s", qPrintable(o.detail));
            c << double(t.nsecsElapsed()) / 1000.0;
        }
        base << bench::median(b);
        cand << bench::median(c);
    }
    bench::report(name, bench::median(cand), "us/round trip", bench::median(base), baseName);
    server.stop();
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        qFatal("usage: bench_heartbeat <hotelhub-license-server>");
    const QString server = QString::fromLocal8Bit(argv[1]);
    run(server, KeyAlgorithm::Rsa2048, "heartbeat_roundtrip_rs256", "bare QNAM POST /health", true);
    run(server, KeyAlgorithm::Ed25519, "heartbeat_roundtrip_eddsa", "bare QNAM POST /health", true);
    // The same without the fsync of the heartbeat's commit, to show what durability costs.
    run(server, KeyAlgorithm::Ed25519, "heartbeat_roundtrip_eddsa_nosync", "bare QNAM POST /health", false);
    return 0;
}
