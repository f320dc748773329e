#include "OfflineClient.h"

#include "Clock.h"
#include "Database.h"
#include "LicenseClient.h"
#include "LicenseKey.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace hotelhub {

namespace {
constexpr int kKeptRequests = 20;
}

QString OfflineApplyResult::code() const
{
    switch (problem) {
    case OfflineProblem::None: return QStringLiteral("ok");
    case OfflineProblem::NotAnAnswer: return QStringLiteral("not_an_answer");
    case OfflineProblem::CodeTypo: return QStringLiteral("code_typo");
    case OfflineProblem::Tampered: return QStringLiteral("tampered");
    case OfflineProblem::OtherMachine: return QStringLiteral("other_machine");
    case OfflineProblem::NotRequestedHere: return QStringLiteral("not_requested_here");
    case OfflineProblem::AlreadyUsed: return QStringLiteral("already_used");
    case OfflineProblem::RequestExpired: return QStringLiteral("request_expired");
    case OfflineProblem::AnswerExpired: return QStringLiteral("answer_expired");
    case OfflineProblem::ShorterThanHeld: return QStringLiteral("shorter_than_held");
    case OfflineProblem::CodeNeedsFile: return QStringLiteral("code_needs_file");
    case OfflineProblem::CodeNoMatch: return QStringLiteral("code_no_match");
    case OfflineProblem::NoRequest: return QStringLiteral("no_request");
    case OfflineProblem::Refused: return QStringLiteral("refused");
    case OfflineProblem::Local: return QStringLiteral("local_error");
    }
    Q_UNREACHABLE();
}

OfflineClient::OfflineClient(LicenseManager &manager, const Clock &clock) : m_manager(manager), m_clock(clock) {}

OfflineApplyResult OfflineClient::fail(OfflineProblem problem, const QString &message, const QString &action, const QString &detail)
{
    OfflineApplyResult r;
    r.problem = problem;
    r.message = message;
    r.action = action;
    r.detail = detail;
    r.status = m_manager.check(m_clock.now(), false).status;
    return r;
}

