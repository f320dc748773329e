// bcrypt (Provos & Mazières, 1999) in the "$2y$" form PHP's password_hash and Laravel's
// Hash::check use, written out here so that it runs the same on Windows, macOS and Linux
// (libxcrypt, which the first version called, exists only on Linux). Passwords in
// SetupRules.h is the interface the wizard uses; this is the algorithm underneath.
#pragma once

#include <QByteArray>

namespace hotelhub::bcrypt {

inline constexpr int kMinCost = 4;
inline constexpr int kMaxCost = 31;
inline constexpr int kSaltBytes = 16;
inline constexpr int kMaxPasswordBytes = 72; // bcrypt reads no further

// "$2y$<cost>$<22 characters of salt>": the setting a hash is computed from. Empty when the cost
// is out of range or the salt is not 16 bytes.
QByteArray makeSetting(int cost, const QByteArray &salt);

// The 60-character hash of password under setting, which may also be a whole earlier hash
// ($2a$, $2b$ and $2y$ are accepted; the result carries the setting's prefix). Empty when the
// setting is malformed. All three are computed as $2b$/$2y$ (OpenBSD's and PHP's current
// algorithm); a $2a$ hash of a password with bytes above 0x7f made by an old crypt_blowfish, with
// its sign-extension bug or countermeasure, does not verify — the wizard only writes $2y$.
QByteArray compute(const QByteArray &password, const QByteArray &setting);

} // namespace hotelhub::bcrypt
