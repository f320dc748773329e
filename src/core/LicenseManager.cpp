#include "LicenseManager.h"
#include "AuditLog.h"
#include "Clock.h"
#include "Database.h"
#include "EnvFile.h"
#include "HeartbeatSchedule.h"
#include "Jws.h"
#include "LicenseLog.h"
#include "SecretKeyStore.h"
#include "StatusPolicy.h"
#include "TokenAcceptance.h"
#include "InstallSecrets.h"
#include "TokenVault.h"

#include <QFile>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace hotelhub {

namespace {

// Why a write failed: the transaction's own reason (busy, disk full) when it has one, else the
// store's or audit log's.
QString writeFailure(const Database::WriteTransaction &tx, const QString &other)
{
    return tx.errorString().isEmpty() ? other : tx.errorString();
}
} // namespace

LicenseManager::LicenseManager(const AppPaths &paths, EnvFile &env, Database &db, const Clock &clock,
                               const FingerprintSource &fingerprints, SecretKeyStore &keys, LicenseLog *log)
    : m_paths(paths)
    , m_env(env)
    , m_db(db)
    , m_clock(clock)
    , m_fingerprints(fingerprints)
    , m_secrets(keys)
    , m_log(log)
    , m_audit(std::make_unique<AuditLog>(db, clock))
    , m_store(db)
{
}

LicenseManager::~LicenseManager() = default;

AuditLog &LicenseManager::audit() { return *m_audit; }

void LicenseManager::log(int level, const QString &event, const QJsonObject &fields)
{
    if (m_log)
        m_log->write(LicenseLog::Level(level), event, fields);
}

const PinnedKey &LicenseManager::pinnedKey()
{
    // An intact key is read again when its file, or the settings that name it, changed since:
    // otherwise a program that read it before (the tray, the wizard) went on trusting the old
    // key and sending while every new process refused (two stat calls per check).
    const bool envChanged = m_pinned && m_pinned->intact && FileStamp::of(m_env.path()) != m_envStamp;
    if (m_pinned && m_pinned->intact && (envChanged || FileStamp::of(m_pinned->source) != m_keyStamp)) {
        if (envChanged) {
            EnvFile fresh;
            if (fresh.load(m_env.path())) {
                for (const QString &name : {QStringLiteral("LICENSE_PUBLIC_KEY_PATH"), QStringLiteral("LICENSE_PUBLIC_KEY_HASH")}) {
                    if (fresh.value(name) != m_env.value(name)) {
                        m_env.load(m_env.path());
                        break;
                    }
                }
            }
        }
        m_pinned.reset();
    }
    // A key found unusable is looked at again next time: it may have been reinstalled, or the
    // program that held it open (an antivirus scan) may have let go, while the tray or the wizard
    // runs. The settings file is read again too, since the fix may be there
    // (LICENSE_PUBLIC_KEY_PATH, LICENSE_PUBLIC_KEY_HASH).
    if (m_pinned && !m_pinned->intact && !m_env.path().isEmpty())
        m_env.load(m_env.path()); // unreadable now: the copy in memory stays
    if (!m_pinned || !m_pinned->intact) {
        m_envStamp = FileStamp::of(m_env.path());
        m_pinned = VendorKey::load(m_env, QFileInfo(m_paths.envFile).absolutePath());
        m_keyStamp = FileStamp::of(m_pinned->source);
    }
    return *m_pinned;
}

TokenVerification LicenseManager::authenticToken(const QByteArray &token)
{
    const PinnedKey &pin = pinnedKey();
    if (!pin.intact) {
        TokenVerification v;
        v.detail = pin.problem;
        return v;
    }
    if (token != m_verifiedToken) {
        m_verifiedResult = verifyToken(token, pin.key.get());
        m_verifiedToken = token;
    }
    return m_verifiedResult;
}

FingerprintComponents LicenseManager::currentComponents(const QString &installId)
{
    if (!m_components || m_components->installId != installId) {
        // The card bound at pairing stays the MAC component while it is present.
        QString boundMac;
        if (const std::optional<LocalLicense> row = m_store.load(); row && row->installId == installId)
            boundMac = row->fingerprintComponents.value(QStringLiteral("primary_mac")).toString();
        m_components = m_fingerprints.collect(m_paths.dataDir, installId, boundMac);
        m_currentFingerprint = m_components->fingerprint();
    }
    return *m_components;
}

UsageCounts LicenseManager::usage()
{
    UsageCounts u;
    QSqlQuery q(m_db.connection());
    if (q.exec(QStringLiteral("SELECT COALESCE(SUM(total_rooms), 0) FROM properties")) && q.next())
        u.rooms = q.value(0).toInt();
    if (q.exec(QStringLiteral("SELECT COUNT(*) FROM users")) && q.next())
        u.users = q.value(0).toInt();
    return u;
}

