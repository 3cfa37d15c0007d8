# `strata port` with its data: the values PostgreSQL holds afterwards for
# every type of the mapping, the columns the port changed to keep rows the
# default mapping could not hold, rows set aside with their key and reason
# (by strata's own checks and by the server) and the port failing for
# them, keys and foreign keys after the load, identity counters, --verify
# passing and failing, --resume after a failure, --emit-migration,
# --on-error=stop, --json and the refusals.
. "$STRATA_SRCDIR/tests/integration/port_lib.sh"
port_scratch_databases
fixtures=$STRATA_SRCDIR/tests/integration/fixtures

if ! my_client "$my_db" <"$fixtures/port_mysql.sql" ||
  ! my_client "$my_db" <"$fixtures/port_rows.sql"; then
  echo "Bail out! cannot load the fixture"
  exit 1
fi

# value SQL: one value, as psql prints it.
value() { pg "$1"; }
# row_of TABLE COLUMNS [WHERE]: one row, as psql prints it.
row_of() { pg "SELECT $2 FROM $1 ${3:+WHERE $3}"; }

# ---- a whole port -------------------------------------------------------
run_strata port --from "$my_url" --to "$pg_url" --jobs 2 --reject-dir rejects
is "$rc" 5 "a port with rows finishes, leaving out what PostgreSQL cannot take"
is "$(printf '%s\n' "$err" | tail -1)" \
  "the port left out 5 objects (2 to port by hand, 3 with no equivalent): see the notes above" \
  "its last line counts what it left out"
like "$err" "types: 9 rows in" "it says what it copied per table"
is "$(printf '%s\n' "$out" | grep -c 'types.flag: tinyint(1) stays a number, not a boolean: 1 row holds a value other than 0 and 1')" 1 \
  "each note is given once"
is "$(value "SELECT count(*) FROM types")" 9 "every row is in"
is "$(value "SELECT count(*) FROM customers")" 3 "every table is copied"
is "$(value "SELECT count(*) FROM information_schema.tables
             WHERE table_name = 'strata_port_state'")" 0 \
  "the list of tables copied is gone once the port ends"

# Integers at both ends of every width.
is "$(row_of types "tiny, tiny_u, small, small_u, medium, medium_u" "id = 1")" \
  "-128|255|-32768|65535|-8388608|16777215" "small integers keep their extremes"
is "$(row_of types "plain, plain_u, big, big_u" "id = 1")" \
  "-2147483648|4294967295|-9223372036854775808|18446744073709551615" \
  "int unsigned and bigint unsigned keep their extremes"
is "$(row_of types "price, amount, ratio, measure" "id = 1")" \
  "99999999.99|-12345678.1234|1.5|2.2250738585072014e-308" \
  "decimals and floats are exact"
is "$(row_of types "ratio, measure" "id = 3")" "-0.25|1e+300" \
  "a negative float and a huge double"
is "$(row_of types "flag, bit1, bits" "id = 1")" "1|f|101000000001" \
  "a tinyint(1) holding 2 stays a number; bit(1) is boolean, bit(12) its bits"
is "$(row_of types "bits" "id = 3")" "000000000000" \
  "bit(12) keeps its leading zeros"

# Text, with what COPY must escape, and utf8mb4.
is "$(row_of types "label" "id = 1")" "smile 😀 ünïcode" \
  "utf8mb4 text and emoji arrive intact"
is "$(row_of types "t_tiny = E'tab\\there', t_medium = E'line1\\nline2\\\\back'" "id = 1")" \
  "t|t" "tabs, newlines and backslashes arrive intact"
is "$(row_of types "length(t_long)" "id = 1")" 100000 "a long text is whole"
is "$(row_of types "fixed = '', length(fixed::text)" "id = 3")" "t|0" \
  "an empty char(10) is empty"
is "$(row_of types "label = ''" "id = 3")" "t" \
  "an empty string is not NULL"

# Binary, NUL bytes included.
is "$(row_of types "encode(bin, 'hex'), encode(varbin, 'hex'), encode(b_tiny, 'hex'), encode(b_blob, 'hex')" "id = 1")" \
  "00ff00ff00ff00ff00ff00ff00ff00ff|00010203|00|deadbeef00" \
  "binary values keep every byte, NUL included"
is "$(row_of types "length(varbin), encode(b_long, 'hex')" "id = 3")" \
  "0|00" "empty binary is empty, not NULL"

# Dates and times.
is "$(row_of types "born IS NULL, seen, dur, yr" "id = 1")" \
  "t|2024-02-29 23:59:59.123456|23:59:59.999|2155" \
  "a zero date becomes NULL; datetime, time and year are exact"
