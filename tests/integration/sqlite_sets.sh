#!/bin/sh
# What real SQLite sets need: PRAGMA foreign_keys = OFF runs before the
# migration's transaction (which would ignore it) with the rows checked
# before the commit, journal_mode is caught before anything runs, foreign
# keys are on again after a migration that turned them off, versions too long to record are refused at plan time, errors
# point past leading comments, and a command that changes nothing leaves
# no database file behind.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

write_migration 0001_t.sql "CREATE TABLE t (id INTEGER);"
run_strata status
is "$rc" 0 "status on a database that does not exist yet"
is "$(ls "$DB" 2>/dev/null)" "" "leaves no database file behind"
printf -- '-- Write the change here.\n' >db/migrations/0002_unwritten.up.sql
run_strata up
is "$rc" 1 "an up refused before it runs anything"
is "$(ls "$DB" 2>/dev/null)" "" "leaves no database file behind either"
rm db/migrations/0002_unwritten.up.sql

run_strata up
is "$(applied)" 0001 "the starting point is applied"
write_migration 0002_parent.sql "CREATE TABLE parent (id INTEGER PRIMARY KEY);
CREATE TABLE child (id INTEGER, pid INTEGER REFERENCES parent (id));
INSERT INTO parent VALUES (1);
INSERT INTO child VALUES (1, 1);"
run_strata up
before=$(snapshot)

# The table rebuild SQLite's manual describes, in the usual transaction:
# a transaction would ignore foreign_keys=off, so it runs before the
# transaction begins, and the rows are checked before the commit.
write_migration 0003_rebuild.sql "PRAGMA foreign_keys=off;
CREATE TABLE parent_new (id INTEGER PRIMARY KEY, name TEXT);
INSERT INTO parent_new (id) SELECT id FROM parent;
DROP TABLE parent;
ALTER TABLE parent_new RENAME TO parent;
PRAGMA foreign_keys=on;"
run_strata up --dry-run
like "$(printf '%s\n' "$out" | tr '\n' ' ')" "PRAGMA foreign_keys=off; BEGIN; CREATE TABLE parent_new" \
  "--dry-run shows the pragma before BEGIN"
run_strata up
is "$rc" 0 "a rebuild with foreign_keys=off applies ($err)"
is "$(sql 'SELECT COUNT(*) FROM child')" 1 \
  "the child rows survived the drop of their parent table"
is "$(sql 'PRAGMA foreign_key_check')" "" "and still point at their parent"

# Rows the switched-off keys let through roll the migration back.
before=$(snapshot)
write_migration 0004_orphans.sql "PRAGMA foreign_keys = OFF;
INSERT INTO child VALUES (2, 999);
INSERT INTO child VALUES (3, 998);"
run_strata up
is "$rc" 1 "a migration that leaves orphan rows fails"
like "$err" "left 2 rows whose foreign key points nowhere \\(a row of 'child' \\(rowid 2\\) refers to 'parent'; a row of 'child' \\(rowid 3\\) refers to 'parent'\\)" \
  "naming how many and each"
like "$err" "rolled back" "and is rolled back"
is "$(snapshot)" "$before" "nothing of it stays"
rm db/migrations/0004_orphans.sql

# Past five orphan rows the message names five and says there are more.
write_migration 0004_many_orphans.sql "PRAGMA foreign_keys = OFF;
INSERT INTO child VALUES (2, 999), (3, 999), (4, 999), (5, 999), (6, 999), (7, 999);"
run_strata up
is "$rc" 1 "a migration that leaves six orphan rows fails"
like "$err" "left 6 rows whose foreign key points nowhere \\(a row of 'child' \\(rowid 2\\) refers to 'parent'; .*\\(rowid 6\\) refers to 'parent'; \\.\\.\\.\\): fix the rows or the migration" \
  "naming five and that there are more"
unlike "$err" "rowid 7" "and not the sixth"
is "$(snapshot)" "$before" "nothing of it stays either"
rm db/migrations/0004_many_orphans.sql

# Turned off outside a transaction, foreign keys are on again after.
write_migration 0004_off.sql "-- strata:no-transaction
PRAGMA foreign_keys=off;
CREATE TABLE plain (id INTEGER);"
write_migration 0005_orphan.sql "INSERT INTO child VALUES (2, 999);"
run_strata up
is "$rc" 1 "foreign keys are on again for the migration after"
like "$err" "FOREIGN KEY constraint failed" "so an orphan row is refused"
is "$(applied)" "0001 0002 0003 0004" "the migration that turned them off applied"
rm db/migrations/0005_orphan.sql

write_migration 0005_wal.sql "pragma Journal_Mode = wal;"
before=$(snapshot)
run_strata up
like "$err" "'pragma Journal_Mode = wal' cannot run inside a transaction" \
  "PRAGMA journal_mode is caught before the run"
is "$(snapshot)" "$before" "before anything ran"
run_strata status --exit-code
is "$rc" 4 "status agrees: a problem, not just pending"
like "$out" "up would refuse it: 'pragma Journal_Mode = wal' cannot run inside a transaction" \
  "and says why"
rm db/migrations/0005_wal.sql

long=$(printf '1%.0s' $(seq 1 70))
write_migration "${long}_long.sql" "SELECT 1;"
run_strata up
like "$err" "the version of 'db/migrations/${long}_long\\.sql' is 70 characters long; the history records at most 64" \
  "a version too long for the history is refused, naming the file"
run_strata status
is "$rc" 1 "status refuses it the same way"
rm "db/migrations/${long}_long.sql"

write_migration 0006_one.sql "-- strata:no-transaction
-- why this is here
-- and more

INSERT INTO nosuch VALUES (1);"
run_strata up
like "$err" "0006_one\\.sql:5:1" "an error points past the leading comments"
like "$err" "no statement of 1 ran; statement 1 failed" \
  "and the count of what ran reads right"
unlike "$err" "the 0 after" "with no 'the 0 after it'"

done_testing
