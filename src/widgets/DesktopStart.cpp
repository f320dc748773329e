#include "DesktopStart.h"

#include "StartOptions.h"

#include <QApplication>
#include <QByteArrayList>
#include <QList>

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

void sayHeld()
{
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
    m_app = std::make_unique<QApplication>(argc, argv);
    qInstallMessageHandler(g_previous);
    if (environmentSet)
        qputenv("QT_QPA_PLATFORM", environment); // the programs this one starts choose for themselves
    else
        qunsetenv("QT_QPA_PLATFORM");
    m_unreached = QGuiApplication::platformName() == QLatin1String("offscreen");
    m_headless = m_unreached;
    if (m_unreached) {
        g_held.clear();
        if (m_displayName.isEmpty())
            m_displayName = !qEnvironmentVariableIsEmpty("DISPLAY") ? QStringLiteral("DISPLAY=%1").arg(qEnvironmentVariable("DISPLAY"))
                : !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")   ? QStringLiteral("WAYLAND_DISPLAY=%1").arg(qEnvironmentVariable("WAYLAND_DISPLAY"))
                                                                    : QStringLiteral("wayland-0");
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
    return m_unreached ? tr("the display this session names (%1) cannot be reached (nothing answers there, or it refuses this user)").arg(m_displayName)
                       : tr("this session has no display (DISPLAY is not set)");
}

QStringList DesktopStart::arguments() const
{
    // A QCoreApplication leaves Qt's options in, and so does the offscreen platform the ones
    // only X11 takes (-display).
    return m_headless ? StartOptions::withoutDisplayOptions(QCoreApplication::arguments()) : QCoreApplication::arguments();
}

} // namespace hotelhub::widgets
