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

done_testing
