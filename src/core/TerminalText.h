// Text laid out in a terminal's columns (`license list`): how many columns a string takes, and a
// cell of a fixed width, cut with "…" when the text is longer.
#pragma once

#include <QString>
#include <QStringView>

namespace hotelhub::terminal {

// Columns `text` takes in a terminal: combining marks and format characters none, East Asian
// wide and fullwidth characters (CJK, Hangul, most emoji) two, everything else one.
int displayWidth(QStringView text);
// `text` in exactly `width` columns: padded with spaces, or cut at a character (never inside a
// surrogate pair, marks kept with their letter) and ended with "…" when it is wider.
QString cell(const QString &text, int width);

} // namespace hotelhub::terminal
