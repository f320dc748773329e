// Reads a sheet URL (Apps Script, published CSV, Sheets API, gviz): one GET, redirects followed
// (Apps Script answers with a 302 to googleusercontent), a timeout and a size cap.
#pragma once

#include "SheetReply.h"

#include <QString>
#include <QUrl>

class QNetworkAccessManager;

namespace hotelhub::sheets {

struct FetchResult
{
    bool transportOk = false; // false: DNS, refused, timeout, TLS, too large — see error
    int httpStatus = 0;
    QByteArray contentType;
    QByteArray body;
    QString error;
    bool tooLarge = false;    // an answer came, larger than the cap
};

class SheetFetcher
{
    Q_DECLARE_TR_FUNCTIONS(SheetFetcher)
public:
    explicit SheetFetcher(QNetworkAccessManager &network, int timeoutMs = 20000, qint64 maxBytes = 2 * 1024 * 1024)
        : m_network(network), m_timeoutMs(timeoutMs), m_maxBytes(maxBytes) {}

    // Blocks in a local event loop; call from a thread with an event dispatcher.
    FetchResult fetch(const QUrl &url);
    // fetch() + SheetParser::parse(); no answer becomes an Unreachable reply, one too large an
    // Unparsable one.
    SheetReply read(const QUrl &url, SheetFormat format = SheetFormat::Auto);
    // A network failure in this product's words (never Qt's English errorString()).
    static QString networkWords(int error, const QUrl &url, int timeoutMs);

private:
    QNetworkAccessManager &m_network;
    int m_timeoutMs;
    qint64 m_maxBytes;
};

} // namespace hotelhub::sheets
