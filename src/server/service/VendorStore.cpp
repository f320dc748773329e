#include "VendorStore.h"
#include "Clock.h"
#include "Crypto.h"
#include "LicenseKey.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

namespace hotelhub::service {

namespace {
QString json(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }
QJsonObject object(const QVariant &v) { return QJsonDocument::fromJson(v.toString().toUtf8()).object(); }
QVariant text(const QString &s) { return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s); }
} // namespace

QString generateLicenseKey()
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // 32 symbols
    const QByteArray random = crypto::randomBytes(20);
    QString key = QStringLiteral("HMS");
    for (int i = 0; i < 20; ++i) {
        if (i % 5 == 0)
            key += u'-';
        key += QLatin1Char(alphabet[quint8(random[i]) % 32]);
    }
    return key;
}

QDateTime VendorStore::endOfVendorDay(const QDate &date)
{
    return hotelhub::endOfVendorDay(date);
}

QDate VendorStore::vendorDate(const QDateTime &utc)
{
    return hotelhub::vendorDate(utc);
}

QJsonObject License::tokenFeatures() const
{
    QJsonObject f = features;
    f.insert(QStringLiteral("max_rooms"), maxRooms);
    f.insert(QStringLiteral("max_concurrent_users"), maxUsers);
    f.insert(QStringLiteral("max_properties"), maxProperties);
    return f;
}

QString VendorStore::licenseColumns()
{
    return QStringLiteral("id, key_hash, key_masked, plan, max_rooms, max_users, max_properties, features, valid_until, grace_days, "
                          "status, status_reason, owner_email, migrations_per_year, last_payment, notes, created_at, updated_at");
}

License VendorStore::readLicense(const QSqlQuery &q)
{
    License l;
    l.id = q.value(0).toLongLong();
    l.keyHash = q.value(1).toString();
    l.keyMasked = q.value(2).toString();
    l.plan = q.value(3).toString();
    l.maxRooms = q.value(4).toInt();
    l.maxUsers = q.value(5).toInt();
    l.maxProperties = q.value(6).toInt();
    l.features = object(q.value(7));
    l.validUntil = fromStorage(q.value(8).toString());
    l.graceDays = q.value(9).toInt();
    l.status = q.value(10).toString();
    l.statusReason = q.value(11).toString();
    l.ownerEmail = q.value(12).toString();
    l.migrationsPerYear = q.value(13).toInt();
    l.lastPayment = QDate::fromString(q.value(14).toString(), Qt::ISODate);
    l.notes = q.value(15).toString();
    l.createdAt = fromStorage(q.value(16).toString());
    l.updatedAt = fromStorage(q.value(17).toString());
    return l;
}

bool VendorStore::audit(const QString &action, qint64 licenseId, const QJsonObject &metadata)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO vendor_audit (action, license_id, metadata, created_at) VALUES (?, ?, ?, ?)"));
    q.addBindValue(action);
    q.addBindValue(licenseId > 0 ? QVariant(licenseId) : QVariant(QMetaType::fromType<qlonglong>()));
    q.addBindValue(json(metadata));
    q.addBindValue(toStorage(m_clock.now()));
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    return true;
}

std::optional<QString> VendorStore::createLicense(const NewLicense &spec, License *created)
{
    const QDateTime now = m_clock.now();
    for (int attempt = 0; attempt < 5; ++attempt) {
        const LicenseKey key = LicenseKey::parse(generateLicenseKey());
        bool collision = false;
        std::optional<License> license;
        // The licence and its audit row together: a disk that refuses the second keeps neither.
        const bool saved = whole([&] {
            QSqlQuery q(m_db.connection());
            q.prepare(QStringLiteral("INSERT INTO licenses (key_hash, key_masked, plan, max_rooms, max_users, max_properties, features, valid_until, "
                                     "grace_days, status, owner_email, migrations_per_year, created_at, updated_at) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)"));
            q.addBindValue(key.hash());
            q.addBindValue(key.masked());
            q.addBindValue(spec.plan);
            q.addBindValue(spec.maxRooms);
            q.addBindValue(spec.maxUsers);
            q.addBindValue(spec.maxProperties);
            q.addBindValue(json(spec.features));
            q.addBindValue(toStorage(endOfVendorDay(spec.validUntil)));
            q.addBindValue(spec.graceDays);
            q.addBindValue(text(spec.ownerEmail));
            q.addBindValue(spec.migrationsPerYear);
            q.addBindValue(toStorage(now));
            q.addBindValue(toStorage(now));
            if (!q.exec()) {
                m_error = q.lastError().text();
                collision = m_error.contains(QLatin1String("UNIQUE"), Qt::CaseInsensitive) || m_error.contains(QLatin1String("duplicate"));
                return false;
            }
            license = findByKeyHash(key.hash());
            return license
                && audit(QStringLiteral("license.created"), license->id,
                         {{QStringLiteral("plan"), spec.plan}, {QStringLiteral("valid_until"), spec.validUntil.toString(Qt::ISODate)},
                          {QStringLiteral("key"), key.masked()}});
        });
        if (collision)
            continue; // a 100-bit collision: draw again (its transaction was rolled back)
        if (!saved)
            return std::nullopt;
        if (created)
            *created = *license;
        return key.text();
    }
    return std::nullopt;
}

