#include "LicenseKey.h"
#include "OfflineActivation.h"

#include <QTest>

using namespace hotelhub;

class TestLicenseKey : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void normalise_data();
    void normalise();
    void badCharacterIsNamedWhole();
    void hashIsOfCanonicalKey();
    void maskedShowsOnlyEnds();
    void keysInTextAreMasked();
    void metKeysAreMaskedHoweverWritten();
    void formatPartial_data();
    void formatPartial();
};

void TestLicenseKey::normalise_data()
{
    QTest::addColumn<QString>("pasted");
    QTest::addColumn<QString>("canonical"); // empty: invalid
    QTest::addColumn<QString>("problem");
    const QString k = QStringLiteral("HMS-ABCDE-23456-FGHJK-78901");

    QTest::newRow("exact") << k << k << "ok";
    QTest::newRow("lower case") << QStringLiteral("hms-abcde-23456-fghjk-78901") << k << "ok";
    QTest::newRow("mixed case") << QStringLiteral("Hms-AbCdE-23456-fGhJk-78901") << k << "ok";
    QTest::newRow("no dashes") << QStringLiteral("HMSABCDE23456FGHJK78901") << k << "ok";
    QTest::newRow("missing some dashes") << QStringLiteral("HMS-ABCDE23456-FGHJK78901") << k << "ok";
    QTest::newRow("extra dashes") << QStringLiteral("HMS--ABCDE---23456-FGHJK-78901-") << k << "ok";
    QTest::newRow("spaces around") << QStringLiteral("   HMS-ABCDE-23456-FGHJK-78901   ") << k << "ok";
    QTest::newRow("spaces instead of dashes") << QStringLiteral("HMS ABCDE 23456 FGHJK 78901") << k << "ok";
    QTest::newRow("line break inside") << QStringLiteral("HMS-ABCDE-23456-\nFGHJK-78901") << k << "ok";
    QTest::newRow("CRLF after") << QStringLiteral("HMS-ABCDE-23456-FGHJK-78901\r\n") << k << "ok";
    QTest::newRow("tab") << QStringLiteral("\tHMS-ABCDE-23456-FGHJK-78901\t") << k << "ok";
    QTest::newRow("double quotes") << QStringLiteral("\"HMS-ABCDE-23456-FGHJK-78901\"") << k << "ok";
    QTest::newRow("single quotes") << QStringLiteral("'HMS-ABCDE-23456-FGHJK-78901'") << k << "ok";
    QTest::newRow("smart quotes") << QStringLiteral("\u201CHMS-ABCDE-23456-FGHJK-78901\u201D") << k << "ok";
    QTest::newRow("backticks") << QStringLiteral("`HMS-ABCDE-23456-FGHJK-78901`") << k << "ok";
    QTest::newRow("zero-width space") << QStringLiteral("HMS-ABC\u200BDE-23456-FGHJK-78901") << k << "ok";
    QTest::newRow("BOM and ZWJ") << QStringLiteral("\uFEFFHMS-ABCDE-23456-FG\u200DHJK-78901") << k << "ok";
    QTest::newRow("non-breaking spaces") << QStringLiteral("\u00A0HMS-ABCDE-23456-FGHJK-78901\u00A0") << k << "ok";
    QTest::newRow("en dashes from a PDF") << QStringLiteral("HMS\u2013ABCDE\u201323456\u2013FGHJK\u201378901") << k << "ok";
    QTest::newRow("trailing full stop") << QStringLiteral("HMS-ABCDE-23456-FGHJK-78901.") << k << "ok";
    QTest::newRow("soft hyphen") << QStringLiteral("HMS-ABCDE-234\u00AD56-FGHJK-78901") << k << "ok";
    QTest::newRow("full-width hyphen-minus U+FF0D") << QStringLiteral("HMS\uFF0DABCDE\uFF0D23456\uFF0DFGHJK\uFF0D78901") << k << "ok";
    QTest::newRow("small hyphen-minus U+FE63") << QStringLiteral("HMS\uFE63ABCDE\uFE6323456\uFE63FGHJK\uFE6378901") << k << "ok";
    QTest::newRow("horizontal bar U+2015") << QStringLiteral("HMS\u2015ABCDE\u201523456\u2015FGHJK\u201578901") << k << "ok";
    QTest::newRow("minus sign U+2212") << QStringLiteral("HMS\u2212ABCDE\u221223456\u2212FGHJK\u221278901") << k << "ok";
    QTest::newRow("non-breaking hyphen") << QStringLiteral("HMS\u2011ABCDE\u201123456\u2011FGHJK\u201178901") << k << "ok";
    QTest::newRow("full-width letters and digits") << QStringLiteral("\uFF28\uFF2D\uFF33-\uFF21\uFF22\uFF23\uFF24\uFF25-\uFF12\uFF13\uFF14\uFF15\uFF16-FGHJK-78901") << k << "ok";
    QTest::newRow("direction marks") << QStringLiteral("\u200EHMS-ABCDE-23456-FGHJK-78901\u200F") << k << "ok";
    QTest::newRow("WhatsApp isolates") << QStringLiteral("\u2066HMS-ABCDE-23456-FGHJK-78901\u2069") << k << "ok";

    QTest::newRow("empty") << QString() << QString() << "key_empty";
    QTest::newRow("only spaces") << QStringLiteral("  \n ") << QString() << "key_empty";
    QTest::newRow("wrong prefix") << QStringLiteral("ABC-ABCDE-23456-FGHJK-78901") << QString() << "key_wrong_prefix";
    QTest::newRow("missing prefix") << QStringLiteral("ABCDE-23456-FGHJK-78901") << QString() << "key_wrong_prefix";
    QTest::newRow("group missing") << QStringLiteral("HMS-ABCDE-23456-FGHJK") << QString() << "key_wrong_length";
    QTest::newRow("one char short") << QStringLiteral("HMS-ABCDE-23456-FGHJK-7890") << QString() << "key_wrong_length";
    QTest::newRow("one char long") << QStringLiteral("HMS-ABCDE-23456-FGHJK-789012") << QString() << "key_wrong_length";
    QTest::newRow("punctuation inside") << QStringLiteral("HMS-ABCDE-234*6-FGHJK-78901") << QString() << "key_bad_character";
    QTest::newRow("accented letter") << QStringLiteral("HMS-ABCDÉ-23456-FGHJK-78901") << QString() << "key_bad_character";
    QTest::newRow("two keys pasted") << QStringLiteral("HMS-ABCDE-23456-FGHJK-78901 HMS-ABCDE-23456-FGHJK-78901") << QString() << "key_wrong_length";
}

