#!/bin/bash
# PostgreSQL benchmarks of issue 3, run by hand: bench/postgres.sh
#  - strata up of 1,000 small migrations (one table + one index each)
#    against psql running the same statements with the same per-migration
#    BEGIN/COMMIT from one script in one session (target: within 1.3x), and
#    against dbmate (target: faster)
#  - strata status with 1,000 applied migrations (target: under 50 ms)
. "$(dirname "$0")/common.sh"
postgres_server
up_and_status "$base/bench" "$psql $base/bench" \
  "$psql $base/postgres -c 'DROP DATABASE IF EXISTS bench' -c 'CREATE DATABASE bench'" \
  "$base/bench?sslmode=disable"
