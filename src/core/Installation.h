// One installation of the client: its settings file, data folder, database, key store, log,
// licence manager and vendor client, opened in that order. The one place that wires them; the
// wizard, the tray, the CLI and the tests all open an Installation.
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
#include "SmallFile.h"
#include "Translations.h"
#include "setup/SetupStore.h"

#include <QNetworkAccessManager>
#include <memory>

namespace hotelhub {

struct InstallationOptions
{
    // ReadOnlyAllowed: a read-only data folder opens for reading (status, diagnostic).
    StoreAccess access = StoreAccess::ReadWrite;
    // false: a setting only the network needs (LICENSE_CA_FILE) does not stop open(); it is left
    // in `settingsProblem` for the caller to name.
    bool networkSettingsRequired = true;
};

class Installation
{
public:
    enum class Failure { None, Settings, DataFolder, Database };

    Installation() = default;
    virtual ~Installation();
    Installation(const Installation &) = delete;
    Installation &operator=(const Installation &) = delete;

    // Opens everything for `paths`; on false, `errorString()` names what failed (a bad .env, a
    // data folder that cannot be made, a corrupt or busy database) with its next step.
    bool open(const AppPaths &paths, const Clock &clock, const FingerprintSource &fingerprints,
              const InstallationOptions &options = {});
    // The same, for callers that keep it on the heap: nullptr on failure, with `error` set.
    static std::unique_ptr<Installation> create(const AppPaths &paths, const Clock &clock, const FingerprintSource &fingerprints,
                                                QString *error, const InstallationOptions &options = {});

    // The settings file changed while this program runs (the owner fixed it and pressed the
    // wizard's Retry): read again, and the vendor client follows its address, key and options
    // (it kept the ones of the start, so the fixed file paired against the old address;
    // helper-54). False, with nothing changed, while this program has edits of its own not saved.
    bool reloadSettings();
    // reloadSettings() when the file changed on disk since it was last read: the tray calls it
    // before each heartbeat, so a licence server address fixed (or a settings file restored) while
    // it runs is the one "Check again" sends to (it kept the one of its start).
    bool followSettingsFile();

    Failure failure() const { return m_failure; }
    DatabaseError databaseError() const { return db ? db->error() : DatabaseError::None; }
    QString errorString() const { return m_error; }

    AppPaths paths;
    const Clock *clock = nullptr;
    const FingerprintSource *fingerprints = nullptr;
    EnvFile env;
    ClientSettings settings;
    QString settingsProblem; // non-empty only with networkSettingsRequired = false
    std::unique_ptr<Database> db;
    std::unique_ptr<SecretKeyStore> keys;
    std::unique_ptr<LicenseLog> log;
    std::unique_ptr<LicenseManager> manager;
    std::unique_ptr<QNetworkAccessManager> network;
    std::unique_ptr<VendorClient> vendor;
    std::unique_ptr<LicenseClient> client;
    std::unique_ptr<setup::SetupStore> store;
    // The language the owner chose; the wizard, the tray and the lock page show it.
    Language language = Language::Indonesian;

private:
    bool fail(Failure failure, const QString &error);
    Failure m_failure = Failure::None;
    QString m_error;
    FileStamp m_envStamp; // the settings file when it was last read
};

} // namespace hotelhub
