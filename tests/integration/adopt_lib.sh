# adopt_lib.sh - the adoption cases each engine runs (adopt_sqlite.sh,
# adopt_postgres.sh, adopt_mysql.sh).  Not a test itself.  The test sets
# ENGINE (sqlite, postgres or mysql) and $url, and defines:
#   q SQL       runs SQL on the target, prints one column a line
#   snapshot    prints everything the target holds, to compare before and
#               after a command that must change nothing
# Each case makes the tool's history table as that tool makes it on ENGINE
# (column names and types, and how it writes applied, failed and reverted
# migrations), the tool's migrations folder in its own layout, as its users
# write it, and the schema its applied migrations built, then adopts.

TOOL_TABLES="schema_migrations _sqlx_migrations flyway_schema_history
  goose_db_version __diesel_schema_migrations"

# reset: an empty target and an empty migrations folder.
reset() {
  q "DROP VIEW IF EXISTS v" >/dev/null 2>&1
  for t in strata_migrations strata_migrations_format $TOOL_TABLES \
    users posts tags; do
    q "DROP TABLE IF EXISTS $t" >/dev/null 2>&1
  done
  rm -rf db
}

# put FILE TEXT / put_crlf FILE TEXT: a file of db/migrations, with LF line
# ends, or as an editor on Windows saves it: CRLF and a UTF-8 BOM.
put() { migration "db/migrations/$(dirname "$1")" "$(basename "$1")" "$2"; }
put_crlf() {
  mkdir -p "db/migrations/$(dirname "$1")"
  printf '\357\273\277%s\n' "$2" | sed 's/$/\r/' >"db/migrations/$1"
}

USERS="CREATE TABLE users (id INTEGER PRIMARY KEY);"
POSTS="CREATE TABLE posts (id INTEGER PRIMARY KEY);"
TAGS="CREATE TABLE tags (id INTEGER PRIMARY KEY);"

# Each tool's folder, in its own layout: users, posts and tags, each with
# its way back.
golang_migrate_files() { # 1_users.up.sql and 1_users.down.sql
  put 1_users.up.sql "$USERS"; put 1_users.down.sql "DROP TABLE users;"
  put_crlf 2_posts.up.sql "$POSTS"; put_crlf 2_posts.down.sql "DROP TABLE posts;"
  put 3_tags.up.sql "$TAGS"; put 3_tags.down.sql "DROP TABLE tags;"
}
sqlx_files() { # reversible: <timestamp>_<name>.up.sql and .down.sql
  put 20240101000001_users.up.sql "$USERS"
  put 20240101000001_users.down.sql "DROP TABLE users;"
  put_crlf 20240101000002_posts.up.sql "-- posts
$POSTS"
  put_crlf 20240101000002_posts.down.sql "DROP TABLE posts;"
  put 20240101000003_tags.up.sql "$TAGS"
  put 20240101000003_tags.down.sql "DROP TABLE tags;"
}
dbmate_files() { # one file: -- migrate:up, then -- migrate:down
  put 20240101000001_users.sql "-- migrate:up
$USERS

-- migrate:down
DROP TABLE users;"
  put_crlf 20240101000002_posts.sql "-- migrate:up  
$POSTS
-- Migrate:Down
DROP TABLE posts;
"
  put 20240101000003_tags.sql "-- migrate:up transaction:false
$TAGS
-- migrate:down transaction:false
DROP TABLE tags;"
}
goose_files() { # one file: -- +goose Up, then -- +goose Down
  put 00001_users.sql "-- +goose Up
$USERS
-- +goose Down
DROP TABLE users;"
  put_crlf 00002_posts.sql "-- +goose Up
-- +goose StatementBegin
$POSTS
-- +goose StatementEnd

-- +goose Down
DROP TABLE posts;"
  put 00003_tags.sql "-- +goose up
$TAGS
-- +goose down
DROP TABLE tags;"
}
diesel_files() { # <stamp>_<name>/up.sql and down.sql
  put 2024-01-01-000001_users/up.sql "$USERS"
  put 2024-01-01-000001_users/down.sql "DROP TABLE users;"
  put_crlf 2024-01-01-000002_posts/up.sql "$POSTS"
  put_crlf 2024-01-01-000002_posts/down.sql "DROP TABLE posts;"
  put 2024-01-01-000003_tags/up.sql "$TAGS"
  put 2024-01-01-000003_tags/down.sql "DROP TABLE tags;"
}
# Flyway: V1, V1_2 (version 1.2, with its undo) and V1.10, which comes after
# 1.2, and a repeatable view.
VIEW="DROP VIEW IF EXISTS v;
CREATE VIEW v AS SELECT id FROM users;"
flyway_files() {
  put V1__users.sql "$USERS"
  put_crlf V1_2__posts.sql "$POSTS"
  put U1_2__posts.sql "DROP TABLE posts;"
  put V1.10__tags.sql "$TAGS"
  put U1.10__tags.sql "DROP TABLE tags;"
  put_crlf R__view.sql "$VIEW"
}

