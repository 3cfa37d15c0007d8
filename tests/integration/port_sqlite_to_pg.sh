# `strata port` from SQLite to PostgreSQL: port_sqlite_awkward.sql (NULL
# in every type, 64-bit extremes, 4-byte UTF-8, blobs with NUL bytes, a
# column without a declared type, AUTOINCREMENT past deleted rows,
# unnamed keys, checks and foreign keys, a generated column, a partial
# index, a view and a trigger, self-referencing and cyclic foreign keys, a
# long name) ported with --verify, and what PostgreSQL holds afterwards.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
has_driver sqlite || skip_all "this build has no SQLite driver"
command -v sqlite3 >/dev/null || skip_all "the sqlite3 shell is not installed"
pg_scratch_database
scratch_tmpdir
src=$scratch/source.sqlite3
sqlite3 "$src" <"$STRATA_SRCDIR/tests/integration/fixtures/port_sqlite_awkward.sql" ||
  { echo "Bail out! cannot load the fixture"; exit 1; }

run_strata port --from "sqlite:$src" --to "$pg_url" --verify
is "$rc" 5 "SQLite to PostgreSQL keeps every row and passes --verify"
is "$(printf '%s\n' "$err" | tail -1)" \
  "the port left out 1 object (1 to port by hand, 0 with no equivalent): see the notes above" \
  "its last line counts what PostgreSQL could not take"
like "$err" "ported 5 tables, 12 rows" "it says so"
is "$(ls "$TMPDIR" | wc -l | tr -d ' ')" 0 "and sets nothing aside"

is "$(pg "SELECT id, parent_id, up_id, encode(data, 'hex'), amount, loose, flag, twice
          FROM child ORDER BY id")" \
  "1|1||00ff00deadbeef00|12.5|text 𝄞|t|2
2|2|1||9223372036854775807|42|f|4
3||2||-9223372036854775808|1.25||6
4|||||||8" \
  "64-bit extremes, blobs with NUL bytes, an empty blob, the untyped column as text, NULL"
is "$(pg "SELECT count(*) FROM child WHERE id = 2 AND data = ''::bytea")" 1 \
  "an empty blob stays empty, not NULL"
is "$(pg "SELECT name, score, born FROM parent ORDER BY id")" \
  "Ann 😀|9.5|1980-05-06
bob|1e+308|" "an emoji, a huge real and a date arrive intact"
is "$(pg "SELECT format_type(atttypid, atttypmod) FROM pg_attribute
          WHERE attrelid = 'child'::regclass AND attname IN ('id', 'loose', 'amount', 'flag')
          ORDER BY attnum")" "bigint
numeric
text
boolean" "INTEGER is bigint, NUMERIC numeric, no type text, BOOLEAN boolean"
like "$out" "child.loose: no declared type: becomes text" "the untyped column's choice is said"
like "$out" "child.id: INTEGER becomes bigint" "and INTEGER's"
like "$out" "child.id: INTEGER PRIMARY KEY becomes an identity" \
  "and INTEGER PRIMARY KEY's"

is "$(pg "SELECT conname FROM pg_constraint WHERE conrelid IN ('parent'::regclass, 'child'::regclass, 'hosts'::regclass)
          AND contype IN ('u', 'f', 'c') ORDER BY conname")" \
  "child_parent_id_fkey
child_up_id_fkey
hosts_keeper_id_fkey
parent_check
parent_name_key" "unnamed keys, checks and foreign keys get PostgreSQL's names"
is "$(pg "INSERT INTO parent (name) VALUES ('new') RETURNING id")" 10 \
  "AUTOINCREMENT goes on past the rows deleted on the source"
is "$(pg "SELECT indexdef FROM pg_indexes WHERE tablename = 'child' AND indexname NOT LIKE '%pkey'")" \
  "CREATE INDEX child_parent ON public.child USING btree (parent_id) WHERE (parent_id IS NOT NULL)" \
  "a partial index stays partial"
