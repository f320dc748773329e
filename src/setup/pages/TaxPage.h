// The tax page: hotel tax, service charge and the PKP details. Its layout is the Designer form
// ui/TaxPage.ui.
#pragma once

#include "SetupPage.h"

#include <QJsonObject>
#include <memory>

namespace Ui {
class TaxPage;
}

namespace hotelhub::setup {

class TaxPage : public SetupPage
{
    Q_OBJECT
public:
    explicit TaxPage(SetupContext &ctx);
    ~TaxPage() override;
    void retranslate() override;
    void initializePage() override;
    bool validatePage() override;
    QJsonObject save() const override;
    void restore(const QJsonObject &d) override;

private:
    void build() override;
    TaxSettings collect() const;
    void updatePkp();
    std::unique_ptr<Ui::TaxPage> m_ui;
    bool m_restored = false;
};

} // namespace hotelhub::setup
