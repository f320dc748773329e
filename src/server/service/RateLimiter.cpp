#include "RateLimiter.h"

#include <QMutexLocker>

namespace hotelhub::service {

bool RateLimiter::allow(const QString &key, qint64 nowMs, int *retryAfter)
{
    QMutexLocker lock(&m_mutex);
    if (nowMs - m_lastSweep > 60000) {
        for (auto it = m_hits.begin(); it != m_hits.end();)
            it = (it->empty() || nowMs - it->back() > 60000) ? m_hits.erase(it) : std::next(it);
        m_lastSweep = nowMs;
    }
    std::deque<qint64> &hits = m_hits[key];
    while (!hits.empty() && nowMs - hits.front() >= 60000)
        hits.pop_front();
    if (int(hits.size()) >= m_limit) {
        *retryAfter = int((60000 - (nowMs - hits.front())) / 1000) + 1;
        return false;
    }
    hits.push_back(nowMs);
    return true;
}

} // namespace hotelhub::service
