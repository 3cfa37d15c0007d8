/*
 * read.c - the facts of CREATE TABLE, CREATE INDEX and ALTER TABLE ... ADD,
 * read with one token scan that fits PostgreSQL, MySQL and SQLite: a
 * column list in parentheses, items split at top-level commas, an item
 * being a table constraint (by its first word) or a column.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../lint_common/report.h"
#include "lint_conventions.h"

static void report(struct conv_lint *s, const char *rule, size_t offset,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void report(struct conv_lint *s, const char *rule, size_t offset,
                   const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  lint_vreport(s->host, rule, offset, fmt, ap);
  va_end(ap);
}

/* "table(a,b)" from the names of the group that opens at i.  An item that
 * is an expression rather than a column reads as "?", which matches no
 * foreign key. */
static void column_list(const struct toks *t, size_t i, const char *table,
                        char *out, size_t n) {
  size_t close = toks_skip_group(t, i) - 1, used;
  used = (size_t)snprintf(out, n, "%s(", table);
  for (size_t from = i + 1; from < close && used < n;) {
    size_t to = toks_item_end(t, from, close);
    char col[CONV_NAME_LEN] = "?";
    if (toks_is_name(t, from) && !toks_punct(t, from + 1, '('))
      toks_name(t, from, col, sizeof col);
    used += (size_t)snprintf(out + used, n - used, "%s%s",
                             from > i + 1 ? "," : "", col);
    from = to + 1;
  }
  if (used < n)
    snprintf(out + used, n - used, ")");
}

/* The first parenthesised group at or after i, before end; or end. */
static size_t next_group(const struct toks *t, size_t i, size_t end) {
  while (i < end && !toks_punct(t, i, '('))
    i++;
  return i;
}

static void add_index(struct conv_lint *s, const struct toks *t, size_t i,
                      const char *table) {
  char list[4 * CONV_NAME_LEN];
  column_list(t, i, table, list, sizeof list);
  names_set(&s->indexes, list, NULL, 0);
}

static void add_foreign(struct conv_lint *s, const char *list, size_t at) {
  if (names_find(&s->foreign, list) < 0)
    names_set(&s->foreign, list, NULL, (int)at);
}

/* A table constraint from i to end: PRIMARY KEY, UNIQUE, KEY, INDEX,
 * FOREIGN KEY. */
static void table_constraint(struct conv_lint *s, const struct toks *t,
                             size_t i, size_t end, const char *table) {
  if (toks_is(t, i, "constraint"))
    i += 2;
  size_t group = next_group(t, i, end);
  if (group >= end || toks_is(t, i, "check") || toks_is(t, i, "exclude"))
    return;
  if (toks_is(t, i, "primary"))
    names_set(&s->keyed, table, NULL, 0);
  if (toks_is(t, i, "foreign")) {
    char list[4 * CONV_NAME_LEN];
    column_list(t, group, table, list, sizeof list);
    add_foreign(s, list, t->items[i].offset);
    return;
  }
  add_index(s, t, group, table);
}

static const char *const money_words[] = {
    "price", "amount", "cost",    "total",   "balance", "fee",  "salary",
    "money", "tax",    "payment", "revenue", "charge",  "wage", NULL};
static const char *const float_types[] = {"float", "float4", "float8",
                                          "real",  "double", NULL};

static int is_money_name(const char *col) {
  for (const char *const *w = money_words; *w; w++)
    if (strstr(col, *w) != NULL)
      return 1;
  return 0;
}

/* The floating-point type the column starting at i has, or NULL. */
static const char *float_type(const struct toks *t, size_t i) {
  for (const char *const *f = float_types; *f; f++)
    if (toks_is(t, i, *f))
      return *f;
  return NULL;
}

static void check_money(struct conv_lint *s, const struct toks *t, size_t i,
                        const char *table, const char *col) {
  const char *type = float_type(t, i + 1);
  if (type == NULL || !is_money_name(col))
    return;
  report(s, "money-float", t->items[i].offset,
         "column '%s.%s' looks like money but is %s, a binary "
         "floating-point type that cannot hold cents exactly; use "
         "numeric/decimal, or an integer count of cents",
         table, col, type);
}

/* A column definition from i (its name) to end. */
static void column(struct conv_lint *s, const struct toks *t, size_t i,
                   size_t end, const char *table) {
  char col[CONV_NAME_LEN], key[2 * CONV_NAME_LEN];
  if (!toks_is_name(t, i))
    return;
  toks_name(t, i, col, sizeof col);
  names_pair(key, sizeof key, table, col);
  names_set(&s->columns, key, NULL, 0);
  check_money(s, t, i, table, col);
  char single[2 * CONV_NAME_LEN + 2];
  snprintf(single, sizeof single, "%s(%s)", table, col);
  if (toks_has_word(t, i + 1, end, "primary"))
    names_set(&s->keyed, table, NULL, 0);
  if (toks_has_word(t, i + 1, end, "primary") ||
      toks_has_word(t, i + 1, end, "unique"))
    names_set(&s->indexes, single, NULL, 0);
  for (size_t k = i + 1; k < end; k++)
    if (toks_is(t, k, "references"))
      add_foreign(s, single, t->items[k].offset);
}

