#include "StderrQueue.h"

#include "LicenseKey.h"

#include <QDateTime>
#include <QString>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

namespace hotelhub::service {

namespace {
constexpr std::size_t kMaxPending = 8 * 1024 * 1024;
constexpr std::size_t kBatch = 64 * 1024;

// Made on first use and never destroyed: its thread may be blocked in a write to a stderr nobody
// reads when the process ends, and must not be joined then.
struct Queue
{
    std::mutex mutex;
    std::condition_variable wake;    // the writer: work to do
    std::condition_variable written; // flush(): the queue is empty
    std::string pending;
    unsigned long long dropped = 0;
    bool writing = false;
    unsigned long long batches = 0;         // batches written out so far
    unsigned long long gaveUpAt = ~0ULL;    // `batches` when a flush last gave up waiting

    Queue()
    {
        std::thread([this] { run(); }).detach();
    }

    static void writeAll(const char *data, std::size_t size)
    {
        // Straight to the descriptor: no stdio lock is held while the pipe is full, so other
        // threads' stdio (and this queue) never wait behind it.
        while (size > 0) {
#ifdef _WIN32
            const int n = ::_write(2, data, unsigned(std::min<std::size_t>(size, 1 << 20)));
#else
            const ssize_t n = ::write(2, data, size);
#endif
            if (n <= 0)
                return; // stderr closed or broken: the lines are lost, serving goes on
            data += n;
            size -= std::size_t(n);
        }
    }

    void run()
    {
        std::string batch;
        for (;;) {
            unsigned long long lost = 0;
            {
                std::unique_lock lock(mutex);
                // Asleep while nothing waits (an idle server's stderr thread never wakes); from the
                // first line on, every 100 ms, or as soon as 64 KiB wait: one write for many lines.
                wake.wait(lock, [this] { return !pending.empty() || dropped > 0; });
                wake.wait_for(lock, std::chrono::milliseconds(100), [this] { return pending.size() >= kBatch; });
                if (pending.empty() && dropped == 0) {
                    written.notify_all();
                    continue;
                }
                batch.swap(pending);
                lost = dropped;
                dropped = 0;
                writing = true;
            }
            writeAll(batch.data(), batch.size());
            if (lost > 0) {
                char line[96];
                const QByteArray stamp = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toLatin1();
                const int n = std::snprintf(line, sizeof line, "{\"time\":\"%s\",\"dropped\":%llu}\n", stamp.constData(), lost);
                if (n > 0)
                    writeAll(line, std::size_t(n));
            }
            batch.clear();
            std::lock_guard lock(mutex);
            writing = false;
            ++batches;
            if (pending.empty())
                written.notify_all();
        }
    }
};

Queue &queue()
{
    static Queue *q = new Queue;
    return *q;
}
} // namespace

void StderrQueue::write(std::string_view text)
{
    const QString masked = LicenseKey::maskInText(QString::fromUtf8(text.data(), qsizetype(text.size())));
    writeUnmasked(masked.toUtf8().toStdString());
}

void StderrQueue::writeUnmasked(std::string_view text)
{
    Queue &q = queue();
    bool wake = false;
    {
        std::lock_guard lock(q.mutex);
        if (q.pending.size() + text.size() > kMaxPending) {
            ++q.dropped;
            return;
        }
        const bool wasEmpty = q.pending.empty();
        q.pending.append(text);
        wake = wasEmpty || (q.pending.size() >= kBatch && q.pending.size() - text.size() < kBatch);
    }
    if (wake)
        q.wake.notify_one();
}

bool StderrQueue::flush(std::chrono::milliseconds timeout)
{
    Queue &q = queue();
    std::unique_lock lock(q.mutex);
    const auto empty = [&q] { return q.pending.empty() && !q.writing && q.dropped == 0; };
    // A stderr that took nothing since a flush last gave up is not waited for again: the stop's
    // flushes (the last connections, the server's end, the stop message) share one wait, not
    // one each (they took 8-10 s together behind a pipe nobody read).
    if (q.gaveUpAt == q.batches)
        return empty();
    q.wake.notify_one();
    const bool done = q.written.wait_for(lock, timeout, empty);
    if (!done)
        q.gaveUpAt = q.batches;
    return done;
}

} // namespace hotelhub::service
