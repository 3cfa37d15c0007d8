#!/bin/sh
# A migration checked out with CRLF line endings or a byte-order mark is
# not an edit; a BOM or CRLF in a new file is read correctly.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

write_migration 0010_users.up.sql "CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT
);
INSERT INTO users (name) VALUES ('a;b');"
run_strata up
is "$rc" 0 "up of an LF file succeeds"

# The same file as a Windows checkout would write it.
printf '\357\273\277' >bom.tmp
sed 's/$/\r/' db/migrations/0010_users.up.sql >>bom.tmp
mv bom.tmp db/migrations/0010_users.up.sql
like "$(od -c db/migrations/0010_users.up.sql | head -1)" "357 273 277" \
  "set-up: the file now starts with a BOM"
like "$(od -c db/migrations/0010_users.up.sql)" '\\r' "set-up: and has CRLF"

run_strata status --exit-code
is "$rc" 0 "status --exit-code sees no edit"
like "$out" "^0010 +users +applied" "the migration is applied, not changed"
run_strata up
is "$rc" 0 "up is not blocked"

# A new file with a BOM and CRLF runs as SQL.
printf '\357\273\277CREATE TABLE posts (id INTEGER);\r\nINSERT INTO posts VALUES (1);\r\n' \
  >db/migrations/0020_posts.up.sql
run_strata up
is "$rc" 0 "a BOM and CRLF file applies"
is "$(sql "SELECT count(*) FROM posts")" 1 "all of its statements ran"
is "$(sql "SELECT name FROM users")" "a;b" "a semicolon in a string is no split"

done_testing
