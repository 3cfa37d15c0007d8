# PostgreSQL: `strata create` and `strata drop` create and drop the
# database the URL names, quoting its name, and say plainly when it exists
# already, is missing, or is still in use.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
scratch_dir
db="strata_database_$$"
odd="Odd Name-$$"
trap 'pg_drop_database "$db"; pg_drop_database "$odd"; rm -rf "$scratch"' EXIT
url=$(pg_url_for "$db")
exists() { pg_admin "SELECT count(*) FROM pg_database WHERE datname = '$1'"; }

run_strata -u "$url" create
is "$rc" 0 "create succeeds"
is "$(exists "$db")" 1 "the database exists"

run_strata -u "$url" create
is "$rc" 1 "create of an existing database fails"
like "$err" "database '$db' already exists" "and says it exists"

# Another session keeps the database from being dropped.
mkfifo psql.in
"$PSQL" -X -q -d "$url" <psql.in >psql.out 2>&1 &
psql_pid=$!
exec 3>psql.in
wait_for "[ \"\$(pg_admin \"SELECT count(*) FROM pg_stat_activity WHERE datname = '$db'\")\" -ge 1 ]" \
  "another session is connected"
run_strata -u "$url" drop --yes
is "$rc" 1 "drop of a database in use fails"
like "$err" "cannot drop database '$db': other sessions are connected to it" \
  "and says other sessions are connected"
like "$err" "There is 1 other session using the database" "and how many"
is "$(exists "$db")" 1 "the database is still there"
exec 3>&-
wait "$psql_pid"

run_strata -u "$url" drop --yes
is "$rc" 0 "drop succeeds once the session is gone"
is "$(exists "$db")" 0 "the database is gone"

run_strata -u "$url" drop --yes
is "$rc" 1 "drop of a missing database fails"
like "$err" "database '$db' does not exist" "and says it does not exist"

# A name that must be quoted, given percent-encoded in the URL.
odd_url=$(pg_url_for "Odd%20Name-$$")
run_strata -u "$odd_url" create
is "$rc" 0 "create quotes an odd name"
is "$(exists "$odd")" 1 "the database has exactly that name"
run_strata -u "$odd_url" drop --yes
is "$rc" 0 "drop quotes it too"
is "$(exists "$odd")" 0 "and it is gone"

done_testing
