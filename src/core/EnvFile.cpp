#include "EnvFile.h"

#include "DiskSpace.h"
#include "MarkedText.h"
#include "SmallFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QStringDecoder>

#include <algorithm>

namespace hotelhub {

// The grammar below is phpdotenv 5's (Lines, EntryParser, Lexer and Resolver), restated:
// - lines split on \r\n, \n or \r; a trimmed line that is empty or starts with '#' is skipped;
// - a line containing `="` whose unescaped double quotes do not already close starts a value over
//   several lines, ended by the first later line with an unescaped `"`; never ended, the lines are
//   ignored to the end of the file;
// - NAME=VALUE splits at the first '=', both trimmed; `export ` and quotes around NAME are dropped;
//   NAME is letters, marks, digits, '_' and '.';
// - VALUE: 'single' is literal; "double" knows \" \\ \$ \f \n \r \t \v and nothing else; unquoted
//   ends at '#' or whitespace, and whitespace followed by anything but a comment is an error;
// - ${NAME} in unquoted and double-quoted values takes the value of a key loaded before it,
//   and stays as written when there is none.
namespace {
bool phpTrimmed(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\0' || c == u'\x0B';
}

bool ctypeSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\x0B' || c == u'\f';
}

QString phpTrim(const QString &s)
{
    qsizetype b = 0, e = s.size();
    while (b < e && phpTrimmed(s.at(b)))
        ++b;
    while (e > b && phpTrimmed(s.at(e - 1)))
        --e;
    return s.mid(b, e - b);
}

// Unescaped double quotes on a physical line as phpdotenv counts them: every `\\` removed, then
// each `"` that follows a character other than a backslash.
int quoteCount(const QByteArray &line)
{
    int count = 0;
    char previous = 0;
    bool havePrevious = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        char c = line.at(i);
        if (c == '\\' && i + 1 < line.size() && line.at(i + 1) == '\\') {
            ++i; // the pair is removed
            continue;
        }
        if (c == '"' && havePrevious && previous != '\\')
            ++count;
        previous = c;
        havePrevious = true;
    }
    return count;
}

bool closesMultiline(const QByteArray &line, bool started)
{
    if (line == "\"")
        return true;
    const int count = quoteCount(line);
    return started ? count > 1 : count >= 1;
}

bool opensMultiline(const QByteArray &line)
{
    return line.contains("=\"") && !closesMultiline(line, true);
}

bool validName(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        const QChar::Category cat = c.category();
        const bool ok = cat == QChar::Letter_Lowercase || cat == QChar::Letter_Uppercase || cat == QChar::Mark_NonSpacing
            || cat == QChar::Mark_SpacingCombining || cat == QChar::Mark_Enclosing || cat == QChar::Number_DecimalDigit
            || cat == QChar::Number_Letter || cat == QChar::Number_Other || c == u'_' || c == u'.';
        if (!ok)
            return false;
    }
    return true;
}

bool resolvableNameChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_' || c == u'.';
}

enum class ValueError { None, Whitespace, AfterQuote, Escape, Unclosed };

