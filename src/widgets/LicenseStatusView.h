// The one licence status view: the tray's window and the wizard's "already set up" dialog both
// show it. Its layout is the Designer form ui/LicenseStatusView.ui. State and next step, whom to contact, offline days left, usage, the last heartbeats,
// what each heartbeat sends, and the audit log as sentences (the JSON behind "Detail").
#pragma once

#include "AuditLog.h"
#include "HeartbeatChart.h"
#include "Installation.h"

#include <QWidget>
#include <memory>

class QLabel;
class QPushButton;

namespace hotelhub {
class SheetMode;
}
class QTableWidget;

namespace Ui {
class LicenseStatusView;
}

namespace hotelhub::widgets {

class LicenseStatusView : public QWidget
{
    Q_OBJECT
public:
    enum Action { CheckAgain = 0x1, Move = 0x2, Diagnose = 0x4, Unpair = 0x8, Offline = 0x10 };
    Q_DECLARE_FLAGS(Actions, Action)

    LicenseStatusView(Installation &installation, Actions actions, QWidget *parent = nullptr);
    ~LicenseStatusView() override;
    // Shows `report` (the caller read it); refresh() reads it from the installation.
    void refresh(const StatusReport &report);
    void refresh();
    // Sheet mode (no vendor server): the state, its diagnostic and "Check again" are the sheet's;
    // pairing, moving and unpairing do not apply. It said "Licence not set up … run the setup
    // wizard", with "Check again" greyed, for a hotel whose sheet was fine (helper-55).
    void setSheet(SheetMode *sheet);
    // A heartbeat the database could not record (another program held it): drawn as a bar all
    // the same, for as long as this view lives.
    void addUnrecorded(const HeartbeatHistoryEntry &entry);
    // What the last "Check again" came to (its message and next step); empty hides the line.
    // `help`: the failure's help page, shown as a "More help" link under it (http(s) only).
    void setOutcome(const QString &text, bool failed, const QString &help = {});
    // A "More help" link to `url`, escaped; empty for anything but an http(s) address.
    static QString helpLinkHtml(const QString &url);

    // An audit entry as a sentence for the owner: "Licence moved to this computer (new server)".
    static QString eventSentence(const AuditEntry &entry, Language language);
    // The telemetry sent with each heartbeat, as a sentence ("12 rooms, 3 users, version 1.2").
    static QString telemetrySentence(const QJsonObject &telemetry);

    QLabel *stateLabel() const;
    QLabel *outcomeLabel() const;
    QLabel *outcomeHelpLabel() const;
    QLabel *contactLabel() const;
    QLabel *telemetryLabel() const;
    HeartbeatChart *chart() const;
    QTableWidget *eventsTable() const;
    QPushButton *button(const QString &name) const;
    QString diagnosticText() const;
    // The JSON behind the "Detail" buttons: what each heartbeat sends, one audit entry.
    QString telemetryDetail() const;
    QString eventDetail(int row) const;

Q_SIGNALS:
    void checkAgainRequested();
    void migrateRequested();
    void unpairRequested();
    void offlineRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateDynamic(); // the texts computed from the state; the form's own come from retranslateUi()
    void showDetail(const QString &title, const QString &json);
    Installation &m_installation;
    SheetMode *m_sheet = nullptr;
    Actions m_actions;
    std::optional<StatusReport> m_report;
    QList<HeartbeatHistoryEntry> m_unrecorded;
    QList<AuditEntry> m_entries;
    std::unique_ptr<Ui::LicenseStatusView> m_ui;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(LicenseStatusView::Actions)

} // namespace hotelhub::widgets
