<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
<context>
    <name>AdminPage</name>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>The first user of the panel, with every right (the owner&apos;s role). Two-factor sign-in is required.</source>
        <translation>The first user of the panel, with every right (the owner&apos;s role). Two-factor sign-in is required.</translation>
    </message>
    <message>
        <source>Na&amp;me:</source>
        <translation>Na&amp;me:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>&amp;Confirm password:</source>
        <translation>&amp;Confirm password:</translation>
    </message>
    <message>
        <source>Strength:</source>
        <translation>Strength:</translation>
    </message>
    <message>
        <source>Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, Authy), then type the 6-digit code it shows.</source>
        <translation>Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, Authy), then type the 6-digit code it shows.</translation>
    </message>
    <message>
        <source>This is a new QR code. If you scanned a HotelHub code before the setup was interrupted, delete that entry in your authenticator app and scan this one: the old entry&apos;s codes no longer work.</source>
        <translation>This is a new QR code. If you scanned a HotelHub code before the setup was interrupted, delete that entry in your authenticator app and scan this one: the old entry&apos;s codes no longer work.</translation>
    </message>
    <message>
        <source>QR code for the authenticator app</source>
        <translation>QR code for the authenticator app</translation>
    </message>
    <message>
        <source>6-&amp;digit code:</source>
        <translation>6-&amp;digit code:</translation>
    </message>
    <message>
        <source>Recovery codes: each one signs in once if the phone is lost. They are shown only now; write them down or print them and keep them somewhere safe.</source>
        <translation>Recovery codes: each one signs in once if the phone is lost. They are shown only now; write them down or print them and keep them somewhere safe.</translation>
    </message>
    <message>
        <source>I have &amp;saved the recovery codes</source>
        <translation>I have &amp;saved the recovery codes</translation>
    </message>
</context>
<context>
    <name>AppPaths</name>
    <message>
        <source>Cannot create the data folder %1. Choose another with --data-dir or HOTELHUB_DATA_DIR, or fix its permissions.</source>
        <translation>Cannot create the data folder %1. Choose another with --data-dir or HOTELHUB_DATA_DIR, or fix its permissions.</translation>
    </message>
    <message>
        <source>The data folder %1 is not writable by this user. Fix its permissions or choose another with --data-dir.</source>
        <translation>The data folder %1 is not writable by this user. Fix its permissions or choose another with --data-dir.</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder, so it cannot be the data folder. Name a folder with --data-dir or HOTELHUB_DATA_DIR.</source>
        <translation>%1 is a file, not a folder, so it cannot be the data folder. Name a folder with --data-dir or HOTELHUB_DATA_DIR.</translation>
    </message>
    <message>
        <source>The data folder %1 is on a disk mounted read-only. Mount it read-write, or choose another folder with --data-dir.</source>
        <translation>The data folder %1 is on a disk mounted read-only. Mount it read-write, or choose another folder with --data-dir.</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>audit row %1 does not follow the row before it (a row was deleted or inserted)</source>
        <translation>audit row %1 does not follow the row before it (a row was deleted or inserted)</translation>
    </message>
    <message>
        <source>audit row %1 was changed after it was written</source>
        <translation>audit row %1 was changed after it was written</translation>
    </message>
</context>
<context>
    <name>CliApp</name>
    <message>
        <source>Unknown command or extra argument: %1</source>
        <translation>Unknown command or extra argument: %1</translation>
    </message>
    <message>
        <source>--at needs an ISO-8601 date or time (2027-01-31, 2027-01-31T03:00:00Z) or an offset such as +45d, -2h.</source>
        <translation>--at needs an ISO-8601 date or time (2027-01-31, 2027-01-31T03:00:00Z) or an offset such as +45d, -2h.</translation>
    </message>
    <message>
        <source>An installation identity already exists; kept it (use --force to regenerate).</source>
        <translation>An installation identity already exists; kept it (use --force to regenerate).</translation>
    </message>
    <message>
        <source>The previous pairing was removed. Pair again, or move the licence here with `hotelhub-setup --migrate`.</source>
        <translation>The previous pairing was removed. Pair again, or move the licence here with `hotelhub-setup --migrate`.</translation>
    </message>
    <message>
        <source>Plan: %1</source>
        <translation>Plan: %1</translation>
    </message>
    <message>
        <source>Valid until: %1</source>
        <translation>Valid until: %1</translation>
    </message>
    <message>
        <source>Grace until: %1</source>
        <translation>Grace until: %1</translation>
    </message>
    <message>
        <source>Last heartbeat: %1</source>
        <translation>Last heartbeat: %1</translation>
    </message>
    <message>
        <source>Next heartbeat: %1</source>
        <translation>Next heartbeat: %1</translation>
    </message>
    <message>
        <source>Install ID: %1</source>
        <translation>Install ID: %1</translation>
    </message>
    <message>
        <source>(evaluated at %1; nothing was recorded)</source>
        <translation>(evaluated at %1; nothing was recorded)</translation>
    </message>
    <message>
        <source>The option --%1 does not apply to &apos;%2&apos;.</source>
        <translation>The option --%1 does not apply to &apos;%2&apos;.</translation>
    </message>
    <message>
        <source>Unpairing releases the licence from this installation; HotelHub stops working here until it is paired again. Run again with --yes to confirm.</source>
        <translation>Unpairing releases the licence from this installation; HotelHub stops working here until it is paired again. Run again with --yes to confirm.</translation>
    </message>
    <message>
        <source>migrate needs --reason TEXT (for example &quot;server replaced&quot;): the vendor keeps it in the audit trail.</source>
        <translation>migrate needs --reason TEXT (for example &quot;server replaced&quot;): the vendor keeps it in the audit trail.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; needs a vendor licence server; this installation runs in sheet mode (LICENSE_API_URL is set).</source>
        <translation>&apos;%1&apos; needs a vendor licence server; this installation runs in sheet mode (LICENSE_API_URL is set).</translation>
    </message>
    <message>
        <source>Licence key (HMS-XXXXX-XXXXX-XXXXX-XXXXX): </source>
        <translation>Licence key (HMS-XXXXX-XXXXX-XXXXX-XXXXX): </translation>
    </message>
    <message>
        <source>Help: %1</source>
        <translation>Help: %1</translation>
    </message>
    <message>
        <source>(code %1%2)</source>
        <translation>(code %1%2)</translation>
    </message>
    <message>
        <source>Paired %1. Licence active until %2 (plan %3).</source>
        <translation>Paired %1. Licence active until %2 (plan %3).</translation>
    </message>
    <message>
        <source>Not paired: nothing to send.</source>
        <translation>Not paired: nothing to send.</translation>
    </message>
    <message>
        <source>Heartbeat accepted; token renewed until %1. State: %2.</source>
        <translation>Heartbeat accepted; token renewed until %1. State: %2.</translation>
    </message>
    <message>
        <source>New token stored; the previous one no longer works.</source>
        <translation>New token stored; the previous one no longer works.</translation>
    </message>
    <message>
        <source>Unpaired. The licence can now be paired on another installation.</source>
        <translation>Unpaired. The licence can now be paired on another installation.</translation>
    </message>
    <message>
        <source>The licence now lives on this installation (active until %1). The previous installation stops working at its next check.</source>
        <translation>The licence now lives on this installation (active until %1). The previous installation stops working at its next check.</translation>
    </message>
    <message>
        <source>Source: Google Sheet (sheet mode)</source>
        <translation>Source: Google Sheet (sheet mode)</translation>
    </message>
    <message>
        <source>Last online check: %1</source>
        <translation>Last online check: %1</translation>
    </message>
    <message>
        <source>Sheet checked (%1). State: %2.</source>
        <translation>Sheet checked (%1). State: %2.</translation>
    </message>
    <message>
        <source>Kept the install ID from LICENSE_INSTALL_ID in %1, so the vendor recognises this installation.</source>
        <translation>Kept the install ID from LICENSE_INSTALL_ID in %1, so the vendor recognises this installation.</translation>
    </message>
    <message>
        <source>This state was read but not recorded.</source>
        <translation>This state was read but not recorded.</translation>
    </message>
    <message>
        <source>Settings file %1, %2</source>
        <translation>Settings file %1, %2</translation>
    </message>
    <message>
        <source>create (or with --force, regenerate) the install_id and fingerprint;
a new one keeps a well-formed LICENSE_INSTALL_ID from the .env</source>
        <translation>create (or with --force, regenerate) the install_id and fingerprint;
a new one keeps a well-formed LICENSE_INSTALL_ID from the .env</translation>
    </message>
    <message>
        <source>pair this installation with the vendor (KEY &apos;-&apos; or absent: read from stdin)</source>
        <translation>pair this installation with the vendor (KEY &apos;-&apos; or absent: read from stdin)</translation>
    </message>
    <message>
        <source>show the local licence state; WHEN is ISO-8601 or +Nd/+Nh/-Nd
(a what-if evaluation that writes nothing)</source>
        <translation>show the local licence state; WHEN is ISO-8601 or +Nd/+Nh/-Nd
(a what-if evaluation that writes nothing)</translation>
    </message>
    <message>
        <source>send the heartbeat now</source>
        <translation>send the heartbeat now</translation>
    </message>
    <message>
        <source>send it only when the schedule says it is due (cron, systemd timer)</source>
        <translation>send it only when the schedule says it is due (cron, systemd timer)</translation>
    </message>
    <message>
        <source>ask the vendor for a new token (the old one stops working)</source>
        <translation>ask the vendor for a new token (the old one stops working)</translation>
    </message>
    <message>
        <source>release the licence from this installation</source>
        <translation>release the licence from this installation</translation>
    </message>
    <message>
        <source>move the licence to this machine (the old one stops working)</source>
        <translation>move the licence to this machine (the old one stops working)</translation>
    </message>
    <message>
        <source>the support checklist ([✓]/[✗])</source>
        <translation>the support checklist ([✓]/[✗])</translation>
    </message>
    <message>
        <source>Usage: hotelhub-license [--env FILE] [--data-dir DIR] [--lang id|en] &lt;command&gt; [options]

Commands:
</source>
        <translation>Usage: hotelhub-license [--env FILE] [--data-dir DIR] [--lang id|en] &lt;command&gt; [options]

Commands:
</translation>
    </message>
    <message>
        <source>Windows, as administrator: a task that sends the heartbeat hourly as SYSTEM,
also while nobody is logged on (--remove takes it away)</source>
        <translation>Windows, as administrator: a task that sends the heartbeat hourly as SYSTEM,
also while nobody is logged on (--remove takes it away)</translation>
    </message>
    <message>
        <source>The heartbeat task is removed.</source>
        <translation>The heartbeat task is removed.</translation>
    </message>
    <message>
        <source>Created the task %1: it runs `hotelhub-license heartbeat-retry` for %2 every hour and at start-up, as SYSTEM, also while nobody is logged on.</source>
        <translation>Created the task %1: it runs `hotelhub-license heartbeat-retry` for %2 every hour and at start-up, as SYSTEM, also while nobody is logged on.</translation>
    </message>
    <message>
        <source>The heartbeat task is for the machine-wide data folder, whose key SYSTEM can read. Run: hotelhub-license --data-dir &quot;%1&quot; schedule-heartbeat</source>
        <translation>The heartbeat task is for the machine-wide data folder, whose key SYSTEM can read. Run: hotelhub-license --data-dir &quot;%1&quot; schedule-heartbeat</translation>
    </message>
    <message>
        <source>The settings file %1 given with %2 does not exist. Check the path.</source>
        <translation>The settings file %1 given with %2 does not exist. Check the path.</translation>
    </message>
    <message>
        <source>Fix that setting in %1; `hotelhub-license diagnostic` lists every check.</source>
        <translation>Fix that setting in %1; `hotelhub-license diagnostic` lists every check.</translation>
    </message>
    <message>
        <source>no internet here: make an activation request for the vendor (text, and FILE with --out);
without --key it renews the licence this installation holds; --move asks to move it here</source>
        <translation>no internet here: make an activation request for the vendor (text, and FILE with --out);
without --key it renews the licence this installation holds; --move asks to move it here</translation>
    </message>
    <message>
        <source>apply the vendor&apos;s answer: its file, or - to read the file, token or typed code from stdin</source>
        <translation>apply the vendor&apos;s answer: its file, or - to read the file, token or typed code from stdin</translation>
    </message>
    <message>
        <source>Renewal request made. Send it to your vendor (a photo of the QR code in the setup program, this text, or the file), then run: hotelhub-license offline-apply FILE</source>
        <translation>Renewal request made. Send it to your vendor (a photo of the QR code in the setup program, this text, or the file), then run: hotelhub-license offline-apply FILE</translation>
    </message>
    <message>
        <source>Activation request made. Send it to your vendor (a photo of the QR code in the setup program, this text, or the file), then run: hotelhub-license offline-apply FILE</source>
        <translation>Activation request made. Send it to your vendor (a photo of the QR code in the setup program, this text, or the file), then run: hotelhub-license offline-apply FILE</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Saved to %1.</translation>
    </message>
    <message>
        <source>The vendor answers requests up to %1 days old.</source>
        <translation>The vendor answers requests up to %1 days old.</translation>
    </message>
    <message>
        <source>offline-apply needs the answer: a FILE, or - to read it (or the typed code) from standard input.</source>
        <translation>offline-apply needs the answer: a FILE, or - to read it (or the typed code) from standard input.</translation>
    </message>
    <message>
        <source>(code %1)</source>
        <translation>(code %1)</translation>
    </message>
    <message>
        <source>Offline activation until: %1 (heartbeats not expected before then)</source>
        <translation>Offline activation until: %1 (heartbeats not expected before then)</translation>
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
        <translation>Files: --env FILE, else HOTELHUB_ENV, else &lt;data dir&gt;/hotelhub.env;
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
</translation>
    </message>
    <message>
        <source>write error</source>
        <translation>write error</translation>
    </message>
    <message>
        <source>The answer could not be written to standard output (%1). The command itself ran to the end (without this it would have ended with exit code %2). Check where its output goes (a full disk, a closed pipe), then run it again; &quot;status&quot; shows the licence as it is now.</source>
        <translation>The answer could not be written to standard output (%1). The command itself ran to the end (without this it would have ended with exit code %2). Check where its output goes (a full disk, a closed pipe), then run it again; &quot;status&quot; shows the licence as it is now.</translation>
    </message>
    <message>
        <source>The data folder %1 given with %2 does not exist, or this user cannot reach it, so there is no installation there; nothing was created. Check the path and the folder&apos;s permissions (the setup wizard or &quot;pair&quot; creates the folder).</source>
        <translation>The data folder %1 given with %2 does not exist, or this user cannot reach it, so there is no installation there; nothing was created. Check the path and the folder&apos;s permissions (the setup wizard or &quot;pair&quot; creates the folder).</translation>
    </message>
    <message>
        <source>The data folder %1 given with %2 holds other files and no HotelHub licence database, so there is no installation there; nothing was created or changed in it. Check the path (the setup wizard or &quot;pair&quot; sets an installation up in a folder of its own).</source>
        <translation>The data folder %1 given with %2 holds other files and no HotelHub licence database, so there is no installation there; nothing was created or changed in it. Check the path (the setup wizard or &quot;pair&quot; sets an installation up in a folder of its own).</translation>
    </message>
    <message>
        <source>Cannot read the answer: %1. Check the file&apos;s name and that this user may read it, or give - and paste the answer (or type its code).</source>
        <translation>Cannot read the answer: %1. Check the file&apos;s name and that this user may read it, or give - and paste the answer (or type its code).</translation>
    </message>
    <message>
        <source>The answer could not be written to standard output (%1). The command stopped with exit code %2: %3 Check where its output goes (a full disk, a closed pipe) too.</source>
        <translation>The answer could not be written to standard output (%1). The command stopped with exit code %2: %3 Check where its output goes (a full disk, a closed pipe) too.</translation>
    </message>
    <message>
        <source>No heartbeat due; the next one is at %1. State: %2.</source>
        <translation>No heartbeat due; the next one is at %1. State: %2.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2. The request was made but not saved: name a file in a folder this user may write, or leave --out out and the request is printed.</source>
        <translation>Cannot write %1: %2. The request was made but not saved: name a file in a folder this user may write, or leave --out out and the request is printed.</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>the disk is full</translation>
    </message>
    <message>
        <source>Cannot write %1: %2. Nothing was saved: name a file this user may write, on a disk with room, or leave --out out and the request is printed.</source>
        <translation>Cannot write %1: %2. Nothing was saved: name a file this user may write, on a disk with room, or leave --out out and the request is printed.</translation>
    </message>
    <message>
        <source>The request could not be written to standard output (%1), so none of it reached you. Run the command again with --out FILE to save it in a file, or where its output can go.</source>
        <translation>The request could not be written to standard output (%1), so none of it reached you. Run the command again with --out FILE to save it in a file, or where its output can go.</translation>
    </message>
    <message>
        <source>The request is saved in %1, but could not also be written to standard output (%2). Send the file to your vendor.</source>
        <translation>The request is saved in %1, but could not also be written to standard output (%2). Send the file to your vendor.</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>State now: %1.</source>
        <translation>State now: %1.</translation>
    </message>
    <message>
        <source>No online check due; the next one is at %1. State: %2.</source>
        <translation>No online check due; the next one is at %1. State: %2.</translation>
    </message>
    <message>
        <source>Here: hotelhub-license migrate --reason &quot;server replaced&quot; (it asks for the licence key).</source>
        <translation>Here: hotelhub-license migrate --reason &quot;server replaced&quot; (it asks for the licence key).</translation>
    </message>
    <message>
        <source>Here: hotelhub-license heartbeat checks again now.</source>
        <translation>Here: hotelhub-license heartbeat checks again now.</translation>
    </message>
    <message>
        <source>--out %1 is a licence key, not a file name. Name the file the request goes to, for example --out request.txt.</source>
        <translation>--out %1 is a licence key, not a file name. Name the file the request goes to, for example --out request.txt.</translation>
    </message>
    <message>
        <source>%1 is a licence key, not the vendor&apos;s answer. offline-apply takes the answer FILE, or - to read it (or the typed code) from standard input.</source>
        <translation>%1 is a licence key, not the vendor&apos;s answer. offline-apply takes the answer FILE, or - to read it (or the typed code) from standard input.</translation>
    </message>
    <message>
        <source>Note: --at %1 is before this installation&apos;s last contact with the vendor (%2), so it reads as a clock set back; --at tells what comes next, not what the licence was then.</source>
        <translation>Note: --at %1 is before this installation&apos;s last contact with the vendor (%2), so it reads as a clock set back; --at tells what comes next, not what the licence was then.</translation>
    </message>
    <message>
        <source>The vendor&apos;s server wrote (as sent): %1</source>
        <translation>The vendor&apos;s server wrote (as sent): %1</translation>
    </message>
    <message>
        <source>This computer&apos;s pairing was removed. The licence stays with the installation it was moved to.</source>
        <translation>This computer&apos;s pairing was removed. The licence stays with the installation it was moved to.</translation>
    </message>
    <message>
        <source>Move request made. Send it to your vendor (a photo of the QR code in the setup program, this text, or the file), then run: hotelhub-license offline-apply FILE</source>
        <translation>Move request made. Send it to your vendor (a photo of the QR code in the setup program, this text, or the file), then run: hotelhub-license offline-apply FILE</translation>
    </message>
</context>
<context>
    <name>ClientSettings</name>
    <message>
        <source>LICENSE_CA_FILE %1 cannot be read or holds no PEM certificate.</source>
        <translation>LICENSE_CA_FILE %1 cannot be read or holds no PEM certificate.</translation>
    </message>
    <message>
        <source>LICENSE_CA_FILE cannot be used: %1.</source>
        <translation>LICENSE_CA_FILE cannot be used: %1.</translation>
    </message>
    <message>
        <source>LICENSE_TIMEOUT_SECONDS &quot;%1&quot; is not a whole number of seconds from 1 to 300; %2 seconds are used instead.</source>
        <translation>LICENSE_TIMEOUT_SECONDS &quot;%1&quot; is not a whole number of seconds from 1 to 300; %2 seconds are used instead.</translation>
    </message>
    <message>
        <source>%1 %2 seconds are used instead.</source>
        <translation>%1 %2 seconds are used instead.</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>Cannot read the licence database %1: %2. Check the file&apos;s permissions.</source>
        <translation>Cannot read the licence database %1: %2. Check the file&apos;s permissions.</translation>
    </message>
    <message>
        <source>%1 is not a SQLite database (it is damaged or belongs to another program). It was left untouched. Move it aside (for example rename it to hotelhub.sqlite.broken) and run `hotelhub-license bootstrap`, or restore it from a backup.</source>
        <translation>%1 is not a SQLite database (it is damaged or belongs to another program). It was left untouched. Move it aside (for example rename it to hotelhub.sqlite.broken) and run `hotelhub-license bootstrap`, or restore it from a backup.</translation>
    </message>
    <message>
        <source>Cannot open the licence database %1: %2. Check free disk space and the folder&apos;s permissions.</source>
        <translation>Cannot open the licence database %1: %2. Check free disk space and the folder&apos;s permissions.</translation>
    </message>
    <message>
        <source>The licence database %1 is damaged (%2). It was left untouched. Restore it from a backup, or move it aside and pair again: your licence key is kept by the vendor, so nothing is lost.</source>
        <translation>The licence database %1 is damaged (%2). It was left untouched. Restore it from a backup, or move it aside and pair again: your licence key is kept by the vendor, so nothing is lost.</translation>
    </message>
    <message>
        <source>%1 is a SQLite database of another program, not a HotelHub licence store. It was left untouched. Point --data-dir at the HotelHub data folder, or move the file aside.</source>
        <translation>%1 is a SQLite database of another program, not a HotelHub licence store. It was left untouched. Point --data-dir at the HotelHub data folder, or move the file aside.</translation>
    </message>
    <message>
        <source>The licence database %1 was written by a newer HotelHub (schema %2, this program knows %3). Update this program; the file was left untouched.</source>
        <translation>The licence database %1 was written by a newer HotelHub (schema %2, this program knows %3). Update this program; the file was left untouched.</translation>
    </message>
    <message>
        <source>Cannot start a transaction on %1: %2</source>
        <translation>Cannot start a transaction on %1: %2</translation>
    </message>
    <message>
        <source>Updating the licence database %1 to schema %2 failed (%3). Nothing was changed; report this to support.</source>
        <translation>Updating the licence database %1 to schema %2 failed (%3). Nothing was changed; report this to support.</translation>
    </message>
    <message>
        <source>Cannot commit the schema update of %1: %2</source>
        <translation>Cannot commit the schema update of %1: %2</translation>
    </message>
    <message>
        <source>The licence database %1 is busy or cannot be written (%2). Nothing was changed. Close other HotelHub programs that may be using it (the tray, a running heartbeat) and try again.</source>
        <translation>The licence database %1 is busy or cannot be written (%2). Nothing was changed. Close other HotelHub programs that may be using it (the tray, a running heartbeat) and try again.</translation>
    </message>
    <message>
        <source>The licence database %1 could not save the change (%2). Nothing was changed; check that the disk is not full and try again.</source>
        <translation>The licence database %1 could not save the change (%2). Nothing was changed; check that the disk is not full and try again.</translation>
    </message>
    <message>
        <source>It was left untouched. Restore it from a backup, or move it aside (for example rename it to %1.broken) and run `hotelhub-license bootstrap --force`: your licence key is kept by the vendor, so nothing is lost.</source>
        <translation>It was left untouched. Restore it from a backup, or move it aside (for example rename it to %1.broken) and run `hotelhub-license bootstrap --force`: your licence key is kept by the vendor, so nothing is lost.</translation>
    </message>
    <message>
        <source>The licence database %1 is empty (0 bytes): it was cut off, for example by a power failure while it was being written.</source>
        <translation>The licence database %1 is empty (0 bytes): it was cut off, for example by a power failure while it was being written.</translation>
    </message>
    <message>
        <source>The licence database %1 is incomplete (%2 bytes): it was cut off, for example by a power failure while it was being written.</source>
        <translation>The licence database %1 is incomplete (%2 bytes): it was cut off, for example by a power failure while it was being written.</translation>
    </message>
    <message>
        <source>the new file could not be completed</source>
        <translation>the new file could not be completed</translation>
    </message>
    <message>
        <source>the new file could not be moved into place</source>
        <translation>the new file could not be moved into place</translation>
    </message>
    <message>
        <source>The licence database %1 cannot be written by this user (the file or its folder is read-only). It was left untouched. Fix the permissions, or choose another data folder with --data-dir.</source>
        <translation>The licence database %1 cannot be written by this user (the file or its folder is read-only). It was left untouched. Fix the permissions, or choose another data folder with --data-dir.</translation>
    </message>
    <message>
        <source>Cannot read the licence database %1 (%2). It was left untouched. Check the permissions of the file and of its folder, close other programs that may lock it, then try again.</source>
        <translation>Cannot read the licence database %1 (%2). It was left untouched. Check the permissions of the file and of its folder, close other programs that may lock it, then try again.</translation>
    </message>
    <message>
        <source>The licence database %1 needs an update to schema %2, but the file or its folder is read-only. It was left untouched. Give this user write permission, then try again.</source>
        <translation>The licence database %1 needs an update to schema %2, but the file or its folder is read-only. It was left untouched. Give this user write permission, then try again.</translation>
    </message>
    <message>
        <source>Cannot read the licence database %1 (%2). It was left untouched. Check free disk space and the permissions of the file and of its folder, then try again.</source>
        <translation>Cannot read the licence database %1 (%2). It was left untouched. Check free disk space and the permissions of the file and of its folder, then try again.</translation>
    </message>
    <message>
        <source>Cannot read the schema version of the licence database %1 (%2). Nothing was changed. Check free disk space and the permissions of the file and of its folder, then try again.</source>
        <translation>Cannot read the schema version of the licence database %1 (%2). Nothing was changed. Check free disk space and the permissions of the file and of its folder, then try again.</translation>
    </message>
</context>
<context>
    <name>DesktopStart</name>
    <message>
        <source>the display this session names (%1) cannot be reached (nothing answers there, or it refuses this user)</source>
        <translation>the display this session names (%1) cannot be reached (nothing answers there, or it refuses this user)</translation>
    </message>
    <message>
        <source>this session has no display (DISPLAY is not set)</source>
        <translation>this session has no display (DISPLAY is not set)</translation>
    </message>
    <message>
        <source>Qt&apos;s Wayland platform was asked for (QT_QPA_PLATFORM or -platform) but this session has no Wayland display (WAYLAND_DISPLAY is not set)</source>
        <translation>Qt&apos;s Wayland platform was asked for (QT_QPA_PLATFORM or -platform) but this session has no Wayland display (WAYLAND_DISPLAY is not set)</translation>
    </message>
