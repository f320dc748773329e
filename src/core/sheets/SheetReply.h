// Google Sheets replies in every format the vendor may publish (PROTOCOL.md "Google Sheets"):
// Apps Script JSON, published CSV, Sheets API v4 values, gviz JSON. Dates are calendar dates in
// Asia/Jakarta and never shift through UTC; an error reply, a login page or an unparsable body is
// a failed check, never data.
#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace hotelhub::sheets {

struct SheetRow
{
    int line = 0;          // 1-based data row (the header is row 0)
    QString key;           // licence key as written (multi-licence sheets); empty for one-client sheets
    QString status;        // active | suspended | revoked (normalised); empty when missing
    QDate expiry;          // invalid when missing
    QDate lastPayment;     // invalid when missing
    QString notes;
    QStringList problems;  // non-empty: the row is rejected and changes nothing

    bool ok() const { return problems.isEmpty(); }
};

// Unreachable: no HTTP answer at all (no internet, a wrong host, a refused connection, a timeout).
enum class SheetOutcome { Ok, ScriptError, NotPublic, RateLimited, HttpError, Unparsable, Unreachable };

enum class SheetFormat { Auto, AppsScript, Csv, SheetsApi, Gviz };

struct SheetReply
{
    SheetOutcome outcome = SheetOutcome::Unparsable;
    SheetFormat format = SheetFormat::Auto; // what was detected
    QString message;                        // for a person and the diagnostic: what happened
    QString ownerStep;                      // what the sheet's owner (the vendor) does about it; empty: nothing of theirs
    QStringList warnings;                   // sheet-level (a missing column, …)
    // Whether the sheet has a Notes column: without one, the notes stay as they are (a sheet of
    // License Key, Status, Expiry cleared every licence's notes; helper-52). A missing Last
    // Payment needs no flag: its empty value is no date, which changes nothing.
    bool hasNotes = true;
    QList<SheetRow> rows;
    int httpStatus = 0;                     // 0: no HTTP answer

    bool ok() const { return outcome == SheetOutcome::Ok; }
    QString outcomeCode() const;
    QString formatName() const;
};

class SheetParser
{
    Q_DECLARE_TR_FUNCTIONS(SheetParser)
public:
    static SheetReply parse(int httpStatus, const QByteArray &contentType, const QByteArray &body, SheetFormat format = SheetFormat::Auto);

    // "2025-12-31", "31/12/2025", "2025-12-30T17:00:00.000Z" (→ the Jakarta date), "Date(2025,11,31)".
    static QDate parseDate(const QString &text, bool *valid);
    static QList<QStringList> parseCsv(const QByteArray &text, bool *ok);
    // The sheet's bytes as text: UTF-8, UTF-16 or UTF-32 with a byte-order mark, else Windows-1252.
    static QString decodeText(const QByteArray &bytes);
    // Rows a sheet may have below its header (a 2 MiB sheet of real licences has about 36,000).
    static constexpr qsizetype kMaxRows = 100000;
    // Characters of a row's notes kept (the rest cut, with "…").
    static constexpr qsizetype kMaxNotes = 500;
    static std::optional<SheetFormat> formatFromName(const QString &name);

private:
    static SheetReply parseBody(int httpStatus, const QByteArray &contentType, const QByteArray &body, SheetFormat format);
};

} // namespace hotelhub::sheets
