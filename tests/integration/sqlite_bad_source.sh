#!/bin/sh
# Bad migration folders and files: each is one clear line naming the
# file, a non-zero exit, and no change to the database.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

write_migration 0010_users.up.sql "CREATE TABLE users (id INTEGER);"
run_strata up
is "$(applied)" 0010 "the starting point is applied"
cp "$DB" pristine.db

# refused DESCRIPTION PATTERN [ARGS...]: `strata up ARGS` fails with one
# line matching PATTERN and the database is unchanged.  status must fail
# the same way.  Each case starts from the same database.
refused() {
  local what=$1 pattern=$2 before
  shift 2
  before=$(snapshot)
  run_strata up "$@"
  if [ "$rc" = 1 ] && [ "$(lines "$err")" = 1 ] &&
    printf '%s' "$err" | grep -Eq -- "^strata: error: .*$pattern"; then
    ok 0 "$what: one line, exit 1"
  else
    ok 1 "$what: one line, exit 1"
    printf '#   rc=%s err=%s\n' "$rc" "$err"
  fi
  is "$(snapshot)" "$before" "$what: nothing changed"
  run_strata status "$@"
  is "$rc" 1 "$what: status fails too"
  cp pristine.db "$DB"
}

refused "a missing folder" "no/such/dir" -d no/such/dir
printf 'x' >a-file
refused "a file instead of a folder" "a-file" -d a-file

write_migration 20_users_no_separator.up.sql "SELECT 1;"
mv db/migrations/20_users_no_separator.up.sql db/migrations/users.up.sql
refused "a name without a version" "users\.up\.sql"
rm db/migrations/users.up.sql

write_migration 0021_posts.upp.sql "SELECT 1;"
refused "a malformed suffix" "0021_posts\.upp\.sql"
rm db/migrations/0021_posts.upp.sql

write_migration 0023_.up.sql "SELECT 1;"
refused "a version without a name" "0023_\.up\.sql"
rm db/migrations/0023_.up.sql

printf -- '-- Write the change here.\n' >db/migrations/0024_new.up.sql
refused "a file still as 'strata new' wrote it" \
  "0024_new\.up\.sql' is still the template 'strata new' wrote"
rm db/migrations/0024_new.up.sql

# Another tool's sections: run whole, the down would run with the up.
printf -- '-- migrate:up\nCREATE TABLE x (id INTEGER);\n\n-- migrate:down\nDROP TABLE x;\n' \
  >db/migrations/0025_x.sql
refused "a dbmate file read as plain" \
  "0025_x\.sql' holds the dbmate section marker .* pass --layout dbmate" \
  --layout plain
rm db/migrations/0025_x.sql
printf -- '-- +goose Up\nCREATE TABLE x (id INTEGER);\n-- +goose Down\nDROP TABLE x;\n' \
  >db/migrations/0025_x.up.sql
refused "a goose file read as plain" \
  "0025_x\.up\.sql' holds the goose section marker .* pass --layout goose" \
  --layout plain
rm db/migrations/0025_x.up.sql

write_migration 0020_posts.up.sql "CREATE TABLE posts (id INTEGER);"
write_migration 020_posts_again.sql "CREATE TABLE posts2 (id INTEGER);"
refused "a duplicate version" "0020_posts\.up\.sql.*020_posts_again\.sql|020_posts_again\.sql.*0020_posts\.up\.sql"
rm db/migrations/020_posts_again.sql

printf 'CREATE TABLE caf\351 (id INTEGER);\n' >db/migrations/0030_latin1.up.sql
refused "a file that is not UTF-8" "0030_latin1\.up\.sql"
rm db/migrations/0030_latin1.up.sql

write_migration 0040_orphan.down.sql "DROP TABLE orphan;"
refused "a down file without its up" "0040_orphan\.down\.sql"
rm db/migrations/0040_orphan.down.sql

run_strata up
is "$rc" 0 "with the bad files gone, up works"
is "$(applied)" "0010 0020" "and applies what is left"

done_testing
