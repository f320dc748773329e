// LicenseKey::maskInText: every form of a licence key in a text masked, for messages, logs and
// notes that repeat what someone typed (README "Secrets").
#include "LicenseKey.h"
#include "OfflineActivation.h"
#include "Redact.h"

#include <QCryptographicHash>
#include <QMutex>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <atomic>
#include <functional>

namespace hotelhub {

namespace {
constexpr int kGroups = LicenseKey::kGroups;
constexpr int kGroupLength = LicenseKey::kGroupLength;
constexpr qsizetype kStride = kGroupLength + 1; // a group and the separator after it

QString dots()
{
    return QString(kGroupLength, QChar(0x2022));
}

// Dash-likes are dashes: Word and WhatsApp turn "-" into "–" (helper-44).
bool isDashLike(QChar c)
{
    return c == u'-' || (c.unicode() >= 0x2010 && c.unicode() <= 0x2015) || c.unicode() == 0x2212;
}

// What may stand between the groups of a key written without "HMS": one of these or a dash-like.
constexpr char16_t kOtherGroupSeparators[] = u"_ ./:,+#;|~=*\\\u00B7";

bool isGroupSeparator(QChar c)
{
    return isDashLike(c) || QStringView(kOtherGroupSeparators).contains(c);
}

// The same two sets inside a regular expression's brackets.
const QString &dashClass()
{
    static const QString chars = QStringLiteral("\\x{2010}-\\x{2015}\\x{2212}-"); // ("-" last: itself)
    return chars;
}

const QString &groupSeparatorClass()
{
    static const QString set = [] {
        QString chars = QStringLiteral("[");
        for (QChar c : QStringView(kOtherGroupSeparators))
            chars += QStringLiteral("\\x{%1}").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        return chars + dashClass() + u']';
    }();
    return set;
}

bool isHexDigit(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

bool digitAndLetter(QStringView v)
{
    return std::any_of(v.begin(), v.end(), [](QChar c) { return c.isDigit(); })
        && std::any_of(v.begin(), v.end(), [](QChar c) { return c.isLetter(); });
}

// The text as the expressions read it, at the same positions: full-width letters folded to ASCII
// character by character (a character whose compatibility form is longer, "…" being "...", is
// kept: the whole text folded at once fell back to the raw text whenever one was in it, and a
// full-width key followed by "…" was shown whole; helper-40); a percent-encoded separator
// ("HMS%2DABCDE…"; helper-43) as one; half of a surrogate pair as U+FFFD.
QString scanForm(const QString &text)
{
    QString scan = withLoneSurrogatesReplaced(text);
    for (qsizetype i = 0; i < scan.size(); ++i) {
        if (scan.at(i) == u'%' && i + 2 < scan.size() && isHexDigit(scan.at(i + 1)) && isHexDigit(scan.at(i + 2))) {
            scan[i + 1] = scan[i + 2] = u'%';
            i += 2;
            continue;
        }
        if (scan.at(i).unicode() < 0x80 || scan.at(i).isSurrogate())
            continue;
        const QString one = QString(scan.at(i)).normalized(QString::NormalizationForm_KC);
        if (one.size() == 1)
            scan[i] = one.at(0);
    }
    return scan;
}

// A terminal's escape sequences, each written raw or as a message shows it ("<U+001B>"): ESC with
// a CSI's parameters and final byte, a string (OSC, DCS, SOS, PM, APC) up to its BEL or ST, or
// its intermediate and final bytes ("ESC ( B", "ESC # 8"); the one-character CSI U+009B and
// string introducers; any other C1 control alone; several in a row, and the combining marks after
// them (helper-51: "ESC ( B", a doubled ESC and a mark after one each broke the key's shape).
const QRegularExpression &escapeSequence()
{
    static const QRegularExpression sequence([] {
        const QString esc = QStringLiteral("(?:\\x{1B}|<U\\+001B>)");
        const QString stringEnd = QStringLiteral("(?:\\x{07}|<U\\+0007>|\\x{9C}|<U\\+009C>|(?:\\x{1B}|<U\\+001B>)\\\\)");
        const QString stringBody = QStringLiteral("(?:(?!\\x{07}|<U\\+0007>|\\x{1B}|<U\\+001B>|\\x{9C}|<U\\+009C>).)*");
        // (after "<U+001B>", a "<U+…" is the next one written so, not a final byte)
        const QString one = esc + QStringLiteral("(?:(?!<U\\+)(?:\\[[\\x{20}-\\x{3F}]*[\\x{40}-\\x{7E}]?|[\\]PX^_]") + stringBody + stringEnd
            + QStringLiteral("?|[\\x{20}-\\x{2F}]*[\\x{30}-\\x{7E}]))?")
            + QStringLiteral("|(?:\\x{9B}|<U\\+009B>)[\\x{20}-\\x{3F}]*[\\x{40}-\\x{7E}]?")
            + QStringLiteral("|(?:[\\x{90}\\x{98}\\x{9D}-\\x{9F}]|<U\\+00(?:90|98|9D|9E|9F)>)") + stringBody + stringEnd + u'?'
            + QStringLiteral("|[\\x{80}-\\x{9F}]|<U\\+00[89][0-9A-F]>");
        return QStringLiteral("(?:%1)+\\p{M}*").arg(one);
    }());
    return sequence;
}

bool hasEscapeSequence(const QString &text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) { return c.unicode() == 0x1B || (c.unicode() >= 0x80 && c.unicode() <= 0x9F); })
        || text.contains(QLatin1String("<U+001B>")) || text.contains(QLatin1String("<U+008")) || text.contains(QLatin1String("<U+009"));
}

// The keys this process has met, by the SHA-256 of their canonical form (LicenseKey::remember):
// the last 1,024 (a vendor server parses every key a request names, any number of them).
struct KnownKeys
{
    static constexpr qsizetype kMost = 1024;
    QMutex lock;
    QSet<QByteArray> digests;
    QList<QByteArray> order; // oldest first
    std::atomic<bool> any = false;
};

KnownKeys &knownKeys()
{
    static KnownKeys keys;
    return keys;
}

// A text's letters and digits as a key's are read, each with the range of the text it came from:
// upper-cased, in their compatibility form (full-width, mathematical bold, circled), and
// decoded from a percent, HTML or JSON escape ("%2D", "&#45;", "\u002d"); anything else is
// between them.
struct Skeleton
{
    QString chars;
    QList<qsizetype> start, end;
    // Whether a character is written together with the one before it: nothing between them in the
    // text but invisible characters (a zero-width joiner, a variation selector, a combining mark).
    QList<bool> joined;

