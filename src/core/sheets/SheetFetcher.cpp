#include "SheetFetcher.h"
#include "Version.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace hotelhub::sheets {

QString SheetFetcher::networkWords(int error, const QUrl &url, int timeoutMs)
{
    const QString host = url.host().left(100);
    switch (QNetworkReply::NetworkError(error)) {
    case QNetworkReply::HostNotFoundError:
        return tr("the address %1 was not found (no internet here, or a mistyped address)").arg(host);
    case QNetworkReply::ConnectionRefusedError:
        return tr("%1 refused the connection").arg(host);
    case QNetworkReply::RemoteHostClosedError:
        return tr("%1 closed the connection before answering").arg(host);
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return tr("no answer from %1 within %n second(s)", nullptr, std::max(1, timeoutMs / 1000)).arg(host);
    case QNetworkReply::SslHandshakeFailedError:
        return tr("the secure connection to %1 failed (check this computer's date and time)").arg(host);
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
        return tr("the proxy did not pass the request on");
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return tr("%1 sent the request on too often or to an unsafe address").arg(host);
    default:
        return tr("a network error (%1) on the way to %2").arg(error).arg(host);
    }
}

FetchResult SheetFetcher::fetch(const QUrl &url)
{
    FetchResult result;
    if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
        result.error = tr("\"%1\" is not an http(s) URL").arg(url.toDisplayString().left(200));
        return result;
    }
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(5);
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("hotelhub-license/%1").arg(appVersion()));
    request.setTransferTimeout(m_timeoutMs);
    QNetworkReply *reply = m_network.get(request);
    QEventLoop loop;
    bool tooLarge = false;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::downloadProgress, &loop, [&](qint64 received, qint64) {
        if (received > m_maxBytes) {
            tooLarge = true;
            reply->abort();
        }
    });
    // The whole answer within the time (a server that trickles a byte a second keeps Qt's
    // transfer timeout from firing; its cut-off body read as "an unterminated quote"; helper-43).
    bool timedOut = false;
    QTimer::singleShot(m_timeoutMs, &loop, [reply, &timedOut] {
        timedOut = true;
        reply->abort();
    });
    loop.exec();
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    result.tooLarge = tooLarge;
    if (tooLarge) {
        result.error = tr("the sheet reply is larger than %1 KiB").arg(m_maxBytes / 1024);
    } else if (timedOut || reply->error() == QNetworkReply::TimeoutError || reply->error() == QNetworkReply::OperationCanceledError) {
        result.error = tr("cannot read the sheet: %1").arg(networkWords(QNetworkReply::TimeoutError, url, m_timeoutMs));
    } else if (reply->error() != QNetworkReply::NoError && result.httpStatus == 0) {
        // In this product's words: Qt's errorString() is English ("Connection refused") inside an
        // Indonesian sentence, and names nothing the owner can act on.
        result.error = tr("cannot read the sheet: %1").arg(networkWords(reply->error(), url, m_timeoutMs));
    } else {
        result.transportOk = true;
        if (reply->isOpen())
            result.body = reply->readAll();
    }
    reply->deleteLater();
    return result;
}

SheetReply SheetFetcher::read(const QUrl &url, SheetFormat format)
{
    const FetchResult f = fetch(url);
    if (!f.transportOk) {
        SheetReply r;
        r.outcome = f.tooLarge ? SheetOutcome::Unparsable : SheetOutcome::Unreachable;
        r.message = f.error;
        if (f.tooLarge) // (said with no step; helper-52)
            r.ownerStep = tr("Keep one row per licence in the published tab (delete the empty rows below it and other data), or "
                             "publish only the licence tab.");
        return r;
    }
    return SheetParser::parse(f.httpStatus, f.contentType, f.body, format);
}

} // namespace hotelhub::sheets
