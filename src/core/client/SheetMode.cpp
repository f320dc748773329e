#include "SheetMode.h"
#include "AuditLog.h"
#include "Clock.h"
#include "Crypto.h"
#include "EnvFile.h"
#include "HeartbeatSchedule.h"
#include "LicenseClient.h"
#include "LicenseKey.h"
#include "LicenseManager.h"
#include "ProxySettings.h"
#include "SecretKeyStore.h"
#include "sheets/SheetFetcher.h"
#include "SmallFile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSet>
#include <QTimeZone>

namespace hotelhub {

namespace {
const QByteArray kMacInfo = "hotelhub license.dat hmac v1";

QString dateText(const QDate &d) { return d.isValid() ? d.toString(Qt::ISODate) : QString(); }
} // namespace

bool SheetModeSettings::enabled(const EnvFile &env)
{
    // A LICENSE_API_URL written on a line the HMS cannot load (or swallowed by a quote opened
    // above) is still sheet mode, with that line to correct: read as unset, a sheet-mode hotel
    // became "not set up", was told to pair with the default vendor, and its log said the licence
    // was released (helper-57).
    const QString url = QStringLiteral("LICENSE_API_URL");
    return (!env.value(url).trimmed().isEmpty() || (!env.contains(url) && env.written(url)))
        && env.value(QStringLiteral("LICENSE_VENDOR_BASE_URL")).trimmed().isEmpty();
}

SheetModeSettings SheetModeSettings::fromEnv(const EnvFile &env)
{
    SheetModeSettings s;
    // A sheet setting written on a line the HMS cannot load reads as no value, which is not
    // "unset": the default in its place let `MAX_OFFLINE_DAYS=tiga puluh` (unquoted) pass as 30
    // days (helper-56), and a LICENSE_KEY_HASH so written let the sheet's first row answer for
    // this hotel (helper-57). The line's own problem is named; a key swallowed by a quote opened
    // on another line names that line.
    static const QStringList sheetKeys{QStringLiteral("LICENSE_API_URL"), QStringLiteral("LICENSE_EXPIRY"), QStringLiteral("MAX_OFFLINE_DAYS"),
                                       QStringLiteral("LICENSE_SHEET_FORMAT"), QStringLiteral("LICENSE_KEY_HASH")};
    // Two keys swallowed by one quote share its line: named once.
    QSet<int> named;
    for (const QString &key : sheetKeys)
        for (const EnvFile::Problem &p : env.whyNotLoaded(key))
            if (!named.contains(p.line)) {
                named.insert(p.line);
                s.problems << EnvFile::lineText(p);
            }
    const QString url = env.value(QStringLiteral("LICENSE_API_URL")).trimmed();
    s.url = QUrl(url, QUrl::StrictMode);
    if (env.whyNotLoaded(QStringLiteral("LICENSE_API_URL")).isEmpty() // else named above
        && (!s.url.isValid() || s.url.host().isEmpty() || !s.url.scheme().startsWith(QLatin1String("http"))))
        s.problems << tr("LICENSE_API_URL '%1' is not an http(s) address.").arg(url);
    else if (s.url.scheme() == QLatin1String("http") && !EnvironmentProxyFactory::isLoopbackHost(s.url.host()))
        s.problems << tr("LICENSE_API_URL must use https:// (plain http:// is only allowed on this computer itself).");
    const QString expiry = env.value(QStringLiteral("LICENSE_EXPIRY")).trimmed();
    if (!expiry.isEmpty()) {
        bool valid = false;
        s.hardExpiry = sheets::SheetParser::parseDate(expiry, &valid);
        if (!valid)
            s.problems << tr("LICENSE_EXPIRY '%1' is not a date (write it as 2027-12-31).").arg(expiry);
    }
    const QString offline = env.value(QStringLiteral("MAX_OFFLINE_DAYS")).trimmed();
    if (!offline.isEmpty()) {
        bool ok = false;
        const int days = offline.toInt(&ok);
        if (ok && days >= 1 && days <= 365)
            s.maxOfflineDays = days;
        else
            s.problems << tr("MAX_OFFLINE_DAYS '%1' must be a whole number of days from 1 to 365.").arg(offline);
    }
    // The same setting as vendor mode's (helper-41: a sheet that never answered was said as
    // "no answer within 20 seconds" with LICENSE_TIMEOUT_SECONDS=3, and waited the 20).
    s.timeoutMs = ClientSettings::timeoutFromEnv(env, s.timeoutMs, &s.warning);
    const QString format = env.value(QStringLiteral("LICENSE_SHEET_FORMAT")).trimmed();
    if (!format.isEmpty()) {
        const auto f = sheets::SheetParser::formatFromName(format);
        if (f)
            s.format = *f;
        else
            s.problems << tr("LICENSE_SHEET_FORMAT '%1' is not one of auto, apps-script, csv, sheets-api, gviz.").arg(format);
    }
    s.licenseKeyHash = env.value(QStringLiteral("LICENSE_KEY_HASH")).trimmed();
    s.envFile = env.path();
    return s;
}

QJsonObject SheetRecord::toJson() const
{
    return {{QStringLiteral("install_id"), installId},
            {QStringLiteral("last_online_check"), toStorage(lastOnlineCheck)},
            {QStringLiteral("last_attempt"), toStorage(lastAttempt)},
            {QStringLiteral("failures_in_row"), failuresInRow},
            {QStringLiteral("last_failure"), lastFailure},
            {QStringLiteral("status"), sheetStatus},
            {QStringLiteral("expiry"), dateText(sheetExpiry)},
            {QStringLiteral("last_payment"), dateText(lastPayment)},
            {QStringLiteral("notes"), notes},
            {QStringLiteral("format"), format},
            {QStringLiteral("state"), state},
            {QStringLiteral("reason"), reason}};
}

SheetRecord SheetRecord::fromJson(const QJsonObject &o)
{
    SheetRecord r;
    r.installId = o.value(QStringLiteral("install_id")).toString();
    r.lastOnlineCheck = fromStorage(o.value(QStringLiteral("last_online_check")).toString());
    r.lastAttempt = fromStorage(o.value(QStringLiteral("last_attempt")).toString());
    r.failuresInRow = o.value(QStringLiteral("failures_in_row")).toInt();
    r.lastFailure = o.value(QStringLiteral("last_failure")).toString();
    r.sheetStatus = o.value(QStringLiteral("status")).toString();
    r.sheetExpiry = QDate::fromString(o.value(QStringLiteral("expiry")).toString(), Qt::ISODate);
    r.lastPayment = QDate::fromString(o.value(QStringLiteral("last_payment")).toString(), Qt::ISODate);
    r.notes = o.value(QStringLiteral("notes")).toString();
    r.format = o.value(QStringLiteral("format")).toString();
    r.state = o.value(QStringLiteral("state")).toString();
    r.reason = o.value(QStringLiteral("reason")).toString();
    return r;
}

SheetMode::SheetMode(const AppPaths &paths, SheetModeSettings settings, LicenseManager &manager, SecretKeyStore &keys, const Clock &clock)
    : m_paths(paths)
    , m_settings(std::move(settings))
    , m_manager(manager)
    , m_keys(keys)
    , m_clock(clock)
{
    m_envStamp = FileStamp::of(m_settings.envFile);
}

void SheetMode::followSettingsFile()
{
    if (m_settings.envFile.isEmpty())
        return;
    const FileStamp stamp = FileStamp::of(m_settings.envFile);
    if (stamp == m_envStamp)
        return;
    EnvFile env;
    // Gone, emptied, unreadable or no longer in sheet mode: the settings in memory stay (the CLI
    // names that file's problem; a tray restarted on it opens in the mode it then says).
    if (stamp.size <= 0 || !env.load(m_settings.envFile) || !SheetModeSettings::enabled(env))
        return;
    m_envStamp = stamp;
    m_settings = SheetModeSettings::fromEnv(env);
}

QString SheetMode::datFile() const { return QDir(m_paths.dataDir).filePath(QStringLiteral("license.dat")); }

std::optional<QByteArray> SheetMode::macKey(QString *error)
{
    if (m_installId.isEmpty()) {
        const BootstrapResult b = m_manager.bootstrap(false);
        if (!b.ok) {
            *error = b.error;
            return std::nullopt;
        }
        m_installId = b.installId;
    }
    // The master secret lives in the OS key store (or a 0600 file), never in the source; bound
    // to this install by HKDF, so a license.dat copied to another install does not verify.
    const std::optional<QByteArray> secret = m_keys.loadOrCreate();
    if (!secret) {
        *error = m_keys.errorString();
        return std::nullopt;
    }
    return crypto::hkdfSha256(*secret, m_installId.toUtf8(), kMacInfo, 32);
}

std::optional<SheetRecord> SheetMode::readRecord(QString *problem, bool *heldOpen)
{
    if (!QFile::exists(datFile())) {
        *problem = tr("license.dat does not exist yet: the licence was never checked online here.");
        return std::nullopt;
    }
    QString why;
    const std::optional<QByteArray> bytes = SmallFile::read(datFile(), &why, SmallFile::kDefaultMax, heldOpen);
    if (!bytes) {
        *problem = tr("license.dat cannot be read (%1).").arg(why);
        return std::nullopt;
    }
    const QJsonObject outer = QJsonDocument::fromJson(*bytes).object();
    const QByteArray payload = QJsonDocument(outer.value(QStringLiteral("record")).toObject()).toJson(QJsonDocument::Compact);
    const QByteArray mac = QByteArray::fromHex(outer.value(QStringLiteral("hmac")).toString().toLatin1());
    QString error;
    const std::optional<QByteArray> key = macKey(&error);
    if (!key) {
        *problem = tr("The key that protects license.dat is not available: %1").arg(error);
        return std::nullopt;
    }
    if (mac.size() != 32 || !crypto::constantTimeEquals(crypto::hmacSha256(*key, payload), mac)) {
        *problem = tr("license.dat was changed outside HotelHub (its signature does not match).");
        return std::nullopt;
    }
    SheetRecord r = SheetRecord::fromJson(outer.value(QStringLiteral("record")).toObject());
    if (r.installId != m_installId) {
        *problem = tr("license.dat belongs to another installation.");
        return std::nullopt;
    }
    return r;
}

bool SheetMode::writeRecord(const SheetRecord &record, QString *error)
{
    const std::optional<QByteArray> key = macKey(error);
    if (!key)
        return false;
    const QJsonObject recordJson = record.toJson();
    const QByteArray payload = QJsonDocument(recordJson).toJson(QJsonDocument::Compact);
    const QJsonObject outer{{QStringLiteral("version"), 1}, {QStringLiteral("record"), recordJson},
                            {QStringLiteral("hmac"), QString::fromLatin1(crypto::hmacSha256(*key, payload).toHex())}};
    QString why;
    if (!SmallFile::writeAtomically(datFile(), QJsonDocument(outer).toJson(QJsonDocument::Indented), &why)) {
        *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(datFile()), why);
        return false;
    }
    return true;
}

