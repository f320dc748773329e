// The single local_licenses row (PRODUCT.md "Tables") and its load/save.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

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
    QDateTime createdAt;
    QDateTime updatedAt;

    bool isPaired() const { return !tokenEncrypted.isEmpty(); }
};

class LocalLicenseStore
{
public:
    explicit LocalLicenseStore(Database &db) : m_db(db) {}
    // nullopt when there is no row (never bootstrapped) or the read failed (see errorString()).
    std::optional<LocalLicense> load();
    bool save(const LocalLicense &row);
    QString errorString() const { return m_error; }

private:
    Database &m_db;
    QString m_error;
};

} // namespace hotelhub
