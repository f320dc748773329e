#include "DonePage.h"
#include "setup/Autostart.h"
#include "setup/ScheduledHeartbeat.h"

#include "StatusPresentation.h"
#include "Translations.h"

#include "ui_DonePage.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>

namespace hotelhub::setup {

DonePage::DonePage(SetupContext &ctx) : SetupPage(ctx, DoneId), m_ui(std::make_unique<Ui::DonePage>())
{
    m_openUrl = [](const QUrl &url) { return QDesktopServices::openUrl(url); };
    m_taskOffered = [this] { return ScheduledHeartbeat::offeredFor(m_ctx.paths.dataDir); };
    m_installTask = [this](QString *error) {
        const QString cli = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("hotelhub-license.exe"));
        return ScheduledHeartbeat::install(cli, m_ctx.paths.dataDir, m_ctx.paths.envFile, error);
    };
    setFinalPage(true);
}

void DonePage::build()
{
    m_ui->setupUi(this);
    connect(m_ui->openPanel, &QPushButton::clicked, this, &DonePage::openPanel);
}

DonePage::~DonePage() = default;

QPushButton *DonePage::panelButton() const { return m_ui->openPanel; }
QCheckBox *DonePage::autostartBox() const { return m_ui->autostart; }
QCheckBox *DonePage::heartbeatTaskBox() const { return m_ui->heartbeatTask; }
QLabel *DonePage::panelFeedback() const { return m_ui->panelFeedback; }

void DonePage::retranslate()
{
    m_ui->retranslateUi(this);
    retranslateDynamic();
}

void DonePage::retranslateDynamic()
{
    // The list is put together from one message per item: translators never see its markup.
    m_ui->checklist->setText(tr("Next steps in the panel:") + QStringLiteral("<ul><li>") + tr("add room types") + QStringLiteral("</li><li>")
                             + tr("configure rate plans") + QStringLiteral("</li><li>") + tr("add a payment provider (BYOK)")
                             + QStringLiteral("</li><li>") + tr("connect the channel manager / OTAs") + QStringLiteral("</li><li>")
                             + tr("customise the booking engine theme") + QStringLiteral("</li></ul>"));
    initializePage(); // the summary, worded from what was set up
}

void DonePage::initializePage()
{
    const std::optional<LocalLicense> row = m_ctx.manager->loadRow();
    const SetupData &d = m_ctx.data;
    QStringList lines;
    if (!d.property.name.isEmpty())
        lines << tr("Hotel: %1, %n room(s)", nullptr, d.property.totalRooms).arg(d.property.name.toHtmlEscaped());
    if (row && row->isPaired()) {
        // What the licence is now, in the words the pairing page and the tray use: "active until"
        // only when it is (a licence suspended or ended since pairing read "active" here).
        const LicenseStatus status = m_ctx.manager->check(m_ctx.clock->now(), false).status;
        if (status.state == LicenseState::Active && !status.offline) {
            lines << tr("Licence: %1, active until %2").arg(row->plan.toHtmlEscaped(), displayDate(row->validUntil));
        } else if (status.state == LicenseState::Active) {
            lines << tr("Licence: %1, activated offline, valid until %2").arg(row->plan.toHtmlEscaped(), displayDate(status.graceUntil));
        } else {
            const StatusPresentation p = present(status, installedLanguage());
            lines << tr("Licence: %1, %2").arg(row->plan.toHtmlEscaped(), (p.text.isEmpty() ? p.title : p.title + QStringLiteral(": ") + p.text).toHtmlEscaped());
        }
    }
    if (!d.admin.email.isEmpty())
        lines << tr("Administrator: %1 (two-factor sign-in on)").arg(d.admin.email.toHtmlEscaped());
    m_ui->doneSummary->setText(lines.join(QStringLiteral("<br>")));
    m_ui->heartbeatTask->setVisible(m_taskOffered && m_taskOffered());
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
        m_ui->panelFeedback->setText(tr("The panel opens in your web browser: %1").arg(address));
    } else {
        QGuiApplication::clipboard()->setText(address);
        m_ui->panelFeedback->setText(tr("No web browser opened. Open this address in your browser (it was copied): %1").arg(address));
    }
    m_ui->panelFeedback->show();
}

bool DonePage::validatePage()
{
    QString error;
    if (m_ui->heartbeatTask->isVisible() && m_ui->heartbeatTask->isChecked() && !m_installTask(&error)) {
        showError(tr("Could not create the heartbeat task: %1").arg(error));
        return false;
    }
    if (!m_ui->autostart->isChecked()) {
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

} // namespace hotelhub::setup
