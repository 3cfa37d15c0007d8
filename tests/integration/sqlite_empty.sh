#!/bin/sh
# Empty and comment-only migrations are no-ops: applied and recorded with
# one notice each, reverted the same way; status and up agree on them.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

write_migration 0010_users.up.sql "CREATE TABLE users (id INTEGER);"
write_migration 0010_users.down.sql "DROP TABLE users;"
: >db/migrations/0020_zero_bytes.up.sql
: >db/migrations/0020_zero_bytes.down.sql
# A Windows editor's comment-only file: BOM, CRLF, trailing blanks.
printf '\357\273\277-- kept on purpose  \r\n\r\n  /* nothing here */ \r\n' \
  >db/migrations/0030_comments.up.sql
printf -- '-- nothing to undo\n' >db/migrations/0030_comments.down.sql
write_migration 0040_posts.up.sql "CREATE TABLE posts (id INTEGER);"
write_migration 0040_posts.down.sql "DROP TABLE posts;"

run_strata status --exit-code
is "$rc" 3 "status: the empty files are pending, not problems"
like "$out" "4 pending, 0 with problems" "status counts them as pending"

run_strata up
is "$rc" 0 "up applies a set with empty and comment-only files"
is "$(applied)" "0010 0020 0030 0040" "every one is recorded"
is "$(tables)" "posts users" "the real ones ran"
like "$err" "0020_zero_bytes has no statement .*applied as a no-op" \
  "the empty file gets a notice"
like "$err" "0030_comments has no statement" "so does the comment-only file"
is "$(printf '%s\n' "$err" | grep -c 'no statement')" 2 "one notice each"

run_strata status --exit-code
is "$rc" 0 "status after up: all applied"

run_strata down --to 0010
is "$rc" 0 "down reverts the empty ones as no-ops"
is "$(applied)" "0010" "and removes them from the history"
is "$(tables)" "users" "the real down ran"
like "$err" "0030_comments has no statement .*reverted as a no-op" \
  "with a notice"

# A file `strata new` wrote and nobody filled in is still refused.
run_strata new unwritten
before=$(snapshot)
run_strata up
is "$rc" 1 "up refuses an unwritten template"
like "$err" "unwritten\\.up\\.sql' is still the template 'strata new' wrote" \
  "and says so"
is "$(snapshot)" "$before" "nothing ran"
run_strata status
is "$rc" 1 "status refuses it the same way"

done_testing
