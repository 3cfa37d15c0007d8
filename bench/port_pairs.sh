#!/bin/bash
# Port between every pair of engines, run by hand: bench/port_pairs.sh
# The same mixed-type table of $ROWS rows (default 200,000; port_common.sh)
# on each engine, ported by strata into a fresh target and moved by the
# clients' own pipeline, ROUNDS (default 3) rounds, the two taken in turn
# (strata first in odd rounds, the pipeline first in even ones):
#   MariaDB -> PostgreSQL   mariadb --batch | psql \copy
#   PostgreSQL -> MariaDB   psql \copy | mariadb LOAD DATA LOCAL INFILE
#   SQLite -> PostgreSQL    sqlite3 -csv | psql \copy (csv)
#   PostgreSQL -> SQLite    psql \copy (csv) | sqlite3 .import
#   MariaDB -> SQLite       mariadb --batch | sqlite3 .import
#   SQLite -> MariaDB       sqlite3 -csv | mariadb LOAD DATA LOCAL INFILE
#   PostgreSQL -> PostgreSQL  pg_dump | psql, and psql \copy | psql \copy
#   SQLite -> SQLite        sqlite3 .dump | sqlite3
#   MariaDB -> MariaDB      mariadb-dump | mariadb
# The pipelines that load a table load the one strata port --schema-only
# makes, keys included; pg_dump, .dump and mariadb-dump make their own.  After every
# run the target's rows are counted: a run that loaded fewer stops the
# bench.  Printed: each one's median time, rows/s and peak memory (the
# largest process of a pipeline), and strata's rows/s over the pipeline's
# round by round.  PAIRS picks pairs (e.g. PAIRS='sqlite-postgres
# postgres-sqlite').
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/port_common.sh"
need psql
need pg_dump
need sqlite3
need /usr/bin/time
ROWS=${ROWS:-200000}
ROUNDS=${ROUNDS:-3}
PAIRS=${PAIRS:-mysql-postgres postgres-mysql sqlite-postgres postgres-sqlite
  mysql-sqlite sqlite-mysql postgres-postgres sqlite-sqlite mysql-mysql}
mariadb_server
postgres_server
mysql="$client --default-character-set=utf8mb4"
export mysql psql

# Where each engine keeps a database called NAME: as strata's URL, and as
# the engine's client takes it.
url_of() {
  case $1 in
    postgres) echo "$base/$2" ;;
    mysql) echo "mysql://strata@$hostport/$2" ;;
    sqlite) echo "sqlite:$work/$2.db" ;;
  esac
}
place_of() {
  case $1 in
    postgres) echo "$base/$2" ;;
    mysql) echo "$2" ;;
    sqlite) echo "$work/$2.db" ;;
  esac
}

# fresh ENGINE NAME: an empty database NAME.
fresh() {
  case $1 in
    postgres)
      PGOPTIONS='-c client_min_messages=warning' $psql "$base/postgres" \
        -c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" ;;
    mysql) $mysql -e "DROP DATABASE IF EXISTS $2;
      CREATE DATABASE $2 CHARACTER SET utf8mb4" ;;
    sqlite) rm -f "$work/$2.db" ;;
  esac
}

# rows_in ENGINE NAME: the rows of table big in database NAME.
rows_in() {
  case $1 in
    postgres) $psql -At "$base/$2" -c "SELECT count(*) FROM big" ;;
    mysql) $mysql -N "$2" -e "SELECT count(*) FROM big" ;;
    sqlite) sqlite3 "$work/$2.db" "SELECT count(*) FROM big" ;;
  esac
}

# ---- the sources --------------------------------------------------------
echo "== making $ROWS rows on each engine" >&2
$mysql -e 'CREATE DATABASE bench CHARACTER SET utf8mb4'
mysql_big bench "$ROWS" "$(mysql_numbers "$ROWS")"
$mysql bench -e 'DROP TABLE IF EXISTS numbers'
$psql "$base/postgres" -c "CREATE DATABASE bench"
postgres_big "$base/bench" "$ROWS" >/dev/null
sqlite_big "$work/bench.db" "$ROWS"
for engine in mysql postgres sqlite; do
  got=$(rows_in "$engine" bench)
  [ "$got" = "$ROWS" ] || { echo "bench: the $engine source has $got rows of $ROWS" >&2; exit 1; }
