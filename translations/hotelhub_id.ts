<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID" sourcelanguage="en_US">
<context>
    <name>AdminPage</name>
    <message>
        <source>Administrator</source>
        <translation>Admin utama</translation>
    </message>
    <message>
        <source>The first user of the panel, with every right (the owner&apos;s role). Two-factor sign-in is required.</source>
        <translation>Pengguna pertama panel, dengan semua hak (peran pemilik). Login dua faktor wajib.</translation>
    </message>
    <message>
        <source>Na&amp;me:</source>
        <translation>&amp;Nama:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;Email:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>Kata &amp;sandi:</translation>
    </message>
    <message>
        <source>&amp;Confirm password:</source>
        <translation>&amp;Ulangi kata sandi:</translation>
    </message>
    <message>
        <source>Strength:</source>
        <translation>Kekuatan:</translation>
    </message>
    <message>
        <source>Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, Authy), then type the 6-digit code it shows.</source>
        <translation>Pindai kode QR ini dengan aplikasi autentikator (Google Authenticator, Microsoft Authenticator, Authy), lalu ketik kode 6 digit yang ditampilkan.</translation>
    </message>
    <message>
        <source>This is a new QR code. If you scanned a HotelHub code before the setup was interrupted, delete that entry in your authenticator app and scan this one: the old entry&apos;s codes no longer work.</source>
        <translation>Ini kode QR baru. Jika Anda sudah memindai kode HotelHub sebelum setup terputus, hapus entri itu di aplikasi autentikator lalu pindai kode ini: kode dari entri lama tidak berlaku lagi.</translation>
    </message>
    <message>
        <source>QR code for the authenticator app</source>
        <translation>Kode QR untuk aplikasi autentikator</translation>
    </message>
    <message>
        <source>6-&amp;digit code:</source>
        <translation>Kode &amp;6 digit:</translation>
    </message>
    <message>
        <source>Recovery codes: each one signs in once if the phone is lost. They are shown only now; write them down or print them and keep them somewhere safe.</source>
        <translation>Kode pemulihan: masing-masing bisa dipakai login sekali jika ponsel hilang. Kode hanya ditampilkan sekarang; catat atau cetak dan simpan di tempat aman.</translation>
    </message>
    <message>
        <source>I have &amp;saved the recovery codes</source>
        <translation>Saya sudah &amp;menyimpan kode pemulihan</translation>
    </message>
</context>
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
    <message>
        <source>%1 is a file, not a folder, so it cannot be the data folder. Name a folder with --data-dir or HOTELHUB_DATA_DIR.</source>
        <translation>%1 adalah berkas, bukan folder, jadi tidak bisa menjadi folder data. Sebutkan sebuah folder dengan --data-dir atau HOTELHUB_DATA_DIR.</translation>
    </message>
    <message>
        <source>The data folder %1 is on a disk mounted read-only. Mount it read-write, or choose another folder with --data-dir.</source>
        <translation>Folder data %1 berada di disk yang dipasang hanya-baca. Pasang ulang disk itu agar dapat ditulis, atau pilih folder lain dengan --data-dir.</translation>
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
        <source>Unknown command or extra argument: %1</source>
        <translation>Perintah tidak dikenal atau argumen berlebih: %1</translation>
    </message>
    <message>
        <source>--at needs an ISO-8601 date or time (2027-01-31, 2027-01-31T03:00:00Z) or an offset such as +45d, -2h.</source>
        <translation>--at memerlukan tanggal atau waktu ISO-8601 (2027-01-31, 2027-01-31T03:00:00Z) atau selisih seperti +45d, -2h.</translation>
    </message>
    <message>
        <source>An installation identity already exists; kept it (use --force to regenerate).</source>
        <translation>Identitas instalasi sudah ada dan tetap dipakai (gunakan --force untuk membuat ulang).</translation>
    </message>
    <message>
        <source>The previous pairing was removed. Pair again, or move the licence here with `hotelhub-setup --migrate`.</source>
        <translation>Pemasangan sebelumnya dihapus. Pasangkan lagi, atau pindahkan lisensi ke sini dengan `hotelhub-setup --migrate`.</translation>
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
    <message>
        <source>The option --%1 does not apply to &apos;%2&apos;.</source>
        <translation>Opsi --%1 tidak berlaku untuk &apos;%2&apos;.</translation>
    </message>
    <message>
        <source>Unpairing releases the licence from this installation; HotelHub stops working here until it is paired again. Run again with --yes to confirm.</source>
        <translation>Perintah ini melepaskan lisensi dari instalasi ini; HotelHub berhenti berfungsi di sini sampai dipasangkan lagi. Jalankan lagi dengan --yes untuk mengonfirmasi.</translation>
    </message>
    <message>
        <source>migrate needs --reason TEXT (for example &quot;server replaced&quot;): the vendor keeps it in the audit trail.</source>
        <translation>migrate memerlukan --reason TEXT (misalnya &quot;server diganti&quot;): vendor menyimpannya di jejak audit.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; needs a vendor licence server; this installation runs in sheet mode (LICENSE_API_URL is set).</source>
        <translation>&apos;%1&apos; memerlukan server lisensi vendor; instalasi ini berjalan dalam mode sheet (LICENSE_API_URL diisi).</translation>
    </message>
    <message>
        <source>Licence key (HMS-XXXXX-XXXXX-XXXXX-XXXXX): </source>
        <translation>Kunci lisensi (HMS-XXXXX-XXXXX-XXXXX-XXXXX): </translation>
    </message>
    <message>
        <source>Help: %1</source>
        <translation>Bantuan: %1</translation>
    </message>
    <message>
        <source>(code %1%2)</source>
        <translation>(kode %1%2)</translation>
    </message>
    <message>
        <source>Paired %1. Licence active until %2 (plan %3).</source>
        <translation>%1 berhasil dipasangkan. Lisensi aktif sampai %2 (paket %3).</translation>
    </message>
    <message>
        <source>Not paired: nothing to send.</source>
        <translation>Belum dipasangkan: tidak ada yang dikirim.</translation>
    </message>
    <message>
        <source>Heartbeat accepted; token renewed until %1. State: %2.</source>
        <translation>Heartbeat diterima; token diperbarui sampai %1. Keadaan: %2.</translation>
    </message>
    <message>
        <source>New token stored; the previous one no longer works.</source>
        <translation>Token baru disimpan; token sebelumnya tidak berlaku lagi.</translation>
    </message>
    <message>
        <source>Unpaired. The licence can now be paired on another installation.</source>
        <translation>Lisensi dilepas. Lisensi sekarang dapat dipasangkan di instalasi lain.</translation>
    </message>
    <message>
        <source>The licence now lives on this installation (active until %1). The previous installation stops working at its next check.</source>
        <translation>Lisensi sekarang berada di instalasi ini (aktif sampai %1). Instalasi sebelumnya berhenti berfungsi pada pemeriksaan berikutnya.</translation>
    </message>
    <message>
        <source>Source: Google Sheet (sheet mode)</source>
        <translation>Sumber: Google Sheet (mode sheet)</translation>
    </message>
    <message>
        <source>Last online check: %1</source>
        <translation>Pemeriksaan online terakhir: %1</translation>
    </message>
    <message>
        <source>Sheet checked (%1). State: %2.</source>
        <translation>Sheet sudah diperiksa (%1). Keadaan: %2.</translation>
    </message>
    <message>
        <source>Kept the install ID from LICENSE_INSTALL_ID in %1, so the vendor recognises this installation.</source>
        <translation>Install ID dari LICENSE_INSTALL_ID di %1 tetap dipakai, sehingga vendor mengenali instalasi ini.</translation>
    </message>
    <message>
        <source>This state was read but not recorded.</source>
        <translation>Status ini dibaca tetapi tidak dicatat.</translation>
    </message>
    <message>
        <source>Settings file %1, %2</source>
        <translation>Berkas pengaturan %1, %2</translation>
    </message>
    <message>
        <source>create (or with --force, regenerate) the install_id and fingerprint;
a new one keeps a well-formed LICENSE_INSTALL_ID from the .env</source>
        <translation>buat (atau dengan --force, buat ulang) install_id dan fingerprint;
yang baru memakai LICENSE_INSTALL_ID dari .env bila formatnya benar</translation>
    </message>
    <message>
        <source>pair this installation with the vendor (KEY &apos;-&apos; or absent: read from stdin)</source>
        <translation>pasangkan instalasi ini dengan vendor (KEY &apos;-&apos; atau kosong: dibaca dari stdin)</translation>
    </message>
    <message>
        <source>show the local licence state; WHEN is ISO-8601 or +Nd/+Nh/-Nd
(a what-if evaluation that writes nothing)</source>
        <translation>tampilkan status lisensi lokal; WHEN berupa ISO-8601 atau +Nd/+Nh/-Nd
(evaluasi seandainya, tidak menulis apa pun)</translation>
    </message>
    <message>
        <source>send the heartbeat now</source>
        <translation>kirim heartbeat sekarang</translation>
    </message>
    <message>
        <source>send it only when the schedule says it is due (cron, systemd timer)</source>
        <translation>kirim hanya bila jadwal mengatakan sudah waktunya (cron, timer systemd)</translation>
    </message>
    <message>
        <source>ask the vendor for a new token (the old one stops working)</source>
        <translation>minta token baru ke vendor (token lama berhenti berlaku)</translation>
    </message>
    <message>
        <source>release the licence from this installation</source>
        <translation>lepaskan lisensi dari instalasi ini</translation>
    </message>
    <message>
        <source>move the licence to this machine (the old one stops working)</source>
        <translation>pindahkan lisensi ke mesin ini (mesin lama berhenti berfungsi)</translation>
    </message>
    <message>
        <source>the support checklist ([✓]/[✗])</source>
        <translation>daftar periksa untuk tim dukungan ([✓]/[✗])</translation>
    </message>
    <message>
        <source>Usage: hotelhub-license [--env FILE] [--data-dir DIR] [--lang id|en] &lt;command&gt; [options]

Commands:
</source>
        <translation>Pemakaian: hotelhub-license [--env FILE] [--data-dir DIR] [--lang id|en] &lt;perintah&gt; [opsi]

Perintah:
</translation>
    </message>
    <message>
        <source>Windows, as administrator: a task that sends the heartbeat hourly as SYSTEM,
also while nobody is logged on (--remove takes it away)</source>
        <translation>Windows, sebagai administrator: tugas terjadwal yang mengirim heartbeat tiap jam sebagai SYSTEM,
juga saat tidak ada yang login (--remove menghapusnya)</translation>
    </message>
    <message>
        <source>The heartbeat task is removed.</source>
        <translation>Tugas heartbeat sudah dihapus.</translation>
    </message>
    <message>
        <source>Created the task %1: it runs `hotelhub-license heartbeat-retry` for %2 every hour and at start-up, as SYSTEM, also while nobody is logged on.</source>
        <translation>Tugas %1 sudah dibuat: tugas ini menjalankan `hotelhub-license heartbeat-retry` untuk %2 setiap jam dan saat komputer menyala, sebagai SYSTEM, juga saat tidak ada yang login.</translation>
    </message>
    <message>
        <source>The heartbeat task is for the machine-wide data folder, whose key SYSTEM can read. Run: hotelhub-license --data-dir &quot;%1&quot; schedule-heartbeat</source>
        <translation>Tugas heartbeat hanya untuk folder data seluruh komputer, yang kuncinya bisa dibaca SYSTEM. Jalankan: hotelhub-license --data-dir &quot;%1&quot; schedule-heartbeat</translation>
    </message>
    <message>
        <source>The settings file %1 given with %2 does not exist. Check the path.</source>
        <translation>Berkas pengaturan %1 yang diberikan lewat %2 tidak ada. Periksa jalurnya.</translation>
    </message>
    <message>
        <source>Fix that setting in %1; `hotelhub-license diagnostic` lists every check.</source>
        <translation>Perbaiki pengaturan itu di %1; `hotelhub-license diagnostic` menampilkan semua pemeriksaan.</translation>
    </message>
    <message>
        <source>no internet here: make an activation request for the vendor (text, and FILE with --out);
without --key it renews the licence this installation holds; --move asks to move it here</source>
        <translation>tidak ada internet di sini: buat permintaan aktivasi untuk vendor (teks, dan FILE dengan --out);
tanpa --key memperpanjang lisensi instalasi ini; --move meminta lisensi dipindahkan ke sini</translation>
    </message>
    <message>
        <source>apply the vendor&apos;s answer: its file, or - to read the file, token or typed code from stdin</source>
        <translation>terapkan jawaban vendor: file-nya, atau - untuk membaca file, token, atau kode ketik dari stdin</translation>
    </message>
    <message>
        <source>Renewal request made. Send it to your vendor (a photo of the QR code in the setup program, this text, or the file), then run: hotelhub-license offline-apply FILE</source>
        <translation>Permintaan perpanjangan dibuat. Kirim ke vendor Anda (foto kode QR di program setup, teks ini, atau file-nya), lalu jalankan: hotelhub-license offline-apply FILE</translation>
    </message>
    <message>
        <source>Activation request made. Send it to your vendor (a photo of the QR code in the setup program, this text, or the file), then run: hotelhub-license offline-apply FILE</source>
        <translation>Permintaan aktivasi dibuat. Kirim ke vendor Anda (foto kode QR di program setup, teks ini, atau file-nya), lalu jalankan: hotelhub-license offline-apply FILE</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Disimpan di %1.</translation>
    </message>
    <message>
        <source>The vendor answers requests up to %1 days old.</source>
        <translation>Vendor menjawab permintaan yang berumur paling lama %1 hari.</translation>
    </message>
    <message>
        <source>offline-apply needs the answer: a FILE, or - to read it (or the typed code) from standard input.</source>
        <translation>offline-apply memerlukan jawabannya: sebuah FILE, atau - untuk membacanya (atau kode ketik) dari input standar.</translation>
    </message>
    <message>
        <source>(code %1)</source>
        <translation>(kode %1)</translation>
    </message>
    <message>
        <source>Offline activation until: %1 (heartbeats not expected before then)</source>
        <translation>Aktivasi offline sampai: %1 (heartbeat tidak diharapkan sebelum itu)</translation>
    </message>
    <message>
        <source>Files: --env FILE, else HOTELHUB_ENV, else &lt;data dir&gt;/hotelhub.env;
       --data-dir DIR, else HOTELHUB_DATA_DIR, else the platform&apos;s application data folder.
Network: LICENSE_VENDOR_BASE_URL; HTTPS_PROXY/NO_PROXY or the system proxy.
Sheet mode (no vendor server): LICENSE_API_URL, LICENSE_EXPIRY, MAX_OFFLINE_DAYS.

Exit codes:
   0  done (status: full mode)        6  diagnostic: a check failed
   1  internal error (please report)  10  not paired (setup)
   2  wrong command line              11  status: restricted mode
   3  settings/data/database problem  12  status: locked
   4  vendor server unreachable        5  vendor server refused the request
   7  disk full (free space on that disk, then try again)
   8  the answer could not be written to standard output
</source>
        <translation>Berkas: --env FILE, jika tidak HOTELHUB_ENV, jika tidak &lt;folder data&gt;/hotelhub.env;
        --data-dir DIR, jika tidak HOTELHUB_DATA_DIR, jika tidak folder data aplikasi bawaan sistem.
Jaringan: LICENSE_VENDOR_BASE_URL; HTTPS_PROXY/NO_PROXY atau proxy sistem.
Mode sheet (tanpa server vendor): LICENSE_API_URL, LICENSE_EXPIRY, MAX_OFFLINE_DAYS.

Kode keluar:
   0  selesai (status: mode penuh)         6  diagnostic: ada pemeriksaan yang gagal
   1  kesalahan internal (mohon laporkan)  10  belum dipasangkan (setup)
   2  baris perintah salah                 11  status: mode terbatas
   3  masalah pengaturan/data/database     12  status: terkunci
   4  server vendor tidak terjangkau        5  server vendor menolak permintaan
   7  disk penuh (kosongkan ruang di disk tersebut, lalu coba lagi)
   8  jawaban tidak dapat ditulis ke keluaran standar
</translation>
    </message>
    <message>
        <source>write error</source>
        <translation>gagal menulis</translation>
    </message>
    <message>
        <source>The answer could not be written to standard output (%1). The command itself ran to the end (without this it would have ended with exit code %2). Check where its output goes (a full disk, a closed pipe), then run it again; &quot;status&quot; shows the licence as it is now.</source>
        <translation>Jawaban tidak dapat ditulis ke keluaran standar (%1). Perintahnya sendiri sudah berjalan sampai selesai (tanpa masalah ini kode keluarnya %2). Periksa ke mana keluarannya diarahkan (disk penuh, pipa yang tertutup), lalu jalankan lagi; &quot;status&quot; menunjukkan keadaan lisensi saat ini.</translation>
    </message>
    <message>
        <source>The data folder %1 given with %2 does not exist, or this user cannot reach it, so there is no installation there; nothing was created. Check the path and the folder&apos;s permissions (the setup wizard or &quot;pair&quot; creates the folder).</source>
        <translation>Folder data %1 yang diberikan lewat %2 tidak ada, atau tidak dapat dijangkau pengguna ini, jadi tidak ada instalasi di sana; tidak ada yang dibuat. Periksa jalurnya dan izin folder itu (wizard setup atau &quot;pair&quot; membuat folder itu).</translation>
    </message>
    <message>
        <source>The data folder %1 given with %2 holds other files and no HotelHub licence database, so there is no installation there; nothing was created or changed in it. Check the path (the setup wizard or &quot;pair&quot; sets an installation up in a folder of its own).</source>
        <translation>Folder data %1 yang diberikan lewat %2 berisi berkas lain dan tidak ada database lisensi HotelHub, jadi tidak ada instalasi di sana; tidak ada yang dibuat atau diubah di dalamnya. Periksa jalurnya (wizard setup atau &quot;pair&quot; memasang instalasi di folder tersendiri).</translation>
    </message>
    <message>
        <source>Cannot read the answer: %1. Check the file&apos;s name and that this user may read it, or give - and paste the answer (or type its code).</source>
        <translation>Tidak dapat membaca jawaban: %1. Periksa nama berkasnya dan pastikan pengguna ini boleh membacanya, atau berikan - lalu tempel jawabannya (atau ketik kodenya).</translation>
    </message>
    <message>
        <source>The answer could not be written to standard output (%1). The command stopped with exit code %2: %3 Check where its output goes (a full disk, a closed pipe) too.</source>
        <translation>Jawaban tidak dapat ditulis ke keluaran standar (%1). Perintahnya berhenti dengan kode keluar %2: %3 Periksa juga ke mana keluarannya diarahkan (disk penuh, pipa yang tertutup).</translation>
    </message>
    <message>
        <source>No heartbeat due; the next one is at %1. State: %2.</source>
        <translation>Belum waktunya heartbeat; berikutnya pada %1. Keadaan: %2.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2. The request was made but not saved: name a file in a folder this user may write, or leave --out out and the request is printed.</source>
        <translation>Tidak dapat menulis %1: %2. Permintaan sudah dibuat tetapi tidak tersimpan: sebutkan berkas di folder yang boleh ditulis pengguna ini, atau hilangkan --out agar permintaannya dicetak.</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>disknya penuh</translation>
    </message>
    <message>
        <source>Cannot write %1: %2. Nothing was saved: name a file this user may write, on a disk with room, or leave --out out and the request is printed.</source>
        <translation>Tidak dapat menulis %1: %2. Tidak ada yang disimpan: sebutkan berkas yang boleh ditulis pengguna ini, di disk yang masih ada ruang, atau hilangkan --out agar permintaannya dicetak.</translation>
    </message>
    <message>
        <source>The request could not be written to standard output (%1), so none of it reached you. Run the command again with --out FILE to save it in a file, or where its output can go.</source>
        <translation>Permintaan tidak dapat ditulis ke keluaran standar (%1), jadi tidak ada bagiannya yang sampai kepada Anda. Jalankan perintah ini lagi dengan --out FILE untuk menyimpannya dalam berkas, atau di tempat keluarannya dapat diterima.</translation>
    </message>
    <message>
        <source>The request is saved in %1, but could not also be written to standard output (%2). Send the file to your vendor.</source>
        <translation>Permintaan tersimpan di %1, tetapi tidak dapat juga ditulis ke keluaran standar (%2). Kirim berkas itu ke vendor Anda.</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>State now: %1.</source>
        <translation>Keadaan sekarang: %1.</translation>
    </message>
    <message>
        <source>No online check due; the next one is at %1. State: %2.</source>
        <translation>Belum waktunya pemeriksaan online; berikutnya pada %1. Keadaan: %2.</translation>
    </message>
    <message>
        <source>Here: hotelhub-license migrate --reason &quot;server replaced&quot; (it asks for the licence key).</source>
        <translation>Di sini: hotelhub-license migrate --reason &quot;server diganti&quot; (kunci lisensi akan ditanyakan).</translation>
    </message>
    <message>
        <source>Here: hotelhub-license heartbeat checks again now.</source>
        <translation>Di sini: hotelhub-license heartbeat memeriksa lagi sekarang.</translation>
    </message>
    <message>
        <source>--out %1 is a licence key, not a file name. Name the file the request goes to, for example --out request.txt.</source>
        <translation>--out %1 adalah kunci lisensi, bukan nama berkas. Sebutkan berkas tujuan permintaan, misalnya --out permintaan.txt.</translation>
    </message>
    <message>
        <source>%1 is a licence key, not the vendor&apos;s answer. offline-apply takes the answer FILE, or - to read it (or the typed code) from standard input.</source>
        <translation>%1 adalah kunci lisensi, bukan jawaban vendor. offline-apply menerima BERKAS jawaban, atau - untuk membacanya (atau kode yang diketik) dari masukan standar.</translation>
    </message>
    <message>
        <source>Note: --at %1 is before this installation&apos;s last contact with the vendor (%2), so it reads as a clock set back; --at tells what comes next, not what the licence was then.</source>
        <translation>Catatan: --at %1 lebih awal dari kontak terakhir instalasi ini dengan vendor (%2), jadi terbaca sebagai jam yang dimundurkan; --at menunjukkan apa yang akan terjadi, bukan keadaan lisensi saat itu.</translation>
    </message>
    <message>
        <source>The vendor&apos;s server wrote (as sent): %1</source>
        <translation>Kata server vendor (apa adanya): %1</translation>
    </message>
    <message>
        <source>This computer&apos;s pairing was removed. The licence stays with the installation it was moved to.</source>
        <translation>Lisensi dilepas dari komputer ini. Lisensi tetap terpasang di instalasi tempat lisensi itu dipindahkan.</translation>
    </message>
    <message>
        <source>Move request made. Send it to your vendor (a photo of the QR code in the setup program, this text, or the file), then run: hotelhub-license offline-apply FILE</source>
        <translation>Permintaan pemindahan dibuat. Kirim ke vendor Anda (foto kode QR di program setup, teks ini, atau file-nya), lalu jalankan: hotelhub-license offline-apply FILE</translation>
    </message>
</context>
<context>
    <name>ClientSettings</name>
    <message>
        <source>LICENSE_CA_FILE %1 cannot be read or holds no PEM certificate.</source>
        <translation>LICENSE_CA_FILE %1 tidak bisa dibaca atau tidak berisi sertifikat PEM.</translation>
    </message>
    <message>
        <source>LICENSE_CA_FILE cannot be used: %1.</source>
        <translation>LICENSE_CA_FILE tidak bisa dipakai: %1.</translation>
    </message>
    <message>
        <source>LICENSE_TIMEOUT_SECONDS &quot;%1&quot; is not a whole number of seconds from 1 to 300; %2 seconds are used instead.</source>
        <translation>LICENSE_TIMEOUT_SECONDS &quot;%1&quot; bukan bilangan bulat detik dari 1 sampai 300; yang dipakai %2 detik.</translation>
    </message>
    <message>
        <source>%1 %2 seconds are used instead.</source>
        <translation>%1 Untuk sementara dipakai %2 detik.</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>Cannot read the licence database %1: %2. Check the file&apos;s permissions.</source>
        <translation>Database lisensi %1 tidak bisa dibaca: %2. Periksa izin akses file tersebut.</translation>
    </message>
    <message>
        <source>%1 is not a SQLite database (it is damaged or belongs to another program). It was left untouched. Move it aside (for example rename it to hotelhub.sqlite.broken) and run `hotelhub-license bootstrap`, or restore it from a backup.</source>
        <translation>%1 bukan database SQLite (rusak atau milik program lain). File tersebut tidak diubah. Pindahkan (misalnya ganti nama menjadi hotelhub.sqlite.broken) lalu jalankan `hotelhub-license bootstrap`, atau pulihkan dari backup.</translation>
    </message>
    <message>
        <source>Cannot open the licence database %1: %2. Check free disk space and the folder&apos;s permissions.</source>
        <translation>Database lisensi %1 tidak bisa dibuka: %2. Periksa sisa ruang disk dan izin akses folder.</translation>
    </message>
    <message>
        <source>The licence database %1 is damaged (%2). It was left untouched. Restore it from a backup, or move it aside and pair again: your licence key is kept by the vendor, so nothing is lost.</source>
        <translation>Database lisensi %1 rusak (%2). File tersebut tidak diubah. Pulihkan dari backup, atau pindahkan lalu pasangkan lagi: kunci lisensi Anda tersimpan di vendor, jadi tidak ada yang hilang.</translation>
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
        <translation>Pembaruan database lisensi %1 ke skema %2 gagal (%3). Tidak ada yang diubah; laporkan ke tim dukungan.</translation>
    </message>
    <message>
        <source>Cannot commit the schema update of %1: %2</source>
        <translation>Pembaruan skema %1 tidak bisa disimpan: %2</translation>
    </message>
    <message>
        <source>The licence database %1 is busy or cannot be written (%2). Nothing was changed. Close other HotelHub programs that may be using it (the tray, a running heartbeat) and try again.</source>
        <translation>Database lisensi %1 sedang dipakai atau tidak dapat ditulis (%2). Tidak ada yang diubah. Tutup program HotelHub lain yang mungkin memakainya (ikon tray, heartbeat yang sedang berjalan), lalu coba lagi.</translation>
    </message>
    <message>
        <source>The licence database %1 could not save the change (%2). Nothing was changed; check that the disk is not full and try again.</source>
        <translation>Database lisensi %1 tidak dapat menyimpan perubahan (%2). Tidak ada yang diubah; pastikan disk tidak penuh, lalu coba lagi.</translation>
    </message>
    <message>
        <source>It was left untouched. Restore it from a backup, or move it aside (for example rename it to %1.broken) and run `hotelhub-license bootstrap --force`: your licence key is kept by the vendor, so nothing is lost.</source>
        <translation>File tersebut tidak diubah. Pulihkan dari backup, atau pindahkan (misalnya ganti nama menjadi %1.broken) lalu jalankan `hotelhub-license bootstrap --force`: kunci lisensi Anda tersimpan di vendor, jadi tidak ada yang hilang.</translation>
    </message>
    <message>
        <source>The licence database %1 is empty (0 bytes): it was cut off, for example by a power failure while it was being written.</source>
        <translation>Database lisensi %1 kosong (0 byte): penulisannya terputus, misalnya karena listrik padam saat file sedang ditulis.</translation>
    </message>
    <message>
        <source>The licence database %1 is incomplete (%2 bytes): it was cut off, for example by a power failure while it was being written.</source>
        <translation>Database lisensi %1 tidak lengkap (%2 byte): penulisannya terputus, misalnya karena listrik padam saat file sedang ditulis.</translation>
    </message>
    <message>
        <source>the new file could not be completed</source>
        <translation>file baru tidak dapat diselesaikan</translation>
    </message>
    <message>
        <source>the new file could not be moved into place</source>
        <translation>file baru tidak dapat dipindahkan ke tempatnya</translation>
    </message>
    <message>
        <source>The licence database %1 cannot be written by this user (the file or its folder is read-only). It was left untouched. Fix the permissions, or choose another data folder with --data-dir.</source>
        <translation>Database lisensi %1 tidak bisa ditulisi oleh pengguna ini (file atau foldernya hanya-baca). File tersebut tidak diubah. Perbaiki izin aksesnya, atau pilih folder data lain dengan --data-dir.</translation>
    </message>
    <message>
        <source>Cannot read the licence database %1 (%2). It was left untouched. Check the permissions of the file and of its folder, close other programs that may lock it, then try again.</source>
        <translation>Database lisensi %1 tidak bisa dibaca (%2). File tersebut tidak diubah. Periksa izin akses file dan foldernya, tutup program lain yang mungkin menguncinya, lalu coba lagi.</translation>
    </message>
    <message>
        <source>The licence database %1 needs an update to schema %2, but the file or its folder is read-only. It was left untouched. Give this user write permission, then try again.</source>
        <translation>Database lisensi %1 perlu diperbarui ke skema %2, tetapi file atau foldernya hanya-baca. File tersebut tidak diubah. Beri pengguna ini izin menulis, lalu coba lagi.</translation>
    </message>
    <message>
        <source>Cannot read the licence database %1 (%2). It was left untouched. Check free disk space and the permissions of the file and of its folder, then try again.</source>
        <translation>Database lisensi %1 tidak dapat dibaca (%2). Database tidak diubah. Periksa sisa ruang disk serta izin akses berkas dan foldernya, lalu coba lagi.</translation>
    </message>
    <message>
        <source>Cannot read the schema version of the licence database %1 (%2). Nothing was changed. Check free disk space and the permissions of the file and of its folder, then try again.</source>
        <translation>Versi skema database lisensi %1 tidak dapat dibaca (%2). Tidak ada yang diubah. Periksa sisa ruang disk serta izin akses berkas dan foldernya, lalu coba lagi.</translation>
    </message>
</context>
<context>
    <name>DesktopStart</name>
    <message>
        <source>the display this session names (%1) cannot be reached (nothing answers there, or it refuses this user)</source>
        <translation>layar yang disebut sesi ini (%1) tidak dapat dihubungi (tidak ada yang menjawab di sana, atau layar itu menolak pengguna ini)</translation>
    </message>
    <message>
        <source>this session has no display (DISPLAY is not set)</source>
        <translation>sesi ini tidak punya layar (DISPLAY tidak diatur)</translation>
    </message>
    <message>
        <source>Qt&apos;s Wayland platform was asked for (QT_QPA_PLATFORM or -platform) but this session has no Wayland display (WAYLAND_DISPLAY is not set)</source>
        <translation>platform Wayland Qt diminta (QT_QPA_PLATFORM atau -platform) tetapi sesi ini tidak punya layar Wayland (WAYLAND_DISPLAY tidak diatur)</translation>
    </message>
