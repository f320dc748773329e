#include "CliApp.h"
#include "MarkedText.h"
#include "Redact.h"
#include "ExitCode.h"

#include "AppPaths.h"
#include "Clock.h"
#include "OfflineClient.h"
#include "Database.h"
#include "Diagnostic.h"
#include "EnvFile.h"
#include "Fingerprint.h"
#include "Installation.h"
#include "LicenseClient.h"
#include "LicenseKey.h"
#include "LicenseLog.h"
#include "LicenseManager.h"
#include "ProxySettings.h"
#include "SecretKeyStore.h"
#include "SheetMode.h"
#include "SmallFile.h"
#include "setup/ScheduledHeartbeat.h"
#include "StartOptions.h"
#include "StatusPresentation.h"
#include "Translations.h"
#include "Version.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>

#include <algorithm>
#include <cstdio>
#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

namespace hotelhub {

// Everything one command needs, built once in run().
struct CliContext
{
    QCommandLineParser &parser;
    Language language;
    const Clock &clock;
    QDateTime at;
    AppPaths paths;
    EnvFile &env;
    Database &db;
    LicenseManager &manager;
    SecretKeyStore &keys;
    QNetworkAccessManager &network;
    VendorClient &vendor;
    LicenseClient &client;
    bool json = false;
    QString option(const char *name) const { return parser.value(QLatin1String(name)); }
    bool isSet(const char *name) const { return parser.isSet(QLatin1String(name)); }
};

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

// "⚠ " before a line that says a command did its work while the licence stays locked or
// restricted ("No heartbeat due …" while suspended): such a line is never marked as all well,
// nor left unmarked beside the ✓ of a working licence (helper-53/54).
// Locked or restricted: what a heartbeat could change, so the console says how to send one.
bool isLimited(const LicenseStatus &status)
{
    return status.mode() == LicenseMode::Locked || status.mode() == LicenseMode::Restricted;
}

QString limitedMark(const LicenseStatus &status)
{
    return isLimited(status) && status.state != LicenseState::Unpaired ? QStringLiteral("⚠ ") : QString();
}

int exitCodeFor(DatabaseError e)
{
    return e == DatabaseError::DiskFull ? ExitDiskFull : ExitData;
}

int exitCodeFor(VendorError e)
{
    switch (e) {
    case VendorError::None: return ExitOk;
    case VendorError::KeyRequired:
    case VendorError::InvalidKey: return ExitUsage;
    case VendorError::NotPaired: return ExitUnpaired;
    case VendorError::LocalError:
    case VendorError::KeystoreUnavailable:
    case VendorError::VendorKeyUnusable:
    case VendorError::InvalidUrl:
    case VendorError::InsecureUrl:
        return ExitData;
    case VendorError::Cancelled: return ExitInternal;
    default:
        return VendorErrors::isTransport(e) ? ExitNetwork : ExitRefused;
    }
}

QString orDash(const QJsonValue &v) { return v.isNull() || v.isUndefined() || v.toString().isEmpty() ? QStringLiteral("–") : v.toString(); }

// A moment from the status JSON (UTC, ISO 8601) in this computer's time, for a person:
// "22 November 2026 15:52 WITA" (displayDateTime). --json keeps the UTC form for scripts.
QString localTimeText(const QDateTime &t)
{
    return displayDateTime(t);
}

QString localTimeText(const QJsonValue &v)
{
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODate);
    return t.isValid() ? localTimeText(t) : orDash(v);
}

bool stdinIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stdin)) != 0;
#else
    return isatty(fileno(stdin)) != 0;
#endif
}

// Lays out one command of --help: its usage, then its summary from the summary column on (on the
// next line when the usage is longer), continuation lines indented to that column.
QString commandHelp(const QString &usage, const QString &summary)
{
    constexpr int summaryColumn = 31;
    const QString indent(summaryColumn, u' ');
    const QString head = QStringLiteral("  ") + usage;
    const QString start = head.size() + 2 <= summaryColumn ? head.leftJustified(summaryColumn) : head + u'\n' + indent;
    return start + summary.split(u'\n').join(u'\n' + indent) + u'\n';
}
} // namespace

// An option of a command (besides --env, --data-dir, --lang, which every command takes).
struct CliOption
{
    const char *name;
    const char *valueName = nullptr; // a flag when null
    // Set: the option is required, and this is the refusal when it is absent or blank.
    const char *whenMissing = nullptr;
};

// One row of the command table: --help, the option parser, the checks, the opening of the
// Installation and the dispatch all read it, so a command exists in all of them or in none.
struct CliCommand
{
    using Handler = int (CliApp::*)(CliContext &);
    const char *name;
    QList<CliOption> options;
    const char *summary; // --help; "\n" continues it on the next line
    // ReadOnlyAllowed: a reading command that works on a read-only data folder and says so.
    StoreAccess access = StoreAccess::ReadWrite;
    // Goes to the vendor (unless --offline), so a setting only the network needs (LICENSE_CA_FILE)
    // stops it; an offline command still reports the licence and names that setting.
    bool online = true;
    // Lists the settings file's problems itself (as a check) instead of on stderr first.
    bool checksSettings = false;
    // Sets an installation up, so it may create a data folder named by --data-dir or
    // HOTELHUB_DATA_DIR; every other command needs that folder to exist.
    bool createsInstallation = false;
    Handler handler;
    Handler sheetHandler = nullptr; // in sheet mode; null: the command needs a vendor server
    const char *argument = nullptr; // one positional argument after the command (shown in --help)
};

