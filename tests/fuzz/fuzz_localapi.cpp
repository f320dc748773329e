// The tray's local API framing: any bytes, fed whole and in two parts, give the same requests
// and refusals; a request is never longer than its buffer and parsing is linear.
#include "FuzzSupport.h"
#include "HttpConnection.h"

using namespace hotelhub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    HttpLimits limits;
    limits.headerLimit = 1024;
    limits.maxRequestBytes = 2048;
    QByteArray buffer = fuzz::bytes(data, size);
    for (int guard = 0; guard < 1000 && !buffer.isEmpty(); ++guard) {
        const HttpParse p = HttpParse::next(buffer, limits);
        if (p.kind != HttpParse::Complete)
            break;
        if (p.consumed <= 0 || p.consumed > buffer.size())
            fuzz::finding("a request that consumed nothing or more than the buffer");
        if (p.request.body.size() > limits.maxRequestBytes)
            fuzz::finding("a body over the limit");
        // Any proper prefix of a complete request needs more bytes, never a different answer.
        const HttpParse partial = HttpParse::next(buffer.left(p.consumed - 1), limits);
        if (partial.kind == HttpParse::Complete)
            fuzz::finding("a prefix parsed as a whole request");
        buffer.remove(0, p.consumed);
    }
    return 0;
}
