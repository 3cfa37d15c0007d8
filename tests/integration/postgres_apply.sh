# PostgreSQL: scripts that only PostgreSQL's lexical rules split right are
# applied whole: dollar-quoted functions, DO blocks, BEGIN ATOMIC bodies,
# E'' strings, and psql COPY ... FROM stdin blocks, whose rows must land.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
pg_scratch_database
mkdir -p db/migrations

cat >db/migrations/001_functions.up.sql <<'SQL'
CREATE TABLE log (msg text);
CREATE FUNCTION add_log(m text) RETURNS void AS $$
BEGIN
  INSERT INTO log VALUES (m || $x$;$x$);  -- a semicolon in a nested quote
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION tagged() RETURNS text LANGUAGE sql AS $fn$ SELECT $$a;b$$ $fn$;
DO $do$
BEGIN
  PERFORM add_log(E'\'quoted\'; and escaped');
  PERFORM add_log(tagged());
END
$do$;
/* a /* nested */ comment; */
SQL

# SQL-standard function bodies came with PostgreSQL 14.
atomic=$([ "$(pg "SHOW server_version_num")" -ge 140000 ] && echo yes)
if [ -n "$atomic" ]; then
  cat >db/migrations/003_atomic.up.sql <<'SQL'
CREATE FUNCTION atomic_sum(a int, b int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT a + b;
  -- a CASE ... END inside the body
  SELECT CASE WHEN a > b THEN a ELSE b END;
END;
SQL
fi

cat >db/migrations/002_rows.up.sql <<'SQL'
CREATE TABLE city (id int PRIMARY KEY, name text, note text);
COPY city (id, name, note) FROM stdin;
1	Zürich	has; a semicolon
2	O'Brien	\N
3	Tab\there	$$ opens nothing
\.
INSERT INTO city VALUES (4, 'after the block', NULL);
SQL

run_strata -u "$pg_url" up
is "$rc" 0 "up applies the migrations"
unlike "$err" "error" "up reports no error"

is "$(pg "SELECT msg FROM log ORDER BY msg")" "'quoted'; and escaped;
a;b;" "the DO block ran the dollar-quoted function"
if [ -n "$atomic" ]; then
  is "$(pg "SELECT atomic_sum(2, 3)")" 3 "the BEGIN ATOMIC function is whole"
else
  skip "BEGIN ATOMIC needs PostgreSQL 14"
fi
is "$(pg "SELECT count(*) FROM city")" 4 \
  "COPY loaded its rows and the next statement ran"
is "$(pg "SELECT name || '/' || coalesce(note, 'NULL') FROM city ORDER BY id")" \
"Zürich/has; a semicolon
O'Brien/NULL
Tab	here/\$\$ opens nothing
after the block/NULL" "the rows hold exactly the data"
is "$(pg "SELECT count(*) FROM strata_migrations WHERE state = 'applied'")" \
  "$([ -n "$atomic" ] && echo 3 || echo 2)" "history records every migration"

run_strata -u "$pg_url" status
is "$rc" 0 "status succeeds"
like "$out" "applied, 0 pending" "status sees nothing pending"

run_strata -u "$pg_url" up
is "$rc" 0 "a second up succeeds"
is "$(pg "SELECT count(*) FROM city")" 4 "and applies nothing twice"

done_testing
