// The crypto floor of one heartbeat: verify the presented token + sign the renewed one, on
// THREADS threads for SECONDS seconds, with a real token. Prints operations (pairs) per second.
// With a fourth argument `sign`, signatures alone: the floor of a heartbeat whose token the
// server signed itself and remembers (SignatureMemo), which it does not verify again.
#include "Jws.h"
#include "TestSupport.h"

#include <QCoreApplication>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

using namespace hotelhub;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    const KeyAlgorithm alg = a.value(1) == QLatin1String("eddsa") ? KeyAlgorithm::Ed25519 : KeyAlgorithm::Rsa2048;
    const int threads = a.value(2, QStringLiteral("2")).toInt();
    const double seconds = a.value(3, QStringLiteral("5")).toDouble();
    const bool signOnly = a.value(4) == QLatin1String("sign");
    const test::TestVendorKey vendor(alg);
    const TokenClaims claims = test::makeClaims(QStringLiteral("sha256:abc"), QDateTime::currentDateTimeUtc());
    const QByteArray token = signToken(claims, vendor.key.get());
    std::atomic<long> ops{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            long n = 0;
            while (!stop.load(std::memory_order_relaxed)) {
                const qsizetype dot = token.lastIndexOf('.');
                const auto sig = crypto::base64UrlDecode(token.mid(dot + 1));
                const bool ok = signOnly || crypto::verify(vendor.key.get(), token.left(dot), *sig);
                const QByteArray s = crypto::sign(vendor.key.get(), token.left(dot));
                if (ok && !s.isEmpty())
                    ++n;
            }
            ops += n;
        });
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto &t : pool)
        t.join();
    std::printf("%.0f\n", double(ops) / seconds);
    return 0;
}
