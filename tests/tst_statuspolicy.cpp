#include "StatusColors.h"
#include "StatusPolicy.h"
#include "TrayPolicy.h"
#include "StatusPresentation.h"
#include "SupportContact.h"
#include "TestSupport.h"

#include <QSet>
#include <QTest>

using namespace hotelhub;
using namespace hotelhub::test;

namespace {
constexpr qint64 D = 86400;
const QDateTime T0 = QDateTime(QDate(2026, 11, 1), QTime(3, 0), Qt::UTC);
const QString FP = QStringLiteral("sha256:this-machine");

enum Flag {
    Unpaired = 1 << 0,
    KeyTampered = 1 << 1,
    TokenInvalid = 1 << 2,
    Undecryptable = 1 << 3,
    RowFingerprintDiffers = 1 << 4,
    TokenFingerprintDiffers = 1 << 5,
    ServerFingerprint = 1 << 6,
    ServerRevoked = 1 << 7,
    ServerSuspended = 1 << 8,
    LastSeenAhead = 1 << 9,   // last_seen_at = T0 + 10 d
    HardLock45 = 1 << 10,
    ServerExpired = 1 << 11,
    KeyHeldOpen = 1 << 12,    // the key file exists but another program holds it (Windows, antivirus)
};

struct Row { PolicyRecord record; PolicyEnvironment env; };

Row build(qint64 success, qint64 validUntil, int flags)
{
    Row r;
    r.env.currentFingerprint = FP;
    r.env.publicKeyIntact = !(flags & (KeyTampered | KeyHeldOpen));
    r.env.publicKeyHeldOpen = flags & KeyHeldOpen;
    r.record.paired = !(flags & Unpaired);
    TokenClaims claims = makeClaims(flags & TokenFingerprintDiffers ? QStringLiteral("sha256:other") : FP, T0.addSecs(success), 30,
                                    T0.addSecs(validUntil));
    r.record.claims = claims;
    r.record.tokenCheck = TokenCheck::Ok;
    if (flags & TokenInvalid) {
        r.record.tokenCheck = TokenCheck::Invalid;
        r.record.claims.reset();
    }
    if (flags & Undecryptable) {
        r.record.tokenCheck = TokenCheck::Undecryptable;
        r.record.claims.reset();
    }
    r.record.storedFingerprint = flags & RowFingerprintDiffers ? QStringLiteral("sha256:old-machine") : FP;
    r.record.pairedAt = T0.addSecs(-100 * D);
    r.record.lastHeartbeatSuccessAt = T0.addSecs(success);
    r.record.lastSeenAt = flags & LastSeenAhead ? T0.addSecs(10 * D) : T0.addSecs(success);
    if (flags & ServerFingerprint)
        r.record.serverVerdict = ServerVerdict::FingerprintMismatch;
    if (flags & ServerRevoked)
        r.record.serverVerdict = ServerVerdict::Revoked;
    if (flags & ServerSuspended)
        r.record.serverVerdict = ServerVerdict::Suspended;
    if (flags & ServerExpired)
        r.record.serverVerdict = ServerVerdict::Expired;
    r.record.hardLockDays = flags & HardLock45 ? 45 : 60;
    return r;
}
} // namespace

class TestStatusPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void table_data();
    void table();
    void neverHeartbeatUsesPairingTime();
    void offlineActivationKeepsTheRenewalGrace();
    void keystoreUnavailableKeepsWhatTheRowSays();
    void shortTokensAreAnnouncedBeforeRestriction();
    void daysLeftCountStartedDays();
    void toneColoursMeetWcagAa();
    void mappings_data();
    void mappings();
    void presentationCoversEveryState();
    void oneSupportContactRule();
    void seedWordingInIndonesian_data();
    void seedWordingInIndonesian();
    void englishText();
};

