#include "LicenseClient.h"

#include "Database.h"
#include "DiskSpace.h"
#include "SupportContact.h"
#include "SmallFile.h"
#include "Clock.h"
#include "EnvFile.h"
#include "Jws.h"
#include "LicenseKey.h"
#include "ExchangeLock.h"
#include "Diagnostic.h"
#include "Redact.h"
#include "SignedVerdict.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSysInfo>
#include <QTimeZone>

#include <algorithm>

namespace hotelhub {

ClientSettings ClientSettings::fromEnv(const EnvFile &env, const QString &envDir)
{
    ClientSettings s;
    const QString base = env.value(QStringLiteral("LICENSE_VENDOR_BASE_URL")).trimmed();
    s.vendorUrl = QUrl(base.isEmpty() ? defaultVendorUrl() : base, QUrl::StrictMode);
    // Written on a line the HMS cannot load, it is no address at all, not the default one: the
    // heartbeat went to the default vendor and was told "check the internet" (helper-57). Nothing
    // is sent then; the line is the step.
    if (const QList<EnvFile::Problem> why = env.whyNotLoaded(QStringLiteral("LICENSE_VENDOR_BASE_URL")); !why.isEmpty()) {
        s.vendorUrl = QUrl();
        QStringList lines;
        for (const EnvFile::Problem &p : why)
            lines << EnvFile::lineText(p);
        s.vendorUrlProblem = lines.join(u' ');
    }
    s.timeoutMs = timeoutFromEnv(env, s.timeoutMs, &s.warning);
    s.helpBase = env.value(QStringLiteral("LICENSE_HELP_URL"));
    s.supportPhone = env.value(QStringLiteral("SUPPORT_PHONE"));
    s.supportEmail = env.value(QStringLiteral("SUPPORT_EMAIL"));
    const QString caFile = env.value(QStringLiteral("LICENSE_CA_FILE"));
    if (!caFile.isEmpty()) {
        const QString path = QDir(envDir).absoluteFilePath(caFile);
        QString why;
        if (const auto pem = SmallFile::read(path, &why))
            s.caCertificates = QSslCertificate::fromData(*pem, QSsl::Pem);
        if (s.caCertificates.isEmpty())
            s.problem = why.isEmpty() ? tr("LICENSE_CA_FILE %1 cannot be read or holds no PEM certificate.").arg(QDir::toNativeSeparators(path))
                                      : tr("LICENSE_CA_FILE cannot be used: %1.").arg(why);
    }
    return s;
}

int ClientSettings::timeoutFromEnv(const EnvFile &env, int defaultMs, QString *warning)
{
    const QString given = env.value(QStringLiteral("LICENSE_TIMEOUT_SECONDS")).trimmed();
    bool ok = false;
    const int secs = given.toInt(&ok);
    if (ok && secs > 0 && secs <= 300)
        return secs * 1000;
    // A typo here was used as the default without a word: a support engineer who set "30s" for a
    // slow island link saw the old time-outs go on.
    if (!given.isEmpty())
        *warning = tr("LICENSE_TIMEOUT_SECONDS \"%1\" is not a whole number of seconds from 1 to 300; %2 seconds are used instead.")
                       .arg(LicenseKey::maskInText(plainLine(given, 40)))
                       .arg(defaultMs / 1000);
    // On a line the HMS cannot load it gives no value, which was taken for "not set" without a
    // word in the diagnostic's settings row (helper-57).
    else if (const QList<EnvFile::Problem> why = env.whyNotLoaded(QStringLiteral("LICENSE_TIMEOUT_SECONDS")); !why.isEmpty())
        *warning = tr("%1 %2 seconds are used instead.").arg(EnvFile::lineText(why.first())).arg(defaultMs / 1000);
    return defaultMs;
}

VendorClientOptions ClientSettings::clientOptions() const
{
    VendorClientOptions o;
    o.baseUrl = vendorUrl;
    o.baseUrlProblem = vendorUrlProblem;
    o.timeoutMs = timeoutMs;
    o.extraCaCertificates = caCertificates;
    return o;
}

ClientOutcome ClientOutcome::fromReply(const VendorResult &reply)
{
    ClientOutcome o;
    o.reply = reply;
    o.error = reply.error;
    o.detail = reply.detail;
    return o;
}

QString ClientOutcome::code() const
{
    return fullDisk.isEmpty() ? VendorErrors::code(error) : QStringLiteral("disk_full");
}

VendorErrorText ClientOutcome::text(const ClientSettings &settings) const
{
    const SupportContact contact = SupportContact::choose(reply.supportPhone, reply.supportEmail, settings.supportPhone, settings.supportEmail);
    VendorErrorText t = VendorErrors::describe(error, contact.phone, contact.email, settings.helpBase);
    if (!fullDisk.isEmpty()) {
        // Whichever file refused first (the lock file, secret.key, the database): the same words
        // in the CLI, the tray and the wizard, and only space to free as the next step.
        t.code = QStringLiteral("disk_full");
        t.helpUrl = VendorErrors::helpUrl(settings.helpBase, t.code); // (it pointed at #local_error; helper-38)
        t.message = DiskSpace::fullMessage(fullDisk);
        t.action.clear(); // (the message ends with it)
        return t;
    }
    if (!localFix.isEmpty())
        t.action = localFix;
    if (!refusedHere.isEmpty()) {
        t.message = refusedHere;
        t.action = QCoreApplication::translate("LicenseClient", "Give it again as asked; nothing was sent to the licence server.");
    }
    // Moved to another installation while nothing here changed: what `status` and the tray say
    // (helper-41: the heartbeat said "the hardware or the data folder changed" and offered only
    // the move back, with no contact).
    if (error == VendorError::FingerprintMismatch && status.state == LicenseState::FingerprintMismatch
        && status.reason == QLatin1String("moved_elsewhere")) {
        t.message = QCoreApplication::translate("StatusPresentation", "The vendor says this licence now belongs to another installation: it was moved there.");
        t.action = QCoreApplication::translate("StatusPresentation", "If this computer should keep the licence, move it back here (it uses one of the year's moves). "
                                                                     "If nobody here moved it, contact the vendor.");
        if (const QString line = VendorErrors::contactLine(contact.phone, contact.email); !line.isEmpty())
            t.action += u' ' + line;
    }
    if (error == VendorError::HttpError && VendorClient::isNoServiceStatus(reply.httpStatus))
        VendorErrors::sayNoService(&t, shownUrl(settings.vendorUrl.toString()), reply.httpStatus);
    if (error == VendorError::MigrationLimit) {
        const QDateTime next = parseUtcTimestamp(reply.json.value(QStringLiteral("next_migration_at")).toString());
        if (next.isValid())
            t.message += u' ' + VendorErrors::tr("The next move is possible from %1.").arg(displayDate(next));
    }
    if (error == VendorError::ClockSkew && reply.clockSkewSecs)
        t.message += u' ' + VendorErrors::skewText(*reply.clockSkewSecs, VendorClientOptions().maxClockSkewSecs);
    // A hotel whose HotelHub works (full mode) goes on working, and its heartbeat tries again by
    // itself; a pairing, a move or an unpairing is tried again only by the owner (it said "tried
    // again automatically"), and a restricted or locked HotelHub is not "working".
    if ((error == VendorError::ServerError || error == VendorError::IntermediaryRefusal) && status.mode() == LicenseMode::Full)
        t.action += u' ' + VendorErrors::tr("HotelHub keeps working meanwhile, and the heartbeat tries again by itself.");
    return t;
}

LicenseClient::LicenseClient(LicenseManager &manager, VendorClient &vendor, const Clock &clock, ClientSettings settings, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_vendor(vendor)
    , m_clock(clock)
    , m_settings(std::move(settings))
{
}

QPointer<VendorCall> LicenseClient::fail(VendorError error, const QString &detail, Done done, const QString &localFix)
{
    VendorResult r;
    r.error = error;
    r.detail = detail;
    // Refused before any network call (a malformed key, a local fault): the install's state is
    // what it was, never "unpaired" by default.
    const LicenseStatus status = m_manager.check(m_clock.now(), false).status;
    return m_vendor.immediate(r, [this, done, detail, status, localFix](const VendorResult &result) {
        ClientOutcome o = ClientOutcome::fromReply(result);
        o.detail = detail;
        o.status = status;
        // Never sent: not "the licence server rejected the request" with "update HotelHub" as
        // the step (helper-44), but what is wrong with it here.
        // A key that cannot be one is said as what is wrong with it (helper-50: "not in the right
        // format", the character it names only in the code line below).
        if (result.error == VendorError::InvalidRequest || result.error == VendorError::InvalidKey || result.error == VendorError::KeyRequired)
            o.refusedHere = detail;
        explainLocalFailure(o);
        if (o.error == VendorError::LocalError && !localFix.isEmpty())
            o.localFix = localFix;
        done(o);
    });
}

void LicenseClient::explainLocalFailure(ClientOutcome &o) const
{
    if (o.error != VendorError::LocalError)
        return;
    // The install's key could not be had from the OS password store: that is the cause to name,
    // whichever step needed it (decrypting the token for a heartbeat, sealing a new one).
    if (m_manager.keyStoreUnreachable()) {
        o.error = VendorError::KeystoreUnavailable;
        return;
    }
    const QString file = m_manager.paths().databaseFile();
    if (m_manager.database().hitDiskFull() || DiskSpace::nearlyFull(file)) {
        o.fullDisk = file;
        return;
    }
    // A data folder or database this user cannot write (or a disk mounted read-only): named, with
    // the storage check's fix, as `status` and the tray's start say it. "Cannot create the lock
    // file: the folder is not writable, or its disk is full or read-only" left the owner to guess
    // which, and the next step was "check what the detail says" (helper-40).
    for (const DiagnosticCheck &check : Diagnostic::storage(m_manager.paths(), m_manager.database())) {
        if (!check.ok && check.id != QLatin1String("disk_space")) {
            o.detail = check.detail;
            o.localFix = check.fix;
            return;
        }
    }
}

QPointer<VendorCall> LicenseClient::exclusive(Done done, Exchange start)
{
    struct State
    {
        QPointer<VendorCall> gate;
        QPointer<VendorCall> inner;
        bool finished = false;
    };
    auto state = std::make_shared<State>();
    auto lock = std::make_shared<ExchangeLock>(m_manager.paths().dataDir, m_settings.timeoutMs, m_settings.exchangeLockPollMs);
    auto finish = [this, lock, state, done](ClientOutcome o) {
        if (state->finished)
            return;
        state->finished = true;
        lock->release();
        VendorClient::finishGate(state->gate);
        explainLocalFailure(o);
        done(o);
    };
    state->gate = m_vendor.gate([lock, state, finish] {
        if (state->inner) {
            state->inner->cancel();
            return;
        }
        lock->abandon();
        ClientOutcome o;
        o.error = VendorError::Cancelled;
        finish(o);
    });
    // Stored timestamps keep milliseconds; a whole second back is "since I started waiting".
    const QDateTime since = QDateTime::fromSecsSinceEpoch(m_clock.now().toSecsSinceEpoch(), Qt::UTC);
    const int maxWaitMs = m_settings.timeoutMs + 10000; // the holder's own exchange is bounded by the timeout
    lock->acquire(maxWaitMs, [this, state, finish, start, since, lock, maxWaitMs](bool acquired, bool waited) {
        if (state->finished)
            return;
        if (!acquired) {
            ClientOutcome o;
            o.error = waited ? VendorError::ExchangeBusy : VendorError::LocalError;
            // Shown to the owner (the tray's window, the wizard): in the owner's language.
            o.detail = waited ? tr("another HotelHub program held %1 for over %2 s").arg(QDir::toNativeSeparators(lock->path())).arg(maxWaitMs / 1000)
                              : tr("cannot create the lock file %1: the data folder is not writable for this user, or its disk is full or read-only")
                                    .arg(QDir::toNativeSeparators(lock->path()));
            o.status = m_manager.check(m_clock.now(), false).status;
            state->inner = m_vendor.immediate(VendorResult(), [finish, o](const VendorResult &) { finish(o); });
            return;
        }
        state->inner = start(finish, waited, since);
    });
    return state->gate;
}

std::optional<ClientOutcome> LicenseClient::joinedHeartbeat(const QDateTime &since)
{
    const std::optional<LocalLicense> row = m_manager.loadRow();
    if (!row || !row->lastHeartbeatAttemptAt.isValid() || row->lastHeartbeatAttemptAt < since)
        return std::nullopt;
    ClientOutcome o;
    const bool succeeded = row->lastHeartbeatSuccessAt.isValid() && row->lastHeartbeatSuccessAt >= row->lastHeartbeatAttemptAt;
    if (!succeeded) {
        o.error = VendorErrors::fromCode(row->lastFailureReason);
        if (o.error == VendorError::None)
            o.error = VendorError::LocalError;
    }
    o.detail = QStringLiteral("used the heartbeat another HotelHub program made at %1").arg(toStorage(row->lastHeartbeatAttemptAt));
    o.recorded = true;
    const LicenseCheck c = m_manager.check(m_clock.now(), false);
    o.status = c.status;
    o.claims = c.claims;
    return o;
}

ClientOutcome LicenseClient::wait(const std::function<QPointer<VendorCall>(Done)> &start)
{
    ClientOutcome outcome;
    bool finished = false;
    QEventLoop loop;
    start([&](const ClientOutcome &o) {
        outcome = o;
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return outcome;
}

QJsonObject LicenseClient::telemetry()
{
    const UsageCounts u = m_manager.usage();
    // Seconds since the computer started: QElapsedTimer's monotonic reference on Linux and
    // Windows alike, so no platform call is needed.
    QElapsedTimer timer;
    timer.start();
    const qint64 uptime = timer.msecsSinceReference() / 1000;
    return {{QStringLiteral("rooms"), u.rooms}, {QStringLiteral("users"), u.users}, {QStringLiteral("uptime"), uptime},
            {QStringLiteral("version"), QStringLiteral(HOTELHUB_VERSION)}};
}

QJsonObject LicenseClient::componentHashes()
{
    const std::optional<LocalLicense> row = m_manager.loadRow();
    if (!row)
        return {};
    // (ext) hashes only: the vendor learns which component changed, never a MAC or machine id.
    return m_manager.currentComponents(row->installId).hashedForVendor();
}

QJsonObject LicenseClient::machineInfo()
{
    // As plain lines the vendor takes (helper-50: a host name with an escape sequence made pair
    // refused as malformed, with "update HotelHub" as the step, and went raw into an offline
    // request, whose answer printed it to the vendor's terminal).
    return {{QStringLiteral("hostname"), plainLine(QSysInfo::machineHostName(), 255)}, {QStringLiteral("os"), plainLine(QSysInfo::prettyProductName(), 255)},
            {QStringLiteral("app_version"), QStringLiteral(HOTELHUB_VERSION)}};
}

ExchangeRecord LicenseClient::exchangeFor(const VendorResult &reply, bool success, const QString &code) const
{
    ExchangeRecord e;
    e.at = m_clock.now();
    e.success = success;
    e.code = code;
    e.serverTime = reply.serverTime;
    e.clockSkewSecs = reply.clockSkewSecs;
    e.retryAfterSecs = reply.retryAfterSecs;
    e.supportPhone = reply.supportPhone;
    e.supportEmail = reply.supportEmail;
    if (reply.error == VendorError::Expired)
        e.vendorValidUntil = parseUtcTimestamp(reply.json.value(QStringLiteral("valid_until")).toString());
    return e;
}

void LicenseClient::storeReceivedToken(ClientOutcome &o, const QJsonValue &tokenValue, TokenUpdate kind, const QString &keyHash, const QString &reason)
{
    const QByteArray token = tokenValue.toString().toLatin1();
    if (token.isEmpty()) {
        o.error = VendorError::GarbageReply;
        o.detail = QStringLiteral("the reply carries no token");
        return;
    }
    ExchangeRecord exchange = exchangeFor(o.reply, true, QStringLiteral("ok"));
    exchange.reason = reason;
    const TokenStoreResult stored = m_manager.storeToken(token, kind, keyHash, exchange);
    o.claims = stored.claims;
    o.rebound = stored.rebound;
    if (stored.ok) {
        if (!stored.warning.isEmpty())
            o.warning = stored.warning; // stored; only the .env copy failed
        return;
    }
    o.detail = stored.error;
    const bool timeProblem = stored.tokenError == TokenError::NotYetValid || stored.tokenError == TokenError::Expired;
    if (timeProblem && o.reply.clockSkewSecs && qAbs(*o.reply.clockSkewSecs) > m_vendor.options().maxClockSkewSecs)
        o.error = VendorError::ClockSkew;
    else if (stored.tokenError == TokenError::Malformed || stored.tokenError == TokenError::AlgorithmRejected
             || stored.tokenError == TokenError::BadSignature)
        o.error = VendorError::TokenRejected; // not the vendor this installation trusts
    else if (stored.tokenError != TokenError::None)
        o.error = VendorError::TokenClaims; // the vendor's signature, the wrong dates or machine
    else
        o.error = VendorError::LocalError;
}

VendorClient::Callback LicenseClient::storingToken(Done done, TokenUpdate kind, const QString &keyHash, const QString &reason)
{
    // pair, migrate and rotate-token all answer {token}: stored only once it verifies.
    return [this, done, kind, keyHash, reason](const VendorResult &r) {
        ClientOutcome o = ClientOutcome::fromReply(r);
        if (o.ok())
            storeReceivedToken(o, r.json.value(QStringLiteral("token")), kind, keyHash, reason);
        o.status = m_manager.check(m_clock.now(), false).status;
        done(o);
    };
}

QPointer<VendorCall> LicenseClient::health(Done done)
{
    const qint64 maxSkew = m_vendor.options().maxClockSkewSecs;
    return m_vendor.send(QStringLiteral("/api/license/health"), std::nullopt, {}, [done, maxSkew](const VendorResult &r) {
        ClientOutcome o = ClientOutcome::fromReply(r);
        if (o.ok() && !r.json.value(QStringLiteral("ok")).toBool()) {
            o.error = VendorError::GarbageReply;
            o.detail = QStringLiteral("health reply without ok:true");
        } else if (o.ok() && r.clockSkewSecs && qAbs(*r.clockSkewSecs) > maxSkew) {
            o.error = VendorError::ClockSkew;
            o.detail = QStringLiteral("server time differs by %1 s").arg(*r.clockSkewSecs);
        }
        done(o);
    });
}

QString LicenseClient::vendorKeyProblem() const
{
    const PinnedKey &pin = m_manager.pinnedKey();
    return pin.intact ? QString() : pin.problem;
}

QPointer<VendorCall> LicenseClient::pair(const QString &licenseKey, Done done)
{
    return exclusive(done, [this, licenseKey](Done finish, bool, const QDateTime &) { return pairNow(licenseKey, finish); });
}

QPointer<VendorCall> LicenseClient::pairNow(const QString &licenseKey, Done done)
{
    const LicenseKey key = LicenseKey::parse(licenseKey);
    if (!key.isValid())
        return fail(key.problem() == LicenseKey::Problem::Empty ? VendorError::KeyRequired : VendorError::InvalidKey, key.problemText(), done);
    if (const PinnedKey &pin = m_manager.pinnedKey(); !pin.intact)
        return fail(VendorError::VendorKeyUnusable, pin.problem, done);
    const BootstrapResult b = m_manager.bootstrap(false);
    if (!b.ok)
        return fail(VendorError::LocalError, b.error, done);
    const QString fingerprint = m_manager.currentComponents(b.installId).fingerprint();
    const QJsonObject body{{QStringLiteral("license_key"), key.text()}, {QStringLiteral("fingerprint"), fingerprint},
                           {QStringLiteral("machine_info"), machineInfo()}, {QStringLiteral("install_id"), b.installId},
                           {QStringLiteral("components"), componentHashes()}};
    const QString keyHash = key.hash();
    return m_vendor.send(QStringLiteral("/api/license/pair"), body, {}, storingToken(done, TokenUpdate::Pair, keyHash));
}

QPointer<VendorCall> LicenseClient::withToken(Done done, const std::function<QPointer<VendorCall>(const QByteArray &, const QString &)> &send)
{
    const std::optional<LocalLicense> row = m_manager.loadRow();
    if (!row || !row->isPaired())
        return fail(VendorError::NotPaired, QString(), done);
    // Without its settings file a hotel that pairs with its vendor's own server would send its
    // token to the default one (helper-53): nothing is sent until the file is restored.
    // Its step is the restore (it was "check that the data folder is writable and its disk has
    // room"; helper-55).
    if (const QString missing = m_manager.settingsFileMissing(); !missing.isEmpty())
        return fail(VendorError::LocalError, missing, done,
                    tr("Restore the settings file from a backup, then try again; pairing again is not needed."));
    // Heartbeats and rotations are answered with a token only the pinned key verifies.
    if (const PinnedKey &pin = m_manager.pinnedKey(); !pin.intact)
        return fail(VendorError::VendorKeyUnusable, pin.problem, done);
    QString error;
    const std::optional<QByteArray> token = m_manager.currentToken(&error);
    if (!token)
        return fail(VendorError::LocalError, error, done);
    return send(*token, m_manager.currentComponents(row->installId).fingerprint());
}

QPointer<VendorCall> LicenseClient::heartbeat(Done given)
{
    // Every attempt, answered or not, also mends the HMS's copy of the binding in the .env (an
    // answered one did so when it stored its token): a hotel on an offline answer has no
    // answered heartbeat for months.
    Done done = [this, given](const ClientOutcome &o) {
        if (o.error == VendorError::Cancelled || !o.warning.isEmpty() || VendorErrors::neverSent(o.error)) {
            given(o);
            return;
        }
        ClientOutcome mended = o;
        mended.warning = m_manager.ensureEnvBinding();
        given(mended);
    };
    return exclusive(done, [this](Done finish, bool waited, const QDateTime &since) -> QPointer<VendorCall> {
        if (waited) {
            // Another runner (the tray, the timer, the CLI) just made this exchange: its result is
            // ours too, and a second request would only race it.
            if (const std::optional<ClientOutcome> joined = joinedHeartbeat(since))
                return m_vendor.immediate(VendorResult(), [finish, o = *joined](const VendorResult &) { finish(o); });
        }
        return sendHeartbeat(finish);
    });
}

QPointer<VendorCall> LicenseClient::sendHeartbeat(Done done)
{
    return withToken(done, [this, done](const QByteArray &token, const QString &fingerprint) {
        const std::optional<TokenClaims> held = m_manager.authenticToken(token).claims;
        const bool signedVerdicts = held && held->signedVerdicts;
        const QString nonce = signedVerdicts ? newVerdictNonce() : QString();
        QJsonObject body{{QStringLiteral("token"), QString::fromLatin1(token)}, {QStringLiteral("fingerprint"), fingerprint},
                         {QStringLiteral("telemetry"), telemetry()}, {QStringLiteral("components"), componentHashes()}};
        if (signedVerdicts)
            body.insert(QStringLiteral("nonce"), nonce); // (ext) only to a server that signs verdicts
        return m_vendor.send(QStringLiteral("/api/license/heartbeat"), body, token, [this, done, signedVerdicts, nonce](const VendorResult &r) {
            ClientOutcome o = ClientOutcome::fromReply(r);
            if (o.error == VendorError::Cancelled) {
                done(o);
                return;
            }
            if (o.ok() && r.json.contains(QStringLiteral("valid")) && !r.json.value(QStringLiteral("valid")).toBool()) {
                // valid:false with a 200: a refusal all the same.
                o.error = VendorErrors::fromCode(r.json.value(QStringLiteral("reason")).toString());
                if (o.error == VendorError::None)
                    o.error = VendorError::GarbageReply;
            }
            if (signedVerdicts && isLockVerdict(o.error)) {
                QString why;
                const std::optional<LocalLicense> row = m_manager.loadRow();
                if (!signedVerdictHolds(r.json, o.error, m_manager.pinnedKey().key.get(), row ? row->installId : QString(), nonce, &why)) {
                    o.detail = QStringLiteral("a '%1' refusal without a valid vendor signature for this request (%2): treated as an intermediary's answer")
                                   .arg(VendorErrors::code(o.error), why);
                    o.error = VendorError::IntermediaryRefusal;
                }
            }
            if (o.ok()) {
                storeReceivedToken(o, r.json.value(QStringLiteral("renewed_token")), TokenUpdate::Renew, QString());
                o.recorded = o.ok();
            }
            if (!o.ok()) {
                ExchangeRecord e = exchangeFor(r, false, VendorErrors::code(o.error));
                if (isLockVerdict(o.error))
                    e.serverVerdict = VendorErrors::code(o.error);
                else if (o.error == VendorError::Unauthorized || o.error == VendorError::TokenSuperseded)
                    e.serverVerdict = serverVerdictName(ServerVerdict::TokenRefused);
                QString recordError;
                o.recorded = m_manager.recordFailedExchange(e, &recordError);
                if (!o.recorded)
                    o.detail += QStringLiteral("; ") + recordError;
            }
            // Recording ended with an evaluation; only when nothing was written evaluate again.
            o.status = o.recorded ? m_manager.lastStatus() : m_manager.check(m_clock.now(), false).status;
            done(o);
        });
    });
}

QPointer<VendorCall> LicenseClient::rotateToken(Done done)
{
    return exclusive(done, [this](Done finish, bool, const QDateTime &) {
        return withToken(finish, [this, finish](const QByteArray &token, const QString &fingerprint) {
            const QJsonObject body{{QStringLiteral("token"), QString::fromLatin1(token)}, {QStringLiteral("fingerprint"), fingerprint}};
            return m_vendor.send(QStringLiteral("/api/license/rotate-token"), body, token, storingToken(finish, TokenUpdate::Rotate, QString()));
        });
    });
}

QPointer<VendorCall> LicenseClient::unpair(const QString &reason, Done done)
{
    return exclusive(done, [this, reason](Done finish, bool, const QDateTime &) { return unpairNow(reason, finish); });
}

void LicenseClient::setSettings(ClientSettings settings)
{
    m_settings = std::move(settings);
    m_vendor.setOptions(m_settings.clientOptions());
}

bool LicenseClient::thisComputerUnchanged()
{
    const std::optional<LocalLicense> row = m_manager.loadRow();
    return row && row->isPaired() && !row->fingerprint.isEmpty() && m_manager.currentComponents(row->installId).fingerprint() == row->fingerprint;
}

QPointer<VendorCall> LicenseClient::unpairNow(const QString &reason, Done done)
{
    QString error;
    bool notPaired = false;
    const std::optional<QByteArray> token = m_manager.currentToken(&error, &notPaired);
    if (notPaired) // the message says it (the code line repeated it)
        return fail(VendorError::NotPaired, QString(), done);
    if (!token) {
        // A paired token that cannot be read is this computer's problem, named as such (it was
        // "not paired"), with the step that can help: "check that the folder is writable" could
        // not (helper-54).
        return fail(VendorError::LocalError, error, done,
                    tr("This computer cannot read its licence token, so it cannot release the licence itself. Ask your vendor "
                       "to release it from their side, or restore the data folder together with its key."));
    }
    // The vendor takes 500 characters, as for a move: a longer reason was sent and refused as
    // "malformed", with "update HotelHub" as the next step.
    if (const qsizetype length = reason.trimmed().size(); length > 500)
        return fail(VendorError::InvalidRequest, tr("The reason for unpairing is at most 500 characters (this one has %1).").arg(length), done);
    // A key typed into the reason is masked: the vendor keeps reasons and shows them (helper-40).
    const QString why = reason.trimmed().isEmpty() ? QStringLiteral("unpaired from hotelhub-license") : LicenseKey::maskTyped(reason.trimmed());
    const QJsonObject body{{QStringLiteral("token"), QString::fromLatin1(*token)}, {QStringLiteral("reason"), why}};
    return m_vendor.send(QStringLiteral("/api/license/unpair"), body, *token, [this, done, why](const VendorResult &r) {
        ClientOutcome o = ClientOutcome::fromReply(r);
        // 401: the server no longer knows this token (already unpaired, or replaced): the local
        // pairing is stale either way, so it is dropped too.
        if (o.ok() && !r.json.value(QStringLiteral("unpaired")).toBool()) {
            o.error = VendorError::GarbageReply;
            o.detail = QStringLiteral("unpair reply without unpaired:true");
        }
        // The licence was moved to another installation and this computer did not change: the
        // vendor's binding is the other one's, so only this computer's pairing is left to drop
        // (helper-41: it was refused with "Move the licence to this computer", which spends a move
        // and switches the other computer off). A computer that changed keeps the refusal: the
        // binding may be its own.
        const bool movedAway = o.error == VendorError::FingerprintMismatch && thisComputerUnchanged();
        if (o.ok() || o.error == VendorError::Unauthorized || movedAway) {
            QString forgetError;
            if (!m_manager.forgetPairing(why, &forgetError, &o.warning)) {
                o.error = VendorError::LocalError;
                o.detail = forgetError;
            } else if (o.error == VendorError::Unauthorized) {
                o.error = VendorError::None;
                o.detail = QStringLiteral("the server had already released this installation");
            } else if (movedAway) {
                o.error = VendorError::None;
                o.pairedElsewhere = true;
                o.detail = QStringLiteral("the licence had been moved to another installation; only this computer's pairing was removed");
            }
        }
        o.status = m_manager.check(m_clock.now(), false).status;
        done(o);
    });
}

QPointer<VendorCall> LicenseClient::migrate(const QString &licenseKey, const QString &reason, Done done)
{
    return exclusive(done, [this, licenseKey, reason](Done finish, bool, const QDateTime &) { return migrateNow(licenseKey, reason, finish); });
}

QString LicenseClient::moveReasonProblem(const QString &reason, ReasonCarrier carrier)
{
    const QString given = reason.trimmed();
    if (given.isEmpty())
        return tr("A reason is required for moving a licence.");
    // The vendor takes 500 characters: a longer one was sent and refused as "malformed", with
    // "update HotelHub" as the next step (helper-44). An offline request cut it to 500 bytes
    // without a word.
    if (given.size() > 500)
        return tr("The reason for the move is at most 500 characters (this one has %1).").arg(given.size());
    // "-" or "..." says nothing to the vendor, who reads it to decide (helper-48: "-" was sent).
    if (std::none_of(given.begin(), given.end(), [](QChar c) { return c.isLetterOrNumber(); }))
        return tr("The reason for the move has no words, which tells the vendor nothing: say why the licence moves, for example "
                  "\"new computer\" or \"hard disk replaced\".");
    if (const qsizetype bytes = given.toUtf8().size(); carrier == ReasonCarrier::OfflineRequest && bytes > 500)
        return tr("The reason for the move is too long for an offline request: it holds 500 bytes, and an accented letter or an "
                  "emoji takes two to four of them (this one needs %1). Shorten it.")
            .arg(bytes);
    return {};
}

QPointer<VendorCall> LicenseClient::migrateNow(const QString &licenseKey, const QString &reason, Done done)
{
    const LicenseKey key = LicenseKey::parse(licenseKey);
    if (!key.isValid())
        return fail(key.problem() == LicenseKey::Problem::Empty ? VendorError::KeyRequired : VendorError::InvalidKey, key.problemText(), done);
    if (const QString problem = moveReasonProblem(reason); !problem.isEmpty())
        return fail(VendorError::InvalidRequest, problem, done);
    if (const PinnedKey &pin = m_manager.pinnedKey(); !pin.intact)
        return fail(VendorError::VendorKeyUnusable, pin.problem, done);
    const BootstrapResult b = m_manager.bootstrap(false);
    if (!b.ok)
        return fail(VendorError::LocalError, b.error, done);
    const QString fingerprint = m_manager.currentComponents(b.installId).fingerprint();
    const std::optional<LocalLicense> row = m_manager.loadRow();
    // The old binding, when this data folder still remembers one (a copied folder, new hardware);
    // empty when the old machine is gone: the server knows the binding (PROTOCOL.md).
    const QString old = row && row->isPaired() && row->fingerprint != fingerprint ? row->fingerprint : QString();
    const QJsonObject body{{QStringLiteral("license_key"), key.text()}, {QStringLiteral("old_fingerprint"), old},
                           {QStringLiteral("new_fingerprint"), fingerprint}, {QStringLiteral("machine_info"), machineInfo()},
                           {QStringLiteral("reason"), LicenseKey::maskTyped(reason.trimmed())}, {QStringLiteral("install_id"), b.installId},
                           {QStringLiteral("components"), componentHashes()}};
    const QString keyHash = key.hash();
    return m_vendor.send(QStringLiteral("/api/license/migrate"), body, {}, storingToken(done, TokenUpdate::Migrate, keyHash, LicenseKey::maskTyped(reason.trimmed())));
}

bool LicenseClient::heartbeatDue(const QDateTime &now, QDateTime *due)
{
    const std::optional<LocalLicense> row = m_manager.loadRow();
    QDateTime when = row ? m_manager.nextHeartbeat(*row, now) : QDateTime();
    // Hardware drift waits for no daily slot: the vendor is asked to rebind at once, then along
    // the retry ladder's first step while that fails.
    if (when.isValid() && m_manager.driftPending(*row)) {
        const QDateTime soonest = row->heartbeatFailures > 0 && row->lastHeartbeatAttemptAt.isValid() ? row->lastHeartbeatAttemptAt.addSecs(5 * 60) : now;
        when = std::min(when, std::max(now, soonest));
        if (const QDateTime notBefore = LicenseManager::retryNotBefore(*row, now); notBefore.isValid())
            when = std::max(when, notBefore); // the server's Retry-After holds for a rebind too
    }
    if (due)
        *due = when;
    return when.isValid() && when <= now;
}

} // namespace hotelhub
