// The offline half of the licence: bootstrap, the local check (read row, decrypt, verify,
// evaluate) and storing a verified pairing. The network half (vendor client, heartbeat runner)
// builds on it.
#pragma once

#include "AppPaths.h"
#include "Fingerprint.h"
#include "InstallSecrets.h"
#include "Jws.h"
#include "LocalLicense.h"
#include "SmallFile.h"
#include "StatusPolicy.h"
#include "TokenVault.h"
#include "VendorKey.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace hotelhub {

class AuditLog;
class Clock;
class Database;
class EnvFile;
class LicenseLog;
class SecretKeyStore;

struct BootstrapResult
{
    bool ok = false;
    bool created = false; // false: an existing identity was kept
    QString installId;
    QString fingerprint;
    bool wasPaired = false; // --force dropped an existing pairing
    bool reusedInstallId = false; // the install_id is LICENSE_INSTALL_ID from the .env
    QString error;
    bool diskFull = false; // the error is a full disk (nothing was changed)
};

// The local licence check: read row, decrypt, verify, evaluate.
struct LicenseCheck
{
    LicenseStatus status;
    QString installId;                // empty: never bootstrapped
    QString storedFingerprint;        // what the licence was paired to
    bool paired = false;
    std::optional<TokenClaims> claims;
    TokenCheck tokenCheck = TokenCheck::Ok;
    QString tokenProblem;             // why the token was not accepted (never the token itself)
    FingerprintComponents current;
    QStringList changedComponents;    // after a fingerprint mismatch: which component(s) changed
    bool driftPending = false;        // only the network cards / OS version changed: a heartbeat may rebind
    bool publicKeyIntact = false;
    QString publicKeyProblem;
    QDateTime evaluatedAt;

    bool bootstrapped() const { return !installId.isEmpty(); }
};

// What the licence grants, as a person reads it beside the state: from the verified token, or,
// when the token cannot be read (the password store does not answer), from the row's clear
// copies. They only describe; the state was decided from them as restrictions (StatusPolicy).
struct LicenceTerms
{
    bool known = false;
    QString plan;
    QDateTime validUntil;
    QDateTime graceUntil;
    QJsonObject features;
    int maxRooms = 0;
    int maxUsers = 0;
};

// The check plus what a person reads beside it (CLI status, diagnostic, tray, local API).
struct StatusReport : LicenseCheck
{
    std::optional<LocalLicense> row;
    QDateTime nextHeartbeat;
    int rooms = 0;
    int users = 0;

    LicenceTerms terms() const;
};

struct UsageCounts { int rooms = 0; int users = 0; };

// Why a token is being stored: decides the audit event and which columns change.
enum class TokenUpdate {
    Pair,    // first pairing (or a re-run of it): license.paired
    Migrate, // the licence moved to this install: license.migrated
    Renew,   // a heartbeat's renewed_token: a successful heartbeat
    Rotate,  // rotate-token: license.token_rotated
    Offline, // an offline answer applied (README "Offline activation"): license.offline_activated / _renewed
};

// What a heartbeat attempt (or any vendor exchange) leaves in the row and heartbeat_history.
struct ExchangeRecord
{
    QDateTime at;
    bool success = false;
    QString code;              // "ok" or a VendorError code
    QString serverVerdict;     // revoked | suspended | fingerprint_mismatch | expired | token_refused; empty: none
    QDateTime serverTime;
    std::optional<qint64> clockSkewSecs;
    QString supportPhone;      // the vendor's contact, when its refusal carried one
    QString supportEmail;
    std::optional<qint64> retryAfterSecs = {}; // the server's Retry-After: no retry before it (a day at most)
    QString reason = {};       // why the owner moved the licence (migrate): kept in license.migrated
    QString offlineNonce = {}; // Offline: the request answered, marked used in the same transaction
    QDateTime vendorValidUntil = {}; // the licence's end in an `expired` refusal (the vendor may have moved it since the token)
};

struct TokenStoreResult
{
    bool ok = false;
    QString error;                       // why nothing was stored (never the token)
    QString warning;                     // stored, but the .env copy failed
    TokenError tokenError = TokenError::None; // why the token was not accepted (clock skew vs a foreign token)
    std::optional<TokenClaims> claims;
    QStringList rebound;                 // the components a self-healed rebind changed
};

