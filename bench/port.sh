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
#    options: every row must arrive.
#  ROUNDS (default 3) runs of each, in turn; the median time counts, and
#  the largest peak.  PORT_ARGS adds arguments to every strata port (e.g.
#  PORT_ARGS=--schema-only to try the script without copying data).
#  PARTS=strata runs only strata's ports (the big table and the shop's),
#  which needs neither pgloader nor the client pipeline.
. "$(dirname "$0")/common.sh"
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
source_url=mysql://strata@$hostport/bench
# pgloader cannot log in without a password: the test server's second
# account has one, with MariaDB's mysql_native_password.
pgloader_source=mysql://strata_pw:secret-pw@$hostport/bench

# ---- the source ---------------------------------------------------------

# The big table: every kind of value a port converts, with extremes (bigint
# unsigned at 0 and 2^64-1, a double of 1e300), emoji, text holding a tab,
# a line break and a backslash, binary holding NUL bytes, and NULLs.
create_tables() {
  $mysql bench <<'SQL'
CREATE TABLE big (
  id bigint AUTO_INCREMENT PRIMARY KEY,
  n int,
  u bigint unsigned,
  amount decimal(12,2),
  ratio double,
  label varchar(64),
  body text,
  created datetime,
  stamp timestamp NULL,
  day date,
  flag tinyint(1),
  state enum('new', 'paid', 'shipped', 'void'),
  doc json,
  raw varbinary(32)
) ENGINE=InnoDB;
CREATE TABLE small_a (id int AUTO_INCREMENT PRIMARY KEY, name varchar(100),
  qty int, price decimal(10,2), created timestamp NULL, KEY (name));
CREATE TABLE small_b LIKE small_a;
CREATE TABLE small_c LIKE small_a;
SQL
}

# The rows come from a table of numbers on the server: MariaDB's Sequence
# engine (seq_1_to_N) or, without it, one filled by a recursive CTE.
numbers_table() {
  if $mysql bench -e "SELECT 1 FROM seq_1_to_1" >/dev/null 2>&1; then
    echo "seq_1_to_$1"
    return
  fi
  $mysql bench -e "CREATE TABLE IF NOT EXISTS numbers (seq bigint PRIMARY KEY);
    SET SESSION max_recursive_iterations = $1;
    INSERT IGNORE INTO numbers WITH RECURSIVE s AS (SELECT 1 AS seq
      UNION ALL SELECT seq + 1 FROM s WHERE seq < $1) SELECT seq FROM s"
  echo numbers
}

# fill_big FROM TO: rows FROM to TO of the big table.
fill_big() {
  $mysql bench -e "INSERT INTO big (n, u, amount, ratio, label, body, created,
      stamp, day, flag, state, doc, raw)
    SELECT IF(seq % 97 = 0, NULL,
        CAST(seq * 7919 % 2000001 AS SIGNED) - 1000000),
      CASE seq % 1000 WHEN 0 THEN 18446744073709551615 WHEN 1 THEN 0
        ELSE seq * 1000003 END,
      (seq * 7919 % 100000000) / 100,
      IF(seq % 89 = 0, NULL, IF(seq % 1000 = 2, 1e300, seq / 7e0)),
      CONCAT('label ', seq, IF(seq % 10 = 0, ' 😀🐘', '')),
      CONCAT(LEFT(REPEAT(MD5(seq), 7), 100 + seq % 100),
        IF(seq % 50 = 0, ' tab\there\nline two \\\\ end', '')),
      '2020-01-01' + INTERVAL seq * 37 SECOND,
      IF(seq % 20 = 0, NULL, FROM_UNIXTIME(1600000000 + seq * 13)),
      IF(seq % 31 = 0, NULL, '1990-01-01' + INTERVAL seq % 20000 DAY),
      seq % 2,
      ELT(1 + seq % 4, 'new', 'paid', 'shipped', 'void'),
      IF(seq % 41 = 0, NULL, JSON_OBJECT('id', seq,
        'tags', JSON_ARRAY('a', seq % 7), 'ok', seq % 3 = 0)),
      IF(seq % 43 = 0, NULL,
        CONCAT(UNHEX(MD5(seq)), X'00', UNHEX(LEFT(MD5(seq + 1), 8))))
    FROM $numbers WHERE seq BETWEEN $1 AND $2"
}

fill_small() {
  $mysql bench -e "INSERT INTO $1 (name, qty, price, created)
    SELECT CONCAT('item ', seq), seq % 100, (seq % 10000) / 100,
      FROM_UNIXTIME(1600000000 + seq * 60)
    FROM $numbers WHERE seq <= $SMALL_ROWS"
}

# Half a million rows per statement keeps each transaction's undo small.
make_source() {
  local from step=500000 limit
  $mysql -e 'CREATE DATABASE bench CHARACTER SET utf8mb4'
  create_tables
  limit=$(( ROWS > SMALL_ROWS ? ROWS : SMALL_ROWS ))
  numbers=$(numbers_table "$limit")
  for from in $(seq 1 "$step" "$ROWS"); do
    fill_big "$from" $(( from + step - 1 < ROWS ? from + step - 1 : ROWS ))
  done
  for t in small_a small_b small_c; do fill_small "$t"; done
  make_shop
  $mysql bench -e 'DROP TABLE IF EXISTS numbers; ANALYZE TABLE big' >/dev/null
}

# The shop's orders, in a database of their own (pgloader is not run on
# them).  Written without strict mode, as such data was.
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

