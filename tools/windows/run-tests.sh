#!/usr/bin/env bash
# Runs the Windows build's test suites under Wine, headless (issue 18, README "Windows"):
#   tools/windows/run-tests.sh [BUILD_DIR] [suite[:function] …]
# Each suite is a Qt Test program from build-windows/, run by wine64 with the cross-built
# DLLs on WINEPATH and QT_QPA_PLATFORM=offscreen. Prints each suite's verdict and time, then the
# suites that cannot run here and why. Exit status: 0 when every suite that runs passed.
set -uo pipefail
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build-windows}" && pwd) || exit 1 # absolute: the suites run from inside it
shift || true
CACHE=${HOTELHUB_WIN_CACHE:-$HOME/.cache/hotelhub-windows}
PREFIX=$CACHE/prefix
WINE=/usr/lib/wine/wine64
REPORTS=$BUILD/wine-reports
TIMEOUT=${WINE_TEST_TIMEOUT:-1200}

# The suites that apply on Windows. The rest, and why they cannot run here:
SUITES=(tst_licensekey tst_jws tst_secrets tst_statuspolicy tst_schedule tst_envfile tst_database tst_auditlog
        tst_licensemanager tst_vendor_rules tst_cli tst_vendorclient tst_setup_rules tst_server tst_server_resilience
        tst_sheets tst_client tst_offline tst_setup_wizard tst_tray tst_tray_small_screen tst_installer)
declare -A SKIPPED=(
  [tst_postgres]="its PostgreSQL cluster is started by a bash fixture with runuser; Windows has no such server here"
  [tst_server_database]="the same PostgreSQL fixture (it stops and damages the cluster on purpose)"
  [tst_chaos]="a year of 200 installs is the same code on both systems; 4 CPU minutes on Linux, run there"
  [tst_tray_host]="needs an X server and an X11 tray host (Xvfb and trayer); the Windows taskbar is not emulated headless"
  [translations_complete]="runs Qt's lupdate, a Linux build tool, not a Windows program"
)

[[ -x $WINE ]] || { echo "wine64 is not installed: tools/windows/build-deps.sh installs it" >&2; exit 1; }
[[ -f $BUILD/hotelhub-license.exe ]] || { echo "No Windows build in $BUILD: run ./run.sh windows first" >&2; exit 1; }

winpath() { printf 'Z:%s' "${1//\//\\}"; }

# Wine keeps no ACLs on this file system: it shows a file's Unix mode bits as its DACL. With a
# umask of 077 what the programs create reads as owner-only, as their ACLs make it on NTFS.
umask 077
export WINEPREFIX=${WINEPREFIX:-$CACHE/wineprefix}
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="  # no Mono or Gecko download prompts
/usr/lib/wine/wineserver -k 2>/dev/null || true # a server started under another umask would keep it
if [[ ! -f $WINEPREFIX/system.reg ]]; then
  echo "==> Creating the Wine prefix $WINEPREFIX (Windows 10)" >&2
  "$WINE" wineboot -i >/dev/null 2>&1
  "$WINE" reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1
  "$WINE" wineserver -w 2>/dev/null || /usr/lib/wine/wineserver -w
fi
export WINEPATH="$(winpath "$PREFIX/bin");$(winpath "$PREFIX/lib");$(winpath /usr/lib/gcc/x86_64-w64-mingw32/12-posix);$(winpath /usr/x86_64-w64-mingw32/lib)"
export QT_PLUGIN_PATH=$(winpath "$PREFIX/plugins")
# A test function that hangs is named in the report (Qt Test aborts it) instead of losing the report.
# Just under the suite's own limit: Qt 6.4's watchdog misses a function's end when the next one
# starts before it wakes, so on a busy machine it timed a run of quick functions as one (tst_client
# "timed out" in a function of 4.6 s once the suite had run 180 s; 2026-12-06).
export QTEST_FUNCTION_TIMEOUT=${QTEST_FUNCTION_TIMEOUT:-$(( (TIMEOUT - 60) * 1000 ))}
export QT_QPA_PLATFORM=offscreen HOTELHUB_KEYSTORE=file HOTELHUB_LANG=en HOTELHUB_DATA_DIR= HOTELHUB_ENV=
# The tests' autostart entries go to a key of their own, never the Run key of this prefix's user.
export HOTELHUB_AUTOSTART_RUN_KEY='HKEY_CURRENT_USER\Software\HotelHubTests\Run'
export HOTELHUB_WIN_BUILD=$BUILD HOTELHUB_WIN_PREFIX=$PREFIX

