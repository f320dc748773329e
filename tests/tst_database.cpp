#include "AuditLog.h"
#include "Clock.h"
#include "Database.h"
#include "StartOptions.h"
#include "LocalLicense.h"
#include "OwnerOnly.h"
#include "DiskSpace.h"
#include "TestSupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QSqlError>
#include <QTest>
#include <QThread>

using namespace hotelhub;
using hotelhub::test::ReadOnlyFolder;

namespace {
QByteArray fileHash(const QString &path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(data);
}
} // namespace

namespace {
int progressRows(const Database &db);
bool insertProgress(const Database &db, const QString &page);
} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createsSchemaWithWal();
    void sideFilesOfAnOlderInstallBecomeOwnerOnly();
    void reopenKeepsData();
    void checkRowSeesEveryCommit();
    void notSqliteIsRefusedAndUntouched();
    void damagedSqliteIsRefusedAndUntouched();
    void emptyOrTruncatedFileIsRefusedAndUntouched_data();
    void emptyOrTruncatedFileIsRefusedAndUntouched();
    void fullDatabaseIsDiskFullNotDamage();
    void readOnlyFolderIsOpenedReadOnly();
    void foreignSqliteIsRefusedAndUntouched();
    void newerSchemaIsRefused();
    void unwritableFolderGivesMessage();
    void oneConnectionPerThread();
    void writeTransactionCommitsOrRollsBack();
    void busyDatabaseNeverFallsBackToAutocommit();
};

void TestDatabase::createsSchemaWithWal()
{
    QTemporaryDir dir;
    Database db(dir.filePath(QStringLiteral("hotelhub.sqlite")));
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    for (const char *table : {"local_licenses", "audit_logs", "properties", "tenant_profiles", "users", "wizard_progress"}) {
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table))));
    }
    QVERIFY(q.exec(QStringLiteral("PRAGMA application_id")) && q.next());
    QCOMPARE(q.value(0).toInt(), Database::kApplicationId);
    QVERIFY(!OwnerOnly::readableByOthers(db.path())); // mode bits on Linux, the ACL on Windows
    // While open (the tray holds it all day), the WAL and its index carry the same secrets:
    // owner-only too, for a new file and for one an older version left group-readable.
    QVERIFY(q.exec(QStringLiteral("INSERT INTO audit_logs(action, created_at, previous_hash, entry_hash) VALUES('t', 'now', '', '')")));
    for (const char *suffix : {"-wal", "-shm"}) {
        const QString side = db.path() + QLatin1String(suffix);
        QVERIFY2(QFileInfo::exists(side), suffix);
        QVERIFY2(!OwnerOnly::readableByOthers(side), suffix);
    }
}

void TestDatabase::sideFilesOfAnOlderInstallBecomeOwnerOnly()
{
#ifdef Q_OS_UNIX
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.sqlite"));
    {
        Database db(path);
        QVERIFY(db.open());
    }
    const QFile::Permissions loose = QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther;
    QVERIFY(QFile::setPermissions(path, loose)); // as an older version, or a copy, left it
    Database db(path);
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("INSERT INTO audit_logs(action, created_at, previous_hash, entry_hash) VALUES('t', 'now', '', '')")));
    for (const char *suffix : {"", "-wal", "-shm"}) {
        const QString file = path + QLatin1String(suffix);
        QVERIFY2(QFileInfo::exists(file), suffix);
        QCOMPARE(QFile::permissions(file) & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());
    }
#else
    QSKIP("POSIX permission bits; Windows keeps the data folder in the user's profile");
#endif
}

void TestDatabase::reopenKeepsData()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.sqlite"));
    {
        Database db(path);
        QVERIFY(db.open());
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO wizard_progress (page, data, updated_at) VALUES ('owner', '{}', 'now')")));
    }
    Database again(path);
    QVERIFY2(again.open(), qPrintable(again.errorString()));
    QSqlQuery q(again.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT page FROM wizard_progress")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("owner"));
}

