#include "Banner.h"

#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScreen>

namespace hotelhub::tray {

Banner::Banner(QWidget *parent) : QWidget(parent, Qt::Tool | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint)
{
    setObjectName(QStringLiteral("banner"));
    auto *layout = new QHBoxLayout(this);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_dismiss = new QPushButton(this);
    m_dismiss->setObjectName(QStringLiteral("dismiss"));
    layout->addWidget(m_text, 1);
    layout->addWidget(m_dismiss);
    connect(m_dismiss, &QPushButton::clicked, this, &Banner::dismissed);
}

void Banner::show(const TrayView &view, const QString &contact)
{
    const bool warning = view.surface == TraySurface::WarningBanner;
    setStyleSheet(warning ? QStringLiteral("QWidget#banner { background: #fff4c2; } QLabel { color: #5a4300; }")
                          : QStringLiteral("QWidget#banner { background: #c62828; } QLabel { color: white; font-weight: bold; }"));
    setAttribute(Qt::WA_StyledBackground);
    // The action is appended unless the text already says it (the yellow banner's seed wording does).
    QString text = view.text.text + (view.text.textSaysAction() ? QString() : QStringLiteral("  → ") + view.text.action);
    if (!warning && !contact.isEmpty()) // "contact sales" names whom, on the banner itself
        text += QStringLiteral("  ·  ") + QString(contact).replace(u'\n', QStringLiteral(" · "));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setText(text);
    // A task bar or window switcher names the banner by what it says, not the program's file name
    // (helper-41), as the lock screen does.
    setWindowTitle(view.text.title);
    m_dismiss->setVisible(warning); // red banners cannot be dismissed
    m_dismiss->setText(tr("Hide for 24 hours"));
    if (const QScreen *s = QGuiApplication::primaryScreen()) {
        // As tall as its lines need at the screen's width (a red banner with whom to contact
        // takes three lines on a narrow screen), never less than the usual strip.
        const QRect area = s->availableGeometry();
        const int lines = layout() && layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(area.width()) : 0;
        setGeometry(area.x(), area.y(), area.width(), std::max(56, lines));
    }
    QWidget::show();
}

} // namespace hotelhub::tray
