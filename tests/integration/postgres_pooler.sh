# PostgreSQL behind pgbouncer in transaction pooling mode: strata sees the
# pooler and takes a lease instead of a session lock, so 8 runners at once
# apply each migration exactly once and leave no lock behind.  A crashed
# holder's lease expires; a live one renews it; a stuck one is named.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
[ -s "$STRATA_TEST_STATE/pgbouncer/url" ] || {
  [ "${CI:-}" = true ] && { echo "not ok 1 - pgbouncer is not running"; echo "1..1"; exit 1; }
  skip_all "no pgbouncer: tests/servers could not start one here"
}
pooler=$(cat "$STRATA_TEST_STATE/pgbouncer/url")
pg_scratch_database
pooled_url="${pooler%/*}/$pg_db"

write_migration 001_runs.up.sql "CREATE TABLE runs (migration text NOT NULL);"
for v in 002 003 004 005 006 007 008; do
  printf '%s\n' "CREATE TABLE t$v (id int);" "INSERT INTO runs VALUES ('$v');" \
    "SELECT pg_sleep(0.05);" >db/migrations/${v}_step.up.sql
done

pids=
for i in 1 2 3 4 5 6 7 8; do
  ( "$STRATA" -u "$pooled_url" up >"out.$i" 2>"err.$i" </dev/null
    echo $? >"rc.$i" ) &
  pids="$pids $!"
done
for p in $pids; do wait "$p"; done

bad=0
for i in 1 2 3 4 5 6 7 8; do
  case "$(cat "rc.$i")" in
  0) ;;
  *) grep -q "could not take the migration lease" "err.$i" ||
       { bad=$((bad + 1)); sed "s/^/# runner $i: /" "err.$i"; } ;;
  esac
done
is "$bad" 0 "every runner exits 0 or with the lock message"
is "$(pg "SELECT count(*) FROM runs")" 7 "7 rows: one per inserting migration"
is "$(pg "SELECT count(*) FROM (SELECT migration FROM runs GROUP BY migration HAVING count(*) > 1) d")" \
  0 "no migration ran twice"
is "$(pg "SELECT count(*) FROM strata_migrations WHERE state = 'applied'")" 8 \
  "history records all 8 migrations once"
is "$(pg "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()")" \
  0 "no advisory lock is left on any server connection"
is "$(pg "SELECT count(*) FROM strata_migrations_lock")" 0 "the lease is given back"
like "$(cat err.*)" "waiting for the migration lease: held by strata pid [0-9]+ on " \
  "a waiting runner names the lease's holder"

# A holder that crashed left a lease that has expired: the next run takes it.
pg "INSERT INTO strata_migrations_lock VALUES ('strata_migrations', 'gone',
    'strata pid 4 on crashed-host', now() - interval '2 min',
    now() - interval '1 min')"
write_migration 009_more.up.sql "INSERT INTO runs VALUES ('009');"
run_strata -u "$pooled_url" up
is "$rc" 0 "an expired lease is taken over"
is "$(pg "SELECT count(*) FROM runs WHERE migration = '009'")" 1 "and the run applies"

# A lease that has not expired is waited for, and named.
pg "INSERT INTO strata_migrations_lock VALUES ('strata_migrations', 'stuck',
    'strata pid 4 on stuck-host', now(), now() + interval '1 hour')"
write_migration 010_more.up.sql "INSERT INTO runs VALUES ('010');"
run_strata -u "$pooled_url" --lock-timeout 1 up
is "$rc" 1 "a live lease is not taken"
like "$err" "could not take the migration lease within 1 s: held by strata pid 4 on stuck-host since .*, expiring in [0-9]+ s unless renewed; .*'strata unlock'" \
  "the error names the holder, its expiry and strata unlock"
is "$(pg "SELECT count(*) FROM runs WHERE migration = '010'")" 0 "nothing ran"

# strata unlock names the stuck lease, asks, clears it, and says whose it was.
run_strata -u "$pooled_url" unlock --dry-run
is "$rc" 0 "unlock --dry-run succeeds"
like "$err" "would clear the migration lease held by strata pid 4 on stuck-host" \
  "and names the lease"
run_strata -u "$pooled_url" unlock
is "$rc" 2 "with no terminal to ask, unlock needs --yes"
like "$err" "'strata unlock' changes the database and needs confirmation; pass --yes" \
  "and says to pass --yes"
is "$(pg "SELECT count(*) FROM strata_migrations_lock")" 1 "the lease is still there"
run_strata -u "$pooled_url" unlock --yes
is "$rc" 0 "unlock --yes clears it"
like "$out" "^cleared the migration lease held by strata pid 4 on stuck-host since " \
  "saying whose it was"
