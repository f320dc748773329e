// How the desktop programs (hotelhub-setup, hotelhub-tray) start: with a QApplication where a
// display can be reached, else with a QCoreApplication that still reads the command line, so that
// --help and the refusals answer over SSH too and a start says what to use instead of a window.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <memory>

namespace hotelhub::widgets {

class DesktopStart
{
    Q_DECLARE_TR_FUNCTIONS(DesktopStart)
public:
    // `argc` must outlive the application (QApplication keeps a reference to it).
    DesktopStart(int &argc, char **argv);
    ~DesktopStart();
    DesktopStart(const DesktopStart &) = delete;
    DesktopStart &operator=(const DesktopStart &) = delete;

    // No window can be opened: no display is named (StartOptions::displayMissing), or the one
    // named could not be reached (DISPLAY naming no running X server, a refused X authority, a
    // stopped Wayland compositor). Qt aborts in both (exit 134, a core dump); here, on Linux and
    // the other X11 systems, Qt's offscreen platform is the last one it tries, and landing on it
    // unasked means the display was not reached. Never on Windows or macOS.
    bool headless() const { return m_headless; }
    // Why, as the second half of a sentence: "this session has no display (DISPLAY is not set)".
    QString whyNoDisplay() const;
    // The command line to parse, without the options Qt takes for itself.
    QStringList arguments() const;

private:
    std::unique_ptr<QCoreApplication> m_app;
    bool m_headless = false;
    bool m_unreached = false;
    bool m_waylandAsked = false; // no display because Wayland was asked for (QT_QPA_PLATFORM=wayland) and has none
    QByteArray m_platforms;  // the platforms Qt was asked to try, the offscreen one last
    QString m_displayName;   // the display that was not reached, as it was named
};

} // namespace hotelhub::widgets
