#include "LocalApi.h"
#include "Clock.h"
#include "Crypto.h"
#include "StatusPresentation.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QPointer>
#include <QSaveFile>
#include <QTcpSocket>
#include <QTimer>
#include <QTimeZone>

namespace hotelhub {

namespace {
const char *reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 202: return "Accepted";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

QString esc(const QString &s) { return s.toHtmlEscaped(); }
} // namespace

LocalApi::LocalApi(StatusProvider status, Refresher refresh, QByteArray bearerSecret, LocalApiOptions options, QObject *parent)
    : QObject(parent)
    , m_status(std::move(status))
    , m_refresh(std::move(refresh))
    , m_secret(std::move(bearerSecret))
    , m_options(std::move(options))
{
    connect(&m_server, &QTcpServer::newConnection, this, &LocalApi::onConnection);
}

bool LocalApi::parseListen(const QString &text, QHostAddress *address, quint16 *port, QString *error)
{
    const int colon = int(text.lastIndexOf(u':'));
    QString host = colon > 0 ? text.left(colon) : QString();
    bool ok = false;
    const uint p = colon > 0 ? text.mid(colon + 1).toUInt(&ok) : 0;
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    QHostAddress a = host == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
    if (!ok || p == 0 || p > 65535 || a.isNull()) {
        *error = QStringLiteral("--api-listen takes ADDRESS:PORT, for example 127.0.0.1:3100 (got \"%1\")").arg(text);
        return false;
    }
    if (!a.isLoopback()) {
        *error = QStringLiteral("the local API only listens on a loopback address (127.0.0.1 or ::1), not %1").arg(host);
        return false;
    }
    *address = a;
    *port = quint16(p);
    return true;
}

QByteArray LocalApi::loadOrCreateSecret(const QString &path, QString *error)
{
    QFile f(path);
    if (f.exists()) {
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
            return {};
        }
        const QByteArray secret = f.readAll().trimmed();
        if (secret.size() < 32) {
            *error = QStringLiteral("%1 holds no usable secret (shorter than 32 characters); delete it to make a new one").arg(path);
            return {};
        }
        return secret;
    }
    const QByteArray secret = crypto::randomBytes(32).toHex();
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || !out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) || out.write(secret + '\n') < 0
        || !out.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, out.errorString());
        return {};
    }
    return secret;
}

bool LocalApi::isLoopbackHostHeader(const QByteArray &hostHeader)
{
    QByteArray host = hostHeader.trimmed().toLower();
    if (host.startsWith('[')) {
        const qsizetype end = host.indexOf(']');
        if (end < 0)
            return false;
        host = host.mid(1, end - 1);
    } else if (host.count(':') == 1) {
        host = host.left(host.indexOf(':'));
    }
    if (host == "localhost")
        return true;
    const QHostAddress a(QString::fromLatin1(host));
    return !a.isNull() && a.isLoopback();
}

bool LocalApi::listen(QString *error)
{
    if (!m_options.address.isLoopback()) {
        *error = QStringLiteral("the local API only listens on a loopback address");
        return false;
    }
    if (!m_server.listen(m_options.address, m_options.port)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3").arg(m_options.address.toString()).arg(m_options.port).arg(m_server.errorString());
        return false;
    }
    return true;
}

