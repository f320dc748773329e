#include "VendorService.h"
#include "VendorStore.h"

#include "Clock.h"
#include "Jws.h"
#include "LicenseKey.h"
#include "TokenClaims.h"

#include <QJsonArray>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrlQuery>
#include <QUuid>
#include <variant>

namespace hotelhub::service {

namespace {
constexpr qint64 kMaxBody = 64 * 1024;

quint64 nextHealthId()
{
    static std::atomic<quint64> last{0};
    return ++last;
}

QString newJti() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

// What a field's value may be, beyond its JSON type: the server stores and signs these, so
// nothing unbounded or unprintable gets in (an empty or 60 KB fingerprint, ANSI codes, a 1e300
// uptime, negative counts).
enum class Shape {
    Any,
    Fingerprint, // sha256: and 64 lowercase hex characters
    FingerprintOrEmpty, // the same, or empty (a migrate's old machine that is gone)
    Uuid,        // 8-4-4-4-12 hex
    Count,       // an integer, 0 … 1,000,000 (rooms, users)
    Uptime,      // an integer number of seconds, 0 … 10^10 (over 300 years)
    Text,        // printable, at most 255 characters (names, versions)
    Reason,      // printable, at most 500 characters
    Key,         // at most 128 characters (the key's own parser names what is wrong)
    Token,       // at most 16 KiB
    Nonce,       // at most 128 printable characters
};

struct Field
{
    const char *name;
    QJsonValue::Type type;
    bool required;
    Shape shape = Shape::Any;
};

bool printable(const QString &s, qsizetype max)
{
    if (s.size() > max)
        return false;
    // Control and format characters, line and paragraph separators (U+2028/U+2029) and lone
    // surrogates (half a character) are not printable text.
    return std::none_of(s.begin(), s.end(), [](QChar c) {
        const QChar::Category k = c.category();
        return k == QChar::Other_Control || k == QChar::Other_Format || k == QChar::Separator_Line || k == QChar::Separator_Paragraph;
    }) && s.isValidUtf16();
}

bool hexOnly(QStringView s, bool lowerOnly)
{
    return std::all_of(s.begin(), s.end(), [lowerOnly](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (!lowerOnly && c >= u'A' && c <= u'F');
    });
}

// Empty when `v` has the shape; else what it should be.
QString shapeOf(Shape shape, const QJsonValue &v)
{
    const QString s = v.toString();
    switch (shape) {
    case Shape::Any:
        return {};
    case Shape::FingerprintOrEmpty:
        if (s.isEmpty())
            return {};
        [[fallthrough]];
    case Shape::Fingerprint:
        return s.size() == 71 && s.startsWith(QLatin1String("sha256:")) && hexOnly(QStringView(s).mid(7), true)
            ? QString() : QStringLiteral("sha256: and 64 lowercase hex characters");
    case Shape::Uuid: {
        bool ok = s.size() == 36;
        for (qsizetype i = 0; ok && i < s.size(); ++i)
            ok = (i == 8 || i == 13 || i == 18 || i == 23) ? s[i] == u'-' : hexOnly(QStringView(s).mid(i, 1), false);
        return ok ? QString() : QStringLiteral("a UUID (8-4-4-4-12 hex digits)");
    }
    case Shape::Count:
    case Shape::Uptime: {
        const double d = v.toDouble();
        const double max = shape == Shape::Count ? 1e6 : 1e10;
        return std::isfinite(d) && d >= 0 && d <= max && d == std::floor(d)
            ? QString() : QStringLiteral("a whole number from 0 to %1").arg(shape == Shape::Count ? QStringLiteral("1000000") : QStringLiteral("10000000000"));
    }
    case Shape::Text:
        return printable(s, 255) ? QString() : QStringLiteral("printable text of at most 255 characters");
    case Shape::Reason:
        return printable(s, 500) ? QString() : QStringLiteral("printable text of at most 500 characters");
    case Shape::Key:
        return s.size() <= 128 ? QString() : QStringLiteral("at most 128 characters");
    case Shape::Token:
        return s.size() <= 16 * 1024 ? QString() : QStringLiteral("at most 16 KiB");
    case Shape::Nonce:
        return printable(s, 128) ? QString() : QStringLiteral("printable text of at most 128 characters");
    }
    return {};
}

// Strict shape check: every key known, every type right, every required key present.
QString shapeProblem(const QJsonObject &o, std::initializer_list<Field> fields, const QString &where = {})
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        const bool known = std::any_of(fields.begin(), fields.end(), [&](const Field &f) { return it.key() == QLatin1String(f.name); });
        if (!known)
            return QStringLiteral("unknown field '%1%2'").arg(where, it.key().left(40));
    }
    for (const Field &f : fields) {
        const QJsonValue v = o.value(QLatin1String(f.name));
        if (v.isUndefined()) {
            if (f.required)
                return QStringLiteral("missing field '%1%2'").arg(where, QLatin1String(f.name));
            continue;
        }
        if (v.type() != f.type && !(v.isNull() && !f.required))
            return QStringLiteral("field '%1%2' has the wrong type").arg(where, QLatin1String(f.name));
        if (v.isNull())
            continue;
        if (const QString want = shapeOf(f.shape, v); !want.isEmpty())
            return QStringLiteral("field '%1%2' must be %3").arg(where, QLatin1String(f.name), want);
    }
    return {};
}

QString machineInfoProblem(const QJsonObject &body)
{
    if (!body.contains(QStringLiteral("machine_info")))
        return {};
    return shapeProblem(body.value(QStringLiteral("machine_info")).toObject(),
                        {{"hostname", QJsonValue::String, false, Shape::Text}, {"os", QJsonValue::String, false, Shape::Text},
                         {"app_version", QJsonValue::String, false, Shape::Text}},
                        QStringLiteral("machine_info."));
}

QByteArray bearerToken(const QByteArray &authorization)
{
    const QByteArray a = authorization.trimmed();
    if (a.size() > 7 && a.left(7).toLower() == "bearer ")
        return a.mid(7).trimmed();
    return {};
}

Pairing readPairing(const QSqlQuery &q, int offset)
{
    Pairing p;
    p.id = q.value(offset + 0).toLongLong();
    p.licenseId = q.value(offset + 1).toLongLong();
    p.fingerprint = q.value(offset + 2).toString();
    p.installId = q.value(offset + 3).toString();
    p.active = q.value(offset + 4).toInt() != 0;
    p.currentJti = q.value(offset + 5).toString();
    p.pendingJti = q.value(offset + 6).toString();
    p.pendingToken = q.value(offset + 7).toString().toLatin1();
    p.pairedAt = fromStorage(q.value(offset + 8).toString());
    p.unpairReason = q.value(offset + 9).toString();
    p.components = QJsonDocument::fromJson(q.value(offset + 10).toString().toUtf8()).object();
    p.reboundAt = fromStorage(q.value(offset + 11).toString());
    return p;
}
const char *const kPairingColumns = "id, license_id, fingerprint, install_id, active, current_jti, pending_jti, pending_token, paired_at, unpair_reason, "
                                    "components, rebound_at";

// The components a rebind may change (README "Hardware drift"): the network cards and the OS
// major version. The machine, the data folder's path and the install must stay the same.
constexpr qint64 kRebindIntervalDays = 30;
QStringList driftBetween(const QJsonObject &bound, const QJsonObject &now)
{
    QStringList changed;
    for (const char *name : {"machine_id", "primary_mac", "os_release", "install_path", "install_id"}) {
        const QString key = QLatin1String(name);
        if (bound.value(key).toString() != now.value(key).toString())
            changed << key;
    }
    return changed;
}

bool isComponentHash(const QJsonValue &v)
{
    const QString s = v.toString();
    if (s.size() != 71 || !s.startsWith(QLatin1String("sha256:")))
        return false;
    return std::all_of(s.begin() + 7, s.end(), [](QChar c) { return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'); });
}

bool wellFormedComponents(const QJsonObject &c)
{
    for (const char *name : {"machine_id", "primary_mac", "os_release", "install_path", "install_id"})
        if (!isComponentHash(c.value(QLatin1String(name))))
            return false;
    return true;
}

// What a pairing keeps of the components a client sent: the five hashes, or nothing.
QJsonObject boundComponents(const QJsonObject &c)
{
    if (!wellFormedComponents(c))
        return {};
    QJsonObject kept;
    for (const char *name : {"machine_id", "primary_mac", "os_release", "install_path", "install_id"})
        kept.insert(QLatin1String(name), c.value(QLatin1String(name)));
    return kept;
}

// A nonce the client sends so that a signed verdict answers exactly this request.
bool isValidNonce(const QString &nonce)
{
    if (nonce.isEmpty() || nonce.size() > 64)
        return false;
    return std::all_of(nonce.begin(), nonce.end(), [](QChar c) { return c.isLetterOrNumber() && c.unicode() < 128; });
}

// Serialises pairing changes of one licence across instances (PostgreSQL); a no-op read on SQLite,
// where the write transaction already excludes other writers.
void lockLicense(QSqlDatabase &db, qint64 licenseId, const QString &forUpdate)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id FROM licenses WHERE id = ?%1").arg(forUpdate));
    q.addBindValue(licenseId);
    q.exec();
    q.finish();
}

// Inserts `pairing` (licenseId, fingerprint, installId, pairedAt set) as the active one with `jti`.
bool insertPairing(QSqlDatabase &db, const Pairing &pairing, const QJsonObject &machineInfo, const QString &jti)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO license_pairings (license_id, fingerprint, install_id, machine_info, active, current_jti, paired_at, components) "
                             "VALUES (?, ?, ?, ?, 1, ?, ?, ?)"));
    q.addBindValue(pairing.licenseId);
    q.addBindValue(pairing.fingerprint);
    q.addBindValue(pairing.installId);
    q.addBindValue(QString::fromUtf8(QJsonDocument(machineInfo).toJson(QJsonDocument::Compact)));
    q.addBindValue(jti);
    q.addBindValue(toStorage(pairing.pairedAt));
    q.addBindValue(QString::fromUtf8(QJsonDocument(pairing.components).toJson(QJsonDocument::Compact)));
    return q.exec();
}

