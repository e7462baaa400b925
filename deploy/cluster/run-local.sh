#!/usr/bin/env bash
# Runs a local cluster on this machine: 3 silos (each with the CIM gateway) and the simulated
# head-end as its own process, against one PostgreSQL. See deploy/cluster/README.md.
#   deploy/cluster/run-local.sh start [N]     build, start a private PostgreSQL (unless METERING_PG_CONNECTION
#                                             is set), migrate, start the head-end and N silos (default 3)
#   deploy/cluster/run-local.sh status        health of the head-end and of each silo
#   deploy/cluster/run-local.sh kill I        kill silo I (a real SIGKILL, no graceful stop)
#   deploy/cluster/run-local.sh restart I     start silo I again
#   deploy/cluster/run-local.sh outage [S]    stop the private PostgreSQL (immediate) for S seconds (default 15), then start it again
#   deploy/cluster/run-local.sh simulate ...  the simulated fleet through all gateways, journalled (simulate --journal; extra options passed on)
#   deploy/cluster/run-local.sh check         every journalled (acknowledged) reading stored, every accepted control final once
#   deploy/cluster/run-local.sh replies [N]   N asynchronous controls over all gateways: each reply POSTed exactly once (tools replies)
#   deploy/cluster/run-local.sh drill         the whole failure drill: simulate, kill silo 3, outage, restart, check
#   deploy/cluster/run-local.sh stop [--keep] stop the silos, the head-end and the private PostgreSQL, then remove what
#                                             start made in $METERING_CLUSTER_DIR (binaries, database, logs, journal) unless --keep
# Silo I listens for HTTP on 127.0.0.1:(5080+I), silo port 11110+I, gateway port 30000+I; the
# head-end on 127.0.0.1:5070. State and logs live in ${METERING_CLUSTER_DIR:-/tmp/metering-cluster}.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=${METERING_CLUSTER_DIR:-/tmp/metering-cluster}
mkdir -p "$dir"
bin="$dir/bin"
tools_bin="$dir/tools"
headend_url=http://127.0.0.1:5070

connection() {
  if [ -n "${METERING_PG_CONNECTION:-}" ]; then echo "$METERING_PG_CONNECTION"; else cat "$dir/pg.connection"; fi
}

silos() { cat "$dir/silos" 2>/dev/null || echo 3; }

silo_urls() {
  local urls=() i
  for i in $(seq 1 "$(silos)"); do urls+=("http://127.0.0.1:$((5080 + i))"); done
  (IFS=,; echo "${urls[*]}")
}

silo() { ( cd "$root" && dotnet "$bin/Orleans.Metering.Silo.dll" "$@" ); }
tools() { ( cd "$root" && dotnet "$tools_bin/Orleans.Metering.Tools.dll" "$@" ); }

# Each process is started in the background on its own (so that $! is its pid, and kill -9 kills it),
# with no terminal or pipe of ours held open.
start_headend() {
  ( cd "$root" || exit 1
    nohup dotnet "$tools_bin/Orleans.Metering.Tools.dll" headend \
      --urls "$headend_url" --Metering:HeadEnd:PlatformUrls="$(silo_urls)" \
      --Metering:SimulatedHeadEnd:Delay="${METERING_DEVICE_DELAY:-00:00:02}" \
      < /dev/null > "$dir/headend.log" 2>&1 &
    echo $! > "$dir/headend.pid" )
}

start_silo() {
  local i=$1
  ( cd "$root" || exit 1
    nohup dotnet "$bin/Orleans.Metering.Silo.dll" \
      --urls "http://127.0.0.1:$((5080 + i))" \
      --Metering:Storage=Postgres --ConnectionStrings:Metering="$(connection)" \
      --Metering:MigrateOnStart=false \
      --Metering:HeadEnd:Url="$headend_url" \
      --Orleans:SiloPort=$((11110 + i)) --Orleans:GatewayPort=$((30000 + i)) \
      < /dev/null > "$dir/silo$i.log" 2>&1 &
    echo $! > "$dir/silo$i.pid" )
}

wait_url() {
  local url=$1 what=$2 log=$3
  for _ in $(seq 1 90); do
    curl -fs "$url" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "$what did not become ready; see $log" >&2
  return 1
}

wait_ready() { wait_url "http://127.0.0.1:$((5080 + $1))/health/ready" "silo $1" "$dir/silo$1.log"; }

pg_port() { connection | sed -n 's/.*Port=\([0-9]*\).*/\1/p'; }

pg_ctl_bin() { ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | head -n 1 || command -v pg_ctl; }

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

first_live_url() {
  local i
  for i in $(seq 1 "$(silos)"); do
    curl -fs "http://127.0.0.1:$((5080 + i))/health/ready" >/dev/null 2>&1 && { echo "http://127.0.0.1:$((5080 + i))"; return 0; }
  done
  echo "http://127.0.0.1:5081"
}