const QList<CliCommand> &CliApp::commands()
{
    static const QList<CliCommand> table{
        {.name = "bootstrap",
         .options = {{"force"}},
         .summary = QT_TRANSLATE_NOOP("CliApp", "create (or with --force, regenerate) the install_id and fingerprint;\n"
                                                "a new one keeps a well-formed LICENSE_INSTALL_ID from the .env"),
         .online = false,
         .createsInstallation = true,
         .handler = &CliApp::bootstrap,
         .sheetHandler = &CliApp::bootstrap},
        {.name = "pair",
         .options = {{"key", "KEY"}, {"json"}},
         .summary = QT_TRANSLATE_NOOP("CliApp", "pair this installation with the vendor (KEY '-' or absent: read from stdin)"),
         .createsInstallation = true,
         .handler = &CliApp::pair},
        {.name = "status",
         .options = {{"json"}, {"at", "WHEN"}},
         .summary = QT_TRANSLATE_NOOP("CliApp", "show the local licence state; WHEN is ISO-8601 or +Nd/+Nh/-Nd\n"
                                                "(a what-if evaluation that writes nothing)"),
         .access = StoreAccess::ReadOnlyAllowed,
         .online = false,
         .handler = &CliApp::status,
         .sheetHandler = &CliApp::sheetStatus},
        {.name = "heartbeat",
         .options = {{"json"}},
         .summary = QT_TRANSLATE_NOOP("CliApp", "send the heartbeat now"),
         .handler = &CliApp::heartbeat,
         .sheetHandler = &CliApp::sheetCheck},
        {.name = "heartbeat-retry",
         .options = {{"json"}},
         .summary = QT_TRANSLATE_NOOP("CliApp", "send it only when the schedule says it is due (cron, systemd timer)"),
         .handler = &CliApp::heartbeatRetry,
         .sheetHandler = &CliApp::sheetCheckRetry},
        {.name = "rotate-token",
         .options = {{"json"}},
         .summary = QT_TRANSLATE_NOOP("CliApp", "ask the vendor for a new token (the old one stops working)"),
         .handler = &CliApp::rotateToken},
        {.name = "unpair",
         .options = {{"yes", nullptr,
                      QT_TRANSLATE_NOOP("CliApp", "Unpairing releases the licence from this installation; HotelHub stops working here "
                                                  "until it is paired again. Run again with --yes to confirm.")},
                     {"reason", "TEXT"},
                     {"json"}},
         .summary = QT_TRANSLATE_NOOP("CliApp", "release the licence from this installation"),
         .handler = &CliApp::unpair},
        {.name = "migrate",
         .options = {{"reason", "TEXT",
                      QT_TRANSLATE_NOOP("CliApp", "migrate needs --reason TEXT (for example \"server replaced\"): "
                                                  "the vendor keeps it in the audit trail.")},
                     {"key", "KEY"},
                     {"json"}},
         .summary = QT_TRANSLATE_NOOP("CliApp", "move the licence to this machine (the old one stops working)"),
         .createsInstallation = true,
         .handler = &CliApp::migrate},
        {.name = "offline-request",
         .options = {{"key", "KEY"}, {"out", "FILE"}, {"move", "REASON"}, {"json"}},
         .summary = QT_TRANSLATE_NOOP("CliApp", "no internet here: make an activation request for the vendor (text, and FILE with --out);\n"
                                                "without --key it renews the licence this installation holds; --move asks to move it here"),
         .online = false,
         .createsInstallation = true,
         .handler = &CliApp::offlineRequest},
        {.name = "offline-apply",
         .options = {{"json"}},
         .summary = QT_TRANSLATE_NOOP("CliApp", "apply the vendor's answer: its file, or - to read the file, token or typed code from stdin"),
         .online = false,
         .handler = &CliApp::offlineApply,
         .argument = "(FILE | -)"},
        {.name = "diagnostic",
         .options = {{"json"}, {"offline"}},
         .summary = QT_TRANSLATE_NOOP("CliApp", "the support checklist ([✓]/[✗])"),
         .access = StoreAccess::ReadOnlyAllowed,
         .checksSettings = true,
         .handler = &CliApp::diagnostic,
         .sheetHandler = &CliApp::sheetDiagnostic},
        {.name = "schedule-heartbeat",
         .options = {{"remove"}},
         .summary = QT_TRANSLATE_NOOP("CliApp", "Windows, as administrator: a task that sends the heartbeat hourly as SYSTEM,\n"
                                                "also while nobody is logged on (--remove takes it away)"),
         .online = false,
         .handler = &CliApp::scheduleHeartbeat,
         .sheetHandler = &CliApp::scheduleHeartbeat},
    };
    return table;
}

QString CliApp::helpText() const
{
    QString text = tr("Usage: hotelhub-license [--env FILE] [--data-dir DIR] [--lang id|en] <command> [options]\n"
                      "\n"
                      "Commands:\n");
    for (const CliCommand &command : commands()) {
        QString usage = QLatin1String(command.name);
        for (const CliOption &option : command.options) {
            QString shown = QStringLiteral("--") + QLatin1String(option.name);
            if (option.valueName)
                shown += u' ' + QLatin1String(option.valueName);
            usage += u' ' + (option.whenMissing ? shown : u'[' + shown + u']');
        }
        if (command.argument)
            usage += u' ' + QLatin1String(command.argument);
        text += commandHelp(usage, QCoreApplication::translate("CliApp", command.summary));
    }
    return text + u'\n'
        + tr("Files: --env FILE, else HOTELHUB_ENV, else <data dir>/hotelhub.env;\n"
             "       --data-dir DIR, else HOTELHUB_DATA_DIR, else the platform's application data folder.\n"
             "Network: LICENSE_VENDOR_BASE_URL; HTTPS_PROXY/NO_PROXY or the system proxy.\n"
             "Sheet mode (no vendor server): LICENSE_API_URL, LICENSE_EXPIRY, MAX_OFFLINE_DAYS.\n"
             "\n"
             "Exit codes:\n"
             "   0  done (status: full mode)        6  diagnostic: a check failed\n"
             "   1  internal error (please report)  10  not paired (setup)\n"
             "   2  wrong command line              11  status: restricted mode\n"
             "   3  settings/data/database problem  12  status: locked\n"
             "   4  vendor server unreachable        5  vendor server refused the request\n"
             "   7  disk full (free space on that disk, then try again)\n"
             "   8  the answer could not be written to standard output\n");
}

int CliApp::run(const QStringList &arguments)
{
    LicenseKey::rememberArguments(arguments);
    // --env, --data-dir, --lang; until --lang is read, HOTELHUB_LANG, else the terminal's locale.
    const StartOptions common(Audience::Terminal);
    QCommandLineParser parser;
    addOptions(parser, common);
    if (!parser.parse(arguments)) {
        // "--lang id status --at": Qt's refusal in the language asked for (it was English).
        StartOptions::applyLanguageOfArguments(arguments);
        parser.parse(arguments); // again: Qt words its refusals while parsing
        m_err << StartOptions::parseRefusal(parser, arguments) << '\n' << helpText();
        return ExitUsage;
    }
    if (common.languageIsKnown(parser) && parser.isSet(QStringLiteral("lang")))
        common.applyLanguage(parser); // "--lang id status --data-dir --json": the refusal in the language asked for
    // "--reason --yes": the option that follows a valued one was taken for its value.
    QStringList valued{QStringLiteral("env"), QStringLiteral("data-dir"), QStringLiteral("lang")};
    for (const CliCommand &command : commands())
        for (const CliOption &option : command.options)
            if (option.valueName)
                valued << QLatin1String(option.name);
    if (const QString taken = StartOptions::optionTakenAsValue(arguments, valued); !taken.isEmpty()) {
        m_err << taken << '\n' << helpText();
        return ExitUsage;
    }
    // Every positional argument is checked by the command it names; here only the shared options.
    if (const QString problem = common.problem(parser, int(parser.positionalArguments().size())); !problem.isEmpty()) {
        m_err << problem << '\n';
        return ExitUsage;
    }
    const Language language = common.applyLanguage(parser);
    // A path, a key or a reason is one line: a newline or an escape sequence was printed back as
    // is, made a folder or a file with it in its name, or went to the vendor (outside check).
    valued.removeDuplicates();
    // A key is read by LicenseKey::parse, which ignores the invisible characters and spaces a copy
    // from WhatsApp or a PDF brings (as on stdin): --key with a zero-width joiner was refused and
    // printed whole (helper-40).
    QStringList oneLine = valued;
    oneLine.removeAll(QStringLiteral("key"));
    if (const QString broken = StartOptions::notOneLine(parser, oneLine); !broken.isEmpty()) {
        m_err << broken << '\n';
        return ExitUsage;
    }
    if (const QString broken = StartOptions::argumentNotOneLine(parser.positionalArguments()); !broken.isEmpty()) {
        m_err << broken << '\n';
        return ExitUsage;
    }
    int answered = ExitOk;
    const CliCommand *command = selectCommand(parser, &answered);
    if (!command)
        return answered;
    SystemClock clock;
    QDateTime at = clock.now();
    if (!optionsFit(*command, parser) || !readMoment(parser, clock, &at))
        return ExitUsage;

    FingerprintSource fingerprints;
    Installation installation;
    if (const int code = open(installation, *command, parser, common, clock, fingerprints); code != ExitOk)
        return code;
    CliContext c{parser, language, clock, at, installation.paths, installation.env, *installation.db, *installation.manager,
                 *installation.keys, *installation.network, *installation.vendor, *installation.client,
                 parser.isSet(QStringLiteral("json"))};
    return dispatch(*command, c);
}

