#include "CliApp.h"
#include "Crypto.h"
#include "Utf8Console.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

int main(int argc, char *argv[])
{
    hotelhub::crypto::skipCleanupAtExit();
    const hotelhub::Utf8Console console; // Windows: the console shows what the CLI writes as written
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hotelhub-license"));
    QCoreApplication::setOrganizationName(QStringLiteral("HotelHub"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    hotelhub::CliApp cli(out, err, &in);
    return cli.finishOutput(cli.run(QCoreApplication::arguments()));
}
