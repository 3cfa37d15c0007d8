/*
 * test_lint_rules.c - every rule of the MySQL, SQLite and conventions lint
 * plugins, on scripts that must trip it and scripts that must not.
 */
#include "lint_harness.h"

const struct strata_plugin *lint_mysql_LTX_strata_plugin_entry(void);
const struct strata_plugin *lint_sqlite_LTX_strata_plugin_entry(void);
const struct strata_plugin *lint_conventions_LTX_strata_plugin_entry(void);

#define ORDERS                                                                 \
  "CREATE TABLE orders (id int PRIMARY KEY, amount int, note varchar(20), "    \
  "KEY orders_note (note))"

static const struct lint_case mysql_cases[] = {
    {"ddl-with-dml", 1, NULL,
     "CREATE TABLE a (id int PRIMARY KEY); INSERT INTO a VALUES (1)"},
    {"ddl-with-dml", 1, ORDERS,
     "UPDATE orders SET amount = 0; ALTER TABLE orders ADD COLUMN x int; "
     "DELETE FROM orders"},
    {"ddl-with-dml", 0, ORDERS,
     "INSERT INTO orders VALUES (1, 2, 'a'); UPDATE orders SET amount = 3"},
    {"ddl-with-dml", 0, NULL,
     "CREATE TABLE a (id int); CREATE TABLE b (id int)"},

    {"table-copy", 1, ORDERS, "ALTER TABLE orders MODIFY amount bigint"},
    {"table-copy", 1, ORDERS,
     "ALTER TABLE orders MODIFY COLUMN note varchar(100)"},
    {"table-copy", 1, ORDERS,
     "ALTER TABLE orders CONVERT TO CHARACTER SET utf8mb4"},
    {"table-copy", 1, ORDERS, "ALTER TABLE orders DROP PRIMARY KEY"},
    {"table-copy", 1, ORDERS,
     "ALTER TABLE orders ADD COLUMN total int AS (amount * 2) STORED"},
    {"table-copy", 1, ORDERS,
     "ALTER TABLE orders ADD COLUMN y int, ALGORITHM=COPY"},
    {"table-copy", 1, NULL, "ALTER TABLE `legacy` CHANGE `a` `a` bigint"},
    {"table-copy", 0, ORDERS,
     "ALTER TABLE orders MODIFY note varchar(40) NOT NULL"},
    {"table-copy", 0, ORDERS, "ALTER TABLE orders MODIFY amount int NOT NULL"},
    {"table-copy", 0, ORDERS,
     "ALTER TABLE orders MODIFY amount INTEGER(11) NOT NULL"},
    {"table-copy", 1, ORDERS, "ALTER TABLE orders MODIFY amount int unsigned"},
    {"table-copy", 0, ORDERS,
     "ALTER TABLE orders MODIFY amount bigint, ALGORITHM=INPLACE"},
    {"table-copy", 0, ORDERS,
     "ALTER TABLE orders DROP PRIMARY KEY, ADD PRIMARY KEY (id, amount)"},
    {"table-copy", 0, ORDERS, "ALTER TABLE orders ADD COLUMN x int"},
    {"table-copy", 0, NULL,
     "CREATE TABLE t (a int); ALTER TABLE t MODIFY a bigint"},

    {"drop-table", 1, ORDERS, "DROP TABLE IF EXISTS orders"},
    {"drop-table", 0, NULL, "CREATE TABLE t (a int); DROP TABLE t"},
    {"drop-column", 1, ORDERS, "ALTER TABLE orders DROP COLUMN note"},
    {"drop-column", 1, ORDERS, "ALTER TABLE orders DROP note"},
    {"drop-column", 0, ORDERS, "ALTER TABLE orders DROP INDEX orders_note"},
    {"rename", 1, ORDERS, "RENAME TABLE orders TO purchases"},
    {"rename", 1, ORDERS, "ALTER TABLE orders RENAME TO purchases"},
    {"rename", 1, ORDERS, "ALTER TABLE orders CHANGE note memo varchar(20)"},
    {"rename", 1, ORDERS, "ALTER TABLE orders RENAME COLUMN note TO memo"},
    {"rename", 0, ORDERS,
     "ALTER TABLE orders RENAME INDEX orders_note TO orders_memo"},
    {"rename", 0, NULL, "CREATE TABLE t (a int); RENAME TABLE t TO u"},
};

#define THINGS "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)"

static const struct lint_case sqlite_cases[] = {
    {"alter-rebuild", 1, THINGS,
     "ALTER TABLE things ADD COLUMN code TEXT UNIQUE"},
    {"alter-rebuild", 1, THINGS,
     "ALTER TABLE things ADD COLUMN k INTEGER PRIMARY KEY"},
    {"alter-rebuild", 1, THINGS,
     "ALTER TABLE things ADD COLUMN c TEXT NOT NULL"},
    {"alter-rebuild", 1, THINGS,
     "ALTER TABLE things ADD COLUMN at TEXT DEFAULT CURRENT_TIMESTAMP"},
    {"alter-rebuild", 1, THINGS,
     "ALTER TABLE things ADD CONSTRAINT c CHECK (id > 0)"},
    {"alter-rebuild", 1, THINGS,
     "ALTER TABLE things ALTER COLUMN name TYPE int"},
    {"alter-rebuild", 0, THINGS,
     "ALTER TABLE things ADD COLUMN c TEXT NOT NULL DEFAULT ''"},
    {"alter-rebuild", 0, THINGS, "ALTER TABLE things ADD COLUMN c TEXT"},
    {"alter-rebuild", 0, THINGS, "ALTER TABLE things RENAME COLUMN name TO n"},

    {"drop-table", 1, THINGS, "DROP TABLE things"},
    {"drop-table", 0, NULL, "CREATE TABLE t (a); DROP TABLE IF EXISTS t"},
    {"drop-column", 1, THINGS, "ALTER TABLE things DROP COLUMN name"},
    {"drop-column", 0, NULL,
     "CREATE TABLE t (a, b); ALTER TABLE t DROP COLUMN b"},
    {"rename", 1, THINGS, "ALTER TABLE things RENAME TO stuff"},
    {"rename", 1, THINGS, "ALTER TABLE things RENAME name TO title"},
    {"rename", 0, NULL, "CREATE TABLE t (a); ALTER TABLE t RENAME TO u"},
};

