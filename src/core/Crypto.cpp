#include "Crypto.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <algorithm>

namespace hotelhub {

void PKeyDeleter::operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }

namespace {
struct MdCtxDeleter { void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); } };
struct CipherCtxDeleter { void operator()(EVP_CIPHER_CTX *c) const { EVP_CIPHER_CTX_free(c); } };
struct BioDeleter { void operator()(BIO *b) const { BIO_free(b); } };
struct KdfDeleter { void operator()(EVP_KDF *k) const { EVP_KDF_free(k); } };
struct KdfCtxDeleter { void operator()(EVP_KDF_CTX *c) const { EVP_KDF_CTX_free(c); } };
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

constexpr int kGcmNonce = 12;
constexpr int kGcmTag = 16;

const unsigned char *bytes(const QByteArray &b) { return reinterpret_cast<const unsigned char *>(b.constData()); }
unsigned char *bytes(QByteArray &b) { return reinterpret_cast<unsigned char *>(b.data()); }

// An encrypted PEM ("Proc-Type: 4,ENCRYPTED") is refused: without a callback OpenSSL asks for a
// pass phrase on the terminal, and `status` waited there for ever.
int noPassphrase(char *, int, int, void *) { return -1; }

BioPtr memoryBio(const QByteArray &data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), int(data.size())));
}

QByteArray drain(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, size);
}
} // namespace

namespace crypto {

void skipCleanupAtExit() { OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr); }

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(sha256(data).toHex());
}

QString sha256Tagged(const QByteArray &data)
{
    return QStringLiteral("sha256:") + sha256Hex(data);
}

QByteArray randomBytes(int count)
{
    QByteArray out(count, Qt::Uninitialized);
    if (RAND_bytes(bytes(out), count) != 1)
        qFatal("OpenSSL RAND_bytes failed: the system has no usable entropy source");
    return out;
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

QByteArray base64UrlEncode(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<QByteArray> base64UrlDecode(const QByteArray &text)
{
    // JWS forbids padding and the standard alphabet; reject both instead of guessing.
    for (char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok)
            return std::nullopt;
    }
    if (text.size() % 4 == 1)
        return std::nullopt;
    auto result = QByteArray::fromBase64Encoding(text, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    // One spelling per value: a last character whose unused low bits are set decodes to the same
    // bytes as the canonical one, so a token could be re-spelled without touching its signature.
    if (const qsizetype tail = text.size() % 4; tail != 0) {
        static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        const int value = int(std::find(kAlphabet, kAlphabet + 64, text.back()) - kAlphabet);
        const int unusedBits = tail == 2 ? 4 : 2;
        if ((value & ((1 << unusedBits) - 1)) != 0)
            return std::nullopt;
    }
    return result.decoded;
}

QByteArray hkdfSha256(const QByteArray &secret, const QByteArray &salt, const QByteArray &info, int length)
{
    std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    std::unique_ptr<EVP_KDF_CTX, KdfCtxDeleter> ctx(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr);
    if (!ctx)
        return {};
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char *>(secret.constData()), size_t(secret.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char *>(salt.constData()), size_t(salt.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char *>(info.constData()), size_t(info.size())),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(length, Qt::Uninitialized);
    if (EVP_KDF_derive(ctx.get(), bytes(out), size_t(length), params) != 1)
        return {};
    return out;
}

QByteArray hmacSha256(const QByteArray &key, const QByteArray &data)
{
    return QMessageAuthenticationCode::hash(data, key, QCryptographicHash::Sha256);
}

QByteArray aesGcmEncrypt(const QByteArray &key, const QByteArray &plain, const QByteArray &aad)
{
    Q_ASSERT(key.size() == 32);
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    const QByteArray nonce = randomBytes(kGcmNonce);
    QByteArray cipher(plain.size() + 16, Qt::Uninitialized);
    QByteArray tag(kGcmTag, Qt::Uninitialized);
    int len = 0, total = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kGcmNonce, nullptr) != 1
        || EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) != 1
        || EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int(aad.size())) != 1
        || EVP_EncryptUpdate(ctx.get(), bytes(cipher), &len, bytes(plain), int(plain.size())) != 1)
        return {};
    total = len;
    if (EVP_EncryptFinal_ex(ctx.get(), bytes(cipher) + total, &len) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kGcmTag, tag.data()) != 1)
        return {};
    total += len;
    cipher.resize(total);
    return nonce + cipher + tag;
}

