/*
 * plugin.c - the conventions rule set: what a schema reviewer asks of
 * every migration whatever the engine, and the hygiene of the files.
 *
 * The table and key rules are judged when a script ends, on the tables it
 * created and the foreign keys it added, so a key or index added further
 * down the same script counts; an index made by an earlier migration of the
 * set counts too.  Project-specific rules (timestamps, idempotent-create)
 * are off until strata.conf turns them on.
 *
 * The module exports one symbol, lint_conventions_LTX_strata_plugin_entry.
 */
#include <stdlib.h>
#include <string.h>

#include "lint_conventions.h"

static const struct strata_lint_rule rules[] = {
    {"timestamps", STRATA_LINT_OFF,
     "every table has created_at and updated_at columns"},
    {"primary-key", STRATA_LINT_WARNING, "every table has a primary key"},
    {"fk-index", STRATA_LINT_WARNING,
     "a foreign key's columns lead some index, so deletes on the parent do "
     "not scan the child (not on MySQL, which makes that index itself)"},
    {"money-float", STRATA_LINT_WARNING,
     "a money column (price, amount, total, ...) is not float, real or "
     "double"},
    {"missing-down", STRATA_LINT_WARNING, "every migration has a down script"},
    {"idempotent-create", STRATA_LINT_OFF,
     "CREATE says IF NOT EXISTS or OR REPLACE, for projects whose files "
     "must survive running twice"},
};

static void report_table(struct conv_lint *s, size_t i) {
  const char *table = s->created.keys[i];
  size_t at = (size_t)s->created.tags[i];
  if (names_find(&s->keyed, table) < 0)
    s->host->report(s->host->host_ctx, "primary-key", at,
                    "table '%s' has no primary key, so its rows cannot be "
                    "told apart, updated one at a time or replicated "
                    "reliably; add one",
                    table);
  static const char *const stamps[] = {"created_at", "updated_at", NULL};
  for (const char *const *c = stamps; *c; c++) {
    char key[2 * CONV_NAME_LEN];
    names_pair(key, sizeof key, table, *c);
    if (names_find(&s->columns, key) < 0)
      s->host->report(s->host->host_ctx, "timestamps", at,
                      "table '%s' has no %s column, which this project asks "
                      "of every table",
                      table, *c);
  }
}

/* Whether an index's leading columns are list's ("t(a)" leads "t(a,b)"). */
static int index_leads_with(const struct conv_lint *s, const char *list) {
  size_t n = strlen(list) - 1; /* without the ')' */
  for (size_t i = 0; i < s->indexes.count; i++) {
    const char *ix = s->indexes.keys[i];
    if (strncmp(ix, list, n) == 0 && (ix[n] == ',' || ix[n] == ')'))
      return 1;
  }
  return 0;
}

static void report_foreign_key(struct conv_lint *s, size_t i) {
  const char *list = s->foreign.keys[i];
  if (s->mysql || index_leads_with(s, list))
    return;
  const char *open = strchr(list, '(');
  s->host->report(s->host->host_ctx, "fk-index", (size_t)s->foreign.tags[i],
                  "foreign key on %s has no index that starts with its "
                  "columns, so each delete or key update on the referenced "
                  "table scans '%.*s'; create an index on %s",
                  list, (int)(open - list), list, open);
}

static void judge_script(struct conv_lint *s,
                         const struct strata_lint_script *script) {
  for (size_t i = 0; i < s->created.count; i++)
    report_table(s, i);
  for (size_t i = 0; i < s->foreign.count; i++)
    report_foreign_key(s, i);
  if (!script->down && !script->has_down)
    s->host->report(s->host->host_ctx, "missing-down", 0,
                    "migration %s has no down script, so it cannot be "
                    "reverted; add one (it may say why it cannot be undone)",
                    script->version ? script->version : script->file);
}

static void read_statement(void *state, const struct toks *t) {
  conv_read_statement(state, t);
}

static int conv_check(void *state, const struct strata_lint_script *script,
                      struct strata_error *err) {
  struct conv_lint *s = state;
  s->script++;
  names_release(&s->created);
  names_release(&s->foreign);
  if (toks_each_statement(script, s->mysql, read_statement, s) != 0)
    return s->host->error_set(err, STRATA_ENOMEM, "out of memory");
  judge_script(s, script);
  return 0;
}

static struct names *every_list(struct conv_lint *s, size_t i) {
  struct names *lists[] = {&s->tables, &s->created, &s->columns,
                           &s->keyed,  &s->indexes, &s->foreign};
  return i < sizeof lists / sizeof lists[0] ? lists[i] : NULL;
}

static int conv_begin(const struct strata_lint_host *host, const char *engine,
                      void **state, struct strata_error *err) {
  struct conv_lint *s = calloc(1, sizeof *s);
  *state = s;
  if (s == NULL)
    return host->error_set(err, STRATA_ENOMEM, "out of memory");
  s->host = host;
  s->mysql = engine != NULL && strcmp(engine, "mysql") == 0;
  for (size_t i = 0; every_list(s, i) != NULL; i++)
    names_init(every_list(s, i));
  return 0;
}

static void conv_end(void *state) {
  struct conv_lint *s = state;
  if (s == NULL)
    return;
  for (size_t i = 0; every_list(s, i) != NULL; i++)
    names_release(every_list(s, i));
  free(s);
}

static const struct strata_lint_plugin table = {
    .plugin =
        {
            .abi_version = STRATA_PLUGIN_ABI_VERSION,
            .kind = STRATA_PLUGIN_LINT,
            .name = "conventions",
            .struct_size = sizeof(struct strata_lint_plugin),
            .description = "schema conventions and migration hygiene, for "
                           "every engine",
            .version = "0.1.0",
        },
    .engines = NULL,
    .rules = rules,
    .rule_count = sizeof rules / sizeof rules[0],
    .begin = conv_begin,
    .check = conv_check,
    .end = conv_end,
};

const struct strata_plugin *lint_conventions_LTX_strata_plugin_entry(void) {
  return &table.plugin;
}
