#include "TrayController.h"
#include "Crypto.h"
#include "Diagnostic.h"
#include "DiskSpace.h"
#include "HeartbeatRunner.h"
#include "OfflineActivationDialog.h"
#include "ProductIcon.h"
#include "Redact.h"
#include "LicenseLog.h"
#include "TrayText.h"

#include <QApplication>
#include <QCoreApplication>
#include <QEvent>
#include <QEventLoop>
#include <QFileInfo>
#include <QGuiApplication>
#include <QIcon>
#include <QMenu>
#include <QMessageBox>
#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QPushButton>
#include <QScreen>
#include <QTextStream>
#include <QTimer>

#include <utility>

namespace hotelhub::tray {

namespace {
QIcon stateIcon(const QString &name) { return widgets::productIcon(name); }
} // namespace

TrayController::TrayController(Installation &ctx, const Clock &clock, TrayOptions options, QObject *parent)
    : QObject(parent)
    , m_ctx(ctx)
    , m_clock(clock)
    , m_options(options)
{
    if (SheetModeSettings::enabled(ctx.env)) {
        m_sheet = std::make_unique<SheetMode>(ctx.paths, SheetModeSettings::fromEnv(ctx.env), *ctx.manager, *ctx.keys, clock);
    }
    // Writes and waits happen on the engine's thread, with its own database connection; this
    // thread reads and shows.
    static const FingerprintSource systemFingerprints;
    m_engine = new TrayEngine(ctx.paths, clock, ctx.fingerprints ? *ctx.fingerprints : systemFingerprints, options.access);
    m_engine->moveToThread(&m_engineThread);
    m_engineThread.setObjectName(QStringLiteral("hotelhub-tray-engine"));
    connect(&m_engineThread, &QThread::finished, m_engine, &QObject::deleteLater);
    connect(m_engine, &TrayEngine::opened, this, [this](const QString &error) {
        if (!error.isEmpty())
            Q_EMIT engineFailed(error);
    });
    // The runner has evaluated (and recorded): what is shown is read again here, from the store as
    // it is now. The engine's status travels through the queue, and one evaluated before a fresher
    // one shown here (another program's write, read by evaluate()) arrived after it: a suspension
    // showed "active" for a moment, the lock screen hid and came back.
    connect(m_engine, &TrayEngine::statusChanged, this, [this] { apply(shownStatus()); });
    connect(m_engine, &TrayEngine::heartbeatStarted, this, &TrayController::heartbeatStarted);
    connect(m_engine, &TrayEngine::heartbeatFinished, this, &TrayController::onHeartbeatFinished);
    connect(m_engine, &TrayEngine::refreshAccepted, this, [this](quint64 id) {
        if (auto done = m_refreshAsked.take(id))
            m_refreshAccepted.insert(id, done);
    });
    connect(m_engine, &TrayEngine::refreshRefused, this, [this](quint64 id, int wait) {
        if (auto done = m_refreshAsked.take(id)) {
            RefreshAnswer a;
            a.refused = true;
            a.waitSecs = wait;
            done(a);
        }
    });
    connect(m_engine, &TrayEngine::sheetChecked, this, &TrayController::evaluate);
    // Said under the buttons, as a heartbeat's is: a failed check said nothing, and the owner saw
    // "suspended" unchanged while the sheet's address was wrong (helper-55).
    connect(m_engine, &TrayEngine::sheetCheckFinished, this, [this](bool ok, const QString &code, const QString &message, const QString &action) {
        // The HMS's "check now" through the local API waits for this check's outcome.
        RefreshAnswer answer;
        answer.sheet = true;
        answer.sheetOk = ok;
        answer.sheetCode = code; // SheetCheck::fetchCode: "ok" or the failure's code, never empty
        for (const auto &done : std::exchange(m_sheetRefreshWaiting, {}))
            done(answer);
        if (!std::exchange(m_sheetCheckAsked, false))
            return;
        if (ok)
            setCheckOutcome(tr("The licence sheet was checked just now."), false);
        else
            setCheckOutcome(message + (action.isEmpty() ? QString() : u'\n' + action), true);
    });
    connect(m_engine, &TrayEngine::warningDismissed, this, &TrayController::evaluate);
    connect(m_engine, &TrayEngine::unpairFinished, this, [this](const ClientOutcome &o) {
        const VendorErrorText t = o.text(m_ctx.client->settings());
        if (!o.ok())
            QMessageBox::warning(statusWindow(), tr("Unpair"), t.message + u'\n' + t.action);
        else if (!o.warning.isEmpty()) {
            const VendorErrorText w = VendorErrors::envClearWarning(o.warning);
            QMessageBox::warning(statusWindow(), tr("Unpair"), w.message + QStringLiteral("\n→ ") + w.action);
        }
        evaluate();
    });
    // The icon is made even when no tray host is up yet (autostart at login often wins that race):
    // once a host appears the icon docks, and the window stops being the main window.
    if (!m_options.windowed) {
        m_tray = new QSystemTrayIcon(this);
        // An icon before start() shows it (Qt shows none without one, and says "No Icon set" on
        // stderr); the licence's own replaces it in the same turn of the event loop.
        m_tray->setIcon(stateIcon(QStringLiteral("unpaired")));
        auto *menu = new QMenu;
        menu->addAction(tr("Licence status"), this, &TrayController::showStatusWindow);
        menu->addAction(tr("Check now"), this, &TrayController::refreshFromSurface);
        menu->addSeparator();
        menu->addAction(tr("Quit monitor"), qApp, &QCoreApplication::quit);
        m_tray->setContextMenu(menu);
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
            if (r == QSystemTrayIcon::Trigger || r == QSystemTrayIcon::DoubleClick)
                showStatusWindow();
        });
    }
    m_engineThread.start();
    onEngine([e = m_engine] { e->open(); });
}

