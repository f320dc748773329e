<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID" sourcelanguage="en_US">
<context>
    <name>AppPaths</name>
    <message>
        <source>Cannot create the data folder %1. Choose another with --data-dir or HOTELHUB_DATA_DIR, or fix its permissions.</source>
        <translation>Folder data %1 tidak bisa dibuat. Pilih folder lain dengan --data-dir atau HOTELHUB_DATA_DIR, atau perbaiki izin aksesnya.</translation>
    </message>
    <message>
        <source>The data folder %1 is not writable by this user. Fix its permissions or choose another with --data-dir.</source>
        <translation>Folder data %1 tidak bisa ditulisi oleh pengguna ini. Perbaiki izin aksesnya atau pilih folder lain dengan --data-dir.</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>audit row %1 does not follow the row before it (a row was deleted or inserted)</source>
        <translation>baris audit %1 tidak menyambung ke baris sebelumnya (ada baris yang dihapus atau disisipkan)</translation>
    </message>
    <message>
        <source>audit row %1 was changed after it was written</source>
        <translation>baris audit %1 diubah setelah ditulis</translation>
    </message>
</context>
<context>
    <name>CliApp</name>
    <message>
        <source>Usage: hotelhub-license [--env FILE] [--data-dir DIR] [--lang id|en] &lt;command&gt; [options]

Commands:
  bootstrap [--force]          create (or with --force, regenerate) the install_id and fingerprint
  status [--json] [--at WHEN]  show the local licence state; WHEN is ISO-8601 or +Nd/+Nh/-Nd
                               (a what-if evaluation that writes nothing)
  diagnostic [--json]          the support checklist ([✓]/[✗])

Files: --env FILE, else HOTELHUB_ENV, else &lt;data dir&gt;/hotelhub.env;
       --data-dir DIR, else HOTELHUB_DATA_DIR, else the platform's application data folder.

Exit codes:
   0  done (status: full mode)        6  diagnostic: a check failed
   1  internal error (please report)  10  status: not paired (setup)
   2  wrong command line              11  status: restricted mode
   3  settings/data/database problem  12  status: locked
   4  vendor server unreachable        5  vendor server refused the request
</source>
        <translation>Pemakaian: hotelhub-license [--env FILE] [--data-dir DIR] [--lang id|en] &lt;perintah&gt; [opsi]

Perintah:
  bootstrap [--force]          buat (atau dengan --force, buat ulang) install_id dan fingerprint
  status [--json] [--at WAKTU] tampilkan status lisensi lokal; WAKTU berupa ISO-8601 atau +Nd/+Nh/-Nd
                               (evaluasi "bagaimana jika" yang tidak menulis apa pun)
  diagnostic [--json]          daftar periksa untuk support ([✓]/[✗])

File: --env FILE, jika tidak HOTELHUB_ENV, jika tidak &lt;folder data&gt;/hotelhub.env;
      --data-dir DIR, jika tidak HOTELHUB_DATA_DIR, jika tidak folder data aplikasi bawaan platform.

Kode keluar:
   0  selesai (status: mode penuh)       6  diagnostic: ada pemeriksaan yang gagal
   1  galat internal (mohon laporkan)   10  status: belum di-pair (setup)
   2  baris perintah salah              11  status: mode terbatas
   3  masalah pengaturan/data/database  12  status: terkunci
   4  server vendor tidak terjangkau     5  server vendor menolak permintaan
