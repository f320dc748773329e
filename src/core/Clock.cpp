#include "Clock.h"

namespace hotelhub {

QString toStorage(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime fromStorage(const QString &s)
{
    if (s.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(s, Qt::ISODate);
    return t.isValid() ? t.toUTC() : QDateTime();
}

} // namespace hotelhub

#include <QRegularExpression>

namespace hotelhub {

QDateTime parseMoment(const QString &textIn, const QDateTime &now)
{
    const QString text = textIn.trimmed();
    static const QRegularExpression offset(QStringLiteral("^([+-])(\\d{1,5})([dhms])$"));
    if (const auto m = offset.match(text); m.hasMatch()) {
        qint64 n = m.captured(2).toLongLong() * (m.captured(1) == QLatin1String("-") ? -1 : 1);
        const QChar unit = m.captured(3).front();
        const qint64 secs = unit == u'd' ? n * 86400 : unit == u'h' ? n * 3600 : unit == u'm' ? n * 60 : n;
        return now.toUTC().addSecs(secs);
    }
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (t.isValid()) {
        if (t.timeSpec() == Qt::LocalTime && !text.contains(u'T'))
            t.setTimeZone(QTimeZone::utc());
        return t.toUTC();
    }
    const QDate d = QDate::fromString(text, Qt::ISODate);
    return d.isValid() ? QDateTime(d, QTime(0, 0), QTimeZone::utc()) : QDateTime();
}

} // namespace hotelhub
