// The wizard's rules in the core: contact normalisation, regions and taxes, passwords (bcrypt in
// Laravel's $2y$ form), TOTP (RFC 6238 vectors), progress that never holds a secret, the one-
// transaction commit, the autostart entry, and the connection checks against a real Redis.
#include "AuditLog.h"
#include "Database.h"
#include "EnvFile.h"
#include "LicenseManager.h"
#include "SecretKeyStore.h"
#include "ServerProcess.h"
#include "TestSupport.h"
#include "setup/Autostart.h"
#include "setup/ConnectionChecks.h"
#include "setup/ScheduledHeartbeat.h"
#include "setup/SetupRules.h"
#include "setup/SetupStore.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QScopeGuard>
#include <QtTest>
#ifdef Q_OS_WIN
#include <windows.h>
#include <shellapi.h>
#endif
#include <cmath>
#include <cstring>
#ifdef HOTELHUB_HAVE_LIBXCRYPT
#include <crypt.h>
#endif

using namespace hotelhub;
using namespace hotelhub::setup;
using namespace hotelhub::test;

class TestSetupRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void botanIsLoadedOnFirstHash(); // first: nothing before it hashes a password
    void heartbeatTaskDefinition();
    void decimals_data();
    void decimals();
    void whatsapp_data();
    void whatsapp();
    void emailNpwpNsfpPostal();
    void regions();
    void everyRegencyHasItsCode_data();
    void everyRegencyHasItsCode();
    void regencyTable();
    void ownerAndPropertyValidation();
    void taxes();
    void passwords();
    void bcryptIsLaravelCompatible();
    void bcryptKnownVectors();
#ifdef HOTELHUB_HAVE_LIBXCRYPT // the system's bcrypt as a second opinion (Linux)
    void bcryptAgreesWithLibxcrypt();
#endif
    void totpRfc6238();
    void base32AndRecoveryCodes();
    void progressNeverHoldsSecrets();
    void commitIsAllOrNothing();
    void autostartEntry();
    void autostartArgumentsSurvive_data();
    void autostartArgumentsSurvive();
    void databaseAndStorageChecks();
    void redisChecks();
    void postgresCheckAgainstARealServer();

private:
    std::unique_ptr<QTemporaryDir> m_root;
};

void TestSetupRules::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_root = std::make_unique<QTemporaryDir>();
}

void TestSetupRules::decimals_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<double>("expected"); // NaN: refused
    const double refused = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("point") << "7.5" << 7.5;
    QTest::newRow("comma") << "7,5" << 7.5;
    QTest::newRow("integer") << "10" << 10.0;
    QTest::newRow("negative comma") << "-8,65" << -8.65;
    QTest::newRow("negative point") << "-8.65" << -8.65;
    QTest::newRow("minus sign") << QStringLiteral("\u22128,65") << -8.65;
    QTest::newRow("full-width") << QStringLiteral("\uFF17\uFF0C\uFF15") << 7.5;
    QTest::newRow("spaces around") << "  115,22 " << 115.22;
    QTest::newRow("both marks") << "1.234,5" << refused;
    QTest::newRow("one mark twice") << "7.5.1" << refused;
    QTest::newRow("letters") << "7,5%" << refused;
    QTest::newRow("empty") << "" << refused;
}

void TestSetupRules::decimals()
{
    QFETCH(QString, typed);
    QFETCH(double, expected);
    const auto v = SetupRules::parseDecimal(typed);
    QCOMPARE(v.has_value(), !std::isnan(expected));
    if (v)
        QCOMPARE(*v, expected);
}

void TestSetupRules::whatsapp_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expected"); // empty: refused
    QTest::newRow("local") << "0812-3456-7890" << "+6281234567890";
    QTest::newRow("spaces") << "0812 3456 789" << "+628123456789";
    QTest::newRow("62") << "6281234567890" << "+6281234567890";
    QTest::newRow("+62 parens") << "+62 (812) 3456 7890" << "+6281234567890";
    QTest::newRow("dots") << "0813.1111.2222" << "+6281311112222";
    QTest::newRow("WhatsApp Web isolates") << QStringLiteral("\u2066+62 812-3456-7890\u2069") << "+6281234567890";
    QTest::newRow("no-break spaces") << QStringLiteral("+62\u00A0812\u00A03456\u00A07890") << "+6281234567890";
    QTest::newRow("non-breaking hyphens") << QStringLiteral("0812\u20113456\u20117890") << "+6281234567890";
    QTest::newRow("00 international prefix") << "0062 812 3456 7890" << "+6281234567890";
    QTest::newRow("(0) trunk digit") << "+62 (0)812 3456 7890" << "+6281234567890";
    QTest::newRow("62 then trunk 0") << "+62 0812 3456 7890" << "+6281234567890";
    QTest::newRow("full-width digits") << QStringLiteral("\uFF10\uFF18\uFF11\uFF12 3456 7890") << "+6281234567890";
    QTest::newRow("contacts with LRM") << QStringLiteral("\u200E+62 812 3456 7890\u200E") << "+6281234567890";
    QTest::newRow("landline") << "021 555 1234" << "";
    QTest::newRow("foreign 00") << "0065 8123 4567" << "";
    QTest::newRow("foreign") << "+65 8123 4567" << "";
    QTest::newRow("too short") << "0812 345" << "";
    QTest::newRow("letters") << "0812-CALL-ME" << "";
    QTest::newRow("empty") << "" << "";
}

void TestSetupRules::whatsapp()
{
    QFETCH(QString, typed);
    QFETCH(QString, expected);
    QString problem;
    const auto n = SetupRules::normalizeWhatsApp(typed, &problem);
    QCOMPARE(n.value_or(QString()), expected);
    QCOMPARE(problem.isEmpty(), !expected.isEmpty());
}

void TestSetupRules::emailNpwpNsfpPostal()
{
    QVERIFY(SetupRules::isValidEmail(QStringLiteral("sari@melati.id")));
    QVERIFY(SetupRules::isValidEmail(QStringLiteral("front.desk+ota@hotel-melati.co.id")));
    for (const char *bad : {"sari@", "sari@melati", "@melati.id", "sari melati@x.id", "sari@@x.id", "sari@x..id"})
        QVERIFY2(!SetupRules::isValidEmail(QLatin1String(bad)), bad);
    QCOMPARE(SetupRules::normalizeNpwp(QStringLiteral("01.234.567.8-901.000")).value_or(QString()), QStringLiteral("012345678901000"));
    QCOMPARE(SetupRules::normalizeNpwp(QStringLiteral("3171 0123 4567 8901")).value_or(QString()), QStringLiteral("3171012345678901"));
    QVERIFY(!SetupRules::normalizeNpwp(QStringLiteral("12.345")).has_value());
    QCOMPARE(SetupRules::normalizeNsfp(QStringLiteral("010.25.12345678")).value_or(QString()), QStringLiteral("0102512345678"));
    QVERIFY(!SetupRules::normalizeNsfp(QStringLiteral("010-25")).has_value());
    QVERIFY(SetupRules::isValidPostalCode(QStringLiteral("80361")));
    QVERIFY(!SetupRules::isValidPostalCode(QStringLiteral("0361")));
    QVERIFY(!SetupRules::isValidPostalCode(QStringLiteral("8036A")));
}

