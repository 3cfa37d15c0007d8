#!/bin/sh
# Shapes real projects' migration folders have that strata once passed
# over or ran wrongly: dbmate names with a dash or with no name, Flyway
# placeholders and callbacks, goose Go migrations, ".SQL" files, and a
# folder that only holds the per-engine subfolders.  Each refusal names
# every file it refuses, and runs nothing.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

# dbmate runs any .sql file that starts with digits: "0001-name.sql" and
# "0003.sql" are migrations of its, versions 0001 and 0003.
migration db/dbmate 0001-make-shelves.sql "-- migrate:up
CREATE TABLE shelf (id INTEGER PRIMARY KEY, label TEXT);
-- migrate:down
DROP TABLE shelf;"
migration db/dbmate 0002_fill.sql "-- migrate:up
INSERT INTO shelf (label) VALUES ('top'), ('bottom');
-- migrate:down
DELETE FROM shelf;"
migration db/dbmate 0003.sql "-- migrate:up
ALTER TABLE shelf ADD COLUMN depth INTEGER NOT NULL DEFAULT 40;
-- migrate:down
ALTER TABLE shelf DROP COLUMN depth;"
run_strata -d db/dbmate up
is "$rc" 0 "a dbmate folder with 0001-name.sql and 0003.sql applies ($err)"
is "$(sql "SELECT group_concat(version || ':' || name, ' ') FROM strata_migrations")" \
  "0001:make-shelves 0002:fill 0003:0003" \
  "recorded by their leading digits, named by what follows them (or their version)"
is "$(sql "SELECT group_concat(label || '=' || depth, ' ') FROM shelf")" \
  "top=40 bottom=40" "and every one of them ran"
run_strata -d db/dbmate down --all
is "$rc" 0 "they revert ($err)"
is "$(tables)" "" "down to nothing"

# Flyway replaces ${name} from its configuration; strata has no values,
# so the folder is refused before anything runs, naming each file.
migration db/flyway V1__shelf.sql "CREATE TABLE shelf (id INTEGER);"
migration db/flyway V2__box.sql "-- sizes come from \${box_sizes} in Flyway's config
CREATE TABLE box (id INTEGER, size TEXT DEFAULT '\${default_size}');"
migration db/flyway V3__crate.sql "CREATE TABLE \${flyway:defaultSchema}.crate (id INTEGER);"
run_strata -d db/flyway up
is "$rc" 1 "Flyway placeholders are refused"
like "$err" "Flyway placeholder '\\$\\{default_size\\}', which strata does not replace" \
  "naming the first placeholder"
like "$err" "at db/flyway/V2__box.sql:2:" "where it is (a comment line's is let be)"
like "$err" "\\(2 files refused: 'V2__box.sql', 'V3__crate.sql'\\)" \
  "and how many files, and which"
is "$(tables)" "" "nothing ran, not even V1"
run_strata -d db/flyway status --exit-code
isnt "$rc" 0 "status fails on them too"

# Flyway's callbacks and goose's Go migrations: each file is named.
migration db/callbacks V1__shelf.sql "CREATE TABLE shelf (id INTEGER);"
migration db/callbacks beforeMigrate.sql "CREATE TABLE IF NOT EXISTS audit (at TEXT);"
migration db/callbacks afterMigrate.sql "INSERT INTO audit VALUES ('done');"
migration db/callbacks afterMigrateError.sql "INSERT INTO audit VALUES ('failed');"
run_strata -d db/callbacks up
is "$rc" 1 "Flyway callbacks are refused"
like "$err" "is a Flyway callback, which strata does not run.*\\(3 files refused: 'afterMigrate.sql', 'afterMigrateError.sql', 'beforeMigrate.sql'\\)" \
  "all three, named in one line"
is "$(tables)" "" "and nothing ran"

migration db/goose 00001_shelf.sql "-- +goose Up
CREATE TABLE shelf (id INTEGER);"
for n in 2 3 4 5 6 7; do
  migration db/goose "0000${n}_step.go" "package migrations"
done
migration db/goose 00002_step_test.go "package migrations"
migration db/goose embed.go "package migrations"
run_strata -d db/goose up
is "$rc" 1 "goose Go migrations are refused"
like "$err" "'00002_step.go' is a goose Go migration.*\\(6 files refused: '00002_step.go', '00003_step.go', '00004_step.go', '00005_step.go', '00006_step.go' and 1 more\\)" \
  "counting all six, naming five (and not the test or the embed file)"
is "$(tables)" "" "and nothing ran"

# goose's ENVSUB ON replaces $NAME from the environment: a region with no
# variable runs as it is, one with a variable is refused.
migration db/envsub_none 00001_shelf.sql "-- +goose Up
-- +goose ENVSUB ON
-- costs are in \$USD
CREATE TABLE shelf (id INTEGER, cost TEXT DEFAULT 'USD');
-- +goose ENVSUB OFF
-- +goose Down
DROP TABLE shelf;"
run_strata -d db/envsub_none up
is "$rc" 0 "goose ENVSUB ON with no variable runs ($err)"
is "$(tables)" "shelf" "and made its table"
run_strata -d db/envsub_none down
is "$(tables)" "" "and reverts"
migration db/envsub 00001_shelf.sql "-- +goose Up
CREATE TABLE shelf (id INTEGER);
-- +goose ENVSUB ON
INSERT INTO shelf VALUES (\${FIRST_SHELF:-1});
-- +goose ENVSUB OFF
-- +goose Down
DROP TABLE shelf;"
run_strata -d db/envsub up
is "$rc" 1 "a goose ENVSUB variable is refused"
like "$err" "'\\\$\\{FIRST_SHELF:-1\\}' is replaced from the environment by goose's ENVSUB, which strata does not do" \
  "naming it"
like "$err" "at db/envsub/00001_shelf\\.sql:4:27" "where it is"
is "$(tables)" "" "and nothing ran"

# golang-migrate runs 0002_box.up.SQL; strata reads only ".sql", and says
# so rather than report the folder up to date without it.
migration db/upper 0001_shelf.up.sql "CREATE TABLE shelf (id INTEGER);"
migration db/upper 0002_box.up.SQL "CREATE TABLE box (id INTEGER);"
run_strata -d db/upper up
is "$rc" 1 "a .SQL file is refused"
like "$err" "migration file '0002_box.up.SQL' ends in '.SQL', which strata does not read: rename it to end in '.sql'" \
  "saying what to rename"
is "$(tables)" "" "and nothing ran"

# A folder whose migrations are all in per-engine subfolders (Plume's
# migrations/sqlite, migrations/postgres) is not "up to date".
migration db/engines/sqlite 0001_shelf.up.sql "CREATE TABLE shelf (id INTEGER);"
migration db/engines/postgres 0001_shelf.up.sql "CREATE TABLE shelf (id serial);"
run_strata -d db/engines up
is "$rc" 1 "a folder of only subfolders is refused"
like "$err" "migrations folder 'db/engines' holds no migration, only subfolders such as '(sqlite|postgres)': pass the one that holds them, as --dir 'db/engines/(sqlite|postgres)' or --dir 'db/engines/\\{engine\\}'" \
  "pointing at the subfolder and at {engine}"
run_strata -d 'db/engines/{engine}' up
is "$rc" 0 "and the {engine} form applies it ($err)"
is "$(tables)" "shelf" "the SQLite one"

# An empty folder is still just up to date.
mkdir -p db/empty
run_strata -d db/empty --table empty_history up
is "$rc" 0 "an empty folder is up to date ($err)"

done_testing
