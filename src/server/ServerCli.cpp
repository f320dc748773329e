#include "ServerCli.h"
#include "MarkedText.h"
#include "StderrQueue.h"
#include "TlsFiles.h"
#include "HttpServer.h"

#include "Clock.h"
#include "ClockTrust.h"
#include "SmallFile.h"
#include "StartOptions.h"
#include "TerminalText.h"
#include "LicenseKey.h"
#include "Translations.h"
#include "Version.h"
#include "sheets/SheetFetcher.h"
#include "SecretFiles.h"
#include "SheetSync.h"
#include "VendorDatabase.h"
#include "VendorKeys.h"
#include "VendorService.h"
#include "VendorStore.h"

#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QThread>
#include <QScopeGuard>
#include <QStorageInfo>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

namespace hotelhub::server {

using namespace hotelhub::service;

namespace {
// Qt's messages while serving go through the stderr queue. The same warning from every request
// (a database that went away: "QSqlQuery::prepare: database not open", thousands a second) is
// said once, then counted every 10 s: the one line that names the problem must not drown.
void queueQtMessage(QtMsgType, const QMessageLogContext &, const QString &message)
{
    static std::mutex mutex;
    static QString last;
    static int repeats = 0;
    static QDeadlineTimer quiet;
    std::lock_guard lock(mutex);
    if (message == last) {
        repeats = repeats < INT_MAX ? repeats + 1 : repeats;
        if (!quiet.hasExpired())
            return;
    }
    if (repeats > 0) {
        const QString counted = QCoreApplication::translate("ServerCli", "(the message above came %n more time(s))", nullptr, repeats);
        StderrQueue::write((counted + u'\n').toUtf8().toStdString());
    }
    if (message != last)
        StderrQueue::write((message + u'\n').toUtf8().toStdString());
    last = message;
    repeats = 0;
    quiet.setRemainingTime(10000);
}
enum Exit { Ok = 0, Failure = 1, Usage = 2, Data = 3, NotFound = 4, Output = 8 };

bool parseListen(const QString &text, std::string *address, unsigned short *port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const int p = text.mid(colon + 1).toInt(&ok);
    if (!ok || p < 0 || p > 65535 || QHostAddress(host).isNull())
        return false;
    *address = host.toStdString();
    *port = static_cast<unsigned short>(p);
    return true;
}

// Text an admin gives that is shown again in `license list` and `show`: one line of printable
// characters (a newline faked a row or a "status" line; found by the outside check).
bool isOneLine(const QString &text) { return StartOptions::isOneLine(text); }

// Exactly YYYY-MM-DD ("2027-12-31T00:00" and "2027-12-31 junk" were taken as that day); invalid otherwise.
QDate exactDate(const QString &text)
{
    static const QRegularExpression day(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    return day.match(text).hasMatch() ? QDate::fromString(text, Qt::ISODate) : QDate();
}

// Stored text printed on a terminal: whatever wrote it (an older version, a sheet's notes), one
// line with nothing hidden, each such character shown as U+XXXX.
QString shown(const QString &text) { return StartOptions::shownOnOneLine(text); }

// A URL option (--db, --url, --sheet-url) as a message may quote it: the password of its user
// part shown as "***" and its query (a sheet's key=…, PostgreSQL's password=…) as "?…", so that a
// URL refused before it could be read never prints a secret.
QString withoutSecrets(const QString &value)
{
    const qsizetype scheme = value.indexOf(QLatin1String("://"));
    if (scheme < 0)
        return value;
    QString rest = value.mid(scheme + 3);
    const qsizetype at = rest.lastIndexOf(u'@');
    if (at >= 0) {
        const qsizetype colon = rest.left(at).indexOf(u':');
        if (colon >= 0)
            rest = rest.left(colon) + QLatin1String(":***") + rest.mid(at);
    }
    const qsizetype query = rest.indexOf(u'?', std::max<qsizetype>(0, rest.lastIndexOf(u'@')));
    if (query >= 0)
        rest = rest.left(query) + QStringLiteral("?…");
    return value.left(scheme + 3) + rest;
}

// A licence's state as the table of `license list` shows it to a person, in the command's
// language (`--json` keeps the stored words for scripts). A word this version does not know is
// shown as stored.
QString stateWord(const QString &state)
{
    if (state == QLatin1String("active"))
        return ServerCli::tr("active", "licence state");
    if (state == QLatin1String("grace"))
        return ServerCli::tr("grace", "licence state: past its end, heartbeats still accepted");
    if (state == QLatin1String("expired"))
        return ServerCli::tr("expired", "licence state");
    if (state == QLatin1String("suspended"))
        return ServerCli::tr("suspended", "licence state");
    if (state == QLatin1String("revoked"))
        return ServerCli::tr("revoked", "licence state");
    return shown(state);
}

QJsonObject parseFeatures(const QString &text, QString *error)
{
    QJsonObject out;
    static const QRegularExpression name(QStringLiteral("^[a-z][a-z0-9_]{0,39}$"));
    for (const QString &pair : text.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(u'=');
        const QString key = eq > 0 ? pair.left(eq).trimmed() : QString();
        if (!name.match(key).hasMatch()) {
            *error = ServerCli::tr("--features takes name=value pairs separated by commas, each name in lower-case letters, digits and _, "
                                   "got \"%1\"").arg(StartOptions::shownShortened(pair, 60));
            return {};
        }
        // The limits have their own options; a second value for a name is a mistake, not a choice.
        if (key == QLatin1String("max_rooms") || key == QLatin1String("max_concurrent_users") || key == QLatin1String("max_properties")) {
            *error = ServerCli::tr("--features cannot set %1: use --max-rooms and --max-users.").arg(key);
            return {};
        }
        if (out.contains(key)) {
            *error = ServerCli::tr("--features names %1 twice.").arg(key);
            return {};
        }
        const QString value = pair.mid(eq + 1).trimmed();
        if (!isOneLine(value) || value.size() > 200) {
            *error = ServerCli::tr("--features: the value of %1 is one line of at most 200 characters.").arg(key);
            return {};
        }
        bool isInt = false;
        const int n = value.toInt(&isInt);
        if (value == QLatin1String("true") || value == QLatin1String("false"))
            out.insert(key, value == QLatin1String("true"));
        else if (isInt)
            out.insert(key, n);
        else
            out.insert(key, value);
    }
    return out;
}

QJsonObject summaryJson(const LicenseSummary &s, const QDateTime &now)
{
    const License &l = s.license;
    return {{QStringLiteral("id"), l.id},
            {QStringLiteral("key"), l.keyMasked},
            {QStringLiteral("plan"), l.plan},
            {QStringLiteral("status"), l.status},
            {QStringLiteral("effective_status"), l.effectiveStatus(now)},
            {QStringLiteral("status_reason"), l.statusReason},
            {QStringLiteral("valid_until"), VendorStore::vendorDate(l.validUntil).toString(Qt::ISODate)},
            {QStringLiteral("grace_days"), l.graceDays},
            {QStringLiteral("max_rooms"), l.maxRooms},
            {QStringLiteral("max_users"), l.maxUsers},
            {QStringLiteral("features"), l.tokenFeatures()},
            {QStringLiteral("owner_email"), l.ownerEmail},
            {QStringLiteral("last_heartbeat"), toStorage(s.lastHeartbeat)},
            {QStringLiteral("paired"), s.paired},
            {QStringLiteral("pairings"), s.pairings},
            {QStringLiteral("migrations_last_year"), s.migrationsLastYear},
            {QStringLiteral("migrations_per_year"), l.migrationsPerYear},
            {QStringLiteral("last_payment"), l.lastPayment.toString(Qt::ISODate)},
            {QStringLiteral("notes"), l.notes}};
}
} // namespace

QString ServerCli::usage() const
{
    return tr("Usage:\n"
              "  hotelhub-license-server [--lang id|en] keys init --dir DIR [--alg rs256|eddsa]\n"
              "  hotelhub-license-server serve --db DB --keys DIR [--listen 127.0.0.1:8080] [--admin-secret-file F]\n"
              "        [--sheet-url URL [--sheet-every SECONDS] [--sheet-format auto|appsscript|csv|sheets-api|gviz]]\n"
              "        [--tls-cert F --tls-key F] [--threads N] [--support-phone P] [--support-email E]\n"
              "        [--pair-rate N] [--request-timeout S] [--idle-timeout S] [--max-connections 512] [--no-access-log]\n"
              "        [--read-only] [--trust-clock] [--clock-tolerance-days 7] [--stop-on-stdin-eof] [--sync-each-commit]\n"
              "        [--clock-offset +65d]   (tests and demos: run the server's clock ahead or behind)\n"
              "  hotelhub-license-server license create --db DB --plan P --max-rooms N --max-users N --valid-until YYYY-MM-DD\n"
              "        [--owner-email E] [--grace-days 30] [--features k=v,…] [--migrations-per-year 2]\n"
              "  hotelhub-license-server license list [--json] --db DB\n"
              "  hotelhub-license-server license show KEY [--json] --db DB\n"
              "  hotelhub-license-server license extend KEY --until YYYY-MM-DD [--grace-days N] --db DB\n"
              "  hotelhub-license-server license suspend|resume|revoke KEY [--reason R] --db DB\n"
              "  hotelhub-license-server license reset-migrations KEY --db DB\n"
              "  hotelhub-license-server license offline-answer --db DB --keys DIR (FILE | -) [--days 90] [--out FILE] [--json]\n"
              "        (answers a hotel's offline activation request; FILE holds the request text)\n"
              "  hotelhub-license-server sheet sync --db DB --url URL [--format auto|appsscript|csv|sheets-api|gviz]\n"
              "\n"
              "Commands that write refuse a clock more than --clock-tolerance-days past the store's newest record;\n"
              "--trust-clock vouches for it. list and show take --read-only for a damaged store.\n"
              "\n"
              "DB is sqlite:PATH or postgresql://user@host:port/dbname.\n"
              "Exit codes: 0 ok, 1 failed, 2 wrong command line, 3 database/key problem, 4 licence not found, 8 output not written.\n");
}

bool ServerCli::outputWritten()
{
    m_out.flush();
    const auto *file = qobject_cast<const QFile *>(m_out.device());
    return m_out.status() == QTextStream::Ok && (!file || file->error() == QFileDevice::NoError);
}

QString ServerCli::outputError() const
{
    const auto *file = qobject_cast<const QFile *>(m_out.device());
    if (!file || file->error() == QFileDevice::NoError || file->errorString().isEmpty())
        return tr("write error");
    // The two usual causes in the admin's language; any other in the system's words.
    if (file->errorString() == qt_error_string(ENOSPC))
        return tr("the disk is full");
    if (file->errorString() == qt_error_string(EPIPE))
        return tr("the program reading it has stopped");
    return file->errorString();
}

int ServerCli::run(const QStringList &arguments)
{
    LicenseKey::rememberArguments(arguments);
    const int code = runCommand(arguments);
    if (m_outputSaid)
        return Output;
    if (outputWritten())
        return code;
    // A command that printed into a full disk or a closed pipe ended 0 (the outside check: the
    // only showing of a new licence key lost, and the exit code said all was well).
    m_err << tr("What this command printed could not be written to standard output (%1). Without this it would have ended with "
                "exit code %2. %3 Check where its output goes (a full disk, a closed pipe).")
                 .arg(outputError())
                 .arg(code)
                 .arg(m_ifOutputLost.isEmpty() ? tr("Whatever it changed is saved; \"license show\" shows a licence as it is now.") : m_ifOutputLost)
          << '\n';
    m_err.flush();
    return Output;
}

int ServerCli::runCommand(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QStringList valued{QStringLiteral("dir"), QStringLiteral("alg"), QStringLiteral("db"), QStringLiteral("keys"), QStringLiteral("listen"),
                             QStringLiteral("admin-secret-file"), QStringLiteral("sheet-url"), QStringLiteral("sheet-every"),
                             QStringLiteral("sheet-format"), QStringLiteral("tls-cert"), QStringLiteral("tls-key"), QStringLiteral("threads"),
                             QStringLiteral("support-phone"), QStringLiteral("support-email"), QStringLiteral("pair-rate"),
                             QStringLiteral("request-timeout"), QStringLiteral("idle-timeout"), QStringLiteral("plan"),
                             QStringLiteral("max-rooms"), QStringLiteral("max-users"), QStringLiteral("valid-until"),
                             QStringLiteral("owner-email"), QStringLiteral("grace-days"), QStringLiteral("features"),
                             QStringLiteral("migrations-per-year"), QStringLiteral("until"), QStringLiteral("reason"),
                             QStringLiteral("url"), QStringLiteral("format"), QStringLiteral("lang"),
                             QStringLiteral("clock-offset"), QStringLiteral("clock-tolerance-days"), QStringLiteral("max-connections"),
                             QStringLiteral("days"), QStringLiteral("out")};
    for (const QString &name : valued)
        p.addOption(QCommandLineOption(name, QString(), QStringLiteral("value")));
    const QStringList flags{QStringLiteral("json"), QStringLiteral("no-access-log"), QStringLiteral("help"), QStringLiteral("version"),
                            QStringLiteral("trust-clock"), QStringLiteral("read-only"), QStringLiteral("stop-on-stdin-eof"),
                            QStringLiteral("sync-each-commit")};
    for (const QString &flag : flags)
        p.addOption(QCommandLineOption(flag));
    const bool parsed = p.parse(arguments);
    // A --lang it does not speak is refused below, in the language the environment asks for.
    const bool langKnown = !p.isSet(QStringLiteral("lang")) || StartOptions::unknownLanguage(p.value(QStringLiteral("lang"))).isEmpty();
    installTranslator(langKnown && p.isSet(QStringLiteral("lang")) ? languageFromCode(p.value(QStringLiteral("lang"))) : startLanguage(Audience::Terminal));
    if (!parsed) {
        // "--lang id license list --db": Qt's refusal in the language asked for (it was English).
        StartOptions::applyLanguageOfArguments(arguments);
        p.parse(arguments); // again: Qt words its refusals while parsing
        m_err << StartOptions::parseRefusal(p, arguments) << "\n\n" << usage();
        return Usage;
    }
    // "--db --lang en" took "--lang" for the store (found by the outside check).
    if (const QString taken = StartOptions::optionTakenAsValue(arguments, valued); !taken.isEmpty()) {
        m_err << taken << "\n\n" << usage();
        return Usage;
    }
    // "--lang xx" (or "--lang --") gave Indonesian in silence; the other programs refuse it.
    if (!langKnown) {
        m_err << StartOptions::unknownLanguage(p.value(QStringLiteral("lang"))) << '\n';
        return Usage;
    }
    // Every value and every argument is one line: a line break in a file's name was printed as is
    // in the messages that name it (and could fake a line of them), a --support-phone with one
    // went into every signed refusal, a --plan with one into the licence (helper-48). --reason
    // has its own wording below.
    QStringList oneLine = valued;
    oneLine.removeAll(QStringLiteral("reason"));
    if (QString broken = StartOptions::notOneLine(p, oneLine, withoutSecrets); !broken.isEmpty()
        || !(broken = StartOptions::argumentNotOneLine(p.positionalArguments())).isEmpty()) {
        m_err << broken << '\n';
        return Usage;
    }
    if (p.isSet(QStringLiteral("version"))) {
        m_out << "hotelhub-license-server " << appVersion() << '\n';
        return Ok;
    }
    const QStringList pos = p.positionalArguments();
    if (p.isSet(QStringLiteral("help")) || pos.isEmpty()) {
        (pos.isEmpty() && !p.isSet(QStringLiteral("help")) ? m_err : m_out) << usage();
        return p.isSet(QStringLiteral("help")) ? Ok : Usage;
    }
    qint64 offset = 0;
    if (p.isSet(QStringLiteral("clock-offset"))) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDateTime shifted = parseMoment(p.value(QStringLiteral("clock-offset")), now);
        if (!shifted.isValid()) {
            m_err << tr("--clock-offset takes an offset such as +65d, -2h or +90m.") << '\n';
            return Usage;
        }
        offset = now.secsTo(shifted);
    }
    const OffsetClock clock(offset);
    if (pos.value(0) == QLatin1String("keys") && pos.value(1) == QLatin1String("init") && pos.size() == 2) {
        if (const QString stray = strayOption(p, pos); !stray.isEmpty()) {
            m_err << tr("'%1' does not take --%2.").arg(QStringLiteral("keys init"), stray) << "\n\n" << usage();
            return Usage;
        }
        return keysInit(p);
    }
    // A command this program does not have is named as such, before any option it would need
    // (it was told "--db is required").
    static const QStringList licenseVerbs{QStringLiteral("list"), QStringLiteral("create"), QStringLiteral("show"), QStringLiteral("extend"),
                                          QStringLiteral("suspend"), QStringLiteral("resume"), QStringLiteral("revoke"),
                                          QStringLiteral("reset-migrations"), QStringLiteral("offline-answer")};
    const bool known = (pos.value(0) == QLatin1String("serve") && pos.size() == 1)
        || (pos.value(0) == QLatin1String("sheet") && pos.value(1) == QLatin1String("sync") && pos.size() == 2)
        || (pos.value(0) == QLatin1String("license") && licenseVerbs.contains(pos.value(1)));
    if (!known) {
        // A licence key among the words is shown masked, as everywhere (it was echoed whole).
        m_err << tr("Unknown command: %1").arg(StartOptions::shownWords(pos)) << "\n\n" << usage();
        return Usage;
    }
    // An option the command does not take is refused, not ignored in silence (`license suspend
    // --grace-days 5` and `license list --grace-days 0` exited 0; helper-38).
    if (const QString stray = strayOption(p, pos); !stray.isEmpty()) {
        m_err << tr("'%1' does not take --%2.").arg(pos.mid(0, pos.value(0) == QLatin1String("serve") ? 1 : 2).join(u' '), stray) << "\n\n"
              << usage();
        return Usage;
    }
    // serve's numbers before anything is opened.
    std::optional<ServeLimits> limits;
    if (pos.value(0) == QLatin1String("serve") && !(limits = serveLimits(p)))
        return Usage;
    const auto dbSpec = need(p, "db");
    if (!dbSpec)
        return Usage;
    const bool readOnly = p.isSet(QStringLiteral("read-only"));
    const bool reads = pos.value(0) == QLatin1String("serve")
        || (pos.value(0) == QLatin1String("license") && (pos.value(1) == QLatin1String("list") || pos.value(1) == QLatin1String("show")));
    if (readOnly && !reads) {
        m_err << tr("--read-only goes with serve, license list and license show; this command writes.") << '\n';
        return Usage;
    }
    int toleranceDays = ClockTrust::kDefaultToleranceDays;
    if (p.isSet(QStringLiteral("clock-tolerance-days"))) {
        bool ok = false;
        toleranceDays = p.value(QStringLiteral("clock-tolerance-days")).toInt(&ok);
        if (!ok || toleranceDays < 1 || toleranceDays > 365) {
            m_err << tr("--clock-tolerance-days takes a number of days from 1 to 365.") << '\n';
            return Usage;
        }
    }
    // The signing key before the store, read once: a key that cannot be used leaves no new store behind.
    PKeyPtr key;
    if (pos.value(0) == QLatin1String("serve") || (pos.value(0) == QLatin1String("license") && pos.value(1) == QLatin1String("offline-answer"))) {
        const auto keysDir = need(p, "keys");
        if (!keysDir)
            return Usage;
        key = signingKey(*keysDir);
        if (!key)
            return Data;
    }
    VendorDatabase db(*dbSpec);
    if (!db.specOk()) {
        m_err << db.errorString() << '\n';
        return Usage;
    }
    db.setReadOnly(readOnly);
    db.setReadOnlyOffered(reads);
    db.setMayCreate(pos.value(0) == QLatin1String("serve") || (pos.value(0) == QLatin1String("license") && pos.value(1) == QLatin1String("create")));
    if (pos.value(0) == QLatin1String("serve") && !p.isSet(QStringLiteral("sync-each-commit")))
        db.enableGroupCommit();
    if (!db.open()) {
        m_err << db.errorString() << '\n';
        return Data;
    }
    if (!db.damage().isEmpty() && pos.value(0) == QLatin1String("serve"))
        m_err << tr("WARNING: the vendor database %1 is damaged (%2). It is opened read-only, as asked: nothing is written, "
                    "and what cannot be read answers 503. Restore it from a backup, or recover it with the sqlite3 tool's .recover command.")
                     .arg(db.describe(), db.damage())
              << '\n';
    VendorStore store(db, clock);
    if (!reads && !clockAllowsWrites(p, store, clock, toleranceDays))
        return Data;