QString CliApp::outputProblem()
{
    m_out.flush();
    const auto *file = qobject_cast<const QFile *>(m_out.device());
    if (m_out.status() == QTextStream::Ok && (!file || file->error() == QFileDevice::NoError))
        return {};
    return file && !file->errorString().isEmpty() ? file->errorString() : tr("write error");
}

int CliApp::finishOutput(int code)
{
    const QString reason = outputProblem();
    if (reason.isEmpty())
        return code;
    if (m_outputLossSaid)
        return ExitOutput;
    if (m_stoppedWith.isEmpty())
        m_err << tr("The answer could not be written to standard output (%1). The command itself ran to the end (without this it "
                    "would have ended with exit code %2). Check where its output goes (a full disk, a closed pipe), then run it "
                    "again; \"status\" shows the licence as it is now.")
                     .arg(reason)
                     .arg(code)
              << '\n';
    else // the answer that was lost said why the command stopped: said here instead
        m_err << tr("The answer could not be written to standard output (%1). The command stopped with exit code %2: %3 Check "
                    "where its output goes (a full disk, a closed pipe) too.")
                     .arg(reason)
                     .arg(code)
                     .arg(m_stoppedWith)
              << '\n';
    m_err.flush();
    return ExitOutput;
}

void CliApp::addOptions(QCommandLineParser &parser, const StartOptions &common)
{
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    common.addTo(parser);
    QStringList added;
    for (const CliCommand &command : commands())
        for (const CliOption &option : command.options) {
            const QString name = QLatin1String(option.name);
            if (added.contains(name))
                continue;
            added << name;
            parser.addOption(option.valueName ? QCommandLineOption(name, QString(), QLatin1String(option.valueName))
                                              : QCommandLineOption(name));
        }
    parser.addOption(QCommandLineOption(QStringLiteral("version")));
    parser.addOption(QCommandLineOption(QStringList{QStringLiteral("h"), QStringLiteral("help")}));
}

// The command the arguments name, or null when they are answered or refused here (--version,
// --help, no command, one that is not in the table) with the exit code in *answered.
const CliCommand *CliApp::selectCommand(const QCommandLineParser &parser, int *answered)
{
    if (parser.isSet(QStringLiteral("version"))) {
        m_out << "hotelhub-license " << appVersion() << '\n';
        *answered = ExitOk;
        return nullptr;
    }
    const QStringList positional = parser.positionalArguments();
    const bool help = parser.isSet(QStringLiteral("help"));
    if (help || positional.isEmpty()) {
        (help ? m_out : m_err) << helpText();
        *answered = help ? ExitOk : ExitUsage;
        return nullptr;
    }
    for (const CliCommand &command : commands())
        if (positional.first() == QLatin1String(command.name) && positional.size() <= (command.argument ? 2 : 1))
            return &command;
    // A licence key among the words is shown masked (a key given without --key was echoed whole).
    m_err << tr("Unknown command or extra argument: %1").arg(StartOptions::shownWords(positional)) << "\n\n" << helpText();
    *answered = ExitUsage;
    return nullptr;
}

// Every option given applies to the command, and the ones it requires are there.
bool CliApp::optionsFit(const CliCommand &command, const QCommandLineParser &parser)
{
    static const QStringList global{QStringLiteral("env"), QStringLiteral("data-dir"), QStringLiteral("lang")};
    const auto takes = [&](const QString &name) {
        return std::any_of(command.options.begin(), command.options.end(), [&](const CliOption &o) { return name == QLatin1String(o.name); });
    };
    for (const QString &name : parser.optionNames()) {
        if (!global.contains(name) && !takes(name)) {
            m_err << tr("The option --%1 does not apply to '%2'.").arg(name, QLatin1String(command.name)) << "\n\n" << helpText();
            return false;
        }
    }
    for (const CliOption &option : command.options) {
        const QString name = QLatin1String(option.name);
        const bool missing = option.valueName ? parser.value(name).trimmed().isEmpty() : !parser.isSet(name);
        if (option.whenMissing && missing) {
            m_err << QCoreApplication::translate("CliApp", option.whenMissing) << '\n';
            return false;
        }
    }
    return true;
}

// --at WHEN, for a what-if status; *at stays now without it.
bool CliApp::readMoment(const QCommandLineParser &parser, const Clock &clock, QDateTime *at)
{
    if (!parser.isSet(QStringLiteral("at")))
        return true;
    *at = parseMoment(parser.value(QStringLiteral("at")), clock.now());
    if (!at->isValid())
        m_err << tr("--at needs an ISO-8601 date or time (2027-01-31, 2027-01-31T03:00:00Z) or an offset such as +45d, -2h.") << '\n';
    return at->isValid();
}

