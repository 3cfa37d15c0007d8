# `strata port` of an older shop's database with no options: every row
# kept, whatever the awkward values (zero dates in NOT NULL columns,
# unsigned extremes, enum and set, bit, json, blobs with NUL bytes, 4-byte
# UTF-8, NULL in every type, long names, self-referencing and cyclic
# foreign keys), each port checked with --verify; --zero-dates=infinity
# and --verify-only taking the mapping from the port it checks; the exit
# status when rows are rejected, and a port whose parent rows were
# rejected finished with --resume once the data is fixed.
. "$STRATA_SRCDIR/tests/integration/port_lib.sh"
port_scratch_databases
if ! my_client "$my_db" <"$STRATA_SRCDIR/tests/integration/fixtures/port_shop.sql"
then
  echo "Bail out! cannot load the fixture"
  exit 1
fi

value() { pg "$1"; }
long_table=a_table_name_running_past_sixty_three_bytes_in_postgresql_orders

# Rejects go to a temporary folder of their own: this one, kept empty
# unless a port sets rows aside.
scratch_tmpdir

# ---- no options ---------------------------------------------------------
run_strata port --from "$my_url" --to "$pg_url" --verify
# Every row is kept, but PostgreSQL has no zero date for the defaults.
is "$rc" 5 "a port with no options keeps every row and passes --verify, leaving the zero-date defaults out"
is "$(printf '%s\n' "$err" | tail -1)" \
  "the port left out 4 objects (0 to port by hand, 4 with no equivalent): see the notes above" \
  "its last line counts what it left out and says where to look"
like "$err" "ported 8 tables, 23 rows" "it says so"
is "$(ls "$TMPDIR" | wc -l | tr -d ' ')" 0 "and sets nothing aside"
is "$(value "SELECT (SELECT count(*) FROM customers) || ',' ||
                    (SELECT count(*) FROM orders) || ',' ||
                    (SELECT count(*) FROM order_items) || ',' ||
                    (SELECT count(*) FROM products)")" "3,4,4,3" \
  "every row of every table is in PostgreSQL"

# Zero dates in NOT NULL columns: the column is nullable, the value NULL.
like "$out" "orders.shipped: NOT NULL dropped: 2 rows hold a zero date" \
  "a NOT NULL column of zero dates is made nullable, with its count"
like "$out" "customers.created: NOT NULL dropped: 1 row holds a zero date" \
  "so is one whose default is the zero date"
is "$(value "SELECT string_agg(id || '=' || coalesce(shipped::text, 'NULL'),
                               ' ' ORDER BY id) FROM orders")" \
  "1=2024-01-02 11:00:00 2=NULL 3=NULL 4=2024-03-05 00:00:00" \
  "its zero dates are NULL, its other values exact"
is "$(value "SELECT is_nullable FROM information_schema.columns
             WHERE table_name = 'orders' AND column_name = 'shipped'")" YES \
  "the column allows NULL"
is "$(value "SELECT birthday IS NULL FROM customers WHERE id = 3")" t \
  "a partial zero date is NULL too"
is "$(value "SELECT is_nullable FROM information_schema.columns
             WHERE table_name = 'orders' AND column_name = 'customer_id'")" NO \
  "a column without zero dates keeps NOT NULL"

# The other values the default mapping kept.
is "$(value "SELECT active FROM customers ORDER BY id" | tr '\n' ' ')" \
  "1 0 2 " "a tinyint(1) holding 2 stays a number"
is "$(value "SELECT status = '', packing_time FROM orders WHERE id = 3")" \
  "t|100:00:00" "the enum error value and 100 hours are kept"
is "$(value "SELECT packing_time FROM orders WHERE id = 4")" "-01:00:00" \
  "and a negative time"
is "$(value "SELECT flags FROM orders ORDER BY id" | tr '\n' ' ')" \
  "{gift,express} {} {fragile} {gift,express,fragile} " \
  "sets are arrays"
