#include "TerminalText.h"

#include <QChar>

#include <utility>

namespace hotelhub::terminal {

namespace {

int columns(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_Enclosing:
    case QChar::Other_Format:
        return 0;
    default:
        break;
    }
    // East Asian Width W and F (Unicode's EastAsianWidth.txt), in the blocks people meet.
    const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF)
        || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF)
        || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F)
        || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F)
        || (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
    return wide ? 2 : 1;
}

// The code point at `i` and how many UTF-16 units it takes (a lone surrogate is one, shown as
// U+FFFD and one column wide).
std::pair<char32_t, int> at(QStringView text, qsizetype i)
{
    const QChar c = text.at(i);
    if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
        return {QChar::surrogateToUcs4(c, text.at(i + 1)), 2};
    if (c.isSurrogate())
        return {char32_t(QChar::ReplacementCharacter), 1};
    return {c.unicode(), 1};
}

} // namespace

int displayWidth(QStringView text)
{
    int width = 0;
    for (qsizetype i = 0; i < text.size();) {
        const auto [c, units] = at(text, i);
        width += columns(c);
        i += units;
    }
    return width;
}

QString cell(const QString &text, int width)
{
    int used = displayWidth(text);
    if (used <= width)
        return text + QString(width - used, u' ');
    // Room for the "…": whole characters while they fit in width - 1, with the marks after them.
    QString out;
    used = 0;
    for (qsizetype i = 0; i < text.size();) {
        const auto [c, units] = at(text, i);
        const int w = columns(c);
        if (used + w > width - 1)
            break;
        used += w;
        if (QChar::requiresSurrogates(c)) {
            out += QChar(QChar::highSurrogate(c));
            out += QChar(QChar::lowSurrogate(c));
        } else {
            out += QChar(char16_t(c));
        }
        i += units;
    }
    out += u'…';
    return out + QString(width - used - 1, u' ');
}

} // namespace hotelhub::terminal
