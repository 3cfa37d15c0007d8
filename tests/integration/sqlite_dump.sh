#!/bin/sh
# dump on SQLite: a schema rich in what SQLite can declare, applied through
# migrations, dumps to a script that the sqlite3 shell loads into an empty
# file, whose dump is the same file again; a schema typed differently but
# meaning the same dumps the same; failures leave no file behind.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

# The tables, as a careful author would type them.  Mixed-case and quoted
# names, every kind of default, named and unnamed checks, keys of one and
# several columns, and foreign keys with actions and deferral.
tables_typed_plainly() {
  cat <<'EOF'
CREATE TABLE "UserAccounts" (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email VARCHAR(255) NOT NULL COLLATE NOCASE UNIQUE,
  "Display Name" TEXT DEFAULT 'anon',
  age INT CONSTRAINT age_positive CHECK (age >= 0),
  balance NUMERIC(10, 2) NOT NULL DEFAULT 0,
  ratio REAL DEFAULT -1.5,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  born DATE,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT (datetime('now', 'localtime')),
  profile JSON,
  avatar BLOB,
  big BIGINT,
  email_domain TEXT GENERATED ALWAYS AS (substr(email, instr(email, '@') + 1)) VIRTUAL,
  balance_cents INTEGER GENERATED ALWAYS AS (CAST(balance * 100 AS INTEGER)) STORED,
  CONSTRAINT adult_or_unknown CHECK (age IS NULL OR age >= 18 OR active = 0),
  CHECK (balance < 1000000),
  CHECK (ratio <> 0)
);
CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE memberships (
  team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES "UserAccounts" (id) ON DELETE CASCADE,
  role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
  CONSTRAINT memberships_pk PRIMARY KEY (team_id, user_id)
);
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  team_id INTEGER NOT NULL,
  owner_id INTEGER REFERENCES "UserAccounts" (id) ON DELETE SET NULL,
  reviewer_id INTEGER REFERENCES "UserAccounts" (id) DEFERRABLE INITIALLY DEFERRED,
  title TEXT NOT NULL,
  due DATE,
  CONSTRAINT tasks_membership FOREIGN KEY (team_id, owner_id) REFERENCES memberships (team_id, user_id)
);
CREATE TABLE settings (
  "key" TEXT PRIMARY KEY,
  value TEXT
) WITHOUT ROWID;
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  n INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE "odd ""quoted"" name" (
  "Col" TEXT CONSTRAINT one_col UNIQUE,
  team_id INTEGER REFERENCES teams (id) ON UPDATE CASCADE ON DELETE RESTRICT
);
EOF
}

# The same tables typed carelessly: lower-case keywords, odd spacing, keys
# and references spelled another way, redundant parentheses and BINARY.
tables_typed_carelessly() {
  cat <<'EOF'
create table UserAccounts(id integer primary key autoincrement,
  email varchar( 255 ) not null collate nocase unique,
  [Display Name] text default ('anon'),
  age int constraint "age_positive" check(age>=0),
  balance numeric(10,2) default 0 not null, ratio real default (-1.5),
  active boolean not null default true, born date,
  created_at datetime not null default current_timestamp,
  updated_at timestamp default (DATETIME('now','localtime')),
  profile json, avatar blob collate binary, big bigint,
  email_domain text as (SUBSTR(email,instr(email,'@')+1)),
  balance_cents integer as (cast(balance*100 as integer)) stored,
  check (ratio<>0), check (balance<1000000),
  constraint adult_or_unknown check(age is null or age>=18 or active=0));
create table teams (id integer, name text not null, primary key (id));
create table memberships (
  team_id integer not null references TEAMS on delete cascade,
  user_id integer not null references useraccounts(ID) on delete cascade,
  role text not null default 'member' check (role in ('member','admin')),
  constraint memberships_pk primary key (team_id, user_id));
create table tasks (id integer primary key, team_id integer not null,
  owner_id integer, reviewer_id integer, title text not null, due date,
  foreign key (reviewer_id) references UserAccounts deferrable initially deferred,
  constraint tasks_membership foreign key (team_id,owner_id)
    references memberships(team_id,user_id),
  foreign key (owner_id) references UserAccounts on delete set null);
create table settings ("key" text primary key not null, value text) without rowid;
create table counters (name text primary key, n integer not null default 0) strict;
create table [odd "quoted" name] (`Col` text constraint one_col unique,
  team_id integer references teams on delete restrict on update cascade);
EOF
}

# Objects kept as typed (views and triggers) are the same in both.  The
# views' names put them in the wrong order alphabetically.
indexes_plainly() {
  cat <<'EOF'
CREATE INDEX active_users ON "UserAccounts" (created_at) WHERE active = 1;
CREATE INDEX users_display_name ON "UserAccounts" (lower("Display Name"));
CREATE INDEX tasks_due ON tasks (due DESC, id);
CREATE UNIQUE INDEX teams_name ON teams (name COLLATE NOCASE);
EOF
}