void LocalApi::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *idle = new QTimer(socket);
        idle->setSingleShot(true);
        idle->setObjectName(QStringLiteral("idle"));
        connect(idle, &QTimer::timeout, socket, [socket] { socket->abort(); });
        idle->start(m_options.idleTimeoutMs);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void LocalApi::onReadable(QTcpSocket *socket)
{
    if (socket->property("busy").toBool())
        return; // a refresh is being answered; the next request waits in the socket buffer
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    if (auto *idle = socket->findChild<QTimer *>(QStringLiteral("idle")))
        idle->start(m_options.idleTimeoutMs);
    while (!buffer.isEmpty()) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0) {
            if (buffer.size() > m_options.headerLimit) {
                reply(socket, 431, "application/json", R"({"error":"request headers too large"})", false);
                return;
            }
            break;
        }
        if (end > m_options.headerLimit) {
            reply(socket, 431, "application/json", R"({"error":"request headers too large"})", false);
            return;
        }
        Request r;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        if (first.size() != 3 || !first[2].startsWith("HTTP/1.")) {
            reply(socket, 400, "application/json", R"({"error":"malformed request line"})", false);
            return;
        }
        r.method = first[0];
        r.path = first[1].left(first[1].indexOf('?') < 0 ? first[1].size() : first[1].indexOf('?'));
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = lines[i].left(colon).trimmed().toLower();
            // Two of a header that decides something (which host, how long, who) is ambiguous:
            // one reader would take the first and another the last.
            if (r.headers.contains(name) && (name == "host" || name == "content-length" || name == "authorization")) {
                reply(socket, 400, "application/json", R"({"error":"duplicated header"})", false);
                return;
            }
            r.headers.insert(name, lines[i].mid(colon + 1).trimmed());
        }
        if (r.headers.contains("transfer-encoding")) {
            reply(socket, 411, "application/json", R"({"error":"send a Content-Length, not a chunked body"})", false);
            return;
        }
        bool lengthOk = true;
        const qint64 length = r.headers.contains("content-length") ? r.headers.value("content-length").toLongLong(&lengthOk) : 0;
        if (!lengthOk || length < 0) {
            reply(socket, 400, "application/json", R"({"error":"bad Content-Length"})", false);
            return;
        }
        if (length > m_options.maxRequestBytes || end + 4 + length > m_options.maxRequestBytes + m_options.headerLimit) {
            reply(socket, 413, "application/json", R"({"error":"request larger than 64 KiB"})", false);
            return;
        }
        if (buffer.size() < end + 4 + length)
            break; // the body is still arriving
        r.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        socket->setProperty("buffer", buffer);
        handle(socket, r);
        if (socket->state() != QAbstractSocket::ConnectedState || socket->property("busy").toBool())
            return;
    }
    socket->setProperty("buffer", buffer);
}

void LocalApi::reply(QTcpSocket *socket, int status, const QByteArray &contentType, const QByteArray &body, bool keepAlive,
                     const QList<QPair<QByteArray, QByteArray>> &extra)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
        + "X-Frame-Options: DENY\r\n" // no other site may frame the page (clickjacking)
        + (keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
    for (const auto &h : extra)
        out += h.first + ": " + h.second + "\r\n";
    out += "\r\n" + body;
    socket->write(out);
    if (!keepAlive)
        socket->disconnectFromHost();
}

void LocalApi::replyJson(QTcpSocket *socket, int status, const QJsonObject &body, bool keepAlive, const QList<QPair<QByteArray, QByteArray>> &extra)
{
    reply(socket, status, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact), keepAlive, extra);
}