void TestStatusPolicy::table_data()
{
    QTest::addColumn<qint64>("now");        // seconds after T0
    QTest::addColumn<qint64>("success");    // last successful heartbeat, seconds after T0 (token iat)
    QTest::addColumn<qint64>("validUntil"); // seconds after T0
    QTest::addColumn<int>("flags");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("ageDays");

    const qint64 far = 400 * D;
    // Row 14 and the heartbeat-age boundaries (rows 13, 12, 11, 10), one second either side.
    QTest::newRow("fresh") << qint64(3600) << qint64(0) << far << 0 << "active" << "active" << 0;
    QTest::newRow("6d23h59m59s") << 7 * D - 1 << qint64(0) << far << 0 << "active" << "active" << 6;
    QTest::newRow("7d") << 7 * D << qint64(0) << far << 0 << "overdue_warning" << "overdue_warning" << 7;
    QTest::newRow("7d+1s") << 7 * D + 1 << qint64(0) << far << 0 << "overdue_warning" << "overdue_warning" << 7;
    QTest::newRow("14d-1s") << 14 * D - 1 << qint64(0) << far << 0 << "overdue_warning" << "overdue_warning" << 13;
    QTest::newRow("14d") << 14 * D << qint64(0) << far << 0 << "overdue_critical" << "overdue_critical" << 14;
    QTest::newRow("14d+1s") << 14 * D + 1 << qint64(0) << far << 0 << "overdue_critical" << "overdue_critical" << 14;
    QTest::newRow("30d-1s") << 30 * D - 1 << qint64(0) << far << 0 << "overdue_critical" << "overdue_critical" << 29;
    QTest::newRow("30d = exp, not past it") << 30 * D << qint64(0) << far << 0 << "overdue_critical" << "overdue_critical" << 30;
    QTest::newRow("30d+1s past exp") << 30 * D + 1 << qint64(0) << far << 0 << "degraded" << "degraded" << 30;
    QTest::newRow("60d-1s") << 60 * D - 1 << qint64(0) << far << 0 << "degraded" << "degraded" << 59;
    QTest::newRow("60d") << 60 * D << qint64(0) << far << 0 << "locked" << "offline_too_long" << 60;
    QTest::newRow("60d+1s") << 60 * D + 1 << qint64(0) << far << 0 << "locked" << "offline_too_long" << 60;
    QTest::newRow("per-licence hard lock 45d") << 45 * D << qint64(0) << far << int(HardLock45) << "locked" << "offline_too_long" << 45;
    QTest::newRow("per-licence hard lock 45d-1s") << 45 * D - 1 << qint64(0) << far << int(HardLock45) << "degraded" << "degraded" << 44;

    // Rows 8 and 9: expiry and its grace, with fresh heartbeats (success 1 h before now).
    const qint64 V = 100 * D;
    QTest::newRow("valid_until-1s") << V - 1 << V - 3601 << V << 0 << "active" << "active" << 0;
    QTest::newRow("valid_until") << V << V - 3600 << V << 0 << "active" << "active" << 0;
    QTest::newRow("valid_until+1s") << V + 1 << V - 3599 << V << 0 << "expired_grace" << "expired_grace" << 0;
    QTest::newRow("valid_until+30d") << V + 30 * D << V + 30 * D - 3600 << V << 0 << "expired_grace" << "expired_grace" << 0;
    QTest::newRow("valid_until+30d+1s") << V + 30 * D + 1 << V + 30 * D - 3599 << V << 0 << "expired" << "expired" << 0;
    QTest::newRow("expired beats offline lock") << V + 90 * D << qint64(0) << V << 0 << "expired" << "expired" << 190;
    // The renewal grace is for a hotel still checked online: an install offline too long stays
    // locked, one past its token's exp restricted (it got "expired_grace", full mode, for the
    // grace days at the licence's end; outside check). STATUS_POLICY.md lists row 9 first.
    QTest::newRow("offline lock holds in the renewal grace") << V + 5 * D << qint64(0) << V << 0 << "locked" << "offline_too_long" << 105;
    QTest::newRow("degraded holds in the renewal grace") << V + D << V - 40 * D << V << 0 << "degraded" << "degraded" << 41;
    QTest::newRow("overdue in the renewal grace is grace") << V + D << V - 9 * D << V << 0 << "expired_grace" << "expired_grace" << 10;
    QTest::newRow("server said expired") << qint64(3600) << qint64(0) << far << int(ServerExpired) << "expired" << "expired" << 0;

    // Row 7: the clock.
    QTest::newRow("clock 24h+1s behind last seen") << 9 * D - 1 << qint64(0) << far << int(LastSeenAhead) << "clock_invalid" << "clock_invalid" << 8;
    QTest::newRow("clock 24h behind last seen") << 9 * D << qint64(0) << far << int(LastSeenAhead) << "overdue_warning" << "overdue_warning" << 9;
    QTest::newRow("token iat 6 min in the future") << qint64(0) << qint64(360) << far << 0 << "clock_invalid" << "clock_invalid" << 0;
    QTest::newRow("token iat 4 min in the future") << qint64(0) << qint64(240) << far << 0 << "active" << "active" << 0;
    QTest::newRow("clock beats expiry") << V + 40 * D << V + 40 * D + 600 << V << 0 << "clock_invalid" << "clock_invalid" << 0;

    // Rows 1–6 and their precedence.
    QTest::newRow("unpaired") << qint64(0) << qint64(0) << far << int(Unpaired) << "unpaired" << "unpaired" << 0;
    QTest::newRow("unpaired beats tampered key") << qint64(0) << qint64(0) << far << int(Unpaired | KeyTampered) << "unpaired" << "unpaired" << 0;
    QTest::newRow("public key tampered") << qint64(0) << qint64(0) << far << int(KeyTampered | ServerRevoked) << "locked" << "public_key_tampered" << 0;
    QTest::newRow("public key held open is no tampering") << qint64(0) << qint64(0) << far << int(KeyHeldOpen) << "locked" << "file_held_open" << 0;
    QTest::newRow("invalid token") << qint64(0) << qint64(0) << far << int(TokenInvalid) << "locked" << "invalid_token" << 0;
    QTest::newRow("undecryptable here") << qint64(0) << qint64(0) << far << int(Undecryptable) << "locked" << "invalid_token" << 0;
    QTest::newRow("undecryptable, copied elsewhere") << qint64(0) << qint64(0) << far << int(Undecryptable | RowFingerprintDiffers) << "fingerprint_mismatch" << "fingerprint_mismatch" << 0;
    QTest::newRow("token for another machine") << qint64(0) << qint64(0) << far << int(TokenFingerprintDiffers) << "fingerprint_mismatch" << "fingerprint_mismatch" << 0;
    QTest::newRow("row fingerprint differs") << qint64(0) << qint64(0) << far << int(RowFingerprintDiffers) << "fingerprint_mismatch" << "fingerprint_mismatch" << 0;
    // The vendor's word with this computer unchanged: the licence was moved elsewhere (it read
    // "Hardware change detected"; helper-40).
    QTest::newRow("server: fingerprint_mismatch") << qint64(0) << qint64(0) << far << int(ServerFingerprint) << "fingerprint_mismatch" << "moved_elsewhere" << 0;
    QTest::newRow("server and this computer") << qint64(0) << qint64(0) << far << int(ServerFingerprint | TokenFingerprintDiffers) << "fingerprint_mismatch" << "fingerprint_mismatch" << 0;
    QTest::newRow("revoked") << qint64(0) << qint64(0) << far << int(ServerRevoked) << "revoked" << "revoked" << 0;
    QTest::newRow("fingerprint beats revoked") << qint64(0) << qint64(0) << far << int(ServerRevoked | TokenFingerprintDiffers) << "fingerprint_mismatch" << "fingerprint_mismatch" << 0;
    QTest::newRow("suspended") << qint64(0) << qint64(0) << far << int(ServerSuspended) << "suspended" << "suspended" << 0;
    QTest::newRow("suspended beats clock") << 9 * D - 1 << qint64(0) << far << int(ServerSuspended | LastSeenAhead) << "suspended" << "suspended" << 0;
    QTest::newRow("suspended beats offline lock") << 70 * D << qint64(0) << far << int(ServerSuspended) << "suspended" << "suspended" << 0;
}