OfflineRequestResult OfflineClient::createRequest(const QString &licenseKey, const QString &moveReason)
{
    OfflineRequestResult result;
    OfflineRequest &q = result.request;
    // A move's reason follows the rules of an online move, said before anything is made: longer
    // than the request holds, it was cut without a word.
    if (!moveReason.isEmpty()) {
        if (const QString problem = LicenseClient::moveReasonProblem(moveReason, LicenseClient::ReasonCarrier::OfflineRequest); !problem.isEmpty()) {
            result.code = VendorErrors::code(VendorError::InvalidRequest);
            result.error = problem;
            return result;
        }
    }
    const std::optional<LocalLicense> existing = m_manager.loadRow();
    const bool paired = existing && existing->isPaired();
    if (licenseKey.trimmed().isEmpty()) {
        // The vendor moves a licence only for a request that names its key: without one the owner
        // and the vendor went through the whole round trip to read "key_required".
        if (!moveReason.isEmpty()) {
            result.code = QStringLiteral("key_required");
            result.error = tr("Moving the licence needs its key: enter the licence key with the reason for the move.");
            return result;
        }
        if (!paired) {
            result.code = QStringLiteral("key_required");
            result.error = tr("Enter the licence key: this installation has no licence to renew yet.");
            return result;
        }
        q.keyHash = existing->licenseKeyHash;
    } else {
        const LicenseKey key = LicenseKey::parse(licenseKey);
        if (!key.isValid()) {
            result.code = VendorErrors::code(VendorError::InvalidKey);
            result.error = key.problemText();
            return result;
        }
        q.licenseKey = key.text();
        q.keyHash = key.hash();
    }
    // The answer is a token only the pinned vendor key verifies: with that key unusable, a request
    // would send the owner and the vendor through a round trip whose answer cannot be applied here.
    if (const PinnedKey &pin = m_manager.pinnedKey(); !pin.intact) {
        result.code = VendorErrors::code(VendorError::VendorKeyUnusable);
        result.error = tr("No request was made: this computer's copy of the licence server's public key cannot be used, so the "
                          "vendor's answer could not be checked here. %1")
                           .arg(pin.problem);
        return result;
    }
    const BootstrapResult b = m_manager.bootstrap(false);
    if (!b.ok) {
        result.code = VendorErrors::code(VendorError::LocalError);
        result.error = b.error;
        return result;
    }
    const FingerprintComponents components = m_manager.currentComponents(b.installId);
    q.fingerprint = components.fingerprint();
    q.installId = b.installId;
    q.components = components.hashedForVendor();
    const QJsonObject machine = LicenseClient::machineInfo();
    q.hostname = machine.value(QStringLiteral("hostname")).toString();
    q.os = machine.value(QStringLiteral("os")).toString();
    q.appVersion = machine.value(QStringLiteral("app_version")).toString();
    q.nonce = crypto::randomBytes(16);
    q.createdAt = QDateTime::fromSecsSinceEpoch(m_clock.now().toSecsSinceEpoch(), Qt::UTC);
    // A key typed into the reason is masked, as for an online move: the vendor keeps reasons.
    q.moveReason = LicenseKey::maskTyped(moveReason.trimmed());

    // A renewal names the licence facts this install holds, so that the vendor can answer with a
    // code this install can rebuild (README "The typed code").
    std::optional<LicenseBlock> held;
    if (paired) {
        QString ignored;
        if (const std::optional<QByteArray> token = m_manager.currentToken(&ignored)) {
            const TokenVerification v = m_manager.authenticToken(*token);
            if (v.claims && v.claims->keyHash == q.keyHash) {
                held = LicenseBlock::fromClaims(*v.claims);
                q.heldDigest = held->digest();
                q.heldJti = v.claims->tokenId;
            }
        }
    }
    result.renewal = held.has_value();
    result.codePossible = held.has_value() && crypto::keyAlgorithm(m_manager.pinnedKey().key.get()) == KeyAlgorithm::Ed25519;

    Database::WriteTransaction tx(m_manager.database());
    QSqlQuery ins(m_manager.database().connection());
    bool ok = tx.isActive();
    if (ok) {
        ins.prepare(QStringLiteral("INSERT INTO offline_requests (nonce, created_at, key_hash, fingerprint, held_block) VALUES (?, ?, ?, ?, ?)"));
        ins.addBindValue(q.nonceText());
        ins.addBindValue(toStorage(q.createdAt));
        ins.addBindValue(q.keyHash);
        ins.addBindValue(q.fingerprint);
        ins.addBindValue(held ? QVariant(QString::fromUtf8(QJsonDocument(held->toJson()).toJson(QJsonDocument::Compact)))
                              : QVariant(QMetaType::fromType<QString>()));
        ok = ins.exec();
    }
    if (ok) {
        // Only the newest requests are worth answering; an older one stays refused as "not from here".
        QSqlQuery prune(m_manager.database().connection());
        ok = prune.exec(QStringLiteral("DELETE FROM offline_requests WHERE nonce NOT IN "
                                       "(SELECT nonce FROM offline_requests ORDER BY created_at DESC LIMIT %1)").arg(kKeptRequests));
    }
    if (!ok || !tx.commit()) {
        result.code = VendorErrors::code(VendorError::LocalError);
        result.error = tr("Cannot record the activation request in the licence database: %1")
                           .arg(ins.lastError().text().isEmpty() ? m_manager.database().errorString() : ins.lastError().text());
        return result;
    }
    result.ok = true;
    return result;
}

namespace {
constexpr auto kPendingColumns = "nonce, created_at, key_hash, fingerprint, held_block, used_at";
} // namespace

OfflineClient::Pending OfflineClient::readPending(const QSqlQuery &q)
{
    Pending p{q.value(0).toString(), fromStorage(q.value(1).toString()), q.value(2).toString(), q.value(3).toString(), std::nullopt,
              fromStorage(q.value(5).toString())};
    if (!q.value(4).isNull())
        p.held = LicenseBlock::fromJson(QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object());
    return p;
}

