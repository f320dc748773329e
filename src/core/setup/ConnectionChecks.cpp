#include "ConnectionChecks.h"
#include "Redact.h"
#include "EnvFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QThreadPool>
#include <QTimer>
#include <QUuid>

namespace hotelhub::setup {

ConnectionChecker::ConnectionChecker(const EnvFile &env, const QString &envDir, const QString &dataDir, LicenseClient *client, QObject *parent)
    : QObject(parent)
    , m_envPath(env.path())
    , m_envDir(envDir)
    , m_dataDir(dataDir)
    , m_client(client)
{
    for (const QString &key : env.keys())
        m_settings.insert(key, env.value(key));
}

ConnectionChecker::~ConnectionChecker()
{
    if (m_vendorCall)
        m_vendorCall->cancel();
}

void ConnectionChecker::startAll()
{
    for (const QString &id : ids())
        start(id);
}

void ConnectionChecker::start(const QString &id)
{
    if (m_running.contains(id))
        return;
    m_running.insert(id);
    Q_EMIT started(id);
    if (id == QLatin1String("settings")) {
        const ConnectionCheck result = checkSettings(m_envPath);
        if (result.ok) {
            // An owner who fixed the file and pressed Retry: the other checks use what it says now.
            EnvFile fresh;
            if (fresh.load(m_envPath)) {
                m_settings.clear();
                for (const QString &key : fresh.keys())
                    m_settings.insert(key, fresh.value(key));
            }
        }
        QMetaObject::invokeMethod(this, [this, result] { deliver(result); }, Qt::QueuedConnection);
    } else if (id == QLatin1String("redis")) {
        checkRedis();
    } else if (id == QLatin1String("vendor")) {
        checkVendor();
    } else {
        // Opening a remote database can take seconds: never on the GUI thread.
        const auto settings = m_settings;
        const QString envDir = m_envDir, dataDir = m_dataDir;
        QPointer<ConnectionChecker> self(this);
        QThreadPool::globalInstance()->start([self, id, settings, envDir, dataDir] {
            const ConnectionCheck result = id == QLatin1String("database") ? checkDatabase(settings, envDir, dataDir) : checkStorage(dataDir);
            QMetaObject::invokeMethod(QCoreApplication::instance(), [self, result] {
                if (self)
                    self->deliver(result);
            }, Qt::QueuedConnection);
        });
    }
}

void ConnectionChecker::deliver(const ConnectionCheck &check)
{
    m_running.remove(check.id);
    Q_EMIT finished(check);
}

ConnectionCheck ConnectionChecker::checkSettings(const QString &envPath)
{
    ConnectionCheck c;
    c.id = QStringLiteral("settings");
    c.title = [] { return tr("Settings file (.env)"); };
    const QString shown = QDir::toNativeSeparators(envPath);
    EnvFile env;
    if (envPath.isEmpty() || !env.load(envPath)) {
        if (envPath.isEmpty())
            c.detail = [] { return tr("No settings file is in use."); };
        else
            c.detail = env.errorString();
        c.fix = [] { return tr("Check that the file exists and that this user may read it, then press Retry."); };
        return c;
    }
    if (!env.exists()) {
        c.ok = true;
        c.detail = [shown] { return tr("%1 does not exist yet; the wizard creates it.").arg(shown); };
        return c;
    }
    if (env.problems().isEmpty()) {
        c.ok = true;
        c.detail = [shown] { return tr("%1 reads as HotelHub (Laravel) reads it.").arg(shown); };
        return c;
    }
    const QString lines = env.warnings().join(u'\n'); // worded by EnvFile when it read the file
    c.detail = [shown, lines] { return tr("HotelHub (Laravel) cannot load %1:").arg(shown) + u'\n' + lines; };
    if (env.savedAsUnicode()) // the step is in the text above; "edit those lines" was the wrong one (helper-54)
        c.fix = [shown] { return tr("Save %1 again as UTF-8, as said above, then press Retry.").arg(shown); };
    else
        c.fix = [shown] { return tr("Edit those lines in %1 as shown, save, then press Retry.").arg(shown); };
    return c;
}

ConnectionCheck ConnectionChecker::checkDatabase(const QHash<QString, QString> &s, const QString &envDir, const QString &dataDir)
{
    ConnectionCheck c;
    c.id = QStringLiteral("database");
    const QString kind = s.value(QStringLiteral("DB_CONNECTION"), QStringLiteral("sqlite")).trimmed().toLower();
    const QString name = QStringLiteral("hotelhub-check-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db;
        if (kind == QLatin1String("sqlite") || kind.isEmpty()) {
            c.title = [] { return tr("Database (SQLite)"); };
            QString file = s.value(QStringLiteral("DB_DATABASE")).trimmed();
            file = file.isEmpty() ? QDir(dataDir).filePath(QStringLiteral("hotelhub.sqlite")) : QDir(envDir).absoluteFilePath(file);
            if (!QFileInfo(QFileInfo(file).absolutePath()).isDir()) {
                c.detail = [file] { return tr("The folder of the database file %1 does not exist.").arg(file); };
                c.fix = [] { return tr("Create the folder or correct DB_DATABASE in the settings file."); };
                return c;
            }
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(file);
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=3000"));
        } else if (kind == QLatin1String("pgsql") || kind == QLatin1String("mysql")) {
            const bool pg = kind == QLatin1String("pgsql");
            c.title = [pg] { return pg ? tr("Database (PostgreSQL)") : tr("Database (MySQL)"); };
            const QString driver = pg ? QStringLiteral("QPSQL") : QStringLiteral("QMYSQL");
            if (!QSqlDatabase::isDriverAvailable(driver)) {
#ifdef Q_OS_WIN
                // The Windows installer ships the SQLite driver only: name the two files that are
                // missing and where they go, instead of a check that can never pass.
                const QString plugin = QDir::toNativeSeparators(QCoreApplication::applicationDirPath() + QStringLiteral("/sqldrivers/")
                                                                + (pg ? QStringLiteral("qsqlpsql.dll") : QStringLiteral("qsqlmysql.dll")));
                const QString client = pg ? QStringLiteral("libpq.dll") : QStringLiteral("libmariadb.dll");
                c.detail = [plugin, client] {
                    return tr("This computer has no database driver for it: %1 (Qt 6.4, MinGW) and the database's own %2 are missing.")
                        .arg(plugin, client);
                };
                c.fix = [client] {
                    return tr("Copy the driver into that folder and %1 (with the DLLs it needs) beside hotelhub-setup.exe, then press "
                              "Retry. Ask HotelHub support for them if you do not have them.")
                        .arg(client);
                };
#else
                c.detail = [driver] { return tr("The %1 database driver is not installed on this computer.").arg(driver); };
                c.fix = [pg] {
                    return pg ? tr("Install the PostgreSQL driver for Qt (Debian: libqt6sql6-psql), then press Retry.")
                              : tr("Install the MySQL driver for Qt (Debian: libqt6sql6-mysql), then press Retry.");
                };
#endif
                return c;
            }
            db = QSqlDatabase::addDatabase(driver, name);
            db.setHostName(s.value(QStringLiteral("DB_HOST"), QStringLiteral("127.0.0.1")));
            db.setPort(s.value(QStringLiteral("DB_PORT"), pg ? QStringLiteral("5432") : QStringLiteral("3306")).toInt());
            db.setDatabaseName(s.value(QStringLiteral("DB_DATABASE")));
            db.setUserName(s.value(QStringLiteral("DB_USERNAME")));
            db.setPassword(s.value(QStringLiteral("DB_PASSWORD")));
            db.setConnectOptions(pg ? QStringLiteral("connect_timeout=5") : QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=5"));
        } else {
            c.title = [] { return tr("Database"); };
            c.detail = [kind] { return tr("DB_CONNECTION '%1' is not one of sqlite, pgsql, mysql.").arg(kind); };
            c.fix = [] { return tr("Correct DB_CONNECTION in the settings file."); };
            return c;
        }
        if (!db.open()) {
            const QString why = db.lastError().text().trimmed();
            const bool sqlite = kind == QLatin1String("sqlite");
            c.detail = [why] { return tr("Cannot connect: %1").arg(why); };
            c.fix = [sqlite] {
                return sqlite ? tr("Check that the database file can be written by this user.")
                              : tr("Check DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME and DB_PASSWORD, and that the database server is running.");
            };
        } else {
            // Write, read back, clean up: a read-only or full database fails here, not later.
            QSqlQuery q(db);
            const QString table = QStringLiteral("hotelhub_setup_check");
            const bool ok = q.exec(QStringLiteral("CREATE TEMPORARY TABLE %1 (v TEXT)").arg(table))
                && q.exec(QStringLiteral("INSERT INTO %1 (v) VALUES ('ok')").arg(table)) && q.exec(QStringLiteral("SELECT v FROM %1").arg(table))
                && q.next() && q.value(0).toString() == QLatin1String("ok");
            if (ok) {
                c.ok = true;
                c.detail = [] { return tr("Connected, wrote and read back a test row."); };
            } else {
                const QString why = q.lastError().text().trimmed();
                c.detail = [why] { return tr("Connected, but writing failed: %1").arg(why); };
                c.fix = [] { return tr("Give the database user permission to create tables and write."); };
            }
            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return c;
}

ConnectionCheck ConnectionChecker::checkStorage(const QString &dataDir, qint64 requiredBytes)
{
    ConnectionCheck c;
    c.id = QStringLiteral("storage");
    c.title = [] { return tr("Storage"); };
    QDir().mkpath(dataDir);
    QTemporaryFile probe(QDir(dataDir).filePath(QStringLiteral("write-check-XXXXXX")));
    if (!probe.open() || probe.write("ok") != 2 || !probe.flush()) {
        c.detail = [dataDir] { return tr("The data folder %1 is not writable.").arg(dataDir); };
        c.fix = [] { return tr("Give this user write permission on the folder, or choose another with --data-dir."); };
        return c;
    }
    const QStorageInfo info(dataDir);
    const qint64 free = info.bytesAvailable();
    if (free >= 0 && free < requiredBytes) {
        const QString root = info.rootPath();
        c.detail = [free, root] { return tr("Only %1 free on %2.").arg(QLocale().formattedDataSize(free), root); };
        c.fix = [requiredBytes] {
            return tr("Free at least %1 on this disk (old backups and logs are the usual culprits).").arg(QLocale().formattedDataSize(requiredBytes));
        };
        return c;
    }
    c.ok = true;
    c.detail = [free] { return tr("Writable, %1 free.").arg(QLocale().formattedDataSize(free)); };
    return c;
}

void ConnectionChecker::checkRedis()
{
    ConnectionCheck c;
    c.id = QStringLiteral("redis");
    c.title = [] { return tr("Redis"); };
    c.required = false;
    const QString host = m_settings.value(QStringLiteral("REDIS_HOST")).trimmed();
    if (host.isEmpty() || host.compare(QLatin1String("null"), Qt::CaseInsensitive) == 0) {
        c.ok = true;
        c.skipped = true;
        c.detail = [] { return tr("Not configured (REDIS_HOST is empty): HotelHub uses the database for caches and queues."); };
        deliver(c);
        return;
    }
    const quint16 port = quint16(m_settings.value(QStringLiteral("REDIS_PORT"), QStringLiteral("6379")).toUInt());
    const QByteArray password = m_settings.value(QStringLiteral("REDIS_PASSWORD")).toUtf8();
    c.required = true; // configured means the HMS relies on it
    auto *socket = new QTcpSocket(this);
    m_redis = socket;
    auto *timer = new QTimer(socket);
    timer->setSingleShot(true);
    auto buffer = std::make_shared<QByteArray>();
    auto finish = [this, socket, c](bool ok, const Wording &detail, const Wording &fix) mutable {
        if (socket->property("done").toBool())
            return;
        socket->setProperty("done", true);
        c.ok = ok;
        c.detail = detail;
        c.fix = fix;
        socket->abort();
        socket->deleteLater();
        deliver(c);
    };
    const QString where = QStringLiteral("%1:%2").arg(host).arg(port);
    connect(timer, &QTimer::timeout, socket, [finish, where]() mutable {
        finish(false, [where] { return tr("No answer from Redis at %1 within 3 seconds.").arg(where); },
               [] { return tr("Check REDIS_HOST/REDIS_PORT and that Redis is running."); });
    });
    connect(socket, &QTcpSocket::errorOccurred, socket, [finish, socket, where](QAbstractSocket::SocketError) mutable {
        const QString why = socket->errorString();
        finish(false, [where, why] { return tr("Cannot connect to Redis at %1: %2").arg(where, why); },
               [] { return tr("Start Redis (systemctl start redis-server) or correct REDIS_HOST/REDIS_PORT."); });
    });
    connect(socket, &QTcpSocket::connected, socket, [socket, password] {
        // RESP arrays, so that any password bytes are sent verbatim.
        QByteArray out;
        if (!password.isEmpty())
            out += "*2\r\n$4\r\nAUTH\r\n$" + QByteArray::number(password.size()) + "\r\n" + password + "\r\n";
        out += "*1\r\n$4\r\nPING\r\n";
        socket->write(out);
    });
    const bool withAuth = !password.isEmpty();
    connect(socket, &QTcpSocket::readyRead, socket, [finish, socket, buffer, withAuth, where]() mutable {
        *buffer += socket->readAll();
        QList<QByteArray> lines = buffer->split('\n');
        lines.removeLast(); // incomplete tail
        const int needed = withAuth ? 2 : 1;
        for (const QByteArray &raw : lines) {
            const QByteArray line = raw.trimmed();
            if (line.startsWith('-')) {
                const QString err = QString::fromUtf8(line.mid(1));
                if (line.contains("NOAUTH"))
                    finish(false, [where] { return tr("Redis at %1 requires a password.").arg(where); }, [] { return tr("Put the password in REDIS_PASSWORD."); });
                else if (line.contains("WRONGPASS") || line.contains("invalid password") || line.contains("invalid username"))
                    finish(false, [where] { return tr("Redis at %1 rejected the password.").arg(where); }, [] { return tr("Correct REDIS_PASSWORD."); });
                else
                    finish(false, [where, err] { return tr("Redis at %1 answered with an error: %2").arg(where, err); },
                           [] { return tr("Check the Redis configuration."); });
                return;
            }
        }
        if (lines.size() >= needed) {
            if (lines.last().trimmed() == "+PONG")
                finish(true, [withAuth, where] { return withAuth ? tr("PING answered after AUTH (%1).").arg(where) : tr("PING answered (%1).").arg(where); },
                       Wording());
            else
                finish(false, [where] { return tr("Something at %1 answered, but it is not Redis.").arg(where); }, [] { return tr("Check REDIS_HOST/REDIS_PORT."); });
        }
    });
    timer->start(3000);
    socket->connectToHost(host, port);
}

void ConnectionChecker::checkVendor()
{
    ConnectionCheck c;
    c.id = QStringLiteral("vendor");
    c.title = [] { return tr("Licence server"); };
    if (!m_client) {
        c.ok = true;
        c.skipped = true;
        c.required = false;
        c.detail = [] { return tr("Sheet mode: no vendor licence server is used."); };
        deliver(c);
        return;
    }
    // Reachable or not, a server whose answers cannot be verified here pairs nothing, and no
    // offline activation can be read either: the row fails, with the key's own next step.
    if (const QString problem = m_client->vendorKeyProblem(); !problem.isEmpty()) {
        c.detail = [problem] { return problem; };
        c.fix = [] { return tr("When it is fixed, press Retry."); };
        QMetaObject::invokeMethod(this, [this, c] { deliver(c); }, Qt::QueuedConnection);
        return;
    }
    const QString url = shownUrl(m_client->settings().vendorUrl.toString());
    m_vendorCall = m_client->health([this, c, url](const ClientOutcome &o) mutable {
        c.ok = o.ok();
        if (o.ok()) {
            const qint64 skew = o.reply.clockSkewSecs.value_or(0);
            const QString version = o.reply.json.value(QStringLiteral("version")).toString();
            c.detail = [url, version, skew] { return tr("%1 answers (server %2); clocks differ by %3 s.").arg(url, version).arg(skew); };
        } else {
            const ClientSettings settings = m_client ? m_client->settings() : ClientSettings();
            c.detail = [o, settings] { return o.text(settings).message; };
            c.fix = [o, settings] { return o.text(settings).action; };
            const bool noInternet = o.error == VendorError::DnsFailure || o.error == VendorError::ConnectionRefused
                || o.error == VendorError::Timeout || o.error == VendorError::NetworkError;
            if (noInternet) {
                // No internet here is no reason to stop: the pairing page offers the offline
                // activation (README "Offline activation"). A TLS or clock fault still is.
                c.required = false;
                c.fix = [o, settings] {
                    return o.text(settings).action + u' '
                        + tr("With no internet on this computer, go on: the pairing page offers an offline activation.");
                };
            }
        }
        deliver(c);
    });
}

} // namespace hotelhub::setup
