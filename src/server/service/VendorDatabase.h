// The vendor server's store: SQLite by default, PostgreSQL for several stateless instances.
// One connection per thread (Qt SQL connections are thread-bound); migrations are versioned.
#pragma once

#include <atomic>

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>
#include <QUrl>
#include <functional>
#include <memory>
#include <mutex>

class QSqlQuery;

namespace hotelhub::service {

class GroupCommit;

class VendorDatabase
{
    Q_DECLARE_TR_FUNCTIONS(VendorDatabase)
public:
    enum class Kind { Sqlite, Postgres };

    // `spec` is `sqlite:PATH` or `postgresql://user[:password]@host[:port]/dbname`.
    explicit VendorDatabase(const QString &spec);
    ~VendorDatabase();
    VendorDatabase(const VendorDatabase &) = delete;
    VendorDatabase &operator=(const VendorDatabase &) = delete;

    // Before open(): serve what can be read and write nothing (`--read-only`). A damaged SQLite
    // file is then opened instead of refused, and damage() says what quick_check found.
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }
    // Before open(): whether a SQLite file that does not exist may be made as a new, empty store
    // (serve and license create); the other commands refuse a path with no store, so that a
    // mistyped --db never makes one (and never overwrites the log of a store moved away).
    void setMayCreate(bool mayCreate) { m_mayCreate = mayCreate; }
    // Before open(): whether the command can take --read-only (serve, license list, show), so a
    // store it may not write offers it; the others are told what to fix instead.
    void setReadOnlyOffered(bool offered) { m_readOnlyOffered = offered; }
    // False when --db could not be read (errorString() says why): a command-line mistake.
    bool specOk() const { return m_specOk; }
    bool readOnly() const { return m_readOnly; }
    // Before open(), for the serving process: SQLite commits stop syncing one by one
    // (synchronous=NORMAL) and a reply that wrote waits in afterSync() for one shared sync of the
    // WAL instead (GroupCommit). Admin commands keep a sync per commit (FULL).
    void enableGroupCommit();
    bool groupCommit() const { return bool(m_group); }
    // Health's view of the file itself, given walBytes(): "missing" when the WAL is gone from its
    // path (the folder moved or was deleted while serving), "sync_failed" after a failed group
    // sync (sticky until restart); empty when neither.
    QString fileProblem(qint64 walBytes) const;
    // A group sync failed (sticky until restart); an atomic read, no file looked at.
    bool syncFailed() const;
    // The SQLite file itself is no longer at its path (deleted or moved while serving).
    bool storeFileGone() const;
    // Whether this thread committed a write since it last asked (every commit, transactions and
    // single statements alike, is seen by SQLite's commit hook).
    static bool takeThreadCommits();
    // Calls `done(durable)` once everything committed before this call is on disk: at once
    // without group commit (every commit synced itself), else from the sync thread.
    void afterSync(std::function<void(bool durable)> done) const;
    bool open(); // validates the spec, connects, migrates
    // What quick_check reported at open() (read-only only), or SQLite's first corruption report
    // at run time; empty while the file reads as sound.
    QString damage() const;
    // SQLite only, any connection of the process: "disk_full", "read_only_file", "io_error" or
    // "cannot_open" while the newest write the disk refused is newer than the newest commit and
    // at most 30 s old (health then answers 503, and clears itself for a load balancer to try
    // again); empty otherwise.
    static QString writeRefusal();
    // How many corruption reports SQLite has made since the process started (any thread).
    static quint64 corruptionReports();
    QString errorString() const { return m_error; }
    Kind kind() const { return m_kind; }
    QString describe() const; // the spec without any password
    QString sqlitePath() const { return m_kind == Kind::Sqlite ? m_path : QString(); }

    QSqlDatabase connection() const;
    void closeThreadConnection() const;

    // A statement prepared once per thread and reused (the heartbeat path runs the same few
    // statements thousands of times a second). finish() it after reading.
    QSqlQuery &cached(const QString &sql) const;

    // Starts a write transaction: BEGIN IMMEDIATE on SQLite, BEGIN on PostgreSQL (rows are then
    // locked with `SELECT … FOR UPDATE`, see forUpdate()). Prefer WriteTransaction.
    bool beginWrite(QSqlDatabase &db, QString *error = nullptr) const;

