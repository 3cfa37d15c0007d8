# MariaDB: --lock-timeout -1 on the command line waits for the migration
# lock as long as it takes even where STRATA_LOCK_TIMEOUT sets a short
# lock_timeout; the flag wins, and its -1 is not taken for "unset".  The
# session holding the lock lets it go only once the server's clock shows
# the waiting runner's connection has been there well past the configured
# second and is still asking for the lock.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database
STRATA_LOCK_TIMEOUT=1
export STRATA_LOCK_TIMEOUT
write_migration 001_runs.up.sql "CREATE TABLE runs (migration VARCHAR(10));"
run_strata -u "$my_url" up
is "$rc" 0 "the first migration is applied"

# Another session holds the migration lock.
lock="strata:$my_db.strata_migrations"
write_migration 002_after.up.sql "INSERT INTO runs VALUES ('002');"
my_session_start
my_session_send "SELECT GET_LOCK('$lock', 0), CONNECTION_ID();"
wait_for "grep -q '^1' '$scratch/session.out'" "a session takes the lock"
holder=$(cut -f2 "$scratch/session.out")

# STRATA_LOCK_TIMEOUT's second is in force without the flag.
run_strata -u "$my_url" up
is "$rc" 1 "without --lock-timeout a runner gives up after STRATA_LOCK_TIMEOUT"
like "$err" "could not take the migration lock '$lock' within 1 s" "saying so"

# The connections to the test's database other than the holder's and the
# asker's: the waiting runner's, once the one above is gone.
others="information_schema.PROCESSLIST WHERE DB = '$my_db'
        AND ID NOT IN ($holder, CONNECTION_ID())"
wait_for "[ \"\$(my \"SELECT COUNT(*) FROM $others\")\" = 0 ]" \
  "the runner that gave up has left"
"$STRATA" -u "$my_url" --lock-timeout -1 up >waiter.out 2>waiter.err </dev/null &
waiter_pid=$!
wait_for "[ \"\$(my \"SELECT COUNT(*) FROM $others\")\" = 1 ]" \
  "the runner with --lock-timeout -1 connects"
read -r waiter seen <<EOF
$(my "SELECT ID, NOW(6) FROM $others")
EOF

# waited_past SECONDS: whether, by the server's clock, the waiter's
# connection was first seen more than SECONDS ago and last asked for the
# lock less than a second ago.
waited_past() {
  [ "$(my "SELECT TIMESTAMPDIFF(MICROSECOND, '$seen', NOW(6)) > $1 * 1000000
                  AND TIME_MS < 1000
           FROM information_schema.PROCESSLIST WHERE ID = $waiter")" = 1 ]
}
# Up to 30 s for the waiter to have waited 3 s, stopping early when strata
# exits: a runner that gave up after the configured second is gone long
# before.
n=0
until waited_past 3 || ! kill -0 "$waiter_pid" 2>/dev/null || [ "$n" -ge 300 ]
do
  n=$((n + 1))
  sleep 0.1
done
waited_past 3
ok $? "3 s after its connection came, by the server's clock, it still asks for the lock"
like "$(cat waiter.err)" "waiting for the migration lock '$lock': held by connection $holder" \
  "and says who holds it"

my_session_send "SELECT RELEASE_LOCK('$lock');"
wait "$waiter_pid"
is "$?" 0 "once the lock is released the waiting runner goes on"
sed 's/^/# waiter: /' waiter.err
is "$(my "SELECT GROUP_CONCAT(version ORDER BY version) FROM strata_migrations
          WHERE state = 'applied'")" "001,002" "history records both migrations"
is "$(my "SELECT GROUP_CONCAT(migration) FROM runs")" "002" \
  "and the waiting runner's migration ran, once"
my_session_end

done_testing
