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
    // Queues `text` (whole lines, UTF-8) for stderr with every licence key in it masked
    // (LicenseKey::maskInText, keys the server has met included): what the server says while it
    // serves names the paths an admin gave, a key in a --db path among them (helper-49: the
    // "listening on" line, the database's alarms and the stop message printed it whole). Never
    // blocks on stderr itself.
    static void write(std::string_view text);
    // The same without the mask, for the access log alone: one line a request, written with no
    // key in it (the path of a request is "-" unless it is one of the API's own), and on the
    // request thread, where the mask's cost would be the heartbeat's.
    static void writeUnmasked(std::string_view text);
    // Waits until what is queued has been written, at most `timeout`; false if stderr did not
    // take it in time (the server then stops anyway: its answers matter, its log lines less).
    static bool flush(std::chrono::milliseconds timeout);
};

} // namespace hotelhub::service
