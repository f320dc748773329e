// Group commit for the vendor server's SQLite store. Commits run without a sync of their own
// (synchronous=NORMAL); a reply waits instead for one sync of the log that *began after* its
// commit returned. One sync then covers every commit made while the previous one ran, so under
// load the disk sees one flush per batch, not one per heartbeat, and no reply is sent before
// its change is on disk.
#pragma once

#include <QtGlobal>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hotelhub::service {

class GroupCommit
{
public:
    // `sync` flushes the log to disk; false when it could not (then nothing waiting is durable).
    explicit GroupCommit(std::function<bool()> sync);
    // Releases everyone still waiting after one last sync.
    ~GroupCommit();
    GroupCommit(const GroupCommit &) = delete;
    GroupCommit &operator=(const GroupCommit &) = delete;

    // Calls `done(durable)` on the sync thread once a sync that began after this call has ended.
    // `done` must be quick (hand the reply to its connection's thread).
    void afterSync(std::function<void(bool durable)> done);
    quint64 syncs() const { return m_syncs.load(std::memory_order_relaxed); }
    // A sync has failed: every later one reports failure too, until the process restarts.
    bool failed() const { return m_failed.load(); }

    // Flushes the file at `path` (the SQLite WAL) to disk. False when it cannot: a failed flush,
    // or no file there (its folder moved or was deleted while the server ran).
    static bool syncFile(const QString &path);

private:
    void run();

    std::function<bool()> m_sync;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<std::function<void(bool)>> m_waiting;
    bool m_stopping = false;
    std::atomic<quint64> m_syncs{0};
    std::atomic<bool> m_failed{false};
    std::thread m_thread;
};

} // namespace hotelhub::service
