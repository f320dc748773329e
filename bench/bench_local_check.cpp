// Local licence check (read row, decrypt, verify, evaluate) per call, against a bare OpenSSL
// verify of the same token in the same run (goal, issue 14: ratio <= 1.3). The repeated check of
// one LicenseManager (the tray, the local API) and the first check of a new one (a `status`
// process) are both reported.
#include "BenchSupport.h"
#include "Database.h"
#include "EnvFile.h"
#include "Jws.h"
#include "LicenseManager.h"
#include "SecretKeyStore.h"
#include "TestSupport.h"
#include "TokenVault.h"

#include <QSqlQuery>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <openssl/evp.h>

using namespace hotelhub;
using namespace hotelhub::test;

namespace {
// Nanoseconds per call of `f`, median of `rounds` rounds of `perRound` calls.
template <typename F>
double nsPerCall(F &&f, int rounds, int perRound)
{
    QList<double> samples;
    for (int r = 0; r < rounds; ++r) {
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < perRound; ++i)
            f();
        samples << double(t.nsecsElapsed()) / perRound;
    }
    return bench::median(samples);
}

// Both measured in alternating rounds so that a slower or faster stretch of the machine affects
// the baseline and the candidate alike. Returns {baseline ns, candidate ns} per call (medians).
template <typename B, typename C>
std::pair<double, double> interleaved(B &&baseline, C &&candidate, int rounds, int perRound)
{
    QList<double> base, cand;
    for (int r = 0; r < rounds; ++r) {
        base << nsPerCall(baseline, 1, perRound);
        cand << nsPerCall(candidate, 1, perRound);
    }
    return {bench::median(base), bench::median(cand)};
}

void run(KeyAlgorithm algorithm, const char *checkName, const char *baseName)
{
    QTemporaryDir dir;
    const TestVendorKey vendor(algorithm);
    QString error;
    if (!preparePairedDataDir(dir.path(), vendor, &error))
        qFatal("%s", qPrintable(error));
    const AppPaths paths = AppPaths::resolve(dir.path(), {});
    EnvFile env;
    env.load(paths.envFile);
    Database db(paths.databaseFile());
    if (!db.open())
        qFatal("%s", qPrintable(db.errorString()));
    SystemClock clock;
    FingerprintSource fingerprints;
    SecretKeyStore keys(paths.dataDir, SecretKeyStore::Mode::File);
    LicenseManager manager(paths, env, db, clock, fingerprints, keys);
    const QByteArray token = [&] {
        // The same token the check decrypts, for the bare-verify baseline.
        QSqlQuery q(db.connection());
        q.exec(QStringLiteral("SELECT token_encrypted, install_id FROM local_licenses"));
        q.next();
        return *TokenVault(*keys.load(), q.value(1).toString()).open(q.value(0).toByteArray());
    }();
    const QDateTime now = clock.now();
    if (manager.check(now, false).status.state != LicenseState::Active)
        qFatal("benchmark setup is not active");

    // Baseline: split + base64url-decode the signature + EVP_DigestVerify, key already parsed.
    const PKeyPtr pin = crypto::readPublicKeyPem(vendor.publicPem);
    const qsizetype dot = token.lastIndexOf('.');
    volatile bool sink = false;
    auto bare = [&] {
        const QByteArray input = token.left(dot);
        const auto sig = crypto::base64UrlDecode(token.mid(dot + 1));
        sink = crypto::verify(pin.get(), input, *sig);
    };
    auto check = [&] { sink = manager.check(now, false).status.state == LicenseState::Active; };

    LocalLicenseStore store(db);
    auto readRow = [&] { sink = store.loadForCheck().has_value(); };
    for (int i = 0; i < 200; ++i) { bare(); check(); readRow(); } // warm caches
    const auto [base, ours] = interleaved(bare, check, 41, 200);
    bench::report(checkName, ours / 1000.0, "us/call", base / 1000.0, baseName);
    bench::figure(baseName, base / 1000.0, "us/call");
    bench::figure("  of which row read", nsPerCall(readRow, 15, 400) / 1000.0, "us/call");
    auto verifyOnly = [&] { sink = verifyToken(token, pin.get()).ok(); };
    bench::figure("  of which verifyToken (parse + verify)", nsPerCall(verifyOnly, 15, 400) / 1000.0, "us/call");
    // The first check of a new LicenseManager (a `status` process, the tray after the token
    // changed): the row read, decrypted and verified in full, the public key parsed, the
    // fingerprint collected.
    auto firstCheck = [&] {
        LicenseManager fresh(paths, env, db, clock, fingerprints, keys);
        sink = fresh.check(now, false).status.state == LicenseState::Active;
    };
    const auto [base2, cold] = interleaved(bare, firstCheck, 21, 50);
    bench::report((QByteArray(checkName) + "_first_in_process").constData(), cold / 1000.0, "us/call", base2 / 1000.0, baseName);
    Q_UNUSED(sink);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    run(KeyAlgorithm::Rsa2048, "local_check_rs256", "openssl_verify_rs256");
    run(KeyAlgorithm::Ed25519, "local_check_eddsa", "openssl_verify_eddsa");
    return 0;
}
