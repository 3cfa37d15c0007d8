#!/bin/sh
# baseline on MariaDB: refused with the differences named, --force,
# --dry-run, repair --mark-applied checked.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
. "$STRATA_SRCDIR/tests/integration/baseline_lib.sh"
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

baseline_cases
done_testing
