#include "ServerCli.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hotelhub-license-server"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return hotelhub::server::ServerCli(out, err).run(QCoreApplication::arguments());
}
