#include "WelcomePage.h"
#include "PageWidgets.h"

#include <QComboBox>
#include <QLabel>
#include <QVBoxLayout>
#include <QWizard>

namespace hotelhub::setup {

WelcomePage::WelcomePage(SetupContext &ctx) : SetupPage(ctx, WelcomeId)
{
    auto *layout = new QVBoxLayout(this);
    m_text = wrapping(this);
    m_languageLabel = new QLabel(this);
    m_language = new QComboBox(this);
    m_language->addItem(QStringLiteral("Bahasa Indonesia"), QStringLiteral("id"));
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->setCurrentIndex(ctx.language == Language::English ? 1 : 0);
    m_languageLabel->setBuddy(m_language);
    layout->addWidget(m_text);
    layout->addSpacing(12);
    layout->addWidget(m_languageLabel);
    layout->addWidget(m_language);
    layout->addStretch();
    connect(m_language, &QComboBox::currentIndexChanged, this, [this] {
        const Language l = languageFromCode(m_language->currentData().toString());
        m_ctx.language = l;
        // Kept for the wizard's later runs and for the tray (a failure only costs the default).
        QString error;
        if (!saveLanguage(m_ctx.paths.languageFile(), l, &error))
            qWarning("Cannot keep the chosen language: %s", qPrintable(error));
        Q_EMIT languageChosen(l);
    });
    applyTexts();
}

void WelcomePage::retranslate()
{
    setTitle(tr("Welcome"));
    setSubTitle(tr("HotelHub licence setup"));
    m_text->setText(tr("Welcome. This wizard helps you set up the licence and the first property. About 5 minutes."));
    m_languageLabel->setText(tr("&Language:"));
    setButtonText(QWizard::NextButton, tr("&Start"));
}

QJsonObject WelcomePage::save() const { return {{QStringLiteral("language"), m_language->currentData().toString()}}; }

void WelcomePage::restore(const QJsonObject &d)
{
    const int i = m_language->findData(d.value(QStringLiteral("language")).toString());
    if (i >= 0)
        m_language->setCurrentIndex(i);
}

} // namespace hotelhub::setup
