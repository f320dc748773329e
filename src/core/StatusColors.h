// The colours of the status marks and notes (✓/✗, "→ fix" lines, the heartbeat bars), chosen for
// the background they sit on so that they meet WCAG 2.1 AA on light and dark palettes alike: 4.5:1
// for text. Plain RGB here; the GUIs turn it into a QColor.
#pragma once

namespace hotelhub {

struct Rgb
{
    int r = 0, g = 0, b = 0;
    bool operator==(const Rgb &o) const { return r == o.r && g == o.g && b == o.b; }
};

enum class Tone { Ok, Error, Advice };

// WCAG 2.1 relative luminance (sRGB) and contrast ratio, 1 … 21.
double relativeLuminance(const Rgb &c);
double contrastRatio(const Rgb &a, const Rgb &b);

// The colour for `tone` on `background`: the dark-theme variant on a dark background. Each
// variant reaches at least 4.5:1 on every background of its side (tested).
Rgb toneColor(Tone tone, const Rgb &background);

} // namespace hotelhub
