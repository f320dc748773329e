// One page of the setup wizard (PRODUCT.md "The wizard, page by page").
#pragma once

#include "MigrateConfirmPage.h"

#include <QPointer>

class QLabel;

namespace hotelhub::setup {

class MigrateRunPage : public SetupPage
{
    Q_OBJECT
public:
    MigrateRunPage(SetupContext &ctx, MigrateConfirmPage *confirm);
    void retranslate() override;
    void initializePage() override;
    bool isComplete() const override;
    QString lastCode() const { return m_lastCode; }
    QLabel *messageLabel() const { return m_message; }

private:
    void build() override;
    MigrateConfirmPage *m_confirmPage;
    QLabel *m_status, *m_message, *m_action, *m_help;
    QPointer<VendorCall> m_call;
    bool m_done = false;
    QString m_lastCode;
};

} // namespace hotelhub::setup
