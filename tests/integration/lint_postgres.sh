#!/bin/sh
# strata lint on PostgreSQL: the fixture's findings, read from libpg_query's
# parse tree; --pending against a real server; lint = error stopping an up
# with the database untouched.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
pg_scratch_database
DATABASE_URL=$pg_url
export DATABASE_URL

fixture="$STRATA_SRCDIR/tests/integration/fixtures/lint_postgres"
m=db/migrations
mkdir -p $m
cp "$fixture"/*.sql $m/

run_strata lint
is "$rc" 1 "lint exits 1: the fixture has errors"
is "$out" "$m/002_risky.up.sql:1:1 missing-down warning migration 002 has no down script, so it cannot be reverted; add one (it may say why it cannot be undone)
$m/002_risky.up.sql:1:28 index-not-concurrent error CREATE INDEX on existing table 'users' blocks writes to it until the index is built; use CREATE INDEX CONCURRENTLY in a '-- strata:no-transaction' migration
$m/002_risky.up.sql:2:30 volatile-default error column 'token' is added to existing table 'users' with a volatile default (gen_random_uuid()), which rewrites the table under an exclusive lock; add it without a default, backfill in batches, then set the default
$m/002_risky.up.sql:3:32 type-rewrite error changing the type of 'users.id' to int4 rewrites the table and its indexes under an exclusive lock; add a new column, backfill it, then switch over
$m/002_risky.up.sql:5:13 set-not-null error SET NOT NULL on 'users.email' scans the whole table under an exclusive lock; first add CHECK (email IS NOT NULL) NOT VALID and VALIDATE it, so that PostgreSQL 12 and later skip the scan
$m/002_risky.up.sql:9:3 money-float warning column 'orders.amount' looks like money but is float8, a binary floating-point type that cannot hold cents exactly; use numeric/decimal, or an integer count of cents
$m/002_risky.up.sql:14:3 fk-index warning foreign key on orders(user_id) has no index that starts with its columns, so each delete or key update on the referenced table scans 'orders'; create an index on (user_id)
$m/002_risky.up.sql:15:23 constraint-not-valid error a check added to existing table 'users' without NOT VALID checks every row while holding a lock; add it NOT VALID, then run VALIDATE CONSTRAINT
$m/002_risky.up.sql:18:13 drop-column warning dropping column 'users.token' loses its data, and running code that still reads it fails
$m/002_risky.up.sql:19:1 drop-table warning DROP TABLE 'legacy' loses its data for good; make sure nothing reads it any more and that it is backed up" \
  "every PostgreSQL rule fires where it should, and only there"
is "$err" "lint: 5 errors, 5 warnings in 2 scripts (1 silenced by lint-ignore)" \
  "the rename under lint-ignore is silenced and counted"

# lint = error: nothing of either migration runs.
printf '[strata]\nlint = error\n' >strata.conf
run_strata up
is "$rc" 1 "up with lint = error fails"
like "$err" "lint found 5 errors in the pending migrations, so nothing was applied" \
  "saying why"
is "$(pg "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" 0 \
  "the database holds no table, not even the history"
rm strata.conf

# --pending: once 001 is applied, only 002 is reported, with 001 as context.
run_strata up --to 001
is "$(pg "SELECT version FROM strata_migrations")" "001" "001 applies with lint off"
run_strata lint --pending --format json
is "$(jget 'sorted(set(f["file"] for f in d["findings"])), d["scripts"], d["errors"]')" \
  "(['$m/002_risky.up.sql'], 1, 5)" "--pending reports the pending migration only"

printf '[strata]\nlint = error\n' >strata.conf
run_strata up
is "$rc" 1 "lint = error still stops the up of 002"
is "$(pg "SELECT version FROM strata_migrations")" "001" "002 is not recorded"
is "$(pg "SELECT string_agg(column_name, ',' ORDER BY ordinal_position)
          FROM information_schema.columns WHERE table_name = 'users'")" \
  "id,email,name,created_at,updated_at" "and users is as 001 left it"
is "$(pg "SELECT count(*) FROM pg_indexes WHERE indexname = 'users_name'")" 0 \
  "with no index built"
rm strata.conf

done_testing
