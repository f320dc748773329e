// Windows' counterpart of the systemd timer (packaging/systemd, issue 18): a scheduled task that
// runs `hotelhub-license heartbeat-retry` as SYSTEM for the machine-wide data folder
// (C:\ProgramData\HotelHub\license, owner-only, file key store), hourly and at start-up. A hotel
// server that waits at the logon screen after an update reboot sends its heartbeat anyway; the
// tray's autostart is per user and needs someone to log on.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace hotelhub::setup {

class ScheduledHeartbeat
{
    Q_DECLARE_TR_FUNCTIONS(ScheduledHeartbeat)
public:
    static constexpr const char *kTaskName = "\\HotelHub\\License heartbeat";

    // %ProgramData%\HotelHub\license on Windows; empty elsewhere.
    static QString machineDataDir();
    // The task's definition (Task Scheduler schema 1.2): SYSTEM, hourly from now and at boot, the
    // CLI with --data-dir DIR [--env FILE] heartbeat-retry. Paths are written native. (The
    // machine-wide folder keeps its secret in its owner-only file: SecretKeyStore.)
    static QString taskXml(const QString &cli, const QString &dataDir, const QString &envFile, const QString &startBoundary);
    // Creating a SYSTEM task needs an elevated process (Windows only).
    static bool canInstall();
    // The wizard offers the task for the machine-wide folder when it can create it.
    static bool offeredFor(const QString &dataDir);
    // Creates or replaces the task (schtasks /Create /XML). False with a reason for a person.
    static bool install(const QString &cli, const QString &dataDir, const QString &envFile, QString *error);
    static bool remove(QString *error);
    static bool isInstalled();
};

} // namespace hotelhub::setup
