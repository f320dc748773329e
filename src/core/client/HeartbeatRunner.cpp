#include "HeartbeatRunner.h"
#include "Clock.h"
#include "HeartbeatSchedule.h"

#include <QNetworkInformation>

namespace hotelhub {

namespace {
// The vendor's own answer was not had (no connection, a gateway's or portal's page, a 5xx): the
// network may be what failed, and its return is worth a check at once.
bool vendorNotHeard(VendorError e)
{
    return VendorErrors::isTransport(e) || e == VendorError::CaptivePortal || e == VendorError::IntermediaryRefusal
        || e == VendorError::ServerError || e == VendorError::HttpError || e == VendorError::GarbageReply;
}
} // namespace

HeartbeatRunner::HeartbeatRunner(LicenseClient &client, LicenseManager &manager, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_manager(manager)
    , m_clock(clock)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (!poll()) {
            evaluate();
            arm();
        }
    });
}

void HeartbeatRunner::start()
{
    m_manager.ensureEnvBinding(); // a write refused earlier, since fixed (refused again: logged)
    evaluate();
    if (!poll())
        arm();
}

QDateTime HeartbeatRunner::nextDue()
{
    QDateTime due;
    m_client.heartbeatDue(m_clock.now(), &due);
    return due;
}

bool HeartbeatRunner::poll()
{
    if (busy() || !m_client.heartbeatDue(m_clock.now()))
        return false;
    run();
    return true;
}

bool HeartbeatRunner::refreshNow(int *waitSecs)
{
    const QDateTime now = m_clock.now();
    if (m_lastManual.isValid() && m_lastManual.secsTo(now) < kRefreshIntervalSecs && m_lastManual <= now) {
        if (waitSecs)
            *waitSecs = int(kRefreshIntervalSecs - m_lastManual.secsTo(now));
        return false;
    }
    if (busy()) {
        if (waitSecs)
            *waitSecs = 0;
        return true; // one is already on its way; its result answers this request too
    }
    m_lastManual = now;
    run();
    return true;
}

void HeartbeatRunner::networkReachable()
{
    const std::optional<LocalLicense> row = m_manager.loadRow();
    if (busy() || !row || !row->isPaired())
        return;
    const QDateTime now = m_clock.now();
    if (!row->lastHeartbeatSuccessAt.isValid() || row->lastHeartbeatSuccessAt.secsTo(now) >= kFreshSecs)
        run();
}

void HeartbeatRunner::run()
{
    m_timer.stop();
    Q_EMIT heartbeatStarted();
    m_inFlight = m_client.heartbeat([this](const ClientOutcome &o) {
        m_inFlight.clear();
        // The once-a-minute limit spares the vendor. An attempt refused here before anything
        // went out (the owner fixes the vendor key or a setting, then presses "Check again")
        // does not count against it.
        if (VendorErrors::neverSent(o.error))
            m_lastManual = QDateTime();
        if (vendorNotHeard(o.error))
            watchNetwork();
        Q_EMIT heartbeatFinished(o);
        evaluate();
        arm();
    });
}

void HeartbeatRunner::watchNetwork()
{
    // Only once a check could not reach the vendor: while the checks succeed there is nothing to retry early, and
    // Qt's reachability backends load every plugin there is with their libraries (on Linux GLib's
    // GIO, D-Bus and NetworkManager's), which an idle monitor would hold all day.
    if (m_watchingNetwork)
        return;
    m_watchingNetwork = true;
    if (QNetworkInformation::loadDefaultBackend() && QNetworkInformation::instance()) {
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability r) {
                    if (r == QNetworkInformation::Reachability::Online)
                        networkReachable();
                });
    }
}

void HeartbeatRunner::evaluate()
{
    const LicenseStatus s = m_manager.check(m_clock.now(), true).status;
    if (!m_lastStatus || !(*m_lastStatus == s)) {
        m_lastStatus = s;
        Q_EMIT statusChanged(s);
    }
}

void HeartbeatRunner::arm()
{
    const QDateTime now = m_clock.now();
    const QDateTime due = nextDue();
    qint64 secs = kMaxSleepSecs;
    if (due.isValid())
        secs = std::clamp<qint64>(now.secsTo(due), 1, kMaxSleepSecs);
    // A key store that was not ready (at login) is retried by itself, so the banner clears as
    // soon as it answers.
    if (m_lastStatus && m_lastStatus->state == LicenseState::KeystoreUnavailable)
        secs = std::min<qint64>(secs, kKeystoreRetrySecs);
    m_timer.start(int(secs * 1000));
}

} // namespace hotelhub