indexes_carelessly() {
  cat <<'EOF'
create index active_users on useraccounts(created_at) where active=1;
create index users_display_name on UserAccounts(LOWER( "Display Name" ) asc);
create index tasks_due on tasks(due desc,id asc);
create unique index teams_name on teams(name collate nocase);
EOF
}

views_and_triggers() {
  cat <<'EOF'
CREATE VIEW z_active_users AS SELECT id, email, created_at FROM "UserAccounts" WHERE active;
CREATE VIEW a_recent_users AS SELECT id, email FROM z_active_users WHERE created_at > '2020-01-01';
CREATE VIEW team_names (team, label) AS SELECT id, name FROM teams;
CREATE TRIGGER teams_trim AFTER UPDATE OF name ON teams
BEGIN
  UPDATE teams SET name = trim(NEW.name) WHERE id = NEW.id;
END;
CREATE VIRTUAL TABLE notes USING fts5(title, body);
EOF
}

write_migration 0001_tables.up.sql "$(tables_typed_plainly)"
write_migration 0002_objects.up.sql "$(indexes_plainly)
$(views_and_triggers)"
write_migration 0003_slug.up.sql "ALTER TABLE teams ADD COLUMN slug TEXT DEFAULT NULL;"

run_strata up
is "$rc" 0 "the rich schema applies"

run_strata dump -o a.sql
is "$rc" 0 "dump succeeds"
is "$out" "a.sql" "and names the file it wrote"
dump=$(cat a.sql)

# What the dump says, line by line.
has() { has_line "$1" a.sql "$2"; } # has LINE DESCRIPTION
has 'CREATE TABLE UserAccounts (' "a mixed-case name needs no quotes"
has '  id INTEGER PRIMARY KEY AUTOINCREMENT,' "AUTOINCREMENT on its key"
has '  email VARCHAR(255) NOT NULL COLLATE NOCASE,' "NOT NULL and COLLATE"
has '  "Display Name" TEXT DEFAULT '"'anon'"',' "a name with a space is quoted"
has '  ratio REAL DEFAULT -1.5,' "a negative default stays bare"
has '  active BOOLEAN NOT NULL DEFAULT TRUE,' "a keyword default"
has '  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,' \
  "CURRENT_TIMESTAMP default"
has "  updated_at TIMESTAMP DEFAULT (datetime('now', 'localtime'))," \
  "an expression default in parentheses"
has "  email_domain TEXT GENERATED ALWAYS AS (substr(email, instr(email, '@') + 1)) VIRTUAL," \
  "a virtual generated column"
has '  balance_cents INTEGER GENERATED ALWAYS AS (CAST (balance * 100 AS INTEGER)) STORED,' \
  "a stored generated column"
has '  UNIQUE (email),' "a column's UNIQUE becomes a table constraint"
has '  CONSTRAINT adult_or_unknown CHECK (age IS NULL OR age >= 18 OR active = 0),' \
  "a named table check"
has '  CONSTRAINT age_positive CHECK (age >= 0)' "a named column check"
has '  CONSTRAINT memberships_pk PRIMARY KEY (team_id, user_id),' \
  "a named key of two columns"
has "  CHECK (role IN ('member', 'admin'))," "an unnamed check"
has '  FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE,' \
  "a foreign key with ON DELETE CASCADE"
has '  FOREIGN KEY (owner_id) REFERENCES UserAccounts (id) ON DELETE SET NULL,' \
  "a foreign key with ON DELETE SET NULL"
has '  FOREIGN KEY (reviewer_id) REFERENCES UserAccounts (id) DEFERRABLE INITIALLY DEFERRED,' \
  "a deferred foreign key"
has '  CONSTRAINT tasks_membership FOREIGN KEY (team_id, owner_id) REFERENCES memberships (team_id, user_id)' \
  "a named foreign key of two columns"
has '  "key" TEXT PRIMARY KEY NOT NULL,' "a keyword as a name is quoted"
has ') WITHOUT ROWID;' "WITHOUT ROWID"
has ') STRICT;' "STRICT"
has '  slug TEXT DEFAULT NULL' "a column added later"
has 'CREATE INDEX active_users ON UserAccounts (created_at) WHERE active = 1;' \
  "a partial index"
has 'CREATE INDEX users_display_name ON UserAccounts (lower("Display Name"));' \
  "an expression index"
has 'CREATE INDEX tasks_due ON tasks (due DESC, id);' "a descending part"
has 'CREATE UNIQUE INDEX teams_name ON teams (name COLLATE NOCASE);' \
  "a unique index with its own collation"
