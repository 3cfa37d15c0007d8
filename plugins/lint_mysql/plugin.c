/*
 * plugin.c - the MySQL and MariaDB rule set: its table, the statements
 * other than ALTER TABLE, and the DDL-with-DML rule, which looks at a whole
 * script.
 *
 * The module exports one symbol, lint_mysql_LTX_strata_plugin_entry.
 */
#include <stdlib.h>
#include <string.h>

#include "lint_mysql.h"

static const char *const engines[] = {"mysql", NULL};

static const struct strata_lint_rule rules[] = {
    {"ddl-with-dml", STRATA_LINT_ERROR,
     "DDL and data changes in one file: DDL commits by itself, so a failure "
     "part way cannot be rolled back"},
    {"table-copy", STRATA_LINT_ERROR,
     "an ALTER TABLE that MySQL can only do by copying the table "
     "(no ALGORITHM=INSTANT or INPLACE), blocking writes meanwhile"},
    {"drop-table", STRATA_LINT_WARNING,
     "DROP TABLE loses the table's data for good"},
    {"drop-column", STRATA_LINT_WARNING,
     "dropping a column loses its data and breaks code still reading it"},
    {"rename", STRATA_LINT_WARNING,
     "renaming a table or column breaks running code that uses the old "
     "name"},
};

int my_created_here(const struct my_lint *s, const char *table) {
  return names_has_tag(&s->tables, table, s->script);
}

/* Spellings of one integer type: a display width, deprecated since MySQL
 * 8.0.17, changes nothing stored, and INTEGER is INT. */
static void integer_spelling(char *type) {
  static const char *const ints[] = {
      "tinyint", "smallint", "mediumint", "bigint", "integer", "int", NULL};
  for (const char *const *w = ints; *w; w++) {
    size_t n = strlen(*w);
    if (strncmp(type, *w, n) != 0 ||
        (type[n] != '(' && type[n] != ' ' && type[n] != '\0'))
      continue;
    char *close = type[n] == '(' ? strchr(type + n, ')') : NULL;
    if (close != NULL)
      memmove(type + n, close + 1, strlen(close + 1) + 1);
    if (strcmp(*w, "integer") == 0)
      memmove(type + 3, type + 7, strlen(type + 7) + 1);
    return;
  }
}

void my_type_text(const struct toks *t, size_t from, size_t to, char *out,
                  size_t n) {
  toks_text(t, from, toks_type_end(t, from, to), out, n);
  integer_spelling(out);
}

void my_remember_column(struct my_lint *s, const struct toks *t,
                        const char *table, size_t from, size_t to) {
  char col[MY_NAME_LEN], key[2 * MY_NAME_LEN], type[MY_NAME_LEN];
  if (!toks_is_name(t, from) || toks_is_table_constraint(t, from))
    return;
  toks_name(t, from, col, sizeof col);
  my_type_text(t, from + 1, to, type, sizeof type);
  names_pair(key, sizeof key, table, col);
  names_set(&s->columns, key, type, 0);
}

void my_remember_columns(struct my_lint *s, const struct toks *t,
                         const char *table, size_t i) {
  size_t close = toks_skip_group(t, i) - 1;
  for (size_t from = i + 1; from < close;) {
    size_t to = toks_item_end(t, from, close);
    my_remember_column(s, t, table, from, to);
    from = to + 1;
  }
}

/* CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name (...) */
static void create_table(struct my_lint *s, const struct toks *t, size_t i) {
  char table[MY_NAME_LEN];
  if (toks_is(t, i, "temporary"))
    i++;
  if (!toks_is(t, i, "table"))
    return;
  i++;
  if (toks_is(t, i, "if"))
    i += 3;
  if (toks_qualified(t, &i, table, sizeof table) != 0)
    return;
  names_set(&s->tables, table, NULL, s->script);
  if (toks_punct(t, i, '('))
    my_remember_columns(s, t, table, i);
}

/* DROP [TEMPORARY] TABLE [IF EXISTS] a, b ... */
static void drop_table(struct my_lint *s, const struct toks *t, size_t i) {
  if (toks_is(t, i, "temporary"))
    i++;
  if (!toks_is(t, i++, "table"))
    return;
  if (toks_is(t, i, "if"))
    i += 2;
  char table[MY_NAME_LEN];
  for (size_t at = i; toks_qualified(t, &i, table, sizeof table) == 0;) {
    int mine = my_created_here(s, table);
    names_remove(&s->tables, table);
    if (!mine)
      lint_report_drop_table(s->host, t->items[at].offset, table);
    if (!toks_punct(t, i, ','))
      break;
    at = ++i;
  }
}

