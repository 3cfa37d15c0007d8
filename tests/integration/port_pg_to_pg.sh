# `strata port` from PostgreSQL to PostgreSQL, a same-engine copy:
# port_pg_awkward.sql (NULL in every type, integer extremes, infinities,
# 4-byte UTF-8, bytea with NUL bytes, bit strings, an enum type, an array,
# serial and identity keys, 63-byte names, a self-referencing and two
# cyclic foreign keys) copied into another database with --verify, and
# what the copy holds afterwards.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
copy_db=
copy_cleanup() {
  [ -n "$copy_db" ] && pg_drop_database "$copy_db"
  pg_cleanup
}
pg_scratch_database copy_cleanup
if ! "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$pg_url" \
     -f "$STRATA_SRCDIR/tests/integration/fixtures/port_pg_awkward.sql" >/dev/null
then
  echo "Bail out! cannot load the fixture"
  exit 1
fi
copy_db=${pg_db}_copy
pg_admin "CREATE DATABASE \"$copy_db\"" >/dev/null ||
  { echo "Bail out! cannot create the copy's database"; exit 1; }
copy_url=$(pg_url_for "$copy_db")
copy() { "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -d "$copy_url" -c "$1"; }
scratch_tmpdir

run_strata port --from "$pg_url" --to "$copy_url" --verify
is "$rc" 0 "PostgreSQL to PostgreSQL keeps every row and passes --verify"
like "$err" "ported 5 tables, 12 rows" "it says so"
is "$(ls "$TMPDIR" | wc -l | tr -d ' ')" 0 "and sets nothing aside"
like "$out" "approximated: column everything.bits: bit varying\\(12\\): a shorter value arrives padded to 12 bits" \
  "a bit varying's length is not kept, said so"

run_strata dump --url "$pg_url"
source_dump=$out
run_strata dump --url "$copy_url"
is "$out" "$source_dump" \
  "the copy's schema dumps as the source's: types, sequences, keys, indexes, foreign keys"
every="SELECT to_jsonb(e) - 'bits' FROM everything e ORDER BY id"
is "$(copy "$every")" "$(pg "$every")" \
  "every other value is equal (each as its JSON): extremes, infinities, bytea with NUL bytes, bit strings, enum, array, json"
is "$(copy "SELECT bits FROM everything WHERE id = 2")" 000000000000 \
  "an empty bit varying arrives as 12 zero bits"
kinds="SELECT * FROM kinds ORDER BY id"
is "$(copy "$kinds")" "$(pg "$kinds")" "an emoji arrives intact"
is "$(copy "INSERT INTO kinds (name) VALUES ('new') RETURNING id")" \
  "$(pg "INSERT INTO kinds (name) VALUES ('new') RETURNING id")" \
  "a serial goes on from the source's counter, past the rows loaded"
is "$(copy "INSERT INTO everything DEFAULT VALUES RETURNING id")" 4 \
  "an identity goes on past the rows loaded"

# Into another schema: every object lands there, none in public.
run_strata port --from "$pg_url" --to "$copy_url" --schema again --verify
is "$rc" 0 "a copy into another schema passes --verify"
is "$(copy "SELECT schemaname FROM pg_indexes WHERE indexname = 'everything_day' ORDER BY 1")" \
  "again
public" "its index is on its own table"
is "$(copy "SELECT * FROM again.kinds ORDER BY id")" "$(pg "$kinds")" "its rows are the source's"

# A source that was a port's target: its port bookkeeping stays behind.
run_strata port --from "$copy_url" --to "$pg_url" --schema back --verify
is "$rc" 0 "a port's target ports on in turn"
like "$err" "ported 5 tables, 14 rows" "without the earlier port's bookkeeping"

# A foreign key NOT VALID on the source, with a row without its parent:
# the copy cannot validate it, and the port fails naming the key and the
# row, with the rows in.
pg "CREATE SCHEMA orph;
    CREATE TABLE orph.parent (id int PRIMARY KEY);
    CREATE TABLE orph.child (id int PRIMARY KEY, parent_id int);
    INSERT INTO orph.child VALUES (1, 7);
    ALTER TABLE orph.child ADD CONSTRAINT child_parent
      FOREIGN KEY (parent_id) REFERENCES orph.parent (id) NOT VALID"
run_strata port --from "$pg_url?options=-csearch_path%3Dorph" --to "$copy_url" \
  --schema orph --verify
is "$rc" 1 "a key whose rows have no parent fails the port"
like "$err" 'violates foreign key constraint "child_parent"' "naming the key"
like "$err" 'Key \(parent_id\)=\(7\) is not present' "and the row"
is "$(copy "SELECT * FROM orph.child")" "1|7" "the rows are in"

cd "$scratch" || exit 1
run_strata port --from "$pg_url" --to "$copy_url" --schema emitted \
  --emit-migration emitted
is "$rc" 0 "a copy writes its schema as a migration"
run_strata down --url "$copy_url?schema=emitted" --dir emitted
is "$rc" 0 "its down runs"
is "$(copy "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE nspname = 'emitted' AND relname NOT LIKE 'strata%'")
$(copy "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE nspname = 'emitted' AND typtype = 'e'")" "0
0" "and drops every table, sequence, index and type the copy made"
run_strata up --url "$copy_url?schema=emitted" --dir emitted
is "$rc" 0 "its up makes them again"
done_testing