is "$(value "SELECT id, stock, weight_g, big_counter, tiny_signed
             FROM products WHERE id > 2")" \
  "18446744073709551615|65535|16777215|18446744073709551615|-128" \
  "unsigned extremes are exact"
is "$(value "SELECT qty FROM order_items WHERE order_id = 1 AND line = 1")" \
  4294967295 "int unsigned's largest value fits"
is "$(value "SELECT in_stock, options, attributes->'sizes'->>1,
                    encode(photo, 'hex') FROM products WHERE id > 2")" \
  "t|1000000001|2.5|00ff00deadbeef00" \
  "bit(1), bit(10), json and a blob with NUL bytes are exact"
is "$(value "SELECT summary FROM products WHERE id > 2")" "nulinside 𝄞" \
  "text loses only its NUL byte, 4-byte UTF-8 kept"
like "$out" "products.summary: 1 value lost their NUL bytes" \
  "which is counted"
is "$(value "SELECT name FROM customers WHERE id = 1")" "Ann 😀" \
  "an emoji arrives intact"
is "$(value "SELECT num_nulls(category_id, weight_g, big_counter, tiny_signed,
                              in_stock, options, attributes, photo, summary,
                              price, created, avail_from)
             FROM products WHERE id = 1")" 12 "NULL stays NULL in every type"
is "$(value "SELECT count(*) FROM pg_tables WHERE tablename LIKE
             'a_table_name_running_past_sixty_three_bytes_in_postgre\\_%'")" 1 \
  "a table name over 63 bytes is shortened"
is "$(value "SELECT count(*) FROM information_schema.columns
             WHERE column_name LIKE 'a_column_name_running_past_sixty_three_bytes_in_postgr\\_%'")" \
  1 "and a column name"
is "$(value "SELECT string_agg(conname || '=' || convalidated, ','
                               ORDER BY conname)
             FROM pg_constraint WHERE contype = 'f'")" \
  "categories_parent=true,items_order=true,items_product=true,orders_customer=true,products_category=true,staff_warehouse=true,warehouses_manager=true" \
  "self-referencing and cyclic foreign keys are validated"

# ---- --zero-dates=infinity, then --verify-only --------------------------
run_strata port --from "$my_url" --to "$pg_url" --schema inf \
  --zero-dates=infinity --enum=check --verify
is "$rc" 0 "--zero-dates=infinity passes --verify"
is "$(value "SELECT string_agg(coalesce(shipped::text, 'NULL'), ' '
                               ORDER BY id) FROM inf.orders")" \
  "2024-01-02 11:00:00 -infinity -infinity 2024-03-05 00:00:00" \
  "zero dates become -infinity"
is "$(value "SELECT is_nullable FROM information_schema.columns
             WHERE table_schema = 'inf' AND table_name = 'orders'
               AND column_name = 'shipped'")" NO "and the column stays NOT NULL"
run_strata port --from "$my_url" --to "$pg_url" --schema inf --verify-only
is "$rc" 0 "--verify-only with no options takes the port's own mapping"
run_strata port --from "$my_url" --to "$pg_url" --schema inf --verify-only \
  --zero-dates=null
is "$rc" 1 "--verify-only with another mapping is refused"
like "$err" "made with --zero-dates=infinity, not --zero-dates=null" \
  "naming the option the port was made with"
pg "UPDATE inf.orders SET shipped = '2000-01-01' WHERE id = 2"
run_strata port --from "$my_url" --to "$pg_url" --schema inf --verify-only
like "$err" "table orders differs: 4 rows on each side" \
  "and it still finds a real difference"

run_strata port --from "$my_url" --to "$pg_url" --schema said \
  --tables customers --zero-dates=null
is "$rc" 5 "--zero-dates=null, the default said out loud, keeps every row too"
is "$(value "SELECT count(*) FROM said.customers")" 3 "all of them"

my "CREATE TABLE flags (id int PRIMARY KEY, on_sale tinyint(1), seen bit(1));
    INSERT INTO flags VALUES (1, 1, b'1'), (2, 0, b'0')"
