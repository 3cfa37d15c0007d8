# `strata port` from an SQLite file to another (a same-engine copy):
# port_sqlite_awkward.sql (NULL in every type, 64-bit extremes, 4-byte
# UTF-8, blobs with NUL bytes, a column without a declared type,
# AUTOINCREMENT past deleted rows, a generated column, a partial index, a
# view and a trigger, self-referencing and cyclic foreign keys, a long
# name) ported with --verify, and what the copy holds afterwards.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
has_driver sqlite || skip_all "this build has no SQLite driver"
command -v sqlite3 >/dev/null || skip_all "the sqlite3 shell is not installed"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/strata-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
scratch_tmpdir
src=$scratch/source.sqlite3
db=$scratch/copy.sqlite3
sqlite3 "$src" <"$STRATA_SRCDIR/tests/integration/fixtures/port_sqlite_awkward.sql" ||
  { echo "Bail out! cannot load the fixture"; exit 1; }
lite() { sqlite3 "$db" "$1"; }
row() { sqlite3 "$1" "SELECT id, parent_id, up_id, hex(data), quote(amount),
                             typeof(loose), quote(loose), flag, twice
                      FROM child ORDER BY id"; }

run_strata port --from "sqlite:$src" --to "sqlite:$db" --verify
is "$rc" 0 "SQLite to SQLite keeps every row and passes --verify"
like "$err" "ported 5 tables, 12 rows" "it says so"
is "$(ls "$TMPDIR" | wc -l | tr -d ' ')" 0 "and sets nothing aside"
like "$out" "child.loose: no declared type: a value that reads as a number is copied as a number" \
  "the untyped column's choice is said"
run_strata dump --url "sqlite:$src"
source_dump=$out
run_strata dump --url "sqlite:$db"
is "$out" "$source_dump" \
  "the copy's schema dumps as the source's: keys, checks, the partial index, the view, the trigger, the generated column"
is "$(row "$db")" "$(row "$src")" \
  "every value is equal, storage class included: NULL, 64-bit extremes, blobs with NUL bytes, an empty blob"
is "$(lite "SELECT name FROM parent WHERE id = 1")" "Ann 😀" \
  "an emoji arrives intact"
is "$(lite "SELECT score FROM parent WHERE id = 2")" "1.0e+308" \
  "a huge real is exact"
is "$(lite "SELECT quote(a_column_name_running_well_past_sixty_four_characters_in_sqlite_files_y)
            FROM a_table_name_running_well_past_sixty_four_characters_in_sqlite_files_x")" \
  "'tab	and
newline'
NULL" "a long name, and text with a tab and a newline"
is "$(lite "PRAGMA foreign_key_check")" "" \
  "self-referencing and cyclic foreign keys hold"
is "$(lite "INSERT INTO parent (name) VALUES ('new'); SELECT id FROM parent WHERE name = 'new'")" \
  10 "AUTOINCREMENT goes on past the rows deleted on the source"
is "$(lite "UPDATE parent SET name = 'Anne' WHERE id = 1; SELECT amount FROM child WHERE id = 1")" \
  13.5 "the trigger fires"

# A copy into a file that has tables is refused; a changed row is found.
run_strata port --from "sqlite:$src" --to "sqlite:$db"
is "$rc" 1 "a second port into the copy is refused"
run_strata port --from "sqlite:$src" --to "sqlite:$db" --verify-only
is "$rc" 1 "--verify-only finds what changed"
like "$err" "table parent differs" "naming the table"
done_testing
