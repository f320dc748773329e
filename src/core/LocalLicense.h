// The single local_licenses row (PRODUCT.md "Tables") and its load/save.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QSqlQuery>
#include <QString>
#include <optional>
#include <utility>

namespace hotelhub {

class Database;

struct LocalLicense
{
    QString installId;
    QString fingerprint;
    QJsonObject fingerprintComponents; // hashed, see FingerprintComponents::hashed()
    QString licenseKeyHash;
    QByteArray tokenEncrypted;
    QDateTime pairedAt;
    QDateTime lastHeartbeatAttemptAt;
    QDateTime lastHeartbeatSuccessAt;
    int heartbeatFailures = 0;
    QString lastFailureReason;
    QDateTime nextHeartbeatAt;
    QDateTime graceUntil;
    QDateTime validUntil;
    QString plan;
    QJsonObject features;
    int maxRooms = 0;
    int maxUsers = 0;
    int maxProperties = 0;
    QString status = QStringLiteral("unpaired");
    QString state = QStringLiteral("unpaired");
    QString degradeReason;
    QString serverState;
    int hardLockDays = 60;
    QDateTime lastSeenAt;
    QDateTime dismissedUntil;
    QDateTime lastServerTime;
    std::optional<qint64> clockSkewSeconds;
    QJsonObject vendorContact; // {phone, email} from the vendor's last suspended/revoked reply
    QDateTime createdAt;
    QDateTime updatedAt;

    bool isPaired() const { return !tokenEncrypted.isEmpty(); }
};

// What the local check needs of the row (a narrow SELECT: Qt's SQLite driver rebuilds per-column
// metadata on every exec, so width costs time on the hot path).
struct LicenseCheckRow
{
    QString installId;
    QString fingerprint;
    QByteArray fingerprintComponentsJson; // parsed only after a mismatch
    QByteArray tokenEncrypted;
    QDateTime pairedAt;
    QDateTime lastHeartbeatSuccessAt;
    QDateTime lastSeenAt;
    QString serverState;
    int hardLockDays = 60;
    QString state;
    QString degradeReason;
    QDateTime graceUntil; // the stored token's exp and valid_until, copied in clear when it was stored
    QDateTime validUntil;

    bool isPaired() const { return !tokenEncrypted.isEmpty(); }
};

// Keeps its SELECT prepared: the tray and the local API read this row on every status request.
// Use one store per thread.
class LocalLicenseStore
{
public:
    explicit LocalLicenseStore(Database &db) : m_db(db) {}
    // nullopt when there is no row (never bootstrapped) or the read failed (see errorString()).
    std::optional<LocalLicense> load();
    std::optional<LicenseCheckRow> loadForCheck();
    bool save(const LocalLicense &row);
    // Records an evaluation: only these columns, so a concurrent heartbeat's writes survive.
    bool recordEvaluation(const QString &state, const QString &status, const QString &degradeReason, const QDateTime &lastSeenAt,
                          const QDateTime &updatedAt);
    // The yellow banner's dismissal (persisted, so it survives a restart).
    bool setDismissedUntil(const QDateTime &until);
    QString errorString() const { return m_error; }
    // The last failure was a full disk (errorString() then says so, with the free space).
    bool isDiskFull() const { return m_diskFull; }

private:
    void setError(const QSqlError &error);
    // Prepares `sql` into `slot` once, runs it, and returns the query on its row, or nullptr when
    // there is no row (errorString() says whether that was an error). finish() it after reading.
    QSqlQuery *selectRow(std::optional<QSqlQuery> &slot, const char *sql);

    Database &m_db;
    QString m_error;
    bool m_diskFull = false;
    std::optional<QSqlQuery> m_select;
    std::optional<QSqlQuery> m_selectForCheck;
    std::optional<QSqlQuery> m_version; // on the same connection as the two above
    std::optional<LicenseCheckRow> m_checked; // the last row loadForCheck() read, and when
    std::pair<qint64, qint64> m_checkedVersion{-1, -1};
};

} // namespace hotelhub
