#include "LocalLicense.h"
#include "Clock.h"
#include "Database.h"
#include "DiskSpace.h"
#include "LicenseKey.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace hotelhub {

namespace {
QJsonObject jsonObject(const QVariant &v) { return QJsonDocument::fromJson(v.toByteArray()).object(); }
QString jsonText(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }
QVariant nullable(const QString &s) { return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s); }
QVariant nullableTime(const QDateTime &t) { return nullable(toStorage(t)); }
} // namespace

namespace {
// Column order of the SELECT below; load() reads by index.
enum Column {
    InstallId, Fingerprint, FingerprintComponents, LicenseKeyHash, TokenEncrypted, PairedAt, LastAttempt, LastSuccess,
    Failures, LastFailureReason, NextHeartbeat, GraceUntil, ValidUntil, Plan, Features, MaxRooms, MaxUsers, MaxProperties,
    Status, State, DegradeReason, ServerState, HardLockDays, LastSeen, DismissedUntil, LastServerTime, ClockSkew, CreatedAt, UpdatedAt, VendorContact,
};
const char *const kSelect =
    "SELECT install_id, fingerprint, fingerprint_components, license_key_hash, token_encrypted, paired_at, "
    "last_heartbeat_attempt_at, last_heartbeat_success_at, heartbeat_failures, last_failure_reason, next_heartbeat_at, "
    "grace_until, valid_until, plan, features, max_rooms, max_users, max_properties, status, state, degrade_reason, "
    "server_state, hard_lock_days, last_seen_at, dismissed_until, last_server_time, clock_skew_seconds, created_at, updated_at, "
    "vendor_contact FROM local_licenses WHERE id = 1";
} // namespace

void LocalLicenseStore::setError(const QSqlError &error)
{
    m_diskFull = m_db.isDiskFull(error);
    m_error = m_diskFull ? DiskSpace::fullMessage(m_db.path()) : error.text();
}

QSqlQuery *LocalLicenseStore::selectRow(std::optional<QSqlQuery> &slot, const char *sql)
{
    m_error.clear();
    m_diskFull = false;
    if (!slot || slot->lastError().isValid()) {
        slot.emplace(m_db.connection());
        slot->setForwardOnly(true);
        if (!slot->prepare(QLatin1String(sql))) {
            setError(slot->lastError());
            slot.reset();
            return nullptr;
        }
    }
    if (!slot->exec()) {
        setError(slot->lastError());
        return nullptr;
    }
    if (!slot->next()) {
        slot->finish();
        return nullptr;
    }
    return &*slot;
}

std::optional<LocalLicense> LocalLicenseStore::load()
{
    QSqlQuery *row = selectRow(m_select, kSelect);
    if (!row)
        return std::nullopt;
    QSqlQuery &q = *row;
    auto t = [&q](Column c) { return fromStorage(q.value(c).toString()); };
    LocalLicense r;
    r.installId = q.value(InstallId).toString();
    r.fingerprint = q.value(Fingerprint).toString();
    r.fingerprintComponents = jsonObject(q.value(FingerprintComponents));
    r.licenseKeyHash = q.value(LicenseKeyHash).toString();
    LicenseKey::remember(r.licenseKeyHash);
    r.tokenEncrypted = q.value(TokenEncrypted).toByteArray();
    r.pairedAt = t(PairedAt);
    r.lastHeartbeatAttemptAt = t(LastAttempt);
    r.lastHeartbeatSuccessAt = t(LastSuccess);
    r.heartbeatFailures = q.value(Failures).toInt();
    r.lastFailureReason = q.value(LastFailureReason).toString();
    r.nextHeartbeatAt = t(NextHeartbeat);
    r.graceUntil = t(GraceUntil);
    r.validUntil = t(ValidUntil);
    r.plan = q.value(Plan).toString();
    r.features = jsonObject(q.value(Features));
    r.maxRooms = q.value(MaxRooms).toInt();
    r.maxUsers = q.value(MaxUsers).toInt();
    r.maxProperties = q.value(MaxProperties).toInt();
    r.status = q.value(Status).toString();
    r.state = q.value(State).toString();
    r.degradeReason = q.value(DegradeReason).toString();
    r.serverState = q.value(ServerState).toString();
    r.hardLockDays = q.value(HardLockDays).toInt();
    r.lastSeenAt = t(LastSeen);
    r.dismissedUntil = t(DismissedUntil);
    r.lastServerTime = t(LastServerTime);
    if (!q.value(ClockSkew).isNull())
        r.clockSkewSeconds = q.value(ClockSkew).toLongLong();
    r.createdAt = t(CreatedAt);
    r.updatedAt = t(UpdatedAt);
    r.vendorContact = jsonObject(q.value(VendorContact));
    q.finish(); // release the read snapshot so writers are not blocked
    return r;
}

