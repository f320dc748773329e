#include "DesktopStart.h"

#include "StartOptions.h"

#include <QApplication>
#include <QByteArrayList>
#include <QList>

#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
#include <cstdio>
#include <unistd.h>
#endif

namespace hotelhub::widgets {

namespace {
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
// Qt's words while it tries the platforms ("could not connect to display"): held, and said only
// when a display was reached after all; otherwise the program's own sentence stands alone.
struct HeldMessage
{
    QtMsgType type;
    QByteArray category;
    QString text;
};
QList<HeldMessage> g_held;
QtMessageHandler g_previous = nullptr;
// What the X library itself writes to stderr while Qt tries ("Authorization required, but no
// authorization protocol specified"): held in a file of its own, the same way.
int g_stderr = -1;
std::FILE *g_heldOutput = nullptr;

void holdStderr()
{
    std::fflush(stderr);
    g_heldOutput = std::tmpfile();
    g_stderr = g_heldOutput ? ::dup(2) : -1;
    if (g_stderr < 0 || ::dup2(::fileno(g_heldOutput), 2) < 0) {
        if (g_stderr >= 0)
            ::close(g_stderr);
        g_stderr = -1;
    }
}

// Gives stderr back; with `say`, writes there what was held.
void releaseStderr(bool say)
{
    if (g_stderr < 0)
        return;
    std::fflush(stderr);
    ::dup2(g_stderr, 2);
    ::close(g_stderr);
    g_stderr = -1;
    if (say) {
        std::rewind(g_heldOutput);
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, g_heldOutput)) > 0;)
            if (::write(2, buffer, n) < 0)
                break;
    }
    std::fclose(g_heldOutput);
    g_heldOutput = nullptr;
}

void sayHeld()
{
    releaseStderr(true);
    for (const HeldMessage &m : std::as_const(g_held))
        g_previous(m.type, QMessageLogContext(nullptr, 0, nullptr, m.category.constData()), m.text);
    g_held.clear();
}

void holdMessage(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (type == QtFatalMsg) { // not even the offscreen platform: Qt's own words, then its abort
        sayHeld();
        g_previous(type, context, text);
        return;
    }
    g_held.append({type, QByteArray(context.category), text});
}

// The platforms Qt would try (QGuiApplication's own choice in Qt 6.4: Wayland first in a Wayland
// session, X11 last), with the offscreen one after them; empty where something other than X11 or
// Wayland is asked for (offscreen, a VNC, a framebuffer), which is left to Qt.
QByteArray withOffscreenLast(const QByteArray &asked)
{
    QByteArray list = asked.trimmed();
    if (list.isEmpty())
        list = qEnvironmentVariableIsSet("WAYLAND_DISPLAY") || qgetenv("XDG_SESSION_TYPE") == "wayland" ? "wayland;xcb" : "xcb";
    for (const QByteArray &entry : list.split(';')) { // "wayland;xcb", "xcb:option=value"
        const QByteArray name = entry.split(':').constFirst().trimmed();
        if (!name.isEmpty() && name != "xcb" && !name.startsWith("wayland"))
            return {};
    }
    return list + ";offscreen";
}
#endif
} // namespace

DesktopStart::DesktopStart(int &argc, char **argv)
{
    if (StartOptions::displayMissing(argc, argv)) {
        m_headless = true;
        // An X display named, and still none: the platform asked for is Wayland's.
        m_waylandAsked = !qEnvironmentVariableIsEmpty("DISPLAY");
        for (int i = 1; i < argc; ++i)
            m_waylandAsked = m_waylandAsked || qstrcmp(argv[i], "-display") == 0 || qstrcmp(argv[i], "--display") == 0;
        m_app = std::make_unique<QCoreApplication>(argc, argv);
        return;
    }
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    int platformArgument = -1; // "-platform xcb" wins over QT_QPA_PLATFORM, as in Qt
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "-platform") == 0 || qstrcmp(argv[i], "--platform") == 0)
            platformArgument = i + 1;
        else if (qstrcmp(argv[i], "-display") == 0 || qstrcmp(argv[i], "--display") == 0)
            m_displayName = QStringLiteral("-display %1").arg(QString::fromLocal8Bit(argv[i + 1]));
    }
    const bool environmentSet = qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
    const QByteArray environment = qgetenv("QT_QPA_PLATFORM");
    m_platforms = withOffscreenLast(platformArgument > 0 ? QByteArray(argv[platformArgument]) : environment);
    if (m_platforms.isEmpty()) {
        m_app = std::make_unique<QApplication>(argc, argv);
        return;
    }
    if (platformArgument > 0)
        argv[platformArgument] = m_platforms.data(); // read while the application is made
    else
        qputenv("QT_QPA_PLATFORM", m_platforms);
    g_previous = qInstallMessageHandler(holdMessage);
    holdStderr();
    m_app = std::make_unique<QApplication>(argc, argv);
    qInstallMessageHandler(g_previous);
    if (environmentSet)
        qputenv("QT_QPA_PLATFORM", environment); // the programs this one starts choose for themselves
    else
        qunsetenv("QT_QPA_PLATFORM");
    m_unreached = QGuiApplication::platformName() == QLatin1String("offscreen");
    m_headless = m_unreached;
    if (m_unreached) {
        releaseStderr(false);
        g_held.clear();
        // Each display the platforms tried would have used, as it was named (Wayland's own, when
        // Wayland was asked for: it named DISPLAY then, found by the outside check).
        const QString x11 = m_displayName.isEmpty() ? QStringLiteral("DISPLAY=%1").arg(qEnvironmentVariable("DISPLAY")) : m_displayName;
        const QString wayland = qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
            ? QStringLiteral("wayland-0")
            : QStringLiteral("WAYLAND_DISPLAY=%1").arg(qEnvironmentVariable("WAYLAND_DISPLAY"));
        QStringList names;
        for (const QByteArray &entry : m_platforms.split(';')) {
            const QByteArray name = entry.split(':').constFirst().trimmed();
            const QString display = name == "xcb" ? x11 : name.startsWith("wayland") ? wayland : QString();
            if (!display.isEmpty() && !names.contains(display))
                names << display;
        }
        m_displayName = names.join(QStringLiteral(", "));
    } else {
        sayHeld();
    }
#else
    m_app = std::make_unique<QApplication>(argc, argv);
#endif
}

DesktopStart::~DesktopStart() = default;

QString DesktopStart::whyNoDisplay() const
{
    return m_unreached    ? tr("the display this session names (%1) cannot be reached (nothing answers there, or it refuses this user)").arg(m_displayName)
           : m_waylandAsked ? tr("Qt's Wayland platform was asked for (QT_QPA_PLATFORM or -platform) but this session has no Wayland display (WAYLAND_DISPLAY is not set)")
                            : tr("this session has no display (DISPLAY is not set)");
}

QStringList DesktopStart::arguments() const
{
    // A QCoreApplication leaves Qt's options in, and so does the offscreen platform the ones
    // only X11 takes (-display).
    return m_headless ? StartOptions::withoutDisplayOptions(QCoreApplication::arguments()) : QCoreApplication::arguments();
}

} // namespace hotelhub::widgets
