#include "ProductIcon.h"

#include <QFile>
#include <QImage>
#include <QtMath>

namespace hotelhub::widgets {

QIcon productIcon(const QString &name)
{
    // From the raw 48 and 96 px renditions, which QIcon scales to the size asked (a tray's 16 to
    // 32 px, a title bar's, a task switcher's). An SVG or PNG icon goes through QImageReader, which
    // loads every image plugin there is (SVG, GIF, ICO, JPEG and their libraries) before it
    // settles on a reader, and the tray kept them all mapped all day.
    QIcon icon;
    for (int size : {48, 96})
        icon.addPixmap(productPixmap(name, size, 1.0));
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
