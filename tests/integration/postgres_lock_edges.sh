# PostgreSQL migration lock at its edges.  A runner whose CREATE TABLE of
# the lease table collides with another session creating it at the same
# moment goes on with the table the other made; a type of that name is not
# taken for the table.  --lock-timeout -1 waits for the lock, session or
# lease, as long as it takes.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
pg_scratch_database
write_migration 001_runs.up.sql "CREATE TABLE runs (migration text NOT NULL);"
write_migration 002_one.up.sql "INSERT INTO runs VALUES ('002');"

lease_table="CREATE TABLE strata_migrations_lock (name text PRIMARY KEY,
  owner text NOT NULL, holder text NOT NULL, acquired_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL)"

# The other session's CREATE TABLE is not committed: strata finds no table,
# and its own CREATE waits on the catalogs' unique keys until the other
# commits, then fails with 23505.
pg_hold "BEGIN; $lease_table;"
wait_for "grep -q 'CREATE TABLE' held.out" "another session creates the lease table"
STRATA_LOCK=lease "$STRATA" -u "$pg_url" up >up.out 2>up.err </dev/null &
up_pid=$!
wait_for "[ \"\$(pg \"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'CREATE TABLE strata_migrations_lock%'\")\" = 1 ]" \
  "strata's CREATE TABLE waits for the other session's"
pg_release "COMMIT;"
wait "$up_pid"
is "$?" 0 "strata goes on with the table the other session made"
sed 's/^/# strata: /' up.err
is "$(pg "SELECT count(*) FROM strata_migrations WHERE state = 'applied'")" 2 \
  "and applies both migrations"
is "$(pg "SELECT count(*) FROM strata_migrations_lock")" 0 "and gives the lease back"

# A type of the lease table's name is no lease table.
pg "DROP TABLE strata_migrations_lock; CREATE TYPE strata_migrations_lock AS ENUM ('a')"
write_migration 003_two.up.sql "INSERT INTO runs VALUES ('003');"
STRATA_LOCK=lease run_strata -u "$pg_url" up
is "$rc" 1 "a type named like the lease table fails the run"
like "$err" "type \"strata_migrations_lock\" already exists" "saying so"
is "$(pg "SELECT count(*) FROM runs WHERE migration = '003'")" 0 "nothing ran"
pg "DROP TYPE strata_migrations_lock"

run_strata -u "$pg_url" --lock-timeout -2 up
is "$rc" 2 "--lock-timeout -2 is refused"
like "$err" "option '--lock-timeout' expects seconds from 0 to 86400, or -1 to wait as long as it takes, not '-2'" \
  "saying what it takes"

# The session lock's holder: a runner stopped in a migration that waits for
# a row lock this test holds.
pg "CREATE TABLE gate (id int); INSERT INTO gate VALUES (1)"
write_migration 004_gate.up.sql "UPDATE gate SET id = 2;"
pg_hold "BEGIN; LOCK TABLE gate IN EXCLUSIVE MODE; SELECT 'gate locked';"
wait_for "grep -q 'gate locked' held.out" "a session locks the gate table"
"$STRATA" -u "$pg_url" --ddl-lock-timeout 0 up >first.out 2>first.err </dev/null &
first_pid=$!
wait_for "[ \"\$(pg \"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE gate%'\")\" = 1 ]" \
  "the first runner holds the migration lock, waiting in a migration"
write_migration 005_after.up.sql "INSERT INTO runs VALUES ('005');"
"$STRATA" -u "$pg_url" --lock-timeout -1 up >second.out 2>second.err </dev/null &
second_pid=$!
wait_for "grep -q 'waiting for the migration lock: held by pid' second.err" \
  "the second runner, with --lock-timeout -1, waits for the lock"
pg_release "COMMIT;"
wait "$first_pid"
is "$?" 0 "the first runner finishes"
wait "$second_pid"
is "$?" 0 "the second takes the lock once it is free and succeeds"
sed 's/^/# second: /' second.err
is "$(pg "SELECT count(*) FROM strata_migrations WHERE state = 'applied'")" 5 \
  "history records every migration once"

# The same under a lease.
write_migration 006_gate.up.sql "UPDATE gate SET id = 3;"
pg_hold "BEGIN; LOCK TABLE gate IN EXCLUSIVE MODE; SELECT 'gate locked';"
wait_for "grep -q 'gate locked' held.out" "a session locks the gate table again"
STRATA_LOCK=lease "$STRATA" -u "$pg_url" --ddl-lock-timeout 0 up >first.out 2>first.err </dev/null &
first_pid=$!
wait_for "[ \"\$(pg \"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE gate%'\")\" = 1 ]" \
  "the first runner holds the lease, waiting in a migration"
write_migration 007_after.up.sql "INSERT INTO runs VALUES ('007');"
STRATA_LOCK=lease "$STRATA" -u "$pg_url" --lock-timeout -1 up >second.out 2>second.err </dev/null &
second_pid=$!
wait_for "grep -q 'waiting for the migration lease: held by strata pid' second.err" \
  "the second runner, with --lock-timeout -1, waits for the lease"
pg_release "COMMIT;"
wait "$first_pid"
is "$?" 0 "the first runner finishes"
wait "$second_pid"
is "$?" 0 "the second takes the lease once it is free and succeeds"
is "$(pg "SELECT count(*) FROM strata_migrations WHERE state = 'applied'")" 7 \
  "history records every migration once"
done_testing