bool VendorStore::whole(const std::function<bool()> &write)
{
    if (VendorDatabase::WriteTransaction::openOnThisThread())
        return write(); // the caller's transaction: it commits or rolls back the whole
    VendorDatabase::WriteTransaction tx(m_db);
    if (!tx.ok()) {
        m_error = tx.errorString();
        return false;
    }
    if (!write())
        return false; // rolled back by tx
    if (!tx.commit()) {
        m_error = tx.errorString();
        return false;
    }
    return true;
}

std::optional<License> VendorStore::findByKeyHash(const QString &keyHash)
{
    m_error.clear();
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM licenses WHERE key_hash = ?").arg(licenseColumns()));
    q.addBindValue(keyHash);
    if (!q.exec()) {
        m_error = q.lastError().text();
        if (m_error.trimmed().isEmpty())
            m_error = QStringLiteral("the licence database query failed");
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return readLicense(q);
}

std::optional<License> VendorStore::findById(qint64 id)
{
    static const QString sql = QStringLiteral("SELECT %1 FROM licenses WHERE id = ?").arg(licenseColumns());
    QSqlQuery &q = m_db.cached(sql);
    q.addBindValue(id);
    std::optional<License> out;
    m_error.clear();
    if (!q.exec()) {
        m_error = q.lastError().text(); // a database fault, not "no such licence"
        if (m_error.trimmed().isEmpty())
            m_error = QStringLiteral("the licence database query failed");
    }
    else if (q.next())
        out = readLicense(q);
    q.finish();
    return out;
}

QList<Pairing> VendorStore::pairings(qint64 licenseId)
{
    QList<Pairing> out;
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT id, license_id, fingerprint, install_id, machine_info, active, current_jti, pending_jti, paired_at, "
                             "unpaired_at, unpair_reason FROM license_pairings WHERE license_id = ? ORDER BY id"));
    q.addBindValue(licenseId);
    q.exec();
    while (q.next()) {
        Pairing p;
        p.id = q.value(0).toLongLong();
        p.licenseId = q.value(1).toLongLong();
        p.fingerprint = q.value(2).toString();
        p.installId = q.value(3).toString();
        p.machineInfo = object(q.value(4));
        p.active = q.value(5).toInt() != 0;
        p.currentJti = q.value(6).toString();
        p.pendingJti = q.value(7).toString();
        p.pairedAt = fromStorage(q.value(8).toString());
        p.unpairedAt = fromStorage(q.value(9).toString());
        p.unpairReason = q.value(10).toString();
        out << p;
    }
    return out;
}

int VendorStore::migrationsSince(qint64 licenseId, const QDateTime &since)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT count(*) FROM license_migrations WHERE license_id = ? AND migrated_at > ?"));
    q.addBindValue(licenseId);
    q.addBindValue(toStorage(since));
    return q.exec() && q.next() ? q.value(0).toInt() : 0;
}

std::optional<LicenseSummary> VendorStore::summary(const QString &keyHash)
{
    const auto license = findByKeyHash(keyHash);
    if (!license)
        return std::nullopt;
    LicenseSummary s;
    s.license = *license;
    const QList<Pairing> all = pairings(license->id);
    s.pairings = int(all.size());
    for (const Pairing &p : all)
        if (p.active)
            s.activePairing = p;
    s.paired = s.activePairing.has_value();
    s.migrationsLastYear = migrationsSince(license->id, m_clock.now().addDays(-365));
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT max(received_at) FROM license_heartbeats WHERE license_id = ?"));
    q.addBindValue(license->id);
    if (q.exec() && q.next())
        s.lastHeartbeat = fromStorage(q.value(0).toString());
    return s;
}

