# `strata port` whose --to is its --from, however spelt: refused before
# anything is written, a usage error (exit 2) with one line, the source
# left as it was (no strata_port_state, the same rows); on SQLite files,
# on PostgreSQL (the same database and schema; another schema of it is a
# legitimate copy) and on MariaDB (the same server and database; another
# database of the server is no longer refused as the same).  And `strata
# verify --engines` given one database twice.  Where the URLs cannot show
# it (the machine's host name for 127.0.0.1, a made-up host name with
# hostaddr, a unix socket for a TCP port) the servers' identities tell,
# once both ends are connected: the refusal names both URLs.  Each
# engine's part runs when its driver, its test server and its client are
# there.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
scratch_dir
scratch_tmpdir

refusal="strata: error: --from and --to are the same database: a port would copy it into itself; give --to another database (or another --schema); see 'strata port --help'"

# refused WHAT SNAPSHOT-COMMAND ARGS...: the port is refused with the line,
# exit 2, and the snapshot of the source is what it was.
refused() {
  local what=$1 look=$2 before
  shift 2
  before=$($look)
  run_strata port "$@"
  is "$rc" 2 "$what: refused as a usage error (exit 2)"
  is "$err" "$refusal" "$what: one line saying so and what to do"
  is "$($look)" "$before" "$what: the source is untouched"
}

# refused_open WHAT SNAPSHOT-COMMAND FROM TO ARGS...: the port from FROM to
# TO is refused once connected, exit 2, with the line naming both, and the
# snapshot of the source is what it was.
refused_open() {
  local what=$1 look=$2 from=$3 to=$4 before
  shift 4
  before=$($look)
  run_strata port --from "$from" --to "$to" "$@"
  is "$rc" 2 "$what: refused as a usage error (exit 2)"
  is "$err" "strata: error: --from '$from' and --to '$to' reach the same database: a port would copy it into itself; give --to another database (or another --schema); see 'strata port --help'" \
    "$what: one line naming both URLs"
  is "$($look)" "$before" "$what: the source is untouched"
}

# The machine's host name when it reaches the loopback server at 127.0.0.1,
# else nothing.
loopback_name() {
  local name
  name=$(hostname 2>/dev/null) || return 0
  getent ahostsv4 "$name" 2>/dev/null | grep -q '^127\.0\.0\.1 ' &&
    printf '%s' "$name"
}

# ---- SQLite ------------------------------------------------------------

