#include "CliApp.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hotelhub-license"));
    QCoreApplication::setOrganizationName(QStringLiteral("HotelHub"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    return hotelhub::CliApp(out, err, &in).run(QCoreApplication::arguments());
}
