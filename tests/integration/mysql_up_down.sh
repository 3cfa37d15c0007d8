# MySQL: a plain set of migrations is applied, recorded, shown, and
# reverted; strata create and drop manage the database itself.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database

write_migration 001_users.up.sql "CREATE TABLE users (
  id INT PRIMARY KEY,
  name VARCHAR(50) NOT NULL,  -- a comment; with a semicolon
  created_at TIMESTAMP NULL
) ENGINE=InnoDB;
INSERT INTO users VALUES (1, 'O''Brien; \"quoted\"', '2025-01-08 12:00:00');"
write_migration 001_users.down.sql "DROP TABLE users;"
write_migration 002_posts.up.sql "CREATE TABLE posts (
  id INT PRIMARY KEY,
  user_id INT NOT NULL,
  CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id)
);
# a hash comment
CREATE INDEX posts_user ON posts (user_id);"
write_migration 002_posts.down.sql "DROP TABLE posts;"

run_strata -u "$my_url" status
is "$rc" 0 "status before anything ran"
like "$out" "2 migrations: 0 applied, 2 pending" "both are pending"

run_strata -u "$my_url" up
is "$rc" 0 "up applies both"
is "$(my "SELECT name FROM users")" "O'Brien; \"quoted\"" \
  "the row holds exactly the quoted text"
is "$(my "SELECT CONVERT_TZ(created_at, @@time_zone, '+00:00') FROM users")" \
  "2025-01-08 12:00:00" \
  "a TIMESTAMP is stored as UTC, whatever the server's zone (+05:00)"
is "$(my "SELECT COUNT(*) FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND index_name = 'posts_user'")" 1 \
  "the index exists"
is "$(my "SELECT CONCAT(version, ':', state, ':', statements_done, '/',
  statements_total) FROM strata_migrations ORDER BY version")" \
"001:applied:2/2
002:applied:2/2" "history records both with every statement done"

run_strata -u "$my_url" status
like "$out" "2 migrations: 2 applied, 0 pending" "status sees both applied"

run_strata -u "$my_url" up
is "$rc" 0 "a second up succeeds"
is "$(my "SELECT COUNT(*) FROM users")" 1 "and applies nothing twice"

run_strata -u "$my_url" down
is "$rc" 0 "down reverts the newest"
is "$(my "SELECT COUNT(*) FROM information_schema.tables
  WHERE table_schema = DATABASE() AND table_name = 'posts'")" 0 \
  "posts is gone"
is "$(my "SELECT version FROM strata_migrations")" "001" \
  "history keeps only the first"

run_strata -u "$my_url" down
is "$rc" 0 "down reverts the first"
is "$(my "SELECT COUNT(*) FROM information_schema.tables
  WHERE table_schema = DATABASE() AND table_name = 'users'")" 0 \
  "users is gone"

run_strata -u "$(my_url_for "$my_db" | sed 's|^mysql:|mariadb:|')" up
is "$rc" 0 "the mariadb:// scheme reaches the same server"
is "$(my "SELECT COUNT(*) FROM strata_migrations")" 2 "and applies both"

run_strata -u "$my_url" create
is "$rc" 1 "create refuses a database that exists"
like "$err" "database '$my_db' already exists" "and says so"

run_strata -u "$my_url" drop --yes
is "$rc" 0 "drop drops it"
is "$(my_admin "SELECT COUNT(*) FROM information_schema.schemata
  WHERE schema_name = '$my_db'")" 0 "the database is gone"

run_strata -u "$my_url" drop --yes
is "$rc" 1 "drop of a missing database fails"
like "$err" "database '$my_db' does not exist" "and says so"

done_testing
