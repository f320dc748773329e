// `hotelhub-license diagnostic`: the seed's [✓]/[✗] checklist for support (seed 000 §10).
// This part runs the checks that need no network.
#pragma once

#include "LicenseManager.h"
#include "Translations.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace hotelhub {

class Database;
class EnvFile;
struct ClientOutcome;
struct ClientSettings;
struct SheetCheck;
struct SheetModeSettings;

struct DiagnosticCheck
{
    QString id;      // machine name: data_dir, database, public_key, token, fingerprint, heartbeat, audit_chain, clock
    bool ok = false;
    QString label;   // "Public key intact", "Token valid (exp 2026-05-28)", …
    QString detail;  // what is wrong, for a person
    QString fix;     // what to do
    QJsonObject toJson() const;
};

struct DiagnosticReport
{
    QList<DiagnosticCheck> checks;
    QStringList facts; // Plan, Features, Usage lines
    bool allOk() const;
    QString text() const;
    QJsonObject toJson() const;
};

class Diagnostic
{
    Q_DECLARE_TR_FUNCTIONS(Diagnostic)
public:
    // Fingerprint components in words, each code after it: "the installation folder (install_path)".
    static QString componentWords(const QStringList &components);
    // "Data folder writable", and "Licence database writable" when the database was opened
    // read-only: the first rows of every diagnostic, and what `status` names when one fails.
    static QList<DiagnosticCheck> storage(const AppPaths &paths, const Database &db);
    static DiagnosticReport offline(LicenseManager &manager, const StatusReport &check, const AppPaths &paths);
    // "Settings file loads in the HMS": each line phpdotenv (Laravel) would refuse, with the fix.
    static DiagnosticCheck settingsFile(const EnvFile &env, bool paired);
    // "Network settings usable", when one is not: a setting without which the vendor is not
    // called (LICENSE_CA_FILE), or one not understood whose default is used (LICENSE_TIMEOUT_SECONDS).
    static QList<DiagnosticCheck> networkSettings(const ClientSettings &settings);
    // The network half: "Vendor reachable" first (as in the seed's checklist), then the clock
    // skew against the server and the proxy in use. `health` is the outcome of LicenseClient::health.
    static void addNetwork(DiagnosticReport &report, const ClientOutcome &health, const QString &vendorUrl, const QString &proxy);
    // Sheet mode: the sheet reachable and readable, the three layers, license.dat.
    static DiagnosticReport sheet(LicenseManager &manager, const SheetCheck &check, const SheetModeSettings &settings,
                                  const AppPaths &paths, const QString &proxy);
    // The same with the settings file's row first and the proxy for the sheet's address: what the
    // CLI's `diagnostic` and the tray's Diagnose show in sheet mode.
    static DiagnosticReport sheetWithSettings(LicenseManager &manager, const SheetCheck &check, const SheetModeSettings &settings,
                                              const EnvFile &env, const AppPaths &paths);
    static QString describeAge(qint64 secs);
    // EnvironmentProxyFactory::describe's answer for a person: "direct" said in words.
    static QString proxyText(const QString &described);
    static QString sheetStatusWord(const QString &status);
};

} // namespace hotelhub
