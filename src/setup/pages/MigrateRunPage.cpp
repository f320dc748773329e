#include "MigrateRunPage.h"
#include "PageWidgets.h"

#include <QLabel>
#include <QWizard>
#include <QVBoxLayout>

namespace hotelhub::setup {

MigrateRunPage::MigrateRunPage(SetupContext &ctx, MigrateConfirmPage *confirm) : SetupPage(ctx, MigrateRunId), m_confirmPage(confirm)
{
    setFinalPage(true);
}

void MigrateRunPage::build()
{
    auto *layout = new QVBoxLayout(this);
    m_status = wrapping(this);
    m_message = wrapping(this);
    m_message->setObjectName(QStringLiteral("migrateMessage"));
    m_action = wrapping(this);
    m_help = wrapping(this);
    m_help->setTextFormat(Qt::RichText); // our "More help" link; outcomeHtml() escapes its address
    m_help->setOpenExternalLinks(true);
    for (QWidget *w : std::initializer_list<QWidget *>{m_status, m_message, m_action, m_help})
        layout->addWidget(w);
    layout->addStretch();
}

void MigrateRunPage::retranslate()
{
    setTitle(tr("Moving the licence"));
    setSubTitle(tr("The licence server moves the licence to this device."));
}

void MigrateRunPage::initializePage()
{
    m_done = false;
    m_status->setText(tr("Moving the licence to this device…"));
    m_message->clear();
    m_action->clear();
    m_help->clear();
    m_call = m_ctx.client->migrate(m_ctx.licenseKey, m_confirmPage->reason(), [this](const ClientOutcome &o) {
        m_call.clear();
        m_lastCode = o.code();
        if (o.ok()) {
            m_done = true;
            // Moved: nothing before this can be reopened, so Back cannot send the move again
            // (a second call wrote a second license.migrated row).
            if (QWizard *w = wizard())
                w->setOption(QWizard::DisabledBackButtonOnLastPage, true);
            m_status->setText(tr("Licence active until %1").arg(o.claims ? displayDate(o.claims->validUntil) : QString()));
            m_message->setText(tr("The licence now lives on this device. The old device stops working at its next check."));
            if (!o.warning.isEmpty()) {
                // Moved and stored; only the HMS's copy in the settings file is missing.
                const VendorErrorText t = VendorErrors::envCopyWarning(o.warning);
                m_action->setText(QStringLiteral("⚠ ") + t.message + QStringLiteral("\n→ ") + t.action);
            }
        } else {
            const VendorErrorText t = o.text(m_ctx.client->settings());
            m_status->setText(tr("The licence was not moved."));
            m_message->setText(t.message);
            m_action->setText(t.action.isEmpty() ? QString() : QStringLiteral("→ ") + t.action);
            m_help->setText(outcomeHtml(t));
        }
        Q_EMIT completeChanged();
    });
}

bool MigrateRunPage::isComplete() const { return m_done; }

} // namespace hotelhub::setup
