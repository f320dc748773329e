#include "TlsFiles.h"

#include "MarkedText.h"
#include "SecretFiles.h"
#include "Redact.h"
#include "SmallFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTimeZone>
#include <memory>
#include <vector>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace hotelhub::service {

namespace {

struct BioFree
{
    void operator()(BIO *b) const { BIO_free(b); }
};
struct X509Free
{
    void operator()(X509 *x) const { X509_free(x); }
};
struct PKeyFree
{
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};

QString shown(const QString &path)
{
    return plainLine(QDir::toNativeSeparators(path), 300);
}

// OpenSSL's PEM reader is asked for no passphrase: a key that needs one is refused, not prompted for.
int noPassphrase(char *, int, int, void *)
{
    return -1;
}

std::unique_ptr<BIO, BioFree> memory(const QByteArray &bytes)
{
    return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(bytes.constData(), int(bytes.size())));
}

bool holdsPemLabel(const QByteArray &bytes, const char *label)
{
    return bytes.contains(QByteArray("-----BEGIN ") + label + "-----"); // (not "CERTIFICATE REQUEST")
}

// A certificate signing request: what is sent to the authority, not what it issues (helper-52:
// given as the key it was "a certificate", as the certificate "no certificate").
bool holdsRequest(const QByteArray &bytes)
{
    return bytes.contains("-----BEGIN CERTIFICATE REQUEST-----") || bytes.contains("-----BEGIN NEW CERTIFICATE REQUEST-----");
}

bool holdsPrivateKey(const QByteArray &bytes)
{
    return bytes.contains("PRIVATE KEY-----");
}

// DER starts with a SEQUENCE tag; PEM is text.
bool looksLikeDer(const QByteArray &bytes)
{
    return !bytes.isEmpty() && quint8(bytes.at(0)) == 0x30 && !bytes.contains("-----BEGIN");
}

QDateTime asDateTime(const ASN1_TIME *time)
{
    struct tm parts = {};
    if (!time || ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday), QTime(parts.tm_hour, parts.tm_min, parts.tm_sec),
                     QTimeZone::utc());
}

} // namespace

