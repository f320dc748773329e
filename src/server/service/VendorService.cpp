#include "VendorService.h"
#include "VendorStore.h"

#include "Clock.h"
#include "Jws.h"
#include "LicenseKey.h"
#include "TokenClaims.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrlQuery>
#include <QUuid>
#include <variant>

namespace hotelhub::service {

namespace {
constexpr qint64 kMaxBody = 64 * 1024;

QString newJti() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

struct Field
{
    const char *name;
    QJsonValue::Type type;
    bool required;
};

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
    }
    return {};
}

QString machineInfoProblem(const QJsonObject &body)
{
    if (!body.contains(QStringLiteral("machine_info")))
        return {};
    return shapeProblem(body.value(QStringLiteral("machine_info")).toObject(),
                        {{"hostname", QJsonValue::String, false}, {"os", QJsonValue::String, false}, {"app_version", QJsonValue::String, false}},
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
    p.previousJti = q.value(offset + 6).toString();
    p.pairedAt = fromStorage(q.value(offset + 7).toString());
    p.unpairReason = q.value(offset + 8).toString();
    return p;
}
const char *const kPairingColumns = "id, license_id, fingerprint, install_id, active, current_jti, previous_jti, paired_at, unpair_reason";

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
    q.prepare(QStringLiteral("INSERT INTO license_pairings (license_id, fingerprint, install_id, machine_info, active, current_jti, paired_at) "
                             "VALUES (?, ?, ?, ?, 1, ?, ?)"));
    q.addBindValue(pairing.licenseId);
    q.addBindValue(pairing.fingerprint);
    q.addBindValue(pairing.installId);
    q.addBindValue(QString::fromUtf8(QJsonDocument(machineInfo).toJson(QJsonDocument::Compact)));
    q.addBindValue(jti);
    q.addBindValue(toStorage(pairing.pairedAt));
    return q.exec();
}

std::optional<Pairing> activePairing(QSqlDatabase &db, qint64 licenseId, const QString &forUpdate)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM license_pairings WHERE license_id = ? AND active = 1%2").arg(QLatin1String(kPairingColumns), forUpdate));
    q.addBindValue(licenseId);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readPairing(q, 0);
}

} // namespace

QByteArray ServiceReply::payload() const { return QJsonDocument(body).toJson(QJsonDocument::Compact); }

struct VendorService::Authenticated
{
    License license;
    Pairing pairing;
    TokenClaims claims;
};

VendorService::VendorService(VendorDatabase &db, PKeyPtr signingKey, const Clock &clock, VendorConfig config)
    : m_db(db)
    , m_key(std::move(signingKey))
    , m_clock(clock)
    , m_config(std::move(config))
    , m_pairLimiter(m_config.pairAttemptsPerMinute)
{
}

ServiceReply VendorService::error(int status, const QString &code, const QString &message, const QJsonObject &extra) const
{
    ServiceReply r;
    r.status = status;
    r.code = code;
    r.body = extra;
    r.body.insert(QStringLiteral("error"), message);
    r.body.insert(QStringLiteral("code"), code);
    return r;
}

ServiceReply VendorService::handle(const ServiceRequest &req)
{
    const QByteArray path = req.path;
    const bool isPost = req.method == "POST";
    struct Route { const char *path; bool post; };
    static const Route routes[] = {{"/api/license/health", false}, {"/api/license/pair", true},   {"/api/license/heartbeat", true},
                                   {"/api/license/migrate", true}, {"/api/license/unpair", true}, {"/api/license/rotate-token", true},
                                   {"/api/license/status", false}};
    const Route *route = nullptr;
    for (const Route &r : routes)
        if (path == r.path)
            route = &r;
    if (!route)
        return error(404, QStringLiteral("not_found"), QStringLiteral("No such endpoint."));
    if (route->post != isPost || (!isPost && req.method != "GET")) {
        ServiceReply r = error(405, QStringLiteral("method_not_allowed"), QStringLiteral("Use %1 for this endpoint.").arg(route->post ? QStringLiteral("POST") : QStringLiteral("GET")));
        r.headers.append(qMakePair(QByteArray("Allow"), QByteArray(route->post ? "POST" : "GET")));
        return r;
    }
    if (path == "/api/license/health")
        return health();
    if (path == "/api/license/status")
        return adminStatus(req.query, req.authorization);

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
    return rotate(body, bearer);
}

