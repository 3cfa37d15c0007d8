#!/bin/bash
# Port into MySQL/MariaDB, run by hand: bench/port_mysql.sh
# A PostgreSQL table of $ROWS mixed-type rows (default 200,000: integers,
# numeric, double, text with emoji, timestamps, a date, boolean, jsonb and
# bytea), loaded into a fresh MariaDB database, ROUNDS (default 3) times
# each, in turn (common.sh's alternate):
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
need psql
need mariadb-dump
ROWS=${ROWS:-200000}
ROUNDS=${ROUNDS:-3}
mariadb_server
postgres_server
mysql="$client --default-character-set=utf8mb4"
pg_url=$base/bench
my_url=mysql://strata@$hostport

# ---- the source ---------------------------------------------------------
$psql "$base/postgres" -c "CREATE DATABASE bench"
$psql "$pg_url" <<SQL
CREATE TABLE big (
  id bigint PRIMARY KEY, n int, amount numeric(12,2),
  ratio double precision, label varchar(64), body text,
  created timestamp, stamp timestamptz, day date, flag boolean,
  doc jsonb, raw bytea);
INSERT INTO big
SELECT s, CASE WHEN s % 97 = 0 THEN NULL ELSE (s * 7919 % 2000001) - 1000000 END,
  (s * 7919 % 100000000) / 100.0,
  CASE WHEN s % 89 = 0 THEN NULL ELSE s / 7.0 END,
  'label ' || s || CASE WHEN s % 10 = 0 THEN ' 😀🐘' ELSE '' END,
  left(repeat(md5(s::text), 7), 100 + s % 100),
  timestamp '2020-01-01' + s * interval '37 seconds',
  CASE WHEN s % 20 = 0 THEN NULL
       ELSE to_timestamp(1600000000 + s * 13) END,
  date '1990-01-01' + s % 20000, s % 2 = 0,
  CASE WHEN s % 41 = 0 THEN NULL
       ELSE jsonb_build_object('id', s, 'tags', jsonb_build_array('a', s % 7)) END,
  CASE WHEN s % 43 = 0 THEN NULL
       ELSE decode(md5(s::text) || '00' || left(md5((s + 1)::text), 8), 'hex') END
FROM generate_series(1, $ROWS) AS s;
ANALYZE big;
SQL

# The rows as the client pipeline and LOAD DATA take them: tab-separated,
# \N for NULL, bytea as hex (UNHEX on the way in), timestamptz in UTC.
select_rows="SELECT id, n, amount, ratio, label, body, created,
  stamp AT TIME ZONE 'UTC', day, flag::int, doc, encode(raw, 'hex') FROM big"
load_rows="LOAD DATA LOCAL INFILE '%s' INTO TABLE big
  CHARACTER SET utf8mb4 (id, n, amount, ratio, label, body, created, stamp,
  day, flag, doc, @raw) SET raw = UNHEX(@raw)"

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
$psql "$pg_url" -c "\\copy ($select_rows) TO '$work/big.tsv'"
echo "rows: $($mysql -N made -e 'SELECT count(*) FROM big')"

# ---- the rounds ---------------------------------------------------------
# shellcheck disable=SC2059
pipe_sql=$(printf "$load_rows" /dev/stdin)
# shellcheck disable=SC2059
file_sql=$(printf "$load_rows" "$work/big.tsv")
echo "== $ROWS rows from PostgreSQL into MariaDB ($ROUNDS rounds)"
alternate "$ROUNDS" "$(declare -f fresh); mysql='$mysql' STRATA='$STRATA' \
    pg_url='$pg_url' my_url='$my_url'; fresh t_strata; fresh t_insert; fresh t_client with" \
  "$STRATA -q port --from $pg_url --to $my_url/t_strata" \
  "$mysql -e 'SET GLOBAL local_infile = 0' && $STRATA -q port --from $pg_url --to $my_url/t_insert && $mysql -e 'SET GLOBAL local_infile = 1'" \
  "$psql $pg_url -c \"\\\\copy ($select_rows) TO STDOUT\" | $mysql --local-infile=1 t_client -e \"$pipe_sql\"" \
  "$mysql t_client <$work/big.sql" \
  "$mysql --local-infile=1 t_client -e \"$file_sql\""

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