</translation>
    </message>
    <message>
        <source>Unknown command or extra argument: %1</source>
        <translation>Perintah tidak dikenal atau argumen berlebih: %1</translation>
    </message>
    <message>
        <source>This option does not apply to '%1'.</source>
        <translation>Opsi ini tidak berlaku untuk '%1'.</translation>
    </message>
    <message>
        <source>--at needs an ISO-8601 date or time (2027-01-31, 2027-01-31T03:00:00Z) or an offset such as +45d, -2h.</source>
        <translation>--at memerlukan tanggal atau waktu ISO-8601 (2027-01-31, 2027-01-31T03:00:00Z) atau selisih seperti +45d, -2h.</translation>
    </message>
    <message>
        <source>The settings file %1 given with --env does not exist. Check the path.</source>
        <translation>File pengaturan %1 yang diberikan dengan --env tidak ada. Periksa path-nya.</translation>
    </message>
    <message>
        <source>An installation identity already exists; kept it (use --force to regenerate).</source>
        <translation>Identitas instalasi sudah ada dan tetap dipakai (gunakan --force untuk membuat ulang).</translation>
    </message>
    <message>
        <source>The previous pairing was removed. Pair again, or move the licence here with `hotelhub-setup --migrate`.</source>
        <translation>Pairing sebelumnya dihapus. Lakukan pairing lagi, atau pindahkan lisensi ke sini dengan `hotelhub-setup --migrate`.</translation>
    </message>
    <message>
        <source>Status: %1 (%2, mode %3)</source>
        <translation>Status: %1 (%2, mode %3)</translation>
    </message>
    <message>
        <source>Plan: %1</source>
        <translation>Paket: %1</translation>
    </message>
    <message>
        <source>Valid until: %1</source>
        <translation>Berlaku sampai: %1</translation>
    </message>
    <message>
        <source>Grace until: %1</source>
        <translation>Masa tenggang sampai: %1</translation>
    </message>
    <message>
        <source>Last heartbeat: %1</source>
        <translation>Heartbeat terakhir: %1</translation>
    </message>
    <message>
        <source>Next heartbeat: %1</source>
        <translation>Heartbeat berikutnya: %1</translation>
    </message>
    <message>
        <source>Install ID: %1</source>
        <translation>ID instalasi: %1</translation>
    </message>
    <message>
        <source>(evaluated at %1; nothing was recorded)</source>
        <translation>(dievaluasi pada %1; tidak ada yang dicatat)</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>Cannot read the licence database %1: %2. Check the file's permissions.</source>
        <translation>Database lisensi %1 tidak bisa dibaca: %2. Periksa izin akses file tersebut.</translation>
    </message>
    <message>
        <source>%1 is not a SQLite database (it is damaged or belongs to another program). It was left untouched. Move it aside (for example rename it to hotelhub.sqlite.broken) and run `hotelhub-license bootstrap`, or restore it from a backup.</source>
        <translation>%1 bukan database SQLite (rusak atau milik program lain). File tersebut tidak diubah. Pindahkan (misalnya ganti nama menjadi hotelhub.sqlite.broken) lalu jalankan `hotelhub-license bootstrap`, atau pulihkan dari backup.</translation>
    </message>
    <message>
        <source>Cannot open the licence database %1: %2. Check free disk space and the folder's permissions.</source>
        <translation>Database lisensi %1 tidak bisa dibuka: %2. Periksa sisa ruang disk dan izin akses folder.</translation>
    </message>
    <message>
        <source>The licence database %1 is damaged (%2). It was left untouched. Restore it from a backup, or move it aside and pair again: your licence key is kept by the vendor, so nothing is lost.</source>
        <translation>Database lisensi %1 rusak (%2). File tersebut tidak diubah. Pulihkan dari backup, atau pindahkan lalu lakukan pairing lagi: license key Anda tersimpan di vendor, jadi tidak ada yang hilang.</translation>
    </message>
    <message>
        <source>%1 is a SQLite database of another program, not a HotelHub licence store. It was left untouched. Point --data-dir at the HotelHub data folder, or move the file aside.</source>
        <translation>%1 adalah database SQLite milik program lain, bukan penyimpanan lisensi HotelHub. File tersebut tidak diubah. Arahkan --data-dir ke folder data HotelHub, atau pindahkan file tersebut.</translation>
    </message>
    <message>
        <source>The licence database %1 was written by a newer HotelHub (schema %2, this program knows %3). Update this program; the file was left untouched.</source>
        <translation>Database lisensi %1 ditulis oleh HotelHub versi lebih baru (skema %2, program ini mengenal %3). Perbarui program ini; file tersebut tidak diubah.</translation>
    </message>
    <message>
        <source>Cannot start a transaction on %1: %2</source>
        <translation>Transaksi pada %1 tidak bisa dimulai: %2</translation>
    </message>
    <message>
        <source>Updating the licence database %1 to schema %2 failed (%3). Nothing was changed; report this to support.</source>
        <translation>Pembaruan database lisensi %1 ke skema %2 gagal (%3). Tidak ada yang diubah; laporkan ke support.</translation>
    </message>
    <message>
        <source>Cannot commit the schema update of %1: %2</source>
        <translation>Pembaruan skema %1 tidak bisa disimpan: %2</translation>
    </message>
