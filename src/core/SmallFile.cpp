#include "SmallFile.h"
#include "DiskSpace.h"
#include "OwnerOnly.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QSaveFile>
#include <QStorageInfo>
#include <QTemporaryFile>
#include <QThread>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#include <cerrno>
#include <unistd.h>
#endif

namespace hotelhub {

FileStamp FileStamp::of(const QString &path)
{
    if (path.isEmpty() || path.startsWith(u':'))
        return {}; // none, or a compiled-in file
#ifdef Q_OS_UNIX
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    return {qint64(st.st_size), qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec, quint64(st.st_ino)};
#else
    const QFileInfo info(path);
    return info.exists() ? FileStamp{info.size(), info.lastModified().toMSecsSinceEpoch(), 0} : FileStamp{};
#endif
}

std::optional<QByteArray> SmallFile::read(const QString &path, QString *why, qint64 maxBytes, bool *heldOpen)
{
    const QString shown = QDir::toNativeSeparators(path);
    const QFileInfo info(path); // follows a symbolic link to what it names
    if (!info.exists()) {
#ifdef Q_OS_UNIX
        // A folder on its path closed to this user reads as "no such file" to Qt.
        struct stat st = {};
        if (::stat(QFile::encodeName(path).constData(), &st) != 0 && errno == EACCES) {
            *why = tr("this user may not reach %1 (a folder on its path is closed to it)").arg(shown);
            return std::nullopt;
        }
#endif
        *why = tr("%1 does not exist").arg(shown);
        return std::nullopt;
    }
    if (!info.isFile()) {
        *why = tr("%1 is not a regular file (a device, a pipe or a folder)").arg(shown);
        return std::nullopt;
    }
    if (info.size() > maxBytes) {
        *why = tr("%1 is larger than %2 KiB").arg(shown).arg(maxBytes / 1024);
        return std::nullopt;
    }
    QFile file(path);
    if (!info.isReadable()) {
        // Its permissions, not another program: waiting would not help.
        *why = tr("this user may not read %1 (its permissions)").arg(shown);
        return std::nullopt;
    }
    if (!retryWhileBusy([&file] { return file.open(QIODevice::ReadOnly); })) {
        *why = tr("%1 cannot be opened (another program may hold it): %2").arg(shown, file.errorString());
        if (heldOpen)
            *heldOpen = true;
        return std::nullopt;
    }
    QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes) { // grew since it was looked at
        *why = tr("%1 is larger than %2 KiB").arg(shown).arg(maxBytes / 1024);
        return std::nullopt;
    }
    return bytes;
}

std::function<void(int)> &SmallFile::beforeRetryForTests()
{
    static std::function<void(int)> hook;
    return hook;
}

bool SmallFile::retryWhileBusy(const std::function<bool()> &attempt, int tries)
{
    int waitMs = 50;
    for (int i = 0; i < tries; ++i) {
        if (i > 0) {
            QThread::msleep(waitMs);
            waitMs *= 2;
            if (beforeRetryForTests())
                beforeRetryForTests()(i + 1);
        }
        if (attempt())
            return true;
    }
    return false;
}