has 'CREATE TRIGGER teams_trim AFTER UPDATE OF name ON teams' "the trigger as typed"
has 'CREATE TABLE "odd ""quoted"" name" (' "a name with quotes in it"
has '  CONSTRAINT one_col UNIQUE (Col),' "a named column UNIQUE"
has '  FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE RESTRICT ON UPDATE CASCADE' \
  "ON DELETE and ON UPDATE"
has 'CREATE VIEW team_names (team, label) AS SELECT id, name FROM teams;' \
  "a view with its column list"
has 'CREATE VIRTUAL TABLE notes USING fts5(title, body);' "a virtual table"
unlike "$dump" "notes_(data|idx|content|docsize|config)" \
  "not the tables the virtual table keeps for itself"
unlike "$dump" "sqlite_sequence|sqlite_autoindex" "nothing of SQLite's own"
is "$(grep -c '^CREATE TABLE strata_migrations (' a.sql)" 1 \
  "strata's own tables only in the history part"
is "$(grep -n '^CREATE VIEW' a.sql | cut -d' ' -f3 | tr '\n' ' ')" \
  "team_names z_active_users a_recent_users " \
  "a view comes after the view it reads"
is "$(grep -c '^CREATE TABLE' a.sql)" 9 "seven tables, then the two of the history"
like "$dump" "INSERT INTO strata_migrations .*'0003'" "the history is in the dump"

# The dump loads into an empty file with SQLite's own shell, and that file
# dumps the same.
sqlite3 -bail loaded.db <a.sql
is "$?" 0 "the sqlite3 shell loads the dump into an empty file"
DATABASE_URL=sqlite:loaded.db run_strata dump -o b.sql
is "$rc" 0 "the loaded file dumps"
same_file a.sql b.sql "and its dump is byte-identical"
DATABASE_URL=sqlite:loaded.db run_strata status
like "$out" "3 migrations: 3 applied, 0 pending" "the loaded file has the history"
is "$(sqlite3 loaded.db 'PRAGMA foreign_key_check; PRAGMA integrity_check')" ok \
  "the loaded file is sound"

# The typed-careless schema dumps the same as the plain one.
for variant in plainly carelessly; do
  if [ $variant = plainly ]; then tables_typed_plainly; indexes_plainly
  else tables_typed_carelessly; indexes_carelessly; fi >schema-$variant.sql
  views_and_triggers >>schema-$variant.sql
  echo "ALTER TABLE teams ADD COLUMN slug TEXT DEFAULT NULL;" >>schema-$variant.sql
  sqlite3 -bail $variant.db <schema-$variant.sql
  DATABASE_URL=sqlite:$variant.db run_strata dump -o $variant.sql
  is "$rc" 0 "the schema typed $variant dumps"
done
same_file plainly.sql carelessly.sql "a schema typed differently dumps the same"

# What the model has no place for is named, not dropped silently.
sqlite3 -bail notices.db "CREATE TABLE t (a TEXT NOT NULL ON CONFLICT REPLACE
  DEFAULT 'x', b UNIQUE ON CONFLICT ABORT);
  CREATE VIEW v AS SELECT a, b FROM t;
  CREATE TRIGGER v_insert INSTEAD OF INSERT ON v
  BEGIN INSERT INTO t VALUES (NEW.a, NEW.b); END;"
DATABASE_URL=sqlite:notices.db run_strata dump -o notices.sql
is "$rc" 0 "a dump with something it cannot keep succeeds"
like "$err" "trigger 'v_insert' on view 'v': left out" \
  "and names a trigger on a view"
like "$err" "table 't': ON CONFLICT REPLACE of a NOT NULL is left out" \
  "and an ON CONFLICT clause"
unlike "$err" "ABORT" "but not ON CONFLICT ABORT, which changes nothing"

# Failures: one line, exit 1, no file left behind.
echo "this is not a database, only a text file long enough to be read" >text.db
DATABASE_URL=sqlite:text.db run_strata dump -o bad.sql
is "$rc" 1 "a file that is not a database fails the dump"
like "$err" "^strata: error: file 'text.db' is not an SQLite database" \
  "and says so"
is "$(lines "$err")" 1 "in one line"
[ ! -e bad.sql ] && [ ! -e bad.sql.tmp ]
is "$?" 0 "and leaves no file"

DATABASE_URL="sqlite://$scratch/missing.db?mode=rw" run_strata dump -o bad.sql
is "$rc" 1 "a file that does not exist fails the dump"
like "$err" "missing.db" "and names it"
is "$(lines "$err")" 1 "in one line"
[ ! -e bad.sql ] && [ ! -e bad.sql.tmp ] && [ ! -e missing.db ]
is "$?" 0 "and leaves no file"

done_testing