ServiceReply VendorService::health()
{
    ServiceReply r;
    r.body = {{QStringLiteral("ok"), true}, {QStringLiteral("time"), m_clock.now().toString(Qt::ISODateWithMs)},
              {QStringLiteral("version"), m_config.version}};
    return r;
}

std::optional<ServiceReply> VendorService::licenseRefusal(const License &license, bool forPairing) const
{
    if (license.status == QLatin1String("revoked"))
        return error(403, QStringLiteral("revoked"), QStringLiteral("This licence has been revoked. Contact the vendor."),
                     {{QStringLiteral("valid"), false}, {QStringLiteral("reason"), QStringLiteral("revoked")}, {QStringLiteral("message"), license.statusReason}});
    if (license.status == QLatin1String("suspended")) {
        const QString contact = QStringList{m_config.supportPhone, m_config.supportEmail}.join(QStringLiteral(" / "));
        return error(403, QStringLiteral("suspended"), QStringLiteral("This licence is suspended. Contact the vendor: %1").arg(contact),
                     {{QStringLiteral("valid"), false}, {QStringLiteral("reason"), QStringLiteral("suspended")},
                      {QStringLiteral("message"), QStringLiteral("Licence suspended. Contact %1").arg(contact)},
                      {QStringLiteral("support_phone"), m_config.supportPhone}, {QStringLiteral("support_email"), m_config.supportEmail}});
    }
    const QDateTime now = m_clock.now();
    const bool expired = forPairing ? license.expiredAt(now) : now > license.validUntil.addDays(license.graceDays);
    if (expired)
        return error(forPairing ? 410 : 403, QStringLiteral("expired"), QStringLiteral("This licence has expired. Contact sales to renew it."),
                     {{QStringLiteral("valid"), false}, {QStringLiteral("reason"), QStringLiteral("expired")},
                      {QStringLiteral("valid_until"), license.validUntil.toString(Qt::ISODate)}});
    return std::nullopt;
}

