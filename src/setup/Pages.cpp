#include "Pages.h"
#include "QrCodeLabel.h"
#include "SupportContact.h"
#include "DecimalSpinBox.h"
#include "LicenseKey.h"
#include "StatusColors.h"
#include "StatusPresentation.h"
#include "setup/Autostart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QScreen>
#include <QDir>
#include <QFileInfo>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QGuiApplication>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTimeZone>
#include <QVBoxLayout>
#include <QWizard>


namespace hotelhub::setup {

namespace {
// A mark or note in the colour of its tone, chosen for the palette it is shown on (light or dark)
// so that it keeps WCAG AA contrast (StatusColors).
void setTone(QLabel *label, Tone tone)
{
    const QColor background = label->palette().color(QPalette::Window);
    const Rgb c = toneColor(tone, {background.red(), background.green(), background.blue()});
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, QColor(c.r, c.g, c.b));
    label->setPalette(p);
}

QLabel *wrapping(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    return l;
}


// A label's text as a name: "&Nama lengkap:" → "Nama lengkap" ("&&" stays one "&").
QString plainLabelText(const QString &text)
{
    QString out;
    for (int i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'&' && i + 1 < text.size())
            ++i;
        out += text.at(i);
    }
    out = out.trimmed();
    while (out.endsWith(u':'))
        out.chop(1);
    return out.trimmed();
}

// Licence-key fields: whatever is pasted or typed is shown in the canonical HMS-XXXXX-… grouping.
void pasteFriendly(QLineEdit *edit)
{
    QObject::connect(edit, &QLineEdit::textEdited, edit, [edit](const QString &typed) {
        const QString formatted = LicenseKey::formatPartial(typed);
        if (formatted != typed) {
            edit->setText(formatted);
            edit->setCursorPosition(int(formatted.size()));
        }
    });
}

QString outcomeHtml(const VendorErrorText &t)
{
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(t.helpUrl.toHtmlEscaped(), QCoreApplication::translate("hotelhub::setup::SetupPage", "More help"));
}
} // namespace

// --- SetupPage -----------------------------------------------------------------------------

QString pageKey(PageId id)
{
    switch (id) {
    case WelcomeId: return QStringLiteral("welcome");
    case ConnectionId: return QStringLiteral("connection");
    case KeyId: return QStringLiteral("license_key");
    case PairingId: return QStringLiteral("pairing");
    case OwnerId: return QStringLiteral("owner");
    case PropertyId: return QStringLiteral("property");
    case TaxId: return QStringLiteral("tax");
    case AdminId: return QStringLiteral("admin");
    case DoneId: return QStringLiteral("done");
    case MigrateConfirmId: return QStringLiteral("migrate");
    case MigrateRunId: return QStringLiteral("migrate_run");
    }
    Q_UNREACHABLE();
}

SetupPage::SetupPage(SetupContext &ctx, PageId id, QWidget *parent) : QWizardPage(parent), m_ctx(ctx), m_key(pageKey(id)) {}

void SetupPage::setStep(int step, int steps)
{
    m_step = step;
    m_steps = steps;
    applyTexts();
}

bool SetupPage::validatePage()
{
    if (!m_ctx.store->saveProgress(m_key, save(), true)) {
        showError(m_ctx.store->errorString());
        return false;
    }
    return true;
}

bool SetupPage::event(QEvent *event)
{
    const bool handled = QWizardPage::event(event);
    if (event->type() == QEvent::LayoutRequest || event->type() == QEvent::Show)
        fitToContent();
    return handled;
}

void SetupPage::fitToContent()
{
    if (!layout() || !isVisible() || !layout()->hasHeightForWidth())
        return;
    // QWizard gives a page the height of its size hint, which counts a wrapped label as one line:
    // the page asks for what its lines need at its width (and the wizard grows with it).
    const int need = layout()->totalHeightForWidth(width());
    if (need > height() && need > minimumHeight())
        setMinimumHeight(need);
}

void SetupPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        applyTexts();
    QWizardPage::changeEvent(event);
}

void SetupPage::applyTexts()
{
    setSubTitle(QString()); // a page without a subtitle of its own shows only its step
    retranslate();
    if (m_steps > 0) {
        const QString step = tr("Step %1 of %2").arg(m_step).arg(m_steps);
        setSubTitle(subTitle().isEmpty() ? step : step + QStringLiteral(" · ") + subTitle());
    }
    for (QLabel *label : findChildren<QLabel *>()) {
        if (QWidget *field = label->buddy())
            field->setAccessibleName(plainLabelText(label->text()));
    }
}

QLabel *SetupPage::errorLabel()
{
    if (!m_error) {
        m_error = wrapping(this);
        m_error->setObjectName(QStringLiteral("error"));
        setTone(m_error, Tone::Error);
        m_error->setAccessibleName(tr("Error"));
        if (auto *box = qobject_cast<QBoxLayout *>(layout()))
            box->addWidget(m_error);
        else if (auto *grid = qobject_cast<QGridLayout *>(layout()))
            grid->addWidget(m_error, grid->rowCount(), 0, 1, -1);
        else if (auto *form = qobject_cast<QFormLayout *>(layout()))
            form->addRow(m_error);
    }
    return m_error;
}

void SetupPage::showError(const QString &text)
{
    errorLabel()->setText(text);
    errorLabel()->setVisible(!text.isEmpty());
}

// --- Welcome -------------------------------------------------------------------------------

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

// --- Connection check ----------------------------------------------------------------------