TlsFiles TlsFiles::read(const QString &certificateFile, const QString &keyFile, const QDateTime &now)
{
    TlsFiles result;
    const QString cert = shown(certificateFile);
    const QString keyName = shown(keyFile);
    QString why;
    // Notepad's "Unicode" (UTF-16 with its mark) is read as the text it holds (it was "holds no
    // certificate in PEM form", though the block is there; helper-54).
    const auto asText = [](std::optional<QByteArray> bytes) {
        if (bytes) {
            const MarkedText::Decoded decoded = MarkedText::decode(*bytes);
            if (MarkedText::isWide(decoded.mark))
                *bytes = decoded.text.toUtf8();
        }
        return bytes;
    };
    const std::optional<QByteArray> certBytes = asText(SmallFile::read(certificateFile, &why, kMaxBytes));
    if (!certBytes) {
        result.error = tr("Cannot use the TLS certificate: %1. Give --tls-cert the certificate file in PEM form.").arg(why);
        return result;
    }
    const std::optional<QByteArray> keyBytes = asText(SmallFile::read(keyFile, &why, kMaxBytes));
    if (!keyBytes) {
        result.error = tr("Cannot use the TLS key: %1. Give --tls-key the private key file in PEM form.").arg(why);
        return result;
    }
    if (!holdsPemLabel(*certBytes, "CERTIFICATE") && holdsPrivateKey(*certBytes) && holdsPemLabel(*keyBytes, "CERTIFICATE")) {
        result.error = tr("--tls-cert %1 holds a private key and --tls-key %2 a certificate: the two are swapped. Give the "
                          "certificate to --tls-cert and the key to --tls-key.")
                           .arg(cert, keyName);
        return result;
    }

    // The certificate: the first one in the file is the server's, the rest its chain.
    std::unique_ptr<X509, X509Free> leaf;
    if (auto bio = memory(*certBytes))
        leaf.reset(PEM_read_bio_X509(bio.get(), nullptr, noPassphrase, nullptr));
    ERR_clear_error();
    if (!leaf) {
        if (holdsRequest(*certBytes))
            result.error = tr("The TLS certificate %1 is a certificate request (CSR), which is sent to the certificate authority; give "
                              "--tls-cert the certificate the authority issued for it, with its chain after it.")
                               .arg(cert);
        else if (holdsPrivateKey(*certBytes))
            result.error = tr("--tls-cert %1 holds a private key, not a certificate. Give --tls-cert the certificate file (its first "
                              "line is -----BEGIN CERTIFICATE-----) and the key to --tls-key.")
                               .arg(cert);
        else if (certBytes->contains("-----BEGIN PUBLIC KEY-----") || certBytes->contains("-----BEGIN RSA PUBLIC KEY-----"))
            // (It was "holds no certificate in PEM form"; helper-54.)
            result.error = tr("--tls-cert %1 holds a public key, not a certificate. Give --tls-cert the certificate your certificate "
                              "authority issued (its first line is -----BEGIN CERTIFICATE-----), with its chain after it.")
                               .arg(cert);
        else if (holdsPemLabel(*certBytes, "CERTIFICATE"))
            // (A block whose begin line is there and whose body is cut or damaged was "holds no
            // certificate in PEM form"; helper-52.)
            result.error = tr("The first certificate in %1 is cut or damaged: its -----BEGIN CERTIFICATE----- line is there, but "
                              "what follows is not a whole certificate. Copy the certificate again from your certificate authority, "
                              "with its chain after it, and give it to --tls-cert.")
                               .arg(cert);
        else if (looksLikeDer(*certBytes))
            result.error = tr("The TLS certificate %1 is in DER form; the server reads PEM. Convert it with: openssl x509 -inform der "
                              "-in %1 -out server.pem, and give server.pem to --tls-cert.")
                               .arg(cert);
        else
            result.error = tr("The TLS certificate %1 holds no certificate in PEM form (a block from -----BEGIN CERTIFICATE----- to "
                              "-----END CERTIFICATE-----). Give --tls-cert the certificate file your certificate authority issued, "
                              "with its chain after it.")
                               .arg(cert);
        return result;
    }

    // The chain after it: each certificate whole (a cut or damaged one was refused by OpenSSL as
    // "use_certificate_chain: too long" or "bad end line", without the file; helper-51).
    std::vector<std::unique_ptr<X509, X509Free>> chain;
    {
        auto bio = memory(*certBytes);
        std::unique_ptr<X509, X509Free> skipped(bio ? PEM_read_bio_X509(bio.get(), nullptr, noPassphrase, nullptr) : nullptr);
        while (bio) {
            std::unique_ptr<X509, X509Free> next(PEM_read_bio_X509(bio.get(), nullptr, noPassphrase, nullptr));
            if (!next)
                break;
            chain.push_back(std::move(next));
        }
        ERR_clear_error();
    }
    if (const qsizetype blocks = certBytes->count("-----BEGIN CERTIFICATE-----"); blocks > qsizetype(chain.size()) + 1) {
        result.error = tr("The TLS certificate file %1 holds %2 certificates, but only the first %3 can be read: the chain after "
                          "them is cut or damaged. Copy the chain again from your certificate authority (the server's certificate "
                          "first, then the ones that signed it).")
                           .arg(cert)
                           .arg(blocks)
                           .arg(chain.size() + 1);
        return result;
    }

    // The key: PEM, no passphrase, the certificate's.
    if (keyBytes->contains("ENCRYPTED")) {
        result.error = tr("The TLS key %1 is protected by a passphrase, which the server cannot ask for when it starts. Write a copy "
                          "without it, readable by the server's user only: openssl pkey -in %1 -out tls.key, then chmod 600 tls.key, "
                          "and give tls.key to --tls-key.")
                           .arg(keyName);
        return result;
    }
    std::unique_ptr<EVP_PKEY, PKeyFree> key;
    if (auto bio = memory(*keyBytes))
        key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr));
    ERR_clear_error();
    if (!key) {
        if (holdsRequest(*keyBytes))
            result.error = tr("--tls-key %1 holds a certificate request (CSR), not a private key. Give --tls-key the key the request "
                              "was made with (its first line ends in PRIVATE KEY-----).")
                               .arg(keyName);
        else if (holdsPemLabel(*keyBytes, "CERTIFICATE"))
            result.error = tr("--tls-key %1 holds a certificate, not a private key. Give --tls-key the key the certificate was "
                              "requested with (its first line ends in PRIVATE KEY-----).")
                               .arg(keyName);
        else if (keyBytes->contains("-----BEGIN PUBLIC KEY-----") || keyBytes->contains("-----BEGIN RSA PUBLIC KEY-----"))
            // (It was "holds no private key in PEM form"; helper-53.)
            result.error = tr("--tls-key %1 holds a public key, which anyone may have; the server needs the private key that goes "
                              "with it. Give --tls-key the key the certificate was requested with (its first line ends in "
                              "PRIVATE KEY-----).")
                               .arg(keyName);
        else if (holdsPrivateKey(*keyBytes))
            result.error = tr("The private key in %1 is cut or damaged: its first line is there, but what follows is not a whole "
                              "key. Copy the key file again from where the certificate was requested, and give it to --tls-key.")
                               .arg(keyName);
        else if (looksLikeDer(*keyBytes))
            result.error = tr("The TLS key %1 is in DER form; the server reads PEM. Convert it with: openssl pkey -inform der -in %1 "
                              "-out tls.key, and give tls.key to --tls-key.")
                               .arg(keyName);
        else
            result.error = tr("The TLS key %1 holds no private key in PEM form (a block from -----BEGIN PRIVATE KEY----- to "
                              "-----END PRIVATE KEY-----). Give --tls-key the key the certificate was requested with.")
                               .arg(keyName);
        return result;
    }
    if (X509_check_private_key(leaf.get(), key.get()) != 1) {
        ERR_clear_error();
        // The key is right, the order is not (the authority's certificate first).
        for (size_t i = 0; i < chain.size(); ++i) {
            if (X509_check_private_key(chain[i].get(), key.get()) == 1) {
                result.error = tr("The TLS key %1 belongs to certificate %2 in %3, but the server's certificate must come first in that "
                                  "file, then the ones that signed it. Put them in that order.")
                                   .arg(keyName)
                                   .arg(i + 2)
                                   .arg(cert);
                return result;
            }
            ERR_clear_error();
        }
        result.error = tr("The TLS key %1 does not belong to the certificate %2 (the first certificate in that file is the server's). "
                          "Give the key the certificate was requested with, or the certificate issued for this key.")
                           .arg(keyName, cert);
        return result;
    }
    if (const QString exposed = SecretFiles::exposure(SecretFiles::Kind::TlsKey, keyFile); !exposed.isEmpty()) {
        result.error = exposed;
        return result;
    }
    // A certificate file that holds the private key too (a bundle) is the key's file as well.
    if (holdsPrivateKey(*certBytes)) {
        if (const QString exposed = SecretFiles::exposure(SecretFiles::Kind::TlsBundle, certificateFile); !exposed.isEmpty()) {
            result.error = exposed;
            return result;
        }
    }
    const QDateTime notBefore = asDateTime(X509_get0_notBefore(leaf.get()));
    const QDateTime notAfter = asDateTime(X509_get0_notAfter(leaf.get()));
    if (notAfter.isValid() && now.isValid() && notAfter < now)
        result.warnings << tr("The TLS certificate %1 expired on %2: hotels refuse to connect (they keep their grace) until it is "
                              "renewed. Renew it, then restart the server.")
                               .arg(cert, notAfter.toString(Qt::ISODate));
    else if (notBefore.isValid() && now.isValid() && notBefore > now)
        result.warnings << tr("The TLS certificate %1 is valid only from %2: hotels refuse to connect until then. Check this "
                              "machine's clock, or use a certificate that is valid now.")
                               .arg(cert, notBefore.toString(Qt::ISODate));
    result.certificatePem = *certBytes;
    result.privateKeyPem = *keyBytes;
    return result;
}

} // namespace hotelhub::service
