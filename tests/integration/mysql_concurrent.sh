# MySQL: runners serialise on GET_LOCK.  Eight concurrent `strata up` apply
# each migration exactly once, and a runner that waits for the lock says
# who holds it.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database

my "CREATE TABLE runs (version VARCHAR(10))"
for i in 01 02 03 04 05 06 07 08 09 10; do
  write_migration "0${i}_step.up.sql" "CREATE TABLE t$i (id INT);
INSERT INTO runs VALUES ('$i');"
done

pids=
for n in 1 2 3 4 5 6 7 8; do
  "$STRATA" -u "$my_url" up >"out.$n" 2>"err.$n" </dev/null &
  pids="$pids $!"
done
failures=0
for pid in $pids; do wait "$pid" || failures=$((failures + 1)); done
is "$failures" 0 "all eight runners succeed"
is "$(my "SELECT COUNT(*) FROM runs")" 10 "ten migrations ran"
is "$(my "SELECT COUNT(DISTINCT version) FROM runs")" 10 "each exactly once"
is "$(my "SELECT COUNT(*) FROM strata_migrations WHERE state = 'applied'")" \
  10 "history holds each once"

# Another session holds the migration lock.
lock="strata:$my_db.strata_migrations"
write_migration 011_late.up.sql "CREATE TABLE late (id INT);"
my_session_start
my_session_send "SELECT GET_LOCK('$lock', 0), CONNECTION_ID();"
wait_for "grep -q '^1' '$scratch/session.out'" "the session takes the lock"
holder=$(cut -f2 "$scratch/session.out")

run_strata -u "$my_url" up --lock-timeout 1
is "$rc" 1 "up gives up after --lock-timeout"
like "$err" "could not take the migration lock '$lock' within 1 s: held by connection $holder \\(strata@" \
  "naming the connection that holds it"
like "$err" "retry later or raise --lock-timeout" "and what to do"
is "$(my "SELECT COUNT(*) FROM strata_migrations")" 10 "nothing ran"

"$STRATA" -u "$my_url" --lock-timeout -1 up >waiter.out 2>waiter.err </dev/null &
waiter=$!
wait_for "grep -q 'waiting for the migration lock' waiter.err" \
  "a runner with --lock-timeout -1 waits, and says so"
like "$(cat waiter.err)" "held by connection $holder" "and who holds the lock"
my_session_send "SELECT RELEASE_LOCK('$lock');"
wait "$waiter"
is "$?" 0 "once the lock is released the runner goes on"
is "$(my "SELECT COUNT(*) FROM strata_migrations")" 11 \
  "and applies the last migration"
my_session_end

done_testing
