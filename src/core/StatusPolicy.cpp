#include "StatusPolicy.h"

#include <algorithm>

namespace hotelhub {

namespace {
constexpr qint64 kDay = 24 * 3600;

int wholeDaysBetween(const QDateTime &from, const QDateTime &to)
{
    const qint64 secs = from.secsTo(to);
    return secs <= 0 ? 0 : int(secs / kDay);
}

LicenseStatus make(LicenseState state, const QString &reason = {})
{
    LicenseStatus s;
    s.state = state;
    s.reason = reason.isEmpty() ? stateName(state) : reason;
    return s;
}
} // namespace

int daysUntil(const QDateTime &now, const QDateTime &until)
{
    const qint64 secs = now.secsTo(until);
    return secs <= 0 ? 0 : int((secs + kDay - 1) / kDay); // a started day counts as a day left
}

LicenseStatus evaluate(const PolicyRecord &record, const QDateTime &nowIn, const PolicyEnvironment &env)
{
    const QDateTime now = nowIn.toUTC();
    // 1
    if (!record.paired)
        return make(LicenseState::Unpaired);
    // 2
    if (!env.publicKeyIntact)
        return make(LicenseState::Locked, env.publicKeyHeldOpen ? QStringLiteral("file_held_open") : QStringLiteral("public_key_tampered"));
    // A data dir copied elsewhere cannot decrypt its token (the key is bound to the install), but
    // what the owner needs to hear is that this is another machine: PRODUCT.md "Secrets at rest".
    const bool rowFingerprintDiffers = !record.storedFingerprint.isEmpty() && record.storedFingerprint != env.currentFingerprint;
    if ((record.tokenCheck == TokenCheck::Undecryptable || record.tokenCheck == TokenCheck::KeystoreUnavailable) && rowFingerprintDiffers)
        return make(LicenseState::FingerprintMismatch);
    // The credential store did not answer: the token cannot be read, which says nothing about the
    // licence. Everything the row says still holds: the vendor's recorded verdicts, the clock
    // (row 7), the offline limit (10), and the token's exp and the licence's end as copied in
    // clear (11, 9). It is never a way out of a state the token would give (helper-38: an
    // unreachable store turned expired, restricted and wrong-clock installs into full mode).
    if (record.tokenCheck == TokenCheck::KeystoreUnavailable) {
        const QDateTime lastSuccess = record.lastHeartbeatSuccessAt.isValid() ? record.lastHeartbeatSuccessAt : record.pairedAt;
        // Every answer keeps the dates the row knows and the days since the last heartbeat
        // (expired said days_overdue 0 and no dates; helper-40).
        const auto rowStatus = [&](LicenseState state, const QString &reason = {}) {
            LicenseStatus r = make(state, reason);
            r.keystoreUnreachable = true;
            r.graceUntil = record.rowGraceUntil;
            r.validUntil = record.rowValidUntil;
            r.heartbeatAgeDays = lastSuccess.isValid() ? wholeDaysBetween(lastSuccess, now) : 0;
            return r;
        };
        if (record.serverVerdict == ServerVerdict::Revoked)
            return rowStatus(LicenseState::Revoked);
        if (record.serverVerdict == ServerVerdict::Suspended)
            return rowStatus(LicenseState::Suspended);
        // The vendor said the licence is bound elsewhere (moved to another computer): restricted,
        // as with a readable token (row 4). It read "all features available" (helper-40).
        if (record.serverVerdict == ServerVerdict::FingerprintMismatch)
            return rowStatus(LicenseState::FingerprintMismatch, QStringLiteral("moved_elsewhere"));
        if (record.lastSeenAt.isValid() && now < record.lastSeenAt.addSecs(-kClockRollbackToleranceSecs))
            return rowStatus(LicenseState::ClockInvalid);
        if (record.serverVerdict == ServerVerdict::Expired)
            return rowStatus(LicenseState::Expired);
        LicenseStatus s = rowStatus(LicenseState::KeystoreUnavailable);
        const QDateTime exp = record.rowGraceUntil;
        // The renewal deadline needs the signed grace days: a token lasts that many days from its
        // heartbeat, so the row's exp less the last success says them (an offline answer's length
        // reads longer, which only ever lengthens the grace).
        const int graceDays = exp.isValid() && lastSuccess.isValid() ? std::clamp(int((lastSuccess.secsTo(exp) + kDay / 2) / kDay), 1, 365) : 0;
        const QDateTime renewDeadline = record.rowValidUntil.isValid() && graceDays > 0 ? record.rowValidUntil.addDays(graceDays) : QDateTime();
        if (renewDeadline.isValid() && now > renewDeadline)
            return rowStatus(LicenseState::Expired);
        // An offline answer stands for the heartbeats until its exp, as with a readable token: the
        // offline lock counts from 30 days before it (helper-39: an island hotel locked at day 61
        // of its 90-day answer). For an online token of 30 days that is its heartbeat, as before.
        QDateTime lock = lastSuccess.isValid() ? lastSuccess.addDays(record.hardLockDays) : QDateTime();
        if (lock.isValid() && exp.isValid() && exp.addDays(record.hardLockDays - kOfflineAnchorDays) > lock)
            lock = exp.addDays(record.hardLockDays - kOfflineAnchorDays);
        if (lock.isValid() && now >= lock) {
            return rowStatus(LicenseState::Locked, QStringLiteral("offline_too_long")); // its days (it said "0 days"; helper-39)
        }
        const auto first = [](const QDateTime &a, const QDateTime &b) { return !a.isValid() ? b : !b.isValid() ? a : std::min(a, b); };
        // An exp within a day before the licence's end is an answer capped there (as row 11 reads it).
        const bool capped = exp.isValid() && record.rowValidUntil.isValid() && exp <= record.rowValidUntil && exp.addSecs(kDay) >= record.rowValidUntil;
        if (exp.isValid() && now > exp && !capped) {
            // Past the token's exp: restricted, as row 11, until the lock that comes first.
            if (const QDateTime until = first(lock, renewDeadline); until.isValid())
                s.daysLeft = daysUntil(now, until);
            s.state = LicenseState::Degraded;
            return s; // (the reason stays keystore_unavailable: the store is what to fix first)
        }
        if (record.rowValidUntil.isValid() && now > record.rowValidUntil) {
            // Past the licence's end: the renewal grace (row 9).
            if (const QDateTime until = first(renewDeadline, exp); until.isValid())
                s.daysLeft = daysUntil(now, until);
            s.state = LicenseState::ExpiredGrace;
            return s;
        }
        // Counted to the first restriction: the token's exp (row 11), else the offline lock or the
        // renewal deadline (it counted to the offline lock: "35 more days" restricted at day 31;
        // helper-40).
        if (const QDateTime until = capped ? first(lock, renewDeadline) : first(exp, lock); until.isValid())
            s.daysLeft = daysUntil(now, until);
        return s;
    }
    // 3
    if (record.tokenCheck != TokenCheck::Ok || !record.claims)
        return make(LicenseState::Locked, record.tokenCheck == TokenCheck::Invalid && env.settingsFileMissing ? QStringLiteral("settings_file_missing")
                                                                                                            : QStringLiteral("invalid_token"));
    const TokenClaims &claims = *record.claims;
    // 4 (this computer changed; or it did not, and the vendor says the licence is bound to another
    // installation: moved there, which is not "hardware change detected"; helper-40)
    if (claims.fingerprint != env.currentFingerprint || rowFingerprintDiffers)
        return make(LicenseState::FingerprintMismatch);
    if (record.serverVerdict == ServerVerdict::FingerprintMismatch)
        return make(LicenseState::FingerprintMismatch, QStringLiteral("moved_elsewhere"));
    // 5, 6 (the signed dates still say until when the licence was paid: `expiry` stays known)
    if (record.serverVerdict == ServerVerdict::Revoked || record.serverVerdict == ServerVerdict::Suspended) {
        LicenseStatus s = make(record.serverVerdict == ServerVerdict::Revoked ? LicenseState::Revoked : LicenseState::Suspended);
        s.validUntil = claims.validUntil;
        s.graceUntil = claims.expiresAt;
        return s;
    }

    LicenseStatus s;
    s.graceUntil = claims.expiresAt;
    s.validUntil = claims.validUntil;
    QDateTime lastSuccess = record.lastHeartbeatSuccessAt.isValid() ? record.lastHeartbeatSuccessAt
        : record.pairedAt.isValid()                                ? record.pairedAt
                                                                    : claims.issuedAt;
    // An offline answer stands for the heartbeats the hotel cannot send until its exp.
    s.offline = claims.isOffline();
    if (s.offline)
        lastSuccess = std::max(lastSuccess, claims.expiresAt.addDays(-kOfflineAnchorDays));
    s.heartbeatAgeDays = wholeDaysBetween(lastSuccess, now);
    auto with = [&s](LicenseState state, const QString &reason = {}) {
        s.state = state;
        s.reason = reason.isEmpty() ? stateName(state) : reason;
        return s;
    };
    // 7
    if ((record.lastSeenAt.isValid() && now < record.lastSeenAt.addSecs(-kClockRollbackToleranceSecs))
        || claims.issuedAt > now.addSecs(kFutureIatToleranceSecs))
        return with(LicenseState::ClockInvalid);
    // 8
    const QDateTime renewDeadline = claims.validUntil.addDays(claims.graceDays);
    if (record.serverVerdict == ServerVerdict::Expired || now > renewDeadline)
        return with(LicenseState::Expired);
    // 10 and 11 before 9 (STATUS_POLICY.md lists 9 first): the renewal grace is time to pay, not
    // a pass on the online checks. An install locked for being offline too long, or restricted
    // past its token's exp, got full mode back for the grace days once its licence ended
    // (outside check, helper-36: locked at +392 d, "full" from +393 d to +423 d).
    // The one exception: an offline answer is capped at the licence's end by the vendor (whole
    // days from its request, so it ends up to a day early); past the end its exp says nothing
    // about the hotel's checks, and the island hotel has the renewal grace as an online one does.
    const bool cappedOfflineAnswer = claims.isOffline() && claims.expiresAt.addSecs(kDay) >= claims.validUntil;
    // 10
    if (s.heartbeatAgeDays >= record.hardLockDays)
        return with(LicenseState::Locked, QStringLiteral("offline_too_long"));
    // 11 (a capped offline answer stands until the licence's end: its exp, whole days from the
    // request, falls up to a day before it, and those hours were restricted; helper-38)
    if (now > claims.expiresAt && !cappedOfflineAnswer) {
        // Until the lock that comes first: offline too long, or the licence's renewal deadline
        // (it counted to the offline lock when the licence would expire sooner; helper-37).
        s.daysLeft = daysUntil(now, std::min(lastSuccess.addDays(record.hardLockDays), renewDeadline));
        return with(LicenseState::Degraded);
    }
    // 9
    if (now > claims.validUntil) {
        s.daysLeft = daysUntil(now, renewDeadline);
        return with(LicenseState::ExpiredGrace);
    }
    // 11a: the server no longer renews this token. Nothing is locked by it (the grace rows above
    // still apply on their days), but it must never read as "active" (README "Token chain").
    if (record.serverVerdict == ServerVerdict::TokenRefused) {
        s.daysLeft = daysUntil(now, claims.expiresAt);
        return with(LicenseState::TokenRefused);
    }
    // Offline: nothing is overdue before exp; the owner is reminded to renew (TrayPolicy).
    if (s.offline) {
        s.daysLeft = daysUntil(now, cappedOfflineAnswer ? std::max(claims.expiresAt, claims.validUntil) : claims.expiresAt);
        s.heartbeatAgeDays = 0; // nothing is overdue while the answer stands (days_overdue: 0)
        return with(LicenseState::Active);
    }
    // 12, 13 (past 29 days the signed deadline normally degrades first; an unusually long token
    // lifetime stays critical rather than falling back to active). A token shorter than the
    // usual 30 days brings both forward, so restriction never comes unannounced: with 3 grace
    // days the warning at 7 and 14 days never came before row 11 at day 3 (helper-38). Still at
    // least a day each, and never sooner than the usual days for a long token.
    const int lifetimeDays = int(claims.issuedAt.secsTo(claims.expiresAt) / kDay);
    const int criticalAt = std::clamp(lifetimeDays - 1, 1, kOverdueCriticalDays);
    const int warningAt = std::clamp(lifetimeDays - 2, 1, kOverdueWarningDays);
    if (s.heartbeatAgeDays >= criticalAt) {
        s.daysLeft = daysUntil(now, claims.expiresAt);
        return with(LicenseState::OverdueCritical);
    }
    if (s.heartbeatAgeDays >= warningAt) {
        s.daysLeft = daysUntil(now, claims.expiresAt);
        return with(LicenseState::OverdueWarning);
    }
    // 14
    return with(LicenseState::Active);
}

LicenseMode LicenseStatus::mode() const
{
    switch (state) {
    case LicenseState::Unpaired: return LicenseMode::Setup;
    case LicenseState::Locked:
    case LicenseState::Revoked:
    case LicenseState::Suspended:
    case LicenseState::Expired: return LicenseMode::Locked;
    case LicenseState::FingerprintMismatch:
    case LicenseState::ClockInvalid:
    case LicenseState::Degraded: return LicenseMode::Restricted;
    case LicenseState::ExpiredGrace:
    case LicenseState::OverdueCritical:
    case LicenseState::OverdueWarning:
    case LicenseState::TokenRefused:
    case LicenseState::KeystoreUnavailable:
    case LicenseState::Active: return LicenseMode::Full;
    }
    Q_UNREACHABLE();
}

QString LicenseStatus::hotelhubStatus() const
{
    switch (state) {
    case LicenseState::Unpaired: return QStringLiteral("unpaired");
    case LicenseState::Active: return QStringLiteral("paired");
    case LicenseState::OverdueWarning:
    case LicenseState::OverdueCritical:
    case LicenseState::TokenRefused:
    case LicenseState::KeystoreUnavailable:
    case LicenseState::ExpiredGrace: return QStringLiteral("grace");
    case LicenseState::Degraded:
    case LicenseState::FingerprintMismatch:
    case LicenseState::ClockInvalid: return QStringLiteral("degraded");
    case LicenseState::Locked:
    case LicenseState::Expired:
    case LicenseState::Suspended: return QStringLiteral("locked");
    case LicenseState::Revoked: return QStringLiteral("revoked");
    }
    Q_UNREACHABLE();
}

QString LicenseStatus::stateName() const { return hotelhub::stateName(state); }
QString LicenseStatus::modeName() const { return hotelhub::modeName(mode()); }

QString stateName(LicenseState state)
{
    switch (state) {
    case LicenseState::Unpaired: return QStringLiteral("unpaired");
    case LicenseState::Locked: return QStringLiteral("locked");
    case LicenseState::FingerprintMismatch: return QStringLiteral("fingerprint_mismatch");
    case LicenseState::Revoked: return QStringLiteral("revoked");
    case LicenseState::Suspended: return QStringLiteral("suspended");
    case LicenseState::ClockInvalid: return QStringLiteral("clock_invalid");
    case LicenseState::Expired: return QStringLiteral("expired");
    case LicenseState::ExpiredGrace: return QStringLiteral("expired_grace");
    case LicenseState::Degraded: return QStringLiteral("degraded");
    case LicenseState::OverdueCritical: return QStringLiteral("overdue_critical");
    case LicenseState::OverdueWarning: return QStringLiteral("overdue_warning");
    case LicenseState::TokenRefused: return QStringLiteral("token_refused");
    case LicenseState::KeystoreUnavailable: return QStringLiteral("keystore_unavailable");
    case LicenseState::Active: return QStringLiteral("active");
    }
    Q_UNREACHABLE();
}

std::optional<LicenseState> stateFromName(const QString &name)
{
    for (int i = int(LicenseState::Unpaired); i <= int(LicenseState::Active); ++i)
        if (stateName(LicenseState(i)) == name)
            return LicenseState(i);
    return std::nullopt;
}

QString modeName(LicenseMode mode)
{
    switch (mode) {
    case LicenseMode::Full: return QStringLiteral("full");
    case LicenseMode::Restricted: return QStringLiteral("restricted");
    case LicenseMode::Locked: return QStringLiteral("locked");
    case LicenseMode::Setup: return QStringLiteral("setup");
    }
    Q_UNREACHABLE();
}

QString serverVerdictName(ServerVerdict verdict)
{
    switch (verdict) {
    case ServerVerdict::None: return {};
    case ServerVerdict::Revoked: return QStringLiteral("revoked");
    case ServerVerdict::Suspended: return QStringLiteral("suspended");
    case ServerVerdict::FingerprintMismatch: return QStringLiteral("fingerprint_mismatch");
    case ServerVerdict::Expired: return QStringLiteral("expired");
    case ServerVerdict::TokenRefused: return QStringLiteral("token_refused");
    }
    Q_UNREACHABLE();
}

ServerVerdict serverVerdictFromName(const QString &name)
{
    for (ServerVerdict v : {ServerVerdict::Revoked, ServerVerdict::Suspended, ServerVerdict::FingerprintMismatch, ServerVerdict::Expired,
                           ServerVerdict::TokenRefused})
        if (serverVerdictName(v) == name)
            return v;
    return ServerVerdict::None;
}

} // namespace hotelhub
