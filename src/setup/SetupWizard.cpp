#include "SetupWizard.h"
#include "ProductIcon.h"

#include <QIcon>
#include "StatusPresentation.h"

#include <QEvent>
#include <QTimeZone>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace hotelhub::setup {

QStringList SetupWizard::pageOrder()
{
    QStringList keys;
    for (int id = WelcomeId; id <= DoneId; ++id)
        keys << pageKey(PageId(id));
    return keys;
}

SetupWizard::SetupWizard(SetupContext &ctx, Mode mode, QWidget *parent) : QWizard(parent), m_ctx(ctx), m_mode(mode)
{
    setObjectName(QStringLiteral("setupWizard"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setMinimumSize(720, 560);
    // The product's icon on every page, in the header beside the step. It is always 48 px, so
    // its PNG rendition does: drawing the SVG loaded Qt SVG and parsed the file before the first
    // page could show (issue 14).
    setPixmap(QWizard::LogoPixmap, widgets::productPixmap(QStringLiteral("ok"), 48, devicePixelRatioF()));
    setWindowIcon(widgets::productIcon(QStringLiteral("ok"))); // a task bar's and a title bar's picture
    if (mode == Mode::Migrate) {
        auto *confirm = new MigrateConfirmPage(ctx);
        setPage(MigrateConfirmId, confirm);
        setPage(MigrateRunId, new MigrateRunPage(ctx, confirm));
        setStartId(MigrateConfirmId);
    } else {
        auto *welcome = new WelcomePage(ctx);
        setPage(WelcomeId, welcome);
        setPage(ConnectionId, new ConnectionPage(ctx));
        setPage(KeyId, new LicenseKeyPage(ctx));
        setPage(PairingId, new PairingPage(ctx));
        setPage(OwnerId, new OwnerPage(ctx));
        setPage(PropertyId, new PropertyPage(ctx));
        setPage(TaxId, new TaxPage(ctx));
        setPage(AdminId, new AdminPage(ctx));
        setPage(DoneId, new DonePage(ctx));
        connect(welcome, &WelcomePage::languageChosen, this, [](Language l) { installTranslator(l); });
        // Earlier answers come back; the wizard opens where it was left. A page with saved
        // answers is built now, as they go into its fields (and into the setup's data, which the
        // pages after it use); the others are built when first shown (initializePage).
        const auto progress = ctx.store->progress();
        for (int id = WelcomeId; id <= DoneId; ++id) {
            auto *p = qobject_cast<SetupPage *>(page(id));
            if (progress.contains(p->key())) {
                p->ensureBuilt();
                p->restore(progress.value(p->key()));
            }
        }
        setStartId(resumeId());
    }
    // Return always means "forward" (issue 12): no button but the wizard's default (Next, Save,
    // Finish) takes Return because it has focus. Back and Close answer Space and their
    // accelerators only (the pages' own buttons too: SetupPage::ensureBuilt).
    for (QWizard::WizardButton b : {QWizard::BackButton, QWizard::CancelButton, QWizard::HelpButton, QWizard::CustomButton1})
        if (auto *push = qobject_cast<QPushButton *>(button(b)))
            push->setAutoDefault(false);
    // "Step 3 of 9": the pages of this flow, in order.
    const QList<int> ids = pageIds();
    for (int i = 0; i < ids.size(); ++i)
        if (auto *p = qobject_cast<SetupPage *>(page(ids[i])))
            p->setStep(i + 1, int(ids.size()));
    retranslate();
}

int SetupWizard::resumeId() const
{
    const QString first = m_ctx.store->firstUnfinished(pageOrder());
    const int index = first.isEmpty() ? DoneId : int(pageOrder().indexOf(first));
    const std::optional<LocalLicense> row = m_ctx.manager->loadRow();
    const bool paired = row && row->isPaired();
    // Pairing and everything after it need a licence; without one the key must be typed again.
    if (index >= PairingId && !paired && m_ctx.licenseKey.isEmpty())
        return KeyId;
    // Paired in an earlier run, but the licence no longer works here (suspended, expired, moved,
    // restricted since): the pairing page shows the vendor's verdict with its next step, as it does
    // when the key is typed. Resuming past it showed the owner's pages and then "active until …"
    // (helper-39). Pairing again needs the key, which is never stored.
    if (index > PairingId && paired && !m_ctx.manager->check(m_ctx.clock->now(), false).status.worksHere())
        return m_ctx.licenseKey.isEmpty() ? KeyId : PairingId;
    return index;
}

void SetupWizard::initializePage(int id)
{
    // Called before a page is shown, the first one included (QWizard::restart on show).
    if (auto *p = qobject_cast<SetupPage *>(page(id)))
        p->ensureBuilt();
    QWizard::initializePage(id);
}

void SetupWizard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizard::changeEvent(event);
}

void SetupWizard::retranslate()
{
    setWindowTitle(m_mode == Mode::Migrate ? tr("HotelHub — move installation") : tr("HotelHub setup"));
    setButtonText(QWizard::BackButton, tr("< &Back"));
    setButtonText(QWizard::NextButton, tr("&Next >"));
    // Its letter is not S: the admin page's "Password"/"Kata sandi" and "I have saved…" take it.
    setButtonText(QWizard::CommitButton, tr("Save and co&ntinue >"));
    setButtonText(QWizard::FinishButton, tr("&Finish"));
    setButtonText(QWizard::CancelButton, tr("Close"));
    button(QWizard::NextButton)->setAccessibleName(tr("Next"));
    button(QWizard::BackButton)->setAccessibleName(tr("Back"));
}

StatusWindow::StatusWindow(SetupContext &ctx, QWidget *parent) : QDialog(parent), m_ctx(ctx)
{
    setObjectName(QStringLiteral("statusWindow"));
    auto *layout = new QVBoxLayout(this);
    m_view = new widgets::LicenseStatusView(ctx, widgets::LicenseStatusView::CheckAgain | widgets::LicenseStatusView::Move
                                                     | widgets::LicenseStatusView::Diagnose, this);
    layout->addWidget(m_view, 1);
    m_close = new QPushButton(this);
    m_close->setDefault(true);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_close);
    layout->addLayout(buttons);
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_view, &widgets::LicenseStatusView::migrateRequested, this, &StatusWindow::migrateRequested);
    connect(m_view, &widgets::LicenseStatusView::checkAgainRequested, this, &StatusWindow::checkAgain);
    resize(640, 640);
    setWindowIcon(widgets::productIcon(QStringLiteral("ok")));
    setWindowTitle(tr("HotelHub licence"));
    m_close->setText(tr("Cl&ose"));
    refresh();
}

QPushButton *StatusWindow::migrateButton() const { return m_view->button(QStringLiteral("migrate")); }

QLabel *StatusWindow::titleLabel() const { return m_view->stateLabel(); }

void StatusWindow::refresh() { m_view->refresh(); }

void StatusWindow::checkAgain()
{
    if (m_call)
        return;
    m_view->setOutcome(tr("Checking the licence with the vendor…"), false);
    m_call = m_ctx.client->heartbeat([this](const ClientOutcome &o) {
        refresh();
        if (o.ok()) {
            m_view->setOutcome(tr("Checked with the vendor just now."), false);
            return;
        }
        const VendorErrorText t = o.text(m_ctx.client->settings());
        m_view->setOutcome(t.action.isEmpty() ? t.message : t.message + u'\n' + t.action, true, t.helpUrl);
    });
}

void StatusWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        setWindowTitle(tr("HotelHub licence"));
        m_close->setText(tr("Cl&ose"));
    }
    QDialog::changeEvent(event);
}

} // namespace hotelhub::setup