void TestLicenseKey::normalise()
{
    QFETCH(QString, pasted);
    QFETCH(QString, canonical);
    QFETCH(QString, problem);
    const LicenseKey key = LicenseKey::parse(pasted);
    QCOMPARE(key.text(), canonical);
    QCOMPARE(key.isValid(), !canonical.isEmpty());
    QCOMPARE(key.problemCode(), problem);
    if (!key.isValid()) {
        QVERIFY(!key.problemText().isEmpty());
        QVERIFY(key.hash().isEmpty());
        QVERIFY(key.masked().isEmpty());
    }
}

void TestLicenseKey::badCharacterIsNamedWhole()
{
    // The character that is not a letter or digit is named as the owner sees it: an emoji
    // whole (helper-48: "U+D83D", its first half), an invisible one or half a pair by its code.
    const auto said = [](const QString &pasted) { return LicenseKey::parse(pasted).problemText(); };
    QVERIFY2(said(QStringLiteral("HMS-ABCDE-2345\U0001F600-FGHJK-78901")).contains(QStringLiteral("\"\U0001F600\"")),
             qPrintable(said(QStringLiteral("HMS-ABCDE-2345\U0001F600-FGHJK-78901"))));
    QVERIFY(!said(QStringLiteral("HMS-ABCDE-2345\U0001F600-FGHJK-78901")).contains(QLatin1String("D83D")));
    QVERIFY(said(QStringLiteral("HMS-ABCDE-2345*-FGHJK-78901")).contains(QLatin1String("\"*\"")));
    QVERIFY(said(QStringLiteral("HMS-ABCDE-2345") + QChar(7) + QStringLiteral("-FGHJK-78901")).contains(QLatin1String("\"U+0007\"")));
    QVERIFY(said(QStringLiteral("HMS-ABCDE-2345") + QChar(0xD83D) + QStringLiteral("-FGHJK-78901")).contains(QLatin1String("\"U+D83D\"")));
    QVERIFY(said(QStringLiteral("HMS-ABCDE-2345\U000E0001-FGHJK-78901")).contains(QLatin1String("\"U+E0001\"")));
    // What makes one character on screen is named whole (helper-50: "🇮" for a flag, "👍" for 👍🏽).
    QVERIFY(said(QStringLiteral("HMS-ABCDE-2345\U0001F1EE\U0001F1E9-FGHJK-78901")).contains(QStringLiteral("\"\U0001F1EE\U0001F1E9\"")));
    QVERIFY(said(QStringLiteral("HMS-ABCDE-2345\U0001F44D\U0001F3FD-FGHJK-78901")).contains(QStringLiteral("\"\U0001F44D\U0001F3FD\"")));
    // A letter that shows as nothing, by its code (helper-50: an empty pair of quotes).
    QVERIFY(said(QStringLiteral("HMS-ABCDE-2345\u2800-FGHJK-78901")).contains(QLatin1String("\"U+2800\"")));
    // A combining mark alone would sit on the quote before it (helper-48: printed raw).
    QVERIFY(said(QStringLiteral("HMS-ABCDE-2345\u0301-FGHJK-78901")).contains(QLatin1String("\"U+0301\"")));
    // Named as typed, not as it folds (U+3164 was named U+1160; "½" as the fraction slash).
    QVERIFY2(said(QStringLiteral("HMS-ABCDE-2345\u3164-FGHJK-78901")).contains(QLatin1String("\"U+3164\"")),
             qPrintable(said(QStringLiteral("HMS-ABCDE-2345\u3164-FGHJK-78901"))));
    QVERIFY2(said(QStringLiteral("HMS-ABCDE-2345\u00BD-FGHJK-78901")).contains(QStringLiteral("\"\u00BD\"")),
             qPrintable(said(QStringLiteral("HMS-ABCDE-2345\u00BD-FGHJK-78901"))));
    // A letter that is a letter, but not one a key has, is not called "not a letter" (helper-51: é).
    QVERIFY2(said(QStringLiteral("HMS-ABCDE-2345\u00E9-FGHJK-78901")).contains(QLatin1String("only the letters A-Z and the digits 0-9")),
             qPrintable(said(QStringLiteral("HMS-ABCDE-2345\u00E9-FGHJK-78901"))));
    // A character that folds into several letters is named, not read as a key with a part missing
    // or too long (helper-51: "ⅻ" folds into XII).
    for (const QString &several : {QStringLiteral("\u217B"), QStringLiteral("\uFB01"), QStringLiteral("\u338F")}) {
        const LicenseKey k = LicenseKey::parse(QStringLiteral("HMS-ABCDE-23") + several + QStringLiteral("-FGHJK-78901"));
        QCOMPARE(k.problemCode(), QStringLiteral("key_bad_character"));
        QVERIFY2(k.problemText().contains(u'"' + several + u'"'), qPrintable(k.problemText()));
    }
    // Full-width letters and digits still fold, one for one.
    QVERIFY(LicenseKey::parse(QStringLiteral("\uFF28\uFF2D\uFF33-ABCDE-23456-FGHJK-7890\uFF11")).isValid());
    // Bytes that were not UTF-8 (read as U+FFFD) by the code, not as "�".
    QVERIFY(said(QString::fromUtf8("HMS-ABCDE-2345\xFF-FGHJK-78901")).contains(QLatin1String("\"U+FFFD\"")));
}

