#include "SmallFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace hotelhub {

std::optional<QByteArray> SmallFile::read(const QString &path, QString *why, qint64 maxBytes)
{
    const QString shown = QDir::toNativeSeparators(path);
    const QFileInfo info(path); // follows a symbolic link to what it names
    if (!info.exists()) {
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
    if (!file.open(QIODevice::ReadOnly)) {
        *why = tr("%1 cannot be read: %2").arg(shown, file.errorString());
        return std::nullopt;
    }
    QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes) { // grew since it was looked at
        *why = tr("%1 is larger than %2 KiB").arg(shown).arg(maxBytes / 1024);
        return std::nullopt;
    }
    return bytes;
}

} // namespace hotelhub
