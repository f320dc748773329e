// The tray's local API (issue 6) on 127.0.0.1:3100: the HMS panel asks the licence state here,
// the browser shows the lock/status page, and seed 004's 4Paws shape is served too. Loopback only,
// Host-checked (DNS rebinding), bearer secret for /panel/*, keep-alive. A small HTTP/1.1 server on
// QTcpServer (Qt 6.4's HttpServer has no request limits) in three parts: HttpConnection (framing,
// limits, a deadline per request), this class (the connection cap and the routes), StatusPage.
#pragma once

#include "LicenseClient.h"
#include "HttpConnection.h"
#include "Translations.h"

#include <QCoreApplication>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QTcpServer>
#include <functional>

class QTcpSocket;

namespace hotelhub {

struct LocalStatus
{
    LicenseStatus status;
    QJsonObject json;      // the seed 000 §8 object (+ state, mode, …)
    QDateTime lastCheck;   // last successful heartbeat / online check
    QDateTime validUntil;  // the licence's end as shown (LicenceTerms); empty: status.validUntil
    QString vendorPhone;   // the vendor's contact from its last refusal (plain text); empty: the .env's
    QString vendorEmail;
};

// What a manual heartbeat asked through the API came to: refused (ran under a minute ago, or no
// heartbeat in this mode) with the seconds to wait, or the heartbeat's outcome.
struct RefreshAnswer
{
    bool refused = false;
    int waitSecs = 0;
    ClientOutcome outcome;
    // Sheet mode: the sheet was read; its outcome's code (ok, sheet_no_row, invalid_configuration, …).
    bool sheet = false;
    bool sheetOk = false;
    QString sheetCode;
};

struct LocalApiOptions
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 3100;
    HttpLimits limits;
    // Open connections at most; a new one beyond it closes the stalest (never one being answered).
    int maxConnections = 64;
    QString supportPhone;
    QString supportEmail;
};

class LocalApi : public QObject
{
    Q_OBJECT
public:
    using StatusProvider = std::function<LocalStatus()>;
    // Starts a manual heartbeat and calls `done` once, on this object's thread, with the answer
    // (the runner may live on another thread). Null: refresh answers 503.
    using Refresher = std::function<void(std::function<void(const RefreshAnswer &)> done)>;
    LocalApi(StatusProvider status, Refresher refresh, QByteArray bearerSecret, LocalApiOptions options, QObject *parent = nullptr);

    bool listen(QString *error);
    // The settings file's contact changed while the tray runs: the next answers name it (they kept
    // the one of the start; the outside check of 2026-12-06).
    void setSupportContact(const QString &phone, const QString &email)
    {
        m_options.supportPhone = phone;
        m_options.supportEmail = email;
    }
    quint16 port() const { return m_server.serverPort(); }
    bool listening() const { return m_server.isListening(); }
    bool listeningOnIpv6() const { return m_server6.isListening(); }

    // "127.0.0.1:3100", "[::1]:3100", "localhost:3100"; anything not loopback is refused.
    static bool parseListen(const QString &text, QHostAddress *address, quint16 *port, QString *error);
    // The 0600 bearer secret file: read, or created with 32 random bytes (hex) when missing.
    static QByteArray loadOrCreateSecret(const QString &path, QString *error);
    static bool isLoopbackHostHeader(const QByteArray &host);
    // The language of /api/license-status's `message`: Indonesian or English, whichever
    // Accept-Language weighs first; English when it names neither (`messages` has both).
    static Language messageLanguage(const QByteArray &acceptLanguage);

    // The lock/status page for `s`, Indonesian and English on one page (seed 004; StatusPage).
    QByteArray statusPage(const LocalStatus &s) const;
    int connectionCount() const { return int(m_connections.size()); }
    QString contactPhone(const LocalStatus &s) const;
    QString contactEmail(const LocalStatus &s) const;
    QJsonObject fourPawsJson(const LocalStatus &s, Language language) const;

Q_SIGNALS:
    void migrateRequested();

private:
    void onConnection();
    void handle(HttpConnection *connection, const HttpRequest &request);
    static void replyJson(HttpConnection *connection, int status, const QJsonObject &body, bool keepAlive, const HttpConnection::Headers &extra = {});

    StatusProvider m_status;
    Refresher m_refresh;
    QByteArray m_secret;
    LocalApiOptions m_options;
    QTcpServer m_server;
    QTcpServer m_server6; // ::1 beside 127.0.0.1: an HMS that calls "localhost" tries IPv6 first
    QList<QPointer<HttpConnection>> m_connections;
};

} // namespace hotelhub
