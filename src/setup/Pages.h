// The nine wizard pages (PRODUCT.md "The wizard, page by page") and the move-installation pages.
// Each page builds its widgets, says what it shows in retranslate() (called again on a live
// language switch), and keeps no rule of its own: validation and decisions come from src/core.
#pragma once

#include "QrCodeLabel.h"
#include "SetupContext.h"
#include "setup/ConnectionChecks.h"

#include <QJsonObject>
#include <QUrl>
#include <functional>
#include <QPointer>
#include <QSet>
#include <QWizardPage>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace hotelhub::setup {

// The pages, in order. Their keys (wizard_progress.page) are defined here once: pageKey(id).
enum PageId { WelcomeId, ConnectionId, KeyId, PairingId, OwnerId, PropertyId, TaxId, AdminId, DoneId, MigrateConfirmId, MigrateRunId };
QString pageKey(PageId id);

class SetupPage : public QWizardPage
{
    Q_OBJECT
public:
    SetupPage(SetupContext &ctx, PageId id, QWidget *parent = nullptr);
    QString key() const { return m_key; }
    // "Step 3 of 9", shown in the header above the page's own subtitle.
    void setStep(int step, int steps);
    virtual void retranslate() = 0;
    virtual QJsonObject save() const { return {}; }
    virtual void restore(const QJsonObject &) {}
    bool validatePage() override; // saves progress; derived pages validate first, then call this

protected:
    void changeEvent(QEvent *event) override;
    // A page whose content grew (an error, the recovery codes, a longer language) asks for the
    // height its wrapped lines need: QWizard sizes a page by its size hint, which counts a
    // wrapped label as one line, and would cut the last lines off.
    bool event(QEvent *event) override;
    void fitToContent();
    // retranslate(), then every field with a buddy label takes that label's text as its
    // accessible name: a screen reader says what the eye reads, in the language shown.
    void applyTexts();
    QLabel *errorLabel(); // a red label for validation messages, created on first use
    void showError(const QString &text);
    SetupContext &m_ctx;

private:
    QString m_key;
    QLabel *m_error = nullptr;
    int m_step = 0, m_steps = 0;
};

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

class ConnectionPage : public SetupPage
{
    Q_OBJECT
public:
    explicit ConnectionPage(SetupContext &ctx);
    void retranslate() override;
    void initializePage() override;
    bool isComplete() const override;
    ConnectionChecker *checker() const { return m_checker; }
    // The row widgets of one check, for tests and screenshots.
    struct Row { QLabel *mark; QLabel *title; QLabel *detail; QLabel *fix; QPushButton *retry; };
    Row row(const QString &id) const { return m_rows.value(id); }

private:
    void onFinished(const ConnectionCheck &check);
    void showHelp();
    QLabel *m_intro;
    QPushButton *m_help;
    QHash<QString, Row> m_rows;
    QHash<QString, ConnectionCheck> m_results;
    QSet<QString> m_running;
    ConnectionChecker *m_checker = nullptr;
};

class LicenseKeyPage : public SetupPage
{
    Q_OBJECT
public:
    explicit LicenseKeyPage(SetupContext &ctx);
    void retranslate() override;
    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;
    QJsonObject save() const override;
    QLineEdit *keyEdit() const { return m_key; }

private:
    QLabel *m_label;
    QLineEdit *m_key;
    QLabel *m_hint;
};

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

private:
    void showPaired();
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
    QPointer<VendorCall> m_call;
    bool m_paired = false;
    QString m_lastCode;
};

class OwnerPage : public SetupPage
{
    Q_OBJECT
public:
    explicit OwnerPage(SetupContext &ctx);
    void retranslate() override;
    bool validatePage() override;
    QJsonObject save() const override;
    void restore(const QJsonObject &d) override;

private:
    OwnerData collect() const;
    QLabel *m_nameLabel, *m_emailLabel, *m_waLabel, *m_positionLabel;
    QLineEdit *m_name, *m_email, *m_whatsapp;
    QComboBox *m_position;
};

class PropertyPage : public SetupPage
{
    Q_OBJECT
public:
    explicit PropertyPage(SetupContext &ctx);
    void retranslate() override;
    void initializePage() override;
    bool validatePage() override;
    QJsonObject save() const override;
    void restore(const QJsonObject &d) override;
    void updateRoomsHint();
    int maxRooms() const;

private:
    PropertyData collect() const;
    void suggestRegion();
    QLabel *m_labels[12];
    QLineEdit *m_name, *m_brand, *m_street, *m_city, *m_postal, *m_lat, *m_lng, *m_region;
    QComboBox *m_province, *m_stars, *m_timezone, *m_regionChoice;
    QSpinBox *m_rooms;
    QLabel *m_roomsHint;
    QLabel *m_currencyLabel = nullptr;
    QLabel *m_currency;
    bool m_regionEdited = false;
};

class TaxPage : public SetupPage
{
    Q_OBJECT
public:
    explicit TaxPage(SetupContext &ctx);
    void retranslate() override;
    void initializePage() override;
    bool validatePage() override;
    QJsonObject save() const override;
    void restore(const QJsonObject &d) override;

private:
    TaxSettings collect() const;
    void updatePkp();
    QLabel *m_pb1Label, *m_pb1Hint, *m_serviceLabel, *m_npwpLabel, *m_nsfpLabel, *m_ppnHint;
    QDoubleSpinBox *m_pb1, *m_service;
    QCheckBox *m_pkp, *m_efaktur;
    QLineEdit *m_npwp, *m_nsfp;
    bool m_restored = false;
};

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

// --migrate (seed 000 §4): confirm, reason, key; then the migrate call.
class MigrateConfirmPage : public SetupPage
{
    Q_OBJECT
public:
    explicit MigrateConfirmPage(SetupContext &ctx);
    void retranslate() override;
    bool isComplete() const override;
    bool validatePage() override;
    QString reason() const;

private:
    QLabel *m_text, *m_keyLabel, *m_reasonLabel;
    QLineEdit *m_key, *m_reason;
    QCheckBox *m_confirm;
};

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
    MigrateConfirmPage *m_confirmPage;
    QLabel *m_status, *m_message, *m_action, *m_help;
    QPointer<VendorCall> m_call;
    bool m_done = false;
    QString m_lastCode;
};

} // namespace hotelhub::setup
