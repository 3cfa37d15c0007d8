#!/bin/sh
# portable_render_golden.sh - `strata render` of one file holding every
# portable type and most ops, for each engine, compared with the SQL
# expected (fixtures/portable/ops.ENGINE.sql).  No server: the rendering
# is offline.  The PostgreSQL and MySQL tests run the same files on their
# servers, and this one runs the SQLite file, so the expected SQL is known
# to be valid, not only stable.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/portable_lib.sh"
has_portable || skip_all "this build has no portable parser (libpg_query)"
scratch_dir
fixtures=$STRATA_SRCDIR/tests/integration/fixtures/portable

for engine in postgres sqlite mysql; do
  if ! has_driver "$engine"; then
    skip "this build has no $engine driver"
    continue
  fi
  run_strata render --engine "$engine" "$fixtures/ops.portable.up.sql"
  is "$rc" 0 "$engine: the file renders: $err"
  printf '%s\n' "$out" >"ops.$engine.sql"
  same_file "ops.$engine.sql" "$fixtures/ops.$engine.sql" \
    "$engine: the SQL is the one expected"
done

if has_driver sqlite && command -v sqlite3 >/dev/null 2>&1; then
  (echo "PRAGMA foreign_keys = ON; BEGIN;"; cat "$fixtures/ops.sqlite.sql"
   echo "COMMIT;") | sqlite3 golden.db 2>sqlite.err
  is "$?" 0 "the SQLite file runs: $(cat sqlite.err)"
  is "$(sqlite3 golden.db "SELECT group_concat(num || ':' || flag, ' ') FROM kinds")" \
    "2:0 -2:1" "and leaves the rows the file says"
fi

# The down of the file: its drops and data changes have no inverse.
run_strata render --down "$fixtures/ops.portable.up.sql"
is "$rc" 1 "the file has no derived down"
like "$err" 'cannot derive the down of ALTER COLUMN TYPE' "the first op without one is named"

# Where an engine differs, the SQL says so in a comment before the
# statement, rather than silently.
like "$(cat "$fixtures/ops.mysql.sql")" '-- note: column ref is char\(36\)' \
  "MySQL notes uuid as char(36)"
like "$(cat "$fixtures/ops.sqlite.sql")" '-- note: column price keeps a decimal as a floating-point' \
  "SQLite notes decimals kept as floating point"
printf 'CREATE TABLE c (a integer);\nCOMMENT ON TABLE c IS %s;\n' "'x'" >comment.portable.up.sql
run_strata render --engine sqlite comment.portable.up.sql
like "$out" '-- note: table c keeps no comment on SQLite' "SQLite notes a comment it drops"

# A type change across kinds of value is refused on every engine alike.
printf 'CREATE TABLE t (a text, b integer, c smallint, e enum(%s));
ALTER TABLE t ALTER COLUMN c TYPE bigint, ALTER COLUMN b TYPE varchar(20);
ALTER TABLE t ALTER COLUMN a TYPE integer;
' "'x'" >types.portable.up.sql
for engine in postgres sqlite mysql; do
  has_driver "$engine" || continue
  run_strata render --engine "$engine" types.portable.up.sql
  is "$rc" 1 "$engine: text to integer is refused"
  like "$err" 'changing column "a" to another kind of value is not portable' \
    "$engine: naming the column"
  like "$err" 'types.portable.up.sql:3:1' "$engine: at the op"
  is "$out" "" "$engine: nothing is written"
done
printf 'CREATE TABLE t (e enum(%s));\nALTER TABLE t ALTER COLUMN e TYPE text;\n' \
  "'x'" >enum.portable.up.sql
run_strata render --engine sqlite enum.portable.up.sql
like "$err" 'to or from an enum is not portable yet' "an enum change is refused"

done_testing
