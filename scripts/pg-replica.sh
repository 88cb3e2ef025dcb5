#!/bin/sh
# A throwaway PostgreSQL primary and one streaming replica on loopback, for tests and local trials.
#
#   scripts/pg-replica.sh start DIR [PRIMARY_PORT [REPLICA_PORT]]   (default ports 55432 and 55433)
#   scripts/pg-replica.sh stop DIR                                   stops both and deletes DIR
#   scripts/pg-replica.sh pause DIR | resume DIR                     stops / starts the primary, keeping its data
#
# With NO_REPLICA=1, start makes the primary alone (a throwaway server for outage tests).
# start creates DIR/primary (initdb, wal_level=replica), starts it, creates the database "newsgraph",
# clones it with pg_basebackup -R into DIR/replica, starts that as a hot standby and waits until it
# reports pg_is_in_recovery(). Both listen on 127.0.0.1 only, with their sockets in DIR; trust auth,
# user "postgres". On success it prints the two URLs:
#   PRIMARY_URL=postgres://postgres@127.0.0.1:55432/newsgraph
#   REPLICA_URL=postgres://postgres@127.0.0.1:55433/newsgraph
# Run as root, the servers run as the "postgres" OS user (initdb refuses root); otherwise as the caller.
# PG_BIN overrides the binaries' directory (default: /usr/lib/postgresql/15/bin, else pg_config --bindir).
set -eu

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [PRIMARY_PORT [REPLICA_PORT]]" >&2; exit 64; }

if [ -z "${PG_BIN:-}" ]; then
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then PG_BIN=/usr/lib/postgresql/15/bin
  elif command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then PG_BIN=$(pg_config --bindir)
  else PG_BIN=; fi
fi

# as_pg COMMAND...: runs a PostgreSQL binary as the postgres OS user when we are root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    quoted=
    for arg in "$@"; do quoted="$quoted '$(printf %s "$arg" | sed "s/'/'\\\\''/g")'"; done
    su postgres -s /bin/sh -c "$quoted"
  else
    "$@"
  fi
}

stop_one() {
  if [ -f "$1/postmaster.pid" ]; then as_pg "$PG_BIN/pg_ctl" -D "$1" -m immediate -w stop >/dev/null 2>&1 || true; fi
}

case "$cmd" in
pause)
  stop_one "$dir/primary"
  ;;
resume)
  as_pg "$PG_BIN/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w -t 60 start >/dev/null \
    || { cat "$dir/primary.log" >&2; exit 1; }
  ;;
stop)
  if [ -n "$PG_BIN" ]; then
    stop_one "$dir/replica"
    stop_one "$dir/primary"
  fi
  rm -rf "$dir"
  ;;
start)
  [ -n "$PG_BIN" ] || { echo "pg-replica: PostgreSQL server binaries not found (looked in /usr/lib/postgresql/15/bin and pg_config --bindir; set PG_BIN)" >&2; exit 69; }
  for b in initdb pg_ctl pg_basebackup psql; do
    [ -x "$PG_BIN/$b" ] || { echo "pg-replica: $PG_BIN/$b missing" >&2; exit 69; }
  done
  pport=${3:-55432}
  rport=${4:-55433}
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ ! -e "$dir/primary" ] || { echo "pg-replica: $dir/primary exists already" >&2; exit 73; }
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    su postgres -s /bin/sh -c "test -w '$dir'" \
      || { echo "pg-replica: the postgres OS user cannot reach $dir (a parent directory is not searchable: chmod o+x it)" >&2; exit 77; }
  fi
  chmod 700 "$dir"

  as_pg "$PG_BIN/initdb" -D "$dir/primary" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_pg sh -c "cat >> '$dir/primary/postgresql.conf'" <<EOF
listen_addresses = '127.0.0.1'
port = $pport
unix_socket_directories = '$dir'
wal_level = replica
max_wal_senders = 4
wal_keep_size = 64MB
hot_standby = on
fsync = off
full_page_writes = off
synchronous_commit = on
EOF
  as_pg sh -c "echo 'host replication all 127.0.0.1/32 trust' >> '$dir/primary/pg_hba.conf'"
  as_pg "$PG_BIN/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w -t 60 start >/dev/null \
    || { cat "$dir/primary.log" >&2; exit 1; }
  as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$pport" -U postgres -d postgres -qAt -c 'CREATE DATABASE newsgraph' >/dev/null
  if [ -n "${NO_REPLICA:-}" ]; then
    echo "PRIMARY_URL=postgres://postgres@127.0.0.1:$pport/newsgraph"
    exit 0
  fi

  as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$pport" -U postgres -D "$dir/replica" -R -X stream -c fast >"$dir/basebackup.log" 2>&1 \
    || { cat "$dir/basebackup.log" >&2; exit 1; }
  as_pg sh -c "printf '%s\n' 'port = $rport' >> '$dir/replica/postgresql.conf'"
  as_pg "$PG_BIN/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w -t 60 start >/dev/null \
    || { cat "$dir/replica.log" >&2; exit 1; }

  i=0
  until [ "$(as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$rport" -U postgres -d newsgraph -qAt -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ]; do
    i=$((i + 1))
    [ $i -lt 300 ] || { echo "pg-replica: the replica did not come up in recovery" >&2; cat "$dir/replica.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "PRIMARY_URL=postgres://postgres@127.0.0.1:$pport/newsgraph"
  echo "REPLICA_URL=postgres://postgres@127.0.0.1:$rport/newsgraph"
  ;;
*)
  echo "usage: $0 start|stop|pause|resume DIR [PRIMARY_PORT [REPLICA_PORT]]" >&2
  exit 64
  ;;
esac