    if (pos.value(0) == QLatin1String("serve") && pos.size() == 1)
        return serve(p, *limits, db, store, clock, toleranceDays, std::move(key));
    if (pos.value(0) == QLatin1String("sheet") && pos.value(1) == QLatin1String("sync") && pos.size() == 2)
        return sheetSync(p, store);
    if (pos.value(0) == QLatin1String("license") && pos.value(1) == QLatin1String("offline-answer")) {
        if (pos.size() != 3) {
            m_err << tr("'license offline-answer' takes one request: a file, or - for standard input.") << "\n\n" << usage();
            return Usage;
        }
        return offlineAnswer(p, db, clock, pos.value(2), std::move(key));
    }
    return license(p, db, store);
}

int ServerCli::offlineAnswer(const QCommandLineParser &p, VendorDatabase &db, const Clock &clock, const QString &source, PKeyPtr key)
{
    int days = offline::kDefaultValidityDays;
    if (p.isSet(QStringLiteral("days"))) {
        bool ok = false;
        days = p.value(QStringLiteral("days")).toInt(&ok);
        if (!ok || days < 1 || days > offline::kMaxValidityDays) {
            m_err << tr("--days takes a number of days from 1 to %1.").arg(offline::kMaxValidityDays) << '\n';
            return Usage;
        }
    }
    const bool json = p.isSet(QStringLiteral("json"));
    // A stop before or after the answer: the same words on stderr, and with --json the server's
    // refusal shape ({code, error}) on stdout, for a script.
    auto stop = [&](const QString &code, const QString &message, int exitCode) {
        if (json)
            m_out << QJsonDocument(QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("error"), message}}).toJson(QJsonDocument::Indented);
        m_err << message << '\n';
        return exitCode;
    };
    QString error;
    QByteArray text;
    if (source == QLatin1String("-")) {
        QFile in;
        if (in.open(stdin, QIODevice::ReadOnly))
            text = in.read(64 * 1024 + 1);
    } else if (const auto read = SmallFile::read(source, &error)) {
        text = *read;
    } else {
        return stop(QStringLiteral("request_unreadable"),
                    tr("Cannot read the request %1: %2. Check the path, or give the request on standard input with -.").arg(QDir::toNativeSeparators(source), error),
                    Data);
    }
    QString problem;
    const std::optional<OfflineRequest> request = OfflineRequest::decode(MarkedText::text(text), &problem);
    if (!request)
        return stop(QStringLiteral("request_malformed"), problem, Failure);
    const QString out = p.value(QStringLiteral("out")).isEmpty()
        ? QStringLiteral("hotelhub-answer-%1.json").arg(request->nonceText().left(8).toLower())
        : p.value(QStringLiteral("out"));
    // Looked at before the answer is recorded: the audit then never holds an answer that was
    // not written because of where it was to go.
    if (const QString why = SmallFile::whyCannotWrite(out); !why.isEmpty())
        return stop(QStringLiteral("output_not_written"),
                    tr("Cannot write the answer %1: %2. Nothing was answered or recorded: give --out a file this user may write, on a disk with room.")
                        .arg(QDir::toNativeSeparators(out), why),
                    Data);
    VendorService service(db, std::move(key), clock, VendorConfig());
    const ServiceReply reply = service.answerOffline(*request, days, QStringLiteral("cli"));
    const QJsonObject &b = reply.body;
    if (reply.status == 503) {
        // The store failed, not the request (the outside check: a full disk read "Refused
        // (unavailable): … Try again", in English inside Indonesian, and trying again cannot help).
        VendorStore store(db, clock);
        const QString why = tr("Nothing was answered or recorded.") + u' ' + notSaved(store);
        if (json)
            m_out << QJsonDocument(QJsonObject{{QStringLiteral("code"), b.value(QStringLiteral("code")).toString()}, {QStringLiteral("error"), why}})
                         .toJson(QJsonDocument::Indented);
        m_err << why << '\n';
        return Data;
    }
    if (reply.status != 200) {
        if (json)
            m_out << QJsonDocument(b).toJson(QJsonDocument::Indented);
        m_err << tr("Refused (%1): %2").arg(b.value(QStringLiteral("code")).toString(), b.value(QStringLiteral("error")).toString()) << '\n';
        return reply.status == 404 ? NotFound : Failure;
    }
    // Owner-only, as the hotel's request is: it carries a token for that hotel's computer.
    bool full = false;
    if (!SmallFile::writeAtomically(out, QJsonDocument(b).toJson(QJsonDocument::Indented), &error, true, &full)) {
        // Recorded, and not delivered (a disk that filled since the look above): said in the audit
        // too. The same request answered again is a repeat, and carries the same token.
        VendorStore store(db, clock);
        const std::optional<License> license = store.findByKeyHash(request->keyHash);
        store.audit(QStringLiteral("license.offline_answer_not_written"), license ? license->id : 0,
                    QJsonObject{{QStringLiteral("nonce"), request->nonceText()}, {QStringLiteral("channel"), QStringLiteral("cli")}});
        // Its own code: a script must tell "recorded, not delivered" from "nothing recorded".
        return stop(QStringLiteral("recorded_not_written"),
                    tr("The answer was recorded, but its file %1 could not be written: %2. Choose a file that can be written (or make "
                       "room), and run the same command again: the same request is answered again.")
                        .arg(QDir::toNativeSeparators(out), full ? tr("the disk is full") : error),
                    Data);
    }
    m_ifOutputLost = tr("The answer is recorded and its file %1 written; run the same command again to see the typed code (the same "
                        "request is answered again).")
                         .arg(QDir::toNativeSeparators(QFileInfo(out).absoluteFilePath()));
    if (json) {
        QJsonObject j = b;
        j.insert(QStringLiteral("file"), LicenseKey::maskInText(QDir::toNativeSeparators(QFileInfo(out).absoluteFilePath())));
        m_out << QJsonDocument(j).toJson(QJsonDocument::Indented);
        return Ok;
    }
    m_out << tr("Answer for %1 (%2): valid until %3, %n day(s).", "", b.value(QStringLiteral("days")).toInt())
                 .arg(b.value(QStringLiteral("license")).toString(), request->hostname,
                      QDateTime::fromString(b.value(QStringLiteral("offline_until")).toString(), Qt::ISODate).toString(Qt::ISODate))
          << '\n';
    // Standard output is not masked (license create's key is shown there its only time), so a
    // path an admin gave is masked here: a folder named after the key showed it whole (helper-49).
    m_out << tr("Send the hotel this file: %1").arg(LicenseKey::maskInText(QDir::toNativeSeparators(QFileInfo(out).absoluteFilePath()))) << '\n';
    if (b.contains(QStringLiteral("code"))) {
        m_out << tr("Or read them this code (26 groups of 5):") << '\n' << b.value(QStringLiteral("code")).toString() << '\n';
    } else {
        const QString why = b.value(QStringLiteral("code_unavailable")).toString();
        m_out << (why == QLatin1String("rsa_key")           ? tr("No typed code: the vendor key is RSA, whose signature is too long to read out. Send the file.")
                  : why == QLatin1String("first_activation") ? tr("No typed code: a first activation needs the file (a code can renew an activation later).")
                                                              : tr("No typed code: the licence changed since the hotel's last token (plan, limits or end date). Send the file."))
              << '\n';
    }
    return Ok;
}