void TestStatusPolicy::table()
{
    QFETCH(qint64, now);
    QFETCH(qint64, success);
    QFETCH(qint64, validUntil);
    QFETCH(int, flags);
    QFETCH(QString, state);
    QFETCH(QString, reason);
    QFETCH(int, ageDays);
    const Row r = build(success, validUntil, flags);
    const LicenseStatus s = evaluate(r.record, T0.addSecs(now), r.env);
    QCOMPARE(s.stateName(), state);
    QCOMPARE(s.reason, reason);
    QCOMPARE(s.heartbeatAgeDays, ageDays);
    // Pure: the same inputs give the same answer.
    QCOMPARE(evaluate(r.record, T0.addSecs(now), r.env), s);
}

void TestStatusPolicy::neverHeartbeatUsesPairingTime()
{
    Row r = build(0, 400 * D, 0);
    r.record.lastHeartbeatSuccessAt = QDateTime();
    r.record.pairedAt = T0;
    QCOMPARE(evaluate(r.record, T0.addSecs(8 * D), r.env).state, LicenseState::OverdueWarning);
}

// An island hotel's offline activation lasts to its licence's end (the vendor caps it there): at
// the end it is in good standing, so it gets the renewal grace as an online hotel does, not
// "degraded" (found while reviewing the change that put rows 10 and 11 before row 9).
void TestStatusPolicy::offlineActivationKeepsTheRenewalGrace()
{
    const qint64 V = 100 * D;
    Row r = build(V - 30 * D, V, 0); // the answer made 30 days before the end, its exp at the end
    r.record.claims->offlineNonce = QStringLiteral("nonce");
    QCOMPARE(evaluate(r.record, T0.addSecs(V - D), r.env).state, LicenseState::Active);
    QCOMPARE(evaluate(r.record, T0.addSecs(V + 1), r.env).state, LicenseState::ExpiredGrace);
    QCOMPARE(evaluate(r.record, T0.addSecs(V + 29 * D), r.env).state, LicenseState::ExpiredGrace);
    QCOMPARE(evaluate(r.record, T0.addSecs(V + 30 * D + 1), r.env).state, LicenseState::Expired);
    // The server counts whole days from the request, so the longest answer ends up to a day before
    // the licence: it stands until the end (those hours were restricted; helper-38), then the
    // renewal grace.
    Row whole = build(V - 30 * D - 12 * 3600, V, 0); // exp 12 h before the end
    whole.record.claims->offlineNonce = QStringLiteral("nonce");
    QCOMPARE(evaluate(whole.record, T0.addSecs(V - 13 * 3600), whole.env).state, LicenseState::Active);
    QCOMPARE(evaluate(whole.record, T0.addSecs(V - 3600), whole.env).state, LicenseState::Active);
    QCOMPARE(evaluate(whole.record, T0.addSecs(V - 3600), whole.env).daysLeft.value_or(-1), 1);
    QCOMPARE(evaluate(whole.record, T0.addSecs(V + 1), whole.env).state, LicenseState::ExpiredGrace);
    // One that ended before the licence did: restricted from its exp, through the licence's end.
    Row early = build(V - 50 * D, V, 0); // exp at V - 20 d
    early.record.claims->offlineNonce = QStringLiteral("nonce");
    QCOMPARE(evaluate(early.record, T0.addSecs(V - 10 * D), early.env).state, LicenseState::Degraded);
    QCOMPARE(evaluate(early.record, T0.addSecs(V + D), early.env).state, LicenseState::Degraded);
    // Days left count to the lock that comes first: here the offline lock (V + 10 d); with a later
    // offline lock, the renewal deadline (it counted to the offline lock regardless; helper-37).
    QCOMPARE(evaluate(early.record, T0.addSecs(V + D), early.env).daysLeft.value_or(-1), 9); // offline lock at V + 10 d
    Row late = build(V - 32 * D, V, 0); // online until 32 days before the end: exp at V - 2 d
    late.record.hardLockDays = 90;
    QCOMPARE(evaluate(late.record, T0.addSecs(V + D), late.env).state, LicenseState::Degraded);
    QCOMPARE(evaluate(late.record, T0.addSecs(V + D), late.env).daysLeft.value_or(-1), 29); // renewal deadline V + 30 d
    // An online token that outlived the licence's end but not the hotel's silence: restricted
    // from its exp, in the renewal grace as before it.
    Row silent = build(V - 10 * D, V, 0); // last heartbeat 10 days before the end: exp at V + 20 d
    QCOMPARE(evaluate(silent.record, T0.addSecs(V + 19 * D), silent.env).state, LicenseState::ExpiredGrace);
    QCOMPARE(evaluate(silent.record, T0.addSecs(V + 21 * D), silent.env).state, LicenseState::Degraded);
    QCOMPARE(evaluate(silent.record, T0.addSecs(V + 21 * D), silent.env).daysLeft.value_or(-1), 9); // renewal deadline V + 30 d
}

