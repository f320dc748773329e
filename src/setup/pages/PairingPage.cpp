#include "PairingPage.h"
#include "LicenseKey.h"
#include "OfflineActivationDialog.h"
#include "PageWidgets.h"
#include "StatusColors.h"
#include "StatusPresentation.h"
#include "Translations.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace hotelhub::setup {

PairingPage::PairingPage(SetupContext &ctx) : SetupPage(ctx, PairingId)
{
}

void PairingPage::build()
{
    auto *layout = new QVBoxLayout(this);
    m_status = wrapping(this);
    m_status->setObjectName(QStringLiteral("pairingStatus"));
    m_message = wrapping(this);
    m_message->setObjectName(QStringLiteral("pairingMessage"));
    m_action = wrapping(this);
    m_action->setObjectName(QStringLiteral("pairingAction"));
    m_help = wrapping(this);
    m_help->setTextFormat(Qt::RichText); // our "More help" link; outcomeHtml() escapes its address
    m_help->setOpenExternalLinks(true);
    m_details = wrapping(this);
    m_details->setObjectName(QStringLiteral("pairingWarning"));
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
    m_offline = new QPushButton(this);
    m_offline->setObjectName(QStringLiteral("pairOffline"));
    buttons->addWidget(m_offline);
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
    connect(m_offline, &QPushButton::clicked, this, &PairingPage::activateOffline);
}

void PairingPage::activateOffline()
{
    cancel(); // a pairing still trying the network gives way
    widgets::OfflineActivationDialog dialog(*m_ctx.manager, *m_ctx.clock, m_ctx.licenseKey, this);
    connect(&dialog, &widgets::OfflineActivationDialog::applied, this, [this](const OfflineApplyResult &result) {
        m_failure.reset();
        m_paired = true;
        m_envWarning = result.warning;
        showPaired();
        m_ctx.store->saveProgress(key(), {{QStringLiteral("paired"), true}, {QStringLiteral("offline"), true}}, true);
        Q_EMIT completeChanged();
    });
    dialog.exec();
}

void PairingPage::retranslate()
{
    setTitle(tr("Pairing"));
    setSubTitle(tr("This installation is registered with the licence server."));
    m_cancel->setText(tr("Cancel &pairing"));
    // The name the vendor's texts use ("… choose 'Check again'"), as on the status window and the lock screen.
    m_retry->setText(tr("&Check again"));
    m_move->setText(tr("&Move the licence to this device"));
    m_offline->setText(tr("No internet? Activate &offline"));
    if (m_paired)
        showPaired();
    else
        renderFailure();
}

void PairingPage::initializePage()
{
    const std::optional<LocalLicense> row = m_ctx.manager->loadRow();
    const QString wanted = m_ctx.licenseKey.isEmpty() ? QString() : LicenseKey::parse(m_ctx.licenseKey).hash();
    // Already paired with this key: shown as it stands only while the licence works here. A
    // suspended, expired, restricted or moved licence was shown "active until …" in green without
    // asking the vendor (helper-38); it is paired again (harmless with the same key), so the
    // vendor's own verdict is shown with its next step.
    const LicenseStatus stored = row && row->isPaired() ? m_ctx.manager->check(m_ctx.clock->now(), false).status : LicenseStatus();
    if (row && row->isPaired() && (wanted.isEmpty() || row->licenseKeyHash == wanted) && stored.worksHere()) {
        confirmPaired();
        return;
    }
    startPairing();
}

void PairingPage::beginCall(const QString &status, bool offerOffline)
{
    // A call to the vendor starts: nothing of the last outcome stays, only Cancel is offered.
    m_paired = false;
    m_failure.reset();
    m_lastCode.clear();
    m_message->clear();
    m_action->clear();
    m_help->clear();
    m_details->clear();
    m_retry->hide();
    m_move->hide();
    m_offline->setVisible(offerOffline);
    m_cancel->show();
    m_cancel->setEnabled(true);
    m_status->setText(status);
    Q_EMIT completeChanged();
}

