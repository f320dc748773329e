// The machine fingerprint of PROTOCOL.md "Fingerprint", with its components kept (hashed) so
// that a later mismatch can name the one that changed.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace hotelhub {

struct FingerprintComponents
{
    QString machineId;
    QString primaryMac;
    QString osRelease;   // e.g. "debian-12"
    QString installPath; // canonical absolute data dir
    QString installId;

    QString fingerprint() const; // "sha256:<hex>"
    // Each component hashed, so the raw MAC or machine id never lands in a file.
    QJsonObject hashed() const;
    // Names of the components whose hash differs from `stored` ("machine_id", "primary_mac", …).
    QStringList changedSince(const QJsonObject &stored) const;
};

// Reads the components from this machine. Tests substitute their own source.
class FingerprintSource
{
public:
    virtual ~FingerprintSource() = default;
    virtual QString machineId() const;
    virtual QString primaryMac() const;
    virtual QString osRelease() const;

    FingerprintComponents collect(const QString &dataDir, const QString &installId) const;

    // Interface names that never identify the machine: loopback, containers, bridges, VPNs.
    static bool isVirtualInterfaceName(const QString &name);
};

} // namespace hotelhub
