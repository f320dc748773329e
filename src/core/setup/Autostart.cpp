#include "Autostart.h"
#include "SmallFile.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QStringList>
#include <QXmlStreamWriter>

namespace hotelhub::setup {

namespace {
// One argument of a Desktop Entry's Exec key, written so that a desktop gives it back unchanged
// (Desktop Entry Specification, "The Exec key"): an argument holding a reserved character
// (whitespace, a quote, backslash, > < ~ | & ; $ * ? # ( ) or a backtick) goes in double quotes,
// with " ` $ and backslash escaped by a backslash; then, since the value is also a string whose
// escapes are undone first, every backslash is doubled and line breaks and tabs are written as
// escapes; a literal % is %% (field codes).
QString quoted(const QString &arg)
{
    static const QRegularExpression reserved(QStringLiteral("[\\s\"'\\\\><~|&;$*?#()`]"));
    QString q = arg;
    if (arg.isEmpty() || reserved.match(arg).hasMatch()) {
        q = QStringLiteral("\"");
        for (const QChar c : arg) {
            if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
                q += u'\\';
            q += c;
        }
        q += u'"';
    }
    QString out;
    for (const QChar c : q) {
        switch (c.unicode()) {
        case '\\': out += QStringLiteral("\\\\"); break;
        case '\n': out += QStringLiteral("\\n"); break;
        case '\t': out += QStringLiteral("\\t"); break;
        case '\r': out += QStringLiteral("\\r"); break;
        case '%': out += QStringLiteral("%%"); break;
        default: out += c;
        }
    }
    return out;
}
#ifdef Q_OS_WIN
const char *const kRunKey = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
// This user's Run key. Tests point it elsewhere (HOTELHUB_AUTOSTART_RUN_KEY), so that a test run
// never changes what starts at the login of the person running it.
QString runKey()
{
    const QString configured = qEnvironmentVariable("HOTELHUB_AUTOSTART_RUN_KEY");
    return configured.isEmpty() ? QString::fromLatin1(kRunKey) : configured;
}
#else
// The file this platform reads at login, and what goes in it.
QString entryPath()
{
#ifdef Q_OS_MACOS
    return Autostart::launchAgentPath();
#else
    return Autostart::desktopEntryPath();
#endif
}

QString entryContents(const QString &program, const QStringList &arguments)
{
#ifdef Q_OS_MACOS
    return Autostart::launchAgentPlist(program, arguments);
#else
    return Autostart::desktopEntry(program, arguments);
#endif
}
#endif
} // namespace

QString Autostart::windowsArguments(const QStringList &arguments)
{
    auto quote = [](const QString &arg) {
        if (!arg.isEmpty() && !arg.contains(QRegularExpression(QStringLiteral("[ \t\"]"))))
            return arg;
        QString out = QStringLiteral("\"");
        int backslashes = 0;
        for (QChar c : arg) {
            if (c == u'\\') {
                ++backslashes;
                continue;
            }
            // Backslashes are literal unless a quote follows: then each is doubled, and the quote escaped.
            out += QString(c == u'"' ? 2 * backslashes + 1 : backslashes, u'\\');
            out += c;
            backslashes = 0;
        }
        out += QString(2 * backslashes, u'\\'); // before the closing quote
        return out + u'"';
    };
    QStringList parts;
    for (const QString &a : arguments)
        parts << quote(a);
    return parts.join(u' ');
}

QString Autostart::windowsCommandLine(const QString &program, const QStringList &arguments)
{
    const QString quotedProgram = QStringLiteral("\"") + QDir::toNativeSeparators(program) + u'"'; // a path holds no quotes
    return arguments.isEmpty() ? quotedProgram : quotedProgram + u' ' + windowsArguments(arguments);
}

QString Autostart::launchAgentPath()
{
    return QDir::home().filePath(QStringLiteral("Library/LaunchAgents/id.hotelhub.license-monitor.plist"));
}

QString Autostart::launchAgentPlist(const QString &program, const QStringList &arguments)
{
    QString out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeDTD(QStringLiteral("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">"));
    w.writeStartElement(QStringLiteral("plist"));
    w.writeAttribute(QStringLiteral("version"), QStringLiteral("1.0"));
    w.writeStartElement(QStringLiteral("dict"));
    w.writeTextElement(QStringLiteral("key"), QStringLiteral("Label"));
    w.writeTextElement(QStringLiteral("string"), QStringLiteral("id.hotelhub.license-monitor"));
    w.writeTextElement(QStringLiteral("key"), QStringLiteral("ProgramArguments"));
    w.writeStartElement(QStringLiteral("array")); // no shell in between: no quoting to get wrong
    w.writeTextElement(QStringLiteral("string"), program);
    for (const QString &a : arguments)
        w.writeTextElement(QStringLiteral("string"), a);
    w.writeEndElement();
    w.writeTextElement(QStringLiteral("key"), QStringLiteral("RunAtLoad"));
    w.writeEmptyElement(QStringLiteral("true"));
    w.writeTextElement(QStringLiteral("key"), QStringLiteral("ProcessType"));
    w.writeTextElement(QStringLiteral("string"), QStringLiteral("Interactive"));
    w.writeTextElement(QStringLiteral("key"), QStringLiteral("LimitLoadToSessionType"));
    w.writeTextElement(QStringLiteral("string"), QStringLiteral("Aqua")); // the logged-in desktop, where a tray makes sense
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    return out;
}

QString Autostart::desktopEntryPath()
{
    // $XDG_CONFIG_HOME/autostart (freedesktop Desktop Application Autostart Specification).
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)).filePath(QStringLiteral("autostart/hotelhub-tray.desktop"));
}

QString Autostart::desktopEntry(const QString &program, const QStringList &arguments)
{
    QStringList exec{quoted(program)};
    for (const QString &a : arguments)
        exec << quoted(a);
    return QStringLiteral("[Desktop Entry]\nType=Application\nName=HotelHub License Monitor\nName[id]=Pemantau Lisensi HotelHub\n"
                          "Comment=Keeps the HotelHub licence alive and shows its state\nComment[id]=Menjaga lisensi HotelHub tetap aktif dan menampilkan statusnya\n"
                          "Exec=%1\nIcon=hotelhub-license\nTerminal=false\nX-GNOME-Autostart-enabled=true\n")
        .arg(exec.join(u' '));
}

bool Autostart::enable(const QString &program, const QStringList &arguments, QString *error)
{
#ifdef Q_OS_WIN
    QSettings run(runKey(), QSettings::NativeFormat);
    run.setValue(QStringLiteral("HotelHubLicenseMonitor"), windowsCommandLine(program, arguments));
    run.sync();
    if (run.status() != QSettings::NoError) {
        *error = QStringLiteral("cannot write the Run key");
        return false;
    }
    return true;
#else
    const QString path = entryPath();
    QDir().mkpath(QFileInfo(path).absolutePath());
    return SmallFile::writeAtomically(path, entryContents(program, arguments).toUtf8(), error);
#endif
}

bool Autostart::disable(QString *error)
{
#ifdef Q_OS_WIN
    QSettings run(runKey(), QSettings::NativeFormat);
    run.remove(QStringLiteral("HotelHubLicenseMonitor"));
    Q_UNUSED(error);
    return true;
#else
#ifndef Q_OS_MACOS
    if (!systemEntryPath().isEmpty()) {
        // The package's entry would still start the tray: this user's entry of the same name hides it.
        const QString path = entryPath();
        QDir().mkpath(QFileInfo(path).absolutePath());
        const QByteArray hidden = "[Desktop Entry]\nType=Application\nName=HotelHub License Monitor\nHidden=true\n";
        return SmallFile::writeAtomically(path, hidden, error);
    }
#endif
    QFile f(entryPath());
    if (f.exists() && !f.remove()) {
        *error = f.errorString();
        return false;
    }
    return true;
#endif
}

#if !defined(Q_OS_WIN) && !defined(Q_OS_MACOS) // desktop entries are freedesktop's
namespace {
bool hiddenEntry(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.trimmed() == "Hidden=true")
            return true;
    }
    return false;
}
} // namespace
#endif

