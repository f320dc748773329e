// Group commit for the vendor server's SQLite store. Commits run without a sync of their own
// (synchronous=NORMAL); a reply waits instead for one sync of the log that *began after* its
// commit returned. One sync then covers every commit made while the previous one ran, so under
// load the disk sees one flush per batch, not one per heartbeat, and no reply is sent before
// its change is on disk.
//
// Under load a sync begins no sooner than `pace` after the previous one ended, so that the commits
// of those moments share it (each sync of the log cost the server about 110 µs of CPU on the
// benchmark's VM, and with no pause one covered 1.4 heartbeats; issue 14). A commit after a quiet
// spell is synced at once: the pause only ever follows a sync.
#pragma once

#include <QtGlobal>

#include <atomic>
#include <chrono>
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
    static constexpr std::chrono::microseconds kPace{2000};
    explicit GroupCommit(std::function<bool()> sync, std::chrono::microseconds pace = kPace);
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
    const std::chrono::microseconds m_pace;
    std::mutex m_mutex;
    std::condition_variable m_wake;   // a commit waits (afterSync)
    std::condition_variable m_stop;   // the destructor: ends a pause early
    std::vector<std::function<void(bool)>> m_waiting;
    bool m_stopping = false;
    std::atomic<quint64> m_syncs{0};
    std::atomic<bool> m_failed{false};
    std::thread m_thread;
};

} // namespace hotelhub::service