</context>
<context>
    <name>Diagnostic</name>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation><numerusform>%n menit yang lalu</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation><numerusform>%n jam yang lalu</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation><numerusform>%n hari yang lalu</numerusform></translation>
    </message>
    <message>
        <source>Data folder writable</source>
        <translation>Folder data bisa ditulisi</translation>
    </message>
    <message>
        <source>%1 is missing or not writable.</source>
        <translation>%1 tidak ada atau tidak bisa ditulisi.</translation>
    </message>
    <message>
        <source>Fix the folder's permissions or choose another with --data-dir.</source>
        <translation>Perbaiki izin akses folder atau pilih folder lain dengan --data-dir.</translation>
    </message>
    <message>
        <source>Installation identity created</source>
        <translation>Identitas instalasi sudah dibuat</translation>
    </message>
    <message>
        <source>This data folder has no install_id yet.</source>
        <translation>Folder data ini belum punya install_id.</translation>
    </message>
    <message>
        <source>Run `hotelhub-license bootstrap`.</source>
        <translation>Jalankan `hotelhub-license bootstrap`.</translation>
    </message>
    <message>
        <source>Public key intact</source>
        <translation>Public key utuh</translation>
    </message>
    <message>
        <source>Reinstall HotelHub or correct LICENSE_PUBLIC_KEY_PATH / LICENSE_PUBLIC_KEY_HASH.</source>
        <translation>Instal ulang HotelHub atau perbaiki LICENSE_PUBLIC_KEY_PATH / LICENSE_PUBLIC_KEY_HASH.</translation>
    </message>
    <message>
        <source>Licence paired</source>
        <translation>Lisensi sudah di-pair</translation>
    </message>
    <message>
        <source>This installation is not paired with a licence.</source>
        <translation>Instalasi ini belum di-pair dengan lisensi.</translation>
    </message>
    <message>
        <source>Run the setup wizard (hotelhub-setup) or `hotelhub-license pair --key HMS-…`.</source>
        <translation>Jalankan wizard setup (hotelhub-setup) atau `hotelhub-license pair --key HMS-…`.</translation>
    </message>
    <message>
        <source>Token valid (exp %1)</source>
        <translation>Token valid (exp %1)</translation>
    </message>
    <message>
        <source>The signed grace period ended; the licence runs in restricted mode.</source>
        <translation>Masa tenggang yang ditandatangani sudah habis; lisensi berjalan dalam mode terbatas.</translation>
    </message>
    <message>
        <source>Bring the server online; the next heartbeat renews the token.</source>
        <translation>Hubungkan server ke internet; heartbeat berikutnya memperbarui token.</translation>
    </message>
    <message>
        <source>Token valid</source>
        <translation>Token valid</translation>
    </message>
    <message>
        <source>Pair this installation again, or contact support with this diagnostic.</source>
        <translation>Lakukan pairing ulang instalasi ini, atau hubungi support dengan hasil diagnostik ini.</translation>
    </message>
    <message>
        <source>Fingerprint matches</source>
        <translation>Fingerprint cocok</translation>
    </message>
    <message>
        <source>The token was issued for another machine fingerprint.</source>
        <translation>Token diterbitkan untuk fingerprint mesin lain.</translation>
    </message>
    <message>
        <source>Changed since pairing: %1</source>
        <translation>Berubah sejak pairing: %1</translation>
    </message>
    <message>
        <source>If this is a new server or a restored backup, move the licence here: hotelhub-setup --migrate.</source>
        <translation>Jika ini server baru atau hasil restore backup, pindahkan lisensi ke sini: hotelhub-setup --migrate.</translation>
    </message>
    <message>
        <source>Last heartbeat %1</source>
        <translation>Heartbeat terakhir %1</translation>
    </message>
    <message>
        <source>Last heartbeat: never</source>
        <translation>Heartbeat terakhir: belum pernah</translation>
    </message>
    <message>
        <source>Last failure: %1</source>
        <translation>Kegagalan terakhir: %1</translation>
    </message>
    <message>
        <source>Check the server's internet connection, then run `hotelhub-license heartbeat`.</source>
        <translation>Periksa koneksi internet server, lalu jalankan `hotelhub-license heartbeat`.</translation>
    </message>
    <message>
        <source>System clock plausible</source>
        <translation>Jam sistem wajar</translation>
    </message>
    <message>
        <source>The clock is earlier than the last time this licence was seen, or the token comes from the future.</source>
        <translation>Jam lebih awal dari terakhir kali lisensi ini terlihat, atau token berasal dari masa depan.</translation>
    </message>
    <message>
        <source>Turn on automatic date and time, then run a heartbeat.</source>
        <translation>Aktifkan tanggal dan waktu otomatis, lalu jalankan heartbeat.</translation>
    </message>
    <message numerus="yes">
        <source>Audit log intact (%n entries)</source>
        <translation><numerusform>Log audit utuh (%n entri)</numerusform></translation>
    </message>
    <message>
        <source>The audit log was edited outside HotelHub. Keep a copy of the database and tell support.</source>
        <translation>Log audit diubah di luar HotelHub. Simpan salinan database dan beri tahu support.</translation>
    </message>
    <message>
        <source>State: %1 (%2)</source>
        <translation>Keadaan: %1 (%2)</translation>
    </message>
    <message>
        <source>Plan: %1</source>
        <translation>Paket: %1</translation>
    </message>
    <message>
        <source>Features: %1</source>
        <translation>Fitur: %1</translation>
    </message>
    <message>
        <source>Usage: %1/%2 rooms, %3/%4 users</source>
        <translation>Pemakaian: %1/%2 kamar, %3/%4 pengguna</translation>
    </message>
    <message>
        <source>Install ID: %1</source>
        <translation>ID instalasi: %1</translation>
    </message>
    <message>
        <source>Fingerprint: %1</source>
        <translation>Fingerprint: %1</translation>
    </message>
