/*
 * alter.c - ALTER TABLE on MySQL and MariaDB: the operations InnoDB can
 * only do by copying the table (changing a column's type, converting the
 * character set, dropping the primary key without adding one, adding a
 * STORED generated column, ALGORITHM=COPY), drops and renames.
 *
 * A statement that names ALGORITHM=INSTANT or INPLACE is not a copy: the
 * server refuses it rather than copy, and the author has said which they
 * expect.  The facts are MySQL 8's online DDL tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint_mysql.h"

/* What one ALTER TABLE asks for, gathered before it is judged. */
struct alter {
  struct my_lint *s;
  const struct toks *t;
  char table[MY_NAME_LEN];
  int mine;        /* the script being read created the table */
  int in_place;    /* ALGORITHM=INSTANT or INPLACE was given */
  int adds_pk;     /* ADD PRIMARY KEY */
  size_t drops_pk; /* the token of DROP PRIMARY KEY, or 0 */
  size_t copy_at;  /* the token of the first copying action, or 0 */
  char copy_reason[512];
};

static void copies(struct alter *a, size_t at, const char *reason) {
  if (a->copy_at != 0)
    return;
  a->copy_at = at;
  snprintf(a->copy_reason, sizeof a->copy_reason, "%s", reason);
}

static void report(struct alter *a, const char *rule, size_t at,
                   const char *what, const char *name, const char *to) {
  if (a->mine)
    return;
  struct my_lint *s = a->s;
  size_t offset = a->t->items[at].offset;
  if (strcmp(rule, "drop-column") == 0)
    lint_report_drop_column(s->host, offset, a->table, name);
  else
    lint_report_rename(s->host, offset, what, name, to);
}

/* The length in "varchar(n)", or -1 for any other type. */
static long varchar_length(const char *type) {
  if (strncmp(type, "varchar(", 8) != 0)
    return -1;
  return strtol(type + 8, NULL, 10);
}

/* Whether changing a column's type from old to new copies the table.
 * Growing a VARCHAR is in place while its length prefix keeps its size
 * (one byte up to 255 bytes: 63 characters of utf8mb4). */
static int type_change_copies(const char *old, const char *new_type) {
  if (strcmp(old, new_type) == 0)
    return 0;
  long from = varchar_length(old), to = varchar_length(new_type);
  if (from < 0 || to < from)
    return 1;
  return (from <= 63) != (to <= 63);
}

/* A column given a new definition (MODIFY, CHANGE) from token i on. */
static void redefine(struct alter *a, size_t at, const char *old_name, size_t i,
                     size_t to) {
  char col[MY_NAME_LEN], key[2 * MY_NAME_LEN], type[MY_NAME_LEN];
  toks_name(a->t, i, col, sizeof col);
  my_type_text(a->t, i + 1, to, type, sizeof type);
  names_pair(key, sizeof key, a->table, old_name);
  long known = names_find(&a->s->columns, key);
  const char *old = known >= 0 ? a->s->columns.values[known] : NULL;
  if (old == NULL || type_change_copies(old, type)) {
    char reason[400];
    snprintf(reason, sizeof reason,
             "changes the type of column '%s' %s%s%sto %s", old_name,
             old ? "from " : "", old ? old : "", old ? " " : "", type);
    copies(a, at, reason);
  }
  names_remove(&a->s->columns, key);
  my_remember_column(a->s, a->t, a->table, i, to);
}

static void action_add(struct alter *a, size_t i, size_t to) {
  size_t at = i++;
  if (toks_is(a->t, i, "column"))
    i++;
  if (toks_is(a->t, i, "if"))
    i += 3;
  if (toks_is(a->t, i, "primary"))
    a->adds_pk = 1;
  if (toks_is_table_constraint(a->t, i) || toks_punct(a->t, i, '('))
    return;
  my_remember_column(a->s, a->t, a->table, i, to);
  if (toks_has_word(a->t, i, to, "stored"))
    copies(a, at, "adds a STORED generated column");
}

static void action_modify(struct alter *a, size_t i, size_t to) {
  char col[MY_NAME_LEN];
  size_t at = i++;
  if (toks_is(a->t, i, "column"))
    i++;
  if (!toks_is_name(a->t, i))
    return;
  toks_name(a->t, i, col, sizeof col);
  redefine(a, at, col, i, to);
}

