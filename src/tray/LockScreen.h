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
    void show(const TrayView &view, const QStringList &changedComponents);
    TraySurface surface() const { return m_surface; }
    QLabel *titleLabel() const { return m_title; }
    QLabel *contactLabel() const { return m_contact; }
    QPushButton *primaryButton() const { return m_primary; }
Q_SIGNALS:
    void checkAgain();
    void migrate();

private:
    Installation &m_ctx;
    TraySurface m_surface = TraySurface::None;
    QLabel *m_title, *m_text, *m_action, *m_contact;
    QPushButton *m_primary, *m_secondary;
};

} // namespace hotelhub::tray
