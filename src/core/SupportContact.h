// Whom the owner should contact. One rule for the tray, the lock page, the wizard, the local API
// and the error texts: the vendor's own contact from its last refusal (a billing desk, carried by
// a suspended or revoked reply) wins as a whole over the settings file's SUPPORT_PHONE and
// SUPPORT_EMAIL. A phone from one and an e-mail from the other would send the owner to two desks.
#pragma once

#include "EnvFile.h"
#include "LocalLicense.h"

#include <QCoreApplication>
#include <optional>

namespace hotelhub {

struct SupportContact
{
    Q_DECLARE_TR_FUNCTIONS(SupportContact)
public:
    QString phone;  // plain text, one line
    QString email;
    bool fromVendor = false;

    bool isEmpty() const { return phone.isEmpty() && email.isEmpty(); }
    static SupportContact choose(const QString &vendorPhone, const QString &vendorEmail, const QString &settingsPhone,
                                 const QString &settingsEmail);
    // From the licence row's vendorContact and the settings file.
    static SupportContact of(const std::optional<LocalLicense> &row, const EnvFile &env);
    // "Phone/WhatsApp: …" and "E-mail: …" on their own lines; when none is known, where to find it.
    QString lines() const;
};

} // namespace hotelhub
