#!/bin/bash
# SQLite benchmarks of issue 2, run by hand: bench/sqlite.sh
#  - strata status over 10,000 migration files (target: under 100 ms median)
#  - strata up of 1,000 small migrations into a file, against the sqlite3
#    shell running the same statements with the same per-migration
#    transactions (target: within 1.5x)
#  - strata --version start-up (target: under 10 ms)
. "$(dirname "$0")/common.sh"
need sqlite3
need hyperfine

echo "== strata --version"
hyperfine -N --warmup 20 --runs 200 "$STRATA --version"

# Two shapes of 10,000 applied migrations: rows into one table (a schema of
# ordinary size), and a table plus an index each (SQLite then parses a
# schema of 20,000 objects when it opens the file, whoever opens it).
echo "== strata status, 10,000 migrations inserting rows (all applied)"
mkdir -p "$work/rows"
echo "CREATE TABLE log (n INTEGER);" >"$work/rows/000000_log.up.sql"
for i in $(seq 1 10000); do
  printf 'INSERT INTO log VALUES (%d);\n' "$i" >"$work/rows/$(printf %06d "$i")_row.up.sql"
done
"$STRATA" -q -u "sqlite:$work/rows.db" -d "$work/rows" up
hyperfine -N --warmup 3 --runs 30 \
  "$STRATA -u sqlite:$work/rows.db -d $work/rows status"

echo "== strata status, 10,000 migrations creating tables (all applied)"
make_migrations "$work/status" 10000
"$STRATA" -q -u "sqlite:$work/status.db" -d "$work/status" up
hyperfine -N --warmup 3 --runs 30 \
  "$STRATA -u sqlite:$work/status.db -d $work/status status"

echo "== up of 1,000 migrations: strata vs the sqlite3 shell"
make_migrations "$work/up" 1000
one_script "$work/up" "$work/up.sql"
hyperfine --warmup 1 --runs 10 \
  --prepare "rm -f $work/a.db $work/b.db" \
  "$STRATA -q -u sqlite:$work/a.db -d $work/up up" \
  "sqlite3 $work/b.db < $work/up.sql"
