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
    Active,
};

enum class LicenseMode { Full, Restricted, Locked, Setup };

// What the vendor server said in its last heartbeat reply.
// TokenRefused: a 401 (unauthorized, token_superseded): the stored token can no longer be renewed.
enum class ServerVerdict { None, Revoked, Suspended, FingerprintMismatch, Expired, TokenRefused };

enum class TokenCheck { Ok, Invalid, Undecryptable };

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
};

struct PolicyEnvironment
{
    QString currentFingerprint;
    bool publicKeyIntact = true;
};

struct LicenseStatus
{
    LicenseState state = LicenseState::Unpaired;
    QString reason;           // machine word; for Locked: public_key_tampered | invalid_token | offline_too_long
    int heartbeatAgeDays = 0; // whole days since the last successful heartbeat
    int daysLeft = 0;         // expired_grace: days left to renew; degraded/overdue: days to the next step
    QDateTime graceUntil;     // token exp: the signed grace deadline
    QDateTime validUntil;

    LicenseMode mode() const;
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
inline constexpr int kOverdueCriticalDays = 14;
inline constexpr qint64 kClockRollbackToleranceSecs = 24 * 3600;
inline constexpr qint64 kFutureIatToleranceSecs = 5 * 60;

} // namespace hotelhub
