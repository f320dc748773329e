// The four Sheets formats (Apps Script JSON, CSV, Sheets API, gviz) and auto-detection: any
// reply body under any content type; parsing stays linear (a 2 MiB reply is allowed).
#include "FuzzSupport.h"
#include "sheets/SheetReply.h"

using namespace hotelhub;
using namespace hotelhub::sheets;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QList<QByteArray> f = fuzz::fields(data, size, 2);
    for (SheetFormat format : {SheetFormat::Auto, SheetFormat::AppsScript, SheetFormat::Csv, SheetFormat::SheetsApi, SheetFormat::Gviz}) {
        const SheetReply r = SheetParser::parse(200, f[0], f[1], format);
        if (!r.ok() && r.message.isEmpty())
            fuzz::finding("a refused sheet without a message");
    }
    bool ok = false;
    SheetParser::parseCsv(f[1], &ok);
    bool valid = false;
    SheetParser::parseDate(QString::fromUtf8(f[1].left(64)), &valid);
    return 0;
}
