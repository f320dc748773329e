// Reading a small file named by a setting (a key, a certificate, a secret) without trusting what
// the path points at: only a regular file of at most `maxBytes` is read. /dev/zero would otherwise
// fill the memory, and a FIFO would block the program forever.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <functional>
#include <optional>

namespace hotelhub {

// A file as it is on disk now, to tell whether it changed since it was read (a settings file the
// owner edits while a program runs, a key file replaced): size, time of change and, on POSIX, the
// file's node (a file renamed over it). All zero when it does not exist.
struct FileStamp
{
    qint64 size = -1;
    qint64 modified = 0; // nanoseconds (POSIX) or milliseconds (Windows)
    quint64 node = 0;
    bool operator==(const FileStamp &) const = default;
    // Of `path`; none for an empty path or a resource (":/…").
    static FileStamp of(const QString &path);
};

class SmallFile
{
    Q_DECLARE_TR_FUNCTIONS(SmallFile)
public:
    static constexpr qint64 kDefaultMax = 64 * 1024;
    // The file's bytes; nullopt with `why` (naming the path) when it is missing, not a regular
    // file, larger than `maxBytes`, or unreadable.
    // A regular file that exists but cannot be opened (an antivirus scan or another program holds
    // it, most often on Windows) is retried as retryWhileBusy() does, then sets `*heldOpen`: that is
    // never damage or tampering.
    static std::optional<QByteArray> read(const QString &path, QString *why, qint64 maxBytes = kDefaultMax,
                                          bool *heldOpen = nullptr);

    // Replaces `path` with `bytes` atomically (QSaveFile: written beside it, flushed, checked, then
    // renamed into place), retried as retryWhileBusy() does: on Windows the rename fails while an
    // antivirus scanner or the HMS has the file open. A full disk is not retried. With `ownerOnly`,
    // the new file is owner-only (OwnerOnly.h) from its first byte. False with `why`, the old file
    // unchanged: for a full disk, DiskSpace's whole message (and `*diskFull`); on POSIX, for a
    // file or folder this user may not write, that in our words (and `*permissionDenied`; not
    // retried: waiting would not help); otherwise the system's reason, for the caller's sentence.
    static bool writeAtomically(const QString &path, const QByteArray &bytes, QString *why, bool ownerOnly = false,
                                bool *diskFull = nullptr, bool *permissionDenied = nullptr);

    // Before work whose result goes to `path` and cannot simply be done again (a signed answer
    // recorded in a database): why no file could be written there now, in the words
    // writeAtomically uses (a missing folder, a folder at the path, a file as the folder, a device,
    // this user's permissions: a file is made in the folder and removed to see; a disk with less
    // than 64 KiB free), else empty. A disk that fills after the look can still refuse the write.
    static QString whyCannotWrite(const QString &path);

    // Runs `attempt` until it returns true, up to `tries` times, waiting 50 ms before the second
    // try and twice as long before each next one (5 tries: 0.75 s of waiting at most). True when one succeeded.
    static bool retryWhileBusy(const std::function<bool()> &attempt, int tries = 5);
    // Tests: called with the attempt's number (2, 3, …) before each retry, after the wait, so a
    // test can make a busy file free at a known moment instead of racing a timer.
    static std::function<void(int)> &beforeRetryForTests();
};

} // namespace hotelhub
