#!/bin/sh
# On SQLite: `strata dump --json` gives the schema model as JSON; `up`,
# `down` and `redo` write db/schema.sql after a successful run when asked
# (--dump, the dump setting, STRATA_DUMP), and a dump that fails leaves the
# migrations applied with exit 1.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

command -v python3 >/dev/null 2>&1 || skip_all "no python3 to read JSON"

three_migrations
write_migration 0040_index.up.sql \
  "CREATE UNIQUE INDEX users_email_idx ON users (email) WHERE email IS NOT NULL;"
write_migration 0040_index.down.sql "DROP INDEX users_email_idx;"
run_strata up

# ---- dump --json ---------------------------------------------------------------
run_strata dump --json
is "$rc" 0 "dump --json succeeds"
is "$(jget 'd["engine"]')" sqlite "the document names the engine"
is "$(jget '[t["name"] for t in d["tables"]]')" "['posts', 'users']" \
  "the tables in name order, without strata's own"
is "$(jget '[c["name"] for c in d["tables"][1]["columns"]]')" \
  "['id', 'name', 'email']" "the columns in table order"
is "$(jget 'd["tables"][1]["columns"][1]["flags"]')" "['not_null']" \
  "flags as words"
is "$(jget 'd["tables"][1]["columns"][1]["type_text"], d["tables"][1]["columns"][1]["type"]')" \
  "('TEXT', 'text')" "the engine's type and the neutral one"
is "$(jget 'list(d["tables"][1]["columns"][0].keys())')" \
  "['name', 'position', 'type', 'type_text', 'type_ref', 'length', 'precision', 'scale', 'flags', 'labels', 'default_kind', 'default_value', 'default_expr', 'on_update', 'generated_expr', 'collation', 'comment']" \
  "a column has every field of the model, in its order"
is "$(jget 'list(d["tables"][1].keys())')" \
  "['name', 'comment', 'options', 'columns', 'primary_key', 'uniques', 'checks', 'foreign_keys', 'indexes', 'triggers']" \
  "a table too"
is "$(jget 'list(d.keys())')" \
  "['engine', 'name', 'tables', 'views', 'enums', 'sequences', 'routines']" \
  "and the schema"
is "$(jget '[(i["name"], i["flags"], i["predicate"], [p["column"] for p in i["parts"]]) for i in d["tables"][1]["indexes"]]')" \
  "[('users_email_idx', ['unique'], 'email IS NOT NULL', ['email'])]" \
  "an index with its flags, predicate and parts"
first=$out
run_strata dump --json
is "$out" "$first" "the same document every time"

run_strata dump --json -o schema.json
is "$rc" 0 "dump --json -o FILE succeeds"
is "$out" "" "and prints nothing"
is "$(cat schema.json)" "$first" "the file holds the document"
test -e db/schema.sql
is "$?" 1 "--json does not write db/schema.sql"

# ---- --dump after up, down and redo --------------------------------------------
sqlite3 $DB "DELETE FROM strata_migrations; DROP TABLE posts; DROP TABLE users"
run_strata up --dump
is "$rc" 0 "up --dump succeeds"
like "$out" "^wrote db/schema.sql$" "and says where it wrote"
is "$(cat db/schema.sql)" "$("$STRATA" dump -o -)" "the file is the dump"
like "$(cat db/schema.sql)" "email" "with the last migration in it"

run_strata down --dump
is "$rc" 0 "down --dump succeeds"
is "$(cat db/schema.sql)" "$("$STRATA" dump -o -)" "the file follows the down"
unlike "$(cat db/schema.sql)" "users_email_idx" "the reverted index is gone"

run_strata redo --dump --json
is "$rc" 0 "redo --dump --json succeeds"
is "$(jget 'd["dump"]')" db/schema.sql "the document says where it wrote"
is "$(cat db/schema.sql)" "$("$STRATA" dump -o -)" "the file follows the redo"

run_strata up --dump --dry-run
is "$rc" 2 "--dump with --dry-run is a usage error"

run_strata status --dump
is "$rc" 2 "status takes no --dump"

# ---- the dump setting ---------------------------------------------------------
rm db/schema.sql
run_strata down
test -e db/schema.sql
is "$?" 1 "without --dump or the setting, no dump is written"

printf '[strata]\ndump = on\n' >strata.conf
run_strata up
is "$rc" 0 "dump = on in strata.conf"
is "$(cat db/schema.sql)" "$("$STRATA" dump -o -)" "writes the dump after up"

STRATA_DUMP=off "$STRATA" down >/dev/null 2>&1
is "$?" 0 "STRATA_DUMP=off: down runs"
like "$(cat db/schema.sql)" "users_email_idx" \
  "STRATA_DUMP=off beats the file: the dump is not rewritten"
rm strata.conf db/schema.sql

STRATA_DUMP=yes "$STRATA" up >/dev/null 2>&1
is "$(cat db/schema.sql)" "$("$STRATA" dump -o -)" "STRATA_DUMP=yes writes it"

before=$(applied)
STRATA_DUMP=maybe "$STRATA" down >/dev/null 2>err.txt
is "$?" 1 "a malformed setting is an error"
like "$(cat err.txt)" "invalid value 'maybe' for 'dump'" "naming the setting"
is "$(applied)" "$before" "and nothing runs"

# ---- a dump that fails ---------------------------------------------------------
mkdir db/schema.sql.tmp
run_strata down --dump
is "$rc" 1 "a dump that cannot be written: exit 1"
like "$err" "cannot write 'db/schema.sql.tmp'" "the error names the file"
like "$err" "the migrations ran and stay applied" "and says the run stands"
is "$(applied)" "0010 0020 0030" "the migration stays reverted"
like "$(cat db/schema.sql)" "users_email_idx" "the last good dump is kept"

run_strata down --dump --json
is "$rc" 1 "--json: exit 1 too"
is "$(jget 'd["reverted"], d["dump"]')" "(1, None)" \
  "the document has the run, and no dump"
like "$(jget 'd["error"]["message"]')" "cannot write" "and the error"
is "$(applied)" "0010 0020" "that migration stays reverted too"
rmdir db/schema.sql.tmp

# ---- a file that is not a regular one -------------------------------------------
# A device or a pipe is written in place: renaming a temporary file over it
# would replace /dev/null itself when run as root.
mkfifo pipe
cat pipe >from-pipe.sql &
reader=$!
run_strata dump -o pipe
wait "$reader"
is "$rc" 0 "a dump into a named pipe works"
test -p pipe
ok "$?" "and the pipe is still a pipe"
is "$(cat from-pipe.sql)" "$("$STRATA" dump -o -)" "the dump came through it"
test ! -e pipe.tmp
ok "$?" "no temporary file beside it"

done_testing
