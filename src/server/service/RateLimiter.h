// Per-key attempt limit over a sliding minute (pairing and migration attempts per source address).
#pragma once

#include <QHash>
#include <QMutex>
#include <QString>
#include <deque>

namespace hotelhub::service {

// Sliding one-minute window per key; memory is bounded by evicting idle keys.
class RateLimiter
{
public:
    explicit RateLimiter(int perMinute) : m_limit(perMinute) {}
    // Records an attempt; false when the key is over its limit. `retryAfter` gets the seconds.
    bool allow(const QString &key, qint64 nowMs, int *retryAfter);

private:
    QMutex m_mutex;
    int m_limit;
    QHash<QString, std::deque<qint64>> m_hits;
    qint64 m_lastSweep = 0;
};

} // namespace hotelhub::service
