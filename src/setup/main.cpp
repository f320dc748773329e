// hotelhub-setup [--env FILE] [--data-dir DIR] [--lang id|en] [--migrate]
#include "SetupWizard.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTextStream>

using namespace hotelhub;
using namespace hotelhub::setup;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("hotelhub-setup"));
    QApplication::setOrganizationName(QStringLiteral("HotelHub"));
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption envOpt(QStringLiteral("env"), QStringLiteral("settings file"), QStringLiteral("FILE"));
    const QCommandLineOption dataOpt(QStringLiteral("data-dir"), QStringLiteral("data folder"), QStringLiteral("DIR"));
    const QCommandLineOption langOpt(QStringLiteral("lang"), QStringLiteral("id or en"), QStringLiteral("LANG"));
    const QCommandLineOption migrateOpt(QStringLiteral("migrate"), QStringLiteral("move the licence to this device"));
    parser.addOptions({envOpt, dataOpt, langOpt, migrateOpt});
    parser.process(app);
    const Language language = languageFromCode(parser.isSet(langOpt) ? parser.value(langOpt) : qEnvironmentVariable("HOTELHUB_LANG"));
    installTranslator(language);

    SystemClock clock;
    FingerprintSource fingerprints;
    QString error;
    auto ctx = SetupContext::open(AppPaths::resolve(parser.value(dataOpt), parser.value(envOpt)), clock, fingerprints, &error);
    if (!ctx) {
        QTextStream(stderr) << error << '\n';
        QMessageBox::critical(nullptr, QCoreApplication::translate("hotelhub::setup::SetupWizard", "HotelHub setup"), error);
        return 3;
    }
    ctx->language = language;
    ctx->manager->bootstrap(false);

    auto runMigrate = [&ctx]() {
        SetupWizard wizard(*ctx, SetupWizard::Mode::Migrate);
        return wizard.exec();
    };
    if (parser.isSet(migrateOpt))
        return runMigrate() == QDialog::Accepted ? 0 : 1;
    // A hardware change offers exactly the move flow.
    if (ctx->manager->check(clock.now(), true).status.state == LicenseState::FingerprintMismatch && ctx->store->isComplete()) {
        StatusWindow status(*ctx);
        QObject::connect(&status, &StatusWindow::migrateRequested, &status, [&] { runMigrate(); });
        return status.exec() == QDialog::Accepted ? 0 : 1;
    }
    if (ctx->store->isComplete()) {
        StatusWindow status(*ctx);
        QObject::connect(&status, &StatusWindow::migrateRequested, &status, [&] { runMigrate(); });
        return status.exec() == QDialog::Accepted ? 0 : 1;
    }
    SetupWizard wizard(*ctx, SetupWizard::Mode::Setup);
    wizard.show();
    return app.exec();
}
