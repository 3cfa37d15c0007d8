#!/bin/bash
# Port benchmarks of issue 6, run by hand: bench/port.sh
#  - a MariaDB database of one table of $ROWS mixed-type rows (default
#    1,000,000) and three of 10,000, each run into a fresh PostgreSQL
#    database:
#    - strata port of the big table, against pgloader (Debian's) on the same
#      table (target: at least 1.5x its rows/s), and against the floor set
#      by the engines' own tools, `mariadb --batch` piped into `psql \copy`
#      (target: at least 70% of its rows/s);
#    - strata port and pgloader of the whole database;
#    - strata's peak memory (target: under 64 MB; with ROWS=10000000, the
#      same: flat, not growing with the table).
#  - issue 14's shop data shape, in a database of its own: an orders
#    table of $ROWS rows as older MySQL schemas have them (datetime NOT
#    NULL DEFAULT '0000-00-00 00:00:00' with three rows in four at the
#    zero date, unsigned extremes, enum with its error value '', set,
#    tinyint(1), json, blobs with NUL bytes), ported by strata with no
#    options: every row must arrive; and by pgloader with its defaults
#    (which turn zero dates into NULL), the rows it kept counted.
#  ROUNDS (default 3) runs of each, in turn (strata first in odd rounds,
#  last in even ones); the median time counts, the largest peak, and
#  strata's rows/s over each other's round by round.
#  PORT_ARGS adds arguments to every strata port (e.g.
#  PORT_ARGS=--schema-only to try the script without copying data).
#  PARTS=strata runs only strata's ports (the big table and the shop's),
#  which needs neither pgloader nor the client pipeline; PARTS=tables
#  leaves out the whole database's runs, PARTS=big the shop's as well.
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/port_common.sh"
PARTS=${PARTS:-all}
[ "$PARTS" = strata ] || need pgloader
need psql
need /usr/bin/time
ROWS=${ROWS:-1000000}
ROUNDS=${ROUNDS:-3}
SMALL_ROWS=10000
mariadb_server
postgres_server
mysql="$client --default-character-set=utf8mb4"
export mysql psql
source_url=mysql://strata@$hostport/bench
# pgloader cannot log in without a password: the test server's second
# account has one, with MariaDB's mysql_native_password.
pgloader_source=mysql://strata_pw:secret-pw@$hostport

# ---- the source ---------------------------------------------------------

# The big table comes from port_common.sh (mysql_big); three small ones
# make the rest of the whole database.
create_small_tables() {
  $mysql bench <<'SQL'
CREATE TABLE small_a (id int AUTO_INCREMENT PRIMARY KEY, name varchar(100),
  qty int, price decimal(10,2), created timestamp NULL, KEY (name));
CREATE TABLE small_b LIKE small_a;
CREATE TABLE small_c LIKE small_a;
SQL
}

fill_small() {
  $mysql bench -e "INSERT INTO $1 (name, qty, price, created)
    SELECT CONCAT('item ', seq), seq % 100, (seq % 10000) / 100,
      FROM_UNIXTIME(1600000000 + seq * 60)
    FROM $numbers WHERE seq <= $SMALL_ROWS"
}

make_source() {
  $mysql -e 'CREATE DATABASE bench CHARACTER SET utf8mb4'
  numbers=$(mysql_numbers $(( ROWS > SMALL_ROWS ? ROWS : SMALL_ROWS )))
  mysql_big bench "$ROWS" "$numbers"
  create_small_tables
  for t in small_a small_b small_c; do fill_small "$t"; done
  [ "$PARTS" = big ] || make_shop
  $mysql bench -e 'DROP TABLE IF EXISTS numbers'
}

# The shop's orders, in a database of their own, written without strict
# mode, as such data was; half a million rows a statement.
make_shop() {
  $mysql -e 'CREATE DATABASE shop CHARACTER SET utf8mb4'
  $mysql shop <<'SQL'
CREATE TABLE orders (
  id int unsigned AUTO_INCREMENT PRIMARY KEY,
  customer_id int unsigned NOT NULL,
  status enum('new', 'paid', 'shipped', 'void') NOT NULL DEFAULT 'new',
  flags set('gift', 'express', 'fragile') NOT NULL DEFAULT '',
  total decimal(12,2) unsigned NOT NULL DEFAULT 0,
  placed datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  shipped datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  paid date NOT NULL DEFAULT '0000-00-00',
  active tinyint(1) NOT NULL DEFAULT 1,
  counter bigint unsigned NOT NULL DEFAULT 0,
  attributes json NULL,
  receipt blob NULL
) ENGINE=InnoDB;
SQL
  local from step=500000
  for from in $(seq 1 "$step" "$ROWS"); do
    $mysql shop -e "SET sql_mode = '';
      INSERT INTO orders (customer_id, status, flags, total, placed, shipped,
        paid, active, counter, attributes, receipt)
      SELECT seq % 50000 + 1,
        IF(seq % 1000 = 0, 'no such status',
          ELT(1 + seq % 4, 'new', 'paid', 'shipped', 'void')),
        ELT(1 + seq % 5, '', 'gift', 'express', 'gift,fragile',
          'gift,express,fragile'),
        IF(seq % 1000 = 1, 9999999999.99, (seq * 7919 % 1000000) / 100),
        IF(seq % 100 = 0, '0000-00-00 00:00:00',
          '2015-01-01' + INTERVAL seq * 61 SECOND),
        IF(seq % 4 = 0, '2015-01-02' + INTERVAL seq * 61 SECOND,
          '0000-00-00 00:00:00'),
        IF(seq % 3 = 0, '0000-00-00', '2015-01-01' + INTERVAL seq % 3000 DAY),
        seq % 2,
        CASE seq % 1000 WHEN 0 THEN 18446744073709551615 WHEN 1 THEN 0
          ELSE seq * 1000003 END,
        IF(seq % 7 = 0, NULL, JSON_OBJECT('id', seq, 'note', 'ok')),
        IF(seq % 11 = 0, NULL, CONCAT(UNHEX(MD5(seq)), X'00'))
      FROM bench.$numbers
      WHERE seq BETWEEN $from AND $(( from + step - 1 < ROWS ? from + step - 1 : ROWS ))"
  done
  $mysql shop -e 'ANALYZE TABLE orders' >/dev/null
}