is "$(row_of types "born IS NULL, made" "id = 3")" "t|1000-01-01" \
  "a partial zero date becomes NULL too"
is "$(row_of types "stamp AT TIME ZONE 'UTC'" "id = 1")" \
  "2038-01-19 03:14:07.99" "timestamps are read and written in UTC"
is "$(row_of customers "created_at AT TIME ZONE 'UTC'" "id = 1")" \
  "2024-05-01 12:00:00.123" "timestamp(3) keeps its milliseconds in UTC"
is "$(row_of types "mood, tags, doc->'b'->>1, doc ? 'a'" "id = 1")" \
  "active|{red,blue}|2.5|t" "enum, set and json arrive as their types"
is "$(row_of types "tags, doc" "id = 3")" "{}|[]" \
  "an empty set is an empty array"

# NULLs everywhere.
is "$(row_of types "num_nulls(tiny, big_u, price, ratio, bit1, bits, label,
      bin, seen, stamp, dur, yr, mood, tags, doc)" "id = 2")" 15 \
  "NULLs stay NULL in every type"

# ---- kept by the mapping, and set aside ----------------------------------
is "$(value "SELECT string_agg(concat_ws('=', id, flag, dur, mood = '', label),
                               ' ' ORDER BY id) FROM types WHERE id BETWEEN 4 AND 8")" \
  "4=2=f 5=0=100:00:00=f 6=0=t 7=0=f=ab 8=0=-00:00:01=f" \
  "2, times beyond a day, the enum error value and text with NUL are kept"
is "$(value "SELECT format_type(atttypid, atttypmod) FROM pg_attribute
             WHERE attrelid = 'types'::regclass AND attname = 'dur'")" \
  interval "a time column holding 100 hours becomes interval"
is "$(value "SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
             FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
             WHERE t.typname = 'types_mood'")" ",active,blocked" \
  "an enum holding '' gains that label, first"
like "$out" "types.label: 1 value lost their NUL bytes" \
  "the NUL bytes taken out are counted"
like "$out" "types.doc: 1 value lost their \\\\u0000 characters" \
  "and so are the \\u0000 that jsonb cannot hold"
is "$(row_of types "doc" "id = 9")" '{"a": ""}' "which leaves the rest"
is "$(value "SELECT count(*) FROM notes")" 3 "NUL bytes cost no row"
ok "$([ ! -e rejects ]; echo $?)" "a port that sets nothing aside makes no folder"

# ---- rows set aside -----------------------------------------------------
# --nul-bytes=error rejects what the default takes out, and a CHECK the
# target has refuses a row only the server can judge.
run_strata port --from "$my_url" --to "$pg_url" --schema refusing \
  --schema-only --nul-bytes=error
pg "ALTER TABLE refusing.types ADD CONSTRAINT not_eight CHECK (id <> 8)"
run_strata port --from "$my_url" --to "$pg_url" --schema refusing \
  --data-only --tables types --reject-dir rejects --verify
is "$rc" 1 "a port that set rows aside fails"
is "$(printf '%s\n' "$err" | tail -1)" \
  "  rejected rows (in 'rejects'): types 3" \
  "its last line counts them per table"
is "$(value "SELECT string_agg(id::text, ',' ORDER BY id) FROM refusing.types")" \
  "1,2,3,4,5,6" "the rows it could hold are in, verified"
rejects=rejects/types.rejects.jsonl
is "$(wc -l <"$rejects" | tr -d ' ')" 3 "one line per rejected row"
like "$(grep '"id=7"' "$rejects")" 'NUL byte in .* column label.*--nul-bytes=strip' \
  "a NUL byte in text is rejected with --nul-bytes=error"
like "$(grep '"id=9"' "$rejects")" 'u0000 in json column doc: jsonb cannot hold one' \
  "and a \\u0000 in json"
like "$(grep '"id=8"' "$rejects")" 'violates check constraint .*not_eight' \
  "a row the server refuses is set aside with the server's reason"

# ---- after the data -----------------------------------------------------
is "$(value "SELECT count(*) FROM pg_constraint
             WHERE conrelid = 'types'::regclass AND contype = 'p'")" 1 \
  "primary keys are created after the load"
is "$(value "SELECT string_agg(conname || '=' || convalidated, ',' ORDER BY conname)
             FROM pg_constraint WHERE conrelid = 'orders'::regclass
             AND contype = 'f'")" \
  "orders_customer=true,orders_product=true" "foreign keys are validated"
is "$(value "INSERT INTO customers (region, code, email) VALUES ('XX', 9, 'n')
             RETURNING id")" 100 \
  "an identity restarts at the source's AUTO_INCREMENT when that is larger"
