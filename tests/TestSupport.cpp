#include "TestSupport.h"

#include "AppPaths.h"
#include "Database.h"
#include "EnvFile.h"
#include "Jws.h"
#include "LicenseManager.h"
#include "SecretKeyStore.h"

#include <QDir>
#include <QFile>
#include <QUuid>

namespace hotelhub::test {

TestVendorKey::TestVendorKey(KeyAlgorithm algorithm)
    : key(crypto::generateKey(algorithm))
    , publicPem(crypto::publicKeyPem(key.get()))
    , publicSha256(crypto::sha256Hex(publicPem))
{
}

QString TestVendorKey::writePublicKey(const QString &dir) const
{
    const QString path = dir + QStringLiteral("/vendor-public.pem");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write the test public key");
    f.write(publicPem);
    return path;
}

TokenClaims makeClaims(const QString &fingerprint, const QDateTime &issued, int graceDays, const QDateTime &validUntil)
{
    TokenClaims c;
    c.issuer = QLatin1String(kTokenIssuer);
    c.audience = QLatin1String(kTokenAudience);
    c.subject = QStringLiteral("license:42");
    c.tokenId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    c.fingerprint = fingerprint;
    c.issuedAt = issued.toUTC();
    c.notBefore = issued.toUTC();
    c.expiresAt = issued.toUTC().addDays(graceDays);
    c.keyHash = crypto::sha256Tagged("HMS-ABCDE-23456-FGHJK-78901");
    c.plan = QStringLiteral("standalone-pro");
    c.features = QJsonObject{{QStringLiteral("channel_manager"), true}, {QStringLiteral("ai_demand_forecast"), false},
                             {QStringLiteral("max_rooms"), 100}, {QStringLiteral("max_concurrent_users"), 30},
                             {QStringLiteral("max_properties"), 1}};
    c.validUntil = validUntil.toUTC();
    c.graceDays = graceDays;
    return c;
}

bool preparePairedDataDir(const QString &dataDir, const TestVendorKey &vendor, QString *error)
{
    const AppPaths paths = AppPaths::resolve(dataDir, {});
    if (!paths.ensureDataDir(error))
        return false;
    EnvFile env;
    env.load(paths.envFile);
    env.set(QStringLiteral("LICENSE_PUBLIC_KEY_PATH"), vendor.writePublicKey(paths.dataDir));
    env.set(QStringLiteral("LICENSE_PUBLIC_KEY_HASH"), vendor.publicSha256);
    if (!env.save()) {
        *error = env.errorString();
        return false;
    }
    Database db(paths.databaseFile());
    if (!db.open()) {
        *error = db.errorString();
        return false;
    }
    SystemClock clock;
    FingerprintSource fingerprints;
    SecretKeyStore keys(paths.dataDir, SecretKeyStore::Mode::File);
    LicenseManager manager(paths, env, db, clock, fingerprints, keys);
    const BootstrapResult b = manager.bootstrap(false);
    if (!b.ok) {
        *error = b.error;
        return false;
    }
    return manager.storePairing(signToken(makeClaims(b.fingerprint, clock.now().addSecs(-60)), vendor.key.get()),
                                crypto::sha256Tagged("HMS-ABCDE-23456-FGHJK-78901"), error);
}

QString testDataDir() { return QStringLiteral(HOTELHUB_TEST_DATA_DIR); }

QDateTime at(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
}

} // namespace hotelhub::test
