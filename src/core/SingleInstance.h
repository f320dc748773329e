// One running copy per program, user session and data folder (the tray, the wizard): a second
// start asks the first to show its window and exits. A local socket named after the three; a
// stale one left by a crash is replaced.
#pragma once

#include <QLocalServer>
#include <QObject>
#include <QString>

namespace hotelhub {

class SingleInstance : public QObject
{
    Q_OBJECT
public:
    SingleInstance(const QString &program, const QString &dataDir, QObject *parent = nullptr);

    // False when another copy answered (it was asked to show itself): this one should exit.
    // Otherwise this becomes the running copy; showRequested() fires for each later start.
    bool claim();
    QString name() const { return m_name; }

Q_SIGNALS:
    void showRequested();

private:
    bool forwardToRunning();
    QString m_name;
    QLocalServer m_server;
};

} // namespace hotelhub
