# PostgreSQL: strata killed with SIGKILL in the middle of a migration
# leaves nothing recorded, and the next `strata up` applies the migration
# cleanly; a session the server ends mid-statement is reported as a lost
# connection.  Migrations are held mid-way by a table lock this test takes
# from psql.  While one waits, a second runner is told who holds the
# migration lock, and gives up after --lock-timeout.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
pg_scratch_database
mkdir -p db/migrations

printf '%s\n' "CREATE TABLE marks (m text NOT NULL);" \
  "CREATE TABLE blocker (id int);" >db/migrations/001_tables.up.sql
printf '%s\n' "INSERT INTO marks VALUES ('before');" \
  "LOCK TABLE blocker IN ACCESS SHARE MODE;" \
  "INSERT INTO marks VALUES ('after');" >db/migrations/002_blocked.up.sql

run_strata -u "$pg_url" up --to 001
is "$rc" 0 "the first migration applies"

# hold_blocker: a psql session takes the table lock and keeps it until
# release_blocker closes its input.
hold_blocker() {
  rm -f psql.in
  mkfifo psql.in
  "$PSQL" -X -q -d "$pg_url" <psql.in >psql.out 2>&1 &
  psql_pid=$!
  exec 3>psql.in
  echo "BEGIN; LOCK TABLE blocker IN ACCESS EXCLUSIVE MODE;" >&3
  wait_for "[ \"\$(pg \"SELECT count(*) FROM pg_locks WHERE relation = 'blocker'::regclass AND mode = 'AccessExclusiveLock' AND granted\")\" = 1 ]" \
    "psql holds the table lock"
}
release_blocker() {
  exec 3>&-
  wait "$psql_pid"
}

waiting="SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'strata' AND wait_event_type = 'Lock'"

hold_blocker
"$STRATA" -u "$pg_url" up >strata.out 2>strata.err </dev/null &
strata_pid=$!
wait_for "[ -n \"\$(pg \"$waiting\")\" ]" \
  "strata's backend waits on the table lock mid-migration"
backend=$(pg "$waiting")

run_strata -u "$pg_url" --lock-timeout 1 up
is "$rc" 1 "a second runner gives up on the migration lock"
like "$err" "waiting for the migration lock: held by pid $backend \(strata\)" \
  "while waiting, it says who holds the lock"
like "$err" "could not take the migration lock within 1 s: held by pid $backend \(strata\) since [0-9-]+T[0-9:]+Z; retry later or raise --lock-timeout" \
  "and when it gives up, since when"

kill -KILL "$strata_pid"
wait "$strata_pid" 2>/dev/null
is "$?" 137 "strata was killed mid-migration"

# Ending psql's transaction lets the orphaned backend go on, find its
# client gone and roll back.
release_blocker
wait_for "[ -z \"\$(pg \"SELECT pid FROM pg_stat_activity WHERE pid = $backend\")\" ]" \
  "the orphaned backend ends"

is "$(pg "SELECT count(*) FROM marks")" 0 "nothing of the killed migration stays"
is "$(pg "SELECT string_agg(version || ':' || state, ',') FROM strata_migrations")" \
  "001:applied" "nothing is recorded for it"

run_strata -u "$pg_url" up
is "$rc" 0 "the next up succeeds"
is "$(pg "SELECT string_agg(m, ',' ORDER BY m) FROM marks")" "after,before" \
  "and applies the migration whole, once"
is "$(pg "SELECT string_agg(version || ':' || state, ',' ORDER BY version) FROM strata_migrations")" \
  "001:applied,002:applied" "history records it"

# The server ends strata's session in the middle of a statement.
printf '%s\n' "INSERT INTO marks VALUES ('three');" \
  "LOCK TABLE blocker IN ACCESS SHARE MODE;" >db/migrations/003_ended.up.sql
hold_blocker
"$STRATA" -u "$pg_url" up >strata.out 2>strata.err </dev/null &
strata_pid=$!
wait_for "[ -n \"\$(pg \"$waiting\")\" ]" "strata waits on the table lock again"
pg "SELECT pg_terminate_backend(pid) FROM ($waiting) w" >/dev/null
wait "$strata_pid"
is "$?" 1 "strata fails when the server ends its session"
like "$(cat strata.err)" "lost the connection to the server while a statement ran: terminating connection due to administrator command" \
  "and says the connection was lost"
release_blocker
is "$(pg "SELECT count(*) FROM marks WHERE m = 'three'")" 0 \
  "nothing of the migration stays"
is "$(pg "SELECT count(*) FROM strata_migrations WHERE version = '003'")" 0 \
  "nothing is recorded for it"
run_strata -u "$pg_url" up
is "$rc" 0 "the next up applies it"
is "$(pg "SELECT count(*) FROM marks WHERE m = 'three'")" 1 "once"

done_testing