int CliApp::open(Installation &installation, const CliCommand &command, const QCommandLineParser &parser, const StartOptions &common,
                 const Clock &clock, const FingerprintSource &fingerprints)
{
    const AppPaths paths = common.paths(parser);
    const bool json = parser.isSet(QStringLiteral("json"));
    // A settings file someone named (--env, or HOTELHUB_ENV in a script or a service) must be
    // there: a typo never silently means "no settings".
    if (paths.namedEnvFileMissing())
        return stop(json, QStringLiteral("settings_file_missing"),
                    tr("The settings file %1 given with %2 does not exist. Check the path.")
                        .arg(QDir::toNativeSeparators(paths.envFile), paths.envSource),
                    ExitData);
    // The same for a data folder someone named, for a command that works on an installation that
    // exists: a typo must not create an empty folder there and report "not set up yet" (or, for
    // heartbeat-retry under a timer, "nothing to send", exit 0) as if that were this hotel's state.
    // Nor, in a named folder that exists, holds other files and neither a licence database nor
    // HotelHub's settings file (the HMS's web root, named by mistake), create anything there.
    if (!command.createsInstallation && paths.dataDirSource != QLatin1String("default")) {
        const QString where = QDir::toNativeSeparators(paths.dataDir);
        if (paths.namedDataDirMissing())
            return stop(json, QStringLiteral("data_folder_missing"),
                        tr("The data folder %1 given with %2 does not exist, or this user cannot reach it, so there is no installation "
                           "there; nothing was created. Check the path and the folder's permissions (the setup wizard or \"pair\" creates "
                           "the folder).")
                            .arg(where, paths.dataDirSource),
                        ExitData);
        if (!QFileInfo::exists(paths.databaseFile()) && !QFileInfo::exists(QDir(paths.dataDir).filePath(QStringLiteral("hotelhub.env")))
            && !paths.holdsOnlyOurFiles())
            return stop(json, QStringLiteral("not_an_installation"),
                        tr("The data folder %1 given with %2 holds other files and no HotelHub licence database, so there is no "
                           "installation there; nothing was created or changed in it. Check the path (the setup wizard or \"pair\" sets an "
                           "installation up in a folder of its own).")
                            .arg(where, paths.dataDirSource),
                        ExitData);
    }
    InstallationOptions options;
    options.access = command.access;
    // diagnostic reports unusable network settings as one of its checks instead of stopping.
    options.networkSettingsRequired = command.online && !command.checksSettings && !parser.isSet(QStringLiteral("offline"));
    const bool opened = installation.open(paths, clock, fingerprints, options);
    // Lines the HMS cannot load are named by every command (diagnostic lists them as a check).
    if (!command.checksSettings)
        for (const QString &problem : installation.env.warnings())
            m_err << tr("Settings file %1, %2").arg(QDir::toNativeSeparators(paths.envFile), problem) << '\n';
    if (!opened && installation.failure() == Installation::Failure::Settings) {
        // Shaped like every other failure: what, the next step, the code (and JSON for --json).
        const QString action = tr("Fix that setting in %1; `hotelhub-license diagnostic` lists every check.")
                                   .arg(QDir::toNativeSeparators(paths.envFile));
        if (json) {
            const QJsonObject j{{QStringLiteral("ok"), false},
                                {QStringLiteral("code"), QStringLiteral("settings")},
                                {QStringLiteral("message"), installation.errorString()},
                                {QStringLiteral("action"), action}};
            m_out << QJsonDocument(j).toJson(QJsonDocument::Indented);
        } else {
            m_err << "✗ " << installation.errorString() << '\n' << "  → " << action << '\n' << "  " << tr("(code %1%2)").arg(QStringLiteral("settings"), QString()) << '\n';
        }
        return ExitData;
    }
    if (!opened) {
        if (installation.failure() != Installation::Failure::Database)
            return stop(json, QStringLiteral("data_folder"), installation.errorString(), ExitData);
        const bool full = installation.databaseError() == DatabaseError::DiskFull;
        const QString code = full ? QStringLiteral("disk_full") : QStringLiteral("database");
        // The same help page as a full disk found later (#disk_full) has: a script's --json had
        // no `help` here (helper-39).
        return stop(json, code, installation.errorString(), exitCodeFor(installation.databaseError()),
                    VendorErrors::helpUrl(installation.settings.helpBase, code));
    }
    if (!installation.settingsProblem.isEmpty() && !command.checksSettings)
        m_err << installation.settingsProblem << '\n';
    const QString warning = SheetModeSettings::enabled(installation.env) ? SheetModeSettings::fromEnv(installation.env).warning
                                                                         : installation.settings.warning;
    if (!warning.isEmpty() && !command.checksSettings)
        m_err << warning << '\n';
    return ExitOk;
}

int CliApp::dispatch(const CliCommand &command, CliContext &c)
{
    if (!SheetModeSettings::enabled(c.env))
        return (this->*command.handler)(c);
    if (command.sheetHandler)
        return (this->*command.sheetHandler)(c);
    m_err << tr("'%1' needs a vendor licence server; this installation runs in sheet mode (LICENSE_API_URL is set).")
                 .arg(QLatin1String(command.name))
          << '\n';
    return ExitUsage;
}

int CliApp::bootstrap(CliContext &c)
{
    const BootstrapResult r = c.manager.bootstrap(c.isSet("force"));
    if (!r.ok) {
        m_err << r.error << '\n';
        return r.diskFull ? ExitDiskFull : ExitData;
    }
    m_out << "install_id: " << r.installId << '\n' << "fingerprint: " << r.fingerprint << '\n';
    if (r.created && r.reusedInstallId)
        m_err << tr("Kept the install ID from LICENSE_INSTALL_ID in %1, so the vendor recognises this installation.")
                     .arg(QDir::toNativeSeparators(c.paths.envFile)) << '\n';
    if (!r.created)
        m_err << tr("An installation identity already exists; kept it (use --force to regenerate).") << '\n';
    if (r.wasPaired)
        m_err << tr("The previous pairing was removed. Pair again, or move the licence here with `hotelhub-setup --migrate`.") << '\n';
    return ExitOk;
}

int CliApp::status(CliContext &c)
{
    const bool whatIf = c.isSet("at");
    const StatusReport check = c.manager.statusReport(c.at, !whatIf);
    QJsonObject json = LicenseManager::statusJson(check);
    addStorageProblems(c, json);
    // --at before the last word from the vendor: evaluated as a clock set back (clock_invalid),
    // which is what that moment would mean for a clock, not what the licence was then.
    const QDateTime lastContact = check.row ? std::max(check.row->lastHeartbeatSuccessAt, check.row->lastServerTime) : QDateTime();
    if (whatIf && lastContact.isValid() && c.at < lastContact)
        m_err << tr("Note: --at %1 is before this installation's last contact with the vendor (%2), so it reads as a clock set back; "
                    "--at tells what comes next, not what the licence was then.")
                     .arg(c.at.toString(Qt::ISODate), localTimeText(lastContact))
              << '\n';
    if (c.json) {
        m_out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    } else {
        printPresentation(check.status, c.language);
        // Dates for a person, in the language shown ("1 Juni 2027"); --json keeps them ISO.
        const LicenceTerms terms = check.terms();
        m_out << tr("Plan: %1").arg(orDash(json.value(QStringLiteral("plan")))) << '\n';
        m_out << tr("Valid until: %1").arg(displayDate(terms.validUntil)) << '\n';
        // The instant, in this computer's time: the grace ends at a moment, not at the end of a day
        // (5 January was said for a grace that ended at 05:05 that morning; helper-52).
        m_out << tr("Grace until: %1").arg(localTimeText(terms.graceUntil)) << '\n';
        if (json.value(QStringLiteral("offline")).toBool())
            m_out << tr("Offline activation until: %1 (heartbeats not expected before then)").arg(localTimeText(json.value(QStringLiteral("offline_until")))) << '\n';
        m_out << tr("Last heartbeat: %1").arg(localTimeText(json.value(QStringLiteral("last_heartbeat")))) << '\n';
        m_out << tr("Next heartbeat: %1").arg(localTimeText(json.value(QStringLiteral("next_heartbeat")))) << '\n';
        m_out << tr("Install ID: %1").arg(orDash(json.value(QStringLiteral("install_id")))) << '\n';
        if (whatIf)
            m_out << tr("(evaluated at %1; nothing was recorded)").arg(c.at.toString(Qt::ISODate)) << '\n';
    }
    return exitCodeForMode(check.status.mode());
}

void CliApp::addStorageProblems(CliContext &c, QJsonObject &json)
{
    // A read-only data folder or database: the state is shown as last recorded, and the check
    // that fails is named (as in diagnostic) instead of refusing to answer.
    QJsonArray failed;
    DiagnosticReport problems;
    for (const DiagnosticCheck &check : Diagnostic::storage(c.paths, c.db)) {
        if (check.ok)
            continue;
        failed.append(check.toJson());
        problems.checks << check;
    }
    if (failed.isEmpty())
        return;
    json.insert(QStringLiteral("failed_checks"), failed);
    if (!c.json) {
        m_err << problems.text();
        // (A disk that is only nearly full still took the record.)
        if (c.db.isReadOnly() || c.db.readOnlyForFullDisk() || c.db.hitDiskFull())
            m_err << tr("This state was read but not recorded.") << '\n';
    }
}

