#include "LicenseStatusView.h"

#include "Diagnostic.h"
#include "SheetMode.h"
#include "StatusColors.h"
#include "StatusPresentation.h"
#include "SupportContact.h"
#include "TrayPolicy.h"
#include "ui_LicenseStatusView.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

namespace hotelhub::widgets {

namespace {
QString metaText(const AuditEntry &e, const char *key) { return e.metadata.value(QLatin1String(key)).toString(); }
} // namespace

LicenseStatusView::LicenseStatusView(Installation &installation, Actions actions, QWidget *parent)
    : QWidget(parent), m_installation(installation), m_actions(actions), m_ui(std::make_unique<Ui::LicenseStatusView>())
{
    m_ui->setupUi(this);
    m_ui->events->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_ui->outcome->hide();
    m_ui->outcomeHelp->hide();
    m_ui->checkAgain->setVisible(actions.testFlag(CheckAgain));
    m_ui->diagnose->setVisible(actions.testFlag(Diagnose));
    m_ui->unpair->setVisible(actions.testFlag(Unpair));
    m_ui->migrate->setVisible(false); // only when the state calls for a move (refresh)
    m_ui->offlineActivation->setVisible(false); // only when the licence runs on, or could use, an offline answer (refresh)

    connect(m_ui->checkAgain, &QPushButton::clicked, this, &LicenseStatusView::checkAgainRequested);
    connect(m_ui->migrate, &QPushButton::clicked, this, &LicenseStatusView::migrateRequested);
    connect(m_ui->unpair, &QPushButton::clicked, this, &LicenseStatusView::unpairRequested);
    connect(m_ui->offlineActivation, &QPushButton::clicked, this, &LicenseStatusView::offlineRequested);
    connect(m_ui->telemetryDetail, &QPushButton::clicked, this, [this] { showDetail(m_ui->telemetryTitle->text(), telemetryDetail()); });
    connect(m_ui->eventDetail, &QPushButton::clicked, this, [this] {
        const int row = std::max(0, m_ui->events->currentRow());
        if (row < m_entries.size())
            showDetail(m_ui->events->item(row, 1)->text(), eventDetail(row));
    });
    connect(m_ui->events, &QTableWidget::itemActivated, this, [this](QTableWidgetItem *item) {
        showDetail(m_ui->events->item(item->row(), 1)->text(), eventDetail(item->row()));
    });
    connect(m_ui->diagnose, &QPushButton::clicked, this, [this] {
        const QString text = diagnosticText();
        QApplication::clipboard()->setText(text);
        QMessageBox box(QMessageBox::Information, tr("Diagnostic"), tr("The diagnostic below was copied; paste it into a message to support."),
                        QMessageBox::Ok, this);
        box.setDetailedText(text);
        box.exec();
    });
    retranslateDynamic();
}

LicenseStatusView::~LicenseStatusView() = default;

QLabel *LicenseStatusView::stateLabel() const { return m_ui->state; }
QLabel *LicenseStatusView::outcomeLabel() const { return m_ui->outcome; }
QLabel *LicenseStatusView::outcomeHelpLabel() const { return m_ui->outcomeHelp; }
QLabel *LicenseStatusView::contactLabel() const { return m_ui->contact; }
QLabel *LicenseStatusView::telemetryLabel() const { return m_ui->telemetry; }
HeartbeatChart *LicenseStatusView::chart() const { return m_ui->chart; }
QTableWidget *LicenseStatusView::eventsTable() const { return m_ui->events; }

QPushButton *LicenseStatusView::button(const QString &name) const { return findChild<QPushButton *>(name); }

QString LicenseStatusView::diagnosticText() const
{
    if (m_sheet) // the CLI's `diagnostic --offline` in sheet mode: the three layers and license.dat
        return Diagnostic::sheetWithSettings(*m_installation.manager, m_sheet->evaluate(m_installation.clock->now(), false), m_sheet->settings(),
                                             m_installation.env, m_installation.paths)
            .text();
    const StatusReport r = m_installation.manager->statusReport(m_installation.clock->now(), false);
    return Diagnostic::offline(*m_installation.manager, r, m_installation.paths).text();
}

void LicenseStatusView::setSheet(SheetMode *sheet)
{
    m_sheet = sheet;
    if (m_report)
        refresh(*m_report);
}

QString LicenseStatusView::telemetryDetail() const
{
    return QString::fromUtf8(QJsonDocument(m_installation.client->telemetry()).toJson(QJsonDocument::Indented));
}

QString LicenseStatusView::eventDetail(int row) const
{
    if (row < 0 || row >= m_entries.size())
        return {};
    const AuditEntry &e = m_entries[row];
    QJsonObject o{{QStringLiteral("action"), e.action}, {QStringLiteral("at"), e.createdAt.toUTC().toString(Qt::ISODate)},
                  {QStringLiteral("metadata"), e.metadata}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
}

void LicenseStatusView::showDetail(const QString &title, const QString &json)
{
    QMessageBox box(QMessageBox::NoIcon, tr("Detail"), title, QMessageBox::Close, this);
    box.setObjectName(QStringLiteral("detailBox"));
    box.setTextFormat(Qt::PlainText);
    box.setDetailedText(json);
    box.exec();
}

void LicenseStatusView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        retranslateDynamic();
    }
    QWidget::changeEvent(event);
}

