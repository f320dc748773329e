// "Aktivasi offline" (README "Offline activation"): the request as a QR code, a file and text,
// and the vendor's answer applied from its file or a typed code. Shared by the setup wizard's
// pairing page and the tray's status window; the rules are OfflineClient's.
#pragma once

#include "OfflineClient.h"

#include <QDialog>

class QScrollArea;

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace hotelhub::widgets {

class QrCodeLabel;

class OfflineActivationDialog : public QDialog
{
    Q_OBJECT
public:
    // `licenseKey` as typed (first activation); empty to renew the licence this install holds.
    OfflineActivationDialog(LicenseManager &manager, const Clock &clock, const QString &licenseKey, QWidget *parent = nullptr);

    // What the buttons do after their file dialog (tests call them with a path).
    bool saveRequestTo(const QString &path);
    void applyAnswerFile(const QString &path);
    void applyCode();

    const OfflineRequestResult &request() const { return m_request; }
    const OfflineApplyResult &result() const { return m_result; }
    QLineEdit *codeEdit() const { return m_code; }
    QLabel *resultLabel() const { return m_resultText; }
    QrCodeLabel *qrCode() const { return m_qr; }
    QSize sizeHint() const override;

Q_SIGNALS:
    void applied(const OfflineApplyResult &result);

private:
    void makeRequest();
    void showResult(const OfflineApplyResult &result);
    void regroupCode(const QString &typed);
    void growToFit();

    OfflineClient m_offline;
    QString m_licenseKey;
    OfflineRequestResult m_request;
    OfflineApplyResult m_result;
    QrCodeLabel *m_qr;
    QPlainTextEdit *m_text;
    QPushButton *m_save;
    QPushButton *m_copy;
    QLabel *m_requestProblem;
    QLabel *m_codeHint;
    QLineEdit *m_code;
    QPushButton *m_applyCode;
    QLabel *m_resultText;
    QScrollArea *m_scroll;
    QSize m_wanted;
};

} // namespace hotelhub::widgets