// The credential store cannot be read, so the token's claims are unknown: the row's own facts
// still apply. An unreachable store turned expired, restricted and wrong-clock installs into full
// mode (helper-38: HOTELHUB_KEYSTORE=keychain on a file-keystore install lifted a lock).
void TestStatusPolicy::keystoreUnavailableKeepsWhatTheRowSays()
{
    const qint64 V = 100 * D;
    Row r = build(0, V, 0); // heartbeat at T0: token exp T0 + 30 d
    r.record.tokenCheck = TokenCheck::KeystoreUnavailable;
    r.record.claims.reset();
    r.record.rowGraceUntil = T0.addSecs(30 * D);
    r.record.rowValidUntil = T0.addSecs(V);
    const auto at = [&](qint64 secs) { return evaluate(r.record, T0.addSecs(secs), r.env); };
    QCOMPARE(at(D).state, LicenseState::KeystoreUnavailable);
    QCOMPARE(at(D).mode(), LicenseMode::Full);
    // Counted to the first restriction, the token's exp at day 30 (it counted to the offline lock:
    // "35 more days" at day 25, restricted at day 31; helper-40).
    QCOMPARE(at(25 * D).daysLeft.value_or(-1), 5);
    QCOMPARE(at(25 * D).validUntil, T0.addSecs(V));
    // The vendor's "moved to another installation" stands (it read "all features available").
    Row moved = r;
    moved.record.serverVerdict = ServerVerdict::FingerprintMismatch;
    QCOMPARE(evaluate(moved.record, T0.addSecs(D), moved.env).state, LicenseState::FingerprintMismatch);
    QCOMPARE(evaluate(moved.record, T0.addSecs(D), moved.env).mode(), LicenseMode::Restricted);
    // Said as what it is, with the choice to move it back and whom to ask; a changed computer
    // keeps "Hardware change detected".
    const StatusPresentation movedWords = present(evaluate(moved.record, T0.addSecs(D), moved.env), Language::English);
    QCOMPARE(movedWords.title, QStringLiteral("Licence moved to another computer"));
    QVERIFY(movedWords.offersMove);
    QVERIFY(TrayPolicy::view(evaluate(moved.record, T0.addSecs(D), moved.env), {}, T0, Language::English).movedElsewhere);
    LicenseStatus changedHere;
    changedHere.state = LicenseState::FingerprintMismatch;
    changedHere.reason = QStringLiteral("fingerprint_mismatch");
    QCOMPARE(present(changedHere, Language::English).title, QStringLiteral("Hardware change detected"));
    QVERIFY(!TrayPolicy::view(changedHere, {}, T0, Language::English).movedElsewhere);
    // Past the token's exp: restricted, as with a readable token (row 11), then the offline lock.
    QCOMPARE(at(31 * D).state, LicenseState::Degraded);
    QCOMPARE(at(31 * D).mode(), LicenseMode::Restricted);
    QCOMPARE(at(31 * D).reason, QStringLiteral("keystore_unavailable"));
    QCOMPARE(at(31 * D).daysLeft.value_or(-1), 29);
    QCOMPARE(at(61 * D).reason, QStringLiteral("offline_too_long"));
    // Locked, moved, expired: the next step starts with the password store, since no check with
    // the vendor can succeed before it answers (helper-41: "contact the vendor, then press Check
    // again"). A readable token's lock does not say it.
    for (const LicenseStatus &fromRow : {at(61 * D), evaluate(moved.record, T0.addSecs(D), moved.env)}) {
        const QString action = present(fromRow, Language::English).action;
        QVERIFY2(action.startsWith(QLatin1String("First unlock this computer's password store")), qPrintable(action));
    }
    QVERIFY(present(at(31 * D), Language::English).action.startsWith(QLatin1String("First unlock"))); // (as restricted said it already)
    {
        Row readable = build(0, V, 0);
        QVERIFY(!present(evaluate(readable.record, T0.addSecs(61 * D), readable.env), Language::English).action.contains(QLatin1String("password store")));
    }
    // A clock set back behind what this install has seen (row 7).
    Row seen = r;
    seen.record.lastSeenAt = T0.addSecs(10 * D);
    QCOMPARE(evaluate(seen.record, T0.addSecs(5 * D), seen.env).state, LicenseState::ClockInvalid);
    // The vendor's recorded "expired" (row 8).
    Row ended = r;
    ended.record.serverVerdict = ServerVerdict::Expired;
    QCOMPARE(evaluate(ended.record, T0.addSecs(D), ended.env).state, LicenseState::Expired);
    // Past the licence's end with a token still valid: the renewal grace (row 9), counted to its exp.
    Row late = r;
    late.record.rowValidUntil = T0.addSecs(10 * D);
    QCOMPARE(evaluate(late.record, T0.addSecs(12 * D), late.env).state, LicenseState::ExpiredGrace);
    QCOMPARE(evaluate(late.record, T0.addSecs(12 * D), late.env).daysLeft.value_or(-1), 18);
    // Its next step names the store first.
    QVERIFY(present(at(31 * D), Language::English).action.startsWith(QLatin1String("First unlock this computer's password store")));
    // The offline lock says its days (it said 0), and comes at the row's own day.
    QCOMPARE(at(61 * D).heartbeatAgeDays, 61);
    // Past the end and its grace days (read from the token's lifetime, 30 here): expired, not
    // restricted until the offline lock (helper-39).
    Row ended2 = r;
    ended2.record.rowValidUntil = T0.addSecs(5 * D);
    QCOMPARE(evaluate(ended2.record, T0.addSecs(34 * D), ended2.env).state, LicenseState::Degraded);
    QCOMPARE(evaluate(ended2.record, T0.addSecs(36 * D), ended2.env).state, LicenseState::Expired);
    QCOMPARE(evaluate(ended2.record, T0.addSecs(36 * D), ended2.env).heartbeatAgeDays, 36); // (it said 0)
    QCOMPARE(evaluate(ended2.record, T0.addSecs(36 * D), ended2.env).validUntil, T0.addSecs(5 * D));
    // An island hotel's 90-day offline answer: not locked at day 61 (helper-39), to its end.
    Row island = r;
    island.record.rowGraceUntil = T0.addSecs(90 * D);
    island.record.rowValidUntil = T0.addSecs(400 * D);
    QCOMPARE(evaluate(island.record, T0.addSecs(61 * D), island.env).state, LicenseState::KeystoreUnavailable);
    QCOMPARE(evaluate(island.record, T0.addSecs(85 * D), island.env).mode(), LicenseMode::Full);
    QCOMPARE(evaluate(island.record, T0.addSecs(91 * D), island.env).state, LicenseState::Degraded);
    QCOMPARE(evaluate(island.record, T0.addSecs(121 * D), island.env).reason, QStringLiteral("offline_too_long")); // 30 days after its end
    // An answer capped at the licence's end stands until it, then the renewal grace in full mode.
    Row capped = island;
    capped.record.rowValidUntil = T0.addSecs(90 * D + 12 * 3600);
    QCOMPARE(evaluate(capped.record, T0.addSecs(90 * D + 6 * 3600), capped.env).mode(), LicenseMode::Full);
}

