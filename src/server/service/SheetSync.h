// Applies a multi-licence sheet (License Key | Status | Expiry | Last Payment | Notes) to the
// vendor store: only changes are written, each into the audit trail; a bad row is reported and
// changes nothing else.
#pragma once

#include "sheets/SheetReply.h"

#include <QCoreApplication>
#include <QStringList>

namespace hotelhub::service {

class VendorStore;

struct SyncReport
{
    bool sheetOk = false;     // false: the whole sheet was refused (error reply, login page, 429, …)
    bool backOff = false;     // a 429: try again later
    int changed = 0;          // rows that changed something
    int unchanged = 0;
    int rejected = 0;
    QStringList lines;        // one per row or problem, for the vendor admin (rejections: the first kRejectionsShown)
    static constexpr int kRejectionsShown = 200;

    QString text() const;
};

class SheetSync
{
    Q_DECLARE_TR_FUNCTIONS(SheetSync)
public:
    static SyncReport apply(VendorStore &store, const sheets::SheetReply &reply);
};

} // namespace hotelhub::service