QByteArray VendorService::issueToken(const License &license, const Pairing &pairing, const QString &jti) const
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
    c.expiresAt = now.addDays(license.graceDays);
    c.keyHash = license.keyHash;
    c.plan = license.plan;
    c.features = license.tokenFeatures();
    c.validUntil = license.validUntil;
    c.graceDays = license.graceDays;
    return signToken(c, m_key.get());
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
    QString problem = shapeProblem(body, {{"license_key", QJsonValue::String, true}, {"fingerprint", QJsonValue::String, true},
                                          {"machine_info", QJsonValue::Object, false}, {"install_id", QJsonValue::String, false}});
    if (problem.isEmpty())
        problem = machineInfoProblem(body);
    if (problem.isEmpty() && !body.value(QStringLiteral("fingerprint")).toString().startsWith(QLatin1String("sha256:")))
        problem = QStringLiteral("fingerprint must be sha256:<hex>");
    if (!problem.isEmpty())
        return error(400, QStringLiteral("invalid_request"), problem);
    const LicenseKey key = LicenseKey::parse(body.value(QStringLiteral("license_key")).toString());
    if (!key.isValid())
        return error(404, QStringLiteral("license_not_found"), QStringLiteral("Licence not recognised. Check the format or contact sales."));

    VendorStore store(m_db, m_clock);
    const auto license = store.findByKeyHash(key.hash());
    if (!license)
        return error(404, QStringLiteral("license_not_found"), QStringLiteral("Licence not recognised. Check the format or contact sales."));
    if (auto refusal = licenseRefusal(*license, true))
        return *refusal;

    const QString fingerprint = body.value(QStringLiteral("fingerprint")).toString();
    VendorDatabase::WriteTransaction tx(m_db);
    if (!tx.ok())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    QSqlDatabase &db = tx.connection();
    lockLicense(db, license->id, m_db.forUpdate());

    const QString jti = newJti();
    const QDateTime now = m_clock.now();
    std::optional<Pairing> current = activePairing(db, license->id, m_db.forUpdate());
    Pairing pairing;
    bool stored = false;
    if (current && current->fingerprint != fingerprint) {
        return error(409, QStringLiteral("already_paired"),
                     QStringLiteral("This licence is already installed on another device. To move it, use 'Move installation' (migrate)."));
    }
    if (current) {
        // The same machine pairing again (a retried or repeated setup): same pairing, new token.
        pairing = *current;
        QSqlQuery q(db);
        q.prepare(QStringLiteral("UPDATE license_pairings SET previous_jti = current_jti, current_jti = ? WHERE id = ?"));
        q.addBindValue(jti);
        q.addBindValue(pairing.id);
        stored = q.exec();
    } else {
        pairing.licenseId = license->id;
        pairing.fingerprint = fingerprint;
        pairing.installId = body.value(QStringLiteral("install_id")).toString();
        pairing.pairedAt = now;
        stored = insertPairing(db, pairing, body.value(QStringLiteral("machine_info")).toObject(), jti);
    }
    if (!stored || !store.audit(current ? QStringLiteral("license.repaired") : QStringLiteral("license.paired"), license->id,
                                  {{QStringLiteral("fingerprint"), fingerprint}, {QStringLiteral("install_id"), pairing.installId}})
        || !tx.commit()) {
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the pairing. Try again."));
    }
    ServiceReply r;
    r.body = {{QStringLiteral("token"), QString::fromLatin1(issueToken(*license, pairing, jti))},
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
    const TokenVerification v = verifyToken(token, m_key.get());
    if (!v.authentic())
        return error(401, QStringLiteral("unauthorized"), QStringLiteral("The licence token is not valid."));
    const QString subject = v.claims->subject;
    bool ok = false;
    const qint64 licenseId = subject.startsWith(QLatin1String("license:")) ? subject.mid(8).toLongLong(&ok) : 0;
    VendorStore store(m_db, m_clock);
    const auto license = ok ? store.findById(licenseId) : std::nullopt;
    if (!license)
        return error(401, QStringLiteral("unauthorized"), QStringLiteral("The licence token is not valid."));

    static const QString byJti = QStringLiteral("SELECT %1 FROM license_pairings WHERE license_id = ? AND (current_jti = ? OR previous_jti = ?)")
                                     .arg(QLatin1String(kPairingColumns));
    QSqlQuery &q = m_db.cached(byJti);
    q.addBindValue(license->id);
    q.addBindValue(v.claims->tokenId);
    q.addBindValue(v.claims->tokenId);
    if (!q.exec())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    if (!q.next()) {
        q.finish();
        return error(401, QStringLiteral("unauthorized"), QStringLiteral("This token was replaced by a newer one (rotated). Pair again if this persists."));
    }
    const Pairing pairing = readPairing(q, 0);
    q.finish();
    if (!pairing.active) {
        if (pairing.unpairReason == QLatin1String("migrated"))
            return error(403, QStringLiteral("fingerprint_mismatch"), QStringLiteral("This licence was moved to another installation."),
                         {{QStringLiteral("valid"), false}, {QStringLiteral("reason"), QStringLiteral("fingerprint_mismatch")},
                          {QStringLiteral("message"), QStringLiteral("This licence was moved to another installation.")}});
        return error(401, QStringLiteral("unauthorized"), QStringLiteral("This installation was unpaired."));
    }
    return Authenticated{*license, pairing, *v.claims};
}

ServiceReply VendorService::heartbeat(const QJsonObject &body, const QByteArray &bearer)
{
    QString problem = shapeProblem(body, {{"token", QJsonValue::String, false}, {"license_token", QJsonValue::String, false},
                                          {"fingerprint", QJsonValue::String, true}, {"telemetry", QJsonValue::Object, false}});
    if (problem.isEmpty() && body.contains(QStringLiteral("telemetry")))
        problem = shapeProblem(body.value(QStringLiteral("telemetry")).toObject(),
                               {{"rooms", QJsonValue::Double, false}, {"users", QJsonValue::Double, false},
                                {"uptime", QJsonValue::Double, false}, {"version", QJsonValue::String, false}},
                               QStringLiteral("telemetry."));
    if (!problem.isEmpty())
        return error(400, QStringLiteral("invalid_request"), problem);
    auto auth = authenticate(body, bearer, true);
    if (auto *reply = std::get_if<ServiceReply>(&auth))
        return *reply;
    const Authenticated &a = std::get<Authenticated>(auth);
    if (body.value(QStringLiteral("fingerprint")).toString() != a.pairing.fingerprint)
        return error(403, QStringLiteral("fingerprint_mismatch"), QStringLiteral("This token belongs to another installation."),
                     {{QStringLiteral("valid"), false}, {QStringLiteral("reason"), QStringLiteral("fingerprint_mismatch")},
                      {QStringLiteral("message"), QStringLiteral("Hardware change detected: re-pair or migrate.")}});
    if (auto refusal = licenseRefusal(a.license, false))
        return *refusal;

    // Sign first, then record atomically: the new jti becomes current; the presented one stays
    // acceptable as "previous" so that a client whose reply was lost can retry.
    const QString jti = newJti();
    const QByteArray token = issueToken(a.license, a.pairing, jti);
    const QJsonObject t = body.value(QStringLiteral("telemetry")).toObject();
    VendorDatabase::WriteTransaction tx(m_db);
    if (!tx.ok())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    QSqlQuery &q = m_db.cached(QStringLiteral("UPDATE license_pairings SET previous_jti = CASE WHEN current_jti = ? THEN current_jti ELSE previous_jti END, "
                                              "current_jti = ? WHERE id = ? AND active = 1 AND (current_jti = ? OR previous_jti = ?)"));
    q.addBindValue(a.claims.tokenId);
    q.addBindValue(jti);
    q.addBindValue(a.pairing.id);
    q.addBindValue(a.claims.tokenId);
    q.addBindValue(a.claims.tokenId);
    if (!q.exec() || q.numRowsAffected() != 1) {
        return error(401, QStringLiteral("unauthorized"), QStringLiteral("This token was replaced meanwhile. Try again with the newest token."));
    }
    q.finish();
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
    return r;
}