namespace {
enum CheckColumn { CInstallId, CFingerprint, CComponents, CToken, CPairedAt, CLastSuccess, CLastSeen, CServerState, CHardLock, CState, CReason,
                   CGraceUntil, CValidUntil };
const char *const kSelectForCheck =
    "SELECT install_id, fingerprint, fingerprint_components, token_encrypted, paired_at, last_heartbeat_success_at, "
    "last_seen_at, server_state, hard_lock_days, state, degrade_reason, grace_until, valid_until FROM local_licenses WHERE id = 1";
} // namespace

std::optional<LicenseCheckRow> LocalLicenseStore::loadForCheck()
{
    // The row changes only by a commit: data_version moves with every other connection's commit
    // (another process or thread), total_changes() with this connection's own writes. While
    // both stand still, the row read last time is still the row: the tray and the local API
    // check often, and the row changes about once a day.
    std::optional<std::pair<qint64, qint64>> version;
    if (QSqlQuery *v = selectRow(m_version, "SELECT data_version, total_changes() FROM pragma_data_version")) {
        version.emplace(v->value(0).toLongLong(), v->value(1).toLongLong());
        v->finish();
    }
    if (version && m_checked && m_checkedVersion == *version)
        return m_checked;
    m_checked.reset();
    QSqlQuery *row = selectRow(m_selectForCheck, kSelectForCheck);
    if (!row)
        return std::nullopt;
    QSqlQuery &q = *row;
    LicenseCheckRow r;
    r.installId = q.value(CInstallId).toString();
    r.fingerprint = q.value(CFingerprint).toString();
    r.fingerprintComponentsJson = q.value(CComponents).toByteArray();
    r.tokenEncrypted = q.value(CToken).toByteArray();
    r.pairedAt = fromStorage(q.value(CPairedAt).toString());
    r.lastHeartbeatSuccessAt = fromStorage(q.value(CLastSuccess).toString());
    r.lastSeenAt = fromStorage(q.value(CLastSeen).toString());
    r.serverState = q.value(CServerState).toString();
    r.hardLockDays = q.value(CHardLock).toInt();
    r.state = q.value(CState).toString();
    r.degradeReason = q.value(CReason).toString();
    r.graceUntil = fromStorage(q.value(CGraceUntil).toString());
    r.validUntil = fromStorage(q.value(CValidUntil).toString());
    q.finish();
    if (version) {
        // Read after the version: a commit in between only makes the next call read again.
        m_checked = r;
        m_checkedVersion = *version;
    }
    return r;
}

bool LocalLicenseStore::setDismissedUntil(const QDateTime &until)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE local_licenses SET dismissed_until = ? WHERE id = 1"));
    q.addBindValue(nullableTime(until));
    if (!q.exec() || q.numRowsAffected() != 1) {
        setError(q.lastError());
        return false;
    }
    return true;
}

bool LocalLicenseStore::recordEvaluation(const QString &state, const QString &status, const QString &degradeReason,
                                         const QDateTime &lastSeenAt, const QDateTime &updatedAt)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE local_licenses SET state = ?, status = ?, degrade_reason = ?, last_seen_at = ?, updated_at = ? WHERE id = 1"));
    q.addBindValue(state);
    q.addBindValue(status);
    q.addBindValue(nullable(degradeReason));
    q.addBindValue(nullableTime(lastSeenAt));
    q.addBindValue(toStorage(updatedAt));
    if (!q.exec()) {
        setError(q.lastError());
        return false;
    }
    return true;
}

bool LocalLicenseStore::save(const LocalLicense &r)
{
    m_error.clear();
    m_diskFull = false;
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO local_licenses (id, install_id, fingerprint, fingerprint_components, license_key_hash, token_encrypted, "
        "paired_at, last_heartbeat_attempt_at, last_heartbeat_success_at, heartbeat_failures, last_failure_reason, next_heartbeat_at, "
        "grace_until, valid_until, plan, features, max_rooms, max_users, max_properties, status, state, degrade_reason, server_state, "
        "hard_lock_days, last_seen_at, dismissed_until, last_server_time, clock_skew_seconds, created_at, updated_at, vendor_contact) "
        "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
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
    q.addBindValue(r.vendorContact.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(jsonText(r.vendorContact)));
    if (!q.exec()) {
        setError(q.lastError());
        return false;
    }
    return true;
}

} // namespace hotelhub
