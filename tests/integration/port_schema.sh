# `strata port --dry-run` and `--schema-only`: a MariaDB database covering
# PORTING.md's mapping table and object rules, translated to PostgreSQL;
# the exact types, defaults, constraints, indexes, enum labels, comments
# and triggers the target then holds; the identity counters set after the
# data; the report; the mapping options; and the refusals.
. "$STRATA_SRCDIR/tests/integration/port_lib.sh"
port_scratch_databases
fixtures=$STRATA_SRCDIR/tests/integration/fixtures

if ! my_client "$my_db" <"$fixtures/port_mysql.sql"; then
  echo "Bail out! cannot load the fixture"
  exit 1
fi

# columns TABLE [SCHEMA]: "name type, ..." as PostgreSQL writes the types.
columns() {
  pg "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod),
       ', ' ORDER BY attnum) FROM pg_attribute
      WHERE attrelid = '${2:-public}.$1'::regclass AND attnum > 0
        AND NOT attisdropped"
}
# column_default TABLE COLUMN [SCHEMA]
column_default() {
  pg "SELECT coalesce(column_default, '(none)') FROM information_schema.columns
      WHERE table_schema = '${3:-public}' AND table_name = '$1'
        AND column_name = '$2'"
}
# constraints TABLE [SCHEMA]: "name: definition" lines, by name.
constraints() {
  pg "SELECT conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint
      WHERE conrelid = '${2:-public}.$1'::regclass ORDER BY conname"
}
# table_count [SCHEMA]: its tables and views, the port's own settings
# table left out.
table_count() {
  pg "SELECT count(*) FROM information_schema.tables
      WHERE table_schema = '${1:-public}'
        AND table_name <> 'strata_port_settings'"
}

# first_line PATTERN, last_line PATTERN: the number of the first or last
# line of ddl.sql that matches.
first_line() { grep -n -E -- "$1" ddl.sql | head -1 | cut -d: -f1; }
last_line() { grep -n -E -- "$1" ddl.sql | tail -1 | cut -d: -f1; }
# identity_statements SCHEMA: ddl.sql's identity statements, to run in
# SCHEMA after rows were loaded.
identity_statements() {
  printf 'SET search_path TO "%s";\n' "$1"
  awk '/^SELECT pg_catalog.setval/,/;$/' ddl.sql
}
pg_file() { "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -d "$pg_url" -f "$1"; }

# ---- the dry run --------------------------------------------------------
my "ALTER TABLE products AUTO_INCREMENT = 42"
run_strata port --from "$my_url" --to "$pg_url" --dry-run
is "$rc" 0 "a dry run succeeds"
is "$(table_count)" 0 "and leaves the target empty"
like "$out" "CREATE TYPE customers_status AS ENUM \('active', 'blocked'\);" \
  "it prints the DDL"
printf '%s\n' "$out" | grep '^-- ' >report.txt
report=$(cat report.txt)
has_note() { has_line "-- $1" report.txt "$2"; } # has_note NOTE DESCRIPTION
has_note "changed: column types.flag: tinyint(1) becomes boolean" \
  "tinyint(1) is reported"
has_note "changed: column types.big_u: bigint unsigned becomes numeric(20,0) with CHECK (>= 0)" \
  "bigint unsigned is reported"
has_note "changed: column types.price: decimal unsigned becomes CHECK (>= 0)" \
  "decimal unsigned is reported"
has_note "changed: column types.mood: enum becomes type customers_status" \
  "an enum reusing another column's type is reported"
has_note "changed: column types.tags: set becomes text[] with a CHECK on its labels" \
  "set is reported"
has_note "unsupported: column types.born: zero-date default '0000-00-00' is left out: PostgreSQL has no such date" \
  "a zero-date default is reported"
has_note "unsupported: column types.shape: type geometry has no PostgreSQL equivalent here: column left out" \
  "geometry is reported unsupported"
has_note "unsupported: index types.types_shape: left out: a part of it does not translate" \
  "an index on the geometry column is left out, and said so"
has_note "approximated: column types.doc: json becomes jsonb: key order, duplicate keys and spacing are not kept, nor a \\u0000 in a string (--json-type=json keeps the text)" \
  "json is reported"
has_note "changed: column customers.updated_at: ON UPDATE current_timestamp() becomes a trigger" \
  "ON UPDATE is reported"
has_note "approximated: index customers.email_prefix: prefix Email(50) becomes the whole column" \
  "a prefix index on a narrow column is reported"
has_note "approximated: index customers.bio_prefix: prefix bio(40) becomes an index on the expression left(bio, 40): queries must use it to use the index" \
  "a prefix index on a text column is reported"
has_note "approximated: index products.products_search: FULLTEXT becomes a GIN index on to_tsvector('simple', ...): MATCH ... AGAINST queries must be rewritten to use it" \
  "FULLTEXT is reported"
has_note "hand: view customer_labels: left out: if() is a MySQL function (CASE WHEN carries); port it by hand" \
  "a view with MySQL-only syntax is left for hand porting"
has_note "hand: trigger products.products_clamp: not translated: port it by hand" \
  "a trigger is left for hand porting"
like "$report" "--     +IF NEW.qty > 1000 THEN SET NEW.qty = 1000; END IF;" \
  "with its source"
like "$report" "-- [0-9]+ notes: [0-9]+ changed, 4 approximated, 3 unsupported, 2 to port by hand" \
  "the report ends with its counts"

# ---- identity counters --------------------------------------------------
printf '%s\n' "$out" >ddl.sql
is "$(grep -c '^SELECT pg_catalog.setval' ddl.sql)" 3 \
  "one identity statement per AUTO_INCREMENT column"
has_line "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence('products', 'id')," \
  ddl.sql "it sets the sequence of the identity"
has_line "  GREATEST(COALESCE(max(id), 0) + 1, 42), false)" ddl.sql \
  "past the largest id, or MySQL's counter when that is larger"
has_line "  GREATEST(COALESCE(max(id), 0) + 1, 1), false)" ddl.sql \
  "and at 1 at least"
last_index=$(last_line '^CREATE (UNIQUE )?INDEX')
first_identity=$(first_line '^SELECT pg_catalog.setval')
last_identity=$(last_line '^SELECT pg_catalog.setval')
first_fk=$(first_line 'FOREIGN KEY')
ok "$([ "$last_index" -lt "$first_identity" ] &&
  [ "$last_identity" -lt "$first_fk" ]; echo $?)" \
  "identities come after the indexes and before the foreign keys"

