#include "SheetReply.h"
#include "Clock.h"
#include "LicenseKey.h"
#include "MarkedText.h"
#include "Redact.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QTimeZone>

#include <utility>

namespace hotelhub::sheets {

namespace {
enum class Column { Key, Status, Expiry, LastPayment, Notes, Unknown };

Column columnFor(const QString &label)
{
    const QString l = label.trimmed().toLower();
    if (l == QLatin1String("license key") || l == QLatin1String("licence key") || l == QLatin1String("key") || l == QLatin1String("license_key"))
        return Column::Key;
    if (l == QLatin1String("status"))
        return Column::Status;
    if (l == QLatin1String("expiry") || l == QLatin1String("expiry date") || l == QLatin1String("valid until") || l == QLatin1String("expires"))
        return Column::Expiry;
    if (l == QLatin1String("last payment") || l == QLatin1String("last_payment"))
        return Column::LastPayment;
    if (l == QLatin1String("notes") || l == QLatin1String("note"))
        return Column::Notes;
    return Column::Unknown;
}

// A cell quoted in a row's problem: its key masked before it is cut (cut first, a key's three
// groups were left for the mask to miss; helper-51).
QString quoted(const QString &cell)
{
    // Read as typed: a key with "; " or markup between its groups in a Status cell was quoted
    // whole (helper-52).
    return LicenseKey::maskTyped(cell.trimmed()).left(30);
}

QString normaliseStatus(const QString &raw, QString *problem)
{
    const QString s = raw.trimmed().toLower();
    if (s.isEmpty()) {
        *problem = SheetParser::tr("missing status");
        return {};
    }
    if (s == QLatin1String("active") || s == QLatin1String("suspended") || s == QLatin1String("revoked"))
        return s;
    *problem = SheetParser::tr("unknown status \"%1\" (use active, suspended or revoked)").arg(quoted(raw));
    return {};
}

// Turns header + cells into rows; cells may be fewer than the header (Sheets API omits trailing empties).
SheetReply tabulate(SheetFormat format, const QList<QStringList> &table, bool expectKey)
{
    SheetReply reply;
    reply.format = format;
    if (table.isEmpty()) {
        reply.outcome = SheetOutcome::Unparsable;
        reply.message = SheetParser::tr("the sheet is empty");
        return reply;
    }
    if (table.size() - 1 > SheetParser::kMaxRows) {
        reply.outcome = SheetOutcome::Unparsable;
        reply.message = SheetParser::tr("the sheet has more than %1 rows, empty ones included; one row per licence is read. Delete the "
                                        "rows below the last licence, or the extra header rows.")
                            .arg(SheetParser::kMaxRows);
        return reply;
    }
    QList<Column> columns;
    for (const QString &label : table.first())
        columns << columnFor(label);
    auto has = [&columns](Column c) { return columns.contains(c); };
    if (!has(Column::Status)) {
        reply.outcome = SheetOutcome::Unparsable;
        // A header with a key column is the vendor's list; without one it may be either (the
        // vendor's sync said the hotel's form and left License Key out: helper-50).
        reply.message = expectKey ? SheetParser::tr("the sheet has no Status column: its first row names the columns, License Key | Status | "
                                                    "Expiry | Last Payment | Notes")
                                  : SheetParser::tr("the sheet has no Status column: its first row names the columns, License Key | Status | "
                                                    "Expiry | Last Payment | Notes (a hotel's own sheet may leave out License Key)");
        return reply;
    }
    if (expectKey && !has(Column::Key))
        reply.warnings << SheetParser::tr("the sheet has no License Key column");
    if (!has(Column::Expiry))
        reply.warnings << SheetParser::tr("the sheet has no Expiry column: expiry dates are left as they are");
    reply.hasNotes = has(Column::Notes);
    // Only the first column of each kind is read, so each row costs the same whatever the width
    // of the header: a header of 60,000 empty columns over 60,000 short rows was 3.6·10⁹ steps.
    QList<QPair<qsizetype, Column>> used;
    for (qsizetype c = 0; c < columns.size(); ++c) {
        const Column column = columns[c];
        const bool seen = std::any_of(used.begin(), used.end(), [column](const auto &u) { return u.second == column; });
        if (column != Column::Unknown && !seen)
            used.append({c, column});
    }
    for (qsizetype r = 1; r < table.size(); ++r) {
        const QStringList &cells = table[r];
        if (std::all_of(cells.begin(), cells.end(), [](const QString &c) { return c.trimmed().isEmpty(); }))
            continue; // blank line at the end of a sheet
        SheetRow row;
        row.line = int(r);
        for (const auto &[c, column] : used) {
            const QString cell = c < cells.size() ? cells[c] : QString();
            bool valid = true;
            switch (column) {
            case Column::Key: row.key = cell.trimmed(); break;
            case Column::Status: {
                QString problem;
                row.status = normaliseStatus(cell, &problem);
                if (!problem.isEmpty())
                    row.problems << problem;
                break;
            }
            case Column::Expiry:
                if (!cell.trimmed().isEmpty()) {
                    row.expiry = SheetParser::parseDate(cell, &valid);
                    if (!valid)
                        row.problems << SheetParser::tr("expiry \"%1\" is not a real date").arg(quoted(cell));
                }
                break;
            case Column::LastPayment:
                if (!cell.trimmed().isEmpty()) {
                    row.lastPayment = SheetParser::parseDate(cell, &valid);
                    if (!valid)
                        row.problems << SheetParser::tr("last payment \"%1\" is not a real date").arg(quoted(cell));
                }
                break;
            case Column::Notes: row.notes = cell; break;
            case Column::Unknown: break;
            }
        }
        if (expectKey && row.key.isEmpty())
            row.problems << SheetParser::tr("missing licence key");
        reply.rows << row;
    }
    reply.outcome = SheetOutcome::Ok;
    return reply;
}

QString cellText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 15);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
    return {};
}
} // namespace

