// The machine fingerprint of PROTOCOL.md "Fingerprint", with its components kept (hashed) so
// that a later mismatch can name the one that changed.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace hotelhub {

struct FingerprintComponents
{
    QString machineId;
    QString primaryMac;  // one of `macs`: the one bound at pairing while it is present
    QStringList macs;    // every physical MAC (lower case), the bound one first
    QString osRelease;   // e.g. "debian-12"
    QString installPath; // canonical absolute data dir
    QString installId;

    // What stands for the machine id where the system has none (an empty or missing
    // /etc/machine-id, no MachineGuid): kept in the fingerprint so pairings stay stable, and named
    // by `diagnostic` (check machine_id), since a copy of the folder is then harder to tell apart.
    static constexpr const char *kNoMachineId = "no-machine-id";
    bool hasMachineId() const { return !machineId.isEmpty() && machineId != QLatin1String(kNoMachineId); }

    QString fingerprint() const; // "sha256:<hex>"
    // Each component hashed, so the raw MAC or machine id never lands in a file; `mac_set` holds
    // the hash of each physical MAC (sorted).
    QJsonObject hashed() const;
    // What the vendor is sent (ext `components`): the five hashes, without the MAC set (the
    // binding is decided by the components).
    QJsonObject hashedForVendor() const;
    // Names of the components whose hash differs from `stored` ("machine_id", "primary_mac", …).
    QStringList changedSince(const QJsonObject &stored) const;
    // True when only the network cards and/or the OS major version differ from `stored`: the
    // drift a heartbeat may heal without a move (README "Hardware drift").
    static bool onlyDriftChanged(const QStringList &changed);
    // The same, while the vendor has not refused a rebind (`serverState` is the row's verdict).
    static bool healableDrift(const QStringList &changed, const QString &serverState)
    {
        return onlyDriftChanged(changed) && serverState != QLatin1String("fingerprint_mismatch");
    }
};

// Reads the components from this machine. Tests substitute their own source.
class FingerprintSource
{
public:
    virtual ~FingerprintSource() = default;
    virtual QString machineId() const; // empty when the system has none
    // The physical network cards' MACs, most preferred first (wired, then wireless, names break ties).
    virtual QStringList physicalMacs() const;
    virtual QString osRelease() const;
    // The canonical absolute path of the data folder.
    virtual QString installPath(const QString &dataDir) const;

    // `boundMacHash` (the stored `primary_mac`): while a card with that MAC is present it stays
    // the MAC component, so a dongle plugged in or out, or one that outranks the built-in card,
    // changes nothing.
    FingerprintComponents collect(const QString &dataDir, const QString &installId, const QString &boundMacHash = {}) const;

    // Interface names that never identify the machine: loopback, containers, bridges, VPNs.
    static bool isVirtualInterfaceName(const QString &name);
    // Whether an adapter is not a network card of this machine. `connectorPresent` is Windows'
    // physical-connector flag (GetIfTable2), which tells Hyper-V's vEthernet, VMware, VirtualBox
    // and TAP/VPN adapters from real cards whatever they are called; where the system has no such
    // flag (nullopt), the names decide.
    static bool isVirtualAdapter(const QString &name, const QString &humanReadableName, std::optional<bool> connectorPresent);
};

} // namespace hotelhub