# flyway_checksum FILE: Flyway's checksum of a file, CRC-32 of its lines
# without their ends or a BOM, as a signed 32-bit number; the CRC comes
# from gzip's trailer (little-endian, as od reads it here).
flyway_checksum() {
  c=$(sed '1s/^\xEF\xBB\xBF//' "db/migrations/$1" | tr -d '\r\n' | gzip -c |
    tail -c 8 | head -c 4 | od -An -tu4 | tr -d ' ')
  [ "$c" -gt 2147483647 ] && c=$((c - 4294967296))
  echo "$c"
}

# applied_schema: what the first two migrations built.
applied_schema() {
  q "CREATE TABLE users (id INTEGER PRIMARY KEY)"
  q "CREATE TABLE posts (id INTEGER PRIMARY KEY)"
}

# history: the versions strata's history holds, on one line.
history() {
  q "SELECT version FROM strata_migrations ORDER BY version" 2>/dev/null |
    tr '\n' ' ' | sed 's/ $//'
}

# has_history: whether strata's history table exists at all.
has_history() {
  q "SELECT count(*) FROM strata_migrations" >/dev/null 2>&1
}

# A hex literal of bytes for sqlx's checksum column.
bytes() {
  if [ "$ENGINE" = postgres ]; then echo "decode('$1', 'hex')"; else
    echo "X'$1'"; fi
}

# ---- each tool's table, as it makes it on ENGINE -------------------------

golang_migrate_table() {
  case $ENGINE in
  sqlite)
    q "CREATE TABLE schema_migrations (version uint64, dirty bool)"
    q "CREATE UNIQUE INDEX version_unique ON schema_migrations (version)" ;;
  *) q "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY,
          dirty boolean NOT NULL)" ;;
  esac
}

dbmate_table() {
  case $ENGINE in
  sqlite) q "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)" ;;
  *) q "CREATE TABLE schema_migrations (version varchar(128) NOT NULL
          PRIMARY KEY)" ;;
  esac
}

sqlx_table() {
  case $ENGINE in
  postgres) q "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY,
      description TEXT NOT NULL,
      installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
      success BOOLEAN NOT NULL, checksum BYTEA NOT NULL,
      execution_time BIGINT NOT NULL)" ;;
  *) q "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY,
      description TEXT NOT NULL,
      installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
      success BOOLEAN NOT NULL, checksum BLOB NOT NULL,
      execution_time BIGINT NOT NULL)" ;;
  esac
}

flyway_table() {
  case $ENGINE in
  sqlite) installed_on="TEXT NOT NULL DEFAULT
            (strftime('%Y-%m-%d %H:%M:%f', 'now'))" ;;
  postgres) installed_on="TIMESTAMP NOT NULL DEFAULT now()" ;;
  mysql) installed_on="TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP" ;;
  esac
  q "CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL,
      version VARCHAR(50), description VARCHAR(200) NOT NULL,
      type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL,
      checksum INT, installed_by VARCHAR(100) NOT NULL,
      installed_on $installed_on, execution_time INT NOT NULL,
      success BOOLEAN NOT NULL,
      CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank))"
  q "CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history
      (success)"
}