    // One write transaction on this thread's connection; rolls back unless committed. On SQLite
    // the writers of this process also queue on a mutex: SQLite's own busy handler sleeps in
    // steps of milliseconds, which caps a busy server far below what the disk can do.
    class WriteTransaction
    {
    public:
        explicit WriteTransaction(const VendorDatabase &db);
        ~WriteTransaction();
        WriteTransaction(const WriteTransaction &) = delete;
        WriteTransaction &operator=(const WriteTransaction &) = delete;
        bool ok() const { return m_begun; }
        QSqlDatabase &connection() { return m_connection; }
        bool commit();
        // The database's words when the transaction could not begin or commit.
        QString errorString() const { return m_error; }
        // Whether this thread has a write transaction open (a store write then joins it).
        static bool openOnThisThread();

    private:
        const VendorDatabase &m_db;
        QSqlDatabase m_connection;
        std::unique_lock<std::mutex> m_lock;
        QString m_error;
        bool m_begun = false;
        bool m_done = false;
    };
    // While one lives on a thread, that thread's commits first ask `gone` whether the client has
    // hung up; if so the transaction is rolled back instead (README "The server's guarantees").
    class PeerWatch
    {
    public:
        explicit PeerWatch(const std::function<bool()> &gone); // `gone` outlives the watch
        ~PeerWatch();
        PeerWatch(const PeerWatch &) = delete;
        PeerWatch &operator=(const PeerWatch &) = delete;
        // A commit on this thread was withheld because the client had gone.
        static bool withheld();
    };
    QString forUpdate() const { return m_kind == Kind::Postgres ? QStringLiteral(" FOR UPDATE") : QString(); }

    static int schemaVersion(QSqlDatabase &db);

    // SQLite: commits never checkpoint the WAL themselves (a checkpoint inside a commit stalls
    // every writer behind it); the server calls this from its own timer instead, paced by
    // CheckpointPace, which keeps the WAL at a fraction of a second of writes. Returns the frames
    // the log held; 0 on PostgreSQL.
    qint64 checkpoint() const;
    // Commits into the SQLite stores of this process so far (SQLite's WAL hook counts them).
    static quint64 commitsSoFar();
    // A store's log was found deleted while serving (said once on stderr; until the restart).
    // Health reads it on every request: a thread that never opened a connection answers a write
    // with 503 then, and no other thread's recent "sound" may say otherwise.
    static bool logWasDeleted();
    // When the server's timer calls checkpoint() again. Every kBusyMs while commits come, so that
    // each round copies and restarts the few MiB that 50 ms of heartbeats write, not the tens of
    // a quarter of a second: under full load each restart's wait was the writers' worst latency
    // (p99 at 32 connections 26-30 ms, now 23-24 ms RS256; README "Benchmarks"). Every kIdleMs
    // after a round with no commit, so on an idle server this timer fires four times a second,
    // not twenty.
    class CheckpointPace
    {
    public:
        static constexpr int kBusyMs = 50;
        static constexpr int kIdleMs = 250;
        // The wait before the next round, given commitsSoFar() now.
        int next(quint64 commits);

    private:
        quint64 m_lastCommits = ~quint64(0);
    };
    // SQLite, serving: the store's log is no longer at its path (deleted under the server); said
    // once on stderr. No connection is opened then (connection()).
    bool logGone() const;
    // The SQLite WAL's size in bytes (health reports it); -1 on PostgreSQL or when there is no WAL.
    qint64 walBytes() const;
    static constexpr qint64 kWalResetBytes = 4 * 1024 * 1024;

private:
    bool parseSpec(const QString &spec);
    static QString whyNotPostgresUrl(const QString &spec, const QUrl &url);
    bool migrate(QSqlDatabase &db);
    QString connectionName() const;

    Kind m_kind = Kind::Sqlite;
    QString m_path; // sqlite
    QString m_host, m_user, m_password, m_dbName;
    QString m_options; // libpq connection options from the URL's query (sslmode=…;…)
    int m_port = 5432;
    QString m_prefix;
    QString m_error;
    bool m_specOk = false;
    bool m_readOnly = false;
    bool m_mayCreate = true;
    bool m_readOnlyOffered = true;
    std::atomic<bool> m_opened{false}; // open() succeeded: later connections never create the file
    int m_pageSize = 4096;
    QString m_damageAtOpen;
    mutable std::mutex m_writeMutex;
    std::unique_ptr<GroupCommit> m_group;
};

} // namespace hotelhub::service
