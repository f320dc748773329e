// Defence in depth for logs and audit metadata: tokens and licence keys never get written,
// even when a caller passes one by mistake.
#pragma once

#include <QJsonObject>
#include <QString>

namespace hotelhub {

QString redact(const QString &text);
QJsonObject redactJson(const QJsonObject &object);

} // namespace hotelhub
