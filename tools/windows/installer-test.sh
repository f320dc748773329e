#!/usr/bin/env bash
# The Windows installer under Wine (issue 18): a silent install (/S) into a fresh prefix, then
# `hotelhub-license status` and a pairing against the reference server on loopback, then a silent
# uninstall that leaves the licence data folder. Run by tools/windows/run-tests.sh.
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build-windows}" && pwd) || exit 1
CACHE=${HOTELHUB_WIN_CACHE:-$HOME/.cache/hotelhub-windows}
WINE=/usr/lib/wine/wine64
WINESERVER=/usr/lib/wine/wineserver
installer=$(ls -t "$BUILD"/packages/hotelhub-license-*-win64.exe 2>/dev/null | head -1)
[[ -n $installer ]] || { echo "No installer in $BUILD/packages: run ./run.sh windows first" >&2; exit 1; }

export WINEPREFIX=$CACHE/wineprefix-installer
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Only what the installer brings: no build folders on the DLL path.
unset WINEPATH QT_PLUGIN_PATH
export QT_QPA_PLATFORM=offscreen HOTELHUB_LANG=en
step() { printf '== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*"; exit 1; }

step "fresh Wine prefix (Windows 10)"
"$WINESERVER" -k 2>/dev/null || true
rm -rf "$WINEPREFIX"
"$WINE" wineboot -i >/dev/null 2>&1
"$WINE" winecfg -v win10 >/dev/null 2>&1
"$WINESERVER" -w
drive_c=$WINEPREFIX/drive_c
app="$drive_c/Program Files/HotelHub License"

step "silent install: $(basename "$installer") /S"
"$WINE" "$installer" /S >/dev/null 2>&1
"$WINESERVER" -w
for f in hotelhub-setup.exe hotelhub-tray.exe hotelhub-license.exe Qt6Core.dll libcrypto-3-x64.dll platforms/qwindows.dll \
         tls/qschannelbackend.dll sqldrivers/qsqlite.dll Uninstall.exe; do
  [[ -f "$app/$f" ]] || fail "the install has no $f"
done
[[ ! -f "$app/hotelhub-license-server.exe" ]] || fail "the vendor's server was installed without being chosen"
[[ ! -e "$app/bin" ]] || fail "the programs are installed twice (a bin folder without their DLLs)"
"$WINE" reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Run' /v HotelHubLicenseMonitor 2>/dev/null | grep -q hotelhub-tray.exe ||
  fail "the monitor's autostart (HKLM Run) is missing"
ls "$drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/HotelHub License/" 2>/dev/null | grep -q "Monitor" ||
  ls "$drive_c/users/Public/Start Menu/Programs/HotelHub License/" 2>/dev/null | grep -q "Monitor" ||
  find "$drive_c" -path '*Start Menu*' -name '*Monitor*' | grep -q . || fail "no Start-menu entry for the monitor"
cli=("$WINE" "C:\\Program Files\\HotelHub License\\hotelhub-license.exe")
data='C:\ProgramData\HotelHub\license'

step "status before pairing: not set up (exit 10) in the owner's own data folder"
set +e
"${cli[@]}" status >"$BUILD/installer-status.txt" 2>&1
code=$?
set -e
[[ $code -eq 10 ]] || { cat "$BUILD/installer-status.txt"; fail "status exited $code, expected 10 (not paired)"; }

# The machine-wide folder is made by the heartbeat task's component or by "pair"; a default
# install has none, and a folder named with --data-dir that does not exist is refused (exit 3,
# data_folder_missing), with nothing created (README "Configuration").
step "status --data-dir $data before it exists: exit 3, nothing created"
set +e
"${cli[@]}" --data-dir "$data" status --json >"$BUILD/installer-status.txt" 2>&1
code=$?
set -e
[[ $code -eq 3 ]] || { cat "$BUILD/installer-status.txt"; fail "status --data-dir exited $code, expected 3 (the folder does not exist)"; }
grep -q data_folder_missing "$BUILD/installer-status.txt" || { cat "$BUILD/installer-status.txt"; fail "no data_folder_missing"; }
[[ ! -e "$drive_c/ProgramData/HotelHub/license" ]] || fail "status created the data folder it was named"

step "pairing against the reference server on loopback"
server=$ROOT/build/src/server/hotelhub-license-server
[[ -x $server ]] || fail "the reference server (Linux build) is missing: ./run.sh build"
vendor=$(mktemp -d)
trap 'kill $SERVER_PID 2>/dev/null; rm -rf "$vendor"' EXIT
"$server" keys init --dir "$vendor/keys" >/dev/null
key=$("$server" license create --db "sqlite:$vendor/v.sqlite" --plan standalone-pro --max-rooms 50 --max-users 10 \
  --valid-until "$(date -d '+1 year' +%F)" | tail -1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$server" serve --db "sqlite:$vendor/v.sqlite" --keys "$vendor/keys" --listen "127.0.0.1:$port" >"$vendor/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/license/health" >/dev/null && break; sleep 0.1; done
datadir="$drive_c/ProgramData/HotelHub/license"
mkdir -p "$datadir"
cp "$vendor/keys/vendor-public.pem" "$datadir/vendor-public.pem"
printf 'DB_CONNECTION=sqlite\nLICENSE_VENDOR_BASE_URL=http://127.0.0.1:%s\nLICENSE_PUBLIC_KEY_PATH=vendor-public.pem\nLICENSE_PUBLIC_KEY_HASH=%s\n' \
  "$port" "$(sha256sum "$vendor/keys/vendor-public.pem" | cut -d' ' -f1)" >"$datadir/hotelhub.env"
"${cli[@]}" --data-dir "$data" pair --key "$key" >"$BUILD/installer-pair.txt" 2>&1 || { cat "$BUILD/installer-pair.txt"; fail "pair failed"; }
"${cli[@]}" --data-dir "$data" status --json >"$BUILD/installer-status.json" 2>&1 || { cat "$BUILD/installer-status.json"; fail "status after pairing failed"; }
grep -q '"state": "active"' "$BUILD/installer-status.json" || { cat "$BUILD/installer-status.json"; fail "not active after pairing"; }
[[ -f $datadir/secret.key ]] || fail "the machine-wide folder keeps no secret.key (the heartbeat task could not read the token)"

step "silent uninstall keeps the licence data"
"$WINE" "C:\\Program Files\\HotelHub License\\Uninstall.exe" /S >/dev/null 2>&1
"$WINESERVER" -w
sleep 2; "$WINESERVER" -w # the uninstaller copies itself to a temporary folder and runs from there
[[ ! -f "$app/hotelhub-license.exe" ]] || fail "the programs are still installed"
if "$WINE" reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Run' /v HotelHubLicenseMonitor >/dev/null 2>&1; then
  fail "the autostart entry outlived the uninstall"
fi
if "$WINE" reg query 'HKLM\Software\HotelHub' >/dev/null 2>&1; then
  fail "the uninstall left HKLM\\Software\\HotelHub behind"
fi
[[ -f $datadir/hotelhub.sqlite && -f $datadir/secret.key ]] || fail "the uninstall removed the licence data"
echo "installed, paired ($(grep -o '"plan": "[^"]*"' "$BUILD/installer-status.json")), uninstalled; the data folder stayed"