QList<LicenseSummary> VendorStore::list()
{
    QList<LicenseSummary> out;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1, "
                             "(SELECT max(received_at) FROM license_heartbeats h WHERE h.license_id = licenses.id), "
                             "(SELECT count(*) FROM license_pairings p WHERE p.license_id = licenses.id), "
                             "(SELECT count(*) FROM license_pairings p WHERE p.license_id = licenses.id AND p.active = 1), "
                             "(SELECT count(*) FROM license_migrations m WHERE m.license_id = licenses.id AND m.migrated_at > ?) "
                             "FROM licenses ORDER BY id")
                  .arg(licenseColumns()));
    q.addBindValue(toStorage(m_clock.now().addDays(-365)));
    if (!q.exec()) {
        m_error = q.lastError().text();
        return out;
    }
    const int extra = 18; // licenseColumns() has 18 columns
    while (q.next()) {
        LicenseSummary s;
        s.license = readLicense(q);
        s.lastHeartbeat = fromStorage(q.value(extra).toString());
        s.pairings = q.value(extra + 1).toInt();
        s.paired = q.value(extra + 2).toInt() > 0;
        s.migrationsLastYear = q.value(extra + 3).toInt();
        out << s;
    }
    return out;
}

QList<QJsonObject> VendorStore::auditEvents(qint64 licenseId, const QString &prefix, int limit)
{
    QList<QJsonObject> out;
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT action, metadata, created_at FROM vendor_audit WHERE license_id = ? AND substr(action, 1, ?) = ? "
                             "ORDER BY created_at DESC, id DESC LIMIT ?"));
    q.addBindValue(licenseId);
    q.addBindValue(int(prefix.size()));
    q.addBindValue(prefix);
    q.addBindValue(limit);
    q.exec();
    while (q.next()) {
        QJsonObject o = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
        o.insert(QStringLiteral("action"), q.value(0).toString());
        o.insert(QStringLiteral("at"), q.value(2).toString());
        out << o;
    }
    return out;
}

QList<QJsonObject> VendorStore::recentHeartbeats(qint64 licenseId, int limit)
{
    QList<QJsonObject> out;
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT received_at, rooms, users, uptime, version, pairing_id FROM license_heartbeats WHERE license_id = ? "
                             "ORDER BY received_at DESC, id DESC LIMIT ?"));
    q.addBindValue(licenseId);
    q.addBindValue(limit);
    q.exec();
    while (q.next())
        out << QJsonObject{{QStringLiteral("received_at"), q.value(0).toString()}, {QStringLiteral("rooms"), q.value(1).toInt()},
                           {QStringLiteral("users"), q.value(2).toInt()}, {QStringLiteral("uptime"), q.value(3).toLongLong()},
                           {QStringLiteral("version"), q.value(4).toString()}, {QStringLiteral("pairing_id"), q.value(5).toLongLong()}};
    return out;
}

bool VendorStore::discardNew(qint64 licenseId)
{
    return whole([&] {
        QSqlQuery q(m_db.connection());
        for (const char *sql : {"DELETE FROM vendor_audit WHERE license_id = ?", "DELETE FROM licenses WHERE id = ?"}) {
            q.prepare(QLatin1String(sql));
            q.addBindValue(licenseId);
            if (!q.exec()) {
                m_error = q.lastError().text();
                return false;
            }
        }
        return true;
    });
}

bool VendorStore::extend(qint64 licenseId, const QDate &until, const QString &source, std::optional<int> graceDays)
{
    return whole([&] {
        const auto before = findById(licenseId);
        QSqlQuery q(m_db.connection());
        q.prepare(graceDays ? QStringLiteral("UPDATE licenses SET valid_until = ?, grace_days = ?, updated_at = ? WHERE id = ?")
                            : QStringLiteral("UPDATE licenses SET valid_until = ?, updated_at = ? WHERE id = ?"));
        q.addBindValue(toStorage(endOfVendorDay(until)));
        if (graceDays)
            q.addBindValue(*graceDays);
        q.addBindValue(toStorage(m_clock.now()));
        q.addBindValue(licenseId);
        if (!q.exec()) {
            m_error = q.lastError().text();
            return false;
        }
        QJsonObject details{{QStringLiteral("from"), before ? vendorDate(before->validUntil).toString(Qt::ISODate) : QString()},
                            {QStringLiteral("to"), until.toString(Qt::ISODate)}, {QStringLiteral("source"), source}};
        if (graceDays) {
            details.insert(QStringLiteral("grace_days_from"), before ? before->graceDays : 0);
            details.insert(QStringLiteral("grace_days_to"), *graceDays);
        }
        return audit(QStringLiteral("license.extended"), licenseId, details);
    });
}