# ---- the runs -----------------------------------------------------------

# drop_database NAME: after each run, so that the runs need the disk space
# of one copy at a time.
drop_database() {
  PGOPTIONS='-c client_min_messages=warning' $psql "$base/postgres" \
    -c "DROP DATABASE IF EXISTS $1"
}

# fresh_database NAME: an empty PostgreSQL database.
fresh_database() {
  drop_database "$1"
  $psql "$base/postgres" -c "CREATE DATABASE $1"
}

# count_rows DB TABLE WANT NAME: the run loaded every row, or the bench
# stops: a fast run that loses rows proves nothing.
count_rows() {
  local got
  got=$($psql -At "$base/$1" -c "SELECT count(*) FROM $2")
  [ "$got" = "$3" ] || { echo "bench: $4 loaded $got rows of $3 into $2" >&2; exit 1; }
}

# Whether PORT_ARGS lets strata port copy rows.
copies_rows() {
  case " ${PORT_ARGS:-} " in *" --schema-only "* | *" --dry-run "*) return 1 ;; esac
}

# strata's own account of the copy of the rows, which leaves out the
# schema, the count before it, and the keys and checks after it: "big:
# N rows in S s (R rows/s)".  Appended to $work/strata_big.copy.
copy_seconds() {
  sed -n 's/^big: [0-9]* rows in \([0-9.]*\) s.*/\1/p' "$work/strata_big.log" \
    >>"$work/strata_big.copy"
}

run_strata_big() {
  fresh_database strata_big
  timed strata_big "$STRATA port --from $source_url --to $base/strata_big \
    --tables big ${PORT_ARGS:-} $finished"
  if copies_rows; then
    count_rows strata_big big "$ROWS" "strata port"
    copy_seconds
  fi
  drop_database strata_big
}

# pgloader_file SOURCE DB [CLAUSE]: a pgloader command file that loads
# the MariaDB database SOURCE into DB, each table into a schema named as
# SOURCE.  With its defaults, Debian's pgloader exhausts its 1 GB heap on
# the big table ("Heap exhausted, game over" at 1,000,000 rows): it reads
# ahead 100,000 rows per table, which its authors advise lowering.
pgloader_file() {
  cat <<EOF
LOAD DATABASE
  FROM $pgloader_source/$1
  INTO $base/$2
  WITH prefetch rows = 10000
  ${3:-};
EOF
}

run_pgloader_big() {
  fresh_database pgloader_big
  pgloader_file bench pgloader_big "INCLUDING ONLY TABLE NAMES MATCHING 'big'" \
    >"$work/big.load"
  timed pgloader_big "pgloader $work/big.load"
  count_rows pgloader_big bench.big "$ROWS" pgloader
  drop_database pgloader_big
}

# The floor: the engines' own tools with nothing between them
# (port_common.sh's pipe_mysql_postgres).  The table has the types of
# strata's mapping, but no key and no identity; flag stays 0/1 in a
# smallint and state is text.
run_floor() {
  fresh_database floor
  $psql "$base/floor" -c "CREATE TABLE big (id bigint, n integer,
    u numeric(20,0), amount numeric(12,2), ratio double precision,
    label varchar(64), body text, created timestamp, stamp timestamptz,
    day date, flag smallint, state text, doc jsonb, raw bytea)"
  timed floor ". $top/bench/port_common.sh; pipe_mysql_postgres bench $base/floor"
  count_rows floor big "$ROWS" "the floor"
  drop_database floor
}

run_strata_all() {
  fresh_database strata_all
  timed strata_all "$STRATA port --from $source_url --to $base/strata_all \
    ${PORT_ARGS:-} $finished"
  if copies_rows; then count_rows strata_all big "$ROWS" "strata port"; fi
  drop_database strata_all
}

