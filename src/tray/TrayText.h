// Words shared by the tray's surfaces (the red banner and the lock screen name whom to contact).
#pragma once

#include "Installation.h"

#include <QString>

namespace hotelhub::tray {

// SupportContact::lines() of this installation: the vendor's contact from the stored licence.
QString contactText(const Installation &ctx);

} // namespace hotelhub::tray