bool SmallFile::writeAtomically(const QString &path, const QByteArray &bytes, QString *why, bool ownerOnly, bool *diskFull,
                                bool *permissionDenied)
{
    if (permissionDenied)
        *permissionDenied = false;
    // The new file is renamed over the old one: over a device, a pipe or a socket (`--out
    // /dev/null`, run as root), that would replace it with a plain file. (Over a folder the
    // rename fails by itself, and is retried: a folder is how the tests stand in for a file
    // Windows holds busy.)
    if (const QFileInfo target(path); target.exists() && !target.isFile() && !target.isDir()) {
        if (diskFull)
            *diskFull = false;
        *why = tr("%1 is not a regular file (a device, a pipe or a folder)").arg(QDir::toNativeSeparators(path));
        return false;
    }
    bool full = false;
    bool denied = false, deniedFolder = false; // (POSIX only)
    QString error;
#ifdef Q_OS_UNIX
    // A file someone else's program reads (the HMS's .env, deploy-user:www-data 0640) keeps its
    // owner and group: the new file would otherwise be this user's, and the web server could no
    // longer read its own settings. Where they cannot be given to the new file (this user may not),
    // the file is written in place instead, which keeps them.
    struct stat before = {};
    const bool hadFile = ::stat(QFile::encodeName(path).constData(), &before) == 0 && S_ISREG(before.st_mode);
    const bool keepOwner = !ownerOnly && hadFile && (before.st_uid != ::geteuid() || before.st_gid != ::getegid());
    bool inPlace = false;
#endif
    const bool written = retryWhileBusy([&] {
        if (full || denied)
            return true; // stop retrying; reported below
        QSaveFile file(path);
        bool ok = file.open(QIODevice::WriteOnly);
        if (ok && ownerOnly)
            file.setPermissions(QFile::ReadOwner | QFile::WriteOwner); // POSIX; on Windows the folder's ACL is inherited
#ifdef Q_OS_UNIX
        inPlace = false;
        if (!ok && hadFile && !ownerOnly && ::access(QFile::encodeName(path).constData(), W_OK) == 0) {
            // No new file can be made beside it (a folder this user may not write: the HMS's,
            // where the web group may write .env itself): written in place, if the disk has room.
            const qint64 growth = qint64(bytes.size()) - qint64(before.st_size);
            if (QStorageInfo(QFileInfo(path).absolutePath()).bytesAvailable() < growth + 64 * 1024) {
                full = true;
                return true;
            }
            inPlace = true;
            return true;
        }
        // Its permissions, not another program (Qt says "Existing file … is not writable" or the
        // system's "Permission denied", in English): no retry, and our own words below.
        const auto refused = [](const QString &p, int mode) {
            return ::access(QFile::encodeName(p).constData(), mode) != 0 && (errno == EACCES || errno == EPERM || errno == EROFS);
        };
        if (!ok && hadFile && refused(path, W_OK))
            denied = true;
        else if (!ok && !QFileInfo(path).isDir() && QFileInfo(QFileInfo(path).absolutePath()).isDir()
                 && refused(QFileInfo(path).absolutePath(), W_OK | X_OK)) // (a folder at the path, or a file as its folder: their own trouble)
            denied = deniedFolder = true;
        if (denied)
            return true;
        if (ok && hadFile && !ownerOnly)
            ::fchmod(file.handle(), before.st_mode & 07777); // Qt's copy adds owner-write to a read-only file
        inPlace = ok && keepOwner && ::fchown(file.handle(), before.st_uid, before.st_gid) != 0;
#endif
        // Flushed and checked before commit(): Qt 6.4's commit() misses a buffered write that fails
        // while closing (ENOSPC) and would replace the file with an empty one. (Written in full
        // even when the file is then written in place: the disk has room for it.)
        ok = ok && file.write(bytes) == bytes.size() && file.flush();
#ifdef Q_OS_UNIX
        if (ok && inPlace) {
            file.cancelWriting();
            return true;
        }
#endif
        ok = ok && file.commit();
        if (!ok) {
            full = DiskSpace::isFull(file, path);
            error = file.errorString();
            file.cancelWriting();
        }
        return ok;
    });
#ifdef Q_OS_UNIX
    if (written && inPlace && !full) { // (the copy that proves the room failed: nothing is touched)
        // Written over the old bytes, then cut to length: never an empty file in between, and
        // synced before the answer. (Not atomic: a power cut in these microseconds can leave
        // a mix; the owner's keeping access to the file weighs more.)
        QFile file(path);
        bool ok = file.open(QIODevice::ReadWrite);
        ok = ok && file.write(bytes) == bytes.size() && file.flush() && file.resize(bytes.size()) && ::fsync(file.handle()) == 0;
        if (!ok) {
            full = DiskSpace::isFull(file, path);
            if (diskFull)
                *diskFull = full;
            *why = full ? DiskSpace::fullMessage(path) : file.errorString();
            return false;
        }
        return true;
    }
#endif
    if (diskFull)
        *diskFull = full;
    if (full) {
        *why = DiskSpace::fullMessage(path);
        return false;
    }
    if (denied) {
        if (permissionDenied)
            *permissionDenied = true;
        *why = deniedFolder ? tr("this user may not create files in the folder %1 (its permissions)")
                                  .arg(QDir::toNativeSeparators(QFileInfo(path).absolutePath()))
                            : tr("this user may not write %1 (its permissions)").arg(QDir::toNativeSeparators(path));
        return false;
    }
    if (!written) {
        // "No such file or directory", in English, said of the file: it is the folder that is missing.
        const QFileInfo folder(QFileInfo(path).absolutePath());
        *why = !folder.exists() ? tr("the folder %1 does not exist").arg(QDir::toNativeSeparators(folder.filePath()))
            : !folder.isDir()        ? tr("%1 is a file, not a folder").arg(QDir::toNativeSeparators(folder.filePath()))
            : QFileInfo(path).isDir() ? tr("%1 is a folder, not a file").arg(QDir::toNativeSeparators(path))
                                      : error;
        return false;
    }
    if (ownerOnly)
        OwnerOnly::restrict(path);
    return true;
}

QString SmallFile::whyCannotWrite(const QString &path)
{
    const QFileInfo target(path);
    const QFileInfo folder(target.absolutePath());
    if (!folder.exists())
        return tr("the folder %1 does not exist").arg(QDir::toNativeSeparators(folder.filePath()));
    if (!folder.isDir())
        return tr("%1 is a file, not a folder").arg(QDir::toNativeSeparators(folder.filePath()));
    if (target.isDir())
        return tr("%1 is a folder, not a file").arg(QDir::toNativeSeparators(path));
    if (target.exists() && !target.isFile())
        return tr("%1 is not a regular file (a device, a pipe or a folder)").arg(QDir::toNativeSeparators(path));
    if (target.exists() && !target.isWritable())
        return tr("this user may not write %1 (its permissions)").arg(QDir::toNativeSeparators(path));
    // A disk already full: a small file fits nowhere (an empty probe still would).
    if (const qint64 free = DiskSpace::available(folder.absoluteFilePath()); free >= 0 && free < 64 * 1024)
        return tr("the disk that holds %1 is full (%2 free)")
            .arg(QDir::toNativeSeparators(folder.absoluteFilePath()), QLocale().formattedDataSize(free));
    QTemporaryFile probe(folder.absoluteFilePath() + QStringLiteral("/.hotelhub-probe-XXXXXX"));
    if (!probe.open())
        return tr("no file can be made in the folder %1 (this user's permissions, or a disk that is read-only or full)")
            .arg(QDir::toNativeSeparators(folder.absoluteFilePath()));
    return {};
}

} // namespace hotelhub
