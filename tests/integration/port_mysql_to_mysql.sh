# `strata port` from MariaDB to MariaDB, a same-engine copy between two
# databases of the test server: port_mysql_awkward.sql (zero dates in NOT
# NULL columns with zero-date defaults, integer extremes, zerofill, an
# enum's error value '', sets, bit(1) and bit(64), json, blobs with NUL
# bytes, 4-byte UTF-8, a latin1 column, times past 24 hours, NULL in every
# nullable type, 64-character names, self-referencing and cyclic foreign
# keys, a check, generated columns, ON UPDATE, prefix, descending and
# FULLTEXT indexes, counters past deleted rows, a view, a trigger, a
# function, and stored programs created under sessions of their own:
# ANSI_QUOTES, no STRICT, PIPES_AS_CONCAT, a latin1 client, another
# database collation) copied with --verify; what the copy holds
# afterwards, table by table and value by value; the programs' sql_mode,
# character sets and database collation, and what they do; --verify-only; mapping options refused; a row
# the copy refuses and a key whose rows lack a parent, finished with
# --resume; --emit-migration's down and up.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database
copy_db=${my_db}_copy
orph_db=${my_db}_orph
orph_copy_db=${my_db}_orph_copy
emit_db=${my_db}_emit
copy_cleanup() {
  for db in "$copy_db" "$orph_db" "$orph_copy_db" "$emit_db"; do
    my_admin "DROP DATABASE IF EXISTS \`$db\`" >/dev/null 2>&1
  done
  my_cleanup
}
trap copy_cleanup EXIT
if ! my_client --default-character-set=utf8mb4 "$my_db" \
     <"$STRATA_SRCDIR/tests/integration/fixtures/port_mysql_awkward.sql"; then
  echo "Bail out! cannot load the fixture"
  exit 1
fi
# Each program under a session of its own, as SHOW CREATE says it: a
# double-quoted identifier that is a string without ANSI_QUOTES, a value
# clipped rather than refused, || that is OR without PIPES_AS_CONCAT, a
# literal in the client's latin1, a result in the utf8mb4 of the database
# collation the function was created under (the database's own is put
# back after): an omega, which latin1 has not.
if ! my_client --default-character-set=utf8mb4 "$my_db" <<'EOF'; then
SET @collation = CONCAT('ALTER DATABASE COLLATE ', @@collation_database);
SET sql_mode = 'ANSI_QUOTES';
CREATE PROCEDURE quoted_names() SELECT "id", "name" FROM "nodes" WHERE "id" = 1;
SET sql_mode = '';
CREATE FUNCTION clipped() RETURNS tinyint RETURN 1000;
SET sql_mode = 'PIPES_AS_CONCAT,ANSI_QUOTES';
CREATE FUNCTION joined(a varchar(10), b varchar(10)) RETURNS varchar(30)
  RETURN a || '+' || b;
CREATE TRIGGER nodes_renamed BEFORE UPDATE ON nodes FOR EACH ROW
  SET NEW."name" = NEW."name" || '!';
SET sql_mode = DEFAULT, NAMES latin1;
CREATE FUNCTION literal_set() RETURNS varchar(20) RETURN CHARSET('x');
SET NAMES utf8mb4;
ALTER DATABASE COLLATE utf8mb4_unicode_ci;
CREATE FUNCTION omega() RETURNS varchar(10) RETURN 'Ω';
PREPARE back FROM @collation;
EXECUTE back;
EOF
  echo "Bail out! cannot create the stored programs"
  exit 1
fi
for db in "$copy_db" "$orph_db" "$orph_copy_db" "$emit_db"; do
  my_admin "CREATE DATABASE \`$db\`" ||
    { echo "Bail out! cannot create database $db"; exit 1; }
