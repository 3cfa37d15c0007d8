#!/bin/bash
# MariaDB benchmarks of issue 4, run by hand: bench/mysql.sh
#  - strata up of 1,000 small migrations (one table + one index each)
#    against the mysql client running the same statements from one
#    script in one session (target: within 1.3x), and against dbmate
#    (target: faster)
. "$(dirname "$0")/common.sh"
mariadb_server
url=mysql://strata@$hostport/bench
up_and_status "$url" "$client bench" \
  "$client -e 'DROP DATABASE IF EXISTS bench; CREATE DATABASE bench'" \
  "$url" plain
