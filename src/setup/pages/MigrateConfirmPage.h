// One page of the setup wizard (PRODUCT.md "The wizard, page by page").
#pragma once

#include "SetupPage.h"


class QCheckBox;
class QLabel;
class QLineEdit;

namespace hotelhub::setup {

// --migrate (seed 000 §4): confirm, reason, key; then the migrate call.
class MigrateConfirmPage : public SetupPage
{
    Q_OBJECT
public:
    explicit MigrateConfirmPage(SetupContext &ctx);
    void retranslate() override;
    bool isComplete() const override;
    bool validatePage() override;
    QString reason() const;

private:
    QLabel *m_text, *m_keyLabel, *m_reasonLabel;
    QLineEdit *m_key, *m_reason;
    QCheckBox *m_confirm;
};

} // namespace hotelhub::setup
