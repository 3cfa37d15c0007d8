#!/bin/sh
# A migration whose first line is "-- strata:no-transaction" runs outside a
# transaction; when it fails part way, status says where and --resume
# continues after the last statement that ran.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

write_migration 0010_users.up.sql "CREATE TABLE users (id INTEGER);"
# VACUUM cannot run inside a transaction: this works only without one.
write_migration 0020_vacuum.up.sql "-- strata:no-transaction
VACUUM;"
run_strata up
is "$rc" 0 "a no-transaction migration with VACUUM applies"
is "$(applied)" "0010 0020" "and is recorded"

write_migration 0030_steps.up.sql "-- strata:no-transaction
CREATE TABLE a (id INTEGER);
CREATE TABLE b (id INTEGER);
INSERT INTO nosuch VALUES (1);
CREATE TABLE c (id INTEGER);"
run_strata up --dry-run
like "$out" "no transaction" "--dry-run shows it runs without a transaction"
unlike "$out" "^BEGIN" "and without BEGIN"

run_strata up
is "$rc" 1 "a no-transaction migration that fails exits 1"
like "$err" "0030_steps\.up\.sql:4:" "the error is located"
is "$(tables)" "a b users" "the statements before the failure stay"

run_strata status --exit-code
is "$rc" 4 "status --exit-code reports the failed migration"
like "$out" "^0030 +steps +failed" "status shows it failed"
like "$out" "statement 3 of 4" "at which statement"
like "$out" "nosuch" "and why"

run_strata up
is "$rc" 1 "up refuses to run over a failed migration"
like "$err" "0030" "and names it"

write_migration 0030_steps.up.sql "-- strata:no-transaction
CREATE TABLE a (id INTEGER);
CREATE TABLE b (id INTEGER);
CREATE TABLE fixed (id INTEGER);
CREATE TABLE c (id INTEGER);"
run_strata up --resume
is "$rc" 0 "up --resume continues after the fix"
is "$(tables)" "a b c fixed users" "only the remaining statements ran"
run_strata status --exit-code
is "$rc" 0 "and the migration is applied"

done_testing
