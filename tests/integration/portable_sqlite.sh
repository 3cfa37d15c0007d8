#!/bin/sh
# portable_sqlite.sh - portable migrations applied by `strata up` on
# SQLite: native ALTERs where SQLite has them, and otherwise a table
# rebuild that keeps everything the table had: rows, rowids, the
# AUTOINCREMENT counter, indexes, triggers, views on it, triggers of other
# tables that name it, and the rows of children with ON DELETE CASCADE.
# A rebuild that would break a foreign key, or put a NULL in a NOT NULL
# column, fails before COMMIT and leaves the file as it was.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"
. "$STRATA_SRCDIR/tests/integration/portable_lib.sh"
has_portable || skip_all "this build has no portable parser (libpg_query)"

write_migration 001_base.sql "
CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE t (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  p_id INTEGER REFERENCES p (id),
  parent_id INTEGER REFERENCES t (id),
  a TEXT COLLATE NOCASE,
  b INTEGER,
  blob BLOB,
  doubled INTEGER GENERATED ALWAYS AS (b * 2) VIRTUAL,
  CONSTRAINT t_b_positive CHECK (b > 0)
);
CREATE UNIQUE INDEX t_a ON t (a);
CREATE INDEX t_b_big ON t (b DESC) WHERE b > 5;
CREATE INDEX t_lower ON t (lower(a));
CREATE TABLE c (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES t (id) ON DELETE CASCADE);
CREATE TABLE g (id INTEGER PRIMARY KEY, c_id INTEGER REFERENCES c (id) ON DELETE CASCADE);
CREATE TABLE log (what TEXT);
CREATE TABLE feed (a TEXT);
CREATE TRIGGER t_logged AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('t ' || new.a); END;
CREATE TRIGGER t_b_default AFTER INSERT ON t WHEN new.b IS NULL BEGIN UPDATE t SET b = 1 WHERE id = new.id; END;
CREATE TRIGGER feed_to_t AFTER INSERT ON feed BEGIN INSERT INTO t (p_id, a, b) VALUES (1, new.a, 9); END;
CREATE VIEW v AS SELECT id, a, b FROM t;
CREATE VIEW vv AS SELECT count(*) AS n FROM v;
CREATE TABLE r (body TEXT);
CREATE VIRTUAL TABLE r_fts USING fts5(body, content='r');
INSERT INTO p VALUES (1, 'one'), (2, 'two');
INSERT INTO t (p_id, a, b, blob) VALUES (1, 'x', 3, x'00ff00'), (1, 'Ünï', 7, NULL),
  (2, 'y', 8, x'00'), (2, 'gone1', 9, NULL), (2, 'gone2', 9, NULL);
UPDATE t SET parent_id = 1 WHERE id = 2;
DELETE FROM t WHERE id IN (4, 5);
INSERT INTO c VALUES (1, 1), (2, 2), (3, 3);
INSERT INTO g VALUES (1, 1), (2, 2), (3, 3);
INSERT INTO r (rowid, body) VALUES (2, 'alpha'), (5, 'beta'), (9, 'gamma');
INSERT INTO r_fts (r_fts) VALUES ('rebuild');
"
run_strata up --to 001
is "$rc" 0 "the raw base applies: $err"

rows() { sql "SELECT (SELECT count(*) FROM t) || ' ' || (SELECT count(*) FROM c) || ' ' || (SELECT count(*) FROM g)"; }
digest() { sql "SELECT group_concat(id || ':' || a || ':' || quote(blob), ',') FROM (SELECT * FROM t ORDER BY id)"; }
before_rows=$(rows)
before_digest=$(digest)

# Each portable migration, then the checks every rebuild must pass.
after_rebuild() { # DESCRIPTION
  is "$(rows)" "$before_rows" "$1: no row of t, c or g was lost"
  is "$(digest)" "$before_digest" "$1: the rows of t are the same"
  is "$(sql 'PRAGMA foreign_key_check')" "" "$1: no foreign key dangles"
  is "$(sql "SELECT seq FROM sqlite_sequence WHERE name = 't'")" 5 \
    "$1: the AUTOINCREMENT counter did not go back"
  is "$(sql "SELECT name FROM sqlite_master WHERE name LIKE '_strata_new_%'")" "" \
    "$1: no temporary table is left"
  is "$(sql "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger', 'view')
             AND name NOT LIKE 'sqlite_%' ORDER BY name" | tr '\n' ' ')" \
    "feed_to_t t_a t_b_big t_b_default t_logged t_lower v vv " \
    "$1: every index, trigger and view is there"
}

