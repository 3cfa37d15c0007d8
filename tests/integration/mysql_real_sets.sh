#!/bin/sh
# Shapes real MySQL folders have, run as the mysql client would: a Flyway
# folder with "#" comments holding quotes, a column added through
# PREPARE/EXECUTE of a text built in a user variable, a procedure written
# without DELIMITER then called and dropped, and a last file with no final
# newline; a dbmate file named with a dash.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database

migration db/flyway V1__crates.sql "CREATE TABLE crate (id int PRIMARY KEY, label varchar(20));
INSERT INTO crate VALUES (1, 'oak'), (2, 'pine');"
migration db/flyway V1_1__tally.sql "# the 'tally' table counts crates; it's filled by a procedure
CREATE TABLE tally (n int);
CREATE PROCEDURE count_crates()
BEGIN
  DECLARE c int;
  SELECT COUNT(*) INTO c FROM crate;
  INSERT INTO tally VALUES (c);
END;
CALL count_crates();
DROP PROCEDURE count_crates;"
printf '%s' "
SET @wanted = 'weight';
SET @ddl = (SELECT IF(
  (SELECT COUNT(*) FROM information_schema.columns
    WHERE table_schema = DATABASE() AND table_name = 'crate'
      AND column_name = @wanted) > 0,
  'SELECT 1',
  CONCAT('ALTER TABLE crate ADD ', @wanted, ' int DEFAULT 7')));
# don't add it twice: the text above says which statement runs
PREPARE add_if_missing FROM @ddl;
EXECUTE add_if_missing;
DEALLOCATE PREPARE add_if_missing;" >db/flyway/V2__weight.sql
run_strata -u "$my_url" -d db/flyway up
is "$rc" 0 "the Flyway folder applies ($err)"
is "$(my "SELECT GROUP_CONCAT(version ORDER BY version) FROM strata_migrations")" \
  "1,1.1,2" "all three recorded"
is "$(my "SELECT n FROM tally")" "2" "the procedure ran, and counted the crates"
is "$(my "SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = DATABASE()")" \
  "0" "and was dropped"
is "$(my "SELECT GROUP_CONCAT(CONCAT(label, '=', weight) ORDER BY id) FROM crate")" \
  "oak=7,pine=7" "the prepared ALTER ran, from the file without a final newline"

migration db/dbmate 0001-shelf.sql "-- migrate:up
CREATE TABLE shelf (id int);
-- migrate:down
DROP TABLE shelf;"
run_strata -u "$my_url" -d db/dbmate --table dbmate_history up
is "$rc" 0 "a dbmate file named with a dash applies ($err)"
is "$(my "SELECT CONCAT(version, ':', name) FROM dbmate_history")" "0001:shelf" \
  "recorded by its digits"
run_strata -u "$my_url" -d db/dbmate --table dbmate_history down
is "$(my "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'shelf'")" \
  "0" "and reverts"

done_testing