ConnectionPage::ConnectionPage(SetupContext &ctx) : SetupPage(ctx, ConnectionId)
{
    auto *grid = new QGridLayout(this);
    m_intro = wrapping(this);
    grid->addWidget(m_intro, 0, 0, 1, 3);
    int r = 1;
    for (const QString &id : ConnectionChecker::ids()) {
        Row row;
        row.mark = new QLabel(this);
        row.mark->setMinimumWidth(row.mark->fontMetrics().horizontalAdvance(QStringLiteral("✓✓")));
        row.title = new QLabel(this);
        row.title->setStyleSheet(QStringLiteral("font-weight: bold;"));
        row.detail = wrapping(this);
        row.fix = wrapping(this);
        setTone(row.fix, Tone::Advice);
        row.retry = new QPushButton(this);
        row.retry->setObjectName(QStringLiteral("retry_") + id);
        connect(row.retry, &QPushButton::clicked, this, [this, id] {
            if (m_running.contains(id))
                return; // already checking; the button stays enabled so that focus stays on it
            m_results.remove(id);
            m_checker->start(id);
        });
        grid->addWidget(row.mark, r, 0, Qt::AlignTop);
        grid->addWidget(row.title, r, 1);
        grid->addWidget(row.retry, r, 2, Qt::AlignTop);
        grid->addWidget(row.detail, r + 1, 1, 1, 2);
        grid->addWidget(row.fix, r + 2, 1, 1, 2);
        r += 3;
        m_rows.insert(id, row);
    }
    m_help = new QPushButton(this);
    m_help->setObjectName(QStringLiteral("help"));
    grid->addWidget(m_help, r, 0, 1, 3, Qt::AlignLeft);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(r + 1, 1);
    connect(m_help, &QPushButton::clicked, this, &ConnectionPage::showHelp);
    const QString envDir = QFileInfo(ctx.paths.envFile).absolutePath();
    m_checker = new ConnectionChecker(ctx.env, envDir, ctx.paths.dataDir, ctx.client.get(), this);
    connect(m_checker, &ConnectionChecker::finished, this, &ConnectionPage::onFinished);
    connect(m_checker, &ConnectionChecker::started, this, [this](const QString &id) {
        const Row &row = m_rows[id];
        row.mark->setText(QStringLiteral("…"));
        row.mark->setAccessibleName(tr("Checking"));
        row.detail->setText(tr("Checking…"));
        row.fix->clear();
        // Not disabled: a disabled button hands its focus on, to "I need help", where Return
        // does not go forward.
        m_running.insert(id);
        Q_EMIT completeChanged();
    });
    applyTexts();
}

void ConnectionPage::retranslate()
{
    setTitle(tr("Connection check"));
    setSubTitle(tr("What HotelHub needs on this computer and online."));
    m_intro->setText(tr("HotelHub checks what it needs before the licence is set up. Each row shows what was found and, if something is wrong, what to do."));
    m_help->setText(tr("I need &help"));
    const QHash<QString, QString> titles{{QStringLiteral("settings"), tr("Settings file (.env)")}, {QStringLiteral("database"), tr("Database")}, {QStringLiteral("redis"), tr("Redis")},
                                         {QStringLiteral("storage"), tr("Storage")}, {QStringLiteral("vendor"), tr("Licence server")}};
    for (auto it = m_rows.begin(); it != m_rows.end(); ++it) {
        it->retry->setText(tr("Retry")); // one per row: no Alt letter, which would be shared
        it->retry->setAccessibleName(tr("Retry: %1").arg(titles.value(it.key())));
        if (m_results.contains(it.key()))
            onFinished(m_results.value(it.key())); // re-render in the new language is not possible for server text; keep it
        else
            it->title->setText(titles.value(it.key()));
    }
}

void ConnectionPage::initializePage()
{
    m_results.clear();
    m_checker->startAll();
}

void ConnectionPage::onFinished(const ConnectionCheck &check)
{
    // The owner fixed the file and pressed Retry: what the wizard writes later starts from it.
    if (check.id == QLatin1String("settings") && check.ok && !m_ctx.env.problems().isEmpty())
        m_ctx.env.load(m_ctx.paths.envFile);
    m_results.insert(check.id, check);
    m_running.remove(check.id);
    const Row &row = m_rows[check.id];
    row.mark->setText(check.skipped ? QStringLiteral("–") : check.ok ? QStringLiteral("✓") : QStringLiteral("✗"));
    row.mark->setStyleSheet(QStringLiteral("font-weight: bold; font-size: 14pt;"));
    setTone(row.mark, check.ok ? Tone::Ok : Tone::Error);
    row.mark->setAccessibleName(check.skipped ? tr("Skipped") : check.ok ? tr("Passed") : tr("Failed"));
    row.title->setText(check.title);
    row.detail->setText(check.detail);
    row.fix->setText(check.fix.isEmpty() ? QString() : QStringLiteral("→ ") + check.fix);
    row.fix->setVisible(!check.fix.isEmpty());
    Q_EMIT completeChanged();
}

bool ConnectionPage::isComplete() const
{
    for (const QString &id : ConnectionChecker::ids()) {
        if (!m_results.contains(id))
            return false;
        const ConnectionCheck &c = m_results[id];
        if (c.required && !c.ok)
            return false;
    }
    return true;
}

void ConnectionPage::showHelp()
{
    const QString text = tr("Send the rows marked ✗ to HotelHub support.") + u'\n'
        + SupportContact::of(m_ctx.manager->loadRow(), m_ctx.env).lines();
    QMessageBox box(QMessageBox::Information, tr("I need help"), text, QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("helpBox"));
    box.exec();
}

// --- Licence key ---------------------------------------------------------------------------

LicenseKeyPage::LicenseKeyPage(SetupContext &ctx) : SetupPage(ctx, KeyId)
{
    auto *layout = new QVBoxLayout(this);
    m_label = new QLabel(this);
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("licenseKey"));
    m_key->setMaxLength(40);
    m_key->setFont(QFont(QStringLiteral("monospace")));
    m_hint = wrapping(this);
    m_label->setBuddy(m_key);
    layout->addWidget(m_label);
    layout->addWidget(m_key);
    layout->addWidget(m_hint);
    layout->addStretch();
    pasteFriendly(m_key);
    connect(m_key, &QLineEdit::textEdited, this, [this] {
        const LicenseKey k = LicenseKey::parse(m_key->text());
        m_hint->setText(k.isValid() || m_key->text().size() < 10 ? QString() : k.problemText());
        Q_EMIT completeChanged();
    });
    applyTexts();
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

// --- Pairing -------------------------------------------------------------------------------

