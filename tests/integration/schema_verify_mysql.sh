#!/bin/sh
# strata verify and diff on MySQL/MariaDB, where DDL commits by itself: a
# correct set passes, each planted defect is found (strata remakes its
# scratch database after a half-applied migration to go on), verify works
# in a database of its own on the server and drops it, the target is never
# touched, and diff compares two databases.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/verify_cases.sh"
command -v python3 >/dev/null 2>&1 || skip_all "no python3 to read JSON"
my_scratch_database

databases() {
  my_admin "SELECT schema_name FROM information_schema.schemata
            WHERE schema_name LIKE '$1' ORDER BY 1"
}
# target: what the target holds, to show verify never changes it.
target() {
  my "SELECT group_concat(table_name ORDER BY table_name)
      FROM information_schema.tables WHERE table_schema = DATABASE()"
  my "SELECT count(*) FROM users"
}

g=good
migration $g 0010_users.up.sql "CREATE TABLE users (id int AUTO_INCREMENT PRIMARY KEY,
  email varchar(100) NOT NULL, name varchar(50) DEFAULT 'anon',
  mood enum('sad', 'ok') NULL);"
migration $g 0010_users.down.sql "DROP TABLE users;"
migration $g 0020_posts.up.sql "CREATE TABLE posts (id bigint AUTO_INCREMENT PRIMARY KEY,
  user_id int NOT NULL, body text,
  CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
    ON DELETE CASCADE);
CREATE INDEX posts_body_idx ON posts (body(20));"
migration $g 0020_posts.down.sql "DROP TABLE posts;"
migration $g 0030_view.up.sql "CREATE VIEW named_users AS
  SELECT id, email FROM users WHERE name IS NOT NULL;
CREATE TRIGGER users_touch BEFORE UPDATE ON users
  FOR EACH ROW SET NEW.name = COALESCE(NEW.name, 'anon');
CREATE PROCEDURE hello() BEGIN SELECT 1; END;"
migration $g 0030_view.down.sql "DROP PROCEDURE hello;
DROP TRIGGER users_touch;
DROP VIEW named_users;"

run_strata -u "$my_url" -d $g up -n 1
my "INSERT INTO users (email) VALUES ('kept@example.com')"
verify_baseline

verify_correct_set "$my_url" $g "['reversible', 'reversible', 'reversible']"

# ---- a broken set --------------------------------------------------------------
b=broken
migration $b 0010_users.up.sql "CREATE TABLE users (id int AUTO_INCREMENT PRIMARY KEY,
  email varchar(100) NOT NULL);"
migration $b 0010_users.down.sql "DROP TABLE users;"
migration $b 0020_index.up.sql "CREATE INDEX users_email_idx ON users (email);"
migration $b 0020_index.down.sql "SELECT 1;"
migration $b 0030_column.up.sql "ALTER TABLE users ADD COLUMN age int;
CREATE TABLE tags (id int PRIMARY KEY);"
migration $b 0030_column.down.sql "DROP TABLE tags;"
migration $b 0040_widen.up.sql "ALTER TABLE users MODIFY email varchar(255) NOT NULL;"
migration $b 0040_widen.down.sql "ALTER TABLE users MODIFY email varchar(200) NOT NULL;"
migration $b 0050_missing.up.sql "CREATE TABLE kept (id int);"
migration $b 0060_bad_down.up.sql "CREATE TABLE lonely (id int);"
migration $b 0060_bad_down.down.sql "DROP TABLE no_such_table;"
migration $b 0070_last.up.sql "CREATE TABLE last (id int);"
migration $b 0070_last.down.sql "DROP TABLE last;"

verify_broken_set "$my_url" $b
like "$(line 0040_widen)" \
  "down of 0040_widen changed table users: column email: type varchar\(100\) vs varchar\(200\)" \
  "a down that restores the wrong type"
like "$(line 0050_missing)" "^0050_missing: missing down$" "a missing down"
like "$(line 0060_bad_down)" "^0060_bad_down: down failed: .*no_such_table" \
  "a down that fails"
like "$(line 0070_last)" "^0070_last: reversible$" \
  "checking goes on after each half-applied failure"
verify_left_nothing

verify_idempotent "$my_url" "'"
verify_failing_up "$my_url" ""

# ---- --scratch, and diff ------------------------------------------------------------
kept="${my_db}_kept"
trap 'my_admin "DROP DATABASE IF EXISTS \`$kept\`" >/dev/null 2>&1; my_cleanup' EXIT
kept_url=$(my_url_for "$kept")
verify_given_scratch "$my_url" $g "$kept_url" "$kept"

run_strata diff "$my_url" "$kept_url"
is "$rc" 1 "diff: the target lacks two migrations"
like "$out" "^table posts: only in B$" "a table only in B"
like "$out" "^view named_users: only in B$" "a view only in B"
like "$out" "^procedure hello\(\): only in B$" "a procedure only in B"
like "$out" "^trigger users_touch: only in B$" "a trigger only in B"
run_strata -u "$my_url" -d $g up
run_strata diff "$my_url" "$kept_url"
is "$rc" 0 "after up, the two databases are the same"
is "$out" "" "with nothing to say"
my "ALTER TABLE users MODIFY mood enum('sad', 'ok', 'happy') NULL"
run_strata diff "$my_url" "$kept_url"
like "$out" "^table users: column mood: type enum\('sad','ok','happy'\) vs enum\('sad','ok'\)$" \
  "a changed enum is found"

done_testing
