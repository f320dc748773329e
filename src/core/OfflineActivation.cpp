#include "OfflineActivation.h"
#include "Redact.h"

#include "Clock.h"
#include "Crypto.h"
#include "LicenseKey.h"

#include <QJsonDocument>
#include <QUuid>
#include <QtEndian>

#include <algorithm>

namespace hotelhub {

namespace {
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr int kKeyChars = 20; // HMS-XXXXX-XXXXX-XXXXX-XXXXX without the prefix and dashes
constexpr int kChecksumBytes = 4;
constexpr int kMaxInfoBytes = 80;
constexpr int kMaxReasonBytes = 500;
const char *const kComponentNames[] = {"machine_id", "primary_mac", "os_release", "install_path", "install_id"};

enum Flag : quint8 { HasKey = 1, HasHeld = 2, HasMove = 4 };

int symbolValue(QChar c)
{
    const char16_t u = QChar::toUpper(c.unicode());
    switch (u) {
    case u'O': return 0;
    case u'I':
    case u'L': return 1;
    default: break;
    }
    for (int i = 0; i < 32; ++i)
        if (kAlphabet[i] == u)
            return i;
    return -1;
}

// GF(32) with x^5 + x^2 + 1: a check over a group that catches every single wrong character and
// every swap of two neighbours, and (through the group's number) a group typed in the wrong place.
int gfMul(int a, int b)
{
    int r = 0;
    while (b) {
        if (b & 1)
            r ^= a;
        b >>= 1;
        a <<= 1;
        if (a & 32)
            a ^= 0b100101;
    }
    return r;
}

int groupCheck(int group, const int values[4])
{
    int check = group & 31;
    int power = 1;
    for (int i = 0; i < 4; ++i) {
        power = gfMul(power, 2);
        check ^= gfMul(power, values[i]);
    }
    return check;
}

QByteArray hexToBytes(const QString &tagged, int expected)
{
    const QString hex = tagged.startsWith(QLatin1String("sha256:")) ? tagged.mid(7) : tagged;
    if (hex.size() != expected * 2)
        return {};
    const QByteArray bytes = QByteArray::fromHex(hex.toLatin1());
    return bytes.size() == expected && bytes.toHex() == hex.toLatin1() ? bytes : QByteArray();
}

QString taggedHex(const QByteArray &bytes) { return QStringLiteral("sha256:") + QString::fromLatin1(bytes.toHex()); }

void putText(QByteArray &out, const QString &text, int maxBytes, int lengthBytes)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.size() > maxBytes) {
        // Cut at a character boundary, never inside one: back from the first byte left out while
        // it continues a character (10xxxxxx). One pass, where chopping a character at a time and
        // encoding again was quadratic in the text.
        qsizetype cut = maxBytes;
        while (cut > 0 && (quint8(utf8.at(cut)) & 0xC0) == 0x80)
            --cut;
        utf8.truncate(cut);
    }
    if (lengthBytes == 2)
        out.append(char(utf8.size() >> 8));
    out.append(char(utf8.size()));
    out.append(utf8);
}

// Reads from a byte buffer; every read fails once the buffer is short, so a damaged request is
// refused without reading past its end.
class Reader
{
public:
    explicit Reader(const QByteArray &bytes) : m_bytes(bytes) {}
    QByteArray take(int n)
    {
        if (n < 0 || m_pos + n > m_bytes.size()) {
            m_ok = false;
            return {};
        }
        const QByteArray part = m_bytes.mid(m_pos, n);
        m_pos += n;
        return part;
    }
    int byte() { const QByteArray b = take(1); return b.isEmpty() ? 0 : quint8(b[0]); }
    QString text(int lengthBytes)
    {
        int n = byte();
        if (lengthBytes == 2)
            n = (n << 8) | byte();
        const QByteArray raw = take(n);
        const QString s = QString::fromUtf8(raw);
        if (s.toUtf8() != raw)
            m_ok = false; // not UTF-8
        return s;
    }
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_pos == m_bytes.size(); }

private:
    const QByteArray &m_bytes;
    int m_pos = 0;
    bool m_ok = true;
};
} // namespace

