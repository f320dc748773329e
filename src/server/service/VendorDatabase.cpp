#include "VendorDatabase.h"
#include "GroupCommit.h"
#include "OwnerOnly.h"
#include "StderrQueue.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>
#include <QScopeGuard>
#include <QHash>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string_view>
#include <memory>
#include <mutex>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif
#include <sqlite3.h>

namespace hotelhub::service {

namespace {
// SQLite's error log, process-wide: every SQLITE_CORRUPT or SQLITE_NOTADB any connection meets
// (in Qt's driver too, which shares the library) is counted and said loudly on stderr, whichever
// query met it and whatever that query's caller made of the error.
std::atomic<quint64> g_corruptionReports{0};
std::mutex g_firstCorruptionMutex;
QString g_firstCorruption;

// Writes the disk refuses (full, read-only, an I/O error, a file that cannot be opened): the
// newest one, and the newest commit that went through (SQLite's WAL hook, after the commit).
// Health reports a refusal newer than the last commit for 30 s, and the first refusal after a
// commit is said on stderr with what to do; the next commit says it is over.
std::atomic<qint64> g_writeRefusedAt{0}; // steady ms, 0: none
std::atomic<int> g_writeRefusedCode{0};
std::atomic<qint64> g_committedAt{0};
std::atomic<quint64> g_commits{0}; // every commit into any SQLite store of this process: the checkpoint pace
std::atomic<bool> g_refusalSaid{false};
std::atomic<bool> g_walGoneSaid{false};

qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count() + 1;
}

QString refusalAdvice(int primary)
{
    switch (primary) {
    case SQLITE_FULL:
        return QCoreApplication::translate("VendorDatabase", "The disk that holds the vendor database is full: free space on it; serving recovers by itself.");
    case SQLITE_READONLY:
        return QCoreApplication::translate("VendorDatabase", "The vendor database or its folder cannot be written (a read-only file system or mount, or its owner "
                                                             "or mode changed): make both writable for the server's user; serving recovers by itself.");
    case SQLITE_CANTOPEN:
        return QCoreApplication::translate("VendorDatabase", "The vendor database file cannot be opened (moved, deleted, or its folder's rights changed): "
                                                             "put it back where the server was started with it.");
    default:
        return QCoreApplication::translate("VendorDatabase", "The disk reported an error: check it (the system log, dmesg) and its free space.");
    }
}

// Which file a path names now (device and inode on POSIX); empty when nothing is there. Windows
// does not delete or replace a file that is held open, so there the path is identity enough.
QByteArray fileIdentity(const QString &path)
{
#ifdef Q_OS_UNIX
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    return QByteArray::number(qulonglong(st.st_dev)) + ':' + QByteArray::number(qulonglong(st.st_ino));
#else
    return QFileInfo::exists(path) ? QFile::encodeName(path) : QByteArray();
#endif
}

int onWalCommit(void *, sqlite3 *db, const char *name, int)
{
    g_commits.fetch_add(1, std::memory_order_relaxed);
    // A commit into a file no longer at its path (deleted while serving), or into a log no longer
    // at its path, is no sign of health.
    const char *file = sqlite3_db_filename(db, name);
    if (!file || !*file || !QFileInfo::exists(QString::fromUtf8(file)) || !QFileInfo::exists(QString::fromUtf8(file) + QStringLiteral("-wal")))
        return SQLITE_OK;
    g_committedAt = steadyMs();
    if (g_refusalSaid.exchange(false))
        StderrQueue::write((QCoreApplication::translate("VendorDatabase", "The vendor database takes writes again.") + u'\n').toUtf8().toStdString());
    return SQLITE_OK; // never checkpoints here: the server's own timer does (wal_autocheckpoint=0)
}

// Notes a write the disk refused; false for any other error.
bool noteRefusal(int code, const char *message)
{
    const int primary = code & 0xff;
    if (primary != SQLITE_FULL && primary != SQLITE_READONLY && primary != SQLITE_IOERR && primary != SQLITE_CANTOPEN)
        return false;
    g_writeRefusedCode = primary;
    g_writeRefusedAt = steadyMs();
    if (!g_refusalSaid.exchange(true)) {
        const QString line = QCoreApplication::translate("VendorDatabase", "DATABASE REFUSES WRITES (SQLite error %1: %2). Hotels get 503 and keep their grace.")
                                 .arg(code)
                                 .arg(QString::fromUtf8(message ? message : ""))
                             + u' ' + refusalAdvice(primary) + u'\n';
        StderrQueue::write(line.toUtf8().toStdString());
    }
    return true;
}

// A write that failed in a transaction: SQLite logs a failed statement, but not a failed
// COMMIT (where a full disk or a file-size limit usually strikes), so the connection is asked.
void noteConnectionRefusal(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return;
    sqlite3 *connection = *static_cast<sqlite3 *const *>(handle.constData());
    if (connection)
        noteRefusal(sqlite3_extended_errcode(connection), sqlite3_errmsg(connection));
}

void sqliteLog(void *, int code, const char *message)
{
    if (noteRefusal(code, message))
        return;
    const int primary = code & 0xff;
    if (primary != SQLITE_CORRUPT && primary != SQLITE_NOTADB)
        return;
    const quint64 n = ++g_corruptionReports;
    {
        std::lock_guard lock(g_firstCorruptionMutex);
        if (g_firstCorruption.isEmpty())
            g_firstCorruption = QString::fromUtf8(message ? message : "");
    }
    // Every report up to 10, then every 1000th: loud, never a flood. Queued: a request thread
    // never waits for a stderr nobody reads.
    if (n <= 10 || n % 1000 == 0) {
        char line[1024];
        const int len = std::snprintf(line, sizeof line,
                                      "DATABASE DAMAGED (SQLite error %d, report %llu): %s. Requests that meet it answer 503; "
                                      "restore the vendor database from a backup.\n",
                                      code, static_cast<unsigned long long>(n), message ? message : "");
        if (len > 0)
            StderrQueue::write(std::string_view(line, std::min<std::size_t>(std::size_t(len), sizeof line - 1)));
    }
}

// Set by SQLite's commit hook on the committing thread; read and cleared per request.
thread_local bool t_committed = false;

int onCommit(void *)
{
    t_committed = true;
    return 0; // never vetoes
}

void listenToSqlite()
{
    static std::once_flag once;
    // Must come before SQLite's first use in this process; later it is refused (SQLITE_MISUSE)
    // and the counter simply stays at zero.
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_LOG, &sqliteLog, nullptr); });
}