    void add(char32_t c, qsizetype from, qsizetype to)
    {
        const QChar u = QChar(char16_t(c)).toUpper();
        if (c < 0x80 && ((u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9'))) {
            chars += u;
            start << from;
            end << to;
        }
    }
};

// An escaped character at `at` ("%XX", "&#NN;", "&#xHH;", "\uXXXX", "\xHH", "\u{H…}"): its value and
// length, or 0.
qsizetype escapeAt(QStringView text, qsizetype at, char32_t *value)
{
    const auto hexRun = [&](qsizetype from, qsizetype count) {
        if (from + count > text.size())
            return false;
        for (qsizetype i = from; i < from + count; ++i)
            if (!isHexDigit(text.at(i)))
                return false;
        *value = text.mid(from, count).toUInt(nullptr, 16);
        return true;
    };
    if (text.at(at) == u'%' && hexRun(at + 1, 2))
        return 3;
    if (text.at(at) == u'\\' && at + 1 < text.size() && (text.at(at + 1) == u'u' || text.at(at + 1) == u'U') && hexRun(at + 2, 4))
        return 6;
    // "\x2d" and "\u{2d}" (C, JavaScript, Rust; helper-50: a key joined so was shown whole).
    if (text.at(at) == u'\\' && at + 1 < text.size() && (text.at(at + 1) == u'x' || text.at(at + 1) == u'X') && hexRun(at + 2, 2))
        return 4;
    if (text.at(at) == u'\\' && at + 2 < text.size() && text.at(at + 1) == u'u' && text.at(at + 2) == u'{') {
        qsizetype close = at + 3;
        while (close < text.size() && close - (at + 3) < 6 && isHexDigit(text.at(close)))
            ++close;
        if (close > at + 3 && close < text.size() && text.at(close) == u'}' && hexRun(at + 3, close - (at + 3)))
            return close + 1 - at;
    }
    if (text.at(at) == u'&' && at + 2 < text.size() && text.at(at + 1) == u'#') {
        const bool hex = text.at(at + 2) == u'x' || text.at(at + 2) == u'X';
        qsizetype i = at + 2 + hex;
        const qsizetype digits = i;
        while (i < text.size() && i - digits < 7 && (hex ? isHexDigit(text.at(i)) : text.at(i).isDigit()))
            ++i;
        if (i > digits && i < text.size() && text.at(i) == u';') {
            *value = text.mid(digits, i - digits).toUInt(nullptr, hex ? 16 : 10);
            return i + 1 - at;
        }
    }
    // HTML's named spaces, dashes and dots ("&nbsp;" between the groups: its letters broke the
    // groups apart for every rule, and the key was kept whole; helper-53).
    if (text.at(at) == u'&') {
        static const struct
        {
            const char16_t *name;
            char32_t value;
        } named[] = {{u"&nbsp;", 0xA0},    {u"&ensp;", 0x2002},  {u"&emsp;", 0x2003}, {u"&thinsp;", 0x2009}, {u"&hairsp;", 0x200A},
                     {u"&ndash;", 0x2013}, {u"&mdash;", 0x2014}, {u"&minus;", 0x2212}, {u"&hyphen;", 0x2010}, {u"&dash;", 0x2010},
                     {u"&middot;", 0xB7},  {u"&bull;", 0x2022},  {u"&shy;", 0xAD},     {u"&zwj;", 0x200D},    {u"&zwnj;", 0x200C},
                     {u"&amp;", u'&'},      {u"&lowbar;", u'_'},  {u"&period;", u'.'},  {u"&sol;", u'/'},       {u"&semi;", u';'}};
        for (const auto &entity : named) {
            const QStringView name(entity.name);
            if (text.mid(at).startsWith(name, Qt::CaseInsensitive)) {
                *value = entity.value;
                return name.size();
            }
        }
    }
    return 0;
}

bool invisible(QChar c)
{
    switch (c.category()) {
    case QChar::Other_Format:
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing: return true;
    default: return false;
    }
}

Skeleton skeletonOf(const QString &text)
{
    Skeleton s;
    const auto fillJoined = [&] {
        while (s.joined.size() < s.chars.size()) {
            const qsizetype i = s.joined.size();
            bool together = i > 0;
            for (qsizetype t = together ? s.end.at(i - 1) : 0; together && t < s.start.at(i); ++t)
                together = invisible(text.at(t));
            s.joined << together;
        }
    };
    for (qsizetype i = 0; i < text.size();) {
        char32_t c = 0;
        if (const qsizetype escape = escapeAt(text, i, &c)) {
            s.add(c, i, i + escape);
            i += escape;
            continue;
        }
        qsizetype length = 1;
        c = text.at(i).unicode();
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            length = 2;
        }
        if (c >= 0x80) {
            const QString folded = QString::fromUcs4(&c, 1).normalized(QString::NormalizationForm_KC);
            c = folded.size() == 1 ? folded.at(0).unicode() : 0;
        }
        s.add(c, i, i + length);
        i += length;
    }
    fillJoined();
    return s;
}

// Each run of letters and digits written together: its start in the skeleton and its length.
template<typename Run>
void forEachRun(const Skeleton &s, Run &&run)
{
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < s.chars.size(); ++i) {
        if (i + 1 < s.chars.size() && s.joined.at(i + 1))
            continue; // (a run goes on)
        run(runStart, i + 1 - runStart);
        runStart = i + 1;
    }
}

// Four groups of five letters or digits written apart, with at most kChainGap characters of the
// text between two of them and nothing longer than two letters or digits there: "AAAAA; BBBBB",
// "AAAAA</b>BBBBB", "AAAAA <br> BBBBB" (helper-52: such a key in a reason or a path was kept and
// shown whole). Calls `found` with the skeleton positions of each four in a row. Linear.
constexpr qsizetype kChainGap = 8;
template<typename Found>
void forEachGroupChain(const Skeleton &s, Found &&found)
{
    QList<qsizetype> chain; // where each group of the current chain starts, in the skeleton
    forEachRun(s, [&](qsizetype runStart, qsizetype length) {
        if (length == kGroupLength) {
            if (!chain.isEmpty() && s.start.at(runStart) - s.end.at(chain.last() + kGroupLength - 1) > kChainGap)
                chain.clear();
            chain << runStart;
            if (chain.size() >= kGroups)
                found(QList<qsizetype>(chain.end() - kGroups, chain.end()));
        } else if (length > 2) {
            chain.clear();
        }
    });
}

// The twenty letters and digits of four groups read as a key's: digits and letters, not three
// groups of digits alone, no two groups that begin alike (bareKey's rule: a list of sums or of
// room numbers is not a key; "moved after power fault" is four words of five).
bool chainLooksLikeKey(const QString &twenty)
{
    if (!digitAndLetter(twenty))
        return false;
    qsizetype numbers = 0;
    for (qsizetype g = 0; g < kGroups; ++g) {
        const QStringView group = QStringView(twenty).mid(g * kGroupLength, kGroupLength);
        numbers += std::all_of(group.begin(), group.end(), [](QChar c) { return c.isDigit(); });
        for (qsizetype h = 0; h < g; ++h)
            if (QStringView(twenty).mid(h * kGroupLength, 3) == group.left(3))
                return false;
    }
    return numbers < 3;
}

QString chainChars(const Skeleton &s, const QList<qsizetype> &groups)
{
    QString twenty;
    for (const qsizetype g : groups)
        twenty += QStringView(s.chars).mid(g, kGroupLength);
    return twenty;
}

QByteArray canonicalDigest(QStringView twenty)
{
    QByteArray canonical = "HMS";
    for (qsizetype g = 0; g < kGroups; ++g)
        canonical += '-' + twenty.mid(g * kGroupLength, kGroupLength).toLatin1();
    return QCryptographicHash::hash(canonical, QCryptographicHash::Sha256);
}

// A met key written as groups apart with more than separators between them ("</b>"): masked.
QString maskKnownChains(const QString &text, const QSet<QByteArray> &digests)
{
    const Skeleton s = skeletonOf(text);
    QString out;
    qsizetype copied = 0;
    forEachGroupChain(s, [&](const QList<qsizetype> &groups) {
        const qsizetype from = s.start.at(groups.first());
        if (from < copied)
            return; // (inside a chain masked already)
        const QString twenty = chainChars(s, groups);
        if (!digests.contains(canonicalDigest(twenty)))
            return;
        out += QStringView(text).mid(copied, from - copied);
        out += twenty.left(kGroupLength) + u'-' + dots() + u'-' + dots() + u'-' + twenty.right(kGroupLength);
        copied = s.end.at(groups.last() + kGroupLength - 1);
    });
    if (copied == 0)
        return text;
    out += QStringView(text).mid(copied);
    return out;
}

// Every key this process has met, masked wherever its twenty letters and digits stand in order
// in the text, whatever stands between them (helper-45: two spaces or ", " between the groups,
// bullets, chat markup around each, a dash after every character, escapes, a combining mark or
// a variation selector, mathematical letters; "HMS" before it or not, or glued to a word).
// Exact: only a met key is touched. Linear: one hash a letter or digit.
QString maskKnownKeys(const QString &given)
{
    KnownKeys &known = knownKeys();
    if (!known.any.load(std::memory_order_acquire))
        return given;
    QSet<QByteArray> digests;
    {
        const QMutexLocker locker(&known.lock);
        digests = known.digests;
    }
    const QString &text = given;
    const Skeleton s = skeletonOf(text);
    constexpr qsizetype length = kGroups * kGroupLength;
    QString out;
    qsizetype copied = 0, taken = 0; // in the text; in the skeleton
    const auto knownAt = [&](qsizetype p) { return digests.contains(canonicalDigest(QStringView(s.chars).mid(p, length))); };
    for (qsizetype p = 0; p + length <= s.chars.size();) {
        if (!knownAt(p)) {
            ++p;
            continue;
        }
        // Known twenties that overlap this one (a key and a group beside it, each remembered:
        // rememberArguments) are masked as one run, its two ends shown, or the first would
        // leave the second's middle groups shown.
        qsizetype end = p + length;
        for (qsizetype q = p + 1; q < end && q + length <= s.chars.size(); ++q)
            if (knownAt(q))
                end = q + length;
        const bool prefix = p - 3 >= taken && QStringView(s.chars).mid(p - 3, 3) == u"HMS";
        const qsizetype from = s.start.at(prefix ? p - 3 : p);
        out += QStringView(text).mid(copied, from - copied);
        out += (prefix ? QStringLiteral("HMS-") : QString()) + s.chars.mid(p, kGroupLength);
        for (qsizetype g = 1; g < (end - p + kGroupLength - 1) / kGroupLength - 1; ++g)
            out += u'-' + dots();
        out += u'-' + s.chars.mid(end - kGroupLength, kGroupLength);
        copied = s.end.at(end - 1);
        p = end;
        taken = p;
    }
    if (copied != 0)
        out += QStringView(text).mid(copied);
    // Then the groups written apart with more than separators between them ("</b>"), each masked
    // in the same form; after the rule above, which says "HMS" once before the key it found.
    return maskKnownChains(copied == 0 ? text : out, digests);
}

// A key's first and last groups (captures 1 and 2), of twenty characters written without all
// three separators, when they have digits and letters.
QString runOnKey(const QRegularExpressionMatch &m)
{
    if (!digitAndLetter(m.capturedView(0)))
        return QString();
    return m.captured(1).toUpper() + u'-' + dots() + u'-' + dots() + u'-' + m.captured(2).toUpper();
}

// "HMS" and a key's first group (capture 1), the rest of a near-key hidden.
QString nearKey(const QRegularExpressionMatch &m)
{
    return QStringLiteral("HMS-") + m.captured(1).toUpper() + u'-' + dots() + QStringLiteral("…");
}

// The text, replaced pass by pass: each pass finds its ranges in the scanned form and replaces
// them in the text and the scanned form alike.
class KeyMasker
{
public:
    KeyMasker(const QString &text, const QString &scanned) : m_out(text), m_scanned(scanned) {}