QDateTime SheetMode::nextCheck(const QDateTime &now)
{
    QString problem;
    const std::optional<SheetRecord> r = readRecord(&problem);
    if (!r)
        return now; // never checked, or the record is unusable: check now
    // A last check further in the future than a corrected clock explains (clock_invalid): only a
    // check clears it, so it is due now (the schedule, counted from that check, waited days).
    if (r->lastOnlineCheck.isValid() && now.secsTo(r->lastOnlineCheck) > kClockRollbackToleranceSecs)
        return now;
    ScheduleInput input{r->lastOnlineCheck, r->lastAttempt, r->failuresInRow, installOffsetMinutes(m_installId), m_installId, now, m_clock.timeZone()};
    input.suspended = r->sheetStatus == QLatin1String("suspended"); // (it waited for the next day's slot; helper-54)
    return nextHeartbeatDue(input);
}

SheetCheck SheetMode::decide(const QDateTime &at)
{
    followSettingsFile();
    SheetCheck c;
    c.evaluatedAt = at;
    LicenseStatus &s = c.status;
    auto lock = [&](const QString &reason) {
        s.state = LicenseState::Locked;
        s.reason = reason;
    };
    // Read first, whatever decides below: the diagnostic shows license.dat and the last check
    // beside a broken setting or a passed LICENSE_EXPIRY (it said "[✗] license.dat intact" and
    // "last check never" of a good file then; helper-55).
    bool heldOpen = false;
    c.record = readRecord(&c.recordProblem, &heldOpen);
    // Layer 1a's date is shown beside a broken setting too (it read "Valid until: –"; helper-57).
    if (m_settings.hardExpiry.isValid())
        s.validUntil = endOfVendorDay(m_settings.hardExpiry);
    if (!m_settings.problems.isEmpty()) {
        lock(QStringLiteral("invalid_configuration"));
        return c;
    }
    // Layer 1a: the hard expiry written at install time, independent of any network.
    if (m_settings.hardExpiry.isValid()) {
        if (at > s.validUntil) {
            s.state = LicenseState::Expired;
            s.reason = QStringLiteral("license_expiry");
            return c;
        }
    }
    if (!c.record) {
        lock(heldOpen                      ? QStringLiteral("file_held_open")
             : QFile::exists(datFile())    ? QStringLiteral("license_dat_tampered")
                                           : QStringLiteral("online_check_required"));
        return c;
    }
    const SheetRecord &r = *c.record;
    if (!r.lastOnlineCheck.isValid()) {
        lock(QStringLiteral("online_check_required"));
        return c;
    }
    // license.dat is signed, so a last check in the future means this clock is behind the one that
    // recorded it: a clock that ran fast and was corrected (NTP steps it back) is no tampering.
    // Up to a day is taken as it is, as the vendor mode takes it (STATUS_POLICY row 7); more is
    // clock_invalid (restricted) until the clock is right and a check succeeds. Both used to
    // lock HotelHub as "license.dat tampered" past 5 minutes (outside check, helper-36).
    if (r.lastOnlineCheck.secsTo(at) < -kClockRollbackToleranceSecs) {
        c.recordProblem = tr("The last online check (%1) lies in the future: this computer's clock is behind. Set the correct date and "
                             "time; the next online check clears it.")
                              .arg(r.lastOnlineCheck.toString(Qt::ISODate));
        s.state = LicenseState::ClockInvalid;
        s.reason = QStringLiteral("clock_invalid");
        return c;
    }
    c.daysOffline = int(std::max<qint64>(0, r.lastOnlineCheck.secsTo(at)) / 86400);
    s.heartbeatAgeDays = c.daysOffline;
    // Layer 3: the vendor's switch.
    if (r.sheetStatus == QLatin1String("revoked")) {
        s.state = LicenseState::Revoked;
        s.reason = QStringLiteral("revoked");
        return c;
    }
    if (r.sheetStatus == QLatin1String("suspended")) {
        s.state = LicenseState::Suspended;
        s.reason = QStringLiteral("suspended");
        return c;
    }
    // Layer 1b: the sheet's own expiry.
    if (r.sheetExpiry.isValid()) {
        const QDateTime end = endOfVendorDay(r.sheetExpiry);
        if (!s.validUntil.isValid() || end < s.validUntil)
            s.validUntil = end;
        if (at > end) {
            s.state = LicenseState::Expired;
            s.reason = QStringLiteral("sheet_expiry");
            return c;
        }
    }
    // Layer 2: offline too long.
    if (c.daysOffline > m_settings.maxOfflineDays) {
        lock(QStringLiteral("offline_too_long"));
        return c;
    }
    s.graceUntil = r.lastOnlineCheck.addDays(m_settings.maxOfflineDays);
    s.daysLeft = std::max(0, m_settings.maxOfflineDays - c.daysOffline);
    s.state = c.daysOffline >= kOverdueCriticalDays ? LicenseState::OverdueCritical
            : c.daysOffline >= kOverdueWarningDays  ? LicenseState::OverdueWarning
                                                    : LicenseState::Active;
    return c;
}

