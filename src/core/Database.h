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
