#include "WelcomePage.h"

#include "ui_WelcomePage.h"

#include <QWizard>

namespace hotelhub::setup {

WelcomePage::WelcomePage(SetupContext &ctx) : SetupPage(ctx, WelcomeId), m_ui(std::make_unique<Ui::WelcomePage>())
{
}

void WelcomePage::build()
{
    m_ui->setupUi(this);
    // What is stored for each language (the form carries the names, each in its own language).
    const char *const codes[] = {"id", "en"};
    for (int i = 0; i < m_ui->language->count(); ++i)
        m_ui->language->setItemData(i, QLatin1String(codes[i]));
    m_ui->language->setCurrentIndex(m_ctx.language == Language::English ? 1 : 0);
    connect(m_ui->language, &QComboBox::currentIndexChanged, this, [this] {
        const Language l = languageFromCode(m_ui->language->currentData().toString());
        m_ctx.language = l;
        // Kept for the wizard's later runs and for the tray (a failure only costs the default).
        QString error;
        if (!saveLanguage(m_ctx.paths.languageFile(), l, &error))
            qWarning("Cannot keep the chosen language: %s", qPrintable(error));
        Q_EMIT languageChosen(l);
    });
}

WelcomePage::~WelcomePage() = default;

void WelcomePage::retranslate()
{
    m_ui->retranslateUi(this);
    retranslateDynamic();
}

void WelcomePage::retranslateDynamic()
{
    // The wizard's Next button, worded for this page: a button of the wizard, not of the form.
    setButtonText(QWizard::NextButton, tr("&Start"));
}

QJsonObject WelcomePage::save() const { return {{QStringLiteral("language"), m_ui->language->currentData().toString()}}; }

void WelcomePage::restore(const QJsonObject &d)
{
    // A resumed wizard started with --lang speaks that language (the saved choice won, and the
    // wizard switched back to it as the page was restored: helper-39).
    if (m_ctx.languageGiven)
        return;
    const int i = m_ui->language->findData(d.value(QStringLiteral("language")).toString());
    if (i >= 0)
        m_ui->language->setCurrentIndex(i);
}

} // namespace hotelhub::setup
