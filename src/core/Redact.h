// Defence in depth for logs and audit metadata: tokens and licence keys never get written,
// even when a caller passes one by mistake.
#pragma once

#include <QJsonObject>
#include <QString>

namespace hotelhub {

QString redact(const QString &text);
QJsonObject redactJson(const QJsonObject &object);

// Text from outside (the vendor's messages, phone and e-mail) as one plain line: control and
// invisible format characters (escape sequences, bidi overrides) become spaces, runs of space
// collapse, and it is cut at `max` characters. Shown as plain text, never markup.
QString plainLine(const QString &text, qsizetype max = 500);

} // namespace hotelhub