// A licence with 3 grace days: its token lasts 3 days, so row 11 restricts at day 3, while the
// overdue rows waited for 7 and 14 days: restricted without a word before (helper-38).
void TestStatusPolicy::shortTokensAreAnnouncedBeforeRestriction()
{
    PolicyRecord r;
    r.paired = true;
    r.storedFingerprint = FP;
    r.claims = makeClaims(FP, T0, 3, T0.addSecs(400 * D));
    r.pairedAt = T0;
    r.lastHeartbeatSuccessAt = T0;
    r.lastSeenAt = T0;
    PolicyEnvironment env;
    env.currentFingerprint = FP;
    QCOMPARE(evaluate(r, T0.addSecs(D / 2), env).state, LicenseState::Active);
    QCOMPARE(evaluate(r, T0.addSecs(D + 1), env).state, LicenseState::OverdueWarning);
    QCOMPARE(evaluate(r, T0.addSecs(2 * D + 1), env).state, LicenseState::OverdueCritical);
    QCOMPARE(evaluate(r, T0.addSecs(2 * D + 1), env).daysLeft.value_or(-1), 1);
    QCOMPARE(evaluate(r, T0.addSecs(3 * D + 1), env).state, LicenseState::Degraded);
    // The usual 30 days keep the usual 7 and 14; a 10-day token warns at 7 as usual, and is
    // critical from day 9, a day before its end.
    r.claims = makeClaims(FP, T0, 30, T0.addSecs(400 * D));
    QCOMPARE(evaluate(r, T0.addSecs(6 * D + 1), env).state, LicenseState::Active);
    QCOMPARE(evaluate(r, T0.addSecs(7 * D + 1), env).state, LicenseState::OverdueWarning);
    QCOMPARE(evaluate(r, T0.addSecs(14 * D + 1), env).state, LicenseState::OverdueCritical);
    r.claims = makeClaims(FP, T0, 10, T0.addSecs(400 * D));
    QCOMPARE(evaluate(r, T0.addSecs(7 * D + 1), env).state, LicenseState::OverdueWarning);
    QCOMPARE(evaluate(r, T0.addSecs(9 * D + 1), env).state, LicenseState::OverdueCritical);
}

