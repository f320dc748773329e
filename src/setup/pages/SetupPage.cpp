#include "SetupPage.h"
#include "PageWidgets.h"
#include "StatusColors.h"

#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QWizard>

namespace hotelhub::setup {

QString pageKey(PageId id)
{
    switch (id) {
    case WelcomeId: return QStringLiteral("welcome");
    case ConnectionId: return QStringLiteral("connection");
    case KeyId: return QStringLiteral("license_key");
    case PairingId: return QStringLiteral("pairing");
    case OwnerId: return QStringLiteral("owner");
    case PropertyId: return QStringLiteral("property");
    case TaxId: return QStringLiteral("tax");
    case AdminId: return QStringLiteral("admin");
    case DoneId: return QStringLiteral("done");
    case MigrateConfirmId: return QStringLiteral("migrate");
    case MigrateRunId: return QStringLiteral("migrate_run");
    }
    Q_UNREACHABLE();
}

SetupPage::SetupPage(SetupContext &ctx, PageId id, QWidget *parent) : QWizardPage(parent), m_ctx(ctx), m_key(pageKey(id)) {}

void SetupPage::ensureBuilt()
{
    if (m_built)
        return;
    m_built = true;
    build();
    // Return always means "forward" (issue 12): the page's own buttons ("I need help", "Retry")
    // answer Space and their accelerators only, never the Return meant for Next.
    for (QPushButton *push : findChildren<QPushButton *>())
        push->setAutoDefault(false);
    applyTexts();
}

void SetupPage::setStep(int step, int steps)
{
    m_step = step;
    m_steps = steps;
    applyTexts();
}

bool SetupPage::validatePage()
{
    if (!m_ctx.store->saveProgress(m_key, save(), true)) {
        showError(m_ctx.store->errorString());
        return false;
    }
    return true;
}

bool SetupPage::event(QEvent *event)
{
    const bool handled = QWizardPage::event(event);
    if (event->type() == QEvent::LayoutRequest || event->type() == QEvent::Show || event->type() == QEvent::Resize)
        fitToContent();
    return handled;
}

void SetupPage::fitToContent()
{
    if (!layout() || !isVisible())
        return;
    // QWizard gives a page the height of its size hint, and QFormLayout gives a wrapped label
    // that spans the page fewer lines than it needs once another row appears (an error under
    // the tax page's hints): the last lines were cut off. Each wrapped label asks for the height
    // of its lines at its width, and the page for the total.
    for (QLabel *label : findChildren<QLabel *>()) {
        if (!label->wordWrap() || !label->isVisibleTo(this) || label->width() <= 0)
            continue;
        const int lines = label->heightForWidth(label->width());
        if (lines > 0 && label->minimumHeight() != lines)
            label->setMinimumHeight(lines);
    }
    const int need = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width()) : layout()->totalMinimumSize().height();
    if (need > height() && need > minimumHeight())
        setMinimumHeight(need);
    QWizard *w = wizard();
    if (!w || !w->isWindow())
        return;
    // The wizard's own minimum (720×560) is set explicitly, so its layout never makes the window
    // taller: a page that does not fit grows the window, up to the screen's free height (with a
    // larger font, the 6-digit code field sat below the bottom edge).
    // How far the page runs past the part of the window it is shown in (QWizard's page area).
    const QWidget *area = parentWidget();
    const int overflow = area ? mapTo(area, QPoint(0, need)).y() - area->height() : 0;
    const int wanted = w->height() + overflow;
    if (overflow > 0) {
        int most = QWIDGETSIZE_MAX;
        if (const QScreen *screen = w->screen())
            most = screen->availableGeometry().height() - (w->frameGeometry().height() - w->height());
        if (w->height() < most)
            w->resize(w->width(), std::min(wanted, most));
    }
}

void SetupPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        applyTexts();
    QWizardPage::changeEvent(event);
}

void SetupPage::applyTexts()
{
    setSubTitle(QString()); // a page without a subtitle of its own shows only its step
    if (m_built)
        retranslate(); // a page not built yet takes its texts, in the language then, when it is
    if (m_steps > 0) {
        const QString step = tr("Step %1 of %2").arg(m_step).arg(m_steps);
        setSubTitle(subTitle().isEmpty() ? step : step + QStringLiteral(" · ") + subTitle());
    }
    for (QLabel *label : findChildren<QLabel *>()) {
        if (QWidget *field = label->buddy())
            field->setAccessibleName(plainLabelText(label->text()));
    }
}

QLabel *SetupPage::errorLabel()
{
    if (!m_error) {
        m_error = wrapping(this);
        m_error->setObjectName(QStringLiteral("error"));
        setTone(m_error, Tone::Error);
        m_error->setAccessibleName(tr("Error"));
        if (auto *box = qobject_cast<QBoxLayout *>(layout()))
            box->addWidget(m_error);
        else if (auto *grid = qobject_cast<QGridLayout *>(layout()))
            grid->addWidget(m_error, grid->rowCount(), 0, 1, -1);
        else if (auto *form = qobject_cast<QFormLayout *>(layout()))
            form->addRow(m_error);
    }
    return m_error;
}

void SetupPage::showError(const QString &text)
{
    errorLabel()->setText(text);
    errorLabel()->setVisible(!text.isEmpty());
}

} // namespace hotelhub::setup