static void table_item(struct conv_lint *s, const struct toks *t, size_t i,
                       size_t end, const char *table) {
  if (toks_is_table_constraint(t, i))
    table_constraint(s, t, i, end, table);
  else
    column(s, t, i, end, table);
}

/* CREATE ... TABLE [IF NOT EXISTS] name (items); i is after TABLE. */
static void create_table(struct conv_lint *s, const struct toks *t, size_t i) {
  char table[CONV_NAME_LEN];
  size_t at = i;
  if (toks_is(t, i, "if"))
    i += 3;
  if (toks_qualified(t, &i, table, sizeof table) != 0)
    return;
  names_set(&s->tables, table, NULL, s->script);
  names_set(&s->created, table, NULL, (int)t->items[at].offset);
  if (!toks_punct(t, i, '('))
    return;
  size_t close = toks_skip_group(t, i) - 1;
  for (size_t from = i + 1; from < close;) {
    size_t to = toks_item_end(t, from, close);
    table_item(s, t, from, to, table);
    from = to + 1;
  }
}

/* CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY]
 * table [USING method] (columns); i is after INDEX. */
static void create_index(struct conv_lint *s, const struct toks *t, size_t i) {
  char table[CONV_NAME_LEN];
  while (i < t->count && !toks_is(t, i, "on"))
    i++;
  i++;
  if (toks_is(t, i, "only"))
    i++;
  if (toks_qualified(t, &i, table, sizeof table) != 0)
    return;
  size_t group = next_group(t, i, t->count);
  if (group < t->count)
    add_index(s, t, group, table);
}

/* ALTER TABLE [ONLY] [IF EXISTS] name ADD ..., ADD ...; i is after TABLE. */
static void alter_table(struct conv_lint *s, const struct toks *t, size_t i) {
  char table[CONV_NAME_LEN];
  if (toks_is(t, i, "only"))
    i++;
  if (toks_is(t, i, "if"))
    i += 2;
  if (toks_qualified(t, &i, table, sizeof table) != 0)
    return;
  while (i < t->count) {
    size_t to = toks_item_end(t, i, t->count), k = i + 1;
    if (toks_is(t, i, "add")) {
      if (toks_is(t, k, "column"))
        k++;
      if (toks_is(t, k, "if"))
        k += 3;
      table_item(s, t, k, to, table);
    }
    i = to + 1;
  }
}

/* Whether CREATE ... of this kind says it may already exist. */
static void check_idempotent(struct conv_lint *s, const struct toks *t,
                             size_t kind, int or_replace) {
  static const char *const with_if[] = {"table",   "index",     "sequence",
                                        "schema",  "extension", "view",
                                        "trigger", NULL};
  static const char *const with_replace[] = {"view", "function", "procedure",
                                             "trigger", NULL};
  int known = 0;
  for (const char *const *w = with_if; *w; w++)
    known |= toks_is(t, kind, *w);
  for (const char *const *w = with_replace; *w; w++)
    known |= toks_is(t, kind, *w);
  if (!known || or_replace || toks_has_word(t, kind, t->count, "exists"))
    return;
  char word[32];
  toks_name(t, kind, word, sizeof word);
  for (char *c = word; *c; c++)
    *c = (char)toupper((unsigned char)*c);
  report(s, "idempotent-create", t->items[0].offset,
         "CREATE %s fails when the file runs twice, and this project asks "
         "for idempotent migrations; write CREATE %s IF NOT EXISTS (or OR "
         "REPLACE)",
         word, word);
}

/* The word after CREATE's modifiers: TABLE, INDEX, VIEW ... */
static size_t created_kind(const struct toks *t, int *or_replace) {
  static const char *const modifiers[] = {
      "or",       "replace",   "unique", "temp",         "temporary",
      "unlogged", "global",    "local",  "materialized", "recursive",
      "definer",  "algorithm", "sql",    "security",     "fulltext",
      "spatial",  NULL};
  size_t i = 1;
  *or_replace = toks_is(t, 1, "or");
  for (int more = 1; more && i < t->count;) {
    more = 0;
    for (const char *const *m = modifiers; *m && !more; m++)
      more = toks_is(t, i, *m);
    i += (size_t)more;
  }
  return i;
}

void conv_read_statement(struct conv_lint *s, const struct toks *t) {
  if (toks_is(t, 0, "create")) {
    int or_replace;
    size_t kind = created_kind(t, &or_replace);
    check_idempotent(s, t, kind, or_replace);
    if (toks_is(t, kind, "table"))
      create_table(s, t, kind + 1);
    else if (toks_is(t, kind, "index"))
      create_index(s, t, kind + 1);
  } else if (toks_is(t, 0, "alter") && toks_is(t, 1, "table")) {
    alter_table(s, t, 2);
  }
}
