#!/bin/sh
# strata verify and diff on PostgreSQL: a correct set passes, each planted
# defect is found, verify works in a database of its own on the server and
# drops it, the target is never touched, and diff compares two databases.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/verify_cases.sh"
command -v python3 >/dev/null 2>&1 || skip_all "no python3 to read JSON"
pg_scratch_database

databases() {
  pg_admin "SELECT datname FROM pg_database WHERE datname LIKE '$1' ORDER BY 1"
}
# target: what the target holds, to show verify never changes it.
target() {
  pg "SELECT string_agg(table_name, ',' ORDER BY table_name)
      FROM information_schema.tables WHERE table_schema = 'public'"
  pg "SELECT count(*) FROM users"
}

g=good
migration $g 0010_users.up.sql "CREATE TABLE users (id serial PRIMARY KEY,
  email varchar(100) NOT NULL, name text DEFAULT 'anon');"
migration $g 0010_users.down.sql "DROP TABLE users;"
migration $g 0020_mood.up.sql "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
ALTER TABLE users ADD COLUMN mood mood;"
migration $g 0020_mood.down.sql "ALTER TABLE users DROP COLUMN mood;
DROP TYPE mood;"
migration $g 0030_posts.up.sql "CREATE TABLE posts (id bigserial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  body text CHECK (length(body) > 0));
CREATE INDEX posts_user_idx ON posts (user_id);"
migration $g 0030_posts.down.sql "DROP TABLE posts;"
migration $g 0040_view.up.sql "CREATE VIEW named_users AS
  SELECT id, email FROM users WHERE name IS NOT NULL;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql
  AS \$\$ BEGIN RETURN NEW; END \$\$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION touch();"
migration $g 0040_view.down.sql "DROP TRIGGER users_touch ON users;
DROP FUNCTION touch();
DROP VIEW named_users;"

run_strata -u "$pg_url" -d $g up -n 1
pg "INSERT INTO users (email) VALUES ('kept@example.com')"
verify_baseline

verify_correct_set "$pg_url" $g \
  "['reversible', 'reversible', 'reversible', 'reversible']"

# ---- a broken set --------------------------------------------------------------
b=broken
migration $b 0010_users.up.sql "CREATE TABLE users (id serial PRIMARY KEY,
  email varchar(100) NOT NULL);"
migration $b 0010_users.down.sql "DROP TABLE users;"
migration $b 0020_index.up.sql "CREATE UNIQUE INDEX users_email_idx ON users (email);"
migration $b 0020_index.down.sql "SELECT 1;"
migration $b 0030_column.up.sql "ALTER TABLE users ADD COLUMN age integer;
CREATE TABLE tags (id serial PRIMARY KEY);"
migration $b 0030_column.down.sql "DROP TABLE tags;"
migration $b 0040_mood.up.sql "CREATE TYPE mood AS ENUM ('sad', 'ok');"
migration $b 0040_mood.down.sql "SELECT 1;"
migration $b 0050_widen.up.sql "ALTER TABLE users ALTER COLUMN email TYPE varchar(255);"
migration $b 0050_widen.down.sql "ALTER TABLE users ALTER COLUMN email TYPE varchar(200);"
migration $b 0060_missing.up.sql "CREATE TABLE kept (id integer);"
migration $b 0070_last.up.sql "CREATE TABLE last (id integer);"
migration $b 0070_last.down.sql "DROP TABLE last;"

verify_broken_set "$pg_url" $b
like "$(line 0040_mood)" "down of 0040_mood left type mood" \
  "a down that forgets a type"
like "$(line 0050_widen)" \
  "down of 0050_widen changed table users: column email: type character varying\(100\) vs character varying\(200\)" \
  "a down that restores the wrong type"
like "$(line 0060_missing)" "^0060_missing: missing down$" "a missing down"
like "$(line 0070_last)" "^0070_last: reversible$" \
  "checking goes on after each failure"
verify_left_nothing

verify_idempotent "$pg_url" '"'
verify_failing_up "$pg_url" ".*nobody"

# ---- --scratch, and diff ------------------------------------------------------------
kept="${pg_db}_kept"
trap 'pg_drop_database "$kept"; pg_cleanup' EXIT
kept_url=$(pg_url_for "$kept")
verify_given_scratch "$pg_url" $g "$kept_url" "$kept"

run_strata diff "$pg_url" "$kept_url"
is "$rc" 1 "diff: the target lacks three migrations"
like "$out" "^type mood: only in B$" "an enum type only in B"
like "$out" "^table posts: only in B$" "a table only in B"
like "$out" "^view named_users: only in B$" "a view only in B"
like "$out" "^function touch\(\): only in B$" "a function only in B"
like "$out" "^trigger users_touch: only in B$" "a trigger only in B"
like "$out" "^table users: column mood: only in B$" "a column only in B"
run_strata -u "$pg_url" -d $g up
run_strata diff "$pg_url" "$kept_url"
is "$rc" 0 "after up, the two databases are the same"
is "$out" "" "with nothing to say"
pg "ALTER TABLE users ALTER COLUMN name SET DEFAULT 'nobody'"
run_strata diff "$pg_url" "$kept_url"
is "$out" "table users: column name: default 'nobody'::text vs 'anon'::text" \
  "a changed default is found"

if has_driver sqlite; then
  run_strata diff sqlite:other.db "$pg_url"
  is "$rc" 2 "diff of two engines is a usage error"
  like "$err" "cannot compare a sqlite database with a postgres one" \
    "saying why"
  like "$err" "pass --neutral" "and what to do"
fi

done_testing