static void action_change(struct alter *a, size_t i, size_t to) {
  char old[MY_NAME_LEN], col[MY_NAME_LEN];
  size_t at = i++;
  if (toks_is(a->t, i, "column"))
    i++;
  if (!toks_is_name(a->t, i) || !toks_is_name(a->t, i + 1))
    return;
  toks_name(a->t, i, old, sizeof old);
  toks_name(a->t, i + 1, col, sizeof col);
  if (strcmp(old, col) != 0)
    report(a, "rename", at, "column", old, col);
  redefine(a, at, old, i + 1, to);
}

static void action_drop(struct alter *a, size_t i) {
  static const char *const not_columns[] = {
      "index", "key", "foreign", "constraint", "check", "partition", NULL};
  char col[MY_NAME_LEN], key[2 * MY_NAME_LEN];
  size_t at = i++;
  if (toks_is(a->t, i, "primary")) {
    a->drops_pk = at;
    return;
  }
  for (const char *const *w = not_columns; *w; w++)
    if (toks_is(a->t, i, *w))
      return;
  if (toks_is(a->t, i, "column"))
    i++;
  if (toks_is(a->t, i, "if"))
    i += 2;
  if (!toks_is_name(a->t, i))
    return;
  toks_name(a->t, i, col, sizeof col);
  names_pair(key, sizeof key, a->table, col);
  names_remove(&a->s->columns, key);
  report(a, "drop-column", at, "column", col, NULL);
}

static void action_rename(struct alter *a, size_t i) {
  char from[MY_NAME_LEN], to[MY_NAME_LEN];
  size_t at = i++;
  if (toks_is(a->t, i, "index") || toks_is(a->t, i, "key"))
    return;
  if (toks_is(a->t, i, "column")) {
    if (!toks_is_name(a->t, i + 1) || !toks_is(a->t, i + 2, "to") ||
        !toks_is_name(a->t, i + 3))
      return;
    toks_name(a->t, i + 1, from, sizeof from);
    toks_name(a->t, i + 3, to, sizeof to);
    report(a, "rename", at, "column", from, to);
    return;
  }
  if (toks_is(a->t, i, "to") || toks_is(a->t, i, "as"))
    i++;
  if (toks_qualified(a->t, &i, to, sizeof to) != 0)
    return;
  report(a, "rename", at, "table", a->table, to);
  names_remove(&a->s->tables, a->table);
  names_set(&a->s->tables, to, NULL, a->mine ? a->s->script : 0);
}

static void action_algorithm(struct alter *a, size_t i) {
  size_t at = i++;
  if (toks_punct(a->t, i, '='))
    i++;
  if (toks_is(a->t, i, "instant") || toks_is(a->t, i, "inplace"))
    a->in_place = 1;
  else if (toks_is(a->t, i, "copy"))
    copies(a, at, "asks for ALGORITHM=COPY");
}

static void action(struct alter *a, size_t i, size_t to) {
  if (toks_is(a->t, i, "add"))
    action_add(a, i, to);
  else if (toks_is(a->t, i, "modify"))
    action_modify(a, i, to);
  else if (toks_is(a->t, i, "change"))
    action_change(a, i, to);
  else if (toks_is(a->t, i, "drop"))
    action_drop(a, i);
  else if (toks_is(a->t, i, "rename"))
    action_rename(a, i);
  else if (toks_is(a->t, i, "algorithm"))
    action_algorithm(a, i);
  else if (toks_is(a->t, i, "convert"))
    copies(a, i, "converts the table to another character set");
}

static void judge(struct alter *a) {
  if (a->drops_pk != 0 && !a->adds_pk)
    copies(a, a->drops_pk, "drops the primary key without adding another");
  if (a->copy_at == 0 || a->in_place || a->mine)
    return;
  struct my_lint *s = a->s;
  s->host->report(s->host->host_ctx, "table-copy",
                  a->t->items[a->copy_at].offset,
                  "ALTER TABLE '%s' %s, which MySQL can only do by copying "
                  "the whole table, blocking writes until it is done; use an "
                  "online schema-change tool, or add a new column and "
                  "backfill it",
                  a->table, a->copy_reason);
}

void my_alter_table(struct my_lint *s, const struct toks *t, size_t i) {
  struct alter a;
  memset(&a, 0, sizeof a);
  a.s = s;
  a.t = t;
  if (toks_qualified(t, &i, a.table, sizeof a.table) != 0)
    return;
  a.mine = my_created_here(s, a.table);
  while (i < t->count) {
    size_t to = toks_item_end(t, i, t->count);
    action(&a, i, to);
    i = to + 1;
  }
  judge(&a);
}
