// Files and folders that only this user may read: the data folder, secret.key, local-api.token,
// the database, the vendor's signing key (issue 18).
//
// POSIX: 0600 for a file, 0700 for a folder. Windows: mode bits only toggle the read-only flag, so
// the object gets a protected DACL instead, granting full control to this user, SYSTEM and the
// Administrators group only; a folder's entries are inherited by what is created in it (so
// QSaveFile's temporary files, renamed into place, are owner-only from their first byte).
#pragma once

#include <QString>

namespace hotelhub::OwnerOnly {

// Restricts an existing file or folder; false with a reason when the system refused.
bool restrict(const QString &path, QString *error = nullptr);
// True when someone other than this user (and, on Windows, SYSTEM or Administrators) may read it.
bool readableByOthers(const QString &path);
// True when every user of this machine may read or change it: POSIX, the read or write bit for
// others (a group's read, such as Debian's ssl-cert group for a TLS key, is the admin's choice; a
// secret every user may write can be replaced by one they know, helper-51); Windows, as
// readableByOthers (the ACL has no "others" of its own).
bool readableByEveryone(const QString &path);

} // namespace hotelhub::OwnerOnly