// Prepared once per connection (VendorDatabase::cached): a heartbeat runs it under the write lock.
// *failed: the query itself failed (a dropped connection, a lock timeout), which is no answer
// about the pairing: the caller answers 503, never "unpaired".
std::optional<Pairing> pairingById(const VendorDatabase &vdb, qint64 id, bool *failed)
{
    static const QString plain = QStringLiteral("SELECT %1 FROM license_pairings WHERE id = ?").arg(QLatin1String(kPairingColumns));
    static const QString locked = plain + QStringLiteral(" FOR UPDATE");
    QSqlQuery &q = vdb.cached(vdb.forUpdate().isEmpty() ? plain : locked);
    q.addBindValue(id);
    std::optional<Pairing> out;
    *failed = !q.exec();
    if (!*failed && q.next())
        out = readPairing(q, 0);
    q.finish();
    return out;
}

std::optional<Pairing> activePairing(QSqlDatabase &db, qint64 licenseId, const QString &forUpdate, bool *failed)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM license_pairings WHERE license_id = ? AND active = 1%2").arg(QLatin1String(kPairingColumns), forUpdate));
    q.addBindValue(licenseId);
    *failed = !q.exec(); // as for pairingById: a failed read is no "not paired"
    if (*failed || !q.next())
        return std::nullopt;
    return readPairing(q, 0);
}

// Makes (`jti`, `token`) the pairing's pending successor, inside the caller's transaction. With
// `promote`, the pending token is in use: the current one is retired for good and the pending
// one becomes current first (README "Token chain").
// Its statements are prepared once per connection: a heartbeat runs them under the write lock.
bool setSuccessor(const VendorDatabase &vdb, const Pairing &row, bool promote, const QString &jti, const QByteArray &token, const QDateTime &now)
{
    if (promote && !row.currentJti.isEmpty()) {
        QSqlQuery &spend = vdb.cached(QStringLiteral("INSERT INTO license_spent_tokens (jti, pairing_id, spent_at) VALUES (?, ?, ?)"));
        spend.addBindValue(row.currentJti);
        spend.addBindValue(row.id);
        spend.addBindValue(toStorage(now));
        const bool spent = spend.exec();
        spend.finish();
        if (!spent)
            return false;
    }
    QSqlQuery &q = vdb.cached(promote ? QStringLiteral("UPDATE license_pairings SET current_jti = pending_jti, pending_jti = ?, pending_token = ? WHERE id = ?")
                                      : QStringLiteral("UPDATE license_pairings SET pending_jti = ?, pending_token = ? WHERE id = ?"));
    q.addBindValue(jti);
    q.addBindValue(QString::fromLatin1(token));
    q.addBindValue(row.id);
    const bool updated = q.exec();
    q.finish();
    return updated;
}

} // namespace

QByteArray ServiceReply::payload() const { return raw.isEmpty() ? QJsonDocument(body).toJson(QJsonDocument::Compact) : raw; }

struct VendorService::Authenticated
{
    License license;
    Pairing pairing;
    TokenClaims claims;
};

VendorService::VendorService(VendorDatabase &db, PKeyPtr signingKey, const Clock &clock, VendorConfig config)
    : m_db(db)
    , m_key(std::move(signingKey))
    , m_signatures(m_key.get())
    , m_clock(clock)
    , m_config(std::move(config))
    , m_pairLimiter(m_config.pairAttemptsPerMinute)
    , m_clockTrust(clock, m_config.clockToleranceDays)
    , m_versionJson(QJsonDocument(QJsonArray{m_config.version}).toJson(QJsonDocument::Compact).chopped(1).mid(1))
    , m_healthId(nextHealthId())
{
    m_clockTrust.witness(VendorStore(m_db, m_clock).newestRecord());
}

bool VendorService::confirmClock()
{
    const QDateTime now = m_clock.now();
    if (!VendorStore(m_db, m_clock).confirmClock(m_clockTrust.lastWitnessed(), now))
        return false;
    m_clockTrust.witness(now);
    return true;
}

ServiceReply VendorService::clockUntrusted() const
{
    ServiceReply r = error(503, QStringLiteral("unavailable"),
                           QStringLiteral("The licence server's clock reads %1 days past its newest record, so it is not trusted; the vendor is "
                                          "checking it. Nothing was changed. Try again later.")
                               .arg(m_clockTrust.aheadSecs() / 86400),
                           {{QStringLiteral("reason"), QStringLiteral("clock_untrusted")}});
    r.headers = {qMakePair(QByteArray("Retry-After"), QByteArray("600"))};
    return r;
}

ServiceReply VendorService::error(int status, const QString &code, const QString &message, const QJsonObject &extra) const
{
    ServiceReply r;
    r.status = status;
    r.code = code;
    r.body = extra;
    r.body.insert(QStringLiteral("error"), message);
    r.body.insert(QStringLiteral("code"), code);
    if (status == 503)
        r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("5")));
    return r;
}

ServiceReply VendorService::unavailable() const
{
    return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is not reachable. Try again."));
}

bool VendorService::databaseReachable()
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        QSqlQuery &q = m_db.cached(QStringLiteral("SELECT 1"));
        const bool ok = q.exec() && q.next();
        q.finish();
        if (ok)
            return true;
        // This thread's PostgreSQL session may only be stale (the database restarted): one fresh
        // try. (A SQLite connection is never stale; see handle().)
        if (m_db.kind() != VendorDatabase::Kind::Postgres)
            break;
        m_db.closeThreadConnection();
    }
    return false;
}

ServiceReply VendorService::handle(const ServiceRequest &req)
{
    const quint64 damageBefore = VendorDatabase::corruptionReports();
    const VendorDatabase::PeerWatch watch(req.peerGone);
    ServiceReply reply = route(req);
    reply.route = matchedRoute(req.path);
    if (VendorDatabase::PeerWatch::withheld()) {
        reply = error(503, QStringLiteral("abandoned"), QStringLiteral("The client hung up before the change was committed; nothing was changed."));
        reply.route = matchedRoute(req.path);
        return reply;
    }
    // SQLite met a damaged page while this request ran: whatever the query's caller made of the
    // failure (a row not found, a token unknown), it is no verdict about a licence.
    if (VendorDatabase::corruptionReports() != damageBefore && reply.status != 503 && req.path != "/api/license/health")
        reply = error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is damaged; the vendor is restoring it. Try again later."),
                      {{QStringLiteral("reason"), QStringLiteral("database_damaged")}});
    // A database fault: this thread's PostgreSQL session (and its prepared statements) may be
    // dead, as after a restart. The next request on this thread connects afresh. A SQLite
    // connection is kept: it is never stale, and a new one opened on a store whose log or index
    // was deleted under the server makes a second log and index beside the ones the other
    // connections hold, and the store's pages were overwritten (the outside check).
    if (reply.status == 503 && m_db.kind() == VendorDatabase::Kind::Postgres)
        m_db.closeThreadConnection();
    return reply;
}

namespace {
struct Route { const char *path; bool post; };
constexpr Route kRoutes[] = {{"/api/license/health", false}, {"/api/license/pair", true},   {"/api/license/heartbeat", true},
                             {"/api/license/migrate", true}, {"/api/license/unpair", true}, {"/api/license/rotate-token", true},
                             {"/api/license/status", false}, {"/api/license/offline", true}};

const Route *findRoute(const QByteArray &path)
{
    for (const Route &r : kRoutes)
        if (path == r.path)
            return &r;
    return nullptr;
}
} // namespace

QByteArray VendorService::matchedRoute(const QByteArray &path)
{
    const Route *r = findRoute(path);
    return r ? QByteArray(r->path) : QByteArray();
}