void LicenseStatusView::retranslateDynamic()
{
    QString portal = m_installation.env.value(QStringLiteral("LICENSE_VENDOR_PORTAL_URL"));
    if (portal.isEmpty())
        portal = m_installation.client->settings().vendorUrl.toString();
    m_ui->portal->setText(QStringLiteral("<a href=\"%1\">%2</a>").arg(portal.toHtmlEscaped(), tr("Vendor portal").toHtmlEscaped()));
    if (m_report)
        refresh(*m_report); // computed text: state, sentences, dates in the new language
}

void LicenseStatusView::refresh()
{
    refresh(m_installation.manager->statusReport(m_installation.clock->now(), true));
}

void LicenseStatusView::refresh(const StatusReport &given)
{
    StatusReport r = given;
    if (m_sheet)
        r.status = m_sheet->evaluate(m_installation.clock->now(), false).status;
    m_report = r;
    const StatusPresentation p = present(r.status, m_installation.language);
    m_ui->state->setText(p.title);
    // The action unless the text says it already ("… Check the server's internet connection."
    // twice; outside check).
    m_ui->detail->setText(p.text.isEmpty() ? QString() : p.text + (p.textSaysAction() ? QString() : QStringLiteral("\n→ ") + p.action));
    // Anything but a working licence names whom to contact, on the screen that asks for it.
    const bool needsContact = r.status.state != LicenseState::Active && r.status.state != LicenseState::OverdueWarning
        && r.status.state != LicenseState::Unpaired;
    m_ui->contact->setText(needsContact ? tr("Contact the vendor:") + u'\n' + SupportContact::of(r.row, m_installation.env).lines() : QString());
    m_ui->contact->setVisible(needsContact);
    const QDateTime now = r.evaluatedAt;
    const LicenceTerms terms = r.terms();
    if (r.claims) {
        const int left = daysUntil(now, r.claims->expiresAt);
        m_ui->grace->setText(r.claims->isOffline()
                                 ? tr("Offline activation until %1 (%n day(s) left): renew it before then, or let a heartbeat renew it", nullptr, left)
                                       .arg(displayDate(r.claims->expiresAt))
                                 // (the moment, with its time: a heartbeat's grace ends at one, not at the end of a day; helper-52)
                                 : tr("Works offline until %1 (%n day(s) left) — renewed by every heartbeat", nullptr, left)
                                       .arg(displayDateTime(r.claims->expiresAt)));
        // Only while HotelHub works: beside "Lisensi ditangguhkan" it would contradict the lock.
        m_ui->grace->setVisible(r.status.mode() == LicenseMode::Full);
    } else {
        // Paired, but the token cannot be read or trusted now (the password store does not
        // answer, the vendor key is unusable, the token is damaged): the state above says why,
        // and "Not paired" would contradict it.
        m_ui->grace->setText(r.paired || m_sheet ? QString() : tr("Not paired"));
        m_ui->grace->setVisible(!r.paired && !m_sheet);
    }
    // The licence's end and limits from the token, else from the row's copies (the tray showed
    // empty bars and no end while the password store did not answer; helper-41).
    if (terms.known) {
        // "(-3 days)" past the end read as a count: an end passed says so.
        const int daysLeft = daysUntil(now, terms.validUntil);
        m_ui->expiry->setText(!terms.validUntil.isValid() ? QString()
                              : now > terms.validUntil ? tr("Licence ended on %1").arg(displayDate(terms.validUntil))
                                                       : tr("Licence valid until %1 (%n day(s))", nullptr, daysLeft).arg(displayDate(terms.validUntil)));
        m_ui->rooms->setRange(0, std::max(1, terms.maxRooms));
        m_ui->rooms->setValue(std::min(r.rooms, terms.maxRooms));
        m_ui->rooms->setFormat(QStringLiteral("%1 / %2").arg(r.rooms).arg(terms.maxRooms));
        m_ui->users->setRange(0, std::max(1, terms.maxUsers));
        m_ui->users->setValue(std::min(r.users, terms.maxUsers));
        m_ui->users->setFormat(QStringLiteral("%1 / %2").arg(r.users).arg(terms.maxUsers));
    } else {
        m_ui->expiry->clear();
    }
    QList<HeartbeatHistoryEntry> history = m_installation.manager->heartbeatHistory(30);
    if (!m_unrecorded.isEmpty()) {
        history += m_unrecorded;
        std::stable_sort(history.begin(), history.end(),
                         [](const HeartbeatHistoryEntry &a, const HeartbeatHistoryEntry &b) { return a.attemptedAt < b.attemptedAt; });
        history = history.mid(std::max<qsizetype>(0, history.size() - 30));
    }
    m_ui->chart->setHistory(history);
    m_ui->telemetry->setText(telemetrySentence(m_installation.client->telemetry()));
    m_entries = m_installation.manager->audit().recent(50);
    m_ui->events->setRowCount(int(m_entries.size()));
    for (int i = 0; i < m_entries.size(); ++i) {
        const AuditEntry &e = m_entries[i];
        m_ui->events->setItem(i, 0, new QTableWidgetItem(displayDateTime(e.createdAt)));
        m_ui->events->setItem(i, 1, new QTableWidgetItem(eventSentence(e, m_installation.language)));
    }
    m_ui->eventDetail->setEnabled(!m_entries.isEmpty());
    m_ui->migrate->setVisible(m_actions.testFlag(Move) && p.offersMove && !m_sheet);
    m_ui->offlineActivation->setVisible(m_actions.testFlag(Offline) && r.paired && !m_sheet && TrayPolicy::offlineActivationHelps(r.status));
    m_ui->checkAgain->setEnabled(r.paired || m_sheet);
    // A sheet carries no room or user limits and no vendor portal (the link led to the default
    // vendor server's address).
    for (QWidget *w : std::initializer_list<QWidget *>{m_ui->roomsLabel, m_ui->rooms, m_ui->usersLabel, m_ui->users, m_ui->portal})
        w->setVisible(!m_sheet);
    m_ui->unpair->setVisible(m_actions.testFlag(Unpair) && !m_sheet);
    m_ui->unpair->setEnabled(r.paired);
}

