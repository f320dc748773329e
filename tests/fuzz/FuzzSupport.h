// What every libFuzzer target here shares: a way to cut one input into several fields, and (in
// FuzzSupport.cpp, linked into each target) LLVMFuzzerInitialize with the QCoreApplication the
// core needs (plugins, translators). Built only with clang and -DHOTELHUB_FUZZ=ON.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <cstddef>
#include <cstdint>

namespace hotelhub::fuzz {

inline QByteArray bytes(const uint8_t *data, size_t size) { return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)); }

// The input's fields, separated by a NUL byte (the seed corpora are written the same way).
inline QList<QByteArray> fields(const uint8_t *data, size_t size, int count)
{
    QList<QByteArray> out = bytes(data, size).split('\0');
    while (out.size() < count)
        out << QByteArray();
    return out;
}

// A finding: libFuzzer reports the input that reached it.
[[noreturn]] inline void finding(const char *what)
{
    fprintf(stderr, "fuzz finding: %s\n", what);
    __builtin_trap();
}

} // namespace hotelhub::fuzz
