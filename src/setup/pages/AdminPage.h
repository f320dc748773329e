// The administrator page: the first user of the panel, the two-factor enrolment and the recovery
// codes; the commit page. Its layout is the Designer form ui/AdminPage.ui.
#pragma once

#include "SetupPage.h"

#include <QJsonObject>
#include <memory>

class QLabel;

namespace Ui {
class AdminPage;
}

namespace hotelhub::setup {

class AdminPage : public SetupPage
{
    Q_OBJECT
public:
    explicit AdminPage(SetupContext &ctx);
    ~AdminPage() override;
    void retranslate() override;
    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;
    QJsonObject save() const override;
    void restore(const QJsonObject &d) override;
    QByteArray totpSecret() const { return m_secret; }
    QLabel *reshownNote() const;
    QLabel *qrLabel() const;
    QStringList recoveryCodes() const { return m_codes; }
    QString enrolmentUri() const { return m_enrolmentUri; } // what the QR code holds

private:
    void build() override;
    void retranslateDynamic();
    void updateStrength();
    void checkCode();
    void emailChanged();
    void showEnrolment(); // the QR code and the typed key for the e-mail as it stands
    std::unique_ptr<Ui::AdminPage> m_ui;
    // A QR code was shown by an earlier run of the wizard (a restart, a power cut): the owner's
    // authenticator may hold its entry, which the new code replaces (adminReshownNote says so).
    bool m_shownBefore = false;
    QByteArray m_secret;
    QStringList m_codes;
    bool m_confirmed = false;
    QString m_enrolmentUri;
};

} // namespace hotelhub::setup
