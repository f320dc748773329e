#include "SheetFetcher.h"
#include "Version.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace hotelhub::sheets {

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
    QTimer::singleShot(m_timeoutMs + 1000, &loop, [reply] { reply->abort(); });
    loop.exec();
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (tooLarge) {
        result.error = tr("the sheet reply is larger than %1 KiB").arg(m_maxBytes / 1024);
    } else if (reply->error() != QNetworkReply::NoError && result.httpStatus == 0) {
        result.error = tr("cannot read the sheet: %1").arg(reply->errorString());
    } else {
        result.transportOk = true;
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
        r.outcome = SheetOutcome::HttpError;
        r.message = f.error;
        return r;
    }
    return SheetParser::parse(f.httpStatus, f.contentType, f.body, format);
}

} // namespace hotelhub::sheets
