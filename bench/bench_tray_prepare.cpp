// Makes a paired data folder (test vendor key) for bench/tray_bench.sh.
#include "TestSupport.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qputenv("HOTELHUB_KEYSTORE", "file");
    const hotelhub::test::TestVendorKey vendor;
    QString error;
    if (argc < 2 || !hotelhub::test::preparePairedDataDir(QString::fromLocal8Bit(argv[1]), vendor, &error))
        qFatal("cannot prepare: %s", qPrintable(error));
    return 0;
}
