// The options the desktop programs (hotelhub-setup, hotelhub-tray) share: --env FILE,
// --data-dir DIR and --lang id|en, with their help in the user's language.
#pragma once

#include "AppPaths.h"
#include "Translations.h"

#include <QCommandLineOption>
#include <QCoreApplication>
#include <functional>

class QCommandLineParser;

namespace hotelhub {

class StartOptions
{
    Q_DECLARE_TR_FUNCTIONS(StartOptions)
public:
    // Installs the language of HOTELHUB_LANG (else the audience's default, see startLanguage)
    // first, so that --help reads in it.
    explicit StartOptions(Audience audience = Audience::Desktop);
    void addTo(QCommandLineParser &parser) const;
    // After parsing: --lang, else HOTELHUB_LANG, else the audience's default; installed and returned.
    Language applyLanguage(const QCommandLineParser &parser) const;
    // False when --lang names a language this product does not ship ("fr"): a script or a support
    // engineer hears so, instead of getting Indonesian in silence.
    bool languageIsKnown(const QCommandLineParser &parser) const;
    // --lang (or HOTELHUB_LANG) was given: it wins over a language saved by an earlier run.
    bool languageGiven(const QCommandLineParser &parser) const;
    // The refusal for a --lang value this product does not ship ("xx", "", "--"); empty for id,
    // en and their regional forms. The vendor server uses it too.
    static QString unknownLanguage(const QString &value);
    // For a command line that did not parse: installs the language its `--lang id|en` (or
    // `--lang=…`) asks for, so that the refusal (parse it again first: Qt words some refusals
    // while parsing) is in it. Does nothing when there is none.
    static void applyLanguageOfArguments(const QStringList &arguments);
    // After parsing: why this command line cannot be followed (an unknown --lang, an empty
    // --data-dir or --env, arguments the program does not take), worded with what to write
    // instead; empty when it can. `positional` is what the program takes besides options.
    QString problem(const QCommandLineParser &parser, int positional = 0) const;
    // For the desktop programs: parses, answers --help (exit 0), and returns 2 after one line on
    // stderr for what cannot be followed (an unknown option, a missing value, see problem());
    // -1 when the program goes on. (QCommandLineParser::process exits 1, "internal error".)
    // `valued`: the program's own options that take a value, besides --env, --data-dir and --lang.
    int parseDesktop(QCommandLineParser &parser, const QStringList &arguments, const QStringList &valued = {}) const;
    // "--db --lang en": QCommandLineParser takes the option that follows a valued one for its
    // value. The refusal for the first of `valued` written on its own (not "--db=…") in
    // `arguments` whose next argument looks like an option ("--NAME", "-x"), worded with what to
    // write instead; empty when there is none.
    static QString optionTakenAsValue(const QStringList &arguments, const QStringList &valued);
    // Why the parse failed, for a person: Qt's words with any licence key masked, or that a key
    // was written as an option ("-HMS-…", which Qt spells out letter by letter).
    static QString parseRefusal(const QCommandLineParser &parser, const QStringList &arguments);
    // Words of a command line shown back to a person ("Unknown command: …"): a licence key
    // masked, anything else on one line and shortened.
    static QString shownWords(const QStringList &words);
    // Text a person gives on a command line or in the environment (a path, a URL, a reason) is one
    // line: no control, line-break or format character (a newline printed back began a line of
    // its own in the message, an escape sequence reached the terminal, a folder was made with one
    // in its name; outside checks).
    static bool isOneLine(const QString &text);
    // `text` with each such character written as <U+XXXX>.
    static QString shownOnOneLine(const QString &text);
    // shownOnOneLine(text) cut to about `limit` characters, with "…" where it was cut. Masked
    // before it is cut: cut first, a key written with separators lost its last group and the mask
    // no longer knew it for a key (helper-48).
    static QString shownShortened(const QString &text, qsizetype limit);
    // The refusal for the first of `names` (options set in `parser`) whose value is not one line,
    // with the value shown by `show` (a URL without its secrets, say); empty when none is.
    static QString notOneLine(const QCommandLineParser &parser, const QStringList &names,
                              const std::function<QString(const QString &)> &show = {});
    // The same for the first of `arguments` (a program's positional arguments) that is not one
    // line. A licence key is let through: LicenseKey::parse drops the invisible characters and
    // spaces a copy from a chat or a PDF brings, as it does for --key.
    static QString argumentNotOneLine(const QStringList &arguments);
    AppPaths paths(const QCommandLineParser &parser) const;
    // True where a desktop program could not open a window: on Linux and the other X11 systems,
    // when Qt would take the X11 platform (QT_QPA_PLATFORM or -platform, else Qt's default) and
    // neither DISPLAY nor -display names a display, nor WAYLAND_DISPLAY a Wayland one. Qt aborts
    // there (exit 134, a core dump) before --help is read; the programs then read their command
    // line with a QCoreApplication and say what to use instead. Never on Windows or macOS.
    static bool displayMissing(int argc, char **argv);
    // The command line without the options a QGuiApplication takes for itself (-platform NAME,
    // -display NAME), for parsing it with a QCoreApplication where displayMissing().
    static QStringList withoutDisplayOptions(const QStringList &arguments);

private:
    // "--NAME needs a value, but it is followed by VALUE": one wording for every such refusal.
    static QString valueTakenText(const QString &name, const QString &value);
    Audience m_audience;
    bool m_environmentLanguage; // installed before the options below are made (declaration order)
    QCommandLineOption m_env;
    QCommandLineOption m_dataDir;
    QCommandLineOption m_lang;
};

} // namespace hotelhub
