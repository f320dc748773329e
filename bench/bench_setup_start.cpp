// Process start to the first wizard page painted: hotelhub-setup (a prepared data folder, so
// the welcome page is what shows) against a bare QWizard with one empty page, alternating runs
// in the same session. Goal (issue 5): ratio <= 1.3. Also the wizard's peak RSS (ru_maxrss).
#include "BenchSupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>
#include <QTemporaryDir>


namespace {
struct Run { double ms = 0; long maxRssKiB = 0; };

Run run(const QStringList &argv)
{
    QElapsedTimer t;
    t.start();
    const hotelhub::bench::ChildExit e = hotelhub::bench::waitForChild(hotelhub::bench::spawnProcess(argv));
    const Run r{double(t.nsecsElapsed()) / 1e6, e.maxRssKiB};
    if (!e.ok())
        qFatal("%s exited with %d", qPrintable(argv.first()), WEXITSTATUS(e.status));
    return r;
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
    const QStringList setup{QString::fromLocal8Bit(argv[1]), QStringLiteral("--data-dir"), data.path(), QStringLiteral("--exit-when-shown")};
    const QStringList bare{QString::fromLocal8Bit(argv[2])};
    run(setup); // first run creates the database and the identity
    for (int i = 0; i < 3; ++i) {
        run(setup);
        run(bare);
    }
    QList<double> s, b;
    long rss = 0, bareRss = 0;
    for (int i = 0; i < 20; ++i) {
        const Run rs = run(setup);
        const Run rb = run(bare);
        s << rs.ms;
        b << rb.ms;
        rss = std::max(rss, rs.maxRssKiB);
        bareRss = std::max(bareRss, rb.maxRssKiB);
    }
    hotelhub::bench::report("setup_first_page", hotelhub::bench::median(s), "ms", hotelhub::bench::median(b), "bare QWizard, one empty page");
    hotelhub::bench::report("setup_peak_rss", double(rss) / 1024.0, "MiB", double(bareRss) / 1024.0, "bare QWizard");
    return 0;
}
