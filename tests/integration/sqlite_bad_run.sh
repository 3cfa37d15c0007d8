#!/bin/sh
# Runs that must refuse or fail cleanly: checksum drift, out of order, a
# syntax error, a failing statement, a missing down script.  Each leaves
# the schema and history as they were.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

# fails_cleanly DESCRIPTION PATTERN ARGS...: `strata ARGS` exits 1 with one
# error line matching PATTERN, and the database is unchanged.
fails_cleanly() {
  local what=$1 pattern=$2 before
  shift 2
  before=$(snapshot)
  run_strata "$@"
  is "$rc" 1 "$what: exit 1"
  is "$(printf '%s\n' "$err" | grep -c '^strata: error: ')" 1 "$what: one error line"
  like "$err" "^strata: error: .*$pattern" "$what: the error says why"
  is "$(snapshot)" "$before" "$what: nothing changed"
}

three_migrations
run_strata up -n 2

# Checksum drift.
write_migration 0020_posts.up.sql "CREATE TABLE posts (id INTEGER, body TEXT);"
fails_cleanly "an edited applied migration" \
  "0020.*changed after it was applied.*strata repair" up
fails_cleanly "an edited migration blocks down too" "0020" down --all
write_migration 0020_posts.up.sql \
  "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER);"
run_strata up
is "$rc" 0 "restoring the file unblocks up"

# Out of order.
write_migration 0015_tags.up.sql "CREATE TABLE tags (id INTEGER);"
write_migration 0015_tags.down.sql "DROP TABLE tags;"
fails_cleanly "a pending migration older than the newest applied" \
  "0015.*allow-out-of-order" up
run_strata up --allow-out-of-order
is "$rc" 0 "--allow-out-of-order applies it"
is "$(applied)" "0010 0015 0020 0030" "it is recorded"
run_strata down --to 0010
write_migration 0025_late.up.sql "CREATE TABLE late (id INTEGER);"
run_strata up --to 0020
STRATA_ALLOW_OUT_OF_ORDER=1 run_strata up
is "$rc" 0 "STRATA_ALLOW_OUT_OF_ORDER=1 allows it too"
rm db/migrations/0025_late.up.sql db/migrations/0015_tags.*
run_strata repair --yes
run_strata down --all
sql "DROP TABLE IF EXISTS tags; DROP TABLE IF EXISTS late"
run_strata up -n 1

# A syntax error names the file, line and column.
write_migration 0020_posts.up.sql "CREATE TABLE posts (id INTEGER);
INSERT INTO posts VALUES (1);
  SELEC 1;"
fails_cleanly "a syntax error" "0020_posts" up
like "$err" "at db/migrations/0020_posts\.up\.sql:3:3" \
  "the error names file:line:column"
is "$(tables)" "users" "the statements before it were rolled back"
is "$(applied)" "0010" "history is unchanged"

# A statement that fails at run time, after others succeeded.
write_migration 0020_posts.up.sql "CREATE TABLE posts (id INTEGER);
CREATE TABLE comments (id INTEGER);
INSERT INTO nosuch VALUES (1);"
fails_cleanly "a failing statement" "nosuch" up
like "$err" "0020_posts\.up\.sql:3:" "it is located"
is "$(tables)" "users" "the migration's other tables are gone"
is "$(applied)" "0010" "and history is unchanged"
run_strata status --exit-code
is "$rc" 3 "the failed migration is still pending, not failed"

# Earlier migrations of the same run stay applied.
write_migration 0020_posts.up.sql "CREATE TABLE posts (id INTEGER);"
write_migration 0030_email.up.sql "ALTER TABLE nosuch ADD COLUMN email TEXT;"
run_strata up
is "$rc" 1 "a run whose second migration fails exits 1"
is "$(applied)" "0010 0020" "the first one stays applied"
like "$err" "applying 0020 posts \.\.\. ok" "progress shows what ran"
like "$err" "applying 0030 email \.\.\. failed" "and what failed"

# Down without a down script.
rm db/migrations/0020_posts.down.sql
fails_cleanly "down of a migration without a down file" \
  "0020_posts.*no down" down
write_migration 0020_posts.down.sql "DROP TABLE posts;"
rm db/migrations/0010_users.down.sql
fails_cleanly "down -n 2 checks every down file before reverting any" \
  "0010_users.*no down" down -n 2
is "$(applied)" "0010 0020" "both are still applied"

done_testing
