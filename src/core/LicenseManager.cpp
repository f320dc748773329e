#include "LicenseManager.h"
#include "AuditLog.h"
#include "Clock.h"
#include "Database.h"
#include "EnvFile.h"
#include "HeartbeatSchedule.h"
#include "Jws.h"
#include "LicenseLog.h"
#include "SecretKeyStore.h"
#include "TokenVault.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace hotelhub {

LicenseManager::LicenseManager(const AppPaths &paths, EnvFile &env, Database &db, const Clock &clock,
                               const FingerprintSource &fingerprints, SecretKeyStore &keys, LicenseLog *log)
    : m_paths(paths)
    , m_env(env)
    , m_db(db)
    , m_clock(clock)
    , m_fingerprints(fingerprints)
    , m_keys(keys)
    , m_log(log)
    , m_audit(std::make_unique<AuditLog>(db, clock))
    , m_store(db)
{
}

LicenseManager::~LicenseManager() = default;

AuditLog &LicenseManager::audit() { return *m_audit; }

void LicenseManager::log(int level, const QString &event, const QJsonObject &fields)
{
    if (m_log)
        m_log->write(LicenseLog::Level(level), event, fields);
}

const PinnedKey &LicenseManager::pinnedKey()
{
    if (!m_pinned)
        m_pinned = VendorKey::load(m_env, QFileInfo(m_paths.envFile).absolutePath());
    return *m_pinned;
}

FingerprintComponents LicenseManager::currentComponents(const QString &installId)
{
    if (!m_components || m_components->installId != installId) {
        m_components = m_fingerprints.collect(m_paths.dataDir, installId);
        m_currentFingerprint = m_components->fingerprint();
    }
    return *m_components;
}

UsageCounts LicenseManager::usage()
{
    UsageCounts u;
    QSqlQuery q(m_db.connection());
    if (q.exec(QStringLiteral("SELECT COALESCE(SUM(total_rooms), 0) FROM properties")) && q.next())
        u.rooms = q.value(0).toInt();
    if (q.exec(QStringLiteral("SELECT COUNT(*) FROM users")) && q.next())
        u.users = q.value(0).toInt();
    return u;
}

BootstrapResult LicenseManager::bootstrap(bool force)
{
    BootstrapResult result;
    LocalLicenseStore &store = m_store;
    std::optional<LocalLicense> existing = store.load();
    if (!existing && !store.errorString().isEmpty()) {
        result.error = tr("Cannot read the licence database: %1").arg(store.errorString());
        return result;
    }
    if (existing && !force) {
        result.ok = true;
        result.installId = existing->installId;
        result.fingerprint = existing->fingerprint;
        return result;
    }
    const QDateTime now = m_clock.now();
    LocalLicense row;
    row.installId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const FingerprintComponents components = currentComponents(row.installId);
    row.fingerprint = components.fingerprint();
    row.fingerprintComponents = components.hashed();
    row.createdAt = now;
    row.updatedAt = now;
    row.lastSeenAt = now;
    result.wasPaired = existing && existing->isPaired();
    if (existing)
        m_keys.erase(); // the old secret protected the old install's token only
    m_secret.reset();
    m_vault.reset();

    QSqlDatabase db = m_db.connection();
    QSqlQuery(db).exec(QStringLiteral("BEGIN IMMEDIATE"));
    const bool saved = store.save(row)
        && m_audit->appendWithinTransaction(QStringLiteral("license.bootstrap"),
                                            {{QStringLiteral("install_id"), row.installId},
                                             {QStringLiteral("forced"), force && existing.has_value()},
                                             {QStringLiteral("dropped_pairing"), result.wasPaired}});
    if (!saved || !QSqlQuery(db).exec(QStringLiteral("COMMIT"))) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        result.error = tr("Cannot save the new installation identity: %1").arg(store.errorString() + m_audit->errorString());
        return result;
    }
    log(0, QStringLiteral("license.bootstrap"), {{QStringLiteral("install_id"), row.installId}, {QStringLiteral("forced"), force}});
    result.ok = true;
    result.created = true;
    result.installId = row.installId;
    result.fingerprint = row.fingerprint;
    return result;
}

