#!/bin/sh
# SQLite: a reader keeping a read transaction open makes a migration's
# COMMIT wait (rollback-journal mode), and while it waits new readers are
# shut out.  The wait ends after the DDL lock timeout; strata retries,
# names the reader's process, and commits once the reader ends.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

# The sqlite3 shell driven through a FIFO: the reader.
reader_start() {
  rm -f reader.in
  mkfifo reader.in
  sqlite3 "$DB" <reader.in >reader.out 2>&1 &
  reader_pid=$!
  exec 7>reader.in
  printf '%s\n' "BEGIN;" "SELECT 'read', count(*) FROM t;" >&7
}
reader_end() {
  printf '%s\n' "COMMIT;" ".quit" >&7
  exec 7>&-
  wait "$reader_pid"
}

write_migration 001_t.up.sql "CREATE TABLE t (a int); INSERT INTO t VALUES (1);"
run_strata up
is "$rc" 0 "the table is made"

reader_start
wait_for "grep -q 'read|1' reader.out" "the reader holds a read transaction"
write_migration 002_b.up.sql "ALTER TABLE t ADD COLUMN b int;"
"$STRATA" --ddl-lock-timeout 100ms --ddl-retries 1000 up \
  >up.out 2>up.err </dev/null 7>&- &
strata_pid=$!
wait_for "grep -q 'retry 2 of 1000' up.err" "strata gives up the wait and retries"
is "$(sqlite3 -cmd '.timeout 30000' "$DB" "SELECT count(*) FROM t")" 1 \
  "another reader gets in between tries"
reader_end
wait "$strata_pid"
is "$?" 0 "strata commits once the reader ends"
like "$(cat up.err)" "lock held by process $reader_pid \\(sqlite3\\)" \
  "the notice names the reader's process"
is "$(sql "SELECT count(*) FROM pragma_table_info('t') WHERE name = 'b'")" 1 \
  "column b exists"
is "$(applied)" "001 002" "history records both"

reader_start
wait_for "grep -q 'read|1' reader.out" "a second reader holds a read transaction"
write_migration 003_c.up.sql "ALTER TABLE t ADD COLUMN c int;"
run_strata --ddl-lock-timeout 100ms --ddl-retries 0 up
is "$rc" 1 "with no retries strata fails"
like "$err" "migration 003_c waited 0.1 s for a lock 1 time and gave up: held by process $reader_pid \\(sqlite3\\)" \
  "naming the reader's process"
is "$(applied)" "001 002" "history is unchanged"
reader_end

done_testing
