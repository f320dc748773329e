// The confirmation page of a move. Its layout is the Designer form ui/MigrateConfirmPage.ui.
#pragma once

#include "SetupPage.h"

#include <memory>

namespace Ui {
class MigrateConfirmPage;
}

namespace hotelhub::setup {

// --migrate (seed 000 §4): confirm, reason, key; then the migrate call.
class MigrateConfirmPage : public SetupPage
{
    Q_OBJECT
public:
    explicit MigrateConfirmPage(SetupContext &ctx);
    ~MigrateConfirmPage() override;
    void retranslate() override;
    bool isComplete() const override;
    bool validatePage() override;
    QString reason() const;

private:
    void build() override;
    std::unique_ptr<Ui::MigrateConfirmPage> m_ui;
};

} // namespace hotelhub::setup
