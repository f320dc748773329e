// The pure licence-state decision of STATUS_POLICY.md. No I/O, no clock reads: every caller
// (wizard, tray, CLI, local API) uses this one function so they can never disagree.
#pragma once

#include "TokenClaims.h"

#include <QDateTime>
#include <QString>
#include <optional>

namespace hotelhub {

enum class LicenseState {
    Unpaired,
    Locked,              // reason: public_key_tampered | invalid_token | offline_too_long
    FingerprintMismatch,
    Revoked,
    Suspended,
    ClockInvalid,
    Expired,
    ExpiredGrace,
    Degraded,
    OverdueCritical,
    OverdueWarning,
    TokenRefused,        // the vendor answered the last heartbeat that this token is no longer accepted
    KeystoreUnavailable, // the OS credential store did not answer (not ready at login, locked): a
                         // local fault, never a lock; the offline limit still counts (README "Key store")
    Active,              // keep last: stateFromName walks Unpaired..Active
};

enum class LicenseMode { Full, Restricted, Locked, Setup };

// What the vendor server said in its last heartbeat reply.
// TokenRefused: a 401 (unauthorized, token_superseded): the stored token can no longer be renewed.
enum class ServerVerdict { None, Revoked, Suspended, FingerprintMismatch, Expired, TokenRefused };

// Undecryptable: the key is there and does not open the token (another install's folder).
// KeystoreUnavailable: the OS credential store holding the key did not answer, so nothing is known.
enum class TokenCheck { Ok, Invalid, Undecryptable, KeystoreUnavailable };

struct PolicyRecord
{
    bool paired = false;
    TokenCheck tokenCheck = TokenCheck::Ok;
    std::optional<TokenClaims> claims; // verified (signature, alg, iss, aud)
    QString storedFingerprint;         // the fingerprint recorded at pairing (local_licenses row)
    QDateTime pairedAt;
    QDateTime lastHeartbeatSuccessAt;
    QDateTime lastSeenAt;
    ServerVerdict serverVerdict = ServerVerdict::None;
    int hardLockDays = 60;
    // The token's exp and valid_until as copied into the row in clear when it was stored. Unsigned,
    // so only ever used to restrict: when the credential store cannot be read, they stand for
    // the claims nobody can decrypt.
    QDateTime rowGraceUntil;
    QDateTime rowValidUntil;
};

struct PolicyEnvironment
{
    QString currentFingerprint;
    bool publicKeyIntact = true;
    bool publicKeyHeldOpen = false; // not intact only because another program holds the file
    // The settings file is gone (asked only when a token does not verify): the key that signed it
    // may be one that file named (a vendor hosting its own licence server; helper-52).
    bool settingsFileMissing = false;
};

struct LicenseStatus
{
    LicenseState state = LicenseState::Unpaired;
    QString reason;           // machine word; for Locked: public_key_tampered | file_held_open | invalid_token | settings_file_missing | offline_too_long;
                              // for FingerprintMismatch: fingerprint_mismatch (this computer changed) | moved_elsewhere (the vendor's word)
    int heartbeatAgeDays = 0; // whole days since the last successful heartbeat
    // expired_grace: days left to renew; degraded/overdue/token_refused: days to the next step;
    // empty when nothing is counting down (active, locked, …): `days_left: null`, never 0.
    std::optional<int> daysLeft;
    QDateTime graceUntil;     // token exp: the signed grace deadline
    QDateTime validUntil;
    // Activated or renewed offline (README "Offline activation"): heartbeats are not expected
    // until graceUntil (the answer's exp); daysLeft counts down to it while active.
    bool offline = false;
    // Decided from the database row alone because the password store did not answer: whatever
    // the state, unlocking the store comes before any check with the vendor can succeed.
    bool keystoreUnreachable = false;

    LicenseMode mode() const;
    // The licence works on this computer as the vendor last said: full mode, and not merely
    // because the password store cannot be read (that state keeps a lock it cannot see).
    bool worksHere() const { return mode() == LicenseMode::Full && state != LicenseState::KeystoreUnavailable; }
    QString stateName() const;      // active, overdue_warning, …
    QString hotelhubStatus() const; // unpaired|paired|grace|degraded|locked|revoked
    QString modeName() const;
    bool operator==(const LicenseStatus &o) const { return state == o.state && reason == o.reason; }
};

LicenseStatus evaluate(const PolicyRecord &record, const QDateTime &now, const PolicyEnvironment &environment);

// Whole days from now until `until`, a started day counted as a day left; 0 when it has passed.
// Every "n days left" the product shows is counted this way.
int daysUntil(const QDateTime &now, const QDateTime &until);

QString stateName(LicenseState state);
std::optional<LicenseState> stateFromName(const QString &name);
QString modeName(LicenseMode mode);
QString serverVerdictName(ServerVerdict verdict);
ServerVerdict serverVerdictFromName(const QString &name);

inline constexpr int kOverdueWarningDays = 7;
// An offline answer counts as a heartbeat made this many days before its exp (the lifetime of an
// online token): past exp it degrades, and hard_lock_days after that anchor it locks, as online.
inline constexpr int kOfflineAnchorDays = 30;
// The owner is reminded to renew an offline activation from this many days before it ends.
inline constexpr int kOfflineRenewalNoticeDays = 14;
inline constexpr int kOverdueCriticalDays = 14;
inline constexpr qint64 kClockRollbackToleranceSecs = 24 * 3600;
inline constexpr qint64 kFutureIatToleranceSecs = 5 * 60;

} // namespace hotelhub