write_migration 002_types.portable.up.sql "
ALTER TABLE t ALTER COLUMN a SET NOT NULL, ALTER COLUMN b TYPE bigint;
"
run_strata up --to 002
is "$rc" 0 "a type change and SET NOT NULL apply: $err"
after_rebuild "ALTER TYPE + SET NOT NULL"
like "$(sql "SELECT sql FROM sqlite_master WHERE name = 't'")" 'a TEXT NOT NULL COLLATE NOCASE' \
  "NOT NULL is added and COLLATE kept"
like "$(sql "SELECT sql FROM sqlite_master WHERE name = 't'")" 'b BIGINT' "b is bigint"
like "$(sql "SELECT sql FROM sqlite_master WHERE name = 't'")" 'GENERATED ALWAYS AS' \
  "the generated column is kept"

write_migration 003_drop_check.portable.up.sql "
ALTER TABLE t DROP CONSTRAINT t_b_positive;
"
run_strata up --to 003
is "$rc" 0 "a check is dropped: $err"
after_rebuild "DROP CONSTRAINT"
unlike "$(sql "SELECT sql FROM sqlite_master WHERE name = 't'")" 't_b_positive' \
  "the check is gone"

write_migration 004_fk.portable.up.sql "
ALTER TABLE r ADD COLUMN p_id integer;
ALTER TABLE r ADD CONSTRAINT r_p FOREIGN KEY (p_id) REFERENCES p (id);
"
run_strata up --to 004
is "$rc" 0 "a foreign key is added to a table without INTEGER PRIMARY KEY: $err"
is "$(sql "SELECT group_concat(rowid, ',') FROM (SELECT rowid FROM r ORDER BY rowid)")" \
  "2,5,9" "the rowids are kept"
is "$(sql "SELECT rowid FROM r_fts WHERE r_fts MATCH 'beta'")" 5 \
  "the full-text index still finds its rows"
like "$(sql "SELECT sql FROM sqlite_master WHERE name = 'r'")" 'CONSTRAINT r_p FOREIGN KEY' \
  "the foreign key is in the table"

# The guard restores foreign keys: a cascade in the next migration of the
# same run still fires.
write_migration 005_group.portable.up.sql "
ALTER TABLE t ADD COLUMN note varchar(20) NOT NULL DEFAULT 'n',
  ALTER COLUMN note SET DEFAULT 'm',
  ADD CONSTRAINT t_note_short CHECK (note <> '');
"
write_migration 006_cascade.sql "DELETE FROM t WHERE id = 3;"
run_strata up --to 006
is "$rc" 0 "three ops in one rebuild, then a raw delete: $err"
is "$(sql "SELECT count(*) FROM c WHERE t_id = 3") $(sql "SELECT count(*) FROM g")" "0 2" \
  "foreign keys were back on: the delete cascaded to c and g"
sql "INSERT INTO feed VALUES ('fed')"
is "$(sql "SELECT id || ' ' || b || ' ' || note FROM t WHERE a = 'fed'")" "6 9 m" \
  "the other table's trigger fires, the next id is 6, the new default holds"
is "$(sql "SELECT count(*) FROM log WHERE what = 't fed'")" 1 "t's own trigger fires"
sql "INSERT INTO t (p_id, a) VALUES (1, 'nob')"
is "$(sql "SELECT b FROM t WHERE a = 'nob'")" 1 "the second trigger fires too"
is "$(sql "SELECT n FROM vv")" 4 "the view on the view reads t"

