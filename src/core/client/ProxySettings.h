// Which proxy a request to the vendor takes: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case)
// as curl reads them, else the operating system's proxy settings (Windows/macOS system proxy,
// PAC on Windows). Loopback hosts never go through a proxy.
#pragma once

#include <QNetworkProxyFactory>
#include <QProcessEnvironment>

namespace hotelhub {

class EnvironmentProxyFactory final : public QNetworkProxyFactory
{
public:
    explicit EnvironmentProxyFactory(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override;

    // The proxy for `url` as a URL for the diagnostic ("direct" when none); passwords removed.
    QString describe(const QUrl &url);

    static bool isLoopbackHost(const QString &host);
    // NO_PROXY semantics: comma/space separated; "*" matches all; "example.com" and ".example.com"
    // match the domain and its subdomains; an optional :port must match too; IPs match exactly.
    static bool bypassed(const QString &noProxy, const QString &host, int port);
    static QNetworkProxy fromUrl(const QString &proxyUrl); // NoProxy type when unusable

private:
    QString value(const char *upper, const char *lower) const;
    QProcessEnvironment m_env;
};

} // namespace hotelhub
