#!/bin/sh
# strata verify on SQLite: a correct set of migrations passes; each planted
# defect of a broken set is found (a down that forgets an index, one that
# forgets a column, one that drops too much, a missing down, a failing
# down, an up that fails when run twice, an up that fails outright); the
# target is never touched and no scratch file is left behind.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"
. "$STRATA_SRCDIR/tests/integration/portable_lib.sh"

# leftovers: scratch databases anywhere under the working folder.
leftovers() { find . -name 'strata_verify_*' | sort | tr '\n' ' '; }

# A correct set: tables, an index, a column, each undone by its down.
three_migrations
write_migration 0040_index.up.sql "CREATE INDEX users_name_idx ON users (name);"
write_migration 0040_index.down.sql "DROP INDEX users_name_idx;"

# The target holds the first migration and a row; verify must not touch it.
run_strata up -n 1
sql "INSERT INTO users (name) VALUES ('kept')"
before=$(snapshot)

run_strata verify
is "$rc" 0 "a correct set verifies: exit 0"
is "$out" "0010_users: reversible
0020_posts: reversible
0030_email: reversible
0040_index: reversible
4 migrations: 4 verified, 0 with problems" "one line per migration, then a summary"
like "$err" "checking 0030_email \(3 of 4\)" "progress goes to stderr"
is "$(snapshot)" "$before" "the target is untouched"
is "$(leftovers)" "" "no scratch database is left"

# ---- a broken set ------------------------------------------------------------
b=broken
migration $b 0010_users.up.sql \
  "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);"
migration $b 0010_users.down.sql "DROP TABLE users;"
migration $b 0020_index.up.sql "CREATE INDEX users_name_idx ON users (name);"
migration $b 0020_index.down.sql "SELECT 1;"
migration $b 0030_email.up.sql "ALTER TABLE users ADD COLUMN email TEXT;
CREATE TABLE tags (id INTEGER PRIMARY KEY);"
migration $b 0030_email.down.sql "DROP TABLE tags;"
migration $b 0040_notes.up.sql "CREATE TABLE notes (id INTEGER PRIMARY KEY);"
migration $b 0040_notes.down.sql "DROP TABLE notes;
ALTER TABLE users DROP COLUMN email;"
migration $b 0050_missing.up.sql "CREATE TABLE kept (id INTEGER);"
migration $b 0060_bad_down.up.sql "CREATE TABLE lonely (id INTEGER);"
migration $b 0060_bad_down.down.sql "DROP TABLE no_such_table;"
migration $b 0070_last.up.sql "CREATE TABLE last (id INTEGER);"
migration $b 0070_last.down.sql "DROP TABLE last;"

run_strata -d $b verify
is "$rc" 1 "a broken set: exit 1"
line() { printf '%s\n' "$out" | grep "^$1: " ; }
like "$(line 0010_users)" "^0010_users: reversible$" "a good migration passes"
like "$(line 0020_index)" \
  "NOT reversible: down of 0020_index left index users_name_idx" \
  "a down that forgets an index"
like "$(line 0020_index)" "its up then failed: .*users_name_idx already exists" \
  "and the up that cannot run again on top of it"
like "$(line 0030_email)" \
  "NOT reversible: down of 0030_email left column users.email" \
  "a down that forgets a column"
like "$(line 0040_notes)" "down of 0040_notes dropped column users.email" \
  "a down that drops too much"
like "$(line 0040_notes)" \
  "up of 0040_notes applied again after its down did not recreate column users.email" \
  "and what the second up then lacks"
like "$(line 0050_missing)" "^0050_missing: missing down$" "a missing down"
like "$(line 0060_bad_down)" "^0060_bad_down: down failed: .*no such table: no_such_table" \
  "a down that fails, with the error"
like "$(line 0070_last)" "^0070_last: reversible$" \
  "checking goes on after each failure"
like "$out" "7 migrations: 2 verified, 5 with problems" "the summary"
is "$(snapshot)" "$before" "the target is still untouched"
is "$(leftovers)" "" "no scratch database is left"

if command -v python3 >/dev/null 2>&1; then
  run_strata -d $b verify --json
  is "$rc" 1 "--json: exit 1"
  is "$(jget 'd["ok"]')" False "ok is false"
  is "$(jget '[m["result"] for m in d["migrations"]]')" \
    "['reversible', 'not reversible', 'not reversible', 'not reversible', 'missing down', 'down failed', 'reversible']" \
    "each migration's result"
  is "$(jget 'd["migrations"][1]["differences"]')" \
    "['down of 0020_index left index users_name_idx']" "its differences"
  is "$(jget 'd["migrations"][0]["error"], d["migrations"][0]["differences"]')" \
    "(None, [])" "none for a good one"
  like "$(jget 'd["migrations"][5]["error"]')" "no such table" \
    "the error of a failed down"
  is "$(jget 'd["migrations"][0]["version"], d["migrations"][0]["name"], d["migrations"][0]["rerunnable"]')" \
    "('0010', 'users', None)" "version, name, and no re-run check unasked"
  is "$(jget 'd["stopped"]')" None "nothing stopped the check"
  like "$(jget 'd["scratch"]')" "^sqlite:strata_verify_[0-9]+_[0-9]+$" \
    "the scratch database is named"
