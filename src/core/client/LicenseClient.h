// The licence operations that talk to the vendor (pair, heartbeat, rotate, unpair, migrate,
// health) on top of LicenseManager (local state) and VendorClient (HTTP). Asynchronous: each
// call returns the VendorCall to cancel and reports through `done`; wait() runs one to the end
// for the CLI. Also the heartbeat runner's decision: heartbeatDue().
#pragma once

#include "LicenseManager.h"
#include "VendorClient.h"

#include <QObject>
#include <QPointer>
#include <functional>

namespace hotelhub {

class EnvFile;

// The client side of the .env (PRODUCT.md "Configuration").
struct ClientSettings
{
    Q_DECLARE_TR_FUNCTIONS(ClientSettings)
public:
    QUrl vendorUrl;              // LICENSE_VENDOR_BASE_URL (default https://vendor.hotelhub.id)
    QString vendorUrlProblem;    // its line cannot be loaded (named): nothing is sent
    int timeoutMs = 15000;       // LICENSE_TIMEOUT_SECONDS
    QList<QSslCertificate> caCertificates; // LICENSE_CA_FILE
    QString helpBase;            // LICENSE_HELP_URL
    QString supportPhone;        // SUPPORT_PHONE
    QString supportEmail;        // SUPPORT_EMAIL
    QString problem;             // a setting that could not be used (named), else empty
    QString warning;             // a setting not understood, whose default is used instead (named), else empty
    int exchangeLockPollMs = 100; // how often a waiting caller tries the exchange lock again

    static ClientSettings fromEnv(const EnvFile &env, const QString &envDir);
    // LICENSE_TIMEOUT_SECONDS in milliseconds, or `defaultMs` when it is not set or not understood
    // (then `warning` names it). Vendor and sheet mode alike.
    static int timeoutFromEnv(const EnvFile &env, int defaultMs, QString *warning);
    VendorClientOptions clientOptions() const;
    static QString defaultVendorUrl() { return QStringLiteral("https://vendor.hotelhub.id"); }
};

struct ClientOutcome
{
    VendorError error = VendorError::None;
    QString detail;                      // technical, for logs and support; never a secret
    VendorResult reply;
    std::optional<TokenClaims> claims;   // after a stored token (pair, migrate, heartbeat, rotate)
    LicenseStatus status;                // the licence state after the operation
    QString warning;                     // done, but something the owner must fix (the .env copy was refused)
    bool recorded = false;               // a heartbeat attempt was written to the database
    bool pairedElsewhere = false;        // unpair: only this computer's pairing went; the licence stays with the one it moved to
    QString refusedHere;                 // a request refused before it was sent (a move without a reason): said as the message
    QStringList rebound;                 // the vendor rebound this install after hardware drift (components that changed)
    QString fullDisk;                    // a local failure on a full disk: the database file it could not write
    QString localFix;                    // a local failure whose cause was found here (a read-only folder): its next step