[[ $# -gt 0 ]] && SUITES=("$@")
mkdir -p "$REPORTS"
failed=()
total_start=$(date +%s)
for suite in "${SUITES[@]}"; do
  only=()
  # suite:f1,f2 runs those test functions only (tools/windows/run-tests.sh build-windows tst_cli:pairFromStdin).
  if [[ $suite == *:* ]]; then IFS=, read -ra only <<<"${suite#*:}"; suite=${suite%%:*}; fi
  exe=$BUILD/$suite.exe # Qt's setup puts every Windows program in the build's top folder (beside its DLLs)
  [[ $suite == tst_tray_small_screen ]] && { exe=$BUILD/tst_tray.exe; only=(statusWindowFitsTheScreen); }
  if [[ $suite == tst_installer ]]; then
    start=$(date +%s)
    if "$HERE/installer-test.sh" "$BUILD" >"$REPORTS/$suite.txt" 2>&1; then verdict=PASS; else verdict=FAIL; failed+=("$suite"); fi
    printf '%-24s %s  %4d s   (%s)\n' "$suite" "$verdict" $(( $(date +%s) - start )) "$(tail -1 "$REPORTS/$suite.txt")"
    continue
  fi
  if [[ ! -f $exe ]]; then
    printf '%-24s MISSING (%s)\n' "$suite" "$exe"; failed+=("$suite"); continue
  fi
  report=$REPORTS/$suite.txt
  rm -f "$report"
  start=$(date +%s)
  # Wine does not hand QT_* variables to Windows programs (QT_QPA_PLATFORM above reaches only
  # what a suite starts itself): the widget suites get the offscreen platform as an argument, or
  # they would open real windows through Wine's own window system.
  platform=()
  grep -q '^QTEST_MAIN(' "$ROOT/tests/$suite.cpp" 2>/dev/null && platform=(-platform offscreen)
  # As ctest runs it on Linux: a 1092x574 screen (a 1366x768 laptop at 125 % with its taskbar).
  # The file is named relative to the build folder: Qt splits the platform's options at ':', "Z:" too.
  if [[ $suite == tst_tray_small_screen ]]; then
    cp "$ROOT/tests/data/offscreen-small.json" "$REPORTS/offscreen-small.json"
    platform=(-platform "offscreen:configfile=wine-reports\\offscreen-small.json")
  fi
  # Qt Test's report reaches a file only through -o under Wine (a redirect of stdout stays empty).
  (cd "$BUILD" && exec timeout "$TIMEOUT" "$WINE" "$exe" "${platform[@]}" "${only[@]}" -o "$(winpath "$report"),txt" >/dev/null 2>"$REPORTS/$suite.stderr") &
  runner=$!
  # Under Wine, tst_tray's process sometimes does not end after its last test: every DLL has
  # detached and it waits in wineserver (seen after a test that showed the lock screen; not seen
  # on Linux). A suite whose report is complete gets 30 s to end, then is stopped, and says so.
  stuck=
  while kill -0 "$runner" 2>/dev/null; do
    if grep -aq '^\*\*\*\*\*\*\*\*\* Finished testing' "$report" 2>/dev/null; then
      for _ in $(seq 30); do kill -0 "$runner" 2>/dev/null || break; sleep 1; done
      if kill -0 "$runner" 2>/dev/null; then
        stuck=" (its report was complete, but the process had not ended 30 s later under Wine: stopped)"
        pkill -f "$exe" 2>/dev/null; sleep 1; kill "$runner" 2>/dev/null
      fi
      break
    fi
    sleep 1
  done
  wait "$runner"
  code=$?
  took=$(( $(date +%s) - start ))
  totals=$(grep -a '^Totals:' "$report" 2>/dev/null | tail -1)
  if [[ -n $stuck && $totals == *" 0 failed,"* ]]; then
    code=0
  fi
  if [[ $code -eq 0 ]]; then
    printf '%-24s PASS  %4d s   %s%s\n' "$suite" "$took" "$totals" "$stuck"
  else
    printf '%-24s FAIL  %4d s   exit %s  %s\n' "$suite" "$took" "$code" "${totals:-no report}"
    grep -a -E '^(FAIL!|   Loc|   Actual|   Expected)' "$report" 2>/dev/null | head -12 | sed 's/^/      /'
    failed+=("$suite")
  fi
done
echo
echo "Not run under Wine:"
for suite in "${!SKIPPED[@]}"; do printf '  %-22s %s\n' "$suite" "${SKIPPED[$suite]}"; done
echo
printf 'Wine: %d suites in %d s; %d failed%s\n' "${#SUITES[@]}" $(( $(date +%s) - total_start )) "${#failed[@]}" \
  "${failed[*]:+: ${failed[*]}}"
[[ ${#failed[@]} -eq 0 ]]
