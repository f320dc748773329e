#include "LicenseKey.h"

#include <QRegularExpression>

#include <algorithm>

#include <functional>
#include "Crypto.h"

namespace hotelhub {

namespace {
constexpr int kGroups = 4;
constexpr int kGroupLength = 5;

bool isIgnorable(QChar c)
{
    // Whitespace of every kind, and the invisible format characters (Unicode Cf) that come along
    // with copies from e-mail clients, WhatsApp and PDFs: zero-width spaces and joiners, the BOM,
    // the soft hyphen, and left-to-right/right-to-left marks, embeddings and isolates.
    return c.isSpace() || c.category() == QChar::Other_Format;
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
QString compact(const QString &pasted, QChar *bad)
{
    QString out;
    *bad = QChar();
    // Compatibility forms fold first: full-width letters and digits (ＨＭＳ－１２…) become ASCII.
    QString s = pasted.normalized(QString::NormalizationForm_KC);
    // Trim surrounding quotes/brackets and ignorable characters, repeatedly ("' HMS-… '").
    auto trimmable = [](QChar c) { return isIgnorable(c) || isQuote(c); };
    while (!s.isEmpty() && trimmable(s.front()))
        s.remove(0, 1);
    while (!s.isEmpty() && (trimmable(s.back()) || s.back() == u'.' || s.back() == u','))
        s.chop(1);
    for (QChar c : s) {
        if (isIgnorable(c) || isDash(c))
            continue;
        const QChar u = c.toUpper();
        if ((u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9'))
            out += u;
        else if (bad->isNull())
            *bad = c;
    }
    return out;
}
} // namespace

LicenseKey LicenseKey::parse(const QString &pasted)
{
    LicenseKey key;
    QChar bad;
    QString body = compact(pasted, &bad);
    if (body.isEmpty() && bad.isNull()) {
        key.m_problem = Problem::Empty;
        return key;
    }
    if (!bad.isNull()) {
        key.m_problem = Problem::BadCharacter;
        key.m_badChar = bad;
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
        // A surrogate (half an emoji) or an invisible character is named by its code, never printed raw.
        return tr("The key contains \"%1\", which is not a letter or digit. Copy the key again from your purchase e-mail.")
            .arg(m_badChar.isPrint() && !m_badChar.isSurrogate() ? QString(m_badChar)
                                                                 : QStringLiteral("U+%1").arg(m_badChar.unicode(), 4, 16, QLatin1Char('0')).toUpper());
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

QString LicenseKey::maskInText(const QString &text)
{
    // The forms parse() accepts are found too (helper-39): any case, dashes, underscores, spaces or
    // dash-like characters between the groups (doubled too), full-width letters (found on the
    // text's compatibility form, replaced in the text as given). Then near-keys: the first group
    // and one to four more (a key a character short or long), of which only the first group is
    // left; and the four groups without "HMS", of which the first and last are left, as masked()
    // does. A host name such as hms-licence-server.example is left alone. Bounded repetitions:
    // linear in the text.
    // Folded character by character, so that positions stay those of the text: a character whose
    // compatibility form is longer ("…" is "...") is kept as it is. (The whole text folded at once
    // fell back to the raw text whenever one such character was in it, and a full-width key
    // followed by "…" was shown whole; helper-40.)
    QString scan = text;
    for (qsizetype i = 0; i < scan.size(); ++i) {
        // A percent-encoded separator ("HMS%2DABCDE…"; helper-43) is scanned as one.
        const auto hex = [](QChar c) { return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F'); };
        if (scan.at(i) == u'%' && i + 2 < scan.size() && hex(scan.at(i + 1)) && hex(scan.at(i + 2))) {
            scan[i + 1] = scan[i + 2] = u'%';
            i += 2;
            continue;
        }
        if (scan.at(i).unicode() < 0x80)
            continue;
        // Half of a surrogate pair (text cut at a length, a JSON "\ud800") makes the text invalid
        // UTF-16, on which no expression matches: a key anywhere in it was shown whole (found by
        // fuzz_licensekey). Scanned as U+FFFD, at the same place.
        if (scan.at(i).isHighSurrogate() && i + 1 < scan.size() && scan.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        if (scan.at(i).isSurrogate()) {
            scan[i] = QChar::ReplacementCharacter;
            continue;
        }
        const QString one = QString(scan.at(i)).normalized(QString::NormalizationForm_KC);
        if (one.size() == 1)
            scan[i] = one.at(0);
    }
    // (The common case: too few letters and digits for any form below.)
    if (std::count_if(scan.begin(), scan.end(), [](QChar c) { return c.isLetterOrNumber(); }) < 9)
        return text;
    // Between a key's characters: dashes and dash-likes, underscores, spaces, dots and slashes
    // (helper-40: "HMS.…", "HMS/…"). A key glued to the word before it is found too ("kunciHMS-…").
    // Also colons, commas, plus and hash signs, and quotes around a group (helper-41:
    // "HMS:…", "HMS-\"ABCDE\"-…").
    // Since helper-43 any character but a letter, a digit or a line break (semicolons, bars,
    // brackets, equals signs, a dash between every character, which parse() takes too), also
    // between the letters of "HMS"; a percent-encoded one ("%2D") counts as one.
    static const QString sep = QStringLiteral("[^\\p{L}\\p{N}\\r\\n\\x{2028}\\x{2029}]");
    // A key and the groups of five after it (`tail`): a key after "HMS" and a word of
    // five cannot be told from "HMS" and a key, so a tail with the key's separator makes every
    // group but the run's last masked (found by fuzz_licensekey: "HMS hotel Q7W3E R9T2Y U4K6V
    // P8A5S" showed the key's third group). One separator throughout first, then any.
    static const QString oneSep = QStringLiteral("[-_ ./:,+#;|~=*\\\\\\x{00B7}\\x{2010}-\\x{2015}\\x{2212}]");
    static const QRegularExpression canonical(
        QStringLiteral("HMS(?:%1)?[A-Z0-9]{5}(%1)[A-Z0-9]{5}\\1[A-Z0-9]{5}\\1[A-Z0-9]{5}(?![A-Z0-9])((?:%1[A-Z0-9]{5}(?![A-Z0-9]))*)").arg(oneSep),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression whole(QStringLiteral("H%1{0,3}M%1{0,3}S(?:%1{0,3}[A-Z0-9]){20}(?![A-Z0-9])((?:%2[A-Z0-9]{5}(?![A-Z0-9]))*)").arg(sep, oneSep),
                                          QRegularExpression::CaseInsensitiveOption);
    // (Spaces only between a whole key's groups: a near-key ended at a space would take the next word.)
    static const QRegularExpression near(QStringLiteral("HMS%1{0,2}([A-Z0-9]{5})(?:%1{1,2}[A-Z0-9]{1,6}){1,4}(?![A-Z0-9])")
                                             .arg(QStringLiteral("[-_./:,+#\\x{2010}-\\x{2015}\\x{2212}]")),
                                         QRegularExpression::CaseInsensitiveOption);
    // A near-key without separators, a character or more short or long ("HMS62X2CPEG89V7WKPA9EN").
    static const QRegularExpression runOn(QStringLiteral("HMS([A-Z0-9]{5})[A-Z0-9]{10,20}(?![A-Z0-9])"), QRegularExpression::CaseInsensitiveOption);
    // The four groups without "HMS"; with anything but dashes between them, only with a digit and a
    // letter in it ("about these fives words", "10000, 20000, 30000, 40000" are left alone). The
    // separators may differ ("ABCDE-23456 FGHJK-78901"; helper-41), and the twenty characters may
    // run on, away from anything that reads as base64 or a longer code (a 26-group offline code,
    // joined by dashes, is never taken for a key).
    // (One separator throughout first: with mixed ones allowed at once, "bayar ABCDE:23456:…" took
    // "bayar" for the first group.)
    // A run of more than four such groups is taken whole: which four are the key cannot be told,
    // so only its two ends are shown ("bayar ABCDE-23456 FGHJK 78901" took "bayar" for the key's
    // first group and left its third shown; helper-41; a run cut at nine groups left the rest of
    // it, found by fuzz_licensekey). Linear: a group is five characters and a separator is not
    // one, so a failed match gives back at most the run's dash-joined end, once per start after a
    // separator other than a dash.
    static const QRegularExpression bare(
        QStringLiteral("(?<![A-Z0-9\\x{2010}-\\x{2015}\\x{2212}-])[A-Z0-9]{5}([-_ ./:,+#;|~=*\\\\\\x{00B7}\\x{2010}-\\x{2015}\\x{2212}])[A-Z0-9]{5}(?:\\1[A-Z0-9]{5}){2,}(?![A-Z0-9\\x{2010}-\\x{2015}\\x{2212}-])"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression bareMixed(
        QStringLiteral("(?<![A-Z0-9\\x{2010}-\\x{2015}\\x{2212}-])[A-Z0-9]{5}(?:[-_ ./:,+#;|~=*\\\\\\x{00B7}\\x{2010}-\\x{2015}\\x{2212}][A-Z0-9]{5}){3,}(?![A-Z0-9\\x{2010}-\\x{2015}\\x{2212}-])"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression bareRunOn(QStringLiteral("(?<![A-Z0-9_+/.-])([A-Z0-9]{5})[A-Z0-9]{10}([A-Z0-9]{5})(?![A-Z0-9_+/=-])(?!\\.[A-Z0-9])"),
                                              QRegularExpression::CaseInsensitiveOption);
    const QString dots(kGroupLength, QChar(0x2022));
    // Each pass finds its ranges in the scanned form and replaces them in `out` and the scanned copy alike.
    QString out = text;
    QString scanned = scan;
    const auto pass = [&](const QRegularExpression &re, const std::function<QString(const QRegularExpressionMatch &)> &with) {
        QString newOut, newScan;
        qsizetype from = 0;
        for (QRegularExpressionMatchIterator it = re.globalMatch(scanned); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            const QString replacement = with(m);
            if (replacement.isNull())
                continue;
            newOut += QStringView(out).mid(from, m.capturedStart() - from);
            newOut += replacement;
            newScan += QStringView(scanned).mid(from, m.capturedStart() - from);
            newScan += replacement;
            from = m.capturedEnd();
        }
        newOut += QStringView(out).mid(from);
        newScan += QStringView(scanned).mid(from);
        out = newOut;
        scanned = newScan;
    };
    // Whether five letters or digits stand at `at`, alone (not inside a longer word).
    const auto groupAt = [&scanned](qsizetype at) {
        const auto alnum = [&scanned](qsizetype i) { return i >= 0 && i < scanned.size() && scanned.at(i).unicode() < 0x80 && scanned.at(i).isLetterOrNumber(); };
        if (at < 0 || at + kGroupLength > scanned.size() || alnum(at - 1) || alnum(at + kGroupLength))
            return false;
        for (qsizetype i = at; i < at + kGroupLength; ++i)
            if (!alnum(i))
                return false;
        return true;
    };
    // (Dash-likes are dashes: Word and WhatsApp turn "-" into "–"; helper-44.)
    const auto dashLike = [](QChar c) { return c == u'-' || (c.unicode() >= 0x2010 && c.unicode() <= 0x2015) || c.unicode() == 0x2212; };
    const auto groupSeparator = [&dashLike](QChar c) { return dashLike(c) || QStringView(u"_ ./:,+#;|~=*\\\u00B7").contains(c); };
    const auto wholeKey = [&dots](const QRegularExpressionMatch &m, int tailGroup) {
        const QStringView tail = m.capturedView(tailGroup);
        const QStringView key = m.capturedView(0).left(m.capturedLength(0) - tail.size());
        QChar keySeparator; // the last between the key's characters
        for (qsizetype i = key.size() - 1; i > 2 && keySeparator.isNull(); --i)
            if (!key.at(i).isLetterOrNumber())
                keySeparator = key.at(i);
        if (!tail.isEmpty() && tail.at(0) == keySeparator) {
            // Which twenty are the key cannot be told: all but the run's last group masked.
            QString shown = QStringLiteral("HMS-") + dots + u'-' + dots + u'-' + dots + u'-' + dots;
            const qsizetype groups = tail.size() / (kGroupLength + 1);
            for (qsizetype g = 0; g < groups; ++g)
                shown += tail.at(g * (kGroupLength + 1)) + (g + 1 < groups ? dots : tail.mid(g * (kGroupLength + 1) + 1, kGroupLength).toString());
            return shown;
        }
        QString masked;
        if (const LicenseKey parsed = parse(key.toString()); parsed.isValid()) {
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
            masked = QStringLiteral("HMS-") + body.left(kGroupLength) + u'-' + dots + u'-' + dots + u'-' + body.right(kGroupLength);
        }
        return masked + tail.toString(); // (a tail after another separator is kept as written)
    };
    pass(canonical, [&wholeKey](const QRegularExpressionMatch &m) { return wholeKey(m, 2); });
    pass(whole, [&wholeKey](const QRegularExpressionMatch &m) { return wholeKey(m, 1); });
    const auto nearKey = [&dots](const QRegularExpressionMatch &m) { return QStringLiteral("HMS-") + m.captured(1).toUpper() + u'-' + dots + QStringLiteral("…"); };
    pass(near, nearKey);
    pass(runOn, nearKey);
    const auto digitAndLetter = [](QStringView v) {
        return std::any_of(v.begin(), v.end(), [](QChar c) { return c.isDigit(); })
            && std::any_of(v.begin(), v.end(), [](QChar c) { return c.isLetter(); });
    };
    // (`mixed`: the last pass, which takes any separators; the first leaves a run that goes on
    // with another separator to it.)
    const auto bareKey = [&dots, &digitAndLetter, &scanned, &groupAt, &groupSeparator, &dashLike](const QRegularExpressionMatch &m, bool mixed) {
        const QStringView matched = m.capturedView(0);
        // Groups of five, each followed by one separator (the last by none).
        const qsizetype last = (matched.size() + 1) / (kGroupLength + 1) - 1;
        const qsizetype dashes = std::count_if(matched.begin(), matched.end(), dashLike);
        if (last + 1 > kGroups && dashes == last) // an offline code's groups, not a key
            return QString();
        // A run that goes on past the match (a part left by a match that failed at its end): no end
        // of it can be shown, since a key's middle group may stand there. Every group is masked.
        const qsizetype start = m.capturedStart(0), end = m.capturedEnd(0);
        const bool runGoesOn = (start > 0 && groupSeparator(scanned.at(start - 1)) && groupAt(start - 1 - kGroupLength))
            || (end < scanned.size() && groupSeparator(scanned.at(end)) && groupAt(end + 1));
        if (runGoesOn) {
            if (!mixed || !digitAndLetter(matched))
                return QString();
            QString all = matched.toString();
            for (qsizetype g = 0; g <= last; ++g)
                all.replace(g * (kGroupLength + 1), kGroupLength, dots);
            return all;
        }
        const auto group = [&](qsizetype i) { return matched.mid(i * (kGroupLength + 1), kGroupLength); };
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
            return numbers < 3 && digitAndLetter(matched.mid(from * (kGroupLength + 1), kGroups * (kGroupLength + 1) - 1));
        };
        bool anyKey = last + 1 == kGroups && dashes == kGroups - 1; // HMS's own form without "HMS"
        for (qsizetype from = 0; !anyKey && from + kGroups <= last + 1; ++from)
            anyKey = keyLike(from);
        if (!anyKey)
            return QString();
        if (last + 1 == kGroups)
            return group(0).toString().toUpper() + u'-' + dots + u'-' + dots + u'-' + group(last).toString().toUpper();
        // More than four: which four are the key cannot be told (a key's group may be a word, and a
        // word may stand beside it). Only the run's two ends are shown, as each is either not the
        // key's or its first or last group; every group between them is masked.
        QStringList inside(last - 1, dots);
        return group(0).toString() + matched.at(kGroupLength) + inside.join(u'-') + matched.at(last * (kGroupLength + 1) - 1) + group(last).toString();
    };
    pass(bare, [&bareKey](const QRegularExpressionMatch &m) { return bareKey(m, false); });
    pass(bareMixed, [&bareKey](const QRegularExpressionMatch &m) { return bareKey(m, true); });
    const auto runOnKey = [&dots, &digitAndLetter](const QRegularExpressionMatch &m) {
        if (!digitAndLetter(m.capturedView(0)))
            return QString();
        return m.captured(1).toUpper() + u'-' + dots + u'-' + dots + u'-' + m.captured(2).toUpper();
    };
    pass(bareRunOn, runOnKey);
    // The twenty characters with a separator at some group boundaries only ("ABCDE23456 FGHJK78901"
    // helper-43; "ABCDE 23456FGHJK 78901", "ABCDE23456/FGHJK78901" helper-44).
    static const QString optSep = QStringLiteral("[-_ ./:,+#;|~=*\\\\\\x{00B7}\\x{2010}-\\x{2015}\\x{2212}]?");
    static const QRegularExpression split(
        QStringLiteral("(?<![A-Z0-9_+/.-])([A-Z0-9]{5})(?:%1[A-Z0-9]{5}){2}%1([A-Z0-9]{5})(?![A-Z0-9_+/=-])(?!\\.[A-Z0-9])").arg(optSep),
        QRegularExpression::CaseInsensitiveOption);
    pass(split, [&runOnKey](const QRegularExpressionMatch &m) {
        // (A separator at every boundary is the four groups' form, decided above.)
        const QStringView matched = m.capturedView(0);
        if (std::count_if(matched.begin(), matched.end(), [](QChar c) { return !c.isLetterOrNumber(); }) == kGroups - 1)
            return QString();
        return runOnKey(m);
    });
    // The twenty characters as a part of a path ("…/ABCDE23456FGHJK78901/licence.db"; helper-41):
    // after a slash and before another, a file's extension or the end of the word, in a word
    // without "+" or "=" (standard base64 has slashes too).
    static const QRegularExpression pathRunOn(
        QStringLiteral("(?<=/)([A-Z0-9]{5})(?:%1[A-Z0-9]{5}){2}%1([A-Z0-9]{5})(?![A-Z0-9_+=-])").arg(optSep),
        QRegularExpression::CaseInsensitiveOption);
    // (The word is read once, left to right, as the matches come: linear.)
    qsizetype readTo = 0;
    bool base64Sign = false;
    pass(pathRunOn, [&runOnKey, &scanned, &readTo, &base64Sign](const QRegularExpressionMatch &m) {
        for (; readTo < m.capturedStart(0); ++readTo) {
            const QChar c = scanned.at(readTo);
            base64Sign = !c.isSpace() && (base64Sign || c == u'+' || c == u'=');
        }
        return base64Sign ? QString() : runOnKey(m);
    });
    return out;
}

QString LicenseKey::formatPartial(const QString &typed)
{
    QChar bad;
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
