#include "Fingerprint.h"
#include "AppPaths.h"
#include "Crypto.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QNetworkInterface>
#include <QSet>
#include <QSysInfo>

#ifdef Q_OS_WIN
#include <winsock2.h>
#include <ws2tcpip.h> // declares what netioapi.h needs for GetIfTable2
#include <iphlpapi.h>
#include <netioapi.h>
#endif

namespace hotelhub {

namespace {
const char *const kNames[] = {"machine_id", "primary_mac", "os_release", "install_path", "install_id"};
}

QString FingerprintComponents::fingerprint() const
{
    const QString joined = machineId + u'|' + primaryMac + u'|' + osRelease + u'|' + crypto::sha256Hex(installPath.toUtf8()) + u'|' + installId;
    return crypto::sha256Tagged(joined.toUtf8());
}

QJsonObject FingerprintComponents::hashed() const
{
    const QString values[] = {machineId, primaryMac, osRelease, installPath, installId};
    QJsonObject o;
    for (int i = 0; i < 5; ++i)
        o.insert(QLatin1String(kNames[i]), crypto::sha256Tagged(values[i].toUtf8()));
    QStringList set;
    for (const QString &mac : macs)
        set << crypto::sha256Tagged(mac.toUtf8());
    set.sort();
    set.removeDuplicates();
    o.insert(QStringLiteral("mac_set"), QJsonArray::fromStringList(set));
    return o;
}

QJsonObject FingerprintComponents::hashedForVendor() const
{
    QJsonObject c = hashed();
    c.remove(QStringLiteral("mac_set"));
    return c;
}

bool FingerprintComponents::onlyDriftChanged(const QStringList &changed)
{
    if (changed.isEmpty())
        return false;
    return std::all_of(changed.begin(), changed.end(),
                       [](const QString &c) { return c == QLatin1String("primary_mac") || c == QLatin1String("os_release"); });
}

QStringList FingerprintComponents::changedSince(const QJsonObject &stored) const
{
    const QJsonObject now = hashed();
    QStringList changed;
    for (const char *name : kNames) {
        const QString key = QLatin1String(name);
        if (stored.contains(key) && stored.value(key) != now.value(key))
            changed << key;
    }
    return changed;
}

bool FingerprintSource::isVirtualInterfaceName(const QString &name)
{
    static const char *const prefixes[] = {"lo", "docker", "veth", "br-", "virbr", "vmnet", "vboxnet", "tun", "tap", "wg",
                                           "zt", "tailscale", "utun", "ifb", "dummy", "bond", "team", "vnet", "cni", "flannel",
                                           "kube", "lxc", "lxd", "podman", "ppp", "isatap", "teredo", "sit", "gre", "ip6"};
    for (const char *p : prefixes)
        if (name.startsWith(QLatin1String(p), Qt::CaseInsensitive))
            return true;
    return false;
}

bool FingerprintSource::isVirtualAdapter(const QString &name, const QString &humanReadableName, std::optional<bool> connectorPresent)
{
    if (connectorPresent)
        return !*connectorPresent;
    static const char *const virtualWords[] = {"Virtual", "vEthernet", "VMware", "VirtualBox", "Hyper-V", "TAP-", "Loopback", "VPN"};
    for (const char *word : virtualWords)
        if (humanReadableName.contains(QLatin1String(word), Qt::CaseInsensitive))
            return true;
    return isVirtualInterfaceName(name);
}

#ifdef Q_OS_WIN
namespace {
// Interface indexes of the adapters with a physical connector; empty when Windows cannot say
// (then the names decide).
QSet<int> adaptersWithConnector()
{
    QSet<int> indexes;
    PMIB_IF_TABLE2 table = nullptr;
    if (GetIfTable2(&table) != NO_ERROR)
        return indexes;
    for (ULONG i = 0; i < table->NumEntries; ++i) {
        const MIB_IF_ROW2 &row = table->Table[i];
        if (row.InterfaceAndOperStatusFlags.ConnectorPresent && row.InterfaceAndOperStatusFlags.HardwareInterface)
            indexes.insert(int(row.InterfaceIndex));
    }
    FreeMibTable(table);
    return indexes;
}
} // namespace
#endif

QString FingerprintSource::machineId() const
{
    return QString::fromLatin1(QSysInfo::machineUniqueId());
}

QStringList FingerprintSource::physicalMacs() const
{
    struct Candidate { int rank; QString name; QString mac; };
    QList<Candidate> candidates;
    const QList<QNetworkInterface> all = QNetworkInterface::allInterfaces();
#ifdef Q_OS_WIN
    const QSet<int> withConnector = adaptersWithConnector();
#endif
    for (const QNetworkInterface &iface : all) {
        const QString mac = iface.hardwareAddress().toLower();
        std::optional<bool> connector;
#ifdef Q_OS_WIN
        if (!withConnector.isEmpty())
            connector = withConnector.contains(iface.index());
#endif
        if (iface.flags().testFlag(QNetworkInterface::IsLoopBack) || mac.isEmpty() || mac == QLatin1String("00:00:00:00:00:00")
            || isVirtualAdapter(iface.name(), iface.humanReadableName(), connector))
            continue;
        // Wired first, then wireless, then anything else with a hardware address; names break ties.
        int rank = 2;
        if (iface.type() == QNetworkInterface::Ethernet)
            rank = 0;
        else if (iface.type() == QNetworkInterface::Wifi)
            rank = 1;
        candidates.push_back({rank, iface.name(), mac});
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
        return a.rank != b.rank ? a.rank < b.rank : a.name < b.name;
    });
    QStringList macs;
    for (const Candidate &c : candidates)
        if (!macs.contains(c.mac))
            macs << c.mac;
    return macs;
}

QString FingerprintSource::osRelease() const
{
    const QString version = QSysInfo::productVersion();
    const QString major = version.section(u'.', 0, 0);
    return QSysInfo::productType().toLower() + u'-' + (major.isEmpty() ? QStringLiteral("unknown") : major);
}

QString FingerprintSource::installPath(const QString &dataDir) const
{
    return pathIdentity(dataDir);
}

FingerprintComponents FingerprintSource::collect(const QString &dataDir, const QString &installId, const QString &boundMacHash) const
{
    const QString path = installPath(dataDir);
    QStringList macs = physicalMacs();
    for (int i = 0; i < macs.size(); ++i) {
        if (!boundMacHash.isEmpty() && crypto::sha256Tagged(macs[i].toUtf8()) == boundMacHash) {
            macs.move(i, 0);
            break;
        }
    }
    const QString primary = macs.isEmpty() ? QStringLiteral("no-mac") : macs.first();
    const QString id = machineId();
    return {id.isEmpty() ? QString::fromLatin1(FingerprintComponents::kNoMachineId) : id, primary, macs, osRelease(), path, installId};
}

} // namespace hotelhub
