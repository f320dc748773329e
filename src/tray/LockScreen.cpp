#include "LockScreen.h"
#include "TrayText.h"
#include "Diagnostic.h"
#include "LicenseStatusView.h"

#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace hotelhub::tray {

LockScreen::LockScreen(Installation &ctx, QWidget *parent) : QDialog(parent), m_ctx(ctx)
{
    setObjectName(QStringLiteral("screen"));
    auto *layout = new QVBoxLayout(this);
    layout->addStretch();
    m_title = new QLabel(this);
    m_title->setStyleSheet(QStringLiteral("font-size: 22pt; font-weight: bold;"));
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setWordWrap(true); // a wider font (Windows) or a longer language never widens the screen
    m_text = new QLabel(this);
    m_action = new QLabel(this);
    m_contact = new QLabel(this);
    m_contact->setObjectName(QStringLiteral("contact"));
    for (QLabel *l : {m_title, m_text, m_action, m_contact}) {
        l->setTextFormat(Qt::PlainText); // the vendor's contact and words are text, never markup
    }
    for (QLabel *l : {m_text, m_action, m_contact}) {
        l->setStyleSheet(QStringLiteral("font-size: 13pt;"));
        l->setWordWrap(true);
        l->setAlignment(Qt::AlignCenter);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_primary = new QPushButton(this);
    m_primary->setObjectName(QStringLiteral("primary"));
    m_primary->setDefault(true);
    m_secondary = new QPushButton(this);
    m_offline = new QPushButton(tr("O&ffline activation…"), this);
    m_offline->setObjectName(QStringLiteral("lockOffline"));
    m_offline->hide();
    m_outcome = new QLabel(this);
    m_outcome->setObjectName(QStringLiteral("lockOutcome"));
    m_outcome->setTextFormat(Qt::PlainText);
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A fixed room for it, kept when it is empty: the column is centred, so text that appeared
    // under the buttons moved "Check again" up under the owner's pointer (31 px for two lines),
    // and a room of three lines still let a gateway's answer and the wait after a second press
    // (five lines on 800x600) move it 17 px (outside checks). Six lines; longer text scrolls
    // inside the room instead of moving the buttons.
    QFont outcomeFont = m_outcome->font();
    outcomeFont.setPointSizeF(12);
    m_outcome->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    auto *outcomeRoom = new QScrollArea(this);
    outcomeRoom->setObjectName(QStringLiteral("lockOutcomeRoom"));
    outcomeRoom->setFrameShape(QFrame::NoFrame);
    outcomeRoom->setWidgetResizable(true);
    outcomeRoom->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    outcomeRoom->setFixedHeight(QFontMetrics(outcomeFont).lineSpacing() * 6 + 8);
    // The outcome and its help link share the room: the link never moves the buttons either.
    m_outcomeHelp = new QLabel(this);
    m_outcomeHelp->setObjectName(QStringLiteral("lockOutcomeHelp"));
    m_outcomeHelp->setTextFormat(Qt::RichText); // only helpLinkHtml()'s escaped link
    m_outcomeHelp->setOpenExternalLinks(true);
    m_outcomeHelp->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_outcomeHelp->hide();
    auto *outcomeBox = new QWidget(this);
    auto *outcomeColumn = new QVBoxLayout(outcomeBox);
    outcomeColumn->setContentsMargins(0, 0, 0, 0);
    outcomeColumn->addWidget(m_outcome);
    outcomeColumn->addWidget(m_outcomeHelp);
    outcomeColumn->addStretch();
    outcomeRoom->setWidget(outcomeBox);
    outcomeRoom->viewport()->setAutoFillBackground(false);
    outcomeBox->setAutoFillBackground(false);
    m_outcome->setAutoFillBackground(false);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_primary);
    buttons->addWidget(m_secondary);
    buttons->addStretch();
    // A row of its own: three buttons side by side asked for 490 px under Windows' font, and the
    // screen never asks to be wider than 400 (lockScreenCoversTheScreen).
    auto *offline = new QHBoxLayout;
    offline->addStretch();
    offline->addWidget(m_offline);
    offline->addStretch();
    for (QWidget *w : std::initializer_list<QWidget *>{m_title, m_text, m_action, m_contact})
        layout->addWidget(w);
    layout->addLayout(buttons);
    layout->addLayout(offline);
    layout->addWidget(outcomeRoom);
    layout->addStretch();
    connect(m_offline, &QPushButton::clicked, this, &LockScreen::offlineRequested);
    connect(m_primary, &QPushButton::clicked, this, [this] {
        if (m_surface == TraySurface::HardwareModal)
            Q_EMIT migrate();
        else
            Q_EMIT checkAgain();
    });
    connect(m_secondary, &QPushButton::clicked, this, &QDialog::reject);
}

void LockScreen::setOutcome(const QString &text, bool failed, const QString &help)
{
    const QString link = text.isEmpty() ? QString() : widgets::LicenseStatusView::helpLinkHtml(help);
    m_outcomeHelp->setText(link);
    m_outcomeHelp->setVisible(!link.isEmpty());
    m_outcome->setText(text);
    m_outcome->setStyleSheet(failed ? QStringLiteral("font-size: 12pt; color: #b3261e;") : QStringLiteral("font-size: 12pt;"));
}

void LockScreen::show(const TrayView &view, const QStringList &changed, bool offerOffline)
{
    if (view.text.title != m_shownTitle || view.surface != m_surface)
        setOutcome({}, false); // another screen: the last check's words were about the one before
    m_shownTitle = view.text.title;
    m_surface = view.surface;
    m_offline->setVisible(offerOffline && view.surface != TraySurface::HardwareModal);
    setWindowTitle(view.text.title);
    m_title->setText(view.text.title);
    m_text->setText(view.text.text);
    m_action->setText(view.text.textSaysAction() ? QString() : view.text.action);
    // Every lock screen (suspended, revoked, expired, locked) names whom to contact.
    m_contact->setText(view.surface == TraySurface::LockScreen || view.movedElsewhere ? contactText(m_ctx) : QString());
    if (view.movedElsewhere) {
        // Nothing changed here; the vendor says the licence was moved to another installation
        // (it read "Hardware change detected", inviting a move back and forth; helper-40).
        m_primary->setText(tr("&Move it back here"));
        m_secondary->setText(tr("&Not now"));
    } else if (view.surface == TraySurface::HardwareModal) {
        m_title->setText(tr("Hardware change detected. Re-pair?"));
        m_text->setText(changed.isEmpty() ? view.text.text : tr("Changed since pairing: %1").arg(Diagnostic::componentWords(changed)));
        m_primary->setText(tr("&Yes, move the licence here"));
        m_secondary->setText(tr("&Not now"));
        m_action->clear(); // the question and its two buttons say it; the window's wording names another button
    } else {
        m_primary->setText(tr("&Check again"));
        m_secondary->setText(view.surface == TraySurface::LockScreen ? tr("&Hide") : tr("I &understand"));
    }
    m_secondary->setVisible(true);
    QDialog::show();
    raise();
}

} // namespace hotelhub::tray
