/*
 * render_table.c - one CREATE TABLE rebuilt from the model.
 *
 * SQLite cannot add a key, a CHECK or a foreign key to a table that
 * exists, so all of them are written inside the CREATE TABLE:
 *
 *   CREATE TABLE name (
 *     column TYPE [PRIMARY KEY [AUTOINCREMENT]] [NOT NULL] [COLLATE c]
 *            [DEFAULT d] [GENERATED ALWAYS AS (e) STORED|VIRTUAL],
 *     [CONSTRAINT n] PRIMARY KEY (a, b),   -- a key of several columns
 *     [CONSTRAINT n] UNIQUE (a, b),
 *     [CONSTRAINT n] CHECK (e),
 *     [CONSTRAINT n] FOREIGN KEY (a) REFERENCES t (b) ...
 *   ) [WITHOUT ROWID, STRICT]
 *
 * A key of one column is written on its column, which is where
 * AUTOINCREMENT must go.  SQLite rarely names checks and foreign keys, so
 * the unnamed ones are put in an order of their own text here: the model's
 * order says nothing between them.
 */
#include "sqlite.h"

#include <stdlib.h>
#include <string.h>

static void add_name_list(struct sqlite_text *b, const char *const *names,
                          size_t count) {
  sqlite_text_adds(b, "(");
  for (size_t i = 0; i < count; i++) {
    if (i > 0)
      sqlite_text_adds(b, ", ");
    sqlite_text_add_ident(b, names[i]);
  }
  sqlite_text_adds(b, ")");
}

static void add_constraint_name(struct sqlite_text *b, const char *name) {
  if (name == NULL)
    return;
  sqlite_text_adds(b, "CONSTRAINT ");
  sqlite_text_add_ident(b, name);
  sqlite_text_adds(b, " ");
}

/* ---- DEFAULT ------------------------------------------------------- */

/* An expression after DEFAULT: bare when SQLite takes it so, else in
 * parentheses. */
static void add_default(struct sqlite_text *b, const char *expr) {
  struct sqltok first;
  if (sqllex_is_plain_value(expr, &first)) {
    sqlite_text_adds(b, expr);
    return;
  }
  sqlite_text_adds(b, "(");
  sqlite_text_adds(b, expr);
  sqlite_text_adds(b, ")");
}

/* ---- columns ------------------------------------------------------- */

static int is_inline_key(const struct strata_table *t,
                         const struct strata_column *c) {
  const struct strata_key *pk = t->primary_key;
  return pk != NULL && pk->column_count == 1 &&
         strcmp(pk->columns[0], c->name) == 0;
}

static void add_generated(struct sqlite_text *b,
                          const struct strata_column *c) {
  if (c->generated_expr == NULL)
    return;
  sqlite_text_adds(b, " GENERATED ALWAYS AS (");
  sqlite_text_adds(b, c->generated_expr);
  sqlite_text_adds(b, c->flags & STRATA_COLUMN_GENERATED_STORED ? ") STORED"
                                                                : ") VIRTUAL");
}

void sqlite_render_column(struct sqlite_text *b, const struct strata_table *t,
                          const struct strata_column *c) {
  sqlite_text_adds(b, "  ");
  sqlite_text_add_ident(b, c->name);
  if (c->type_text != NULL && c->type_text[0] != '\0') {
    sqlite_text_adds(b, " ");
    sqlite_text_adds(b, c->type_text);
  }
  if (is_inline_key(t, c)) {
    sqlite_text_adds(b, " ");
    add_constraint_name(b, t->primary_key->name);
    sqlite_text_adds(b, "PRIMARY KEY");
    if (c->flags & STRATA_COLUMN_IDENTITY)
      sqlite_text_adds(b, " AUTOINCREMENT");
  }
  if (c->flags & STRATA_COLUMN_NOT_NULL)
    sqlite_text_adds(b, " NOT NULL");
  if (c->collation != NULL) {
    sqlite_text_adds(b, " COLLATE ");
    sqlite_text_adds(b, c->collation);
  }
  if (c->default_expr != NULL) {
    sqlite_text_adds(b, " DEFAULT ");
    add_default(b, c->default_expr);
  }
  add_generated(b, c);
}

/* ---- constraints --------------------------------------------------- */

static void add_key(struct sqlite_text *b, const char *kind,
                    const struct strata_key *k) {
  sqlite_text_adds(b, ",\n  ");
  add_constraint_name(b, k->name);
  sqlite_text_adds(b, kind);
  sqlite_text_adds(b, " ");
  add_name_list(b, k->columns, k->column_count);
}

static void add_check(struct sqlite_text *b, const struct strata_check *c) {
  sqlite_text_adds(b, ",\n  ");
  add_constraint_name(b, c->name);
  sqlite_text_adds(b, "CHECK (");
  sqlite_text_adds(b, c->expression);
  sqlite_text_adds(b, ")");
}

static void add_action(struct sqlite_text *b, const char *on,
                       const char *action) {
  if (action == NULL || strcmp(action, "NO ACTION") == 0)
    return;
  sqlite_text_adds(b, on);
  sqlite_text_adds(b, action);
}