</context>
<context>
    <name>EnvFile</name>
    <message>
        <source>Cannot read the settings file %1: %2. Check that it exists and that this user may read it.</source>
        <translation>File pengaturan %1 tidak bisa dibaca: %2. Pastikan file ada dan pengguna ini boleh membacanya.</translation>
    </message>
    <message>
        <source>line %1: not KEY=VALUE, kept as it is</source>
        <translation>baris %1: bukan KEY=VALUE, dibiarkan apa adanya</translation>
    </message>
    <message>
        <source>line %1: %2 has an unterminated quote</source>
        <translation>baris %1: tanda kutip pada %2 tidak ditutup</translation>
    </message>
    <message>
        <source>Cannot save the settings file %1: %2. Check free disk space and that this user may write to the folder.</source>
        <translation>File pengaturan %1 tidak bisa disimpan: %2. Periksa sisa ruang disk dan pastikan pengguna ini boleh menulis ke folder tersebut.</translation>
    </message>
</context>
<context>
    <name>LicenseKey</name>
    <message>
        <source>Enter the licence key from your purchase e-mail. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX</source>
        <translation>Masukkan license key dari email pembelian Anda. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX</translation>
    </message>
    <message>
        <source>A HotelHub licence key starts with HMS-. Check your purchase e-mail and copy the whole key.</source>
        <translation>License key HotelHub diawali HMS-. Cek email pembelian Anda dan salin key secara lengkap.</translation>
    </message>
    <message>
        <source>The key should have 4 groups of 5 letters or digits after HMS-. Part of it may be missing: copy the whole key again.</source>
        <translation>Key seharusnya berisi 4 kelompok 5 huruf atau angka setelah HMS-. Mungkin ada bagian yang terpotong: salin ulang key secara lengkap.</translation>
    </message>
    <message>
        <source>The key contains "%1", which is not a letter or digit. Copy the key again from your purchase e-mail.</source>
        <translation>Key berisi "%1", yang bukan huruf atau angka. Salin ulang key dari email pembelian Anda.</translation>
    </message>