SheetCheck SheetMode::evaluate(const QDateTime &at, bool record)
{
    SheetCheck c = decide(at);
    // The state column of local_licenses carries the last state, so a change is audited once
    // even when license.dat itself is what broke.
    if (record)
        m_manager.recordState(c.status, at, {{QStringLiteral("source"), QStringLiteral("sheet")}});
    return c;
}

QString SheetCheck::failureText() const
{
    if (fetchCode == QLatin1String("invalid_configuration"))
        return SheetMode::tr("The sheet was not read: a licence setting cannot be used. %1").arg(fetchMessage);
    return SheetMode::tr("The online check failed: %1").arg(fetchMessage);
}

SheetCheck SheetMode::checkOnline(QNetworkAccessManager &network)
{
    followSettingsFile();
    const QDateTime now = m_clock.now();
    SheetCheck result;
    QString problem;
    bool heldOpen = false;
    std::optional<SheetRecord> previous = readRecord(&problem, &heldOpen);
    const bool tampered = !previous && !heldOpen && QFile::exists(datFile());
    SheetRecord r = previous.value_or(SheetRecord{});
    if (m_installId.isEmpty()) {
        QString error;
        macKey(&error);
    }
    r.installId = m_installId;
    r.lastAttempt = now;

    QString failure;
    QString action;
    QString code = QStringLiteral("ok");
    const QString envFile = QDir::toNativeSeparators(m_paths.envFile);
    if (!m_settings.problems.isEmpty()) {
        failure = m_settings.problems.join(u' ');
        action = tr("Correct the line named above in %1, then check again.").arg(envFile);
        code = QStringLiteral("invalid_configuration");
    } else {
        sheets::SheetFetcher fetcher(network, m_settings.timeoutMs);
        const sheets::SheetReply reply = fetcher.read(m_settings.url, m_settings.format);
        result.formatName = reply.formatName();
        if (!reply.ok()) {
            failure = reply.message;
            action = fetchAction(reply, envFile);
            code = reply.outcomeCode();
        } else {
            // One-client sheets: the first valid row. Multi-licence sheets: the row of this key.
            // This installation's row refused for what is in it (an unknown status, a date that is
            // none) is said as such, not as a row to add (helper-52: "aktif" read as no row),
            // wherever it stands among other licences' rows (helper-53).
            const auto isThisInstallations = [this](const sheets::SheetRow &candidate) {
                return candidate.key.isEmpty() || m_settings.licenseKeyHash.isEmpty()
                    || LicenseKey::parse(candidate.key).hash() == m_settings.licenseKeyHash;
            };
            const sheets::SheetRow *row = nullptr;
            const sheets::SheetRow *refused = nullptr;
            for (const sheets::SheetRow &candidate : reply.rows) {
                if (!isThisInstallations(candidate))
                    continue;
                if (candidate.ok()) {
                    row = &candidate;
                    break;
                }
                if (!refused)
                    refused = &candidate;
            }
            if (!row && refused) {
                failure = tr("This installation's row in the sheet cannot be read: %1.").arg(refused->problems.join(QStringLiteral("; ")));
                action = tr("Ask the vendor to correct that row (Status: active, suspended or revoked; dates as 2027-01-31 or "
                            "31/01/2027), then check again.");
                code = QStringLiteral("sheet_row_invalid");
            } else if (!row || row->status.isEmpty()) {
                failure = tr("The sheet has no valid licence row for this installation (a Status and an Expiry are needed).");
                action = tr("Ask the vendor to add this installation's row to the sheet (License Key, Status and Expiry), then check again.");
                code = QStringLiteral("sheet_no_row");
            } else {
                r.lastOnlineCheck = now;
                r.failuresInRow = 0;
                r.lastFailure.clear();
                r.sheetStatus = row->status;
                r.sheetExpiry = row->expiry;
                r.lastPayment = row->lastPayment;
                // Kept masked at rest, as the server keeps it (helper-41); masked before it is cut, as a
                // key cut in two is no longer known for one (helper-48).
                r.notes = LicenseKey::maskInText(row->notes).left(500);
                r.format = reply.formatName();
                result.fetchOk = true;
            }
        }
    }
    if (!result.fetchOk) {
        r.failuresInRow += 1;
        r.lastFailure = failure;
    }
    // A tampered record stays tampered until a successful check replaces it; one that another
    // program holds is not overwritten with less than it holds.
    QString error;
    if ((!tampered && !heldOpen) || result.fetchOk) {
        if (!writeRecord(r, &error))
            failure = failure.isEmpty() ? error : failure + u' ' + error;
    }
    SheetCheck c = evaluate(now, true);
    c.online = true;
    c.fetchOk = result.fetchOk;
    c.fetchMessage = failure;
    c.fetchAction = c.fetchOk ? QString() : action;
    c.fetchCode = c.fetchOk ? QStringLiteral("ok") : code;
    c.formatName = result.formatName;
    return c;
}

