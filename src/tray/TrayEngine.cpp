#include "TrayEngine.h"

namespace hotelhub::tray {

TrayEngine::TrayEngine(AppPaths paths, const Clock &clock, const FingerprintSource &fingerprints, StoreAccess access)
    : m_paths(std::move(paths))
    , m_clock(clock)
    , m_fingerprints(fingerprints)
    , m_access(access)
{
}

TrayEngine::~TrayEngine()
{
    delete m_runner; // before the context it uses
    m_sheet.reset();
}

void TrayEngine::open()
{
    QString error;
    InstallationOptions options;
    options.access = m_access;
    m_ctx = Installation::create(m_paths, m_clock, m_fingerprints, &error, options);
    if (!m_ctx) {
        Q_EMIT opened(error);
        return;
    }
    if (SheetModeSettings::enabled(m_ctx->env)) {
        m_sheet = std::make_unique<SheetMode>(m_ctx->paths, SheetModeSettings::fromEnv(m_ctx->env), *m_ctx->manager, *m_ctx->keys, m_clock);
    } else {
        m_runner = new HeartbeatRunner(*m_ctx->client, *m_ctx->manager, m_clock);
        // Emitted on this thread right before the request is made: a settings file fixed while the
        // tray runs (the licence server's address) is read first.
        connect(m_runner, &HeartbeatRunner::heartbeatStarted, this, [this] { m_ctx->followSettingsFile(); });
        connect(m_runner, &HeartbeatRunner::statusChanged, this, &TrayEngine::statusChanged);
        connect(m_runner, &HeartbeatRunner::heartbeatStarted, this, &TrayEngine::heartbeatStarted);
        connect(m_runner, &HeartbeatRunner::heartbeatFinished, this, &TrayEngine::heartbeatFinished);
    }
    Q_EMIT opened(QString());
}

void TrayEngine::start()
{
    if (!m_ctx)
        return;
    if (m_runner) {
        m_runner->start();
        return;
    }
    // The sheet is read on the heartbeat schedule (daily slot, retry ladder); looked at each minute.
    m_sheetTimer.callOnTimeout(this, [this] {
        if (m_sheet->nextCheck(m_clock.now()) <= m_clock.now()) {
            checkSheet();
        } else {
            m_sheet->evaluate(m_clock.now(), true);
            Q_EMIT sheetChecked();
        }
    });
    m_sheetTimer.start(kSheetLookMs);
    if (m_sheet->nextCheck(m_clock.now()) <= m_clock.now())
        checkSheet();
}

void TrayEngine::record()
{
    if (!m_ctx)
        return;
    if (m_sheet)
        m_sheet->evaluate(m_clock.now(), true);
    else
        m_ctx->manager->check(m_clock.now(), true);
}

void TrayEngine::refresh(quint64 id)
{
    if (!m_runner) {
        Q_EMIT refreshRefused(id, 0);
        return;
    }
    int wait = 0;
    if (m_runner->refreshNow(&wait))
        Q_EMIT refreshAccepted(id);
    else
        Q_EMIT refreshRefused(id, wait);
}

void TrayEngine::checkSheet()
{
    if (!m_sheet)
        return;
    const SheetCheck c = m_sheet->checkOnline(*m_ctx->network);
    Q_EMIT sheetChecked();
    Q_EMIT sheetCheckFinished(c.fetchOk, c.fetchCode, c.fetchOk ? QString() : c.failureText(), c.fetchAction);
}

void TrayEngine::dismissWarning()
{
    if (m_ctx)
        m_ctx->manager->dismissWarning(m_clock.now());
    Q_EMIT warningDismissed();
}

void TrayEngine::unpair(const QString &reason)
{
    if (!m_ctx)
        return;
    m_ctx->client->unpair(reason, [this](const ClientOutcome &o) { Q_EMIT unpairFinished(o); });
}

} // namespace hotelhub::tray
