/*
 * plugin.c - the SQLite rule set.
 *
 * SQLite's ALTER TABLE does four things in place: RENAME TO, RENAME
 * COLUMN, ADD COLUMN (with limits) and DROP COLUMN.  Anything else, and an
 * ADD COLUMN past those limits, fails on SQLite and needs the table rebuilt
 * by hand (create the new table, copy the rows, drop the old one, rename);
 * alter-rebuild says so before the migration fails half way through a
 * deploy.  The limits are those of SQLite's ALTER TABLE documentation.
 *
 * The module exports one symbol, lint_sqlite_LTX_strata_plugin_entry.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <strata/lint.h>

#include "../lint_common/names.h"
#include "../lint_common/report.h"
#include "../lint_common/tokens.h"

#define NAME_LEN 256

/* The module's one export. */
const struct strata_plugin *lint_sqlite_LTX_strata_plugin_entry(void);

static const char *const engines[] = {"sqlite", NULL};

static const struct strata_lint_rule rules[] = {
    {"alter-rebuild", STRATA_LINT_ERROR,
     "an ALTER TABLE SQLite cannot do in place: the table must be rebuilt"},
    {"drop-table", STRATA_LINT_WARNING,
     "DROP TABLE loses the table's data for good"},
    {"drop-column", STRATA_LINT_WARNING,
     "dropping a column loses its data and breaks code still reading it"},
    {"rename", STRATA_LINT_WARNING,
     "renaming a table or column breaks running code that uses the old "
     "name"},
};

struct lite_lint {
  const struct strata_lint_host *host;
  struct names tables; /* table -> tag: the script that created it */
  int script;
};

static int created_here(const struct lite_lint *s, const char *table) {
  return names_has_tag(&s->tables, table, s->script);
}