void TestSetupRules::regions()
{
    QCOMPARE(Regions::provinces().size(), 38);
    QCOMPARE(Regions::suggest(QStringLiteral("Bali"), QStringLiteral("Ubud"))->code, QStringLiteral("51.04"));
    QCOMPARE(Regions::suggest(QStringLiteral("51"), QStringLiteral("Kabupaten Badung"))->code, QStringLiteral("51.03"));
    QCOMPARE(Regions::suggest(QStringLiteral("DKI Jakarta"), QStringLiteral("Jakarta Selatan"))->code, QStringLiteral("31.74"));
    QCOMPARE(Regions::suggest(QStringLiteral("Jawa Barat"), QStringLiteral("Lembah Entah"))->code, QStringLiteral("32")); // province only
    // A city of another province never matches.
    QCOMPARE(Regions::suggest(QStringLiteral("Jawa Timur"), QStringLiteral("Ubud"))->code, QStringLiteral("35"));
    QVERIFY(!Regions::suggest(QStringLiteral("Atlantis"), {}).has_value());
    // A Kabupaten typed as such never gets the Kota's code (nor the other way round).
    QCOMPARE(Regions::suggest(QStringLiteral("Jawa Barat"), QStringLiteral("Kabupaten Bogor"))->code, QStringLiteral("32.01"));
    QCOMPARE(Regions::suggest(QStringLiteral("Jawa Timur"), QStringLiteral("Kab. Malang"))->code, QStringLiteral("35.07"));
    QCOMPARE(Regions::suggest(QStringLiteral("Jawa Timur"), QStringLiteral("kab malang"))->code, QStringLiteral("35.07"));
    QCOMPARE(Regions::suggest(QStringLiteral("Jawa Timur"), QStringLiteral("Kota Malang"))->code, QStringLiteral("35.73"));
    QCOMPARE(Regions::suggest(QStringLiteral("Jawa Timur"), QStringLiteral("Kabupaten Surabaya"))->code, QStringLiteral("35")); // no such regency
    QCOMPARE(Regions::suggest(QStringLiteral("Jawa Timur"), QStringLiteral("Batu"))->code, QStringLiteral("35.79"));
    // Not said which, and both exist: both offered, none guessed.
    const auto bogor = Regions::suggest(QStringLiteral("Jawa Barat"), QStringLiteral("Bogor"));
    QCOMPARE(bogor->code, QStringLiteral("32"));
    QCOMPARE(bogor->alternatives.size(), 2);
    QCOMPARE(bogor->alternatives[0].code, QStringLiteral("32.01"));
    QCOMPARE(bogor->alternatives[1].code, QStringLiteral("32.71"));
    QCOMPARE(Regions::suggest(QStringLiteral("Bali"), {})->pb1Rate, 10.0);
    // Every province has a zone; the three zones fall where the law (Keppres 41/1987) puts them.
    for (const Province &p : Regions::provinces())
        QVERIFY2(!Regions::timeZone(p.code).isEmpty(), qPrintable(p.name));
    struct Zone { const char *code; const char *zone; };
    for (const Zone &z : {Zone{"11", "Asia/Jakarta"}, Zone{"31", "Asia/Jakarta"}, Zone{"61", "Asia/Jakarta"}, Zone{"62", "Asia/Jakarta"},
                          Zone{"51", "Asia/Makassar"}, Zone{"53", "Asia/Makassar"}, Zone{"63", "Asia/Makassar"}, Zone{"65", "Asia/Makassar"},
                          Zone{"73", "Asia/Makassar"}, Zone{"76", "Asia/Makassar"}, Zone{"81", "Asia/Jayapura"}, Zone{"82", "Asia/Jayapura"},
                          Zone{"91", "Asia/Jayapura"}, Zone{"51.03", "Asia/Makassar"}})
        QCOMPARE(Regions::timeZone(QLatin1String(z.code)), QLatin1String(z.zone));
    QVERIFY(Regions::timeZone(QStringLiteral("99")).isEmpty());
    QVERIFY(Regions::timeZone(QStringLiteral("x")).isEmpty());
    QVERIFY(Regions::isValidCode(QStringLiteral("51.03")));
    QVERIFY(!Regions::isValidCode(QStringLiteral("5103")));
}

// Every kabupaten/kota, not only the tourist ones: Bantul once got only "34" (issue 12 §7).
void TestSetupRules::everyRegencyHasItsCode_data()
{
    QTest::addColumn<QString>("province");
    QTest::addColumn<QString>("city");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("label");
    const auto row = [](const char *name, const char *province, const char *city, const char *code, const char *label) {
        QTest::newRow(name) << QString::fromUtf8(province) << QString::fromUtf8(city) << QString::fromLatin1(code) << QString::fromUtf8(label);
    };
    row("Bantul", "DI Yogyakarta", "Bantul", "34.02", "Kabupaten Bantul, DI Yogyakarta");
    row("Gunungkidul", "DI Yogyakarta", "Gunungkidul", "34.03", "Kabupaten Gunungkidul, DI Yogyakarta");
    row("Gunung Kidul", "34", "gunung kidul", "34.03", "Kabupaten Gunungkidul, DI Yogyakarta");
    row("Kab. Gunung-Kidul", "34", "Kab. Gunung-Kidul", "34.03", "Kabupaten Gunungkidul, DI Yogyakarta");
    row("Kulon Progo", "DI Yogyakarta", "Kulon Progo", "34.01", "Kabupaten Kulon Progo, DI Yogyakarta");
    row("Kulonprogo", "Yogyakarta", "KULONPROGO", "34.01", "Kabupaten Kulon Progo, DI Yogyakarta");
    row("Jogja", "DI Yogyakarta", "Jogja", "34.71", "Kota Yogyakarta, DI Yogyakarta");
    row("Kota Yogyakarta", "DI Yogyakarta", "Kota Yogyakarta", "34.71", "Kota Yogyakarta, DI Yogyakarta");
    row("Solo", "Jawa Tengah", "Solo", "33.72", "Kota Surakarta, Jawa Tengah");
    row("Garut", "Jawa Barat", "Garut", "32.05", "Kabupaten Garut, Jawa Barat");
    row("Jayawijaya", "Papua Pegunungan", "Jayawijaya", "95.01", "Kabupaten Jayawijaya, Papua Pegunungan");
    row("Nunukan", "Kalimantan Utara", "Nunukan", "65.03", "Kabupaten Nunukan, Kalimantan Utara");
    row("Simeulue", "Aceh", "Simeulue", "11.09", "Kabupaten Simeulue, Aceh");
    row("Kepulauan Seribu", "DKI Jakarta", "Kepulauan Seribu", "31.01", "Kabupaten Kepulauan Seribu, DKI Jakarta");
    row("Toba", "Sumatera Utara", "Toba", "12.12", "Kabupaten Toba, Sumatera Utara");
    row("Pangkajene", "Sulawesi Selatan", "Pangkajene dan Kepulauan", "73.10", "Kabupaten Pangkajene dan Kepulauan, Sulawesi Selatan");
    row("Baubau", "Sulawesi Tenggara", "Baubau", "74.72", "Kota Bau Bau, Sulawesi Tenggara");
    // The tourist areas of the old table stay.
    row("Seminyak", "Bali", "Seminyak", "51.03", "Kabupaten Badung, Bali");
    row("Kuta", "Bali", "kuta", "51.03", "Kabupaten Badung, Bali");
    row("Labuan Bajo", "Nusa Tenggara Timur", "Labuan Bajo", "53.15", "Kabupaten Manggarai Barat, Nusa Tenggara Timur");
    row("Gili Trawangan", "Nusa Tenggara Barat", "Gili Trawangan", "52.08", "Kabupaten Lombok Utara, Nusa Tenggara Barat");
    row("Jakarta Pusat", "DKI Jakarta", "Jakarta Pusat", "31.71", "Kota Jakarta Pusat, DKI Jakarta");
    // As pasted from a chat or a map (an outside check): invisible characters, full-width
    // letters, an English "Regency", what follows a comma; and seats and old names.
    row("zero-width space", "DI Yogyakarta", "Ban\u200Btul", "34.02", "Kabupaten Bantul, DI Yogyakarta");
    row("full-width", "DI Yogyakarta", "\uFF22\uFF41\uFF4E\uFF54\uFF55\uFF4C", "34.02", "Kabupaten Bantul, DI Yogyakarta");
    row("Regency", "DI Yogyakarta", "Bantul Regency", "34.02", "Kabupaten Bantul, DI Yogyakarta");
    row("after a comma", "DI Yogyakarta", "Bantul, DIY", "34.02", "Kabupaten Bantul, DI Yogyakarta");
    row("Wonosari", "DI Yogyakarta", "Wonosari", "34.03", "Kabupaten Gunungkidul, DI Yogyakarta");
    row("Wates", "DI Yogyakarta", "Wates", "34.01", "Kabupaten Kulon Progo, DI Yogyakarta");
    row("Ujung Pandang", "Sulawesi Selatan", "Ujung Pandang", "73.71", "Kota Makassar, Sulawesi Selatan");
    row("Toba Samosir", "Sumatera Utara", "Toba Samosir", "12.12", "Kabupaten Toba, Sumatera Utara");
    row("Borobudur", "Jawa Tengah", "Borobudur", "33.08", "Kabupaten Magelang, Jawa Tengah");
    row("Magelang Regency", "Jawa Tengah", "Magelang Regency", "33.08", "Kabupaten Magelang, Jawa Tengah");
    row("Magelang City", "Jawa Tengah", "Magelang City", "33.71", "Kota Magelang, Jawa Tengah");
}

void TestSetupRules::everyRegencyHasItsCode()
{
    QFETCH(QString, province);
    QFETCH(QString, city);
    QFETCH(QString, code);
    QFETCH(QString, label);
    const auto s = Regions::suggest(province, city);
    QVERIFY(s.has_value());
    QCOMPARE(s->code, code);
    QCOMPARE(s->label, label);
    QVERIFY(s->alternatives.isEmpty());
}

