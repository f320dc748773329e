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
struct CliContext;

class CliApp
{
    Q_DECLARE_TR_FUNCTIONS(CliApp)
public:
    CliApp(QTextStream &out, QTextStream &err, QTextStream *in = nullptr) : m_out(out), m_err(err), m_in(in) {}
    int run(const QStringList &arguments);

private:
    QString helpText() const;
    int bootstrap(CliContext &c);
    int status(CliContext &c);
    int pair(CliContext &c);
    int heartbeat(CliContext &c, bool onlyWhenDue);
    int rotateToken(CliContext &c);
    int unpair(CliContext &c);
    int migrate(CliContext &c);
    int diagnostic(CliContext &c);
    int sheetStatus(CliContext &c);
    int sheetCheck(CliContext &c, bool onlyWhenDue);
    int sheetDiagnostic(CliContext &c);
    // Prints a failed (or successful) vendor exchange; returns its exit code.
    int report(CliContext &c, const ClientOutcome &outcome, const QString &successText);
    QString readKey(CliContext &c);
    void printPresentation(const LicenseStatus &status, const QString &statusWord, Language language);
    void addStorageProblems(CliContext &c, QJsonObject &json);

    QTextStream &m_out;
    QTextStream &m_err;
    QTextStream *m_in;
};

} // namespace hotelhub