std::optional<QByteArray> LicenseManager::decryptToken(const QString &installId, const QByteArray &sealed)
{
    if (!m_secret)
        m_secret = m_keys.load();
    if (!m_secret)
        return std::nullopt;
    if (!m_vault || m_vault->installId() != installId)
        m_vault.emplace(*m_secret, installId);
    return m_vault->open(sealed);
}

LicenseCheck LicenseManager::evaluateRow(const std::optional<LicenseCheckRow> &row, const QDateTime &at)
{
    LicenseCheck c;
    c.evaluatedAt = at.toUTC();
    const PinnedKey &pin = pinnedKey();
    c.publicKeyIntact = pin.intact;
    c.publicKeyProblem = pin.problem;

    PolicyRecord policy;
    PolicyEnvironment env;
    env.publicKeyIntact = pin.intact;
    if (row) {
        c.installId = row->installId;
        c.storedFingerprint = row->fingerprint;
        c.paired = row->isPaired();
        c.current = currentComponents(row->installId);
        env.currentFingerprint = m_currentFingerprint;
        if (env.currentFingerprint != row->fingerprint)
            c.changedComponents = c.current.changedSince(QJsonDocument::fromJson(row->fingerprintComponentsJson).object());
        policy.paired = c.paired;
        policy.storedFingerprint = row->fingerprint;
        policy.pairedAt = row->pairedAt;
        policy.lastHeartbeatSuccessAt = row->lastHeartbeatSuccessAt;
        policy.lastSeenAt = row->lastSeenAt;
        policy.serverVerdict = serverVerdictFromName(row->serverState);
        policy.hardLockDays = row->hardLockDays > 0 ? row->hardLockDays : 60;
        if (c.paired) {
            const auto token = decryptToken(row->installId, row->tokenEncrypted);
            if (!token) {
                c.tokenCheck = TokenCheck::Undecryptable;
                c.tokenProblem = tr("the stored token cannot be decrypted on this installation");
            } else if (pin.intact) {
                const TokenVerification v = verifyToken(*token, pin.key.get());
                if (v.authentic()) {
                    c.claims = v.claims;
                } else {
                    c.tokenCheck = TokenCheck::Invalid;
                    c.tokenProblem = v.detail;
                }
            }
        }
        policy.tokenCheck = c.tokenCheck;
        policy.claims = c.claims;
    }
    c.status = evaluate(policy, c.evaluatedAt, env);
    return c;
}

namespace {
// last_seen_at only guards against a clock set back by more than 24 h, so an hour's precision
// is plenty, and most evaluations then write nothing (no transaction, no fsync).
constexpr qint64 kLastSeenGranularitySecs = 3600;

// degrade_reason holds why the HMS is restricted or locked; full and setup modes have none.
QString recordedReason(const LicenseStatus &s)
{
    return s.mode() == LicenseMode::Full || s.mode() == LicenseMode::Setup ? QString() : s.reason;
}
} // namespace

bool LicenseManager::needsRecording(const LicenseCheckRow &row, const LicenseCheck &c)
{
    return row.state != c.status.stateName() || row.degradeReason != recordedReason(c.status) || !row.lastSeenAt.isValid()
        || row.lastSeenAt.secsTo(c.evaluatedAt) >= kLastSeenGranularitySecs;
}

