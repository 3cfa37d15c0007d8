# MariaDB: an ALTER TABLE behind a transaction that read the table waits at
# most the DDL lock timeout for its metadata lock, then strata retries the
# statement alone (the ones before it committed) and finishes the migration
# once the reader ends; with the retries spent it fails naming the reader,
# and the history says how far the migration got.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database

reader_id() {
  my_admin "SELECT trx_mysql_thread_id FROM information_schema.innodb_trx"
}

write_migration 001_t.up.sql "CREATE TABLE t (a int) ENGINE=InnoDB;
INSERT INTO t VALUES (1);"
run_strata -u "$my_url" up
is "$rc" 0 "the table is made"

# 1. The reader ends while strata retries.
my_session_start
my_session_send "BEGIN; SELECT count(*) FROM t;"
wait_for "[ -n \"\$(reader_id)\" ]" "the reader holds its transaction open"
id=$(reader_id)
write_migration 002_b.up.sql "CREATE TABLE u (x int);
ALTER TABLE t ADD COLUMN b int;"
"$STRATA" -u "$my_url" --ddl-lock-timeout 1s --ddl-retries 1000 up \
  >up.out 2>up.err </dev/null 8>&- &
strata_pid=$!
wait_for "grep -q 'retry 1 of 1000' up.err" "strata gives up the lock wait and retries"
is "$(my "SELECT count(*) FROM t")" 1 "a query on the table is not stalled"
my_session_send "COMMIT;"
my_session_end
wait "$strata_pid"
is "$?" 0 "strata finishes the migration once the reader ends"
like "$(cat up.err)" "lock held by connection $id \\(strata@" \
  "the notice names the reader's connection"
is "$(my "SELECT count(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 't' AND column_name = 'b'")" \
  1 "column b exists"
is "$(my_progress 002)" "applied 2/2" "history records both statements"

# 2. The reader stays: the statement before the ALTER is committed, the
#    ALTER is not, and history says so.
my_session_start
my_session_send "BEGIN; SELECT count(*) FROM t;"
wait_for "[ -n \"\$(reader_id)\" ]" "a second reader holds its transaction open"
id=$(reader_id)
write_migration 003_c.up.sql "-- strata:lock-timeout 1s
CREATE TABLE v (x int);
ALTER TABLE t ADD COLUMN c int;"
run_strata -u "$my_url" --ddl-lock-timeout 30s --ddl-retries 1 up
is "$rc" 1 "strata fails when the retries run out"
like "$err" "migration 003_c waited 1 s for a lock 2 times and gave up: held by connection $id" \
  "the error names the file's timeout, the tries and the reader"
like "$err" "statement 1 of 2 ran and is committed; statement 2 failed" "and what ran"
is "$(my_progress 003)" "failed 1/2" "history records how far it got"
my_session_end
run_strata -u "$my_url" up --resume
is "$rc" 0 "--resume finishes it once the reader is gone"
is "$(my_progress 003)" "applied 2/2" "history records it applied"

done_testing