# Native ALTERs where SQLite has them: no rebuild (no DROP TABLE of t).
write_migration 007_native.portable.up.sql "
ALTER TABLE t ADD COLUMN extra integer;
ALTER TABLE t ADD CONSTRAINT t_extra UNIQUE (extra);
ALTER TABLE t RENAME COLUMN extra TO more;
"
run_strata up --dry-run
like "$out" 'ALTER TABLE t ADD COLUMN' "a nullable column is added natively"
like "$out" 'CREATE UNIQUE INDEX t_extra ON t \(extra\)' "ADD UNIQUE is a unique index"
unlike "$out" 'DROP TABLE' "nothing is rebuilt"
run_strata up --to 007
is "$rc" 0 "the native ops apply: $err"
like "$(sql "SELECT sql FROM sqlite_master WHERE name = 't_extra'")" '\(more\)' \
  "the rename follows into the index"

# Failures before COMMIT leave the file as it was.
sql "INSERT INTO r (body) VALUES (NULL)"
sum_before=$(cksum <"$DB")
write_migration 008_not_null.portable.up.sql "ALTER TABLE r ALTER COLUMN body SET NOT NULL;"
run_strata up
is "$rc" 1 "SET NOT NULL over a NULL row fails"
like "$err" 'NOT NULL constraint failed' "saying why"
like "$err" 'at db/migrations/008_not_null.portable.up.sql:1:1' \
  "blaming the op in the portable file"
like "$err" 'of the SQL rendered from it' "and saying where in the rendering"
like "$err" 'rolled back' "and that nothing was applied"
is "$(cksum <"$DB")" "$sum_before" "the database file is unchanged"
rm db/migrations/008_not_null.portable.up.sql

sql "INSERT INTO c VALUES (9, 77)"
sum_before=$(cksum <"$DB")
write_migration 008_orphan.portable.up.sql "ALTER TABLE c ALTER COLUMN t_id SET NOT NULL;"
run_strata up
is "$rc" 1 "a rebuild over an orphan row fails before COMMIT"
like "$err" "left 1 row whose foreign key points nowhere \\(a row of 'c' \\(rowid 9\\) refers to 't'\\): fix the rows or the migration" \
  "naming the row"
is "$(cksum <"$DB")" "$sum_before" "the database file is unchanged"
rm db/migrations/008_orphan.portable.up.sql
sql "DELETE FROM c WHERE id = 9"

write_migration 008_drop_parent.portable.up.sql "DROP TABLE p;"
run_strata up
is "$rc" 1 "dropping a table that children reference fails"
is "$(sql "SELECT count(*) FROM p")" 2 "and the table is still there"
rm db/migrations/008_drop_parent.portable.up.sql

# A portable CREATE TABLE: declared types that keep their affinity.
write_migration 008_create.portable.up.sql "
CREATE TABLE items (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  ref uuid NOT NULL,
  doc json,
  state enum('on', 'off') DEFAULT 'on',
  price decimal(8,2)
);
INSERT INTO items (ref, doc) VALUES ('12345', '123');
"
run_strata up
is "$rc" 0 "a portable table is created: $err"
is "$(sql "SELECT typeof(ref) || ' ' || typeof(doc) FROM items")" "text text" \
  "uuid and json keep text, even all digits"
sql "INSERT INTO items (ref, state) VALUES ('x', 'maybe')" 2>/dev/null
isnt "$?" 0 "an enum refuses a value not among its labels"
run_strata dump --json
is "$rc" 0 "strata dump reads the result: $err"
json=$(printf '%s' "$out" | tr -d ' \n')
like "$json" '"name":"ref","position":2,"type":"uuid"' "UUID TEXT reads back as uuid"
like "$json" '"name":"doc","position":3,"type":"json"' "JSON TEXT reads back as json"