QString SheetReply::outcomeCode() const
{
    switch (outcome) {
    case SheetOutcome::Ok: return QStringLiteral("ok");
    case SheetOutcome::ScriptError: return QStringLiteral("sheet_script_error");
    case SheetOutcome::NotPublic: return QStringLiteral("sheet_not_public");
    case SheetOutcome::RateLimited: return QStringLiteral("sheet_rate_limited");
    case SheetOutcome::HttpError: return QStringLiteral("sheet_http_error");
    case SheetOutcome::Unparsable: return QStringLiteral("sheet_unparsable");
    case SheetOutcome::Unreachable: return QStringLiteral("sheet_unreachable");
    }
    Q_UNREACHABLE();
}

QString SheetReply::formatName() const
{
    switch (format) {
    case SheetFormat::Auto: return QStringLiteral("unknown");
    case SheetFormat::AppsScript: return QStringLiteral("appsscript");
    case SheetFormat::Csv: return QStringLiteral("csv");
    case SheetFormat::SheetsApi: return QStringLiteral("sheets-api");
    case SheetFormat::Gviz: return QStringLiteral("gviz");
    }
    Q_UNREACHABLE();
}

std::optional<SheetFormat> SheetParser::formatFromName(const QString &name)
{
    if (name == QLatin1String("auto"))
        return SheetFormat::Auto;
    if (name == QLatin1String("appsscript"))
        return SheetFormat::AppsScript;
    if (name == QLatin1String("csv"))
        return SheetFormat::Csv;
    if (name == QLatin1String("sheets-api"))
        return SheetFormat::SheetsApi;
    if (name == QLatin1String("gviz"))
        return SheetFormat::Gviz;
    return std::nullopt;
}