// Per thread: connection name → (SQL → prepared query). A plain pointer, made on first use and
// deleted with the thread's connection: a thread_local with a destructor is destroyed, on Windows
// (MinGW), after the heap has moved on for threads Qt or Windows started (a crash at stop).
using Statements = QHash<QString, QHash<QString, QSqlQuery>>;
thread_local Statements *t_statements = nullptr;
Statements &statements()
{
    if (!t_statements)
        t_statements = new Statements;
    return *t_statements;
}
void forgetStatements(const QString &connection)
{
    if (!t_statements)
        return;
    t_statements->remove(connection);
    if (t_statements->isEmpty()) {
        delete t_statements;
        t_statements = nullptr;
    }
}

thread_local const std::function<bool()> *t_peerGone = nullptr;
thread_local bool t_commitWithheld = false;
// A WriteTransaction is open on this thread: its connection is never reopened until it ends.
thread_local int t_writing = 0;

struct Step { QStringList statements; };

// {ID} is the dialect's auto-increment primary key. Timestamps are ISO-8601 UTC text so that both
// engines compare them the same way.
QList<Step> steps()
{
    return {
        {{
            QStringLiteral("CREATE TABLE licenses ("
                           " id {ID},"
                           " key_hash TEXT NOT NULL UNIQUE,"
                           " key_masked TEXT NOT NULL,"
                           " plan TEXT NOT NULL,"
                           " max_rooms INTEGER NOT NULL,"
                           " max_users INTEGER NOT NULL,"
                           " max_properties INTEGER NOT NULL DEFAULT 1,"
                           " features TEXT NOT NULL DEFAULT '{}',"
                           " valid_until TEXT NOT NULL,"
                           " grace_days INTEGER NOT NULL DEFAULT 30,"
                           " status TEXT NOT NULL DEFAULT 'active',"
                           " status_reason TEXT,"
                           " owner_email TEXT,"
                           " migrations_per_year INTEGER NOT NULL DEFAULT 2,"
                           " last_payment TEXT,"
                           " notes TEXT,"
                           " created_at TEXT NOT NULL,"
                           " updated_at TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE license_pairings ("
                           " id {ID},"
                           " license_id INTEGER NOT NULL REFERENCES licenses(id),"
                           " fingerprint TEXT NOT NULL,"
                           " install_id TEXT,"
                           " machine_info TEXT NOT NULL DEFAULT '{}',"
                           " active INTEGER NOT NULL DEFAULT 1,"
                           " current_jti TEXT,"
                           " previous_jti TEXT,"
                           " paired_at TEXT NOT NULL,"
                           " unpaired_at TEXT,"
                           " unpair_reason TEXT)"),
            QStringLiteral("CREATE INDEX license_pairings_license ON license_pairings (license_id, active)"),
            QStringLiteral("CREATE TABLE license_heartbeats ("
                           " id {ID},"
                           " license_id INTEGER NOT NULL REFERENCES licenses(id),"
                           " pairing_id INTEGER NOT NULL REFERENCES license_pairings(id),"
                           " received_at TEXT NOT NULL,"
                           " rooms INTEGER, users INTEGER, uptime BIGINT, version TEXT, source TEXT)"),
            QStringLiteral("CREATE INDEX license_heartbeats_license ON license_heartbeats (license_id, received_at)"),
            QStringLiteral("CREATE INDEX license_heartbeats_received ON license_heartbeats (received_at)"),
            QStringLiteral("CREATE TABLE license_migrations ("
                           " id {ID},"
                           " license_id INTEGER NOT NULL REFERENCES licenses(id),"
                           " from_fingerprint TEXT, to_fingerprint TEXT NOT NULL, reason TEXT NOT NULL, migrated_at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX license_migrations_license ON license_migrations (license_id, migrated_at)"),
            QStringLiteral("CREATE TABLE license_revocations ("
                           " id {ID},"
                           " license_id INTEGER NOT NULL REFERENCES licenses(id),"
                           " action TEXT NOT NULL, reason TEXT, source TEXT NOT NULL, created_at TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE vendor_audit ("
                           " id {ID},"
                           " action TEXT NOT NULL, license_id INTEGER, metadata TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL)"),
        }},
        // 2: one token chain per pairing (README "Token chain"). current_jti is the token in use,
        // pending_jti/pending_token its one successor, issued and not yet presented; a presented
        // successor retires its predecessor into license_spent_tokens. Old rows: the old
        // "previous" (still accepted) becomes current and the old "current" its pending successor.
        {{
            QStringLiteral("ALTER TABLE license_pairings ADD COLUMN pending_jti TEXT"),
            QStringLiteral("ALTER TABLE license_pairings ADD COLUMN pending_token TEXT"),
            QStringLiteral("UPDATE license_pairings SET pending_jti = current_jti, current_jti = previous_jti WHERE previous_jti IS NOT NULL AND active = 1"),
            QStringLiteral("UPDATE license_pairings SET previous_jti = NULL"),
            QStringLiteral("CREATE TABLE license_spent_tokens ("
                           " jti TEXT PRIMARY KEY,"
                           " pairing_id INTEGER NOT NULL REFERENCES license_pairings(id),"
                           " spent_at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX license_pairings_jti ON license_pairings (current_jti)"),
            QStringLiteral("CREATE INDEX license_pairings_pending ON license_pairings (pending_jti)"),
            QStringLiteral("ALTER TABLE license_pairings ADD COLUMN components TEXT NOT NULL DEFAULT '{}'"),
            QStringLiteral("ALTER TABLE license_pairings ADD COLUMN rebound_at TEXT"),
        }},
        // 3: the newest moment the server trusted its clock (README "The server's clock"), so that
        // a restart after a quiet week still knows where time stood.
        {{
            QStringLiteral("CREATE TABLE vendor_clock (id INTEGER PRIMARY KEY, seen_at TEXT NOT NULL)"),
        }},
        // 4: offline answers (README "Offline activation"): each answer's token is accepted beside
        // the pairing's chain until it is presented, so answering a request never replaces the
        // token the hotel holds.
        {{
            QStringLiteral("CREATE TABLE license_offline_answers ("
                           " jti TEXT PRIMARY KEY,"
                           " pairing_id INTEGER NOT NULL REFERENCES license_pairings(id),"
                           " days INTEGER NOT NULL,"
                           " expires_at TEXT NOT NULL,"
                           " answered_at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX license_offline_answers_pairing ON license_offline_answers (pairing_id, answered_at)"),
        }},
    };
}
} // namespace

