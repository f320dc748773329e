#include "Database.h"
#include "Migrations.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

namespace hotelhub {

namespace {
QString native(const QString &p) { return QDir::toNativeSeparators(p); }
} // namespace

Database::Database(const QString &path)
    : m_path(path)
    , m_connectionPrefix(QStringLiteral("hotelhub-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

Database::~Database()
{
    const QStringList names = QSqlDatabase::connectionNames();
    for (const QString &name : names) {
        if (!name.startsWith(m_connectionPrefix))
            continue;
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}

int Database::latestSchemaVersion() { return int(migrations().size()); }

QString Database::errorCode() const
{
    switch (m_error) {
    case DatabaseError::None: return QStringLiteral("ok");
    case DatabaseError::NotSqlite: return QStringLiteral("database_not_sqlite");
    case DatabaseError::Corrupt: return QStringLiteral("database_corrupt");
    case DatabaseError::Foreign: return QStringLiteral("database_foreign");
    case DatabaseError::TooNew: return QStringLiteral("database_too_new");
    case DatabaseError::CannotOpen: return QStringLiteral("database_cannot_open");
    case DatabaseError::MigrationFailed: return QStringLiteral("database_migration_failed");
    }
    Q_UNREACHABLE();
}

bool Database::fail(DatabaseError error, const QString &message)
{
    m_error = error;
    m_errorString = message;
    m_open = false;
    return false;
}

QString Database::connectionName() const
{
    return m_connectionPrefix + QStringLiteral("-") + QString::number(quintptr(QThread::currentThreadId()), 16);
}

QSqlDatabase Database::connection() const
{
    const QString name = connectionName();
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (db.open()) {
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
        q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    }
    return db;
}

void Database::closeThreadConnection() const
{
    const QString name = connectionName();
    if (!QSqlDatabase::contains(name))
        return;
    QSqlDatabase::database(name, false).close();
    QSqlDatabase::removeDatabase(name);
}

Database::WriteTransaction::WriteTransaction(const Database &db)
    : m_connection(db.connection())
    , m_path(db.path())
{
    QSqlQuery q(m_connection);
    m_open = q.exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (!m_open) {
        m_error = tr("The licence database %1 is busy or cannot be written (%2). Nothing was changed. "
                     "Close other HotelHub programs that may be using it (the tray, a running heartbeat) and try again.")
                      .arg(native(m_path), q.lastError().text());
    }
}

Database::WriteTransaction::~WriteTransaction() { rollback(); }

bool Database::WriteTransaction::commit()
{
    if (!m_open)
        return false;
    QSqlQuery q(m_connection);
    if (!q.exec(QStringLiteral("COMMIT"))) {
        m_error = tr("The licence database %1 could not save the change (%2). Nothing was changed; "
                     "check that the disk is not full and try again.")
                      .arg(native(m_path), q.lastError().text());
        rollback();
        return false;
    }
    m_open = false;
    return true;
}

void Database::WriteTransaction::rollback()
{
    if (!m_open)
        return;
    QSqlQuery(m_connection).exec(QStringLiteral("ROLLBACK"));
    m_open = false;
}

int Database::schemaVersion() const
{
    QSqlQuery q(connection());
    q.exec(QStringLiteral("PRAGMA user_version"));
    return q.next() ? q.value(0).toInt() : -1;
}

bool Database::checkHeader()
{
    QFile file(m_path);
    if (!file.exists() || file.size() == 0)
        return true;
    if (!file.open(QIODevice::ReadOnly))
        return fail(DatabaseError::CannotOpen,
                    tr("Cannot read the licence database %1: %2. Check the file's permissions.").arg(native(m_path), file.errorString()));
    const QByteArray header = file.read(16);
    if (header != QByteArray("SQLite format 3\0", 16))
        return fail(DatabaseError::NotSqlite,
                    tr("%1 is not a SQLite database (it is damaged or belongs to another program). It was left untouched. "
                       "Move it aside (for example rename it to hotelhub.sqlite.broken) and run `hotelhub-license bootstrap`, "
                       "or restore it from a backup.").arg(native(m_path)));
    return true;
}

bool Database::open()
{
    m_error = DatabaseError::None;
    m_errorString.clear();
    if (!checkHeader())
        return false;
    const bool isNew = !QFileInfo::exists(m_path) || QFileInfo(m_path).size() == 0;
    QSqlDatabase db = connection();
    if (!db.isOpen())
        return fail(DatabaseError::CannotOpen,
                    tr("Cannot open the licence database %1: %2. Check free disk space and the folder's permissions.")
                        .arg(native(m_path), db.lastError().text()));

    QSqlQuery q(db);
    if (!isNew) {
        const QString corruptMessage =
            tr("The licence database %1 is damaged (%2). It was left untouched. Restore it from a backup, or move it aside "
               "and pair again: your licence key is kept by the vendor, so nothing is lost.");
        if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next())
            return fail(DatabaseError::Corrupt, corruptMessage.arg(native(m_path), q.lastError().text()));
        if (q.value(0).toString() != QLatin1String("ok"))
            return fail(DatabaseError::Corrupt, corruptMessage.arg(native(m_path), q.value(0).toString().left(200)));
        q.exec(QStringLiteral("PRAGMA application_id"));
        const int appId = q.next() ? q.value(0).toInt() : 0;
        q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"));
        const int tables = q.next() ? q.value(0).toInt() : 0;
        if (appId != kApplicationId && (appId != 0 || tables > 0))
            return fail(DatabaseError::Foreign,
                        tr("%1 is a SQLite database of another program, not a HotelHub licence store. It was left untouched. "
                           "Point --data-dir at the HotelHub data folder, or move the file aside.").arg(native(m_path)));
        if (schemaVersion() > latestSchemaVersion())
            return fail(DatabaseError::TooNew,
                        tr("The licence database %1 was written by a newer HotelHub (schema %2, this program knows %3). "
                           "Update this program; the file was left untouched.").arg(native(m_path)).arg(schemaVersion()).arg(latestSchemaVersion()));
    }
    q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    q.finish();
    if (!migrate(db))
        return false;
    // It holds the sealed token and 2FA secrets: owner-only, like the key file.
    QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner);
    m_open = true;
    return true;
}

bool Database::migrate(QSqlDatabase &db)
{
    const QList<Migration> &all = migrations();
    for (int version = schemaVersion(); version < int(all.size()); ++version) {
        if (!db.transaction())
            return fail(DatabaseError::MigrationFailed, tr("Cannot start a transaction on %1: %2").arg(native(m_path), db.lastError().text()));
        QSqlQuery q(db);
        for (const QString &statement : all[version].statements) {
            if (!q.exec(statement)) {
                const QString why = q.lastError().text();
                db.rollback();
                return fail(DatabaseError::MigrationFailed,
                            tr("Updating the licence database %1 to schema %2 failed (%3). Nothing was changed; report this to support.")
                                .arg(native(m_path)).arg(version + 1).arg(why));
            }
        }
        q.exec(QStringLiteral("PRAGMA application_id=%1").arg(kApplicationId));
        q.exec(QStringLiteral("PRAGMA user_version=%1").arg(version + 1));
        q.finish();
        if (!db.commit())
            return fail(DatabaseError::MigrationFailed, tr("Cannot commit the schema update of %1: %2").arg(native(m_path), db.lastError().text()));
    }
    return true;
}

} // namespace hotelhub
