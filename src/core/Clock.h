// Injectable time. Nothing in the core reads the wall clock directly.
#pragma once

#include <QDateTime>
#include <QMutex>
#include <QTimeZone>

namespace hotelhub {

class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0; // UTC
    virtual QTimeZone timeZone() const
    {
        // Built once: QTimeZone::systemTimeZone() reads the zone database every time.
        static const QTimeZone zone = QTimeZone::systemTimeZone();
        return zone;
    }
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

// The system clock shifted by a fixed offset: the reference server's --clock-offset, so that a
// test can simulate weeks offline with client and server on the same simulated calendar.
class OffsetClock final : public Clock
{
public:
    explicit OffsetClock(qint64 offsetSecs) : m_offset(offsetSecs) {}
    QDateTime now() const override { return QDateTime::currentDateTimeUtc().addSecs(m_offset); }
    qint64 offsetSecs() const { return m_offset; }

private:
    qint64 m_offset;
};

// A clock that only moves when told to: tests and `status --at`. Safe to read from another
// thread while the test moves it (the tray's engine thread reads it).
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime now, QTimeZone zone = QTimeZone::utc()) : m_now(now.toUTC()), m_zone(zone) {}
    QDateTime now() const override
    {
        QMutexLocker lock(&m_mutex);
        return m_now;
    }
    QTimeZone timeZone() const override
    {
        QMutexLocker lock(&m_mutex);
        return m_zone;
    }
    void set(const QDateTime &now)
    {
        QMutexLocker lock(&m_mutex);
        m_now = now.toUTC();
    }
    void advanceSecs(qint64 secs)
    {
        QMutexLocker lock(&m_mutex);
        m_now = m_now.addSecs(secs);
    }
    void advanceDays(int days)
    {
        QMutexLocker lock(&m_mutex);
        m_now = m_now.addDays(days);
    }
    void setTimeZone(const QTimeZone &zone)
    {
        QMutexLocker lock(&m_mutex);
        m_zone = zone;
    }

private:
    mutable QMutex m_mutex;
    QDateTime m_now;
    QTimeZone m_zone;
};

// Stored timestamps: ISO-8601 UTC with milliseconds; empty for null.
QString toStorage(const QDateTime &t);
QDateTime fromStorage(const QString &s);
// ISO-8601 in UTC ("…Z"), with a fast path for the two forms this product writes.
QDateTime parseUtcTimestamp(const QString &s);

// The vendor's calendar (PROTOCOL.md: dates are calendar days in Asia/Jakarta, WIB, no DST).
// Licence and sheet expiries, the dates people read, and the end of a paid day all use these.
QTimeZone vendorTimeZone();
QDate vendorDate(const QDateTime &utc);            // invalid in, invalid out
QDateTime endOfVendorDay(const QDate &date);       // 2025-12-31 → 2025-12-31T16:59:59Z
QString vendorDateText(const QDateTime &utc);      // ISO date, "–" when invalid (JSON, logs, scripts)
// What a person reads, in one format everywhere (the owner's language, QLocale()):
// "22 November 2026", the date as the vendor counts it (WIB).
QString displayDate(const QDateTime &utc);
// "22 November 2026 09:49 WIB", in this computer's time zone with its abbreviation.
QString displayDateTime(const QDateTime &utc);
// The short name people read after a time: WIB, WITA or WIT for Indonesia's zones; else the zone's
// own short name; else its offset ("UTC+05:30"). `zoneId` is an IANA id, or a Windows zone id
// ("SE Asia Standard Time"), which is read as Indonesia names it (Windows calls WIB by that name
// and Qt would show the long name, or map it to Asia/Bangkok outside an Indonesian locale).
QString zoneAbbreviation(const QByteArray &zoneId, int offsetFromUtcSeconds, const QString &qtAbbreviation);
// The same for a local time on this computer (on Windows, its Windows zone id is used).
QString zoneAbbreviation(const QDateTime &local);
// WIB/WITA/WIT for an Indonesian IANA zone, empty otherwise.
QString indonesianZoneAbbreviation(QByteArrayView ianaZone);

} // namespace hotelhub

namespace hotelhub {
// `--at` values: an ISO-8601 date or date-time (a date alone means 00:00 UTC), or an offset
// from `now` such as +45d, -2h, +90m. Invalid QDateTime when it cannot be read.
QDateTime parseMoment(const QString &text, const QDateTime &now);
} // namespace hotelhub
