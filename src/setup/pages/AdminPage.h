// One page of the setup wizard (PRODUCT.md "The wizard, page by page").
#pragma once

#include "SetupPage.h"
#include "QrCodeLabel.h"

#include <QJsonObject>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;

namespace hotelhub::setup {

class AdminPage : public SetupPage
{
    Q_OBJECT
public:
    explicit AdminPage(SetupContext &ctx);
    void retranslate() override;
    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;
    QJsonObject save() const override;
    void restore(const QJsonObject &d) override;
    QByteArray totpSecret() const { return m_secret; }
    QLabel *reshownNote() const { return m_reshownNote; }
    QLabel *qrLabel() const { return m_qr; }
    QStringList recoveryCodes() const { return m_codes; }
    QString enrolmentUri() const { return m_enrolmentUri; } // what the QR code holds

private:
    void updateStrength();
    void checkCode();
    void emailChanged();
    void showEnrolment(); // the QR code and the typed key for the e-mail as it stands
    QLabel *m_nameLabel, *m_emailLabel, *m_passLabel, *m_confirmLabel, *m_strengthLabel, *m_twoFaIntro, *m_secretText, *m_codeLabel,
        *m_codeStatus, *m_codesIntro, *m_codesText;
    widgets::QrCodeLabel *m_qr;
    QLineEdit *m_name, *m_email, *m_password, *m_confirm, *m_code;
    QLabel *m_strengthHint = nullptr;
    // A QR code was shown by an earlier run of the wizard (a restart, a power cut): the owner's
    // authenticator may hold its entry, which the new code replaces.
    QLabel *m_reshownNote = nullptr;
    bool m_shownBefore = false;
    QProgressBar *m_strength;
    QCheckBox *m_savedCodes;
    QByteArray m_secret;
    QStringList m_codes;
    bool m_confirmed = false;
    QString m_enrolmentUri;
};

} // namespace hotelhub::setup