PairingPage::PairingPage(SetupContext &ctx) : SetupPage(ctx, PairingId)
{
    auto *layout = new QVBoxLayout(this);
    m_status = wrapping(this);
    m_status->setObjectName(QStringLiteral("pairingStatus"));
    m_message = wrapping(this);
    m_message->setObjectName(QStringLiteral("pairingMessage"));
    m_action = wrapping(this);
    m_action->setObjectName(QStringLiteral("pairingAction"));
    m_help = wrapping(this);
    m_help->setOpenExternalLinks(true);
    m_details = wrapping(this);
    auto *buttons = new QHBoxLayout;
    m_cancel = new QPushButton(this);
    m_retry = new QPushButton(this);
    m_retry->setObjectName(QStringLiteral("pairRetry"));
    m_move = new QPushButton(this);
    m_move->setObjectName(QStringLiteral("pairMove"));
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_retry);
    buttons->addWidget(m_move);
    buttons->addStretch();
    for (QWidget *w : std::initializer_list<QWidget *>{m_status, m_message, m_action, m_help, m_details})
        layout->addWidget(w);
    layout->addLayout(buttons);
    layout->addStretch();
    connect(m_cancel, &QPushButton::clicked, this, &PairingPage::cancel);
    connect(m_retry, &QPushButton::clicked, this, &PairingPage::startPairing);
    connect(m_move, &QPushButton::clicked, this, [this] {
        // The licence lives on another device: move it here (seed 000 §4), with the same key.
        const auto answer = QMessageBox::question(this, tr("Move installation"),
                                                  tr("The licence will be moved to this device. The old device will be deactivated automatically. Continue?"));
        if (answer != QMessageBox::Yes)
            return;
        m_move->setEnabled(false);
        m_status->setText(tr("Moving the licence to this device…"));
        m_call = m_ctx.client->migrate(m_ctx.licenseKey, tr("Moved from the setup wizard (already paired elsewhere)"), [this](const ClientOutcome &o) {
            m_call.clear();
            showOutcome(o);
        });
    });
    applyTexts();
}

void PairingPage::retranslate()
{
    setTitle(tr("Pairing"));
    setSubTitle(tr("This installation is registered with the licence server."));
    m_cancel->setText(tr("&Cancel pairing"));
    m_retry->setText(tr("&Try again"));
    m_move->setText(tr("&Move the licence to this device"));
    if (m_paired)
        showPaired();
    else
        renderFailure();
}

void PairingPage::initializePage()
{
    const std::optional<LocalLicense> row = m_ctx.manager->loadRow();
    const QString wanted = m_ctx.licenseKey.isEmpty() ? QString() : LicenseKey::parse(m_ctx.licenseKey).hash();
    if (row && row->isPaired() && (wanted.isEmpty() || row->licenseKeyHash == wanted)) {
        m_paired = true;
        showPaired();
        return;
    }
    startPairing();
}

void PairingPage::cleanupPage()
{
    cancel();
}

void PairingPage::startPairing()
{
    if (busy())
        return;
    m_paired = false;
    m_failure.reset();
    m_lastCode.clear();
    m_message->clear();
    m_action->clear();
    m_help->clear();
    m_details->clear();
    m_retry->hide();
    m_move->hide();
    m_cancel->show();
    m_cancel->setEnabled(true);
    m_status->setText(tr("Contacting the licence server…"));
    Q_EMIT completeChanged();
    m_call = m_ctx.client->pair(m_ctx.licenseKey, [this](const ClientOutcome &o) {
        m_call.clear();
        showOutcome(o);
    });
}

void PairingPage::cancel()
{
    if (m_call)
        m_call->cancel();
}

void PairingPage::showOutcome(const ClientOutcome &o)
{
    m_cancel->hide();
    m_move->setEnabled(true);
    m_lastCode = VendorErrors::code(o.error);
    if (o.ok()) {
        m_paired = true;
        showPaired();
        m_ctx.store->saveProgress(key(), {{QStringLiteral("paired"), true}}, true);
        Q_EMIT completeChanged();
        return;
    }
    m_failure = o;
    renderFailure();
    m_retry->show();
    m_move->setVisible(o.error == VendorError::AlreadyPaired);
    Q_EMIT completeChanged();
}

void PairingPage::renderFailure()
{
    if (!m_failure)
        return;
    const ClientOutcome &o = *m_failure;
    VendorErrorText t = o.text(m_ctx.client->settings());
    if (o.error == VendorError::AlreadyPaired) {
        // One instruction, the button beside it; not also the portal's menu and a command line.
        t.message = tr("This licence is already installed on another device.");
        t.action = tr("If this computer replaces that one, press \"Move the licence to this device\" below. If not, close the setup: "
                      "the licence stays where it is.");
    }
    m_status->setText(o.error == VendorError::Cancelled ? tr("Pairing cancelled.") : tr("Pairing failed."));
    m_message->setText(t.message);
    m_action->setText(t.action.isEmpty() ? QString() : QStringLiteral("→ ") + t.action);
    m_help->setText(o.error == VendorError::Cancelled || o.error == VendorError::AlreadyPaired ? QString() : outcomeHtml(t));
}

void PairingPage::showPaired()
{
    const std::optional<LocalLicense> row = m_ctx.manager->loadRow();
    if (!row)
        return;
    m_status->setText(tr("Licence active until %1").arg(displayDate(row->validUntil)));
    m_status->setStyleSheet(QStringLiteral("font-weight: bold;"));
    setTone(m_status, Tone::Ok);
    QStringList features;
    for (auto it = row->features.begin(); it != row->features.end(); ++it) {
        if (!it.key().startsWith(QLatin1String("max_")) && it.value().toBool())
            features << it.key();
    }
    m_message->setText(tr("Plan: %1").arg(row->plan));
    m_action->setText(tr("Features: %1").arg(features.isEmpty() ? QStringLiteral("–") : features.join(QStringLiteral(", "))));
    m_help->setText(tr("Up to %n room(s)", nullptr, row->maxRooms) + QStringLiteral(" · ") + tr("up to %n user(s)", nullptr, row->maxUsers));
    m_cancel->hide();
    m_retry->hide();
    m_move->hide();
}

