// Prepares a vendor database for the server benchmark: N licences, each paired, with the tokens
// written as "<token> <fingerprint>" lines for wrk.
#include "Clock.h"
#include "VendorDatabase.h"
#include "VendorKeys.h"
#include "VendorService.h"
#include "VendorStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSqlQuery>
#include <cstdio>

using namespace hotelhub;
using namespace hotelhub::service;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    if (a.size() != 5) {
        std::fprintf(stderr, "usage: bench_server_setup DB KEYS_DIR COUNT OUT_FILE\n");
        return 2;
    }
    VendorDatabase db(a[1]);
    if (!db.open())
        qFatal("%s", qPrintable(db.errorString()));
    QString error;
    PKeyPtr key = VendorKeys::loadPrivate(a[2], &error);
    if (!key)
        qFatal("%s", qPrintable(error));
    SystemClock clock;
    VendorStore store(db, clock);
    VendorConfig config;
    config.pairAttemptsPerMinute = 1 << 30;
    VendorService service(db, std::move(key), clock, config);
    QFile out(a[4]);
    if (!out.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(a[4]));
    const int count = a[3].toInt();
    NewLicense spec;
    spec.plan = QStringLiteral("standalone-pro");
    spec.maxRooms = 100;
    spec.maxUsers = 30;
    spec.validUntil = QDate::currentDate().addYears(2);
    for (int i = 0; i < count; ++i) {
        const auto licenseKey = store.createLicense(spec);
        const QString fp = QStringLiteral("sha256:%1").arg(i, 64, 16, QLatin1Char('0'));
        ServiceRequest req;
        req.method = "POST";
        req.path = "/api/license/pair";
        req.peer = QStringLiteral("127.0.0.1");
        req.body = QJsonDocument(QJsonObject{{QStringLiteral("license_key"), *licenseKey}, {QStringLiteral("fingerprint"), fp}}).toJson(QJsonDocument::Compact);
        const ServiceReply reply = service.handle(req);
        if (reply.status != 200)
            qFatal("pairing failed: %s", reply.payload().constData());
        out.write(reply.body.value(QStringLiteral("token")).toString().toLatin1() + ' ' + fp.toLatin1() + '\n');
    }
    std::printf("prepared %d paired licences\n", count);
    return 0;
}