QDate SheetParser::parseDate(const QString &textIn, bool *valid)
{
    const QString text = textIn.trimmed();
    *valid = false;
    static const QRegularExpression iso(QStringLiteral("^(\\d{4})-(\\d{1,2})-(\\d{1,2})\\z"));
    static const QRegularExpression dmy(QStringLiteral("^(\\d{1,2})[/.\\-](\\d{1,2})[/.\\-](\\d{4})\\z"));
    static const QRegularExpression gviz(QStringLiteral("^Date\\((\\d{4}),\\s*(\\d{1,2}),\\s*(\\d{1,2})(?:,.*)?\\)\\z"));
    QDate d;
    if (auto m = iso.match(text); m.hasMatch())
        d = QDate(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    else if (auto m2 = dmy.match(text); m2.hasMatch())
        d = QDate(m2.captured(3).toInt(), m2.captured(2).toInt(), m2.captured(1).toInt()); // Indonesian locale: day first
    else if (auto m3 = gviz.match(text); m3.hasMatch())
        d = QDate(m3.captured(1).toInt(), m3.captured(2).toInt() + 1, m3.captured(3).toInt()); // zero-based month
    else if (text.contains(u'T')) {
        // A date cell serialised as an instant (Apps Script's JSON.stringify): the calendar day
        // is the one in the vendor's zone, not the UTC one.
        const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (t.isValid() && t.timeSpec() != Qt::LocalTime)
            d = t.toTimeZone(vendorTimeZone()).date();
    }
    *valid = d.isValid();
    return d;
}

namespace {

// Windows-1252's 0x80-0x9F (U+FFFD where it has none); the rest of it is Latin-1.
constexpr char16_t kCp1252High[32] = {u'\u20AC', u'\uFFFD', u'\u201A', u'\u0192', u'\u201E', u'\u2026', u'\u2020', u'\u2021',
                                      u'\u02C6', u'\u2030', u'\u0160', u'\u2039', u'\u0152', u'\uFFFD', u'\u017D', u'\uFFFD',
                                      u'\uFFFD', u'\u2018', u'\u2019', u'\u201C', u'\u201D', u'\u2022', u'\u2013', u'\u2014',
                                      u'\u02DC', u'\u2122', u'\u0161', u'\u203A', u'\u0153', u'\uFFFD', u'\u017E', u'\u0178'};

} // namespace

QString SheetParser::decodeText(const QByteArray &bytes)
{
    // UTF-8 (Google's CSV); UTF-16 or UTF-32 with its byte-order mark (a sheet saved by Excel as
    // "Unicode text" and served by the vendor's own web server; it was read as UTF-8 and said to
    // have no Status column); else Windows-1252, which Excel's plain "CSV (Comma delimited)"
    // writes on an Indonesian or English Windows (its notes were read with U+FFFD for every é).
    MarkedText::Decoded decoded = MarkedText::decode(bytes);
    if (decoded.valid || MarkedText::isWide(decoded.mark))
        return std::move(decoded.text);
    const QByteArrayView utf8 = QByteArrayView(bytes).sliced(MarkedText::markLength(decoded.mark));
    QString text;
    text.resize(utf8.size());
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        text[i] = QChar(b >= 0x80 && b < 0xA0 ? kCp1252High[b - 0x80] : char16_t(b));
    }
    return text;
}