# A raw migration that rebuilds a parent by hand asks for the same guard
# with its first line; without it, the DROP TABLE empties the children.
hand_rebuild() { # PARENT
  printf 'CREATE TABLE _new_%s (id INTEGER PRIMARY KEY, v TEXT NOT NULL DEFAULT '"''"');
INSERT INTO _new_%s SELECT id, coalesce(v, '"''"') FROM %s;
DROP TABLE %s;
ALTER TABLE _new_%s RENAME TO %s;\n' "$1" "$1" "$1" "$1" "$1" "$1"
}
write_migration 009_parents.sql "
CREATE TABLE hp1 (id INTEGER PRIMARY KEY, v TEXT);
CREATE TABLE hc1 (id INTEGER PRIMARY KEY, p INTEGER REFERENCES hp1 (id) ON DELETE CASCADE);
CREATE TABLE hp2 (id INTEGER PRIMARY KEY, v TEXT);
CREATE TABLE hc2 (id INTEGER PRIMARY KEY, p INTEGER REFERENCES hp2 (id) ON DELETE CASCADE);
INSERT INTO hp1 VALUES (1, 'a'); INSERT INTO hc1 VALUES (1, 1), (2, 1);
INSERT INTO hp2 VALUES (1, 'a'); INSERT INTO hc2 VALUES (1, 1), (2, 1);"
write_migration 010_unguarded.sql "$(hand_rebuild hp1)"
write_migration 011_guarded.sql "PRAGMA foreign_keys = OFF;
$(hand_rebuild hp2)"
run_strata up
is "$rc" 0 "two hand rebuilds apply: $err"
is "$(sql "SELECT count(*) FROM hc1")" 0 \
  "without the pragma the rebuild's DROP TABLE cascades (the hazard)"
is "$(sql "SELECT count(*) FROM hc2")" 2 \
  "with PRAGMA foreign_keys = OFF first the children keep their rows"
write_migration 012_guarded_bad.sql "PRAGMA foreign_keys = OFF;
DELETE FROM hp2;"
sum_before=$(cksum <"$DB")
run_strata up
is "$rc" 1 "a guarded raw migration that leaves an orphan fails"
like "$err" 'foreign key points nowhere' "at the check before COMMIT"
is "$(cksum <"$DB")" "$sum_before" "and changes nothing"
rm db/migrations/012_guarded_bad.sql

# A portable up with no down file is undone by its derived down; one
# whose down cannot be derived stops strata down before anything runs.
mkdir derived
printf 'CREATE TABLE dd (id integer PRIMARY KEY);\nCREATE INDEX dd_id ON dd (id);\n' \
  >derived/001_dd.portable.up.sql
printf 'ALTER TABLE dd ADD COLUMN note text;\n' >derived/002_note.portable.up.sql
printf 'ALTER TABLE dd ALTER COLUMN note TYPE varchar(10);\n' \
  >derived/003_narrow.portable.up.sql
run_strata -u sqlite:derived.db -d derived up
is "$rc" 0 "a set without down files applies: $err"
run_strata -u sqlite:derived.db -d derived down
is "$rc" 1 "a down that cannot be derived is refused"
like "$err" 'cannot derive the down of ALTER COLUMN TYPE' "saying why"
like "$err" '003_narrow.portable.up.sql:1:1' "at the op"
is "$(sqlite3 derived.db "SELECT count(*) FROM strata_migrations")" 3 \
  "nothing was reverted"
rm derived/003_narrow.portable.up.sql
sqlite3 derived.db "DELETE FROM strata_migrations WHERE version = '003'"
run_strata -u sqlite:derived.db -d derived down --all
is "$rc" 0 "the derived downs run: $err"
is "$(sqlite3 derived.db "SELECT name FROM sqlite_master WHERE name NOT LIKE '%strata_%'")" "" \
  "and leave nothing behind"
run_strata -u sqlite:derived-verify.db -d derived verify
is "$rc" 0 "strata verify proves the derived downs: $err"

# strata render with --url reads the live table for a rebuild; alone it
# cannot know the table.
printf 'ALTER TABLE t ALTER COLUMN note DROP NOT NULL;\n' >later.portable.up.sql
run_strata render --engine sqlite later.portable.up.sql
is "$rc" 1 "offline, a rebuild of a table the file does not create is refused"
like "$err" 'render with --url against the database' "saying what to do"
sum_before=$(cksum <"$DB")
run_strata -u "sqlite:$DB" render later.portable.up.sql
is "$rc" 0 "with --url the rebuild renders: $err"
like "$out" 'CREATE TABLE _strata_new_t' "from the live table"
like "$out" 'CREATE TRIGGER t_logged' "with its triggers"
is "$(cksum <"$DB")" "$sum_before" "render changes nothing"
run_strata -u "sqlite:$DB" render --engine mysql later.portable.up.sql
is "$rc" 2 "--engine and --url do not go together"

example_failed=$(run_example sqlite:example.db)
is "$?" 0 "the example set goes up, down and up again: $example_failed"

done_testing
