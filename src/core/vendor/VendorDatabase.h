// The vendor server's store: SQLite by default, PostgreSQL for several stateless instances.
// One connection per thread (Qt SQL connections are thread-bound); migrations are versioned.
#pragma once

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

namespace hotelhub::vendor {

class VendorDatabase
{
    Q_DECLARE_TR_FUNCTIONS(VendorDatabase)
public:
    enum class Kind { Sqlite, Postgres };

    // `spec` is `sqlite:PATH` or `postgresql://user[:password]@host[:port]/dbname`.
    explicit VendorDatabase(const QString &spec);
    ~VendorDatabase();
    VendorDatabase(const VendorDatabase &) = delete;
    VendorDatabase &operator=(const VendorDatabase &) = delete;

    bool open(); // validates the spec, connects, migrates
    QString errorString() const { return m_error; }
    Kind kind() const { return m_kind; }
    QString describe() const; // the spec without any password

    QSqlDatabase connection() const;
    void closeThreadConnection() const;

    // Starts a write transaction: BEGIN IMMEDIATE on SQLite, BEGIN on PostgreSQL (rows are then
    // locked with `SELECT … FOR UPDATE`, see forUpdate()).
    bool beginWrite(QSqlDatabase &db) const;
    QString forUpdate() const { return m_kind == Kind::Postgres ? QStringLiteral(" FOR UPDATE") : QString(); }

    static int schemaVersion(QSqlDatabase &db);

private:
    bool parseSpec(const QString &spec);
    bool migrate(QSqlDatabase &db);
    QString connectionName() const;

    Kind m_kind = Kind::Sqlite;
    QString m_path; // sqlite
    QString m_host, m_user, m_password, m_dbName;
    int m_port = 5432;
    QString m_prefix;
    QString m_error;
    bool m_specOk = false;
};

} // namespace hotelhub::vendor
