// Licence keys as pasted: any text; a parsed key masks and hashes without its secret part.
#include "FuzzSupport.h"
#include "LicenseKey.h"

using namespace hotelhub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    // A key in any text is masked: its middle groups never shown, whatever stands around it
    // (helper-41: a word of five letters before it shifted the mask by a group).
    const qsizetype half = text.size() / 2;
    const QString around = text.left(half) + QStringLiteral(" HMS-Q7W3E-R9T2Y-U4K6V-P8A5S ") + text.mid(half);
    const QString shown = LicenseKey::maskInText(around);
    for (const QLatin1String middle : {QLatin1String("R9T2Y"), QLatin1String("U4K6V")})
        if (shown.contains(middle, Qt::CaseInsensitive) && !text.contains(middle, Qt::CaseInsensitive))
            fuzz::finding("a key's middle group shown by maskInText");
    const QString bare = LicenseKey::maskInText(text.left(half) + QStringLiteral(" Q7W3E R9T2Y U4K6V P8A5S ") + text.mid(half));
    for (const QLatin1String middle : {QLatin1String("R9T2Y"), QLatin1String("U4K6V")})
        if (bare.contains(middle, Qt::CaseInsensitive) && !text.contains(middle, Qt::CaseInsensitive))
            fuzz::finding("a key's middle group shown by maskInText (without HMS)");
    // A met key (remembered by its hash) with whatever the input has that is not a letter or a
    // digit, or an escape of one, between each of its characters.
    static const bool met = [] {
        LicenseKey::remember(LicenseKey::parse(QStringLiteral("HMS-Z3X4C-V5B6N-M7L8K-J9H2G"), LicenseKey::Remember::No).hash());
        return true;
    }();
    Q_UNUSED(met);
    QString between;
    for (const QChar c : QStringView(text).left(4))
        if (!c.isLetterOrNumber() && !c.isSurrogate() && c != u'%' && c != u'&' && c != u'\\' && QString(c).normalized(QString::NormalizationForm_KC) == QString(c))
            between += c;
    QString spread;
    for (const QChar c : QStringLiteral("Z3X4CV5B6NM7L8KJ9H2G"))
        spread += c + between;
    const QString spreadShown = LicenseKey::maskInText(text.left(half) + spread + text.mid(half));
    if (spreadShown.contains(QLatin1String("V5B6N")) || spreadShown.contains(QLatin1String("M7L8K")) || spreadShown.contains(spread.mid(5 * (1 + between.size()), 5 * (1 + between.size()))))
        if (!text.contains(QLatin1String("V5B6N")) && !text.contains(QLatin1String("M7L8K")))
            fuzz::finding("a met key's middle group shown by maskInText");
    // (The input's own key is not remembered: the properties above test the text rules.)
    const LicenseKey key = LicenseKey::parse(text, LicenseKey::Remember::No);
    if (key.isValid()) {
        if (key.masked() == key.text() || !key.masked().contains(QChar(0x2022)))
            fuzz::finding("the masked key shows the whole key");
        if (!key.hash().startsWith(QLatin1String("sha256:")) || key.hash().size() != 71)
            fuzz::finding("a key hash that is not sha256:<64 hex>");
    } else if (key.problemText().isEmpty() || key.problemCode().isEmpty()) {
        fuzz::finding("a refused key without a reason");
    }
    return 0;
}