static void add_foreign_key(struct sqlite_text *b,
                            const struct strata_foreign_key *fk) {
  sqlite_text_adds(b, ",\n  ");
  add_constraint_name(b, fk->name);
  sqlite_text_adds(b, "FOREIGN KEY ");
  add_name_list(b, fk->columns, fk->column_count);
  sqlite_text_adds(b, " REFERENCES ");
  sqlite_text_add_ident(b, fk->ref_table);
  if (fk->ref_column_count > 0) {
    sqlite_text_adds(b, " ");
    add_name_list(b, fk->ref_columns, fk->ref_column_count);
  }
  add_action(b, " ON DELETE ", fk->on_delete);
  add_action(b, " ON UPDATE ", fk->on_update);
  if (fk->match != NULL) {
    sqlite_text_adds(b, " MATCH ");
    sqlite_text_adds(b, fk->match);
  }
  if (fk->deferrable)
    sqlite_text_adds(b, fk->initially_deferred
                            ? " DEFERRABLE INITIALLY DEFERRED"
                            : " DEFERRABLE");
}

/* ---- the order of unnamed constraints ------------------------------ */

static int compare_text(const char *a, const char *b) {
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return strcmp(a, b);
}

static int compare_lists(const char *const *a, size_t na, const char *const *b,
                         size_t nb) {
  for (size_t i = 0; i < na && i < nb; i++) {
    int c = strcmp(a[i], b[i]);
    if (c != 0)
      return c;
  }
  return (na > nb) - (na < nb);
}

int sqlite_check_order(const void *x, const void *y) {
  const struct strata_check *a = *(const struct strata_check *const *)x;
  const struct strata_check *b = *(const struct strata_check *const *)y;
  int c = compare_text(a->name, b->name);
  return c ? c : compare_text(a->expression, b->expression);
}

int sqlite_foreign_key_order(const void *x, const void *y) {
  const struct strata_foreign_key *a =
      *(const struct strata_foreign_key *const *)x;
  const struct strata_foreign_key *b =
      *(const struct strata_foreign_key *const *)y;
  int c = compare_text(a->name, b->name);
  if (c == 0)
    c = compare_lists(a->columns, a->column_count, b->columns, b->column_count);
  if (c == 0)
    c = compare_text(a->ref_table, b->ref_table);
  if (c == 0)
    c = compare_lists(a->ref_columns, a->ref_column_count, b->ref_columns,
                      b->ref_column_count);
  return c;
}

/* A sorted copy of a pointer array; NULL when memory runs out. */
static void *sorted(void *const *items, size_t count,
                    int (*order)(const void *, const void *)) {
  void **copy = malloc((count ? count : 1) * sizeof *copy);
  if (copy == NULL)
    return NULL;
  if (count > 0)
    memcpy(copy, items, count * sizeof *copy);
  qsort(copy, count, sizeof *copy, order);
  return copy;
}

static void add_checks(struct sqlite_text *b, const struct strata_table *t) {
  struct strata_check **checks =
      sorted((void *const *)t->checks, t->check_count, sqlite_check_order);
  if (checks == NULL) {
    b->failed = 1;
    return;
  }
  for (size_t i = 0; i < t->check_count; i++)
    add_check(b, checks[i]);
  free(checks);
}

static void add_foreign_keys(struct sqlite_text *b,
                             const struct strata_table *t) {
  struct strata_foreign_key **fks =
      sorted((void *const *)t->foreign_keys, t->foreign_key_count,
             sqlite_foreign_key_order);
  if (fks == NULL) {
    b->failed = 1;
    return;
  }
  for (size_t i = 0; i < t->foreign_key_count; i++)
    add_foreign_key(b, fks[i]);
  free(fks);
}

/* ---- the statement ------------------------------------------------- */

static int is_virtual(const struct strata_table *t) {
  return t->options != NULL && strncmp(t->options, "USING ", 6) == 0;
}

void sqlite_render_table(struct sqlite_text *b, const struct strata_table *t) {
  if (is_virtual(t)) {
    sqlite_text_adds(b, "CREATE VIRTUAL TABLE ");
    sqlite_text_add_ident(b, t->name);
    sqlite_text_adds(b, " ");
    sqlite_text_adds(b, t->options);
    return;
  }
  sqlite_text_adds(b, "CREATE TABLE ");
  sqlite_text_add_ident(b, t->name);
  sqlite_text_adds(b, " (\n");
  for (size_t i = 0; i < t->column_count; i++) {
    if (i > 0)
      sqlite_text_adds(b, ",\n");
    sqlite_render_column(b, t, t->columns[i]);
  }
  if (t->primary_key != NULL && t->primary_key->column_count > 1)
    add_key(b, "PRIMARY KEY", t->primary_key);
  for (size_t i = 0; i < t->unique_count; i++)
    add_key(b, "UNIQUE", t->uniques[i]);
  add_checks(b, t);
  add_foreign_keys(b, t);
  sqlite_text_adds(b, "\n)");
  if (t->options != NULL) {
    sqlite_text_adds(b, " ");
    sqlite_text_adds(b, t->options);
  }
}
