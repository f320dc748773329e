#pragma once
// LICENSE_CA_FILE checked by OpenSSL itself, the same on every system (README "TLS and a private
// CA"). Qt hands the extra CA certificates to its TLS backend; OpenSSL honours them, but the
// Schannel backend on Windows imports them through a PKCS#12 store that some systems (Wine among
// them) cannot build without a private key, and then reports "issuer certificate could not be
// found". When the backend reports only an unknown issuer, the vendor client asks this check
// whether the vendor's chain leads to one of the configured certificates, for the host it called.

#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>

namespace hotelhub::PrivateCa {

// True when `errors` are all of the kind "the issuer is not one the system trusts" (and no date,
// name or signature problem), the only kind a private CA can answer.
bool onlyUnknownIssuer(const QList<QSslError> &errors);

// True when `chain` (the vendor's certificate first) verifies against `cas` alone, for `host`
// (a name or an IP address), at the current time, as a TLS server certificate. On false, `why`
// (if given) holds OpenSSL's reason.
bool vouchesFor(const QList<QSslCertificate> &cas, const QList<QSslCertificate> &chain, const QString &host,
                QString *why = nullptr);

} // namespace hotelhub::PrivateCa
