#include "DiskSpace.h"

#include <QDir>
#include <QFileDevice>
#include <QFileInfo>
#include <QLocale>
#include <QSqlError>
#include <QStorageInfo>

#include <cerrno>

namespace hotelhub {

namespace {
constexpr qint64 kNearlyFullBytes = 1024 * 1024;
constexpr int kSqliteIoErr = 10; // SQLITE_IOERR: its extended codes keep it in the low byte
constexpr int kSqliteFull = 13;  // SQLITE_FULL

QString folderOf(const QString &path)
{
    const QFileInfo info(path);
    return info.isDir() ? info.absoluteFilePath() : info.absolutePath();
}
} // namespace

qint64 DiskSpace::available(const QString &path)
{
    const QStorageInfo storage(folderOf(path));
    return storage.isValid() ? storage.bytesAvailable() : -1;
}

bool DiskSpace::nearlyFull(const QString &path)
{
    return nearlyFull(available(path));
}

bool DiskSpace::nearlyFull(qint64 freeBytes)
{
    return freeBytes >= 0 && freeBytes < kNearlyFullBytes;
}

bool DiskSpace::isFull(const QSqlError &error, const QString &path)
{
    if (!error.isValid())
        return false;
    bool numeric = false;
    const int primary = error.nativeErrorCode().toInt(&numeric) & 0xff;
    if (!numeric) {
        // Qt's SQLite driver words a refused COMMIT without SQLite's code: "Unable to commit
        // transaction", SQLite's own text beside it (the outside check: a new licence database on
        // a nearly full disk read as a database problem, exit 3, instead of a full disk).
        return error.databaseText().contains(QLatin1String("database or disk is full"))
            || (error.type() == QSqlError::TransactionError && nearlyFull(path));
    }
    return primary == kSqliteFull || (primary == kSqliteIoErr && nearlyFull(path));
}

bool DiskSpace::isFull(const QFileDevice &file, const QString &path)
{
    if (file.error() == QFileDevice::NoError)
        return false;
    // Qt words the errno with qt_error_string(); the same call here gives the same words.
    if (file.errorString() == qt_error_string(ENOSPC))
        return true;
    return (file.error() == QFileDevice::WriteError || file.error() == QFileDevice::ResizeError) && nearlyFull(path);
}

bool DiskSpace::canWriteAgain(const QString &file)
{
    const QFileInfo info(file);
    return QFileInfo(info.absolutePath()).isWritable() && (!info.exists() || info.isWritable()) && !nearlyFull(file);
}

QString DiskSpace::fullMessage(const QString &path)
{
    const qint64 free = available(path);
    const QString freeText = free >= 0 ? QLocale().formattedDataSize(free) : tr("unknown");
    //: %1 is a file, %2 the free space on its disk ("0 bytes", "512 KB").
    return tr("Disk full: the disk holding %1 has only %2 free, too little to open or save it. Nothing was changed and "
              "nothing was lost. Free up space on that disk, then try again.")
        .arg(QDir::toNativeSeparators(path), freeText);
}

} // namespace hotelhub
