/*
 * test_lint_postgres.c - every PostgreSQL lint rule, on scripts that must
 * trip it and scripts that must not, parsed by libpg_query as in use.
 */
#include "lint_harness.h"

const struct strata_plugin *lint_postgres_LTX_strata_plugin_entry(void);

#define USERS                                                                  \
  "CREATE TABLE users (id int PRIMARY KEY, email text, name varchar(50), "     \
  "score numeric(8,2), age int)"

static const struct lint_case cases[] = {
    {"index-not-concurrent", 1, USERS,
     "CREATE INDEX users_email ON users (email)"},
    {"index-not-concurrent", 1, NULL,
     "CREATE UNIQUE INDEX users_email ON public.\"users\" (email)"},
    {"index-not-concurrent", 0, USERS,
     "CREATE INDEX CONCURRENTLY users_email ON users (email)"},
    {"index-not-concurrent", 0, NULL,
     "CREATE TABLE t (a int); CREATE INDEX t_a ON t (a)"},
    {"index-not-concurrent", 1, USERS,
     "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)"},
    {"index-not-concurrent", 0, USERS,
     "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX "
     "users_email_idx"},
    {"index-not-concurrent", 0, NULL,
     "CREATE TABLE t (a int); ALTER TABLE t ADD PRIMARY KEY (a)"},

    {"volatile-default", 1, USERS,
     "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()"},
    {"volatile-default", 1, USERS,
     "ALTER TABLE users ADD COLUMN r float8 DEFAULT (random() * 10)"},
    {"volatile-default", 1, USERS, "ALTER TABLE users ADD COLUMN n bigserial"},
    {"volatile-default", 0, USERS,
     "ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true"},
    {"volatile-default", 0, USERS,
     "ALTER TABLE users ADD COLUMN seen timestamptz DEFAULT now()"},
    {"volatile-default", 0, NULL,
     "CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN u uuid DEFAULT "
     "gen_random_uuid()"},

    {"type-rewrite", 1, USERS, "ALTER TABLE users ALTER COLUMN id TYPE bigint"},
    {"type-rewrite", 1, USERS,
     "ALTER TABLE users ALTER COLUMN name TYPE varchar(20)"},
    {"type-rewrite", 1, NULL, "ALTER TABLE accounts ALTER COLUMN x TYPE text"},
    {"type-rewrite", 1, USERS,
     "ALTER TABLE users ALTER COLUMN email TYPE text USING trim(email)"},
    {"type-rewrite", 0, USERS,
     "ALTER TABLE users ALTER COLUMN name TYPE varchar(100)"},
    {"type-rewrite", 0, USERS, "ALTER TABLE users ALTER COLUMN name TYPE text"},
    {"type-rewrite", 0, USERS,
     "ALTER TABLE users ALTER COLUMN score TYPE numeric(12,2)"},

    {"set-not-null", 1, USERS,
     "ALTER TABLE users ALTER COLUMN email SET NOT NULL"},
    {"set-not-null", 1, USERS,
     "ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) "
     "NOT VALID; ALTER TABLE users ALTER COLUMN email SET NOT NULL"},
    {"set-not-null", 0, USERS,
     "ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) "
     "NOT VALID; ALTER TABLE users VALIDATE CONSTRAINT email_nn; ALTER TABLE "
     "users ALTER COLUMN email SET NOT NULL"},
    {"set-not-null", 0, NULL,
     "CREATE TABLE t (a int); ALTER TABLE t ALTER COLUMN a SET NOT NULL"},

    {"constraint-not-valid", 1, USERS,
     "ALTER TABLE users ADD CONSTRAINT users_boss FOREIGN KEY (age) "
     "REFERENCES users (id)"},
    {"constraint-not-valid", 1, USERS,
     "ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0)"},
    {"constraint-not-valid", 0, USERS,
     "ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT "
     "VALID"},
    {"constraint-not-valid", 0, USERS,
     "ALTER TABLE users ADD CONSTRAINT users_boss FOREIGN KEY (age) "
     "REFERENCES users (id) NOT VALID"},

    {"drop-table", 2, USERS, "DROP TABLE users, accounts"},
    {"drop-table", 0, NULL, "CREATE TABLE tmp (a int); DROP TABLE tmp"},

    {"drop-column", 1, USERS, "ALTER TABLE users DROP COLUMN age"},
    {"drop-column", 0, NULL,
     "CREATE TABLE t (a int, b int); ALTER TABLE t DROP COLUMN b"},

    {"rename", 1, USERS, "ALTER TABLE users RENAME TO people"},
    {"rename", 1, USERS, "ALTER TABLE users RENAME COLUMN name TO full_name"},
    {"rename", 0, NULL, "CREATE TABLE t (a int); ALTER TABLE t RENAME TO u"},
    {"rename", 0, USERS, "ALTER INDEX users_pkey RENAME TO users_pk"},
};

int main(void) {
  const struct strata_lint_plugin *p = (const struct strata_lint_plugin *)
      lint_postgres_LTX_strata_plugin_entry();
  is_int(p->plugin.kind, STRATA_PLUGIN_LINT, "the plugin is a lint rule set");
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    harness_run(p, "postgres", &cases[i]);
  harness_covered(p, cases, sizeof cases / sizeof cases[0]);
  return done_testing();
}
