#include "SetupWizard.h"
#include "StatusPresentation.h"

#include <QEvent>
#include <QTimeZone>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace hotelhub::setup {

QStringList SetupWizard::pageOrder()
{
    return {QStringLiteral("welcome"), QStringLiteral("connection"), QStringLiteral("license_key"), QStringLiteral("pairing"),
            QStringLiteral("owner"), QStringLiteral("property"), QStringLiteral("tax"), QStringLiteral("admin"), QStringLiteral("done")};
}

SetupWizard::SetupWizard(SetupContext &ctx, Mode mode, QWidget *parent) : QWizard(parent), m_ctx(ctx), m_mode(mode)
{
    setObjectName(QStringLiteral("setupWizard"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setMinimumSize(720, 560);
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
        // Earlier answers come back; the wizard opens where it was left.
        const auto progress = ctx.store->progress();
        for (int id = WelcomeId; id <= DoneId; ++id) {
            auto *p = qobject_cast<SetupPage *>(page(id));
            if (progress.contains(p->key()))
                p->restore(progress.value(p->key()));
        }
        setStartId(resumeId());
    }
    // Return always means "forward" (issue 12): no button but the wizard's default (Next, Save,
    // Finish) takes Return because it has focus. Back, Close and the pages' own buttons
    // ("I need help", "Retry") answer Space and their accelerators only.
    for (QWizard::WizardButton b : {QWizard::BackButton, QWizard::CancelButton, QWizard::HelpButton, QWizard::CustomButton1})
        if (auto *push = qobject_cast<QPushButton *>(button(b)))
            push->setAutoDefault(false);
    for (int id : pageIds())
        for (QPushButton *push : page(id)->findChildren<QPushButton *>())
            push->setAutoDefault(false);
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
    return index;
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
    setButtonText(QWizard::CommitButton, tr("&Save and continue >"));
    setButtonText(QWizard::FinishButton, tr("&Finish"));
    setButtonText(QWizard::CancelButton, tr("Close"));
    button(QWizard::NextButton)->setAccessibleName(tr("Next"));
    button(QWizard::BackButton)->setAccessibleName(tr("Back"));
}

StatusWindow::StatusWindow(SetupContext &ctx, QWidget *parent) : QDialog(parent), m_ctx(ctx)
{
    setObjectName(QStringLiteral("statusWindow"));
    auto *layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("statusTitle"));
    m_title->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: bold;"));
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_action = new QLabel(this);
    m_action->setWordWrap(true);
    m_facts = new QLabel(this);
    m_facts->setWordWrap(true);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_migrate = new QPushButton(this);
    m_migrate->setObjectName(QStringLiteral("statusMigrate"));
    m_close = new QPushButton(this);
    m_close->setDefault(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_migrate);
    buttons->addStretch();
    buttons->addWidget(m_close);
    for (QWidget *w : std::initializer_list<QWidget *>{m_title, m_text, m_action, m_facts})
        layout->addWidget(w);
    layout->addStretch();
    layout->addLayout(buttons);
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_migrate, &QPushButton::clicked, this, &StatusWindow::migrateRequested);
    setMinimumSize(520, 320);
    refresh();
}

void StatusWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QDialog::changeEvent(event);
}

void StatusWindow::refresh()
{
    setWindowTitle(tr("HotelHub licence"));
    const StatusReport r = m_ctx.manager->statusReport(m_ctx.clock->now(), true);
    const StatusPresentation p = present(r.status, m_ctx.language);
    m_title->setText(p.title);
    m_text->setText(p.text);
    m_action->setText(p.action.isEmpty() ? QString() : QStringLiteral("→ ") + p.action);
    QStringList facts{tr("Setup is complete; this window shows the licence instead of the wizard.")};
    const QLocale locale;
    if (r.claims)
        facts << tr("Plan: %1").arg(r.claims->plan)
              << tr("Valid until: %1").arg(locale.toString(vendorDate(r.claims->validUntil), QStringLiteral("d MMMM yyyy")));
    const QDateTime last = r.row ? r.row->lastHeartbeatSuccessAt : QDateTime();
    facts << tr("Last heartbeat: %1").arg(last.isValid() ? locale.toString(last.toLocalTime(), QStringLiteral("d MMMM yyyy HH:mm")) : QStringLiteral("–"));
    m_facts->setText(facts.join(u'\n'));
    m_migrate->setText(tr("&Move installation to this device"));
    m_migrate->setVisible(p.offersMove);
    m_close->setText(tr("&Close"));
}

} // namespace hotelhub::setup
