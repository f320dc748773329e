// The HTTP half of PROTOCOL.md: one object, handed its QNetworkAccessManager, that sends a
// request to the vendor licence server and turns whatever comes back into a VendorResult with
// exactly one VendorError. It knows nothing about tokens or the database (LicenseClient does).
#pragma once

#include "HeartbeatSchedule.h"

#include "VendorError.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QUrl>
#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace hotelhub {

class Clock;

struct VendorClientOptions
{
    QUrl baseUrl;                             // LICENSE_VENDOR_BASE_URL
    QString baseUrlProblem;                   // why there is none (its settings line), said as the detail
    int timeoutMs = 15000;                    // the whole exchange, connect to last byte
    qint64 maxReplyBytes = 64 * 1024;
    QList<QSslCertificate> extraCaCertificates; // LICENSE_CA_FILE: a self-hosted vendor's private CA
    qint64 maxClockSkewSecs = kMaxClockSkewSecs;
};

struct VendorResult
{
    VendorError error = VendorError::None;
    int httpStatus = 0;
    QJsonObject json;           // the parsed reply body (success or the server's error object)
    QString serverMessage;      // `error` / `message` of an error reply, as the server wrote it
    QString detail;             // technical detail for logs and support (never a token)
    QDateTime serverTime;       // from the Date header, else the body's time/server_time
    std::optional<qint64> clockSkewSecs; // server − local, when the server said its time
    // The server's Retry-After (seconds, or an HTTP date counted from its Date), bounded to a day.
    std::optional<qint64> retryAfterSecs;
    QString supportPhone;       // from a suspended/revoked reply
    QString supportEmail;

    bool ok() const { return error == VendorError::None; }
};

// One request in flight. Deletes itself after delivering its result.
class VendorCall : public QObject
{
    Q_OBJECT
public:
    void cancel(); // delivers VendorError::Cancelled (at once, or never if already delivered)

private:
    friend class VendorClient;
    explicit VendorCall(QObject *parent) : QObject(parent) {}
    void finish(VendorResult result);

    QNetworkReply *m_reply = nullptr;
    QTimer *m_timer = nullptr;
    QByteArray m_body;
    VendorError m_abortReason = VendorError::None;
    QList<int> m_sslErrors; // QSslError::SslError values seen
    QDateTime m_sentAt;
    std::function<void(const VendorResult &)> m_done;
    std::function<void()> m_onCancel; // a gate call: what cancel() stops
    bool m_finished = false;
};

class VendorClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const VendorResult &)>;

    // Installs an EnvironmentProxyFactory on `network` (HTTPS_PROXY/NO_PROXY, then the system proxy).
    VendorClient(QNetworkAccessManager &network, const Clock &clock, VendorClientOptions options, QObject *parent = nullptr);

    const VendorClientOptions &options() const { return m_options; }
    // The settings file was read again (the wizard's Retry): the next request uses these.
    void setOptions(VendorClientOptions options) { m_options = std::move(options); }

    // `path` is below the base URL ("/api/license/pair"). GET when `body` is nullopt. The bearer,
    // when given, goes into the Authorization header (PROTOCOL.md "Transport").
    QPointer<VendorCall> send(const QString &path, const std::optional<QJsonObject> &body, const QByteArray &bearer, Callback done);
    // The same, waiting in a local event loop (CLI and tests).
    VendorResult sendAndWait(const QString &path, const std::optional<QJsonObject> &body, const QByteArray &bearer = {});

    // A call that delivers `result` from the event loop without any network (local refusals).
    QPointer<VendorCall> immediate(const VendorResult &result, Callback done);
    // A handle for work that starts later (after a lock): cancel() runs `onCancel`; the owner ends
    // it with finishGate() once the work has delivered its own result.
    QPointer<VendorCall> gate(std::function<void()> onCancel);
    static void finishGate(VendorCall *gate);

    // InsecureUrl / InvalidUrl when the base URL may not be used, else None.
    VendorError checkBaseUrl(QString *detail = nullptr) const;
    QUrl endpoint(const QString &path) const;

    // Classifies a finished exchange; public for the unit tests of the mapping.
    static VendorResult classify(int httpStatus, const QByteArray &contentType, const QByteArray &body);
    // An HTTP status that says the address has no licence service (404, 405, 501): the settings
    // file's address is wrong, not the licence.
    static bool isNoServiceStatus(int httpStatus);
    static VendorError fromNetworkError(int networkError);
    static VendorError fromSslErrors(const QList<int> &sslErrors);
    static QDateTime parseHttpDate(const QByteArray &value);

private:
    void onFinished(VendorCall *call);

    QNetworkAccessManager &m_network;
    const Clock &m_clock;
    VendorClientOptions m_options;
};

} // namespace hotelhub