</context>
<context>
    <name>Diagnostic</name>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n minute ago</numerusform>
            <numerusform>%n minutes ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n hour ago</numerusform>
            <numerusform>%n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message>
        <source>Data folder writable</source>
        <translation>Data folder writable</translation>
    </message>
    <message>
        <source>%1 is missing or not writable.</source>
        <translation>%1 is missing or not writable.</translation>
    </message>
    <message>
        <source>Fix the folder&apos;s permissions or choose another with --data-dir.</source>
        <translation>Fix the folder&apos;s permissions or choose another with --data-dir.</translation>
    </message>
    <message>
        <source>Installation identity created</source>
        <translation>Installation identity created</translation>
    </message>
    <message>
        <source>This data folder has no install_id yet.</source>
        <translation>This data folder has no install_id yet.</translation>
    </message>
    <message>
        <source>Run `hotelhub-license bootstrap`.</source>
        <translation>Run `hotelhub-license bootstrap`.</translation>
    </message>
    <message>
        <source>Public key intact</source>
        <translation>Public key intact</translation>
    </message>
    <message>
        <source>Reinstall HotelHub or correct LICENSE_PUBLIC_KEY_PATH / LICENSE_PUBLIC_KEY_HASH.</source>
        <translation>Reinstall HotelHub or correct LICENSE_PUBLIC_KEY_PATH / LICENSE_PUBLIC_KEY_HASH.</translation>
    </message>
    <message>
        <source>Licence paired</source>
        <translation>Licence paired</translation>
    </message>
    <message>
        <source>This installation is not paired with a licence.</source>
        <translation>This installation is not paired with a licence.</translation>
    </message>
    <message>
        <source>Run the setup wizard (hotelhub-setup) or `hotelhub-license pair --key HMS-…`.</source>
        <translation>Run the setup wizard (hotelhub-setup) or `hotelhub-license pair --key HMS-…`.</translation>
    </message>
    <message>
        <source>Token valid (exp %1)</source>
        <translation>Token valid (exp %1)</translation>
    </message>
    <message>
        <source>The signed grace period ended; the licence runs in restricted mode.</source>
        <translation>The signed grace period ended; the licence runs in restricted mode.</translation>
    </message>
    <message>
        <source>Bring the server online; the next heartbeat renews the token.</source>
        <translation>Bring the server online; the next heartbeat renews the token.</translation>
    </message>
    <message>
        <source>Token valid</source>
        <translation>Token valid</translation>
    </message>
    <message>
        <source>Pair this installation again, or contact support with this diagnostic.</source>
        <translation>Pair this installation again, or contact support with this diagnostic.</translation>
    </message>
    <message>
        <source>Fingerprint matches</source>
        <translation>Fingerprint matches</translation>
    </message>
    <message>
        <source>The token was issued for another machine fingerprint.</source>
        <translation>The token was issued for another machine fingerprint.</translation>
    </message>
    <message>
        <source>Changed since pairing: %1</source>
        <translation>Changed since pairing: %1</translation>
    </message>
    <message>
        <source>If this is a new server or a restored backup, move the licence here: hotelhub-setup --migrate.</source>
        <translation>If this is a new server or a restored backup, move the licence here: hotelhub-setup --migrate.</translation>
    </message>
    <message>
        <source>Last heartbeat %1</source>
        <translation>Last heartbeat %1</translation>
    </message>
    <message>
        <source>Last heartbeat: never</source>
        <translation>Last heartbeat: never</translation>
    </message>
    <message>
        <source>Last failure: %1</source>
        <translation>Last failure: %1</translation>
    </message>
    <message>
        <source>Check the server&apos;s internet connection, then run `hotelhub-license heartbeat`.</source>
        <translation>Check the server&apos;s internet connection, then run `hotelhub-license heartbeat`.</translation>
    </message>
    <message>
        <source>System clock plausible</source>
        <translation>System clock plausible</translation>
    </message>
    <message>
        <source>The clock is earlier than the last time this licence was seen, or the token comes from the future.</source>
        <translation>The clock is earlier than the last time this licence was seen, or the token comes from the future.</translation>
    </message>
    <message>
        <source>Turn on automatic date and time, then run a heartbeat.</source>
        <translation>Turn on automatic date and time, then run a heartbeat.</translation>
    </message>
    <message numerus="yes">
        <source>Audit log intact (%n entries)</source>
        <translation>
            <numerusform>Audit log intact (%n entry)</numerusform>
            <numerusform>Audit log intact (%n entries)</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit log was edited outside HotelHub. Keep a copy of the database and tell support.</source>
        <translation>The audit log was edited outside HotelHub. Keep a copy of the database and tell support.</translation>
    </message>
    <message>
        <source>Plan: %1</source>
        <translation>Plan: %1</translation>
    </message>
    <message>
        <source>Features: %1</source>
        <translation>Features: %1</translation>
    </message>
    <message>
        <source>Usage: %1/%2 rooms, %3/%4 users</source>
        <translation>Usage: %1/%2 rooms, %3/%4 users</translation>
    </message>
    <message>
        <source>Install ID: %1</source>
        <translation>Install ID: %1</translation>
    </message>
    <message>
        <source>Fingerprint: %1</source>
        <translation>Fingerprint: %1</translation>
    </message>
    <message>
        <source>Licence accepted by the vendor</source>
        <translation>Licence accepted by the vendor</translation>
    </message>
    <message>
        <source>The last heartbeat was refused: %1 (%2)</source>
        <translation>The last heartbeat was refused: %1 (%2)</translation>
    </message>
    <message>
        <source>Vendor reachable (%1, server %2)</source>
        <translation>Vendor reachable (%1, server %2)</translation>
    </message>
    <message>
        <source>Vendor reachable (%1)</source>
        <translation>Vendor reachable (%1)</translation>
    </message>
    <message numerus="yes">
        <source>Clock matches the licence server (difference %n s)</source>
        <translation>
            <numerusform>Clock matches the licence server (difference %n s)</numerusform>
            <numerusform>Clock matches the licence server (difference %n s)</numerusform>
        </translation>
    </message>
    <message>
        <source>This computer&apos;s clock differs from the server&apos;s by more than 5 minutes.</source>
        <translation>This computer&apos;s clock differs from the server&apos;s by more than 5 minutes.</translation>
    </message>
    <message>
        <source>Turn on automatic date and time (NTP) and check the time zone.</source>
        <translation>Turn on automatic date and time (NTP) and check the time zone.</translation>
    </message>
    <message>
        <source>Proxy: %1</source>
        <translation>Proxy: %1</translation>
    </message>
    <message>
        <source>Sheet-mode settings readable</source>
        <translation>Sheet-mode settings readable</translation>
    </message>
    <message>
        <source>Sheet reachable and readable (%1)</source>
        <translation>Sheet reachable and readable (%1)</translation>
    </message>
    <message>
        <source>Sheet reachable and readable</source>
        <translation>Sheet reachable and readable</translation>
    </message>
    <message>
        <source>Check the internet connection; the sheet must be shared as &apos;anyone with the link&apos; or published to the web.</source>
        <translation>Check the internet connection; the sheet must be shared as &apos;anyone with the link&apos; or published to the web.</translation>
    </message>
    <message>
        <source>license.dat intact</source>
        <translation>license.dat intact</translation>
    </message>
    <message>
        <source>Connect to the internet and run `hotelhub-license heartbeat`; a successful check writes a fresh one.</source>
        <translation>Connect to the internet and run `hotelhub-license heartbeat`; a successful check writes a fresh one.</translation>
    </message>
    <message>
        <source>Licence not expired (valid until %1)</source>
        <translation>Licence not expired (valid until %1)</translation>
    </message>
    <message>
        <source>Licence not expired</source>
        <translation>Licence not expired</translation>
    </message>
    <message>
        <source>LICENSE_EXPIRY has passed.</source>
        <translation>LICENSE_EXPIRY has passed.</translation>
    </message>
    <message>
        <source>The sheet&apos;s expiry has passed.</source>
        <translation>The sheet&apos;s expiry has passed.</translation>
    </message>
    <message>
        <source>Contact the vendor to renew.</source>
        <translation>Contact the vendor to renew.</translation>
    </message>
    <message>
        <source>Sheet status: %1</source>
        <translation>Sheet status: %1</translation>
    </message>
    <message>
        <source>The vendor has set this licence to %1.</source>
        <translation>The vendor has set this licence to %1.</translation>
    </message>
    <message>
        <source>Contact the vendor.</source>
        <translation>Contact the vendor.</translation>
    </message>
    <message numerus="yes">
        <source>Last online check %1 (limit %n days)</source>
        <translation>
            <numerusform>Last online check %1 (limit %n days)</numerusform>
            <numerusform>Last online check %1 (limit %n days)</numerusform>
        </translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>The licence was not checked online for longer than MAX_OFFLINE_DAYS.</source>
        <translation>The licence was not checked online for longer than MAX_OFFLINE_DAYS.</translation>
    </message>
    <message>
        <source>Connect this server to the internet, then run `hotelhub-license heartbeat`.</source>
        <translation>Connect this server to the internet, then run `hotelhub-license heartbeat`.</translation>
    </message>
    <message>
        <source>Mode: sheet (%1)</source>
        <translation>Mode: sheet (%1)</translation>
    </message>
    <message>
        <source>(not in this plan: %1)</source>
        <translation>(not in this plan: %1)</translation>
    </message>
    <message>
        <source>Licence database writable</source>
        <translation>Licence database writable</translation>
    </message>
    <message>
        <source>%1 is read-only for this user: what is shown is what it last recorded, and nothing new (heartbeats, state changes) can be saved.</source>
        <translation>%1 is read-only for this user: what is shown is what it last recorded, and nothing new (heartbeats, state changes) can be saved.</translation>
    </message>
    <message>
        <source>Heartbeat reached the licence server</source>
        <translation>Heartbeat reached the licence server</translation>
    </message>
    <message>
        <source>At the last heartbeat an intermediary (a proxy, gateway or firewall) answered 401/403/410 instead of the licence server; the licence state was not changed.</source>
        <translation>At the last heartbeat an intermediary (a proxy, gateway or firewall) answered 401/403/410 instead of the licence server; the licence state was not changed.</translation>
    </message>
    <message>
        <source>Settings file loads in the HMS</source>
        <translation>Settings file loads in the HMS</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Edit those lines in %1 as shown: HotelHub (Laravel) does not start while they are there.</source>
        <translation>Edit those lines in %1 as shown: HotelHub (Laravel) does not start while they are there.</translation>
    </message>
    <message>
        <source>Encryption key readable</source>
        <translation>Encryption key readable</translation>
    </message>
    <message>
        <source>Unlock the OS password store (sign in to the desktop, or enter the keyring password), then check again. On a server without a desktop session, set HOTELHUB_KEYSTORE=file before pairing.</source>
        <translation>Unlock the OS password store (sign in to the desktop, or enter the keyring password), then check again. On a server without a desktop session, set HOTELHUB_KEYSTORE=file before pairing.</translation>
    </message>
    <message>
        <source>Machine id present</source>
        <translation>Machine id present</translation>
    </message>
    <message>
        <source>This computer has no machine id (on Linux /etc/machine-id is missing or empty; on Windows the MachineGuid registry value). The licence is bound to the network card and this folder only.</source>
        <translation>This computer has no machine id (on Linux /etc/machine-id is missing or empty; on Windows the MachineGuid registry value). The licence is bound to the network card and this folder only.</translation>
    </message>
    <message>
        <source>Linux: run `systemd-machine-id-setup` as root; Windows: ask your technician to repair the installation. Then check again: a changed id is a hardware change (see &quot;Fingerprint matches&quot;).</source>
        <translation>Linux: run `systemd-machine-id-setup` as root; Windows: ask your technician to repair the installation. Then check again: a changed id is a hardware change (see &quot;Fingerprint matches&quot;).</translation>
    </message>
    <message>
        <source>Offline activation valid until %1: heartbeats are not expected until then (one that gets through renews the licence as usual).</source>
        <translation>Offline activation valid until %1: heartbeats are not expected until then (one that gets through renews the licence as usual).</translation>
    </message>
    <message>
        <source>(not expected: offline activation until %1)</source>
        <translation>(not expected: offline activation until %1)</translation>
    </message>
    <message>
        <source>Settings file names this pairing</source>
        <translation>Settings file names this pairing</translation>
    </message>
    <message>
        <source>%1 missing or different in %2.</source>
        <translation>%1 missing or different in %2.</translation>
    </message>
    <message>
        <source>Make the settings file writable and loadable (the check above names a bad line), then run `hotelhub-license heartbeat` or press &quot;Check again&quot; in the tray: it writes the lines again.</source>
        <translation>Make the settings file writable and loadable (the check above names a bad line), then run `hotelhub-license heartbeat` or press &quot;Check again&quot; in the tray: it writes the lines again.</translation>
    </message>
    <message>
        <source>%1 is on a disk mounted read-only.</source>
        <translation>%1 is on a disk mounted read-only.</translation>
    </message>
    <message>
        <source>Mount that disk read-write, or choose another folder with --data-dir.</source>
        <translation>Mount that disk read-write, or choose another folder with --data-dir.</translation>
    </message>
    <message>
        <source>none, connects directly</source>
        <translation>none, connects directly</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>State: %1</translation>
    </message>
    <message>
        <source>Free space for the licence database</source>
        <translation>Free space for the licence database</translation>
    </message>
    <message>
        <source>What is shown is what it last recorded; nothing new (heartbeats, state changes) can be saved.</source>
        <translation>What is shown is what it last recorded; nothing new (heartbeats, state changes) can be saved.</translation>
    </message>
    <message>
        <source>Free some space on that disk (empty the recycle bin, remove old backups or logs), then run the command again.</source>
        <translation>Free some space on that disk (empty the recycle bin, remove old backups or logs), then run the command again.</translation>
    </message>
    <message>
        <source>active</source>
        <comment>the sheet&apos;s status column</comment>
        <translation>active</translation>
    </message>
    <message>
        <source>suspended</source>
        <comment>the sheet&apos;s status column</comment>
        <translation>suspended</translation>
    </message>
    <message>
        <source>revoked</source>
        <comment>the sheet&apos;s status column</comment>
        <translation>revoked</translation>
    </message>
    <message>
        <source>Sheet not fetched (--offline): the checks above are from license.dat.</source>
        <translation>Sheet not fetched (--offline): the checks above are from license.dat.</translation>
    </message>
    <message>
        <source>Disk nearly full: only %1 free on the disk holding %2. The licence is still saved for now; once the disk is full, heartbeats and state changes can no longer be saved.</source>
        <translation>Disk nearly full: only %1 free on the disk holding %2. The licence is still saved for now; once the disk is full, heartbeats and state changes can no longer be saved.</translation>
    </message>
    <message>
        <source>Free some space on that disk soon (empty the recycle bin, remove old backups or logs).</source>
        <translation>Free some space on that disk soon (empty the recycle bin, remove old backups or logs).</translation>
    </message>
    <message>
        <source>the computer&apos;s machine id</source>
        <translation>the computer&apos;s machine id</translation>
    </message>
    <message>
        <source>the network card</source>
        <translation>the network card</translation>
    </message>
    <message>
        <source>the operating system version</source>
        <translation>the operating system version</translation>
    </message>
    <message>
        <source>the installation folder</source>
        <translation>the installation folder</translation>
    </message>
    <message>
        <source>the installation&apos;s identity</source>
        <translation>the installation&apos;s identity</translation>
    </message>
    <message>
        <source>Correct the line named above in %1.</source>
        <translation>Correct the line named above in %1.</translation>
    </message>
    <message>
        <source>Disk almost full: only %1 free on the disk holding %2, less than a few heartbeats need. What fits is still saved; the next heartbeat or state change may not be.</source>
        <translation>Disk almost full: only %1 free on the disk holding %2, less than a few heartbeats need. What fits is still saved; the next heartbeat or state change may not be.</translation>
    </message>
    <message>
        <source>Free some space on that disk now (empty the recycle bin, remove old backups or logs).</source>
        <translation>Free some space on that disk now (empty the recycle bin, remove old backups or logs).</translation>
    </message>
    <message>
        <source>%1 is on a disk mounted read-only: what is shown is what it last recorded, and nothing new (heartbeats, state changes) can be saved.</source>
        <translation>%1 is on a disk mounted read-only: what is shown is what it last recorded, and nothing new (heartbeats, state changes) can be saved.</translation>
    </message>
    <message>
        <source>Mount the disk that holds it read-write, then try again.</source>
        <translation>Mount the disk that holds it read-write, then try again.</translation>
    </message>
    <message>
        <source>Give this user write permission on the file and the data folder, then try again.</source>
        <translation>Give this user write permission on the file and the data folder, then try again.</translation>
    </message>
    <message>
        <source>Network settings usable</source>
        <translation>Network settings usable</translation>
    </message>
    <message>
        <source>Fix that setting in the settings file; the licence server cannot be reached without it.</source>
        <translation>Fix that setting in the settings file; the licence server cannot be reached without it.</translation>
    </message>
    <message>
        <source>Correct that line in the settings file, or remove it to keep the default.</source>
        <translation>Correct that line in the settings file, or remove it to keep the default.</translation>
    </message>
    <message>
        <source>Settings file present</source>
        <translation>Settings file present</translation>
    </message>
    <message>
        <source>%1 does not exist</source>
        <translation>%1 does not exist</translation>
    </message>
    <message>
        <source>Restore it from a backup: it holds HotelHub&apos;s settings, and may name this installation&apos;s licence server and its key (LICENSE_API_URL, LICENSE_PUBLIC_KEY_PATH). Pairing again does not bring them back.</source>
        <translation>Restore it from a backup: it holds HotelHub&apos;s settings, and may name this installation&apos;s licence server and its key (LICENSE_API_URL, LICENSE_PUBLIC_KEY_PATH). Pairing again does not bring them back.</translation>
    </message>
    <message>
        <source>Last heartbeat at %1, later than this computer&apos;s clock says it is now: check its date and time</source>
        <translation>Last heartbeat at %1, later than this computer&apos;s clock says it is now: check its date and time</translation>
    </message>
    <message>
        <source>%1 is empty</source>
        <translation>%1 is empty</translation>
    </message>
    <message>
        <source>Restore the settings file first (the check above); pairing again is not needed.</source>
        <translation>Restore the settings file first (the check above); pairing again is not needed.</translation>
    </message>
    <message>
        <source>Restore the data folder together with the key it was backed up with (its secret.key file, or this user&apos;s entry in the password store); otherwise pair this installation again.</source>
        <translation>Restore the data folder together with the key it was backed up with (its secret.key file, or this user&apos;s entry in the password store); otherwise pair this installation again.</translation>
    </message>
    <message>
        <source>Save %1 again as UTF-8, as said above: HotelHub (Laravel) does not start until then.</source>
        <translation>Save %1 again as UTF-8, as said above: HotelHub (Laravel) does not start until then.</translation>
    </message>
    <message>
        <source>Contact the vendor to renew, then put the new end date in LICENSE_EXPIRY in the settings file (written as 2027-12-31).</source>
        <translation>Contact the vendor to renew, then put the new end date in LICENSE_EXPIRY in the settings file (written as 2027-12-31).</translation>
    </message>
    <message>
        <source>not read yet</source>
        <translation>not read yet</translation>
    </message>
    <message>
        <source>Vendor reachable</source>
        <translation>Vendor reachable</translation>
    </message>
    <message>
        <source>Mode: sheet</source>
        <translation>Mode: sheet</translation>
    </message>
</context>
<context>
    <name>DiskSpace</name>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Disk full: the disk holding %1 has only %2 free, too little to open or save it. Nothing was changed and nothing was lost. Free up space on that disk, then try again.</source>
        <extracomment>%1 is a file, %2 the free space on its disk (&quot;0 bytes&quot;, &quot;512 KB&quot;).</extracomment>
        <translation>Disk full: the disk holding %1 has only %2 free, too little to open or save it. Nothing was changed and nothing was lost. Free up space on that disk, then try again.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Setup complete</source>
        <translation>Setup complete</translation>
    </message>
    <message>
        <source>The licence is active and the hotel is recorded.</source>
        <translation>The licence is active and the hotel is recorded.</translation>
    </message>
    <message>
        <source>Open &amp;Panel</source>
        <translation>Open &amp;Panel</translation>
    </message>
    <message>
        <source>Start the licence &amp;monitor when I log in</source>
        <translation>Start the licence &amp;monitor when I log in</translation>
    </message>
    <message>
        <source>Send the &amp;heartbeat also while nobody is logged on (Windows task, as SYSTEM)</source>
        <translation>Send the &amp;heartbeat also while nobody is logged on (Windows task, as SYSTEM)</translation>
    </message>
</context>
<context>
    <name>EnvFile</name>
    <message>
        <source>Cannot read the settings file %1: %2. Check that it exists and that this user may read it.</source>
        <translation>Cannot read the settings file %1: %2. Check that it exists and that this user may read it.</translation>
    </message>
    <message>
        <source>Cannot save the settings file %1: %2. Check free disk space and that this user may write to the folder.</source>
        <translation>Cannot save the settings file %1: %2. Check free disk space and that this user may write to the folder.</translation>
    </message>
    <message>
        <source>line %1: %2 %3</source>
        <translation>line %1: %2 %3</translation>
    </message>
    <message numerus="yes">
        <source>a double quote opens here and is never closed, so the HMS ignores this line and the %n line(s) after it.</source>
        <translation>
            <numerusform>a double quote opens here and is never closed, so the HMS ignores this line and the %n line(s) after it.</numerusform>
            <numerusform>a double quote opens here and is never closed, so the HMS ignores this line and the %n line(s) after it.</numerusform>
        </translation>
    </message>
    <message>
        <source>Close the quote at the end of the value.</source>
        <translation>Close the quote at the end of the value.</translation>
    </message>
    <message>
        <source>this line is not KEY=VALUE, so the HMS (Laravel) cannot load the file.</source>
        <translation>this line is not KEY=VALUE, so the HMS (Laravel) cannot load the file.</translation>
    </message>
    <message>
        <source>Make it KEY=VALUE, or start it with # to make it a comment.</source>
        <translation>Make it KEY=VALUE, or start it with # to make it a comment.</translation>
    </message>
    <message>
        <source>%1 has a space inside a value without quotes, so the HMS (Laravel) cannot load the file.</source>
        <translation>%1 has a space inside a value without quotes, so the HMS (Laravel) cannot load the file.</translation>
    </message>
    <message>
        <source>Put the value in double quotes: %1=&quot;…&quot;.</source>
        <translation>Put the value in double quotes: %1=&quot;…&quot;.</translation>
    </message>
    <message>
        <source>%1 has a backslash inside double quotes that the HMS does not know (it knows \&quot; \\ \$ \n \r \t \f \v), so it cannot load the file.</source>
        <translation>%1 has a backslash inside double quotes that the HMS does not know (it knows \&quot; \\ \$ \n \r \t \f \v), so it cannot load the file.</translation>
    </message>
    <message>
        <source>Write \\ for a backslash, or put the value in single quotes.</source>
        <translation>Write \\ for a backslash, or put the value in single quotes.</translation>
    </message>
    <message>
        <source>%1 opens a quote that is never closed, so the HMS (Laravel) cannot load the file.</source>
        <translation>%1 opens a quote that is never closed, so the HMS (Laravel) cannot load the file.</translation>
    </message>
    <message>
        <source>Cannot write %1 to the settings file %2: it would not read back as written (%3). Fix that line, then try again; the file was left unchanged.</source>
        <translation>Cannot write %1 to the settings file %2: it would not read back as written (%3). Fix that line, then try again; the file was left unchanged.</translation>
    </message>
    <message>
        <source>a line above it swallows it</source>
        <translation>a line above it swallows it</translation>
    </message>
    <message>
        <source>a double quote opens here and is never closed, so the HMS ignores this line.</source>
        <translation>a double quote opens here and is never closed, so the HMS ignores this line.</translation>
    </message>
    <message>
        <source>%1 has text after its closing quote, so the HMS (Laravel) cannot load the file.</source>
        <translation>%1 has text after its closing quote, so the HMS (Laravel) cannot load the file.</translation>
    </message>
    <message>
        <source>Put everything inside the quotes, or start a comment with # after them.</source>
        <translation>Put everything inside the quotes, or start a comment with # after them.</translation>
    </message>
    <message>
        <source>Cannot read the settings file %1 again before saving it: %2. Nothing was written; check that this user may read it.</source>
        <translation>Cannot read the settings file %1 again before saving it: %2. Nothing was written; check that this user may read it.</translation>
    </message>
    <message>
        <source>Cannot save the settings file %1: %2. Nothing was changed. Let this user write it (its owner or an administrator can), or run this as the user who owns it, then try again.</source>
        <translation>Cannot save the settings file %1: %2. Nothing was changed. Let this user write it (its owner or an administrator can), or run this as the user who owns it, then try again.</translation>
    </message>
    <message>
        <source>Cannot save the settings file %1: the disk that holds it is full (%2 free). Free up space on that disk.</source>
        <translation>Cannot save the settings file %1: the disk that holds it is full (%2 free). Free up space on that disk.</translation>
    </message>
    <message>
        <source>the file is saved as UTF-16 (&quot;Unicode&quot; in Notepad), and the HMS (Laravel) reads only UTF-8, so it loads no setting from it.</source>
        <translation>the file is saved as UTF-16 (&quot;Unicode&quot; in Notepad), and the HMS (Laravel) reads only UTF-8, so it loads no setting from it.</translation>
    </message>
    <message>
        <source>Open it in Notepad, choose File &gt; Save As, set Encoding to UTF-8 and save it.</source>
        <translation>Open it in Notepad, choose File &gt; Save As, set Encoding to UTF-8 and save it.</translation>
    </message>
    <message>
        <source>Cannot write to the settings file %1: it is saved as UTF-16 (&quot;Unicode&quot; in Notepad), which the HMS cannot read. Open it in Notepad, choose File &gt; Save As, set Encoding to UTF-8 and save it, then try again; the file was left unchanged.</source>
        <translation>Cannot write to the settings file %1: it is saved as UTF-16 (&quot;Unicode&quot; in Notepad), which the HMS cannot read. Open it in Notepad, choose File &gt; Save As, set Encoding to UTF-8 and save it, then try again; the file was left unchanged.</translation>
    </message>
    <message>
        <source>Line %1 of the settings file: %2 %3</source>
        <translation>Line %1 of the settings file: %2 %3</translation>
    </message>
    <message>
        <source>%1 opens a quote on line %2 that closes only on line %3, with more text after it there, so the HMS (Laravel) cannot load the file.</source>
        <translation>%1 opens a quote on line %2 that closes only on line %3, with more text after it there, so the HMS (Laravel) cannot load the file.</translation>
    </message>
    <message>
        <source>If the value ends on line %1, close the quote at the end of that line.</source>
        <translation>If the value ends on line %1, close the quote at the end of that line.</translation>
    </message>
    <message>
        <source>%1 is inside the value of %2, whose quote opens on line %3 and closes only on line %4, so the HMS does not read it as a setting.</source>
        <translation>%1 is inside the value of %2, whose quote opens on line %3 and closes only on line %4, so the HMS does not read it as a setting.</translation>
    </message>
    <message>
        <source>the line above</source>
        <translation>the line above</translation>
    </message>
    <message>
        <source>Close the quote at the end of line %1.</source>
        <translation>Close the quote at the end of line %1.</translation>
    </message>
    <message>
        <source>%1 opens a double quote that is never closed, so the HMS ignores this line.</source>
        <translation>%1 opens a double quote that is never closed, so the HMS ignores this line.</translation>
    </message>
    <message numerus="yes">
        <source>%1 opens a double quote that is never closed, so the HMS ignores this line and the %n line(s) after it.</source>
        <translation>
            <numerusform>%1 opens a double quote that is never closed, so the HMS ignores this line and the %n line after it.</numerusform>
            <numerusform>%1 opens a double quote that is never closed, so the HMS ignores this line and the %n lines after it.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is unset by line %2, which names it without a value.</source>
        <translation>%1 is unset by line %2, which names it without a value.</translation>
    </message>
    <message>
        <source>Remove line %1, or give it a value there.</source>
        <translation>Remove line %1, or give it a value there.</translation>
    </message>
</context>
<context>
    <name>Jws</name>
    <message>
        <source>not valid before %1</source>
        <translation>not valid before %1</translation>
    </message>
    <message>
        <source>expired at %1</source>
        <translation>expired at %1</translation>
    </message>
</context>
<context>
    <name>LicenseClient</name>
    <message>
        <source>Give it again as asked; nothing was sent to the licence server.</source>
        <translation>Give it again as asked; nothing was sent to the licence server.</translation>
    </message>
</context>
<context>
    <name>LicenseKey</name>
    <message>
        <source>Enter the licence key from your purchase e-mail. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX</source>
        <translation>Enter the licence key from your purchase e-mail. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX</translation>
    </message>
    <message>
        <source>A HotelHub licence key starts with HMS-. Check your purchase e-mail and copy the whole key.</source>
        <translation>A HotelHub licence key starts with HMS-. Check your purchase e-mail and copy the whole key.</translation>
    </message>
    <message>
        <source>The key should have 4 groups of 5 letters or digits after HMS-. Part of it may be missing: copy the whole key again.</source>
        <translation>The key should have 4 groups of 5 letters or digits after HMS-. Part of it may be missing: copy the whole key again.</translation>
    </message>
    <message>
        <source>The key contains &quot;%1&quot;, which no licence key has: a key has only the letters A-Z and the digits 0-9. Copy the key again from your purchase e-mail.</source>
        <translation>The key contains &quot;%1&quot;, which no licence key has: a key has only the letters A-Z and the digits 0-9. Copy the key again from your purchase e-mail.</translation>
    </message>
