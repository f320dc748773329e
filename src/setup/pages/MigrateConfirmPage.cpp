#include "MigrateConfirmPage.h"
#include "LicenseKey.h"

#include "ui_MigrateConfirmPage.h"

namespace hotelhub::setup {

MigrateConfirmPage::MigrateConfirmPage(SetupContext &ctx) : SetupPage(ctx, MigrateConfirmId), m_ui(std::make_unique<Ui::MigrateConfirmPage>())
{
}

void MigrateConfirmPage::build()
{
    m_ui->setupUi(this);
    connect(m_ui->migrateKey, &QLineEdit::textEdited, this, &MigrateConfirmPage::completeChanged);
    connect(m_ui->migrateReason, &QLineEdit::textChanged, this, &MigrateConfirmPage::completeChanged);
    connect(m_ui->migrateConfirm, &QCheckBox::toggled, this, &MigrateConfirmPage::completeChanged);
}

MigrateConfirmPage::~MigrateConfirmPage() = default;

void MigrateConfirmPage::retranslate()
{
    m_ui->retranslateUi(this); // every text of this page is in the form
}

bool MigrateConfirmPage::isComplete() const
{
    return LicenseKey::parse(m_ui->migrateKey->text()).isValid() && !m_ui->migrateReason->text().trimmed().isEmpty() && m_ui->migrateConfirm->isChecked();
}

bool MigrateConfirmPage::validatePage()
{
    m_ctx.licenseKey = LicenseKey::parse(m_ui->migrateKey->text()).text();
    return true;
}

QString MigrateConfirmPage::reason() const { return m_ui->migrateReason->text().trimmed(); }

} // namespace hotelhub::setup
