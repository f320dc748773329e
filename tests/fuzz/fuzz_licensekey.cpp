// Licence keys as pasted: any text; a parsed key masks and hashes without its secret part.
#include "FuzzSupport.h"
#include "LicenseKey.h"

using namespace hotelhub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const LicenseKey key = LicenseKey::parse(QString::fromUtf8(fuzz::bytes(data, size)));
    if (key.isValid()) {
        if (key.masked() == key.text() || !key.masked().contains(QChar(0x2022)))
            fuzz::finding("the masked key shows the whole key");
        if (!key.hash().startsWith(QLatin1String("sha256:")) || key.hash().size() != 71)
            fuzz::finding("a key hash that is not sha256:<64 hex>");
    } else if (key.problemText().isEmpty() || key.problemCode().isEmpty()) {
        fuzz::finding("a refused key without a reason");
    }
    return 0;
}
