#include "HttpConnection.h"

#include <QElapsedTimer>
#include <QTcpSocket>

#include <algorithm>

namespace hotelhub {

bool HttpRequest::keepAlive() const
{
    bool close = false, keep = false;
    for (const QByteArray &token : headers.value("connection").split(',')) {
        const QByteArray t = token.trimmed().toLower();
        close = close || t == "close";
        keep = keep || t == "keep-alive";
    }
    return !close && (version != "HTTP/1.0" || keep);
}

HttpConnection::HttpConnection(QTcpSocket *socket, HttpLimits limits, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_limits(limits)
{
    socket->setParent(this);
    m_lastDone.start();
    m_idle.setSingleShot(true);
    m_deadline.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        if (m_socket)
            m_socket->abort();
    });
    // The whole request must arrive within the deadline: a byte now and then does not extend it.
    connect(&m_deadline, &QTimer::timeout, this, [this] { refuse(408, R"({"error":"the request did not arrive in time"})"); });
    // Back-pressure (from an outside check: one client pipelining 30,000 requests and reading no
    // answer held the GUI thread and grew the tray to 280 MB). Qt keeps at most one request's
    // worth of unread input; the rest waits in the kernel, and the client's sends stall.
    socket->setReadBufferSize(m_limits.headerLimit + m_limits.maxRequestBytes + 4);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadable);
    m_pause.setSingleShot(true);
    connect(&m_pause, &QTimer::timeout, this, &HttpConnection::onReadable);
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_waitingForWrites && m_socket && m_socket->bytesToWrite() < kMaxUnsentBytes / 2) {
            m_waitingForWrites = false;
            onReadable();
        }
    });
    // The client shut its sending side after its request (HTTP/1.0 clients, `nc -N`): Qt then
    // closes the socket at once unless answers are waiting to go out. The requests already here
    // are answered first, while the socket still writes.
    connect(socket, &QAbstractSocket::stateChanged, this, [this](QAbstractSocket::SocketState state) {
        if (state == QAbstractSocket::ClosingState && !m_closedByUs && m_socket && !m_held && (!m_buffer.isEmpty() || m_socket->bytesAvailable() > 0)) {
            m_pause.stop();
            onReadable();
        }
    });
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        m_idle.stop();
        m_deadline.stop();
        Q_EMIT closed();
        deleteLater();
    });
    m_idle.start(m_limits.idleTimeoutMs);
}

bool HttpConnection::open() const
{
    // Closing because the client shut its side: what it sent before is still answered.
    return m_socket
        && (m_socket->state() == QAbstractSocket::ConnectedState || (m_socket->state() == QAbstractSocket::ClosingState && !m_closedByUs));
}

const char *HttpConnection::reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 202: return "Accepted";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

