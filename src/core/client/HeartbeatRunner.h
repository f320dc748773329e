// The long-running heartbeat (tray): sends the heartbeat when the schedule says it is due, at
// start-up when the last success is older than 24 h, when the network comes back, and on
// "Refresh now" at most once a minute (STATUS_POLICY.md "Heartbeat schedule").
#pragma once

#include "LicenseClient.h"

#include <QObject>
#include <QTimer>

namespace hotelhub {

class HeartbeatRunner : public QObject
{
    Q_OBJECT
public:
    HeartbeatRunner(LicenseClient &client, LicenseManager &manager, const Clock &clock, QObject *parent = nullptr);

    // Arms the timer and runs at once when overdue. Network reachability is listened to from the
    // first check that fails on.
    void start();
    // Runs a heartbeat when one is due at the clock's now; returns whether it started one.
    bool poll();
    // "Refresh now": false (and the seconds to wait) when the last one was under a minute ago.
    bool refreshNow(int *waitSecs = nullptr);
    // The network is back (also called by QNetworkInformation when a backend is available).
    void networkReachable();
    bool busy() const { return !m_inFlight.isNull(); }
    QDateTime nextDue();

    // Whether reachability is listened to (tests).
    bool watchingNetwork() const { return m_watchingNetwork; }
    // How long the runner sleeps before it looks again (tests).
    int sleepMs() const { return m_timer.interval(); }

    static constexpr int kRefreshIntervalSecs = 60;
    // While the OS credential store does not answer, it is asked again this often.
    static constexpr int kKeystoreRetrySecs = 60;
    // The timer never sleeps longer than this, so a suspended laptop or a changed clock is noticed.
    static constexpr int kMaxSleepSecs = 15 * 60;

Q_SIGNALS:
    void heartbeatStarted();
    void heartbeatFinished(const hotelhub::ClientOutcome &outcome);
    // The evaluated state changed (compared with the last one this runner saw).
    void statusChanged(const hotelhub::LicenseStatus &status);

private:
    void run();
    void arm();
    void evaluate();
    void watchNetwork();

    LicenseClient &m_client;
    LicenseManager &m_manager;
    const Clock &m_clock;
    QTimer m_timer;
    QPointer<VendorCall> m_inFlight;
    QDateTime m_lastManual;
    std::optional<LicenseStatus> m_lastStatus;
    bool m_watchingNetwork = false;
};

} // namespace hotelhub