</context>
<context>
    <name>LicenseManager</name>
    <message>
        <source>Cannot read the licence database: %1</source>
        <translation>Database lisensi tidak bisa dibaca: %1</translation>
    </message>
    <message>
        <source>Cannot save the new installation identity: %1</source>
        <translation>Identitas instalasi baru tidak bisa disimpan: %1</translation>
    </message>
    <message>
        <source>the stored token cannot be decrypted on this installation</source>
        <translation>token yang tersimpan tidak bisa didekripsi di instalasi ini</translation>
    </message>
    <message>
        <source>The licence server's token was not accepted (%1): %2</source>
        <translation>Token dari server lisensi tidak diterima (%1): %2</translation>
    </message>
    <message>
        <source>Cannot create the encryption key for the licence token: %1</source>
        <translation>Kunci enkripsi untuk token lisensi tidak bisa dibuat: %1</translation>
    </message>
    <message>
        <source>Cannot save the pairing in the licence database: %1</source>
        <translation>Pairing tidak bisa disimpan di database lisensi: %1</translation>
    </message>
</context>
<context>
    <name>SecretKeyStore</name>
    <message>
        <source>Cannot read the encryption key file %1: %2.</source>
        <translation>File kunci enkripsi %1 tidak bisa dibaca: %2.</translation>
    </message>
    <message>
        <source>The encryption key file %1 is damaged. Pair this installation again to replace it.</source>
        <translation>File kunci enkripsi %1 rusak. Lakukan pairing ulang instalasi ini untuk menggantinya.</translation>
    </message>
    <message>
        <source>Cannot write the encryption key file %1: %2.</source>
        <translation>File kunci enkripsi %1 tidak bisa ditulis: %2.</translation>
    </message>
    <message>
        <source>No encryption key was found for this installation.</source>
        <translation>Kunci enkripsi untuk instalasi ini tidak ditemukan.</translation>
    </message>
    <message>
        <source>The OS credential store did not answer, and there is no key file.</source>
        <translation>Penyimpanan kredensial OS tidak merespons, dan tidak ada file kunci.</translation>
    </message>
    <message>
        <source>The OS credential store is not available (HOTELHUB_KEYSTORE=keychain). Unlock it, or use HOTELHUB_KEYSTORE=auto.</source>
        <translation>Penyimpanan kredensial OS tidak tersedia (HOTELHUB_KEYSTORE=keychain). Buka kuncinya, atau gunakan HOTELHUB_KEYSTORE=auto.</translation>
    </message>
