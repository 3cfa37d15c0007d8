#!/bin/sh
# A URL with no host reaches PostgreSQL through a socket libpq chooses:
# when that fails, the message names the socket it tried.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
has_driver postgres || skip_all "this build has no PostgreSQL driver"
scratch_dir
unset PGHOST PGPORT PGUSER PGDATABASE PGSERVICE

run_strata -u "postgres://u@/db?host=$scratch/nosuch" status
is "$rc" 1 "no server on the socket: status fails"
like "$err" "cannot connect to 'postgres://u@/db\\?host=.*': .* \\(socket $scratch/nosuch/\\.s\\.PGSQL\\.5432\\)" \
  "naming the socket it tried"

done_testing
