#include "LocalApi.h"
#include "OwnerOnly.h"
#include "Clock.h"
#include "Crypto.h"
#include "StatusPage.h"
#include "StatusPresentation.h"
#include "SupportContact.h"
#include "SmallFile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTimeZone>

namespace hotelhub {

Language LocalApi::messageLanguage(const QByteArray &acceptLanguage)
{
    // "id-ID,id;q=0.9,en;q=0.8": the first of Indonesian and English by weight, then by order;
    // English when neither is named (what the field said before it followed the header).
    double best = 0;
    Language chosen = Language::English;
    for (const QByteArray &part : acceptLanguage.split(',')) {
        const QList<QByteArray> fields = part.split(';');
        const QByteArray tag = fields.value(0).trimmed().toLower();
        const QByteArray primary = tag.left(tag.indexOf('-') < 0 ? tag.size() : tag.indexOf('-'));
        // "in" is Indonesian's withdrawn code, still sent by older Java and Android clients.
        const bool indonesian = primary == "id" || primary == "in";
        if (!indonesian && primary != "en")
            continue;
        double q = 1;
        for (qsizetype i = 1; i < fields.size(); ++i) {
            const QByteArray f = fields.at(i).trimmed().toLower(); // "Q=0.5" too: the name is case-insensitive
            if (f.startsWith("q=")) {
                bool ok = false;
                q = f.mid(2).toDouble(&ok);
                if (!ok || q < 0 || q > 1)
                    q = 0;
            }
        }
        if (q > best) {
            best = q;
            chosen = indonesian ? Language::Indonesian : Language::English;
        }
    }
    return chosen;
}

LocalApi::LocalApi(StatusProvider status, Refresher refresh, QByteArray bearerSecret, LocalApiOptions options, QObject *parent)
    : QObject(parent)
    , m_status(std::move(status))
    , m_refresh(std::move(refresh))
    , m_secret(std::move(bearerSecret))
    , m_options(std::move(options))
{
    connect(&m_server, &QTcpServer::newConnection, this, &LocalApi::onConnection);
    connect(&m_server6, &QTcpServer::newConnection, this, &LocalApi::onConnection);
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
        *error = tr("--api-listen takes ADDRESS:PORT, for example 127.0.0.1:3100 (got \"%1\").").arg(text);
        return false;
    }
    if (!a.isLoopback()) {
        *error = tr("The local API only listens on a loopback address (127.0.0.1 or ::1), not %1.").arg(host);
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
            *error = tr("cannot read %1: %2").arg(QDir::toNativeSeparators(path), f.errorString());
            return {};
        }
        const QByteArray secret = f.readAll().trimmed();
        if (secret.size() < 32) {
            *error = tr("%1 holds no usable secret (shorter than 32 characters); delete it to make a new one").arg(QDir::toNativeSeparators(path));
            return {};
        }
        return secret;
    }
    const QByteArray secret = crypto::randomBytes(32).toHex();
    QString why;
    if (!SmallFile::writeAtomically(path, secret + '\n', &why, true)) {
        *error = tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), why);
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
    if (!m_server.isListening() && !m_server.listen(m_options.address, m_options.port)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3").arg(m_options.address.toString()).arg(m_options.port).arg(m_server.errorString());
        return false;
    }
    // "localhost" is ::1 first for many HTTP clients (PHP's curl, Windows): the same port there,
    // where the system has IPv6. Without it the API still serves 127.0.0.1.
    if (m_options.address == QHostAddress(QHostAddress::LocalHost) && !m_server6.isListening())
        m_server6.listen(QHostAddress::LocalHostIPv6, m_server.serverPort());
    return true;
}

void LocalApi::onConnection()
{
    while (QTcpSocket *socket = m_server.hasPendingConnections() ? m_server.nextPendingConnection() : m_server6.nextPendingConnection()) {
        m_connections.removeAll(nullptr);
        if (m_connections.size() >= m_options.maxConnections) {
            // At the cap the stalest connection gives way (slow or idle clients cannot keep the
            // HMS out); a connection waiting for its refresh answer is never the one.
            HttpConnection *stalest = nullptr;
            for (HttpConnection *c : std::as_const(m_connections))
                if (c && !c->held() && (!stalest || c->idleMs() > stalest->idleMs()))
                    stalest = c;
            if (!stalest) {
                HttpConnection refused(socket, m_options.limits);
                refused.reply(503, "application/json", R"({"error":"too many connections"})", false);
                socket->abort();
                continue;
            }
            m_connections.removeAll(stalest);
            stalest->drop();
        }
        auto *connection = new HttpConnection(socket, m_options.limits, this);
        m_connections.append(connection);
        connect(connection, &HttpConnection::request, this, [this, connection](const HttpRequest &r) { handle(connection, r); });
    }
}

void LocalApi::replyJson(HttpConnection *connection, int status, const QJsonObject &body, bool keepAlive, const HttpConnection::Headers &extra)
{
    connection->reply(status, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact), keepAlive, extra);
}

