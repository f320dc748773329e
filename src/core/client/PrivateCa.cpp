#include "PrivateCa.h"

#include <QHostAddress>

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <memory>

namespace hotelhub::PrivateCa {

namespace {

struct X509Free {
    void operator()(X509 *x) const { X509_free(x); }
};
struct StoreFree {
    void operator()(X509_STORE *s) const { X509_STORE_free(s); }
};
struct StoreCtxFree {
    void operator()(X509_STORE_CTX *c) const { X509_STORE_CTX_free(c); }
};
struct StackFree {
    void operator()(STACK_OF(X509) *s) const { sk_X509_pop_free(s, X509_free); }
};

std::unique_ptr<X509, X509Free> toX509(const QSslCertificate &certificate)
{
    const QByteArray der = certificate.toDer();
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    return std::unique_ptr<X509, X509Free>(d2i_X509(nullptr, &p, long(der.size())));
}

} // namespace

bool onlyUnknownIssuer(const QList<QSslError> &errors)
{
    if (errors.isEmpty())
        return false;
    for (const QSslError &e : errors) {
        switch (e.error()) {
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
            break;
        default:
            return false;
        }
    }
    return true;
}

bool vouchesFor(const QList<QSslCertificate> &cas, const QList<QSslCertificate> &chain, const QString &host, QString *why)
{
    const auto fail = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (cas.isEmpty() || chain.isEmpty() || host.isEmpty())
        return fail(QStringLiteral("nothing to check"));
    std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
    std::unique_ptr<STACK_OF(X509), StackFree> untrusted(sk_X509_new_null());
    if (!store || !untrusted)
        return fail(QStringLiteral("out of memory"));
    for (const QSslCertificate &ca : cas) {
        auto x = toX509(ca);
        if (x)
            X509_STORE_add_cert(store.get(), x.get()); // takes its own reference
    }
    auto leaf = toX509(chain.first());
    if (!leaf)
        return fail(QStringLiteral("the vendor's certificate cannot be read"));
    for (qsizetype i = 1; i < chain.size(); ++i) {
        if (X509 *x = toX509(chain.at(i)).release(); x && !sk_X509_push(untrusted.get(), x))
            X509_free(x);
    }
    std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), untrusted.get()) != 1)
        return fail(QStringLiteral("out of memory"));
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx.get());
    // The file names what is trusted: a certificate in it is an anchor even when it is not a root.
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
    const QByteArray name = host.toUtf8();
    const bool isAddress = !QHostAddress(host).isNull();
    if ((isAddress ? X509_VERIFY_PARAM_set1_ip_asc(param, name.constData())
                   : X509_VERIFY_PARAM_set1_host(param, name.constData(), size_t(name.size()))) != 1)
        return fail(QStringLiteral("the host name cannot be checked"));
    if (X509_verify_cert(ctx.get()) == 1)
        return true;
    return fail(QString::fromLatin1(X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()))));
}

} // namespace hotelhub::PrivateCa