VendorDatabase::VendorDatabase(const QString &spec)
    : m_prefix(QStringLiteral("vendor-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_specOk = parseSpec(spec);
    if (m_kind == Kind::Sqlite)
        listenToSqlite();
}

quint64 VendorDatabase::corruptionReports()
{
    return g_corruptionReports.load();
}

QString VendorDatabase::damage() const
{
    if (!m_damageAtOpen.isEmpty())
        return m_damageAtOpen;
    if (corruptionReports() == 0)
        return {};
    std::lock_guard lock(g_firstCorruptionMutex);
    return g_firstCorruption;
}

QString VendorDatabase::writeRefusal()
{
    const qint64 at = g_writeRefusedAt.load();
    if (at == 0 || at < g_committedAt.load() || steadyMs() - at > 30000)
        return {};
    switch (g_writeRefusedCode.load()) {
    case SQLITE_FULL:
        return QStringLiteral("disk_full");
    case SQLITE_READONLY:
        return QStringLiteral("read_only_file");
    case SQLITE_CANTOPEN:
        return QStringLiteral("cannot_open");
    default:
        return QStringLiteral("io_error");
    }
}

void VendorDatabase::enableGroupCommit()
{
    if (m_kind != Kind::Sqlite || m_readOnly || m_group)
        return;
    const QString wal = m_path + QStringLiteral("-wal");
    // The database file itself must be at its path too: with it deleted or renamed (its WAL
    // left), commits go on into the orphaned log, which the next start would not read.
    const QString main = m_path;
    // The log at the path must be the one the server's connections write: deleted and made anew
    // by another program (an admin's sqlite3 after a clean-up), syncing that one says nothing of
    // what was committed.
    // (Pinned at the first sync, on the sync thread that alone runs this.)
    auto pinned = std::make_shared<QByteArray>();
    m_group = std::make_unique<GroupCommit>([wal, main, pinned] {
        const QByteArray now = fileIdentity(wal);
        if (pinned->isEmpty())
            *pinned = now;
        return !now.isEmpty() && now == *pinned && GroupCommit::syncFile(wal) && QFileInfo::exists(main);
    });
}

QString VendorDatabase::fileProblem(qint64 walBytes) const
{
    if (m_kind != Kind::Sqlite)
        return {};
    // A writable store keeps its WAL for as long as the server holds a connection; the file
    // itself is checked too (deleted or renamed on its own, its WAL left behind).
    if (!m_readOnly && (walBytes < 0 || storeFileGone()))
        return QStringLiteral("missing");
    if (m_group && m_group->failed())
        return QStringLiteral("sync_failed");
    return {};
}

bool VendorDatabase::syncFailed() const { return m_group && m_group->failed(); }

bool VendorDatabase::storeFileGone() const
{
    return m_kind == Kind::Sqlite && m_opened && !QFileInfo::exists(m_path);
}

bool VendorDatabase::takeThreadCommits()
{
    const bool committed = t_committed;
    t_committed = false;
    return committed;
}

void VendorDatabase::afterSync(std::function<void(bool)> done) const
{
    if (m_group)
        m_group->afterSync(std::move(done));
    else
        done(true);
}

VendorDatabase::~VendorDatabase()
{
    delete t_statements; // this thread's (the others' went with their connections)
    t_statements = nullptr;
    for (const QString &name : QSqlDatabase::connectionNames()) {
        if (!name.startsWith(m_prefix))
            continue;
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}

namespace {
// A part of a URL shown in a message: short, one line.
QString shownPart(const QString &text)
{
    QString out = text.left(40);
    for (QChar &c : out)
        if (!c.isPrint())
            c = u'?';
    return text.size() > 40 ? out + QStringLiteral("…") : out;
}
} // namespace

// Which part of a postgresql:// URL could not be read, never quoting the user name or password.
QString VendorDatabase::whyNotPostgresUrl(const QString &spec, const QUrl &url)
{
    const QString rest = spec.mid(spec.indexOf(QLatin1String("://")) + 3);
    qsizetype end = rest.size(); // the authority ends at the first "/", "?" or "#"
    for (QChar c : {u'/', u'?', u'#'})
        if (const qsizetype at = rest.indexOf(c); at >= 0)
            end = std::min(end, at);
    const QString authority = rest.left(end);
    // "owner:pa#ss@db.local/vendor": the "#" ended the password and the host with it.
    if (rest.indexOf(u'@', end) >= 0)
        return tr("the user name or password holds a character that ends that part of a URL; write it encoded: "
                  "# as %23, / as %2F, ? as %3F, @ as %40, : as %3A.");
    // "owner:pa@ss@db.local": an "@" in the password (the host read was the text after the last).
    if (authority.count(u'@') > 1)
        return tr("the user name or password holds a character that ends that part of a URL; write it encoded: "
                  "# as %23, / as %2F, ? as %3F, @ as %40, : as %3A.");
    const QString hostPort = authority.mid(authority.lastIndexOf(u'@') + 1);
    // "owner@::1:5432": an IPv6 address without its brackets reads as a host and a port.
    if (!hostPort.startsWith(u'[') && hostPort.count(u':') > 1)
        return tr("an IPv6 address goes in brackets, as in postgresql://user@[::1]:5432/dbname.");
    const qsizetype bracket = hostPort.lastIndexOf(u']'); // [::1]:5432
    const qsizetype colon = hostPort.lastIndexOf(u':');
    const QString host = colon > bracket ? hostPort.left(colon) : hostPort;
    if (host.isEmpty() || host == QLatin1String("[]"))
        return tr("it names no host (…@db.example.com…).");
    if (colon > bracket) {
        const QString port = hostPort.mid(colon + 1);
        bool ok = false;
        const int number = port.toInt(&ok);
        const bool digits = !port.isEmpty() && std::all_of(port.begin(), port.end(), [](QChar c) { return c.isDigit(); });
        // "owner:s3cr3t" with the "@host" left out: what would be the port is the password.
        if (!digits && !authority.contains(u'@'))
            return tr("it has no \"@\" before the host, so what follows the \":\" would be a port: write "
                      "postgresql://user:password@host/dbname (a port, when given, is a number from 1 to 65535).");
        if (!ok || number < 1 || number > 65535 || !digits)
            return tr("the port \"%1\" is not a number from 1 to 65535 (PostgreSQL's is 5432; leave it out for that).").arg(shownPart(port));
    }
    if (!url.isValid())
        return tr("the host \"%1\" is not a name or an address.").arg(shownPart(host));
    return tr("it names no database: end it with /dbname.");
}

bool VendorDatabase::parseSpec(const QString &spec)
{
    // A URL's scheme is case-insensitive (RFC 3986): "PostgreSQL://" and "SQLite:" are those.
    if (spec.startsWith(QLatin1String("sqlite:"), Qt::CaseInsensitive)) {
        m_kind = Kind::Sqlite;
        m_path = spec.mid(7);
        if (m_path.isEmpty()) {
            m_error = tr("--db sqlite: needs a file path, for example sqlite:/var/lib/hotelhub/vendor.sqlite");
            return false;
        }
        if (m_path.compare(QLatin1String(":memory:"), Qt::CaseInsensitive) == 0) {
            m_error = tr("--db sqlite::memory: keeps nothing: every licence would be lost when the command ends. Give the store's file, "
                         "for example sqlite:/var/lib/hotelhub/vendor.sqlite");
            return false;
        }
        if (m_path.startsWith(u':'))
            m_path.prepend(QStringLiteral("./")); // a file of that name here, never one of Qt's resources (":/…")
        return true;
    }
    if (spec.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive) || spec.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive)) {
        const QUrl url(spec);
        if (!url.isValid() || url.host().isEmpty() || url.path().size() < 2 || url.port() == 0) {
            // What was given, but never its password, which may also be in the query (libpq's
            // ?password=); describe() is for a spec that was read.
            QString given = url.toString(QUrl::RemovePassword | QUrl::RemoveQuery | QUrl::RemoveFragment);
            if (given.isEmpty())
                given = spec.left(spec.indexOf(u':')) + QStringLiteral("://…");
            m_error = tr("--db %1 is not a PostgreSQL URL of the form postgresql://user@host:port/dbname: %2").arg(given, whyNotPostgresUrl(spec, url));
            return false;
        }
        // "…/ven#dor": the "#" ended the URL and "ven" would have been used (the rest dropped
        // without a word); a control character (%00) was handed to libpq, whose words came back.
        if (url.hasFragment()) {
            m_error = tr("--db: the database name holds a \"#\", which ends a URL; write it as %23.");
            return false;
        }
        const auto control = [](const QString &text) {
            return std::any_of(text.begin(), text.end(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
        };
        if (control(url.userName()) || control(url.password()) || control(url.path()) || control(url.query(QUrl::FullyDecoded))) {
            m_error = tr("--db: the user name, password, database name or an option holds a control character (such as %00 or %0A), "
                         "which PostgreSQL cannot take; leave it out.");
            return false;
        }
        m_kind = Kind::Postgres;
        m_host = url.host();
        m_port = url.port(5432);
        m_user = url.userName();
        m_password = url.password();
        m_dbName = url.path().mid(1);
        // libpq's URL options: the password, and the options its connection string takes
        // (sslmode, connect_timeout…), handed on; they were dropped without a word.
        const QUrlQuery query(url);
        QStringList options;
        for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
            if (key == QLatin1String("password")) {
                m_password = value;
            } else if (key.isEmpty() || !std::all_of(key.begin(), key.end(), [](QChar c) { return c.isLetterOrNumber() || c == u'_'; })
                       || value.contains(u';') || value.contains(u'=')) {
                m_error = tr("--db: the URL option \"%1\" cannot be handed to PostgreSQL; take it out of the URL.").arg(key.left(40));
                return false;
            } else {
                options << key + u'=' + value;
            }
        }
        m_options = options.join(u';');
        return true;
    }
    // What was given is named by its scheme only (the rest may hold a password); a Windows path
    // ("C:\\…") is a file without its "sqlite:".
    const qsizetype colon = spec.indexOf(u':');
    const QString scheme = colon > 0 && colon <= 32 ? spec.left(colon) : QString();
    const bool plain = std::all_of(scheme.begin(), scheme.end(), [](QChar c) {
        return c.isLetterOrNumber() || c == u'+' || c == u'.' || c == u'-';
    });
    if (scheme.size() == 1 && scheme.at(0).isLetter())
        m_error = tr("--db takes sqlite:PATH: for this file, give sqlite:%1").arg(spec.left(260));
    else if (!scheme.isEmpty() && plain)
        m_error = tr("--db takes sqlite:PATH or postgresql://user@host:port/dbname, not %1: (the vendor server keeps its store in "
                     "SQLite or PostgreSQL only).")
                      .arg(scheme);
    else
        m_error = tr("--db must be sqlite:PATH or postgresql://user@host:port/dbname");
    return false;
}

QString VendorDatabase::describe() const
{
    if (m_kind == Kind::Sqlite)
        return QStringLiteral("sqlite:") + m_path;
    // An IPv6 address in its brackets, as it is written in a URL.
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(m_user, m_host.contains(u':') ? u'[' + m_host + u']' : m_host).arg(m_port).arg(m_dbName);
}

QString VendorDatabase::connectionName() const
{
    return m_prefix + u'-' + QString::number(quintptr(QThread::currentThreadId()), 16);
}

QSqlDatabase VendorDatabase::connection() const
{
    const QString name = connectionName();
    // The store's log deleted while serving: the connections that hold the deleted log go on,
    // but a new one would make a second, empty log under the same index (or a new index too),
    // and within a second the store's pages were overwritten from it (the outside checks: "file
    // is not a database"). No connection is opened then; the requests answer 503. (Looked at
    // only when a connection is to be opened: one stat, never on the way of an open one.)
    const auto logGone = [this] { return this->logGone(); };
    // Inside a write transaction a connection that was lost stays closed, so the statements that
    // follow fail and the request answers 503. Reopened (as QSqlDatabase::database does), they
    // ran on a new PostgreSQL session in autocommit, and the COMMIT that followed "succeeded"
    // with nothing of the transaction stored: a pairing answered 200 whose token the server
    // did not know (the outside check, killing sessions under load).
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (!db.isOpen() && t_writing == 0 && !logGone())
            db.open();
        return db;
    }
    if (logGone())
        return {};
    QSqlDatabase db = QSqlDatabase::addDatabase(m_kind == Kind::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"), name);
    if (m_kind == Kind::Sqlite) {
        // Read-only with no WAL content to read: immutable, so SQLite creates no -wal or -shm
        // beside a damaged file either.
        const bool immutable = m_readOnly && QFileInfo(m_path + QStringLiteral("-wal")).size() <= 0;
        const QString uri = QStringLiteral("file:") + QUrl::toPercentEncoding(m_path, "/");
        // Once the store is open, a thread's new connection opens the file only if it is still
        // there (mode=rw): a file deleted while serving was recreated empty by the next
        // connection, and a restart then served an empty store to every hotel.
        if (immutable)
            db.setDatabaseName(uri + QStringLiteral("?immutable=1"));
        else if (m_opened && !m_readOnly)
            db.setDatabaseName(uri + QStringLiteral("?mode=rw"));
        else
            db.setDatabaseName(m_path);
        db.setConnectOptions(immutable ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI")
                             : m_readOnly ? QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000;QSQLITE_OPEN_READONLY")
                             : m_opened   ? QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000;QSQLITE_OPEN_URI")
                                          : QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    } else {
        db.setHostName(m_host);
        db.setPort(m_port);
        db.setDatabaseName(m_dbName);
        db.setUserName(m_user);
        db.setPassword(m_password);
        QStringList options{m_options};
        if (!m_options.contains(QLatin1String("connect_timeout=")))
            options.prepend(QStringLiteral("connect_timeout=10"));
        options.removeAll(QString());
        db.setConnectOptions(options.join(u';'));
    }
    if (db.open() && m_kind == Kind::Postgres) {
        // The server's NOTICEs ("relation … already exists, skipping" from the migrations) are
        // not for the admin: libpq printed them on stderr under every admin command.
        QSqlQuery(db).exec(QStringLiteral("SET client_min_messages = warning"));
        if (m_readOnly)
            QSqlQuery(db).exec(QStringLiteral("SET default_transaction_read_only = on"));
    }
    if (db.isOpen() && m_kind == Kind::Sqlite && !m_readOnly) {
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        // FULL: a commit syncs the WAL before it returns, so no reply acknowledges a write that a
        // power cut could still take back (NORMAL syncs only at checkpoints). With group commit
        // the serving process syncs for many commits at once, and replies wait for that sync.
        q.exec(m_group ? QStringLiteral("PRAGMA synchronous=NORMAL") : QStringLiteral("PRAGMA synchronous=FULL"));
        const QVariant handle = db.driver()->handle();
        if (m_group && handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
            sqlite3_commit_hook(*static_cast<sqlite3 *const *>(handle.constData()), &onCommit, nullptr);
        q.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
        q.exec(QStringLiteral("PRAGMA wal_autocheckpoint=0"));
        q.exec(QStringLiteral("PRAGMA journal_size_limit=16777216")); // a restarted WAL shrinks back to 16 MiB
        // After the pragma, which clears any WAL hook: this one only notes that a commit went through.
        if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
            sqlite3_wal_hook(*static_cast<sqlite3 *const *>(handle.constData()), &onWalCommit, nullptr);
    }
    return db;
}

QSqlQuery &VendorDatabase::cached(const QString &sql) const
{
    QHash<QString, QSqlQuery> &mine = statements()[connectionName()];
    auto it = mine.find(sql);
    if (it == mine.end() || it->lastError().type() == QSqlError::ConnectionError) {
        QSqlQuery q(connection());
        q.setForwardOnly(true);
        q.prepare(sql);
        it = mine.insert(sql, q);
    }
    return *it;
}

void VendorDatabase::closeThreadConnection() const
{
    const QString name = connectionName();
    forgetStatements(name);
    if (!QSqlDatabase::contains(name))
        return;
    QSqlDatabase::database(name, false).close();
    QSqlDatabase::removeDatabase(name);
}

bool VendorDatabase::beginWrite(QSqlDatabase &db, QString *error) const
{
    QSqlQuery q(db);
    const bool begun = q.exec(m_kind == Kind::Sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"));
    if (!begun && error)
        *error = q.lastError().text();
    return begun;
}

VendorDatabase::WriteTransaction::WriteTransaction(const VendorDatabase &db)
    : m_db(db)
    , m_connection(db.connection())
{
    // PostgreSQL cannot PREPARE transaction control, so its driver runs it; SQLite needs
    // IMMEDIATE (the driver's BEGIN is deferred) and reuses the prepared statements.
    if (db.m_kind == Kind::Postgres) {
        m_begun = m_connection.transaction();
        if (!m_begun)
            m_error = m_connection.lastError().text();
    } else {
        m_lock = std::unique_lock(db.m_writeMutex);
        QSqlQuery &begin = db.cached(QStringLiteral("BEGIN IMMEDIATE"));
        m_begun = begin.exec();
        if (!m_begun)
            m_error = begin.lastError().text();
        begin.finish();
    }
    if (m_begun)
        ++t_writing;
}

bool VendorDatabase::WriteTransaction::openOnThisThread() { return t_writing > 0; }

VendorDatabase::WriteTransaction::~WriteTransaction()
{
    // After the rollback below, which must not reopen a lost connection either.
    const auto leave = qScopeGuard([this] {
        if (m_begun)
            --t_writing;
    });
    if (!m_begun || m_done)
        return;
    if (m_db.m_kind == Kind::Postgres) {
        m_connection.rollback();
        return;
    }
    noteConnectionRefusal(m_connection); // a statement of it failed on a refusing disk?
    QSqlQuery &rollback = m_db.cached(QStringLiteral("ROLLBACK"));
    rollback.exec();
    rollback.finish();
}

VendorDatabase::PeerWatch::PeerWatch(const std::function<bool()> &gone)
{
    t_peerGone = gone ? &gone : nullptr;
    t_commitWithheld = false;
}

VendorDatabase::PeerWatch::~PeerWatch()
{
    t_peerGone = nullptr;
}

bool VendorDatabase::PeerWatch::withheld()
{
    return t_commitWithheld;
}

bool VendorDatabase::WriteTransaction::commit()
{
    if (!m_begun || m_done)
        return false;
    // Nobody would hear the answer: a token minted now would never reach its install, and a
    // heartbeat recorded now was never acknowledged. The destructor rolls back.
    if (t_peerGone && (*t_peerGone)()) {
        t_commitWithheld = true;
        return false;
    }
    if (m_db.m_kind == Kind::Postgres) {
        m_done = m_connection.commit();
        if (!m_done)
            m_error = m_connection.lastError().text();
        return m_done;
    }
    QSqlQuery &commitQuery = m_db.cached(QStringLiteral("COMMIT"));
    m_done = commitQuery.exec();
    if (!m_done) {
        m_error = commitQuery.lastError().text();
        noteConnectionRefusal(m_connection);
    }
    commitQuery.finish();
    if (m_lock.owns_lock())
        m_lock.unlock();
    return m_done;
}

qint64 VendorDatabase::checkpoint() const
{
    if (m_kind != Kind::Sqlite)
        return 0;
    // Never a stall of seconds on the writers' path. PASSIVE copies what it can without waiting
    // for anyone. Once the log holds more than kWalResetBytes of pages, RESTART (under the writer
    // mutex, so it waits for at most one transaction, and with no busy wait: a reader holding an
    // old snapshot, such as a backup, only postpones it to the next round) makes the next commit
    // write from the start of the file again. The file is reused, not truncated: truncating a
    // WAL of tens of MiB held every writer for 30-160 ms (issue 14), and a WAL that only ever
    // grew (PASSIVE alone, under constant readers) took gigabytes an hour.
    logGone(); // said once, from the timer too: no connection may be opened for weeks
    QSqlDatabase db = connection();
    QSqlQuery q(db);
    q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
    const qint64 frames = q.next() ? q.value(1).toLongLong() : 0;
    q.finish();
    if (frames * m_pageSize < kWalResetBytes)
        return frames;
    const std::lock_guard lock(m_writeMutex);
    q.exec(QStringLiteral("PRAGMA busy_timeout = 0"));
    q.exec(QStringLiteral("PRAGMA wal_checkpoint(RESTART)"));
    if (qEnvironmentVariableIsSet("HOTELHUB_DEBUG_CHECKPOINT") && q.next())
        qInfo("checkpoint restart busy=%d log=%d done=%d", q.value(0).toInt(), q.value(1).toInt(), q.value(2).toInt());
    q.finish();
    q.exec(QStringLiteral("PRAGMA busy_timeout = 10000"));
    return frames;
}

quint64 VendorDatabase::commitsSoFar() { return g_commits.load(std::memory_order_relaxed); }

bool VendorDatabase::logWasDeleted() { return g_walGoneSaid.load(std::memory_order_relaxed); }

int VendorDatabase::CheckpointPace::next(quint64 commits)
{
    const bool wrote = commits != m_lastCommits;
    m_lastCommits = commits;
    return wrote ? kBusyMs : kIdleMs;
}

bool VendorDatabase::logGone() const
{
    if (m_kind != Kind::Sqlite || !m_opened || m_readOnly || QFileInfo::exists(m_path + QStringLiteral("-wal")))
        return false;
    if (!g_walGoneSaid.exchange(true))
        StderrQueue::write((QCoreApplication::translate("VendorDatabase",
                                                        "DATABASE LOG DELETED: %1 was deleted while serving. No new connection is opened "
                                                        "on the store (a new, empty log would overwrite it); writes answer 503. Stop the "
                                                        "server: on stop, what the deleted log holds is written back into the store. Then "
                                                        "start it again.")
                                .arg(QDir::toNativeSeparators(m_path + QStringLiteral("-wal")))
                            + u'\n')
                               .toUtf8()
                               .toStdString());
    return true;
}

qint64 VendorDatabase::walBytes() const
{
    if (m_kind != Kind::Sqlite)
        return -1;
    const QFileInfo wal(m_path + QStringLiteral("-wal")); // one stat for both
    return wal.exists() ? wal.size() : -1;
}

int VendorDatabase::schemaVersion(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT version FROM vendor_schema")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

bool VendorDatabase::open()
{
    if (!m_specOk)
        return false;
    // A new store that could not be made (a full disk) leaves nothing behind: the next start
    // would refuse the empty file ("is empty (0 bytes); restore it"). Runs after the handles below.
    const bool created = m_kind == Kind::Sqlite && !m_readOnly && !QFileInfo::exists(m_path);
    // Only what this open made: a log or index that was there before is never removed.
    QStringList existedBefore;
    for (const char *suffix : {"-wal", "-shm", "-journal"})
        if (created && QFileInfo::exists(m_path + QLatin1String(suffix)))
            existedBefore << QLatin1String(suffix);
    const auto removeIfNotMade = qScopeGuard([this, created, existedBefore] {
        if (!created || m_opened)
            return;
        closeThreadConnection();
        for (const char *suffix : {"", "-wal", "-shm", "-journal"})
            if (!existedBefore.contains(QLatin1String(suffix)))
                QFile::remove(m_path + QLatin1String(suffix));
    });
    if (m_kind == Kind::Sqlite) {
        const QString folder = QFileInfo(m_path).absolutePath();
        if (QFileInfo(m_path).isDir()) {
            m_error = tr("%1 is a folder, not a vendor database file: give --db the path of the store's file, for example "
                         "sqlite:%2.")
                          .arg(QDir::toNativeSeparators(m_path), QDir::toNativeSeparators(QDir(m_path).filePath(QStringLiteral("vendor.sqlite"))));
            return false;
        }
        if (QFileInfo::exists(folder) && !QFileInfo(folder).isDir()) {
            m_error = tr("%1 is a file, not a folder, so the vendor database %2 cannot be there: check the path given to --db.")
                          .arg(QDir::toNativeSeparators(folder), QDir::toNativeSeparators(m_path));
            return false;
        }
        if (!QFileInfo(folder).isDir()) {
            m_error = tr("The folder %1 for the vendor database does not exist: create it, or give --db a path in an existing folder.")
                          .arg(QDir::toNativeSeparators(folder));
            return false;
        }
        QFile file(m_path);
        if (!file.exists() && QFileInfo::exists(m_path + QStringLiteral("-wal"))) {
            // Its log without it: the store was moved or deleted while a server ran. A new store
            // here would take that log over and lose the changes only it holds.
            m_error = tr("The vendor database %1 is missing, but its log %2 is there: the store was moved or deleted while a server "
                         "was running. Put the store back at its path (the log holds changes not yet in it); nothing was changed.")
                          .arg(QDir::toNativeSeparators(m_path), QDir::toNativeSeparators(m_path + QStringLiteral("-wal")));
            return false;
        }
#ifdef Q_OS_UNIX
        const bool folderSearchable = QFileInfo(folder).isExecutable(); // else accessProblem() below names the folder
#else
        const bool folderSearchable = true;
#endif
        if (!file.exists() && !m_mayCreate && folderSearchable) {
            m_error = tr("There is no vendor database at %1. Check the path given to --db; a new, empty store is made only by "
                         "serve and license create.")
                          .arg(QDir::toNativeSeparators(m_path));
            return false;
        }
        if (file.exists() && file.size() == 0) {
            // What a power cut can leave: never rebuilt as a new, empty store (every hotel would
            // then read as unknown). A new database is made only where no file exists.
            m_error = tr("The vendor database %1 is empty (0 bytes); it was left untouched. Restore it from a backup, "
                         "or remove it to start a new, empty licence store.").arg(QDir::toNativeSeparators(m_path));
            return false;
        }
        if (file.exists() && file.open(QIODevice::ReadOnly) && file.read(16) != QByteArray("SQLite format 3\0", 16)) {
            m_error = tr("%1 is not a SQLite database; it was left untouched.").arg(QDir::toNativeSeparators(m_path));
            return false;
        }
    }
    // This user's rights, or a read-only disk, named in the store's own words (SQLite says
    // "unable to open database file" or "attempt to write a readonly database", in English, and
    // a write refused while checking the file read as damage), with what to do.
    const auto accessProblem = [this]() -> QString {
        if (m_kind != Kind::Sqlite)
            return {};
        const QFileInfo file(m_path);
        const QFileInfo folder(file.absolutePath());
        const QString where = QDir::toNativeSeparators(folder.absoluteFilePath());
#ifdef Q_OS_UNIX
        const bool reachable = folder.isExecutable(); // (search permission: POSIX only)
#else
        const bool reachable = true;
#endif
        const auto folderProblem = [&](bool reach) {
            return tr("Cannot open the vendor database %1: this user may not %2 the folder %3 (its permissions; the store "
                      "keeps its log beside it). Let the server's user read and write that folder, or run the server as its owner.")
                .arg(describe(), reach ? tr("reach") : tr("create files in"), where);
        };
        const auto fileProblem = [&](bool read) {
            return tr("Cannot open the vendor database %1: this user may not %2 it (its permissions). Let the server's user "
                      "read and write the file, or run the server as its owner.")
                .arg(describe(), read ? tr("read") : tr("write"));
        };
        // The most basic first: the folder, the file's reading, then what writing needs.
        if (!reachable)
            return folderProblem(true);
        if (file.exists() && !file.isReadable())
            return fileProblem(true);
        if (!m_readOnly && QStorageInfo(where).isReadOnly()) // (before the file's rights: no right helps there)
            return m_readOnlyOffered ? tr("Cannot open the vendor database %1: the disk that holds it is mounted read-only. Mount it read-write "
                                          "(or move the store to a disk that is), or read it as it is with --read-only.")
                                           .arg(describe())
                                     : tr("Cannot change the vendor database %1: the disk that holds it is mounted read-only. Mount it "
                                          "read-write (or move the store to a disk that is), then run the command again.")
                                           .arg(describe());
        if (!m_readOnly && !folder.isWritable())
            return folderProblem(false);
        if (file.exists() && !m_readOnly && !file.isWritable())
            return fileProblem(false);
        // Its log and index too (left by another user's run: SQLite says only "unable to open").
        for (const char *suffix : {"-wal", "-shm"}) {
            const QFileInfo part(m_path + QLatin1String(suffix));
            if (part.exists() && (!part.isReadable() || (!m_readOnly && !part.isWritable())))
                return (suffix == std::string_view("-wal")
                            ? tr("Cannot open the vendor database %1: this user may not %2 %3 (its permissions), the store's log, which "
                                 "another user's run may have left. Let the server's user read and write it, or run the server as its owner.")
                            : tr("Cannot open the vendor database %1: this user may not %2 %3 (its permissions), the store's shared-memory "
                                 "index, which another user's run may have left. Let the server's user read and write it, or run the "
                                 "server as its owner."))
                    .arg(describe(), part.isReadable() ? tr("write") : tr("read"), QDir::toNativeSeparators(part.filePath()));
        }
        return {};
    };
    if (m_kind == Kind::Sqlite && !m_readOnly) {
        // Owner-only before SQLite opens it, since SQLite gives a new log and index the store's
        // mode: they hold key hashes and the audit (the outside check found them 0644, and 0666
        // after a store file that was 0666, while the store itself was 0600). Also mends a log or
        // index that an earlier, refused run of this user left read-only.
        for (const char *suffix : {"", "-wal", "-shm"})
            if (const QString part = m_path + QLatin1String(suffix); QFileInfo::exists(part))
                OwnerOnly::restrict(part);
    }
    QSqlDatabase db = connection();
    if (!db.isOpen()) {
        if (const QString why = accessProblem(); !why.isEmpty())
            m_error = why;
        else if (m_kind == Kind::Sqlite)
            m_error = tr("Cannot open the vendor database %1: %2. Check that this user may read and write the file and its "
                         "folder, and that the disk is sound and has room.")
                          .arg(describe(), db.lastError().text());
        else
            m_error = tr("Cannot open the vendor database %1: %2. Check that PostgreSQL runs and accepts this user: the "
                         "address, port, database name and password in --db.")
                          .arg(describe(), db.lastError().text());
        return false;
    }
    // Opened, but not for writing (SQLite falls back to reading a file this user may not write):
    // said now, not as a 503 on every write once serving.
    if (const QString why = m_readOnly ? QString() : accessProblem(); !why.isEmpty()) {
        m_error = m_readOnlyOffered && !why.contains(QLatin1String("--read-only"))
            ? why + u' ' + tr("To serve it for reading only, or to list or show its licences, add --read-only.")
            : why;
        db = QSqlDatabase();
        closeThreadConnection();
        return false;
    }
    if (m_kind == Kind::Sqlite) {
        // A damaged file is never served: licences would read as "not found" and tokens as
        // invalid. Refused with the path before anything is written.
        QSqlQuery check(db);
        const bool ran = check.exec(QStringLiteral("PRAGMA quick_check")) && check.next();
        const QString verdict = ran ? check.value(0).toString() : check.lastError().text();
        // Only SQLite's own "corrupt" or "not a database" is damage; a check that could not run
        // for want of rights, room or a working disk is said as that (it read as "damaged, restore
        // a backup", and restoring an older backup loses pairings; found by the outside check).
        const int primary = ran ? 0 : check.lastError().nativeErrorCode().toInt() & 0xff;
        check.finish();
        const bool damaged = ran ? verdict != QLatin1String("ok") : (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB);
        const QString why = !ran && !damaged ? accessProblem() : QString();
        if (!ran && !damaged && !(m_readOnly && why.isEmpty())) {
            const qint64 free = QStorageInfo(QFileInfo(m_path).absolutePath()).bytesAvailable();
            const bool full = primary == SQLITE_FULL || (primary == SQLITE_IOERR && free >= 0 && free < 1024 * 1024);
            m_error = !why.isEmpty() ? why
                : full && created    ? tr("The disk that holds %1 is full: free space there, then run the command again. Nothing was created.").arg(describe())
                : full               ? tr("The disk that holds the vendor database %1 is full: free space there, then run "
                                          "the command again. The store was left untouched.").arg(describe())
                                                  : tr("The vendor database %1 could not be checked (%2). It was left untouched: check the "
                                                       "disk (the system log) and its free space, and that this user may read and write the "
                                                       "file and its folder, then run the command again.").arg(describe(), verdict.left(200));
            db = QSqlDatabase(); // the last handle goes before the connection does
            closeThreadConnection();
            return false;
        }
        if ((!ran || verdict != QLatin1String("ok")) && m_readOnly) {
            m_damageAtOpen = verdict.left(200); // served read-only, as asked; the caller says so loudly
        } else if (damaged) {
            m_error = tr("The vendor database %1 is damaged (%2). It was left untouched: restore it from a backup, "
                         "or recover it with the sqlite3 tool's .recover command.")
                          .arg(QDir::toNativeSeparators(m_path), verdict.left(200));
            db = QSqlDatabase(); // the last handle goes before the connection does
            closeThreadConnection();
            return false;
        }
    }
    if (m_readOnly) {
        const int version = schemaVersion(db);
        if (version != int(steps().size())) {
            m_error = tr("The vendor database %1 has schema %2 and this server needs %3; a read-only store cannot be upgraded. "
                         "Start without --read-only.").arg(describe()).arg(version).arg(steps().size());
            return false;
        }
        return true;
    }
    if (!migrate(db)) {
        if (created) {
            const qint64 free = QStorageInfo(QFileInfo(m_path).absolutePath()).bytesAvailable();
            m_error = free >= 0 && free < 1024 * 1024
                ? tr("The disk that holds %1 is full: free space there, then run the command again. Nothing was created.").arg(describe())
                : m_error + u' ' + tr("Nothing was created.");
        }
        return false;
    }
    m_opened = true;
    if (m_kind == Kind::Sqlite && !m_readOnly) {
        for (const char *suffix : {"", "-wal", "-shm"}) // a new store's, made just now
            if (const QString part = m_path + QLatin1String(suffix); QFileInfo::exists(part))
                OwnerOnly::restrict(part);
    }
    if (m_kind == Kind::Sqlite) {
        QSqlQuery size(db);
        if (size.exec(QStringLiteral("PRAGMA page_size")) && size.next())
            m_pageSize = std::max(512, size.value(0).toInt());
    }
    return true;
}

bool VendorDatabase::migrate(QSqlDatabase &db)
{
    const QString id = m_kind == Kind::Sqlite ? QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT") : QStringLiteral("BIGSERIAL PRIMARY KEY");
    QSqlQuery q(db);
    // Several instances may start at once against one PostgreSQL: serialise the migration.
    if (QString why; !beginWrite(db, &why)) {
        m_error = why.contains(QLatin1String("locked"), Qt::CaseInsensitive) || why.contains(QLatin1String("busy"), Qt::CaseInsensitive)
            ? tr("Cannot start the schema transaction on %1: %2. Another program holds the store (a second server, a backup, the "
                 "sqlite3 tool): let it finish or stop it, then run the command again.")
                  .arg(describe(), why)
            : tr("Cannot start the schema transaction on %1: %2").arg(describe(), why);
        return false;
    }
    if (m_kind == Kind::Postgres)
        q.exec(QStringLiteral("SELECT pg_advisory_xact_lock(1212696643)"));
    q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS vendor_schema (version INTEGER NOT NULL)"));
    int version = 0;
    if (q.exec(QStringLiteral("SELECT version FROM vendor_schema")) && q.next())
        version = q.value(0).toInt();
    else
        q.exec(QStringLiteral("INSERT INTO vendor_schema (version) VALUES (0)"));
    const QList<Step> all = steps();
    if (version > all.size()) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        m_error = tr("The vendor database %1 has schema %2, newer than this server (%3). Update the server.").arg(describe()).arg(version).arg(all.size());
        return false;
    }
    for (int v = version; v < all.size(); ++v) {
        for (QString statement : all[v].statements) {
            statement.replace(QStringLiteral("{ID}"), id);
            if (!q.exec(statement)) {
                const QString why = q.lastError().text();
                QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
                m_error = tr("Migrating the vendor database %1 to schema %2 failed: %3").arg(describe()).arg(v + 1).arg(why);
                return false;
            }
        }
        q.exec(QStringLiteral("UPDATE vendor_schema SET version = %1").arg(v + 1));
    }
    q.finish();
    if (!QSqlQuery(db).exec(QStringLiteral("COMMIT"))) {
        m_error = tr("Cannot commit the schema of %1: %2").arg(describe(), db.lastError().text());
        return false;
    }
    return true;
}

} // namespace hotelhub::service