</context>
<context>
    <name>Diagnostic</name>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n menit yang lalu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n jam yang lalu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n hari yang lalu</numerusform>
        </translation>
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
        <source>Fix the folder&apos;s permissions or choose another with --data-dir.</source>
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
        <translation>Kunci publik utuh</translation>
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
        <translation>Jalankan setup (hotelhub-setup) atau `hotelhub-license pair --key HMS-…`.</translation>
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
        <translation>Pasangkan ulang instalasi ini, atau hubungi tim dukungan dengan hasil diagnostik ini.</translation>
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
        <translation>Berubah sejak lisensi dipasangkan: %1</translation>
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
        <source>Check the server&apos;s internet connection, then run `hotelhub-license heartbeat`.</source>
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
        <translation>
            <numerusform>Log audit utuh (%n entri)</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit log was edited outside HotelHub. Keep a copy of the database and tell support.</source>
        <translation>Log audit diubah di luar HotelHub. Simpan salinan database dan beri tahu tim dukungan.</translation>
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
    <message>
        <source>Licence accepted by the vendor</source>
        <translation>Lisensi diterima oleh vendor</translation>
    </message>
    <message>
        <source>The last heartbeat was refused: %1 (%2)</source>
        <translation>Heartbeat terakhir ditolak: %1 (%2)</translation>
    </message>
    <message>
        <source>Vendor reachable (%1, server %2)</source>
        <translation>Vendor dapat dihubungi (%1, server %2)</translation>
    </message>
    <message>
        <source>Vendor reachable (%1)</source>
        <translation>Vendor dapat dihubungi (%1)</translation>
    </message>
    <message numerus="yes">
        <source>Clock matches the licence server (difference %n s)</source>
        <translation>
            <numerusform>Jam cocok dengan server lisensi (selisih %n detik)</numerusform>
        </translation>
    </message>
    <message>
        <source>This computer&apos;s clock differs from the server&apos;s by more than 5 minutes.</source>
        <translation>Jam komputer ini berbeda lebih dari 5 menit dari jam server.</translation>
    </message>
    <message>
        <source>Turn on automatic date and time (NTP) and check the time zone.</source>
        <translation>Aktifkan tanggal dan waktu otomatis (NTP) dan periksa zona waktu.</translation>
    </message>
    <message>
        <source>Proxy: %1</source>
        <translation>Proxy: %1</translation>
    </message>
    <message>
        <source>Sheet-mode settings readable</source>
        <translation>Pengaturan mode sheet dapat dibaca</translation>
    </message>
    <message>
        <source>Sheet reachable and readable (%1)</source>
        <translation>Sheet dapat dihubungi dan dibaca (%1)</translation>
    </message>
    <message>
        <source>Sheet reachable and readable</source>
        <translation>Sheet dapat dihubungi dan dibaca</translation>
    </message>
    <message>
        <source>Check the internet connection; the sheet must be shared as &apos;anyone with the link&apos; or published to the web.</source>
        <translation>Periksa koneksi internet; sheet harus dibagikan sebagai &apos;siapa saja yang memiliki link&apos; atau dipublikasikan ke web.</translation>
    </message>
    <message>
        <source>license.dat intact</source>
        <translation>license.dat utuh</translation>
    </message>
    <message>
        <source>Connect to the internet and run `hotelhub-license heartbeat`; a successful check writes a fresh one.</source>
        <translation>Sambungkan ke internet lalu jalankan `hotelhub-license heartbeat`; pemeriksaan yang berhasil menulis yang baru.</translation>
    </message>
    <message>
        <source>Licence not expired (valid until %1)</source>
        <translation>Lisensi belum kedaluwarsa (berlaku sampai %1)</translation>
    </message>
    <message>
        <source>Licence not expired</source>
        <translation>Lisensi belum kedaluwarsa</translation>
    </message>
    <message>
        <source>LICENSE_EXPIRY has passed.</source>
        <translation>LICENSE_EXPIRY sudah lewat.</translation>
    </message>
    <message>
        <source>The sheet&apos;s expiry has passed.</source>
        <translation>Tanggal kedaluwarsa di sheet sudah lewat.</translation>
    </message>
    <message>
        <source>Contact the vendor to renew.</source>
        <translation>Hubungi vendor untuk perpanjangan.</translation>
    </message>
    <message>
        <source>Sheet status: %1</source>
        <translation>Status di sheet: %1</translation>
    </message>
    <message>
        <source>The vendor has set this licence to %1.</source>
        <translation>Vendor mengatur lisensi ini menjadi %1.</translation>
    </message>
    <message>
        <source>Contact the vendor.</source>
        <translation>Hubungi vendor.</translation>
    </message>
    <message numerus="yes">
        <source>Last online check %1 (limit %n days)</source>
        <translation>
            <numerusform>Pemeriksaan online terakhir %1 (batas %n hari)</numerusform>
        </translation>
    </message>
    <message>
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <source>The licence was not checked online for longer than MAX_OFFLINE_DAYS.</source>
        <translation>Lisensi tidak diperiksa online lebih lama dari MAX_OFFLINE_DAYS.</translation>
    </message>
    <message>
        <source>Connect this server to the internet, then run `hotelhub-license heartbeat`.</source>
        <translation>Sambungkan server ini ke internet, lalu jalankan `hotelhub-license heartbeat`.</translation>
    </message>
    <message>
        <source>Mode: sheet (%1)</source>
        <translation>Mode: Google Sheets (%1)</translation>
    </message>
    <message>
        <source>(not in this plan: %1)</source>
        <translation>(tidak termasuk paket ini: %1)</translation>
    </message>
    <message>
        <source>Licence database writable</source>
        <translation>Database lisensi bisa ditulisi</translation>
    </message>
    <message>
        <source>%1 is read-only for this user: what is shown is what it last recorded, and nothing new (heartbeats, state changes) can be saved.</source>
        <translation>%1 hanya-baca bagi pengguna ini: yang ditampilkan adalah catatan terakhirnya, dan tidak ada hal baru (heartbeat, perubahan status) yang bisa disimpan.</translation>
    </message>
    <message>
        <source>Heartbeat reached the licence server</source>
        <translation>Heartbeat sampai ke server lisensi</translation>
    </message>
    <message>
        <source>At the last heartbeat an intermediary (a proxy, gateway or firewall) answered 401/403/410 instead of the licence server; the licence state was not changed.</source>
        <translation>Pada heartbeat terakhir, perantara (proxy, gateway, atau firewall) menjawab 401/403/410, bukan server lisensi; status lisensi tidak berubah.</translation>
    </message>
    <message>
        <source>Settings file loads in the HMS</source>
        <translation>Berkas pengaturan bisa dimuat oleh HMS</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Edit those lines in %1 as shown: HotelHub (Laravel) does not start while they are there.</source>
        <translation>Perbaiki baris-baris itu di %1 seperti petunjuknya: HotelHub (Laravel) tidak mau berjalan selama baris itu masih ada.</translation>
    </message>
    <message>
        <source>Encryption key readable</source>
        <translation>Kunci enkripsi bisa dibaca</translation>
    </message>
    <message>
        <source>Unlock the OS password store (sign in to the desktop, or enter the keyring password), then check again. On a server without a desktop session, set HOTELHUB_KEYSTORE=file before pairing.</source>
        <translation>Buka kunci penyimpanan kata sandi sistem (masuk ke desktop, atau isi kata sandi keyring), lalu periksa lagi. Di server tanpa sesi desktop, isi HOTELHUB_KEYSTORE=file sebelum pairing.</translation>
    </message>
    <message>
        <source>Machine id present</source>
        <translation>ID mesin tersedia</translation>
    </message>
    <message>
        <source>This computer has no machine id (on Linux /etc/machine-id is missing or empty; on Windows the MachineGuid registry value). The licence is bound to the network card and this folder only.</source>
        <translation>Komputer ini tidak punya ID mesin (di Linux /etc/machine-id tidak ada atau kosong; di Windows nilai registry MachineGuid). Lisensi hanya terikat ke kartu jaringan dan folder ini.</translation>
    </message>
    <message>
        <source>Linux: run `systemd-machine-id-setup` as root; Windows: ask your technician to repair the installation. Then check again: a changed id is a hardware change (see &quot;Fingerprint matches&quot;).</source>
        <translation>Linux: jalankan `systemd-machine-id-setup` sebagai root; Windows: minta teknisi memperbaiki instalasi Windows. Lalu periksa lagi: ID yang berubah dihitung sebagai perubahan hardware (lihat &quot;Fingerprint cocok&quot;).</translation>
    </message>
    <message>
        <source>Offline activation valid until %1: heartbeats are not expected until then (one that gets through renews the licence as usual).</source>
        <translation>Aktivasi offline berlaku sampai %1: heartbeat tidak diharapkan sampai saat itu (heartbeat yang berhasil tetap memperpanjang lisensi seperti biasa).</translation>
    </message>
    <message>
        <source>(not expected: offline activation until %1)</source>
        <translation>(tidak diharapkan: aktivasi offline sampai %1)</translation>
    </message>
    <message>
        <source>Settings file names this pairing</source>
        <translation>Berkas pengaturan menyebut pemasangan ini</translation>
    </message>
    <message>
        <source>%1 missing or different in %2.</source>
        <translation>%1 tidak ada atau berbeda di %2.</translation>
    </message>
    <message>
        <source>Make the settings file writable and loadable (the check above names a bad line), then run `hotelhub-license heartbeat` or press &quot;Check again&quot; in the tray: it writes the lines again.</source>
        <translation>Pastikan berkas pengaturan dapat ditulis dan dimuat (pemeriksaan di atas menyebut baris yang salah), lalu jalankan `hotelhub-license heartbeat` atau tekan &quot;Cek Lagi&quot; di pemantau lisensi: baris itu akan ditulis lagi.</translation>
    </message>
    <message>
        <source>%1 is on a disk mounted read-only.</source>
        <translation>%1 berada di disk yang dipasang hanya-baca.</translation>
    </message>
    <message>
        <source>Mount that disk read-write, or choose another folder with --data-dir.</source>
        <translation>Pasang ulang disk itu agar dapat ditulis, atau pilih folder lain dengan --data-dir.</translation>
    </message>
    <message>
        <source>none, connects directly</source>
        <translation>tidak ada, tersambung langsung</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>Keadaan: %1</translation>
    </message>
    <message>
        <source>Free space for the licence database</source>
        <translation>Ruang kosong untuk database lisensi</translation>
    </message>
    <message>
        <source>What is shown is what it last recorded; nothing new (heartbeats, state changes) can be saved.</source>
        <translation>Yang ditampilkan adalah catatan terakhirnya; tidak ada yang baru (heartbeat, perubahan keadaan) yang dapat disimpan.</translation>
    </message>
    <message>
        <source>Free some space on that disk (empty the recycle bin, remove old backups or logs), then run the command again.</source>
        <translation>Kosongkan sebagian ruang di disk itu (kosongkan tempat sampah, hapus cadangan atau log lama), lalu jalankan perintahnya lagi.</translation>
    </message>
    <message>
        <source>active</source>
        <comment>the sheet&apos;s status column</comment>
        <translation>aktif</translation>
    </message>
    <message>
        <source>suspended</source>
        <comment>the sheet&apos;s status column</comment>
        <translation>ditangguhkan</translation>
    </message>
    <message>
        <source>revoked</source>
        <comment>the sheet&apos;s status column</comment>
        <translation>dicabut</translation>
    </message>
    <message>
        <source>Sheet not fetched (--offline): the checks above are from license.dat.</source>
        <translation>Sheet tidak diambil (--offline): pemeriksaan di atas berasal dari license.dat.</translation>
    </message>
    <message>
        <source>Disk nearly full: only %1 free on the disk holding %2. The licence is still saved for now; once the disk is full, heartbeats and state changes can no longer be saved.</source>
        <translation>Disk hampir penuh: hanya %1 tersisa di disk tempat %2. Lisensi masih tersimpan untuk saat ini; begitu disk penuh, heartbeat dan perubahan keadaan tidak dapat disimpan lagi.</translation>
    </message>
    <message>
        <source>Free some space on that disk soon (empty the recycle bin, remove old backups or logs).</source>
        <translation>Segera kosongkan sebagian ruang di disk itu (kosongkan tempat sampah, hapus cadangan atau log lama).</translation>
    </message>
    <message>
        <source>the computer&apos;s machine id</source>
        <translation>ID mesin komputer</translation>
    </message>
    <message>
        <source>the network card</source>
        <translation>kartu jaringan</translation>
    </message>
    <message>
        <source>the operating system version</source>
        <translation>versi sistem operasi</translation>
    </message>
    <message>
        <source>the installation folder</source>
        <translation>folder instalasi</translation>
    </message>
    <message>
        <source>the installation&apos;s identity</source>
        <translation>identitas instalasi</translation>
    </message>
    <message>
        <source>Correct the line named above in %1.</source>
        <translation>Perbaiki baris yang disebut di atas di %1.</translation>
    </message>
    <message>
        <source>Disk almost full: only %1 free on the disk holding %2, less than a few heartbeats need. What fits is still saved; the next heartbeat or state change may not be.</source>
        <translation>Disk hampir penuh: hanya %1 tersisa di disk tempat %2, kurang dari yang dibutuhkan beberapa heartbeat. Yang masih muat tetap disimpan; heartbeat atau perubahan keadaan berikutnya mungkin tidak.</translation>
    </message>
    <message>
        <source>Free some space on that disk now (empty the recycle bin, remove old backups or logs).</source>
        <translation>Kosongkan sebagian ruang di disk itu sekarang (kosongkan tempat sampah, hapus cadangan atau log lama).</translation>
    </message>
    <message>
        <source>%1 is on a disk mounted read-only: what is shown is what it last recorded, and nothing new (heartbeats, state changes) can be saved.</source>
        <translation>%1 berada di disk yang dipasang hanya-baca: yang ditampilkan adalah catatan terakhirnya, dan tidak ada hal baru (heartbeat, perubahan status) yang dapat disimpan.</translation>
    </message>
    <message>
        <source>Mount the disk that holds it read-write, then try again.</source>
        <translation>Pasang ulang disk yang memuatnya agar dapat ditulis, lalu coba lagi.</translation>
    </message>
    <message>
        <source>Give this user write permission on the file and the data folder, then try again.</source>
        <translation>Beri pengguna ini izin menulis pada file dan folder data, lalu coba lagi.</translation>
    </message>
    <message>
        <source>Network settings usable</source>
        <translation>Pengaturan jaringan bisa dipakai</translation>
    </message>
    <message>
        <source>Fix that setting in the settings file; the licence server cannot be reached without it.</source>
        <translation>Perbaiki pengaturan itu di berkas pengaturan; server lisensi tidak bisa dihubungi tanpanya.</translation>
    </message>
    <message>
        <source>Correct that line in the settings file, or remove it to keep the default.</source>
        <translation>Perbaiki baris itu di berkas pengaturan, atau hapus baris itu agar nilai bawaan yang dipakai.</translation>
    </message>
    <message>
        <source>Settings file present</source>
        <translation>Berkas pengaturan ada</translation>
    </message>
    <message>
        <source>%1 does not exist</source>
        <translation>%1 tidak ada</translation>
    </message>
    <message>
        <source>Restore it from a backup: it holds HotelHub&apos;s settings, and may name this installation&apos;s licence server and its key (LICENSE_API_URL, LICENSE_PUBLIC_KEY_PATH). Pairing again does not bring them back.</source>
        <translation>Pulihkan dari cadangan: berkas itu menyimpan pengaturan HotelHub, dan mungkin menyebut server lisensi instalasi ini beserta kuncinya (LICENSE_API_URL, LICENSE_PUBLIC_KEY_PATH). Pasangkan ulang tidak mengembalikannya.</translation>
    </message>
    <message>
        <source>Last heartbeat at %1, later than this computer&apos;s clock says it is now: check its date and time</source>
        <translation>Heartbeat terakhir pada %1, lebih lambat dari waktu sekarang menurut jam komputer ini: periksa tanggal dan jamnya</translation>
    </message>
    <message>
        <source>%1 is empty</source>
        <translation>%1 kosong</translation>
    </message>
    <message>
        <source>Restore the settings file first (the check above); pairing again is not needed.</source>
        <translation>Pulihkan dulu berkas pengaturan (pemeriksaan di atas); tidak perlu pasangkan ulang.</translation>
    </message>
    <message>
        <source>Restore the data folder together with the key it was backed up with (its secret.key file, or this user&apos;s entry in the password store); otherwise pair this installation again.</source>
        <translation>Pulihkan folder data bersama kunci yang dicadangkan bersamanya (berkas secret.key-nya, atau entri pengguna ini di penyimpanan kata sandi); jika tidak bisa, pasangkan instalasi ini lagi.</translation>
    </message>
    <message>
        <source>Save %1 again as UTF-8, as said above: HotelHub (Laravel) does not start until then.</source>
        <translation>Simpan lagi %1 sebagai UTF-8, seperti disebut di atas: HotelHub (Laravel) tidak mau berjalan sebelum itu.</translation>
    </message>
    <message>
        <source>Contact the vendor to renew, then put the new end date in LICENSE_EXPIRY in the settings file (written as 2027-12-31).</source>
        <translation>Hubungi vendor untuk perpanjangan, lalu tulis tanggal berakhir yang baru di LICENSE_EXPIRY dalam berkas pengaturan (ditulis seperti 2027-12-31).</translation>
    </message>
    <message>
        <source>not read yet</source>
        <translation>belum dibaca</translation>
    </message>
    <message>
        <source>Vendor reachable</source>
        <translation>Vendor dapat dihubungi</translation>
    </message>
    <message>
        <source>Mode: sheet</source>
        <translation>Mode: Google Sheets</translation>
    </message>
</context>
<context>
    <name>DiskSpace</name>
    <message>
        <source>unknown</source>
        <translation>tidak diketahui</translation>
    </message>
    <message>
        <source>Disk full: the disk holding %1 has only %2 free, too little to open or save it. Nothing was changed and nothing was lost. Free up space on that disk, then try again.</source>
        <extracomment>%1 is a file, %2 the free space on its disk (&quot;0 bytes&quot;, &quot;512 KB&quot;).</extracomment>
        <translation>Disk penuh: disk tempat %1 berada hanya memiliki sisa %2, terlalu sedikit untuk membuka atau menyimpannya. Tidak ada yang diubah dan tidak ada yang hilang. Kosongkan ruang di disk tersebut, lalu coba lagi.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Setup complete</source>
        <translation>Setup selesai</translation>
    </message>
    <message>
        <source>The licence is active and the hotel is recorded.</source>
        <translation>Lisensi aktif dan data hotel sudah tersimpan.</translation>
    </message>
    <message>
        <source>Open &amp;Panel</source>
        <translation>Masuk &amp;Panel</translation>
    </message>
    <message>
        <source>Start the licence &amp;monitor when I log in</source>
        <translation>&amp;Jalankan pemantau lisensi saat saya login</translation>
    </message>
    <message>
        <source>Send the &amp;heartbeat also while nobody is logged on (Windows task, as SYSTEM)</source>
        <translation>Kirim &amp;heartbeat juga saat tidak ada yang login (tugas terjadwal Windows, sebagai SYSTEM)</translation>
    </message>
</context>
<context>
    <name>EnvFile</name>
    <message>
        <source>Cannot read the settings file %1: %2. Check that it exists and that this user may read it.</source>
        <translation>File pengaturan %1 tidak bisa dibaca: %2. Pastikan file ada dan pengguna ini boleh membacanya.</translation>
    </message>
    <message>
        <source>Cannot save the settings file %1: %2. Check free disk space and that this user may write to the folder.</source>
        <translation>File pengaturan %1 tidak bisa disimpan: %2. Periksa sisa ruang disk dan pastikan pengguna ini boleh menulis ke folder tersebut.</translation>
    </message>
    <message>
        <source>line %1: %2 %3</source>
        <translation>baris %1: %2 %3</translation>
    </message>
    <message numerus="yes">
        <source>a double quote opens here and is never closed, so the HMS ignores this line and the %n line(s) after it.</source>
        <translation>
            <numerusform>tanda kutip ganda dibuka di sini dan tidak pernah ditutup, sehingga HMS mengabaikan baris ini dan %n baris sesudahnya.</numerusform>
        </translation>
    </message>
    <message>
        <source>Close the quote at the end of the value.</source>
        <translation>Tutup tanda kutipnya di akhir nilai.</translation>
    </message>
    <message>
        <source>this line is not KEY=VALUE, so the HMS (Laravel) cannot load the file.</source>
        <translation>baris ini bukan KUNCI=NILAI, sehingga HMS (Laravel) tidak bisa memuat berkas ini.</translation>
    </message>
    <message>
        <source>Make it KEY=VALUE, or start it with # to make it a comment.</source>
        <translation>Ubah menjadi KUNCI=NILAI, atau awali dengan # agar menjadi komentar.</translation>
    </message>
    <message>
        <source>%1 has a space inside a value without quotes, so the HMS (Laravel) cannot load the file.</source>
        <translation>%1 berisi spasi di dalam nilai tanpa tanda kutip, sehingga HMS (Laravel) tidak bisa memuat berkas ini.</translation>
    </message>
    <message>
        <source>Put the value in double quotes: %1=&quot;…&quot;.</source>
        <translation>Apit nilainya dengan tanda kutip ganda: %1=&quot;…&quot;.</translation>
    </message>
    <message>
        <source>%1 has a backslash inside double quotes that the HMS does not know (it knows \&quot; \\ \$ \n \r \t \f \v), so it cannot load the file.</source>
        <translation>%1 berisi garis miring terbalik di dalam tanda kutip ganda yang tidak dikenal HMS (yang dikenal: \&quot; \\ \$ \n \r \t \f \v), sehingga HMS tidak bisa memuat berkas ini.</translation>
    </message>
    <message>
        <source>Write \\ for a backslash, or put the value in single quotes.</source>
        <translation>Tulis \\ untuk satu garis miring terbalik, atau apit nilainya dengan tanda kutip tunggal.</translation>
    </message>
    <message>
        <source>%1 opens a quote that is never closed, so the HMS (Laravel) cannot load the file.</source>
        <translation>%1 membuka tanda kutip yang tidak pernah ditutup, sehingga HMS (Laravel) tidak bisa memuat berkas ini.</translation>
    </message>
    <message>
        <source>Cannot write %1 to the settings file %2: it would not read back as written (%3). Fix that line, then try again; the file was left unchanged.</source>
        <translation>%1 tidak bisa ditulis ke berkas pengaturan %2: nilainya tidak akan terbaca kembali seperti yang ditulis (%3). Perbaiki baris itu, lalu coba lagi; berkas tidak diubah.</translation>
    </message>
    <message>
        <source>a line above it swallows it</source>
        <translation>ada baris di atasnya yang menelannya</translation>
    </message>
    <message>
        <source>a double quote opens here and is never closed, so the HMS ignores this line.</source>
        <translation>tanda kutip ganda dibuka di sini dan tidak pernah ditutup, sehingga HMS mengabaikan baris ini.</translation>
    </message>
    <message>
        <source>%1 has text after its closing quote, so the HMS (Laravel) cannot load the file.</source>
        <translation>%1 berisi teks setelah tanda kutip penutupnya, sehingga HMS (Laravel) tidak bisa memuat berkas ini.</translation>
    </message>
    <message>
        <source>Put everything inside the quotes, or start a comment with # after them.</source>
        <translation>Masukkan semuanya ke dalam tanda kutip, atau mulai komentar dengan # sesudahnya.</translation>
    </message>
    <message>
        <source>Cannot read the settings file %1 again before saving it: %2. Nothing was written; check that this user may read it.</source>
        <translation>Berkas pengaturan %1 tidak dapat dibaca ulang sebelum disimpan: %2. Tidak ada yang ditulis; periksa apakah pengguna ini boleh membacanya.</translation>
    </message>
    <message>
        <source>Cannot save the settings file %1: %2. Nothing was changed. Let this user write it (its owner or an administrator can), or run this as the user who owns it, then try again.</source>
        <translation>Berkas pengaturan %1 tidak bisa disimpan: %2. Tidak ada yang diubah. Izinkan pengguna ini menulisnya (pemilik berkas atau administrator dapat melakukannya), atau jalankan ini sebagai pengguna pemilik berkas itu, lalu coba lagi.</translation>
    </message>
    <message>
        <source>Cannot save the settings file %1: the disk that holds it is full (%2 free). Free up space on that disk.</source>
        <translation>Tidak dapat menyimpan berkas pengaturan %1: disk yang memuatnya penuh (sisa %2). Kosongkan ruang di disk itu.</translation>
    </message>
    <message>
        <source>the file is saved as UTF-16 (&quot;Unicode&quot; in Notepad), and the HMS (Laravel) reads only UTF-8, so it loads no setting from it.</source>
        <translation>berkas ini disimpan sebagai UTF-16 (&quot;Unicode&quot; di Notepad), padahal HMS (Laravel) hanya membaca UTF-8, jadi tidak ada satu pun pengaturan yang dimuat darinya.</translation>
    </message>
    <message>
        <source>Open it in Notepad, choose File &gt; Save As, set Encoding to UTF-8 and save it.</source>
        <translation>Buka di Notepad, pilih File &gt; Simpan Sebagai (Save As), atur Encoding ke UTF-8, lalu simpan.</translation>
    </message>
    <message>
        <source>Cannot write to the settings file %1: it is saved as UTF-16 (&quot;Unicode&quot; in Notepad), which the HMS cannot read. Open it in Notepad, choose File &gt; Save As, set Encoding to UTF-8 and save it, then try again; the file was left unchanged.</source>
        <translation>Tidak dapat menulis ke berkas pengaturan %1: berkas itu disimpan sebagai UTF-16 (&quot;Unicode&quot; di Notepad), yang tidak dapat dibaca HMS. Buka di Notepad, pilih File &gt; Simpan Sebagai (Save As), atur Encoding ke UTF-8, simpan, lalu coba lagi; berkas tidak diubah.</translation>
    </message>
    <message>
        <source>Line %1 of the settings file: %2 %3</source>
        <translation>Baris %1 berkas pengaturan: %2 %3</translation>
    </message>
    <message>
        <source>%1 opens a quote on line %2 that closes only on line %3, with more text after it there, so the HMS (Laravel) cannot load the file.</source>
        <translation>%1 membuka tanda kutip di baris %2 yang baru tertutup di baris %3, dengan teks lain setelahnya di sana, sehingga HMS (Laravel) tidak bisa memuat berkas ini.</translation>
    </message>
    <message>
        <source>If the value ends on line %1, close the quote at the end of that line.</source>
        <translation>Jika nilainya berakhir di baris %1, tutup tanda kutip di akhir baris itu.</translation>
    </message>
    <message>
        <source>%1 is inside the value of %2, whose quote opens on line %3 and closes only on line %4, so the HMS does not read it as a setting.</source>
        <translation>%1 berada di dalam nilai %2, yang tanda kutipnya dibuka di baris %3 dan baru ditutup di baris %4, sehingga HMS tidak membacanya sebagai pengaturan.</translation>
    </message>
    <message>
        <source>the line above</source>
        <translation>baris di atasnya</translation>
    </message>
    <message>
        <source>Close the quote at the end of line %1.</source>
        <translation>Tutup tanda kutip di akhir baris %1.</translation>
    </message>
    <message>
        <source>%1 opens a double quote that is never closed, so the HMS ignores this line.</source>
        <translation>%1 membuka tanda kutip ganda yang tidak pernah ditutup, sehingga HMS mengabaikan baris ini.</translation>
    </message>
    <message numerus="yes">
        <source>%1 opens a double quote that is never closed, so the HMS ignores this line and the %n line(s) after it.</source>
        <translation>
            <numerusform>%1 membuka tanda kutip ganda yang tidak pernah ditutup, sehingga HMS mengabaikan baris ini dan %n baris sesudahnya.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is unset by line %2, which names it without a value.</source>
        <translation>%1 dihapus oleh baris %2, yang menyebut namanya tanpa nilai.</translation>
    </message>
    <message>
        <source>Remove line %1, or give it a value there.</source>
        <translation>Hapus baris %1, atau beri nilai di sana.</translation>
    </message>
</context>
<context>
    <name>Jws</name>
    <message>
        <source>not valid before %1</source>
        <translation>belum berlaku sebelum %1</translation>
    </message>
    <message>
        <source>expired at %1</source>
        <translation>kedaluwarsa pada %1</translation>
    </message>
</context>
<context>
    <name>LicenseClient</name>
    <message>
        <source>Give it again as asked; nothing was sent to the licence server.</source>
        <translation>Berikan lagi sesuai yang diminta; tidak ada yang dikirim ke server lisensi.</translation>
    </message>
</context>
<context>
    <name>LicenseKey</name>
    <message>
        <source>Enter the licence key from your purchase e-mail. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX</source>
        <translation>Masukkan kunci lisensi dari e-mail pembelian Anda. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX</translation>
    </message>
    <message>
        <source>A HotelHub licence key starts with HMS-. Check your purchase e-mail and copy the whole key.</source>
        <translation>Kunci lisensi HotelHub diawali HMS-. Cek e-mail pembelian Anda dan salin kuncinya secara lengkap.</translation>
    </message>
    <message>
        <source>The key should have 4 groups of 5 letters or digits after HMS-. Part of it may be missing: copy the whole key again.</source>
        <translation>Kunci lisensi seharusnya berisi 4 kelompok 5 huruf atau angka setelah HMS-. Mungkin ada bagian yang terpotong: salin ulang kunci secara lengkap.</translation>
    </message>
    <message>
        <source>The key contains &quot;%1&quot;, which no licence key has: a key has only the letters A-Z and the digits 0-9. Copy the key again from your purchase e-mail.</source>
        <translation>Kunci lisensi berisi &quot;%1&quot;, yang tidak pernah ada dalam kunci lisensi: kunci hanya berisi huruf A-Z dan angka 0-9. Salin ulang kunci dari email pembelian Anda.</translation>
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
        <source>The licence server&apos;s token was not accepted (%1): %2</source>
        <translation>Token dari server lisensi tidak diterima (%1): %2</translation>
    </message>
    <message>
        <source>Cannot create the encryption key for the licence token: %1</source>
        <translation>Kunci enkripsi untuk token lisensi tidak bisa dibuat: %1</translation>
    </message>
    <message>
        <source>This installation is not paired with a licence.</source>
        <translation>Instalasi ini belum dipasangkan dengan lisensi.</translation>
    </message>
    <message>
        <source>The stored licence token cannot be decrypted on this installation (the data folder was copied, or the key store was reset).</source>
        <translation>Token lisensi yang tersimpan tidak dapat didekripsi di instalasi ini (folder data disalin, atau penyimpanan kunci direset).</translation>
    </message>
    <message>
        <source>Cannot save the licence token in the licence database: %1</source>
        <translation>Tidak dapat menyimpan token lisensi di database lisensi: %1</translation>
    </message>
    <message>
        <source>Cannot record the heartbeat in the licence database: %1</source>
        <translation>Tidak dapat mencatat heartbeat di database lisensi: %1</translation>
    </message>
    <message>
        <source>Cannot record the unpairing in the licence database: %1</source>
        <translation>Tidak dapat mencatat pelepasan lisensi di database lisensi: %1</translation>
    </message>
    <message>
        <source>it names another installation</source>
        <translation>token itu milik instalasi lain</translation>
    </message>
    <message>
        <source>it is for another licence key than the one typed</source>
        <translation>token itu untuk kunci lisensi lain, bukan yang diketik</translation>
    </message>
    <message>
        <source>it is for another licence than this installation&apos;s</source>
        <translation>token itu untuk lisensi lain, bukan lisensi instalasi ini</translation>
    </message>
    <message>
        <source>The licence server&apos;s token was not accepted: %1.</source>
        <translation>Token dari server lisensi tidak diterima: %1.</translation>
    </message>
    <message numerus="yes">
        <source>the licence server&apos;s clock is %n minute(s) off, and its token would end before the one this installation holds; the one held is kept</source>
        <translation>
            <numerusform>jam server lisensi meleset %n menit, dan tokennya akan berakhir lebih dulu daripada token yang dipegang instalasi ini; token yang dipegang tetap dipakai</numerusform>
        </translation>
    </message>
    <message>
        <source>The password store holding this installation&apos;s key did not answer: %1</source>
        <translation>Penyimpanan kata sandi yang menyimpan kunci instalasi ini tidak menjawab: %1</translation>
    </message>
    <message>
        <source>The settings file %1 is missing. Restore it from a backup (it holds HotelHub&apos;s settings, and may name this installation&apos;s licence server and its key); the licence lines are written back into it afterwards.</source>
        <translation>Berkas pengaturan %1 hilang. Pulihkan dari cadangan (berkas itu menyimpan pengaturan HotelHub, dan mungkin menyebut server lisensi instalasi ini beserta kuncinya); baris-baris lisensi ditulis kembali ke dalamnya sesudahnya.</translation>
    </message>
</context>
<context>
    <name>LicenseStatusView</name>
    <message>
        <source>HotelHub licence</source>
        <translation>Lisensi HotelHub</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Kamar</translation>
    </message>
    <message>
        <source>Rooms used</source>
        <translation>Kamar terpakai</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <source>Users used</source>
        <translation>Pengguna terpakai</translation>
    </message>
    <message>
        <source>Last 30 heartbeats (heartbeat: the daily licence check with the vendor&apos;s server; green: accepted, red: failed)</source>
        <translation>30 heartbeat terakhir (heartbeat = pemeriksaan harian lisensi ke server vendor; hijau: diterima, merah: gagal)</translation>
    </message>
    <message>
        <source>Last 30 heartbeats</source>
        <translation>30 heartbeat terakhir</translation>
    </message>
    <message>
        <source>Sent with each heartbeat (counts only, never guest data):</source>
        <translation>Dikirim bersama setiap heartbeat (hanya jumlah, tidak pernah data tamu):</translation>
    </message>
    <message>
        <source>De&amp;tail</source>
        <translation>Deta&amp;il</translation>
    </message>
    <message>
        <source>Detail of what each heartbeat sends</source>
        <translation>Detail data yang dikirim setiap heartbeat</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Riwayat kejadian</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Kejadian</translation>
    </message>
    <message>
        <source>D&amp;etail of the selected event</source>
        <translation>D&amp;etail kejadian terpilih</translation>
    </message>
    <message>
        <source>&amp;Check again</source>
        <translation>&amp;Cek Lagi</translation>
    </message>
    <message>
        <source>&amp;Move installation</source>
        <translation>&amp;Pindahkan instalasi</translation>
    </message>
    <message>
        <source>&amp;Diagnose</source>
        <translation>&amp;Diagnostik</translation>
    </message>
    <message>
        <source>&amp;Unpair</source>
        <translation>&amp;Lepaskan lisensi</translation>
    </message>
    <message>
        <source>O&amp;ffline activation</source>
        <translation>Aktivasi o&amp;ffline</translation>
    </message>
