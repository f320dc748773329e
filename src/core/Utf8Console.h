// The command-line programs write UTF-8 ("✓", "—", "Rp 1.250.000"). A Windows console shows its
// OEM code page (437 or 850) unless told otherwise, which garbles every such mark: while one of
// them runs in a console, the console reads and shows UTF-8, and gets its own code pages back at
// the end. Pipes and files are left alone (they get UTF-8 bytes as on Linux). Elsewhere it does
// nothing.
#pragma once

namespace hotelhub {

class Utf8Console
{
public:
    Utf8Console();
    ~Utf8Console();
    Utf8Console(const Utf8Console &) = delete;
    Utf8Console &operator=(const Utf8Console &) = delete;

private:
    unsigned m_outputCodePage = 0; // 0: nothing to restore
    unsigned m_inputCodePage = 0;
};

} // namespace hotelhub