void TestDatabase::checkRowSeesEveryCommit()
{
    // loadForCheck() keeps the row it read while nothing was committed (issue 14); whoever
    // commits, it must read the new row.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.sqlite"));
    Database db(path);
    QVERIFY(db.open());
    LocalLicenseStore store(db);
    QSqlQuery q(db.connection());
    QVERIFY2(q.exec(QStringLiteral("INSERT INTO local_licenses (id, install_id, fingerprint, state, created_at, updated_at) "
                                   "VALUES (1, 'install-1', 'sha256:a', 'active', 't', 't')")),
             qPrintable(q.lastError().text()));
    QCOMPARE(store.loadForCheck()->state, QStringLiteral("active"));
    QCOMPARE(store.loadForCheck()->state, QStringLiteral("active"));
    // This connection's own write, outside the store.
    QVERIFY(q.exec(QStringLiteral("UPDATE local_licenses SET state = 'degraded' WHERE id = 1")));
    QCOMPARE(store.loadForCheck()->state, QStringLiteral("degraded"));
    // Through the store.
    QVERIFY(store.recordEvaluation(QStringLiteral("locked"), QStringLiteral("locked"), {}, QDateTime::currentDateTimeUtc(), QDateTime::currentDateTimeUtc()));
    QCOMPARE(store.loadForCheck()->state, QStringLiteral("locked"));
    // Another process (here: another connection to the same file), as the tray and the CLI are.
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other-process"));
        other.setDatabaseName(path);
        QVERIFY(other.open());
        QSqlQuery w(other);
        QVERIFY(w.exec(QStringLiteral("UPDATE local_licenses SET state = 'active', fingerprint = 'sha256:b' WHERE id = 1")));
        other.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("other-process"));
    const auto row = store.loadForCheck();
    QCOMPARE(row->state, QStringLiteral("active"));
    QCOMPARE(row->fingerprint, QStringLiteral("sha256:b"));
    // Another thread of this process has a connection of its own.
    QThread *thread = QThread::create([&db] {
        QSqlQuery w(db.connection());
        w.exec(QStringLiteral("UPDATE local_licenses SET state = 'suspended' WHERE id = 1"));
        db.closeThreadConnection();
    });
    thread->start();
    QVERIFY(thread->wait(10000));
    delete thread;
    QCOMPARE(store.loadForCheck()->state, QStringLiteral("suspended"));
    // A write that was rolled back changes nothing that matters; the row read is still right.
    {
        Database::WriteTransaction tx(db);
        QVERIFY(tx.isActive());
        QVERIFY(QSqlQuery(db.connection()).exec(QStringLiteral("UPDATE local_licenses SET state = 'revoked' WHERE id = 1")));
    }
    QCOMPARE(store.loadForCheck()->state, QStringLiteral("suspended"));
}

void TestDatabase::notSqliteIsRefusedAndUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.sqlite"));
    writeFile(path, QByteArray(4096, '\x5a') + "an unrelated file");
    const QByteArray before = fileHash(path);
    Database db(path);
    QVERIFY(!db.open());
    QCOMPARE(db.error(), DatabaseError::NotSqlite);
    QVERIFY2(db.errorString().contains(QDir::toNativeSeparators(path)), qPrintable(db.errorString()));
    QVERIFY(db.errorString().contains(QLatin1String("untouched")));
    QCOMPARE(fileHash(path), before);
}

void TestDatabase::damagedSqliteIsRefusedAndUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.sqlite"));
    {
        Database db(path);
        QVERIFY(db.open());
        QSqlQuery q(db.connection());
        for (int i = 0; i < 200; ++i)
            q.exec(QStringLiteral("INSERT INTO audit_logs (action, metadata, created_at, previous_hash, entry_hash) VALUES ('x', '%1', 'now', 'p', 'e')")
                       .arg(QString(200, u'a')));
        q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    // Keep the header, scramble the pages behind it.
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QByteArray data = f.readAll();
    for (qsizetype i = 4096; i < data.size(); i += 7)
        data[i] = char(data[i] ^ 0x5a);
    f.seek(0);
    f.write(data);
    f.close();
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
    const QByteArray before = fileHash(path);
    Database db(path);
    QVERIFY(!db.open());
    QCOMPARE(db.error(), DatabaseError::Corrupt);
    QVERIFY2(db.errorString().contains(QDir::toNativeSeparators(path)), qPrintable(db.errorString()));
    // One line: SQLite's report of several pages came with its line breaks (outside check).
    QVERIFY2(StartOptions::isOneLine(db.errorString()), qPrintable(db.errorString()));
    QCOMPARE(fileHash(path), before);
}

