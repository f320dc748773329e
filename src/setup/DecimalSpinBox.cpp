#include "DecimalSpinBox.h"

#include "setup/SetupRules.h"

namespace hotelhub::setup {

QString DecimalSpinBox::localMark(const QString &text) const
{
    const QString mark = locale().decimalPoint();
    QString out = text;
    for (QChar &c : out)
        if (c == u',' || c == u'.')
            c = mark.front();
    return out;
}

QValidator::State DecimalSpinBox::validate(QString &text, int &pos) const
{
    text = localMark(text);
    return QDoubleSpinBox::validate(text, pos);
}

double DecimalSpinBox::valueFromText(const QString &text) const
{
    QString number = text;
    if (!suffix().isEmpty() && number.endsWith(suffix()))
        number.chop(suffix().size());
    if (const auto v = SetupRules::parseDecimal(number))
        return *v;
    return QDoubleSpinBox::valueFromText(localMark(text));
}

} // namespace hotelhub::setup