</context>
<context>
    <name>LicenseManager</name>
    <message>
        <source>Cannot read the licence database: %1</source>
        <translation>Cannot read the licence database: %1</translation>
    </message>
    <message>
        <source>Cannot save the new installation identity: %1</source>
        <translation>Cannot save the new installation identity: %1</translation>
    </message>
    <message>
        <source>the stored token cannot be decrypted on this installation</source>
        <translation>the stored token cannot be decrypted on this installation</translation>
    </message>
    <message>
        <source>The licence server&apos;s token was not accepted (%1): %2</source>
        <translation>The licence server&apos;s token was not accepted (%1): %2</translation>
    </message>
    <message>
        <source>Cannot create the encryption key for the licence token: %1</source>
        <translation>Cannot create the encryption key for the licence token: %1</translation>
    </message>
    <message>
        <source>This installation is not paired with a licence.</source>
        <translation>This installation is not paired with a licence.</translation>
    </message>
    <message>
        <source>The stored licence token cannot be decrypted on this installation (the data folder was copied, or the key store was reset).</source>
        <translation>The stored licence token cannot be decrypted on this installation (the data folder was copied, or the key store was reset).</translation>
    </message>
    <message>
        <source>Cannot save the licence token in the licence database: %1</source>
        <translation>Cannot save the licence token in the licence database: %1</translation>
    </message>
    <message>
        <source>Cannot record the heartbeat in the licence database: %1</source>
        <translation>Cannot record the heartbeat in the licence database: %1</translation>
    </message>
    <message>
        <source>Cannot record the unpairing in the licence database: %1</source>
        <translation>Cannot record the unpairing in the licence database: %1</translation>
    </message>
    <message>
        <source>it names another installation</source>
        <translation>it names another installation</translation>
    </message>
    <message>
        <source>it is for another licence key than the one typed</source>
        <translation>it is for another licence key than the one typed</translation>
    </message>
    <message>
        <source>it is for another licence than this installation&apos;s</source>
        <translation>it is for another licence than this installation&apos;s</translation>
    </message>
    <message>
        <source>The licence server&apos;s token was not accepted: %1.</source>
        <translation>The licence server&apos;s token was not accepted: %1.</translation>
    </message>
    <message numerus="yes">
        <source>the licence server&apos;s clock is %n minute(s) off, and its token would end before the one this installation holds; the one held is kept</source>
        <translation>
            <numerusform>the licence server&apos;s clock is %n minute(s) off, and its token would end before the one this installation holds; the one held is kept</numerusform>
            <numerusform>the licence server&apos;s clock is %n minute(s) off, and its token would end before the one this installation holds; the one held is kept</numerusform>
        </translation>
    </message>
    <message>
        <source>The password store holding this installation&apos;s key did not answer: %1</source>
        <translation>The password store holding this installation&apos;s key did not answer: %1</translation>
    </message>
    <message>
        <source>The settings file %1 is missing. Restore it from a backup (it holds HotelHub&apos;s settings, and may name this installation&apos;s licence server and its key); the licence lines are written back into it afterwards.</source>
        <translation>The settings file %1 is missing. Restore it from a backup (it holds HotelHub&apos;s settings, and may name this installation&apos;s licence server and its key); the licence lines are written back into it afterwards.</translation>
    </message>
</context>
<context>
    <name>LicenseStatusView</name>
    <message>
        <source>HotelHub licence</source>
        <translation>HotelHub licence</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Rooms</translation>
    </message>
    <message>
        <source>Rooms used</source>
        <translation>Rooms used</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Users used</source>
        <translation>Users used</translation>
    </message>
    <message>
        <source>Last 30 heartbeats (heartbeat: the daily licence check with the vendor&apos;s server; green: accepted, red: failed)</source>
        <translation>Last 30 heartbeats (heartbeat: the daily licence check with the vendor&apos;s server; green: accepted, red: failed)</translation>
    </message>
    <message>
        <source>Last 30 heartbeats</source>
        <translation>Last 30 heartbeats</translation>
    </message>
    <message>
        <source>Sent with each heartbeat (counts only, never guest data):</source>
        <translation>Sent with each heartbeat (counts only, never guest data):</translation>
    </message>
    <message>
        <source>De&amp;tail</source>
        <translation>De&amp;tail</translation>
    </message>
    <message>
        <source>Detail of what each heartbeat sends</source>
        <translation>Detail of what each heartbeat sends</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>D&amp;etail of the selected event</source>
        <translation>D&amp;etail of the selected event</translation>
    </message>
    <message>
        <source>&amp;Check again</source>
        <translation>&amp;Check again</translation>
    </message>
    <message>
        <source>&amp;Move installation</source>
        <translation>&amp;Move installation</translation>
    </message>
    <message>
        <source>&amp;Diagnose</source>
        <translation>&amp;Diagnose</translation>
    </message>
    <message>
        <source>&amp;Unpair</source>
        <translation>&amp;Unpair</translation>
    </message>
    <message>
        <source>O&amp;ffline activation</source>
        <translation>O&amp;ffline activation</translation>
    </message>
</context>
<context>
    <name>MigrateConfirmPage</name>
    <message>
        <source>Move installation</source>
        <translation>Move installation</translation>
    </message>
    <message>
        <source>The licence moves from the old device to this one.</source>
        <translation>The licence moves from the old device to this one.</translation>
    </message>
    <message>
        <source>The licence will be moved to this device. The old device will be deactivated automatically. Continue?</source>
        <translation>The licence will be moved to this device. The old device will be deactivated automatically. Continue?</translation>
    </message>
    <message>
        <source>&amp;Licence key:</source>
        <translation>&amp;Licence key:</translation>
    </message>
    <message>
        <source>Check your purchase e-mail. Format: HMS-...-...-...-...</source>
        <translation>Check your purchase e-mail. Format: HMS-...-...-...-...</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>for example: the old server broke down</source>
        <translation>for example: the old server broke down</translation>
    </message>
    <message>
        <source>&amp;Yes, move the licence to this device</source>
        <translation>&amp;Yes, move the licence to this device</translation>
    </message>
</context>
<context>
    <name>OfflineClient</name>
    <message>
        <source>Enter the licence key: this installation has no licence to renew yet.</source>
        <translation>Enter the licence key: this installation has no licence to renew yet.</translation>
    </message>
    <message>
        <source>Cannot record the activation request in the licence database: %1</source>
        <translation>Cannot record the activation request in the licence database: %1</translation>
    </message>
    <message>
        <source>This is not an answer to an activation request.</source>
        <translation>This is not an answer to an activation request.</translation>
    </message>
    <message>
        <source>Open the answer file your vendor sent (hotelhub-answer-….json), or type the code they read to you.</source>
        <translation>Open the answer file your vendor sent (hotelhub-answer-….json), or type the code they read to you.</translation>
    </message>
    <message>
        <source>No answer was given.</source>
        <translation>No answer was given.</translation>
    </message>
    <message>
        <source>This is the activation request itself, not the vendor&apos;s answer.</source>
        <translation>This is the activation request itself, not the vendor&apos;s answer.</translation>
    </message>
    <message>
        <source>Send this request to your vendor; apply what they send back.</source>
        <translation>Send this request to your vendor; apply what they send back.</translation>
    </message>
    <message>
        <source>Run `hotelhub-license diagnostic` and contact support.</source>
        <translation>Run `hotelhub-license diagnostic` and contact support.</translation>
    </message>
    <message>
        <source>This answer was changed after the vendor signed it, or it does not come from your vendor.</source>
        <translation>This answer was changed after the vendor signed it, or it does not come from your vendor.</translation>
    </message>
    <message>
        <source>Ask your vendor to send the answer again, as a file, and do not edit it.</source>
        <translation>Ask your vendor to send the answer again, as a file, and do not edit it.</translation>
    </message>
    <message>
        <source>This is a licence token, but not an answer to an offline activation request.</source>
        <translation>This is a licence token, but not an answer to an offline activation request.</translation>
    </message>
    <message>
        <source>Open the answer file your vendor sent for your request.</source>
        <translation>Open the answer file your vendor sent for your request.</translation>
    </message>
    <message>
        <source>This answer is for another computer: it was made for the request of a different installation.</source>
        <translation>This answer is for another computer: it was made for the request of a different installation.</translation>
    </message>
    <message>
        <source>Make the request on this computer and send that one to your vendor.</source>
        <translation>Make the request on this computer and send that one to your vendor.</translation>
    </message>
    <message>
        <source>Cannot read the licence database: %1</source>
        <translation>Cannot read the licence database: %1</translation>
    </message>
    <message>
        <source>Run `hotelhub-license diagnostic`.</source>
        <translation>Run `hotelhub-license diagnostic`.</translation>
    </message>
    <message>
        <source>This answer does not belong to a request made in this installation (it may be older than the last reinstall).</source>
        <translation>This answer does not belong to a request made in this installation (it may be older than the last reinstall).</translation>
    </message>
    <message>
        <source>Make a new request here and send it to your vendor.</source>
        <translation>Make a new request here and send it to your vendor.</translation>
    </message>
    <message>
        <source>This answer was already applied on %1; an answer works once.</source>
        <translation>This answer was already applied on %1; an answer works once.</translation>
    </message>
    <message>
        <source>To extend the licence again, make a new request.</source>
        <translation>To extend the licence again, make a new request.</translation>
    </message>
    <message>
        <source>This answer is for a request made on %1, more than %2 days ago.</source>
        <translation>This answer is for a request made on %1, more than %2 days ago.</translation>
    </message>
    <message>
        <source>Make a new request and send it to your vendor.</source>
        <translation>Make a new request and send it to your vendor.</translation>
    </message>
    <message>
        <source>This answer was valid until %1; by this computer&apos;s clock that has passed.</source>
        <translation>This answer was valid until %1; by this computer&apos;s clock that has passed.</translation>
    </message>
    <message>
        <source>Check the computer&apos;s date and time. If they are right, make a new request.</source>
        <translation>Check the computer&apos;s date and time. If they are right, make a new request.</translation>
    </message>
    <message>
        <source>Make a new request here with the licence key of this installation.</source>
        <translation>Make a new request here with the licence key of this installation.</translation>
    </message>
    <message>
        <source>Run `hotelhub-license diagnostic`; free disk space if the disk is full.</source>
        <translation>Run `hotelhub-license diagnostic`; free disk space if the disk is full.</translation>
    </message>
    <message>
        <source>Licence activated offline, valid until %1.</source>
        <translation>Licence activated offline, valid until %1.</translation>
    </message>
    <message>
        <source>Correct group %1 and apply again.</source>
        <translation>Correct group %1 and apply again.</translation>
    </message>
    <message>
        <source>Type the code again: 26 groups of 5 characters.</source>
        <translation>Type the code again: 26 groups of 5 characters.</translation>
    </message>
    <message>
        <source>This installation has no open activation request, so the code has nothing to answer.</source>
        <translation>This installation has no open activation request, so the code has nothing to answer.</translation>
    </message>
    <message>
        <source>Make a request first, send it to your vendor, then type the code they give you.</source>
        <translation>Make a request first, send it to your vendor, then type the code they give you.</translation>
    </message>
    <message>
        <source>A typed code can renew an activation; the first activation needs the answer file.</source>
        <translation>A typed code can renew an activation; the first activation needs the answer file.</translation>
    </message>
    <message>
        <source>Open the answer file your vendor sent (by WhatsApp or e-mail, copied with a USB stick).</source>
        <translation>Open the answer file your vendor sent (by WhatsApp or e-mail, copied with a USB stick).</translation>
    </message>
    <message>
        <source>Every group is typed correctly, but the code does not answer a request made here: it is for another computer or another request.</source>
        <translation>Every group is typed correctly, but the code does not answer a request made here: it is for another computer or another request.</translation>
    </message>
    <message>
        <source>Check with your vendor that they answered this computer&apos;s latest request, or open the answer file.</source>
        <translation>Check with your vendor that they answered this computer&apos;s latest request, or open the answer file.</translation>
    </message>
    <message>
        <source>This answer ends on %1, before the licence this computer already holds (until %2). Nothing was changed.</source>
        <translation>This answer ends on %1, before the licence this computer already holds (until %2). Nothing was changed.</translation>
    </message>
    <message>
        <source>Nothing to do: the licence held lasts longer. To extend it, make a new request.</source>
        <translation>Nothing to do: the licence held lasts longer. To extend it, make a new request.</translation>
    </message>
    <message>
        <source>Offline activation renewed, valid until %1.</source>
        <translation>Offline activation renewed, valid until %1.</translation>
    </message>
    <message>
        <source>No request was made: this computer&apos;s copy of the licence server&apos;s public key cannot be used, so the vendor&apos;s answer could not be checked here. %1</source>
        <translation>No request was made: this computer&apos;s copy of the licence server&apos;s public key cannot be used, so the vendor&apos;s answer could not be checked here. %1</translation>
    </message>
    <message>
        <source>Moving the licence needs its key: enter the licence key with the reason for the move.</source>
        <translation>Moving the licence needs its key: enter the licence key with the reason for the move.</translation>
    </message>
</context>
<context>
    <name>OfflineText</name>
    <message>
        <source>This is far longer than an activation request.</source>
        <translation>This is far longer than an activation request.</translation>
    </message>
    <message>
        <source>This is not a HotelHub activation request (it should start with %1).</source>
        <translation>This is not a HotelHub activation request (it should start with %1).</translation>
    </message>
    <message>
        <source>The activation request is damaged (a character is missing or wrong). Ask for it again, as a file or a photo of the QR code.</source>
        <translation>The activation request is damaged (a character is missing or wrong). Ask for it again, as a file or a photo of the QR code.</translation>
    </message>
    <message>
        <source>The activation request is damaged (its checksum does not match). Ask for it again, as a file or a photo of the QR code.</source>
        <translation>The activation request is damaged (its checksum does not match). Ask for it again, as a file or a photo of the QR code.</translation>
    </message>
    <message>
        <source>This activation request comes from a newer HotelHub version. Update the licence server.</source>
        <translation>This activation request comes from a newer HotelHub version. Update the licence server.</translation>
    </message>
    <message>
        <source>The activation request holds a malformed licence key.</source>
        <translation>The activation request holds a malformed licence key.</translation>
    </message>
    <message>
        <source>The activation request is damaged (its fields do not add up). Ask for it again.</source>
        <translation>The activation request is damaged (its fields do not add up). Ask for it again.</translation>
    </message>
    <message>
        <source>The code holds &apos;%1&apos;, which is not one of its characters (digits and letters except I, L, O and U).</source>
        <translation>The code holds &apos;%1&apos;, which is not one of its characters (digits and letters except I, L, O and U).</translation>
    </message>
    <message>
        <source>The code has %1 characters; an activation code has %2 (26 groups of 5). Check that no group is missing.</source>
        <translation>The code has %1 characters; an activation code has %2 (26 groups of 5). Check that no group is missing.</translation>
    </message>
    <message>
        <source>Group %1 (%2) has a typing mistake. Compare it with the code you were given.</source>
        <translation>Group %1 (%2) has a typing mistake. Compare it with the code you were given.</translation>
    </message>
    <message>
        <source>The code cannot be read. Check it against the code you were given, or open the answer file.</source>
        <translation>The code cannot be read. Check it against the code you were given, or open the answer file.</translation>
    </message>
</context>
<context>
    <name>OwnerPage</name>
    <message>
        <source>Owner</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>Who owns or runs the hotel. Used for licence notices and the first admin.</source>
        <translation>Who owns or runs the hotel. Used for licence notices and the first admin.</translation>
    </message>
    <message>
        <source>&amp;Full name:</source>
        <translation>&amp;Full name:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <source>&amp;WhatsApp:</source>
        <translation>&amp;WhatsApp:</translation>
    </message>
    <message>
        <source>&amp;Position:</source>
        <translation>&amp;Position:</translation>
    </message>
    <message>
        <source>General Manager</source>
        <translation>General Manager</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Manager</translation>
    </message>
</context>
<context>
    <name>Passwords</name>
    <message numerus="yes">
        <source>Use at least %n characters.</source>
        <translation>
            <numerusform>Use at least %n characters.</numerusform>
            <numerusform>Use at least %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>Do not put your name, e-mail or hotel name in the password.</source>
        <translation>Do not put your name, e-mail or hotel name in the password.</translation>
    </message>
    <message>
        <source>Use at most 72 bytes (bcrypt ignores anything longer).</source>
        <translation>Use at most 72 bytes (bcrypt ignores anything longer).</translation>
    </message>
    <message>
        <source>Too weak</source>
        <translation>Too weak</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>Weak</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>Fair</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>Strong</translation>
    </message>
    <message>
        <source>Very strong</source>
        <translation>Very strong</translation>
    </message>
    <message>
        <source>The password contains an invisible control character (for example from a paste); type it again without it.</source>
        <translation>The password contains an invisible control character (for example from a paste); type it again without it.</translation>
    </message>
    <message>
        <source>Repeated characters or groups (aaa, abcabc) add little.</source>
        <translation>Repeated characters or groups (aaa, abcabc) add little.</translation>
    </message>
    <message>
        <source>Common words and passwords are guessed first, even with letters swapped for digits or symbols.</source>
        <translation>Common words and passwords are guessed first, even with letters swapped for digits or symbols.</translation>
    </message>
    <message>
        <source>Runs like abc or 1234 add little.</source>
        <translation>Runs like abc or 1234 add little.</translation>
    </message>
    <message>
        <source>Keyboard patterns like qwerty add little.</source>
        <translation>Keyboard patterns like qwerty add little.</translation>
    </message>
    <message>
        <source>Dates and years are easy to guess.</source>
        <translation>Dates and years are easy to guess.</translation>
    </message>
    <message>
        <source>Add another uncommon word or two: length helps more than symbols.</source>
        <translation>Add another uncommon word or two: length helps more than symbols.</translation>
    </message>
    <message>
        <source>This password is too easy to guess. %1</source>
        <translation>This password is too easy to guess. %1</translation>
    </message>
    <message>
        <source>The password contains an invisible character (U+%1, for example from a paste) that cannot be typed at the sign-in; type it again without it.</source>
        <translation>The password contains an invisible character (U+%1, for example from a paste) that cannot be typed at the sign-in; type it again without it.</translation>
    </message>
    <message>
        <source>The Botan library cannot be loaded. Install it again (on Debian: sudo apt install libbotan-2-%1)</source>
        <translation>The Botan library cannot be loaded. Install it again (on Debian: sudo apt install libbotan-2-%1)</translation>
    </message>
    <message>
        <source>The Botan library on this computer has no bcrypt. Install Botan 2 from your system&apos;s packages (on Debian: sudo apt install libbotan-2-%1)</source>
        <translation>The Botan library on this computer has no bcrypt. Install Botan 2 from your system&apos;s packages (on Debian: sudo apt install libbotan-2-%1)</translation>
    </message>
</context>
<context>
    <name>PropertyPage</name>
    <message>
        <source>Property</source>
        <translation>Property</translation>
    </message>
    <message>
        <source>The first hotel. More properties can be added later in the panel.</source>
        <translation>The first hotel. More properties can be added later in the panel.</translation>
    </message>
    <message>
        <source>&amp;Hotel name:</source>
        <translation>&amp;Hotel name:</translation>
    </message>
    <message>
        <source>Br&amp;and (optional):</source>
        <translation>Br&amp;and (optional):</translation>
    </message>
    <message>
        <source>&amp;Street:</source>
        <translation>&amp;Street:</translation>
    </message>
    <message>
        <source>&amp;City/regency:</source>
        <translation>&amp;City/regency:</translation>
    </message>
    <message>
        <source>P&amp;rovince:</source>
        <translation>P&amp;rovince:</translation>
    </message>
    <message>
        <source>Choose a province</source>
        <translation>Choose a province</translation>
    </message>
    <message>
        <source>&amp;Postal code:</source>
        <translation>&amp;Postal code:</translation>
    </message>
    <message>
        <source>&amp;Latitude (optional):</source>
        <translation>&amp;Latitude (optional):</translation>
    </message>
    <message>
        <source>Lon&amp;gitude (optional):</source>
        <translation>Lon&amp;gitude (optional):</translation>
    </message>
    <message>
        <source>Region co&amp;de:</source>
        <translation>Region co&amp;de:</translation>
    </message>
    <message>
        <source>Suggested from the province and city (Kemendagri code); change it if your regency differs.</source>
        <translation>Suggested from the province and city (Kemendagri code); change it if your regency differs.</translation>
    </message>
    <message>
        <source>City or regency</source>
        <translation>City or regency</translation>
    </message>
    <message>
        <source>Roo&amp;ms:</source>
        <translation>Roo&amp;ms:</translation>
    </message>
    <message>
        <source>S&amp;tars:</source>
        <translation>S&amp;tars:</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>Time &amp;zone:</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Currency:</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Drive</source>
        <translation>Drive</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Folder</source>
        <comment>All other platforms</comment>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <comment>All other platforms</comment>
        <translation>Shortcut</translation>
    </message>
</context>
<context>
    <name>QCommandLineParser</name>
    <message>
        <source>Usage: %1</source>
        <translation>Usage: %1</translation>
    </message>
    <message>
        <source>[options]</source>
        <translation>[options]</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Options:</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Arguments:</translation>
    </message>
    <message>
        <source>Displays help on commandline options.</source>
        <translation>Displays help on commandline options.</translation>
    </message>
    <message>
        <source>Displays help including Qt specific options.</source>
        <translation>Displays help including Qt specific options.</translation>
    </message>
    <message>
        <source>Displays version information.</source>
        <translation>Displays version information.</translation>
    </message>
    <message>
        <source>Unknown option &apos;%1&apos;.</source>
        <translation>Unknown option &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>Unknown options: %1.</source>
        <translation>Unknown options: %1.</translation>
    </message>
    <message>
        <source>Missing value after &apos;%1&apos;.</source>
        <translation>Missing value after &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>Unexpected value after &apos;%1&apos;.</source>
        <translation>Unexpected value after &apos;%1&apos;.</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>Look in:</source>
        <translation>Look in:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>File &amp;name:</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>Files of type:</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Directory:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>Save As</translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation>&amp;Choose</translation>
    </message>
    <message>
        <source>Find Directory</source>
        <translation>Find Directory</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Delete</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Rename</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>&amp;New Folder</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>New Folder</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>Show &amp;hidden files</translation>
    </message>
    <message>
        <source>Show </source>
        <translation>Show </translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>Directories</source>
        <translation>Directories</translation>
    </message>
    <message>
        <source>Recent Places</source>
        <translation>Recent Places</translation>
    </message>
    <message>
        <source>Are you sure you want to delete &apos;%1&apos;?</source>
        <translation>Are you sure you want to delete &apos;%1&apos;?</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is write protected.
Do you want to delete it anyway?</source>
        <translation>&apos;%1&apos; is write protected.
Do you want to delete it anyway?</translation>
    </message>
    <message>
        <source>Could not delete directory.</source>
        <translation>Could not delete directory.</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation>%1 already exists.
Do you want to replace it?</translation>
    </message>
    <message>
        <source>%1
Directory not found.
Please verify the correct directory name was given.</source>
        <translation>%1
Directory not found.
Please verify the correct directory name was given.</translation>
    </message>
    <message>
        <source>%1
File not found.
Please verify the correct file name was given.</source>
        <translation>%1
File not found.
Please verify the correct file name was given.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Forward</translation>
    </message>
    <message>
        <source>Go forward</source>
        <translation>Go forward</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>Parent Directory</translation>
    </message>
    <message>
        <source>Go to the parent directory</source>
        <translation>Go to the parent directory</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>Create New Folder</translation>
    </message>
    <message>
        <source>Create a New Folder</source>
        <translation>Create a New Folder</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>List View</translation>
    </message>
    <message>
        <source>Change to list view mode</source>
        <translation>Change to list view mode</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>Detail View</translation>
    </message>
    <message>
        <source>Change to detail view mode</source>
        <translation>Change to detail view mode</translation>
    </message>
    <message>
        <source>Sidebar</source>
        <translation>Sidebar</translation>
    </message>
    <message>
        <source>List of places and bookmarks</source>
        <translation>List of places and bookmarks</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Files</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Date Modified</translation>
    </message>
    <message>
        <source>My Computer</source>
        <translation>My Computer</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Computer</translation>
    </message>
    <message>
        <source>Type</source>
        <comment>All other platforms</comment>
        <translation>Type</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>Cu&amp;t</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Paste</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Select All</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>Show Details...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Hide Details...</translation>
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
        <translation>&amp;Yes</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;No</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Help</translation>
    </message>
</context>
<context>
    <name>ScheduledHeartbeat</name>
    <message>
        <source>Creating the heartbeat task needs administrator rights: run this again as administrator.</source>
        <translation>Creating the heartbeat task needs administrator rights: run this again as administrator.</translation>
    </message>
    <message>
        <source>Cannot write the task definition: %1</source>
        <translation>Cannot write the task definition: %1</translation>
    </message>
    <message>
        <source>Windows did not create the heartbeat task: %1</source>
        <translation>Windows did not create the heartbeat task: %1</translation>
    </message>
    <message>
        <source>The heartbeat task is for Windows. On Linux, enable the systemd timer: systemctl enable --now hotelhub-license-heartbeat.timer</source>
        <translation>The heartbeat task is for Windows. On Linux, enable the systemd timer: systemctl enable --now hotelhub-license-heartbeat.timer</translation>
    </message>
    <message>
        <source>Windows did not remove the heartbeat task: %1</source>
        <translation>Windows did not remove the heartbeat task: %1</translation>
    </message>
    <message>
        <source>The heartbeat task is for Windows. On Linux, disable the systemd timer: systemctl disable --now hotelhub-license-heartbeat.timer</source>
        <translation>The heartbeat task is for Windows. On Linux, disable the systemd timer: systemctl disable --now hotelhub-license-heartbeat.timer</translation>
    </message>
</context>
<context>
    <name>SecretFiles</name>
    <message>
        <source>The signing key %1</source>
        <translation>The signing key %1</translation>
    </message>
    <message>
        <source>sign licences for any hotel</source>
        <translation>sign licences for any hotel</translation>
    </message>
    <message>
        <source>The TLS key %1</source>
        <translation>The TLS key %1</translation>
    </message>
    <message>
        <source>pose as this server to the hotels</source>
        <translation>pose as this server to the hotels</translation>
    </message>
    <message>
        <source> (or `chmod 640` with a group the server&apos;s user is in)</source>
        <translation> (or `chmod 640` with a group the server&apos;s user is in)</translation>
    </message>
    <message>
        <source>The TLS certificate file %1, which holds the private key too,</source>
        <translation>The TLS certificate file %1, which holds the private key too,</translation>
    </message>
    <message>
        <source>, or keep the key in a file of its own</source>
        <translation>, or keep the key in a file of its own</translation>
    </message>
    <message>
        <source>The admin secret file %1</source>
        <translation>The admin secret file %1</translation>
    </message>
    <message>
        <source>change licences through the admin API</source>
        <translation>change licences through the admin API</translation>
    </message>
    <message>
        <source>%1 can be read by other users of this computer, who could then %2. Run `icacls &quot;%3&quot; /inheritance:r /grant:r &quot;%USERNAME%&quot;:F` on it first.</source>
        <translation>%1 can be read by other users of this computer, who could then %2. Run `icacls &quot;%3&quot; /inheritance:r /grant:r &quot;%USERNAME%&quot;:F` on it first.</translation>
    </message>
    <message>
        <source>%1 can be read or changed by other users of this machine, who could then %2. Run `chmod 600` on it first%3.</source>
        <translation>%1 can be read or changed by other users of this machine, who could then %2. Run `chmod 600` on it first%3.</translation>
    </message>
    <message>
        <source>Cannot use the admin secret file: %1</source>
        <translation>Cannot use the admin secret file: %1</translation>
    </message>
    <message>
        <source>The admin secret in %1 is shorter than 16 characters; use a long random one.</source>
        <translation>The admin secret in %1 is shorter than 16 characters; use a long random one.</translation>
    </message>
    <message>
        <source>%1 is in the folder %2, which every user of this machine may change: they could put a file of their own in its place. Run `chmod o-w` on that folder first, or keep the file in a folder of this user&apos;s.</source>
        <translation>%1 is in the folder %2, which every user of this machine may change: they could put a file of their own in its place. Run `chmod o-w` on that folder first, or keep the file in a folder of this user&apos;s.</translation>
    </message>
    <message>
        <source>The admin secret in %1 holds more than one line, or a control character: a request&apos;s Authorization header cannot carry it. Keep the secret alone, on one line.</source>
        <translation>The admin secret in %1 holds more than one line, or a control character: a request&apos;s Authorization header cannot carry it. Keep the secret alone, on one line.</translation>
    </message>
    <message>
        <source>The admin secret in %1 looks saved as UTF-16 without its mark. Save it again as UTF-8, on one line.</source>
        <translation>The admin secret in %1 looks saved as UTF-16 without its mark. Save it again as UTF-8, on one line.</translation>
    </message>
    <message>
        <source>The admin secret in %1 is not readable Unicode text. Save it again as UTF-8, on one line.</source>
        <translation>The admin secret in %1 is not readable Unicode text. Save it again as UTF-8, on one line.</translation>
    </message>
    <message>
        <source>The admin secret in %1 holds an invisible character (a byte-order mark, a zero-width or a no-break space) or a byte that is no UTF-8, which nobody types in a request. Keep only the secret&apos;s own characters, saved as UTF-8.</source>
        <translation>The admin secret in %1 holds an invisible character (a byte-order mark, a zero-width or a no-break space) or a byte that is no UTF-8, which nobody types in a request. Keep only the secret&apos;s own characters, saved as UTF-8.</translation>
    </message>
</context>
<context>
    <name>SecretKeyStore</name>
    <message>
        <source>Cannot read the encryption key file %1: %2.</source>
        <translation>Cannot read the encryption key file %1: %2.</translation>
    </message>
    <message>
        <source>The encryption key file %1 is damaged. Pair this installation again to replace it.</source>
        <translation>The encryption key file %1 is damaged. Pair this installation again to replace it.</translation>
    </message>
    <message>
        <source>Cannot write the encryption key file %1: %2.</source>
        <translation>Cannot write the encryption key file %1: %2.</translation>
    </message>
    <message>
        <source>No encryption key was found for this installation.</source>
        <translation>No encryption key was found for this installation.</translation>
    </message>
    <message>
        <source>The OS credential store is not available (HOTELHUB_KEYSTORE=keychain). Unlock it, or use HOTELHUB_KEYSTORE=auto.</source>
        <translation>The OS credential store is not available (HOTELHUB_KEYSTORE=keychain). Unlock it, or use HOTELHUB_KEYSTORE=auto.</translation>
    </message>
    <message>
        <source>The OS credential store (keyring, Credential Manager) did not answer or is locked, and there is no key file.</source>
        <translation>The OS credential store (keyring, Credential Manager) did not answer or is locked, and there is no key file.</translation>
    </message>
