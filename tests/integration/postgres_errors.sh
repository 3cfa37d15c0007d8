# PostgreSQL: errors say exactly what went wrong and where.  A server error
# is mapped back to the migration's file, line and column; a refused login
# never shows the password; an unreachable server or a missing database
# says so and what to do.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
pg_scratch_database
mkdir -p db/migrations

# A refused login; and an accepted one, before any history table exists
# that the role could not read.
pg "GRANT CREATE ON SCHEMA public TO strata_pw" >/dev/null
authority=${pg_server#postgres://*@}
authority=${authority%%/*}
run_strata -u "postgres://strata_pw:wrong-pw-4711@$authority/$pg_db" status
is "$rc" 1 "a wrong password fails"
like "$err" 'password authentication failed for user "strata_pw"' \
  "the server's reason is shown"
unlike "$err$out" "wrong-pw-4711" "the password is never printed"
like "$err" "strata_pw:\*\*\*@" "the URL is shown redacted"
run_strata -u "postgres://strata_pw:secret-pw@$authority/$pg_db" status
is "$rc" 0 "the right password logs in with scram-sha-256"
unlike "$err$out" "secret-pw" "and is not printed either"

# The typo is on line 3, after a two-byte character: the column counts
# characters, as an editor does.
printf '%s\n' "CREATE TABLE pos (id int, name text);" \
  "INSERT INTO pos VALUES (1, 'a');" \
  "SELECT 'é', nmae FROM pos;" >db/migrations/001_typo.up.sql
run_strata -u "$pg_url" up
is "$rc" 1 "a statement with a typo fails"
like "$err" 'column "nmae" does not exist' "the server's message is shown"
like "$err" "001_typo.up.sql:3:13" "the position maps to line 3, column 13"
like "$err" "42703" "with its SQLSTATE"
like "$err" "HINT: Perhaps you meant" "and its hint"
is "$(pg "SELECT to_regclass('pos') IS NULL")" t "nothing of it stays"
rm db/migrations/001_typo.up.sql

# A bad row in a COPY block is blamed on its own line.
printf 'CREATE TABLE nums (n int);\nCOPY nums FROM stdin;\n1\n2\nthree\n\\.\n' \
  >db/migrations/001_copy.up.sql
run_strata -u "$pg_url" up
is "$rc" 1 "a COPY block with a bad row fails"
like "$err" 'invalid input syntax for type integer: "three"' \
  "the server's message is shown"
like "$err" "001_copy.up.sql:5:1" "the bad row's line is named"
is "$(pg "SELECT to_regclass('nums') IS NULL")" t "nothing of it stays"
rm db/migrations/001_copy.up.sql

# A lexical error is found before anything runs, and located too.
printf '%s\n' "CREATE TABLE early (id int);" "" \
  "  SELECT \$body\$ never closed;" >db/migrations/002_open.up.sql
run_strata -u "$pg_url" up
is "$rc" 1 "an unterminated dollar quote fails"
like "$err" "unterminated dollar-quoted string" "the lexer's message is shown"
like "$err" "002_open.up.sql:3:10" "at its line and column"
is "$(pg "SELECT to_regclass('early') IS NULL")" t "before anything ran"
rm db/migrations/002_open.up.sql

run_strata -u "postgres://no_such_role@$authority/$pg_db" status
is "$rc" 1 "an unknown role fails"
like "$err" 'role "no_such_role" does not exist' "and is named"

# A database that does not exist.
run_strata -u "$(pg_url_for "strata_missing_$$")" status
is "$rc" 1 "a missing database fails"
like "$err" "database \"strata_missing_$$\" does not exist; run 'strata create'" \
  "the error suggests strata create"

# A server that cannot be reached: nothing listens on port 1.
run_strata -u "postgres://strata@127.0.0.1:1/$pg_db" status
is "$rc" 1 "an unreachable server fails"
like "$err" "cannot connect to 'postgres://strata@127.0.0.1:1/$pg_db': Connection refused" \
  "the error names the URL and the reason"

# Parameters pass through to libpq; a wrong one is named.
run_strata -u "$pg_url?connect_timeout=5&application_name=strata-test" status
is "$rc" 0 "libpq parameters pass through"
run_strata -u "$pg_url?no_such_option=1" status
is "$rc" 1 "an unknown parameter fails"
like "$err" 'invalid connection option "no_such_option"' "and is named"

# search_path chooses where the history table lives.
pg "CREATE SCHEMA app" >/dev/null
printf '%s\n' "CREATE TABLE in_app (id int);" >db/migrations/003_app.up.sql
run_strata -u "$pg_url?search_path=app" up
is "$rc" 0 "up with search_path=app succeeds"
is "$(pg "SELECT version FROM app.strata_migrations")" 003 \
  "the history table in schema app records the migration"
is "$(pg "SELECT to_regclass('app.in_app') IS NOT NULL")" t \
  "and so are the migration's tables"
is "$(pg "SELECT count(*) FROM public.strata_migrations")" 0 \
  "the history in public is not touched"

done_testing
