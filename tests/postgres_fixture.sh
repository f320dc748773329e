#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on loopback for the multi-instance server tests (ctest fixture).
#   postgres_fixture.sh start URL_FILE    → writes postgresql://postgres@127.0.0.1:PORT/hotelhub_test to URL_FILE
#   postgres_fixture.sh stop  URL_FILE
#   postgres_fixture.sh restart|pause|resume URL_FILE   → pg_ctl restart -m fast / stop -m fast / start,
#                                                          keeping the data (the database-fault tests)
set -euo pipefail
cmd=$1
url_file=$2
state_file="$url_file.dir"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$pgbin" ]]; then
  echo "PostgreSQL is not installed (apt-get install postgresql); ./run.sh test installs it." >&2
  exit 1
fi
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
start)
  dir=$(mktemp -d /tmp/hotelhub-pg.XXXXXX)
  [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
  as_postgres "$pgbin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 >/dev/null
  for port in $(shuf -i 41000-59000 -n 8); do
    if as_postgres "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
         -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; then
      as_postgres "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres hotelhub_test
      echo "$dir" > "$state_file"
      echo "postgresql://postgres@127.0.0.1:$port/hotelhub_test" > "$url_file"
      echo "PostgreSQL test cluster on 127.0.0.1:$port ($dir)"
      exit 0
    fi
  done
  cat "$dir/log" >&2 || true
  exit 1
  ;;
stop)
  if [[ -f "$state_file" ]]; then
    dir=$(cat "$state_file")
    as_postgres "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir" "$state_file" "$url_file"
  fi
  ;;
restart|pause|resume)
  dir=$(cat "$state_file")
  port=$(sed -E 's|.*:([0-9]+)/.*|\1|' "$url_file")
  opts="-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off"
  case "$cmd" in
    restart) as_postgres "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -m fast -w -t 30 -o "$opts" restart >/dev/null ;;
    pause) as_postgres "$pgbin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null ;;
    resume) as_postgres "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 -o "$opts" start >/dev/null ;;
  esac
  ;;
*) echo "usage: $0 start|stop|restart|pause|resume URL_FILE" >&2; exit 2 ;;
esac