LicenseCheck LicenseManager::check(const QDateTime &at, bool record)
{
    std::optional<LicenseCheckRow> row = m_store.loadForCheck();
    LicenseCheck c = evaluateRow(row, at);
    if (!record || !row || !needsRecording(*row, c))
        return c;

    // Decide again inside one write transaction: another process (the tray, a cron heartbeat)
    // may have changed the row, and a state change must be audited exactly once.
    QSqlQuery(m_db.connection()).exec(QStringLiteral("BEGIN IMMEDIATE"));
    row = m_store.loadForCheck();
    c = evaluateRow(row, at);
    bool ok = true;
    if (row && needsRecording(*row, c)) {
        const QString state = c.status.stateName();
        const QDateTime lastSeen = row->lastSeenAt.isValid() && row->lastSeenAt > c.evaluatedAt ? row->lastSeenAt : c.evaluatedAt;
        ok = m_store.recordEvaluation(state, c.status.hotelhubStatus(), recordedReason(c.status), lastSeen, c.evaluatedAt);
        if (ok && (row->state != state || row->degradeReason != recordedReason(c.status))) {
            const QJsonObject meta{{QStringLiteral("from"), row->state}, {QStringLiteral("to"), state},
                                   {QStringLiteral("reason"), c.status.reason}, {QStringLiteral("mode"), c.status.modeName()}};
            ok = m_audit->appendWithinTransaction(QStringLiteral("license.") + state, meta);
            log(c.status.mode() == LicenseMode::Full ? 0 : 1, QStringLiteral("license.") + state, meta);
        }
    }
    QSqlQuery(m_db.connection()).exec(ok ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"));
    return c;
}

StatusReport LicenseManager::statusReport(const QDateTime &at, bool record)
{
    StatusReport r;
    static_cast<LicenseCheck &>(r) = check(at, record);
    r.row = m_store.load();
    const UsageCounts u = usage();
    r.rooms = u.rooms;
    r.users = u.users;
    if (r.row) {
        const LocalLicense &row = *r.row;
        r.nextHeartbeat = nextHeartbeatDue({row.lastHeartbeatSuccessAt, row.lastHeartbeatAttemptAt, row.heartbeatFailures,
                                            installOffsetMinutes(row.installId), row.installId, r.evaluatedAt, m_clock.timeZone()});
        if (row.nextHeartbeatAt.isValid() && row.nextHeartbeatAt > r.evaluatedAt)
            r.nextHeartbeat = std::min(r.nextHeartbeat, row.nextHeartbeatAt);
    }
    return r;
}

bool LicenseManager::storePairing(const QByteArray &token, const QString &licenseKeyHash, QString *error)
{
    LocalLicenseStore &store = m_store;
    std::optional<LocalLicense> existing = store.load();
    if (!existing) {
        const BootstrapResult b = bootstrap(false);
        if (!b.ok) {
            *error = b.error;
            return false;
        }
        existing = store.load();
    }
    LocalLicense row = *existing;
    const PinnedKey &pin = pinnedKey();
    if (!pin.intact) {
        *error = pin.problem;
        return false;
    }
    const FingerprintComponents components = currentComponents(row.installId);
    const TokenVerification v = verifyToken(token, pin.key.get(), {m_clock.now(), components.fingerprint(), 300});
    if (!v.ok()) {
        *error = tr("The licence server's token was not accepted (%1): %2").arg(tokenErrorCode(v.error), v.detail);
        return false;
    }
    if (!m_secret)
        m_secret = m_keys.loadOrCreate();
    if (!m_secret) {
        *error = tr("Cannot create the encryption key for the licence token: %1").arg(m_keys.errorString());
        return false;
    }
    if (!m_vault || m_vault->installId() != row.installId)
        m_vault.emplace(*m_secret, row.installId);
    const TokenClaims &claims = *v.claims;
    const QDateTime now = m_clock.now();
    const bool samePairing = row.isPaired() && row.licenseKeyHash == licenseKeyHash && row.fingerprint == components.fingerprint();
    row.fingerprint = components.fingerprint();
    row.fingerprintComponents = components.hashed();
    row.licenseKeyHash = licenseKeyHash;
    row.tokenEncrypted = m_vault->seal(token);
    if (!samePairing)
        row.pairedAt = now;
    row.lastHeartbeatSuccessAt = now;
    row.lastHeartbeatAttemptAt = now;
    row.heartbeatFailures = 0;
    row.lastFailureReason.clear();
    row.graceUntil = claims.expiresAt;
    row.validUntil = claims.validUntil;
    row.plan = claims.plan;
    row.features = claims.features;
    row.maxRooms = claims.maxRooms();
    row.maxUsers = claims.maxUsers();
    row.maxProperties = claims.maxProperties();
    row.serverState.clear();
    row.state = QStringLiteral("active");
    row.status = QStringLiteral("paired");
    row.degradeReason.clear();
    row.lastSeenAt = std::max(row.lastSeenAt, now);
    row.updatedAt = now;
    row.nextHeartbeatAt = nextHeartbeatDue({now, now, 0, installOffsetMinutes(row.installId), row.installId, now, m_clock.timeZone()});

    QSqlDatabase db = m_db.connection();
    QSqlQuery(db).exec(QStringLiteral("BEGIN IMMEDIATE"));
    bool ok = store.save(row);
    if (ok && !samePairing)
        ok = m_audit->appendWithinTransaction(QStringLiteral("license.paired"),
                                              {{QStringLiteral("install_id"), row.installId}, {QStringLiteral("plan"), claims.plan},
                                               {QStringLiteral("valid_until"), toStorage(claims.validUntil)},
                                               {QStringLiteral("license_id"), claims.subject}});
    if (!ok || !QSqlQuery(db).exec(QStringLiteral("COMMIT"))) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        *error = tr("Cannot save the pairing in the licence database: %1").arg(store.errorString() + m_audit->errorString());
        return false;
    }
    m_env.set(QStringLiteral("LICENSE_KEY_HASH"), licenseKeyHash);
    m_env.set(QStringLiteral("LICENSE_INSTALL_ID"), row.installId);
    m_env.set(QStringLiteral("LICENSE_FINGERPRINT"), row.fingerprint);
    if (!m_env.save()) {
        // The pairing itself is stored; the .env copy is for the HMS and can be written later.
        *error = m_env.errorString();
        log(1, QStringLiteral("license.env_write_failed"), {{QStringLiteral("file"), m_paths.envFile}});
    }
    if (!samePairing)
        log(0, QStringLiteral("license.paired"), {{QStringLiteral("install_id"), row.installId}, {QStringLiteral("plan"), claims.plan}});
    return true;
}

