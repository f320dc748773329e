// The vendor server's request handling (every route) on a real SQLite store with one licence:
// any method, path, query, bearer and body. Never a crash, a 5xx only when the store is down,
// and every answer is JSON.
#include "Clock.h"
#include "Crypto.h"
#include "FuzzSupport.h"
#include "VendorDatabase.h"
#include "VendorService.h"
#include "VendorStore.h"

#include <QJsonDocument>
#include <QTemporaryDir>

using namespace hotelhub;
using namespace hotelhub::service;

namespace {
struct World
{
    QTemporaryDir dir;
    ManualClock clock{QDateTime(QDate(2026, 12, 1), QTime(3, 0), QTimeZone::utc())};
    std::unique_ptr<VendorDatabase> db;
    std::unique_ptr<VendorService> service;
    World()
    {
        db = std::make_unique<VendorDatabase>(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("vendor.sqlite")));
        if (!db->open())
            abort();
        NewLicense spec;
        spec.plan = QStringLiteral("standalone-pro");
        spec.maxRooms = 40;
        spec.maxUsers = 10;
        spec.validUntil = QDate(2027, 12, 31);
        VendorStore(*db, clock).createLicense(spec);
        VendorConfig config;
        config.adminSecret = "fuzz-admin-secret-0123456789abcdef";
        config.pairAttemptsPerMinute = 1000000;
        service = std::make_unique<VendorService>(*db, crypto::generateKey(KeyAlgorithm::Ed25519), clock, config);
    }
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Never destroyed: the statement cache is thread-local and ends before static objects do.
    static World &world = *new World;
    const QList<QByteArray> f = fuzz::fields(data, size, 5);
    ServiceRequest r;
    r.method = f[0].isEmpty() ? QByteArray("POST") : f[0].left(16);
    static const QList<QByteArray> paths{"/api/license/pair", "/api/license/heartbeat", "/api/license/migrate", "/api/license/unpair",
                                         "/api/license/rotate-token", "/api/license/health", "/api/license/status"};
    r.path = f[1].size() == 1 ? paths[uchar(f[1][0]) % paths.size()] : f[1].left(256);
    r.query = f[2].left(256);
    r.authorization = f[3].left(4096);
    r.body = f[4];
    r.peer = QStringLiteral("127.0.0.1");
    const ServiceReply reply = world.service->handle(r);
    if (reply.status >= 500 && reply.status != 503)
        fuzz::finding("a 5xx other than 503 for a request");
    if (!reply.payload().isEmpty() && QJsonDocument::fromJson(reply.payload()).isNull())
        fuzz::finding("an answer that is not JSON");
    world.clock.advanceSecs(7);
    return 0;
}
