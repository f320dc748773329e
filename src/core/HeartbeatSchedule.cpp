#include "HeartbeatSchedule.h"
#include "Crypto.h"

namespace hotelhub {

namespace {
quint32 stableHash(const QString &text)
{
    const QByteArray h = crypto::sha256(text.toUtf8());
    return (quint32(quint8(h[0])) << 24) | (quint32(quint8(h[1])) << 16) | (quint32(quint8(h[2])) << 8) | quint32(quint8(h[3]));
}
} // namespace

int installOffsetMinutes(const QString &installId)
{
    return installId.isEmpty() ? 0 : int(stableHash(QStringLiteral("offset:") + installId) % 30);
}

qint64 retryDelaySecs(int failuresInRow, const QString &installId)
{
    switch (failuresInRow) {
    case 0:
    case 1: return 5 * 60;
    case 2: return 15 * 60;
    case 3: return 60 * 60;
    default: {
        // ±10 % of 4 h, fixed per install and attempt so that the function stays pure.
        const qint64 base = 4 * 3600;
        const int permille = int(stableHash(QStringLiteral("jitter:%1:%2").arg(installId).arg(failuresInRow)) % 201) - 100;
        return base + base * permille / 1000;
    }
    }
}

QDateTime dailySlot(const QDate &date, int offsetMinutes, const QTimeZone &zone)
{
    const QTime wanted = QTime(kDailyHour, 0).addSecs(offsetMinutes * 60);
    QDateTime slot(date, wanted, zone);
    // Walk forward out of a DST gap: the first minute that exists locally.
    for (int step = 0; step < 180 && (!slot.isValid() || (slot.time() < wanted && slot.date() == date)); ++step)
        slot = QDateTime(date, wanted.addSecs(60 * (step + 1)), zone);
    return slot.toUTC();
}

namespace {
// The daily slot while the last success is fresh, else the retry ladder.
QDateTime dueByTheLadder(const ScheduleInput &in)
{
    const QDateTime now = in.now.toUTC();
    const bool fresh = in.lastSuccess.isValid() && in.lastSuccess.secsTo(now) < kFreshSecs;
    const bool failedSinceSuccess = in.failuresInRow > 0 && in.lastAttempt.isValid()
        && (!in.lastSuccess.isValid() || in.lastAttempt > in.lastSuccess);

    if (fresh) {
        const QDateTime after = failedSinceSuccess ? in.lastAttempt.toUTC() : in.lastSuccess.toUTC();
        QDate day = after.toTimeZone(in.zone).date();
        QDateTime slot = dailySlot(day, in.offsetMinutes, in.zone);
        while (slot <= after)
            slot = dailySlot(day = day.addDays(1), in.offsetMinutes, in.zone);
        // A failed daily run while the last success is still fresh waits until it goes stale,
        // then the retry ladder takes over.
        if (failedSinceSuccess)
            return std::min(slot, in.lastSuccess.toUTC().addSecs(kFreshSecs));
        return slot;
    }
    if (!failedSinceSuccess)
        return in.lastSuccess.isValid() ? std::min(now, in.lastSuccess.toUTC().addSecs(kFreshSecs)) : now;
    return in.lastAttempt.toUTC().addSecs(retryDelaySecs(in.failuresInRow, in.installId));
}

} // namespace

QDateTime nextHeartbeatDue(const ScheduleInput &in)
{
    const QDateTime due = dueByTheLadder(in);
    // A suspended licence is re-checked every 4 h, so paying unlocks it without anyone acting
    // (STATUS_POLICY.md row 6), in vendor mode and in sheet mode alike.
    const QDateTime last = in.lastAttempt.isValid() ? in.lastAttempt : in.lastSuccess;
    if (in.suspended && last.isValid())
        return std::min(due, last.toUTC().addSecs(kSuspendedRecheckSecs));
    return due;
}

} // namespace hotelhub
