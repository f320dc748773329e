#include "Database.h"
#include "OwnerOnly.h"
#include "DiskSpace.h"
#include "Migrations.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>
#include <QUuid>
#include <QtEndian>

namespace hotelhub {

namespace {
QString native(const QString &p) { return QDir::toNativeSeparators(p); }

// -1, with `error`, when it cannot be read (a disk too full for SQLite to open its log reads so).
int userVersion(QSqlDatabase &db, QSqlError *error = nullptr)
{
    QSqlQuery q(db);
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        return q.value(0).toInt();
    if (error)
        *error = q.lastError();
    return -1;
}

// SQLite result codes (the low byte of an extended code) that say the file could not be read
// for a reason outside it — permissions, locks, memory — rather than that its content is bad.
bool isAccessProblem(const QSqlError &error)
{
    bool numeric = false;
    const int primary = error.nativeErrorCode().toInt(&numeric) & 0xff;
    // SQLITE_PERM, BUSY, LOCKED, NOMEM, READONLY, CANTOPEN, AUTH
    return numeric && (primary == 3 || primary == 5 || primary == 6 || primary == 7 || primary == 8 || primary == 14 || primary == 23);
}
} // namespace

Database::Database(const QString &path)
    : m_path(path)
    , m_connectionPrefix(QStringLiteral("hotelhub-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

namespace {
// The database files this process has open through SQLite. POSIX record locks belong to the
// process, not to the descriptor: opening and closing the same file with a plain handle (the
// header check below) releases every lock SQLite holds on it. Another program then sees no
// user, deletes the WAL on its close, and this process goes on writing into a deleted file. The
// tray opens the file twice (its window and its engine thread), so the second open must not.
QMutex g_openMutex;
QHash<QString, int> g_openFiles; // canonical path -> open Database objects

QString canonicalKey(const QString &path)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return canonical.isEmpty() ? QFileInfo(path).absoluteFilePath() : canonical;
}
} // namespace

void Database::holdOpen(bool open)
{
    QMutexLocker lock(&g_openMutex);
    if (open && m_heldKey.isEmpty()) {
        m_heldKey = canonicalKey(m_path);
        ++g_openFiles[m_heldKey];
    } else if (!open && !m_heldKey.isEmpty()) {
        if (--g_openFiles[m_heldKey] <= 0)
            g_openFiles.remove(m_heldKey);
        m_heldKey.clear();
    }
}

bool Database::openedElsewhereInProcess() const
{
    QMutexLocker lock(&g_openMutex);
    return g_openFiles.value(canonicalKey(m_path)) > (m_heldKey.isEmpty() ? 0 : 1);
}

Database::~Database()
{
    holdOpen(false);
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
    case DatabaseError::Truncated: return QStringLiteral("database_truncated");
    case DatabaseError::Foreign: return QStringLiteral("database_foreign");
    case DatabaseError::TooNew: return QStringLiteral("database_too_new");
    case DatabaseError::CannotOpen: return QStringLiteral("database_cannot_open");
    case DatabaseError::MigrationFailed: return QStringLiteral("database_migration_failed");
    case DatabaseError::DiskFull: return QStringLiteral("disk_full");
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

bool Database::isDiskFull(const QSqlError &error) const
{
    if (!DiskSpace::isFull(error, m_path))
        return false;
    m_hitDiskFull = true;
    return true;
}

bool Database::failOn(const QSqlError &cause, DatabaseError error, const QString &message)
{
    if (isDiskFull(cause))
        return fail(DatabaseError::DiskFull, DiskSpace::fullMessage(m_path));
    return fail(error, message);
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
    configure(db, m_path);
    if (db.open()) {
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
        q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    }
    return db;
}

void Database::configure(QSqlDatabase &db, const QString &path) const
{
    if (!m_readOnly) {
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        return;
    }
    // Read-only through a URI. In a folder that cannot hold the WAL index (-shm) SQLite can only
    // read a WAL database as immutable: safe there, as nobody can write the file without the
    // folder (open() uses it only when no WAL file with changes exists).
    QUrl url = QUrl::fromLocalFile(path);
    url.setQuery(m_immutable ? QStringLiteral("mode=ro&immutable=1") : QStringLiteral("mode=ro"));
    db.setDatabaseName(url.toString(QUrl::FullyEncoded));
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000;QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
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
    : m_db(db)
    , m_connection(db.connection())
    , m_path(db.path())
{
    QSqlQuery q(m_connection);
    m_open = q.exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (!m_open && m_db.isDiskFull(q.lastError())) {
        m_diskFull = true;
        m_error = DiskSpace::fullMessage(m_path);
    } else if (!m_open) {
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
        m_diskFull = m_db.isDiskFull(q.lastError());
        m_error = m_diskFull ? DiskSpace::fullMessage(m_path)
                             : tr("The licence database %1 could not save the change (%2). Nothing was changed; "
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
    QSqlDatabase db = connection();
    return userVersion(db);
}

bool Database::checkFile()
{
    QFile file(m_path);
    const qint64 size = file.size();
    const QString nextStep =
        tr("It was left untouched. Restore it from a backup, or move it aside (for example rename it to %1.broken) and run "
           "`hotelhub-license bootstrap --force`: your licence key is kept by the vendor, so nothing is lost.")
            .arg(QFileInfo(m_path).fileName());
    if (size == 0)
        return fail(DatabaseError::Truncated,
                    tr("The licence database %1 is empty (0 bytes): it was cut off, for example by a power failure while it was "
                       "being written.").arg(native(m_path)) + u' ' + nextStep);
    const QString truncated =
        tr("The licence database %1 is incomplete (%2 bytes): it was cut off, for example by a power failure while it was "
           "being written.").arg(native(m_path)).arg(size) + u' ' + nextStep;
    if (!file.open(QIODevice::ReadOnly))
        return fail(DatabaseError::CannotOpen,
                    tr("Cannot read the licence database %1: %2. Check the file's permissions.").arg(native(m_path), file.errorString()));
    const QByteArray header = file.read(100);
    const QByteArray magic("SQLite format 3\0", 16);
    if (header.size() < magic.size() && magic.startsWith(header))
        return fail(DatabaseError::Truncated, truncated);
    if (!header.startsWith(magic))
        return fail(DatabaseError::NotSqlite,
                    tr("%1 is not a SQLite database (it is damaged or belongs to another program). It was left untouched. "
                       "Move it aside (for example rename it to hotelhub.sqlite.broken) and run `hotelhub-license bootstrap`, "
                       "or restore it from a backup.").arg(native(m_path)));
    if (header.size() < 100)
        return fail(DatabaseError::Truncated, truncated);
    // The header's page size, and its page count when the count is current (its change counter
    // matches "version valid for"): a file shorter than that lost its end.
    const auto *bytes = reinterpret_cast<const uchar *>(header.constData());
    const quint16 rawPageSize = qFromBigEndian<quint16>(bytes + 16);
    const qint64 pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
        return fail(DatabaseError::Corrupt,
                    tr("The licence database %1 is damaged (%2). It was left untouched. Restore it from a backup, or move it aside "
                       "and pair again: your licence key is kept by the vendor, so nothing is lost.")
                        .arg(native(m_path), QStringLiteral("page size %1").arg(rawPageSize)));
    if (QFileInfo(m_path + QStringLiteral("-wal")).size() > 0)
        return true; // pages not yet copied back live in the WAL; SQLite's own check covers that case
    const quint32 pages = qFromBigEndian<quint32>(bytes + 28);
    const bool pagesCurrent = pages > 0 && qFromBigEndian<quint32>(bytes + 24) == qFromBigEndian<quint32>(bytes + 92);
    if (size % pageSize != 0 || (pagesCurrent && size / pageSize < qint64(pages)))
        return fail(DatabaseError::Truncated, truncated);
    return true;
}

bool Database::create()
{
    // Built under a temporary name and renamed into place once complete: a crash or a full disk
    // while creating never leaves an empty or half-made file that open() would then refuse.
    const QString temp = m_path + QStringLiteral(".new-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    auto removeTemp = [&temp] {
        for (const char *suffix : {"", "-wal", "-shm", "-journal"})
            QFile::remove(temp + QLatin1String(suffix));
    };
    const QString cannotCreate = tr("Cannot open the licence database %1: %2. Check free disk space and the folder's permissions.");
    {
        QFile owned(temp); // owner-only from the first byte: it will hold the sealed token
        if (!owned.open(QIODevice::NewOnly | QIODevice::WriteOnly, QFile::ReadOwner | QFile::WriteOwner)) {
            const bool full = DiskSpace::isFull(owned, m_path);
            const QString why = owned.errorString();
            removeTemp();
            return full ? fail(DatabaseError::DiskFull, DiskSpace::fullMessage(m_path))
                        : fail(DatabaseError::CannotOpen, cannotCreate.arg(native(m_path), why));
        }
    }
    const QString name = m_connectionPrefix + QStringLiteral("-create");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(temp);
        if (!db.open()) {
            failOn(db.lastError(), DatabaseError::CannotOpen, cannotCreate.arg(native(m_path), db.lastError().text()));
        } else {
            QSqlQuery q(db);
            ok = q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
            if (!ok)
                failOn(q.lastError(), DatabaseError::CannotOpen, cannotCreate.arg(native(m_path), q.lastError().text()));
            q.finish();
            ok = ok && migrate(db);
            db.close(); // copies the WAL into the file, syncs it and removes the WAL
        }
    }
    QSqlDatabase::removeDatabase(name);
    if (ok && QFileInfo(temp + QStringLiteral("-wal")).size() > 0) // that last copy failed
        ok = DiskSpace::nearlyFull(m_path) ? fail(DatabaseError::DiskFull, DiskSpace::fullMessage(m_path))
                                           : fail(DatabaseError::CannotOpen, cannotCreate.arg(native(m_path), tr("the new file could not be completed")));
    if (!ok) {
        removeTemp();
        return false;
    }
    if (!QFile::rename(temp, m_path)) {
        removeTemp();
        // Another HotelHub program created it at the same moment: use theirs.
        return QFileInfo::exists(m_path) || fail(DatabaseError::CannotOpen, cannotCreate.arg(native(m_path), tr("the new file could not be moved into place")));
    }
    return true;
}

bool Database::open(StoreAccess access)
{
    m_readOnlyForFullDisk = false;
    if (openOnce(access, false) || m_error != DatabaseError::DiskFull || access != StoreAccess::ReadOnlyAllowed || m_readOnly
        || !QFileInfo::exists(m_path))
        return m_open;
    // A full disk: SQLite could not make its WAL index (-shm) to read a WAL database, and
    // `status`, `diagnostic` and the local API said only "disk full": neither the hotel nor
    // support could see the licence's state (outside check). Read what was last recorded, as for
    // a read-only folder; every write still fails, and says so.
    const DatabaseError full = m_error;
    const QString fullMessage = m_errorString;
    closeThreadConnection();
    if (openOnce(access, true)) {
        m_readOnlyForFullDisk = true;
        m_hitDiskFull = true;
        return true;
    }
    closeThreadConnection();
    m_error = full;
    m_errorString = fullMessage;
    m_readOnly = false;
    m_immutable = false;
    return false;
}

bool Database::openOnce(StoreAccess access, bool readOnlyForFullDisk)
{
    m_error = DatabaseError::None;
    m_errorString.clear();
    m_open = false;
    m_readOnly = false;
    m_immutable = false;
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!QFileInfo(m_path).exists()) {
        if (!create())
            return false;
    } else if (!openedElsewhereInProcess() && !checkFile()) {
        // (Open in this process already: checked then, and a plain read now would drop its locks.)
        return false;
    }
    const bool folderWritable = QFileInfo(folder).isWritable() && !readOnlyForFullDisk;
    if (!folderWritable || !QFileInfo(m_path).isWritable()) {
        if (access == StoreAccess::ReadWrite)
            return fail(DatabaseError::CannotOpen,
                        tr("The licence database %1 cannot be written by this user (the file or its folder is read-only). "
                           "It was left untouched. Fix the permissions, or choose another data folder with --data-dir.")
                            .arg(native(m_path)));
        m_readOnly = true;
        m_immutable = !folderWritable && QFileInfo(m_path + QStringLiteral("-wal")).size() == 0;
    }
    if (!m_readOnly) {
        // It holds the sealed token and 2FA secrets: owner-only, like the key file. Before SQLite
        // opens it, because SQLite gives a new -wal and -shm the database file's mode; a file an
        // older version (or a copy) left group-readable, and its side files, are tightened here.
        for (const char *suffix : {"", "-wal", "-shm"}) {
            const QString file = m_path + QLatin1String(suffix);
            if (QFileInfo::exists(file))
                OwnerOnly::restrict(file);
        }
    }
    QSqlDatabase db = connection();
    if (!db.isOpen())
        return failOn(db.lastError(), DatabaseError::CannotOpen,
                      tr("Cannot open the licence database %1: %2. Check free disk space and the folder's permissions.")
                          .arg(native(m_path), db.lastError().text()));

    QSqlQuery q(db);
    const QString corruptMessage =
        tr("The licence database %1 is damaged (%2). It was left untouched. Restore it from a backup, or move it aside "
           "and pair again: your licence key is kept by the vendor, so nothing is lost.");
    if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next()) {
        // Only what SQLite says about the content is damage; a full disk or a lock is not.
        const QSqlError e = q.lastError();
        if (isAccessProblem(e))
            return failOn(e, DatabaseError::CannotOpen,
                          tr("Cannot read the licence database %1 (%2). It was left untouched. Check the permissions of the file "
                             "and of its folder, close other programs that may lock it, then try again.").arg(native(m_path), e.text()));
        return failOn(e, DatabaseError::Corrupt, corruptMessage.arg(native(m_path), e.text().simplified()));
    }
    if (q.value(0).toString() != QLatin1String("ok"))
        return fail(DatabaseError::Corrupt, corruptMessage.arg(native(m_path), q.value(0).toString().simplified().left(200)));
    q.exec(QStringLiteral("PRAGMA application_id"));
    const int appId = q.next() ? q.value(0).toInt() : 0;
    q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"));
    const int tables = q.next() ? q.value(0).toInt() : 0;
    q.finish();
    if (appId != kApplicationId && (appId != 0 || tables > 0))
        return fail(DatabaseError::Foreign,
                    tr("%1 is a SQLite database of another program, not a HotelHub licence store. It was left untouched. "
                       "Point --data-dir at the HotelHub data folder, or move the file aside.").arg(native(m_path)));
    QSqlError versionError;
    const int version = userVersion(db, &versionError);
    if (version < 0)
        return failOn(versionError, DatabaseError::CannotOpen,
                      tr("Cannot read the licence database %1 (%2). It was left untouched. Check free disk space and the permissions "
                         "of the file and of its folder, then try again.")
                          .arg(native(m_path), versionError.text()));
    if (version > latestSchemaVersion())
        return fail(DatabaseError::TooNew,
                    tr("The licence database %1 was written by a newer HotelHub (schema %2, this program knows %3). "
                       "Update this program; the file was left untouched.").arg(native(m_path)).arg(version).arg(latestSchemaVersion()));
    if (m_readOnly) {
        if (version < latestSchemaVersion())
            return fail(DatabaseError::CannotOpen,
                        tr("The licence database %1 needs an update to schema %2, but the file or its folder is read-only. "
                           "It was left untouched. Give this user write permission, then try again.")
                            .arg(native(m_path)).arg(latestSchemaVersion()));
        m_open = true;
        holdOpen(true);
        return true;
    }
    q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    q.finish();
    if (!migrate(db))
        return false;
    m_open = true;
    holdOpen(true);
    return true;
}

bool Database::migrate(QSqlDatabase &db)
{
    const QList<Migration> &all = migrations();
    QSqlError versionError;
    const int from = userVersion(db, &versionError);
    if (from < 0) // (it was taken as a schema version: migrations()[-1], a crash on a nearly full disk; found by a check by hand)
        return failOn(versionError, DatabaseError::MigrationFailed,
                      tr("Cannot read the schema version of the licence database %1 (%2). Nothing was changed. Check free disk space "
                         "and the permissions of the file and of its folder, then try again.")
                          .arg(native(m_path), versionError.text()));
    for (int version = from; version < int(all.size()); ++version) {
        if (!db.transaction())
            return failOn(db.lastError(), DatabaseError::MigrationFailed,
                          tr("Cannot start a transaction on %1: %2").arg(native(m_path), db.lastError().text()));
        QSqlQuery q(db);
        for (const QString &statement : all[version].statements) {
            if (!q.exec(statement)) {
                const QSqlError e = q.lastError();
                q.finish();
                db.rollback();
                return failOn(e, DatabaseError::MigrationFailed,
                              tr("Updating the licence database %1 to schema %2 failed (%3). Nothing was changed; report this to support.")
                                  .arg(native(m_path)).arg(version + 1).arg(e.text()));
            }
        }
        q.exec(QStringLiteral("PRAGMA application_id=%1").arg(kApplicationId));
        q.exec(QStringLiteral("PRAGMA user_version=%1").arg(version + 1));
        q.finish();
        if (!db.commit()) {
            const QSqlError e = db.lastError();
            db.rollback();
            return failOn(e, DatabaseError::MigrationFailed, tr("Cannot commit the schema update of %1: %2").arg(native(m_path), e.text()));
        }
    }
    return true;
}

} // namespace hotelhub
