#include "OwnerPage.h"

#include "ui_OwnerPage.h"

#include <QLineEdit>

namespace hotelhub::setup {

OwnerPage::OwnerPage(SetupContext &ctx) : SetupPage(ctx, OwnerId), m_ui(std::make_unique<Ui::OwnerPage>())
{
}

void OwnerPage::build()
{
    m_ui->setupUi(this);
    // What is stored for each position (the form carries what is shown).
    const char *const positions[] = {"Owner", "GM", "Manager"};
    for (int i = 0; i < m_ui->ownerPosition->count(); ++i)
        m_ui->ownerPosition->setItemData(i, QLatin1String(positions[i]));
    connect(m_ui->ownerWhatsapp, &QLineEdit::editingFinished, this, [this] {
        if (const auto n = SetupRules::normalizeWhatsApp(m_ui->ownerWhatsapp->text()))
            m_ui->ownerWhatsapp->setText(*n);
    });
}

OwnerPage::~OwnerPage() = default;

void OwnerPage::retranslate()
{
    m_ui->retranslateUi(this); // every text of this page is in the form
}

OwnerData OwnerPage::collect() const
{
    return {SetupRules::normalizeName(m_ui->ownerName->text()), m_ui->ownerEmail->text().trimmed(), m_ui->ownerWhatsapp->text().trimmed(), m_ui->ownerPosition->currentData().toString()};
}

bool OwnerPage::validatePage()
{
    OwnerData o = collect();
    const QStringList problems = SetupRules::validateOwner(o);
    showError(problems.join(u'\n'));
    if (!problems.isEmpty())
        return false;
    m_ui->ownerWhatsapp->setText(o.whatsapp);
    m_ctx.data.owner = o;
    return SetupPage::validatePage();
}

QJsonObject OwnerPage::save() const
{
    return {{QStringLiteral("name"), SetupRules::normalizeName(m_ui->ownerName->text())}, {QStringLiteral("email"), m_ui->ownerEmail->text().trimmed()},
            {QStringLiteral("whatsapp"), m_ui->ownerWhatsapp->text().trimmed()}, {QStringLiteral("position"), m_ui->ownerPosition->currentData().toString()}};
}

void OwnerPage::restore(const QJsonObject &d)
{
    m_ui->ownerName->setText(d.value(QStringLiteral("name")).toString());
    m_ui->ownerEmail->setText(d.value(QStringLiteral("email")).toString());
    m_ui->ownerWhatsapp->setText(d.value(QStringLiteral("whatsapp")).toString());
    const int i = m_ui->ownerPosition->findData(d.value(QStringLiteral("position")).toString());
    if (i >= 0)
        m_ui->ownerPosition->setCurrentIndex(i);
    m_ctx.data.owner = collect();
}

} // namespace hotelhub::setup
