// Tiny helpers shared by the benchmarks: robust statistics and the report line format.
#pragma once

#include <QList>
#include <QString>
#include <QTextStream>
#include <algorithm>
#include <cstdio>

#include <QByteArray>
#include <QStringList>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <vector>

extern char **environ;

namespace hotelhub::bench {

// Starts argv[0] with argv (POSIX; the benchmarks run on Linux), its standard output into
// `stdoutFile` when one is named. Aborts when it cannot.
inline pid_t spawnProcess(const QStringList &argv, const QByteArray &stdoutFile = {})
{
    QList<QByteArray> storage;
    std::vector<char *> args;
    for (const QString &a : argv)
        storage << a.toLocal8Bit();
    for (QByteArray &a : storage)
        args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid = 0;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (!stdoutFile.isEmpty())
        posix_spawn_file_actions_addopen(&actions, 1, stdoutFile.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int started = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (started != 0)
        qFatal("cannot start %s", args[0]);
    return pid;
}

// Waits for a child started by spawnProcess: its wait status and its peak RSS (ru_maxrss, KiB).
struct ChildExit
{
    int status = 0;
    long maxRssKiB = 0;
    bool ok() const { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }
};

inline ChildExit waitForChild(pid_t pid)
{
    ChildExit e;
    rusage usage{};
    wait4(pid, &e.status, 0, &usage);
    e.maxRssKiB = usage.ru_maxrss;
    return e;
}

inline double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

inline double percentile(QList<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[std::min<qsizetype>(v.size() - 1, qsizetype(p * v.size()))];
}

// "name: value unit (ratio X vs baseline)" — ratio = value / baseline.
inline void report(const char *name, double value, const char *unit, double baseline, const char *baselineName)
{
    std::printf("%s: %.2f %s (ratio %.2f vs %s)\n", name, value, unit, baseline > 0 ? value / baseline : 0.0, baselineName);
    std::fflush(stdout);
}

inline void figure(const char *name, double value, const char *unit)
{
    std::printf("%s: %.2f %s\n", name, value, unit);
    std::fflush(stdout);
}

} // namespace hotelhub::bench
