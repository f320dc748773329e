#include "ProxySettings.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

namespace hotelhub {

EnvironmentProxyFactory::EnvironmentProxyFactory(const QProcessEnvironment &environment) : m_env(environment) {}

QString EnvironmentProxyFactory::value(const char *upper, const char *lower) const
{
    const QString v = m_env.value(QString::fromLatin1(lower));
    return v.isEmpty() ? m_env.value(QString::fromLatin1(upper)) : v;
}

bool EnvironmentProxyFactory::isLoopbackHost(const QString &host)
{
    const QString h = host.toLower();
    if (h == QLatin1String("localhost") || h.endsWith(QLatin1String(".localhost")))
        return true;
    const QHostAddress address(h.startsWith(u'[') ? h.mid(1, h.size() - 2) : h);
    return !address.isNull() && address.isLoopback();
}

bool EnvironmentProxyFactory::bypassed(const QString &noProxy, const QString &host, int port)
{
    const QString h = host.toLower();
    const QStringList entries = noProxy.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
    for (QString entry : entries) {
        entry = entry.trimmed().toLower();
        if (entry == QLatin1String("*"))
            return true;
        int entryPort = -1;
        const int colon = entry.lastIndexOf(u':');
        if (colon > 0 && !entry.contains(u']') && entry.count(u':') == 1) {
            entryPort = entry.mid(colon + 1).toInt();
            entry.truncate(colon);
        }
        if (entryPort > 0 && entryPort != port)
            continue;
        if (entry.startsWith(u'.'))
            entry.remove(0, 1);
        if (entry.isEmpty())
            continue;
        if (h == entry || h.endsWith(u'.' + entry))
            return true;
        // CIDR ranges (10.0.0.0/8) as some corporate NO_PROXY values carry them.
        if (entry.contains(u'/')) {
            const auto subnet = QHostAddress::parseSubnet(entry);
            const QHostAddress address(h);
            if (!address.isNull() && subnet.second >= 0 && address.isInSubnet(subnet))
                return true;
        }
    }
    return false;
}

QNetworkProxy EnvironmentProxyFactory::fromUrl(const QString &proxyUrl)
{
    QUrl url = QUrl::fromUserInput(proxyUrl.trimmed());
    if (!url.isValid() || url.host().isEmpty())
        return QNetworkProxy(QNetworkProxy::NoProxy);
    const QString scheme = url.scheme().toLower();
    const bool socks = scheme.startsWith(QLatin1String("socks"));
    QNetworkProxy proxy(socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, url.host(),
                        quint16(url.port(socks ? 1080 : 8080)), url.userName(QUrl::FullyDecoded), url.password(QUrl::FullyDecoded));
    return proxy;
}

QList<QNetworkProxy> EnvironmentProxyFactory::queryProxy(const QNetworkProxyQuery &query)
{
    const QUrl url = query.url();
    const QString host = url.host().isEmpty() ? query.peerHostName() : url.host();
    if (isLoopbackHost(host))
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    const bool https = url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
    QString configured = https ? value("HTTPS_PROXY", "https_proxy") : value("HTTP_PROXY", "http_proxy");
    if (configured.isEmpty())
        configured = value("ALL_PROXY", "all_proxy");
    if (!configured.isEmpty()) {
        if (bypassed(value("NO_PROXY", "no_proxy"), host, url.port(https ? 443 : 80)))
            return {QNetworkProxy(QNetworkProxy::NoProxy)};
        const QNetworkProxy proxy = fromUrl(configured);
        if (proxy.type() != QNetworkProxy::NoProxy)
            return {proxy};
    }
    return systemProxyForQuery(query);
}

QString EnvironmentProxyFactory::describe(const QUrl &url)
{
    const QList<QNetworkProxy> proxies = queryProxy(QNetworkProxyQuery(url));
    for (const QNetworkProxy &p : proxies) {
        if (p.type() == QNetworkProxy::NoProxy || p.type() == QNetworkProxy::DefaultProxy)
            continue;
        const QString kind = p.type() == QNetworkProxy::Socks5Proxy ? QStringLiteral("socks5") : QStringLiteral("http");
        return QStringLiteral("%1://%2%3:%4").arg(kind, p.user().isEmpty() ? QString() : p.user() + QStringLiteral(":•••@"), p.hostName()).arg(p.port());
    }
    return QStringLiteral("direct");
}

} // namespace hotelhub