bool offline::looksLikeCodePiece(QStringView run)
{
    const qsizetype groups = (run.size() + 1) / 6;
    if (groups > 8)
        return true;
    if (groups < 5 || groups > kCodeGroups)
        return false;
    for (qsizetype at = 0; at + groups <= kCodeGroups; ++at) {
        qsizetype wrong = 0;
        for (qsizetype g = 0; g < groups && wrong < 2; ++g) {
            int values[5];
            for (int i = 0; i < 5; ++i)
                values[i] = symbolValue(run.at(g * 6 + i));
            const bool readable = std::all_of(values, values + 5, [](int v) { return v >= 0; });
            wrong += !readable || groupCheck(int(at + g), values) != values[4];
        }
        if (wrong < 2)
            return true;
    }
    return false;
}

QString base32Encode(const QByteArray &bytes)
{
    QString out;
    out.reserve((bytes.size() * 8 + 4) / 5);
    quint32 buffer = 0;
    int bits = 0;
    for (const char c : bytes) {
        buffer = (buffer << 8) | quint8(c);
        bits += 8;
        while (bits >= 5) {
            out.append(QLatin1Char(kAlphabet[(buffer >> (bits - 5)) & 31]));
            bits -= 5;
        }
    }
    if (bits > 0)
        out.append(QLatin1Char(kAlphabet[(buffer << (5 - bits)) & 31]));
    return out;
}

