#!/usr/bin/env bash
# Server benchmarks (issues 3 and 14): heartbeats from N paired licences with wrk (32 connections)
# for RS256 and EdDSA against the crypto floor measured in the same run, with group commit and
# with one sync per commit (--sync-each-commit, the server before issue 14); /api/license/health
# against a bare Beast server; heartbeats on PostgreSQL with one and with two server instances
# (BENCH_POSTGRES=0 skips); optional soak at half the measured peak (BENCH_SOAK_SECONDS=600) with
# RSS and WAL size every minute.
set -euo pipefail
BUILD=${1:-build-release}
here=$(cd "$(dirname "$0")" && pwd)
COUNT=${BENCH_LICENCES:-10000}
DURATION=${BENCH_SECONDS:-20}
SOAK=${BENCH_SOAK_SECONDS:-0}
THREADS=${BENCH_SERVER_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-3}
ROUND=${BENCH_ROUND_SECONDS:-8}
work=$(mktemp -d /tmp/hotelhub-bench.XXXXXX)
chmod 755 "$work" # PostgreSQL's own user reads its cluster folder inside
server_pid=""
other_pid=""
pg_stop=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  [[ -n "$other_pid" ]] && kill "$other_pid" 2>/dev/null || true
  [[ -n "$pg_stop" ]] && eval "$pg_stop" || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_health() { for _ in $(seq 200); do curl -sf "http://127.0.0.1:$1/api/license/health" >/dev/null 2>&1 && return 0; sleep 0.05; done; return 1; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
rate() { python3 -c "print(round($1 / ($2 / 1e6), 1))"; }
ratio() { python3 -c "print(round($1 / $2, 2))"; }

start_server() { # dir [extra server options…]
  local dir=$1
  shift
  port=$(free_port)
  "$BUILD/src/server/hotelhub-license-server" serve --db "${DB_SPEC:-sqlite:$dir/vendor.sqlite}" --keys "$dir/keys" \
      --listen "127.0.0.1:$port" --threads "$THREADS" --no-access-log --pair-rate 1000000 "$@" 2>>"$dir/server.log" &
  server_pid=$!
  wait_health "$port"
}
# A copy of the freshly paired store, so that each run starts from the same state.
fresh_db() { rm -f "$1/vendor.sqlite-wal" "$1/vendor.sqlite-shm"; cp "$1/vendor.pristine" "$1/vendor.sqlite"; }
stop_server() { kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""; }
rss_kib() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
rss_now() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# Two servers side by side and wrk against each in turn, $ROUNDS rounds of $ROUND s: a slower or
# faster stretch of this shared VM then touches both figures alike. Prints, for each of the two
# URLs, "REQUESTS DURATION_US ERRORS P50… | P99…" (the latencies of each round).
alternate() { # url_a url_b script [script args…]
  local a=$1 b=$2 script=$3
  shift 3
  local ra=0 da=0 ea=0 rb=0 db=0 eb=0 pa="" pb="" p5a="" p5b=""
  for round in $(seq 0 $(( ROUNDS - 1 ))); do
    for side in a b; do
      local url=$a o r d e
      [[ $side == b ]] && url=$b
      # Each round its own slice of the licences (heartbeat.lua): a run's renewed tokens live
      # only in that run's memory, so a later run starts from licences still at their pairing token.
      o=$(wrk -t1 -c32 -d"${ROUND}s" --latency -s "$script" "$url" -- "$@" "$round" "$ROUNDS" | grep '^WRK')
      r=$(field requests "$o"); d=$(field duration_us "$o"); e=$(( $(field non2xx "$o") + $(field errors "$o") ))
      if [[ $side == a ]]; then ra=$((ra + r)); da=$((da + d)); ea=$((ea + e)); pa="$pa $(field p99_ms "$o")"; p5a="$p5a $(field p50_ms "$o")"
      else rb=$((rb + r)); db=$((db + d)); eb=$((eb + e)); pb="$pb $(field p99_ms "$o")"; p5b="$p5b $(field p50_ms "$o")"; fi
    done
  done
  echo "$ra $da $ea $p5a | $pa"
  echo "$rb $db $eb $p5b | $pb"
}
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
# "REQUESTS DURATION ERRORS P50… | P99…" → "rate errors median-p50 median-p99"
summary() {
  local line=$1
  local head=${line%%|*} tail=${line#*|}
  set -- $head
  local reqs=$1 dur=$2 errs=$3
  shift 3
  echo "$(rate "$reqs" "$dur") $errs $(median "$@") $(median $tail)"
}

declare -A peak
for alg in rs256 eddsa; do
  dir="$work/$alg"; mkdir -p "$dir/each"
  "$BUILD/src/server/hotelhub-license-server" keys init --dir "$dir/keys" --alg "$alg" >/dev/null
  "$BUILD/bench/bench_server_setup" "sqlite:$dir/vendor.sqlite" "$dir/keys" "$COUNT" "$dir/tokens" >/dev/null
  cp "$dir/vendor.sqlite" "$dir/vendor.pristine"
  cp "$dir/vendor.sqlite" "$dir/each/vendor.sqlite"; cp -r "$dir/keys" "$dir/each/keys"
  floor=$("$BUILD/bench/bench_crypto_floor" "$alg" "$THREADS" 5)
  sign_floor=$("$BUILD/bench/bench_crypto_floor" "$alg" "$THREADS" 5 sign)
  start_server "$dir"; group_pid=$server_pid; group_port=$port
  start_server "$dir/each" --sync-each-commit; other_pid=$server_pid; each_port=$port; server_pid=$group_pid
  mapfile -t lines < <(alternate "http://127.0.0.1:$group_port" "http://127.0.0.1:$each_port" "$here/heartbeat.lua" "$dir/tokens" 0)
  read -r rps errs p50 p99 <<<"$(summary "${lines[0]}")"
  read -r erps eerrs ep50 ep99 <<<"$(summary "${lines[1]}")"
  peak[$alg]=$rps
  echo "server_heartbeat_$alg: $rps req/s (ratio $(ratio "$rps" "$floor") vs crypto_floor_$alg), p50 $p50 ms, p99 $p99 ms (medians of $ROUNDS rounds), errors $errs"
  echo "server_heartbeat_${alg}_sync_each_commit: $erps req/s (ratio $(ratio "$erps" "$floor") vs crypto_floor_$alg), p50 $ep50 ms, p99 $ep99 ms, errors $eerrs (one sync per commit, as before issue 14; alternating rounds)"
  echo "server_heartbeat_${alg}_group_vs_each: ratio $(ratio "$rps" "$erps")"
  echo "server_heartbeat_${alg}_peak_rss: $(( $(rss_kib "$group_pid") / 1024 )) MiB ($COUNT licences paired)"
  echo "server_heartbeat_${alg}_hotels_per_30min_window: $(python3 -c "print(int($rps*1800))")"
  echo "crypto_floor_$alg: $floor sign+verify/s on $THREADS threads"
  echo "crypto_floor_${alg}_sign_only: $sign_floor signatures/s on $THREADS threads (server_heartbeat_$alg ratio $(ratio "$rps" "$sign_floor") vs it: a token the server signed is not verified again)"
  kill -TERM "$other_pid"; wait "$other_pid" || true; other_pid=""
  stop_server
done

# /api/license/health against a bare Beast server on the same threads, in alternating rounds.
# Then both idle side by side: every thread's context switches over 10 s, after 2 s of quiet.
wakeups() { local t=0 f; for f in /proc/"$1"/task/*/status; do t=$(( t + $(awk '/ctxt_switches/ {s += $2} END {print s}' "$f") )); done; echo "$t"; }
fresh_db "$work/rs256"
start_server "$work/rs256"
bare_port=$(free_port)
"$BUILD/bench/bench_bare_beast" "$bare_port" "$THREADS" >/dev/null &
other_pid=$!
sleep 0.3
mapfile -t lines < <(alternate "http://127.0.0.1:$port/api/license/health" "http://127.0.0.1:$bare_port/" "$here/health.lua")
read -r ours errs p50 p99 <<<"$(summary "${lines[0]}")"
read -r bare berrs bp50 bp99 <<<"$(summary "${lines[1]}")"
sleep 2
a0=$(wakeups "$server_pid"); b0=$(wakeups "$other_pid")
sleep 10
a1=$(wakeups "$server_pid"); b1=$(wakeups "$other_pid")
kill "$other_pid"; wait "$other_pid" 2>/dev/null || true; other_pid=""
stop_server
echo "server_health: $ours req/s (ratio $(ratio "$ours" "$bare") vs bare_beast), p99 $p99 ms, errors $errs"
echo "bare_beast: $bare req/s, p99 $bp99 ms"
echo "server_idle_wakeups: $(python3 -c "print(round(($a1 - $a0) / 10, 1))")/s, bare_beast $(python3 -c "print(round(($b1 - $b0) / 10, 1))")/s (all threads, 10 s idle)"

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ ${BENCH_POSTGRES:-1} != 0 && -n "$pgbin" ]]; then
  # PostgreSQL with its defaults (fsync on, synchronous_commit on): the scale-out path, EdDSA.
  as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  pgdir="$work/pg"; mkdir -p "$pgdir"; [[ $(id -u) -eq 0 ]] && chown postgres "$pgdir"
  as_postgres "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres -E UTF8 >/dev/null
  pgport=$(free_port)
  as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -t 30 -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=50" start >/dev/null
  pg_stop="as_postgres $pgbin/pg_ctl -D $pgdir/data -m fast -w stop >/dev/null"
  as_postgres "$pgbin/createdb" -h 127.0.0.1 -p "$pgport" -U postgres hotelhub_bench
  DB_SPEC="postgresql://postgres@127.0.0.1:$pgport/hotelhub_bench"
  dir="$work/eddsa"
  "$BUILD/bench/bench_server_setup" "$DB_SPEC" "$dir/keys" "$COUNT" "$dir/pg-tokens" >/dev/null
  export DB_SPEC
  start_server "$dir"
  # The even licences here, the odd ones for the two instances below (heartbeat.lua's slices).
  out=$(wrk -t1 -c32 -d"${DURATION}s" --latency -s "$here/heartbeat.lua" "http://127.0.0.1:$port" -- "$dir/pg-tokens" 0 0 2 | grep '^WRK')
  stop_server
  one=$(rate "$(field requests "$out")" "$(field duration_us "$out")")
  echo "postgres_heartbeat_eddsa_1_instance: $one req/s, p50 $(field p50_ms "$out") ms, p99 $(field p99_ms "$out") ms, errors $(( $(field non2xx "$out") + $(field errors "$out") ))"
  # Two instances on the same database (and the same two cores), 16 connections each.
  start_server "$dir"; first_pid=$server_pid; first_port=$port
  start_server "$dir"; second_pid=$server_pid; second_port=$port
  wrk -t1 -c16 -d"${DURATION}s" --latency -s "$here/heartbeat.lua" "http://127.0.0.1:$first_port" -- "$dir/pg-tokens" 0 1 4 >"$work/pg1.out" &
  w1=$!
  wrk -t1 -c16 -d"${DURATION}s" --latency -s "$here/heartbeat.lua" "http://127.0.0.1:$second_port" -- "$dir/pg-tokens" 0 3 4 >"$work/pg2.out"
  wait "$w1"
  kill -TERM "$first_pid" "$second_pid"; wait "$first_pid" "$second_pid" || true; server_pid=""
  o1=$(grep '^WRK' "$work/pg1.out"); o2=$(grep '^WRK' "$work/pg2.out")
  r1=$(rate "$(field requests "$o1")" "$(field duration_us "$o1")"); r2=$(rate "$(field requests "$o2")" "$(field duration_us "$o2")")
  echo "postgres_heartbeat_eddsa_2_instances: $(python3 -c "print(round($r1 + $r2, 1))") req/s ($r1 + $r2), p99 $(field p99_ms "$o1") / $(field p99_ms "$o2") ms, errors $(( $(field non2xx "$o1") + $(field errors "$o1") + $(field non2xx "$o2") + $(field errors "$o2") ))"
  unset DB_SPEC
  eval "$pg_stop"; pg_stop=""
else
  echo "postgres_heartbeat: skipped (BENCH_POSTGRES=0 or PostgreSQL not installed)"
fi

if (( SOAK > 0 )); then
  # Half the RS256 peak, paced per connection with wrk's delay(): 16 connections. RSS and the
  # WAL's size are read every minute.
  target=$(python3 -c "print(${peak[rs256]} / 2)")
  delay=$(python3 -c "print(max(1, int(16 * 1000 / $target)))")
  fresh_db "$work/rs256"
  start_server "$work/rs256"
  first=$(rss_now "$server_pid")
  wal() { stat -c %s "$work/rs256/vendor.sqlite-wal" 2>/dev/null || echo 0; }
  samples="$first"; wals="$(( $(wal) / 1024 ))"
  wrk -t1 -c16 -d"${SOAK}s" --latency -s "$here/heartbeat.lua" "http://127.0.0.1:$port" -- "$work/rs256/tokens" "$delay" >"$work/soak.out" &
  wrk_pid=$!
  minute=0
  while kill -0 "$wrk_pid" 2>/dev/null; do
    sleep 5
    minute=$(( minute + 5 ))
    if (( minute % 60 == 0 )); then samples="$samples $(rss_now "$server_pid")"; wals="$wals $(( $(wal) / 1024 ))"; fi
  done
  out=$(grep '^WRK' "$work/soak.out")
  last=$(rss_now "$server_pid")
  stop_server
  soak_rps=$(rate "$(field requests "$out")" "$(field duration_us "$out")")
  echo "soak_${SOAK}s: $soak_rps req/s (target $target), errors $(( $(field non2xx "$out") + $(field errors "$out") )), p50 $(field p50_ms "$out") ms, p99 $(field p99_ms "$out") ms"
  echo "soak_rss_kib: first $first last $last, each minute [$samples]"
  echo "soak_wal_kib: each minute [$wals]"
fi