std::optional<OfflineClient::Pending> OfflineClient::pending(const QString &nonce, QString *error)
{
    QSqlQuery q(m_manager.database().connection());
    q.prepare(QStringLiteral("SELECT %1 FROM offline_requests WHERE nonce = ?").arg(QLatin1String(kPendingColumns)));
    q.addBindValue(nonce);
    if (!q.exec()) {
        *error = q.lastError().text();
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return readPending(q);
}

QList<OfflineClient::Pending> OfflineClient::requests(QString *error)
{
    QList<Pending> out;
    QSqlQuery q(m_manager.database().connection());
    if (!q.exec(QStringLiteral("SELECT %1 FROM offline_requests ORDER BY created_at DESC").arg(QLatin1String(kPendingColumns)))) {
        *error = q.lastError().text();
        return out;
    }
    while (q.next())
        out << readPending(q);
    return out;
}

OfflineApplyResult OfflineClient::apply(const QString &answerIn)
{
    QString answer = answerIn.trimmed();
    if (answer.startsWith(QChar(0xFEFF))) // saved by an editor that marks UTF-8 (Windows Notepad)
        answer = answer.mid(1).trimmed();
    const QString notAnswer = tr("This is not an answer to an activation request.");
    const QString askAgain = tr("Open the answer file your vendor sent (hotelhub-answer-….json), or type the code they read to you.");
    if (answer.isEmpty())
        return fail(OfflineProblem::NotAnAnswer, tr("No answer was given."), askAgain);
    if (answer.size() > 64 * 1024)
        return fail(OfflineProblem::NotAnAnswer, notAnswer, askAgain, QStringLiteral("%1 characters").arg(answer.size()));
    if (answer.startsWith(u'{')) {
        QJsonParseError e;
        const QJsonObject o = QJsonDocument::fromJson(answer.toUtf8(), &e).object();
        if (e.error != QJsonParseError::NoError || !o.contains(QLatin1String(offline::kAnswerMarker)) || !o.value(QStringLiteral("token")).isString())
            return fail(OfflineProblem::NotAnAnswer, notAnswer, askAgain, QStringLiteral("JSON without %1 and token").arg(QLatin1String(offline::kAnswerMarker)));
        return applyToken(o.value(QStringLiteral("token")).toString().toLatin1());
    }
    if (answer.toUpper().remove(QRegularExpression(QStringLiteral("\\s"))).startsWith(QLatin1String(offline::kRequestPrefix)))
        return fail(OfflineProblem::NotAnAnswer, tr("This is the activation request itself, not the vendor's answer."),
                    tr("Send this request to your vendor; apply what they send back."));
    if (answer.count(u'.') == 2 && !answer.contains(u' '))
        return applyToken(answer.toLatin1());
    // A code is 130 characters; far fewer (a word, a sentence) is not one, however it is spelt.
    if (looksLikeOfflineCode(answer) && QString(answer).remove(QRegularExpression(QStringLiteral("[\\s-]"))).size() >= offline::kCodeLength - 30)
        return applyCode(answer);
    return fail(OfflineProblem::NotAnAnswer, notAnswer, askAgain);
}

OfflineApplyResult OfflineClient::applyToken(const QByteArray &token)
{
    const PinnedKey &pin = m_manager.pinnedKey();
    if (!pin.intact)
        return fail(OfflineProblem::Local, pin.problem, tr("Run `hotelhub-license diagnostic` and contact support."));
    const TokenVerification v = m_manager.authenticToken(token);
    if (!v.authentic())
        return fail(OfflineProblem::Tampered, tr("This answer was changed after the vendor signed it, or it does not come from your vendor."),
                    tr("Ask your vendor to send the answer again, as a file, and do not edit it."), v.detail);
    const TokenClaims &claims = *v.claims;
    if (!claims.isOffline())
        return fail(OfflineProblem::NotAnAnswer, tr("This is a licence token, but not an answer to an offline activation request."),
                    tr("Open the answer file your vendor sent for your request."));
    const std::optional<LocalLicense> row = m_manager.loadRow();
    const QString here = row ? m_manager.currentComponents(row->installId).fingerprint() : QString();
    if (!row || claims.fingerprint != here || (!claims.installId.isEmpty() && claims.installId != row->installId))
        return fail(OfflineProblem::OtherMachine, tr("This answer is for another computer: it was made for the request of a different installation."),
                    tr("Make the request on this computer and send that one to your vendor."));
    QString dbError;
    const std::optional<Pending> p = pending(claims.offlineNonce, &dbError);
    if (!dbError.isEmpty())
        return fail(OfflineProblem::Local, tr("Cannot read the licence database: %1").arg(dbError), tr("Run `hotelhub-license diagnostic`."));
    if (!p)
        return fail(OfflineProblem::NotRequestedHere, tr("This answer does not belong to a request made in this installation (it may be older than the last reinstall)."),
                    tr("Make a new request here and send it to your vendor."));
    if (p->usedAt.isValid())
        return fail(OfflineProblem::AlreadyUsed, tr("This answer was already applied on %1; an answer works once.").arg(displayDateTime(p->usedAt)),
                    tr("To extend the licence again, make a new request."));
    const QDateTime now = m_clock.now();
    if (p->createdAt.addDays(offline::kApplyWithinDays) < now)
        return fail(OfflineProblem::RequestExpired,
                    tr("This answer is for a request made on %1, more than %2 days ago.").arg(displayDate(p->createdAt)).arg(offline::kApplyWithinDays),
                    tr("Make a new request and send it to your vendor."));
    // An older or shorter answer never replaces a longer licence (answers applied out of order).
    QString heldError;
    const std::optional<QByteArray> heldToken = row->isPaired() ? m_manager.currentToken(&heldError) : std::nullopt;
    const TokenVerification held = heldToken ? m_manager.authenticToken(*heldToken) : TokenVerification();
    const bool renewal = held.claims && held.claims->keyHash == p->keyHash && row->fingerprint == here;
    if (renewal && held.claims->expiresAt > claims.expiresAt)
        return fail(OfflineProblem::ShorterThanHeld,
                    tr("This answer ends on %1, before the licence this computer already holds (until %2). Nothing was changed.")
                        .arg(displayDate(claims.expiresAt), displayDate(held.claims->expiresAt)),
                    tr("Nothing to do: the licence held lasts longer. To extend it, make a new request."));
    ExchangeRecord exchange;
    exchange.at = now;
    exchange.success = true;
    exchange.code = QStringLiteral("ok");
    exchange.offlineNonce = claims.offlineNonce;
    const TokenStoreResult stored = m_manager.storeToken(token, TokenUpdate::Offline, p->keyHash, exchange);
    if (!stored.ok) {
        if (stored.tokenError == TokenError::Expired || stored.tokenError == TokenError::NotYetValid)
            return fail(OfflineProblem::AnswerExpired,
                        tr("This answer was valid until %1; by this computer's clock that has passed.").arg(displayDate(claims.expiresAt)),
                        tr("Check the computer's date and time. If they are right, make a new request."), stored.error);
        if (stored.tokenError != TokenError::None)
            return fail(OfflineProblem::Refused, stored.error, tr("Make a new request here with the licence key of this installation."), stored.error);
        return fail(OfflineProblem::Local, stored.error, tr("Run `hotelhub-license diagnostic`; free disk space if the disk is full."), stored.error);
    }
    OfflineApplyResult r;
    r.claims = stored.claims;
    r.status = m_manager.lastStatus();
    r.message = renewal ? tr("Offline activation renewed, valid until %1.").arg(displayDate(claims.expiresAt))
                        : tr("Licence activated offline, valid until %1.").arg(displayDate(claims.expiresAt));
    r.warning = stored.warning;
    return r;
}

OfflineApplyResult OfflineClient::applyCode(const QString &typed)
{
    CodeProblem problem;
    const std::optional<OfflineCode> code = decodeOfflineCode(typed, &problem);
    if (!code) {
        OfflineApplyResult r = fail(problem.group ? OfflineProblem::CodeTypo : OfflineProblem::NotAnAnswer, problem.message,
                                    problem.group ? tr("Correct group %1 and apply again.").arg(problem.group)
                                                  : tr("Type the code again: 26 groups of 5 characters."));
        r.group = problem.group;
        return r;
    }
    QString dbError;
    const QList<Pending> open = requests(&dbError);
    if (!dbError.isEmpty())
        return fail(OfflineProblem::Local, tr("Cannot read the licence database: %1").arg(dbError), tr("Run `hotelhub-license diagnostic`."));
    if (std::none_of(open.begin(), open.end(), [](const Pending &p) { return !p.usedAt.isValid(); })
        && std::none_of(open.begin(), open.end(), [](const Pending &p) { return p.held.has_value(); }))
        return fail(OfflineProblem::NoRequest, tr("This installation has no open activation request, so the code has nothing to answer."),
                    tr("Make a request first, send it to your vendor, then type the code they give you."));
    const std::optional<LocalLicense> row = m_manager.loadRow();
    bool anyRenewal = false;
    for (const Pending &p : open) {
        if (!p.held || !row)
            continue;
        anyRenewal = true;
        OfflineRequest q;
        q.nonce = base32Decode(p.nonce).value_or(QByteArray());
        q.createdAt = p.createdAt;
        q.fingerprint = p.fingerprint;
        q.installId = row->installId;
        const QByteArray token = rebuildOfflineToken(offlineClaims(q, *p.held, code->days), code->signature);
        if (m_manager.authenticToken(token).authentic())
            return applyToken(token);
    }
    if (!anyRenewal)
        return fail(OfflineProblem::CodeNeedsFile, tr("A typed code can renew an activation; the first activation needs the answer file."),
                    tr("Open the answer file your vendor sent (by WhatsApp or e-mail, copied with a USB stick)."));
    return fail(OfflineProblem::CodeNoMatch,
                tr("Every group is typed correctly, but the code does not answer a request made here: it is for another computer or another request."),
                tr("Check with your vendor that they answered this computer's latest request, or open the answer file."));
}

} // namespace hotelhub
