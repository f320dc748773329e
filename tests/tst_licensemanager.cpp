#include "AuditLog.h"
#include "Database.h"
#include "Diagnostic.h"
#include "EnvFile.h"
#include "HeartbeatRunner.h"
#include "LicenseClient.h"
#include "VendorClient.h"
#include "Jws.h"
#include "LicenseManager.h"
#include "SecretKeyStore.h"
#include "TestSupport.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QDirIterator>
#include <QUuid>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace hotelhub;
using namespace hotelhub::test;

namespace {
const QString kKeyHash = crypto::sha256Tagged("HMS-ABCDE-23456-FGHJK-78901");

using Install = TestInstall;
} // namespace

class TestLicenseManager : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void bootstrapIsIdempotent();
    void bootstrapForceRegenerates();
    void rebuildKeepsInstallIdFromEnv_data();
    void rebuildKeepsInstallIdFromEnv();
    void forcedBootstrapOnFullDiskChangesNothing();
    void vendorVerdictHoldsWhenItCannotBeSaved();
    void pairingStoresOnlyWhatItShould();
    void pairingTwiceIsHarmless();
    void pairingRefusesBadTokens_data();
    void pairingRefusesBadTokens();
    void renewalForAnotherLicenceIsRefused();
    void stateChangeIsAuditedOnce();
    void whatIfWritesNothing();
    void copiedDataDirIsFingerprintMismatch();
    void newHardwareNamesTheComponent();
    void networkCardDriftDoesNotRestrict_data();
    void networkCardDriftDoesNotRestrict();
    void onePathOneInstall();
    void virtualAdaptersAreNotCards_data();
    void virtualAdaptersAreNotCards();
    void clockSetBackwards();
    void vendorTimeClearsAClockOnceAhead();
    void tamperedPublicKeyLocks();
    void damagedTokenLocks();
    void lostSecretLocks();
    void statusJsonHasSeedFields();
    void missingMachineIdIsNamed();
    void heartbeatAfterTheClockIsNamed();
    void retryAfterHoldsTheLadder();
    void unreachableKeyStoreIsNotALock();

private:
    QByteArray tokenFor(Install &install, const QDateTime &issued, const TestVendorKey *signer = nullptr);
    Install &paired();

    std::unique_ptr<QTemporaryDir> m_root;
    std::unique_ptr<TestVendorKey> m_vendor;
    std::unique_ptr<ManualClock> m_clock;
    FakeFingerprintSource m_fingerprints;
    std::unique_ptr<Install> m_install;
};

void TestLicenseManager::init()
{
    m_root = std::make_unique<QTemporaryDir>();
    if (!m_vendor)
        m_vendor = std::make_unique<TestVendorKey>();
    m_clock = std::make_unique<ManualClock>(at("2026-11-22T03:10:00Z"));
    m_fingerprints = FakeFingerprintSource();
    m_install = std::make_unique<Install>(m_root->filePath(QStringLiteral("data")), *m_vendor, *m_clock, m_fingerprints);
}

void TestLicenseManager::cleanup()
{
    m_install.reset();
    m_root.reset();
}

QByteArray TestLicenseManager::tokenFor(Install &install, const QDateTime &issued, const TestVendorKey *signer)
{
    const auto row = LocalLicenseStore(*install.db).load();
    const QString fp = install.manager->currentComponents(row->installId).fingerprint();
    return signToken(makeClaims(fp, issued), (signer ? signer : m_vendor.get())->key.get());
}

Install &TestLicenseManager::paired()
{
    Install &i = *m_install;
    if (!i.manager->bootstrap(false).ok)
        qFatal("bootstrap failed");
    QString error;
    if (!i.manager->storePairing(tokenFor(i, m_clock->now()), kKeyHash, &error))
        qFatal("pairing failed: %s", qPrintable(error));
    return i;
}

