#include "VendorError.h"
#include "Redact.h"

#include <QHash>

namespace hotelhub {

namespace {
struct Entry
{
    VendorError error;
    const char *code;
};

constexpr Entry kCodes[] = {
    {VendorError::None, "ok"},
    {VendorError::LicenseNotFound, "license_not_found"},
    {VendorError::AlreadyPaired, "already_paired"},
    {VendorError::Expired, "expired"},
    {VendorError::Revoked, "revoked"},
    {VendorError::Suspended, "suspended"},
    {VendorError::FingerprintMismatch, "fingerprint_mismatch"},
    {VendorError::MigrationLimit, "migration_limit"},
    {VendorError::RateLimited, "rate_limited"},
    {VendorError::Unauthorized, "unauthorized"},
    {VendorError::TokenSuperseded, "token_superseded"},
    {VendorError::InvalidRequest, "invalid_request"},
    {VendorError::TokenRejected, "token_rejected"},
    {VendorError::TokenClaims, "token_claims"},
    {VendorError::ClockSkew, "clock_skew"},
    {VendorError::GarbageReply, "garbage_reply"},
    {VendorError::OversizedReply, "oversized_reply"},
    {VendorError::CaptivePortal, "captive_portal"},
    {VendorError::IntermediaryRefusal, "intermediary_refusal"},
    {VendorError::ServerError, "server_error"},
    {VendorError::HttpError, "http_error"},
    {VendorError::InsecureUrl, "insecure_url"},
    {VendorError::InvalidUrl, "invalid_url"},
    {VendorError::DnsFailure, "dns_failure"},
    {VendorError::ConnectionRefused, "connection_refused"},
    {VendorError::Timeout, "timeout"},
    {VendorError::TlsSelfSigned, "tls_self_signed"},
    {VendorError::TlsExpired, "tls_expired"},
    {VendorError::TlsNotYetValid, "tls_not_yet_valid"},
    {VendorError::TlsWrongHost, "tls_wrong_host"},
    {VendorError::TlsUntrusted, "tls_untrusted"},
    {VendorError::ProxyAuth, "proxy_auth"},
    {VendorError::ProxyFailure, "proxy_failure"},
    {VendorError::NetworkError, "network_error"},
    {VendorError::Cancelled, "cancelled"},
    {VendorError::KeyRequired, "key_required"},
    {VendorError::InvalidKey, "invalid_key"},
    {VendorError::NotPaired, "not_paired"},
    {VendorError::LocalError, "local_error"},
    {VendorError::ExchangeBusy, "exchange_busy"},
    {VendorError::VendorKeyUnusable, "vendor_key_unusable"},
    {VendorError::KeystoreUnavailable, "keystore_unavailable"},
};
} // namespace

QString VendorErrors::code(VendorError error)
{
    for (const Entry &e : kCodes) {
        if (e.error == error)
            return QString::fromLatin1(e.code);
    }
    Q_UNREACHABLE();
}

VendorError VendorErrors::fromCode(const QString &code)
{
    for (const Entry &e : kCodes) {
        if (code == QLatin1String(e.code))
            return e.error;
    }
    return VendorError::None;
}

bool VendorErrors::neverSent(VendorError error)
{
    switch (error) {
    case VendorError::KeyRequired:
    case VendorError::InvalidKey:
    case VendorError::NotPaired:
    case VendorError::LocalError:
    case VendorError::ExchangeBusy:
    case VendorError::VendorKeyUnusable:
    case VendorError::KeystoreUnavailable:
    case VendorError::InvalidUrl:
    case VendorError::InsecureUrl:
        return true;
    default:
        return false;
    }
}

bool VendorErrors::isTransport(VendorError error)
{
    switch (error) {
    case VendorError::DnsFailure:
    case VendorError::ConnectionRefused:
    case VendorError::Timeout:
    case VendorError::TlsSelfSigned:
    case VendorError::TlsExpired:
    case VendorError::TlsNotYetValid:
    case VendorError::TlsWrongHost:
    case VendorError::TlsUntrusted:
    case VendorError::ProxyAuth:
    case VendorError::ProxyFailure:
    case VendorError::NetworkError:
    case VendorError::CaptivePortal:
    case VendorError::IntermediaryRefusal:
    case VendorError::ExchangeBusy:
    case VendorError::ServerError:
    case VendorError::HttpError:
    case VendorError::GarbageReply:
    case VendorError::OversizedReply:
    case VendorError::RateLimited:
        return true;
    default:
        return false;
    }
}

QString VendorErrors::defaultHelpBase()
{
    return QStringLiteral("https://vendor.hotelhub.id/bantuan/lisensi");
}

QString VendorErrors::helpUrl(const QString &helpBase, const QString &code)
{
    return (helpBase.isEmpty() ? defaultHelpBase() : shownUrl(helpBase)) + u'#' + code;
}

QString VendorErrors::contactLine(const QString &supportPhone, const QString &supportEmail)
{
    if (!supportPhone.isEmpty() && !supportEmail.isEmpty())
        return tr("Call or WhatsApp %1, or e-mail %2.").arg(supportPhone, supportEmail);
    if (!supportPhone.isEmpty() || !supportEmail.isEmpty())
        return tr("Contact the vendor: %1.").arg(supportPhone.isEmpty() ? supportEmail : supportPhone);
    return {};
}

VendorErrorText VendorErrors::describe(VendorError error, const QString &supportPhone, const QString &supportEmail, const QString &helpBase)
{
    VendorErrorText t;
    t.code = code(error);
    t.helpUrl = helpUrl(helpBase, t.code);
    const QString contact = contactLine(supportPhone, supportEmail);
    const QString contactOrVendor = contact.isEmpty() ? tr("Contact your HotelHub vendor.") : contact;

    switch (error) {
    case VendorError::None:
        t.message = tr("Done.");
        break;
    case VendorError::LicenseNotFound:
        t.message = tr("The licence key is not recognised. Check the format or contact sales.");
        t.action = tr("Compare the key with your purchase e-mail (format HMS-XXXXX-XXXXX-XXXXX-XXXXX) and type it again.");
        break;
    case VendorError::AlreadyPaired:
        t.message = tr("This licence is already installed on another device. To move servers, use the 'Move installation' menu in the vendor portal.");
        t.action = tr("If this computer replaces the old one, run the move-installation flow (hotelhub-setup --migrate).");
        break;
    case VendorError::Expired:
        t.message = tr("The licence has expired. Contact sales to renew.");
        t.action = contactOrVendor;
        break;
    case VendorError::Revoked:
        t.message = tr("The licence is no longer active. Contact the administrator.");
        t.action = contactOrVendor;
        break;
    case VendorError::Suspended:
        t.message = tr("The licence is suspended by the vendor (usually an unpaid invoice).");
        t.action = tr("%1 Once the vendor resumes the licence, choose 'Check again'; nothing needs reinstalling.").arg(contactOrVendor);
        break;
    case VendorError::FingerprintMismatch:
        t.message = tr("The licence is now bound to another installation (the hardware or the data folder changed, or it was moved).");
        t.action = tr("Move the licence to this computer with \"Move installation\".");
        break;
    case VendorError::MigrationLimit:
        t.message = tr("This licence has been moved too often this year (at most 2 moves in 365 days).");
        t.action = tr("Contact the vendor to approve another move. %1").arg(contact);
        break;
    case VendorError::RateLimited:
        t.message = tr("The licence server received too many requests from this network.");
        t.action = tr("Wait a few minutes, then try again.");
        break;
    case VendorError::Unauthorized:
        t.message = tr("The licence server no longer accepts this installation's token (it was replaced by a newer one, or the installation was unpaired).");
        t.action = tr("Pair this installation again with the licence key.");
        break;
    case VendorError::TokenSuperseded:
        t.message = tr("The licence server says this installation's token was already replaced by a newer one. Another copy of this installation may be renewing it.");
        t.action = tr("Pair this installation again with the licence key: it spends no move. If it happens again, contact the vendor.");
        break;
    case VendorError::InvalidRequest:
        t.message = tr("The licence server rejected the request as malformed.");
        t.action = tr("Update HotelHub to the latest version; if it persists, send the diagnostic to support.");
        break;
    case VendorError::TokenRejected:
        t.message = tr("The licence server's answer is not signed by the vendor key this installation trusts.");
        t.action = tr("Check LICENSE_VENDOR_BASE_URL in the settings file: it may point at the wrong server. Otherwise send the diagnostic to support.");
        break;
    case VendorError::TokenClaims:
        t.message = tr("The licence server's answer is signed by the vendor, but it is not valid for this installation now (its dates or the machine it names do not match).");
        t.action = tr("Check this computer's date, time and time zone; if they are right, send the diagnostic to support: the vendor's server answered for another installation.");
        break;
    case VendorError::ClockSkew:
        t.message = tr("This computer's clock differs too much from the licence server's time.");
        t.action = tr("Set the date, time and time zone correctly (turn on automatic time), then try again.");
        break;
    case VendorError::GarbageReply:
        t.message = tr("The licence server sent an answer that cannot be read.");
        t.action = tr("Try again in a few minutes; check that LICENSE_VENDOR_BASE_URL points at the licence server.");
        break;
    case VendorError::OversizedReply:
        t.message = tr("The licence server sent a far larger answer than expected and it was refused.");
        t.action = tr("Check that LICENSE_VENDOR_BASE_URL points at the licence server, not at another website.");
        break;
    case VendorError::CaptivePortal:
        t.message = tr("A web page answered instead of the licence server, often a Wi-Fi login page or a web filter.");
        // Or the address is a web site, not the licence server (helper-43: a plain web server's
        // page was read as a Wi-Fi login with no word of the setting).
        t.action = tr("Open a browser on this computer, complete the network login or ask IT to allow the licence server, then try again. "
                      "If there is no login page, check that LICENSE_VENDOR_BASE_URL in the settings file is the licence server's address.");
        break;
    case VendorError::IntermediaryRefusal:
        t.message = tr("A device between this computer and the licence server (a proxy, gateway or firewall) refused the request. The licence server did not answer, so the licence state is unchanged.");
        t.action = tr("Try again in a few minutes. If it persists, ask whoever runs the network to allow the licence server's address.");
        break;
    case VendorError::ServerError:
        t.message = tr("The licence server has a temporary problem.");
        t.action = tr("Nothing is wrong on your side. Try again later.");
        break;
    case VendorError::HttpError:
        t.message = tr("The licence server answered with an unexpected error.");
        t.action = tr("Try again later; if it persists, send the diagnostic to support.");
        break;
    case VendorError::InsecureUrl:
        t.message = tr("The licence server address uses plain http://, which is only allowed on this computer itself.");
        t.action = tr("Use the https:// address of the licence server in LICENSE_VENDOR_BASE_URL.");
        break;
    case VendorError::InvalidUrl:
        t.message = tr("The licence server address is not a valid URL.");
        t.action = tr("Correct LICENSE_VENDOR_BASE_URL in the settings file (for example https://vendor.hotelhub.id).");
        break;
    case VendorError::DnsFailure:
        t.message = tr("Cannot reach the licence server: its name could not be found (DNS).");
        t.action = tr("Check the internet connection and the DNS settings of this computer, then try again.");
        break;
    case VendorError::ConnectionRefused:
        t.message = tr("Cannot reach the licence server: the connection was refused.");
        t.action = tr("Check the internet & firewall; the server may also be down for maintenance. Try again later.");
        break;
    case VendorError::Timeout:
        t.message = tr("Cannot reach the licence server: it did not answer in time.");
        t.action = tr("Check the internet & firewall, then try again.");
        break;
    case VendorError::TlsSelfSigned:
        t.message = tr("The licence server's security certificate is self-signed and not trusted.");
        t.action = tr("Something between this computer and the server may be intercepting the connection (antivirus, proxy). Ask IT, or contact support.");
        break;
    case VendorError::TlsExpired:
        t.message = tr("The licence server's security certificate has expired.");
        t.action = tr("Check that this computer's date is right; if it is, the vendor must renew the certificate: contact support.");
        break;
    case VendorError::TlsNotYetValid:
        t.message = tr("The licence server's security certificate is not valid yet: this computer's date is probably wrong.");
        t.action = tr("Set the date, time and time zone correctly, then try again.");
        break;
    case VendorError::TlsWrongHost:
        t.message = tr("The security certificate belongs to a different server name than the one configured.");
        t.action = tr("Check LICENSE_VENDOR_BASE_URL; a proxy or filter may also be redirecting the connection.");
        break;
    case VendorError::TlsUntrusted:
        t.message = tr("The secure connection to the licence server could not be established.");
        t.action = tr("Check the date of this computer and any proxy or antivirus that inspects HTTPS, then try again.");
        break;
    case VendorError::ProxyAuth:
        t.message = tr("The proxy server of this network asks for a user name and password.");
        t.action = tr("Put the credentials in HTTPS_PROXY (http://user:password@proxy:port) or ask IT to allow the licence server.");
        break;
    case VendorError::ProxyFailure:
        t.message = tr("The proxy server of this network cannot be reached or refused the connection.");
        t.action = tr("Check HTTPS_PROXY / the system proxy settings, or ask IT.");
        break;
    case VendorError::NetworkError:
        t.message = tr("Cannot reach the licence server. Check the internet & firewall.");
        t.action = tr("Try again in a few minutes.");
        break;
    case VendorError::Cancelled:
        t.message = tr("Cancelled.");
        break;
    case VendorError::KeyRequired:
        t.message = tr("No licence key was given.");
        t.action = tr("Enter the licence key from your purchase e-mail. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX.");
        break;
    case VendorError::InvalidKey:
        t.message = tr("The licence key is not in the right format.");
        t.action = tr("Check your purchase e-mail. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX.");
        break;
    case VendorError::NotPaired:
        t.message = tr("This installation is not paired with a licence yet.");
        t.action = tr("Pair it first: hotelhub-setup, or hotelhub-license pair --key KEY.");
        break;
    case VendorError::LocalError:
        t.message = tr("This computer could not complete the licence operation.");
        t.action = tr("Check what the detail given with this message says, that the data folder is writable and that its disk has room; then try again or send the diagnostic to support.");
        break;
    case VendorError::ExchangeBusy:
        t.message = tr("Another HotelHub program on this computer is talking to the licence server and did not finish in time.");
        t.action = tr("Try again in a minute.");
        break;
    case VendorError::KeystoreUnavailable:
        // The same cause and step as the status's keystore_unavailable (it said "could not complete
        // the licence operation" with no detail in the wizard; helper-40).
        t.message = tr("This computer's password store (the keyring, or Windows Credential Manager) is locked or not ready, so the "
                       "licence could not be read or saved here.");
        t.action = tr("Unlock the password store, or sign in to this computer's desktop session, then try again.");
        break;
    case VendorError::VendorKeyUnusable:
        t.message = tr("This computer's copy of the licence server's public key cannot be used, so nothing was sent to the licence server.");
        t.action = tr("Reinstall HotelHub, or, if you host the licence server yourself, fix LICENSE_PUBLIC_KEY_PATH and "
                      "LICENSE_PUBLIC_KEY_HASH in the settings file. Then try again.");
        break;
    }
    return t;
}

VendorErrorText VendorErrors::envCopyWarning(const QString &why)
{
    VendorErrorText t;
    t.code = QStringLiteral("env_write_failed");
    t.message = tr("The licence is stored on this computer, but the lines HotelHub reads from its settings file were not written: %1").arg(why);
    t.action = tr("Fix what is described above. The next licence check (the tray monitor's, \"Check again\", or \"hotelhub-license heartbeat-retry\") writes the lines then.");
    return t;
}

VendorErrorText VendorErrors::envClearWarning(const QString &why)
{
    VendorErrorText t;
    t.code = QStringLiteral("env_write_failed");
    t.message = tr("Unpaired, but the settings file still names the old pairing: %1").arg(why);
    t.action = tr("Fix the settings file as described, then remove LICENSE_KEY_HASH and LICENSE_FINGERPRINT from it.");
    return t;
}

void VendorErrors::sayNoService(VendorErrorText *text, const QString &shownAddress, int httpStatus)
{
    text->message = tr("The address of the licence server (%1) answers, but has no licence service there (HTTP %2); "
                       "nothing about the licence was said or changed.")
                        .arg(shownAddress, QString::number(httpStatus)); // one pass: a %2 in the address stays
    text->action = tr("Check LICENSE_VENDOR_BASE_URL in the settings file: it is the server's address alone, such as "
                      "https://vendor.hotelhub.id, without /api or another path after it.");
}

QString VendorErrors::skewText(qint64 skewSecs, qint64 allowedSecs)
{
    const qint64 s = qAbs(skewSecs);
    QString amount;
    if (s < 3600)
        amount = tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    else if (s < 2 * 86400)
        amount = tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    else
        amount = tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600); // never rounded down to a whole day
    return tr("Difference: %1 (%2); at most %3 min is allowed.")
        .arg(amount, skewSecs > 0 ? tr("this computer's clock is behind") : tr("this computer's clock is ahead"))
        .arg(allowedSecs / 60);
}

} // namespace hotelhub
