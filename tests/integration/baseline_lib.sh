# baseline_lib.sh - the cases of strata baseline and of the schema check of
# repair --mark-applied, run on each engine (baseline_sqlite.sh,
# baseline_postgres.sh, baseline_mysql.sh).  Not a test itself.  The test
# sets ENGINE and $url and defines q SQL and snapshot, as for adopt_lib.sh.

reset() {
  for t in strata_migrations strata_migrations_format goose_db_version \
    users posts tags; do
    q "DROP TABLE IF EXISTS $t" >/dev/null 2>&1
  done
  rm -rf db
  write_migration 001_users.sql \
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL);"
  write_migration 002_posts.sql \
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(200));"
  write_migration 003_tags.sql "CREATE TABLE tags (id INTEGER PRIMARY KEY);"
}

users_table() {
  q "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(${1:-100}) NOT NULL)"
}
posts_table() { q "CREATE TABLE posts (id INTEGER PRIMARY KEY${1:-})"; }

history() {
  q "SELECT version FROM strata_migrations ORDER BY version" 2>/dev/null |
    tr '\n' ' ' | sed 's/ $//'
}
has_history() { q "SELECT count(*) FROM strata_migrations" >/dev/null 2>&1; }
lines() { printf '%s\n' "$1" | grep -c ''; }

# refused_baseline WHAT PATTERN ARGS...: baseline ARGS refuses, naming
# PATTERN, and changes nothing.
refused_baseline() {
  what=$1 pattern=$2
  shift 2
  before=$(snapshot)
  run_strata -u "$url" baseline "$@"
  is "$rc" 1 "$ENGINE: baseline refuses $what"
  like "$err" "$pattern" "naming the difference"
  is "$(lines "$err")" 2 "in one line, after the difference listed as a notice"
  is "$(snapshot)" "$before" "the database is untouched"
  has_history
  isnt "$?" 0 "strata's history is not even created"
}

case_differences() {
  reset; users_table; posts_table
  refused_baseline "a missing column" \
    "strata: error: the schema of .* is not what the migrations through 2 build: table posts: column title is missing from the database; .*--force" 2
  like "$err" "schema difference: table posts: column title is missing" \
    "each difference is listed"

  reset; users_table 255; posts_table ", title VARCHAR(200)"
  refused_baseline "a column of another type" \
    "table users: column email differs: .*100.*255.* \(migrations vs database\)" 2

  reset; users_table; posts_table ", title VARCHAR(200)"
  refused_baseline "a table no migration makes" \
    "table posts is in the database but no migration makes it" 1
}

case_dry_run() {
  reset; users_table; posts_table ", title VARCHAR(200)"
  goose_table_for_baseline
  before=$(snapshot)
  run_strata -u "$url" baseline 2 --dry-run
  is "$rc" 0 "$ENGINE: baseline --dry-run of a matching schema succeeds"
  like "$err" "would record 002_posts as applied" "naming what it would record"
  is "$(snapshot)" "$before" "the database is untouched"
  has_history
  isnt "$?" 0 "strata's history is not even created"
}

# Another tool's history table is not a difference: a database once
# migrated by goose can be baselined.
goose_table_for_baseline() {
  q "CREATE TABLE goose_db_version (id INTEGER NOT NULL PRIMARY KEY,
      version_id BIGINT NOT NULL, is_applied BOOLEAN NOT NULL)"
}

case_baseline() {
  reset; users_table; posts_table ", title VARCHAR(200)"
  goose_table_for_baseline
  run_strata -u "$url" baseline 2
  is "$rc" 0 "$ENGINE: baseline of a matching schema succeeds (goose's table aside)"
  like "$out" "recorded 2 migrations through 2 as applied" "and says so"
  is "$(history)" "001 002" "it records the migrations through the version"
  run_strata -u "$url" status --exit-code
  is "$rc" 3 "with the files' checksums: one pending, no problem"
  run_strata -u "$url" up
  is "$rc" 0 "up runs only the rest"
  run_strata -u "$url" baseline 3
  is "$rc" 1 "a second baseline is refused"
  like "$err" "already holds 3 migrations; a baseline starts an empty one" \
    "saying why"

  reset; users_table; posts_table
  run_strata -u "$url" baseline 2 --force
  is "$rc" 0 "--force records a schema that differs"
  is "$(history)" "001 002" "all of it"
}

case_mark_applied() {
  reset; users_table
  run_strata -u "$url" baseline 1
  is "$rc" 0 "$ENGINE: baseline 1"
  posts_table
  run_strata -u "$url" repair --mark-applied 2 --yes
  is "$rc" 1 "repair --mark-applied refuses a schema that differs"
  like "$err" "not what the applied migrations and 2 build: table posts: column title is missing" \
    "naming the difference"
  is "$(history)" "001" "and records nothing"
  q "ALTER TABLE posts ADD COLUMN title VARCHAR(200)"
  run_strata -u "$url" repair --mark-applied 2 --yes
  is "$rc" 0 "once the schema matches, it records"
  is "$(history)" "001 002" "the version"
}

case_broken_migration() {
  reset; users_table; posts_table ", title VARCHAR(200)"
  write_migration 002_posts.sql "CREATE TABLE posts (id INTEGER PRIMARY KEY);
CREATE TABLE posts (id INTEGER PRIMARY KEY);"
  run_strata -u "$url" baseline 2
  is "$rc" 1 "$ENGINE: a migration that fails on the scratch database is refused"
  like "$err" "cannot check the schema: the migrations through 2 fail on a scratch database" \
    "saying so"
}

# A Flyway folder: versions compare run by run, so a baseline at 1.2
# takes 1 and 1.2 and leaves 1.10, which comes after 1.2.
flyway_folder() {
  rm -rf db
  write_migration V1__users.sql \
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL);"
  write_migration V1_2__posts.sql \
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(200));"
  write_migration V1.10__tags.sql "CREATE TABLE tags (id INTEGER PRIMARY KEY);"
}

case_flyway_version() {
  reset; flyway_folder; users_table; posts_table ", title VARCHAR(200)"
  run_strata -u "$url" baseline 1.2
  is "$rc" 0 "$ENGINE: baseline at Flyway's dotted 1.2 succeeds"
  like "$out" "recorded 2 migrations through 1.2 as applied" "and says so"
  is "$(history)" "1 1.2" "it records 1 and 1.2, not 1.10"
  run_strata -u "$url" status --exit-code
  is "$rc" 3 "with the files' checksums: 1.10 pending, no problem"
  run_strata -u "$url" up
  is "$rc" 0 "up runs only 1.10"
  is "$(history)" "1 1.10 1.2" "which is recorded"

  reset; flyway_folder; users_table; posts_table ", title VARCHAR(200)"
  run_strata -u "$url" baseline 1_2 --dry-run
  like "$err" "would record 1.2_posts as applied" "1_2 is the same version as 1.2"
  unlike "$err" "1.10" "and 1.10 comes after it"
  write_migration R__view.sql "DROP VIEW IF EXISTS v;"
  run_strata -u "$url" baseline R__view
  is "$rc" 1 "a repeatable is no version to baseline at"
  like "$err" "'R__view' is not a version: use the version a migration's file name starts with" \
    "saying what a version is"
}

baseline_cases() {
  case_differences
  case_dry_run
  case_baseline
  case_mark_applied
  case_broken_migration
  case_flyway_version
}
