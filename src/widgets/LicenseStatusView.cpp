#include "LicenseStatusView.h"

#include "Diagnostic.h"
#include "StatusColors.h"
#include "StatusPresentation.h"
#include "SupportContact.h"

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
QLabel *wrapped(QWidget *parent, const char *name = nullptr)
{
    auto *l = new QLabel(parent);
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText); // text from the server or the settings file is never markup
    if (name)
        l->setObjectName(QLatin1String(name));
    return l;
}

QPushButton *namedButton(QWidget *parent, const char *name)
{
    auto *b = new QPushButton(parent);
    b->setObjectName(QLatin1String(name));
    b->setAutoDefault(false);
    return b;
}

QString metaText(const AuditEntry &e, const char *key) { return e.metadata.value(QLatin1String(key)).toString(); }
} // namespace

LicenseStatusView::LicenseStatusView(Installation &installation, Actions actions, QWidget *parent)
    : QWidget(parent), m_installation(installation), m_actions(actions)
{
    setObjectName(QStringLiteral("licenseStatus"));
    auto *layout = new QVBoxLayout(this);
    m_state = wrapped(this, "state");
    m_state->setStyleSheet(QStringLiteral("font-size: 15pt; font-weight: bold;"));
    m_detail = wrapped(this, "detail");
    m_contact = wrapped(this, "contact");
    m_contact->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_grace = wrapped(this);
    m_expiry = wrapped(this);
    auto *usage = new QGridLayout;
    m_roomsLabel = new QLabel(this);
    m_usersLabel = new QLabel(this);
    m_rooms = new QProgressBar(this);
    m_users = new QProgressBar(this);
    usage->addWidget(m_roomsLabel, 0, 0);
    usage->addWidget(m_rooms, 0, 1);
    usage->addWidget(m_usersLabel, 1, 0);
    usage->addWidget(m_users, 1, 1);
    m_chartLabel = wrapped(this);
    m_chart = new HeartbeatChart(this);
    m_telemetryTitle = wrapped(this);
    m_telemetry = wrapped(this, "telemetry");
    m_telemetryDetail = namedButton(this, "telemetryDetail");
    auto *telemetryRow = new QHBoxLayout;
    telemetryRow->addWidget(m_telemetry, 1);
    telemetryRow->addWidget(m_telemetryDetail, 0, Qt::AlignTop);
    m_eventsLabel = wrapped(this);
    m_events = new QTableWidget(0, 2, this);
    m_events->setObjectName(QStringLiteral("events"));
    m_events->horizontalHeader()->setStretchLastSection(true);
    m_events->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_events->setWordWrap(false);
    m_events->verticalHeader()->hide();
    m_events->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_events->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_events->setSelectionMode(QAbstractItemView::SingleSelection);
    m_events->setMinimumHeight(140);
    m_eventDetail = namedButton(this, "eventDetail");
    m_portal = new QLabel(this);
    m_portal->setOpenExternalLinks(true);

    // Everything but the buttons scrolls: on a small or scaled screen the buttons stay in view.
    auto *content = new QWidget;
    content->setObjectName(QStringLiteral("statusContent"));
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *w : std::initializer_list<QWidget *>{m_state, m_detail, m_contact, m_grace, m_expiry})
        contentLayout->addWidget(w);
    contentLayout->addLayout(usage);
    contentLayout->addWidget(m_chartLabel);
    contentLayout->addWidget(m_chart);
    contentLayout->addWidget(m_telemetryTitle);
    contentLayout->addLayout(telemetryRow);
    contentLayout->addWidget(m_eventsLabel);
    contentLayout->addWidget(m_events);
    contentLayout->addWidget(m_eventDetail, 0, Qt::AlignLeft);
    contentLayout->addWidget(m_portal);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("statusScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    layout->addWidget(scroll, 1);
    // What the last "Check again" came to stays in view, beside the button that asked.
    m_outcome = wrapped(this, "outcome");
    m_outcome->hide();
    layout->addWidget(m_outcome);

    auto *buttons = new QHBoxLayout;
    m_checkAgain = namedButton(this, "checkAgain");
    m_migrate = namedButton(this, "migrate");
    m_diagnose = namedButton(this, "diagnose");
    m_unpair = namedButton(this, "unpair");
    for (QPushButton *b : {m_checkAgain, m_migrate, m_diagnose, m_unpair})
        buttons->addWidget(b);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_checkAgain->setVisible(actions.testFlag(CheckAgain));
    m_diagnose->setVisible(actions.testFlag(Diagnose));
    m_unpair->setVisible(actions.testFlag(Unpair));
    m_migrate->setVisible(false); // only when the state calls for a move (refresh)

    connect(m_checkAgain, &QPushButton::clicked, this, &LicenseStatusView::checkAgainRequested);
    connect(m_migrate, &QPushButton::clicked, this, &LicenseStatusView::migrateRequested);
    connect(m_unpair, &QPushButton::clicked, this, &LicenseStatusView::unpairRequested);
    connect(m_telemetryDetail, &QPushButton::clicked, this, [this] { showDetail(m_telemetryTitle->text(), telemetryDetail()); });
    connect(m_eventDetail, &QPushButton::clicked, this, [this] {
        const int row = std::max(0, m_events->currentRow());
        if (row < m_entries.size())
            showDetail(m_events->item(row, 1)->text(), eventDetail(row));
    });
    connect(m_events, &QTableWidget::itemActivated, this, [this](QTableWidgetItem *item) {
        showDetail(m_events->item(item->row(), 1)->text(), eventDetail(item->row()));
    });
    connect(m_diagnose, &QPushButton::clicked, this, [this] {
        const QString text = diagnosticText();
        QApplication::clipboard()->setText(text);
        QMessageBox box(QMessageBox::Information, tr("Diagnostic"), tr("The diagnostic below was copied; paste it into a message to support."),
                        QMessageBox::Ok, this);
        box.setDetailedText(text);
        box.exec();
    });
    retranslate();
}

