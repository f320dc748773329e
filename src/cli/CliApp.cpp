#include "CliApp.h"
#include "ExitCode.h"

#include "AppPaths.h"
#include "Clock.h"
#include "Database.h"
#include "Diagnostic.h"
#include "EnvFile.h"
#include "Fingerprint.h"
#include "LicenseLog.h"
#include "LicenseManager.h"
#include "SecretKeyStore.h"
#include "StatusPresentation.h"
#include "Translations.h"
#include "Version.h"

#include <QCommandLineParser>
#include <QJsonDocument>

namespace hotelhub {

namespace {
int exitCodeForMode(LicenseMode mode)
{
    switch (mode) {
    case LicenseMode::Full: return ExitOk;
    case LicenseMode::Setup: return ExitUnpaired;
    case LicenseMode::Restricted: return ExitRestricted;
    case LicenseMode::Locked: return ExitLocked;
    }
    Q_UNREACHABLE();
}

QString orDash(const QJsonValue &v) { return v.isNull() || v.isUndefined() || v.toString().isEmpty() ? QStringLiteral("–") : v.toString(); }
} // namespace

QString CliApp::helpText() const
{
    return tr("Usage: hotelhub-license [--env FILE] [--data-dir DIR] [--lang id|en] <command> [options]\n"
              "\n"
              "Commands:\n"
              "  bootstrap [--force]          create (or with --force, regenerate) the install_id and fingerprint\n"
              "  status [--json] [--at WHEN]  show the local licence state; WHEN is ISO-8601 or +Nd/+Nh/-Nd\n"
              "                               (a what-if evaluation that writes nothing)\n"
              "  diagnostic [--json]          the support checklist ([✓]/[✗])\n"
              "\n"
              "Files: --env FILE, else HOTELHUB_ENV, else <data dir>/hotelhub.env;\n"
              "       --data-dir DIR, else HOTELHUB_DATA_DIR, else the platform's application data folder.\n"
              "\n"
              "Exit codes:\n"
              "   0  done (status: full mode)        6  diagnostic: a check failed\n"
              "   1  internal error (please report)  10  status: not paired (setup)\n"
              "   2  wrong command line              11  status: restricted mode\n"
              "   3  settings/data/database problem  12  status: locked\n"
              "   4  vendor server unreachable        5  vendor server refused the request\n");
}

int CliApp::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QCommandLineOption envOpt(QStringLiteral("env"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption dataOpt(QStringLiteral("data-dir"), QString(), QStringLiteral("DIR"));
    const QCommandLineOption langOpt(QStringLiteral("lang"), QString(), QStringLiteral("LANG"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"));
    const QCommandLineOption atOpt(QStringLiteral("at"), QString(), QStringLiteral("WHEN"));
    const QCommandLineOption forceOpt(QStringLiteral("force"));
    const QCommandLineOption helpOpt(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    const QCommandLineOption versionOpt(QStringLiteral("version"));
    parser.addOptions({envOpt, dataOpt, langOpt, jsonOpt, atOpt, forceOpt, helpOpt, versionOpt});

    const QString langCode = qEnvironmentVariable("HOTELHUB_LANG");
    if (!parser.parse(arguments)) {
        installTranslator(languageFromCode(langCode));
        m_err << parser.errorText() << '\n' << helpText();
        return ExitUsage;
    }
    const Language language = languageFromCode(parser.isSet(langOpt) ? parser.value(langOpt) : langCode);
    installTranslator(language);
    if (parser.isSet(versionOpt)) {
        m_out << "hotelhub-license " << appVersion() << '\n';
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(helpOpt) || positional.isEmpty()) {
        (positional.isEmpty() && !parser.isSet(helpOpt) ? m_err : m_out) << helpText();
        return parser.isSet(helpOpt) ? ExitOk : ExitUsage;
    }
    const QString command = positional.first();
    const QStringList known{QStringLiteral("bootstrap"), QStringLiteral("status"), QStringLiteral("diagnostic")};
    if (!known.contains(command) || positional.size() > 1) {
        m_err << tr("Unknown command or extra argument: %1").arg(positional.join(u' ')) << "\n\n" << helpText();
        return ExitUsage;
    }
    if ((parser.isSet(forceOpt) && command != QLatin1String("bootstrap")) || (parser.isSet(atOpt) && command != QLatin1String("status"))
        || (parser.isSet(jsonOpt) && command == QLatin1String("bootstrap"))) {
        m_err << tr("This option does not apply to '%1'.").arg(command) << "\n\n" << helpText();
        return ExitUsage;
    }

    SystemClock clock;
    QDateTime at = clock.now();
    if (parser.isSet(atOpt)) {
        at = parseMoment(parser.value(atOpt), clock.now());
        if (!at.isValid()) {
            m_err << tr("--at needs an ISO-8601 date or time (2027-01-31, 2027-01-31T03:00:00Z) or an offset such as +45d, -2h.") << '\n';
            return ExitUsage;
        }
    }

    const AppPaths paths = AppPaths::resolve(parser.value(dataOpt), parser.value(envOpt));
    EnvFile env;
    if (!env.load(paths.envFile)) {
        m_err << env.errorString() << '\n';
        return ExitData;
    }
    if (parser.isSet(envOpt) && !env.exists()) {
        m_err << tr("The settings file %1 given with --env does not exist. Check the path.").arg(paths.envFile) << '\n';
        return ExitData;
    }
    QString error;
    if (!paths.ensureDataDir(&error)) {
        m_err << error << '\n';
        return ExitData;
    }
    Database db(paths.databaseFile());
    if (!db.open()) {
        m_err << db.errorString() << '\n';
        return ExitData;
    }
    FingerprintSource fingerprints;
    SecretKeyStore keys(paths.dataDir);
    LicenseLog log(paths.logDir(), clock);
    LicenseManager manager(paths, env, db, clock, fingerprints, keys, &log);

    if (command == QLatin1String("bootstrap")) {
        const BootstrapResult r = manager.bootstrap(parser.isSet(forceOpt));
        if (!r.ok) {
            m_err << r.error << '\n';
            return ExitData;
        }
        m_out << "install_id: " << r.installId << '\n' << "fingerprint: " << r.fingerprint << '\n';
        if (!r.created)
            m_err << tr("An installation identity already exists; kept it (use --force to regenerate).") << '\n';
        if (r.wasPaired)
            m_err << tr("The previous pairing was removed. Pair again, or move the licence here with `hotelhub-setup --migrate`.") << '\n';
        return ExitOk;
    }

    if (command == QLatin1String("status")) {
        const bool whatIf = parser.isSet(atOpt);
        const StatusReport check = manager.statusReport(at, !whatIf);
        const QJsonObject json = LicenseManager::statusJson(check);
        if (parser.isSet(jsonOpt)) {
            m_out << QJsonDocument(json).toJson(QJsonDocument::Indented);
        } else {
            const StatusPresentation p = present(check.status, language);
            m_out << tr("Status: %1 (%2, mode %3)").arg(json.value(QStringLiteral("status")).toString(), check.status.stateName(), check.status.modeName()) << '\n';
            m_out << "  " << p.title << '\n';
            if (!p.text.isEmpty())
                m_out << "  " << p.text << '\n';
            if (!p.action.isEmpty())
                m_out << "  → " << p.action << '\n';
            m_out << tr("Plan: %1").arg(orDash(json.value(QStringLiteral("plan")))) << '\n';
            m_out << tr("Valid until: %1").arg(orDash(json.value(QStringLiteral("valid_until")))) << '\n';
            m_out << tr("Grace until: %1").arg(orDash(json.value(QStringLiteral("grace_until")))) << '\n';
            m_out << tr("Last heartbeat: %1").arg(orDash(json.value(QStringLiteral("last_heartbeat")))) << '\n';
            m_out << tr("Next heartbeat: %1").arg(orDash(json.value(QStringLiteral("next_heartbeat")))) << '\n';
            m_out << tr("Install ID: %1").arg(orDash(json.value(QStringLiteral("install_id")))) << '\n';
            if (whatIf)
                m_out << tr("(evaluated at %1; nothing was recorded)").arg(at.toString(Qt::ISODate)) << '\n';
        }
        return exitCodeForMode(check.status.mode());
    }

    // diagnostic
    const StatusReport check = manager.statusReport(at, true);
    const DiagnosticReport report = Diagnostic::offline(manager, check, paths);
    if (parser.isSet(jsonOpt))
        m_out << QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented);
    else
        m_out << report.text();
    return report.allOk() ? ExitOk : ExitCheckFailed;
}

} // namespace hotelhub
