# common.sh - what every benchmark shares: where strata is, a scratch
# folder, a generator of small migrations, the test suite's throwaway
# servers, and the up-and-status benchmark the server engines share.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
STRATA=${STRATA:-$top/cli/strata}
[ -x "$STRATA" ] || { echo "bench: build first (scripts/bootstrap): no $STRATA" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/strata-bench.XXXXXX")
# The servers start_server started, as tests/servers script and state
# folder in turn: at exit each is stopped, then the scratch folder goes.
servers=()
clean_up() {
  local i
  for ((i = 0; i < ${#servers[@]}; i += 2)); do
    sh "${servers[i]}" stop "${servers[i + 1]}" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap clean_up EXIT

# need PROGRAM: stops the bench when PROGRAM is not installed.
need() { command -v "$1" >/dev/null || { echo "bench: install $1" >&2; exit 1; }; }

# make_migrations DIR N: N migrations of one table and one index
# each, as VERSION_name.up.sql files, in SQL every engine takes.
make_migrations() {
  local dir=$1 n=$2 i id
  mkdir -p "$dir"
  for i in $(seq 1 "$n"); do
    printf -v id '%06d' "$i"
    printf 'CREATE TABLE t%s (id INTEGER PRIMARY KEY, name VARCHAR(100), created_at VARCHAR(32));\nCREATE INDEX t%s_name ON t%s (name);\n' \
      "$id" "$id" "$id" >"$dir/${id}_table_$id.up.sql"
    printf 'DROP TABLE t%s;\n' "$id" >"$dir/${id}_table_$id.down.sql"
  done
}

# one_script DIR OUT [plain]: the same statements as one script for an
# engine's own client, each migration in its own BEGIN/COMMIT (or, with
# "plain", as they are: MySQL commits DDL by itself).
one_script() {
  local f
  for f in "$1"/*.up.sql; do
    [ "${3:-}" = plain ] || printf 'BEGIN;\n'
    cat "$f"
    [ "${3:-}" = plain ] || printf 'COMMIT;\n'
  done >"$2"
}

# dbmate_dir DIR OUT: the same migrations in dbmate's layout.
dbmate_dir() {
  local f base
  mkdir -p "$2"
  for f in "$1"/*.up.sql; do
    base=$(basename "$f" .up.sql)
    { printf -- '-- migrate:up\n'; cat "$f"; printf -- '-- migrate:down\n'; } \
      >"$2/$base.sql"
  done
}

# find_dbmate: sets $dbmate to a dbmate binary, or empty.  It is not in
# Debian; `npm install --prefix bench/.dbmate dbmate` brings its binary,
# taken as it is rather than through the package's node wrapper, whose
# start-up is not dbmate's.
find_dbmate() {
  local native=$top/bench/.dbmate/node_modules/@dbmate/linux-x64/bin/dbmate
  dbmate=$(command -v dbmate || true)
  [ -n "$dbmate" ] || [ ! -x "$native" ] || dbmate=$native
  [ -n "$dbmate" ] || [ ! -x "$top/bench/.dbmate/node_modules/.bin/dbmate" ] ||
    dbmate=$top/bench/.dbmate/node_modules/.bin/dbmate
  [ -n "$dbmate" ] || echo "bench: no dbmate (npm install --prefix bench/.dbmate dbmate); skipping it" >&2
}

# start_server ENGINE SCRIPT: a throwaway server of the test suite's kind
# (tests/servers), stopped when the bench ends, however many it started;
# sets $server_url.  It is listed before it starts, so that one that fails
# halfway is stopped too.
start_server() {
  local state="$work/$1" script="$top/tests/servers/$2.sh"
  servers+=("$script" "$state")
  STRATA_SRCDIR=$top sh "$script" start "$state" >/dev/null
  server_url=$(cat "$state/url")
}

# mariadb_server: a throwaway MariaDB; sets $hostport (HOST:PORT) and
# $client, the mariadb client on it, which reads no option file.
mariadb_server() {
  start_server mysql mariadb
  hostport=${server_url#mysql://strata@}
  hostport=${hostport%%/*}
  client="mariadb --no-defaults -h ${hostport%:*} -P ${hostport#*:} -u strata"
}

# postgres_server: a throwaway PostgreSQL; sets $base, its URL without the
# database, and $psql, which stops at the first error.
postgres_server() {
  start_server postgres postgres
  base=${server_url%/*}
  psql="psql -q -X -v ON_ERROR_STOP=1"
}

# up_and_status URL CLIENT FRESH DBMATE_URL [plain]: `strata up` of 1,000
# small migrations into URL, against CLIENT, the engine's own client running
# them as one script from stdin (one_script, with "plain" passed on), and
# against dbmate when there is one (at DBMATE_URL), FRESH remaking the
# database before each run; then `strata status` with all of them applied.
up_and_status() {
  need hyperfine
  find_dbmate
  make_migrations "$work/m" 1000
  one_script "$work/m" "$work/up.sql" "${5:-}"
  dbmate_dir "$work/m" "$work/dbmate"
  echo "== up of 1,000 migrations"
  local -a cmds=("$STRATA -q -u $1 -d $work/m up" "$2 < $work/up.sql")
  [ -z "$dbmate" ] ||
    cmds+=("$dbmate --no-dump-schema -u $4 -d $work/dbmate up")
  alternate 7 "$3" "${cmds[@]}"
  echo "== status with 1,000 applied"
  hyperfine -N --warmup 5 --runs 50 "$STRATA -u $1 -d $work/m status"
}

# build_base REV: commit REV of this repository built in $work/base, for a
# bench that times it beside this build; sets $base_strata.  BASE_STRATA
# names a command built before, and nothing is built.
build_base() {
  base_strata=${BASE_STRATA:-}
  [ -z "$base_strata" ] || return 0
  echo "== building $1 in $work/base"
  mkdir -p "$work/base"
  git -C "$top" archive "$1" | tar -x -C "$work/base"
  (cd "$work/base" && ./autogen.sh && ./configure && make -j"$(nproc)") \
    >"$work/base.log" 2>&1 || { tail -n 20 "$work/base.log"; exit 1; }
  base_strata=$work/base/cli/strata
}

# versus NAME RUNS ARGS...: one round of both builds (build_base's, then
# this one) with ARGS, RUNS runs each with hyperfine; appends "base this"
# medians in ms to $work/NAME, and each one's mean CPU time (user and
# system) to $work/NAME.cpu, which a machine shared with other work
# disturbs less than the time on the clock.
versus() {
  local name=$1 runs=$2
  shift 2
  hyperfine -N --style none --warmup 3 --runs "$runs" \
    --export-json "$work/b.json" "$base_strata $*" >/dev/null 2>&1 ||
    { echo "bench: failed: $base_strata $*" >&2; exit 1; }
  hyperfine -N --style none --warmup 3 --runs "$runs" \
    --export-json "$work/t.json" "$STRATA $*" >/dev/null 2>&1 ||
    { echo "bench: failed: $STRATA $*" >&2; exit 1; }
  echo "$(ms_of "$work/b.json" median) $(ms_of "$work/t.json" median)" >>"$work/$name"
  echo "$(ms_of "$work/b.json" cpu) $(ms_of "$work/t.json" cpu)" >>"$work/$name.cpu"
}

# ms_of JSON median|cpu: of the one command hyperfine timed, its median
# time or its mean CPU time, in ms.
ms_of() {
  python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.3f" % ((r["median"] if sys.argv[2] == "median" else r["user"] + r["system"]) * 1000))' "$1" "$2"
}

# versus_summary NAME LABEL BASE: the rounds versus NAME took: each build's
# median of medians and, per round, this build's time over BASE's; then
# the same of the CPU times.
versus_summary() {
  versus_lines "$1" "$2" "$3"
  versus_lines "$1.cpu" "$2, CPU time (user and system)" "$3"
}

# versus_lines FILE LABEL BASE: versus_summary of one file of rounds.
versus_lines() {
  echo "== $2 (rounds: $(wc -l <"$work/$1")): median of medians, ms"
  awk '{ print $1 }' "$work/$1" | sort -n | awk -v who="$3" '{ v[NR] = $1 } END { printf "  %s %.2f ms (min %.2f, max %.2f)\n", who, v[int((NR + 1) / 2)], v[1], v[NR] }'
  awk '{ print $2 }' "$work/$1" | sort -n | awk '{ v[NR] = $1 } END { printf "  this build %.2f ms (min %.2f, max %.2f)\n", v[int((NR + 1) / 2)], v[1], v[NR] }'
  awk '{ printf "%.4f %d\n", $2 / $1, $2 < $1 }' "$work/$1" | sort -n |
    awk -v who="$3" '{ v[NR] = $1; wins += $2 } END { printf "  per round, this build over %s: median %.2fx (%.2fx to %.2fx); this build faster in %d of %d\n", who, v[int((NR + 1) / 2)], v[1], v[NR], wins, NR }'
}

# alternate ROUNDS PREPARE CMD...: runs the commands in turn, ROUNDS times,
# PREPARE before each, and prints each command's median and spread.  A
# database server's own time drifts over minutes (files created and dropped,
# background purge); taking the commands in turn spreads that drift evenly,
# where timing all runs of one command and then all of the next does not.
alternate() {
  local rounds=$1 prepare=$2 r i cmd start end
  shift 2
  local -a times
  for r in $(seq 1 "$rounds"); do
    i=0
    for cmd in "$@"; do
      bash -c "$prepare" >/dev/null 2>&1
      start=$(date +%s%N)
      bash -c "$cmd" >/dev/null 2>&1 || echo "bench: failed: $cmd" >&2
      end=$(date +%s%N)
      times[$i]="${times[$i]:-} $(( (end - start) / 1000000 ))"
      i=$((i + 1))
    done
  done
  local -a cmds=("$@")
  for i in "${!cmds[@]}"; do
    printf '%s\n' ${times[$i]} | spread ms "${cmds[$i]}"
  done
  for ((i = 1; i < ${#cmds[@]}; i++)); do
    paired "${times[0]}" "${times[$i]}" "${cmds[$i]}"
  done
}

# paired FIRST_TIMES OTHER_TIMES OTHER_CMD: the other command's time over
# the first's, round by round.  Both ran within seconds of each other in
# each round, so the ratio holds still while the server's own time drifts.
paired() {
  paste <(printf '%s\n' $1) <(printf '%s\n' $2) |
    awk '{ printf "%.4f %d\n", $2 / $1, $1 < $2 }' | spread ratio "$3"
}

# spread ms|ratio LABEL: the median, least and greatest of the numbers on
# stdin, one a line; a ratio is followed by 1 in a round the first command
# won, and the wins are counted.
spread() {
  sort -n | awk -v unit="$1" -v label="$2" '
    { v[NR] = $1; wins += $2 } END {
      m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      if (unit == "ms")
        printf "  median %6.0f ms  (min %d, max %d, %d runs)  %s\n", m, v[1], v[NR], NR, label
      else
        printf "  per round, over the first: median %.2fx (%.2fx to %.2fx); the first faster in %d of %d  %s\n", m, v[1], v[NR], wins, NR, label }'
}