</context>
<context>
    <name>MigrateConfirmPage</name>
    <message>
        <source>Move installation</source>
        <translation>Pindah Instalasi</translation>
    </message>
    <message>
        <source>The licence moves from the old device to this one.</source>
        <translation>Lisensi dipindahkan dari perangkat lama ke perangkat ini.</translation>
    </message>
    <message>
        <source>The licence will be moved to this device. The old device will be deactivated automatically. Continue?</source>
        <translation>Lisensi akan dipindahkan ke perangkat ini. Perangkat lama otomatis dinonaktifkan. Lanjutkan?</translation>
    </message>
    <message>
        <source>&amp;Licence key:</source>
        <translation>Ku&amp;nci lisensi:</translation>
    </message>
    <message>
        <source>Check your purchase e-mail. Format: HMS-...-...-...-...</source>
        <translation>Cek email pembelian Anda. Format: HMS-...-...-...-...</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Alasan:</translation>
    </message>
    <message>
        <source>for example: the old server broke down</source>
        <translation>misalnya: server lama rusak</translation>
    </message>
    <message>
        <source>&amp;Yes, move the licence to this device</source>
        <translation>&amp;Ya, pindahkan lisensi ke perangkat ini</translation>
    </message>
</context>
<context>
    <name>OfflineClient</name>
    <message>
        <source>Enter the licence key: this installation has no licence to renew yet.</source>
        <translation>Masukkan kunci lisensi: instalasi ini belum memiliki lisensi untuk diperpanjang.</translation>
    </message>
    <message>
        <source>Cannot record the activation request in the licence database: %1</source>
        <translation>Tidak dapat mencatat permintaan aktivasi di database lisensi: %1</translation>
    </message>
    <message>
        <source>This is not an answer to an activation request.</source>
        <translation>Ini bukan jawaban atas permintaan aktivasi.</translation>
    </message>
    <message>
        <source>Open the answer file your vendor sent (hotelhub-answer-….json), or type the code they read to you.</source>
        <translation>Buka file jawaban yang dikirim vendor (hotelhub-answer-….json), atau ketik kode yang dibacakan vendor.</translation>
    </message>
    <message>
        <source>No answer was given.</source>
        <translation>Belum ada jawaban yang diberikan.</translation>
    </message>
    <message>
        <source>This is the activation request itself, not the vendor&apos;s answer.</source>
        <translation>Ini permintaan aktivasinya sendiri, bukan jawaban vendor.</translation>
    </message>
    <message>
        <source>Send this request to your vendor; apply what they send back.</source>
        <translation>Kirim permintaan ini ke vendor; terapkan jawaban yang mereka kirim kembali.</translation>
    </message>
    <message>
        <source>Run `hotelhub-license diagnostic` and contact support.</source>
        <translation>Jalankan `hotelhub-license diagnostic` dan hubungi dukungan.</translation>
    </message>
    <message>
        <source>This answer was changed after the vendor signed it, or it does not come from your vendor.</source>
        <translation>Jawaban ini diubah setelah ditandatangani vendor, atau bukan berasal dari vendor Anda.</translation>
    </message>
    <message>
        <source>Ask your vendor to send the answer again, as a file, and do not edit it.</source>
        <translation>Minta vendor mengirim jawabannya lagi sebagai file, dan jangan mengubahnya.</translation>
    </message>
    <message>
        <source>This is a licence token, but not an answer to an offline activation request.</source>
        <translation>Ini token lisensi, tetapi bukan jawaban atas permintaan aktivasi offline.</translation>
    </message>
    <message>
        <source>Open the answer file your vendor sent for your request.</source>
        <translation>Buka file jawaban yang dikirim vendor untuk permintaan Anda.</translation>
    </message>
    <message>
        <source>This answer is for another computer: it was made for the request of a different installation.</source>
        <translation>Jawaban ini untuk komputer lain: dibuat untuk permintaan dari instalasi yang berbeda.</translation>
    </message>
    <message>
        <source>Make the request on this computer and send that one to your vendor.</source>
        <translation>Buat permintaan di komputer ini dan kirim permintaan itu ke vendor.</translation>
    </message>
    <message>
        <source>Cannot read the licence database: %1</source>
        <translation>Tidak dapat membaca database lisensi: %1</translation>
    </message>
    <message>
        <source>Run `hotelhub-license diagnostic`.</source>
        <translation>Jalankan `hotelhub-license diagnostic`.</translation>
    </message>
    <message>
        <source>This answer does not belong to a request made in this installation (it may be older than the last reinstall).</source>
        <translation>Jawaban ini bukan untuk permintaan yang dibuat di instalasi ini (mungkin lebih lama dari instal ulang terakhir).</translation>
    </message>
    <message>
        <source>Make a new request here and send it to your vendor.</source>
        <translation>Buat permintaan baru di sini dan kirim ke vendor.</translation>
    </message>
    <message>
        <source>This answer was already applied on %1; an answer works once.</source>
        <translation>Jawaban ini sudah diterapkan pada %1; satu jawaban hanya berlaku sekali.</translation>
    </message>
    <message>
        <source>To extend the licence again, make a new request.</source>
        <translation>Untuk memperpanjang lisensi lagi, buat permintaan baru.</translation>
    </message>
    <message>
        <source>This answer is for a request made on %1, more than %2 days ago.</source>
        <translation>Jawaban ini untuk permintaan yang dibuat pada %1, lebih dari %2 hari yang lalu.</translation>
    </message>
    <message>
        <source>Make a new request and send it to your vendor.</source>
        <translation>Buat permintaan baru dan kirim ke vendor.</translation>
    </message>
    <message>
        <source>This answer was valid until %1; by this computer&apos;s clock that has passed.</source>
        <translation>Jawaban ini berlaku sampai %1; menurut jam komputer ini, waktu itu sudah lewat.</translation>
    </message>
    <message>
        <source>Check the computer&apos;s date and time. If they are right, make a new request.</source>
        <translation>Periksa tanggal dan jam komputer. Jika sudah benar, buat permintaan baru.</translation>
    </message>
    <message>
        <source>Make a new request here with the licence key of this installation.</source>
        <translation>Buat permintaan baru di sini dengan kunci lisensi instalasi ini.</translation>
    </message>
    <message>
        <source>Run `hotelhub-license diagnostic`; free disk space if the disk is full.</source>
        <translation>Jalankan `hotelhub-license diagnostic`; kosongkan ruang disk jika disk penuh.</translation>
    </message>
    <message>
        <source>Licence activated offline, valid until %1.</source>
        <translation>Lisensi diaktifkan secara offline, berlaku sampai %1.</translation>
    </message>
    <message>
        <source>Correct group %1 and apply again.</source>
        <translation>Perbaiki kelompok %1 lalu terapkan lagi.</translation>
    </message>
    <message>
        <source>Type the code again: 26 groups of 5 characters.</source>
        <translation>Ketik ulang kodenya: 26 kelompok berisi 5 karakter.</translation>
    </message>
    <message>
        <source>This installation has no open activation request, so the code has nothing to answer.</source>
        <translation>Instalasi ini tidak memiliki permintaan aktivasi yang terbuka, jadi kode ini tidak menjawab apa pun.</translation>
    </message>
    <message>
        <source>Make a request first, send it to your vendor, then type the code they give you.</source>
        <translation>Buat permintaan dulu, kirim ke vendor, lalu ketik kode yang mereka berikan.</translation>
    </message>
    <message>
        <source>A typed code can renew an activation; the first activation needs the answer file.</source>
        <translation>Kode ketik hanya dapat memperpanjang aktivasi; aktivasi pertama memerlukan file jawaban.</translation>
    </message>
    <message>
        <source>Open the answer file your vendor sent (by WhatsApp or e-mail, copied with a USB stick).</source>
        <translation>Buka file jawaban yang dikirim vendor (lewat WhatsApp atau e-mail, disalin dengan flashdisk).</translation>
    </message>
    <message>
        <source>Every group is typed correctly, but the code does not answer a request made here: it is for another computer or another request.</source>
        <translation>Semua kelompok sudah diketik dengan benar, tetapi kode ini tidak menjawab permintaan dari sini: kode ini untuk komputer lain atau permintaan lain.</translation>
    </message>
    <message>
        <source>Check with your vendor that they answered this computer&apos;s latest request, or open the answer file.</source>
        <translation>Pastikan ke vendor bahwa mereka menjawab permintaan terbaru dari komputer ini, atau buka file jawabannya.</translation>
    </message>
    <message>
        <source>This answer ends on %1, before the licence this computer already holds (until %2). Nothing was changed.</source>
        <translation>Jawaban ini berakhir pada %1, lebih awal daripada lisensi yang sudah dimiliki komputer ini (sampai %2). Tidak ada yang diubah.</translation>
    </message>
    <message>
        <source>Nothing to do: the licence held lasts longer. To extend it, make a new request.</source>
        <translation>Tidak perlu melakukan apa pun: lisensi yang dimiliki berlaku lebih lama. Untuk memperpanjang, buat permintaan baru.</translation>
    </message>
    <message>
        <source>Offline activation renewed, valid until %1.</source>
        <translation>Aktivasi offline diperpanjang, berlaku sampai %1.</translation>
    </message>
    <message>
        <source>No request was made: this computer&apos;s copy of the licence server&apos;s public key cannot be used, so the vendor&apos;s answer could not be checked here. %1</source>
        <translation>Tidak ada permintaan yang dibuat: salinan kunci publik server lisensi di komputer ini tidak dapat dipakai, jadi jawaban vendor tidak dapat diperiksa di sini. %1</translation>
    </message>
    <message>
        <source>Moving the licence needs its key: enter the licence key with the reason for the move.</source>
        <translation>Pemindahan lisensi memerlukan kunci lisensinya: masukkan kunci lisensi bersama alasan pemindahan.</translation>
    </message>
</context>
<context>
    <name>OfflineText</name>
    <message>
        <source>This is far longer than an activation request.</source>
        <translation>Teks ini jauh lebih panjang daripada permintaan aktivasi.</translation>
    </message>
    <message>
        <source>This is not a HotelHub activation request (it should start with %1).</source>
        <translation>Ini bukan permintaan aktivasi HotelHub (seharusnya diawali %1).</translation>
    </message>
    <message>
        <source>The activation request is damaged (a character is missing or wrong). Ask for it again, as a file or a photo of the QR code.</source>
        <translation>Permintaan aktivasi rusak (ada karakter yang hilang atau salah). Minta dikirim ulang, sebagai file atau foto kode QR.</translation>
    </message>
    <message>
        <source>The activation request is damaged (its checksum does not match). Ask for it again, as a file or a photo of the QR code.</source>
        <translation>Permintaan aktivasi rusak (checksum-nya tidak cocok). Minta dikirim ulang, sebagai file atau foto kode QR.</translation>
    </message>
    <message>
        <source>This activation request comes from a newer HotelHub version. Update the licence server.</source>
        <translation>Permintaan aktivasi ini berasal dari versi HotelHub yang lebih baru. Perbarui server lisensi.</translation>
    </message>
    <message>
        <source>The activation request holds a malformed licence key.</source>
        <translation>Permintaan aktivasi berisi kunci lisensi yang formatnya salah.</translation>
    </message>
    <message>
        <source>The activation request is damaged (its fields do not add up). Ask for it again.</source>
        <translation>Permintaan aktivasi rusak (isinya tidak lengkap atau tidak sesuai). Minta dikirim ulang.</translation>
    </message>
    <message>
        <source>The code holds &apos;%1&apos;, which is not one of its characters (digits and letters except I, L, O and U).</source>
        <translation>Kode berisi &apos;%1&apos;, yang bukan karakter kode (angka dan huruf kecuali I, L, O, dan U).</translation>
    </message>
    <message>
        <source>The code has %1 characters; an activation code has %2 (26 groups of 5). Check that no group is missing.</source>
        <translation>Kode berisi %1 karakter; kode aktivasi berisi %2 (26 kelompok berisi 5). Periksa apakah ada kelompok yang terlewat.</translation>
    </message>
    <message>
        <source>Group %1 (%2) has a typing mistake. Compare it with the code you were given.</source>
        <translation>Kelompok %1 (%2) salah ketik. Bandingkan dengan kode yang Anda terima.</translation>
    </message>
    <message>
        <source>The code cannot be read. Check it against the code you were given, or open the answer file.</source>
        <translation>Kode tidak dapat dibaca. Cocokkan dengan kode yang Anda terima, atau buka file jawabannya.</translation>
    </message>
</context>
<context>
    <name>OwnerPage</name>
    <message>
        <source>Owner</source>
        <translation>Pemilik</translation>
    </message>
    <message>
        <source>Who owns or runs the hotel. Used for licence notices and the first admin.</source>
        <translation>Pemilik atau pengelola hotel. Dipakai untuk pemberitahuan lisensi dan admin pertama.</translation>
    </message>
    <message>
        <source>&amp;Full name:</source>
        <translation>&amp;Nama lengkap:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;Email:</translation>
    </message>
    <message>
        <source>&amp;WhatsApp:</source>
        <translation>&amp;WhatsApp:</translation>
    </message>
    <message>
        <source>&amp;Position:</source>
        <translation>&amp;Jabatan:</translation>
    </message>
    <message>
        <source>General Manager</source>
        <translation>General Manager (GM)</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Manajer</translation>
    </message>
</context>
<context>
    <name>Passwords</name>
    <message numerus="yes">
        <source>Use at least %n characters.</source>
        <translation>
            <numerusform>Gunakan paling sedikit %n karakter.</numerusform>
        </translation>
    </message>
    <message>
        <source>Do not put your name, e-mail or hotel name in the password.</source>
        <translation>Jangan memakai nama, email, atau nama hotel Anda di dalam kata sandi.</translation>
    </message>
    <message>
        <source>Use at most 72 bytes (bcrypt ignores anything longer).</source>
        <translation>Gunakan paling banyak 72 byte (bcrypt mengabaikan sisanya).</translation>
    </message>
    <message>
        <source>Too weak</source>
        <translation>Terlalu lemah</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>Lemah</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>Cukup</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>Kuat</translation>
    </message>
    <message>
        <source>Very strong</source>
        <translation>Sangat kuat</translation>
    </message>
    <message>
        <source>The password contains an invisible control character (for example from a paste); type it again without it.</source>
        <translation>Kata sandi berisi karakter kendali yang tidak terlihat (misalnya dari hasil tempel); ketik ulang tanpa karakter itu.</translation>
    </message>
    <message>
        <source>Repeated characters or groups (aaa, abcabc) add little.</source>
        <translation>Karakter atau kelompok yang diulang (aaa, abcabc) hampir tidak menambah kekuatan.</translation>
    </message>
    <message>
        <source>Common words and passwords are guessed first, even with letters swapped for digits or symbols.</source>
        <translation>Kata dan kata sandi yang umum ditebak paling dulu, walaupun hurufnya diganti angka atau simbol.</translation>
    </message>
    <message>
        <source>Runs like abc or 1234 add little.</source>
        <translation>Urutan seperti abc atau 1234 hampir tidak menambah kekuatan.</translation>
    </message>
    <message>
        <source>Keyboard patterns like qwerty add little.</source>
        <translation>Pola papan ketik seperti qwerty hampir tidak menambah kekuatan.</translation>
    </message>
    <message>
        <source>Dates and years are easy to guess.</source>
        <translation>Tanggal dan tahun mudah ditebak.</translation>
    </message>
    <message>
        <source>Add another uncommon word or two: length helps more than symbols.</source>
        <translation>Tambahkan satu atau dua kata yang tidak umum: panjang lebih membantu daripada simbol.</translation>
    </message>
    <message>
        <source>This password is too easy to guess. %1</source>
        <translation>Kata sandi ini terlalu mudah ditebak. %1</translation>
    </message>
    <message>
        <source>The password contains an invisible character (U+%1, for example from a paste) that cannot be typed at the sign-in; type it again without it.</source>
        <translation>Kata sandi berisi karakter tak terlihat (U+%1, misalnya dari hasil tempel) yang tidak bisa diketik saat masuk; ketik ulang tanpa karakter itu.</translation>
    </message>
    <message>
        <source>The Botan library cannot be loaded. Install it again (on Debian: sudo apt install libbotan-2-%1)</source>
        <translation>Pustaka Botan tidak bisa dimuat. Pasang ulang pustaka itu (di Debian: sudo apt install libbotan-2-%1)</translation>
    </message>
    <message>
        <source>The Botan library on this computer has no bcrypt. Install Botan 2 from your system&apos;s packages (on Debian: sudo apt install libbotan-2-%1)</source>
        <translation>Pustaka Botan di komputer ini tidak memiliki bcrypt. Pasang Botan 2 dari paket sistem Anda (di Debian: sudo apt install libbotan-2-%1)</translation>
    </message>
</context>
<context>
    <name>PropertyPage</name>
    <message>
        <source>Property</source>
        <translation>Properti</translation>
    </message>
    <message>
        <source>The first hotel. More properties can be added later in the panel.</source>
        <translation>Hotel pertama. Properti lain dapat ditambahkan nanti di panel.</translation>
    </message>
    <message>
        <source>&amp;Hotel name:</source>
        <translation>&amp;Nama hotel:</translation>
    </message>
    <message>
        <source>Br&amp;and (optional):</source>
        <translation>&amp;Brand (opsional):</translation>
    </message>
    <message>
        <source>&amp;Street:</source>
        <translation>&amp;Jalan:</translation>
    </message>
    <message>
        <source>&amp;City/regency:</source>
        <translation>Kot&amp;a/kabupaten:</translation>
    </message>
    <message>
        <source>P&amp;rovince:</source>
        <translation>P&amp;rovinsi:</translation>
    </message>
    <message>
        <source>Choose a province</source>
        <translation>Pilih provinsi</translation>
    </message>
    <message>
        <source>&amp;Postal code:</source>
        <translation>K&amp;ode pos:</translation>
    </message>
    <message>
        <source>&amp;Latitude (optional):</source>
        <translation>L&amp;intang (opsional):</translation>
    </message>
    <message>
        <source>Lon&amp;gitude (optional):</source>
        <translation>B&amp;ujur (opsional):</translation>
    </message>
    <message>
        <source>Region co&amp;de:</source>
        <translation>Kode &amp;wilayah:</translation>
    </message>
    <message>
        <source>Suggested from the province and city (Kemendagri code); change it if your regency differs.</source>
        <translation>Disarankan dari provinsi dan kota (kode Kemendagri); ubah jika kabupaten Anda berbeda.</translation>
    </message>
    <message>
        <source>City or regency</source>
        <translation>Kota atau kabupaten</translation>
    </message>
    <message>
        <source>Roo&amp;ms:</source>
        <translation>Jumlah ka&amp;mar:</translation>
    </message>
    <message>
        <source>S&amp;tars:</source>
        <translation>Bin&amp;tang:</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>&amp;Zona waktu:</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Mata uang:</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Drive</source>
        <translation>Kandar</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Tidak diketahui</translation>
    </message>
    <message>
        <source>Folder</source>
        <comment>All other platforms</comment>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <comment>All other platforms</comment>
        <translation>Pintasan</translation>
    </message>
</context>
<context>
    <name>QCommandLineParser</name>
    <message>
        <source>Usage: %1</source>
        <translation>Pemakaian: %1</translation>
    </message>
    <message>
        <source>[options]</source>
        <translation>[opsi]</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Opsi:</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Argumen:</translation>
    </message>
    <message>
        <source>Displays help on commandline options.</source>
        <translation>Menampilkan bantuan tentang opsi baris perintah.</translation>
    </message>
    <message>
        <source>Displays help including Qt specific options.</source>
        <translation>Menampilkan bantuan, termasuk opsi khusus Qt.</translation>
    </message>
    <message>
        <source>Displays version information.</source>
        <translation>Menampilkan informasi versi.</translation>
    </message>
    <message>
        <source>Unknown option &apos;%1&apos;.</source>
        <translation>Opsi &apos;%1&apos; tidak dikenal.</translation>
    </message>
    <message>
        <source>Unknown options: %1.</source>
        <translation>Opsi tidak dikenal: %1.</translation>
    </message>
    <message>
        <source>Missing value after &apos;%1&apos;.</source>
        <translation>Nilai setelah &apos;%1&apos; tidak ada.</translation>
    </message>
    <message>
        <source>Unexpected value after &apos;%1&apos;.</source>
        <translation>Nilai setelah &apos;%1&apos; tidak diharapkan.</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>Look in:</source>
        <translation>Lihat di:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>&amp;Nama berkas:</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>Jenis berkas:</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Buka</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Simpan</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>Simpan Sebagai</translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation>&amp;Pilih</translation>
    </message>
    <message>
        <source>Find Directory</source>
        <translation>Cari Folder</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Hapus</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Ganti nama</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>Folder &amp;baru</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>Folder Baru</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Hapus dari daftar</translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>Tampilkan berkas &amp;tersembunyi</translation>
    </message>
    <message>
        <source>Show </source>
        <translation>Tampilkan </translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Semua berkas (*)</translation>
    </message>
    <message>
        <source>Directories</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Recent Places</source>
        <translation>Tempat Terakhir</translation>
    </message>
    <message>
        <source>Are you sure you want to delete &apos;%1&apos;?</source>
        <translation>Yakin ingin menghapus &apos;%1&apos;?</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is write protected.
Do you want to delete it anyway?</source>
        <translation>&apos;%1&apos; dilindungi dari penulisan.
Tetap hapus?</translation>
    </message>
    <message>
        <source>Could not delete directory.</source>
        <translation>Folder tidak dapat dihapus.</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation>%1 sudah ada.
Ganti berkas itu?</translation>
    </message>
    <message>
        <source>%1
Directory not found.
Please verify the correct directory name was given.</source>
        <translation>%1
Folder tidak ditemukan.
Periksa apakah nama foldernya benar.</translation>
    </message>
    <message>
        <source>%1
File not found.
Please verify the correct file name was given.</source>
        <translation>%1
Berkas tidak ditemukan.
Periksa apakah nama berkasnya benar.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Maju</translation>
    </message>
    <message>
        <source>Go forward</source>
        <translation>Maju</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>Folder Induk</translation>
    </message>
    <message>
        <source>Go to the parent directory</source>
        <translation>Ke folder induk</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>Buat Folder Baru</translation>
    </message>
    <message>
        <source>Create a New Folder</source>
        <translation>Buat folder baru</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>Tampilan Daftar</translation>
    </message>
    <message>
        <source>Change to list view mode</source>
        <translation>Beralih ke tampilan daftar</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>Tampilan Rinci</translation>
    </message>
    <message>
        <source>Change to detail view mode</source>
        <translation>Beralih ke tampilan rinci</translation>
    </message>
    <message>
        <source>Sidebar</source>
        <translation>Bilah samping</translation>
    </message>
    <message>
        <source>List of places and bookmarks</source>
        <translation>Daftar tempat dan penanda</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Berkas</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Ukuran</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Tanggal Diubah</translation>
    </message>
    <message>
        <source>My Computer</source>
        <translation>Komputer Saya</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Komputer</translation>
    </message>
    <message>
        <source>Type</source>
        <comment>All other platforms</comment>
        <translation>Jenis</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Batalkan</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Ulangi</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>Po&amp;tong</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Salin</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>T&amp;empel</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Pilih Semua</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>Tampilkan Detail...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Sembunyikan Detail...</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Ya</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Tidak</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Bantuan</translation>
    </message>
</context>
<context>
    <name>ScheduledHeartbeat</name>
    <message>
        <source>Creating the heartbeat task needs administrator rights: run this again as administrator.</source>
        <translation>Membuat tugas heartbeat memerlukan hak administrator: jalankan lagi sebagai administrator.</translation>
    </message>
    <message>
        <source>Cannot write the task definition: %1</source>
        <translation>Definisi tugas tidak bisa ditulis: %1</translation>
    </message>
    <message>
        <source>Windows did not create the heartbeat task: %1</source>
        <translation>Windows tidak membuat tugas heartbeat: %1</translation>
    </message>
    <message>
        <source>The heartbeat task is for Windows. On Linux, enable the systemd timer: systemctl enable --now hotelhub-license-heartbeat.timer</source>
        <translation>Tugas heartbeat hanya untuk Windows. Di Linux, aktifkan timer systemd: systemctl enable --now hotelhub-license-heartbeat.timer</translation>
    </message>
    <message>
        <source>Windows did not remove the heartbeat task: %1</source>
        <translation>Windows tidak menghapus tugas heartbeat: %1</translation>
    </message>
    <message>
        <source>The heartbeat task is for Windows. On Linux, disable the systemd timer: systemctl disable --now hotelhub-license-heartbeat.timer</source>
        <translation>Tugas heartbeat hanya untuk Windows. Di Linux, matikan timer systemd: systemctl disable --now hotelhub-license-heartbeat.timer</translation>
    </message>
</context>
<context>
    <name>SecretFiles</name>
    <message>
        <source>The signing key %1</source>
        <translation>Kunci penanda tangan %1</translation>
    </message>
    <message>
        <source>sign licences for any hotel</source>
        <translation>menandatangani lisensi untuk hotel mana pun</translation>
    </message>
    <message>
        <source>The TLS key %1</source>
        <translation>Kunci TLS %1</translation>
    </message>
    <message>
        <source>pose as this server to the hotels</source>
        <translation>menyamar sebagai server ini di hadapan hotel-hotel</translation>
    </message>
    <message>
        <source> (or `chmod 640` with a group the server&apos;s user is in)</source>
        <translation> (atau `chmod 640` dengan grup yang beranggotakan pengguna server)</translation>
    </message>
    <message>
        <source>The TLS certificate file %1, which holds the private key too,</source>
        <translation>Berkas sertifikat TLS %1, yang juga berisi kunci privat,</translation>
    </message>
    <message>
        <source>, or keep the key in a file of its own</source>
        <translation>, atau simpan kuncinya di berkas tersendiri</translation>
    </message>
    <message>
        <source>The admin secret file %1</source>
        <translation>Berkas rahasia admin %1</translation>
    </message>
    <message>
        <source>change licences through the admin API</source>
        <translation>mengubah lisensi lewat API admin</translation>
    </message>
    <message>
        <source>%1 can be read by other users of this computer, who could then %2. Run `icacls &quot;%3&quot; /inheritance:r /grant:r &quot;%USERNAME%&quot;:F` on it first.</source>
        <translation>%1 bisa dibaca pengguna lain di komputer ini, yang lalu bisa %2. Jalankan dulu `icacls &quot;%3&quot; /inheritance:r /grant:r &quot;%USERNAME%&quot;:F` pada berkas itu.</translation>
    </message>
    <message>
        <source>%1 can be read or changed by other users of this machine, who could then %2. Run `chmod 600` on it first%3.</source>
        <translation>%1 bisa dibaca atau diubah pengguna lain di mesin ini, yang lalu bisa %2. Jalankan dulu `chmod 600` pada berkas itu%3.</translation>
    </message>
    <message>
        <source>Cannot use the admin secret file: %1</source>
        <translation>File rahasia admin tidak bisa dipakai: %1</translation>
    </message>
    <message>
        <source>The admin secret in %1 is shorter than 16 characters; use a long random one.</source>
        <translation>Rahasia admin di %1 kurang dari 16 karakter; gunakan rahasia acak yang panjang.</translation>
    </message>
    <message>
        <source>%1 is in the folder %2, which every user of this machine may change: they could put a file of their own in its place. Run `chmod o-w` on that folder first, or keep the file in a folder of this user&apos;s.</source>
        <translation>%1 ada di folder %2, yang bisa diubah setiap pengguna mesin ini: mereka bisa menaruh berkas buatan mereka di tempatnya. Jalankan dulu `chmod o-w` pada folder itu, atau simpan berkas itu di folder milik pengguna ini.</translation>
    </message>
    <message>
        <source>The admin secret in %1 holds more than one line, or a control character: a request&apos;s Authorization header cannot carry it. Keep the secret alone, on one line.</source>
        <translation>Rahasia admin di %1 berisi lebih dari satu baris, atau karakter kontrol: header Authorization sebuah permintaan tidak bisa membawanya. Simpan rahasia itu sendirian, dalam satu baris.</translation>
    </message>
    <message>
        <source>The admin secret in %1 looks saved as UTF-16 without its mark. Save it again as UTF-8, on one line.</source>
        <translation>Rahasia admin di %1 tampaknya disimpan sebagai UTF-16 tanpa tandanya. Simpan lagi sebagai UTF-8, dalam satu baris.</translation>
    </message>
    <message>
        <source>The admin secret in %1 is not readable Unicode text. Save it again as UTF-8, on one line.</source>
        <translation>Rahasia admin di %1 bukan teks Unicode yang dapat dibaca. Simpan lagi sebagai UTF-8, dalam satu baris.</translation>
    </message>
    <message>
        <source>The admin secret in %1 holds an invisible character (a byte-order mark, a zero-width or a no-break space) or a byte that is no UTF-8, which nobody types in a request. Keep only the secret&apos;s own characters, saved as UTF-8.</source>
        <translation>Rahasia admin di %1 berisi karakter tak terlihat (tanda urutan byte, spasi lebar-nol, atau spasi tanpa pemisah) atau byte yang bukan UTF-8, yang tidak diketik siapa pun dalam permintaan. Simpan hanya karakter rahasia itu sendiri, sebagai UTF-8.</translation>
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
        <translation>File kunci enkripsi %1 rusak. Pasangkan ulang instalasi ini untuk menggantinya.</translation>
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
        <source>The OS credential store is not available (HOTELHUB_KEYSTORE=keychain). Unlock it, or use HOTELHUB_KEYSTORE=auto.</source>
        <translation>Penyimpanan kredensial OS tidak tersedia (HOTELHUB_KEYSTORE=keychain). Buka kuncinya, atau gunakan HOTELHUB_KEYSTORE=auto.</translation>
    </message>
    <message>
        <source>The OS credential store (keyring, Credential Manager) did not answer or is locked, and there is no key file.</source>
        <translation>Penyimpanan kredensial sistem (keyring, Credential Manager) tidak menjawab atau sedang terkunci, dan tidak ada file kunci.</translation>
    </message>