# flyway_row RANK VERSION TYPE SCRIPT SUCCESS (VERSION NULL: repeatable).
flyway_row() {
  q "INSERT INTO flyway_schema_history (installed_rank, version,
      description, type, script, checksum, installed_by, execution_time,
      success) VALUES ($1, $2, 'd', '$3', '$4', 12345, 'me', 3, $5)"
}

goose_table() {
  case $ENGINE in
  sqlite) q "CREATE TABLE goose_db_version (
      id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER NOT NULL,
      is_applied INTEGER NOT NULL,
      tstamp TIMESTAMP DEFAULT (datetime('now')))" ;;
  postgres) q "CREATE TABLE goose_db_version (id serial NOT NULL,
      version_id bigint NOT NULL, is_applied boolean NOT NULL,
      tstamp timestamp NULL default now(), PRIMARY KEY(id))" ;;
  mysql) q "CREATE TABLE goose_db_version (id serial NOT NULL,
      version_id bigint NOT NULL, is_applied boolean NOT NULL,
      tstamp timestamp NULL default now(), PRIMARY KEY(id))" ;;
  esac
}

diesel_table() {
  q "CREATE TABLE __diesel_schema_migrations (
      version VARCHAR(50) PRIMARY KEY NOT NULL,
      run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)"
}

# ---- the cases ----------------------------------------------------------

# tables: the tables the target holds, of users, posts, tags and the view.
tables() {
  for t in users posts tags v; do
    q "SELECT count(*) FROM $t" >/dev/null 2>&1 && printf '%s ' "$t"
  done | sed 's/ $//'
}

# adopted TOOL "V1 V2" V3: adopt finds TOOL's table by itself and records
# V1 and V2, with the files' checksums (status sees one pending migration
# and no problem); up then runs only V3, and each down runs the down
# section of the newest migration: tags, then posts.
adopted() {
  run_strata -u "$url" adopt
  is "$rc" 0 "$1 on $ENGINE: adopt succeeds"
  like "$out" "recorded 2 migrations from $1's table" "and says how many"
  is "$(history)" "$2" "strata's history holds what $1 applied"
  run_strata -u "$url" status --exit-code
  is "$rc" 3 "with the files' checksums: status sees one pending, no problem"
  run_strata -u "$url" up
  is "$rc" 0 "up runs only the migration $1 had not applied"
  is "$(history)" "$2 $3" "and records it"
  run_strata -u "$url" status --exit-code
  is "$rc" 0 "then nothing is pending or wrong"
  run_strata -u "$url" down
  is "$rc" 0 "down succeeds"
  is "$(tables)" "users posts" "and runs the down section of $3"
  run_strata -u "$url" down
  is "$(tables)" "users" "then the one of an adopted migration"
  is "$(history)" "${2%% *}" "and strata's history follows"
}

# refused WHAT PATTERN: adopt refuses, saying PATTERN, and records nothing.
refused() {
  before=$(snapshot)
  run_strata -u "$url" adopt
  is "$rc" 1 "$ENGINE: adopt refuses $1"
  like "$err" "$2" "saying what and what to do"
  is "$(lines "$err")" 1 "in one line"
  has_history
  isnt "$?" 0 "strata's history is not even created"
  is "$(snapshot)" "$before" "the database is untouched"
}

lines() { printf '%s\n' "$1" | grep -c ''; }

case_golang_migrate() {
  reset; golang_migrate_files; applied_schema; golang_migrate_table
  q "INSERT INTO schema_migrations (version, dirty) VALUES (2, false)"
  adopted golang-migrate "1 2" 3

  reset; golang_migrate_files; applied_schema; golang_migrate_table
  q "INSERT INTO schema_migrations (version, dirty) VALUES (3, true)"
  refused "golang-migrate's dirty state" \
    "golang-migrate's history table 'schema_migrations' says migration 3 failed part way; .*migrate force"
}

