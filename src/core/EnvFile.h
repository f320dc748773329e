// A HotelHub/Laravel-style `.env` file: read with comments, quotes, `export` and CRLF; keys
// written back atomically while every other line and comment stays as it was.
#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QString>
#include <QStringList>

namespace hotelhub {

class EnvFile
{
    Q_DECLARE_TR_FUNCTIONS(EnvFile)
public:
    // Loads `path`. A missing file is not an error (an empty file that can be written);
    // an unreadable one is, with errorString() naming the file.
    bool load(const QString &path);
    // Parses text as if it were the file's contents.
    void parse(const QByteArray &text);

    QString path() const { return m_path; }
    bool exists() const { return m_exists; }
    bool contains(const QString &key) const { return m_values.contains(key); }
    QString value(const QString &key, const QString &fallback = {}) const { return m_values.value(key, fallback); }
    QStringList keys() const { return m_order; }
    // Lines that could not be parsed, as "line N: reason" (they are kept verbatim on save).
    QStringList warnings() const { return m_warnings; }

    // Sets a key in memory; the line is replaced in place or appended.
    void set(const QString &key, const QString &value);
    void remove(const QString &key);
    QByteArray serialize() const;
    // Writes through QSaveFile: either the whole new file lands or the old one stays.
    bool save();
    QString errorString() const { return m_error; }

    static bool isValidKey(const QString &key);

private:
    struct Line { QByteArray raw; QString key; };
    static QString quoteIfNeeded(const QString &value);

    QString m_path;
    bool m_exists = false;
    bool m_crlf = false;
    QList<Line> m_lines;
    QHash<QString, QString> m_values;
    QStringList m_order;
    QStringList m_warnings;
    QString m_error;
};

} // namespace hotelhub