</context>
<context>
    <name>ServerCli</name>
    <message>
        <source>--%1 is required for this command.</source>
        <translation>--%1 wajib untuk perintah ini.</translation>
    </message>
    <message>
        <source>--alg is rs256 or eddsa.</source>
        <translation>--alg berupa rs256 atau eddsa.</translation>
    </message>
    <message>
        <source>Clients pin it with LICENSE_PUBLIC_KEY_PATH=&lt;copy of vendor-public.pem&gt; and:</source>
        <translation>Klien menyematkannya dengan LICENSE_PUBLIC_KEY_PATH=&lt;salinan vendor-public.pem&gt; dan:</translation>
    </message>
    <message>
        <source>--listen takes ADDRESS:PORT, for example 127.0.0.1:8080 (got &quot;%1&quot;).</source>
        <translation>--listen menerima ALAMAT:PORT, misalnya 127.0.0.1:8080 (bukan &quot;%1&quot;).</translation>
    </message>
    <message>
        <source>--tls-cert and --tls-key go together.</source>
        <translation>--tls-cert dan --tls-key harus dipakai bersama.</translation>
    </message>
    <message>
        <source>Cannot listen on %1: %2</source>
        <translation>Tidak bisa mendengarkan di %1: %2</translation>
    </message>
    <message>
        <source>hotelhub-license-server %1 listening on %2:%3 (%4, %5 threads, %6)</source>
        <translation>hotelhub-license-server %1 mendengarkan di %2:%3 (%4, %5 thread, %6)</translation>
    </message>
    <message numerus="yes">
        <source>pruned %n heartbeat row(s) older than 90 days</source>
        <translation>
            <numerusform>%n baris heartbeat yang lebih tua dari 90 hari dihapus</numerusform>
        </translation>
    </message>
    <message>
        <source>--sheet-format is auto, appsscript, csv, sheets-api or gviz.</source>
        <translation>--sheet-format berupa auto, appsscript, csv, sheets-api atau gviz.</translation>
    </message>
    <message>
        <source>hotelhub-license-server stopped; every answered request is stored.</source>
        <translation>hotelhub-license-server berhenti; setiap permintaan yang sudah dijawab tersimpan.</translation>
    </message>
    <message>
        <source>--format is auto, appsscript, csv, sheets-api or gviz.</source>
        <translation>--format berupa auto, appsscript, csv, sheets-api atau gviz.</translation>
    </message>
    <message>
        <source>Unknown command: %1</source>
        <translation>Perintah tidak dikenal: %1</translation>
    </message>
    <message>
        <source>Give this key to the hotel (it is shown only now; the server keeps only its hash):</source>
        <translation>Berikan kunci ini ke hotel (hanya ditampilkan sekarang; server hanya menyimpan hash-nya):</translation>
    </message>
    <message>
        <source>KEY</source>
        <translation>KUNCI</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>STATUS</translation>
    </message>
    <message>
        <source>PLAN</source>
        <translation>PAKET</translation>
    </message>
    <message>
        <source>EXPIRES</source>
        <translation>BERAKHIR</translation>
    </message>
    <message>
        <source>LAST HEARTBEAT</source>
        <translation>HEARTBEAT TERAKHIR</translation>
    </message>
    <message>
        <source>PAIRED</source>
        <translation>DIPASANGKAN</translation>
    </message>
    <message>
        <source>MIGRATIONS</source>
        <translation>MIGRASI</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <source>no</source>
        <translation>tidak</translation>
    </message>
    <message numerus="yes">
        <source>%n licence(s)</source>
        <translation>
            <numerusform>%n lisensi</numerusform>
        </translation>
    </message>
    <message>
        <source>&apos;license %1&apos; takes exactly one licence key.</source>
        <translation>&apos;license %1&apos; menerima tepat satu kunci lisensi.</translation>
    </message>
    <message>
        <source>No licence with the key %1 in %2.</source>
        <translation>Tidak ada lisensi dengan kunci %1 di %2.</translation>
    </message>
    <message>
        <source>--until is a date: YYYY-MM-DD.</source>
        <translation>--until berupa tanggal: YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>%1 now valid until %2 (end of that day, Asia/Jakarta).</source>
        <translation>%1 kini berlaku sampai %2 (akhir hari tersebut, Asia/Jakarta).</translation>
    </message>
    <message>
        <source>%1 is now %2; the hotel sees it at its next heartbeat.</source>
        <translation>%1 kini %2; hotel melihatnya pada heartbeat berikutnya.</translation>
    </message>
    <message>
        <source>%1: migration count reset.</source>
        <translation>%1: hitungan migrasi direset.</translation>
    </message>
    <message>
        <source>Unknown command: license %1</source>
        <translation>Perintah tidak dikenal: license %1</translation>
    </message>
    <message>
        <source>The change was not saved: %1</source>
        <translation>Perubahan tidak tersimpan: %1</translation>
    </message>
    <message>
        <source>--clock-offset takes an offset such as +65d, -2h or +90m.</source>
        <translation>--clock-offset menerima selisih seperti +65d, -2h atau +90m.</translation>
    </message>
    <message>
        <source>--read-only goes with serve, license list and license show; this command writes.</source>
        <translation>--read-only hanya untuk serve, license list dan license show; perintah ini menulis.</translation>
    </message>
    <message>
        <source>--clock-tolerance-days takes a number of days from 1 to 365.</source>
        <translation>--clock-tolerance-days berisi jumlah hari dari 1 sampai 365.</translation>
    </message>
    <message>
        <source>WARNING: the vendor database %1 is damaged (%2). It is opened read-only, as asked: nothing is written, and what cannot be read answers 503. Restore it from a backup, or recover it with the sqlite3 tool&apos;s .recover command.</source>
        <translation>PERINGATAN: database vendor %1 rusak (%2). Database dibuka hanya-baca, sesuai permintaan: tidak ada yang ditulis, dan yang tidak bisa dibaca dijawab 503. Pulihkan dari cadangan, atau perbaiki dengan perintah .recover milik alat sqlite3.</translation>
    </message>
    <message>
        <source>The server clock reads %1, %2 days after the newest record in %3 (%4), more than the %5 days it tolerates. It is more likely wrong than right, so nothing is written, pruned or expired on it: set the clock right. If it is right (the server was off that long), repeat the command with --trust-clock.</source>
        <translation>Jam server menunjukkan %1, %2 hari setelah catatan terbaru di %3 (%4), lebih dari batas %5 hari. Jam ini lebih mungkin salah daripada benar, jadi tidak ada yang ditulis, dipangkas, atau dinyatakan kedaluwarsa berdasarkan jam ini: betulkan jamnya. Jika jam itu benar (server memang mati selama itu), ulangi perintah dengan --trust-clock.</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Tidak ada yang diubah.</translation>
    </message>
    <message>
        <source>The vendor database %1 is damaged (%2): what is shown above may be incomplete.</source>
        <translation>Database vendor %1 rusak (%2): data di atas mungkin tidak lengkap.</translation>
    </message>
    <message>
        <source>WARNING:</source>
        <translation>PERINGATAN:</translation>
    </message>
    <message>
        <source>Until then hotels get 503 and keep their grace; health reports the clock.</source>
        <translation>Sampai saat itu hotel menerima 503 dan masa tenggangnya tetap berjalan; health melaporkan jamnya.</translation>
    </message>
    <message>
        <source>Serving read-only: health and the admin status answer; pairing, heartbeats and moves answer 503.</source>
        <translation>Melayani hanya-baca: health dan status admin menjawab; pemasangan, heartbeat, dan pemindahan dijawab 503.</translation>
    </message>
    <message>
        <source>The server clock is trusted again.</source>
        <translation>Jam server kembali dipercaya.</translation>
    </message>
    <message>
        <source>Created %1 (readable by this user only) and %2.</source>
        <translation>%1 (hanya bisa dibaca pengguna ini) dan %2 sudah dibuat.</translation>
    </message>
    <message>
        <source>&apos;license offline-answer&apos; takes one request: a file, or - for standard input.</source>
        <translation>&apos;license offline-answer&apos; menerima satu permintaan: sebuah file, atau - untuk input standar.</translation>
    </message>
    <message>
        <source>--days takes a number of days from 1 to %1.</source>
        <translation>--days menerima jumlah hari dari 1 sampai %1.</translation>
    </message>
    <message>
        <source>Refused (%1): %2</source>
        <translation>Ditolak (%1): %2</translation>
    </message>
    <message numerus="yes">
        <source>Answer for %1 (%2): valid until %3, %n day(s).</source>
        <translation>
            <numerusform>Jawaban untuk %1 (%2): berlaku sampai %3, %n hari.</numerusform>
        </translation>
    </message>
    <message>
        <source>Send the hotel this file: %1</source>
        <translation>Kirim file ini ke hotel: %1</translation>
    </message>
    <message>
        <source>Or read them this code (26 groups of 5):</source>
        <translation>Atau bacakan kode ini (26 kelompok berisi 5):</translation>
    </message>
    <message>
        <source>No typed code: the vendor key is RSA, whose signature is too long to read out. Send the file.</source>
        <translation>Tidak ada kode ketik: kunci vendor berjenis RSA, tanda tangannya terlalu panjang untuk dibacakan. Kirim file-nya.</translation>
    </message>
    <message>
        <source>No typed code: a first activation needs the file (a code can renew an activation later).</source>
        <translation>Tidak ada kode ketik: aktivasi pertama memerlukan file (kode dapat memperpanjang aktivasi nanti).</translation>
    </message>
    <message>
        <source>No typed code: the licence changed since the hotel&apos;s last token (plan, limits or end date). Send the file.</source>
        <translation>Tidak ada kode ketik: lisensi berubah sejak token terakhir hotel (paket, batas, atau tanggal berakhir). Kirim file-nya.</translation>
    </message>
    <message>
        <source>hotelhub-license-server stopped. The vendor database %1 could not be written to disk safely (%2): changes were answered with 503 from then on. Check the disk and the folder before starting it again.</source>
        <translation>hotelhub-license-server berhenti. Database vendor %1 tidak dapat ditulis ke disk dengan aman (%2): sejak itu perubahan dijawab dengan 503. Periksa disk dan foldernya sebelum menjalankannya lagi.</translation>
    </message>
    <message>
        <source>The database file is no longer there: started again as it is, the server would make a new, empty licence store, and every hotel would read as unknown. Put the file back, or restore it from a backup, first.</source>
        <translation>Berkas database sudah tidak ada di tempatnya: bila dijalankan lagi begitu saja, server akan membuat tempat lisensi baru yang kosong, dan setiap hotel akan terbaca tidak dikenal. Kembalikan berkasnya, atau pulihkan dari cadangan, lebih dulu.</translation>
    </message>
    <message numerus="yes">
        <source>(the message above came %n more time(s))</source>
        <translation>
            <numerusform>(pesan di atas muncul %n kali lagi)</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot read the request %1: %2. Check the path, or give the request on standard input with -.</source>
        <translation>Tidak dapat membaca permintaan %1: %2. Periksa jalurnya, atau berikan permintaan lewat masukan standar dengan -.</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>disknya penuh</translation>
    </message>
    <message>
        <source>Cannot write the answer %1: %2. Nothing was answered or recorded: give --out a file this user may write, on a disk with room.</source>
        <translation>Tidak dapat menulis jawaban %1: %2. Belum ada yang dijawab atau dicatat: berikan --out sebuah berkas yang boleh ditulis pengguna ini, di disk yang masih ada ruang.</translation>
    </message>
    <message>
        <source>The answer was recorded, but its file %1 could not be written: %2. Choose a file that can be written (or make room), and run the same command again: the same request is answered again.</source>
        <translation>Jawaban sudah dicatat, tetapi berkasnya %1 tidak dapat ditulis: %2. Pilih berkas yang dapat ditulis (atau kosongkan ruang disk), lalu jalankan perintah yang sama lagi: permintaan yang sama dijawab ulang.</translation>
    </message>
    <message>
        <source>Cannot create the licence.</source>
        <translation>Lisensi tidak bisa dibuat.</translation>
    </message>
    <message>
        <source>--features takes name=value pairs separated by commas, each name in lower-case letters, digits and _, got &quot;%1&quot;</source>
        <translation>--features menerima pasangan nama=nilai dipisah koma, tiap nama dari huruf kecil, angka dan _, bukan &quot;%1&quot;</translation>
    </message>
    <message>
        <source>--features cannot set %1: use --max-rooms and --max-users.</source>
        <translation>--features tidak dapat mengatur %1: pakai --max-rooms dan --max-users.</translation>
    </message>
    <message>
        <source>--features names %1 twice.</source>
        <translation>--features menyebut %1 dua kali.</translation>
    </message>
    <message>
        <source>--features: the value of %1 is one line of at most 200 characters.</source>
        <translation>--features: nilai %1 harus satu baris, paling banyak 200 karakter.</translation>
    </message>
    <message>
        <source>write error</source>
        <translation>gagal menulis</translation>
    </message>
    <message>
        <source>What this command printed could not be written to standard output (%1). Without this it would have ended with exit code %2. %3 Check where its output goes (a full disk, a closed pipe).</source>
        <translation>Keluaran perintah ini tidak dapat ditulis ke keluaran standar (%1). Tanpa masalah ini kode keluarnya %2. %3 Periksa ke mana keluarannya diarahkan (disk penuh, pipa yang tertutup).</translation>
    </message>
    <message>
        <source>Whatever it changed is saved; &quot;license show&quot; shows a licence as it is now.</source>
        <translation>Apa pun yang diubahnya sudah tersimpan; &quot;license show&quot; menunjukkan keadaan lisensi saat ini.</translation>
    </message>
    <message>
        <source>Nothing was answered or recorded.</source>
        <translation>Tidak ada yang dijawab atau dicatat.</translation>
    </message>
    <message>
        <source>The answer is recorded and its file %1 written; run the same command again to see the typed code (the same request is answered again).</source>
        <translation>Jawabannya sudah dicatat dan berkasnya %1 sudah ditulis; jalankan perintah yang sama lagi untuk melihat kode ketiknya (permintaan yang sama dijawab lagi).</translation>
    </message>
    <message>
        <source>The change was not saved: the disk that holds the vendor database is full. Free space on it, then run the command again; nothing was changed.</source>
        <translation>Perubahan tidak tersimpan: disk yang memuat database vendor penuh. Kosongkan ruang di disk itu, lalu jalankan perintahnya lagi; tidak ada yang diubah.</translation>
    </message>
    <message>
        <source>The change was not saved: the vendor database or its folder cannot be written (a read-only file or disk, or this user&apos;s rights). Make both writable for this user, then run the command again; nothing was changed.</source>
        <translation>Perubahan tidak tersimpan: database vendor atau foldernya tidak dapat ditulis (berkas atau disk hanya-baca, atau hak pengguna ini). Jadikan keduanya dapat ditulis oleh pengguna ini, lalu jalankan perintahnya lagi; tidak ada yang diubah.</translation>
    </message>
    <message>
        <source>The change was not saved: the disk reported an error. Check it (the system log), then run the command again; nothing was changed.</source>
        <translation>Perubahan tidak tersimpan: disk melaporkan kesalahan. Periksa disknya (log sistem), lalu jalankan perintahnya lagi; tidak ada yang diubah.</translation>
    </message>
    <message>
        <source>The change was not saved: the vendor database refused it. Run the command again; if it fails again, check the disk and the server&apos;s log.</source>
        <translation>Perubahan tidak tersimpan: database vendor menolaknya. Jalankan perintahnya lagi; bila gagal lagi, periksa disk dan log server.</translation>
    </message>
    <message>
        <source>The keys were made; LICENSE_PUBLIC_KEY_HASH is the SHA-256 of %1 (sha256sum prints it; on Windows, certutil -hashfile FILE SHA256).</source>
        <translation>Kuncinya sudah dibuat; LICENSE_PUBLIC_KEY_HASH adalah SHA-256 dari %1 (sha256sum menampilkannya; di Windows, certutil -hashfile BERKAS SHA256).</translation>
    </message>
    <message>
        <source>The new key could not be written to standard output (%1), and it is shown nowhere else, so the licence was not kept. Check where the output goes (a full disk, a closed pipe), then run the command again.</source>
        <translation>Kunci baru tidak dapat ditulis ke keluaran standar (%1), dan tidak ditampilkan di tempat lain, jadi lisensinya tidak disimpan. Periksa ke mana keluarannya diarahkan (disk penuh, pipa yang tertutup), lalu jalankan perintahnya lagi.</translation>
    </message>
    <message>
        <source>The new key could not be written to standard output (%1), and it is shown nowhere else. The licence %2 could not be taken back (%3): revoke it (&quot;license list&quot; shows it, created just now) and create another.</source>
        <translation>Kunci baru tidak dapat ditulis ke keluaran standar (%1), dan tidak ditampilkan di tempat lain. Lisensi %2 tidak dapat ditarik kembali (%3): cabut lisensi itu (&quot;license list&quot; menampilkannya, baru saja dibuat) lalu buat yang lain.</translation>
    </message>
    <message>
        <source>the program reading it has stopped</source>
        <translation>program yang membacanya sudah berhenti</translation>
    </message>
    <message>
        <source>active</source>
        <comment>licence state</comment>
        <translation>aktif</translation>
    </message>
    <message>
        <source>grace</source>
        <comment>licence state: past its end, heartbeats still accepted</comment>
        <translation>tenggang</translation>
    </message>
    <message>
        <source>expired</source>
        <comment>licence state</comment>
        <translation>kedaluwarsa</translation>
    </message>
    <message>
        <source>suspended</source>
        <comment>licence state</comment>
        <translation>ditangguhkan</translation>
    </message>
    <message>
        <source>revoked</source>
        <comment>licence state</comment>
        <translation>dicabut</translation>
    </message>
    <message>
        <source>--%1 takes a whole number from %2 to %3 (got &quot;%4&quot;).</source>
        <translation>--%1 harus bilangan bulat dari %2 sampai %3 (yang diberikan: &quot;%4&quot;).</translation>
    </message>
    <message>
        <source>Note: %1 is already past: the licence starts in its grace period, until %2 (its heartbeats are accepted, new pairings refused), and is expired after that.</source>
        <translation>Catatan: %1 sudah lewat: lisensi dimulai dalam masa tenggang sampai %2 (heartbeat-nya diterima, pemasangan baru ditolak), lalu kedaluwarsa.</translation>
    </message>
    <message numerus="yes">
        <source>Note: %1 is already past, and so are its %n grace days: the licence is expired from now on.</source>
        <translation>
            <numerusform>Catatan: %1 sudah lewat, begitu pula %n hari masa tenggangnya: lisensi kedaluwarsa mulai sekarang.</numerusform>
        </translation>
    </message>
    <message>
        <source>&apos;license %1&apos; takes no licence key or other word.</source>
        <translation>&apos;license %1&apos; tidak menerima kunci lisensi atau kata lain.</translation>
    </message>
    <message>
        <source>To see one licence: license show KEY.</source>
        <translation>Untuk melihat satu lisensi: license show KUNCI.</translation>
    </message>
    <message>
        <source>--%1 applies to the sheet read from --sheet-url, which is not given. Add --sheet-url URL, or leave --%1 out.</source>
        <translation>--%1 berlaku untuk sheet yang dibaca dari --sheet-url, dan --sheet-url tidak diberikan. Tambahkan --sheet-url URL, atau hapus --%1.</translation>
    </message>
    <message>
        <source>Licence created: plan %1, %2, %3, valid until %4.</source>
        <translation>Lisensi dibuat: paket %1, %2, %3, berlaku sampai %4.</translation>
    </message>
    <message numerus="yes">
        <source>%n room(s)</source>
        <translation>
            <numerusform>%n kamar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n user(s)</source>
        <translation>
            <numerusform>%n pengguna</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage:
  hotelhub-license-server [--lang id|en] keys init --dir DIR [--alg rs256|eddsa]
  hotelhub-license-server serve --db DB --keys DIR [--listen 127.0.0.1:8080] [--admin-secret-file F]
        [--sheet-url URL [--sheet-every SECONDS] [--sheet-format auto|appsscript|csv|sheets-api|gviz]]
        [--tls-cert F --tls-key F] [--threads N] [--support-phone P] [--support-email E]
        [--pair-rate N] [--request-timeout S] [--idle-timeout S] [--max-connections 512] [--no-access-log]
        [--read-only] [--trust-clock] [--clock-tolerance-days 7] [--stop-on-stdin-eof] [--sync-each-commit]
        [--clock-offset +65d]   (tests and demos: run the server&apos;s clock ahead or behind)
  hotelhub-license-server license create --db DB --plan P --max-rooms N --max-users N --valid-until YYYY-MM-DD
        [--owner-email E] [--grace-days 30] [--features k=v,…] [--migrations-per-year 2]
  hotelhub-license-server license list [--json] --db DB
  hotelhub-license-server license show KEY [--json] --db DB
  hotelhub-license-server license extend KEY --until YYYY-MM-DD [--grace-days N] --db DB
  hotelhub-license-server license suspend|resume|revoke KEY [--reason R] --db DB
  hotelhub-license-server license reset-migrations KEY --db DB
  hotelhub-license-server license offline-answer --db DB --keys DIR (FILE | -) [--days 90] [--out FILE] [--json]
        (answers a hotel&apos;s offline activation request; FILE holds the request text)
  hotelhub-license-server sheet sync --db DB --url URL [--format auto|appsscript|csv|sheets-api|gviz]

Commands that write refuse a clock more than --clock-tolerance-days past the store&apos;s newest record;
--trust-clock vouches for it. list and show take --read-only for a damaged store.

DB is sqlite:PATH or postgresql://user@host:port/dbname.
Exit codes: 0 ok, 1 failed, 2 wrong command line, 3 database/key problem, 4 licence not found, 8 output not written.
</source>
        <translation>Pemakaian:
  hotelhub-license-server [--lang id|en] keys init --dir DIR [--alg rs256|eddsa]
  hotelhub-license-server serve --db DB --keys DIR [--listen 127.0.0.1:8080] [--admin-secret-file F]
        [--sheet-url URL [--sheet-every SECONDS] [--sheet-format auto|appsscript|csv|sheets-api|gviz]]
        [--tls-cert F --tls-key F] [--threads N] [--support-phone P] [--support-email E]
        [--pair-rate N] [--request-timeout S] [--idle-timeout S] [--max-connections 512] [--no-access-log]
        [--read-only] [--trust-clock] [--clock-tolerance-days 7] [--stop-on-stdin-eof] [--sync-each-commit]
        [--clock-offset +65d]   (uji dan demo: jam server dimajukan atau dimundurkan)
  hotelhub-license-server license create --db DB --plan P --max-rooms N --max-users N --valid-until YYYY-MM-DD
        [--owner-email E] [--grace-days 30] [--features k=v,…] [--migrations-per-year 2]
  hotelhub-license-server license list [--json] --db DB
  hotelhub-license-server license show KEY [--json] --db DB
  hotelhub-license-server license extend KEY --until YYYY-MM-DD [--grace-days N] --db DB
  hotelhub-license-server license suspend|resume|revoke KEY [--reason R] --db DB
  hotelhub-license-server license reset-migrations KEY --db DB
  hotelhub-license-server license offline-answer --db DB --keys DIR (FILE | -) [--days 90] [--out FILE] [--json]
        (menjawab permintaan aktivasi offline dari hotel; FILE berisi teks permintaan)
  hotelhub-license-server sheet sync --db DB --url URL [--format auto|appsscript|csv|sheets-api|gviz]

Perintah yang menulis menolak jam yang lebih dari --clock-tolerance-days melewati catatan terbaru di penyimpanan;
--trust-clock menyatakan jam itu benar. list dan show menerima --read-only untuk penyimpanan yang rusak.

DB berupa sqlite:PATH atau postgresql://user@host:port/dbname.
Kode keluar: 0 berhasil, 1 gagal, 2 baris perintah salah, 3 masalah basis data/kunci, 4 lisensi tidak ditemukan, 8 keluaran tidak tertulis.
</translation>
    </message>
    <message>
        <source>&apos;%1&apos; does not take --%2.</source>
        <translation>&apos;%1&apos; tidak menerima --%2.</translation>
    </message>
    <message>
        <source>--plan is a name of 1 to 64 characters on one line.</source>
        <translation>--plan adalah nama 1 sampai 64 karakter dalam satu baris.</translation>
    </message>
    <message>
        <source>--owner-email is one line of at most 254 characters.</source>
        <translation>--owner-email adalah satu baris, paling banyak 254 karakter.</translation>
    </message>
    <message>
        <source>--valid-until is a date: YYYY-MM-DD (got &quot;%1&quot;).</source>
        <translation>--valid-until adalah tanggal: YYYY-MM-DD (tertulis &quot;%1&quot;).</translation>
    </message>
    <message>
        <source>%1 was revoked, which is meant to be final; nothing was changed. To reinstate it on purpose, give the reason: hotelhub-license-server license resume KEY --reason &quot;…&quot; --db DB (kept in its history and the audit log).</source>
        <translation>%1 sudah dicabut, dan pencabutan dimaksudkan final; tidak ada yang diubah. Untuk memulihkannya dengan sengaja, sebutkan alasannya: hotelhub-license-server license resume KEY --reason &quot;…&quot; --db DB (disimpan di riwayatnya dan di log audit).</translation>
    </message>
    <message>
        <source>%1 is revoked, which is already more than suspended; nothing was changed. To reinstate it on purpose, give the reason: hotelhub-license-server license resume KEY --reason &quot;…&quot; --db DB.</source>
        <translation>%1 sudah dicabut, yang lebih dari sekadar ditangguhkan; tidak ada yang diubah. Untuk memulihkannya dengan sengaja, berikan alasannya: hotelhub-license-server license resume KEY --reason &quot;…&quot; --db DB.</translation>
    </message>
    <message>
        <source>--reason contains a line break or an invisible character: %1. Type it again on one line, without copying it from a document or chat.</source>
        <translation>--reason berisi pindah baris atau karakter tak terlihat: %1. Ketik ulang dalam satu baris, tanpa menyalinnya dari dokumen atau obrolan.</translation>
    </message>
    <message>
        <source>--reason is one line of at most 200 characters (this one has %1).</source>
        <translation>--reason adalah satu baris dengan paling banyak 200 karakter (yang ini %1).</translation>
    </message>
    <message>
        <source>%1 is already %2; nothing was changed.</source>
        <translation>%1 sudah %2; tidak ada yang diubah.</translation>
    </message>
    <message>
        <source>--%1 was given an empty value; give it the file&apos;s path.</source>
        <translation>--%1 diberi nilai kosong; berikan path berkasnya.</translation>
    </message>
</context>
<context>
    <name>SetupRules</name>
    <message>
        <source>Write the WhatsApp number with digits only, for example 0812 3456 7890.</source>
        <translation>Tulis nomor WhatsApp dengan angka saja, misalnya 0812 3456 7890.</translation>
    </message>
    <message>
        <source>Only Indonesian (+62) WhatsApp numbers are accepted here.</source>
        <translation>Hanya nomor WhatsApp Indonesia (+62) yang diterima di sini.</translation>
    </message>
    <message>
        <source>This is not an Indonesian mobile number: it should look like 0812 3456 7890 or +62 812 3456 7890.</source>
        <translation>Ini bukan nomor ponsel Indonesia: seharusnya seperti 0812 3456 7890 atau +62 812 3456 7890.</translation>
    </message>
    <message>
        <source>Enter a complete e-mail address, for example owner@hotelmelati.id.</source>
        <translation>Masukkan alamat email lengkap, misalnya owner@hotelmelati.id.</translation>
    </message>
    <message>
        <source>An NPWP has 15 digits (99.999.999.9-999.999) or 16 digits (NIK-based).</source>
        <translation>NPWP terdiri dari 15 digit (99.999.999.9-999.999) atau 16 digit (berbasis NIK).</translation>
    </message>
    <message>
        <source>An NSFP series has 13 digits (for example 010.25.12345678 without the transaction code).</source>
        <translation>Seri NSFP terdiri dari 13 digit (misalnya 010.25.12345678 tanpa kode transaksi).</translation>
    </message>
    <message>
        <source>Enter the owner&apos;s full name.</source>
        <translation>Masukkan nama lengkap pemilik.</translation>
    </message>
    <message>
        <source>Enter the hotel&apos;s name.</source>
        <translation>Masukkan nama hotel.</translation>
    </message>
    <message>
        <source>Enter the street, the city or regency and the province.</source>
        <translation>Masukkan jalan, kota atau kabupaten, dan provinsi.</translation>
    </message>
    <message>
        <source>The postal code has five digits.</source>
        <translation>Kode pos terdiri dari lima digit.</translation>
    </message>
    <message>
        <source>Latitude and longitude are decimal degrees inside Indonesia (for example -8.65, 115.22), or empty.</source>
        <translation>Lintang dan bujur berupa derajat desimal di wilayah Indonesia (misalnya -8.65, 115.22), atau dikosongkan.</translation>
    </message>
    <message>
        <source>The region code looks like 51 or 51.03.</source>
        <translation>Kode wilayah berbentuk 51 atau 51.03.</translation>
    </message>
    <message numerus="yes">
        <source>Your licence allows up to %n room(s).</source>
        <translation>
            <numerusform>Lisensi Anda mengizinkan sampai %n kamar.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter the administrator&apos;s name.</source>
        <translation>Masukkan nama administrator.</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>Kedua kata sandi tidak sama.</translation>
    </message>
    <message>
        <source>Type how many rooms the hotel has (at least 1).</source>
        <translation>Ketik jumlah kamar hotel (paling sedikit 1).</translation>
    </message>
</context>
<context>
    <name>SetupStore</name>
    <message>
        <source>Cannot save the setup progress: %1</source>
        <translation>Tidak dapat menyimpan progres setup: %1</translation>
    </message>
    <message>
        <source>Cannot encrypt the two-factor secret: the key store is not available.</source>
        <translation>Tidak dapat mengenkripsi rahasia dua faktor: penyimpanan kunci tidak tersedia.</translation>
    </message>
    <message>
        <source>Cannot save the hotel&apos;s data; nothing was written: %1</source>
        <translation>Tidak dapat menyimpan data hotel; tidak ada yang ditulis: %1</translation>
    </message>
    <message>
        <source>Cannot write the audit log; nothing was written.</source>
        <translation>Tidak dapat menulis log audit; tidak ada yang ditulis.</translation>
    </message>
    <message>
        <source>This installation already has its owner account (%1): the setup was completed before, and nothing was written now. Sign in to the HotelHub panel with that account; other users are added there.</source>
        <translation>Instalasi ini sudah punya akun pemilik (%1): penyiapan sudah selesai sebelumnya, dan tidak ada yang ditulis sekarang. Masuk ke panel HotelHub dengan akun itu; pengguna lain ditambahkan di sana.</translation>
    </message>
</context>
<context>
    <name>SheetFetcher</name>
    <message>
        <source>&quot;%1&quot; is not an http(s) URL</source>
        <translation>&quot;%1&quot; bukan URL http(s)</translation>
    </message>
    <message>
        <source>the sheet reply is larger than %1 KiB</source>
        <translation>balasan sheet lebih besar dari %1 KiB</translation>
    </message>
    <message>
        <source>cannot read the sheet: %1</source>
        <translation>sheet tidak bisa dibaca: %1</translation>
    </message>
    <message>
        <source>the address %1 was not found (no internet here, or a mistyped address)</source>
        <translation>alamat %1 tidak ditemukan (tidak ada internet di sini, atau alamatnya salah ketik)</translation>
    </message>
    <message>
        <source>%1 refused the connection</source>
        <translation>%1 menolak sambungan</translation>
    </message>
    <message>
        <source>%1 closed the connection before answering</source>
        <translation>%1 menutup sambungan sebelum menjawab</translation>
    </message>
    <message numerus="yes">
        <source>no answer from %1 within %n second(s)</source>
        <translation>
            <numerusform>tidak ada jawaban dari %1 dalam %n detik</numerusform>
        </translation>
    </message>
    <message>
        <source>the secure connection to %1 failed (check this computer&apos;s date and time)</source>
        <translation>sambungan aman ke %1 gagal (periksa tanggal dan jam komputer ini)</translation>
    </message>
    <message>
        <source>the proxy did not pass the request on</source>
        <translation>proxy tidak meneruskan permintaan</translation>
    </message>
    <message>
        <source>%1 sent the request on too often or to an unsafe address</source>
        <translation>%1 mengalihkan permintaan terlalu sering atau ke alamat yang tidak aman</translation>
    </message>
    <message>
        <source>a network error (%1) on the way to %2</source>
        <translation>gangguan jaringan (%1) dalam perjalanan ke %2</translation>
    </message>
    <message>
        <source>Keep one row per licence in the published tab (delete the empty rows below it and other data), or publish only the licence tab.</source>
        <translation>Simpan satu baris per lisensi di tab yang dipublikasikan (hapus baris kosong di bawahnya dan data lain), atau publikasikan hanya tab lisensi.</translation>
    </message>
</context>
<context>
    <name>SheetMode</name>
    <message>
        <source>license.dat does not exist yet: the licence was never checked online here.</source>
        <translation>license.dat belum ada: lisensi belum pernah diperiksa online di sini.</translation>
    </message>
    <message>
        <source>license.dat cannot be read (%1).</source>
        <translation>license.dat tidak dapat dibaca (%1).</translation>
    </message>
    <message>
        <source>The key that protects license.dat is not available: %1</source>
        <translation>Kunci yang melindungi license.dat tidak tersedia: %1</translation>
    </message>
    <message>
        <source>license.dat was changed outside HotelHub (its signature does not match).</source>
        <translation>license.dat diubah di luar HotelHub (tanda tangannya tidak cocok).</translation>
    </message>
    <message>
        <source>license.dat belongs to another installation.</source>
        <translation>license.dat milik instalasi lain.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Tidak dapat menulis %1: %2</translation>
    </message>
    <message>
        <source>The sheet has no valid licence row for this installation (a Status and an Expiry are needed).</source>
        <translation>Sheet tidak memiliki baris lisensi yang valid untuk instalasi ini (perlu Status dan Expiry).</translation>
    </message>
    <message>
        <source>The last online check (%1) lies in the future: this computer&apos;s clock is behind. Set the correct date and time; the next online check clears it.</source>
        <translation>Pemeriksaan online terakhir (%1) berada di masa depan: jam komputer ini terlambat. Atur tanggal dan jam yang benar; pemeriksaan online berikutnya memulihkannya.</translation>
    </message>
    <message>
        <source>Correct the line named above in %1, then check again.</source>
        <translation>Perbaiki baris yang disebut di atas di %1, lalu periksa lagi.</translation>
    </message>
    <message>
        <source>Ask the vendor to add this installation&apos;s row to the sheet (License Key, Status and Expiry), then check again.</source>
        <translation>Minta vendor menambahkan baris instalasi ini ke sheet (License Key, Status dan Expiry), lalu periksa lagi.</translation>
    </message>
    <message>
        <source>Check this computer&apos;s internet connection, and that LICENSE_API_URL in %1 is the sheet&apos;s address; then check again.</source>
        <translation>Periksa koneksi internet komputer ini, dan pastikan LICENSE_API_URL di %1 adalah alamat sheet; lalu periksa lagi.</translation>
    </message>
    <message>
        <source>Ask the vendor to share the sheet as &quot;Anyone with the link&quot; or to publish it to the web; then check again.</source>
        <translation>Minta vendor membagikan sheet sebagai &quot;Siapa saja yang memiliki link&quot; atau memublikasikannya ke web; lalu periksa lagi.</translation>
    </message>
    <message>
        <source>Nothing to do now: the check is tried again later by itself.</source>
        <translation>Tidak perlu melakukan apa pun sekarang: pemeriksaan diulang sendiri nanti.</translation>
    </message>
    <message>
        <source>LICENSE_API_URL in %1 leads to no sheet (HTTP %2): copy the sheet&apos;s link from the vendor into it again; then check again.</source>
        <translation>LICENSE_API_URL di %1 tidak mengarah ke sheet mana pun (HTTP %2): salin lagi tautan sheet dari vendor ke sana; lalu periksa lagi.</translation>
    </message>
    <message>
        <source>Google&apos;s side failed this time; the check is tried again later by itself. If it lasts more than a day, tell the vendor.</source>
        <translation>Kali ini gangguan ada di pihak Google; pemeriksaan diulang sendiri nanti. Jika berlangsung lebih dari sehari, beri tahu vendor.</translation>
    </message>
    <message>
        <source>Check LICENSE_API_URL in %1 with the vendor; then check again.</source>
        <translation>Periksa LICENSE_API_URL di %1 bersama vendor; lalu periksa lagi.</translation>
    </message>
    <message>
        <source>The sheet answered, but not as a licence sheet: tell the vendor what is shown above.</source>
        <translation>Sheet menjawab, tetapi bukan sebagai sheet lisensi: beri tahu vendor apa yang tertulis di atas.</translation>
    </message>
    <message>
        <source>This installation&apos;s row in the sheet cannot be read: %1.</source>
        <translation>Baris instalasi ini di sheet tidak bisa dibaca: %1.</translation>
    </message>
    <message>
        <source>Ask the vendor to correct that row (Status: active, suspended or revoked; dates as 2027-01-31 or 31/01/2027), then check again.</source>
        <translation>Minta vendor memperbaiki baris itu (Status: active, suspended atau revoked; tanggal seperti 2027-01-31 atau 31/01/2027), lalu periksa lagi.</translation>
    </message>
    <message>
        <source>The sheet was not read: a licence setting cannot be used. %1</source>
        <translation>Sheet tidak dibaca: sebuah pengaturan lisensi tidak dapat dipakai. %1</translation>
    </message>
    <message>
        <source>The online check failed: %1</source>
        <translation>Pemeriksaan online gagal: %1</translation>
    </message>
