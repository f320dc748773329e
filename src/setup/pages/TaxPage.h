// One page of the setup wizard (PRODUCT.md "The wizard, page by page").
#pragma once

#include "SetupPage.h"

#include <QJsonObject>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;

namespace hotelhub::setup {

class TaxPage : public SetupPage
{
    Q_OBJECT
public:
    explicit TaxPage(SetupContext &ctx);
    void retranslate() override;
    void initializePage() override;
    bool validatePage() override;
    QJsonObject save() const override;
    void restore(const QJsonObject &d) override;

private:
    TaxSettings collect() const;
    void updatePkp();
    QLabel *m_pb1Label, *m_pb1Hint, *m_serviceLabel, *m_npwpLabel, *m_nsfpLabel, *m_ppnHint;
    QDoubleSpinBox *m_pb1, *m_service;
    QCheckBox *m_pkp, *m_efaktur;
    QLineEdit *m_npwp, *m_nsfp;
    bool m_restored = false;
};

} // namespace hotelhub::setup
