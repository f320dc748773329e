#include "VendorKeys.h"
#include "OwnerOnly.h"
#include "SecretFiles.h"
#include "SmallFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace hotelhub::service {

bool VendorKeys::init(const QString &dir, KeyAlgorithm algorithm, QString *publicSha256, QString *error)
{
    // The nearest folder that exists, and the one below it on the way to `dir` (what is made).
    QString existing = QFileInfo(dir).absoluteFilePath();
    QString below;
    while (!QFileInfo::exists(existing) && QFileInfo(existing).absolutePath() != existing) {
        below = existing;
        existing = QFileInfo(existing).absolutePath();
    }
    if (QFileInfo::exists(privateKeyPath(dir))) {
        // Before anything else: a folder that already holds a key is not touched at all.
        *error = tr("%1 already exists; refusing to replace a signing key (every paired client pins it). "
                    "Move it away first if you really mean to start over.").arg(privateKeyPath(dir));
        return false;
    }
    if (!QDir().mkpath(dir)) {
        // That folder says why (its permissions, a read-only or full disk, a file in the way).
        const QString why = !QFileInfo(existing).isDir() ? tr("%1 is a file, not a folder").arg(QDir::toNativeSeparators(existing))
                                                          : SmallFile::whyCannotWrite(below.isEmpty() ? existing : below);
        *error = tr("Cannot create the key folder %1: %2. Give --dir a folder this user may create and write.")
                     .arg(QDir::toNativeSeparators(dir), why.isEmpty() ? tr("the system refused") : why);
        return false;
    }
    // Folders made here are owner-only (on Windows an inherited ACL otherwise); a folder that was
    // there keeps its mode (a shared one, /tmp, a web root), since the key file itself is written
    // owner-only from its first byte. If nothing is written, the folders made here go again.
    const bool made = !below.isEmpty();
    if (made)
        OwnerOnly::restrict(dir);
    const auto removeMade = [&] {
        if (!made)
            return;
        for (QString f = QFileInfo(dir).absoluteFilePath(); f.size() >= below.size(); f = QFileInfo(f).absolutePath())
            if (!QDir().rmdir(f))
                break;
    };
    if (const QString why = SmallFile::whyCannotWrite(privateKeyPath(dir)); !why.isEmpty()) {
        removeMade();
        *error = tr("Cannot write the key pair in %1: %2. Give --dir a folder this user may write, on a disk with room.")
                     .arg(QDir::toNativeSeparators(dir), why);
        return false;
    }
    const PKeyPtr key = crypto::generateKey(algorithm);
    const QByteArray privatePem = key ? crypto::privateKeyPem(key.get()) : QByteArray();
    const QByteArray publicPem = key ? crypto::publicKeyPem(key.get()) : QByteArray();
    if (privatePem.isEmpty() || publicPem.isEmpty()) {
        removeMade();
        *error = tr("Key generation failed: %1").arg(crypto::lastError());
        return false;
    }
    // Each written whole and checked before it replaces anything (Qt 6.4's QSaveFile::commit()
    // missed a write that failed on a full disk: two empty key files and "Created", with a hash
    // printed for a key that existed nowhere; found by the outside check). The private key is
    // owner-only from its first byte; a pair that is not whole is not left behind.
    QString why;
    bool full = false;
    const bool hadPublic = QFile::exists(publicKeyPath(dir));
    if (!SmallFile::writeAtomically(privateKeyPath(dir), privatePem, &why, true, &full)
        || !SmallFile::writeAtomically(publicKeyPath(dir), publicPem, &why, false, &full)) {
        QFile::remove(privateKeyPath(dir));
        if (!hadPublic)
            QFile::remove(publicKeyPath(dir));
        removeMade();
        *error = tr("Cannot write the key pair in %1: %2. Nothing was created: give --dir a folder this user may write, on a disk with room.")
                     .arg(QDir::toNativeSeparators(dir), full ? tr("the disk is full") : why);
        return false;
    }
    *publicSha256 = crypto::sha256Hex(publicPem);
    return true;
}

PKeyPtr VendorKeys::loadPrivate(const QString &dir, QString *error)
{
    QString why;
    const std::optional<QByteArray> pem = SmallFile::read(privateKeyPath(dir), &why);
    if (!pem && !QFileInfo::exists(privateKeyPath(dir))) {
        *error = tr("Cannot read the signing key: %1. Create one with `keys init --dir %2`.").arg(why, dir);
        return {};
    }
    if (!pem) {
        // Never "create one" here: every paired hotel pins this key, and a new one cuts them all off.
        *error = tr("Cannot read the signing key: %1. Let this user read it, or run the server as the user that owns it. Do not make "
                    "a new key: every paired hotel pins this one.")
                     .arg(why);
        return {};
    }
    if (const QString exposed = SecretFiles::exposure(SecretFiles::Kind::SigningKey, privateKeyPath(dir)); !exposed.isEmpty()) {
        *error = exposed;
        return {};
    }
    PKeyPtr key = crypto::readPrivateKeyPem(*pem);
    if (!key || !crypto::keyAlgorithm(key.get())) {
        *error = tr("%1 is not an RSA-2048 or Ed25519 private key in PEM format.").arg(privateKeyPath(dir));
        return {};
    }
    return key;
}

} // namespace hotelhub::service