void TestDatabase::emptyOrTruncatedFileIsRefusedAndUntouched_data()
{
    QTest::addColumn<int>("keep"); // bytes of a real database left after the power cut
    QTest::newRow("zero bytes") << 0;
    QTest::newRow("cut inside the header") << 50;
    QTest::newRow("first 1000 bytes") << 1000;
    QTest::newRow("cut at a page boundary") << 8192;
}

void TestDatabase::emptyOrTruncatedFileIsRefusedAndUntouched()
{
    QFETCH(int, keep);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.sqlite"));
    {
        Database db(path);
        QVERIFY(db.open());
        SystemClock clock;
        AuditLog audit(db, clock);
        for (int i = 0; i < 100; ++i)
            QVERIFY(audit.append(QStringLiteral("license.test"), {{QStringLiteral("pad"), QString(200, u'a')}}));
        QVERIFY(QSqlQuery(db.connection()).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
    }
    QFile whole(path);
    QVERIFY(whole.open(QIODevice::ReadOnly));
    const QByteArray start = whole.read(keep);
    QVERIFY(whole.size() > 8192);
    whole.close();
    QVERIFY(QFile::remove(path));
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
    writeFile(path, start);

    Database db(path);
    QVERIFY(!db.open());
    QCOMPARE(db.error(), DatabaseError::Truncated);
    QCOMPARE(db.errorCode(), QStringLiteral("database_truncated"));
    QVERIFY2(db.errorString().contains(QDir::toNativeSeparators(path)), qPrintable(db.errorString()));
    QVERIFY2(db.errorString().contains(QLatin1String("hotelhub-license bootstrap --force")), qPrintable(db.errorString()));
    QVERIFY(db.errorString().contains(QLatin1String("backup")));
    QCOMPARE(QFileInfo(path).size(), qint64(keep));
    QCOMPARE(fileHash(path), QCryptographicHash::hash(start, QCryptographicHash::Sha256));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("hotelhub.sqlite")}); // no WAL, no new file
}

void TestDatabase::fullDatabaseIsDiskFullNotDamage()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.sqlite"));
    SystemClock clock;
    {
        Database db(path);
        QVERIFY(db.open());
        AuditLog audit(db, clock);
        QVERIFY(audit.append(QStringLiteral("license.bootstrap"), {}));
        // The file may not grow by another page, as on a disk with no room left: SQLITE_FULL.
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("PRAGMA page_count")) && q.next());
        const int pages = q.value(0).toInt();
        QVERIFY(q.exec(QStringLiteral("PRAGMA max_page_count=%1").arg(pages)));
        q.finish();
        bool refused = false;
        for (int i = 0; i < 200 && !refused; ++i)
            refused = !audit.append(QStringLiteral("license.test"), {{QStringLiteral("pad"), QString(500, u'a')}});
        QVERIFY(refused);
        QVERIFY(audit.isDiskFull());
        const QString message = audit.errorString();
        QVERIFY2(message.startsWith(QLatin1String("Disk full")), qPrintable(message));
        QVERIFY2(message.contains(QDir::toNativeSeparators(path)), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String(" free")), qPrintable(message));
        for (const char *never : {"damaged", "delete", "remove", "bootstrap", "move it aside", "backup"})
            QVERIFY2(!message.contains(QLatin1String(never), Qt::CaseInsensitive), never);
        // The same through one write transaction of several statements: refused whole.
        {
            Database::WriteTransaction tx(db);
            QVERIFY(tx.isActive());
            QSqlQuery insert(db.connection());
            bool ok = true;
            for (int i = 0; i < 50 && ok; ++i)
                ok = insert.exec(QStringLiteral("INSERT INTO wizard_progress (page, data, updated_at) VALUES ('p%1', '%2', 'now')")
                                     .arg(i).arg(QString(500, u'b')));
            QVERIFY(!ok);
            QVERIFY(DiskSpace::isFull(insert.lastError(), path));
        }
        QCOMPARE(progressRows(db), 0);
        // A refused COMMIT, as Qt's driver words it (no SQLite code, SQLite's text beside):
        // full; another refusal of the commit on a disk with room is not.
        QVERIFY(DiskSpace::isFull(QSqlError(QStringLiteral("Unable to commit transaction"), QStringLiteral("database or disk is full"),
                                            QSqlError::TransactionError),
                                  path));
        QVERIFY(!DiskSpace::isFull(QSqlError(QStringLiteral("Unable to commit transaction"), QStringLiteral("database is locked"),
                                             QSqlError::TransactionError),
                                   path));
    }
    // Nothing was damaged: the file opens again and every entry written before is intact.
    Database again(path);
    QVERIFY2(again.open(), qPrintable(again.errorString()));
    AuditLog audit(again, clock);
    QVERIFY(audit.verify().ok);
    QVERIFY(audit.append(QStringLiteral("license.after"), {})); // the limit was this connection's only
}

