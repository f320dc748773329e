#include "VendorClient.h"
#include "HeartbeatSchedule.h"
#include "Clock.h"
#include "PrivateCa.h"
#include "ProxySettings.h"
#include "Redact.h"
#include "sheets/SheetFetcher.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

namespace hotelhub {

void VendorCall::cancel()
{
    if (m_finished)
        return;
    m_abortReason = VendorError::Cancelled;
    if (m_reply)
        m_reply->abort();
    if (m_onCancel) {
        auto onCancel = m_onCancel; // may finish (and so delete later) this call
        onCancel();
    }
}

void VendorCall::finish(VendorResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_timer)
        m_timer->stop();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    auto done = std::move(m_done);
    deleteLater();
    if (done)
        done(result);
}

VendorClient::VendorClient(QNetworkAccessManager &network, const Clock &clock, VendorClientOptions options, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_clock(clock)
    , m_options(std::move(options))
{
    m_network.setProxyFactory(new EnvironmentProxyFactory);
}

QUrl VendorClient::endpoint(const QString &path) const
{
    QUrl url = m_options.baseUrl;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    return url;
}

VendorError VendorClient::checkBaseUrl(QString *detail) const
{
    const QUrl &url = m_options.baseUrl;
    if (!m_options.baseUrlProblem.isEmpty()) {
        if (detail)
            *detail = m_options.baseUrlProblem;
        return VendorError::InvalidUrl;
    }
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
        if (detail)
            *detail = QStringLiteral("base URL '%1' is not an http(s) URL").arg(url.toString());
        return VendorError::InvalidUrl;
    }
    if (scheme == QLatin1String("http") && !EnvironmentProxyFactory::isLoopbackHost(url.host())) {
        if (detail)
            *detail = QStringLiteral("plain http:// to %1 refused: HTTPS is required except for loopback").arg(url.host());
        return VendorError::InsecureUrl;
    }
    return VendorError::None;
}

QPointer<VendorCall> VendorClient::immediate(const VendorResult &result, Callback done)
{
    auto *call = new VendorCall(this);
    call->m_done = std::move(done);
    // Delivered from the event loop, like every other result; cancel() before then wins.
    QTimer::singleShot(0, call, [call, result] {
        VendorResult r = result;
        if (call->m_abortReason == VendorError::Cancelled) {
            r = VendorResult();
            r.error = VendorError::Cancelled;
        }
        call->finish(r);
    });
    return call;
}

QPointer<VendorCall> VendorClient::gate(std::function<void()> onCancel)
{
    auto *call = new VendorCall(this);
    call->m_onCancel = std::move(onCancel);
    return call;
}

void VendorClient::finishGate(VendorCall *gate)
{
    if (gate) {
        gate->m_onCancel = nullptr;
        gate->finish(VendorResult());
    }
}

QPointer<VendorCall> VendorClient::send(const QString &path, const std::optional<QJsonObject> &body, const QByteArray &bearer, Callback done)
{
    QString detail;
    if (const VendorError e = checkBaseUrl(&detail); e != VendorError::None) {
        VendorResult r;
        r.error = e;
        r.detail = detail;
        return immediate(r, std::move(done));
    }
    auto *call = new VendorCall(this);
    call->m_done = std::move(done);

    QNetworkRequest request(endpoint(path));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("hotelhub-license/" HOTELHUB_VERSION));
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer);
    if (!m_options.extraCaCertificates.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_options.extraCaCertificates);
        request.setSslConfiguration(tls);
    }
    call->m_sentAt = m_clock.now();
    if (body) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        call->m_reply = m_network.post(request, QJsonDocument(*body).toJson(QJsonDocument::Compact));
    } else {
        call->m_reply = m_network.get(request);
    }
    QNetworkReply *reply = call->m_reply;
    const qint64 cap = m_options.maxReplyBytes;

    call->m_timer = new QTimer(call);
    call->m_timer->setSingleShot(true);
    connect(call->m_timer, &QTimer::timeout, call, [call] {
        if (call->m_reply) {
            call->m_abortReason = VendorError::Timeout;
            call->m_reply->abort();
        }
    });
    call->m_timer->start(m_options.timeoutMs);

    connect(reply, &QNetworkReply::metaDataChanged, call, [call, cap] {
        const QVariant length = call->m_reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > cap) {
            call->m_abortReason = VendorError::OversizedReply;
            call->m_reply->abort();
        }
    });
    connect(reply, &QNetworkReply::readyRead, call, [call, cap] {
        if (!call->m_reply->isOpen())
            return;
        call->m_body += call->m_reply->readAll();
        if (call->m_body.size() > cap) {
            call->m_abortReason = VendorError::OversizedReply;
            call->m_reply->abort();
        }
    });
    connect(reply, &QNetworkReply::sslErrors, call, [this, call](const QList<QSslError> &errors) {
        // A backend that could not use LICENSE_CA_FILE itself (Schannel under some systems) says
        // only "unknown issuer": OpenSSL then checks the chain against that file, for this host.
        // Nothing else is ever ignored: a certificate problem is reported, not bypassed.
        if (!m_options.extraCaCertificates.isEmpty() && PrivateCa::onlyUnknownIssuer(errors) && call->m_reply) {
            QList<QSslCertificate> chain = call->m_reply->sslConfiguration().peerCertificateChain();
            if (chain.isEmpty() && !errors.first().certificate().isNull())
                chain.append(errors.first().certificate());
            if (PrivateCa::vouchesFor(m_options.extraCaCertificates, chain, call->m_reply->url().host())) {
                call->m_reply->ignoreSslErrors(errors);
                return;
            }
        }
        for (const QSslError &e : errors)
            call->m_sslErrors.append(int(e.error()));
    });
    connect(reply, &QNetworkReply::finished, this, [this, call] { onFinished(call); });
    return call;
}

