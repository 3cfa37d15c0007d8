# MySQL: a migration without DDL runs in one transaction (InnoDB), so a
# failure leaves neither its rows nor a history row behind; a migration
# with DDL is not wrapped, and records its progress instead.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database

write_migration 001_table.up.sql "CREATE TABLE items (
  id INT PRIMARY KEY,
  name VARCHAR(20) NOT NULL
) ENGINE=InnoDB;"
write_migration 002_data.up.sql "INSERT INTO items VALUES (1, 'one');
UPDATE items SET name = 'uno' WHERE id = 1;
INSERT INTO items VALUES (1, 'duplicate');"

run_strata -u "$my_url" up
is "$rc" 1 "the data migration fails at its third statement"
like "$err" "ERROR 1062 \\(23000\\): Duplicate entry '1'" \
  "with the server's error"
is "$(my "SELECT COUNT(*) FROM items")" 0 \
  "its first two statements were rolled back"
is "$(my "SELECT GROUP_CONCAT(version) FROM strata_migrations")" "001" \
  "and it has no history row"
unlike "$err" "--resume" "nothing asks for a resume: nothing stayed applied"

write_migration 002_data.up.sql "INSERT INTO items VALUES (1, 'one');
UPDATE items SET name = 'uno' WHERE id = 1;
INSERT INTO items VALUES (2, 'two');"
run_strata -u "$my_url" up
is "$rc" 0 "after the fix it applies"
is "$(my "SELECT GROUP_CONCAT(name ORDER BY id) FROM items")" "uno,two" \
  "with every row"
is "$(my "SELECT state FROM strata_migrations WHERE version = '002'")" \
  "applied" "and its history row"

done_testing
