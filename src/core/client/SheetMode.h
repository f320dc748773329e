// Sheet mode (seed 004, STATUS_POLICY.md "Sheet mode"): for vendors without a licence server the
// client reads the licence row from a Google Sheet. Three layers must all pass: the hard expiry
// LICENSE_EXPIRY and the sheet's expiry (end of day, Asia/Jakarta); the last successful online
// check no older than MAX_OFFLINE_DAYS, kept in license.dat under an HMAC with a per-install key;
// and the sheet's status. A failed fetch is never a pass.
#pragma once

#include "AppPaths.h"
#include "SmallFile.h"
#include "StatusPolicy.h"
#include "sheets/SheetReply.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QUrl>

class QNetworkAccessManager;

namespace hotelhub {

class Clock;
class EnvFile;
class LicenseManager;
class SecretKeyStore;

struct SheetModeSettings
{
    Q_DECLARE_TR_FUNCTIONS(SheetModeSettings)
public:
    QUrl url;                      // LICENSE_API_URL
    QDate hardExpiry;              // LICENSE_EXPIRY (invalid: not set)
    int maxOfflineDays = 30;       // MAX_OFFLINE_DAYS
    sheets::SheetFormat format = sheets::SheetFormat::Auto; // LICENSE_SHEET_FORMAT
    QString licenseKeyHash;        // LICENSE_KEY_HASH: picks the row of a multi-licence sheet
    int timeoutMs = 20000;
    QStringList problems;          // settings that could not be read, each named
    QString warning;               // a setting not understood, whose default is used instead (named)
    // The settings file these were read from (fromEnv): SheetMode reads it again when it changes,
    // so a fix made while the tray runs counts at its next look. Empty: settings given by hand.
    QString envFile;

    // Sheet mode is on when LICENSE_API_URL is set and LICENSE_VENDOR_BASE_URL is not.
    static bool enabled(const EnvFile &env);
    static SheetModeSettings fromEnv(const EnvFile &env);
};

// The contents of license.dat (all but the MAC).
struct SheetRecord
{
    QString installId;
    QDateTime lastOnlineCheck;   // last successful check
    QDateTime lastAttempt;
    int failuresInRow = 0;
    QString lastFailure;         // why the last attempt failed (for diagnostic)
    QString sheetStatus;         // active | suspended | revoked
    QDate sheetExpiry;
    QDate lastPayment;
    QString notes;
    QString format;
    QString state;               // the last recorded state (audited once per change)
    QString reason;

    QJsonObject toJson() const;
    static SheetRecord fromJson(const QJsonObject &o);
};

struct SheetCheck
{
    LicenseStatus status;
    bool online = false;         // this check fetched the sheet
    bool fetchOk = false;
    QString fetchMessage;        // why the fetch failed, for a person
    QString fetchAction;         // what to do about it, for a person (empty when the fetch worked)
    // ok | invalid_configuration | sheet_unreachable | sheet_http_error | sheet_not_public |
    // sheet_rate_limited | sheet_script_error | sheet_unparsable | sheet_no_row
    QString fetchCode;
    QString formatName;
    std::optional<SheetRecord> record;
    QString recordProblem;       // license.dat missing / tampered / unreadable
    int daysOffline = 0;
    QDateTime evaluatedAt;

    // Why it failed, for a person: "The online check failed: …", or, when settings the HMS cannot
    // use stopped it before anything was fetched, that (it said "the online check failed" of a
    // check never made; helper-57).
    QString failureText() const;
};

class SheetMode
{
    Q_DECLARE_TR_FUNCTIONS(SheetMode)
public:
    SheetMode(const AppPaths &paths, SheetModeSettings settings, LicenseManager &manager, SecretKeyStore &keys, const Clock &clock);

    // Fetches the sheet now, updates license.dat, then evaluates and records.
    SheetCheck checkOnline(QNetworkAccessManager &network);
    // From license.dat only. With `record`, a change of state is written and audited once.
    SheetCheck evaluate(const QDateTime &at, bool record);
    // When the next online check is due (the heartbeat schedule with license.dat's times).
    QDateTime nextCheck(const QDateTime &now);

    QString datFile() const;
    // As last read: the settings file is read again when it changed since (see envFile).
    const SheetModeSettings &settings() const { return m_settings; }
    // The statusJson shape for sheet mode (plus source: "sheet").
    static QJsonObject statusJson(const SheetCheck &check, const SheetModeSettings &settings);
    // The next step for a failed fetch, from what the sheet answered (a 404 is a wrong address,
    // not the internet); `envFile` is the settings file the owner corrects.
    static QString fetchAction(const sheets::SheetReply &reply, const QString &envFile);

private:
    std::optional<QByteArray> macKey(QString *error);
    // `*heldOpen`: license.dat exists but another program holds it (not tampering).
    std::optional<SheetRecord> readRecord(QString *problem, bool *heldOpen = nullptr);
    bool writeRecord(const SheetRecord &record, QString *error);
    SheetCheck decide(const QDateTime &at);
    // The settings file changed since it was read (the owner fixed LICENSE_EXPIRY or
    // LICENSE_API_URL while the tray ran): read again. The tray's "Check again" kept the settings
    // of its start, so the lock stayed until a restart.
    void followSettingsFile();

    AppPaths m_paths;
    SheetModeSettings m_settings;
    LicenseManager &m_manager;
    SecretKeyStore &m_keys;
    const Clock &m_clock;
    QString m_installId;
    FileStamp m_envStamp; // when it was last read
};

} // namespace hotelhub