</context>
<context>
    <name>ServerCli</name>
    <message>
        <source>--%1 is required for this command.</source>
        <translation>--%1 is required for this command.</translation>
    </message>
    <message>
        <source>--alg is rs256 or eddsa.</source>
        <translation>--alg is rs256 or eddsa.</translation>
    </message>
    <message>
        <source>Clients pin it with LICENSE_PUBLIC_KEY_PATH=&lt;copy of vendor-public.pem&gt; and:</source>
        <translation>Clients pin it with LICENSE_PUBLIC_KEY_PATH=&lt;copy of vendor-public.pem&gt; and:</translation>
    </message>
    <message>
        <source>--listen takes ADDRESS:PORT, for example 127.0.0.1:8080 (got &quot;%1&quot;).</source>
        <translation>--listen takes ADDRESS:PORT, for example 127.0.0.1:8080 (got &quot;%1&quot;).</translation>
    </message>
    <message>
        <source>--tls-cert and --tls-key go together.</source>
        <translation>--tls-cert and --tls-key go together.</translation>
    </message>
    <message>
        <source>Cannot listen on %1: %2</source>
        <translation>Cannot listen on %1: %2</translation>
    </message>
    <message>
        <source>hotelhub-license-server %1 listening on %2:%3 (%4, %5 threads, %6)</source>
        <translation>hotelhub-license-server %1 listening on %2:%3 (%4, %5 threads, %6)</translation>
    </message>
    <message numerus="yes">
        <source>pruned %n heartbeat row(s) older than 90 days</source>
        <translation>
            <numerusform>pruned %n heartbeat row older than 90 days</numerusform>
            <numerusform>pruned %n heartbeat rows older than 90 days</numerusform>
        </translation>
    </message>
    <message>
        <source>--sheet-format is auto, appsscript, csv, sheets-api or gviz.</source>
        <translation>--sheet-format is auto, appsscript, csv, sheets-api or gviz.</translation>
    </message>
    <message>
        <source>hotelhub-license-server stopped; every answered request is stored.</source>
        <translation>hotelhub-license-server stopped; every answered request is stored.</translation>
    </message>
    <message>
        <source>--format is auto, appsscript, csv, sheets-api or gviz.</source>
        <translation>--format is auto, appsscript, csv, sheets-api or gviz.</translation>
    </message>
    <message>
        <source>Unknown command: %1</source>
        <translation>Unknown command: %1</translation>
    </message>
    <message>
        <source>Give this key to the hotel (it is shown only now; the server keeps only its hash):</source>
        <translation>Give this key to the hotel (it is shown only now; the server keeps only its hash):</translation>
    </message>
    <message>
        <source>KEY</source>
        <translation>KEY</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>STATUS</translation>
    </message>
    <message>
        <source>PLAN</source>
        <translation>PLAN</translation>
    </message>
    <message>
        <source>EXPIRES</source>
        <translation>EXPIRES</translation>
    </message>
    <message>
        <source>LAST HEARTBEAT</source>
        <translation>LAST HEARTBEAT</translation>
    </message>
    <message>
        <source>PAIRED</source>
        <translation>PAIRED</translation>
    </message>
    <message>
        <source>MIGRATIONS</source>
        <translation>MIGRATIONS</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message numerus="yes">
        <source>%n licence(s)</source>
        <translation>
            <numerusform>%n licence</numerusform>
            <numerusform>%n licences</numerusform>
        </translation>
    </message>
    <message>
        <source>&apos;license %1&apos; takes exactly one licence key.</source>
        <translation>&apos;license %1&apos; takes exactly one licence key.</translation>
    </message>
    <message>
        <source>No licence with the key %1 in %2.</source>
        <translation>No licence with the key %1 in %2.</translation>
    </message>
    <message>
        <source>--until is a date: YYYY-MM-DD.</source>
        <translation>--until is a date: YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>%1 now valid until %2 (end of that day, Asia/Jakarta).</source>
        <translation>%1 now valid until %2 (end of that day, Asia/Jakarta).</translation>
    </message>
    <message>
        <source>%1 is now %2; the hotel sees it at its next heartbeat.</source>
        <translation>%1 is now %2; the hotel sees it at its next heartbeat.</translation>
    </message>
    <message>
        <source>%1: migration count reset.</source>
        <translation>%1: migration count reset.</translation>
    </message>
    <message>
        <source>Unknown command: license %1</source>
        <translation>Unknown command: license %1</translation>
    </message>
    <message>
        <source>The change was not saved: %1</source>
        <translation>The change was not saved: %1</translation>
    </message>
    <message>
        <source>--clock-offset takes an offset such as +65d, -2h or +90m.</source>
        <translation>--clock-offset takes an offset such as +65d, -2h or +90m.</translation>
    </message>
    <message>
        <source>--read-only goes with serve, license list and license show; this command writes.</source>
        <translation>--read-only goes with serve, license list and license show; this command writes.</translation>
    </message>
    <message>
        <source>--clock-tolerance-days takes a number of days from 1 to 365.</source>
        <translation>--clock-tolerance-days takes a number of days from 1 to 365.</translation>
    </message>
    <message>
        <source>WARNING: the vendor database %1 is damaged (%2). It is opened read-only, as asked: nothing is written, and what cannot be read answers 503. Restore it from a backup, or recover it with the sqlite3 tool&apos;s .recover command.</source>
        <translation>WARNING: the vendor database %1 is damaged (%2). It is opened read-only, as asked: nothing is written, and what cannot be read answers 503. Restore it from a backup, or recover it with the sqlite3 tool&apos;s .recover command.</translation>
    </message>
    <message>
        <source>The server clock reads %1, %2 days after the newest record in %3 (%4), more than the %5 days it tolerates. It is more likely wrong than right, so nothing is written, pruned or expired on it: set the clock right. If it is right (the server was off that long), repeat the command with --trust-clock.</source>
        <translation>The server clock reads %1, %2 days after the newest record in %3 (%4), more than the %5 days it tolerates. It is more likely wrong than right, so nothing is written, pruned or expired on it: set the clock right. If it is right (the server was off that long), repeat the command with --trust-clock.</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Nothing was changed.</translation>
    </message>
    <message>
        <source>The vendor database %1 is damaged (%2): what is shown above may be incomplete.</source>
        <translation>The vendor database %1 is damaged (%2): what is shown above may be incomplete.</translation>
    </message>
    <message>
        <source>WARNING:</source>
        <translation>WARNING:</translation>
    </message>
    <message>
        <source>Until then hotels get 503 and keep their grace; health reports the clock.</source>
        <translation>Until then hotels get 503 and keep their grace; health reports the clock.</translation>
    </message>
    <message>
        <source>Serving read-only: health and the admin status answer; pairing, heartbeats and moves answer 503.</source>
        <translation>Serving read-only: health and the admin status answer; pairing, heartbeats and moves answer 503.</translation>
    </message>
    <message>
        <source>The server clock is trusted again.</source>
        <translation>The server clock is trusted again.</translation>
    </message>
    <message>
        <source>Created %1 (readable by this user only) and %2.</source>
        <translation>Created %1 (readable by this user only) and %2.</translation>
    </message>
    <message>
        <source>&apos;license offline-answer&apos; takes one request: a file, or - for standard input.</source>
        <translation>&apos;license offline-answer&apos; takes one request: a file, or - for standard input.</translation>
    </message>
    <message>
        <source>--days takes a number of days from 1 to %1.</source>
        <translation>--days takes a number of days from 1 to %1.</translation>
    </message>
    <message>
        <source>Refused (%1): %2</source>
        <translation>Refused (%1): %2</translation>
    </message>
    <message numerus="yes">
        <source>Answer for %1 (%2): valid until %3, %n day(s).</source>
        <translation>
            <numerusform>Answer for %1 (%2): valid until %3, %n day.</numerusform>
            <numerusform>Answer for %1 (%2): valid until %3, %n days.</numerusform>
        </translation>
    </message>
    <message>
        <source>Send the hotel this file: %1</source>
        <translation>Send the hotel this file: %1</translation>
    </message>
    <message>
        <source>Or read them this code (26 groups of 5):</source>
        <translation>Or read them this code (26 groups of 5):</translation>
    </message>
    <message>
        <source>No typed code: the vendor key is RSA, whose signature is too long to read out. Send the file.</source>
        <translation>No typed code: the vendor key is RSA, whose signature is too long to read out. Send the file.</translation>
    </message>
    <message>
        <source>No typed code: a first activation needs the file (a code can renew an activation later).</source>
        <translation>No typed code: a first activation needs the file (a code can renew an activation later).</translation>
    </message>
    <message>
        <source>No typed code: the licence changed since the hotel&apos;s last token (plan, limits or end date). Send the file.</source>
        <translation>No typed code: the licence changed since the hotel&apos;s last token (plan, limits or end date). Send the file.</translation>
    </message>
    <message>
        <source>hotelhub-license-server stopped. The vendor database %1 could not be written to disk safely (%2): changes were answered with 503 from then on. Check the disk and the folder before starting it again.</source>
        <translation>hotelhub-license-server stopped. The vendor database %1 could not be written to disk safely (%2): changes were answered with 503 from then on. Check the disk and the folder before starting it again.</translation>
    </message>
    <message>
        <source>The database file is no longer there: started again as it is, the server would make a new, empty licence store, and every hotel would read as unknown. Put the file back, or restore it from a backup, first.</source>
        <translation>The database file is no longer there: started again as it is, the server would make a new, empty licence store, and every hotel would read as unknown. Put the file back, or restore it from a backup, first.</translation>
    </message>
    <message numerus="yes">
        <source>(the message above came %n more time(s))</source>
        <translation>
            <numerusform>(the message above came %n more time(s))</numerusform>
            <numerusform>(the message above came %n more time(s))</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot read the request %1: %2. Check the path, or give the request on standard input with -.</source>
        <translation>Cannot read the request %1: %2. Check the path, or give the request on standard input with -.</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>the disk is full</translation>
    </message>
    <message>
        <source>Cannot write the answer %1: %2. Nothing was answered or recorded: give --out a file this user may write, on a disk with room.</source>
        <translation>Cannot write the answer %1: %2. Nothing was answered or recorded: give --out a file this user may write, on a disk with room.</translation>
    </message>
    <message>
        <source>The answer was recorded, but its file %1 could not be written: %2. Choose a file that can be written (or make room), and run the same command again: the same request is answered again.</source>
        <translation>The answer was recorded, but its file %1 could not be written: %2. Choose a file that can be written (or make room), and run the same command again: the same request is answered again.</translation>
    </message>
    <message>
        <source>Cannot create the licence.</source>
        <translation>Cannot create the licence.</translation>
    </message>
    <message>
        <source>--features takes name=value pairs separated by commas, each name in lower-case letters, digits and _, got &quot;%1&quot;</source>
        <translation>--features takes name=value pairs separated by commas, each name in lower-case letters, digits and _, got &quot;%1&quot;</translation>
    </message>
    <message>
        <source>--features cannot set %1: use --max-rooms and --max-users.</source>
        <translation>--features cannot set %1: use --max-rooms and --max-users.</translation>
    </message>
    <message>
        <source>--features names %1 twice.</source>
        <translation>--features names %1 twice.</translation>
    </message>
    <message>
        <source>--features: the value of %1 is one line of at most 200 characters.</source>
        <translation>--features: the value of %1 is one line of at most 200 characters.</translation>
    </message>
    <message>
        <source>write error</source>
        <translation>write error</translation>
    </message>
    <message>
        <source>What this command printed could not be written to standard output (%1). Without this it would have ended with exit code %2. %3 Check where its output goes (a full disk, a closed pipe).</source>
        <translation>What this command printed could not be written to standard output (%1). Without this it would have ended with exit code %2. %3 Check where its output goes (a full disk, a closed pipe).</translation>
    </message>
    <message>
        <source>Whatever it changed is saved; &quot;license show&quot; shows a licence as it is now.</source>
        <translation>Whatever it changed is saved; &quot;license show&quot; shows a licence as it is now.</translation>
    </message>
    <message>
        <source>Nothing was answered or recorded.</source>
        <translation>Nothing was answered or recorded.</translation>
    </message>
    <message>
        <source>The answer is recorded and its file %1 written; run the same command again to see the typed code (the same request is answered again).</source>
        <translation>The answer is recorded and its file %1 written; run the same command again to see the typed code (the same request is answered again).</translation>
    </message>
    <message>
        <source>The change was not saved: the disk that holds the vendor database is full. Free space on it, then run the command again; nothing was changed.</source>
        <translation>The change was not saved: the disk that holds the vendor database is full. Free space on it, then run the command again; nothing was changed.</translation>
    </message>
    <message>
        <source>The change was not saved: the vendor database or its folder cannot be written (a read-only file or disk, or this user&apos;s rights). Make both writable for this user, then run the command again; nothing was changed.</source>
        <translation>The change was not saved: the vendor database or its folder cannot be written (a read-only file or disk, or this user&apos;s rights). Make both writable for this user, then run the command again; nothing was changed.</translation>
    </message>
    <message>
        <source>The change was not saved: the disk reported an error. Check it (the system log), then run the command again; nothing was changed.</source>
        <translation>The change was not saved: the disk reported an error. Check it (the system log), then run the command again; nothing was changed.</translation>
    </message>
    <message>
        <source>The change was not saved: the vendor database refused it. Run the command again; if it fails again, check the disk and the server&apos;s log.</source>
        <translation>The change was not saved: the vendor database refused it. Run the command again; if it fails again, check the disk and the server&apos;s log.</translation>
    </message>
    <message>
        <source>The keys were made; LICENSE_PUBLIC_KEY_HASH is the SHA-256 of %1 (sha256sum prints it; on Windows, certutil -hashfile FILE SHA256).</source>
        <translation>The keys were made; LICENSE_PUBLIC_KEY_HASH is the SHA-256 of %1 (sha256sum prints it; on Windows, certutil -hashfile FILE SHA256).</translation>
    </message>
    <message>
        <source>The new key could not be written to standard output (%1), and it is shown nowhere else, so the licence was not kept. Check where the output goes (a full disk, a closed pipe), then run the command again.</source>
        <translation>The new key could not be written to standard output (%1), and it is shown nowhere else, so the licence was not kept. Check where the output goes (a full disk, a closed pipe), then run the command again.</translation>
    </message>
    <message>
        <source>The new key could not be written to standard output (%1), and it is shown nowhere else. The licence %2 could not be taken back (%3): revoke it (&quot;license list&quot; shows it, created just now) and create another.</source>
        <translation>The new key could not be written to standard output (%1), and it is shown nowhere else. The licence %2 could not be taken back (%3): revoke it (&quot;license list&quot; shows it, created just now) and create another.</translation>
    </message>
    <message>
        <source>the program reading it has stopped</source>
        <translation>the program reading it has stopped</translation>
    </message>
    <message>
        <source>active</source>
        <comment>licence state</comment>
        <translation>active</translation>
    </message>
    <message>
        <source>grace</source>
        <comment>licence state: past its end, heartbeats still accepted</comment>
        <translation>grace</translation>
    </message>
    <message>
        <source>expired</source>
        <comment>licence state</comment>
        <translation>expired</translation>
    </message>
    <message>
        <source>suspended</source>
        <comment>licence state</comment>
        <translation>suspended</translation>
    </message>
    <message>
        <source>revoked</source>
        <comment>licence state</comment>
        <translation>revoked</translation>
    </message>
    <message>
        <source>--%1 takes a whole number from %2 to %3 (got &quot;%4&quot;).</source>
        <translation>--%1 takes a whole number from %2 to %3 (got &quot;%4&quot;).</translation>
    </message>
    <message>
        <source>Note: %1 is already past: the licence starts in its grace period, until %2 (its heartbeats are accepted, new pairings refused), and is expired after that.</source>
        <translation>Note: %1 is already past: the licence starts in its grace period, until %2 (its heartbeats are accepted, new pairings refused), and is expired after that.</translation>
    </message>
    <message numerus="yes">
        <source>Note: %1 is already past, and so are its %n grace days: the licence is expired from now on.</source>
        <translation>
            <numerusform>Note: %1 is already past, and so is its %n grace day: the licence is expired from now on.</numerusform>
            <numerusform>Note: %1 is already past, and so are its %n grace days: the licence is expired from now on.</numerusform>
        </translation>
    </message>
    <message>
        <source>&apos;license %1&apos; takes no licence key or other word.</source>
        <translation>&apos;license %1&apos; takes no licence key or other word.</translation>
    </message>
    <message>
        <source>To see one licence: license show KEY.</source>
        <translation>To see one licence: license show KEY.</translation>
    </message>
    <message>
        <source>--%1 applies to the sheet read from --sheet-url, which is not given. Add --sheet-url URL, or leave --%1 out.</source>
        <translation>--%1 applies to the sheet read from --sheet-url, which is not given. Add --sheet-url URL, or leave --%1 out.</translation>
    </message>
    <message>
        <source>Licence created: plan %1, %2, %3, valid until %4.</source>
        <translation>Licence created: plan %1, %2, %3, valid until %4.</translation>
    </message>
    <message numerus="yes">
        <source>%n room(s)</source>
        <translation>
            <numerusform>%n room</numerusform>
            <numerusform>%n rooms</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n user(s)</source>
        <translation>
            <numerusform>%n user</numerusform>
            <numerusform>%n users</numerusform>
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
        <translation>Usage:
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
</translation>
    </message>
    <message>
        <source>&apos;%1&apos; does not take --%2.</source>
        <translation>&apos;%1&apos; does not take --%2.</translation>
    </message>
    <message>
        <source>--plan is a name of 1 to 64 characters on one line.</source>
        <translation>--plan is a name of 1 to 64 characters on one line.</translation>
    </message>
    <message>
        <source>--owner-email is one line of at most 254 characters.</source>
        <translation>--owner-email is one line of at most 254 characters.</translation>
    </message>
    <message>
        <source>--valid-until is a date: YYYY-MM-DD (got &quot;%1&quot;).</source>
        <translation>--valid-until is a date: YYYY-MM-DD (got &quot;%1&quot;).</translation>
    </message>
    <message>
        <source>%1 was revoked, which is meant to be final; nothing was changed. To reinstate it on purpose, give the reason: hotelhub-license-server license resume KEY --reason &quot;…&quot; --db DB (kept in its history and the audit log).</source>
        <translation>%1 was revoked, which is meant to be final; nothing was changed. To reinstate it on purpose, give the reason: hotelhub-license-server license resume KEY --reason &quot;…&quot; --db DB (kept in its history and the audit log).</translation>
    </message>
    <message>
        <source>%1 is revoked, which is already more than suspended; nothing was changed. To reinstate it on purpose, give the reason: hotelhub-license-server license resume KEY --reason &quot;…&quot; --db DB.</source>
        <translation>%1 is revoked, which is already more than suspended; nothing was changed. To reinstate it on purpose, give the reason: hotelhub-license-server license resume KEY --reason &quot;…&quot; --db DB.</translation>
    </message>
    <message>
        <source>--reason contains a line break or an invisible character: %1. Type it again on one line, without copying it from a document or chat.</source>
        <translation>--reason contains a line break or an invisible character: %1. Type it again on one line, without copying it from a document or chat.</translation>
    </message>
    <message>
        <source>--reason is one line of at most 200 characters (this one has %1).</source>
        <translation>--reason is one line of at most 200 characters (this one has %1).</translation>
    </message>
    <message>
        <source>%1 is already %2; nothing was changed.</source>
        <translation>%1 is already %2; nothing was changed.</translation>
    </message>
    <message>
        <source>--%1 was given an empty value; give it the file&apos;s path.</source>
        <translation>--%1 was given an empty value; give it the file&apos;s path.</translation>
    </message>
</context>
<context>
    <name>SetupRules</name>
    <message>
        <source>Write the WhatsApp number with digits only, for example 0812 3456 7890.</source>
        <translation>Write the WhatsApp number with digits only, for example 0812 3456 7890.</translation>
    </message>
    <message>
        <source>Only Indonesian (+62) WhatsApp numbers are accepted here.</source>
        <translation>Only Indonesian (+62) WhatsApp numbers are accepted here.</translation>
    </message>
    <message>
        <source>This is not an Indonesian mobile number: it should look like 0812 3456 7890 or +62 812 3456 7890.</source>
        <translation>This is not an Indonesian mobile number: it should look like 0812 3456 7890 or +62 812 3456 7890.</translation>
    </message>
    <message>
        <source>Enter a complete e-mail address, for example owner@hotelmelati.id.</source>
        <translation>Enter a complete e-mail address, for example owner@hotelmelati.id.</translation>
    </message>
    <message>
        <source>An NPWP has 15 digits (99.999.999.9-999.999) or 16 digits (NIK-based).</source>
        <translation>An NPWP has 15 digits (99.999.999.9-999.999) or 16 digits (NIK-based).</translation>
    </message>
    <message>
        <source>An NSFP series has 13 digits (for example 010.25.12345678 without the transaction code).</source>
        <translation>An NSFP series has 13 digits (for example 010.25.12345678 without the transaction code).</translation>
    </message>
    <message>
        <source>Enter the owner&apos;s full name.</source>
        <translation>Enter the owner&apos;s full name.</translation>
    </message>
    <message>
        <source>Enter the hotel&apos;s name.</source>
        <translation>Enter the hotel&apos;s name.</translation>
    </message>
    <message>
        <source>Enter the street, the city or regency and the province.</source>
        <translation>Enter the street, the city or regency and the province.</translation>
    </message>
    <message>
        <source>The postal code has five digits.</source>
        <translation>The postal code has five digits.</translation>
    </message>
    <message>
        <source>Latitude and longitude are decimal degrees inside Indonesia (for example -8.65, 115.22), or empty.</source>
        <translation>Latitude and longitude are decimal degrees inside Indonesia (for example -8.65, 115.22), or empty.</translation>
    </message>
    <message>
        <source>The region code looks like 51 or 51.03.</source>
        <translation>The region code looks like 51 or 51.03.</translation>
    </message>
    <message numerus="yes">
        <source>Your licence allows up to %n room(s).</source>
        <translation>
            <numerusform>Your licence allows up to %n room.</numerusform>
            <numerusform>Your licence allows up to %n rooms.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter the administrator&apos;s name.</source>
        <translation>Enter the administrator&apos;s name.</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>The two passwords are not the same.</translation>
    </message>
    <message>
        <source>Type how many rooms the hotel has (at least 1).</source>
        <translation>Type how many rooms the hotel has (at least 1).</translation>
    </message>
</context>
<context>
    <name>SetupStore</name>
    <message>
        <source>Cannot save the setup progress: %1</source>
        <translation>Cannot save the setup progress: %1</translation>
    </message>
    <message>
        <source>Cannot encrypt the two-factor secret: the key store is not available.</source>
        <translation>Cannot encrypt the two-factor secret: the key store is not available.</translation>
    </message>
    <message>
        <source>Cannot save the hotel&apos;s data; nothing was written: %1</source>
        <translation>Cannot save the hotel&apos;s data; nothing was written: %1</translation>
    </message>
    <message>
        <source>Cannot write the audit log; nothing was written.</source>
        <translation>Cannot write the audit log; nothing was written.</translation>
    </message>
    <message>
        <source>This installation already has its owner account (%1): the setup was completed before, and nothing was written now. Sign in to the HotelHub panel with that account; other users are added there.</source>
        <translation>This installation already has its owner account (%1): the setup was completed before, and nothing was written now. Sign in to the HotelHub panel with that account; other users are added there.</translation>
    </message>
</context>
<context>
    <name>SheetFetcher</name>
    <message>
        <source>&quot;%1&quot; is not an http(s) URL</source>
        <translation>&quot;%1&quot; is not an http(s) URL</translation>
    </message>
    <message>
        <source>the sheet reply is larger than %1 KiB</source>
        <translation>the sheet reply is larger than %1 KiB</translation>
    </message>
    <message>
        <source>cannot read the sheet: %1</source>
        <translation>cannot read the sheet: %1</translation>
    </message>
    <message>
        <source>the address %1 was not found (no internet here, or a mistyped address)</source>
        <translation>the address %1 was not found (no internet here, or a mistyped address)</translation>
    </message>
    <message>
        <source>%1 refused the connection</source>
        <translation>%1 refused the connection</translation>
    </message>
    <message>
        <source>%1 closed the connection before answering</source>
        <translation>%1 closed the connection before answering</translation>
    </message>
    <message numerus="yes">
        <source>no answer from %1 within %n second(s)</source>
        <translation>
            <numerusform>no answer from %1 within %n second</numerusform>
            <numerusform>no answer from %1 within %n seconds</numerusform>
        </translation>
    </message>
    <message>
        <source>the secure connection to %1 failed (check this computer&apos;s date and time)</source>
        <translation>the secure connection to %1 failed (check this computer&apos;s date and time)</translation>
    </message>
    <message>
        <source>the proxy did not pass the request on</source>
        <translation>the proxy did not pass the request on</translation>
    </message>
    <message>
        <source>%1 sent the request on too often or to an unsafe address</source>
        <translation>%1 sent the request on too often or to an unsafe address</translation>
    </message>
    <message>
        <source>a network error (%1) on the way to %2</source>
        <translation>a network error (%1) on the way to %2</translation>
    </message>
    <message>
        <source>Keep one row per licence in the published tab (delete the empty rows below it and other data), or publish only the licence tab.</source>
        <translation>Keep one row per licence in the published tab (delete the empty rows below it and other data), or publish only the licence tab.</translation>
    </message>
</context>
<context>
    <name>SheetMode</name>
    <message>
        <source>license.dat does not exist yet: the licence was never checked online here.</source>
        <translation>license.dat does not exist yet: the licence was never checked online here.</translation>
    </message>
    <message>
        <source>license.dat cannot be read (%1).</source>
        <translation>license.dat cannot be read (%1).</translation>
    </message>
    <message>
        <source>The key that protects license.dat is not available: %1</source>
        <translation>The key that protects license.dat is not available: %1</translation>
    </message>
    <message>
        <source>license.dat was changed outside HotelHub (its signature does not match).</source>
        <translation>license.dat was changed outside HotelHub (its signature does not match).</translation>
    </message>
    <message>
        <source>license.dat belongs to another installation.</source>
        <translation>license.dat belongs to another installation.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>The sheet has no valid licence row for this installation (a Status and an Expiry are needed).</source>
        <translation>The sheet has no valid licence row for this installation (a Status and an Expiry are needed).</translation>
    </message>
    <message>
        <source>The last online check (%1) lies in the future: this computer&apos;s clock is behind. Set the correct date and time; the next online check clears it.</source>
        <translation>The last online check (%1) lies in the future: this computer&apos;s clock is behind. Set the correct date and time; the next online check clears it.</translation>
    </message>
    <message>
        <source>Correct the line named above in %1, then check again.</source>
        <translation>Correct the line named above in %1, then check again.</translation>
    </message>
    <message>
        <source>Ask the vendor to add this installation&apos;s row to the sheet (License Key, Status and Expiry), then check again.</source>
        <translation>Ask the vendor to add this installation&apos;s row to the sheet (License Key, Status and Expiry), then check again.</translation>
    </message>
    <message>
        <source>Check this computer&apos;s internet connection, and that LICENSE_API_URL in %1 is the sheet&apos;s address; then check again.</source>
        <translation>Check this computer&apos;s internet connection, and that LICENSE_API_URL in %1 is the sheet&apos;s address; then check again.</translation>
    </message>
    <message>
        <source>Ask the vendor to share the sheet as &quot;Anyone with the link&quot; or to publish it to the web; then check again.</source>
        <translation>Ask the vendor to share the sheet as &quot;Anyone with the link&quot; or to publish it to the web; then check again.</translation>
    </message>
    <message>
        <source>Nothing to do now: the check is tried again later by itself.</source>
        <translation>Nothing to do now: the check is tried again later by itself.</translation>
    </message>
    <message>
        <source>LICENSE_API_URL in %1 leads to no sheet (HTTP %2): copy the sheet&apos;s link from the vendor into it again; then check again.</source>
        <translation>LICENSE_API_URL in %1 leads to no sheet (HTTP %2): copy the sheet&apos;s link from the vendor into it again; then check again.</translation>
    </message>
    <message>
        <source>Google&apos;s side failed this time; the check is tried again later by itself. If it lasts more than a day, tell the vendor.</source>
        <translation>Google&apos;s side failed this time; the check is tried again later by itself. If it lasts more than a day, tell the vendor.</translation>
    </message>
    <message>
        <source>Check LICENSE_API_URL in %1 with the vendor; then check again.</source>
        <translation>Check LICENSE_API_URL in %1 with the vendor; then check again.</translation>
    </message>
    <message>
        <source>The sheet answered, but not as a licence sheet: tell the vendor what is shown above.</source>
        <translation>The sheet answered, but not as a licence sheet: tell the vendor what is shown above.</translation>
    </message>
    <message>
        <source>This installation&apos;s row in the sheet cannot be read: %1.</source>
        <translation>This installation&apos;s row in the sheet cannot be read: %1.</translation>
    </message>
    <message>
        <source>Ask the vendor to correct that row (Status: active, suspended or revoked; dates as 2027-01-31 or 31/01/2027), then check again.</source>
        <translation>Ask the vendor to correct that row (Status: active, suspended or revoked; dates as 2027-01-31 or 31/01/2027), then check again.</translation>
    </message>
    <message>
        <source>The sheet was not read: a licence setting cannot be used. %1</source>
        <translation>The sheet was not read: a licence setting cannot be used. %1</translation>
    </message>
    <message>
        <source>The online check failed: %1</source>
        <translation>The online check failed: %1</translation>
    </message>