fi

# ---- an up that fails stops the check ---------------------------------------
f=failing
migration $f 0010_users.up.sql "CREATE TABLE users (id INTEGER PRIMARY KEY);"
migration $f 0010_users.down.sql "DROP TABLE users;"
migration $f 0020_typo.up.sql "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id)"
migration $f 0020_typo.down.sql "DROP TABLE posts;"
migration $f 0030_later.up.sql "CREATE TABLE later (id INTEGER);"
migration $f 0030_later.down.sql "DROP TABLE later;"
run_strata -d $f verify
is "$rc" 1 "an up that fails: exit 1"
like "$(line 0020_typo)" "^0020_typo: up failed: " "it is named"
like "$(line 0030_later)" "^0030_later: not checked$" \
  "the migrations after it are not checked"
like "$out" "stopped: 0020_typo failed to apply, so the migrations after it could not be checked" \
  "and the report says why"
is "$(leftovers)" "" "no scratch database is left after a failure"

# ---- --idempotent --------------------------------------------------------------
i=twice
migration $i 0010_safe.up.sql "CREATE TABLE IF NOT EXISTS safe (id INTEGER);"
migration $i 0010_safe.down.sql "DROP TABLE IF EXISTS safe;"
migration $i 0020_once.up.sql "CREATE TABLE once (id INTEGER);
CREATE INDEX once_id ON once (id);"
migration $i 0020_once.down.sql "DROP TABLE once;"
run_strata -d $i verify
is "$rc" 0 "without --idempotent, running twice is not checked"
run_strata -d $i verify --idempotent
is "$rc" 1 "--idempotent finds an up that fails when run twice"
like "$(line 0010_safe)" "^0010_safe: reversible$" "a re-runnable up passes"
like "$(line 0020_once)" \
  "^0020_once: reversible; NOT re-runnable: table once already exists \(at twice/0020_once.up.sql:1:" \
  "the other is NOT re-runnable, with the error and where"
if command -v python3 >/dev/null 2>&1; then
  run_strata -d $i verify --idempotent --json
  is "$(jget '[(m["result"], m["rerunnable"]) for m in d["migrations"]]')" \
    "[('reversible', True), ('reversible', False)]" "--json: rerunnable"
  like "$(jget 'd["migrations"][1]["rerun_error"]')" "already exists" \
    "and rerun_error"
fi
# The second run is not recorded, and the first run's schema stays.
run_strata -d $i -u sqlite:fresh.db verify --idempotent --scratch sqlite:kept.db
is "$(sqlite3 kept.db "SELECT version FROM strata_migrations ORDER BY 1" | tr '\n' ' ')" \
  "0010 0020 " "history records each migration once"
is "$(sqlite3 kept.db "SELECT name FROM sqlite_master WHERE name = 'once_id'")" \
  "once_id" "and the schema is the first run's"

# The second run is a step of up: a portable migration is rendered for the
# engine again (as written it is PostgreSQL, which SQLite cannot run).
if has_portable; then
  i=rehearsed
  migration $i 0010_things.portable.up.sql "CREATE TABLE IF NOT EXISTS things (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name text
);"
  migration $i 0010_things.portable.down.sql "DROP TABLE things;"
  run_strata -d $i verify --idempotent
  is "$rc" 0 "--idempotent re-runs a portable up rendered, as up runs it"
  like "$(line 0010_things)" "^0010_things: reversible$" \
    "so an IF NOT EXISTS portable table is re-runnable"
else
  skip "this build has no portable parser (libpg_query)"
  skip "so no portable migration to re-run"
fi

# ---- --scratch ------------------------------------------------------------------
run_strata verify --scratch sqlite:mine.db
is "$rc" 0 "--scratch: verify works in the database given"
is "$(sqlite3 mine.db "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'strata%' ORDER BY 1" | tr '\n' ' ')" \
  "posts users " "and leaves it in place, migrated"
is "$(leftovers)" "" "no scratch database of strata's own is made"

run_strata verify --scratch sqlite:mine.db
is "$rc" 1 "a scratch database that is not empty is refused"
like "$err" "the scratch database 'sqlite:mine.db' is not empty \(it holds 'posts'\)" \
  "saying what it holds"
is "$out" "" "and nothing is checked"

sqlite3 history_only.db "CREATE TABLE strata_migrations (x)"
run_strata verify --scratch sqlite:history_only.db
is "$rc" 1 "so is one with a history table strata did not write"

run_strata verify --scratch sqlite:app.db
is "$rc" 1 "the target cannot be the scratch database"
like "$err" "is the target itself" "and the error says so"
is "$(snapshot)" "$before" "the target is still untouched"

# ---- the default target ----------------------------------------------------------
mkdir -p default && cd default || exit 1
unset DATABASE_URL
cp -r ../db .
run_strata verify
is "$rc" 0 "with no URL, the scratch goes beside the default database"
is "$(leftovers)" "" "and is removed"
test -e db/strata.sqlite3
is "$?" 1 "the default database itself is never created"
cd .. || exit 1

run_strata verify --scratch sqlite:nowhere/x.db
is "$rc" 1 "a scratch database that cannot be opened fails"
like "$err" "nowhere" "naming it"

done_testing