done
copy_url=$(my_url_for "$copy_db")
copy_collation=$(my_client -e "SELECT DEFAULT_COLLATION_NAME
                               FROM information_schema.SCHEMATA
                               WHERE SCHEMA_NAME = '$copy_db'")
TMPDIR=$scratch/tmp
mkdir "$TMPDIR"
export TMPDIR
src() { my_client --default-character-set=utf8mb4 -e "$1" "$my_db"; }
copy() { my_client --default-character-set=utf8mb4 -e "$1" "$copy_db"; }
tables="dates numbers kinds a_table_name_of_exactly_sixty_four_characters_for_mysql_tests_x nodes hosts keepers order_lines tallies"

run_strata port --from "$my_url" --to "$copy_url" --verify
is "$rc" 0 "MariaDB to MariaDB keeps every row and passes --verify"
like "$err" "ported 9 tables, 24 rows, to schema '$copy_db'" "it says so"
like "$err" "kinds: 3 rows in .*, verified" "the enum's error value included"
is "$(ls "$TMPDIR" | wc -l | tr -d ' ')" 0 "and sets nothing aside"
like "$out" "0 notes: 0 changed, 0 approximated, 0 unsupported, 0 to port by hand" \
  "nothing is mapped: no note"

# ---- the schema -----------------------------------------------------------
# SHOW CREATE TABLE says every column's type (unsigned, zerofill, enum and
# set labels, bit(n), year, json's check), collation and character set,
# default (zero dates too), ON UPDATE, generated expression, every key
# and index (prefix lengths, DESC, FULLTEXT), check, foreign key with its
# rules, comment, and the AUTO_INCREMENT counter.
show_all() {
  for t in $tables; do my_client -e "SHOW CREATE TABLE \`$t\`" "$1"; done
}
is "$(show_all "$copy_db")" "$(show_all "$my_db")" \
  "SHOW CREATE TABLE of every table is the source's, counters included"
like "$(copy "SHOW CREATE TABLE dates")" \
  "\`d\` date NOT NULL DEFAULT '0000-00-00'" "a zero-date default is kept"
like "$(copy "SHOW CREATE TABLE order_lines")" \
  "\`seq\` int\\(11\\) NOT NULL AUTO_INCREMENT" \
  "AUTO_INCREMENT on a column the primary key does not start with"
is "$(copy "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'dates'
            ORDER BY ORDINAL_POSITION")" \
  "id	int(10) unsigned	NO	NULL	auto_increment
d	date	NO	'0000-00-00'	
dt	datetime	NO	'0000-00-00 00:00:00'	
ts	timestamp	NO	'0000-00-00 00:00:00'	
dt6	datetime(6)	NO	'2020-00-15 00:00:00.000000'	
changed	timestamp	NO	current_timestamp()	on update current_timestamp()
clock	time(3)	YES	NULL	
yr	year(4)	YES	NULL	" \
  "NOT NULL kept on every zero-date column, ON UPDATE too"
is "$(copy "SELECT COLUMN_NAME, COLUMN_TYPE, COLLATION_NAME
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'kinds'
              AND COLUMN_NAME IN ('mood', 'tags', 'wide_bits', 'old_name', 'doc')
            ORDER BY ORDINAL_POSITION")" \
  "mood	enum('happy','sad')	utf8mb4_unicode_ci
tags	set('red','green','blue')	utf8mb4_unicode_ci
wide_bits	bit(64)	NULL
doc	longtext	utf8mb4_bin
old_name	varchar(20)	latin1_swedish_ci" \
  "enum and set labels, bit(64), json, a column's own character set"

dump_of() { # the schema as strata dumps it, the port's mapping left out
  run_strata dump --url "$1" -o -
  printf '%s\n' "$out" |
    awk '/^CREATE TABLE `strata_port_settings`/ { skip = 1 }
         !skip { print }
         skip && /^\)/ { skip = 0; getline }'
}
is "$(dump_of "$copy_url")" "$(dump_of "$my_url")" \
  "strata dump of the copy is the source's: the view, the trigger and the function too"

# ---- the stored programs --------------------------------------------------
# SHOW CREATE of each: its name, sql_mode, character_set_client,
# collation_connection and Database Collation (not the text, which the
# copy writes in its own words, nor a trigger's time of creation).
programs="PROCEDURE quoted_names
FUNCTION clipped
FUNCTION joined
FUNCTION literal_set
FUNCTION omega
FUNCTION doubled
TRIGGER nodes_renamed
TRIGGER nodes_named"
show_programs() {
  printf '%s\n' "$programs" | while read -r kind name; do
    my_client -e "SHOW CREATE $kind \`$name\`" "$1" |
      cut -f1,2,4-6
  done
}
shown=$(show_programs "$copy_db")
is "$shown" "$(show_programs "$my_db")" \
  "each program keeps its sql_mode, character sets and database collation"