// The value after '=' (already trimmed) as phpdotenv lexes it; `vars` gets the positions in the
// result of each '$' that may start a reference.
QString lexValue(const QString &v, QList<qsizetype> *vars, ValueError *error)
{
    enum State { Initial, Unquoted, Single, Double, Escape, Whitespace, Comment };
    State st = Initial;
    QString out;
    *error = ValueError::None;
    for (qsizetype i = 0; i < v.size() && st != Comment; ++i) {
        const QChar c = v.at(i);
        switch (st) {
        case Initial:
            if (c == u'\'') {
                st = Single;
            } else if (c == u'"') {
                st = Double;
            } else if (c == u'#') {
                st = Comment;
            } else {
                if (c == u'$')
                    vars->append(out.size());
                out += c;
                st = Unquoted;
            }
            break;
        case Unquoted:
            if (c == u'#') {
                st = Comment;
            } else if (ctypeSpace(c)) {
                st = Whitespace;
            } else {
                if (c == u'$')
                    vars->append(out.size());
                out += c;
            }
            break;
        case Single:
            if (c == u'\'')
                st = Whitespace;
            else
                out += c;
            break;
        case Double:
            if (c == u'"') {
                st = Whitespace;
            } else if (c == u'\\') {
                st = Escape;
            } else {
                if (c == u'$')
                    vars->append(out.size());
                out += c;
            }
            break;
        case Escape: {
            static const QString plain = QStringLiteral("\"\\$");
            static const QString letters = QStringLiteral("fnrtv");
            static const QString controls = QStringLiteral("\f\n\r\t\v");
            if (plain.contains(c)) {
                out += c;
            } else if (const qsizetype k = letters.indexOf(c); k >= 0) {
                out += controls.at(k);
            } else {
                *error = ValueError::Escape;
                return out;
            }
            st = Double;
            break;
        }
        case Whitespace:
            if (c == u'#') {
                st = Comment;
            } else if (!ctypeSpace(c)) {
                // phpdotenv's "unexpected whitespace" either way; said apart for the owner.
                *error = (v.front() == u'"' || v.front() == u'\'') ? ValueError::AfterQuote : ValueError::Whitespace;
                return out;
            }
            break;
        case Comment:
            break;
        }
    }
    if (st == Single || st == Double || st == Escape)
        *error = ValueError::Unclosed;
    return out;
}
} // namespace

const EnvFile::Line *EnvFile::entryWriting(const QString &key, int *physicalLine) const
{
    if (key.isEmpty())
        return nullptr;
    const QByteArray name = key.toUtf8();
    for (const Line &line : m_lines) {
        // A name alone (`KEY`, no `=`) unsets the key and writes nothing: a stray such line made a
        // vendor-mode file look like sheet mode (the re-read of 2026-12-06).
        if (line.key == key && line.raw.contains('=')) {
            *physicalLine = line.number;
            return &line;
        }
        int offset = 0;
        for (const QByteArray &raw : line.raw.split('\n')) {
            QByteArray physical = raw.trimmed();
            if (physical.startsWith("export ") || physical.startsWith("export\t"))
                physical = physical.mid(7).trimmed();
            if (physical.size() > name.size() && physical.startsWith(name) && physical.mid(name.size()).trimmed().startsWith('=')) {
                *physicalLine = line.number + offset;
                return &line;
            }
            ++offset;
        }
    }
    return nullptr;
}

bool EnvFile::written(const QString &key) const
{
    int physicalLine = 0;
    return entryWriting(key, &physicalLine) != nullptr;
}

QList<EnvFile::Problem> EnvFile::whyNotLoaded(const QString &key) const
{
    int at = 0;
    const Line *entry = contains(key) ? nullptr : entryWriting(key, &at);
    if (!entry)
        return {};
    QList<Problem> own;
    for (const Problem &p : m_problems)
        if (p.key == key)
            own << p;
    if (!own.isEmpty())
        return own;
    // Inside another entry: that entry's own problem when it has one (a quote never closed, text
    // after the quote that closed it)…
    for (const Problem &p : m_problems)
        if (p.line == entry->number)
            return {p};
    // …else a quote the HMS reads as closed further down: the file loads, and the line is part of
    // the other key's value (helper-58: the heartbeat then went to the default vendor without a word)…
    if (entry->key != key) {
        const int closes = entry->number + int(entry->raw.count('\n'));
        return {Problem{at, key,
                        tr("%1 is inside the value of %2, whose quote opens on line %3 and closes only on line %4, so the HMS does not read it as a setting.")
                            .arg(key, entry->key.isEmpty() ? tr("the line above") : entry->key)
                            .arg(entry->number)
                            .arg(closes),
                        tr("Close the quote at the end of line %1.").arg(entry->number)}};
    }
    // …or its own line loaded, and a later line names the key alone, which the HMS reads as unsetting it.
    for (qsizetype i = m_lines.size() - 1; i >= 0; --i)
        if (m_lines[i].key == key && !m_lines[i].raw.contains('='))
            return {Problem{m_lines[i].number, key, tr("%1 is unset by line %2, which names it without a value.").arg(key).arg(m_lines[i].number),
                            tr("Remove line %1, or give it a value there.").arg(m_lines[i].number)}};
    return m_problems; // not reached: a key whose own line loads has a value, or was unset by name
}

