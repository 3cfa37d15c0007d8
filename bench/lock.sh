#!/bin/bash
# The lease lock's cost, run by hand: bench/lock.sh
#  - strata up of N small migrations (one table + one index each; N=500
#    by default) on PostgreSQL under the session lock (lock = session),
#    under the lease (lock = lease), and through pgbouncer in transaction
#    mode, where strata picks the lease itself;
#  - the same on MariaDB, GET_LOCK() against the lease.
# Rounds alternate the commands; the per-round ratios over the session
# lock, and (lease - session) / N, are the lease's cost per migration.
. "$(dirname "$0")/common.sh"
N=${N:-500}
ROUNDS=${ROUNDS:-7}
make_migrations "$work/m" "$N"

per_migration() { # per_migration LABEL: reads "median ms" lines, session first
  awk -v n="$N" -v label="$1" '/^  median/ { t[++k] = $2 } END {
    for (i = 2; i <= k; i++)
      printf "  %s: lease - session = %.3f ms per migration (command %d)\n",
        label, (t[i] - t[1]) / n, i }'
}

echo "== PostgreSQL: up of $N migrations"
postgres_server
pooler_state="$work/pgbouncer"
servers+=("$top/tests/servers/pgbouncer.sh" "$pooler_state")
sh "$top/tests/servers/pgbouncer.sh" start "$pooler_state" "$server_url" >/dev/null
pooler=$(cat "$pooler_state/url")
pooler=${pooler%/*}
alternate "$ROUNDS" \
  "$psql $base/postgres -c 'DROP DATABASE IF EXISTS bench WITH (FORCE)' -c 'CREATE DATABASE bench'" \
  "STRATA_LOCK=session $STRATA -q -u $base/bench -d $work/m up" \
  "STRATA_LOCK=lease $STRATA -q -u $base/bench -d $work/m up" \
  "$STRATA -q -u $pooler/bench -d $work/m up" | tee "$work/pg.out"
per_migration PostgreSQL <"$work/pg.out"

echo "== MariaDB: up of $N migrations"
mariadb_server
alternate "$ROUNDS" \
  "$client -e 'DROP DATABASE IF EXISTS bench; CREATE DATABASE bench'" \
  "STRATA_LOCK=session $STRATA -q -u mysql://strata@$hostport/bench -d $work/m up" \
  "STRATA_LOCK=lease $STRATA -q -u mysql://strata@$hostport/bench -d $work/m up" |
  tee "$work/my.out"
per_migration MariaDB <"$work/my.out"
