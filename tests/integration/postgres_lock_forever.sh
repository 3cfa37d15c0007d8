# PostgreSQL: --lock-timeout -1 on the command line waits for the
# migration lock as long as it takes even where strata.conf sets a short
# lock_timeout; the flag wins, and its -1 is not taken for "unset".  The
# lock's holder lets it go only once the server's clock shows the waiting
# runner's session has lasted well past the configured second and is
# still asking for the lock.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
pg_scratch_database
printf '[strata]\nlock_timeout = 1\n' >strata.conf
write_migration 001_runs.up.sql "CREATE TABLE runs (migration text NOT NULL);"
run_strata -u "$pg_url" up
is "$rc" 0 "the first migration is applied"

# The lock's holder: a runner stopped in a migration that waits for a row
# lock this test holds.
pg "CREATE TABLE gate (id int); INSERT INTO gate VALUES (1)"
write_migration 002_gate.up.sql "UPDATE gate SET id = 2;"
pg_hold "BEGIN; LOCK TABLE gate IN EXCLUSIVE MODE; SELECT 'gate locked';"
wait_for "grep -q 'gate locked' held.out" "a session locks the gate table"
"$STRATA" -u "$pg_url" --ddl-lock-timeout 0 up >first.out 2>first.err </dev/null &
first_pid=$!
wait_for "[ \"\$(pg \"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE gate%'\")\" = 1 ]" \
  "the first runner holds the migration lock, waiting in a migration"
write_migration 003_after.up.sql "INSERT INTO runs VALUES ('003');"

# strata.conf's second is in force without the flag.
run_strata -u "$pg_url" up
is "$rc" 1 "without --lock-timeout a runner gives up after strata.conf's lock_timeout"
like "$err" "could not take the migration lock within 1 s" "saying so"

# The waiting runner's session is named, so the server can tell it apart.
PGAPPNAME=strata-forever "$STRATA" -u "$pg_url" --lock-timeout -1 up \
  >second.out 2>second.err </dev/null &
second_pid=$!
waiter="pg_stat_activity WHERE datname = current_database()
        AND application_name = 'strata-forever'"
wait_for "[ \"\$(pg \"SELECT count(*) FROM $waiter\")\" = 1 ]" \
  "the runner with --lock-timeout -1 connects"

# waited_past SECONDS: whether, by the server's clock, the waiter's session
# began more than SECONDS ago and last asked for the lock less than a
# second ago.
waited_past() {
  [ "$(pg "SELECT clock_timestamp() - backend_start > interval '$1 s'
                  AND clock_timestamp() - query_start < interval '1 s'
           FROM $waiter")" = t ]
}
# Up to 30 s for the waiter to have waited 3 s, stopping early when strata
# exits: a runner that gave up after strata.conf's second is gone long
# before.
n=0
until waited_past 3 || ! kill -0 "$second_pid" 2>/dev/null || [ "$n" -ge 300 ]
do
  n=$((n + 1))
  sleep 0.1
done
waited_past 3
ok $? "3 s after its session began, by the server's clock, it still asks for the lock"
like "$(cat second.err)" "waiting for the migration lock: held by pid" \
  "and says whom it waits for"

pg_release "COMMIT;"
wait "$first_pid"
is "$?" 0 "the first runner finishes once the gate opens"
wait "$second_pid"
is "$?" 0 "the waiting runner then takes the lock and succeeds"
sed 's/^/# second: /' second.err
is "$(pg "SELECT string_agg(version, ',' ORDER BY version) FROM strata_migrations
          WHERE state = 'applied'")" "001,002,003" "history records every migration"
is "$(pg "SELECT string_agg(migration, ',') FROM runs")" "003" \
  "and the waiting runner's migration ran, once"

done_testing
