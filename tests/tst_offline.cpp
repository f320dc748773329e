// Offline activation and renewal (issue 13, README "Offline activation"): the request and the
// typed code as wire forms, the status policy of an offline answer, the client's refusals with an
// injected clock, and the whole round trip with the real programs.
#include "Database.h"
#include "EnvFile.h"
#include "Jws.h"
#include "LicenseManager.h"
#include "LocalLicense.h"
#include "OfflineActivation.h"
#include "OfflineClient.h"
#include "QrCodeLabel.h"
#include "SecretKeyStore.h"
#include "ServerProcess.h"
#include "StatusPresentation.h"
#include "TestSupport.h"

#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace hotelhub;
using namespace hotelhub::test;

namespace {
using Install = TestInstall;

const QString kKey = QStringLiteral("HMS-ABCDE-23456-FGHJK-78901");

LicenseBlock blockFor(const QString &keyHash)
{
    return {QStringLiteral("license:7"), keyHash, QStringLiteral("standalone-pro"),
            QJsonObject{{QStringLiteral("max_rooms"), 40}, {QStringLiteral("max_concurrent_users"), 8}, {QStringLiteral("max_properties"), 1}},
            QDateTime(QDate(2027, 12, 31), QTime(16, 59, 59), Qt::UTC), 30};
}

// The vendor's answer file for `request`, as the server writes it.
QString answerFile(const QByteArray &token)
{
    return QString::fromUtf8(QJsonDocument(QJsonObject{{QLatin1String(offline::kAnswerMarker), 1}, {QStringLiteral("token"), QString::fromLatin1(token)}})
                                 .toJson(QJsonDocument::Compact));
}

CommandResult runProgram(const QString &program, const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOTELHUB_KEYSTORE"), QStringLiteral("file"));
    env.insert(QStringLiteral("HOTELHUB_LANG"), QStringLiteral("en"));
    env.remove(QStringLiteral("HOTELHUB_DATA_DIR"));
    env.remove(QStringLiteral("HOTELHUB_ENV"));
    p.setProcessEnvironment(env);
    p.start(program, args);
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000))
        p.kill();
    auto text = [](const QByteArray &b) { return QString::fromUtf8(b).replace(QStringLiteral("\r\n"), QStringLiteral("\n")); };
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, text(p.readAllStandardOutput()), text(p.readAllStandardError())};
}

QJsonObject jsonOf(const CommandResult &r) { return QJsonDocument::fromJson(r.out.toUtf8()).object(); }
} // namespace

class TestOffline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    // wire forms
    void codeCatchesEveryTypoAndNamesItsGroup();
    void requestSurvivesTheTripAndRefusesDamage();
    void requestFitsOneQrCodeAndReadsBack();
    void moveFollowsTheOnlineMoveRules();
    // policy
    void offlineAnswerFollowsThePolicy_data();
    void offlineAnswerFollowsThePolicy();
    // the client, in-process
    void applyActivatesAndRenewsByCode();
    void eachBadAnswerHasItsOwnMessage();
    // the real programs
    void roundTripWithTheRealPrograms();
    void vendorRulesThroughTheOfflinePath();
    void answerNotWrittenIsNotAnswered();
    void rsaVendorAnswersWithAFileOnly();
    void endpointAndTheNetworkTakingOver();
    void answeringNeverBreaksTheTokenHeld();
    void oneQuietTryADayWhileOffline();

private:
    QString client(const QString &name) const { return m_root->filePath(name); }
    // A data folder for the client program that pins `server`'s key.
    QString clientFolder(const QString &name, const ServerProcess &server, const QString &vendorUrl = QStringLiteral("http://127.0.0.1:9"));
    CommandResult cli(const QString &dataDir, const QStringList &args, const QByteArray &input = {})
    {
        return runProgram(QStringLiteral(HOTELHUB_LICENSE_PATH), QStringList{QStringLiteral("--data-dir"), dataDir} + args, input);
    }

    std::unique_ptr<QTemporaryDir> m_root;
    std::unique_ptr<TestVendorKey> m_vendor;
    std::unique_ptr<ManualClock> m_clock;
    FakeFingerprintSource m_fingerprints;
};

void TestOffline::init()
{
    m_root = std::make_unique<QTemporaryDir>();
    if (!m_vendor)
        m_vendor = std::make_unique<TestVendorKey>(KeyAlgorithm::Ed25519);
    m_clock = std::make_unique<ManualClock>(at("2026-12-01T03:00:00Z"));
    m_fingerprints = FakeFingerprintSource();
}

void TestOffline::cleanup() { m_root.reset(); }

QString TestOffline::clientFolder(const QString &name, const ServerProcess &server, const QString &vendorUrl)
{
    const QString dir = client(name);
    QDir().mkpath(dir);
    QFile::copy(server.publicKeyPath(), dir + QStringLiteral("/vendor-public.pem"));
    writeFile(dir + QStringLiteral("/hotelhub.env"), QStringLiteral("LICENSE_PUBLIC_KEY_PATH=vendor-public.pem\nLICENSE_PUBLIC_KEY_HASH=%1\n"
                                                                    "LICENSE_VENDOR_BASE_URL=%2\n")
                                                         .arg(server.publicKeySha256(), vendorUrl)
                                                         .toUtf8());
    return dir;
}

void TestOffline::codeCatchesEveryTypoAndNamesItsGroup()
{
    const QByteArray signature = crypto::randomBytes(64);
    const QString code = encodeOfflineCode({signature, 90});
    QString bare = code;
    bare.remove(u'-');
    QCOMPARE(bare.size(), 130); // at most 130 characters, as the issue asks
    QCOMPARE(code.count(u'-'), 25);
    CodeProblem problem;
    auto decoded = decodeOfflineCode(code, &problem);
    QVERIFY(decoded);
    QCOMPARE(decoded->signature, signature);
    QCOMPARE(decoded->days, 90);
    // Read over the phone: lower case, spaces, and I/L/O for 1/1/0 are the same code.
    QString spoken = code.toLower().replace(u'-', u' ').replace(u'1', u'l').replace(u'0', u'o');
    decoded = decodeOfflineCode(spoken, &problem);
    QVERIFY2(decoded, qPrintable(problem.message));
    QCOMPARE(decoded->signature, signature);
    // Every single wrong character, anywhere, names its own group.
    const QString alphabet = QStringLiteral("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    for (int i = 0; i < bare.size(); ++i) {
        for (const QChar c : alphabet) {
            if (c == bare.at(i))
                continue;
            QString typo = bare;
            typo[i] = c;
            QVERIFY2(!decodeOfflineCode(typo, &problem), qPrintable(QStringLiteral("position %1 as %2").arg(i).arg(c)));
            QCOMPARE(problem.group, i / 5 + 1);
        }
    }
    // Two neighbours swapped inside a group, and two groups swapped, are caught too.
    for (int i = 0; i < bare.size() - 1; ++i) {
        if (i % 5 == 4 || bare.at(i) == bare.at(i + 1))
            continue;
        QString swapped = bare;
        std::swap(swapped[i], swapped[i + 1]);
        QVERIFY2(!decodeOfflineCode(swapped, &problem), qPrintable(QString::number(i)));
    }
    QString groupsSwapped = bare.mid(5, 5) + bare.left(5) + bare.mid(10);
    if (groupsSwapped != bare)
        QVERIFY(!decodeOfflineCode(groupsSwapped, &problem));
    // The field's grouping while typing: only the code's characters, upper-cased, groups of 5.
    QCOMPARE(formatPartialOfflineCode(QStringLiteral("abcde")), QStringLiteral("ABCDE"));
    QCOMPARE(formatPartialOfflineCode(QStringLiteral("abcde f-g*h")), QStringLiteral("ABCDE-FGH"));
    QCOMPARE(formatPartialOfflineCode(QStringLiteral("ABCDE-")), QStringLiteral("ABCDE"));
    QCOMPARE(formatPartialOfflineCode(bare + QStringLiteral("XYZ")), code); // never past 130 characters
    // A missing group is named as a length, not as a typo.
    QVERIFY(!decodeOfflineCode(bare.left(125), &problem));
    QCOMPARE(problem.group, 0);
    QVERIFY(problem.message.contains(QLatin1String("125")));
}