is "$(value "INSERT INTO products (name, price) VALUES ('Pot', 1)
             RETURNING id")" 3 "an identity restarts after the largest key"
is "$(row_of products "total" "id = 1")" "14.00" \
  "a generated column is computed by PostgreSQL"

# ---- --verify, and a difference found ------------------------------------
run_strata port --from "$my_url" --to "$pg_url" --schema checked --verify \
  --reject-dir rejects2 --json
is "$rc" 5 "a port with --verify passes, leaving out what PostgreSQL cannot take"
is "$(jget 'd["ok"], d["left_out"]')" \
  "(False, {'objects': 5, 'hand': 2, 'unsupported': 3, 'rows': 0, 'reject_dir': None})" \
  "the JSON says it is not ok, and what it left out"
is "$(jget 'sorted(t["name"] for t in d["tables"] if t["verified"])')" \
  "['customers', 'notes', 'orders', 'products', 'types']" \
  "every table is reported verified in the JSON summary"
is "$(jget 'd["rejected"], [t["rejected"] for t in d["tables"] if t["name"] == "types"]')" \
  "(0, [0])" "the summary counts the rejects, in all and per table"

run_strata port --from "$my_url" --to "$pg_url" --schema checked --verify-only
is "$rc" 0 "--verify-only finds the port equal to its source"
# The row PostgreSQL itself refused is on one side only: --verify took it
# out of the source's digest when the server refused it, --verify-only
# cannot know; the rows strata itself rejected it leaves out.
run_strata port --from "$my_url" --to "$pg_url" --schema refusing --verify-only \
  --tables types
like "$err" "table types differs: 7 rows on the source, 6 on the target" \
  "but counts a row PostgreSQL refused as a difference"
pg "UPDATE checked.orders SET note = 'changed' WHERE code = 1 AND product_id = 2"
run_strata port --from "$my_url" --to "$pg_url" --schema checked --verify-only
is "$rc" 1 "--verify-only fails once a row was altered on the target"
like "$err" "table orders differs: 3 rows on each side, but not the same rows" \
  "and names the table"
pg "DELETE FROM checked.customers WHERE id = 3"
run_strata port --from "$my_url" --to "$pg_url" --schema checked --verify-only \
  --tables customers
like "$err" "table customers differs: 3 rows on the source, 2 on the target" \
  "a missing row is told by the counts"

# ---- --data-only, a failing table, --resume ------------------------------
run_strata port --from "$my_url" --to "$pg_url" --schema again --schema-only
is "$rc" 5 "--schema-only creates the tables"
is "$(printf '%s\n' "$err" | tail -1)" \
  "the port left out 5 objects (2 to port by hand, 3 with no equivalent): see the notes above" \
  "and counts what it left out"
is "$(value "SELECT count(*) FROM again.customers")" 0 "and copies no rows"
pg "CREATE FUNCTION again.spoil() RETURNS trigger LANGUAGE plpgsql AS
    \$\$ BEGIN NEW.name := NEW.name || '!'; RETURN NEW; END \$\$;
    CREATE TRIGGER spoil BEFORE INSERT ON again.products
      FOR EACH ROW EXECUTE FUNCTION again.spoil()"
run_strata port --from "$my_url" --to "$pg_url" --schema again --data-only \
  --verify --reject-dir rejects3 --jobs 1
is "$rc" 1 "a table whose rows arrive changed fails --verify"
like "$err" "table products differs" "naming it"
like "$err" "run the port again with --resume to copy the rest" \
  "and the way to go on"
is "$(value "SELECT count(*) FROM again.products")" 0 \
  "the failed table is rolled back"
is "$(value "SELECT count(*) > 0 AND bool_and(table_name <> 'products')
             FROM again.strata_port_state")" t \
  "and is not among the tables copied, which are kept"
run_strata port --from "$my_url" --to "$pg_url" --schema again --data-only
is "$rc" 1 "a port that stopped is not started over"
like "$err" "run it again with --resume" "the user is told to resume"
pg "DROP TRIGGER spoil ON again.products"
copied_before=$(value "SELECT string_agg(table_name, ',' ORDER BY table_name)
                        FROM again.strata_port_state")
run_strata port --from "$my_url" --to "$pg_url" --schema again --data-only \
  --resume --verify --reject-dir rejects3 --json
is "$rc" 5 "--resume finishes it, leaving out the geometry's values"
is "$(jget '[n["object"] for n in d["notes"] if n["kind"] == "unsupported"]')" \
  "['column types.shape']" "which its one note says"
is "$(jget '",".join(sorted(t["name"] for t in d["tables"]
                            if t["state"] == "copied before"))')" \
  "$copied_before" "skipping the tables copied before"
is "$(value "SELECT name FROM again.products WHERE id = 1")" "Tea" \
  "and copying the rest"
