#include "Autostart.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QFile>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QStringList>

namespace hotelhub::setup {

namespace {
QString quoted(const QString &arg)
{
    // Desktop Entry Exec quoting: double quotes around arguments with spaces, and \" \\ ` $ escaped.
    if (!arg.contains(QRegularExpression(QStringLiteral("[\\s\"'\\\\`$]"))))
        return arg;
    QString out = arg;
    for (const char *c : {"\\", "\"", "`", "$"})
        out.replace(QLatin1String(c), QLatin1String("\\") + QLatin1String(c));
    return u'"' + out + u'"';
}
#ifdef Q_OS_WIN
const char *const kRunKey = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
#endif
} // namespace

QString Autostart::desktopEntryPath()
{
    // $XDG_CONFIG_HOME/autostart (freedesktop Desktop Application Autostart Specification).
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)).filePath(QStringLiteral("autostart/hotelhub-tray.desktop"));
}

QString Autostart::desktopEntry(const QString &program, const QStringList &arguments)
{
    QStringList exec{quoted(program)};
    for (const QString &a : arguments)
        exec << quoted(a);
    return QStringLiteral("[Desktop Entry]\nType=Application\nName=HotelHub License Monitor\nName[id]=Pemantau Lisensi HotelHub\n"
                          "Comment=Keeps the HotelHub licence alive and shows its state\nComment[id]=Menjaga lisensi HotelHub tetap aktif dan menampilkan statusnya\n"
                          "Exec=%1\nIcon=hotelhub-license\nTerminal=false\nX-GNOME-Autostart-enabled=true\n")
        .arg(exec.join(u' '));
}

bool Autostart::enable(const QString &program, const QStringList &arguments, QString *error)
{
#ifdef Q_OS_WIN
    QSettings run(QString::fromLatin1(kRunKey), QSettings::NativeFormat);
    QStringList parts{u'"' + QDir::toNativeSeparators(program) + u'"'};
    for (const QString &a : arguments)
        parts << u'"' + a + u'"';
    run.setValue(QStringLiteral("HotelHubLicenseMonitor"), parts.join(u' '));
    run.sync();
    if (run.status() != QSettings::NoError) {
        *error = QStringLiteral("cannot write the Run key");
        return false;
    }
    return true;
#else
    const QString path = desktopEntryPath();
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(desktopEntry(program, arguments).toUtf8()) < 0 || !f.commit()) {
        *error = f.errorString();
        return false;
    }
    return true;
#endif
}

bool Autostart::disable(QString *error)
{
#ifdef Q_OS_WIN
    QSettings run(QString::fromLatin1(kRunKey), QSettings::NativeFormat);
    run.remove(QStringLiteral("HotelHubLicenseMonitor"));
    Q_UNUSED(error);
    return true;
#else
    QFile f(desktopEntryPath());
    if (f.exists() && !f.remove()) {
        *error = f.errorString();
        return false;
    }
    return true;
#endif
}

bool Autostart::isEnabled()
{
#ifdef Q_OS_WIN
    return QSettings(QString::fromLatin1(kRunKey), QSettings::NativeFormat).contains(QStringLiteral("HotelHubLicenseMonitor"));
#else
    return QFile::exists(desktopEntryPath());
#endif
}

} // namespace hotelhub::setup
