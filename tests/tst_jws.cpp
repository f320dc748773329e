#include "Jws.h"
#include "SignatureMemo.h"
#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <QJsonDocument>
#include <QTest>

using namespace hotelhub;
using namespace hotelhub::test;

namespace {
QByteArray readVector(const QString &name)
{
    QFile f(testDataDir() + QStringLiteral("/jws/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test vector %s", qPrintable(name));
    return f.readAll().trimmed();
}

PKeyPtr vectorKey(const QString &name) { return crypto::readPublicKeyPem(readVector(name)); }

QByteArray forge(const QJsonObject &header, const QJsonObject &payload, const QByteArray &signature)
{
    return crypto::base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + crypto::base64UrlEncode(QJsonDocument(payload).toJson(QJsonDocument::Compact)) + '.' + crypto::base64UrlEncode(signature);
}

// RSA key generation is slow; the claim tests share one vendor key.
const TestVendorKey &sharedVendor()
{
    static const TestVendorKey key;
    return key;
}

const QDateTime kVectorNow = QDateTime(QDate(2026, 11, 22), QTime(12, 0), Qt::UTC);
} // namespace

class TestJws : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void externalVectors_data();
    void externalVectors();
    void malformedLines();
    void oneSpellingPerToken();
    void vectorClaimsAreRead();
    void generatedKeys_data();
    void generatedKeys();
    void wrongClaims_data();
    void wrongClaims();
    void hs256WithGeneratedPublicKeyAsSecret();
    void weakRsaKeyIsNotAcceptedAsPin();
    void audienceArray();
    void pinnableKeysAreReadAsOpenSslReadsThem();
    void memoAnswersOnlyForItsKeyAndItsBytes_data() { generatedKeys_data(); }
    void memoAnswersOnlyForItsKeyAndItsBytes();
};

void TestJws::externalVectors_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("pinned");
    QTest::addColumn<int>("expected");
    QTest::addColumn<bool>("authentic");
    const QString rsa = QStringLiteral("rs256-public.pem");
    const QString ed = QStringLiteral("ed25519-public.pem");
    QTest::newRow("rs256 valid") << "rs256-valid.jwt" << rsa << int(TokenError::None) << true;
    QTest::newRow("tampered payload") << "rs256-tampered-payload.jwt" << rsa << int(TokenError::BadSignature) << false;
    QTest::newRow("tampered signature") << "rs256-tampered-signature.jwt" << rsa << int(TokenError::BadSignature) << false;
    QTest::newRow("other key") << "rs256-other-key.jwt" << rsa << int(TokenError::BadSignature) << false;
    QTest::newRow("alg none") << "alg-none.jwt" << rsa << int(TokenError::AlgorithmRejected) << false;
    QTest::newRow("hs256 confusion") << "hs256-public-key-as-secret.jwt" << rsa << int(TokenError::AlgorithmRejected) << false;
    QTest::newRow("eddsa valid") << "eddsa-valid.jwt" << ed << int(TokenError::None) << true;
    QTest::newRow("eddsa header, rsa pin") << "eddsa-header-rs256-key.jwt" << rsa << int(TokenError::AlgorithmRejected) << false;
    QTest::newRow("rs256 token, ed25519 pin") << "rs256-valid.jwt" << ed << int(TokenError::AlgorithmRejected) << false;
    QTest::newRow("short exp: expired") << "rs256-valid-short-exp.jwt" << rsa << int(TokenError::Expired) << true;
}

void TestJws::externalVectors()
{
    QFETCH(QString, file);
    QFETCH(QString, pinned);
    QFETCH(int, expected);
    QFETCH(bool, authentic);
    const PKeyPtr key = vectorKey(pinned);
    QVERIFY(key);
    const TokenVerification v = verifyToken(readVector(file), key.get(), {kVectorNow, std::nullopt, 60});
    QCOMPARE(int(v.error), expected);
    QCOMPARE(v.authentic(), authentic);
    if (expected != int(TokenError::None))
        QVERIFY2(!v.detail.isEmpty(), "every rejection says why");
}