std::optional<QByteArray> base32Decode(const QString &text)
{
    QByteArray out;
    out.reserve(text.size() * 5 / 8);
    quint32 buffer = 0;
    int bits = 0;
    for (const QChar c : text) {
        const int v = symbolValue(c);
        if (v < 0)
            return std::nullopt;
        buffer = (buffer << 5) | quint32(v);
        bits += 5;
        if (bits >= 8) {
            out.append(char((buffer >> (bits - 8)) & 0xff));
            bits -= 8;
        }
    }
    // The bits left over are padding: they must be zero, or the text was not made by encode.
    if (bits >= 5 || (buffer & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
}

LicenseBlock LicenseBlock::fromClaims(const TokenClaims &c)
{
    return {c.subject, c.keyHash, c.plan, c.features, c.validUntil, c.graceDays};
}

QJsonObject LicenseBlock::toJson() const
{
    return {{QStringLiteral("sub"), subject},
            {QStringLiteral("key_hash"), keyHash},
            {QStringLiteral("plan"), plan},
            {QStringLiteral("features"), features},
            {QStringLiteral("valid_until"), validUntil.toUTC().toString(Qt::ISODate)},
            {QStringLiteral("grace_days"), graceDays}};
}

std::optional<LicenseBlock> LicenseBlock::fromJson(const QJsonObject &o)
{
    LicenseBlock b;
    b.subject = o.value(QStringLiteral("sub")).toString();
    b.keyHash = o.value(QStringLiteral("key_hash")).toString();
    b.plan = o.value(QStringLiteral("plan")).toString();
    b.features = o.value(QStringLiteral("features")).toObject();
    b.validUntil = parseUtcTimestamp(o.value(QStringLiteral("valid_until")).toString());
    b.graceDays = o.value(QStringLiteral("grace_days")).toInt(30);
    if (b.subject.isEmpty() || b.keyHash.isEmpty() || !b.validUntil.isValid())
        return std::nullopt;
    return b;
}

QByteArray LicenseBlock::digest() const
{
    return crypto::sha256(QJsonDocument(toJson()).toJson(QJsonDocument::Compact)).left(16);
}

QString OfflineRequest::nonceText() const { return base32Encode(nonce); }

QString OfflineRequest::encode() const
{
    QByteArray b;
    quint8 flags = 0;
    const LicenseKey key = LicenseKey::parse(licenseKey);
    if (key.isValid())
        flags |= HasKey;
    if (!heldDigest.isEmpty())
        flags |= HasHeld;
    if (!moveReason.isEmpty())
        flags |= HasMove;
    b.append(char(1));
    b.append(char(flags));
    if (key.isValid())
        b.append(key.text().mid(4).remove(u'-').toLatin1());
    else
        b.append(hexToBytes(keyHash, 32));
    b.append(hexToBytes(fingerprint, 32));
    b.append(QUuid::fromString(installId).toRfc4122());
    b.append(nonce.left(16).leftJustified(16, '\0'));
    char when[8];
    qToBigEndian<qint64>(createdAt.toSecsSinceEpoch(), when);
    b.append(when, 8);
    for (const char *name : kComponentNames) {
        const QByteArray h = hexToBytes(components.value(QLatin1String(name)).toString(), 32);
        b.append(h.isEmpty() ? QByteArray(32, '\0') : h);
    }
    putText(b, hostname, kMaxInfoBytes, 1);
    putText(b, os, kMaxInfoBytes, 1);
    putText(b, appVersion, kMaxInfoBytes, 1);
    if (flags & HasHeld) {
        b.append(heldDigest.left(16).leftJustified(16, '\0'));
        putText(b, heldJti, 64, 1);
    }
    if (flags & HasMove)
        putText(b, moveReason, kMaxReasonBytes, 2);
    b.append(crypto::sha256(b).left(kChecksumBytes));
    return QLatin1String(offline::kRequestPrefix) + base32Encode(b);
}

QString OfflineRequest::encodeWrapped(int width) const
{
    const QString text = encode();
    QStringList lines;
    for (qsizetype i = 0; i < text.size(); i += width)
        lines << text.mid(i, width);
    return lines.join(u'\n');
}

std::optional<OfflineRequest> OfflineRequest::decode(const QString &pasted, QString *problem)
{
    auto fail = [problem](const QString &why) {
        *problem = why;
        return std::nullopt;
    };
    if (pasted.size() > 64 * 1024)
        return fail(OfflineText::tr("This is far longer than an activation request."));
    QString text;
    for (const QChar c : pasted)
        if (!c.isSpace())
            text.append(c.toUpper());
    const QString prefix = QLatin1String(offline::kRequestPrefix);
    if (!text.startsWith(prefix))
        return fail(OfflineText::tr("This is not a HotelHub activation request (it should start with %1).").arg(prefix));
    const std::optional<QByteArray> raw = base32Decode(text.mid(prefix.size()));
    if (!raw || raw->size() < kChecksumBytes + 2)
        return fail(OfflineText::tr("The activation request is damaged (a character is missing or wrong). Ask for it again, as a file or a photo of the QR code."));
    const QByteArray body = raw->left(raw->size() - kChecksumBytes);
    if (!crypto::constantTimeEquals(crypto::sha256(body).left(kChecksumBytes), raw->right(kChecksumBytes)))
        return fail(OfflineText::tr("The activation request is damaged (its checksum does not match). Ask for it again, as a file or a photo of the QR code."));
    Reader r(body);
    OfflineRequest q;
    if (r.byte() != 1)
        return fail(OfflineText::tr("This activation request comes from a newer HotelHub version. Update the licence server."));
    const int flags = r.byte();
    if (flags & HasKey) {
        const LicenseKey key = LicenseKey::parse(QStringLiteral("HMS-") + QString::fromLatin1(r.take(kKeyChars)));
        if (!key.isValid())
            return fail(OfflineText::tr("The activation request holds a malformed licence key."));
        q.licenseKey = key.text();
        q.keyHash = key.hash();
    } else {
        q.keyHash = taggedHex(r.take(32));
    }
    q.fingerprint = taggedHex(r.take(32));
    q.installId = QUuid::fromRfc4122(r.take(16)).toString(QUuid::WithoutBraces);
    q.nonce = r.take(16);
    const QByteArray when = r.take(8);
    q.createdAt = when.size() == 8 ? QDateTime::fromSecsSinceEpoch(qFromBigEndian<qint64>(when.constData()), Qt::UTC) : QDateTime();
    for (const char *name : kComponentNames)
        q.components.insert(QLatin1String(name), taggedHex(r.take(32)));
    // Plain lines, whatever a request made elsewhere carries: the vendor's terminal shows them.
    q.hostname = plainLine(r.text(1), 255);
    q.os = plainLine(r.text(1), 255);
    q.appVersion = plainLine(r.text(1), 255);
    if (flags & HasHeld) {
        q.heldDigest = r.take(16);
        q.heldJti = r.text(1);
    }
    if (flags & HasMove)
        q.moveReason = r.text(2);
    if (!r.ok() || !r.atEnd() || (flags & ~(HasKey | HasHeld | HasMove)) || !q.createdAt.isValid())
        return fail(OfflineText::tr("The activation request is damaged (its fields do not add up). Ask for it again."));
    return q;
}

QString offlineJti(const QByteArray &nonce) { return QStringLiteral("offline-") + base32Encode(nonce); }

TokenClaims offlineClaims(const OfflineRequest &request, const LicenseBlock &block, int days)
{
    TokenClaims c;
    c.issuer = QLatin1String(kTokenIssuer);
    c.audience = QLatin1String(kTokenAudience);
    c.subject = block.subject;
    c.tokenId = offlineJti(request.nonce);
    c.fingerprint = request.fingerprint;
    c.installId = request.installId;
    c.issuedAt = QDateTime::fromSecsSinceEpoch(request.createdAt.toSecsSinceEpoch(), Qt::UTC);
    c.notBefore = c.issuedAt;
    c.expiresAt = c.issuedAt.addDays(days);
    c.keyHash = block.keyHash;
    c.plan = block.plan;
    c.features = block.features;
    c.validUntil = block.validUntil;
    c.graceDays = block.graceDays;
    c.signedVerdicts = true;
    c.offlineNonce = request.nonceText();
    return c;
}

QString encodeOfflineCode(const OfflineCode &code)
{
    const QString data = base32Encode(code.signature + QByteArray(1, char(code.days)));
    QStringList groups;
    for (int g = 0; g < offline::kCodeGroups; ++g) {
        int values[4];
        QString group;
        for (int i = 0; i < 4; ++i) {
            const QChar c = data.at(g * 4 + i);
            values[i] = symbolValue(c);
            group.append(c);
        }
        group.append(QLatin1Char(kAlphabet[groupCheck(g, values)]));
        groups << group;
    }
    return groups.join(u'-');
}

QString formatPartialOfflineCode(const QString &typed)
{
    QString shown;
    int symbols = 0;
    for (const QChar c : typed) {
        if (symbolValue(c) < 0 || symbols == offline::kCodeLength)
            continue;
        if (symbols > 0 && symbols % 5 == 0)
            shown.append(u'-');
        shown.append(c.toUpper());
        ++symbols;
    }
    return shown;
}

bool looksLikeOfflineCode(const QString &text)
{
    int symbols = 0;
    for (const QChar c : text) {
        if (c.isSpace() || c == u'-')
            continue;
        if (symbolValue(c) < 0)
            return false;
        ++symbols;
    }
    return symbols > 0;
}

std::optional<OfflineCode> decodeOfflineCode(const QString &typed, CodeProblem *problem)
{
    QString symbols;
    for (const QChar c : typed) {
        if (c.isSpace() || c == u'-' || c == QChar(0x2013) || c == QChar(0x2014))
            continue;
        if (symbolValue(c) < 0) {
            *problem = {0, OfflineText::tr("The code holds '%1', which is not one of its characters (digits and letters except I, L, O and U).").arg(c)};
            return std::nullopt;
        }
        symbols.append(c);
    }
    if (symbols.size() != offline::kCodeLength) {
        *problem = {0, OfflineText::tr("The code has %1 characters; an activation code has %2 (26 groups of 5). Check that no group is missing.")
                           .arg(symbols.size()).arg(offline::kCodeLength)};
        return std::nullopt;
    }
    QString data;
    for (int g = 0; g < offline::kCodeGroups; ++g) {
        int values[4];
        for (int i = 0; i < 4; ++i)
            values[i] = symbolValue(symbols.at(g * 5 + i));
        if (groupCheck(g, values) != symbolValue(symbols.at(g * 5 + 4))) {
            *problem = {g + 1, OfflineText::tr("Group %1 (%2) has a typing mistake. Compare it with the code you were given.")
                                   .arg(g + 1).arg(symbols.mid(g * 5, 5).toUpper())};
            return std::nullopt;
        }
        data += symbols.mid(g * 5, 4);
    }
    const std::optional<QByteArray> raw = base32Decode(data);
    if (!raw || raw->size() != 65 || quint8(raw->at(64)) == 0) {
        *problem = {0, OfflineText::tr("The code cannot be read. Check it against the code you were given, or open the answer file.")};
        return std::nullopt;
    }
    return OfflineCode{raw->left(64), quint8(raw->at(64))};
}

QString offlineCodeForToken(const QByteArray &token, int days)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3 || days < 1 || days > offline::kMaxValidityDays)
        return {};
    const auto header = crypto::base64UrlDecode(parts[0]);
    const auto signature = crypto::base64UrlDecode(parts[2]);
    if (!header || !signature || signature->size() != 64)
        return {};
    if (QJsonDocument::fromJson(*header).object().value(QStringLiteral("alg")).toString() != QLatin1String("EdDSA"))
        return {};
    return encodeOfflineCode({*signature, days});
}

QByteArray rebuildOfflineToken(const TokenClaims &claims, const QByteArray &signature)
{
    // Exactly what the vendor's signer writes (Jws.cpp): the compact header, then the claims.
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("EdDSA")}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
    return crypto::base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + crypto::base64UrlEncode(QJsonDocument(claims.toJson()).toJson(QJsonDocument::Compact)) + '.' + crypto::base64UrlEncode(signature);
}

} // namespace hotelhub