void HttpConnection::reply(int status, const QByteArray &contentType, const QByteArray &body, bool keepAlive, const Headers &extra)
{
    if (!m_socket)
        return;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
        + "X-Frame-Options: DENY\r\n" // no other site may frame the page (clickjacking)
        + (keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
    for (const auto &h : extra)
        out += h.first + ": " + h.second + "\r\n";
    out += "\r\n";
    if (!m_head) // a HEAD's answer has the length a GET would get, and no body
        out += body;
    m_socket->write(out);
    if (!keepAlive) {
        m_closedByUs = true; // what the client sent after this request is not answered
        m_socket->disconnectFromHost();
    }
}

void HttpConnection::refuse(int status, const QByteArray &json)
{
    m_head = m_buffer.startsWith("HEAD "); // refused before it was read whole
    m_deadline.stop();
    m_buffer.clear();
    reply(status, "application/json", json, false);
}

void HttpConnection::hold() { m_held = true; }

void HttpConnection::answered()
{
    m_held = false;
    if (!m_buffer.isEmpty() || (m_socket && m_socket->bytesAvailable()))
        QMetaObject::invokeMethod(this, &HttpConnection::onReadable, Qt::QueuedConnection);
    else
        m_idle.start(m_limits.idleTimeoutMs);
}

void HttpConnection::drop()
{
    if (m_socket)
        m_socket->abort();
}

HttpParse HttpParse::next(const QByteArray &buffer, const HttpLimits &limits)
{
    HttpParse p;
    const auto refuse = [&p](int code, const char *json) {
        p.kind = Refused;
        p.status = code;
        p.error = json;
        return p;
    };
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return buffer.size() > limits.headerLimit ? refuse(431, R"({"error":"request headers too large"})") : p;
    if (end > limits.headerLimit)
        return refuse(431, R"({"error":"request headers too large"})");
    HttpRequest &r = p.request;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    if (first.size() != 3 || !first[2].startsWith("HTTP/1."))
        return refuse(400, R"({"error":"malformed request line"})");
    r.method = first[0];
    r.version = first[2];
    const qsizetype query = first[1].indexOf('?');
    r.path = query < 0 ? first[1] : first[1].left(query);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = lines[i].left(colon).trimmed().toLower();
        // Two of a header that decides something (which host, how long, who) is ambiguous:
        // one reader would take the first and another the last.
        if (r.headers.contains(name) && (name == "host" || name == "content-length" || name == "authorization"))
            return refuse(400, R"({"error":"duplicated header"})");
        // Several fields of a list header are one list (RFC 9110 5.3): "close" in any Connection
        // closes, and each Accept-Language field's languages count (the last field alone did).
        if ((name == "connection" || name == "accept-language") && r.headers.contains(name))
            r.headers[name] += ", " + lines[i].mid(colon + 1).trimmed();
        else
            r.headers.insert(name, lines[i].mid(colon + 1).trimmed());
    }
    if (r.headers.contains("transfer-encoding"))
        return refuse(411, R"({"error":"send a Content-Length, not a chunked body"})");
    // Digits only (RFC 9110): "+5", " 5" or "0x5" would be read differently by another parser.
    const QByteArray lengthText = r.headers.value("content-length");
    const bool lengthOk = !r.headers.contains("content-length")
        || (!lengthText.isEmpty() && lengthText.size() <= 18
            && std::all_of(lengthText.begin(), lengthText.end(), [](char c) { return c >= '0' && c <= '9'; }));
    const qint64 length = lengthOk && !lengthText.isEmpty() ? lengthText.toLongLong() : 0;
    if (!lengthOk || length < 0)
        return refuse(400, R"({"error":"bad Content-Length"})");
    if (length > limits.maxRequestBytes || end + 4 + length > limits.maxRequestBytes + limits.headerLimit)
        return refuse(413, R"({"error":"request larger than 64 KiB"})");
    if (buffer.size() < end + 4 + length)
        return HttpParse{}; // the body is still arriving (within the same deadline)
    r.body = buffer.mid(end + 4, length);
    p.kind = Complete;
    p.consumed = end + 4 + length;
    return p;
}

void HttpConnection::onReadable()
{
    if (!m_socket || m_held || m_pause.isActive())
        return; // an answer is pending, or this client's turn is over: the next request waits
    // At most one request's worth is taken in at a time, a few requests are answered per turn of
    // the event loop (other connections and the window get theirs), and none while the client
    // leaves too many answers unread.
    QElapsedTimer turn;
    turn.start();
    const qsizetype room = m_limits.headerLimit + m_limits.maxRequestBytes + 4 - m_buffer.size();
    if (room > 0)
        m_buffer += m_socket->read(room);
    int answered = 0;
    while (!m_buffer.isEmpty() && open()) {
        if (m_socket->bytesToWrite() > kMaxUnsentBytes) {
            m_waitingForWrites = true;
            return;
        }
        if (answered == kRequestsPerTurn) {
            // The rest after a pause as long as this turn took: one client's stream of requests
            // gets at most half of the tray's time. A posted event, or a timer shorter than a
            // turn, would leave Windows' message queue never empty (its event loop then never
            // returns to its caller, and deferred deletes wait), and would starve the other
            // connections under a slow disk or a busy machine.
            // Its new data (readyRead) waits for the pause too.
            m_pause.start(int(std::clamp<qint64>(turn.elapsed(), 1, 1000)));
            return;
        }
        if (!m_deadline.isActive()) {
            m_idle.stop();
            m_deadline.start(m_limits.requestDeadlineMs);
        }
        const HttpParse p = HttpParse::next(m_buffer, m_limits);
        if (p.kind == HttpParse::NeedMore)
            return;
        if (p.kind == HttpParse::Refused) {
            refuse(p.status, p.error);
            return;
        }
        m_buffer.remove(0, p.consumed);
        m_deadline.stop();
        m_lastDone.restart();
        ++answered;
        m_head = p.request.method == "HEAD";
        Q_EMIT request(p.request);
        if (m_held || !open())
            return;
        if (m_buffer.size() < m_limits.headerLimit && m_socket->bytesAvailable() > 0)
            m_buffer += m_socket->read(m_limits.headerLimit + m_limits.maxRequestBytes + 4 - m_buffer.size());
        if (m_buffer.isEmpty())
            m_idle.start(m_limits.idleTimeoutMs);
    }
}

} // namespace hotelhub
