#!/usr/bin/env bash
# bench_tray_idle with a tray host: an X server (Xvfb) and a panel with a notification area
# (trayer, Debian), so the tray's icon docks and its windows stay hidden, as on an owner's desktop;
# the bare app's icon docks too. Usage: bench/tray_docked.sh BUILD_DIR
set -euo pipefail
build=$1
if ! command -v Xvfb >/dev/null || ! command -v trayer >/dev/null; then
  echo "tray_docked: not measured (Xvfb and trayer are not installed; ./run.sh test installs them)"
  exit 0
fi
xvfb=""; panel=""
trap '[[ -n $panel ]] && kill $panel 2>/dev/null; [[ -n $xvfb ]] && kill $xvfb 2>/dev/null; true' EXIT
display=""
for n in $(seq 90 120); do
  [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] && continue
  display=":$n"; break
done
[[ -n $display ]] || { echo "tray_docked: no free X display number"; exit 1; }
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X${display#:} ]] && break; sleep 0.1; done
DISPLAY=$display trayer --edge bottom --SetDockType true >/dev/null 2>&1 &
panel=$!
sleep 1
DISPLAY=$display BENCH_TRAY_PLATFORM=xcb "$build/bench/bench_tray_idle" "$build/src/tray/hotelhub-tray" "$build/bench/bench_bare_tray"
