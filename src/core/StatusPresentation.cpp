#include "StatusPresentation.h"
#include "Clock.h"

namespace hotelhub {

namespace {
const char *const kContext = "StatusPresentation";
}

QString bannerLevelName(BannerLevel level)
{
    switch (level) {
    case BannerLevel::None: return QStringLiteral("none");
    case BannerLevel::Warning: return QStringLiteral("warning");
    case BannerLevel::Critical: return QStringLiteral("critical");
    case BannerLevel::Modal: return QStringLiteral("modal");
    case BannerLevel::Lock: return QStringLiteral("lock");
    case BannerLevel::Setup: return QStringLiteral("setup");
    }
    Q_UNREACHABLE();
}

StatusPresentation present(const LicenseStatus &status, Language lang)
{
    auto t = [lang](const char *source, int n = -1) { return translate(lang, kContext, source, n); };
    StatusPresentation p;
    switch (status.state) {
    case LicenseState::Unpaired:
        p = {QStringLiteral("unpaired"), BannerLevel::Setup, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence not set up")),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "This installation has no licence yet.")),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "Run the HotelHub setup wizard and enter the licence key from your purchase e-mail."))};
        break;
    case LicenseState::Locked:
        if (status.reason == QLatin1String("public_key_tampered"))
            p = {QStringLiteral("locked"), BannerLevel::Lock, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence check failed")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "The vendor's public key on this computer is missing, has been changed or is not a key HotelHub can use.")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "Reinstall HotelHub, or, if you host the licence server yourself, fix LICENSE_PUBLIC_KEY_PATH and "
                                                           "LICENSE_PUBLIC_KEY_HASH in the settings file. If it stays, send the diagnostic (\"Diagnose\") to HotelHub support."))};
        else if (status.reason == QLatin1String("file_held_open"))
            p = {QStringLiteral("locked"), BannerLevel::Lock, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence file in use")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "Another program (often an antivirus scan) is holding a licence file, so it cannot be read right now. Nothing was changed.")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "Wait a minute and press Check again. If it stays, restart the computer; \"Diagnose\" names the file."))};
        else if (status.reason == QLatin1String("offline_too_long"))
            p = {QStringLiteral("locked"), BannerLevel::Lock, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Online verification required")),
                 t(QT_TRANSLATE_N_NOOP("StatusPresentation", "The licence has not been verified online for %n days."), status.heartbeatAgeDays),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "Connect this server to the internet, then press Check again."))};
        else if (status.reason == QLatin1String("online_check_required"))
            p = {QStringLiteral("locked"), BannerLevel::Lock, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Online check required")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "The licence has never been checked online on this computer.")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "Connect this server to the internet, then press Check again."))};
        else if (status.reason == QLatin1String("license_dat_tampered"))
            p = {QStringLiteral("locked"), BannerLevel::Lock, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence record tampered")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "The local licence record was changed outside HotelHub, or the clock was set back.")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "Set the correct date and time, connect to the internet and press Check again; if it stays locked, contact support."))};
        else if (status.reason == QLatin1String("settings_file_missing"))
            p = {QStringLiteral("locked"), BannerLevel::Lock, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence settings file missing")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "The settings file (hotelhub.env) is gone, and the stored licence token cannot be "
                                                           "checked without the licence server's key it named.")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "Restore hotelhub.env from a backup, then press Check again; pairing again is not "
                                                           "needed. \"Diagnose\" names the file."))};
        else if (status.reason == QLatin1String("invalid_configuration"))
            p = {QStringLiteral("locked"), BannerLevel::Lock, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence settings invalid")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "A licence setting in the settings file cannot be read (LICENSE_API_URL, LICENSE_EXPIRY, MAX_OFFLINE_DAYS, LICENSE_SHEET_FORMAT or LICENSE_KEY_HASH).")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "Press Check again in the licence monitor: it names the line of the settings file to correct. Correct it and check again, or contact support."))};
        else
            p = {QStringLiteral("locked"), BannerLevel::Lock, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence token invalid")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "The stored licence token cannot be read or its signature is not valid.")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "Pair this installation again with your licence key, or contact support."))};
        break;
    case LicenseState::FingerprintMismatch:
        if (status.reason == QLatin1String("moved_elsewhere")) {
            // Nothing changed here: the vendor bound the licence to another installation. Moving it
            // back spends one of the year's moves, so it is offered as a choice, not as the fix.
            p = {QStringLiteral("restricted"), BannerLevel::Modal, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence moved to another computer")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "The vendor says this licence now belongs to another installation: it was moved there.")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "If this computer should keep the licence, move it back here (it uses one of the year's moves). "
                                                           "If nobody here moved it, contact the vendor."))};
            break;
        }
        p = {QStringLiteral("restricted"), BannerLevel::Modal, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Hardware change detected")),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "Hardware change detected. Re-pair?")),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "Move the licence to this computer with \"Move installation\"."))};
        break;
    case LicenseState::Revoked:
        p = {QStringLiteral("locked"), BannerLevel::Lock, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence revoked")),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence not active. Contact the administrator.")),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "Contact the HotelHub vendor about the reason for the revocation."))};
        break;
    case LicenseState::Suspended:
        p = {QStringLiteral("locked"), BannerLevel::Lock, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence suspended")),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "The vendor has suspended this licence, usually because of an unpaid invoice.")),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "Contact the vendor to settle it, then press Check again: no reinstall is needed."))};
        break;
    case LicenseState::ClockInvalid:
        p = {QStringLiteral("restricted"), BannerLevel::Modal, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "System clock is wrong")),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "The system clock is not correct.")),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "Set the correct date and time (turn on automatic time), then check again while online."))};
        break;
    case LicenseState::Expired:
        if (status.reason == QLatin1String("license_expiry")) // sheet mode: the date is in the settings file, not on a server
            p = {QStringLiteral("locked"), BannerLevel::Lock, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence expired")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "The licence's end date in the settings file (LICENSE_EXPIRY) has passed. Contact the vendor to renew it.")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "After renewing, put the new end date the vendor gives you in LICENSE_EXPIRY in the settings file "
                                                           "(written as 2027-12-31), save it, then press Check again."))};
        else
            p = {QStringLiteral("locked"), BannerLevel::Lock, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence expired")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "The licence has expired. Contact sales to renew it.")),
                 t(QT_TRANSLATE_NOOP("StatusPresentation", "After renewing, press Check again."))};
        break;
    case LicenseState::ExpiredGrace:
        p = {QStringLiteral("critical"), BannerLevel::Critical, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence period ended")),
             t(QT_TRANSLATE_N_NOOP("StatusPresentation", "The licence period has ended. %n days left to renew before the system locks."), status.daysLeft.value_or(0)),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "Contact sales to renew the licence."))};
        break;
    case LicenseState::Degraded:
        p = {QStringLiteral("restricted"), BannerLevel::Modal, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Restricted mode")),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "Restricted mode: only read & report are available. Go online to re-activate.")),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "Connect this server to the internet; the next heartbeat restores full mode."))};
        break;
    case LicenseState::OverdueCritical:
        p = {QStringLiteral("critical"), BannerLevel::Critical, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence not synchronised")),
             t(QT_TRANSLATE_N_NOOP("StatusPresentation", "Licence not synchronised for %n days. Contact support if this continues."), status.heartbeatAgeDays),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "Check the server's internet connection and firewall."))};
        break;
    case LicenseState::OverdueWarning:
        p = {QStringLiteral("warning"), BannerLevel::Warning, true, t(QT_TRANSLATE_NOOP("StatusPresentation", "Heartbeat delayed")),
             t(QT_TRANSLATE_N_NOOP("StatusPresentation", "Licence: heartbeat delayed %n days. Check the server's internet connection."), status.heartbeatAgeDays),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "Check the server's internet connection."))};
        break;
    case LicenseState::TokenRefused:
        p = {QStringLiteral("critical"), BannerLevel::Critical, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence renewal refused")),
             t(QT_TRANSLATE_N_NOOP("StatusPresentation", "The licence server no longer renews this installation's token. HotelHub keeps working for %n more days."), status.daysLeft.value_or(0)),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "Pair again with the licence key (spends no move)."))};
        break;
    case LicenseState::KeystoreUnavailable:
        p = {QStringLiteral("critical"), BannerLevel::Critical, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Password store not ready")),
             t(QT_TRANSLATE_N_NOOP("StatusPresentation", "This computer's password store (keyring, Credential Manager) is locked or not ready yet, so the licence cannot be read. This is not a licence problem: HotelHub keeps working for up to %n more days."), status.daysLeft.value_or(0)),
             t(QT_TRANSLATE_NOOP("StatusPresentation", "Unlock the password store (sign in to the desktop, or enter the keyring password when asked). HotelHub tries again by itself every minute."))};
        break;
    case LicenseState::Active:
        p = {QStringLiteral("ok"), BannerLevel::None, false, t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence active")), QString(), QString()};
        if (status.offline) {
            // README "Offline activation": no heartbeat is expected; the renewal is due before exp.
            p.title = t(QT_TRANSLATE_NOOP("StatusPresentation", "Licence active (offline, valid until %1)")).arg(displayDate(status.graceUntil));
            if (status.daysLeft && *status.daysLeft <= kOfflineRenewalNoticeDays) {
                p.iconName = QStringLiteral("warning");
                p.level = BannerLevel::Warning;
                p.dismissible = true;
                p.text = t(QT_TRANSLATE_N_NOOP("StatusPresentation", "The offline activation ends in %n days."), *status.daysLeft);
                p.action = t(QT_TRANSLATE_NOOP("StatusPresentation", "Renew it: open \"Offline activation\", send the request to your vendor and apply the answer. "
                                                                   "With internet, the heartbeat renews it by itself."));
            }
        }
        break;
    }
    if ((status.reason == QLatin1String("keystore_unavailable") || status.keystoreUnreachable) && status.state != LicenseState::KeystoreUnavailable)
        // Restricted or in its renewal grace by the row's dates while the token cannot be read:
        // nothing renews it before the password store opens. So too suspended, revoked, expired,
        // locked, moved or a clock set back, decided from the row: "contact the vendor, then press
        // Check again" cannot work until the store answers (helper-41).
        p.action = t(QT_TRANSLATE_NOOP("StatusPresentation", "First unlock this computer's password store (sign in to the desktop, or enter the "
                                                           "keyring password when asked): until then the licence cannot be read or renewed."))
            + u' ' + p.action;
    if (status.offline && status.state == LicenseState::Degraded) {
        p.text = t(QT_TRANSLATE_NOOP("StatusPresentation", "The offline activation has ended: only read & report are available."));
        p.action = t(QT_TRANSLATE_NOOP("StatusPresentation", "Renew it with \"Offline activation\" (a new request to your vendor), or connect this server to the internet."));
    }
    // Only a licence bound to other hardware is fixed by a move. A suspension, an expiry or a lost
    // connection is not, and a move there would spend one of the licence's moves for nothing.
    p.offersMove = status.state == LicenseState::FingerprintMismatch;
    return p;
}