run_strata --json port --from "$my_url" --to "$pg_url" --dry-run
like "$out" '"kind": "hand"' "--json gives the notes"
like "$out" '"ddl": "SET search_path TO public;' "and the DDL"

# ---- the schema ---------------------------------------------------------
run_strata port --from "$my_url" --to "$pg_url" --schema-only
is "$rc" 5 "--schema-only creates the schema"
like "$out" "-- hand: view customer_labels" "and prints the same report"
is "$(table_count)" 5 "four tables and one view"
is "$(pg "SELECT count(*) FROM pg_class WHERE relname = 'types_shape'")" 0 \
  "the left-out index is not there, and its comment did not fail the run"

is "$(columns types)" "id bigint, flag boolean, tiny smallint, tiny_u smallint, small smallint, small_u integer, medium integer, medium_u integer, plain integer, plain_u bigint, big bigint, big_u numeric(20,0), price numeric(10,2), amount numeric(12,4), ratio real, measure double precision, bit1 boolean, bits bit varying(12), fixed character(10), label character varying(100), t_tiny text, t_medium text, t_long text, bin bytea, varbin bytea, b_tiny bytea, b_blob bytea, b_long bytea, born date, seen timestamp(6) without time zone, stamp timestamp(2) with time zone, dur time(3) without time zone, yr smallint, mood customers_status, tags text[], doc jsonb, made date" \
  "every type of the mapping table"
is "$(columns customers)" "id bigint, region character(2), code integer, email character varying(255), bio text, status customers_status, created_at timestamp(3) with time zone, updated_at timestamp(0) with time zone" \
  "identifiers are lower-cased"
is "$(pg "SELECT numeric_precision || ',' || numeric_scale
          FROM information_schema.columns
          WHERE table_name = 'types' AND column_name = 'big_u'")" "20,0" \
  "bigint unsigned has precision 20, scale 0"
is "$(pg "SELECT is_identity || ' ' || identity_generation
          FROM information_schema.columns
          WHERE table_name = 'customers' AND column_name = 'id'")" \
  "YES BY DEFAULT" "AUTO_INCREMENT becomes an identity"
is "$(pg "SELECT count(*) FROM information_schema.columns
          WHERE is_identity = 'YES'")" 3 "on every table that had one"
