// The product's icons (the licence states' shield, also the programs' logo), from the renditions
// beside the SVGs (resources/icons/png, made by tools/make_ico): no image plugin is loaded for
// them (the Windows build has no SVG plugin, README "Windows"; a tray icon must never be
// invisible).
#pragma once

#include <QIcon>
#include <QPixmap>
#include <QString>

namespace hotelhub::widgets {

// `name`: ok, warning, critical, restricted, locked or unpaired.
QIcon productIcon(const QString &name);
// A fixed-size picture of the icon (the wizard's 48-px logo), `size` device-independent pixels
// at `devicePixelRatio`: from its raw 48 or 96 px rendition (no SVG parse, no image plugin), or
// its PNG when larger.
QPixmap productPixmap(const QString &name, int size, qreal devicePixelRatio);

} // namespace hotelhub::widgets
