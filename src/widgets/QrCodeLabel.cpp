#include "QrCodeLabel.h"

#include <QPainter>
#include <cmath>
#include <qrencode.h>

namespace hotelhub::widgets {

QrCodeLabel::QrCodeLabel(QWidget *parent) : QLabel(parent) {}

QImage QrCodeLabel::render(const QString &text, int scale)
{
    QRcode *code = QRcode_encodeString(text.toUtf8().constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return {};
    const int quiet = 4;
    const int size = (code->width + 2 * quiet) * scale;
    QImage image(size, size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            if (code->data[y * code->width + x] & 1)
                p.fillRect((x + quiet) * scale, (y + quiet) * scale, scale, scale, Qt::black);
        }
    }
    p.end();
    QRcode_free(code);
    return image;
}

bool QrCodeLabel::setContent(const QString &text)
{
    const qreal dpr = devicePixelRatioF();
    QImage qr = render(text, int(std::ceil(4 * dpr)));
    if (qr.isNull()) {
        clear();
        return false;
    }
    qr.setDevicePixelRatio(std::max<qreal>(1, dpr));
    setPixmap(QPixmap::fromImage(qr));
    setFixedSize(qr.deviceIndependentSize().toSize());
    return true;
}

} // namespace hotelhub::widgets
