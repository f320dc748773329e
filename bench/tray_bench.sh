#!/usr/bin/env bash
# GET /panel/license/status latency on loopback with wrk (issue 6: p99 < 2 ms): a paired
# install, hotelhub-tray offscreen, 4 connections for 10 s. Usage: bench/tray_bench.sh BUILD_DIR
set -euo pipefail
build=$1
dir=$(mktemp -d)
pid=""
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$build/bench/bench_tray_prepare" "$dir"
QT_QPA_PLATFORM=offscreen HOTELHUB_KEYSTORE=file "$build/src/tray/hotelhub-tray" --data-dir "$dir" --api-listen "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do [[ -f "$dir/local-api.token" ]] && break; sleep 0.1; done
sleep 0.5
token=$(cat "$dir/local-api.token")
out=$(wrk -t1 -c4 -d10s --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port/panel/license/status")
p50=$(awk '$1=="50%"{print $2}' <<<"$out")
p99=$(awk '$1=="99%"{print $2}' <<<"$out")
rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
non2xx=$(awk '/Non-2xx/{print $5}' <<<"$out")
echo "tray_status_latency: p50 $p50, p99 $p99, $rps req/s, non-2xx ${non2xx:-0} (goal p99 < 2 ms)"