ServiceReply VendorService::migrate(const QJsonObject &body, const QString &peer)
{
    if (auto limited = rateLimited(peer, QStringLiteral("Too many attempts. Try again in %1 seconds.")))
        return *limited;
    QString problem = shapeProblem(body, {{"license_key", QJsonValue::String, true}, {"old_fingerprint", QJsonValue::String, false},
                                          {"new_fingerprint", QJsonValue::String, true}, {"machine_info", QJsonValue::Object, false},
                                          {"reason", QJsonValue::String, true}, {"install_id", QJsonValue::String, false}});
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
    if (!license)
        return error(404, QStringLiteral("license_not_found"), QStringLiteral("Licence not recognised. Check the format or contact sales."));
    if (auto refusal = licenseRefusal(*license, true))
        return *refusal;

    const QString newFingerprint = body.value(QStringLiteral("new_fingerprint")).toString();
    const QString reason = body.value(QStringLiteral("reason")).toString().trimmed().left(500);
    const QDateTime now = m_clock.now();
    VendorDatabase::WriteTransaction tx(m_db);
    if (!tx.ok())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    QSqlDatabase &db = tx.connection();
    QSqlQuery q(db);
    lockLicense(db, license->id, m_db.forUpdate());
    const std::optional<Pairing> current = activePairing(db, license->id, m_db.forUpdate());
    const QString jti = newJti();
    Pairing pairing;
    if (current && current->fingerprint == newFingerprint) {
        // Already here (a retried migrate): a new token, no quota used.
        pairing = *current;
        q.prepare(QStringLiteral("UPDATE license_pairings SET previous_jti = current_jti, current_jti = ? WHERE id = ?"));
        q.addBindValue(jti);
        q.addBindValue(pairing.id);
        if (!q.exec() || !tx.commit())
            return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the move. Try again."));
    } else {
        if (current) {
            const QDateTime windowStart = now.addDays(-365);
            q.prepare(QStringLiteral("SELECT count(*), min(migrated_at) FROM license_migrations WHERE license_id = ? AND migrated_at > ?"));
            q.addBindValue(license->id);
            q.addBindValue(toStorage(windowStart));
            q.exec();
            q.next();
            const int used = q.value(0).toInt();
            const QDateTime oldest = fromStorage(q.value(1).toString());
            q.finish();
            if (used >= license->migrationsPerYear) {
                const QDate nextFree = VendorStore::vendorDate(oldest.addDays(365));
                return error(429, QStringLiteral("migration_limit"),
                             QStringLiteral("This licence was already moved %1 times in the last 12 months (the limit). The next move is possible on %2, "
                                            "or ask the vendor to reset the limit.").arg(used).arg(nextFree.toString(Qt::ISODate)),
                             {{QStringLiteral("migrations_used"), used}, {QStringLiteral("migrations_limit"), license->migrationsPerYear},
                              {QStringLiteral("next_migration_at"), nextFree.toString(Qt::ISODate)}});
            }
            q.prepare(QStringLiteral("UPDATE license_pairings SET active = 0, unpaired_at = ?, unpair_reason = 'migrated' WHERE id = ?"));
            q.addBindValue(toStorage(now));
            q.addBindValue(current->id);
            bool ok = q.exec();
            q.prepare(QStringLiteral("INSERT INTO license_migrations (license_id, from_fingerprint, to_fingerprint, reason, migrated_at) VALUES (?, ?, ?, ?, ?)"));
            q.addBindValue(license->id);
            q.addBindValue(current->fingerprint);
            q.addBindValue(newFingerprint);
            q.addBindValue(reason);
            q.addBindValue(toStorage(now));
            if (!ok || !q.exec())
                return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the move. Try again."));
        }
        pairing.licenseId = license->id;
        pairing.fingerprint = newFingerprint;
        pairing.installId = body.value(QStringLiteral("install_id")).toString();
        pairing.pairedAt = now;
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
    r.body = {{QStringLiteral("token"), QString::fromLatin1(issueToken(*license, pairing, jti))},
              {QStringLiteral("migrated_at"), now.toString(Qt::ISODate)}, {QStringLiteral("license_id"), license->id}};
    return r;
}

ServiceReply VendorService::unpair(const QJsonObject &body, const QByteArray &bearer)
{
    const QString problem = shapeProblem(body, {{"token", QJsonValue::String, false}, {"reason", QJsonValue::String, false}});
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
    q.prepare(QStringLiteral("UPDATE license_pairings SET active = 0, unpaired_at = ?, unpair_reason = ?, current_jti = NULL, previous_jti = NULL WHERE id = ?"));
    q.addBindValue(toStorage(m_clock.now()));
    q.addBindValue(body.value(QStringLiteral("reason")).toString().left(500));
    q.addBindValue(a.pairing.id);
    VendorStore store(m_db, m_clock);
    if (!q.exec() || !store.audit(QStringLiteral("license.unpaired"), a.license.id,
                                  {{QStringLiteral("fingerprint"), a.pairing.fingerprint}, {QStringLiteral("reason"), body.value(QStringLiteral("reason")).toString()}})
        || !tx.commit()) {
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the unpairing. Try again."));
    }
    ServiceReply r;
    r.body = {{QStringLiteral("unpaired"), true}};
    return r;
}

ServiceReply VendorService::rotate(const QJsonObject &body, const QByteArray &bearer)
{
    const QString problem = shapeProblem(body, {{"token", QJsonValue::String, false}, {"fingerprint", QJsonValue::String, true}});
    if (!problem.isEmpty())
        return error(400, QStringLiteral("invalid_request"), problem);
    auto auth = authenticate(body, bearer, false);
    if (auto *reply = std::get_if<ServiceReply>(&auth))
        return *reply;
    const Authenticated &a = std::get<Authenticated>(auth);
    if (body.value(QStringLiteral("fingerprint")).toString() != a.pairing.fingerprint)
        return error(403, QStringLiteral("fingerprint_mismatch"), QStringLiteral("This token belongs to another installation."));
    if (auto refusal = licenseRefusal(a.license, false))
        return *refusal;
    const QString jti = newJti();
    VendorDatabase::WriteTransaction tx(m_db);
    if (!tx.ok())
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database is busy. Try again."));
    QSqlQuery q(tx.connection());
    // Rotation retires every earlier token of this pairing, the previous one included.
    q.prepare(QStringLiteral("UPDATE license_pairings SET current_jti = ?, previous_jti = NULL WHERE id = ? AND active = 1"));
    q.addBindValue(jti);
    q.addBindValue(a.pairing.id);
    VendorStore store(m_db, m_clock);
    if (!q.exec() || q.numRowsAffected() != 1 || !store.audit(QStringLiteral("license.token_rotated"), a.license.id, {}) || !tx.commit()) {
        return error(503, QStringLiteral("unavailable"), QStringLiteral("The licence database could not record the rotation. Try again."));
    }
    ServiceReply r;
    r.body = {{QStringLiteral("token"), QString::fromLatin1(issueToken(a.license, a.pairing, jti))}};
    return r;
}

ServiceReply VendorService::adminStatus(const QByteArray &query, const QByteArray &authorization)
{
    const QByteArray presented = bearerToken(authorization);
    if (m_config.adminSecret.isEmpty() || presented.isEmpty() || !crypto::constantTimeEquals(crypto::sha256(presented), crypto::sha256(m_config.adminSecret)))
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

} // namespace hotelhub::service