    using Replacement = std::function<QString(const QRegularExpressionMatch &)>; // null: left as is
    void pass(const QRegularExpression &re, const Replacement &with);
    QString wholeKey(const QRegularExpressionMatch &m, int tailGroup) const;
    QString bareKey(const QRegularExpressionMatch &m, bool mixed) const;
    QString pathKey(const QRegularExpressionMatch &m);
    const QString &result() const { return m_out; }

private:
    bool groupAt(qsizetype at) const;

    QString m_out;
    QString m_scanned;
    qsizetype m_readTo = 0; // pathKey's reading of the words before its matches
    bool m_base64Sign = false;
};

void KeyMasker::pass(const QRegularExpression &re, const Replacement &with)
{
    QString newOut, newScan;
    qsizetype from = 0;
    for (QRegularExpressionMatchIterator it = re.globalMatch(m_scanned); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString replacement = with(m);
        if (replacement.isNull())
            continue;
        newOut += QStringView(m_out).mid(from, m.capturedStart() - from);
        newOut += replacement;
        newScan += QStringView(m_scanned).mid(from, m.capturedStart() - from);
        newScan += replacement;
        from = m.capturedEnd();
    }
    newOut += QStringView(m_out).mid(from);
    newScan += QStringView(m_scanned).mid(from);
    m_out = newOut;
    m_scanned = newScan;
    m_readTo = 0;
    m_base64Sign = false;
}

// Whether five letters or digits stand at `at`, alone (not inside a longer word).
bool KeyMasker::groupAt(qsizetype at) const
{
    const auto alnum = [this](qsizetype i) {
        return i >= 0 && i < m_scanned.size() && m_scanned.at(i).unicode() < 0x80 && m_scanned.at(i).isLetterOrNumber();
    };
    if (at < 0 || at + kGroupLength > m_scanned.size() || alnum(at - 1) || alnum(at + kGroupLength))
        return false;
    for (qsizetype i = at; i < at + kGroupLength; ++i)
        if (!alnum(i))
            return false;
    return true;
}

// A key with "HMS", and the groups of five after it with one separator (`tailGroup`).
QString KeyMasker::wholeKey(const QRegularExpressionMatch &m, int tailGroup) const
{
    const QStringView tail = m.capturedView(tailGroup);
    const QStringView key = m.capturedView(0).left(m.capturedLength(0) - tail.size());
    QChar keySeparator; // the last between the key's characters
    for (qsizetype i = key.size() - 1; i > 2 && keySeparator.isNull(); --i)
        if (!key.at(i).isLetterOrNumber())
            keySeparator = key.at(i);
    if (!tail.isEmpty() && tail.at(0) == keySeparator) {
        // A key after "HMS" and a word of five cannot be told from "HMS" and a key (found by
        // fuzz_licensekey: "HMS hotel Q7W3E R9T2Y U4K6V P8A5S" showed the key's third group):
        // which twenty are the key cannot be told, so all but the run's last group is masked.
        QString shown = QStringLiteral("HMS-") + dots() + u'-' + dots() + u'-' + dots() + u'-' + dots();
        const qsizetype groups = tail.size() / kStride;
        for (qsizetype g = 0; g < groups; ++g)
            shown += tail.at(g * kStride) + (g + 1 < groups ? dots() : tail.mid(g * kStride + 1, kGroupLength).toString());
        return shown;
    }
    QString masked;
    if (const LicenseKey parsed = LicenseKey::parse(key.toString(), LicenseKey::Remember::No); parsed.isValid()) {
        masked = parsed.masked();
    } else {
        // A form parse() refuses (a colon or a comma between the groups) is masked from its
        // letters and digits when they stand in groups of five, as a key's do: a host name
        // such as hms-licence-server.example has twenty letters too.
        QString body;
        int run = 0, prefix = 0;
        for (QChar c : key) {
            if (prefix < 3) { // "H", "M" and "S", with whatever stands between them
                prefix += c.isLetterOrNumber();
                continue;
            }
            if (c.isLetterOrNumber()) {
                body += c.toUpper();
                ++run;
            } else if (run % kGroupLength != 0) {
                return QString();
            }
        }
        masked = QStringLiteral("HMS-") + body.left(kGroupLength) + u'-' + dots() + u'-' + dots() + u'-' + body.right(kGroupLength);
    }
    return masked + tail.toString(); // (a tail after another separator is kept as written)
}

// Four or more groups of five without "HMS". `mixed`: the last pass, which takes any separators
// (the first leaves a run that goes on with another separator to it).
QString KeyMasker::bareKey(const QRegularExpressionMatch &m, bool mixed) const
{
    const QStringView matched = m.capturedView(0);
    // Groups of five, each followed by one separator (the last by none).
    const qsizetype last = (matched.size() + 1) / kStride - 1;
    const qsizetype dashes = std::count_if(matched.begin(), matched.end(), isDashLike);
    // An offline code's groups, not a key: a run of more than eight, or a piece whose groups pass
    // their checks (a key with a group of five joined to it, "…-78901-12345", was taken for one).
    if (last + 1 > kGroups && dashes == last && offline::looksLikeCodePiece(matched))
        return QString();
    // A run that goes on past the match (a part left by a match that failed at its end): no end
    // of it can be shown, since a key's middle group may stand there. Every group is masked.
    const qsizetype start = m.capturedStart(0), end = m.capturedEnd(0);
    const bool runGoesOn = (start > 0 && isGroupSeparator(m_scanned.at(start - 1)) && groupAt(start - 1 - kGroupLength))
        || (end < m_scanned.size() && isGroupSeparator(m_scanned.at(end)) && groupAt(end + 1));
    if (runGoesOn) {
        if (!mixed || !digitAndLetter(matched))
            return QString();
        QString all = matched.toString();
        for (qsizetype g = 0; g <= last; ++g)
            all.replace(g * kStride, kGroupLength, dots());
        return all;
    }
    const auto group = [&](qsizetype i) { return matched.mid(i * kStride, kGroupLength); };
    // Some four groups in a row read as a key: digits and letters, and not three groups of
    // digits alone ("bayar 10000 20000 30000 40000" is a list of sums; a random key has
    // three such groups once in a few hundred million).
    // Nor groups that begin alike: a key's are random, room or serial numbers are not
    // ("101A1 101A2 101A3 101A4" was masked; helper-43).
    const auto keyLike = [&](qsizetype from) {
        qsizetype numbers = 0;
        for (qsizetype g = from; g < from + kGroups; ++g) {
            const QStringView chars = group(g);
            numbers += std::all_of(chars.begin(), chars.end(), [](QChar c) { return c.isDigit(); });
            for (qsizetype h = from; h < g; ++h)
                if (group(h).left(3).compare(chars.left(3), Qt::CaseInsensitive) == 0)
                    return false;
        }
        return numbers < 3 && digitAndLetter(matched.mid(from * kStride, kGroups * kStride - 1));
    };
    bool anyKey = last + 1 == kGroups && dashes == kGroups - 1; // HMS's own form without "HMS"
    for (qsizetype from = 0; !anyKey && from + kGroups <= last + 1; ++from)
        anyKey = keyLike(from);
    if (!anyKey)
        return QString();
    if (last + 1 == kGroups)
        return group(0).toString().toUpper() + u'-' + dots() + u'-' + dots() + u'-' + group(last).toString().toUpper();
    // More than four: which four are the key cannot be told (a key's group may be a word, and a
    // word may stand beside it; "bayar ABCDE-23456 FGHJK 78901" took "bayar" for the key's first
    // group and left its third shown, helper-41). Only the run's two ends are shown, as each is
    // either not the key's or its first or last group; every group between them is masked.
    QStringList inside(last - 1, dots());
    return group(0).toString() + matched.at(kGroupLength) + inside.join(u'-') + matched.at(last * kStride - 1) + group(last).toString();
}

// The twenty characters as a part of a path, in a word without "+" or "=" (standard base64 has
// slashes too). The word is read once, left to right, as the matches come: linear.
QString KeyMasker::pathKey(const QRegularExpressionMatch &m)
{
    for (; m_readTo < m.capturedStart(0); ++m_readTo) {
        const QChar c = m_scanned.at(m_readTo);
        m_base64Sign = !c.isSpace() && (m_base64Sign || c == u'+' || c == u'=');
    }
    return m_base64Sign ? QString() : runOnKey(m);
}
} // namespace

