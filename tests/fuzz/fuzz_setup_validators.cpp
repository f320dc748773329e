// The wizard's validators on any text: WhatsApp numbers, e-mail, NPWP, NSFP, postal codes,
// coordinates, decimals, region codes and names, passwords. A value accepted is stable: its
// normalised form is accepted again and normalises to itself.
#include "FuzzSupport.h"
#include "setup/SetupRules.h"

using namespace hotelhub;
using namespace hotelhub::setup;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size).left(4096));
    QString problem;
    if (const auto wa = SetupRules::normalizeWhatsApp(text, &problem)) {
        const auto again = SetupRules::normalizeWhatsApp(*wa);
        if (!again || *again != *wa)
            fuzz::finding("a normalised WhatsApp number is not stable");
    } else if (problem.isEmpty()) {
        fuzz::finding("a refused WhatsApp number without a reason");
    }
    if (const auto npwp = SetupRules::normalizeNpwp(text)) {
        const auto again = SetupRules::normalizeNpwp(*npwp);
        if (!again || *again != *npwp)
            fuzz::finding("a normalised NPWP is not stable");
    }
    SetupRules::normalizeNsfp(text);
    SetupRules::isValidEmail(text);
    SetupRules::isValidPostalCode(text);
    SetupRules::normalizeName(text);
    if (const auto d = SetupRules::parseDecimal(text); d && !std::isfinite(*d))
        fuzz::finding("a decimal that is not finite");
    // NaN is the documented "typed, but not a number"; never an infinity.
    if (const auto c = SetupRules::parseCoordinate(text); c && std::isinf(*c))
        fuzz::finding("an infinite coordinate");
    Regions::isValidCode(text);
    Regions::suggest(text.left(64), text.mid(64, 64));
    if (text.size() <= 200)
        Passwords::problem(text, {text.left(20)});
    return 0;
}