sqlite_part() {
  has_driver sqlite || { skip "SQLite: no SQLite driver"; return; }
  command -v sqlite3 >/dev/null ||
    { skip "SQLite: the sqlite3 shell is not installed"; return; }
  mkdir lite && cd lite || return
  sqlite3 src.db "CREATE TABLE t (id integer PRIMARY KEY, v text);
                  INSERT INTO t VALUES (1, 'one'), (2, 'two')"
  ln -s src.db link.db
  ln src.db hard.db
  mkdir sub
  lite_look() { sqlite3 "$PWD/src.db" .dump; }
  is "$(sqlite3 src.db "SELECT group_concat(v) FROM t")" "one,two" \
    "SQLite: the source holds its rows"

  refused "SQLite, the same text, --data-only" lite_look \
    --from sqlite:src.db --to sqlite:src.db --data-only
  refused "SQLite, ./src.db" lite_look \
    --from sqlite:src.db --to sqlite:./src.db --data-only
  refused "SQLite, an absolute path" lite_look \
    --from sqlite:src.db --to "sqlite://$PWD/src.db" --data-only
  refused "SQLite, a path through another folder" lite_look \
    --from "sqlite:sub/../src.db" --to sqlite:src.db
  refused "SQLite, a symbolic link" lite_look \
    --from sqlite:src.db --to sqlite:link.db --data-only
  refused "SQLite, a hard link" lite_look \
    --from sqlite:hard.db --to sqlite:src.db --data-only
  refused "SQLite, the scheme's alias and a parameter" lite_look \
    --from sqlite3:src.db --to "sqlite://$PWD/src.db?mode=rw" --verify-only
  refused "SQLite, --resume" lite_look \
    --from sqlite:src.db --to sqlite:./src.db --resume
  before=$(lite_look)
  run_strata port --from sqlite:src.db --to sqlite:./src.db --dry-run
  is "$rc" 0 "SQLite, --dry-run: shows the copy, since it changes nothing"
  is "$(lite_look)" "$before" "SQLite, --dry-run: the source is untouched"
  is "$(sqlite3 src.db "SELECT name FROM sqlite_master WHERE name LIKE 'strata%'")" "" \
    "SQLite: no strata_port_state (nor any table of strata's) in the source"
  is "$(sqlite3 src.db "SELECT group_concat(v) FROM t")" "one,two" \
    "SQLite: its rows are as they were"

  run_strata port --from sqlite:src.db --to sqlite:src.db --json
  is "$rc" 2 "SQLite, --json: exit 2"
  is "$(jget 'd["error"]["code"]')" usage \
    "SQLite, --json: a usage error"

  run_strata port --from sqlite:src.db --to sqlite:copy.db
  is "$rc" 0 "SQLite: a port into another file still works"
  is "$(sqlite3 copy.db "SELECT group_concat(v) FROM t")" "one,two" \
    "SQLite: the copy holds the rows"
  run_strata port --from sqlite:src.db --to sqlite:fresh.db --data-only
  unlike "$err" "same database" \
    "SQLite: a file that does not exist yet is not the source"

  # verify --engines: one database named twice, spelt two ways.
  migration db/migrations 0001_t.up.sql "CREATE TABLE v (id integer);"
  migration db/migrations 0001_t.down.sql "DROP TABLE v;"
  run_strata verify --engines sqlite:a.db,sqlite:./a.db
  is "$rc" 2 "verify --engines with one file twice: exit 2"
  is "$err" "strata: error: URLs 1 and 2 of --engines are the same database; give one database per engine; see 'strata verify --help'" \
    "verify --engines: one line naming which URLs"
  [ ! -e a.db ]
  ok $? "verify --engines: nothing was created"
  run_strata verify --engines "sqlite:a.db,sqlite:b.db,sqlite://$PWD/a.db"
  is "$rc" 2 "verify --engines: a third URL the first's"
  like "$err" "URLs 1 and 3 of --engines are the same database" \
    "verify --engines: naming the first and the third"
  run_strata verify --engines sqlite:src.db,sqlite:link.db
  is "$rc" 2 "verify --engines: a link to the first"
  cd "$scratch" || exit 1
}

# ---- PostgreSQL --------------------------------------------------------

