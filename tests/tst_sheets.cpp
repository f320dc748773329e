// Google Sheets replies: the parser on every fixture of tests/data/sheets (made outside the
// project), then `sheet sync` end to end against a local HTTP server serving them.
#include "Clock.h"
#include "FixtureHttpServer.h"
#include "LicenseKey.h"
#include "ServerProcess.h"
#include "TestSupport.h"
#include "sheets/SheetReply.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QElapsedTimer>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace hotelhub;
using namespace hotelhub::sheets;
using namespace hotelhub::test;

namespace {
QByteArray fixture(const char *name)
{
    QFile f(testDataDir() + QStringLiteral("/sheets/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return f.readAll();
}

SheetReply parseFixture(const char *name, int status = 200, const QByteArray &type = "application/json")
{
    return SheetParser::parse(status, type, fixture(name));
}
} // namespace

class TestSheets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appsScriptActiveDatesDoNotShift();
    void appsScriptSuspended();
    void appsScriptErrorIsAFailure();
    void publishedCsvIndonesianLocale();
    void publishedSingleClient();
    void sheetsApiValues();
    void sheetsApi429BacksOff();
    void gvizDates();
    void loginPageIsNotData();
    void dates_data();
    void dates();
    void garbage();
    void wideHeaderOverManyRows();
    void syncEndToEnd();
    void serveSyncsOnItsOwn();
};

void TestSheets::appsScriptActiveDatesDoNotShift()
{
    const SheetReply r = parseFixture("appsscript-active.json");
    QVERIFY(r.ok());
    QCOMPARE(r.formatName(), QStringLiteral("appsscript"));
    QCOMPARE(r.rows.size(), 1);
    QCOMPARE(r.rows[0].status, QStringLiteral("active"));
    QCOMPARE(r.rows[0].expiry, QDate(2025, 12, 31)); // 2025-12-30T17:00Z is 31 December in Jakarta
    QCOMPARE(r.rows[0].lastPayment, QDate(2025, 1, 28));
    QCOMPARE(r.rows[0].notes, QStringLiteral("Paid January 2025"));
}

void TestSheets::appsScriptSuspended()
{
    const SheetReply r = parseFixture("appsscript-suspended.json");
    QVERIFY(r.ok());
    QCOMPARE(r.rows[0].status, QStringLiteral("suspended"));
    QCOMPARE(r.rows[0].expiry, QDate(2025, 2, 28));
}

void TestSheets::appsScriptErrorIsAFailure()
{
    const SheetReply r = parseFixture("appsscript-error.json");
    QCOMPARE(r.outcome, SheetOutcome::ScriptError);
    QVERIFY(r.rows.isEmpty());
    QVERIFY(r.message.contains(QLatin1String("You do not have permission")));
}

void TestSheets::publishedCsvIndonesianLocale()
{
    const SheetReply r = parseFixture("published-id-locale.csv", 200, "text/csv");
    QVERIFY(r.ok());
    QCOMPARE(r.formatName(), QStringLiteral("csv"));
    QCOMPARE(r.rows.size(), 4);
    QCOMPARE(r.rows[0].key, QStringLiteral("HMS-ABCDE-23456-FGHJK-78901"));
    QCOMPARE(r.rows[0].status, QStringLiteral("active"));
    QCOMPARE(r.rows[0].expiry, QDate(2025, 12, 31));
    QCOMPARE(r.rows[0].lastPayment, QDate(2025, 1, 28));
    QCOMPARE(r.rows[0].notes, QStringLiteral("Paid January 2025, via BCA"));
    QCOMPARE(r.rows[1].status, QStringLiteral("suspended"));
    QCOMPARE(r.rows[1].notes, QStringLiteral("Reminder sent\nvia WhatsApp"));
    QCOMPARE(r.rows[2].status, QStringLiteral("active")); // "Active " trimmed and folded
    QCOMPARE(r.rows[2].expiry, QDate(2026, 3, 31));
    QVERIFY(!r.rows[2].lastPayment.isValid());
    QVERIFY(r.rows[2].ok());
    QVERIFY(!r.rows[3].ok()); // 31/02/2025 does not exist
    QVERIFY(r.rows[3].problems.join(u' ').contains(QLatin1String("31/02/2025")));
    QVERIFY(r.rows[0].ok() && r.rows[1].ok());
}

void TestSheets::wideHeaderOverManyRows()
{
    // 120 KB: a header of 60,000 columns over 60,000 one-cell rows. Each row now costs the few
    // columns that mean something; before, every row walked the whole header (3.6·10⁹ steps,
    // far past this test's time limit).
    QByteArray csv = "License Key,Status,Expiry" + QByteArray(60000, ',') + "\n";
    for (int i = 0; i < 60000; ++i)
        csv += "x\n";
    const SheetReply r = SheetParser::parse(200, "text/csv", csv);
    QCOMPARE(r.formatName(), QStringLiteral("csv"));
    QCOMPARE(r.rows.size(), 60000);
    // And no row holds room for the header's width: each kept a block the size of the header's
    // (Qt 6's clear() of a shared list allocates its capacity again), 60,000 blocks of 1.4 MiB,
    // a page of each touched: 240 MiB for these 120 KB, 2 GiB for a 2 MiB sheet.
    bool csvOk = false;
    const QList<QStringList> table = SheetParser::parseCsv(csv, &csvOk);
    QVERIFY(csvOk);
    QCOMPARE(table.size(), 60001);
    for (qsizetype i = 1; i < table.size(); ++i)
        QVERIFY2(table.at(i).capacity() < 64, qPrintable(QStringLiteral("row %1 has room for %2 cells").arg(i).arg(table.at(i).capacity())));
    // More rows than a sheet of licences has: refused whole, and not read on (helper-50: a
    // million two-byte rows took 1 GiB); 100,000 are read.
    QByteArray many = "License Key,Status\n";
    for (qsizetype i = 0; i < SheetParser::kMaxRows + 1; ++i)
        many += "a\n";
    const SheetReply tooMany = SheetParser::parse(200, "text/csv", many);
    QVERIFY2(!tooMany.ok() && tooMany.message.contains(QLatin1String("more than 100000 rows")), qPrintable(tooMany.message));
    bool manyOk = false;
    QVERIFY(SheetParser::parseCsv(many + many, &manyOk).size() <= SheetParser::kMaxRows + 2);
    many.chop(2);
    QCOMPARE(SheetParser::parse(200, "text/csv", many).rows.size(), SheetParser::kMaxRows);
    // What the sheet says is a plain line: no escape sequence, no line break of its own
    // (helper-50: an Apps Script message cleared the screen and wrote a fake line).
    const SheetReply hostile = SheetParser::parse(200, "application/json",
                                                  "{\"status\":\"error\",\"message\":\"\\u001b]0;PWNED\\u0007\\u001b[2JRED\\u202eevil\\r\\nfake line\"}");
    QVERIFY2(!hostile.ok() && hostile.message.contains(QLatin1String("fake line")) && !hostile.message.contains(QChar(0x1b))
                 && !hostile.message.contains(u'\n') && !hostile.message.contains(u'\r') && !hostile.message.contains(QChar(0x202e)),
             qPrintable(hostile.message));
    const SheetReply cells = SheetParser::parse(200, "text/csv", "License Key,Status,Notes\nHMS-ABCDE-23456-FGHJK-78901,\"act\x1b[2Jive\",\"" + QByteArray(600, 'n') + "\"\n");
    QCOMPARE(cells.rows.size(), 1);
    QVERIFY2(!cells.rows.first().problems.join(u' ').contains(QChar(0x1b)), qPrintable(cells.rows.first().problems.join(u' ')));
    QCOMPARE(cells.rows.first().notes.size(), SheetParser::kMaxNotes + 1); // and "…"
    // The first column of each kind is the one read.
    const SheetReply dup = SheetParser::parse(200, "text/csv", "License Key,Status,Status\nHMS-ABCDE-23456-FGHJK-78901,active,revoked\n");
    QCOMPARE(dup.rows.value(0).status, QStringLiteral("active"));
}

void TestSheets::publishedSingleClient()
{
    const SheetReply r = parseFixture("published-single-client.csv", 200, "text/csv");
    QVERIFY(r.ok());
    QCOMPARE(r.rows.size(), 1);
    QVERIFY(r.rows[0].key.isEmpty());
    QCOMPARE(r.rows[0].status, QStringLiteral("active"));
    QCOMPARE(r.rows[0].expiry, QDate(2025, 12, 31));
    QCOMPARE(r.rows[0].lastPayment, QDate(2025, 1, 28));
}

void TestSheets::sheetsApiValues()
{
    const SheetReply r = parseFixture("sheets-api-values.json");
    QVERIFY(r.ok());
    QCOMPARE(r.formatName(), QStringLiteral("sheets-api"));
    QCOMPARE(r.rows.size(), 4);
    QCOMPARE(r.rows[1].status, QStringLiteral("suspended"));
    QVERIFY(!r.rows[1].lastPayment.isValid());
    QVERIFY(r.rows[1].notes.isEmpty());
    QVERIFY(r.rows[1].ok());
    QCOMPARE(r.rows[2].status, QStringLiteral("revoked"));
    QVERIFY(!r.rows[3].ok());
    QVERIFY(r.rows[3].problems.join(u' ').contains(QLatin1String("missing status")));
}

void TestSheets::sheetsApi429BacksOff()
{
    const SheetReply r = parseFixture("sheets-api-429.json", 429);
    QCOMPARE(r.outcome, SheetOutcome::RateLimited);
    QVERIFY(r.rows.isEmpty());
    QVERIFY(r.message.contains(QLatin1String("429")));
}

void TestSheets::gvizDates()
{
    const SheetReply r = parseFixture("gviz-response.txt", 200, "text/javascript");
    QVERIFY2(r.ok(), qPrintable(r.message));
    QCOMPARE(r.formatName(), QStringLiteral("gviz"));
    QVERIFY(r.rows.size() >= 2);
    QCOMPARE(r.rows[0].expiry, QDate(2025, 12, 31));
    QCOMPARE(r.rows[1].expiry, QDate(2025, 2, 28));
    bool sawEmpty = false;
    for (const SheetRow &row : r.rows)
        sawEmpty = sawEmpty || !row.lastPayment.isValid() || row.notes.isEmpty();
    QVERIFY(sawEmpty); // a null cell reads as empty, not as "null"
    for (const SheetRow &row : r.rows)
        QVERIFY(!row.notes.contains(QLatin1String("null")));
}

void TestSheets::loginPageIsNotData()
{
    const SheetReply r = parseFixture("login-page.html", 200, "text/html; charset=utf-8");
    QCOMPARE(r.outcome, SheetOutcome::NotPublic);
    QVERIFY(r.message.contains(QLatin1String("the sheet is not public")));
    QVERIFY(r.rows.isEmpty());
    // Even without a content type, the first bytes give it away.
    QCOMPARE(SheetParser::parse(200, QByteArray(), fixture("login-page.html")).outcome, SheetOutcome::NotPublic);
}

void TestSheets::dates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDate>("date");
    QTest::newRow("iso") << "2025-12-31" << QDate(2025, 12, 31);
    QTest::newRow("dd/mm/yyyy") << "31/12/2025" << QDate(2025, 12, 31);
    QTest::newRow("d/m/yyyy") << "1/2/2025" << QDate(2025, 2, 1);
    QTest::newRow("dots") << "31.12.2025" << QDate(2025, 12, 31);
    QTest::newRow("UTC instant late in the Jakarta day") << "2025-12-31T16:59:59Z" << QDate(2025, 12, 31);
    QTest::newRow("UTC instant past Jakarta midnight") << "2025-12-31T17:00:00Z" << QDate(2026, 1, 1);
    QTest::newRow("gviz zero-based month") << "Date(2025,0,31)" << QDate(2025, 1, 31);
    QTest::newRow("impossible") << "31/02/2025" << QDate();
    QTest::newRow("words") << "next month" << QDate();
    QTest::newRow("empty") << "" << QDate();
}

