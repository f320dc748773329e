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
    // Off for this user. On freedesktop systems a package may also start the tray for everyone
    // (/etc/xdg/autostart/hotelhub-tray.desktop); switching off then writes this user's entry
    // with Hidden=true, which hides that one (Autostart Specification): one switch, not two.
    static bool disable(QString *error);
    static bool isEnabled();
    // The system-wide entry a package installed, found in $XDG_CONFIG_DIRS/autostart; empty: none.
    static QString systemEntryPath();
    // The tray program beside `wizardDir` (installed side by side, or the build tree's
    // src/setup → src/tray), else on PATH; empty when none exists, so that no entry ever starts
    // a program that is not there.
    static QString findTray(const QString &wizardDir);
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
    // The arguments alone, each quoted so that Windows' CommandLineToArgvW gives it back unchanged.
    static QString windowsArguments(const QStringList &arguments);
};

} // namespace hotelhub::setup
