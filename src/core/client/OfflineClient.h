// The client's half of offline activation (README "Offline activation"): makes the request this
// install shows (and remembers its nonce), and applies the vendor's answer, as a file, a token or
// a typed code, through the same storage as a pairing. No network.
#pragma once

#include "LicenseManager.h"
#include "OfflineActivation.h"

#include <QCoreApplication>

class QSqlQuery;

namespace hotelhub {

struct OfflineRequestResult
{
    bool ok = false;
    QString error;            // for a person
    QString code;             // for scripts, when not ok: key_required | invalid_key | vendor_key_unusable | local_error
    OfflineRequest request;
    bool renewal = false;     // for the licence this install already holds
    bool codePossible = false; // an Ed25519 vendor and a held licence: the answer can come as a code
};

enum class OfflineProblem {
    None,
    NotAnAnswer,     // not a file, token or code at all (or the request itself)
    CodeTypo,        // a group's check character fails (group names it)
    Tampered,        // the signature does not hold: changed, or not from this vendor
    OtherMachine,    // the answer is bound to another computer's fingerprint
    NotRequestedHere, // its nonce was never issued by this install
    AlreadyUsed,     // its nonce was used by an earlier answer
    RequestExpired,  // its request is older than kApplyWithinDays
    AnswerExpired,   // the vendor's validity has already passed (or a wrong clock)
    ShorterThanHeld, // it would end before the licence this install holds (an older answer)
    CodeNeedsFile,   // a code with no renewal request to rebuild it from
    CodeNoMatch,     // a well-typed code that answers none of this install's requests
    NoRequest,       // a code, and no open request here
    Refused,         // accepted by the signature, refused by the token rules (other licence, install)
    Local,           // the database or key store failed
};

struct OfflineApplyResult
{
    OfflineProblem problem = OfflineProblem::None;
    int group = 0;           // CodeTypo: 1-based
    QString message;         // what happened, for a person
    QString action;          // the next step
    QString detail;          // technical, for the log; never the token
    QString warning;         // applied, but the .env copy for the HMS was refused: why
    std::optional<TokenClaims> claims;
    LicenseStatus status;

    bool ok() const { return problem == OfflineProblem::None; }
    QString code() const;    // machine word: ok, not_an_answer, code_typo, tampered, …
};

class OfflineClient
{
    Q_DECLARE_TR_FUNCTIONS(OfflineClient)
public:
    OfflineClient(LicenseManager &manager, const Clock &clock);

    // A new request. `licenseKey` as typed (first activation or a move); empty to renew the
    // licence this install holds. `moveReason` asks the vendor to move the licence here.
    OfflineRequestResult createRequest(const QString &licenseKey, const QString &moveReason = {});
    // The vendor's answer as pasted or read from a file: the answer file, a bare token, or the code.
    OfflineApplyResult apply(const QString &answer);

private:
    struct Pending
    {
        QString nonce;
        QDateTime createdAt;
        QString keyHash;
        QString fingerprint;
        std::optional<LicenseBlock> held;
        QDateTime usedAt;
    };
    static Pending readPending(const QSqlQuery &q);
    std::optional<Pending> pending(const QString &nonce, QString *error);
    // Every remembered request, newest first (used ones too: a code typed twice is named as such).
    QList<Pending> requests(QString *error);
    OfflineApplyResult applyToken(const QByteArray &token);
    OfflineApplyResult applyCode(const QString &typed);
    OfflineApplyResult fail(OfflineProblem problem, const QString &message, const QString &action, const QString &detail = {});

    LicenseManager &m_manager;
    const Clock &m_clock;
};

} // namespace hotelhub
