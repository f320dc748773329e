// hotelhub-tray: lives with the hotel every day. Runs the heartbeat runner, shows the state in
// the tray (or in the status window when there is no tray), the banners, modals and lock screens
// of STATUS_POLICY.md, and serves the local API. Decisions come from src/core (TrayPolicy,
// StatusPresentation, LocalApi; TrayEngine runs the heartbeats); this file only shows them.
#pragma once

#include "Banner.h"
#include "Installation.h"
#include "LicenseStatusView.h"
#include "LocalApi.h"
#include "LockScreen.h"
#include "SheetMode.h"
#include "TrayEngine.h"
#include "TrayPolicy.h"

#include <QPointer>
#include <QSystemTrayIcon>
#include <optional>
#include <QThread>

namespace hotelhub::tray {

// The tray's window is the shared licence status view, with every action.
using StatusWindow = widgets::LicenseStatusView;

struct TrayOptions
{
    bool windowed = false;     // --windowed, or no system tray
    bool fullScreen = true;    // lock screens cover the screen (tests turn it off)
    bool startApi = true;
    QHostAddress apiAddress = QHostAddress::LocalHost;
    quint16 apiPort = 3100;
    HttpLimits apiLimits;       // the local API's per-connection limits and deadlines
    int apiMaxConnections = 64; // open local API connections at most
    int apiRetryMs = 60 * 1000; // a port that is taken is tried again this often
    // What another program recorded (the CLI's heartbeat, a suspension, an unpairing) is shown
    // within this long: the store is looked at this often, and read again only when it changed.
    int followStoreMs = 5 * 1000;
    // ReadOnlyAllowed: a full disk or a read-only data folder opens the store for reading, so the
    // state is still shown and the local API still answers (the engine opens it the same way).
    StoreAccess access = StoreAccess::ReadWrite;
};

class TrayController : public QObject
{
    Q_OBJECT
public:
    TrayController(Installation &ctx, const Clock &clock, TrayOptions options, QObject *parent = nullptr);
    ~TrayController() override;

    bool start(QString *error);

    // The local API's secret could not be saved (a full disk): it lives in memory until the tray

    // opens the folder again.

    bool apiSecretInMemory() const { return m_apiSecretInMemory; }
    // Evaluates now (the clock's now) and updates every surface; the runner calls it too.
    void evaluate();
    void showStatusWindow();

    TraySurface surface() const { return m_surface; }
    // An icon docked in a tray host (one may appear after the monitor started: it is watched for).
    bool hasTray() const { return m_tray != nullptr && m_trayDocked; }
    static constexpr int kTrayWatchMs = 2000;
    bool sheetMode() const { return m_sheet != nullptr; }
    // Sheet mode: read the sheet now (the "Check again" of a sheet-mode install).
    void checkSheet();
    QString iconName() const { return m_iconName; }
    // The windows are made when first shown (or asked for here): an idle monitor, the usual case
    // all day, holds none of their widgets, fonts and text layouts.
    StatusWindow *statusWindow();
    Banner *banner();
    LockScreen *lockScreen();
    LocalApi *api() const { return m_api; }
    // Why the local API is not listening (its port is taken or reserved), empty while it is. The
    // monitor runs on without it and tries again every apiRetryMs.
    QString apiProblem() const { return m_apiProblem; }
    // "Refresh now" from any surface: the engine answers on its thread, `done` runs on this one.
    void requestRefresh(std::function<void(const RefreshAnswer &)> done);

Q_SIGNALS:
    void notified(const QString &title, const QString &text);
    void migrateLaunched();
    // The owner chose to quit the monitor when closing its window (there is no tray).
    void quitRequested();
    // A tray host appeared after the start and the icon docked in it.
    void trayDocked();
    // Forwarded from the engine thread.
    void heartbeatStarted();
    void heartbeatFinished(const hotelhub::ClientOutcome &outcome);
    // The engine could not open the installation (its message).
    void engineFailed(const QString &error);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void apply(const LicenseStatus &status);
    LicenseStatus shownStatus() const; // the state as the store holds it now, read on this thread
    void launchMigrate();
    // The status window's "Offline activation": a renewal request, and the answer applied.
    void activateOffline();
    void unpair();
    LocalStatus localStatus();
    void onHeartbeatFinished(const ClientOutcome &outcome);
    // A refresh asked from a surface: the outcome is shown in the window and notified.
    void refreshFromSurface();
    // The outcome of a check the owner (`notify`: a notice too when it failed) or the HMS asked
    // for, in the status window.
    void showRefreshOutcome(const RefreshAnswer &a, bool notify);
    // The status window's outcome line, kept here while the window does not exist yet.
    void setOutcome(const QString &text, bool failed, const QString &help = {});
    // How a check asked for ended (or that it runs): the window's line and the lock screen's.
    void setCheckOutcome(const QString &text, bool failed, const QString &help = {});
    // A notice: the notified signal, and the tray's balloon when there is a tray.
    void tell(const QString &title, const QString &text, QSystemTrayIcon::MessageIcon icon);
    // Work for the engine's thread (nothing once the controller is closing).
    template<typename F> void onEngine(F &&f)
    {
        if (m_engine)
            QMetaObject::invokeMethod(m_engine, std::forward<F>(f), Qt::QueuedConnection);
    }

    Installation &m_ctx;
    const Clock &m_clock;
    TrayOptions m_options;
    bool m_apiSecretInMemory = false;
    QThread m_engineThread;
    TrayEngine *m_engine = nullptr; // lives on m_engineThread
    quint64 m_nextRefreshId = 1;
    QHash<quint64, std::function<void(const RefreshAnswer &)>> m_refreshAsked, m_refreshAccepted;
    LocalApi *m_api = nullptr;
    QString m_apiProblem;
    QTimer *m_apiRetry = nullptr;
    void listenApi();
    QSystemTrayIcon *m_tray = nullptr;
    QPointer<StatusWindow> m_status;
    QPointer<Banner> m_banner;
    QPointer<LockScreen> m_lockScreen;
    QString m_outcome;                         // what the status window's outcome line says
    bool m_outcomeFailed = false;
    QString m_lastFailure;                     // the last asked-for check's failure, until one succeeds
    QString m_lastFailureHelp;                 // its help page
    QString m_outcomeHelp;
    QList<HeartbeatHistoryEntry> m_unrecorded; // checks the database could not record, for the window's chart
    std::unique_ptr<SheetMode> m_sheet; // seed 004: no vendor server, the Google Sheet decides (read here, checked by the engine)
    std::optional<LicenseStatus> m_notified;
    LicenseStatus m_screenStatus;
    std::optional<LicenseStatus> m_applied; // what apply() showed last
    TraySurface m_surface = TraySurface::None;
    QString m_iconName;
    QList<std::function<void(const RefreshAnswer &)>> m_sheetRefreshWaiting; // the local API's "check now" in sheet mode
    QDateTime m_lastSheetRefresh;   // the last one it started (at most one a minute)
    bool m_sheetCheckAsked = false; // "Check again" in sheet mode: its outcome is said when the check ends
    bool m_statusSized = false;
    bool m_trayDocked = false;
    bool m_quitting = false;
};

} // namespace hotelhub::tray