bool VendorStore::setStatus(qint64 licenseId, const QString &status, const QString &reason, const QString &source)
{
    return whole([&] {
        const auto before = findById(licenseId);
        QSqlDatabase db = m_db.connection();
        QSqlQuery q(db);
        q.prepare(QStringLiteral("UPDATE licenses SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?"));
        q.addBindValue(status);
        q.addBindValue(text(reason));
        q.addBindValue(toStorage(m_clock.now()));
        q.addBindValue(licenseId);
        if (!q.exec()) {
            m_error = q.lastError().text();
            return false;
        }
        const QString action = status == QLatin1String("active") ? QStringLiteral("resumed") : status;
        q.prepare(QStringLiteral("INSERT INTO license_revocations (license_id, action, reason, source, created_at) VALUES (?, ?, ?, ?, ?)"));
        q.addBindValue(licenseId);
        q.addBindValue(action);
        q.addBindValue(text(reason));
        q.addBindValue(source);
        q.addBindValue(toStorage(m_clock.now()));
        if (!q.exec()) {
            m_error = q.lastError().text();
            return false;
        }
        return audit(QStringLiteral("license.") + action, licenseId,
                     {{QStringLiteral("from"), before ? before->status : QString()}, {QStringLiteral("to"), status},
                      {QStringLiteral("reason"), reason}, {QStringLiteral("source"), source}});
    });
}

bool VendorStore::setPayment(qint64 licenseId, const QDate &lastPayment, const QString &notes, const QString &source)
{
    return whole([&] {
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("UPDATE licenses SET last_payment = ?, notes = ?, updated_at = ? WHERE id = ?"));
        q.addBindValue(lastPayment.isValid() ? QVariant(lastPayment.toString(Qt::ISODate)) : QVariant(QMetaType::fromType<QString>()));
        q.addBindValue(text(notes));
        q.addBindValue(toStorage(m_clock.now()));
        q.addBindValue(licenseId);
        if (!q.exec()) {
            m_error = q.lastError().text();
            return false;
        }
        return audit(QStringLiteral("license.payment_noted"), licenseId,
                     {{QStringLiteral("last_payment"), lastPayment.toString(Qt::ISODate)}, {QStringLiteral("source"), source}});
    });
}

bool VendorStore::resetMigrations(qint64 licenseId)
{
    return whole([&] {
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("DELETE FROM license_migrations WHERE license_id = ?"));
        q.addBindValue(licenseId);
        if (!q.exec()) {
            m_error = q.lastError().text();
            return false;
        }
        return audit(QStringLiteral("license.migrations_reset"), licenseId, {});
    });
}

int VendorStore::pruneHeartbeats(int keepDays, const QDateTime &now)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM license_heartbeats WHERE received_at < ?"));
    q.addBindValue(toStorage(now.addDays(-keepDays)));
    return q.exec() ? q.numRowsAffected() : -1;
}

bool VendorStore::confirmClock(const QDateTime &newestRecord, const QDateTime &now)
{
    return whole([&] {
        return markClock(now)
            && audit(QStringLiteral("server.clock_confirmed"), 0,
                     {{QStringLiteral("newest_record"), toStorage(newestRecord)}, {QStringLiteral("clock"), toStorage(now)}});
    });
}

QDateTime VendorStore::newestRecord()
{
    // Each read uses an index or the newest row by id; no table is scanned.
    static const char *const queries[] = {
        "SELECT MAX(received_at) FROM license_heartbeats",
        "SELECT created_at FROM vendor_audit ORDER BY id DESC LIMIT 1",
        "SELECT MAX(updated_at) FROM licenses",
        "SELECT seen_at FROM vendor_clock WHERE id = 1",
    };
    QDateTime newest;
    QSqlQuery q(m_db.connection());
    for (const char *sql : queries) {
        if (!q.exec(QLatin1String(sql)) || !q.next())
            continue;
        const QDateTime t = fromStorage(q.value(0).toString());
        if (t.isValid() && (!newest.isValid() || t > newest))
            newest = t;
    }
    return newest;
}

bool VendorStore::markClock(const QDateTime &now)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO vendor_clock (id, seen_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seen_at = "
                             "CASE WHEN excluded.seen_at > vendor_clock.seen_at THEN excluded.seen_at ELSE vendor_clock.seen_at END"));
    q.addBindValue(toStorage(now));
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    return true;
}

} // namespace hotelhub::service