</context>
<context>
    <name>SheetModeSettings</name>
    <message>
        <source>LICENSE_API_URL &apos;%1&apos; is not an http(s) address.</source>
        <translation>LICENSE_API_URL &apos;%1&apos; is not an http(s) address.</translation>
    </message>
    <message>
        <source>LICENSE_API_URL must use https:// (plain http:// is only allowed on this computer itself).</source>
        <translation>LICENSE_API_URL must use https:// (plain http:// is only allowed on this computer itself).</translation>
    </message>
    <message>
        <source>LICENSE_EXPIRY &apos;%1&apos; is not a date (write it as 2027-12-31).</source>
        <translation>LICENSE_EXPIRY &apos;%1&apos; is not a date (write it as 2027-12-31).</translation>
    </message>
    <message>
        <source>MAX_OFFLINE_DAYS &apos;%1&apos; must be a whole number of days from 1 to 365.</source>
        <translation>MAX_OFFLINE_DAYS &apos;%1&apos; must be a whole number of days from 1 to 365.</translation>
    </message>
    <message>
        <source>LICENSE_SHEET_FORMAT &apos;%1&apos; is not one of auto, apps-script, csv, sheets-api, gviz.</source>
        <translation>LICENSE_SHEET_FORMAT &apos;%1&apos; is not one of auto, apps-script, csv, sheets-api, gviz.</translation>
    </message>
</context>
<context>
    <name>SheetParser</name>
    <message>
        <source>missing status</source>
        <translation>missing status</translation>
    </message>
    <message>
        <source>unknown status &quot;%1&quot; (use active, suspended or revoked)</source>
        <translation>unknown status &quot;%1&quot; (use active, suspended or revoked)</translation>
    </message>
    <message>
        <source>the sheet is empty</source>
        <translation>the sheet is empty</translation>
    </message>
    <message>
        <source>the sheet has no License Key column</source>
        <translation>the sheet has no License Key column</translation>
    </message>
    <message>
        <source>the sheet has no Expiry column: expiry dates are left as they are</source>
        <translation>the sheet has no Expiry column: expiry dates are left as they are</translation>
    </message>
    <message>
        <source>expiry &quot;%1&quot; is not a real date</source>
        <translation>expiry &quot;%1&quot; is not a real date</translation>
    </message>
    <message>
        <source>last payment &quot;%1&quot; is not a real date</source>
        <translation>last payment &quot;%1&quot; is not a real date</translation>
    </message>
    <message>
        <source>missing licence key</source>
        <translation>missing licence key</translation>
    </message>
    <message>
        <source>Google rate-limited the sheet read (HTTP 429); backing off, nothing changed.%1</source>
        <translation>Google rate-limited the sheet read (HTTP 429); backing off, nothing changed.%1</translation>
    </message>
    <message>
        <source>The sheet answered HTTP %1; nothing changed.</source>
        <translation>The sheet answered HTTP %1; nothing changed.</translation>
    </message>
    <message>
        <source>the gviz reply could not be read</source>
        <translation>the gviz reply could not be read</translation>
    </message>
    <message>
        <source>the sheet query failed: %1</source>
        <translation>the sheet query failed: %1</translation>
    </message>
    <message>
        <source>Google returned an error: %1</source>
        <translation>Google returned an error: %1</translation>
    </message>
    <message>
        <source>the Apps Script reported an error: %1</source>
        <translation>the Apps Script reported an error: %1</translation>
    </message>
    <message>
        <source>the Apps Script reply has no status field</source>
        <translation>the Apps Script reply has no status field</translation>
    </message>
    <message>
        <source>the reply is not valid JSON</source>
        <translation>the reply is not valid JSON</translation>
    </message>
    <message>
        <source>the sheet is not public (Google answered with a sign-in page).</source>
        <translation>the sheet is not public (Google answered with a sign-in page).</translation>
    </message>
    <message>
        <source>Share it as &quot;Anyone with the link&quot; or publish it to the web.</source>
        <translation>Share it as &quot;Anyone with the link&quot; or publish it to the web.</translation>
    </message>
    <message>
        <source>the sheet has more than %1 rows, empty ones included; one row per licence is read. Delete the rows below the last licence, or the extra header rows.</source>
        <translation>the sheet has more than %1 rows, empty ones included; one row per licence is read. Delete the rows below the last licence, or the extra header rows.</translation>
    </message>
    <message>
        <source>the CSV could not be read: a cell opens a quote (&quot;) that never closes. Check that cell in the sheet, or publish the sheet to the web again as CSV.</source>
        <translation>the CSV could not be read: a cell opens a quote (&quot;) that never closes. Check that cell in the sheet, or publish the sheet to the web again as CSV.</translation>
    </message>
    <message>
        <source>the sheet has no Status column: its first row names the columns, License Key | Status | Expiry | Last Payment | Notes</source>
        <translation>the sheet has no Status column: its first row names the columns, License Key | Status | Expiry | Last Payment | Notes</translation>
    </message>
    <message>
        <source>the sheet has no Status column: its first row names the columns, License Key | Status | Expiry | Last Payment | Notes (a hotel&apos;s own sheet may leave out License Key)</source>
        <translation>the sheet has no Status column: its first row names the columns, License Key | Status | Expiry | Last Payment | Notes (a hotel&apos;s own sheet may leave out License Key)</translation>
    </message>
    <message>
        <source>the sheet was published as a spreadsheet file (.xlsx or .ods), not as CSV. In Google Sheets, File &gt; Share &gt; Publish to the web, choose Comma-separated values (.csv) and use the new link.</source>
        <translation>the sheet was published as a spreadsheet file (.xlsx or .ods), not as CSV. In Google Sheets, File &gt; Share &gt; Publish to the web, choose Comma-separated values (.csv) and use the new link.</translation>
    </message>
    <message>
        <source>the sheet was published as a PDF, not as CSV. In Google Sheets, File &gt; Share &gt; Publish to the web, choose Comma-separated values (.csv) and use the new link.</source>
        <translation>the sheet was published as a PDF, not as CSV. In Google Sheets, File &gt; Share &gt; Publish to the web, choose Comma-separated values (.csv) and use the new link.</translation>
    </message>
    <message>
        <source>the sheet is not text (it holds NUL bytes). Publish it as Comma-separated values (.csv), or save it as CSV UTF-8.</source>
        <translation>the sheet is not text (it holds NUL bytes). Publish it as Comma-separated values (.csv), or save it as CSV UTF-8.</translation>
    </message>
    <message>
        <source>the address answered with a web page, not the sheet: a Wi-Fi or proxy sign-in page, or a link that is not the sheet&apos;s.</source>
        <translation>the address answered with a web page, not the sheet: a Wi-Fi or proxy sign-in page, or a link that is not the sheet&apos;s.</translation>
    </message>
    <message>
        <source>Check that the link is the sheet&apos;s published CSV (File &gt; Share &gt; Publish to the web, Comma-separated values).</source>
        <translation>Check that the link is the sheet&apos;s published CSV (File &gt; Share &gt; Publish to the web, Comma-separated values).</translation>
    </message>
    <message>
        <source>The link leads to no sheet: copy it again from File &gt; Share &gt; Publish to the web (Comma-separated values).</source>
        <translation>The link leads to no sheet: copy it again from File &gt; Share &gt; Publish to the web (Comma-separated values).</translation>
    </message>
    <message>
        <source>Google&apos;s side failed this time; the next sync tries again.</source>
        <translation>Google&apos;s side failed this time; the next sync tries again.</translation>
    </message>
</context>
<context>
    <name>SheetSync</name>
    <message>
        <source>Sheet sync: %1 changed, %2 unchanged, %3 rejected.</source>
        <translation>Sheet sync: %1 changed, %2 unchanged, %3 rejected.</translation>
    </message>
    <message>
        <source>Sheet refused (%1): %2</source>
        <translation>Sheet refused (%1): %2</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>warning: %1</translation>
    </message>
    <message>
        <source>row %1</source>
        <translation>row %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a licence key</source>
        <translation>&quot;%1&quot; is not a licence key</translation>
    </message>
    <message>
        <source>unknown licence key</source>
        <translation>unknown licence key</translation>
    </message>
    <message>
        <source>row %1 (%2): rejected — %3</source>
        <translation>row %1 (%2): rejected — %3</translation>
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
        <translation>payment/notes updated</translation>
    </message>
    <message>
        <source>row %1 (%2): could not be saved — %3</source>
        <translation>row %1 (%2): could not be saved — %3</translation>
    </message>
    <message>
        <source>row %1 (%2): %3</source>
        <translation>row %1 (%2): %3</translation>
    </message>
    <message>
        <source>revoked here, which is final: the sheet does not reinstate it (set the row to &quot;revoked&quot;, or reinstate it on purpose with: license resume KEY --reason …)</source>
        <translation>revoked here, which is final: the sheet does not reinstate it (set the row to &quot;revoked&quot;, or reinstate it on purpose with: license resume KEY --reason …)</translation>
    </message>
    <message>
        <source>… and %1 more rows rejected (the first %2 are shown).</source>
        <translation>… and %1 more rows rejected (the first %2 are shown).</translation>
    </message>
    <message>
        <source>row %1: rejected — %2</source>
        <translation>row %1: rejected — %2</translation>
    </message>
    <message>
        <source>the same licence is also in row %1, with other values: neither row is applied until the sheet keeps one of them</source>
        <translation>the same licence is also in row %1, with other values: neither row is applied until the sheet keeps one of them</translation>
    </message>
</context>
<context>
    <name>SmallFile</name>
    <message>
        <source>%1 does not exist</source>
        <translation>%1 does not exist</translation>
    </message>
    <message>
        <source>%1 is not a regular file (a device, a pipe or a folder)</source>
        <translation>%1 is not a regular file (a device, a pipe or a folder)</translation>
    </message>
    <message>
        <source>%1 is larger than %2 KiB</source>
        <translation>%1 is larger than %2 KiB</translation>
    </message>
    <message>
        <source>%1 cannot be opened (another program may hold it): %2</source>
        <translation>%1 cannot be opened (another program may hold it): %2</translation>
    </message>
    <message>
        <source>this user may not reach %1 (a folder on its path is closed to it)</source>
        <translation>this user may not reach %1 (a folder on its path is closed to it)</translation>
    </message>
    <message>
        <source>this user may not read %1 (its permissions)</source>
        <translation>this user may not read %1 (its permissions)</translation>
    </message>
    <message>
        <source>this user may not create files in the folder %1 (its permissions)</source>
        <translation>this user may not create files in the folder %1 (its permissions)</translation>
    </message>
    <message>
        <source>this user may not write %1 (its permissions)</source>
        <translation>this user may not write %1 (its permissions)</translation>
    </message>
    <message>
        <source>the folder %1 does not exist</source>
        <translation>the folder %1 does not exist</translation>
    </message>
    <message>
        <source>%1 is a folder, not a file</source>
        <translation>%1 is a folder, not a file</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder</source>
        <translation>%1 is a file, not a folder</translation>
    </message>
    <message>
        <source>no file can be made in the folder %1 (this user&apos;s permissions, or a disk that is read-only or full)</source>
        <translation>no file can be made in the folder %1 (this user&apos;s permissions, or a disk that is read-only or full)</translation>
    </message>
    <message>
        <source>the disk that holds %1 is full (%2 free)</source>
        <translation>the disk that holds %1 is full (%2 free)</translation>
    </message>
</context>
<context>
    <name>StartOptions</name>
    <message>
        <source>Settings file (default: hotelhub.env in the data folder).</source>
        <translation>Settings file (default: hotelhub.env in the data folder).</translation>
    </message>
    <message>
        <source>Data folder (default: HOTELHUB_DATA_DIR, else the user&apos;s data folder).</source>
        <translation>Data folder (default: HOTELHUB_DATA_DIR, else the user&apos;s data folder).</translation>
    </message>
    <message>
        <source>Language: id (Bahasa Indonesia) or en (English).</source>
        <translation>Language: id (Bahasa Indonesia) or en (English).</translation>
    </message>
    <message>
        <source>--lang %1: this program speaks id (Bahasa Indonesia) or en (English). Use --lang id or --lang en.</source>
        <translation>--lang %1: this program speaks id (Bahasa Indonesia) or en (English). Use --lang id or --lang en.</translation>
    </message>
    <message>
        <source>--%1 is empty. Name the folder or file, or leave the option out to use the default.</source>
        <translation>--%1 is empty. Name the folder or file, or leave the option out to use the default.</translation>
    </message>
    <message>
        <source>Unexpected argument: %1. See --help for what this program takes.</source>
        <translation>Unexpected argument: %1. See --help for what this program takes.</translation>
    </message>
    <message>
        <source>See --help for what this program takes.</source>
        <translation>See --help for what this program takes.</translation>
    </message>
    <message>
        <source>--%1 needs a value, but it is followed by %2. Give the value right after --%1 (or write --%1=VALUE).</source>
        <translation>--%1 needs a value, but it is followed by %2. Give the value right after --%1 (or write --%1=VALUE).</translation>
    </message>
    <message>
        <source>--%1=%2: a name that starts with &quot;--&quot; cannot be told from an option. If that folder or file is meant, write it as ./%2.</source>
        <translation>--%1=%2: a name that starts with &quot;--&quot; cannot be told from an option. If that folder or file is meant, write it as ./%2.</translation>
    </message>
    <message>
        <source>--%1 -: a folder or settings file cannot be standard input. Name it, or write ./- if a folder named &quot;-&quot; is meant.</source>
        <translation>--%1 -: a folder or settings file cannot be standard input. Name it, or write ./- if a folder named &quot;-&quot; is meant.</translation>
    </message>
    <message>
        <source>%1 is a licence key, not an option. Give it where the program asks for the key (for example --key KEY).</source>
        <translation>%1 is a licence key, not an option. Give it where the program asks for the key (for example --key KEY).</translation>
    </message>
    <message>
        <source>--%1 %2 contains a line break, a control character or a character that does not show (shown as &lt;U+…&gt;). Give it on one line.</source>
        <translation>--%1 %2 contains a line break, a control character or a character that does not show (shown as &lt;U+…&gt;). Give it on one line.</translation>
    </message>
    <message>
        <source>%1=%2 contains a line break, a control character or a character that does not show (shown as &lt;U+…&gt;). Set it on one line.</source>
        <translation>%1=%2 contains a line break, a control character or a character that does not show (shown as &lt;U+…&gt;). Set it on one line.</translation>
    </message>
    <message>
        <source>The argument %1 contains a line break, a control character or a character that does not show (shown as &lt;U+…&gt;). Give it on one line.</source>
        <translation>The argument %1 contains a line break, a control character or a character that does not show (shown as &lt;U+…&gt;). Give it on one line.</translation>
    </message>
</context>
<context>
    <name>StatusPresentation</name>
    <message>
        <source>Licence not set up</source>
        <translation>Licence not set up</translation>
    </message>
    <message>
        <source>This installation has no licence yet.</source>
        <translation>This installation has no licence yet.</translation>
    </message>
    <message>
        <source>Run the HotelHub setup wizard and enter the licence key from your purchase e-mail.</source>
        <translation>Run the HotelHub setup wizard and enter the licence key from your purchase e-mail.</translation>
    </message>
    <message>
        <source>Licence check failed</source>
        <translation>Licence check failed</translation>
    </message>
    <message>
        <source>Online verification required</source>
        <translation>Online verification required</translation>
    </message>
    <message numerus="yes">
        <source>The licence has not been verified online for %n days.</source>
        <translation>
            <numerusform>The licence has not been verified online for %n day.</numerusform>
            <numerusform>The licence has not been verified online for %n days.</numerusform>
        </translation>
    </message>
    <message>
        <source>Connect this server to the internet, then press Check again.</source>
        <translation>Connect this server to the internet, then press Check again.</translation>
    </message>
    <message>
        <source>Licence token invalid</source>
        <translation>Licence token invalid</translation>
    </message>
    <message>
        <source>The stored licence token cannot be read or its signature is not valid.</source>
        <translation>The stored licence token cannot be read or its signature is not valid.</translation>
    </message>
    <message>
        <source>Pair this installation again with your licence key, or contact support.</source>
        <translation>Pair this installation again with your licence key, or contact support.</translation>
    </message>
    <message>
        <source>Hardware change detected</source>
        <translation>Hardware change detected</translation>
    </message>
    <message>
        <source>Hardware change detected. Re-pair?</source>
        <translation>Hardware change detected. Re-pair?</translation>
    </message>
    <message>
        <source>Licence revoked</source>
        <translation>Licence revoked</translation>
    </message>
    <message>
        <source>Licence not active. Contact the administrator.</source>
        <translation>Licence not active. Contact the administrator.</translation>
    </message>
    <message>
        <source>Contact the HotelHub vendor about the reason for the revocation.</source>
        <translation>Contact the HotelHub vendor about the reason for the revocation.</translation>
    </message>
    <message>
        <source>Licence suspended</source>
        <translation>Licence suspended</translation>
    </message>
    <message>
        <source>The vendor has suspended this licence, usually because of an unpaid invoice.</source>
        <translation>The vendor has suspended this licence, usually because of an unpaid invoice.</translation>
    </message>
    <message>
        <source>Contact the vendor to settle it, then press Check again: no reinstall is needed.</source>
        <translation>Contact the vendor to settle it, then press Check again: no reinstall is needed.</translation>
    </message>
    <message>
        <source>System clock is wrong</source>
        <translation>System clock is wrong</translation>
    </message>
    <message>
        <source>The system clock is not correct.</source>
        <translation>The system clock is not correct.</translation>
    </message>
    <message>
        <source>Set the correct date and time (turn on automatic time), then check again while online.</source>
        <translation>Set the correct date and time (turn on automatic time), then check again while online.</translation>
    </message>
    <message>
        <source>Licence expired</source>
        <translation>Licence expired</translation>
    </message>
    <message>
        <source>The licence has expired. Contact sales to renew it.</source>
        <translation>The licence has expired. Contact sales to renew it.</translation>
    </message>
    <message>
        <source>After renewing, press Check again.</source>
        <translation>After renewing, press Check again.</translation>
    </message>
    <message>
        <source>Licence period ended</source>
        <translation>Licence period ended</translation>
    </message>
    <message numerus="yes">
        <source>The licence period has ended. %n days left to renew before the system locks.</source>
        <translation>
            <numerusform>The licence period has ended. %n day left to renew before the system locks.</numerusform>
            <numerusform>The licence period has ended. %n days left to renew before the system locks.</numerusform>
        </translation>
    </message>
    <message>
        <source>Contact sales to renew the licence.</source>
        <translation>Contact sales to renew the licence.</translation>
    </message>
    <message>
        <source>Restricted mode</source>
        <translation>Restricted mode</translation>
    </message>
    <message>
        <source>Restricted mode: only read &amp; report are available. Go online to re-activate.</source>
        <translation>Restricted mode: only read &amp; report are available. Go online to re-activate.</translation>
    </message>
    <message>
        <source>Connect this server to the internet; the next heartbeat restores full mode.</source>
        <translation>Connect this server to the internet; the next heartbeat restores full mode.</translation>
    </message>
    <message>
        <source>Licence not synchronised</source>
        <translation>Licence not synchronised</translation>
    </message>
    <message numerus="yes">
        <source>Licence not synchronised for %n days. Contact support if this continues.</source>
        <translation>
            <numerusform>Licence not synchronised for %n day. Contact support if this continues.</numerusform>
            <numerusform>Licence not synchronised for %n days. Contact support if this continues.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check the server&apos;s internet connection and firewall.</source>
        <translation>Check the server&apos;s internet connection and firewall.</translation>
    </message>
    <message>
        <source>Heartbeat delayed</source>
        <translation>Heartbeat delayed</translation>
    </message>
    <message numerus="yes">
        <source>Licence: heartbeat delayed %n days. Check the server&apos;s internet connection.</source>
        <translation>
            <numerusform>Licence: heartbeat delayed %n day. Check the server&apos;s internet connection.</numerusform>
            <numerusform>Licence: heartbeat delayed %n days. Check the server&apos;s internet connection.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check the server&apos;s internet connection.</source>
        <translation>Check the server&apos;s internet connection.</translation>
    </message>
    <message>
        <source>Licence active</source>
        <translation>Licence active</translation>
    </message>
    <message>
        <source>Online check required</source>
        <translation>Online check required</translation>
    </message>
    <message>
        <source>The licence has never been checked online on this computer.</source>
        <translation>The licence has never been checked online on this computer.</translation>
    </message>
    <message>
        <source>Licence record tampered</source>
        <translation>Licence record tampered</translation>
    </message>
    <message>
        <source>The local licence record was changed outside HotelHub, or the clock was set back.</source>
        <translation>The local licence record was changed outside HotelHub, or the clock was set back.</translation>
    </message>
    <message>
        <source>Set the correct date and time, connect to the internet and press Check again; if it stays locked, contact support.</source>
        <translation>Set the correct date and time, connect to the internet and press Check again; if it stays locked, contact support.</translation>
    </message>
    <message>
        <source>Licence settings invalid</source>
        <translation>Licence settings invalid</translation>
    </message>
    <message>
        <source>Licence renewal refused</source>
        <translation>Licence renewal refused</translation>
    </message>
    <message numerus="yes">
        <source>The licence server no longer renews this installation&apos;s token. HotelHub keeps working for %n more days.</source>
        <translation>
            <numerusform>The licence server no longer renews this installation&apos;s token. HotelHub keeps working for %n more day.</numerusform>
            <numerusform>The licence server no longer renews this installation&apos;s token. HotelHub keeps working for %n more days.</numerusform>
        </translation>
    </message>
    <message>
        <source>Pair again with the licence key (spends no move).</source>
        <translation>Pair again with the licence key (spends no move).</translation>
    </message>
    <message>
        <source>Password store not ready</source>
        <translation>Password store not ready</translation>
    </message>
    <message numerus="yes">
        <source>This computer&apos;s password store (keyring, Credential Manager) is locked or not ready yet, so the licence cannot be read. This is not a licence problem: HotelHub keeps working for up to %n more days.</source>
        <translation>
            <numerusform>This computer&apos;s password store (keyring, Credential Manager) is locked or not ready yet, so the licence cannot be read. This is not a licence problem: HotelHub keeps working for up to %n more days.</numerusform>
            <numerusform>This computer&apos;s password store (keyring, Credential Manager) is locked or not ready yet, so the licence cannot be read. This is not a licence problem: HotelHub keeps working for up to %n more days.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unlock the password store (sign in to the desktop, or enter the keyring password when asked). HotelHub tries again by itself every minute.</source>
        <translation>Unlock the password store (sign in to the desktop, or enter the keyring password when asked). HotelHub tries again by itself every minute.</translation>
    </message>
    <message>
        <source>Move the licence to this computer with &quot;Move installation&quot;.</source>
        <translation>Move the licence to this computer with &quot;Move installation&quot;.</translation>
    </message>
    <message>
        <source>Licence file in use</source>
        <translation>Licence file in use</translation>
    </message>
    <message>
        <source>Another program (often an antivirus scan) is holding a licence file, so it cannot be read right now. Nothing was changed.</source>
        <translation>Another program (often an antivirus scan) is holding a licence file, so it cannot be read right now. Nothing was changed.</translation>
    </message>
    <message>
        <source>Wait a minute and press Check again. If it stays, restart the computer; &quot;Diagnose&quot; names the file.</source>
        <translation>Wait a minute and press Check again. If it stays, restart the computer; &quot;Diagnose&quot; names the file.</translation>
    </message>
    <message>
        <source>Licence active (offline, valid until %1)</source>
        <translation>Licence active (offline, valid until %1)</translation>
    </message>
    <message numerus="yes">
        <source>The offline activation ends in %n days.</source>
        <translation>
            <numerusform>The offline activation ends in %n day.</numerusform>
            <numerusform>The offline activation ends in %n days.</numerusform>
        </translation>
    </message>
    <message>
        <source>Renew it: open &quot;Offline activation&quot;, send the request to your vendor and apply the answer. With internet, the heartbeat renews it by itself.</source>
        <translation>Renew it: open &quot;Offline activation&quot;, send the request to your vendor and apply the answer. With internet, the heartbeat renews it by itself.</translation>
    </message>
    <message>
        <source>The offline activation has ended: only read &amp; report are available.</source>
        <translation>The offline activation has ended: only read &amp; report are available.</translation>
    </message>
    <message>
        <source>Renew it with &quot;Offline activation&quot; (a new request to your vendor), or connect this server to the internet.</source>
        <translation>Renew it with &quot;Offline activation&quot; (a new request to your vendor), or connect this server to the internet.</translation>
    </message>
    <message>
        <source>The vendor&apos;s public key on this computer is missing, has been changed or is not a key HotelHub can use.</source>
        <translation>The vendor&apos;s public key on this computer is missing, has been changed or is not a key HotelHub can use.</translation>
    </message>
    <message>
        <source>Reinstall HotelHub, or, if you host the licence server yourself, fix LICENSE_PUBLIC_KEY_PATH and LICENSE_PUBLIC_KEY_HASH in the settings file. If it stays, send the diagnostic (&quot;Diagnose&quot;) to HotelHub support.</source>
        <translation>Reinstall HotelHub, or, if you host the licence server yourself, fix LICENSE_PUBLIC_KEY_PATH and LICENSE_PUBLIC_KEY_HASH in the settings file. If it stays, send the diagnostic (&quot;Diagnose&quot;) to HotelHub support.</translation>
    </message>
    <message>
        <source>all features available</source>
        <translation>all features available</translation>
    </message>
    <message>
        <source>read &amp; report only</source>
        <translation>read &amp; report only</translation>
    </message>
    <message>
        <source>HotelHub locked</source>
        <translation>HotelHub locked</translation>
    </message>
    <message>
        <source>not set up yet</source>
        <translation>not set up yet</translation>
    </message>
    <message>
        <source>%1; %2 (code: %3)</source>
        <translation>%1; %2 (code: %3)</translation>
    </message>
    <message>
        <source>%1 (code: %2)</source>
        <translation>%1 (code: %2)</translation>
    </message>
    <message>
        <source>First unlock this computer&apos;s password store (sign in to the desktop, or enter the keyring password when asked): until then the licence cannot be read or renewed.</source>
        <translation>First unlock this computer&apos;s password store (sign in to the desktop, or enter the keyring password when asked): until then the licence cannot be read or renewed.</translation>
    </message>
    <message>
        <source>Licence moved to another computer</source>
        <translation>Licence moved to another computer</translation>
    </message>
    <message>
        <source>The vendor says this licence now belongs to another installation: it was moved there.</source>
        <translation>The vendor says this licence now belongs to another installation: it was moved there.</translation>
    </message>
    <message>
        <source>If this computer should keep the licence, move it back here (it uses one of the year&apos;s moves). If nobody here moved it, contact the vendor.</source>
        <translation>If this computer should keep the licence, move it back here (it uses one of the year&apos;s moves). If nobody here moved it, contact the vendor.</translation>
    </message>
    <message>
        <source>Licence settings file missing</source>
        <translation>Licence settings file missing</translation>
    </message>
    <message>
        <source>The settings file (hotelhub.env) is gone, and the stored licence token cannot be checked without the licence server&apos;s key it named.</source>
        <translation>The settings file (hotelhub.env) is gone, and the stored licence token cannot be checked without the licence server&apos;s key it named.</translation>
    </message>
    <message>
        <source>Restore hotelhub.env from a backup, then press Check again; pairing again is not needed. &quot;Diagnose&quot; names the file.</source>
        <translation>Restore hotelhub.env from a backup, then press Check again; pairing again is not needed. &quot;Diagnose&quot; names the file.</translation>
    </message>
    <message>
        <source>The licence&apos;s end date in the settings file (LICENSE_EXPIRY) has passed. Contact the vendor to renew it.</source>
        <translation>The licence&apos;s end date in the settings file (LICENSE_EXPIRY) has passed. Contact the vendor to renew it.</translation>
    </message>
    <message>
        <source>After renewing, put the new end date the vendor gives you in LICENSE_EXPIRY in the settings file (written as 2027-12-31), save it, then press Check again.</source>
        <translation>After renewing, put the new end date the vendor gives you in LICENSE_EXPIRY in the settings file (written as 2027-12-31), save it, then press Check again.</translation>
    </message>
    <message>
        <source>Press Check again in the licence monitor: it names the line of the settings file to correct. Correct it and check again, or contact support.</source>
        <translation>Press Check again in the licence monitor: it names the line of the settings file to correct. Correct it and check again, or contact support.</translation>
    </message>
    <message>
        <source>A licence setting in the settings file cannot be read (LICENSE_API_URL, LICENSE_EXPIRY, MAX_OFFLINE_DAYS, LICENSE_SHEET_FORMAT or LICENSE_KEY_HASH).</source>
        <translation>A licence setting in the settings file cannot be read (LICENSE_API_URL, LICENSE_EXPIRY, MAX_OFFLINE_DAYS, LICENSE_SHEET_FORMAT or LICENSE_KEY_HASH).</translation>
    </message>
