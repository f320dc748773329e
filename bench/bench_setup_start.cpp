// Process start to the first wizard page painted: hotelhub-setup (a prepared data folder, so
// the welcome page is what shows) against a bare QWizard with one empty page, alternating runs
// in the same session. Goal (issues 5 and 14): ratio <= 1.3. Each program prints the moment of
// its first paint on the monotonic clock and quits; the time to that moment is the figure, and
// the time to the process's end (its quitting and tearing down included) is reported beside it.
// Also the wizard's peak RSS (ru_maxrss).
#include "BenchSupport.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QStringList>
#include <QTemporaryDir>


namespace {
struct Run { double paintedMs = 0; double endedMs = 0; long maxRssKiB = 0; };

Run run(const QStringList &argv, const QString &outFile)
{
    const qint64 started = QDeadlineTimer::current(Qt::PreciseTimer).deadlineNSecs();
    const hotelhub::bench::ChildExit e = hotelhub::bench::waitForChild(hotelhub::bench::spawnProcess(argv, QFile::encodeName(outFile)));
    const qint64 ended = QDeadlineTimer::current(Qt::PreciseTimer).deadlineNSecs();
    if (!e.ok())
        qFatal("%s exited with %d", qPrintable(argv.first()), WEXITSTATUS(e.status));
    QFile out(outFile);
    if (!out.open(QIODevice::ReadOnly))
        qFatal("%s left no output", qPrintable(argv.first()));
    const QList<QByteArray> words = out.readAll().trimmed().split(' ');
    bool ok = false;
    const qint64 painted = words.size() == 2 && words[0] == "painted" ? words[1].toLongLong(&ok) : 0;
    if (!ok || painted < started || painted > ended)
        qFatal("%s did not say when it painted", qPrintable(argv.first()));
    return Run{double(painted - started) / 1e6, double(ended - started) / 1e6, e.maxRssKiB};
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 3)
        qFatal("usage: bench_setup_start <hotelhub-setup> <bench_bare_wizard>");
    qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("HOTELHUB_KEYSTORE", "file");
    QTemporaryDir data;
    const QString outFile = data.filePath(QStringLiteral("painted.txt"));
    const QStringList setup{QString::fromLocal8Bit(argv[1]), QStringLiteral("--data-dir"), data.path(), QStringLiteral("--exit-when-shown")};
    const QStringList bare{QString::fromLocal8Bit(argv[2])};
    run(setup, outFile); // first run creates the database and the identity
    for (int i = 0; i < 3; ++i) {
        run(setup, outFile);
        run(bare, outFile);
    }
    QList<double> s, b, se, be;
    long rss = 0, bareRss = 0;
    for (int i = 0; i < 20; ++i) {
        const Run rs = run(setup, outFile);
        const Run rb = run(bare, outFile);
        s << rs.paintedMs;
        b << rb.paintedMs;
        se << rs.endedMs;
        be << rb.endedMs;
        rss = std::max(rss, rs.maxRssKiB);
        bareRss = std::max(bareRss, rb.maxRssKiB);
    }
    hotelhub::bench::report("setup_first_page", hotelhub::bench::median(s), "ms", hotelhub::bench::median(b), "bare QWizard, one empty page");
    hotelhub::bench::report("setup_start_to_exit", hotelhub::bench::median(se), "ms", hotelhub::bench::median(be), "bare QWizard, quitting on its first paint");
    hotelhub::bench::report("setup_peak_rss", double(rss) / 1024.0, "MiB", double(bareRss) / 1024.0, "bare QWizard");
    return 0;
}
