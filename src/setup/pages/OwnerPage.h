// One page of the setup wizard (PRODUCT.md "The wizard, page by page").
#pragma once

#include "SetupPage.h"

#include <QJsonObject>

class QComboBox;
class QLabel;
class QLineEdit;

namespace hotelhub::setup {

class OwnerPage : public SetupPage
{
    Q_OBJECT
public:
    explicit OwnerPage(SetupContext &ctx);
    void retranslate() override;
    bool validatePage() override;
    QJsonObject save() const override;
    void restore(const QJsonObject &d) override;

private:
    OwnerData collect() const;
    QLabel *m_nameLabel, *m_emailLabel, *m_waLabel, *m_positionLabel;
    QLineEdit *m_name, *m_email, *m_whatsapp;
    QComboBox *m_position;
};

} // namespace hotelhub::setup