ServiceReply VendorService::route(const ServiceRequest &req)
{
    const QByteArray path = req.path;
    const bool isPost = req.method == "POST";
    const Route *route = findRoute(path);
    if (!route)
        return error(404, QStringLiteral("not_found"), QStringLiteral("No such endpoint."));
    // HEAD is a GET whose answer the HTTP layer sends without its body: a load balancer's
    // "HEAD /api/license/health" check sees the status a GET would get (it was 405, so the
    // balancer marked a healthy server down).
    if (route->post != isPost || (!isPost && req.method != "GET" && req.method != "HEAD")) {
        ServiceReply r = error(405, QStringLiteral("method_not_allowed"), QStringLiteral("Use %1 for this endpoint.").arg(route->post ? QStringLiteral("POST") : QStringLiteral("GET")));
        r.headers.append(qMakePair(QByteArray("Allow"), QByteArray(route->post ? "POST" : "GET, HEAD")));
        return r;
    }
    if (path == "/api/license/health")
        return health();
    if (path == "/api/license/status")
        return adminStatus(req.query, req.authorization);

    // Every other endpoint writes (a heartbeat records itself and may rotate the token).
    if (m_db.readOnly()) {
        ServiceReply r = error(503, QStringLiteral("unavailable"),
                               QStringLiteral("The licence server is read-only while the vendor repairs its database; nothing was changed. Try again later."),
                               {{QStringLiteral("reason"), QStringLiteral("read_only")}});
        r.headers = {qMakePair(QByteArray("Retry-After"), QByteArray("600"))};
        return r;
    }
    // Every write is dated by the clock, and a heartbeat's verdict (expired or not) reads it.
    if (!m_clockTrust.check())
        return clockUntrusted();
    if (req.body.size() > kMaxBody)
        return error(413, QStringLiteral("invalid_request"), QStringLiteral("The request body is larger than 64 KiB."));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(req.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return error(400, QStringLiteral("invalid_request"), QStringLiteral("The body must be a JSON object."));
    const QJsonObject body = doc.object();
    const QByteArray bearer = bearerToken(req.authorization);

    if (path == "/api/license/pair")
        return pair(body, req.peer);
    if (path == "/api/license/heartbeat")
        return heartbeat(body, bearer);
    if (path == "/api/license/migrate")
        return migrate(body, req.peer);
    if (path == "/api/license/unpair")
        return unpair(body, bearer);
    if (path == "/api/license/offline")
        return offline(body, req.authorization, req.peer);
    return rotate(body, bearer);
}

namespace {
// Health's probes that cost a query or a system call (the connection's SELECT 1, the stat of the
// WAL and of the file), as last found sound by this thread. Plain data: see t_statements.
thread_local quint64 t_soundFor = 0;  // VendorService::m_healthId; 0: none
thread_local qint64 t_soundAtMs = 0;  // steady clock
thread_local qint64 t_soundWalBytes = 0;
constexpr qint64 kSoundForMs = 100;

qint64 steadyNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// "2026-12-02T03:09:14.394Z", as QDateTime::toString(Qt::ISODateWithMs) writes a UTC time, for
// years 1970 to 9999 (civil date from days: Howard Hinnant's algorithm).
QByteArray isoUtcMs(qint64 msecs)
{
    if (msecs < 0 || msecs >= 253402300800000LL)
        return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1();
    const qint64 days = msecs / 86400000;
    const qint64 ms = msecs % 86400000;
    const qint64 z = days + 719468;
    const qint64 era = z / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 day = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    char text[32];
    const int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", int(year), int(month), int(day), int(ms / 3600000),
                                int(ms / 60000 % 60), int(ms / 1000 % 60), int(ms % 1000));
    return QByteArray(text, n);
}
} // namespace

QByteArray VendorService::healthTime(qint64 msecsSinceEpoch) { return isoUtcMs(msecsSinceEpoch); }

ServiceReply VendorService::health()
{
    // Healthy only with its database: a load balancer then stops sending hotels here.
    // Healthy only with a sound, writable database and a clock it trusts, too.
    // A load balancer polls it many times a second: the probes that cost a query or a system call
    // are taken again after 100 ms on each thread, or at once after anything went wrong (a
    // failed sync, a refused write, damage, a deleted log: all read from atomics here, every time).
    const QString damage = m_db.damage();
    const QString refusal = m_db.kind() == VendorDatabase::Kind::Sqlite && !m_db.readOnly() ? VendorDatabase::writeRefusal() : QString();
    const qint64 steadyNow = steadyNowMs();
    const bool recentlySound = t_soundFor == m_healthId && steadyNow - t_soundAtMs < kSoundForMs && damage.isEmpty() && refusal.isEmpty()
        && !m_db.syncFailed() && !VendorDatabase::logWasDeleted();
    const bool reachable = recentlySound || databaseReachable();
    const qint64 walBytes = recentlySound ? t_soundWalBytes : m_db.walBytes();
    const QString fileProblem = !recentlySound && reachable && damage.isEmpty() ? m_db.fileProblem(walBytes) : QString();
    const QString database = !reachable              ? QStringLiteral("down")
                             : !damage.isEmpty()     ? QStringLiteral("damaged")
                             : !fileProblem.isEmpty() ? fileProblem // "missing" or "sync_failed": nothing written is safe
                             : m_db.readOnly()       ? QStringLiteral("read_only")
                             : !refusal.isEmpty()    ? QStringLiteral("write_refused")
                                                     : QStringLiteral("ok");
    if (database == QLatin1String("ok")) {
        if (!recentlySound) {
            t_soundFor = m_healthId;
            t_soundAtMs = steadyNow;
            t_soundWalBytes = walBytes;
        }
    } else if (t_soundFor == m_healthId) {
        t_soundFor = 0;
    }
    QDateTime now;
    const bool clock = m_clockTrust.check(&now);
    const bool ok = database == QLatin1String("ok") && clock;
    if (ok) {
        // The answer a load balancer polls, many times a second: written directly, the same
        // fields as below.
        ServiceReply r;
        r.raw.reserve(160);
        r.raw.append(R"({"ok":true,"time":")").append(isoUtcMs(now.toMSecsSinceEpoch())).append(R"(","version":)")
            .append(m_versionJson).append(R"(,"database":"ok","clock":"ok")");
        if (m_db.kind() == VendorDatabase::Kind::Sqlite)
            r.raw.append(R"(,"wal_bytes":)").append(QByteArray::number(walBytes));
        r.raw.append('}');
        return r;
    }
    ServiceReply r;
    r.status = ok ? 200 : 503;
    r.body = {{QStringLiteral("ok"), ok}, {QStringLiteral("time"), now.toString(Qt::ISODateWithMs)},
              {QStringLiteral("version"), m_config.version}, {QStringLiteral("database"), database},
              {QStringLiteral("clock"), clock ? QStringLiteral("ok") : QStringLiteral("untrusted")}};
    if (!damage.isEmpty())
        r.body.insert(QStringLiteral("damage"), damage);
    if (database == QLatin1String("write_refused"))
        r.body.insert(QStringLiteral("write_refused"), refusal); // disk_full, read_only_file, io_error or cannot_open
    if (!clock) {
        r.body.insert(QStringLiteral("clock_ahead_days"), m_clockTrust.aheadSecs() / 86400);
        r.body.insert(QStringLiteral("newest_record"), m_clockTrust.lastWitnessed().toString(Qt::ISODateWithMs));
    }
    if (m_db.kind() == VendorDatabase::Kind::Sqlite)
        r.body.insert(QStringLiteral("wal_bytes"), walBytes);
    if (r.status == 503) {
        r.code = QStringLiteral("unavailable");
        r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray(reachable ? "600" : "5")));
    }
    return r;
}

ServiceReply VendorService::verdict(int status, const QString &code, const QString &message, const QJsonObject &extra,
                                   const VerdictContext &context) const
{
    ServiceReply r = error(status, code, message, extra);
    // Every refusal carries the vendor's contact (an ext, as with a suspension): the hotel whose
    // licence was moved elsewhere saw only the contact of its own settings file, or none (helper-41).
    if (!m_config.supportPhone.isEmpty() && !r.body.contains(QStringLiteral("support_phone")))
        r.body.insert(QStringLiteral("support_phone"), m_config.supportPhone);
    if (!m_config.supportEmail.isEmpty() && !r.body.contains(QStringLiteral("support_email")))
        r.body.insert(QStringLiteral("support_email"), m_config.supportEmail);
    const QDateTime now = m_clock.now();
    QJsonObject claims{{QStringLiteral("iss"), QLatin1String(kTokenIssuer)},
                       {QStringLiteral("aud"), QLatin1String(kTokenAudience)},
                       {QStringLiteral("verdict"), code},
                       {QStringLiteral("iat"), now.toSecsSinceEpoch()}};
    if (!context.installId.isEmpty())
        claims.insert(QStringLiteral("install_id"), context.installId);
    if (!context.nonce.isEmpty())
        claims.insert(QStringLiteral("nonce"), context.nonce);
    const QByteArray signedVerdict = signObject(claims, m_key.get(), QLatin1String(kVerdictType));
    if (!signedVerdict.isEmpty())
        r.body.insert(QStringLiteral("verdict"), QString::fromLatin1(signedVerdict));
    return r;
}

