/*
 * plugin.c - the PostgreSQL rule set: its table, and the reading of each
 * script's statements through libpg_query.
 *
 * The module exports one symbol, lint_postgres_LTX_strata_plugin_entry.
 */
#include <pg_query.h>
#include <stdlib.h>
#include <string.h>

#include "lint_postgres.h"

static const char *const engines[] = {"postgres", NULL};

static const struct strata_lint_rule rules[] = {
    {"index-not-concurrent", STRATA_LINT_ERROR,
     "CREATE INDEX without CONCURRENTLY (or ADD PRIMARY KEY or UNIQUE "
     "without USING INDEX) on an existing table blocks its writes while the "
     "index builds"},
    {"volatile-default", STRATA_LINT_ERROR,
     "ADD COLUMN with a volatile default rewrites the whole table under an "
     "exclusive lock"},
    {"type-rewrite", STRATA_LINT_ERROR,
     "ALTER COLUMN TYPE that rewrites the table and its indexes under an "
     "exclusive lock"},
    {"set-not-null", STRATA_LINT_ERROR,
     "SET NOT NULL without a validated CHECK (col IS NOT NULL) scans the "
     "table under an exclusive lock"},
    {"constraint-not-valid", STRATA_LINT_ERROR,
     "a foreign key or check added to an existing table without NOT VALID "
     "checks every row under a lock"},
    {"drop-table", STRATA_LINT_WARNING,
     "DROP TABLE loses the table's data for good"},
    {"drop-column", STRATA_LINT_WARNING,
     "dropping a column loses its data and breaks code still reading it"},
    {"rename", STRATA_LINT_WARNING,
     "renaming a table or column breaks running code that uses the old "
     "name"},
};

static int pg_begin(const struct strata_lint_host *host, const char *engine,
                    void **state, struct strata_error *err) {
  struct pg_lint *s = calloc(1, sizeof *s);
  *state = s;
  if (s == NULL)
    return host->error_set(err, STRATA_ENOMEM, "out of memory");
  s->host = host;
  names_init(&s->tables);
  names_init(&s->columns);
  names_init(&s->checks);
  names_init(&s->not_null_ok);
  return 0;
}

static void pg_end(void *state) {
  struct pg_lint *s = state;
  if (s == NULL)
    return;
  names_release(&s->tables);
  names_release(&s->columns);
  names_release(&s->checks);
  names_release(&s->not_null_ok);
  free(s);
}

/* Parses one statement and hands its tree to the rules.  A statement
 * libpg_query cannot parse is left to the server to refuse. */
static void read_statement(struct pg_lint *s, const char *sql) {
  PgQueryParseResult res = pg_query_parse(sql);
  json_t *tree = res.error == NULL
                     ? json_loads(res.parse_tree, JSON_DECODE_ANY, NULL)
                     : NULL;
  json_t *stmts = json_object_get(tree, "stmts");
  for (size_t i = 0; i < json_array_size(stmts); i++)
    pg_lint_statement(s, json_object_get(json_array_get(stmts, i), "stmt"));
  json_decref(tree);
  pg_query_free_parse_result(res);
}

/* Parsing is what costs: a run with every PostgreSQL rule off skips it. */
static int any_rule_on(const struct pg_lint *s) {
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
    if (s->host->rule_on(s->host->host_ctx, rules[i].id))
      return 1;
  return 0;
}

static int pg_check(void *state, const struct strata_lint_script *script,
                    struct strata_error *err) {
  struct pg_lint *s = state;
  s->script++;
  if (!any_rule_on(s))
    return 0;
  for (size_t i = 0; i < script->count; i++) {
    const struct strata_statement *st = &script->statements[i];
    char *sql = strndup(script->text + st->offset, st->length);
    if (sql == NULL)
      return s->host->error_set(err, STRATA_ENOMEM, "out of memory");
    s->base = st->offset;
    read_statement(s, sql);
    free(sql);
  }
  return 0;
}

static const struct strata_lint_plugin table = {
    .plugin =
        {
            .abi_version = STRATA_PLUGIN_ABI_VERSION,
            .kind = STRATA_PLUGIN_LINT,
            .name = "postgres",
            .struct_size = sizeof(struct strata_lint_plugin),
            .description = "PostgreSQL locking, rewrite and data-loss rules "
                           "(libpg_query)",
            .version = "0.1.0",
        },
    .engines = engines,
    .rules = rules,
    .rule_count = sizeof rules / sizeof rules[0],
    .begin = pg_begin,
    .check = pg_check,
    .end = pg_end,
};

const struct strata_plugin *lint_postgres_LTX_strata_plugin_entry(void) {
  return &table.plugin;
}
