// The continuity promise under a year of accidents (README "Chaos simulation"): the real client
// (LicenseManager, LicenseClient, VendorClient, the exchange lock) and the real server rules
// (VendorService on its SQLite store) for 200 installs over 365 simulated days, with lost
// replies, two runners per install, network-card swaps and OS upgrades, gateway refusals, power
// cuts, clock drift, the vendor down for three days and disks that fill and free; and cheaters:
// copied data folders, VM clones and replayed tokens. Only the transport is simulated: requests
// go from VendorClient through a QNetworkAccessManager straight into VendorService::handle().
//
// Deterministic for a seed (HOTELHUB_CHAOS_SEED, else a fresh one, printed). A failure prints
// the seed that reproduces it. HOTELHUB_CHAOS_INSTALLS / HOTELHUB_CHAOS_DAYS shrink a local run.
#include "AppPaths.h"
#include "Clock.h"
#include "Database.h"
#include "EnvFile.h"
#include "Jws.h"
#include "LicenseClient.h"
#include "LicenseManager.h"
#include "SecretKeyStore.h"
#include "TestSupport.h"
#include "VendorDatabase.h"
#include "VendorService.h"
#include "VendorStore.h"

#include <QDirIterator>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <random>

using namespace hotelhub;
using namespace hotelhub::test;

namespace {

// A client's own clock: the simulation's calendar, off by this install's drift.
class DriftClock final : public Clock
{
public:
    DriftClock(const Clock &base, qint64 offsetSecs) : m_base(base), m_offset(offsetSecs) {}
    QDateTime now() const override { return m_base.now().addSecs(m_offset); }
    QTimeZone timeZone() const override { return QTimeZone::utc(); }

private:
    const Clock &m_base;
    qint64 m_offset;
};

// A finished reply delivered from the event loop, as a real one would be.
class SimReply final : public QNetworkReply
{
public:
    SimReply(QObject *parent, const QNetworkRequest &request, QNetworkAccessManager::Operation op, int status, const QByteArray &body,
             const QByteArray &contentType, NetworkError error)
        : QNetworkReply(parent)
        , m_body(body)
    {
        setRequest(request);
        setUrl(request.url());
        setOperation(op);
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
        if (status > 0) {
            setAttribute(QNetworkRequest::HttpStatusCodeAttribute, status);
            setHeader(QNetworkRequest::ContentTypeHeader, contentType);
            setHeader(QNetworkRequest::ContentLengthHeader, body.size());
        }
        if (error != NoError)
            setError(error, QStringLiteral("simulated: %1").arg(int(error)));
        QTimer::singleShot(0, this, [this, status, error] {
            if (m_aborted)
                return;
            if (status > 0)
                Q_EMIT metaDataChanged();
            if (error != NoError)
                Q_EMIT errorOccurred(error);
            if (!m_body.isEmpty())
                Q_EMIT readyRead();
            setFinished(true);
            Q_EMIT finished();
        });
    }
    void abort() override
    {
        if (m_aborted || isFinished())
            return;
        m_aborted = true;
        setError(OperationCanceledError, QStringLiteral("aborted"));
        setFinished(true);
        Q_EMIT finished();
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_body.size() - m_pos + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char *data, qint64 max) override
    {
        const qint64 n = std::min<qint64>(max, m_body.size() - m_pos);
        if (n <= 0)
            return m_pos >= m_body.size() ? -1 : 0;
        memcpy(data, m_body.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }

private:
    QByteArray m_body;
    qint64 m_pos = 0;
    bool m_aborted = false;
};

struct Sim;

// One install's network: every request goes to the vendor's rules, through the fault mix.
class SimNetwork final : public QNetworkAccessManager
{
public:
    SimNetwork(Sim &sim, int install) : m_sim(sim), m_install(install) {}

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *outgoing) override;

private:
    Sim &m_sim;
    int m_install;
};

enum class Kind { Honest, Copy, CloneOriginal, Clone };

struct Runner
{
    std::unique_ptr<Database> db;
    std::unique_ptr<SecretKeyStore> keys;
    std::unique_ptr<LicenseManager> manager;
    std::unique_ptr<VendorClient> vendor;
    std::unique_ptr<LicenseClient> client;

