#include "MarkedText.h"

#include <QStringDecoder>

namespace hotelhub {

namespace {
const QByteArrayView kUtf32LeMark("\xFF\xFE\0\0", 4);
const QByteArrayView kUtf32BeMark("\0\0\xFE\xFF", 4);
} // namespace

UnicodeMark MarkedText::markOf(QByteArrayView bytes)
{
    if (bytes.startsWith(kUtf32LeMark))
        return UnicodeMark::Utf32LE;
    if (bytes.startsWith(kUtf32BeMark))
        return UnicodeMark::Utf32BE;
    if (bytes.startsWith("\xFF\xFE"))
        return UnicodeMark::Utf16LE;
    if (bytes.startsWith("\xFE\xFF"))
        return UnicodeMark::Utf16BE;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        return UnicodeMark::Utf8;
    return UnicodeMark::None;
}

qsizetype MarkedText::markLength(UnicodeMark mark)
{
    switch (mark) {
    case UnicodeMark::None: return 0;
    case UnicodeMark::Utf8: return 3;
    case UnicodeMark::Utf16LE:
    case UnicodeMark::Utf16BE: return 2;
    case UnicodeMark::Utf32LE:
    case UnicodeMark::Utf32BE: return 4;
    }
    return 0;
}

MarkedText::Decoded MarkedText::decode(QByteArrayView bytes)
{
    Decoded out;
    out.mark = markOf(bytes);
    QStringDecoder::Encoding encoding = QStringDecoder::Utf8;
    qsizetype unit = 1;
    switch (out.mark) {
    case UnicodeMark::None:
    case UnicodeMark::Utf8: break;
    case UnicodeMark::Utf16LE: encoding = QStringDecoder::Utf16LE; unit = 2; break;
    case UnicodeMark::Utf16BE: encoding = QStringDecoder::Utf16BE; unit = 2; break;
    case UnicodeMark::Utf32LE: encoding = QStringDecoder::Utf32LE; unit = 4; break;
    case UnicodeMark::Utf32BE: encoding = QStringDecoder::Utf32BE; unit = 4; break;
    }
    const QByteArrayView body = bytes.sliced(markLength(out.mark));
    QStringDecoder decoder(encoding, QStringDecoder::Flag::Stateless);
    out.text = decoder.decode(body);
    out.valid = !decoder.hasError() && body.size() % unit == 0;
    return out;
}

} // namespace hotelhub
