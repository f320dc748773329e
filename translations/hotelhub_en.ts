<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
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
        <translation>Usage: hotelhub-license [--env FILE] [--data-dir DIR] [--lang id|en] &lt;command&gt; [options]

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
</translation>
    </message>
    <message>
        <source>Unknown command or extra argument: %1</source>
        <translation>Unknown command or extra argument: %1</translation>
    </message>
    <message>
        <source>This option does not apply to '%1'.</source>
        <translation>This option does not apply to '%1'.</translation>
    </message>
    <message>
        <source>--at needs an ISO-8601 date or time (2027-01-31, 2027-01-31T03:00:00Z) or an offset such as +45d, -2h.</source>
        <translation>--at needs an ISO-8601 date or time (2027-01-31, 2027-01-31T03:00:00Z) or an offset such as +45d, -2h.</translation>
    </message>
    <message>
        <source>The settings file %1 given with --env does not exist. Check the path.</source>
        <translation>The settings file %1 given with --env does not exist. Check the path.</translation>
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
        <source>Status: %1 (%2, mode %3)</source>
        <translation>Status: %1 (%2, mode %3)</translation>
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
</context>
<context>
    <name>Database</name>
    <message>
        <source>Cannot read the licence database %1: %2. Check the file's permissions.</source>
        <translation>Cannot read the licence database %1: %2. Check the file's permissions.</translation>
    </message>
    <message>
        <source>%1 is not a SQLite database (it is damaged or belongs to another program). It was left untouched. Move it aside (for example rename it to hotelhub.sqlite.broken) and run `hotelhub-license bootstrap`, or restore it from a backup.</source>
        <translation>%1 is not a SQLite database (it is damaged or belongs to another program). It was left untouched. Move it aside (for example rename it to hotelhub.sqlite.broken) and run `hotelhub-license bootstrap`, or restore it from a backup.</translation>
    </message>
    <message>
        <source>Cannot open the licence database %1: %2. Check free disk space and the folder's permissions.</source>
        <translation>Cannot open the licence database %1: %2. Check free disk space and the folder's permissions.</translation>
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
</context>
<context>
    <name>Diagnostic</name>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation><numerusform>%n minute ago</numerusform><numerusform>%n minutes ago</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation><numerusform>%n hour ago</numerusform><numerusform>%n hours ago</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation><numerusform>%n day ago</numerusform><numerusform>%n days ago</numerusform></translation>
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
        <source>Fix the folder's permissions or choose another with --data-dir.</source>
        <translation>Fix the folder's permissions or choose another with --data-dir.</translation>
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
        <source>Check the server's internet connection, then run `hotelhub-license heartbeat`.</source>
        <translation>Check the server's internet connection, then run `hotelhub-license heartbeat`.</translation>
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
        <translation><numerusform>Audit log intact (%n entry)</numerusform><numerusform>Audit log intact (%n entries)</numerusform></translation>
    </message>
    <message>
        <source>The audit log was edited outside HotelHub. Keep a copy of the database and tell support.</source>
        <translation>The audit log was edited outside HotelHub. Keep a copy of the database and tell support.</translation>
    </message>
    <message>
        <source>State: %1 (%2)</source>
        <translation>State: %1 (%2)</translation>
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
</context>
<context>
    <name>EnvFile</name>
    <message>
        <source>Cannot read the settings file %1: %2. Check that it exists and that this user may read it.</source>
        <translation>Cannot read the settings file %1: %2. Check that it exists and that this user may read it.</translation>
    </message>
    <message>
        <source>line %1: not KEY=VALUE, kept as it is</source>
        <translation>line %1: not KEY=VALUE, kept as it is</translation>
    </message>
    <message>
        <source>line %1: %2 has an unterminated quote</source>
        <translation>line %1: %2 has an unterminated quote</translation>
    </message>
    <message>
        <source>Cannot save the settings file %1: %2. Check free disk space and that this user may write to the folder.</source>
        <translation>Cannot save the settings file %1: %2. Check free disk space and that this user may write to the folder.</translation>
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
        <source>The key contains "%1", which is not a letter or digit. Copy the key again from your purchase e-mail.</source>
        <translation>The key contains "%1", which is not a letter or digit. Copy the key again from your purchase e-mail.</translation>
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
        <source>The licence server's token was not accepted (%1): %2</source>
        <translation>The licence server's token was not accepted (%1): %2</translation>
    </message>
    <message>
        <source>Cannot create the encryption key for the licence token: %1</source>
        <translation>Cannot create the encryption key for the licence token: %1</translation>
    </message>
    <message>
        <source>Cannot save the pairing in the licence database: %1</source>
        <translation>Cannot save the pairing in the licence database: %1</translation>
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
        <source>The OS credential store did not answer, and there is no key file.</source>
        <translation>The OS credential store did not answer, and there is no key file.</translation>
    </message>
    <message>
        <source>The OS credential store is not available (HOTELHUB_KEYSTORE=keychain). Unlock it, or use HOTELHUB_KEYSTORE=auto.</source>
        <translation>The OS credential store is not available (HOTELHUB_KEYSTORE=keychain). Unlock it, or use HOTELHUB_KEYSTORE=auto.</translation>
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
        <source>The vendor's public key on this computer is missing or has been changed.</source>
        <translation>The vendor's public key on this computer is missing or has been changed.</translation>
    </message>
    <message>
        <source>Contact HotelHub support and send them the output of `hotelhub-license diagnostic`.</source>
        <translation>Contact HotelHub support and send them the output of `hotelhub-license diagnostic`.</translation>
    </message>
    <message>
        <source>Online verification required</source>
        <translation>Online verification required</translation>
    </message>
    <message numerus="yes">
        <source>The licence has not been verified online for %n days.</source>
        <translation><numerusform>The licence has not been verified online for %n day.</numerusform><numerusform>The licence has not been verified online for %n days.</numerusform></translation>
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
        <source>Move the licence to this machine with "Move installation" (hotelhub-setup --migrate).</source>
        <translation>Move the licence to this machine with "Move installation" (hotelhub-setup --migrate).</translation>
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
        <translation><numerusform>The licence period has ended. %n day left to renew before the system locks.</numerusform><numerusform>The licence period has ended. %n days left to renew before the system locks.</numerusform></translation>
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
        <translation><numerusform>Licence not synchronised for %n day. Contact support if this continues.</numerusform><numerusform>Licence not synchronised for %n days. Contact support if this continues.</numerusform></translation>
    </message>
    <message>
        <source>Check the server's internet connection and firewall.</source>
        <translation>Check the server's internet connection and firewall.</translation>
    </message>
    <message>
        <source>Heartbeat delayed</source>
        <translation>Heartbeat delayed</translation>
    </message>
    <message numerus="yes">
        <source>Licence: heartbeat delayed %n days. Check the server's internet connection.</source>
        <translation><numerusform>Licence: heartbeat delayed %n day. Check the server's internet connection.</numerusform><numerusform>Licence: heartbeat delayed %n days. Check the server's internet connection.</numerusform></translation>
    </message>
    <message>
        <source>Check the server's internet connection.</source>
        <translation>Check the server's internet connection.</translation>
    </message>
    <message>
        <source>Licence active</source>
        <translation>Licence active</translation>
    </message>
</context>
<context>
    <name>VendorKey</name>
    <message>
        <source>The vendor public key %1 is missing (%2). Reinstall HotelHub or fix LICENSE_PUBLIC_KEY_PATH in the settings file.</source>
        <translation>The vendor public key %1 is missing (%2). Reinstall HotelHub or fix LICENSE_PUBLIC_KEY_PATH in the settings file.</translation>
    </message>
    <message>
        <source>The vendor public key %1 does not match its pinned fingerprint: it has been replaced or damaged. Reinstall HotelHub, or set LICENSE_PUBLIC_KEY_HASH to your own vendor key's SHA-256 if you host the licence server yourself.</source>
        <translation>The vendor public key %1 does not match its pinned fingerprint: it has been replaced or damaged. Reinstall HotelHub, or set LICENSE_PUBLIC_KEY_HASH to your own vendor key's SHA-256 if you host the licence server yourself.</translation>
    </message>
    <message>
        <source>The vendor public key %1 is not an RSA-2048 or Ed25519 public key in PEM format.</source>
        <translation>The vendor public key %1 is not an RSA-2048 or Ed25519 public key in PEM format.</translation>
    </message>
</context>
</TS>