is "$(value "SELECT count(*) FROM information_schema.tables
             WHERE table_schema = 'again' AND table_name = 'strata_port_state'")" \
  0 "the finished port leaves no list behind"

# ---- --on-error=stop ----------------------------------------------------
run_strata port --from "$my_url" --to "$pg_url" --schema stopped \
  --on-error=stop --tables types --nul-bytes=error
is "$rc" 1 "--on-error=stop fails on the first refused row"
like "$err" "table types, row id=(7|9)" "naming its table and key"
is "$(value "SELECT count(*) FROM stopped.types")" 0 "and copies nothing of it"

run_strata port --from "$my_url" --to "$pg_url" --schema stopped_keyless \
  --on-error=stop --tables notes --nul-bytes=error
like "$err" "table notes, row 2: NUL byte" \
  "a row of a table without a key is named by its place"
run_strata port --from "$my_url" --to "$pg_url" --schema keyless \
  --tables notes --nul-bytes=error --reject-dir rejects4
like "$(cat rejects4/notes.rejects.jsonl)" '"key": "row 2"' \
  "and so is its line in the reject file"
is "$(value "SELECT count(*) FROM keyless.notes")" 2 "the other rows of it are in"

# ---- --emit-migration ---------------------------------------------------
run_strata port --from "$my_url" --to "$pg_url" --schema emitted \
  --tables 'customers,products,orders' --emit-migration emitted
is "$rc" 5 "a port can write its schema as a migration"
is "$(printf '%s\n' "$err" | tail -1)" \
  "the port left out 2 objects (2 to port by hand, 0 with no equivalent): see the notes above" \
  "the migration written, its last line counts what the port left out"
up_file=$(ls emitted/*_port_from_mysql.up.sql 2>/dev/null)
ok "$([ -f "$up_file" ] && [ -f "${up_file%.up.sql}.down.sql" ]; echo $?)" \
  "up and down files are written"
run_strata status --url "$pg_url?schema=emitted" --dir emitted
is "$rc" 0 "strata status reads the target's history"
like "$out" "port_from_mysql +applied" "which has the port applied"
run_strata down --url "$pg_url?schema=emitted" --dir emitted
is "$rc" 0 "its down script runs"
is "$(value "SELECT count(*) FROM information_schema.tables
             WHERE table_schema = 'emitted'
               AND table_name NOT LIKE 'strata\_migrations%'
               AND table_name <> 'strata_port_settings'")" \
  0 "and drops what the port created"
run_strata up --url "$pg_url?schema=emitted" --dir emitted
is "$rc" 0 "and its up script creates it again"
is "$(value "SELECT count(*) FROM emitted.customers")" 0 \
  "as an empty schema"

run_strata port --from "$my_url" --to "$pg_url" --schema emitted_only \
  --tables customers --schema-only --emit-migration emitted_only
is "$rc" 5 "--schema-only can write its schema as a migration too"
run_strata status --url "$pg_url?schema=emitted_only" --dir emitted_only
like "$out" "port_from_mysql +applied" "recorded as applied"

# ---- refusals -----------------------------------------------------------
run_strata port --from "$my_url" --to "$pg_url"
is "$rc" 1 "a port into a schema with tables is refused"
like "$err" "already has .* tables.*--data-only" \
  "saying why and what copies into existing tables"
run_strata port --from "$my_url" --to "$pg_url" --schema nothing_here --resume
is "$rc" 1 "--resume with nothing to resume is refused"
like "$err" "no port to resume" "saying so"
run_strata port --from "$my_url" --to "$pg_url" --schema nothing_here --data-only
is "$rc" 1 "--data-only into a schema with no tables is refused"
like "$err" "has no tables to copy rows into: port the schema first" \
  "saying what to do first"
run_strata port --from "$my_url" --to "$pg_url" --schema unwritable \
  --tables types --reject-dir /proc/strata-rejects --nul-bytes=error
is "$rc" 1 "a reject folder that cannot be made fails the port"
like "$err" "cannot create the reject folder '/proc/strata-rejects'" \
  "saying which folder"
run_strata port --from "$my_url" --to "$pg_url" --schema-only --data-only
is "$rc" 2 "--schema-only with --data-only is a usage error"
run_strata port --from "$my_url" --to "$pg_url" --data-only --emit-migration x
is "$rc" 2 "--emit-migration with --data-only is a usage error"
run_strata port --from "$my_url" --to "$pg_url" --jobs 0
is "$rc" 2 "--jobs 0 is a usage error"
run_strata port --from "$my_url" --to "$pg_url" --on-error=maybe
is "$rc" 2 "an unknown --on-error is a usage error"

done_testing
