// Text files as Windows programs save them. Notepad and Excel put a byte-order mark first, and
// "Unicode" there means UTF-16: one reader of the mark for every file a person may have saved
// (a sheet, an admin secret, a settings file).
#pragma once

#include <QByteArrayView>
#include <QString>

namespace hotelhub {

enum class UnicodeMark { None, Utf8, Utf16LE, Utf16BE, Utf32LE, Utf32BE };

class MarkedText
{
public:
    // The mark the bytes start with (UTF-32 LE before UTF-16 LE, whose mark is its first half).
    static UnicodeMark markOf(QByteArrayView bytes);
    static qsizetype markLength(UnicodeMark mark);
    // UTF-16 or UTF-32: text a byte-wise reader cannot read (every other byte is zero).
    static bool isWide(UnicodeMark mark) { return mark != UnicodeMark::None && mark != UnicodeMark::Utf8; }

    struct Decoded
    {
        QString text;      // without the mark
        UnicodeMark mark = UnicodeMark::None;
        bool valid = true; // false: a unit cut short, an unpaired surrogate, or (no mark) not UTF-8
    };
    // Decoded by its mark; without one, as UTF-8 (`valid` says whether it was UTF-8).
    static Decoded decode(QByteArrayView bytes);
    // A text file a person may have saved again in Notepad (an offline request or answer): by its
    // mark, else UTF-8 (a byte that is no UTF-8 becomes U+FFFD, for the reader to refuse).
    static QString text(QByteArrayView bytes) { return decode(bytes).text; }
};

} // namespace hotelhub