void CliApp::printPresentation(const LicenseStatus &status, Language language)
{
    // People's words first, then the codes support asks for (`--json` has them as fields).
    m_out << tr("Status: %1").arg(statusSummary(status, language)) << '\n';
    printSteps(m_out, present(status, language), status);
}

void CliApp::printSteps(QTextStream &out, const StatusPresentation &shown, const LicenseStatus &status)
{
    if (!shown.text.isEmpty())
        out << "  " << shown.text << '\n';
    if (!shown.action.isEmpty())
        out << "  → " << shown.action << '\n';
    if (status.state == LicenseState::FingerprintMismatch)
        out << "  " << migrateCommandHint() << '\n';
    else if (isLimited(status))
        // The steps name the tray's "Check again", which a console has not (helper-38).
        out << "  " << tr("Here: hotelhub-license heartbeat checks again now.") << '\n';
}

QString CliApp::migrateCommandHint()
{
    // The core's next step names the setup's button, which a support engineer on a console has not.
    return tr("Here: hotelhub-license migrate --reason \"server replaced\" (it asks for the licence key).");
}

QString CliApp::readKey(CliContext &c)
{
    QString key = c.option("key");
    if (!key.isEmpty() && key != QLatin1String("-"))
        return key;
    // From stdin: keeps the key out of the process list and the shell history.
    if (!m_in)
        return {};
    if (!c.isSet("key") && stdinIsTerminal()) // piped in by a script: no prompt in its output
        m_err << tr("Licence key (HMS-XXXXX-XXXXX-XXXXX-XXXXX): ") << Qt::flush;
    return m_in->readLine().trimmed();
}

int CliApp::stop(bool json, const QString &code, const QString &said, int exitCode, const QString &help)
{
    // A refusal repeats what was typed (a folder, a file, an argument): a licence key in it is
    // masked, whatever the path (a data folder named after the key was printed whole; helper-41).
    const QString message = LicenseKey::maskInText(said);
    if (json)
        m_stoppedWith = message; // (without --json it is on stderr already)
    if (json) {
        QJsonObject j{{QStringLiteral("ok"), false}, {QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
        if (!help.isEmpty())
            j.insert(QStringLiteral("help"), help);
        m_out << QJsonDocument(j).toJson(QJsonDocument::Indented);
    } else {
        m_err << message << '\n';
        if (!help.isEmpty())
            m_err << "  " << tr("Help: %1").arg(help) << '\n';
    }
    return exitCode;
}

int CliApp::report(CliContext &c, const ClientOutcome &o, const QString &successText)
{
    const VendorErrorText t = o.text(c.client.settings());
    // A local failure on a full disk has its own exit code (and code, from the core), whichever
    // file refused first (the database, the lock file, secret.key: with 28-48 KiB free they gave
    // exit 3 or 7 with "local_error"; found by the outside check).
    const bool full = !o.fullDisk.isEmpty();
    // Refused here, before anything was sent (a move's reason over 500 characters): the command
    // line, not the vendor (helper-45: exit 5, "the vendor server refused").
    const int exitCode = full ? int(ExitDiskFull) : !o.refusedHere.isEmpty() ? int(ExitUsage) : exitCodeFor(o.error);
    // Done with the vendor, but the HMS's settings file was not updated: a script must notice,
    // and a full disk is told apart as everywhere else.
    const int warningCode = c.env.saveHitDiskFull() ? int(ExitDiskFull) : int(ExitData);
    if (c.json && !o.ok())
        m_stoppedWith = t.message + u' ' + t.action;
    else if (c.json && !o.warning.isEmpty())
        m_stoppedWith = o.warning;
    if (c.json) {
        QJsonObject j{{QStringLiteral("ok"), o.ok()}, {QStringLiteral("code"), t.code}, {QStringLiteral("state"), o.status.stateName()},
                      {QStringLiteral("mode"), o.status.modeName()}};
        if (!o.ok()) {
            j.insert(QStringLiteral("message"), t.message);
            j.insert(QStringLiteral("action"), t.action);
            j.insert(QStringLiteral("help"), t.helpUrl);
            // Empty rather than a copy of "message" (a refusal made here is its own first line).
            j.insert(QStringLiteral("detail"), o.detail == t.message ? QString() : o.detail);
        } else {
            j.insert(QStringLiteral("message"), successText);
        }
        if (!o.warning.isEmpty()) {
            j.insert(QStringLiteral("warning"), o.warning);
            j.insert(QStringLiteral("warning_code"), QStringLiteral("env_write_failed"));
        }
        if (o.claims) {
            j.insert(QStringLiteral("plan"), o.claims->plan);
            j.insert(QStringLiteral("valid_until"), vendorDateText(o.claims->validUntil));
            j.insert(QStringLiteral("grace_until"), o.claims->expiresAt.toUTC().toString(Qt::ISODate));
        }
        if (o.reply.clockSkewSecs)
            j.insert(QStringLiteral("clock_skew_seconds"), *o.reply.clockSkewSecs);
        m_out << QJsonDocument(j).toJson(QJsonDocument::Indented);
        return o.ok() && !o.warning.isEmpty() ? warningCode : exitCode;
    }
    // The HMS's settings file was not updated (after a pairing, a move, a heartbeat attempt, an
    // unpairing): said with what happened and what to do, as the wizard says it.
    const auto warn = [&] {
        if (o.warning.isEmpty())
            return;
        const VendorErrorText w = o.status.state == LicenseState::Unpaired ? VendorErrors::envClearWarning(o.warning)
                                                                           : VendorErrors::envCopyWarning(o.warning);
        m_err << "⚠ " << w.message << '\n' << "  → " << w.action << '\n';
    };
    if (o.ok()) {
        // Done, but the licence it leaves is locked or restricted ("nothing due" while suspended):
        // not marked as all well (helper-53).
        const QString mark = limitedMark(o.status);
        m_out << (mark.isEmpty() ? QStringLiteral("✓ ") : mark) << successText << '\n';
        if (!o.detail.isEmpty())
            m_err << o.detail << '\n';
        if (!o.warning.isEmpty()) {
            warn();
            return warningCode;
        }
        return ExitOk;
    }
    warn();
    m_err << "✗ " << t.message << '\n';
    // (Not a gateway's or a login page's words, which are no licence server's.)
    if (!o.reply.serverMessage.isEmpty() && o.error != VendorError::Cancelled && o.error != VendorError::IntermediaryRefusal
        && o.error != VendorError::CaptivePortal)
        // The vendor's own words, quoted as sent (often English): labelled as a quote, so that an
        // English line under an Indonesian message reads as the server's, not ours (helper-41).
        m_err << "  " << tr("The vendor's server wrote (as sent): %1").arg(o.reply.serverMessage) << '\n';
    if (!t.action.isEmpty())
        m_err << "  → " << t.action << '\n';
    if (o.error == VendorError::FingerprintMismatch)
        m_err << "  " << migrateCommandHint() << '\n';
    m_err << "  " << tr("Help: %1").arg(t.helpUrl) << '\n';
    // A refusal made here is already its first line: not said twice.
    m_err << "  " << tr("(code %1%2)").arg(t.code, o.detail.isEmpty() || o.detail == t.message ? QString() : QStringLiteral("; ") + o.detail) << '\n';
    return exitCode;
}

int CliApp::pair(CliContext &c)
{
    const QString key = readKey(c);
    const ClientOutcome o = LicenseClient::wait([&](LicenseClient::Done d) { return c.client.pair(key, std::move(d)); });
    QString success;
    if (o.claims)
        success = tr("Paired %1. Licence active until %2 (plan %3).")
                      .arg(LicenseKey::parse(key).masked(), displayDate(o.claims->validUntil), o.claims->plan);
    return report(c, o, success);
}

int CliApp::sendHeartbeat(CliContext &c, bool onlyWhenDue)
{
    if (onlyWhenDue) {
        QDateTime due;
        if (!c.client.heartbeatDue(c.at, &due)) {
            // Nothing to send, but the binding lines a refused write left out are mended here too
            // (a server without a tray runs only this, from its timer).
            if (const QString warning = c.manager.ensureEnvBinding(); !warning.isEmpty()) {
                ClientOutcome mended;
                mended.status = c.manager.check(c.at, false).status; // this process has not checked yet: lastStatus() is "unpaired"
                mended.warning = warning;
                return report(c, mended, tr("No heartbeat due; the next one is at %1. State: %2.").arg(localTimeText(due), statusSummary(mended.status, c.language)));
            }
            // The state too: a timer's log then shows a suspended or expired licence on every run.
            const LicenseStatus status = c.manager.check(c.at, false).status;
            const QString text = due.isValid() ? tr("No heartbeat due; the next one is at %1. State: %2.").arg(localTimeText(due), statusSummary(status, c.language))
                                               : tr("Not paired: nothing to send.");
            if (c.json)
                m_out << QJsonDocument(QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("code"), QStringLiteral("not_due")},
                                                   {QStringLiteral("message"), text}, {QStringLiteral("state"), status.stateName()},
                                                   {QStringLiteral("mode"), status.modeName()},
                                                   {QStringLiteral("next_heartbeat"), due.isValid() ? QJsonValue(due.toUTC().toString(Qt::ISODate)) : QJsonValue()}})
                             .toJson(QJsonDocument::Indented);
            else
                m_out << limitedMark(status) << text << '\n';
            return ExitOk;
        }
    }
    const ClientOutcome o = LicenseClient::wait([&](LicenseClient::Done d) { return c.client.heartbeat(std::move(d)); });
    QString success;
    if (o.claims)
        success = tr("Heartbeat accepted; token renewed until %1. State: %2.").arg(localTimeText(o.claims->expiresAt), statusSummary(o.status, c.language));
    const int code = report(c, o, success);
    if (!o.ok() && !c.json && o.recorded)
        m_err << "  " << tr("State now: %1.").arg(statusSummary(o.status, c.language)) << '\n';
    return code;
}

