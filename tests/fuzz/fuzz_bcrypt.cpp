// bcrypt hash parsing (Botan's check_bcrypt behind Passwords::bcryptVerifyBytes): any stored hash
// text and password. A malformed hash verifies nothing and never throws. Costs above 6 are
// skipped so that each run stays fast.
#include "FuzzSupport.h"
#include "setup/SetupRules.h"

using namespace hotelhub::setup;
namespace fuzz = hotelhub::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QList<QByteArray> f = fuzz::fields(data, size, 2);
    const QByteArray &hash = f[1];
    if (hash.size() >= 7 && hash[4] >= '0' && hash[4] <= '9' && hash[5] >= '0' && hash[5] <= '9' && (hash[4] - '0') * 10 + (hash[5] - '0') > 6)
        return 0;
    const bool verified = Passwords::bcryptVerifyBytes(f[0], hash);
    if (verified && (hash.size() != 60 || hash[0] != '$' || hash[1] != '2'))
        fuzz::finding("a malformed hash verified a password");
    return 0;
}
