// logs/license.log: one line per licence event, a new file each day, 30 days kept.
#pragma once

#include <QJsonObject>
#include <QString>

namespace hotelhub {

class Clock;

class LicenseLog
{
public:
    LicenseLog(const QString &logDir, const Clock &clock, int keepDays = 30);

    enum class Level { Info, Warning, Error };
    // Writes "<UTC time> <LEVEL> <event> <json fields>"; fields pass through redactJson().
    bool write(Level level, const QString &event, const QJsonObject &fields = {});
    QString currentFile() const;

private:
    void rotateIfNeeded(const QDate &today);
    void prune(const QDate &today);

    QString m_dir;
    const Clock &m_clock;
    int m_keepDays;
};

} // namespace hotelhub
