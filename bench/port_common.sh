# port_common.sh - what the port benchmarks share (sourced after
# common.sh): the mixed-type table each engine holds as a source, the
# clients' pipelines that move it without strata, and the timing of a
# run with its peak memory.
#
# The table is the same on every engine, each in its own types: every
# kind of value a port converts, with extremes (unsigned 0 and 2^64-1
# where the engine has them, a double of 1e300), emoji, text holding a
# tab, a line break and a backslash, binary holding NUL bytes, an enum (a
# CHECK on SQLite), json, and NULLs.

# ---- the sources --------------------------------------------------------

# mysql_numbers ROWS: a table of numbers on the MariaDB server in $mysql's
# database bench, printed: MariaDB's Sequence engine (seq_1_to_N) or,
# without it, one filled by a recursive CTE.
mysql_numbers() {
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

# mysql_big DB ROWS NUMBERS: table big of ROWS rows in MariaDB database DB,
# from the numbers table NUMBERS in database bench, half a million rows a
# statement, which keeps each transaction's undo small.
mysql_big() {
  local db=$1 rows=$2 numbers=$3 from step=500000
  $mysql "$db" -e "CREATE TABLE big (
    id bigint AUTO_INCREMENT PRIMARY KEY, n int, u bigint unsigned,
    amount decimal(12,2), ratio double, label varchar(64), body text,
    created datetime, stamp timestamp NULL, day date, flag tinyint(1),
    state enum('new', 'paid', 'shipped', 'void'), doc json, raw varbinary(32)
  ) ENGINE=InnoDB"
  for from in $(seq 1 "$step" "$rows"); do
    $mysql "$db" -e "INSERT INTO big (n, u, amount, ratio, label, body,
        created, stamp, day, flag, state, doc, raw)
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
      FROM bench.$numbers
      WHERE seq BETWEEN $from AND $(( from + step - 1 < rows ? from + step - 1 : rows ))"
  done
  $mysql "$db" -e 'ANALYZE TABLE big' >/dev/null
}

# postgres_big URL ROWS: table big of ROWS rows in the PostgreSQL database
# at URL; the enum is a type of its own, the unsigned column numeric.
postgres_big() {
  $psql "$1" <<SQL
CREATE TYPE state AS ENUM ('new', 'paid', 'shipped', 'void');
CREATE TABLE big (
  id bigint PRIMARY KEY, n int, u numeric(20,0), amount numeric(12,2),
  ratio double precision, label varchar(64), body text,
  created timestamp, stamp timestamptz, day date, flag boolean,
  state state, doc jsonb, raw bytea);
INSERT INTO big
SELECT s, CASE WHEN s % 97 = 0 THEN NULL ELSE (s * 7919 % 2000001) - 1000000 END,
  CASE s % 1000 WHEN 0 THEN 18446744073709551615 WHEN 1 THEN 0
    ELSE s * 1000003 END,
  (s * 7919 % 100000000) / 100.0,
  CASE WHEN s % 89 = 0 THEN NULL WHEN s % 1000 = 2 THEN 1e300 ELSE s / 7.0 END,
  'label ' || s || CASE WHEN s % 10 = 0 THEN ' 😀🐘' ELSE '' END,
  left(repeat(md5(s::text), 7), 100 + (s % 100)::int)
    || CASE WHEN s % 50 = 0 THEN E' tab\there\nline two \\\\ end' ELSE '' END,
  timestamp '2020-01-01' + s * interval '37 seconds',
  CASE WHEN s % 20 = 0 THEN NULL
       ELSE to_timestamp(1600000000 + s * 13) END,
  CASE WHEN s % 31 = 0 THEN NULL ELSE date '1990-01-01' + (s % 20000)::int END,
  s % 2 = 0,
  (ARRAY['new', 'paid', 'shipped', 'void'])[1 + s % 4]::state,
  CASE WHEN s % 41 = 0 THEN NULL
       ELSE jsonb_build_object('id', s, 'tags', jsonb_build_array('a', s % 7),
         'ok', s % 3 = 0) END,
  CASE WHEN s % 43 = 0 THEN NULL
       ELSE decode(md5(s::text) || '00' || left(md5((s + 1)::text), 8), 'hex') END
FROM generate_series(1::bigint, $2) AS s;
ANALYZE big;
SQL
}