</context>
<context>
    <name>SupportContact</name>
    <message>
        <source>Phone/WhatsApp: %1</source>
        <translation>Phone/WhatsApp: %1</translation>
    </message>
    <message>
        <source>E-mail: %1</source>
        <translation>E-mail: %1</translation>
    </message>
    <message>
        <source>Your vendor&apos;s phone and e-mail are in your purchase e-mail.</source>
        <translation>Your vendor&apos;s phone and e-mail are in your purchase e-mail.</translation>
    </message>
</context>
<context>
    <name>TaxPage</name>
    <message>
        <source>Taxes</source>
        <translation>Taxes</translation>
    </message>
    <message>
        <source>How room prices are taxed. These settings can be changed later in the panel.</source>
        <translation>How room prices are taxed. These settings can be changed later in the panel.</translation>
    </message>
    <message>
        <source>&amp;Hotel tax (PBJT/PB1):</source>
        <translation>&amp;Hotel tax (PBJT/PB1):</translation>
    </message>
    <message>
        <source>Hotel tax is PBJT for hotel services under UU 1/2022 (HKPD). Each regency or city sets it by regional regulation, at most 10 % (Jakarta: 10 %). The suggestion comes from the region code.</source>
        <translation>Hotel tax is PBJT for hotel services under UU 1/2022 (HKPD). Each regency or city sets it by regional regulation, at most 10 % (Jakarta: 10 %). The suggestion comes from the region code.</translation>
    </message>
    <message>
        <source>&amp;Service charge:</source>
        <translation>&amp;Service charge:</translation>
    </message>
    <message>
        <source>The business is a &amp;PKP (registered for VAT)</source>
        <translation>The business is a &amp;PKP (registered for VAT)</translation>
    </message>
    <message>
        <source>Room services are a regional-tax object, not subject to PPN; PPN applies only to a PKP&apos;s other supplies: 12 % on a tax base of 11/12 of the price (effectively 11 %) since 2025. PKP registration is mandatory above Rp4.8 billion yearly turnover.</source>
        <translation>Room services are a regional-tax object, not subject to PPN; PPN applies only to a PKP&apos;s other supplies: 12 % on a tax base of 11/12 of the price (effectively 11 %) since 2025. PKP registration is mandatory above Rp4.8 billion yearly turnover.</translation>
    </message>
    <message>
        <source>NP&amp;WP:</source>
        <translation>NP&amp;WP:</translation>
    </message>
    <message>
        <source>Issue &amp;e-Faktur through Coretax</source>
        <translation>Issue &amp;e-Faktur through Coretax</translation>
    </message>
    <message>
        <source>NS&amp;FP series:</source>
        <translation>NS&amp;FP series:</translation>
    </message>
</context>
<context>
    <name>TaxRules</name>
    <message>
        <source>The hotel tax (PBJT/PB1) is at most 10 % (UU 1/2022); your regency or city sets the exact rate.</source>
        <translation>The hotel tax (PBJT/PB1) is at most 10 % (UU 1/2022); your regency or city sets the exact rate.</translation>
    </message>
    <message>
        <source>The service charge must be between 0 and 20 %.</source>
        <translation>The service charge must be between 0 and 20 %.</translation>
    </message>
</context>
<context>
    <name>TlsFiles</name>
    <message>
        <source>Cannot use the TLS certificate: %1. Give --tls-cert the certificate file in PEM form.</source>
        <translation>Cannot use the TLS certificate: %1. Give --tls-cert the certificate file in PEM form.</translation>
    </message>
    <message>
        <source>Cannot use the TLS key: %1. Give --tls-key the private key file in PEM form.</source>
        <translation>Cannot use the TLS key: %1. Give --tls-key the private key file in PEM form.</translation>
    </message>
    <message>
        <source>--tls-cert %1 holds a private key and --tls-key %2 a certificate: the two are swapped. Give the certificate to --tls-cert and the key to --tls-key.</source>
        <translation>--tls-cert %1 holds a private key and --tls-key %2 a certificate: the two are swapped. Give the certificate to --tls-cert and the key to --tls-key.</translation>
    </message>
    <message>
        <source>--tls-cert %1 holds a private key, not a certificate. Give --tls-cert the certificate file (its first line is -----BEGIN CERTIFICATE-----) and the key to --tls-key.</source>
        <translation>--tls-cert %1 holds a private key, not a certificate. Give --tls-cert the certificate file (its first line is -----BEGIN CERTIFICATE-----) and the key to --tls-key.</translation>
    </message>
    <message>
        <source>The TLS certificate %1 is in DER form; the server reads PEM. Convert it with: openssl x509 -inform der -in %1 -out server.pem, and give server.pem to --tls-cert.</source>
        <translation>The TLS certificate %1 is in DER form; the server reads PEM. Convert it with: openssl x509 -inform der -in %1 -out server.pem, and give server.pem to --tls-cert.</translation>
    </message>
    <message>
        <source>The TLS certificate %1 holds no certificate in PEM form (a block from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----). Give --tls-cert the certificate file your certificate authority issued, with its chain after it.</source>
        <translation>The TLS certificate %1 holds no certificate in PEM form (a block from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----). Give --tls-cert the certificate file your certificate authority issued, with its chain after it.</translation>
    </message>
    <message>
        <source>The TLS key %1 is protected by a passphrase, which the server cannot ask for when it starts. Write a copy without it, readable by the server&apos;s user only: openssl pkey -in %1 -out tls.key, then chmod 600 tls.key, and give tls.key to --tls-key.</source>
        <translation>The TLS key %1 is protected by a passphrase, which the server cannot ask for when it starts. Write a copy without it, readable by the server&apos;s user only: openssl pkey -in %1 -out tls.key, then chmod 600 tls.key, and give tls.key to --tls-key.</translation>
    </message>
    <message>
        <source>--tls-key %1 holds a certificate, not a private key. Give --tls-key the key the certificate was requested with (its first line ends in PRIVATE KEY-----).</source>
        <translation>--tls-key %1 holds a certificate, not a private key. Give --tls-key the key the certificate was requested with (its first line ends in PRIVATE KEY-----).</translation>
    </message>
    <message>
        <source>The TLS key %1 is in DER form; the server reads PEM. Convert it with: openssl pkey -inform der -in %1 -out tls.key, and give tls.key to --tls-key.</source>
        <translation>The TLS key %1 is in DER form; the server reads PEM. Convert it with: openssl pkey -inform der -in %1 -out tls.key, and give tls.key to --tls-key.</translation>
    </message>
    <message>
        <source>The TLS key %1 holds no private key in PEM form (a block from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----). Give --tls-key the key the certificate was requested with.</source>
        <translation>The TLS key %1 holds no private key in PEM form (a block from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----). Give --tls-key the key the certificate was requested with.</translation>
    </message>
    <message>
        <source>The TLS key %1 does not belong to the certificate %2 (the first certificate in that file is the server&apos;s). Give the key the certificate was requested with, or the certificate issued for this key.</source>
        <translation>The TLS key %1 does not belong to the certificate %2 (the first certificate in that file is the server&apos;s). Give the key the certificate was requested with, or the certificate issued for this key.</translation>
    </message>
    <message>
        <source>The TLS certificate %1 expired on %2: hotels refuse to connect (they keep their grace) until it is renewed. Renew it, then restart the server.</source>
        <translation>The TLS certificate %1 expired on %2: hotels refuse to connect (they keep their grace) until it is renewed. Renew it, then restart the server.</translation>
    </message>
    <message>
        <source>The TLS certificate %1 is valid only from %2: hotels refuse to connect until then. Check this machine&apos;s clock, or use a certificate that is valid now.</source>
        <translation>The TLS certificate %1 is valid only from %2: hotels refuse to connect until then. Check this machine&apos;s clock, or use a certificate that is valid now.</translation>
    </message>
    <message>
        <source>The TLS certificate file %1 holds %2 certificates, but only the first %3 can be read: the chain after them is cut or damaged. Copy the chain again from your certificate authority (the server&apos;s certificate first, then the ones that signed it).</source>
        <translation>The TLS certificate file %1 holds %2 certificates, but only the first %3 can be read: the chain after them is cut or damaged. Copy the chain again from your certificate authority (the server&apos;s certificate first, then the ones that signed it).</translation>
    </message>
    <message>
        <source>The TLS key %1 belongs to certificate %2 in %3, but the server&apos;s certificate must come first in that file, then the ones that signed it. Put them in that order.</source>
        <translation>The TLS key %1 belongs to certificate %2 in %3, but the server&apos;s certificate must come first in that file, then the ones that signed it. Put them in that order.</translation>
    </message>
    <message>
        <source>The TLS certificate %1 is a certificate request (CSR), which is sent to the certificate authority; give --tls-cert the certificate the authority issued for it, with its chain after it.</source>
        <translation>The TLS certificate %1 is a certificate request (CSR), which is sent to the certificate authority; give --tls-cert the certificate the authority issued for it, with its chain after it.</translation>
    </message>
    <message>
        <source>--tls-key %1 holds a certificate request (CSR), not a private key. Give --tls-key the key the request was made with (its first line ends in PRIVATE KEY-----).</source>
        <translation>--tls-key %1 holds a certificate request (CSR), not a private key. Give --tls-key the key the request was made with (its first line ends in PRIVATE KEY-----).</translation>
    </message>
    <message>
        <source>The first certificate in %1 is cut or damaged: its -----BEGIN CERTIFICATE----- line is there, but what follows is not a whole certificate. Copy the certificate again from your certificate authority, with its chain after it, and give it to --tls-cert.</source>
        <translation>The first certificate in %1 is cut or damaged: its -----BEGIN CERTIFICATE----- line is there, but what follows is not a whole certificate. Copy the certificate again from your certificate authority, with its chain after it, and give it to --tls-cert.</translation>
    </message>
    <message>
        <source>--tls-key %1 holds a public key, which anyone may have; the server needs the private key that goes with it. Give --tls-key the key the certificate was requested with (its first line ends in PRIVATE KEY-----).</source>
        <translation>--tls-key %1 holds a public key, which anyone may have; the server needs the private key that goes with it. Give --tls-key the key the certificate was requested with (its first line ends in PRIVATE KEY-----).</translation>
    </message>
    <message>
        <source>The private key in %1 is cut or damaged: its first line is there, but what follows is not a whole key. Copy the key file again from where the certificate was requested, and give it to --tls-key.</source>
        <translation>The private key in %1 is cut or damaged: its first line is there, but what follows is not a whole key. Copy the key file again from where the certificate was requested, and give it to --tls-key.</translation>
    </message>
    <message>
        <source>--tls-cert %1 holds a public key, not a certificate. Give --tls-cert the certificate your certificate authority issued (its first line is -----BEGIN CERTIFICATE-----), with its chain after it.</source>
        <translation>--tls-cert %1 holds a public key, not a certificate. Give --tls-cert the certificate your certificate authority issued (its first line is -----BEGIN CERTIFICATE-----), with its chain after it.</translation>
    </message>
</context>
<context>
    <name>VendorClient</name>
    <message>
        <source>an intermediary answered %1 (not the licence server&apos;s reply)</source>
        <translation>an intermediary answered %1 (not the licence server&apos;s reply)</translation>
    </message>
    <message>
        <source>HTTP %1 without a JSON error body</source>
        <translation>HTTP %1 without a JSON error body</translation>
    </message>
</context>
<context>
    <name>VendorDatabase</name>
    <message>
        <source>--db sqlite: needs a file path, for example sqlite:/var/lib/hotelhub/vendor.sqlite</source>
        <translation>--db sqlite: needs a file path, for example sqlite:/var/lib/hotelhub/vendor.sqlite</translation>
    </message>
    <message>
        <source>--db must be sqlite:PATH or postgresql://user@host:port/dbname</source>
        <translation>--db must be sqlite:PATH or postgresql://user@host:port/dbname</translation>
    </message>
    <message>
        <source>%1 is not a SQLite database; it was left untouched.</source>
        <translation>%1 is not a SQLite database; it was left untouched.</translation>
    </message>
    <message>
        <source>Cannot start the schema transaction on %1: %2</source>
        <translation>Cannot start the schema transaction on %1: %2</translation>
    </message>
    <message>
        <source>The vendor database %1 has schema %2, newer than this server (%3). Update the server.</source>
        <translation>The vendor database %1 has schema %2, newer than this server (%3). Update the server.</translation>
    </message>
    <message>
        <source>Migrating the vendor database %1 to schema %2 failed: %3</source>
        <translation>Migrating the vendor database %1 to schema %2 failed: %3</translation>
    </message>
    <message>
        <source>Cannot commit the schema of %1: %2</source>
        <translation>Cannot commit the schema of %1: %2</translation>
    </message>
    <message>
        <source>The vendor database %1 is damaged (%2). It was left untouched: restore it from a backup, or recover it with the sqlite3 tool&apos;s .recover command.</source>
        <translation>The vendor database %1 is damaged (%2). It was left untouched: restore it from a backup, or recover it with the sqlite3 tool&apos;s .recover command.</translation>
    </message>
    <message>
        <source>The vendor database %1 is empty (0 bytes); it was left untouched. Restore it from a backup, or remove it to start a new, empty licence store.</source>
        <translation>The vendor database %1 is empty (0 bytes); it was left untouched. Restore it from a backup, or remove it to start a new, empty licence store.</translation>
    </message>
    <message>
        <source>The vendor database %1 has schema %2 and this server needs %3; a read-only store cannot be upgraded. Start without --read-only.</source>
        <translation>The vendor database %1 has schema %2 and this server needs %3; a read-only store cannot be upgraded. Start without --read-only.</translation>
    </message>
    <message>
        <source>The disk that holds the vendor database is full: free space on it; serving recovers by itself.</source>
        <translation>The disk that holds the vendor database is full: free space on it; serving recovers by itself.</translation>
    </message>
    <message>
        <source>The vendor database or its folder cannot be written (a read-only file system or mount, or its owner or mode changed): make both writable for the server&apos;s user; serving recovers by itself.</source>
        <translation>The vendor database or its folder cannot be written (a read-only file system or mount, or its owner or mode changed): make both writable for the server&apos;s user; serving recovers by itself.</translation>
    </message>
    <message>
        <source>The vendor database file cannot be opened (moved, deleted, or its folder&apos;s rights changed): put it back where the server was started with it.</source>
        <translation>The vendor database file cannot be opened (moved, deleted, or its folder&apos;s rights changed): put it back where the server was started with it.</translation>
    </message>
    <message>
        <source>The disk reported an error: check it (the system log, dmesg) and its free space.</source>
        <translation>The disk reported an error: check it (the system log, dmesg) and its free space.</translation>
    </message>
    <message>
        <source>The vendor database takes writes again.</source>
        <translation>The vendor database takes writes again.</translation>
    </message>
    <message>
        <source>DATABASE REFUSES WRITES (SQLite error %1: %2). Hotels get 503 and keep their grace.</source>
        <translation>DATABASE REFUSES WRITES (SQLite error %1: %2). Hotels get 503 and keep their grace.</translation>
    </message>
    <message>
        <source>The folder %1 for the vendor database does not exist: create it, or give --db a path in an existing folder.</source>
        <translation>The folder %1 for the vendor database does not exist: create it, or give --db a path in an existing folder.</translation>
    </message>
    <message>
        <source>DATABASE LOG DELETED: %1 was deleted while serving. No new connection is opened on the store (a new, empty log would overwrite it); writes answer 503. Stop the server: on stop, what the deleted log holds is written back into the store. Then start it again.</source>
        <translation>DATABASE LOG DELETED: %1 was deleted while serving. No new connection is opened on the store (a new, empty log would overwrite it); writes answer 503. Stop the server: on stop, what the deleted log holds is written back into the store. Then start it again.</translation>
    </message>
    <message>
        <source>reach</source>
        <translation>reach</translation>
    </message>
    <message>
        <source>create files in</source>
        <translation>create files in</translation>
    </message>
    <message>
        <source>Cannot open the vendor database %1: this user may not %2 it (its permissions). Let the server&apos;s user read and write the file, or run the server as its owner.</source>
        <translation>Cannot open the vendor database %1: this user may not %2 it (its permissions). Let the server&apos;s user read and write the file, or run the server as its owner.</translation>
    </message>
    <message>
        <source>write</source>
        <translation>write</translation>
    </message>
    <message>
        <source>read</source>
        <translation>read</translation>
    </message>
    <message>
        <source>Cannot open the vendor database %1: %2. Check that this user may read and write the file and its folder, and that the disk is sound and has room.</source>
        <translation>Cannot open the vendor database %1: %2. Check that this user may read and write the file and its folder, and that the disk is sound and has room.</translation>
    </message>
    <message>
        <source>Cannot open the vendor database %1: %2. Check that PostgreSQL runs and accepts this user: the address, port, database name and password in --db.</source>
        <translation>Cannot open the vendor database %1: %2. Check that PostgreSQL runs and accepts this user: the address, port, database name and password in --db.</translation>
    </message>
    <message>
        <source>Cannot open the vendor database %1: this user may not %2 the folder %3 (its permissions; the store keeps its log beside it). Let the server&apos;s user read and write that folder, or run the server as its owner.</source>
        <translation>Cannot open the vendor database %1: this user may not %2 the folder %3 (its permissions; the store keeps its log beside it). Let the server&apos;s user read and write that folder, or run the server as its owner.</translation>
    </message>
    <message>
        <source>Nothing was created.</source>
        <translation>Nothing was created.</translation>
    </message>
    <message>
        <source>Cannot open the vendor database %1: this user may not %2 %3 (its permissions), the store&apos;s log, which another user&apos;s run may have left. Let the server&apos;s user read and write it, or run the server as its owner.</source>
        <translation>Cannot open the vendor database %1: this user may not %2 %3 (its permissions), the store&apos;s log, which another user&apos;s run may have left. Let the server&apos;s user read and write it, or run the server as its owner.</translation>
    </message>
    <message>
        <source>To serve it for reading only, or to list or show its licences, add --read-only.</source>
        <translation>To serve it for reading only, or to list or show its licences, add --read-only.</translation>
    </message>
    <message>
        <source>The vendor database %1 is missing, but its log %2 is there: the store was moved or deleted while a server was running. Put the store back at its path (the log holds changes not yet in it); nothing was changed.</source>
        <translation>The vendor database %1 is missing, but its log %2 is there: the store was moved or deleted while a server was running. Put the store back at its path (the log holds changes not yet in it); nothing was changed.</translation>
    </message>
    <message>
        <source>There is no vendor database at %1. Check the path given to --db; a new, empty store is made only by serve and license create.</source>
        <translation>There is no vendor database at %1. Check the path given to --db; a new, empty store is made only by serve and license create.</translation>
    </message>
    <message>
        <source>Cannot open the vendor database %1: this user may not %2 %3 (its permissions), the store&apos;s shared-memory index, which another user&apos;s run may have left. Let the server&apos;s user read and write it, or run the server as its owner.</source>
        <translation>Cannot open the vendor database %1: this user may not %2 %3 (its permissions), the store&apos;s shared-memory index, which another user&apos;s run may have left. Let the server&apos;s user read and write it, or run the server as its owner.</translation>
    </message>
    <message>
        <source>The disk that holds %1 is full: free space there, then run the command again. Nothing was created.</source>
        <translation>The disk that holds %1 is full: free space there, then run the command again. Nothing was created.</translation>
    </message>
    <message>
        <source>The disk that holds the vendor database %1 is full: free space there, then run the command again. The store was left untouched.</source>
        <translation>The disk that holds the vendor database %1 is full: free space there, then run the command again. The store was left untouched.</translation>
    </message>
    <message>
        <source>The vendor database %1 could not be checked (%2). It was left untouched: check the disk (the system log) and its free space, and that this user may read and write the file and its folder, then run the command again.</source>
        <translation>The vendor database %1 could not be checked (%2). It was left untouched: check the disk (the system log) and its free space, and that this user may read and write the file and its folder, then run the command again.</translation>
    </message>
    <message>
        <source>%1 is a folder, not a vendor database file: give --db the path of the store&apos;s file, for example sqlite:%2.</source>
        <translation>%1 is a folder, not a vendor database file: give --db the path of the store&apos;s file, for example sqlite:%2.</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder, so the vendor database %2 cannot be there: check the path given to --db.</source>
        <translation>%1 is a file, not a folder, so the vendor database %2 cannot be there: check the path given to --db.</translation>
    </message>
    <message>
        <source>Cannot change the vendor database %1: the disk that holds it is mounted read-only. Mount it read-write (or move the store to a disk that is), then run the command again.</source>
        <translation>Cannot change the vendor database %1: the disk that holds it is mounted read-only. Mount it read-write (or move the store to a disk that is), then run the command again.</translation>
    </message>
    <message>
        <source>Cannot start the schema transaction on %1: %2. Another program holds the store (a second server, a backup, the sqlite3 tool): let it finish or stop it, then run the command again.</source>
        <translation>Cannot start the schema transaction on %1: %2. Another program holds the store (a second server, a backup, the sqlite3 tool): let it finish or stop it, then run the command again.</translation>
    </message>
    <message>
        <source>Cannot open the vendor database %1: the disk that holds it is mounted read-only. Mount it read-write (or move the store to a disk that is), or read it as it is with --read-only.</source>
        <translation>Cannot open the vendor database %1: the disk that holds it is mounted read-only. Mount it read-write (or move the store to a disk that is), or read it as it is with --read-only.</translation>
    </message>
    <message>
        <source>--db sqlite::memory: keeps nothing: every licence would be lost when the command ends. Give the store&apos;s file, for example sqlite:/var/lib/hotelhub/vendor.sqlite</source>
        <translation>--db sqlite::memory: keeps nothing: every licence would be lost when the command ends. Give the store&apos;s file, for example sqlite:/var/lib/hotelhub/vendor.sqlite</translation>
    </message>
    <message>
        <source>--db: the URL option &quot;%1&quot; cannot be handed to PostgreSQL; take it out of the URL.</source>
        <translation>--db: the URL option &quot;%1&quot; cannot be handed to PostgreSQL; take it out of the URL.</translation>
    </message>
    <message>
        <source>--db takes sqlite:PATH: for this file, give sqlite:%1</source>
        <translation>--db takes sqlite:PATH: for this file, give sqlite:%1</translation>
    </message>
    <message>
        <source>--db takes sqlite:PATH or postgresql://user@host:port/dbname, not %1: (the vendor server keeps its store in SQLite or PostgreSQL only).</source>
        <translation>--db takes sqlite:PATH or postgresql://user@host:port/dbname, not %1: (the vendor server keeps its store in SQLite or PostgreSQL only).</translation>
    </message>
    <message>
        <source>the user name or password holds a character that ends that part of a URL; write it encoded: # as %23, / as %2F, ? as %3F, @ as %40, : as %3A.</source>
        <translation>the user name or password holds a character that ends that part of a URL; write it encoded: # as %23, / as %2F, ? as %3F, @ as %40, : as %3A.</translation>
    </message>
    <message>
        <source>it names no host (…@db.example.com…).</source>
        <translation>it names no host (…@db.example.com…).</translation>
    </message>
    <message>
        <source>the port &quot;%1&quot; is not a number from 1 to 65535 (PostgreSQL&apos;s is 5432; leave it out for that).</source>
        <translation>the port &quot;%1&quot; is not a number from 1 to 65535 (PostgreSQL&apos;s is 5432; leave it out for that).</translation>
    </message>
    <message>
        <source>the host &quot;%1&quot; is not a name or an address.</source>
        <translation>the host &quot;%1&quot; is not a name or an address.</translation>
    </message>
    <message>
        <source>it names no database: end it with /dbname.</source>
        <translation>it names no database: end it with /dbname.</translation>
    </message>
    <message>
        <source>--db %1 is not a PostgreSQL URL of the form postgresql://user@host:port/dbname: %2</source>
        <translation>--db %1 is not a PostgreSQL URL of the form postgresql://user@host:port/dbname: %2</translation>
    </message>
    <message>
        <source>it has no &quot;@&quot; before the host, so what follows the &quot;:&quot; would be a port: write postgresql://user:password@host/dbname (a port, when given, is a number from 1 to 65535).</source>
        <translation>it has no &quot;@&quot; before the host, so what follows the &quot;:&quot; would be a port: write postgresql://user:password@host/dbname (a port, when given, is a number from 1 to 65535).</translation>
    </message>
    <message>
        <source>an IPv6 address goes in brackets, as in postgresql://user@[::1]:5432/dbname.</source>
        <translation>an IPv6 address goes in brackets, as in postgresql://user@[::1]:5432/dbname.</translation>
    </message>
    <message>
        <source>--db: the database name holds a &quot;#&quot;, which ends a URL; write it as %23.</source>
        <translation>--db: the database name holds a &quot;#&quot;, which ends a URL; write it as %23.</translation>
    </message>
    <message>
        <source>--db: the user name, password, database name or an option holds a control character (such as %00 or %0A), which PostgreSQL cannot take; leave it out.</source>
        <translation>--db: the user name, password, database name or an option holds a control character (such as %00 or %0A), which PostgreSQL cannot take; leave it out.</translation>
    </message>
