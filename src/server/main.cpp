#include "Redact.h"
#include "ServerCli.h"
#include "Utf8Console.h"

#include <QCoreApplication>
#include <QTextStream>
#include <csignal>
#include <cstdio>
#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

int main(int argc, char *argv[])
{
    const hotelhub::Utf8Console console; // Windows: the console shows what the server writes as written
#ifdef _WIN32
    // Each access-log line is one write, as on Linux: in text mode the C runtime writes an
    // unbuffered stream in pieces (CR before each LF), and a reader then sees half lines.
    _setmode(_fileno(stderr), _O_BINARY);
    // And it leaves at once: Microsoft's C runtime buffers stderr fully when it is a file or a
    // pipe (a service's log, a test), so lines would wait for 4 KiB or the server's exit.
    std::setvbuf(stderr, nullptr, _IONBF, 0);
#endif
#ifdef SIGPIPE
    // Output into a pipe whose reader is gone is an error the command says and answers (exit 8;
    // `license create` takes back a licence whose key nobody saw), not a silent death by signal.
    std::signal(SIGPIPE, SIG_IGN);
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hotelhub-license-server"));
    QTextStream out(stdout);
    // Every line on stderr with any licence key masked (a key in a path an admin gave).
    hotelhub::MaskedLines maskedErr(stderr);
    QTextStream err(&maskedErr);
    return hotelhub::server::ServerCli(out, err).run(QCoreApplication::arguments());
}
