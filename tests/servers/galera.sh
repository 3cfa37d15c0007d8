#!/bin/sh
# galera.sh start|stop STATEDIR - a 3-node MariaDB Galera cluster on
# loopback, for the lock tests: a lock one node takes is invisible to the
# others unless it is a replicated row.
#
# start: installs galera-4 and rsync when missing (as scripts/bootstrap
# installs packages), makes node 1's data, bootstraps the cluster on it,
# then joins nodes 2 and 3 one after the other (state transfer by rsync).
# Each step is bounded: a node that is not ready within 90 s fails the
# start with its log, and nothing waits longer.  Writes STATEDIR/url (node
# 1) and STATEDIR/url1..url3 (mysql://strata@127.0.0.1:PORT/), and
# STATEDIR/nodeN/pid.  Accounts as in mariadb.sh: strata, no password.
# stop: stops the nodes by their PIDs, newest first, and removes the files.
set -eu

die() { echo "galera.sh: $*" >&2; exit 1; }

PROVIDER=/usr/lib/galera/libgalera_smm.so

install_packages() {
  missing=
  for p in galera-4 rsync; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
      missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  sudo=
  [ "$(id -u)" = 0 ] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing \
      >/dev/null 2>&1 || die "cannot install$missing (apt-get install$missing)"
}

find_program() {
  for name in "$@"; do
    for dir in $(printf '%s' "$PATH" | tr ':' ' ') /usr/sbin /usr/local/sbin; do
      if [ -x "$dir/$name" ]; then echo "$dir/$name"; return 0; fi
    done
  done
  return 1
}

is_server() {
  case "$(ps -p "$1" -o stat=,comm= 2>/dev/null)" in
  Z*) return 1 ;;
  *mariadbd | *mysqld) return 0 ;;
  *) return 1 ;;
  esac
}

