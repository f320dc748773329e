// hotelhub-license-server's command line: keys, serve, license admin, sheet sync.
#pragma once

#include "Crypto.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QStringList>
#include <QTextStream>
#include <optional>

class QCommandLineParser;

namespace hotelhub {
class Clock;
namespace service {
struct License;
class ClockTrust;
class VendorDatabase;
class VendorStore;
} // namespace service
} // namespace hotelhub

namespace hotelhub::server {

class ServerCli
{
    Q_DECLARE_TR_FUNCTIONS(ServerCli)
public:
    ServerCli(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}
    // The command's exit code; 8 when what it printed could not be written to standard output
    // (a full disk, a closed pipe), said on stderr with what that means for the command.
    int run(const QStringList &arguments);

private:
    int runCommand(const QStringList &arguments);
    // Flushes standard output: false when the system refused it.
    bool outputWritten();
    QString outputError() const;
    QString usage() const;
    std::optional<QString> need(const QCommandLineParser &p, const char *name);
    // After `license create` or `extend` with an end already past: whether the licence is in its
    // grace days (and until when) or expired; empty when its end is still ahead.
    static QString pastEndNote(const service::License &license, const QDateTime &now);
    // A whole-number option in [min, max]: `fallback` when not given; nullopt, said with the
    // range, when it is something else (a negative timeout, "abc", 0 threads).
    std::optional<int> number(const QCommandLineParser &p, const char *name, int min, int max, int fallback);
    int keysInit(const QCommandLineParser &p);
    // The vendor's private key in `keysDir`; null, with the reason printed, when it cannot be used.
    PKeyPtr signingKey(const QString &keysDir);
    // `key`: the signing key, read (and checked usable) before the store was opened.
    struct ServeLimits
    {
        int threads, requestTimeoutS, idleTimeoutS, maxConnections, pairRate, sheetEveryS;
    };
    // serve's number options, each checked against its range (said when one is not).
    std::optional<ServeLimits> serveLimits(const QCommandLineParser &p);
    // The first option given that `pos`'s command does not take, or empty.
    static QString strayOption(const QCommandLineParser &p, const QStringList &pos);
    int serve(const QCommandLineParser &p, const ServeLimits &limits, service::VendorDatabase &db, service::VendorStore &store, const Clock &clock,
              int toleranceDays, PKeyPtr key);
    // True (and said) when a read-only store is damaged: a listing from it may miss rows.
    bool damaged(const service::VendorDatabase &db);
    static QString clockWarning(const service::ClockTrust &trust, const QDateTime &now, const QString &database);
    // After an admin command's write failed: the store's reason, and what to do when the disk
    // refused it (full, read-only, an I/O error), in our words.
    static QString notSaved(const service::VendorStore &store);
    // Admin writes are dated by the clock too: refused (with the reason) on a clock well past the
    // store's newest record, unless --trust-clock vouches for it (marked and audited).
    bool clockAllowsWrites(const QCommandLineParser &p, service::VendorStore &store, const Clock &clock, int toleranceDays);
    int sheetSync(const QCommandLineParser &p, service::VendorStore &store);
    int license(const QCommandLineParser &p, service::VendorDatabase &db, service::VendorStore &store);
    // license offline-answer: the vendor answers a hotel's offline activation request.
    int offlineAnswer(const QCommandLineParser &p, service::VendorDatabase &db, const Clock &clock, const QString &source, PKeyPtr key);
    QTextStream &m_out;
    QTextStream &m_err;
    QString m_ifOutputLost;      // what a lost output means for this command, when it differs
    bool m_outputSaid = false;   // a lost output was already said by the command itself
};

} // namespace hotelhub::server