BootstrapResult LicenseManager::bootstrap(bool force)
{
    BootstrapResult result;
    LocalLicenseStore &store = m_store;
    std::optional<LocalLicense> existing = store.load();
    if (!existing && !store.errorString().isEmpty()) {
        result.error = tr("Cannot read the licence database: %1").arg(store.errorString());
        return result;
    }
    if (existing && !force) {
        result.ok = true;
        result.installId = existing->installId;
        result.fingerprint = existing->fingerprint;
        return result;
    }
    const QDateTime now = m_clock.now();
    LocalLicense row;
    row.installId = installIdFromEnv();
    result.reusedInstallId = !row.installId.isEmpty();
    if (row.installId.isEmpty())
        row.installId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const FingerprintComponents components = currentComponents(row.installId);
    row.fingerprint = components.fingerprint();
    row.fingerprintComponents = components.hashed();
    row.createdAt = now;
    row.updatedAt = now;
    row.lastSeenAt = now;
    result.wasPaired = existing && existing->isPaired();

    Database::WriteTransaction tx(m_db);
    const bool saved = tx.isActive() && store.save(row)
        && m_audit->appendWithinTransaction(QStringLiteral("license.bootstrap"),
                                            {{QStringLiteral("install_id"), row.installId},
                                             {QStringLiteral("forced"), force && existing.has_value()},
                                             {QStringLiteral("dropped_pairing"), result.wasPaired},
                                             {QStringLiteral("install_id_from_env"), result.reusedInstallId}});
    if (!saved || !tx.commit()) {
        result.diskFull = tx.isDiskFull() || store.isDiskFull() || m_audit->isDiskFull();
        result.error = tr("Cannot save the new installation identity: %1").arg(writeFailure(tx, store.errorString() + m_audit->errorString()));
        return result; // the old identity, its token and its secret are all still there
    }
    m_secrets.forget(existing.has_value());
    log(0, QStringLiteral("license.bootstrap"), {{QStringLiteral("install_id"), row.installId}, {QStringLiteral("forced"), force}});
    result.ok = true;
    result.created = true;
    result.installId = row.installId;
    result.fingerprint = row.fingerprint;
    return result;
}

QString LicenseManager::installIdFromEnv() const
{
    // Only the form bootstrap writes (8-4-4-4-12 hex digits), never the nil UUID: anything else
    // in the .env is not an identity this program gave out.
    const QString text = m_env.value(QStringLiteral("LICENSE_INSTALL_ID")).trimmed().toLower();
    const QUuid id = QUuid::fromString(text);
    if (id.isNull() || id.toString(QUuid::WithoutBraces) != text)
        return {};
    return text;
}

std::optional<QByteArray> LicenseManager::decryptToken(const QString &installId, const QByteArray &sealed)
{
    const TokenVault *vault = m_secrets.vault(installId, false);
    return vault ? vault->open(sealed) : std::nullopt;
}

LicenseCheck LicenseManager::evaluateRow(const std::optional<LicenseCheckRow> &row, const QDateTime &at)
{
    LicenseCheck c;
    c.evaluatedAt = at.toUTC();
    const PinnedKey &pin = pinnedKey();
    c.publicKeyIntact = pin.intact;
    c.publicKeyProblem = pin.problem;

    PolicyRecord policy;
    PolicyEnvironment env;
    env.publicKeyIntact = pin.intact;
    env.publicKeyHeldOpen = pin.heldOpen;
    if (row) {
        c.installId = row->installId;
        c.storedFingerprint = row->fingerprint;
        c.paired = row->isPaired();
        c.current = currentComponents(row->installId);
        env.currentFingerprint = m_currentFingerprint;
        if (env.currentFingerprint != row->fingerprint) {
            c.changedComponents = c.current.changedSince(QJsonDocument::fromJson(row->fingerprintComponentsJson).object());
            // A new network card or an OS upgrade on the same machine, path and install: the
            // next heartbeat asks the vendor to rebind (README "Hardware drift"); until the vendor
            // refuses, it does not restrict the hotel.
            if (FingerprintComponents::healableDrift(c.changedComponents, row->serverState)) {
                c.driftPending = true;
                env.currentFingerprint = row->fingerprint;
            }
        }
        policy.paired = c.paired;
        policy.storedFingerprint = row->fingerprint;
        policy.pairedAt = row->pairedAt;
        policy.lastHeartbeatSuccessAt = row->lastHeartbeatSuccessAt;
        policy.lastSeenAt = row->lastSeenAt;
        policy.serverVerdict = serverVerdictFromName(row->serverState);
        policy.hardLockDays = row->hardLockDays > 0 ? row->hardLockDays : 60;
        policy.rowGraceUntil = row->graceUntil;
        policy.rowValidUntil = row->validUntil;
        if (c.paired) {
            const auto token = decryptToken(row->installId, row->tokenEncrypted);
            if (!token && m_secrets.storeUnreachable()) {
                c.tokenCheck = TokenCheck::KeystoreUnavailable;
                c.tokenProblem = m_secrets.errorString();
            } else if (!token) {
                c.tokenCheck = TokenCheck::Undecryptable;
                c.tokenProblem = tr("the stored token cannot be decrypted on this installation");
            } else if (pin.intact) {
                const TokenVerification v = authenticToken(*token);
                if (v.authentic()) {
                    c.claims = v.claims;
                } else {
                    c.tokenCheck = TokenCheck::Invalid;
                    c.tokenProblem = v.detail;
                    env.settingsFileMissing = !settingsFileMissing().isEmpty();
                }
            }
        }
        policy.tokenCheck = c.tokenCheck;
        policy.claims = c.claims;
    }
    c.status = evaluate(policy, c.evaluatedAt, env);
    return c;
}