QString SheetMode::fetchAction(const sheets::SheetReply &reply, const QString &envFile)
{
    using sheets::SheetOutcome;
    switch (reply.outcome) {
    case SheetOutcome::Ok: return {};
    case SheetOutcome::Unreachable:
        return tr("Check this computer's internet connection, and that LICENSE_API_URL in %1 is the sheet's address; then check again.").arg(envFile);
    case SheetOutcome::NotPublic:
        return tr("Ask the vendor to share the sheet as \"Anyone with the link\" or to publish it to the web; then check again.");
    case SheetOutcome::RateLimited:
        return tr("Nothing to do now: the check is tried again later by itself.");
    case SheetOutcome::HttpError:
        if (reply.httpStatus == 404 || reply.httpStatus == 410 || reply.httpStatus == 400)
            return tr("LICENSE_API_URL in %1 leads to no sheet (HTTP %2): copy the sheet's link from the vendor into it again; then check again.")
                .arg(envFile)
                .arg(reply.httpStatus);
        if (reply.httpStatus == 401 || reply.httpStatus == 403)
            return tr("Ask the vendor to share the sheet as \"Anyone with the link\" or to publish it to the web; then check again.");
        if (reply.httpStatus >= 500 || reply.httpStatus == 0)
            return tr("Google's side failed this time; the check is tried again later by itself. If it lasts more than a day, tell the vendor.");
        return tr("Check LICENSE_API_URL in %1 with the vendor; then check again.").arg(envFile);
    case SheetOutcome::ScriptError:
    case SheetOutcome::Unparsable:
        return tr("The sheet answered, but not as a licence sheet: tell the vendor what is shown above.");
    }
    Q_UNREACHABLE();
}

