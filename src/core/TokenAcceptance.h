// Whether a token received from the vendor may be stored for this install: the one rule for
// pair, migrate, heartbeat and rotate replies. Signed by the pinned key is not enough; the token
// must be valid now, for this machine's fingerprint, this install and this licence.
#pragma once

#include "Jws.h"

#include <QCoreApplication>
#include <optional>

namespace hotelhub {

struct TokenExpectation
{
    QDateTime now;
    QString fingerprint;      // this machine's, now
    QString installId;        // this install's; a token naming another is refused
    QString keyHash;          // the licence's (at pairing: the key typed); empty: not checked
    bool binding = false;     // pair or migrate (the key hash is the one typed)
};

struct TokenAcceptance
{
    TokenVerification verification; // claims set once the signature holds
    TokenError error = TokenError::Malformed;
    QString problem;                 // for the person and the log; never the token

    bool ok() const { return error == TokenError::None; }
};

TokenAcceptance acceptToken(const QByteArray &token, EVP_PKEY *pinnedKey, const TokenExpectation &expected);

} // namespace hotelhub
