#include "StatusColors.h"

#include <algorithm>
#include <cmath>

namespace hotelhub {

double relativeLuminance(const Rgb &c)
{
    auto channel = [](int v) {
        const double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double contrastRatio(const Rgb &a, const Rgb &b)
{
    const double la = relativeLuminance(a), lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

Rgb toneColor(Tone tone, const Rgb &background)
{
    // Dark backgrounds (luminance under 0.18, the point where white and black text contrast
    // alike) take light variants.
    const bool dark = relativeLuminance(background) < 0.18;
    switch (tone) {
    case Tone::Ok: return dark ? Rgb{0x6e, 0xd8, 0x95} : Rgb{0x16, 0x6b, 0x30};
    case Tone::Error: return dark ? Rgb{0xff, 0x8a, 0x80} : Rgb{0xb0, 0x00, 0x20};
    case Tone::Advice: return dark ? Rgb{0xff, 0xc0, 0x69} : Rgb{0x8a, 0x4b, 0x00};
    }
    return {};
}

} // namespace hotelhub
