// Whether the vendor server may believe its own clock (README "The server's clock").
//
// A clock that reads well past everything the store has recorded is more likely wrong (a dead
// CMOS battery replaced by a BIOS default, a mistyped year, a VM restored from an old snapshot)
// than right, and acting on it destroys data for good: pruning drops months of heartbeats, the
// expiry check locks hotels that still have weeks paid, and rows get dated in the future. While the
// clock is not trusted the server writes nothing, prunes and expires nothing, answers writes with
// 503 (clients keep their grace), and health says why. The trust returns when the clock is set
// right, or when an admin confirms it (`serve --trust-clock`, after a long planned shutdown).
#pragma once

#include <QDateTime>
#include <atomic>

namespace hotelhub {
class Clock;
}

namespace hotelhub::service {

class ClockTrust
{
public:
    static constexpr int kDefaultToleranceDays = 7;

    ClockTrust(const Clock &clock, int toleranceDays = kDefaultToleranceDays);

    // The newest moment the store has recorded (or an admin confirmed); never moves backwards.
    void witness(const QDateTime &moment);
    QDateTime lastWitnessed() const;

    // True when the clock reads at most the tolerance past the last witnessed moment; a trusted
    // reading is itself witnessed, so a server in use keeps its trust from request to request.
    // `now` receives the reading either way.
    bool check(QDateTime *now = nullptr);
    // Seconds the clock read past the last witnessed moment at the last check (0 when trusted).
    qint64 aheadSecs() const { return m_aheadSecs.load(std::memory_order_relaxed); }
    int toleranceDays() const { return m_toleranceDays; }

private:
    const Clock &m_clock;
    int m_toleranceDays;
    std::atomic<qint64> m_lastMs{0}; // 0: nothing recorded yet, any reading is trusted
    std::atomic<qint64> m_aheadSecs{0};
};

} // namespace hotelhub::service
