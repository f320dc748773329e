// Runs the real hotelhub-license-server for integration tests: keys, licences, `serve` on a free
// loopback port, SIGTERM (closed input on Windows). Also a synchronous HTTP helper.
#pragma once

#include "Crypto.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace hotelhub::test {

struct CommandResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QJsonObject json;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray header(const QByteArray &name) const;
};

HttpResult http(QNetworkAccessManager &network, const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                const QList<QPair<QByteArray, QByteArray>> &headers = {}, int timeoutMs = 20000);
HttpResult postJson(QNetworkAccessManager &network, const QUrl &url, const QJsonObject &body, const QByteArray &bearer = {});
quint16 freeLoopbackPort();

class ServerProcess
{
public:
    // `dir` holds keys/, the SQLite file and the admin secret; `db` defaults to sqlite:<dir>/vendor.sqlite.
    ServerProcess(const QString &binary, const QString &dir, const QString &db = {});
    ~ServerProcess();

    bool initKeys(KeyAlgorithm algorithm = KeyAlgorithm::Rsa2048);
    // `license create` with sensible defaults; returns the new key (empty on failure).
    QString createLicense(const QStringList &extra = {});
    CommandResult admin(const QStringList &args) const; // any command; --db is added for license/sheet verbs
    // Serves once health answers `expectedHealth` (503: a server that starts on purpose unhealthy,
    // read-only or with a clock it does not trust); false when it exits or never answers so.
    bool start(const QStringList &extra = {}, int expectedHealth = 200);
    // SIGTERM (on Windows: closes its input) and waits; returns the exit code.
    int stop();
    // SIGTERM only (returns at once); then waitForExit(). On Windows, closeInput().
    void terminate();
    // Closes the server's standard input: the portable stop (serve --stop-on-stdin-eof).
    void closeInput();
    int waitForExit(int ms = 30000);
    void kill();

    QUrl url(const QString &path) const;
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }
    void setPort(quint16 port) { m_fixedPort = port; } // start() listens there instead of a fresh free port
    QString dir() const { return m_dir; }
    QString db() const { return m_db; }
    QString keysDir() const { return m_dir + QStringLiteral("/keys"); }
    QString publicKeyPath() const { return keysDir() + QStringLiteral("/vendor-public.pem"); }
    QString publicKeySha256() const;
    QString adminSecretFile() const { return m_dir + QStringLiteral("/admin.secret"); }
    QByteArray adminSecret() const { return "test-admin-secret-0123456789abcdef"; }
    QByteArray log();
    QString scheme = QStringLiteral("http");

private:
    QString m_binary;
    QString m_dir;
    QString m_db;
    quint16 m_port = 0;
    quint16 m_fixedPort = 0;
    QProcess m_process;
    QByteArray m_log;
};

} // namespace hotelhub::test