</context>
<context>
    <name>SheetModeSettings</name>
    <message>
        <source>LICENSE_API_URL &apos;%1&apos; is not an http(s) address.</source>
        <translation>LICENSE_API_URL &apos;%1&apos; bukan alamat http(s).</translation>
    </message>
    <message>
        <source>LICENSE_API_URL must use https:// (plain http:// is only allowed on this computer itself).</source>
        <translation>LICENSE_API_URL harus memakai https:// (http:// biasa hanya diizinkan di komputer ini sendiri).</translation>
    </message>
    <message>
        <source>LICENSE_EXPIRY &apos;%1&apos; is not a date (write it as 2027-12-31).</source>
        <translation>LICENSE_EXPIRY &apos;%1&apos; bukan tanggal (tulis seperti 2027-12-31).</translation>
    </message>
    <message>
        <source>MAX_OFFLINE_DAYS &apos;%1&apos; must be a whole number of days from 1 to 365.</source>
        <translation>MAX_OFFLINE_DAYS &apos;%1&apos; harus bilangan bulat hari dari 1 sampai 365.</translation>
    </message>
    <message>
        <source>LICENSE_SHEET_FORMAT &apos;%1&apos; is not one of auto, apps-script, csv, sheets-api, gviz.</source>
        <translation>LICENSE_SHEET_FORMAT &apos;%1&apos; bukan salah satu dari auto, apps-script, csv, sheets-api, gviz.</translation>
    </message>
</context>
<context>
    <name>SheetParser</name>
    <message>
        <source>missing status</source>
        <translation>status tidak ada</translation>
    </message>
    <message>
        <source>unknown status &quot;%1&quot; (use active, suspended or revoked)</source>
        <translation>status &quot;%1&quot; tidak dikenal (gunakan active, suspended atau revoked)</translation>
    </message>
    <message>
        <source>the sheet is empty</source>
        <translation>sheet kosong</translation>
    </message>
    <message>
        <source>the sheet has no License Key column</source>
        <translation>sheet tidak punya kolom License Key</translation>
    </message>
    <message>
        <source>the sheet has no Expiry column: expiry dates are left as they are</source>
        <translation>sheet tidak punya kolom Expiry: tanggal kedaluwarsa dibiarkan apa adanya</translation>
    </message>
    <message>
        <source>expiry &quot;%1&quot; is not a real date</source>
        <translation>expiry &quot;%1&quot; bukan tanggal yang ada</translation>
    </message>
    <message>
        <source>last payment &quot;%1&quot; is not a real date</source>
        <translation>last payment &quot;%1&quot; bukan tanggal yang ada</translation>
    </message>
    <message>
        <source>missing licence key</source>
        <translation>kunci lisensi tidak ada</translation>
    </message>
    <message>
        <source>Google rate-limited the sheet read (HTTP 429); backing off, nothing changed.%1</source>
        <translation>Google membatasi pembacaan sheet (HTTP 429); menunggu lebih lama, tidak ada yang diubah.%1</translation>
    </message>
    <message>
        <source>The sheet answered HTTP %1; nothing changed.</source>
        <translation>Sheet menjawab HTTP %1; tidak ada yang diubah.</translation>
    </message>
    <message>
        <source>the gviz reply could not be read</source>
        <translation>balasan gviz tidak bisa dibaca</translation>
    </message>
    <message>
        <source>the sheet query failed: %1</source>
        <translation>kueri sheet gagal: %1</translation>
    </message>
    <message>
        <source>Google returned an error: %1</source>
        <translation>Google mengembalikan galat: %1</translation>
    </message>
    <message>
        <source>the Apps Script reported an error: %1</source>
        <translation>Apps Script melaporkan galat: %1</translation>
    </message>
    <message>
        <source>the Apps Script reply has no status field</source>
        <translation>balasan Apps Script tidak punya field status</translation>
    </message>
    <message>
        <source>the reply is not valid JSON</source>
        <translation>balasan bukan JSON yang valid</translation>
    </message>
    <message>
        <source>the sheet is not public (Google answered with a sign-in page).</source>
        <translation>sheet tidak publik (Google menjawab dengan halaman masuk akun).</translation>
    </message>
    <message>
        <source>Share it as &quot;Anyone with the link&quot; or publish it to the web.</source>
        <translation>Bagikan sebagai &quot;Siapa saja yang memiliki link&quot; atau publikasikan ke web.</translation>
    </message>
    <message>
        <source>the sheet has more than %1 rows, empty ones included; one row per licence is read. Delete the rows below the last licence, or the extra header rows.</source>
        <translation>sheet memiliki lebih dari %1 baris, termasuk yang kosong; satu baris dibaca per lisensi. Hapus baris di bawah lisensi terakhir, atau baris judul yang berlebih.</translation>
    </message>
    <message>
        <source>the CSV could not be read: a cell opens a quote (&quot;) that never closes. Check that cell in the sheet, or publish the sheet to the web again as CSV.</source>
        <translation>CSV tidak dapat dibaca: ada sel yang membuka tanda kutip (&quot;) tanpa menutupnya. Periksa sel itu di sheet, atau publikasikan lagi sheet ke web sebagai CSV.</translation>
    </message>
    <message>
        <source>the sheet has no Status column: its first row names the columns, License Key | Status | Expiry | Last Payment | Notes</source>
        <translation>sheet tidak punya kolom Status: baris pertamanya berisi nama kolom, License Key | Status | Expiry | Last Payment | Notes</translation>
    </message>
    <message>
        <source>the sheet has no Status column: its first row names the columns, License Key | Status | Expiry | Last Payment | Notes (a hotel&apos;s own sheet may leave out License Key)</source>
        <translation>sheet tidak punya kolom Status: baris pertamanya berisi nama kolom, License Key | Status | Expiry | Last Payment | Notes (sheet milik satu hotel boleh tanpa License Key)</translation>
    </message>
    <message>
        <source>the sheet was published as a spreadsheet file (.xlsx or .ods), not as CSV. In Google Sheets, File &gt; Share &gt; Publish to the web, choose Comma-separated values (.csv) and use the new link.</source>
        <translation>sheet dipublikasikan sebagai berkas spreadsheet (.xlsx atau .ods), bukan CSV. Di Google Sheets, File &gt; Bagikan &gt; Publikasikan ke web, pilih Nilai yang dipisahkan koma (.csv) lalu pakai link yang baru.</translation>
    </message>
    <message>
        <source>the sheet was published as a PDF, not as CSV. In Google Sheets, File &gt; Share &gt; Publish to the web, choose Comma-separated values (.csv) and use the new link.</source>
        <translation>sheet dipublikasikan sebagai PDF, bukan CSV. Di Google Sheets, File &gt; Bagikan &gt; Publikasikan ke web, pilih Nilai yang dipisahkan koma (.csv) lalu pakai link yang baru.</translation>
    </message>
    <message>
        <source>the sheet is not text (it holds NUL bytes). Publish it as Comma-separated values (.csv), or save it as CSV UTF-8.</source>
        <translation>sheet bukan teks (berisi bita NUL). Publikasikan sebagai Nilai yang dipisahkan koma (.csv), atau simpan sebagai CSV UTF-8.</translation>
    </message>
    <message>
        <source>the address answered with a web page, not the sheet: a Wi-Fi or proxy sign-in page, or a link that is not the sheet&apos;s.</source>
        <translation>alamat itu menjawab dengan halaman web, bukan sheet: halaman masuk Wi-Fi atau proxy, atau link yang bukan milik sheet.</translation>
    </message>
    <message>
        <source>Check that the link is the sheet&apos;s published CSV (File &gt; Share &gt; Publish to the web, Comma-separated values).</source>
        <translation>Pastikan link itu adalah CSV sheet yang dipublikasikan (File &gt; Bagikan &gt; Publikasikan ke web, Nilai yang dipisahkan koma).</translation>
    </message>
    <message>
        <source>The link leads to no sheet: copy it again from File &gt; Share &gt; Publish to the web (Comma-separated values).</source>
        <translation>Link itu tidak menuju sheet mana pun: salin lagi dari File &gt; Bagikan &gt; Publikasikan ke web (Nilai yang dipisahkan koma).</translation>
    </message>
    <message>
        <source>Google&apos;s side failed this time; the next sync tries again.</source>
        <translation>Pihak Google gagal kali ini; sinkronisasi berikutnya mencoba lagi.</translation>
    </message>
</context>
<context>
    <name>SheetSync</name>
    <message>
        <source>Sheet sync: %1 changed, %2 unchanged, %3 rejected.</source>
        <translation>Sinkronisasi sheet: %1 berubah, %2 tetap, %3 ditolak.</translation>
    </message>
    <message>
        <source>Sheet refused (%1): %2</source>
        <translation>Sheet ditolak (%1): %2</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>peringatan: %1</translation>
    </message>
    <message>
        <source>row %1</source>
        <translation>baris %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a licence key</source>
        <translation>&quot;%1&quot; bukan kunci lisensi</translation>
    </message>
    <message>
        <source>unknown licence key</source>
        <translation>kunci lisensi tidak dikenal</translation>
    </message>
    <message>
        <source>row %1 (%2): rejected — %3</source>
        <translation>baris %1 (%2): ditolak — %3</translation>
    </message>
    <message>
        <source>expiry %1 → %2</source>
        <translation>expiry %1 → %2</translation>
    </message>
    <message>
        <source>status %1 → %2</source>
        <translation>status %1 → %2</translation>
    </message>
    <message>
        <source>payment/notes updated</source>
        <translation>pembayaran/catatan diperbarui</translation>
    </message>
    <message>
        <source>row %1 (%2): could not be saved — %3</source>
        <translation>baris %1 (%2): tidak bisa disimpan — %3</translation>
    </message>
    <message>
        <source>row %1 (%2): %3</source>
        <translation>baris %1 (%2): %3</translation>
    </message>
    <message>
        <source>revoked here, which is final: the sheet does not reinstate it (set the row to &quot;revoked&quot;, or reinstate it on purpose with: license resume KEY --reason …)</source>
        <translation>dicabut di sini, dan itu final: sheet tidak memulihkannya (ubah barisnya menjadi &quot;revoked&quot;, atau pulihkan dengan sengaja dengan: license resume KEY --reason …)</translation>
    </message>
    <message>
        <source>… and %1 more rows rejected (the first %2 are shown).</source>
        <translation>… dan %1 baris lain ditolak (yang ditampilkan hanya %2 yang pertama).</translation>
    </message>
    <message>
        <source>row %1: rejected — %2</source>
        <translation>baris %1: ditolak — %2</translation>
    </message>
    <message>
        <source>the same licence is also in row %1, with other values: neither row is applied until the sheet keeps one of them</source>
        <translation>lisensi yang sama juga ada di baris %1, dengan nilai lain: tidak satu pun baris diterapkan sampai sheet hanya menyimpan salah satunya</translation>
    </message>
</context>
<context>
    <name>SmallFile</name>
    <message>
        <source>%1 does not exist</source>
        <translation>%1 tidak ada</translation>
    </message>
    <message>
        <source>%1 is not a regular file (a device, a pipe or a folder)</source>
        <translation>%1 bukan file biasa (sebuah perangkat, pipe, atau folder)</translation>
    </message>
    <message>
        <source>%1 is larger than %2 KiB</source>
        <translation>%1 lebih besar dari %2 KiB</translation>
    </message>
    <message>
        <source>%1 cannot be opened (another program may hold it): %2</source>
        <translation>%1 tidak bisa dibuka (mungkin sedang dipakai program lain): %2</translation>
    </message>
    <message>
        <source>this user may not reach %1 (a folder on its path is closed to it)</source>
        <translation>pengguna ini tidak dapat menjangkau %1 (sebuah folder di jalurnya tertutup baginya)</translation>
    </message>
    <message>
        <source>this user may not read %1 (its permissions)</source>
        <translation>pengguna ini tidak boleh membaca %1 (izin berkasnya)</translation>
    </message>
    <message>
        <source>this user may not create files in the folder %1 (its permissions)</source>
        <translation>pengguna ini tidak boleh membuat berkas di folder %1 (izin foldernya)</translation>
    </message>
    <message>
        <source>this user may not write %1 (its permissions)</source>
        <translation>pengguna ini tidak boleh menulis %1 (izin berkasnya)</translation>
    </message>
    <message>
        <source>the folder %1 does not exist</source>
        <translation>folder %1 tidak ada</translation>
    </message>
    <message>
        <source>%1 is a folder, not a file</source>
        <translation>%1 adalah folder, bukan berkas</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder</source>
        <translation>%1 adalah berkas, bukan folder</translation>
    </message>
    <message>
        <source>no file can be made in the folder %1 (this user&apos;s permissions, or a disk that is read-only or full)</source>
        <translation>tidak ada berkas yang dapat dibuat di folder %1 (izin pengguna ini, atau disk yang hanya-baca atau penuh)</translation>
    </message>
    <message>
        <source>the disk that holds %1 is full (%2 free)</source>
        <translation>disk yang memuat %1 penuh (sisa %2)</translation>
    </message>
</context>
<context>
    <name>StartOptions</name>
    <message>
        <source>Settings file (default: hotelhub.env in the data folder).</source>
        <translation>Berkas pengaturan (bawaan: hotelhub.env di folder data).</translation>
    </message>
    <message>
        <source>Data folder (default: HOTELHUB_DATA_DIR, else the user&apos;s data folder).</source>
        <translation>Folder data (bawaan: HOTELHUB_DATA_DIR, jika tidak ada folder data pengguna).</translation>
    </message>
    <message>
        <source>Language: id (Bahasa Indonesia) or en (English).</source>
        <translation>Bahasa: id (Bahasa Indonesia) atau en (English).</translation>
    </message>
    <message>
        <source>--lang %1: this program speaks id (Bahasa Indonesia) or en (English). Use --lang id or --lang en.</source>
        <translation>--lang %1: program ini berbahasa id (Bahasa Indonesia) atau en (Inggris). Gunakan --lang id atau --lang en.</translation>
    </message>
    <message>
        <source>--%1 is empty. Name the folder or file, or leave the option out to use the default.</source>
        <translation>--%1 kosong. Sebutkan folder atau berkasnya, atau hapus opsi itu untuk memakai lokasi bawaan.</translation>
    </message>
    <message>
        <source>Unexpected argument: %1. See --help for what this program takes.</source>
        <translation>Argumen tidak dikenal: %1. Lihat --help untuk apa yang diterima program ini.</translation>
    </message>
    <message>
        <source>See --help for what this program takes.</source>
        <translation>Lihat --help untuk apa yang diterima program ini.</translation>
    </message>
    <message>
        <source>--%1 needs a value, but it is followed by %2. Give the value right after --%1 (or write --%1=VALUE).</source>
        <translation>--%1 memerlukan nilai, tetapi langsung diikuti %2. Tuliskan nilainya tepat setelah --%1 (atau tulis --%1=NILAI).</translation>
    </message>
    <message>
        <source>--%1=%2: a name that starts with &quot;--&quot; cannot be told from an option. If that folder or file is meant, write it as ./%2.</source>
        <translation>--%1=%2: nama yang diawali &quot;--&quot; tidak bisa dibedakan dari opsi. Jika folder atau berkas itu yang dimaksud, tulis sebagai ./%2.</translation>
    </message>
    <message>
        <source>--%1 -: a folder or settings file cannot be standard input. Name it, or write ./- if a folder named &quot;-&quot; is meant.</source>
        <translation>--%1 -: folder atau berkas pengaturan tidak bisa berupa masukan standar. Sebutkan namanya, atau tulis ./- jika folder bernama &quot;-&quot; yang dimaksud.</translation>
    </message>
    <message>
        <source>%1 is a licence key, not an option. Give it where the program asks for the key (for example --key KEY).</source>
        <translation>%1 adalah kunci lisensi, bukan opsi. Berikan di tempat program menanyakan kunci (misalnya --key KUNCI).</translation>
    </message>
    <message>
        <source>--%1 %2 contains a line break, a control character or a character that does not show (shown as &lt;U+…&gt;). Give it on one line.</source>
        <translation>--%1 %2 berisi pemisah baris, karakter kendali atau karakter tak terlihat (ditampilkan sebagai &lt;U+…&gt;). Tuliskan dalam satu baris.</translation>
    </message>
    <message>
        <source>%1=%2 contains a line break, a control character or a character that does not show (shown as &lt;U+…&gt;). Set it on one line.</source>
        <translation>%1=%2 berisi pemisah baris, karakter kendali atau karakter tak terlihat (ditampilkan sebagai &lt;U+…&gt;). Atur dalam satu baris.</translation>
    </message>
    <message>
        <source>The argument %1 contains a line break, a control character or a character that does not show (shown as &lt;U+…&gt;). Give it on one line.</source>
        <translation>Argumen %1 berisi pemisah baris, karakter kendali atau karakter tak terlihat (ditampilkan sebagai &lt;U+…&gt;). Tuliskan dalam satu baris.</translation>
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
        <translation>Jalankan setup HotelHub (hotelhub-setup) dan masukkan kunci lisensi dari e-mail pembelian Anda.</translation>
    </message>
    <message>
        <source>Licence check failed</source>
        <translation>Pemeriksaan lisensi gagal</translation>
    </message>
    <message>
        <source>Online verification required</source>
        <translation>Perlu pemeriksaan lewat internet</translation>
    </message>
    <message numerus="yes">
        <source>The licence has not been verified online for %n days.</source>
        <translation>
            <numerusform>Lisensi belum diverifikasi online selama %n hari.</numerusform>
        </translation>
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
        <translation>Pasangkan ulang instalasi ini dengan kunci lisensi Anda, atau hubungi tim dukungan.</translation>
    </message>
    <message>
        <source>Hardware change detected</source>
        <translation>Perangkat keras berubah</translation>
    </message>
    <message>
        <source>Hardware change detected. Re-pair?</source>
        <translation>Perangkat keras komputer ini berubah. Pindahkan lisensi ke sini?</translation>
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
        <translation>
            <numerusform>Masa lisensi sudah berakhir. Sisa %n hari untuk perpanjangan sebelum sistem terkunci.</numerusform>
        </translation>
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
        <translation>Mode terbatas: hanya melihat data &amp; laporan yang tersedia. Sambungkan ke internet untuk mengaktifkan kembali.</translation>
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
        <translation>
            <numerusform>Lisensi belum sinkron %n hari. Hubungi tim dukungan jika berlanjut.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check the server&apos;s internet connection and firewall.</source>
        <translation>Cek koneksi internet &amp; firewall server.</translation>
    </message>
    <message>
        <source>Heartbeat delayed</source>
        <translation>Heartbeat tertunda</translation>
    </message>
    <message numerus="yes">
        <source>Licence: heartbeat delayed %n days. Check the server&apos;s internet connection.</source>
        <translation>
            <numerusform>Lisensi: heartbeat tertunda %n hari. Periksa koneksi internet server.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check the server&apos;s internet connection.</source>
        <translation>Periksa koneksi internet server.</translation>
    </message>
    <message>
        <source>Licence active</source>
        <translation>Lisensi aktif</translation>
    </message>
    <message>
        <source>Online check required</source>
        <translation>Pemeriksaan online diperlukan</translation>
    </message>
    <message>
        <source>The licence has never been checked online on this computer.</source>
        <translation>Lisensi belum pernah diperiksa online di komputer ini.</translation>
    </message>
    <message>
        <source>Licence record tampered</source>
        <translation>Catatan lisensi dimanipulasi</translation>
    </message>
    <message>
        <source>The local licence record was changed outside HotelHub, or the clock was set back.</source>
        <translation>Catatan lisensi lokal diubah di luar HotelHub, atau jam dimundurkan.</translation>
    </message>
    <message>
        <source>Set the correct date and time, connect to the internet and press Check again; if it stays locked, contact support.</source>
        <translation>Atur tanggal dan jam yang benar, sambungkan ke internet lalu tekan Cek Lagi; jika tetap terkunci, hubungi tim dukungan.</translation>
    </message>
    <message>
        <source>Licence settings invalid</source>
        <translation>Pengaturan lisensi tidak valid</translation>
    </message>
    <message>
        <source>Licence renewal refused</source>
        <translation>Perpanjangan token lisensi ditolak</translation>
    </message>
    <message numerus="yes">
        <source>The licence server no longer renews this installation&apos;s token. HotelHub keeps working for %n more days.</source>
        <translation>
            <numerusform>Server lisensi tidak lagi memperbarui token instalasi ini. HotelHub tetap berjalan %n hari lagi.</numerusform>
        </translation>
    </message>
    <message>
        <source>Pair again with the licence key (spends no move).</source>
        <translation>Pasangkan ulang dengan kunci lisensi (tidak memakai kuota pindah).</translation>
    </message>
    <message>
        <source>Password store not ready</source>
        <translation>Penyimpanan kata sandi belum siap</translation>
    </message>
    <message numerus="yes">
        <source>This computer&apos;s password store (keyring, Credential Manager) is locked or not ready yet, so the licence cannot be read. This is not a licence problem: HotelHub keeps working for up to %n more days.</source>
        <translation>
            <numerusform>Penyimpanan kata sandi komputer ini (keyring, Credential Manager) terkunci atau belum siap, sehingga lisensi belum bisa dibaca. Ini bukan masalah lisensi: HotelHub tetap berjalan paling lama %n hari lagi.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unlock the password store (sign in to the desktop, or enter the keyring password when asked). HotelHub tries again by itself every minute.</source>
        <translation>Buka kunci penyimpanan kata sandi (masuk ke desktop, atau isi kata sandi keyring saat diminta). HotelHub mencoba lagi sendiri setiap menit.</translation>
    </message>
    <message>
        <source>Move the licence to this computer with &quot;Move installation&quot;.</source>
        <translation>Pindahkan lisensi ke komputer ini dengan &quot;Pindahkan instalasi&quot;.</translation>
    </message>
    <message>
        <source>Licence file in use</source>
        <translation>Berkas lisensi sedang dipakai</translation>
    </message>
    <message>
        <source>Another program (often an antivirus scan) is holding a licence file, so it cannot be read right now. Nothing was changed.</source>
        <translation>Program lain (sering kali pemindaian antivirus) sedang memakai berkas lisensi, sehingga berkas itu belum bisa dibaca sekarang. Tidak ada yang diubah.</translation>
    </message>
    <message>
        <source>Wait a minute and press Check again. If it stays, restart the computer; &quot;Diagnose&quot; names the file.</source>
        <translation>Tunggu sebentar lalu tekan Cek Lagi. Jika tetap begini, nyalakan ulang komputer; &quot;Diagnostik&quot; menyebutkan nama berkasnya.</translation>
    </message>
    <message>
        <source>Licence active (offline, valid until %1)</source>
        <translation>Lisensi aktif (offline, berlaku sampai %1)</translation>
    </message>
    <message numerus="yes">
        <source>The offline activation ends in %n days.</source>
        <translation>
            <numerusform>Aktivasi offline berakhir dalam %n hari.</numerusform>
        </translation>
    </message>
    <message>
        <source>Renew it: open &quot;Offline activation&quot;, send the request to your vendor and apply the answer. With internet, the heartbeat renews it by itself.</source>
        <translation>Perpanjang: buka &quot;Aktivasi offline&quot;, kirim permintaan ke vendor, lalu terapkan jawabannya. Jika ada internet, heartbeat memperpanjangnya sendiri.</translation>
    </message>
    <message>
        <source>The offline activation has ended: only read &amp; report are available.</source>
        <translation>Aktivasi offline sudah berakhir: hanya baca &amp; laporan yang tersedia.</translation>
    </message>
    <message>
        <source>Renew it with &quot;Offline activation&quot; (a new request to your vendor), or connect this server to the internet.</source>
        <translation>Perpanjang dengan &quot;Aktivasi offline&quot; (permintaan baru ke vendor), atau hubungkan server ini ke internet.</translation>
    </message>
    <message>
        <source>The vendor&apos;s public key on this computer is missing, has been changed or is not a key HotelHub can use.</source>
        <translation>Kunci publik vendor di komputer ini hilang, telah diubah, atau bukan kunci yang dapat dipakai HotelHub.</translation>
    </message>
    <message>
        <source>Reinstall HotelHub, or, if you host the licence server yourself, fix LICENSE_PUBLIC_KEY_PATH and LICENSE_PUBLIC_KEY_HASH in the settings file. If it stays, send the diagnostic (&quot;Diagnose&quot;) to HotelHub support.</source>
        <translation>Pasang ulang HotelHub, atau, jika Anda menjalankan server lisensi sendiri, perbaiki LICENSE_PUBLIC_KEY_PATH dan LICENSE_PUBLIC_KEY_HASH di berkas pengaturan. Jika masih terjadi, kirimkan hasil diagnostik (&quot;Diagnostik&quot;) ke tim dukungan HotelHub.</translation>
    </message>
    <message>
        <source>all features available</source>
        <translation>semua fitur tersedia</translation>
    </message>
    <message>
        <source>read &amp; report only</source>
        <translation>hanya baca &amp; laporan</translation>
    </message>
    <message>
        <source>HotelHub locked</source>
        <translation>HotelHub terkunci</translation>
    </message>
    <message>
        <source>not set up yet</source>
        <translation>belum disiapkan</translation>
    </message>
    <message>
        <source>%1; %2 (code: %3)</source>
        <translation>%1; %2 (kode: %3)</translation>
    </message>
    <message>
        <source>%1 (code: %2)</source>
        <translation>%1 (kode: %2)</translation>
    </message>
    <message>
        <source>First unlock this computer&apos;s password store (sign in to the desktop, or enter the keyring password when asked): until then the licence cannot be read or renewed.</source>
        <translation>Buka dulu penyimpanan kata sandi komputer ini (masuk ke desktop, atau ketik kata sandi keyring saat diminta): sebelum itu lisensi tidak bisa dibaca atau diperpanjang.</translation>
    </message>
    <message>
        <source>Licence moved to another computer</source>
        <translation>Lisensi dipindahkan ke komputer lain</translation>
    </message>
    <message>
        <source>The vendor says this licence now belongs to another installation: it was moved there.</source>
        <translation>Menurut vendor, lisensi ini sekarang milik instalasi lain: lisensi sudah dipindahkan ke sana.</translation>
    </message>
    <message>
        <source>If this computer should keep the licence, move it back here (it uses one of the year&apos;s moves). If nobody here moved it, contact the vendor.</source>
        <translation>Jika komputer ini yang seharusnya memakai lisensi, pindahkan kembali ke sini (memakai satu jatah pindah tahun ini). Jika tidak ada yang memindahkannya dari sini, hubungi vendor.</translation>
    </message>
    <message>
        <source>Licence settings file missing</source>
        <translation>Berkas pengaturan lisensi hilang</translation>
    </message>
    <message>
        <source>The settings file (hotelhub.env) is gone, and the stored licence token cannot be checked without the licence server&apos;s key it named.</source>
        <translation>Berkas pengaturan (hotelhub.env) hilang, dan token lisensi yang tersimpan tidak bisa diperiksa tanpa kunci server lisensi yang disebut di dalamnya.</translation>
    </message>
    <message>
        <source>Restore hotelhub.env from a backup, then press Check again; pairing again is not needed. &quot;Diagnose&quot; names the file.</source>
        <translation>Pulihkan hotelhub.env dari cadangan, lalu tekan Cek Lagi; tidak perlu pasangkan ulang. &quot;Diagnostik&quot; menyebutkan nama berkasnya.</translation>
    </message>
    <message>
        <source>The licence&apos;s end date in the settings file (LICENSE_EXPIRY) has passed. Contact the vendor to renew it.</source>
        <translation>Tanggal berakhir lisensi di berkas pengaturan (LICENSE_EXPIRY) sudah lewat. Hubungi vendor untuk memperpanjangnya.</translation>
    </message>
    <message>
        <source>After renewing, put the new end date the vendor gives you in LICENSE_EXPIRY in the settings file (written as 2027-12-31), save it, then press Check again.</source>
        <translation>Setelah diperpanjang, tulis tanggal berakhir baru dari vendor di LICENSE_EXPIRY dalam berkas pengaturan (ditulis seperti 2027-12-31), simpan, lalu tekan Cek Lagi.</translation>
    </message>
    <message>
        <source>Press Check again in the licence monitor: it names the line of the settings file to correct. Correct it and check again, or contact support.</source>
        <translation>Tekan Cek Lagi di pemantau lisensi: baris berkas pengaturan yang perlu diperbaiki akan disebutkan. Perbaiki baris itu, lalu periksa lagi, atau hubungi tim dukungan.</translation>
    </message>
    <message>
        <source>A licence setting in the settings file cannot be read (LICENSE_API_URL, LICENSE_EXPIRY, MAX_OFFLINE_DAYS, LICENSE_SHEET_FORMAT or LICENSE_KEY_HASH).</source>
        <translation>Ada pengaturan lisensi di berkas pengaturan yang tidak bisa dibaca (LICENSE_API_URL, LICENSE_EXPIRY, MAX_OFFLINE_DAYS, LICENSE_SHEET_FORMAT atau LICENSE_KEY_HASH).</translation>
    </message>
</context>
<context>
    <name>SupportContact</name>
    <message>
        <source>Phone/WhatsApp: %1</source>
        <translation>Telepon/WhatsApp: %1</translation>
    </message>
    <message>
        <source>E-mail: %1</source>
        <translation>E-mail: %1</translation>
    </message>
    <message>
        <source>Your vendor&apos;s phone and e-mail are in your purchase e-mail.</source>
        <translation>Telepon dan e-mail vendor Anda ada di e-mail pembelian.</translation>
    </message>
</context>
<context>
    <name>TaxPage</name>
    <message>
        <source>Taxes</source>
        <translation>Pajak</translation>
    </message>
    <message>
        <source>How room prices are taxed. These settings can be changed later in the panel.</source>
        <translation>Cara harga kamar dikenai pajak. Pengaturan ini dapat diubah nanti di panel.</translation>
    </message>
    <message>
        <source>&amp;Hotel tax (PBJT/PB1):</source>
        <translation>&amp;Pajak hotel (PBJT/PB1):</translation>
    </message>
    <message>
        <source>Hotel tax is PBJT for hotel services under UU 1/2022 (HKPD). Each regency or city sets it by regional regulation, at most 10 % (Jakarta: 10 %). The suggestion comes from the region code.</source>
        <translation>Pajak hotel adalah PBJT atas Jasa Perhotelan menurut UU 1/2022 (HKPD). Setiap kabupaten atau kota menetapkannya dengan Perda, paling tinggi 10 % (Jakarta: 10 %). Sarannya diambil dari kode wilayah.</translation>
    </message>
    <message>
        <source>&amp;Service charge:</source>
        <translation>Biaya la&amp;yanan (service charge):</translation>
    </message>
    <message>
        <source>The business is a &amp;PKP (registered for VAT)</source>
        <translation>&amp;Usaha ini PKP (Pengusaha Kena Pajak)</translation>
    </message>
    <message>
        <source>Room services are a regional-tax object, not subject to PPN; PPN applies only to a PKP&apos;s other supplies: 12 % on a tax base of 11/12 of the price (effectively 11 %) since 2025. PKP registration is mandatory above Rp4.8 billion yearly turnover.</source>
        <translation>Jasa kamar adalah objek pajak daerah, bukan objek PPN; PPN hanya berlaku untuk penyerahan lain oleh PKP: 12 % atas DPP 11/12 dari harga (efektif 11 %) sejak 2025. Pengukuhan PKP wajib bila omzet di atas Rp4,8 miliar setahun.</translation>
    </message>
    <message>
        <source>NP&amp;WP:</source>
        <translation>&amp;NPWP:</translation>
    </message>
    <message>
        <source>Issue &amp;e-Faktur through Coretax</source>
        <translation>Terbitkan &amp;e-Faktur melalui Coretax</translation>
    </message>
    <message>
        <source>NS&amp;FP series:</source>
        <translation>&amp;Seri NSFP:</translation>
    </message>
