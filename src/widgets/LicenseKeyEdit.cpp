#include "LicenseKeyEdit.h"

#include "LicenseKey.h"

namespace hotelhub::widgets {

LicenseKeyEdit::LicenseKeyEdit(QWidget *parent) : QLineEdit(parent)
{
    connect(this, &QLineEdit::textEdited, this, [this](const QString &typed) {
        const QString formatted = LicenseKey::formatPartial(typed);
        if (formatted != typed) {
            setText(formatted);
            setCursorPosition(int(formatted.size()));
        }
    });
}

} // namespace hotelhub::widgets
