// The vendor's secret files: the signing key, the TLS key (or a certificate file that holds it too)
// and the admin secret. Each is refused when more users than the server's own may read or change
// it, with one wording: the file, what anyone could do with it, and the command that fixes it.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace hotelhub::service {

class SecretFiles
{
    Q_DECLARE_TR_FUNCTIONS(SecretFiles)
public:
    enum class Kind { SigningKey, TlsKey, TlsBundle, AdminSecret };

    // Empty when the file is the server's alone; else the refusal. The signing key may be read by
    // nobody else (POSIX: no group or other bit); the others by no one who is not in the owner's
    // group (a TLS key in Debian's ssl-cert group is the admin's choice), and written by nobody
    // else (a secret every user may write can be replaced by one they know; helper-51).
    // Windows: the ACL grants only this user, SYSTEM and Administrators (OwnerOnly).
    static QString exposure(Kind kind, const QString &path);

    static constexpr qint64 kMaxAdminSecretBytes = 4096;
    // The admin secret of `serve --admin-secret-file`: a regular file of at most 4 KiB, the
    // server's alone, holding at least 16 characters (surrounding blanks dropped).
    static std::optional<QByteArray> readAdminSecret(const QString &path, QString *error);
};

} // namespace hotelhub::service
