// Baseline for process benchmarks: the smallest QCoreApplication that prints "{}".
#include <QCoreApplication>
#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::puts("{}");
    return 0;
}
