// Everything the wizard's pages share: the core objects of one installation.
#pragma once

#include "AppPaths.h"
#include "Clock.h"
#include "Database.h"
#include "EnvFile.h"
#include "Fingerprint.h"
#include "LicenseClient.h"
#include "LicenseLog.h"
#include "LicenseManager.h"
#include "SecretKeyStore.h"
#include "Translations.h"
#include "setup/SetupStore.h"

#include <QNetworkAccessManager>
#include <memory>

namespace hotelhub::setup {

struct SetupContext
{
    // Opens everything for `paths`; `error` names what failed (a bad .env, a corrupt database).
    static std::unique_ptr<SetupContext> open(const AppPaths &paths, const Clock &clock, const FingerprintSource &fingerprints,
                                              QString *error);

    AppPaths paths;
    const Clock *clock = nullptr;
    const FingerprintSource *fingerprints = nullptr;
    EnvFile env;
    std::unique_ptr<Database> db;
    std::unique_ptr<SecretKeyStore> keys;
    std::unique_ptr<LicenseLog> log;
    std::unique_ptr<LicenseManager> manager;
    std::unique_ptr<QNetworkAccessManager> network;
    std::unique_ptr<VendorClient> vendor;
    std::unique_ptr<LicenseClient> client;
    std::unique_ptr<SetupStore> store;
    Language language = Language::Indonesian;

    // Kept in memory only, never in wizard_progress.
    QString licenseKey;
    SetupData data;
};

} // namespace hotelhub::setup