bool Autostart::isEnabled()
{
#ifdef Q_OS_WIN
    return QSettings(runKey(), QSettings::NativeFormat).contains(QStringLiteral("HotelHubLicenseMonitor"));
#elif defined(Q_OS_MACOS)
    return QFile::exists(entryPath());
#else
    if (QFile::exists(entryPath()))
        return !hiddenEntry(entryPath()); // this user's entry decides, the package's is hidden by it
    const QString system = systemEntryPath();
    return !system.isEmpty() && !hiddenEntry(system);
#endif
}

QString Autostart::systemEntryPath()
{
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
    return {};
#else
    QString dirs = qEnvironmentVariable("XDG_CONFIG_DIRS");
    if (dirs.isEmpty())
        dirs = QStringLiteral("/etc/xdg");
    for (const QString &dir : dirs.split(u':', Qt::SkipEmptyParts)) {
        const QString path = QDir(dir).filePath(QStringLiteral("autostart/hotelhub-tray.desktop"));
        if (QFileInfo::exists(path))
            return path;
    }
    return {};
#endif
}

QString Autostart::findTray(const QString &wizardDir)
{
#ifdef Q_OS_WIN
    const QString name = QStringLiteral("hotelhub-tray.exe");
#else
    const QString name = QStringLiteral("hotelhub-tray");
#endif
    for (const QString &candidate : {QDir(wizardDir).filePath(name), QDir(wizardDir).filePath(QStringLiteral("../tray/") + name)}) {
        const QFileInfo info(candidate);
        if (info.isFile() && info.isExecutable())
            return info.canonicalFilePath();
    }
    return QStandardPaths::findExecutable(QStringLiteral("hotelhub-tray"));
}

} // namespace hotelhub::setup