void TestStatusPolicy::mappings_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("mode");
    QTest::newRow("unpaired") << int(LicenseState::Unpaired) << "unpaired" << "setup";
    QTest::newRow("active") << int(LicenseState::Active) << "paired" << "full";
    QTest::newRow("overdue_warning") << int(LicenseState::OverdueWarning) << "grace" << "full";
    QTest::newRow("overdue_critical") << int(LicenseState::OverdueCritical) << "grace" << "full";
    QTest::newRow("expired_grace") << int(LicenseState::ExpiredGrace) << "grace" << "full";
    QTest::newRow("degraded") << int(LicenseState::Degraded) << "degraded" << "restricted";
    QTest::newRow("fingerprint_mismatch") << int(LicenseState::FingerprintMismatch) << "degraded" << "restricted";
    QTest::newRow("clock_invalid") << int(LicenseState::ClockInvalid) << "degraded" << "restricted";
    QTest::newRow("locked") << int(LicenseState::Locked) << "locked" << "locked";
    QTest::newRow("expired") << int(LicenseState::Expired) << "locked" << "locked";
    QTest::newRow("suspended") << int(LicenseState::Suspended) << "locked" << "locked";
    QTest::newRow("revoked") << int(LicenseState::Revoked) << "revoked" << "locked";
}

