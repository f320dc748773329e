// One page of the setup wizard (PRODUCT.md "The wizard, page by page").
#pragma once

#include "SetupPage.h"

#include <QPointer>
#include <optional>

class QLabel;
class QPushButton;

namespace hotelhub::setup {

class PairingPage : public SetupPage
{
    Q_OBJECT
public:
    explicit PairingPage(SetupContext &ctx);
    void retranslate() override;
    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    void startPairing();
    void cancel();
    bool busy() const { return !m_call.isNull(); }
    QString lastCode() const { return m_lastCode; }
    QLabel *messageLabel() const { return m_message; }
    QLabel *actionLabel() const { return m_action; }
    QLabel *helpLabel() const { return m_help; }
    QPushButton *retryButton() const { return m_retry; }
    QPushButton *moveButton() const { return m_move; }
    QPushButton *offlineButton() const { return m_offline; }
    // "No internet? Activate offline": the request and the answer in a dialog (README "Offline activation").
    void activateOffline();

private:
    void build() override;
    void showPaired();
    // Already paired with this key and working here: one heartbeat asks the vendor before it is shown.
    void confirmPaired();
    // Clears the last outcome and shows `status` while a call runs (Cancel; the offline path too).
    void beginCall(const QString &status, bool offerOffline);
    void showOutcome(const ClientOutcome &o);
    // The last failure, worded at display time: a language switch re-words what is shown.
    void renderFailure();
    std::optional<ClientOutcome> m_failure;
    QLabel *m_status;
    QLabel *m_message;
    QLabel *m_action;
    QLabel *m_help;
    QLabel *m_details;
    QPushButton *m_cancel;
    QPushButton *m_retry;
    QPushButton *m_move;
    QPushButton *m_offline;
    QPointer<VendorCall> m_call;
    bool m_paired = false;
    QString m_envWarning; // paired, but the .env copy was refused: why
    QString m_lastCode;
};

} // namespace hotelhub::setup
