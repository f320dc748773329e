#include "LicenseKeyPage.h"
#include "LicenseKey.h"
#include "LicenseKeyEdit.h"
#include "PageWidgets.h"
#include "StatusPresentation.h"
#include "Translations.h"

#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace hotelhub::setup {

LicenseKeyPage::LicenseKeyPage(SetupContext &ctx) : SetupPage(ctx, KeyId)
{
}

void LicenseKeyPage::build()
{
    auto *layout = new QVBoxLayout(this);
    m_label = new QLabel(this);
    m_key = new widgets::LicenseKeyEdit(this);
    m_key->setObjectName(QStringLiteral("licenseKey"));
    m_key->setMaxLength(40);
    m_key->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont)); // "monospace" is no Windows font
    m_hint = wrapping(this);
    m_hint->setObjectName(QStringLiteral("keyHint"));
    m_label->setBuddy(m_key);
    layout->addWidget(m_label);
    layout->addWidget(m_key);
    layout->addWidget(m_hint);
    layout->addStretch();
    connect(m_key, &QLineEdit::textEdited, this, [this] {
        const LicenseKey k = LicenseKey::parse(m_key->text());
        m_hint->setText(k.isValid() || m_key->text().size() < 10 ? QString() : k.problemText());
        Q_EMIT completeChanged();
    });
}

void LicenseKeyPage::retranslate()
{
    setTitle(tr("Licence key"));
    setSubTitle(tr("The key from your purchase e-mail."));
    m_label->setText(tr("&Licence key:"));
    m_key->setPlaceholderText(QStringLiteral("HMS-XXXXX-XXXXX-XXXXX-XXXXX"));
    m_key->setToolTip(tr("Check your purchase e-mail. Format: HMS-...-...-...-..."));
}

void LicenseKeyPage::initializePage()
{
    if (!m_ctx.licenseKey.isEmpty())
        m_key->setText(m_ctx.licenseKey);
    // Resumed after the licence stopped working here (suspended, moved, expired since): the page
    // was empty with no word why the key was asked again (helper-41). It says what the licence
    // is now, and that the next page shows the vendor's verdict and what to do.
    if (const std::optional<LocalLicense> row = m_ctx.manager->loadRow(); row && row->isPaired() && m_key->text().isEmpty()) {
        const LicenseStatus status = m_ctx.manager->check(m_ctx.clock->now(), false).status;
        if (!status.worksHere()) {
            const StatusPresentation p = present(status, installedLanguage());
            m_hint->setText(tr("This installation is paired, but the licence does not work here now: %1. Type the licence key again; "
                               "the next page asks the vendor and says what to do.")
                                .arg(p.title));
        }
    }
    m_key->setFocus();
}

bool LicenseKeyPage::isComplete() const { return LicenseKey::parse(m_key->text()).isValid(); }

bool LicenseKeyPage::validatePage()
{
    m_ctx.licenseKey = LicenseKey::parse(m_key->text()).text();
    return SetupPage::validatePage();
}

QJsonObject LicenseKeyPage::save() const
{
    const LicenseKey k = LicenseKey::parse(m_key->text());
    // Only the masked form and the hash are kept (the key itself stays in memory).
    return {{QStringLiteral("masked"), k.masked()}, {QStringLiteral("hash"), k.hash()}};
}

} // namespace hotelhub::setup
