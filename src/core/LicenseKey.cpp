#include "LicenseKey.h"

#include "Crypto.h"

#include <QTextBoundaryFinder>

#include <algorithm>

namespace hotelhub {

namespace {

bool isIgnorable(QChar c)
{
    // Whitespace of every kind, and the invisible format characters (Unicode Cf) that come along
    // with copies from e-mail clients, WhatsApp and PDFs: zero-width spaces and joiners, the BOM,
    // the soft hyphen, and left-to-right/right-to-left marks, embeddings and isolates.
    return c.isSpace() || c.category() == QChar::Other_Format;
}

// A combining mark shows only on what it follows (the quote around it, in a message).
bool isMark(char32_t c)
{
    const QChar::Category category = QChar::category(c);
    return category == QChar::Mark_NonSpacing || category == QChar::Mark_SpacingCombining || category == QChar::Mark_Enclosing;
}

// Letters that show as nothing: the Hangul fillers and the blank Braille pattern (helper-50:
// printed raw, an empty pair of quotes).
bool looksBlank(char32_t c)
{
    // (U+FFFD too: bytes that were not UTF-8 text, which would show as "�".)
    return c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800 || c == 0xFFFD;
}

bool isDash(QChar c)
{
    // Every Unicode dash (Pd: hyphen, en and em dash, U+2015, the small and full-width hyphen-minus
    // U+FE63/U+FF0D, …), the minus sign, and '_' typed in its place.
    return c.category() == QChar::Punctuation_Dash || c == QChar(0x2212) || c == u'_';
}

bool isQuote(QChar c)
{
    return c == u'"' || c == u'\'' || c == u'`' || c == QChar(0x201C) || c == QChar(0x201D) || c == QChar(0x2018)
        || c == QChar(0x2019) || c == u'<' || c == u'>' || c == u'[' || c == u']';
}

// Letters and digits only, upper-cased, prefix included.
QString compact(const QString &pasted, char32_t *bad, QString *badShown = nullptr)
{
    QString out;
    *bad = 0;
    // Compatibility forms fold first: full-width letters and digits (ＨＭＳ－１２…) become ASCII.
    QString s = pasted.normalized(QString::NormalizationForm_KC);
    // Trim surrounding quotes/brackets and ignorable characters, repeatedly ("' HMS-… '").
    auto trimmable = [](QChar c) { return isIgnorable(c) || isQuote(c); };
    while (!s.isEmpty() && trimmable(s.front()))
        s.remove(0, 1);
    while (!s.isEmpty() && (trimmable(s.back()) || s.back() == u'.' || s.back() == u','))
        s.chop(1);
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (isIgnorable(c) || isDash(c))
            continue;
        const QChar u = c.toUpper();
        if ((u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9'))
            out += u;
        else if (*bad == 0) {
            // A character outside the BMP by its code point, not its first half (helper-48: 😀
            // was named "U+D83D"); shown with what makes one character of it on screen (a
            // flag's two halves, a skin tone, a family joined by ZWJ; helper-50: "🇮" for 🇮🇩).
            *bad = c.isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()
                ? QChar::surrogateToUcs4(c, s.at(i + 1))
                : char32_t(c.unicode());
            if (badShown) {
                QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, s);
                graphemes.setPosition(i);
                const qsizetype end = graphemes.toNextBoundary();
                *badShown = s.mid(i, (end > i ? end : i + 1) - i).left(32);
            }
        }
    }
    // A character the folding changed is named as it was typed, not as it folds (U+3164, a Hangul
    // filler, was named U+1160; "½" as the fraction slash it folds into).
    if (*bad != 0) {
        const QString folded = QString::fromUcs4(bad, 1);
        if (!pasted.contains(folded)) {
            for (qsizetype i = 0; i < pasted.size(); ++i) {
                const QChar c = pasted.at(i);
                const bool pair = c.isHighSurrogate() && i + 1 < pasted.size() && pasted.at(i + 1).isLowSurrogate();
                const QString one = pasted.mid(i, pair ? 2 : 1);
                if (one.normalized(QString::NormalizationForm_KC).contains(folded)) {
                    *bad = pair ? QChar::surrogateToUcs4(c, pasted.at(i + 1)) : char32_t(c.unicode());
                    if (badShown) {
                        QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, pasted);
                        graphemes.setPosition(i);
                        const qsizetype end = graphemes.toNextBoundary();
                        *badShown = pasted.mid(i, (end > i ? end : i + one.size()) - i).left(32);
                    }
                    break;
                }
                if (pair)
                    ++i;
            }
        }
    }
    // A character that folds into several letters or digits ("ⅻ" into XII, "ﬁ" into FI, "㎏" into
    // KG) is no part of a key: named, not read as a key with a missing or extra part (helper-51).
    if (*bad == 0) {
        for (qsizetype i = 0; i < pasted.size(); ++i) {
            const QChar c = pasted.at(i);
            if (c.unicode() < 0x80)
                continue;
            const bool pair = c.isHighSurrogate() && i + 1 < pasted.size() && pasted.at(i + 1).isLowSurrogate();
            const QString one = pasted.mid(i, pair ? 2 : 1);
            const QString folded = one.normalized(QString::NormalizationForm_KC);
            if (folded.size() > 1 && std::all_of(folded.cbegin(), folded.cend(), [](QChar f) { return f.unicode() < 0x80 && f.isLetterOrNumber(); })) {
                *bad = pair ? QChar::surrogateToUcs4(c, pasted.at(i + 1)) : char32_t(c.unicode());
                if (badShown)
                    *badShown = one;
                break;
            }
            if (pair)
                ++i;
        }
    }
    return out;
}
} // namespace