    // Users first: the manager's queries must go before their database does.
    void close()
    {
        client.reset();
        vendor.reset();
        manager.reset();
        keys.reset();
        db.reset();
    }
};

struct Install
{
    int index = 0;
    Kind kind = Kind::Honest;
    QString dir;
    AppPaths paths;
    EnvFile env;
    FakeFingerprintSource fingerprints;
    std::unique_ptr<DriftClock> clock;
    std::unique_ptr<SimNetwork> network;
    Runner a, b; // the tray and the systemd timer
    bool writesRefused = false; // the disk is full
    int diskFreeOnDay = -1;
    bool powerCut = false;
    int lastDriftDay = -1000;
    int caughtOnDay = -1;   // cheaters: the first day the copy was refused
    int createdOnDay = 0;
    int partner = -1;       // a clone and its original
    QList<QByteArray> tokens; // every token this install stored, in order
    int spentBefore = 0;    // tokens[0 .. spentBefore) are spent (a successor was used)
    QString wrongState;     // honest: the first restricted/locked state seen, with its day
};

struct Sim
{
    std::mt19937_64 rng;
    ManualClock clock{QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC)};
    std::unique_ptr<service::VendorDatabase> vendorDb;
    std::unique_ptr<service::VendorService> service;
    std::vector<std::unique_ptr<Install>> installs;
    bool vendorDown = false;
    int day = 0;
    // Fault counters, for the table.
    int lost = 0, gateway = 0, powerCuts = 0, downRefused = 0, requests = 0, concurrent = 0, drifts = 0, diskFulls = 0;
    int replays = 0, replaysRefused = 0;
    qint64 dueNs = 0, beatNs = 0, endNs = 0;

    double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }
    int below(int n) { return int(std::uniform_int_distribution<int>(0, n - 1)(rng)); }
};

QNetworkReply *SimNetwork::createRequest(Operation op, const QNetworkRequest &request, QIODevice *outgoing)
{
    const QByteArray body = outgoing ? outgoing->readAll() : QByteArray();
    ++m_sim.requests;
    auto reply = [&](int status, const QByteArray &payload, const QByteArray &type, QNetworkReply::NetworkError error) {
        return new SimReply(this, request, op, status, payload, type, error);
    };
    if (m_sim.vendorDown) {
        ++m_sim.downRefused;
        return reply(0, {}, {}, QNetworkReply::ConnectionRefusedError);
    }
    const double roll = m_sim.uniform();
    if (roll < 0.02) {
        // A gateway in front of the vendor refuses: it never reaches the licence server.
        ++m_sim.gateway;
        return m_sim.uniform() < 0.5 ? reply(403, "<html><body>403 Forbidden</body></html>", "text/html", QNetworkReply::NoError)
                                     : reply(410, R"({"message":"Gone"})", "application/json", QNetworkReply::NoError);
    }
    service::ServiceRequest r;
    r.method = op == PostOperation ? QByteArray("POST") : QByteArray("GET");
    r.path = request.url().path().toLatin1();
    r.query = request.url().query().toLatin1();
    r.body = body;
    r.authorization = request.rawHeader("Authorization");
    r.peer = QStringLiteral("10.1.%1.%2").arg(m_install / 250).arg(m_install % 250);
    const service::ServiceReply answer = m_sim.service->handle(r);
    if (roll < 0.07) {
        // The vendor committed; the reply is lost on the way back.
        ++m_sim.lost;
        return reply(0, {}, {}, QNetworkReply::RemoteHostClosedError);
    }
    if (roll < 0.075) {
        // A power cut: the vendor committed, this computer went down before it heard anything.
        ++m_sim.powerCuts;
        m_sim.installs[size_t(m_install)]->powerCut = true;
        return reply(0, {}, {}, QNetworkReply::RemoteHostClosedError);
    }
    return reply(answer.status, answer.payload(), "application/json", QNetworkReply::NoError);
}

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

} // namespace

class TestChaos : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aYearOfAccidents();
    void cleanupTestCase();

