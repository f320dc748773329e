// "Start the tray monitor at login": an XDG autostart entry on Linux and other freedesktop
// systems, the per-user Run key on Windows, a per-user LaunchAgent on macOS.
#pragma once

#include <QString>

namespace hotelhub::setup {

class Autostart
{
public:
    // `program` is the tray's absolute path; `arguments` are appended (--data-dir …).
    static bool enable(const QString &program, const QStringList &arguments, QString *error);
    static bool disable(QString *error);
    static bool isEnabled();
    // The file written on freedesktop systems (for tests and the README).
    static QString desktopEntryPath();
    static QString desktopEntry(const QString &program, const QStringList &arguments);
    // The file written on macOS: ~/Library/LaunchAgents/id.hotelhub.license-monitor.plist, which
    // launchd reads at the next login (RunAtLoad).
    static QString launchAgentPath();
    static QString launchAgentPlist(const QString &program, const QStringList &arguments);
    // The Run key's value on Windows: the command line quoted the way CommandLineToArgvW and the
    // C runtime split it again (quotes and the backslashes before them escaped).
    static QString windowsCommandLine(const QString &program, const QStringList &arguments);
};

} // namespace hotelhub::setup
