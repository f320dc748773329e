#include "VendorKey.h"
#include "SmallFile.h"
#include "EnvFile.h"

#include <QDir>
#include <QFile>

#ifndef HOTELHUB_VENDOR_KEY_SHA256
#error "HOTELHUB_VENDOR_KEY_SHA256 is set by CMake from resources/vendor-public.pem"
#endif

namespace hotelhub {

QString VendorKey::compiledInSha256() { return QStringLiteral(HOTELHUB_VENDOR_KEY_SHA256); }

QString PinnedKey::algorithmName() const
{
    const auto a = crypto::keyAlgorithm(key.get());
    if (!a)
        return QStringLiteral("unknown");
    return *a == KeyAlgorithm::Rsa2048 ? QStringLiteral("RS256") : QStringLiteral("EdDSA");
}

PinnedKey VendorKey::load(const EnvFile &env, const QString &envDir)
{
    PinnedKey pin;
    const QString configured = env.value(QStringLiteral("LICENSE_PUBLIC_KEY_PATH"));
    pin.source = configured.isEmpty() ? QStringLiteral(":/hotelhub/vendor-public.pem") : QDir(envDir).absoluteFilePath(configured);
    const QString configuredHash = env.value(QStringLiteral("LICENSE_PUBLIC_KEY_HASH")).trimmed().toLower();
    pin.expectedSha256 = configuredHash.startsWith(QLatin1String("sha256:")) ? configuredHash.mid(7) : configuredHash;
    if (pin.expectedSha256.isEmpty())
        pin.expectedSha256 = compiledInSha256();

    QString why;
    const std::optional<QByteArray> read = SmallFile::read(pin.source, &why, SmallFile::kDefaultMax, &pin.heldOpen);
    if (!read && pin.heldOpen) {
        pin.problem = tr("The vendor public key cannot be opened right now: %1. Nothing was changed; check again in a minute.").arg(why);
        return pin;
    }
    if (!read) {
        pin.problem = tr("The vendor public key cannot be used: %1. Reinstall HotelHub or fix LICENSE_PUBLIC_KEY_PATH in the settings file.").arg(why);
        return pin;
    }
    const QByteArray pem = *read;
    pin.actualSha256 = crypto::sha256Hex(pem);
    if (!crypto::constantTimeEquals(pin.actualSha256.toLatin1(), pin.expectedSha256.toLatin1())) {
        pin.problem = tr("The vendor public key %1 does not match its pinned fingerprint: it has been replaced or damaged. "
                         "Reinstall HotelHub, or set LICENSE_PUBLIC_KEY_HASH to your own vendor key's SHA-256 if you host the licence server yourself.")
                          .arg(QDir::toNativeSeparators(pin.source));
        return pin;
    }
    pin.key = crypto::readPublicKeyPem(pem);
    if (!pin.key || !crypto::keyAlgorithm(pin.key.get())) {
        pin.key.reset();
        pin.problem = tr("The vendor public key %1 is not an RSA-2048 or Ed25519 public key in PEM format.").arg(QDir::toNativeSeparators(pin.source));
        return pin;
    }
    pin.intact = true;
    return pin;
}

} // namespace hotelhub
