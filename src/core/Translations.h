// Indonesian is the primary language; English ships too. Source strings are English and the
// Indonesian text lives in translations/hotelhub_id.ts, embedded as :/i18n/hotelhub_id.qm.
#pragma once

#include <QString>

class QCoreApplication;

namespace hotelhub {

enum class Language { Indonesian, English };

Language languageFromCode(const QString &code); // "id"/"en"; anything else → Indonesian
QString languageCode(Language language);

// Installs the application-wide translator for `language` (replacing a previous one).
bool installTranslator(Language language);

// Translates in a given language without touching the application's translator, for places
// that show both languages at once (the lock page) or must pick one per request (local API).
QString translate(Language language, const char *context, const char *source, int n = -1);

} // namespace hotelhub
