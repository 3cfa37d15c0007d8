#!/bin/sh
# portable_accept.sh - the acceptance set of portable migrations
# (fixtures/portable_set: every operation and every portable type, with
# per-engine files and raw files among them) on PostgreSQL, MariaDB and
# SQLite from empty: after each version the three schemas are the same in
# portable terms (strata diff --neutral; MySQL's file for 007 indexes the
# whole column, as it has no partial index, which is equal by rule and
# listed with -v); the rows read back the same;
# diff --neutral finds real differences; strata verify proves every down
# on each engine; and down --all leaves none of the set's tables.
. "$STRATA_SRCDIR/tests/integration/port_lib.sh"
. "$STRATA_SRCDIR/tests/integration/portable_lib.sh"
three_engines

set_dir=$STRATA_SRCDIR/tests/integration/fixtures/portable_set
mkdir db && cp -r "$set_dir" db/migrations

versions=$(ls db/migrations | sed 's/_.*//' | sort -u)
is "$(printf '%s\n' "$versions" | wc -l | tr -d ' ')" 33 "the set has 33 versions"
is "$(ls db/migrations | grep -c '\.portable\.up\.sql$')" 29 \
  "29 of them are portable"

# neutral A B: strata diff --neutral, its output in $out.
neutral() { run_strata diff --neutral "$1" "$2"; }

# The same in portable terms, but for $allowed (a pattern, or empty).
same_but() { # A B ALLOWED DESCRIPTION
  neutral "$1" "$2"
  if [ -z "$3" ]; then
    is "$rc $out" "0 " "$4"
  else
    is "$rc $(printf '%s\n' "$out" | grep -Evc -- "$3")" "1 0" "$4: $out"
  fi
}

failed_at=""
for v in $versions; do
  for url in "$pg_url" "$my_url" "$lite_url"; do
    run_strata -u "$url" up --to "$v"
    [ "$rc" -eq 0 ] || { failed_at="$v on $url: $err"; break 2; }
  done
  for pair in "$pg_url $lite_url" "$pg_url $my_url" "$lite_url $my_url"; do
    neutral $pair
    [ "$rc" -eq 0 ] || { failed_at="$v: $pair: $out $err"; break 2; }
  done
done
is "$failed_at" "" "after each version the three engines are the same in portable terms"

same_but "$pg_url" "$lite_url" '' "PostgreSQL and SQLite are the same at the end"
same_but "$pg_url" "$my_url" '' \
  "PostgreSQL and MariaDB too, MariaDB's whole-column index equal by rule"
same_but "$my_url" "$lite_url" '' "MariaDB and SQLite too"

for url in "$pg_url" "$my_url" "$lite_url"; do
  run_strata -u "$url" status --exit-code
  is "$rc" 0 "$url: every version is applied"
done

# ---- the rows ----------------------------------------------------------

pgq() { pg "$1"; }
myq() { my "$1" | tr '\t' '|'; }
# same_rows DESCRIPTION PG_SQL MY_SQL LITE_SQL WANT
same_rows() {
  is "$(pgq "$2")" "$5" "$1 on PostgreSQL"
  is "$(myq "$3")" "$5" "$1 on MariaDB"
  is "$(lite "$4")" "$5" "$1 on SQLite"
}
q="SELECT id, coalesce(email, '-'), coalesce(full_name, '-'),
  coalesce(phone, '-'), CASE WHEN active THEN 1 ELSE 0 END,
  CASE WHEN vip THEN 1 ELSE 0 END FROM customers ORDER BY id"
same_rows "customers" "$q" "$q" "$q" "1|ann@example.com|Ann|-|1|0
2|bob@example.com|Bob O'Neil|-|1|0
3|cy@example.com|-|-|1|0"
products() { # PRICE_IN_CENTS
  printf "SELECT id, code, title, %s, coalesce(weight, -1), coalesce(rating, -1),
    stock FROM products ORDER BY id" "$1"
}
same_rows "products" "$(products '(price * 100)::int')" \
  "$(products 'CAST(price * 100 AS SIGNED)')" \
  "$(products 'CAST(round(price * 100) AS INTEGER)')" \
  "1|PEN-0001|Pen|300|0.5|4.5|99
2|INK-0002|Ink|725|0.25|3.75|20
3|PAD-0003|Pad|300|-1|-1|0"
q="SELECT id, customer_id, ordered_on, status,
  coalesce(CAST(ref AS char(36)), '-') FROM orders ORDER BY id"
same_rows "orders" "$q" "$q" "$q" "1|1|2026-01-05|paid|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11
2|2|2026-01-06|new|-"
q="SELECT order_id, line, product_id, quantity FROM order_lines
  ORDER BY order_id, line"
same_rows "order lines (one deleted by 010)" "$q" "$q" "$q" "1|2|2|1
2|1|3|2"
q="SELECT id, kind, CAST(payload AS char(100)), day,
  coalesce(customer_id, 0) FROM activity ORDER BY id"
same_rows "activity, renamed from events" \
  "SELECT id, kind, payload::text, day, coalesce(customer_id, 0)
   FROM activity ORDER BY id" "$q" "$q" '1|signup|{"plan": "free"}|2026-01-05|0'
q="SELECT name, color FROM tags ORDER BY name"
same_rows "tags, from a raw file" "$q" "$q" "$q" "green|#00ff00
red|#ff0000"
q="SELECT id, email, orders FROM customer_orders ORDER BY id"
same_rows "the raw view" "$q" "$q" "$q" "1|ann@example.com|1
2|bob@example.com|1
3|cy@example.com|0"

# ---- the files of a mixed set ----------------------------------------

