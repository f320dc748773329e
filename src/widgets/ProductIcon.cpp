#include "ProductIcon.h"

#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QtMath>

namespace hotelhub::widgets {

bool canDrawSvg()
{
    static const bool svg = QImageReader::supportedImageFormats().contains("svg");
    return svg;
}

QIcon productIcon(const QString &name)
{
    return productIcon(name, canDrawSvg());
}

QIcon productIcon(const QString &name, bool svgAvailable)
{
    if (svgAvailable)
        return QIcon(QStringLiteral(":/hotelhub/icons/%1.svg").arg(name));
    QIcon icon;
    for (int size : {32, 256})
        icon.addFile(QStringLiteral(":/hotelhub/icons/png/%1-%2.png").arg(name).arg(size), QSize(size, size));
    return icon;
}

QPixmap productPixmap(const QString &name, int size, qreal devicePixelRatio)
{
    // The 48 and 96 px renditions are raw premultiplied RGBA bytes, taken as they are: reading a
    // PNG goes through QImageReader, which loads every image plugin there is (SVG, GIF, ICO, JPEG
    // and their libraries) before it settles on its own PNG reader.
    const int pixels = qCeil(size * devicePixelRatio);
    QImage image;
    for (int rendition : {48, 96}) {
        if (rendition < pixels)
            continue;
        QFile raw(QStringLiteral(":/hotelhub/icons/png/%1-%2.rgba").arg(name).arg(rendition));
        const QByteArray bytes = raw.open(QIODevice::ReadOnly) ? raw.readAll() : QByteArray();
        if (bytes.size() == qsizetype(rendition) * rendition * 4)
            image = QImage(reinterpret_cast<const uchar *>(bytes.constData()), rendition, rendition, QImage::Format_RGBA8888_Premultiplied).copy();
        break;
    }
    if (image.isNull()) // larger than 96 px, or no raw rendition: the PNG
        image = QImage(QStringLiteral(":/hotelhub/icons/png/%1-%2.png").arg(name).arg(pixels <= 32 ? 32 : 256));
    if (image.width() != pixels)
        image = image.scaled(pixels, pixels, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    QPixmap pixmap = QPixmap::fromImage(image);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    return pixmap;
}

} // namespace hotelhub::widgets
