# `strata port` from MariaDB to SQLite, a local copy of production for
# tests: an older shop's database (port_shop.sql: zero dates, unsigned
# extremes, enum and set, bit, json, blobs with NUL bytes, 4-byte UTF-8,
# NULL in every type, long names, self-referencing and cyclic foreign
# keys) ported with --verify, and what the SQLite file holds afterwards.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
has_driver sqlite || skip_all "this build has no SQLite driver"
command -v sqlite3 >/dev/null || skip_all "the sqlite3 shell is not installed"
my_scratch_database
if ! my_client "$my_db" <"$STRATA_SRCDIR/tests/integration/fixtures/port_shop.sql"
then
  echo "Bail out! cannot load the fixture"
  exit 1
fi
scratch_tmpdir
db=$scratch/copy.sqlite3
lite() { sqlite3 "$db" "$1"; }
long_table=a_table_name_running_past_sixty_three_bytes_in_postgresql_orders

run_strata port --from "$my_url" --to "sqlite:$db" --verify
is "$rc" 0 "MariaDB to SQLite keeps every row and passes --verify"
like "$err" "ported 8 tables, 23 rows" "it says so"
is "$(ls "$TMPDIR" | wc -l | tr -d ' ')" 0 "and sets nothing aside"
is "$(lite "SELECT (SELECT count(*) FROM customers) || ',' ||
                   (SELECT count(*) FROM orders) || ',' ||
                   (SELECT count(*) FROM order_items) || ',' ||
                   (SELECT count(*) FROM products) || ',' ||
                   (SELECT count(*) FROM $long_table)")" "3,4,4,3,2" \
  "every row of every table is in the file"

# Values.
is "$(lite "SELECT group_concat(id || '=' || coalesce(shipped, 'NULL'), ' ')
            FROM (SELECT * FROM orders ORDER BY id)")" \
  "1=2024-01-02 11:00:00 2=NULL 3=NULL 4=2024-03-05 00:00:00" \
  "zero dates are NULL, the other datetimes exact"
like "$out" "orders.shipped: NOT NULL dropped: 2 rows hold a zero date" \
  "the NOT NULL column of zero dates is made nullable, with its count"
is "$(lite "SELECT group_concat(active, ' ') FROM customers")" "1 0 2" \
  "a tinyint(1) holding 2 keeps it"
is "$(lite "SELECT status, packing_time, flags FROM orders WHERE id = 3")" \
  "|100:00:00|fragile" "the enum error value, 100 hours and a set are kept"
is "$(lite "SELECT packing_time FROM orders WHERE id = 4")" "-01:00:00" \
  "and a negative time"
is "$(lite "SELECT type FROM pragma_table_info('orders')
            WHERE name = 'packing_time'")" TIME \
  "the column holding them stays TIME: SQLite keeps any time as it is"
unlike "$out" "packing_time.*(interval|TEXT)" \
  "so no time is counted, nor noted as an interval"
is "$(lite "SELECT total, typeof(total) FROM orders WHERE id = 3")" \
  "9999999999.99|real" "a decimal(12,2) is a number"
is "$(lite "SELECT stock, weight_g, tiny_signed FROM products WHERE id = 2 OR stock = 65535 ORDER BY stock")" \
  "0|0|127
65535|16777215|-128" "small, medium and tiny integers keep their extremes"
is "$(lite "SELECT qty, typeof(qty) FROM order_items WHERE order_id = 1 AND line = 1")" \
  "4294967295|integer" "int unsigned's largest value is an integer"
is "$(lite "SELECT typeof(id), typeof(big_counter) FROM products WHERE name = 'Big id'")" \
  "real|real" "a bigint unsigned past 2^63-1 is a REAL"
like "$out" "products.big_counter: 1 value beyond 64 bits became REAL, approximated" \
  "which is counted"
is "$(lite "SELECT in_stock, hex(options), attributes, hex(photo), hex(summary)
            FROM products WHERE name = 'Big id'")" \
  "1|0201|{\"colour\": \"red\", \"sizes\": [1, 2.5]}|00FF00DEADBEEF00|6E756C00696E7369646520F09D849E" \
  "bit(1), bit(10), json, a blob and text with NUL bytes and 4-byte UTF-8 are exact"
