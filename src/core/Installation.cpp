#include "Installation.h"

#include <QFileInfo>

namespace hotelhub {

Installation::~Installation() = default;

bool Installation::fail(Failure failure, const QString &error)
{
    m_failure = failure;
    m_error = error;
    return false;
}

bool Installation::open(const AppPaths &p, const Clock &c, const FingerprintSource &f, const InstallationOptions &options)
{
    paths = p;
    clock = &c;
    fingerprints = &f;
    m_envStamp = FileStamp::of(paths.envFile);
    if (!env.load(paths.envFile))
        return fail(Failure::Settings, env.errorString());
    QString error;
    if (!paths.ensureDataDir(&error, options.access))
        return fail(Failure::DataFolder, error);
    db = std::make_unique<Database>(paths.databaseFile());
    if (!db->open(options.access))
        return fail(Failure::Database, db->errorString());
    keys = std::make_unique<SecretKeyStore>(paths.dataDir);
    log = std::make_unique<LicenseLog>(paths.logDir(), c);
    manager = std::make_unique<LicenseManager>(paths, env, *db, c, f, *keys, log.get());
    settings = ClientSettings::fromEnv(env, QFileInfo(paths.envFile).absolutePath());
    if (!settings.problem.isEmpty()) {
        if (options.networkSettingsRequired)
            return fail(Failure::Settings, settings.problem);
        settingsProblem = settings.problem;
    }
    network = std::make_unique<QNetworkAccessManager>();
    vendor = std::make_unique<VendorClient>(*network, c, settings.clientOptions());
    client = std::make_unique<LicenseClient>(*manager, *vendor, c, settings);
    store = std::make_unique<setup::SetupStore>(*db, *manager, c);
    m_failure = Failure::None;
    m_error.clear();
    return true;
}

bool Installation::reloadSettings()
{
    const FileStamp stamp = FileStamp::of(paths.envFile);
    if (env.hasUnsavedEdits() || !env.load(paths.envFile))
        return false;
    m_envStamp = stamp;
    settings = ClientSettings::fromEnv(env, QFileInfo(paths.envFile).absolutePath());
    settingsProblem = settings.problem;
    if (client)
        client->setSettings(settings);
    return true;
}

bool Installation::followSettingsFile()
{
    // A file gone or emptied (a power cut, an editor caught mid-write) is not followed: the
    // settings in memory are what is left of it (the licence says "settings file missing" until
    // it is restored), and an empty one would send the heartbeat to the default server.
    const FileStamp stamp = FileStamp::of(paths.envFile);
    return stamp != m_envStamp && stamp.size > 0 && reloadSettings();
}

std::unique_ptr<Installation> Installation::create(const AppPaths &paths, const Clock &clock, const FingerprintSource &fingerprints,
                                                   QString *error, const InstallationOptions &options)
{
    auto installation = std::make_unique<Installation>();
    if (installation->open(paths, clock, fingerprints, options))
        return installation;
    if (error)
        *error = installation->errorString();
    return nullptr;
}

} // namespace hotelhub
