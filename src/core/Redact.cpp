#include "Redact.h"
#include "LicenseKey.h"

#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

#include <QJsonArray>
#include <QRegularExpression>

namespace hotelhub {

MaskedLines::MaskedLines(FILE *target) : m_target(target) { open(QIODevice::WriteOnly | QIODevice::Unbuffered); }

MaskedLines::~MaskedLines()
{
    if (!m_pending.isEmpty())
        emitLines(m_pending);
}

qint64 MaskedLines::writeData(const char *data, qint64 length)
{
    m_pending.append(data, length);
    // Whole lines only: a key split between two writes is still one key.
    if (const qsizetype end = m_pending.lastIndexOf('\n'); end >= 0) {
        const QByteArray lines = m_pending.left(end + 1);
        m_pending.remove(0, end + 1);
        emitLines(lines);
    }
    // A line the writer flushed before its end is a prompt ("Licence key (HMS-…): ", the CLI):
    // shown now, or the owner would type to a blank screen. A QTextStream spills its buffer
    // unasked only past 16 KiB; that tail waits for its line, so a key is never cut in two there.
    if (!m_pending.isEmpty() && length <= 16384) {
        emitLines(m_pending);
        m_pending.clear();
    }
    return length;
}

QTextStream maskedStderr()
{
    static MaskedLines device(stderr);
    return QTextStream(&device);
}

void MaskedLines::emitLines(const QByteArray &lines)
{
    const QByteArray shown = LicenseKey::maskInText(QString::fromUtf8(lines)).toUtf8();
    std::fwrite(shown.constData(), 1, size_t(shown.size()), m_target);
    std::fflush(m_target);
}

QString shownUrl(const QString &url)
{
    QUrl u(url);
    if (u.isValid() && !u.password().isEmpty())
        u.setPassword(QStringLiteral("•••"));
    // A query's secret values too (helper-41: "?apikey=…", "?token=…" were printed by diagnostic
    // and in the help line); the names stay, so support sees what was set, and "?lang=id" is shown.
    if (u.isValid() && u.hasQuery()) {
        static const QRegularExpression secretName(QStringLiteral("key|token|secret|pass|pwd|auth|sig|session|cred"),
                                                   QRegularExpression::CaseInsensitiveOption);
        QUrlQuery query(u);
        QList<std::pair<QString, QString>> items = query.queryItems(QUrl::FullyDecoded);
        for (auto &item : items)
            if (!item.second.isEmpty() && item.first.contains(secretName))
                item.second = QStringLiteral("•••");
        query.setQueryItems(items);
        u.setQuery(query);
    }
    return LicenseKey::maskInText(u.isValid() ? u.toString() : url);
}

QString withLoneSurrogatesReplaced(const QString &text)
{
    QString out = text;
    for (qsizetype i = 0; i < out.size(); ++i) {
        if (out.at(i).isHighSurrogate() && i + 1 < out.size() && out.at(i + 1).isLowSurrogate())
            ++i;
        else if (out.at(i).isSurrogate())
            out[i] = QChar::ReplacementCharacter;
    }
    return out;
}

QString redact(const QString &text)
{
    static const QRegularExpression jwt(QStringLiteral("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"));
    static const QRegularExpression key(QStringLiteral("HMS[-\\s]?[A-Z0-9]{5}[-\\s]?[A-Z0-9]{5}[-\\s]?[A-Z0-9]{5}[-\\s]?[A-Z0-9]{5}"),
                                        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression bearer(QStringLiteral("(Bearer\\s+)[^\\s\"']+"), QRegularExpression::CaseInsensitiveOption);
    // (A token beside half a surrogate pair was written whole.)
    QString out = withLoneSurrogatesReplaced(text);
    out.replace(jwt, QStringLiteral("[redacted-token]"));
    out.replace(key, QStringLiteral("[redacted-key]"));
    out.replace(bearer, QStringLiteral("\\1[redacted]"));
    return LicenseKey::maskInText(out); // the forms the pattern above does not take (near-keys, underscores, …)
}

namespace {
QJsonValue redactValue(const QJsonValue &v)
{
    if (v.isString())
        return redact(v.toString());
    if (v.isObject())
        return redactJson(v.toObject());
    if (v.isArray()) {
        QJsonArray a;
        for (const QJsonValue &item : v.toArray())
            a.append(redactValue(item));
        return a;
    }
    return v;
}
} // namespace

QJsonObject redactJson(const QJsonObject &object)
{
    QJsonObject out;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString k = it.key().toLower();
        if (k == QLatin1String("token") || k == QLatin1String("license_key") || k == QLatin1String("password") || k.endsWith(QLatin1String("_secret")))
            out.insert(it.key(), QStringLiteral("[redacted]"));
        else
            out.insert(it.key(), redactValue(it.value()));
    }
    return out;
}

QString plainLine(const QString &text, qsizetype max)
{
    QString out;
    out.reserve(std::min(text.size(), max));
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += c; // a whole character outside the BMP (an emoji): kept
            out += text.at(++i);
            continue;
        }
        const QChar::Category k = c.category();
        const bool control = k == QChar::Other_Control || k == QChar::Other_Format || k == QChar::Separator_Line
            || k == QChar::Separator_Paragraph || c.isSurrogate();
        out += control ? QChar(u' ') : c;
    }
    out = out.simplified();
    if (out.size() > max)
        out = out.left(max - 1) + QChar(0x2026);
    return out;
}

} // namespace hotelhub
