#include "AuditLog.h"
#include "Clock.h"
#include "Crypto.h"
#include "Database.h"
#include "DiskSpace.h"
#include "Redact.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace hotelhub {

AuditLog::AuditLog(Database &db, const Clock &clock)
    : m_db(db)
    , m_clock(clock)
{
}

QString AuditLog::computeHash(const QString &previousHash, const QString &action, const QString &metadataJson, const QString &createdAt)
{
    return crypto::sha256Hex((previousHash + u'\n' + action + u'\n' + metadataJson + u'\n' + createdAt).toUtf8());
}

bool AuditLog::append(const QString &action, const QJsonObject &metadata)
{
    m_error.clear();
    m_diskFull = false;
    Database::WriteTransaction tx(m_db);
    if (!tx.isActive() || !appendWithinTransaction(action, metadata) || !tx.commit()) {
        if (!tx.errorString().isEmpty())
            m_error = tx.errorString();
        m_diskFull = m_diskFull || tx.isDiskFull();
        return false;
    }
    return true;
}

bool AuditLog::appendWithinTransaction(const QString &action, const QJsonObject &metadata)
{
    m_error.clear();
    m_diskFull = false;
    QSqlQuery q(m_db.connection());
    q.exec(QStringLiteral("SELECT entry_hash FROM audit_logs ORDER BY id DESC LIMIT 1"));
    const QString previous = q.next() ? q.value(0).toString() : kGenesis;
    const QString json = QString::fromUtf8(QJsonDocument(redactJson(metadata)).toJson(QJsonDocument::Compact));
    const QString createdAt = toStorage(m_clock.now());
    q.prepare(QStringLiteral("INSERT INTO audit_logs (action, metadata, created_at, previous_hash, entry_hash) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(action);
    q.addBindValue(json);
    q.addBindValue(createdAt);
    q.addBindValue(previous);
    q.addBindValue(computeHash(previous, action, json, createdAt));
    if (!q.exec()) {
        m_diskFull = m_db.isDiskFull(q.lastError());
        m_error = m_diskFull ? DiskSpace::fullMessage(m_db.path()) : q.lastError().text();
        return false;
    }
    return true;
}

QList<AuditEntry> AuditLog::recent(int limit) const
{
    QList<AuditEntry> out;
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT id, action, metadata, created_at, previous_hash, entry_hash FROM audit_logs ORDER BY id DESC LIMIT ?"));
    q.addBindValue(limit);
    q.exec();
    while (q.next())
        out << AuditEntry{q.value(0).toLongLong(), q.value(1).toString(), QJsonDocument::fromJson(q.value(2).toByteArray()).object(),
                          fromStorage(q.value(3).toString()), q.value(4).toString(), q.value(5).toString()};
    return out;
}

AuditVerification AuditLog::verify() const
{
    AuditVerification v;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.exec(QStringLiteral("SELECT id, action, metadata, created_at, previous_hash, entry_hash FROM audit_logs ORDER BY id"));
    QString expectedPrevious = kGenesis;
    while (q.next()) {
        ++v.rows;
        const qint64 id = q.value(0).toLongLong();
        const QString previous = q.value(4).toString();
        const QString stored = q.value(5).toString();
        auto broken = [&](const QString &problem) {
            v.ok = false;
            v.firstBrokenId = id;
            v.problem = problem;
            return v;
        };
        if (previous != expectedPrevious)
            return broken(tr("audit row %1 does not follow the row before it (a row was deleted or inserted)").arg(id));
        if (computeHash(previous, q.value(1).toString(), q.value(2).toString(), q.value(3).toString()) != stored)
            return broken(tr("audit row %1 was changed after it was written").arg(id));
        expectedPrevious = stored;
    }
    return v;
}

} // namespace hotelhub
