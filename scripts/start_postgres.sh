#!/usr/bin/env bash
# Start a local PostgreSQL on loopback for pressfacts (tests/test_database.py, `extract load --db`).
#
#   export PRESSFACTS_PG_URL="$(bash scripts/start_postgres.sh)"
#
# Idempotent and quick when PostgreSQL is already installed and running: installs Debian's
# `postgresql` only when no server binaries are found, creates a cluster only when there is none,
# starts it only when it is down, and (re)sets the role's password so the printed URL works.
# Prints the URL on stdout; everything else goes to stderr. Run as root (or with sudo).
set -euo pipefail

PG_USER="${PRESSFACTS_PG_USER:-pressfacts}"
PG_PASSWORD="${PRESSFACTS_PG_PASSWORD:-pressfacts}"
PG_DB="${PRESSFACTS_PG_DB:-pressfacts}"
PG_PORT="${PRESSFACTS_PG_PORT:-5432}"

log() { echo "start_postgres: $*" >&2; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else log "needs root (or sudo) to install and start PostgreSQL"; exit 1
  fi
}
as_postgres() { as_root runuser -u postgres -- "$@"; }

if ! compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
  log "installing Debian's postgresql package"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

# The cluster on our port, else a new one there (Debian's package usually makes `main` on 5432).
cluster="$(pg_lsclusters -h | awk -v port="$PG_PORT" '$3 == port {print $1, $2; exit}')"
if [ -z "$cluster" ]; then
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  name=main
  if pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then name=pressfacts; fi
  log "creating cluster $version $name on port $PG_PORT"
  as_root pg_createcluster --port "$PG_PORT" "$version" "$name" >&2
  cluster="$version $name"
fi
read -r version name <<<"$cluster"

if ! pg_lsclusters -h | awk -v v="$version" -v n="$name" '$1 == v && $2 == n {print $4}' | grep -q online; then
  log "starting cluster $version $name"
  as_root pg_ctlcluster "$version" "$name" start >&2
fi

for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$PG_PORT" >&2 || { log "server on 127.0.0.1:$PG_PORT did not become ready"; exit 1; }

UTF8_DATABASE="ENCODING 'UTF8' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'"
psql_admin() { as_postgres psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qtAX "$@"; }
# CREATEDB: the tests give each test a database of its own, so several runs can share one server.
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]; then
  psql_admin -c "CREATE ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
else
  psql_admin -c "ALTER ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
  # UTF8 whatever the cluster's default: a cluster made without a locale is SQL_ASCII.
  psql_admin -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_USER\" $UTF8_DATABASE"
fi

echo "postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
