// Reading a small file named by a setting (a key, a certificate, a secret) without trusting what
// the path points at: only a regular file of at most `maxBytes` is read. /dev/zero would otherwise
// fill the memory, and a FIFO would block the program forever.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <optional>

namespace hotelhub {

class SmallFile
{
    Q_DECLARE_TR_FUNCTIONS(SmallFile)
public:
    static constexpr qint64 kDefaultMax = 64 * 1024;
    // The file's bytes; nullopt with `why` (naming the path) when it is missing, not a regular
    // file, larger than `maxBytes`, or unreadable.
    static std::optional<QByteArray> read(const QString &path, QString *why, qint64 maxBytes = kDefaultMax);
};

} // namespace hotelhub
