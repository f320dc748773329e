#include "ScheduledHeartbeat.h"
#include "AppPaths.h"
#include "Autostart.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStringEncoder>
#include <QTemporaryDir>

#ifdef Q_OS_WIN
#include <windows.h>
#endif

namespace hotelhub::setup {

namespace {
QString xmlEscaped(const QString &text)
{
    return text.toHtmlEscaped();
}

#ifdef Q_OS_WIN
QString schtasks()
{
    wchar_t system[MAX_PATH];
    const UINT n = GetSystemDirectoryW(system, MAX_PATH);
    return n ? QDir(QString::fromWCharArray(system, int(n))).filePath(QStringLiteral("schtasks.exe")) : QStringLiteral("schtasks.exe");
}

bool runSchtasks(const QStringList &arguments, QString *output)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(schtasks(), arguments);
    if (!p.waitForFinished(30000)) {
        p.kill();
        *output = QStringLiteral("schtasks did not answer within 30 s");
        return false;
    }
    *output = QString::fromLocal8Bit(p.readAll()).trimmed();
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}
#endif
} // namespace

QString ScheduledHeartbeat::machineDataDir()
{
#ifdef Q_OS_WIN
    const QString programData = qEnvironmentVariable("ProgramData", QStringLiteral("C:/ProgramData"));
    return QDir::cleanPath(programData + QStringLiteral("/HotelHub/license"));
#else
    return {};
#endif
}

QString ScheduledHeartbeat::taskXml(const QString &cli, const QString &dataDir, const QString &envFile, const QString &startBoundary)
{
    QStringList arguments{QStringLiteral("--data-dir"), QDir::toNativeSeparators(dataDir)};
    if (!envFile.isEmpty())
        arguments << QStringLiteral("--env") << QDir::toNativeSeparators(envFile);
    arguments << QStringLiteral("heartbeat-retry");
    return QStringLiteral(
               "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
               "<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\n"
               "  <RegistrationInfo>\n"
               "    <Description>Sends the HotelHub licence heartbeat when it is due, also while nobody is logged on.</Description>\n"
               "  </RegistrationInfo>\n"
               "  <Triggers>\n"
               "    <BootTrigger><Enabled>true</Enabled><Delay>PT5M</Delay></BootTrigger>\n"
               "    <TimeTrigger>\n"
               "      <Repetition><Interval>PT1H</Interval><StopAtDurationEnd>false</StopAtDurationEnd></Repetition>\n"
               "      <StartBoundary>%1</StartBoundary>\n"
               "      <Enabled>true</Enabled>\n"
               "    </TimeTrigger>\n"
               "  </Triggers>\n"
               "  <Principals>\n"
               "    <Principal id=\"Author\"><UserId>S-1-5-18</UserId><RunLevel>HighestAvailable</RunLevel></Principal>\n"
               "  </Principals>\n"
               "  <Settings>\n"
               "    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n"
               "    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\n"
               "    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>\n"
               "    <StartWhenAvailable>true</StartWhenAvailable>\n"
               "    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>\n"
               "    <ExecutionTimeLimit>PT10M</ExecutionTimeLimit>\n"
               "    <Enabled>true</Enabled>\n"
               "  </Settings>\n"
               "  <Actions Context=\"Author\">\n"
               "    <Exec>\n"
               "      <Command>%2</Command>\n"
               "      <Arguments>%3</Arguments>\n"
               "    </Exec>\n"
               "  </Actions>\n"
               "</Task>\n")
        .arg(xmlEscaped(startBoundary), xmlEscaped(QDir::toNativeSeparators(cli)), xmlEscaped(Autostart::windowsArguments(arguments)));
}

bool ScheduledHeartbeat::canInstall()
{
#ifdef Q_OS_WIN
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return false;
    TOKEN_ELEVATION elevation{};
    DWORD size = 0;
    const bool elevated = GetTokenInformation(token, TokenElevation, &elevation, sizeof elevation, &size) && elevation.TokenIsElevated;
    CloseHandle(token);
    return elevated;
#else
    return false;
#endif
}

bool ScheduledHeartbeat::offeredFor(const QString &dataDir)
{
    const QString machineWide = machineDataDir();
    return !machineWide.isEmpty() && pathIdentity(dataDir) == pathIdentity(machineWide) && canInstall();
}

bool ScheduledHeartbeat::install(const QString &cli, const QString &dataDir, const QString &envFile, QString *error)
{
#ifdef Q_OS_WIN
    if (!canInstall()) {
        *error = tr("Creating the heartbeat task needs administrator rights: run this again as administrator.");
        return false;
    }
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("task.xml"));
    QFile out(file);
    // Task Scheduler reads its XML as UTF-16 (with a byte-order mark), as it writes it.
    const QString xml = taskXml(cli, dataDir, envFile, QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")));
    QStringEncoder utf16(QStringEncoder::Utf16LE, QStringEncoder::Flag::WriteBom);
    const QByteArray bytes = utf16.encode(xml);
    if (!dir.isValid() || !out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size()) {
        *error = tr("Cannot write the task definition: %1").arg(out.errorString());
        return false;
    }
    out.close();
    QString said;
    if (!runSchtasks({QStringLiteral("/Create"), QStringLiteral("/TN"), QString::fromLatin1(kTaskName), QStringLiteral("/XML"),
                      QDir::toNativeSeparators(file), QStringLiteral("/F")},
                     &said)) {
        *error = tr("Windows did not create the heartbeat task: %1").arg(said);
        return false;
    }
    return true;
#else
    Q_UNUSED(cli);
    Q_UNUSED(dataDir);
    Q_UNUSED(envFile);
    *error = tr("The heartbeat task is for Windows. On Linux, enable the systemd timer: "
                "systemctl enable --now hotelhub-license-heartbeat.timer");
    return false;
#endif
}

bool ScheduledHeartbeat::remove(QString *error)
{
#ifdef Q_OS_WIN
    QString said;
    if (!isInstalled())
        return true;
    if (!runSchtasks({QStringLiteral("/Delete"), QStringLiteral("/TN"), QString::fromLatin1(kTaskName), QStringLiteral("/F")}, &said)) {
        *error = tr("Windows did not remove the heartbeat task: %1").arg(said);
        return false;
    }
    return true;
#else
    *error = tr("The heartbeat task is for Windows. On Linux, disable the systemd timer: "
                "systemctl disable --now hotelhub-license-heartbeat.timer");
    return false;
#endif
}

bool ScheduledHeartbeat::isInstalled()
{
#ifdef Q_OS_WIN
    QString said;
    return runSchtasks({QStringLiteral("/Query"), QStringLiteral("/TN"), QString::fromLatin1(kTaskName)}, &said);
#else
    return false;
#endif
}

} // namespace hotelhub::setup
