# MariaDB Galera, 3 nodes: GET_LOCK() is local to a node, so strata sees
# wsrep_on and takes a lease row the cluster replicates.  8 runners spread
# over the three nodes apply each migration exactly once; a node that lost
# quorum is reported with what to do.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
has_driver mysql || skip_all "this build has no MySQL driver"
state="$STRATA_TEST_STATE/galera"
if [ ! -s "$state/url3" ]; then
  [ "${CI:-}" = true ] && { echo "not ok 1 - the galera test cluster is not running"; echo "1..1"; exit 1; }
  skip_all "no galera test cluster: tests/servers could not start one here"
fi
unset MYSQL_HOST MYSQL_TCP_PORT MYSQL_UNIX_PORT MYSQL_PWD MARIADB_HOST
MYSQL_CLIENT=$(command -v mariadb || command -v mysql)
db="strata_galera_$$"
node_port() { sed 's|.*:\([0-9]*\)/.*|\1|' "$state/url$1"; }
node_sql() { # node_sql N SQL
  "$MYSQL_CLIENT" --no-defaults --protocol=TCP -h 127.0.0.1 -P "$(node_port "$1")" \
    -u strata --batch --skip-column-names -e "$2" "$db"
}
# on_node N SQL: SQL after node N has applied every earlier write of the
# cluster (a causal read), so a count never misses a row still in flight.
on_node() { node_sql "$1" "SET SESSION wsrep_sync_wait = 1; $2"; }
cleanup() {
  "$MYSQL_CLIENT" --no-defaults --protocol=TCP -h 127.0.0.1 -P "$(node_port 1)" \
    -u strata -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
  rm -rf "$scratch"
}
scratch_dir
trap cleanup EXIT
run_strata -u "$(cat "$state/url1")$db" create
is "$rc" 0 "a database on the cluster"
# Other nodes apply a replicated CREATE DATABASE a moment later; a busy
# machine made runners on node 3 meet "database does not exist".
wait_for 'on_node 2 "SELECT 1" && on_node 3 "SELECT 1"' "the database reaches nodes 2 and 3"

write_migration 001_runs.up.sql "CREATE TABLE runs (id int AUTO_INCREMENT PRIMARY KEY, migration varchar(8) NOT NULL);"
for v in 002 003 004 005 006 007; do
  write_migration ${v}_step.up.sql "CREATE TABLE t$v (id int PRIMARY KEY);
INSERT INTO runs (migration) VALUES ('$v');"
done

pids=
for i in 1 2 3 4 5 6 7 8; do
  n=$((i % 3 + 1))
  ( "$STRATA" -u "$(cat "$state/url$n")$db" up >"out.$i" 2>"err.$i" </dev/null
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
is "$(on_node 2 "SELECT count(*) FROM runs")" 6 "6 rows: one per inserting migration"
is "$(on_node 3 "SELECT count(*) FROM (SELECT migration FROM runs GROUP BY migration HAVING count(*) > 1) d")" \
  0 "no migration ran twice"
is "$(on_node 1 "SELECT count(*) FROM strata_migrations WHERE state = 'applied'")" 7 \
  "history records all 7 migrations once"
is "$(on_node 2 "SELECT count(*) FROM strata_migrations_lock")" 0 "the lease is given back"
like "$(cat err.*)" "waiting for the migration lease: held by strata pid [0-9]+ on " \
  "a waiting runner names the lease's holder"

# A lease held on one node is seen on another.
on_node 1 "INSERT INTO strata_migrations_lock VALUES ('strata_migrations', 'x',
  'strata pid 4 on node-one', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL 1 HOUR)"
write_migration 008_more.up.sql "INSERT INTO runs (migration) VALUES ('008');"
run_strata -u "$(cat "$state/url3")$db" --lock-timeout 1 up
is "$rc" 1 "node 3 waits for a lease taken on node 1"
like "$err" "held by strata pid 4 on node-one since .*Z, expiring in [0-9]+ s unless renewed" \
  "and names its holder"
run_strata -u "$(cat "$state/url2")$db" --json unlock --yes
is "$rc" 0 "strata unlock on node 2 clears it"
is "$(jget "' '.join(map(str, (d['cleared'], d['lease'], d['holder'].split(' since ')[0])))")" \
  "True True strata pid 4 on node-one" "and says whose it was"
is "$(on_node 3 "SELECT count(*) FROM strata_migrations_lock")" 0 \
  "the lease is gone on node 3 too"

# A node cut off from the others loses quorum and refuses statements.
node_sql 3 "SET GLOBAL wsrep_provider_options = 'gmcast.isolate=1'"
wait_for "[ \"\$(node_sql 3 \"SHOW STATUS LIKE 'wsrep_ready'\" | cut -f2)\" = OFF ]" \
  "node 3 is cut off"
run_strata -u "$(cat "$state/url3")$db" up
is "$rc" 1 "strata fails on a node without quorum"
like "$err" "this Galera node is not part of the cluster's primary component \\(it lost quorum\\).*wsrep_cluster_status" \
  "saying so and what to do"
is "$(on_node 1 "SELECT count(*) FROM runs WHERE migration = '008'")" 0 "nothing ran"

done_testing