void TestJws::malformedLines()
{
    const PKeyPtr key = vectorKey(QStringLiteral("rs256-public.pem"));
    QFile f(testDataDir() + QStringLiteral("/jws/malformed.txt"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().split('\n');
    int checked = 0;
    for (const QByteArray &line : lines) {
        if (checked == 6)
            break; // the file's trailing newline
        const TokenVerification v = verifyToken(line, key.get(), {kVectorNow, std::nullopt, 60});
        QVERIFY2(!v.ok() && !v.authentic(), line.left(40).constData());
        QVERIFY2(!v.detail.isEmpty(), line.left(40).constData());
        ++checked;
    }
    QCOMPARE(checked, 6);
}

void TestJws::oneSpellingPerToken()
{
    // The last character of a base64url part holds 2 or 4 bits no byte uses; set, the part decodes
    // to the same bytes. A re-spelled signature still verified, so one token had many spellings.
    const PKeyPtr key = vectorKey(QStringLiteral("rs256-public.pem"));
    const QByteArray token = readVector(QStringLiteral("rs256-valid.jwt"));
    QVERIFY(verifyToken(token, key.get(), {kVectorNow, std::nullopt, 60}).ok());
    const QByteArray alphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    const auto respelled = [&](int part) {
        QList<QByteArray> parts = token.split('.');
        QByteArray &text = parts[part];
        text.back() = alphabet.at(alphabet.indexOf(text.back()) ^ 1); // the lowest unused bit
        return parts.join('.');
    };
    const QList<QByteArray> parts = token.split('.');
    for (int part : {0, 1, 2}) {
        if (parts[part].size() % 4 == 0)
            continue; // no unused bits in this part
        const QByteArray other = respelled(part);
        QVERIFY2(!crypto::base64UrlDecode(other.split('.')[part]), qPrintable(QString::number(part)));
        const TokenVerification v = verifyToken(other, key.get(), {kVectorNow, std::nullopt, 60});
        QVERIFY2(!v.ok() && v.error == TokenError::Malformed, qPrintable(QString::number(part) + u' ' + v.detail));
    }
    QVERIFY(parts[2].size() % 4 != 0); // the signature (256 bytes) has unused bits: the case that verified
    // Every canonical spelling still decodes.
    for (int n = 0; n < 8; ++n) {
        const QByteArray bytes = QByteArray(n, '\xff');
        QCOMPARE(crypto::base64UrlDecode(crypto::base64UrlEncode(bytes)).value_or(QByteArray("x")), bytes);
    }
}

void TestJws::vectorClaimsAreRead()
{
    const PKeyPtr key = vectorKey(QStringLiteral("rs256-public.pem"));
    const TokenVerification v = verifyToken(readVector(QStringLiteral("rs256-valid.jwt")), key.get(),
                                            {kVectorNow, crypto::sha256Tagged("test-machine"), 60});
    QVERIFY(v.ok());
    QCOMPARE(v.claims->plan, QStringLiteral("standalone-pro"));
    QCOMPARE(v.claims->maxRooms(), 100);
    QCOMPARE(v.claims->validUntil, QDateTime(QDate(2027, 4, 28), QTime(0, 0), Qt::UTC));
    QCOMPARE(v.claims->expiresAt, v.claims->issuedAt.addDays(30));
    QCOMPARE(v.claims->keyHash, QStringLiteral("sha256:7066821d5b55fd4846e3fa9efa8b3f8c9eb33e51622edeba118fa6fab9cce8aa"));

    const TokenVerification other = verifyToken(readVector(QStringLiteral("rs256-valid.jwt")), key.get(),
                                                {kVectorNow, crypto::sha256Tagged("another-machine"), 60});
    QCOMPARE(other.error, TokenError::FingerprintMismatch);
}

void TestJws::generatedKeys_data()
{
    QTest::addColumn<int>("algorithm");
    QTest::newRow("RS256 / RSA-2048") << int(KeyAlgorithm::Rsa2048);
    QTest::newRow("EdDSA / Ed25519") << int(KeyAlgorithm::Ed25519);
}

void TestJws::generatedKeys()
{
    QFETCH(int, algorithm);
    const TestVendorKey vendor{KeyAlgorithm(algorithm)};
    const TestVendorKey other{KeyAlgorithm(algorithm)};
    const PKeyPtr pin = crypto::readPublicKeyPem(vendor.publicPem);
    const QDateTime now = at("2026-11-22T12:00:00Z");
    const TokenClaims claims = makeClaims(QStringLiteral("sha256:abc"), now.addSecs(-3600));
    const QByteArray token = signToken(claims, vendor.key.get());
    QVERIFY(!token.isEmpty());

    const TokenVerification ok = verifyToken(token, pin.get(), {now, QStringLiteral("sha256:abc"), 60});
    QVERIFY2(ok.ok(), qPrintable(ok.detail));
    QCOMPARE(ok.claims->tokenId, claims.tokenId);

    // Signed by another key of the same type: the signature fails.
    QCOMPARE(verifyToken(signToken(claims, other.key.get()), pin.get()).error, TokenError::BadSignature);

    // Time checks: exp in the past, nbf in the future.
    QCOMPARE(verifyToken(token, pin.get(), {now.addDays(31), std::nullopt, 60}).error, TokenError::Expired);
    QCOMPARE(verifyToken(token, pin.get(), {now.addDays(-1), std::nullopt, 60}).error, TokenError::NotYetValid);
    // Without a time, only authenticity is checked (the policy judges time itself).
    QVERIFY(verifyToken(token, pin.get()).ok());

    // One flipped character in each part.
    for (int part = 0; part < 3; ++part) {
        QList<QByteArray> parts = token.split('.');
        QByteArray &p = parts[part];
        const int i = p.size() / 2;
        p[i] = p[i] == 'A' ? 'B' : 'A';
        const TokenVerification v = verifyToken(parts.join('.'), pin.get());
        QVERIFY2(!v.authentic(), qPrintable(QStringLiteral("part %1 tampered but accepted").arg(part)));
    }
}

void TestJws::wrongClaims_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<int>("expected");
    QTest::newRow("wrong iss") << "iss" << QJsonValue(QStringLiteral("evil-vendor")) << int(TokenError::BadIssuer);
    QTest::newRow("wrong aud") << "aud" << QJsonValue(QStringLiteral("other-app")) << int(TokenError::BadAudience);
    QTest::newRow("exp not a number") << "exp" << QJsonValue(QStringLiteral("tomorrow")) << int(TokenError::BadClaims);
    QTest::newRow("no license") << "license" << QJsonValue() << int(TokenError::BadClaims);
    QTest::newRow("fingerprint number") << "fingerprint" << QJsonValue(7) << int(TokenError::BadClaims);
}

void TestJws::wrongClaims()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(int, expected);
    const TestVendorKey &vendor = sharedVendor();
    const PKeyPtr pin = crypto::readPublicKeyPem(vendor.publicPem);
    QJsonObject payload = makeClaims(QStringLiteral("sha256:abc"), at("2026-11-22T00:00:00Z")).toJson();
    if (value.isNull())
        payload.remove(field);
    else
        payload.insert(field, value);
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("RS256")}};
    QByteArray unsignedToken = forge(header, payload, {});
    unsignedToken.chop(0);
    const QByteArray input = unsignedToken.left(unsignedToken.lastIndexOf('.'));
    const QByteArray token = input + '.' + crypto::base64UrlEncode(crypto::sign(vendor.key.get(), input));
    QCOMPARE(int(verifyToken(token, pin.get()).error), expected);
}