# timed NAME CMD: runs CMD (a shell command) under /usr/bin/time and
# appends "NAME SECONDS PEAK_KB" to $work/times; a failure stops the
# bench with the end of CMD's output.
timed() {
  local name=$1 cmd=$2 log=$work/$1.log
  if ! /usr/bin/time -f "$name %e %M" -a -o "$work/times" \
      bash -c "$cmd" >"$log" 2>&1; then
    echo "bench: $name failed: $cmd" >&2
    tail -20 "$log" >&2
    exit 1
  fi
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

run_strata_big() {
  fresh_database strata_big
  timed strata_big "$STRATA port --from $source_url --to $base/strata_big \
    --tables big ${PORT_ARGS:-}"
  if copies_rows; then count_rows strata_big big "$ROWS" "strata port"; fi
  drop_database strata_big
}

# pgloader_file DB [CLAUSE]: a pgloader command file that loads the source
# into DB, each table into schema bench.  With its defaults, Debian's
# pgloader exhausts its 1 GB heap on this big table ("Heap exhausted, game
# over" at 1,000,000 rows): it reads ahead 100,000 rows per table, which
# its authors advise lowering.
pgloader_file() {
  cat <<EOF
LOAD DATABASE
  FROM $pgloader_source
  INTO $base/$1
  WITH prefetch rows = 10000
  ${2:-};
EOF
}

run_pgloader_big() {
  fresh_database pgloader_big
  pgloader_file pgloader_big "INCLUDING ONLY TABLE NAMES MATCHING 'big'" \
    >"$work/big.load"
  timed pgloader_big "pgloader $work/big.load"
  count_rows pgloader_big bench.big "$ROWS" pgloader
  drop_database pgloader_big
}

# The floor: the engines' own tools with nothing between them.  The table
# has the types of strata's mapping, but no key and no identity; flag stays
# 0/1 in a smallint and state is text; the binary column travels as hex
# (COPY's text format cannot carry a NUL byte), and NULL as the word NULL
# (no text value of this data is that word).  The client's batch mode
# escapes tabs, line breaks and backslashes as COPY's text format reads
# them, --quick has it print each row as it comes rather than hold them
# all, and the session reads timestamps in UTC.
run_floor() {
  fresh_database floor
  $psql "$base/floor" -c "CREATE TABLE big (id bigint, n integer,
    u numeric(20,0), amount numeric(12,2), ratio double precision,
    label varchar(64), body text, created timestamp, stamp timestamptz,
    day date, flag smallint, state text, doc jsonb, raw bytea)"
  timed floor "$mysql --batch --quick --skip-column-names bench -e \
    \"SET time_zone = '+00:00'; SELECT id, n, u, amount, ratio, label, body,
      created, stamp, day, flag, state, doc, CONCAT('\\\\\\\\x', HEX(raw))
      FROM big\" |
    PGTZ=UTC $psql $base/floor -c \"\\copy big FROM STDIN WITH (NULL 'NULL')\""
  count_rows floor big "$ROWS" "the floor"
  drop_database floor
}

run_strata_all() {
  fresh_database strata_all
  timed strata_all "$STRATA port --from $source_url --to $base/strata_all \
    ${PORT_ARGS:-}"
  if copies_rows; then count_rows strata_all big "$ROWS" "strata port"; fi
  drop_database strata_all
}

# The shop with no options: a port that set rows aside fails, and the
# count proves every one arrived.
run_strata_shop() {
  fresh_database strata_shop
  timed strata_shop "$STRATA port --from mysql://strata@$hostport/shop \
    --to $base/strata_shop ${PORT_ARGS:-}"
  if copies_rows; then count_rows strata_shop orders "$ROWS" "strata port"; fi
  drop_database strata_shop
}

run_pgloader_all() {
  fresh_database pgloader_all
  pgloader_file pgloader_all >"$work/all.load"
  timed pgloader_all "pgloader $work/all.load"
  count_rows pgloader_all bench.big "$ROWS" pgloader
  drop_database pgloader_all
}

# ---- the report ---------------------------------------------------------

# median NAME, peak NAME: of the rounds in $work/times.
median() {
  awk -v n="$1" '$1 == n { print $2 }' "$work/times" | sort -n | awk '
    { t[NR] = $1 } END { print NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}
peak() {
  awk -v n="$1" '$1 == n && $3 > m { m = $3 } END { printf "%.1f", m / 1024 }' \
    "$work/times"
}

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
}

report() {
  echo "== big table: $ROWS rows ($ROUNDS rounds, median)${PORT_ARGS:+; strata port $PORT_ARGS}"
  report_line strata_big "strata port" "$ROWS"
  if [ "$PARTS" = strata ]; then
    report_shop
    return
  fi
  report_line pgloader_big "pgloader" "$ROWS"
  report_line floor "mariadb | psql \\copy" "$ROWS"
  echo "  strata / pgloader: $(ratio strata_big pgloader_big)x rows/s (target: at least 1.5)"
  echo "  strata / floor:    $(ratio strata_big floor)x rows/s (target: at least 0.7)"
  echo "  strata peak memory: $(peak strata_big) MB (target: under 64)"
  echo "== whole database: $ROWS + 3 x $SMALL_ROWS rows"
  report_line strata_all "strata port" $(( ROWS + 3 * SMALL_ROWS ))
  report_line pgloader_all "pgloader" $(( ROWS + 3 * SMALL_ROWS ))
  report_shop
}

echo "== making $ROWS rows" >&2
make_source
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS" >&2
  run_strata_big
  run_strata_shop
  [ "$PARTS" = strata ] && continue
  run_pgloader_big
  run_floor
  run_strata_all
  run_pgloader_all
done
report
