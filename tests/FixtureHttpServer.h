// A tiny HTTP/1.1 server for tests: serves canned replies by path on a loopback port.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QTcpServer>

namespace hotelhub::test {

struct CannedReply
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QByteArray location; // for redirects
};

class FixtureHttpServer : public QObject
{
    Q_OBJECT
public:
    FixtureHttpServer();
    quint16 port() const { return m_server.serverPort(); }
    QString url(const QString &path) const;
    void serve(const QByteArray &path, const CannedReply &reply) { m_replies.insert(path, reply); }
    int hits(const QByteArray &path) const { return m_hits.value(path); }

private:
    void onConnection();
    QTcpServer m_server;
    QHash<QByteArray, CannedReply> m_replies;
    QHash<QByteArray, int> m_hits;
};

} // namespace hotelhub::test