std::optional<ServiceReply> VendorService::licenseRefusal(const License &license, bool forPairing, const VerdictContext &context) const
{
    if (license.status == QLatin1String("revoked"))
        return verdict(403, QStringLiteral("revoked"), QStringLiteral("This licence has been revoked. Contact the vendor."),
                       {{QStringLiteral("valid"), false}, {QStringLiteral("reason"), QStringLiteral("revoked")}, {QStringLiteral("message"), license.statusReason}},
                       context);
    if (license.status == QLatin1String("suspended")) {
        QStringList known{m_config.supportPhone, m_config.supportEmail};
        known.removeAll(QString());
        const QString contact = known.join(QStringLiteral(" / "));
        return verdict(403, QStringLiteral("suspended"),
                       contact.isEmpty() ? QStringLiteral("This licence is suspended. Contact the vendor.")
                                         : QStringLiteral("This licence is suspended. Contact the vendor: %1").arg(contact),
                       {{QStringLiteral("valid"), false}, {QStringLiteral("reason"), QStringLiteral("suspended")},
                        {QStringLiteral("message"), contact.isEmpty() ? QStringLiteral("Licence suspended. Contact the vendor.")
                                                                      : QStringLiteral("Licence suspended. Contact %1").arg(contact)},
                        {QStringLiteral("support_phone"), m_config.supportPhone}, {QStringLiteral("support_email"), m_config.supportEmail}},
                       context);
    }
    const QDateTime now = m_clock.now();
    const bool expired = forPairing ? license.expiredAt(now) : now > license.validUntil.addDays(license.graceDays);
    if (expired)
        return verdict(forPairing ? 410 : 403, QStringLiteral("expired"), QStringLiteral("This licence has expired. Contact sales to renew it."),
                       {{QStringLiteral("valid"), false}, {QStringLiteral("reason"), QStringLiteral("expired")},
                        {QStringLiteral("valid_until"), license.validUntil.toString(Qt::ISODate)}},
                       context);
    return std::nullopt;
}

QByteArray VendorService::issueToken(const License &license, const Pairing &pairing, const QString &jti, const TokenClaims *presented) const
{
    const QDateTime now = m_clock.now();
    TokenClaims c;
    c.issuer = QLatin1String(kTokenIssuer);
    c.audience = QLatin1String(kTokenAudience);
    c.subject = QStringLiteral("license:%1").arg(license.id);
    c.tokenId = jti;
    c.fingerprint = pairing.fingerprint;
    c.installId = pairing.installId;
    c.issuedAt = now;
    c.notBefore = now;
    c.expiresAt = now.addDays(license.tokenGraceDays());
    c.keyHash = license.keyHash;
    c.plan = license.plan;
    c.features = license.tokenFeatures();
    c.validUntil = license.validUntil;
    c.graceDays = license.tokenGraceDays();
    c.signedVerdicts = true;
    // A hotel back online with an offline answer keeps what the vendor granted it: the successor
    // lasts as long, and stays offline, so a day online never shortens its time offline.
    if (presented && presented->isOffline() && presented->expiresAt > c.expiresAt) {
        c.expiresAt = presented->expiresAt;
        c.offlineNonce = presented->offlineNonce;
    }
    return signToken(c, m_key.get(), {}, &m_signatures);
}

std::optional<ServiceReply> VendorService::rateLimited(const QString &peer, const QString &message)
{
    int retryAfter = 0;
    if (m_pairLimiter.allow(peer, m_clock.now().toMSecsSinceEpoch(), &retryAfter))
        return std::nullopt;
    ServiceReply r = error(429, QStringLiteral("rate_limited"), message.arg(retryAfter));
    r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray::number(retryAfter)));
    return r;
}

ServiceReply VendorService::pair(const QJsonObject &body, const QString &peer)
{
    if (auto limited = rateLimited(peer, QStringLiteral("Too many pairing attempts. Try again in %1 seconds.")))
        return *limited;
    QString problem = shapeProblem(body, {{"license_key", QJsonValue::String, true, Shape::Key}, {"fingerprint", QJsonValue::String, true, Shape::Fingerprint},
                                          {"machine_info", QJsonValue::Object, false}, {"install_id", QJsonValue::String, false, Shape::Uuid},
                                          {"components", QJsonValue::Object, false}});
    if (problem.isEmpty())
        problem = machineInfoProblem(body);
    if (!problem.isEmpty())
        return error(400, QStringLiteral("invalid_request"), problem);
    const LicenseKey key = LicenseKey::parse(body.value(QStringLiteral("license_key")).toString());
    if (!key.isValid())
        return error(404, QStringLiteral("license_not_found"), QStringLiteral("Licence not recognised. Check the format or contact sales."));

    VendorStore store(m_db, m_clock);
    const auto license = store.findByKeyHash(key.hash());
    if (!license && !store.errorString().isEmpty())
        return unavailable();
    if (!license)
        return error(404, QStringLiteral("license_not_found"), QStringLiteral("Licence not recognised. Check the format or contact sales."));
    const VerdictContext context{body.value(QStringLiteral("install_id")).toString(), {}};
    if (auto refusal = licenseRefusal(*license, true, context))
        return *refusal;

    const QString fingerprint = body.value(QStringLiteral("fingerprint")).toString();
    // Signed before the transaction: the signature is the slow part, and a repeated pair that is
    // answered with the pending successor simply drops it.
    const QString candidateJti = newJti();
    Pairing draft;
    draft.fingerprint = fingerprint;
    draft.installId = context.installId;
    const QByteArray candidate = issueToken(*license, draft, candidateJti);
    VendorDatabase::WriteTransaction tx(m_db);
    if (!tx.ok())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    QSqlDatabase &db = tx.connection();
    lockLicense(db, license->id, m_db.forUpdate());

    const QDateTime now = m_clock.now();
    bool readFailed = false;
    std::optional<Pairing> current = activePairing(db, license->id, m_db.forUpdate(), &readFailed);
    if (readFailed)
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    Pairing pairing;
    QByteArray token = candidate;
    bool stored = false;
    if (current && current->fingerprint != fingerprint) {
        return error(409, QStringLiteral("already_paired"),
                     QStringLiteral("This licence is already installed on another device. To move it, use 'Move installation' (migrate)."));
    }
    if (current) {
        // The same install pairing again (a lost reply, a rebuilt data folder): the pairing's chain
        // answers its pending successor, or issues one; no move is spent and the token in use stays
        // valid until the successor is presented.
        pairing = *current;
        auto step = advanceChain(db, *license, pairing.id, QString(), candidateJti, candidate);
        if (auto *refusal = std::get_if<ServiceReply>(&step))
            return *refusal;
        token = std::get<QByteArray>(step);
        stored = true;
    } else {
        pairing.licenseId = license->id;
        pairing.fingerprint = fingerprint;
        pairing.installId = context.installId;
        pairing.pairedAt = now;
        pairing.components = boundComponents(body.value(QStringLiteral("components")).toObject());
        stored = insertPairing(db, pairing, body.value(QStringLiteral("machine_info")).toObject(), candidateJti);
    }
    if (!stored || !store.audit(current ? QStringLiteral("license.repaired") : QStringLiteral("license.paired"), license->id,
                                  {{QStringLiteral("fingerprint"), fingerprint}, {QStringLiteral("install_id"), pairing.installId}})
        || !tx.commit()) {
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the pairing. Try again."));
    }
    ServiceReply r;
    r.body = {{QStringLiteral("token"), QString::fromLatin1(token)},
              {QStringLiteral("license_id"), license->id},
              {QStringLiteral("paired_at"), pairing.pairedAt.toString(Qt::ISODate)}};
    return r;
}

std::variant<VendorService::Authenticated, ServiceReply> VendorService::authenticate(const QJsonObject &body, const QByteArray &bearer,
                                                                                      bool tokenFieldAliases)
{
    QByteArray token = body.value(QStringLiteral("token")).toString().toLatin1();
    if (token.isEmpty() && tokenFieldAliases)
        token = body.value(QStringLiteral("license_token")).toString().toLatin1();
    if (!bearer.isEmpty() && !token.isEmpty() && bearer != token)
        return error(400, QStringLiteral("invalid_request"), QStringLiteral("The bearer token and the body token differ."));
    if (token.isEmpty())
        token = bearer;
    if (token.isEmpty())
        return error(401, QStringLiteral("unauthorized"), QStringLiteral("A licence token is required."));
    TokenCheckOptions check;
    check.memo = &m_signatures;
    const TokenVerification v = verifyToken(token, m_key.get(), check);
    if (!v.authentic())
        return error(401, QStringLiteral("unauthorized"), QStringLiteral("The licence token is not valid."));
    const QString subject = v.claims->subject;
    bool ok = false;
    const qint64 licenseId = subject.startsWith(QLatin1String("license:")) ? subject.mid(8).toLongLong(&ok) : 0;
    VendorStore store(m_db, m_clock);
    const auto license = ok ? store.findById(licenseId) : std::nullopt;
    if (!license && !store.errorString().isEmpty())
        return unavailable(); // the database failed: never a verdict about the token
    if (!license)
        return error(401, QStringLiteral("unauthorized"), QStringLiteral("The licence token is not valid."));

    static const QString byJti = QStringLiteral("SELECT %1 FROM license_pairings WHERE license_id = ? AND (current_jti = ? OR pending_jti = ?)")
                                     .arg(QLatin1String(kPairingColumns));
    QSqlQuery &q = m_db.cached(byJti);
    q.addBindValue(license->id);
    q.addBindValue(v.claims->tokenId);
    q.addBindValue(v.claims->tokenId);
    if (!q.exec())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    std::optional<Pairing> found;
    if (q.next())
        found = readPairing(q, 0);
    q.finish();
    if (!found) {
        // An offline answer not presented yet is accepted beside the chain (README "Offline activation").
        static const QString byAnswer = QStringLiteral("SELECT %1 FROM license_pairings WHERE license_id = ? AND id = "
                                                       "(SELECT pairing_id FROM license_offline_answers WHERE jti = ?)")
                                            .arg(QLatin1String(kPairingColumns));
        QSqlQuery &o = m_db.cached(byAnswer);
        o.addBindValue(license->id);
        o.addBindValue(v.claims->tokenId);
        if (!o.exec())
            return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
        if (o.next())
            found = readPairing(o, 0);
        o.finish();
    }
    if (!found)
        return spentOrUnknown(license->id, v.claims->tokenId, body);
    const Pairing pairing = *found;
    if (!pairing.active) {
        if (pairing.unpairReason == QLatin1String("migrated"))
            return verdict(403, QStringLiteral("fingerprint_mismatch"), QStringLiteral("This licence was moved to another installation."),
                           {{QStringLiteral("valid"), false}, {QStringLiteral("reason"), QStringLiteral("fingerprint_mismatch")},
                            {QStringLiteral("message"), QStringLiteral("This licence was moved to another installation.")}},
                           {pairing.installId, body.value(QStringLiteral("nonce")).toString()});
        return error(401, QStringLiteral("unauthorized"), QStringLiteral("This installation was unpaired."));
    }
    return Authenticated{*license, pairing, *v.claims};
}

