#!/usr/bin/env bash
# A throw-away PostgreSQL + PostGIS cluster for benchmarks and tests, on loopback only.
#   Tools/postgis-scratch.sh start [DIR]   → prints "host=127.0.0.1 port=PORT user=postgres dbname=postgres"
#   Tools/postgis-scratch.sh stop [DIR]
# Needs Debian's postgresql-15-postgis-3. Run as root (the cluster then runs as user postgres) or as any user.
set -euo pipefail
action=${1:?start or stop}
dir=${2:-/tmp/maillage-postgis}
port=${MAILLAGE_PG_PORT:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql-15-postgis-3)" >&2; exit 3; }

as_owner() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "$action" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "'$bin/initdb' -D '$dir/data' -A trust -U postgres" >/dev/null
    fi
    if ! as_owner "'$bin/pg_ctl' -D '$dir/data' status" >/dev/null 2>&1; then
        as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=512MB -c work_mem=256MB\" start" </dev/null >/dev/null 2>&1
    fi
    psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null 2>&1
    echo "host=127.0.0.1 port=$port user=postgres dbname=postgres"
    ;;
stop)
    as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop" >/dev/null 2>&1 || true
    ;;
*)
    echo "usage: $0 start|stop [DIR]" >&2; exit 2
    ;;
esac
