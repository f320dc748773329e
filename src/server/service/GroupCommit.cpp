#include "GroupCommit.h"
#include "StderrQueue.h"

#include <QFile>
#include <optional>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

namespace hotelhub::service {

GroupCommit::GroupCommit(std::function<bool()> sync, std::chrono::microseconds pace)
    : m_sync(std::move(sync))
    , m_pace(pace)
    , m_thread([this] { run(); })
{
}

GroupCommit::~GroupCommit()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_stop.notify_all();
    m_thread.join();
}

void GroupCommit::afterSync(std::function<void(bool)> done)
{
    {
        std::lock_guard lock(m_mutex);
        m_waiting.push_back(std::move(done));
    }
    m_wake.notify_one();
}

void GroupCommit::run()
{
    std::vector<std::function<void(bool)>> batch;
    // None yet: the first commit is synced at once. (A default time point is the steady clock's
    // start, on Linux the boot: within the pace of a boot the first sync waited for it.)
    std::optional<std::chrono::steady_clock::time_point> lastSyncEnded;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_waiting.empty(); });
            if (m_waiting.empty())
                return; // stopping, nobody waits
            // The pause after a sync: the commits made meanwhile join this one. Commits do not
            // wake this wait (m_stop, not m_wake); only stopping ends it early.
            if (lastSyncEnded)
                m_stop.wait_until(lock, *lastSyncEnded + m_pace, [this] { return m_stopping; });
            // Whoever registers from here on waits for the next sync: this one may have begun
            // before their commit reached the file.
            batch.swap(m_waiting);
        }
        // Once a sync has failed, none is trusted again until the server restarts: the kernel may
        // have dropped the pages it could not write and report the next sync as a success, over a
        // hole in the log (PostgreSQL stops for the same reason).
        const bool ok = !m_failed.load() && m_sync();
        if (!ok && !m_failed.exchange(true))
            StderrQueue::write("DATABASE NOT SYNCED: writing the vendor database's log to disk failed, or the file is no longer "
                               "where the server opened it. Every change from now on answers 503 and health reports it; check "
                               "the disk and the folder, then restart the server.\n");
        m_syncs.fetch_add(1, std::memory_order_relaxed);
        lastSyncEnded = std::chrono::steady_clock::now();
        for (auto &done : batch)
            done(ok);
        batch.clear();
    }
}

bool GroupCommit::syncFile(const QString &path)
{
#ifdef Q_OS_WIN
    // Shared like SQLite shares it, deletion included, so the last close may still remove it.
    const HANDLE h = CreateFileW(reinterpret_cast<const wchar_t *>(path.utf16()), GENERIC_WRITE,
                                 FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE)
        return false; // gone (the folder moved or was deleted): what was committed is not where the server will look
    const bool ok = FlushFileBuffers(h) != 0;
    CloseHandle(h);
    return ok;
#else
    // Opened by its path each time: a log whose folder was moved or deleted while serving is not
    // where the next start will look, so a commit into it is not durable (the reply is a 503).
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return false;
#if defined(Q_OS_MACOS)
    const bool ok = ::fsync(fd) == 0;
#else
    const bool ok = ::fdatasync(fd) == 0;
#endif
    ::close(fd);
    return ok;
#endif
}

} // namespace hotelhub::service
