// The hotelhub-license command line: parses, calls the core, prints. No rules live here.
#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

#include "StatusPolicy.h"
#include "Translations.h"

class QCommandLineParser;

namespace hotelhub {

struct ClientOutcome;
struct CliCommand;
struct CliContext;
struct DiagnosticReport;
struct StatusPresentation;
class Clock;
class FingerprintSource;
class Installation;
class StartOptions;

class CliApp
{
    Q_DECLARE_TR_FUNCTIONS(CliApp)
public:
    CliApp(QTextStream &out, QTextStream &err, QTextStream *in = nullptr) : m_out(out), m_err(err), m_in(in) {}
    int run(const QStringList &arguments);
    // After run(): flushes standard output. If any of the answer could not be written there (a
    // full disk, a closed pipe), says so on stderr and returns ExitOutput instead of `code`.
    int finishOutput(int code);

private:
    // The commands: their options, help, access to the data folder and handlers (CliApp.cpp).
    static const QList<CliCommand> &commands();
    QString helpText() const;

    // The steps of run(); each that can stop it prints why and returns the exit code.
    static void addOptions(QCommandLineParser &parser, const StartOptions &common);
    const CliCommand *selectCommand(const QCommandLineParser &parser, int *answered);
    bool optionsFit(const CliCommand &command, const QCommandLineParser &parser);
    bool readMoment(const QCommandLineParser &parser, const Clock &clock, QDateTime *at);
    int open(Installation &installation, const CliCommand &command, const QCommandLineParser &parser, const StartOptions &common,
             const Clock &clock, const FingerprintSource &fingerprints);
    int dispatch(const CliCommand &command, CliContext &c);

    int bootstrap(CliContext &c);
    int status(CliContext &c);
    int pair(CliContext &c);
    int heartbeat(CliContext &c) { return sendHeartbeat(c, false); }
    int heartbeatRetry(CliContext &c) { return sendHeartbeat(c, true); }
    int sendHeartbeat(CliContext &c, bool onlyWhenDue);
    int rotateToken(CliContext &c);
    int unpair(CliContext &c);
    int migrate(CliContext &c);
    int offlineRequest(CliContext &c);
    int offlineApply(CliContext &c);
    int diagnostic(CliContext &c);
    int scheduleHeartbeat(CliContext &c);
    int sheetStatus(CliContext &c);
    int sheetCheck(CliContext &c) { return checkSheet(c, false); }
    int sheetCheckRetry(CliContext &c) { return checkSheet(c, true); }
    int checkSheet(CliContext &c, bool onlyWhenDue);
    int sheetDiagnostic(CliContext &c);
    int printReport(const CliContext &c, const DiagnosticReport &report); // diagnostic's output, masked
    // A command stopped before its work (a settings file or data folder it cannot use, a file it
    // cannot read or write): with --json {ok: false, code, message} on stdout, the shape of every
    // other failure, else the message on stderr. Returns exitCode.
    int stop(bool json, const QString &code, const QString &message, int exitCode, const QString &help = {});
    // Prints a failed (or successful) vendor exchange; returns its exit code.
    int report(CliContext &c, const ClientOutcome &outcome, const QString &successText);
    QString readKey(CliContext &c);
    void printPresentation(const LicenseStatus &status, Language language);
    // The state's text, its next step and, while locked or restricted, this console's way to
    // check again, each on a line of its own under a first line already written to `out`.
    static void printSteps(QTextStream &out, const StatusPresentation &shown, const LicenseStatus &status);
    static QString migrateCommandHint();
    void addStorageProblems(CliContext &c, QJsonObject &json);
    // Flushes standard output; empty when everything printed so far reached it, else why not.
    QString outputProblem();

    QTextStream &m_out;
    QTextStream &m_err;
    QTextStream *m_in;
    // Why the command stopped short (stop(), a failed report()): said on stderr too when the
    // answer could not be written to standard output, so a --json run never loses it.
    QString m_stoppedWith;
    // A command said itself what a lost answer means (offline-request): finishOutput adds nothing.
    bool m_outputLossSaid = false;
};

} // namespace hotelhub
