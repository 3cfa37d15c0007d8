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

done_testing
