// hotelhub-tray [--env FILE] [--data-dir DIR] [--lang id|en] [--windowed] [--api-listen 127.0.0.1:3100]
#include "Redact.h"
#include "LicenseKey.h"
#include "DesktopStart.h"
#include "DiskSpace.h"
#include "SingleInstance.h"
#include "StartOptions.h"
#include "TrayController.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTextStream>
#include <QDir>
#include <QTimer>

using namespace hotelhub;
using namespace hotelhub::tray;

int main(int argc, char *argv[])
{
    // Without a display Qt would abort before --help is read: the command line is read all the
    // same, and then the tray says where the licence is kept without a desktop.
    const widgets::DesktopStart start(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hotelhub-tray"));
    QCoreApplication::setOrganizationName(QStringLiteral("HotelHub"));
    const StartOptions common;
    QCommandLineParser parser;
    parser.addHelpOption();
    common.addTo(parser);
    const QCommandLineOption windowedOpt(QStringLiteral("windowed"),
                                         QCoreApplication::translate("hotelhub-tray", "Show the status window instead of a tray icon."));
    const QCommandLineOption apiOpt(QStringLiteral("api-listen"),
                                    QCoreApplication::translate("hotelhub-tray", "Loopback address and port of the local API."),
                                    QStringLiteral("ADDR:PORT"), QStringLiteral("127.0.0.1:3100"));
    parser.addOptions({windowedOpt, apiOpt});
    if (const int code = common.parseDesktop(parser, start.arguments(), apiOpt.names()); code >= 0)
        return code;
    const Language language = common.applyLanguage(parser);
    if (start.headless()) {
        maskedStderr() << QCoreApplication::translate(
                                   "hotelhub-tray",
                                   "hotelhub-tray shows its icon on a desktop, and %1. On a computer without a desktop the "
                                   "licence is kept by \"hotelhub-license heartbeat\" on a timer (README, \"Headless servers\"); "
                                   "\"hotelhub-license status\" shows it.")
                                   .arg(start.whyNoDisplay())
                            << '\n';
        return 3;
    }
    QApplication::setQuitOnLastWindowClosed(false);
    const AppPaths paths = common.paths(parser);
    // A data folder or settings file someone named must be there: a typo made an empty
    // installation there that said "Licence not set up" (helper-41), where the CLI refuses it.
    QString missing;
    if (paths.namedDataDirMissing())
        missing = QCoreApplication::translate("hotelhub-tray", "The data folder %1 given with %2 does not exist, or this user cannot reach it, so "
                                                               "there is no installation there; nothing was created. Check the path, or set "
                                                               "HotelHub up there with the setup wizard.")
                      .arg(LicenseKey::maskInText(QDir::toNativeSeparators(paths.dataDir)), paths.dataDirSource);
    else if (paths.namedEnvFileMissing())
        missing = QCoreApplication::translate("hotelhub-tray", "The settings file %1 given with %2 does not exist. Check the path.")
                      .arg(LicenseKey::maskInText(QDir::toNativeSeparators(paths.envFile)), paths.envSource);
    if (!missing.isEmpty()) {
        maskedStderr() << missing << '\n';
        QMessageBox::critical(nullptr, QStringLiteral("HotelHub"), missing);
        return 3;
    }

    // One instance per user session and data folder: a second start brings the first one forward.
    SingleInstance instance(QStringLiteral("hotelhub-tray"), paths.dataDir);
    if (!instance.claim()) {
        QTextStream(stdout) << QCoreApplication::translate("hotelhub-tray", "hotelhub-tray is already running; its window was brought forward.")
                            << '\n';
        return 0;
    }

    QHostAddress address;
    quint16 port = 0;
    QString error;
    if (!LocalApi::parseListen(parser.value(apiOpt), &address, &port, &error)) {
        maskedStderr() << error << '\n';
        return 2;
    }
    SystemClock clock;
    FingerprintSource fingerprints;
    // A full disk or a read-only data folder opens the store for reading: the tray shows where the
    // licence stands and the local API answers the HMS (the tray exited after a "Disk full" box,
    // and the HMS found nobody on its port after a reboot; helper-38). Once the folder can be
    // written again, everything is opened anew, read-write.
    constexpr int kReopen = 75;
    InstallationOptions installOptions;
    installOptions.access = StoreAccess::ReadOnlyAllowed;
    for (;;) {
        auto ctx = Installation::create(paths, clock, fingerprints, &error, installOptions);
        if (!ctx) {
            maskedStderr() << error << '\n';
            QMessageBox::critical(nullptr, QStringLiteral("HotelHub"), error);
            return 3;
        }
        ctx->language = language;
        TrayOptions options;
        options.windowed = parser.isSet(windowedOpt);
        options.apiAddress = address;
        options.apiPort = port;
        options.access = installOptions.access;
        TrayController controller(*ctx, clock, options);
        QObject::connect(&instance, &SingleInstance::showRequested, &controller, &TrayController::showStatusWindow);
        if (!controller.start(&error)) {
            maskedStderr() << error << '\n';
            QMessageBox::critical(nullptr, QStringLiteral("HotelHub"), error);
            return 3;
        }
        QObject::connect(&controller, &TrayController::engineFailed, qApp, [](const QString &message) {
            maskedStderr() << message << '\n';
            QMessageBox::critical(nullptr, QStringLiteral("HotelHub"), message);
            QCoreApplication::exit(3);
        });
        // Closing the last window never ends the monitor by itself (without a tray it asks first).
        QObject::connect(&controller, &TrayController::quitRequested, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
        QTimer writable;
        if (ctx->db->isReadOnly() || ctx->db->readOnlyForFullDisk() || controller.apiSecretInMemory()) {
            maskedStderr() << QCoreApplication::translate("hotelhub-tray",
                                                               "The licence database is open for reading only (a full disk or a read-only "
                                                               "folder): the state is shown, nothing new is saved until it can be written.")
                                << '\n';
            QObject::connect(&writable, &QTimer::timeout, qApp, [&] {
                if (DiskSpace::canWriteAgain(paths.databaseFile()))
                    QCoreApplication::exit(kReopen);
            });
            writable.start(qEnvironmentVariableIntValue("HOTELHUB_TRAY_REOPEN_MS") > 0 ? qEnvironmentVariableIntValue("HOTELHUB_TRAY_REOPEN_MS")
                                                                                     : 30 * 1000);
        }
        const int code = QCoreApplication::exec();
        if (code != kReopen)
            return code;
    }
}
