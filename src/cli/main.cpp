#include "CliApp.h"
#include "Crypto.h"
#include "Redact.h"
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
    // Every line on stderr with any licence key masked (a settings file or data folder named
    // after the key; helper-50).
    hotelhub::MaskedLines maskedErr(stderr);
    QTextStream err(&maskedErr);
    QTextStream in(stdin);
    hotelhub::CliApp cli(out, err, &in);
    return cli.finishOutput(cli.run(QCoreApplication::arguments()));
}
