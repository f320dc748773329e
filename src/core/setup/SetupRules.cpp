#include "SetupRules.h"
#include "Clock.h"
#include "Crypto.h"

#include <QFile>
#include <QHash>
#include <QLocale>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QSet>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>
#include <QtEndian>

#ifdef HOTELHUB_BOTAN_AT_RUNTIME
#include <QLibrary>
#include <botan/build.h>
#include <botan/ffi.h>
#else
#include <botan/auto_rng.h>
#include <botan/bcrypt.h>
#endif
#ifdef HOTELHUB_HAVE_ZXCVBN
#include <zxcvbn.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <mutex>

namespace hotelhub::setup {

namespace {
QString digitsOnly(const QString &text)
{
    QString out;
    for (QChar c : text) {
        if (c.isDigit())
            out += c;
    }
    return out;
}
} // namespace

std::optional<QString> SetupRules::normalizeWhatsApp(const QString &typed, QString *problem)
{
    // As it comes from WhatsApp Web or a phone's contacts: full-width digits fold (NFKC); spaces of
    // every kind (a no-break space too), invisible marks (WhatsApp wraps numbers in U+2066 …
    // U+2069), dashes of every kind (a non-breaking hyphen too), dots and parentheses go; a "(0)"
    // trunk digit after the country code goes with its parentheses.
    QString s;
    for (const QChar c : typed.normalized(QString::NormalizationForm_KC)) {
        if (c.isSpace() || c.category() == QChar::Other_Format || c.category() == QChar::Punctuation_Dash || c == QChar(0x2212) || c == u'.')
            continue;
        s += c;
    }
    s.replace(QLatin1String("(0)"), QString());
    s.remove(u'(');
    s.remove(u')');
    bool international = s.startsWith(u'+');
    if (international)
        s.remove(0, 1);
    const bool digits = !s.isEmpty() && std::all_of(s.begin(), s.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    if (!digits) {
        if (problem)
            *problem = tr("Write the WhatsApp number with digits only, for example 0812 3456 7890.");
        return std::nullopt;
    }
    if (!international && s.startsWith(QLatin1String("00"))) { // 0062 …: the international prefix dialled
        s.remove(0, 2);
        international = true;
    }
    if (s.startsWith(QLatin1String("62"))) {
        s.remove(0, 2);
        if (s.startsWith(u'0')) // +62 0812 …: the trunk digit kept by habit
            s.remove(0, 1);
    } else if (international) {
        if (problem)
            *problem = tr("Only Indonesian (+62) WhatsApp numbers are accepted here.");
        return std::nullopt;
    } else if (s.startsWith(u'0')) {
        s.remove(0, 1);
    }
    if (!s.startsWith(u'8') || s.size() < 9 || s.size() > 13) {
        if (problem)
            *problem = tr("This is not an Indonesian mobile number: it should look like 0812 3456 7890 or +62 812 3456 7890.");
        return std::nullopt;
    }
    return QStringLiteral("+62") + s;
}

bool SetupRules::isValidEmail(const QString &email, QString *problem)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                                                      "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\\z"));
    const bool ok = email.size() <= 254 && re.match(email.trimmed()).hasMatch() && !email.contains(QLatin1String(".."));
    if (!ok && problem)
        *problem = tr("Enter a complete e-mail address, for example owner@hotelmelati.id.");
    return ok;
}

QString SetupRules::normalizeName(const QString &typed)
{
    return typed.simplified();
}

std::optional<QString> SetupRules::normalizeNpwp(const QString &typed, QString *problem)
{
    const QString digits = digitsOnly(typed);
    if (digits.size() == 15 || digits.size() == 16)
        return digits;
    if (problem)
        *problem = tr("An NPWP has 15 digits (99.999.999.9-999.999) or 16 digits (NIK-based).");
    return std::nullopt;
}

std::optional<QString> SetupRules::normalizeNsfp(const QString &typed, QString *problem)
{
    const QString digits = digitsOnly(typed);
    if (digits.size() == 13)
        return digits;
    if (problem)
        *problem = tr("An NSFP series has 13 digits (for example 010.25.12345678 without the transaction code).");
    return std::nullopt;
}

bool SetupRules::isValidPostalCode(const QString &code)
{
    static const QRegularExpression re(QStringLiteral("^[1-9][0-9]{4}\\z"));
    return re.match(code.trimmed()).hasMatch();
}

QStringList SetupRules::validateOwner(OwnerData &o)
{
    QStringList problems;
    QString p;
    o.name = normalizeName(o.name);
    o.email = o.email.trimmed();
    if (o.name.size() < 2)
        problems << tr("Enter the owner's full name.");
    if (!isValidEmail(o.email, &p))
        problems << p;
    if (const auto wa = normalizeWhatsApp(o.whatsapp, &p))
        o.whatsapp = *wa;
    else
        problems << p;
    return problems;
}