QJsonObject SheetMode::statusJson(const SheetCheck &c, const SheetModeSettings &settings)
{
    const LicenseStatus &s = c.status;
    QJsonObject o;
    o.insert(QStringLiteral("source"), QStringLiteral("sheet"));
    o.insert(QStringLiteral("status"), s.hotelhubStatus());
    o.insert(QStringLiteral("state"), s.stateName());
    o.insert(QStringLiteral("mode"), s.modeName());
    o.insert(QStringLiteral("reason"), s.reason);
    o.insert(QStringLiteral("valid_until"), s.validUntil.isValid() ? QJsonValue(vendorDateText(s.validUntil)) : QJsonValue());
    o.insert(QStringLiteral("license_expiry"), settings.hardExpiry.isValid() ? QJsonValue(dateText(settings.hardExpiry)) : QJsonValue());
    o.insert(QStringLiteral("sheet_expiry"), c.record && c.record->sheetExpiry.isValid() ? QJsonValue(dateText(c.record->sheetExpiry)) : QJsonValue());
    o.insert(QStringLiteral("sheet_status"), c.record ? QJsonValue(c.record->sheetStatus) : QJsonValue());
    o.insert(QStringLiteral("last_online_check"), c.record && c.record->lastOnlineCheck.isValid()
                                                     ? QJsonValue(c.record->lastOnlineCheck.toString(Qt::ISODate)) : QJsonValue());
    o.insert(QStringLiteral("days_offline"), c.daysOffline);
    o.insert(QStringLiteral("max_offline_days"), settings.maxOfflineDays);
    if (!c.recordProblem.isEmpty())
        o.insert(QStringLiteral("problem"), c.recordProblem);
    if (c.online)
        o.insert(QStringLiteral("online_check"), c.fetchOk ? QStringLiteral("ok") : c.fetchMessage);
    return o;
}

} // namespace hotelhub
