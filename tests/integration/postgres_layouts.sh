#!/bin/sh
# Other tools' folders on PostgreSQL: plain with engine suffixes, dbmate
# and goose, from up through down to empty (fixtures/layouts.sh).
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/layouts.sh"
pg_scratch_database

ENGINE=postgres
URL=$pg_url
user_tables() {
  pg "SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables
      WHERE schemaname = 'public' AND tablename NOT LIKE 'strata_%'"
}
history_sql() { pg "$1"; }

layout_checks

# CREATE INDEX CONCURRENTLY cannot run in a transaction: each marker
# really runs its migration outside one.
run_strata -u "$URL" -d db/plain up --to 0001
migration db/concurrently 0001_create_t.sql "-- migrate:up
-- migrate:down"
migration db/concurrently 0002_idx.sql "-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY t_id ON t (id);
-- migrate:down transaction:false
DROP INDEX CONCURRENTLY t_id;"
run_strata -u "$URL" -d db/concurrently --table dbmate_history up
is "$rc" 0 "dbmate transaction:false: CREATE INDEX CONCURRENTLY runs ($err)"
migration db/concurrently_goose 0001_idx.sql "-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY t_id2 ON t (id);"
run_strata -u "$URL" -d db/concurrently_goose --table goose_history up
is "$rc" 0 "goose NO TRANSACTION: CREATE INDEX CONCURRENTLY runs ($err)"
migration db/concurrently_sqlx 0001_idx.up.sql "-- no-transaction
CREATE INDEX CONCURRENTLY t_id3 ON t (id);"
run_strata -u "$URL" -d db/concurrently_sqlx --table sqlx_history up
is "$rc" 0 "sqlx no-transaction: CREATE INDEX CONCURRENTLY runs ($err)"
migration db/concurrently_ac 0001_idx.postgres.autocommit.up.sql \
  "CREATE INDEX CONCURRENTLY t_id4 ON t (id);"
run_strata -u "$URL" -d db/concurrently_ac --table ac_history up
is "$rc" 0 ".autocommit.: CREATE INDEX CONCURRENTLY runs ($err)"
migration db/concurrently_diesel/2020-01-01-000000_idx up.sql \
  "CREATE INDEX CONCURRENTLY t_id5 ON t (id);"
migration db/concurrently_diesel/2020-01-01-000000_idx down.sql \
  "DROP INDEX CONCURRENTLY t_id5;"
migration db/concurrently_diesel/2020-01-01-000000_idx metadata.toml \
  "run_in_transaction = false"
run_strata -u "$URL" -d db/concurrently_diesel --table diesel_history up
is "$rc" 0 "diesel run_in_transaction = false: CREATE INDEX CONCURRENTLY runs ($err)"
is "$(pg "SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes
          WHERE tablename = 't'")" "t_id t_id2 t_id3 t_id4 t_id5" \
  "and all five indexes exist"
run_strata -u "$URL" -d db/concurrently_diesel --table diesel_history down
is "$rc" 0 "and its down runs outside a transaction too ($err)"

done_testing
