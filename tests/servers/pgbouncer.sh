#!/bin/sh
# pgbouncer.sh start|stop STATEDIR [POSTGRES_URL] - pgbouncer in transaction
# pooling mode in front of the test PostgreSQL, for the lock tests: a
# client's session state does not survive its transaction there.
#
# start: installs the Debian package when it is missing (as
# scripts/bootstrap installs packages), listens on 127.0.0.1 on a free
# port, passes every database through to the server POSTGRES_URL names,
# trusts every user, and writes STATEDIR/url (the server's URL with the
# pooler's port) and STATEDIR/pid.  Fails at once, saying why, when
# pgbouncer cannot start; it never waits more than 10 s.
# stop: stops it by its PID.
set -eu

die() { echo "pgbouncer.sh: $*" >&2; exit 1; }

install_package() {
  dpkg-query -W -f='${Status}' pgbouncer 2>/dev/null | grep -q "ok installed" &&
    return 0
  sudo=
  [ "$(id -u)" = 0 ] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq pgbouncer \
      >/dev/null 2>&1 || die "cannot install pgbouncer (apt-get install pgbouncer)"
}

# pgbouncer refuses to run as root: then it runs as "postgres".
as_server() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

is_pooler() {
  case "$(ps -p "$1" -o comm= 2>/dev/null)" in pgbouncer) return 0 ;; esac
  return 1
}

write_ini() { # write_ini DIR PGHOST PGPORT PORT
  cat >"$1/pgbouncer.ini" <<EOF
[databases]
* = host=$2 port=$3
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $4
unix_socket_dir =
auth_type = trust
auth_file = $1/users.txt
pool_mode = transaction
max_client_conn = 200
default_pool_size = 4
logfile = $1/pgbouncer.log
pidfile = $1/pgbouncer.pid
EOF
  printf '"strata" ""\n' >"$1/users.txt"
}

listening() { # listening DIR: pgbouncer wrote its PID and took its port
  [ -s "$1/pgbouncer.pid" ] && grep -q "listening on" "$1/pgbouncer.log" 2>/dev/null
}

# Tries random ports until pgbouncer binds one.
start_on_free_port() { # start_on_free_port DIR PGHOST PGPORT
  tries=0
  while [ $tries -lt 20 ]; do
    tries=$((tries + 1))
    port=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 + 20000 ))
    write_ini "$1" "$2" "$3" "$port"
    rm -f "$1/pgbouncer.log" "$1/pgbouncer.pid"
    if as_server timeout 10 pgbouncer -d -q "$1/pgbouncer.ini" 2>"$1/start.err"; then
      n=0
      until listening "$1" || [ $n -ge 100 ]; do n=$((n + 1)); sleep 0.1; done
      listening "$1" && { echo "$port"; return 0; }
    fi
    grep -q 'in use' "$1/pgbouncer.log" "$1/start.err" 2>/dev/null ||
      { cat "$1/start.err" >&2; tail -3 "$1/pgbouncer.log" >&2 2>/dev/null; return 1; }
  done
  return 1
}

start() { # start STATEDIR POSTGRES_URL
  state=$1
  mkdir -p "$state"
  state=$(cd "$state" && pwd)
  if [ -s "$state/pid" ] && is_pooler "$(cat "$state/pid")"; then
    cat "$state/url"; return 0
  fi
  install_package
  dir=$(mktemp -d /tmp/strata-pgbouncer.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  echo "$dir" >"$state/rundir"
  hostport=${2#*@}; hostport=${hostport%%/*}
  port=$(start_on_free_port "$dir" "${hostport%:*}" "${hostport#*:}") ||
    die "pgbouncer did not start"
  cat "$dir/pgbouncer.pid" >"$state/pid"
  echo "${2%%@*}@127.0.0.1:$port/postgres" >"$state/url"
  cat "$state/url"
}

stop() { # stop STATEDIR
  state=$1
  if [ -s "$state/pid" ] && is_pooler "$(cat "$state/pid")"; then
    pid=$(cat "$state/pid")
    kill -INT "$pid" 2>/dev/null || true
    n=0
    while is_pooler "$pid" && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
    is_pooler "$pid" && die "pgbouncer $pid did not stop"
  fi
  [ -s "$state/rundir" ] && rm -rf "$(cat "$state/rundir")"
  rm -f "$state/pid" "$state/url" "$state/rundir"
}

case "${1:-}" in
start) [ $# -eq 3 ] || die "usage: pgbouncer.sh start STATEDIR POSTGRES_URL"; start "$2" "$3" ;;
stop) [ $# -eq 2 ] || die "usage: pgbouncer.sh stop STATEDIR"; stop "$2" ;;
*) die "usage: pgbouncer.sh start STATEDIR POSTGRES_URL | stop STATEDIR" ;;
esac
