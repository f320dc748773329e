#include "Translations.h"
#include "SmallFile.h"


#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

namespace hotelhub {

namespace {
// Qt's own words that an owner sees (message box buttons, "Show Details...", a field's context
// menu): Debian ships no Indonesian catalogue for Qt, so ours carries them under Qt's contexts.
[[maybe_unused]] const char *const kQtStrings[] = {
    QT_TRANSLATE_NOOP("QPlatformTheme", "OK"), QT_TRANSLATE_NOOP("QPlatformTheme", "&Yes"), QT_TRANSLATE_NOOP("QPlatformTheme", "&No"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Close"), QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"), QT_TRANSLATE_NOOP("QPlatformTheme", "Help"),
    QT_TRANSLATE_NOOP("QMessageBox", "Show Details..."), QT_TRANSLATE_NOOP("QMessageBox", "Hide Details..."),
    QT_TRANSLATE_NOOP("QLineEdit", "&Undo"), QT_TRANSLATE_NOOP("QLineEdit", "&Redo"), QT_TRANSLATE_NOOP("QLineEdit", "Cu&t"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Copy"), QT_TRANSLATE_NOOP("QLineEdit", "&Paste"), QT_TRANSLATE_NOOP("QLineEdit", "Delete"),
    QT_TRANSLATE_NOOP("QLineEdit", "Select All"),
    // The tray's and the wizard's --help and a mistyped option (QCommandLineParser, Qt 6.4's words).
    QT_TRANSLATE_NOOP("QCommandLineParser", "Usage: %1"), QT_TRANSLATE_NOOP("QCommandLineParser", "[options]"),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Options:"), QT_TRANSLATE_NOOP("QCommandLineParser", "Arguments:"),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Displays help on commandline options."),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Displays help including Qt specific options."),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Displays version information."),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Unknown option '%1'."), QT_TRANSLATE_NOOP("QCommandLineParser", "Unknown options: %1."),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Missing value after '%1'."),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Unexpected value after '%1'."),
    // Qt's own file dialog (Linux without a desktop's dialog: saving the offline request, opening
    // the vendor's answer), Qt 6.4's words; Windows shows its own, in the system's language.
    QT_TRANSLATE_NOOP("QFileDialog", "Look in:"), QT_TRANSLATE_NOOP("QFileDialog", "File &name:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of type:"), QT_TRANSLATE_NOOP("QFileDialog", "Directory:"),
    QT_TRANSLATE_NOOP("QFileDialog", "&Open"), QT_TRANSLATE_NOOP("QFileDialog", "Open"), QT_TRANSLATE_NOOP("QFileDialog", "&Save"),
    QT_TRANSLATE_NOOP("QFileDialog", "Save As"), QT_TRANSLATE_NOOP("QFileDialog", "&Choose"), QT_TRANSLATE_NOOP("QFileDialog", "Find Directory"),
    QT_TRANSLATE_NOOP("QFileDialog", "&Delete"), QT_TRANSLATE_NOOP("QFileDialog", "Delete"), QT_TRANSLATE_NOOP("QFileDialog", "&Rename"),
    QT_TRANSLATE_NOOP("QFileDialog", "&New Folder"), QT_TRANSLATE_NOOP("QFileDialog", "New Folder"), QT_TRANSLATE_NOOP("QFileDialog", "Remove"),
    QT_TRANSLATE_NOOP("QFileDialog", "Show &hidden files"), QT_TRANSLATE_NOOP("QFileDialog", "Show "),
    QT_TRANSLATE_NOOP("QFileDialog", "All files (*)"), QT_TRANSLATE_NOOP("QFileDialog", "Directories"),
    QT_TRANSLATE_NOOP("QFileDialog", "Recent Places"), QT_TRANSLATE_NOOP("QFileDialog", "Are you sure you want to delete '%1'?"),
    QT_TRANSLATE_NOOP("QFileDialog", "'%1' is write protected.\nDo you want to delete it anyway?"),
    QT_TRANSLATE_NOOP("QFileDialog", "Could not delete directory."),
    QT_TRANSLATE_NOOP("QFileDialog", "%1 already exists.\nDo you want to replace it?"),
    QT_TRANSLATE_NOOP("QFileDialog", "%1\nDirectory not found.\nPlease verify the correct directory name was given."),
    QT_TRANSLATE_NOOP("QFileDialog", "%1\nFile not found.\nPlease verify the correct file name was given."),
    QT_TRANSLATE_NOOP("QFileDialog", "Back"), QT_TRANSLATE_NOOP("QFileDialog", "Go back"), QT_TRANSLATE_NOOP("QFileDialog", "Forward"),
    QT_TRANSLATE_NOOP("QFileDialog", "Go forward"), QT_TRANSLATE_NOOP("QFileDialog", "Parent Directory"),
    QT_TRANSLATE_NOOP("QFileDialog", "Go to the parent directory"), QT_TRANSLATE_NOOP("QFileDialog", "Create New Folder"),
    QT_TRANSLATE_NOOP("QFileDialog", "Create a New Folder"), QT_TRANSLATE_NOOP("QFileDialog", "List View"),
    QT_TRANSLATE_NOOP("QFileDialog", "Change to list view mode"), QT_TRANSLATE_NOOP("QFileDialog", "Detail View"),
    QT_TRANSLATE_NOOP("QFileDialog", "Change to detail view mode"), QT_TRANSLATE_NOOP("QFileDialog", "Sidebar"),
    QT_TRANSLATE_NOOP("QFileDialog", "List of places and bookmarks"), QT_TRANSLATE_NOOP("QFileDialog", "Files"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "Name"), QT_TRANSLATE_NOOP("QFileSystemModel", "Size"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "Date Modified"), QT_TRANSLATE_NOOP("QFileSystemModel", "My Computer"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "Computer"), QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File"), QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Unknown"),
};
// The same, where Qt's source names which platform's word it is.
[[maybe_unused]] const struct
{
    const char *source;
    const char *comment;
} kQtStringsByPlatform[] = {
    QT_TRANSLATE_NOOP3("QFileSystemModel", "Type", "All other platforms"),
    QT_TRANSLATE_NOOP3("QAbstractFileIconProvider", "Folder", "All other platforms"),
    QT_TRANSLATE_NOOP3("QAbstractFileIconProvider", "Shortcut", "All other platforms"),
};