void TestSetupRules::regencyTable()
{
    // idn-area-data 3.1.2 (Kemendagri): 416 kabupaten and 98 kota.
    const QList<RegionChoice> &all = Regions::regencies();
    QCOMPARE(all.size(), 514);
    QCOMPARE(std::count_if(all.begin(), all.end(), [](const RegionChoice &r) { return r.label.startsWith(QLatin1String("Kota ")); }), 98);
    QSet<QString> codes;
    QSet<QString> provincesWithOne;
    for (const RegionChoice &r : all) {
        QVERIFY2(Regions::isValidCode(r.code) && r.code.size() == 5, qPrintable(r.code));
        QVERIFY2(!codes.contains(r.code), qPrintable(r.code));
        codes.insert(r.code);
        const QString province = r.code.left(2);
        QVERIFY2(std::any_of(Regions::provinces().begin(), Regions::provinces().end(), [&](const Province &p) { return p.code == province; }),
                 qPrintable(r.code));
        provincesWithOne.insert(province);
        QVERIFY2(r.label.startsWith(QLatin1String("Kabupaten ")) || r.label.startsWith(QLatin1String("Kota ")), qPrintable(r.label));
        QVERIFY2(r.label != r.label.toUpper(), qPrintable(r.label)); // proper case, not the data's capitals
        // Typed as labelled, each one finds itself.
        QCOMPARE(Regions::suggest(province, r.label)->code, r.code);
    }
    QCOMPARE(provincesWithOne.size(), Regions::provinces().size());
    // The pairs of one name reach beyond the old table's four.
    const auto kediri = Regions::suggest(QStringLiteral("Jawa Timur"), QStringLiteral("Kediri"));
    QCOMPARE(kediri->code, QStringLiteral("35"));
    QCOMPARE(kediri->alternatives.size(), 2);
    QCOMPARE(kediri->alternatives[0].label, QStringLiteral("Kabupaten Kediri"));
    QCOMPARE(kediri->alternatives[1].code, QStringLiteral("35.71"));
    QCOMPARE(Regions::provinces().size(), 38);
}

void TestSetupRules::ownerAndPropertyValidation()
{
    OwnerData owner{QStringLiteral("  Ibu   Sari "), QStringLiteral(" sari@melati.id "), QStringLiteral("0812-3456-7890"), QStringLiteral("Owner")};
    QVERIFY(SetupRules::validateOwner(owner).isEmpty());
    QCOMPARE(owner.name, QStringLiteral("Ibu Sari"));
    QCOMPARE(owner.whatsapp, QStringLiteral("+6281234567890"));
    OwnerData bad{QStringLiteral("S"), QStringLiteral("sari@"), QStringLiteral("021 555 1234"), QStringLiteral("Owner")};
    QCOMPARE(SetupRules::validateOwner(bad).size(), 3);

    QString name = QStringLiteral("  Budi  Santoso "), email = QStringLiteral(" budi@melati.id ");
    QVERIFY(SetupRules::validateAdmin(name, email, QStringLiteral("Kamar-Bersih-2027"), QStringLiteral("Kamar-Bersih-2027"), QStringLiteral("Hotel Melati")).isEmpty());
    QCOMPARE(name, QStringLiteral("Budi Santoso"));
    QCOMPARE(email, QStringLiteral("budi@melati.id"));
    QCOMPARE(SetupRules::validateAdmin(name, email, QStringLiteral("Kamar-Bersih-2027"), QStringLiteral("Kamar-Bersih-2028"), {}).size(), 1);
    QCOMPARE(SetupRules::validateAdmin(name, email, QStringLiteral("HotelMelati2027!"), QStringLiteral("HotelMelati2027!"), QStringLiteral("Hotel Melati")).size(), 1);
    QCOMPARE(SetupRules::validateAdmin(name, email, QStringLiteral("budisantoso-27!"), QStringLiteral("budisantoso-27!"), {}).size(), 1);
    QVERIFY(SetupRules::validateAdmin(name, email, QStringLiteral("Kamar-Hotel-2027"), QStringLiteral("Kamar-Hotel-2027"), QStringLiteral("Hotel Melati")).isEmpty());
    QString noName = QStringLiteral("B"), noMail = QStringLiteral("budi");
    QCOMPARE(SetupRules::validateAdmin(noName, noMail, QStringLiteral("short"), QStringLiteral("other"), {}).size(), 4);

    PropertyData p;
    p.name = QStringLiteral("Hotel Melati");
    p.street = QStringLiteral("Jl. Pantai Kuta 1");
    p.city = QStringLiteral("Kuta");
    p.province = QStringLiteral("Bali");
    p.postalCode = QStringLiteral("80361");
    p.regionCode = QStringLiteral("51.03");
    p.totalRooms = 24;
    QVERIFY(SetupRules::validateProperty(p, 40).isEmpty());
    QCOMPARE(SetupRules::validateProperty(p, 20).size(), 1); // over the licence's max_rooms
    p.latitude = SetupRules::parseCoordinate(QStringLiteral("-8.72"));
    QCOMPARE(SetupRules::validateProperty(p, 40).size(), 1); // latitude without longitude
    p.longitude = SetupRules::parseCoordinate(QStringLiteral("115.17"));
    QVERIFY(SetupRules::validateProperty(p, 40).isEmpty());
    p.longitude = SetupRules::parseCoordinate(QStringLiteral("2.35")); // Paris
    QCOMPARE(SetupRules::validateProperty(p, 40).size(), 1);
    p.longitude = SetupRules::parseCoordinate(QStringLiteral("east"));
    QVERIFY(p.longitude.has_value() && std::isnan(*p.longitude));
    QCOMPARE(SetupRules::validateProperty(p, 40).size(), 1);
    QVERIFY(!SetupRules::parseCoordinate(QStringLiteral("  ")).has_value());
    p.postalCode = QStringLiteral("8036");
    p.regionCode = QStringLiteral("5103");
    p.province.clear();
    QCOMPARE(SetupRules::validateProperty(p, 40).size(), 4);
}

void TestSetupRules::taxes()
{
    TaxSettings t;
    QVERIFY(TaxRules::validate(t).isEmpty());
    t.pb1Rate = 10.5;
    QCOMPARE(TaxRules::validate(t).size(), 1); // above the UU 1/2022 cap
    t.pb1Rate = 10;
    t.isPkp = true;
    QCOMPARE(TaxRules::validate(t).size(), 1); // PKP without NPWP
    t.npwp = QStringLiteral("012345678901000");
    QVERIFY(TaxRules::validate(t).isEmpty());
    t.efakturCoretax = true;
    QCOMPARE(TaxRules::validate(t).size(), 1); // e-Faktur without NSFP series
    t.nsfpSeries = QStringLiteral("0102512345678");
    QVERIFY(TaxRules::validate(t).isEmpty());
    // Rp1,000,000 room, 10 % service, 10 % PBJT on price + service: the familiar "21 %".
    QCOMPARE(TaxRules::guestTotal(1000000, t), qint64(1210000));
}