static const struct lint_case convention_cases[] = {
    {"timestamps", 2, NULL, "CREATE TABLE t (id int PRIMARY KEY)"},
    {"timestamps", 1, NULL,
     "CREATE TABLE t (id int PRIMARY KEY, created_at timestamp)"},
    {"timestamps", 0, NULL,
     "CREATE TABLE t (id int PRIMARY KEY, created_at timestamp, updated_at "
     "timestamp)"},
    {"timestamps", 0, NULL,
     "CREATE TABLE t (id int PRIMARY KEY, created_at timestamp); ALTER "
     "TABLE t ADD COLUMN updated_at timestamp"},

    {"primary-key", 1, NULL, "CREATE TABLE t (a int, b text)"},
    {"primary-key", 0, NULL, "CREATE TABLE t (a int PRIMARY KEY, b text)"},
    {"primary-key", 0, NULL,
     "CREATE TABLE t (a int, b int, CONSTRAINT t_pk PRIMARY KEY (a, b))"},
    {"primary-key", 0, NULL,
     "CREATE TABLE t (a int NOT NULL); ALTER TABLE t ADD PRIMARY KEY (a)"},

    {"fk-index", 1, NULL,
     "CREATE TABLE o (id int PRIMARY KEY, user_id int REFERENCES users (id))"},
    {"fk-index", 1, NULL,
     "CREATE TABLE o (id int PRIMARY KEY, a int, b int, FOREIGN KEY (a, b) "
     "REFERENCES p (x, y)); CREATE INDEX o_b ON o (b, a)"},
    {"fk-index", 0, NULL,
     "CREATE TABLE o (id int PRIMARY KEY, user_id int REFERENCES users (id)); "
     "CREATE INDEX o_user ON o (user_id, id)"},
    {"fk-index", 0,
     "CREATE TABLE o (id int PRIMARY KEY, user_id int); "
     "CREATE INDEX o_user ON o (user_id)",
     "ALTER TABLE o ADD CONSTRAINT o_fk FOREIGN KEY (user_id) REFERENCES u "
     "(id)"},

    {"money-float", 1, NULL,
     "CREATE TABLE o (id int PRIMARY KEY, price float)"},
    {"money-float", 1, NULL,
     "CREATE TABLE o (id int PRIMARY KEY); ALTER TABLE o ADD COLUMN "
     "total_amount double precision"},
    {"money-float", 0, NULL,
     "CREATE TABLE o (id int PRIMARY KEY, price numeric(10,2))"},
    {"money-float", 0, NULL,
     "CREATE TABLE o (id int PRIMARY KEY, ratio float)"},

    {"missing-down", 1, NULL, "SELECT 1", 1},
    {"missing-down", 0, NULL, "SELECT 1", 0},

    {"idempotent-create", 1, NULL, "CREATE TABLE t (id int PRIMARY KEY)"},
    {"idempotent-create", 1, NULL, "CREATE UNIQUE INDEX t_a ON t (a)"},
    {"idempotent-create", 0, NULL,
     "CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY)"},
    {"idempotent-create", 0, NULL, "CREATE OR REPLACE VIEW v AS SELECT 1"},
};

static const struct lint_case convention_mysql_cases[] = {
    {"fk-index", 0, NULL,
     "CREATE TABLE o (id int PRIMARY KEY, user_id int, FOREIGN KEY "
     "(user_id) REFERENCES users (id))"},
};

#define COUNT(a) (sizeof a / sizeof a[0])

static const struct strata_lint_plugin *plugin(const struct strata_plugin *p) {
  return (const struct strata_lint_plugin *)p;
}

int main(void) {
  const struct strata_lint_plugin *mysql =
      plugin(lint_mysql_LTX_strata_plugin_entry());
  const struct strata_lint_plugin *sqlite =
      plugin(lint_sqlite_LTX_strata_plugin_entry());
  const struct strata_lint_plugin *conv =
      plugin(lint_conventions_LTX_strata_plugin_entry());
  for (size_t i = 0; i < COUNT(mysql_cases); i++)
    harness_run(mysql, "mysql", &mysql_cases[i]);
  for (size_t i = 0; i < COUNT(sqlite_cases); i++)
    harness_run(sqlite, "sqlite", &sqlite_cases[i]);
  for (size_t i = 0; i < COUNT(convention_cases); i++)
    harness_run(conv, "postgres", &convention_cases[i]);
  for (size_t i = 0; i < COUNT(convention_mysql_cases); i++)
    harness_run(conv, "mysql", &convention_mysql_cases[i]);
  harness_covered(mysql, mysql_cases, COUNT(mysql_cases));
  harness_covered(sqlite, sqlite_cases, COUNT(sqlite_cases));
  harness_covered(conv, convention_cases, COUNT(convention_cases));
  return done_testing();
}
