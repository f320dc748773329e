// The vendor side of PROTOCOL.md, independent of the HTTP transport: the server maps each request
// to handle() and writes the reply back. Thread-safe: every call uses its thread's DB connection.
#pragma once

#include "ClockTrust.h"
#include "OfflineActivation.h"
#include "Crypto.h"
#include "SignatureMemo.h"
#include "RateLimiter.h"
#include "VendorDatabase.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>
#include <variant>

namespace hotelhub {
class Clock;
}

namespace hotelhub::service {

struct License;
struct Pairing;

struct ServiceRequest
{
    QByteArray method;
    QByteArray path;   // without the query
    QByteArray query;  // after '?'
    QByteArray body;
    QByteArray authorization;
    QString peer;      // source address, for rate limiting and the access log
    std::function<bool()> peerGone; // the client hung up (nothing is committed then); may be empty
};

struct ServiceReply
{
    int status = 200;
    QJsonObject body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString code;      // machine code of an error, for the access log
    QByteArray route;  // the endpoint matched (empty: none), logged instead of the request's path
    QByteArray raw;    // set instead of `body` on a hot path: the JSON bytes themselves
    QByteArray payload() const;
};

struct VendorConfig
{
    QString supportPhone;
    QString supportEmail;
    QByteArray adminSecret;          // empty: the admin status endpoint is off
    int pairAttemptsPerMinute = 10;  // per source address (pair and migrate)
    int clockToleranceDays = ClockTrust::kDefaultToleranceDays;
    QString version;
};

class VendorService
{
public:
    VendorService(VendorDatabase &db, PKeyPtr signingKey, const Clock &clock, VendorConfig config);

    ServiceReply handle(const ServiceRequest &request);

    // Seeded from the store's newest record at construction; see ClockTrust.
    ClockTrust &clockTrust() { return m_clockTrust; }
    // An admin vouches for the clock (`serve --trust-clock`): marked in the store and audited.
    bool confirmClock();
    // Answers an offline activation request (README "Offline activation") with the rules of an
    // online pair or move, each outcome audited: {token, code (Ed25519, when the client can rebuild
    // it), offline_until, days}. `days` is the validity the vendor chose (clamped to 1 … 255 and to
    // the licence's end); `channel` (cli, api) goes into the audit trail.
    ServiceReply answerOffline(const OfflineRequest &request, int days, const QString &channel);
    // Health's "time": what QDateTime::toString(Qt::ISODateWithMs) writes for this UTC instant,
    // without its formatter (issue 14).
    static QByteArray healthTime(qint64 msecsSinceEpoch);

private:
    ServiceReply route(const ServiceRequest &request);
    static QByteArray matchedRoute(const QByteArray &path);
    // 503 unavailable with Retry-After: the database failed; never a verdict about a licence.
    ServiceReply unavailable() const;
    // 503 while the clock is not trusted: nothing is written, expired or pruned on it.
    ServiceReply clockUntrusted() const;
    bool databaseReachable();
    // A 429 reply when `peer` is over its pair/migrate attempts; `message` takes the seconds as %1.
    std::optional<ServiceReply> rateLimited(const QString &peer, const QString &message);
    ServiceReply health();
    ServiceReply pair(const QJsonObject &body, const QString &peer);
    ServiceReply heartbeat(const QJsonObject &body, const QByteArray &bearer);
    ServiceReply migrate(const QJsonObject &body, const QString &peer);
    ServiceReply unpair(const QJsonObject &body, const QByteArray &bearer);
    ServiceReply rotate(const QJsonObject &body, const QByteArray &bearer);
    ServiceReply adminStatus(const QByteArray &query, const QByteArray &authorization);
    // POST /api/license/offline (ext): {request, days?}; days only with the admin secret.
    ServiceReply offline(const QJsonObject &body, const QByteArray &authorization, const QString &peer);
    bool isAdmin(const QByteArray &authorization) const;
    // Moves the licence away from `current` inside the caller's transaction: the yearly quota,
    // then the old pairing retired and the move recorded. A reply when refused or not written.
    std::optional<ServiceReply> moveAway(QSqlDatabase &db, const License &license, const Pairing &current, const QString &newFingerprint,
                                         const QString &reason);

    struct Authenticated;
    // Who a refusal verdict is about, and the request it answers (README "Signed verdicts").
    struct VerdictContext
    {
        QString installId;
        QString nonce;
    };
    // Verifies the token (body and/or bearer), finds its licence and pairing; an error reply otherwise.
    std::variant<Authenticated, ServiceReply> authenticate(const QJsonObject &body, const QByteArray &bearer, bool tokenFieldAliases);
    // 401 token_superseded for a retired token of this licence (audited) — a signed 403
    // fingerprint_mismatch when `body` names another machine than the pairing's binding — else
    // 401 unauthorized.
    ServiceReply spentOrUnknown(qint64 licenseId, const QString &jti, const QJsonObject &body);
    std::optional<ServiceReply> licenseRefusal(const License &license, bool forPairing, const VerdictContext &context) const;
    // `presented`: the token a heartbeat or rotation presented (an offline answer's time is kept).
    QByteArray issueToken(const License &license, const Pairing &pairing, const QString &jti, const TokenClaims *presented = nullptr) const;
    ServiceReply error(int status, const QString &code, const QString &message, const QJsonObject &extra = {}) const;
    // A refusal that changes the client's state (revoked, suspended, expired, fingerprint_mismatch):
    // error() plus the same verdict signed with the vendor key in `verdict`.
    ServiceReply verdict(int status, const QString &code, const QString &message, const QJsonObject &extra, const VerdictContext &context) const;
    // One step of the pairing's token chain, inside the caller's write transaction: the token to
    // answer `presentedJti` with (empty: a repeated pair or move, which answers the successor of
    // the token in use). `candidate` (signed before the transaction, with `candidateJti`) is used
    // only when a new successor is due. An error reply when the presented token is spent.
    std::variant<QByteArray, ServiceReply> advanceChain(QSqlDatabase &db, const License &license, qint64 pairingId, const QString &presentedJti,
                                                       const QString &candidateJti, const QByteArray &candidate);

    VendorDatabase &m_db;
    PKeyPtr m_key;
    // The tokens this server signed, or verified, with m_key: a hotel's next heartbeat presents
    // the one it was given, whose signature is then not checked again (issue 14).
    mutable SignatureMemo m_signatures;
    const Clock &m_clock;
    VendorConfig m_config;
    RateLimiter m_pairLimiter;
    ClockTrust m_clockTrust;
    QByteArray m_versionJson; // the version as a JSON string, for health's answer
    // Which service a thread's cached health probes belong to (several may share a thread: the
    // tests, the fuzzer); never reused within a process.
    const quint64 m_healthId;
};

} // namespace hotelhub::service
