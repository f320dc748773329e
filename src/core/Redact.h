// Defence in depth for logs and audit metadata: tokens and licence keys never get written,
// even when a caller passes one by mistake.
#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QJsonObject>
#include <QString>
#include <QTextStream>
#include <cstdio>

namespace hotelhub {

QString redact(const QString &text);

// `text` with each half of a surrogate pair that stands alone (a text cut at a length, a JSON
// "\ud800") as U+FFFD, at the same place: such text is invalid UTF-16, on which no regular
// expression matches, so no secret in it would be found (found by fuzz_licensekey).
QString withLoneSurrogatesReplaced(const QString &text);
QJsonObject redactJson(const QJsonObject &object);

// Text from outside (the vendor's messages, phone and e-mail) as one plain line: control and
// invisible format characters (escape sequences, bidi overrides) become spaces, runs of space
// collapse, and it is cut at `max` characters. Shown as plain text, never markup.
QString plainLine(const QString &text, qsizetype max = 500);

// An address from the settings as it is shown (diagnostic, help links, the wizard's checks): a
// password in it as •••, a licence key in its path or query masked (helper-40: a vendor URL with
// "admin:S3cretPw@" and a help URL with a key were printed whole).
QString shownUrl(const QString &url);

// A program's standard error as a QTextStream's device: each whole line written has every licence
// key in it masked (LicenseKey::maskInText, keys the program has met included) before it reaches
// `target`, the rest when the device closes. For the vendor server, whose messages name the paths
// and values an admin gave: a key that was part of a path (--db sqlite:/backups/KEY/vendor.sqlite)
// was printed whole by every message that named the file (helper-48); and for the CLI, whose
// messages name its settings file and data folder (helper-50: a folder named after the key was
// shown whole in "Kept the install ID from LICENSE_INSTALL_ID in …"). Never for the server's
// standard output, where `license create` shows a new key its only time.
class MaskedLines : public QIODevice
{
public:
    explicit MaskedLines(FILE *target);
    ~MaskedLines() override;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 length) override;

private:
    void emitLines(const QByteArray &lines);
    FILE *m_target;
    QByteArray m_pending; // after the last line break
};

// A stream onto this process's standard error through one MaskedLines, for programs whose errors
// are written where they arise (the wizard and the tray: a settings file named after the key was
// printed whole by "Cannot read the settings file …"; helper-51). Each stream writes its text
// when it goes out of scope, as QTextStream(stderr) did.
QTextStream maskedStderr();

} // namespace hotelhub