void TestSetupRules::passwords()
{
    // zxcvbn (issue 11) with the owner's name, e-mail and hotel as its user dictionary.
    const QStringList context{QStringLiteral("Sari Dewi"), QStringLiteral("sari@melati.id"), QStringLiteral("Hotel Melati")};
    QCOMPARE(Passwords::strength(QStringLiteral("short1A!"), context), PasswordStrength::TooWeak);
#ifdef Q_OS_WIN
    // The Windows build has no zxcvbn (README "Windows"): it knows no word list or keyboard, so
    // it asks for 16 characters; a name, e-mail or hotel inside is still refused.
    QCOMPARE(Passwords::minLength(), 16);
    for (const char *shortOne : {"password123", "qwertyuiop", "p@ssw0rd", "Password2024", "aaaaaaaaaaaa", "Xk9#mPq2vL7n"})
        QVERIFY2(Passwords::problem(QLatin1String(shortOne), context).contains(QLatin1String("at least 16")), shortOne);
    QCOMPARE(Passwords::problem(QStringLiteral("Sari-Kamar-Bersih-2027"), context), QStringLiteral("Do not put your name, e-mail or hotel name in the password."));
    QVERIFY(!Passwords::problem(QStringLiteral("aaaaaaaaaaaaaaaaaaaa"), context).isEmpty()); // one repeated character counts little
    QVERIFY(Passwords::estimate(QStringLiteral("Password2024")).hints.contains(QStringLiteral("Dates and years are easy to guess.")));
#else
    QCOMPARE(Passwords::strength(QStringLiteral("password123"), context), PasswordStrength::TooWeak);
    QCOMPARE(Passwords::strength(QStringLiteral("Sari2027!!xx"), context), PasswordStrength::TooWeak); // the e-mail's name
    QCOMPARE(Passwords::problem(QStringLiteral("Sari2027!!xx"), context), QStringLiteral("Do not put your name, e-mail or hotel name in the password."));
    QVERIFY(Passwords::problem(QStringLiteral("Sari2027!!xx"), {}).isEmpty() || !Passwords::estimate(QStringLiteral("Sari2027!!xx")).personal);
    QVERIFY(!Passwords::problem(QStringLiteral("MelatiBogor77"), context).isEmpty()); // the hotel's name
    QCOMPARE(Passwords::strength(QStringLiteral("aaaaaaaaaaaa"), context), PasswordStrength::TooWeak);
    QVERIFY(Passwords::problem(QStringLiteral("aaaaaaaaaaaa"), context).contains(QLatin1String("Repeated")));
    // What the character-class rule called strong and zxcvbn does not: a keyboard row, a
    // common word with swapped letters, a run.
    for (const char *guessable : {"qwertyuiop", "zxcvbnm,./", "1234567890", "p@ssw0rd", "Password2024", "abcdefghij"})
        QVERIFY2(!Passwords::problem(QLatin1String(guessable), context).isEmpty(), guessable);
    QVERIFY(Passwords::estimate(QStringLiteral("zxcvbnm,./")).hints.contains(QStringLiteral("Keyboard patterns like qwerty add little.")));
    QVERIFY(Passwords::estimate(QStringLiteral("Password2024")).hints.contains(QStringLiteral("Dates and years are easy to guess.")));
#endif
    QVERIFY(Passwords::strength(QStringLiteral("Kamar-Bersih-2027"), context) >= PasswordStrength::Strong);
    QCOMPARE(Passwords::strength(QStringLiteral("Kamar-Bersih-Wangi-2027!"), context), PasswordStrength::VeryStrong);
    QVERIFY(Passwords::problem(QStringLiteral("Kamar-Bersih-2027"), context).isEmpty());
    // Invisible characters a paste brings (issue 12 outside check), and length in characters.
    for (const char16_t invisible : {u'\u200B', u'\u00AD', u'\u2028', u'\u2029', u'\uFEFF'}) {
        const QString pasted = QStringLiteral("Xk9#mPq2vL7n") + QChar(invisible) + QStringLiteral("Wt4");
        QVERIFY2(Passwords::problem(pasted, context).contains(QLatin1String("invisible character")), qPrintable(Passwords::problem(pasted, context)));
    }
    QVERIFY(Passwords::problem(QString::fromUtf8("😀😀😀😀😀"), context).contains(QLatin1String("at least")));
    // The generic lodging words are not held against a password.
    QVERIFY(!Passwords::estimate(QStringLiteral("Hotel-Kamar-Bersih-27"), context).personal);
    // A NUL (PHP's bcrypt stops there) or any control character: refused with the reason.
    for (const QChar control : {QChar(0), QChar(0x1B), QChar(u'\t'), QChar(0x7F), QChar(0x85)}) {
        const QString pasted = QStringLiteral("Kamar-Bersih") + control + QStringLiteral("-2027");
        const QString problem = Passwords::problem(pasted, context);
        QVERIFY2(problem.contains(QStringLiteral("control")), qPrintable(QString::number(control.unicode())));
        QString name = QStringLiteral("Sari Dewi"), email = QStringLiteral("sari@melati.id");
        QVERIFY(!SetupRules::validateAdmin(name, email, pasted, pasted, QStringLiteral("Hotel Melati")).isEmpty());
    }
}

#ifdef Q_OS_LINUX
namespace {
// Whether a Botan library is mapped into this process (Linux: /proc/self/maps).
bool botanMapped()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    return maps.open(QIODevice::ReadOnly) && maps.readAll().contains("libbotan-2");
}
} // namespace
#endif

// issue 14: the wizard's start does not bind Botan's symbols; the first hash loads it, and a
// computer without it gets a reason and a next step instead of a hash.
void TestSetupRules::botanIsLoadedOnFirstHash()
{
#ifndef Q_OS_LINUX
    QSKIP("Linux only: Windows links its static Botan, and only Linux has /proc/self/maps");
#else
    QVERIFY(!botanMapped());
    const QByteArray hash = Passwords::bcryptHash(QStringLiteral("Kamar-Bersih-2027"), 4);
    QVERIFY2(Passwords::bcryptUnavailable().isEmpty(), qPrintable(Passwords::bcryptUnavailable()));
    QVERIFY(botanMapped());
    QCOMPARE(hash.size(), 60);
    QVERIFY(Passwords::bcryptVerify(QStringLiteral("Kamar-Bersih-2027"), hash));
    // C strings end at a NUL: such a password is neither hashed nor checked, here as on Windows.
    QVERIFY(Passwords::bcryptHashBytes(QByteArray("Kamar\0Bersih", 12), 4).isEmpty());
    QVERIFY(!Passwords::bcryptVerifyBytes(QByteArray("Kamar-Bersih-2027\0x", 19), hash));
    QVERIFY(Passwords::bcryptHashBytes("x", 19).isEmpty()); // above the cost Botan's C interface takes
#endif
}

void TestSetupRules::bcryptIsLaravelCompatible()
{
    // Laravel's UserFactory hash of "password" (made by PHP's password_hash, cost 10).
    const QByteArray laravel = "$2y$10$92IXUNpkjO0rOQ5byMi.Ye4oKoEa3Ro9llC/.og/at2.uheWG/igi";
    QVERIFY(Passwords::bcryptVerify(QStringLiteral("password"), laravel));
    QVERIFY(!Passwords::bcryptVerify(QStringLiteral("Password"), laravel));
    const QByteArray ours = Passwords::bcryptHash(QStringLiteral("Kamar-Bersih-2027"));
    QVERIFY2(ours.startsWith("$2y$12$") && ours.size() == 60, ours.constData());
    QVERIFY(Passwords::bcryptVerify(QStringLiteral("Kamar-Bersih-2027"), ours));
    QVERIFY(!Passwords::bcryptVerify(QStringLiteral("Kamar-Bersih-2028"), ours));
    QVERIFY(ours != Passwords::bcryptHash(QStringLiteral("Kamar-Bersih-2027"))); // salted
    QVERIFY(!Passwords::bcryptVerify(QStringLiteral("x"), "not a hash"));
}