namespace {
// last_seen_at only guards against a clock set back by more than 24 h, so an hour's precision
// is plenty, and most evaluations then write nothing (no transaction, no fsync).
constexpr qint64 kLastSeenGranularitySecs = 3600;

// degrade_reason holds why the HMS is restricted or locked; full and setup modes have none.
QString recordedReason(const LicenseStatus &s)
{
    return s.mode() == LicenseMode::Full || s.mode() == LicenseMode::Setup ? QString() : s.reason;
}
} // namespace

bool LicenseManager::needsRecording(const LicenseCheckRow &row, const LicenseCheck &c)
{
    return row.state != c.status.stateName() || row.degradeReason != recordedReason(c.status) || !row.lastSeenAt.isValid()
        || row.lastSeenAt.secsTo(c.evaluatedAt) >= kLastSeenGranularitySecs;
}

LicenseCheck LicenseManager::check(const QDateTime &at, bool record)
{
    std::optional<LicenseCheckRow> row = m_store.loadForCheck();
    if (row && !m_unsavedVerdict.isEmpty())
        row->serverState = m_unsavedVerdict; // (in memory only; see m_unsavedVerdict)
    LicenseCheck c = evaluateRow(row, at);
    m_lastStatus = c.status;
    if (!record || m_db.isReadOnly() || !row || !needsRecording(*row, c))
        return c;

    // Decide again inside one write transaction: another process (the tray, a cron heartbeat)
    // may have changed the row, and a state change must be audited exactly once.
    // If that transaction cannot begin (another process holds the lock too long), the evaluation
    // stands and is recorded by the next check.
    Database::WriteTransaction tx(m_db);
    if (!tx.isActive())
        return c;
    row = m_store.loadForCheck();
    c = evaluateRow(row, at);
    m_lastStatus = c.status;
    if (!row || writeState(*row, c.status, c.evaluatedAt, {}))
        tx.commit();
    return c;
}

bool LicenseManager::writeState(const LicenseCheckRow &row, const LicenseStatus &status, const QDateTime &at, const QJsonObject &extra)
{
    LicenseCheck probe;
    probe.status = status;
    probe.evaluatedAt = at;
    if (!needsRecording(row, probe))
        return true;
    const QString state = status.stateName();
    const QDateTime lastSeen = row.lastSeenAt.isValid() && row.lastSeenAt > at ? row.lastSeenAt : at;
    bool ok = m_store.recordEvaluation(state, status.hotelhubStatus(), recordedReason(status), lastSeen, at);
    if (ok && (row.state != state || row.degradeReason != recordedReason(status))) {
        QJsonObject meta{{QStringLiteral("from"), row.state}, {QStringLiteral("to"), state},
                         {QStringLiteral("reason"), status.reason}, {QStringLiteral("mode"), status.modeName()}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            meta.insert(it.key(), it.value());
        ok = m_audit->appendWithinTransaction(QStringLiteral("license.") + state, meta);
        log(status.mode() == LicenseMode::Full ? 0 : 1, QStringLiteral("license.") + state, meta);
    }
    return ok;
}

bool LicenseManager::recordState(const LicenseStatus &status, const QDateTime &at, const QJsonObject &extra)
{
    if (m_db.isReadOnly())
        return false;
    Database::WriteTransaction tx(m_db);
    if (!tx.isActive())
        return false;
    const std::optional<LicenseCheckRow> row = m_store.loadForCheck();
    return row && writeState(*row, status, at.toUTC(), extra) && tx.commit();
}

StatusReport LicenseManager::statusReport(const QDateTime &at, bool record)
{
    StatusReport r;
    static_cast<LicenseCheck &>(r) = check(at, record);
    r.row = m_store.load();
    const UsageCounts u = usage();
    r.rooms = u.rooms;
    r.users = u.users;
    if (r.row) {
        const LocalLicense &row = *r.row;
        r.nextHeartbeat = nextHeartbeat(row, r.evaluatedAt);
        if (r.nextHeartbeat.isValid() && row.nextHeartbeatAt.isValid() && row.nextHeartbeatAt > r.evaluatedAt)
            r.nextHeartbeat = std::min(r.nextHeartbeat, row.nextHeartbeatAt);
    }
    return r;
}

bool LicenseManager::storePairing(const QByteArray &token, const QString &licenseKeyHash, QString *error)
{
    const TokenStoreResult r = storeToken(token, TokenUpdate::Pair, licenseKeyHash, {m_clock.now(), true, QStringLiteral("ok"), {}, {}, {}, {}, {}});
    *error = r.ok ? r.warning : r.error;
    return r.ok;
}

QDateTime LicenseManager::offlineUntil(const LocalLicense &row)
{
    const std::optional<QByteArray> token = row.isPaired() ? decryptToken(row.installId, row.tokenEncrypted) : std::nullopt;
    const TokenVerification v = token ? authenticToken(*token) : TokenVerification();
    return v.claims && v.claims->isOffline() ? v.claims->expiresAt : QDateTime();
}

QDateTime LicenseManager::nextHeartbeat(const LocalLicense &row, const QDateTime &now)
{
    if (!row.isPaired())
        return {};
    ScheduleInput input{row.lastHeartbeatSuccessAt, row.lastHeartbeatAttemptAt, row.heartbeatFailures,
                        installOffsetMinutes(row.installId), row.installId, now, m_clock.timeZone()};
    if (const QDateTime until = offlineUntil(row); until.isValid() && now < until) {
        // No internet is expected here: the next daily slot after the last try (or the activation).
        input.lastSuccess = std::max({row.lastHeartbeatSuccessAt, row.lastHeartbeatAttemptAt, row.pairedAt});
        input.failuresInRow = 0;
    }
    input.suspended = row.serverState == QLatin1String("suspended");
    QDateTime due = nextHeartbeatDue(input);
    if (const QDateTime notBefore = retryNotBefore(row, now); notBefore.isValid())
        due = std::max(due, notBefore);
    return due;
}

QDateTime LicenseManager::retryNotBefore(const LocalLicense &row, const QDateTime &now)
{
    // recordFailedExchange keeps the Retry-After in next_heartbeat_at, never past a day after
    // the attempt; a row from a clock that has since gone back is not honoured.
    if (row.heartbeatFailures == 0 || !row.lastHeartbeatAttemptAt.isValid() || !row.nextHeartbeatAt.isValid()
        || row.lastHeartbeatAttemptAt > now || row.nextHeartbeatAt > row.lastHeartbeatAttemptAt.addSecs(kMaxRetryAfterSecs))
        return {};
    return row.nextHeartbeatAt;
}

bool LicenseManager::driftPending(const LocalLicense &row)
{
    if (!row.isPaired())
        return false;
    const FingerprintComponents now = currentComponents(row.installId);
    return now.fingerprint() != row.fingerprint && FingerprintComponents::healableDrift(now.changedSince(row.fingerprintComponents), row.serverState);
}

bool LicenseManager::insertHistory(const ExchangeRecord &exchange)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO heartbeat_history (attempted_at, success, code, server_time) VALUES (?, ?, ?, ?)"));
    q.addBindValue(toStorage(exchange.at));
    q.addBindValue(exchange.success ? 1 : 0);
    q.addBindValue(exchange.code);
    q.addBindValue(exchange.serverTime.isValid() ? QVariant(toStorage(exchange.serverTime)) : QVariant(QMetaType::fromType<QString>()));
    if (!q.exec())
        return false;
    // The tray charts the last 30; a year of daily beats with retries is plenty for support.
    return QSqlQuery(m_db.connection())
        .exec(QStringLiteral("DELETE FROM heartbeat_history WHERE id <= (SELECT MAX(id) FROM heartbeat_history) - 1000"));
}