void TestSheets::dates()
{
    QFETCH(QString, text);
    QFETCH(QDate, date);
    bool valid = false;
    QCOMPARE(SheetParser::parseDate(text, &valid), date);
    QCOMPARE(valid, date.isValid());
}

void TestSheets::garbage()
{
    QCOMPARE(SheetParser::parse(200, "application/json", "{not json").outcome, SheetOutcome::Unparsable);
    QCOMPARE(SheetParser::parse(500, "text/plain", "oops").outcome, SheetOutcome::HttpError);
    QCOMPARE(SheetParser::parse(200, "text/csv", "Name,Age\nx,1\n").outcome, SheetOutcome::Unparsable); // no Status column
    QCOMPARE(SheetParser::parse(200, "text/csv", "Status,Expiry\n\"unterminated,2025-01-01\n").outcome, SheetOutcome::Unparsable);
    // Said with a step (helper-50: "an unterminated quote?" left the vendor with a question).
    QVERIFY(SheetParser::parse(200, "text/csv", "Status,Expiry\n\"unterminated,2025-01-01\n").message.contains(QLatin1String("publish the sheet")));
    QCOMPARE(SheetParser::parse(200, "application/json", "{\"foo\":1}").outcome, SheetOutcome::Unparsable);
    // No Status column: both forms named, the vendor's with its key column (the vendor's sync was
    // told the hotel's form, without License Key).
    QVERIFY(SheetParser::parse(200, "text/csv", "Name,Age\nx,1\n").message.contains(QLatin1String("License Key | Status | Expiry")));
    QVERIFY(SheetParser::parse(200, "text/csv", "License Key,State\nx,1\n").message.contains(QLatin1String("License Key | Status | Expiry")));
    // A cell quoted in a row's problem has its key masked before it is cut (cut first, three of
    // its groups were shown; helper-51).
    const SheetReply quotedKey = SheetParser::parse(200, "text/csv", "License Key,Status\nHMS-ABCDE-23456-FGHJK-78901,paid via key M3F6Y-7HDJX-ZTSW6-4F9VR\n");
    QVERIFY(quotedKey.ok() && quotedKey.rows.size() == 1 && !quotedKey.rows[0].problems.isEmpty());
    QVERIFY2(!quotedKey.rows[0].problems.join(u' ').contains(QLatin1String("7HDJX")), qPrintable(quotedKey.rows[0].problems.join(u' ')));
    // Another licence's key in a Status cell with "; " or markup between its groups is masked in
    // the row's problem (helper-52: quoted whole).
    for (const char *cell : {"M3F6Y; 7HDJX; ZTSW6; 4F9VR", "M3F6Y</b>7HDJX</b>ZTSW6</b>4F9VR"}) {
        const SheetReply r = SheetParser::parse(200, "text/csv", QByteArray("License Key,Status\nHMS-ABCDE-23456-FGHJK-78901,") + cell + "\n");
        QVERIFY(r.ok() && r.rows.size() == 1 && !r.rows[0].problems.isEmpty());
        QVERIFY2(!r.rows[0].problems.join(u' ').contains(QLatin1String("7HDJX")), qPrintable(r.rows[0].problems.join(u' ')));
    }
    // An empty body, or a byte-order mark alone, is an empty sheet (helper-51: an unclosed quote).
    for (const QByteArray &empty : {QByteArray(), QByteArray("\xFF\xFE"), QByteArray("\xEF\xBB\xBF\r\n")}) {
        const SheetReply r = SheetParser::parse(200, "text/csv", empty);
        QVERIFY2(r.outcome == SheetOutcome::Unparsable && r.message == QLatin1String("the sheet is empty"), qPrintable(r.message));
    }
    // UTF-16 with its mark is read (it was said to have no Status column).
    const QString csv = QStringLiteral("License Key,Status,Expiry\r\nHMS-ABCDE-23456-FGHJK-78901,active,2027-01-31\r\n");
    for (const bool bigEndian : {false, true}) {
        QByteArray bytes = bigEndian ? QByteArray("\xFE\xFF") : QByteArray("\xFF\xFE");
        for (const QChar c : csv) {
            const char hi = char(c.unicode() >> 8), lo = char(c.unicode() & 0xFF);
            bytes += bigEndian ? QByteArray{&hi, 1} + QByteArray{&lo, 1} : QByteArray{&lo, 1} + QByteArray{&hi, 1};
        }
        const SheetReply r = SheetParser::parse(200, "text/csv", bytes);
        QVERIFY2(r.ok() && r.rows.size() == 1, qPrintable(r.message));
        QCOMPARE(r.rows[0].key, QStringLiteral("HMS-ABCDE-23456-FGHJK-78901"));
        QCOMPARE(r.rows[0].expiry, QDate(2027, 1, 31));
    }
    // An HTTP error says the sheet owner's step too (helper-52: "answered HTTP 404" alone).
    const SheetReply missing = SheetParser::parse(404, "text/html", "<html>Not Found</html>");
    QVERIFY2(missing.outcome == SheetOutcome::HttpError && missing.ownerStep.contains(QLatin1String("Publish to the web")), qPrintable(missing.ownerStep));
    QVERIFY(SheetParser::parse(403, "text/html", "denied").ownerStep.contains(QLatin1String("Anyone with the link")));
    // Excel's ";" (where the decimal mark is a comma, as on an Indonesian Windows) and tabs, told
    // by the header: said to have no Status column (helper-52). A comma in a note stays a comma.
    for (const char *separator : {";", "\t"}) {
        const QByteArray body = QByteArray("License Key;Status;Expiry;Notes\r\nHMS-ABCDE-23456-FGHJK-78901;active;31/01/2027;\"Lunas, BCA\"\r\n")
                                    .replace(';', separator);
        const SheetReply r = SheetParser::parse(200, "text/csv", body);
        QVERIFY2(r.ok() && r.rows.size() == 1, qPrintable(r.message));
        QCOMPARE(r.rows[0].status, QStringLiteral("active"));
        QCOMPARE(r.rows[0].expiry, QDate(2027, 1, 31));
        QCOMPARE(r.rows[0].notes, QStringLiteral("Lunas, BCA"));
    }
    // Excel's "sep=;" hint line names the separator and is no row (it was read as the header:
    // "no Status column"; helper-53); it wins over a comma in a column's name.
    // Quoted too, as a program that quotes every field saves it again (helper-54).
    for (const char *hint : {"sep=;\r\n", "SEP=;\n", "\"sep=;\"\r\n", "\"sep=;\";;;;\r\n"}) {
        const SheetReply r = SheetParser::parse(
            200, "text/csv", QByteArray(hint) + "License Key;Status;Expiry;Notes;Kamar, lantai\r\nHMS-ABCDE-23456-FGHJK-78901;active;31/01/2027;Lunas, BCA;12, 2\r\n");
        QVERIFY2(r.ok() && r.rows.size() == 1, qPrintable(r.message));
        QCOMPARE(r.rows[0].status, QStringLiteral("active"));
        QCOMPARE(r.rows[0].notes, QStringLiteral("Lunas, BCA"));
        QCOMPARE(r.rows[0].line, 1); // row 2 as Excel shows it: the hint line is hidden there
    }
    // UTF-32 with its mark is read too (it was "no Status column": read as UTF-16, every other
    // character a NUL; helper-51).
    for (const bool bigEndian : {false, true}) {
        QByteArray bytes = bigEndian ? QByteArray("\0\0\xFE\xFF", 4) : QByteArray("\xFF\xFE\0\0", 4);
        for (const QChar c : csv) {
            const char hi = char(c.unicode() >> 8), lo = char(c.unicode() & 0xFF);
            bytes += bigEndian ? QByteArray(2, '\0') + QByteArray{&hi, 1} + QByteArray{&lo, 1}
                               : QByteArray{&lo, 1} + QByteArray{&hi, 1} + QByteArray(2, '\0');
        }
        const SheetReply r = SheetParser::parse(200, "text/csv", bytes);
        QVERIFY2(r.ok() && r.rows.size() == 1, qPrintable(r.message));
        QCOMPARE(r.rows[0].key, QStringLiteral("HMS-ABCDE-23456-FGHJK-78901"));
        QCOMPARE(r.rows[0].status, QStringLiteral("active"));
    }
    // Excel's plain "CSV (Comma delimited)" on Windows writes Windows-1252: its notes are read as
    // written (they were U+FFFD for every é, and for the dash and the quotes Excel puts in).
    const SheetReply ansi = SheetParser::parse(200, "text/csv", "License Key,Status,Expiry,Notes\r\nHMS-ABCDE-23456-FGHJK-78901,active,"
                                                               "2027-01-31,Caf\xE9 \x96 \x93lunas\x94 \x80 50\r\n");
    QVERIFY2(ansi.ok() && ansi.rows.size() == 1, qPrintable(ansi.message));
    QCOMPARE(ansi.rows[0].notes, QStringLiteral("Caf\u00E9 \u2013 \u201Clunas\u201D \u20AC 50"));
    // A lone byte that is no UTF-8 at the very end is read too (a decoder that keeps state would drop it).
    QCOMPARE(SheetParser::decodeText("Caf\xE9"), QStringLiteral("Caf\u00E9"));
    QCOMPARE(SheetParser::decodeText("Caf\xC3\xA9"), QStringLiteral("Caf\u00E9"));
    // A web page that is not Google's sign-in page is not called one (an nginx welcome page, a
    // Wi-Fi sign-in page: helper-51).
    for (const QByteArray &contentType : {QByteArray("text/html"), QByteArray()}) {
        const SheetReply page = SheetParser::parse(200, contentType, "<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head></html>\n");
        QCOMPARE(page.outcome, SheetOutcome::Unreachable);
        QVERIFY2(page.message.contains(QLatin1String("a web page, not the sheet")) && !page.message.contains(QLatin1String("Google")),
                 qPrintable(page.message));
        QVERIFY2(page.ownerStep.contains(QLatin1String("Publish to the web")), qPrintable(page.ownerStep));
    }
    // A sheet published as a spreadsheet, a PDF, or bytes that are no text: named, with the step.
    const struct
    {
        QByteArray body;
        const char *says;
    } files[] = {{QByteArray("PK\x03\x04\x14\x00\x06\x00", 8) + QByteArray(200, '\x01'), ".xlsx or .ods"},
                 {"%PDF-1.4\n%\xE2\xE3\n1 0 obj", "as a PDF"},
                 {QByteArray("S\0t\0a\0t\0u\0s\0", 12), "NUL bytes"}};
    for (const auto &f : files) {
        const SheetReply r = SheetParser::parse(200, "application/octet-stream", f.body);
        QCOMPARE(r.outcome, SheetOutcome::Unparsable);
        QVERIFY2(r.message.contains(QLatin1String(f.says)) && r.message.contains(QLatin1String("(.csv)")), qPrintable(r.message));
    }
}