void LicenseStatusView::addUnrecorded(const HeartbeatHistoryEntry &entry)
{
    m_unrecorded.append(entry);
    m_unrecorded = m_unrecorded.mid(std::max<qsizetype>(0, m_unrecorded.size() - 30));
}

QString LicenseStatusView::helpLinkHtml(const QString &url)
{
    // LICENSE_HELP_URL is the installer's setting: only a web page is offered as a link.
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid() || (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http")) || u.host().isEmpty())
        return {};
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(u.toString(QUrl::FullyEncoded).toHtmlEscaped(), tr("More help"));
}

void LicenseStatusView::setOutcome(const QString &text, bool failed, const QString &help)
{
    m_ui->outcome->setText(text);
    m_ui->outcome->setVisible(!text.isEmpty());
    // The same help page the CLI prints for this failure (the window had none; helper-39).
    const QString link = text.isEmpty() ? QString() : helpLinkHtml(help);
    m_ui->outcomeHelp->setText(link);
    m_ui->outcomeHelp->setVisible(!link.isEmpty());
    const QColor base = palette().color(QPalette::Window);
    const Rgb c = toneColor(failed ? Tone::Error : Tone::Ok, Rgb{base.red(), base.green(), base.blue()});
    m_ui->outcome->setStyleSheet(QStringLiteral("color: rgb(%1, %2, %3);").arg(c.r).arg(c.g).arg(c.b));
}

QString LicenseStatusView::telemetrySentence(const QJsonObject &t)
{
    const qint64 hours = qint64(t.value(QStringLiteral("uptime")).toDouble()) / 3600;
    return tr("%n room(s)", nullptr, t.value(QStringLiteral("rooms")).toInt()) + QStringLiteral(", ")
        + tr("%n user(s)", nullptr, t.value(QStringLiteral("users")).toInt()) + QStringLiteral(", ")
        + tr("HotelHub version %1", nullptr).arg(t.value(QStringLiteral("version")).toString()) + QStringLiteral(", ")
        + tr("computer on for %n hour(s)", nullptr, int(std::min<qint64>(hours, 1000000)));
}

QString LicenseStatusView::eventSentence(const AuditEntry &e, Language language)
{
    const QString a = e.action;
    if (a == QLatin1String("license.bootstrap"))
        return tr("Installation identity created");
    if (a == QLatin1String("license.paired"))
        return tr("Licence paired (plan %1)").arg(metaText(e, "plan"));
    if (a == QLatin1String("license.migrated")) {
        const QString reason = metaText(e, "reason");
        return reason.isEmpty() ? tr("Licence moved to this computer") : tr("Licence moved to this computer (reason: %1)").arg(reason);
    }
    if (a == QLatin1String("license.offline_activated") || a == QLatin1String("license.offline_renewed")) {
        const QDateTime until = fromStorage(metaText(e, "offline_until"));
        return a == QLatin1String("license.offline_activated") ? tr("Licence activated offline, valid until %1").arg(displayDate(until))
                                                               : tr("Offline activation renewed, valid until %1").arg(displayDate(until));
    }
    if (a == QLatin1String("license.token_rotated"))
        return tr("Licence token replaced");
    if (a == QLatin1String("license.rebound"))
        return tr("Network card changed; the licence adjusted itself");
    if (a == QLatin1String("license.unpaired"))
        return tr("Licence released from this computer");
    if (a == QLatin1String("license.banner_dismissed"))
        return tr("Warning hidden for 24 hours");
    if (a == QLatin1String("setup.completed"))
        return tr("Setup completed");
    if (a.startsWith(QLatin1String("license."))) {
        if (const std::optional<LicenseState> state = stateFromName(a.mid(8))) {
            LicenseStatus s;
            s.state = *state;
            s.reason = metaText(e, "reason");
            return tr("Licence state: %1").arg(present(s, language).title);
        }
    }
    return a; // an event this version does not know: its code, the detail shows the rest
}

} // namespace hotelhub::widgets
