// Renders the product's icon (an SVG) into a Windows .ico with PNG images at the sizes Windows
// asks for: tools/make_ico resources/icons/ok.svg packaging/windows/hotelhub.ico
// (issue 18; the .ico is committed, since the Windows cross-build has no host Qt tool to run).
#include <QBuffer>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QtEndian>

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    if (argc != 3) {
        qWarning("usage: make_ico ICON.svg OUT.ico");
        return 2;
    }
    QSvgRenderer svg(QString::fromLocal8Bit(argv[1]));
    if (!svg.isValid()) {
        qWarning("not an SVG: %s", argv[1]);
        return 1;
    }
    const int sizes[] = {16, 20, 24, 32, 40, 48, 64, 128, 256};
    QList<QByteArray> pngs;
    for (int size : sizes) {
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        svg.render(&painter);
        painter.end();
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        pngs.append(buffer.data());
    }
    // ICONDIR, then one ICONDIRENTRY per image, then the PNG data (little-endian throughout).
    QByteArray ico;
    auto put16 = [&ico](quint16 v) { const quint16 le = qToLittleEndian(v); ico.append(reinterpret_cast<const char *>(&le), 2); };
    auto put32 = [&ico](quint32 v) { const quint32 le = qToLittleEndian(v); ico.append(reinterpret_cast<const char *>(&le), 4); };
    put16(0);
    put16(1);
    put16(quint16(pngs.size()));
    quint32 offset = 6 + 16 * quint32(pngs.size());
    for (qsizetype i = 0; i < pngs.size(); ++i) {
        const int size = sizes[i];
        ico.append(char(size >= 256 ? 0 : size));
        ico.append(char(size >= 256 ? 0 : size));
        ico.append(char(0)); // no palette
        ico.append(char(0));
        put16(1);  // colour planes
        put16(32); // bits per pixel
        put32(quint32(pngs[i].size()));
        put32(offset);
        offset += quint32(pngs[i].size());
    }
    for (const QByteArray &png : pngs)
        ico.append(png);
    QFile out(QString::fromLocal8Bit(argv[2]));
    if (!out.open(QIODevice::WriteOnly) || out.write(ico) != ico.size()) {
        qWarning("cannot write %s", argv[2]);
        return 1;
    }
    return 0;
}
