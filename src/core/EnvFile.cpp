#include "EnvFile.h"
#include "DiskSpace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

namespace hotelhub {

namespace {
// Returns the unescaped value of the text after '='. Handles "double" (with \n, \", \\ escapes),
// 'single' (literal) and bare values with trailing " # comment".
QString parseValue(QString text, bool *ok)
{
    *ok = true;
    text = text.trimmed();
    if (text.isEmpty())
        return {};
    const QChar quote = text.front();
    if (quote == u'"' || quote == u'\'') {
        QString out;
        for (qsizetype i = 1; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (c == quote)
                return out; // anything after the closing quote is a comment
            if (quote == u'"' && c == u'\\' && i + 1 < text.size()) {
                const QChar n = text.at(++i);
                out += n == u'n' ? QChar(u'\n') : n == u't' ? QChar(u'\t') : n == u'r' ? QChar(u'\r') : n;
                continue;
            }
            out += c;
        }
        *ok = false; // unterminated quote
        return out;
    }
    const qsizetype hash = text.indexOf(QStringLiteral(" #"));
    if (hash >= 0)
        text.truncate(hash);
    return text.trimmed();
}
} // namespace

bool EnvFile::isValidKey(const QString &key)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.]*$"));
    return re.match(key).hasMatch();
}

bool EnvFile::load(const QString &path)
{
    m_path = path;
    m_error.clear();
    QFile file(path);
    m_exists = file.exists();
    if (!m_exists) {
        parse({});
        return true;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = tr("Cannot read the settings file %1: %2. Check that it exists and that this user may read it.").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    parse(file.readAll());
    return true;
}

void EnvFile::parse(const QByteArray &textIn)
{
    m_lines.clear();
    m_values.clear();
    m_order.clear();
    m_warnings.clear();
    QByteArray text = textIn;
    if (text.startsWith("\xEF\xBB\xBF"))
        text.remove(0, 3); // Notepad's BOM
    m_crlf = text.contains("\r\n");
    if (text.endsWith('\n'))
        text.chop(1);
    if (text.isEmpty() && textIn.isEmpty())
        return;
    const QList<QByteArray> rawLines = text.split('\n');
    for (qsizetype n = 0; n < rawLines.size(); ++n) {
        QByteArray raw = rawLines[n];
        if (raw.endsWith('\r'))
            raw.chop(1);
        Line line{raw, {}};
        QString s = QString::fromUtf8(raw).trimmed();
        if (!s.isEmpty() && !s.startsWith(u'#')) {
            if (s.startsWith(QStringLiteral("export ")))
                s = s.mid(7).trimmed();
            const qsizetype eq = s.indexOf(u'=');
            const QString key = eq > 0 ? s.left(eq).trimmed() : QString();
            if (eq <= 0 || !isValidKey(key)) {
                m_warnings << tr("line %1: not KEY=VALUE, kept as it is").arg(n + 1);
            } else {
                bool ok = true;
                QString rest = s.mid(eq + 1);
                // A double-quoted value may run over several lines.
                if (rest.trimmed().startsWith(u'"')) {
                    QString joined = rest;
                    qsizetype last = n;
                    parseValue(joined, &ok);
                    while (!ok && last + 1 < rawLines.size()) {
                        QByteArray next = rawLines[++last];
                        if (next.endsWith('\r'))
                            next.chop(1);
                        joined += u'\n' + QString::fromUtf8(next);
                        parseValue(joined, &ok);
                    }
                    if (ok) {
                        for (qsizetype k = n + 1; k <= last; ++k)
                            line.raw += '\n' + (rawLines[k].endsWith('\r') ? rawLines[k].chopped(1) : rawLines[k]);
                        n = last;
                        rest = joined;
                    }
                }
                const QString value = parseValue(rest, &ok);
                if (!ok)
                    m_warnings << tr("line %1: %2 has an unterminated quote").arg(n + 1).arg(key);
                line.key = key;
                if (!m_values.contains(key))
                    m_order << key;
                m_values.insert(key, value);
            }
        }
        m_lines << line;
    }
}

QString EnvFile::quoteIfNeeded(const QString &value)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:@+\\-,]*$"));
    if (plain.match(value).hasMatch())
        return value;
    QString escaped = value;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\"")).replace(u'\n', QStringLiteral("\\n"));
    return u'"' + escaped + u'"';
}

void EnvFile::set(const QString &key, const QString &value)
{
    Q_ASSERT(isValidKey(key));
    const QByteArray raw = (key + u'=' + quoteIfNeeded(value)).toUtf8();
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
        m_lines << Line{raw, key};
        m_order << key;
    }
    m_values.insert(key, value);
}

void EnvFile::remove(const QString &key)
{
    m_lines.removeIf([&](const Line &l) { return l.key == key; });
    m_values.remove(key);
    m_order.removeAll(key);
}

QByteArray EnvFile::serialize() const
{
    const QByteArray eol = m_crlf ? "\r\n" : "\n";
    QByteArray out;
    for (const Line &line : m_lines) {
        QByteArray raw = line.raw;
        if (m_crlf)
            raw.replace("\n", "\r\n");
        out += raw + eol;
    }
    return out;
}

bool EnvFile::save()
{
    m_error.clear();
    QSaveFile file(m_path);
    auto failed = [&] {
        m_error = DiskSpace::isFull(file, m_path)
            ? DiskSpace::fullMessage(m_path)
            : tr("Cannot save the settings file %1: %2. Check free disk space and that this user may write to the folder.").arg(QDir::toNativeSeparators(m_path), file.errorString());
        return false;
    };
    if (!file.open(QIODevice::WriteOnly))
        return failed();
    // Flushed and checked before commit(): Qt 6.4's commit() does not notice a buffered write
    // that fails while closing (ENOSPC) and would replace the file with an empty one.
    const QByteArray text = serialize();
    if (file.write(text) != text.size() || !file.flush())
        return failed(); // not committed: the old file stays
    if (!file.commit())
        return failed();
    m_exists = true;
    return true;
}

} // namespace hotelhub