std::optional<QByteArray> aesGcmDecrypt(const QByteArray &key, const QByteArray &sealed, const QByteArray &aad)
{
    if (key.size() != 32 || sealed.size() < kGcmNonce + kGcmTag)
        return std::nullopt;
    const QByteArray nonce = sealed.left(kGcmNonce);
    QByteArray tag = sealed.right(kGcmTag);
    const QByteArray cipher = sealed.mid(kGcmNonce, sealed.size() - kGcmNonce - kGcmTag);
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    QByteArray plain(cipher.size() + 16, Qt::Uninitialized);
    int len = 0, total = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kGcmNonce, nullptr) != 1
        || EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) != 1
        || EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int(aad.size())) != 1
        || EVP_DecryptUpdate(ctx.get(), bytes(plain), &len, bytes(cipher), int(cipher.size())) != 1)
        return std::nullopt;
    total = len;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kGcmTag, tag.data()) != 1
        || EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + total, &len) != 1)
        return std::nullopt;
    total += len;
    plain.resize(total);
    return plain;
}

PKeyPtr generateKey(KeyAlgorithm algorithm)
{
    if (algorithm == KeyAlgorithm::Rsa2048)
        return PKeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048)));
    return PKeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
}

namespace {
struct AsnSequenceDeleter { void operator()(STACK_OF(ASN1_TYPE) *s) const { sk_ASN1_TYPE_pop_free(s, ASN1_TYPE_free); } };
struct BnDeleter { void operator()(BIGNUM *b) const { BN_free(b); } };
struct ParamBldDeleter { void operator()(OSSL_PARAM_BLD *b) const { OSSL_PARAM_BLD_free(b); } };
struct ParamDeleter { void operator()(OSSL_PARAM *p) const { OSSL_PARAM_free(p); } };
struct PKeyCtxDeleter { void operator()(EVP_PKEY_CTX *c) const { EVP_PKEY_CTX_free(c); } };
using AsnSequencePtr = std::unique_ptr<STACK_OF(ASN1_TYPE), AsnSequenceDeleter>;
using BnPtr = std::unique_ptr<BIGNUM, BnDeleter>;

// A DER SEQUENCE read whole by OpenSSL's generic parser: its elements, or null when anything
// follows it. The tag must be a constructed SEQUENCE (0x30): the generic parser also takes the
// primitive form 0x10, which no DER key has and OpenSSL's key decoder refuses (fuzz_jws).
AsnSequencePtr derSequence(const unsigned char *der, long length)
{
    if (length < 2 || der[0] != 0x30)
        return {};
    const unsigned char *p = der;
    AsnSequencePtr seq(d2i_ASN1_SEQUENCE_ANY(nullptr, &p, length));
    return seq && p == der + length ? std::move(seq) : AsnSequencePtr();
}

ASN1_TYPE *element(const AsnSequencePtr &seq, int i, int type)
{
    ASN1_TYPE *t = i < sk_ASN1_TYPE_num(seq.get()) ? sk_ASN1_TYPE_value(seq.get(), i) : nullptr;
    return t && ASN1_TYPE_get(t) == type ? t : nullptr;
}

PKeyPtr rsaPublicKey(const ASN1_BIT_STRING *bits)
{
    const AsnSequencePtr rsa = derSequence(bits->data, bits->length); // RSAPublicKey (RFC 8017)
    const ASN1_TYPE *n = rsa && sk_ASN1_TYPE_num(rsa.get()) == 2 ? element(rsa, 0, V_ASN1_INTEGER) : nullptr;
    const ASN1_TYPE *e = n ? element(rsa, 1, V_ASN1_INTEGER) : nullptr;
    if (!e)
        return {};
    const BnPtr modulus(ASN1_INTEGER_to_BN(n->value.integer, nullptr));
    const BnPtr exponent(ASN1_INTEGER_to_BN(e->value.integer, nullptr));
    if (!modulus || !exponent || BN_is_negative(modulus.get()) || BN_is_negative(exponent.get()))
        return {};
    const std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> build(OSSL_PARAM_BLD_new());
    if (!build || OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1
        || OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1)
        return {};
    const std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(build.get()));
    const std::unique_ptr<EVP_PKEY_CTX, PKeyCtxDeleter> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY *key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1
        || EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return {};
    return PKeyPtr(key);
}

} // namespace

