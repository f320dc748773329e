// Small, owned wrappers over OpenSSL 3 used by the token, secret and key code.
#pragma once

#include <QByteArray>
#include <QString>
#include <memory>
#include <optional>

typedef struct evp_pkey_st EVP_PKEY;

namespace hotelhub {

struct PKeyDeleter { void operator()(EVP_PKEY *key) const; };
using PKeyPtr = std::unique_ptr<EVP_PKEY, PKeyDeleter>;

enum class KeyAlgorithm { Rsa2048, Ed25519 };

namespace crypto {

// For a short process (the CLI): OpenSSL frees nothing at exit, where the system takes the
// process's memory back anyway (1.3 M instructions, 3 % of `status --json`; issue 14). Before
// any other OpenSSL call.
void skipCleanupAtExit();

QByteArray sha256(const QByteArray &data);
// "sha256:<lower hex>" as used for key hashes and fingerprints.
QString sha256Tagged(const QByteArray &data);
QString sha256Hex(const QByteArray &data);
QByteArray randomBytes(int count);
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

QByteArray base64UrlEncode(const QByteArray &data);
std::optional<QByteArray> base64UrlDecode(const QByteArray &text);

QByteArray hkdfSha256(const QByteArray &secret, const QByteArray &salt, const QByteArray &info, int length);
QByteArray hmacSha256(const QByteArray &key, const QByteArray &data);

// AES-256-GCM. Output layout: nonce (12) | ciphertext | tag (16).
QByteArray aesGcmEncrypt(const QByteArray &key, const QByteArray &plain, const QByteArray &aad);
std::optional<QByteArray> aesGcmDecrypt(const QByteArray &key, const QByteArray &sealed, const QByteArray &aad);

PKeyPtr generateKey(KeyAlgorithm algorithm);
PKeyPtr readPublicKeyPem(const QByteArray &pem);
// The DER SubjectPublicKeyInfo (RFC 5280) of the two kinds of key a vendor pins, RSA and Ed25519,
// read without OpenSSL 3's decoder framework, which sets up every decoder it has on first use: a
// fifth of a `status` process's instructions (issue 14, README "Benchmarks"). Null for any other
// shape; readPublicKeyPem then asks OpenSSL's decoders, so no key is read differently.
PKeyPtr readPinnableSpki(const QByteArray &der);
PKeyPtr readPrivateKeyPem(const QByteArray &pem);
QByteArray publicKeyPem(EVP_PKEY *key);
QByteArray privateKeyPem(EVP_PKEY *key);
std::optional<KeyAlgorithm> keyAlgorithm(EVP_PKEY *key);

// RS256 (RSA PKCS#1 v1.5 with SHA-256) or Ed25519, chosen by the key's type.
QByteArray sign(EVP_PKEY *privateKey, const QByteArray &data);
bool verify(EVP_PKEY *publicKey, const QByteArray &data, const QByteArray &signature);

// The last OpenSSL error as text, for logs that never contain key material.
QString lastError();

} // namespace crypto
} // namespace hotelhub
