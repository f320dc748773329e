#include "AdminPage.h"
#include "setup/SetupRules.h"

#include "ui_AdminPage.h"

#include <QGuiApplication>

namespace hotelhub::setup {

AdminPage::AdminPage(SetupContext &ctx) : SetupPage(ctx, AdminId), m_ui(std::make_unique<Ui::AdminPage>())
{
    // The commit page (issue 12): its Next writes the hotel in one transaction, and nothing
    // before it can be reopened afterwards (a changed e-mail must never become a second owner).
    setCommitPage(true);
}

void AdminPage::build()
{
    // The form puts the QR code and its typed form side by side across both columns (in the label
    // column it would widen it, and "6-digit code" below would sit in the QR code's white margin),
    // and the recovery codes in one box of their own, hidden until 2FA is confirmed; the codes
    // are fixed lines, not wrapped, as heightForWidth would clip them.
    m_ui->setupUi(this);
    connect(m_ui->adminPassword, &QLineEdit::textChanged, this, &AdminPage::updateStrength);
    connect(m_ui->adminConfirm, &QLineEdit::textChanged, this, &AdminPage::completeChanged);
    // "Simpan dan lanjut" waits for the two passwords to match; say so while it waits, instead
    // of a grey button without a reason (once the confirmation is as long as the password).
    // A confirmation still being typed is not called wrong; one that is as long, or that the
    // owner has left (another field, the code, the tick), is.
    const auto sayWhetherTheyDiffer = [this] {
        const QString password = m_ui->adminPassword->text(), confirm = m_ui->adminConfirm->text();
        const bool differ = !confirm.isEmpty() && confirm != password && (confirm.size() >= password.size() || !m_ui->adminConfirm->hasFocus());
        const QString differText = tr("The two passwords differ: type the same password in both fields.");
        if (differ)
            showError(differText);
        else if (errorLabel()->text() == differText)
            showError(QString());
    };
    for (QLineEdit *field : {m_ui->adminPassword, m_ui->adminConfirm})
        connect(field, &QLineEdit::textChanged, this, sayWhetherTheyDiffer);
    connect(m_ui->adminConfirm, &QLineEdit::editingFinished, this, sayWhetherTheyDiffer);
    connect(m_ui->adminSavedCodes, &QCheckBox::toggled, this, sayWhetherTheyDiffer);
    connect(m_ui->adminCode, &QLineEdit::textChanged, this, sayWhetherTheyDiffer);
    connect(m_ui->adminCode, &QLineEdit::textChanged, this, &AdminPage::checkCode);
    connect(m_ui->adminEmail, &QLineEdit::textChanged, this, &AdminPage::emailChanged);
    connect(m_ui->adminSavedCodes, &QCheckBox::toggled, this, &AdminPage::completeChanged);
}

AdminPage::~AdminPage() = default;

QLabel *AdminPage::reshownNote() const { return m_ui->adminReshownNote; }
QLabel *AdminPage::qrLabel() const { return m_ui->adminQr; }

void AdminPage::retranslate()
{
    m_ui->retranslateUi(this);
    retranslateDynamic();
}

void AdminPage::retranslateDynamic()
{
    if (!m_secret.isEmpty())
        m_ui->adminSecret->setText(tr("Or enter this key by hand:\n%1").arg(Totp::base32(m_secret)));
    updateStrength(); // the strength and its hint (zxcvbn), in the language shown
    checkCode();
}

void AdminPage::initializePage()
{
    if (m_ui->adminName->text().isEmpty())
        m_ui->adminName->setText(m_ctx.data.owner.name);
    if (m_ui->adminEmail->text().isEmpty())
        m_ui->adminEmail->setText(m_ctx.data.owner.email);
    if (m_secret.isEmpty()) {
        // A new secret per wizard run: it is never written down before it is confirmed and sealed.
        m_secret = Totp::generateSecret();
        m_codes = Totp::recoveryCodes();
        m_confirmed = false;
        // Remembered (not the secret): after a restart the owner is told the old entry is dead.
        m_ui->adminReshownNote->setVisible(m_shownBefore);
        QJsonObject progress = save();
        progress.insert(QStringLiteral("qr_shown"), true);
        m_ctx.store->saveProgress(key(), progress, false);
    }
    showEnrolment();
}

void AdminPage::showEnrolment()
{
    // The authenticator's label is the address as it will be stored (trimmed, lower case).
    const QString stored = m_ui->adminEmail->text().trimmed().toLower();
    const QString account = stored.isEmpty() ? QStringLiteral("admin") : stored;
    m_enrolmentUri = Totp::provisioningUri(m_secret, account);
    m_ui->adminQr->setContent(m_enrolmentUri);
    m_ui->adminSecret->setText(tr("Or enter this key by hand:\n%1").arg(Totp::base32(m_secret)));
}

void AdminPage::emailChanged()
{
    if (m_secret.isEmpty())
        return; // not shown yet
    if (m_confirmed) {
        // The phone's entry carries the old address: show the QR again with the new one. The secret
        // is the same, so a code from the entry already on the phone confirms as well.
        m_confirmed = false;
        m_ui->adminCode->clear();
        m_ui->adminCode->setEnabled(true);
        m_ui->codeStatus->setText(tr("The e-mail changed: scan the new QR code (or keep the entry you have) and type the current code again."));
        m_ui->codesIntro->hide();
        m_ui->adminRecoveryCodes->hide();
        m_ui->adminSavedCodes->hide();
        m_ui->adminQr->show();
        m_ui->adminSecret->show();
        m_ui->twoFaIntro->show();
        Q_EMIT completeChanged();
    }
    showEnrolment();
}

void AdminPage::updateStrength()
{
    const QStringList context{m_ui->adminName->text(), m_ui->adminEmail->text(), m_ctx.data.property.name};
    const PasswordStrength s = Passwords::strength(m_ui->adminPassword->text(), context);
    m_ui->adminStrength->setValue(int(s));
    m_ui->adminStrength->setFormat(Passwords::strengthLabel(s));
    // The reason it is refused, else zxcvbn's first hint (nothing to say once it is strong).
    QString hint;
    if (!m_ui->adminPassword->text().isEmpty()) {
        hint = Passwords::problem(m_ui->adminPassword->text(), context);
        if (hint.isEmpty() && s < PasswordStrength::Strong)
            hint = Passwords::estimate(m_ui->adminPassword->text(), context).hints.value(0);
    }
    m_ui->adminStrengthHint->setText(hint);
    Q_EMIT completeChanged();
}

void AdminPage::checkCode()
{
    if (m_confirmed) {
        m_ui->codeStatus->setText(tr("✓ Two-factor sign-in confirmed."));
        return;
    }
    const QString code = m_ui->adminCode->text().trimmed();
    if (code.size() < 6) {
        m_ui->codeStatus->clear();
    } else if (Totp::verify(m_secret, code, m_ctx.clock->now())) {
        m_confirmed = true;
        m_ctx.data.admin.confirmedAt = m_ctx.clock->now();
        // The disabled code field would hand focus to "< Back" (Return then went back a page):
        // the next thing to do is to tick that the codes are saved.
        m_ui->adminSavedCodes->show();
        m_ui->adminSavedCodes->setFocus();
        m_ui->adminCode->setEnabled(false);
        m_ui->codeStatus->setText(tr("✓ Two-factor sign-in confirmed."));
        // The QR code has done its job; its room goes to the recovery codes, in two columns.
        m_ui->adminQr->hide();
        m_ui->adminSecret->hide();
        m_ui->twoFaIntro->hide();
        QStringList rows;
        for (qsizetype i = 0; i + 1 < m_codes.size(); i += 2)
            rows << m_codes[i] + QStringLiteral("     ") + m_codes[i + 1];
        m_ui->adminRecoveryCodes->setText(rows.join(u'\n'));
        m_ui->adminRecoveryCodes->setMinimumHeight(m_ui->adminRecoveryCodes->fontMetrics().lineSpacing() * int(rows.size() + 1));
        m_ui->codesIntro->show();
        m_ui->adminRecoveryCodes->show();
        m_ui->adminSavedCodes->show();
        m_ui->adminRecoveryCodes->parentWidget()->updateGeometry();
    } else {
        m_ui->codeStatus->setText(tr("✗ That code is not right. Check the phone's time and type the current code."));
    }
    Q_EMIT completeChanged();
}

bool AdminPage::isComplete() const
{
    return m_confirmed && m_ui->adminSavedCodes->isChecked() && !m_ui->adminPassword->text().isEmpty() && m_ui->adminPassword->text() == m_ui->adminConfirm->text();
}

bool AdminPage::validatePage()
{
    QString name = m_ui->adminName->text();
    QString email = m_ui->adminEmail->text();
    const QStringList problems = SetupRules::validateAdmin(name, email, m_ui->adminPassword->text(), m_ui->adminConfirm->text(), m_ctx.data.property.name);
    showError(problems.join(u'\n'));
    if (!problems.isEmpty())
        return false;
    AdminData &a = m_ctx.data.admin;
    a.name = name;
    a.email = email;
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    a.passwordHash = Passwords::bcryptHash(m_ui->adminPassword->text());
    QGuiApplication::restoreOverrideCursor();
    a.totpSecret = m_secret;
    a.recoveryCodes = m_codes;
    if (a.passwordHash.isEmpty()) {
        const QString why = Passwords::bcryptUnavailable();
        showError(why.isEmpty() ? tr("The password could not be hashed on this computer. Try again.")
                                : tr("The password could not be hashed on this computer. %1, then try again.").arg(why));
        return false;
    }
    // Owner, property, tax and admin in one transaction: a crash never leaves half a hotel.
    if (!m_ctx.store->commit(m_ctx.data)) {
        showError(m_ctx.store->errorString());
        return false;
    }
    m_ui->adminPassword->clear();
    m_ui->adminConfirm->clear();
    return SetupPage::validatePage();
}

QJsonObject AdminPage::save() const
{
    return {{QStringLiteral("name"), m_ui->adminName->text()}, {QStringLiteral("email"), m_ui->adminEmail->text()},
            {QStringLiteral("qr_shown"), !m_secret.isEmpty() || m_shownBefore}};
}

void AdminPage::restore(const QJsonObject &d)
{
    m_ui->adminName->setText(d.value(QStringLiteral("name")).toString());
    m_ui->adminEmail->setText(d.value(QStringLiteral("email")).toString());
    m_shownBefore = d.value(QStringLiteral("qr_shown")).toBool();
}

} // namespace hotelhub::setup
