#!/bin/sh
# portable_refusals.sh - each refusal of a portable migration after the
# parser (whose refusals test_portable_parse checks): a down that cannot
# be derived, an op the target's schema does not allow, and what MySQL or
# SQLite cannot render.  Each is exit 1, one line naming the construct and
# what to do, and where in the file.  Offline renders need no server;
# the SQLite ones run against a file.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/portable_lib.sh"
has_portable || skip_all "this build has no portable parser (libpg_query)"
scratch_dir

# refused FILE-TEXT DESCRIPTION PATTERN STRATA-ARGS...: writes the file
# f.portable.up.sql, runs strata with the args and the file, and expects
# exit 1 with PATTERN in the message.
refused() {
  printf '%s\n' "$1" >f.portable.up.sql
  local what=$2 pattern=$3
  shift 3
  run_strata "$@" f.portable.up.sql
  is "$rc" 1 "$what: refused"
  like "$err" "$pattern" "$what: saying why"
}

refused "-- only a comment" "an empty file" \
  "portable migration 'f.portable.up.sql' holds no statement" \
  render --engine postgres

# ---- downs that cannot be derived ---------------------------------------

down_refused() { # FILE-TEXT OP WHY
  refused "$1" "the down of $2" \
    "cannot derive the down of $2: $3; write the down as a \.portable\.down\.sql file beside it" \
    render --down
  like "$err" "f\.portable\.up\.sql:1:1" "the down of $2: at the op"
}
down_refused "DROP TABLE t;" "DROP TABLE" "what it drops is not in the file"
down_refused "ALTER TABLE t DROP COLUMN a;" "DROP COLUMN" \
  "what it drops is not in the file"
down_refused "DROP INDEX i;" "DROP INDEX" "what it drops is not in the file"
down_refused "ALTER TABLE t ALTER COLUMN a SET DEFAULT 1;" "SET DEFAULT" \
  "the old default is not in the file"
down_refused "COMMENT ON TABLE t IS 'x';" "COMMENT" \
  "the old comment is not in the file"
down_refused "CREATE TABLE IF NOT EXISTS t (a integer);" "CREATE TABLE" \
  "whether the up changed anything is not known"
down_refused "DELETE FROM t;" "DELETE" \
  "a data change cannot be undone from the file"

# ---- what MySQL cannot render -------------------------------------------

if has_driver mysql; then
  refused "CREATE TABLE t (a text, CONSTRAINT t_a UNIQUE (a));" \
    "MySQL: a key of a text column" \
    'a key of column "a", a text, blob or json column, which MySQL indexes only by a prefix: use varchar\(n\)' \
    render --engine mysql
  refused "CREATE TABLE t (a varchar(10));
CREATE INDEX t_lower ON t (lower(a));" "MySQL: an expression index" \
    'index "t_lower" has an expression part, which MySQL indexes only through a generated column' \
    render --engine mysql
  like "$err" "f\.portable\.up\.sql:2:1" "MySQL: an expression index: at its line"
  refused "CREATE TABLE t (a blob);
CREATE INDEX t_a ON t (a);" "MySQL: an index of a blob" \
    'index "t_a" has a text, blob or json column' render --engine mysql
  refused "ALTER TABLE t ALTER COLUMN a SET NOT NULL;" \
    "MySQL: a MODIFY of an unknown table" \
    'changing column "a" on MySQL restates its whole definition, which needs the table' \
    render --engine mysql
  refused "DROP INDEX i;" "MySQL: an unknown index" \
    'index "i" is not known, and MySQL needs its table' render --engine mysql
  refused "ALTER TABLE t DROP CONSTRAINT c;" "MySQL: an unknown constraint" \
    'constraint "c" is not known, and MySQL drops each kind its own way' \
    render --engine mysql
else
  skip "this build has no MySQL driver"
fi

# ---- what SQLite cannot render, and ops the live schema refuses --------

if has_driver sqlite && command -v sqlite3 >/dev/null 2>&1; then
  refused "ALTER INDEX i RENAME TO j;" "SQLite: an unknown index" \
    'cannot rename index "i" on SQLite without knowing it' \
    render --engine sqlite
  sqlite3 live.db "
CREATE TABLE t (a INTEGER, b INTEGER, c INTEGER CHECK (c > b));
CREATE TABLE log (x INTEGER);
CREATE TRIGGER t_logged AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.b); END;
CREATE TABLE u (a INTEGER, b INTEGER);
CREATE VIEW u_b AS SELECT b FROM u;
CREATE TABLE w (a INTEGER, b INTEGER);
CREATE INDEX w_b ON w (a) WHERE b > 0;
CREATE VIRTUAL TABLE docs USING fts5(body);"
  live="-u sqlite:live.db"
  # A rebuild (SET NOT NULL) with a column dropped that an object written
  # back as it was still names.
  refused "ALTER TABLE t DROP COLUMN b, ALTER COLUMN a SET NOT NULL;" \
    "SQLite: a dropped column a trigger names" \
    'column "b" is named by trigger "t_logged", which rebuilding table "t" on SQLite would write back unchanged' \
    $live render
  refused "ALTER TABLE u DROP COLUMN b, ALTER COLUMN a SET NOT NULL;" \
    "SQLite: a dropped column a view names" \
    'column "b" is named by view "u_b"' $live render
  like "$err" "rewrite the view in a \.sqlite\.up\.sql file" \
    "SQLite: saying what to do"
  refused "ALTER TABLE w DROP COLUMN b, ALTER COLUMN a SET NOT NULL;" \
    "SQLite: a dropped column a partial index names" \
    'column "b" is named by index "w_b"' $live render
  refused "ALTER TABLE docs ADD CONSTRAINT docs_ok CHECK (1 = 1);" \
    "SQLite: a virtual table" 'virtual table "docs" cannot be rebuilt' \
    $live render
  refused "ALTER TABLE t DROP COLUMN nope;" "a column the table lacks" \
    'column "nope" does not exist' $live render
  refused "DROP TABLE nope;" "a table the database lacks" \
    'table "nope" does not exist' $live render
  refused "ALTER TABLE t DROP CONSTRAINT nope;" "a constraint the table lacks" \
    'constraint "nope" does not exist' $live render
  refused "DROP INDEX nope;" "an index the database lacks" \
    'index "nope" does not exist' $live render
  refused "CREATE TABLE t (a integer);" "a table that exists" \
    'table "t" already exists' $live render
  like "$err" "f\.portable\.up\.sql:1:1" "at the op"
else
  skip "this build has no SQLite driver or no sqlite3 shell"
fi

done_testing
