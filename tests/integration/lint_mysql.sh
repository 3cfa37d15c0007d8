#!/bin/sh
# strata lint on MySQL/MariaDB: the fixture's findings, read from the
# driver's statements; lint = error stopping an up before its DDL, which
# would have committed by itself.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database
DATABASE_URL=$my_url
export DATABASE_URL

fixture="$STRATA_SRCDIR/tests/integration/fixtures/lint_mysql"
m=db/migrations
mkdir -p $m
cp "$fixture"/*.sql $m/

run_strata lint
is "$rc" 1 "lint exits 1: the fixture has errors"
is "$out" "$m/002_change_orders.up.sql:1:20 table-copy error ALTER TABLE 'orders' changes the type of column 'amount' from int to bigint, which MySQL can only do by copying the whole table, blocking writes until it is done; use an online schema-change tool, or add a new column and backfill it
$m/002_change_orders.up.sql:3:1 ddl-with-dml error this file mixes DDL with data changes; MySQL commits each DDL statement by itself, so a failure part way leaves the file half applied with nothing to roll back; put the data changes in a migration of their own
$m/002_change_orders.up.sql:4:20 rename warning renaming column 'note' to 'memo' breaks running code that uses the old name; add the new name alongside and move the code first
$m/002_change_orders.up.sql:5:20 drop-column warning dropping column 'orders.memo' loses its data, and running code that still reads it fails
$m/002_change_orders.up.sql:6:14 rename warning renaming table 'orders' to 'purchases' breaks running code that uses the old name; add the new name alongside and move the code first" \
  "every MySQL rule fires where it should, and only there"

printf '[strata]\nlint = error\n' >strata.conf
run_strata up
is "$rc" 1 "up with lint = error fails"
like "$err" "lint found 2 errors in the pending migrations, so nothing was applied" \
  "saying why"
is "$(my "SELECT count(*) FROM information_schema.tables
          WHERE table_schema = DATABASE()")" 0 \
  "the database holds no table, not even the history"

# With the setting off, both apply: the lint is advice, the engine agrees
# to run it.
rm strata.conf
run_strata up
is "$rc" 0 "with lint off the migrations apply"
is "$(my "SELECT amount FROM purchases")" 10 "as written"

done_testing