void LicenseKey::remember(const QString &sha256Tagged)
{
    static const QString tag = QStringLiteral("sha256:");
    if (!sha256Tagged.startsWith(tag))
        return;
    const QByteArray digest = QByteArray::fromHex(QStringView(sha256Tagged).mid(tag.size()).toLatin1());
    if (digest.size() != 32)
        return;
    KnownKeys &known = knownKeys();
    const QMutexLocker locker(&known.lock);
    if (known.digests.contains(digest))
        return;
    if (known.order.size() == KnownKeys::kMost)
        known.digests.remove(known.order.takeFirst());
    known.digests.insert(digest);
    known.order.append(digest);
    known.any.store(true, std::memory_order_release);
}

void LicenseKey::rememberArguments(const QStringList &arguments)
{
    // An argument, or what follows its "=", whose letters and digits are a key's twenty, with
    // "HMS" or without (helper-45: "M3F6Y, 7HDJX, ZTSW6, 4F9VR" as a command was echoed whole).
    // A key with a group or two more joined to it ("M3F6Y, 7HDJX, ZTSW6, 4F9VR, 12345"; helper-51):
    // each twenty that start at a group.
    // Those only when written as groups: five characters together, something between the groups
    // ("C:\keys\M3F6Y-…" is no run of groups, and a twenty taken from it would hide the key's own).
    const auto rememberIfKey = [](const QString &given) {
        const Skeleton s = skeletonOf(given);
        const QString &chars = s.chars;
        constexpr qsizetype length = kGroups * kGroupLength;
        // Twenty (or "HMS" and twenty) written as a key is: together within each group, or each
        // character apart (a dash after every one). Not "sqlite:/tmp/h52-w/v.sqlite", whose
        // letters and digits also come to twenty (helper-52: the server's store was shown masked).
        const auto writtenAsKey = [&s](qsizetype from) {
            bool splitInGroup = false, allApart = true;
            for (qsizetype i = from + 1; i < s.chars.size(); ++i) {
                splitInGroup = splitInGroup || (!s.joined.at(i) && (i - from) % kGroupLength != 0);
                allApart = allApart && !s.joined.at(i);
            }
            return !splitInGroup || allApart;
        };
        if (chars.size() == length) {
            if (writtenAsKey(0) && chainLooksLikeKey(chars)) // ("moved after power fault" is no key)
                parse(QStringLiteral("HMS") + chars);
            return;
        }
        if (chars.size() == 3 + length && chars.startsWith(QLatin1String("HMS"))) {
            if (writtenAsKey(3))
                parse(chars);
            return;
        }
        const qsizetype from = chars.startsWith(QLatin1String("HMS")) && (chars.size() - 3) % kGroupLength == 0 ? 3 : 0;
        if (chars.size() - from < length || (chars.size() - from) % kGroupLength != 0 || chars.size() - from > length + 2 * kGroupLength)
            return;
        for (qsizetype i = from + 1; i < chars.size(); ++i)
            if (s.joined.at(i) != ((i - from) % kGroupLength != 0))
                return;
        for (qsizetype at = from; at + length <= chars.size(); at += kGroupLength)
            if (chainLooksLikeKey(chars.mid(at, length)))
                parse(QStringLiteral("HMS") + chars.mid(at, length));
    };
    // Four groups apart with more between them than one separator ("AAAAA; BBBBB; …" in a path,
    // "AAAAA</b>BBBBB…" in a reason; helper-52), when they read as a key's; and twenty capitals and
    // digits written together inside a longer argument ("key=ABCDE23456FGHJK78901.txt"), or with
    // "HMS" before them.
    const auto rememberChains = [](const QString &given) {
        const Skeleton s = skeletonOf(given);
        forEachGroupChain(s, [&s](const QList<qsizetype> &groups) {
            if (const QString twenty = chainChars(s, groups); chainLooksLikeKey(twenty))
                parse(QStringLiteral("HMS") + twenty);
        });
        forEachRun(s, [&](qsizetype runStart, qsizetype length) {
            QStringView run = QStringView(s.chars).mid(runStart, length);
            if (run.size() == 3 + kGroups * kGroupLength && run.startsWith(u"HMS"))
                run = run.mid(3);
            const qsizetype last = runStart + length - 1;
            const QStringView written = QStringView(given).mid(s.start.at(runStart), s.end.at(last) - s.start.at(runStart));
            if (run.size() == kGroups * kGroupLength && digitAndLetter(run) && !std::any_of(written.begin(), written.end(), [](QChar c) { return c.isLower(); }))
                parse(QStringLiteral("HMS") + run.toString());
        });
    };
    // And each word and each part of a path in it (helper-48: "/tmp/x/ABCDE\u002d23456\u002d…" and
    // "x ABCDE\u002d…" were left to the text rules, which took "u002d23456" for letters and showed
    // the third group). A path is cut at "\" too (Windows), but not before "uXXXX": "\u002d" is an
    // escape, and cut there it showed the third group again (helper-49).
    // Also at ";" and "," (a list of paths), and each part without its extension (helper-50:
    // "C:\keys;ABCDE\u002d…" and "…\u002d78901.txt" showed the third group).
    static const QRegularExpression words(QStringLiteral("[\\s/;,]+"));
    // (A "\" that does not begin an escape: "\u002d", "\x2d", "\u{2d}".)
    static const QString backslash = QStringLiteral("\\\\(?![uU][0-9A-Fa-f]{4}|[xX][0-9A-Fa-f]{2}|u\\{[0-9A-Fa-f]{1,6}\\})");
    static const QRegularExpression pathParts(QStringLiteral("(?:[\\s/;,]|%1)+").arg(backslash));
    // (A folder's name with spaces in it whole: "/srv/M3F6Y 7HDJX ZTSW6 4F9VR/".)
    static const QRegularExpression folders(QStringLiteral("(?:[/;,]|%1)+").arg(backslash));
    for (const QString &given : arguments) {
        // And without its escape sequences, whose letters and digits are no key's
        // ("M3F6Y-7H\e[31mDJX…", in a path too).
        QStringList forms{given};
        if (hasEscapeSequence(given))
            forms << withoutEscapeSequences(given);
        for (const QString &argument : std::as_const(forms)) {
            rememberIfKey(argument);
            rememberChains(argument);
            if (const qsizetype eq = argument.indexOf(u'='); eq >= 0)
                rememberIfKey(argument.mid(eq + 1));
            for (const QRegularExpression *cut : {&words, &pathParts, &folders})
                for (const QString &part : argument.split(*cut, Qt::SkipEmptyParts)) {
                    if (part.size() < argument.size())
                        rememberIfKey(part);
                    if (const qsizetype dot = part.lastIndexOf(u'.'); dot > 0)
                        rememberIfKey(part.left(dot));
                }
        }
    }
}

