// Indonesian is the primary language; English ships too. Source strings are English and the
// Indonesian text lives in translations/hotelhub_id.ts, embedded as :/i18n/hotelhub_id.qm.
#pragma once

#include <QString>
#include <QStringList>
#include <optional>

class QCoreApplication;

namespace hotelhub {

enum class Language { Indonesian, English };

Language languageFromCode(const QString &code); // "id"/"en"; anything else → Indonesian
QString languageCode(Language language);

// Who reads a program's words when neither --lang nor HOTELHUB_LANG says which language:
// - Terminal (hotelhub-license, the server's admin CLI): the POSIX locale, as CLI users expect.
//   The messages locale (LC_ALL, else LC_MESSAGES, else LANG) decides; LANGUAGE's list is read
//   first unless that locale is C/POSIX (gettext's rule). Indonesian for "id…", English for
//   everything else, C and POSIX included: support staff read `diagnostic` in English.
// - Desktop (the wizard, the tray): the system's language when it is Indonesian or English,
//   Indonesian otherwise (hotel owners in Indonesia, whatever their Windows shipped with).
enum class Audience { Terminal, Desktop };
using EnvLookup = QString (*)(const char *name);
Language terminalLanguage(EnvLookup env);
Language desktopLanguage(const QStringList &systemUiLanguages);
// A Windows console has no LANG: there the terminal's language is Windows' display language,
// Indonesian for "id…", English otherwise (LC_ALL, LANG and LANGUAGE still win when set, as in
// Git Bash or MSYS).
Language consoleLanguage(const QStringList &systemUiLanguages);
// HOTELHUB_LANG when set, else (for the desktop) the language the owner chose in the wizard,
// saved in `languageFile` (AppPaths::languageFile), else the audience's default from this
// process's environment/system. The terminal keeps its own locale: support staff read it.
Language startLanguage(Audience audience, const QString &languageFile = {});
// The owner's choice, kept for later runs and for the tray; nullopt when none was saved (or the
// file says something else than "id"/"en").
std::optional<Language> savedLanguage(const QString &languageFile);
bool saveLanguage(const QString &languageFile, Language language, QString *error);

// Installs the application-wide translator for `language` (replacing a previous one).
bool installTranslator(Language language);
// The language tr() speaks in now (English when no translator was installed).
Language installedLanguage();

// Translates in a given language without touching the application's translator, for places
// that show both languages at once (the lock page) or must pick one per request (local API).
QString translate(Language language, const char *context, const char *source, int n = -1);

} // namespace hotelhub