void TestJws::hs256WithGeneratedPublicKeyAsSecret()
{
    const TestVendorKey &vendor = sharedVendor();
    const PKeyPtr pin = crypto::readPublicKeyPem(vendor.publicPem);
    const QJsonObject payload = makeClaims(QStringLiteral("sha256:abc"), at("2026-11-22T00:00:00Z")).toJson();
    for (const char *alg : {"HS256", "HS384", "HS512", "none", "None", "NONE", "RS512", "PS256", "ES256", ""}) {
        const QJsonObject header{{QStringLiteral("alg"), QString::fromLatin1(alg)}};
        const QByteArray input = forge(header, payload, {}).chopped(1);
        const QByteArray token = input + '.' + crypto::base64UrlEncode(crypto::hmacSha256(vendor.publicPem, input));
        const TokenVerification v = verifyToken(token, pin.get());
        QCOMPARE(v.error, TokenError::AlgorithmRejected);
        QVERIFY(!v.authentic());
    }
}

void TestJws::weakRsaKeyIsNotAcceptedAsPin()
{
    PKeyPtr weak(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(1024)));
    QVERIFY(weak);
    QVERIFY(!crypto::keyAlgorithm(weak.get()));
    const QByteArray token = readVector(QStringLiteral("rs256-valid.jwt"));
    QCOMPARE(verifyToken(token, weak.get()).error, TokenError::AlgorithmRejected);
}

