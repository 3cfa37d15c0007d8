# Stops the servers start.sh started, by their PIDs.
. "$STRATA_SRCDIR/tests/integration/lib.sh"

stop_server() { # stop_server DRIVER SCRIPT
  [ -s "$STRATA_TEST_STATE/$1/url" ] || return 0
  sh "$STRATA_SRCDIR/tests/servers/$2.sh" stop "$STRATA_TEST_STATE/$1" >/dev/null 2>&1
  ok $? "$2 test server stopped"
  rm -f "$STRATA_TEST_STATE/$1/url"
}

stop_server pgbouncer pgbouncer
stop_server postgres postgres
stop_server mysql mariadb
stop_server galera galera
[ "$tap_n" -gt 0 ] || skip_all "no server to stop"
done_testing
