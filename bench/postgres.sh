#!/bin/bash
# PostgreSQL benchmarks of issue 3, run by hand: bench/postgres.sh
#  - strata up of 1,000 small migrations (one table + one index each)
#    against psql running the same statements with the same per-migration
#    BEGIN/COMMIT from one script in one session (target: within 1.3x), and
#    against dbmate (target: faster)
#  - strata status with 1,000 applied migrations (target: under 50 ms)
. "$(dirname "$0")/common.sh"
start_server postgres postgres
find_dbmate
base=${server_url%/*}
psql="psql -q -X -v ON_ERROR_STOP=1"
fresh="$psql $base/postgres -c 'DROP DATABASE IF EXISTS bench' -c 'CREATE DATABASE bench'"

make_migrations "$work/m" 1000
one_script "$work/m" "$work/up.sql"
dbmate_dir "$work/m" "$work/dbmate"

echo "== up of 1,000 migrations"
cmds=("$STRATA -q -u $base/bench -d $work/m up"
      "$psql $base/bench -f $work/up.sql")
[ -z "$dbmate" ] || cmds+=("$dbmate --no-dump-schema -u $base/bench?sslmode=disable -d $work/dbmate up")
alternate 7 "$fresh" "${cmds[@]}"

echo "== status with 1,000 applied"
hyperfine -N --warmup 5 --runs 50 "$STRATA -u $base/bench -d $work/m status"
