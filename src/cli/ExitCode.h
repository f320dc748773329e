// Exit codes of hotelhub-license (also listed by --help and in the README).
#pragma once

namespace hotelhub {

enum ExitCode : int {
    ExitOk = 0,            // done; for status: mode "full"
    ExitInternal = 1,      // unexpected failure (a bug: please report it)
    ExitUsage = 2,         // wrong command line
    ExitData = 3,          // settings file, data folder or database unusable
    ExitNetwork = 4,       // vendor server unreachable (network commands)
    ExitRefused = 5,       // the vendor server refused the request
    ExitCheckFailed = 6,   // diagnostic: at least one check failed
    ExitDiskFull = 7,      // the disk holding the data folder is full (nothing was changed or damaged)
    ExitOutput = 8,        // the answer could not be written to standard output (full, closed, broken)
    ExitUnpaired = 10,     // status: mode "setup" (not paired)
    ExitRestricted = 11,   // status: mode "restricted"
    ExitLocked = 12,       // status: mode "locked"
};

} // namespace hotelhub