int CliApp::rotateToken(CliContext &c)
{
    const ClientOutcome o = LicenseClient::wait([&](LicenseClient::Done d) { return c.client.rotateToken(std::move(d)); });
    return report(c, o, tr("New token stored; the previous one no longer works."));
}

int CliApp::unpair(CliContext &c)
{
    const ClientOutcome o = LicenseClient::wait([&](LicenseClient::Done d) { return c.client.unpair(c.option("reason"), std::move(d)); });
    // On the computer the licence moved away from, it is not free (helper-43: "can now be paired
    // on another installation" while it worked on the other one).
    return report(c, o, o.pairedElsewhere ? tr("This computer's pairing was removed. The licence stays with the installation it was moved to.")
                                          : tr("Unpaired. The licence can now be paired on another installation."));
}

int CliApp::migrate(CliContext &c)
{
    const QString key = readKey(c);
    const ClientOutcome o = LicenseClient::wait([&](LicenseClient::Done d) { return c.client.migrate(key, c.option("reason"), std::move(d)); });
    QString success;
    if (o.claims)
        success = tr("The licence now lives on this installation (active until %1). The previous installation stops working at its next check.")
                      .arg(displayDate(o.claims->validUntil));
    return report(c, o, success);
}

int CliApp::offlineRequest(CliContext &c)
{
    const QString out = c.option("out");
    // A file named after the key would keep the key in its name (helper-39); a folder named so
    // is the owner's own (helper-50: "--out …/HMS-…/r.txt" was refused as a key).
    if (const QString name = QFileInfo(out).fileName(); LicenseKey::maskInText(name) != name) {
        m_err << tr("--out %1 is a licence key, not a file name. Name the file the request goes to, for example --out request.txt.")
                     .arg(StartOptions::shownOnOneLine(out))
              << '\n';
        return ExitUsage;
    }
    // A move's reason is read first (`--move ""` asked for no move at all, and one too long was cut).
    if (c.isSet("move"))
        if (const QString problem = LicenseClient::moveReasonProblem(c.option("move"), LicenseClient::ReasonCarrier::OfflineRequest); !problem.isEmpty())
            return stop(c.json, VendorErrors::code(VendorError::InvalidRequest), problem, ExitUsage);
    // Where the request is to go is looked at first: a request is recorded here when it is made
    // (its answer is matched against it), and one that could not be saved is no use.
    if (const QString why = out.isEmpty() ? QString() : SmallFile::whyCannotWrite(out); !why.isEmpty())
        return stop(c.json, QStringLiteral("output_not_written"),
                    tr("Cannot write %1: %2. Nothing was saved: name a file this user may write, on a disk with room, or leave --out "
                       "out and the request is printed.")
                        .arg(QDir::toNativeSeparators(out), why),
                    ExitData);
    QString key;
    const std::optional<LocalLicense> row = c.manager.loadRow();
    if (c.isSet("key") || c.isSet("move") || !(row && row->isPaired()))
        key = readKey(c); // a first activation or a move names its key; a renewal needs none
    OfflineClient offline(c.manager, c.clock);
    const OfflineRequestResult r = offline.createRequest(key, c.option("move"));
    if (!r.ok) {
        if (c.json)
            m_out << QJsonDocument(QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("code"), r.code},
                                               {QStringLiteral("message"), r.error}})
                         .toJson(QJsonDocument::Indented);
        else
            m_err << "✗ " << r.error << '\n';
        const bool badKey = !key.isEmpty() && !LicenseKey::parse(key).isValid();
        const bool askedWrongly = badKey || r.code == QLatin1String("key_required") || r.code == VendorErrors::code(VendorError::InvalidRequest);
        return c.db.hitDiskFull() ? int(ExitDiskFull) : askedWrongly ? int(ExitUsage) : int(ExitData);
    }
    const QString text = r.request.encode();
    const bool move = !c.option("move").trimmed().isEmpty();
    if (!out.isEmpty()) {
        QString why;
        bool full = false;
        // The request carries the licence key: readable by this user only, like the key's own places.
        if (!SmallFile::writeAtomically(out, text.toLatin1() + '\n', &why, true, &full))
            return stop(c.json, QStringLiteral("request_not_saved"), // made (and recorded), unlike output_not_written
                        tr("Cannot write %1: %2. The request was made but not saved: name a file in a folder this user may write, "
                           "or leave --out out and the request is printed.")
                            .arg(QDir::toNativeSeparators(out), full ? tr("the disk is full") : why),
                        full ? ExitDiskFull : ExitData);
    }
    // The request is the answer: lost on a full disk or a closed pipe, that is said here with what
    // to do (the general note, "the command ran to the end", read as if the request were made).
    const auto requestDelivered = [this](const QString &file) {
        const QString problem = outputProblem();
        if (problem.isEmpty())
            return true;
        m_outputLossSaid = true;
        m_err << (file.isEmpty()
                      ? tr("The request could not be written to standard output (%1), so none of it reached you. Run the command "
                           "again with --out FILE to save it in a file, or where its output can go.")
                            .arg(problem)
                      : tr("The request is saved in %1, but could not also be written to standard output (%2). Send the file to "
                           "your vendor.")
                            .arg(QDir::toNativeSeparators(QFileInfo(file).absoluteFilePath()), problem))
              << '\n';
        return false;
    };
    if (c.json) {
        QJsonObject j{{QStringLiteral("ok"), true},
                      {QStringLiteral("code"), QStringLiteral("ok")},
                      {QStringLiteral("request"), text},
                      {QStringLiteral("renewal"), r.renewal},
                      {QStringLiteral("move"), move},
                      {QStringLiteral("code_possible"), r.codePossible},
                      {QStringLiteral("created_at"), r.request.createdAt.toString(Qt::ISODate)}};
        if (!out.isEmpty())
            j.insert(QStringLiteral("file"), QDir::toNativeSeparators(QFileInfo(out).absoluteFilePath()));
        m_out << QJsonDocument(j).toJson(QJsonDocument::Indented);
        return requestDelivered(out) ? ExitOk : ExitOutput;
    }
    m_out << r.request.encodeWrapped() << '\n';
    if (!requestDelivered(out))
        return ExitOutput;
    // A move is said as one, also from an install that holds the licence (helper-48: "Renewal
    // request made" for a move to this machine).
    m_err << (move ? tr("Move request made. Send it to your vendor (a photo of the QR code in the setup program, this text, or the file), "
                        "then run: hotelhub-license offline-apply FILE")
              : r.renewal ? tr("Renewal request made. Send it to your vendor (a photo of the QR code in the setup program, this text, or the file), "
                             "then run: hotelhub-license offline-apply FILE")
                        : tr("Activation request made. Send it to your vendor (a photo of the QR code in the setup program, this text, or the file), "
                             "then run: hotelhub-license offline-apply FILE"))
          << '\n';
    if (!out.isEmpty())
        m_err << tr("Saved to %1.").arg(QDir::toNativeSeparators(QFileInfo(out).absoluteFilePath())) << '\n';
    m_err << tr("The vendor answers requests up to %1 days old.").arg(offline::kRequestMaxAgeDays) << '\n';
    return ExitOk;
}

