// The certificate and private key `serve --tls-cert F --tls-key F` is given, read and checked
// before the port opens, so that each problem is said with the file's name and a next step
// (Asio and OpenSSL said "use_certificate_chain_file: asio.ssl error" or "no start line").
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace hotelhub::service {

class TlsFiles
{
    Q_DECLARE_TR_FUNCTIONS(TlsFiles)
public:
    static constexpr qint64 kMaxBytes = 1024 * 1024; // a long chain is a few KiB

    QByteArray certificatePem; // the file's bytes, as read once: the server uses these
    QByteArray privateKeyPem;
    QString error;             // set: not usable, said with the file and a step
    QStringList warnings;      // usable, but hotels will refuse it (expired, not yet valid)

    // Reads both files (regular files only, at most kMaxBytes), then checks: a PEM certificate
    // in the one and a PEM private key without a passphrase in the other (each named when the two
    // look swapped or the certificate is DER), the key is the certificate's, the key cannot be read
    // by every user of the machine (POSIX: no read bit for others, so 0640 with a group such as
    // Debian's ssl-cert is fine; Windows: the ACL, as for the signing key), and the certificate's
    // dates against `now` (warnings only).
    static TlsFiles read(const QString &certificateFile, const QString &keyFile, const QDateTime &now);
};

} // namespace hotelhub::service
