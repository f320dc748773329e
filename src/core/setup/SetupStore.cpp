#include "SetupStore.h"
#include "AuditLog.h"
#include "Clock.h"
#include "Database.h"
#include "LicenseManager.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace hotelhub::setup {

SetupStore::SetupStore(Database &db, LicenseManager &manager, const Clock &clock) : m_db(db), m_manager(manager), m_clock(clock) {}

bool SetupStore::isSecretKey(const QString &key)
{
    const QString k = key.toLower();
    for (const char *word : {"password", "secret", "license_key", "licence_key", "token", "totp", "recovery", "code"}) {
        if (k.contains(QLatin1String(word)))
            return true;
    }
    return false;
}

bool SetupStore::saveProgress(const QString &page, const QJsonObject &data, bool finished)
{
    QJsonObject clean;
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (!isSecretKey(it.key()))
            clean.insert(it.key(), it.value());
    }
    const QString now = toStorage(m_clock.now());
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO wizard_progress (page, data, completed_at, updated_at) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT(page) DO UPDATE SET data = excluded.data, completed_at = excluded.completed_at, "
                             "updated_at = excluded.updated_at"));
    q.addBindValue(page);
    q.addBindValue(QString::fromUtf8(QJsonDocument(clean).toJson(QJsonDocument::Compact)));
    q.addBindValue(finished ? QVariant(now) : QVariant(QMetaType::fromType<QString>()));
    q.addBindValue(now);
    if (!q.exec()) {
        m_error = tr("Cannot save the setup progress: %1").arg(q.lastError().text());
        return false;
    }
    return true;
}

QHash<QString, QJsonObject> SetupStore::progress()
{
    QHash<QString, QJsonObject> out;
    QSqlQuery q(m_db.connection());
    if (q.exec(QStringLiteral("SELECT page, data FROM wizard_progress"))) {
        while (q.next())
            out.insert(q.value(0).toString(), QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object());
    }
    return out;
}

QStringList SetupStore::finishedPages()
{
    QStringList out;
    QSqlQuery q(m_db.connection());
    if (q.exec(QStringLiteral("SELECT page FROM wizard_progress WHERE completed_at IS NOT NULL"))) {
        while (q.next())
            out << q.value(0).toString();
    }
    return out;
}

QString SetupStore::firstUnfinished(const QStringList &order)
{
    const QStringList done = finishedPages();
    for (const QString &page : order) {
        if (!done.contains(page))
            return page;
    }
    return {};
}

bool SetupStore::isComplete()
{
    return finishedPages().contains(QStringLiteral("done"));
}

bool SetupStore::resetProgress()
{
    return QSqlQuery(m_db.connection()).exec(QStringLiteral("DELETE FROM wizard_progress"));
}

