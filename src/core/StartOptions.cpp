#include "Redact.h"
#include "StartOptions.h"
#include "LicenseKey.h"

#include <QCommandLineParser>
#include <algorithm>
#include <iterator>
#include <utility>
#include <QFileInfo>
#include <QTextStream>

namespace hotelhub {

StartOptions::StartOptions(Audience audience)
    : m_audience(audience)
    , m_environmentLanguage(installTranslator(startLanguage(audience)))
    , m_env(QStringLiteral("env"), tr("Settings file (default: hotelhub.env in the data folder)."), QStringLiteral("FILE"))
    , m_dataDir(QStringLiteral("data-dir"), tr("Data folder (default: HOTELHUB_DATA_DIR, else the user's data folder)."), QStringLiteral("DIR"))
    , m_lang(QStringLiteral("lang"), tr("Language: id (Bahasa Indonesia) or en (English)."), QStringLiteral("LANG"))
{
}

void StartOptions::addTo(QCommandLineParser &parser) const { parser.addOptions({m_env, m_dataDir, m_lang}); }

Language StartOptions::applyLanguage(const QCommandLineParser &parser) const
{
    const Language language = parser.isSet(m_lang) ? languageFromCode(parser.value(m_lang)) : startLanguage(m_audience, paths(parser).languageFile());
    installTranslator(language);
    return language;
}

namespace {
// "id", "en", and their regional forms (en_GB, id-ID): what languageFromCode reads.
bool shippedLanguage(const QString &value)
{
    const QString code = value.trimmed().toLower();
    const QString base = code.left(2);
    return (base == QLatin1String("id") || base == QLatin1String("en")) && (code.size() == 2 || code.at(2) == u'_' || code.at(2) == u'-');
}
} // namespace

QString StartOptions::unknownLanguage(const QString &value)
{
    if (shippedLanguage(value))
        return {};
    return tr("--lang %1: this program speaks id (Bahasa Indonesia) or en (English). Use --lang id or --lang en.").arg(shownOnOneLine(value));
}

bool StartOptions::languageGiven(const QCommandLineParser &parser) const
{
    // HOTELHUB_LANG wins over the saved language at the start (startLanguage): the same here.
    return parser.isSet(m_lang) || !qEnvironmentVariable("HOTELHUB_LANG").trimmed().isEmpty();
}

bool StartOptions::languageIsKnown(const QCommandLineParser &parser) const
{
    return !parser.isSet(m_lang) || shippedLanguage(parser.value(m_lang));
}

QString StartOptions::valueTakenText(const QString &name, const QString &value)
{
    return tr("--%1 needs a value, but it is followed by %2. Give the value right after --%1 (or write --%1=VALUE).")
        .arg(name, shownShortened(value.section(u'=', 0, 0), 40));
}

QString StartOptions::shownWords(const QStringList &words)
{
    QStringList shown;
    for (const QString &word : words) {
        const LicenseKey key = LicenseKey::parse(word);
        shown << (key.isValid() ? key.masked() : shownShortened(word, 60));
    }
    return shown.join(u' ');
}

QString StartOptions::optionTakenAsValue(const QStringList &arguments, const QStringList &valued)
{
    // The command line as given: "--db=--lang" names its value on purpose and is left alone; only
    // a valued option written on its own, whose next argument looks like an option ("--lang",
    // "--bogus", "-y"), is refused. "-" (standard input) and "-2h" are values.
    for (qsizetype i = 1; i + 1 < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == QLatin1String("--"))
            break;
        if (!a.startsWith(u'-') || a.contains(u'='))
            continue;
        const QString name = a.mid(a.startsWith(QLatin1String("--")) ? 2 : 1);
        if (!valued.contains(name))
            continue;
        const QString value = arguments.at(i + 1);
        const qsizetype dashes = value.startsWith(QLatin1String("--")) ? 2 : value.startsWith(u'-') ? 1 : 0;
        if (dashes > 0 && value.size() > dashes && value.at(dashes).isLetter())
            return valueTakenText(name, value);
        ++i; // the value, whatever it is
    }
    return {};
}

