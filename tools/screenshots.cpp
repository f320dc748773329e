// ./run.sh screenshots: renders every wizard page in Indonesian and English (and the failure
// states a hotel owner may meet) into docs/screenshots/, offscreen, against a reference server
// started on loopback for the purpose.
#include "EnvFile.h"
#include "LocalLicense.h"
#include "ServerProcess.h"
#include "SetupWizard.h"
#include "LockScreen.h"
#include "OfflineActivationDialog.h"
#include "TrayController.h"
#include "TestSupport.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDir>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace hotelhub;
using namespace hotelhub::setup;
using namespace hotelhub::test;

namespace {
QString g_out;

void shot(QWidget &w, const QString &name)
{
    QTest::qWait(50); // layout requests posted by the last change, then the ones they post
    w.grab().save(QDir(g_out).filePath(name + QStringLiteral(".png")));
    std::printf("%s.png\n", qPrintable(name));
}

bool waitFor(const std::function<bool()> &done, int ms = 15000)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms)
        QTest::qWait(20);
    return done();
}

void set(QWizard &w, const char *name, const QString &text)
{
    if (auto *e = w.findChild<QLineEdit *>(QLatin1String(name))) {
        e->setText(text);
        Q_EMIT e->textEdited(text);
        Q_EMIT e->editingFinished();
    }
}

std::unique_ptr<SetupContext> context(const QString &dir, ServerProcess &server, const QString &url, const Clock &clock,
                                      const FingerprintSource &fp)
{
    QDir().mkpath(dir);
    QByteArray text = "APP_URL=http://hotel.test\nSUPPORT_EMAIL=cs@vendor.example\nSUPPORT_PHONE=\"+62 812 0000 0000\"\n";
    text += "LICENSE_VENDOR_BASE_URL=" + url.toUtf8() + "\nLICENSE_TIMEOUT_SECONDS=3\n";
    text += "LICENSE_PUBLIC_KEY_PATH=" + server.publicKeyPath().toUtf8() + "\nLICENSE_PUBLIC_KEY_HASH=" + server.publicKeySha256().toUtf8() + "\n";
    writeFile(dir + QStringLiteral("/hotelhub.env"), text);
    QString error;
    auto ctx = SetupContext::open(AppPaths::resolve(dir, {}), clock, fp, &error);
    if (!ctx)
        qFatal("%s", qPrintable(error));
    return ctx;
}

