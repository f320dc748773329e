// A tiny HTTP/1.1 server for tests: serves canned replies by path on a loopback port, records
// what each path was sent, and can misbehave on purpose (hang, stream without end, refuse with a
// proxy's 407).
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QTcpServer>

namespace hotelhub::test {

struct CannedReply
{
    enum class Mode {
        Normal,      // status line, headers with Content-Length, body
        Hang,        // read the request, never answer
        Stream,      // answer 200 without Content-Length and send `streamBytes` of body
        Trickle,     // headers with Content-Length at once, then the body a byte every 300 ms
    };
    CannedReply(int status_ = 200, QByteArray contentType_ = "application/json", QByteArray body_ = {}, QByteArray location_ = {},
                QList<QPair<QByteArray, QByteArray>> headers_ = {}, Mode mode_ = Mode::Normal, qint64 streamBytes_ = 0)
        : status(status_), contentType(std::move(contentType_)), body(std::move(body_)), location(std::move(location_)),
          headers(std::move(headers_)), mode(mode_), streamBytes(streamBytes_)
    {
    }
    int status;
    QByteArray contentType;
    QByteArray body;
    QByteArray location; // for redirects
    QList<QPair<QByteArray, QByteArray>> headers;
    Mode mode;
    qint64 streamBytes;
};

struct RecordedRequest
{
    QByteArray method;
    QByteArray target;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

class FixtureHttpServer : public QObject
{
    Q_OBJECT
public:
    FixtureHttpServer();
    quint16 port() const { return m_server.serverPort(); }
    QString url(const QString &path) const;
    void serve(const QByteArray &path, const CannedReply &reply) { m_replies.insert(path, reply); }
    // Any path not served explicitly gets this reply (a proxy answering every request).
    void serveAll(const CannedReply &reply) { m_fallback = reply; }
    int hits(const QByteArray &path) const { return m_hits.value(path); }
    RecordedRequest last(const QByteArray &path) const { return m_last.value(path); }

private:
    void onConnection();
    QTcpServer m_server;
    QHash<QByteArray, CannedReply> m_replies;
    CannedReply m_fallback{404, "text/plain", "not found", {}, {}, CannedReply::Mode::Normal, 0};
    QHash<QByteArray, int> m_hits;
    QHash<QByteArray, RecordedRequest> m_last;
};

} // namespace hotelhub::test
