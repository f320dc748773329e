#include "SetupContext.h"

#include <QFileInfo>

namespace hotelhub::setup {

std::unique_ptr<SetupContext> SetupContext::open(const AppPaths &paths, const Clock &clock, const FingerprintSource &fingerprints, QString *error)
{
    auto c = std::make_unique<SetupContext>();
    c->paths = paths;
    c->clock = &clock;
    c->fingerprints = &fingerprints;
    if (!c->env.load(paths.envFile)) {
        *error = c->env.errorString();
        return nullptr;
    }
    if (!paths.ensureDataDir(error))
        return nullptr;
    c->db = std::make_unique<Database>(paths.databaseFile());
    if (!c->db->open()) {
        *error = c->db->errorString();
        return nullptr;
    }
    c->keys = std::make_unique<SecretKeyStore>(paths.dataDir);
    c->log = std::make_unique<LicenseLog>(paths.logDir(), clock);
    c->manager = std::make_unique<LicenseManager>(paths, c->env, *c->db, clock, fingerprints, *c->keys, c->log.get());
    const ClientSettings settings = ClientSettings::fromEnv(c->env, QFileInfo(paths.envFile).absolutePath());
    if (!settings.problem.isEmpty()) {
        *error = settings.problem;
        return nullptr;
    }
    c->network = std::make_unique<QNetworkAccessManager>();
    c->vendor = std::make_unique<VendorClient>(*c->network, clock, settings.clientOptions());
    c->client = std::make_unique<LicenseClient>(*c->manager, *c->vendor, clock, settings);
    c->store = std::make_unique<SetupStore>(*c->db, *c->manager, clock);
    return c;
}

} // namespace hotelhub::setup