# The shop with no options: a port that set rows aside fails, and the
# count proves every one arrived.
run_strata_shop() {
  fresh_database strata_shop
  timed strata_shop "$STRATA port --from mysql://strata@$hostport/shop \
    --to $base/strata_shop ${PORT_ARGS:-} $finished"
  if copies_rows; then count_rows strata_shop orders "$ROWS" "strata port"; fi
  drop_database strata_shop
}

# pgloader on the shop, first with its default casts, which turn zero
# datetimes into NULL but keep a date column NOT NULL and the enum a type
# without the error value '': each batch holding such a row fails, is
# logged and left out, and pgloader exits 0.  Its kept rows are counted
# once, in the first round.  Then with the two casts that keep every row
# (a zero date NULL in a nullable column, the enum as text), timed against
# strata's port and counted.
run_pgloader_shop() {
  if [ "$round" = 1 ]; then
    fresh_database pgloader_shop
    pgloader_file shop pgloader_shop >"$work/shop.load"
    timed pgloader_shop_defaults "pgloader $work/shop.load"
    $psql -At "$base/pgloader_shop" -c "SELECT count(*) FROM shop.orders" \
      >"$work/pgloader_shop.rows"
  fi
  fresh_database pgloader_shop
  pgloader_file shop pgloader_shop "CAST type date when default \"0000-00-00\"
    to date drop not null drop default using zero-dates-to-null,
    type enum to text drop typemod" >"$work/shop.load"
  timed pgloader_shop "pgloader $work/shop.load"
  count_rows pgloader_shop shop.orders "$ROWS" "pgloader with casts"
  drop_database pgloader_shop
}

run_pgloader_all() {
  fresh_database pgloader_all
  pgloader_file bench pgloader_all >"$work/all.load"
  timed pgloader_all "pgloader $work/all.load"
  count_rows pgloader_all bench.big "$ROWS" pgloader
  drop_database pgloader_all
}

# ---- the report ---------------------------------------------------------

report_line() { # report_line NAME LABEL ROWS
  local s
  s=$(median "$1")
  printf '  %-22s %s   peak %7s MB\n' "$2" "$(awk -v s="$s" -v r="$3" '
    BEGIN { printf "%8.2f s %10.0f rows/s", s, r / s }')" "$(peak "$1")"
}

ratio() { # ratio NAME_A NAME_B: how many times faster A is than B
  awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { printf "%.2f", b / a }'
}

report_shop() {
  echo "== shop orders: $ROWS rows, no options (every row kept)"
  report_line strata_shop "strata port" "$ROWS"
  echo "  shop / big table: $(ratio strata_shop strata_big)x rows/s"
  [ "$PARTS" != strata ] || return 0
  report_line pgloader_shop_defaults "pgloader, its defaults" "$ROWS"
  echo "  pgloader with its defaults kept $(cat "$work/pgloader_shop.rows") of $ROWS rows and exited 0"
  report_line pgloader_shop "pgloader, 2 casts" "$ROWS"
  echo "  strata / pgloader with the casts: $(ratio strata_shop pgloader_shop)x rows/s; per round $(per_round strata_shop pgloader_shop)"
}

report() {
  echo "== started $started, ended $(machine)"
  echo "== big table: $ROWS rows ($ROUNDS rounds, median)${PORT_ARGS:+; strata port $PORT_ARGS}"
  report_line strata_big "strata port" "$ROWS"
  if [ "$PARTS" = strata ]; then
    report_shop
    return
  fi
  report_line pgloader_big "pgloader" "$ROWS"
  report_line floor "mariadb | psql \\copy" "$ROWS"
  echo "  strata / pgloader: $(ratio strata_big pgloader_big)x rows/s (target: at least 1.5); per round $(per_round strata_big pgloader_big)"
  echo "  strata / floor:    $(ratio strata_big floor)x rows/s (target: at least 0.7); per round $(per_round strata_big floor)"
  echo "  strata peak memory: $(peak strata_big) MB (target: under 64)"
  echo "  strata's copy of the rows alone, as it reports it, each round: $(tr '\n' ' ' <"$work/strata_big.copy")s"
  if [ "$PARTS" = all ]; then
    echo "== whole database: $ROWS + 3 x $SMALL_ROWS rows"
    report_line strata_all "strata port" $(( ROWS + 3 * SMALL_ROWS ))
    report_line pgloader_all "pgloader" $(( ROWS + 3 * SMALL_ROWS ))
    echo "  strata / pgloader: $(ratio strata_all pgloader_all)x rows/s; per round $(per_round strata_all pgloader_all)"
  fi
  [ "$PARTS" = big ] || report_shop
}

echo "== making $ROWS rows" >&2
make_source
started=$(machine)
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS" >&2
  if [ "$PARTS" = strata ]; then
    run_strata_big
    run_strata_shop
    continue
  fi
  in_turn run_strata_big run_floor run_pgloader_big
  [ "$PARTS" = big ] && continue
  in_turn run_strata_shop run_pgloader_shop
  [ "$PARTS" = tables ] || in_turn run_strata_all run_pgloader_all
done
report
each_run
