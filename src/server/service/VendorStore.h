// Licence records and their history on the vendor side. Used by the HTTP service, the admin
// command line and the Google Sheets sync; every change is written to vendor_audit.
#pragma once

#include "VendorDatabase.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <functional>
#include <algorithm>
#include <optional>

namespace hotelhub {
class Clock;
}

namespace hotelhub::service {

struct License
{
    qint64 id = 0;
    QString keyHash;
    QString keyMasked;
    QString plan;
    int maxRooms = 0;
    int maxUsers = 0;
    int maxProperties = 1;
    QJsonObject features;   // extra feature flags (besides the max_* limits)
    QDateTime validUntil;   // UTC
    int graceDays = 30;
    QString status;         // active | suspended | revoked
    QString statusReason;
    QString ownerEmail;
    int migrationsPerYear = 2;
    QDate lastPayment;
    QString notes;
    QDateTime createdAt;
    QDateTime updatedAt;

    // features{} as the token carries it: the flags plus max_rooms, max_concurrent_users, max_properties.
    QJsonObject tokenFeatures() const;
    // The grace days a token is signed with: 1 to 365. A row with 0 (made before `license create`
    // checked the range) signed tokens that expired as they were issued, so the hotel stayed
    // restricted whatever it did (helper-38); it gets one day until the vendor sets it.
    int tokenGraceDays() const { return std::clamp(graceDays, 1, 365); }
    bool expiredAt(const QDateTime &now) const { return now > validUntil; }
    // What the server answers for it at `now`: `status` (active, suspended, revoked), except an
    // active licence past its end: "grace" while heartbeats are still accepted (new pairings are
    // refused), "expired" once the grace days are over too.
    QString effectiveStatus(const QDateTime &now) const
    {
        if (status != QLatin1String("active") || !expiredAt(now))
            return status;
        return now > validUntil.addDays(graceDays) ? QStringLiteral("expired") : QStringLiteral("grace");
    }
};

struct Pairing
{
    qint64 id = 0;
    qint64 licenseId = 0;
    QString fingerprint;
    QString installId;
    QJsonObject machineInfo;
    bool active = false;
    QString currentJti;     // the token in use
    QString pendingJti;     // its successor, issued and not yet presented (README "Token chain")
    QByteArray pendingToken;
    QJsonObject components; // (ext) hashed fingerprint components, for self-heal
    QDateTime reboundAt;    // the last self-healed rebind
    QDateTime pairedAt;
    QDateTime unpairedAt;
    QString unpairReason;
};

struct LicenseSummary
{
    License license;
    bool paired = false;
    std::optional<Pairing> activePairing; // summary() only; list() leaves it empty
    QDateTime lastHeartbeat;
    int pairings = 0;
    int migrationsLastYear = 0;
};

struct NewLicense
{
    QString plan;
    int maxRooms = 0;
    int maxUsers = 0;
    int maxProperties = 1;
    QDate validUntil;          // the licence is valid through this calendar day (Asia/Jakarta)
    QString ownerEmail;
    int graceDays = 30;
    QJsonObject features;
    int migrationsPerYear = 2;
};

class VendorStore
{
    Q_DECLARE_TR_FUNCTIONS(VendorStore)
public:
    VendorStore(VendorDatabase &db, const Clock &clock) : m_db(db), m_clock(clock) {}
    const Clock &clock() const { return m_clock; }

    // Creates a licence with a fresh random key; returns the key (shown once, stored as a hash).
    std::optional<QString> createLicense(const NewLicense &spec, License *created = nullptr);
    std::optional<License> findByKeyHash(const QString &keyHash);
    std::optional<License> findById(qint64 id);
    QList<LicenseSummary> list(); // one query, whatever the number of licences
    std::optional<LicenseSummary> summary(const QString &keyHash);
    QList<QJsonObject> recentHeartbeats(qint64 licenseId, int limit);
    QList<Pairing> pairings(qint64 licenseId);

    // Takes back a licence created a moment ago whose key could not be shown (nothing else refers
    // to it yet): the licence and its creation's audit row, together.
    bool discardNew(qint64 licenseId);
    // A new end of the licence; with `graceDays`, its grace days too (1-365: the token's lifetime
    // after each heartbeat, and the renewal window after the end).
    bool extend(qint64 licenseId, const QDate &until, const QString &source, std::optional<int> graceDays = std::nullopt);
    // active | suspended | revoked, with a reason, into license_revocations and the audit.
    bool setStatus(qint64 licenseId, const QString &status, const QString &reason, const QString &source);
    bool setPayment(qint64 licenseId, const QDate &lastPayment, const QString &notes, const QString &source);
    bool resetMigrations(qint64 licenseId);
    int migrationsSince(qint64 licenseId, const QDateTime &since);
    // Deletes heartbeats older than `keepDays` before `now` (a trusted reading: ClockTrust).
    int pruneHeartbeats(int keepDays, const QDateTime &now);
    // The newest moment anything in the store is dated: heartbeats, the audit, licence changes and
    // the clock mark. Invalid for an empty store.
    QDateTime newestRecord();
    // Marks `now` as a moment the server trusted its clock (kept as the newest such moment).
    bool markClock(const QDateTime &now);
    // An admin vouches for the clock reading `now` (--trust-clock): marked, and audited with the
    // newest record it was ahead of.
    bool confirmClock(const QDateTime &newestRecord, const QDateTime &now);
    bool audit(const QString &action, qint64 licenseId, const QJsonObject &metadata);
    // The licence's audit events whose action starts with `prefix`, newest first.
    QList<QJsonObject> auditEvents(qint64 licenseId, const QString &prefix, int limit);

    VendorDatabase &database() { return m_db; }
    const VendorDatabase &database() const { return m_db; }
    QString errorString() const { return m_error; }

    static License readLicense(const class QSqlQuery &q);
    static QString licenseColumns();
    // End of the calendar day `date` in Asia/Jakarta, in UTC (2025-12-31 → 2025-12-31T16:59:59Z).
    static QDateTime endOfVendorDay(const QDate &date);
    static QDate vendorDate(const QDateTime &utc);

private:
    // Runs `write` in one transaction: every statement of it is kept, or none. Joins the
    // caller's transaction when this thread has one open (the sheet sync writes a row whole).
    bool whole(const std::function<bool()> &write);

    VendorDatabase &m_db;
    const Clock &m_clock;
    QString m_error;
};

// A new HMS-XXXXX-XXXXX-XXXXX-XXXXX key from a CSPRNG (no I, O, 0, 1: they are misread on phones).
QString generateLicenseKey();

} // namespace hotelhub::service
