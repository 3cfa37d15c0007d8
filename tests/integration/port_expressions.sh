# `strata port` carrying expressions between engines: a MariaDB table's
# CHECKs, generated column and expression default reach PostgreSQL and
# SQLite, a PostgreSQL table's (and its partial and expression indexes)
# reach MariaDB and SQLite, and an SQLite table's reach MariaDB, each
# written by the source's driver in portable text; the target then holds
# them and enforces them (a row breaking a CHECK is refused, a generated
# column computes, a default fills in).  An expression the source cannot
# carry (a MySQL-only function, a PostgreSQL-only operator) is left out
# with exactly one note naming it, and the port still finishes, exiting 5
# (finished, but left something out).
. "$STRATA_SRCDIR/tests/integration/port_lib.sh"
has_driver sqlite || skip_all "this build has no SQLite driver"
command -v sqlite3 >/dev/null || skip_all "the sqlite3 shell is not installed"
port_scratch_databases
scratch_tmpdir
lite() { sqlite3 "$1" "$2"; }
# refused COMMAND...: "refused" when the command fails, else "accepted".
refused() { "$@" >/dev/null 2>&1 && echo accepted || echo refused; }
# notes_about OBJECT: how many lines of the port's output name it.
notes_about() { printf '%s\n' "$out" | grep -c -- "$1"; }

# ---- MariaDB -> PostgreSQL ----------------------------------------------
my "CREATE TABLE items (
      id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
      name varchar(50) NOT NULL,
      qty int NOT NULL DEFAULT 1,
      price decimal(10,2) NOT NULL,
      total decimal(12,2) AS (price * qty) STORED,
      code varchar(20) DEFAULT (lower('ABC')),
      note varchar(50) DEFAULT 'plain',
      CONSTRAINT qty_positive CHECK (qty > 0),
      CONSTRAINT name_long CHECK (char_length(name) >= 2 AND name <> 'it''s'),
      CONSTRAINT odd_rule CHECK (if(qty > 5, price > 1, 1)))
    ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
    INSERT INTO items (name, qty, price) VALUES ('tea', 2, 1.50), ('cup', 1, 4)"

run_strata port --from "$my_url" --to "$pg_url"
is "$rc" 5 "a port from MariaDB with a refused CHECK finishes, saying it left something out"
is "$(printf '%s\n' "$err" | tail -1)" \
  "the port left out 1 object (1 to port by hand, 0 with no equivalent): see the notes above" \
  "its last line counts the CHECK left out"
is "$(notes_about "check items.odd_rule")" 1 \
  "the CHECK using if() is named in exactly one note"
like "$out" "hand: check items.odd_rule: left out: if\(\) is a MySQL function" \
  "which says why it was left out"
is "$(pg "SELECT conname FROM pg_constraint
          WHERE conrelid = 'items'::regclass AND contype = 'c'
          ORDER BY conname")" "name_long
qty_positive" "the CHECKs that translate are on the table"
is "$(refused pg "INSERT INTO items (name, qty, price) VALUES ('pot', 0, 1)")" \
  refused "PostgreSQL refuses a row breaking qty > 0"
is "$(refused pg "INSERT INTO items (name, qty, price) VALUES ('x', 1, 1)")" \
  refused "and one breaking char_length(name) >= 2"
is "$(refused pg "INSERT INTO items (name, qty, price) VALUES ('it''s', 1, 1)")" \
  refused "a string with a quote reads back as the same string"
pg "INSERT INTO items (name, qty, price) VALUES ('pan', 3, 2.50)" >/dev/null
is "$(pg "SELECT total || ' ' || code || ' ' || note FROM items
          WHERE name = 'pan'")" "7.50 abc plain" \
  "the generated column computes and the expression default fills in"
is "$(pg "SELECT string_agg(total::text, ' ' ORDER BY id) FROM items
          WHERE name IN ('tea', 'cup')")" "3.00 4.00" \
  "the rows copied have their computed values"

# ---- MariaDB -> SQLite --------------------------------------------------
db=$scratch/from_mysql.sqlite3
run_strata port --from "$my_url" --to "sqlite:$db"
is "$rc" 5 "the same database ports to SQLite"
is "$(notes_about "check items.odd_rule")" 1 \
  "with one note for the CHECK left out"
