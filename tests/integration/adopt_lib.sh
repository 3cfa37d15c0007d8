# adopt_lib.sh - the adoption cases each engine runs (adopt_sqlite.sh,
# adopt_postgres.sh, adopt_mysql.sh).  Not a test itself.  The test sets
# ENGINE (sqlite, postgres or mysql) and $url, and defines:
#   q SQL       runs SQL on the target, prints one column a line
#   snapshot    prints everything the target holds, to compare before and
#               after a command that must change nothing
# Each case makes the tool's history table as that tool makes it on ENGINE
# (column names and types, and how it writes applied, failed and reverted
# migrations), plus the schema its applied migrations built, then adopts.

TOOL_TABLES="schema_migrations _sqlx_migrations flyway_schema_history
  goose_db_version __diesel_schema_migrations"

# reset: an empty target and an empty migrations folder.
reset() {
  for t in strata_migrations strata_migrations_format $TOOL_TABLES \
    users posts tags; do
    q "DROP TABLE IF EXISTS $t" >/dev/null 2>&1
  done
  rm -rf db
}

# numbered_files / stamped_files: users, posts and tags, numbered as
# goose, golang-migrate, sqlx and flyway number them, or stamped as dbmate
# and diesel do.
numbered_files() {
  write_migration 001_users.sql "CREATE TABLE users (id INTEGER PRIMARY KEY);"
  write_migration 002_posts.sql "CREATE TABLE posts (id INTEGER PRIMARY KEY);"
  write_migration 003_tags.sql "CREATE TABLE tags (id INTEGER PRIMARY KEY);"
}
stamped_files() {
  write_migration 20240101000001_users.sql \
    "CREATE TABLE users (id INTEGER PRIMARY KEY);"
  write_migration 20240101000002_posts.sql \
    "CREATE TABLE posts (id INTEGER PRIMARY KEY);"
  write_migration 20240101000003_tags.sql \
    "CREATE TABLE tags (id INTEGER PRIMARY KEY);"
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

# adopted TOOL WANT: adopt finds TOOL's table by itself and records WANT;
# the checksums are those of the files (status sees one pending migration
# and no problem), and up then runs only that one.
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
  reset; numbered_files; applied_schema; golang_migrate_table
  q "INSERT INTO schema_migrations (version, dirty) VALUES (2, false)"
  adopted golang-migrate "001 002" 003

  reset; numbered_files; applied_schema; golang_migrate_table
  q "INSERT INTO schema_migrations (version, dirty) VALUES (3, true)"
  refused "golang-migrate's dirty state" \
    "golang-migrate's history table 'schema_migrations' says migration 3 failed part way; .*migrate force"
}

case_dbmate() {
  reset; stamped_files; applied_schema; dbmate_table
  q "INSERT INTO schema_migrations (version) VALUES ('20240101000001')"
  q "INSERT INTO schema_migrations (version) VALUES ('20240101000002')"
  adopted dbmate "20240101000001 20240101000002" 20240101000003

  # A version with no file is refused, with the list, rather than recorded
  # as a guess.
  reset; stamped_files; applied_schema; dbmate_table
  for v in 20240101000001 20240101000002 20231231000000 20240101000009; do
    q "INSERT INTO schema_migrations (version) VALUES ('$v')"
  done
  refused "versions with no file" \
    "2 versions applied by dbmate have no migration file in 'db/migrations': 20231231000000, 20240101000009; point --dir"
}

case_sqlx() {
  reset; numbered_files; applied_schema; sqlx_table
  for v in 1 2; do
    q "INSERT INTO _sqlx_migrations (version, description, success,
        checksum, execution_time) VALUES ($v, 'm$v', true, $(bytes 0a0b0c),
        1000)"
  done
  adopted sqlx "001 002" 003

  reset; numbered_files; applied_schema; sqlx_table
  q "INSERT INTO _sqlx_migrations (version, description, success, checksum,
      execution_time) VALUES (1, 'users', true, $(bytes 0a), 1)"
  q "INSERT INTO _sqlx_migrations (version, description, success, checksum,
      execution_time) VALUES (2, 'posts', false, $(bytes 0b), 1)"
  refused "sqlx's failed migration" \
    "sqlx's history table '_sqlx_migrations' says migration 2 failed part way; .*delete its row"
}

# Flyway: a baseline at 1 (migrations up to it count as applied), the
# schema-creation marker, 2 applied, 3 applied then undone, and a
# repeatable migration, which strata has no equivalent for: it is left
# out, said, and makes adopt fail after recording the rest.
case_flyway() {
  reset; numbered_files; applied_schema; flyway_table
  flyway_row 1 "'0'" SCHEMA '"public"' true
  flyway_row 2 "'1'" BASELINE '<< Flyway Baseline >>' true
  flyway_row 3 "'2'" SQL V2__posts.sql true
  flyway_row 4 "'3'" SQL V3__tags.sql true
  flyway_row 5 "'3'" UNDO_SQL U3__tags.sql true
  flyway_row 6 NULL SQL R__views.sql true
  run_strata -u "$url" adopt --from flyway
  is "$rc" 1 "flyway on $ENGINE: adopt with a repeatable migration fails"
  like "$err" "left out 1 row of 'flyway_schema_history'" "saying how many rows it left out"
  like "$err" "leave out R__views.sql: a Flyway repeatable migration" "and which"
  is "$(history)" "001 002" "the baseline and the applied version are recorded; the undone one is not"
  run_strata -u "$url" up
  is "$rc" 0 "up runs only the undone migration"

  reset; numbered_files; applied_schema; flyway_table
  flyway_row 1 "'1'" SQL V1__users.sql true
  flyway_row 2 "'2'" SQL V2__posts.sql false
  refused "flyway's failed migration" \
    "flyway's history table 'flyway_schema_history' says migration 2 failed part way; .*flyway repair"
}

# goose: the version-0 row it starts with, ups, and a down recorded as a
# row with is_applied false (as older goose releases wrote them).
case_goose() {
  reset; numbered_files; applied_schema; goose_table
  for row in "0, true" "1, true" "2, true" "3, true" "3, false"; do
    q "INSERT INTO goose_db_version (version_id, is_applied) VALUES ($row)"
  done
  adopted goose "001 002" 003
}

case_diesel() {
  reset; stamped_files; applied_schema; diesel_table
  q "INSERT INTO __diesel_schema_migrations (version) VALUES ('20240101000001')"
  q "INSERT INTO __diesel_schema_migrations (version) VALUES ('20240101000002')"
  adopted diesel "20240101000001 20240101000002" 20240101000003
}

# --dry-run says what it would record and changes nothing at all.
case_dry_run() {
  reset; numbered_files; applied_schema; goose_table
  for row in "0, true" "1, true" "2, true"; do
    q "INSERT INTO goose_db_version (version_id, is_applied) VALUES ($row)"
  done
  before=$(snapshot)
  run_strata -u "$url" adopt --dry-run
  is "$rc" 0 "$ENGINE: adopt --dry-run succeeds"
  like "$err" "would record 001_users as applied" "it names each migration"
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
