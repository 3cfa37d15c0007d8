#!/bin/sh
# adopt on PostgreSQL: golang-migrate, dbmate, sqlx, flyway, goose and
# diesel tables as each tool makes them on PostgreSQL; refused dirty
# states; --dry-run.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
. "$STRATA_SRCDIR/tests/integration/adopt_lib.sh"
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

adopt_cases
done_testing