void PairingPage::confirmPaired()
{
    // Working as last recorded here, but the vendor may have suspended it since (helper-39: "active
    // until …" in green for a licence suspended before any heartbeat saw it). One heartbeat asks;
    // without an answer (no internet, a cancel) the install is shown as it stands here.
    beginCall(tr("Checking the licence with the vendor…"), false);
    m_call = m_ctx.client->heartbeat([this](const ClientOutcome &o) {
        m_call.clear();
        static const QList<VendorError> verdicts{VendorError::Suspended,  VendorError::Revoked,         VendorError::Expired,
                                                 VendorError::FingerprintMismatch, VendorError::LicenseNotFound,
                                                 VendorError::Unauthorized, VendorError::TokenSuperseded};
        if (verdicts.contains(o.error)) {
            showOutcome(o); // the vendor's own words, its contact and "Check again"
            return;
        }
        m_cancel->hide();
        m_paired = true;
        m_envWarning = o.warning;
        showPaired();
        Q_EMIT completeChanged();
    });
}

void PairingPage::cleanupPage()
{
    cancel();
}

void PairingPage::startPairing()
{
    if (busy())
        return;
    // "Check again" after the owner fixed the licence server's address in the settings file:
    // sent to the address it names now (helper-55).
    m_ctx.followSettingsFile();
    beginCall(tr("Contacting the licence server…"), true);
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
    m_lastCode = o.code();
    if (o.ok()) {
        m_paired = true;
        m_envWarning = o.warning;
        showPaired();
        m_ctx.store->saveProgress(key(), {{QStringLiteral("paired"), true}}, true);
        Q_EMIT completeChanged();
        return;
    }
    m_failure = o;
    renderFailure();
    m_retry->show();
    m_move->setVisible(o.error == VendorError::AlreadyPaired);
    // The vendor answered: activating offline would ask the same vendor the same question
    // (helper-41: offered beside "suspended"). Kept for an answer that never came.
    if (!VendorErrors::isTransport(o.error))
        m_offline->hide();
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
    const LicenseStatus status = m_ctx.manager->check(m_ctx.clock->now(), false).status;
    m_status->setStyleSheet(QStringLiteral("font-weight: bold;"));
    if (status.state == LicenseState::Active) {
        m_status->setText(status.offline ? tr("Licence activated offline, valid until %1. Renew it the same way before then, or let the heartbeat "
                                              "renew it when the internet appears.").arg(displayDate(status.graceUntil))
                                         : tr("Licence active until %1").arg(displayDate(row->validUntil)));
        setTone(m_status, Tone::Ok);
    } else {
        // Paired, but not simply active (its period ended, a heartbeat is overdue): the state's own
        // words, never the green "active".
        const StatusPresentation p = present(status, installedLanguage());
        m_status->setText(p.text.isEmpty() ? p.title : p.title + QStringLiteral(": ") + p.text);
        setTone(m_status, status.mode() == LicenseMode::Full ? Tone::Advice : Tone::Error);
    }
    QStringList features;
    for (auto it = row->features.begin(); it != row->features.end(); ++it) {
        if (!it.key().startsWith(QLatin1String("max_")) && it.value().toBool())
            features << it.key();
    }
    m_message->setText(tr("Plan: %1").arg(row->plan));
    m_action->setText(tr("Features: %1").arg(features.isEmpty() ? QStringLiteral("–") : features.join(QStringLiteral(", "))));
    m_help->setText(tr("Up to %n room(s)", nullptr, row->maxRooms) + QStringLiteral(" · ") + tr("up to %n user(s)", nullptr, row->maxUsers));
    // Paired, and the licence works; only the HMS's copy in the settings file is missing. Said
    // here, with what to do, rather than a plain ✓ (the CLI prints ⚠ and exits 3).
    if (m_envWarning.isEmpty()) {
        m_details->clear();
    } else {
        const VendorErrorText t = VendorErrors::envCopyWarning(m_envWarning);
        m_details->setText(QStringLiteral("⚠ ") + t.message + QStringLiteral("\n→ ") + t.action);
        setTone(m_details, Tone::Error);
    }
    m_details->setVisible(!m_envWarning.isEmpty());
    m_cancel->hide();
    m_retry->hide();
    m_move->hide();
    m_offline->hide();
}

bool PairingPage::isComplete() const { return m_paired && !busy(); }

} // namespace hotelhub::setup
