#pragma once

#include "Installation.h"
#include "TrayPolicy.h"

#include <QDialog>

class QLabel;
class QPushButton;

namespace hotelhub::tray {

// Full-screen: the restricted-mode modal, the lock screens, and the hardware-change question.
class LockScreen : public QDialog
{
    Q_OBJECT
public:
    LockScreen(Installation &ctx, QWidget *parent = nullptr);
    // `offerOffline`: a button for an offline activation too (a hotel with no internet).
    void show(const TrayView &view, const QStringList &changedComponents, bool offerOffline = false);
    // How the last "Check again" ended, under the buttons; cleared when another screen is shown.
    // `help`: the failure's help page, a "More help" link under it (in the same fixed room).
    void setOutcome(const QString &text, bool failed, const QString &help = {});
    QLabel *outcomeLabel() const { return m_outcome; }
    QLabel *outcomeHelpLabel() const { return m_outcomeHelp; }
    QPushButton *offlineButton() const { return m_offline; }
    TraySurface surface() const { return m_surface; }
    QLabel *titleLabel() const { return m_title; }
    QLabel *contactLabel() const { return m_contact; }
    QPushButton *primaryButton() const { return m_primary; }
Q_SIGNALS:
    void checkAgain();
    void migrate();
    void offlineRequested();

private:
    Installation &m_ctx;
    TraySurface m_surface = TraySurface::None;
    QLabel *m_title, *m_text, *m_action, *m_contact, *m_outcome, *m_outcomeHelp;
    QPushButton *m_primary, *m_secondary, *m_offline;
    QString m_shownTitle;
};

} // namespace hotelhub::tray
