#include "Translations.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

namespace hotelhub {

namespace {
// Both catalogues are loaded once; English carries the plural forms of the English sources.
QTranslator *catalogue(Language language)
{
    static QTranslator *const id = [] {
        auto *t = new QTranslator;
        if (!t->load(QStringLiteral(":/i18n/hotelhub_id.qm")))
            qWarning("hotelhub: the Indonesian translation is missing from the build");
        return t;
    }();
    static QTranslator *const en = [] {
        auto *t = new QTranslator;
        if (!t->load(QStringLiteral(":/i18n/hotelhub_en.qm")))
            qWarning("hotelhub: the English translation is missing from the build");
        return t;
    }();
    return language == Language::English ? en : id;
}

QTranslator *g_installed = nullptr;
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

Language desktopLanguage(const QStringList &systemUiLanguages)
{
    const QString first = systemUiLanguages.value(0).toLower();
    return first.startsWith(QLatin1String("en")) ? Language::English : Language::Indonesian;
}

Language startLanguage(Audience audience)
{
    const QString forced = qEnvironmentVariable("HOTELHUB_LANG").trimmed();
    if (!forced.isEmpty())
        return languageFromCode(forced);
    if (audience == Audience::Terminal)
        return terminalLanguage([](const char *name) { return qEnvironmentVariable(name); });
    return desktopLanguage(QLocale::system().uiLanguages());
}

bool installTranslator(Language language)
{
    if (g_installed)
        QCoreApplication::removeTranslator(g_installed);
    QLocale::setDefault(language == Language::English ? QLocale(QLocale::English, QLocale::UnitedStates)
                                                      : QLocale(QLocale::Indonesian, QLocale::Indonesia));
    g_installed = catalogue(language);
    return QCoreApplication::installTranslator(g_installed);
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
