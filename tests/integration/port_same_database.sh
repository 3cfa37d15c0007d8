# `strata port` whose --to is its --from, however spelt: refused before
# anything is written, a usage error (exit 2) with one line, the source
# left as it was (no strata_port_state, the same rows); on SQLite files,
# on PostgreSQL (the same database and schema; another schema of it is a
# legitimate copy) and on MariaDB (the same server and database; another
# database of the server is no longer refused as the same).  And `strata
# verify --engines` given one database twice.  Each engine's part runs
# when its driver, its test server and its client are there.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
scratch_dir
TMPDIR=$scratch/tmp
mkdir "$TMPDIR"
export TMPDIR

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
  local server sockdir db url host_port same_db
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
  # once both ends are read: refused then, still before anything is
  # written.
  before=$(pg_look)
  run_strata port --from "$url?options=-csearch_path%3Dapp" --to "$url" \
    --schema app --data-only
  is "$rc" 1 "PostgreSQL, the source's schema set by options: refused"
  is "$err" "strata: error: --from and --to are the same database, both in schema 'app': a port would copy it into itself; give --to another database (or another --schema)" \
    "PostgreSQL, the source's schema set by options: one line naming the schema"
  is "$(pg_look)" "$before" \
    "PostgreSQL, the source's schema set by options: the source is untouched"

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

  run_strata verify --engines "$url,postgresql://strata@localhost:$port/$same_db"
  is "$rc" 2 "PostgreSQL: verify --engines with one database twice: exit 2"
  like "$err" "URLs 1 and 2 of --engines are the same database" \
    "PostgreSQL: verify --engines says so"
}

pg_drop() {
  [ -n "${pg_db:-}" ] || return 0
  "$psql" -X -q -d "$pg_server" -c "DROP DATABASE IF EXISTS \"$pg_db\"" \
    >/dev/null 2>&1
}

# ---- MariaDB -----------------------------------------------------------

my_part() {
  local client server port db other url
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
  url=$server$db
  my_dbs="$db $other"
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

  run_strata verify --engines "$url,mariadb://strata@localhost:$port/$db"
  is "$rc" 2 "MariaDB: verify --engines with one database twice: exit 2"
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
