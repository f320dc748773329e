// One client connection of the tray's local API: framing (request line, headers, a Content-Length
// body), the limits (header and body size, duplicated deciding headers, no chunked bodies), a
// deadline for each whole request and an idle limit between requests, and the answers. Routing
// is LocalApi's; the page is StatusPage's.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;

namespace hotelhub {

struct HttpRequest
{
    QByteArray method;
    QByteArray path; // without the query
    QByteArray version; // "HTTP/1.0", "HTTP/1.1"
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    // HTTP/1.1 unless "close"; HTTP/1.0 only with "keep-alive" (it was kept open 15 s, and a
    // client reading to the end of the stream waited that long).
    bool keepAlive() const;
};

struct HttpLimits;

// One step of reading a connection's buffer: a whole request (and how many bytes it took), more
// bytes needed, or a refusal (status and JSON body). Linear in the buffer; no socket needed.
struct HttpParse
{
    enum Kind { NeedMore, Complete, Refused } kind = NeedMore;
    HttpRequest request;
    qsizetype consumed = 0;
    int status = 0;
    QByteArray error; // JSON
    static HttpParse next(const QByteArray &buffer, const HttpLimits &limits);
};

struct HttpLimits
{
    qint64 maxRequestBytes = 64 * 1024;
    int headerLimit = 8 * 1024;
    // Between requests on a kept-alive connection.
    int idleTimeoutMs = 15000;
    // From a request's first byte to its last, however the bytes trickle in (slowloris).
    int requestDeadlineMs = 10000;
};

class HttpConnection : public QObject
{
    Q_OBJECT
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    // Takes the socket (it becomes a child); the connection deletes itself when the socket closes.
    HttpConnection(QTcpSocket *socket, HttpLimits limits, QObject *parent = nullptr);

    void reply(int status, const QByteArray &contentType, const QByteArray &body, bool keepAlive, const Headers &extra = {});
    // An answer that comes later (a refresh waits for its heartbeat): further requests wait in
    // the buffer until answer() is called.
    void hold();
    bool held() const { return m_held; }
    void answered();
    // Closes at once (the connection cap chose this one).
    void drop();

    // When this connection last finished a request (or opened): the cap closes the stalest first.
    qint64 idleMs() const { return m_lastDone.elapsed(); }
    bool open() const;

    static const char *reasonPhrase(int status);
    // Answers not yet taken by the client beyond which no further request is read.
    static constexpr qint64 kMaxUnsentBytes = 256 * 1024;
    static constexpr int kRequestsPerTurn = 8;

Q_SIGNALS:
    void request(const hotelhub::HttpRequest &request);
    void closed();

private:
    void onReadable();
    void refuse(int status, const QByteArray &json);

    QPointer<QTcpSocket> m_socket;
    HttpLimits m_limits;
    QByteArray m_buffer;
    QTimer m_idle;     // no request started
    QTimer m_deadline; // a request started and is not complete
    QTimer m_pause;    // between two turns of one client's pipelined requests
    QElapsedTimer m_lastDone;
    bool m_held = false;
    bool m_waitingForWrites = false; // the client reads its answers too slowly
    bool m_head = false;             // the request being answered is a HEAD: no body goes out
    bool m_closedByUs = false;       // an answer said "Connection: close"
};

} // namespace hotelhub
