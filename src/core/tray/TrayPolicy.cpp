#include "TrayPolicy.h"

namespace hotelhub {

TrayView TrayPolicy::view(const LicenseStatus &status, const QDateTime &dismissedUntil, const QDateTime &now, Language language)
{
    TrayView v;
    v.text = present(status, language);
    v.iconName = v.text.iconName;
    v.tooltip = QStringLiteral("HotelHub — ") + v.text.title;
    switch (status.state) {
    case LicenseState::Unpaired:
        v.surface = TraySurface::Setup;
        break;
    case LicenseState::FingerprintMismatch:
        v.surface = TraySurface::HardwareModal;
        v.movedElsewhere = status.reason == QLatin1String("moved_elsewhere");
        break;
    case LicenseState::Degraded:
    case LicenseState::ClockInvalid:
        v.surface = TraySurface::RestrictedModal;
        break;
    case LicenseState::Locked:
    case LicenseState::Revoked:
    case LicenseState::Suspended:
    case LicenseState::Expired:
        v.surface = TraySurface::LockScreen;
        break;
    case LicenseState::OverdueWarning:
        // Dismissed for 24 h; the dismissal is persisted, so a restart does not bring it back.
        v.surface = dismissedUntil.isValid() && now < dismissedUntil ? TraySurface::None : TraySurface::WarningBanner;
        break;
    case LicenseState::OverdueCritical:
    case LicenseState::TokenRefused:
    case LicenseState::KeystoreUnavailable:
    case LicenseState::ExpiredGrace:
        v.surface = TraySurface::CriticalBanner;
        break;
    case LicenseState::Active:
        // An offline answer near its end: the yellow banner, dismissible like the overdue one.
        v.surface = offlineReminder(status) == 0 || (dismissedUntil.isValid() && now < dismissedUntil) ? TraySurface::None : TraySurface::WarningBanner;
        break;
    }
    return v;
}

bool TrayPolicy::offlineActivationHelps(const LicenseStatus &status)
{
    // An install that runs on an offline answer (its renewal), or one whose heartbeats do not get
    // through (README "Offline activation").
    return status.offline || status.state == LicenseState::OverdueWarning || status.state == LicenseState::OverdueCritical
        || status.state == LicenseState::Degraded || (status.state == LicenseState::Locked && status.reason == QLatin1String("offline_too_long"));
}

int TrayPolicy::offlineReminder(const LicenseStatus &status)
{
    if (!status.offline || status.state != LicenseState::Active || !status.daysLeft || *status.daysLeft > kOfflineRenewalNoticeDays)
        return 0;
    return *status.daysLeft <= 1 ? 1 : *status.daysLeft <= 7 ? 7 : 14;
}

bool TrayPolicy::shouldNotify(const std::optional<LicenseStatus> &previous, const LicenseStatus &current)
{
    if (!previous || !(*previous == current))
        return true;
    const int step = offlineReminder(current);
    return step != 0 && step != offlineReminder(*previous);
}

QString TrayPolicy::surfaceName(TraySurface s)
{
    switch (s) {
    case TraySurface::None: return QStringLiteral("none");
    case TraySurface::WarningBanner: return QStringLiteral("warning_banner");
    case TraySurface::CriticalBanner: return QStringLiteral("critical_banner");
    case TraySurface::RestrictedModal: return QStringLiteral("restricted_modal");
    case TraySurface::LockScreen: return QStringLiteral("lock_screen");
    case TraySurface::HardwareModal: return QStringLiteral("hardware_modal");
    case TraySurface::Setup: return QStringLiteral("setup");
    }
    Q_UNREACHABLE();
}

} // namespace hotelhub
