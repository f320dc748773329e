// A QR code shown at its true size: a 4-module quiet zone, never squeezed (a squashed QR does
// not scan), sharp on a scaled screen.
#pragma once

#include <QLabel>

namespace hotelhub::widgets {

class QrCodeLabel : public QLabel
{
    Q_OBJECT
public:
    explicit QrCodeLabel(QWidget *parent = nullptr);
    // false when the text does not fit a QR code (the label is then cleared).
    bool setContent(const QString &text);
    // The QR code of `text`, `scale` pixels per module; null when it cannot be encoded.
    static QImage render(const QString &text, int scale);
};

} // namespace hotelhub::widgets
