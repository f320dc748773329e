#include "ServerProcess.h"
#include "OwnerOnly.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QTcpServer>
#include <QThread>
#include <QTimer>

#ifndef Q_OS_WIN
#include <csignal>
#endif

namespace hotelhub::test {

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

HttpResult http(QNetworkAccessManager &network, const QByteArray &method, const QUrl &url, const QByteArray &body,
                const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    request.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply] { reply->ignoreSslErrors(); });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.json = QJsonDocument::fromJson(r.body).object();
    r.error = reply->error();
    r.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return r;
}

HttpResult postJson(QNetworkAccessManager &network, const QUrl &url, const QJsonObject &body, const QByteArray &bearer)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!bearer.isEmpty())
        headers.append(qMakePair(QByteArray("Authorization"), "Bearer " + bearer));
    return http(network, "POST", url, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

ServerProcess::ServerProcess(const QString &binary, const QString &dir, const QString &db)
    : m_binary(binary)
    , m_dir(dir)
    , m_db(db.isEmpty() ? QStringLiteral("sqlite:") + dir + QStringLiteral("/vendor.sqlite") : db)
{
    QDir().mkpath(dir);
    QFile secret(adminSecretFile());
    if (secret.open(QIODevice::WriteOnly))
        secret.write(adminSecret());
    secret.close();
    OwnerOnly::restrict(adminSecretFile()); // serve refuses a secret every user may read
}

ServerProcess::~ServerProcess() { kill(); }

CommandResult ServerProcess::admin(const QStringList &argsIn) const
{
    QStringList args = argsIn;
    if (!args.isEmpty() && (args.first() == QLatin1String("license") || args.first() == QLatin1String("sheet")) && !args.contains(QStringLiteral("--db")))
        args << QStringLiteral("--db") << m_db;
    QProcess p;
    p.start(m_binary, args);
    if (!p.waitForFinished(60000))
        p.kill();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

bool ServerProcess::initKeys(KeyAlgorithm algorithm)
{
    return admin({QStringLiteral("keys"), QStringLiteral("init"), QStringLiteral("--dir"), keysDir(), QStringLiteral("--alg"),
                  algorithm == KeyAlgorithm::Ed25519 ? QStringLiteral("eddsa") : QStringLiteral("rs256")})
               .exitCode
        == 0;
}

QString ServerProcess::publicKeySha256() const
{
    QFile f(publicKeyPath());
    f.open(QIODevice::ReadOnly);
    return crypto::sha256Hex(f.readAll());
}

QString ServerProcess::createLicense(const QStringList &extra)
{
    QStringList args{QStringLiteral("license"), QStringLiteral("create"), QStringLiteral("--plan"), QStringLiteral("standalone-pro")};
    if (!extra.contains(QStringLiteral("--max-rooms")))
        args << QStringLiteral("--max-rooms") << QStringLiteral("100");
    if (!extra.contains(QStringLiteral("--max-users")))
        args << QStringLiteral("--max-users") << QStringLiteral("30");
    if (!extra.contains(QStringLiteral("--valid-until")))
        args << QStringLiteral("--valid-until") << QDate::currentDate().addYears(1).toString(Qt::ISODate);
    const CommandResult r = admin(args + extra);
    if (r.exitCode != 0)
        return {};
    return r.out.trimmed().split(u'\n').last().trimmed();
}

bool ServerProcess::start(const QStringList &extra, int expectedHealth)
{
    m_port = m_fixedPort ? m_fixedPort : freeLoopbackPort();
    QStringList args{QStringLiteral("serve"), QStringLiteral("--db"), m_db, QStringLiteral("--keys"), keysDir(), QStringLiteral("--listen"),
                     QStringLiteral("127.0.0.1:%1").arg(m_port), QStringLiteral("--admin-secret-file"), adminSecretFile(),
                     QStringLiteral("--support-phone"), QStringLiteral("+62 812 0000 0000"), QStringLiteral("--support-email"),
                     QStringLiteral("support@vendor.test"), QStringLiteral("--stop-on-stdin-eof")};
    m_log.clear();
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start(m_binary, args + extra);
    if (!m_process.waitForStarted(10000))
        return false;
    QNetworkAccessManager network;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 20000 && m_process.state() == QProcess::Running) {
        if (http(network, "GET", url(QStringLiteral("/api/license/health")), {}, {}, 2000).status == expectedHealth)
            return true;
        QThread::msleep(50);
    }
    return false;
}

QUrl ServerProcess::url(const QString &path) const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2%3").arg(scheme).arg(m_port).arg(path));
}

QByteArray ServerProcess::log()
{
    m_log += m_process.readAllStandardError();
    return m_log;
}

int ServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitCode();
    terminate();
    if (!m_process.waitForFinished(30000)) {
        qWarning("the server did not stop within 30 s; killed");
        m_process.kill();
        m_process.waitForFinished(5000);
        return -1;
    }
    log();
    if (m_process.exitStatus() != QProcess::NormalExit)
        qWarning("the server ended abnormally (exit code 0x%x)", unsigned(m_process.exitCode()));
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

void ServerProcess::terminate()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
#ifdef Q_OS_WIN
    closeInput(); // Windows has no SIGTERM: the server's portable stop
#else
    ::kill(pid_t(m_process.processId()), SIGTERM);
#endif
}

void ServerProcess::closeInput()
{
    m_process.closeWriteChannel();
}

int ServerProcess::waitForExit(int ms)
{
    if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(ms))
        return -1;
    log();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

void ServerProcess::kill()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

} // namespace hotelhub::test
