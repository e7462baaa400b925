#!/usr/bin/env bash
# Starts a private PostgreSQL server for tests and benchmarks: its own data directory and port,
# on loopback only, fsync on. The only line on stdout is the Npgsql connection string, starting
# "Host="; everything else (warnings, progress) goes to stderr. Exits non-zero when the server did
# not start. Callers look for the Host= line, never for "the last line".
#   deploy/postgres/start-private.sh DATA_DIR [PORT]     start (initdb when DATA_DIR is empty)
#   deploy/postgres/start-private.sh --stop DATA_DIR      stop
# Works from any directory: as root the server runs as the postgres user, who may not be able to
# enter the caller's directory (a mktemp -d of mode 700), so the script works from / with absolute paths.
# Installs nothing: .ci/run installs Debian's postgresql package when it is missing.
set -euo pipefail

absolute() { case "$1" in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }

find_bin() {
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

bin=$(find_bin) || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 3; }
as_pg() {
  # initdb and postgres refuse to run as root: run them as the postgres user when we are root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "--stop" ]; then
  data=$(absolute "${2:?usage: start-private.sh --stop DATA_DIR}")
  cd /
  as_pg "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi

data=$(absolute "${1:?usage: start-private.sh DATA_DIR [PORT]}")
cd /
port=${2:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
mkdir -p "$data"
[ "$(id -u)" = 0 ] && chown postgres: "$data" && chmod 700 "$data"
if [ ! -f "$data/PG_VERSION" ]; then
  as_pg "$bin/initdb" -D "$data" -U metering --auth=trust -E UTF8 --locale=C.UTF-8 >&2
fi
if ! as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
  -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$data -c max_connections=300 -c fsync=on" start >&2; then
  echo "PostgreSQL did not start; $data/server.log says:" >&2
  tail -n 20 "$data/server.log" >&2 || true
  as_pg "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  exit 4
fi
echo "Host=127.0.0.1;Port=$port;Username=metering;Database=postgres"