QList<HeartbeatHistoryEntry> LicenseManager::heartbeatHistory(int limit)
{
    QList<HeartbeatHistoryEntry> out;
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT attempted_at, success, code, server_time FROM heartbeat_history ORDER BY id DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return out;
    while (q.next())
        out.prepend({fromStorage(q.value(0).toString()), q.value(1).toInt() != 0, q.value(2).toString(), fromStorage(q.value(3).toString())});
    return out;
}

bool LicenseManager::dismissWarning(const QDateTime &now)
{
    const bool ok = m_store.setDismissedUntil(now.addSecs(24 * 3600));
    if (ok)
        m_audit->append(QStringLiteral("license.banner_dismissed"), {{QStringLiteral("until"), toStorage(now.addSecs(24 * 3600))}});
    return ok;
}

QByteArray LicenseManager::sealSecret(const QByteArray &plain, const QByteArray &purpose)
{
    const BootstrapResult b = bootstrap(false);
    if (!b.ok)
        return {};
    const TokenVault *vault = m_secrets.vault(b.installId, true);
    return vault ? vault->seal(plain, purpose) : QByteArray();
}

std::optional<QByteArray> LicenseManager::openSecret(const QByteArray &sealed, const QByteArray &purpose)
{
    const std::optional<LocalLicense> row = m_store.load();
    if (!row)
        return std::nullopt;
    const TokenVault *vault = m_secrets.vault(row->installId, false);
    return vault ? vault->open(sealed, purpose) : std::nullopt;
}

std::optional<QByteArray> LicenseManager::currentToken(QString *error, bool *notPaired)
{
    const std::optional<LocalLicense> row = m_store.load();
    if (notPaired)
        *notPaired = !row || !row->isPaired();
    if (!row || !row->isPaired()) {
        *error = tr("This installation is not paired with a licence.");
        return std::nullopt;
    }
    auto token = decryptToken(row->installId, row->tokenEncrypted);
    // An unreachable password store is not a copied folder (helper-41: the heartbeat's detail still
    // said "the data folder was copied, or the key store was reset" beside keystore_unavailable).
    if (!token && m_secrets.storeUnreachable())
        *error = tr("The password store holding this installation's key did not answer: %1").arg(m_secrets.errorString());
    else if (!token)
        *error = tr("The stored licence token cannot be decrypted on this installation (the data folder was copied, or the key store was reset).");
    return token;
}

std::optional<LocalLicense> LicenseManager::rowForToken(QString *error)
{
    if (std::optional<LocalLicense> row = m_store.load())
        return row;
    const BootstrapResult b = bootstrap(false);
    if (!b.ok) {
        *error = b.error;
        return std::nullopt;
    }
    return m_store.load();
}

