#!/bin/sh
# status: every state, the table and summary, and --exit-code.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

three_migrations

run_strata status --exit-code
is "$rc" 3 "--exit-code is 3 while migrations are pending"
like "$out" "^VERSION +NAME +STATE +APPLIED AT" "a table with a heading"
like "$out" "^0010 +users +pending +-$" "a pending migration has no time"
like "$out" "3 migrations: 0 applied, 3 pending, 0 with problems" "a summary line"

run_strata status
is "$rc" 0 "without --exit-code pending is no failure"

run_strata up -n 2
run_strata status --exit-code
is "$rc" 3 "still pending after a partial up"
like "$out" "^0010 +users +applied +[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$" \
  "an applied migration shows when, in UTC"
like "$out" "^0030 +email +pending" "the rest is pending"

run_strata up
run_strata status --exit-code
is "$rc" 0 "--exit-code is 0 when everything is applied"
like "$out" "3 migrations: 3 applied, 0 pending, 0 with problems" "summary when up to date"

# An older migration arrives from another branch.
write_migration 0015_tags.up.sql "CREATE TABLE tags (id INTEGER);"
run_strata status --exit-code
is "$rc" 3 "an out-of-order migration counts as pending"
like "$out" "^0015 +tags +out of order" "it is shown as out of order"
like "$out" "allow-out-of-order" "with the way to apply it"
rm db/migrations/0015_tags.up.sql

# An applied file is edited.
write_migration 0020_posts.up.sql \
  "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER, body TEXT);"
run_strata status --exit-code
is "$rc" 4 "--exit-code is 4 when an applied file changed"
like "$out" "^0020 +posts +changed" "the edited migration is changed"
like "$out" "strata repair" "with the way to accept it"
like "$out" "1 with problems" "the summary counts it"

run_strata status -v
like "$out" "sha256:" "-v shows the checksums of a changed migration"

# An applied file is deleted.
rm db/migrations/0030_email.up.sql db/migrations/0030_email.down.sql
run_strata status --exit-code
is "$rc" 4 "--exit-code is 4 when an applied file is gone"
like "$out" "^0030 +email +missing" "the deleted migration is missing"

# Problems win over pending.
write_migration 0040_late.up.sql "CREATE TABLE late (id INTEGER);"
run_strata status --exit-code
is "$rc" 4 "a problem wins over pending"

run_strata status --exit-code -q
is "$rc" 4 "-q keeps the exit code"
is "$out$err" "" "-q prints nothing"

before=$(snapshot)
run_strata status
is "$(snapshot)" "$before" "status changes nothing"

# status of a database that has never seen strata.
rm -f "$DB"
run_strata status
is "$rc" 0 "status of a fresh database works"
like "$out" "^0010 +users +pending" "everything is pending there"

done_testing
