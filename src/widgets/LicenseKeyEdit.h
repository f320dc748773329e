// The licence-key field: whatever is pasted or typed is shown in the canonical
// HMS-XXXXX-XXXXX-XXXXX-XXXXX grouping (LicenseKey::formatPartial), so a key copied from an
// e-mail with spaces, dashes or lower case still reads as the key.
#pragma once

#include <QLineEdit>

namespace hotelhub::widgets {

class LicenseKeyEdit : public QLineEdit
{
    Q_OBJECT
public:
    explicit LicenseKeyEdit(QWidget *parent = nullptr);
};

} // namespace hotelhub::widgets
