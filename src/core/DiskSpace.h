// A full disk, told apart from damage: SQLITE_FULL, ENOSPC from a file write, or an I/O error
// while the disk has no room left. Its message names the file and the free space and only ever
// asks for space to be freed — a full disk damages nothing, so nothing is rebuilt or removed.
#pragma once

#include <QCoreApplication>
#include <QString>

class QFileDevice;
class QSqlError;

namespace hotelhub {

class DiskSpace
{
    Q_DECLARE_TR_FUNCTIONS(DiskSpace)
public:
    // Bytes this user may still write on the disk holding `path` (a file, or a folder); -1 when
    // the disk cannot be asked.
    static qint64 available(const QString &path);
    // Less room than one write transaction with its WAL index may need.
    static bool nearlyFull(const QString &path);
    // The same rule for free bytes already read (one QStorageInfo for several questions).
    static bool nearlyFull(qint64 freeBytes);
    // `error` from a statement on the database at `path`: SQLITE_FULL (the disk, or the
    // database's size limit), or an I/O error while the disk is nearly full.
    static bool isFull(const QSqlError &error, const QString &path);
    // A failed write of `file` (QFile, QSaveFile): ENOSPC, or a write error while the disk is nearly full.
    static bool isFull(const QFileDevice &file, const QString &path);
    // `file` (and its folder) can be written and its disk has room again: a store opened read-only
    // for a full disk or a read-only folder may be opened read-write.
    static bool canWriteAgain(const QString &file);
    // "Disk full: … %1 … %2 free …", for a person.
    static QString fullMessage(const QString &path);
};

} // namespace hotelhub