QString ServerCli::strayOption(const QCommandLineParser &p, const QStringList &pos)
{
    // --json only where the answer is JSON: `extend --json` printed text, and a script read nothing (helper-39).
    static const QStringList everywhere{QStringLiteral("db"), QStringLiteral("lang"), QStringLiteral("clock-offset"),
                                        QStringLiteral("clock-tolerance-days"), QStringLiteral("trust-clock"), QStringLiteral("help"),
                                        QStringLiteral("version")};
    static const QHash<QString, QStringList> own{
        {QStringLiteral("serve"),
         {QStringLiteral("listen"), QStringLiteral("keys"), QStringLiteral("admin-secret-file"), QStringLiteral("sheet-url"), QStringLiteral("sheet-every"),
          QStringLiteral("sheet-format"), QStringLiteral("tls-cert"), QStringLiteral("tls-key"), QStringLiteral("threads"), QStringLiteral("support-phone"),
          QStringLiteral("support-email"), QStringLiteral("pair-rate"), QStringLiteral("request-timeout"), QStringLiteral("idle-timeout"),
          QStringLiteral("max-connections"), QStringLiteral("no-access-log"), QStringLiteral("read-only"), QStringLiteral("stop-on-stdin-eof"),
          QStringLiteral("sync-each-commit")}},
        {QStringLiteral("sheet sync"), {QStringLiteral("url"), QStringLiteral("format")}},
        {QStringLiteral("license create"),
         {QStringLiteral("plan"), QStringLiteral("max-rooms"), QStringLiteral("max-users"), QStringLiteral("valid-until"), QStringLiteral("owner-email"),
          QStringLiteral("grace-days"), QStringLiteral("features"), QStringLiteral("migrations-per-year")}},
        {QStringLiteral("license list"), {QStringLiteral("read-only"), QStringLiteral("json")}},
        {QStringLiteral("license show"), {QStringLiteral("read-only"), QStringLiteral("json")}},
        {QStringLiteral("license extend"), {QStringLiteral("until"), QStringLiteral("grace-days")}},
        {QStringLiteral("license suspend"), {QStringLiteral("reason")}},
        {QStringLiteral("license resume"), {QStringLiteral("reason")}},
        {QStringLiteral("license revoke"), {QStringLiteral("reason")}},
        {QStringLiteral("license reset-migrations"), {}},
        {QStringLiteral("license offline-answer"), {QStringLiteral("keys"), QStringLiteral("days"), QStringLiteral("out"), QStringLiteral("json")}},
        {QStringLiteral("keys init"), {QStringLiteral("dir"), QStringLiteral("alg")}},
    };
    const QString command = pos.value(0) == QLatin1String("serve") ? pos.value(0) : pos.mid(0, 2).join(u' ');
    const auto allowed = own.constFind(command);
    if (allowed == own.constEnd())
        return {};
    // keys init opens no store: of the common options only the language and help.
    const bool keys = command == QLatin1String("keys init");
    for (const QString &name : p.optionNames()) {
        const bool common = keys ? (name == QLatin1String("lang") || name == QLatin1String("help")) : everywhere.contains(name);
        if (!common && !allowed->contains(name))
            return name;
    }
    return {};
}

