// The client's reading of any vendor reply (status, content type, body): exactly one error kind,
// a garbage or hostile reply never passes as success, and no detail carries control characters.
#include "FuzzSupport.h"
#include "VendorClient.h"

using namespace hotelhub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QList<QByteArray> f = fuzz::fields(data, size, 3);
    const int status = f[0].isEmpty() ? 200 : 100 + int(uchar(f[0][0])) * 2; // 100…610
    const VendorResult r = VendorClient::classify(status, f[1], f[2]);
    if (r.ok() && (status < 200 || status > 299))
        fuzz::finding("a non-2xx reply passed as success");
    if (status == 429 && r.error != VendorError::RateLimited)
        fuzz::finding("a 429 that is not rate_limited");
    for (const QChar c : r.detail)
        if (c.category() == QChar::Other_Control && c != u'\n')
            fuzz::finding("a control character in the detail");
    return 0;
}
