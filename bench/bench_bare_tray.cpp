// Baseline for bench_tray_idle: a bare QApplication with a QSystemTrayIcon, idle. Its icon is a
// plain drawn square: a theme icon is null where no icon theme is installed, and a tray icon
// without an icon never docks ("QSystemTrayIcon::setVisible: No Icon set").
#include <QApplication>
#include <QColor>
#include <QIcon>
#include <QPixmap>
#include <QSystemTrayIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    QSystemTrayIcon tray;
    QPixmap square(32, 32);
    square.fill(QColor(0x2e, 0x7d, 0x32));
    tray.setIcon(QIcon(square));
    tray.show();
    return app.exec();
}