void TestJws::audienceArray()
{
    const TestVendorKey &vendor = sharedVendor();
    const PKeyPtr pin = crypto::readPublicKeyPem(vendor.publicPem);
    QJsonObject payload = makeClaims(QStringLiteral("sha256:abc"), at("2026-11-22T00:00:00Z")).toJson();
    payload.insert(QStringLiteral("aud"), QJsonArray{QStringLiteral("portal"), QStringLiteral("hotelhub-app")});
    const QByteArray input = forge({{QStringLiteral("alg"), QStringLiteral("RS256")}}, payload, {}).chopped(1);
    const QByteArray token = input + '.' + crypto::base64UrlEncode(crypto::sign(vendor.key.get(), input));
    QVERIFY(verifyToken(token, pin.get()).ok());
}

namespace {
QByteArray spkiDer(EVP_PKEY *key)
{
    unsigned char *der = nullptr;
    const int length = i2d_PUBKEY(key, &der);
    const QByteArray copy(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return copy;
}

// What OpenSSL's own decoder makes of the same bytes (the reader's fallback and its reference).
PKeyPtr openSslSpki(const QByteArray &der)
{
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    return PKeyPtr(d2i_PUBKEY(nullptr, &p, long(der.size())));
}

bool sameKey(EVP_PKEY *a, EVP_PKEY *b) { return a && b && EVP_PKEY_eq(a, b) == 1; }
} // namespace

// issue 14: the vendor key is read without OpenSSL 3's decoders (crypto::readPinnableSpki). It
// must read RSA and Ed25519 keys exactly as OpenSSL does, refuse every other shape (which
// readPublicKeyPem then hands to OpenSSL), and never read a key OpenSSL would not.
void TestJws::pinnableKeysAreReadAsOpenSslReadsThem()
{
    const PKeyPtr rsa = vectorKey(QStringLiteral("rs256-public.pem"));
    const PKeyPtr ed = vectorKey(QStringLiteral("ed25519-public.pem"));
    QVERIFY(rsa && ed);
    for (EVP_PKEY *key : {rsa.get(), ed.get(), sharedVendor().key.get()}) {
        const QByteArray der = spkiDer(key);
        const PKeyPtr ours = crypto::readPinnableSpki(der);
        QVERIFY(sameKey(ours.get(), openSslSpki(der).get()));
        QVERIFY(sameKey(ours.get(), key));
        QCOMPARE(crypto::keyAlgorithm(ours.get()), crypto::keyAlgorithm(key));
        // Every shorter prefix and a byte after the key: not a key.
        for (qsizetype n = 0; n < der.size(); ++n)
            QVERIFY2(!crypto::readPinnableSpki(der.left(n)), qPrintable(QString::number(n)));
        QVERIFY(!crypto::readPinnableSpki(der + '\0'));
    }
    // The vectors' verdicts through the key read this way.
    const TokenCheckOptions options{kVectorNow, crypto::sha256Tagged("test-machine"), 60};
    QVERIFY(verifyToken(readVector(QStringLiteral("rs256-valid.jwt")), crypto::readPinnableSpki(spkiDer(rsa.get())).get(), options).ok());
    QVERIFY(verifyToken(readVector(QStringLiteral("eddsa-valid.jwt")), crypto::readPinnableSpki(spkiDer(ed.get())).get(), options).ok());

    const QByteArray edKey = spkiDer(ed.get()).right(32);
    const QByteArray edPrefix = QByteArray::fromHex("302a300506032b6570032100");
    QVERIFY(crypto::readPinnableSpki(edPrefix + edKey));
    // Ed25519 with parameters, with unused bits, one byte short: refused by us.
    QVERIFY(!crypto::readPinnableSpki(QByteArray::fromHex("302c300706032b65700500032100") + edKey));
    QVERIFY(!crypto::readPinnableSpki(QByteArray::fromHex("302a300506032b6570032101") + edKey));
    QVERIFY(!crypto::readPinnableSpki(QByteArray::fromHex("3029300506032b6570032000") + edKey.left(31)));
    // A SEQUENCE in the primitive form (tag 0x10, not 0x30), outside or inside: refused by us
    // and by OpenSSL's key decoder (found by fuzz_jws).
    QVERIFY(!crypto::readPinnableSpki(QByteArray::fromHex("102a300506032b6570032100") + edKey));
    QVERIFY(!openSslSpki(QByteArray::fromHex("102a300506032b6570032100") + edKey));
    QVERIFY(!crypto::readPinnableSpki(QByteArray::fromHex("302a100506032b6570032100") + edKey));
    {
        QByteArray inner = spkiDer(rsa.get());
        const qsizetype at = inner.indexOf(QByteArray::fromHex("3082010a")); // the RSAPublicKey inside the BIT STRING
        QVERIFY(at > 0);
        inner[at] = 0x10;
        QVERIFY(!crypto::readPinnableSpki(inner));
        QVERIFY(!openSslSpki(inner));
    }
    // RSA without its NULL parameters: refused by us (OpenSSL decides in readPublicKeyPem).
    QByteArray rsaDer = spkiDer(rsa.get());
    const QByteArray withNull = QByteArray::fromHex("300d06092a864886f70d0101010500");
    QVERIFY(rsaDer.contains(withNull));
    rsaDer.replace(withNull, QByteArray::fromHex("300b06092a864886f70d010101"));
    rsaDer[3] = char(quint8(rsaDer[3]) - 2); // the outer length, 0x30 0x82 hi lo
    QVERIFY(!crypto::readPinnableSpki(rsaDer));

    // Any other key: not ours to read; readPublicKeyPem still reads it as OpenSSL does.
    const PKeyPtr ec(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    QVERIFY(ec);
    QVERIFY(!crypto::readPinnableSpki(spkiDer(ec.get())));
    QVERIFY(sameKey(crypto::readPublicKeyPem(crypto::publicKeyPem(ec.get())).get(), ec.get()));
    QVERIFY(!crypto::keyAlgorithm(ec.get()));
    // PEM armour: another label, or headers, is not a public key.
    QByteArray pem = crypto::publicKeyPem(ed.get());
    QVERIFY(sameKey(crypto::readPublicKeyPem(pem).get(), ed.get()));
    QVERIFY(!crypto::readPublicKeyPem(QByteArray(pem).replace("PUBLIC KEY", "CERTIFICATE")));
    QVERIFY(!crypto::readPublicKeyPem(pem.left(pem.size() / 2)));
    // An encrypted PEM is refused without asking for a pass phrase (on a terminal, `status`
    // waited at OpenSSL's prompt).
    QByteArray encrypted = pem;
    encrypted.replace("-----BEGIN PUBLIC KEY-----\n",
                      "-----BEGIN PUBLIC KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n");
    QVERIFY(encrypted != pem);
    QVERIFY(!crypto::readPublicKeyPem(encrypted));
}

// The vendor server's memo of its own signatures (issue 14): a token it signed comes back with
// the next heartbeat and is not checked again; every other token is checked as before.
void TestJws::memoAnswersOnlyForItsKeyAndItsBytes()
{
    QFETCH(int, algorithm);
    const TestVendorKey vendor{KeyAlgorithm(algorithm)};
    const TestVendorKey other{KeyAlgorithm(algorithm)};
    EVP_PKEY *key = vendor.key.get();
    const QDateTime now = at("2026-11-22T12:00:00Z");
    SignatureMemo memo(key);
    TokenCheckOptions check;
    check.memo = &memo;

    // Signed into the memo: the next check of the same bytes is answered by it.
    const TokenClaims claims = makeClaims(QStringLiteral("sha256:abc"), now.addSecs(-3600));
    const QByteArray token = signToken(claims, key, {}, &memo);
    QVERIFY(!token.isEmpty());
    QCOMPARE(memo.answered(), 0u);
    TokenVerification v = verifyToken(token, key, check);
    QVERIFY2(v.ok(), qPrintable(v.detail));
    QCOMPARE(v.claims->tokenId, claims.tokenId);
    QCOMPARE(memo.answered(), 1u);

    // Any other bytes are checked in full, and refused when they do not verify.
    const QList<QByteArray> parts = token.split('.');
    QByteArray signature = *crypto::base64UrlDecode(parts[2]);
    signature[5] = char(signature[5] ^ 0x01);
    QCOMPARE(verifyToken(parts[0] + '.' + parts[1] + '.' + crypto::base64UrlEncode(signature), key, check).error, TokenError::BadSignature);
    TokenClaims changed = claims;
    changed.plan = QStringLiteral("enterprise");
    const QByteArray changedPayload = crypto::base64UrlEncode(QJsonDocument(changed.toJson()).toJson(QJsonDocument::Compact));
    QCOMPARE(verifyToken(parts[0] + '.' + changedPayload + '.' + parts[2], key, check).error, TokenError::BadSignature);
    QCOMPARE(verifyToken(signToken(claims, other.key.get()), key, check).error, TokenError::BadSignature);
    QCOMPARE(memo.answered(), 1u);

    // A memo speaks for its own key only: another key's memo is not asked, and the token it
    // knows fails against this key.
    SignatureMemo otherMemo(other.key.get());
    const QByteArray otherToken = signToken(claims, other.key.get(), {}, &otherMemo);
    TokenCheckOptions otherCheck;
    otherCheck.memo = &otherMemo;
    QCOMPARE(verifyToken(otherToken, key, otherCheck).error, TokenError::BadSignature);
    QCOMPARE(otherMemo.answered(), 0u);
    QVERIFY(!memo.covers(other.key.get()));

    // A token signed elsewhere with this key is verified once, then remembered.
    const TokenClaims second = makeClaims(QStringLiteral("sha256:abc"), now.addSecs(-60));
    const QByteArray outside = signToken(second, key);
    QVERIFY(verifyToken(outside, key, check).ok());
    QCOMPARE(memo.answered(), 1u);
    QVERIFY(verifyToken(outside, key, check).ok());
    QCOMPARE(memo.answered(), 2u);

    // A remembered signature does not lift the other checks: time, fingerprint.
    check.now = now.addDays(400);
    QCOMPARE(verifyToken(token, key, check).error, TokenError::Expired);
    check.now = now;
    check.expectedFingerprint = QStringLiteral("sha256:other");
    QCOMPARE(verifyToken(token, key, check).error, TokenError::FingerprintMismatch);
    QCOMPARE(memo.answered(), 4u);

    // Bounded: with one slot, a newer signature takes the older one's place, and the older
    // token is checked in full again (and still accepted).
    SignatureMemo small(key, 1);
    TokenCheckOptions smallCheck;
    smallCheck.memo = &small;
    const QByteArray first = signToken(claims, key, {}, &small);
    const QByteArray newer = signToken(second, key, {}, &small);
    QVERIFY(verifyToken(first, key, smallCheck).ok());
    QCOMPARE(small.answered(), 0u);
    QVERIFY(verifyToken(first, key, smallCheck).ok());
    QCOMPARE(small.answered(), 1u);
    QVERIFY(!newer.isEmpty());
}

QTEST_GUILESS_MAIN(TestJws)
#include "tst_jws.moc"
