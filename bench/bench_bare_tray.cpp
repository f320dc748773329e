// Baseline for bench_tray_idle: a bare QApplication with a QSystemTrayIcon, idle.
#include <QApplication>
#include <QIcon>
#include <QSystemTrayIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    QSystemTrayIcon tray;
    tray.setIcon(QIcon::fromTheme(QStringLiteral("dialog-information")));
    tray.show();
    return app.exec();
}
