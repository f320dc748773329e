// One page of the setup wizard (PRODUCT.md "The wizard, page by page").
#pragma once

#include "SetupPage.h"

#include <QUrl>
#include <functional>

class QCheckBox;
class QLabel;
class QPushButton;

namespace hotelhub::setup {

class DonePage : public SetupPage
{
    Q_OBJECT
public:
    explicit DonePage(SetupContext &ctx);
    void retranslate() override;
    void initializePage() override;
    bool validatePage() override;
    QPushButton *panelButton() const { return m_panel; }
    QCheckBox *autostartBox() const { return m_autostart; }
    QLabel *panelFeedback() const { return m_panelFeedback; }
    // How the panel's address is opened (QDesktopServices::openUrl); tests pass one without a browser.
    void setUrlOpener(std::function<bool(const QUrl &)> opener) { m_openUrl = std::move(opener); }
    QUrl panelUrl() const;

private:
    void openPanel();
    QLabel *m_summary, *m_checklist, *m_panelFeedback;
    QPushButton *m_panel;
    QCheckBox *m_autostart;
    std::function<bool(const QUrl &)> m_openUrl;
};

} // namespace hotelhub::setup
