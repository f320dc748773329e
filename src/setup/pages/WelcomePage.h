// The welcome page: what the wizard does, and the language it speaks. Its layout is the Designer
// form ui/WelcomePage.ui.
#pragma once

#include "SetupPage.h"

#include <QJsonObject>
#include <memory>

namespace Ui {
class WelcomePage;
}

namespace hotelhub::setup {

class WelcomePage : public SetupPage
{
    Q_OBJECT
public:
    explicit WelcomePage(SetupContext &ctx);
    ~WelcomePage() override;
    void retranslate() override;
    QJsonObject save() const override;
    void restore(const QJsonObject &d) override;
Q_SIGNALS:
    void languageChosen(hotelhub::Language language);

private:
    void build() override;
    void retranslateDynamic();
    std::unique_ptr<Ui::WelcomePage> m_ui;
};

} // namespace hotelhub::setup