struct HeartbeatHistoryEntry
{
    QDateTime attemptedAt;
    bool success = false;
    QString code;
    QDateTime serverTime;
};

class LicenseManager
{
    Q_DECLARE_TR_FUNCTIONS(LicenseManager)
public:
    LicenseManager(const AppPaths &paths, EnvFile &env, Database &db, const Clock &clock,
                   const FingerprintSource &fingerprints, SecretKeyStore &keys, LicenseLog *log = nullptr);
    ~LicenseManager();

    // Creates the installation identity, or with `force` replaces it (dropping any pairing). A new
    // identity keeps the install_id of the .env's LICENSE_INSTALL_ID when that is a well-formed
    // UUID — after a rebuilt or replaced database the vendor then recognises the same install.
    BootstrapResult bootstrap(bool force);

    // Evaluates the licence at `at`. With `record`, the evaluation is remembered (last_seen_at,
    // state) and a change of state writes one audit event; without it nothing is written
    // (`status --at`, what-if questions), nor on a database opened read-only.
    LicenseCheck check(const QDateTime &at, bool record);
    StatusReport statusReport(const QDateTime &at, bool record);
    // Records a state decided elsewhere (sheet mode) the same way: the state column, last_seen_at,
    // and one audit event per change with `extra` added to its metadata.
    bool recordState(const LicenseStatus &status, const QDateTime &at, const QJsonObject &extra);

    // Verifies `token` against the pinned key and this machine's fingerprint, then stores it
    // encrypted, writes LICENSE_KEY_HASH / LICENSE_INSTALL_ID / LICENSE_FINGERPRINT to the .env
    // and logs license.paired. Re-storing the same pairing is harmless.
    bool storePairing(const QByteArray &token, const QString &licenseKeyHash, QString *error);
    // The general form: accepts (TokenAcceptance), seals and stores `token` for `kind` in one
    // transaction; `exchange` is the vendor reply it came with (server time, skew), added to
    // heartbeat_history for Renew.
    TokenStoreResult storeToken(const QByteArray &token, TokenUpdate kind, const QString &licenseKeyHash, const ExchangeRecord &exchange);
    // The result of the most recent check() (storeToken, recordFailedExchange and forgetPairing
    // end with one), so callers need not evaluate again.
    const LicenseStatus &lastStatus() const { return m_lastStatus; }
    // A failed or refused heartbeat: attempt time, failure count and reason, the server's verdict
    // (which evaluate() then reads), the next due time and a heartbeat_history row.
    bool recordFailedExchange(const ExchangeRecord &exchange, QString *error);
    // The decrypted current token for sending to the vendor; nullopt (with error) when unpaired or
    // undecryptable. `*notPaired` tells the two apart (a token that cannot be read here is this
    // computer's problem, not "not paired").
    std::optional<QByteArray> currentToken(QString *error, bool *notPaired = nullptr);
    // After a successful unpair: the token and key hash are dropped, the identity kept.
    // `envWarning`: unpaired, but the .env still names the old pairing (its write was refused).
    bool forgetPairing(const QString &reason, QString *error, QString *envWarning = nullptr);
    // Writes the pairing's three lines into the .env while it lacks them or names another
    // pairing (a write refused once, lines removed): empty when they are there (or nothing is
    // paired), else why they could not be written. Run by every heartbeat attempt, answered or
    // not, and at the tray's start: an offline hotel goes months without a renewed token.
    QString ensureEnvBinding();
    // Empty while the settings file is there with something in it; else why the licence cannot go
    // on without it (gone, or emptied by a power cut or a full disk): said, never made anew.
    QString settingsFileMissing() const;
    // Which of the three lines the .env lacks or holds with other values (for the diagnostic).
    QStringList envBindingDifferences(const LocalLicense &row) const;
    // When the next heartbeat is due for this row (the pure schedule, then the server's
    // Retry-After); invalid when unpaired.
    // While an offline answer stands for the heartbeats (README "Offline activation"), one quiet
    // try a day at the daily slot instead of the retry ladder.
    QDateTime nextHeartbeat(const LocalLicense &row, const QDateTime &now);
    // The server's Retry-After after the last failed attempt, while it still applies: invalid
    // when there is none, after a success, or when the clock has gone back past that attempt.
    static QDateTime retryNotBefore(const LocalLicense &row, const QDateTime &now);
    // Only the network cards or the OS version differ from the binding, and the vendor has not
    // refused a rebind: a heartbeat should go now (README "Hardware drift").
    bool driftPending(const LocalLicense &row);
    QList<HeartbeatHistoryEntry> heartbeatHistory(int limit);
    std::optional<LocalLicense> loadRow() { return m_store.load(); }
    // The yellow banner dismissed for 24 h from `now` (STATUS_POLICY.md row 13).
    bool dismissWarning(const QDateTime &now);
    // Other secrets at rest (the admin's 2FA secret, recovery codes): sealed with this install's
    // key under their own `purpose`. Empty / nullopt when the key store cannot give a key.
    QByteArray sealSecret(const QByteArray &plain, const QByteArray &purpose);
    std::optional<QByteArray> openSecret(const QByteArray &sealed, const QByteArray &purpose);

