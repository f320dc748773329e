#include "SetupPage.h"
#include "PageWidgets.h"
#include "StatusColors.h"

#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
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
    if (event->type() == QEvent::LayoutRequest || event->type() == QEvent::Show)
        fitToContent();
    return handled;
}

void SetupPage::fitToContent()
{
    if (!layout() || !isVisible() || !layout()->hasHeightForWidth())
        return;
    // QWizard gives a page the height of its size hint, which counts a wrapped label as one line:
    // the page asks for what its lines need at its width (and the wizard grows with it).
    const int need = layout()->totalHeightForWidth(width());
    if (need > height() && need > minimumHeight())
        setMinimumHeight(need);
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
    retranslate();
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