QString EnvFile::lineText(const Problem &p)
{
    return tr("Line %1 of the settings file: %2 %3").arg(p.line).arg(p.reason, p.fix);
}

QString EnvFile::Problem::text() const
{
    return EnvFile::tr("line %1: %2 %3").arg(line).arg(reason, fix);
}

QStringList EnvFile::warnings() const
{
    QStringList out;
    for (const Problem &p : m_problems)
        out << p.text();
    return out;
}

bool EnvFile::isValidKey(const QString &key)
{
    static const QRegularExpression re(QStringLiteral("\\A[A-Za-z_][A-Za-z0-9_.]*\\z"));
    return re.match(key).hasMatch();
}

QString EnvFile::formatValue(const QString &value)
{
    static const QRegularExpression plain(QStringLiteral("\\A[A-Za-z0-9_./:@+\\-,]*\\z"));
    if (plain.match(value).hasMatch())
        return value;
    // Single quotes are literal; without a double quote the line can never look like the start of
    // a value over several lines.
    if (!value.contains(u'\'') && !value.contains(u'"') && !value.contains(u'\n') && !value.contains(u'\r'))
        return u'\'' + value + u'\'';
    QString out = QStringLiteral("\"");
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '\\': out += QStringLiteral("\\\\"); break;
        case '"': out += QStringLiteral("\\\""); break;
        case '$': out += QStringLiteral("\\$"); break;
        case '\n': out += QStringLiteral("\\n"); break;
        case '\r': out += QStringLiteral("\\r"); break;
        case '\t': out += QStringLiteral("\\t"); break;
        case '\f': out += QStringLiteral("\\f"); break;
        case '\v': out += QStringLiteral("\\v"); break;
        default: out += c;
        }
    }
    return out + u'"';
}