case_dbmate() {
  reset; dbmate_files; applied_schema; dbmate_table
  q "INSERT INTO schema_migrations (version) VALUES ('20240101000001')"
  q "INSERT INTO schema_migrations (version) VALUES ('20240101000002')"
  adopted dbmate "20240101000001 20240101000002" 20240101000003

  # A version with no file is refused, with the list, rather than recorded
  # as a guess.
  reset; dbmate_files; applied_schema; dbmate_table
  for v in 20240101000001 20240101000002 20231231000000 20240101000009; do
    q "INSERT INTO schema_migrations (version) VALUES ('$v')"
  done
  refused "versions with no file" \
    "2 versions applied by dbmate have no migration file in 'db/migrations': 20231231000000, 20240101000009; point --dir"
}

case_sqlx() {
  reset; sqlx_files; applied_schema; sqlx_table
  for v in 20240101000001 20240101000002; do
    q "INSERT INTO _sqlx_migrations (version, description, success,
        checksum, execution_time) VALUES ($v, 'm', true, $(bytes 0a0b0c),
        1000)"
  done
  adopted sqlx "20240101000001 20240101000002" 20240101000003

  reset; sqlx_files; applied_schema; sqlx_table
  q "INSERT INTO _sqlx_migrations (version, description, success, checksum,
      execution_time) VALUES (20240101000001, 'users', true, $(bytes 0a), 1)"
  q "INSERT INTO _sqlx_migrations (version, description, success, checksum,
      execution_time) VALUES (20240101000002, 'posts', false, $(bytes 0b), 1)"
  refused "sqlx's failed migration" \
    "sqlx's history table '_sqlx_migrations' says migration 20240101000002 failed part way; .*delete its row"
}

# flyway_view_row RANK CHECKSUM: Flyway's row for a run of R__view.sql.
flyway_view_row() {
  q "INSERT INTO flyway_schema_history (installed_rank, version,
      description, type, script, checksum, installed_by, execution_time,
      success) VALUES ($1, NULL, 'view', 'SQL', 'R__view.sql', $2, 'me', 3,
      true)"
}

# Flyway, with its own folder: versions 1.2 and 1.10 compare run by run
# (1.10 comes after 1.2), and the repeatable is recorded when Flyway's
# last run of it was of the file as it is.
case_flyway() {
  reset; flyway_files; applied_schema; flyway_table
  q "CREATE VIEW v AS SELECT id FROM users"
  flyway_row 1 "'0'" SCHEMA '"public"' true
  flyway_row 2 "'1'" SQL V1__users.sql true
  flyway_row 3 "'1.2'" SQL V1_2__posts.sql true
  flyway_view_row 4 12345
  flyway_view_row 5 "$(flyway_checksum R__view.sql)"
  run_strata -u "$url" adopt
  is "$rc" 0 "flyway on $ENGINE: adopt succeeds"
  like "$out" "recorded 3 migrations from flyway's table" "and says how many"
  like "$err" "record R__view as applied" "the repeatable, as of its newest run"
  is "$(history)" "1 1.2 R__view" "strata's history holds 1, 1.2 and the view"
  run_strata -u "$url" status --exit-code
  is "$rc" 3 "status sees only 1.10 pending, no problem"
  run_strata -u "$url" up
  is "$rc" 0 "up succeeds"
  like "$err" "applying 1.10 tags" "and runs 1.10"
  unlike "$err" "R__view" "and not the unchanged view"
  is "$(history)" "1 1.10 1.2 R__view" "1.10 is recorded"
  run_strata -u "$url" status --exit-code
  is "$rc" 0 "then nothing is pending or wrong"
  run_strata -u "$url" down
  is "$(tables)" "users posts v" "down runs 1.10's undo"
  run_strata -u "$url" down
  is "$(tables)" "users v" "then 1.2's, which comes before 1.10"

  # A baseline at 1.2 stands for 1 and 1.2; a repeatable whose text changed
  # since Flyway ran it stays pending, and up runs it again.
  reset; flyway_files; applied_schema; flyway_table
  flyway_row 1 "'1.2'" BASELINE '<< Flyway Baseline >>' true
  flyway_view_row 2 12345
  run_strata -u "$url" adopt --dry-run
  is "$rc" 0 "flyway on $ENGINE: adopt --dry-run from a baseline succeeds"
  like "$err" "would leave R__view pending" "--dry-run says so too"
  run_strata -u "$url" adopt
  is "$rc" 0 "flyway on $ENGINE: adopt from a baseline succeeds"
  like "$err" "leave R__view pending: it changed since flyway last ran it" \
    "saying the changed repeatable stays pending"
  is "$(history)" "1 1.2" "the baseline stands for 1 and 1.2"
  run_strata -u "$url" up
  is "$rc" 0 "up succeeds"
  is "$(history)" "1 1.10 1.2 R__view" "and runs 1.10 and the view"
  is "$(tables)" "users posts tags v" "which are there"

  # A repeatable Flyway ran whose file is gone is refused like a version.
  reset; flyway_files; rm db/migrations/R__view.sql; applied_schema
  flyway_table
  flyway_row 1 "'1'" SQL V1__users.sql true
  flyway_view_row 2 12345
  refused "a repeatable with no file" \
    "1 version applied by flyway has no migration file in 'db/migrations': R__view.sql"

  # Unless a repair took it out of Flyway's history since.
  q "INSERT INTO flyway_schema_history (installed_rank, version, description,
      type, script, checksum, installed_by, execution_time, success)
      VALUES (3, NULL, 'view', 'DELETE', 'R__view.sql', 12345, 'me', 0, true)"
  run_strata -u "$url" adopt
  is "$rc" 0 "flyway on $ENGINE: a repeatable deleted by a repair is no loss"
  is "$(history)" "1" "and only version 1 is recorded"

  reset; flyway_files; applied_schema; flyway_table
  flyway_row 1 "'1'" SQL V1__users.sql true
  flyway_row 2 "'1.2'" SQL V1_2__posts.sql false
  refused "flyway's failed migration" \
    "flyway's history table 'flyway_schema_history' says migration 1.2 failed part way; .*flyway repair"
}

