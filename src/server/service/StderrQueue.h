// The vendor server's standard error, written by a thread of its own. Whatever a request thread
// says there (the access log, SQLite's damage reports, Qt's warnings) is queued and written in
// batches, so a stderr that nobody drains (a pipe whose reader stopped, a stalled journal) never
// holds a reply, a commit or a shutdown. At most 8 MiB wait; what does not fit is counted and said
// as one {"time":…,"dropped":N} line once stderr moves again.
#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

namespace hotelhub::service {

class StderrQueue
{
public:
    // Queues `text` (whole lines) for stderr; never blocks on stderr itself.
    static void write(std::string_view text);
    // Waits until what is queued has been written, at most `timeout`; false if stderr did not
    // take it in time (the server then stops anyway: its answers matter, its log lines less).
    static bool flush(std::chrono::milliseconds timeout);
};

} // namespace hotelhub::service