std::optional<QString> ServerCli::need(const QCommandLineParser &p, const char *name)
{
    if (!p.isSet(QLatin1String(name)) || p.value(QLatin1String(name)).isEmpty()) {
        m_err << tr("--%1 is required for this command.").arg(QLatin1String(name)) << "\n\n" << usage();
        return std::nullopt;
    }
    return p.value(QLatin1String(name));
}

std::optional<int> ServerCli::number(const QCommandLineParser &p, const char *name, int min, int max, int fallback)
{
    const QString text = p.value(QLatin1String(name));
    if (!p.isSet(QLatin1String(name)))
        return fallback;
    // Digits only (a sign for a negative one): " 5" and "+5" were taken as 5.
    const qsizetype from = text.startsWith(u'-') ? 1 : 0;
    bool ok = text.size() > from && std::all_of(text.cbegin() + from, text.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    const int n = ok ? text.toInt(&ok) : 0;
    if (ok && n >= min && n <= max)
        return n;
    m_err << tr("--%1 takes a whole number from %2 to %3 (got \"%4\").").arg(QLatin1String(name)).arg(min).arg(max).arg(shown(text)) << '\n';
    return std::nullopt;
}

QString ServerCli::pastEndNote(const License &license, const QDateTime &now)
{
    // What `license list` then shows for it: "grace" while its grace days last, "expired" after.
    const QString state = license.effectiveStatus(now);
    const QString end = VendorStore::vendorDate(license.validUntil).toString(Qt::ISODate);
    if (state == QLatin1String("grace"))
        return tr("Note: %1 is already past: the licence starts in its grace period, until %2 (its heartbeats are accepted, new "
                  "pairings refused), and is expired after that.")
            .arg(end, VendorStore::vendorDate(license.validUntil.addDays(license.graceDays)).toString(Qt::ISODate));
    if (state == QLatin1String("expired"))
        return tr("Note: %1 is already past, and so are its %n grace days: the licence is expired from now on.", "", license.graceDays).arg(end);
    return {};
}

QString ServerCli::notSaved(const VendorStore &store)
{
    const QString refusal = VendorDatabase::writeRefusal();
    const QString path = store.database().sqlitePath();
    const qint64 free = path.isEmpty() ? -1 : QStorageInfo(QFileInfo(path).absolutePath()).bytesAvailable();
    // Our words first, SQLite's ("database or disk is full", in English) after them for support.
    const QString raw = store.errorString();
    const QString words = raw.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(raw);
    if (refusal == QLatin1String("disk_full") || (free >= 0 && free < 1024 * 1024))
        return tr("The change was not saved: the disk that holds the vendor database is full. Free space on it, then run the command "
                  "again; nothing was changed.") + words;
    if (refusal == QLatin1String("read_only_file") || refusal == QLatin1String("cannot_open"))
        return tr("The change was not saved: the vendor database or its folder cannot be written (a read-only file or disk, or this "
                  "user's rights). Make both writable for this user, then run the command again; nothing was changed.") + words;
    if (refusal == QLatin1String("io_error"))
        return tr("The change was not saved: the disk reported an error. Check it (the system log), then run the command again; "
                  "nothing was changed.") + words;
    return raw.isEmpty() ? tr("The change was not saved: the vendor database refused it. Run the command again; if it fails again, "
                              "check the disk and the server's log.")
                         : tr("The change was not saved: %1").arg(raw);
}

QString ServerCli::clockWarning(const ClockTrust &trust, const QDateTime &now, const QString &database)
{
    return tr("The server clock reads %1, %2 days after the newest record in %3 (%4), more than the %5 days it tolerates. "
              "It is more likely wrong than right, so nothing is written, pruned or expired on it: set the clock right. "
              "If it is right (the server was off that long), repeat the command with --trust-clock.")
        .arg(now.toString(Qt::ISODate))
        .arg(trust.aheadSecs() / 86400)
        .arg(database, trust.lastWitnessed().toString(Qt::ISODate))
        .arg(trust.toleranceDays());
}

bool ServerCli::clockAllowsWrites(const QCommandLineParser &p, VendorStore &store, const Clock &clock, int toleranceDays)
{
    ClockTrust trust(clock, toleranceDays);
    trust.witness(store.newestRecord());
    QDateTime now;
    if (trust.check(&now))
        return true;
    if (p.isSet(QStringLiteral("trust-clock"))) {
        if (store.confirmClock(trust.lastWitnessed(), now))
            return true;
        m_err << notSaved(store) << '\n';
        return false;
    }
    m_err << clockWarning(trust, now, store.database().describe()) << ' ' << tr("Nothing was changed.") << '\n';
    return false;
}

bool ServerCli::damaged(const VendorDatabase &db)
{
    if (db.damage().isEmpty())
        return false;
    m_err << tr("The vendor database %1 is damaged (%2): what is shown above may be incomplete.").arg(db.describe(), db.damage()) << '\n';
    return true;
}

PKeyPtr ServerCli::signingKey(const QString &keysDir)
{
    QString error;
    PKeyPtr key = VendorKeys::loadPrivate(keysDir, &error);
    if (!key)
        m_err << error << '\n';
    return key;
}

int ServerCli::keysInit(const QCommandLineParser &p)
{
    const auto dir = need(p, "dir");
    if (!dir)
        return Usage;
    const QString alg = p.value(QStringLiteral("alg")).isEmpty() ? QStringLiteral("rs256") : p.value(QStringLiteral("alg")).toLower();
    if (alg != QLatin1String("rs256") && alg != QLatin1String("eddsa")) {
        m_err << tr("--alg is rs256 or eddsa.") << '\n';
        return Usage;
    }
    QString sha, error;
    if (!VendorKeys::init(*dir, alg == QLatin1String("eddsa") ? KeyAlgorithm::Ed25519 : KeyAlgorithm::Rsa2048, &sha, &error)) {
        m_err << error << '\n';
        return Data;
    }
    m_out << tr("Created %1 (readable by this user only) and %2.")
                 .arg(LicenseKey::maskInText(QDir::toNativeSeparators(VendorKeys::privateKeyPath(*dir))),
                      LicenseKey::maskInText(QDir::toNativeSeparators(VendorKeys::publicKeyPath(*dir))))
          << '\n';
    m_out << tr("Clients pin it with LICENSE_PUBLIC_KEY_PATH=<copy of vendor-public.pem> and:") << '\n';
    m_out << "LICENSE_PUBLIC_KEY_HASH=" << sha << '\n';
    m_ifOutputLost = tr("The keys were made; LICENSE_PUBLIC_KEY_HASH is the SHA-256 of %1 (sha256sum prints it; on Windows, "
                        "certutil -hashfile FILE SHA256).")
                         .arg(QDir::toNativeSeparators(VendorKeys::publicKeyPath(*dir)));
    return Ok;
}

std::optional<ServerCli::ServeLimits> ServerCli::serveLimits(const QCommandLineParser &p)
{
    const HttpServerOptions defaults;
    const std::optional<int> threads = number(p, "threads", 1, 64, std::max(2, QThread::idealThreadCount()));
    const std::optional<int> requestTimeout = number(p, "request-timeout", 1, 3600, int(defaults.requestTimeout.count()));
    const std::optional<int> idleTimeout = number(p, "idle-timeout", 1, 86400, int(defaults.idleTimeout.count()));
    const std::optional<int> maxConnections = number(p, "max-connections", 2, 100000, defaults.maxConnections);
    const std::optional<int> pairRate = number(p, "pair-rate", 1, 1000000, VendorConfig().pairAttemptsPerMinute);
    const std::optional<int> sheetEvery = number(p, "sheet-every", 30, 86400, 300);
    if (!threads || !requestTimeout || !idleTimeout || !maxConnections || !pairRate || !sheetEvery)
        return std::nullopt;
    // Without the sheet they would be ignored in silence: the admin believes the sheet is read.
    for (const char *name : {"sheet-every", "sheet-format"}) {
        if (p.isSet(QLatin1String(name)) && p.value(QStringLiteral("sheet-url")).isEmpty()) {
            m_err << tr("--%1 applies to the sheet read from --sheet-url, which is not given. Add --sheet-url URL, or leave --%1 out.")
                         .arg(QLatin1String(name))
                  << '\n';
            return std::nullopt;
        }
    }
    return ServeLimits{*threads, *requestTimeout, *idleTimeout, *maxConnections, *pairRate, *sheetEvery};
}

int ServerCli::serve(const QCommandLineParser &p, const ServeLimits &limits, VendorDatabase &db, VendorStore &store, const Clock &clock,
                     int toleranceDays, PKeyPtr key)
{
    HttpServerOptions options;
    const QString listen = p.value(QStringLiteral("listen")).isEmpty() ? QStringLiteral("127.0.0.1:8080") : p.value(QStringLiteral("listen"));
    if (!parseListen(listen, &options.address, &options.port)) {
        m_err << tr("--listen takes ADDRESS:PORT, for example 127.0.0.1:8080 (got \"%1\").").arg(StartOptions::shownShortened(listen, 60)) << '\n';
        return Usage;
    }
    options.threads = limits.threads;
    options.startThread = [](std::function<void()> body) -> std::function<void()> {
        QThread *thread = QThread::create(std::move(body)); // Qt's own thread: its clean-up is done when wait() returns
        thread->start();
        return [thread] {
            thread->wait();
            delete thread;
        };
    };
    const QString tlsCert = p.value(QStringLiteral("tls-cert"));
    const QString tlsKey = p.value(QStringLiteral("tls-key"));
    // An empty value given ("--tls-cert ''", a variable that was not set) is named as such: "go
    // together" sent the admin looking for the other option (helper-52).
    for (const QString &option : {QStringLiteral("tls-cert"), QStringLiteral("tls-key")}) {
        if (p.isSet(option) && p.value(option).trimmed().isEmpty()) {
            m_err << tr("--%1 was given an empty value; give it the file's path.").arg(option) << '\n';
            return Usage;
        }
    }
    if (tlsCert.isEmpty() != tlsKey.isEmpty()) {
        m_err << tr("--tls-cert and --tls-key go together.") << '\n';
        return Usage;
    }
    QStringList tlsWarnings;
    if (!tlsCert.isEmpty()) {
        // Read and checked here, so that a problem names its file and a step (Asio said
        // "use_certificate_chain_file: asio.ssl error"); the server is given the bytes read.
        const TlsFiles tls = TlsFiles::read(tlsCert, tlsKey, clock.now());
        if (!tls.error.isEmpty()) {
            m_err << tls.error << '\n';
            return Data;
        }
        tlsWarnings = tls.warnings;
        options.tlsCertificatePem = tls.certificatePem.toStdString();
        options.tlsPrivateKeyPem = tls.privateKeyPem.toStdString();
    }
    options.requestTimeout = std::chrono::seconds(limits.requestTimeoutS);
    options.maxConnections = limits.maxConnections;
    options.idleTimeout = std::chrono::seconds(limits.idleTimeoutS);
    options.accessLog = !p.isSet(QStringLiteral("no-access-log"));
    if (db.groupCommit())
        options.afterDurable = [&db](std::function<void(bool)> done) { db.afterSync(std::move(done)); };
    if (const auto *shifted = dynamic_cast<const OffsetClock *>(&clock))
        options.clockOffsetSeconds = shifted->offsetSecs();

    VendorConfig config;
    config.version = appVersion();
    config.supportPhone = p.value(QStringLiteral("support-phone"));
    config.supportEmail = p.value(QStringLiteral("support-email"));
    config.pairAttemptsPerMinute = limits.pairRate;
    if (!p.value(QStringLiteral("admin-secret-file")).isEmpty()) {
        // Anyone who reads it may suspend, extend and revoke licences through the admin API.
        QString why;
        const std::optional<QByteArray> secret = SecretFiles::readAdminSecret(p.value(QStringLiteral("admin-secret-file")), &why);
        if (!secret) {
            m_err << why << '\n';
            return Data;
        }
        config.adminSecret = *secret;
    }
    config.clockToleranceDays = toleranceDays;
    VendorService service(db, std::move(key), clock, config);
    ClockTrust &trust = service.clockTrust();
    QDateTime now;
    bool clockTrusted = trust.check(&now);
    if (!clockTrusted && p.isSet(QStringLiteral("trust-clock")) && !db.readOnly()) {
        if (!service.confirmClock()) {
            m_err << notSaved(store) << '\n';
            return Data;
        }
        clockTrusted = trust.check(&now);
    }
    HttpServer server(
        options,
        [&service](const HttpRequestView &in) {
            ServiceRequest req;
            req.method = QByteArray::fromStdString(in.method);
            const QByteArray target = QByteArray::fromStdString(in.target);
            const qsizetype q = target.indexOf('?');
            req.path = q < 0 ? target : target.left(q);
            req.query = q < 0 ? QByteArray() : target.mid(q + 1);
            req.body = QByteArray::fromStdString(in.body);
            req.authorization = QByteArray::fromStdString(in.authorization);
            req.peer = QString::fromStdString(in.peer);
            req.peerGone = in.peerGone;
            VendorDatabase::takeThreadCommits(); // nothing left over from before this request
            const ServiceReply reply = service.handle(req);
            HttpResponseData out;
            out.awaitDurable = VendorDatabase::takeThreadCommits();
            out.status = reply.status;
            out.body = reply.payload().toStdString();
            out.logCode = reply.code.toStdString();
            out.logRoute = reply.route.toStdString();
            for (const auto &[name, value] : reply.headers)
                out.headers.emplace_back(name.toStdString(), value.toStdString());
            return out;
        },
        [&db] { db.closeThreadConnection(); });
    // What is still buffered goes out before the port opens. From here on everything the server
    // says (Qt's and SQLite's warnings too) goes through a queue (StderrQueue): a stderr that
    // nobody drains must not hold a listening port that never answers, stop the timers below or
    // a request thread, or keep SIGTERM from ending the server.
    m_err.flush();
    const auto say = [](const QString &text) { StderrQueue::write(text.toUtf8().toStdString()); };
    const QtMessageHandler previousHandler = qInstallMessageHandler(&queueQtMessage);
    const auto restoreHandler = qScopeGuard([previousHandler] { qInstallMessageHandler(previousHandler); });
    std::string listenError;
    if (!server.listen(&listenError)) {
        say(tr("Cannot listen on %1: %2").arg(listen, QString::fromStdString(listenError)) + u'\n');
        StderrQueue::flush(std::chrono::seconds(2));
        return Failure;
    }
    // Pruning deletes for good: only on a clock the store's own records vouch for.
    const int pruned = clockTrusted && !db.readOnly() ? store.pruneHeartbeats(90, now) : 0;
    if (clockTrusted && !db.readOnly())
        store.markClock(now);
    say(tr("hotelhub-license-server %1 listening on %2:%3 (%4, %5 threads, %6)")
            .arg(appVersion(), QString::fromStdString(options.address))
            .arg(server.port())
            .arg(tlsCert.isEmpty() ? QStringLiteral("http") : QStringLiteral("https"))
            .arg(options.threads)
            .arg(db.describe())
        + u'\n');
    if (pruned > 0)
        say(tr("pruned %n heartbeat row(s) older than 90 days", "", pruned) + u'\n');
    for (const QString &warning : std::as_const(tlsWarnings))
        say(tr("WARNING:") + u' ' + warning + u'\n');
    if (!clockTrusted)
        say(tr("WARNING:") + u' ' + clockWarning(trust, now, db.describe()) + u' '
            + tr("Until then hotels get 503 and keep their grace; health reports the clock.") + u'\n');
    if (db.readOnly())
        say(tr("Serving read-only: health and the admin status answer; pairing, heartbeats and moves answer 503.") + u'\n');

    // Pruning, the clock mark and the optional sheet sync run on this (Qt) thread, each only on a
    // clock the server trusts. A clock that jumps while serving is said once, and again when it
    // is trusted again.
    int minutes = 0;
    QTimer minute;
    QObject::connect(&minute, &QTimer::timeout, [&] {
        QDateTime at;
        const bool trusted = trust.check(&at);
        if (trusted != clockTrusted) {
            say((trusted ? tr("The server clock is trusted again.") : tr("WARNING:") + u' ' + clockWarning(trust, at, db.describe())) + u'\n');
            clockTrusted = trusted;
        }
        ++minutes;
        if (!trusted || db.readOnly())
            return;
        if (minutes % 10 == 0)
            store.markClock(at);
        if (minutes % 360 == 0)
            store.pruneHeartbeats(90, at);
    });
    minute.start(60 * 1000);
    QTimer checkpoint;
    VendorDatabase::CheckpointPace pace;
    QObject::connect(&checkpoint, &QTimer::timeout, [&] {
        db.checkpoint();
        checkpoint.setInterval(pace.next(VendorDatabase::commitsSoFar()));
    });
    checkpoint.start(VendorDatabase::CheckpointPace::kIdleMs);
    QNetworkAccessManager network;
    QTimer sheetTimer;
    sheetTimer.setSingleShot(true);
    int sheetEvery = limits.sheetEveryS;
    int backoff = sheetEvery;
    const QUrl sheetUrl(p.value(QStringLiteral("sheet-url")));
    const auto sheetFormat = sheets::SheetParser::formatFromName(p.value(QStringLiteral("sheet-format")).isEmpty() ? QStringLiteral("auto") : p.value(QStringLiteral("sheet-format")));
    if (!sheetFormat) {
        m_err << tr("--sheet-format is auto, appsscript, csv, sheets-api or gviz.") << '\n';
        return Usage;
    }
    if (!sheetUrl.isEmpty()) {
        QObject::connect(&sheetTimer, &QTimer::timeout, [&] {
            if (db.readOnly() || !trust.check()) {
                sheetTimer.start(sheetEvery * 1000); // statuses from the sheet are writes too
                return;
            }
            sheets::SheetFetcher fetcher(network);
            const SyncReport report = SheetSync::apply(store, fetcher.read(sheetUrl, *sheetFormat));
            say(report.text());
            backoff = report.backOff ? std::min(backoff * 2, 3600) : sheetEvery;
            sheetTimer.start(backoff * 1000);
        });
        sheetTimer.start(0);
    }
    server.start(true, [] { QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit, Qt::QueuedConnection); });
    struct StdinStop
    {
        std::mutex mutex;
        HttpServer *server = nullptr; // null once serve() is done with it
    };
    const auto stopper = std::make_shared<StdinStop>();
    stopper->server = &server;
    const auto forgetServer = qScopeGuard([stopper] {
        const std::lock_guard lock(stopper->mutex);
        stopper->server = nullptr;
    });
    if (p.isSet(QStringLiteral("stop-on-stdin-eof"))) {
        // A stop that works the same everywhere, for supervisors that cannot send SIGTERM (tests
        // on Windows): the server drains and stops once its standard input is closed. The reader
        // blocks in read(), so it is detached; the process ends it.
        std::thread([stopper] {
            char buffer[256];
            while (std::fread(buffer, 1, sizeof buffer, stdin) > 0) {
            }
            const std::lock_guard lock(stopper->mutex);
            if (stopper->server)
                stopper->server->stop();
        }).detach();
    }
    QCoreApplication::exec();
    server.wait();
    const QString problem = db.fileProblem(db.walBytes());
    QString stopped = problem.isEmpty() ? tr("hotelhub-license-server stopped; every answered request is stored.")
                                        : tr("hotelhub-license-server stopped. The vendor database %1 could not be written to disk safely (%2): changes were "
                                             "answered with 503 from then on. Check the disk and the folder before starting it again.")
                                              .arg(db.describe(), problem);
    if (db.storeFileGone())
        stopped += u' '
                   + tr("The database file is no longer there: started again as it is, the server would make a new, empty licence store, and "
                        "every hotel would read as unknown. Put the file back, or restore it from a backup, first.");
    say(stopped + u'\n');
    StderrQueue::flush(std::chrono::seconds(2));
    return Ok;
}

