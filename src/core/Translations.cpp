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
