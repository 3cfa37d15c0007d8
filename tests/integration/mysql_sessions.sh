#!/bin/sh
# What real MySQL sets need: migrations that set FOREIGN_KEY_CHECKS or
# sql_mode for themselves (the setting ends with the migration), data
# files with raw bytes in a string literal, and no migration that leaves
# or drops the database where the history is.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database

migration db/m 0001_tables.sql "CREATE TABLE parent (id INT PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE child (id INT, pid INT,
  FOREIGN KEY (pid) REFERENCES parent (id)) ENGINE=InnoDB;
INSERT INTO parent VALUES (1);
INSERT INTO child VALUES (1, 1);"
# A dump's habit: checks off, and never turned back on.
migration db/m 0002_reload.sql "SET FOREIGN_KEY_CHECKS=0;
DROP TABLE parent;
CREATE TABLE parent (id INT PRIMARY KEY) ENGINE=InnoDB;
INSERT INTO child VALUES (2, 99);"
migration db/m 0003_ansi.sql "SET sql_mode = 'ANSI_QUOTES';
CREATE TABLE \"quoted\" (id INT);"
# Under ANSI_QUOTES \"x\" would be a column, not a string.
migration db/m 0004_after.sql "CREATE TABLE after_t (s VARCHAR(10) DEFAULT \"x\");
INSERT INTO after_t () VALUES ();"
run_strata -u "$my_url" -d db/m up
is "$rc" 0 "migrations that set session settings apply ($err)"
is "$(my 'SELECT s FROM after_t')" x \
  "the next migration runs with the sql_mode the session began with"
is "$(my 'SELECT COUNT(*) FROM child')" 2 "the reload ran with checks off"

migration db/m 0005_orphan.sql "INSERT INTO child VALUES (3, 12345);"
run_strata -u "$my_url" -d db/m up
is "$rc" 1 "foreign key checks are back on for the next migration"
like "$err" "foreign key constraint fails" "the orphan row is refused"
rm db/m/0005_orphan.sql
run_strata -u "$my_url" -d db/m repair --mark-reverted 0005 --yes

# A dump of a BLOB column: raw bytes, not UTF-8, in a string literal.
printf "CREATE TABLE blobs (b BLOB);\nINSERT INTO blobs VALUES ('\377\376\000x'), ('caf\351');\n" |
  tr -d '\000' >db/m/0006_blob.sql
run_strata -u "$my_url" -d db/m up
is "$rc" 0 "a data file with raw bytes applies on MySQL ($err)"
is "$(my 'SELECT HEX(b) FROM blobs ORDER BY b' | tr '\n' ' ')" \
  "636166E9 FFFE78 " "and the bytes arrive as they were"

before=$(my 'SHOW TABLES' | tr '\n' ' ')
migration db/m 0007_use.sql "CREATE TABLE in_target (id INT);
USE mysql;
CREATE TABLE elsewhere (id INT);"
run_strata -u "$my_url" -d db/m up
is "$rc" 1 "a migration with USE is refused"
like "$err" "'USE mysql' switches or drops a database: strata keeps its history" \
  "saying why"
like "$err" "0007_use\\.sql:2:" "and where"
is "$(my 'SHOW TABLES' | tr '\n' ' ')" "$before" "before anything ran"
rm db/m/0007_use.sql
migration db/m 0007_recreate.sql "DROP DATABASE $my_db;
CREATE DATABASE $my_db;"
run_strata -u "$my_url" -d db/m up
is "$rc" 1 "a migration that drops its own database is refused"
is "$(my 'SELECT COUNT(*) FROM strata_migrations')" 5 "and the history is kept"

done_testing
