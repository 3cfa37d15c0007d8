#!/bin/sh
# postgres.sh start|stop STATEDIR - a throwaway PostgreSQL for the tests.
#
# start: initdb into a fresh folder, listen on 127.0.0.1 only on a free port
# with the socket beside the data, trust the superuser "strata", and make a
# role "strata_pw" (password "secret-pw") that must log in with
# scram-sha-256.  Writes STATEDIR/url, STATEDIR/pid and STATEDIR/socket.  A
# server STATEDIR already runs is reused.
# stop: stops the server by its PID and removes its data.
# STRATA_PG_PORT=N start ... listens on port N instead of a random free one
# (the --wait test starts a server where strata is already waiting).
#
# initdb refuses to run as root, so under root the server runs as the
# "postgres" system user, in a folder of its own under /tmp (recorded in
# STATEDIR/rundir), since STATEDIR's parents may be closed to it.
set -eu

die() { echo "postgres.sh: $*" >&2; exit 1; }

# The newest installed server, or the one on PATH.
find_bindir() {
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

# as_server CMD...: runs CMD as the user that owns the server.
as_server() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A PID file may outlive its server, and the PID be reused; a server that
# exited may linger as a zombie until its parent reaps it.
is_server() {
  case "$(ps -p "$1" -o stat=,comm= 2>/dev/null)" in
  Z*) return 1 ;;
  *postgres) return 0 ;;
  *) return 1 ;;
  esac
}

running() { # running STATEDIR
  [ -s "$1/pid" ] && [ -s "$1/url" ] && is_server "$(cat "$1/pid")"
}

make_rundir() { # make_rundir STATEDIR: prints the folder the server owns
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user"
    dir=$(mktemp -d /tmp/strata-postgres.XXXXXX)
    chown postgres "$dir"
    echo "$dir" >"$1/rundir"
    echo "$dir"
  else
    echo "$1"
  fi
}

# A socket's path must fit in about 100 bytes; a deep build folder gets a
# short one of its own under /tmp.
make_sockdir() { # make_sockdir STATEDIR RUNDIR
  if [ ${#2} -le 80 ]; then echo "$2"; return 0; fi
  dir=$(mktemp -d /tmp/strata-pgsock.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  echo "$dir" >"$1/sockdir"
  echo "$dir"
}

# Both files exist already, so writing them keeps their owner.
write_config() { # write_config DATADIR SOCKETDIR
  cat >>"$1/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$2'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
password_encryption = 'scram-sha-256'
EOF
  cat >"$1/pg_hba.conf" <<EOF
local all strata_pw scram-sha-256
host all strata_pw 127.0.0.1/32 scram-sha-256
local all all trust
host all all 127.0.0.1/32 trust
EOF
}

# Tries random ports until the server binds one; pg_ctl -w returns once the
# server accepts connections, or fails when it exits.
start_on_free_port() { # start_on_free_port BINDIR RUNDIR
  tries=0
  while [ $tries -lt 20 ]; do
    tries=$((tries + 1))
    port=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 + 20000 ))
    [ -n "${STRATA_PG_PORT:-}" ] && port=$STRATA_PG_PORT tries=20
    if as_server "$1/pg_ctl" -D "$2/data" -l "$2/server.log" -w -t 60 \
        -o "-p $port" start >/dev/null 2>&1; then
      echo "$port"
      return 0
    fi
    grep -q 'could not bind\|already in use' "$2/server.log" 2>/dev/null ||
      { tail -5 "$2/server.log" >&2 2>/dev/null; return 1; }
  done
  return 1
}

start() { # start STATEDIR
  state=$1
  mkdir -p "$state"
  state=$(cd "$state" && pwd)
  if running "$state"; then cat "$state/url"; return 0; fi
  stop "$state"   # what a server that died left behind
  bindir=$(find_bindir) || die "PostgreSQL server not found (install postgresql)"
  rundir=$(make_rundir "$state")
  sockdir=$(make_sockdir "$state" "$rundir")
  as_server "$bindir/initdb" -D "$rundir/data" -U strata -A trust -E UTF8 -N \
      --locale=C >"$state/initdb.log" 2>&1 ||
    { tail -5 "$state/initdb.log" >&2; die "initdb failed"; }
  write_config "$rundir/data" "$sockdir"
  port=$(start_on_free_port "$bindir" "$rundir") || die "the server did not start"
  head -1 "$rundir/data/postmaster.pid" >"$state/pid"
  echo "$sockdir" >"$state/socket"
  PGPASSWORD= "$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U strata \
      -d postgres -v ON_ERROR_STOP=1 \
      -c "CREATE ROLE strata_pw LOGIN CREATEDB PASSWORD 'secret-pw'" >/dev/null ||
    die "cannot create the role strata_pw"
  echo "postgres://strata@127.0.0.1:$port/postgres" >"$state/url"
  cat "$state/url"
}

stop() { # stop STATEDIR
  state=$1
  rundir=$state
  [ -s "$state/rundir" ] && rundir=$(cat "$state/rundir")
  if [ -s "$state/pid" ] && is_server "$(cat "$state/pid")"; then
    pid=$(cat "$state/pid")
    if kill -INT "$pid" 2>/dev/null; then
      n=0
      while is_server "$pid" && [ $n -lt 600 ]; do
        sleep 0.1; n=$((n + 1))
      done
      is_server "$pid" && die "server $pid did not stop"
    fi
  fi
  rm -rf "$rundir/data" "$rundir/server.log"
  [ "$rundir" = "$state" ] || rm -rf "$rundir"
  [ -s "$state/sockdir" ] && rm -rf "$(cat "$state/sockdir")"
  rm -f "$state/pid" "$state/url" "$state/socket" "$state/rundir" \
      "$state/sockdir" "$state/initdb.log"
}

case "${1:-}" in
start) [ $# -eq 2 ] || die "usage: postgres.sh start STATEDIR"; start "$2" ;;
stop) [ $# -eq 2 ] || die "usage: postgres.sh stop STATEDIR"; stop "$2" ;;
*) die "usage: postgres.sh start|stop STATEDIR" ;;
esac