pg_part() {
  local server sockdir db url host_port same_db name verify_a verify_b
  has_driver postgres || { skip "PostgreSQL: no PostgreSQL driver"; return; }
  [ -s "$STRATA_TEST_STATE/postgres/url" ] ||
    { skip "PostgreSQL: no test server"; return; }
  psql=$(command -v psql || ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null |
    sort -t/ -k5 -n | tail -1)
  [ -n "$psql" ] || { skip "PostgreSQL: psql is not installed"; return; }
  unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE PGOPTIONS
  server=$(cat "$STRATA_TEST_STATE/postgres/url")
  sockdir=$(cat "$STRATA_TEST_STATE/postgres/socket")
  db=strata_same_$$
  url=${server%/*}/$db
  pg_db=$db
  pg_server=$server
  run_strata -u "$url" create
  [ "$rc" -eq 0 ] || { ok 1 "PostgreSQL: cannot create $db: $err"; return; }
  pg() { "$psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$url" -c "$1"; }
  pg "CREATE TABLE t (id int PRIMARY KEY, v text);
      INSERT INTO t VALUES (1, 'one'), (2, 'two');
      CREATE SCHEMA app;
      CREATE TABLE app.t (id int PRIMARY KEY, v text);
      INSERT INTO app.t VALUES (3, 'three')"
  pg_look() {
    pg "SELECT table_schema || '.' || table_name FROM information_schema.tables
        WHERE table_schema IN ('public', 'app', 'copy') ORDER BY 1"
    pg "SELECT v FROM t ORDER BY id"
    pg "SELECT v FROM app.t ORDER BY id"
  }
  host_port=${server#*@}
  host_port=${host_port%%/*}
  port=${host_port##*:}
  same_db=$db

  refused "PostgreSQL, the same URL, --data-only" pg_look \
    --from "$url" --to "$url" --data-only
  refused "PostgreSQL, localhost and the postgresql scheme" pg_look \
    --from "$url" --to "postgresql://strata@localhost:$port/$same_db" \
    --data-only
  refused "PostgreSQL, through the server's socket" pg_look \
    --from "postgres://strata@$(printf '%s' "$sockdir" | sed 's|/|%2F|g'):$port/$same_db" \
    --to "$url" --verify-only
  refused "PostgreSQL, --schema public named" pg_look \
    --from "$url" --to "postgres://strata@127.0.0.1:$port/$same_db?sslmode=disable" \
    --schema public
  refused "PostgreSQL, the source's schema named in its URL and --schema" \
    pg_look --from "$url?search_path=app" --to "$url" --schema app --data-only
  is "$(pg "SELECT count(*) FROM information_schema.tables
            WHERE table_name = 'strata_port_state'")" 0 \
    "PostgreSQL: no strata_port_state in the source"

  # A port left out is the well-known one: nothing needs to listen there,
  # the URLs alone are refused.
  run_strata port --from postgres://localhost/somedb \
    --to postgres://127.0.0.1:5432/somedb --data-only
  is "$rc" 2 "PostgreSQL: localhost with no port is 127.0.0.1:5432"
  is "$err" "$refusal" "PostgreSQL: said the same way"

  # The schema the source's session is put in by other means is only seen
  # once both ends are connected: refused then, still before anything is
  # written.
  refused_open "PostgreSQL, the source's schema set by options" pg_look \
    "$url?options=-csearch_path%3Dapp" "$url" --schema app --data-only

  # One server the URLs cannot tell: a made-up name with the address
  # libpq dials, as the superuser and as a role that is not one (the
  # cluster's system identifier is anyone's to read).
  refused_open "PostgreSQL, a host name with hostaddr" pg_look \
    "$url" "postgres://strata@db.example:$port/$same_db?hostaddr=127.0.0.1" \
    --data-only
  refused_open "PostgreSQL, hostaddr, --verify-only" pg_look \
    "postgres://strata@db.example:$port/$same_db?hostaddr=127.0.0.1" "$url" \
    --verify-only
  refused_open "PostgreSQL, hostaddr, --resume" pg_look \
    "$url" "postgres://strata@db.example:$port/$same_db?hostaddr=127.0.0.1" \
    --resume
  before=$(pg_look)
  run_strata port --from "postgres://strata_pw:secret-pw@127.0.0.1:$port/$same_db" \
    --to "postgres://strata_pw:secret-pw@db.example:$port/$same_db?hostaddr=127.0.0.1" \
    --data-only
  is "$rc" 2 "PostgreSQL, a role that is not a superuser: refused (exit 2)"
  is "$err" "strata: error: --from 'postgres://strata_pw:***@127.0.0.1:$port/$same_db' and --to 'postgres://strata_pw:***@db.example:$port/$same_db?hostaddr=127.0.0.1' reach the same database: a port would copy it into itself; give --to another database (or another --schema); see 'strata port --help'" \
    "PostgreSQL, a role that is not a superuser: both URLs named, no password"
  is "$(pg_look)" "$before" \
    "PostgreSQL, a role that is not a superuser: the source is untouched"
  refused_open "PostgreSQL, the socket as a host parameter" pg_look \
    "$url" "postgres://strata@db.example:$port/$same_db?host=$sockdir" \
    --data-only
  name=$(loopback_name)
  if [ -n "$name" ]; then
    refused_open "PostgreSQL, the machine's host name" pg_look \
      "$url" "postgres://strata@$name:$port/$same_db" --data-only
  else
    skip "PostgreSQL: the machine's host name does not reach 127.0.0.1"
  fi
  is "$(pg "SELECT count(*) FROM information_schema.tables
            WHERE table_name LIKE 'strata%'")" 0 \
    "PostgreSQL: no table of strata's in the source after the refusals"

  # Another schema of the same database is a copy.
  run_strata port --from "$url" --to "$url" --schema copy --verify
  is "$rc" 0 "PostgreSQL: a port into another schema of the same database works"
  is "$(pg "SELECT v FROM copy.t ORDER BY id")" "one
two" "PostgreSQL: the other schema holds the rows"
  is "$(pg "SELECT v FROM t ORDER BY id")" "one
two" "PostgreSQL: the source's rows are as they were"
  run_strata port --from "$url?search_path=app" --to "$url"
  unlike "$err" "same database" \
    "PostgreSQL: the source's schema app into public is not the same"

  # Another server (nothing listens on port 1) is not the same database.
  run_strata port --from "$url" --to "postgres://strata@127.0.0.1:1/$same_db" \
    --data-only
  is "$rc" 1 "PostgreSQL: another port is another server"
  unlike "$err" "same database" "PostgreSQL: not refused as the same"

  # The same server and another database, reached where the URLs cannot
  # tell: a copy, not refused.
  run_strata -u "${server%/*}/${db}_other" create
  run_strata port --from "$url" \
    --to "postgres://strata@db.example:$port/${db}_other?hostaddr=127.0.0.1"
  is "$rc" 0 "PostgreSQL: another database of the same server, by hostaddr, is a copy"
  is "$("$psql" -X -q -A -t -d "${server%/*}/${db}_other" \
        -c "SELECT v FROM t ORDER BY id")" "one
two" "PostgreSQL: the other database holds the rows"
  run_strata port --from "$url" \
    --to "postgres://strata@db.example:$port/$same_db?hostaddr=127.0.0.1" \
    --schema copy2
  is "$rc" 0 "PostgreSQL: another schema, by hostaddr, is a copy"

  run_strata verify --engines "$url,postgresql://strata@localhost:$port/$same_db"
  is "$rc" 2 "PostgreSQL: verify --engines with one database twice: exit 2"
  like "$err" "URLs 1 and 2 of --engines are the same database" \
    "PostgreSQL: verify --engines says so"
  run_strata -u "${server%/*}/${db}_verify" create
  migration db/migrations 0001_t.up.sql "CREATE TABLE v (id integer);"
  migration db/migrations 0001_t.down.sql "DROP TABLE v;"
  verify_a="${server%/*}/${db}_verify"
  verify_b="postgres://strata@db.example:$port/${db}_verify?hostaddr=127.0.0.1"
  run_strata verify --engines "$verify_a,$verify_b"
  is "$rc" 2 "PostgreSQL: verify --engines, one database by hostaddr: exit 2"
  is "$err" "strata: error: '$verify_a' and '$verify_b' reach the same database; --engines needs one database per engine; see 'strata verify --help'" \
    "PostgreSQL: verify --engines names both URLs"
  is "$("$psql" -X -q -A -t -d "$verify_a" -c "SELECT count(*) FROM pg_tables
        WHERE schemaname = 'public'")" 0 \
    "PostgreSQL: verify --engines wrote nothing there"
}

pg_drop() {
  [ -n "${pg_db:-}" ] || return 0
  for d in "$pg_db" "${pg_db}_other" "${pg_db}_verify"; do
    "$psql" -X -q -d "$pg_server" -c "DROP DATABASE IF EXISTS \"$d\"" \
      >/dev/null 2>&1
  done
}

# ---- MariaDB -----------------------------------------------------------

my_part() {
  local client server port db other url socket name sock_other verify_db
  has_driver mysql || { skip "MariaDB: no MySQL driver"; return; }
  [ -s "$STRATA_TEST_STATE/mysql/url" ] ||
    { skip "MariaDB: no test server"; return; }
  client=$(command -v mariadb || command -v mysql)
  [ -n "$client" ] || { skip "MariaDB: the mariadb client is not installed"; return; }
  unset MYSQL_HOST MYSQL_TCP_PORT MYSQL_UNIX_PORT MYSQL_PWD MARIADB_HOST
  server=$(cat "$STRATA_TEST_STATE/mysql/url")
  port=$(printf '%s\n' "$server" | sed 's|.*:\([0-9]*\)/.*|\1|')
  db=strata_same_$$
  other=strata_same_other_$$
  sock_other=strata_same_sock_$$
  verify_db=strata_same_verify_$$
  url=$server$db
  my_dbs="$db $other $sock_other $verify_db"
  my_server=$server
  my_client=$client
  my_port=$port
  my() {
    "$client" --no-defaults --protocol=TCP -h 127.0.0.1 -P "$port" -u strata \
      --batch --skip-column-names -e "$1" ${2:-}
  }
  run_strata -u "$url" create
  [ "$rc" -eq 0 ] || { ok 1 "MariaDB: cannot create $db: $err"; return; }
  my "CREATE TABLE t (id int PRIMARY KEY, v text);
      INSERT INTO t VALUES (1, 'one'), (2, 'two')" "$db"
  my_look() {
    my "SELECT table_name FROM information_schema.tables
        WHERE table_schema = '$db' ORDER BY 1"
    my "SELECT v FROM t ORDER BY id" "$db"
  }

  refused "MariaDB, the same URL, --data-only" my_look \
    --from "$url" --to "$url" --data-only
  refused "MariaDB, localhost and the mariadb scheme" my_look \
    --from "$url" --to "mariadb://strata@localhost:$port/$db" --data-only
  refused "MariaDB, a parameter and the host in capitals" my_look \
    --from "mysql://strata@LOCALHOST:$port/$db?connect_timeout=5" \
    --to "$url" --verify-only
  is "$(my "SELECT count(*) FROM information_schema.tables
            WHERE table_schema = '$db' AND table_name = 'strata_port_state'")" 0 \
    "MariaDB: no strata_port_state in the source"

  # Another database of the same server is not the same database.
  run_strata -u "$server$other" create
  run_strata port --from "$url" --to "$server$other"
  unlike "$err" "same database" \
    "MariaDB: another database of the same server is not refused as the same"
  isnt "$rc" 2 "MariaDB: nor as a usage error"

  # TCP and the server's unix socket: the URLs name other ports (the
  # socket's, none, is the well-known one); the server says it is one.
  socket=$STRATA_TEST_STATE/mysql/mysql.sock
  refused_open "MariaDB, TCP and the unix socket" my_look \
    "$url" "mysql://strata@/$db?socket=$socket" --data-only
  refused_open "MariaDB, the unix socket and TCP, --verify-only" my_look \
    "mysql://strata@/$db?socket=$socket" "$url" --verify-only
  refused_open "MariaDB, the socket as the host, --resume" my_look \
    "$url" "mysql://strata@$(printf '%s' "$socket" | sed 's|/|%2F|g')/$db" \
    --resume
  name=$(loopback_name)
  if [ -n "$name" ]; then
    refused_open "MariaDB, the machine's host name" my_look \
      "$url" "mysql://strata@$name:$port/$db" --data-only
  else
    skip "MariaDB: the machine's host name does not reach 127.0.0.1"
  fi
  is "$(my "SELECT count(*) FROM information_schema.tables
            WHERE table_schema = '$db' AND table_name LIKE 'strata%'")" 0 \
    "MariaDB: no table of strata's in the source after the refusals"
  run_strata -u "$server$sock_other" create
  run_strata port --from "$url" --to "mysql://strata@/$sock_other?socket=$socket"
  is "$rc" 0 "MariaDB: another database, through the socket, is a copy"
  is "$(my "SELECT group_concat(v ORDER BY id) FROM t" "$sock_other")" "one,two" \
    "MariaDB: the other database holds the rows"

  run_strata verify --engines "$url,mariadb://strata@localhost:$port/$db"
  is "$rc" 2 "MariaDB: verify --engines with one database twice: exit 2"
  run_strata -u "$server$verify_db" create
  migration db/migrations 0001_t.up.sql "CREATE TABLE v (id integer);"
  migration db/migrations 0001_t.down.sql "DROP TABLE v;"
  run_strata verify --engines "$server$verify_db,mysql://strata@/$verify_db?socket=$socket"
  is "$rc" 2 "MariaDB: verify --engines, TCP and the socket: exit 2"
  is "$err" "strata: error: '$server$verify_db' and 'mysql://strata@/$verify_db?socket=$socket' reach the same database; --engines needs one database per engine; see 'strata verify --help'" \
    "MariaDB: verify --engines names both URLs"
  is "$(my "SELECT count(*) FROM information_schema.tables
            WHERE table_schema = '$verify_db'")" 0 \
    "MariaDB: verify --engines wrote nothing there"
}

my_drop() {
  [ -n "${my_dbs:-}" ] || return 0
  for d in $my_dbs; do
    "$my_client" --no-defaults --protocol=TCP -h 127.0.0.1 -P "$my_port" \
      -u strata -e "DROP DATABASE IF EXISTS \`$d\`" >/dev/null 2>&1
  done
}

trap 'pg_drop; my_drop; rm -rf "$scratch"' EXIT
sqlite_part
pg_part
my_part
done_testing
