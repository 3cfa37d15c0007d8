#!/bin/sh
# A migration's SET lasts only for that migration: the next one, and the
# history row strata writes in its transaction, see the session as it
# began (the URL's search_path included).
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
pg_scratch_database

pg "CREATE SCHEMA app; CREATE SCHEMA other" >/dev/null
URL="$pg_url?search_path=app"
migration db/m 0001_elsewhere.sql "SET search_path TO other;
CREATE TABLE t_other (id int);"
migration db/m 0002_next.sql "CREATE TABLE t_next (id int);"
migration db/m 0003_timeout.sql "SET statement_timeout = '100ms';
CREATE TABLE t_late (id int);"
migration db/m 0004_slow.sql "SELECT pg_sleep(0.3);"
run_strata -u "$URL" -d db/m up
is "$rc" 0 "migrations that SET for themselves apply ($err)"
is "$(pg "SELECT schemaname || '.' || tablename FROM pg_tables
          WHERE tablename LIKE 't_%' ORDER BY 1" | tr '\n' ' ')" \
  "app.t_late app.t_next other.t_other " \
  "the next migration runs in the URL's search_path again"
is "$(pg 'SELECT COUNT(*) FROM app.strata_migrations')" 4 \
  "the history stays where the URL puts it"
is "$(pg "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'strata_migrations'
          AND schemaname <> 'app'")" 0 "and nowhere else"

done_testing
