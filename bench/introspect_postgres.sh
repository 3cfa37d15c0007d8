#!/bin/bash
# PostgreSQL introspection benchmark, run by hand: bench/introspect_postgres.sh
#  - a schema of 1,000 tables (10 columns, 2 indexes and 1 foreign key
#    each), dumped by `strata dump` (target: under 2 s, and at least as fast
#    as pg_dump --schema-only) and by pg_dump --schema-only
. "$(dirname "$0")/common.sh"
postgres_server

# make_schema N: N tables, each referring to the one before it (the first
# to the last), so every foreign key is an ALTER TABLE after the tables.
make_schema() {
  local n=$1 i id ref
  for i in $(seq 1 "$n"); do
    printf -v id '%04d' "$i"
    printf 'CREATE TABLE t%s (id bigint PRIMARY KEY, parent_id bigint NOT NULL, name varchar(100) NOT NULL, code char(8), amount numeric(12,2) DEFAULT 0, ratio double precision, active boolean NOT NULL DEFAULT true, note text, created_at timestamptz NOT NULL DEFAULT now(), payload jsonb);\n' "$id"
    printf 'CREATE INDEX t%s_name ON t%s (name);\n' "$id" "$id"
    printf 'CREATE INDEX t%s_created ON t%s (created_at DESC, code);\n' "$id" "$id"
  done
  for i in $(seq 1 "$n"); do
    printf -v id '%04d' "$i"
    printf -v ref '%04d' $(( (i + n - 2) % n + 1 ))
    printf 'ALTER TABLE t%s ADD CONSTRAINT t%s_parent FOREIGN KEY (parent_id) REFERENCES t%s (id);\n' "$id" "$id" "$ref"
  done
}

make_schema 1000 >"$work/schema.sql"
$psql "$base/postgres" -c 'CREATE DATABASE bench'
$psql "$base/bench" -f "$work/schema.sql"

echo "== schema-only dump of 1,000 tables"
alternate 9 true \
  "$STRATA -u $base/bench dump -o - >/dev/null" \
  "pg_dump --schema-only -d $base/bench >/dev/null"