QString LicenseKey::maskTyped(const QString &text)
{
    rememberArguments({text});
    return maskInText(text);
}

QString LicenseKey::withoutEscapeSequences(const QString &text)
{
    return hasEscapeSequence(text) ? QString(text).remove(escapeSequence()) : text;
}

void LicenseKey::forgetRemembered()
{
    KnownKeys &known = knownKeys();
    const QMutexLocker locker(&known.lock);
    known.digests.clear();
    known.order.clear();
    known.any.store(false, std::memory_order_release);
}

namespace {
QString maskAsWritten(const QString &given); // the text as it stands, escape sequences and all
} // namespace

QString LicenseKey::maskInText(const QString &given)
{
    // The format itself, said in a hint or a prompt, is no key: each side of it is masked alone
    // (masked, the CLI's prompt read "HMS-XXXXX-•••••…" once its stderr passed the mask).
    static const QString format = QStringLiteral("HMS-XXXXX-XXXXX-XXXXX-XXXXX");
    if (given.contains(format)) {
        QStringList pieces = given.split(format);
        for (QString &piece : pieces)
            piece = maskInText(piece);
        return pieces.join(format);
    }
    // A terminal's escape sequence inside a key, raw or as a message shows it ("<U+001B>[31m"): its
    // letters and digits ("31m", "U+001B") broke the key's shape for every rule, and its later
    // groups were shown (helper-50). The text is read with each sequence as a space; when a key is
    // found so, that form is what is shown.
    // Read so only when that masks more than reading the text as it is (a path that reads as a key
    // beside an escape sequence is masked either way, and the sequence is then shown as it was).
    if (hasEscapeSequence(given)) {
        QString marked = given;
        marked.replace(escapeSequence(), QStringLiteral(" ")); // (a space: between a key's characters, parse() passes over it)
        if (marked != given) {
            const QString viaMarks = maskInText(marked);
            const QString asIs = maskAsWritten(given);
            return viaMarks.count(QChar(0x2022)) > asIs.count(QChar(0x2022)) ? viaMarks : asIs;
        }
    }
    return maskAsWritten(given);
}

