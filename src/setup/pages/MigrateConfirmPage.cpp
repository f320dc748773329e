#include "MigrateConfirmPage.h"
#include "LicenseKey.h"
#include "LicenseKeyEdit.h"
#include "PageWidgets.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace hotelhub::setup {

MigrateConfirmPage::MigrateConfirmPage(SetupContext &ctx) : SetupPage(ctx, MigrateConfirmId)
{
    auto *form = new QFormLayout(this);
    m_text = wrapping(this);
    m_keyLabel = new QLabel(this);
    m_key = new widgets::LicenseKeyEdit(this);
    m_key->setObjectName(QStringLiteral("migrateKey"));
    m_reasonLabel = new QLabel(this);
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("migrateReason"));
    m_confirm = new QCheckBox(this);
    m_confirm->setObjectName(QStringLiteral("migrateConfirm"));
    form->addRow(m_text);
    form->addRow(m_keyLabel, m_key);
    form->addRow(m_reasonLabel, m_reason);
    form->addRow(m_confirm);
    m_keyLabel->setBuddy(m_key);
    m_reasonLabel->setBuddy(m_reason);
    connect(m_key, &QLineEdit::textEdited, this, &MigrateConfirmPage::completeChanged);
    connect(m_reason, &QLineEdit::textChanged, this, &MigrateConfirmPage::completeChanged);
    connect(m_confirm, &QCheckBox::toggled, this, &MigrateConfirmPage::completeChanged);
    applyTexts();
}

void MigrateConfirmPage::retranslate()
{
    setTitle(tr("Move installation"));
    setSubTitle(tr("The licence moves from the old device to this one."));
    m_text->setText(tr("The licence will be moved to this device. The old device will be deactivated automatically. Continue?"));
    m_keyLabel->setText(tr("&Licence key:"));
    m_key->setToolTip(tr("Check your purchase e-mail. Format: HMS-...-...-...-..."));
    m_reasonLabel->setText(tr("&Reason:"));
    m_reason->setPlaceholderText(tr("for example: the old server broke down"));
    m_confirm->setText(tr("&Yes, move the licence to this device"));
}

bool MigrateConfirmPage::isComplete() const
{
    return LicenseKey::parse(m_key->text()).isValid() && !m_reason->text().trimmed().isEmpty() && m_confirm->isChecked();
}

bool MigrateConfirmPage::validatePage()
{
    m_ctx.licenseKey = LicenseKey::parse(m_key->text()).text();
    return true;
}

QString MigrateConfirmPage::reason() const { return m_reason->text().trimmed(); }

} // namespace hotelhub::setup
