// The offline half of the licence: bootstrap, the local check (read row, decrypt, verify,
// evaluate) and storing a verified pairing. The network half (vendor client, heartbeat runner)
// builds on it.
#pragma once

#include "AppPaths.h"
#include "Fingerprint.h"
#include "LocalLicense.h"
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
    QString error;
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
    bool publicKeyIntact = false;
    QString publicKeyProblem;
    QDateTime evaluatedAt;

    bool bootstrapped() const { return !installId.isEmpty(); }
};

// The check plus what a person reads beside it (CLI status, diagnostic, tray, local API).
struct StatusReport : LicenseCheck
{
    std::optional<LocalLicense> row;
    QDateTime nextHeartbeat;
    int rooms = 0;
    int users = 0;
};

struct UsageCounts { int rooms = 0; int users = 0; };

class LicenseManager
{
    Q_DECLARE_TR_FUNCTIONS(LicenseManager)
public:
    LicenseManager(const AppPaths &paths, EnvFile &env, Database &db, const Clock &clock,
                   const FingerprintSource &fingerprints, SecretKeyStore &keys, LicenseLog *log = nullptr);
    ~LicenseManager();

    BootstrapResult bootstrap(bool force);

    // Evaluates the licence at `at`. With `record`, the evaluation is remembered (last_seen_at,
    // state) and a change of state writes one audit event; without it nothing is written
    // (`status --at`, what-if questions).
    LicenseCheck check(const QDateTime &at, bool record);
    StatusReport statusReport(const QDateTime &at, bool record);

    // Verifies `token` against the pinned key and this machine's fingerprint, then stores it
    // encrypted, writes LICENSE_KEY_HASH / LICENSE_INSTALL_ID / LICENSE_FINGERPRINT to the .env
    // and logs license.paired. Re-storing the same pairing is harmless.
    bool storePairing(const QByteArray &token, const QString &licenseKeyHash, QString *error);

    // The seed 000 §8 JSON plus state, mode, reason, days_overdue, install_id, fingerprint.
    static QJsonObject statusJson(const StatusReport &report);

    const PinnedKey &pinnedKey();
    FingerprintComponents currentComponents(const QString &installId);
    UsageCounts usage();
    AuditLog &audit();
    QString errorString() const { return m_error; }

private:
    std::optional<QByteArray> decryptToken(const QString &installId, const QByteArray &sealed);
    LicenseCheck evaluateRow(const std::optional<LicenseCheckRow> &row, const QDateTime &at);
    static bool needsRecording(const LicenseCheckRow &row, const LicenseCheck &check);
    void log(int level, const QString &event, const QJsonObject &fields);

    AppPaths m_paths;
    EnvFile &m_env;
    Database &m_db;
    const Clock &m_clock;
    const FingerprintSource &m_fingerprints;
    SecretKeyStore &m_keys;
    LicenseLog *m_log;
    std::unique_ptr<AuditLog> m_audit;
    std::optional<PinnedKey> m_pinned;
    std::optional<FingerprintComponents> m_components;
    QString m_currentFingerprint; // of m_components
    std::optional<QByteArray> m_secret;
    std::optional<TokenVault> m_vault;
    LocalLicenseStore m_store;
    QString m_error;
};

} // namespace hotelhub
