// One exchange with the vendor at a time per data folder, across processes: the tray, the CLI
// and the systemd timer share it (README "Token chain"). A lock file in the data folder
// (QLockFile: on Windows and Unix alike); one left by a crashed process is taken over, since its
// process is gone, or after the longest an exchange can take.
#pragma once

#include <QLockFile>
#include <QObject>
#include <QTimer>
#include <functional>

namespace hotelhub {

class ExchangeLock : public QObject
{
    Q_OBJECT
public:
    // `exchangeMs`: the longest one exchange may hold the lock (the request timeout).
    ExchangeLock(const QString &dataDir, int exchangeMs, int pollMs = 100, QObject *parent = nullptr);
    ~ExchangeLock() override;

    // Takes the lock, waiting up to `maxWaitMs` without blocking the event loop, then calls
    // `ready(acquired, waited)` once (at once when the lock is free).
    void acquire(int maxWaitMs, std::function<void(bool acquired, bool waited)> ready);
    void abandon(); // stops waiting; `ready` is not called
    void release();
    bool isHeld() const { return m_held; }
    QString path() const { return m_path; }

    static QString fileName() { return QStringLiteral("license-exchange.lock"); }

private:
    void poll();

    QString m_path;
    QLockFile m_file;
    QTimer m_timer;
    std::function<void(bool, bool)> m_ready;
    qint64 m_deadline = 0;
    bool m_held = false;
};

} // namespace hotelhub
