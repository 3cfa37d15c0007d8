#!/bin/bash
# Port into MySQL/MariaDB, run by hand: bench/port_mysql.sh
# A PostgreSQL table of $ROWS mixed-type rows (default 200,000; port.sh's
# table as port_common.sh makes it on PostgreSQL), loaded into a fresh
# MariaDB database, ROUNDS (default 3) times each, in turn (common.sh's
# alternate):
#  - strata port, which loads batches of up to 1,000 rows with LOAD DATA
#    LOCAL INFILE (drivers/mysql/load.c), and the same with the server's
#    local_infile off, where it sends multi-row INSERTs;
#  - the clients' pipeline: `psql \copy ... TO STDOUT` piped into
#    `mariadb` running LOAD DATA LOCAL INFILE from that stream;
#  - the two ways a loader can send the same rows, by the mariadb client
#    alone, from files made before the rounds: multi-row INSERTs
#    (mariadb-dump's extended inserts of what strata ported) and LOAD DATA
#    LOCAL INFILE of the same rows as tab-separated text.  The last two
#    answer which way load.c should send rows.
# Then strata's peak memory, once.
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/port_common.sh"
need psql
need mariadb-dump
ROWS=${ROWS:-200000}
ROUNDS=${ROUNDS:-3}
mariadb_server
postgres_server
mysql="$client --default-character-set=utf8mb4"
export mysql psql
pg_url=$base/bench
my_url=mysql://strata@$hostport

# ---- the source ---------------------------------------------------------
$psql "$base/postgres" -c "CREATE DATABASE bench"
postgres_big "$pg_url" "$ROWS" >/dev/null

# fresh NAME: an empty MariaDB database; with a second argument, holding
# the table as strata ports it, without rows.
fresh() {
  $mysql -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4"
  [ -z "${2:-}" ] || "$STRATA" -q port --from "$pg_url" --to "$my_url/$1" \
    --schema-only >/dev/null
}

# The files the client-only loads read, made once.
fresh made
"$STRATA" -q port --from "$pg_url" --to "$my_url/made" >/dev/null
mariadb-dump --no-defaults -h "${hostport%:*}" -P "${hostport#*:}" -u strata \
  --no-create-info --skip-add-locks --skip-disable-keys --skip-triggers \
  --default-character-set=utf8mb4 made big >"$work/big.sql"
postgres_rows "$pg_url" >"$work/big.tsv"
echo "rows: $($mysql -N made -e 'SELECT count(*) FROM big')"

# ---- the rounds ---------------------------------------------------------
echo "== $ROWS rows from PostgreSQL into MariaDB ($ROUNDS rounds)"
alternate "$ROUNDS" "$(declare -f fresh); mysql='$mysql' STRATA='$STRATA' \
    pg_url='$pg_url' my_url='$my_url'; fresh t_strata; fresh t_insert; fresh t_client with" \
  "$STRATA -q port --from $pg_url --to $my_url/t_strata" \
  "$mysql -e 'SET GLOBAL local_infile = 0' && $STRATA -q port --from $pg_url --to $my_url/t_insert && $mysql -e 'SET GLOBAL local_infile = 1'" \
  ". $top/bench/port_common.sh; pipe_postgres_mysql $pg_url t_client" \
  "$mysql t_client <$work/big.sql" \
  "$mysql --local-infile=1 t_client -e \"$(mysql_load "$work/big.tsv")\""

# strata's peak memory, once more on its own, and the statements that
# carried its rows.
need /usr/bin/time
fresh t_memory
statements() {
  $mysql -N -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_load', 'Com_insert')" |
    tr '\t\n' '= '
}
before=$(statements)
/usr/bin/time -f '%M' -o "$work/peak" \
  "$STRATA" -q port --from "$pg_url" --to "$my_url/t_memory" >/dev/null
echo "== strata port's peak memory: $(( $(cat "$work/peak") / 1024 )) MB"
echo "== server statements before: $before; after: $(statements)"
