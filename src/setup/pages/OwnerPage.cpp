#include "OwnerPage.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace hotelhub::setup {

OwnerPage::OwnerPage(SetupContext &ctx) : SetupPage(ctx, OwnerId)
{
    auto *form = new QFormLayout(this);
    m_nameLabel = new QLabel(this);
    m_emailLabel = new QLabel(this);
    m_waLabel = new QLabel(this);
    m_positionLabel = new QLabel(this);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("ownerName"));
    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("ownerEmail"));
    m_whatsapp = new QLineEdit(this);
    m_whatsapp->setObjectName(QStringLiteral("ownerWhatsapp"));
    m_position = new QComboBox(this);
    m_position->setObjectName(QStringLiteral("ownerPosition"));
    for (const char *p : {"Owner", "GM", "Manager"})
        m_position->addItem(QString(), QLatin1String(p));
    form->addRow(m_nameLabel, m_name);
    form->addRow(m_emailLabel, m_email);
    form->addRow(m_waLabel, m_whatsapp);
    form->addRow(m_positionLabel, m_position);
    m_nameLabel->setBuddy(m_name);
    m_emailLabel->setBuddy(m_email);
    m_waLabel->setBuddy(m_whatsapp);
    m_positionLabel->setBuddy(m_position);
    connect(m_whatsapp, &QLineEdit::editingFinished, this, [this] {
        if (const auto n = SetupRules::normalizeWhatsApp(m_whatsapp->text()))
            m_whatsapp->setText(*n);
    });
    applyTexts();
}

void OwnerPage::retranslate()
{
    setTitle(tr("Owner"));
    setSubTitle(tr("Who owns or runs the hotel. Used for licence notices and the first admin."));
    m_nameLabel->setText(tr("&Full name:"));
    m_emailLabel->setText(tr("&E-mail:"));
    m_waLabel->setText(tr("&WhatsApp:"));
    m_positionLabel->setText(tr("&Position:"));
    m_whatsapp->setPlaceholderText(QStringLiteral("0812 3456 7890"));
    m_position->setItemText(0, tr("Owner"));
    m_position->setItemText(1, tr("General Manager"));
    m_position->setItemText(2, tr("Manager"));
}

OwnerData OwnerPage::collect() const
{
    return {SetupRules::normalizeName(m_name->text()), m_email->text().trimmed(), m_whatsapp->text().trimmed(), m_position->currentData().toString()};
}

bool OwnerPage::validatePage()
{
    OwnerData o = collect();
    const QStringList problems = SetupRules::validateOwner(o);
    showError(problems.join(u'\n'));
    if (!problems.isEmpty())
        return false;
    m_whatsapp->setText(o.whatsapp);
    m_ctx.data.owner = o;
    return SetupPage::validatePage();
}

QJsonObject OwnerPage::save() const
{
    return {{QStringLiteral("name"), SetupRules::normalizeName(m_name->text())}, {QStringLiteral("email"), m_email->text().trimmed()},
            {QStringLiteral("whatsapp"), m_whatsapp->text().trimmed()}, {QStringLiteral("position"), m_position->currentData().toString()}};
}

void OwnerPage::restore(const QJsonObject &d)
{
    m_name->setText(d.value(QStringLiteral("name")).toString());
    m_email->setText(d.value(QStringLiteral("email")).toString());
    m_whatsapp->setText(d.value(QStringLiteral("whatsapp")).toString());
    const int i = m_position->findData(d.value(QStringLiteral("position")).toString());
    if (i >= 0)
        m_position->setCurrentIndex(i);
    m_ctx.data.owner = collect();
}

} // namespace hotelhub::setup