void TestOffline::requestSurvivesTheTripAndRefusesDamage()
{
    Install i(client(QStringLiteral("data")), *m_vendor, *m_clock, m_fingerprints);
    OfflineClient offline(*i.manager, *m_clock);
    const OfflineRequestResult made = offline.createRequest(kKey.toLower(), QStringLiteral("server replaced"));
    QVERIFY2(made.ok, qPrintable(made.error));
    QVERIFY(!made.renewal);
    const QString text = made.request.encode();
    QVERIFY(text.startsWith(QLatin1String("HHQ1:")));
    // Letters, digits and one colon: a QR code holds it in alphanumeric mode.
    for (const QChar c : text)
        QVERIFY2(c.isDigit() || (c >= u'A' && c <= u'Z') || c == u':', qPrintable(QString(c)));
    QString problem;
    const auto back = OfflineRequest::decode(made.request.encodeWrapped(40).toLower() + QStringLiteral("\n"), &problem);
    QVERIFY2(back, qPrintable(problem));
    QCOMPARE(back->licenseKey, kKey);
    QCOMPARE(back->keyHash, crypto::sha256Tagged(kKey.toUtf8()));
    QCOMPARE(back->fingerprint, made.request.fingerprint);
    QCOMPARE(back->installId, made.request.installId);
    QCOMPARE(back->components, made.request.components);
    QCOMPARE(back->nonce, made.request.nonce);
    QCOMPARE(back->createdAt, m_clock->now());
    QCOMPARE(back->moveReason, QStringLiteral("server replaced"));
    QCOMPARE(back->hostname, made.request.hostname);
    // Any one character changed after the prefix is caught by the checksum (or the alphabet).
    for (int pos = 5; pos < text.size(); pos += 7) {
        QString damaged = text;
        damaged[pos] = damaged.at(pos) == u'7' ? u'8' : u'7';
        QVERIFY2(!OfflineRequest::decode(damaged, &problem), qPrintable(QString::number(pos)));
        QVERIFY(problem.contains(QLatin1String("damaged")));
    }
    QVERIFY(!OfflineRequest::decode(text.left(text.size() - 3), &problem));
    QVERIFY(!OfflineRequest::decode(QStringLiteral("hello"), &problem));
    QVERIFY(problem.contains(QLatin1String("HHQ1:")));
    QVERIFY(!OfflineRequest::decode(QString(70000, u'A'), &problem));
}

void TestOffline::requestFitsOneQrCodeAndReadsBack()
{
#ifdef Q_OS_WIN
    QSKIP("zbarimg (zbar-tools) is a Debian program; the QR code is the same bytes on Windows");
#endif
    const QString zbar = QStandardPaths::findExecutable(QStringLiteral("zbarimg"));
    QVERIFY2(!zbar.isEmpty(), "zbarimg (zbar-tools) is missing; ./run.sh installs it");
    Install i(client(QStringLiteral("data")), *m_vendor, *m_clock, m_fingerprints);
    OfflineClient offline(*i.manager, *m_clock);
    // The largest request there is: a renewal (held licence) that is also a move with a long reason.
    QString error;
    QVERIFY(i.manager->bootstrap(false).ok);
    const QString fp = i.manager->currentComponents(i.manager->loadRow()->installId).fingerprint();
    TokenClaims held = makeClaims(fp, m_clock->now());
    held.keyHash = crypto::sha256Tagged(kKey.toUtf8());
    held.installId = i.manager->loadRow()->installId;
    QVERIFY2(i.manager->storePairing(signToken(held, m_vendor->key.get()), held.keyHash, &error), qPrintable(error));
    const OfflineRequestResult made = offline.createRequest(kKey, QString(200, u'x'));
    QVERIFY2(made.ok, qPrintable(made.error));
    QVERIFY(made.renewal);
    QVERIFY(made.codePossible);
    const QString text = made.request.encode();
    const int scale = 4; // the wizard's 4 px per module
    const QImage image = widgets::QrCodeLabel::render(text, scale);
    QVERIFY(!image.isNull());
    const int modules = image.width() / scale - 8;
    const int version = (modules - 17) / 4;
    qInfo("request: %d characters; QR version %d (%d modules, %d px at %d px per module)", int(text.size()), version, modules, image.width(), scale);
    // A phone camera reads a version-20 code (97 modules) from a screen without trouble; the
    // typical request (no move reason) is smaller still (README "Offline activation").
    QVERIFY2(version <= 20, qPrintable(QString::number(version)));
    const QString png = m_root->filePath(QStringLiteral("request.png"));
    QVERIFY(image.save(png));
    QProcess z;
    z.start(zbar, {QStringLiteral("--raw"), QStringLiteral("-q"), png});
    QVERIFY(z.waitForFinished(30000));
    QCOMPARE(QString::fromLatin1(z.readAllStandardOutput()).trimmed(), text);
}