bool PairingPage::isComplete() const { return m_paired && !busy(); }

// --- Owner ---------------------------------------------------------------------------------

OwnerPage::OwnerPage(SetupContext &ctx) : SetupPage(ctx, OwnerId)
{
    auto *form = new QFormLayout(this);
    m_nameLabel = new QLabel(this);
    m_emailLabel = new QLabel(this);
    m_waLabel = new QLabel(this);
    m_positionLabel = new QLabel(this);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("ownerName"));
    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("ownerEmail"));
    m_whatsapp = new QLineEdit(this);
    m_whatsapp->setObjectName(QStringLiteral("ownerWhatsapp"));
    m_position = new QComboBox(this);
    m_position->setObjectName(QStringLiteral("ownerPosition"));
    for (const char *p : {"Owner", "GM", "Manager"})
        m_position->addItem(QString(), QLatin1String(p));
    form->addRow(m_nameLabel, m_name);
    form->addRow(m_emailLabel, m_email);
    form->addRow(m_waLabel, m_whatsapp);
    form->addRow(m_positionLabel, m_position);
    m_nameLabel->setBuddy(m_name);
    m_emailLabel->setBuddy(m_email);
    m_waLabel->setBuddy(m_whatsapp);
    m_positionLabel->setBuddy(m_position);
    connect(m_whatsapp, &QLineEdit::editingFinished, this, [this] {
        if (const auto n = SetupRules::normalizeWhatsApp(m_whatsapp->text()))
            m_whatsapp->setText(*n);
    });
    applyTexts();
}

void OwnerPage::retranslate()
{
    setTitle(tr("Owner"));
    setSubTitle(tr("Who owns or runs the hotel. Used for licence notices and the first admin."));
    m_nameLabel->setText(tr("&Full name:"));
    m_emailLabel->setText(tr("&E-mail:"));
    m_waLabel->setText(tr("&WhatsApp:"));
    m_positionLabel->setText(tr("&Position:"));
    m_whatsapp->setPlaceholderText(QStringLiteral("0812 3456 7890"));
    m_position->setItemText(0, tr("Owner"));
    m_position->setItemText(1, tr("General Manager"));
    m_position->setItemText(2, tr("Manager"));
}

OwnerData OwnerPage::collect() const
{
    return {SetupRules::normalizeName(m_name->text()), m_email->text().trimmed(), m_whatsapp->text().trimmed(), m_position->currentData().toString()};
}

bool OwnerPage::validatePage()
{
    OwnerData o = collect();
    const QStringList problems = SetupRules::validateOwner(o);
    showError(problems.join(u'\n'));
    if (!problems.isEmpty())
        return false;
    m_whatsapp->setText(o.whatsapp);
    m_ctx.data.owner = o;
    return SetupPage::validatePage();
}

QJsonObject OwnerPage::save() const
{
    return {{QStringLiteral("name"), SetupRules::normalizeName(m_name->text())}, {QStringLiteral("email"), m_email->text().trimmed()},
            {QStringLiteral("whatsapp"), m_whatsapp->text().trimmed()}, {QStringLiteral("position"), m_position->currentData().toString()}};
}

void OwnerPage::restore(const QJsonObject &d)
{
    m_name->setText(d.value(QStringLiteral("name")).toString());
    m_email->setText(d.value(QStringLiteral("email")).toString());
    m_whatsapp->setText(d.value(QStringLiteral("whatsapp")).toString());
    const int i = m_position->findData(d.value(QStringLiteral("position")).toString());
    if (i >= 0)
        m_position->setCurrentIndex(i);
    m_ctx.data.owner = collect();
}

// --- Property ------------------------------------------------------------------------------

PropertyPage::PropertyPage(SetupContext &ctx) : SetupPage(ctx, PropertyId)
{
    auto *form = new QFormLayout(this);
    for (QLabel *&l : m_labels)
        l = new QLabel(this);
    auto edit = [this](const char *name) {
        auto *e = new QLineEdit(this);
        e->setObjectName(QLatin1String(name));
        return e;
    };
    m_name = edit("propertyName");
    m_brand = edit("propertyBrand");
    m_street = edit("propertyStreet");
    m_city = edit("propertyCity");
    m_province = new QComboBox(this);
    m_province->setObjectName(QStringLiteral("propertyProvince"));
    m_province->addItem(QString(), QString());
    for (const Province &p : Regions::provinces())
        m_province->addItem(p.name, p.code);
    m_postal = edit("propertyPostal");
    m_postal->setMaxLength(5);
    m_lat = edit("propertyLat");
    m_lng = edit("propertyLng");
    m_region = edit("propertyRegion");
    // Shown when the city is both a Kota and a Kabupaten and the owner did not say which.
    m_regionChoice = new QComboBox(this);
    m_regionChoice->setObjectName(QStringLiteral("propertyRegionChoice"));
    m_regionChoice->hide();
    connect(m_regionChoice, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            m_region->setText(m_regionChoice->itemData(index).toString());
    });
    m_rooms = new QSpinBox(this);
    m_rooms->setObjectName(QStringLiteral("propertyRooms"));
    m_rooms->setRange(1, 100000);
    connect(m_rooms, &QSpinBox::valueChanged, this, &PropertyPage::updateRoomsHint);
    m_roomsHint = new QLabel(this);
    m_roomsHint->setObjectName(QStringLiteral("propertyRoomsHint"));
    m_roomsHint->setWordWrap(true);
    m_stars = new QComboBox(this);
    m_stars->setObjectName(QStringLiteral("propertyStars"));
    m_stars->addItem(QStringLiteral("–"), 0);
    for (int i = 1; i <= 5; ++i)
        m_stars->addItem(QString(i, QChar(0x2605)), i);
    m_currency = new QLabel(QStringLiteral("IDR"), this);
    m_timezone = new QComboBox(this);
    m_timezone->setObjectName(QStringLiteral("propertyTimezone"));
    for (const QString &zone : Regions::zones())
        m_timezone->addItem(zone, zone); // worded in retranslate()
    QWidget *fields[] = {m_name, m_brand, m_street, m_city, m_province, m_postal, m_lat, m_lng, m_region, m_rooms, m_stars, m_timezone};
    for (int i = 0; i < 12; ++i) {
        form->addRow(m_labels[i], fields[i]);
        m_labels[i]->setBuddy(fields[i]);
        if (fields[i] == m_rooms)
            form->addRow(QString(), m_roomsHint);
        if (fields[i] == m_region)
            form->addRow(QString(), m_regionChoice);
    }
    m_currencyLabel = new QLabel(this);
    form->addRow(m_currencyLabel, m_currency);
    connect(m_province, &QComboBox::currentIndexChanged, this, &PropertyPage::suggestRegion);
    connect(m_city, &QLineEdit::editingFinished, this, &PropertyPage::suggestRegion);
    connect(m_region, &QLineEdit::textEdited, this, [this] { m_regionEdited = true; });
    connect(m_province, &QComboBox::currentIndexChanged, this, [this] {
        const QString zone = Regions::timeZone(m_province->currentData().toString());
        if (!zone.isEmpty())
            m_timezone->setCurrentIndex(m_timezone->findData(zone));
    });
    applyTexts();
}