TrayController::~TrayController()
{
    // Nothing more is asked of the engine and nothing it says is heard. Work already queued (a
    // dismissal, a record) is done first, then its thread ends and deletes the engine and its
    // database connection there.
    disconnect(m_engine, nullptr, this, nullptr);
    TrayEngine *engine = std::exchange(m_engine, nullptr);
    QMetaObject::invokeMethod(engine, [thread = &m_engineThread] { thread->quit(); }, Qt::QueuedConnection);
    // Served while waiting: the engine may be waiting for this thread (the OS key store's jobs run
    // on the application's thread).
    if (!m_engineThread.isFinished()) {
        QEventLoop loop;
        connect(&m_engineThread, &QThread::finished, &loop, &QEventLoop::quit);
        if (!m_engineThread.isFinished())
            loop.exec();
    }
    m_engineThread.wait();
    delete m_status;
    delete m_banner;
    delete m_lockScreen;
    if (m_tray)
        delete m_tray->contextMenu();
}

StatusWindow *TrayController::statusWindow()
{
    if (m_status)
        return m_status;
    m_status = new StatusWindow(m_ctx, StatusWindow::CheckAgain | StatusWindow::Move | StatusWindow::Diagnose | StatusWindow::Unpair
                                           | StatusWindow::Offline);
    m_status->setObjectName(QStringLiteral("trayStatus"));
    m_status->setSheet(m_sheet.get());
    m_status->resize(640, 720);
    m_status->setWindowIcon(stateIcon(m_iconName.isEmpty() ? QStringLiteral("unpaired") : m_iconName));
    for (const HeartbeatHistoryEntry &entry : std::as_const(m_unrecorded))
        m_status->addUnrecorded(entry);
    m_status->setOutcome(m_outcome, m_outcomeFailed, m_outcomeHelp);
    connect(m_status, &StatusWindow::checkAgainRequested, this, &TrayController::refreshFromSurface);
    connect(m_status, &StatusWindow::migrateRequested, this, &TrayController::launchMigrate);
    connect(m_status, &StatusWindow::unpairRequested, this, &TrayController::unpair);
    connect(m_status, &StatusWindow::offlineRequested, this, &TrayController::activateOffline);
    m_status->installEventFilter(this);
    return m_status;
}

