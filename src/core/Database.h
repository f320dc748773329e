// The local SQLite store in the data dir: versioned migrations, WAL, one connection per thread.
// A corrupt, empty, truncated or foreign file is reported with its name and a next step, and is
// never modified: only a file that does not exist at all is a fresh install. A full disk is
// reported as such, never as damage. A read-only file or folder is opened read-only.
#pragma once

#include "AppPaths.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <atomic>

class QSqlError;

namespace hotelhub {

enum class DatabaseError { None, NotSqlite, Corrupt, Truncated, Foreign, TooNew, CannotOpen, MigrationFailed, DiskFull };

class Database
{
    Q_DECLARE_TR_FUNCTIONS(Database)
public:
    explicit Database(const QString &path = {});
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Validates the file, then opens it and runs pending migrations. A missing file is created
    // complete under a temporary name and renamed into place, so no crash leaves a half-made one.
    // A file or folder this user cannot write is refused, or with ReadOnlyAllowed opened read-only.
    bool open(StoreAccess access = StoreAccess::ReadWrite);
    bool isOpen() const { return m_open; }
    // The file or its folder cannot be written: opened read-only; every write fails.
    bool isReadOnly() const { return m_readOnly; }
    // Opened read-only because the disk is full (ReadOnlyAllowed): SQLite could not make its
    // side files, so what was last recorded is read without them.
    bool readOnlyForFullDisk() const { return m_readOnlyForFullDisk; }
    // `error`, from a statement on this database, is a full disk: SQLITE_FULL, or an I/O error
    // while the disk is nearly full. Remembered for hitDiskFull().
    bool isDiskFull(const QSqlError &error) const;
    // Some write since open() failed on a full disk (how a command that failed says so in its exit code).
    bool hitDiskFull() const { return m_hitDiskFull; }
    QString path() const { return m_path; }
    DatabaseError error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    QString errorCode() const;

    // This thread's connection (opened on first use with the same pragmas).
    QSqlDatabase connection() const;
    // Drops this thread's connection; call before a worker thread ends.
    void closeThreadConnection() const;
    int schemaVersion() const;

    // One write transaction on this thread's connection: BEGIN IMMEDIATE when made (waiting for
    // another process's write up to the busy timeout), ROLLBACK when it goes out of scope
    // uncommitted. Write only while isActive(): a failed BEGIN must never fall back to autocommit,
    // where a half-done change would stay.
    class WriteTransaction
    {
        Q_DECLARE_TR_FUNCTIONS(Database)
    public:
        explicit WriteTransaction(const Database &db);
        ~WriteTransaction();
        WriteTransaction(const WriteTransaction &) = delete;
        WriteTransaction &operator=(const WriteTransaction &) = delete;

        bool isActive() const { return m_open; }
        // False when the transaction never began or COMMIT failed (it is then rolled back).
        bool commit();
        void rollback();
        // Why BEGIN or COMMIT failed, for a person, with the next step.
        QString errorString() const { return m_error; }
        // BEGIN or COMMIT failed because the disk is full (errorString() then says so).
        bool isDiskFull() const { return m_diskFull; }

    private:
        const Database &m_db;
        QSqlDatabase m_connection;
        QString m_path;
        bool m_open = false;
        bool m_diskFull = false;
        QString m_error;
    };

    static int latestSchemaVersion();
    static constexpr int kApplicationId = 0x48484C43; // "HHLC"

private:
    bool fail(DatabaseError error, const QString &message);
    // fail(), unless `cause` is a full disk: that is reported as DiskFull, never as `error`.
    bool failOn(const QSqlError &cause, DatabaseError error, const QString &message);
    bool checkFile();
    bool openOnce(StoreAccess access, bool readOnlyForFullDisk);
    // This process's open files (see Database.cpp: a plain read would drop SQLite's locks).
    void holdOpen(bool open);
    bool openedElsewhereInProcess() const;
    bool create();
    bool migrate(QSqlDatabase &db);
    void configure(QSqlDatabase &db, const QString &path) const;
    QString connectionName() const;

    QString m_path;
    QString m_connectionPrefix;
    bool m_open = false;
    bool m_readOnly = false;
    bool m_immutable = false; // read-only folder without a WAL: nobody can change the file
    bool m_readOnlyForFullDisk = false;
    mutable std::atomic<bool> m_hitDiskFull = false;
    DatabaseError m_error = DatabaseError::None;
    QString m_errorString;
    QString m_heldKey; // registered as open in this process under this path
};

} // namespace hotelhub