int CliApp::offlineApply(CliContext &c)
{
    const QString source = c.parser.positionalArguments().value(1);
    if (source.isEmpty()) {
        m_err << tr("offline-apply needs the answer: a FILE, or - to read it (or the typed code) from standard input.") << '\n';
        return ExitUsage;
    }
    // A licence key given for the answer was repeated whole in "… does not exist" (helper-39).
    // A file that is there is read, whatever its folder is called (helper-50: an answer saved in
    // a folder named after the key was refused as a key).
    if (source != QLatin1String("-") && !QFileInfo(source).isFile() && LicenseKey::maskInText(source) != source) {
        m_err << tr("%1 is a licence key, not the vendor's answer. offline-apply takes the answer FILE, or - to read it (or the "
                    "typed code) from standard input.")
                     .arg(StartOptions::shownOnOneLine(source))
              << '\n';
        return ExitUsage;
    }
    QByteArray text;
    if (source == QLatin1String("-")) {
        if (m_in)
            text = m_in->read(64 * 1024 + 1).toUtf8();
    } else {
        QString why;
        const auto read = SmallFile::read(source, &why);
        if (!read)
            return stop(c.json, QStringLiteral("answer_unreadable"),
                        tr("Cannot read the answer: %1. Check the file's name and that this user may read it, or give - and paste "
                           "the answer (or type its code).")
                            .arg(why),
                        ExitData);
        text = *read;
    }
    OfflineClient offline(c.manager, c.clock);
    const OfflineApplyResult r = offline.apply(MarkedText::text(text));
    if (c.json) {
        QJsonObject j{{QStringLiteral("ok"), r.ok()}, {QStringLiteral("code"), r.code()}, {QStringLiteral("message"), r.message},
                      {QStringLiteral("state"), r.status.stateName()}, {QStringLiteral("mode"), r.status.modeName()}};
        if (!r.ok())
            j.insert(QStringLiteral("action"), r.action);
        if (r.group)
            j.insert(QStringLiteral("group"), r.group);
        if (r.claims)
            j.insert(QStringLiteral("offline_until"), r.claims->expiresAt.toUTC().toString(Qt::ISODate));
        if (!r.warning.isEmpty())
            j.insert(QStringLiteral("warning"), r.warning);
        m_out << QJsonDocument(j).toJson(QJsonDocument::Indented);
    } else if (r.ok()) {
        m_out << "✓ " << r.message << '\n';
        if (!r.warning.isEmpty())
            m_err << "⚠ " << r.warning << '\n';
    } else {
        m_err << "✗ " << r.message << '\n' << "  → " << r.action << '\n' << "  " << tr("(code %1)").arg(r.code()) << '\n';
    }
    if (r.ok())
        return r.warning.isEmpty() ? int(ExitOk) : c.env.saveHitDiskFull() ? int(ExitDiskFull) : int(ExitData); // as for pair: the HMS's settings file lacks the lines
    switch (r.problem) {
    case OfflineProblem::Local: return c.db.hitDiskFull() ? ExitDiskFull : ExitData;
    case OfflineProblem::NotAnAnswer:
    case OfflineProblem::CodeTypo: return ExitUsage;
    default: return ExitRefused;
    }
}

int CliApp::scheduleHeartbeat(CliContext &c)
{
    QString error;
    if (c.isSet("remove")) {
        if (!setup::ScheduledHeartbeat::remove(&error)) {
            m_err << error << '\n';
            return ExitData;
        }
        m_out << tr("The heartbeat task is removed.") << '\n';
        return ExitOk;
    }
    // The task runs as SYSTEM, which can read only the machine-wide folder's key (its owner-only
    // file); a user's folder keeps its key in that user's Credential Manager.
    const QString machineWide = setup::ScheduledHeartbeat::machineDataDir();
    if (!machineWide.isEmpty() && pathIdentity(c.paths.dataDir) != pathIdentity(machineWide)) {
        m_err << tr("The heartbeat task is for the machine-wide data folder, whose key SYSTEM can read. Run: "
                    "hotelhub-license --data-dir \"%1\" schedule-heartbeat")
                     .arg(QDir::toNativeSeparators(machineWide))
              << '\n';
        return ExitUsage;
    }
    const QString explicitEnv = c.parser.isSet(QStringLiteral("env")) || !qEnvironmentVariableIsEmpty("HOTELHUB_ENV") ? c.paths.envFile : QString();
    if (!setup::ScheduledHeartbeat::install(QCoreApplication::applicationFilePath(), c.paths.dataDir, explicitEnv, &error)) {
        m_err << error << '\n';
        return ExitData;
    }
    m_out << tr("Created the task %1: it runs `hotelhub-license heartbeat-retry` for %2 every hour and at start-up, as SYSTEM, "
                "also while nobody is logged on.")
                 .arg(QString::fromLatin1(setup::ScheduledHeartbeat::kTaskName), QDir::toNativeSeparators(c.paths.dataDir))
          << '\n';
    return ExitOk;
}

