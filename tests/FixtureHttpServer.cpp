#include "FixtureHttpServer.h"

#include <QTcpSocket>

namespace hotelhub::test {

FixtureHttpServer::FixtureHttpServer()
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, &FixtureHttpServer::onConnection);
}

QString FixtureHttpServer::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path);
}

void FixtureHttpServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *buffer = new QByteArray;
        connect(socket, &QTcpSocket::disconnected, socket, [socket, buffer] {
            delete buffer;
            socket->deleteLater();
        });
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            *buffer += socket->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> requestLine = buffer->left(buffer->indexOf("\r\n")).split(' ');
            QByteArray path = requestLine.value(1);
            path = path.left(path.indexOf('?') < 0 ? path.size() : path.indexOf('?'));
            buffer->clear();
            ++m_hits[path];
            const CannedReply reply = m_replies.value(path, CannedReply{404, "text/plain", "not found", {}});
            QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + " X\r\nContent-Type: " + reply.contentType
                + "\r\nContent-Length: " + QByteArray::number(reply.body.size()) + "\r\nConnection: close\r\n";
            if (!reply.location.isEmpty())
                out += "Location: " + reply.location + "\r\n";
            out += "\r\n" + reply.body;
            socket->write(out);
            socket->disconnectFromHost();
        });
    }
}

} // namespace hotelhub::test