like "$shown" "quoted_names	ANSI_QUOTES	" "ANSI_QUOTES"
like "$shown" "clipped		" "no sql_mode at all"
like "$shown" "joined	PIPES_AS_CONCAT,ANSI_QUOTES	" "PIPES_AS_CONCAT"
like "$shown" "literal_set	[^	]*	latin1	latin1_swedish_ci	" \
  "a latin1 client"
like "$shown" "omega	[^	]*	utf8mb4	[^	]*	utf8mb4_unicode_ci" \
  "the database collation the function was made under"
is "$(copy "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA
            WHERE SCHEMA_NAME = DATABASE()")" "$copy_collation" \
  "and the copy's database has its own collation back"

# ---- the rows -------------------------------------------------------------
checksums() {
  for t in $tables; do
    my_client -e "CHECKSUM TABLE \`$t\` EXTENDED" "$1" | cut -f2
  done
}
is "$(checksums "$copy_db")" "$(checksums "$my_db")" \
  "every table's checksum is the source's"
is "$(copy "SELECT id, d, dt, ts, dt6, changed, clock, yr FROM dates ORDER BY id")" \
  "1	0000-00-00	0000-00-00 00:00:00	0000-00-00 00:00:00	0000-00-00 00:00:00.000000	2024-01-02 03:04:05	838:59:59.000	0000
2	2020-00-15	2020-01-00 10:11:12	2038-01-19 03:14:07	2020-02-00 00:00:00.123456	2024-01-02 03:04:05	-838:59:59.999	2155
3	2024-02-29	9999-12-31 23:59:59	2001-02-03 04:05:06	1000-01-01 00:00:00.000001	2024-01-02 03:04:05	100:00:00.500	1901" \
  "zero dates and partial zero dates in NOT NULL columns, times past 24 hours, years"
is "$(copy "SELECT * FROM numbers ORDER BY id")" \
  "1	127	255	32767	65535	8388607	16777215	2147483647	4294967295	9223372036854775807	18446744073709551615	999999	2	99999999999999.999999	3.40282e38	1.7976931348623157e308
2	-128	0	-32768	0	-8388608	0	-2147483648	0	-9223372036854775808	0	000042	1	0.000001	-1.17549e-38	5e-324
3	NULL	NULL	NULL	NULL	NULL	NULL	NULL	NULL	NULL	NULL	NULL	0	NULL	NULL	NULL" \
  "integer extremes signed and unsigned, zerofill, tinyint(1) holding 2, decimals, floats, NULL"
is "$(copy "SELECT id, mood, mood + 0, maybe, maybe + 0, tags, one_bit + 0,
                   HEX(wide_bits), doc, HEX(raw), HEX(fixed)
            FROM kinds ORDER BY id")" \
  "1	sad	2		1	red,blue	1	FFFFFFFFFFFFFFFF	{\"a\": [1, 2.5], \"b\": \"😀\"}	00FF00DEADBEEF00	00000000
2		0	x	2		0	0	[]		01020300
3	happy	1	NULL	NULL	NULL	NULL	NULL	NULL	NULL	NULL" \
  "the enum's error value '' (index 0) and its label '', sets, bits, json, bytes with NUL bytes"
is "$(copy "SELECT name, old_name FROM kinds WHERE id = 1")" "Ann 😀 𝄞	Åsa" \
  "4-byte UTF-8 and latin1 arrive intact"
is "$(copy "SELECT HEX(name), HEX(old_name), HEX(note), HEX(code) FROM kinds WHERE id = 1")" \
  "$(src "SELECT HEX(name), HEX(old_name), HEX(note), HEX(code) FROM kinds WHERE id = 1")" \
  "byte for byte, with a tab, a backslash and a newline"
is "$(copy "SELECT count(*) FROM kinds WHERE id = 3 AND maybe IS NULL AND
              tags IS NULL AND one_bit IS NULL AND wide_bits IS NULL AND
              doc IS NULL AND raw IS NULL AND fixed IS NULL AND name IS NULL
              AND old_name IS NULL AND note IS NULL AND code IS NULL")" 1 \
  "NULL stays NULL in every type"
is "$(copy "SELECT id, seq, total, label FROM order_lines ORDER BY id, seq")" \
  "1	1	5.00	#1