QPushButton *LicenseStatusView::button(const QString &name) const { return findChild<QPushButton *>(name); }

QString LicenseStatusView::diagnosticText() const
{
    const StatusReport r = m_installation.manager->statusReport(m_installation.clock->now(), false);
    return Diagnostic::offline(*m_installation.manager, r, m_installation.paths).text();
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
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void LicenseStatusView::retranslate()
{
    setWindowTitle(tr("HotelHub licence")); // when it is a window of its own (the tray's)
    m_roomsLabel->setText(tr("Rooms"));
    m_usersLabel->setText(tr("Users"));
    m_chartLabel->setText(tr("Last 30 heartbeats (green: accepted, red: failed)"));
    m_telemetryTitle->setText(tr("Sent with each heartbeat (counts only, never guest data):"));
    m_eventsLabel->setText(tr("What happened"));
    m_rooms->setAccessibleName(tr("Rooms used"));
    m_users->setAccessibleName(tr("Users used"));
    m_chart->setAccessibleName(tr("Last 30 heartbeats"));
    m_events->setAccessibleName(tr("What happened"));
    m_events->setHorizontalHeaderLabels({tr("When"), tr("Event")});
    m_telemetryDetail->setText(tr("De&tail"));
    m_telemetryDetail->setAccessibleName(tr("Detail of what each heartbeat sends"));
    m_eventDetail->setText(tr("D&etail of the selected event"));
    m_checkAgain->setText(tr("&Check again"));
    m_migrate->setText(tr("&Move installation"));
    m_diagnose->setText(tr("&Diagnose"));
    m_unpair->setText(tr("&Unpair"));
    QString portal = m_installation.env.value(QStringLiteral("LICENSE_VENDOR_PORTAL_URL"));
    if (portal.isEmpty())
        portal = m_installation.client->settings().vendorUrl.toString();
    m_portal->setText(QStringLiteral("<a href=\"%1\">%2</a>").arg(portal.toHtmlEscaped(), tr("Vendor portal").toHtmlEscaped()));
    if (m_report)
        refresh(*m_report); // computed text: state, sentences, dates in the new language
}

void LicenseStatusView::refresh()
{
    refresh(m_installation.manager->statusReport(m_installation.clock->now(), true));
}

void LicenseStatusView::refresh(const StatusReport &r)
{
    m_report = r;
    const StatusPresentation p = present(r.status, m_installation.language);
    m_state->setText(p.title);
    m_detail->setText(p.text.isEmpty() ? QString() : p.text + (p.action.isEmpty() ? QString() : QStringLiteral("\n→ ") + p.action));
    // Anything but a working licence names whom to contact, on the screen that asks for it.
    const bool needsContact = r.status.state != LicenseState::Active && r.status.state != LicenseState::OverdueWarning
        && r.status.state != LicenseState::Unpaired;
    m_contact->setText(needsContact ? tr("Contact the vendor:") + u'\n' + SupportContact::of(r.row, m_installation.env).lines() : QString());
    m_contact->setVisible(needsContact);
    const QDateTime now = r.evaluatedAt;
    if (r.claims) {
        m_grace->setText(tr("Works offline until %1 (%n day(s) left) — renewed by every heartbeat", nullptr, daysUntil(now, r.claims->expiresAt))
                             .arg(displayDate(r.claims->expiresAt)));
        m_expiry->setText(tr("Licence valid until %1 (%n day(s))", nullptr, daysUntil(now, r.claims->validUntil)).arg(displayDate(r.claims->validUntil)));
        m_rooms->setRange(0, std::max(1, r.claims->maxRooms()));
        m_rooms->setValue(std::min(r.rooms, r.claims->maxRooms()));
        m_rooms->setFormat(QStringLiteral("%1 / %2").arg(r.rooms).arg(r.claims->maxRooms()));
        m_users->setRange(0, std::max(1, r.claims->maxUsers()));
        m_users->setValue(std::min(r.users, r.claims->maxUsers()));
        m_users->setFormat(QStringLiteral("%1 / %2").arg(r.users).arg(r.claims->maxUsers()));
    } else {
        m_grace->setText(tr("Not paired"));
        m_expiry->clear();
    }
    QList<HeartbeatHistoryEntry> history = m_installation.manager->heartbeatHistory(30);
    if (!m_unrecorded.isEmpty()) {
        history += m_unrecorded;
        std::stable_sort(history.begin(), history.end(),
                         [](const HeartbeatHistoryEntry &a, const HeartbeatHistoryEntry &b) { return a.attemptedAt < b.attemptedAt; });
        history = history.mid(std::max<qsizetype>(0, history.size() - 30));
    }
    m_chart->setHistory(history);
    m_telemetry->setText(telemetrySentence(m_installation.client->telemetry()));
    m_entries = m_installation.manager->audit().recent(50);
    m_events->setRowCount(int(m_entries.size()));
    for (int i = 0; i < m_entries.size(); ++i) {
        const AuditEntry &e = m_entries[i];
        m_events->setItem(i, 0, new QTableWidgetItem(displayDateTime(e.createdAt)));
        m_events->setItem(i, 1, new QTableWidgetItem(eventSentence(e, m_installation.language)));
    }
    m_eventDetail->setEnabled(!m_entries.isEmpty());
    m_migrate->setVisible(m_actions.testFlag(Move) && p.offersMove);
    m_checkAgain->setEnabled(r.paired);
    m_unpair->setEnabled(r.paired);
}

void LicenseStatusView::addUnrecorded(const HeartbeatHistoryEntry &entry)
{
    m_unrecorded.append(entry);
    m_unrecorded = m_unrecorded.mid(std::max<qsizetype>(0, m_unrecorded.size() - 30));
}

void LicenseStatusView::setOutcome(const QString &text, bool failed)
{
    m_outcome->setText(text);
    m_outcome->setVisible(!text.isEmpty());
    const QColor base = palette().color(QPalette::Window);
    const Rgb c = toneColor(failed ? Tone::Error : Tone::Ok, Rgb{base.red(), base.green(), base.blue()});
    m_outcome->setStyleSheet(QStringLiteral("color: rgb(%1, %2, %3);").arg(c.r).arg(c.g).arg(c.b));
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