is "$(pg "SELECT count(*) FROM strata_migrations_lock")" 0 "the lease is gone"
run_strata -u "$pooled_url" unlock --yes
is "$out" "the migration lock is free; nothing to clear" "a free lock is said to be free"
run_strata -u "$pooled_url" up
is "$rc" 0 "the next run goes ahead"
is "$(pg "SELECT count(*) FROM runs WHERE migration = '010'")" 1 "and applies 010"


# A live holder renews: with a 1 s lease, a migration of several seconds
# outside a transaction keeps its lease, so a second runner started while
# it runs waits instead of taking it over.
write_migration 011_slow.up.sql "-- strata:no-transaction
SELECT pg_sleep(0.6);
SELECT pg_sleep(0.6);
SELECT pg_sleep(0.6);
INSERT INTO runs VALUES ('011');"
STRATA_LOCK_LEASE=1 "$STRATA" -u "$pooled_url" up >slow.out 2>slow.err </dev/null &
slow=$!
wait_for "[ \"\$(pg \"SELECT count(*) FROM strata_migrations WHERE version = '011'\")\" = 1 ]" \
  "the slow migration is under way"
STRATA_LOCK_LEASE=1 run_strata -u "$pooled_url" up
wait "$slow"
is "$?" 0 "the slow runner finishes"
is "$rc" 0 "the second runner waits for it, then finds nothing to do"
like "$out$err" "nothing to apply" "saying so"
is "$(pg "SELECT count(*) FROM runs WHERE migration = '011'")" 1 "011 ran once"

# Outside a migration's transaction, behind the pooler, each statement gets
# the DDL lock timeout in a transaction of its own: one that waits for a
# table another session has locked gives up and is retried, then the run
# fails naming the holder.  CREATE INDEX CONCURRENTLY cannot run in a
# transaction: it runs alone, with a notice that no lock timeout applies.
pg "CREATE TABLE gate (id int)"
write_migration 012_gate.up.sql "-- strata:no-transaction
CREATE INDEX CONCURRENTLY gate_id ON gate (id);
ALTER TABLE gate ADD COLUMN note text;"
pg_locker() { "$PSQL" -X -d "$pg_url" <locker.fifo >locker.out 2>&1; }
mkfifo locker.fifo
pg_locker &
locker=$!
exec 4>locker.fifo
printf '%s\n' "BEGIN; SELECT count(*) AS gate_read FROM gate;" >&4
wait_for "grep -q gate_read locker.out" "another session reads gate in an open transaction"
"$STRATA" -u "$pooled_url" --ddl-lock-timeout 200ms --ddl-retries 1 up \
  >gate.out 2>gate.err </dev/null &
gate=$!
wait_for "! kill -0 $gate" "the run gives up on its own" || kill "$gate"
wait "$gate"
is "$?" 1 "the ALTER TABLE outside a transaction waited at most its lock timeout"
like "$(cat gate.err)" "no lock timeout for 'CREATE INDEX CONCURRENTLY gate_id ON gate \(id\)': it cannot run in a transaction" \
  "CREATE INDEX CONCURRENTLY ran alone, with a notice"
like "$(cat gate.err)" "pid [0-9]+ \(psql, idle in transaction" "the failure names the reader"
printf '%s\n' "COMMIT;" >&4
exec 4>&-
wait "$locker"
is "$(pg "SELECT count(*) FROM pg_indexes WHERE indexname = 'gate_id'")" 1 \
  "the index was made"
is "$(pg "SELECT count(*) FROM information_schema.columns WHERE table_name = 'gate' AND column_name = 'note'")" \
  0 "the column was not added"
sed 's/^/# gate: /' gate.err

# lock = lease works on a direct connection too, and lock = session behind
# a pooler is the user's own choice.
rm db/migrations/012_gate.up.sql
pg "DELETE FROM strata_migrations WHERE version = '012'"
write_migration 012_more.up.sql "INSERT INTO runs VALUES ('012');"
STRATA_LOCK=lease run_strata -u "$pg_url" up
is "$rc" 0 "lock = lease on a direct connection"
is "$(pg "SELECT count(*) FROM runs WHERE migration = '012'")" 1 "applies"
STRATA_LOCK=sometimes run_strata -u "$pg_url" up
is "$rc" 1 "an unknown lock kind is refused"
like "$err" "invalid value 'sometimes' for 'lock': expected auto, session or lease" \
  "saying which are known"

done_testing