is "$(column_default types flag)" "false" "a tinyint(1) default is false"
is "$(column_default types bit1)" "true" "a bit(1) default is true"
is "$(column_default types fixed)" "'it''s'::bpchar" "a quoted default"
is "$(column_default types price)" "9.99" "a decimal default"
is "$(column_default types tags)" "ARRAY['red'::text, 'blue'::text]" \
  "a set default"
is "$(column_default types mood)" "'blocked'::customers_status" \
  "an enum default"
is "$(column_default types made)" "CURRENT_DATE" "curdate() is CURRENT_DATE"
is "$(column_default types born)" "(none)" "the zero-date default is dropped"
is "$(column_default customers created_at)" "CURRENT_TIMESTAMP" \
  "CURRENT_TIMESTAMP(3) is CURRENT_TIMESTAMP"
is "$(pg "SELECT generation_expression FROM information_schema.columns
          WHERE table_name = 'products' AND column_name = 'total'")" \
  "(price * (qty)::numeric)" "the stored generated column"

is "$(pg "SELECT string_agg(t.typname || '=' || array_to_string(
            enum_range(NULL::customers_status)::text[], ','), ' ')
          FROM pg_type t WHERE t.typtype = 'e'")" \
  "customers_status=active,blocked" "one enum type, shared by both columns"

is "$(constraints customers)" "customers_pkey: PRIMARY KEY (id)
customers_region_code: UNIQUE (region, code)" "primary key and unique"
is "$(constraints products)" "products_pkey: PRIMARY KEY (id)
qty_positive: CHECK ((qty > 0))" "a CHECK translated"
is "$(constraints types)" "types_big_u_check: CHECK ((big_u >= (0)::numeric))
types_pkey: PRIMARY KEY (id)
types_price_check: CHECK ((price >= (0)::numeric))
types_tags_check: CHECK ((tags <@ ARRAY['red'::text, 'green'::text, 'blue'::text]))" \
  "unsigned and set checks"
is "$(constraints orders)" "orders_customer: FOREIGN KEY (region, code) REFERENCES customers(region, code) ON UPDATE CASCADE ON DELETE CASCADE
orders_pkey: PRIMARY KEY (region, code, product_id)
orders_product: FOREIGN KEY (product_id) REFERENCES products(id) ON UPDATE RESTRICT ON DELETE RESTRICT" \
  "a composite foreign key with its rules"
is "$(pg "SELECT bool_and(convalidated) FROM pg_constraint
          WHERE contype = 'f'")" "t" "foreign keys are validated"

is "$(pg "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
          AND indexname IN ('bio_prefix', 'email_prefix', 'products_search')
          ORDER BY indexname")" \
  "CREATE INDEX bio_prefix ON public.customers USING btree (\"left\"(bio, 40))
CREATE INDEX email_prefix ON public.customers USING btree (email)
CREATE INDEX products_search ON public.products USING gin (to_tsvector('simple'::regconfig, (((COALESCE(name, ''::character varying))::text || ' '::text) || COALESCE(summary, ''::text))))" \
  "prefix and FULLTEXT indexes"

is "$(pg "SELECT obj_description('customers'::regclass, 'pg_class')")" \
  "people who order" "a table comment"
is "$(pg "SELECT col_description('orders'::regclass, 4)")" "free text" \
  "a column comment"

is "$(pg "SELECT count(*) FROM pg_views WHERE viewname = 'active_customers'")" \
  1 "the portable view is created"
is "$(pg "SELECT count(*) FROM pg_views WHERE viewname = 'customer_labels'")" \
  0 "the other is not"

pg "INSERT INTO customers (region, code, email, updated_at)
    VALUES ('fr', 1, 'a@b', '2000-01-01 00:00:00+00')" >/dev/null
pg "UPDATE customers SET email = 'c@d'" >/dev/null
is "$(pg "SELECT updated_at > '2000-01-02' FROM customers")" "t" \
  "the ON UPDATE trigger sets the timestamp"
pg "UPDATE customers SET updated_at = '2001-01-01 00:00:00+00'" >/dev/null
is "$(pg "SELECT updated_at = '2001-01-01 00:00:00+00' FROM customers")" "t" \
  "but not over a value the update sets"
pg "INSERT INTO products (name, price, qty) VALUES ('x', 2.50, 4)" >/dev/null
is "$(pg "SELECT total FROM products")" "10.00" "the generated column computes"
is "$(pg "SELECT status FROM active_customers")" "active" "the view reads"