QString modeWords(LicenseMode mode, Language lang)
{
    switch (mode) {
    case LicenseMode::Full: return translate(lang, kContext, QT_TRANSLATE_NOOP("StatusPresentation", "all features available"));
    case LicenseMode::Restricted: return translate(lang, kContext, QT_TRANSLATE_NOOP("StatusPresentation", "read & report only"));
    case LicenseMode::Locked: return translate(lang, kContext, QT_TRANSLATE_NOOP("StatusPresentation", "HotelHub locked"));
    case LicenseMode::Setup: return translate(lang, kContext, QT_TRANSLATE_NOOP("StatusPresentation", "not set up yet"));
    }
    Q_UNREACHABLE();
}

QString statusSummary(const LicenseStatus &status, Language lang)
{
    QStringList codes{status.hotelhubStatus()};
    if (!codes.contains(status.stateName()))
        codes << status.stateName();
    if (!status.reason.isEmpty() && !codes.contains(status.reason))
        codes << status.reason;
    if (!codes.contains(status.modeName()))
        codes << status.modeName();
    // Not set up: the title says it all ("Licence not set up; not set up yet" said it twice).
    if (status.mode() == LicenseMode::Setup)
        return translate(lang, kContext, QT_TRANSLATE_NOOP("StatusPresentation", "%1 (code: %2)"))
            .arg(present(status, lang).title, codes.join(QStringLiteral(", ")));
    return translate(lang, kContext, QT_TRANSLATE_NOOP("StatusPresentation", "%1; %2 (code: %3)"))
        .arg(present(status, lang).title, modeWords(status.mode(), lang), codes.join(QStringLiteral(", ")));
}

} // namespace hotelhub
