#include "ExchangeLock.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

namespace hotelhub {

namespace {
constexpr int kPollMs = 100;
}

ExchangeLock::ExchangeLock(const QString &dataDir, int exchangeMs, int pollMs, QObject *parent)
    : QObject(parent)
    , m_path(QDir(dataDir).filePath(fileName()))
    , m_file(m_path)
{
    // Stale when its process is gone (QLockFile checks the PID on this host), or when it is
    // older than any exchange can last.
    m_file.setStaleLockTime(exchangeMs + 60000);
    m_timer.setInterval(pollMs > 0 ? pollMs : kPollMs);
    connect(&m_timer, &QTimer::timeout, this, &ExchangeLock::poll);
}

ExchangeLock::~ExchangeLock() { release(); }

void ExchangeLock::acquire(int maxWaitMs, std::function<void(bool, bool)> ready)
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    if (m_held || m_file.tryLock(0)) {
        m_held = true;
        ready(true, false);
        return;
    }
    if (m_file.error() != QLockFile::LockFailedError) {
        // Permission denied or an unknown error (a read-only data folder): nothing to wait for.
        ready(false, false);
        return;
    }
    m_ready = std::move(ready);
    m_deadline = QDateTime::currentMSecsSinceEpoch() + maxWaitMs;
    m_timer.start();
}

void ExchangeLock::poll()
{
    if (m_file.tryLock(0)) {
        m_held = true;
        m_timer.stop();
        auto ready = std::move(m_ready);
        ready(true, true);
        return;
    }
    if (QDateTime::currentMSecsSinceEpoch() >= m_deadline) {
        m_timer.stop();
        auto ready = std::move(m_ready);
        ready(false, true);
    }
}

void ExchangeLock::abandon()
{
    m_timer.stop();
    m_ready = nullptr;
}

void ExchangeLock::release()
{
    m_timer.stop();
    if (m_held)
        m_file.unlock();
    m_held = false;
}

} // namespace hotelhub