QStringList LicenseManager::applyToken(LocalLicense &row, const TokenClaims &claims, const TokenUpdate kind, const QString &licenseKeyHash,
                                       const FingerprintComponents &components, const ExchangeRecord &exchange, const QDateTime &now)
{
    QStringList rebound;
    if (kind == TokenUpdate::Pair || kind == TokenUpdate::Migrate || kind == TokenUpdate::Offline) {
        const bool samePairing = row.isPaired() && row.licenseKeyHash == licenseKeyHash && row.fingerprint == components.fingerprint();
        row.fingerprint = components.fingerprint();
        row.fingerprintComponents = components.hashed();
        row.licenseKeyHash = licenseKeyHash;
        if (!samePairing || kind == TokenUpdate::Migrate)
            row.pairedAt = now;
    } else if (row.fingerprint != components.fingerprint()) {
        // The vendor signed a token for this machine as it is now, while the row still holds the
        // old binding: a self-healed rebind (new network card, OS upgrade).
        rebound = components.changedSince(row.fingerprintComponents);
        if (rebound.isEmpty())
            rebound << QStringLiteral("fingerprint");
        row.fingerprint = components.fingerprint();
        row.fingerprintComponents = components.hashed();
    }
    if (kind != TokenUpdate::Offline) {
        // An offline answer is no heartbeat: the schedule keeps trying, quietly, for the day the
        // network appears (the status policy reads the answer's exp instead).
        row.lastHeartbeatSuccessAt = now;
        row.lastHeartbeatAttemptAt = now;
        row.heartbeatFailures = 0;
        row.lastFailureReason.clear();
    }
    row.graceUntil = claims.expiresAt;
    row.validUntil = claims.validUntil;
    row.plan = claims.plan;
    row.features = claims.features;
    row.maxRooms = claims.maxRooms();
    row.maxUsers = claims.maxUsers();
    row.maxProperties = claims.maxProperties();
    row.serverState.clear(); // a fresh token means the server accepts this install now
    if (exchange.serverTime.isValid())
        row.lastServerTime = exchange.serverTime;
    if (exchange.clockSkewSecs)
        row.clockSkewSeconds = exchange.clockSkewSecs;
    row.lastSeenAt = std::max(row.lastSeenAt, now);
    row.updatedAt = now;
    return rebound;
}

namespace {
// The audit event a stored token writes (none for a renewal, or a repeated pair).
QString tokenAction(TokenUpdate kind, bool newPairing)
{
    switch (kind) {
    case TokenUpdate::Pair: return newPairing ? QStringLiteral("license.paired") : QString();
    case TokenUpdate::Migrate: return QStringLiteral("license.migrated");
    case TokenUpdate::Rotate: return QStringLiteral("license.token_rotated");
    case TokenUpdate::Renew: return {};
    case TokenUpdate::Offline: return newPairing ? QStringLiteral("license.offline_activated") : QStringLiteral("license.offline_renewed");
    }
    Q_UNREACHABLE();
}
} // namespace

TokenStoreResult LicenseManager::storeToken(const QByteArray &token, TokenUpdate kind, const QString &licenseKeyHash, const ExchangeRecord &exchange)
{
    TokenStoreResult result;
    std::optional<LocalLicense> loaded = rowForToken(&result.error);
    if (!loaded)
        return result;
    LocalLicense row = *loaded;
    const PinnedKey &pin = pinnedKey();
    if (!pin.intact) {
        result.error = pin.problem;
        return result;
    }
    const bool binding = kind == TokenUpdate::Pair || kind == TokenUpdate::Migrate || kind == TokenUpdate::Offline;
    if (!binding && !row.isPaired()) {
        result.error = tr("This installation is not paired with a licence.");
        return result;
    }
    const FingerprintComponents components = currentComponents(row.installId);
    const QDateTime now = m_clock.now();
    const TokenAcceptance accepted = acceptToken(token, pin.key.get(),
                                                 {now, components.fingerprint(), row.installId, binding ? licenseKeyHash : row.licenseKeyHash, binding});
    if (accepted.verification.authentic()) {
        // Its signature holds: the evaluations that follow need not check it again.
        m_verifiedToken = token;
        m_verifiedResult = accepted.verification;
        m_verifiedResult.error = TokenError::None;
        m_verifiedResult.detail.clear();
    }
    result.tokenError = accepted.error;
    if (!accepted.ok()) {
        result.error = accepted.problem;
        return result;
    }
    const TokenClaims &claims = *accepted.verification.claims;
    result.claims = claims;
    // The token held until now, read once for the two checks below that compare with it (not
    // through authenticToken: its memo keeps the new token's result).
    std::optional<std::optional<TokenClaims>> heldMemo;
    const auto heldClaims = [&]() -> const std::optional<TokenClaims> & {
        if (!heldMemo) {
            const auto held = row.tokenEncrypted.isEmpty() ? std::nullopt : decryptToken(row.installId, row.tokenEncrypted);
            heldMemo = held ? verifyToken(*held, pin.key.get()).claims : std::nullopt;
        }
        return *heldMemo;
    };
    // A vendor whose clock is well behind signs a successor that ends early by this computer's
    // clock: taking it would shorten the grace this install holds (a vendor's wrong clock
    // restricting an honest hotel). The token held is kept; the caller reports clock_skew.
    if (!binding && exchange.clockSkewSecs && qAbs(*exchange.clockSkewSecs) > kMaxClockSkewSecs) {
        if (heldClaims() && claims.expiresAt < heldClaims()->expiresAt) {
            result.tokenError = TokenError::Expired;
            result.error = tr("the licence server's clock is %n minute(s) off, and its token would end before the one this installation holds; "
                              "the one held is kept", "", int(qAbs(*exchange.clockSkewSecs) / 60));
            return result;
        }
    }
    const QByteArray sealed = sealToken(row.installId, token, &result.error);
    if (sealed.isEmpty())
        return result;
    const bool newPairing = !(row.isPaired() && row.licenseKeyHash == licenseKeyHash && row.fingerprint == components.fingerprint());
    // Server time wins (STATUS_POLICY row 7: clock_invalid "cleared by the next successful online
    // heartbeat"): a token newer than the one held, signed at a time this computer's clock agrees
    // with, vouches for the clock, and a last-seen moment that a wrong clock once pushed ahead comes
    // back to now. Before, it stayed ahead, and the hotel stayed restricted until the calendar
    // caught up with it. A replayed older token, or one signed far from this clock, vouches for nothing.
    // The vendor's answer came now too: a newer token whose reply's server time agrees with this
    // clock vouches as well. A successor the vendor had issued earlier and sent again (its answer
    // to the first try was lost) was signed minutes or hours before, and one successful heartbeat
    // left the hotel restricted for a wrong clock it no longer had (helper-40).
    const bool replyAgrees = exchange.serverTime.isValid() && qAbs(exchange.serverTime.secsTo(now)) <= kMaxClockSkewSecs;
    bool clockVouched = false;
    if (kind != TokenUpdate::Offline && (qAbs(claims.issuedAt.secsTo(now)) <= kMaxClockSkewSecs || replyAgrees)) {
        clockVouched = !heldClaims() || claims.issuedAt > heldClaims()->issuedAt;
    }
    result.rebound = applyToken(row, claims, kind, licenseKeyHash, components, exchange, now);
    if (clockVouched)
        row.lastSeenAt = now;
    row.tokenEncrypted = sealed;
    row.nextHeartbeatAt = nextHeartbeat(row, now);
    const QString action = tokenAction(kind, newPairing);
    QJsonObject meta{{QStringLiteral("install_id"), row.installId}, {QStringLiteral("plan"), claims.plan},
                           {QStringLiteral("valid_until"), toStorage(claims.validUntil)}, {QStringLiteral("license_id"), claims.subject}};
    if (kind == TokenUpdate::Migrate)
        meta.insert(QStringLiteral("reason"), exchange.reason);
    if (kind == TokenUpdate::Offline)
        meta.insert(QStringLiteral("offline_until"), toStorage(claims.expiresAt));
    if (!persistToken(row, kind, exchange, action, meta, result.rebound, &result.error))
        return result;
    result.ok = true;
    if (!result.rebound.isEmpty())
        m_components.reset(); // the new binding decides the MAC component from now on
    // The state column moves (and is audited once) through the one evaluation path.
    check(now, true);
    // The .env copy is written with every pairing, move or offline answer, and again by any later
    // token (a heartbeat) while it is missing or stale there: a write refused once (a line the
    // HMS cannot read, a full disk) is made good once the owner fixed the file.
    if (binding || !envHoldsBinding(row))
        result.warning = copyBindingToEnv(row);
    return result;
}

