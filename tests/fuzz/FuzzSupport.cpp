#include "FuzzSupport.h"

// libFuzzer calls this once, before the first input: the application every target needs.
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    qputenv("QT_LOGGING_RULES", "*=false"); // libFuzzer's output stays readable
    new QCoreApplication(*argc, *argv);     // lives as long as the process
    return 0;
}
