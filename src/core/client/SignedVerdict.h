// The client's half of signed verdicts (README "Signed verdicts"): a lock verdict from a server
// whose tokens carry `signed_verdicts` counts only when its `verdict` JWS verifies against the
// pinned key, says the same thing as the reply, names this install and echoes this request's
// nonce (so an old "suspended" replayed after a resume cannot lock).
#pragma once

#include "Crypto.h"
#include "VendorError.h"

#include <QJsonObject>
#include <QString>

namespace hotelhub {

// True for the refusals that change the licence's state.
bool isLockVerdict(VendorError error);

// Whether `reply` (the server's JSON) carries a valid signed verdict for `verdict`; `why` names
// what failed.
bool signedVerdictHolds(const QJsonObject &reply, VendorError verdict, EVP_PKEY *pinnedKey, const QString &installId, const QString &nonce,
                        QString *why);

// A fresh request nonce (hex).
QString newVerdictNonce();

} // namespace hotelhub
