#!/usr/bin/env bash
# Runs a local cluster: 3 silos (each with the CIM gateway) against one PostgreSQL, on this machine.
#   deploy/cluster/run-local.sh start [N]     build, start a private PostgreSQL (unless METERING_PG_CONNECTION
#                                             is set), migrate, start N silos (default 3)
#   deploy/cluster/run-local.sh status        health of each silo
#   deploy/cluster/run-local.sh kill I        kill silo I (a real SIGKILL, no graceful stop)
#   deploy/cluster/run-local.sh restart I     start silo I again
#   deploy/cluster/run-local.sh stop          stop the silos and the private PostgreSQL
# Silo I listens for HTTP on 127.0.0.1:(5080+I), silo port 11110+I, gateway port 30000+I.
# State lives in ${METERING_CLUSTER_DIR:-/tmp/metering-cluster}.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=${METERING_CLUSTER_DIR:-/tmp/metering-cluster}
mkdir -p "$dir"
bin="$dir/bin"

connection() {
  if [ -n "${METERING_PG_CONNECTION:-}" ]; then echo "$METERING_PG_CONNECTION"; else cat "$dir/pg.connection"; fi
}

start_silo() {
  local i=$1
  ( cd "$root" && nohup dotnet "$bin/Orleans.Metering.Silo.dll" \
      --urls "http://127.0.0.1:$((5080 + i))" \
      --Metering:Storage=Postgres --ConnectionStrings:Metering="$(connection)" \
      --Metering:MigrateOnStart=false \
      --Orleans:SiloPort=$((11110 + i)) --Orleans:GatewayPort=$((30000 + i)) \
      > "$dir/silo$i.log" 2>&1 & echo $! > "$dir/silo$i.pid" )
}

wait_ready() {
  local i=$1
  for _ in $(seq 1 90); do
    curl -fs "http://127.0.0.1:$((5080 + i))/health/ready" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "silo $i did not become ready; see $dir/silo$i.log" >&2
  return 1
}

case "${1:-}" in
  start)
    n=${2:-3}
    dotnet publish "$root/src/Orleans.Metering.Silo" -c Release -o "$bin" --nologo -v quiet
    if [ -z "${METERING_PG_CONNECTION:-}" ]; then
      bash "$root/deploy/postgres/start-private.sh" "$dir/pgdata" | tail -n 1 > "$dir/pg.connection"
      psql "$(sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Database=/dbname=/' "$dir/pg.connection")" \
        -c "CREATE DATABASE metering" >/dev/null 2>&1 || true
      sed -i 's/Database=postgres/Database=metering/' "$dir/pg.connection"
    fi
    (cd "$root" && dotnet "$bin/Orleans.Metering.Silo.dll" migrate --Metering:Storage=Postgres --ConnectionStrings:Metering="$(connection)")
    echo "$n" > "$dir/silos"
    for i in $(seq 1 "$n"); do start_silo "$i"; done
    for i in $(seq 1 "$n"); do wait_ready "$i"; echo "silo $i ready: http://127.0.0.1:$((5080 + i))"; done
    ;;
  status)
    for i in $(seq 1 "$(cat "$dir/silos" 2>/dev/null || echo 3)"); do
      printf 'silo %s: ' "$i"; curl -s "http://127.0.0.1:$((5080 + i))/health/ready" || echo "down"; echo
    done
    ;;
  kill)
    kill -9 "$(cat "$dir/silo$2.pid")" && echo "silo $2 killed"
    ;;
  restart)
    start_silo "$2"; wait_ready "$2"; echo "silo $2 ready"
    ;;
  stop)
    for f in "$dir"/silo*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
    sleep 2
    [ -d "$dir/pgdata" ] && bash "$root/deploy/postgres/start-private.sh" --stop "$dir/pgdata"
    echo stopped
    ;;
  *)
    sed -n '2,10p' "$0"; exit 2
    ;;
esac