private:
    void build(Install &i);
    void openRunner(Install &i, Runner &r);
    void restart(Install &i);
    void refuseWrites(Install &i, bool refuse);
    Install &addInstall(Kind kind, const QString &dir);
    Install &copyOf(const Install &original, Kind kind);
    void tick(Install &i);
    void observe(Install &i, const LicenseStatus &status, const QString &when);
    void recordToken(Install &i, const QByteArray &presented);
    void replay(Install &i);

    Sim m_sim;
    std::unique_ptr<QTemporaryDir> m_root;
    std::unique_ptr<TestVendorKey> m_key;
    QString m_keyPath;
    QString m_licenseKeyBase;
    quint64 m_seed = 0;
};

void TestChaos::openRunner(Install &i, Runner &r)
{
    r.close();
    r.db = std::make_unique<Database>(i.paths.databaseFile());
    QVERIFY2(r.db->open(), qPrintable(r.db->errorString()));
    r.keys = std::make_unique<SecretKeyStore>(i.paths.dataDir, SecretKeyStore::Mode::File);
    r.manager = std::make_unique<LicenseManager>(i.paths, i.env, *r.db, *i.clock, i.fingerprints, *r.keys);
    ClientSettings s;
    s.vendorUrl = QUrl(QStringLiteral("http://127.0.0.1:9"));
    s.timeoutMs = 5000;
    s.exchangeLockPollMs = 1;
    r.vendor = std::make_unique<VendorClient>(*i.network, *i.clock, s.clientOptions());
    r.client = std::make_unique<LicenseClient>(*r.manager, *r.vendor, *i.clock, s);
}

void TestChaos::refuseWrites(Install &i, bool refuse)
{
    // A full disk as SQLite meets it: every write of this install's store fails until freed.
    i.writesRefused = refuse;
    for (Runner *r : {&i.a, &i.b})
        QSqlQuery(r->db->connection()).exec(refuse ? QStringLiteral("PRAGMA query_only = 1") : QStringLiteral("PRAGMA query_only = 0"));
}

void TestChaos::restart(Install &i)
{
    i.a.close();
    i.b.close();
    openRunner(i, i.a);
    openRunner(i, i.b);
    if (i.writesRefused)
        refuseWrites(i, true);
}

void TestChaos::build(Install &i)
{
    i.paths = AppPaths::resolve(i.dir, {});
    QString error;
    QVERIFY(i.paths.ensureDataDir(&error));
    i.env.load(i.paths.envFile);
    i.env.set(QStringLiteral("LICENSE_PUBLIC_KEY_PATH"), m_keyPath);
    i.env.set(QStringLiteral("LICENSE_PUBLIC_KEY_HASH"), m_key->publicSha256);
    i.env.set(QStringLiteral("LICENSE_VENDOR_BASE_URL"), QStringLiteral("http://127.0.0.1:9"));
    QVERIFY(i.env.save());
    i.clock = std::make_unique<DriftClock>(m_sim.clock, qint64(m_sim.below(241)) - 120); // ±2 minutes
    i.network = std::make_unique<SimNetwork>(m_sim, i.index);
    restart(i);
}

Install &TestChaos::addInstall(Kind kind, const QString &dir)
{
    auto install = std::make_unique<Install>();
    install->index = int(m_sim.installs.size());
    install->kind = kind;
    install->dir = dir;
    install->createdOnDay = m_sim.day;
    install->fingerprints.m_machineId = QStringLiteral("machine-%1").arg(install->index);
    install->fingerprints.m_macs = {QStringLiteral("02:00:00:%1:%2:01").arg(install->index / 256, 2, 16, QLatin1Char('0')).arg(install->index % 256, 2, 16, QLatin1Char('0'))};
    m_sim.installs.push_back(std::move(install));
    return *m_sim.installs.back();
}

Install &TestChaos::copyOf(const Install &original, Kind kind)
{
    const QString dir = m_root->filePath(QStringLiteral("copy-%1").arg(m_sim.installs.size()));
    QDir().mkpath(dir);
    QDirIterator it(original.dir, QDir::Files);
    while (it.hasNext()) {
        const QString from = it.next();
        if (!from.endsWith(QLatin1String(".lock")))
            QFile::copy(from, dir + u'/' + it.fileName());
    }
    Install &copy = addInstall(kind, dir);
    if (kind == Kind::Clone) {
        // A VM clone: the same machine id and the same path inside the VM, a new MAC.
        copy.fingerprints.m_machineId = original.fingerprints.m_machineId;
        copy.fingerprints.m_installPath = original.fingerprints.installPath(original.dir);
        copy.fingerprints.m_macs = {QStringLiteral("02:00:00:ff:%1:02").arg(copy.index % 256, 2, 16, QLatin1Char('0'))};
        copy.fingerprints.m_os = original.fingerprints.m_os;
    }
    build(copy);
    return copy;
}

