#include "ClockTrust.h"

#include "Clock.h"

namespace hotelhub::service {

ClockTrust::ClockTrust(const Clock &clock, int toleranceDays)
    : m_clock(clock)
    , m_toleranceDays(toleranceDays)
{
}

void ClockTrust::witness(const QDateTime &moment)
{
    if (!moment.isValid())
        return;
    const qint64 ms = moment.toMSecsSinceEpoch();
    qint64 seen = m_lastMs.load(std::memory_order_relaxed);
    while (ms > seen && !m_lastMs.compare_exchange_weak(seen, ms, std::memory_order_relaxed)) {
    }
}

QDateTime ClockTrust::lastWitnessed() const
{
    const qint64 ms = m_lastMs.load(std::memory_order_relaxed);
    return ms == 0 ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

bool ClockTrust::check(QDateTime *now)
{
    const QDateTime reading = m_clock.now();
    if (now)
        *now = reading;
    const qint64 last = m_lastMs.load(std::memory_order_relaxed);
    const qint64 ahead = last == 0 ? 0 : (reading.toMSecsSinceEpoch() - last) / 1000;
    if (ahead > qint64(m_toleranceDays) * 86400) {
        m_aheadSecs.store(ahead, std::memory_order_relaxed);
        return false;
    }
    m_aheadSecs.store(0, std::memory_order_relaxed);
    witness(reading);
    return true;
}

} // namespace hotelhub::service
