#include "StatusPage.h"
#include "Clock.h"
#include "StatusPresentation.h"
#include "Translations.h"

#include <QFile>

namespace hotelhub {

namespace {
constexpr const char *kContext = "hotelhub::StatusPage";
const char *const kReason = QT_TRANSLATE_NOOP("hotelhub::StatusPage", "Reason");
const char *const kLastCheck = QT_TRANSLATE_NOOP("hotelhub::StatusPage", "Last check");
const char *const kContact = QT_TRANSLATE_NOOP("hotelhub::StatusPage", "Contact");
const char *const kFooter = QT_TRANSLATE_NOOP("hotelhub::StatusPage", "HotelHub License Monitor · on this computer only (127.0.0.1)");
const QLatin1String kSectionStart("<!--section-->");
const QLatin1String kSectionEnd("<!--/section-->");
} // namespace

QString StatusPage::templateText()
{
    QFile f(QStringLiteral(":/hotelhub/local-api/status.html"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    // The template's notes for developers are not part of the page (the HMS's browser showed
    // them in "view source"; helper-41): every comment but the section markers is left out.
    QString page = QString::fromUtf8(f.readAll());
    for (qsizetype at = page.indexOf(QLatin1String("<!--")); at >= 0; at = page.indexOf(QLatin1String("<!--"), at)) {
        const qsizetype close = page.indexOf(QLatin1String("-->"), at);
        if (close < 0)
            break;
        const QStringView comment = QStringView(page).mid(at, close + 3 - at);
        if (comment == kSectionStart || comment == kSectionEnd) {
            at = close + 3;
            continue;
        }
        const qsizetype lineEnd = close + 3 < page.size() && page.at(close + 3) == u'\n' ? close + 4 : close + 3;
        page.remove(at, lineEnd - at);
    }
    return page;
}

QString StatusPage::fill(const QString &html, const QHash<QString, QString> &values)
{
    QString out;
    out.reserve(html.size() * 2);
    qsizetype pos = 0;
    while (pos < html.size()) {
        const qsizetype open = html.indexOf(QLatin1String("{{"), pos);
        if (open < 0) {
            out += QStringView(html).mid(pos);
            break;
        }
        out += QStringView(html).mid(pos, open - pos);
        const qsizetype close = html.indexOf(QLatin1String("}}"), open + 2);
        if (close < 0) {
            out += QStringView(html).mid(open);
            break;
        }
        const QStringView name = QStringView(html).mid(open + 2, close - open - 2);
        pos = close + 2;
        if (name.startsWith(u'?')) {
            if (values.value(name.mid(1).toString()).isEmpty()) {
                // Skip to the block's end (blocks of one name do not nest).
                const QString end = QStringLiteral("{{/") + name.mid(1).toString() + QStringLiteral("}}");
                const qsizetype e = html.indexOf(end, pos);
                pos = e < 0 ? html.size() : e + end.size();
            }
        } else if (name.startsWith(u'!')) {
            out += values.value(name.mid(1).toString()); // markup this page supplies itself (an icon), never a value from outside
        } else if (!name.startsWith(u'/')) {
            out += values.value(name.toString()).toHtmlEscaped();
        }
    }
    return out;
}

QByteArray StatusPage::render(const LicenseStatus &status, const QDateTime &lastCheck, const QString &phone, const QString &email)
{
    const QString page = templateText();
    const qsizetype start = page.indexOf(kSectionStart);
    const qsizetype end = page.indexOf(kSectionEnd);
    if (start < 0 || end < start)
        return QByteArrayLiteral("<!DOCTYPE html><title>HotelHub</title><p>The status page template is missing from this build.</p>");
    const QString section = page.mid(start + kSectionStart.size(), end - start - kSectionStart.size());

    const bool locked = status.mode() == LicenseMode::Locked || status.mode() == LicenseMode::Restricted;
    const QString color = locked ? QStringLiteral("#b00020")
        : status.mode() == LicenseMode::Full && status.state != LicenseState::Active ? QStringLiteral("#8a6d00")
                                                                                     : QStringLiteral("#1b7f3a");
    // The codes support asks for, once: "suspended", or "locked, offline_too_long".
    const QString codes = status.reason.isEmpty() || status.reason == status.stateName() ? status.stateName()
                                                                                         : status.stateName() + QStringLiteral(", ") + status.reason;
    const QDateTime local = lastCheck.toLocalTime();
    // The project's own SVG icon, inline (the page's CSP loads nothing; an emoji needs a font the
    // computer may not have and shows as an empty box).
    QString icon;
    QFile svg(QStringLiteral(":/hotelhub/icons/%1.svg").arg(present(status, Language::English).iconName));
    if (svg.open(QIODevice::ReadOnly)) {
        icon = QString::fromUtf8(svg.readAll());
        icon = icon.mid(std::max<qsizetype>(0, icon.indexOf(QLatin1String("<svg"))));
    }
    QString sections;
    for (const Language language : {Language::Indonesian, Language::English}) {
        const StatusPresentation p = present(status, language);
        // People's words first, the codes after; the moment in this computer's time, in the one
        // date format people read everywhere else ("1 Oktober 2026 10:12 WIB").
        const QString reason = p.title + QStringLiteral(" (") + codes + u')';
        const QLocale locale(language == Language::English ? QLocale::English : QLocale::Indonesian);
        const QString last = lastCheck.isValid() ? locale.toString(local, QStringLiteral("d MMMM yyyy HH:mm ")) + zoneAbbreviation(local)
                                                 : QStringLiteral("–");
        // The icon's own <title> in this section's language (it was the file's English in the
        // Indonesian section too; helper-38).
        QString iconHere = icon;
        if (const qsizetype open = iconHere.indexOf(QLatin1String("<title>")), close = iconHere.indexOf(QLatin1String("</title>"));
            open >= 0 && close > open)
            iconHere.replace(open + 7, close - open - 7, p.title.toHtmlEscaped());
        sections += fill(section, {{QStringLiteral("lang"), languageCode(language)},
                                   {QStringLiteral("icon"), iconHere},
                                   {QStringLiteral("title"), p.title},
                                   {QStringLiteral("text"), p.text},
                                   {QStringLiteral("action"), p.action},
                                   {QStringLiteral("reason_label"), translate(language, kContext, kReason)},
                                   {QStringLiteral("reason"), reason},
                                   {QStringLiteral("last_label"), translate(language, kContext, kLastCheck)},
                                   {QStringLiteral("last"), last},
                                   {QStringLiteral("contact_label"), translate(language, kContext, kContact)},
                                   {QStringLiteral("contact"), phone + email},
                                   {QStringLiteral("phone"), phone},
                                   {QStringLiteral("email"), email},
                                   {QStringLiteral("both"), !phone.isEmpty() && !email.isEmpty() ? QStringLiteral("1") : QString()}});
    }
    const QString head = fill(page.left(start), {{QStringLiteral("page_title"), present(status, Language::Indonesian).title},
                                                 {QStringLiteral("color"), color}});
    const QString tail = fill(page.mid(end + kSectionEnd.size()),
                              {{QStringLiteral("footer"), translate(Language::Indonesian, kContext, kFooter) + QStringLiteral(" / ")
                                    + translate(Language::English, kContext, kFooter)}});
    return (head + sections + tail).toUtf8();
}

} // namespace hotelhub
