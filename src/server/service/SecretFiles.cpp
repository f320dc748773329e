#include "SecretFiles.h"

#include "OwnerOnly.h"
#include "Redact.h"
#include "SmallFile.h"

#include <QDir>

namespace hotelhub::service {

QString SecretFiles::exposure(Kind kind, const QString &path)
{
    const bool exposed = kind == Kind::SigningKey ? OwnerOnly::readableByOthers(path) || OwnerOnly::readableByEveryone(path)
                                                  : OwnerOnly::readableByEveryone(path);
    if (!exposed)
        return {};
    const QString shown = plainLine(QDir::toNativeSeparators(path), 300); // one line, as every path a refusal repeats
    QString file, risk, otherway;
    switch (kind) {
    case Kind::SigningKey:
        file = tr("The signing key %1").arg(shown);
        risk = tr("sign licences for any hotel");
        break;
    case Kind::TlsKey:
        file = tr("The TLS key %1").arg(shown);
        risk = tr("pose as this server to the hotels");
        otherway = tr(" (or `chmod 640` with a group the server's user is in)");
        break;
    case Kind::TlsBundle:
        file = tr("The TLS certificate file %1, which holds the private key too,").arg(shown);
        risk = tr("pose as this server to the hotels");
        otherway = tr(", or keep the key in a file of its own");
        break;
    case Kind::AdminSecret:
        file = tr("The admin secret file %1").arg(shown);
        risk = tr("change licences through the admin API");
        break;
    }
#ifdef Q_OS_WIN
    return tr("%1 can be read by other users of this computer, who could then %2. Run `icacls \"%3\" /inheritance:r /grant:r "
              "\"%USERNAME%\":F` on it first.")
        .arg(file, risk, shown);
#else
    return tr("%1 can be read or changed by other users of this machine, who could then %2. Run `chmod 600` on it first%3.")
        .arg(file, risk, otherway);
#endif
}

std::optional<QByteArray> SecretFiles::readAdminSecret(const QString &path, QString *error)
{
    QString why;
    const std::optional<QByteArray> secret = SmallFile::read(path, &why, kMaxAdminSecretBytes);
    if (!secret) {
        *error = tr("Cannot use the admin secret file: %1").arg(why);
        return std::nullopt;
    }
    if (const QString exposed = exposure(Kind::AdminSecret, path); !exposed.isEmpty()) {
        *error = exposed;
        return std::nullopt;
    }
    const QByteArray trimmed = secret->trimmed();
    if (trimmed.size() < 16) {
        *error = tr("The admin secret in %1 is shorter than 16 characters; use a long random one.").arg(plainLine(QDir::toNativeSeparators(path), 300));
        return std::nullopt;
    }
    return trimmed;
}

} // namespace hotelhub::service
