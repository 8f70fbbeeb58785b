#!/usr/bin/env bash
# A throw-away PostgreSQL + PostGIS cluster on 127.0.0.1 for tests and benchmarks (never a system cluster).
#   bash scripts/pg_cluster.sh start DIR   -> initdb + start in DIR, prints "export PG…" lines (also in DIR/env.sh)
#   bash scripts/pg_cluster.sh stop DIR    -> stop the cluster and remove DIR
# PostgreSQL refuses to run as root, so as root the cluster runs as the unprivileged system user 'postgres'.
set -euo pipefail
cmd="${1:?start|stop}"; dir="${2:?data folder}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "PostgreSQL ontbreekt; voer scripts/setup.sh uit." >&2; exit 1; }
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
start)
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  chmod 700 "$dir"
  port="${WIJKATLAS_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
  password="$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
  printf '%s\n' "$password" > "$dir/.pw"; [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/.pw"
  as_owner "$bin/initdb" -D "$dir/data" -U wijkatlas_admin --pwfile="$dir/.pw" -A scram-sha-256 -E UTF8 \
    --locale=C.UTF-8 >/dev/null
  rm -f "$dir/.pw"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=off" start >/dev/null
  umask 077  # env.sh holds the throw-away cluster's password: readable by its creator only
  cat > "$dir/env.sh" <<ENV
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=wijkatlas_admin PGPASSWORD=$password PGDATABASE=postgres
export WIJKATLAS_PG_DIR=$dir
ENV
  # shellcheck disable=SC1091
  . "$dir/env.sh"
  psql -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE wijkatlas" >/dev/null
  psql -q -v ON_ERROR_STOP=1 -d wijkatlas -c "CREATE EXTENSION postgis" >/dev/null
  cat "$dir/env.sh"
  ;;
stop)
  if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  ;;
*) echo "gebruik: $0 start|stop MAP" >&2; exit 2 ;;
esac
