#!/bin/sh
# up, down and redo with their limits: --to, -n and --all.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

three_migrations

run_strata up
is "$rc" 0 "up succeeds"
is "$(applied)" "0010 0020 0030" "up applies every migration"
is "$(tables)" "posts users" "up made the tables"
is "$(sql "SELECT count(*) FROM pragma_table_info('users') WHERE name = 'email'")" 1 \
  "up made the column"
like "$err" "applying 0010 users \.\.\. ok \([0-9.]+ ms\)" "progress names each migration"
like "$out" "applied 3 migrations" "the result says how many"

run_strata up
is "$rc" 0 "up with nothing to do succeeds"
like "$err" "nothing to apply" "and says so"
is "$(applied)" "0010 0020 0030" "and changes nothing"

run_strata down
is "$rc" 0 "down succeeds"
is "$(applied)" "0010 0020" "down reverts one migration by default"
like "$err" "reverting 0030 email \.\.\. ok" "progress names the reverted migration"
like "$out" "reverted 1 migration" "the result says how many"

run_strata down -n 2
is "$rc" 0 "down -n 2 succeeds"
is "$(applied)" "" "down -n 2 reverts two"
is "$(tables)" "" "and their tables are gone"

run_strata up --to 0020
is "$rc" 0 "up --to succeeds"
is "$(applied)" "0010 0020" "up --to stops at the version, inclusive"

run_strata up -n 1
is "$rc" 0 "up -n 1 succeeds"
is "$(applied)" "0010 0020 0030" "up -n 1 applies one"

run_strata down --to 0010
is "$rc" 0 "down --to succeeds"
is "$(applied)" "0010" "down --to keeps the version itself"
is "$(tables)" "users" "and only its table"

run_strata up --count=2
is "$(applied)" "0010 0020 0030" "--count is -n"

before=$(sql "SELECT applied_at || checksum FROM strata_migrations WHERE version = '0010'")
sql "INSERT INTO posts (user_id) VALUES (7)"
run_strata redo
is "$rc" 0 "redo succeeds"
is "$(applied)" "0010 0020 0030" "redo leaves the same history"
like "$(printf '%s' "$err" | tr '\n' ' ')" "reverting 0030 email .*applying 0030 email" \
  "redo reverts then applies the newest"
like "$out" "reverted 1 and applied 1 migration" "the result says so"
is "$(sql "SELECT count(*) FROM posts")" 1 "redo touched only the newest migration"
is "$(sql "SELECT applied_at || checksum FROM strata_migrations WHERE version = '0010'")" \
  "$before" "older history rows are untouched"

run_strata down --all
is "$rc" 0 "down --all succeeds"
is "$(applied)" "" "down --all reverts everything"
is "$(tables)" "" "and every table is gone"

run_strata down
is "$rc" 0 "down with nothing applied succeeds"
like "$err" "nothing to revert" "and says so"

run_strata redo
is "$rc" 0 "redo with nothing applied succeeds"
like "$err" "nothing to redo" "and says so"

run_strata up --to 0990
isnt "$rc" 0 "up --to an unknown version fails"
is "$(applied)" "" "and applies nothing"

done_testing