namespace {
// Controls (newline, escape), line breaks, and format characters: a right-to-left override or
// a zero-width space makes text read otherwise than it is. By code point: a tag character
// (U+E0020) is a pair of surrogates, each of which read as harmless; and the letters and signs
// that draw nothing (Hangul fillers, the blank braille cell; helper-44). Since helper-45 also the
// rest of Unicode's default-ignorable code points (the combining grapheme joiner U+034F,
// variation selectors, Khmer's inherent vowels, the reserved U+2065), code points with no
// character yet or for private use (no font draws them alike), and U+FFFD, which is what bytes
// that are not UTF-8 become on the way in.
bool hiddenCodePoint(char32_t u)
{
    const QChar::Category c = QChar::category(u);
    if (c == QChar::Other_Control || c == QChar::Other_Format || c == QChar::Other_NotAssigned || c == QChar::Other_PrivateUse)
        return true;
    static constexpr std::pair<char32_t, char32_t> kHidden[] = {
        {0x034F, 0x034F}, {0x115F, 0x1160}, {0x17B4, 0x17B5}, {0x180B, 0x180F}, {0x2028, 0x2029}, {0x2060, 0x206F}, {0x2800, 0x2800},
        {0x3164, 0x3164}, {0xFE00, 0xFE0F}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0xFFFD, 0xFFFD}, {0xE0000, 0xE0FFF},
    };
    return std::any_of(std::begin(kHidden), std::end(kHidden), [u](const auto &range) { return u >= range.first && u <= range.second; });
}
} // namespace

bool StartOptions::isOneLine(const QString &text)
{
    const QList<uint> codePoints = text.toUcs4();
    return std::none_of(codePoints.begin(), codePoints.end(), [](uint u) { return hiddenCodePoint(char32_t(u)); });
}

QString StartOptions::shownOnOneLine(const QString &text)
{
    // What was typed, as it is shown back: a licence key in it masked (an owner may try
    // `hotelhub-setup KEY`; the tray and the wizard printed it whole; helper-38).
    if (isOneLine(text))
        return LicenseKey::maskInText(text);
    // A key with invisible characters inside (a zero-width joiner from WhatsApp) is still a key:
    // masked as one, without the <U+…> marks that hid it from the mask (helper-40).
    const QList<uint> codePoints = text.toUcs4();
    QString visible;
    for (const uint u : codePoints)
        if (!hiddenCodePoint(char32_t(u)))
            visible += QChar::fromUcs4(u);
    QString out;
    for (const uint u : codePoints)
        out += hiddenCodePoint(char32_t(u)) ? QStringLiteral("<U+%1>").arg(QString::number(u, 16).toUpper().rightJustified(4, u'0'))
                                            : QStringView(QChar::fromUcs4(u)).toString();
    // With the marks, when they hide no part of a key from the mask (a mark beside a key, not
    // inside it, is still shown: helper-45).
    const QString marked = LicenseKey::maskInText(out);
    const QString masked = LicenseKey::maskInText(visible);
    return marked.count(QChar(0x2022)) >= masked.count(QChar(0x2022)) ? marked : masked;
}

QString StartOptions::shownShortened(const QString &text, qsizetype limit)
{
    const QString shown = shownOnOneLine(text);
    if (shown.size() <= limit)
        return shown;
    qsizetype end = limit;
    if (end > 0 && shown.at(end - 1).isHighSurrogate())
        --end; // not half a character
    return shown.left(end) + QChar(0x2026);
}

QString StartOptions::parseRefusal(const QCommandLineParser &parser, const QStringList &arguments)
{
    // "-HMS-…" was taken for a row of one-letter options and spelt out ("Unknown options: H, M,
    // S, -, Y, …"): the key, letter by letter. Said as what it is, masked.
    for (qsizetype i = 1; i < arguments.size() && arguments.at(i) != QLatin1String("--"); ++i) {
        const QString &a = arguments.at(i);
        if (a.startsWith(u'-') && LicenseKey::maskInText(a) != a)
            return tr("%1 is a licence key, not an option. Give it where the program asks for the key (for example --key KEY).")
                .arg(shownOnOneLine(a));
    }
    return LicenseKey::maskInText(parser.errorText());
}

QString StartOptions::notOneLine(const QCommandLineParser &parser, const QStringList &names, const std::function<QString(const QString &)> &show)
{
    for (const QString &name : names) {
        if (!parser.isSet(name))
            continue;
        const QString value = parser.value(name);
        if (!isOneLine(value))
            return tr("--%1 %2 contains a line break, a control character or a character that does not show (shown as <U+…>). Give it on one line.")
                .arg(name, shownOnOneLine(show ? show(value) : value));
    }
    return {};
}