/* RENAME TABLE a TO b [, c TO d] */
static void rename_tables(struct my_lint *s, const struct toks *t, size_t i) {
  char from[MY_NAME_LEN], to[MY_NAME_LEN];
  if (!toks_is(t, i++, "table"))
    return;
  for (size_t at = i; toks_qualified(t, &i, from, sizeof from) == 0;) {
    if (!toks_is(t, i++, "to") || toks_qualified(t, &i, to, sizeof to) != 0)
      return;
    int mine = my_created_here(s, from);
    names_remove(&s->tables, from);
    names_set(&s->tables, to, NULL, mine ? s->script : 0);
    if (!mine)
      lint_report_rename(s->host, t->items[at].offset, "table", from, to);
    if (!toks_punct(t, i, ','))
      return;
    at = ++i;
  }
}

static void read_statement(struct my_lint *s, const struct toks *t) {
  if (toks_is(t, 0, "create"))
    create_table(s, t, 1);
  else if (toks_is(t, 0, "drop"))
    drop_table(s, t, 1);
  else if (toks_is(t, 0, "rename"))
    rename_tables(s, t, 1);
  else if (toks_is(t, 0, "alter")) {
    size_t i = 1;
    while (toks_is(t, i, "online") || toks_is(t, i, "ignore"))
      i++;
    if (toks_is(t, i, "table"))
      my_alter_table(s, t, i + 1);
  }
}

static const char *const ddl_words[] = {"create", "alter",    "drop",
                                        "rename", "truncate", NULL};
static const char *const dml_words[] = {"insert",  "update", "delete",
                                        "replace", "load",   NULL};

static int starts_with_one_of(const struct toks *t, const char *const *words) {
  for (; *words; words++)
    if (toks_is(t, 0, *words))
      return 1;
  return 0;
}

/* What a script holds so far, for ddl-with-dml. */
struct mix {
  int ddl, dml, reported;
};

static void check_mix(struct my_lint *s, struct mix *m, const struct toks *t) {
  int ddl = starts_with_one_of(t, ddl_words);
  int dml = starts_with_one_of(t, dml_words);
  if (m->reported || (!ddl && !dml))
    return;
  if ((ddl && m->dml) || (dml && m->ddl)) {
    m->reported = 1;
    s->host->report(s->host->host_ctx, "ddl-with-dml", t->items[0].offset,
                    "this file mixes DDL with data changes; MySQL commits "
                    "each DDL statement by itself, so a failure part way "
                    "leaves the file half applied with nothing to roll "
                    "back; put the data changes in a migration of their "
                    "own");
  }
  m->ddl |= ddl;
  m->dml |= dml;
}

/* One script's reading: the run's memory and the script's mix so far. */
struct reading {
  struct my_lint *s;
  struct mix mix;
};

static void read_next(void *state, const struct toks *t) {
  struct reading *r = state;
  if (t->count == 0)
    return;
  check_mix(r->s, &r->mix, t);
  read_statement(r->s, t);
}

static int my_check(void *state, const struct strata_lint_script *script,
                    struct strata_error *err) {
  struct my_lint *s = state;
  struct reading r = {s, {0, 0, 0}};
  s->script++;
  if (toks_each_statement(script, 1, read_next, &r) != 0)
    return s->host->error_set(err, STRATA_ENOMEM, "out of memory");
  return 0;
}

static int my_begin(const struct strata_lint_host *host, const char *engine,
                    void **state, struct strata_error *err) {
  struct my_lint *s = calloc(1, sizeof *s);
  *state = s;
  if (s == NULL)
    return host->error_set(err, STRATA_ENOMEM, "out of memory");
  s->host = host;
  names_init(&s->tables);
  names_init(&s->columns);
  return 0;
}

static void my_end(void *state) {
  struct my_lint *s = state;
  if (s == NULL)
    return;
  names_release(&s->tables);
  names_release(&s->columns);
  free(s);
}

static const struct strata_lint_plugin table = {
    .plugin =
        {
            .abi_version = STRATA_PLUGIN_ABI_VERSION,
            .kind = STRATA_PLUGIN_LINT,
            .name = "mysql",
            .struct_size = sizeof(struct strata_lint_plugin),
            .description = "MySQL and MariaDB table-copy, implicit-commit "
                           "and data-loss rules",
            .version = "0.1.0",
        },
    .engines = engines,
    .rules = rules,
    .rule_count = sizeof rules / sizeof rules[0],
    .begin = my_begin,
    .check = my_check,
    .end = my_end,
};

const struct strata_plugin *lint_mysql_LTX_strata_plugin_entry(void) {
  return &table.plugin;
}
