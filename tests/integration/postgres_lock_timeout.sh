# PostgreSQL: an ALTER TABLE behind a reader that keeps its transaction
# open gives up after the DDL lock timeout, so queries queued behind the
# ALTER are not stalled; strata retries and applies it once the reader
# ends, or fails naming the reader when the retries run out.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
pg_scratch_database 'reader_end; pg_cleanup'

# A psql session the test drives through a FIFO: the reader.
reader_start() {
  rm -f reader.in
  mkfifo reader.in
  "$PSQL" -X -q -A -t -d "$pg_url" -v ON_ERROR_STOP=1 \
    -c "SET application_name = 'the_reader'" -f - <reader.in >reader.out 2>&1 &
  reader_shell=$!
  exec 7>reader.in
  printf '%s\n' "BEGIN;" "SELECT count(*) FROM t;" >&7
}
reader_end() {
  [ -n "${reader_shell:-}" ] || return 0
  printf '%s\n' "COMMIT;" >&7
  exec 7>&-
  wait "$reader_shell"
  reader_shell=
}
reader_idle() {
  [ "$(pg "SELECT count(*) FROM pg_stat_activity WHERE application_name =
    'the_reader' AND state = 'idle in transaction'")" = 1 ]
}
reader_pid() {
  pg "SELECT pid FROM pg_stat_activity WHERE application_name = 'the_reader'"
}

write_migration 001_t.up.sql "CREATE TABLE t (a int); INSERT INTO t VALUES (1);"
run_strata -u "$pg_url" up
is "$rc" 0 "the table is made"

# 1. The reader ends while strata retries: the ALTER is applied.
reader_start
wait_for reader_idle "the reader holds its transaction open"
pid=$(reader_pid)
write_migration 002_b.up.sql "ALTER TABLE t ADD COLUMN b int;"
"$STRATA" -u "$pg_url" --ddl-lock-timeout 200ms --ddl-retries 1000 up \
  >up.out 2>up.err </dev/null 7>&- &
strata_pid=$!
wait_for "grep -q 'retry 2 of 1000' up.err" "strata gives up the lock wait and retries"
# Between strata's tries the table serves its readers: a query on it ends
# (the bound is the test's, far beyond the timeout).
is "$(pg "SET statement_timeout = '30s'; SELECT count(*) FROM t")" 1 \
  "a query queued behind the ALTER is not stalled"
reader_end
wait "$strata_pid"
is "$?" 0 "strata applies the ALTER once the reader ends"
like "$(cat up.err)" "lock held by pid $pid \\(the_reader, idle in transaction" \
  "the notice names the reader's session"
is "$(pg "SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'b'")" \
  1 "column b exists"
is "$(pg "SELECT count(*) FROM strata_migrations WHERE version = '002' AND state = 'applied'")" \
  1 "history records the migration once"

# 2. The reader stays: the retries run out, nothing is applied, and the
#    error names the reader.  The file's own timeout wins over the run's.
reader_start
wait_for reader_idle "a second reader holds its transaction open"
pid=$(reader_pid)
write_migration 003_c.up.sql "-- strata:lock-timeout 300ms
ALTER TABLE t ADD COLUMN c int;"
run_strata -u "$pg_url" --ddl-lock-timeout 10s --ddl-retries 1 up
is "$rc" 1 "strata fails when the retries run out"
like "$err" "migration 003_c waited 0.3 s for a lock 2 times and gave up: held by pid $pid \\(the_reader" \
  "the error names the file's timeout, the tries and the reader"
like "$err" "lock timeout" "the server's own message follows"
is "$(pg "SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'c'")" \
  0 "column c was not added"
is "$(pg "SELECT count(*) FROM strata_migrations WHERE version = '003'")" 0 \
  "history has no row for it"
reader_end

# 3. A malformed directive stops the run before anything runs.
write_migration 003_c.up.sql "-- strata:lock-timeout soon
ALTER TABLE t ADD COLUMN c int;"
run_strata -u "$pg_url" up
is "$rc" 1 "a malformed lock-timeout line is refused"
like "$err" "'-- strata:lock-timeout soon' is not a duration" "saying what is wrong"
run_strata -u "$pg_url" --ddl-lock-timeout soon up
is "$rc" 1 "a malformed --ddl-lock-timeout is refused"
like "$err" "invalid value 'soon' for 'ddl_lock_timeout'" "naming the setting"

done_testing
