#include "Translations.h"

#include <QCoreApplication>
#include <QLocale>
#include <QMutex>
#include <QTranslator>

namespace hotelhub {

namespace {
QTranslator *indonesian()
{
    static QTranslator *translator = [] {
        auto *t = new QTranslator;
        if (!t->load(QStringLiteral(":/i18n/hotelhub_id.qm")))
            qWarning("hotelhub: the Indonesian translation is missing from the build");
        return t;
    }();
    return translator;
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
    if (g_installed) {
        QCoreApplication::removeTranslator(g_installed);
        g_installed = nullptr;
    }
    QLocale::setDefault(language == Language::English ? QLocale(QLocale::English, QLocale::UnitedStates)
                                                      : QLocale(QLocale::Indonesian, QLocale::Indonesia));
    if (language == Language::English)
        return true;
    g_installed = indonesian();
    return QCoreApplication::installTranslator(g_installed);
}

QString translate(Language language, const char *context, const char *source, int n)
{
    QString text;
    if (language == Language::Indonesian)
        text = indonesian()->translate(context, source, nullptr, n);
    if (text.isEmpty())
        text = QString::fromUtf8(source);
    if (n >= 0)
        text.replace(QStringLiteral("%n"), QString::number(n));
    return text;
}

} // namespace hotelhub
