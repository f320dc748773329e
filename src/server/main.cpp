#include "ServerCli.h"
#include "Utf8Console.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

int main(int argc, char *argv[])
{
    const hotelhub::Utf8Console console; // Windows: the console shows what the server writes as written
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hotelhub-license-server"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return hotelhub::server::ServerCli(out, err).run(QCoreApplication::arguments());
}