int ServerCli::sheetSync(const QCommandLineParser &p, VendorStore &store)
{
    const auto url = need(p, "url");
    if (!url)
        return Usage;
    const auto format = sheets::SheetParser::formatFromName(p.value(QStringLiteral("format")).isEmpty() ? QStringLiteral("auto") : p.value(QStringLiteral("format")));
    if (!format) {
        m_err << tr("--format is auto, appsscript, csv, sheets-api or gviz.") << '\n';
        return Usage;
    }
    QNetworkAccessManager network;
    sheets::SheetFetcher fetcher(network);
    const SyncReport report = SheetSync::apply(store, fetcher.read(QUrl(*url), *format));
    m_out << report.text();
    return report.sheetOk && report.rejected == 0 ? Ok : Failure;
}

int ServerCli::license(const QCommandLineParser &p, VendorDatabase &db, VendorStore &store)
{
    const QStringList pos = p.positionalArguments();
    if (pos.value(0) != QLatin1String("license") || pos.size() < 2) {
        m_err << tr("Unknown command: %1").arg(StartOptions::shownWords(pos)) << "\n\n" << usage();
        return Usage;
    }
    const QString verb = pos.value(1);
    if (verb == QLatin1String("create") && pos.size() == 2) {
        const auto plan = need(p, "plan"), rooms = need(p, "max-rooms"), users = need(p, "max-users"), until = need(p, "valid-until");
        if (!plan || !rooms || !users || !until)
            return Usage;
        NewLicense spec;
        spec.plan = plan->trimmed();
        spec.ownerEmail = p.value(QStringLiteral("owner-email")).trimmed();
        if (spec.plan.isEmpty() || spec.plan.size() > 64 || !isOneLine(spec.plan)) {
            m_err << tr("--plan is a name of 1 to 64 characters on one line.") << '\n';
            return Usage;
        }
        if (spec.ownerEmail.size() > 254 || !isOneLine(spec.ownerEmail)) {
            m_err << tr("--owner-email is one line of at most 254 characters.") << '\n';
            return Usage;
        }
        // Each value is judged on its own and the one that is wrong is named (one message listed
        // the rules of every option; helper-38). A value that is not a number was read as 0 ("abc"
        // moves a year: none at all; found by the outside check).
        const std::optional<int> roomCount = number(p, "max-rooms", 1, 1000000, 0);
        const std::optional<int> userCount = number(p, "max-users", 1, 1000000, 0);
        // A token lasts that many days after each heartbeat (PROTOCOL.md's exp).
        const std::optional<int> grace = number(p, "grace-days", 1, 365, spec.graceDays);
        const std::optional<int> moves = number(p, "migrations-per-year", 0, 100, spec.migrationsPerYear);
        if (!roomCount || !userCount || !grace || !moves)
            return Usage;
        spec.maxRooms = *roomCount;
        spec.maxUsers = *userCount;
        spec.graceDays = *grace;
        spec.migrationsPerYear = *moves;
        spec.validUntil = exactDate(*until);
        if (!spec.validUntil.isValid()) {
            m_err << tr("--valid-until is a date: YYYY-MM-DD (got \"%1\").").arg(StartOptions::shownShortened(*until, 40)) << '\n';
            return Usage;
        }
        QString error;
        spec.features = parseFeatures(p.value(QStringLiteral("features")), &error);
        if (!error.isEmpty()) {
            m_err << error << '\n';
            return Usage;
        }
        License made;
        const auto key = store.createLicense(spec, &made);
        if (!key) {
            m_err << tr("Cannot create the licence.") << ' ' << notSaved(store) << '\n';
            return Data;
        }
        if (const QString note = pastEndNote(made, store.clock().now()); !note.isEmpty())
            m_err << note << '\n';
        // "1 rooms, 1 users" for a one-room guesthouse: each count with its own plural.
        m_out << tr("Licence created: plan %1, %2, %3, valid until %4.")
                     .arg(spec.plan, tr("%n room(s)", "", spec.maxRooms), tr("%n user(s)", "", spec.maxUsers), spec.validUntil.toString(Qt::ISODate))
              << '\n';
        m_out << tr("Give this key to the hotel (it is shown only now; the server keeps only its hash):") << '\n';
        m_out << *key << '\n';
        if (!outputWritten()) {
            // The key is shown nowhere else: a licence nobody can ever name is not kept.
            m_outputSaid = true;
            if (store.discardNew(made.id))
                m_err << tr("The new key could not be written to standard output (%1), and it is shown nowhere else, so the licence was "
                            "not kept. Check where the output goes (a full disk, a closed pipe), then run the command again.")
                             .arg(outputError())
                      << '\n';
            else
                m_err << tr("The new key could not be written to standard output (%1), and it is shown nowhere else. The licence %2 "
                            "could not be taken back (%3): revoke it (\"license list\" shows it, created just now) and create another.")
                             .arg(outputError(), made.keyMasked, store.errorString())
                      << '\n';
            return Output;
        }
        return Ok;
    }
    if (verb == QLatin1String("list") && pos.size() == 2) {
        const QList<LicenseSummary> all = store.list();
        const QDateTime now = store.clock().now();
        if (p.isSet(QStringLiteral("json"))) {
            QJsonArray a;
            for (const LicenseSummary &s : all)
                a.append(summaryJson(s, now));
            m_out << QJsonDocument(a).toJson(QJsonDocument::Indented);
            return damaged(db) ? Data : Ok;
        }
        // The state and paired columns as wide as their longest word in this language; every
        // cell measured in the terminal's columns (a plan in CJK or with accents keeps the
        // columns after it in place) and a longer plan cut with "…".
        using terminal::cell;
        using terminal::displayWidth;
        const QString stateHeader = tr("STATUS"), pairedHeader = tr("PAIRED");
        int stateWidth = displayWidth(stateHeader), pairedWidth = std::max({displayWidth(pairedHeader), displayWidth(tr("yes")), displayWidth(tr("no"))});
        for (const LicenseSummary &s : all)
            stateWidth = std::max(stateWidth, displayWidth(stateWord(s.license.effectiveStatus(now))));
        m_out << QStringList{cell(tr("KEY"), 27), cell(stateHeader, stateWidth), cell(tr("PLAN"), 16), cell(tr("EXPIRES"), 10),
                             cell(tr("LAST HEARTBEAT"), 20), cell(pairedHeader, pairedWidth), tr("MIGRATIONS")}
                     .join(QStringLiteral("  "))
              << '\n';
        for (const LicenseSummary &s : all)
            m_out << QStringList{cell(s.license.keyMasked, 27), cell(stateWord(s.license.effectiveStatus(now)), stateWidth),
                                 cell(shown(s.license.plan), 16), cell(VendorStore::vendorDate(s.license.validUntil).toString(Qt::ISODate), 10),
                                 cell(s.lastHeartbeat.isValid() ? s.lastHeartbeat.toString(Qt::ISODate) : QStringLiteral("–"), 20),
                                 cell(s.paired ? tr("yes") : tr("no"), pairedWidth),
                                 QStringLiteral("%1/%2").arg(s.migrationsLastYear).arg(s.license.migrationsPerYear)}
                         .join(QStringLiteral("  "))
                  << '\n';
        m_out << tr("%n licence(s)", "", int(all.size())) << '\n';
        return damaged(db) ? Data : Ok;
    }

    // `license list` and `license create` take no key and no other word (a key after "list"
    // was answered "Unknown command: license list"; outside check).
    if ((verb == QLatin1String("list") || verb == QLatin1String("create")) && pos.size() > 2) {
        // (What was given is not repeated: it may be a licence key.)
        m_err << tr("'license %1' takes no licence key or other word.").arg(verb)
              << (verb == QLatin1String("list") ? QStringLiteral(" ") + tr("To see one licence: license show KEY.") : QString()) << "\n\n"
              << usage();
        return Usage;
    }
    // Verbs that take a KEY.
    if (pos.size() != 3) {
        m_err << tr("'license %1' takes exactly one licence key.").arg(verb) << "\n\n" << usage();
        return Usage;
    }
    const LicenseKey key = LicenseKey::parse(pos.value(2));
    if (!key.isValid()) {
        m_err << key.problemText() << '\n';
        return Usage;
    }
    const auto license = store.findByKeyHash(key.hash());
    if (!license) {
        // On a damaged store "not found" may only mean "on a page that cannot be read".
        if (damaged(db))
            return Data;
        m_err << tr("No licence with the key %1 in %2.").arg(key.masked(), db.describe()) << '\n';
        return NotFound;
    }
    if (verb == QLatin1String("show")) {
        const auto s = store.summary(key.hash());
        QJsonObject o = summaryJson(*s, store.clock().now());
        QJsonArray pairings;
        for (const Pairing &pr : store.pairings(license->id))
            pairings.append(QJsonObject{{QStringLiteral("fingerprint"), pr.fingerprint}, {QStringLiteral("active"), pr.active},
                                        {QStringLiteral("paired_at"), toStorage(pr.pairedAt)}, {QStringLiteral("unpaired_at"), toStorage(pr.unpairedAt)},
                                        {QStringLiteral("unpair_reason"), pr.unpairReason}, {QStringLiteral("machine_info"), pr.machineInfo}});
        o.insert(QStringLiteral("pairing_history"), pairings);
        QJsonArray hb;
        for (const QJsonObject &h : store.recentHeartbeats(license->id, 10))
            hb.append(h);
        o.insert(QStringLiteral("recent_heartbeats"), hb);
        QJsonArray offlineEvents;
        for (const QJsonObject &e : store.auditEvents(license->id, QStringLiteral("license.offline_"), 20))
            offlineEvents.append(e);
        o.insert(QStringLiteral("offline_activations"), offlineEvents);
        if (p.isSet(QStringLiteral("json"))) {
            m_out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        } else {
            // The field names are `--json`'s; the values a person reads are in the command's
            // language (the states as `license list` words them).
            for (auto it = o.begin(); it != o.end(); ++it)
                m_out << QStringLiteral("%1: %2\n").arg(it.key(), -22)
                             .arg(it.key() == QLatin1String("status") || it.key() == QLatin1String("effective_status") ? stateWord(it.value().toString())
                                  : it.value().isString() ? shown(it.value().toString())
                                  : it.value().isBool() ? (it.value().toBool() ? tr("yes") : tr("no"))
                                  : it.value().isDouble() ? QString::number(it.value().toDouble())
                                                          : QString::fromUtf8(QJsonDocument(it.value().isArray() ? QJsonDocument(it.value().toArray()) : QJsonDocument(it.value().toObject())).toJson(QJsonDocument::Compact)));
        }
        return damaged(db) ? Data : Ok;
    }
    bool ok = false;
    if (verb == QLatin1String("extend")) {
        // --grace-days alone keeps the end (a legacy row's 0 is mended without restating it; helper-39).
        const bool graceOnly = !p.isSet(QStringLiteral("until")) && p.isSet(QStringLiteral("grace-days"));
        const auto until = graceOnly ? std::optional<QString>(VendorStore::vendorDate(license->validUntil).toString(Qt::ISODate)) : need(p, "until");
        if (!until)
            return Usage;
        const QDate date = exactDate(*until);
        if (!date.isValid()) {
            m_err << tr("--until is a date: YYYY-MM-DD.") << '\n';
            return Usage;
        }
        // The grace days can be changed with the end (a licence made with 0 before the range was
        // checked could not be mended: --grace-days was ignored in silence; helper-38).
        std::optional<int> graceDays;
        if (p.isSet(QStringLiteral("grace-days")) && !(graceDays = number(p, "grace-days", 1, 365, 30)))
            return Usage;
        ok = store.extend(license->id, date, QStringLiteral("cli"), graceDays);
        if (ok) {
            m_out << tr("%1 now valid until %2 (end of that day, Asia/Jakarta).").arg(key.masked(), date.toString(Qt::ISODate)) << '\n';
            if (const auto extended = store.findByKeyHash(key.hash()))
                if (const QString note = pastEndNote(*extended, store.clock().now()); !note.isEmpty())
                    m_err << note << '\n';
        }
    } else if (verb == QLatin1String("suspend") || verb == QLatin1String("resume") || verb == QLatin1String("revoke")) {
        // Shown again by `show`, and sent to the hotel with a revocation: one line, nothing hidden.
        if (const QString reason = p.value(QStringLiteral("reason")); !isOneLine(reason)) {
            // Which character, where it cannot be seen (helper-41: a zero-width space was refused
            // as if the reason were too long or on two lines).
            m_err << tr("--reason contains a line break or an invisible character: %1. Type it again on one line, without copying it "
                        "from a document or chat.").arg(shown(reason)) << '\n';
            return Usage;
        } else if (reason.size() > 200) {
            m_err << tr("--reason is one line of at most 200 characters (this one has %1).").arg(reason.size()) << '\n';
            return Usage;
        }
        const QString status = verb == QLatin1String("suspend") ? QStringLiteral("suspended") : verb == QLatin1String("revoke") ? QStringLiteral("revoked") : QStringLiteral("active");
        // A revocation is meant to be final (a copy sold on, a refund): `resume` undid it without a
        // word (helper-39). Reinstating one is done on purpose, with the reason on record.
        // (A reason is words: "-" or "." is none; helper-43.)
        const QString given = p.value(QStringLiteral("reason"));
        const bool hasReason = std::any_of(given.begin(), given.end(), [](QChar c) { return c.isLetterOrNumber(); });
        if (verb == QLatin1String("resume") && license->status == QLatin1String("revoked") && !hasReason) {
            m_err << tr("%1 was revoked, which is meant to be final; nothing was changed. To reinstate it on purpose, give the reason: "
                        "hotelhub-license-server license resume KEY --reason \"…\" --db DB (kept in its history and the audit log).")
                         .arg(key.masked())
                  << '\n';
            return Usage;
        }
        // Suspending a revoked licence made it an ordinary suspension, which a `resume` with no
        // reason then reinstated (helper-41): a revoked licence stays revoked until resumed on purpose.
        if (verb == QLatin1String("suspend") && license->status == QLatin1String("revoked")) {
            m_err << tr("%1 is revoked, which is already more than suspended; nothing was changed. To reinstate it on purpose, give the reason: "
                        "hotelhub-license-server license resume KEY --reason \"…\" --db DB.")
                         .arg(key.masked())
                  << '\n';
            return Usage;
        }
        // Already so: nothing is written (helper-43: a second `revoke` without a reason wiped the
        // first one's from `show`, and `resume` of an active licence wrote a "resumed" row). A new
        // reason for the same state is kept.
        if (license->status == status && !hasReason) {
            m_out << tr("%1 is already %2; nothing was changed.").arg(key.masked(), stateWord(status)) << '\n';
            return Ok;
        }
        ok = store.setStatus(license->id, status, LicenseKey::maskInText(p.value(QStringLiteral("reason"))), QStringLiteral("cli"));
        if (ok) {
            // What the server answers for it from now on: a resumed licence past its end is in
            // its grace days or expired, not "active" (outside check: `list` said expired).
            const auto changed = store.findByKeyHash(key.hash());
            const QString now = changed ? changed->effectiveStatus(store.clock().now()) : status;
            m_out << tr("%1 is now %2; the hotel sees it at its next heartbeat.").arg(key.masked(), stateWord(now)) << '\n';
            if (changed && now != status)
                if (const QString note = pastEndNote(*changed, store.clock().now()); !note.isEmpty())
                    m_err << note << '\n';
        }
    } else if (verb == QLatin1String("reset-migrations")) {
        ok = store.resetMigrations(license->id);
        if (ok)
            m_out << tr("%1: migration count reset.").arg(key.masked()) << '\n';
    } else {
        m_err << tr("Unknown command: license %1").arg(StartOptions::shownWords({verb})) << "\n\n" << usage();
        return Usage;
    }
    if (!ok) {
        m_err << notSaved(store) << '\n';
        return Data;
    }
    return Ok;
}

} // namespace hotelhub::server