void TestOffline::moveFollowsTheOnlineMoveRules()
{
    Install i(client(QStringLiteral("data")), *m_vendor, *m_clock, m_fingerprints);
    OfflineClient offline(*i.manager, *m_clock);
    QString problem;
    // A reason of blanks: refused, as an online move is (it made a request with no move in it).
    OfflineRequestResult r = offline.createRequest(kKey, QStringLiteral("   "));
    QVERIFY(!r.ok);
    QCOMPARE(r.code, QStringLiteral("invalid_request"));
    QVERIFY2(r.error.contains(QLatin1String("reason is required")), qPrintable(r.error));
    // Longer than the vendor takes, or than the request holds: said with its length (it was cut
    // at 500 bytes without a word).
    r = offline.createRequest(kKey, QString(501, u'x'));
    QVERIFY(!r.ok);
    QCOMPARE(r.code, QStringLiteral("invalid_request"));
    QVERIFY2(r.error.contains(QLatin1String("501")), qPrintable(r.error));
    r = offline.createRequest(kKey, QString(300, QChar(0xE9))); // 300 letters, 600 bytes
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(QLatin1String("600")), qPrintable(r.error));
    // 500 bytes fit, and arrive whole.
    r = offline.createRequest(kKey, QString(250, QChar(0xE9)));
    QVERIFY2(r.ok, qPrintable(r.error));
    auto back = OfflineRequest::decode(r.request.encode(), &problem);
    QVERIFY2(back, qPrintable(problem));
    QCOMPARE(back->moveReason, QString(250, QChar(0xE9)));
    // What the request cuts (a long host name) is cut between characters, never inside one.
    r.request.hostname = QString(100, QChar(0x20AC)); // 300 bytes of three each
    back = OfflineRequest::decode(r.request.encode(), &problem);
    QVERIFY2(back, qPrintable(problem));
    QVERIFY(!back->hostname.isEmpty());
    QCOMPARE(back->hostname, QString(back->hostname.size(), QChar(0x20AC)));
    // A host name with an escape sequence and a bidi override reaches the vendor as a plain line
    // (helper-50: offline-answer printed it to the vendor's terminal).
    r.request.hostname = QStringLiteral("evil\u001b]0;T\u0007\u001b[2J\u202ex");
    back = OfflineRequest::decode(r.request.encode(), &problem);
    QVERIFY2(back && back->hostname.startsWith(QLatin1String("evil")) && !back->hostname.contains(QChar(0x1b)) && !back->hostname.contains(QChar(0x202e)),
             qPrintable(back ? back->hostname : problem));
    // A key typed into the reason is masked, as for an online move: the vendor keeps reasons.
    r = offline.createRequest(kKey, QStringLiteral("old server died, key ") + kKey);
    QVERIFY2(r.ok, qPrintable(r.error));
    back = OfflineRequest::decode(r.request.encode(), &problem);
    QVERIFY2(back, qPrintable(problem));
    QVERIFY2(back->moveReason.startsWith(QLatin1String("old server died, key HMS-ABCDE-")), qPrintable(back->moveReason));
    QVERIFY2(!back->moveReason.contains(QLatin1String("23456")) && !back->moveReason.contains(QLatin1String("FGHJK")), qPrintable(back->moveReason));
    // A move names its key: the vendor refused one without it, after the whole round trip.
    r = offline.createRequest(QString(), QStringLiteral("server replaced"));
    QVERIFY(!r.ok);
    QCOMPARE(r.code, QStringLiteral("key_required"));
}

void TestOffline::offlineAnswerFollowsThePolicy_data()
{
    QTest::addColumn<int>("day");
    QTest::addColumn<QString>("state");
    QTest::addColumn<int>("daysLeft");
    QTest::addColumn<bool>("reminder");
    // A 90-day answer: no heartbeat is expected; reminded from 14 days before the end; restricted
    // after it; locked hard_lock_days after the anchor (exp − 30 d), i.e. 30 days after the end.
    QTest::newRow("day 0") << 0 << "active" << 90 << false;
    QTest::newRow("day 20: no overdue warning") << 20 << "active" << 70 << false;
    QTest::newRow("day 59: past the online 60-day lock") << 59 << "active" << 31 << false;
    QTest::newRow("day 75: 15 days left") << 75 << "active" << 15 << false;
    QTest::newRow("day 76: 14 days left, reminded") << 76 << "active" << 14 << true;
    QTest::newRow("day 89") << 89 << "active" << 1 << true;
    QTest::newRow("day 91: ended") << 91 << "degraded" << 29 << false;
    QTest::newRow("day 119") << 119 << "degraded" << 1 << false;
    QTest::newRow("day 120: locked") << 120 << "locked" << -1 << false;
}

void TestOffline::offlineAnswerFollowsThePolicy()
{
    QFETCH(int, day);
    QFETCH(QString, state);
    QFETCH(int, daysLeft);
    QFETCH(bool, reminder);
    const QDateTime requested = at("2026-12-01T03:00:00Z");
    OfflineRequest q;
    q.nonce = QByteArray(16, 'n');
    q.createdAt = requested;
    q.fingerprint = testFingerprint(QStringLiteral("hotel"));
    q.installId = QStringLiteral("4f852663-d093-444b-ae46-5efc007c5b3c");
    PolicyRecord record;
    record.paired = true;
    record.claims = offlineClaims(q, blockFor(QStringLiteral("sha256:aa")), 90);
    record.storedFingerprint = q.fingerprint;
    record.pairedAt = requested;
    const LicenseStatus s = evaluate(record, requested.addDays(day).addSecs(3600), {q.fingerprint, true, false});
    QCOMPARE(s.stateName(), state);
    QVERIFY(s.offline);
    QCOMPARE(s.daysLeft.value_or(-1), daysLeft);
    if (state == QLatin1String("active"))
        QCOMPARE(s.heartbeatAgeDays, 0); // days_overdue: nothing is overdue while the answer stands
    const StatusPresentation p = present(s, Language::English);
    QCOMPARE(p.level == BannerLevel::Warning, reminder);
    if (state == QLatin1String("active"))
        QVERIFY2(p.title.startsWith(QLatin1String("Licence active (offline, valid until")), qPrintable(p.title));
    const StatusPresentation id = present(s, Language::Indonesian);
    if (state == QLatin1String("active"))
        QVERIFY2(id.title.startsWith(QLatin1String("Lisensi aktif (offline, berlaku sampai")), qPrintable(id.title));
}

