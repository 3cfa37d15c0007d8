# PostgreSQL: one transaction per migration.  CREATE INDEX CONCURRENTLY
# runs in a "-- strata:no-transaction" migration and is refused, before
# anything runs, in a transactional one; a failing migration leaves the
# schema and the history as they were.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
pg_scratch_database
mkdir -p db/migrations

cat >db/migrations/001_table.up.sql <<'SQL'
CREATE TABLE item (id int PRIMARY KEY, sku text);
INSERT INTO item SELECT g, 'sku' || g FROM generate_series(1, 100) g;
SQL
cat >db/migrations/002_index.up.sql <<'SQL'
-- strata:no-transaction
CREATE INDEX CONCURRENTLY item_sku ON item (sku);
DROP INDEX CONCURRENTLY IF EXISTS no_such_index;
SQL

run_strata -u "$pg_url" up
is "$rc" 0 "a no-transaction migration runs CREATE INDEX CONCURRENTLY"
is "$(pg "SELECT indisvalid FROM pg_index WHERE indexrelid = 'item_sku'::regclass")" \
  t "the index is built and valid"
is "$(pg "SELECT count(*) FROM strata_migrations WHERE state = 'applied'")" 2 \
  "both migrations are recorded"

# CIC in a transactional migration: refused before its first statement.
cat >db/migrations/003_bad_index.up.sql <<'SQL'
CREATE TABLE untouched (id int);

CREATE INDEX CONCURRENTLY item_id_sku ON item (id, sku);
SQL
run_strata -u "$pg_url" up
is "$rc" 1 "CREATE INDEX CONCURRENTLY in a transaction is refused"
like "$err" "003_bad_index.up.sql:3" "the error names the file and line"
like "$err" "strata:no-transaction" "and suggests the directive"
is "$(pg "SELECT to_regclass('untouched') IS NULL")" t \
  "no statement of the refused migration ran"
is "$(pg "SELECT count(*) FROM strata_migrations WHERE version = '003'")" 0 \
  "nothing is recorded for it"
rm db/migrations/003_bad_index.up.sql

# A statement that fails half way: the migration is rolled back whole.
cat >db/migrations/004_fails.up.sql <<'SQL'
CREATE TABLE half (id int);
INSERT INTO item VALUES (1000, 'new');
INSERT INTO item VALUES (1, 'duplicate key');
SQL
run_strata -u "$pg_url" up
is "$rc" 1 "a failing migration fails the run"
like "$err" "duplicate key value violates unique constraint" \
  "the error shows the server's message"
like "$err" "23505" "and the SQLSTATE"
like "$err" "Key \(id\)=\(1\) already exists" "and the server's detail"
like "$err" "004_fails.up.sql:3:1" "and the file, line and column"
is "$(pg "SELECT to_regclass('half') IS NULL")" t "its table was rolled back"
is "$(pg "SELECT count(*) FROM item")" 100 "its rows were rolled back"
is "$(pg "SELECT string_agg(version || ':' || state, ',' ORDER BY version) FROM strata_migrations")" \
  "001:applied,002:applied" "history is unchanged"

# Fixed, it applies.
cat >db/migrations/004_fails.up.sql <<'SQL'
CREATE TABLE half (id int);
INSERT INTO item VALUES (1000, 'new');
SQL
run_strata -u "$pg_url" up
is "$rc" 0 "the fixed migration applies"
is "$(pg "SELECT count(*) FROM item")" 101 "with its rows"

# The history row and COMMIT travel in one round trip: a history write
# the server refuses must leave the migration unapplied, its DDL and rows
# rolled back, whichever way it runs.
pg "CREATE FUNCTION refuse_history() RETURNS trigger LANGUAGE plpgsql AS
    \$\$ BEGIN RAISE EXCEPTION 'this history row is refused'; END \$\$;
    CREATE TRIGGER refuse_insert BEFORE INSERT ON strata_migrations
    FOR EACH ROW WHEN (NEW.version = '005') EXECUTE FUNCTION refuse_history();
    CREATE TRIGGER refuse_delete BEFORE DELETE ON strata_migrations
    FOR EACH ROW WHEN (OLD.version = '005') EXECUTE FUNCTION refuse_history()"