void PropertyPage::retranslate()
{
    setTitle(tr("Property"));
    setSubTitle(tr("The first hotel. More properties can be added later in the panel."));
    // "WITA — Central Indonesia Time (Asia/Makassar)": the name people use, and the one stored.
    const QHash<QString, QString> zoneNames{{QStringLiteral("WIB"), tr("Western Indonesia Time")},
                                            {QStringLiteral("WITA"), tr("Central Indonesia Time")},
                                            {QStringLiteral("WIT"), tr("Eastern Indonesia Time")}};
    for (int i = 0; i < m_timezone->count(); ++i) {
        const QString zone = m_timezone->itemData(i).toString();
        const QString abbreviation = Regions::zoneAbbreviation(zone);
        m_timezone->setItemText(i, QStringLiteral("%1 — %2 (%3)").arg(abbreviation, zoneNames.value(abbreviation), zone));
    }
    const QString texts[] = {tr("&Hotel name:"), tr("Br&and (optional):"), tr("&Street:"), tr("&City/regency:"), tr("P&rovince:"),
                             tr("&Postal code:"), tr("&Latitude (optional):"), tr("Lon&gitude (optional):"), tr("Region co&de:"),
                             tr("Roo&ms:"), tr("S&tars:"), tr("Time &zone:")};
    for (int i = 0; i < 12; ++i)
        m_labels[i]->setText(texts[i]);
    m_currencyLabel->setText(tr("Currency:"));
    m_province->setItemText(0, tr("Choose a province"));
    m_region->setToolTip(tr("Suggested from the province and city (Kemendagri code); change it if your regency differs."));
    m_regionChoice->setAccessibleName(tr("City or regency"));
    if (m_regionChoice->count() > 0)
        m_regionChoice->setItemText(0, tr("%1: choose the city or the regency", "Bogor: …").arg(m_city->text().simplified()));
    updateRoomsHint();
}

void PropertyPage::updateRoomsHint()
{
    // Said as the owner types: a count over the licence's limit is named, never cut to fit.
    const int max = maxRooms();
    const bool over = max > 0 && m_rooms->value() > max;
    if (over) {
        setTone(m_roomsHint, Tone::Error);
        m_roomsHint->setText(tr("%n room(s) typed, but your licence allows up to %1. Ask the vendor for a larger licence, or type the "
                                "rooms you will use now.", nullptr, m_rooms->value()).arg(max));
    } else {
        m_roomsHint->setPalette(QPalette());
        m_roomsHint->setText(max > 0 ? tr("Your licence allows up to %n room(s).", nullptr, max) : QString());
    }
}

int PropertyPage::maxRooms() const
{
    const std::optional<LocalLicense> row = m_ctx.manager->loadRow();
    return row ? row->maxRooms : 0;
}

void PropertyPage::initializePage()
{
    // The licence's room limit is checked, not imposed on the field: a spin box capped at 40
    // silently keeps "5" when the owner types 50 (issue 12). The field takes any count and the
    // page says why a count is too high.
    applyTexts();
}

void PropertyPage::suggestRegion()
{
    if (m_regionEdited)
        return;
    const auto s = Regions::suggest(m_province->currentData().toString(), m_city->text());
    m_regionChoice->clear();
    m_regionChoice->setVisible(s && !s->alternatives.isEmpty());
    if (!s)
        return;
    m_region->setText(s->code);
    if (s->alternatives.isEmpty())
        return;
    m_regionChoice->addItem(tr("%1: choose the city or the regency", "Bogor: …").arg(m_city->text().simplified()), QString());
    for (const RegionChoice &c : s->alternatives)
        m_regionChoice->addItem(QStringLiteral("%1 (%2)").arg(c.label, c.code), c.code);
}

PropertyData PropertyPage::collect() const
{
    PropertyData p;
    p.name = m_name->text().simplified();
    p.brand = m_brand->text().simplified();
    p.street = m_street->text().simplified();
    p.city = m_city->text().simplified();
    p.province = m_province->currentIndex() > 0 ? m_province->currentText() : QString();
    p.postalCode = m_postal->text().trimmed();
    p.latitude = SetupRules::parseCoordinate(m_lat->text());
    p.longitude = SetupRules::parseCoordinate(m_lng->text());
    p.regionCode = m_region->text().trimmed();
    p.totalRooms = m_rooms->value();
    p.starRating = m_stars->currentData().toInt();
    p.timezone = m_timezone->currentData().toString();
    return p;
}

bool PropertyPage::validatePage()
{
    const PropertyData p = collect();
    QStringList problems = SetupRules::validateProperty(p, maxRooms());
    if (m_regionChoice->isVisible() && m_regionChoice->currentIndex() <= 0 && !m_regionEdited)
        problems << tr("%1 is both a city (Kota) and a regency (Kabupaten), each with its own hotel tax: choose which one the hotel is in.")
                        .arg(m_city->text().simplified());
    showError(problems.join(u'\n'));
    if (!problems.isEmpty())
        return false;
    m_ctx.data.property = p;
    return SetupPage::validatePage();
}

