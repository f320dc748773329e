#include "TaxPage.h"
#include "DecimalSpinBox.h"
#include "PageWidgets.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace hotelhub::setup {

TaxPage::TaxPage(SetupContext &ctx) : SetupPage(ctx, TaxId)
{
    auto *form = new QFormLayout(this);
    m_pb1Label = new QLabel(this);
    m_pb1 = new DecimalSpinBox(this);
    m_pb1->setObjectName(QStringLiteral("taxPb1"));
    // Wider than the rules allow, so that a typed 12 stays 12 and is refused with the reason
    // below, instead of silently becoming 1 (issue 12).
    m_pb1->setRange(0, 100);
    m_pb1->setSingleStep(0.5);
    m_pb1->setSuffix(QStringLiteral(" %"));
    m_pb1Hint = wrapping(this);
    m_serviceLabel = new QLabel(this);
    m_service = new DecimalSpinBox(this);
    m_service->setObjectName(QStringLiteral("taxService"));
    m_service->setRange(0, 100);
    m_service->setSingleStep(0.5);
    m_service->setSuffix(QStringLiteral(" %"));
    m_service->setValue(10);
    m_pkp = new QCheckBox(this);
    m_pkp->setObjectName(QStringLiteral("taxPkp"));
    m_ppnHint = wrapping(this);
    m_npwpLabel = new QLabel(this);
    m_npwp = new QLineEdit(this);
    m_npwp->setObjectName(QStringLiteral("taxNpwp"));
    m_efaktur = new QCheckBox(this);
    m_efaktur->setObjectName(QStringLiteral("taxEfaktur"));
    m_nsfpLabel = new QLabel(this);
    m_nsfp = new QLineEdit(this);
    m_nsfp->setObjectName(QStringLiteral("taxNsfp"));
    form->addRow(m_pb1Label, m_pb1);
    form->addRow(m_pb1Hint); // hints span the page: a wrapped label in the field column leaves gaps
    form->addRow(m_serviceLabel, m_service);
    form->addRow(m_pkp);
    form->addRow(m_ppnHint);
    form->addRow(m_npwpLabel, m_npwp);
    form->addRow(QString(), m_efaktur);
    form->addRow(m_nsfpLabel, m_nsfp);
    m_pb1Label->setBuddy(m_pb1);
    m_serviceLabel->setBuddy(m_service);
    m_npwpLabel->setBuddy(m_npwp);
    m_nsfpLabel->setBuddy(m_nsfp);
    connect(m_pkp, &QCheckBox::toggled, this, &TaxPage::updatePkp);
    // A rate out of range is named as it is typed (the rules' own words), not cut to fit.
    for (QDoubleSpinBox *rate : {static_cast<QDoubleSpinBox *>(m_pb1), static_cast<QDoubleSpinBox *>(m_service)}) {
        connect(rate, &QDoubleSpinBox::valueChanged, this, [this] {
            TaxSettings rates;
            rates.pb1Rate = m_pb1->value();
            rates.serviceChargeRate = m_service->value();
            showError(TaxRules::validate(rates).join(u'\n'));
        });
    }
    connect(m_efaktur, &QCheckBox::toggled, this, &TaxPage::updatePkp);
    updatePkp();
    applyTexts();
}

void TaxPage::retranslate()
{
    setTitle(tr("Taxes"));
    setSubTitle(tr("How room prices are taxed. These settings can be changed later in the panel."));
    m_pb1Label->setText(tr("&Hotel tax (PBJT/PB1):"));
    m_pb1Hint->setText(tr("Hotel tax is PBJT for hotel services under UU 1/2022 (HKPD). Each regency or city sets it by regional "
                          "regulation, at most 10 % (Jakarta: 10 %). The suggestion comes from the region code."));
    m_serviceLabel->setText(tr("&Service charge:"));
    m_pkp->setText(tr("The business is a &PKP (registered for VAT)"));
    m_ppnHint->setText(tr("Room services are a regional-tax object, not subject to PPN; PPN applies only to a PKP's other supplies: "
                          "12 % on a tax base of 11/12 of the price (effectively 11 %) since 2025. PKP registration is mandatory above "
                          "Rp4.8 billion yearly turnover."));
    m_npwpLabel->setText(tr("NP&WP:"));
    m_efaktur->setText(tr("Issue &e-Faktur through Coretax"));
    m_nsfpLabel->setText(tr("NS&FP series:"));
}

void TaxPage::updatePkp()
{
    m_npwp->setEnabled(m_pkp->isChecked());
    m_efaktur->setEnabled(m_pkp->isChecked());
    m_nsfp->setEnabled(m_pkp->isChecked() && m_efaktur->isChecked());
}

void TaxPage::initializePage()
{
    if (!m_restored) {
        const auto s = Regions::suggest(m_ctx.data.property.regionCode.left(2), m_ctx.data.property.city);
        m_pb1->setValue(s ? s->pb1Rate : TaxRules::kPb1Cap);
    }
}

TaxSettings TaxPage::collect() const
{
    TaxSettings t;
    t.pb1Rate = m_pb1->value();
    t.serviceChargeRate = m_service->value();
    t.isPkp = m_pkp->isChecked();
    t.npwp = SetupRules::normalizeNpwp(m_npwp->text()).value_or(m_npwp->text());
    t.efakturCoretax = t.isPkp && m_efaktur->isChecked();
    t.nsfpSeries = SetupRules::normalizeNsfp(m_nsfp->text()).value_or(m_nsfp->text());
    return t;
}

bool TaxPage::validatePage()
{
    const TaxSettings t = collect();
    const QStringList problems = TaxRules::validate(t);
    showError(problems.join(u'\n'));
    if (!problems.isEmpty())
        return false;
    m_ctx.data.tax = t;
    return SetupPage::validatePage();
}

QJsonObject TaxPage::save() const
{
    return {{QStringLiteral("pb1"), m_pb1->value()}, {QStringLiteral("service"), m_service->value()}, {QStringLiteral("pkp"), m_pkp->isChecked()},
            {QStringLiteral("npwp"), m_npwp->text()}, {QStringLiteral("efaktur"), m_efaktur->isChecked()}, {QStringLiteral("nsfp"), m_nsfp->text()}};
}

void TaxPage::restore(const QJsonObject &d)
{
    if (d.isEmpty())
        return;
    m_restored = true;
    m_pb1->setValue(d.value(QStringLiteral("pb1")).toDouble(10));
    m_service->setValue(d.value(QStringLiteral("service")).toDouble(10));
    m_pkp->setChecked(d.value(QStringLiteral("pkp")).toBool());
    m_npwp->setText(d.value(QStringLiteral("npwp")).toString());
    m_efaktur->setChecked(d.value(QStringLiteral("efaktur")).toBool());
    m_nsfp->setText(d.value(QStringLiteral("nsfp")).toString());
    m_ctx.data.tax = collect();
}

} // namespace hotelhub::setup