QByteArray LicenseManager::sealToken(const QString &installId, const QByteArray &token, QString *error)
{
    const TokenVault *vault = m_secrets.vault(installId, true);
    if (!vault) {
        *error = tr("Cannot create the encryption key for the licence token: %1").arg(m_secrets.errorString());
        return {};
    }
    return vault->seal(token);
}

bool LicenseManager::persistToken(const LocalLicense &row, TokenUpdate kind, const ExchangeRecord &exchange, const QString &action,
                                  const QJsonObject &meta, const QStringList &rebound, QString *error)
{
    const QJsonObject reboundMeta{{QStringLiteral("changed"), QJsonArray::fromStringList(rebound)},
                                  {QStringLiteral("message"), QStringLiteral("kartu jaringan berganti; lisensi disesuaikan otomatis")}};
    Database::WriteTransaction tx(m_db);
    bool ok = tx.isActive() && m_store.save(row);
    if (ok && kind == TokenUpdate::Renew)
        ok = insertHistory(exchange);
    if (ok && kind == TokenUpdate::Offline) {
        // The answer's request is spent with the token stored: an answer applies once.
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("UPDATE offline_requests SET used_at = ? WHERE nonce = ? AND used_at IS NULL"));
        q.addBindValue(toStorage(exchange.at));
        q.addBindValue(exchange.offlineNonce);
        ok = q.exec() && q.numRowsAffected() == 1;
    }
    if (ok && !action.isEmpty())
        ok = m_audit->appendWithinTransaction(action, meta);
    if (ok && !rebound.isEmpty())
        ok = m_audit->appendWithinTransaction(QStringLiteral("license.rebound"), reboundMeta);
    if (!ok || !tx.commit()) {
        *error = tr("Cannot save the licence token in the licence database: %1").arg(writeFailure(tx, m_store.errorString() + m_audit->errorString()));
        return false;
    }
    m_unsavedVerdict.clear(); // a token the vendor renewed or issued: any earlier refusal is over
    if (!action.isEmpty())
        log(0, action, meta);
    if (!rebound.isEmpty())
        log(0, QStringLiteral("license.rebound"), reboundMeta);
    return true;
}

bool LicenseManager::envHoldsBinding(const LocalLicense &row) const
{
    return !m_env.hasUnsavedEdits() && envBindingDifferences(row).isEmpty();
}

QStringList LicenseManager::envBindingDifferences(const LocalLicense &row) const
{
    QStringList differ;
    for (const auto &[key, value] : {std::pair{QStringLiteral("LICENSE_KEY_HASH"), row.licenseKeyHash},
                                     std::pair{QStringLiteral("LICENSE_INSTALL_ID"), row.installId},
                                     std::pair{QStringLiteral("LICENSE_FINGERPRINT"), row.fingerprint}}) {
        if (m_env.value(key) != value)
            differ << key;
    }
    return differ;
}

