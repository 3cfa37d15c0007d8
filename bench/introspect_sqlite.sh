#!/bin/bash
# Introspection benchmark on SQLite, run by hand: bench/introspect_sqlite.sh
#  - strata dump of a schema of 1,000 tables of 10 columns, 2 indexes and
#    1 foreign key each, to /dev/null (target: under 0.5 s median)
. "$(dirname "$0")/common.sh"
need sqlite3

# wide_schema N: N tables, each with a key, 9 more columns of assorted
# types, defaults and a check, 2 indexes and a foreign key to the table
# before it (the first one to itself).
wide_schema() {
  local n=$1 i id parent
  for i in $(seq 1 "$n"); do
    printf -v id '%04d' "$i"
    printf -v parent '%04d' $((i > 1 ? i - 1 : 1))
    cat <<EOF
CREATE TABLE t$id (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  parent_id INTEGER REFERENCES t$parent (id) ON DELETE CASCADE,
  name VARCHAR(100) NOT NULL COLLATE NOCASE,
  code TEXT UNIQUE,
  amount NUMERIC(12, 2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
  ratio REAL DEFAULT 1.5,
  active BOOLEAN NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  note TEXT,
  data BLOB
);
CREATE INDEX t${id}_name ON t$id (name);
CREATE INDEX t${id}_created ON t$id (created_at DESC) WHERE active = 1;
EOF
  done
}

echo "== strata dump, 1,000 tables (10 columns, 2 indexes, 1 foreign key each)"
{ echo "BEGIN;"; wide_schema 1000; echo "COMMIT;"; } >"$work/wide.sql"
sqlite3 "$work/wide.db" <"$work/wide.sql"
"$STRATA" -q -u "sqlite:$work/wide.db" dump -o "$work/wide.dump.sql"
echo "   $(grep -c '^CREATE TABLE' "$work/wide.dump.sql") tables," \
  "$(grep -c '^CREATE INDEX' "$work/wide.dump.sql") indexes," \
  "$(grep -c 'FOREIGN KEY' "$work/wide.dump.sql") foreign keys in the dump"
# alternate discards the output, as "-o - >/dev/null" would.
alternate 21 true "$STRATA -u sqlite:$work/wide.db dump -o -"
