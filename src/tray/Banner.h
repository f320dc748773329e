#pragma once

#include "TrayPolicy.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace hotelhub::tray {

// Yellow (dismissible for 24 h) or red banner: a strip at the top of the screen.
class Banner : public QWidget
{
    Q_OBJECT
public:
    explicit Banner(QWidget *parent = nullptr);
    // `contact` (SupportContact::lines()) goes on the red banner, whose text asks to contact someone.
    void show(const TrayView &view, const QString &contact);
    QPushButton *dismissButton() const { return m_dismiss; }
    QLabel *textLabel() const { return m_text; }
Q_SIGNALS:
    void dismissed();

private:
    QLabel *m_text;
    QPushButton *m_dismiss;
};

} // namespace hotelhub::tray
