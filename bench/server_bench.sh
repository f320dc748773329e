#!/usr/bin/env bash
# Server benchmarks (issue 3): heartbeats from N paired licences with wrk (32 connections) for
# RS256 and EdDSA against the crypto floor measured in the same run; /api/license/health against
# a bare Beast server; optional soak at half the measured peak (BENCH_SOAK_SECONDS=600).
set -euo pipefail
BUILD=${1:-build-release}
here=$(cd "$(dirname "$0")" && pwd)
COUNT=${BENCH_LICENCES:-10000}
DURATION=${BENCH_SECONDS:-20}
SOAK=${BENCH_SOAK_SECONDS:-0}
THREADS=${BENCH_SERVER_THREADS:-2}
work=$(mktemp -d /tmp/hotelhub-bench.XXXXXX)
server_pid=""
cleanup() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_health() { for _ in $(seq 200); do curl -sf "http://127.0.0.1:$1/api/license/health" >/dev/null 2>&1 && return 0; sleep 0.05; done; return 1; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
rate() { python3 -c "print(round($1 / ($2 / 1e6), 1))"; }
ratio() { python3 -c "print(round($1 / $2, 2))"; }

start_server() { # dir alg
  local dir=$1
  port=$(free_port)
  "$BUILD/src/server/hotelhub-license-server" serve --db "sqlite:$dir/vendor.sqlite" --keys "$dir/keys" \
      --listen "127.0.0.1:$port" --threads "$THREADS" --no-access-log --pair-rate 1000000 2>"$dir/server.log" &
  server_pid=$!
  wait_health "$port"
}
stop_server() { kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""; }
rss_kib() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
rss_now() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

declare -A peak
for alg in rs256 eddsa; do
  dir="$work/$alg"; mkdir -p "$dir"
  "$BUILD/src/server/hotelhub-license-server" keys init --dir "$dir/keys" --alg "$alg" >/dev/null
  "$BUILD/bench/bench_server_setup" "sqlite:$dir/vendor.sqlite" "$dir/keys" "$COUNT" "$dir/tokens" >/dev/null
  floor=$("$BUILD/bench/bench_crypto_floor" "$alg" "$THREADS" 5)
  start_server "$dir"
  out=$(wrk -t1 -c32 -d"${DURATION}s" --latency -s "$here/heartbeat.lua" "http://127.0.0.1:$port" -- "$dir/tokens" | grep '^WRK')
  rps=$(rate "$(field requests "$out")" "$(field duration_us "$out")")
  peak[$alg]=$rps
  echo "server_heartbeat_$alg: $rps req/s (ratio $(ratio "$rps" "$floor") vs crypto_floor_$alg)"
  echo "crypto_floor_$alg: $floor sign+verify/s on $THREADS threads"
  echo "server_heartbeat_${alg}_p50: $(field p50_ms "$out") ms"
  echo "server_heartbeat_${alg}_p99: $(field p99_ms "$out") ms"
  echo "server_heartbeat_${alg}_errors: $(( $(field non2xx "$out") + $(field errors "$out") )) (non-2xx + socket errors)"
  echo "server_heartbeat_${alg}_peak_rss: $(( $(rss_kib "$server_pid") / 1024 )) MiB ($COUNT licences paired)"
  echo "server_heartbeat_${alg}_hotels_per_30min_window: $(python3 -c "print(int($rps*1800))")"
  stop_server
done

# /api/license/health against a bare Beast server on the same threads.
start_server "$work/rs256"
out=$(wrk -t1 -c32 -d"${DURATION}s" --latency -s "$here/health.lua" "http://127.0.0.1:$port/api/license/health" | grep '^WRK')
ours=$(rate "$(field requests "$out")" "$(field duration_us "$out")")
stop_server
bare_port=$(free_port)
"$BUILD/bench/bench_bare_beast" "$bare_port" "$THREADS" >/dev/null &
bare_pid=$!
sleep 0.3
bout=$(wrk -t1 -c32 -d"${DURATION}s" --latency -s "$here/health.lua" "http://127.0.0.1:$bare_port/" | grep '^WRK')
kill "$bare_pid"; wait "$bare_pid" 2>/dev/null || true
bare=$(rate "$(field requests "$bout")" "$(field duration_us "$bout")")
echo "server_health: $ours req/s (ratio $(ratio "$ours" "$bare") vs bare_beast), p99 $(field p99_ms "$out") ms, errors $(( $(field non2xx "$out") + $(field errors "$out") ))"
echo "bare_beast: $bare req/s"

if (( SOAK > 0 )); then
  # Half the RS256 peak, paced per connection with wrk's delay(): 16 connections.
  target=$(python3 -c "print(${peak[rs256]} / 2)")
  delay=$(python3 -c "print(max(1, int(16 * 1000 / $target)))")
  start_server "$work/rs256"
  first=$(rss_now "$server_pid")
  samples="$first"
  wrk -t1 -c16 -d"${SOAK}s" --latency -s "$here/heartbeat.lua" "http://127.0.0.1:$port" -- "$work/rs256/tokens" "$delay" >"$work/soak.out" &
  wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do sleep 30; samples="$samples $(rss_now "$server_pid")"; done
  out=$(grep '^WRK' "$work/soak.out")
  last=$(rss_now "$server_pid")
  stop_server
  soak_rps=$(rate "$(field requests "$out")" "$(field duration_us "$out")")
  echo "soak_${SOAK}s: $soak_rps req/s (target $target), errors $(( $(field non2xx "$out") + $(field errors "$out") )), p99 $(field p99_ms "$out") ms"
  echo "soak_rss_kib: first $first last $last samples [$samples]"
fi
