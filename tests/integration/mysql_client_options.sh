# MySQL: the [client] group of ~/.my.cnf keeps working under strata, as
# with the mysql client, while the session stays utf8mb4 whatever it says.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database

# The password comes from the option file only; its character set would
# mangle text if strata let it stand.
cat >"$HOME/.my.cnf" <<'CNF'
[client]
password=secret-pw
default-character-set=latin1
CNF
server_part=${my_server#mysql://strata@}
url="mysql://strata_pw@$server_part$my_db"

write_migration 001_text.up.sql "CREATE TABLE words (
  w VARCHAR(20) CHARACTER SET utf8mb4
);
INSERT INTO words VALUES ('Zürich 😀');"

run_strata -u "$url" up
is "$rc" 0 "the password from ~/.my.cnf logs in"
is "$(my "SELECT HEX(w) FROM words")" "5AC3BC7269636820F09F9880" \
  "the text is stored as the UTF-8 the file holds"

rm "$HOME/.my.cnf"
run_strata -u "$url" status
is "$rc" 1 "without the option file the same URL is refused"
like "$err" "Access denied for user 'strata_pw'" "by the server"

done_testing
