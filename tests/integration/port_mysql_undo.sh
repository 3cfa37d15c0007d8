# `strata port` into MariaDB, whose DDL commits as it runs: a port whose
# CREATE phase fails drops everything it had created (tables, routines,
# what --schema-only made) and nothing it had not (a routine the user
# made before); once the cause is fixed, the same port runs through.  A
# --data-only port that fails as it starts leaves the user's tables.
# Then --verify over several batches: every batch compared, a row
# changed on the target found, and values moved between columns or NULL
# traded for '' or 'N' found too.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database
undo_db=${my_db}_undo
clash_db=${my_db}_clash
bulk_db=${my_db}_bulk
undo_cleanup() {
  for db in "$undo_db" "$clash_db" "$bulk_db"; do
    my_admin "DROP DATABASE IF EXISTS \`$db\`" >/dev/null 2>&1
  done
  my_cleanup
}
trap undo_cleanup EXIT
for db in "$undo_db" "$clash_db" "$bulk_db"; do
  my_admin "CREATE DATABASE \`$db\`" ||
    { echo "Bail out! cannot create database $db"; exit 1; }
done
scratch_tmpdir

# left DB: what the schema holds, by kind: tables, views, routines and
# triggers, each as name (routines with their kind), one a line.
left() {
  my_client -e "
    SELECT CONCAT('table ', TABLE_NAME) FROM information_schema.TABLES
     WHERE TABLE_SCHEMA = '$1' AND TABLE_TYPE = 'BASE TABLE'
    UNION ALL SELECT CONCAT('view ', TABLE_NAME) FROM information_schema.VIEWS
     WHERE TABLE_SCHEMA = '$1'
    UNION ALL SELECT CONCAT(LOWER(ROUTINE_TYPE), ' ', ROUTINE_NAME)
      FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '$1'
    UNION ALL SELECT CONCAT('trigger ', TRIGGER_NAME)
      FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '$1'
    ORDER BY 1"
}

# ---- a table the target refuses ---------------------------------------------
# The source made zzz_wide with innodb_strict_mode off, which only warns
# that a row of 40 char(255) latin1 columns is past InnoDB's 8126 bytes;
# the target's strict mode refuses it, after the port made two routines
# and a table.  The target already holds a function of the user's.
wide=$(seq -f 'c%g char(255)' 1 40 | paste -sd,)
my "CREATE FUNCTION f_twice(x int) RETURNS int DETERMINISTIC RETURN 2 * x;
    CREATE PROCEDURE p_note() SELECT 1;
    CREATE TABLE aaa_first (id int PRIMARY KEY, n int);
    CREATE TRIGGER aaa_twice BEFORE INSERT ON aaa_first
      FOR EACH ROW SET NEW.n = f_twice(NEW.id);
    INSERT INTO aaa_first (id) VALUES (1), (2);
    CREATE VIEW v_first AS SELECT id, n FROM aaa_first;
    SET SESSION innodb_strict_mode = 0;
    CREATE TABLE zzz_wide (id int PRIMARY KEY, $wide) DEFAULT CHARSET=latin1"
my_client -e "CREATE FUNCTION users_own() RETURNS int DETERMINISTIC RETURN 7" \
  "$undo_db"
undo_url=$(my_url_for "$undo_db")

run_strata port --from "$my_url" --to "$undo_url"
is "$rc" 1 "a table the target refuses fails the port"
like "$err" "Row size too large" "with MySQL's reason"
like "$err" "what the port had created was dropped again, and the schema is as it was" \
  "saying what it left"
is "$(left "$undo_db")" "function users_own" \
  "no routine, table or bookkeeping of the port stays; the user's function does"

run_strata port --from "$my_url" --to "$undo_url" --schema-only
is "$rc" 1 "so does one with --schema-only"
is "$(left "$undo_db")" "function users_own" \
  "which leaves nothing of its own either"

my "DROP TABLE zzz_wide;
    CREATE TABLE zzz_wide (id int PRIMARY KEY, c1 char(255)) DEFAULT CHARSET=latin1"
run_strata port --from "$my_url" --to "$undo_url" --verify
is "$rc" 0 "the cause fixed, the same port runs through"
is "$(left "$undo_db")" "function f_twice
function users_own
procedure p_note
table aaa_first
table strata_port_settings
table zzz_wide
trigger aaa_twice
view v_first" \
  "with every routine, table, trigger and view, and the port's settings"
is "$(my_client -e "INSERT INTO aaa_first (id) VALUES (3);
                    SELECT n FROM v_first WHERE id = 3" "$undo_db")" 6 \
  "the copied trigger calls the copied function"

# ---- a routine whose name is taken ----------------------------------------
# The target holds a function f_twice of the user's: the port stops at
# it; what it made before goes, the user's f_twice stays as it was.
my "DROP TABLE zzz_wide"
my_client -e "CREATE FUNCTION f_twice(x int) RETURNS int DETERMINISTIC RETURN 0" \
  "$clash_db"
