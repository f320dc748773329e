#include "ProductIcon.h"

#include <QImageReader>

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

} // namespace hotelhub::widgets