</context>
<context>
    <name>TaxRules</name>
    <message>
        <source>The hotel tax (PBJT/PB1) is at most 10 % (UU 1/2022); your regency or city sets the exact rate.</source>
        <translation>Pajak hotel (PBJT/PB1) paling tinggi 10 % (UU 1/2022); tarif pastinya ditetapkan kabupaten atau kota Anda.</translation>
    </message>
    <message>
        <source>The service charge must be between 0 and 20 %.</source>
        <translation>Biaya layanan harus antara 0 dan 20 %.</translation>
    </message>
</context>
<context>
    <name>TlsFiles</name>
    <message>
        <source>Cannot use the TLS certificate: %1. Give --tls-cert the certificate file in PEM form.</source>
        <translation>Sertifikat TLS tidak dapat dipakai: %1. Berikan berkas sertifikat dalam bentuk PEM pada --tls-cert.</translation>
    </message>
    <message>
        <source>Cannot use the TLS key: %1. Give --tls-key the private key file in PEM form.</source>
        <translation>Kunci TLS tidak dapat dipakai: %1. Berikan berkas kunci privat dalam bentuk PEM pada --tls-key.</translation>
    </message>
    <message>
        <source>--tls-cert %1 holds a private key and --tls-key %2 a certificate: the two are swapped. Give the certificate to --tls-cert and the key to --tls-key.</source>
        <translation>--tls-cert %1 berisi kunci privat dan --tls-key %2 berisi sertifikat: keduanya tertukar. Berikan sertifikat pada --tls-cert dan kunci pada --tls-key.</translation>
    </message>
    <message>
        <source>--tls-cert %1 holds a private key, not a certificate. Give --tls-cert the certificate file (its first line is -----BEGIN CERTIFICATE-----) and the key to --tls-key.</source>
        <translation>--tls-cert %1 berisi kunci privat, bukan sertifikat. Berikan berkas sertifikat pada --tls-cert (baris pertamanya -----BEGIN CERTIFICATE-----) dan kuncinya pada --tls-key.</translation>
    </message>
    <message>
        <source>The TLS certificate %1 is in DER form; the server reads PEM. Convert it with: openssl x509 -inform der -in %1 -out server.pem, and give server.pem to --tls-cert.</source>
        <translation>Sertifikat TLS %1 berbentuk DER; server membaca PEM. Ubah dengan: openssl x509 -inform der -in %1 -out server.pem, lalu berikan server.pem pada --tls-cert.</translation>
    </message>
    <message>
        <source>The TLS certificate %1 holds no certificate in PEM form (a block from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----). Give --tls-cert the certificate file your certificate authority issued, with its chain after it.</source>
        <translation>Sertifikat TLS %1 tidak berisi sertifikat dalam bentuk PEM (blok dari -----BEGIN CERTIFICATE----- sampai -----END CERTIFICATE-----). Berikan pada --tls-cert berkas sertifikat yang diterbitkan otoritas sertifikat Anda, dengan rantainya di belakangnya.</translation>
    </message>
    <message>
        <source>The TLS key %1 is protected by a passphrase, which the server cannot ask for when it starts. Write a copy without it, readable by the server&apos;s user only: openssl pkey -in %1 -out tls.key, then chmod 600 tls.key, and give tls.key to --tls-key.</source>
        <translation>Kunci TLS %1 dilindungi frasa sandi, yang tidak bisa diminta server saat mulai. Tulis salinan tanpa frasa sandi, yang hanya bisa dibaca pengguna server: openssl pkey -in %1 -out tls.key, lalu chmod 600 tls.key, dan berikan tls.key pada --tls-key.</translation>
    </message>
    <message>
        <source>--tls-key %1 holds a certificate, not a private key. Give --tls-key the key the certificate was requested with (its first line ends in PRIVATE KEY-----).</source>
        <translation>--tls-key %1 berisi sertifikat, bukan kunci privat. Berikan pada --tls-key kunci yang dipakai saat sertifikat itu diminta (baris pertamanya berakhir dengan PRIVATE KEY-----).</translation>
    </message>
    <message>
        <source>The TLS key %1 is in DER form; the server reads PEM. Convert it with: openssl pkey -inform der -in %1 -out tls.key, and give tls.key to --tls-key.</source>
        <translation>Kunci TLS %1 berbentuk DER; server membaca PEM. Ubah dengan: openssl pkey -inform der -in %1 -out tls.key, lalu berikan tls.key pada --tls-key.</translation>
    </message>
    <message>
        <source>The TLS key %1 holds no private key in PEM form (a block from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----). Give --tls-key the key the certificate was requested with.</source>
        <translation>Kunci TLS %1 tidak berisi kunci privat dalam bentuk PEM (blok dari -----BEGIN PRIVATE KEY----- sampai -----END PRIVATE KEY-----). Berikan pada --tls-key kunci yang dipakai saat sertifikat itu diminta.</translation>
    </message>
    <message>
        <source>The TLS key %1 does not belong to the certificate %2 (the first certificate in that file is the server&apos;s). Give the key the certificate was requested with, or the certificate issued for this key.</source>
        <translation>Kunci TLS %1 bukan pasangan sertifikat %2 (sertifikat pertama di berkas itu adalah milik server). Berikan kunci yang dipakai saat sertifikat itu diminta, atau sertifikat yang diterbitkan untuk kunci ini.</translation>
    </message>
    <message>
        <source>The TLS certificate %1 expired on %2: hotels refuse to connect (they keep their grace) until it is renewed. Renew it, then restart the server.</source>
        <translation>Sertifikat TLS %1 kedaluwarsa pada %2: hotel menolak terhubung (masa tenggang mereka tetap berjalan) sampai sertifikat diperbarui. Perbarui, lalu jalankan ulang server.</translation>
    </message>
    <message>
        <source>The TLS certificate %1 is valid only from %2: hotels refuse to connect until then. Check this machine&apos;s clock, or use a certificate that is valid now.</source>
        <translation>Sertifikat TLS %1 baru berlaku mulai %2: hotel menolak terhubung sampai saat itu. Periksa jam mesin ini, atau pakai sertifikat yang berlaku sekarang.</translation>
    </message>
    <message>
        <source>The TLS certificate file %1 holds %2 certificates, but only the first %3 can be read: the chain after them is cut or damaged. Copy the chain again from your certificate authority (the server&apos;s certificate first, then the ones that signed it).</source>
        <translation>Berkas sertifikat TLS %1 berisi %2 sertifikat, tetapi hanya %3 yang pertama bisa dibaca: rantai sesudahnya terpotong atau rusak. Salin lagi rantainya dari otoritas sertifikat Anda (sertifikat server dulu, lalu yang menandatanganinya).</translation>
    </message>
    <message>
        <source>The TLS key %1 belongs to certificate %2 in %3, but the server&apos;s certificate must come first in that file, then the ones that signed it. Put them in that order.</source>
        <translation>Kunci TLS %1 adalah pasangan sertifikat ke-%2 di %3, padahal sertifikat server harus ada paling depan di berkas itu, lalu yang menandatanganinya. Susun dengan urutan itu.</translation>
    </message>
    <message>
        <source>The TLS certificate %1 is a certificate request (CSR), which is sent to the certificate authority; give --tls-cert the certificate the authority issued for it, with its chain after it.</source>
        <translation>Sertifikat TLS %1 adalah permintaan sertifikat (CSR), yang dikirim ke otoritas sertifikat; berikan ke --tls-cert sertifikat yang diterbitkan otoritas itu untuknya, dengan rantainya sesudahnya.</translation>
    </message>
    <message>
        <source>--tls-key %1 holds a certificate request (CSR), not a private key. Give --tls-key the key the request was made with (its first line ends in PRIVATE KEY-----).</source>
        <translation>--tls-key %1 berisi permintaan sertifikat (CSR), bukan kunci privat. Berikan ke --tls-key kunci yang dipakai untuk membuat permintaan itu (baris pertamanya berakhir dengan PRIVATE KEY-----).</translation>
    </message>
    <message>
        <source>The first certificate in %1 is cut or damaged: its -----BEGIN CERTIFICATE----- line is there, but what follows is not a whole certificate. Copy the certificate again from your certificate authority, with its chain after it, and give it to --tls-cert.</source>
        <translation>Sertifikat pertama di %1 terpotong atau rusak: baris -----BEGIN CERTIFICATE----- ada, tetapi isi sesudahnya bukan sertifikat yang utuh. Salin lagi sertifikat dari otoritas sertifikat Anda, dengan rantainya sesudahnya, lalu berikan ke --tls-cert.</translation>
    </message>
    <message>
        <source>--tls-key %1 holds a public key, which anyone may have; the server needs the private key that goes with it. Give --tls-key the key the certificate was requested with (its first line ends in PRIVATE KEY-----).</source>
        <translation>--tls-key %1 berisi kunci publik, yang boleh dimiliki siapa saja; server memerlukan kunci privat pasangannya. Berikan ke --tls-key kunci yang dipakai saat sertifikat diminta (baris pertamanya berakhir dengan PRIVATE KEY-----).</translation>
    </message>
    <message>
        <source>The private key in %1 is cut or damaged: its first line is there, but what follows is not a whole key. Copy the key file again from where the certificate was requested, and give it to --tls-key.</source>
        <translation>Kunci privat di %1 terpotong atau rusak: baris pertamanya ada, tetapi isi sesudahnya bukan kunci yang utuh. Salin lagi berkas kunci dari tempat sertifikat diminta, lalu berikan ke --tls-key.</translation>
    </message>
    <message>
        <source>--tls-cert %1 holds a public key, not a certificate. Give --tls-cert the certificate your certificate authority issued (its first line is -----BEGIN CERTIFICATE-----), with its chain after it.</source>
        <translation>--tls-cert %1 berisi kunci publik, bukan sertifikat. Berikan ke --tls-cert sertifikat yang diterbitkan otoritas sertifikat Anda (baris pertamanya -----BEGIN CERTIFICATE-----), beserta rantainya sesudahnya.</translation>
    </message>
</context>
<context>
    <name>VendorClient</name>
    <message>
        <source>an intermediary answered %1 (not the licence server&apos;s reply)</source>
        <translation>perantara menjawab %1 (bukan jawaban server lisensi)</translation>
    </message>
    <message>
        <source>HTTP %1 without a JSON error body</source>
        <translation>HTTP %1 tanpa isi galat JSON</translation>
    </message>
</context>
<context>
    <name>VendorDatabase</name>
    <message>
        <source>--db sqlite: needs a file path, for example sqlite:/var/lib/hotelhub/vendor.sqlite</source>
        <translation>--db sqlite: memerlukan path file, misalnya sqlite:/var/lib/hotelhub/vendor.sqlite</translation>
    </message>
    <message>
        <source>--db must be sqlite:PATH or postgresql://user@host:port/dbname</source>
        <translation>--db harus berupa sqlite:PATH atau postgresql://user@host:port/dbname</translation>
    </message>
    <message>
        <source>%1 is not a SQLite database; it was left untouched.</source>
        <translation>%1 bukan database SQLite; file tersebut tidak diubah.</translation>
    </message>
    <message>
        <source>Cannot start the schema transaction on %1: %2</source>
        <translation>Transaksi skema pada %1 tidak bisa dimulai: %2</translation>
    </message>
    <message>
        <source>The vendor database %1 has schema %2, newer than this server (%3). Update the server.</source>
        <translation>Database vendor %1 memakai skema %2, lebih baru dari server ini (%3). Perbarui server.</translation>
    </message>
    <message>
        <source>Migrating the vendor database %1 to schema %2 failed: %3</source>
        <translation>Migrasi database vendor %1 ke skema %2 gagal: %3</translation>
    </message>
    <message>
        <source>Cannot commit the schema of %1: %2</source>
        <translation>Skema %1 tidak bisa disimpan: %2</translation>
    </message>
    <message>
        <source>The vendor database %1 is damaged (%2). It was left untouched: restore it from a backup, or recover it with the sqlite3 tool&apos;s .recover command.</source>
        <translation>Database vendor %1 rusak (%2). File tidak diubah: pulihkan dari cadangan, atau perbaiki dengan perintah .recover milik alat sqlite3.</translation>
    </message>
    <message>
        <source>The vendor database %1 is empty (0 bytes); it was left untouched. Restore it from a backup, or remove it to start a new, empty licence store.</source>
        <translation>Database vendor %1 kosong (0 byte); file tidak diubah. Pulihkan dari cadangan, atau hapus file itu untuk memulai penyimpanan lisensi baru yang kosong.</translation>
    </message>
    <message>
        <source>The vendor database %1 has schema %2 and this server needs %3; a read-only store cannot be upgraded. Start without --read-only.</source>
        <translation>Database vendor %1 memakai skema %2 dan server ini memerlukan %3; penyimpanan hanya-baca tidak bisa ditingkatkan. Jalankan tanpa --read-only.</translation>
    </message>
    <message>
        <source>The disk that holds the vendor database is full: free space on it; serving recovers by itself.</source>
        <translation>Disk tempat database vendor penuh: kosongkan ruang di disk itu; layanan pulih dengan sendirinya.</translation>
    </message>
    <message>
        <source>The vendor database or its folder cannot be written (a read-only file system or mount, or its owner or mode changed): make both writable for the server&apos;s user; serving recovers by itself.</source>
        <translation>Database vendor atau foldernya tidak dapat ditulisi (sistem berkas atau mount hanya-baca, atau pemilik atau izinnya berubah): buat keduanya dapat ditulisi oleh pengguna server; layanan pulih dengan sendirinya.</translation>
    </message>
    <message>
        <source>The vendor database file cannot be opened (moved, deleted, or its folder&apos;s rights changed): put it back where the server was started with it.</source>
        <translation>Berkas database vendor tidak dapat dibuka (dipindah, dihapus, atau hak foldernya berubah): kembalikan ke tempat saat server dijalankan.</translation>
    </message>
    <message>
        <source>The disk reported an error: check it (the system log, dmesg) and its free space.</source>
        <translation>Disk melaporkan kesalahan: periksa disknya (log sistem, dmesg) dan ruang kosongnya.</translation>
    </message>
    <message>
        <source>The vendor database takes writes again.</source>
        <translation>Database vendor menerima penulisan lagi.</translation>
    </message>
    <message>
        <source>DATABASE REFUSES WRITES (SQLite error %1: %2). Hotels get 503 and keep their grace.</source>
        <translation>DATABASE MENOLAK PENULISAN (galat SQLite %1: %2). Hotel mendapat 503 dan tetap dalam masa tenggangnya.</translation>
    </message>
    <message>
        <source>The folder %1 for the vendor database does not exist: create it, or give --db a path in an existing folder.</source>
        <translation>Folder %1 untuk database vendor tidak ada: buat folder itu, atau beri --db jalur di folder yang sudah ada.</translation>
    </message>
    <message>
        <source>DATABASE LOG DELETED: %1 was deleted while serving. No new connection is opened on the store (a new, empty log would overwrite it); writes answer 503. Stop the server: on stop, what the deleted log holds is written back into the store. Then start it again.</source>
        <translation>LOG DATABASE TERHAPUS: %1 dihapus saat server berjalan. Tidak ada koneksi baru yang dibuka ke basis data (log baru yang kosong akan menimpanya); penulisan dijawab 503. Hentikan server: saat berhenti, isi log yang terhapus itu ditulis kembali ke basis data. Lalu jalankan lagi.</translation>
    </message>
    <message>
        <source>reach</source>
        <translation>menjangkau</translation>
    </message>
    <message>
        <source>create files in</source>
        <translation>membuat berkas di</translation>
    </message>
    <message>
        <source>Cannot open the vendor database %1: this user may not %2 it (its permissions). Let the server&apos;s user read and write the file, or run the server as its owner.</source>
        <translation>Database vendor %1 tidak bisa dibuka: pengguna ini tidak boleh %2 berkasnya (izin aksesnya). Izinkan pengguna server membaca dan menulis berkas itu, atau jalankan server sebagai pemiliknya.</translation>
    </message>
    <message>
        <source>write</source>
        <translation>menulis</translation>
    </message>
    <message>
        <source>read</source>
        <translation>membaca</translation>
    </message>
    <message>
        <source>Cannot open the vendor database %1: %2. Check that this user may read and write the file and its folder, and that the disk is sound and has room.</source>
        <translation>Database vendor %1 tidak bisa dibuka: %2. Periksa bahwa pengguna ini boleh membaca dan menulis berkas dan foldernya, dan bahwa disknya sehat dan masih ada ruang.</translation>
    </message>
    <message>
        <source>Cannot open the vendor database %1: %2. Check that PostgreSQL runs and accepts this user: the address, port, database name and password in --db.</source>
        <translation>Database vendor %1 tidak bisa dibuka: %2. Periksa bahwa PostgreSQL berjalan dan menerima pengguna ini: alamat, port, nama database, dan kata sandi di --db.</translation>
    </message>
    <message>
        <source>Cannot open the vendor database %1: this user may not %2 the folder %3 (its permissions; the store keeps its log beside it). Let the server&apos;s user read and write that folder, or run the server as its owner.</source>
        <translation>Database vendor %1 tidak bisa dibuka: pengguna ini tidak boleh %2 folder %3 (izin aksesnya; database menyimpan log-nya di sampingnya). Izinkan pengguna server membaca dan menulis folder itu, atau jalankan server sebagai pemiliknya.</translation>
    </message>
    <message>
        <source>Nothing was created.</source>
        <translation>Tidak ada yang dibuat.</translation>
    </message>
    <message>
        <source>Cannot open the vendor database %1: this user may not %2 %3 (its permissions), the store&apos;s log, which another user&apos;s run may have left. Let the server&apos;s user read and write it, or run the server as its owner.</source>
        <translation>Database vendor %1 tidak bisa dibuka: pengguna ini tidak boleh %2 %3 (izin aksesnya), log database yang mungkin ditinggalkan oleh pengguna lain. Izinkan pengguna server membaca dan menulisnya, atau jalankan server sebagai pemiliknya.</translation>
    </message>
    <message>
        <source>To serve it for reading only, or to list or show its licences, add --read-only.</source>
        <translation>Untuk melayaninya hanya-baca, atau untuk menampilkan daftar atau rincian lisensinya, tambahkan --read-only.</translation>
    </message>
    <message>
        <source>The vendor database %1 is missing, but its log %2 is there: the store was moved or deleted while a server was running. Put the store back at its path (the log holds changes not yet in it); nothing was changed.</source>
        <translation>Database vendor %1 tidak ada, tetapi log-nya %2 masih ada: database dipindahkan atau dihapus saat server berjalan. Kembalikan database ke jalurnya (log itu memuat perubahan yang belum masuk ke database); tidak ada yang diubah.</translation>
    </message>
    <message>
        <source>There is no vendor database at %1. Check the path given to --db; a new, empty store is made only by serve and license create.</source>
        <translation>Tidak ada database vendor di %1. Periksa jalur yang diberikan ke --db; database baru yang kosong hanya dibuat oleh serve dan license create.</translation>
    </message>
    <message>
        <source>Cannot open the vendor database %1: this user may not %2 %3 (its permissions), the store&apos;s shared-memory index, which another user&apos;s run may have left. Let the server&apos;s user read and write it, or run the server as its owner.</source>
        <translation>Database vendor %1 tidak bisa dibuka: pengguna ini tidak boleh %2 %3 (izin aksesnya), indeks memori bersama database yang mungkin ditinggalkan oleh pengguna lain. Izinkan pengguna server membaca dan menulisnya, atau jalankan server sebagai pemiliknya.</translation>
    </message>
    <message>
        <source>The disk that holds %1 is full: free space there, then run the command again. Nothing was created.</source>
        <translation>Disk yang memuat %1 penuh: kosongkan ruang di sana, lalu jalankan perintahnya lagi. Tidak ada yang dibuat.</translation>
    </message>
    <message>
        <source>The disk that holds the vendor database %1 is full: free space there, then run the command again. The store was left untouched.</source>
        <translation>Disk yang memuat database vendor %1 penuh: kosongkan ruang di sana, lalu jalankan perintahnya lagi. Database tidak diubah.</translation>
    </message>
    <message>
        <source>The vendor database %1 could not be checked (%2). It was left untouched: check the disk (the system log) and its free space, and that this user may read and write the file and its folder, then run the command again.</source>
        <translation>Database vendor %1 tidak dapat diperiksa (%2). Database tidak diubah: periksa disknya (log sistem) dan sisa ruangnya, serta bahwa pengguna ini boleh membaca dan menulis berkas dan foldernya, lalu jalankan perintahnya lagi.</translation>
    </message>
    <message>
        <source>%1 is a folder, not a vendor database file: give --db the path of the store&apos;s file, for example sqlite:%2.</source>
        <translation>%1 adalah folder, bukan berkas database vendor: berikan --db jalur berkas databasenya, misalnya sqlite:%2.</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder, so the vendor database %2 cannot be there: check the path given to --db.</source>
        <translation>%1 adalah berkas, bukan folder, jadi database vendor %2 tidak mungkin ada di sana: periksa jalur yang diberikan ke --db.</translation>
    </message>
    <message>
        <source>Cannot change the vendor database %1: the disk that holds it is mounted read-only. Mount it read-write (or move the store to a disk that is), then run the command again.</source>
        <translation>Database vendor %1 tidak dapat diubah: disk yang memuatnya dipasang hanya-baca. Pasang ulang disk itu agar dapat ditulis (atau pindahkan database ke disk yang dapat ditulis), lalu jalankan perintahnya lagi.</translation>
    </message>
    <message>
        <source>Cannot start the schema transaction on %1: %2. Another program holds the store (a second server, a backup, the sqlite3 tool): let it finish or stop it, then run the command again.</source>
        <translation>Transaksi skema pada %1 tidak dapat dimulai: %2. Program lain sedang memegang database (server kedua, pencadangan, alat sqlite3): tunggu sampai selesai atau hentikan, lalu jalankan perintahnya lagi.</translation>
    </message>
    <message>
        <source>Cannot open the vendor database %1: the disk that holds it is mounted read-only. Mount it read-write (or move the store to a disk that is), or read it as it is with --read-only.</source>
        <translation>Database vendor %1 tidak bisa dibuka: disk yang memuatnya dipasang hanya-baca. Pasang ulang disk itu agar dapat ditulis (atau pindahkan database ke disk yang dapat ditulis), atau baca apa adanya dengan --read-only.</translation>
    </message>
    <message>
        <source>--db sqlite::memory: keeps nothing: every licence would be lost when the command ends. Give the store&apos;s file, for example sqlite:/var/lib/hotelhub/vendor.sqlite</source>
        <translation>--db sqlite::memory: tidak menyimpan apa pun: setiap lisensi akan hilang begitu perintah selesai. Berikan berkas penyimpanannya, misalnya sqlite:/var/lib/hotelhub/vendor.sqlite</translation>
    </message>
    <message>
        <source>--db: the URL option &quot;%1&quot; cannot be handed to PostgreSQL; take it out of the URL.</source>
        <translation>--db: opsi URL &quot;%1&quot; tidak dapat diteruskan ke PostgreSQL; hapus opsi itu dari URL.</translation>
    </message>
    <message>
        <source>--db takes sqlite:PATH: for this file, give sqlite:%1</source>
        <translation>--db memerlukan sqlite:PATH: untuk berkas ini, berikan sqlite:%1</translation>
    </message>
    <message>
        <source>--db takes sqlite:PATH or postgresql://user@host:port/dbname, not %1: (the vendor server keeps its store in SQLite or PostgreSQL only).</source>
        <translation>--db memerlukan sqlite:PATH atau postgresql://user@host:port/dbname, bukan %1: (server vendor hanya menyimpan datanya di SQLite atau PostgreSQL).</translation>
    </message>
    <message>
        <source>the user name or password holds a character that ends that part of a URL; write it encoded: # as %23, / as %2F, ? as %3F, @ as %40, : as %3A.</source>
        <translation>nama pengguna atau kata sandinya memuat karakter yang mengakhiri bagian itu dalam URL; tuliskan dalam bentuk kode: # sebagai %23, / sebagai %2F, ? sebagai %3F, @ sebagai %40, : sebagai %3A.</translation>
    </message>
    <message>
        <source>it names no host (…@db.example.com…).</source>
        <translation>URL itu tidak menyebut host (…@db.example.com…).</translation>
    </message>
    <message>
        <source>the port &quot;%1&quot; is not a number from 1 to 65535 (PostgreSQL&apos;s is 5432; leave it out for that).</source>
        <translation>port &quot;%1&quot; bukan angka 1 sampai 65535 (port PostgreSQL adalah 5432; untuk itu hilangkan saja portnya).</translation>
    </message>
    <message>
        <source>the host &quot;%1&quot; is not a name or an address.</source>
        <translation>host &quot;%1&quot; bukan nama atau alamat.</translation>
    </message>
    <message>
        <source>it names no database: end it with /dbname.</source>
        <translation>URL itu tidak menyebut database: akhiri dengan /namadatabase.</translation>
    </message>
    <message>
        <source>--db %1 is not a PostgreSQL URL of the form postgresql://user@host:port/dbname: %2</source>
        <translation>--db %1 bukan URL PostgreSQL berbentuk postgresql://user@host:port/dbname: %2</translation>
    </message>
    <message>
        <source>it has no &quot;@&quot; before the host, so what follows the &quot;:&quot; would be a port: write postgresql://user:password@host/dbname (a port, when given, is a number from 1 to 65535).</source>
        <translation>tidak ada &quot;@&quot; sebelum host, sehingga yang mengikuti &quot;:&quot; akan dibaca sebagai port: tulis postgresql://pengguna:kata-sandi@host/namadb (port, bila diberikan, berupa angka 1 sampai 65535).</translation>
    </message>
    <message>
        <source>an IPv6 address goes in brackets, as in postgresql://user@[::1]:5432/dbname.</source>
        <translation>alamat IPv6 ditulis di dalam kurung siku, seperti postgresql://user@[::1]:5432/dbname.</translation>
    </message>
    <message>
        <source>--db: the database name holds a &quot;#&quot;, which ends a URL; write it as %23.</source>
        <translation>--db: nama database memuat &quot;#&quot;, yang mengakhiri URL; tulis sebagai %23.</translation>
    </message>
    <message>
        <source>--db: the user name, password, database name or an option holds a control character (such as %00 or %0A), which PostgreSQL cannot take; leave it out.</source>
        <translation>--db: nama pengguna, kata sandi, nama database atau salah satu opsi memuat karakter kendali (seperti %00 atau %0A), yang tidak dapat diterima PostgreSQL; hapus karakter itu.</translation>
    </message>