# sqlite_big FILE ROWS: table big of ROWS rows in the SQLite file FILE.
# SQLite's integers stop at 2^63-1, so that is the unsigned column's top;
# the enum is a CHECK, the dates text, as SQLite schemas hold them.
sqlite_big() {
  sqlite3 "$1" <<SQL
CREATE TABLE big (
  id INTEGER PRIMARY KEY, n INTEGER, u BIGINT, amount DECIMAL(12,2),
  ratio DOUBLE, label VARCHAR(64), body TEXT, created DATETIME,
  stamp TIMESTAMP, day DATE, flag BOOLEAN,
  state TEXT CHECK (state IN ('new', 'paid', 'shipped', 'void')),
  doc JSON, raw BLOB);
BEGIN;
WITH RECURSIVE s(s) AS (SELECT 1 UNION ALL SELECT s + 1 FROM s WHERE s < $2)
INSERT INTO big
SELECT s, CASE WHEN s % 97 = 0 THEN NULL ELSE (s * 7919 % 2000001) - 1000000 END,
  CASE s % 1000 WHEN 0 THEN 9223372036854775807 WHEN 1 THEN 0
    ELSE s * 1000003 END,
  (s * 7919 % 100000000) / 100.0,
  CASE WHEN s % 89 = 0 THEN NULL WHEN s % 1000 = 2 THEN 1e300 ELSE s / 7.0 END,
  'label ' || s || CASE WHEN s % 10 = 0 THEN ' 😀🐘' ELSE '' END,
  substr(hex(randomblob(100)), 1, 100 + s % 100)
    || CASE WHEN s % 50 = 0 THEN ' tab' || char(9) || 'here' || char(10)
         || 'line two \\ end' ELSE '' END,
  datetime('2020-01-01', '+' || (s * 37) || ' seconds'),
  CASE WHEN s % 20 = 0 THEN NULL
       ELSE datetime(1600000000 + s * 13, 'unixepoch') END,
  CASE WHEN s % 31 = 0 THEN NULL
       ELSE date('1990-01-01', '+' || (s % 20000) || ' days') END,
  s % 2,
  CASE s % 4 WHEN 0 THEN 'new' WHEN 1 THEN 'paid' WHEN 2 THEN 'shipped'
    ELSE 'void' END,
  CASE WHEN s % 41 = 0 THEN NULL
       ELSE json_object('id', s, 'tags', json_array('a', s % 7),
         'ok', json(CASE WHEN s % 3 = 0 THEN 'true' ELSE 'false' END)) END,
  CASE WHEN s % 43 = 0 THEN NULL
       ELSE CAST(randomblob(16) || x'00' || randomblob(4) AS BLOB) END
FROM s;
COMMIT;
SQL
}

# ---- the clients' pipelines ---------------------------------------------
# Each moves table big from a source to a target with the engines' own
# command-line clients and nothing else, streaming: FROM and TO are what
# the clients take (a PostgreSQL URL, a MariaDB database name, an SQLite
# file).  The pipe_* ones load a table made before (strata port
# --schema-only, so the types are strata's); the dump_* ones make their
# own.  Binary travels as hex (text formats cannot carry a NUL byte) and
# timestamps in UTC; they do no conversion strata does, so they prove
# nothing about the values: they are the floor a port is measured
# against.  They need $mysql and $psql exported.

# The source's rows, as each client prints them.  MariaDB's batch mode
# escapes tabs, line breaks and backslashes as COPY's text format and
# LOAD DATA read them, and --quick prints each row as it comes.
mysql_rows() { # mysql_rows DB RAW: RAW is the SELECT's text of column raw
  $mysql --batch --quick --skip-column-names "$1" -e "SET time_zone = '+00:00';
    SELECT id, n, u, amount, ratio, label, body, created, stamp, day, flag,
      state, doc, $2 FROM big"
}
postgres_rows() { # postgres_rows URL [FORMAT]: COPY's text (or FORMAT)
  $psql "$1" -c "\\copy (SELECT id, n, u, amount, ratio, label, body,
    created, stamp AT TIME ZONE 'UTC', day, flag::int, state, doc,
    encode(raw, 'hex') FROM big) TO STDOUT${2:+ WITH (FORMAT $2)}"
}
sqlite_rows() { # sqlite_rows FILE RAW: CSV, NULL as the word NULL
  sqlite3 -csv -nullvalue NULL "$1" "SELECT id, n, u, amount, ratio, label,
    body, created, stamp, day, flag, state, doc, $2 FROM big"
}

# mysql_load FILE [FIELDS]: the statement that loads FILE (tab-separated
# with COPY's escapes, or as FIELDS says), the binary column from hex.
mysql_load() {
  printf "LOAD DATA LOCAL INFILE '%s' INTO TABLE big CHARACTER SET utf8mb4 %s
    (id, n, u, amount, ratio, label, body, created, stamp, day, flag, state,
    doc, @raw) SET raw = UNHEX(@raw)" "$1" "${2:-}"
}

