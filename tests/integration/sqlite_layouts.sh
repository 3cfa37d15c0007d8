#!/bin/sh
# Other tools' folders on SQLite: plain with engine suffixes, dbmate and
# goose, from up through down to empty (fixtures/layouts.sh).
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/layouts.sh"

ENGINE=sqlite
URL=sqlite:$DB
user_tables() { tables; }
history_sql() { sql "$1"; }

layout_checks

# VACUUM cannot run in a transaction: a dbmate transaction:false section
# and a goose NO TRANSACTION file really run outside one.
migration db/vacuum 1_vacuum.sql "-- migrate:up transaction:false
VACUUM;
-- migrate:down transaction:false
VACUUM;"
run_strata -d db/vacuum up
is "$rc" 0 "dbmate transaction:false: VACUUM runs ($err)"
migration db/vacuum_goose 1_vacuum.sql "-- +goose no transaction
-- +goose up
VACUUM;"
run_strata -d db/vacuum_goose --table goose_history up
is "$rc" 0 "goose NO TRANSACTION: VACUUM runs ($err)"

# strata new writes strata's own names: in a dbmate folder they would be
# malformed there.
before=$(ls db/dbmate)
run_strata new more -d db/dbmate
is "$rc" 1 "strata new refuses a folder of another layout"
like "$err" "'db/dbmate' is in the dbmate layout, and 'strata new' writes strata's own" \
  "saying so"
is "$(ls db/dbmate)" "$before" "and writes nothing there"

# layout = in strata.conf and STRATA_LAYOUT choose as --layout does.
printf 'layout = plain\n' >strata.conf
run_strata -d db/dbmate status
like "$err" "holds the dbmate section marker" "layout = plain in strata.conf is used"
STRATA_LAYOUT=dbmate run_strata -d db/dbmate status
is "$rc" 0 "STRATA_LAYOUT beats strata.conf ($err)"
run_strata -d db/dbmate --layout nosuch status
like "$err" "unknown layout 'nosuch'; this strata reads .*dbmate.*, or auto" \
  "an unknown layout is an error naming it and the layouts there are"
rm strata.conf

# Malformed sections are refused before anything runs, located.
migration db/bad_goose 1_block.sql "-- +goose Up
CREATE TABLE a (id INTEGER);
-- +goose StatementBegin
CREATE TABLE b (id INTEGER);"
run_strata -d db/bad_goose --table bad_history up
like "$err" "StatementBegin' is never ended.*" "an unended goose block is refused"
like "$err" "1_block\.sql:3:1" "at its StatementBegin line"
migration db/bad_dbmate 1_twice.sql "-- migrate:up
CREATE TABLE a (id INTEGER);
-- migrate:up
CREATE TABLE b (id INTEGER);"
run_strata -d db/bad_dbmate --table bad_history up
like "$err" "'-- migrate:up' appears twice" "a second dbmate up marker is refused"
like "$err" "1_twice\.sql:3:1" "at the second marker"
migration db/bad_dbmate 1_twice.sql "-- migrate:up
SELECT 1;"
migration db/bad_dbmate 2_bare.sql "CREATE TABLE c (id INTEGER);"
run_strata -d db/bad_dbmate --table bad_history up
like "$err" "needs a '-- migrate:up' line before its SQL" \
  "SQL with no marker in a dbmate folder is refused"
like "$err" "read as dbmate because of '1_twice\.sql'" \
  "saying why the folder was read as dbmate"
# goose runs VERSION_name.go files in their turn; strata cannot, and
# says so rather than report a folder applied that goose would take
# further.  A Go file that is no migration (main.go) is not one.
migration db/goose_go 00001_a.sql "-- +goose Up
CREATE TABLE go_a (id INTEGER);"
migration db/goose_go 00002_b.go "package migrations"
migration db/goose_go main.go "package main"
run_strata -d db/goose_go --table bad_history up
isnt "$rc" 0 "a goose Go migration fails up"
like "$err" "'00002_b\.go' is a goose Go migration, which strata cannot run" \
  "naming the Go file"
run_strata -d db/goose_go --table bad_history status
isnt "$rc" 0 "and status"
# Flyway runs afterMigrate.sql and its kin around a migrate; strata does
# not, and says so.  A README beside them is no migration.
migration db/flyway_cb V1__a.sql "CREATE TABLE cb_a (id INTEGER);"
migration db/flyway_cb afterMigrate.sql "CREATE TABLE cb_after (id INTEGER);"
migration db/flyway_cb README.md "notes"
run_strata -d db/flyway_cb --table bad_history up
isnt "$rc" 0 "a Flyway callback fails up"
like "$err" "'afterMigrate\.sql' is a Flyway callback, which strata does not run" \
  "naming the callback"
is "$(sql "SELECT name FROM sqlite_master WHERE name = 'bad_history'")" "" \
  "none of these touched the database"

# A folder shows its layout in its up files: a down file is not read to
# find it, and one holding another tool's markers is refused when a down
# reads it, with nothing reverted.
migration db/down_marked 1_t.up.sql "CREATE TABLE down_marked (id INTEGER);"
migration db/down_marked 1_t.down.sql "-- +goose Down
DROP TABLE down_marked;"
run_strata -d db/down_marked --table marked_history up
is "$rc" 0 "a folder whose down file holds goose markers is read as plain ($err)"
run_strata -d db/down_marked --table marked_history down
like "$err" "1_t\.down\.sql' holds the goose section marker" \
  "its down is refused, naming the file and the marker"
is "$(sql "SELECT name FROM sqlite_master WHERE name = 'down_marked'")" \
  down_marked "and the table stays"

done_testing
