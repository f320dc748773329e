#include "AppPaths.h"
#include "OwnerOnly.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStorageInfo>

#include <algorithm>

namespace hotelhub {

QString AppPaths::databaseFile() const { return dataDir + QStringLiteral("/hotelhub.sqlite"); }
QString AppPaths::logDir() const { return dataDir + QStringLiteral("/logs"); }
QString AppPaths::secretKeyFile() const { return dataDir + QStringLiteral("/secret.key"); }
QString AppPaths::localApiTokenFile() const { return dataDir + QStringLiteral("/local-api.token"); }
QString AppPaths::languageFile() const
{
    return QDir(dataDir).filePath(QStringLiteral("language"));
}

QString AppPaths::sheetStateFile() const { return dataDir + QStringLiteral("/license.dat"); }

namespace {
QString absoluteCanonical(const QString &path)
{
    const QFileInfo info(QDir::cleanPath(QDir::current().absoluteFilePath(path)));
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? info.absoluteFilePath() : canonical;
}
} // namespace

QString pathIdentity(const QString &path, Qt::CaseSensitivity fileNames)
{
    const QFileInfo info(path);
    QString identity = info.canonicalFilePath();
    if (identity.isEmpty())
        identity = QDir::cleanPath(info.absoluteFilePath());
    return fileNames == Qt::CaseInsensitive ? identity.toLower() : identity;
}

AppPaths AppPaths::resolve(const QString &dataDirArg, const QString &envArg)
{
    AppPaths p;
    // Spaces only count as unset, as empty does (a variable set from an empty field).
    const QString envData = qEnvironmentVariable("HOTELHUB_DATA_DIR").trimmed().isEmpty() ? QString() : qEnvironmentVariable("HOTELHUB_DATA_DIR");
    if (!dataDirArg.isEmpty()) {
        p.dataDir = absoluteCanonical(dataDirArg);
        p.dataDirSource = QStringLiteral("--data-dir");
    } else if (!envData.isEmpty()) {
        p.dataDir = absoluteCanonical(envData);
        p.dataDirSource = QStringLiteral("HOTELHUB_DATA_DIR");
    } else {
        QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
        p.dataDir = absoluteCanonical(base + QStringLiteral("/HotelHub/license"));
        p.dataDirSource = QStringLiteral("default");
    }
    const QString envEnv = qEnvironmentVariable("HOTELHUB_ENV").trimmed().isEmpty() ? QString() : qEnvironmentVariable("HOTELHUB_ENV");
    if (!envArg.isEmpty()) {
        p.envFile = absoluteCanonical(envArg);
        p.envSource = QStringLiteral("--env");
    } else if (!envEnv.isEmpty()) {
        p.envFile = absoluteCanonical(envEnv);
        p.envSource = QStringLiteral("HOTELHUB_ENV");
    } else {
        p.envFile = p.dataDir + QStringLiteral("/hotelhub.env");
        p.envSource = QStringLiteral("default");
    }
    return p;
}

bool AppPaths::holdsOnlyOurFiles() const
{
    static const QStringList ours{QStringLiteral("hotelhub.sqlite"), QStringLiteral("hotelhub.sqlite-wal"), QStringLiteral("hotelhub.sqlite-shm"),
                                  QStringLiteral("hotelhub.sqlite-journal"), QStringLiteral("hotelhub.env"), QStringLiteral("logs"),
                                  QStringLiteral("secret.key"), QStringLiteral("local-api.token"), QStringLiteral("license.dat"),
                                  QStringLiteral("language")};
    const QDir dir(dataDir);
    if (!dir.exists())
        return true;
    for (const QString &name : dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)) {
        // Our own temporary files (an atomic write's, SQLite's) start with our names.
        const bool known = std::any_of(ours.begin(), ours.end(), [&name](const QString &o) { return name == o || name.startsWith(o + u'.'); });
        if (!known)
            return false;
    }
    return true;
}

bool AppPaths::ensureDataDir(QString *error, StoreAccess access) const
{
    QDir dir(dataDir);
    if (const QFileInfo info(dataDir); info.exists() && !info.isDir()) {
        *error = QCoreApplication::translate("AppPaths", "%1 is a file, not a folder, so it cannot be the data folder. Name a folder with --data-dir or HOTELHUB_DATA_DIR.")
                     .arg(QDir::toNativeSeparators(dataDir));
        return false;
    }
    if (!dir.exists() && !dir.mkpath(QStringLiteral("."))) {
        *error = QCoreApplication::translate("AppPaths", "Cannot create the data folder %1. Choose another with --data-dir or HOTELHUB_DATA_DIR, or fix its permissions.")
                     .arg(QDir::toNativeSeparators(dataDir));
        return false;
    }
    if (access == StoreAccess::ReadOnlyAllowed && !QFileInfo(dataDir).isWritable())
        return true; // not even its permissions are changed
    // Only a folder that is HotelHub's is made owner-only: one that also holds other files (the
    // HMS's web root, named by mistake) keeps its permissions, or its web server is locked out.
    if (holdsOnlyOurFiles())
        OwnerOnly::restrict(dataDir); // on Windows, an ACL that what is created inside inherits
    if (!QFileInfo(dataDir).isWritable()) {
        // No permission helps on a disk mounted read-only (the outside check: "fix its permissions").
        *error = QStorageInfo(dataDir).isReadOnly()
            ? QCoreApplication::translate("AppPaths", "The data folder %1 is on a disk mounted read-only. Mount it read-write, or choose "
                                                      "another folder with --data-dir.")
                  .arg(QDir::toNativeSeparators(dataDir))
            : QCoreApplication::translate("AppPaths", "The data folder %1 is not writable by this user. Fix its permissions or choose another with --data-dir.")
                  .arg(QDir::toNativeSeparators(dataDir));
        return false;
    }
    return true;
}

bool AppPaths::namedDataDirMissing() const
{
    return dataDirSource != QLatin1String("default") && !QFileInfo::exists(dataDir);
}

bool AppPaths::namedEnvFileMissing() const
{
    return envSource != QLatin1String("default") && !QFileInfo::exists(envFile);
}

} // namespace hotelhub
