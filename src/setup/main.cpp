// hotelhub-setup [--env FILE] [--data-dir DIR] [--lang id|en] [--migrate]
#include "Redact.h"
#include "DesktopStart.h"
#include "SetupWizard.h"
#include "SingleInstance.h"
#include "StartOptions.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QFontDatabase>
#include <QMessageBox>
#include <QTextStream>
#include <cstdio>
#include <memory>
#include <thread>

using namespace hotelhub;
using namespace hotelhub::setup;

namespace {
class QuitOnPaint : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_painted) {
            // The moment of the first paint on the monotonic clock, for the benchmark, which
            // measures from the start to it (the process's own end comes after).
            m_painted = true;
            std::printf("painted %lld\n", static_cast<long long>(QDeadlineTimer::current(Qt::PreciseTimer).deadlineNSecs()));
            std::fflush(stdout);
            QMetaObject::invokeMethod(qApp, &QCoreApplication::quit, Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_painted = false;
};
} // namespace

int main(int argc, char *argv[])
{
    // Without a display Qt would abort before --help is read: the command line is read all the
    // same, and then the wizard says how to pair from a terminal.
    const widgets::DesktopStart start(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hotelhub-setup"));
    QCoreApplication::setOrganizationName(QStringLiteral("HotelHub"));
    const StartOptions common;
    QCommandLineParser parser;
    parser.addHelpOption();
    common.addTo(parser);
    const QCommandLineOption migrateOpt(QStringLiteral("migrate"),
                                        QCoreApplication::translate("hotelhub-setup", "Move the licence to this device (when the hardware changed)."));
    // For bench/bench_setup_start: say when the first page was painted, then quit.
    QCommandLineOption exitShownOpt(QStringLiteral("exit-when-shown"));
    exitShownOpt.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({migrateOpt, exitShownOpt});
    if (const int code = common.parseDesktop(parser, start.arguments()); code >= 0)
        return code;
    const Language language = common.applyLanguage(parser);
    if (start.headless()) {
        maskedStderr() << QCoreApplication::translate(
                                   "hotelhub-setup",
                                   "hotelhub-setup opens a window on a desktop, and %1. Start it on the computer's desktop, "
                                   "or pair from this terminal with \"hotelhub-license pair\" (\"hotelhub-license --help\" "
                                   "lists every step).")
                                   .arg(start.whyNoDisplay())
                            << '\n';
        return 3;
    }
    // Qt's font database (fontconfig reads its configuration and its cache: a quarter of the
    // start's instructions) fills on a thread of its own while the data folder opens; the first
    // text measured waits for it on the database's lock (issue 14). Started only now: --help and
    // the refusals above end the process with exit(), which must not meet a running thread.
    const std::jthread fonts([] { QFontDatabase::families(); });

    // One wizard per user session and data folder (issue 12): two wizards on one folder could
    // both reach the commit. A second start brings the first one forward.
    const AppPaths paths = common.paths(parser);
    SingleInstance instance(QStringLiteral("hotelhub-setup"), paths.dataDir);
    if (!instance.claim()) {
        QTextStream(stdout) << QCoreApplication::translate("hotelhub-setup", "The HotelHub setup is already open for this data folder; its window was brought forward.")
                            << '\n';
        return 0;
    }

    SystemClock clock;
    FingerprintSource fingerprints;
    QString error;
    auto ctx = SetupContext::open(paths, clock, fingerprints, &error);
    if (!ctx) {
        maskedStderr() << error << '\n';
        QMessageBox::critical(nullptr, QCoreApplication::translate("hotelhub::setup::SetupWizard", "HotelHub setup"), error);
        return 3;
    }
    ctx->language = language;
    ctx->languageGiven = common.languageGiven(parser);

    auto runMigrate = [&ctx]() {
        SetupWizard wizard(*ctx, SetupWizard::Mode::Migrate);
        return wizard.exec();
    };
    if (parser.isSet(migrateOpt))
        return runMigrate() == QDialog::Accepted ? 0 : 1;
    // After a completed setup: the licence status (which offers the move flow when the hardware
    // changed) instead of the wizard. A fresh install goes straight to the wizard: the identity
    // is created when pairing needs it, so the first page shows without that work.
    if (ctx->store->isComplete()) {
        ctx->manager->check(clock.now(), true);
        StatusWindow status(*ctx);
        // After the move the window shows the licence as it is now, not the hardware change.
        QObject::connect(&status, &StatusWindow::migrateRequested, &status, [&] {
            runMigrate();
            status.refresh();
        });
        QObject::connect(&instance, &SingleInstance::showRequested, &status, [&status] { status.raise(); status.activateWindow(); });
        return status.exec() == QDialog::Accepted ? 0 : 1;
    }
    SetupWizard wizard(*ctx, SetupWizard::Mode::Setup);
    if (parser.isSet(exitShownOpt))
        wizard.page(wizard.startId())->installEventFilter(new QuitOnPaint(&wizard));
    QObject::connect(&instance, &SingleInstance::showRequested, &wizard, [&wizard] {
        wizard.setWindowState((wizard.windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
        wizard.raise();
        wizard.activateWindow();
    });
    wizard.show();
    return QCoreApplication::exec();
}