</context>
<context>
    <name>VendorErrors</name>
    <message>
        <source>The next move is possible from %1.</source>
        <translation>The next move is possible from %1.</translation>
    </message>
    <message>
        <source>Call or WhatsApp %1, or e-mail %2.</source>
        <translation>Call or WhatsApp %1, or e-mail %2.</translation>
    </message>
    <message>
        <source>Contact the vendor: %1.</source>
        <translation>Contact the vendor: %1.</translation>
    </message>
    <message>
        <source>Contact your HotelHub vendor.</source>
        <translation>Contact your HotelHub vendor.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Done.</translation>
    </message>
    <message>
        <source>The licence key is not recognised. Check the format or contact sales.</source>
        <translation>The licence key is not recognised. Check the format or contact sales.</translation>
    </message>
    <message>
        <source>Compare the key with your purchase e-mail (format HMS-XXXXX-XXXXX-XXXXX-XXXXX) and type it again.</source>
        <translation>Compare the key with your purchase e-mail (format HMS-XXXXX-XXXXX-XXXXX-XXXXX) and type it again.</translation>
    </message>
    <message>
        <source>This licence is already installed on another device. To move servers, use the &apos;Move installation&apos; menu in the vendor portal.</source>
        <translation>This licence is already installed on another device. To move servers, use the &apos;Move installation&apos; menu in the vendor portal.</translation>
    </message>
    <message>
        <source>If this computer replaces the old one, run the move-installation flow (hotelhub-setup --migrate).</source>
        <translation>If this computer replaces the old one, run the move-installation flow (hotelhub-setup --migrate).</translation>
    </message>
    <message>
        <source>The licence has expired. Contact sales to renew.</source>
        <translation>The licence has expired. Contact sales to renew.</translation>
    </message>
    <message>
        <source>The licence is no longer active. Contact the administrator.</source>
        <translation>The licence is no longer active. Contact the administrator.</translation>
    </message>
    <message>
        <source>The licence is suspended by the vendor (usually an unpaid invoice).</source>
        <translation>The licence is suspended by the vendor (usually an unpaid invoice).</translation>
    </message>
    <message>
        <source>%1 Once the vendor resumes the licence, choose &apos;Check again&apos;; nothing needs reinstalling.</source>
        <translation>%1 Once the vendor resumes the licence, choose &apos;Check again&apos;; nothing needs reinstalling.</translation>
    </message>
    <message>
        <source>The licence is now bound to another installation (the hardware or the data folder changed, or it was moved).</source>
        <translation>The licence is now bound to another installation (the hardware or the data folder changed, or it was moved).</translation>
    </message>
    <message>
        <source>This licence has been moved too often this year (at most 2 moves in 365 days).</source>
        <translation>This licence has been moved too often this year (at most 2 moves in 365 days).</translation>
    </message>
    <message>
        <source>Contact the vendor to approve another move. %1</source>
        <translation>Contact the vendor to approve another move. %1</translation>
    </message>
    <message>
        <source>The licence server received too many requests from this network.</source>
        <translation>The licence server received too many requests from this network.</translation>
    </message>
    <message>
        <source>Wait a few minutes, then try again.</source>
        <translation>Wait a few minutes, then try again.</translation>
    </message>
    <message>
        <source>The licence server no longer accepts this installation&apos;s token (it was replaced by a newer one, or the installation was unpaired).</source>
        <translation>The licence server no longer accepts this installation&apos;s token (it was replaced by a newer one, or the installation was unpaired).</translation>
    </message>
    <message>
        <source>Pair this installation again with the licence key.</source>
        <translation>Pair this installation again with the licence key.</translation>
    </message>
    <message>
        <source>The licence server rejected the request as malformed.</source>
        <translation>The licence server rejected the request as malformed.</translation>
    </message>
    <message>
        <source>Update HotelHub to the latest version; if it persists, send the diagnostic to support.</source>
        <translation>Update HotelHub to the latest version; if it persists, send the diagnostic to support.</translation>
    </message>
    <message>
        <source>The licence server&apos;s answer is not signed by the vendor key this installation trusts.</source>
        <translation>The licence server&apos;s answer is not signed by the vendor key this installation trusts.</translation>
    </message>
    <message>
        <source>Check LICENSE_VENDOR_BASE_URL in the settings file: it may point at the wrong server. Otherwise send the diagnostic to support.</source>
        <translation>Check LICENSE_VENDOR_BASE_URL in the settings file: it may point at the wrong server. Otherwise send the diagnostic to support.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock differs too much from the licence server&apos;s time.</source>
        <translation>This computer&apos;s clock differs too much from the licence server&apos;s time.</translation>
    </message>
    <message>
        <source>Set the date, time and time zone correctly (turn on automatic time), then try again.</source>
        <translation>Set the date, time and time zone correctly (turn on automatic time), then try again.</translation>
    </message>
    <message>
        <source>The licence server sent an answer that cannot be read.</source>
        <translation>The licence server sent an answer that cannot be read.</translation>
    </message>
    <message>
        <source>Try again in a few minutes; check that LICENSE_VENDOR_BASE_URL points at the licence server.</source>
        <translation>Try again in a few minutes; check that LICENSE_VENDOR_BASE_URL points at the licence server.</translation>
    </message>
    <message>
        <source>The licence server sent a far larger answer than expected and it was refused.</source>
        <translation>The licence server sent a far larger answer than expected and it was refused.</translation>
    </message>
    <message>
        <source>Check that LICENSE_VENDOR_BASE_URL points at the licence server, not at another website.</source>
        <translation>Check that LICENSE_VENDOR_BASE_URL points at the licence server, not at another website.</translation>
    </message>
    <message>
        <source>A web page answered instead of the licence server, often a Wi-Fi login page or a web filter.</source>
        <translation>A web page answered instead of the licence server, often a Wi-Fi login page or a web filter.</translation>
    </message>
    <message>
        <source>The licence server has a temporary problem.</source>
        <translation>The licence server has a temporary problem.</translation>
    </message>
    <message>
        <source>The licence server answered with an unexpected error.</source>
        <translation>The licence server answered with an unexpected error.</translation>
    </message>
    <message>
        <source>Try again later; if it persists, send the diagnostic to support.</source>
        <translation>Try again later; if it persists, send the diagnostic to support.</translation>
    </message>
    <message>
        <source>The licence server address uses plain http://, which is only allowed on this computer itself.</source>
        <translation>The licence server address uses plain http://, which is only allowed on this computer itself.</translation>
    </message>
    <message>
        <source>Use the https:// address of the licence server in LICENSE_VENDOR_BASE_URL.</source>
        <translation>Use the https:// address of the licence server in LICENSE_VENDOR_BASE_URL.</translation>
    </message>
    <message>
        <source>The licence server address is not a valid URL.</source>
        <translation>The licence server address is not a valid URL.</translation>
    </message>
    <message>
        <source>Correct LICENSE_VENDOR_BASE_URL in the settings file (for example https://vendor.hotelhub.id).</source>
        <translation>Correct LICENSE_VENDOR_BASE_URL in the settings file (for example https://vendor.hotelhub.id).</translation>
    </message>
    <message>
        <source>Cannot reach the licence server: its name could not be found (DNS).</source>
        <translation>Cannot reach the licence server: its name could not be found (DNS).</translation>
    </message>
    <message>
        <source>Check the internet connection and the DNS settings of this computer, then try again.</source>
        <translation>Check the internet connection and the DNS settings of this computer, then try again.</translation>
    </message>
    <message>
        <source>Cannot reach the licence server: the connection was refused.</source>
        <translation>Cannot reach the licence server: the connection was refused.</translation>
    </message>
    <message>
        <source>Check the internet &amp; firewall; the server may also be down for maintenance. Try again later.</source>
        <translation>Check the internet &amp; firewall; the server may also be down for maintenance. Try again later.</translation>
    </message>
    <message>
        <source>Cannot reach the licence server: it did not answer in time.</source>
        <translation>Cannot reach the licence server: it did not answer in time.</translation>
    </message>
    <message>
        <source>Check the internet &amp; firewall, then try again.</source>
        <translation>Check the internet &amp; firewall, then try again.</translation>
    </message>
    <message>
        <source>The licence server&apos;s security certificate is self-signed and not trusted.</source>
        <translation>The licence server&apos;s security certificate is self-signed and not trusted.</translation>
    </message>
    <message>
        <source>Something between this computer and the server may be intercepting the connection (antivirus, proxy). Ask IT, or contact support.</source>
        <translation>Something between this computer and the server may be intercepting the connection (antivirus, proxy). Ask IT, or contact support.</translation>
    </message>
    <message>
        <source>The licence server&apos;s security certificate has expired.</source>
        <translation>The licence server&apos;s security certificate has expired.</translation>
    </message>
    <message>
        <source>Check that this computer&apos;s date is right; if it is, the vendor must renew the certificate: contact support.</source>
        <translation>Check that this computer&apos;s date is right; if it is, the vendor must renew the certificate: contact support.</translation>
    </message>
    <message>
        <source>The licence server&apos;s security certificate is not valid yet: this computer&apos;s date is probably wrong.</source>
        <translation>The licence server&apos;s security certificate is not valid yet: this computer&apos;s date is probably wrong.</translation>
    </message>
    <message>
        <source>Set the date, time and time zone correctly, then try again.</source>
        <translation>Set the date, time and time zone correctly, then try again.</translation>
    </message>
    <message>
        <source>The security certificate belongs to a different server name than the one configured.</source>
        <translation>The security certificate belongs to a different server name than the one configured.</translation>
    </message>
    <message>
        <source>Check LICENSE_VENDOR_BASE_URL; a proxy or filter may also be redirecting the connection.</source>
        <translation>Check LICENSE_VENDOR_BASE_URL; a proxy or filter may also be redirecting the connection.</translation>
    </message>
    <message>
        <source>The secure connection to the licence server could not be established.</source>
        <translation>The secure connection to the licence server could not be established.</translation>
    </message>
    <message>
        <source>Check the date of this computer and any proxy or antivirus that inspects HTTPS, then try again.</source>
        <translation>Check the date of this computer and any proxy or antivirus that inspects HTTPS, then try again.</translation>
    </message>
    <message>
        <source>The proxy server of this network asks for a user name and password.</source>
        <translation>The proxy server of this network asks for a user name and password.</translation>
    </message>
    <message>
        <source>Put the credentials in HTTPS_PROXY (http://user:password@proxy:port) or ask IT to allow the licence server.</source>
        <translation>Put the credentials in HTTPS_PROXY (http://user:password@proxy:port) or ask IT to allow the licence server.</translation>
    </message>
    <message>
        <source>The proxy server of this network cannot be reached or refused the connection.</source>
        <translation>The proxy server of this network cannot be reached or refused the connection.</translation>
    </message>
    <message>
        <source>Check HTTPS_PROXY / the system proxy settings, or ask IT.</source>
        <translation>Check HTTPS_PROXY / the system proxy settings, or ask IT.</translation>
    </message>
    <message>
        <source>Cannot reach the licence server. Check the internet &amp; firewall.</source>
        <translation>Cannot reach the licence server. Check the internet &amp; firewall.</translation>
    </message>
    <message>
        <source>Try again in a few minutes.</source>
        <translation>Try again in a few minutes.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <source>The licence key is not in the right format.</source>
        <translation>The licence key is not in the right format.</translation>
    </message>
    <message>
        <source>Check your purchase e-mail. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX.</source>
        <translation>Check your purchase e-mail. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX.</translation>
    </message>
    <message>
        <source>This installation is not paired with a licence yet.</source>
        <translation>This installation is not paired with a licence yet.</translation>
    </message>
    <message>
        <source>Pair it first: hotelhub-setup, or hotelhub-license pair --key KEY.</source>
        <translation>Pair it first: hotelhub-setup, or hotelhub-license pair --key KEY.</translation>
    </message>
    <message>
        <source>This computer could not complete the licence operation.</source>
        <translation>This computer could not complete the licence operation.</translation>
    </message>
    <message>
        <source>The licence server says this installation&apos;s token was already replaced by a newer one. Another copy of this installation may be renewing it.</source>
        <translation>The licence server says this installation&apos;s token was already replaced by a newer one. Another copy of this installation may be renewing it.</translation>
    </message>
    <message>
        <source>Pair this installation again with the licence key: it spends no move. If it happens again, contact the vendor.</source>
        <translation>Pair this installation again with the licence key: it spends no move. If it happens again, contact the vendor.</translation>
    </message>
    <message>
        <source>A device between this computer and the licence server (a proxy, gateway or firewall) refused the request. The licence server did not answer, so the licence state is unchanged.</source>
        <translation>A device between this computer and the licence server (a proxy, gateway or firewall) refused the request. The licence server did not answer, so the licence state is unchanged.</translation>
    </message>
    <message>
        <source>Another HotelHub program on this computer is talking to the licence server and did not finish in time.</source>
        <translation>Another HotelHub program on this computer is talking to the licence server and did not finish in time.</translation>
    </message>
    <message>
        <source>Try again in a minute.</source>
        <translation>Try again in a minute.</translation>
    </message>
    <message>
        <source>The licence server&apos;s answer is signed by the vendor, but it is not valid for this installation now (its dates or the machine it names do not match).</source>
        <translation>The licence server&apos;s answer is signed by the vendor, but it is not valid for this installation now (its dates or the machine it names do not match).</translation>
    </message>
    <message>
        <source>Check this computer&apos;s date, time and time zone; if they are right, send the diagnostic to support: the vendor&apos;s server answered for another installation.</source>
        <translation>Check this computer&apos;s date, time and time zone; if they are right, send the diagnostic to support: the vendor&apos;s server answered for another installation.</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Difference: %1 (%2); at most %3 min is allowed.</source>
        <translation>Difference: %1 (%2); at most %3 min is allowed.</translation>
    </message>
    <message>
        <source>this computer&apos;s clock is behind</source>
        <translation>this computer&apos;s clock is behind</translation>
    </message>
    <message>
        <source>this computer&apos;s clock is ahead</source>
        <translation>this computer&apos;s clock is ahead</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>Move the licence to this computer with &quot;Move installation&quot;.</source>
        <translation>Move the licence to this computer with &quot;Move installation&quot;.</translation>
    </message>
    <message>
        <source>This computer&apos;s copy of the licence server&apos;s public key cannot be used, so nothing was sent to the licence server.</source>
        <translation>This computer&apos;s copy of the licence server&apos;s public key cannot be used, so nothing was sent to the licence server.</translation>
    </message>
    <message>
        <source>Reinstall HotelHub, or, if you host the licence server yourself, fix LICENSE_PUBLIC_KEY_PATH and LICENSE_PUBLIC_KEY_HASH in the settings file. Then try again.</source>
        <translation>Reinstall HotelHub, or, if you host the licence server yourself, fix LICENSE_PUBLIC_KEY_PATH and LICENSE_PUBLIC_KEY_HASH in the settings file. Then try again.</translation>
    </message>
    <message>
        <source>The licence is stored on this computer, but the lines HotelHub reads from its settings file were not written: %1</source>
        <translation>The licence is stored on this computer, but the lines HotelHub reads from its settings file were not written: %1</translation>
    </message>
    <message>
        <source>Unpaired, but the settings file still names the old pairing: %1</source>
        <translation>Unpaired, but the settings file still names the old pairing: %1</translation>
    </message>
    <message>
        <source>Fix the settings file as described, then remove LICENSE_KEY_HASH and LICENSE_FINGERPRINT from it.</source>
        <translation>Fix the settings file as described, then remove LICENSE_KEY_HASH and LICENSE_FINGERPRINT from it.</translation>
    </message>
    <message>
        <source>HotelHub keeps working meanwhile, and the heartbeat tries again by itself.</source>
        <translation>HotelHub keeps working meanwhile, and the heartbeat tries again by itself.</translation>
    </message>
    <message>
        <source>Try again in a few minutes. If it persists, ask whoever runs the network to allow the licence server&apos;s address.</source>
        <translation>Try again in a few minutes. If it persists, ask whoever runs the network to allow the licence server&apos;s address.</translation>
    </message>
    <message>
        <source>Nothing is wrong on your side. Try again later.</source>
        <translation>Nothing is wrong on your side. Try again later.</translation>
    </message>
    <message>
        <source>Fix what is described above. The next licence check (the tray monitor&apos;s, &quot;Check again&quot;, or &quot;hotelhub-license heartbeat-retry&quot;) writes the lines then.</source>
        <translation>Fix what is described above. The next licence check (the tray monitor&apos;s, &quot;Check again&quot;, or &quot;hotelhub-license heartbeat-retry&quot;) writes the lines then.</translation>
    </message>
    <message>
        <source>Check what the detail given with this message says, that the data folder is writable and that its disk has room; then try again or send the diagnostic to support.</source>
        <translation>Check what the detail given with this message says, that the data folder is writable and that its disk has room; then try again or send the diagnostic to support.</translation>
    </message>
    <message>
        <source>This computer&apos;s password store (the keyring, or Windows Credential Manager) is locked or not ready, so the licence could not be read or saved here.</source>
        <translation>This computer&apos;s password store (the keyring, or Windows Credential Manager) is locked or not ready, so the licence could not be read or saved here.</translation>
    </message>
    <message>
        <source>Unlock the password store, or sign in to this computer&apos;s desktop session, then try again.</source>
        <translation>Unlock the password store, or sign in to this computer&apos;s desktop session, then try again.</translation>
    </message>
    <message>
        <source>Check LICENSE_VENDOR_BASE_URL in the settings file: it is the server&apos;s address alone, such as https://vendor.hotelhub.id, without /api or another path after it.</source>
        <translation>Check LICENSE_VENDOR_BASE_URL in the settings file: it is the server&apos;s address alone, such as https://vendor.hotelhub.id, without /api or another path after it.</translation>
    </message>
    <message>
        <source>Open a browser on this computer, complete the network login or ask IT to allow the licence server, then try again. If there is no login page, check that LICENSE_VENDOR_BASE_URL in the settings file is the licence server&apos;s address.</source>
        <translation>Open a browser on this computer, complete the network login or ask IT to allow the licence server, then try again. If there is no login page, check that LICENSE_VENDOR_BASE_URL in the settings file is the licence server&apos;s address.</translation>
    </message>
    <message>
        <source>The address of the licence server (%1) answers, but has no licence service there (HTTP %2); nothing about the licence was said or changed.</source>
        <translation>The address of the licence server (%1) answers, but has no licence service there (HTTP %2); nothing about the licence was said or changed.</translation>
    </message>
    <message>
        <source>No licence key was given.</source>
        <translation>No licence key was given.</translation>
    </message>
    <message>
        <source>Enter the licence key from your purchase e-mail. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX.</source>
        <translation>Enter the licence key from your purchase e-mail. Format: HMS-XXXXX-XXXXX-XXXXX-XXXXX.</translation>
    </message>
</context>
<context>
    <name>VendorKey</name>
    <message>
        <source>The vendor public key %1 does not match its pinned fingerprint: it has been replaced or damaged. Reinstall HotelHub, or set LICENSE_PUBLIC_KEY_HASH to your own vendor key&apos;s SHA-256 if you host the licence server yourself.</source>
        <translation>The vendor public key %1 does not match its pinned fingerprint: it has been replaced or damaged. Reinstall HotelHub, or set LICENSE_PUBLIC_KEY_HASH to your own vendor key&apos;s SHA-256 if you host the licence server yourself.</translation>
    </message>
    <message>
        <source>The vendor public key %1 is not an RSA-2048 or Ed25519 public key in PEM format.</source>
        <translation>The vendor public key %1 is not an RSA-2048 or Ed25519 public key in PEM format.</translation>
    </message>
    <message>
        <source>The vendor public key cannot be used: %1. Reinstall HotelHub or fix LICENSE_PUBLIC_KEY_PATH in the settings file.</source>
        <translation>The vendor public key cannot be used: %1. Reinstall HotelHub or fix LICENSE_PUBLIC_KEY_PATH in the settings file.</translation>
    </message>
    <message>
        <source>The vendor public key cannot be opened right now: %1. Nothing was changed; check again in a minute.</source>
        <translation>The vendor public key cannot be opened right now: %1. Nothing was changed; check again in a minute.</translation>
    </message>
</context>
<context>
    <name>VendorKeys</name>
    <message>
        <source>%1 already exists; refusing to replace a signing key (every paired client pins it). Move it away first if you really mean to start over.</source>
        <translation>%1 already exists; refusing to replace a signing key (every paired client pins it). Move it away first if you really mean to start over.</translation>
    </message>
    <message>
        <source>Key generation failed: %1</source>
        <translation>Key generation failed: %1</translation>
    </message>
    <message>
        <source>%1 is not an RSA-2048 or Ed25519 private key in PEM format.</source>
        <translation>%1 is not an RSA-2048 or Ed25519 private key in PEM format.</translation>
    </message>
    <message>
        <source>Cannot read the signing key: %1. Create one with `keys init --dir %2`.</source>
        <translation>Cannot read the signing key: %1. Create one with `keys init --dir %2`.</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder</source>
        <translation>%1 is a file, not a folder</translation>
    </message>
    <message>
        <source>Cannot create the key folder %1: %2. Give --dir a folder this user may create and write.</source>
        <translation>Cannot create the key folder %1: %2. Give --dir a folder this user may create and write.</translation>
    </message>
    <message>
        <source>the system refused</source>
        <translation>the system refused</translation>
    </message>
    <message>
        <source>Cannot write the key pair in %1: %2. Give --dir a folder this user may write, on a disk with room.</source>
        <translation>Cannot write the key pair in %1: %2. Give --dir a folder this user may write, on a disk with room.</translation>
    </message>
    <message>
        <source>Cannot write the key pair in %1: %2. Nothing was created: give --dir a folder this user may write, on a disk with room.</source>
        <translation>Cannot write the key pair in %1: %2. Nothing was created: give --dir a folder this user may write, on a disk with room.</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>the disk is full</translation>
    </message>
    <message>
        <source>Cannot read the signing key: %1. Let this user read it, or run the server as the user that owns it. Do not make a new key: every paired hotel pins this one.</source>
        <translation>Cannot read the signing key: %1. Let this user read it, or run the server as the user that owns it. Do not make a new key: every paired hotel pins this one.</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>HotelHub licence setup</source>
        <translation>HotelHub licence setup</translation>
    </message>
    <message>
        <source>Welcome. This wizard helps you set up the licence and the first property. About 5 minutes.</source>
        <translation>Welcome. This wizard helps you set up the licence and the first property. About 5 minutes.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
</context>
<context>
    <name>hotelhub-setup</name>
    <message>
        <source>Move the licence to this device (when the hardware changed).</source>
        <translation>Move the licence to this device (when the hardware changed).</translation>
    </message>
    <message>
        <source>The HotelHub setup is already open for this data folder; its window was brought forward.</source>
        <translation>The HotelHub setup is already open for this data folder; its window was brought forward.</translation>
    </message>
    <message>
        <source>hotelhub-setup opens a window on a desktop, and %1. Start it on the computer&apos;s desktop, or pair from this terminal with &quot;hotelhub-license pair&quot; (&quot;hotelhub-license --help&quot; lists every step).</source>
        <translation>hotelhub-setup opens a window on a desktop, and %1. Start it on the computer&apos;s desktop, or pair from this terminal with &quot;hotelhub-license pair&quot; (&quot;hotelhub-license --help&quot; lists every step).</translation>
    </message>
</context>
<context>
    <name>hotelhub-tray</name>
    <message>
        <source>Show the status window instead of a tray icon.</source>
        <translation>Show the status window instead of a tray icon.</translation>
    </message>
    <message>
        <source>Loopback address and port of the local API.</source>
        <translation>Loopback address and port of the local API.</translation>
    </message>
    <message>
        <source>hotelhub-tray is already running; its window was brought forward.</source>
        <translation>hotelhub-tray is already running; its window was brought forward.</translation>
    </message>
    <message>
        <source>hotelhub-tray shows its icon on a desktop, and %1. On a computer without a desktop the licence is kept by &quot;hotelhub-license heartbeat&quot; on a timer (README, &quot;Headless servers&quot;); &quot;hotelhub-license status&quot; shows it.</source>
        <translation>hotelhub-tray shows its icon on a desktop, and %1. On a computer without a desktop the licence is kept by &quot;hotelhub-license heartbeat&quot; on a timer (README, &quot;Headless servers&quot;); &quot;hotelhub-license status&quot; shows it.</translation>
    </message>
    <message>
        <source>The licence database is open for reading only (a full disk or a read-only folder): the state is shown, nothing new is saved until it can be written.</source>
        <translation>The licence database is open for reading only (a full disk or a read-only folder): the state is shown, nothing new is saved until it can be written.</translation>
    </message>
    <message>
        <source>The data folder %1 given with %2 does not exist, or this user cannot reach it, so there is no installation there; nothing was created. Check the path, or set HotelHub up there with the setup wizard.</source>
        <translation>The data folder %1 given with %2 does not exist, or this user cannot reach it, so there is no installation there; nothing was created. Check the path, or set HotelHub up there with the setup wizard.</translation>
    </message>
    <message>
        <source>The settings file %1 given with %2 does not exist. Check the path.</source>
        <translation>The settings file %1 given with %2 does not exist. Check the path.</translation>
    </message>
</context>
<context>
    <name>hotelhub::LicenseClient</name>
    <message>
        <source>A reason is required for moving a licence.</source>
        <translation>A reason is required for moving a licence.</translation>
    </message>
    <message>
        <source>another HotelHub program held %1 for over %2 s</source>
        <translation>another HotelHub program held %1 for over %2 s</translation>
    </message>
    <message>
        <source>cannot create the lock file %1: the data folder is not writable for this user, or its disk is full or read-only</source>
        <translation>cannot create the lock file %1: the data folder is not writable for this user, or its disk is full or read-only</translation>
    </message>
    <message>
        <source>The reason for the move is at most 500 characters (this one has %1).</source>
        <translation>The reason for the move is at most 500 characters (this one has %1).</translation>
    </message>
    <message>
        <source>The reason for unpairing is at most 500 characters (this one has %1).</source>
        <translation>The reason for unpairing is at most 500 characters (this one has %1).</translation>
    </message>
    <message>
        <source>The reason for the move is too long for an offline request: it holds 500 bytes, and an accented letter or an emoji takes two to four of them (this one needs %1). Shorten it.</source>
        <translation>The reason for the move is too long for an offline request: it holds 500 bytes, and an accented letter or an emoji takes two to four of them (this one needs %1). Shorten it.</translation>
    </message>
    <message>
        <source>The reason for the move has no words, which tells the vendor nothing: say why the licence moves, for example &quot;new computer&quot; or &quot;hard disk replaced&quot;.</source>
        <translation>The reason for the move has no words, which tells the vendor nothing: say why the licence moves, for example &quot;new computer&quot; or &quot;hard disk replaced&quot;.</translation>
    </message>
    <message>
        <source>This computer cannot read its licence token, so it cannot release the licence itself. Ask your vendor to release it from their side, or restore the data folder together with its key.</source>
        <translation>This computer cannot read its licence token, so it cannot release the licence itself. Ask your vendor to release it from their side, or restore the data folder together with its key.</translation>
    </message>
    <message>
        <source>Restore the settings file from a backup, then try again; pairing again is not needed.</source>
        <translation>Restore the settings file from a backup, then try again; pairing again is not needed.</translation>
    </message>
</context>
<context>
    <name>hotelhub::LocalApi</name>
    <message>
        <source>--api-listen takes ADDRESS:PORT, for example 127.0.0.1:3100 (got &quot;%1&quot;).</source>
        <translation>--api-listen takes ADDRESS:PORT, for example 127.0.0.1:3100 (got &quot;%1&quot;).</translation>
    </message>
    <message>
        <source>The local API only listens on a loopback address (127.0.0.1 or ::1), not %1.</source>
        <translation>The local API only listens on a loopback address (127.0.0.1 or ::1), not %1.</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1 holds no usable secret (shorter than 32 characters); delete it to make a new one</source>
        <translation>%1 holds no usable secret (shorter than 32 characters); delete it to make a new one</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>cannot write %1: %2</translation>
    </message>
</context>
<context>
    <name>hotelhub::StatusPage</name>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Last check</source>
        <translation>Last check</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>HotelHub License Monitor · on this computer only (127.0.0.1)</source>
        <translation>HotelHub License Monitor · on this computer only (127.0.0.1)</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::AdminPage</name>
    <message>
        <source>Or enter this key by hand:
%1</source>
        <translation>Or enter this key by hand:
%1</translation>
    </message>
    <message>
        <source>✓ Two-factor sign-in confirmed.</source>
        <translation>✓ Two-factor sign-in confirmed.</translation>
    </message>
    <message>
        <source>✗ That code is not right. Check the phone&apos;s time and type the current code.</source>
        <translation>✗ That code is not right. Check the phone&apos;s time and type the current code.</translation>
    </message>
    <message>
        <source>The e-mail changed: scan the new QR code (or keep the entry you have) and type the current code again.</source>
        <translation>The e-mail changed: scan the new QR code (or keep the entry you have) and type the current code again.</translation>
    </message>
    <message>
        <source>The two passwords differ: type the same password in both fields.</source>
        <translation>The two passwords differ: type the same password in both fields.</translation>
    </message>
    <message>
        <source>The password could not be hashed on this computer. Try again.</source>
        <translation>The password could not be hashed on this computer. Try again.</translation>
    </message>
    <message>
        <source>The password could not be hashed on this computer. %1, then try again.</source>
        <translation>The password could not be hashed on this computer. %1, then try again.</translation>
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
        <translation>The folder of the database file %1 does not exist.</translation>
    </message>
    <message>
        <source>Create the folder or correct DB_DATABASE in the settings file.</source>
        <translation>Create the folder or correct DB_DATABASE in the settings file.</translation>
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
        <translation>The %1 database driver is not installed on this computer.</translation>
    </message>
    <message>
        <source>Install the PostgreSQL driver for Qt (Debian: libqt6sql6-psql), then press Retry.</source>
        <translation>Install the PostgreSQL driver for Qt (Debian: libqt6sql6-psql), then press Retry.</translation>
    </message>
    <message>
        <source>Install the MySQL driver for Qt (Debian: libqt6sql6-mysql), then press Retry.</source>
        <translation>Install the MySQL driver for Qt (Debian: libqt6sql6-mysql), then press Retry.</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>DB_CONNECTION &apos;%1&apos; is not one of sqlite, pgsql, mysql.</source>
        <translation>DB_CONNECTION &apos;%1&apos; is not one of sqlite, pgsql, mysql.</translation>
    </message>
    <message>
        <source>Correct DB_CONNECTION in the settings file.</source>
        <translation>Correct DB_CONNECTION in the settings file.</translation>
    </message>
    <message>
        <source>Cannot connect: %1</source>
        <translation>Cannot connect: %1</translation>
    </message>
    <message>
        <source>Check that the database file can be written by this user.</source>
        <translation>Check that the database file can be written by this user.</translation>
    </message>
    <message>
        <source>Check DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME and DB_PASSWORD, and that the database server is running.</source>
        <translation>Check DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME and DB_PASSWORD, and that the database server is running.</translation>
    </message>
    <message>
        <source>Connected, wrote and read back a test row.</source>
        <translation>Connected, wrote and read back a test row.</translation>
    </message>
    <message>
        <source>Connected, but writing failed: %1</source>
        <translation>Connected, but writing failed: %1</translation>
    </message>
    <message>
        <source>Give the database user permission to create tables and write.</source>
        <translation>Give the database user permission to create tables and write.</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Storage</translation>
    </message>
    <message>
        <source>The data folder %1 is not writable.</source>
        <translation>The data folder %1 is not writable.</translation>
    </message>
    <message>
        <source>Give this user write permission on the folder, or choose another with --data-dir.</source>
        <translation>Give this user write permission on the folder, or choose another with --data-dir.</translation>
    </message>
    <message>
        <source>Only %1 free on %2.</source>
        <translation>Only %1 free on %2.</translation>
    </message>
    <message>
        <source>Free at least %1 on this disk (old backups and logs are the usual culprits).</source>
        <translation>Free at least %1 on this disk (old backups and logs are the usual culprits).</translation>
    </message>
    <message>
        <source>Writable, %1 free.</source>
        <translation>Writable, %1 free.</translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>Not configured (REDIS_HOST is empty): HotelHub uses the database for caches and queues.</source>
        <translation>Not configured (REDIS_HOST is empty): HotelHub uses the database for caches and queues.</translation>
    </message>
    <message>
        <source>No answer from Redis at %1 within 3 seconds.</source>
        <translation>No answer from Redis at %1 within 3 seconds.</translation>
    </message>
    <message>
        <source>Check REDIS_HOST/REDIS_PORT and that Redis is running.</source>
        <translation>Check REDIS_HOST/REDIS_PORT and that Redis is running.</translation>
    </message>
    <message>
        <source>Cannot connect to Redis at %1: %2</source>
        <translation>Cannot connect to Redis at %1: %2</translation>
    </message>
    <message>
        <source>Start Redis (systemctl start redis-server) or correct REDIS_HOST/REDIS_PORT.</source>
        <translation>Start Redis (systemctl start redis-server) or correct REDIS_HOST/REDIS_PORT.</translation>
    </message>
    <message>
        <source>Redis at %1 requires a password.</source>
        <translation>Redis at %1 requires a password.</translation>
    </message>
    <message>
        <source>Put the password in REDIS_PASSWORD.</source>
        <translation>Put the password in REDIS_PASSWORD.</translation>
    </message>
    <message>
        <source>Redis at %1 rejected the password.</source>
        <translation>Redis at %1 rejected the password.</translation>
    </message>
    <message>
        <source>Correct REDIS_PASSWORD.</source>
        <translation>Correct REDIS_PASSWORD.</translation>
    </message>
    <message>
        <source>Redis at %1 answered with an error: %2</source>
        <translation>Redis at %1 answered with an error: %2</translation>
    </message>
    <message>
        <source>Check the Redis configuration.</source>
        <translation>Check the Redis configuration.</translation>
    </message>
    <message>
        <source>PING answered after AUTH (%1).</source>
        <translation>PING answered after AUTH (%1).</translation>
    </message>
    <message>
        <source>PING answered (%1).</source>
        <translation>PING answered (%1).</translation>
    </message>
    <message>
        <source>Something at %1 answered, but it is not Redis.</source>
        <translation>Something at %1 answered, but it is not Redis.</translation>
    </message>
    <message>
        <source>Check REDIS_HOST/REDIS_PORT.</source>
        <translation>Check REDIS_HOST/REDIS_PORT.</translation>
    </message>
    <message>
        <source>Licence server</source>
        <translation>Licence server</translation>
    </message>
    <message>
        <source>Sheet mode: no vendor licence server is used.</source>
        <translation>Sheet mode: no vendor licence server is used.</translation>
    </message>
    <message>
        <source>%1 answers (server %2); clocks differ by %3 s.</source>
        <translation>%1 answers (server %2); clocks differ by %3 s.</translation>
    </message>
    <message>
        <source>Settings file (.env)</source>
        <translation>Settings file (.env)</translation>
    </message>
    <message>
        <source>No settings file is in use.</source>
        <translation>No settings file is in use.</translation>
    </message>
    <message>
        <source>Check that the file exists and that this user may read it, then press Retry.</source>
        <translation>Check that the file exists and that this user may read it, then press Retry.</translation>
    </message>
    <message>
        <source>%1 does not exist yet; the wizard creates it.</source>
        <translation>%1 does not exist yet; the wizard creates it.</translation>
    </message>
    <message>
        <source>%1 reads as HotelHub (Laravel) reads it.</source>
        <translation>%1 reads as HotelHub (Laravel) reads it.</translation>
    </message>
    <message>
        <source>HotelHub (Laravel) cannot load %1:</source>
        <translation>HotelHub (Laravel) cannot load %1:</translation>
    </message>
    <message>
        <source>Edit those lines in %1 as shown, save, then press Retry.</source>
        <translation>Edit those lines in %1 as shown, save, then press Retry.</translation>
    </message>
    <message>
        <source>This computer has no database driver for it: %1 (Qt 6.4, MinGW) and the database&apos;s own %2 are missing.</source>
        <translation>This computer has no database driver for it: %1 (Qt 6.4, MinGW) and the database&apos;s own %2 are missing.</translation>
    </message>
    <message>
        <source>Copy the driver into that folder and %1 (with the DLLs it needs) beside hotelhub-setup.exe, then press Retry. Ask HotelHub support for them if you do not have them.</source>
        <translation>Copy the driver into that folder and %1 (with the DLLs it needs) beside hotelhub-setup.exe, then press Retry. Ask HotelHub support for them if you do not have them.</translation>
    </message>
    <message>
        <source>With no internet on this computer, go on: the pairing page offers an offline activation.</source>
        <translation>With no internet on this computer, go on: the pairing page offers an offline activation.</translation>
    </message>
    <message>
        <source>When it is fixed, press Retry.</source>
        <translation>When it is fixed, press Retry.</translation>
    </message>
    <message>
        <source>Save %1 again as UTF-8, as said above, then press Retry.</source>
        <translation>Save %1 again as UTF-8, as said above, then press Retry.</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::ConnectionPage</name>
    <message>
        <source>Checking</source>
        <translation>Checking</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Connection check</source>
        <translation>Connection check</translation>
    </message>
    <message>
        <source>HotelHub checks what it needs before the licence is set up. Each row shows what was found and, if something is wrong, what to do.</source>
        <translation>HotelHub checks what it needs before the licence is set up. Each row shows what was found and, if something is wrong, what to do.</translation>
    </message>
    <message>
        <source>I need &amp;help</source>
        <translation>I need &amp;help</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Storage</translation>
    </message>
    <message>
        <source>Licence server</source>
        <translation>Licence server</translation>
    </message>
    <message>
        <source>Retry: %1</source>
        <translation>Retry: %1</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Send the rows marked ✗ to HotelHub support.</source>
        <translation>Send the rows marked ✗ to HotelHub support.</translation>
    </message>
    <message>
        <source>I need help</source>
        <translation>I need help</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Settings file (.env)</source>
        <translation>Settings file (.env)</translation>
    </message>
    <message>
        <source>What HotelHub needs on this computer and online.</source>
        <translation>What HotelHub needs on this computer and online.</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::DonePage</name>
    <message>
        <source>Next steps in the panel:</source>
        <translation>Next steps in the panel:</translation>
    </message>
    <message>
        <source>add room types</source>
        <translation>add room types</translation>
    </message>
    <message>
        <source>configure rate plans</source>
        <translation>configure rate plans</translation>
    </message>
    <message>
        <source>add a payment provider (BYOK)</source>
        <translation>add a payment provider (BYOK)</translation>
    </message>
    <message>
        <source>connect the channel manager / OTAs</source>
        <translation>connect the channel manager / OTAs</translation>
    </message>
    <message>
        <source>customise the booking engine theme</source>
        <translation>customise the booking engine theme</translation>
    </message>
    <message numerus="yes">
        <source>Hotel: %1, %n room(s)</source>
        <translation>
            <numerusform>Hotel: %1, %n room</numerusform>
            <numerusform>Hotel: %1, %n rooms</numerusform>
        </translation>
    </message>
    <message>
        <source>Licence: %1, active until %2</source>
        <translation>Licence: %1, active until %2</translation>
    </message>
    <message>
        <source>Administrator: %1 (two-factor sign-in on)</source>
        <translation>Administrator: %1 (two-factor sign-in on)</translation>
    </message>
    <message>
        <source>Could not set up the monitor to start at login: %1</source>
        <translation>Could not set up the monitor to start at login: %1</translation>
    </message>
    <message>
        <source>The panel opens in your web browser: %1</source>
        <translation>The panel opens in your web browser: %1</translation>
    </message>
    <message>
        <source>No web browser opened. Open this address in your browser (it was copied): %1</source>
        <translation>No web browser opened. Open this address in your browser (it was copied): %1</translation>
    </message>
    <message>
        <source>Could not switch off the monitor at login: %1</source>
        <translation>Could not switch off the monitor at login: %1</translation>
    </message>
    <message>
        <source>The licence monitor (hotelhub-tray) was not found beside this program, so it cannot start at login. Reinstall HotelHub, or untick the box and start the monitor yourself.</source>
        <translation>The licence monitor (hotelhub-tray) was not found beside this program, so it cannot start at login. Reinstall HotelHub, or untick the box and start the monitor yourself.</translation>
    </message>
    <message>
        <source>Could not create the heartbeat task: %1</source>
        <translation>Could not create the heartbeat task: %1</translation>
    </message>
    <message>
        <source>Licence: %1, activated offline, valid until %2</source>
        <translation>Licence: %1, activated offline, valid until %2</translation>
    </message>
    <message>
        <source>Licence: %1, %2</source>
        <translation>Licence: %1, %2</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::LicenseKeyPage</name>
    <message>
        <source>Licence key</source>
        <translation>Licence key</translation>
    </message>
    <message>
        <source>The key from your purchase e-mail.</source>
        <translation>The key from your purchase e-mail.</translation>
    </message>
    <message>
        <source>&amp;Licence key:</source>
        <translation>&amp;Licence key:</translation>
    </message>
    <message>
        <source>Check your purchase e-mail. Format: HMS-...-...-...-...</source>
        <translation>Check your purchase e-mail. Format: HMS-...-...-...-...</translation>
    </message>
    <message>
        <source>This installation is paired, but the licence does not work here now: %1. Type the licence key again; the next page asks the vendor and says what to do.</source>
        <translation>This installation is paired, but the licence does not work here now: %1. Type the licence key again; the next page asks the vendor and says what to do.</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::MigrateRunPage</name>
    <message>
        <source>Moving the licence</source>
        <translation>Moving the licence</translation>
    </message>
    <message>
        <source>Moving the licence to this device…</source>
        <translation>Moving the licence to this device…</translation>
    </message>
    <message>
        <source>Licence active until %1</source>
        <translation>Licence active until %1</translation>
    </message>
    <message>
        <source>The licence now lives on this device. The old device stops working at its next check.</source>
        <translation>The licence now lives on this device. The old device stops working at its next check.</translation>
    </message>
    <message>
        <source>The licence was not moved.</source>
        <translation>The licence was not moved.</translation>
    </message>
    <message>
        <source>The licence server moves the licence to this device.</source>
        <translation>The licence server moves the licence to this device.</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::PairingPage</name>
    <message>
        <source>Move installation</source>
        <translation>Move installation</translation>
    </message>
    <message>
        <source>The licence will be moved to this device. The old device will be deactivated automatically. Continue?</source>
        <translation>The licence will be moved to this device. The old device will be deactivated automatically. Continue?</translation>
    </message>
    <message>
        <source>Moving the licence to this device…</source>
        <translation>Moving the licence to this device…</translation>
    </message>
    <message>
        <source>Moved from the setup wizard (already paired elsewhere)</source>
        <translation>Moved from the setup wizard (already paired elsewhere)</translation>
    </message>
    <message>
        <source>Pairing</source>
        <translation>Pairing</translation>
    </message>
    <message>
        <source>This installation is registered with the licence server.</source>
        <translation>This installation is registered with the licence server.</translation>
    </message>
    <message>
        <source>&amp;Move the licence to this device</source>
        <translation>&amp;Move the licence to this device</translation>
    </message>
    <message>
        <source>Contacting the licence server…</source>
        <translation>Contacting the licence server…</translation>
    </message>
    <message>
        <source>Pairing cancelled.</source>
        <translation>Pairing cancelled.</translation>
    </message>
    <message>
        <source>Pairing failed.</source>
        <translation>Pairing failed.</translation>
    </message>
    <message>
        <source>Licence active until %1</source>
        <translation>Licence active until %1</translation>
    </message>
    <message>
        <source>Plan: %1</source>
        <translation>Plan: %1</translation>
    </message>
    <message>
        <source>Features: %1</source>
        <translation>Features: %1</translation>
    </message>
    <message numerus="yes">
        <source>Up to %n room(s)</source>
        <translation>
            <numerusform>Up to %n room</numerusform>
            <numerusform>Up to %n rooms</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>up to %n user(s)</source>
        <translation>
            <numerusform>up to %n user</numerusform>
            <numerusform>up to %n users</numerusform>
        </translation>
    </message>
    <message>
        <source>This licence is already installed on another device.</source>
        <translation>This licence is already installed on another device.</translation>
    </message>
    <message>
        <source>If this computer replaces that one, press &quot;Move the licence to this device&quot; below. If not, close the setup: the licence stays where it is.</source>
        <translation>If this computer replaces that one, press &quot;Move the licence to this device&quot; below. If not, close the setup: the licence stays where it is.</translation>
    </message>
    <message>
        <source>&amp;Check again</source>
        <translation>&amp;Check again</translation>
    </message>
    <message>
        <source>Cancel &amp;pairing</source>
        <translation>Cancel &amp;pairing</translation>
    </message>
    <message>
        <source>No internet? Activate &amp;offline</source>
        <translation>No internet? Activate &amp;offline</translation>
    </message>
    <message>
        <source>Licence activated offline, valid until %1. Renew it the same way before then, or let the heartbeat renew it when the internet appears.</source>
        <translation>Licence activated offline, valid until %1. Renew it the same way before then, or let the heartbeat renew it when the internet appears.</translation>
    </message>
    <message>
        <source>Checking the licence with the vendor…</source>
        <translation>Checking the licence with the vendor…</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::PropertyPage</name>
    <message numerus="yes">
        <source>Your licence allows up to %n room(s).</source>
        <translation>
            <numerusform>Your licence allows up to %n room.</numerusform>
            <numerusform>Your licence allows up to %n rooms.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: choose the city or the regency</source>
        <comment>Bogor: …</comment>
        <translation>%1: choose the city or the regency</translation>
    </message>
    <message>
        <source>%1 is both a city (Kota) and a regency (Kabupaten), each with its own hotel tax: choose which one the hotel is in.</source>
        <translation>%1 is both a city (Kota) and a regency (Kabupaten), each with its own hotel tax: choose which one the hotel is in.</translation>
    </message>
    <message numerus="yes">
        <source>%n room(s) typed, but your licence allows up to %1. Ask the vendor for a larger licence, or type the rooms you will use now.</source>
        <translation>
            <numerusform>%n room typed, but your licence allows up to %1. Ask the vendor for a larger licence, or type the rooms you will use now.</numerusform>
            <numerusform>%n rooms typed, but your licence allows up to %1. Ask the vendor for a larger licence, or type the rooms you will use now.</numerusform>
        </translation>
    </message>
    <message>
        <source>Western Indonesia Time</source>
        <translation>Western Indonesia Time</translation>
    </message>
    <message>
        <source>Central Indonesia Time</source>
        <translation>Central Indonesia Time</translation>
    </message>
    <message>
        <source>Eastern Indonesia Time</source>
        <translation>Eastern Indonesia Time</translation>
    </message>
    <message>
        <source>Type how many rooms the hotel has (at least 1).</source>
        <translation>Type how many rooms the hotel has (at least 1).</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::SetupPage</name>
    <message>
        <source>More help</source>
        <translation>More help</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Step %1 of %2</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::SetupWizard</name>
    <message>
        <source>HotelHub setup</source>
        <translation>HotelHub setup</translation>
    </message>
    <message>
        <source>HotelHub — move installation</source>
        <translation>HotelHub — move installation</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Save and co&amp;ntinue &gt;</source>
        <translation>Save and co&amp;ntinue &gt;</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::StatusWindow</name>
    <message>
        <source>HotelHub licence</source>
        <translation>HotelHub licence</translation>
    </message>
    <message>
        <source>Checking the licence with the vendor…</source>
        <translation>Checking the licence with the vendor…</translation>
    </message>
    <message>
        <source>Checked with the vendor just now.</source>
        <translation>Checked with the vendor just now.</translation>
    </message>
    <message>
        <source>Cl&amp;ose</source>
        <translation>Cl&amp;ose</translation>
    </message>
</context>
<context>
    <name>hotelhub::setup::WelcomePage</name>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Start</translation>
    </message>
</context>
<context>
    <name>hotelhub::tray::Banner</name>
    <message>
        <source>Hide for 24 hours</source>
        <translation>Hide for 24 hours</translation>
    </message>
</context>
<context>
    <name>hotelhub::tray::LockScreen</name>
    <message>
        <source>Hardware change detected. Re-pair?</source>
        <translation>Hardware change detected. Re-pair?</translation>
    </message>
    <message>
        <source>Changed since pairing: %1</source>
        <translation>Changed since pairing: %1</translation>
    </message>
    <message>
        <source>&amp;Yes, move the licence here</source>
        <translation>&amp;Yes, move the licence here</translation>
    </message>
    <message>
        <source>&amp;Not now</source>
        <translation>&amp;Not now</translation>
    </message>
    <message>
        <source>&amp;Check again</source>
        <translation>&amp;Check again</translation>
    </message>
    <message>
        <source>&amp;Hide</source>
        <translation>&amp;Hide</translation>
    </message>
    <message>
        <source>I &amp;understand</source>
        <translation>I &amp;understand</translation>
    </message>
    <message>
        <source>O&amp;ffline activation…</source>
        <translation>O&amp;ffline activation…</translation>
    </message>
    <message>
        <source>&amp;Move it back here</source>
        <translation>&amp;Move it back here</translation>
    </message>
</context>
<context>
    <name>hotelhub::tray::TrayController</name>
    <message>
        <source>Please wait</source>
        <translation>Please wait</translation>
    </message>
    <message numerus="yes">
        <source>The licence was checked less than a minute ago; try again in %n second(s).</source>
        <translation>
            <numerusform>The licence was checked less than a minute ago; try again in %n second.</numerusform>
            <numerusform>The licence was checked less than a minute ago; try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>Licence status</source>
        <translation>Licence status</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>Check now</translation>
    </message>
    <message>
        <source>Quit monitor</source>
        <translation>Quit monitor</translation>
    </message>
    <message>
        <source>Unpair</source>
        <translation>Unpair</translation>
    </message>
    <message>
        <source>Unpairing releases the licence from this computer. HotelHub stops working here until it is paired again. Continue?</source>
        <translation>Unpairing releases the licence from this computer. HotelHub stops working here until it is paired again. Continue?</translation>
    </message>
    <message>
        <source>Are you sure? This cannot be undone from this computer.</source>
        <translation>Are you sure? This cannot be undone from this computer.</translation>
    </message>
    <message>
        <source>Unpaired from the tray monitor</source>
        <translation>Unpaired from the tray monitor</translation>
    </message>
    <message>
        <source>Licence adjusted</source>
        <translation>Licence adjusted</translation>
    </message>
    <message>
        <source>The network card changed; the licence was adjusted automatically.</source>
        <translation>The network card changed; the licence was adjusted automatically.</translation>
    </message>
    <message>
        <source>The operating system was upgraded; the licence was adjusted automatically.</source>
        <translation>The operating system was upgraded; the licence was adjusted automatically.</translation>
    </message>
    <message>
        <source>Keep the licence monitor running?</source>
        <translation>Keep the licence monitor running?</translation>
    </message>
    <message>
        <source>This computer shows no system tray, so this window is the licence monitor. Closing it would stop the daily licence check and HotelHub&apos;s link to it.

Keep it running in the background? To open this window again, start &quot;HotelHub License Monitor&quot; from the menu.</source>
        <translation>This computer shows no system tray, so this window is the licence monitor. Closing it would stop the daily licence check and HotelHub&apos;s link to it.

Keep it running in the background? To open this window again, start &quot;HotelHub License Monitor&quot; from the menu.</translation>
    </message>
    <message>
        <source>&amp;Keep running</source>
        <translation>&amp;Keep running</translation>
    </message>
    <message>
        <source>&amp;Quit the monitor</source>
        <translation>&amp;Quit the monitor</translation>
    </message>
    <message>
        <source>Checking the licence with the vendor…</source>
        <translation>Checking the licence with the vendor…</translation>
    </message>
    <message>
        <source>Checked with the vendor just now.</source>
        <translation>Checked with the vendor just now.</translation>
    </message>
    <message>
        <source>The licence check did not finish</source>
        <translation>The licence check did not finish</translation>
    </message>
    <message>
        <source>The local API for the HMS is working again (port %1).</source>
        <translation>The local API for the HMS is working again (port %1).</translation>
    </message>
    <message>
        <source>The local API for the HMS could not start on %1:%2 (%3). The licence monitor keeps working and tries again every minute. If another program uses that port, close it, or ask support to choose another port (--api-listen).</source>
        <translation>The local API for the HMS could not start on %1:%2 (%3). The licence monitor keeps working and tries again every minute. If another program uses that port, close it, or ask support to choose another port (--api-listen).</translation>
    </message>
    <message>
        <source>Licence checked</source>
        <translation>Licence checked</translation>
    </message>
    <message>
        <source>The licence database is open for reading only: the state is shown, nothing new is saved until it can be written.</source>
        <translation>The licence database is open for reading only: the state is shown, nothing new is saved until it can be written.</translation>
    </message>
    <message>
        <source>HotelHub opens it again by itself once it can be written.</source>
        <translation>HotelHub opens it again by itself once it can be written.</translation>
    </message>
    <message>
        <source>Nothing new can be saved</source>
        <translation>Nothing new can be saved</translation>
    </message>
    <message>
        <source>The setup program (hotelhub-setup) could not be started from %1 or the PATH, so the licence was not moved. Start &quot;HotelHub Setup&quot; from the menu with --migrate, or install HotelHub again.</source>
        <translation>The setup program (hotelhub-setup) could not be started from %1 or the PATH, so the licence was not moved. Start &quot;HotelHub Setup&quot; from the menu with --migrate, or install HotelHub again.</translation>
    </message>
    <message>
        <source>The licence was not moved</source>
        <translation>The licence was not moved</translation>
    </message>
    <message>
        <source>The licence sheet was checked just now.</source>
        <translation>The licence sheet was checked just now.</translation>
    </message>
    <message>
        <source>Checking the licence sheet…</source>
        <translation>Checking the licence sheet…</translation>
    </message>
</context>
<context>
    <name>hotelhub::widgets::HeartbeatChart</name>
    <message>
        <source>%1 of the last %2 heartbeats succeeded</source>
        <translation>%1 of the last %2 heartbeats succeeded</translation>
    </message>
    <message>
        <source>No heartbeats yet</source>
        <translation>No heartbeats yet</translation>
    </message>
</context>
<context>
    <name>hotelhub::widgets::LicenseStatusView</name>
    <message>
        <source>Diagnostic</source>
        <translation>Diagnostic</translation>
    </message>
    <message>
        <source>The diagnostic below was copied; paste it into a message to support.</source>
        <translation>The diagnostic below was copied; paste it into a message to support.</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Vendor portal</source>
        <translation>Vendor portal</translation>
    </message>
    <message>
        <source>Contact the vendor:</source>
        <translation>Contact the vendor:</translation>
    </message>
    <message numerus="yes">
        <source>Works offline until %1 (%n day(s) left) — renewed by every heartbeat</source>
        <translation>
            <numerusform>Works offline until %1 (%n day left) — renewed by every heartbeat</numerusform>
            <numerusform>Works offline until %1 (%n days left) — renewed by every heartbeat</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Licence valid until %1 (%n day(s))</source>
        <translation>
            <numerusform>Licence valid until %1 (%n day)</numerusform>
            <numerusform>Licence valid until %1 (%n days)</numerusform>
        </translation>
    </message>
    <message>
        <source>Not paired</source>
        <translation>Not paired</translation>
    </message>
    <message numerus="yes">
        <source>%n room(s)</source>
        <translation>
            <numerusform>%n room</numerusform>
            <numerusform>%n rooms</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n user(s)</source>
        <translation>
            <numerusform>%n user</numerusform>
            <numerusform>%n users</numerusform>
        </translation>
    </message>
    <message>
        <source>HotelHub version %1</source>
        <translation>HotelHub version %1</translation>
    </message>
    <message numerus="yes">
        <source>computer on for %n hour(s)</source>
        <translation>
            <numerusform>computer on for %n hour</numerusform>
            <numerusform>computer on for %n hours</numerusform>
        </translation>
    </message>
    <message>
        <source>Installation identity created</source>
        <translation>Installation identity created</translation>
    </message>
    <message>
        <source>Licence paired (plan %1)</source>
        <translation>Licence paired (plan %1)</translation>
    </message>
    <message>
        <source>Licence moved to this computer</source>
        <translation>Licence moved to this computer</translation>
    </message>
    <message>
        <source>Licence moved to this computer (reason: %1)</source>
        <translation>Licence moved to this computer (reason: %1)</translation>
    </message>
    <message>
        <source>Licence token replaced</source>
        <translation>Licence token replaced</translation>
    </message>
    <message>
        <source>Network card changed; the licence adjusted itself</source>
        <translation>Network card changed; the licence adjusted itself</translation>
    </message>
    <message>
        <source>Licence released from this computer</source>
        <translation>Licence released from this computer</translation>
    </message>
    <message>
        <source>Warning hidden for 24 hours</source>
        <translation>Warning hidden for 24 hours</translation>
    </message>
    <message>
        <source>Setup completed</source>
        <translation>Setup completed</translation>
    </message>
    <message>
        <source>Licence state: %1</source>
        <translation>Licence state: %1</translation>
    </message>
    <message>
        <source>Licence activated offline, valid until %1</source>
        <translation>Licence activated offline, valid until %1</translation>
    </message>
    <message>
        <source>Offline activation renewed, valid until %1</source>
        <translation>Offline activation renewed, valid until %1</translation>
    </message>
    <message numerus="yes">
        <source>Offline activation until %1 (%n day(s) left): renew it before then, or let a heartbeat renew it</source>
        <translation>
            <numerusform>Offline activation until %1 (%n day left): renew it before then, or let a heartbeat renew it</numerusform>
            <numerusform>Offline activation until %1 (%n days left): renew it before then, or let a heartbeat renew it</numerusform>
        </translation>
    </message>
    <message>
        <source>More help</source>
        <translation>More help</translation>
    </message>
    <message>
        <source>Licence ended on %1</source>
        <translation>Licence ended on %1</translation>
    </message>
</context>
<context>
    <name>hotelhub::widgets::OfflineActivationDialog</name>
    <message>
        <source>Offline activation</source>
        <translation>Offline activation</translation>
    </message>
    <message>
        <source>No internet on this computer? Activate the licence with your phone: the request goes to your vendor, the answer comes back.</source>
        <translation>No internet on this computer? Activate the licence with your phone: the request goes to your vendor, the answer comes back.</translation>
    </message>
    <message>
        <source>1. Send this request to your vendor</source>
        <translation>1. Send this request to your vendor</translation>
    </message>
    <message>
        <source>Photograph the QR code with your phone and send it by WhatsApp, or save it as a file (for a USB stick or e-mail), or copy the text.</source>
        <translation>Photograph the QR code with your phone and send it by WhatsApp, or save it as a file (for a USB stick or e-mail), or copy the text.</translation>
    </message>
    <message>
        <source>&amp;Save request as file…</source>
        <translation>&amp;Save request as file…</translation>
    </message>
    <message>
        <source>Co&amp;py text</source>
        <translation>Co&amp;py text</translation>
    </message>
    <message numerus="yes">
        <source>Your vendor answers a request up to %n days old.</source>
        <translation>
            <numerusform>Your vendor answers a request up to %n day old.</numerusform>
            <numerusform>Your vendor answers a request up to %n days old.</numerusform>
        </translation>
    </message>
    <message>
        <source>2. Apply the vendor&apos;s answer</source>
        <translation>2. Apply the vendor&apos;s answer</translation>
    </message>
    <message>
        <source>&amp;Open answer file…</source>
        <translation>&amp;Open answer file…</translation>
    </message>
    <message>
        <source>&amp;Apply code</source>
        <translation>&amp;Apply code</translation>
    </message>
    <message>
        <source>Save activation request</source>
        <translation>Save activation request</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>Text files (*.txt)</translation>
    </message>
    <message>
        <source>Open the vendor&apos;s answer</source>
        <translation>Open the vendor&apos;s answer</translation>
    </message>
    <message>
        <source>Answer files (*.json *.txt);;All files (*)</source>
        <translation>Answer files (*.json *.txt);;All files (*)</translation>
    </message>
    <message>
        <source>Or type the code your vendor reads to you (26 groups of 5 characters):</source>
        <translation>Or type the code your vendor reads to you (26 groups of 5 characters):</translation>
    </message>
    <message>
        <source>Or type the code your vendor reads to you (for a renewal with an Ed25519 vendor key; a first activation needs the answer file):</source>
        <translation>Or type the code your vendor reads to you (for a renewal with an Ed25519 vendor key; a first activation needs the answer file):</translation>
    </message>
    <message>
        <source>The request was not saved: %1</source>
        <translation>The request was not saved: %1</translation>
    </message>
    <message>
        <source>Saved to %1. Send that file to your vendor.</source>
        <translation>Saved to %1. Send that file to your vendor.</translation>
    </message>
    <message>
        <source>Cannot read the answer: %1</source>
        <translation>Cannot read the answer: %1</translation>
    </message>
</context>
</TS>
