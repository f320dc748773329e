// One page of the setup wizard (PRODUCT.md "The wizard, page by page").
#pragma once

#include "SetupPage.h"

#include <QJsonObject>

class QLabel;
class QLineEdit;

namespace hotelhub::setup {

class LicenseKeyPage : public SetupPage
{
    Q_OBJECT
public:
    explicit LicenseKeyPage(SetupContext &ctx);
    void retranslate() override;
    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;
    QJsonObject save() const override;
    QLineEdit *keyEdit() const { return m_key; }

private:
    void build() override;
    QLabel *m_label;
    QLineEdit *m_key;
    QLabel *m_hint;
};

} // namespace hotelhub::setup