namespace {
QString maskAsWritten(const QString &given)
{
    const QString text = maskKnownKeys(given);
    // The forms parse() accepts are found (helper-39), and more: a key with "HMS" (any case, any
    // separators, full-width letters), a near-key (the first group and one to four more: a key a
    // character short or long), of which only the first group is left, and the four groups
    // without "HMS", of which the first and last are left, as masked() does. A host name such as
    // hms-licence-server.example is left alone. Every expression is linear in the text.
    const QString scan = scanForm(text);
    // (The common case: too few letters and digits for any form below.)
    if (std::count_if(scan.begin(), scan.end(), [](QChar c) { return c.isLetterOrNumber(); }) < 9)
        return text;
    // With "HMS": between a key's characters any character but a letter, a digit or a line break
    // (helper-40, -41, -43: dots, slashes, colons, quotes around a group, semicolons, bars,
    // brackets, a dash between every character, which parse() takes too), also between the
    // letters of "HMS"; a key glued to the word before it is found too ("kunciHMS-…").
    // One separator throughout first (`canonical`), then any (`whole`); each with the groups of
    // five after it (wholeKey).
    static const QString anySep = QStringLiteral("[^\\p{L}\\p{N}\\r\\n\\x{2028}\\x{2029}]");
    const QString &sep = groupSeparatorClass();
    static const QRegularExpression canonical(
        QStringLiteral("HMS(?:%1)?[A-Z0-9]{5}(%1)[A-Z0-9]{5}\\1[A-Z0-9]{5}\\1[A-Z0-9]{5}(?![A-Z0-9])((?:%1[A-Z0-9]{5}(?![A-Z0-9]))*)").arg(sep),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression whole(
        QStringLiteral("H%1{0,3}M%1{0,3}S(?:%1{0,3}[A-Z0-9]){20}(?![A-Z0-9])((?:%2[A-Z0-9]{5}(?![A-Z0-9]))*)").arg(anySep, sep),
        QRegularExpression::CaseInsensitiveOption);
    // (Spaces only between a whole key's groups: a near-key ended at a space would take the next word.)
    static const QRegularExpression near(QStringLiteral("HMS%1{0,2}([A-Z0-9]{5})(?:%1{1,2}[A-Z0-9]{1,6}){1,4}(?![A-Z0-9])")
                                             .arg(QStringLiteral("[-_./:,+#\\x{2010}-\\x{2015}\\x{2212}]")),
                                         QRegularExpression::CaseInsensitiveOption);
    // A near-key without separators, a character or more short or long ("HMS62X2CPEG89V7WKPA9EN").
    static const QRegularExpression runOn(QStringLiteral("HMS([A-Z0-9]{5})[A-Z0-9]{10,20}(?![A-Z0-9])"), QRegularExpression::CaseInsensitiveOption);
    // Without "HMS": four or more groups of five (bareKey), one separator throughout first (with
    // mixed ones allowed at once, "bayar ABCDE:23456:…" took "bayar" for the first group), then
    // mixed ones ("ABCDE-23456 FGHJK-78901"; helper-41); a run is taken whole (a run cut at nine
    // groups left the rest of it, found by fuzz_licensekey). Linear: a group is five characters
    // and a separator is not one, so a failed match gives back at most the run's dash-joined end,
    // once per start after a separator other than a dash.
    // A run may be joined by a dash to a word that is not a group of five ("backup-ABCDE-…",
    // "…-78901-old", "2026-…": helper-50, shown whole); joined to a group, it is part of a longer run.
    static const QString notAfterGroup = QStringLiteral("(?<![A-Z0-9])(?<!^[A-Z0-9]{5}[%1]|[^A-Z0-9][A-Z0-9]{5}[%1])").arg(dashClass());
    static const QString notBeforeGroup = QStringLiteral("(?![A-Z0-9])(?![%1][A-Z0-9]{5}(?![A-Z0-9]))").arg(dashClass());
    static const QRegularExpression bare(
        QStringLiteral("%1[A-Z0-9]{5}(%2)[A-Z0-9]{5}(?:\\1[A-Z0-9]{5}){2,}%3").arg(notAfterGroup, sep, notBeforeGroup),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression bareMixed(
        QStringLiteral("%1[A-Z0-9]{5}(?:%2[A-Z0-9]{5}){3,}%3").arg(notAfterGroup, sep, notBeforeGroup),
        QRegularExpression::CaseInsensitiveOption);
    // The twenty characters run on, away from anything that reads as base64 or a longer code (a
    // 26-group offline code, joined by dashes, is never taken for a key).
    static const QRegularExpression bareRunOn(QStringLiteral("(?<![A-Z0-9_+/.-])([A-Z0-9]{5})[A-Z0-9]{10}([A-Z0-9]{5})(?![A-Z0-9_+/=-])(?!\\.[A-Z0-9])"),
                                              QRegularExpression::CaseInsensitiveOption);
    // The twenty characters with a separator at some group boundaries only ("ABCDE23456 FGHJK78901"
    // helper-43; "ABCDE 23456FGHJK 78901", "ABCDE23456/FGHJK78901" helper-44).
    const QString optSep = sep + u'?';
    static const QRegularExpression split(
        QStringLiteral("(?<![A-Z0-9_+/.-])([A-Z0-9]{5})(?:%1[A-Z0-9]{5}){2}%1([A-Z0-9]{5})(?![A-Z0-9_+/=-])(?!\\.[A-Z0-9])").arg(optSep),
        QRegularExpression::CaseInsensitiveOption);
    // The twenty characters as a part of a path ("…/ABCDE23456FGHJK78901/licence.db", helper-41;
    // before any mark, helper-44).
    static const QRegularExpression pathRunOn(
        QStringLiteral("(?<=/)([A-Z0-9]{5})(?:%1[A-Z0-9]{5}){2}%1([A-Z0-9]{5})(?![A-Z0-9_+=-])").arg(optSep),
        QRegularExpression::CaseInsensitiveOption);

    KeyMasker masker(text, scan);
    masker.pass(canonical, [&masker](const QRegularExpressionMatch &m) { return masker.wholeKey(m, 2); });
    masker.pass(whole, [&masker](const QRegularExpressionMatch &m) { return masker.wholeKey(m, 1); });
    masker.pass(near, nearKey);
    masker.pass(runOn, nearKey);
    masker.pass(bare, [&masker](const QRegularExpressionMatch &m) { return masker.bareKey(m, false); });
    masker.pass(bareMixed, [&masker](const QRegularExpressionMatch &m) { return masker.bareKey(m, true); });
    masker.pass(bareRunOn, runOnKey);
    masker.pass(split, [](const QRegularExpressionMatch &m) {
        // (A separator at every boundary is the four groups' form, decided above.)
        const QStringView matched = m.capturedView(0);
        if (std::count_if(matched.begin(), matched.end(), [](QChar c) { return !c.isLetterOrNumber(); }) == kGroups - 1)
            return QString();
        return runOnKey(m);
    });
    masker.pass(pathRunOn, [&masker](const QRegularExpressionMatch &m) { return masker.pathKey(m); });
    return masker.result();
}
} // namespace

} // namespace hotelhub