void LocalApi::handle(HttpConnection *connection, const HttpRequest &r)
{
    const bool keepAlive = r.keepAlive();
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own Host.
    if (!isLoopbackHostHeader(r.headers.value("host"))) {
        replyJson(connection, 403, {{QStringLiteral("error"), QStringLiteral("Host must be a loopback name (127.0.0.1, localhost, [::1])")}}, false);
        return;
    }
    if (r.path.startsWith("/panel/")) {
        const QByteArray auth = r.headers.value("authorization");
        const QByteArray given = auth.size() > 7 && auth.left(7).toLower() == "bearer " ? auth.mid(7).trimmed() : QByteArray();
        if (given.isEmpty() || !crypto::constantTimeEquals(given, m_secret)) {
            replyJson(connection, 401, {{QStringLiteral("error"), QStringLiteral("Authorization: Bearer <local-api.token> required")}}, keepAlive,
                      {{"WWW-Authenticate", "Bearer"}});
            return;
        }
    }
    // HEAD is a GET whose answer goes without its body (HttpConnection leaves it out).
    const auto allow = [&](const char *method) {
        const bool get = qstrcmp(method, "GET") == 0;
        if (r.method == method || (get && r.method == "HEAD"))
            return true;
        replyJson(connection, 405, {{QStringLiteral("error"), QStringLiteral("method not allowed")}}, keepAlive,
                  {{"Allow", get ? QByteArray("GET, HEAD") : QByteArray(method)}});
        return false;
    };
    if (r.path == "/panel/license/status") {
        if (allow("GET"))
            replyJson(connection, 200, m_status().json, keepAlive);
    } else if (r.path == "/panel/license/refresh") {
        if (!allow("POST"))
            return;
        if (!m_refresh) {
            replyJson(connection, 503, {{QStringLiteral("error"), QStringLiteral("no heartbeat runner")}}, keepAlive);
            return;
        }
        // Answered when the heartbeat is done (or refused), with the status then.
        connection->hold();
        QPointer<HttpConnection> guard(connection);
        QPointer<LocalApi> self(this);
        m_refresh([self, guard, keepAlive](const RefreshAnswer &a) {
            if (!self || !guard)
                return;
            QJsonObject body = self->m_status().json;
            if (a.refused) {
                body.insert(QStringLiteral("error"), QStringLiteral("refresh at most once a minute"));
                body.insert(QStringLiteral("retry_after"), a.waitSecs);
                replyJson(guard, 429, body, keepAlive, {{"Retry-After", QByteArray::number(a.waitSecs)}});
            } else if (a.sheet) {
                // The same shape as a heartbeat's: the HMS reads "ok" and "code" either way.
                body.insert(QStringLiteral("heartbeat"), QJsonObject{{QStringLiteral("ok"), a.sheetOk}, {QStringLiteral("code"), a.sheetCode}});
                replyJson(guard, 200, body, keepAlive);
            } else {
                body.insert(QStringLiteral("heartbeat"),
                            QJsonObject{{QStringLiteral("ok"), a.outcome.ok()}, {QStringLiteral("code"), a.outcome.code()}});
                replyJson(guard, 200, body, keepAlive);
            }
            if (guard)
                guard->answered();
        });
    } else if (r.path == "/panel/license/migrate") {
        if (allow("POST")) {
            Q_EMIT migrateRequested();
            replyJson(connection, 202, {{QStringLiteral("started"), true}, {QStringLiteral("what"), QStringLiteral("hotelhub-setup --migrate")}}, keepAlive);
        }
    } else if (r.path == "/api/license-status") {
        if (allow("GET"))
            replyJson(connection, 200, fourPawsJson(m_status(), messageLanguage(r.headers.value("accept-language"))), keepAlive);
    } else if (r.path == "/" || r.path == "/index.html") {
        if (allow("GET"))
            connection->reply(200, "text/html; charset=utf-8", statusPage(m_status()), keepAlive,
                  {{"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"}, {"Refresh", "60"}});
    } else {
        replyJson(connection, 404, {{QStringLiteral("error"), QStringLiteral("not found")}}, keepAlive);
    }
}

QJsonObject LocalApi::fourPawsJson(const LocalStatus &s, Language language) const
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
    // The licence's end whatever the state (it was null for a licence moved elsewhere; helper-41).
    const QDateTime expiry = s.validUntil.isValid() ? s.validUntil : s.status.validUntil;
    return {{QStringLiteral("status"), status},
            {QStringLiteral("valid"), s.status.mode() == LicenseMode::Full},
            {QStringLiteral("state"), s.status.stateName()},
            {QStringLiteral("reason"), s.status.reason},
            {QStringLiteral("expiry"), expiry.isValid() ? QJsonValue(vendorDateText(expiry)) : QJsonValue()},
            {QStringLiteral("last_online_check"), s.lastCheck.isValid() ? QJsonValue(s.lastCheck.toUTC().toString(Qt::ISODate)) : QJsonValue()},
            {QStringLiteral("days_offline"), s.status.heartbeatAgeDays},
            {QStringLiteral("message"), present(s.status, language).title},
            {QStringLiteral("messages"), QJsonObject{{QStringLiteral("id"), present(s.status, Language::Indonesian).title},
                                                     {QStringLiteral("en"), present(s.status, Language::English).title}}},
            {QStringLiteral("contact"), QJsonObject{{QStringLiteral("phone"), contactPhone(s)}, {QStringLiteral("email"), contactEmail(s)}}}};
}

QString LocalApi::contactPhone(const LocalStatus &s) const
{
    return SupportContact::choose(s.vendorPhone, s.vendorEmail, m_options.supportPhone, m_options.supportEmail).phone;
}

QString LocalApi::contactEmail(const LocalStatus &s) const
{
    return SupportContact::choose(s.vendorPhone, s.vendorEmail, m_options.supportPhone, m_options.supportEmail).email;
}

QByteArray LocalApi::statusPage(const LocalStatus &s) const
{
    return StatusPage::render(s.status, s.lastCheck, contactPhone(s), contactEmail(s));
}

} // namespace hotelhub