void TestSheets::syncEndToEnd()
{
    QTemporaryDir dir;
    ServerProcess vendor(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), dir.path());
    // Licences whose keys the fixtures name are made by the store directly: `license create`
    // draws random keys, so the test writes these rows through the same admin path afterwards.
    const QStringList keys{QStringLiteral("HMS-ABCDE-23456-FGHJK-78901"), QStringLiteral("HMS-ZZZZZ-11111-22222-33333"),
                           QStringLiteral("HMS-QQQQQ-44444-55555-66666")};
    QVERIFY(!vendor.createLicense().isEmpty()); // creates and migrates the database
    {
        const QString name = QStringLiteral("seed");
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(dir.filePath(QStringLiteral("vendor.sqlite")));
        QVERIFY(db.open());
        for (const QString &k : keys) {
            const LicenseKey key = LicenseKey::parse(k);
            QSqlQuery q(db);
            q.prepare(QStringLiteral("INSERT INTO licenses (key_hash, key_masked, plan, max_rooms, max_users, valid_until, status, created_at, updated_at) "
                                     "VALUES (?, ?, 'standalone-pro', 50, 10, '2025-01-31T16:59:59.000Z', 'active', 'x', 'x')"));
            q.addBindValue(key.hash());
            q.addBindValue(key.masked());
            QVERIFY(q.exec());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("seed"));

    FixtureHttpServer sheet;
    sheet.serve("/csv", {200, "text/csv; charset=utf-8", fixture("published-id-locale.csv"), {}});
    sheet.serve("/api", {200, "application/json", fixture("sheets-api-values.json"), {}});
    sheet.serve("/login", {200, "text/html", fixture("login-page.html"), {}});
    sheet.serve("/limited", {429, "application/json", fixture("sheets-api-429.json"), {}});
    sheet.serve("/script-error", {200, "application/json", fixture("appsscript-error.json"), {}});
    sheet.serve("/redirect", {302, "text/html", {}, sheet.url(QStringLiteral("/csv")).toLatin1()});
    sheet.serve("/gviz", {200, "text/javascript; charset=utf-8", fixture("gviz-response.txt"), {}});
    // An Apps Script web app for a multi-licence sheet answers with the key in each reply.
    QJsonObject script = QJsonDocument::fromJson(fixture("appsscript-active.json")).object();
    script.insert(QStringLiteral("license_key"), keys[2]);
    sheet.serve("/script", {200, "application/json", QJsonDocument(script).toJson(), {}});
    // 250 unknown keys: the first 200 rejections are said, the rest counted (helper-50: every one
    // was printed at every sync).
    QByteArray unknown = "License Key,Status\n";
    for (int i = 0; i < 250; ++i)
        unknown += "HMS-ABCDE-23456-FGHJK-" + QByteArray::number(10000 + i) + ",active\n";
    sheet.serve("/unknown", {200, "text/csv", unknown, {}});
    // Keys in the wrong cells, or with a word after them: each row is rejected, and its refusal
    // quoted the cell with the key whole (helper-41).
    // A sheet without the Last Payment and Notes columns, and one that names a licence twice.
    sheet.serve("/short", {200, "text/csv", "License Key,Status,Expiry\n" + keys[0].toLatin1() + ",active,\n", {}});
    sheet.serve("/twice", {200, "text/csv",
                           "License Key,Status,Expiry\n" + keys[0].toLatin1() + ",active,\n" + keys[1].toLatin1() + ",suspended,\n"
                               + keys[0].toLatin1() + ",suspended,\n" + keys[1].toLatin1() + ",suspended,\n",
                           {}});
    sheet.serve("/keyed", {200, "text/csv; charset=utf-8",
                           "License Key,Status,Expiry,Last Payment,Notes\n"
                           "HMS-KQ7RM-2V9XT-PL4NW-8CJ3D (paid),active,31/12/2025,,\n"
                           "HMS-ABCDE-23456-FGHJK-78901,HMS-KQ7RM-2V9XT-PL4NW-8CJ3D,31/12/2025,,\n"
                           "HMS-ABCDE-23456-FGHJK-78901,active,HMS-KQ7RM-2V9XT-PL4NW-8CJ3D,,\n"
                           "hmskq7rm2v9xtpl4nw8cj3dx,active,31/12/2025,,\n",
                           {}});

    auto sync = [&](const QString &path) {
        CommandResult r;
        QProcess p;
        p.start(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), {QStringLiteral("sheet"), QStringLiteral("sync"), QStringLiteral("--db"), vendor.db(),
                                                               QStringLiteral("--url"), sheet.url(path)});
        // The fixture server lives on this thread: keep its event loop turning while we wait.
        QElapsedTimer t;
        t.start();
        while (p.state() != QProcess::NotRunning && t.elapsed() < 60000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            p.waitForFinished(20);
        }
        r.exitCode = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    };
    auto show = [&](const QString &key) {
        return QJsonDocument::fromJson(vendor.admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--json")}).out.toUtf8()).object();
    };

    // Refused sheets change nothing.
    for (const char *path : {"/login", "/limited", "/script-error"}) {
        const CommandResult r = sync(QLatin1String(path));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QLatin1String("Sheet refused")), qPrintable(r.out));
        QCOMPARE(show(keys[0]).value(QStringLiteral("valid_until")).toString(), QStringLiteral("2025-01-31"));
    }
    // The vendor reads its own step; the hotel is told to ask the vendor for it, once (helper-41).
    QVERIFY(sync(QStringLiteral("/login")).out.contains(QLatin1String("not public (Google answered with a sign-in page). Share it as")));

    // The CSV (reached through a redirect, as Apps Script does): three rows apply, the impossible date is rejected.
    CommandResult r = sync(QStringLiteral("/redirect"));
    QCOMPARE(r.exitCode, 1); // one row was rejected
    QVERIFY2(r.out.contains(QLatin1String("3 changed, 0 unchanged, 1 rejected")), qPrintable(r.out));
    QCOMPARE(show(keys[0]).value(QStringLiteral("valid_until")).toString(), QStringLiteral("2025-12-31"));
    QCOMPARE(show(keys[0]).value(QStringLiteral("notes")).toString(), QStringLiteral("Paid January 2025, via BCA"));
    QCOMPARE(show(keys[1]).value(QStringLiteral("status")).toString(), QStringLiteral("suspended"));
    QCOMPARE(show(keys[2]).value(QStringLiteral("valid_until")).toString(), QStringLiteral("2026-03-31"));
    // Running it again changes nothing (only changes are applied and audited).
    r = sync(QStringLiteral("/csv"));
    QVERIFY2(r.out.contains(QLatin1String("0 changed, 3 unchanged, 1 rejected")), qPrintable(r.out));

    // Sheets API: row 3 revokes, row 4 (key only) is reported and changes nothing.
    r = sync(QStringLiteral("/api"));
    QVERIFY2(r.out.contains(QLatin1String("missing status")), qPrintable(r.out));
    QCOMPARE(show(keys[2]).value(QStringLiteral("status")).toString(), QStringLiteral("revoked"));
    QCOMPARE(show(keys[1]).value(QStringLiteral("valid_until")).toString(), QStringLiteral("2025-02-28"));

    // gviz (zero-based months) and Apps Script (a UTC instant that is 31 December in Jakarta).
    QCOMPARE(vendor.admin({QStringLiteral("license"), QStringLiteral("extend"), keys[0], QStringLiteral("--until"), QStringLiteral("2024-06-30")}).exitCode, 0);
    r = sync(QStringLiteral("/gviz"));
    QVERIFY2(r.out.contains(QLatin1String("1 changed")), qPrintable(r.out));
    QCOMPARE(show(keys[0]).value(QStringLiteral("valid_until")).toString(), QStringLiteral("2025-12-31"));
    // A revoked licence is not reinstated by a row that says "active" (a sheet not yet edited after
    // `license revoke` undid the revocation at the next sync): the row is rejected and named.
    r = sync(QStringLiteral("/script"));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QLatin1String("the sheet does not reinstate it")) && r.out.contains(QLatin1String("1 rejected")), qPrintable(r.out));
    QCOMPARE(show(keys[2]).value(QStringLiteral("status")).toString(), QStringLiteral("revoked"));
    r = sync(QStringLiteral("/unknown"));
    QVERIFY2(r.out.count(QLatin1String("unknown licence key")) == 200 && r.out.contains(QLatin1String("and 50 more rows rejected"))
                 && r.out.contains(QLatin1String("250 rejected")),
             qPrintable(r.out.right(400)));
    r = sync(QStringLiteral("/keyed"));
    QVERIFY2(r.out.contains(QLatin1String("4 rejected")), qPrintable(r.out));
    QVERIFY2(!r.out.contains(QLatin1String("2V9XT"), Qt::CaseInsensitive) && !r.out.contains(QLatin1String("PL4NW"), Qt::CaseInsensitive)
                 && !r.err.contains(QLatin1String("2V9XT"), Qt::CaseInsensitive),
             qPrintable(r.out + r.err));
    // Without a Notes or Last Payment column, a licence's notes and last payment stay (they were
    // cleared: helper-52).
    const QJsonObject before = show(keys[0]);
    QVERIFY(!before.value(QStringLiteral("notes")).toString().isEmpty() && !before.value(QStringLiteral("last_payment")).toString().isEmpty());
    r = sync(QStringLiteral("/short"));
    QVERIFY2(r.exitCode == 0 && !r.out.contains(QLatin1String("payment/notes")), qPrintable(r.out));
    QCOMPARE(show(keys[0]).value(QStringLiteral("notes")), before.value(QStringLiteral("notes")));
    QCOMPARE(show(keys[0]).value(QStringLiteral("last_payment")), before.value(QStringLiteral("last_payment")));
    // A licence in two rows that disagree: neither applies, at every sync (it flipped back and
    // forth, helper-52); two rows that agree are one.
    for (int round = 0; round < 2; ++round) {
        r = sync(QStringLiteral("/twice"));
        QVERIFY2(r.exitCode == 1 && r.out.count(QLatin1String("with other values")) == 2 && r.out.contains(QLatin1String("also in row 4"))
                     && r.out.contains(QLatin1String("also in row 2")) && r.out.contains(QLatin1String("2 rejected")),
                 qPrintable(r.out));
        QCOMPARE(show(keys[0]).value(QStringLiteral("status")).toString(), QStringLiteral("active"));
        QCOMPARE(show(keys[1]).value(QStringLiteral("status")).toString(), QStringLiteral("suspended"));
    }
    // Reinstated on purpose, with the reason; then the sheet's row applies as any other.
    QCOMPARE(vendor.admin({QStringLiteral("license"), QStringLiteral("resume"), keys[2], QStringLiteral("--reason"), QStringLiteral("revoked by mistake")}).exitCode, 0);
    r = sync(QStringLiteral("/script"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(show(keys[2]).value(QStringLiteral("status")).toString(), QStringLiteral("active"));
    QCOMPARE(show(keys[2]).value(QStringLiteral("valid_until")).toString(), QStringLiteral("2025-12-31"));
}

void TestSheets::serveSyncsOnItsOwn()
{
    QTemporaryDir dir;
    ServerProcess vendor(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), dir.path());
    QVERIFY(vendor.initKeys());
    const QString key = vendor.createLicense({QStringLiteral("--valid-until"), QStringLiteral("2025-01-31")});
    // A one-row Sheets API reply naming this licence: suspended, expiry at the end of 2030.
    const QJsonObject values{{QStringLiteral("range"), QStringLiteral("A1:E2")},
                             {QStringLiteral("values"), QJsonArray{QJsonArray{QStringLiteral("License Key"), QStringLiteral("Status"), QStringLiteral("Expiry")},
                                                                   QJsonArray{key, QStringLiteral("suspended"), QStringLiteral("31/12/2030")}}}};
    FixtureHttpServer sheet;
    sheet.serve("/values", {200, "application/json", QJsonDocument(values).toJson(), {}});
    QVERIFY(vendor.start({QStringLiteral("--sheet-url"), sheet.url(QStringLiteral("/values")), QStringLiteral("--sheet-every"), QStringLiteral("60")}));
    QTRY_VERIFY_WITH_TIMEOUT(sheet.hits("/values") >= 1, 20000);
    QJsonObject shown;
    QTRY_VERIFY_WITH_TIMEOUT((shown = QJsonDocument::fromJson(vendor.admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--json")}).out.toUtf8()).object())
                                     .value(QStringLiteral("status")).toString() == QLatin1String("suspended"),
                             20000);
    QCOMPARE(shown.value(QStringLiteral("valid_until")).toString(), QStringLiteral("2030-12-31"));
    QCOMPARE(vendor.stop(), 0);
    QVERIFY(vendor.log().contains("Sheet sync: 1 changed"));
}

QTEST_GUILESS_MAIN(TestSheets)
#include "tst_sheets.moc"