QJsonObject PropertyPage::save() const
{
    return {{QStringLiteral("name"), m_name->text()}, {QStringLiteral("brand"), m_brand->text()}, {QStringLiteral("street"), m_street->text()},
            {QStringLiteral("city"), m_city->text()}, {QStringLiteral("province"), m_province->currentData().toString()},
            {QStringLiteral("postal"), m_postal->text()}, {QStringLiteral("lat"), m_lat->text()}, {QStringLiteral("lng"), m_lng->text()},
            {QStringLiteral("region"), m_region->text()}, {QStringLiteral("region_edited"), m_regionEdited},
            {QStringLiteral("rooms"), m_rooms->value()}, {QStringLiteral("stars"), m_stars->currentData().toInt()},
            {QStringLiteral("timezone"), m_timezone->currentData().toString()}};
}

void PropertyPage::restore(const QJsonObject &d)
{
    m_name->setText(d.value(QStringLiteral("name")).toString());
    m_brand->setText(d.value(QStringLiteral("brand")).toString());
    m_street->setText(d.value(QStringLiteral("street")).toString());
    m_city->setText(d.value(QStringLiteral("city")).toString());
    m_province->setCurrentIndex(std::max(0, m_province->findData(d.value(QStringLiteral("province")).toString())));
    m_postal->setText(d.value(QStringLiteral("postal")).toString());
    m_lat->setText(d.value(QStringLiteral("lat")).toString());
    m_lng->setText(d.value(QStringLiteral("lng")).toString());
    m_region->setText(d.value(QStringLiteral("region")).toString());
    m_regionEdited = d.value(QStringLiteral("region_edited")).toBool();
    m_rooms->setValue(d.value(QStringLiteral("rooms")).toInt(1));
    m_stars->setCurrentIndex(std::max(0, m_stars->findData(d.value(QStringLiteral("stars")).toInt())));
    m_timezone->setCurrentIndex(std::max(0, m_timezone->findData(d.value(QStringLiteral("timezone")).toString())));
    if (!d.isEmpty())
        m_ctx.data.property = collect(); // a resumed wizard commits these at the end
}

// --- Tax -----------------------------------------------------------------------------------

TaxPage::TaxPage(SetupContext &ctx) : SetupPage(ctx, TaxId)
{
    auto *form = new QFormLayout(this);
    m_pb1Label = new QLabel(this);
    m_pb1 = new DecimalSpinBox(this);
    m_pb1->setObjectName(QStringLiteral("taxPb1"));
    // Wider than the rules allow, so that a typed 12 stays 12 and is refused with the reason
    // below, instead of silently becoming 1 (issue 12).
    m_pb1->setRange(0, 100);
    m_pb1->setSingleStep(0.5);
    m_pb1->setSuffix(QStringLiteral(" %"));
    m_pb1Hint = wrapping(this);
    m_serviceLabel = new QLabel(this);
    m_service = new DecimalSpinBox(this);
    m_service->setObjectName(QStringLiteral("taxService"));
    m_service->setRange(0, 100);
    m_service->setSingleStep(0.5);
    m_service->setSuffix(QStringLiteral(" %"));
    m_service->setValue(10);
    m_pkp = new QCheckBox(this);
    m_pkp->setObjectName(QStringLiteral("taxPkp"));
    m_ppnHint = wrapping(this);
    m_npwpLabel = new QLabel(this);
    m_npwp = new QLineEdit(this);
    m_npwp->setObjectName(QStringLiteral("taxNpwp"));
    m_efaktur = new QCheckBox(this);
    m_efaktur->setObjectName(QStringLiteral("taxEfaktur"));
    m_nsfpLabel = new QLabel(this);
    m_nsfp = new QLineEdit(this);
    m_nsfp->setObjectName(QStringLiteral("taxNsfp"));
    form->addRow(m_pb1Label, m_pb1);
    form->addRow(m_pb1Hint); // hints span the page: a wrapped label in the field column leaves gaps
    form->addRow(m_serviceLabel, m_service);
    form->addRow(m_pkp);
    form->addRow(m_ppnHint);
    form->addRow(m_npwpLabel, m_npwp);
    form->addRow(QString(), m_efaktur);
    form->addRow(m_nsfpLabel, m_nsfp);
    m_pb1Label->setBuddy(m_pb1);
    m_serviceLabel->setBuddy(m_service);
    m_npwpLabel->setBuddy(m_npwp);
    m_nsfpLabel->setBuddy(m_nsfp);
    connect(m_pkp, &QCheckBox::toggled, this, &TaxPage::updatePkp);
    // A rate out of range is named as it is typed (the rules' own words), not cut to fit.
    for (QDoubleSpinBox *rate : {static_cast<QDoubleSpinBox *>(m_pb1), static_cast<QDoubleSpinBox *>(m_service)}) {
        connect(rate, &QDoubleSpinBox::valueChanged, this, [this] {
            TaxSettings rates;
            rates.pb1Rate = m_pb1->value();
            rates.serviceChargeRate = m_service->value();
            showError(TaxRules::validate(rates).join(u'\n'));
        });
    }
    connect(m_efaktur, &QCheckBox::toggled, this, &TaxPage::updatePkp);
    updatePkp();
    applyTexts();
}

void TaxPage::retranslate()
{
    setTitle(tr("Taxes"));
    setSubTitle(tr("How room prices are taxed. These settings can be changed later in the panel."));
    m_pb1Label->setText(tr("&Hotel tax (PBJT/PB1):"));
    m_pb1Hint->setText(tr("Hotel tax is PBJT for hotel services under UU 1/2022 (HKPD). Each regency or city sets it by regional "
                          "regulation, at most 10 % (Jakarta: 10 %). The suggestion comes from the region code."));
    m_serviceLabel->setText(tr("&Service charge:"));
    m_pkp->setText(tr("The business is a &PKP (registered for VAT)"));
    m_ppnHint->setText(tr("Room services are a regional-tax object, not subject to PPN; PPN applies only to a PKP's other supplies: "
                          "12 % on a tax base of 11/12 of the price (effectively 11 %) since 2025. PKP registration is mandatory above "
                          "Rp4.8 billion yearly turnover."));
    m_npwpLabel->setText(tr("NP&WP:"));
    m_efaktur->setText(tr("Issue &e-Faktur through Coretax"));
    m_nsfpLabel->setText(tr("NS&FP series:"));
}