void TestDatabase::readOnlyFolderIsOpenedReadOnly()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("data"));
    QDir().mkpath(folder);
    const QString path = folder + QStringLiteral("/hotelhub.sqlite");
    {
        Database db(path);
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db.connection()).exec(QStringLiteral("INSERT INTO wizard_progress (page, data, updated_at) VALUES ('owner', '{}', 'now')")));
    }
    const QByteArray before = fileHash(path);
    {
        ReadOnlyFolder readOnly(folder);
        if (!readOnly.ok())
            QSKIP(qPrintable(readOnly.error()));
        Database refused(path);
        QVERIFY(!refused.open()); // a program that must write is told so, by name
        QCOMPARE(refused.error(), DatabaseError::CannotOpen);
        QVERIFY2(refused.errorString().contains(QDir::toNativeSeparators(path)), qPrintable(refused.errorString()));
        QVERIFY(refused.errorString().contains(QLatin1String("read-only")));

        Database db(path);
        QVERIFY2(db.open(StoreAccess::ReadOnlyAllowed), qPrintable(db.errorString()));
        QVERIFY(db.isReadOnly());
        QCOMPARE(progressRows(db), 1);
        QVERIFY(!insertProgress(db, QStringLiteral("tax")));
    }
    QCOMPARE(fileHash(path), before);
    QCOMPARE(QDir(folder).entryList(QDir::Files), QStringList{QStringLiteral("hotelhub.sqlite")});
}

void TestDatabase::foreignSqliteIsRefusedAndUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.sqlite"));
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
        other.setDatabaseName(path);
        QVERIFY(other.open());
        QSqlQuery(other).exec(QStringLiteral("CREATE TABLE recipes (name TEXT)"));
        other.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
    const QByteArray before = fileHash(path);
    Database db(path);
    QVERIFY(!db.open());
    QCOMPARE(db.error(), DatabaseError::Foreign);
    QCOMPARE(fileHash(path), before);
}

void TestDatabase::newerSchemaIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.sqlite"));
    {
        Database db(path);
        QVERIFY(db.open());
        QSqlQuery(db.connection()).exec(QStringLiteral("PRAGMA user_version=%1").arg(Database::latestSchemaVersion() + 5));
    }
    Database db(path);
    QVERIFY(!db.open());
    QCOMPARE(db.error(), DatabaseError::TooNew);
    QVERIFY(db.errorString().contains(QLatin1String("newer")));
}

void TestDatabase::unwritableFolderGivesMessage()
{
    Database db(QStringLiteral("/proc/hotelhub-cannot-exist/hotelhub.sqlite"));
    QVERIFY(!db.open());
    QCOMPARE(db.error(), DatabaseError::CannotOpen);
    QVERIFY(db.errorString().contains(QLatin1String("hotelhub-cannot-exist")));
}