// Each catalogue is loaded on its first use, once; English carries the plural forms of the
// English sources. The .qm files are embedded uncompressed (src/core/CMakeLists.txt), so
// QTranslator reads them where they lie in the binary instead of unpacking a copy on the heap.
QTranslator *loadCatalogue(const QString &path, const char *missing)
{
    auto *t = new QTranslator;
    if (!t->load(path))
        qWarning("hotelhub: the %s translation is missing from the build", missing);
    return t;
}

QTranslator *catalogue(Language language)
{
    if (language == Language::English) {
        static QTranslator *const en = loadCatalogue(QStringLiteral(":/i18n/hotelhub_en.qm"), "English");
        return en;
    }
    static QTranslator *const id = loadCatalogue(QStringLiteral(":/i18n/hotelhub_id.qm"), "Indonesian");
    return id;
}

QTranslator *g_installed = nullptr;
Language g_installedLanguage = Language::English;
} // namespace

Language languageFromCode(const QString &code)
{
    return code.trimmed().toLower().startsWith(QLatin1String("en")) ? Language::English : Language::Indonesian;
}

QString languageCode(Language language)
{
    return language == Language::English ? QStringLiteral("en") : QStringLiteral("id");
}

Language terminalLanguage(EnvLookup env)
{
    QString messages = env("LC_ALL");
    if (messages.isEmpty())
        messages = env("LC_MESSAGES");
    if (messages.isEmpty())
        messages = env("LANG");
    const auto isC = [](const QString &l) { return l.isEmpty() || l == QLatin1String("C") || l.startsWith(QLatin1String("C.")) || l == QLatin1String("POSIX"); };
    if (isC(messages))
        return Language::English;
    // LANGUAGE: a priority list ("id:en_GB:en"); the first one this product ships wins.
    for (const QString &entry : env("LANGUAGE").split(u':', Qt::SkipEmptyParts)) {
        if (entry.startsWith(QLatin1String("id")))
            return Language::Indonesian;
        if (entry.startsWith(QLatin1String("en")))
            return Language::English;
    }
    return messages.startsWith(QLatin1String("id")) ? Language::Indonesian : Language::English;
}

Language consoleLanguage(const QStringList &systemUiLanguages)
{
    return systemUiLanguages.value(0).toLower().startsWith(QLatin1String("id")) ? Language::Indonesian : Language::English;
}

Language desktopLanguage(const QStringList &systemUiLanguages)
{
    const QString first = systemUiLanguages.value(0).toLower();
    return first.startsWith(QLatin1String("en")) ? Language::English : Language::Indonesian;
}

Language startLanguage(Audience audience, const QString &languageFile)
{
    const QString forced = qEnvironmentVariable("HOTELHUB_LANG").trimmed();
    if (!forced.isEmpty())
        return languageFromCode(forced);
    if (audience == Audience::Terminal) {
#ifdef Q_OS_WIN
        const bool posixLocale = !qEnvironmentVariableIsEmpty("LC_ALL") || !qEnvironmentVariableIsEmpty("LC_MESSAGES")
            || !qEnvironmentVariableIsEmpty("LANG") || !qEnvironmentVariableIsEmpty("LANGUAGE");
        if (!posixLocale)
            return consoleLanguage(QLocale::system().uiLanguages());
#endif
        return terminalLanguage([](const char *name) { return qEnvironmentVariable(name); });
    }
    if (const std::optional<Language> saved = savedLanguage(languageFile))
        return *saved;
    return desktopLanguage(QLocale::system().uiLanguages());
}

std::optional<Language> savedLanguage(const QString &languageFile)
{
    if (languageFile.isEmpty())
        return std::nullopt;
    QString why;
    const std::optional<QByteArray> text = SmallFile::read(languageFile, &why, 64);
    if (!text)
        return std::nullopt;
    const QByteArray code = text->trimmed();
    if (code == "id")
        return Language::Indonesian;
    if (code == "en")
        return Language::English;
    return std::nullopt;
}

bool saveLanguage(const QString &languageFile, Language language, QString *error)
{
    return SmallFile::writeAtomically(languageFile, languageCode(language).toLatin1() + '\n', error);
}

bool installTranslator(Language language)
{
    if (g_installed)
        QCoreApplication::removeTranslator(g_installed);
    QLocale::setDefault(language == Language::English ? QLocale(QLocale::English, QLocale::UnitedStates)
                                                      : QLocale(QLocale::Indonesian, QLocale::Indonesia));
    g_installed = catalogue(language);
    g_installedLanguage = language;
    return QCoreApplication::installTranslator(g_installed);
}

Language installedLanguage()
{
    // Nothing installed: tr() gives the English sources.
    return g_installed ? g_installedLanguage : Language::English;
}

QString translate(Language language, const char *context, const char *source, int n)
{
    QString text = catalogue(language)->translate(context, source, nullptr, n);
    if (text.isEmpty())
        text = QString::fromUtf8(source);
    if (n >= 0)
        text.replace(QStringLiteral("%n"), QString::number(n));
    return text;
}

} // namespace hotelhub