void TestLicenseKey::hashIsOfCanonicalKey()
{
    // The JWS vectors' key_hash (made outside the project) is sha256 of this key.
    const QString expected = QStringLiteral("sha256:7066821d5b55fd4846e3fa9efa8b3f8c9eb33e51622edeba118fa6fab9cce8aa");
    QCOMPARE(LicenseKey::parse(QStringLiteral("HMS-ABCDE-23456-FGHJK-78901")).hash(), expected);
    QCOMPARE(LicenseKey::parse(QStringLiteral(" hms abcde 23456 fghjk 78901 ")).hash(), expected);
}

void TestLicenseKey::maskedShowsOnlyEnds()
{
    const LicenseKey key = LicenseKey::parse(QStringLiteral("HMS-ABCDE-23456-FGHJK-78901"));
    QCOMPARE(key.masked(), QStringLiteral("HMS-ABCDE-\u2022\u2022\u2022\u2022\u2022-\u2022\u2022\u2022\u2022\u2022-78901"));
    QVERIFY(!key.masked().contains(QLatin1String("23456")));
    QVERIFY(!key.masked().contains(QLatin1String("FGHJK")));
}

// Messages that repeat what was typed: every key in them masked, and a near-key (a character
// short, behind "key=") kept to its first group. Words and host names that start like a key stay.
void TestLicenseKey::keysInTextAreMasked()
{
    // The text rules alone: no key met before (the rows above parsed this one).
    LicenseKey::forgetRemembered();
    const QString dots(5, QChar(0x2022));
    const QString masked = QStringLiteral("HMS-ABCDE-%1-%1-78901").arg(dots);
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("Unexpected argument: HMS-ABCDE-23456-FGHJK-78901.")), QStringLiteral("Unexpected argument: %1.").arg(masked));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("key=hms-abcde-23456-fghjk-78901")), QStringLiteral("key=%1").arg(masked));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("-HMSABCDE23456FGHJK78901 and HMS-ABCDE-23456-FGHJK-78901")),
             QStringLiteral("-%1 and %1").arg(masked));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("statsu HMS-ABCDE-23456-FGHJK-7890")), QStringLiteral("statsu HMS-ABCDE-%1…").arg(dots));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("HMS-ABCDE-2345")), QStringLiteral("HMS-ABCDE-%1…").arg(dots));
    for (const char *kept : {"https://hms-licence-server.example/api", "hms-server01.local", "HMS", "HMS-ABCDE", "hotelhub-license status", ""})
        QCOMPARE(LicenseKey::maskInText(QLatin1String(kept)), QLatin1String(kept));
    // The forms parse() takes, and near-keys a character long or before a full stop (helper-39).
    for (const QString &form : {QStringLiteral("HMS_ABCDE_23456_FGHJK_78901"), QStringLiteral("HMS\u2013ABCDE\u201323456\u2013FGHJK\u201378901"),
                                QStringLiteral("\uFF28\uFF2D\uFF33\uFF0DABCDE\uFF0D23456\uFF0DFGHJK\uFF0D78901"), QStringLiteral("HMS ABCDE 23456 FGHJK 78901"),
                                QStringLiteral("HMS-ABCDE--23456-FGHJK-78901"), QStringLiteral("HMS-ABCDE-23456-FGHJK-789012"),
                                QStringLiteral("HMS-ABCDE-23456-FGHJK-7890."), QStringLiteral("ABCDE-23456-FGHJK-78901")}) {
        const QString shown = LicenseKey::maskInText(QStringLiteral("got: ") + form);
        QVERIFY2(!shown.contains(QLatin1String("23456")) && !shown.contains(QLatin1String("FGHJK")) && !shown.contains(QStringLiteral("\uFF12")),
                 qPrintable(form + QStringLiteral(" -> ") + shown));
    }
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("ABCDE-23456-FGHJK-78901")), QStringLiteral("ABCDE-%1-%1-78901").arg(dots));
    // More forms found in all four programs' refusals (helper-40): run-on near-keys, a key glued
    // to the word before it, spaces, dots, slashes and underscores without "HMS", "HMS" glued to
    // its first group of a near-key.
    for (const QString &form : {QStringLiteral("HMSABCDE23456FGHJK7890"), QStringLiteral("HMSABCDE23456FGHJK789012"), QStringLiteral("HMSABCDE-23456-FGHJK-7890"),
                                QStringLiteral("kunciHMS-ABCDE-23456-FGHJK-78901"), QStringLiteral("abcde 23456 fghjk 78901"),
                                QStringLiteral("ABCDE_23456_FGHJK_78901"), QStringLiteral("HMS.ABCDE.23456.FGHJK.78901"), QStringLiteral("HMS/ABCDE/23456/FGHJK/78901"),
                                QStringLiteral("HMS - ABCDE - 23456 - FGHJK - 78901"),
                                QStringLiteral("\uFF28\uFF2D\uFF33\uFF0DABCDE\uFF0D\uFF12\uFF13\uFF14\uFF15\uFF16\uFF0DFGHJK\uFF0D78901\u2026")}) {
        const QString shown = LicenseKey::maskInText(QStringLiteral("Unexpected argument: ") + form);
        QVERIFY2(!shown.contains(QLatin1String("23456"), Qt::CaseInsensitive) && !shown.contains(QLatin1String("FGHJK"), Qt::CaseInsensitive),
                 qPrintable(form + QStringLiteral(" -> ") + shown));
    }
    // Colons, commas, plus and hash signs between the groups, quoted groups, mixed separators and
    // the twenty characters alone, run on (helper-41: `license show` kept these in a reason whole).
    for (const QString &form : {QStringLiteral("HMS:ABCDE:23456:FGHJK:78901"), QStringLiteral("HMS,ABCDE,23456,FGHJK,78901"),
                                QStringLiteral("HMS+ABCDE+23456+FGHJK+78901"), QStringLiteral("HMS#ABCDE#23456#FGHJK#78901"),
                                QStringLiteral("HMS-\"ABCDE\"-\"23456\"-\"FGHJK\"-\"78901\""), QStringLiteral("ABCDE-23456 FGHJK-78901"),
                                QStringLiteral("ABCDE:23456:FGHJK:78901"), QStringLiteral("ABCDE23456FGHJK78901"), QStringLiteral("HMS:ABCDE:23456:FGHJK:7890")}) {
        const QString shown = LicenseKey::maskInText(QStringLiteral("bayar ") + form + QStringLiteral(" besok"));
        QVERIFY2(!shown.contains(QLatin1String("23456"), Qt::CaseInsensitive) && !shown.contains(QLatin1String("FGHJK"), Qt::CaseInsensitive),
                 qPrintable(form + QStringLiteral(" -> ") + shown));
        QVERIFY2(shown.startsWith(QLatin1String("bayar ")) && shown.endsWith(QLatin1String(" besok")), qPrintable(shown));
    }
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("HMS:ABCDE:23456:FGHJK:78901")), masked);
    // A key beside a fifth word of five: the word is not taken for the key's first or last group,
    // which left a group of the key shown (helper-41: "bayar ABCDE-23456 FGHJK 78901").
    const QString bareMasked = QStringLiteral("ABCDE-%1-%1-78901").arg(dots);
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("bayar ABCDE-23456 FGHJK 78901")), QStringLiteral("bayar %1-%1-%1 78901").arg(dots));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("bayar ABCDE 23456 FGHJK 78901 besok")), QStringLiteral("bayar %1-%1-%1-%1 besok").arg(dots));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("tolong bayar ABCDE 23456 FGHJK 78901")), QStringLiteral("tolong bayar %1-%1-%1 78901").arg(dots));
    // (Nor a word after it, nor a number: a key's first group may be a word, "ABCDE".)
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("ABCDE 23456 FGHJK 78901 12345")), QStringLiteral("ABCDE %1-%1-%1 12345").arg(dots));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("ABCDE 23456 FGHJK 78901 besok")), QStringLiteral("ABCDE %1-%1-%1 besok").arg(dots));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("A1CDE 23456 FGHJK 78901 besok")), QStringLiteral("A1CDE %1-%1-%1 besok").arg(dots));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("nomor 12345 ABCDE 23456 FGHJK 78901")), QStringLiteral("nomor %1-%1-%1-%1 78901").arg(dots));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("12345 ABCDE 23456 FGHJK 78901 23456")), QStringLiteral("12345 %1-%1-%1-%1 23456").arg(dots));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("ABCDE-23456-FGHJK-78901 besok")), QStringLiteral("ABCDE-%1-%1-%1 besok").arg(dots));
    // Half a surrogate pair anywhere (a reason cut at 500 characters, a JSON "\ud800"): the text
    // is invalid UTF-16, and no expression matched in it (found by fuzz_licensekey).
    const QString cut = QStringLiteral("\U0008075D").left(1);
    QCOMPARE(LicenseKey::maskInText(cut + QStringLiteral(" HMS-ABCDE-23456-FGHJK-78901 ") + cut), cut + u' ' + masked + u' ' + cut);
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("\U0001F600 HMS-ABCDE-23456-FGHJK-78901")), QStringLiteral("\U0001F600 ") + masked);
    // More separators (helper-43): semicolons, bars, tildes, equals and asterisks, backslashes,
    // a dash between every character (parse() takes it), brackets, percent-encoded dashes, the
    // twenty characters after "=" or in two halves.
    for (const QString &form : {QStringLiteral("H-M-S-A-B-C-D-E-2-3-4-5-6-F-G-H-J-K-7-8-9-0-1"), QStringLiteral("HMS;ABCDE;23456;FGHJK;78901"),
                                QStringLiteral("HMS|ABCDE|23456|FGHJK|78901"), QStringLiteral("HMS~ABCDE~23456~FGHJK~78901"),
                                QStringLiteral("HMS=ABCDE=23456=FGHJK=78901"), QStringLiteral("HMS*ABCDE*23456*FGHJK*78901"),
                                QStringLiteral("HMS\\ABCDE\\23456\\FGHJK\\78901"), QStringLiteral("HMS\u00B7ABCDE\u00B723456\u00B7FGHJK\u00B778901"),
                                QStringLiteral("HMS(ABCDE)(23456)(FGHJK)(78901)"), QStringLiteral("ABCDE|23456|FGHJK|78901"), QStringLiteral("ABCDE;23456;FGHJK;78901"),
                                QStringLiteral("key=ABCDE23456FGHJK78901."), QStringLiteral("ABCDE23456 FGHJK78901"), QStringLiteral("ABCDE23456-FGHJK78901"),
                                QStringLiteral("HMS%2DABCDE%2D23456%2DFGHJK%2D78901"), QStringLiteral("HMS%3AABCDE%3A23456%3AFGHJK%3A78901")}) {
        const QString shown = LicenseKey::maskInText(QStringLiteral("catatan ") + form + QStringLiteral(" selesai"));
        QVERIFY2(!shown.contains(QLatin1String("23456")) && !shown.contains(QLatin1String("FGHJK")) && !shown.contains(QLatin1String("2-3-4")),
                 qPrintable(form + QStringLiteral(" -> ") + shown));
        QVERIFY2(shown.startsWith(QLatin1String("catatan ")) && shown.endsWith(QLatin1String(" selesai")), qPrintable(shown));
    }
    // En dashes between bare groups (Word and WhatsApp make them), the twenty characters split
    // anywhere at group boundaries, and in a path before any mark (helper-44).
    for (const QString &form : {QStringLiteral("ABCDE\u201323456\u2013FGHJK\u201378901"), QStringLiteral("ABCDE\u201423456\u2014FGHJK\u201478901"),
                                QStringLiteral("ABCDE 23456FGHJK 78901"), QStringLiteral("ABCDE23456/FGHJK78901"),
                                QStringLiteral("https://portal.example/activate/ABCDE23456FGHJK78901!"), QStringLiteral("/nonexistent/ABCDE23456-FGHJK78901"),
                                QStringLiteral("/nonexistent/ABCDE23456FGHJK78901\U0001F600"), QStringLiteral("/nonexistent/ABCDE23456 FGHJK78901.")}) {
        const QString shown = LicenseKey::maskInText(QStringLiteral("catatan ") + form + QStringLiteral(" selesai"));
        QVERIFY2(!shown.contains(QLatin1String("23456")) && !shown.contains(QLatin1String("FGHJK")), qPrintable(form + QStringLiteral(" -> ") + shown));
    }
    // A bare key joined by a dash to a word that is not a group of five: a folder named so
    // (helper-50: "backup-…", "2026-…", "…-old" were shown whole).
    for (const char *form : {"/srv/backup-ABCDE-23456-FGHJK-78901/v.db", "2026-ABCDE-23456-FGHJK-78901", "v2-ABCDE-23456-FGHJK-78901",
                             "ABCDE-23456-FGHJK-78901-old", "ABCDE-23456-FGHJK-78901-2026"}) {
        const QString shown = LicenseKey::maskInText(QLatin1String(form));
        QVERIFY2(!shown.contains(QLatin1String("23456")) && !shown.contains(QLatin1String("FGHJK")), qPrintable(shown));
    }
    // An escape sequence inside a key, raw or as a message shows it ("<U+001B>[31m"): its letters
    // and digits broke the key's shape and the later groups were shown (helper-50).
    for (const QString &form : {QStringLiteral("key HMS-M3F6Y-7H\x1B[31mDJX-ZTSW6-4F9VR done"), QStringLiteral("HMS-M3F6Y-7H<U+001B>[31mDJX-ZTSW6-4F9VR"),
                                QStringLiteral("HMS-M3F6Y-7H<U+001B>]0;x<U+0007>DJX-ZTSW6-4F9VR"), QStringLiteral("HMS-M3F6Y-7HDJX-ZT<U+001B>[1;31mSW6-4F9VR"),
                                QStringLiteral("HMS-M3F6Y-7H\u009B31mDJX-ZTSW6-4F9VR"), QStringLiteral("HMS-M3F6Y-7H<U+009B>31mDJX-ZTSW6-4F9VR"),
                                QStringLiteral("HMS-M3F6Y-7H\u009D0;t1\u009CDJX-ZTSW6-4F9VR"),
                                // helper-51: a charset designation, SOS, "ESC # 8", a doubled ESC, 8-bit DCS, a mark after one
                                QStringLiteral("HMS-M3F6Y-7H\x1B(BDJX-ZTSW6-4F9VR"), QStringLiteral("HMS-M3F6Y-7H\x1BXhi\x1B\\DJX-ZTSW6-4F9VR"),
                                QStringLiteral("HMS-M3F6Y-7H\x1B#8DJX-ZTSW6-4F9VR"), QStringLiteral("HMS-M3F6Y-7H<U+001B><U+001B>[31mDJX-ZTSW6-4F9VR"),
                                QStringLiteral("HMS-M3F6Y-7H\u0090x\u009CDJX-ZTSW6-4F9VR"), QStringLiteral("HMS-M3F6Y-7H\x1B[31m\u0301DJX-ZTSW6-4F9VR")}) {
        const QString shown = LicenseKey::maskInText(form);
        QVERIFY2(!shown.contains(QLatin1String("DJX")) && !shown.contains(QLatin1String("ZTSW6")) && !shown.contains(QLatin1String("SW6-")), qPrintable(shown));
    }
    // A key elsewhere in the text than the sequence: the sequence is shown as it was (a temporary
    // folder that read as a key took the "<U+001B>[2J" a refusal names with it; CI of 2026-12-05).
    for (const QString &form : {QStringLiteral("--env /tmp/ABCDE-23456-FGHJK-78901/args/<U+001B>[2J.env contains a line break"),
                                QStringLiteral("/tmp/ABCDE-23456-FGHJK-78901/args/\x1B[2J.env")}) {
        const QString shown = LicenseKey::maskInText(form);
        QVERIFY2(!shown.contains(QLatin1String("23456")) && shown.contains(form.mid(form.indexOf(QLatin1String("/args/")))), qPrintable(shown));
    }
    // Text with such sequences and no key is left as it is.
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("\x1B[31mred\x1B[0m <U+001B>[1m")), QStringLiteral("\x1B[31mred\x1B[0m <U+001B>[1m"));
    // The format said in a hint is no key (the CLI's prompt passes the mask).
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX.")), QStringLiteral("Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX."));
    // An offline code is still a code: whole, written with en dashes, or a piece of five to eight
    // of its groups (each passes its check), one of them mistyped too.
    const QString code = encodeOfflineCode({QByteArray(64, '\x5A'), 90});
    QCOMPARE(LicenseKey::maskInText(code), code);
    QString dashed = code;
    dashed.replace(u'-', QChar(0x2013));
    QCOMPARE(LicenseKey::maskInText(dashed), dashed);
    for (const qsizetype from : {0, 7, 18}) {
        for (const int groups : {5, 6, 8}) {
            const QString piece = code.mid(from * 6, groups * 6 - 1);
            QCOMPARE(LicenseKey::maskInText(piece), piece);
            QString typo = piece;
            typo[6] = typo.at(6) == u'Z' ? u'Y' : u'Z';
            QCOMPARE(LicenseKey::maskInText(typo), typo);
        }
    }
    // A key with a group of five joined to it is not taken for a piece of a code (it was shown whole).
    for (const char *form : {"ABCDE-23456-FGHJK-78901-12345", "12345-ABCDE-23456-FGHJK-78901", "ABCDE\xE2\x80\x93" "23456\xE2\x80\x93" "FGHJK\xE2\x80\x93" "78901\xE2\x80\x93" "X2026",
                             "ABCDE-23456-FGHJK-78901-12345-67890"}) {
        const QString shown = LicenseKey::maskInText(QString::fromUtf8(form));
        QVERIFY2(!shown.contains(QLatin1String("23456")) && !shown.contains(QLatin1String("FGHJK")), qPrintable(shown));
    }
    // Room numbers and such, alike at their start, are not a key (helper-43).
    for (const char *kept : {"Rooms 101A1 101A2 101A3 101A4 cleaned", "Kamar A1011 A1012 A1013 A1014 siap"})
        QCOMPARE(LicenseKey::maskInText(QLatin1String(kept)), QLatin1String(kept));
    // "HMS", a word of five, then a key without "HMS" (found by fuzz_licensekey).
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("Kunci HMS hotel ABCDE 23456 FGHJK 78901")), QStringLiteral("Kunci HMS-%1-%1-%1-%1 78901").arg(dots));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("HMS-ABCDE-23456-FGHJK-78901 aktif")), masked + QStringLiteral(" aktif"));
    // Runs of any length: only their ends shown (a run cut at nine groups left the key's third
    // shown; found by fuzz_licensekey), and answered at once.
    QString longRun; // 20,000 groups, each beginning otherwise than its neighbours
    for (int i = 0; i < 20000; ++i) {
        const QString n = QString::number(i, 36).rightJustified(4, u'0');
        longRun += n.at(3) + (n.at(2) + (n.at(1) + (n.at(0) + QStringLiteral("Q "))));
    }
    QCOMPARE(LicenseKey::maskInText(longRun).count(dots), 19998);
    QCOMPARE(LicenseKey::maskInText(longRun + QStringLiteral("-x")).count(dots), 19998);
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("A1AA1 B2BB2 ") + QStringLiteral("C3CC3-").repeated(20000) + QStringLiteral("D4DD41")).count(dots), 0);
    for (const QString &run : {QStringLiteral("A1AA1 B2BB2 C3CC3 D4DD4 E5EE5 F6FF6 ABCDE 23456 FGHJK 78901"),
                               QStringLiteral("ABCDE 23456 FGHJK 78901 A1AA1 B2BB2 C3CC3 D4DD4 E5EE5 F6FF6 G7GG7"),
                               QStringLiteral("A1AA1 B2BB2 C3CC3 D4DD4 E5EE5 F6FF6 G7GG7 H8HH8 ABCDE 23456 FGHJK 78901 J9JJ9 K1KK1 L2LL2 M3MM3 N4NN4")}) {
        const QString shown = LicenseKey::maskInText(QStringLiteral("kode ") + run + QStringLiteral(" selesai"));
        QVERIFY2(!shown.contains(QLatin1String("23456")) && !shown.contains(QLatin1String("FGHJK")), qPrintable(shown));
        QVERIFY2(shown.startsWith(QLatin1String("kode ")) && shown.endsWith(QLatin1String(" selesai")), qPrintable(shown));
    }
    // Twenty characters as a part of a path (helper-41), not inside standard base64.
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("/srv/hotel/ABCDE23456FGHJK78901/licence.db")), QStringLiteral("/srv/hotel/%1/licence.db").arg(bareMasked));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("cannot open /home/owner/ABCDE23456FGHJK78901.")), QStringLiteral("cannot open /home/owner/%1.").arg(bareMasked));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("/home/owner/abcde23456fghjk78901.env")), QStringLiteral("/home/owner/%1.env").arg(bareMasked));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("/ABCDE23456FGHJK78901").repeated(20000)).count(dots), 40000);
    // Four words of five letters are not a key, nor a list of numbers, nor base64 (an offline code:
    // above).
    for (const char *kept : {"about these fives words", "Check again later today", "https://example.com/a/b", "10000, 20000, 30000, 40000",
                             "Plans: basic:green:large:small", "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJIMTIzNDU2Nzg5MCJ9abcdefghij",
                             "a3f9c2e1b7d4a3f9c2e1b7d4a3f9c2e1b7d4a3f9",
                             "bayar 10000 20000 30000 40000", "Check again later today please",
                             "q8Lm+Zx0/ABCDE23456FGHJK78901/Yw==", "abc=/ABCDE23456FGHJK78901", "/ABCDE23456FGHJK78901x", "/ABCDE23456FGHJK78901_v2"})
        QCOMPARE(LicenseKey::maskInText(QLatin1String(kept)), QLatin1String(kept));
    // Linear: a long run of near-keys is answered at once, each masked.
    const QString many = QStringLiteral("HMS-ABCDE-1 ").repeated(20000);
    QCOMPARE(LicenseKey::maskInText(many).count(dots), 20000);
}