void TestChaos::observe(Install &i, const LicenseStatus &status, const QString &when)
{
    const LicenseMode mode = status.mode();
    const bool refused = mode == LicenseMode::Restricted || mode == LicenseMode::Locked;
    if (i.kind == Kind::Honest) {
        // token_refused keeps full mode but is an accident all the same.
        if ((refused || status.state == LicenseState::TokenRefused) && i.wrongState.isEmpty())
            i.wrongState = QStringLiteral("%1 on day %2 (%3)").arg(status.stateName()).arg(m_sim.day).arg(when);
    } else if (i.caughtOnDay < 0 && status.state == LicenseState::FingerprintMismatch) {
        i.caughtOnDay = m_sim.day;
        if (i.partner >= 0 && m_sim.installs[size_t(i.partner)]->caughtOnDay < 0)
            m_sim.installs[size_t(i.partner)]->caughtOnDay = m_sim.day;
    }
}

void TestChaos::recordToken(Install &i, const QByteArray &presented)
{
    // The presented token renewed: every token stored before it is spent.
    const int at = int(i.tokens.indexOf(presented));
    if (at > i.spentBefore)
        i.spentBefore = at;
    QString error;
    const std::optional<QByteArray> now = i.a.manager->currentToken(&error);
    if (now && (i.tokens.isEmpty() || i.tokens.last() != *now))
        i.tokens << *now;
}

void TestChaos::replay(Install &i)
{
    if (i.spentBefore <= 0)
        return;
    // An attacker with an old token of this install, presenting the fingerprint it names.
    const QByteArray token = i.tokens[m_sim.below(i.spentBefore)];
    const TokenVerification v = verifyToken(token, m_key->key.get());
    QVERIFY(v.authentic());
    service::ServiceRequest r;
    r.method = "POST";
    r.path = "/api/license/heartbeat";
    r.body = QJsonDocument(QJsonObject{{QStringLiteral("token"), QString::fromLatin1(token)}, {QStringLiteral("fingerprint"), v.claims->fingerprint}})
                 .toJson(QJsonDocument::Compact);
    r.peer = QStringLiteral("203.0.113.9");
    const service::ServiceReply answer = m_sim.service->handle(r);
    ++m_sim.replays;
    // Refused: no token (401 token_superseded, or a signed 403 when the pairing was rebound since).
    if ((answer.status == 401 || answer.status == 403) && !answer.body.contains(QStringLiteral("renewed_token")))
        ++m_sim.replaysRefused;
    else
        qWarning("seed %llu: replayed spent token of install %d answered %d", m_seed, i.index, answer.status);
}

void TestChaos::tick(Install &i)
{
    if (i.powerCut) {
        i.powerCut = false;
        restart(i);
    }
    QDateTime due;
    QElapsedTimer t;
    t.start();
    const bool isDue = i.a.client->heartbeatDue(i.clock->now(), &due);
    m_sim.dueNs += t.nsecsElapsed();
    if (!isDue)
        return;
    t.restart();
    struct Acc { qint64 &ns; QElapsedTimer &t; ~Acc() { ns += t.nsecsElapsed(); } } acc{m_sim.beatNs, t};
    QString error;
    const std::optional<QByteArray> presented = i.a.manager->currentToken(&error);
    const bool together = m_sim.uniform() < 0.1; // the tray and the timer in the same second
    int pending = together ? 2 : 1;
    QEventLoop loop;
    QList<ClientOutcome> outcomes;
    auto done = [&](const ClientOutcome &o) {
        outcomes << o;
        if (--pending == 0)
            loop.quit();
    };
    i.a.client->heartbeat(done);
    if (together) {
        ++m_sim.concurrent;
        i.b.client->heartbeat(done);
    }
    if (pending > 0)
        loop.exec();
    if (i.powerCut) // the process died before it stored anything
        return;
    for (const ClientOutcome &o : outcomes) {
        if (qEnvironmentVariableIsSet("HOTELHUB_CHAOS_TRACE") && i.kind != Kind::Honest)
            qInfo("day %d install %d kind %d: %s -> %s (%s)", m_sim.day, i.index, int(i.kind), qPrintable(VendorErrors::code(o.error)),
                  qPrintable(o.status.stateName()), qPrintable(o.detail));
        observe(i, o.status, QStringLiteral("heartbeat: %1").arg(VendorErrors::code(o.error)));
        if (o.ok() && presented)
            recordToken(i, *presented);
    }
    // The timer runs after the tray: due again only when the first failed.
    if (!together && i.b.client->heartbeatDue(i.clock->now())) {
        const ClientOutcome o = LicenseClient::wait([&](LicenseClient::Done d) { return i.b.client->heartbeat(d); });
        observe(i, o.status, QStringLiteral("second runner: %1").arg(VendorErrors::code(o.error)));
    }
}

