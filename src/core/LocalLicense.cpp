#include "LocalLicense.h"
#include "Clock.h"
#include "Database.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

namespace hotelhub {

namespace {
QJsonObject jsonObject(const QVariant &v) { return QJsonDocument::fromJson(v.toByteArray()).object(); }
QString jsonText(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }
QVariant nullable(const QString &s) { return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s); }
QVariant nullableTime(const QDateTime &t) { return nullable(toStorage(t)); }
} // namespace

std::optional<LocalLicense> LocalLicenseStore::load()
{
    m_error.clear();
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT * FROM local_licenses WHERE id = 1"))) {
        m_error = q.lastError().text();
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    auto v = [&q](const char *name) { return q.value(QLatin1String(name)); };
    auto t = [&v](const char *name) { return fromStorage(v(name).toString()); };
    LocalLicense r;
    r.installId = v("install_id").toString();
    r.fingerprint = v("fingerprint").toString();
    r.fingerprintComponents = jsonObject(v("fingerprint_components"));
    r.licenseKeyHash = v("license_key_hash").toString();
    r.tokenEncrypted = v("token_encrypted").toByteArray();
    r.pairedAt = t("paired_at");
    r.lastHeartbeatAttemptAt = t("last_heartbeat_attempt_at");
    r.lastHeartbeatSuccessAt = t("last_heartbeat_success_at");
    r.heartbeatFailures = v("heartbeat_failures").toInt();
    r.lastFailureReason = v("last_failure_reason").toString();
    r.nextHeartbeatAt = t("next_heartbeat_at");
    r.graceUntil = t("grace_until");
    r.validUntil = t("valid_until");
    r.plan = v("plan").toString();
    r.features = jsonObject(v("features"));
    r.maxRooms = v("max_rooms").toInt();
    r.maxUsers = v("max_users").toInt();
    r.maxProperties = v("max_properties").toInt();
    r.status = v("status").toString();
    r.state = v("state").toString();
    r.degradeReason = v("degrade_reason").toString();
    r.serverState = v("server_state").toString();
    r.hardLockDays = v("hard_lock_days").toInt();
    r.lastSeenAt = t("last_seen_at");
    r.dismissedUntil = t("dismissed_until");
    r.lastServerTime = t("last_server_time");
    if (!v("clock_skew_seconds").isNull())
        r.clockSkewSeconds = v("clock_skew_seconds").toLongLong();
    r.createdAt = t("created_at");
    r.updatedAt = t("updated_at");
    return r;
}

bool LocalLicenseStore::save(const LocalLicense &r)
{
    m_error.clear();
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO local_licenses (id, install_id, fingerprint, fingerprint_components, license_key_hash, token_encrypted, "
        "paired_at, last_heartbeat_attempt_at, last_heartbeat_success_at, heartbeat_failures, last_failure_reason, next_heartbeat_at, "
        "grace_until, valid_until, plan, features, max_rooms, max_users, max_properties, status, state, degrade_reason, server_state, "
        "hard_lock_days, last_seen_at, dismissed_until, last_server_time, clock_skew_seconds, created_at, updated_at) "
        "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(r.installId);
    q.addBindValue(r.fingerprint);
    q.addBindValue(jsonText(r.fingerprintComponents));
    q.addBindValue(nullable(r.licenseKeyHash));
    q.addBindValue(r.tokenEncrypted.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(r.tokenEncrypted));
    q.addBindValue(nullableTime(r.pairedAt));
    q.addBindValue(nullableTime(r.lastHeartbeatAttemptAt));
    q.addBindValue(nullableTime(r.lastHeartbeatSuccessAt));
    q.addBindValue(r.heartbeatFailures);
    q.addBindValue(nullable(r.lastFailureReason));
    q.addBindValue(nullableTime(r.nextHeartbeatAt));
    q.addBindValue(nullableTime(r.graceUntil));
    q.addBindValue(nullableTime(r.validUntil));
    q.addBindValue(nullable(r.plan));
    q.addBindValue(r.features.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(jsonText(r.features)));
    q.addBindValue(r.maxRooms);
    q.addBindValue(r.maxUsers);
    q.addBindValue(r.maxProperties);
    q.addBindValue(r.status);
    q.addBindValue(r.state);
    q.addBindValue(nullable(r.degradeReason));
    q.addBindValue(nullable(r.serverState));
    q.addBindValue(r.hardLockDays);
    q.addBindValue(nullableTime(r.lastSeenAt));
    q.addBindValue(nullableTime(r.dismissedUntil));
    q.addBindValue(nullableTime(r.lastServerTime));
    q.addBindValue(r.clockSkewSeconds ? QVariant(*r.clockSkewSeconds) : QVariant(QMetaType::fromType<qlonglong>()));
    q.addBindValue(toStorage(r.createdAt));
    q.addBindValue(toStorage(r.updatedAt));
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    return true;
}

} // namespace hotelhub
