# PostgreSQL: 8 `strata up` processes started together serialise on the
# advisory lock, and each migration is applied exactly once.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
pg_scratch_database
mkdir -p db/migrations

printf '%s\n' "CREATE TABLE runs (migration text NOT NULL);" \
  >db/migrations/001_runs.up.sql
for v in 002 003 004 005 006 007 008 009 010; do
  # The sleep widens the window in which another runner could slip in.
  printf '%s\n' "INSERT INTO runs VALUES ('$v');" "SELECT pg_sleep(0.05);" \
    >db/migrations/${v}_step.up.sql
done

pids=
for i in 1 2 3 4 5 6 7 8; do
  ( "$STRATA" -u "$pg_url" up >"out.$i" 2>"err.$i" </dev/null
    echo $? >"rc.$i" ) &
  pids="$pids $!"
done
for p in $pids; do wait "$p"; done

failed=0
for i in 1 2 3 4 5 6 7 8; do
  if [ "$(cat "rc.$i")" != 0 ]; then
    failed=$((failed + 1))
    sed "s/^/# runner $i: /" "err.$i"
  fi
done
is "$failed" 0 "all 8 runners succeed"
is "$(pg "SELECT count(*) FROM runs")" 9 "9 rows: one per inserting migration"
is "$(pg "SELECT count(*) FROM (SELECT migration FROM runs GROUP BY migration HAVING count(*) > 1) d")" \
  0 "no migration ran twice"
is "$(pg "SELECT count(*) FROM strata_migrations WHERE state = 'applied'")" 10 \
  "history records all 10 migrations once"
is "$(pg "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()")" 0 \
  "no runner left the lock behind"

done_testing
