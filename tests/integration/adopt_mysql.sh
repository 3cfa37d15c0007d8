#!/bin/sh
# adopt on MariaDB: golang-migrate, dbmate, sqlx, flyway, goose and diesel
# tables as each tool makes them on MySQL; refused dirty states; --dry-run.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
. "$STRATA_SRCDIR/tests/integration/adopt_lib.sh"
my_scratch_database

ENGINE=mysql
url=$my_url
q() { my "$1"; }

# snapshot: every table with its columns, and every row of each.
snapshot() {
  my "SELECT table_name, column_name, column_type FROM information_schema.columns
      WHERE table_schema = DATABASE() ORDER BY 1, 2"
  for t in $(my "SELECT table_name FROM information_schema.tables
                 WHERE table_schema = DATABASE() ORDER BY 1"); do
    my "SELECT * FROM \`$t\` ORDER BY 1"
  done
}

adopt_cases
done_testing