void TestLicenseManager::bootstrapIsIdempotent()
{
    const BootstrapResult first = m_install->manager->bootstrap(false);
    QVERIFY(first.ok && first.created);
    QVERIFY(!QUuid::fromString(first.installId).isNull());
    QCOMPARE(QUuid::fromString(first.installId).version(), QUuid::Random);
    QVERIFY(first.fingerprint.startsWith(QLatin1String("sha256:")));
    const BootstrapResult second = m_install->manager->bootstrap(false);
    QVERIFY(second.ok && !second.created);
    QCOMPARE(second.installId, first.installId);
    QCOMPARE(second.fingerprint, first.fingerprint);
    QCOMPARE(m_install->auditCount(QStringLiteral("license.bootstrap")), 1);
    // Evaluating an unpaired install is not a change of state: no audit event.
    QCOMPARE(m_install->manager->check(m_clock->now(), true).status.state, LicenseState::Unpaired);
    QSqlQuery q(m_install->db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM audit_logs")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

void TestLicenseManager::bootstrapForceRegenerates()
{
    Install &i = paired();
    const QString oldId = LocalLicenseStore(*i.db).load()->installId;
    // Without LICENSE_INSTALL_ID in the .env (pairing writes it there) a new one is made.
    i.env.remove(QStringLiteral("LICENSE_INSTALL_ID"));
    QVERIFY(i.env.save());
    const BootstrapResult forced = i.manager->bootstrap(true);
    QVERIFY(forced.ok && forced.created && forced.wasPaired);
    QVERIFY(forced.installId != oldId);
    QVERIFY(!QFile::exists(i.keys->filePath()));
    QCOMPARE(i.manager->check(m_clock->now(), true).status.state, LicenseState::Unpaired);
    QCOMPARE(i.auditCount(QStringLiteral("license.bootstrap")), 2);
}

void TestLicenseManager::rebuildKeepsInstallIdFromEnv_data()
{
    QTest::addColumn<bool>("force");       // bootstrap --force, else the database was moved aside
    QTest::addColumn<QString>("envValue"); // LICENSE_INSTALL_ID; empty: what pairing wrote
    QTest::addColumn<bool>("kept");
    QTest::newRow("bootstrap --force") << true << QString() << true;
    QTest::newRow("database moved aside") << false << QString() << true;
    QTest::newRow("--force, not a UUID") << true << QStringLiteral("install-1") << false;
    QTest::newRow("moved aside, nil UUID") << false << QStringLiteral("00000000-0000-0000-0000-000000000000") << false;
    QTest::newRow("moved aside, UUID cut short") << false << QStringLiteral("6f1c2a9e-5b4d-4e8f-9a21-3c7d") << false;
}

void TestLicenseManager::rebuildKeepsInstallIdFromEnv()
{
    QFETCH(bool, force);
    QFETCH(QString, envValue);
    QFETCH(bool, kept);
    const QString dataDir = paired().paths.dataDir;
    const LocalLicense before = *LocalLicenseStore(*m_install->db).load();
    QCOMPARE(m_install->env.value(QStringLiteral("LICENSE_INSTALL_ID")), before.installId);
    if (!envValue.isEmpty()) {
        m_install->env.set(QStringLiteral("LICENSE_INSTALL_ID"), envValue);
        QVERIFY(m_install->env.save());
    }
    if (!force) {
        const QString file = m_install->paths.databaseFile();
        m_install.reset();
        QVERIFY(QFile::rename(file, file + QStringLiteral(".broken")));
        m_install = std::make_unique<Install>(dataDir, *m_vendor, *m_clock, m_fingerprints);
    }
    const BootstrapResult r = m_install->manager->bootstrap(force);
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(r.created);
    QCOMPARE(r.reusedInstallId, kept);
    if (!kept) {
        QVERIFY(r.installId != before.installId);
        QCOMPARE(QUuid::fromString(r.installId).version(), QUuid::Random);
        return;
    }
    // The same install on the same machine: the same fingerprint, so pairing the same key again
    // is the vendor's harmless re-pair instead of "already paired".
    QCOMPARE(r.installId, before.installId);
    QCOMPARE(r.fingerprint, before.fingerprint);
    QString error;
    QVERIFY2(m_install->manager->storePairing(tokenFor(*m_install, m_clock->now()), kKeyHash, &error), qPrintable(error));
    QCOMPARE(m_install->manager->check(m_clock->now(), true).status.state, LicenseState::Active);
}

void TestLicenseManager::vendorVerdictHoldsWhenItCannotBeSaved()
{
    // The vendor's signed "fingerprint_mismatch" for a copy whose licence database cannot be
    // written (a full disk, a read-only file): it was lost, and the copy read "active" for weeks
    // (tst_chaos, seed 18121255017993568563: a clone's original on a full disk). It holds in
    // memory now, until an exchange is saved again.
    Install &i = paired();
    QSqlQuery q(i.db->connection());
    QVERIFY(q.exec(QStringLiteral("PRAGMA query_only=1")));
    QString error;
    QVERIFY(!i.manager->recordFailedExchange({m_clock->now(), false, QStringLiteral("token_superseded"), QStringLiteral("token_refused"), {}, {}, {}, {}}, &error));
    QCOMPARE(i.manager->check(m_clock->now(), true).status.state, LicenseState::Active); // a refusal of the token alone: a race the next exchange settles
    QVERIFY(!i.manager->recordFailedExchange({m_clock->now(), false, QStringLiteral("fingerprint_mismatch"), QStringLiteral("fingerprint_mismatch"), {}, {}, {}, {}},
                                             &error));
    QCOMPARE(i.manager->check(m_clock->now(), true).status.state, LicenseState::FingerprintMismatch);
    QCOMPARE(LocalLicenseStore(*i.db).load()->serverState, QString()); // not saved, as the disk refused
    // Writable again: the next exchange that is saved replaces it.
    QVERIFY(q.exec(QStringLiteral("PRAGMA query_only=0")));
    QVERIFY2(i.manager->recordFailedExchange({m_clock->now(), false, QStringLiteral("server_error"), {}, {}, {}, {}, {}}, &error), qPrintable(error));
    QCOMPARE(i.manager->check(m_clock->now(), true).status.state, LicenseState::Active);
}

void TestLicenseManager::forcedBootstrapOnFullDiskChangesNothing()
{
    Install &i = paired();
    const LocalLicense before = *LocalLicenseStore(*i.db).load();
    // The database may not grow by another page, as on a full disk (SQLITE_FULL); then the audit
    // log's last page is filled, with big entries and then small ones, so that the next does not fit.
    QSqlQuery q(i.db->connection());
    QVERIFY(q.exec(QStringLiteral("PRAGMA page_count")) && q.next());
    QVERIFY(q.exec(QStringLiteral("PRAGMA max_page_count=%1").arg(q.value(0).toInt())));
    q.finish();
    for (const int pad : {800, 1}) {
        bool refused = false;
        for (int n = 0; n < 500 && !refused; ++n)
            refused = !i.manager->audit().append(QStringLiteral("license.test"), {{QStringLiteral("pad"), QString(pad, u'a')}});
        QVERIFY(refused);
        QVERIFY(i.manager->audit().isDiskFull());
    }

    const BootstrapResult r = i.manager->bootstrap(true);
    QVERIFY(!r.ok);
    QVERIFY(r.diskFull);
    QVERIFY2(r.error.contains(QLatin1String("Disk full")), qPrintable(r.error));
    QVERIFY2(r.error.contains(QDir::toNativeSeparators(i.paths.databaseFile())), qPrintable(r.error));
    for (const char *never : {"damaged", "delete", "remove", "bootstrap", "move it aside"})
        QVERIFY2(!r.error.contains(QLatin1String(never), Qt::CaseInsensitive), never);
    // Nothing changed: the same identity, still paired, and the secret that opens its token kept.
    QCOMPARE(LocalLicenseStore(*i.db).load()->installId, before.installId);
    QVERIFY(QFile::exists(i.keys->filePath()));
    QCOMPARE(i.manager->check(m_clock->now(), false).status.state, LicenseState::Active);
    QCOMPARE(i.auditCount(QStringLiteral("license.bootstrap")), 1);
    QVERIFY(i.manager->audit().verify().ok);
}

void TestLicenseManager::pairingStoresOnlyWhatItShould()
{
    Install &i = paired();
    const LicenseCheck c = i.manager->check(m_clock->now(), true);
    QCOMPARE(c.status.state, LicenseState::Active);
    QCOMPARE(c.claims->plan, QStringLiteral("standalone-pro"));

    EnvFile reread;
    QVERIFY(reread.load(i.paths.envFile));
    QCOMPARE(reread.value(QStringLiteral("LICENSE_KEY_HASH")), kKeyHash);
    QCOMPARE(reread.value(QStringLiteral("LICENSE_INSTALL_ID")), c.installId);
    QCOMPARE(reread.value(QStringLiteral("LICENSE_FINGERPRINT")), c.storedFingerprint);

    // Nothing in the data dir holds the token or the key in the clear.
    const QByteArray token = tokenFor(i, m_clock->now());
    const QByteArray payloadPart = token.split('.').at(1).left(40);
    QDirIterator it(i.paths.dataDir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray content = f.readAll();
        QVERIFY2(!content.contains(payloadPart), qPrintable(f.fileName()));
        QVERIFY2(!content.contains("HMS-ABCDE-23456"), qPrintable(f.fileName()));
    }
    QCOMPARE(i.auditCount(QStringLiteral("license.paired")), 1);
}

void TestLicenseManager::pairingTwiceIsHarmless()
{
    Install &i = paired();
    QString error;
    QVERIFY(i.manager->storePairing(tokenFor(i, m_clock->now()), kKeyHash, &error));
    QCOMPARE(i.auditCount(QStringLiteral("license.paired")), 1);
    QCOMPARE(i.manager->check(m_clock->now(), true).status.state, LicenseState::Active);
}

void TestLicenseManager::pairingRefusesBadTokens_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("other signer") << "signer";
    QTest::newRow("other machine") << "fingerprint";
    QTest::newRow("already expired") << "expired";
    QTest::newRow("garbage") << "garbage";
    // Correctly signed by the vendor, but not this install's or not the key that was typed.
    QTest::newRow("another install") << "install";
    QTest::newRow("another key than typed") << "keyhash";
}

void TestLicenseManager::pairingRefusesBadTokens()
{
    QFETCH(QString, kind);
    Install &i = *m_install;
    QVERIFY(i.manager->bootstrap(false).ok);
    QByteArray token;
    if (kind == QLatin1String("signer")) {
        const TestVendorKey other;
        token = tokenFor(i, m_clock->now(), &other);
    } else if (kind == QLatin1String("fingerprint")) {
        token = signToken(makeClaims(QStringLiteral("sha256:elsewhere"), m_clock->now()), m_vendor->key.get());
    } else if (kind == QLatin1String("expired")) {
        token = tokenFor(i, m_clock->now().addDays(-40));
    } else if (kind == QLatin1String("install") || kind == QLatin1String("keyhash")) {
        const auto row = LocalLicenseStore(*i.db).load();
        TokenClaims c = makeClaims(i.manager->currentComponents(row->installId).fingerprint(), m_clock->now());
        if (kind == QLatin1String("install"))
            c.installId = QStringLiteral("0b7c2a4e-1111-4222-8333-944455556666");
        else
            c.keyHash = crypto::sha256Tagged("HMS-ZZZZZ-23456-FGHJK-78901");
        token = signToken(c, m_vendor->key.get());
    } else {
        token = "<html>captive portal</html>";
    }
    QString error;
    QVERIFY(!i.manager->storePairing(token, kKeyHash, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!error.contains(QLatin1String("eyJ")));
    QCOMPARE(i.manager->check(m_clock->now(), true).status.state, LicenseState::Unpaired);
}

void TestLicenseManager::renewalForAnotherLicenceIsRefused()
{
    Install &i = paired();
    const auto row = LocalLicenseStore(*i.db).load();
    TokenClaims c = makeClaims(i.manager->currentComponents(row->installId).fingerprint(), m_clock->now());
    c.keyHash = crypto::sha256Tagged("HMS-ZZZZZ-23456-FGHJK-78901");
    TokenStoreResult r = i.manager->storeToken(signToken(c, m_vendor->key.get()), TokenUpdate::Renew, QString(), {});
    QVERIFY(!r.ok);
    QCOMPARE(r.tokenError, TokenError::BadClaims);
    QVERIFY2(r.error.contains(QLatin1String("another licence")), qPrintable(r.error));
    c.keyHash = row->licenseKeyHash;
    c.installId = row->installId;
    ExchangeRecord ok;
    ok.at = m_clock->now();
    ok.success = true;
    ok.code = QStringLiteral("ok");
    r = i.manager->storeToken(signToken(c, m_vendor->key.get()), TokenUpdate::Renew, QString(), ok);
    QVERIFY2(r.ok, qPrintable(r.error));
}

void TestLicenseManager::stateChangeIsAuditedOnce()
{
    Install &i = paired();
    i.manager->check(m_clock->now(), true);
    m_clock->advanceDays(8);
    for (int n = 0; n < 3; ++n)
        QCOMPARE(i.manager->check(m_clock->now(), true).status.state, LicenseState::OverdueWarning);
    QCOMPARE(i.auditCount(QStringLiteral("license.overdue_warning")), 1);
    m_clock->advanceDays(7);
    QCOMPARE(i.manager->check(m_clock->now(), true).status.state, LicenseState::OverdueCritical);
    QCOMPARE(i.auditCount(QStringLiteral("license.overdue_critical")), 1);
    QVERIFY(i.manager->audit().verify().ok);
}

void TestLicenseManager::whatIfWritesNothing()
{
    Install &i = paired();
    i.manager->check(m_clock->now(), true);
    const auto before = LocalLicenseStore(*i.db).load();
    QSqlQuery q(i.db->connection());
    q.exec(QStringLiteral("SELECT count(*) FROM audit_logs"));
    q.next();
    const int audits = q.value(0).toInt();
    q.finish();

    const LicenseCheck future = i.manager->check(m_clock->now().addDays(45), false);
    QCOMPARE(future.status.state, LicenseState::Degraded);
    const auto after = LocalLicenseStore(*i.db).load();
    QCOMPARE(after->lastSeenAt, before->lastSeenAt);
    QCOMPARE(after->state, before->state);
    q.exec(QStringLiteral("SELECT count(*) FROM audit_logs"));
    q.next();
    QCOMPARE(q.value(0).toInt(), audits);
}

void TestLicenseManager::copiedDataDirIsFingerprintMismatch()
{
    Install &i = paired();
    i.manager->check(m_clock->now(), true);
    const QString copy = m_root->filePath(QStringLiteral("copied"));
    QDir().mkpath(copy);
    QDirIterator it(i.paths.dataDir, QDir::Files);
    while (it.hasNext()) {
        const QString from = it.next();
        QVERIFY(QFile::copy(from, copy + u'/' + it.fileName()));
    }
    Install moved(copy, *m_vendor, *m_clock, m_fingerprints);
    const LicenseCheck c = moved.manager->check(m_clock->now(), true);
    QCOMPARE(c.status.state, LicenseState::FingerprintMismatch);
    QCOMPARE(c.status.mode(), LicenseMode::Restricted);
    QCOMPARE(c.changedComponents, QStringList{QStringLiteral("install_path")});
    QCOMPARE(moved.auditCount(QStringLiteral("license.fingerprint_mismatch")), 1);
    // The original is untouched and still active.
    QCOMPARE(i.manager->check(m_clock->now(), true).status.state, LicenseState::Active);
}

void TestLicenseManager::newHardwareNamesTheComponent()
{
    Install &i = paired();
    m_fingerprints.m_machineId = QStringLiteral("another-machine");
    Install again(i.paths.dataDir, *m_vendor, *m_clock, m_fingerprints);
    const LicenseCheck c = again.manager->check(m_clock->now(), true);
    QCOMPARE(c.status.state, LicenseState::FingerprintMismatch);
    QCOMPARE(c.changedComponents, QStringList{QStringLiteral("machine_id")});
    QVERIFY(!c.driftPending);
}

void TestLicenseManager::networkCardDriftDoesNotRestrict_data()
{
    QTest::addColumn<QStringList>("macs");
    QTest::addColumn<QString>("os");
    QTest::addColumn<bool>("drift");
    QTest::addColumn<QString>("osBefore");
    const QString builtIn = QStringLiteral("02:00:00:00:00:01");
    const QString dongle = QStringLiteral("02:00:00:00:00:77");
    // The bound card is still there: nothing changed, whatever else is plugged in or ranks first.
    QTest::newRow("usb dongle plugged in, outranks the built-in") << QStringList{dongle, builtIn} << "debian-12" << false << "debian-12";
    QTest::newRow("second card added") << QStringList{builtIn, dongle} << "debian-12" << false << "debian-12";
    // The bound card is gone, or the OS major changed: drift, healed by the next heartbeat.
    QTest::newRow("network card replaced") << QStringList{dongle} << "debian-12" << true << "debian-12";
    QTest::newRow("os major upgrade") << QStringList{builtIn} << "debian-13" << true << "debian-12";
    QTest::newRow("both") << QStringList{dongle} << "debian-13" << true << "debian-12";
    // Windows 10 to 11 in place: the same machine GUID, card and folder; only the OS major moved.
    QTest::newRow("windows 10 to 11") << QStringList{builtIn} << "windows-11" << true << "windows-10";
}

void TestLicenseManager::networkCardDriftDoesNotRestrict()
{
    QFETCH(QStringList, macs);
    QFETCH(QString, os);
    QFETCH(bool, drift);
    QFETCH(QString, osBefore);
    m_fingerprints.m_os = osBefore;
    Install &i = paired();
    const QString bound = LocalLicenseStore(*i.db).load()->fingerprint;
    m_fingerprints.m_macs = macs;
    m_fingerprints.m_os = os;
    Install again(i.paths.dataDir, *m_vendor, *m_clock, m_fingerprints);
    const LicenseCheck c = again.manager->check(m_clock->now(), true);
    // Never restricted by drift alone: the vendor decides, at the next heartbeat.
    QCOMPARE(c.status.state, LicenseState::Active);
    QCOMPARE(c.driftPending, drift);
    QCOMPARE(again.manager->currentComponents(c.installId).fingerprint() != bound, drift);
    QCOMPARE(again.manager->driftPending(*LocalLicenseStore(*again.db).load()), drift);
    // Once the vendor refuses the rebind, it is a mismatch like any other.
    if (drift) {
        QString error;
        QVERIFY(again.manager->recordFailedExchange({m_clock->now(), false, QStringLiteral("fingerprint_mismatch"),
                                                     QStringLiteral("fingerprint_mismatch"), {}, {}, {}, {}}, &error));
        QCOMPARE(again.manager->check(m_clock->now(), true).status.state, LicenseState::FingerprintMismatch);
    }
}

void TestLicenseManager::onePathOneInstall()
{
    // Windows file names ignore case: "c:\\hotel" and "C:\\Hotel\\" are one data folder, so one
    // fingerprint, one key-store entry and one tray, not two installs.
    QTemporaryDir dir;
    const QString typed = dir.path() + QStringLiteral("/Hotel");
    const QString other = dir.path() + QStringLiteral("/./HOTEL/");
    QCOMPARE(pathIdentity(typed, Qt::CaseInsensitive), pathIdentity(other, Qt::CaseInsensitive));
    QVERIFY(pathIdentity(typed, Qt::CaseSensitive) != pathIdentity(other, Qt::CaseSensitive)); // Linux: two folders
    // Once it exists, the canonical path: a link or a relative spelling is the same install.
    QVERIFY(QDir().mkpath(typed));
#ifndef Q_OS_WIN // QFile::link makes a .lnk shortcut there, which is no folder
    QVERIFY(QFile::link(typed, dir.path() + QStringLiteral("/link")));
    QCOMPARE(pathIdentity(dir.path() + QStringLiteral("/link")), pathIdentity(typed));
#endif
    QCOMPARE(FingerprintSource().installPath(typed + QStringLiteral("/")), pathIdentity(typed));
}

void TestLicenseManager::virtualAdaptersAreNotCards_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<int>("connector"); // -1: the system has no connector flag (Linux)
    QTest::addColumn<bool>("isVirtual");
    // Windows: the physical-connector flag decides, whatever the adapter is called.
    QTest::newRow("Hyper-V switch") << "ethernet_32771" << "vEthernet (Default Switch)" << 0 << true;
    QTest::newRow("VMware") << "ethernet_32772" << "VMware Network Adapter VMnet8" << 0 << true;
    QTest::newRow("OpenVPN TAP, named like a card") << "ethernet_32773" << "Ethernet 3" << 0 << true;
    QTest::newRow("real card, renamed by the owner") << "ethernet_32769" << "Kantor LAN" << 1 << false;
    QTest::newRow("real wifi") << "wireless_32768" << "Wi-Fi" << 1 << false;
    // No flag: the names.
    QTest::newRow("linux card") << "enp3s0" << "enp3s0" << -1 << false;
    QTest::newRow("linux docker") << "docker0" << "docker0" << -1 << true;
    QTest::newRow("windows name without flag") << "ethernet_32771" << "vEthernet (WSL)" << -1 << true;
    QTest::newRow("TAP without flag") << "ethernet_32773" << "TAP-Windows Adapter V9" << -1 << true;
}

void TestLicenseManager::virtualAdaptersAreNotCards()
{
    QFETCH(QString, name);
    QFETCH(QString, shown);
    QFETCH(int, connector);
    QFETCH(bool, isVirtual);
    const std::optional<bool> flag = connector < 0 ? std::nullopt : std::optional<bool>(connector == 1);
    QCOMPARE(FingerprintSource::isVirtualAdapter(name, shown, flag), isVirtual);
}

void TestLicenseManager::clockSetBackwards()
{
    Install &i = paired();
    m_clock->advanceDays(3);
    QCOMPARE(i.manager->check(m_clock->now(), true).status.state, LicenseState::Active);
    m_clock->advanceDays(-2);
    QCOMPARE(i.manager->check(m_clock->now(), true).status.state, LicenseState::ClockInvalid);
    // last_seen_at never moves backwards.
    QCOMPARE(LocalLicenseStore(*i.db).load()->lastSeenAt, m_clock->now().addDays(2));
}

void TestLicenseManager::vendorTimeClearsAClockOnceAhead()
{
    // STATUS_POLICY row 7: clock_invalid is "cleared by the next successful online heartbeat
    // (server time wins)". A heartbeat sent while the clock was 8 days ahead left last_seen_at
    // there: put right, the clock read as rolled back, and the hotel stayed restricted for 8 days
    // though each heartbeat was accepted (outside check).
    Install &i = paired();
    const QDateTime real = m_clock->now();
    const auto row = LocalLicenseStore(*i.db).load();
    const auto renewal = [&](const QDateTime &signedAt) {
        TokenClaims c = makeClaims(i.manager->currentComponents(row->installId).fingerprint(), signedAt);
        c.keyHash = row->licenseKeyHash;
        c.installId = row->installId;
        return signToken(c, m_vendor->key.get());
    };
    const auto store = [&](const QByteArray &token) {
        ExchangeRecord ok;
        ok.at = m_clock->now();
        ok.success = true;
        ok.code = QStringLiteral("ok");
        return i.manager->storeToken(token, TokenUpdate::Renew, QString(), ok).ok;
    };
    const auto state = [&] { return i.manager->check(m_clock->now(), true).status.state; };
    m_clock->set(real.addDays(8)); // the clock set 8 days ahead
    QCOMPARE(state(), LicenseState::OverdueWarning); // (8 days without a heartbeat, by this clock)
    QVERIFY(store(renewal(real.addSecs(60)))); // the vendor signs at its own time
    m_clock->set(real.addSecs(3600)); // the clock put right
    QCOMPARE(state(), LicenseState::ClockInvalid);
    const QByteArray vouching = renewal(real.addSecs(3600));
    QVERIFY(store(vouching)); // the next heartbeat, signed at what this clock reads
    QCOMPARE(state(), LicenseState::Active);
    QCOMPARE(LocalLicenseStore(*i.db).load()->lastSeenAt, real.addSecs(3600));

    // A clock set back stays caught: a replay of a token already held vouches for nothing, nor
    // does a new one signed far from this clock.
    m_clock->set(real.addDays(10));
    QCOMPARE(state(), LicenseState::OverdueWarning);
    m_clock->set(real.addSecs(3 * 3600));
    QCOMPARE(state(), LicenseState::ClockInvalid);
    QVERIFY(store(vouching));
    QCOMPARE(state(), LicenseState::ClockInvalid);
    QVERIFY(store(renewal(real.addSecs(2 * 3600)))); // newer than the one held, but an hour from this clock
    QCOMPARE(state(), LicenseState::ClockInvalid);
    // The same kind of token (a successor issued earlier, sent again after a lost answer) in a
    // reply whose server time agrees with this clock: the vendor vouches (one accepted heartbeat
    // left the hotel restricted; helper-40). A reply whose server time disagrees vouches for nothing.
    const auto storeAt = [&](const QByteArray &token, const QDateTime &serverTime) {
        ExchangeRecord ok;
        ok.at = m_clock->now();
        ok.success = true;
        ok.code = QStringLiteral("ok");
        ok.serverTime = serverTime;
        return i.manager->storeToken(token, TokenUpdate::Renew, QString(), ok).ok;
    };
    QVERIFY(storeAt(renewal(real.addSecs(2 * 3600 + 60)), real.addDays(10)));
    QCOMPARE(state(), LicenseState::ClockInvalid);
    QVERIFY(storeAt(renewal(real.addSecs(2 * 3600 + 120)), m_clock->now().addSecs(20)));
    QCOMPARE(state(), LicenseState::Active);
}

void TestLicenseManager::tamperedPublicKeyLocks()
{
    Install &i = paired();
    QFile key(i.env.value(QStringLiteral("LICENSE_PUBLIC_KEY_PATH")));
    QVERIFY(key.open(QIODevice::Append));
    key.write("\n");
    key.close();
    Install again(i.paths.dataDir, *m_vendor, *m_clock, m_fingerprints);
    const LicenseCheck c = again.manager->check(m_clock->now(), true);
    QCOMPARE(c.status.state, LicenseState::Locked);
    QCOMPARE(c.status.reason, QStringLiteral("public_key_tampered"));
    QVERIFY(!c.publicKeyProblem.isEmpty());
}

void TestLicenseManager::damagedTokenLocks()
{
    Install &i = paired();
    QVERIFY(QSqlQuery(i.db->connection()).exec(QStringLiteral("UPDATE local_licenses SET token_encrypted = 'hh1:AAAA'")));
    const LicenseCheck c = i.manager->check(m_clock->now(), true);
    QCOMPARE(c.status.state, LicenseState::Locked);
    QCOMPARE(c.status.reason, QStringLiteral("invalid_token"));
}

void TestLicenseManager::lostSecretLocks()
{
    Install &i = paired();
    QVERIFY(QFile::remove(i.keys->filePath()));
    Install again(i.paths.dataDir, *m_vendor, *m_clock, m_fingerprints);
    const LicenseCheck c = again.manager->check(m_clock->now(), true);
    QCOMPARE(c.status.reason, QStringLiteral("invalid_token"));
    QVERIFY(c.tokenProblem.contains(QLatin1String("decrypt")));
}

void TestLicenseManager::statusJsonHasSeedFields()
{
    Install &i = paired();
    QVERIFY(QSqlQuery(i.db->connection()).exec(QStringLiteral(
        "INSERT INTO properties (name, total_rooms, created_at, updated_at) VALUES ('Hotel Indah', 24, 'x', 'x')")));
    const QJsonObject o = LicenseManager::statusJson(i.manager->statusReport(m_clock->now(), true));
    for (const char *field : {"status", "plan", "valid_until", "last_heartbeat", "next_heartbeat", "grace_until", "features", "usage",
                              "state", "mode", "reason", "days_overdue", "install_id", "fingerprint"})
        QVERIFY2(o.contains(QLatin1String(field)), field);
    QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("paired"));
    QCOMPARE(o.value(QStringLiteral("valid_until")).toString(), QStringLiteral("2027-04-28"));
    QCOMPARE(o.value(QStringLiteral("grace_until")).toString(), QStringLiteral("2026-12-22"));
    QCOMPARE(o.value(QStringLiteral("last_heartbeat")).toString(), QStringLiteral("2026-11-22T03:10:00Z"));
    const QJsonObject usage = o.value(QStringLiteral("usage")).toObject();
    QCOMPARE(usage.value(QStringLiteral("rooms")).toInt(), 24);
    QCOMPARE(usage.value(QStringLiteral("max_rooms")).toInt(), 100);
    QCOMPARE(usage.value(QStringLiteral("max_users")).toInt(), 30);
    // The next heartbeat is a daily slot in the future.
    QVERIFY(QDateTime::fromString(o.value(QStringLiteral("next_heartbeat")).toString(), Qt::ISODate) > m_clock->now());
    // Active: nothing is counting down, so days_left is null (not 0, which reads as "locks today").
    QVERIFY(o.contains(QStringLiteral("days_left")));
    QVERIFY(o.value(QStringLiteral("days_left")).isNull());
    // Eight days without a heartbeat: the countdown to the signed deadline shows.
    m_clock->advanceDays(8);
    const QJsonObject overdue = LicenseManager::statusJson(i.manager->statusReport(m_clock->now(), false));
    QCOMPARE(overdue.value(QStringLiteral("state")).toString(), QStringLiteral("overdue_warning"));
    QVERIFY(overdue.value(QStringLiteral("days_left")).toInt(-1) > 0);
}

