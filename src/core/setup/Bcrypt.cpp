#include "Bcrypt.h"

#include <QtGlobal>

#include <array>
#include <cctype>
#include <optional>
#include <string>

namespace hotelhub::bcrypt {

namespace {
#include "BlowfishPi.inc"

constexpr char kAlphabet[] = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

struct Blowfish
{
    std::array<quint32, 18> p;
    std::array<std::array<quint32, 256>, 4> s;

    Blowfish()
    {
        std::copy(std::begin(kPiP), std::end(kPiP), p.begin());
        for (int box = 0; box < 4; ++box)
            std::copy(std::begin(kPiS[box]), std::end(kPiS[box]), s[box].begin());
    }

    quint32 f(quint32 x) const
    {
        return ((s[0][x >> 24] + s[1][(x >> 16) & 0xff]) ^ s[2][(x >> 8) & 0xff]) + s[3][x & 0xff];
    }

    void encrypt(quint32 &left, quint32 &right) const
    {
        quint32 l = left, r = right;
        for (int round = 0; round < 16; round += 2) {
            l ^= p[round];
            r ^= f(l);
            r ^= p[round + 1];
            l ^= f(r);
        }
        left = r ^ p[17];
        right = l ^ p[16];
    }
};

// 18 big-endian words read from the bytes of data taken as a cycle: what Blowfish's key
// schedule XORs into the P-array (for bcrypt's salt, 16 bytes, the same four words repeat).
std::array<quint32, 18> cycleWords(const QByteArray &data)
{
    std::array<quint32, 18> words{};
    int pos = 0;
    for (quint32 &word : words) {
        for (int i = 0; i < 4; ++i) {
            word = (word << 8) | quint8(data[pos]);
            pos = pos + 1 == data.size() ? 0 : pos + 1;
        }
    }
    return words;
}

// Blowfish's key schedule with bcrypt's salt: the key's words are XORed into the P-array, then
// every P and S entry is replaced by successive encryptions of a running block that has the
// salt's words mixed in (salt null: the plain Blowfish schedule). Hot: 2^cost x 2 calls.
void expandKey(Blowfish &bf, const std::array<quint32, 18> &keyWords, const std::array<quint32, 18> *salt)
{
    for (int i = 0; i < 18; ++i)
        bf.p[i] ^= keyWords[i];
    quint32 l = 0, r = 0;
    int saltPos = 0;
    auto refill = [&](quint32 *slots, int count) {
        for (int i = 0; i < count; i += 2) {
            if (salt) {
                l ^= (*salt)[saltPos];
                r ^= (*salt)[saltPos + 1];
                saltPos ^= 2; // the salt's four words, two at a time
            }
            bf.encrypt(l, r);
            slots[i] = l;
            slots[i + 1] = r;
        }
    };
    refill(bf.p.data(), int(bf.p.size()));
    for (auto &box : bf.s)
        refill(box.data(), int(box.size()));
}

QByteArray encode(const QByteArray &bytes)
{
    QByteArray out;
    for (int i = 0; i < bytes.size(); i += 3) {
        const quint32 a = quint8(bytes.at(i));
        const quint32 b = i + 1 < bytes.size() ? quint8(bytes.at(i + 1)) : 0;
        const quint32 c = i + 2 < bytes.size() ? quint8(bytes.at(i + 2)) : 0;
        out += kAlphabet[a >> 2];
        out += kAlphabet[((a & 0x03) << 4) | (b >> 4)];
        if (i + 1 < bytes.size())
            out += kAlphabet[((b & 0x0f) << 2) | (c >> 6)];
        if (i + 2 < bytes.size())
            out += kAlphabet[c & 0x3f];
    }
    return out;
}

std::optional<QByteArray> decode(const QByteArray &text, int byteCount)
{
    quint32 bits = 0;
    int bitCount = 0;
    QByteArray out;
    for (char c : text) {
        const char *at = std::char_traits<char>::find(kAlphabet, 64, c);
        if (!at)
            return std::nullopt;
        bits = (bits << 6) | quint32(at - kAlphabet);
        bitCount += 6;
        if (bitCount >= 8) {
            bitCount -= 8;
            out += char((bits >> bitCount) & 0xff);
        }
    }
    if (out.size() < byteCount)
        return std::nullopt;
    out.truncate(byteCount);
    return out;
}
} // namespace

QByteArray makeSetting(int cost, const QByteArray &salt)
{
    if (cost < kMinCost || cost > kMaxCost || salt.size() != kSaltBytes)
        return {};
    return "$2y$" + QByteArray::number(cost).rightJustified(2, '0') + '$' + encode(salt);
}

QByteArray compute(const QByteArray &password, const QByteArray &setting)
{
    // "$2?$" + two digits + "$" + 22 salt characters.
    if (setting.size() < 29 || setting.at(0) != '$' || setting.at(1) != '2' || setting.at(3) != '$' || setting.at(6) != '$')
        return {};
    const char minor = setting.at(2);
    if (minor != 'a' && minor != 'b' && minor != 'y')
        return {};
    if (!std::isdigit(quint8(setting.at(4))) || !std::isdigit(quint8(setting.at(5))))
        return {};
    const int cost = (setting.at(4) - '0') * 10 + (setting.at(5) - '0');
    if (cost < kMinCost || cost > kMaxCost)
        return {};
    const auto salt = decode(setting.mid(7, 22), kSaltBytes);
    if (!salt)
        return {};

    // The key is the password's bytes with their terminating NUL, at most 72 bytes in all.
    QByteArray key = password.left(kMaxPasswordBytes - 1);
    key.append('\0');
    if (password.size() >= kMaxPasswordBytes)
        key = password.left(kMaxPasswordBytes);

    const std::array<quint32, 18> keyWords = cycleWords(key);
    const std::array<quint32, 18> saltWords = cycleWords(*salt);
    Blowfish bf;
    expandKey(bf, keyWords, &saltWords);
    for (quint64 round = 0, rounds = quint64(1) << cost; round < rounds; ++round) {
        expandKey(bf, keyWords, nullptr);
        expandKey(bf, saltWords, nullptr);
    }

    static constexpr char kMagic[] = "OrpheanBeholderScryDoubt";
    std::array<quint32, 6> block;
    for (int i = 0; i < 6; ++i)
        block[i] = quint32(quint8(kMagic[4 * i])) << 24 | quint32(quint8(kMagic[4 * i + 1])) << 16
            | quint32(quint8(kMagic[4 * i + 2])) << 8 | quint32(quint8(kMagic[4 * i + 3]));
    for (int i = 0; i < 64; ++i)
        for (int j = 0; j < 6; j += 2)
            bf.encrypt(block[j], block[j + 1]);
    QByteArray digest;
    for (quint32 word : block)
        for (int shift = 24; shift >= 0; shift -= 8)
            digest += char((word >> shift) & 0xff);
    digest.chop(1); // bcrypt keeps 23 of the 24 bytes

    // The salt is written back canonically (its last character carries two bits).
    return setting.left(7) + encode(*salt) + encode(digest);
}

} // namespace hotelhub::bcrypt