QList<QStringList> SheetParser::parseCsv(const QByteArray &bytes, bool *ok)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    const QString text = decodeText(bytes);
    // Commas (Google's CSV), else what the header is split by: Excel writes ";" where the decimal
    // mark is a comma, as on an Indonesian Windows, and "Text (Tab delimited)" writes tabs (such
    // a sheet was said to have no Status column; helper-52).
    QChar delimiter = u',';
    qsizetype start = 0;
    // Excel's hint line "sep=;" before the header says the separator, and is no row (Excel does
    // not show it); it was read as the header, so the sheet had "no Status column" (helper-53).
    // Written in quotes too (`"sep=;"`), as a program that quotes every field saves it again,
    // and then with the row's empty cells after it (`"sep=;";;;`; helper-55).
    const qsizetype hint = text.startsWith(u'"') ? 1 : 0;
    qsizetype hintEnd = hint + 5 + hint; // after the separator and the closing quote
    const bool hinted = QStringView(text).sliced(hint).startsWith(QLatin1String("sep="), Qt::CaseInsensitive) && text.size() > hint + 4
        && text.at(hint + 4) != u'\r' && text.at(hint + 4) != u'\n' && text.at(hint + 4) != u'"'
        && (!hint || (text.size() > hint + 5 && text.at(hint + 5) == u'"'));
    if (hinted)
        while (hintEnd < text.size() && text.at(hintEnd) == text.at(hint + 4))
            ++hintEnd;
    if (hinted && (text.size() == hintEnd || text.at(hintEnd) == u'\r' || text.at(hintEnd) == u'\n')) {
        delimiter = text.at(hint + 4);
        start = hintEnd;
        if (start < text.size() && text.at(start) == u'\r')
            ++start;
        if (start < text.size() && text.at(start) == u'\n')
            ++start;
    } else {
        qsizetype commas = 0, semicolons = 0, tabs = 0;
        bool inQuotes = false;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (c == u'"')
                inQuotes = !inQuotes;
            else if (!inQuotes && (c == u'\n' || c == u'\r'))
                break;
            else if (!inQuotes) {
                commas += c == u',';
                semicolons += c == u';';
                tabs += c == u'\t';
            }
        }
        if (commas == 0 && (semicolons > 0 || tabs > 0))
            delimiter = semicolons >= tabs ? QChar(u';') : QChar(u'\t');
    }
    for (qsizetype i = start; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == u'"' && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
        } else if (c == delimiter) {
            row << field;
            field.clear();
            fieldStarted = false;
        } else if (c == u'\r' || c == u'\n') {
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            row << field;
            // Moved out, not copied and cleared: Qt 6's clear() of a list still shared gives it a
            // new block of the same capacity, so after a header of a million columns each
            // one-cell row kept a block of 24 MiB, of which it touched a page (2 GiB for a
            // 2 MiB sheet, and most of the parse's time in page faults).
            rows << std::exchange(row, QStringList());
            field.clear();
            fieldStarted = false;
            // A table past the cap is refused whole (tabulate): not read on, each of a million
            // two-byte rows cost a kilobyte on the way (helper-50: 1 GiB for a 2 MiB sheet).
            if (rows.size() > kMaxRows + 1) {
                *ok = true;
                return rows;
            }
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (fieldStarted || !row.isEmpty() || !field.isEmpty()) {
        row << field;
        rows << row;
    }
    *ok = !quoted;
    return rows;
}

SheetReply SheetParser::parse(int httpStatus, const QByteArray &contentType, const QByteArray &body, SheetFormat format)
{
    SheetReply reply = parseBody(httpStatus, contentType, body, format);
    reply.httpStatus = httpStatus;
    // What the sheet says is shown in terminals and logs as plain lines: its error messages and
    // the cells quoted in a row's problems carried escape sequences and line breaks (helper-50:
    // an Apps Script message cleared the admin's screen and wrote a fake line of its own).
    reply.message = plainLine(reply.message, 600);
    for (QString &warning : reply.warnings)
        warning = plainLine(warning);
    for (SheetRow &row : reply.rows) {
        for (QString &problem : row.problems)
            problem = plainLine(problem);
        row.key = plainLine(row.key, 100);
        // Notes are kept for the admin to read, not for pages of text (2 MiB of them were stored
        // and printed whole by license show).
        if (row.notes.size() > kMaxNotes)
            row.notes = row.notes.left(kMaxNotes) + QChar(0x2026);
    }
    return reply;
}

