# MySQL commits DDL as it goes, so a migration that fails at statement k
# leaves statements 1..k-1 applied.  The history must say so, `up` must
# refuse to go on top of it, and --resume and repair must recover.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database

tables() {
  my "SELECT GROUP_CONCAT(table_name ORDER BY table_name)
    FROM information_schema.tables WHERE table_schema = DATABASE()
    AND table_name NOT LIKE 'strata%'"
}

write_migration 001_half.up.sql "CREATE TABLE a (id INT);
CREATE TABLE b (id INT);
INSERT INTO missing VALUES (1);
CREATE TABLE c (id INT);"
write_migration 002_next.up.sql "CREATE TABLE d (id INT);"

run_strata -u "$my_url" up
is "$rc" 1 "up fails"
like "$err" "Table '[^']*missing' doesn't exist" "with the server's message"
like "$err" "ERROR 1146 \\(42S02\\)" "its error number and SQLSTATE"
like "$err" "001_half.up.sql:3" "at the failing statement's line"
like "$err" "statements 1 to 2 of 4 ran" "saying which statements ran"
is "$(tables)" "a,b" "statements 1 and 2 stay applied"
is "$(my_progress 001)" "failed 2/4" \
  "history records the failure after 2 of 4 statements"
is "$(my "SELECT COUNT(*) FROM strata_migrations WHERE version = '002'")" 0 \
  "the next migration did not run"

run_strata -u "$my_url" status
like "$out" "001 +half +failed" "status shows the migration failed"
like "$out" "failed at statement 3 of 4" "and names the statement"

run_strata -u "$my_url" up
is "$rc" 1 "up refuses to go on top of a failed migration"
like "$err" "up --resume" "naming --resume"
like "$err" "repair --mark-applied 001" "and repair --mark-applied"
like "$err" "repair --mark-reverted 001" "and repair --mark-reverted"
is "$(tables)" "a,b" "and changes nothing"

# Editing a statement that already ran makes --resume unsafe.
write_migration 001_half.up.sql "CREATE TABLE a (id INT, x INT);
CREATE TABLE b (id INT);
INSERT INTO a VALUES (1);
CREATE TABLE c (id INT);"
run_strata -u "$my_url" up --resume
is "$rc" 1 "--resume refuses when a statement that ran was edited"
like "$err" "already ran were edited" "saying why"
is "$(tables)" "a,b" "and runs nothing"

write_migration 001_half.up.sql "CREATE TABLE a (id INT);
CREATE TABLE b (id INT);
INSERT INTO a VALUES (1);
CREATE TABLE c (id INT);"
run_strata -u "$my_url" up --resume
is "$rc" 0 "--resume after the fix succeeds"
is "$(tables)" "a,b,c,d" "it ran statements 3 and 4, then the next migration"
is "$(my "SELECT COUNT(*) FROM a")" 1 "statement 3 ran once"
is "$(my "SELECT CONCAT(version, ':', state, ':', statements_done)
  FROM strata_migrations ORDER BY version")" \
"001:applied:4
002:applied:1" "history records both applied"

# Recovery by hand: repair --mark-applied and --mark-reverted.
write_migration 003_broken.up.sql "CREATE TABLE e (id INT);
CREATE TABLE e (id INT);"
run_strata -u "$my_url" up
is "$rc" 1 "a migration failing at its second statement fails"
like "$err" "Table 'e' already exists" "with the server's message"
my "CREATE TABLE f (id INT)"
run_strata -u "$my_url" repair --mark-applied 003 --yes
is "$rc" 1 "repair --mark-applied checks the schema first"
like "$err" "cannot check the schema: .*fail on a scratch database" \
  "and says it cannot, as 003 fails wherever it runs"
my_mark_applied 003 "with --force it records it as applied" --force

write_migration 004_broken.up.sql "CREATE TABLE g (id INT);
ALTER TABLE nowhere ADD x INT;"
run_strata -u "$my_url" up
is "$rc" 1 "another failing migration fails"
my "DROP TABLE g"
run_strata -u "$my_url" repair --mark-reverted 004 --yes
is "$rc" 0 "repair --mark-reverted forgets it"
is "$(my "SELECT COUNT(*) FROM strata_migrations WHERE version = '004'")" 0 \
  "history no longer holds it"
run_strata -u "$my_url" status
like "$out" "004 +broken +pending" "it is pending again"

done_testing
