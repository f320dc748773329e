#include "SheetSync.h"
#include "VendorStore.h"

#include "LicenseKey.h"

#include <QHash>

namespace hotelhub::service {

QString SyncReport::text() const
{
    const QString more = rejected > kRejectionsShown
        ? SheetSync::tr("… and %1 more rows rejected (the first %2 are shown).").arg(rejected - kRejectionsShown).arg(kRejectionsShown) + u'\n'
        : QString();
    return (lines.isEmpty() ? QString() : lines.join(u'\n') + u'\n') + more // (an empty line before the summary; helper-52)
        + SheetSync::tr("Sheet sync: %1 changed, %2 unchanged, %3 rejected.").arg(changed).arg(unchanged).arg(rejected) + u'\n';
}

SyncReport SheetSync::apply(VendorStore &store, const sheets::SheetReply &reply)
{
    SyncReport report;
    if (!reply.ok()) {
        report.backOff = reply.outcome == sheets::SheetOutcome::RateLimited;
        report.lines << tr("Sheet refused (%1): %2").arg(reply.outcomeCode(), reply.ownerStep.isEmpty() ? reply.message : reply.message + u' ' + reply.ownerStep);
        return report;
    }
    report.sheetOk = true;
    for (const QString &w : reply.warnings)
        report.lines << tr("warning: %1").arg(w);
    // A key in two rows that say different things: neither is applied (the licence flipped at
    // every sync, each time with an audit row, and a heartbeat between the two writes saw the
    // first; helper-52). Rows that say the same are one.
    // Each row's key is read once, for this map and for the row's turn below.
    QList<LicenseKey> keys;
    keys.reserve(reply.rows.size());
    QHash<QString, QList<const sheets::SheetRow *>> byKey;
    for (const sheets::SheetRow &row : reply.rows) {
        keys << LicenseKey::parse(row.key);
        if (keys.constLast().isValid())
            byKey[keys.constLast().hash()] << &row;
    }
    const auto conflict = [&byKey](const sheets::SheetRow &row, const LicenseKey &key) {
        const QList<const sheets::SheetRow *> &rows = byKey.value(key.hash());
        QStringList others;
        bool differ = false;
        for (const sheets::SheetRow *other : rows) {
            if (other == &row)
                continue;
            others << QString::number(other->line + 1);
            differ = differ || other->status != row.status || other->expiry != row.expiry || other->lastPayment != row.lastPayment
                || other->notes != row.notes || !other->problems.isEmpty();
        }
        return differ ? others : QStringList();
    };
    for (qsizetype i = 0; i < reply.rows.size(); ++i) {
        const sheets::SheetRow &row = reply.rows.at(i);
        const LicenseKey &key = keys.at(i);
        const QString who = key.isValid() ? key.masked() : tr("row %1").arg(row.line + 1);
        QStringList problems = row.problems;
        if (key.isValid()) {
            if (const QStringList others = conflict(row, key); !others.isEmpty())
                problems << tr("the same licence is also in row %1, with other values: neither row is applied until the sheet keeps "
                               "one of them")
                                .arg(others.join(QStringLiteral(", ")));
        }
        if (problems.isEmpty() && !key.isValid()) {
            // (Masked whole, before the cut, with the programs' rule for what they were given:
            // "M3F6Y, 7HDJX, ZTSW6, 4F9VR" was shown; helper-51.)
            problems << tr("\"%1\" is not a licence key").arg(LicenseKey::maskTyped(row.key).left(40));
        }
        std::optional<License> license;
        if (problems.isEmpty()) {
            license = store.findByKeyHash(key.hash());
            if (!license)
                problems << tr("unknown licence key");
            // A revocation is final unless an admin undoes it on purpose with a reason; a row that
            // still says "active" (the sheet not yet edited after `license revoke`) reinstated it
            // at the next sync, without a word.
            else if (license->status == QLatin1String("revoked") && row.status != QLatin1String("revoked"))
                problems << tr("revoked here, which is final: the sheet does not reinstate it (set the row to \"revoked\", or reinstate it on purpose "
                               "with: license resume KEY --reason …)");
        }
        if (!problems.isEmpty()) {
            ++report.rejected;
            // A cell quoted in the refusal is masked: a key in the wrong column, or with a word
            // after it, was printed whole to the admin and the server's log (helper-41).
            // The first 200 are said; the rest are counted (helper-50: a sheet of 58,000 unknown
            // keys printed 5 MB at every sync, and serve's log dropped a report past 8 MiB whole).
            if (report.rejected <= SyncReport::kRejectionsShown)
                report.lines << LicenseKey::maskInText(key.isValid() ? tr("row %1 (%2): rejected — %3").arg(row.line + 1).arg(who, problems.join(QStringLiteral("; ")))
                                                                     : tr("row %1: rejected — %2").arg(row.line + 1).arg(problems.join(QStringLiteral("; "))));
            continue;
        }
        QStringList changes;
        // A key in the notes is kept masked, as every reason is (the store keeps keys' hashes only).
        // Without a Notes column the notes stay as they are (they were cleared; helper-52).
        const QString notes = reply.hasNotes ? LicenseKey::maskTyped(row.notes) : license->notes;
        const bool newExpiry = row.expiry.isValid() && VendorStore::vendorDate(license->validUntil) != row.expiry;
        const bool newStatus = row.status != license->status;
        const bool newPayment = (row.lastPayment.isValid() && row.lastPayment != license->lastPayment) || notes != license->notes;
        bool ok = true;
        QString why;
        if (newExpiry || newStatus || newPayment) {
            // A row is saved whole or not at all: its new expiry never without its new status.
            VendorDatabase::WriteTransaction tx(store.database());
            ok = tx.ok();
            if (newExpiry) {
                ok = ok && store.extend(license->id, row.expiry, QStringLiteral("sheet"));
                changes << tr("expiry %1 → %2").arg(VendorStore::vendorDate(license->validUntil).toString(Qt::ISODate), row.expiry.toString(Qt::ISODate));
            }
            if (newStatus) {
                ok = ok && store.setStatus(license->id, row.status, notes.left(200), QStringLiteral("sheet"));
                changes << tr("status %1 → %2").arg(license->status, row.status);
            }
            if (newPayment) {
                ok = ok && store.setPayment(license->id, row.lastPayment.isValid() ? row.lastPayment : license->lastPayment, notes, QStringLiteral("sheet"));
                changes << tr("payment/notes updated");
            }
            why = !tx.ok() ? tx.errorString() : store.errorString();
            if (ok && !tx.commit()) {
                ok = false;
                why = tx.errorString();
            }
        }
        if (!ok) {
            ++report.rejected;
            report.lines << tr("row %1 (%2): could not be saved — %3").arg(row.line + 1).arg(who, why);
        } else if (changes.isEmpty()) {
            ++report.unchanged;
        } else {
            ++report.changed;
            report.lines << tr("row %1 (%2): %3").arg(row.line + 1).arg(who, changes.join(QStringLiteral(", ")));
        }
    }
    return report;
}

} // namespace hotelhub::service
