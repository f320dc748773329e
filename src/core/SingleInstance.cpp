#include "SingleInstance.h"
#include "AppPaths.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLocalSocket>

namespace hotelhub {

SingleInstance::SingleInstance(const QString &program, const QString &dataDir, QObject *parent)
    : QObject(parent)
    , m_name(program + u'-'
             + QString::fromLatin1(QCryptographicHash::hash((qEnvironmentVariable("USER") + qEnvironmentVariable("USERNAME") + pathIdentity(dataDir)).toUtf8(),
                                                            QCryptographicHash::Sha256)
                                       .toHex()
                                       .left(16)))
{
    connect(&m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *s = m_server.nextPendingConnection()) {
            connect(s, &QLocalSocket::disconnected, s, &QObject::deleteLater);
            Q_EMIT showRequested();
        }
    });
}

bool SingleInstance::forwardToRunning()
{
    QLocalSocket probe;
    probe.connectToServer(m_name);
    if (!probe.waitForConnected(500))
        return false;
    probe.write("show\n");
    probe.waitForBytesWritten(500);
    return true;
}

bool SingleInstance::claim()
{
    if (forwardToRunning())
        return false;
    QLocalServer::removeServer(m_name); // a stale socket left by a crash
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    m_server.listen(m_name); // without it, this copy still runs; only a later start is not handed over
    return true;
}

} // namespace hotelhub