Banner *TrayController::banner()
{
    if (!m_banner) {
        m_banner = new Banner;
        connect(m_banner, &Banner::dismissed, this, [this] { onEngine([e = m_engine] { e->dismissWarning(); }); });
    }
    return m_banner;
}

LockScreen *TrayController::lockScreen()
{
    if (!m_lockScreen) {
        m_lockScreen = new LockScreen(m_ctx);
        connect(m_lockScreen, &LockScreen::checkAgain, this, &TrayController::refreshFromSurface);
        connect(m_lockScreen, &LockScreen::migrate, this, &TrayController::launchMigrate);
        connect(m_lockScreen, &LockScreen::offlineRequested, this, &TrayController::activateOffline);
    }
    return m_lockScreen;
}

void TrayController::setCheckOutcome(const QString &text, bool failed, const QString &help)
{
    setOutcome(text, failed, help);
    // The lock screen too, hidden or not: a check may hide it a moment and show it again.
    if (m_lockScreen)
        m_lockScreen->setOutcome(text, failed, help);
}

void TrayController::setOutcome(const QString &text, bool failed, const QString &help)
{
    m_outcome = text;
    m_outcomeFailed = failed;
    m_outcomeHelp = help;
    if (m_status)
        m_status->setOutcome(text, failed, help);
}

void TrayController::checkSheet()
{
    if (m_sheet)
        onEngine([e = m_engine] { e->checkSheet(); });
}

void TrayController::requestRefresh(std::function<void(const RefreshAnswer &)> done)
{
    if (m_sheet) {
        // The sheet read again, at most once a minute as a heartbeat is (a published sheet
        // answers 429 to a caller that asks too often); it answered 503 "no heartbeat runner"
        // in sheet mode (helper-55, helper-57).
        const QDateTime now = m_clock.now();
        if (m_lastSheetRefresh.isValid() && m_lastSheetRefresh <= now && m_lastSheetRefresh.secsTo(now) < HeartbeatRunner::kRefreshIntervalSecs) {
            RefreshAnswer a;
            a.refused = true;
            a.waitSecs = int(HeartbeatRunner::kRefreshIntervalSecs - m_lastSheetRefresh.secsTo(now));
            QTimer::singleShot(0, this, [done, a] { done(a); });
            return;
        }
        m_lastSheetRefresh = now;
        m_sheetCheckAsked = true; // its outcome is said in the status window too, as a heartbeat's is
        const bool checking = !m_sheetRefreshWaiting.isEmpty();
        m_sheetRefreshWaiting.append(std::move(done));
        if (!checking)
            checkSheet();
        return;
    }
    const quint64 id = m_nextRefreshId++;
    m_refreshAsked.insert(id, std::move(done));
    onEngine([e = m_engine, id] { e->refresh(id); });
}

void TrayController::refreshFromSurface()
{
    if (m_sheet) {
        setCheckOutcome(tr("Checking the licence sheet…"), false);
        m_sheetCheckAsked = true;
        checkSheet();
        return;
    }
    setCheckOutcome(tr("Checking the licence with the vendor…"), false);
    requestRefresh([this](const RefreshAnswer &a) { showRefreshOutcome(a, true); });
}

