# MySQL: errors are clear.  A server error names the migration file's line;
# a wrong password, an unknown database, an unreachable server and a bad
# URL each say what is wrong, and no message shows a password.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database

# Line 7 of the file is line 4 of the failing statement; MariaDB blames
# its 'INT'.
write_migration 001_broken.up.sql "CREATE TABLE fine (id INT);

-- the next statement lacks a comma
CREATE TABLE broken (
  id INT,
  name VARCHAR(10)
  other INT
);"
run_strata -u "$my_url" up
is "$rc" 1 "a syntax error fails the migration"
like "$err" "ERROR 1064 \\(42000\\): You have an error in your SQL syntax" \
  "with the server's error number, SQLSTATE and message"
like "$err" "001_broken.up.sql:7:9" \
  "at the file's line and column of the server's 'near' text"
like "$err" "near 'INT \\)' at line 4" "the server's message on one line"
rm db/migrations/001_broken.up.sql
run_strata -u "$my_url" repair --mark-reverted 001 --yes
my "DROP TABLE fine"

write_migration 002_quote.up.sql "CREATE TABLE q (id INT);
INSERT INTO q VALUES (1);
INSERT INTO q VALUES ('it''s
unterminated);"
run_strata -u "$my_url" up
is "$rc" 1 "an unterminated string fails before anything runs"
like "$err" "unterminated string" "and says so"
like "$err" "002_quote.up.sql:3:23" "where the string starts"
is "$(my "SELECT COUNT(*) FROM information_schema.tables
  WHERE table_schema = DATABASE() AND table_name = 'q'")" 0 "nothing ran"
rm db/migrations/002_quote.up.sql

server_part=${my_server#mysql://strata@}

run_strata -u "mysql://strata_pw:wrong-pass@$server_part$my_db" status
is "$rc" 1 "a wrong password fails"
like "$err" "Access denied for user 'strata_pw'" "with the server's refusal"
unlike "$err$out" "wrong-pass" "never showing the password"

run_strata -v -u "mysql://strata_pw:secret-pw@$server_part$my_db" status
is "$rc" 0 "the right password logs in"
unlike "$err$out" "secret-pw" "and the password is not shown either"

run_strata -u "$(my_url_for "no_such_db_$$")" status
is "$rc" 1 "an unknown database fails"
like "$err" "database 'no_such_db_$$' does not exist" "naming it"
like "$err" "strata create" "and suggesting strata create"

run_strata -u "mysql://strata:pw-never-shown@127.0.0.1:1/x" status
is "$rc" 1 "an unreachable server fails"
like "$err" "cannot connect to 'mysql://strata:\\*\\*\\*@127.0.0.1:1/x'" \
  "naming the server, password hidden"
unlike "$err" "pw-never-shown" "never showing the password"

run_strata -u "$my_url?sslmode=require" status
is "$rc" 1 "an unknown URL parameter fails"
like "$err" "unknown parameter 'sslmode'" "naming it"

run_strata -u "$my_url?ssl-mode=sometimes" status
is "$rc" 1 "an unknown ssl-mode fails"
like "$err" "unknown ssl-mode 'sometimes'" "naming it"

run_strata -u "$my_url?ssl-mode=REQUIRED" status
is "$rc" 1 "ssl-mode=REQUIRED fails on a server without TLS"
like "$err" "the server does not offer it" "saying why"

run_strata -u "$my_url?ssl-mode=DISABLED&connect_timeout=5" status
is "$rc" 0 "ssl-mode=DISABLED and connect_timeout are accepted"

sock="$STRATA_TEST_STATE/mysql/mysql.sock"
run_strata -u "mysql://strata@/$my_db?socket=$sock" status
is "$rc" 0 "?socket= connects through the server's socket"

done_testing