void TestSetupRules::bcryptKnownVectors()
{
    // Fixed rows that run on every platform (issue 11). Published vectors, with where they come from:
    struct Row { QByteArray password; QByteArray hash; bool verifies; };
    const QByteArray after72 = "chars after 72 are ignored";
    const QList<Row> rows{
        // crypt_blowfish's own table (Solar Designer; wrapper.c), the code PHP's password_hash runs.
        {"U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", true},
        {"U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK", true},
        {"U*U*U", "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a", true},
        {"", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy", true},
        // 8-bit: $2y$ and $2b$ agree everywhere.
        {"\xa3", "$2y$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq", true},
        {"\xa3", "$2b$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq", true},
        {"\xff\xff\xa3", "$2y$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e", true},
        {"\xff\xff\xa3", "$2b$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e", true},
        {"\xff\xa3" "34" "\xff\xff\xff\xa3" "345", "$2y$05$/OK.fbVrR/bpIqNJ5ianF.o./n25XVfn6oAPaUvHe.Csk4zRfsYPi", true},
        {"\xff\xa3" "345", "$2y$05$/OK.fbVrR/bpIqNJ5ianF.nRht2l/HRhr6zmCp9vYUvvsqynflf9e", true},
        {"\xa3" "ab", "$2y$05$/OK.fbVrR/bpIqNJ5ianF.6IflQkJytoRVc1yuaNtHfiuq.FRlSIS", true},
        // 8-bit $2a$ where crypt_blowfish's countermeasure changed nothing: verifies.
        {"\xa3", "$2a$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq", true},
        {"\xff\xa3" "345", "$2a$05$/OK.fbVrR/bpIqNJ5ianF.nRht2l/HRhr6zmCp9vYUvvsqynflf9e", true},
        // 8-bit $2a$ with the countermeasure's different answer: Botan computes $2a$ as $2b$, so
        // these do not verify (the wizard only writes $2y$; README "Passwords").
        {"\xff\xff\xa3", "$2a$05$/OK.fbVrR/bpIqNJ5ianF.nqd1wy.pTMdcvrRWxyiGL2eMz.2a85.", false},
        {"\xff\xa3" "34" "\xff\xff\xff\xa3" "345", "$2a$05$/OK.fbVrR/bpIqNJ5ianF.ZC1JEJ8Z4gPfpe1JOr/oyPXTWl9EFd.", false},
        // 72 bytes and more: the 73rd byte on is ignored.
        {QByteArray(72, '\xaa') + after72, "$2a$05$/OK.fbVrR/bpIqNJ5ianF.swQOIzjOiJ9GHEPuhEkvqrUyvWhEMx6", true},
        {QByteArray("\xaa\x55").repeated(36) + after72, "$2a$05$/OK.fbVrR/bpIqNJ5ianF.R9xrDjiycxMbQE2bp.vgqlYpW5wx2yy", true},
        {QByteArray("\x55\xaa\xff").repeated(24) + after72, "$2a$05$/OK.fbVrR/bpIqNJ5ianF.9tQZzcJfm3uj2NvJ/n5xkhpqLrMpWCe", true},
        {QByteArray("\xaa\x55").repeated(36), "$2a$05$/OK.fbVrR/bpIqNJ5ianF.R9xrDjiycxMbQE2bp.vgqlYpW5wx2yy", true},
        // libxcrypt's known-answer table (Debian source libxcrypt 4.4.33, test/ka-table.inc).
        {"\xd0\xc1\xd2\xcf\xcc\xd8", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.heAts1y/8kcTTP0/vD3yeuMX1ihF8dO", true},
        {"\xd5\xaa\xd5\xaa\xaa\xaa\xd5\xaa", "$2b$05$abcdefghijklmnopqrstuuiYbzuFNFwSfCgqTGNsUFtSDh8PJAqSe", true},
        {"\xff\xff\xa3", "$2b$04$abcdefghijklmnopqrstuuMOaOTHB4gEm.rriBjXNwBNh.Oc4mKGG", true},
        {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "$2b$05$CCCCCCCCCCCCCCCCCCCCC.Td/f8oS7ISMxGfHYB8YP9rXGhoZDosO", true},
    };
    for (const Row &r : rows)
        QVERIFY2(Passwords::bcryptVerifyBytes(r.password, r.hash) == r.verifies, r.hash.constData());
    // Each row is also wrong for a neighbouring password.
    for (const Row &r : rows)
        QVERIFY2(!Passwords::bcryptVerifyBytes(r.password + 'x', r.hash) || r.password.size() >= 72, r.hash.constData());
    QVERIFY(Passwords::bcryptVerify(QStringLiteral("U*U"), "$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));

    // Malformed hashes verify nothing, and never throw.
    for (const QByteArray &bad : {QByteArray(), QByteArray("$2y$"), QByteArray("$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
                                  QByteArray("$2y$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
                                  QByteArray("$2y$32$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
                                  QByteArray("$2y$1a$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
                                  QByteArray("$2y$05$CCCCCCCCCCCCCCCCCCCC!.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
                                  QByteArray("$1$05$CCCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
                                  QByteArray("$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe")})
        QVERIFY2(!Passwords::bcryptVerifyBytes("U*U", bad), bad.constData());
    QVERIFY(Passwords::bcryptHashBytes("x", 3).isEmpty()); // a cost below bcrypt's minimum
}

#ifdef HOTELHUB_HAVE_LIBXCRYPT
void TestSetupRules::bcryptAgreesWithLibxcrypt()
{
    // The system's bcrypt (Linux) as a second opinion: lengths around the 72-byte limit, UTF-8,
    // bytes above 0x7f, random salts and several costs; each side verifies the other's hash.
    QList<QByteArray> passwords = {"", "a", "password", "Kamar-Bersih-2027", QStringLiteral("Kamar-Bersih-🏨-Ñusa").toUtf8(),
                                   QByteArray(71, 'x'), QByteArray(72, 'x'), QByteArray(73, 'x'), QByteArray(200, 'y'),
                                   QByteArray("\xff\xa3\x80 high bytes")};
    for (int i = 0; i < 10; ++i)
        passwords << crypto::randomBytes(1 + i * 9).replace('\0', 'z');
    int cost = 4;
    for (const QByteArray &password : passwords) {
        const QByteArray ours = Passwords::bcryptHashBytes(password, cost);
        QCOMPARE(ours.size(), 60);
        QVERIFY(ours.startsWith("$2y$"));
        crypt_data data;
        std::memset(&data, 0, sizeof data);
        const char *theirs = crypt_rn(password.constData(), ours.constData(), &data, int(sizeof data));
        QVERIFY(theirs);
        QCOMPARE(QByteArray(theirs), ours);
        // And theirs, freshly salted, verifies with ours.
        QByteArray setting = ours.left(29);
        setting[2] = 'b';
        std::memset(&data, 0, sizeof data);
        const QByteArray fresh = crypt_rn(password.constData(), setting.constData(), &data, int(sizeof data));
        QVERIFY(Passwords::bcryptVerifyBytes(password, fresh));
        cost = cost == 6 ? 4 : cost + 1;
    }
}
#endif

void TestSetupRules::totpRfc6238()
{
    // RFC 6238 appendix B, SHA-1 (last six of the eight digits).
    const QByteArray secret = "12345678901234567890";
    const auto at = [](qint64 t) { return QDateTime::fromSecsSinceEpoch(t, QTimeZone::utc()); };
    QCOMPARE(Totp::code(secret, at(59)), QStringLiteral("287082"));
    QCOMPARE(Totp::code(secret, at(1111111109)), QStringLiteral("081804"));
    QCOMPARE(Totp::code(secret, at(1234567890)), QStringLiteral("005924"));
    QCOMPARE(Totp::code(secret, at(2000000000)), QStringLiteral("279037"));
    QVERIFY(Totp::verify(secret, QStringLiteral("287082"), at(59)));
    QVERIFY(Totp::verify(secret, QStringLiteral("287 082"), at(59 + 30))); // one step of drift
    QVERIFY(!Totp::verify(secret, QStringLiteral("287082"), at(59 + 90)));
    QVERIFY(!Totp::verify(secret, QStringLiteral("28708"), at(59)));
    const QString uri = Totp::provisioningUri(secret, QStringLiteral("sari@melati.id"));
    QVERIFY2(uri.startsWith(QLatin1String("otpauth://totp/HotelHub:sari@melati.id?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")), qPrintable(uri));
}

void TestSetupRules::base32AndRecoveryCodes()
{
    // RFC 4648 §10 (without padding).
    QCOMPARE(Totp::base32("foobar"), QStringLiteral("MZXW6YTBOI"));
    QCOMPARE(Totp::base32("f"), QStringLiteral("MY"));
    QCOMPARE(Totp::fromBase32(QStringLiteral("MZXW6YTBOI======")).value_or(QByteArray()), QByteArray("foobar"));
    QVERIFY(!Totp::fromBase32(QStringLiteral("MZ1!")).has_value());
    const QStringList codes = Totp::recoveryCodes();
    QCOMPARE(codes.size(), 8);
    QCOMPARE(QSet<QString>(codes.begin(), codes.end()).size(), 8);
    static const QRegularExpression format(QStringLiteral("^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$"));
    for (const QString &c : codes)
        QVERIFY2(format.match(c).hasMatch(), qPrintable(c));
}

namespace {
struct Install
{
    explicit Install(const QString &dir) : paths(AppPaths::resolve(dir, {}))
    {
        QString e;
        paths.ensureDataDir(&e);
        env.load(paths.envFile);
        db = std::make_unique<Database>(paths.databaseFile());
        db->open();
        keys = std::make_unique<SecretKeyStore>(paths.dataDir, SecretKeyStore::Mode::File);
        manager = std::make_unique<LicenseManager>(paths, env, *db, clock, fingerprints, *keys);
        manager->bootstrap(false);
        store = std::make_unique<SetupStore>(*db, *manager, clock);
    }
    AppPaths paths;
    EnvFile env;
    SystemClock clock;
    FakeFingerprintSource fingerprints;
    std::unique_ptr<Database> db;
    std::unique_ptr<SecretKeyStore> keys;
    std::unique_ptr<LicenseManager> manager;
    std::unique_ptr<SetupStore> store;
};

SetupData sampleData()
{
    SetupData d;
    d.owner = {QStringLiteral("Ibu Sari"), QStringLiteral("sari@melati.id"), QStringLiteral("+6281234567890"), QStringLiteral("Owner")};
    d.property.name = QStringLiteral("Hotel Melati");
    d.property.street = QStringLiteral("Jl. Pantai Kuta 1");
    d.property.city = QStringLiteral("Kuta");
    d.property.province = QStringLiteral("Bali");
    d.property.postalCode = QStringLiteral("80361");
    d.property.regionCode = QStringLiteral("51.03");
    d.property.totalRooms = 24;
    d.admin.name = QStringLiteral("Ibu Sari");
    d.admin.email = QStringLiteral("Sari@Melati.id");
    d.admin.passwordHash = Passwords::bcryptHash(QStringLiteral("Kamar-Bersih-2027"), 4);
    d.admin.totpSecret = Totp::generateSecret();
    d.admin.recoveryCodes = Totp::recoveryCodes();
    d.admin.confirmedAt = QDateTime::currentDateTimeUtc();
    return d;
}
} // namespace

void TestSetupRules::progressNeverHoldsSecrets()
{
    Install i(m_root->filePath(QStringLiteral("progress")));
    QVERIFY(i.store->saveProgress(QStringLiteral("admin"), {{QStringLiteral("name"), QStringLiteral("Sari")},
                                                            {QStringLiteral("password"), QStringLiteral("Kamar-Bersih-2027")},
                                                            {QStringLiteral("totp_secret"), QStringLiteral("GEZDGNBV")},
                                                            {QStringLiteral("license_key"), QStringLiteral("HMS-ABCDE-23456-FGHJK-78901")},
                                                            {QStringLiteral("recovery_codes"), QStringLiteral("ABCDE-FGHJK")}}));
    const QJsonObject saved = i.store->progress().value(QStringLiteral("admin"));
    QCOMPARE(saved.keys(), QStringList{QStringLiteral("name")});
    QVERIFY(i.store->saveProgress(QStringLiteral("owner"), {}, false));
    QCOMPARE(i.store->firstUnfinished({QStringLiteral("welcome"), QStringLiteral("owner")}), QStringLiteral("welcome"));
    QVERIFY(i.store->saveProgress(QStringLiteral("welcome"), {}, true));
    QCOMPARE(i.store->firstUnfinished({QStringLiteral("welcome"), QStringLiteral("owner")}), QStringLiteral("owner"));
    QVERIFY(!i.store->isComplete());
}

void TestSetupRules::commitIsAllOrNothing()
{
    Install i(m_root->filePath(QStringLiteral("commit")));
    const SetupData d = sampleData();
    // An admin with the same e-mail already exists: the users insert fails after the owner and
    // property inserts, and the whole commit rolls back.
    QSqlQuery q(i.db->connection());
    QVERIFY(q.exec(QStringLiteral("INSERT INTO users (name, email, password, role, created_at, updated_at) "
                                  "VALUES ('x', 'sari@melati.id', 'x', 'staff', 'now', 'now')")));
    QVERIFY(!i.store->commit(d));
    QVERIFY(!i.store->errorString().isEmpty());
    QVERIFY(q.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM tenant_profiles) + (SELECT COUNT(*) FROM properties)")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QVERIFY(!i.store->isComplete());
    QVERIFY(q.exec(QStringLiteral("DELETE FROM users")));
    // Another process holds the write lock: the commit is refused with that reason, and nothing is
    // written outside a transaction.
    QVERIFY(q.exec(QStringLiteral("PRAGMA busy_timeout=100")));
    Database holder(i.db->path());
    QVERIFY(holder.open());
    QVERIFY(QSqlQuery(holder.connection()).exec(QStringLiteral("BEGIN IMMEDIATE")));
    QVERIFY(!i.store->commit(d));
    QVERIFY2(i.store->errorString().contains(QLatin1String("busy")), qPrintable(i.store->errorString()));
    QVERIFY(QSqlQuery(holder.connection()).exec(QStringLiteral("ROLLBACK")));
    QVERIFY(q.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM tenant_profiles) + (SELECT COUNT(*) FROM properties) + (SELECT COUNT(*) FROM users)")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QVERIFY(i.store->commit(d));
    QVERIFY(i.store->isComplete());
    QVERIFY(q.exec(QStringLiteral("SELECT email, two_factor_secret_encrypted, two_factor_recovery_codes FROM users")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("sari@melati.id"));
    QCOMPARE(i.manager->openSecret(q.value(1).toByteArray(), "2fa-secret").value_or(QByteArray()), d.admin.totpSecret);
    QVERIFY(!i.manager->openSecret(q.value(1).toByteArray(), "token").has_value()); // purposes are separate keys
    const auto codes = i.manager->openSecret(q.value(2).toString().toLatin1(), "2fa-recovery");
    QVERIFY(codes && codes->contains(d.admin.recoveryCodes.first().toLatin1()));
    QVERIFY(i.manager->audit().verify().ok);

    // Issue 12: a second commit (a wizard taken back past its commit page with another e-mail, or
    // a second wizard on the same folder) never makes a second owner, property or completion.
    SetupData second = sampleData();
    second.admin.email = QStringLiteral("other@melati.id");
    second.property.name = QStringLiteral("Hotel Melati 2");
    QVERIFY(!i.store->commit(second));
    QVERIFY2(i.store->errorString().contains(QLatin1String("sari@melati.id")) && i.store->errorString().contains(QLatin1String("already")),
             qPrintable(i.store->errorString()));
    QVERIFY(!i.store->commit(d)); // the same e-mail: the same clear refusal, never a raw UNIQUE error
    QVERIFY2(!i.store->errorString().contains(QLatin1String("UNIQUE")), qPrintable(i.store->errorString()));
    QVERIFY(q.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM users WHERE role = 'super_owner'), (SELECT COUNT(*) FROM properties), "
                                  "(SELECT COUNT(*) FROM tenant_profiles), (SELECT COUNT(*) FROM audit_logs WHERE action = 'setup.completed')"))
            && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QCOMPARE(q.value(1).toInt(), 1);
    QCOMPARE(q.value(2).toInt(), 1);
    QCOMPARE(q.value(3).toInt(), 1);
}

void TestSetupRules::autostartArgumentsSurvive_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("plain") << QStringLiteral("/srv/hotelhub");
    QTest::newRow("spaces") << QStringLiteral("/srv/Hotel Data/hotel melati");
    QTest::newRow("non-ASCII") << QString::fromUtf8("/home/sari/Hotel Cendana – Bali/ü");
    QTest::newRow("double quote") << QStringLiteral("/tmp/quote\"d");
    QTest::newRow("single quote") << QStringLiteral("/tmp/it's");
    QTest::newRow("backslash") << QStringLiteral("/tmp/back\\slash");
    QTest::newRow("dollar") << QStringLiteral("/tmp/$HOME");
    QTest::newRow("backtick") << QStringLiteral("/tmp/`id`");
    QTest::newRow("percent") << QStringLiteral("/tmp/50%f");
    QTest::newRow("shell separators") << QStringLiteral("/tmp/a;b&c|d");
    QTest::newRow("redirects and globs") << QStringLiteral("/tmp/<x>~*?#()");
    QTest::newRow("tab") << QStringLiteral("/tmp/tab\there");
}

void TestSetupRules::autostartArgumentsSurvive()
{
    QFETCH(QString, path);
    const QStringList arguments{QStringLiteral("--data-dir"), path, QStringLiteral("--env"), path + QStringLiteral("/hotelhub.env")};
#ifdef Q_OS_WIN
    // Windows: the Run key's command line, split back by Windows itself (CommandLineToArgvW; the
    // Linux run below checks the same line against those rules, re-implemented).
    const QString line = Autostart::windowsCommandLine(QStringLiteral("C:\\Program Files\\HotelHub License\\hotelhub-tray.exe"), arguments);
    int argc = 0;
    LPWSTR *argv = CommandLineToArgvW(reinterpret_cast<LPCWSTR>(line.utf16()), &argc);
    QVERIFY(argv);
    QStringList splitByWindows;
    for (int i = 0; i < argc; ++i)
        splitByWindows << QString::fromWCharArray(argv[i]);
    LocalFree(argv);
    QCOMPARE(splitByWindows, QStringList{QStringLiteral("C:\\Program Files\\HotelHub License\\hotelhub-tray.exe")} + arguments);
    return;
#endif
    // Linux: the written entry launched the way a desktop does (GLib's launcher, as GNOME and XFCE
    // use), into a program that writes down the arguments it got.
    const QString gio = QStandardPaths::findExecutable(QStringLiteral("gio"));
    if (gio.isEmpty()) {
        if (qEnvironmentVariableIsSet("CI"))
            QFAIL("gio (libglib2.0-bin) is missing: ./run.sh installs it");
        QSKIP("gio (libglib2.0-bin) is not installed here");
    }
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("args.bin"));
    const QString program = dir.filePath(QStringLiteral("dump args")); // a space in the program's path too
    QVERIFY(writeFile(program, QStringLiteral("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > '%1'\n").arg(out).toUtf8()));
    QVERIFY(QFile::setPermissions(program, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const QString entry = dir.filePath(QStringLiteral("hotelhub-tray.desktop"));
    QVERIFY(writeFile(entry, Autostart::desktopEntry(program, arguments).toUtf8()));
    QProcess launch;
    launch.start(gio, {QStringLiteral("launch"), entry});
    QVERIFY(launch.waitForFinished(10000));
    QVERIFY2(launch.exitCode() == 0, launch.readAllStandardError().constData());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(out).size() > 0, 10000);
    QTest::qWait(100); // the script may still be writing its last argument
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray got = f.readAll();
    got.chop(1);
    QStringList back;
    for (const QByteArray &a : got.split('\0'))
        back << QString::fromUtf8(a);
    QCOMPARE(back, arguments);

    // Windows: the Run value split again by CommandLineToArgvW's rules (the C runtime's, with the
    // 2008 rule for "" inside quotes not needed: the writer never emits it).
    const QString cmd = Autostart::windowsCommandLine(QStringLiteral("C:\\Program Files\\HotelHub\\hotelhub-tray.exe"), arguments);
    QStringList split;
    QString cur;
    bool inQuotes = false, any = false;
    for (qsizetype i = 0; i < cmd.size(); ++i) {
        const QChar c = cmd.at(i);
        if (c == u'\\') {
            qsizetype n = 0;
            while (i < cmd.size() && cmd.at(i) == u'\\') {
                ++n;
                ++i;
            }
            if (i < cmd.size() && cmd.at(i) == u'"') {
                cur += QString(n / 2, u'\\');
                if (n % 2) {
                    cur += u'"';
                } else {
                    inQuotes = !inQuotes;
                }
                any = true;
            } else {
                cur += QString(n, u'\\');
                --i;
                any = true;
            }
        } else if (c == u'"') {
            inQuotes = !inQuotes;
            any = true;
        } else if ((c == u' ' || c == u'\t') && !inQuotes) {
            if (any)
                split << cur;
            cur.clear();
            any = false;
        } else {
            cur += c;
            any = true;
        }
    }
    if (any)
        split << cur;
    QCOMPARE(split.mid(1), arguments);

    // macOS: the LaunchAgent's ProgramArguments come back exactly.
    QXmlStreamReader xml(Autostart::launchAgentPlist(QStringLiteral("/Applications/HotelHub.app/Contents/MacOS/hotelhub-tray"), arguments));
    QStringList programArguments;
    bool inArray = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("array"))
            inArray = true;
        else if (xml.isEndElement() && xml.name() == QLatin1String("array"))
            inArray = false;
        else if (xml.isStartElement() && xml.name() == QLatin1String("string") && inArray)
            programArguments << xml.readElementText();
    }
    QCOMPARE(programArguments.mid(1), arguments);
}

void TestSetupRules::autostartEntry()
{
    const QString entry = Autostart::desktopEntry(QStringLiteral("/opt/Hotel Hub/bin/hotelhub-tray"), {QStringLiteral("--data-dir"), QStringLiteral("/srv/data $x")});
    // The string level doubles the backslash that quotes the $ (Desktop Entry Specification).
    QVERIFY2(entry.contains(QStringLiteral("Exec=\"/opt/Hotel Hub/bin/hotelhub-tray\" --data-dir \"/srv/data \\\\$x\"")), qPrintable(entry));
    QVERIFY(entry.contains(QLatin1String("Type=Application")));

    // macOS: a LaunchAgent whose ProgramArguments come back exactly, whatever the characters.
    const QStringList argv{QStringLiteral("/Applications/Hotel Hub & Co.app/Contents/MacOS/hotelhub-tray"), QStringLiteral("--data-dir"),
                           QStringLiteral("/Users/sari/<data> \"x\" $HOME")};
    const QString plist = Autostart::launchAgentPlist(argv.first(), argv.mid(1));
    QVERIFY(plist.contains(QLatin1String("<!DOCTYPE plist")));
    QXmlStreamReader xml(plist);
    QStringList keys, programArguments;
    bool inArray = false, runAtLoad = false;
    QString lastKey;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("key"))
            keys << (lastKey = xml.readElementText());
        else if (xml.isStartElement() && xml.name() == QLatin1String("array"))
            inArray = true;
        else if (xml.isEndElement() && xml.name() == QLatin1String("array"))
            inArray = false;
        else if (xml.isStartElement() && xml.name() == QLatin1String("string") && inArray)
            programArguments << xml.readElementText();
        else if (xml.isStartElement() && xml.name() == QLatin1String("true") && lastKey == QLatin1String("RunAtLoad"))
            runAtLoad = true;
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(programArguments, argv);
    QVERIFY(runAtLoad);
    QVERIFY(keys.contains(QLatin1String("Label")));
    // Windows: the Run key's command line, split the way CommandLineToArgvW splits it.
    QCOMPARE(Autostart::windowsCommandLine(QStringLiteral("C:\\Program Files\\HotelHub\\hotelhub-tray.exe"),
                                           {QStringLiteral("--data-dir"), QStringLiteral("D:\\Hotel Data\\"), QStringLiteral("say \"hi\""),
                                            QStringLiteral("a\\\\\"b"), QString(), QStringLiteral("C:\\plain\\path")}),
             QStringLiteral("\"C:\\Program Files\\HotelHub\\hotelhub-tray.exe\" --data-dir \"D:\\Hotel Data\\\\\" \"say \\\"hi\\\"\" "
                            "\"a\\\\\\\\\\\"b\" \"\" C:\\plain\\path"));
    QVERIFY(Autostart::launchAgentPath().endsWith(QLatin1String("Library/LaunchAgents/id.hotelhub.license-monitor.plist")));
    QString error;
    QVERIFY(Autostart::enable(QStringLiteral("/usr/bin/hotelhub-tray"), {}, &error));
    QVERIFY(Autostart::isEnabled());
    QVERIFY(Autostart::desktopEntryPath().endsWith(QLatin1String("autostart/hotelhub-tray.desktop")));
    QVERIFY(Autostart::disable(&error));
    QVERIFY(!Autostart::isEnabled());

#if !defined(Q_OS_WIN) && !defined(Q_OS_MACOS)
    // A package's system-wide entry: on until this user switches it off, which hides it.
    QTemporaryDir xdg;
    const QByteArray oldDirs = qgetenv("XDG_CONFIG_DIRS");
    auto restoreDirs = qScopeGuard([&] { qputenv("XDG_CONFIG_DIRS", oldDirs); });
    qputenv("XDG_CONFIG_DIRS", QFile::encodeName(QStringLiteral("/nonexistent:") + xdg.path()));
    QVERIFY(Autostart::systemEntryPath().isEmpty());
    QVERIFY(QDir().mkpath(xdg.filePath(QStringLiteral("autostart"))));
    QVERIFY(writeFile(xdg.filePath(QStringLiteral("autostart/hotelhub-tray.desktop")), "[Desktop Entry]\nType=Application\nExec=/usr/bin/hotelhub-tray\n"));
    QCOMPARE(Autostart::systemEntryPath(), xdg.filePath(QStringLiteral("autostart/hotelhub-tray.desktop")));
    QVERIFY(Autostart::isEnabled());
    QVERIFY(Autostart::disable(&error));
    QVERIFY(!Autostart::isEnabled());
    QFile hidden(Autostart::desktopEntryPath());
    QVERIFY(hidden.open(QIODevice::ReadOnly) && hidden.readAll().contains("Hidden=true"));
    hidden.close();
    QVERIFY(Autostart::enable(QStringLiteral("/usr/bin/hotelhub-tray"), {}, &error));
    QVERIFY(Autostart::isEnabled());
    QVERIFY(Autostart::disable(&error));
    restoreDirs.dismiss();
    qputenv("XDG_CONFIG_DIRS", oldDirs);
    QFile::remove(Autostart::desktopEntryPath());

    // The tray is found beside the wizard, or in the build tree's layout; never a path that is not there.
    QTemporaryDir bin;
    QVERIFY(QDir().mkpath(bin.filePath(QStringLiteral("setup"))) && QDir().mkpath(bin.filePath(QStringLiteral("tray"))));
    const QByteArray oldPath = qgetenv("PATH");
    auto restorePath = qScopeGuard([&] { qputenv("PATH", oldPath); });
    qputenv("PATH", QFile::encodeName(bin.filePath(QStringLiteral("empty"))));
    QVERIFY(Autostart::findTray(bin.filePath(QStringLiteral("setup"))).isEmpty());
    const QString tray = bin.filePath(QStringLiteral("tray/hotelhub-tray"));
    QVERIFY(writeFile(tray, "#!/bin/sh\n"));
    QVERIFY(Autostart::findTray(bin.filePath(QStringLiteral("setup"))).isEmpty()); // not executable
    QVERIFY(QFile::setPermissions(tray, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QCOMPARE(Autostart::findTray(bin.filePath(QStringLiteral("setup"))), QFileInfo(tray).canonicalFilePath());
    const QString beside = bin.filePath(QStringLiteral("setup/hotelhub-tray"));
    QVERIFY(QFile::copy(tray, beside));
    QCOMPARE(Autostart::findTray(bin.filePath(QStringLiteral("setup"))), QFileInfo(beside).canonicalFilePath());
#endif
}

void TestSetupRules::databaseAndStorageChecks()
{
    const QString dir = m_root->filePath(QStringLiteral("checks"));
    QDir().mkpath(dir);
    ConnectionCheck c = ConnectionChecker::checkDatabase({}, dir, dir);
    QVERIFY2(c.ok, qPrintable(c.detail.text()));
    c = ConnectionChecker::checkDatabase({{QStringLiteral("DB_DATABASE"), QStringLiteral("missing/folder/app.sqlite")}}, dir, dir);
    QVERIFY(!c.ok);
    QVERIFY(c.detail.text().contains(QLatin1String("missing/folder")));
    QVERIFY(!c.fix.text().isEmpty());
    c = ConnectionChecker::checkDatabase({{QStringLiteral("DB_CONNECTION"), QStringLiteral("oracle")}}, dir, dir);
    QVERIFY(!c.ok && c.detail.text().contains(QLatin1String("oracle")));
    // PostgreSQL on a port where nothing listens: refused, named, with the fix.
    c = ConnectionChecker::checkDatabase({{QStringLiteral("DB_CONNECTION"), QStringLiteral("pgsql")}, {QStringLiteral("DB_HOST"), QStringLiteral("127.0.0.1")},
                                          {QStringLiteral("DB_PORT"), QString::number(freeLoopbackPort())}, {QStringLiteral("DB_DATABASE"), QStringLiteral("hms")},
                                          {QStringLiteral("DB_USERNAME"), QStringLiteral("hms")}},
                                         dir, dir);
    QVERIFY(!c.ok);
    QVERIFY(c.title.text().contains(QLatin1String("PostgreSQL")));
#ifdef Q_OS_WIN
    // The Windows installer ships no PostgreSQL driver: the check names the two missing files.
    QVERIFY2(c.detail.text().contains(QLatin1String("qsqlpsql.dll")) && c.fix.text().contains(QLatin1String("libpq.dll")), qPrintable(c.detail.text()));
#else
    QVERIFY(c.fix.text().contains(QLatin1String("DB_HOST")));
#endif
    c = ConnectionChecker::checkStorage(dir);
    QVERIFY2(c.ok, qPrintable(c.detail.text()));
    c = ConnectionChecker::checkStorage(dir, qint64(1) << 60); // an exabyte: never free
    QVERIFY(!c.ok && !c.fix.text().isEmpty());
    // The settings row: a line named with its own step; a file saved as UTF-16 with the step of
    // saving it as UTF-8 (it was followed by "Edit those lines as shown"; helper-54).
    const QString env = QDir(dir).filePath(QStringLiteral("checks.env"));
    QVERIFY(writeFile(env, "APP_NAME=Hotel Melati\n"));
    c = ConnectionChecker::checkSettings(env);
    QVERIFY2(!c.ok && c.fix.text().contains(QLatin1String("Edit those lines")), qPrintable(c.fix.text()));
    QByteArray utf16("\xFF\xFE", 2);
    for (const char ch : QByteArray("APP_NAME=\"Hotel Melati\"\r\n"))
        utf16.append(ch).append('\0');
    QVERIFY(writeFile(env, utf16));
    c = ConnectionChecker::checkSettings(env);
    QVERIFY2(!c.ok && c.detail.text().contains(QLatin1String("UTF-16")), qPrintable(c.detail.text()));
    QVERIFY2(c.fix.text().contains(QLatin1String("again as UTF-8")) && !c.fix.text().contains(QLatin1String("Edit those lines")), qPrintable(c.fix.text()));
}

void TestSetupRules::redisChecks()
{
#ifdef Q_OS_WIN
    QSKIP("No Redis server for Windows here; the check is the same TCP conversation on both systems and runs on Linux");
#endif
    const QString redis = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    QVERIFY2(!redis.isEmpty(), "redis-server is installed by run.sh");
    const quint16 port = freeLoopbackPort();
    QProcess server;
    server.start(redis, {QStringLiteral("--port"), QString::number(port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                         QStringLiteral("--requirepass"), QStringLiteral("s3cret pass"), QStringLiteral("--save"), QString(),
                         QStringLiteral("--appendonly"), QStringLiteral("no"), QStringLiteral("--dir"), m_root->path()});
    QVERIFY(server.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT([&] { QTcpSocket s; s.connectToHost(QHostAddress::LocalHost, port); return s.waitForConnected(200); }(), 10000);

    auto run = [&](const QHash<QString, QString> &settings) {
        EnvFile env;
        for (auto it = settings.begin(); it != settings.end(); ++it)
            env.set(it.key(), it.value());
        ConnectionChecker checker(env, m_root->path(), m_root->path(), nullptr);
        QSignalSpy spy(&checker, &ConnectionChecker::finished);
        checker.start(QStringLiteral("redis"));
        if (spy.isEmpty())
            spy.wait(5000);
        return spy.isEmpty() ? ConnectionCheck{} : spy.first().first().value<ConnectionCheck>();
    };
    const QString p = QString::number(port);
    ConnectionCheck c = run({{QStringLiteral("REDIS_HOST"), QStringLiteral("127.0.0.1")}, {QStringLiteral("REDIS_PORT"), p},
                             {QStringLiteral("REDIS_PASSWORD"), QStringLiteral("s3cret pass")}});
    QVERIFY2(c.ok && c.detail.text().contains(QLatin1String("AUTH")), qPrintable(c.detail.text()));
    c = run({{QStringLiteral("REDIS_HOST"), QStringLiteral("127.0.0.1")}, {QStringLiteral("REDIS_PORT"), p},
             {QStringLiteral("REDIS_PASSWORD"), QStringLiteral("wrong")}});
    QVERIFY2(!c.ok && c.fix.text().contains(QLatin1String("REDIS_PASSWORD")), qPrintable(c.detail.text()));
    c = run({{QStringLiteral("REDIS_HOST"), QStringLiteral("127.0.0.1")}, {QStringLiteral("REDIS_PORT"), p}});
    QVERIFY2(!c.ok && c.detail.text().contains(QLatin1String("password")), qPrintable(c.detail.text())); // NOAUTH
    c = run({{QStringLiteral("REDIS_HOST"), QStringLiteral("127.0.0.1")}, {QStringLiteral("REDIS_PORT"), QString::number(freeLoopbackPort())}});
    QVERIFY(!c.ok && c.required);
    c = run({});
    QVERIFY(c.ok && c.skipped && !c.required);
    server.kill();
    server.waitForFinished();
}

void TestSetupRules::postgresCheckAgainstARealServer()
{
#ifdef Q_OS_WIN
    QSKIP("The PostgreSQL cluster is started by a bash fixture (runuser) on Linux; the Windows build ships no PostgreSQL driver");
#endif
    // The throw-away cluster ctest starts for the server suites (postgres_start fixture).
    QFile urlFile(QStringLiteral(HOTELHUB_POSTGRES_URL_FILE));
    QVERIFY2(urlFile.open(QIODevice::ReadOnly), "the postgres_start fixture did not run");
    const QUrl url(QString::fromUtf8(urlFile.readAll().trimmed()));
    QHash<QString, QString> settings{{QStringLiteral("DB_CONNECTION"), QStringLiteral("pgsql")}, {QStringLiteral("DB_HOST"), url.host()},
                                     {QStringLiteral("DB_PORT"), QString::number(url.port())}, {QStringLiteral("DB_DATABASE"), url.path().mid(1)},
                                     {QStringLiteral("DB_USERNAME"), url.userName()}};
    ConnectionCheck c = ConnectionChecker::checkDatabase(settings, m_root->path(), m_root->path());
    QVERIFY2(c.ok, qPrintable(c.detail.text()));
    QVERIFY(c.title.text().contains(QLatin1String("PostgreSQL")));
    QVERIFY(c.detail.text().contains(QLatin1String("read back")) || c.detail.text().contains(QLatin1String("membaca kembali")));
    settings.insert(QStringLiteral("DB_DATABASE"), QStringLiteral("no_such_database"));
    c = ConnectionChecker::checkDatabase(settings, m_root->path(), m_root->path());
    QVERIFY(!c.ok);
    QVERIFY2(c.detail.text().contains(QLatin1String("no_such_database")), qPrintable(c.detail.text()));
}

void TestSetupRules::heartbeatTaskDefinition()
{
    // Windows' scheduled task (the systemd timer's counterpart): SYSTEM, at boot and hourly, and a
    // command line that Windows splits back into the same arguments (spaces, a trailing backslash).
    const QString xml = setup::ScheduledHeartbeat::taskXml(QStringLiteral("C:\\Program Files\\HotelHub License\\hotelhub-license.exe"),
                                                           QStringLiteral("C:\\ProgramData\\HotelHub\\license"),
                                                           QStringLiteral("C:\\HMS data\\<hotel> & spa\\"),
                                                           QStringLiteral("2026-12-01T03:00:00"));
    QXmlStreamReader reader(xml);
    QHash<QString, QString> text;
    QString element;
    int triggers = 0;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            element = reader.name().toString();
            triggers += element == QLatin1String("BootTrigger") || element == QLatin1String("TimeTrigger");
        } else if (reader.isCharacters() && !reader.isWhitespace()) {
            text[element] += reader.text().toString();
        }
    }
    QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
    QCOMPARE(triggers, 2);
    QCOMPARE(text.value(QStringLiteral("UserId")), QStringLiteral("S-1-5-18"));
    QCOMPARE(text.value(QStringLiteral("Interval")), QStringLiteral("PT1H"));
    QCOMPARE(text.value(QStringLiteral("StartWhenAvailable")), QStringLiteral("true"));
    QCOMPARE(text.value(QStringLiteral("Command")), QStringLiteral("C:\\Program Files\\HotelHub License\\hotelhub-license.exe"));
    QCOMPARE(text.value(QStringLiteral("Arguments")),
             QStringLiteral("--data-dir C:\\ProgramData\\HotelHub\\license --env \"C:\\HMS data\\<hotel> & spa\\\\\" heartbeat-retry"));
}

QTEST_GUILESS_MAIN(TestSetupRules)
#include "tst_setup_rules.moc"
