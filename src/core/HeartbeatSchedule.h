// When the next heartbeat is due (STATUS_POLICY.md "Heartbeat schedule"), as a pure function.
#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace hotelhub {

// A suspended licence is re-checked this often, so that paying unlocks it without anyone acting
// (STATUS_POLICY.md row 6), in vendor mode and in sheet mode alike.
inline constexpr qint64 kSuspendedRecheckSecs = 4 * 3600;

struct ScheduleInput
{
    QDateTime lastSuccess;   // invalid: never
    QDateTime lastAttempt;   // invalid: never
    int failuresInRow = 0;   // since the last success
    int offsetMinutes = 0;   // stable per install, [0, 30)
    QString installId;       // seeds the retry jitter
    QDateTime now;
    QTimeZone zone = QTimeZone::systemTimeZone();
    bool suspended = false;  // the vendor's last word: re-checked every kSuspendedRecheckSecs
};

// The moment the next heartbeat is due; a value <= now means "due now".
QDateTime nextHeartbeatDue(const ScheduleInput &input);

// The daily slot (03:00 + offset, local) on `date` in `zone`; a slot inside a DST gap moves
// to the first valid local time after it.
QDateTime dailySlot(const QDate &date, int offsetMinutes, const QTimeZone &zone);

// Stable per-install offset in [0, 30) minutes derived from the install_id.
int installOffsetMinutes(const QString &installId);

// Retry delay after the n-th failure in a row (1-based): 5 min, 15 min, 1 h, then 4 h ± 10 %.
qint64 retryDelaySecs(int failuresInRow, const QString &installId);

inline constexpr int kDailyHour = 3;
// The largest difference between this computer's clock and the vendor's that is not "clock skew".
inline constexpr qint64 kMaxClockSkewSecs = 5 * 60;
// The longest a server's Retry-After may postpone the next licence check.
inline constexpr qint64 kMaxRetryAfterSecs = 24 * 3600;
inline constexpr qint64 kFreshSecs = 24 * 3600;

} // namespace hotelhub
