#!/bin/sh
# Eight `strata up` processes at once on one SQLite file: they take turns,
# and each migration runs exactly once.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

sql "CREATE TABLE run_log (version TEXT NOT NULL)"
for v in 0010 0020 0030 0040 0050 0060 0070 0080 0090 0100; do
  write_migration "${v}_step.up.sql" "CREATE TABLE t_$v (id INTEGER);
INSERT INTO run_log VALUES ('$v');"
done

pids=
for i in 1 2 3 4 5 6 7 8; do
  "$STRATA" up --lock-timeout 60 >"out.$i" 2>"err.$i" </dev/null &
  pids="$pids $!"
done
failed=0
for pid in $pids; do
  wait "$pid" || failed=$((failed + 1))
done
is "$failed" 0 "all eight runners succeed"
is "$(sql "SELECT count(*) FROM run_log")" 10 "ten migrations ran in all"
is "$(sql "SELECT count(*) FROM (SELECT version FROM run_log GROUP BY version HAVING count(*) = 1)")" \
  10 "each exactly once"
is "$(sql "SELECT count(*) FROM strata_migrations")" 10 "history has each once"
is "$(cat err.* | grep -c '^applying .* ok')" 10 \
  "the runners' progress shows ten applications in all"
run_strata status --exit-code
is "$rc" 0 "afterwards everything is applied"

done_testing