LicenseKey LicenseKey::parse(const QString &pasted, Remember remembered)
{
    LicenseKey key;
    char32_t bad = 0;
    QString badShown;
    QString body = compact(pasted, &bad, &badShown);
    if (body.isEmpty() && bad == 0) {
        key.m_problem = Problem::Empty;
        return key;
    }
    if (bad != 0) {
        key.m_problem = Problem::BadCharacter;
        key.m_badChar = bad;
        key.m_badShown = badShown;
        return key;
    }
    if (!body.startsWith(QStringLiteral("HMS"))) {
        key.m_problem = Problem::WrongPrefix;
        return key;
    }
    body = body.mid(3);
    if (body.size() != kGroups * kGroupLength) {
        key.m_problem = Problem::WrongLength;
        return key;
    }
    QString canonical = QStringLiteral("HMS");
    for (int g = 0; g < kGroups; ++g)
        canonical += u'-' + body.mid(g * kGroupLength, kGroupLength);
    key.m_key = canonical;
    key.m_problem = Problem::None;
    if (remembered == Remember::Yes)
        LicenseKey::remember(key.hash()); // (masked in every text from now on, however it is written there)
    return key;
}

QString LicenseKey::problemCode() const
{
    switch (m_problem) {
    case Problem::None: return QStringLiteral("ok");
    case Problem::Empty: return QStringLiteral("key_empty");
    case Problem::WrongPrefix: return QStringLiteral("key_wrong_prefix");
    case Problem::WrongLength: return QStringLiteral("key_wrong_length");
    case Problem::BadCharacter: return QStringLiteral("key_bad_character");
    }
    Q_UNREACHABLE();
}

QString LicenseKey::problemText() const
{
    switch (m_problem) {
    case Problem::None: return {};
    case Problem::Empty:
        return tr("Enter the licence key from your purchase e-mail. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX");
    case Problem::WrongPrefix:
        return tr("A HotelHub licence key starts with HMS-. Check your purchase e-mail and copy the whole key.");
    case Problem::WrongLength:
        return tr("The key should have 4 groups of 5 letters or digits after HMS-. Part of it may be missing: copy the whole key again.");
    case Problem::BadCharacter:
        // A character outside the BMP (an emoji) is shown whole; an invisible one, or half a pair
        // alone, is named by its code, never printed raw.
        return tr("The key contains \"%1\", which no licence key has: a key has only the letters A-Z and the digits 0-9. Copy the key "
                  "again from your purchase e-mail.")
            .arg(QChar::isPrint(m_badChar) && !isMark(m_badChar) && !looksBlank(m_badChar) // not printable: a lone surrogate (Cs) too
                     ? m_badShown
                     : QStringLiteral("U+%1").arg(uint(m_badChar), 4, 16, QLatin1Char('0')).toUpper());
    }
    Q_UNREACHABLE();
}

QString LicenseKey::hash() const
{
    return isValid() ? crypto::sha256Tagged(m_key.toUtf8()) : QString();
}

QString LicenseKey::masked() const
{
    if (!isValid())
        return {};
    const QString dots(kGroupLength, QChar(0x2022));
    return m_key.left(9) + u'-' + dots + u'-' + dots + u'-' + m_key.right(kGroupLength);
}

QString LicenseKey::formatPartial(const QString &typed)
{
    char32_t bad = 0;
    QString body = compact(typed, &bad);
    QString out;
    // Group as HMS-XXXXX-… for whatever is typed so far.
    if (body.startsWith(QStringLiteral("HMS"))) {
        out = QStringLiteral("HMS");
        body = body.mid(3);
        for (qsizetype i = 0; i < body.size() && i < kGroups * kGroupLength; ++i) {
            if (i % kGroupLength == 0)
                out += u'-';
            out += body.at(i);
        }
        return out;
    }
    return body.left(3 + kGroups * kGroupLength);
}

} // namespace hotelhub
