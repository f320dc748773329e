// A percentage field that takes ',' and '.' alike as the decimal mark (SetupRules::parseDecimal),
// in both languages: under an Indonesian locale QDoubleSpinBox reads '.' as a group separator, so
// "7.5" silently became 7,00 %.
#pragma once

#include <QDoubleSpinBox>

namespace hotelhub::setup {

class DecimalSpinBox : public QDoubleSpinBox
{
    Q_OBJECT
public:
    using QDoubleSpinBox::QDoubleSpinBox;

    QValidator::State validate(QString &text, int &pos) const override;
    double valueFromText(const QString &text) const override;

private:
    // The other language's decimal mark turned into this locale's.
    QString localMark(const QString &text) const;
};

} // namespace hotelhub::setup