void walk(Language lang, ServerProcess &server, const QString &root, const Clock &clock, const FingerprintSource &fp)
{
    installTranslator(lang);
    const QString suffix = lang == Language::English ? QStringLiteral("en") : QStringLiteral("id");
    const QString key = server.createLicense({QStringLiteral("--max-rooms"), QStringLiteral("40"), QStringLiteral("--features"),
                                              QStringLiteral("channel_manager=true,booking_engine=true")});
    auto ctx = context(root + QStringLiteral("/hotel-") + suffix, server, server.url(QString()).toString(), clock, fp);
    ctx->language = lang;
    SetupWizard w(*ctx, SetupWizard::Mode::Setup);
    w.resize(760, 600);
    w.show();
    shot(w, QStringLiteral("01-welcome-") + suffix);
    w.next();
    waitFor([&] { return w.currentPage()->isComplete(); });
    shot(w, QStringLiteral("02-connection-") + suffix);
    w.next();
    set(w, "licenseKey", key.toLower());
    shot(w, QStringLiteral("03-license-key-") + suffix);
    w.next();
    waitFor([&] { return w.currentPage()->isComplete(); });
    shot(w, QStringLiteral("04-pairing-") + suffix);
    w.next();
    set(w, "ownerName", QStringLiteral("Ibu Sari Dewi"));
    set(w, "ownerEmail", QStringLiteral("sari@melati.id"));
    set(w, "ownerWhatsapp", QStringLiteral("+6281234567890"));
    shot(w, QStringLiteral("05-owner-") + suffix);
    w.next();
    set(w, "propertyName", QStringLiteral("Hotel Melati"));
    set(w, "propertyStreet", QStringLiteral("Jl. Pantai Kuta 1"));
    set(w, "propertyCity", QStringLiteral("Kuta"));
    w.findChild<QComboBox *>(QStringLiteral("propertyProvince"))->setCurrentText(QStringLiteral("Bali"));
    set(w, "propertyPostal", QStringLiteral("80361"));
    w.findChild<QSpinBox *>(QStringLiteral("propertyRooms"))->setValue(24);
    w.findChild<QComboBox *>(QStringLiteral("propertyStars"))->setCurrentIndex(3);
    shot(w, QStringLiteral("06-property-") + suffix);
    w.next();
    shot(w, QStringLiteral("07-tax-") + suffix);
    // A rate out of range: named as typed, with every hint still whole below it.
    w.findChild<QDoubleSpinBox *>(QStringLiteral("taxPb1"))->setValue(12);
    shot(w, QStringLiteral("07b-tax-error-") + suffix);
    w.findChild<QDoubleSpinBox *>(QStringLiteral("taxPb1"))->setValue(10);
    w.next();
    auto *admin = w.pageAs<AdminPage>(AdminId);
    set(w, "adminPassword", QStringLiteral("Kamar-Bersih-2027"));
    set(w, "adminConfirm", QStringLiteral("Kamar-Bersih-2027"));
    shot(w, QStringLiteral("08-admin-") + suffix);
    set(w, "adminCode", Totp::code(admin->totpSecret(), clock.now()));
    w.findChild<QCheckBox *>(QStringLiteral("adminSavedCodes"))->setChecked(true);
    shot(w, QStringLiteral("08b-admin-confirmed-") + suffix);
    w.next();
    shot(w, QStringLiteral("09-done-") + suffix);
    StatusWindow status(*ctx);
    status.show();
    shot(status, QStringLiteral("10-status-") + suffix);
    // Suspended for an unpaid invoice: "Cek Lagi" asks the vendor; its contact shows; no move.
    server.admin({QStringLiteral("license"), QStringLiteral("suspend"), key});
    status.view()->button(QStringLiteral("checkAgain"))->click();
    waitFor([&] { return !status.view()->outcomeLabel()->text().isEmpty() && status.view()->contactLabel()->isVisible(); });
    shot(status, QStringLiteral("10b-status-suspended-") + suffix);

    // What goes wrong: the vendor unreachable on the connection page, and pairing refusals.
    auto down = context(root + QStringLiteral("/down-") + suffix, server, QStringLiteral("http://127.0.0.1:9"), clock, fp);
    down->language = lang;
    SetupWizard d(*down, SetupWizard::Mode::Setup);
    d.resize(760, 600);
    d.show();
    d.next();
    waitFor([&] { return !d.pageAs<ConnectionPage>(ConnectionId)->checker()->running(QStringLiteral("vendor")); });
    shot(d, QStringLiteral("11-connection-failed-") + suffix);
    // A settings file the HMS (Laravel) cannot load: the line is named, Next waits.
    const QString badDir = root + QStringLiteral("/badenv-") + suffix;
    auto badEnv = context(badDir, server, server.url(QString()).toString(), clock, fp);
    {
        QFile f(badDir + QStringLiteral("/hotelhub.env"));
        f.open(QIODevice::Append);
        f.write("APP_NAME=Hotel Melati\n");
    }
    badEnv = SetupContext::open(AppPaths::resolve(badDir, {}), clock, fp, nullptr);
    badEnv->language = lang;
    SetupWizard b(*badEnv, SetupWizard::Mode::Setup);
    b.resize(760, 640);
    b.show();
    b.next();
    waitFor([&] { return !b.pageAs<ConnectionPage>(ConnectionId)->checker()->running(QStringLiteral("vendor")); });
    shot(b, QStringLiteral("11b-connection-settings-file-") + suffix);
    // The vendor's public key on this computer does not match its pinned hash: the licence
    // server's row fails with the key's own next step, and Next waits.
    const QString badKeyDir = root + QStringLiteral("/badkey-") + suffix;
    context(badKeyDir, server, server.url(QString()).toString(), clock, fp);
    {
        EnvFile env;
        env.load(badKeyDir + QStringLiteral("/hotelhub.env"));
        env.set(QStringLiteral("LICENSE_PUBLIC_KEY_HASH"), QStringLiteral("sha256:") + QString(64, u'0'));
        env.save();
    }
    auto badKey = SetupContext::open(AppPaths::resolve(badKeyDir, {}), clock, fp, nullptr);
    badKey->language = lang;
    SetupWizard k(*badKey, SetupWizard::Mode::Setup);
    k.resize(760, 640);
    k.show();
    k.next();
    waitFor([&] { return !k.pageAs<ConnectionPage>(ConnectionId)->checker()->running(QStringLiteral("vendor")); });
    shot(k, QStringLiteral("11c-connection-vendor-key-") + suffix);
    // Paired, but a line someone added to the settings file meanwhile stops the binding lines
    // from being written: the pairing page says so under the ✓, with what to do.
    const QString envKey = server.createLicense({QStringLiteral("--max-rooms"), QStringLiteral("40")});
    const QString refusedDir = root + QStringLiteral("/envrefused-") + suffix;
    auto refused = context(refusedDir, server, server.url(QString()).toString(), clock, fp);
    refused->language = lang;
    {
        QFile f(refusedDir + QStringLiteral("/hotelhub.env"));
        f.open(QIODevice::Append);
        f.write("NOTE=\"abc\n");
    }
    SetupWizard r(*refused, SetupWizard::Mode::Setup);
    r.setStartId(KeyId);
    r.resize(760, 600);
    r.show();
    set(r, "licenseKey", envKey);
    r.next();
    waitFor([&] { return !r.pageAs<PairingPage>(PairingId)->busy(); });
    shot(r, QStringLiteral("12b-pairing-settings-not-written-") + suffix);
    auto taken = context(root + QStringLiteral("/taken-") + suffix, server, server.url(QString()).toString(), clock, fp);
    taken->language = lang;
    SetupWizard t(*taken, SetupWizard::Mode::Setup);
    t.setStartId(KeyId);
    t.resize(760, 600);
    t.show();
    set(t, "licenseKey", key);
    t.next();
    waitFor([&] { return !t.pageAs<PairingPage>(PairingId)->busy(); });
    shot(t, QStringLiteral("12-pairing-already-paired-") + suffix);
    auto moved = context(root + QStringLiteral("/move-") + suffix, server, server.url(QString()).toString(), clock, fp);
    moved->language = lang;
    SetupWizard m(*moved, SetupWizard::Mode::Migrate);
    m.resize(760, 480);
    m.show();
    set(m, "migrateKey", key);
    set(m, "migrateReason", QStringLiteral("server lama rusak"));
    m.findChild<QCheckBox *>(QStringLiteral("migrateConfirm"))->setChecked(true);
    shot(m, QStringLiteral("13-migrate-") + suffix);

    // No internet at all (README "Offline activation"): the pairing page offers the offline path,
    // the dialog shows the request three ways, and the vendor's answer file pairs the hotel.
    const QString islandKey = server.createLicense({QStringLiteral("--max-rooms"), QStringLiteral("40")});
    auto island = context(root + QStringLiteral("/island-") + suffix, server, QStringLiteral("http://127.0.0.1:9"), clock, fp);
    island->language = lang;
    SetupWizard o(*island, SetupWizard::Mode::Setup);
    o.setStartId(KeyId);
    o.resize(760, 600);
    o.show();
    set(o, "licenseKey", islandKey);
    o.next();
    waitFor([&] { return !o.pageAs<PairingPage>(PairingId)->busy(); });
    shot(o, QStringLiteral("14-pairing-offline-") + suffix);
    {
        widgets::OfflineActivationDialog dialog(*island->manager, clock, islandKey, &o);
        dialog.resize(860, 680);
        dialog.show();
        shot(dialog, QStringLiteral("15-offline-request-") + suffix);
        const QString request = root + QStringLiteral("/island-request-") + suffix + QStringLiteral(".txt");
        const QString answer = root + QStringLiteral("/island-answer-") + suffix + QStringLiteral(".json");
        dialog.saveRequestTo(request);
        server.admin({QStringLiteral("license"), QStringLiteral("offline-answer"), QStringLiteral("--keys"), server.keysDir(), request,
                      QStringLiteral("--out"), answer});
        dialog.applyAnswerFile(answer);
    }
    o.pageAs<PairingPage>(PairingId)->initializePage();
    waitFor([&] { return !o.pageAs<PairingPage>(PairingId)->busy(); }); // (it asks the vendor, unreachable here)
    shot(o, QStringLiteral("16-pairing-offline-done-") + suffix);

    // The tray on the paired hotel: the status window, then the banners and screens as the days pass.
    ManualClock days(clock.now());
    QString error;
    auto trayCtx = setup::SetupContext::open(AppPaths::resolve(root + QStringLiteral("/hotel-") + suffix, {}), days, fp, &error);
    trayCtx->language = lang;
    tray::TrayOptions options;
    options.windowed = true;
    options.fullScreen = false;
    options.startApi = false;
    tray::TrayController t2(*trayCtx, days, options);
    t2.start(&error);
    t2.statusWindow()->resize(680, 760);
    shot(*t2.statusWindow(), QStringLiteral("20-tray-status-") + suffix);
    const QDateTime start = days.now();
    // The vendor no longer renews this token (a copy renewed it elsewhere): visible, not a lock.
    days.set(start.addSecs(3600));
    trayCtx->manager->recordFailedExchange({days.now(), false, QStringLiteral("token_superseded"), QStringLiteral("token_refused"), {}, {}, {}, {}},
                                           &error);
    t2.evaluate();
    t2.banner()->resize(760, std::max(56, t2.banner()->layout()->totalHeightForWidth(760)));
    shot(*t2.banner(), QStringLiteral("25-tray-token-refused-") + suffix);
    {
        // A fresh token clears it; here the row is put back as a renewal would leave it.
        LocalLicenseStore store(*trayCtx->db);
        std::optional<LocalLicense> row = store.load();
        row->serverState.clear();
        row->heartbeatFailures = 0;
        store.save(*row);
    }
    {
        // The OS password store not ready at login: named, not a lock (the key lives in the
        // keyring here; a bus address that leads nowhere stands for "no session yet").
        const QByteArray mode = qgetenv("HOTELHUB_KEYSTORE"), bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        qputenv("HOTELHUB_KEYSTORE", "keychain");
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/hotelhub-screenshots");
        auto lockedCtx = setup::SetupContext::open(AppPaths::resolve(root + QStringLiteral("/hotel-") + suffix, {}), days, fp, &error);
        lockedCtx->language = lang;
        tray::TrayController t3(*lockedCtx, days, options);
        t3.start(&error);
        t3.evaluate();
        t3.banner()->resize(760, std::max(72, t3.banner()->heightForWidth(760)));
        shot(*t3.banner(), QStringLiteral("26-tray-keystore-unavailable-") + suffix);
        qputenv("HOTELHUB_KEYSTORE", mode);
        if (bus.isEmpty())
            qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        else
            qputenv("DBUS_SESSION_BUS_ADDRESS", bus);
    }
    days.set(start.addDays(9));
    t2.evaluate();
    t2.banner()->resize(760, std::max(56, t2.banner()->layout()->totalHeightForWidth(760)));
    shot(*t2.banner(), QStringLiteral("21-tray-warning-banner-") + suffix);
    days.set(start.addDays(16));
    t2.evaluate();
    t2.banner()->resize(760, std::max(56, t2.banner()->layout()->totalHeightForWidth(760)));
    shot(*t2.banner(), QStringLiteral("22-tray-critical-banner-") + suffix);
    days.set(start.addDays(31));
    t2.evaluate();
    t2.lockScreen()->resize(760, 480);
    shot(*t2.lockScreen(), QStringLiteral("23-tray-restricted-") + suffix);
    days.set(start.addDays(61));
    t2.evaluate();
    t2.lockScreen()->resize(760, 480);
    shot(*t2.lockScreen(), QStringLiteral("24-tray-lock-offline-") + suffix);
    // The vendor says the licence was moved to another installation; nothing changed here.
    trayCtx->manager->recordFailedExchange({days.now(), false, QStringLiteral("fingerprint_mismatch"), QStringLiteral("fingerprint_mismatch"), {}, {}, {}, {}},
                                           &error);
    t2.evaluate();
    t2.lockScreen()->resize(760, 480);
    shot(*t2.lockScreen(), QStringLiteral("25b-tray-moved-elsewhere-") + suffix);
    {
        // Sheet mode (no vendor server): the end date in the settings file has passed. The step
        // says where the new date goes.
        const QString sheetDir = root + QStringLiteral("/sheet-hotel-") + suffix;
        QDir().mkpath(sheetDir);
        writeFile(sheetDir + QStringLiteral("/hotelhub.env"),
                  "LICENSE_API_URL=http://127.0.0.1:9/sheet.csv\nLICENSE_EXPIRY=" + days.now().date().addDays(-1).toString(Qt::ISODate).toUtf8()
                      + "\nSUPPORT_PHONE=\"+62 812 0000 0000\"\nSUPPORT_EMAIL=cs@vendor.test\n");
        auto sheetCtx = setup::SetupContext::open(AppPaths::resolve(sheetDir, {}), days, fp, &error);
        sheetCtx->language = lang;
        tray::TrayController t4(*sheetCtx, days, options);
        t4.start(&error);
        t4.evaluate();
        t4.lockScreen()->resize(760, 480);
        shot(*t4.lockScreen(), QStringLiteral("24b-tray-lock-license-expiry-") + suffix);
        // Its status window: the sheet's state, "Check again" for the sheet, no pairing buttons.
        t4.showStatusWindow();
        t4.statusWindow()->resize(680, 760);
        shot(*t4.statusWindow(), QStringLiteral("20b-tray-status-sheet-") + suffix);
    }
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (argc < 3)
        qFatal("usage: screenshots <hotelhub-license-server> <output dir>");
    g_out = QString::fromLocal8Bit(argv[2]);
    QDir().mkpath(g_out);
    QTemporaryDir root;
    ServerProcess server(QString::fromLocal8Bit(argv[1]), root.filePath(QStringLiteral("vendor")));
    QDir().mkpath(server.dir());
    writeFile(server.adminSecretFile(), server.adminSecret());
    if (!server.initKeys() || !server.start())
        qFatal("cannot start the reference server");
    SystemClock clock;
    FakeFingerprintSource fp;
    walk(Language::Indonesian, server, root.path(), clock, fp);
    walk(Language::English, server, root.path(), clock, fp);
    server.stop();
    return 0;
}
