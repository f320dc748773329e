// The setup wizard's rules (PRODUCT.md "The wizard, page by page"): contact normalisation, the
// region and tax suggestions, password hashing and strength, TOTP enrolment. Pure functions or
// small value types; the wizard's pages only call them.
#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace hotelhub::setup {

struct OwnerData
{
    QString name;
    QString email;
    QString whatsapp; // +62…
    QString position; // Owner | GM | Manager
};

struct PropertyData
{
    QString name;
    QString brand;
    QString street;
    QString city;
    QString province;
    QString postalCode;
    std::optional<double> latitude;   // NaN: typed but not a number
    std::optional<double> longitude;
    QString regionCode;
    int totalRooms = 0;
    int starRating = 0; // 0: not rated
    QString currency = QStringLiteral("IDR");
    QString timezone = QStringLiteral("Asia/Jakarta");
};

class SetupRules
{
    Q_DECLARE_TR_FUNCTIONS(SetupRules)
public:
    // "0812-3456-7890", "62 812 3456 7890", "+62 (812) 3456 7890" → "+6281234567890". Indonesian
    // mobile numbers only (WhatsApp): +62 8…, 9 to 13 digits after the country code.
    static std::optional<QString> normalizeWhatsApp(const QString &typed, QString *problem = nullptr);
    static bool isValidEmail(const QString &email, QString *problem = nullptr);
    static QString normalizeName(const QString &typed); // trims and collapses spaces

    // NPWP: 15 digits (the old 99.999.999.9-999.999 form) or 16 (NIK-based since 2024); returns
    // the digits only. NSFP series: 13 digits (3-digit code, 2-digit year, 8-digit sequence).
    static std::optional<QString> normalizeNpwp(const QString &typed, QString *problem = nullptr);
    static std::optional<QString> normalizeNsfp(const QString &typed, QString *problem = nullptr);
    static bool isValidPostalCode(const QString &code); // five digits

    // Empty when the page's answers can be kept; otherwise one sentence per problem.
    // validateOwner also normalises the WhatsApp number in `owner`.
    static QStringList validateOwner(OwnerData &owner);
    static QStringList validateProperty(const PropertyData &property, int maxRooms);
    // The first admin: a name, an e-mail, a password strong enough (Passwords::problem, which
    // refuses the person's own name, e-mail and hotel) typed the same twice. Normalises name and e-mail.
    static QStringList validateAdmin(QString &name, QString &email, const QString &password, const QString &confirmation,
                                     const QString &hotelName);
    // "−8.65" → −8.65; empty → nullopt; anything else → NaN (reported by validateProperty).
    static std::optional<double> parseCoordinate(const QString &typed);
    // One decimal rule in both languages: ',' and '.' are both the decimal mark, so "7,5" and
    // "7.5" are 7.5 and "-8,65" is -8.65. A number with both marks or with one mark twice
    // ("1.234,5", "7.5.1") is ambiguous and refused, never guessed; so is anything but digits,
    // one sign and one mark. Full-width digits and the minus sign fold.
    static std::optional<double> parseDecimal(const QString &typed);
};

struct Province
{
    QString code;  // Kemendagri province code, "31"
    QString name;  // "DKI Jakarta"
};

struct RegionChoice
{
    QString code;  // "32.01"
    QString label; // "Kabupaten Bogor"
};

struct RegionSuggestion
{
    QString code;        // "31.71" (city/regency when known) or "31" (province)
    QString label;       // "Kota Jakarta Pusat, DKI Jakarta"
    double pb1Rate = 10; // PBJT hotel rate suggested for the region (percent)
    // A name that is both a Kota and a Kabupaten ("Bogor", "Malang") typed without saying which:
    // both, for the owner to choose; `code` is then the province's. The hotel tax is set per
    // regency or city, so a guess would be a wrong tax.
    QList<RegionChoice> alternatives;
};

class Regions
{
    Q_DECLARE_TR_FUNCTIONS(Regions)
public:
    static const QList<Province> &provinces();
    // Every kabupaten and kota (resources/regions, idn-area-data), in code order.
    static const QList<RegionChoice> &regencies();
    // From the province name (or code) and the city typed; nullopt when the province is unknown.
    static std::optional<RegionSuggestion> suggest(const QString &province, const QString &city);
    static bool isValidCode(const QString &code); // "31" or "31.71"
    // The IANA zone of a province (its two-digit Kemendagri code, or a region code inside it):
    // WIB Asia/Jakarta for Sumatra, Java and West/Central Kalimantan; WITA Asia/Makassar for Bali,
    // Nusa Tenggara, South/East/North Kalimantan and Sulawesi; WIT Asia/Jayapura for Maluku and
    // Papua. Empty for an unknown code.
    static QString timeZone(const QString &provinceCode);
    // Indonesia's three zones as people say them: "WIB", "WITA", "WIT"; empty for another zone.
    static QString zoneAbbreviation(const QString &ianaZone);
    static QStringList zones() { return {QStringLiteral("Asia/Jakarta"), QStringLiteral("Asia/Makassar"), QStringLiteral("Asia/Jayapura")}; }
};

