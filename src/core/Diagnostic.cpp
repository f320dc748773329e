#include "Diagnostic.h"
#include "Redact.h"
#include "EnvFile.h"
#include "AuditLog.h"
#include "Clock.h"
#include "Database.h"
#include "DiskSpace.h"
#include "LicenseClient.h"
#include "ProxySettings.h"
#include "SheetMode.h"
#include "StartOptions.h"
#include "StatusPresentation.h"
#include "Translations.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>
#include <QStorageInfo>
#include <QTimeZone>
#include <QStringList>

namespace hotelhub {

namespace {
// Less than this left: no write transaction with its WAL frames fits (a heartbeat writes about 40 KiB).
constexpr qint64 kFullBytes = 128 * 1024;
} // namespace

bool DiagnosticReport::allOk() const
{
    return std::all_of(checks.begin(), checks.end(), [](const DiagnosticCheck &c) { return c.ok; });
}

QString DiagnosticReport::text() const
{
    QString out;
    for (const DiagnosticCheck &c : checks) {
        out += (c.ok ? QStringLiteral("[✓] ") : QStringLiteral("[✗] ")) + c.label + u'\n';
        if (!c.ok && !c.detail.isEmpty())
            out += QStringLiteral("    ") + c.detail + u'\n';
        if (!c.ok && !c.fix.isEmpty())
            out += QStringLiteral("    → ") + c.fix + u'\n';
    }
    for (const QString &fact : facts)
        out += fact + u'\n';
    return out;
}

QJsonObject DiagnosticCheck::toJson() const
{
    // A passed check carries no failure text: detail and fix are null, as the text form omits them.
    return {{QStringLiteral("id"), id}, {QStringLiteral("ok"), ok}, {QStringLiteral("label"), label},
            {QStringLiteral("detail"), ok || detail.isEmpty() ? QJsonValue() : QJsonValue(detail)},
            {QStringLiteral("fix"), ok || fix.isEmpty() ? QJsonValue() : QJsonValue(fix)}};
}

QJsonObject DiagnosticReport::toJson() const
{
    QJsonArray list;
    for (const DiagnosticCheck &c : checks)
        list.append(c.toJson());
    return {{QStringLiteral("ok"), allOk()}, {QStringLiteral("checks"), list}, {QStringLiteral("facts"), QJsonArray::fromStringList(facts)}};
}

QString Diagnostic::sheetStatusWord(const QString &status)
{
    // The sheet's own column, said in this language; anything else as written there.
    if (status == QLatin1String("active"))
        return tr("active", "the sheet's status column");
    if (status == QLatin1String("suspended"))
        return tr("suspended", "the sheet's status column");
    if (status == QLatin1String("revoked"))
        return tr("revoked", "the sheet's status column");
    return StartOptions::shownShortened(status, 40);
}

QString Diagnostic::proxyText(const QString &described)
{
    return described.isEmpty() || described == QLatin1String("direct") ? tr("none, connects directly") : described;
}

QString Diagnostic::describeAge(qint64 secs)
{
    if (secs < 3600)
        return tr("%n minute(s) ago", "", int(secs / 60));
    if (secs < 2 * 86400)
        return tr("%n hour(s) ago", "", int(secs / 3600));
    return tr("%n day(s) ago", "", int(secs / 86400));
}

QList<DiagnosticCheck> Diagnostic::storage(const AppPaths &paths, const Database &db)
{
    const QFileInfo dir(paths.dataDir);
    // A disk mounted read-only is named as that: no permission mends it (the outside check).
    // One look at the disk for both questions (a `status` asks them on every run).
    const QStorageInfo disk = dir.isDir() ? QStorageInfo(paths.dataDir) : QStorageInfo();
    const bool mountedReadOnly = disk.isValid() && disk.isReadOnly();
    QList<DiagnosticCheck> checks{{QStringLiteral("data_dir"), dir.isDir() && dir.isWritable(), tr("Data folder writable"),
                                   mountedReadOnly ? tr("%1 is on a disk mounted read-only.").arg(QDir::toNativeSeparators(paths.dataDir))
                                                   : tr("%1 is missing or not writable.").arg(QDir::toNativeSeparators(paths.dataDir)),
                                   mountedReadOnly ? tr("Mount that disk read-write, or choose another folder with --data-dir.")
                                                   : tr("Fix the folder's permissions or choose another with --data-dir.")}};
    // Also when it opened as usual: another program (the tray) holding the database's side files
    // lets it open on a full disk, and every write will still fail (outside check, helper-37).
    // Full: a write was refused, or too little is left for one. Nearly full (under 1 MiB): writes
    // still succeed, and it is said as a warning of what comes, not as "nothing can be saved"
    // (helper-38: 620 KiB free, the heartbeat stored, and status said it could not be).
    const qint64 free = disk.isValid() ? disk.bytesAvailable() : -1;
    const bool refused = db.readOnlyForFullDisk() || db.hitDiskFull();
    const bool full = refused || (free >= 0 && free < kFullBytes);
    if (full && !refused)
        // Under 128 KiB and no write refused yet: the next heartbeat may still fit (helper-40: at
        // 28-60 KiB "nothing new can be saved", and the heartbeat right after was stored).
        checks << DiagnosticCheck{QStringLiteral("disk_space"), false, tr("Free space for the licence database"),
                                  tr("Disk almost full: only %1 free on the disk holding %2, less than a few heartbeats need. What fits "
                                     "is still saved; the next heartbeat or state change may not be.")
                                      .arg(QLocale().formattedDataSize(free), QDir::toNativeSeparators(db.path())),
                                  tr("Free some space on that disk now (empty the recycle bin, remove old backups or logs).")};
    else if (full)
        checks << DiagnosticCheck{QStringLiteral("disk_space"), false, tr("Free space for the licence database"),
                                  DiskSpace::fullMessage(db.path()) + u' '
                                      + tr("What is shown is what it last recorded; nothing new (heartbeats, state changes) can be saved."),
                                  tr("Free some space on that disk (empty the recycle bin, remove old backups or logs), then run the command again.")};
    else if (DiskSpace::nearlyFull(free))
        checks << DiagnosticCheck{QStringLiteral("disk_space"), false, tr("Free space for the licence database"),
                                  tr("Disk nearly full: only %1 free on the disk holding %2. The licence is still saved for now; once the disk "
                                     "is full, heartbeats and state changes can no longer be saved.")
                                      .arg(QLocale().formattedDataSize(free), QDir::toNativeSeparators(db.path())),
                                  tr("Free some space on that disk soon (empty the recycle bin, remove old backups or logs).")};
    else if (db.isReadOnly())
        checks << DiagnosticCheck{QStringLiteral("database"), false, tr("Licence database writable"),
                                  // (On a disk mounted read-only it read "read-only for this user" under "mounted
                                  // read-only"; and the tray has no command to run again; helper-41.)
                                  (mountedReadOnly ? tr("%1 is on a disk mounted read-only: what is shown is what it last recorded, and nothing "
                                                        "new (heartbeats, state changes) can be saved.")
                                                   : tr("%1 is read-only for this user: what is shown is what it last recorded, and nothing new "
                                                        "(heartbeats, state changes) can be saved."))
                                      .arg(QDir::toNativeSeparators(db.path())),
                                  mountedReadOnly ? tr("Mount the disk that holds it read-write, then try again.")
                                                  : tr("Give this user write permission on the file and the data folder, then try again.")};
    return checks;
}

QString Diagnostic::componentWords(const QStringList &components)
{
    // In words, each with its code after it for support ("install_path" alone under --lang id).
    QStringList shown;
    for (const QString &code : components) {
        const QString words = code == QLatin1String("machine_id")     ? tr("the computer's machine id")
            : code == QLatin1String("primary_mac")                    ? tr("the network card")
            : code == QLatin1String("os_release")                     ? tr("the operating system version")
            : code == QLatin1String("install_path")                   ? tr("the installation folder")
            : code == QLatin1String("install_id")                     ? tr("the installation's identity")
                                                                      : QString();
        shown << (words.isEmpty() ? code : QStringLiteral("%1 (%2)").arg(words, code));
    }
    return shown.join(QStringLiteral(", "));
}

DiagnosticCheck Diagnostic::settingsFile(const EnvFile &env, bool paired)
{
    const QString shown = QDir::toNativeSeparators(env.path());
    // A paired installation's settings file that is gone: "loads in the HMS" was said of it (helper-52).
    // Or emptied (a power cut, a full disk; helper-53).
    if (const QFileInfo file(env.path()); paired && !env.path().isEmpty() && (!file.exists() || file.size() == 0))
        return DiagnosticCheck{QStringLiteral("settings_file"), false, tr("Settings file present"),
                               file.exists() ? tr("%1 is empty").arg(shown) : tr("%1 does not exist").arg(shown),
                               tr("Restore it from a backup: it holds HotelHub's settings, and may name this installation's licence server "
                                  "and its key (LICENSE_API_URL, LICENSE_PUBLIC_KEY_PATH). Pairing again does not bring them back.")};
    return DiagnosticCheck{QStringLiteral("settings_file"), env.problems().isEmpty(), tr("Settings file loads in the HMS"),
                           env.problems().isEmpty() ? QString() : tr("%1: %2").arg(shown, env.warnings().join(QStringLiteral("; "))),
                           env.savedAsUnicode()
                               ? tr("Save %1 again as UTF-8, as said above: HotelHub (Laravel) does not start until then.").arg(shown)
                               : tr("Edit those lines in %1 as shown: HotelHub (Laravel) does not start while they are there.").arg(shown)};
}

QList<DiagnosticCheck> Diagnostic::networkSettings(const ClientSettings &settings)
{
    if (!settings.problem.isEmpty())
        return {DiagnosticCheck{QStringLiteral("network_settings"), false, tr("Network settings usable"), settings.problem,
                                tr("Fix that setting in the settings file; the licence server cannot be reached without it.")}};
    if (!settings.warning.isEmpty())
        return {DiagnosticCheck{QStringLiteral("network_settings"), false, tr("Network settings usable"), settings.warning,
                                tr("Correct that line in the settings file, or remove it to keep the default.")}};
    return {};
}

DiagnosticReport Diagnostic::offline(LicenseManager &manager, const StatusReport &c, const AppPaths &paths)
{
    DiagnosticReport r;
    r.checks << storage(paths, manager.database());

    if (!c.row) {
        r.checks << DiagnosticCheck{QStringLiteral("bootstrap"), false, tr("Installation identity created"),
                                    tr("This data folder has no install_id yet."), tr("Run `hotelhub-license bootstrap`.")};
    }
    r.checks << DiagnosticCheck{QStringLiteral("public_key"), c.publicKeyIntact, tr("Public key intact"), c.publicKeyProblem,
                                tr("Reinstall HotelHub or correct LICENSE_PUBLIC_KEY_PATH / LICENSE_PUBLIC_KEY_HASH.")};

    const bool paired = c.row && c.row->isPaired();
    if (paired) {
        // A local fault, named as such: never "invalid token, pair again".
        // A key that is there but does not open the token (secret.key removed or replaced, the
        // folder copied without it) is no readable key either (it was ✓ beside "cannot be
        // decrypted"; helper-54).
        const bool unreachable = c.tokenCheck == TokenCheck::KeystoreUnavailable;
        const bool keysOk = !unreachable && c.tokenCheck != TokenCheck::Undecryptable;
        r.checks << DiagnosticCheck{QStringLiteral("keystore"), keysOk, tr("Encryption key readable"), keysOk ? QString() : c.tokenProblem,
                                    unreachable ? tr("Unlock the OS password store (sign in to the desktop, or enter the keyring password), then check "
                                                     "again. On a server without a desktop session, set HOTELHUB_KEYSTORE=file before pairing.")
                                                : tr("Restore the data folder together with the key it was backed up with (its secret.key file, or "
                                                     "this user's entry in the password store); otherwise pair this installation again.")};
    }
    if (!paired) {
        r.checks << DiagnosticCheck{QStringLiteral("token"), false, tr("Licence paired"), tr("This installation is not paired with a licence."),
                                    tr("Run the setup wizard (hotelhub-setup) or `hotelhub-license pair --key HMS-…`.")};
    } else if (c.claims) {
        const bool notExpired = c.evaluatedAt < c.claims->expiresAt;
        r.checks << DiagnosticCheck{QStringLiteral("token"), notExpired,
                                    tr("Token valid (exp %1)").arg(c.claims->expiresAt.toUTC().date().toString(Qt::ISODate)),
                                    notExpired ? QString() : tr("The signed grace period ended; the licence runs in restricted mode."),
                                    tr("Bring the server online; the next heartbeat renews the token.")};
    } else if (c.tokenCheck != TokenCheck::KeystoreUnavailable) {
        // With the settings file gone the key that signed it may be the one the file named: the fix
        // is the file, as the check above says (helper-53: "pair again" contradicted it).
        r.checks << DiagnosticCheck{QStringLiteral("token"), false, tr("Token valid"), c.tokenProblem,
                                    c.status.reason == QLatin1String("settings_file_missing")
                                        ? tr("Restore the settings file first (the check above); pairing again is not needed.")
                                        : tr("Pair this installation again, or contact support with this diagnostic.")};
    }

    if (paired) {
        // The HMS reads the pairing from the .env: lines a refused write left out, or removed.
        const QStringList differ = manager.envBindingDifferences(*c.row);
        r.checks << DiagnosticCheck{QStringLiteral("env_binding"), differ.isEmpty(), tr("Settings file names this pairing"),
                                    tr("%1 missing or different in %2.").arg(differ.join(QStringLiteral(", ")), QDir::toNativeSeparators(paths.envFile)),
                                    tr("Make the settings file writable and loadable (the check above names a bad line), then run "
                                       "`hotelhub-license heartbeat` or press \"Check again\" in the tray: it writes the lines again.")};
    }
    if (c.row) {
        const bool matches = c.changedComponents.isEmpty() && c.current.fingerprint() == c.row->fingerprint
            && (!c.claims || c.claims->fingerprint == c.row->fingerprint);
        r.checks << DiagnosticCheck{QStringLiteral("fingerprint"), matches, tr("Fingerprint matches"),
                                    c.changedComponents.isEmpty() ? tr("The token was issued for another machine fingerprint.")
                                                                  : tr("Changed since pairing: %1").arg(componentWords(c.changedComponents)),
                                    tr("If this is a new server or a restored backup, move the licence here: hotelhub-setup --migrate.")};
    }
    if (c.row && !c.current.hasMachineId()) {
        r.checks << DiagnosticCheck{QStringLiteral("machine_id"), false, tr("Machine id present"),
                                    tr("This computer has no machine id (on Linux /etc/machine-id is missing or empty; on Windows the "
                                       "MachineGuid registry value). The licence is bound to the network card and this folder only."),
                                    tr("Linux: run `systemd-machine-id-setup` as root; Windows: ask your technician to repair the "
                                       "installation. Then check again: a changed id is a hardware change (see \"Fingerprint matches\").")};
    }
    if (paired && !c.row->serverState.isEmpty()) {
        const VendorErrorText verdict = VendorErrors::describe(VendorErrors::fromCode(c.row->serverState));
        r.checks << DiagnosticCheck{QStringLiteral("vendor_verdict"), false, tr("Licence accepted by the vendor"),
                                    tr("The last heartbeat was refused: %1 (%2)").arg(verdict.message, c.row->serverState), verdict.action};
    }
    if (paired && c.row->lastFailureReason == QLatin1String("intermediary_refusal")) {
        // Named apart from the vendor's own refusals: it changed nothing, and the fix is the network's.
        r.checks << DiagnosticCheck{QStringLiteral("intermediary"), false, tr("Heartbeat reached the licence server"),
                                    tr("At the last heartbeat an intermediary (a proxy, gateway or firewall) answered 401/403/410 instead of the "
                                       "licence server; the licence state was not changed."),
                                    VendorErrors::describe(VendorError::IntermediaryRefusal).action};
    }
    if (paired) {
        const QDateTime last = c.row->lastHeartbeatSuccessAt;
        const qint64 age = last.isValid() ? last.secsTo(c.evaluatedAt) : -1;
        // An offline activation stands for the heartbeats until its end (README "Offline activation").
        const bool offlineValid = c.status.offline && c.status.state == LicenseState::Active;
        const bool fresh = (age >= 0 && age < 7 * 86400) || offlineValid;
        // One recorded later than this computer's clock says now is named with its moment, not "never"
        // (a clock a few minutes slow after a heartbeat; helper-52).
        const QString lastText = age >= 0       ? tr("Last heartbeat %1").arg(describeAge(std::max<qint64>(age, 0)))
                                 : last.isValid() ? tr("Last heartbeat at %1, later than this computer's clock says it is now: check its date "
                                                       "and time")
                                                        .arg(displayDateTime(last))
                                                  : tr("Last heartbeat: never");
        r.checks << DiagnosticCheck{QStringLiteral("heartbeat"), fresh,
                                    offlineValid ? lastText + u' ' + tr("(not expected: offline activation until %1)").arg(displayDate(c.status.graceUntil))
                                                 : lastText,
                                    c.row->lastFailureReason.isEmpty() ? QString() : tr("Last failure: %1").arg(c.row->lastFailureReason),
                                    tr("Check the server's internet connection, then run `hotelhub-license heartbeat`.")};
        const bool clockOk = c.status.state != LicenseState::ClockInvalid;
        r.checks << DiagnosticCheck{QStringLiteral("clock"), clockOk, tr("System clock plausible"),
                                    tr("The clock is earlier than the last time this licence was seen, or the token comes from the future."),
                                    tr("Turn on automatic date and time, then run a heartbeat.")};
    }
    const AuditVerification chain = manager.audit().verify();
    r.checks << DiagnosticCheck{QStringLiteral("audit_chain"), chain.ok, tr("Audit log intact (%n entries)", "", chain.rows), chain.problem,
                                tr("The audit log was edited outside HotelHub. Keep a copy of the database and tell support.")};

    r.facts << tr("State: %1").arg(statusSummary(c.status, installedLanguage()));
    // From the token, else from the row's copies (the password store does not answer).
    if (const LicenceTerms terms = c.terms(); terms.known) {
        r.facts << tr("Plan: %1").arg(terms.plan.isEmpty() ? QStringLiteral("–") : terms.plan);
        // What the plan includes, then what it does not (support is asked about both), then any
        // setting that is not a yes/no, as name=value.
        QStringList included, excluded;
        for (auto it = terms.features.begin(); it != terms.features.end(); ++it) {
            if (it.key().startsWith(QLatin1String("max_")))
                continue;
            if (!it.value().isBool())
                included << it.key() + u'=' + it.value().toVariant().toString();
            else
                (it.value().toBool() ? included : excluded) << it.key();
        }
        QString features = included.isEmpty() ? QStringLiteral("–") : included.join(QStringLiteral(", "));
        if (!excluded.isEmpty())
            features += u' ' + tr("(not in this plan: %1)").arg(excluded.join(QStringLiteral(", ")));
        r.facts << tr("Features: %1").arg(features);
        r.facts << tr("Usage: %1/%2 rooms, %3/%4 users").arg(c.rooms).arg(terms.maxRooms).arg(c.users).arg(terms.maxUsers);
    }
    if (c.status.offline)
        r.facts << tr("Offline activation valid until %1: heartbeats are not expected until then "
                      "(one that gets through renews the licence as usual).").arg(displayDate(c.status.graceUntil));
    if (c.row) {
        r.facts << tr("Install ID: %1").arg(c.row->installId);
        r.facts << tr("Fingerprint: %1").arg(c.row->fingerprint);
    }
    return r;
}

void Diagnostic::addNetwork(DiagnosticReport &r, const ClientOutcome &health, const QString &vendorUrl, const QString &proxy)
{
    const bool reached = health.ok() || health.error == VendorError::ClockSkew;
    VendorErrorText text = VendorErrors::describe(health.error);
    // A web site or a file server at that address: the address is the next step, as a command
    // says it (it said "unexpected error, try again later"; helper-48).
    if (health.error == VendorError::HttpError && VendorClient::isNoServiceStatus(health.reply.httpStatus))
        VendorErrors::sayNoService(&text, shownUrl(vendorUrl), health.reply.httpStatus);
    DiagnosticCheck vendor{QStringLiteral("vendor"), reached,
                           reached ? tr("Vendor reachable (%1, server %2)").arg(shownUrl(vendorUrl), health.reply.json.value(QStringLiteral("version")).toString())
                                   : vendorUrl.isEmpty() ? tr("Vendor reachable") // no usable address: the detail names its line (it said "()")
                                                         : tr("Vendor reachable (%1)").arg(shownUrl(vendorUrl)),
                           reached ? QString() : text.message + QStringLiteral(" [") + text.code + QStringLiteral("] ") + health.detail,
                           text.action};
    r.checks.prepend(vendor);
    if (health.reply.clockSkewSecs) {
        const qint64 skew = *health.reply.clockSkewSecs;
        const bool ok = qAbs(skew) <= 5 * 60;
        r.checks << DiagnosticCheck{QStringLiteral("clock_skew"), ok, tr("Clock matches the licence server (difference %n s)", "", int(skew)),
                                    tr("This computer's clock differs from the server's by more than 5 minutes."),
                                    tr("Turn on automatic date and time (NTP) and check the time zone.")};
    }
    r.facts.prepend(tr("Proxy: %1").arg(proxyText(proxy)));
}

DiagnosticReport Diagnostic::sheetWithSettings(LicenseManager &manager, const SheetCheck &check, const SheetModeSettings &settings,
                                                const EnvFile &env, const AppPaths &paths)
{
    DiagnosticReport report = sheet(manager, check, settings, paths, EnvironmentProxyFactory().describe(settings.url));
    report.checks.prepend(settingsFile(env, false));
    return report;
}

DiagnosticReport Diagnostic::sheet(LicenseManager &manager, const SheetCheck &c, const SheetModeSettings &settings, const AppPaths &paths,
                                   const QString &proxy)
{
    DiagnosticReport r;
    r.checks << storage(paths, manager.database());
    const QStringList unread = QStringList(settings.problems) << settings.warning;
    r.checks << DiagnosticCheck{QStringLiteral("settings"), settings.problems.isEmpty() && settings.warning.isEmpty(), tr("Sheet-mode settings readable"),
                                unread.join(u' ').trimmed(),
                                tr("Correct the line named above in %1.").arg(QDir::toNativeSeparators(paths.envFile))};
    // `diagnostic --offline` reads license.dat only: a sheet it did not fetch is no failure.
    if (c.online)
        r.checks << DiagnosticCheck{QStringLiteral("sheet"), c.fetchOk,
                                    c.fetchOk ? tr("Sheet reachable and readable (%1)").arg(c.formatName) : tr("Sheet reachable and readable"),
                                    c.fetchMessage,
                                    c.fetchAction.isEmpty() ? tr("Check the internet connection; the sheet must be shared as 'anyone with the link' or published to the web.")
                                                            : c.fetchAction};
    else
        r.facts << tr("Sheet not fetched (--offline): the checks above are from license.dat.");
    r.checks << DiagnosticCheck{QStringLiteral("license_dat"), c.record.has_value(), tr("license.dat intact"), c.recordProblem,
                                tr("Connect to the internet and run `hotelhub-license heartbeat`; a successful check writes a fresh one.")};
    const LicenseStatus &s = c.status;
    const bool notExpired = s.state != LicenseState::Expired;
    r.checks << DiagnosticCheck{QStringLiteral("expiry"), notExpired,
                                s.validUntil.isValid() ? tr("Licence not expired (valid until %1)").arg(displayDate(s.validUntil))
                                                       : tr("Licence not expired"),
                                s.reason == QLatin1String("license_expiry") ? tr("LICENSE_EXPIRY has passed.") : tr("The sheet's expiry has passed."),
                                s.reason == QLatin1String("license_expiry")
                                    ? tr("Contact the vendor to renew, then put the new end date in LICENSE_EXPIRY in the settings file (written as 2027-12-31).")
                                    : tr("Contact the vendor to renew.")};
    const bool statusOk = s.state != LicenseState::Suspended && s.state != LicenseState::Revoked;
    // A license.dat made before any sheet was read has no status yet (it said "Sheet status: " with nothing after it).
    const bool statusRead = c.record && !c.record->sheetStatus.isEmpty();
    r.checks << DiagnosticCheck{QStringLiteral("sheet_status"), statusOk,
                                tr("Sheet status: %1").arg(statusRead ? sheetStatusWord(c.record->sheetStatus) : tr("not read yet")),
                                tr("The vendor has set this licence to %1.").arg(c.record ? sheetStatusWord(c.record->sheetStatus) : QString()),
                                tr("Contact the vendor.")};
    const bool online = !(s.state == LicenseState::Locked && s.reason == QLatin1String("offline_too_long"));
    r.checks << DiagnosticCheck{QStringLiteral("offline"), online,
                                tr("Last online check %1 (limit %n days)", "", settings.maxOfflineDays)
                                    .arg(c.record && c.record->lastOnlineCheck.isValid() ? describeAge(std::max<qint64>(0, c.record->lastOnlineCheck.secsTo(c.evaluatedAt)))
                                                                                         : tr("never")),
                                tr("The licence was not checked online for longer than MAX_OFFLINE_DAYS."),
                                tr("Connect this server to the internet, then run `hotelhub-license heartbeat`.")};
    const AuditVerification chain = manager.audit().verify();
    r.checks << DiagnosticCheck{QStringLiteral("audit_chain"), chain.ok, tr("Audit log intact (%n entries)", "", chain.rows), chain.problem,
                                tr("The audit log was edited outside HotelHub. Keep a copy of the database and tell support.")};
    r.facts << (settings.url.isEmpty() ? tr("Mode: sheet") : tr("Mode: sheet (%1)").arg(settings.url.toString(QUrl::RemoveQuery)));
    r.facts << tr("State: %1").arg(statusSummary(s, installedLanguage()));
    r.facts << tr("Proxy: %1").arg(proxyText(proxy));
    return r;
}

} // namespace hotelhub