static void report(struct lite_lint *s, const char *rule, const struct toks *t,
                   size_t at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void report(struct lite_lint *s, const char *rule, const struct toks *t,
                   size_t at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  lint_vreport(s->host, rule, t->items[at].offset, fmt, ap);
  va_end(ap);
}

static void rebuild(struct lite_lint *s, const struct toks *t, size_t at,
                    const char *what) {
  report(s, "alter-rebuild", t, at,
         "SQLite's ALTER TABLE cannot %s; rebuild the table instead: "
         "create the new table, copy the rows, drop the old one and rename "
         "the new one",
         what);
}

/* Why SQLite refuses to ADD the column defined from i to the end, or
 * NULL when it can. */
static const char *add_column_limit(const struct toks *t, size_t i) {
  size_t end = t->count;
  if (toks_has_word(t, i, end, "primary"))
    return "add a PRIMARY KEY column";
  if (toks_has_word(t, i, end, "unique"))
    return "add a UNIQUE column";
  if (toks_has_word(t, i, end, "stored"))
    return "add a STORED generated column";
  for (size_t k = i; k < end; k++) {
    if (!toks_is(t, k, "default"))
      continue;
    if (toks_punct(t, k + 1, '(') || toks_is(t, k + 1, "current_time") ||
        toks_is(t, k + 1, "current_date") ||
        toks_is(t, k + 1, "current_timestamp"))
      return "add a column whose default is not a constant";
    if (toks_is(t, k + 1, "null"))
      break;
    return NULL;
  }
  if (toks_has_word(t, i, end, "not") && toks_has_word(t, i, end, "null"))
    return "add a NOT NULL column without a non-NULL default";
  return NULL;
}

static void alter_add(struct lite_lint *s, const struct toks *t, size_t i) {
  size_t at = i++;
  if (toks_is(t, i, "column"))
    i++;
  if (toks_is_table_constraint(t, i)) {
    rebuild(s, t, at, "add a constraint");
    return;
  }
  const char *limit = add_column_limit(t, i + 1);
  if (limit != NULL)
    rebuild(s, t, at, limit);
}

static void alter_drop(struct lite_lint *s, const struct toks *t, size_t i,
                       const char *table) {
  char col[NAME_LEN];
  size_t at = i++;
  if (toks_is(t, i, "column"))
    i++;
  if (toks_is_table_constraint(t, i) || !toks_is_name(t, i)) {
    rebuild(s, t, at, "drop a constraint");
    return;
  }
  toks_name(t, i, col, sizeof col);
  if (!created_here(s, table))
    lint_report_drop_column(s->host, t->items[at].offset, table, col);
}

static void alter_rename(struct lite_lint *s, const struct toks *t, size_t i,
                         const char *table) {
  char from[NAME_LEN], to[NAME_LEN];
  size_t at = i++;
  int mine = created_here(s, table);
  if (toks_is(t, i, "to")) {
    i++;
    if (toks_qualified(t, &i, to, sizeof to) != 0)
      return;
    names_remove(&s->tables, table);
    names_set(&s->tables, to, NULL, mine ? s->script : 0);
    if (!mine)
      lint_report_rename(s->host, t->items[at].offset, "table", table, to);
    return;
  }
  if (toks_is(t, i, "column"))
    i++;
  if (!toks_is_name(t, i) || !toks_is(t, i + 1, "to") ||
      !toks_is_name(t, i + 2) || mine)
    return;
  toks_name(t, i, from, sizeof from);
  toks_name(t, i + 2, to, sizeof to);
  lint_report_rename(s->host, t->items[at].offset, "column", from, to);
}

static void alter_table(struct lite_lint *s, const struct toks *t, size_t i) {
  char table[NAME_LEN];
  if (toks_qualified(t, &i, table, sizeof table) != 0)
    return;
  if (toks_is(t, i, "add"))
    alter_add(s, t, i);
  else if (toks_is(t, i, "drop"))
    alter_drop(s, t, i, table);
  else if (toks_is(t, i, "rename"))
    alter_rename(s, t, i, table);
  else if (i < t->count)
    rebuild(s, t, i, "change a column or a constraint");
}

static void create_table(struct lite_lint *s, const struct toks *t, size_t i) {
  char table[NAME_LEN];
  if (toks_is(t, i, "temp") || toks_is(t, i, "temporary"))
    i++;
  if (!toks_is(t, i++, "table"))
    return;
  if (toks_is(t, i, "if"))
    i += 3;
  if (toks_qualified(t, &i, table, sizeof table) == 0)
    names_set(&s->tables, table, NULL, s->script);
}

static void drop_table(struct lite_lint *s, const struct toks *t, size_t i) {
  char table[NAME_LEN];
  size_t at = i - 1;
  if (!toks_is(t, i++, "table"))
    return;
  if (toks_is(t, i, "if"))
    i += 2;
  if (toks_qualified(t, &i, table, sizeof table) != 0)
    return;
  int mine = created_here(s, table);
  names_remove(&s->tables, table);
  if (!mine)
    lint_report_drop_table(s->host, t->items[at].offset, table);
}

static void read_statement(void *state, const struct toks *t) {
  struct lite_lint *s = state;
  if (toks_is(t, 0, "create"))
    create_table(s, t, 1);
  else if (toks_is(t, 0, "drop"))
    drop_table(s, t, 1);
  else if (toks_is(t, 0, "alter") && toks_is(t, 1, "table"))
    alter_table(s, t, 2);
}

static int lite_check(void *state, const struct strata_lint_script *script,
                      struct strata_error *err) {
  struct lite_lint *s = state;
  s->script++;
  if (toks_each_statement(script, 0, read_statement, s) != 0)
    return s->host->error_set(err, STRATA_ENOMEM, "out of memory");
  return 0;
}

static int lite_begin(const struct strata_lint_host *host, const char *engine,
                      void **state, struct strata_error *err) {
  struct lite_lint *s = calloc(1, sizeof *s);
  *state = s;
  if (s == NULL)
    return host->error_set(err, STRATA_ENOMEM, "out of memory");
  s->host = host;
  names_init(&s->tables);
  return 0;
}

static void lite_end(void *state) {
  struct lite_lint *s = state;
  if (s == NULL)
    return;
  names_release(&s->tables);
  free(s);
}

static const struct strata_lint_plugin table = {
    .plugin =
        {
            .abi_version = STRATA_PLUGIN_ABI_VERSION,
            .kind = STRATA_PLUGIN_LINT,
            .name = "sqlite",
            .struct_size = sizeof(struct strata_lint_plugin),
            .description = "SQLite ALTER TABLE limits and data-loss rules",
            .version = "0.1.0",
        },
    .engines = engines,
    .rules = rules,
    .rule_count = sizeof rules / sizeof rules[0],
    .begin = lite_begin,
    .check = lite_check,
    .end = lite_end,
};

const struct strata_plugin *lint_sqlite_LTX_strata_plugin_entry(void) {
  return &table.plugin;
}