is "$(refused lite "$db" "INSERT INTO items (name, qty, price) VALUES ('pot', 0, 1)")" \
  refused "SQLite refuses a row breaking qty > 0"
is "$(refused lite "$db" "INSERT INTO items (name, qty, price) VALUES ('x', 1, 1)")" \
  refused "and one breaking char_length(name) >= 2, written length()"
lite "$db" "INSERT INTO items (name, qty, price) VALUES ('pan', 3, 2.5)"
is "$(lite "$db" "SELECT total || ' ' || code || ' ' || note FROM items
                  WHERE name = 'pan'")" "7.5 abc plain" \
  "the generated column computes and the expression default fills in"
is "$(lite "$db" "SELECT group_concat(total, ' ') FROM items
                  WHERE name IN ('tea', 'cup')")" "3 4" \
  "the rows copied are computed again"

# ---- PostgreSQL -> MariaDB ----------------------------------------------
my "DROP TABLE items"
pg "SET client_min_messages = warning;
    DROP SCHEMA public CASCADE; CREATE SCHEMA public" >/dev/null
pg "CREATE TABLE stock (
      id integer PRIMARY KEY,
      label varchar(20) NOT NULL,
      amount numeric(10,2) NOT NULL,
      qty integer NOT NULL DEFAULT 0,
      kind text NOT NULL DEFAULT 'a',
      twice integer GENERATED ALWAYS AS (qty * 2) STORED,
      CONSTRAINT amount_positive CHECK (amount > 0),
      CONSTRAINT kind_known CHECK (kind IN ('a', 'b')),
      CONSTRAINT label_short CHECK (char_length(label) <= 10),
      CONSTRAINT label_lower CHECK (label ~ '^[a-z]+\$'));
    CREATE INDEX stock_many ON stock (qty) WHERE qty > 10;
    CREATE INDEX stock_label ON stock (lower(label));
    CREATE VIEW many AS SELECT id, label FROM stock WHERE qty > 3;
    INSERT INTO stock (id, label, amount, qty) VALUES (1, 'nut', 0.5, 4)" \
  >/dev/null

run_strata port --from "$pg_url" --to "$my_url"
is "$rc" 5 "a port from PostgreSQL with a refused CHECK finishes, saying it left something out"
is "$(printf '%s\n' "$err" | tail -1)" \
  "the port left out 3 objects (3 to port by hand, 0 with no equivalent): see the notes above" \
  "its last line counts what it left out"
is "$(notes_about "check stock.label_lower")" 1 \
  "the CHECK using ~ is named in exactly one note"
is "$(my "SELECT CONSTRAINT_NAME FROM information_schema.CHECK_CONSTRAINTS
          WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY 1")" "amount_positive
kind_known
label_short" "the CHECKs that translate are on the table, its casts dropped"
is "$(refused my "INSERT INTO stock (id, label, amount) VALUES (2, 'bolt', 0)")" \
  refused "MariaDB refuses a row breaking amount > 0"
is "$(refused my "INSERT INTO stock (id, label, amount, kind) VALUES (3, 'bolt', 1, 'c')")" \
  refused "and one breaking kind IN ('a', 'b')"
is "$(refused my "INSERT INTO stock (id, label, amount) VALUES (4, 'a_label_too_long', 1)")" \
  refused "and one breaking char_length(label) <= 10"
my "INSERT INTO stock (id, label, amount, qty) VALUES (5, 'bolt', 1, 7)"
is "$(my "SELECT twice FROM stock ORDER BY id")" "8
14" "the generated column is copied and computes"
is "$(my "SELECT label FROM many ORDER BY id")" "nut
bolt" "the view is created and reads"

# ---- PostgreSQL -> SQLite -----------------------------------------------
db=$scratch/from_pg.sqlite3
run_strata port --from "$pg_url" --to "sqlite:$db"
is "$rc" 5 "the same database ports to SQLite"
is "$(notes_about "check stock.label_lower")" 1 \
  "with one note for the CHECK left out"
is "$(refused lite "$db" "INSERT INTO stock (id, label, amount) VALUES (2, 'bolt', 0)")" \
  refused "SQLite refuses a row breaking amount > 0"
