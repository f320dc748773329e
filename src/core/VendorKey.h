// The pinned vendor public key: the compiled-in one (resources/vendor-public.pem, its SHA-256
// compiled in), or a self-hosted vendor's key via LICENSE_PUBLIC_KEY_PATH + LICENSE_PUBLIC_KEY_HASH.
#pragma once

#include "Crypto.h"

#include <QCoreApplication>
#include <QString>

namespace hotelhub {

class EnvFile;

struct PinnedKey
{
    PKeyPtr key;
    bool intact = false;
    bool heldOpen = false;   // the file exists but could not be opened (another program holds it): not tampering
    QString source;          // the file path, or ":/hotelhub/vendor-public.pem"
    QString expectedSha256;  // lower hex
    QString actualSha256;
    QString problem;         // for a person, when not intact

    QString algorithmName() const;
};

class VendorKey
{
    Q_DECLARE_TR_FUNCTIONS(VendorKey)
public:
    // `envDir` resolves a relative LICENSE_PUBLIC_KEY_PATH.
    static PinnedKey load(const EnvFile &env, const QString &envDir);
    static QString compiledInSha256();
};

} // namespace hotelhub
