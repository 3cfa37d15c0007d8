# Starts a throwaway server for each engine this build has a driver for, and
# reports each start as a test.  The servers live under $STRATA_TEST_STATE;
# tests find a server's URL in $STRATA_TEST_STATE/<engine>/url.
. "$STRATA_SRCDIR/tests/integration/lib.sh"

start_server() { # start_server DRIVER SCRIPT
  local driver=$1 script="$STRATA_SRCDIR/tests/servers/$2.sh" log
  has_driver "$driver" || return 0
  mkdir -p "$STRATA_TEST_STATE"
  if log=$(sh "$script" start "$STRATA_TEST_STATE/$driver" 2>&1); then
    ok 0 "$2 test server started: $(cat "$STRATA_TEST_STATE/$driver/url")"
  elif [ "${CI:-}" = true ]; then
    ok 1 "$2 test server started"
    printf '%s\n' "$log" | sed 's/^/#   /'
  else
    skip "$2 test server: $(printf '%s' "$log" | tail -1)"
  fi
}

start_server postgres postgres
start_server mysql mariadb

# pgbouncer in transaction pooling mode in front of the PostgreSQL server,
# for the lock tests; its URL is in $STRATA_TEST_STATE/pgbouncer/url.
start_pooler() {
  local pg="$STRATA_TEST_STATE/postgres/url" log
  [ -s "$pg" ] || return 0
  if log=$(sh "$STRATA_SRCDIR/tests/servers/pgbouncer.sh" start \
      "$STRATA_TEST_STATE/pgbouncer" "$(cat "$pg")" 2>&1); then
    ok 0 "pgbouncer started: $(cat "$STRATA_TEST_STATE/pgbouncer/url")"
  elif [ "${CI:-}" = true ]; then
    ok 1 "pgbouncer started"
    printf '%s\n' "$log" | sed 's/^/#   /'
  else
    skip "pgbouncer: $(printf '%s' "$log" | tail -1)"
  fi
}
start_pooler

# A 3-node MariaDB Galera cluster on loopback, for the lock tests: node N's
# URL is in $STRATA_TEST_STATE/galera/urlN.
start_cluster() {
  local log
  has_driver mysql || return 0
  if log=$(sh "$STRATA_SRCDIR/tests/servers/galera.sh" start \
      "$STRATA_TEST_STATE/galera" 2>&1); then
    ok 0 "galera test cluster started: 3 nodes from $(cat "$STRATA_TEST_STATE/galera/url1")"
  elif [ "${CI:-}" = true ]; then
    ok 1 "galera test cluster started"
    printf '%s\n' "$log" | sed 's/^/#   /'
  else
    skip "galera test cluster: $(printf '%s' "$log" | tail -1)"
  fi
}
start_cluster
[ "$tap_n" -gt 0 ] || skip_all "this build has no server driver"
done_testing
