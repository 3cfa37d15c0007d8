# MySQL: a runner killed (SIGKILL) in the middle of a migration leaves an
# honest history: the statements that completed are recorded, the
# migration shows as interrupted, and `up` and `up --resume` refuse until
# the user records the outcome with repair.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database

blocker="strata_test_blocker_$$"
write_migration 001_slow.up.sql "CREATE TABLE before_kill (id INT);
SELECT GET_LOCK('$blocker', 60);
CREATE TABLE after_kill (id INT);"

# start_blocked_runner: a client session takes $blocker, then `strata up`
# runs in the background until it waits on it at the migration's second
# statement; sets $runner (its PID) and $victim (its server connection).
start_blocked_runner() {
  my_session_start
  my_session_send "SELECT GET_LOCK('$blocker', 0);"
  wait_for "grep -q '^1' '$scratch/session.out'" "the session takes the lock"
  "$STRATA" -u "$my_url" up >up.out 2>up.err </dev/null &
  runner=$!
  wait_for "my_running '$blocker'" "the runner reaches the blocking statement"
  victim=$(my_admin "SELECT id FROM information_schema.processlist
    WHERE info LIKE '%$blocker%' AND id <> CONNECTION_ID()")
}

start_blocked_runner
kill -KILL "$runner"
wait "$runner"
is "$?" 137 "the runner dies of SIGKILL"

# The server notices the dead client once its statement returns.
my_session_send "SELECT RELEASE_LOCK('$blocker');"
wait_for "[ \"\$(my_admin \"SELECT COUNT(*) FROM information_schema.processlist
  WHERE id = $victim\")\" = 0 ]" "the server ends the dead runner's session"
my_session_end

is "$(my "SELECT COUNT(*) FROM information_schema.tables
  WHERE table_schema = DATABASE() AND table_name = 'before_kill'")" 1 \
  "the first statement stays applied"
is "$(my "SELECT COUNT(*) FROM information_schema.tables
  WHERE table_schema = DATABASE() AND table_name = 'after_kill'")" 0 \
  "the third never ran"
is "$(my_progress 001)" "running 1/3" \
  "history shows it started and completed 1 of 3 statements"

run_strata -u "$my_url" status
like "$out" "001 +slow +interrupted" "status shows it interrupted"
like "$out" "at statement 2 of 3" "and where"

run_strata -u "$my_url" up
is "$rc" 1 "up refuses to run on top of it"
like "$err" "up --resume|repair" "naming the ways to recover"

# Whether statement 2 took effect before the kill is unknown, so --resume
# is refused; the user checks and records the outcome with repair.
run_strata -u "$my_url" up --resume
is "$rc" 1 "--resume refuses an interrupted migration"
like "$err" "interrupted at statement 2 of 3" "saying where it stopped"
is "$(my_state 001)" running "and changes nothing"

my "CREATE TABLE after_kill (id INT)"
my_mark_applied 001 "after finishing by hand, repair --mark-applied records it"

# The server ends the runner's connection half way through a migration.
write_migration 002_gone.up.sql "CREATE TABLE gone_1 (id INT);
SELECT GET_LOCK('$blocker', 60);
CREATE TABLE gone_2 (id INT);"
start_blocked_runner
my_admin "KILL $victim"
wait "$runner"
is "$?" 1 "the runner fails when the server drops its connection"
like "$(cat up.err)" "Connection was killed|Lost connection|gone away" \
  "saying the connection was lost"
my_session_end
is "$(my_progress 002)" "running 1/3" \
  "history still shows 1 of 3 statements done, and no success"
run_strata -u "$my_url" status
like "$out" "002 +gone +interrupted" "status shows it interrupted"

done_testing
