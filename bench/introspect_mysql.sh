#!/bin/bash
# MariaDB introspection benchmark, run by hand: bench/introspect_mysql.sh
#  - a schema of 1,000 tables (10 columns, 2 indexes and 1 foreign key
#    each), dumped by `strata dump` (target: under 2 s) and, for reference,
#    by mariadb-dump --no-data
. "$(dirname "$0")/common.sh"
mariadb_server
dumper=$(command -v mariadb-dump || command -v mysqldump)

# make_schema N: N tables, each referring to the one before it (the first
# to the last), so every foreign key is an ALTER TABLE after the tables.
# The second index leads with the foreign key's column, which spares
# InnoDB an index of its own for it.
make_schema() {
  local n=$1 i id ref
  for i in $(seq 1 "$n"); do
    printf -v id '%04d' "$i"
    printf 'CREATE TABLE t%s (id bigint PRIMARY KEY AUTO_INCREMENT, parent_id bigint NOT NULL, name varchar(100) NOT NULL, code char(8), amount decimal(12,2) DEFAULT 0, ratio double, active tinyint(1) NOT NULL DEFAULT 1, note text, created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, payload json, KEY t%s_name (name), KEY t%s_parent (parent_id, created_at DESC)) ENGINE=InnoDB;\n' \
      "$id" "$id" "$id"
  done
  for i in $(seq 1 "$n"); do
    printf -v id '%04d' "$i"
    printf -v ref '%04d' $(( (i + n - 2) % n + 1 ))
    printf 'ALTER TABLE t%s ADD CONSTRAINT t%s_parent_fk FOREIGN KEY (parent_id) REFERENCES t%s (id);\n' "$id" "$id" "$ref"
  done
}

make_schema 1000 >"$work/schema.sql"
$client -e 'CREATE DATABASE bench'
$client bench <"$work/schema.sql"

echo "== schema-only dump of 1,000 tables"
alternate 9 true \
  "$STRATA -u mysql://strata@$hostport/bench dump -o - >/dev/null" \
  "$dumper --no-defaults -h ${hostport%:*} -P ${hostport#*:} -u strata --no-data bench >/dev/null"
