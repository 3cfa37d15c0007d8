# PostgreSQL: --wait waits for a server that is still starting, then goes
# on; without a server it gives up after the time given.  The test starts a
# second throwaway server of its own on a port strata is already polling.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
scratch_dir
server="$scratch/server"
trap 'sh "$STRATA_SRCDIR/tests/servers/postgres.sh" stop "$server" >/dev/null 2>&1; rm -rf "$scratch"' EXIT

# A port where nothing answers yet.
port_is_free() {
  "$PSQL" -X -q -d "postgres://strata@127.0.0.1:$1/postgres?connect_timeout=2" \
    -c "SELECT 1" 2>&1 | grep -q "Connection refused"
}
port=
for try in 1 2 3 4 5 6 7 8 9 10; do
  candidate=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 + 40000 ))
  if port_is_free "$candidate"; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "Bail out! no free port found"; exit 1; }
url="postgres://strata@127.0.0.1:$port/postgres"
mkdir -p db/migrations

run_strata -u "$url" --wait=1 status
is "$rc" 1 "--wait=1 with no server gives up"
like "$err" "cannot connect to '$url': Connection refused" \
  "and says the server cannot be reached"

"$STRATA" -u "$url" --wait=60 status >strata.out 2>strata.err </dev/null &
strata_pid=$!
wait_for "grep -q 'waiting up to 60 s' strata.err" "strata waits for the server"

STRATA_PG_PORT=$port sh "$STRATA_SRCDIR/tests/servers/postgres.sh" start \
  "$server" >server.out 2>&1
started=$?
is "$started" 0 "a server starts on that port"
# On a failure, what the server said (its log is in its run folder).
[ "$started" -eq 0 ] ||
  tail -n 20 server.out "$(cat "$server/rundir" 2>/dev/null || echo "$server")/server.log" 2>&1 |
  sed 's/^/#   server: /'
is "$(cat "$server/url" 2>/dev/null)" "$url" "at the URL strata polls"

wait "$strata_pid"
is "$?" 0 "strata goes on once the server accepts connections"
like "$(cat strata.out)" "no migrations" "and runs the command"

done_testing
