#include "TaxPage.h"

#include "ui_TaxPage.h"

namespace hotelhub::setup {

TaxPage::TaxPage(SetupContext &ctx) : SetupPage(ctx, TaxId), m_ui(std::make_unique<Ui::TaxPage>())
{
}

void TaxPage::build()
{
    // The rates take 0 to 100 % (the form), wider than the rules allow, so that a typed 12 stays 12 and is
    // refused with the reason below, instead of silently becoming 1 (issue 12).
    m_ui->setupUi(this);
    connect(m_ui->taxPkp, &QCheckBox::toggled, this, &TaxPage::updatePkp);
    // A rate out of range is named as it is typed (the rules' own words), not cut to fit.
    for (QDoubleSpinBox *rate : {m_ui->taxPb1, m_ui->taxService}) {
        connect(rate, &QDoubleSpinBox::valueChanged, this, [this] {
            TaxSettings rates;
            rates.pb1Rate = m_ui->taxPb1->value();
            rates.serviceChargeRate = m_ui->taxService->value();
            showError(TaxRules::validate(rates).join(u'\n'));
        });
    }
    connect(m_ui->taxEfaktur, &QCheckBox::toggled, this, &TaxPage::updatePkp);
    updatePkp();
}

TaxPage::~TaxPage() = default;

void TaxPage::retranslate()
{
    m_ui->retranslateUi(this); // every text of this page is in the form
}

void TaxPage::updatePkp()
{
    m_ui->taxNpwp->setEnabled(m_ui->taxPkp->isChecked());
    m_ui->taxEfaktur->setEnabled(m_ui->taxPkp->isChecked());
    m_ui->taxNsfp->setEnabled(m_ui->taxPkp->isChecked() && m_ui->taxEfaktur->isChecked());
}

void TaxPage::initializePage()
{
    if (!m_restored) {
        const auto s = Regions::suggest(m_ctx.data.property.regionCode.left(2), m_ctx.data.property.city);
        m_ui->taxPb1->setValue(s ? s->pb1Rate : TaxRules::kPb1Cap);
    }
}

TaxSettings TaxPage::collect() const
{
    TaxSettings t;
    t.pb1Rate = m_ui->taxPb1->value();
    t.serviceChargeRate = m_ui->taxService->value();
    t.isPkp = m_ui->taxPkp->isChecked();
    t.npwp = SetupRules::normalizeNpwp(m_ui->taxNpwp->text()).value_or(m_ui->taxNpwp->text());
    t.efakturCoretax = t.isPkp && m_ui->taxEfaktur->isChecked();
    t.nsfpSeries = SetupRules::normalizeNsfp(m_ui->taxNsfp->text()).value_or(m_ui->taxNsfp->text());
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
    return {{QStringLiteral("pb1"), m_ui->taxPb1->value()}, {QStringLiteral("service"), m_ui->taxService->value()}, {QStringLiteral("pkp"), m_ui->taxPkp->isChecked()},
            {QStringLiteral("npwp"), m_ui->taxNpwp->text()}, {QStringLiteral("efaktur"), m_ui->taxEfaktur->isChecked()}, {QStringLiteral("nsfp"), m_ui->taxNsfp->text()}};
}

void TaxPage::restore(const QJsonObject &d)
{
    if (d.isEmpty())
        return;
    m_restored = true;
    m_ui->taxPb1->setValue(d.value(QStringLiteral("pb1")).toDouble(10));
    m_ui->taxService->setValue(d.value(QStringLiteral("service")).toDouble(10));
    m_ui->taxPkp->setChecked(d.value(QStringLiteral("pkp")).toBool());
    m_ui->taxNpwp->setText(d.value(QStringLiteral("npwp")).toString());
    m_ui->taxEfaktur->setChecked(d.value(QStringLiteral("efaktur")).toBool());
    m_ui->taxNsfp->setText(d.value(QStringLiteral("nsfp")).toString());
    m_ctx.data.tax = collect();
}

} // namespace hotelhub::setup