case "${1:-}" in
  start)
    n=${2:-3}
    dotnet publish "$root/src/Orleans.Metering.Silo" -c Release -o "$bin" --nologo -v quiet
    dotnet publish "$root/src/Orleans.Metering.Tools" -c Release -o "$tools_bin" --nologo -v quiet
    if [ -z "${METERING_PG_CONNECTION:-}" ]; then
      bash "$root/deploy/postgres/start-private.sh" "$dir/pgdata" | grep '^Host=' > "$dir/pg.connection"
      psql "$(sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Database=/dbname=/' "$dir/pg.connection")" \
        -c "CREATE DATABASE metering" >/dev/null 2>&1 || true
      sed -i 's/Database=postgres/Database=metering/' "$dir/pg.connection"
    fi
    silo migrate --Metering:Storage=Postgres --ConnectionStrings:Metering="$(connection)"
    echo "$n" > "$dir/silos"
    start_headend
    for i in $(seq 1 "$n"); do start_silo "$i"; done
    wait_url "$headend_url/health" "the head-end" "$dir/headend.log"; echo "head-end ready: $headend_url"
    for i in $(seq 1 "$n"); do wait_ready "$i"; echo "silo $i ready: http://127.0.0.1:$((5080 + i))"; done
    ;;
  status)
    printf 'head-end: '; curl -s "$headend_url/health" || printf 'down'; echo
    for i in $(seq 1 "$(silos)"); do
      printf 'silo %s: ' "$i"; curl -s "http://127.0.0.1:$((5080 + i))/health/ready" || printf 'down'; echo
    done
    ;;
  kill)
    kill -9 "$(cat "$dir/silo$2.pid")" && echo "silo $2 killed"
    ;;
  restart)
    start_silo "$2"; wait_ready "$2"; echo "silo $2 ready"
    ;;
  outage)
    [ -n "${METERING_PG_CONNECTION:-}" ] && { echo "outage needs the script's private PostgreSQL (METERING_PG_CONNECTION is set)" >&2; exit 2; }
    seconds=${2:-15}; port=$(pg_port)
    as_pg "$(pg_ctl_bin)" -D "$dir/pgdata" -m immediate -w stop >/dev/null
    echo "PostgreSQL stopped (immediate) for ${seconds} s"
    sleep 2; "$0" status || true
    sleep "$((seconds > 2 ? seconds - 2 : 0))"
    bash "$root/deploy/postgres/start-private.sh" "$dir/pgdata" "$port" >/dev/null
    echo "PostgreSQL started again on port $port"
    ;;
  simulate)
    shift
    tools simulate --url "$(silo_urls)" --journal "$dir/journal" "$@"
    ;;
  check)
    tools check --journal "$dir/journal" --url "$(first_live_url)"
    ;;
  replies)
    tools replies --url "$(silo_urls)" --controls "${2:-30}"
    ;;
  drill)
    rm -f "$dir/journal"
    "$0" simulate --meters "${DRILL_METERS:-200}" --days 3 --meters-per-message 5 --rate 4 --controls 40 > "$dir/simulate.log" 2>&1 &
    sim=$!
    sleep 10; "$0" kill 3
    sleep 10; "$0" outage 15
    "$0" restart 3
    echo "waiting for the fleet to finish (log: $dir/simulate.log)"
    wait "$sim" || echo "simulate reported messages it gave up on (see $dir/simulate.log)"
    cat "$dir/simulate.log"
    sleep 5   # the last controls' outcomes (device delay ${METERING_DEVICE_DELAY:-00:00:02})
    "$0" check
    ;;
  stop)
    pids=()
    for f in "$dir"/silo*.pid "$dir/headend.pid"; do
      [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null && pids+=("$(cat "$f")")
      rm -f "$f"
    done
    # A silo leaves the cluster gracefully (up to 30 s), then it is killed.
    for _ in $(seq 1 30); do
      alive=(); for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
      [ ${#alive[@]} -eq 0 ] && break
      sleep 1
    done
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    [ -d "$dir/pgdata" ] && bash "$root/deploy/postgres/start-private.sh" --stop "$dir/pgdata"
    if [ "${2:-}" = --keep ]; then
      echo "stopped; data, logs and binaries kept in $dir"
    else
      # Only what this script makes: METERING_CLUSTER_DIR may name a folder that holds other things too.
      rm -rf "$dir/pgdata" "$bin" "$tools_bin" "$dir"/*.log "$dir"/*.pid "$dir/journal" "$dir/silos" "$dir/pg.connection"
      if rmdir "$dir" 2>/dev/null; then echo "stopped; $dir removed (stop --keep keeps it)"
      else echo "stopped; what start made in $dir removed, other files left there (stop --keep keeps all)"; fi
    fi
    ;;
  *)
    sed -n '2,17p' "$0"; exit 2
    ;;
esac