SheetReply SheetParser::parseBody(int httpStatus, const QByteArray &contentType, const QByteArray &body, SheetFormat format)
{
    SheetReply reply;
    const QByteArray trimmed = body.trimmed();
    const QJsonDocument json = QJsonDocument::fromJson(trimmed);
    if (httpStatus == 429) {
        reply.outcome = SheetOutcome::RateLimited;
        const QString detail = json.object().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
        reply.message = tr("Google rate-limited the sheet read (HTTP 429); backing off, nothing changed.%1")
                            .arg(detail.isEmpty() ? QString() : QStringLiteral(" ") + detail.left(200));
        return reply;
    }
    if (httpStatus < 200 || httpStatus >= 300) {
        reply.outcome = SheetOutcome::HttpError;
        reply.message = tr("The sheet answered HTTP %1; nothing changed.").arg(httpStatus);
        // The sheet owner's step, as the hotel's screen has its own (helper-52: none was said).
        if (httpStatus == 404 || httpStatus == 410 || httpStatus == 400)
            reply.ownerStep = tr("The link leads to no sheet: copy it again from File > Share > Publish to the web (Comma-separated "
                                 "values).");
        else if (httpStatus == 401 || httpStatus == 403)
            reply.ownerStep = tr("Share it as \"Anyone with the link\" or publish it to the web.");
        else if (httpStatus >= 500)
            reply.ownerStep = tr("Google's side failed this time; the next sync tries again.");
        return reply;
    }
    const bool looksHtml = contentType.toLower().contains("html") || trimmed.startsWith('<');
    if (looksHtml && format != SheetFormat::Csv) {
        // Google's sign-in page links to its accounts host; any other page (a Wi-Fi or proxy sign-in
        // page, the welcome page of a web server, a link that is not the sheet's) was called
        // Google's sign-in page too (helper-51).
        if (!trimmed.left(1 << 20).contains("accounts.google.com")) {
            reply.outcome = SheetOutcome::Unreachable;
            reply.message = tr("the address answered with a web page, not the sheet: a Wi-Fi or proxy sign-in page, or a link that "
                               "is not the sheet's.");
            reply.ownerStep = tr("Check that the link is the sheet's published CSV (File > Share > Publish to the web, "
                                 "Comma-separated values).");
            return reply;
        }
        reply.outcome = SheetOutcome::NotPublic;
        // The step is the sheet owner's, said apart: the hotel's screen asks the vendor to take it
        // (it said "share it" twice, once as the owner's step; helper-41).
        reply.message = tr("the sheet is not public (Google answered with a sign-in page).");
        reply.ownerStep = tr("Share it as \"Anyone with the link\" or publish it to the web.");
        return reply;
    }

    const bool isGviz = trimmed.contains("google.visualization.Query.setResponse(");
    if ((format == SheetFormat::Auto && isGviz) || format == SheetFormat::Gviz) {
        const qsizetype open = trimmed.indexOf('(', trimmed.indexOf("setResponse"));
        const qsizetype close = trimmed.lastIndexOf(')');
        const QJsonObject o = open > 0 && close > open ? QJsonDocument::fromJson(trimmed.mid(open + 1, close - open - 1)).object() : QJsonObject();
        if (o.isEmpty()) {
            reply.outcome = SheetOutcome::Unparsable;
            reply.message = tr("the gviz reply could not be read");
            return reply;
        }
        if (o.value(QStringLiteral("status")).toString() == QLatin1String("error")) {
            reply.outcome = SheetOutcome::ScriptError;
            reply.format = SheetFormat::Gviz;
            reply.message = tr("the sheet query failed: %1").arg(QString::fromUtf8(QJsonDocument(o.value(QStringLiteral("errors")).toArray()).toJson(QJsonDocument::Compact)).left(200));
            return reply;
        }
        const QJsonObject table = o.value(QStringLiteral("table")).toObject();
        QList<QStringList> rows;
        QStringList header;
        for (const QJsonValue &col : table.value(QStringLiteral("cols")).toArray())
            header << col.toObject().value(QStringLiteral("label")).toString();
        rows << header;
        for (const QJsonValue &r : table.value(QStringLiteral("rows")).toArray()) {
            QStringList cells;
            for (const QJsonValue &cell : r.toObject().value(QStringLiteral("c")).toArray())
                cells << (cell.isNull() ? QString() : cellText(cell.toObject().value(QStringLiteral("v"))));
            rows << cells;
            if (rows.size() > kMaxRows + 1)
                break; // refused whole by tabulate
        }
        return tabulate(SheetFormat::Gviz, rows, header.contains(QStringLiteral("License Key"), Qt::CaseInsensitive));
    }

    if (json.isObject() && format != SheetFormat::Csv) {
        const QJsonObject o = json.object();
        if (o.contains(QStringLiteral("values")) || format == SheetFormat::SheetsApi) {
            QList<QStringList> rows;
            for (const QJsonValue &r : o.value(QStringLiteral("values")).toArray()) {
                QStringList cells;
                for (const QJsonValue &cell : r.toArray())
                    cells << cellText(cell);
                rows << cells;
                if (rows.size() > kMaxRows + 1)
                    break; // refused whole by tabulate
            }
            const bool keyed = !rows.isEmpty() && columnFor(rows.first().value(0)) == Column::Key;
            return tabulate(SheetFormat::SheetsApi, rows, keyed);
        }
        if (o.contains(QStringLiteral("error")) && o.value(QStringLiteral("error")).isObject()) {
            reply.outcome = SheetOutcome::HttpError;
            reply.message = tr("Google returned an error: %1").arg(o.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().left(200));
            return reply;
        }
        reply.format = SheetFormat::AppsScript;
        const QString status = o.value(QStringLiteral("status")).toString();
        if (status.trimmed().toLower() == QLatin1String("error")) {
            reply.outcome = SheetOutcome::ScriptError;
            reply.message = tr("the Apps Script reported an error: %1").arg(o.value(QStringLiteral("message")).toString().left(300));
            return reply;
        }
        if (!o.contains(QStringLiteral("status"))) {
            reply.outcome = SheetOutcome::Unparsable;
            reply.message = tr("the Apps Script reply has no status field");
            return reply;
        }
        const QStringList header{QStringLiteral("License Key"), QStringLiteral("Status"), QStringLiteral("Expiry"), QStringLiteral("Last Payment"), QStringLiteral("Notes")};
        const QString key = o.value(QStringLiteral("license_key")).toString(o.value(QStringLiteral("key")).toString());
        const QStringList cells{key, cellText(o.value(QStringLiteral("status"))), cellText(o.value(QStringLiteral("expiry"))),
                                cellText(o.value(QStringLiteral("last_payment"))), cellText(o.value(QStringLiteral("notes")))};
        SheetReply script = tabulate(SheetFormat::AppsScript, {header, cells}, false);
        script.hasNotes = o.contains(QStringLiteral("notes"));
        return script;
    }
    if (format == SheetFormat::AppsScript || format == SheetFormat::SheetsApi || (trimmed.startsWith('{') && format == SheetFormat::Auto)) {
        reply.outcome = SheetOutcome::Unparsable;
        reply.message = tr("the reply is not valid JSON");
        return reply;
    }
    // Nothing, or a byte-order mark alone (helper-51: "a cell opens a quote that never closes").
    if (trimmed.size() == MarkedText::markLength(MarkedText::markOf(trimmed))) {
        reply.outcome = SheetOutcome::Unparsable;
        reply.message = tr("the sheet is empty");
        return reply;
    }
    // A file that is no text: the sheet published as a spreadsheet or a PDF (Google's "Publish to
    // the web" offers both beside CSV), or UTF-16 without its mark. Read as CSV it was "no Status
    // column", which sent the vendor to the sheet's header.
    if (body.startsWith("PK\x03\x04") || body.startsWith("%PDF-") || (!MarkedText::isWide(MarkedText::markOf(body)) && body.left(4096).contains('\0'))) {
        reply.outcome = SheetOutcome::Unparsable;
        reply.message = body.startsWith("PK\x03\x04") ? tr("the sheet was published as a spreadsheet file (.xlsx or .ods), not as CSV. In Google "
                                                            "Sheets, File > Share > Publish to the web, choose Comma-separated values (.csv) "
                                                            "and use the new link.")
                        : body.startsWith("%PDF-") ? tr("the sheet was published as a PDF, not as CSV. In Google Sheets, File > Share > Publish "
                                                       "to the web, choose Comma-separated values (.csv) and use the new link.")
                                                   : tr("the sheet is not text (it holds NUL bytes). Publish it as Comma-separated values (.csv), "
                                                        "or save it as CSV UTF-8.");
        return reply;
    }
    bool ok = false;
    const QList<QStringList> rows = parseCsv(body, &ok);
    if (!ok || rows.isEmpty()) {
        reply.outcome = SheetOutcome::Unparsable;
        // With a step (helper-50: the vendor was left with a question).
        reply.message = tr("the CSV could not be read: a cell opens a quote (\") that never closes. Check that cell in the sheet, or "
                           "publish the sheet to the web again as CSV.");
        return reply;
    }
    const bool keyed = columnFor(rows.first().value(0)) == Column::Key;
    return tabulate(SheetFormat::Csv, rows, keyed);
}

} // namespace hotelhub::sheets
