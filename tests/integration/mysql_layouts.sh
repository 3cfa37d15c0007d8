#!/bin/sh
# Other tools' folders on MySQL/MariaDB: plain with engine suffixes,
# dbmate and goose, from up through down to empty (fixtures/layouts.sh).
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/layouts.sh"
my_scratch_database

ENGINE=mysql
URL=$my_url
user_tables() {
  my "SELECT table_name FROM information_schema.tables
      WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'
        AND table_name NOT LIKE 'strata_%'
      ORDER BY table_name" | tr '\n' ' ' | sed 's/ $//'
}
history_sql() { my "$1"; }

layout_checks

done_testing
