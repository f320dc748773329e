// The vendor's signing key pair on disk: DIR/vendor-private.pem (0600) and DIR/vendor-public.pem.
#pragma once

#include "Crypto.h"

#include <QCoreApplication>
#include <QString>

namespace hotelhub::service {

class VendorKeys
{
    Q_DECLARE_TR_FUNCTIONS(VendorKeys)
public:
    // Creates a new pair; refuses to overwrite an existing private key. Returns the public
    // PEM's SHA-256 (lower hex) — what clients pin as LICENSE_PUBLIC_KEY_HASH.
    static bool init(const QString &dir, KeyAlgorithm algorithm, QString *publicSha256, QString *error);
    static PKeyPtr loadPrivate(const QString &dir, QString *error);
    static QString publicKeyPath(const QString &dir) { return dir + QStringLiteral("/vendor-public.pem"); }
    static QString privateKeyPath(const QString &dir) { return dir + QStringLiteral("/vendor-private.pem"); }
};

} // namespace hotelhub::service
