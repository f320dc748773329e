// audit_logs rows chained by hash: each entry_hash covers the previous one, so an edited or
// deleted row breaks the chain at a row that verify() names.
#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace hotelhub {

class Clock;
class Database;

struct AuditEntry
{
    qint64 id = 0;
    QString action;
    QJsonObject metadata;
    QDateTime createdAt;
    QString previousHash;
    QString entryHash;
};

struct AuditVerification
{
    bool ok = true;
    int rows = 0;
    qint64 firstBrokenId = 0;
    QString problem;
};

class AuditLog
{
    Q_DECLARE_TR_FUNCTIONS(AuditLog)
public:
    AuditLog(Database &db, const Clock &clock);

    // Appends in one IMMEDIATE transaction so concurrent writers (tray, CLI) keep one chain.
    // Metadata values that look like a token or a licence key are replaced by "[redacted]".
    bool append(const QString &action, const QJsonObject &metadata = {});
    // The same inside a transaction the caller already holds on this thread's connection.
    bool appendWithinTransaction(const QString &action, const QJsonObject &metadata = {});
    QList<AuditEntry> recent(int limit) const;
    AuditVerification verify() const;
    QString errorString() const { return m_error; }
    // The last append failed because the disk is full (errorString() then says so).
    bool isDiskFull() const { return m_diskFull; }

    static QString computeHash(const QString &previousHash, const QString &action, const QString &metadataJson, const QString &createdAt);
    static inline const QString kGenesis = QString(64, u'0');

private:
    Database &m_db;
    const Clock &m_clock;
    QString m_error;
    bool m_diskFull = false;
};

} // namespace hotelhub