# Each engine's checksum is its own file's: an edit of the MySQL file of
# 027 changes 027 on MySQL only.
printf -- '-- reviewed\n' >>db/migrations/027_code_width.mysql.up.sql
run_strata -u "$my_url" status --exit-code
is "$rc" 4 "an edited MySQL file is a change on MySQL"
like "$out" '027 +code_width +changed' "naming the version"
for url in "$pg_url" "$lite_url"; do
  run_strata -u "$url" status --exit-code
  is "$rc" 0 "$url: and not on another engine"
done
cp "$set_dir/027_code_width.mysql.up.sql" db/migrations/
run_strata -u "$my_url" status --exit-code
is "$rc" 0 "the file put back, MySQL is as it was"

# A version with files for other engines and none for this one, and one
# with both a portable and an untagged file, are load errors.
cp -r db other
rm other/migrations/028_order_status.sqlite.*
run_strata -u "$lite_url" -d other/migrations status
is "$rc" 1 "a version without its SQLite file is refused"
like "$err" "migration 028 has a file for another engine \('other/migrations/028_order_status\.[a-z]+\.up\.sql'\) but none for sqlite: add 028_order_status\.sqlite\.up\.sql" \
  "saying which file to add"
run_strata -u "$pg_url" -d other/migrations status --exit-code
is "$rc" 0 "PostgreSQL, which has its file, is not concerned"
cp db/migrations/029_tag_seed.up.sql other/migrations/029_tag_seed.portable.up.sql
cp db/migrations/028_order_status.sqlite.* other/migrations/
run_strata -u "$lite_url" -d other/migrations status
is "$rc" 1 "a version with a portable and an untagged file is refused"
like "$err" "migration 029 has both a portable file '[^']*029_tag_seed\.portable\.up\.sql' and a file for every engine '[^']*029_tag_seed\.up\.sql'; keep one of them" \
  "naming both"

# ---- real differences are found ----------------------------------------

# On copies of the SQLite database, one change each.
mutant() { # SQL DESCRIPTION WANT
  cp lite.db mutant.db
  sqlite3 mutant.db "$1"
  neutral "$pg_url" sqlite:mutant.db
  is "$rc" 1 "$2: exit 1"
  like "$out" "$3" "$2: named"
}
mutant "ALTER TABLE customers DROP COLUMN phone" "a missing column" \
  '^table customers: column phone: only in A$'
mutant "DROP INDEX activity_kind_time" "a missing index" \
  '^index activity_kind_time: only in A$'
rebuild_tags() { # NEW_DEFINITION
  printf 'PRAGMA foreign_keys = OFF; BEGIN;
CREATE TABLE new_tags (%s);
INSERT INTO new_tags SELECT * FROM tags; DROP TABLE tags;
ALTER TABLE new_tags RENAME TO tags; COMMIT;' "$1"
}
mutant "$(rebuild_tags 'name VARCHAR(50) NOT NULL, color CHAR(9), CONSTRAINT tags_pk PRIMARY KEY (name)')" \
  "a type difference" '^table tags: column color: type char\(7\) vs char\(9\)$'
mutant "$(rebuild_tags "name VARCHAR(50) NOT NULL, color CHAR(7) DEFAULT '#000000', CONSTRAINT tags_pk PRIMARY KEY (name)")" \
  "a different default" "^table tags: column color: default none vs '#000000'$"
my "ALTER TABLE activity DROP FOREIGN KEY activity_customer"
neutral "$pg_url" "$my_url"
is "$rc" 1 "a missing foreign key: exit 1"
like "$out" '^table activity: foreign key activity_customer: only in A$' \
  "a missing foreign key: named"
my "ALTER TABLE activity ADD CONSTRAINT activity_customer
  FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE SET NULL"
same_but "$pg_url" "$my_url" '' "with the foreign key back, the same again"
run_strata diff --neutral --json "$pg_url" sqlite:mutant.db
is "$(jget 'd["equal"], d["neutral"], d["differences"][0]["object"]')" \
  "(False, True, 'table tags: column color')" "--json says what differs"

# ---- every down, on every engine ---------------------------------------

run_strata -u "$lite_url" verify
is "$rc" 0 "verify on SQLite: $(printf '%s\n' "$out" | grep -v reversible)"
like "$out" "33 migrations: 33 verified, 0 with problems" "SQLite: all 33"
run_strata -u "$pg_url" verify
is "$rc" 0 "verify on PostgreSQL: $(printf '%s\n' "$out" | grep -v reversible)"
like "$out" "33 migrations: 33 verified, 0 with problems" "PostgreSQL: all 33"
run_strata -u "$my_url" verify
is "$rc" 0 "verify on MariaDB: $(printf '%s\n' "$out" | grep -v reversible)"
like "$out" "33 migrations: 33 verified, 0 with problems" "MariaDB: all 33"

# ---- and all the way down ----------------------------------------------

tables="'customers', 'products', 'orders', 'order_lines', 'events',
  'activity', 'tags', 'notes', 'customer_orders'"
for url in "$pg_url" "$my_url" "$lite_url"; do
  run_strata -u "$url" down --all
  is "$rc" 0 "$url: down --all: $err"
done
is "$(pg "SELECT count(*) FROM information_schema.tables
  WHERE table_schema = 'public' AND table_name IN ($tables)")" 0 \
  "PostgreSQL holds none of the set's tables"
is "$(my "SELECT count(*) FROM information_schema.tables
  WHERE table_schema = DATABASE() AND table_name IN ($tables)")" 0 \
  "MariaDB neither"
is "$(lite "SELECT count(*) FROM sqlite_master WHERE name IN ($tables)")" 0 \
  "SQLite neither"
same_but "$pg_url" "$my_url" '' "empty again, the same"

done_testing