QString LicenseManager::ensureEnvBinding()
{
    const std::optional<LocalLicense> row = m_store.load();
    if (!row || !row->isPaired() || envHoldsBinding(*row) || m_db.isReadOnly())
        return {};
    // A settings file that is gone is not made anew with three lines: the HMS's own settings, and
    // a self-hosted licence server's address and key, would be lost without a word, and the
    // owner sent to pair again (helper-52). It is said instead, until it is restored.
    if (const QString missing = settingsFileMissing(); !missing.isEmpty())
        return missing;
    return copyBindingToEnv(*row);
}

QString LicenseManager::settingsFileMissing() const
{
    if (m_paths.envFile.isEmpty())
        return {};
    const QFileInfo file(m_paths.envFile);
    if (file.exists() && file.size() > 0)
        return {};
    return tr("The settings file %1 is missing. Restore it from a backup (it holds HotelHub's settings, and may name this "
              "installation's licence server and its key); the licence lines are written back into it afterwards.")
        .arg(QDir::toNativeSeparators(m_paths.envFile));
}

QString LicenseManager::copyBindingToEnv(const LocalLicense &row)
{
    m_env.set(QStringLiteral("LICENSE_KEY_HASH"), row.licenseKeyHash);
    m_env.set(QStringLiteral("LICENSE_INSTALL_ID"), row.installId);
    m_env.set(QStringLiteral("LICENSE_FINGERPRINT"), row.fingerprint);
    if (m_env.save())
        return {};
    // The pairing itself is stored; the .env copy is for the HMS and can be written later.
    log(1, QStringLiteral("license.env_write_failed"), {{QStringLiteral("file"), m_paths.envFile}});
    return m_env.errorString();
}

bool LicenseManager::recordFailedExchange(const ExchangeRecord &exchange, QString *error)
{
    // A lock verdict holds in memory when it cannot be saved (a token refusal does not: it may be
    // a sibling runner's race, which the next exchange settles).
    const bool lockVerdict = !exchange.serverVerdict.isEmpty() && exchange.serverVerdict != serverVerdictName(ServerVerdict::TokenRefused);
    auto keepUnsaved = qScopeGuard([this, &exchange, lockVerdict] {
        if (lockVerdict)
            m_unsavedVerdict = exchange.serverVerdict;
    });
    Database::WriteTransaction tx(m_db);
    std::optional<LocalLicense> row = tx.isActive() ? m_store.load() : std::nullopt;
    if (!row) {
        *error = tr("Cannot read the licence database: %1").arg(writeFailure(tx, m_store.errorString()));
        return false;
    }
    row->lastHeartbeatAttemptAt = exchange.at;
    row->heartbeatFailures += 1;
    row->lastFailureReason = exchange.code;
    if (!exchange.serverVerdict.isEmpty())
        row->serverState = exchange.serverVerdict;
    if (!exchange.supportPhone.isEmpty() || !exchange.supportEmail.isEmpty())
        row->vendorContact = {{QStringLiteral("phone"), exchange.supportPhone}, {QStringLiteral("email"), exchange.supportEmail}};
    if (exchange.serverTime.isValid())
        row->lastServerTime = exchange.serverTime;
    // An expired licence's end as the vendor says it now: a licence cut short (`extend --until` a
    // past date) read "Licence expired" beside the token's later date (helper-41).
    if (exchange.serverVerdict == serverVerdictName(ServerVerdict::Expired) && exchange.vendorValidUntil.isValid())
        row->validUntil = exchange.vendorValidUntil;
    if (exchange.clockSkewSecs)
        row->clockSkewSeconds = exchange.clockSkewSecs;
    row->updatedAt = exchange.at;
    row->nextHeartbeatAt = {};
    row->nextHeartbeatAt = nextHeartbeat(*row, exchange.at);
    if (exchange.retryAfterSecs) // the server asked for a pause: the ladder waits at least that long
        row->nextHeartbeatAt = std::max(row->nextHeartbeatAt, exchange.at.addSecs(std::clamp<qint64>(*exchange.retryAfterSecs, 0, kMaxRetryAfterSecs)));
    const bool ok = m_store.save(*row) && insertHistory(exchange);
    if (!ok || !tx.commit()) {
        *error = tr("Cannot record the heartbeat in the licence database: %1").arg(writeFailure(tx, m_store.errorString()));
        return false;
    }
    keepUnsaved.dismiss();
    m_unsavedVerdict.clear(); // the store holds what the vendor said now
    log(1, QStringLiteral("license.heartbeat_failed"), {{QStringLiteral("code"), exchange.code},
                                                        {QStringLiteral("failures_in_row"), row->heartbeatFailures}});
    check(exchange.at, true);
    return true;
}