bool EnvFile::load(const QString &path)
{
    m_path = path;
    m_error.clear();
    QFile file(path);
    m_exists = file.exists();
    if (!m_exists) {
        m_edits.clear();
        parse({});
        m_tracked = true;
        m_baseExists = false;
        m_base.clear();
        return true;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = tr("Cannot read the settings file %1: %2. Check that it exists and that this user may read it.").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    m_base = file.readAll();
    m_edits.clear();
    parse(m_base);
    m_tracked = true;
    m_baseExists = true;
    return true;
}

void EnvFile::parse(const QByteArray &textIn)
{
    m_lines.clear();
    m_values.clear();
    m_order.clear();
    m_problems.clear();
    m_eol = "\n";
    m_bom = textIn.startsWith("\xEF\xBB\xBF"); // Notepad's; kept on save
    // Notepad's "Unicode" is UTF-16. phpdotenv reads bytes as UTF-8, so the HMS loads no key from
    // it; read as bytes, every line was "not KEY=VALUE", and a save would have mixed UTF-8 lines
    // into it. Named once, never written to, but read as its text: its vendor address and pinned
    // key still count for the licence (without them a paired hotel locked as "token invalid, pair
    // again"; helper-54).
    const MarkedText::Decoded decoded = MarkedText::decode(textIn);
    // Without a mark, UTF-16 shows in its first character: one half zero (a key or a '#' is
    // ASCII). A NUL further on in a UTF-8 file is no such sign (the fuzzer, CI of fda0746).
    const bool unmarkedWide = decoded.mark == UnicodeMark::None && textIn.size() >= 2 && ((textIn[0] == '\0') != (textIn[1] == '\0'));
    if (MarkedText::isWide(decoded.mark) || unmarkedWide) {
        QString text = decoded.text;
        if (unmarkedWide) // the zero half of the first character says the byte order
            text = QStringDecoder(textIn.startsWith('\0') ? QStringDecoder::Utf16BE : QStringDecoder::Utf16LE).decode(textIn);
        parse(text.remove(QChar(0)).toUtf8()); // (no NUL left to come back here)
        m_wide = true;
        m_problems.prepend({1, {}, tr("the file is saved as UTF-16 (\"Unicode\" in Notepad), and the HMS (Laravel) reads only UTF-8, so it loads no setting from it."),
                            tr("Open it in Notepad, choose File > Save As, set Encoding to UTF-8 and save it.")});
        return;
    }
    m_wide = false;
    const qsizetype start = m_bom ? 3 : 0;

    // Physical lines with their own endings.
    struct Physical { QByteArray text; QByteArray eol; };
    QList<Physical> physical;
    bool eolSeen = false;
    for (qsizetype i = start, from = start; i <= textIn.size(); ++i) {
        if (i == textIn.size()) {
            if (i > from)
                physical.append({textIn.mid(from, i - from), {}});
            break;
        }
        const char c = textIn.at(i);
        if (c != '\n' && c != '\r')
            continue;
        const bool crlf = c == '\r' && i + 1 < textIn.size() && textIn.at(i + 1) == '\n';
        const QByteArray eol = crlf ? QByteArray("\r\n") : QByteArray(1, c);
        if (!eolSeen) {
            m_eol = eol;
            eolSeen = true;
        }
        physical.append({textIn.mid(from, i - from), eol});
        if (crlf)
            ++i;
        from = i + 1;
    }

    // Entries: one physical line each, or several for a double-quoted value over lines.
    for (qsizetype n = 0; n < physical.size(); ++n) {
        Line line;
        line.number = int(n + 1);
        qsizetype last = n;
        bool unclosed = false;
        if (opensMultiline(physical[n].text)) {
            while (last + 1 < physical.size() && !closesMultiline(physical[last + 1].text, false))
                ++last;
            if (last + 1 < physical.size())
                ++last; // the closing line
            else
                unclosed = true;
        }
        QByteArray entry;
        for (qsizetype k = n; k <= last; ++k) {
            line.raw += physical[k].text;
            entry += physical[k].text;
            if (k < last) {
                line.raw += physical[k].eol;
                entry += '\n';
            }
        }
        line.eol = physical[last].eol;
        if (unclosed) {
            const QString text = QString::fromUtf8(physical[n].text);
            const qsizetype eq = text.indexOf(u'=');
            const QString key = eq > 0 ? phpTrim(text.left(eq)) : QString();
            // Named, as every other reason names its key (helper-58).
            m_problems.append({line.number, key,
                               key.isEmpty() ? (last == n ? tr("a double quote opens here and is never closed, so the HMS ignores this line.")
                                                          : tr("a double quote opens here and is never closed, so the HMS ignores this line and the %n line(s) after it.", "", int(last - n)))
                                             : (last == n ? tr("%1 opens a double quote that is never closed, so the HMS ignores this line.").arg(key)
                                                          : tr("%1 opens a double quote that is never closed, so the HMS ignores this line and the %n line(s) after it.", "", int(last - n)).arg(key)),
                               tr("Close the quote at the end of the value.")});
        } else {
            parseEntry(QString::fromUtf8(entry), line);
        }
        m_lines.append(line);
        n = last;
    }
}

void EnvFile::parseEntry(const QString &entry, Line &line)
{
    const QString trimmed = phpTrim(entry);
    if (trimmed.isEmpty() || trimmed.startsWith(u'#'))
        return;
    auto problem = [&](const QString &key, const QString &reason, const QString &fix) { m_problems.append({line.number, key, reason, fix}); };
    const qsizetype eq = entry.indexOf(u'=');
    QString name = phpTrim(eq < 0 ? entry : entry.left(eq));
    if (name.size() > 8 && name.startsWith(QLatin1String("export")) && ctypeSpace(name.at(6))) {
        name = name.mid(6);
        while (!name.isEmpty() && phpTrimmed(name.front()))
            name.remove(0, 1);
    }
    if (name.size() > 2 && ((name.front() == u'"' && name.back() == u'"') || (name.front() == u'\'' && name.back() == u'\'')))
        name = name.mid(1, name.size() - 2);
    if (!validName(name)) {
        problem({}, tr("this line is not KEY=VALUE, so the HMS (Laravel) cannot load the file."),
                tr("Make it KEY=VALUE, or start it with # to make it a comment."));
        return;
    }
    line.key = name;
    if (eq < 0) {
        // A name alone: the HMS unsets it.
        m_values.remove(name);
        m_order.removeAll(name);
        return;
    }
    QList<qsizetype> vars;
    ValueError error = ValueError::None;
    QString value = phpTrim(entry.mid(eq + 1));
    value = value.isEmpty() ? QString() : lexValue(value, &vars, &error);
    switch (error) {
    case ValueError::None:
        break;
    case ValueError::Whitespace:
        problem(name, tr("%1 has a space inside a value without quotes, so the HMS (Laravel) cannot load the file.").arg(name),
                tr("Put the value in double quotes: %1=\"…\".").arg(name));
        return;
    case ValueError::AfterQuote:
        if (const int spans = int(phpTrim(entry).count(u'\n')); spans > 0) {
            // The quote that closes is a later line's (`SUPPORT_PHONE="…` below an unclosed
            // `LICENSE_EXPIRY="2027-12-31`): "text after its closing quote" named a line that has
            // no closing quote (helper-57).
            problem(name, tr("%1 opens a quote on line %2 that closes only on line %3, with more text after it there, so the HMS (Laravel) cannot load the file.")
                              .arg(name).arg(line.number).arg(line.number + spans),
                    tr("If the value ends on line %1, close the quote at the end of that line.").arg(line.number));
            return;
        }
        problem(name, tr("%1 has text after its closing quote, so the HMS (Laravel) cannot load the file.").arg(name),
                tr("Put everything inside the quotes, or start a comment with # after them."));
        return;
    case ValueError::Escape:
        problem(name, tr("%1 has a backslash inside double quotes that the HMS does not know (it knows \\\" \\\\ \\$ \\n \\r \\t \\f \\v), so it cannot load the file.").arg(name),
                tr("Write \\\\ for a backslash, or put the value in single quotes."));
        return;
    case ValueError::Unclosed:
        problem(name, tr("%1 opens a quote that is never closed, so the HMS (Laravel) cannot load the file.").arg(name),
                tr("Close the quote at the end of the value."));
        return;
    }
    // ${NAME} of a key loaded before this one, right to left so earlier positions stay put.
    for (qsizetype k = vars.size() - 1; k >= 0; --k) {
        const qsizetype p = vars[k];
        if (p + 1 >= value.size() || value.at(p + 1) != u'{')
            continue;
        qsizetype e = p + 2;
        while (e < value.size() && resolvableNameChar(value.at(e)))
            ++e;
        if (e == p + 2 || e >= value.size() || value.at(e) != u'}')
            continue;
        const QString ref = value.mid(p + 2, e - p - 2);
        if (m_values.contains(ref))
            value.replace(p, e - p + 1, m_values.value(ref));
    }
    if (!m_values.contains(name))
        m_order << name;
    m_values.insert(name, value);
}

void EnvFile::set(const QString &key, const QString &value)
{
    Q_ASSERT(isValidKey(key));
    const QByteArray raw = (key + u'=' + formatValue(value)).toUtf8();
    bool replaced = false;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        if (m_lines[i].key != key)
            continue;
        if (!replaced) {
            m_lines[i].raw = raw;
            replaced = true;
        } else {
            m_lines.removeAt(i--); // a duplicate key would shadow the new value
        }
    }
    if (!replaced) {
        if (!m_lines.isEmpty() && m_lines.last().eol.isEmpty())
            m_lines.last().eol = m_eol;
        m_lines.append(Line{raw, m_eol, key, m_lines.isEmpty() ? 1 : m_lines.last().number + 1});
    }
    if (!m_values.contains(key))
        m_order << key;
    m_values.insert(key, value);
    m_edits.append({key, value});
}

