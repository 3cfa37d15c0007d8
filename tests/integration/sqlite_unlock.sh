#!/bin/sh
# SQLite: `strata unlock` names the process holding the database's write
# lock (what serialises runners there), in rollback-journal and WAL mode,
# and says the lock is free (exit 0) when nobody writes; a reader is not a
# holder.  Nothing is ever cleared: the lock ends with its process.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

# The sqlite3 shell driven through a FIFO, holding a transaction open.
holder_start() {
  rm -f holder.in holder.out
  mkfifo holder.in
  sqlite3 "$DB" <holder.in >holder.out 2>&1 &
  holder_pid=$!
  exec 7>holder.in
  printf '%s\n' "$1" "SELECT 'held', count(*) FROM t;" >&7
  wait_for "grep -q 'held|' holder.out" "$2"
}
holder_end() {
  printf '%s\n' "COMMIT;" ".quit" >&7
  exec 7>&-
  wait "$holder_pid"
}

write_migration 001_t.up.sql "CREATE TABLE t (a int); INSERT INTO t VALUES (1);"
run_strata up
is "$rc" 0 "the table is made"

run_strata unlock
is "$rc" 0 "unlock with nobody writing succeeds"
is "$out" "the migration lock is free; nothing to clear" "saying the lock is free"
run_strata --json unlock
is "$(jget 'd["holder"], d["cleared"]')" "(None, False)" \
  "--json: no holder, nothing cleared"

holder_start "BEGIN IMMEDIATE;" "a writer holds the write lock"
before=$(sql "SELECT count(*) FROM t")
run_strata unlock --yes
is "$rc" 1 "unlock while another process writes fails"
like "$err" "held by process $holder_pid \\(sqlite3\\)" \
  "naming the writer's process"
run_strata --json unlock --yes
is "$(jget 'd["error"]["code"]')" "lock" "--json says it is a lock error"
holder_end
is "$(sql "SELECT count(*) FROM t")" "$before" "the writer's transaction was left alone"

holder_start "BEGIN; SELECT 1 FROM t LIMIT 1;" "a reader holds a read transaction"
run_strata unlock
is "$rc" 0 "a reader does not hold the write lock"
is "$out" "the migration lock is free; nothing to clear" "so the lock is free"
holder_end

sql "PRAGMA journal_mode = WAL;" >/dev/null
holder_start "BEGIN IMMEDIATE;" "a writer holds the WAL write lock"
run_strata unlock
is "$rc" 1 "in WAL mode a writer is found too"
like "$err" "held by process $holder_pid \\(sqlite3\\)" "and named"
holder_end
run_strata unlock
is "$rc" 0 "once it commits the lock is free again"

done_testing
