#include "Clock.h"

#include <QElapsedTimer>
#include <QMutex>

namespace hotelhub {

QString toStorage(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime parseUtcTimestamp(const QString &s)
{
    // Fast path for "yyyy-MM-ddTHH:mm:ssZ" and "yyyy-MM-ddTHH:mm:ss.zzzZ" (what we and the vendor
    // write); anything else goes through Qt's general ISO parser.
    const qsizetype n = s.size();
    if ((n == 20 || n == 24) && s.at(4) == u'-' && s.at(7) == u'-' && s.at(10) == u'T' && s.at(13) == u':' && s.at(16) == u':'
        && s.at(n - 1) == u'Z' && (n == 20 || s.at(19) == u'.')) {
        auto num = [&s](int from, int len) {
            int v = 0;
            for (int i = from; i < from + len; ++i) {
                const char16_t c = s.at(i).unicode();
                if (c < u'0' || c > u'9')
                    return -1;
                v = v * 10 + (c - u'0');
            }
            return v;
        };
        const QDate d(num(0, 4), num(5, 2), num(8, 2));
        const QTime t(num(11, 2), num(14, 2), num(17, 2), n == 24 ? num(20, 3) : 0);
        if (d.isValid() && t.isValid())
            return QDateTime(d, t, Qt::UTC);
        return {};
    }
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(s, Qt::ISODate);
    return t.isValid() ? t.toUTC() : QDateTime();
}

QDateTime fromStorage(const QString &s)
{
    return s.isEmpty() ? QDateTime() : parseUtcTimestamp(s);
}

} // namespace hotelhub

#include <QLocale>
#include <QRegularExpression>

#include <cstdlib>

namespace hotelhub {

QDateTime parseMoment(const QString &textIn, const QDateTime &now)
{
    const QString text = textIn.trimmed();
    static const QRegularExpression offset(QStringLiteral("^([+-])(\\d{1,5})([dhms])\\z"));
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

QTimeZone vendorTimeZone()
{
    static const QTimeZone zone = [] {
        QTimeZone z("Asia/Jakarta");
        return z.isValid() ? z : QTimeZone(7 * 3600); // a system without the zone database
    }();
    return zone;
}

QDate vendorDate(const QDateTime &utc)
{
    return utc.isValid() ? utc.toTimeZone(vendorTimeZone()).date() : QDate();
}

QDateTime endOfVendorDay(const QDate &date)
{
    return QDateTime(date, QTime(23, 59, 59), vendorTimeZone()).toUTC();
}

QString vendorDateText(const QDateTime &utc)
{
    return utc.isValid() ? vendorDate(utc).toString(Qt::ISODate) : QStringLiteral("–");
}

QString displayDate(const QDateTime &utc)
{
    return utc.isValid() ? QLocale().toString(vendorDate(utc), QStringLiteral("d MMMM yyyy")) : QStringLiteral("–");
}

QString displayDateTime(const QDateTime &utc)
{
    if (!utc.isValid())
        return QStringLiteral("–");
    const QDateTime local = utc.toLocalTime();
    return QLocale().toString(local, QStringLiteral("d MMMM yyyy HH:mm ")) + zoneAbbreviation(local);
}

QString indonesianZoneAbbreviation(QByteArrayView ianaZone)
{
    if (ianaZone == "Asia/Jakarta" || ianaZone == "Asia/Pontianak")
        return QStringLiteral("WIB");
    if (ianaZone == "Asia/Makassar")
        return QStringLiteral("WITA");
    if (ianaZone == "Asia/Jayapura")
        return QStringLiteral("WIT");
    return {};
}

QString zoneAbbreviation(const QByteArray &zoneId, int offsetFromUtcSeconds, const QString &qtAbbreviation)
{
    QString known = indonesianZoneAbbreviation(zoneId);
    if (known.isEmpty() && !zoneId.contains('/') && !zoneId.isEmpty())
        known = indonesianZoneAbbreviation(QTimeZone::windowsIdToDefaultIanaId(zoneId, QLocale::Indonesia));
    if (!known.isEmpty())
        return known;
    // A short name of letters (CET, WITA, JST); Windows gives long names, glibc sometimes "+07".
    static const QRegularExpression shortName(QStringLiteral("^[A-Za-z]{2,6}\\z"));
    if (shortName.match(qtAbbreviation).hasMatch() && qtAbbreviation != QLatin1String("UTC"))
        return qtAbbreviation;
    if (offsetFromUtcSeconds == 0)
        return QStringLiteral("UTC");
    const int minutes = std::abs(offsetFromUtcSeconds) / 60;
    return QStringLiteral("UTC%1%2:%3")
        .arg(offsetFromUtcSeconds < 0 ? QStringLiteral("-") : QStringLiteral("+"))
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

namespace {
// The machine's zone id, read again at most once a minute. Windows keeps it in the registry and
// Qt reads several keys for it: the local API's status page shows a time in every answer, and a
// client pipelining thousands of requests made the tray spend its time in the registry.
QByteArray systemZoneId()
{
    static QMutex mutex;
    static QByteArray id;
    static QElapsedTimer age;
    const QMutexLocker lock(&mutex);
    if (age.isValid() && age.elapsed() < 60000)
        return id;
    id = QTimeZone::systemTimeZoneId();
#ifdef Q_OS_WIN
    // Qt maps Windows' zone to an IANA id through the locale's territory; the Windows id itself is
    // what the machine is set to.
    const QByteArray windowsId = QTimeZone::ianaIdToWindowsId(id);
    if (!windowsId.isEmpty())
        id = windowsId;
#endif
    age.start();
    return id;
}
} // namespace

QString zoneAbbreviation(const QDateTime &local)
{
    return zoneAbbreviation(systemZoneId(), local.offsetFromUtc(), local.timeZoneAbbreviation());
}

} // namespace hotelhub
