#!/bin/sh
# repair: accepting edits and forgetting missing files, --mark-applied,
# --mark-reverted, --dry-run, and the confirmation it needs.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

three_migrations
run_strata up
write_migration 0020_posts.up.sql \
  "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER, body TEXT);"
rm db/migrations/0030_email.up.sql db/migrations/0030_email.down.sql
before=$(snapshot)

run_strata repair
is "$rc" 2 "repair without a terminal and without --yes is refused"
is "$(lines "$err")" 1 "with one line"
like "$err" "^strata: error: .*pass --yes" "that says to pass --yes"
is "$(snapshot)" "$before" "and changes nothing"

run_strata repair --dry-run
is "$rc" 0 "repair --dry-run needs no confirmation"
like "$err" "would accept the new checksum of 0020_posts" "it names the change to accept"
like "$err" "would forget 0030_email" "and the migration to forget"
is "$(snapshot)" "$before" "and changes nothing"

if command -v script >/dev/null 2>&1; then
  printf 'n\n' | script -qec "'$STRATA' repair" /dev/null >prompt.out 2>&1
  like "$(cat prompt.out)" "\[y/N\]" "on a terminal repair asks"
  is "$(snapshot)" "$before" "and 'n' changes nothing"
  printf 'y\n' | script -qec "'$STRATA' repair" /dev/null >prompt.out 2>&1
  like "$(cat prompt.out)" "changed 2 history rows" "'y' repairs"
else
  skip "no script(1) to give repair a terminal"
fi

run_strata repair --yes
is "$rc" 0 "repair --yes succeeds"
run_strata status --exit-code
is "$rc" 0 "afterwards nothing is changed or missing"
is "$(applied)" "0010 0020" "the missing migration is forgotten"
is "$(sql "SELECT count(*) FROM pragma_table_info('users') WHERE name = 'email'")" 1 \
  "repair never touches the schema"

run_strata repair --yes
is "$rc" 0 "repair with nothing to do succeeds"
like "$err" "nothing to repair" "and says so"

# A migration applied by hand is recorded without running it.
write_migration 0030_email.up.sql "ALTER TABLE users ADD COLUMN email TEXT;"
run_strata repair --mark-applied 0030 --dry-run
is "$(applied)" "0010 0020" "--mark-applied --dry-run records nothing"
# The schema is checked first: 0020's file was edited after it ran, so the
# migrations build posts.body, which the database lacks.
run_strata repair --mark-applied 0030 -y
is "$rc" 1 "--mark-applied refuses a schema the migrations do not build"
like "$err" "table posts: column body is missing from the database" \
  "naming the difference"
is "$(applied)" "0010 0020" "and records nothing"
run_strata repair --mark-applied 0030 -y --force
is "$rc" 0 "--mark-applied --force succeeds"
is "$(applied)" "0010 0020 0030" "--mark-applied records the version"
run_strata up
is "$rc" 0 "up afterwards does not run it (it would fail: the column exists)"

# A migration reverted by hand is removed from history without running down.
run_strata repair --mark-reverted 0020 --yes
is "$rc" 0 "--mark-reverted succeeds"
is "$(applied)" "0010 0030" "--mark-reverted removes the row"
is "$(tables)" "posts users" "and leaves the table"

run_strata repair --mark-reverted 0990 --yes
isnt "$rc" 0 "--mark-reverted of an unknown version fails"

run_strata repair --mark-applied 0030 --mark-reverted 0030 --yes
is "$rc" 2 "--mark-applied and --mark-reverted together are a usage error"

done_testing
