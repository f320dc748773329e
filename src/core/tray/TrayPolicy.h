// What the tray puts in front of the hotel for a licence state (seed 000 §5/§6, STATUS_POLICY.md):
// nothing, a yellow banner (dismissible for 24 h), a red banner (not dismissible), the full-screen
// "restricted mode" modal, a lock screen, the hardware-change modal, or the setup prompt. Pure.
#pragma once

#include "StatusPresentation.h"

#include <QDateTime>

namespace hotelhub {

enum class TraySurface { None, WarningBanner, CriticalBanner, RestrictedModal, LockScreen, HardwareModal, Setup };

struct TrayView
{
    TraySurface surface = TraySurface::None;
    StatusPresentation text;
    QString iconName;  // ok | warning | critical | restricted | locked | unpaired
    QString tooltip;
    // HardwareModal because the vendor bound the licence elsewhere, this computer unchanged: the
    // question is whether to move it back, not "hardware change detected".
    bool movedElsewhere = false;
};

class TrayPolicy
{
public:
    static TrayView view(const LicenseStatus &status, const QDateTime &dismissedUntil, const QDateTime &now, Language language);
    // A notification goes out when the state (or its reason) changes, never on a re-evaluation.
    // Also once at each offline reminder step (README "Offline activation").
    static bool shouldNotify(const std::optional<LicenseStatus> &previous, const LicenseStatus &current);
    // An offline answer's renewal reminder: 14, 7 or 1 (days before it ends, at most), else 0.
    static int offlineReminder(const LicenseStatus &status);
    // Whether an offline activation answers this state: it comes from the vendor not being heard
    // (overdue, offline too long, the token run out meanwhile) or from an offline answer that is
    // to be renewed, not from what the vendor said.
    static bool offlineActivationHelps(const LicenseStatus &status);
    static QString surfaceName(TraySurface surface);
};

} // namespace hotelhub
