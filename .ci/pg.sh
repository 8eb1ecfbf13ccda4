#!/usr/bin/env bash
# A throwaway PostgreSQL server for the PostgreSQL tests, the example and the
# bench: a fresh cluster (initdb) in a temporary folder, on a free port of
# 127.0.0.1, trust authentication, nothing shared with a system cluster.
#
#   eval "$(bash .ci/pg.sh start)"   # prints the exports: LAWFUL_CRM_PG_URL, LAWFUL_CRM_PG_DIR
#   npx vitest run test/emmett/postgres
#   bash .ci/pg.sh stop              # stops the server of $LAWFUL_CRM_PG_DIR and deletes the folder
#
# Installs Debian's `postgresql` package when initdb is missing (root only).
# PostgreSQL refuses to run as root, so as root the cluster belongs to the
# `postgres` user that the Debian package creates (or to `lawfulpg`, created
# here when that user is missing); as another user it runs as that user.
# Everything it prints on stdout is shell to eval; progress goes to stderr.
set -euo pipefail

log() { echo "pg.sh: $*" >&2; }

pg_bindir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo ""
}

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$OWNER" -- "$@"; else "$@"; fi
}

start() {
  local bindir
  bindir="$(pg_bindir)"
  if [ -z "$bindir" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      log "PostgreSQL is not installed and this script is not root: install the Debian package postgresql first."
      exit 1
    fi
    log "installing the Debian package postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    bindir="$(pg_bindir)"
    [ -n "$bindir" ] || { log "initdb not found after installing postgresql"; exit 1; }
  fi

  OWNER="$(id -un)"
  if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then OWNER=postgres
    else
      id lawfulpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin lawfulpg
      OWNER=lawfulpg
    fi
  fi

  local dir
  dir="$(mktemp -d "${TMPDIR:-/tmp}/lawful-crm-pg.XXXXXX")"
  chmod 700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown "$OWNER" "$dir"
  echo "$OWNER" >"$dir/owner"

  as_owner "$bindir/initdb" -D "$dir/data" --username=lawful --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; log "initdb failed"; exit 1; }

  # A free port: ask the kernel for one, then start there; retry if another
  # process took it in between.
  local port="" attempt
  for attempt in 1 2 3 4 5; do
    port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')"
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 ${LAWFUL_CRM_PG_OPTIONS:-}" start >&2; then
      break
    fi
    log "could not start on port $port (attempt $attempt)"; port=""
  done
  [ -n "$port" ] || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U lawful lawful_crm >&2
  echo "$port" >"$dir/port"
  log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir (owner $OWNER)"
  echo "export LAWFUL_CRM_PG_URL='postgresql://lawful@127.0.0.1:$port/lawful_crm'"
  echo "export LAWFUL_CRM_PG_DIR='$dir'"
}

stop() {
  local dir="${1:-${LAWFUL_CRM_PG_DIR:-}}"
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then log "nothing to stop (LAWFUL_CRM_PG_DIR is not set or gone)"; return 0; fi
  OWNER="$(cat "$dir/owner" 2>/dev/null || id -un)"
  local bindir
  bindir="$(pg_bindir)"
  if [ -f "$dir/data/postmaster.pid" ] && [ -n "$bindir" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || log "pg_ctl stop failed"
  fi
  rm -rf "$dir"
  log "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: bash .ci/pg.sh start | stop [dir]" >&2; exit 2 ;;
esac
