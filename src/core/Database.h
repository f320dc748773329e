// The local SQLite store in the data dir: versioned migrations, WAL, one connection per thread.
// A corrupt or foreign file is reported with its name and a next step, and is never modified.
#pragma once

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

namespace hotelhub {

enum class DatabaseError { None, NotSqlite, Corrupt, Foreign, TooNew, CannotOpen, MigrationFailed };

class Database
{
    Q_DECLARE_TR_FUNCTIONS(Database)
public:
    explicit Database(const QString &path = {});
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Validates the file, then opens it and runs pending migrations.
    bool open();
    bool isOpen() const { return m_open; }
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

    private:
        QSqlDatabase m_connection;
        QString m_path;
        bool m_open = false;
        QString m_error;
    };

    static int latestSchemaVersion();
    static constexpr int kApplicationId = 0x48484C43; // "HHLC"

private:
    bool fail(DatabaseError error, const QString &message);
    bool checkHeader();
    bool migrate(QSqlDatabase &db);
    QString connectionName() const;

    QString m_path;
    QString m_connectionPrefix;
    bool m_open = false;
    DatabaseError m_error = DatabaseError::None;
    QString m_errorString;
};

} // namespace hotelhub
