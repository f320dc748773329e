// Every outcome of a call to the vendor licence server, as one machine code plus what a person
// reads: a message, a next step and a help link (issue 4, PRODUCT.md wizard page d).
#pragma once

#include <QCoreApplication>
#include <QString>

namespace hotelhub {

enum class VendorError {
    None,
    // The server answered and refused.
    LicenseNotFound,
    AlreadyPaired,
    Expired,
    Revoked,
    Suspended,
    FingerprintMismatch,
    MigrationLimit,
    RateLimited,
    Unauthorized,   // the token was replaced (rotated, migrated) or the install was unpaired
    TokenSuperseded, // (ext) the token was already replaced by its successor: a copy, or a leak
    InvalidRequest,
    // The reply could not be trusted.
    TokenRejected,  // the token in the reply is not signed by the pinned key (or is not a token)
    TokenClaims,    // signed by the pinned key, but not for this installation or not valid now
    ClockSkew,      // this computer's clock is too far from the server's
    GarbageReply,
    OversizedReply,
    CaptivePortal,  // an HTML page or a redirect instead of the API: hotel Wi-Fi login, filter
    IntermediaryRefusal, // a 401/403/410 not in the protocol's shape (a gateway, proxy or firewall), or
                         // a lock verdict without the vendor's signature where one is required
    ServerError,    // HTTP 5xx
    HttpError,      // another unexpected HTTP status
    // No usable answer.
    InsecureUrl,    // plain http:// to a host that is not loopback
    InvalidUrl,
    DnsFailure,
    ConnectionRefused,
    Timeout,
    TlsSelfSigned,
    TlsExpired,
    TlsNotYetValid,
    TlsWrongHost,
    TlsUntrusted,
    ProxyAuth,
    ProxyFailure,
    NetworkError,
    Cancelled,
    // Local preconditions.
    KeyRequired,    // no key was given at all (never sent; the offline request's word too)
    InvalidKey,     // the key typed is not HMS-XXXXX-XXXXX-XXXXX-XXXXX (never sent)
    NotPaired,
    LocalError,     // the data folder, database or key store failed (detail says which)
    ExchangeBusy,   // another program on this computer held the data folder's exchange lock too long
    VendorKeyUnusable, // the pinned vendor key is missing, changed or of the wrong kind: nothing was sent
    KeystoreUnavailable, // the OS password store holding this install's key is locked or not ready
};

struct VendorErrorText
{
    QString code;    // machine word: license_not_found, tls_self_signed, …
    QString message; // what happened, for a person
    QString action;  // the next step
    QString helpUrl; // where to read more
};

class VendorErrors
{
    Q_DECLARE_TR_FUNCTIONS(VendorErrors)
public:
    static QString code(VendorError error);
    static VendorError fromCode(const QString &code); // the server's machine codes; None when unknown
    // In the application's current language (see installTranslator). `supportPhone`/`Email` are
    // the vendor's contact (from the reply or the .env) used in the next step where it helps.
    static VendorErrorText describe(VendorError error, const QString &supportPhone = {}, const QString &supportEmail = {},
                                    const QString &helpBase = {});
    // True for outcomes where the server was never reached (a later retry may help).
    static bool isTransport(VendorError error);
    // Refused on this computer before anything went out (a bad setting, an unusable vendor key,
    // a local fault, not paired): no request reached the network.
    static bool neverSent(VendorError error);
    // The default help page; `LICENSE_HELP_URL` in the .env overrides it.
    static QString defaultHelpBase();
    // The help page for `code`: `helpBase` (LICENSE_HELP_URL, its password shown as •••) or the
    // default, with `#code`.
    static QString helpUrl(const QString &helpBase, const QString &code);
    // "Call or WhatsApp …, or e-mail …." (either alone: "Contact the vendor: …."); empty without either.
    static QString contactLine(const QString &supportPhone, const QString &supportEmail);
    // "Difference: 5 min 59 s (this computer is behind); at most 5 min is allowed." — exact, so a
    // skew just past the limit never reads as the limit itself. `skewSecs` is server − local.
    static QString skewText(qint64 skewSecs, qint64 allowedSecs);
    // The address answers without a licence service (VendorClient::isNoServiceStatus): what a
    // command and the diagnostic say, naming the address (as shown) and the HTTP status.
    static void sayNoService(VendorErrorText *text, const QString &shownAddress, int httpStatus);
    // Done with the vendor and stored, but the .env copy for the HMS was refused (`why`).
    static VendorErrorText envCopyWarning(const QString &why);
    // Unpaired, but the .env could not drop the old pairing's lines (`why`).
    static VendorErrorText envClearWarning(const QString &why);
};

} // namespace hotelhub