void TestChaos::aYearOfAccidents()
{
    m_seed = qEnvironmentVariableIsSet("HOTELHUB_CHAOS_SEED") ? qEnvironmentVariable("HOTELHUB_CHAOS_SEED").toULongLong()
                                                              : QRandomGenerator::global()->generate64();
    qInfo("chaos seed %llu (HOTELHUB_CHAOS_SEED=%llu reproduces this run)", m_seed, m_seed);
    m_sim.rng.seed(m_seed);
    const int honestCount = envInt("HOTELHUB_CHAOS_INSTALLS", 200);
    const int days = envInt("HOTELHUB_CHAOS_DAYS", 365);
    const int copies = std::max(2, honestCount / 20);
    const int clones = std::max(2, honestCount / 20);

    // tmpfs where there is one: the simulation measures rules, not the disk's fsync.
    const QString base = QFileInfo(QStringLiteral("/dev/shm")).isWritable() ? QStringLiteral("/dev/shm/hotelhub-chaos-XXXXXX")
                                                                             : QDir::temp().filePath(QStringLiteral("hotelhub-chaos-XXXXXX"));
    m_root = std::make_unique<QTemporaryDir>(base);
    QVERIFY(m_root->isValid());
    m_key = std::make_unique<TestVendorKey>(KeyAlgorithm::Ed25519);
    m_keyPath = m_key->writePublicKey(m_root->path());

    m_sim.vendorDb = std::make_unique<service::VendorDatabase>(QStringLiteral("sqlite:") + m_root->filePath(QStringLiteral("vendor.sqlite")));
    QVERIFY2(m_sim.vendorDb->open(), qPrintable(m_sim.vendorDb->errorString()));
    service::VendorConfig config;
    config.pairAttemptsPerMinute = 1000;
    config.version = QStringLiteral("chaos");
    config.supportPhone = QStringLiteral("+62 811 0000 000");
    m_sim.service = std::make_unique<service::VendorService>(*m_sim.vendorDb, crypto::readPrivateKeyPem(crypto::privateKeyPem(m_key->key.get())),
                                                             m_sim.clock, config);
    service::VendorStore store(*m_sim.vendorDb, m_sim.clock);

    // The VM clones' originals are drawn from these and leave the honest count: start with enough.
    const int initialCount = honestCount + clones;
    for (int n = 0; n < initialCount; ++n) {
        Install &i = addInstall(Kind::Honest, m_root->filePath(QStringLiteral("hotel-%1").arg(n)));
        build(i);
        service::NewLicense spec;
        spec.plan = QStringLiteral("standalone-pro");
        spec.maxRooms = 50;
        spec.maxUsers = 10;
        spec.validUntil = QDate(2029, 12, 31);
        const std::optional<QString> key = store.createLicense(spec);
        QVERIFY(key);
        ClientOutcome o;
        o.error = VendorError::NotPaired;
        for (int attempt = 0; attempt < 20 && !o.ok(); ++attempt) // the fault mix applies to pairing too
            o = LicenseClient::wait([&](LicenseClient::Done d) { return i.a.client->pair(*key, d); });
        QVERIFY2(o.ok(), qPrintable(QStringLiteral("seed %1: install %2 could not pair: %3").arg(m_seed).arg(n).arg(o.detail)));
        QString error;
        i.tokens << *i.a.manager->currentToken(&error);
        if (i.powerCut) {
            i.powerCut = false;
            restart(i);
        }
    }

    // The year's plan, drawn from the seed.
    const int vendorDownFrom = days / 3 + m_sim.below(std::max(1, days / 3));
    QHash<int, QList<int>> copyDays, cloneDays;
    for (int c = 0; c < copies; ++c)
        copyDays[30 + m_sim.below(std::max(1, days - 60))] << m_sim.below(initialCount);
    // Distinct originals, so exactly `clones` installs leave the honest count.
    QList<int> originals;
    while (originals.size() < clones) {
        const int n = m_sim.below(initialCount);
        if (!originals.contains(n))
            originals << n;
    }
    for (int n : originals)
        cloneDays[30 + m_sim.below(std::max(1, days - 60))] << n;

    for (m_sim.day = 0; m_sim.day < days; ++m_sim.day) {
        m_sim.vendorDown = m_sim.day >= vendorDownFrom && m_sim.day < vendorDownFrom + 3;
        const QDateTime dayStart = QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC).addDays(m_sim.day);
        m_sim.clock.set(dayStart);
        // Morning events.
        for (auto &ptr : m_sim.installs) {
            Install &i = *ptr;
            if (i.kind != Kind::Honest)
                continue;
            if (i.diskFreeOnDay == m_sim.day)
                refuseWrites(i, false);
            if (!i.writesRefused && m_sim.uniform() < 0.0005) {
                ++m_sim.diskFulls;
                refuseWrites(i, true);
                i.diskFreeOnDay = m_sim.day + 1 + m_sim.below(3);
            }
            // A new network card, a dongle, or an OS upgrade; an honest hotel does not change
            // hardware twice within 30 days.
            if (m_sim.day - i.lastDriftDay > 31 && m_sim.uniform() < 0.003) {
                ++m_sim.drifts;
                i.lastDriftDay = m_sim.day;
                const int what = m_sim.below(3);
                if (what == 0)
                    i.fingerprints.m_macs = {QStringLiteral("02:00:00:aa:%1:%2").arg(i.index % 256, 2, 16, QLatin1Char('0')).arg(m_sim.day % 256, 2, 16, QLatin1Char('0'))};
                else if (what == 1)
                    i.fingerprints.m_macs.prepend(QStringLiteral("02:00:00:bb:%1:%2").arg(i.index % 256, 2, 16, QLatin1Char('0')).arg(m_sim.day % 256, 2, 16, QLatin1Char('0')));
                else
                    i.fingerprints.m_os = QStringLiteral("debian-%1").arg(i.fingerprints.m_os.section(u'-', 1).toInt() + 1);
                restart(i); // hardware changes come with a reboot
            }
            if (m_sim.uniform() < 0.01)
                replay(i);
        }
        for (int n : copyDays.value(m_sim.day)) {
            Install &copy = copyOf(*m_sim.installs[size_t(n)], Kind::Copy);
            observe(copy, copy.a.manager->check(copy.clock->now(), false).status, QStringLiteral("copied"));
        }
        for (int n : cloneDays.value(m_sim.day)) {
            Install &original = *m_sim.installs[size_t(n)];
            if (original.kind != Kind::Honest)
                continue;
            original.kind = Kind::CloneOriginal; // from now on a cheater's pair
            Install &clone = copyOf(original, Kind::Clone);
            clone.partner = original.index;
            original.partner = clone.index;
            original.createdOnDay = m_sim.day;
        }
        // Four checks a day, as the runners' timers would make.
        for (int t = 0; t < 4; ++t) {
            m_sim.clock.set(dayStart.addSecs(t * 6 * 3600 + 3 * 3600 + 40 * 60));
            for (size_t n = 0; n < m_sim.installs.size(); ++n)
                tick(*m_sim.installs[n]);
        }
        // The day's end: what each install shows.
        QElapsedTimer endTimer;
        endTimer.start();
        struct Acc { qint64 &ns; QElapsedTimer &t; ~Acc() { ns += t.nsecsElapsed(); } } endAcc{m_sim.endNs, endTimer};
        for (auto &ptr : m_sim.installs) {
            Install &i = *ptr;
            const LicenseCheck c = i.a.manager->check(i.clock->now(), false);
            observe(i, c.status, QStringLiteral("end of day"));
            if (i.kind == Kind::Honest && c.status.state == LicenseState::FingerprintMismatch) {
                // The owner would now spend a move: that is what must never happen by accident.
                i.wrongState = i.wrongState.isEmpty() ? QStringLiteral("fingerprint_mismatch on day %1").arg(m_sim.day) : i.wrongState;
            }
        }
    }

    // The table.
    int honest = 0, wrong = 0, cheaters = 0, caught = 0;
    QStringList wrongOnes, missed;
    for (auto &ptr : m_sim.installs) {
        const Install &i = *ptr;
        if (i.kind == Kind::Honest) {
            ++honest;
            if (!i.wrongState.isEmpty()) {
                ++wrong;
                wrongOnes << QStringLiteral("install %1: %2").arg(i.index).arg(i.wrongState);
            }
        } else if (i.kind == Kind::Copy || i.kind == Kind::Clone) {
            ++cheaters;
            // Caught: refused by the vendor or by the local check, within a week of appearing.
            if (i.caughtOnDay >= 0 && i.caughtOnDay - i.createdOnDay <= 7)
                ++caught;
            else
                missed << QStringLiteral("%1 %2 (from day %3)").arg(i.kind == Kind::Copy ? QStringLiteral("copy") : QStringLiteral("clone")).arg(i.index).arg(i.createdOnDay);
        }
    }
    QSqlQuery q(m_sim.vendorDb->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM license_migrations")) && q.next());
    const int moves = q.value(0).toInt();
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM vendor_audit WHERE action = 'license.rebound'")) && q.next());
    const int rebinds = q.value(0).toInt();
    qInfo("chaos: %d honest installs, %d days, seed %llu", honest, days, m_seed);
    qInfo("time: due checks %lld ms, heartbeats %lld ms, daily checks %lld ms", m_sim.dueNs / 1000000, m_sim.beatNs / 1000000, m_sim.endNs / 1000000);
    qInfo("faults: %d requests, %d replies lost, %d power cuts, %d gateway refusals, %d refused while the vendor was down (days %d-%d), "
          "%d concurrent runner pairs, %d hardware changes (%d rebound by the vendor), %d disks full",
          m_sim.requests, m_sim.lost, m_sim.powerCuts, m_sim.gateway, m_sim.downRefused, vendorDownFrom, vendorDownFrom + 2, m_sim.concurrent,
          m_sim.drifts, rebinds, m_sim.diskFulls);
    qInfo("| honest installs wrongly restricted or locked | %d of %d |", wrong, honest);
    qInfo("| moves spent by accidents | %d |", moves);
    qInfo("| copies caught | %d of %d (%.0f %%) |", caught, cheaters, cheaters ? 100.0 * caught / cheaters : 100.0);
    qInfo("| replayed spent tokens refused | %d of %d (%.0f %%) |", m_sim.replaysRefused, m_sim.replays,
          m_sim.replays ? 100.0 * m_sim.replaysRefused / m_sim.replays : 100.0);
    const QString seedNote = QStringLiteral(" — reproduce with HOTELHUB_CHAOS_SEED=%1").arg(m_seed);
    QVERIFY2(wrong == 0, qPrintable(wrongOnes.join(QStringLiteral("; ")) + seedNote));
    QVERIFY2(moves == 0, qPrintable(QStringLiteral("%1 moves").arg(moves) + seedNote));
    QVERIFY2(caught == cheaters && cheaters > 0, qPrintable(missed.join(QStringLiteral("; ")) + seedNote));
    QVERIFY2(m_sim.replays > 0 && m_sim.replaysRefused == m_sim.replays, qPrintable(seedNote));
    // The faults really happened.
    QVERIFY(m_sim.lost > 0 && m_sim.gateway > 0 && m_sim.powerCuts > 0 && m_sim.concurrent > 0 && m_sim.drifts > 0 && m_sim.downRefused > 0);
}

void TestChaos::cleanupTestCase()
{
    // While the application and its SQL drivers still exist: installs first, then the vendor.
    for (auto &i : m_sim.installs) {
        i->a.close();
        i->b.close();
    }
    m_sim.installs.clear();
    m_sim.service.reset();
    m_sim.vendorDb.reset();
    m_root.reset();
}

QTEST_GUILESS_MAIN(TestChaos)
#include "tst_chaos.moc"
