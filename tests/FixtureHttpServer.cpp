#include "FixtureHttpServer.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

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

namespace {
// Sends `remaining` bytes of filler in 64 KiB pieces as the socket drains.
void streamBody(QTcpSocket *socket, qint64 remaining)
{
    if (remaining <= 0 || socket->state() != QAbstractSocket::ConnectedState) {
        socket->disconnectFromHost();
        return;
    }
    const qint64 piece = std::min<qint64>(remaining, 64 * 1024);
    socket->write(QByteArray(piece, '{'));
    QPointer<QTcpSocket> guard(socket);
    QTimer::singleShot(0, socket, [guard, remaining, piece] {
        if (guard)
            streamBody(guard, remaining - piece);
    });
}
void trickleBody(QTcpSocket *socket, QByteArray rest)
{
    if (rest.isEmpty() || socket->state() != QAbstractSocket::ConnectedState) {
        socket->disconnectFromHost();
        return;
    }
    socket->write(rest.left(1));
    QPointer<QTcpSocket> guard(socket);
    QTimer::singleShot(300, socket, [guard, rest] {
        if (guard)
            trickleBody(guard, rest.mid(1));
    });
}
} // namespace

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
            RecordedRequest request;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            request.method = requestLine.value(0);
            request.target = requestLine.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
            }
            const qint64 length = request.headers.value("content-length").toLongLong();
            if (buffer->size() - end - 4 < length)
                return; // the body is still arriving
            request.body = buffer->mid(end + 4, length);
            buffer->clear();
            QByteArray path = request.target;
            path = path.left(path.indexOf('?') < 0 ? path.size() : path.indexOf('?'));
            ++m_hits[path];
            m_last.insert(path, request);
            const CannedReply reply = m_replies.value(path, m_fallback);
            if (reply.mode == CannedReply::Mode::Hang)
                return;
            QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + " X\r\nContent-Type: " + reply.contentType + "\r\n";
            if (reply.mode == CannedReply::Mode::Normal || reply.mode == CannedReply::Mode::Trickle)
                out += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
            out += "Connection: close\r\n";
            if (!reply.location.isEmpty())
                out += "Location: " + reply.location + "\r\n";
            for (const auto &h : reply.headers)
                out += h.first + ": " + h.second + "\r\n";
            out += "\r\n";
            if (reply.mode == CannedReply::Mode::Stream) {
                socket->write(out);
                streamBody(socket, reply.streamBytes);
                return;
            }
            if (reply.mode == CannedReply::Mode::Trickle) {
                socket->write(out);
                trickleBody(socket, reply.body);
                return;
            }
            socket->write(out + reply.body);
            socket->disconnectFromHost();
        });
    }
}

} // namespace hotelhub::test