int CliApp::diagnostic(CliContext &c)
{
    const StatusReport check = c.manager.statusReport(c.at, true);
    DiagnosticReport report = Diagnostic::offline(c.manager, check, c.paths);
    report.checks.prepend(Diagnostic::settingsFile(c.env, check.row && check.row->isPaired()));
    for (const DiagnosticCheck &settings : Diagnostic::networkSettings(c.client.settings()))
        report.checks.prepend(settings);
    // With unusable network settings the vendor is not called: that check above names the fix.
    if (!c.isSet("offline") && c.client.settings().problem.isEmpty()) {
        const ClientOutcome health = LicenseClient::wait([&](LicenseClient::Done d) { return c.client.health(std::move(d)); });
        EnvironmentProxyFactory proxies;
        Diagnostic::addNetwork(report, health, c.client.settings().vendorUrl.toString(), proxies.describe(c.vendor.endpoint(QString())));
    }
    return printReport(c, report);
}

int CliApp::sheetStatus(CliContext &c)
{
    const SheetModeSettings settings = SheetModeSettings::fromEnv(c.env);
    SheetMode sheet(c.paths, settings, c.manager, c.keys, c.clock);
    const bool whatIf = c.isSet("at");
    const SheetCheck check = sheet.evaluate(c.at, !whatIf);
    QJsonObject json = SheetMode::statusJson(check, settings);
    addStorageProblems(c, json);
    if (c.json) {
        m_out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    } else {
        printPresentation(check.status, c.language);
        if (!check.recordProblem.isEmpty())
            m_out << "  " << check.recordProblem << '\n';
        for (const QString &problem : settings.problems)
            m_out << "  " << problem << '\n';
        m_out << tr("Source: Google Sheet (sheet mode)") << '\n';
        m_out << tr("Valid until: %1").arg(displayDate(check.status.validUntil)) << '\n';
        m_out << tr("Last online check: %1").arg(localTimeText(json.value(QStringLiteral("last_online_check")))) << '\n';
        if (whatIf)
            m_out << tr("(evaluated at %1; nothing was recorded)").arg(c.at.toString(Qt::ISODate)) << '\n';
    }
    return exitCodeForMode(check.status.mode());
}

int CliApp::checkSheet(CliContext &c, bool onlyWhenDue)
{
    const SheetModeSettings settings = SheetModeSettings::fromEnv(c.env);
    SheetMode sheet(c.paths, settings, c.manager, c.keys, c.clock);
    if (onlyWhenDue) {
        const QDateTime due = sheet.nextCheck(c.at);
        if (due > c.at) {
            // With the state, as in vendor mode: a timer's journal shows a suspended licence on
            // every run; and --json answers JSON (it printed this line; outside check).
            const LicenseStatus status = sheet.evaluate(c.at, false).status;
            const QString text = tr("No online check due; the next one is at %1. State: %2.").arg(localTimeText(due), statusSummary(status, c.language));
            if (c.json)
                m_out << QJsonDocument(QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("code"), QStringLiteral("not_due")},
                                                   {QStringLiteral("message"), text}, {QStringLiteral("state"), status.stateName()},
                                                   {QStringLiteral("mode"), status.modeName()},
                                                   {QStringLiteral("next_heartbeat"), due.toUTC().toString(Qt::ISODate)}})
                             .toJson(QJsonDocument::Indented);
            else
                m_out << limitedMark(status) << text << '\n';
            return ExitOk;
        }
    }
    const SheetCheck check = sheet.checkOnline(c.network);
    // The same answer as vendor mode's heartbeat: ok, code, message and the next step (the status
    // fields alone said nothing of a failed fetch; helper-38).
    const QString action = check.fetchAction; // from what the sheet answered (a 404 is the address, not the internet)
    const QString done = tr("Sheet checked (%1). State: %2.").arg(check.formatName, statusSummary(check.status, c.language));
    // A sheet that suspends, revokes or ends the licence is the vendor's refusal, as a vendor
    // server's is: exit 5 with the state as the code, not exit 12 with "ok" (helper-52; the exit
    // code table keeps 12 for `status`).
    const bool refused = check.fetchOk && isLimited(check.status);
    const StatusPresentation shown = present(check.status, c.language);
    if (c.json) {
        QJsonObject j = SheetMode::statusJson(check, settings);
        j.insert(QStringLiteral("ok"), check.fetchOk && !refused);
        j.insert(QStringLiteral("code"), refused ? check.status.stateName() : check.fetchCode);
        j.insert(QStringLiteral("message"), check.fetchOk ? done : check.failureText());
        j.insert(QStringLiteral("action"), refused ? QJsonValue(shown.action) : check.fetchOk ? QJsonValue() : QJsonValue(action));
        m_out << QJsonDocument(j).toJson(QJsonDocument::Indented);
    } else if (refused) {
        m_err << "✗ " << done << '\n';
        printSteps(m_err, shown, check.status);
    } else if (check.fetchOk) {
        m_out << "✓ " << done << '\n';
    } else {
        m_err << "✗ " << check.failureText() << '\n';
        m_err << "  → " << action << '\n';
        m_err << "  " << tr("State now: %1.").arg(statusSummary(check.status, c.language)) << '\n';
    }
    // The sheet answered without this installation's row: refused, as an unknown licence is (it
    // exited 4, "unreachable"; helper-41).
    if (!check.fetchOk)
        return !settings.problems.isEmpty() ? ExitData : check.fetchCode == QLatin1String("sheet_no_row") || check.fetchCode == QLatin1String("sheet_row_invalid") ? ExitRefused : ExitNetwork;
    return refused ? ExitRefused : exitCodeForMode(check.status.mode());
}

int CliApp::printReport(const CliContext &c, const DiagnosticReport &report)
{
    // The report names the settings file, the data folder and the sheet's address: a key met in
    // them is masked (helper-50: a data folder named after the key was shown whole).
    if (c.json)
        m_out << LicenseKey::maskInText(QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented)));
    else
        m_out << LicenseKey::maskInText(report.text());
    return report.allOk() ? ExitOk : ExitCheckFailed;
}

int CliApp::sheetDiagnostic(CliContext &c)
{
    const SheetModeSettings settings = SheetModeSettings::fromEnv(c.env);
    SheetMode sheet(c.paths, settings, c.manager, c.keys, c.clock);
    SheetCheck check;
    if (c.isSet("offline")) {
        check = sheet.evaluate(c.at, true);
    } else {
        check = sheet.checkOnline(c.network);
    }
    return printReport(c, Diagnostic::sheetWithSettings(c.manager, check, settings, c.env, c.paths));
}

} // namespace hotelhub
