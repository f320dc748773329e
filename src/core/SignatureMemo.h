// Signatures one process made, or checked, with one key: a server that signs a licence token
// sees the same bytes again with the hotel's next heartbeat, and need not check that signature
// a second time (issue 14, README "Benchmarks"). Only bytes this key signed, or whose signature
// verified against it, are remembered, each as the SHA-256 of the signed bytes and the
// signature; a token that differs in one byte is checked in full.
//
// Bounded: a fixed table (2 MiB at 65,536 slots, taken on the first remember). A newer digest
// takes the slot of an older one, whose token is then checked in full again. Thread-safe.
#pragma once

#include "Crypto.h"

#include <QByteArray>
#include <array>
#include <atomic>
#include <mutex>
#include <vector>

namespace hotelhub {

class SignatureMemo
{
public:
    // Holds a reference to `key` for as long as the memo lives, so that no other key can ever
    // take its address.
    explicit SignatureMemo(EVP_PKEY *key, int slots = 1 << 16);
    ~SignatureMemo();
    SignatureMemo(const SignatureMemo &) = delete;
    SignatureMemo &operator=(const SignatureMemo &) = delete;

    // Whether this memo speaks for `key`; for any other key it knows nothing.
    bool covers(EVP_PKEY *key) const { return key && key == m_key; }
    void remember(const QByteArray &signedBytes, const QByteArray &signature);
    bool knows(const QByteArray &signedBytes, const QByteArray &signature) const;
    // How many checks the memo answered (for tests and the benchmark's report).
    quint64 answered() const { return m_answered.load(std::memory_order_relaxed); }

private:
    using Digest = std::array<unsigned char, 32>;
    static Digest digest(const QByteArray &signedBytes, const QByteArray &signature);
    size_t slotOf(const Digest &d) const;

    EVP_PKEY *m_key;
    const size_t m_slots;
    mutable std::mutex m_mutex;
    std::vector<Digest> m_table; // empty until the first remember
    mutable std::atomic<quint64> m_answered{0};
};

} // namespace hotelhub
