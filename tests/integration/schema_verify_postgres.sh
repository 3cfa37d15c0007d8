#!/bin/sh
# strata verify and diff on PostgreSQL: a correct set passes, each planted
# defect is found, verify works in a database of its own on the server and
# drops it, the target is never touched, and diff compares two databases.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
command -v python3 >/dev/null 2>&1 || skip_all "no python3 to read JSON"
pg_scratch_database

line() { printf '%s\n' "$out" | grep "^$1: "; }
verify_databases() {
  pg_admin "SELECT count(*) FROM pg_database WHERE datname LIKE 'strata\_verify\_%'"
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
before=$(target)
leftover_before=$(verify_databases)

run_strata -u "$pg_url" -d $g verify --json
is "$rc" 0 "a correct set verifies: exit 0"
is "$(jget '[m["result"] for m in d["migrations"]]')" \
  "['reversible', 'reversible', 'reversible', 'reversible']" \
  "every migration is reversible"
scratch_db=$(jget 'd["scratch"].rsplit("/", 1)[1]')
like "$scratch_db" "^strata_verify_[0-9]+_[0-9]+$" \
  "the scratch database is named strata_verify_PID_N"
is "$(jget 'd["scratch"].rsplit("/", 1)[0]')" "${pg_url%/*}" \
  "on the target's server"
is "$(pg_admin "SELECT count(*) FROM pg_database WHERE datname = '$scratch_db'")" \
  0 "and dropped at the end"
is "$(target)" "$before" "the target is untouched"

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

run_strata -u "$pg_url" -d $b verify
is "$rc" 1 "a broken set: exit 1"
like "$(line 0010_users)" "^0010_users: reversible$" "a good migration passes"
like "$(line 0020_index)" "down of 0020_index left index users_email_idx" \
  "a down that forgets an index"
like "$(line 0030_column)" "down of 0030_column left column users.age" \
  "a down that forgets a column"
like "$(line 0040_mood)" "down of 0040_mood left type mood" \
  "a down that forgets a type"
like "$(line 0050_widen)" \
  "down of 0050_widen changed table users: column email: type character varying\(100\) vs character varying\(200\)" \
  "a down that restores the wrong type"
like "$(line 0060_missing)" "^0060_missing: missing down$" "a missing down"
like "$(line 0070_last)" "^0070_last: reversible$" \
  "checking goes on after each failure"
is "$(verify_databases)" "$leftover_before" "no strata_verify_* database is left"
is "$(target)" "$before" "the target is still untouched"

# ---- --idempotent ----------------------------------------------------------------
i=twice
migration $i 0010_safe.up.sql "CREATE TABLE IF NOT EXISTS safe (id integer);"
migration $i 0010_safe.down.sql "DROP TABLE IF EXISTS safe;"
migration $i 0020_once.up.sql "CREATE TABLE once (id integer);"
migration $i 0020_once.down.sql "DROP TABLE once;"
run_strata -u "$pg_url" -d $i verify --idempotent
is "$rc" 1 "--idempotent finds an up that fails when run twice"
like "$(line 0010_safe)" "^0010_safe: reversible$" "a re-runnable up passes"
like "$(line 0020_once)" \
  "^0020_once: reversible; NOT re-runnable: .*\"once\" already exists" \
  "the other is NOT re-runnable"

# ---- an up that fails ------------------------------------------------------------
f=failing
migration $f 0010_users.up.sql "CREATE TABLE users (id integer PRIMARY KEY);"
migration $f 0010_users.down.sql "DROP TABLE users;"
migration $f 0020_typo.up.sql "CREATE TABLE posts (id integer REFERENCES nobody (id));"
migration $f 0020_typo.down.sql "DROP TABLE posts;"
migration $f 0030_later.up.sql "CREATE TABLE later (id integer);"
run_strata -u "$pg_url" -d $f verify
is "$rc" 1 "an up that fails: exit 1"
like "$(line 0020_typo)" "^0020_typo: up failed: .*nobody" "with the error"
like "$(line 0030_later)" "^0030_later: not checked$" "the rest is not checked"
is "$(verify_databases)" "$leftover_before" "the scratch database is dropped"

# ---- --scratch, and diff ------------------------------------------------------------
kept="${pg_db}_kept"
trap 'pg_drop_database "$kept"; pg_cleanup' EXIT
kept_url=$(pg_url_for "$kept")
run_strata -u "$kept_url" create
run_strata -u "$pg_url" -d $g verify --scratch "$kept_url"
is "$rc" 0 "--scratch: verify works in the database given"
is "$(pg_admin "SELECT count(*) FROM pg_database WHERE datname = '$kept'")" 1 \
  "and leaves it in place"
run_strata -u "$pg_url" -d $g verify --scratch "$kept_url"
is "$rc" 1 "a scratch database that is not empty is refused"
like "$err" "is not empty" "saying so"
run_strata -u "$pg_url" -d $g verify --scratch "$pg_url"
is "$rc" 1 "the target cannot be the scratch database"

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
pg "ALTER TABLE users ALTER COLUMN name SET DEFAULT 'nobody'"
run_strata diff "$pg_url" "$kept_url"
is "$out" "table users: column name: default 'nobody'::text vs 'anon'::text" \
  "a changed default is found"

if has_driver sqlite; then
  run_strata diff sqlite:other.db "$pg_url"
  is "$rc" 2 "diff of two engines is a usage error"
  like "$err" "cannot compare a sqlite database with a postgres one" \
    "saying why"
fi

done_testing