void LocalApi::handle(QTcpSocket *socket, const Request &r)
{
    const bool keepAlive = r.headers.value("connection").toLower() != "close";
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own Host.
    if (!isLoopbackHostHeader(r.headers.value("host"))) {
        replyJson(socket, 403, {{QStringLiteral("error"), QStringLiteral("Host must be a loopback name (127.0.0.1, localhost, [::1])")}}, false);
        return;
    }
    if (r.path.startsWith("/panel/")) {
        const QByteArray auth = r.headers.value("authorization");
        const QByteArray given = auth.size() > 7 && auth.left(7).toLower() == "bearer " ? auth.mid(7).trimmed() : QByteArray();
        if (given.isEmpty() || !crypto::constantTimeEquals(given, m_secret)) {
            replyJson(socket, 401, {{QStringLiteral("error"), QStringLiteral("Authorization: Bearer <local-api.token> required")}}, keepAlive,
                      {{"WWW-Authenticate", "Bearer"}});
            return;
        }
    }
    const auto allow = [&](const char *method) {
        if (r.method == method)
            return true;
        replyJson(socket, 405, {{QStringLiteral("error"), QStringLiteral("method not allowed")}}, keepAlive, {{"Allow", method}});
        return false;
    };
    if (r.path == "/panel/license/status") {
        if (allow("GET"))
            replyJson(socket, 200, m_status().json, keepAlive);
    } else if (r.path == "/panel/license/refresh") {
        if (!allow("POST"))
            return;
        if (!m_refresh) {
            replyJson(socket, 503, {{QStringLiteral("error"), QStringLiteral("no heartbeat runner")}}, keepAlive);
            return;
        }
        // Answered when the heartbeat is done (or refused), with the status then.
        socket->setProperty("busy", true);
        QPointer<QTcpSocket> guard(socket);
        QPointer<LocalApi> self(this);
        m_refresh([self, guard, keepAlive](const RefreshAnswer &a) {
            if (!self || !guard)
                return;
            guard->setProperty("busy", false);
            QJsonObject body = self->m_status().json;
            if (a.unavailable) {
                self->replyJson(guard, 503, {{QStringLiteral("error"), QStringLiteral("no heartbeat runner")}}, keepAlive);
            } else if (a.refused) {
                body.insert(QStringLiteral("error"), QStringLiteral("refresh at most once a minute"));
                body.insert(QStringLiteral("retry_after"), a.waitSecs);
                self->replyJson(guard, 429, body, keepAlive, {{"Retry-After", QByteArray::number(a.waitSecs)}});
            } else {
                body.insert(QStringLiteral("heartbeat"),
                            QJsonObject{{QStringLiteral("ok"), a.outcome.ok()}, {QStringLiteral("code"), VendorErrors::code(a.outcome.error)}});
                self->replyJson(guard, 200, body, keepAlive);
            }
            if (guard && guard->bytesAvailable())
                self->onReadable(guard);
        });
    } else if (r.path == "/panel/license/migrate") {
        if (allow("POST")) {
            Q_EMIT migrateRequested();
            replyJson(socket, 202, {{QStringLiteral("started"), true}, {QStringLiteral("what"), QStringLiteral("hotelhub-setup --migrate")}}, keepAlive);
        }
    } else if (r.path == "/api/license-status") {
        if (allow("GET"))
            replyJson(socket, 200, fourPawsJson(m_status()), keepAlive);
    } else if (r.path == "/" || r.path == "/index.html") {
        if (allow("GET"))
            reply(socket, 200, "text/html; charset=utf-8", statusPage(m_status()), keepAlive,
                  {{"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"}, {"Refresh", "60"}});
    } else {
        replyJson(socket, 404, {{QStringLiteral("error"), QStringLiteral("not found")}}, keepAlive);
    }
}

QJsonObject LocalApi::fourPawsJson(const LocalStatus &s) const
{
    // Seed 004's app checks {status, valid, expiry, last_online_check, days_offline} before it starts.
    QString status;
    switch (s.status.state) {
    case LicenseState::Suspended: status = QStringLiteral("suspended"); break;
    case LicenseState::Revoked: status = QStringLiteral("revoked"); break;
    case LicenseState::Expired: status = QStringLiteral("expired"); break;
    case LicenseState::Unpaired: status = QStringLiteral("unpaired"); break;
    case LicenseState::Locked:
        status = s.status.reason == QLatin1String("offline_too_long") || s.status.reason == QLatin1String("online_check_required")
            ? QStringLiteral("offline") : QStringLiteral("locked");
        break;
    default: status = s.status.mode() == LicenseMode::Full ? QStringLiteral("active") : QStringLiteral("restricted"); break;
    }
    return {{QStringLiteral("status"), status},
            {QStringLiteral("valid"), s.status.mode() == LicenseMode::Full},
            {QStringLiteral("state"), s.status.stateName()},
            {QStringLiteral("reason"), s.status.reason},
            {QStringLiteral("expiry"), s.status.validUntil.isValid() ? QJsonValue(vendorDateText(s.status.validUntil)) : QJsonValue()},
            {QStringLiteral("last_online_check"), s.lastCheck.isValid() ? QJsonValue(s.lastCheck.toUTC().toString(Qt::ISODate)) : QJsonValue()},
            {QStringLiteral("days_offline"), s.status.heartbeatAgeDays},
            {QStringLiteral("message"), present(s.status, Language::English).title},
            {QStringLiteral("contact"), QJsonObject{{QStringLiteral("phone"), contactPhone(s)}, {QStringLiteral("email"), contactEmail(s)}}}};
}