ServiceReply VendorService::spentOrUnknown(qint64 licenseId, const QString &jti, const QJsonObject &body)
{
    QSqlQuery &q = m_db.cached(QStringLiteral("SELECT p.id, p.active, p.fingerprint, p.install_id FROM license_spent_tokens s "
                                              "JOIN license_pairings p ON p.id = s.pairing_id WHERE s.jti = ? AND p.license_id = ?"));
    q.addBindValue(jti);
    q.addBindValue(licenseId);
    if (!q.exec())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    const bool spent = q.next();
    const qint64 pairingId = spent ? q.value(0).toLongLong() : 0;
    const bool active = spent && q.value(1).toInt() != 0;
    const QString bound = spent ? q.value(2).toString() : QString();
    const QString installId = spent ? q.value(3).toString() : QString();
    q.finish();
    if (!spent)
        return error(401, QStringLiteral("unauthorized"), QStringLiteral("This token is not known for this licence. Pair again if this persists."));
    // A spent token presented again: a copy of this install, or a token that leaked. Recorded for
    // the vendor; the install that holds the newest token is not affected.
    VendorStore(m_db, m_clock).audit(QStringLiteral("license.token_superseded"), licenseId, {{QStringLiteral("pairing_id"), pairingId}});
    const QString fingerprint = body.value(QStringLiteral("fingerprint")).toString();
    if (active && !fingerprint.isEmpty() && fingerprint != bound) {
        // …from another machine than the pairing is bound to now (a VM clone that lost the race
        // for the rebind): the licence lives elsewhere.
        return verdict(403, QStringLiteral("fingerprint_mismatch"), QStringLiteral("This licence now belongs to another installation."),
                       {{QStringLiteral("valid"), false}, {QStringLiteral("reason"), QStringLiteral("fingerprint_mismatch")},
                        {QStringLiteral("message"), QStringLiteral("This licence now belongs to another installation.")}},
                       {installId, body.value(QStringLiteral("nonce")).toString()});
    }
    return error(401, QStringLiteral("token_superseded"),
                 QStringLiteral("This token was already replaced by a newer one. The installation that holds the newest token keeps working; "
                                "if that is not this one, pair again."));
}

std::variant<QByteArray, ServiceReply> VendorService::advanceChain(QSqlDatabase &db, const License &license, qint64 pairingId,
                                                                  const QString &presentedJti, const QString &candidateJti,
                                                                  const QByteArray &candidate)
{
    // Read again under the write lock (BEGIN IMMEDIATE on SQLite, FOR UPDATE on PostgreSQL): two
    // requests with the same token decide one after the other and get the same successor.
    bool readFailed = false;
    const std::optional<Pairing> row = pairingById(m_db, pairingId, &readFailed);
    if (readFailed)
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    if (!row || !row->active)
        return error(401, QStringLiteral("unauthorized"), QStringLiteral("This installation was unpaired."));
    QSqlQuery q(db);
    if (!presentedJti.isEmpty() && presentedJti == row->pendingJti) {
        // The successor is in use: its predecessor is retired for good, and a new successor issued.
        if (!setSuccessor(m_db, *row, true, candidateJti, candidate, m_clock.now()))
            return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the token. Try again."));
        return candidate;
    }
    if (presentedJti.isEmpty() || presentedJti == row->currentJti) {
        if (!row->pendingJti.isEmpty()) {
            if (!row->pendingToken.isEmpty())
                return row->pendingToken; // the same successor again: a lost reply, a second runner
            // A row from before the chain kept the jti only: sign that same successor once more.
            const QByteArray again = issueToken(license, *row, row->pendingJti);
            q.prepare(QStringLiteral("UPDATE license_pairings SET pending_token = ? WHERE id = ?"));
            q.addBindValue(QString::fromLatin1(again));
            q.addBindValue(row->id);
            if (!q.exec())
                return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the token. Try again."));
            return again;
        }
        if (!setSuccessor(m_db, *row, false, candidateJti, candidate, m_clock.now()))
            return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the token. Try again."));
        return candidate;
    }
    // An offline answer presented: it is the token in use from now on. The token before it is
    // retired, and so is every answer that ends no later than this one; an answer that ends later
    // stays good, since the client takes it over a shorter one whatever the order it came in.
    QSqlQuery answer(db);
    answer.prepare(QStringLiteral("SELECT expires_at FROM license_offline_answers WHERE jti = ? AND pairing_id = ?"));
    answer.addBindValue(presentedJti);
    answer.addBindValue(row->id);
    if (answer.exec() && answer.next()) {
        const QString expiresAt = answer.value(0).toString();
        answer.finish();
        QSqlQuery w(db);
        w.prepare(QStringLiteral("DELETE FROM license_offline_answers WHERE pairing_id = ? AND expires_at <= ?"));
        w.addBindValue(row->id);
        w.addBindValue(expiresAt);
        bool ok = w.exec();
        if (ok) {
            // As if it were the pending successor: then the chain's own step promotes it.
            w.prepare(QStringLiteral("UPDATE license_pairings SET pending_jti = ? WHERE id = ?"));
            w.addBindValue(presentedJti);
            w.addBindValue(row->id);
            ok = w.exec();
        }
        if (!ok || !setSuccessor(m_db, *row, true, candidateJti, candidate, m_clock.now()))
            return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the token. Try again."));
        return candidate;
    }
    // Retired between authenticate() and this transaction (a successor was presented meanwhile).
    return spentOrUnknown(license.id, presentedJti, {});
}

