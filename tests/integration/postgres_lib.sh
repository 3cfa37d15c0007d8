# postgres_lib.sh - what the PostgreSQL integration tests share.  Not a
# test itself: each postgres_*.sh test sources it.
#
#   . "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
#   pg_scratch_database       # a database of this test's own: $pg_url
#   pg "SELECT count(*) FROM t"   # psql against it, unaligned, no headers
#   wait_for "test -s file" "strata wrote the file"   # polls, up to 30 s
#
# The database is created with `strata create` and dropped when the test
# exits, along with the scratch folder.

. "$STRATA_SRCDIR/tests/integration/lib.sh"

has_driver postgres || skip_all "this build has no PostgreSQL driver"
need_server postgres
pg_server=$server_url

# libpq reads these; the developer's settings must not reach a test.
unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE PGOPTIONS \
  PGAPPNAME PGSSLMODE PGCONNECT_TIMEOUT

find_psql() {
  if command -v psql >/dev/null 2>&1; then command -v psql; return 0; fi
  ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -t/ -k5 -n | tail -1
}
PSQL=$(find_psql)
[ -n "$PSQL" ] || skip_all "psql is not installed"

# pg_url_for DB: the test server's URL for another database.
pg_url_for() { printf '%s/%s\n' "${pg_server%/*}" "$1"; }

# pg SQL: runs SQL in the test's database; prints rows as a|b, one a line.
pg() { "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -d "$pg_url" -c "$1"; }

# pg_admin SQL: the same in the server's maintenance database.
pg_admin() { "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -d "$pg_server" -c "$1"; }

# pg_hold SQL: a psql session in the test's database (run from the
# scratch folder) that runs SQL and waits on the fifo ctl for more; its
# output goes to held.out.  pg_release SQL runs SQL in it and ends it.
pg_hold() {
  rm -f ctl held.out
  mkfifo ctl
  "$PSQL" -X -d "$pg_url" <ctl >held.out 2>&1 &
  held_pid=$!
  exec 3>ctl
  printf '%s\n' "$1" >&3
}
pg_release() { printf '%s\n' "$1" >&3; exec 3>&-; wait "$held_pid"; }

# pg_drop_database NAME: drops it, ending its sessions first (DROP ...
# WITH (FORCE) needs PostgreSQL 13).
pg_drop_database() {
  pg_admin "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = '$1' AND pid <> pg_backend_pid()" >/dev/null 2>&1
  pg_admin "DROP DATABASE IF EXISTS \"$1\"" >/dev/null 2>&1
}

pg_cleanup() {
  [ -n "${pg_db:-}" ] && pg_drop_database "$pg_db"
  rm -rf "$scratch"
}

# pg_scratch_database [CLEANUP]: a scratch folder, and a fresh database
# named after the test and its PID, reached by $pg_url; CLEANUP (by default
# pg_cleanup) runs at exit, even when the database cannot be made.
pg_scratch_database() {
  scratch_database "${1:-pg_cleanup}" pg_url_for
  pg_db=$test_db
  pg_url=$test_url
}