bool SetupStore::commit(const SetupData &d)
{
    const QString now = toStorage(m_clock.now());
    // Seal first: a key-store failure must stop the commit before anything is written.
    const QByteArray sealedSecret = m_manager.sealSecret(d.admin.totpSecret, "2fa-secret");
    const QByteArray sealedCodes = m_manager.sealSecret(QJsonDocument(QJsonArray::fromStringList(d.admin.recoveryCodes)).toJson(QJsonDocument::Compact),
                                                        "2fa-recovery");
    if (sealedSecret.isEmpty() || sealedCodes.isEmpty()) {
        m_error = tr("Cannot encrypt the two-factor secret: the key store is not available.");
        return false;
    }
    Database::WriteTransaction tx(m_db);
    if (!tx.isActive()) {
        m_error = tx.errorString();
        return false;
    }
    auto fail = [&](const QSqlQuery &q) {
        m_error = tr("Cannot save the hotel's data; nothing was written: %1").arg(q.lastError().text());
        return false; // tx rolls back
    };
    QSqlQuery q(m_db.connection());
    // One owner account per installation (issue 12): a second wizard on this data folder, or one
    // taken back past its commit, is refused here, inside the transaction that would write it.
    if (!q.exec(QStringLiteral("SELECT email FROM users WHERE role = 'super_owner' ORDER BY id LIMIT 1")))
        return fail(q);
    if (q.next()) {
        m_error = tr("This installation already has its owner account (%1): the setup was completed before, and nothing was "
                     "written now. Sign in to the HotelHub panel with that account; other users are added there.")
                      .arg(q.value(0).toString());
        return false;
    }
    q.prepare(QStringLiteral("INSERT INTO tenant_profiles (name, email, whatsapp, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"));
    for (const QVariant &v : {QVariant(d.owner.name), QVariant(d.owner.email), QVariant(d.owner.whatsapp), QVariant(d.owner.position), QVariant(now), QVariant(now)})
        q.addBindValue(v);
    if (!q.exec())
        return fail(q);

    const PropertyData &p = d.property;
    q.prepare(QStringLiteral("INSERT INTO properties (name, brand, address_street, address_city, address_province, address_postal_code, "
                             "latitude, longitude, region_code, total_rooms, star_rating, currency_default, timezone, tax_rate_pb1, "
                             "service_charge_rate, is_pkp, npwp, nsfp_series, efaktur_coretax, owner_name, owner_email, owner_whatsapp, "
                             "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    const QVariant nullDouble(QMetaType::fromType<double>());
    const QVariant nullText(QMetaType::fromType<QString>());
    const QList<QVariant> values{p.name, p.brand.isEmpty() ? nullText : QVariant(p.brand), p.street, p.city, p.province, p.postalCode,
                                 p.latitude ? QVariant(*p.latitude) : nullDouble, p.longitude ? QVariant(*p.longitude) : nullDouble,
                                 p.regionCode, p.totalRooms, p.starRating > 0 ? QVariant(p.starRating) : QVariant(QMetaType::fromType<int>()),
                                 p.currency, p.timezone, d.tax.pb1Rate, d.tax.serviceChargeRate, d.tax.isPkp ? 1 : 0,
                                 d.tax.isPkp ? QVariant(d.tax.npwp) : nullText, d.tax.isPkp && d.tax.efakturCoretax ? QVariant(d.tax.nsfpSeries) : nullText,
                                 d.tax.isPkp && d.tax.efakturCoretax ? 1 : 0, d.owner.name, d.owner.email, d.owner.whatsapp, now, now};
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return fail(q);

    q.prepare(QStringLiteral("INSERT INTO users (name, email, password, role, two_factor_secret_encrypted, two_factor_recovery_codes, "
                             "two_factor_confirmed_at, created_at, updated_at) VALUES (?, ?, ?, 'super_owner', ?, ?, ?, ?, ?)"));
    for (const QVariant &v : {QVariant(d.admin.name), QVariant(d.admin.email.toLower()), QVariant(QString::fromLatin1(d.admin.passwordHash)),
                              QVariant(sealedSecret), QVariant(QString::fromLatin1(sealedCodes)), QVariant(toStorage(d.admin.confirmedAt)),
                              QVariant(now), QVariant(now)})
        q.addBindValue(v);
    if (!q.exec())
        return fail(q);

    q.prepare(QStringLiteral("INSERT INTO wizard_progress (page, data, completed_at, updated_at) VALUES ('done', '{}', ?, ?) "
                             "ON CONFLICT(page) DO UPDATE SET completed_at = excluded.completed_at, updated_at = excluded.updated_at"));
    q.addBindValue(now);
    q.addBindValue(now);
    if (!q.exec())
        return fail(q);
    if (!m_manager.audit().appendWithinTransaction(QStringLiteral("setup.completed"),
                                                    {{QStringLiteral("property"), p.name}, {QStringLiteral("rooms"), p.totalRooms},
                                                     {QStringLiteral("admin_email"), d.admin.email.toLower()}})) {
        m_error = tr("Cannot write the audit log; nothing was written.");
        return false;
    }
    if (!tx.commit()) {
        m_error = tx.errorString();
        return false;
    }
    return true;
}

} // namespace hotelhub::setup