QString StartOptions::argumentNotOneLine(const QStringList &arguments)
{
    // A key is let through, and so is a key with a stray character in it: the key's own check
    // names that character (helper-50: refused here, its "<U+…>" fell inside the masked key, and
    // "give it on one line" was the step).
    // A terminal's escape sequence inside it is passed over (helper-50: "…6S\e[31m3AJ…", whose
    // "31m" broke the key's shape for every mask, showed its later groups in this refusal).
    const auto keyAttempt = [](const QString &argument) {
        QString chars;
        for (QChar c : LicenseKey::withoutEscapeSequences(argument))
            if (c.isLetterOrNumber() && c.unicode() < 0x80)
                chars += c.toUpper();
        return chars.size() == 23 && chars.startsWith(QLatin1String("HMS"));
    };
    for (const QString &argument : arguments)
        if (!isOneLine(argument) && !LicenseKey::parse(argument).isValid() && !keyAttempt(argument))
            return tr("The argument %1 contains a line break, a control character or a character that does not show (shown as <U+…>). "
                      "Give it on one line.")
                .arg(shownOnOneLine(argument));
    return {};
}

QString StartOptions::problem(const QCommandLineParser &parser, int positional) const
{
    // A folder, a file or a language whose name starts with "--" cannot be told from an option
    // (a folder of that name is still reached as ./--name).
    // The "--data-dir --lang" form was refused before the parse (optionTakenAsValue); what is
    // left here was written "--data-dir=--lang" on purpose, and is worded so.
    for (const QCommandLineOption *option : {&m_env, &m_dataDir, &m_lang}) {
        const QString name = option->names().constFirst();
        const QString value = parser.isSet(*option) ? parser.value(*option) : QString();
        if (value.startsWith(QLatin1String("--")) && value.size() > 2)
            return tr("--%1=%2: a name that starts with \"--\" cannot be told from an option. If that folder or file is meant, "
                      "write it as ./%2.")
                .arg(name, shownShortened(value, 60));
    }
    // "-" stands for standard input or output elsewhere; a data folder or settings file named "-"
    // was made in silence (outside check).
    for (const QCommandLineOption *option : {&m_dataDir, &m_env}) {
        if (parser.isSet(*option) && parser.value(*option) == QLatin1String("-"))
            return tr("--%1 -: a folder or settings file cannot be standard input. Name it, or write ./- if a folder named \"-\" is "
                      "meant.")
                .arg(option->names().constFirst());
    }
    if (!languageIsKnown(parser))
        return unknownLanguage(parser.value(m_lang));
    // An empty value is a script's unset variable: it would have meant the default folder or file,
    // another hotel's perhaps, in silence.
    for (const QCommandLineOption *option : {&m_dataDir, &m_env}) {
        const QString name = option->names().constFirst();
        if (parser.isSet(*option) && parser.value(*option).trimmed().isEmpty())
            return tr("--%1 is empty. Name the folder or file, or leave the option out to use the default.").arg(name);
    }
    if (const QString broken = notOneLine(parser, {m_dataDir.names().constFirst(), m_env.names().constFirst()}); !broken.isEmpty())
        return broken;
    for (const char *variable : {"HOTELHUB_DATA_DIR", "HOTELHUB_ENV"}) {
        const QString value = qEnvironmentVariable(variable);
        if (!isOneLine(value))
            return tr("%1=%2 contains a line break, a control character or a character that does not show (shown as <U+…>). Set it on one line.")
                .arg(QLatin1String(variable), shownOnOneLine(value));
    }
    const QStringList extra = parser.positionalArguments().mid(positional);
    if (!extra.isEmpty())
        return tr("Unexpected argument: %1. See --help for what this program takes.").arg(shownOnOneLine(extra.constFirst()));
    return {};
}

void StartOptions::applyLanguageOfArguments(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        const QString code = a == QLatin1String("--lang") && i + 1 < arguments.size() ? arguments.at(i + 1)
            : a.startsWith(QLatin1String("--lang="))                                ? a.mid(7)
                                                                                    : QString();
        if (shippedLanguage(code))
            installTranslator(languageFromCode(code));
    }
}