1	2	0.00	#2
2	40	3.00	#40" "generated columns are computed by the copy"
is "$(copy "SELECT count(*) FROM a_table_name_of_exactly_sixty_four_characters_for_mysql_tests_x
            WHERE a_column_name_of_exactly_sixty_four_characters_for_mysql_tests_y > 0")" \
  2 "64-character names are kept"
is "$(copy "SELECT group_concat(concat(TABLE_NAME, '>', REFERENCED_TABLE_NAME)
                                ORDER BY TABLE_NAME)
            FROM information_schema.REFERENTIAL_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA = DATABASE()")" \
  "hosts>keepers,keepers>hosts,nodes>nodes" \
  "self-referencing and cyclic foreign keys are added"

run_strata port --from "$my_url" --to "$copy_url" --verify-only
is "$rc" 0 "--verify-only after the port finds the same rows"
like "$err" "compared 9 tables, 24 rows, in schema '$copy_db'" "it says so"

# ---- the copy works as the source does -------------------------------------
refused() { my_client -e "$1" "$copy_db" 2>/dev/null && echo accepted || echo refused; }
is "$(copy "INSERT INTO dates (changed) VALUES ('2024-01-01'); SELECT max(id) FROM dates")" \
  8 "AUTO_INCREMENT goes on past the rows the source deleted"
is "$(copy "INSERT INTO order_lines (id, price) VALUES (9, 1); SELECT max(seq) FROM order_lines")" \
  42 "so does a counter on a column the primary key does not start with"
copy "UPDATE dates SET clock = '01:00:00' WHERE id = 3"
isnt "$(copy "SELECT changed FROM dates WHERE id = 3")" "2024-01-02 03:04:05" \
  "ON UPDATE CURRENT_TIMESTAMP moves"
is "$(copy "INSERT INTO tallies (grp) VALUES ('a'), ('b'), ('c');
            SELECT group_concat(concat(grp, n) ORDER BY grp, n) FROM tallies")" \
  "a1,a2,a3,b1,b2,c1" "the MyISAM table is MyISAM again, numbering per group"
is "$(copy "INSERT INTO nodes (id, name) VALUES (5, ''); SELECT name FROM nodes WHERE id = 5")" \
  "node 10" "the trigger runs, calling the function"
is "$(copy "SELECT total FROM line_totals WHERE id = 1")" "5.00" "the view reads"
is "$(refused "INSERT INTO order_lines (id, qty, price) VALUES (10, -1, 1)")" refused \
  "the check holds"
is "$(refused "INSERT INTO nodes (name) VALUES ('root')")" refused "a unique key holds"
is "$(refused "INSERT INTO keepers VALUES (30, 99)")" refused "the foreign keys hold"
run_strata port --from "$my_url" --to "$copy_url" --verify-only
is "$rc" 1 "--verify-only sees rows changed on the copy"
like "$err" "table dates differs: 3 rows on the source, 4 on the target" \
  "naming the table"

is "$(copy "CALL quoted_names()")" "1	child" "the procedure reads double-quoted names as names"
is "$(copy "SELECT clipped(), joined('ab', 'cd'), literal_set(),
                   omega(), CHARSET(omega())")" \
  "127	ab+cd	latin1	Ω	utf8mb4" \
  "the functions clip, concatenate, and keep their literals' and result's character sets"
is "$(copy "UPDATE nodes SET name = 'child' WHERE id = 1;
            SELECT name FROM nodes WHERE id = 1")" "child!" "the trigger concatenates"

# ---- mapping options ------------------------------------------------------
run_strata port --from "$my_url" --to "$(my_url_for "$emit_db")" --zero-dates=null
is "$rc" 1 "a mapping option is refused"
is "$err" "strata: error: mapping option 'zero_dates' does not apply to a copy from MySQL to MySQL: leave it out" \
  "in one line"
run_strata port --from "$my_url" --to "$(my_url_for "$emit_db")" --schema other
is "$rc" 1 "so is --schema"
like "$err" "not a schema 'other': leave out --schema" "in MySQL's words"
is "$(my_client -e "SELECT count(*) FROM information_schema.TABLES
                    WHERE TABLE_SCHEMA = '$emit_db'")" 0 \
  "before anything is created"