void TaxPage::updatePkp()
{
    m_npwp->setEnabled(m_pkp->isChecked());
    m_efaktur->setEnabled(m_pkp->isChecked());
    m_nsfp->setEnabled(m_pkp->isChecked() && m_efaktur->isChecked());
}

void TaxPage::initializePage()
{
    if (!m_restored) {
        const auto s = Regions::suggest(m_ctx.data.property.regionCode.left(2), m_ctx.data.property.city);
        m_pb1->setValue(s ? s->pb1Rate : TaxRules::kPb1Cap);
    }
}

TaxSettings TaxPage::collect() const
{
    TaxSettings t;
    t.pb1Rate = m_pb1->value();
    t.serviceChargeRate = m_service->value();
    t.isPkp = m_pkp->isChecked();
    t.npwp = SetupRules::normalizeNpwp(m_npwp->text()).value_or(m_npwp->text());
    t.efakturCoretax = t.isPkp && m_efaktur->isChecked();
    t.nsfpSeries = SetupRules::normalizeNsfp(m_nsfp->text()).value_or(m_nsfp->text());
    return t;
}

bool TaxPage::validatePage()
{
    const TaxSettings t = collect();
    const QStringList problems = TaxRules::validate(t);
    showError(problems.join(u'\n'));
    if (!problems.isEmpty())
        return false;
    m_ctx.data.tax = t;
    return SetupPage::validatePage();
}

QJsonObject TaxPage::save() const
{
    return {{QStringLiteral("pb1"), m_pb1->value()}, {QStringLiteral("service"), m_service->value()}, {QStringLiteral("pkp"), m_pkp->isChecked()},
            {QStringLiteral("npwp"), m_npwp->text()}, {QStringLiteral("efaktur"), m_efaktur->isChecked()}, {QStringLiteral("nsfp"), m_nsfp->text()}};
}

void TaxPage::restore(const QJsonObject &d)
{
    if (d.isEmpty())
        return;
    m_restored = true;
    m_pb1->setValue(d.value(QStringLiteral("pb1")).toDouble(10));
    m_service->setValue(d.value(QStringLiteral("service")).toDouble(10));
    m_pkp->setChecked(d.value(QStringLiteral("pkp")).toBool());
    m_npwp->setText(d.value(QStringLiteral("npwp")).toString());
    m_efaktur->setChecked(d.value(QStringLiteral("efaktur")).toBool());
    m_nsfp->setText(d.value(QStringLiteral("nsfp")).toString());
    m_ctx.data.tax = collect();
}

// --- Admin ---------------------------------------------------------------------------------

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

// --- Done ----------------------------------------------------------------------------------

DonePage::DonePage(SetupContext &ctx) : SetupPage(ctx, DoneId)
{
    auto *layout = new QVBoxLayout(this);
    m_summary = wrapping(this);
    m_summary->setObjectName(QStringLiteral("doneSummary"));
    m_checklist = wrapping(this);
    m_panel = new QPushButton(this);
    m_panel->setObjectName(QStringLiteral("openPanel"));
    m_autostart = new QCheckBox(this);
    m_autostart->setObjectName(QStringLiteral("autostart"));
    m_autostart->setChecked(true);
    layout->addWidget(m_summary);
    layout->addWidget(m_checklist);
    layout->addWidget(m_panel, 0, Qt::AlignLeft);
    layout->addWidget(m_autostart);
    layout->addStretch();
    m_panelFeedback = wrapping(this);
    m_panelFeedback->setObjectName(QStringLiteral("panelFeedback"));
    m_panelFeedback->setTextFormat(Qt::PlainText);
    m_panelFeedback->hide();
    layout->insertWidget(layout->indexOf(m_panel) + 1, m_panelFeedback);
    m_openUrl = [](const QUrl &url) { return QDesktopServices::openUrl(url); };
    connect(m_panel, &QPushButton::clicked, this, &DonePage::openPanel);
    setFinalPage(true);
    applyTexts();
}

void DonePage::retranslate()
{
    setTitle(tr("Setup complete"));
    setSubTitle(tr("The licence is active and the hotel is recorded."));
    m_checklist->setText(tr("Next steps in the panel:") + QStringLiteral("<ul><li>") + tr("add room types") + QStringLiteral("</li><li>")
                         + tr("configure rate plans") + QStringLiteral("</li><li>") + tr("add a payment provider (BYOK)") + QStringLiteral("</li><li>")
                         + tr("connect the channel manager / OTAs") + QStringLiteral("</li><li>") + tr("customise the booking engine theme")
                         + QStringLiteral("</li></ul>"));
    m_panel->setText(tr("Open &Panel"));
    m_autostart->setText(tr("Start the licence &monitor when I log in"));
    initializePage();
}

void DonePage::initializePage()
{
    const std::optional<LocalLicense> row = m_ctx.manager->loadRow();
    const SetupData &d = m_ctx.data;
    QStringList lines;
    if (!d.property.name.isEmpty())
        lines << tr("Hotel: %1, %n room(s)", nullptr, d.property.totalRooms).arg(d.property.name.toHtmlEscaped());
    if (row && row->isPaired())
        lines << tr("Licence: %1, active until %2").arg(row->plan.toHtmlEscaped(), displayDate(row->validUntil));
    if (!d.admin.email.isEmpty())
        lines << tr("Administrator: %1 (two-factor sign-in on)").arg(d.admin.email.toHtmlEscaped());
    m_summary->setText(lines.join(QStringLiteral("<br>")));
}

QUrl DonePage::panelUrl() const
{
    QString base = m_ctx.env.value(QStringLiteral("APP_URL"), QStringLiteral("http://localhost"));
    while (base.endsWith(u'/'))
        base.chop(1);
    return QUrl(base + QStringLiteral("/panel"));
}