run_strata port --from "$my_url" --to "$pg_url" --schema small \
  --tables flags --tinyint1=smallint --verify
is "$rc" 0 "--tinyint1=smallint ports"
is "$(value "SELECT string_agg(format_type(atttypid, atttypmod), ',' ORDER BY attnum)
             FROM pg_attribute WHERE attrelid = 'small.flags'::regclass
               AND attnum > 0")" "integer,smallint,boolean" \
  "every tinyint(1) as smallint; bit(1) stays boolean"
my "DROP TABLE flags"

# ---- rows rejected ------------------------------------------------------
run_strata port --from "$my_url" --to "$pg_url" --schema strict \
  --tables customers --zero-dates=error
is "$rc" 1 "a port that rejects rows fails"
unlike "$err" "within --max-rejects" "and does not call them accepted"
last=$(printf '%s\n' "$err" | tail -1)
like "$last" "^  rejected rows \\(in '$TMPDIR/strata-rejects-[^']*'\\): customers 2$" \
  "its last line counts them per table and names the folder"
is "$(cat "$TMPDIR"/strata-rejects-*/customers.rejects.jsonl | wc -l | tr -d ' ')" \
  2 "which is a new one in the temporary folder, a line per row"
is "$(value "SELECT count(*) FROM strict.customers")" 1 "the other rows are in"
run_strata port --from "$my_url" --to "$pg_url" --schema strict_ok \
  --tables customers --zero-dates=error --max-rejects 2 --reject-dir kept
is "$rc" 5 "--max-rejects accepts as many, and the port says it set them aside"
is "$(printf '%s\n' "$err" | tail -1)" \
  "the port left out 2 objects (0 to port by hand, 2 with no equivalent) and set aside 2 rows: see the notes above and 'kept'" \
  "its last line counts the objects and the rows, and says where they are"
like "$out$err" "2 rows were rejected, within --max-rejects; each one's key and reason are in 'kept'" \
  "and says how many it set aside"
like "$out$err" "  customers: 2" "per table"
ok "$([ -f kept/customers.rejects.jsonl ]; echo $?)" \
  "and --reject-dir says where they go"

# A zero date in a primary key cannot become NULL: the row is rejected,
# the reason naming the option that keeps it.
my "SET sql_mode = '';
    CREATE TABLE daily (day date NOT NULL PRIMARY KEY, amount int);
    INSERT INTO daily VALUES ('2024-01-01', 1), ('0000-00-00', 2)"
run_strata port --from "$my_url" --to "$pg_url" --schema daily \
  --tables daily --reject-dir daily_rejects
is "$rc" 1 "a zero date in a primary key is rejected"
like "$(cat daily_rejects/daily.rejects.jsonl)" \
  "zero date 0000-00-00 in NOT NULL date column day \(--zero-dates=infinity keeps the row\)" \
  "naming the option that keeps it"
run_strata port --from "$my_url" --to "$pg_url" --schema daily_inf \
  --tables daily --zero-dates=infinity
is "$(value "SELECT string_agg(day::text, ' ' ORDER BY day) FROM daily_inf.daily")" \
  "-infinity 2024-01-01" "which it does"
my "DROP TABLE daily"

# ---- parents rejected: keys left NOT VALID, then --resume ----------------
run_strata port --from "$my_url" --to "$pg_url" --schema parents \
  --zero-dates=error --reject-dir parents_rejects --json
is "$rc" 1 "a port whose parent rows were rejected fails"
like "$out" "foreign key orders.orders_customer is left NOT VALID.*1 row of orders without a parent row in customers" \
  "saying which key is left NOT VALID and how many rows miss their parent"
like "$out" "SELECT c.\\* FROM orders AS c WHERE" "and how to see them"
is "$(jget '",".join(sorted(t["name"] for t in d["tables"] if t["state"] == "copied"))')" \
  "$long_table,categories,customers,order_items,orders,products,staff,warehouses" \
  "every table is copied all the same"