port_in_use() { [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }

# Twelve free ports (three nodes: SQL, group, state and incremental
# transfer), from somewhere that depends on our PID.
next_port=$((21000 + ($$ * 13) % 38000))
take_port() { # take_port VAR: sets VAR to the next free port
  while port_in_use "$next_port"; do next_port=$((next_port + 1)); done
  eval "$1=$next_port"
  next_port=$((next_port + 1))
}

node_dir() { echo "$state/node$1"; }

ready() { # ready N: the node answers and is part of the primary component
  [ "$("$client" --no-defaults --socket="$(node_dir "$1")/mysql.sock" -uroot \
      --connect-timeout=2 -N -B -e "SHOW STATUS LIKE 'wsrep_ready'" \
      2>/dev/null | cut -f2)" = ON ]
}

wait_ready() { # wait_ready N: at most 90 s; fails with the node's log
  dir=$(node_dir "$1")
  i=0
  until ready "$1"; do
    i=$((i + 1))
    if [ $i -ge 900 ] || ! is_server "$(cat "$dir/pid")"; then
      tail -15 "$dir/error.log" >&2
      die "node $1 did not join the cluster within 90 s"
    fi
    sleep 0.1
  done
}

launch() { # launch N [--wsrep-new-cluster]
  n=$1
  shift
  dir=$(node_dir "$n")
  eval "port=\$port$n gport=\$gport$n sport=\$sport$n iport=\$iport$n"
  "$server" --no-defaults $run_as --datadir="$dir/data" \
    --socket="$dir/mysql.sock" --bind-address=127.0.0.1 --port="$port" \
    --pid-file="$dir/mariadbd.pid" --log-error="$dir/error.log" \
    --skip-name-resolve --innodb-buffer-pool-size=32M \
    --innodb-flush-log-at-trx-commit=0 --innodb-log-file-size=16M \
    --tmpdir="$dir" --binlog-format=ROW --innodb-autoinc-lock-mode=2 \
    --default-storage-engine=InnoDB \
    --wsrep-on=ON --wsrep-provider="$PROVIDER" \
    --wsrep-cluster-name="strata_test_$$" \
    --wsrep-cluster-address="gcomm://$members" \
    --wsrep-node-address="127.0.0.1:$gport" \
    --wsrep-node-name="node$n" \
    --wsrep-sst-method=rsync \
    --wsrep-sst-receive-address="127.0.0.1:$sport" \
    --wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$gport;ist.recv_addr=127.0.0.1:$iport;gcache.size=16M;evs.inactive_timeout=PT6S;evs.suspect_timeout=PT3S" \
    "$@" >/dev/null 2>&1 &
  echo $! >"$dir/pid"
}

create_accounts() {
  "$client" --no-defaults --socket="$(node_dir 1)/mysql.sock" -uroot <<'SQL'
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE USER 'strata'@'%', 'strata'@'localhost';
GRANT ALL ON *.* TO 'strata'@'%', 'strata'@'localhost' WITH GRANT OPTION;
SQL
}

# Another program may take a port between the check and the bind, and a
# machine under load has failed a first mariadb-install-db: one more try,
# on other ports, before giving up.
start() {
  # A running cluster is reused when all three nodes are in it: the lock
  # test cuts node 3 off on purpose.
  if [ -s "$state/url3" ] && is_server "$(cat "$(node_dir 3)/pid")" &&
    ready 1 && ready 2 && ready 3; then
    return 0
  fi
  stop
  install_packages
  [ -r "$PROVIDER" ] || die "$PROVIDER is missing (install galera-4)"
  ( start_cluster ) && return 0
  echo "galera.sh: trying once more" >&2
  stop
  next_port=$((next_port + 97))
  start_cluster
}

start_cluster() {
  mkdir -p "$state"
  members=
  for n in 1 2 3; do
    mkdir -p "$(node_dir "$n")/data"
    for kind in port gport sport iport; do take_port "$kind$n"; done
    eval "members=\"$members\${members:+,}127.0.0.1:\$gport$n\""
  done
  "$install_db" --no-defaults --datadir="$(node_dir 1)/data" $run_as \
    --auth-root-authentication-method=normal --skip-test-db \
    --skip-name-resolve >"$state/install.log" 2>&1 ||
    { grep -v '^ *$' "$state/install.log" | head -10 >&2;
      die "mariadb-install-db failed"; }
  launch 1 --wsrep-new-cluster
  wait_ready 1
  create_accounts || die "cannot create the test accounts"
  # The joiners' rsync daemon, started by root, runs as nobody.
  [ "$(id -u)" = 0 ] &&
    for n in 2 3; do chown nobody "$(node_dir "$n")/data"; done
  for n in 2 3; do launch "$n"; wait_ready "$n"; done
  for n in 1 2 3; do
    eval "echo \"mysql://strata@127.0.0.1:\$port$n/\"" >"$state/url$n"
  done
  cp "$state/url1" "$state/url"
}

stop_node() { # stop_node N
  pidfile="$(node_dir "$1")/pid"
  [ -s "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  is_server "$pid" || return 0
  kill "$pid" 2>/dev/null || return 0
  i=0
  while is_server "$pid" && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
  is_server "$pid" && kill -9 "$pid" 2>/dev/null || true
}

stop() {
  for n in 3 2 1; do stop_node "$n"; done
  rm -rf "$state"
}

[ $# -eq 2 ] || die "usage: galera.sh start|stop STATEDIR"
state=$(mkdir -p "$2" && cd "$2" && pwd)
run_as=
[ "$(id -u)" -eq 0 ] && run_as=--user=root

case $1 in
start)
  server=$(find_program mariadbd mysqld) ||
    die "mariadbd not found (install mariadb-server)"
  install_db=$(find_program mariadb-install-db mysql_install_db) ||
    die "mariadb-install-db not found (install mariadb-server)"
  client=$(find_program mariadb mysql) ||
    die "the mariadb client not found (install mariadb-client)"
  start ;;
stop) stop ;;
*) die "unknown command '$1': use start or stop" ;;
esac