void DonePage::openPanel()
{
    // The owner always learns what happened: a browser that did not open leaves the address to
    // type (and on the clipboard), never a button that seems to do nothing.
    const QUrl url = panelUrl();
    const QString address = url.toString();
    if (m_openUrl(url)) {
        m_panelFeedback->setText(tr("The panel opens in your web browser: %1").arg(address));
    } else {
        QGuiApplication::clipboard()->setText(address);
        m_panelFeedback->setText(tr("No web browser opened. Open this address in your browser (it was copied): %1").arg(address));
    }
    m_panelFeedback->show();
}

bool DonePage::validatePage()
{
    QString error;
    if (!m_autostart->isChecked()) {
        // One switch: off also hides a system-wide entry a package installed.
        if (!Autostart::disable(&error)) {
            showError(tr("Could not switch off the monitor at login: %1").arg(error));
            return false;
        }
        return true;
    }
    {
        const QString tray = Autostart::findTray(QCoreApplication::applicationDirPath());
        if (tray.isEmpty()) {
            showError(tr("The licence monitor (hotelhub-tray) was not found beside this program, so it cannot start at login. "
                         "Reinstall HotelHub, or untick the box and start the monitor yourself."));
            return false;
        }
        // The same installation as this wizard's: its data folder and its settings file, always
        // (a tray started without --env reads the default file, cannot verify its token and shows
        // a lock with an empty contact).
        const QStringList arguments{QStringLiteral("--data-dir"), QFileInfo(m_ctx.paths.dataDir).absoluteFilePath(), QStringLiteral("--env"),
                                    QFileInfo(m_ctx.paths.envFile).absoluteFilePath()};
        if (!Autostart::enable(tray, arguments, &error)) {
            showError(tr("Could not set up the monitor to start at login: %1").arg(error));
            return false;
        }
    }
    return true;
}

// --- Move installation ---------------------------------------------------------------------

MigrateConfirmPage::MigrateConfirmPage(SetupContext &ctx) : SetupPage(ctx, MigrateConfirmId)
{
    auto *form = new QFormLayout(this);
    m_text = wrapping(this);
    m_keyLabel = new QLabel(this);
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("migrateKey"));
    m_reasonLabel = new QLabel(this);
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("migrateReason"));
    m_confirm = new QCheckBox(this);
    m_confirm->setObjectName(QStringLiteral("migrateConfirm"));
    form->addRow(m_text);
    form->addRow(m_keyLabel, m_key);
    form->addRow(m_reasonLabel, m_reason);
    form->addRow(m_confirm);
    m_keyLabel->setBuddy(m_key);
    m_reasonLabel->setBuddy(m_reason);
    pasteFriendly(m_key);
    connect(m_key, &QLineEdit::textEdited, this, &MigrateConfirmPage::completeChanged);
    connect(m_reason, &QLineEdit::textChanged, this, &MigrateConfirmPage::completeChanged);
    connect(m_confirm, &QCheckBox::toggled, this, &MigrateConfirmPage::completeChanged);
    applyTexts();
}

void MigrateConfirmPage::retranslate()
{
    setTitle(tr("Move installation"));
    setSubTitle(tr("The licence moves from the old device to this one."));
    m_text->setText(tr("The licence will be moved to this device. The old device will be deactivated automatically. Continue?"));
    m_keyLabel->setText(tr("&Licence key:"));
    m_key->setToolTip(tr("Check your purchase e-mail. Format: HMS-...-...-...-..."));
    m_reasonLabel->setText(tr("&Reason:"));
    m_reason->setPlaceholderText(tr("for example: the old server broke down"));
    m_confirm->setText(tr("&Yes, move the licence to this device"));
}

bool MigrateConfirmPage::isComplete() const
{
    return LicenseKey::parse(m_key->text()).isValid() && !m_reason->text().trimmed().isEmpty() && m_confirm->isChecked();
}

bool MigrateConfirmPage::validatePage()
{
    m_ctx.licenseKey = LicenseKey::parse(m_key->text()).text();
    return true;
}

QString MigrateConfirmPage::reason() const { return m_reason->text().trimmed(); }

MigrateRunPage::MigrateRunPage(SetupContext &ctx, MigrateConfirmPage *confirm) : SetupPage(ctx, MigrateRunId), m_confirmPage(confirm)
{
    auto *layout = new QVBoxLayout(this);
    m_status = wrapping(this);
    m_message = wrapping(this);
    m_message->setObjectName(QStringLiteral("migrateMessage"));
    m_action = wrapping(this);
    m_help = wrapping(this);
    m_help->setOpenExternalLinks(true);
    for (QWidget *w : std::initializer_list<QWidget *>{m_status, m_message, m_action, m_help})
        layout->addWidget(w);
    layout->addStretch();
    setFinalPage(true);
    applyTexts();
}

void MigrateRunPage::retranslate()
{
    setTitle(tr("Moving the licence"));
    setSubTitle(tr("The licence server moves the licence to this device."));
}

void MigrateRunPage::initializePage()
{
    m_done = false;
    m_status->setText(tr("Moving the licence to this device…"));
    m_message->clear();
    m_action->clear();
    m_help->clear();
    m_call = m_ctx.client->migrate(m_ctx.licenseKey, m_confirmPage->reason(), [this](const ClientOutcome &o) {
        m_call.clear();
        m_lastCode = VendorErrors::code(o.error);
        if (o.ok()) {
            m_done = true;
            m_status->setText(tr("Licence active until %1").arg(o.claims ? displayDate(o.claims->validUntil) : QString()));
            m_message->setText(tr("The licence now lives on this device. The old device stops working at its next check."));
        } else {
            const VendorErrorText t = o.text(m_ctx.client->settings());
            m_status->setText(tr("The licence was not moved."));
            m_message->setText(t.message);
            m_action->setText(t.action.isEmpty() ? QString() : QStringLiteral("→ ") + t.action);
            m_help->setText(outcomeHtml(t));
        }
        Q_EMIT completeChanged();
    });
}

bool MigrateRunPage::isComplete() const { return m_done; }

} // namespace hotelhub::setup
