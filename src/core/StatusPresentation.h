// State → what a person sees (icon, banner level, text). The tray, the wizard, the CLI and the
// lock page only apply this; none of them decides wording or severity on its own.
#pragma once

#include "StatusPolicy.h"
#include "Translations.h"

#include <QString>

namespace hotelhub {

enum class BannerLevel {
    None,      // all is well
    Warning,   // yellow, dismissible for 24 h
    Critical,  // red, not dismissible
    Modal,     // full-screen modal: restricted mode
    Lock,      // lock screen: the HMS is locked
    Setup,     // not paired: run the wizard
};

struct StatusPresentation
{
    QString iconName;    // ok | warning | critical | restricted | locked | unpaired
    BannerLevel level = BannerLevel::None;
    bool dismissible = false;
    QString title;
    QString text;        // seed wording where the seed has it
    QString action;      // the next step for the person
    // Moving the licence to this device (hotelhub-setup --migrate) is the way out: only when the
    // licence is bound to other hardware.
    bool offersMove = false;
    // Whether the text already says the action (the yellow banner's seed wording does): it is then
    // not said again after it.
    bool textSaysAction() const { return action.isEmpty() || text.contains(action.chopped(1)); }
};

StatusPresentation present(const LicenseStatus &status, Language language);
QString bannerLevelName(BannerLevel level);

// What the host application may do in this mode, in people's words ("semua fitur tersedia",
// "hanya baca & laporan"); the codes (`full`, `restricted`) stay for scripts and support.
QString modeWords(LicenseMode mode, Language language);
// One line for a person, words first and the codes support asks for after them:
// "Lisensi aktif; semua fitur tersedia (kode: paired, active, full)". `--json` keeps the codes.
QString statusSummary(const LicenseStatus &status, Language language);

} // namespace hotelhub
