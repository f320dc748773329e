#include "AdminPage.h"
#include "PageWidgets.h"
#include "setup/SetupRules.h"

#include <QCheckBox>
#include <QFont>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QVBoxLayout>

namespace hotelhub::setup {

AdminPage::AdminPage(SetupContext &ctx) : SetupPage(ctx, AdminId)
{
    // The commit page (issue 12): its Next writes the hotel in one transaction, and nothing
    // before it can be reopened afterwards (a changed e-mail must never become a second owner).
    setCommitPage(true);
    auto *form = new QFormLayout(this);
    m_nameLabel = new QLabel(this);
    m_emailLabel = new QLabel(this);
    m_passLabel = new QLabel(this);
    m_confirmLabel = new QLabel(this);
    m_strengthLabel = new QLabel(this);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("adminName"));
    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("adminEmail"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("adminPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(QStringLiteral("adminConfirm"));
    m_confirm->setEchoMode(QLineEdit::Password);
    m_strength = new QProgressBar(this);
    m_strength->setObjectName(QStringLiteral("adminStrength"));
    m_strength->setRange(0, 4);
    m_strength->setTextVisible(true);
    m_twoFaIntro = wrapping(this);
    m_qr = new widgets::QrCodeLabel(this);
    m_qr->setObjectName(QStringLiteral("adminQr"));
    m_secretText = wrapping(this);
    m_secretText->setObjectName(QStringLiteral("adminSecret"));
    m_codeLabel = new QLabel(this);
    m_code = new QLineEdit(this);
    m_code->setObjectName(QStringLiteral("adminCode"));
    m_code->setMaxLength(7);
    m_code->setInputMask(QString());
    m_codeStatus = wrapping(this);
    m_codesIntro = wrapping(this);
    m_codesText = new QLabel(this); // fixed lines, no wrapping: heightForWidth would clip them
    m_codesText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_codesText->setObjectName(QStringLiteral("adminRecoveryCodes"));
    m_codesText->setFont(QFont(QStringLiteral("monospace")));
    m_savedCodes = new QCheckBox(this);
    m_savedCodes->setObjectName(QStringLiteral("adminSavedCodes"));
    form->addRow(m_nameLabel, m_name);
    form->addRow(m_emailLabel, m_email);
    form->addRow(m_passLabel, m_password);
    form->addRow(m_confirmLabel, m_confirm);
    form->addRow(m_strengthLabel, m_strength);
    // zxcvbn's reading, live: what makes this password guessable and how to do better.
    m_strengthHint = new QLabel(this);
    m_strengthHint->setObjectName(QStringLiteral("adminStrengthHint"));
    m_strengthHint->setWordWrap(true);
    m_strengthHint->setTextFormat(Qt::PlainText);
    form->addRow(QString(), m_strengthHint);
    form->addRow(m_twoFaIntro);
    m_reshownNote = wrapping(this);
    m_reshownNote->setObjectName(QStringLiteral("adminReshownNote"));
    m_reshownNote->setTextFormat(Qt::PlainText);
    m_reshownNote->setStyleSheet(QStringLiteral("font-weight: bold;"));
    m_reshownNote->hide();
    form->addRow(m_reshownNote);
    // The QR code and its typed form side by side, across both columns: in the label column it
    // would widen it, and "6-digit code" below would sit in the QR code's white margin.
    auto *qrRow = new QHBoxLayout;
    qrRow->addWidget(m_qr, 0, Qt::AlignTop);
    qrRow->addWidget(m_secretText, 1);
    form->addRow(qrRow);
    form->addRow(m_codeLabel, m_code);
    form->addRow(QString(), m_codeStatus);
    // The recovery codes appear together once 2FA is confirmed: one box, laid out on its own.
    auto *codesBox = new QWidget(this);
    codesBox->setObjectName(QStringLiteral("adminCodesBox"));
    auto *codesLayout = new QVBoxLayout(codesBox);
    codesLayout->setContentsMargins(0, 0, 0, 0);
    m_codesIntro->setParent(codesBox);
    m_codesText->setParent(codesBox);
    m_savedCodes->setParent(codesBox);
    codesLayout->addWidget(m_codesIntro);
    codesLayout->addWidget(m_codesText);
    codesLayout->addWidget(m_savedCodes);
    form->addRow(codesBox);
    m_nameLabel->setBuddy(m_name);
    m_emailLabel->setBuddy(m_email);
    m_passLabel->setBuddy(m_password);
    m_confirmLabel->setBuddy(m_confirm);
    m_codeLabel->setBuddy(m_code);
    m_strengthLabel->setBuddy(m_strength);
    connect(m_password, &QLineEdit::textChanged, this, &AdminPage::updateStrength);
    connect(m_confirm, &QLineEdit::textChanged, this, &AdminPage::completeChanged);
    connect(m_code, &QLineEdit::textChanged, this, &AdminPage::checkCode);
    connect(m_email, &QLineEdit::textChanged, this, &AdminPage::emailChanged);
    connect(m_savedCodes, &QCheckBox::toggled, this, &AdminPage::completeChanged);
    m_codesIntro->hide();
    m_codesText->hide();
    m_savedCodes->hide();
    applyTexts();
}

void AdminPage::retranslate()
{
    setTitle(tr("Administrator"));
    setSubTitle(tr("The first user of the panel, with every right (the owner's role). Two-factor sign-in is required."));
    m_qr->setAccessibleName(tr("QR code for the authenticator app"));
    m_reshownNote->setText(tr("This is a new QR code. If you scanned a HotelHub code before the setup was interrupted, delete that "
                              "entry in your authenticator app and scan this one: the old entry's codes no longer work."));
    m_nameLabel->setText(tr("Na&me:"));
    m_emailLabel->setText(tr("&E-mail:"));
    m_passLabel->setText(tr("&Password:"));
    m_confirmLabel->setText(tr("&Confirm password:"));
    m_strengthLabel->setText(tr("Strength:"));
    m_twoFaIntro->setText(tr("Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, Authy), "
                             "then type the 6-digit code it shows."));
    m_codeLabel->setText(tr("6-&digit code:"));
    m_codesIntro->setText(tr("Recovery codes: each one signs in once if the phone is lost. They are shown only now; write them down "
                             "or print them and keep them somewhere safe."));
    m_savedCodes->setText(tr("I have &saved the recovery codes"));
    if (!m_secret.isEmpty())
        m_secretText->setText(tr("Or enter this key by hand:\n%1").arg(Totp::base32(m_secret)));
    updateStrength();
    checkCode();
}

void AdminPage::initializePage()
{
    if (m_name->text().isEmpty())
        m_name->setText(m_ctx.data.owner.name);
    if (m_email->text().isEmpty())
        m_email->setText(m_ctx.data.owner.email);
    if (m_secret.isEmpty()) {
        // A new secret per wizard run: it is never written down before it is confirmed and sealed.
        m_secret = Totp::generateSecret();
        m_codes = Totp::recoveryCodes();
        m_confirmed = false;
        // Remembered (not the secret): after a restart the owner is told the old entry is dead.
        m_reshownNote->setVisible(m_shownBefore);
        QJsonObject progress = save();
        progress.insert(QStringLiteral("qr_shown"), true);
        m_ctx.store->saveProgress(key(), progress, false);
    }
    showEnrolment();
}

void AdminPage::showEnrolment()
{
    // The authenticator's label is the address as it will be stored (trimmed, lower case).
    const QString stored = m_email->text().trimmed().toLower();
    const QString account = stored.isEmpty() ? QStringLiteral("admin") : stored;
    m_enrolmentUri = Totp::provisioningUri(m_secret, account);
    m_qr->setContent(m_enrolmentUri);
    m_secretText->setText(tr("Or enter this key by hand:\n%1").arg(Totp::base32(m_secret)));
}

void AdminPage::emailChanged()
{
    if (m_secret.isEmpty())
        return; // not shown yet
    if (m_confirmed) {
        // The phone's entry carries the old address: show the QR again with the new one. The secret
        // is the same, so a code from the entry already on the phone confirms as well.
        m_confirmed = false;
        m_code->clear();
        m_code->setEnabled(true);
        m_codeStatus->setText(tr("The e-mail changed: scan the new QR code (or keep the entry you have) and type the current code again."));
        m_codesIntro->hide();
        m_codesText->hide();
        m_savedCodes->hide();
        m_qr->show();
        m_secretText->show();
        m_twoFaIntro->show();
        Q_EMIT completeChanged();
    }
    showEnrolment();
}

void AdminPage::updateStrength()
{
    const QStringList context{m_name->text(), m_email->text(), m_ctx.data.property.name};
    const PasswordStrength s = Passwords::strength(m_password->text(), context);
    m_strength->setValue(int(s));
    m_strength->setFormat(Passwords::strengthLabel(s));
    // The reason it is refused, else zxcvbn's first hint (nothing to say once it is strong).
    QString hint;
    if (!m_password->text().isEmpty()) {
        hint = Passwords::problem(m_password->text(), context);
        if (hint.isEmpty() && s < PasswordStrength::Strong)
            hint = Passwords::estimate(m_password->text(), context).hints.value(0);
    }
    m_strengthHint->setText(hint);
    Q_EMIT completeChanged();
}

void AdminPage::checkCode()
{
    if (m_confirmed) {
        m_codeStatus->setText(tr("✓ Two-factor sign-in confirmed."));
        return;
    }
    const QString code = m_code->text().trimmed();
    if (code.size() < 6) {
        m_codeStatus->clear();
    } else if (Totp::verify(m_secret, code, m_ctx.clock->now())) {
        m_confirmed = true;
        m_ctx.data.admin.confirmedAt = m_ctx.clock->now();
        // The disabled code field would hand focus to "< Back" (Return then went back a page):
        // the next thing to do is to tick that the codes are saved.
        m_savedCodes->show();
        m_savedCodes->setFocus();
        m_code->setEnabled(false);
        m_codeStatus->setText(tr("✓ Two-factor sign-in confirmed."));
        // The QR code has done its job; its room goes to the recovery codes, in two columns.
        m_qr->hide();
        m_secretText->hide();
        m_twoFaIntro->hide();
        QStringList rows;
        for (qsizetype i = 0; i + 1 < m_codes.size(); i += 2)
            rows << m_codes[i] + QStringLiteral("     ") + m_codes[i + 1];
        m_codesText->setText(rows.join(u'\n'));
        m_codesText->setMinimumHeight(m_codesText->fontMetrics().lineSpacing() * int(rows.size() + 1));
        m_codesIntro->show();
        m_codesText->show();
        m_savedCodes->show();
        m_codesText->parentWidget()->updateGeometry();
    } else {
        m_codeStatus->setText(tr("✗ That code is not right. Check the phone's time and type the current code."));
    }
    Q_EMIT completeChanged();
}

bool AdminPage::isComplete() const
{
    return m_confirmed && m_savedCodes->isChecked() && !m_password->text().isEmpty() && m_password->text() == m_confirm->text();
}

bool AdminPage::validatePage()
{
    QString name = m_name->text();
    QString email = m_email->text();
    const QStringList problems = SetupRules::validateAdmin(name, email, m_password->text(), m_confirm->text(), m_ctx.data.property.name);
    showError(problems.join(u'\n'));
    if (!problems.isEmpty())
        return false;
    AdminData &a = m_ctx.data.admin;
    a.name = name;
    a.email = email;
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    a.passwordHash = Passwords::bcryptHash(m_password->text());
    QGuiApplication::restoreOverrideCursor();
    a.totpSecret = m_secret;
    a.recoveryCodes = m_codes;
    if (a.passwordHash.isEmpty()) {
        showError(tr("The password could not be hashed on this computer."));
        return false;
    }
    // Owner, property, tax and admin in one transaction: a crash never leaves half a hotel.
    if (!m_ctx.store->commit(m_ctx.data)) {
        showError(m_ctx.store->errorString());
        return false;
    }
    m_password->clear();
    m_confirm->clear();
    return SetupPage::validatePage();
}

QJsonObject AdminPage::save() const
{
    return {{QStringLiteral("name"), m_name->text()}, {QStringLiteral("email"), m_email->text()},
            {QStringLiteral("qr_shown"), !m_secret.isEmpty() || m_shownBefore}};
}

void AdminPage::restore(const QJsonObject &d)
{
    m_name->setText(d.value(QStringLiteral("name")).toString());
    m_email->setText(d.value(QStringLiteral("email")).toString());
    m_shownBefore = d.value(QStringLiteral("qr_shown")).toBool();
}

} // namespace hotelhub::setup
