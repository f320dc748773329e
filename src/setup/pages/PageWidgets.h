// Small pieces the pages share: a wrapped label, a tone, a label's text as a name, the help link.
#pragma once

#include "StatusColors.h"
#include "client/VendorError.h"

#include <QString>

class QLabel;
class QWidget;

namespace hotelhub::setup {

// A mark or note in the colour of its tone, chosen for the palette it is shown on (light or dark)
// so that it keeps WCAG AA contrast (StatusColors).
void setTone(QLabel *label, Tone tone);
// A word-wrapped plain-text label whose text can be selected (a label that shows a link of our
// own sets Qt::RichText itself).
QLabel *wrapping(QWidget *parent);
// A label's text as a name: "&Nama lengkap:" → "Nama lengkap" ("&&" stays one "&").
QString plainLabelText(const QString &text);
// The "More help" link of a vendor error.
QString outcomeHtml(const VendorErrorText &t);

} // namespace hotelhub::setup