is "$(refused lite "$db" "INSERT INTO stock (id, label, amount, kind) VALUES (3, 'bolt', 1, 'c')")" \
  refused "and one breaking kind IN ('a', 'b')"
lite "$db" "INSERT INTO stock (id, label, amount, qty) VALUES (5, 'bolt', 1, 7)"
is "$(lite "$db" "SELECT group_concat(twice, ' ') FROM stock")" "8 14" \
  "the generated column computes"
is "$(lite "$db" "SELECT group_concat(label, ' ') FROM many")" "nut bolt" \
  "the view is created and reads"
like "$(lite "$db" "SELECT sql FROM sqlite_master WHERE name = 'stock_many'")" \
  'ON stock \(qty\) WHERE \(qty > 10\)$' "a partial index stays partial"
like "$(lite "$db" "SELECT sql FROM sqlite_master WHERE name = 'stock_label'")" \
  'ON stock \(\(lower\(\(label\)\)\)\)$' \
  "an expression index keeps its expression, its cast dropped"
is "$(lite "$db" "EXPLAIN QUERY PLAN SELECT id FROM stock WHERE qty > 10" |
      grep -c stock_many)" 1 "and SQLite uses the partial index"
# ---- SQLite -> MariaDB --------------------------------------------------
# The SQLite driver says what SQLite implies (driver.h, port_form): its
# INTEGER PRIMARY KEY is numbered by the engine and its integers have 64
# bits, so MariaDB numbers the key and holds any of its values.
my "DROP VIEW many; DROP TABLE stock, strata_port_settings"
src=$scratch/source.sqlite3
lite "$src" "CREATE TABLE parts (
               id INTEGER PRIMARY KEY,
               Name TEXT NOT NULL CHECK (length(NAME) > 1),
               qty INTEGER NOT NULL DEFAULT (2 * 3),
               twice INTEGER GENERATED ALWAYS AS (qty * 2) VIRTUAL);
             INSERT INTO parts (id, Name, qty) VALUES (9000000000, 'gear', 1)"
run_strata port --from "sqlite:$src" --to "$my_url"
is "$rc" 0 "a port from SQLite into MariaDB succeeds"
like "$out" "parts.id: INTEGER PRIMARY KEY becomes an identity" \
  "the rowid key becomes an identity, said so"
is "$(my "SELECT COLUMN_TYPE, EXTRA FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'parts'
            AND COLUMN_NAME = 'id'")" "bigint(20)	auto_increment" \
  "a 64-bit AUTO_INCREMENT column"
is "$(refused my "INSERT INTO parts (Name) VALUES ('x')")" refused \
  "MariaDB refuses a row breaking length(NAME) > 1, its name as SQLite read it"
my "INSERT INTO parts (Name) VALUES ('cog')"
is "$(my "SELECT id, qty, twice FROM parts ORDER BY id")" "9000000000	1	2
9000000001	6	12" \
  "the key goes on past the rows copied, the default fills in, twice computes"

# ---- a row breaking a CHECK, into MariaDB ------------------------------
# A CHECK goes inside MariaDB's CREATE TABLE: a row the source holds that
# breaks it (PostgreSQL's NOT VALID let it in) is set aside as it loads,
# with MariaDB's reason, and the port says so in its exit status.
my "DROP TABLE parts, strata_port_settings"
pg "SET client_min_messages = warning;
    DROP SCHEMA public CASCADE; CREATE SCHEMA public;
    CREATE TABLE gauge (id integer PRIMARY KEY, v integer NOT NULL);
    INSERT INTO gauge VALUES (1, 1), (2, -1), (3, 3);
    ALTER TABLE gauge ADD CONSTRAINT v_positive CHECK (v > 0) NOT VALID" \
  >/dev/null
run_strata port --from "$pg_url" --to "$my_url" --reject-dir "$scratch/rejects"
is "$rc" 1 "a row breaking a CHECK makes the port exit 1"
like "$(printf '%s\n' "$err" | tail -n 1)" "rejected rows .*: gauge 1$" \
  "its last line counts the row set aside"
is "$(my "SELECT GROUP_CONCAT(id ORDER BY id) FROM gauge")" "1,3" \
  "the other rows are loaded"
like "$(cat "$scratch"/rejects/*)" "v_positive" \
  "the reject file holds the row with MariaDB's reason"

done_testing