# The word NULL is no text value of this data.
pipe_mysql_postgres() {
  mysql_rows "$1" "CONCAT('\\\\x', HEX(raw))" |
    PGTZ=UTC $psql "$2" -c "\\copy big FROM STDIN WITH (NULL 'NULL')"
}
pipe_postgres_mysql() {
  postgres_rows "$1" |
    $mysql --local-infile=1 "$2" -e "$(mysql_load /dev/stdin)"
}
pipe_sqlite_postgres() {
  sqlite_rows "$1" "iif(raw IS NULL, NULL, '\\x' || hex(raw))" |
    $psql "$2" -c "\\copy big FROM STDIN WITH (FORMAT csv, NULL 'NULL')"
}
# sqlite3's .import has no NULL: a NULL arrives as an empty string.
pipe_postgres_sqlite() {
  postgres_rows "$1" csv | sqlite3 "$2" ".import --csv /dev/stdin big"
}
# Tab-separated, the escapes left as they are and NULL as the word.
pipe_mysql_sqlite() {
  mysql_rows "$1" "HEX(raw)" | sqlite3 "$2" ".mode tabs" ".import /dev/stdin big"
}
pipe_sqlite_mysql() {
  sqlite_rows "$1" "iif(raw IS NULL, NULL, hex(raw))" |
    $mysql --local-infile=1 "$2" -e "$(mysql_load /dev/stdin \
      "FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY ''")"
}
pipe_postgres_postgres() {
  $psql "$1" -c "\\copy big TO STDOUT" | $psql "$2" -c "\\copy big FROM STDIN"
}
dump_postgres() { pg_dump "$1" | $psql "$2"; }
dump_sqlite() { sqlite3 "$1" .dump | sqlite3 "$2"; }
# mariadb-dump takes the client's connection options.
dump_mysql() { ${mysql/mariadb/mariadb-dump} "$1" | $mysql "$2"; }

# ---- timing -------------------------------------------------------------

# Appended to a timed strata port: one that finished but left something
# out (exit 5, such as a default with no equivalent on the target) still
# copied every row, which the benches count after it.
finished='|| [ $? -eq 5 ]'

# timed NAME CMD: runs CMD (a shell command; a pipeline fails if any part
# does) under /usr/bin/time and appends "NAME SECONDS PEAK_KB" to
# $work/times, the peak being the largest process's; a failure stops the
# bench with the end of CMD's output.
timed() {
  local name=$1 cmd=$2 log=$work/$1.log
  if ! /usr/bin/time -f "$name %e %M" -a -o "$work/times" \
      bash -c "set -o pipefail; $cmd" >"$log" 2>&1; then
    echo "bench: $name failed: $cmd" >&2
    tail -20 "$log" >&2
    exit 1
  fi
}

# median NAME, peak NAME: of NAME's runs in $work/times, the median time
# and the largest peak in MB.
median() {
  awk -v n="$1" '$1 == n { print $2 }' "$work/times" | sort -n | awk '
    { t[NR] = $1 } END { print NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}
peak() {
  awk -v n="$1" '$1 == n && $3 > m { m = $3 } END { printf "%.1f", m / 1024 }' \
    "$work/times"
}

# per_round A B: A's rows/s over B's, round by round (B's time over A's,
# the Nth run of each taken together): "median (least to greatest), A
# faster in W of N".  The two ran within seconds of each other, so the
# ratio holds still while the machine's load moves both times.
per_round() {
  paste <(awk -v n="$1" '$1 == n { print $2 }' "$work/times") \
        <(awk -v n="$2" '$1 == n { print $2 }' "$work/times") |
    awk '{ printf "%.4f %d\n", $2 / $1, $1 < $2 }' | sort -n | awk '
      { v[NR] = $1; wins += $2 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.2fx (%.2fx to %.2fx), faster in %d of %d", m, v[1], v[NR], wins, NR }'
}

# machine: the time and the load, for the figures' heading.
machine() {
  printf '%s UTC, %s cores, load %s' "$(date -u '+%Y-%m-%d %H:%M')" "$(nproc)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
}

# in_turn CMD...: runs the commands (each split into words) in this order
# in odd rounds ($round) and in the reverse order in even ones, so that
# neither is always the one that runs after the machine's other work or
# after the last drop of a database.
in_turn() {
  local i
  if [ $((round % 2)) = 1 ]; then
    for ((i = 1; i <= $#; i++)); do ${!i}; done
  else
    for ((i = $#; i >= 1; i--)); do ${!i}; done
  fi
}

# each_run: the runs as they came, for the per-round figures.
each_run() {
  echo "== each run, in order: name, seconds, peak KB"
  sed 's/^/  /' "$work/times"
}