QString LocalApi::contactPhone(const LocalStatus &s) const
{
    // The vendor's own contact from its last refusal (a billing desk) wins over the .env's.
    return s.vendorPhone.isEmpty() && s.vendorEmail.isEmpty() ? m_options.supportPhone : s.vendorPhone;
}

QString LocalApi::contactEmail(const LocalStatus &s) const
{
    return s.vendorPhone.isEmpty() && s.vendorEmail.isEmpty() ? m_options.supportEmail : s.vendorEmail;
}

QByteArray LocalApi::statusPage(const LocalStatus &s) const
{
    const StatusPresentation id = present(s.status, Language::Indonesian);
    const StatusPresentation en = present(s.status, Language::English);
    const bool locked = s.status.mode() == LicenseMode::Locked || s.status.mode() == LicenseMode::Restricted;
    const QString color = locked ? QStringLiteral("#b00020") : s.status.mode() == LicenseMode::Full && s.status.state != LicenseState::Active
                                                              ? QStringLiteral("#8a6d00") : QStringLiteral("#1b7f3a");
    const QString last = s.lastCheck.isValid() ? s.lastCheck.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")) : QStringLiteral("–");
    auto section = [&](const StatusPresentation &p, const char *lastLabel, const char *contactLabel, const char *reasonLabel) {
        QString html = QStringLiteral("<section><h1>%1 %2</h1>").arg(locked ? QStringLiteral("🔒") : QStringLiteral("ℹ️"), esc(p.title));
        if (!p.text.isEmpty())
            html += QStringLiteral("<p>%1</p>").arg(esc(p.text));
        if (!p.action.isEmpty())
            html += QStringLiteral("<p><strong>%1</strong></p>").arg(esc(p.action));
        html += QStringLiteral("<dl><dt>%1</dt><dd>%2</dd><dt>%3</dt><dd>%4</dd>").arg(QLatin1String(reasonLabel), esc(s.status.stateName() + (s.status.reason.isEmpty() ? QString() : QStringLiteral(" (") + s.status.reason + u')')), QLatin1String(lastLabel), esc(last));
        const QString phone = contactPhone(s), email = contactEmail(s);
        if (!phone.isEmpty() || !email.isEmpty()) {
            QStringList contact;
            if (!phone.isEmpty())
                contact << esc(phone) + QStringLiteral(" (WhatsApp)");
            if (!email.isEmpty())
                contact << QStringLiteral("<a href=\"mailto:%1\">%1</a>").arg(esc(email));
            html += QStringLiteral("<dt>%1</dt><dd>%2</dd>").arg(QLatin1String(contactLabel), contact.join(QStringLiteral(" · ")));
        }
        return html + QStringLiteral("</dl></section>");
    };
    const QString body = section(id, "Pemeriksaan terakhir", "Kontak", "Alasan") + section(en, "Last check", "Contact", "Reason");
    return QStringLiteral("<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>HotelHub — %1</title>"
                          "<meta name=\"viewport\" content=\"width=device-width\"><style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}"
                          "h1{color:%2;font-size:1.5em}section+section{border-top:1px solid #ccc;margin-top:2em;color:#444}dt{font-weight:bold}"
                          "</style></head><body>%3<p><small>HotelHub License Monitor · 127.0.0.1</small></p></body></html>")
        .arg(esc(id.title), color, body)
        .toUtf8();
}

} // namespace hotelhub
