// Defence in depth for logs and audit metadata: tokens and licence keys never get written,
// even when a caller passes one by mistake.
#pragma once

#include <QJsonObject>
#include <QString>

namespace hotelhub {

QString redact(const QString &text);

// `text` with each half of a surrogate pair that stands alone (a text cut at a length, a JSON
// "\ud800") as U+FFFD, at the same place: such text is invalid UTF-16, on which no regular
// expression matches, so no secret in it would be found (found by fuzz_licensekey).
QString withLoneSurrogatesReplaced(const QString &text);
QJsonObject redactJson(const QJsonObject &object);

// Text from outside (the vendor's messages, phone and e-mail) as one plain line: control and
// invisible format characters (escape sequences, bidi overrides) become spaces, runs of space
// collapse, and it is cut at `max` characters. Shown as plain text, never markup.
QString plainLine(const QString &text, qsizetype max = 500);

// An address from the settings as it is shown (diagnostic, help links, the wizard's checks): a
// password in it as •••, a licence key in its path or query masked (helper-40: a vendor URL with
// "admin:S3cretPw@" and a help URL with a key were printed whole).
QString shownUrl(const QString &url);

} // namespace hotelhub
