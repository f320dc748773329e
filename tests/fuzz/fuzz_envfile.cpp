// The .env: read any bytes, then set values taken from the input and write: what was set reads
// back exactly, and no key that was there vanishes, or the write is refused (issue 11).
#include "EnvFile.h"
#include "FuzzSupport.h"

#include <QTemporaryDir>

using namespace hotelhub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir dir;
    const QList<QByteArray> f = fuzz::fields(data, size, 3);
    EnvFile env;
    env.parse(f[0]);
    (void)env.warnings();
    // A key that loads has no reason not to; one written but not loaded always has one (the
    // licence settings take its line for the step; helper-57/58).
    for (const QString &k : {QString::fromUtf8(f[1]).left(40), QStringLiteral("LICENSE_API_URL"), QStringLiteral("LICENSE_VENDOR_BASE_URL")}) {
        const QList<EnvFile::Problem> why = env.whyNotLoaded(k);
        if (env.contains(k) && !why.isEmpty())
            fuzz::finding("a key that loads has a reason not to");
        if (!env.contains(k) && env.written(k) && why.isEmpty())
            fuzz::finding("a key written but not loaded has no reason");
    }
    const QString path = dir.filePath(QStringLiteral("fuzz.env"));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(f[0]) != f[0].size())
        return 0;
    out.close();
    EnvFile file;
    if (!file.load(path))
        return 0;
    const QStringList before = file.keys();
    const QString key = QString::fromUtf8(f[1]).left(40);
    const QString value = QString::fromUtf8(f[2]);
    if (!EnvFile::isValidKey(key))
        return 0;
    file.set(key, value);
    if (!file.save())
        return 0; // refused, with the line named: allowed
    EnvFile again;
    if (!again.load(path))
        fuzz::finding("a saved .env cannot be read");
    if (again.value(key) != value)
        fuzz::finding("a value set does not read back");
    for (const QString &k : before)
        if (!again.keys().contains(k))
            fuzz::finding("a key vanished on save");
    return 0;
}
