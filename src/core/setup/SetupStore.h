// What the wizard keeps: progress after every page (wizard_progress, never a password, key or
// 2FA secret), and at the end owner, property, tax and admin written in one transaction.
#pragma once

#include "SetupRules.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QStringList>

namespace hotelhub {
class Database;
class LicenseManager;
class Clock;
} // namespace hotelhub

namespace hotelhub::setup {

struct AdminData
{
    QString name;
    QString email;
    QByteArray passwordHash;   // bcrypt $2y$12$
    QByteArray totpSecret;     // raw; sealed before it is stored
    QStringList recoveryCodes; // sealed before they are stored
    QDateTime confirmedAt;
};

struct SetupData
{
    OwnerData owner;
    PropertyData property;
    TaxSettings tax;
    AdminData admin;
};

class SetupStore
{
    Q_DECLARE_TR_FUNCTIONS(SetupStore)
public:
    SetupStore(Database &db, LicenseManager &manager, const Clock &clock);

    // Saves one page's answers (keys that could hold a secret are dropped here, whatever the
    // caller passes) and marks the page finished.
    bool saveProgress(const QString &page, const QJsonObject &data, bool finished = true);
    QHash<QString, QJsonObject> progress();
    QStringList finishedPages();
    // The first page of `order` not finished yet ("" when all are).
    QString firstUnfinished(const QStringList &order);
    bool isComplete();
    // Owner, property, tax and admin in one transaction, then progress "done"; audited.
    bool commit(const SetupData &data);
    bool resetProgress(); // a new setup (after migrate, or for tests)

    QString errorString() const { return m_error; }
    static bool isSecretKey(const QString &key);

private:
    Database &m_db;
    LicenseManager &m_manager;
    const Clock &m_clock;
    QString m_error;
};

} // namespace hotelhub::setup