QJsonObject LicenseManager::statusJson(const StatusReport &c)
{
    auto isoSecs = [](const QDateTime &t) { return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue(); };
    auto date = [](const QDateTime &t) { return t.isValid() ? QJsonValue(t.toUTC().date().toString(Qt::ISODate)) : QJsonValue(); };
    const LicenseStatus &s = c.status;
    QJsonObject o;
    o.insert(QStringLiteral("status"), s.hotelhubStatus());
    o.insert(QStringLiteral("state"), s.stateName());
    o.insert(QStringLiteral("mode"), s.modeName());
    o.insert(QStringLiteral("reason"), s.reason);
    o.insert(QStringLiteral("plan"), c.claims ? QJsonValue(c.claims->plan) : QJsonValue());
    o.insert(QStringLiteral("valid_until"), date(c.claims ? c.claims->validUntil : QDateTime()));
    o.insert(QStringLiteral("last_heartbeat"), isoSecs(c.row ? c.row->lastHeartbeatSuccessAt : QDateTime()));
    o.insert(QStringLiteral("next_heartbeat"), c.row && c.row->isPaired() ? isoSecs(c.nextHeartbeat) : QJsonValue());
    o.insert(QStringLiteral("grace_until"), date(c.claims ? c.claims->expiresAt : QDateTime()));
    o.insert(QStringLiteral("features"), c.claims ? c.claims->features : QJsonObject());
    o.insert(QStringLiteral("usage"), QJsonObject{{QStringLiteral("rooms"), c.rooms},
                                                  {QStringLiteral("max_rooms"), c.claims ? c.claims->maxRooms() : 0},
                                                  {QStringLiteral("users"), c.users},
                                                  {QStringLiteral("max_users"), c.claims ? c.claims->maxUsers() : 0}});
    o.insert(QStringLiteral("days_overdue"), s.state == LicenseState::Unpaired ? 0 : s.heartbeatAgeDays);
    o.insert(QStringLiteral("days_left"), s.daysLeft);
    o.insert(QStringLiteral("install_id"), c.row ? QJsonValue(c.row->installId) : QJsonValue());
    o.insert(QStringLiteral("fingerprint"), c.row ? QJsonValue(c.row->fingerprint) : QJsonValue());
    if (c.row && !c.changedComponents.isEmpty()) {
        o.insert(QStringLiteral("current_fingerprint"), c.current.fingerprint());
        o.insert(QStringLiteral("changed_components"), QJsonArray::fromStringList(c.changedComponents));
    }
    o.insert(QStringLiteral("evaluated_at"), isoSecs(c.evaluatedAt));
    return o;
}

} // namespace hotelhub
