# port_lib.sh - what the `strata port` tests share: a MariaDB database of
# the test's own ($my_url, the `my` client) and a PostgreSQL one ($pg_url,
# `pg`).  Not a test itself.
#
# mysql_lib.sh and postgres_lib.sh each set an exit trap and a scratch
# folder; the second would drop the first's, so one trap here cleans both,
# set before the second database is made.

. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"

port_cleanup() {
  pg_cleanup
  scratch=$port_my_scratch
  my_cleanup
}

# port_scratch_databases: both databases, and a scratch folder to work in.
port_scratch_databases() {
  my_scratch_database
  port_my_scratch=$scratch
  pg_scratch_database port_cleanup
}
