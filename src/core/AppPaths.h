// Where the data dir and the `.env` are (PRODUCT.md "Configuration and data").
#pragma once

#include <QString>
#include <QStringList>

namespace hotelhub {

// What a program needs of the data folder and database: to change them (bootstrap, pair, the
// wizard, the tray), or only to read them, so a read-only folder still shows what it holds
// (status, diagnostic).
enum class StoreAccess { ReadWrite, ReadOnlyAllowed };

struct AppPaths
{
    QString dataDir;   // absolute, canonical when it exists
    QString envFile;   // absolute
    QString dataDirSource; // "--data-dir", "HOTELHUB_DATA_DIR" or "default"
    QString envSource;     // "--env", "HOTELHUB_ENV" or "default"

    QString databaseFile() const;
    QString logDir() const;
    QString secretKeyFile() const;
    QString localApiTokenFile() const;
    QString sheetStateFile() const;
    // The language the owner chose in the wizard ("id" or "en"), for the wizard's later runs and the tray.
    QString languageFile() const;

    // Resolution order: explicit argument, then the environment variable, then the platform
    // default (QStandardPaths::AppDataLocation for the data dir, <data dir>/hotelhub.env).
    static AppPaths resolve(const QString &dataDirArg, const QString &envArg);
    // Creates the data dir (0700 on POSIX). Returns false with a message naming the folder; an
    // existing folder this user cannot write is accepted, untouched, with ReadOnlyAllowed.
    bool ensureDataDir(QString *error, StoreAccess access = StoreAccess::ReadWrite) const;
    // The data folder holds nothing but what HotelHub keeps there (or nothing, or does not exist):
    // a folder someone named by mistake (the HMS's web root) is not, and is never made
    // owner-only or given a database by a command that only reads.
    bool holdsOnlyOurFiles() const;
    // A data folder or settings file someone named (an option or its variable) that is not there:
    // a typo, never a new installation or "no settings" (the CLI and the tray refuse both).
    bool namedDataDirMissing() const;
    bool namedEnvFileMissing() const;
};

// A folder as one install knows itself (the fingerprint's path, the key-store entry, the tray's
// single-instance name): absolute and canonical where it exists, and on Windows, whose file
// names ignore case, in lower case, so "c:\hotel" and "C:\Hotel\" are one install, not two.
#ifdef Q_OS_WIN
inline constexpr Qt::CaseSensitivity kFileNameCase = Qt::CaseInsensitive;
#else
inline constexpr Qt::CaseSensitivity kFileNameCase = Qt::CaseSensitive;
#endif
QString pathIdentity(const QString &path, Qt::CaseSensitivity fileNames = kFileNameCase);

} // namespace hotelhub
