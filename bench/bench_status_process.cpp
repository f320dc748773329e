// `hotelhub-license status --json` as a whole process against two baselines, alternated in the
// same run: a minimal QCoreApplication that prints {}, and the same program linked against the
// libraries the CLI loads (issue 14's goal: ratio <= 1.5 against that one; both are reported).
#include "BenchSupport.h"
#include "Database.h"
#include "EnvFile.h"
#include "Jws.h"
#include "LicenseManager.h"
#include "SecretKeyStore.h"
#include "TestSupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

using namespace hotelhub;
using namespace hotelhub::test;

namespace {
double runOnce(const QString &program, const QStringList &args, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit)
        qFatal("%s did not finish", qPrintable(program));
    return double(t.nsecsElapsed()) / 1e6;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 4)
        qFatal("usage: bench_status_process <hotelhub-license> <bench_minimal_app> <bench_minimal_linked>");
    const QString cli = QString::fromLocal8Bit(argv[1]);
    const QString minimal = QString::fromLocal8Bit(argv[2]);
    const QString linked = QString::fromLocal8Bit(argv[3]);

    // A paired data dir, so that status does the whole local check.
    QTemporaryDir dir;
    qputenv("HOTELHUB_KEYSTORE", "file");
    const TestVendorKey vendor;
    QString error;
    if (!preparePairedDataDir(dir.path(), vendor, &error))
        qFatal("%s", qPrintable(error));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOTELHUB_KEYSTORE"), QStringLiteral("file"));
    const QStringList cliArgs{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("status"), QStringLiteral("--json")};

    for (int i = 0; i < 5; ++i) { // warm the page cache
        runOnce(cli, cliArgs, env);
        runOnce(minimal, {}, env);
        runOnce(linked, {}, env);
    }
    QList<double> ours, base, sameLibs;
    for (int i = 0; i < 40; ++i) {
        ours << runOnce(cli, cliArgs, env);
        base << runOnce(minimal, {}, env);
        sameLibs << runOnce(linked, {}, env);
    }
    bench::report("status_json_process", bench::median(ours), "ms", bench::median(sameLibs), "minimal_app_same_libraries");
    bench::report("status_json_process", bench::median(ours), "ms", bench::median(base), "minimal_qcoreapplication");
    bench::figure("minimal_app_same_libraries", bench::median(sameLibs), "ms");
    bench::figure("minimal_qcoreapplication", bench::median(base), "ms");
    return 0;
}