void EnvFile::remove(const QString &key)
{
    m_lines.removeIf([&](const Line &l) { return l.key == key; });
    m_values.remove(key);
    m_order.removeAll(key);
    m_edits.append({key, std::nullopt});
}

QByteArray EnvFile::serialize() const
{
    QByteArray out = m_bom ? QByteArray("\xEF\xBB\xBF") : QByteArray();
    for (const Line &line : m_lines)
        out += line.raw + line.eol;
    return out;
}

bool EnvFile::save()
{
    m_error.clear();
    m_saveHitDiskFull = false;
    if (m_tracked) {
        // Changed on disk since it was read (the owner removed a line while the wizard was
        // open)? Then this object's edits go onto the file as it is now, not onto the old copy.
        QFile file(m_path);
        const bool exists = file.exists();
        QByteArray now;
        if (exists && !file.open(QIODevice::ReadOnly)) {
            m_error = tr("Cannot read the settings file %1 again before saving it: %2. Nothing was written; check that this user may read it.")
                          .arg(QDir::toNativeSeparators(m_path), file.errorString());
            return false;
        }
        if (exists)
            now = file.readAll();
        if (exists != m_baseExists || now != m_base) {
            const QList<std::pair<QString, std::optional<QString>>> edits = std::exchange(m_edits, {});
            parse(now);
            for (const auto &[key, value] : edits) {
                if (value)
                    set(key, *value);
                else
                    remove(key);
            }
        }
    }
    if (m_wide) {
        m_error = tr("Cannot write to the settings file %1: it is saved as UTF-16 (\"Unicode\" in Notepad), which the HMS cannot read. "
                     "Open it in Notepad, choose File > Save As, set Encoding to UTF-8 and save it, then try again; the file was left unchanged.")
                      .arg(QDir::toNativeSeparators(m_path));
        return false;
    }
    const QByteArray text = serialize();
    // What the HMS will read from the new file: every key still there, and each as set. A quote
    // opened above and never closed would swallow the lines written below it.
    EnvFile reread;
    reread.parse(text);
    for (const QString &key : std::as_const(m_order)) {
        if (reread.contains(key) && reread.value(key) == value(key))
            continue;
        // A reference in a line this object did not write may now resolve differently: that is
        // the new meaning. A value it set is written literally, so it reads back exactly or not at
        // all (an unclosed quote above swallowed `C='${A}'`, and the fuzzer's check caught it).
        const bool written = std::any_of(m_edits.cbegin(), m_edits.cend(), [&](const auto &edit) { return edit.first == key; });
        if (!written && !reread.m_wide && reread.contains(key) && m_values.value(key).contains(QLatin1String("${")))
            continue;
        QString why;
        for (const Problem &p : reread.problems())
            why = why.isEmpty() ? p.text() : why;
        m_error = tr("Cannot write %1 to the settings file %2: it would not read back as written (%3). Fix that line, then try again; the file was left unchanged.")
                      .arg(key, QDir::toNativeSeparators(m_path), why.isEmpty() ? tr("a line above it swallows it") : why);
        return false;
    }
    QString why;
    bool full = false, denied = false;
    if (!SmallFile::writeAtomically(m_path, text, &why, false, &full, &denied)) { // the old file stays
        m_saveHitDiskFull = full;
        if (full) // (not DiskSpace's whole message: "nothing was changed" is not for the caller to say)
            m_error = tr("Cannot save the settings file %1: the disk that holds it is full (%2 free). Free up space on that disk.")
                          .arg(QDir::toNativeSeparators(m_path), QLocale().formattedDataSize(std::max<qint64>(0, DiskSpace::available(m_path))));
        else if (denied)
            m_error = tr("Cannot save the settings file %1: %2. Nothing was changed. Let this user write it (its owner or an "
                         "administrator can), or run this as the user who owns it, then try again.")
                          .arg(QDir::toNativeSeparators(m_path), why);
        else
            m_error = tr("Cannot save the settings file %1: %2. Check free disk space and that this user may write to the folder.")
                          .arg(QDir::toNativeSeparators(m_path), why);
        return false;
    }
    m_exists = true;
    const QString path = m_path;
    parse(text); // references to what was set now read as the HMS reads them
    m_path = path;
    m_base = text;
    m_baseExists = true;
    m_edits.clear();
    return true;
}

} // namespace hotelhub
