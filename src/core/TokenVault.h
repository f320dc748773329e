// Encryption at rest (AES-256-GCM) with a key derived by HKDF from the master secret and bound
// to the install_id, so a sealed value is useless to another installation.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <optional>

namespace hotelhub {

class TokenVault
{
public:
    TokenVault(const QByteArray &masterSecret, const QString &installId);

    // "hh1:" + base64(nonce | ciphertext | tag). `purpose` separates keys (token, 2FA secret, …).
    QByteArray seal(const QByteArray &plain, const QByteArray &purpose = "token") const;
    std::optional<QByteArray> open(const QByteArray &sealed, const QByteArray &purpose = "token") const;
    QString installId() const { return m_installId; }

private:
    QByteArray key(const QByteArray &purpose) const;
    QByteArray m_secret;
    QString m_installId;
    mutable QHash<QByteArray, QByteArray> m_keys; // purpose → derived key
};

} // namespace hotelhub