clash_url=$(my_url_for "$clash_db")
run_strata port --from "$my_url" --to "$clash_url"
is "$rc" 1 "a routine whose name the target's own function has fails the port"
like "$err" "f_twice.*already exists" "with MySQL's reason"
is "$(left "$clash_db")" "function f_twice" \
  "only the user's function stays"
is "$(my_client -e "SELECT f_twice(5)" "$clash_db")" 0 \
  "and it is the user's, not dropped and not replaced"

my_client -e "DROP FUNCTION f_twice" "$clash_db"
run_strata port --from "$my_url" --to "$clash_url"
is "$rc" 0 "the user's function out of the way, the port runs through"
is "$(my_client -e "SELECT f_twice(5)" "$clash_db")" 10 \
  "with the source's function"

# ---- --data-only creates no table ------------------------------------------
# A port into the user's tables that fails as it starts (a view of the
# user's holds the name of the port's list of tables copied) leaves
# those tables and their rows alone (the copied trigger sets n).
my_client -e "DELETE FROM aaa_first; INSERT INTO aaa_first (id) VALUES (9);
              CREATE VIEW strata_port_state AS SELECT 1 AS x" "$clash_db"
run_strata port --from "$my_url" --to "$clash_url" --data-only --tables aaa_first
is "$rc" 1 "a --data-only port that cannot start fails"
like "$err" "strata_port_state' already exists" "with MySQL's reason"
is "$(my_client -e "SELECT id, n FROM aaa_first" "$clash_db")" "9	18" \
  "the user's table and its rows stay"
is "$(my_client -e "SELECT COUNT(*) FROM strata_port_settings" "$clash_db")" 1 \
  "so do the settings an earlier port stored"

# ---- --verify over several batches ----------------------------------------
# 2,500 rows: three batches through the temporary table --verify goes
# through, then a row in the middle one changed on the target.
my_client --default-character-set=utf8mb4 -e "
    CREATE TABLE bulk (id int PRIMARY KEY, label varchar(40),
                       amount decimal(10,2), raw varbinary(16), at datetime(3))
      DEFAULT CHARSET=utf8mb4;
    INSERT INTO bulk
    SELECT seq, CONCAT('row ', seq, IF(seq % 7 = 0, ' \\t\\\\ 😀', '')),
           seq / 4, IF(seq % 5 = 0, NULL, UNHEX(MD5(seq))),
           '2024-01-01' + INTERVAL seq SECOND
      FROM seq_1_to_2500" "$my_db"
bulk_url=$(my_url_for "$bulk_db")
run_strata port --from "$my_url" --to "$bulk_url" --tables bulk --verify
is "$rc" 5 "2,500 rows pass --verify"
like "$err" "bulk: 2500 rows in .*, verified" "every batch compared"
my_client -e "UPDATE bulk SET amount = amount + 0.01 WHERE id = 1234" "$bulk_db"
run_strata port --from "$my_url" --to "$bulk_url" --tables bulk --verify-only
is "$rc" 1 "--verify-only finds one value changed in the second batch"
like "$err" "table bulk differs: 2500 rows on each side, but not the same rows" \
  "naming the table"

# Values moved from one column to the next, or NULL and '' traded, are
# other rows: each value is compared on its own.  The target's copy of
# the table is made by hand, beside the port's.
my "CREATE TABLE pairs (id int PRIMARY KEY, a varchar(8), b varchar(8));
    INSERT INTO pairs VALUES (1, 'ab', 'c'), (2, NULL, ''), (3, 'N', NULL)"
my_client -e "CREATE TABLE pairs LIKE \`$my_db\`.pairs;
              INSERT INTO pairs SELECT * FROM \`$my_db\`.pairs" "$bulk_db"
run_strata port --from "$my_url" --to "$bulk_url" --tables pairs --verify-only
is "$rc" 5 "the pairs as they are compare equal"
my_client -e "UPDATE pairs SET a = 'a', b = 'bc' WHERE id = 1" "$bulk_db"
run_strata port --from "$my_url" --to "$bulk_url" --tables pairs --verify-only
is "$rc" 1 "a byte moved to the next column is found"
my_client -e "UPDATE pairs SET a = 'ab', b = 'c' WHERE id = 1;
              UPDATE pairs SET a = '', b = NULL WHERE id = 2" "$bulk_db"
run_strata port --from "$my_url" --to "$bulk_url" --tables pairs --verify-only
is "$rc" 1 "NULL and '' traded are found"
my_client -e "UPDATE pairs SET a = NULL, b = '' WHERE id = 2;
              UPDATE pairs SET a = NULL, b = 'N' WHERE id = 3" "$bulk_db"
run_strata port --from "$my_url" --to "$bulk_url" --tables pairs --verify-only
is "$rc" 1 "so are NULL and the text N"
done_testing