void TestLicenseManager::missingMachineIdIsNamed()
{
    {
        Install &i = paired();
        const DiagnosticReport healthy = Diagnostic::offline(*i.manager, i.manager->statusReport(m_clock->now(), false), i.paths);
        for (const DiagnosticCheck &check : healthy.checks)
            QVERIFY(check.id != QLatin1String("machine_id")); // named only when missing
    }
    // A system without a machine id (an empty /etc/machine-id): paired, and named by diagnostic.
    m_install.reset();
    m_root = std::make_unique<QTemporaryDir>();
    m_fingerprints.m_machineId.clear();
    m_install = std::make_unique<Install>(m_root->filePath(QStringLiteral("data")), *m_vendor, *m_clock, m_fingerprints);
    Install &i = paired();
    const StatusReport report = i.manager->statusReport(m_clock->now(), false);
    QCOMPARE(report.status.state, LicenseState::Active);
    const DiagnosticReport d = Diagnostic::offline(*i.manager, report, i.paths);
    bool named = false;
    for (const DiagnosticCheck &check : d.checks)
        named = named || (check.id == QLatin1String("machine_id") && !check.ok && check.detail.contains(QStringLiteral("machine-id")));
    QVERIFY2(named, qPrintable(d.text()));
}

void TestLicenseManager::heartbeatAfterTheClockIsNamed()
{
    // A clock ten minutes slow after a heartbeat: the last one is said with its moment and the
    // clock named, not "never" (helper-52).
    Install &i = paired();
    const StatusReport report = i.manager->statusReport(m_clock->now().addSecs(-600), false);
    QVERIFY(report.row && report.row->lastHeartbeatSuccessAt.isValid());
    const DiagnosticReport d = Diagnostic::offline(*i.manager, report, i.paths);
    QVERIFY2(!d.text().contains(QLatin1String("never")) && d.text().contains(QLatin1String("later than this computer's clock")), qPrintable(d.text()));
}