bool LicenseManager::forgetPairing(const QString &reason, QString *error, QString *envWarning)
{
    std::optional<LocalLicense> row = m_store.load();
    if (!row) {
        *error = tr("Cannot read the licence database: %1").arg(m_store.errorString());
        return false;
    }
    const QDateTime now = m_clock.now();
    row->tokenEncrypted.clear();
    row->licenseKeyHash.clear();
    row->pairedAt = {};
    row->serverState.clear();
    row->graceUntil = {};
    row->validUntil = {};
    row->plan.clear();
    row->features = {};
    row->maxRooms = row->maxUsers = row->maxProperties = 0;
    row->heartbeatFailures = 0;
    row->lastFailureReason.clear();
    row->nextHeartbeatAt = {};
    row->state = QStringLiteral("unpaired"); // audited below with the reason, not again by check()
    row->status = QStringLiteral("unpaired");
    row->degradeReason.clear();
    row->updatedAt = now;
    Database::WriteTransaction tx(m_db);
    const bool ok = tx.isActive() && m_store.save(*row)
        && m_audit->appendWithinTransaction(QStringLiteral("license.unpaired"), {{QStringLiteral("install_id"), row->installId},
                                                                                 {QStringLiteral("reason"), reason}});
    if (!ok || !tx.commit()) {
        *error = tr("Cannot record the unpairing in the licence database: %1").arg(writeFailure(tx, m_store.errorString() + m_audit->errorString()));
        return false;
    }
    log(0, QStringLiteral("license.unpaired"), {{QStringLiteral("install_id"), row->installId}});
    check(now, true);
    m_env.set(QStringLiteral("LICENSE_KEY_HASH"), QString());
    m_env.set(QStringLiteral("LICENSE_FINGERPRINT"), QString());
    if (!m_env.save()) {
        log(1, QStringLiteral("license.env_write_failed"), {{QStringLiteral("file"), m_paths.envFile}});
        if (envWarning)
            *envWarning = m_env.errorString();
    }
    return true;
}

LicenceTerms StatusReport::terms() const
{
    LicenceTerms t;
    if (claims) {
        t.known = true;
        t.plan = claims->plan;
        t.validUntil = claims->validUntil;
        // The vendor said "expired" with an earlier end than the token's: its word is the newer.
        if (row && row->serverState == serverVerdictName(ServerVerdict::Expired) && row->validUntil.isValid() && row->validUntil < t.validUntil)
            t.validUntil = row->validUntil;
        t.graceUntil = claims->expiresAt;
        t.features = claims->features;
        t.maxRooms = claims->maxRooms();
        t.maxUsers = claims->maxUsers();
    } else if (row && row->isPaired()) {
        t.known = true;
        t.plan = row->plan;
        t.validUntil = row->validUntil;
        t.graceUntil = row->graceUntil;
        t.features = row->features;
        t.maxRooms = row->maxRooms;
        t.maxUsers = row->maxUsers;
    }
    return t;
}

QJsonObject LicenseManager::statusJson(const StatusReport &c)
{
    auto isoSecs = [](const QDateTime &t) { return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue(); };
    auto date = [](const QDateTime &t) { return t.isValid() ? QJsonValue(t.toUTC().date().toString(Qt::ISODate)) : QJsonValue(); };
    const LicenseStatus &s = c.status;
    QJsonObject o;
    o.insert(QStringLiteral("status"), s.hotelhubStatus());
    o.insert(QStringLiteral("state"), s.stateName());
    o.insert(QStringLiteral("mode"), s.modeName());
    o.insert(QStringLiteral("reason"), s.reason);
    // Without a readable token (the password store does not answer) the row's clear copies say
    // what the licence was: `status` printed Plan and Valid until as "–" (helper-39).
    const LicenceTerms terms = c.terms();
    o.insert(QStringLiteral("plan"), terms.plan.isEmpty() ? QJsonValue() : QJsonValue(terms.plan));
    o.insert(QStringLiteral("valid_until"), date(terms.validUntil));
    o.insert(QStringLiteral("last_heartbeat"), isoSecs(c.row ? c.row->lastHeartbeatSuccessAt : QDateTime()));
    o.insert(QStringLiteral("next_heartbeat"), c.row && c.row->isPaired() ? isoSecs(c.nextHeartbeat) : QJsonValue());
    o.insert(QStringLiteral("grace_until"), date(terms.graceUntil));
    o.insert(QStringLiteral("features"), terms.features);
    o.insert(QStringLiteral("usage"), QJsonObject{{QStringLiteral("rooms"), c.rooms},
                                                  {QStringLiteral("max_rooms"), terms.maxRooms},
                                                  {QStringLiteral("users"), c.users},
                                                  {QStringLiteral("max_users"), terms.maxUsers}});
    o.insert(QStringLiteral("days_overdue"), s.state == LicenseState::Unpaired ? 0 : s.heartbeatAgeDays);
    o.insert(QStringLiteral("days_left"), s.daysLeft ? QJsonValue(*s.daysLeft) : QJsonValue());
    if (s.offline) {
        o.insert(QStringLiteral("offline"), true);
        o.insert(QStringLiteral("offline_until"), isoSecs(s.graceUntil));
    }
    o.insert(QStringLiteral("install_id"), c.row ? QJsonValue(c.row->installId) : QJsonValue());
    o.insert(QStringLiteral("fingerprint"), c.row ? QJsonValue(c.row->fingerprint) : QJsonValue());
    if (c.row && !c.changedComponents.isEmpty()) {
        o.insert(QStringLiteral("current_fingerprint"), c.current.fingerprint());
        o.insert(QStringLiteral("changed_components"), QJsonArray::fromStringList(c.changedComponents));
    }
    o.insert(QStringLiteral("evaluated_at"), isoSecs(c.evaluatedAt));
    return o;
}

} // namespace hotelhub
