// One page of the setup wizard (PRODUCT.md "The wizard, page by page").
#pragma once

#include "SetupPage.h"

#include <QJsonObject>

class QComboBox;
class QLabel;

namespace hotelhub::setup {

class WelcomePage : public SetupPage
{
    Q_OBJECT
public:
    explicit WelcomePage(SetupContext &ctx);
    void retranslate() override;
    QJsonObject save() const override;
    void restore(const QJsonObject &d) override;
Q_SIGNALS:
    void languageChosen(hotelhub::Language language);

private:
    QLabel *m_text;
    QLabel *m_languageLabel;
    QComboBox *m_language;
};

} // namespace hotelhub::setup