void TrayController::showRefreshOutcome(const RefreshAnswer &a, bool notify)
{
    // Said where the one who asked reads it: the window's line and the lock screen's; and, asked
    // from a surface, a notice when it failed or when neither is open (the tray menu's "Check now"
    // said nothing at all while the window was closed; outside check).
    const auto show = [&](const QString &text, bool failed, const QString &title, const QString &notice, const QString &help = {}) {
        const bool seen = (m_status && m_status->isVisible()) || (m_lockScreen && m_lockScreen->isVisible());
        setCheckOutcome(text, failed, help);
        if (notify && (failed || !seen))
            tell(title, notice, failed ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
    };
    if (a.refused) {
        const QString wait = tr("The licence was checked less than a minute ago; try again in %n second(s).", nullptr, a.waitSecs);
        // A failure just shown stays, its reason with it (the wait replaced it).
        const QString text = m_lastFailure.isEmpty() ? wait : m_lastFailure + u'\n' + wait;
        setCheckOutcome(text, !m_lastFailure.isEmpty(), m_lastFailure.isEmpty() ? QString() : m_lastFailureHelp);
        if (notify)
            tell(tr("Please wait"), wait, QSystemTrayIcon::Information);
        return;
    }
    if (a.outcome.ok())
        m_lastFailure.clear();
    if (a.outcome.ok() && !a.outcome.warning.isEmpty()) {
        // Checked, but the binding lines still cannot go into the settings file.
        const VendorErrorText t = VendorErrors::envCopyWarning(a.outcome.warning);
        setCheckOutcome(t.message + QStringLiteral("\n→ ") + t.action, true);
        return;
    }
    if (a.outcome.ok()) {
        const QString text = tr("Checked with the vendor just now.");
        show(text, false, tr("Licence checked"), text);
        return;
    }
    // The same words as the CLI's (a busy database names the other program's lock).
    // A local cause (a busy or full database) is named in the detail, as the CLI prints it.
    const VendorErrorText t = a.outcome.text(m_ctx.client->settings());
    QStringList lines{t.message};
    // A full disk's message already says what is full and what to free: its detail ("database or
    // disk is full") was a second line saying it again (helper-39).
    if ((a.outcome.error == VendorError::LocalError || !a.outcome.recorded) && a.outcome.fullDisk.isEmpty()) {
        QString detail = plainLine(a.outcome.detail, 600); // a reason phrase: a line of its own starts as a sentence
        if (!detail.isEmpty())
            detail[0] = detail[0].toUpper();
        lines << detail;
    }
    if (!t.action.isEmpty())
        lines << QStringLiteral("→ ") + t.action;
    lines.removeAll(QString());
    m_lastFailure = lines.join(u'\n');
    m_lastFailureHelp = t.helpUrl;
    show(m_lastFailure, true, tr("The licence check did not finish"), t.message, t.helpUrl);
}

void TrayController::tell(const QString &title, const QString &text, QSystemTrayIcon::MessageIcon icon)
{
    Q_EMIT notified(title, text);
    if (m_tray)
        m_tray->showMessage(title, text, icon, 8000);
}

void TrayController::onHeartbeatFinished(const ClientOutcome &o)
{
    if (o.ok())
        m_lastFailure.clear();
    if (o.error != VendorError::Cancelled && !o.recorded) {
        const HeartbeatHistoryEntry entry{m_clock.now(), false, o.code(), {}};
        m_unrecorded.append(entry);
        if (m_unrecorded.size() > 30) // the chart shows the last 30
            m_unrecorded.removeFirst();
        if (m_status)
            m_status->addUnrecorded(entry);
    }
    if (m_status && m_status->isVisible()) // the chart and the audit log have a new row
        m_status->refresh(m_ctx.manager->statusReport(m_clock.now(), false));
    const auto accepted = std::exchange(m_refreshAccepted, {});
    for (const auto &done : accepted) {
        RefreshAnswer a;
        a.outcome = o;
        done(a);
    }
    if (!o.rebound.isEmpty()) {
        // A quiet notice: nothing for the owner to do (README "Hardware drift").
        const QString title = tr("Licence adjusted");
        const QString text = o.rebound.contains(QLatin1String("primary_mac"))
            ? tr("The network card changed; the licence was adjusted automatically.")
            : tr("The operating system was upgraded; the licence was adjusted automatically.");
        tell(title, text, QSystemTrayIcon::Information);
    }
    Q_EMIT heartbeatFinished(o);
}

LocalStatus TrayController::localStatus()
{
    LocalStatus s;
    if (m_sheet) {
        const SheetCheck c = m_sheet->evaluate(m_clock.now(), false);
        s.status = c.status;
        s.json = SheetMode::statusJson(c, m_sheet->settings());
        s.lastCheck = c.record ? c.record->lastOnlineCheck : QDateTime();
        return s;
    }
    const StatusReport r = m_ctx.manager->statusReport(m_clock.now(), false);
    s.status = r.status;
    s.json = LicenseManager::statusJson(r);
    s.lastCheck = r.row ? r.row->lastHeartbeatSuccessAt : QDateTime();
    s.validUntil = r.terms().validUntil;
    if (r.row) {
        s.vendorPhone = plainLine(r.row->vendorContact.value(QStringLiteral("phone")).toString(), 64);
        s.vendorEmail = plainLine(r.row->vendorContact.value(QStringLiteral("email")).toString(), 254);
    }
    return s;
}

void TrayController::listenApi()
{
    QString why;
    if (m_api->listen(&why)) {
        if (!m_apiProblem.isEmpty()) {
            m_apiProblem.clear();
            if (m_ctx.log)
                m_ctx.log->write(LicenseLog::Level::Info, QStringLiteral("local_api_listening"),
                                 {{QStringLiteral("port"), int(m_api->port())}});
            setOutcome(tr("The local API for the HMS is working again (port %1).").arg(m_api->port()), false);
        }
        if (m_apiRetry)
            m_apiRetry->stop();
        return;
    }
    // A port that another program (or another user's monitor) holds, or that Windows reserves for
    // Hyper-V, must not stop the monitor: the licence, the heartbeat and every window go on, and
    // the port is tried again.
    const bool first = m_apiProblem.isEmpty();
    m_apiProblem = tr("The local API for the HMS could not start on %1:%2 (%3). The licence monitor keeps working and tries "
                      "again every minute. If another program uses that port, close it, or ask support to choose another "
                      "port (--api-listen).")
                       .arg(m_options.apiAddress.toString())
                       .arg(m_options.apiPort)
                       .arg(why);
    if (first) {
        maskedStderr() << m_apiProblem << '\n';
        if (m_ctx.log)
            m_ctx.log->write(LicenseLog::Level::Warning, QStringLiteral("local_api_unavailable"),
                             {{QStringLiteral("port"), int(m_options.apiPort)}, {QStringLiteral("reason"), why}});
        setOutcome(m_apiProblem, true);
    }
    if (!m_apiRetry) {
        m_apiRetry = new QTimer(this);
        connect(m_apiRetry, &QTimer::timeout, this, &TrayController::listenApi);
    }
    m_apiRetry->start(m_options.apiRetryMs);
}

bool TrayController::start(QString *error)
{
    if (m_options.startApi) {
        QString secretError;
        QByteArray secret = LocalApi::loadOrCreateSecret(m_ctx.paths.localApiTokenFile(), &secretError);
        // (Also when the store opened as usual on a full disk: its side files were left by a tray
        // stopped hard, and the token file could not be made; helper-39.)
        const bool readOnly = m_ctx.db && (m_ctx.db->isReadOnly() || m_ctx.db->readOnlyForFullDisk());
        if (secret.isEmpty() && (readOnly || DiskSpace::nearlyFull(m_ctx.paths.localApiTokenFile()))
            && !QFileInfo::exists(m_ctx.paths.localApiTokenFile())) {
            m_apiSecretInMemory = true;
            // A first start on a full disk or a read-only folder: the state is still served; the
            // token file (which only the HMS's "check now" needs) is made once the folder can be
            // written and the tray opens it again.
            secret = crypto::randomBytes(32).toHex();
        } else if (secret.isEmpty()) {
            *error = secretError;
            return false;
        }
        LocalApiOptions o;
        o.address = m_options.apiAddress;
        o.port = m_options.apiPort;
        o.limits = m_options.apiLimits;
        o.maxConnections = m_options.apiMaxConnections;
        o.supportPhone = m_ctx.env.value(QStringLiteral("SUPPORT_PHONE"));
        o.supportEmail = m_ctx.env.value(QStringLiteral("SUPPORT_EMAIL"));
        LocalApi::Refresher refresher;
        // A check asked through the local API (the HMS's "check now") says its outcome in the
        // status window too: an earlier "Checked with the vendor just now." stayed under a newer
        // check that failed (the outside check).
        if (m_sheet)
            refresher = [this](std::function<void(const RefreshAnswer &)> done) { requestRefresh(std::move(done)); };
        else
            refresher = [this](std::function<void(const RefreshAnswer &)> done) {
                requestRefresh([this, done = std::move(done)](const RefreshAnswer &a) {
                    // One refused as too soon made no check: the last real outcome stays shown.
                    // The owner did not ask here, so no notice pops up either.
                    if (!a.refused)
                        showRefreshOutcome(a, false);
                    done(a);
                });
            };
        m_api = new LocalApi([this] { return localStatus(); }, refresher, secret, o, this);
        connect(m_api, &LocalApi::migrateRequested, this, &TrayController::launchMigrate);
        listenApi();
    }
    if (m_tray) {
        m_tray->show();
        m_trayDocked = QSystemTrayIcon::isSystemTrayAvailable();
        if (!m_trayDocked) {
            auto *watch = new QTimer(this);
            connect(watch, &QTimer::timeout, this, [this, watch] {
                if (!QSystemTrayIcon::isSystemTrayAvailable())
                    return;
                m_trayDocked = true;
                m_tray->hide();
                m_tray->show(); // docks in the host that just appeared
                watch->deleteLater();
                Q_EMIT trayDocked();
            });
            watch->start(kTrayWatchMs);
        }
    }
    onEngine([e = m_engine] { e->start(); });
    evaluate();
    // Another program's record (the CLI recorded a suspension): the local API said "suspended" at
    // once, the window kept "Lisensi aktif" until the runner's next wake, up to 15 minutes later
    // (outside check). The check reads the row again only when the store changed (data_version).
    auto *follow = new QTimer(this);
    connect(follow, &QTimer::timeout, this, [this] {
        const LicenseStatus status = shownStatus();
        if (!m_applied || !(*m_applied == status))
            apply(status);
    });
    follow->start(m_options.followStoreMs);
    // Started on a full disk or a read-only folder: the window said "Lisensi aktif" and nothing
    // else; that nothing is being saved came out only on stderr (helper-40). Said in the window
    // and as a notice, in the words `status` uses, with its next step.
    if (m_ctx.db && (m_ctx.db->isReadOnly() || m_ctx.db->readOnlyForFullDisk())) {
        QStringList lines;
        for (const DiagnosticCheck &check : Diagnostic::storage(m_ctx.paths, *m_ctx.db))
            if (!check.ok)
                lines << check.detail << QStringLiteral("→ ") + check.fix;
        lines.removeAll(QString());
        lines.removeAll(QStringLiteral("→ "));
        if (lines.isEmpty())
            lines << tr("The licence database is open for reading only: the state is shown, nothing new is saved until it can be written.");
        lines << tr("HotelHub opens it again by itself once it can be written.");
        const QString helpBase = m_ctx.client ? m_ctx.client->settings().helpBase : QString();
        setOutcome(lines.join(u'\n'), true, VendorErrors::helpUrl(helpBase, QStringLiteral("disk_full")));
        tell(tr("Nothing new can be saved"), lines.constFirst(), QSystemTrayIcon::Warning);
    }
    if (!hasTray())
        showStatusWindow(); // without a tray, the status window is the main window
    return true;
}

void TrayController::showStatusWindow()
{
    statusWindow()->refresh(m_ctx.manager->statusReport(m_clock.now(), false));
    if (!m_statusSized) {
        // The first size fits the screen's free area (a 1920×1080 screen at 150 % with a bottom
        // panel leaves about 1280×680): the buttons never sit behind the panel.
        const QScreen *screen = m_status->screen() ? m_status->screen() : QGuiApplication::primaryScreen();
        if (screen) {
            const QRect area = screen->availableGeometry();
            const QSize wanted = m_status->sizeHint().expandedTo(QSize(560, 480));
            m_status->resize(wanted.boundedTo(area.size() - QSize(40, 60)));
            m_status->move(area.center() - m_status->rect().center());
        }
        m_statusSized = true;
    }
    // A second start (or the tray icon) brings the window back even when it was minimised.
    m_status->setWindowState((m_status->windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    m_status->show();
    m_status->raise();
    m_status->activateWindow();
}

bool TrayController::eventFilter(QObject *watched, QEvent *event)
{
    // Without a tray, closing the status window would end the heartbeats and the local API with
    // it: ask, and keep running in the background unless the owner chooses to quit.
    if (watched == m_status && event->type() == QEvent::Close && !hasTray() && !m_quitting) {
        QMessageBox box(QMessageBox::Question, tr("Keep the licence monitor running?"),
                        tr("This computer shows no system tray, so this window is the licence monitor. Closing it would stop the "
                           "daily licence check and HotelHub's link to it.\n\nKeep it running in the background? To open this window "
                           "again, start \"HotelHub License Monitor\" from the menu."),
                        QMessageBox::NoButton, m_status);
        QPushButton *keep = box.addButton(tr("&Keep running"), QMessageBox::AcceptRole);
        QPushButton *quit = box.addButton(tr("&Quit the monitor"), QMessageBox::DestructiveRole);
        box.setDefaultButton(keep);
        box.setEscapeButton(keep);
        box.exec();
        if (box.clickedButton() == quit) {
            m_quitting = true;
            Q_EMIT quitRequested();
        }
        return false; // the window closes (hides) either way; the monitor runs on unless told
    }
    return QObject::eventFilter(watched, event);
}

void TrayController::evaluate()
{
    apply(shownStatus());
    onEngine([e = m_engine] { e->record(); });
}

LicenseStatus TrayController::shownStatus() const
{
    // Shown from a read (never waits for a writer); recorded, and a change audited, by the engine.
    return m_sheet ? m_sheet->evaluate(m_clock.now(), false).status : m_ctx.manager->check(m_clock.now(), false).status;
}

void TrayController::apply(const LicenseStatus &status)
{
    // The contact shown and the local API's settings follow an edited settings file (the lock
    // screen kept the support number of the tray's start; helper-55).
    const bool settingsChanged = m_ctx.followSettingsFile();
    if (settingsChanged && m_api)
        m_api->setSupportContact(m_ctx.env.value(QStringLiteral("SUPPORT_PHONE")), m_ctx.env.value(QStringLiteral("SUPPORT_EMAIL")));
    m_applied = status;
    const std::optional<LocalLicense> row = m_ctx.manager->loadRow();
    const TrayView view = TrayPolicy::view(status, row ? row->dismissedUntil : QDateTime(), m_clock.now(), m_ctx.language);
    m_iconName = view.iconName;
    if (m_tray) {
        m_tray->setIcon(stateIcon(view.iconName));
        m_tray->setToolTip(view.tooltip);
    }
    // A notification per change of state; at start-up only when something needs attention.
    const bool first = !m_notified.has_value();
    if (TrayPolicy::shouldNotify(m_notified, status) && !(first && view.surface == TraySurface::None)) {
        m_notified = status;
        Q_EMIT notified(view.text.title, view.text.text);
        if (m_tray)
            m_tray->showMessage(view.text.title, view.text.text, stateIcon(view.iconName));
    }
    if (first)
        m_notified = status;
    m_surface = view.surface;
    if (view.surface == TraySurface::WarningBanner || view.surface == TraySurface::CriticalBanner)
        banner()->show(view, contactText(m_ctx));
    else if (m_banner)
        m_banner->hide();
    // One report for whatever needs the details below (the screen's changed components, the window).
    std::optional<StatusReport> report;
    const auto details = [&]() -> const StatusReport & {
        if (!report)
            report = m_ctx.manager->statusReport(m_clock.now(), false);
        return *report;
    };
    if (view.surface == TraySurface::RestrictedModal || view.surface == TraySurface::LockScreen || view.surface == TraySurface::HardwareModal) {
        const StatusReport &r = details();
        lockScreen();
        if (m_options.fullScreen) {
            // The whole free screen as its normal size too: a window manager without full-screen
            // support (twm) otherwise shows it at its size hint, its wrapped lines drawn over
            // each other.
            if (!m_lockScreen->isVisible())
                if (const QScreen *screen = QGuiApplication::primaryScreen())
                    m_lockScreen->setGeometry(screen->availableGeometry());
            m_lockScreen->setWindowState(Qt::WindowFullScreen);
        }
        // Re-shown when the state or its reason changes, not only the kind of screen
        // (an online-check lock that becomes a suspension keeps the lock screen, new words).
        if (!m_lockScreen->isVisible() || m_lockScreen->surface() != view.surface || !(m_screenStatus == status) || settingsChanged) {
            m_screenStatus = status;
            m_lockScreen->show(view, r.changedComponents, TrayPolicy::offlineActivationHelps(status));
        }
    } else if (m_lockScreen) {
        m_lockScreen->hide();
    }
    // Each window made so far carries the state's icon (the lock screen and the banner had none:
    // a task bar showed a blank; outside check).
    for (QWidget *w : std::initializer_list<QWidget *>{m_status, m_banner, m_lockScreen})
        if (w)
            w->setWindowIcon(stateIcon(view.iconName));
    if (m_status && m_status->isVisible())
        m_status->refresh(details());
}

void TrayController::launchMigrate()
{
    QStringList args{QStringLiteral("--migrate"), QStringLiteral("--data-dir"), m_ctx.paths.dataDir};
    if (!m_ctx.paths.envFile.isEmpty())
        args << QStringLiteral("--env") << m_ctx.paths.envFile;
    Q_EMIT migrateLaunched();
    if (qEnvironmentVariableIsSet("HOTELHUB_TRAY_NO_LAUNCH"))
        return; // tests
    // Beside the tray (an installed package, the Windows folder), else on PATH. A button whose
    // program was not there did nothing at all (helper-41): it says so, with the way round.
    QString setup = QStandardPaths::findExecutable(QStringLiteral("hotelhub-setup"), {QCoreApplication::applicationDirPath()});
    if (setup.isEmpty())
        setup = QStandardPaths::findExecutable(QStringLiteral("hotelhub-setup"));
    if (setup.isEmpty() || !QProcess::startDetached(setup, args)) {
        const QString text = tr("The setup program (hotelhub-setup) could not be started from %1 or the PATH, so the licence was not moved. "
                                "Start \"HotelHub Setup\" from the menu with --migrate, or install HotelHub again.")
                                 .arg(QDir::toNativeSeparators(QCoreApplication::applicationDirPath()));
        setCheckOutcome(text, true);
        tell(tr("The licence was not moved"), text, QSystemTrayIcon::Warning);
    }
}

void TrayController::activateOffline()
{
    widgets::OfflineActivationDialog dialog(*m_ctx.manager, m_clock, QString(), statusWindow());
    dialog.exec();
    if (dialog.result().ok() && !dialog.result().warning.isEmpty()) {
        const VendorErrorText t = VendorErrors::envCopyWarning(dialog.result().warning);
        setOutcome(t.message + QStringLiteral("\n→ ") + t.action, true);
    }
    evaluate();
}

void TrayController::unpair()
{
    // Two confirmations: unpairing stops HotelHub on this computer.
    if (QMessageBox::warning(statusWindow(), tr("Unpair"), tr("Unpairing releases the licence from this computer. HotelHub stops working here until it is paired again. Continue?"),
                             QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
        return;
    if (QMessageBox::warning(statusWindow(), tr("Unpair"), tr("Are you sure? This cannot be undone from this computer."),
                             QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
        return;
    onEngine([e = m_engine, reason = tr("Unpaired from the tray monitor")] { e->unpair(reason); });
}

} // namespace hotelhub::tray
