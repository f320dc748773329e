// The HotelHub HMS's `.env` file, read as the HMS reads it: HotelHub is a Laravel application and
// loads the file with phpdotenv 5, so its grammar is the one that counts (README "The .env
// rules"). Keys are written back atomically; every other line stays byte for byte, with its own
// line ending and the file's BOM.
#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace hotelhub {

class EnvFile
{
    Q_DECLARE_TR_FUNCTIONS(EnvFile)
public:
    // A line the HMS cannot load (phpdotenv refuses the whole file), or one it silently ignores.
    struct Problem
    {
        int line = 0;      // 1-based, the entry's first line
        QString key;       // empty when no name could be read
        QString reason;    // what is wrong, in the user's language
        QString fix;       // what to write instead
        QString text() const; // "line N: reason Fix."
    };

    // Loads `path`. A missing file is not an error (an empty file that can be written);
    // an unreadable one is, with errorString() naming the file.
    bool load(const QString &path);
    // Parses text as if it were the file's contents. Linear in its length.
    void parse(const QByteArray &text);

    QString path() const { return m_path; }
    bool exists() const { return m_exists; }
    // A key the HMS reads with a value (a line it cannot load gives none).
    bool contains(const QString &key) const { return m_values.contains(key); }
    // The value the HMS reads: comments cut, quotes and escapes undone, ${NAME} of an earlier key
    // resolved (not in single quotes).
    QString value(const QString &key, const QString &fallback = {}) const { return m_values.value(key, fallback); }
    QStringList keys() const { return m_order; }
    // `KEY=` starts a line of the file, whether or not the HMS can load it (a line it cannot load,
    // or one swallowed by a quote opened above, gives no value, which is not the key left unset).
    bool written(const QString &key) const;
    // Why a key written in the file gives no value: its own line's problem; when a quote opened
    // on another line swallowed it, that line's problem, or, if the HMS reads that quote as closed
    // further down, that the key is inside the other key's value; or the later line that unsets it
    // by name. Empty when it loads or is not written at all (never empty otherwise: fuzz_envfile).
    QList<Problem> whyNotLoaded(const QString &key) const;
    // "Line N of the settings file: reason fix"
    static QString lineText(const Problem &p);
    const QList<Problem> &problems() const { return m_problems; }
    // problems() as "line N: …" texts (the lines are kept verbatim on save).
    QStringList warnings() const;
    // Saved as UTF-16 or UTF-32 (Notepad's "Unicode"): the whole file's problem, whose step is to
    // save it again as UTF-8, not to edit lines.
    bool savedAsUnicode() const { return m_wide; }

    // Sets a key in memory; the line is replaced in place or appended, written so that it reads
    // back as exactly `value`.
    void set(const QString &key, const QString &value);
    void remove(const QString &key);
    QByteArray serialize() const;
    // Writes through QSaveFile: either the whole new file lands or the old one stays. Refused,
    // naming the line, when the result would not read back as set (a quote opened above and
    // never closed would swallow the new lines). A file that changed on disk since load() or the
    // last save() (the owner edited it while a program held it open) is read again first and
    // only this object's set() and remove() are applied to it: nobody's edit is undone.
    bool save();
    bool hasUnsavedEdits() const { return !m_edits.isEmpty(); } // set or removed since the last save that worked
    QString errorString() const { return m_error; }
    // The last save() was refused by a full disk (its errorString() is DiskSpace's message).
    bool saveHitDiskFull() const { return m_saveHitDiskFull; }

    // A key this product writes: ASCII letters, digits, '_' and '.', not starting with a digit.
    static bool isValidKey(const QString &key);
    // The line `KEY=…` that phpdotenv reads back as `value`.
    static QString formatValue(const QString &value);

private:
    struct Line
    {
        QByteArray raw;  // the entry's bytes, several physical lines for a multi-line value
        QByteArray eol;  // its own line ending ("\n", "\r\n", "\r"; empty for an unterminated last line)
        QString key;     // the name it defines, when one could be read
        int number = 0;  // its first physical line, 1-based
    };
    void parseEntry(const QString &entry, Line &line);
    // The entry in which a line starts with `KEY=` (its own, or another's value over several
    // lines), and that line's number.
    const Line *entryWriting(const QString &key, int *physicalLine) const;

    QString m_path;
    bool m_exists = false;
    bool m_bom = false;
    bool m_wide = false; // saved as UTF-16 or UTF-32: neither the HMS nor this class can read or write it
    QByteArray m_eol = "\n"; // for new lines: the file's first line ending
    QList<Line> m_lines;
    QHash<QString, QString> m_values;
    QStringList m_order;
    QList<Problem> m_problems;
    // What load() read or save() wrote, and the edits made since: save() applies them again to a
    // file that changed on disk in between.
    bool m_tracked = false;
    bool m_baseExists = false;
    QByteArray m_base;
    QList<std::pair<QString, std::optional<QString>>> m_edits;
    QString m_error;
    bool m_saveHitDiskFull = false;
};

} // namespace hotelhub
