#include "SetupContext.h"

namespace hotelhub::setup {

std::unique_ptr<SetupContext> SetupContext::open(const AppPaths &paths, const Clock &clock, const FingerprintSource &fingerprints, QString *error)
{
    auto c = std::make_unique<SetupContext>();
    if (c->Installation::open(paths, clock, fingerprints))
        return c;
    if (error)
        *error = c->errorString();
    return nullptr;
}

} // namespace hotelhub::setup