</context>
<context>
    <name>VendorErrors</name>
    <message>
        <source>The next move is possible from %1.</source>
        <translation>Pemindahan berikutnya dapat dilakukan mulai %1.</translation>
    </message>
    <message>
        <source>Call or WhatsApp %1, or e-mail %2.</source>
        <translation>Telepon atau WhatsApp %1, atau email %2.</translation>
    </message>
    <message>
        <source>Contact the vendor: %1.</source>
        <translation>Hubungi vendor: %1.</translation>
    </message>
    <message>
        <source>Contact your HotelHub vendor.</source>
        <translation>Hubungi vendor HotelHub Anda.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Selesai.</translation>
    </message>
    <message>
        <source>The licence key is not recognised. Check the format or contact sales.</source>
        <translation>Lisensi tidak dikenali. Periksa format atau hubungi sales.</translation>
    </message>
    <message>
        <source>Compare the key with your purchase e-mail (format HMS-XXXXX-XXXXX-XXXXX-XXXXX) and type it again.</source>
        <translation>Cocokkan kunci dengan email pembelian Anda (format HMS-XXXXX-XXXXX-XXXXX-XXXXX) lalu ketik ulang.</translation>
    </message>
    <message>
        <source>This licence is already installed on another device. To move servers, use the &apos;Move installation&apos; menu in the vendor portal.</source>
        <translation>Lisensi sudah terpasang di perangkat lain. Untuk pindah server, gunakan menu &apos;Pindah Instalasi&apos; di portal vendor.</translation>
    </message>
    <message>
        <source>If this computer replaces the old one, run the move-installation flow (hotelhub-setup --migrate).</source>
        <translation>Jika komputer ini menggantikan yang lama, jalankan alur pindah instalasi (hotelhub-setup --migrate).</translation>
    </message>
    <message>
        <source>The licence has expired. Contact sales to renew.</source>
        <translation>Lisensi sudah kedaluwarsa. Hubungi sales untuk perpanjangan.</translation>
    </message>
    <message>
        <source>The licence is no longer active. Contact the administrator.</source>
        <translation>Lisensi tidak aktif. Hubungi admin.</translation>
    </message>
    <message>
        <source>The licence is suspended by the vendor (usually an unpaid invoice).</source>
        <translation>Lisensi ditangguhkan oleh vendor (biasanya karena tagihan belum dibayar).</translation>
    </message>
    <message>
        <source>%1 Once the vendor resumes the licence, choose &apos;Check again&apos;; nothing needs reinstalling.</source>
        <translation>%1 Setelah vendor mengaktifkan kembali lisensi, pilih &apos;Cek Lagi&apos;; tidak perlu instal ulang.</translation>
    </message>
    <message>
        <source>The licence is now bound to another installation (the hardware or the data folder changed, or it was moved).</source>
        <translation>Lisensi sekarang terikat ke instalasi lain (perangkat keras atau folder data berubah, atau lisensi dipindahkan).</translation>
    </message>
    <message>
        <source>This licence has been moved too often this year (at most 2 moves in 365 days).</source>
        <translation>Lisensi ini terlalu sering dipindahkan tahun ini (paling banyak 2 kali dalam 365 hari).</translation>
    </message>
    <message>
        <source>Contact the vendor to approve another move. %1</source>
        <translation>Hubungi vendor untuk menyetujui pemindahan berikutnya. %1</translation>
    </message>
    <message>
        <source>The licence server received too many requests from this network.</source>
        <translation>Server lisensi menerima terlalu banyak permintaan dari jaringan ini.</translation>
    </message>
    <message>
        <source>Wait a few minutes, then try again.</source>
        <translation>Tunggu beberapa menit, lalu coba lagi.</translation>
    </message>
    <message>
        <source>The licence server no longer accepts this installation&apos;s token (it was replaced by a newer one, or the installation was unpaired).</source>
        <translation>Server lisensi tidak lagi menerima token instalasi ini (sudah diganti token yang lebih baru, atau instalasi sudah dilepas).</translation>
    </message>
    <message>
        <source>Pair this installation again with the licence key.</source>
        <translation>Pasangkan lagi instalasi ini dengan kunci lisensi.</translation>
    </message>
    <message>
        <source>The licence server rejected the request as malformed.</source>
        <translation>Server lisensi menolak permintaan karena formatnya salah.</translation>
    </message>
    <message>
        <source>Update HotelHub to the latest version; if it persists, send the diagnostic to support.</source>
        <translation>Perbarui HotelHub ke versi terbaru; jika tetap terjadi, kirim hasil diagnostik ke tim dukungan.</translation>
    </message>
    <message>
        <source>The licence server&apos;s answer is not signed by the vendor key this installation trusts.</source>
        <translation>Jawaban server lisensi tidak ditandatangani dengan kunci vendor yang dipercaya instalasi ini.</translation>
    </message>
    <message>
        <source>Check LICENSE_VENDOR_BASE_URL in the settings file: it may point at the wrong server. Otherwise send the diagnostic to support.</source>
        <translation>Periksa LICENSE_VENDOR_BASE_URL di berkas pengaturan: mungkin mengarah ke server yang salah. Jika tidak, kirim hasil diagnostik ke tim dukungan.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock differs too much from the licence server&apos;s time.</source>
        <translation>Jam komputer ini terlalu berbeda dengan waktu server lisensi.</translation>
    </message>
    <message>
        <source>Set the date, time and time zone correctly (turn on automatic time), then try again.</source>
        <translation>Atur tanggal, jam dan zona waktu dengan benar (aktifkan waktu otomatis), lalu coba lagi.</translation>
    </message>
    <message>
        <source>The licence server sent an answer that cannot be read.</source>
        <translation>Server lisensi mengirim jawaban yang tidak dapat dibaca.</translation>
    </message>
    <message>
        <source>Try again in a few minutes; check that LICENSE_VENDOR_BASE_URL points at the licence server.</source>
        <translation>Coba lagi beberapa menit lagi; pastikan LICENSE_VENDOR_BASE_URL mengarah ke server lisensi.</translation>
    </message>
    <message>
        <source>The licence server sent a far larger answer than expected and it was refused.</source>
        <translation>Server lisensi mengirim jawaban yang jauh lebih besar dari seharusnya dan jawaban itu ditolak.</translation>
    </message>
    <message>
        <source>Check that LICENSE_VENDOR_BASE_URL points at the licence server, not at another website.</source>
        <translation>Pastikan LICENSE_VENDOR_BASE_URL mengarah ke server lisensi, bukan ke situs lain.</translation>
    </message>
    <message>
        <source>A web page answered instead of the licence server, often a Wi-Fi login page or a web filter.</source>
        <translation>Yang menjawab adalah halaman web, bukan server lisensi; sering kali halaman login Wi-Fi atau filter web.</translation>
    </message>
    <message>
        <source>The licence server has a temporary problem.</source>
        <translation>Server lisensi sedang mengalami gangguan sementara.</translation>
    </message>
    <message>
        <source>The licence server answered with an unexpected error.</source>
        <translation>Server lisensi menjawab dengan kesalahan yang tidak terduga.</translation>
    </message>
    <message>
        <source>Try again later; if it persists, send the diagnostic to support.</source>
        <translation>Coba lagi nanti; jika tetap terjadi, kirim hasil diagnostik ke tim dukungan.</translation>
    </message>
    <message>
        <source>The licence server address uses plain http://, which is only allowed on this computer itself.</source>
        <translation>Alamat server lisensi memakai http:// biasa, yang hanya diizinkan di komputer ini sendiri.</translation>
    </message>
    <message>
        <source>Use the https:// address of the licence server in LICENSE_VENDOR_BASE_URL.</source>
        <translation>Gunakan alamat https:// server lisensi di LICENSE_VENDOR_BASE_URL.</translation>
    </message>
    <message>
        <source>The licence server address is not a valid URL.</source>
        <translation>Alamat server lisensi bukan URL yang valid.</translation>
    </message>
    <message>
        <source>Correct LICENSE_VENDOR_BASE_URL in the settings file (for example https://vendor.hotelhub.id).</source>
        <translation>Perbaiki LICENSE_VENDOR_BASE_URL di berkas pengaturan (misalnya https://vendor.hotelhub.id).</translation>
    </message>
    <message>
        <source>Cannot reach the licence server: its name could not be found (DNS).</source>
        <translation>Tidak bisa menghubungi server lisensi: namanya tidak ditemukan (DNS).</translation>
    </message>
    <message>
        <source>Check the internet connection and the DNS settings of this computer, then try again.</source>
        <translation>Periksa koneksi internet dan pengaturan DNS komputer ini, lalu coba lagi.</translation>
    </message>
    <message>
        <source>Cannot reach the licence server: the connection was refused.</source>
        <translation>Tidak bisa menghubungi server lisensi: koneksi ditolak.</translation>
    </message>
    <message>
        <source>Check the internet &amp; firewall; the server may also be down for maintenance. Try again later.</source>
        <translation>Cek internet &amp; firewall; server juga mungkin sedang dalam pemeliharaan. Coba lagi nanti.</translation>
    </message>
    <message>
        <source>Cannot reach the licence server: it did not answer in time.</source>
        <translation>Tidak bisa menghubungi server lisensi: server tidak menjawab tepat waktu.</translation>
    </message>
    <message>
        <source>Check the internet &amp; firewall, then try again.</source>
        <translation>Cek internet &amp; firewall, lalu coba lagi.</translation>
    </message>
    <message>
        <source>The licence server&apos;s security certificate is self-signed and not trusted.</source>
        <translation>Sertifikat keamanan server lisensi ditandatangani sendiri (self-signed) dan tidak dipercaya.</translation>
    </message>
    <message>
        <source>Something between this computer and the server may be intercepting the connection (antivirus, proxy). Ask IT, or contact support.</source>
        <translation>Ada sesuatu di antara komputer ini dan server yang mungkin menyadap koneksi (antivirus, proxy). Tanyakan ke IT, atau hubungi tim dukungan.</translation>
    </message>
    <message>
        <source>The licence server&apos;s security certificate has expired.</source>
        <translation>Sertifikat keamanan server lisensi sudah kedaluwarsa.</translation>
    </message>
    <message>
        <source>Check that this computer&apos;s date is right; if it is, the vendor must renew the certificate: contact support.</source>
        <translation>Pastikan tanggal komputer ini benar; jika benar, vendor harus memperbarui sertifikatnya: hubungi tim dukungan.</translation>
    </message>
    <message>
        <source>The licence server&apos;s security certificate is not valid yet: this computer&apos;s date is probably wrong.</source>
        <translation>Sertifikat keamanan server lisensi belum berlaku: tanggal komputer ini kemungkinan salah.</translation>
    </message>
    <message>
        <source>Set the date, time and time zone correctly, then try again.</source>
        <translation>Atur tanggal, jam dan zona waktu dengan benar, lalu coba lagi.</translation>
    </message>
    <message>
        <source>The security certificate belongs to a different server name than the one configured.</source>
        <translation>Sertifikat keamanan milik nama server yang berbeda dari yang diatur.</translation>
    </message>
    <message>
        <source>Check LICENSE_VENDOR_BASE_URL; a proxy or filter may also be redirecting the connection.</source>
        <translation>Periksa LICENSE_VENDOR_BASE_URL; proxy atau filter juga mungkin mengalihkan koneksi.</translation>
    </message>
    <message>
        <source>The secure connection to the licence server could not be established.</source>
        <translation>Koneksi aman ke server lisensi tidak dapat dibuat.</translation>
    </message>
    <message>
        <source>Check the date of this computer and any proxy or antivirus that inspects HTTPS, then try again.</source>
        <translation>Periksa tanggal komputer ini serta proxy atau antivirus yang memeriksa HTTPS, lalu coba lagi.</translation>
    </message>
    <message>
        <source>The proxy server of this network asks for a user name and password.</source>
        <translation>Server proxy di jaringan ini meminta nama pengguna dan kata sandi.</translation>
    </message>
    <message>
        <source>Put the credentials in HTTPS_PROXY (http://user:password@proxy:port) or ask IT to allow the licence server.</source>
        <translation>Isi kredensial di HTTPS_PROXY (http://user:password@proxy:port) atau minta IT mengizinkan server lisensi.</translation>
    </message>
    <message>
        <source>The proxy server of this network cannot be reached or refused the connection.</source>
        <translation>Server proxy di jaringan ini tidak dapat dihubungi atau menolak koneksi.</translation>
    </message>
    <message>
        <source>Check HTTPS_PROXY / the system proxy settings, or ask IT.</source>
        <translation>Periksa HTTPS_PROXY / pengaturan proxy sistem, atau tanyakan ke IT.</translation>
    </message>
    <message>
        <source>Cannot reach the licence server. Check the internet &amp; firewall.</source>
        <translation>Tidak bisa menghubungi server lisensi. Cek internet &amp; firewall.</translation>
    </message>
    <message>
        <source>Try again in a few minutes.</source>
        <translation>Coba lagi beberapa menit lagi.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Dibatalkan.</translation>
    </message>
    <message>
        <source>The licence key is not in the right format.</source>
        <translation>Format kunci lisensi tidak benar.</translation>
    </message>
    <message>
        <source>Check your purchase e-mail. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX.</source>
        <translation>Cek email pembelian Anda. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX.</translation>
    </message>
    <message>
        <source>This installation is not paired with a licence yet.</source>
        <translation>Instalasi ini belum dipasangkan dengan lisensi.</translation>
    </message>
    <message>
        <source>Pair it first: hotelhub-setup, or hotelhub-license pair --key KEY.</source>
        <translation>Pasangkan dulu: hotelhub-setup, atau hotelhub-license pair --key KEY.</translation>
    </message>
    <message>
        <source>This computer could not complete the licence operation.</source>
        <translation>Komputer ini tidak dapat menyelesaikan operasi lisensi.</translation>
    </message>
    <message>
        <source>The licence server says this installation&apos;s token was already replaced by a newer one. Another copy of this installation may be renewing it.</source>
        <translation>Server lisensi menyatakan token instalasi ini sudah diganti dengan yang lebih baru. Mungkin ada salinan instalasi ini yang memperbaruinya.</translation>
    </message>
    <message>
        <source>Pair this installation again with the licence key: it spends no move. If it happens again, contact the vendor.</source>
        <translation>Pasangkan ulang instalasi ini dengan kunci lisensi: tidak memakai kuota pindah. Jika terjadi lagi, hubungi vendor.</translation>
    </message>
    <message>
        <source>A device between this computer and the licence server (a proxy, gateway or firewall) refused the request. The licence server did not answer, so the licence state is unchanged.</source>
        <translation>Perangkat di antara komputer ini dan server lisensi (proxy, gateway, atau firewall) menolak permintaan. Server lisensi tidak menjawab, jadi status lisensi tidak berubah.</translation>
    </message>
    <message>
        <source>Another HotelHub program on this computer is talking to the licence server and did not finish in time.</source>
        <translation>Program HotelHub lain di komputer ini sedang menghubungi server lisensi dan belum selesai tepat waktu.</translation>
    </message>
    <message>
        <source>Try again in a minute.</source>
        <translation>Coba lagi dalam satu menit.</translation>
    </message>
    <message>
        <source>The licence server&apos;s answer is signed by the vendor, but it is not valid for this installation now (its dates or the machine it names do not match).</source>
        <translation>Jawaban server lisensi ditandatangani vendor, tetapi tidak berlaku untuk instalasi ini sekarang (tanggalnya atau mesin yang disebut tidak cocok).</translation>
    </message>
    <message>
        <source>Check this computer&apos;s date, time and time zone; if they are right, send the diagnostic to support: the vendor&apos;s server answered for another installation.</source>
        <translation>Periksa tanggal, jam, dan zona waktu komputer ini; jika sudah benar, kirim hasil diagnostik ke tim dukungan: server vendor menjawab untuk instalasi lain.</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 menit %2 detik</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 jam %2 menit</translation>
    </message>
    <message>
        <source>Difference: %1 (%2); at most %3 min is allowed.</source>
        <translation>Selisih: %1 (%2); paling banyak %3 menit yang diizinkan.</translation>
    </message>
    <message>
        <source>this computer&apos;s clock is behind</source>
        <translation>jam komputer ini terlambat</translation>
    </message>
    <message>
        <source>this computer&apos;s clock is ahead</source>
        <translation>jam komputer ini terlalu cepat</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 hari %2 jam</translation>
    </message>
    <message>
        <source>Move the licence to this computer with &quot;Move installation&quot;.</source>
        <translation>Pindahkan lisensi ke komputer ini dengan &quot;Pindahkan instalasi&quot;.</translation>
    </message>
    <message>
        <source>This computer&apos;s copy of the licence server&apos;s public key cannot be used, so nothing was sent to the licence server.</source>
        <translation>Salinan kunci publik server lisensi di komputer ini tidak dapat dipakai, jadi tidak ada yang dikirim ke server lisensi.</translation>
    </message>
    <message>
        <source>Reinstall HotelHub, or, if you host the licence server yourself, fix LICENSE_PUBLIC_KEY_PATH and LICENSE_PUBLIC_KEY_HASH in the settings file. Then try again.</source>
        <translation>Pasang ulang HotelHub, atau, jika Anda menjalankan server lisensi sendiri, perbaiki LICENSE_PUBLIC_KEY_PATH dan LICENSE_PUBLIC_KEY_HASH di berkas pengaturan. Lalu coba lagi.</translation>
    </message>
    <message>
        <source>The licence is stored on this computer, but the lines HotelHub reads from its settings file were not written: %1</source>
        <translation>Lisensi sudah tersimpan di komputer ini, tetapi baris yang dibaca HotelHub dari berkas pengaturannya tidak tertulis: %1</translation>
    </message>
    <message>
        <source>Unpaired, but the settings file still names the old pairing: %1</source>
        <translation>Lisensi sudah dilepas, tetapi berkas pengaturan masih menyebut pemasangan lama: %1</translation>
    </message>
    <message>
        <source>Fix the settings file as described, then remove LICENSE_KEY_HASH and LICENSE_FINGERPRINT from it.</source>
        <translation>Perbaiki berkas pengaturan seperti yang dijelaskan, lalu hapus LICENSE_KEY_HASH dan LICENSE_FINGERPRINT darinya.</translation>
    </message>
    <message>
        <source>HotelHub keeps working meanwhile, and the heartbeat tries again by itself.</source>
        <translation>HotelHub tetap berjalan selama itu, dan heartbeat dicoba lagi dengan sendirinya.</translation>
    </message>
    <message>
        <source>Try again in a few minutes. If it persists, ask whoever runs the network to allow the licence server&apos;s address.</source>
        <translation>Coba lagi beberapa menit lagi. Jika terus terjadi, minta pengelola jaringan mengizinkan alamat server lisensi.</translation>
    </message>
    <message>
        <source>Nothing is wrong on your side. Try again later.</source>
        <translation>Tidak ada yang salah di pihak Anda. Coba lagi nanti.</translation>
    </message>
    <message>
        <source>Fix what is described above. The next licence check (the tray monitor&apos;s, &quot;Check again&quot;, or &quot;hotelhub-license heartbeat-retry&quot;) writes the lines then.</source>
        <translation>Perbaiki hal yang dijelaskan di atas. Pemeriksaan lisensi berikutnya (oleh monitor tray, &quot;Cek Lagi&quot;, atau &quot;hotelhub-license heartbeat-retry&quot;) akan menulis baris-baris itu.</translation>
    </message>
    <message>
        <source>Check what the detail given with this message says, that the data folder is writable and that its disk has room; then try again or send the diagnostic to support.</source>
        <translation>Periksa apa yang disebut rincian pada pesan ini, bahwa folder data dapat ditulis, dan bahwa disknya masih ada ruang; lalu coba lagi atau kirim hasil diagnostik ke tim dukungan.</translation>
    </message>
    <message>
        <source>This computer&apos;s password store (the keyring, or Windows Credential Manager) is locked or not ready, so the licence could not be read or saved here.</source>
        <translation>Penyimpanan kata sandi komputer ini (keyring, atau Windows Credential Manager) terkunci atau belum siap, jadi lisensi tidak dapat dibaca atau disimpan di sini.</translation>
    </message>
    <message>
        <source>Unlock the password store, or sign in to this computer&apos;s desktop session, then try again.</source>
        <translation>Buka kunci penyimpanan kata sandi, atau masuk ke sesi desktop komputer ini, lalu coba lagi.</translation>
    </message>
    <message>
        <source>Check LICENSE_VENDOR_BASE_URL in the settings file: it is the server&apos;s address alone, such as https://vendor.hotelhub.id, without /api or another path after it.</source>
        <translation>Periksa LICENSE_VENDOR_BASE_URL di file pengaturan: isinya hanya alamat server, misalnya https://vendor.hotelhub.id, tanpa /api atau jalur lain di belakangnya.</translation>
    </message>
    <message>
        <source>Open a browser on this computer, complete the network login or ask IT to allow the licence server, then try again. If there is no login page, check that LICENSE_VENDOR_BASE_URL in the settings file is the licence server&apos;s address.</source>
        <translation>Buka browser di komputer ini, selesaikan login jaringan atau minta IT mengizinkan server lisensi, lalu coba lagi. Jika tidak ada halaman login, periksa bahwa LICENSE_VENDOR_BASE_URL di berkas pengaturan adalah alamat server lisensi.</translation>
    </message>
    <message>
        <source>The address of the licence server (%1) answers, but has no licence service there (HTTP %2); nothing about the licence was said or changed.</source>
        <translation>Alamat server lisensi (%1) menjawab, tetapi tidak ada layanan lisensi di sana (HTTP %2); tidak ada yang dikatakan atau diubah tentang lisensi.</translation>
    </message>
    <message>
        <source>No licence key was given.</source>
        <translation>Kunci lisensi belum diisi.</translation>
    </message>
    <message>
        <source>Enter the licence key from your purchase e-mail. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX.</source>
        <translation>Masukkan kunci lisensi dari email pembelian Anda. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX.</translation>
    </message>
</context>
<context>
    <name>VendorKey</name>
    <message>
        <source>The vendor public key %1 does not match its pinned fingerprint: it has been replaced or damaged. Reinstall HotelHub, or set LICENSE_PUBLIC_KEY_HASH to your own vendor key&apos;s SHA-256 if you host the licence server yourself.</source>
        <translation>Kunci publik vendor %1 tidak cocok dengan sidik jari yang disematkan: kunci itu telah diganti atau rusak. Pasang ulang HotelHub, atau isi LICENSE_PUBLIC_KEY_HASH dengan SHA-256 kunci vendor Anda sendiri jika Anda menjalankan server lisensi sendiri.</translation>
    </message>
    <message>
        <source>The vendor public key %1 is not an RSA-2048 or Ed25519 public key in PEM format.</source>
        <translation>Kunci publik vendor %1 bukan kunci publik RSA-2048 atau Ed25519 dalam format PEM.</translation>
    </message>
    <message>
        <source>The vendor public key cannot be used: %1. Reinstall HotelHub or fix LICENSE_PUBLIC_KEY_PATH in the settings file.</source>
        <translation>Kunci publik vendor tidak bisa dipakai: %1. Pasang ulang HotelHub atau perbaiki LICENSE_PUBLIC_KEY_PATH di berkas pengaturan.</translation>
    </message>
    <message>
        <source>The vendor public key cannot be opened right now: %1. Nothing was changed; check again in a minute.</source>
        <translation>Kunci publik vendor belum bisa dibuka sekarang: %1. Tidak ada yang diubah; periksa lagi sebentar lagi.</translation>
    </message>
</context>
<context>
    <name>VendorKeys</name>
    <message>
        <source>%1 already exists; refusing to replace a signing key (every paired client pins it). Move it away first if you really mean to start over.</source>
        <translation>%1 sudah ada; kunci penanda tangan tidak akan diganti (setiap klien yang sudah di-pair menyematkannya). Pindahkan dulu jika Anda memang ingin mulai dari awal.</translation>
    </message>
    <message>
        <source>Key generation failed: %1</source>
        <translation>Pembuatan kunci gagal: %1</translation>
    </message>
    <message>
        <source>%1 is not an RSA-2048 or Ed25519 private key in PEM format.</source>
        <translation>%1 bukan kunci privat RSA-2048 atau Ed25519 dalam format PEM.</translation>
    </message>
    <message>
        <source>Cannot read the signing key: %1. Create one with `keys init --dir %2`.</source>
        <translation>Kunci tanda tangan tidak bisa dibaca: %1. Buat dengan `keys init --dir %2`.</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder</source>
        <translation>%1 adalah berkas, bukan folder</translation>
    </message>
    <message>
        <source>Cannot create the key folder %1: %2. Give --dir a folder this user may create and write.</source>
        <translation>Tidak dapat membuat folder kunci %1: %2. Berikan --dir sebuah folder yang boleh dibuat dan ditulis pengguna ini.</translation>
    </message>
    <message>
        <source>the system refused</source>
        <translation>sistem menolaknya</translation>
    </message>
    <message>
        <source>Cannot write the key pair in %1: %2. Give --dir a folder this user may write, on a disk with room.</source>
        <translation>Tidak dapat menulis pasangan kunci di %1: %2. Berikan --dir sebuah folder yang boleh ditulis pengguna ini, di disk yang masih ada ruang.</translation>
    </message>
    <message>
        <source>Cannot write the key pair in %1: %2. Nothing was created: give --dir a folder this user may write, on a disk with room.</source>
        <translation>Tidak dapat menulis pasangan kunci di %1: %2. Tidak ada yang dibuat: berikan --dir sebuah folder yang boleh ditulis pengguna ini, di disk yang masih ada ruang.</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>disknya penuh</translation>
    </message>
    <message>
        <source>Cannot read the signing key: %1. Let this user read it, or run the server as the user that owns it. Do not make a new key: every paired hotel pins this one.</source>
        <translation>Kunci tanda tangan tidak bisa dibaca: %1. Izinkan pengguna ini membacanya, atau jalankan server sebagai pengguna pemiliknya. Jangan membuat kunci baru: setiap hotel yang sudah dipasangkan menyematkan kunci ini.</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome</source>
        <translation>Selamat datang</translation>
    </message>
    <message>
        <source>HotelHub licence setup</source>
        <translation>Penyiapan lisensi HotelHub</translation>
    </message>
    <message>
        <source>Welcome. This wizard helps you set up the licence and the first property. About 5 minutes.</source>
        <translation>Selamat datang. Panduan ini membantu Anda menyiapkan lisensi dan hotel pertama. Sekitar 5 menit.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Bahasa:</translation>
    </message>
</context>
<context>
    <name>hotelhub-setup</name>
    <message>
        <source>Move the licence to this device (when the hardware changed).</source>
        <translation>Pindahkan lisensi ke perangkat ini (bila perangkat keras berubah).</translation>
    </message>
    <message>
        <source>The HotelHub setup is already open for this data folder; its window was brought forward.</source>
        <translation>Penyiapan HotelHub sudah terbuka untuk folder data ini; jendelanya dibawa ke depan.</translation>
    </message>
    <message>
        <source>hotelhub-setup opens a window on a desktop, and %1. Start it on the computer&apos;s desktop, or pair from this terminal with &quot;hotelhub-license pair&quot; (&quot;hotelhub-license --help&quot; lists every step).</source>
        <translation>hotelhub-setup membuka jendela di desktop, dan %1. Jalankan di desktop komputer ini, atau pasangkan dari terminal ini dengan &quot;hotelhub-license pair&quot; (&quot;hotelhub-license --help&quot; menampilkan semua langkahnya).</translation>
    </message>
</context>
<context>
    <name>hotelhub-tray</name>
    <message>
        <source>Show the status window instead of a tray icon.</source>
        <translation>Tampilkan jendela status, bukan ikon tray.</translation>
    </message>
    <message>
        <source>Loopback address and port of the local API.</source>
        <translation>Alamat loopback dan port API lokal.</translation>
    </message>
    <message>
        <source>hotelhub-tray is already running; its window was brought forward.</source>
        <translation>hotelhub-tray sudah berjalan; jendelanya dimunculkan ke depan.</translation>
    </message>
    <message>
        <source>hotelhub-tray shows its icon on a desktop, and %1. On a computer without a desktop the licence is kept by &quot;hotelhub-license heartbeat&quot; on a timer (README, &quot;Headless servers&quot;); &quot;hotelhub-license status&quot; shows it.</source>
        <translation>hotelhub-tray menampilkan ikonnya di desktop, dan %1. Di komputer tanpa desktop, lisensi dijaga oleh &quot;hotelhub-license heartbeat&quot; yang dijalankan terjadwal (README, &quot;Headless servers&quot;); &quot;hotelhub-license status&quot; menampilkannya.</translation>
    </message>
    <message>
        <source>The licence database is open for reading only (a full disk or a read-only folder): the state is shown, nothing new is saved until it can be written.</source>
        <translation>Basis data lisensi hanya dibuka untuk dibaca (disk penuh atau folder hanya-baca): keadaan tetap ditampilkan, tetapi tidak ada yang baru disimpan sampai basis data dapat ditulis lagi.</translation>
    </message>
    <message>
        <source>The data folder %1 given with %2 does not exist, or this user cannot reach it, so there is no installation there; nothing was created. Check the path, or set HotelHub up there with the setup wizard.</source>
        <translation>Folder data %1 yang diberikan lewat %2 tidak ada, atau tidak dapat dijangkau pengguna ini, jadi tidak ada instalasi di sana; tidak ada yang dibuat. Periksa jalurnya, atau pasang HotelHub di sana dengan wizard setup.</translation>
    </message>
    <message>
        <source>The settings file %1 given with %2 does not exist. Check the path.</source>
        <translation>File pengaturan %1 yang diberikan dengan %2 tidak ada. Periksa jalurnya.</translation>
    </message>
</context>
<context>
    <name>hotelhub::LicenseClient</name>
    <message>
        <source>A reason is required for moving a licence.</source>
        <translation>Alasan wajib diisi untuk memindahkan lisensi.</translation>
    </message>
    <message>
        <source>another HotelHub program held %1 for over %2 s</source>
        <translation>program HotelHub lain memegang %1 lebih dari %2 detik</translation>
    </message>
    <message>
        <source>cannot create the lock file %1: the data folder is not writable for this user, or its disk is full or read-only</source>
        <translation>berkas penanda (lock) %1 tidak dapat dibuat: folder data tidak dapat ditulis oleh pengguna ini, atau disknya penuh atau hanya-baca</translation>
    </message>
    <message>
        <source>The reason for the move is at most 500 characters (this one has %1).</source>
        <translation>Alasan pemindahan paling banyak 500 karakter (yang ini %1).</translation>
    </message>
    <message>
        <source>The reason for unpairing is at most 500 characters (this one has %1).</source>
        <translation>Alasan pelepasan lisensi paling banyak 500 karakter (yang ini %1).</translation>
    </message>
    <message>
        <source>The reason for the move is too long for an offline request: it holds 500 bytes, and an accented letter or an emoji takes two to four of them (this one needs %1). Shorten it.</source>
        <translation>Alasan pemindahan terlalu panjang untuk permintaan offline: permintaan memuat 500 bita, dan satu huruf beraksen atau emoji memakai dua sampai empat bita (alasan ini memerlukan %1). Persingkat alasannya.</translation>
    </message>
    <message>
        <source>The reason for the move has no words, which tells the vendor nothing: say why the licence moves, for example &quot;new computer&quot; or &quot;hard disk replaced&quot;.</source>
        <translation>Alasan pemindahan tidak berisi kata, jadi tidak memberi tahu vendor apa pun: tuliskan mengapa lisensi dipindahkan, misalnya &quot;komputer baru&quot; atau &quot;hard disk diganti&quot;.</translation>
    </message>
    <message>
        <source>This computer cannot read its licence token, so it cannot release the licence itself. Ask your vendor to release it from their side, or restore the data folder together with its key.</source>
        <translation>Komputer ini tidak dapat membaca token lisensinya, jadi tidak dapat melepaskan lisensi sendiri. Minta vendor Anda melepaskannya dari pihak mereka, atau pulihkan folder data bersama kuncinya.</translation>
    </message>
    <message>
        <source>Restore the settings file from a backup, then try again; pairing again is not needed.</source>
        <translation>Pulihkan berkas pengaturan dari cadangan, lalu coba lagi; tidak perlu memasangkan ulang.</translation>
    </message>
</context>
<context>
    <name>hotelhub::LocalApi</name>
    <message>
        <source>--api-listen takes ADDRESS:PORT, for example 127.0.0.1:3100 (got &quot;%1&quot;).</source>
        <translation>--api-listen memerlukan ALAMAT:PORT, misalnya 127.0.0.1:3100 (yang diberikan: &quot;%1&quot;).</translation>
    </message>
    <message>
        <source>The local API only listens on a loopback address (127.0.0.1 or ::1), not %1.</source>
        <translation>API lokal hanya mendengarkan di alamat loopback (127.0.0.1 atau ::1), bukan %1.</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>tidak dapat membaca %1: %2</translation>
    </message>
    <message>
        <source>%1 holds no usable secret (shorter than 32 characters); delete it to make a new one</source>
        <translation>%1 tidak berisi rahasia yang dapat dipakai (kurang dari 32 karakter); hapus berkas itu agar dibuat yang baru</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>tidak dapat menulis %1: %2</translation>
    </message>
</context>
<context>
    <name>hotelhub::StatusPage</name>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Last check</source>
        <translation>Pemeriksaan terakhir</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontak</translation>
    </message>
    <message>
        <source>HotelHub License Monitor · on this computer only (127.0.0.1)</source>
        <translation>Pemantau Lisensi HotelHub · hanya di komputer ini (127.0.0.1)</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::AdminPage</name>
    <message>
        <source>Or enter this key by hand:
%1</source>
        <translation>Atau masukkan kunci ini secara manual:
%1</translation>
    </message>
    <message>
        <source>✓ Two-factor sign-in confirmed.</source>
        <translation>✓ Login dua faktor terkonfirmasi.</translation>
    </message>
    <message>
        <source>✗ That code is not right. Check the phone&apos;s time and type the current code.</source>
        <translation>✗ Kode itu salah. Periksa jam di ponsel dan ketik kode yang sedang tampil.</translation>
    </message>
    <message>
        <source>The e-mail changed: scan the new QR code (or keep the entry you have) and type the current code again.</source>
        <translation>Email berubah: pindai kode QR yang baru (atau tetap pakai entri yang sudah ada) lalu ketik lagi kode yang sedang tampil.</translation>
    </message>
    <message>
        <source>The two passwords differ: type the same password in both fields.</source>
        <translation>Kedua kata sandi berbeda: ketik kata sandi yang sama di kedua kolom.</translation>
    </message>
    <message>
        <source>The password could not be hashed on this computer. Try again.</source>
        <translation>Kata sandi tidak bisa diolah (hash) di komputer ini. Coba lagi.</translation>
    </message>
    <message>
        <source>The password could not be hashed on this computer. %1, then try again.</source>
        <translation>Kata sandi tidak bisa diolah (hash) di komputer ini. %1, lalu coba lagi.</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::ConnectionChecker</name>
    <message>
        <source>Database (SQLite)</source>
        <translation>Database (SQLite)</translation>
    </message>
    <message>
        <source>The folder of the database file %1 does not exist.</source>
        <translation>Folder berkas database %1 tidak ada.</translation>
    </message>
    <message>
        <source>Create the folder or correct DB_DATABASE in the settings file.</source>
        <translation>Buat foldernya atau perbaiki DB_DATABASE di berkas pengaturan.</translation>
    </message>
    <message>
        <source>Database (PostgreSQL)</source>
        <translation>Database (PostgreSQL)</translation>
    </message>
    <message>
        <source>Database (MySQL)</source>
        <translation>Database (MySQL)</translation>
    </message>
    <message>
        <source>The %1 database driver is not installed on this computer.</source>
        <translation>Driver database %1 belum terpasang di komputer ini.</translation>
    </message>
    <message>
        <source>Install the PostgreSQL driver for Qt (Debian: libqt6sql6-psql), then press Retry.</source>
        <translation>Pasang driver PostgreSQL untuk Qt (Debian: libqt6sql6-psql), lalu tekan Coba Lagi.</translation>
    </message>
    <message>
        <source>Install the MySQL driver for Qt (Debian: libqt6sql6-mysql), then press Retry.</source>
        <translation>Pasang driver MySQL untuk Qt (Debian: libqt6sql6-mysql), lalu tekan Coba Lagi.</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Basis data</translation>
    </message>
    <message>
        <source>DB_CONNECTION &apos;%1&apos; is not one of sqlite, pgsql, mysql.</source>
        <translation>DB_CONNECTION &apos;%1&apos; bukan salah satu dari sqlite, pgsql, mysql.</translation>
    </message>
    <message>
        <source>Correct DB_CONNECTION in the settings file.</source>
        <translation>Perbaiki DB_CONNECTION di berkas pengaturan.</translation>
    </message>
    <message>
        <source>Cannot connect: %1</source>
        <translation>Tidak dapat terhubung: %1</translation>
    </message>
    <message>
        <source>Check that the database file can be written by this user.</source>
        <translation>Pastikan berkas database dapat ditulis oleh pengguna ini.</translation>
    </message>
    <message>
        <source>Check DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME and DB_PASSWORD, and that the database server is running.</source>
        <translation>Periksa DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME dan DB_PASSWORD, serta pastikan server database berjalan.</translation>
    </message>
    <message>
        <source>Connected, wrote and read back a test row.</source>
        <translation>Terhubung, berhasil menulis dan membaca kembali baris uji.</translation>
    </message>
    <message>
        <source>Connected, but writing failed: %1</source>
        <translation>Terhubung, tetapi gagal menulis: %1</translation>
    </message>
    <message>
        <source>Give the database user permission to create tables and write.</source>
        <translation>Beri pengguna database izin membuat tabel dan menulis.</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Penyimpanan</translation>
    </message>
    <message>
        <source>The data folder %1 is not writable.</source>
        <translation>Folder data %1 tidak dapat ditulis.</translation>
    </message>
    <message>
        <source>Give this user write permission on the folder, or choose another with --data-dir.</source>
        <translation>Beri pengguna ini izin menulis di folder itu, atau pilih folder lain dengan --data-dir.</translation>
    </message>
    <message>
        <source>Only %1 free on %2.</source>
        <translation>Hanya tersisa %1 di %2.</translation>
    </message>
    <message>
        <source>Free at least %1 on this disk (old backups and logs are the usual culprits).</source>
        <translation>Kosongkan paling sedikit %1 di disk ini (biasanya backup lama dan log).</translation>
    </message>
    <message>
        <source>Writable, %1 free.</source>
        <translation>Dapat ditulis, %1 kosong.</translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis (cache)</translation>
    </message>
    <message>
        <source>Not configured (REDIS_HOST is empty): HotelHub uses the database for caches and queues.</source>
        <translation>Tidak diatur (REDIS_HOST kosong): HotelHub memakai database untuk cache dan antrean.</translation>
    </message>
    <message>
        <source>No answer from Redis at %1 within 3 seconds.</source>
        <translation>Redis di %1 tidak menjawab dalam 3 detik.</translation>
    </message>
    <message>
        <source>Check REDIS_HOST/REDIS_PORT and that Redis is running.</source>
        <translation>Periksa REDIS_HOST/REDIS_PORT dan pastikan Redis berjalan.</translation>
    </message>
    <message>
        <source>Cannot connect to Redis at %1: %2</source>
        <translation>Tidak dapat terhubung ke Redis di %1: %2</translation>
    </message>
    <message>
        <source>Start Redis (systemctl start redis-server) or correct REDIS_HOST/REDIS_PORT.</source>
        <translation>Jalankan Redis (systemctl start redis-server) atau perbaiki REDIS_HOST/REDIS_PORT.</translation>
    </message>
    <message>
        <source>Redis at %1 requires a password.</source>
        <translation>Redis di %1 memerlukan kata sandi.</translation>
    </message>
    <message>
        <source>Put the password in REDIS_PASSWORD.</source>
        <translation>Isi kata sandinya di REDIS_PASSWORD.</translation>
    </message>
    <message>
        <source>Redis at %1 rejected the password.</source>
        <translation>Redis di %1 menolak kata sandi.</translation>
    </message>
    <message>
        <source>Correct REDIS_PASSWORD.</source>
        <translation>Perbaiki REDIS_PASSWORD.</translation>
    </message>
    <message>
        <source>Redis at %1 answered with an error: %2</source>
        <translation>Redis di %1 menjawab dengan kesalahan: %2</translation>
    </message>
    <message>
        <source>Check the Redis configuration.</source>
        <translation>Periksa konfigurasi Redis.</translation>
    </message>
    <message>
        <source>PING answered after AUTH (%1).</source>
        <translation>PING dijawab setelah AUTH (%1).</translation>
    </message>
    <message>
        <source>PING answered (%1).</source>
        <translation>PING dijawab (%1).</translation>
    </message>
    <message>
        <source>Something at %1 answered, but it is not Redis.</source>
        <translation>Ada yang menjawab di %1, tetapi bukan Redis.</translation>
    </message>
    <message>
        <source>Check REDIS_HOST/REDIS_PORT.</source>
        <translation>Periksa REDIS_HOST/REDIS_PORT.</translation>
    </message>
    <message>
        <source>Licence server</source>
        <translation>Server lisensi</translation>
    </message>
    <message>
        <source>Sheet mode: no vendor licence server is used.</source>
        <translation>Mode sheet: tidak memakai server lisensi vendor.</translation>
    </message>
    <message>
        <source>%1 answers (server %2); clocks differ by %3 s.</source>
        <translation>%1 menjawab (server %2); selisih jam %3 detik.</translation>
    </message>
    <message>
        <source>Settings file (.env)</source>
        <translation>Berkas pengaturan (.env)</translation>
    </message>
    <message>
        <source>No settings file is in use.</source>
        <translation>Tidak ada berkas pengaturan yang dipakai.</translation>
    </message>
    <message>
        <source>Check that the file exists and that this user may read it, then press Retry.</source>
        <translation>Pastikan berkasnya ada dan pengguna ini boleh membacanya, lalu tekan Coba Lagi.</translation>
    </message>
    <message>
        <source>%1 does not exist yet; the wizard creates it.</source>
        <translation>%1 belum ada; setup akan membuatnya.</translation>
    </message>
    <message>
        <source>%1 reads as HotelHub (Laravel) reads it.</source>
        <translation>%1 terbaca sama seperti HotelHub (Laravel) membacanya.</translation>
    </message>
    <message>
        <source>HotelHub (Laravel) cannot load %1:</source>
        <translation>HotelHub (Laravel) tidak bisa memuat %1:</translation>
    </message>
    <message>
        <source>Edit those lines in %1 as shown, save, then press Retry.</source>
        <translation>Perbaiki baris-baris itu di %1 seperti petunjuknya, simpan, lalu tekan Coba Lagi.</translation>
    </message>
    <message>
        <source>This computer has no database driver for it: %1 (Qt 6.4, MinGW) and the database&apos;s own %2 are missing.</source>
        <translation>Komputer ini belum punya driver database untuknya: %1 (Qt 6.4, MinGW) dan %2 milik database itu tidak ada.</translation>
    </message>
    <message>
        <source>Copy the driver into that folder and %1 (with the DLLs it needs) beside hotelhub-setup.exe, then press Retry. Ask HotelHub support for them if you do not have them.</source>
        <translation>Salin driver itu ke folder tersebut dan %1 (beserta DLL yang dibutuhkannya) ke samping hotelhub-setup.exe, lalu tekan Coba Lagi. Mintalah ke tim dukungan HotelHub jika Anda tidak memilikinya.</translation>
    </message>
    <message>
        <source>With no internet on this computer, go on: the pairing page offers an offline activation.</source>
        <translation>Jika komputer ini tidak punya internet, lanjutkan saja: halaman pairing menyediakan aktivasi offline.</translation>
    </message>
    <message>
        <source>When it is fixed, press Retry.</source>
        <translation>Setelah diperbaiki, tekan Coba Lagi.</translation>
    </message>
    <message>
        <source>Save %1 again as UTF-8, as said above, then press Retry.</source>
        <translation>Simpan lagi %1 sebagai UTF-8, seperti disebut di atas, lalu tekan Coba Lagi.</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::ConnectionPage</name>
    <message>
        <source>Checking</source>
        <translation>Memeriksa</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Memeriksa…</translation>
    </message>
    <message>
        <source>Connection check</source>
        <translation>Cek koneksi</translation>
    </message>
    <message>
        <source>HotelHub checks what it needs before the licence is set up. Each row shows what was found and, if something is wrong, what to do.</source>
        <translation>HotelHub memeriksa kebutuhannya sebelum lisensi diatur. Setiap baris menunjukkan hasil pemeriksaan dan, jika ada masalah, apa yang harus dilakukan.</translation>
    </message>
    <message>
        <source>I need &amp;help</source>
        <translation>Saya butuh &amp;bantuan</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Basis data</translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis (cache)</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Penyimpanan</translation>
    </message>
    <message>
        <source>Licence server</source>
        <translation>Server lisensi</translation>
    </message>
    <message>
        <source>Retry: %1</source>
        <translation>Coba lagi: %1</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Dilewati</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Berhasil</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Gagal</translation>
    </message>
    <message>
        <source>Send the rows marked ✗ to HotelHub support.</source>
        <translation>Kirim baris yang bertanda ✗ ke tim dukungan HotelHub.</translation>
    </message>
    <message>
        <source>I need help</source>
        <translation>Saya butuh bantuan</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Coba Lagi</translation>
    </message>
    <message>
        <source>Settings file (.env)</source>
        <translation>Berkas pengaturan (.env)</translation>
    </message>
    <message>
        <source>What HotelHub needs on this computer and online.</source>
        <translation>Yang dibutuhkan HotelHub di komputer ini dan di internet.</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::DonePage</name>
    <message>
        <source>Next steps in the panel:</source>
        <translation>Langkah berikutnya di panel:</translation>
    </message>
    <message>
        <source>add room types</source>
        <translation>tambah tipe kamar</translation>
    </message>
    <message>
        <source>configure rate plans</source>
        <translation>atur paket harga kamar (rate plan)</translation>
    </message>
    <message>
        <source>add a payment provider (BYOK)</source>
        <translation>tambahkan penyedia pembayaran (BYOK)</translation>
    </message>
    <message>
        <source>connect the channel manager / OTAs</source>
        <translation>hubungkan channel manager / OTA</translation>
    </message>
    <message>
        <source>customise the booking engine theme</source>
        <translation>sesuaikan tampilan mesin pemesanan (booking engine)</translation>
    </message>
    <message numerus="yes">
        <source>Hotel: %1, %n room(s)</source>
        <translation>
            <numerusform>Hotel: %1, %n kamar</numerusform>
        </translation>
    </message>
    <message>
        <source>Licence: %1, active until %2</source>
        <translation>Lisensi: %1, aktif sampai %2</translation>
    </message>
    <message>
        <source>Administrator: %1 (two-factor sign-in on)</source>
        <translation>Administrator: %1 (login dua faktor aktif)</translation>
    </message>
    <message>
        <source>Could not set up the monitor to start at login: %1</source>
        <translation>Tidak dapat mengatur pemantau agar berjalan saat login: %1</translation>
    </message>
    <message>
        <source>The panel opens in your web browser: %1</source>
        <translation>Panel dibuka di browser web Anda: %1</translation>
    </message>
    <message>
        <source>No web browser opened. Open this address in your browser (it was copied): %1</source>
        <translation>Tidak ada browser web yang terbuka. Buka alamat ini di browser Anda (sudah disalin): %1</translation>
    </message>
    <message>
        <source>Could not switch off the monitor at login: %1</source>
        <translation>Pemantau tidak dapat dimatikan saat login: %1</translation>
    </message>
    <message>
        <source>The licence monitor (hotelhub-tray) was not found beside this program, so it cannot start at login. Reinstall HotelHub, or untick the box and start the monitor yourself.</source>
        <translation>Pemantau lisensi (hotelhub-tray) tidak ditemukan di samping program ini, jadi tidak dapat berjalan saat login. Instal ulang HotelHub, atau hapus centang dan jalankan pemantau sendiri.</translation>
    </message>
    <message>
        <source>Could not create the heartbeat task: %1</source>
        <translation>Tugas heartbeat tidak bisa dibuat: %1</translation>
    </message>
    <message>
        <source>Licence: %1, activated offline, valid until %2</source>
        <translation>Lisensi: %1, diaktifkan offline, berlaku sampai %2</translation>
    </message>
    <message>
        <source>Licence: %1, %2</source>
        <translation>Lisensi: %1, %2</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::LicenseKeyPage</name>
    <message>
        <source>Licence key</source>
        <translation>Kunci lisensi</translation>
    </message>
    <message>
        <source>The key from your purchase e-mail.</source>
        <translation>Kunci dari email pembelian Anda.</translation>
    </message>
    <message>
        <source>&amp;Licence key:</source>
        <translation>Ku&amp;nci lisensi:</translation>
    </message>
    <message>
        <source>Check your purchase e-mail. Format: HMS-...-...-...-...</source>
        <translation>Cek email pembelian Anda. Format: HMS-...-...-...-...</translation>
    </message>
    <message>
        <source>This installation is paired, but the licence does not work here now: %1. Type the licence key again; the next page asks the vendor and says what to do.</source>
        <translation>Instalasi ini sudah dipasangkan, tetapi lisensinya sekarang tidak berlaku di sini: %1. Ketik lagi kunci lisensi; halaman berikutnya menanyakan ke vendor dan menjelaskan langkah selanjutnya.</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::MigrateRunPage</name>
    <message>
        <source>Moving the licence</source>
        <translation>Memindahkan lisensi</translation>
    </message>
    <message>
        <source>Moving the licence to this device…</source>
        <translation>Memindahkan lisensi ke perangkat ini…</translation>
    </message>
    <message>
        <source>Licence active until %1</source>
        <translation>Lisensi aktif sampai %1</translation>
    </message>
    <message>
        <source>The licence now lives on this device. The old device stops working at its next check.</source>
        <translation>Lisensi sekarang berada di perangkat ini. Perangkat lama berhenti berfungsi pada pemeriksaan berikutnya.</translation>
    </message>
    <message>
        <source>The licence was not moved.</source>
        <translation>Lisensi tidak dipindahkan.</translation>
    </message>
    <message>
        <source>The licence server moves the licence to this device.</source>
        <translation>Server lisensi memindahkan lisensi ke perangkat ini.</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::PairingPage</name>
    <message>
        <source>Move installation</source>
        <translation>Pindah Instalasi</translation>
    </message>
    <message>
        <source>The licence will be moved to this device. The old device will be deactivated automatically. Continue?</source>
        <translation>Lisensi akan dipindahkan ke perangkat ini. Perangkat lama otomatis dinonaktifkan. Lanjutkan?</translation>
    </message>
    <message>
        <source>Moving the licence to this device…</source>
        <translation>Memindahkan lisensi ke perangkat ini…</translation>
    </message>
    <message>
        <source>Moved from the setup wizard (already paired elsewhere)</source>
        <translation>Dipindahkan dari setup (sudah terpasang di tempat lain)</translation>
    </message>
    <message>
        <source>Pairing</source>
        <translation>Pemasangan lisensi</translation>
    </message>
    <message>
        <source>This installation is registered with the licence server.</source>
        <translation>Instalasi ini didaftarkan ke server lisensi.</translation>
    </message>
    <message>
        <source>&amp;Move the licence to this device</source>
        <translation>&amp;Pindahkan lisensi ke perangkat ini</translation>
    </message>
    <message>
        <source>Contacting the licence server…</source>
        <translation>Menghubungi server lisensi…</translation>
    </message>
    <message>
        <source>Pairing cancelled.</source>
        <translation>Pemasangan lisensi dibatalkan.</translation>
    </message>
    <message>
        <source>Pairing failed.</source>
        <translation>Pemasangan lisensi gagal.</translation>
    </message>
    <message>
        <source>Licence active until %1</source>
        <translation>Lisensi aktif sampai %1</translation>
    </message>
    <message>
        <source>Plan: %1</source>
        <translation>Paket: %1</translation>
    </message>
    <message>
        <source>Features: %1</source>
        <translation>Fitur: %1</translation>
    </message>
    <message numerus="yes">
        <source>Up to %n room(s)</source>
        <translation>
            <numerusform>Sampai %n kamar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>up to %n user(s)</source>
        <translation>
            <numerusform>sampai %n pengguna</numerusform>
        </translation>
    </message>
    <message>
        <source>This licence is already installed on another device.</source>
        <translation>Lisensi ini sudah terpasang di perangkat lain.</translation>
    </message>
    <message>
        <source>If this computer replaces that one, press &quot;Move the licence to this device&quot; below. If not, close the setup: the licence stays where it is.</source>
        <translation>Jika komputer ini menggantikan perangkat itu, tekan &quot;Pindahkan lisensi ke perangkat ini&quot; di bawah. Jika tidak, tutup setup: lisensi tetap di tempatnya.</translation>
    </message>
    <message>
        <source>&amp;Check again</source>
        <translation>&amp;Cek Lagi</translation>
    </message>
    <message>
        <source>Cancel &amp;pairing</source>
        <translation>&amp;Batalkan pemasangan</translation>
    </message>
    <message>
        <source>No internet? Activate &amp;offline</source>
        <translation>Tidak ada internet? Aktivasi &amp;offline</translation>
    </message>
    <message>
        <source>Licence activated offline, valid until %1. Renew it the same way before then, or let the heartbeat renew it when the internet appears.</source>
        <translation>Lisensi diaktifkan secara offline, berlaku sampai %1. Perpanjang dengan cara yang sama sebelum tanggal itu, atau biarkan heartbeat memperpanjangnya saat internet tersedia.</translation>
    </message>
    <message>
        <source>Checking the licence with the vendor…</source>
        <translation>Memeriksa lisensi ke vendor…</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::PropertyPage</name>
    <message numerus="yes">
        <source>Your licence allows up to %n room(s).</source>
        <translation>
            <numerusform>Lisensi Anda mengizinkan sampai %n kamar.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: choose the city or the regency</source>
        <comment>Bogor: …</comment>
        <translation>%1: pilih kota atau kabupatennya</translation>
    </message>
    <message>
        <source>%1 is both a city (Kota) and a regency (Kabupaten), each with its own hotel tax: choose which one the hotel is in.</source>
        <translation>%1 adalah nama kota dan juga kabupaten, masing-masing dengan pajak hotelnya sendiri: pilih di mana hotel Anda berada.</translation>
    </message>
    <message numerus="yes">
        <source>%n room(s) typed, but your licence allows up to %1. Ask the vendor for a larger licence, or type the rooms you will use now.</source>
        <translation>
            <numerusform>%n kamar diketik, tetapi lisensi Anda mengizinkan sampai %1 kamar. Minta lisensi yang lebih besar ke vendor, atau ketik jumlah kamar yang dipakai sekarang.</numerusform>
        </translation>
    </message>
    <message>
        <source>Western Indonesia Time</source>
        <translation>Waktu Indonesia Barat</translation>
    </message>
    <message>
        <source>Central Indonesia Time</source>
        <translation>Waktu Indonesia Tengah</translation>
    </message>
    <message>
        <source>Eastern Indonesia Time</source>
        <translation>Waktu Indonesia Timur</translation>
    </message>
    <message>
        <source>Type how many rooms the hotel has (at least 1).</source>
        <translation>Ketik jumlah kamar hotel (paling sedikit 1).</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::SetupPage</name>
    <message>
        <source>More help</source>
        <translation>Bantuan lebih lanjut</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Kesalahan</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Langkah %1 dari %2</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::SetupWizard</name>
    <message>
        <source>HotelHub setup</source>
        <translation>Setup HotelHub</translation>
    </message>
    <message>
        <source>HotelHub — move installation</source>
        <translation>HotelHub — pindah instalasi</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Kembali</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Lanjut &gt;</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Selesai</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <source>Save and co&amp;ntinue &gt;</source>
        <translation>Simpan dan &amp;lanjut &gt;</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::StatusWindow</name>
    <message>
        <source>HotelHub licence</source>
        <translation>Lisensi HotelHub</translation>
    </message>
    <message>
        <source>Checking the licence with the vendor…</source>
        <translation>Memeriksa lisensi ke vendor…</translation>
    </message>
    <message>
        <source>Checked with the vendor just now.</source>
        <translation>Baru saja diperiksa ke vendor.</translation>
    </message>
    <message>
        <source>Cl&amp;ose</source>
        <translation>&amp;Tutup</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::WelcomePage</name>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Mulai</translation>
    </message>
</context>
<context>
    <name>hotelhub::tray::Banner</name>
    <message>
        <source>Hide for 24 hours</source>
        <translation>Sembunyikan 24 jam</translation>
    </message>
</context>
<context>
    <name>hotelhub::tray::LockScreen</name>
    <message>
        <source>Hardware change detected. Re-pair?</source>
        <translation>Perangkat keras komputer ini berubah. Pindahkan lisensi ke sini?</translation>
    </message>
    <message>
        <source>Changed since pairing: %1</source>
        <translation>Berubah sejak lisensi dipasangkan: %1</translation>
    </message>
    <message>
        <source>&amp;Yes, move the licence here</source>
        <translation>&amp;Ya, pindahkan lisensi ke sini</translation>
    </message>
    <message>
        <source>&amp;Not now</source>
        <translation>&amp;Nanti saja</translation>
    </message>
    <message>
        <source>&amp;Check again</source>
        <translation>&amp;Cek Lagi</translation>
    </message>
    <message>
        <source>&amp;Hide</source>
        <translation>&amp;Sembunyikan</translation>
    </message>
    <message>
        <source>I &amp;understand</source>
        <translation>Saya &amp;mengerti</translation>
    </message>
    <message>
        <source>O&amp;ffline activation…</source>
        <translation>Aktivasi o&amp;ffline…</translation>
    </message>
    <message>
        <source>&amp;Move it back here</source>
        <translation>&amp;Pindahkan kembali ke sini</translation>
    </message>
</context>
<context>
    <name>hotelhub::tray::TrayController</name>
    <message>
        <source>Please wait</source>
        <translation>Mohon tunggu</translation>
    </message>
    <message numerus="yes">
        <source>The licence was checked less than a minute ago; try again in %n second(s).</source>
        <translation>
            <numerusform>Lisensi baru diperiksa kurang dari semenit yang lalu; coba lagi dalam %n detik.</numerusform>
        </translation>
    </message>
    <message>
        <source>Licence status</source>
        <translation>Status lisensi</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>Periksa sekarang</translation>
    </message>
    <message>
        <source>Quit monitor</source>
        <translation>Tutup pemantau</translation>
    </message>
    <message>
        <source>Unpair</source>
        <translation>Lepas lisensi</translation>
    </message>
    <message>
        <source>Unpairing releases the licence from this computer. HotelHub stops working here until it is paired again. Continue?</source>
        <translation>Melepas lisensi membebaskannya dari komputer ini. HotelHub berhenti berfungsi di sini sampai dipasangkan lagi. Lanjut?</translation>
    </message>
    <message>
        <source>Are you sure? This cannot be undone from this computer.</source>
        <translation>Anda yakin? Ini tidak dapat dibatalkan dari komputer ini.</translation>
    </message>
    <message>
        <source>Unpaired from the tray monitor</source>
        <translation>Dilepas dari pemantau lisensi</translation>
    </message>
    <message>
        <source>Licence adjusted</source>
        <translation>Lisensi disesuaikan</translation>
    </message>
    <message>
        <source>The network card changed; the licence was adjusted automatically.</source>
        <translation>Kartu jaringan berganti; lisensi disesuaikan otomatis.</translation>
    </message>
    <message>
        <source>The operating system was upgraded; the licence was adjusted automatically.</source>
        <translation>Sistem operasi diperbarui; lisensi disesuaikan otomatis.</translation>
    </message>
    <message>
        <source>Keep the licence monitor running?</source>
        <translation>Biarkan pemantau lisensi tetap berjalan?</translation>
    </message>
    <message>
        <source>This computer shows no system tray, so this window is the licence monitor. Closing it would stop the daily licence check and HotelHub&apos;s link to it.

Keep it running in the background? To open this window again, start &quot;HotelHub License Monitor&quot; from the menu.</source>
        <translation>Komputer ini tidak menampilkan system tray, jadi jendela inilah pemantau lisensi. Menutupnya akan menghentikan pemeriksaan lisensi harian dan sambungan HotelHub ke pemantau ini.

Biarkan tetap berjalan di latar belakang? Untuk membuka jendela ini lagi, jalankan &quot;Pemantau Lisensi HotelHub&quot; dari menu.</translation>
    </message>
    <message>
        <source>&amp;Keep running</source>
        <translation>&amp;Tetap berjalan</translation>
    </message>
    <message>
        <source>&amp;Quit the monitor</source>
        <translation>&amp;Keluar dari pemantau</translation>
    </message>
    <message>
        <source>Checking the licence with the vendor…</source>
        <translation>Memeriksa lisensi ke vendor…</translation>
    </message>
    <message>
        <source>Checked with the vendor just now.</source>
        <translation>Baru saja diperiksa ke vendor.</translation>
    </message>
    <message>
        <source>The licence check did not finish</source>
        <translation>Pemeriksaan lisensi tidak selesai</translation>
    </message>
    <message>
        <source>The local API for the HMS is working again (port %1).</source>
        <translation>API lokal untuk HMS berfungsi lagi (port %1).</translation>
    </message>
    <message>
        <source>The local API for the HMS could not start on %1:%2 (%3). The licence monitor keeps working and tries again every minute. If another program uses that port, close it, or ask support to choose another port (--api-listen).</source>
        <translation>API lokal untuk HMS tidak bisa berjalan di %1:%2 (%3). Pemantau lisensi tetap bekerja dan mencoba lagi setiap menit. Jika ada program lain yang memakai port itu, tutup program tersebut, atau minta tim dukungan memilih port lain (--api-listen).</translation>
    </message>
    <message>
        <source>Licence checked</source>
        <translation>Lisensi sudah diperiksa</translation>
    </message>
    <message>
        <source>The licence database is open for reading only: the state is shown, nothing new is saved until it can be written.</source>
        <translation>Basis data lisensi hanya dibuka untuk dibaca: keadaannya ditampilkan, tidak ada yang baru disimpan sampai bisa ditulis lagi.</translation>
    </message>
    <message>
        <source>HotelHub opens it again by itself once it can be written.</source>
        <translation>HotelHub membukanya lagi sendiri begitu bisa ditulis.</translation>
    </message>
    <message>
        <source>Nothing new can be saved</source>
        <translation>Tidak ada yang baru yang dapat disimpan</translation>
    </message>
    <message>
        <source>The setup program (hotelhub-setup) could not be started from %1 or the PATH, so the licence was not moved. Start &quot;HotelHub Setup&quot; from the menu with --migrate, or install HotelHub again.</source>
        <translation>Program penyiapan (hotelhub-setup) tidak dapat dijalankan dari %1 atau PATH, jadi lisensi tidak dipindahkan. Jalankan &quot;HotelHub Setup&quot; dari menu dengan --migrate, atau pasang ulang HotelHub.</translation>
    </message>
    <message>
        <source>The licence was not moved</source>
        <translation>Lisensi tidak dipindahkan</translation>
    </message>
    <message>
        <source>The licence sheet was checked just now.</source>
        <translation>Sheet lisensi baru saja diperiksa.</translation>
    </message>
    <message>
        <source>Checking the licence sheet…</source>
        <translation>Memeriksa sheet lisensi…</translation>
    </message>
</context>
<context>
    <name>hotelhub::widgets::HeartbeatChart</name>
    <message>
        <source>%1 of the last %2 heartbeats succeeded</source>
        <translation>%1 dari %2 heartbeat terakhir berhasil</translation>
    </message>
    <message>
        <source>No heartbeats yet</source>
        <translation>Belum ada heartbeat</translation>
    </message>
</context>
<context>
    <name>hotelhub::widgets::LicenseStatusView</name>
    <message>
        <source>Diagnostic</source>
        <translation>Diagnostik</translation>
    </message>
    <message>
        <source>The diagnostic below was copied; paste it into a message to support.</source>
        <translation>Diagnostik di bawah sudah disalin; tempelkan ke pesan untuk tim dukungan.</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Vendor portal</source>
        <translation>Portal vendor</translation>
    </message>
    <message>
        <source>Contact the vendor:</source>
        <translation>Hubungi vendor:</translation>
    </message>
    <message numerus="yes">
        <source>Works offline until %1 (%n day(s) left) — renewed by every heartbeat</source>
        <translation>
            <numerusform>Bisa bekerja tanpa internet sampai %1 (sisa %n hari) — diperpanjang oleh setiap heartbeat</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Licence valid until %1 (%n day(s))</source>
        <translation>
            <numerusform>Lisensi berlaku sampai %1 (%n hari)</numerusform>
        </translation>
    </message>
    <message>
        <source>Not paired</source>
        <translation>Belum dipasangkan</translation>
    </message>
    <message numerus="yes">
        <source>%n room(s)</source>
        <translation>
            <numerusform>%n kamar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n user(s)</source>
        <translation>
            <numerusform>%n pengguna</numerusform>
        </translation>
    </message>
    <message>
        <source>HotelHub version %1</source>
        <translation>HotelHub versi %1</translation>
    </message>
    <message numerus="yes">
        <source>computer on for %n hour(s)</source>
        <translation>
            <numerusform>komputer menyala %n jam</numerusform>
        </translation>
    </message>
    <message>
        <source>Installation identity created</source>
        <translation>Identitas instalasi dibuat</translation>
    </message>
    <message>
        <source>Licence paired (plan %1)</source>
        <translation>Lisensi dipasangkan (paket %1)</translation>
    </message>
    <message>
        <source>Licence moved to this computer</source>
        <translation>Lisensi dipindahkan ke komputer ini</translation>
    </message>
    <message>
        <source>Licence moved to this computer (reason: %1)</source>
        <translation>Lisensi dipindahkan ke komputer ini (alasan: %1)</translation>
    </message>
    <message>
        <source>Licence token replaced</source>
        <translation>Token lisensi diganti</translation>
    </message>
    <message>
        <source>Network card changed; the licence adjusted itself</source>
        <translation>Kartu jaringan berganti; lisensi menyesuaikan sendiri</translation>
    </message>
    <message>
        <source>Licence released from this computer</source>
        <translation>Lisensi dilepas dari komputer ini</translation>
    </message>
    <message>
        <source>Warning hidden for 24 hours</source>
        <translation>Peringatan disembunyikan 24 jam</translation>
    </message>
    <message>
        <source>Setup completed</source>
        <translation>Setup selesai</translation>
    </message>
    <message>
        <source>Licence state: %1</source>
        <translation>Status lisensi: %1</translation>
    </message>
    <message>
        <source>Licence activated offline, valid until %1</source>
        <translation>Lisensi diaktifkan secara offline, berlaku sampai %1</translation>
    </message>
    <message>
        <source>Offline activation renewed, valid until %1</source>
        <translation>Aktivasi offline diperpanjang, berlaku sampai %1</translation>
    </message>
    <message numerus="yes">
        <source>Offline activation until %1 (%n day(s) left): renew it before then, or let a heartbeat renew it</source>
        <translation>
            <numerusform>Aktivasi offline sampai %1 (sisa %n hari): perpanjang sebelum tanggal itu, atau biarkan heartbeat memperpanjangnya</numerusform>
        </translation>
    </message>
    <message>
        <source>More help</source>
        <translation>Bantuan lebih lanjut</translation>
    </message>
    <message>
        <source>Licence ended on %1</source>
        <translation>Lisensi berakhir pada %1</translation>
    </message>
</context>
<context>
    <name>hotelhub::widgets::OfflineActivationDialog</name>
    <message>
        <source>Offline activation</source>
        <translation>Aktivasi offline</translation>
    </message>
    <message>
        <source>No internet on this computer? Activate the licence with your phone: the request goes to your vendor, the answer comes back.</source>
        <translation>Komputer ini tidak punya internet? Aktifkan lisensi dengan ponsel Anda: permintaan dikirim ke vendor, jawabannya dikirim kembali.</translation>
    </message>
    <message>
        <source>1. Send this request to your vendor</source>
        <translation>1. Kirim permintaan ini ke vendor</translation>
    </message>
    <message>
        <source>Photograph the QR code with your phone and send it by WhatsApp, or save it as a file (for a USB stick or e-mail), or copy the text.</source>
        <translation>Foto kode QR dengan ponsel lalu kirim lewat WhatsApp, atau simpan sebagai file (untuk flashdisk atau e-mail), atau salin teksnya.</translation>
    </message>
    <message>
        <source>&amp;Save request as file…</source>
        <translation>&amp;Simpan permintaan sebagai file…</translation>
    </message>
    <message>
        <source>Co&amp;py text</source>
        <translation>Sa&amp;lin teks</translation>
    </message>
    <message numerus="yes">
        <source>Your vendor answers a request up to %n days old.</source>
        <translation>
            <numerusform>Vendor menjawab permintaan yang berumur paling lama %n hari.</numerusform>
        </translation>
    </message>
    <message>
        <source>2. Apply the vendor&apos;s answer</source>
        <translation>2. Terapkan jawaban vendor</translation>
    </message>
    <message>
        <source>&amp;Open answer file…</source>
        <translation>&amp;Buka file jawaban…</translation>
    </message>
    <message>
        <source>&amp;Apply code</source>
        <translation>Te&amp;rapkan kode</translation>
    </message>
    <message>
        <source>Save activation request</source>
        <translation>Simpan permintaan aktivasi</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>File teks (*.txt)</translation>
    </message>
    <message>
        <source>Open the vendor&apos;s answer</source>
        <translation>Buka jawaban vendor</translation>
    </message>
    <message>
        <source>Answer files (*.json *.txt);;All files (*)</source>
        <translation>File jawaban (*.json *.txt);;Semua file (*)</translation>
    </message>
    <message>
        <source>Or type the code your vendor reads to you (26 groups of 5 characters):</source>
        <translation>Atau ketik kode yang dibacakan vendor (26 kelompok berisi 5 karakter):</translation>
    </message>
    <message>
        <source>Or type the code your vendor reads to you (for a renewal with an Ed25519 vendor key; a first activation needs the answer file):</source>
        <translation>Atau ketik kode yang dibacakan vendor (untuk perpanjangan dengan kunci vendor Ed25519; aktivasi pertama memerlukan file jawaban):</translation>
    </message>
    <message>
        <source>The request was not saved: %1</source>
        <translation>Permintaan tidak tersimpan: %1</translation>
    </message>
    <message>
        <source>Saved to %1. Send that file to your vendor.</source>
        <translation>Disimpan di %1. Kirim file itu ke vendor.</translation>
    </message>
    <message>
        <source>Cannot read the answer: %1</source>
        <translation>Tidak dapat membaca jawaban: %1</translation>
    </message>
</context>
</TS>