QStringList SetupRules::validateAdmin(QString &name, QString &email, const QString &password, const QString &confirmation,
                                      const QString &hotelName)
{
    QStringList problems;
    QString p;
    name = normalizeName(name);
    email = email.trimmed();
    if (name.size() < 2)
        problems << tr("Enter the administrator's name.");
    if (!isValidEmail(email, &p))
        problems << p;
    const QString weak = Passwords::problem(password, {name, email, hotelName});
    if (!weak.isEmpty())
        problems << weak;
    if (password != confirmation)
        problems << tr("The two passwords are not the same.");
    return problems;
}

std::optional<double> SetupRules::parseCoordinate(const QString &typed)
{
    const QString t = typed.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    return parseDecimal(t).value_or(std::numeric_limits<double>::quiet_NaN());
}

std::optional<double> SetupRules::parseDecimal(const QString &typed)
{
    QString t = typed.normalized(QString::NormalizationForm_KC).trimmed();
    t.replace(QChar(0x2212), u'-');
    int marks = 0;
    for (qsizetype i = 0; i < t.size(); ++i) {
        const QChar c = t.at(i);
        if ((c == u'-' || c == u'+') && i == 0)
            continue;
        if (c == u',' || c == u'.') {
            ++marks;
            t[i] = u'.';
            continue;
        }
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    if (marks > 1)
        return std::nullopt;
    bool ok = false;
    const double v = QLocale::c().toDouble(t, &ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

QStringList SetupRules::validateProperty(const PropertyData &p, int maxRooms)
{
    QStringList problems;
    if (p.name.size() < 2)
        problems << tr("Enter the hotel's name.");
    if (p.street.isEmpty() || p.city.isEmpty() || p.province.isEmpty())
        problems << tr("Enter the street, the city or regency and the province.");
    if (!isValidPostalCode(p.postalCode))
        problems << tr("The postal code has five digits.");
    // Both or neither, numbers, and inside Indonesia's bounding box.
    const auto inside = [](const std::optional<double> &v, double lo, double hi) { return !v || (*v >= lo && *v <= hi); };
    if (p.latitude.has_value() != p.longitude.has_value() || !inside(p.latitude, -11.5, 6.5) || !inside(p.longitude, 94, 141.5))
        problems << tr("Latitude and longitude are decimal degrees inside Indonesia (for example -8.65, 115.22), or empty.");
    if (!Regions::isValidCode(p.regionCode))
        problems << tr("The region code looks like 51 or 51.03.");
    if (p.totalRooms < 1)
        problems << tr("Type how many rooms the hotel has (at least 1).");
    else if (maxRooms > 0 && p.totalRooms > maxRooms)
        problems << tr("Your licence allows up to %n room(s).", nullptr, maxRooms);
    return problems;
}

// Kemendagri province codes (38 provinces since 2022).
const QList<Province> &Regions::provinces()
{
    static const QList<Province> all = {
        {QStringLiteral("11"), QStringLiteral("Aceh")},
        {QStringLiteral("12"), QStringLiteral("Sumatera Utara")},
        {QStringLiteral("13"), QStringLiteral("Sumatera Barat")},
        {QStringLiteral("14"), QStringLiteral("Riau")},
        {QStringLiteral("15"), QStringLiteral("Jambi")},
        {QStringLiteral("16"), QStringLiteral("Sumatera Selatan")},
        {QStringLiteral("17"), QStringLiteral("Bengkulu")},
        {QStringLiteral("18"), QStringLiteral("Lampung")},
        {QStringLiteral("19"), QStringLiteral("Kepulauan Bangka Belitung")},
        {QStringLiteral("21"), QStringLiteral("Kepulauan Riau")},
        {QStringLiteral("31"), QStringLiteral("DKI Jakarta")},
        {QStringLiteral("32"), QStringLiteral("Jawa Barat")},
        {QStringLiteral("33"), QStringLiteral("Jawa Tengah")},
        {QStringLiteral("34"), QStringLiteral("DI Yogyakarta")},
        {QStringLiteral("35"), QStringLiteral("Jawa Timur")},
        {QStringLiteral("36"), QStringLiteral("Banten")},
        {QStringLiteral("51"), QStringLiteral("Bali")},
        {QStringLiteral("52"), QStringLiteral("Nusa Tenggara Barat")},
        {QStringLiteral("53"), QStringLiteral("Nusa Tenggara Timur")},
        {QStringLiteral("61"), QStringLiteral("Kalimantan Barat")},
        {QStringLiteral("62"), QStringLiteral("Kalimantan Tengah")},
        {QStringLiteral("63"), QStringLiteral("Kalimantan Selatan")},
        {QStringLiteral("64"), QStringLiteral("Kalimantan Timur")},
        {QStringLiteral("65"), QStringLiteral("Kalimantan Utara")},
        {QStringLiteral("71"), QStringLiteral("Sulawesi Utara")},
        {QStringLiteral("72"), QStringLiteral("Sulawesi Tengah")},
        {QStringLiteral("73"), QStringLiteral("Sulawesi Selatan")},
        {QStringLiteral("74"), QStringLiteral("Sulawesi Tenggara")},
        {QStringLiteral("75"), QStringLiteral("Gorontalo")},
        {QStringLiteral("76"), QStringLiteral("Sulawesi Barat")},
        {QStringLiteral("81"), QStringLiteral("Maluku")},
        {QStringLiteral("82"), QStringLiteral("Maluku Utara")},
        {QStringLiteral("91"), QStringLiteral("Papua")},
        {QStringLiteral("92"), QStringLiteral("Papua Barat")},
        {QStringLiteral("93"), QStringLiteral("Papua Selatan")},
        {QStringLiteral("94"), QStringLiteral("Papua Tengah")},
        {QStringLiteral("95"), QStringLiteral("Papua Pegunungan")},
        {QStringLiteral("96"), QStringLiteral("Papua Barat Daya")},
    };
    return all;
}

namespace {
enum class RegionKind { Unsaid, Kota, Kabupaten };

// Kemendagri's name for Jakarta's five cities and its one regency; nobody types it.
constexpr char kAdministrasi[] = "administrasi ";

// The name without its "Kota"/"Kabupaten"/"Kab." prefix (and "Administrasi"), and which one it said.
QString folded(const QString &s, RegionKind *kind = nullptr)
{
    // As pasted from a chat or a map: compatibility forms folded (full-width letters), invisible
    // format characters dropped (zero-width spaces, BOM, direction marks), and whatever follows a
    // comma ("Bantul, DIY") or an English "regency"/"city" after the name left out.
    QString t;
    for (const QChar c : s.normalized(QString::NormalizationForm_KC)) {
        if (c.category() != QChar::Other_Format)
            t += c;
    }
    t = t.section(u',', 0, 0).simplified().toLower();
    if (kind)
        *kind = RegionKind::Unsaid;
    for (const char *suffix : {" regency", " city"}) {
        if (t.endsWith(QLatin1String(suffix)) && t.size() > int(std::strlen(suffix))) {
            t.chop(int(std::strlen(suffix)));
            if (kind) // "Magelang Regency" says which of the two it is, like "Kabupaten Magelang"
                *kind = suffix[1] == 'r' ? RegionKind::Kabupaten : RegionKind::Kota;
        }
    }
    for (const char *prefix : {"kota ", "kabupaten ", "kab. ", "kab.", "kab "}) {
        if (t.startsWith(QLatin1String(prefix))) {
            t = t.mid(int(std::strlen(prefix))).trimmed();
            if (kind)
                *kind = prefix[1] == 'o' ? RegionKind::Kota : RegionKind::Kabupaten;
            break;
        }
    }
    if (t.startsWith(QLatin1String(kAdministrasi)))
        t = t.mid(int(std::strlen(kAdministrasi)));
    return t;
}

// What a typed name is compared by: "Gunung Kidul", "gunung-kidul" and "Gunungkidul" are one.
QString matchKey(const QString &foldedName)
{
    QString key;
    for (QChar c : foldedName) {
        if (!c.isSpace() && c != u'-' && c != u'.' && c != u'\'')
            key += c;
    }
    return key;
}

// "KULON PROGO" → "Kulon Progo", "PANGKAJENE DAN KEPULAUAN" → "Pangkajene dan Kepulauan".
QString properCase(const QString &capitals)
{
    QStringList words = capitals.toLower().split(u' ', Qt::SkipEmptyParts);
    for (QString &w : words) {
        if (w == QLatin1String("dan"))
            continue;
        for (qsizetype i = 0; i < w.size(); ++i) {
            if (i == 0 || w.at(i - 1) == u'-')
                w[i] = w.at(i).toUpper();
        }
    }
    return words.join(u' ');
}

struct Regency
{
    RegionChoice choice; // "34.02", "Kabupaten Bantul"
    RegionKind kind = RegionKind::Kabupaten;
    QStringList keys;    // matchKey of the name and of each alias
};

// Splits a resource into its lines' comma-separated fields; '#' comments and blank lines go.
QList<QStringList> csvRows(const QString &resource)
{
    QFile file(resource);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QStringList> rows;
    const QString text = QString::fromUtf8(file.readAll());
    for (const QStringView line : QStringView(text).split(u'\n')) {
        const QStringView trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(u'#'))
            continue;
        QStringList fields;
        for (const QStringView field : trimmed.split(u','))
            fields << field.trimmed().toString();
        rows << fields;
    }
    return rows;
}

// resources/regions (see its README): idn-area-data's regencies.csv, "code,province_code,NAME",
// and our aliases.csv, "code,alias". Read once, on first use; a line that does not fit is
// skipped, so the header lines and any damage cost a suggestion, never a crash.
QList<Regency> loadRegencies()
{
    static const QRegularExpression codeRe(QStringLiteral("^[1-9][0-9]\\.[0-9]{2}\\z"));
    QList<Regency> regencies;
    QHash<QString, qsizetype> byCode;
    for (const QStringList &row : csvRows(QStringLiteral(":/hotelhub/regions/regencies.csv"))) {
        if (row.size() != 3 || !codeRe.match(row[0]).hasMatch() || row[1] != row[0].left(2) || byCode.contains(row[0]))
            continue;
        Regency r;
        QString name = row[2].simplified().toUpper();
        if (name.startsWith(QLatin1String("KOTA ")))
            r.kind = RegionKind::Kota;
        else if (!name.startsWith(QLatin1String("KABUPATEN ")))
            continue;
        name = name.section(u' ', 1);
        if (name.startsWith(QLatin1String(kAdministrasi), Qt::CaseInsensitive))
            name = name.section(u' ', 1);
        if (name.isEmpty())
            continue;
        r.choice.code = row[0];
        r.choice.label = QLatin1String(r.kind == RegionKind::Kota ? "Kota " : "Kabupaten ") + properCase(name);
        r.keys << matchKey(name.toLower());
        byCode.insert(r.choice.code, regencies.size());
        regencies << r;
    }
    for (const QStringList &row : csvRows(QStringLiteral(":/hotelhub/regions/aliases.csv"))) {
        const auto at = row.size() == 2 ? byCode.constFind(row[0]) : byCode.constEnd();
        const QString key = at == byCode.constEnd() ? QString() : matchKey(folded(row[1]));
        if (!key.isEmpty())
            regencies[*at].keys << key;
    }
    return regencies;
}

const QList<Regency> &allRegencies()
{
    static const QList<Regency> all = loadRegencies();
    return all;
}
} // namespace

const QList<RegionChoice> &Regions::regencies()
{
    static const QList<RegionChoice> choices = [] {
        QList<RegionChoice> out;
        for (const Regency &r : allRegencies())
            out << r.choice;
        return out;
    }();
    return choices;
}

std::optional<RegionSuggestion> Regions::suggest(const QString &province, const QString &city)
{
    const QString p = folded(province);
    const Province *found = nullptr;
    for (const Province &candidate : provinces()) {
        if (candidate.code == p || folded(candidate.name) == p
            || (p == QLatin1String("jakarta") && candidate.code == QLatin1String("31"))
            || (p == QLatin1String("yogyakarta") && candidate.code == QLatin1String("34"))) {
            found = &candidate;
            break;
        }
    }
    if (!found)
        return std::nullopt;
    RegionSuggestion s;
    s.code = found->code;
    s.label = found->name;
    RegionKind said = RegionKind::Unsaid;
    const QString c = matchKey(folded(city, &said));
    QList<RegionChoice> matches;
    if (!c.isEmpty()) {
        for (const Regency &candidate : allRegencies()) {
            if (!candidate.choice.code.startsWith(found->code + u'.'))
                continue;
            if (said != RegionKind::Unsaid && said != candidate.kind)
                continue; // "Kabupaten Bogor" never gets the Kota's code
            if (candidate.keys.contains(c))
                matches.append(candidate.choice);
        }
    }
    if (matches.size() == 1) {
        s.code = matches.first().code;
        s.label = matches.first().label + QStringLiteral(", ") + found->name;
    } else if (matches.size() > 1) {
        s.alternatives = matches;
    }
    // Every regency/city sets its own PBJT rate by Perda within the 10 % cap of UU 1/2022; 10 % is
    // what nearly all of them (Jakarta, Bali's regencies, Yogyakarta, …) charge.
    s.pb1Rate = TaxRules::kPb1Cap;
    return s;
}

QString Regions::timeZone(const QString &provinceCode)
{
    bool ok = false;
    const int code = provinceCode.left(2).toInt(&ok);
    if (!ok || provinceCode.size() < 2)
        return {};
    const bool known = std::any_of(provinces().begin(), provinces().end(), [&](const Province &p) { return p.code.toInt() == code; });
    if (!known)
        return {};
    if (code >= 81) // Maluku, Maluku Utara, the Papua provinces
        return QStringLiteral("Asia/Jayapura");
    if (code >= 71 || (code >= 51 && code <= 53) || (code >= 63 && code <= 65)) // Sulawesi; Bali, NTB, NTT; Kalsel, Kaltim, Kaltara
        return QStringLiteral("Asia/Makassar");
    return QStringLiteral("Asia/Jakarta");
}

QString Regions::zoneAbbreviation(const QString &ianaZone)
{
    return indonesianZoneAbbreviation(ianaZone.toLatin1());
}

bool Regions::isValidCode(const QString &code)
{
    static const QRegularExpression re(QStringLiteral("^[1-9][0-9](\\.[0-9]{2})?\\z"));
    return re.match(code).hasMatch();
}

QStringList TaxRules::validate(const TaxSettings &t)
{
    QStringList problems;
    if (t.pb1Rate < 0 || t.pb1Rate > kPb1Cap)
        problems << tr("The hotel tax (PBJT/PB1) is at most 10 % (UU 1/2022); your regency or city sets the exact rate.");
    if (t.serviceChargeRate < 0 || t.serviceChargeRate > kServiceChargeMax)
        problems << tr("The service charge must be between 0 and 20 %.");
    if (t.isPkp) {
        QString p;
        if (!SetupRules::normalizeNpwp(t.npwp, &p))
            problems << p;
        if (t.efakturCoretax && !SetupRules::normalizeNsfp(t.nsfpSeries, &p))
            problems << p;
    }
    return problems;
}

qint64 TaxRules::guestTotal(qint64 net, const TaxSettings &t)
{
    const double service = double(net) * t.serviceChargeRate / 100.0;
    const double tax = (double(net) + service) * t.pb1Rate / 100.0;
    return qRound64(double(net) + service + tax);
}

namespace {
// Words of the person's name, e-mail and hotel (whole, without spaces or dots, and word by word)
// for zxcvbn's user dictionary; words shorter than 4 letters and the generic lodging words are
// not held against a password.
QList<QByteArray> personalWords(const QStringList &context)
{
    static const QSet<QString> generic{QStringLiteral("hotel"), QStringLiteral("villa"), QStringLiteral("resort"),
                                       QStringLiteral("homestay"), QStringLiteral("guest"), QStringLiteral("house"),
                                       QStringLiteral("losmen"), QStringLiteral("wisma"), QStringLiteral("penginapan")};
    QList<QByteArray> words;
    for (const QString &c : context) {
        const QString part = c.section(u'@', 0, 0).toLower();
        QStringList pieces = part.split(QRegularExpression(QStringLiteral("[^\\w]+")), Qt::SkipEmptyParts);
        pieces << pieces.join(QString());
        for (const QString &piece : std::as_const(pieces)) {
            const QByteArray word = piece.toUtf8();
            if (piece.size() >= 4 && !generic.contains(piece) && !words.contains(word))
                words << word;
        }
    }
    return words;
}
} // namespace

PasswordEstimate Passwords::estimate(const QString &password, const QStringList &context)
{
    PasswordEstimate e;
    const QList<QByteArray> words = personalWords(context);
    QStringList hints;
    const auto hint = [&hints](const QString &text) {
        if (!hints.contains(text))
            hints << text;
    };
#ifdef HOTELHUB_HAVE_ZXCVBN
    std::vector<const char *> dictionary;
    for (const QByteArray &w : words)
        dictionary.push_back(w.constData());
    dictionary.push_back(nullptr);
    const QByteArray utf8 = password.toUtf8();
    ZxcMatch_t *matches = nullptr;
    e.bits = ZxcvbnMatch(utf8.constData(), dictionary.data(), &matches);
    for (const ZxcMatch_t *m = matches; m; m = m->Next) {
        if (m->Type & MULTIPLE_MATCH) // the same part again ("aaaa", "abcabc")
            hint(tr("Repeated characters or groups (aaa, abcabc) add little."));
        switch (ZxcTypeMatch_t(m->Type & ~MULTIPLE_MATCH)) {
        case USER_MATCH:
        case USER_LEET_MATCH:
            e.personal = true;
            hint(tr("Do not put your name, e-mail or hotel name in the password."));
            break;
        case DICTIONARY_MATCH:
        case DICT_LEET_MATCH:
            if (m->Entrpy < 14) // a word from the top of the lists, not any dictionary word
                hint(tr("Common words and passwords are guessed first, even with letters swapped for digits or symbols."));
            break;
        case REPEATS_MATCH: hint(tr("Repeated characters or groups (aaa, abcabc) add little.")); break;
        case SEQUENCE_MATCH: hint(tr("Runs like abc or 1234 add little.")); break;
        case SPATIAL_MATCH: hint(tr("Keyboard patterns like qwerty add little.")); break;
        case DATE_MATCH:
        case YEAR_MATCH: hint(tr("Dates and years are easy to guess.")); break;
        default: break;
        }
    }
    ZxcvbnFreeInfo(matches);
#else
    // Without zxcvbn (the Windows build: its source is not on the archive that build comes from,
    // README "Windows"): the brute-force count zxcvbn falls back to, log2 of the alphabet the
    // password draws from per character, where a personal word counts one bit, and a repeated
    // character or the next one of a run (abc, 123) nothing. It knows no dictionary, so it is the cruder of the two.
    QString rest = password.toLower();
    for (const QByteArray &w : words) {
        const QString word = QString::fromUtf8(w);
        if (rest.contains(word)) {
            e.personal = true;
            hint(tr("Do not put your name, e-mail or hotel name in the password."));
            rest.replace(word, QString(QChar(0x0001)));
        }
    }
    int alphabet = 0;
    const auto uses = [&password](auto predicate) { return std::any_of(password.begin(), password.end(), predicate); };
    alphabet += uses([](QChar c) { return c.isLower(); }) ? 26 : 0;
    alphabet += uses([](QChar c) { return c.isUpper(); }) ? 26 : 0;
    alphabet += uses([](QChar c) { return c.isDigit(); }) ? 10 : 0;
    alphabet += uses([](QChar c) { return !c.isLetterOrNumber(); }) ? 33 : 0;
    const double perCharacter = std::log2(std::max(alphabet, 2));
    QChar previous;
    for (const QChar c : std::as_const(rest)) {
        if (c == QChar(0x0001)) {
            e.bits += 1;
        } else if (c == previous) {
            hint(tr("Repeated characters or groups (aaa, abcabc) add little.")); // adds nothing
        } else if (!previous.isNull() && std::abs(c.unicode() - previous.unicode()) == 1) {
            hint(tr("Runs like abc or 1234 add little.")); // adds nothing
        } else {
            e.bits += perCharacter;
        }
        previous = c;
    }
    static const QRegularExpression year(QStringLiteral("(19|20)\\d\\d"));
    if (year.match(password).hasMatch())
        hint(tr("Dates and years are easy to guess."));
#endif
    if (e.bits < kStrongBits)
        hint(tr("Add another uncommon word or two: length helps more than symbols."));
    e.hints = hints;
    if (e.bits < kMinBits)
        e.strength = PasswordStrength::TooWeak;
    else if (e.bits < kFairBits)
        e.strength = PasswordStrength::Weak;
    else if (e.bits < kStrongBits)
        e.strength = PasswordStrength::Fair;
    else if (e.bits < kVeryStrongBits)
        e.strength = PasswordStrength::Strong;
    else
        e.strength = PasswordStrength::VeryStrong;
    return e;
}

int Passwords::minLength()
{
#ifdef HOTELHUB_HAVE_ZXCVBN
    return kMinLength;
#else
    return kMinLengthWithoutZxcvbn;
#endif
}

QString Passwords::problem(const QString &password, const QStringList &context)
{
    // A NUL ends the password for PHP's bcrypt (the panel could never verify it), and no control
    // character can be typed at the panel's sign-in.
    // Invisible format characters (a zero-width space, a soft hyphen) and line separators from a
    // paste cannot be typed at the sign-in either.
    for (const QChar c : password) {
        const QChar::Category cat = c.category();
        if (cat == QChar::Other_Control)
            return tr("The password contains an invisible control character (for example from a paste); type it again without it.");
        if (cat == QChar::Other_Format || cat == QChar::Separator_Line || cat == QChar::Separator_Paragraph)
            return tr("The password contains an invisible character (U+%1, for example from a paste) that cannot be typed at the "
                      "sign-in; type it again without it.").arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0'));
    }
    // Characters as a person counts them (an emoji is one), not UTF-16 units.
    if (password.toUcs4().size() < minLength())
        return tr("Use at least %n characters.", nullptr, minLength());
    if (password.toUtf8().size() > 72)
        return tr("Use at most 72 bytes (bcrypt ignores anything longer).");
    const PasswordEstimate e = estimate(password, context);
    if (e.personal)
        return tr("Do not put your name, e-mail or hotel name in the password.");
    if (e.strength == PasswordStrength::TooWeak)
        return tr("This password is too easy to guess. %1").arg(e.hints.value(0));
    return {};
}

PasswordStrength Passwords::strength(const QString &password, const QStringList &context)
{
    if (!problem(password, context).isEmpty())
        return PasswordStrength::TooWeak;
    return estimate(password, context).strength;
}

QString Passwords::strengthLabel(PasswordStrength s)
{
    switch (s) {
    case PasswordStrength::TooWeak: return tr("Too weak");
    case PasswordStrength::Weak: return tr("Weak");
    case PasswordStrength::Fair: return tr("Fair");
    case PasswordStrength::Strong: return tr("Strong");
    case PasswordStrength::VeryStrong: return tr("Very strong");
    }
    Q_UNREACHABLE();
}

QByteArray Passwords::bcryptHash(const QString &password, int cost) { return bcryptHashBytes(password.toUtf8(), cost); }

bool Passwords::bcryptVerify(const QString &password, const QByteArray &hash) { return bcryptVerifyBytes(password.toUtf8(), hash); }

#ifdef HOTELHUB_BOTAN_AT_RUNTIME
namespace {
// Botan 2 through its C interface, loaded on the first hash or check (issue 14): linked, its
// symbols were bound at every start of the wizard (6,150 relocations, 3.5 % of its
// instructions before the first page) for a library only the admin page uses. The Windows
// build links its static Botan as before.
struct BotanBcrypt
{
    QString problem; // why no password can be hashed here; empty when Botan is loaded
    decltype(&botan_rng_init) rngInit = nullptr;
    decltype(&botan_rng_destroy) rngDestroy = nullptr;
    decltype(&botan_bcrypt_generate) generate = nullptr;
    decltype(&botan_bcrypt_is_valid) isValid = nullptr;

    bool loaded() const { return rngInit && rngDestroy && generate && isValid; }
};

BotanBcrypt load()
{
    BotanBcrypt r;
    QLibrary lib(QStringLiteral("botan-2"), BOTAN_VERSION_MINOR); // libbotan-2.so.19 on Debian 12
    if (!lib.load()) {
        qWarning("hotelhub: Botan cannot be loaded: %s", qPrintable(lib.errorString()));
        r.problem = Passwords::tr("The Botan library cannot be loaded. Install it again (on Debian: sudo apt install libbotan-2-%1)")
                        .arg(BOTAN_VERSION_MINOR);
        return r;
    }
    r.rngInit = reinterpret_cast<decltype(r.rngInit)>(lib.resolve("botan_rng_init"));
    r.rngDestroy = reinterpret_cast<decltype(r.rngDestroy)>(lib.resolve("botan_rng_destroy"));
    r.generate = reinterpret_cast<decltype(r.generate)>(lib.resolve("botan_bcrypt_generate"));
    r.isValid = reinterpret_cast<decltype(r.isValid)>(lib.resolve("botan_bcrypt_is_valid"));
    if (!r.loaded()) {
        qWarning("hotelhub: %s has no bcrypt functions", qPrintable(lib.fileName()));
        r.problem = Passwords::tr("The Botan library on this computer has no bcrypt. Install Botan 2 from your system's packages (on Debian: sudo apt install libbotan-2-%1)")
                        .arg(BOTAN_VERSION_MINOR);
    }
    return r; // the library stays loaded: QLibrary unloads only when asked
}

// Loaded once it works; a failed load is tried again at the next hash, so that an owner who
// installs Botan while the wizard is open can simply try again.
BotanBcrypt botan()
{
    static std::mutex mutex;
    static BotanBcrypt b;
    const std::lock_guard lock(mutex);
    if (!b.loaded())
        b = load();
    return b; // a copy: another thread may load it meanwhile
}
} // namespace

QString Passwords::bcryptUnavailable() { return botan().problem; }

QByteArray Passwords::bcryptHashBytes(const QByteArray &password, int cost)
{
    // Botan 2's bcrypt (issue 11: a maintained library on every platform), in PHP's "$2y$" form.
    // Its C interface writes "$2a$"; Botan computes every variant alike (as $2b$) and the letter
    // is only the prefix, so the hash is the one generate_bcrypt(…, 'y') makes (the libxcrypt
    // test checks it). C strings end at a NUL, which the wizard refuses anyway (problem()).
    const BotanBcrypt &b = botan();
    if (!b.loaded() || password.contains('\0') || cost < 4 || cost > 18)
        return {};
    botan_rng_t rng = nullptr;
    if (b.rngInit(&rng, "user") != 0)
        return {};
    char out[64] = {};
    size_t length = sizeof out;
    const int rc = b.generate(reinterpret_cast<uint8_t *>(out), &length, password.constData(), rng, size_t(cost), 0);
    b.rngDestroy(rng);
    QByteArray hash(out);
    if (rc != 0 || hash.size() != 60 || !hash.startsWith("$2a$"))
        return {};
    hash[2] = 'y';
    return hash;
}

bool Passwords::bcryptVerifyBytes(const QByteArray &password, const QByteArray &hash)
{
    // $2a$, $2b$ and $2y$ are all computed as $2b$ (OpenBSD's and PHP's current algorithm). A $2a$
    // hash that an old crypt_blowfish made of a password with bytes above 0x7f, with its
    // sign-extension countermeasure, does not verify; the wizard only writes $2y$.
    const BotanBcrypt &b = botan();
    if (!b.loaded() || hash.size() != 60 || hash.contains('\0') || password.contains('\0'))
        return false;
    return b.isValid(password.constData(), hash.constData()) == 0; // 1: wrong; below 0: malformed
}
#else
QString Passwords::bcryptUnavailable() { return {}; } // linked in

QByteArray Passwords::bcryptHashBytes(const QByteArray &password, int cost)
{
    // Botan 2's bcrypt (issue 11: a maintained library on every platform), in PHP's "$2y$" form.
    if (password.contains('\0') || cost < 4 || cost > 18)
        return {}; // as where Botan is loaded at run time (above)
    try {
        Botan::AutoSeeded_RNG rng;
        return QByteArray::fromStdString(Botan::generate_bcrypt(password.toStdString(), rng, uint16_t(cost), 'y'));
    } catch (const std::exception &) {
        return {}; // a cost Botan refuses
    }
}

bool Passwords::bcryptVerifyBytes(const QByteArray &password, const QByteArray &hash)
{
    // $2a$, $2b$ and $2y$ are all computed as $2b$ (OpenBSD's and PHP's current algorithm). A $2a$
    // hash that an old crypt_blowfish made of a password with bytes above 0x7f, with its
    // sign-extension countermeasure, does not verify; the wizard only writes $2y$.
    if (hash.size() != 60 || password.contains('\0'))
        return false;
    try {
        return Botan::check_bcrypt(password.toStdString(), hash.toStdString());
    } catch (const std::exception &) {
        return false; // a malformed hash (Botan throws on a bad cost or salt)
    }
}
#endif

QByteArray Totp::generateSecret() { return crypto::randomBytes(20); }

QString Totp::base32(const QByteArray &bytes)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    QString out;
    quint32 buffer = 0;
    int bits = 0;
    for (unsigned char b : bytes) {
        buffer = (buffer << 8) | b;
        bits += 8;
        while (bits >= 5) {
            out += QLatin1Char(alphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    if (bits > 0)
        out += QLatin1Char(alphabet[(buffer << (5 - bits)) & 31]);
    return out;
}

std::optional<QByteArray> Totp::fromBase32(const QString &text)
{
    QByteArray out;
    quint32 buffer = 0;
    int bits = 0;
    for (QChar c : text.toUpper()) {
        if (c == u'=' || c == u' ')
            continue;
        int v;
        if (c >= u'A' && c <= u'Z')
            v = c.unicode() - 'A';
        else if (c >= u'2' && c <= u'7')
            v = c.unicode() - '2' + 26;
        else
            return std::nullopt;
        buffer = (buffer << 5) | quint32(v);
        bits += 5;
        if (bits >= 8) {
            out += char((buffer >> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return out;
}

QString Totp::code(const QByteArray &secret, const QDateTime &at)
{
    const quint64 step = quint64(at.toSecsSinceEpoch() / 30);
    QByteArray counter(8, '\0');
    qToBigEndian(step, counter.data());
    const QByteArray mac = QMessageAuthenticationCode::hash(counter, secret, QCryptographicHash::Sha1);
    const int offset = mac.at(19) & 0x0f;
    const quint32 binary = (quint32(uchar(mac.at(offset)) & 0x7f) << 24) | (quint32(uchar(mac.at(offset + 1))) << 16)
        | (quint32(uchar(mac.at(offset + 2))) << 8) | quint32(uchar(mac.at(offset + 3)));
    return QStringLiteral("%1").arg(binary % 1000000, 6, 10, QLatin1Char('0'));
}

bool Totp::verify(const QByteArray &secret, const QString &typed, const QDateTime &at)
{
    const QString c = typed.simplified().remove(u' ');
    if (c.size() != 6)
        return false;
    bool match = false;
    for (int drift : {-1, 0, 1})
        match |= crypto::constantTimeEquals(code(secret, at.addSecs(drift * 30)).toLatin1(), c.toLatin1());
    return match;
}

QString Totp::provisioningUri(const QByteArray &secret, const QString &account, const QString &issuer)
{
    QUrl url;
    url.setScheme(QStringLiteral("otpauth"));
    url.setHost(QStringLiteral("totp"));
    url.setPath(u'/' + issuer + u':' + account);
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("secret"), base32(secret));
    q.addQueryItem(QStringLiteral("issuer"), issuer);
    q.addQueryItem(QStringLiteral("algorithm"), QStringLiteral("SHA1"));
    q.addQueryItem(QStringLiteral("digits"), QStringLiteral("6"));
    q.addQueryItem(QStringLiteral("period"), QStringLiteral("30"));
    url.setQuery(q);
    return url.toString(QUrl::FullyEncoded);
}

QStringList Totp::recoveryCodes(int count)
{
    // Unambiguous characters only (no 0/O, 1/I/L).
    static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    QStringList codes;
    QRandomGenerator *random = QRandomGenerator::system(); // the OS's CSPRNG, unbiased bounded()
    for (int i = 0; i < count; ++i) {
        QString code;
        for (int j = 0; j < 10; ++j) {
            if (j == 5)
                code += u'-';
            code += QLatin1Char(alphabet[random->bounded(31)]);
        }
        codes << code;
    }
    return codes;
}

} // namespace hotelhub::setup