# The identity statements of the dry run, as a port runs them after its
# data, here rows loaded with their own ids: 5 in products, 500 among
# customers.
pg "DELETE FROM products;
    INSERT INTO products (id, name, price, qty) VALUES (5, 'x', 1, 1);
    INSERT INTO customers (id, region, code, email, updated_at)
    VALUES (500, 'fr', 2, 'e@f', now())" >/dev/null
identity_statements public >identity.sql
pg_file identity.sql >/dev/null
ok $? "the identity statements run"
is "$(pg "INSERT INTO products (name, price, qty) VALUES ('z', 1, 1)
          RETURNING id")" 42 "an identity goes on from MySQL's counter"
is "$(pg "INSERT INTO customers (region, code, email, updated_at)
          VALUES ('fr', 3, 'g@h', now()) RETURNING id")" 501 \
  "or from past the largest value loaded"
pg "DELETE FROM products; DELETE FROM customers" >/dev/null

run_strata port --from "$my_url" --to "$pg_url" --schema-only
is "$rc" 1 "a second --schema-only is refused"
like "$err" "target schema 'public' .* already has 5 tables" \
  "because the schema is not empty"

# ---- mapping options ----------------------------------------------------
run_strata port --from "$my_url" --to "$pg_url" --schema-only --schema s_opt \
  --enum=check --unsigned-bigint=bigint --datetime=timestamptz \
  --time=interval
is "$rc" 5 "the options port into another schema"
like "$(columns types s_opt)" "big_u bigint, .* seen timestamp\(6\) with time zone, stamp timestamp\(2\) with time zone, dur interval, yr smallint, mood text, tags text\[\]" \
  "bigint, timestamptz, interval and text for enums"
is "$(pg "SELECT count(*) FROM pg_type t JOIN pg_namespace n
          ON n.oid = t.typnamespace WHERE n.nspname = 's_opt'
          AND t.typtype = 'e'")" 0 "no enum type with --enum=check"
like "$(constraints types s_opt)" "types_mood_check: CHECK \(\(mood = ANY \(ARRAY\['active'::text, 'blocked'::text\]\)\)\)" \
  "an enum check"
unlike "$(constraints types s_opt)" "big_u_check" \
  "no unsigned check on a bigint"
like "$out" "approximated: column types.big_u: bigint unsigned becomes bigint" \
  "--unsigned-bigint=bigint is reported"

run_strata port --from "$my_url" --to "$pg_url" --schema-only --schema s_case \
  --preserve-case
is "$rc" 5 "--preserve-case ports"
like "$(columns customers s_case)" ', Email character varying\(255\),' \
  "and keeps the case"

# A name that needs quotes, inside the string pg_get_serial_sequence reads.
my "CREATE TABLE \`Odd \"q' Name\` (\`Id\` int AUTO_INCREMENT PRIMARY KEY,
    v int) AUTO_INCREMENT = 7"
run_strata port --from "$my_url" --to "$pg_url" --dry-run --schema s_quote \
  --tables 'Odd*' --preserve-case
printf '%s\n' "$out" >ddl.sql
has_line "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence('\"Odd \"\"q'' Name\"', 'Id')," \
  ddl.sql "the table's name is quoted, then written as a literal"
run_strata port --from "$my_url" --to "$pg_url" --schema-only --schema s_quote \
  --tables 'Odd*' --preserve-case
is "$rc" 5 "the table ports"
odd='s_quote."Odd ""q'"'"' Name"'
pg "INSERT INTO $odd (\"Id\", v) VALUES (20, 0)" >/dev/null
identity_statements s_quote >identity.sql
pg_file identity.sql >/dev/null
ok $? "its identity statement runs"
is "$(pg "INSERT INTO $odd (v) VALUES (1) RETURNING \"Id\"")" 21 \
  "and sets the right sequence"

run_strata port --from "$my_url" --to "$pg_url" --dry-run --tables 'cust*,orders' \
  --exclude orders
is "$rc" 0 "--tables and --exclude"
like "$out" "CREATE TABLE customers" "keep the tables named"
unlike "$out" "CREATE TABLE (orders|types|products)" "and leave the others"

# ---- names PostgreSQL would cut or confuse -------------------------------
# Two 64-character table names alike in their first 63, a 64-character
# column, and an enum column whose type name a table already has.
long=$(printf 'l%.0s' $(seq 1 62))
euros=n$(printf '€%.0s' $(seq 1 21)) # 64 bytes; byte 55 is inside a '€'

