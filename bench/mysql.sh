#!/bin/bash
# MariaDB benchmarks of issue 4, run by hand: bench/mysql.sh
#  - strata up of 1,000 small migrations (one table + one index each)
#    against the mysql client running the same statements from one
#    script in one session (target: within 1.3x), and against dbmate
#    (target: faster)
. "$(dirname "$0")/common.sh"
start_server mysql mariadb
find_dbmate
hostport=${server_url#mysql://strata@}
hostport=${hostport%%/*}
client="mariadb -h ${hostport%:*} -P ${hostport#*:} -u strata"
fresh="$client -e 'DROP DATABASE IF EXISTS bench; CREATE DATABASE bench'"

make_migrations "$work/m" 1000
one_script "$work/m" "$work/up.sql" plain
dbmate_dir "$work/m" "$work/dbmate"

echo "== up of 1,000 migrations"
cmds=("$STRATA -q -u mysql://strata@$hostport/bench -d $work/m up"
      "$client bench < $work/up.sql")
[ -z "$dbmate" ] || cmds+=("$dbmate --no-dump-schema -u mysql://strata@$hostport/bench -d $work/dbmate up")
alternate 7 "$fresh" "${cmds[@]}"

echo "== status with 1,000 applied"
hyperfine -N --warmup 5 --runs 50 "$STRATA -u mysql://strata@$hostport/bench -d $work/m status"