int StartOptions::parseDesktop(QCommandLineParser &parser, const QStringList &arguments, const QStringList &valued) const
{
    LicenseKey::rememberArguments(arguments);
    if (!parser.parse(arguments)) {
        // "--lang en --bogus": the refusal in the language asked for, though the parse failed.
        applyLanguageOfArguments(arguments);
        parser.parse(arguments); // again: some of Qt's refusals are worded while parsing
        maskedStderr() << parseRefusal(parser, arguments) << ' ' << tr("See --help for what this program takes.") << '\n';
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0); // exits
    // "--data-dir --lang en": the option taken for the folder's name (it was refused as an
    // unknown argument "en", in the environment's language; outside check).
    const QStringList allValued = m_env.names() + m_dataDir.names() + m_lang.names() + valued;
    if (!optionTakenAsValue(arguments, allValued).isEmpty()) {
        applyLanguageOfArguments(arguments);
        maskedStderr() << optionTakenAsValue(arguments, allValued) << '\n';
        return 2;
    }
    if (languageIsKnown(parser) && parser.isSet(m_lang))
        applyLanguage(parser); // "--lang en status": the refusal in the language asked for
    if (const QString why = problem(parser); !why.isEmpty()) {
        maskedStderr() << why << '\n';
        return 2;
    }
    // Every value is one line, the program's own too (the tray's --api-listen printed an escape
    // sequence back, and started with a line break in it; helper-48).
    if (const QString broken = notOneLine(parser, allValued); !broken.isEmpty()) {
        maskedStderr() << broken << '\n';
        return 2;
    }
    return -1;
}

AppPaths StartOptions::paths(const QCommandLineParser &parser) const
{
    return AppPaths::resolve(parser.value(m_dataDir), parser.value(m_env));
}

bool StartOptions::displayMissing(int argc, char **argv)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    QByteArray platforms = qgetenv("QT_QPA_PLATFORM");
    bool x11 = !qEnvironmentVariableIsEmpty("DISPLAY");
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "-platform") == 0 || qstrcmp(argv[i], "--platform") == 0)
            platforms = argv[i + 1];
        else if (qstrcmp(argv[i], "-display") == 0 || qstrcmp(argv[i], "--display") == 0)
            x11 = true;
    }
    // libwayland's own default when WAYLAND_DISPLAY is unset
    const bool wayland = !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR") && QFileInfo::exists(qEnvironmentVariable("XDG_RUNTIME_DIR") + QStringLiteral("/wayland-0")));
    // Qt's own choice: X11, unless the session says it is a Wayland one. (Over SSH into a computer
    // whose owner has a Wayland desktop open, the socket is there, but the session is "tty" and
    // Qt takes X11.)
    if (platforms.trimmed().isEmpty())
        return !x11 && !(wayland && qgetenv("XDG_SESSION_TYPE") == "wayland");
    for (const QByteArray &entry : platforms.split(';')) { // "wayland;xcb", "xcb:option=value"
        const QByteArray name = entry.split(':').constFirst().trimmed();
        if (name == "xcb" ? x11 : name.startsWith("wayland") ? wayland : true)
            return false; // offscreen, a VNC, a framebuffer: left to Qt
    }
    return true;
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    return false;
#endif
}

QStringList StartOptions::withoutDisplayOptions(const QStringList &arguments)
{
    // What QGuiApplication and QApplication would have taken for themselves (Qt's documented
    // options), with their values.
    static const QStringList withValue{QStringLiteral("platform"),  QStringLiteral("platformpluginpath"), QStringLiteral("platformtheme"),
                                       QStringLiteral("plugin"),    QStringLiteral("qwindowgeometry"),    QStringLiteral("qwindowicon"),
                                       QStringLiteral("qwindowtitle"), QStringLiteral("session"),         QStringLiteral("display"),
                                       QStringLiteral("geometry"),  QStringLiteral("style"),              QStringLiteral("stylesheet")};
    static const QStringList alone{QStringLiteral("reverse"), QStringLiteral("widgetcount"), QStringLiteral("nograb"),
                                   QStringLiteral("dograb"), QStringLiteral("sync")};
    QStringList kept;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        const QString name = i == 0 || !a.startsWith(u'-') ? QString() : a.mid(a.startsWith(QLatin1String("--")) ? 2 : 1);
        if (withValue.contains(name) && i + 1 < arguments.size())
            ++i; // "-style fusion"
        else if (!alone.contains(name) && !withValue.contains(name.section(u'=', 0, 0)))
            kept << a; // (not "-style=fusion")
    }
    return kept;
}

} // namespace hotelhub
