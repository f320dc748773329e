// The owner page: who owns or runs the hotel. Its layout is the Designer form ui/OwnerPage.ui.
#pragma once

#include "SetupPage.h"

#include <QJsonObject>
#include <memory>

namespace Ui {
class OwnerPage;
}

namespace hotelhub::setup {

class OwnerPage : public SetupPage
{
    Q_OBJECT
public:
    explicit OwnerPage(SetupContext &ctx);
    ~OwnerPage() override;
    void retranslate() override;
    bool validatePage() override;
    QJsonObject save() const override;
    void restore(const QJsonObject &d) override;

private:
    void build() override;
    OwnerData collect() const;
    std::unique_ptr<Ui::OwnerPage> m_ui;
};

} // namespace hotelhub::setup