// The tax page (PRODUCT.md g): PBJT hotel tax under UU 1/2022, set per regency/city and capped
// at 10 %; PPN only for a PKP's non-room supplies (12 % on 11/12 of the price since 2025).
struct TaxSettings
{
    double pb1Rate = 10;
    double serviceChargeRate = 10;
    bool isPkp = false;
    QString npwp;
    QString nsfpSeries;
    bool efakturCoretax = false;
};

class TaxRules
{
    Q_DECLARE_TR_FUNCTIONS(TaxRules)
public:
    static constexpr double kPb1Cap = 10.0;
    static constexpr double kServiceChargeMax = 20.0;
    static constexpr double kPpnRate = 12.0;
    static constexpr double kPpnEffective = 11.0; // 12 % × 11/12
    // Empty when valid; otherwise one sentence per problem.
    static QStringList validate(const TaxSettings &tax);
    // A room at `net` (IDR) with the given rates: PBJT and service charge on the room price.
    static qint64 guestTotal(qint64 net, const TaxSettings &tax);
};

enum class PasswordStrength { TooWeak, Weak, Fair, Strong, VeryStrong };

// zxcvbn's view of a password (Dropbox's estimator, zxcvbn-c): the log2 of the guesses an attacker
// needs, given the owner's own words as a dictionary.
struct PasswordEstimate
{
    double bits = 0;
    PasswordStrength strength = PasswordStrength::TooWeak;
    bool personal = false; // contains the person's name, e-mail or hotel
    QStringList hints;     // what makes it guessable, then how to do better (for the live hint)
};

class Passwords
{
    Q_DECLARE_TR_FUNCTIONS(Passwords)
public:
    static constexpr int kMinLength = 10;
    // A build without zxcvbn (Windows, README "Windows") cannot recognise a common word or a
    // keyboard row, so it asks for a longer password instead.
    static constexpr int kMinLengthWithoutZxcvbn = 16;
    static int minLength();
    static constexpr int kBcryptCost = 12;
    // zxcvbn's bits for each step of the meter (its scores: 10^6, 10^8, 10^10 guesses…).
    static constexpr double kMinBits = 20;       // below: refused, too easy to guess
    static constexpr double kFairBits = 27;
    static constexpr double kStrongBits = 34;
    static constexpr double kVeryStrongBits = 60;
    static PasswordEstimate estimate(const QString &password, const QStringList &context = {});
    // Strength for the meter; `context` (name, e-mail, hotel) makes passwords containing them weak.
    static PasswordStrength strength(const QString &password, const QStringList &context = {});
    static QString strengthLabel(PasswordStrength s);
    // Why it cannot be accepted (empty when it can): a control character, length, too easy to
    // guess (zxcvbn), the person's own name, e-mail or hotel inside it.
    static QString problem(const QString &password, const QStringList &context = {});
    // bcrypt in the "$2y$12$…" form Laravel's Hash::check accepts. Empty on failure.
    static QByteArray bcryptHash(const QString &password, int cost = kBcryptCost);
    static bool bcryptVerify(const QString &password, const QByteArray &hash);
    // The same on the password's bytes as PHP sees them (any bytes, not only UTF-8). A password
    // with a NUL byte, where PHP's bcrypt stops, is neither hashed (empty) nor verified; costs
    // are 4 to 18 (Botan's C interface).
    static QByteArray bcryptHashBytes(const QByteArray &password, int cost = kBcryptCost);
    static bool bcryptVerifyBytes(const QByteArray &password, const QByteArray &hash);
    // Why this computer cannot hash a password (Botan missing or unusable; it is loaded on first
    // use), for the owner; empty when it can.
    static QString bcryptUnavailable();
};

// RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as Google Authenticator and Laravel Fortify use it.
class Totp
{
public:
    static QByteArray generateSecret();                    // 20 random bytes
    static QString base32(const QByteArray &bytes);        // RFC 4648, no padding
    static std::optional<QByteArray> fromBase32(const QString &text);
    static QString code(const QByteArray &secret, const QDateTime &at);
    // Accepts the code for `at` and one step either side (clock drift of a phone).
    static bool verify(const QByteArray &secret, const QString &code, const QDateTime &at);
    static QString provisioningUri(const QByteArray &secret, const QString &account, const QString &issuer = QStringLiteral("HotelHub"));
    static QStringList recoveryCodes(int count = 8);       // "ABCDE-FGHIJ"
};

} // namespace hotelhub::setup