refused() { pg "$1" >/dev/null 2>&1 && echo accepted || echo refused; }
is "$(refused "INSERT INTO parent (name) VALUES ('')")" refused \
  "the CHECK on length(name) holds"
is "$(refused "INSERT INTO parent (name) VALUES ('bob')")" refused \
  "the unique key holds"
is "$(refused "INSERT INTO child (id, parent_id) VALUES (50, 77)")" refused \
  "a foreign key holds"
is "$(pg "INSERT INTO child (parent_id) VALUES (1) RETURNING id, twice")" "5|10" \
  "an INTEGER PRIMARY KEY numbers new rows, and the generated column computes"
is "$(pg "SELECT count(*) FROM a_table_name_running_well_past_sixty_four_characters_i_e9f4c9af")" 2 \
  "a long name is shortened as for MySQL"
unlike "$out" "view totals" "a view whose tables have aliases is ported"
is "$(pg "SELECT string_agg(n::text, ',' ORDER BY name) FROM totals")" "2,1" \
  "and reads the rows (the child inserted above among them)"
like "$out" "hand: trigger parent.parent_renamed" "the trigger too"

# SQLite keeps what its column's type does not describe; PostgreSQL sets
# such a row aside with its reason, and the port says how many.
odd=$scratch/odd.sqlite3
sqlite3 "$odd" "CREATE TABLE odd (id INTEGER PRIMARY KEY, n INTEGER, d DATE);
  INSERT INTO odd VALUES (1, 5, '2024-01-02'), (2, 'five', NULL), (3, 7, 'soon');
  CREATE TABLE strict_one (id INTEGER PRIMARY KEY, v ANY) STRICT;
  CREATE TABLE shout (id INTEGER PRIMARY KEY, Qty INTEGER CHECK (QTY >= 0));
  INSERT INTO strict_one VALUES (1, 42), (2, 'x'), (3, 2.5);"
run_strata port --from "sqlite:$odd" --to "$pg_url" --schema odd \
  --reject-dir "$scratch/rejects" --verify
is "$rc" 1 "a port that set rows aside fails"
is "$(printf '%s\n' "$err" | tail -1)" \
  "  rejected rows (in '$scratch/rejects'): odd 2" "counting them"
is "$(pg "SELECT v FROM odd.strict_one ORDER BY id")" "42
x
2.5" "a STRICT table's ANY column is text, each value its text"
like "$out" "strict_one.v: ANY: becomes text" "said so"
is "$(pg "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'shout_check'")" \
  "CHECK ((qty >= 0))" "a CHECK names its column in any case, as SQLite reads it"
is "$(pg "SELECT id, n, d FROM odd.odd ORDER BY id")" "1|5|2024-01-02" \
  "the rows PostgreSQL can hold are in"
like "$(grep '"id=2"' "$scratch/rejects/odd.rejects.jsonl")" 'bigint.*five' \
  "text in an INTEGER column is set aside with PostgreSQL's reason"
like "$(grep '"id=3"' "$scratch/rejects/odd.rejects.jsonl")" 'date.*soon' \
  "and text in a DATE column"

# --emit-migration: the down drops the generated names' constraints with
# their tables, and the up makes them again.
cd "$scratch" || exit 1
run_strata port --from "sqlite:$src" --to "$pg_url" --schema emitted \
  --emit-migration emitted
is "$rc" 5 "a port from SQLite writes its schema as a migration"
run_strata down --url "$pg_url?schema=emitted" --dir emitted
is "$rc" 0 "its down runs"
is "$(pg "SELECT count(*) FROM pg_tables WHERE schemaname = 'emitted'
          AND tablename NOT LIKE 'strata%'")" 0 "and drops what the port made"
run_strata up --url "$pg_url?schema=emitted" --dir emitted
is "$rc" 0 "its up makes it again"
is "$(pg "SELECT count(*) FROM pg_constraint WHERE connamespace = 'emitted'::regnamespace
          AND conname IN ('parent_check', 'parent_name_key', 'child_parent_id_fkey')")" 3 \
  "with the generated names"
done_testing
