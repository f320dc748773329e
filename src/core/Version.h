#pragma once

#include <QString>

namespace hotelhub {
inline QString appVersion() { return QStringLiteral(HOTELHUB_VERSION); }
} // namespace hotelhub
