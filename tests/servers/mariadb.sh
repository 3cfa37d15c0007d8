#!/bin/sh
# mariadb.sh - a throwaway MariaDB server for the test suite.
#
#   mariadb.sh start STATEDIR   starts one (or reuses the one running there)
#   mariadb.sh stop STATEDIR    stops it by its PID and removes its files
#
# The server listens on 127.0.0.1 at a free port and on STATEDIR/mysql.sock,
# reads no option file, and keeps real authentication so that tests can try
# a wrong password.  Its time zone is +05:00, so that a session that does not
# pin its own zone shifts timestamps where a test can see it.  Accounts:
# strata (no password, every privilege) and strata_pw (password
# 'secret-pw', every privilege).  STATEDIR/url holds
# mysql://strata@127.0.0.1:PORT/ and STATEDIR/pid the server's PID.
set -eu

die() { echo "mariadb.sh: $*" >&2; exit 1; }

find_program() { # find_program NAME... prints the first one on PATH or sbin
  for name in "$@"; do
    for dir in $(printf '%s' "$PATH" | tr ':' ' ') /usr/sbin /usr/local/sbin; do
      if [ -x "$dir/$name" ]; then echo "$dir/$name"; return 0; fi
    done
  done
  return 1
}

# A PID file may outlive its server and the PID be reused, so the process
# must be the server; one that exited lingers as a zombie of this shell
# until it is reaped, and is not alive.
is_server() {
  case "$(ps -p "$1" -o stat=,comm= 2>/dev/null)" in
  Z*) return 1 ;;
  *mariadbd | *mysqld) return 0 ;;
  *) return 1 ;;
  esac
}

server_alive() { [ -s "$state/pid" ] && is_server "$(cat "$state/pid")"; }

ping_server() {
  "$admin" --no-defaults --socket="$state/mysql.sock" -uroot \
    --connect-timeout=2 ping >/dev/null 2>&1
}

port_in_use() { [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }

# A port nobody listens on, starting somewhere that depends on our PID so
# that two test runs at once seldom try the same one.
free_port() {
  p=$((20000 + ($$ * 7 + $1 * 131) % 40000))
  while port_in_use "$p"; do p=$((p + 1)); done
  echo "$p"
}

install_data() {
  "$install_db" --no-defaults --datadir="$state/data" $run_as \
    --auth-root-authentication-method=normal --skip-test-db \
    --skip-name-resolve >"$state/install.log" 2>&1 ||
    { tail -20 "$state/install.log" >&2; die "mariadb-install-db failed"; }
}

launch() { # launch PORT
  "$server" --no-defaults $run_as --datadir="$state/data" \
    --socket="$state/mysql.sock" --bind-address=127.0.0.1 --port="$1" \
    --pid-file="$state/mariadbd.pid" --log-error="$state/error.log" \
    --skip-name-resolve --skip-log-bin --innodb-buffer-pool-size=64M \
    --innodb-flush-log-at-trx-commit=0 --innodb-log-file-size=16M \
    --default-time-zone=+05:00 --tmpdir="$state" >/dev/null 2>&1 &
  echo $! >"$state/pid"
}

# Polls for at most 60 s until the server answers; 1 when it died.
wait_until_up() {
  i=0
  while [ $i -lt 600 ]; do
    ping_server && return 0
    server_alive || return 1
    sleep 0.1
    i=$((i + 1))
  done
  die "the server did not answer within 60 s (see $state/error.log)"
}

create_accounts() {
  "$client" --no-defaults --socket="$state/mysql.sock" -uroot <<'SQL'
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE USER 'strata'@'%', 'strata'@'localhost';
GRANT ALL ON *.* TO 'strata'@'%', 'strata'@'localhost' WITH GRANT OPTION;
CREATE USER 'strata_pw'@'%' IDENTIFIED BY 'secret-pw',
            'strata_pw'@'localhost' IDENTIFIED BY 'secret-pw';
GRANT ALL ON *.* TO 'strata_pw'@'%', 'strata_pw'@'localhost';
SQL
}

start() {
  if server_alive && ping_server && [ -s "$state/url" ]; then return 0; fi
  [ -s "$state/pid" ] && stop
  mkdir -p "$state"
  install_data
  attempt=0
  port=$(free_port 0)
  until launch "$port" && wait_until_up; do
    attempt=$((attempt + 1))
    port=$(free_port $attempt)
    # Another program may take the port between the check and the bind.
    grep -q 'Bind on TCP/IP port' "$state/error.log" 2>/dev/null &&
      [ $attempt -lt 5 ] || { tail -20 "$state/error.log" >&2;
        die "mariadbd did not start"; }
  done
  create_accounts || die "cannot create the test accounts"
  echo "mysql://strata@127.0.0.1:$port/" >"$state/url"
}

# Stops the server by its PID: SIGTERM, then SIGKILL after 30 s.
stop() {
  if server_alive; then
    pid=$(cat "$state/pid")
    if kill "$pid" 2>/dev/null; then
      i=0
      while is_server "$pid" && [ $i -lt 300 ]; do
        sleep 0.1
        i=$((i + 1))
      done
      if is_server "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
    fi
  fi
  rm -rf "$state"
}

[ $# -eq 2 ] || die "usage: mariadb.sh start|stop STATEDIR"
state=$(mkdir -p "$2" && cd "$2" && pwd)
run_as=
[ "$(id -u)" -eq 0 ] && run_as=--user=root

case $1 in
start)
  server=$(find_program mariadbd mysqld) ||
    die "mariadbd not found (install mariadb-server)"
  install_db=$(find_program mariadb-install-db mysql_install_db) ||
    die "mariadb-install-db not found (install mariadb-server)"
  admin=$(find_program mariadb-admin mysqladmin) ||
    die "mariadb-admin not found (install mariadb-client)"
  client=$(find_program mariadb mysql) ||
    die "the mariadb client not found (install mariadb-client)"
  start ;;
stop) stop ;;
*) die "unknown command '$1': use start or stop" ;;
esac