is "$(value "SELECT string_agg(conname || '=' || convalidated, ','
                               ORDER BY conname)
             FROM pg_constraint WHERE contype = 'f'
               AND connamespace = 'parents'::regnamespace")" \
  "categories_parent=true,items_order=false,items_product=true,orders_customer=false,products_category=true,staff_warehouse=true,warehouses_manager=true" \
  "those keys are NOT VALID, the others validated"
run_strata port --from "$my_url" --to "$pg_url" --schema parents --resume
is "$rc" 1 "--resume before the data is fixed fails the same way"
like "$err" "left NOT VALID" "saying so again"
pg "DELETE FROM parents.order_items i WHERE NOT EXISTS
      (SELECT FROM parents.orders o JOIN parents.customers c
         ON c.id = o.customer_id WHERE o.id = i.order_id);
    DELETE FROM parents.orders o WHERE NOT EXISTS
      (SELECT FROM parents.customers c WHERE c.id = o.customer_id)"
# The rows the first run set aside still count: a resume fails until
# --max-rejects accepts every one of them.
run_strata port --from "$my_url" --to "$pg_url" --schema parents --resume \
  --json
is "$rc" 1 "--resume with the keys fixed still fails for the rows set aside"
like "$out" "4 rows were rejected, more than --max-rejects allows \\(0\\)" \
  "counting the first run's rejects"
like "$out" "--resume --max-rejects 4 to accept those rows" \
  "and saying how to accept them"
is "$(jget 'd["rejected"], sorted((t["name"], t["rejected"]) for t in d["tables"] if t["rejected"])')" \
  "(4, [('customers', 2), ('orders', 2)])" \
  "the JSON summary carries them, in all and per table"
run_strata port --from "$my_url" --to "$pg_url" --schema parents --resume \
  --max-rejects 3
is "$rc" 1 "--max-rejects below the port's total still fails"
last=$(printf '%s\n' "$err" | tail -1)
like "$last" "^  rejected rows \\(in 'parents_rejects'\\): (customers 2, orders 2|orders 2, customers 2)$" \
  "its last line counts every run's rejects per table"
run_strata port --from "$my_url" --to "$pg_url" --schema parents --resume \
  --max-rejects 4
is "$rc" 5 "--max-rejects covering the total finishes the port"
like "$(printf '%s\n' "$err" | tail -1)" \
  "^the port left out [0-9]+ objects \\([0-9]+ to port by hand, [0-9]+ with no equivalent\\) and set aside 4 rows: see the notes above and 'parents_rejects'$" \
  "its last line counts every run's rows set aside, and the objects the resume still leaves out"
like "$out$err" "4 rows were rejected, within --max-rejects" "saying so"
is "$(value "SELECT bool_and(convalidated) FROM pg_constraint
             WHERE contype = 'f' AND connamespace = 'parents'::regnamespace")" \
  t "every foreign key is validated"
is "$(value "SELECT count(*) FROM information_schema.tables
             WHERE table_schema = 'parents'
               AND table_name = 'strata_port_state'")" 0 \
  "and the port is over"

# ---- a port left by an older strata, resumed -----------------------------
# Its list of tables copied has no reject columns: the resume adds them.
run_strata port --from "$my_url" --to "$pg_url" --schema older \
  --tables customers --zero-dates=error --reject-dir older_rejects
is "$rc" 1 "rows set aside keep the port open"
pg "ALTER TABLE older.strata_port_state DROP COLUMN rows_rejected,
      DROP COLUMN reject_dir"
run_strata port --from "$my_url" --to "$pg_url" --schema older --resume \
  --tables customers
is "$rc" 5 "a resume of an older strata's port finishes it"
is "$(value "SELECT count(*) FROM older.customers")" 1 "keeping its rows"
is "$(value "SELECT count(*) FROM information_schema.tables
             WHERE table_schema = 'older'
               AND table_name = 'strata_port_state'")" 0 \
  "and ending it"

done_testing
done_testing