PKeyPtr readPinnableSpki(const QByteArray &der)
{
    const AsnSequencePtr spki = derSequence(bytes(der), long(der.size()));
    if (!spki || sk_ASN1_TYPE_num(spki.get()) != 2)
        return {};
    const ASN1_TYPE *algorithm = element(spki, 0, V_ASN1_SEQUENCE);
    const ASN1_TYPE *keyBits = element(spki, 1, V_ASN1_BIT_STRING);
    if (!algorithm || !keyBits)
        return {};
    const ASN1_BIT_STRING *bits = keyBits->value.bit_string;
    if ((bits->flags & ASN1_STRING_FLAG_BITS_LEFT) && (bits->flags & 0x07))
        return {}; // a key is whole bytes
    const AsnSequencePtr ident = derSequence(algorithm->value.sequence->data, algorithm->value.sequence->length);
    const ASN1_TYPE *oid = ident ? element(ident, 0, V_ASN1_OBJECT) : nullptr;
    if (!oid)
        return {};
    const int fields = sk_ASN1_TYPE_num(ident.get());
    switch (OBJ_obj2nid(oid->value.object)) {
    case NID_rsaEncryption: // parameters: NULL
        return fields == 2 && element(ident, 1, V_ASN1_NULL) ? rsaPublicKey(bits) : PKeyPtr();
    case NID_ED25519: // no parameters (RFC 8410)
        return fields == 1 && bits->length == 32
            ? PKeyPtr(EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr, bits->data, size_t(bits->length)))
            : PKeyPtr();
    default:
        return {};
    }
}
PKeyPtr readPublicKeyPem(const QByteArray &pem)
{
    BioPtr bio = memoryBio(pem);
    if (!bio)
        return {};
    char *name = nullptr;
    char *header = nullptr;
    unsigned char *data = nullptr;
    long length = 0;
    if (PEM_read_bio(bio.get(), &name, &header, &data, &length) != 1)
        return {};
    PKeyPtr key;
    if (qstrcmp(name, "PUBLIC KEY") == 0 && header && header[0] == '\0')
        key = readPinnableSpki(QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(length)));
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
    if (key)
        return key;
    bio = memoryBio(pem); // any other key, or an unusual encoding of these: OpenSSL's decoders
    return PKeyPtr(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, noPassphrase, nullptr) : nullptr);
}

PKeyPtr readPrivateKeyPem(const QByteArray &pem)
{
    BioPtr bio = memoryBio(pem);
    return PKeyPtr(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr) : nullptr);
}

QByteArray publicKeyPem(EVP_PKEY *key)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1)
        return {};
    return drain(bio.get());
}

QByteArray privateKeyPem(EVP_PKEY *key)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    return drain(bio.get());
}

std::optional<KeyAlgorithm> keyAlgorithm(EVP_PKEY *key)
{
    if (!key)
        return std::nullopt;
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
        // HotelHub pins RSA-2048 or larger; a weaker RSA key is not a valid vendor key.
        return EVP_PKEY_get_bits(key) >= 2048 ? std::optional(KeyAlgorithm::Rsa2048) : std::nullopt;
    case EVP_PKEY_ED25519:
        return KeyAlgorithm::Ed25519;
    default:
        return std::nullopt;
    }
}

QByteArray sign(EVP_PKEY *privateKey, const QByteArray &data)
{
    const auto algorithm = keyAlgorithm(privateKey);
    if (!algorithm)
        return {};
    MdCtxPtr ctx(EVP_MD_CTX_new());
    const EVP_MD *md = *algorithm == KeyAlgorithm::Rsa2048 ? EVP_sha256() : nullptr;
    size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, privateKey) != 1
        || EVP_DigestSign(ctx.get(), nullptr, &length, bytes(data), size_t(data.size())) != 1)
        return {};
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), bytes(signature), &length, bytes(data), size_t(data.size())) != 1)
        return {};
    signature.resize(qsizetype(length));
    return signature;
}

bool verify(EVP_PKEY *publicKey, const QByteArray &data, const QByteArray &signature)
{
    const auto algorithm = keyAlgorithm(publicKey);
    if (!algorithm)
        return false;
    MdCtxPtr ctx(EVP_MD_CTX_new());
    const EVP_MD *md = *algorithm == KeyAlgorithm::Rsa2048 ? EVP_sha256() : nullptr;
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, publicKey) != 1)
        return false;
    const bool ok = EVP_DigestVerify(ctx.get(), bytes(signature), size_t(signature.size()), bytes(data), size_t(data.size())) == 1;
    ERR_clear_error();
    return ok;
}

QString lastError()
{
    const unsigned long code = ERR_get_error();
    if (code == 0)
        return QStringLiteral("no OpenSSL error recorded");
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    ERR_clear_error();
    return QString::fromLatin1(buffer);
}

} // namespace crypto
} // namespace hotelhub
