// The last page: what was set up, what to do next in the panel, and the monitor at login. Its
// layout is the Designer form ui/DonePage.ui.
#pragma once

#include "SetupPage.h"

#include <QUrl>
#include <functional>
#include <memory>

class QCheckBox;
class QLabel;
class QPushButton;

namespace Ui {
class DonePage;
}

namespace hotelhub::setup {

class DonePage : public SetupPage
{
    Q_OBJECT
public:
    explicit DonePage(SetupContext &ctx);
    ~DonePage() override;
    void retranslate() override;
    void initializePage() override;
    bool validatePage() override;
    QPushButton *panelButton() const;
    QCheckBox *autostartBox() const;
    QLabel *panelFeedback() const;
    // How the panel's address is opened (QDesktopServices::openUrl); tests pass one without a browser.
    void setUrlOpener(std::function<bool(const QUrl &)> opener) { m_openUrl = std::move(opener); }
    // Windows' heartbeat task (ScheduledHeartbeat): offered when the wizard runs as administrator
    // for the machine-wide data folder. Tests pass their own "offered" and "install".
    QCheckBox *heartbeatTaskBox() const;
    void setHeartbeatTask(std::function<bool()> offered, std::function<bool(QString *)> install)
    {
        m_taskOffered = std::move(offered);
        m_installTask = std::move(install);
    }
    QUrl panelUrl() const;

private:
    void build() override;
    void retranslateDynamic();
    void openPanel();
    std::unique_ptr<Ui::DonePage> m_ui;
    std::function<bool(const QUrl &)> m_openUrl;
    std::function<bool()> m_taskOffered;
    std::function<bool(QString *)> m_installTask;
};

} // namespace hotelhub::setup
