// Renders the product's icon (an SVG) into a Windows .ico with PNG images at the sizes Windows
// asks for:  tools/make_ico resources/icons/ok.svg packaging/windows/hotelhub.ico
// or into renditions for builds without Qt's SVG plugin, NAME-32.png and NAME-256.png, and for
// fixed-size pictures such as the wizard's 48-px logo, NAME-48.rgba and NAME-96.rgba (raw bytes):
//            tools/make_ico --png resources/icons/ok.svg resources/icons/png/ok
// (issue 18; both are committed, since the Windows cross-build has no host Qt tool to run).
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
    const bool png = argc == 4 && qstrcmp(argv[1], "--png") == 0;
    if (argc != 3 && !png) {
        qWarning("usage: make_ico ICON.svg OUT.ico | make_ico --png ICON.svg OUT-PREFIX");
        return 2;
    }
    if (png) {
        QSvgRenderer svg(QString::fromLocal8Bit(argv[2]));
        const QString prefix = QString::fromLocal8Bit(argv[3]);
        for (int size : {32, 48, 96, 256}) {
            QImage image(size, size, QImage::Format_RGBA8888_Premultiplied);
            image.fill(Qt::transparent);
            QPainter painter(&image);
            svg.render(&painter);
            painter.end();
            // 32 and 256 px as PNG (QIcon); 48 and 96 px as raw premultiplied RGBA bytes, which
            // widgets::productPixmap takes without an image reader (no plugin is loaded).
            bool written = svg.isValid();
            if (size == 48 || size == 96) {
                QFile raw(QStringLiteral("%1-%2.rgba").arg(prefix).arg(size));
                written = written && raw.open(QIODevice::WriteOnly)
                          && raw.write(reinterpret_cast<const char *>(image.constBits()), image.sizeInBytes()) == image.sizeInBytes();
            } else {
                written = written && image.convertToFormat(QImage::Format_ARGB32_Premultiplied).save(QStringLiteral("%1-%2.png").arg(prefix).arg(size), "PNG");
            }
            if (!written) {
                qWarning("cannot render %s", argv[2]);
                return 1;
            }
        }
        return 0;
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