void TestLicenseManager::retryAfterHoldsTheLadder()
{
    Install &i = paired();
    m_clock->advanceDays(2); // the last success is stale: a failure goes onto the retry ladder
    const QDateTime at = m_clock->now();
    QString error;
    ExchangeRecord failed{at, false, QStringLiteral("server_error"), {}, {}, {}, {}, {}, {}};
    QVERIFY(i.manager->recordFailedExchange(failed, &error));
    QCOMPARE(i.manager->nextHeartbeat(*i.manager->loadRow(), at), at.addSecs(5 * 60)); // the ladder's first step
    // The server says 3600 s: no retry before then (today's ladder would try after 5 minutes).
    failed.retryAfterSecs = 3600;
    QVERIFY(i.manager->recordFailedExchange(failed, &error));
    LocalLicense row = *i.manager->loadRow();
    QCOMPARE(i.manager->nextHeartbeat(row, at.addSecs(600)), at.addSecs(3600));
    // A clock that went back past the attempt does not hold the hotel to it.
    QVERIFY(!LicenseManager::retryNotBefore(row, at.addSecs(-3600)).isValid());
    // Never more than a day.
    failed.retryAfterSecs = 10 * 86400;
    QVERIFY(i.manager->recordFailedExchange(failed, &error));
    QCOMPARE(i.manager->nextHeartbeat(*i.manager->loadRow(), at), at.addSecs(86400));
}

