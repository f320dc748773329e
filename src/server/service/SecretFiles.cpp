#include "SecretFiles.h"

#include "MarkedText.h"
#include "OwnerOnly.h"
#include "Redact.h"
#include "SmallFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

#include <algorithm>

#ifndef Q_OS_WIN
#include <sys/stat.h>
#endif

namespace hotelhub::service {

QString SecretFiles::exposure(Kind kind, const QString &path)
{
    const bool exposed = kind == Kind::SigningKey ? OwnerOnly::readableByOthers(path) || OwnerOnly::readableByEveryone(path)
                                                  : OwnerOnly::readableByEveryone(path);
    const QString shown = plainLine(QDir::toNativeSeparators(path), 300); // one line, as every path a refusal repeats
    if (!exposed) {
#ifndef Q_OS_WIN
        // A file of this user's alone in a folder every user may change (without the sticky bit
        // of /tmp) can be renamed away and replaced by one they made (helper-51). On Windows the
        // folder's ACL is the installer's (the data folder's DACL is inherited), so not read here.
        const QString folder = QFileInfo(path).absolutePath();
        struct stat st {};
        if (::stat(QFile::encodeName(folder).constData(), &st) == 0 && (st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX))
            return tr("%1 is in the folder %2, which every user of this machine may change: they could put a file of their own "
                      "in its place. Run `chmod o-w` on that folder first, or keep the file in a folder of this user's.")
                .arg(shown, plainLine(folder, 300));
#else
        // Windows: a folder's entries are guarded by its ACL, which the installer sets and the
        // data folder's inherited DACL keeps (OwnerOnly); mode bits and a sticky bit do not exist.
#endif
        return {};
    }
    QString file, risk, otherway;
    switch (kind) {
    case Kind::SigningKey:
        file = tr("The signing key %1").arg(shown);
        risk = tr("sign licences for any hotel");
        break;
    case Kind::TlsKey:
        file = tr("The TLS key %1").arg(shown);
        risk = tr("pose as this server to the hotels");
        otherway = tr(" (or `chmod 640` with a group the server's user is in)");
        break;
    case Kind::TlsBundle:
        file = tr("The TLS certificate file %1, which holds the private key too,").arg(shown);
        risk = tr("pose as this server to the hotels");
        otherway = tr(", or keep the key in a file of its own");
        break;
    case Kind::AdminSecret:
        file = tr("The admin secret file %1").arg(shown);
        risk = tr("change licences through the admin API");
        break;
    }
#ifdef Q_OS_WIN
    return tr("%1 can be read by other users of this computer, who could then %2. Run `icacls \"%3\" /inheritance:r /grant:r "
              "\"%USERNAME%\":F` on it first.")
        .arg(file, risk, shown);
#else
    return tr("%1 can be read or changed by other users of this machine, who could then %2. Run `chmod 600` on it first%3.")
        .arg(file, risk, otherway);
#endif
}

std::optional<QByteArray> SecretFiles::readAdminSecret(const QString &path, QString *error)
{
    QString why;
    const std::optional<QByteArray> secret = SmallFile::read(path, &why, kMaxAdminSecretBytes);
    if (!secret) {
        *error = tr("Cannot use the admin secret file: %1").arg(why);
        return std::nullopt;
    }
    if (const QString exposed = exposure(Kind::AdminSecret, path); !exposed.isEmpty()) {
        *error = exposed;
        return std::nullopt;
    }
    // A mark Notepad writes first is no part of it (the secret was the mark and the text, and every
    // admin request answered 401; helper-52). Notepad's "Unicode" (UTF-16, with its mark) is read
    // as the text it holds, sent as UTF-8 as a terminal sends what is typed (it was refused as
    // "more than one line, or a control character"; helper-53).
    const MarkedText::Decoded decoded = MarkedText::decode(*secret);
    QByteArray text = secret->sliced(MarkedText::markLength(decoded.mark));
    if (MarkedText::isWide(decoded.mark)) {
        if (!decoded.valid) {
            *error = tr("The admin secret in %1 is not readable Unicode text. Save it again as UTF-8, on one line.")
                         .arg(plainLine(QDir::toNativeSeparators(path), 300));
            return std::nullopt;
        }
        if (!decoded.text.isValidUtf16()) { // half a character (a lone surrogate) became "?" in UTF-8
            *error = tr("The admin secret in %1 is not readable Unicode text. Save it again as UTF-8, on one line.")
                         .arg(plainLine(QDir::toNativeSeparators(path), 300));
            return std::nullopt;
        }
        text = decoded.text.toUtf8();
    } else if (text.contains('\0')) {
        *error = tr("The admin secret in %1 looks saved as UTF-16 without its mark. Save it again as UTF-8, on one line.")
                     .arg(plainLine(QDir::toNativeSeparators(path), 300));
        return std::nullopt;
    }
    const QByteArray trimmed = text.trimmed();
    // An Authorization header is one line: a second line, or any control character, made a secret
    // no request could give, so the server started and refused every admin request (helper-52).
    if (std::any_of(trimmed.cbegin(), trimmed.cend(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
        *error = tr("The admin secret in %1 holds more than one line, or a control character: a request's Authorization header "
                    "cannot carry it. Keep the secret alone, on one line.")
                     .arg(plainLine(QDir::toNativeSeparators(path), 300));
        return std::nullopt;
    }
    // An invisible character (a second byte-order mark, a zero-width or no-break space) is typed
    // by nobody: the server started and answered every admin request 401 (helper-54).
    // (Decoded keeping a mark at the start as U+FEFF: QString::fromUtf8 drops it.)
    const QString shown = QStringDecoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom)(trimmed);
    if (std::any_of(shown.cbegin(), shown.cend(), [](QChar c) {
            return c.category() == QChar::Other_Format || (c.category() == QChar::Separator_Space && c != u' ') || c == QChar::ReplacementCharacter;
        })) {
        *error = tr("The admin secret in %1 holds an invisible character (a byte-order mark, a zero-width or a no-break space) or a "
                    "byte that is no UTF-8, which nobody types in a request. Keep only the secret's own characters, saved as UTF-8.")
                     .arg(plainLine(QDir::toNativeSeparators(path), 300));
        return std::nullopt;
    }
    if (trimmed.size() < 16) {
        *error = tr("The admin secret in %1 is shorter than 16 characters; use a long random one.").arg(plainLine(QDir::toNativeSeparators(path), 300));
        return std::nullopt;
    }
    return trimmed;
}

} // namespace hotelhub::service