void TestOffline::applyActivatesAndRenewsByCode()
{
    Install i(client(QStringLiteral("data")), *m_vendor, *m_clock, m_fingerprints);
    OfflineClient offline(*i.manager, *m_clock);
    const OfflineRequestResult first = offline.createRequest(kKey);
    QVERIFY2(first.ok, qPrintable(first.error));
    const LicenseBlock block = blockFor(first.request.keyHash);
    m_clock->advanceDays(2); // the answer comes back two days later
    const QByteArray token = signToken(offlineClaims(first.request, block, 90), m_vendor->key.get());
    OfflineApplyResult r = offline.apply(answerFile(token));
    QVERIFY2(r.ok(), qPrintable(r.message + u' ' + r.detail));
    QCOMPARE(r.status.stateName(), QStringLiteral("active"));
    QVERIFY(r.status.offline);
    QCOMPARE(r.status.daysLeft.value_or(-1), 88);
    const StatusReport report = i.manager->statusReport(m_clock->now(), false);
    const QJsonObject json = LicenseManager::statusJson(report);
    QCOMPARE(json.value(QStringLiteral("offline")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("offline_until")).toString(), QStringLiteral("2027-03-01T03:00:00Z"));
    QCOMPARE(json.value(QStringLiteral("plan")).toString(), QStringLiteral("standalone-pro"));
    QCOMPARE(i.env.value(QStringLiteral("LICENSE_KEY_HASH")), first.request.keyHash); // stored as a pairing does
    QVERIFY(i.manager->loadRow()->licenseKeyHash == first.request.keyHash);

    // Renewal by the typed code: the request names the licence held, the code carries only the
    // signature and the days.
    m_clock->advanceDays(70);
    const OfflineRequestResult renewal = offline.createRequest(QString());
    QVERIFY2(renewal.ok, qPrintable(renewal.error));
    QVERIFY(renewal.renewal);
    QVERIFY(renewal.codePossible);
    QCOMPARE(renewal.request.heldDigest, block.digest());
    const QByteArray renewed = signToken(offlineClaims(renewal.request, block, 120), m_vendor->key.get());
    const QString code = offlineCodeForToken(renewed, 120);
    QVERIFY(!code.isEmpty());
    r = offline.apply(code);
    QVERIFY2(r.ok(), qPrintable(r.message + u' ' + r.detail));
    QCOMPARE(r.claims->expiresAt, renewal.request.createdAt.addDays(120));
    QCOMPARE(i.manager->currentToken(nullptr).value_or(QByteArray()), renewed); // the very token the vendor signed
    // Audited as the client's own events.
    QSqlQuery q(i.db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT action FROM audit_logs WHERE action LIKE 'license.offline_%' ORDER BY id")));
    QStringList actions;
    while (q.next())
        actions << q.value(0).toString();
    QCOMPARE(actions, (QStringList{QStringLiteral("license.offline_activated"), QStringLiteral("license.offline_renewed")}));
}

void TestOffline::eachBadAnswerHasItsOwnMessage()
{
    Install i(client(QStringLiteral("data")), *m_vendor, *m_clock, m_fingerprints);
    OfflineClient offline(*i.manager, *m_clock);
    const OfflineRequestResult req = offline.createRequest(kKey);
    QVERIFY(req.ok);
    const LicenseBlock block = blockFor(req.request.keyHash);
    const QByteArray good = signToken(offlineClaims(req.request, block, 90), m_vendor->key.get());

    // A code before any renewal request: the first activation needs the file.
    OfflineApplyResult r = offline.apply(offlineCodeForToken(good, 90));
    QCOMPARE(r.code(), QStringLiteral("code_needs_file"));
    // Tampered: one character of the payload changed.
    QByteArray tampered = good;
    const int dot = tampered.indexOf('.') + 10;
    tampered[dot] = tampered[dot] == 'A' ? 'B' : 'A';
    r = offline.apply(answerFile(tampered));
    QCOMPARE(r.code(), QStringLiteral("tampered"));
    // Another vendor's signature is tampering too.
    TestVendorKey other(KeyAlgorithm::Ed25519);
    r = offline.apply(answerFile(signToken(offlineClaims(req.request, block, 90), other.key.get())));
    QCOMPARE(r.code(), QStringLiteral("tampered"));
    // For another machine.
    OfflineRequest elsewhere = req.request;
    elsewhere.fingerprint = testFingerprint(QStringLiteral("other"));
    r = offline.apply(answerFile(signToken(offlineClaims(elsewhere, block, 90), m_vendor->key.get())));
    QCOMPARE(r.code(), QStringLiteral("other_machine"));
    QVERIFY(r.message.contains(QLatin1String("another computer")));
    // For a request this install never made.
    OfflineRequest stranger = req.request;
    stranger.nonce = crypto::randomBytes(16);
    r = offline.apply(answerFile(signToken(offlineClaims(stranger, block, 90), m_vendor->key.get())));
    QCOMPARE(r.code(), QStringLiteral("not_requested_here"));
    // The request itself pasted back, and nonsense.
    QCOMPARE(offline.apply(req.request.encode()).code(), QStringLiteral("not_an_answer"));
    QCOMPARE(offline.apply(QStringLiteral("{\"hello\": 1}")).code(), QStringLiteral("not_an_answer"));
    QCOMPARE(offline.apply(QString()).code(), QStringLiteral("not_an_answer"));
    // Nothing so far changed the installation.
    QVERIFY(!i.manager->loadRow()->isPaired());

    // Too late: the request is over 30 days old when the answer comes.
    m_clock->advanceDays(31);
    r = offline.apply(answerFile(good));
    QCOMPARE(r.code(), QStringLiteral("request_expired"));
    m_clock->advanceDays(-31);
    // An answer whose validity has passed by this computer's clock (1 day, applied on day 3).
    const OfflineRequestResult shortReq = offline.createRequest(kKey);
    m_clock->advanceDays(3);
    r = offline.apply(answerFile(signToken(offlineClaims(shortReq.request, block, 1), m_vendor->key.get())));
    QCOMPARE(r.code(), QStringLiteral("answer_expired"));
    m_clock->advanceDays(-3);
    // The good one works once; a replay is named as such.
    r = offline.apply(QChar(0xFEFF) + answerFile(good) + QStringLiteral("\r\n")); // as Notepad saves it
    QVERIFY2(r.ok(), qPrintable(r.message));
    r = offline.apply(answerFile(good));
    QCOMPARE(r.code(), QStringLiteral("already_used"));

    // Words are not a code, however they are spelt.
    QCOMPARE(offline.apply(QStringLiteral("hello garbage")).code(), QStringLiteral("not_an_answer"));
    // An older, shorter answer never replaces the longer licence held (answers out of order).
    const OfflineRequestResult older = offline.createRequest(QString());
    r = offline.apply(answerFile(signToken(offlineClaims(older.request, block, 30), m_vendor->key.get())));
    QCOMPARE(r.code(), QStringLiteral("shorter_than_held"));
    QCOMPARE(LicenseManager::statusJson(i.manager->statusReport(m_clock->now(), false)).value(QStringLiteral("offline_until")).toString(),
             QStringLiteral("2027-03-01T03:00:00Z"));

    // A renewal code with one wrong character names its group; a code for another request is
    // typed right but matches nothing.
    const OfflineRequestResult renewal = offline.createRequest(QString());
    const QByteArray renewed = signToken(offlineClaims(renewal.request, block, 60), m_vendor->key.get());
    QString code = offlineCodeForToken(renewed, 60).remove(u'-');
    code[42] = code.at(42) == u'Q' ? u'R' : u'Q';
    r = offline.apply(code);
    QCOMPARE(r.code(), QStringLiteral("code_typo"));
    QCOMPARE(r.group, 9);
    QVERIFY(r.message.contains(QLatin1String("Group 9")));
    OfflineRequest notOurs = renewal.request;
    notOurs.nonce = crypto::randomBytes(16);
    r = offline.apply(offlineCodeForToken(signToken(offlineClaims(notOurs, block, 60), m_vendor->key.get()), 60));
    QCOMPARE(r.code(), QStringLiteral("code_no_match"));
    // The right code works once, says "renewed", and typed again is named as used.
    const QString good2 = offlineCodeForToken(signToken(offlineClaims(renewal.request, block, 120), m_vendor->key.get()), 120);
    r = offline.apply(good2);
    QVERIFY2(r.ok(), qPrintable(r.message));
    QVERIFY2(r.message.startsWith(QLatin1String("Offline activation renewed")), qPrintable(r.message));
    QCOMPARE(offline.apply(good2).code(), QStringLiteral("already_used"));
}

void TestOffline::roundTripWithTheRealPrograms()
{
    ServerProcess server(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), m_root->filePath(QStringLiteral("vendor")));
    QVERIFY(server.initKeys(KeyAlgorithm::Ed25519));
    const QString key = server.createLicense();
    QVERIFY(!key.isEmpty());
    const QString hotel = clientFolder(QStringLiteral("hotel"), server);
    const QString requestFile = m_root->filePath(QStringLiteral("request.txt"));
    const QString answer = m_root->filePath(QStringLiteral("answer.json"));

    // 1. The hotel asks (the key from stdin, as pair reads it).
    CommandResult r = cli(hotel, {QStringLiteral("offline-request"), QStringLiteral("--out"), requestFile}, key.toUtf8() + '\n');
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.startsWith(QLatin1String("HHQ1:")));
    QVERIFY2(!r.out.contains(key) && !r.err.contains(key), "the key is never printed");
    // The request and the answer travel as files a person may open and save again in Notepad,
    // whose "Unicode" is UTF-16 with a byte-order mark: read as the text they hold (they were
    // "malformed"; 2026-12-06).
    const auto saveAsUnicode = [](const QString &path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return false;
        const QString text = QString::fromUtf8(f.readAll());
        f.close();
        QByteArray utf16("\xFF\xFE", 2);
        utf16.append(reinterpret_cast<const char *>(text.utf16()), text.size() * 2); // little-endian, as on x86
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(utf16) == utf16.size();
    };
    QVERIFY(saveAsUnicode(requestFile));
    // 2. The vendor answers.
    r = server.admin({QStringLiteral("license"), QStringLiteral("offline-answer"), QStringLiteral("--keys"), server.keysDir(), requestFile,
                      QStringLiteral("--out"), answer, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QJsonObject a = jsonOf(r);
    QCOMPARE(a.value(QStringLiteral("days")).toInt(), 90);
    QCOMPARE(a.value(QStringLiteral("code_unavailable")).toString(), QStringLiteral("first_activation"));
    QVERIFY(saveAsUnicode(answer));
    // 3. The hotel applies it: active, offline.
    r = cli(hotel, {QStringLiteral("offline-apply"), answer});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = cli(hotel, {QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QJsonObject s = jsonOf(r);
    QCOMPARE(s.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    QCOMPARE(s.value(QStringLiteral("offline")).toBool(), true);
    const QString firstUntil = s.value(QStringLiteral("offline_until")).toString();
    QCOMPARE(firstUntil, a.value(QStringLiteral("offline_until")).toString());
    r = cli(hotel, {QStringLiteral("status"), QStringLiteral("--lang"), QStringLiteral("id")});
    QVERIFY2(r.out.contains(QLatin1String("Lisensi aktif (offline, berlaku sampai")), qPrintable(r.out));
    // diagnostic says heartbeats are not expected.
    r = cli(hotel, {QStringLiteral("diagnostic"), QStringLiteral("--offline")});
    QVERIFY2(r.out.contains(QLatin1String("heartbeats are not expected")), qPrintable(r.out));
    // … and no check fails for the heartbeat that never came.
    QVERIFY2(r.out.contains(QStringLiteral("[✓] Last heartbeat: never (not expected: offline activation until")), qPrintable(r.out));
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));

    // 4. Renewal with the typed code, one character wrong first.
    r = cli(hotel, {QStringLiteral("offline-request"), QStringLiteral("--out"), requestFile});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = server.admin({QStringLiteral("license"), QStringLiteral("offline-answer"), QStringLiteral("--keys"), server.keysDir(), requestFile,
                      QStringLiteral("--out"), answer, QStringLiteral("--days"), QStringLiteral("120"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    a = jsonOf(r);
    QString code = a.value(QStringLiteral("code")).toString();
    QCOMPARE(code.size(), 155);
    QString typo = code;
    typo[63] = typo.at(63) == u'X' ? u'Y' : u'X';
    r = cli(hotel, {QStringLiteral("offline-apply"), QStringLiteral("-")}, typo.toUtf8());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("Group 11")), qPrintable(r.err));
    r = cli(hotel, {QStringLiteral("offline-apply"), QStringLiteral("-"), QStringLiteral("--json")}, code.toUtf8());
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    r = cli(hotel, {QStringLiteral("status"), QStringLiteral("--json")});
    s = jsonOf(r);
    QCOMPARE(s.value(QStringLiteral("offline_until")).toString(), a.value(QStringLiteral("offline_until")).toString());
    QVERIFY(s.value(QStringLiteral("offline_until")).toString() > firstUntil);
    // The vendor's show lists both.
    r = server.admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--json")});
    QStringList actions;
    for (const QJsonValue &e : jsonOf(r).value(QStringLiteral("offline_activations")).toArray())
        actions << e.toObject().value(QStringLiteral("action")).toString();
    QCOMPARE(actions, (QStringList{QStringLiteral("license.offline_renewed"), QStringLiteral("license.offline_activated")}));
}

void TestOffline::answerNotWrittenIsNotAnswered()
{
    // The vendor's answer was recorded (the pairing, the audit's "license.offline_activated")
    // before its file was written: an --out the answer could not go to left the audit saying the
    // hotel was answered when it was not, and no next step.
    ServerProcess server(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), m_root->filePath(QStringLiteral("vendor")));
    QVERIFY(server.initKeys(KeyAlgorithm::Ed25519));
    const QString key = server.createLicense();
    const QString hotel = clientFolder(QStringLiteral("hotel"), server);
    const QString requestFile = m_root->filePath(QStringLiteral("request.txt"));
    QCOMPARE(cli(hotel, {QStringLiteral("offline-request"), QStringLiteral("--key"), key, QStringLiteral("--out"), requestFile}).exitCode, 0);
    auto answer = [&](const QString &source, const QString &out) {
        return server.admin({QStringLiteral("license"), QStringLiteral("offline-answer"), QStringLiteral("--keys"), server.keysDir(), source,
                             QStringLiteral("--out"), out, QStringLiteral("--json")});
    };
    auto offlineEvents = [&] {
        QStringList actions;
        const CommandResult r = server.admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--json")});
        for (const QJsonValue &e : jsonOf(r).value(QStringLiteral("offline_activations")).toArray())
            actions << e.toObject().value(QStringLiteral("action")).toString();
        return actions;
    };
    const QString file = m_root->filePath(QStringLiteral("a-file"));
    QVERIFY(writeFile(file, "x"));
    const struct
    {
        QString out;
        QString said;
    } places[]{
        {m_root->filePath(QStringLiteral("no-such-folder/answer.json")), QStringLiteral("does not exist")},
        {m_root->path(), QStringLiteral("is a folder, not a file")},
        {file + QStringLiteral("/answer.json"), QStringLiteral("is a file, not a folder")},
    };
    for (const auto &place : places) {
        const CommandResult r = answer(requestFile, place.out);
        QVERIFY2(r.exitCode == 3, qPrintable(r.out + r.err));
        const QJsonObject j = jsonOf(r);
        QCOMPARE(j.value(QStringLiteral("code")).toString(), QStringLiteral("output_not_written"));
        QVERIFY2(j.value(QStringLiteral("error")).toString().contains(place.said), qPrintable(r.out));
        QVERIFY2(r.err.contains(QLatin1String("Nothing was answered or recorded")) && r.err.contains(QLatin1String("--out")), qPrintable(r.err));
    }
    QCOMPARE(offlineEvents(), QStringList());
    // The request that cannot be read, or is not one: a code for a script too.
    CommandResult r = answer(m_root->filePath(QStringLiteral("missing.txt")), m_root->filePath(QStringLiteral("answer.json")));
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(jsonOf(r).value(QStringLiteral("code")).toString(), QStringLiteral("request_unreadable"));
    QVERIFY(writeFile(file, "HHQ1:not a request"));
    r = answer(file, m_root->filePath(QStringLiteral("answer.json")));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(jsonOf(r).value(QStringLiteral("code")).toString(), QStringLiteral("request_malformed"));
    QVERIFY(!QFile::exists(m_root->filePath(QStringLiteral("answer.json"))));

#ifdef Q_OS_UNIX
    // A file the answer cannot become after it was recorded (here a link that points into a folder
    // that does not exist: the look before goes by the link's own folder, the write follows the
    // link): the audit says so, the code tells a script, and the same command again answers the
    // same request.
    const QString link = m_root->filePath(QStringLiteral("answer-link.json"));
    QVERIFY(QFile::link(m_root->filePath(QStringLiteral("gone/answer.json")), link));
    r = answer(requestFile, link);
    QVERIFY2(r.exitCode == 3, qPrintable(r.out + r.err));
    QCOMPARE(jsonOf(r).value(QStringLiteral("code")).toString(), QStringLiteral("recorded_not_written"));
    QVERIFY2(r.err.contains(QLatin1String("was recorded")) && r.err.contains(QLatin1String("run the same command again")), qPrintable(r.err));
    QCOMPARE(offlineEvents(), (QStringList{QStringLiteral("license.offline_answer_not_written"), QStringLiteral("license.offline_activated")}));
#endif

    // A disk that is already full is refused before anything (it was answered and recorded,
    // found by the outside check; root only: a tmpfs is mounted).
    TmpfsMount disk(m_root->filePath(QStringLiteral("disk")), QStringLiteral("64k"));
    if (!disk.ok())
        QSKIP(qPrintable(disk.error()));
    QVERIFY(disk.fill(QStringLiteral("filler")));
    const QString onDisk = m_root->filePath(QStringLiteral("disk/answer.json"));
    const qsizetype eventsBefore = offlineEvents().size();
    r = answer(requestFile, onDisk);
    QVERIFY2(r.exitCode == 3, qPrintable(r.out + r.err));
    QCOMPARE(jsonOf(r).value(QStringLiteral("code")).toString(), QStringLiteral("output_not_written"));
    QVERIFY2(r.err.contains(QLatin1String("is full")) && r.err.contains(QLatin1String("Nothing was answered or recorded")), qPrintable(r.err));
    QCOMPARE(offlineEvents().size(), eventsBefore); // nothing answered or recorded
    QVERIFY(QFile::remove(m_root->filePath(QStringLiteral("disk/filler"))));
    r = answer(requestFile, onDisk);
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
#ifdef Q_OS_UNIX
    QCOMPARE(QFileInfo(onDisk).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions()); // it carries a token
#endif
    r = cli(hotel, {QStringLiteral("offline-apply"), onDisk});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(jsonOf(cli(hotel, {QStringLiteral("status"), QStringLiteral("--json")})).value(QStringLiteral("state")).toString(), QStringLiteral("active"));
}

void TestOffline::vendorRulesThroughTheOfflinePath()
{
    ServerProcess server(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), m_root->filePath(QStringLiteral("vendor")));
    QVERIFY(server.initKeys(KeyAlgorithm::Ed25519));
    const QString key = server.createLicense({QStringLiteral("--migrations-per-year"), QStringLiteral("1")});
    const QString first = clientFolder(QStringLiteral("first"), server);
    const QString second = clientFolder(QStringLiteral("second"), server);
    const QString third = clientFolder(QStringLiteral("third"), server);
    auto request = [&](const QString &dir, const QStringList &extra = {}) {
        const QString file = dir + QStringLiteral("/request.txt");
        const CommandResult r = cli(dir, QStringList{QStringLiteral("offline-request"), QStringLiteral("--key"), key, QStringLiteral("--out"), file} + extra);
        if (r.exitCode != 0)
            qWarning("%s", qPrintable(r.err));
        return file;
    };
    auto answer = [&](const QString &requestFile, const QStringList &extra = {}) {
        return server.admin(QStringList{QStringLiteral("license"), QStringLiteral("offline-answer"), QStringLiteral("--keys"), server.keysDir(),
                                        requestFile, QStringLiteral("--out"), requestFile + QStringLiteral(".answer"), QStringLiteral("--json")}
                            + extra);
    };
    CommandResult r = answer(request(first));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(cli(first, {QStringLiteral("offline-apply"), first + QStringLiteral("/request.txt.answer")}).exitCode, 0);
    // The answer of one computer does not work on another.
    r = cli(second, {QStringLiteral("offline-apply"), first + QStringLiteral("/request.txt.answer")});
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains(QLatin1String("another computer")), qPrintable(r.err));
    // Paired elsewhere: 409, as online.
    r = answer(request(second));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(jsonOf(r).value(QStringLiteral("code")).toString(), QStringLiteral("already_paired"));
    // A move (with its reason) spends the quota …
    r = answer(request(second, {QStringLiteral("--move"), QStringLiteral("server replaced")}));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(cli(second, {QStringLiteral("offline-apply"), second + QStringLiteral("/request.txt.answer")}).exitCode, 0);
    // … and the next one is over it.
    r = answer(request(third, {QStringLiteral("--move"), QStringLiteral("again")}));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(jsonOf(r).value(QStringLiteral("code")).toString(), QStringLiteral("migration_limit"));
    // Suspended: refused, with the vendor's reason code.
    QCOMPARE(server.admin({QStringLiteral("license"), QStringLiteral("suspend"), key, QStringLiteral("--reason"), QStringLiteral("unpaid")}).exitCode, 0);
    r = cli(second, {QStringLiteral("offline-request"), QStringLiteral("--out"), second + QStringLiteral("/renew.txt")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains(QLatin1String("Renewal request made")), qPrintable(r.err));
    // A move from the install that holds the licence is said as a move (helper-48: "Renewal").
    const CommandResult moved = cli(second, {QStringLiteral("offline-request"), QStringLiteral("--key"), key, QStringLiteral("--move"),
                                             QStringLiteral("disk replaced"), QStringLiteral("--out"), second + QStringLiteral("/move.txt")});
    QVERIFY2(moved.exitCode == 0 && moved.err.contains(QLatin1String("Move request made")), qPrintable(moved.err));
    // In a folder named after the key, with --json saying it is a move (helper-50: refused as "a
    // licence key, not a file name"; the JSON read as a renewal's).
    const QString keyFolder = second + u'/' + key;
    QVERIFY(QDir().mkpath(keyFolder));
    const CommandResult movedJson = cli(second, {QStringLiteral("offline-request"), QStringLiteral("--key"), key, QStringLiteral("--move"),
                                                 QStringLiteral("disk replaced"), QStringLiteral("--out"), keyFolder + QStringLiteral("/m.txt"),
                                                 QStringLiteral("--json")});
    QVERIFY2(movedJson.exitCode == 0 && jsonOf(movedJson).value(QStringLiteral("move")).toBool(), qPrintable(movedJson.out + movedJson.err));
    const CommandResult appliedThere = cli(second, {QStringLiteral("offline-apply"), keyFolder + QStringLiteral("/m.txt")});
    QVERIFY2(appliedThere.exitCode != 0 && !appliedThere.err.contains(QLatin1String("is a licence key")), qPrintable(appliedThere.err));
    r = answer(second + QStringLiteral("/renew.txt"));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(jsonOf(r).value(QStringLiteral("code")).toString(), QStringLiteral("suspended"));
    QCOMPARE(server.admin({QStringLiteral("license"), QStringLiteral("resume"), key}).exitCode, 0);
    // Older than 14 days by the vendor's clock: refused.
    r = answer(second + QStringLiteral("/renew.txt"), {QStringLiteral("--clock-offset"), QStringLiteral("+15d"), QStringLiteral("--trust-clock")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(jsonOf(r).value(QStringLiteral("code")).toString(), QStringLiteral("request_expired"));
    // Each refusal is audited.
    r = server.admin({QStringLiteral("license"), QStringLiteral("show"), key, QStringLiteral("--json")});
    QStringList refused;
    for (const QJsonValue &e : jsonOf(r).value(QStringLiteral("offline_activations")).toArray())
        if (e.toObject().value(QStringLiteral("action")).toString() == QLatin1String("license.offline_refused"))
            refused << e.toObject().value(QStringLiteral("code")).toString();
    QCOMPARE(refused, (QStringList{QStringLiteral("suspended"), QStringLiteral("migration_limit"), QStringLiteral("already_paired")}));
    // The first computer was moved away: its next heartbeat (online) is told so, as after an online move.
    // A move asked from the command line follows the same rules, said before anything is made
    // (exit 2): a blank reason, one longer than the request holds, and a paired computer's move
    // without its key (read from standard input, here empty).
    const auto refusedCode = [&](const QStringList &args) {
        const CommandResult answered = cli(first, QStringList{QStringLiteral("offline-request"), QStringLiteral("--json")} + args);
        return answered.exitCode == 2 ? jsonOf(answered).value(QStringLiteral("code")).toString() : QString::number(answered.exitCode) + answered.err;
    };
    QCOMPARE(refusedCode({QStringLiteral("--key"), key, QStringLiteral("--move"), QStringLiteral(" ")}), QStringLiteral("invalid_request"));
    QCOMPARE(refusedCode({QStringLiteral("--key"), key, QStringLiteral("--move"), QStringLiteral("-")}), QStringLiteral("invalid_request")); // no word
    QCOMPARE(refusedCode({QStringLiteral("--key"), key, QStringLiteral("--move"), QString(260, QChar(0xE9))}), QStringLiteral("invalid_request"));
    QCOMPARE(refusedCode({QStringLiteral("--move"), QStringLiteral("new server")}), QStringLiteral("key_required"));
}

void TestOffline::rsaVendorAnswersWithAFileOnly()
{
    ServerProcess server(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), m_root->filePath(QStringLiteral("vendor")));
    QVERIFY(server.initKeys(KeyAlgorithm::Rsa2048));
    const QString key = server.createLicense();
    const QString hotel = clientFolder(QStringLiteral("hotel"), server);
    const QString file = m_root->filePath(QStringLiteral("request.txt"));
    for (int round = 0; round < 2; ++round) {
        const QStringList keyArgs = round == 0 ? QStringList{QStringLiteral("--key"), key} : QStringList();
        CommandResult r = cli(hotel, QStringList{QStringLiteral("offline-request"), QStringLiteral("--out"), file, QStringLiteral("--json")} + keyArgs);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(jsonOf(r).value(QStringLiteral("code_possible")).toBool(), false);
        r = server.admin({QStringLiteral("license"), QStringLiteral("offline-answer"), QStringLiteral("--keys"), server.keysDir(), file,
                          QStringLiteral("--out"), file + QStringLiteral(".answer"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!jsonOf(r).contains(QStringLiteral("code")));
        QCOMPARE(jsonOf(r).value(QStringLiteral("code_unavailable")).toString(), round == 0 ? QStringLiteral("rsa_key") : QStringLiteral("rsa_key"));
        r = cli(hotel, {QStringLiteral("offline-apply"), file + QStringLiteral(".answer")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }
}

void TestOffline::endpointAndTheNetworkTakingOver()
{
    ServerProcess server(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), m_root->filePath(QStringLiteral("vendor")));
    QVERIFY(server.initKeys(KeyAlgorithm::Ed25519));
    const QString key = server.createLicense();
    QVERIFY(server.start());
    const QString hotel = clientFolder(QStringLiteral("hotel"), server, server.url(QString()).toString(QUrl::StripTrailingSlash));
    CommandResult r = cli(hotel, {QStringLiteral("offline-request"), QStringLiteral("--key"), key, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QString request = jsonOf(r).value(QStringLiteral("request")).toString();
    QNetworkAccessManager network;
    // The hotel (or anyone) may post a request; only the vendor chooses the days.
    HttpResult h = postJson(network, server.url(QStringLiteral("/api/license/offline")), {{QStringLiteral("request"), request}, {QStringLiteral("days"), 200}});
    QCOMPARE(h.status, 401);
    h = postJson(network, server.url(QStringLiteral("/api/license/offline")), {{QStringLiteral("request"), QStringLiteral("HHQ1:ZZZZ")}});
    QCOMPARE(h.status, 400);
    h = postJson(network, server.url(QStringLiteral("/api/license/offline")), {{QStringLiteral("request"), request}, {QStringLiteral("days"), 40}},
                 server.adminSecret());
    QCOMPARE(h.status, 200);
    QCOMPARE(h.json.value(QStringLiteral("days")).toInt(), 40);
    const QString file = m_root->filePath(QStringLiteral("answer.json"));
    QVERIFY(writeFile(file, h.body));
    QCOMPARE(cli(hotel, {QStringLiteral("offline-apply"), file}).exitCode, 0);
    const QString offlineUntil = jsonOf(cli(hotel, {QStringLiteral("status"), QStringLiteral("--json")})).value(QStringLiteral("offline_until")).toString();
    QVERIFY(!offlineUntil.isEmpty());
    // The network appears: ordinary heartbeats take over with no action, and a day online never
    // shortens the time the vendor granted offline.
    r = cli(hotel, {QStringLiteral("heartbeat")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = cli(hotel, {QStringLiteral("heartbeat")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject s = jsonOf(cli(hotel, {QStringLiteral("status"), QStringLiteral("--json")}));
    QCOMPARE(s.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    QVERIFY(!s.value(QStringLiteral("last_heartbeat")).toString().isEmpty());
    QCOMPARE(s.value(QStringLiteral("offline_until")).toString(), offlineUntil);
    server.stop();
}

void TestOffline::answeringNeverBreaksTheTokenHeld()
{
    // The internet comes and goes: the owner asks offline, the line returns, the vendor answers
    // the old request later, and the owner never applies it. The install keeps working.
    ServerProcess server(QStringLiteral(HOTELHUB_LICENSE_SERVER_PATH), m_root->filePath(QStringLiteral("vendor")));
    QVERIFY(server.initKeys(KeyAlgorithm::Ed25519));
    const QString key = server.createLicense();
    QVERIFY(server.start());
    const QString hotel = clientFolder(QStringLiteral("hotel"), server, server.url(QString()).toString(QUrl::StripTrailingSlash));
    CommandResult r = cli(hotel, {QStringLiteral("pair"), QStringLiteral("--key"), key});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString first = m_root->filePath(QStringLiteral("first.txt"));
    const QString second = m_root->filePath(QStringLiteral("second.txt"));
    QCOMPARE(cli(hotel, {QStringLiteral("offline-request"), QStringLiteral("--out"), first}).exitCode, 0);
    r = cli(hotel, {QStringLiteral("heartbeat")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(cli(hotel, {QStringLiteral("offline-request"), QStringLiteral("--out"), second}).exitCode, 0);
    auto answer = [&](const QString &request, const QString &days) {
        const CommandResult a = server.admin({QStringLiteral("license"), QStringLiteral("offline-answer"), QStringLiteral("--keys"), server.keysDir(),
                                              request, QStringLiteral("--out"), request + QStringLiteral(".json"), QStringLiteral("--days"), days});
        return a.exitCode;
    };
    QCOMPARE(answer(first, QStringLiteral("100")), 0);  // the request from before the line came back …
    QCOMPARE(answer(second, QStringLiteral("120")), 0); // … and the newer one
    // Nothing applied: the online token still works, twice.
    for (int i = 0; i < 2; ++i) {
        r = cli(hotel, {QStringLiteral("heartbeat")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }
    // The newer answer applied: its token works online too, and keeps its time.
    r = cli(hotel, {QStringLiteral("offline-apply"), second + QStringLiteral(".json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString until = jsonOf(cli(hotel, {QStringLiteral("status"), QStringLiteral("--json")})).value(QStringLiteral("offline_until")).toString();
    r = cli(hotel, {QStringLiteral("heartbeat")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(jsonOf(cli(hotel, {QStringLiteral("status"), QStringLiteral("--json")})).value(QStringLiteral("offline_until")).toString(), until);
    // The older answer, applied afterwards, would shorten it: refused, and nothing changes.
    r = cli(hotel, {QStringLiteral("offline-apply"), first + QStringLiteral(".json")});
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains(QLatin1String("shorter_than_held")), qPrintable(r.err));
    r = cli(hotel, {QStringLiteral("heartbeat")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    // The other order: a shorter answer presented online first never retires a longer one the
    // vendor gave before it, which the client then rightly takes.
    const QString third = m_root->filePath(QStringLiteral("third.txt"));
    const QString fourth = m_root->filePath(QStringLiteral("fourth.txt"));
    QCOMPARE(cli(hotel, {QStringLiteral("offline-request"), QStringLiteral("--out"), third}).exitCode, 0);
    QCOMPARE(cli(hotel, {QStringLiteral("offline-request"), QStringLiteral("--out"), fourth}).exitCode, 0);
    QCOMPARE(answer(fourth, QStringLiteral("200")), 0); // the longer one answered first …
    QCOMPARE(answer(third, QStringLiteral("150")), 0);  // … the shorter one later
    QCOMPARE(cli(hotel, {QStringLiteral("offline-apply"), third + QStringLiteral(".json")}).exitCode, 0);
    r = cli(hotel, {QStringLiteral("heartbeat")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(cli(hotel, {QStringLiteral("offline-apply"), fourth + QStringLiteral(".json")}).exitCode, 0);
    for (int i = 0; i < 2; ++i) {
        r = cli(hotel, {QStringLiteral("heartbeat")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }
    server.stop();
}

void TestOffline::oneQuietTryADayWhileOffline()
{
    // An offline answer stands for the heartbeats: the runner tries once a day at the daily slot,
    // not along the retry ladder (+5 min, +15 min, +1 h, 4 h) that fills the chart with failures.
    Install i(client(QStringLiteral("data")), *m_vendor, *m_clock, m_fingerprints);
    OfflineClient offline(*i.manager, *m_clock);
    const OfflineRequestResult req = offline.createRequest(kKey);
    QVERIFY(offline.apply(answerFile(signToken(offlineClaims(req.request, blockFor(req.request.keyHash), 90), m_vendor->key.get()))).ok());
    LocalLicense row = *i.manager->loadRow();
    QDateTime due = i.manager->nextHeartbeat(row, m_clock->now());
    QVERIFY2(due > m_clock->now(), qPrintable(due.toString(Qt::ISODate))); // not "now" right after the activation
    QVERIFY(due <= m_clock->now().addDays(1));
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_clock->set(due);
        QString error;
        QVERIFY(i.manager->recordFailedExchange({due, false, QStringLiteral("connection_refused"), {}, {}, {}, {}, {}}, &error));
        row = *i.manager->loadRow();
        const QDateTime next = i.manager->nextHeartbeat(row, m_clock->now());
        QVERIFY2(next >= due.addSecs(20 * 3600), qPrintable(next.toString(Qt::ISODate)));
        due = next;
    }
}

QTEST_MAIN(TestOffline)
#include "tst_offline.moc"