# ---- rows the copy refuses ------------------------------------------------
# Rows written with the checks off: one breaks a check, two have no
# parent.  The copy sets the first aside with MySQL's reason, but not the
# row of its batch that holds an enum's error value; the key, added
# unchecked, is not met, its rows counted; --resume finishes once they
# are dealt with.
my_client -e "CREATE TABLE parent (id int PRIMARY KEY, qty int,
                mood enum('a', 'b'),
                CONSTRAINT qty_positive CHECK (qty > 0));
              CREATE TABLE scores (id int PRIMARY KEY, points int,
                CONSTRAINT points_positive CHECK (points > 0)) ENGINE=MyISAM;
              CREATE TABLE child (id int PRIMARY KEY, parent_id int,
                CONSTRAINT child_parent FOREIGN KEY (parent_id)
                  REFERENCES parent (id));
              SET foreign_key_checks = 0, check_constraint_checks = 0,
                sql_mode = '';
              INSERT INTO parent VALUES (1, 5, ''), (2, -1, 'a');
              INSERT INTO scores VALUES (1, 1), (2, -1), (3, 3);
              INSERT INTO child VALUES (1, 1), (2, 2), (3, 7)" "$orph_db"
orph_url=$(my_url_for "$orph_copy_db")
run_strata port --from "$(my_url_for "$orph_db")" --to "$orph_url" --verify \
  --reject-dir "$scratch/rejects"
is "$rc" 1 "a row the copy refuses fails the port"
like "$(cat "$scratch/rejects/parent.rejects.jsonl")" \
  '"key": "id=2", "reason": "CONSTRAINT `qty_positive` failed' \
  "set aside with MySQL's reason"
like "$err" "parent: 1 rows in .* 1 rejected, verified" \
  "the other rows are in, verified"
is "$(my_client -e "SELECT id, mood + 0 FROM parent" "$orph_copy_db")" "1	0" \
  "the enum's error value in the refused row's batch among them"
like "$err" "scores: 2 rows in .* 1 rejected, verified" \
  "a MyISAM table loads in a transaction too: only the refused row is set aside"
is "$(my_client -e "SELECT group_concat(id ORDER BY id), ENGINE
                    FROM scores, information_schema.TABLES
                    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'scores'
                    GROUP BY ENGINE" "$orph_copy_db")" "1,3	MyISAM" \
  "and the others are in, once, in MyISAM again"
like "$err" "foreign key child.child_parent is not met: 2 rows of child have no parent row in parent" \
  "the key's rows without a parent are counted"
my_client -e "DELETE FROM child WHERE id > 1" "$orph_copy_db"
run_strata port --from "$(my_url_for "$orph_db")" --to "$orph_url" --resume
is "$rc" 1 "--resume with the children fixed still counts the row set aside"
run_strata port --from "$(my_url_for "$orph_db")" --to "$orph_url" --resume \
  --max-rejects 2
is "$rc" 5 "--resume --max-rejects 2 finishes the port"
is "$(printf '%s\n' "$err" | tail -1)" \
  "the port set aside 2 rows: see '$scratch/rejects'" \
  "its last line counts the rows set aside, a same-engine copy leaving no object out"
is "$(my_client -e "SELECT count(*) FROM information_schema.TABLES
                    WHERE TABLE_SCHEMA = '$orph_copy_db'
                      AND TABLE_NAME = 'strata_port_state'")" 0 \
  "and the port is over"

# ---- as a migration -------------------------------------------------------
emit_url=$(my_url_for "$emit_db")
run_strata port --from "$my_url" --to "$emit_url" --emit-migration emitted
is "$rc" 0 "a copy writes its schema as a migration"
run_strata down --url "$emit_url" --dir emitted
is "$rc" 0 "its down runs"
is "$(my_client -e "SELECT count(*) FROM information_schema.TABLES
                    WHERE TABLE_SCHEMA = '$emit_db' AND TABLE_NAME NOT LIKE 'strata%'
                    UNION ALL
                    SELECT count(*) FROM information_schema.ROUTINES
                    WHERE ROUTINE_SCHEMA = '$emit_db'")" "0
0" "and drops every table, view and function the copy made"
run_strata up --url "$emit_url" --dir emitted
is "$rc" 0 "its up makes them again"
is "$(dump_of "$emit_url" | grep -v '^INSERT INTO strata_migrations (')" \
  "$(dump_of "$my_url")" "the same schema as the source's"
done_testing