cat >db/migrations/005_audit.up.sql <<'SQL'
CREATE TABLE audit (id int);
INSERT INTO item VALUES (2000, 'audited');
SQL
cat >db/migrations/005_audit.down.sql <<'SQL'
DELETE FROM item WHERE id = 2000;
DROP TABLE audit;
SQL
run_strata -u "$pg_url" up
is "$rc" 1 "a history write the server refuses fails the run"
like "$err" "this history row is refused" "with the server's message"
like "$err" "rolled back" "saying the migration was rolled back"
is "$(pg "SELECT to_regclass('audit') IS NULL")" t \
  "the migration's table was rolled back with its history row"
is "$(pg "SELECT count(*) FROM item WHERE id = 2000")" 0 "and so was its row"
is "$(pg "SELECT count(*) FROM strata_migrations WHERE version = '005'")" 0 \
  "and it is not recorded"
run_strata -u "$pg_url" status
like "$out" "005 .*pending" "status shows it pending"
run_strata -u "$pg_url" up
is "$rc" 1 "it fails again the same way"
is "$(pg "SELECT to_regclass('audit') IS NULL")" t "and leaves nothing again"

pg "ALTER TABLE strata_migrations DISABLE TRIGGER USER"
run_strata -u "$pg_url" up
is "$rc" 0 "with the write allowed, it applies"
is "$(pg "SELECT to_regclass('audit') IS NOT NULL")" t "its table is there"
is "$(pg "SELECT state FROM strata_migrations WHERE version = '005'")" \
  applied "and it is recorded"
pg "ALTER TABLE strata_migrations ENABLE TRIGGER USER"
run_strata -u "$pg_url" down
is "$rc" 1 "a down whose history delete is refused fails"
like "$err" "this history row is refused" "with the server's message"
is "$(pg "SELECT to_regclass('audit') IS NOT NULL")" t \
  "the table it dropped is back"
is "$(pg "SELECT count(*) FROM item WHERE id = 2000")" 1 \
  "and so is the row it deleted"
is "$(pg "SELECT state FROM strata_migrations WHERE version = '005'")" \
  applied "and it is still recorded applied"
pg "ALTER TABLE strata_migrations DISABLE TRIGGER USER"
run_strata -u "$pg_url" down
is "$rc" 0 "with the delete allowed, the down runs"
is "$(pg "SELECT to_regclass('audit') IS NULL")" t "and drops the table"
is "$(pg "SELECT count(*) FROM strata_migrations WHERE version = '005'")" 0 \
  "and forgets the migration"

# A repeatable migration run again deletes the row of its last run, then
# writes the new one: the delete goes unread with the reset, and the
# insert reads it before it runs.
mkdir -p fw
printf 'CREATE TABLE fw_base (n int);\n' >fw/V1__base.sql
printf 'CREATE VIEW fw_view AS SELECT 1 AS n;\n' >fw/R__view.sql
run_strata -u "$pg_url" -d fw --layout flyway --table fw_history up
is "$rc" 0 "a flyway folder with a repeatable applies"
printf 'CREATE OR REPLACE VIEW fw_view AS SELECT 2 AS n;\n' >fw/R__view.sql
run_strata -u "$pg_url" -d fw --layout flyway --table fw_history up
is "$rc" 0 "the edited repeatable runs again"
is "$(pg "SELECT n FROM fw_view")" 2 "with its new text"
is "$(pg "SELECT count(*) FROM fw_history WHERE version = 'R__view'")" 1 \
  "and one row records its last run"
pg "CREATE TRIGGER refuse_view BEFORE DELETE ON fw_history FOR EACH ROW
    WHEN (OLD.version = 'R__view') EXECUTE FUNCTION refuse_history()"
printf 'CREATE OR REPLACE VIEW fw_view AS SELECT 3 AS n;\n' >fw/R__view.sql
run_strata -u "$pg_url" -d fw --layout flyway --table fw_history up
is "$rc" 1 "a refused delete of its last run fails the run again"
like "$err" "this history row is refused" "with the server's message"
is "$(pg "SELECT n FROM fw_view")" 2 "and the view keeps its last text"

done_testing