VendorResult VendorClient::sendAndWait(const QString &path, const std::optional<QJsonObject> &body, const QByteArray &bearer)
{
    VendorResult result;
    QEventLoop loop;
    bool done = false;
    send(path, body, bearer, [&](const VendorResult &r) {
        result = r;
        done = true;
        loop.quit();
    });
    if (!done)
        loop.exec();
    return result;
}

QDateTime VendorClient::parseHttpDate(const QByteArray &value)
{
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7).
    QDateTime t = QLocale::c().toDateTime(QString::fromLatin1(value).trimmed(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!t.isValid())
        return {};
    t.setTimeZone(QTimeZone::utc());
    return t;
}

VendorError VendorClient::fromNetworkError(int networkError)
{
    switch (QNetworkReply::NetworkError(networkError)) {
    case QNetworkReply::NoError: return VendorError::None;
    case QNetworkReply::HostNotFoundError: return VendorError::DnsFailure;
    case QNetworkReply::ConnectionRefusedError: return VendorError::ConnectionRefused;
    case QNetworkReply::TimeoutError: return VendorError::Timeout;
    case QNetworkReply::OperationCanceledError: return VendorError::Cancelled;
    case QNetworkReply::SslHandshakeFailedError: return VendorError::TlsUntrusted;
    case QNetworkReply::ProxyAuthenticationRequiredError: return VendorError::ProxyAuth;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownProxyError:
        return VendorError::ProxyFailure;
    default: return VendorError::NetworkError;
    }
}

VendorError VendorClient::fromSslErrors(const QList<int> &errors)
{
    // The most useful explanation first: a date problem, then a name problem, then trust.
    const auto has = [&](QSslError::SslError e) { return errors.contains(int(e)); };
    if (has(QSslError::CertificateNotYetValid))
        return VendorError::TlsNotYetValid;
    if (has(QSslError::CertificateExpired))
        return VendorError::TlsExpired;
    if (has(QSslError::HostNameMismatch))
        return VendorError::TlsWrongHost;
    if (has(QSslError::SelfSignedCertificate) || has(QSslError::SelfSignedCertificateInChain))
        return VendorError::TlsSelfSigned;
    return VendorError::TlsUntrusted;
}

namespace {
bool looksLikeHtml(const QByteArray &contentType, const QByteArray &body)
{
    if (contentType.toLower().contains("html"))
        return true;
    const QByteArray start = body.left(256).trimmed().toLower();
    return start.startsWith('<');
}

VendorError fromStatus(int status)
{
    switch (status) {
    case 400: return VendorError::InvalidRequest;
    case 401: return VendorError::Unauthorized;
    case 404: return VendorError::LicenseNotFound;
    case 409: return VendorError::AlreadyPaired;
    case 410: return VendorError::Expired;
    case 429: return VendorError::RateLimited;
    default: return status >= 500 ? VendorError::ServerError : VendorError::HttpError;
    }
}
} // namespace

bool VendorClient::isNoServiceStatus(int status)
{
    // 404: nothing at that path; 405: the path takes no POST (a web site, nginx's or a CDN's static
    // files); 501: the server takes no POST at all (Python's http.server). A licence server's own
    // 404 about a key carries its code and is told apart in classify().
    return status == 404 || status == 405 || status == 501;
}

