#!/bin/sh
# --dry-run prints the SQL that would run and changes nothing.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

three_migrations
run_strata up -n 1
before=$(snapshot)

run_strata up --dry-run
is "$rc" 0 "up --dry-run succeeds"
like "$out" "CREATE TABLE posts \(id INTEGER PRIMARY KEY, user_id INTEGER\)" \
  "it prints the SQL of the first pending migration"
like "$out" "ALTER TABLE users ADD COLUMN email TEXT" "and of the next"
like "$out" "^-- 0020_posts \(up\)" "each under a comment naming it"
like "$out" "BEGIN" "with its transaction"
unlike "$out" "CREATE TABLE users" "not the applied one"
like "$err" "would apply 2 migrations; nothing was changed" "stderr sums it up"
is "$(snapshot)" "$before" "nothing changed"

run_strata up --dry-run -q
like "$out" "CREATE TABLE posts" "-q still prints the SQL asked for"
is "$err" "" "but nothing else"

run_strata up --dry-run --to 0020
unlike "$out" "ALTER TABLE" "--dry-run honours --to"

run_strata down --dry-run
is "$rc" 0 "down --dry-run succeeds"
like "$out" "DROP TABLE users" "it prints the down SQL"
is "$(snapshot)" "$before" "nothing changed"

run_strata up
before=$(snapshot)
run_strata down --all --dry-run
like "$out" "ALTER TABLE users DROP COLUMN email.*" "down --all --dry-run prints every down"
like "$out" "DROP TABLE posts" "in order"
is "$(snapshot)" "$before" "nothing changed"

run_strata redo --dry-run
is "$rc" 0 "redo --dry-run succeeds"
like "$(printf '%s' "$out" | tr '\n' ' ')" "DROP COLUMN email.*ADD COLUMN email" \
  "it prints the down then the up"
is "$(snapshot)" "$before" "nothing changed"

run_strata repair --dry-run
is "$(snapshot)" "$before" "repair --dry-run changes nothing"

done_testing
