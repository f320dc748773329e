// The wizard's connection check (PRODUCT.md b): the configured database (open, write, read back),
// Redis (a real PING, AUTH when a password is set), the data folder (writable, free space) and the
// vendor server (health, TLS, clock skew). Each check runs off the GUI thread or asynchronously
// and reports one row: ok or not, the cause in plain words and the fix.
#pragma once

#include "LicenseClient.h"
#include "Wording.h"

#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <QString>

class QTcpSocket;

namespace hotelhub {
class EnvFile;
}

namespace hotelhub::setup {

struct ConnectionCheck
{
    QString id;        // settings | database | redis | storage | vendor
    bool ok = false;
    bool required = true;
    bool skipped = false; // not configured (Redis without REDIS_HOST)
    // Worded when shown (Wording): a language switch re-words a row already on screen.
    Wording title;     // "Database (SQLite)"
    Wording detail;    // what was found, or the cause of the failure
    Wording fix;       // what to do
};

class ConnectionChecker : public QObject
{
    Q_OBJECT
public:
    // `client` may be null (no vendor row, e.g. sheet mode).
    ConnectionChecker(const EnvFile &env, const QString &envDir, const QString &dataDir, LicenseClient *client, QObject *parent = nullptr);
    ~ConnectionChecker() override;

    static QStringList ids()
    {
        return {QStringLiteral("settings"), QStringLiteral("database"), QStringLiteral("redis"), QStringLiteral("storage"), QStringLiteral("vendor")};
    }
    void start(const QString &id); // one check; the result arrives through finished()
    void startAll();
    bool running(const QString &id) const { return m_running.contains(id); }

    // Synchronous parts, public for tests.
    static ConnectionCheck checkDatabase(const QHash<QString, QString> &settings, const QString &envDir, const QString &dataDir);
    static ConnectionCheck checkStorage(const QString &dataDir, qint64 requiredBytes = kRequiredFreeBytes);
    // The `.env` read afresh from disk as the HMS (Laravel, phpdotenv) reads it: every line it
    // cannot load, with its number, the reason and the fix.
    static ConnectionCheck checkSettings(const QString &envPath);
    static constexpr qint64 kRequiredFreeBytes = 500LL * 1024 * 1024;

Q_SIGNALS:
    void started(const QString &id);
    void finished(const hotelhub::setup::ConnectionCheck &check);

private:
    void checkRedis();
    void checkVendor();
    void deliver(const ConnectionCheck &check);

    QHash<QString, QString> m_settings;
    QString m_envPath;
    QString m_envDir;
    QString m_dataDir;
    QPointer<LicenseClient> m_client;
    QSet<QString> m_running;
    QPointer<QTcpSocket> m_redis;
    QPointer<VendorCall> m_vendorCall;
};

} // namespace hotelhub::setup
