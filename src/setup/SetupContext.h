// Everything the wizard's pages share: the installation (src/core) plus what the owner has typed
// so far, which lives only in memory until the admin page commits it.
#pragma once

#include "Installation.h"

#include <memory>

namespace hotelhub::setup {

struct SetupContext : Installation
{
    // Opens the installation for `paths`; `error` names what failed (a bad .env, a corrupt database).
    static std::unique_ptr<SetupContext> open(const AppPaths &paths, const Clock &clock, const FingerprintSource &fingerprints,
                                              QString *error);

    // Kept in memory only, never in wizard_progress.
    QString licenseKey;
    SetupData data;
    // --lang or HOTELHUB_LANG on this run: the welcome page's saved choice does not override it.
    bool languageGiven = false;
};

} // namespace hotelhub::setup