void TestStatusPolicy::mappings()
{
    QFETCH(int, state);
    QFETCH(QString, status);
    QFETCH(QString, mode);
    LicenseStatus s;
    s.state = LicenseState(state);
    QCOMPARE(s.hotelhubStatus(), status);
    QCOMPARE(s.modeName(), mode);
    QCOMPARE(stateFromName(s.stateName()), std::optional(s.state));
}

void TestStatusPolicy::presentationCoversEveryState()
{
    auto offersMove = [](LicenseState state) {
        LicenseStatus s;
        s.state = state;
        return present(s, Language::English).offersMove;
    };
    QVERIFY(offersMove(LicenseState::FingerprintMismatch));
    // A move cannot fix a suspension, an expiry or a lost connection, and would spend a move.
    QVERIFY(!offersMove(LicenseState::Degraded));
    QVERIFY(!offersMove(LicenseState::Suspended));
    QVERIFY(!offersMove(LicenseState::Revoked));
    QVERIFY(!offersMove(LicenseState::Expired));
    QVERIFY(!offersMove(LicenseState::Active));
    QVERIFY(!offersMove(LicenseState::OverdueWarning));
    QVERIFY(!offersMove(LicenseState::Unpaired));

    const QSet<QString> icons{QStringLiteral("ok"), QStringLiteral("warning"), QStringLiteral("critical"),
                              QStringLiteral("restricted"), QStringLiteral("locked"), QStringLiteral("unpaired")};
    for (int i = int(LicenseState::Unpaired); i <= int(LicenseState::Active); ++i) {
        LicenseStatus s;
        s.state = LicenseState(i);
        s.heartbeatAgeDays = 9;
        for (Language lang : {Language::Indonesian, Language::English}) {
            const StatusPresentation p = present(s, lang);
            QVERIFY2(icons.contains(p.iconName), qPrintable(s.stateName()));
            QVERIFY2(!p.title.isEmpty(), qPrintable(s.stateName()));
            QCOMPARE(p.dismissible, s.state == LicenseState::OverdueWarning);
            QCOMPARE(p.offersMove, s.state == LicenseState::FingerprintMismatch);
            if (s.state != LicenseState::Active)
                QVERIFY2(!p.text.isEmpty() && !p.action.isEmpty(), qPrintable(s.stateName()));
        }
        const StatusPresentation p = present(s, Language::Indonesian);
        switch (s.mode()) {
        case LicenseMode::Locked: QCOMPARE(p.level, BannerLevel::Lock); break;
        case LicenseMode::Restricted: QCOMPARE(p.level, BannerLevel::Modal); break;
        case LicenseMode::Setup: QCOMPARE(p.level, BannerLevel::Setup); break;
        case LicenseMode::Full: QVERIFY(p.level == BannerLevel::None || p.level == BannerLevel::Warning || p.level == BannerLevel::Critical); break;
        }
    }
}

void TestStatusPolicy::seedWordingInIndonesian_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<int>("days");
    QTest::addColumn<QString>("text");
    QTest::newRow("yellow") << int(LicenseState::OverdueWarning) << 8 << "Lisensi: heartbeat tertunda 8 hari. Periksa koneksi internet server.";
    // Issue 12 wins over the seed's wording where it mixed in English words ("support", "read &
    // report", "Re-online", "re-pair", "hardware"): the same message in Indonesian words.
    QTest::newRow("red") << int(LicenseState::OverdueCritical) << 16 << "Lisensi belum sinkron 16 hari. Hubungi tim dukungan jika berlanjut.";
    QTest::newRow("modal") << int(LicenseState::Degraded) << 31
                           << "Mode terbatas: hanya melihat data & laporan yang tersedia. Sambungkan ke internet untuk mengaktifkan kembali.";
    QTest::newRow("revoked") << int(LicenseState::Revoked) << 0 << "Lisensi tidak aktif. Hubungi admin.";
    QTest::newRow("hardware") << int(LicenseState::FingerprintMismatch) << 0 << "Perangkat keras komputer ini berubah. Pindahkan lisensi ke sini?";
    QTest::newRow("expired") << int(LicenseState::Expired) << 0 << "Lisensi sudah kedaluwarsa. Hubungi sales untuk perpanjangan.";
    QTest::newRow("clock") << int(LicenseState::ClockInvalid) << 0 << "Jam sistem tidak benar.";
}