void TestLicenseKey::metKeysAreMaskedHoweverWritten()
{
    // A key this process met (typed with --key, or the paired one's stored hash) is masked
    // wherever its twenty letters and digits stand in order (helper-45: two spaces or ", "
    // between the groups, bullets, chat markup, a dash after every character, escapes, a
    // variation selector or a combining mark, mathematical letters, glued to a word).
    LicenseKey::forgetRemembered();
    const QString typed = QStringLiteral("HMS-M3F6Y-7HDJX-ZTSW6-4F9VR");
    const QStringList forms = {
        QStringLiteral("owner note: M3F6Y  7HDJX  ZTSW6  4F9VR end"),
        QStringLiteral("M3F6Y, 7HDJX, ZTSW6, 4F9VR"),
        QStringLiteral("M3F6Y \u2022 7HDJX \u2022 ZTSW6 \u2022 4F9VR"),
        QStringLiteral("M3F6Y\u20267HDJX\u2026ZTSW6\u20264F9VR"),
        QStringLiteral("`M3F6Y` `7HDJX` `ZTSW6` `4F9VR`"),
        QStringLiteral("**M3F6Y** **7HDJX** **ZTSW6** **4F9VR**"),
        QStringLiteral("kunciM3F6Y7HDJXZTSW64F9VRok"),
        QStringLiteral("M3F6Y%2D7HDJX%2dZTSW6%204F9VR"),
        QStringLiteral("M3F6Y%E2%80%937HDJX%E2%80%93ZTSW6%E2%80%934F9VR"),
        QStringLiteral("[M3F6Y][7HDJX](ZTSW6)(4F9VR)"),
        QStringLiteral("M3F6Y&7HDJX!ZTSW6@4F9VR?"),
        QStringLiteral("M-3-F-6-Y-7-H-D-J-X-Z-T-S-W-6-4-F-9-V-R"),
        QStringLiteral("M 3 F 6 Y 7 H D J X Z T S W 6 4 F 9 V R"),
        QStringLiteral("M3F6Y\uFE0F-7HDJX\u0301-ZTSW6-4F9VR"),
        QStringLiteral("HMS&#45;M3F6Y&#45;7HDJX&#x2D;ZTSW6&#45;4F9VR"),
        QStringLiteral("HMS\\u002dM3F6Y\\u002d7HDJX\\u002dZTSW6\\u002d4F9VR"),
        QString::fromUtf8("\xF0\x9D\x90\x87\xF0\x9D\x90\x8C\xF0\x9D\x90\x92-m3f6y-7hdjx-ztsw6-4f9vr"), // mathematical bold HMS
        QStringLiteral("\uFF2D\uFF13\uFF26\uFF16\uFF39 7HDJX ZTSW6 4F9VR"),
    };
    // Not yet met: the text rules alone leave some of these (why the met key is kept).
    QVERIFY(LicenseKey::maskInText(forms.at(0)).contains(QLatin1String("7HDJX")));
    QVERIFY(LicenseKey::parse(typed).isValid());
    for (const QString &form : forms) {
        const QString shown = LicenseKey::maskInText(form);
        QVERIFY2(!shown.contains(QLatin1String("7HDJX"), Qt::CaseInsensitive) && !shown.contains(QLatin1String("ZTSW6"), Qt::CaseInsensitive)
                     && shown.contains(QStringLiteral("M3F6Y-%1").arg(QString(5, QChar(0x2022)))),
                 qPrintable(form + QStringLiteral(" -> ") + shown));
    }
    // What stands around it is kept, "HMS" before it is said once, and a text with no met key
    // is left as it was.
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("note: HMS  M3F6Y  7HDJX  ZTSW6  4F9VR, done")),
             QStringLiteral("note: HMS-M3F6Y-%1-%1-4F9VR, done").arg(QString(5, QChar(0x2022))));
    QCOMPARE(LicenseKey::maskInText(QStringLiteral("kamar 101, 102, tamu 3")), QStringLiteral("kamar 101, 102, tamu 3"));
    // Groups apart with markup or two characters between them (helper-52: a reason with
    // "M3F6Y</b>7HDJX</b>…" was sent to the vendor and kept whole).
    for (const QString &apart : {QStringLiteral("old key M3F6Y</b>7HDJX</b>ZTSW6</b>4F9VR here"), QStringLiteral("M3F6Y <br> 7HDJX <br> ZTSW6 <br> 4F9VR"),
                                 QStringLiteral("<i>M3F6Y</i> <i>7HDJX</i> <i>ZTSW6</i> <i>4F9VR</i>")}) {
        const QString shown = LicenseKey::maskInText(apart);
        QVERIFY2(!shown.contains(QLatin1String("7HDJX")) && !shown.contains(QLatin1String("ZTSW6")) && shown.contains(QLatin1String("M3F6Y-")),
                 qPrintable(apart + QStringLiteral(" -> ") + shown));
    }
    // A reason typed with a key not met before, its groups apart ("; ", markup), is kept and sent
    // masked; four words of five are left as they are (helper-52).
    LicenseKey::forgetRemembered();
    const QString reason = LicenseKey::maskTyped(QStringLiteral("moved; old key Q7W3E</b>R9T2Y</b>U4K6V</b>P8A5S and other K2M4P; 7XQ2R; N5V8T; 3HB6W"));
    QVERIFY2(!reason.contains(QLatin1String("R9T2Y")) && !reason.contains(QLatin1String("U4K6V")) && !reason.contains(QLatin1String("7XQ2R"))
                 && !reason.contains(QLatin1String("N5V8T")) && reason.startsWith(QLatin1String("moved; old key Q7W3E-")),
             qPrintable(reason));
    QCOMPARE(LicenseKey::maskTyped(QStringLiteral("moved after power fault")), QStringLiteral("moved after power fault"));
    // HTML's named entities between the groups (helper-53: "&nbsp;" kept the key whole).
    for (const QString &entity : {QStringLiteral("&nbsp;"), QStringLiteral("&ensp;"), QStringLiteral("&ndash;"), QStringLiteral("&NBSP;")}) {
        const QString typedText = QStringLiteral("old key J4T7P%1W2Q9X%1M6R3B%1T8N5D").arg(entity);
        const QString masked = LicenseKey::maskTyped(typedText);
        QVERIFY2(!masked.contains(QLatin1String("W2Q9X")) && !masked.contains(QLatin1String("M6R3B")), qPrintable(masked));
    }
    LicenseKey::forgetRemembered();
    QVERIFY(LicenseKey::parse(typed).isValid());
    // A stored hash is remembered as the typed key is; the fuzz target's reading is not.
    LicenseKey::forgetRemembered();
    QVERIFY(LicenseKey::maskInText(forms.at(0)).contains(QLatin1String("7HDJX")));
    QVERIFY(LicenseKey::parse(typed, LicenseKey::Remember::No).isValid());
    QVERIFY(LicenseKey::maskInText(forms.at(0)).contains(QLatin1String("7HDJX")));
    LicenseKey::remember(LicenseKey::parse(typed, LicenseKey::Remember::No).hash());
    QVERIFY(!LicenseKey::maskInText(forms.at(0)).contains(QLatin1String("7HDJX")));
    // The last 1,024 are kept (a vendor server parses every key a request names).
    for (int i = 0; i < 1023; ++i)
        LicenseKey::remember(QStringLiteral("sha256:%1").arg(i, 64, 16, QLatin1Char('0')));
    QVERIFY(!LicenseKey::maskInText(forms.at(0)).contains(QLatin1String("7HDJX")));
    LicenseKey::remember(QStringLiteral("sha256:%1").arg(5000, 64, 16, QLatin1Char('0')));
    QVERIFY(LicenseKey::maskInText(forms.at(0)).contains(QLatin1String("7HDJX")));
    LicenseKey::forgetRemembered();
}

void TestLicenseKey::formatPartial_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("shown");
    QTest::newRow("prefix") << "hms" << "HMS";
    QTest::newRow("first group") << "hmsab" << "HMS-AB";
    QTest::newRow("two groups") << "HMSABCDE234" << "HMS-ABCDE-234";
    QTest::newRow("complete") << "hms abcde 23456 fghjk 78901" << "HMS-ABCDE-23456-FGHJK-78901";
    QTest::newRow("too long is cut") << "HMSABCDE23456FGHJK78901XYZ" << "HMS-ABCDE-23456-FGHJK-78901";
}

void TestLicenseKey::formatPartial()
{
    QFETCH(QString, typed);
    QFETCH(QString, shown);
    QCOMPARE(LicenseKey::formatPartial(typed), shown);
}

QTEST_GUILESS_MAIN(TestLicenseKey)
#include "tst_licensekey.moc"
