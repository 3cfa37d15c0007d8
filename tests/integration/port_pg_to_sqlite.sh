# `strata port` from PostgreSQL to SQLite, a local copy of production for
# tests: port_pg_awkward.sql (NULL in every type, integer extremes,
# infinities, 4-byte UTF-8, bytea with NUL bytes, bit strings, an enum
# type, an array, serial and identity keys, 63-byte names, a
# self-referencing and two cyclic foreign keys) ported with --verify, and
# what the SQLite file holds afterwards.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
has_driver sqlite || skip_all "this build has no SQLite driver"
command -v sqlite3 >/dev/null || skip_all "the sqlite3 shell is not installed"
pg_scratch_database
if ! "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$pg_url" \
     -f "$STRATA_SRCDIR/tests/integration/fixtures/port_pg_awkward.sql" >/dev/null
then
  echo "Bail out! cannot load the fixture"
  exit 1
fi
scratch_tmpdir
db=$scratch/copy.sqlite3
lite() { sqlite3 "$db" "$1"; }
long=a_table_name_of_exactly_sixty_three_bytes_for_postgresql_tests

run_strata port --from "$pg_url" --to "sqlite:$db" --verify
is "$rc" 0 "PostgreSQL to SQLite keeps every row and passes --verify"
like "$err" "ported 5 tables, 12 rows" "it says so"
is "$(ls "$TMPDIR" | wc -l | tr -d ' ')" 0 "and sets nothing aside"

is "$(lite "SELECT s, i, b FROM everything WHERE id < 3 ORDER BY id")" \
  "-32768|-2147483648|-9223372036854775808
32767|2147483647|9223372036854775807" "integer extremes are exact"
is "$(lite "SELECT n, typeof(n), d, flag, one_bit FROM everything WHERE id = 1")" \
  "-123456789.123|real|1.0e+300|1|1" "numeric, double, boolean and bit(1)"
is "$(lite "SELECT r, d FROM everything WHERE id = 2")" "Inf|-Inf" \
  "infinities are kept"
is "$(lite "SELECT hex(bits), hex(raw), quote((SELECT raw FROM everything WHERE id = 2)) FROM everything WHERE id = 1")" \
  "0801|00FF00DEADBEEF00|X''" "a bit string is its bytes; bytea keeps its NUL bytes; empty stays empty"
is "$(lite "SELECT t, v, c FROM everything WHERE id = 1")" \
  "tab	here 𝄞|Ann 😀|ab" \
  "text with a tab and 4-byte UTF-8; char(n) without its padding, as MySQL reads it"
is "$(lite "SELECT day, moment, instant, clock, span FROM everything WHERE id = 1")" \
  "2024-02-29|2024-01-02 03:04:05.678|2024-01-02 01:04:05|23:59:59|1 day 02:00:00" \
  "dates and times; timestamptz in UTC"
is "$(lite "SELECT instant FROM everything WHERE id = 2")" infinity \
  "an infinite timestamptz is kept as text"
is "$(lite "SELECT doc, plain_json, uid, feeling, tags FROM everything WHERE id = 1")" \
  '{"a": [1, 2.5]}|{"x": null}|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|happy|{red,"with space"}' \
  "json, uuid, enum and array as text"
is "$(lite "SELECT count(*) FROM everything WHERE id = 3 AND
              kind_id IS NULL AND s IS NULL AND i IS NULL AND b IS NULL AND
              n IS NULL AND r IS NULL AND d IS NULL AND flag IS NULL AND
              one_bit IS NULL AND bits IS NULL AND t IS NULL AND v IS NULL AND
              c IS NULL AND raw IS NULL AND day IS NULL AND moment IS NULL AND
              instant IS NULL AND clock IS NULL AND span IS NULL AND
              doc IS NULL AND plain_json IS NULL AND uid IS NULL AND
              feeling IS NULL AND tags IS NULL")" 1 "NULL stays NULL in every type"
is "$(lite "SELECT name FROM kinds WHERE id = 3")" "grandchild 😀" \
  "an emoji arrives intact"
is "$(lite "SELECT count(*) FROM $long")" 2 "a 63-byte name is kept"
is "$(lite "PRAGMA foreign_key_check")" "" \
  "self-referencing and cyclic foreign keys hold"
refused() { lite "$1" 2>/dev/null && echo accepted || echo refused; }
is "$(refused "UPDATE everything SET feeling = 'angry' WHERE id = 1")" \
  refused "the enum's labels are a CHECK"
is "$(refused "INSERT INTO kinds (name) VALUES ('root')")" refused \
  "a unique key holds"
is "$(lite "INSERT INTO kinds (name) VALUES ('new'); SELECT id FROM kinds WHERE name = 'new'")" \
  11 "a serial key numbers new rows from the source's sequence, past the rows loaded"
like "$out" "kinds.id: numbered from a sequence: becomes INTEGER PRIMARY KEY AUTOINCREMENT" \
  "said so"
like "$out" "everything.tags: text\\[\\]: becomes TEXT" "an array is approximated, said so"
is "$(lite "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'everything' AND name NOT LIKE 'sqlite_%'")" \
  everything_day "an index is created"
done_testing