VendorResult VendorClient::classify(int status, const QByteArray &contentType, const QByteArray &body)
{
    VendorResult r;
    r.httpStatus = status;
    if (status >= 300 && status < 400) {
        r.error = VendorError::CaptivePortal;
        r.detail = QStringLiteral("HTTP %1 redirect instead of an API reply").arg(status);
        return r;
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const bool isObject = parseError.error == QJsonParseError::NoError && doc.isObject();
    if (status >= 200 && status < 300) {
        if (isObject) {
            r.json = doc.object();
            return r;
        }
        r.error = looksLikeHtml(contentType, body) ? VendorError::CaptivePortal : VendorError::GarbageReply;
        r.detail = QStringLiteral("HTTP %1 with %2 bytes that are not a JSON object (%3)")
                       .arg(status).arg(body.size()).arg(contentType.isEmpty() ? QStringLiteral("no content type") : plainLine(QString::fromLatin1(contentType), 100));
        return r;
    }
    // Only the vendor's word changes a licence's state (README "Only the vendor's word"): a
    // 401/403/410 counts only in the protocol's JSON shape; anything else there (an HTML page, a
    // gateway's {"message":"Forbidden"}) came from something in between and is retried.
    const bool stateChanging = status == 401 || status == 403 || status == 410;
    if (!isObject) {
        r.error = VendorClient::isNoServiceStatus(status) ? VendorError::HttpError // a web server's own page: no licence server at that address
                : status >= 500   ? VendorError::ServerError
                : status == 429   ? VendorError::RateLimited
                : stateChanging   ? VendorError::IntermediaryRefusal
                : looksLikeHtml(contentType, body) ? VendorError::CaptivePortal
                                                   : fromStatus(status);
        r.detail = stateChanging ? QCoreApplication::translate("VendorClient", "an intermediary answered %1 (not the licence server's reply)").arg(status)
                                 : QCoreApplication::translate("VendorClient", "HTTP %1 without a JSON error body").arg(status);
        return r;
    }
    r.json = doc.object();
    // The vendor's words reach terminals and screens: one plain line each (README "Security").
    r.serverMessage = plainLine(r.json.value(QStringLiteral("message")).toString());
    if (r.serverMessage.isEmpty())
        r.serverMessage = plainLine(r.json.value(QStringLiteral("error")).toString());
    r.supportPhone = plainLine(r.json.value(QStringLiteral("support_phone")).toString(), 64);
    r.supportEmail = plainLine(r.json.value(QStringLiteral("support_email")).toString(), 254);
    // Heartbeat refusals carry `reason`, other errors `code` (an ext).
    VendorError e = VendorErrors::fromCode(r.json.value(QStringLiteral("reason")).toString());
    if (e == VendorError::None)
        e = VendorErrors::fromCode(r.json.value(QStringLiteral("code")).toString());
    if (e == VendorError::None && status == 401 && r.json.value(QStringLiteral("error")).isString())
        e = VendorError::Unauthorized; // PROTOCOL.md: an error body may carry `error` alone
    if (e == VendorError::None && stateChanging) {
        r.error = VendorError::IntermediaryRefusal;
        r.detail = QStringLiteral("an intermediary answered %1 with JSON that is not the licence server's").arg(status);
        return r;
    }
    // A 404 with a machine code the protocol does not have ("not_found": no such endpoint) is the
    // address, not the licence: a LICENSE_VENDOR_BASE_URL ending in /api read "Licence not
    // recognised, type the key again" (helper-41). A 404 with `error` alone is an old server's
    // license_not_found (PROTOCOL.md).
    // So is a web framework's own 404 in JSON (helper-43): Express's or Laravel's
    // {"message":"Not Found"} has no `error`, Spring's {"error":"Not Found","path":…} names the
    // path and the moment. An old licence server's 404 says `error` alone, in its own words.
    if (e == VendorError::None && status == 404) {
        const QJsonValue error = r.json.value(QStringLiteral("error"));
        // NestJS adds `statusCode`; gin and Rails write the HTTP reason phrase itself as `error`
        // (helper-44), which no licence server says of a key.
        if (r.json.contains(QStringLiteral("code")) || !error.isString() || r.json.contains(QStringLiteral("path"))
            || r.json.contains(QStringLiteral("timestamp")) || r.json.contains(QStringLiteral("statusCode"))
            || error.toString().trimmed().compare(QLatin1String("Not Found"), Qt::CaseInsensitive) == 0
            || error.toString().contains(QLatin1String("page not found"), Qt::CaseInsensitive)) // gin's own words (helper-45)
            e = VendorError::HttpError;
    }
    // 405 and 501 are no licence server's words whatever the body says (the protocol has no
    // method a licence server lacks): a web site or a static file server at that address.
    if (e == VendorError::None && (status == 405 || status == 501))
        e = VendorError::HttpError;
    if (e == VendorError::None)
        e = fromStatus(status);
    r.error = e;
    r.detail = QStringLiteral("HTTP %1 %2").arg(status).arg(VendorErrors::code(e));
    return r;
}

void VendorClient::onFinished(VendorCall *call)
{
    QNetworkReply *reply = call->m_reply;
    if (!reply)
        return;
    if (reply->isOpen())
        call->m_body += reply->readAll();
    const QDateTime receivedAt = m_clock.now();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();

    VendorResult r;
    if (call->m_abortReason != VendorError::None) {
        r.error = call->m_abortReason;
        r.httpStatus = status;
        r.detail = call->m_abortReason == VendorError::OversizedReply
            ? QStringLiteral("reply larger than %1 bytes").arg(m_options.maxReplyBytes)
            : call->m_abortReason == VendorError::Timeout ? QStringLiteral("no complete reply within %1 ms").arg(m_options.timeoutMs)
                                                         : QStringLiteral("cancelled");
    } else if (!call->m_sslErrors.isEmpty()) {
        r.error = fromSslErrors(call->m_sslErrors);
        r.detail = plainLine(redact(reply->errorString())); // Qt's text may carry the server's reason phrase
    } else if (reply->error() != QNetworkReply::NoError && status == 0) {
        r.error = fromNetworkError(reply->error());
        // Qt reports a dead proxy as a generic error or as "refused"; when a proxy is in use
        // for this address, that is the proxy's failure, not the vendor's.
        const QNetworkReply::NetworkError e = reply->error();
        if ((e == QNetworkReply::UnknownNetworkError || e == QNetworkReply::ConnectionRefusedError || e == QNetworkReply::HostNotFoundError)
            && m_network.proxyFactory()) {
            const QList<QNetworkProxy> proxies = m_network.proxyFactory()->queryProxy(QNetworkProxyQuery(reply->url()));
            if (!proxies.isEmpty() && proxies.first().type() != QNetworkProxy::NoProxy && proxies.first().type() != QNetworkProxy::DefaultProxy)
                r.error = VendorError::ProxyFailure;
        }
        // In the owner's language (Qt's English "Connection refused" stood inside an Indonesian
        // sentence; helper-48), in the words sheet mode uses; Qt's number stays for support.
        r.detail = sheets::SheetFetcher::networkWords(int(e), reply->url(), m_options.timeoutMs)
                 + QStringLiteral(" (network error %1)").arg(int(e));
    } else {
        r = classify(status, reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), call->m_body);
    }

    // Server time: the Date header of any HTTP answer, else the body's own field.
    if (status > 0) {
        r.serverTime = parseHttpDate(reply->rawHeader("Date"));
        if (!r.serverTime.isValid()) {
            for (const char *key : {"server_time", "time"}) {
                const QString v = r.json.value(QLatin1String(key)).toString();
                if (!v.isEmpty()) {
                    r.serverTime = parseUtcTimestamp(v);
                    if (!r.serverTime.isValid())
                        r.serverTime = QDateTime::fromString(v, Qt::ISODateWithMs).toUTC();
                    break;
                }
            }
        }
        if (r.serverTime.isValid()) {
            // Against the midpoint of the exchange: the Date header has one-second precision.
            const QDateTime local = call->m_sentAt.addMSecs(call->m_sentAt.msecsTo(receivedAt) / 2);
            r.clockSkewSecs = local.secsTo(r.serverTime);
        }
        // Retry-After: delta-seconds, or an HTTP date (counted from the server's own Date, so a
        // wrong local clock does not stretch it). A day at most: no header postpones a licence
        // check for longer.
        const QByteArray retryAfter = reply->rawHeader("Retry-After").trimmed();
        if (!retryAfter.isEmpty()) {
            bool isNumber = false;
            qint64 secs = retryAfter.toLongLong(&isNumber);
            if (!isNumber) {
                const QDateTime at = parseHttpDate(retryAfter);
                if (at.isValid()) {
                    secs = (r.serverTime.isValid() ? r.serverTime : receivedAt).secsTo(at);
                    isNumber = true;
                }
            }
            if (isNumber)
                r.retryAfterSecs = std::clamp<qint64>(secs, 0, kMaxRetryAfterSecs);
        }
    }
    call->finish(r);
}

} // namespace hotelhub
