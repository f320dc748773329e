// hotelhub-tray idle after start-up (a freshly paired install, so no heartbeat is due) against a
// bare QApplication + QSystemTrayIcon, both running side by side for BENCH_IDLE_SECONDS (60):
// CPU time used (utime + stime from /proc), private memory (USS, from smaps_rollup) and peak RSS
// (ru_maxrss). Goals: CPU ratio <= 1.5 (issue 6), USS ratio <= 1.5 (issue 14); RSS is reported.
// BENCH_TRAY_PLATFORM: offscreen (the default: there is no tray host, so the tray shows its
// status window as its main window, and the bare app shows nothing), or xcb with DISPLAY set to
// an X server that has a tray host (bench/tray_docked.sh: Xvfb and trayer), where both icons
// dock and the tray's windows stay hidden; its figures are named tray_docked_*.
#include "BenchSupport.h"
#include "Clock.h"
#include "Crypto.h"
#include "Database.h"
#include "EnvFile.h"
#include "Jws.h"
#include "LicenseManager.h"
#include "SecretKeyStore.h"
#include "ServerProcess.h"
#include "TestSupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QStringList>
#include <QTemporaryDir>
#include <QThread>

#include <csignal>
#include <unistd.h>

using namespace hotelhub;
using namespace hotelhub::test;

namespace {
double cpuSeconds(pid_t pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return double(fields.value(11).toLongLong() + fields.value(12).toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

// Unique set size: the pages only this process maps (private clean + private dirty), from
// /proc/PID/smaps_rollup. Shared library pages that every Qt program on the machine shares are
// counted in RSS but not here.
// Private_Dirty alone is what the process wrote: heap, anonymous memory, relocated data.
long privateKiB(pid_t pid, bool dirtyOnly)
{
    QFile f(QStringLiteral("/proc/%1/smaps_rollup").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    long kib = 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if ((!dirtyOnly && line.startsWith("Private_Clean:")) || line.startsWith("Private_Dirty:"))
            kib += line.simplified().split(' ').value(1).toLong();
    return kib;
}

long stopAndPeakRss(pid_t pid)
{
    kill(pid, SIGTERM);
    return bench::waitForChild(pid).maxRssKiB;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 3)
        qFatal("usage: bench_tray_idle <hotelhub-tray> <bench_bare_tray>");
    const QByteArray platform = qEnvironmentVariableIsSet("BENCH_TRAY_PLATFORM") ? qgetenv("BENCH_TRAY_PLATFORM") : QByteArray("offscreen");
    const std::string prefix = platform == "offscreen" ? "tray_" : "tray_docked_";
    qputenv("QT_QPA_PLATFORM", platform);
    qputenv("HOTELHUB_KEYSTORE", "file");
    const int seconds = qEnvironmentVariableIsSet("BENCH_IDLE_SECONDS") ? qEnvironmentVariableIntValue("BENCH_IDLE_SECONDS") : 60;

    QTemporaryDir dir;
    const TestVendorKey vendor;
    QString error;
    if (!preparePairedDataDir(dir.path(), vendor, &error))
        qFatal("%s", qPrintable(error));
    const pid_t tray = bench::spawnProcess({QString::fromLocal8Bit(argv[1]), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--api-listen"),
                              QStringLiteral("127.0.0.1:%1").arg(freeLoopbackPort())});
    const pid_t bare = bench::spawnProcess({QString::fromLocal8Bit(argv[2])});
    QThread::sleep(2); // start-up is not idle
    const double trayStart = cpuSeconds(tray), bareStart = cpuSeconds(bare);
    QThread::sleep(seconds);
    const double trayCpu = cpuSeconds(tray) - trayStart, bareCpu = cpuSeconds(bare) - bareStart;
    const long trayUss = privateKiB(tray, false), bareUss = privateKiB(bare, false);
    const long trayDirty = privateKiB(tray, true), bareDirty = privateKiB(bare, true);
    const long trayRss = stopAndPeakRss(tray), bareRss = stopAndPeakRss(bare);
    std::printf("(%s: idle %d s; CPU clock ticks are 10 ms, so tiny figures are coarse)\n", platform.constData(), seconds);
    bench::report((prefix + "idle_cpu").c_str(), trayCpu * 1000, "ms CPU", bareCpu * 1000 > 0 ? bareCpu * 1000 : 10.0, "bare QSystemTrayIcon app (floor 10 ms = 1 tick)");
    bench::report((prefix + "idle_uss").c_str(), double(trayUss) / 1024.0, "MiB private", double(bareUss) / 1024.0, "bare QSystemTrayIcon app");
    bench::report((prefix + "idle_private_dirty").c_str(), double(trayDirty) / 1024.0, "MiB written", double(bareDirty) / 1024.0, "bare QSystemTrayIcon app");
    bench::report((prefix + "peak_rss").c_str(), double(trayRss) / 1024.0, "MiB", double(bareRss) / 1024.0, "bare QSystemTrayIcon app");
    return 0;
}
