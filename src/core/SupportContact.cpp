#include "SupportContact.h"

#include "Redact.h"

namespace hotelhub {

SupportContact SupportContact::choose(const QString &vendorPhone, const QString &vendorEmail, const QString &settingsPhone,
                                      const QString &settingsEmail)
{
    SupportContact c;
    const QString vp = plainLine(vendorPhone, 64), ve = plainLine(vendorEmail, 254);
    if (!vp.isEmpty() || !ve.isEmpty()) {
        c.phone = vp;
        c.email = ve;
        c.fromVendor = true;
    } else {
        c.phone = plainLine(settingsPhone, 64);
        c.email = plainLine(settingsEmail, 254);
    }
    return c;
}

SupportContact SupportContact::of(const std::optional<LocalLicense> &row, const EnvFile &env)
{
    const QJsonObject vendor = row ? row->vendorContact : QJsonObject();
    return choose(vendor.value(QStringLiteral("phone")).toString(), vendor.value(QStringLiteral("email")).toString(),
                  env.value(QStringLiteral("SUPPORT_PHONE")), env.value(QStringLiteral("SUPPORT_EMAIL")));
}

QString SupportContact::lines() const
{
    QStringList parts;
    if (!phone.isEmpty())
        parts << tr("Phone/WhatsApp: %1").arg(phone);
    if (!email.isEmpty())
        parts << tr("E-mail: %1").arg(email);
    if (parts.isEmpty())
        parts << tr("Your vendor's phone and e-mail are in your purchase e-mail.");
    return parts.join(u'\n');
}

} // namespace hotelhub
