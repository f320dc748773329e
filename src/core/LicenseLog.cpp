#include "LicenseLog.h"
#include "OwnerOnly.h"
#include "Clock.h"
#include "Redact.h"
#include "SmallFile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

namespace hotelhub {

LicenseLog::LicenseLog(const QString &logDir, const Clock &clock, int keepDays)
    : m_dir(logDir)
    , m_clock(clock)
    , m_keepDays(keepDays)
{
}

QString LicenseLog::currentFile() const { return m_dir + QStringLiteral("/license.log"); }

void LicenseLog::rotateIfNeeded(const QDate &today)
{
    QFile file(currentFile());
    if (!file.exists() || !file.open(QIODevice::ReadOnly))
        return;
    // The file's day is the day of its first line, so rotation follows the injected clock.
    const QDate fileDay = QDate::fromString(QString::fromLatin1(file.read(10)), Qt::ISODate);
    file.close();
    if (!fileDay.isValid() || fileDay >= today)
        return;
    QString target = currentFile() + u'.' + fileDay.toString(Qt::ISODate);
    for (int n = 1; QFile::exists(target); ++n)
        target = currentFile() + u'.' + fileDay.toString(Qt::ISODate) + u'.' + QString::number(n);
    // On Windows the rename fails while another HotelHub program appends to the file, or a scanner
    // reads it: tried again briefly, and otherwise at the next line (nothing is lost meanwhile).
    const QString current = currentFile();
    SmallFile::retryWhileBusy([&] { return QFile::rename(current, target); }, 3);
    prune(today);
}

void LicenseLog::prune(const QDate &today)
{
    static const QRegularExpression dated(QStringLiteral("^license\\.log\\.(\\d{4}-\\d{2}-\\d{2})(\\.\\d+)?\\z"));
    const QStringList files = QDir(m_dir).entryList({QStringLiteral("license.log.*")}, QDir::Files);
    for (const QString &name : files) {
        const auto m = dated.match(name);
        if (!m.hasMatch())
            continue;
        const QDate day = QDate::fromString(m.captured(1), Qt::ISODate);
        if (day.isValid() && day.daysTo(today) > m_keepDays)
            QFile::remove(m_dir + u'/' + name);
    }
}

bool LicenseLog::write(Level level, const QString &event, const QJsonObject &fields)
{
    if (!QDir().mkpath(m_dir))
        return false;
    const QDateTime now = m_clock.now();
    rotateIfNeeded(now.date());
    QFile file(currentFile());
    const bool fresh = !file.exists();
    if (!file.open(QIODevice::Append | QIODevice::Text))
        return false;
    if (fresh)
        OwnerOnly::restrict(file.fileName());
    const char *name = level == Level::Info ? "INFO" : level == Level::Warning ? "WARN" : "ERROR";
    QByteArray line = toStorage(now).toUtf8() + ' ' + name + ' ' + redact(event).toUtf8();
    if (!fields.isEmpty())
        line += ' ' + QJsonDocument(redactJson(fields)).toJson(QJsonDocument::Compact);
    file.write(line + '\n');
    return true;
}

} // namespace hotelhub