is "$(lite "SELECT name FROM customers WHERE id = 1")" "Ann 😀" \
  "an emoji arrives intact"
is "$(lite "SELECT quote(photo), quote(summary) FROM products WHERE id = 2")" \
  "X''|''" "an empty blob and an empty text are not NULL"
is "$(lite "SELECT count(*) FROM products WHERE id = 1 AND
              category_id IS NULL AND weight_g IS NULL AND big_counter IS NULL
              AND tiny_signed IS NULL AND in_stock IS NULL AND options IS NULL
              AND attributes IS NULL AND photo IS NULL AND summary IS NULL
              AND price IS NULL AND created IS NULL AND avail_from IS NULL")" 1 \
  "NULL stays NULL in every type"
is "$(lite "SELECT price FROM products WHERE name = 'Big id'")" "1.0e+300" \
  "a huge double is exact"
is "$(lite "SELECT created FROM products WHERE name = 'Big id'")" \
  "2038-01-19 03:14:07" "a timestamp is in UTC"

# Schema.
is "$(lite "SELECT count(*) FROM pragma_table_list WHERE name = '$long_table'")" 1 \
  "a long table name is kept whole"
is "$(lite "PRAGMA foreign_key_check")" "" \
  "self-referencing and cyclic foreign keys hold"
is "$(lite "SELECT group_concat(\"table\" || '.' || \"from\", ' ')
            FROM (SELECT * FROM pragma_foreign_key_list('warehouses')
                  UNION ALL SELECT * FROM pragma_foreign_key_list('categories'))")" \
  "staff.manager_id categories.parent_id" "with their foreign keys declared"
refused() { lite "$1" 2>/dev/null && echo accepted || echo refused; }
is "$(refused "INSERT INTO orders (id, customer_id, status) VALUES (5, 1, 'lost')")" \
  refused "an enum label not in the list is refused by its CHECK"
is "$(refused "PRAGMA foreign_keys = ON; INSERT INTO staff VALUES (30, 99)")" \
  refused "a foreign key is enforced once foreign keys are on"
is "$(lite "INSERT INTO customers (email, name) VALUES ('d@x', 'D');
            SELECT id FROM customers WHERE email = 'd@x'")" 4 \
  "AUTO_INCREMENT goes on after the rows loaded"
like "$out" "customers.created: the zero-date default is dropped" \
  "a zero-date default is dropped, said so"
like "$out" "orders.status: enum(.*): enum becomes TEXT with a CHECK of its labels" \
  "an enum is a CHECK, said so"

# Again into the same file: refused; --verify-only compares.
run_strata port --from "$my_url" --to "sqlite:$db" --verify-only
is "$rc" 1 "--verify-only finds the row added since"
like "$err" "table customers differs: 3 rows on the source, 4 on the target" \
  "naming the table"
lite "DELETE FROM customers WHERE email = 'd@x'"
run_strata port --from "$my_url" --to "sqlite:$db" --verify-only
is "$rc" 0 "and agrees once the copy is as it was"
run_strata port --from "$my_url" --to "sqlite:$db"
is "$rc" 1 "a port into a file that has tables is refused"

# Options that mean nothing for SQLite are refused, not ignored.
run_strata port --from "$my_url" --to "sqlite:$scratch/other.sqlite3" \
  --enum=check --dry-run
is "$rc" 1 "--enum=check is refused for an SQLite target"
like "$err" "enum=check does not apply to an SQLite target" "saying so"

# --zero-dates=error sets the rows aside, and the port fails.
run_strata port --from "$my_url" --to "sqlite:$scratch/strict.sqlite3" \
  --tables customers --zero-dates=error
is "$rc" 1 "zero dates rejected fail the port"
like "$err" "customers 2" "counting the rows per table"
is "$(sqlite3 "$scratch/strict.sqlite3" "SELECT group_concat(id) FROM customers")" \
  1 "the other rows are in"

# A parent row rejected leaves its children without one: the key is not
# met, and the port says which rows.
run_strata port --from "$my_url" --to "sqlite:$scratch/orphans.sqlite3" \
  --tables customers,orders --zero-dates=error --max-rejects 10
is "$rc" 1 "a port whose parent rows were rejected fails"
like "$err" "foreign key orders.orders_customer is not met: 1 row of orders has no parent row in customers" \
  "naming the key and the rows"
done_testing