    bool ok() const { return error == VendorError::None; }
    static ClientOutcome fromReply(const VendorResult &reply); // error and detail as the transport saw them
    // The message, next step and help link, with the vendor's contact from the reply or the .env.
    VendorErrorText text(const ClientSettings &settings) const;
    // The code every program says for it: the error's, or disk_full for a local failure on a full
    // disk (the local API's refresh said local_error where the tray said "Disk full"; helper-40).
    QString code() const;
};

class LicenseClient : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const ClientOutcome &)>;

    LicenseClient(LicenseManager &manager, VendorClient &vendor, const Clock &clock, ClientSettings settings, QObject *parent = nullptr);

    const ClientSettings &settings() const { return m_settings; }
    // The settings file was read again: the vendor client's address and options follow.
    void setSettings(ClientSettings settings);

    // GET /api/license/health: ok, the server's time; ClockSkew when it differs by over 5 minutes.
    QPointer<VendorCall> health(Done done);
    // Why the pinned vendor key cannot be used now (worded with its next step), or empty. With
    // such a key nothing is paired, moved or renewed: every call here ends in VendorKeyUnusable.
    QString vendorKeyProblem() const;
    // Pairs this install with `licenseKey` (as pasted). Re-pairing the same key here is harmless.
    QPointer<VendorCall> pair(const QString &licenseKey, Done done);
    // One heartbeat now, whatever the schedule says. Every outcome but Cancelled is recorded.
    QPointer<VendorCall> heartbeat(Done done);
    QPointer<VendorCall> rotateToken(Done done);
    QPointer<VendorCall> unpair(const QString &reason, Done done);
    // Moves the licence to this install (seed 000 §4): the old install stops working.
    QPointer<VendorCall> migrate(const QString &licenseKey, const QString &reason, Done done);
    // A move's reason as the vendor takes it (PROTOCOL.md: required, at most 500 characters), said
    // before anything is sent or made; empty when it will do. An offline request carries it in at
    // most 500 bytes of UTF-8, which accented letters and emoji fill faster.
    enum class ReasonCarrier { Online, OfflineRequest };
    static QString moveReasonProblem(const QString &reason, ReasonCarrier carrier = ReasonCarrier::Online);

    // The runner's question: is a heartbeat due at `now` (STATUS_POLICY.md schedule)? `due` gets
    // the due time (invalid when unpaired).
    bool heartbeatDue(const QDateTime &now, QDateTime *due = nullptr);

    // What a heartbeat sends besides the token: counts only, never guest data.
    QJsonObject telemetry();
    static QJsonObject machineInfo(); // hostname, os, app_version (also in an offline request)
    QJsonObject componentHashes(); // (ext) the fingerprint's components, hashed

    // Runs one operation to its end in a local event loop (CLI, tests).
    static ClientOutcome wait(const std::function<QPointer<VendorCall>(Done)> &start);

private:
    // The work of one exchange, started once the data folder's exchange lock is held; `waited`
    // tells that another program held it first, and `since` when this caller started waiting.
    using Exchange = std::function<QPointer<VendorCall>(Done finish, bool waited, const QDateTime &since)>;
    // Runs `start` under the exchange lock (README "Token chain"); the returned call cancels both
    // the wait and the request.
    QPointer<VendorCall> exclusive(Done done, Exchange start);
    // A local failure said by its cause: the password store (KeystoreUnavailable), a full disk
    // (ClientOutcome::fullDisk), a folder or database this user cannot write (its storage check's
    // words and fix).
    void explainLocalFailure(ClientOutcome &o) const;
    // This computer's fingerprint is the one its pairing was made with (nothing here changed).
    bool thisComputerUnchanged();
    // The heartbeat another program made while this one waited, as this caller's outcome.
    std::optional<ClientOutcome> joinedHeartbeat(const QDateTime &since);
    QPointer<VendorCall> sendHeartbeat(Done done);
    QPointer<VendorCall> pairNow(const QString &licenseKey, Done done);
    QPointer<VendorCall> unpairNow(const QString &reason, Done done);
    QPointer<VendorCall> migrateNow(const QString &licenseKey, const QString &reason, Done done);
    // Refused here, before anything is sent. `localFix`: the step for a local failure whose cause
    // is known here (it replaces the data folder's generic one).
    QPointer<VendorCall> fail(VendorError error, const QString &detail, Done done, const QString &localFix = {});
    // A call that presents the stored token: NotPaired / LocalError when there is none to present.
    QPointer<VendorCall> withToken(Done done, const std::function<QPointer<VendorCall>(const QByteArray &token, const QString &fingerprint)> &send);
    VendorClient::Callback storingToken(Done done, TokenUpdate kind, const QString &keyHash, const QString &reason = {});
    void storeReceivedToken(ClientOutcome &outcome, const QJsonValue &token, TokenUpdate kind, const QString &keyHash, const QString &reason = {});
    ExchangeRecord exchangeFor(const VendorResult &reply, bool success, const QString &code) const;

    LicenseManager &m_manager;
    VendorClient &m_vendor;
    const Clock &m_clock;
    ClientSettings m_settings;
};

} // namespace hotelhub
