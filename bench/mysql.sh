#!/bin/bash
# MariaDB benchmarks of issue 4, run by hand: bench/mysql.sh
#  - strata up of 1,000 small migrations (one table + one index each)
#    against the mysql client running the same statements from one
#    script in one session (target: within 1.3x), and against dbmate
#    (target: faster)
# The server is the test suite's, which commits without flushing its log
# (innodb_flush_log_at_trx_commit=0).  DURABLE=1 flushes at every commit,
# as a production server does.  TMPDIR=/dev/shm puts its data in memory:
# creating a table then costs little and drifts little, so what is left is
# each tool's own cost per migration.
. "$(dirname "$0")/common.sh"
case ${DURABLE:-0} in
0 | 1) ;;
*) echo "bench: DURABLE is 0 or 1, not '$DURABLE'" >&2; exit 2 ;;
esac
mariadb_server
$client -e "SET GLOBAL innodb_flush_log_at_trx_commit = ${DURABLE:-0}"
url=mysql://strata@$hostport/bench
up_and_status "$url" "$client bench" \
  "$client -e 'DROP DATABASE IF EXISTS bench; CREATE DATABASE bench'" \
  "$url" plain