void TestDatabase::oneConnectionPerThread()
{
    QTemporaryDir dir;
    Database db(dir.filePath(QStringLiteral("hotelhub.sqlite")));
    QVERIFY(db.open());
    const QString mainName = db.connection().connectionName();
    QString workerName;
    bool workerWrote = false;
    QThread *worker = QThread::create([&] {
        QSqlDatabase c = db.connection();
        workerName = c.connectionName();
        workerWrote = QSqlQuery(c).exec(QStringLiteral("INSERT INTO wizard_progress (page, data, updated_at) VALUES ('w', '{}', 'now')"));
        db.closeThreadConnection();
    });
    worker->start();
    QVERIFY(worker->wait(10000));
    delete worker;
    QVERIFY(workerWrote);
    QVERIFY(!workerName.isEmpty() && workerName != mainName);
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM wizard_progress")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

namespace {
int progressRows(const Database &db)
{
    QSqlQuery q(db.connection());
    return q.exec(QStringLiteral("SELECT count(*) FROM wizard_progress")) && q.next() ? q.value(0).toInt() : -1;
}

bool insertProgress(const Database &db, const QString &page)
{
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("INSERT INTO wizard_progress (page, data, updated_at) VALUES (?, '{}', 'now')"));
    q.addBindValue(page);
    return q.exec();
}
} // namespace

void TestDatabase::writeTransactionCommitsOrRollsBack()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.sqlite"));
    Database db(path);
    QVERIFY(db.open());
    Database other(path); // another process's view of the same file
    QVERIFY(other.open());
    {
        Database::WriteTransaction tx(db);
        QVERIFY(tx.isActive());
        QVERIFY(insertProgress(db, QStringLiteral("owner")));
        QCOMPARE(progressRows(other), 0); // not visible before the commit
    } // out of scope uncommitted: rolled back
    QCOMPARE(progressRows(db), 0);
    {
        Database::WriteTransaction tx(db);
        QVERIFY(insertProgress(db, QStringLiteral("owner")));
        QVERIFY(tx.commit());
        QVERIFY(!tx.isActive());
        QVERIFY(!tx.commit()); // once
    }
    QCOMPARE(progressRows(other), 1);
    {
        Database::WriteTransaction tx(db);
        QVERIFY(insertProgress(db, QStringLiteral("tax")));
        tx.rollback();
        QVERIFY(!tx.isActive());
        QVERIFY(!tx.commit());
    }
    QCOMPARE(progressRows(other), 1);
}

void TestDatabase::busyDatabaseNeverFallsBackToAutocommit()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hotelhub.sqlite"));
    Database db(path);
    QVERIFY(db.open());
    QVERIFY(QSqlQuery(db.connection()).exec(QStringLiteral("PRAGMA busy_timeout=100"))); // not the usual 5 s
    Database holder(path); // another process in the middle of a long write
    QVERIFY(holder.open());
    QVERIFY(QSqlQuery(holder.connection()).exec(QStringLiteral("BEGIN IMMEDIATE")));

    {
        Database::WriteTransaction tx(db);
        QVERIFY(!tx.isActive());
        QVERIFY2(tx.errorString().contains(QDir::toNativeSeparators(path)), qPrintable(tx.errorString()));
        QVERIFY(tx.errorString().contains(QLatin1String("busy")));
        QVERIFY(!tx.commit());
    }
    // The audit log refuses the entry with that reason instead of writing it outside a transaction.
    SystemClock clock;
    AuditLog audit(db, clock);
    QVERIFY(!audit.append(QStringLiteral("license.test"), {}));
    QVERIFY2(audit.errorString().contains(QLatin1String("busy")), qPrintable(audit.errorString()));

    QVERIFY(QSqlQuery(holder.connection()).exec(QStringLiteral("ROLLBACK")));
    QCOMPARE(progressRows(db), 0);
    QVERIFY2(audit.append(QStringLiteral("license.test"), {}), qPrintable(audit.errorString()));
    QSqlQuery q(holder.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM audit_logs WHERE action = 'license.test'")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QVERIFY(audit.verify().ok);
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