ServiceReply VendorService::heartbeat(const QJsonObject &body, const QByteArray &bearer)
{
    QString problem = shapeProblem(body, {{"token", QJsonValue::String, false, Shape::Token}, {"license_token", QJsonValue::String, false, Shape::Token},
                                          {"fingerprint", QJsonValue::String, true, Shape::Fingerprint}, {"telemetry", QJsonValue::Object, false},
                                          {"nonce", QJsonValue::String, false, Shape::Nonce}, {"components", QJsonValue::Object, false}});
    if (problem.isEmpty() && body.contains(QStringLiteral("telemetry")))
        problem = shapeProblem(body.value(QStringLiteral("telemetry")).toObject(),
                               {{"rooms", QJsonValue::Double, false, Shape::Count}, {"users", QJsonValue::Double, false, Shape::Count},
                                {"uptime", QJsonValue::Double, false, Shape::Uptime}, {"version", QJsonValue::String, false, Shape::Text}},
                               QStringLiteral("telemetry."));
    const QString nonce = body.value(QStringLiteral("nonce")).toString();
    if (problem.isEmpty() && body.contains(QStringLiteral("nonce")) && !isValidNonce(nonce))
        problem = QStringLiteral("nonce must be 1 to 64 ASCII letters or digits");
    if (!problem.isEmpty())
        return error(400, QStringLiteral("invalid_request"), problem);
    auto auth = authenticate(body, bearer, true);
    if (auto *reply = std::get_if<ServiceReply>(&auth))
        return *reply;
    const Authenticated &a = std::get<Authenticated>(auth);
    const VerdictContext context{a.pairing.installId, nonce};
    const QString fingerprint = body.value(QStringLiteral("fingerprint")).toString();
    const QJsonObject components = body.value(QStringLiteral("components")).toObject();
    QStringList drift;
    if (fingerprint != a.pairing.fingerprint) {
        // Self-heal: the same machine, folder and install with a new network card or OS version
        // is rebound without a move, once per 30 days; anything else is a mismatch.
        drift = wellFormedComponents(components) && wellFormedComponents(a.pairing.components) && fingerprint.startsWith(QLatin1String("sha256:"))
            ? driftBetween(a.pairing.components, components)
            : QStringList{QStringLiteral("fingerprint")};
        const bool onlyDrift = !drift.isEmpty() && std::all_of(drift.begin(), drift.end(), [](const QString &c) {
            return c == QLatin1String("primary_mac") || c == QLatin1String("os_release");
        });
        const bool recentlyRebound = a.pairing.reboundAt.isValid() && a.pairing.reboundAt.addDays(kRebindIntervalDays) > m_clock.now();
        if (!onlyDrift || recentlyRebound)
            return verdict(403, QStringLiteral("fingerprint_mismatch"), QStringLiteral("This token belongs to another installation."),
                           {{QStringLiteral("valid"), false}, {QStringLiteral("reason"), QStringLiteral("fingerprint_mismatch")},
                            {QStringLiteral("message"), recentlyRebound && onlyDrift
                                                             ? QStringLiteral("The hardware changed again within 30 days: move the licence (migrate).")
                                                             : QStringLiteral("Hardware change detected: re-pair or migrate.")}},
                           context);
    }
    if (auto refusal = licenseRefusal(a.license, false, context))
        return *refusal;

    // Sign first (outside the write lock), then take one step of the chain atomically.
    const QString jti = newJti();
    Pairing bound = a.pairing;
    bound.fingerprint = fingerprint;
    const QByteArray candidate = issueToken(a.license, bound, jti, &a.claims);
    const QJsonObject t = body.value(QStringLiteral("telemetry")).toObject();
    VendorDatabase::WriteTransaction tx(m_db);
    if (!tx.ok())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    if (!drift.isEmpty()) {
        // Compare-and-set on the old binding: of two racing rebinds one wins, the other is refused.
        // A successor issued for the old binding is dropped unless it is the token presented.
        bool readFailed = false;
        const std::optional<Pairing> before = pairingById(m_db, a.pairing.id, &readFailed);
        if (readFailed)
            return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the heartbeat. Try again."));
        const QString dropped = before && before->pendingJti != a.claims.tokenId ? before->pendingJti : QString();
        QSqlQuery q(tx.connection());
        q.prepare(QStringLiteral("UPDATE license_pairings SET fingerprint = ?, components = ?, rebound_at = ?, "
                                 "pending_token = CASE WHEN pending_jti = ? THEN pending_token ELSE NULL END, "
                                 "pending_jti = CASE WHEN pending_jti = ? THEN pending_jti ELSE NULL END "
                                 "WHERE id = ? AND fingerprint = ? AND active = 1"));
        q.addBindValue(fingerprint);
        q.addBindValue(QString::fromUtf8(QJsonDocument(boundComponents(components)).toJson(QJsonDocument::Compact)));
        // The 30 days count from the earliest the change can have happened: the presented token's
        // issue, the hotel's last heartbeat with the old hardware. A hotel whose new network card
        // met a vendor down for three days was rebound three days late, and its OS upgrade 32 days
        // after the card fell within "30 days" of that late rebind: restricted, a move to spend
        // (the chaos simulation, seed 2934394720599949702). A token presented is never an old one
        // (the chain refuses spent tokens), so the window cannot be moved back by a replay.
        q.addBindValue(toStorage(std::min(m_clock.now(), a.claims.issuedAt.isValid() ? a.claims.issuedAt : m_clock.now())));
        q.addBindValue(a.claims.tokenId);
        q.addBindValue(a.claims.tokenId);
        q.addBindValue(a.pairing.id);
        q.addBindValue(a.pairing.fingerprint);
        if (!q.exec())
            return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the heartbeat. Try again."));
        if (q.numRowsAffected() != 1)
            return verdict(403, QStringLiteral("fingerprint_mismatch"), QStringLiteral("This token belongs to another installation."),
                           {{QStringLiteral("valid"), false}, {QStringLiteral("reason"), QStringLiteral("fingerprint_mismatch")}}, context);
        if (!dropped.isEmpty()) {
            // A successor issued to the old binding and dropped here is spent, not unknown.
            QSqlQuery spend(tx.connection());
            spend.prepare(QStringLiteral("INSERT INTO license_spent_tokens (jti, pairing_id, spent_at) VALUES (?, ?, ?)"));
            spend.addBindValue(dropped);
            spend.addBindValue(a.pairing.id);
            spend.addBindValue(toStorage(m_clock.now()));
            if (!spend.exec())
                return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the heartbeat. Try again."));
        }
        if (!VendorStore(m_db, m_clock).audit(QStringLiteral("license.rebound"), a.license.id,
                                              {{QStringLiteral("pairing_id"), a.pairing.id}, {QStringLiteral("from"), a.pairing.fingerprint},
                                               {QStringLiteral("to"), fingerprint}, {QStringLiteral("changed"), QJsonArray::fromStringList(drift)},
                                               {QStringLiteral("message"), QStringLiteral("kartu jaringan berganti; lisensi disesuaikan otomatis")}}))
            return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the heartbeat. Try again."));
    }
    if (drift.isEmpty() && a.pairing.components.isEmpty() && wellFormedComponents(components)) {
        // A pairing made before components were sent learns them from its first heartbeat.
        QSqlQuery q(tx.connection());
        q.prepare(QStringLiteral("UPDATE license_pairings SET components = ? WHERE id = ? AND components = '{}'"));
        q.addBindValue(QString::fromUtf8(QJsonDocument(boundComponents(components)).toJson(QJsonDocument::Compact)));
        q.addBindValue(a.pairing.id);
        q.exec();
    }
    auto step = advanceChain(tx.connection(), a.license, a.pairing.id, a.claims.tokenId, jti, candidate);
    if (auto *refusal = std::get_if<ServiceReply>(&step))
        return *refusal;
    const QByteArray token = std::get<QByteArray>(step);
    QSqlQuery &qi = m_db.cached(QStringLiteral("INSERT INTO license_heartbeats (license_id, pairing_id, received_at, rooms, users, uptime, version) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    qi.addBindValue(a.license.id);
    qi.addBindValue(a.pairing.id);
    qi.addBindValue(toStorage(m_clock.now()));
    qi.addBindValue(t.value(QStringLiteral("rooms")).toInt());
    qi.addBindValue(t.value(QStringLiteral("users")).toInt());
    qi.addBindValue(qint64(t.value(QStringLiteral("uptime")).toDouble()));
    qi.addBindValue(t.value(QStringLiteral("version")).toString().left(64));
    const bool inserted = qi.exec();
    qi.finish();
    if (!inserted || !tx.commit()) {
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the heartbeat. Try again."));
    }
    ServiceReply r;
    r.body = {{QStringLiteral("valid"), true}, {QStringLiteral("renewed_token"), QString::fromLatin1(token)},
              {QStringLiteral("valid_until"), a.license.validUntil.toString(Qt::ISODate)},
              {QStringLiteral("server_time"), m_clock.now().toString(Qt::ISODateWithMs)}};
    if (!drift.isEmpty()) {
        r.body.insert(QStringLiteral("rebound"), true);
        r.body.insert(QStringLiteral("changed"), QJsonArray::fromStringList(drift));
    }
    return r;
}

ServiceReply VendorService::migrate(const QJsonObject &body, const QString &peer)
{
    if (auto limited = rateLimited(peer, QStringLiteral("Too many attempts. Try again in %1 seconds.")))
        return *limited;
    QString problem = shapeProblem(body, {{"license_key", QJsonValue::String, true, Shape::Key}, {"old_fingerprint", QJsonValue::String, false, Shape::FingerprintOrEmpty},
                                          {"new_fingerprint", QJsonValue::String, true, Shape::Fingerprint}, {"machine_info", QJsonValue::Object, false},
                                          {"reason", QJsonValue::String, true, Shape::Reason}, {"install_id", QJsonValue::String, false, Shape::Uuid},
                                          {"components", QJsonValue::Object, false}});
    if (problem.isEmpty())
        problem = machineInfoProblem(body);
    if (problem.isEmpty() && body.value(QStringLiteral("reason")).toString().trimmed().isEmpty())
        problem = QStringLiteral("a reason is required for the audit trail");
    if (problem.isEmpty() && !body.value(QStringLiteral("new_fingerprint")).toString().startsWith(QLatin1String("sha256:")))
        problem = QStringLiteral("new_fingerprint must be sha256:<hex>");
    if (!problem.isEmpty())
        return error(400, QStringLiteral("invalid_request"), problem);
    const LicenseKey key = LicenseKey::parse(body.value(QStringLiteral("license_key")).toString());
    VendorStore store(m_db, m_clock);
    const auto license = key.isValid() ? store.findByKeyHash(key.hash()) : std::nullopt;
    if (!license && !store.errorString().isEmpty())
        return unavailable();
    if (!license)
        return error(404, QStringLiteral("license_not_found"), QStringLiteral("Licence not recognised. Check the format or contact sales."));
    const VerdictContext context{body.value(QStringLiteral("install_id")).toString(), {}};
    if (auto refusal = licenseRefusal(*license, true, context))
        return *refusal;

    const QString newFingerprint = body.value(QStringLiteral("new_fingerprint")).toString();
    // A key typed into a reason is kept masked: the store keeps only keys' hashes (helper-40).
    const QString reason = LicenseKey::maskTyped(body.value(QStringLiteral("reason")).toString().trimmed().left(500));
    const QDateTime now = m_clock.now();
    const QString jti = newJti();
    Pairing draft;
    draft.fingerprint = newFingerprint;
    draft.installId = context.installId;
    const QByteArray candidate = issueToken(*license, draft, jti);
    QByteArray token = candidate;
    VendorDatabase::WriteTransaction tx(m_db);
    if (!tx.ok())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    QSqlDatabase &db = tx.connection();
    QSqlQuery q(db);
    lockLicense(db, license->id, m_db.forUpdate());
    bool readFailed = false;
    const std::optional<Pairing> current = activePairing(db, license->id, m_db.forUpdate(), &readFailed);
    if (readFailed)
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    Pairing pairing;
    if (current && current->fingerprint == newFingerprint) {
        // Already here (a retried migrate): the chain's successor, no quota used.
        pairing = *current;
        auto step = advanceChain(db, *license, pairing.id, QString(), jti, candidate);
        if (auto *refusal = std::get_if<ServiceReply>(&step))
            return *refusal;
        token = std::get<QByteArray>(step);
        if (!tx.commit())
            return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the move. Try again."));
    } else {
        if (current) {
            if (auto refused = moveAway(db, *license, *current, newFingerprint, reason))
                return *refused;
        }
        pairing.licenseId = license->id;
        pairing.fingerprint = newFingerprint;
        pairing.installId = context.installId;
        pairing.pairedAt = now;
        pairing.components = boundComponents(body.value(QStringLiteral("components")).toObject());
        if (!insertPairing(db, pairing, body.value(QStringLiteral("machine_info")).toObject(), jti)
            || !store.audit(QStringLiteral("license.migrated"), license->id,
                            {{QStringLiteral("from"), current ? current->fingerprint : QString()}, {QStringLiteral("to"), newFingerprint},
                             {QStringLiteral("reason"), reason},
                             {QStringLiteral("old_fingerprint_claimed"), body.value(QStringLiteral("old_fingerprint")).toString()}})
            || !tx.commit()) {
            return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the move. Try again."));
        }
    }
    ServiceReply r;
    r.body = {{QStringLiteral("token"), QString::fromLatin1(token)},
              {QStringLiteral("migrated_at"), now.toString(Qt::ISODate)}, {QStringLiteral("license_id"), license->id}};
    return r;
}

std::optional<ServiceReply> VendorService::moveAway(QSqlDatabase &db, const License &license, const Pairing &current, const QString &newFingerprint,
                                                   const QString &reason)
{
    const QDateTime now = m_clock.now();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT count(*), min(migrated_at) FROM license_migrations WHERE license_id = ? AND migrated_at > ?"));
    q.addBindValue(license.id);
    q.addBindValue(toStorage(now.addDays(-365)));
    q.exec();
    q.next();
    const int used = q.value(0).toInt();
    const QDateTime oldest = fromStorage(q.value(1).toString());
    q.finish();
    if (used >= license.migrationsPerYear) {
        const QDate nextFree = VendorStore::vendorDate(oldest.addDays(365));
        return error(429, QStringLiteral("migration_limit"),
                     QStringLiteral("This licence was already moved %1 times in the last 12 months (the limit). The next move is possible on %2, "
                                    "or ask the vendor to reset the limit.").arg(used).arg(nextFree.toString(Qt::ISODate)),
                     {{QStringLiteral("migrations_used"), used}, {QStringLiteral("migrations_limit"), license.migrationsPerYear},
                      {QStringLiteral("next_migration_at"), nextFree.toString(Qt::ISODate)}});
    }
    q.prepare(QStringLiteral("UPDATE license_pairings SET active = 0, unpaired_at = ?, unpair_reason = 'migrated' WHERE id = ?"));
    q.addBindValue(toStorage(now));
    q.addBindValue(current.id);
    bool ok = q.exec();
    q.prepare(QStringLiteral("INSERT INTO license_migrations (license_id, from_fingerprint, to_fingerprint, reason, migrated_at) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(license.id);
    q.addBindValue(current.fingerprint);
    q.addBindValue(newFingerprint);
    q.addBindValue(reason);
    q.addBindValue(toStorage(now));
    if (!ok || !q.exec())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the move. Try again."));
    return std::nullopt;
}

ServiceReply VendorService::unpair(const QJsonObject &body, const QByteArray &bearer)
{
    const QString problem = shapeProblem(body, {{"token", QJsonValue::String, false, Shape::Token}, {"reason", QJsonValue::String, false, Shape::Reason}});
    if (!problem.isEmpty())
        return error(400, QStringLiteral("invalid_request"), problem);
    auto auth = authenticate(body, bearer, false);
    if (auto *reply = std::get_if<ServiceReply>(&auth))
        return *reply;
    const Authenticated &a = std::get<Authenticated>(auth);
    VendorDatabase::WriteTransaction tx(m_db);
    if (!tx.ok())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    QSqlQuery q(tx.connection());
    // The jtis stay on the row: its tokens then answer "unpaired", never "unknown".
    q.prepare(QStringLiteral("UPDATE license_pairings SET active = 0, unpaired_at = ?, unpair_reason = ?, pending_token = NULL WHERE id = ?"));
    q.addBindValue(toStorage(m_clock.now()));
    const QString unpairReason = LicenseKey::maskTyped(body.value(QStringLiteral("reason")).toString().left(500)); // (keys kept masked)
    q.addBindValue(unpairReason);
    q.addBindValue(a.pairing.id);
    VendorStore store(m_db, m_clock);
    if (!q.exec() || !store.audit(QStringLiteral("license.unpaired"), a.license.id,
                                  {{QStringLiteral("fingerprint"), a.pairing.fingerprint}, {QStringLiteral("reason"), unpairReason}})
        || !tx.commit()) {
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the unpairing. Try again."));
    }
    ServiceReply r;
    r.body = {{QStringLiteral("unpaired"), true}};
    return r;
}

ServiceReply VendorService::rotate(const QJsonObject &body, const QByteArray &bearer)
{
    const QString problem = shapeProblem(body, {{"token", QJsonValue::String, false, Shape::Token}, {"fingerprint", QJsonValue::String, true, Shape::Fingerprint}});
    if (!problem.isEmpty())
        return error(400, QStringLiteral("invalid_request"), problem);
    auto auth = authenticate(body, bearer, false);
    if (auto *reply = std::get_if<ServiceReply>(&auth))
        return *reply;
    const Authenticated &a = std::get<Authenticated>(auth);
    const VerdictContext context{a.pairing.installId, {}};
    if (body.value(QStringLiteral("fingerprint")).toString() != a.pairing.fingerprint)
        return verdict(403, QStringLiteral("fingerprint_mismatch"), QStringLiteral("This token belongs to another installation."),
                       {{QStringLiteral("valid"), false}, {QStringLiteral("reason"), QStringLiteral("fingerprint_mismatch")}}, context);
    if (auto refusal = licenseRefusal(a.license, false, context))
        return *refusal;
    // Two-phase, like every step of the chain: the new token is pending until its first use, and
    // the presented one stays valid until then (a lost reply costs nothing).
    const QString jti = newJti();
    const QByteArray candidate = issueToken(a.license, a.pairing, jti, &a.claims);
    VendorDatabase::WriteTransaction tx(m_db);
    if (!tx.ok())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    auto step = advanceChain(tx.connection(), a.license, a.pairing.id, a.claims.tokenId, jti, candidate);
    if (auto *refusal = std::get_if<ServiceReply>(&step))
        return *refusal;
    VendorStore store(m_db, m_clock);
    if (!store.audit(QStringLiteral("license.token_rotated"), a.license.id, {}) || !tx.commit())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the rotation. Try again."));
    ServiceReply r;
    r.body = {{QStringLiteral("token"), QString::fromLatin1(std::get<QByteArray>(step))}};
    return r;
}

ServiceReply VendorService::adminStatus(const QByteArray &query, const QByteArray &authorization)
{
    if (!isAdmin(authorization))
        return error(401, QStringLiteral("unauthorized"), QStringLiteral("The admin secret is missing or wrong."));
    const QUrlQuery params(QString::fromUtf8(query));
    const LicenseKey key = LicenseKey::parse(params.queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded));
    VendorStore store(m_db, m_clock);
    const auto s = key.isValid() ? store.summary(key.hash()) : std::nullopt;
    if (!s)
        return error(404, QStringLiteral("license_not_found"), QStringLiteral("No licence with that key."));
    QJsonArray pairings, heartbeats;
    for (const Pairing &p : store.pairings(s->license.id))
        pairings.append(QJsonObject{{QStringLiteral("fingerprint"), p.fingerprint}, {QStringLiteral("install_id"), p.installId},
                                    {QStringLiteral("active"), p.active}, {QStringLiteral("paired_at"), toStorage(p.pairedAt)},
                                    {QStringLiteral("unpaired_at"), toStorage(p.unpairedAt)}, {QStringLiteral("unpair_reason"), p.unpairReason},
                                    {QStringLiteral("machine_info"), p.machineInfo}});
    for (const QJsonObject &h : store.recentHeartbeats(s->license.id, 30))
        heartbeats.append(h);
    const License &l = s->license;
    ServiceReply r;
    r.body = {{QStringLiteral("license_id"), l.id},
              {QStringLiteral("key"), l.keyMasked},
              {QStringLiteral("plan"), l.plan},
              {QStringLiteral("status"), l.status},
              {QStringLiteral("status_reason"), l.statusReason},
              {QStringLiteral("valid_until"), VendorStore::vendorDate(l.validUntil).toString(Qt::ISODate)},
              {QStringLiteral("features"), l.tokenFeatures()},
              {QStringLiteral("owner_email"), l.ownerEmail},
              {QStringLiteral("migrations_last_year"), s->migrationsLastYear},
              {QStringLiteral("migrations_per_year"), l.migrationsPerYear},
              {QStringLiteral("last_heartbeat"), toStorage(s->lastHeartbeat)},
              {QStringLiteral("pairings"), pairings},
              {QStringLiteral("heartbeats"), heartbeats}};
    return r;
}

bool VendorService::isAdmin(const QByteArray &authorization) const
{
    const QByteArray presented = bearerToken(authorization);
    return !m_config.adminSecret.isEmpty() && !presented.isEmpty()
        && crypto::constantTimeEquals(crypto::sha256(presented), crypto::sha256(m_config.adminSecret));
}

ServiceReply VendorService::offline(const QJsonObject &body, const QByteArray &authorization, const QString &peer)
{
    if (auto limited = rateLimited(peer, QStringLiteral("Too many activation attempts. Try again in %1 seconds.")))
        return *limited;
    const QString problem = shapeProblem(body, {{"request", QJsonValue::String, true, Shape::Token}, {"days", QJsonValue::Double, false}});
    if (!problem.isEmpty())
        return error(400, QStringLiteral("invalid_request"), problem);
    int days = offline::kDefaultValidityDays;
    if (body.contains(QStringLiteral("days"))) {
        // The validity is the vendor's choice: a hotel posting its own request gets the default.
        if (!isAdmin(authorization))
            return error(401, QStringLiteral("unauthorized"), QStringLiteral("Only the vendor (with the admin secret) chooses the number of days."));
        days = body.value(QStringLiteral("days")).toInt(0);
    }
    QString why;
    const std::optional<OfflineRequest> request = OfflineRequest::decode(body.value(QStringLiteral("request")).toString(), &why);
    if (!request)
        return error(400, QStringLiteral("invalid_request"), why);
    return answerOffline(*request, days, isAdmin(authorization) ? QStringLiteral("api-admin") : QStringLiteral("api"));
}

ServiceReply VendorService::answerOffline(const OfflineRequest &q, int requestedDays, const QString &channel)
{
    if (requestedDays < 1 || requestedDays > offline::kMaxValidityDays)
        return error(400, QStringLiteral("invalid_request"), QStringLiteral("The validity is 1 to %1 days.").arg(offline::kMaxValidityDays));
    const QDateTime now = m_clock.now();
    if (q.createdAt > now.addSecs(300))
        return error(400, QStringLiteral("invalid_request"),
                     QStringLiteral("The request is dated %1, in the future by this server's clock: check the hotel computer's clock and make a new request.")
                         .arg(q.createdAt.toString(Qt::ISODate)));
    if (q.createdAt.addDays(offline::kRequestMaxAgeDays) < now)
        return error(410, QStringLiteral("request_expired"),
                     QStringLiteral("The request was made on %1, more than %2 days ago. Ask the hotel for a new request.")
                         .arg(q.createdAt.toString(Qt::ISODate)).arg(offline::kRequestMaxAgeDays));
    VendorStore store(m_db, m_clock);
    const auto license = store.findByKeyHash(q.keyHash);
    if (!license && !store.errorString().isEmpty())
        return unavailable();
    if (!license)
        return error(404, QStringLiteral("license_not_found"), QStringLiteral("Licence not recognised. Check the format or contact sales."));
    const QJsonObject auditBase{{QStringLiteral("fingerprint"), q.fingerprint}, {QStringLiteral("install_id"), q.installId},
                                {QStringLiteral("nonce"), q.nonceText()}, {QStringLiteral("channel"), channel}};
    std::optional<VendorDatabase::WriteTransaction> tx;
    auto refused = [&](const ServiceReply &reply) {
        tx.reset(); // a refusal inside the transaction: rolled back first, then audited on its own
        QJsonObject meta = auditBase;
        meta.insert(QStringLiteral("code"), reply.code);
        store.audit(QStringLiteral("license.offline_refused"), license->id, meta);
        return reply;
    };
    const VerdictContext context{q.installId, {}};
    if (auto refusal = licenseRefusal(*license, true, context))
        return refused(*refusal);
    // Never past the licence's end: the validity counts from the request.
    const int daysLeft = int(q.createdAt.secsTo(license->validUntil) / 86400);
    const int days = std::min(requestedDays, daysLeft);
    if (days < 1)
        return refused(error(410, QStringLiteral("expired"), QStringLiteral("This licence ends within a day of the request. Extend it first.")));
    const LicenseBlock block{QStringLiteral("license:%1").arg(license->id), license->keyHash, license->plan, license->tokenFeatures(),
                             license->validUntil, license->tokenGraceDays()};
    const TokenClaims claims = offlineClaims(q, block, days);
    const QByteArray token = signToken(claims, m_key.get(), {}, &m_signatures);
    if (token.isEmpty())
        return error(500, QStringLiteral("internal"), QStringLiteral("The answer could not be signed."));
    const QString jti = claims.tokenId;

    tx.emplace(m_db);
    if (!tx->ok())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    QSqlDatabase &db = tx->connection();
    lockLicense(db, license->id, m_db.forUpdate());
    bool readFailed = false;
    const std::optional<Pairing> current = activePairing(db, license->id, m_db.forUpdate(), &readFailed);
    if (readFailed)
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    QString action;
    bool repeat = false; // the same request answered again (perhaps with other days): audited as such
    if (current && current->fingerprint != q.fingerprint) {
        if (q.moveReason.isEmpty())
            return refused(error(409, QStringLiteral("already_paired"),
                                 QStringLiteral("This licence is already installed on another device. To move it, make the request with a move (and its reason).")));
        if (q.licenseKey.isEmpty())
            return refused(error(400, QStringLiteral("key_required"), QStringLiteral("Moving a licence needs its key in the request.")));
        if (auto no = moveAway(db, *license, *current, q.fingerprint, q.moveReason))
            return refused(*no);
        action = QStringLiteral("license.offline_moved");
    } else if (current) {
        action = QStringLiteral("license.offline_renewed");
        // Kept beside the chain, never in place of the token the hotel holds now: the hotel may
        // go online before it applies this answer, or apply another one (README "Offline activation").
        QSqlQuery w(db);
        w.prepare(QStringLiteral("SELECT days FROM license_offline_answers WHERE jti = ?"));
        w.addBindValue(jti);
        if (!w.exec())
            return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
        repeat = w.next() || current->currentJti == jti || current->pendingJti == jti;
        w.finish();
        w.prepare(repeat ? QStringLiteral("UPDATE license_offline_answers SET days = ?, expires_at = ?, answered_at = ? WHERE jti = ? AND pairing_id = ?")
                         : QStringLiteral("INSERT INTO license_offline_answers (days, expires_at, answered_at, jti, pairing_id) VALUES (?, ?, ?, ?, ?)"));
        w.addBindValue(days);
        w.addBindValue(toStorage(claims.expiresAt));
        w.addBindValue(toStorage(now));
        w.addBindValue(jti);
        w.addBindValue(current->id);
        if (!w.exec())
            return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the answer. Try again."));
    } else {
        if (q.licenseKey.isEmpty())
            return refused(error(400, QStringLiteral("key_required"),
                                 QStringLiteral("This request names no licence key; only the installation the licence is paired with can renew without it.")));
        action = QStringLiteral("license.offline_activated");
    }
    if (action == QLatin1String("license.offline_activated") || action == QLatin1String("license.offline_moved")) {
        Pairing pairing;
        pairing.licenseId = license->id;
        pairing.fingerprint = q.fingerprint;
        pairing.installId = q.installId;
        pairing.pairedAt = now;
        pairing.components = boundComponents(q.components);
        const QJsonObject machine{{QStringLiteral("hostname"), q.hostname}, {QStringLiteral("os"), q.os}, {QStringLiteral("app_version"), q.appVersion},
                                  {QStringLiteral("offline"), true}};
        if (!insertPairing(db, pairing, machine, jti))
            return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the activation. Try again."));
    }
    QJsonObject meta = auditBase;
    meta.insert(QStringLiteral("offline_until"), claims.expiresAt.toString(Qt::ISODate));
    meta.insert(QStringLiteral("days"), days);
    if (!q.moveReason.isEmpty())
        meta.insert(QStringLiteral("reason"), q.moveReason.left(500));
    if (repeat)
        meta.insert(QStringLiteral("repeat"), true);
    if (!store.audit(action, license->id, meta) || !tx->commit())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the activation. Try again."));

    ServiceReply r;
    r.body = {{QLatin1String(offline::kAnswerMarker), 1},
              {QStringLiteral("token"), QString::fromLatin1(token)},
              {QStringLiteral("license"), license->keyMasked},
              {QStringLiteral("days"), days},
              {QStringLiteral("offline_until"), claims.expiresAt.toString(Qt::ISODate)}};
    // The typed code stands for this token only when the hotel can rebuild its claims: an Ed25519
    // key, and the licence facts its request names are the vendor's now (README "The typed code").
    const QString code = q.heldDigest == block.digest() ? offlineCodeForToken(token, days) : QString();
    if (!code.isEmpty())
        r.body.insert(QStringLiteral("code"), code);
    else
        r.body.insert(QStringLiteral("code_unavailable"),
                      crypto::keyAlgorithm(m_key.get()) != KeyAlgorithm::Ed25519 ? QStringLiteral("rsa_key")
                      : q.heldDigest.isEmpty()                                     ? QStringLiteral("first_activation")
                                                                                   : QStringLiteral("licence_changed"));
    return r;
}

} // namespace hotelhub::service