# goose: the version-0 row it starts with, ups, and a down recorded as a
# row with is_applied false (as older goose releases wrote them).
case_goose() {
  reset; goose_files; applied_schema; goose_table
  for row in "0, true" "1, true" "2, true" "3, true" "3, false"; do
    q "INSERT INTO goose_db_version (version_id, is_applied) VALUES ($row)"
  done
  adopted goose "00001 00002" 00003
}

case_diesel() {
  reset; diesel_files; applied_schema; diesel_table
  q "INSERT INTO __diesel_schema_migrations (version) VALUES ('20240101000001')"
  q "INSERT INTO __diesel_schema_migrations (version) VALUES ('20240101000002')"
  adopted diesel "20240101000001 20240101000002" 20240101000003
}

# --dry-run says what it would record and changes nothing at all.
case_dry_run() {
  reset; goose_files; applied_schema; goose_table
  for row in "0, true" "1, true" "2, true"; do
    q "INSERT INTO goose_db_version (version_id, is_applied) VALUES ($row)"
  done
  before=$(snapshot)
  run_strata -u "$url" adopt --dry-run
  is "$rc" 0 "$ENGINE: adopt --dry-run succeeds"
  like "$err" "would record 00001_users as applied" "it names each migration"
  like "$err" "would record 2 migrations from goose's table 'goose_db_version'; nothing was changed" \
    "and says nothing changed"
  is "$(snapshot)" "$before" "the database is untouched"
  has_history
  isnt "$?" 0 "not even strata's history table is made"

  run_strata -u "$url" adopt --from dbmate
  is "$rc" 1 "--from a tool whose table is not there fails"
  like "$err" "no table 'schema_migrations' for dbmate's history" "naming the table"
  run_strata -u "$url" adopt --from liquibase
  like "$err" "strata cannot adopt from 'liquibase'" "an unknown tool is named"
  golang_migrate_table
  run_strata -u "$url" adopt
  is "$rc" 1 "two tools' tables: adopt will not guess"
  like "$err" "choose one with --from" "and says to choose"
}

adopt_cases() {
  case_golang_migrate
  case_dbmate
  case_sqlx
  case_flyway
  case_goose
  case_diesel
  case_dry_run
}