done

# pipelines SOURCE-TARGET: the clients' pipelines of a pair.
pipelines() {
  case $1 in
    postgres-postgres) echo dump_postgres pipe_postgres_postgres ;;
    sqlite-sqlite) echo dump_sqlite ;;
    mysql-mysql) echo dump_mysql ;;
    *) echo "pipe_${1%-*}_${1#*-}" ;;
  esac
}

# run PAIR WHO: one run of strata (WHO strata) or of a pipeline into a
# fresh target, timed, its rows counted.
run() {
  local from=${1%-*} to=${1#*-} who=$2 target=t_$2
  fresh "$to" "$target"
  if [ "$who" = strata ]; then
    timed "$1:$who" "$STRATA -q port --from $(url_of "$from" bench) \
      --to $(url_of "$to" "$target") $finished"
  else
    case $who in pipe_*) "$STRATA" -q port --from "$(url_of "$from" bench)" \
      --to "$(url_of "$to" "$target")" --schema-only >/dev/null ;; esac
    timed "$1:$who" ". $top/bench/port_common.sh; \
      $who $(place_of "$from" bench) $(place_of "$to" "$target")"
  fi
  local got
  got=$(rows_in "$to" "$target")
  [ "$got" = "$ROWS" ] || { echo "bench: $1 $who loaded $got rows of $ROWS" >&2; exit 1; }
  fresh "$to" "$target"
}

# ---- the rounds ---------------------------------------------------------
started=$(machine)
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS" >&2
  for pair in $PAIRS; do
    runs=("run $pair strata")
    for pipe in $(pipelines "$pair"); do runs+=("run $pair $pipe"); done
    in_turn "${runs[@]}"
  done
done

# ---- the report ---------------------------------------------------------
# figures NAME: "SECONDS s  ROWS/s rows/s  PEAK MB" of NAME's runs.
figures() {
  awk -v s="$(median "$1")" -v r="$ROWS" -v p="$(peak "$1")" \
    'BEGIN { printf "%7.2f s %8.0f rows/s %6.1f MB", s, r / s, p }'
}
label_of() {
  case $1 in
    pipe_mysql_postgres) echo 'mariadb --batch | psql \copy' ;;
    pipe_postgres_mysql) echo 'psql \copy | mariadb LOAD DATA' ;;
    pipe_sqlite_postgres) echo 'sqlite3 -csv | psql \copy' ;;
    pipe_postgres_sqlite) echo 'psql \copy | sqlite3 .import' ;;
    pipe_mysql_sqlite) echo 'mariadb --batch | sqlite3 .import' ;;
    pipe_sqlite_mysql) echo 'sqlite3 -csv | mariadb LOAD DATA' ;;
    pipe_postgres_postgres) echo 'psql \copy | psql \copy' ;;
    dump_postgres) echo 'pg_dump | psql' ;;
    dump_sqlite) echo 'sqlite3 .dump | sqlite3' ;;
    dump_mysql) echo 'mariadb-dump | mariadb' ;;
  esac
}
echo "== $ROWS rows, $ROUNDS rounds; started $started, ended $(machine)"
echo "   medians; peak: the largest process; strata/pipeline: strata's rows/s over the pipeline's, per round"
printf '%-19s %-38s %-34s %-38s %s\n' pair "strata: time, rows/s, peak" pipeline \
  "its time, rows/s, peak" "strata/pipeline per round"
for pair in $PAIRS; do
  for pipe in $(pipelines "$pair"); do
    printf '%-19s %-38s %-34s %-38s %s\n' "$pair" "$(figures "$pair:strata")" \
      "$(label_of "$pipe")" "$(figures "$pair:$pipe")" \
      "$(per_round "$pair:strata" "$pair:$pipe")"
  done
done
each_run
