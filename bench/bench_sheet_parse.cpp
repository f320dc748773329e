// Sheets parsing of a 2 MiB reply (the most the fetcher accepts), against the floor of reading the
// same bytes at all (UTF-8 decoding and splitting into lines) in the same run. Two shapes: a
// realistic published CSV (five columns, about 35,000 licences) and the adversarial one that was
// quadratic (a header of a million empty columns over a million one-cell rows).
#include "BenchSupport.h"
#include "sheets/SheetReply.h"

#include <QCoreApplication>
#include <QElapsedTimer>

using namespace hotelhub;

namespace {
double msOf(const std::function<void()> &f)
{
    QList<double> samples;
    for (int r = 0; r < 5; ++r) {
        QElapsedTimer t;
        t.start();
        f();
        samples << double(t.nsecsElapsed()) / 1e6;
    }
    return bench::median(samples);
}

void measure(const char *name, const QByteArray &csv)
{
    // What is timed is a parse that reads every row, never a refusal.
    const sheets::SheetReply reply = sheets::SheetParser::parse(200, "text/csv", csv);
    if (!reply.ok() || reply.rows.size() < csv.count('\n') - 1)
        qFatal("%s: the sheet was not read whole (%lld rows): %s", name, qlonglong(reply.rows.size()), qPrintable(reply.message));
    volatile qsizetype sink = 0;
    const double floor = msOf([&] { sink = sink + QString::fromUtf8(csv).split(u'\n').size(); });
    const double parse = msOf([&] { sink = sink + sheets::SheetParser::parse(200, "text/csv", csv).rows.size(); });
    bench::report(name, parse, "ms", floor, "decoding and splitting the same 2 MiB");
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    constexpr qsizetype kSize = 2 * 1024 * 1024;
    QByteArray realistic = "License Key,Status,Expiry,Last Payment,Notes\n";
    for (int i = 0; realistic.size() < kSize - 64; ++i)
        realistic += "HMS-ABCDE-23456-FGHJK-" + QByteArray::number(10000 + i % 90000) + ",active,31/12/2027,28/01/2027,paid\n";
    measure("sheet parse, 2 MiB published CSV", realistic);
    QByteArray wide = "License Key,Status,Expiry" + QByteArray(kSize / 2, ',') + "\n";
    // Rows of 20 bytes: about 52,000, under SheetParser::kMaxRows (a million rows of "x" are refused
    // as too many before any is read, which measured the refusal, not the parse).
    while (wide.size() < kSize - 20)
        wide += "xxxxxxxxxxxxxxxxxxx\n";
    measure("sheet parse, 2 MiB CSV with a 1M-column header", wide);
    return 0;
}
