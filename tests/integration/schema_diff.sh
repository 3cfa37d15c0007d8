#!/bin/sh
# strata diff on SQLite: every difference planted between two databases is
# found and named, equal databases are equal, the order is stable, and
# --json and the failures say what they should.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

# Both databases start from the same schema; B then gets every change.
schema="
CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL,
                    name TEXT DEFAULT 'x', CHECK (id > 0), UNIQUE (name));
CREATE INDEX users_email_idx ON users (email);
CREATE TABLE posts (id INTEGER PRIMARY KEY,
                    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE);
CREATE VIEW v AS SELECT id FROM users;
CREATE TRIGGER t AFTER INSERT ON users BEGIN SELECT 1; END;
CREATE TABLE gone (x);"
sqlite3 a.db "$schema"
sqlite3 same.db "$schema"
sqlite3 b.db "
CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255),
                    name TEXT DEFAULT 'y', CHECK (id >= 0), UNIQUE (email));
CREATE INDEX users_email_idx ON users (email, name);
CREATE TABLE posts (id INTEGER PRIMARY KEY,
                    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL);
CREATE VIEW v AS SELECT id, email FROM users;
CREATE TRIGGER t BEFORE INSERT ON users BEGIN SELECT 1; END;
CREATE TABLE extra (x);"

run_strata diff sqlite:a.db sqlite:same.db
is "$rc" 0 "equal schemas: exit 0"
is "$out" "" "and nothing on stdout"
like "$err" "the schemas are the same" "stderr says they are the same"

# strata's history table is not part of the schema.
write_migration 0001_nothing.up.sql "SELECT 1;"
run_strata -u sqlite:same.db up
is "$(sqlite3 same.db "SELECT count(*) FROM strata_migrations")" 1 \
  "one database has a history table"
run_strata diff sqlite:a.db sqlite:same.db
is "$rc" 0 "which is not compared"

run_strata diff sqlite:a.db sqlite:b.db
is "$rc" 1 "different schemas: exit 1"
first=$out
has() { like "$out" "^$(printf '%s' "$1" | sed 's/[][().*^$|+?{}]/\\&/g')\$" "$2"; }
has "table gone: only in A" "a table only in A"
has "table extra: only in B" "a table only in B"
has "table users: column email: type VARCHAR(100) vs VARCHAR(255)" \
  "a column's type"
has "table users: column email: not null vs nullable" "its nullability"
has "table users: column name: default 'x' vs 'y'" "a default"
has "table users: unique (name): only in A" "a unique key only in A"
has "table users: unique (email): only in B" "a unique key only in B"
has "table users: check id > 0: only in A" "a check only in A"
has "table users: check id >= 0: only in B" "and the new one"
has "table posts: foreign key (user_id) references users(id): on delete CASCADE vs SET NULL" \
  "a foreign key's action"
has "index users_email_idx: parts (email) vs (email, name)" \
  "an index's columns"
has "trigger t: timing AFTER vs BEFORE" "a trigger's timing"
has "view v: definition SELECT id FROM users vs SELECT id, email FROM users" \
  "a view's definition"
is "$(lines "$out")" 14 "and nothing else"
like "$err" "14 differences" "stderr counts them"

run_strata diff sqlite:a.db sqlite:b.db
is "$out" "$first" "the same order every time"

run_strata diff sqlite:b.db sqlite:a.db
has "table extra: only in A" "swapped, A and B swap"
has "table users: column email: type VARCHAR(255) vs VARCHAR(100)" \
  "and so do the values"

# An index dropped on one side, by name.
sqlite3 same.db "DROP INDEX users_email_idx"
run_strata diff sqlite:a.db sqlite:same.db
is "$out" "index users_email_idx: only in A" "an index only in A"

if command -v python3 >/dev/null 2>&1; then
  run_strata diff sqlite:a.db sqlite:b.db --json
  is "$rc" 1 "--json: exit 1 when different"
  is "$(jget 'd["equal"]')" False "equal is false"
  is "$(jget 'len(d["differences"])')" 14 "every difference is listed"
  is "$(jget '[x for x in d["differences"] if x["object"] == "table gone"][0]')" \
    "{'kind': 'only_in_a', 'object': 'table gone', 'detail': None, 'text': 'table gone: only in A'}" \
    "an only-in difference has kind, object, no detail and its text"
  is "$(jget '[x["detail"] for x in d["differences"] if x["object"] == "index users_email_idx"][0]')" \
    "parts (email) vs (email, name)" "a change has its detail"
  is "$(jget '[x["kind"] for x in d["differences"] if x["object"] == "index users_email_idx"][0]')" \
    "changed" "and kind changed"

  run_strata diff sqlite:a.db sqlite:a.db --json
  is "$rc" 0 "--json: exit 0 when equal"
  is "$(jget 'd["equal"], d["differences"]')" "(True, [])" \
    "equal is true, no differences"

  run_strata diff sqlite:a.db sqlite:nowhere/x.db --json
  is "$rc" 1 "a database that cannot be opened: exit 1"
  is "$(jget 'd["equal"]')" None "--json: equal is null"
  like "$(jget 'd["error"]["message"]')" "folder 'nowhere' does not exist" \
    "and the error says why"
fi

run_strata diff sqlite:a.db sqlite:nowhere/x.db
is "$rc" 1 "text: exit 1 on failure too"
like "$err" "^strata: error: .*nowhere" "with a clear message"
is "$out" "" "and no difference lines"

run_strata diff sqlite:a.db
is "$rc" 2 "one URL is a usage error"

done_testing
