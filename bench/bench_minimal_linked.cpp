// Second baseline for `status --json` (issue 14): the same minimal QCoreApplication that prints
// "{}", but linked against the libraries hotelhub-license loads (Qt Network and Sql, OpenSSL,
// QtKeychain), so that the dynamic loader does the same work. The difference to the CLI is then
// our own code; the difference to bench_minimal_app is the price of those libraries.
#include <QCoreApplication>
#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::puts("{}");
    return 0;
}