my "CREATE TABLE \`${long}_1\` (id int PRIMARY KEY, \`${long}_c\` int);
    CREATE TABLE \`${long}_2\` (id int PRIMARY KEY);
    CREATE TABLE nm (id int PRIMARY KEY, status ENUM('new', 'old'));
    CREATE TABLE nm_status (id int PRIMARY KEY);
    CREATE TABLE \`${euros}\` (id int PRIMARY KEY);
    INSERT INTO \`${long}_1\` VALUES (1, 10);
    INSERT INTO \`${long}_2\` VALUES (2);
    INSERT INTO nm VALUES (3, 'old');
    INSERT INTO nm_status VALUES (4)"
run_strata port --from "$my_url" --to "$pg_url" --schema s_names \
  --tables "${long}_*,nm*,n€*"
is "$rc" 5 "long and clashing names port, data too"
is "$(pg "SELECT count(*) FROM pg_tables WHERE schemaname = 's_names'
          AND tablename <> 'strata_port_settings'")" 5 \
  "as five tables"
is "$(pg "SELECT octet_length(tablename) FROM pg_tables
          WHERE schemaname = 's_names' AND tablename LIKE 'n€%'")" 61 \
  "a name is cut between two characters, not inside one"
is "$(pg "SELECT count(DISTINCT tablename) FROM pg_tables
          WHERE schemaname = 's_names' AND length(tablename) = 63
          AND tablename LIKE 'llll%'")" 2 \
  "the two long names shortened to two different names of 63 bytes"
short_1=$(pg "SELECT c.relname FROM pg_class c JOIN pg_namespace n
  ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
  WHERE n.nspname = 's_names' AND a.attname LIKE 'llll%'")
is "$(pg "SELECT * FROM s_names.\"$short_1\"")" "1|10" \
  "the rows land in the table whose column was shortened too"
like "$out" "changed: table ${long}_1: name shortened to ${long:0:54}_[0-9a-f]{8}: PostgreSQL keeps 63 bytes of a name" \
  "the report gives the new name"
like "$out" "changed: column ${long}_1.${long}_c: name shortened to" \
  "of the column too"
is "$(pg "SELECT status FROM s_names.nm")" "old" "the enum column ports"
is "$(pg "SELECT format_type(atttypid, atttypmod) FROM pg_attribute
          WHERE attrelid = 's_names.nm'::regclass AND attname = 'status'")" \
  "s_names.nm_status_enum" \
  "its type takes another name than the table nm_status"
my "DROP TABLE \`${long}_1\`, \`${long}_2\`, nm, nm_status, \`${euros}\`"

# ---- refusals -----------------------------------------------------------
run_strata port --from "$my_url" --to "$pg_url" --dry-run --enum=maybe
is "$rc" 2 "a bad mapping value is a usage error"
run_strata port --from "mysql://strata@127.0.0.1:1/nothing" --to "$pg_url" \
  --dry-run
is "$rc" 1 "an unreachable source fails"
like "$err" "^strata: error: source database: cannot connect to 'mysql://strata@127.0.0.1:1/nothing'" \
  "naming it"
run_strata port --from "$my_url" --to "postgres://strata@127.0.0.1:1/nothing" \
  --dry-run
is "$rc" 1 "an unreachable target fails"
like "$err" "^strata: error: target database: cannot connect to 'postgres://strata@127.0.0.1:1/nothing'" \
  "naming it"
# The ends are chosen by what their drivers can do, not by engine.
run_strata port --from "$pg_url" --to "$pg_url" --enum check --dry-run
is "$rc" 1 "a mapping option on a PostgreSQL to PostgreSQL copy fails"
like "$err" "mapping option 'enum' does not apply to a copy from PostgreSQL to PostgreSQL" \
  "in PostgreSQL's driver's words"
run_strata port --from "$my_url" --to "$my_url" --zero-dates error --dry-run
is "$rc" 1 "a mapping option on a MySQL to MySQL copy fails"
like "$err" "mapping option 'zero_dates' does not apply to a copy from MySQL to MySQL" \
  "in MySQL's driver's words"
run_strata port --from "$my_url" --to "$my_url" --dry-run
is "$rc" 0 "MySQL to MySQL is a same-engine copy"
like "$out" "CREATE TABLE .customers." "whose DDL a dry run prints"
run_strata port --from "$pg_url" --to "$pg_url" --dry-run
is "$rc" 0 "PostgreSQL to PostgreSQL is a same-engine copy"
like "$out" "CREATE TABLE" "whose DDL a dry run prints"

done_testing