</context>
<context>
    <name>StatusPresentation</name>
    <message>
        <source>Licence not set up</source>
        <translation>Lisensi belum disiapkan</translation>
    </message>
    <message>
        <source>This installation has no licence yet.</source>
        <translation>Instalasi ini belum memiliki lisensi.</translation>
    </message>
    <message>
        <source>Run the HotelHub setup wizard and enter the licence key from your purchase e-mail.</source>
        <translation>Jalankan wizard setup HotelHub dan masukkan license key dari email pembelian Anda.</translation>
    </message>
    <message>
        <source>Licence check failed</source>
        <translation>Pemeriksaan lisensi gagal</translation>
    </message>
    <message>
        <source>The vendor's public key on this computer is missing or has been changed.</source>
        <translation>Public key vendor di komputer ini hilang atau telah diubah.</translation>
    </message>
    <message>
        <source>Contact HotelHub support and send them the output of `hotelhub-license diagnostic`.</source>
        <translation>Hubungi support HotelHub dan kirimkan hasil `hotelhub-license diagnostic`.</translation>
    </message>
    <message>
        <source>Online verification required</source>
        <translation>Verifikasi online diperlukan</translation>
    </message>
    <message numerus="yes">
        <source>The licence has not been verified online for %n days.</source>
        <translation><numerusform>Lisensi belum diverifikasi online selama %n hari.</numerusform></translation>
    </message>
    <message>
        <source>Connect this server to the internet, then press Check again.</source>
        <translation>Hubungkan server ini ke internet, lalu tekan Cek Lagi.</translation>
    </message>
    <message>
        <source>Licence token invalid</source>
        <translation>Token lisensi tidak valid</translation>
    </message>
    <message>
        <source>The stored licence token cannot be read or its signature is not valid.</source>
        <translation>Token lisensi yang tersimpan tidak bisa dibaca atau tanda tangannya tidak valid.</translation>
    </message>
    <message>
        <source>Pair this installation again with your licence key, or contact support.</source>
        <translation>Lakukan pairing ulang instalasi ini dengan license key Anda, atau hubungi support.</translation>
    </message>
    <message>
        <source>Hardware change detected</source>
        <translation>Perubahan hardware terdeteksi</translation>
    </message>
    <message>
        <source>Hardware change detected. Re-pair?</source>
        <translation>Perubahan hardware terdeteksi. Lakukan re-pair?</translation>
    </message>
    <message>
        <source>Move the licence to this machine with "Move installation" (hotelhub-setup --migrate).</source>
        <translation>Pindahkan lisensi ke mesin ini dengan "Pindah Instalasi" (hotelhub-setup --migrate).</translation>
    </message>
    <message>
        <source>Licence revoked</source>
        <translation>Lisensi dicabut</translation>
    </message>
    <message>
        <source>Licence not active. Contact the administrator.</source>
        <translation>Lisensi tidak aktif. Hubungi admin.</translation>
    </message>
    <message>
        <source>Contact the HotelHub vendor about the reason for the revocation.</source>
        <translation>Hubungi vendor HotelHub untuk mengetahui alasan pencabutan.</translation>
    </message>
    <message>
        <source>Licence suspended</source>
        <translation>Lisensi ditangguhkan</translation>
    </message>
    <message>
        <source>The vendor has suspended this licence, usually because of an unpaid invoice.</source>
        <translation>Vendor menangguhkan lisensi ini, biasanya karena tagihan yang belum dibayar.</translation>
    </message>
    <message>
        <source>Contact the vendor to settle it, then press Check again: no reinstall is needed.</source>
        <translation>Hubungi vendor untuk menyelesaikannya, lalu tekan Cek Lagi: tidak perlu instal ulang.</translation>
    </message>
    <message>
        <source>System clock is wrong</source>
        <translation>Jam sistem salah</translation>
    </message>
    <message>
        <source>The system clock is not correct.</source>
        <translation>Jam sistem tidak benar.</translation>
    </message>
    <message>
        <source>Set the correct date and time (turn on automatic time), then check again while online.</source>
        <translation>Atur tanggal dan jam yang benar (aktifkan waktu otomatis), lalu cek lagi saat online.</translation>
    </message>
    <message>
        <source>Licence expired</source>
        <translation>Lisensi kedaluwarsa</translation>
    </message>
    <message>
        <source>The licence has expired. Contact sales to renew it.</source>
        <translation>Lisensi sudah kedaluwarsa. Hubungi sales untuk perpanjangan.</translation>
    </message>
    <message>
        <source>After renewing, press Check again.</source>
        <translation>Setelah diperpanjang, tekan Cek Lagi.</translation>
    </message>
    <message>
        <source>Licence period ended</source>
        <translation>Masa lisensi berakhir</translation>
    </message>
    <message numerus="yes">
        <source>The licence period has ended. %n days left to renew before the system locks.</source>
        <translation><numerusform>Masa lisensi sudah berakhir. Sisa %n hari untuk perpanjangan sebelum sistem terkunci.</numerusform></translation>
    </message>
    <message>
        <source>Contact sales to renew the licence.</source>
        <translation>Hubungi sales untuk memperpanjang lisensi.</translation>
    </message>
    <message>
        <source>Restricted mode</source>
        <translation>Mode terbatas</translation>
    </message>
    <message>
        <source>Restricted mode: only read &amp; report are available. Go online to re-activate.</source>
        <translation>Mode terbatas: hanya read &amp; report yang tersedia. Re-online untuk aktifkan kembali.</translation>
    </message>
    <message>
        <source>Connect this server to the internet; the next heartbeat restores full mode.</source>
        <translation>Hubungkan server ini ke internet; heartbeat berikutnya memulihkan mode penuh.</translation>
    </message>
    <message>
        <source>Licence not synchronised</source>
        <translation>Lisensi belum sinkron</translation>
    </message>
    <message numerus="yes">
        <source>Licence not synchronised for %n days. Contact support if this continues.</source>
        <translation><numerusform>Lisensi belum sinkron %n hari. Hubungi support jika berkelanjutan.</numerusform></translation>
    </message>
    <message>
        <source>Check the server's internet connection and firewall.</source>
        <translation>Cek koneksi internet &amp; firewall server.</translation>
    </message>
    <message>
        <source>Heartbeat delayed</source>
        <translation>Heartbeat tertunda</translation>
    </message>
    <message numerus="yes">
        <source>Licence: heartbeat delayed %n days. Check the server's internet connection.</source>
        <translation><numerusform>Lisensi: heartbeat tertunda %n hari. Periksa koneksi internet server.</numerusform></translation>
    </message>
    <message>
        <source>Check the server's internet connection.</source>
        <translation>Periksa koneksi internet server.</translation>
    </message>
    <message>
        <source>Licence active</source>
        <translation>Lisensi aktif</translation>
    </message>
