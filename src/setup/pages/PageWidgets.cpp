#include "PageWidgets.h"

#include <QCoreApplication>
#include <QLabel>
#include <QPalette>

namespace hotelhub::setup {

void setTone(QLabel *label, Tone tone)
{
    const QColor background = label->palette().color(QPalette::Window);
    const Rgb c = toneColor(tone, {background.red(), background.green(), background.blue()});
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, QColor(c.r, c.g, c.b));
    label->setPalette(p);
}

QLabel *wrapping(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setWordWrap(true);
    // Plain text: what it shows may come from a server (a support phone, an error) or the
    // settings file, and markup there must never draw, nor a link be followed.
    l->setTextFormat(Qt::PlainText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    return l;
}

QString plainLabelText(const QString &text)
{
    QString out;
    for (int i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'&' && i + 1 < text.size())
            ++i;
        out += text.at(i);
    }
    out = out.trimmed();
    while (out.endsWith(u':'))
        out.chop(1);
    return out.trimmed();
}

QString outcomeHtml(const VendorErrorText &t)
{
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(t.helpUrl.toHtmlEscaped(), QCoreApplication::translate("hotelhub::setup::SetupPage", "More help"));
}

} // namespace hotelhub::setup