void TestStatusPolicy::seedWordingInIndonesian()
{
    QFETCH(int, state);
    QFETCH(int, days);
    QFETCH(QString, text);
    LicenseStatus s;
    s.state = LicenseState(state);
    s.heartbeatAgeDays = days;
    QCOMPARE(present(s, Language::Indonesian).text, text);
}

void TestStatusPolicy::englishText()
{
    LicenseStatus s;
    s.state = LicenseState::OverdueWarning;
    s.heartbeatAgeDays = 8;
    QCOMPARE(present(s, Language::English).text, QStringLiteral("Licence: heartbeat delayed 8 days. Check the server's internet connection."));
    s.state = LicenseState::ExpiredGrace;
    s.daysLeft = 12;
    QVERIFY(present(s, Language::English).text.contains(QLatin1String("12 days left")));
    QVERIFY(present(s, Language::Indonesian).text.contains(QLatin1String("12 hari")));
}

void TestStatusPolicy::daysLeftCountStartedDays()
{
    const QDateTime now = QDateTime::fromString(QStringLiteral("2026-11-22T08:00:00Z"), Qt::ISODate);
    QCOMPARE(daysUntil(now, now.addSecs(-1)), 0);
    QCOMPARE(daysUntil(now, now), 0);
    QCOMPARE(daysUntil(now, now.addSecs(1)), 1);
    QCOMPARE(daysUntil(now, now.addDays(1)), 1);
    QCOMPARE(daysUntil(now, now.addDays(1).addSecs(1)), 2);
    QCOMPARE(daysUntil(now.addSecs(5), now.addDays(30)), 30); // a token renewed seconds ago: still 30 days, not 29
}

void TestStatusPolicy::toneColoursMeetWcagAa()
{
    QCOMPARE(qRound(contrastRatio({0, 0, 0}, {255, 255, 255}) * 100), 2100);
    QVERIFY(contrastRatio({0x1b, 0x7f, 0x3a}, {0x35, 0x35, 0x35}) < 3); // the old fixed green on a dark theme: about 2.4:1
    // Light themes (Qt's default, Windows, GNOME) and dark ones (Fusion dark, Windows dark, Adwaita dark, black).
    const Rgb backgrounds[] = {{255, 255, 255}, {0xef, 0xef, 0xef}, {0xf0, 0xf0, 0xf0}, {0xfa, 0xfa, 0xfa}, {0xe0, 0xe0, 0xe0},
                               {0x35, 0x35, 0x35}, {0x2a, 0x2a, 0x2a}, {0x20, 0x20, 0x20}, {0x24, 0x24, 0x24}, {0x30, 0x30, 0x30}, {0, 0, 0}};
    for (const Rgb &bg : backgrounds)
        for (Tone tone : {Tone::Ok, Tone::Error, Tone::Advice})
            QVERIFY2(contrastRatio(toneColor(tone, bg), bg) >= 4.5,
                     qPrintable(QStringLiteral("tone %1 on #%2%3%4: %5").arg(int(tone)).arg(bg.r, 2, 16, QLatin1Char('0')).arg(bg.g, 2, 16, QLatin1Char('0'))
                                    .arg(bg.b, 2, 16, QLatin1Char('0')).arg(contrastRatio(toneColor(tone, bg), bg))));
}

QTEST_GUILESS_MAIN(TestStatusPolicy)
void TestStatusPolicy::oneSupportContactRule()
{
    // The vendor's contact from its refusal wins as a whole: never its phone with the settings
    // file's e-mail (two desks for one question).
    SupportContact c = SupportContact::choose(QStringLiteral("+62 811 1"), {}, QStringLiteral("+62 812 2"), QStringLiteral("help@hotel.test"));
    QCOMPARE(c.phone, QStringLiteral("+62 811 1"));
    QVERIFY(c.email.isEmpty());
    QVERIFY(c.fromVendor);
    c = SupportContact::choose({}, {}, QStringLiteral("+62 812 2"), QStringLiteral("help@hotel.test"));
    QCOMPARE(c.phone, QStringLiteral("+62 812 2"));
    QCOMPARE(c.email, QStringLiteral("help@hotel.test"));
    QVERIFY(!c.fromVendor);
    QVERIFY(c.lines().contains(QLatin1String("+62 812 2")) && c.lines().contains(QLatin1String("help@hotel.test")));
    // Markup and line breaks from a server stay one plain line.
    c = SupportContact::choose(QStringLiteral("+62\n<b>811</b>"), {}, {}, {});
    QVERIFY(!c.phone.contains(u'\n'));
    // None known: the owner is told where to find it, never an empty line.
    QVERIFY(!SupportContact::choose({}, {}, {}, {}).lines().isEmpty());
}

#include "tst_statuspolicy.moc"
