// The tray's storage and network side, on a thread of its own (issue 16 §4): its own connection
// to the licence database, its own vendor client, the heartbeat runner and the sheet checks.
// Every write, and so every wait for a lock another program holds, happens here. The GUI thread
// only reads (WAL readers never wait for a writer) and shows what this object reports, so the
// window, the banners and the local API keep answering while a write waits.
#pragma once

#include "HeartbeatRunner.h"
#include "Installation.h"
#include "SheetMode.h"

#include <QObject>
#include <QTimer>
#include <memory>

namespace hotelhub::tray {

class TrayEngine : public QObject
{
    Q_OBJECT
public:
    // Nothing is opened here: open() runs on the engine's thread, so the database connection
    // belongs to it.
    TrayEngine(AppPaths paths, const Clock &clock, const FingerprintSource &fingerprints, StoreAccess access = StoreAccess::ReadWrite);
    ~TrayEngine() override;

    // Each of these is called on the engine's thread (TrayController queues them).
    void open();
    void start();
    // Records the evaluation at the clock's now (a state change is audited once).
    void record();
    // "Refresh now" with the caller's `id`: answered by refreshAccepted(id) and later
    // heartbeatFinished, or by refreshRefused(id, seconds to wait).
    void refresh(quint64 id);
    void checkSheet();
    void dismissWarning();
    void unpair(const QString &reason);

    static constexpr int kSheetLookMs = 60 * 1000;

Q_SIGNALS:
    void opened(const QString &error); // empty when ready
    void statusChanged(const hotelhub::LicenseStatus &status);
    void heartbeatStarted();
    void heartbeatFinished(const hotelhub::ClientOutcome &outcome);
    void refreshAccepted(quint64 id);
    void refreshRefused(quint64 id, int waitSecs);
    void sheetChecked();
    // A check of the sheet that fetched (or tried to): how it ended, for the one who asked.
    // `message`: SheetCheck::failureText() when it failed.
    void sheetCheckFinished(bool fetchOk, const QString &code, const QString &message, const QString &action);
    void warningDismissed();
    void unpairFinished(const hotelhub::ClientOutcome &outcome);

private:
    AppPaths m_paths;
    const Clock &m_clock;
    const FingerprintSource &m_fingerprints;
    StoreAccess m_access;
    std::unique_ptr<Installation> m_ctx;
    HeartbeatRunner *m_runner = nullptr;
    std::unique_ptr<SheetMode> m_sheet;
    QTimer m_sheetTimer{this}; // a child, so it moves to the engine thread with it
};

} // namespace hotelhub::tray
