#!/bin/sh
# baseline on PostgreSQL: refused with the differences named, --force,
# --dry-run, repair --mark-applied checked.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
. "$STRATA_SRCDIR/tests/integration/baseline_lib.sh"
pg_scratch_database

ENGINE=postgres
url=$pg_url
q() { pg "$1"; }

# snapshot: every table with its columns, and every row of each.
snapshot() {
  pg "SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = 'public' ORDER BY 1, 2"
  for t in $(pg "SELECT table_name FROM information_schema.tables
                 WHERE table_schema = 'public' ORDER BY 1"); do
    pg "SELECT * FROM \"$t\" ORDER BY 1"
  done
}

baseline_cases
done_testing