</context>
<context>
    <name>VendorKey</name>
    <message>
        <source>The vendor public key %1 is missing (%2). Reinstall HotelHub or fix LICENSE_PUBLIC_KEY_PATH in the settings file.</source>
        <translation>Public key vendor %1 tidak ada (%2). Instal ulang HotelHub atau perbaiki LICENSE_PUBLIC_KEY_PATH di file pengaturan.</translation>
    </message>
    <message>
        <source>The vendor public key %1 does not match its pinned fingerprint: it has been replaced or damaged. Reinstall HotelHub, or set LICENSE_PUBLIC_KEY_HASH to your own vendor key's SHA-256 if you host the licence server yourself.</source>
        <translation>Public key vendor %1 tidak cocok dengan fingerprint yang disematkan: key telah diganti atau rusak. Instal ulang HotelHub, atau isi LICENSE_PUBLIC_KEY_HASH dengan SHA-256 key vendor Anda sendiri jika Anda menjalankan server lisensi sendiri.</translation>
    </message>
    <message>
        <source>The vendor public key %1 is not an RSA-2048 or Ed25519 public key in PEM format.</source>
        <translation>Public key vendor %1 bukan public key RSA-2048 atau Ed25519 dalam format PEM.</translation>
    </message>
</context>
</TS>