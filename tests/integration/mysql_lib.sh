# mysql_lib.sh - what the MySQL/MariaDB integration tests share.  Not a
# test itself: each mysql_*.sh test sources it.
#
#   . "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
#   my_scratch_database           # a database of this test's own: $my_url
#   my "SELECT count(*) FROM t"   # the mariadb client on it: tab-separated
#   my_session_start; my_session_send "SELECT GET_LOCK('x', 0);"
#   wait_for "my_running 'GET_LOCK'" "the statement runs"
#
# The database is created with `strata create` and dropped when the test
# exits, along with the scratch folder.

. "$STRATA_SRCDIR/tests/integration/lib.sh"

has_driver mysql || skip_all "this build has no MySQL driver"
need_server mysql
my_server=$server_url

# The client library reads these; the developer's settings must not reach
# a test.  HOME goes too, for ~/.my.cnf.
unset MYSQL_HOST MYSQL_TCP_PORT MYSQL_UNIX_PORT MYSQL_PWD MARIADB_HOST
HOME=$(mktemp -d "${TMPDIR:-/tmp}/strata-home.XXXXXX")
export HOME

find_client() {
  command -v mariadb 2>/dev/null || command -v mysql 2>/dev/null
}
MYSQL_CLIENT=$(find_client)
[ -n "$MYSQL_CLIENT" ] || skip_all "the mariadb client is not installed"

# The test server's address, from its URL mysql://strata@127.0.0.1:PORT/.
my_port=$(printf '%s\n' "$my_server" | sed 's|.*:\([0-9]*\)/.*|\1|')
my_host=$(printf '%s\n' "$my_server" | sed 's|.*@\([^:/]*\).*|\1|')

# my_url_for DB: the test server's URL for another database.
my_url_for() { printf '%s%s\n' "$my_server" "$1"; }

my_client() {
  "$MYSQL_CLIENT" --no-defaults --protocol=TCP -h "$my_host" -P "$my_port" \
    -u strata --batch --skip-column-names "$@"
}

# my SQL: runs SQL in the test's database; prints rows tab-separated.
my() { my_client -e "$1" "$my_db"; }

# my_admin SQL: the same with no database selected.
my_admin() { my_client -e "$1"; }

# my_running TEXT: whether a statement containing TEXT runs on the server,
# other than the one asking.
my_running() {
  [ "$(my_admin "SELECT COUNT(*) FROM information_schema.processlist
    WHERE info LIKE '%$1%' AND id <> CONNECTION_ID()")" -gt 0 ]
}

# A client session kept open across commands, to hold locks: statements
# are written to it through a FIFO.
my_session_start() {
  rm -f "$scratch/session.in" "$scratch/session.out"
  mkfifo "$scratch/session.in"
  my_client --unbuffered "$my_db" <"$scratch/session.in" \
    >"$scratch/session.out" 2>&1 &
  my_session_pid=$!
  exec 8>"$scratch/session.in"
}
my_session_send() { printf '%s\n' "$1" >&8; }
my_session_end() {
  [ -n "${my_session_pid:-}" ] || return 0
  exec 8>&-
  wait "$my_session_pid" 2>/dev/null
  my_session_pid=
}

# my_progress VERSION: what the history says of VERSION, as "STATE DONE/TOTAL"
# (the statements done of the migration's total).
my_progress() {
  my "SELECT CONCAT(state, ' ', statements_done, '/', statements_total)
      FROM strata_migrations WHERE version = '$1'"
}

# my_state VERSION: the history's state of VERSION.
my_state() { my "SELECT state FROM strata_migrations WHERE version = '$1'"; }

# my_mark_applied VERSION DESCRIPTION [OPTION]: after a migration was
# finished by hand, repair --mark-applied VERSION (with OPTION) records it,
# and status is clean.
my_mark_applied() {
  run_strata -u "$my_url" repair --mark-applied "$1" --yes ${3:-}
  is "$rc" 0 "$2"
  is "$(my_state "$1")" applied "history says applied"
  run_strata -u "$my_url" status --exit-code
  is "$rc" 0 "and status has nothing left to report"
}

my_cleanup() {
  my_session_end
  [ -n "${my_db:-}" ] &&
    my_admin "DROP DATABASE IF EXISTS \`$my_db\`" >/dev/null 2>&1
  rm -rf "$scratch" "$HOME"
}

# my_scratch_database: a scratch folder, and a fresh database named after
# the test and its PID, reached by $my_url.
my_scratch_database() {
  scratch_database my_cleanup my_url_for
  my_db=$test_db
  my_url=$test_url
}