    // The seed 000 §8 JSON plus state, mode, reason, days_overdue, install_id, fingerprint.
    static QJsonObject statusJson(const StatusReport &report);

    const PinnedKey &pinnedKey();
    const AppPaths &paths() const { return m_paths; }
    // The signature check (alg, iss, aud, signature; no time or fingerprint) of `token` against
    // the pinned key, remembered for the last token checked: a heartbeat and the evaluations
    // around it present the same token several times.
    TokenVerification authenticToken(const QByteArray &token);
    FingerprintComponents currentComponents(const QString &installId);
    UsageCounts usage();
    AuditLog &audit();
    const Database &database() const { return m_db; }
    QString errorString() const { return m_error; }

private:
    std::optional<QByteArray> decryptToken(const QString &installId, const QByteArray &sealed);
    // The exp of the row's token when it is an offline answer; invalid otherwise.
    QDateTime offlineUntil(const LocalLicense &row);
    QString installIdFromEnv() const;
    LicenseCheck evaluateRow(const std::optional<LicenseCheckRow> &row, const QDateTime &at);
    static bool needsRecording(const LicenseCheckRow &row, const LicenseCheck &check);
    bool writeState(const LicenseCheckRow &row, const LicenseStatus &status, const QDateTime &at, const QJsonObject &extra);
    void log(int level, const QString &event, const QJsonObject &fields);
    bool insertHistory(const ExchangeRecord &exchange);
    // storeToken's steps.
    std::optional<LocalLicense> rowForToken(QString *error);
    QByteArray sealToken(const QString &installId, const QByteArray &token, QString *error);
    static QStringList applyToken(LocalLicense &row, const TokenClaims &claims, TokenUpdate kind, const QString &licenseKeyHash,
                                  const FingerprintComponents &components, const ExchangeRecord &exchange, const QDateTime &now);
    bool persistToken(const LocalLicense &row, TokenUpdate kind, const ExchangeRecord &exchange, const QString &action, const QJsonObject &meta,
                      const QStringList &rebound, QString *error);
    QString copyBindingToEnv(const LocalLicense &row); // empty, or why the .env could not be written
    bool envHoldsBinding(const LocalLicense &row) const; // the .env as last read or saved names this pairing

    AppPaths m_paths;
    EnvFile &m_env;
    Database &m_db;
    const Clock &m_clock;
    const FingerprintSource &m_fingerprints;
    InstallSecrets m_secrets;

public:
    // The last use of the install's key found the OS password store unreachable.
    bool keyStoreUnreachable() const { return m_secrets.storeUnreachable(); }
    LicenseLog *m_log;
    std::unique_ptr<AuditLog> m_audit;
    std::optional<PinnedKey> m_pinned;
    // The settings file and the key file as they were when the pinned key was read: a key
    // changed or a hash edited while a program runs is seen by that program too.
    FileStamp m_envStamp, m_keyStamp;
    QByteArray m_verifiedToken;          // the last token authenticToken() checked …
    TokenVerification m_verifiedResult;  // … and what it found
    std::optional<FingerprintComponents> m_components;
    QString m_currentFingerprint; // of m_components
    LocalLicenseStore m_store;
    QString m_error;
    LicenseStatus m_lastStatus;
    // A signed refusal from the vendor (fingerprint_mismatch, suspended, revoked, …) that could not
    // be saved (a full or read-only disk): it holds for this process's checks until an exchange is
    // saved again, so a copy whose store cannot be written still reads as the vendor said.
    QString m_unsavedVerdict;
};

} // namespace hotelhub