void TestLicenseManager::unreachableKeyStoreIsNotALock()
{
#ifdef Q_OS_WIN
    QSKIP("A credential store that does not answer is a Linux case (no D-Bus session at login); Windows' Credential "
          "Manager belongs to the logon session and answers whenever the program runs");
#endif
    Install &i = paired();
    // The key lives in the OS credential store, which does not answer (at login before the
    // session bus is up; here a bus address that leads nowhere).
    const QByteArray savedBus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + m_root->filePath(QStringLiteral("no-bus")).toUtf8());
    SecretKeyStore keychain(i.paths.dataDir, SecretKeyStore::Mode::Keychain);
    LicenseManager manager(i.paths, i.env, *i.db, *m_clock, m_fingerprints, keychain);
    const LicenseCheck c = manager.check(m_clock->now(), true);
    QCOMPARE(c.status.state, LicenseState::KeystoreUnavailable);
    QCOMPARE(c.status.mode(), LicenseMode::Full); // not a lock
    QCOMPARE(c.status.daysLeft.value_or(-1), 30); // to the token's exp, the first restriction (it counted to the offline limit, 60)
    QCOMPARE(i.auditCount(QStringLiteral("license.locked")), 0);
    // `status` still says what the licence is, from the row's clear copies (it printed "–" for the
    // plan and the end date: helper-39).
    const QJsonObject json = LicenseManager::statusJson(manager.statusReport(m_clock->now(), false));
    const LocalLicense stored = *i.manager->loadRow();
    QVERIFY(!stored.plan.isEmpty());
    QCOMPARE(json.value(QStringLiteral("plan")).toString(), stored.plan);
    QCOMPARE(json.value(QStringLiteral("valid_until")).toString(), stored.validUntil.toUTC().date().toString(Qt::ISODate));
    QCOMPARE(json.value(QStringLiteral("grace_until")).toString(), stored.graceUntil.toUTC().date().toString(Qt::ISODate));
    QCOMPARE(json.value(QStringLiteral("usage")).toObject().value(QStringLiteral("max_rooms")).toInt(), stored.maxRooms);
    // diagnostic names the key store, and never advises pairing again for it.
    const DiagnosticReport d = Diagnostic::offline(manager, manager.statusReport(m_clock->now(), false), i.paths);
    bool named = false;
    for (const DiagnosticCheck &check : d.checks) {
        QVERIFY2(check.id != QLatin1String("token"), qPrintable(d.text()));
        named = named || (check.id == QLatin1String("keystore") && !check.ok);
    }
    QVERIFY2(named, qPrintable(d.text()));
    // The tray's runner asks again by itself within a minute.
    QNetworkAccessManager network;
    VendorClientOptions options;
    options.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1"));
    VendorClient vendor(network, *m_clock, options);
    LicenseClient client(manager, vendor, *m_clock, ClientSettings{});
    // A heartbeat asked for now names the password store and its step (it said local_error, "the
    // data folder was copied, or the key store was reset"; helper-40).
    const ClientOutcome asked = LicenseClient::wait([&](LicenseClient::Done finished) { return client.heartbeat(finished); });
    QCOMPARE(asked.error, VendorError::KeystoreUnavailable);
    QVERIFY2(asked.text(ClientSettings{}).message.contains(QLatin1String("password store")), qPrintable(asked.text(ClientSettings{}).message));
    // Its detail too (helper-41: "the data folder was copied, or the key store was reset").
    QVERIFY2(asked.detail.contains(QLatin1String("password store")) && !asked.detail.contains(QLatin1String("copied")), qPrintable(asked.detail));
    HeartbeatRunner runner(client, manager, *m_clock);
    runner.start();
    QVERIFY(!runner.busy());
    QVERIFY2(runner.sleepMs() <= HeartbeatRunner::kKeystoreRetrySecs * 1000, qPrintable(QString::number(runner.sleepMs())));
    // The offline limit still counts from the last heartbeat.
    m_clock->advanceDays(61);
    QCOMPARE(manager.check(m_clock->now(), false).status.state, LicenseState::Locked);
    if (savedBus.isEmpty())
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    else
        qputenv("DBUS_SESSION_BUS_ADDRESS", savedBus);
}

QTEST_GUILESS_MAIN(TestLicenseManager)
#include "tst_licensemanager.moc"
