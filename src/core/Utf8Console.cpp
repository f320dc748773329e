#include "Utf8Console.h"

#ifdef _WIN32
#include <windows.h>
#endif

namespace hotelhub {

Utf8Console::Utf8Console()
{
#ifdef _WIN32
    DWORD mode = 0;
    const HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    const HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
    if (GetConsoleMode(out, &mode) || GetConsoleMode(err, &mode)) { // a console, not a pipe or a file
        m_outputCodePage = GetConsoleOutputCP();
        m_inputCodePage = GetConsoleCP();
        SetConsoleOutputCP(CP_UTF8);
        SetConsoleCP(CP_UTF8);
    }
#endif
}

Utf8Console::~Utf8Console()
{
#ifdef _WIN32
    if (m_outputCodePage)
        SetConsoleOutputCP(m_outputCodePage);
    if (m_inputCodePage)
        SetConsoleCP(m_inputCodePage);
#endif
}

} // namespace hotelhub
