/*
 * test_model.c - the schema model: its arena under thousands of elements,
 * its canonical order, and the comparison of two models object by object.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <strata/strata.h>

#include "model.h"
#include "tap.h"

#define APPEND(schema, array, count)                                           \
  model_append((schema), (void *)&(array), &(count), sizeof **(array))

static const char *text(struct strata_schema *s, const char *t) {
  return model_strndup(s, t, strlen(t));
}

static void add_text(struct strata_schema *s, const char ***array,
                     size_t *count, const char *t) {
  model_append_text(s, (void *)array, count, t, strlen(t));
}

static struct strata_table *table(struct strata_schema *s, const char *name) {
  struct strata_table *t = APPEND(s, s->tables, s->table_count);
  t->name = text(s, name);
  return t;
}

static struct strata_column *column(struct strata_schema *s,
                                    struct strata_table *t, const char *name,
                                    const char *type) {
  struct strata_column *c = APPEND(s, t->columns, t->column_count);
  c->name = text(s, name);
  c->position = (int)t->column_count;
  c->type_text = text(s, type);
  c->precision = c->scale = -1;
  return c;
}

static struct strata_index *index_on(struct strata_schema *s,
                                     struct strata_table *t, const char *name,
                                     const char *col) {
  struct strata_index *ix = APPEND(s, t->indexes, t->index_count);
  ix->name = text(s, name);
  ix->method = text(s, "btree");
  struct strata_index_part *p = APPEND(s, ix->parts, ix->part_count);
  p->column = text(s, col);
  return ix;
}

static struct strata_view *view(struct strata_schema *s, const char *name,
                                const char *definition) {
  struct strata_view *v = APPEND(s, s->views, s->view_count);
  v->name = text(s, name);
  v->definition = text(s, definition);
  return v;
}

/* ---- the arena ----------------------------------------------------------- */

static void test_arena_growth(void) {
  struct strata_schema *s = model_new();
  char name[32];
  /* Held from before the model grows: were elements moved, reading it
   * would read freed memory (which ASan reports) or stale text. */
  struct strata_table *first = NULL;
  for (int i = 0; i < 5000; i++) {
    snprintf(name, sizeof name, "t%05d", i);
    struct strata_table *t = table(s, name);
    if (first == NULL)
      first = t;
    for (int j = 0; j < 4; j++) {
      snprintf(name, sizeof name, "c%d", j);
      column(s, t, name, "integer");
    }
  }
  struct strata_table *big = table(s, "big");
  for (int i = 0; i < 3000; i++) {
    snprintf(name, sizeof name, "col%d", i);
    column(s, big, name, "text");
  }
  is_int(s->table_count, 5001, "5,001 tables appended");
  ok(s->tables[0] == first && strcmp(first->name, "t00000") == 0 &&
         first->column_count == 4 && strcmp(first->columns[3]->name, "c3") == 0,
     "an element keeps its address and content while the model grows");
  is_str(s->tables[4999]->name, "t04999", "the last of them is intact");
  is_int(s->tables[4999]->column_count, 4, "with its columns");
  is_int(big->column_count, 3000, "one table holds 3,000 columns");
  is_str(big->columns[2999]->name, "col2999", "the last column is intact");
  is_int(big->columns[2999]->position, 3000, "at its position");

  struct strata_enum_type *e = APPEND(s, s->enums, s->enum_count);
  for (int i = 0; i < 10000; i++) {
    snprintf(name, sizeof name, "label%d", i);
    add_text(s, &e->labels, &e->label_count, name);
  }
  is_int(e->label_count, 10000, "10,000 labels appended");
  is_str(e->labels[9999], "label9999", "the last label is intact");
  is_str(e->labels[0], "label0", "the first one too");

  size_t n = 200000;
  char *long_text = malloc(n + 1);
  memset(long_text, 'x', n);
  long_text[n] = '\0';
  const char *copy = model_strndup(s, long_text, n);
  ok(copy != NULL && strlen(copy) == n && copy[n - 1] == 'x',
     "a 200,000-byte text is copied whole");
  is_str(model_strndup(s, "abcdef", 3), "abc", "strndup stops at length");
  ok(model_strndup(s, NULL, 0) == NULL, "a NULL text gives NULL");
  free(long_text);
  ok(model_find_table(s, "t02500") == s->tables[2500], "find_table finds one");
  ok(model_find_table(s, "nope") == NULL, "and not a missing one");
  model_remove_table(s, "t02500");
  is_int(s->table_count, 5000, "remove_table drops it");
  ok(model_find_table(s, "t02500") == NULL, "and it is gone");
  strata_schema_free(s);
}

/* ---- canonical order ----------------------------------------------------- */

static void test_sort(void) {
  struct strata_schema *s = model_new();
  struct strata_table *t = table(s, "zeta");
  table(s, "alpha");
  table(s, "mid");
  struct strata_column *c2 = column(s, t, "second", "int");
  struct strata_column *c1 = column(s, t, "first", "int");
  c2->position = 2;
  c1->position = 1;
  index_on(s, t, "z_idx", "second");
  index_on(s, t, "a_idx", "first");
  struct strata_key *k2 = APPEND(s, t->uniques, t->unique_count);
  add_text(s, &k2->columns, &k2->column_count, "second");
  struct strata_key *k1 = APPEND(s, t->uniques, t->unique_count);
  add_text(s, &k1->columns, &k1->column_count, "first");
  view(s, "v_a", "SELECT * FROM v_c");
  view(s, "v_b", "SELECT 1 AS x");
  view(s, "v_c", "SELECT x FROM v_b JOIN v_bx USING (x)");
  view(s, "v_bx", "SELECT 2 AS x");
  struct strata_routine *r2 = APPEND(s, s->routines, s->routine_count);
  r2->name = text(s, "f");
  r2->signature = text(s, "text");
  struct strata_routine *r1 = APPEND(s, s->routines, s->routine_count);
  r1->name = text(s, "f");
  r1->signature = text(s, "integer");
  model_sort(s);

  is_str(s->tables[0]->name, "alpha", "tables go by name");
  is_str(s->tables[2]->name, "zeta", "all of them");
  is_str(t->columns[0]->name, "first", "columns go by position");
  is_str(t->indexes[0]->name, "a_idx", "indexes by name");
  is_str(t->uniques[0]->columns[0], "first", "unnamed keys by their columns");
  is_str(s->routines[0]->signature, "integer",
         "overloads by name, then signature");
  char order[128] = "";
  for (size_t i = 0; i < s->view_count; i++)
    snprintf(order + strlen(order), sizeof order - strlen(order), "%s ",
             s->views[i]->name);
  is_str(order, "v_b v_bx v_c v_a ",
         "views come after the views they read, else by name");
  strata_schema_free(s);
}

/* ---- comparison ---------------------------------------------------------- */

struct collected {
  char text[8192];
  int stop_at; /* return non-zero at this difference (1-based), 0 never */
  int seen;
  struct strata_difference first;
  char first_type[32], first_table[64], first_name[64];
};

static int collect(void *ctx, const struct strata_difference *d) {
  struct collected *c = ctx;
  char line[1024];
  strata_difference_text(d, line, sizeof line);
  size_t n = strlen(c->text);
  snprintf(c->text + n, sizeof c->text - n, "%s\n", line);
  if (c->seen++ == 0) {
    c->first = *d;
    snprintf(c->first_type, sizeof c->first_type, "%s", d->type);
    snprintf(c->first_table, sizeof c->first_table, "%s",
             d->table ? d->table : "-");
    snprintf(c->first_name, sizeof c->first_name, "%s",
             d->name ? d->name : "-");
  }
  return c->stop_at == c->seen ? 7 : 0;
}

/* Runs the comparison of a and b, frees them, and returns the lines. */
static const char *differences(struct strata_schema *a, struct strata_schema *b,
                               struct collected *c, int *rc) {
  memset(c, 0, sizeof *c);
  model_sort(a);
  model_sort(b);
  *rc = strata_schema_diff(a, b, collect, c);
  strata_schema_free(a);
  strata_schema_free(b);
  return c->text;
}

/* Two models that hold a users table with an id and an email column. */
static void users(struct strata_schema **a, struct strata_schema **b) {
  struct strata_schema *m[2] = {model_new(), model_new()};
  for (int i = 0; i < 2; i++) {
    struct strata_table *t = table(m[i], "users");
    column(m[i], t, "id", "integer");
    column(m[i], t, "email", "varchar(100)");
  }
  *a = m[0];
  *b = m[1];
}

static struct strata_column *col(struct strata_schema *s, const char *name) {
  struct strata_table *t = model_find_table(s, "users");
  for (size_t i = 0; i < t->column_count; i++)
    if (strcmp(t->columns[i]->name, name) == 0)
      return t->columns[i];
  return NULL;
}

static void test_diff_equal_and_tables(void) {
  struct strata_schema *a, *b;
  struct collected c;
  int rc;
  users(&a, &b);
  is_str(differences(a, b, &c, &rc), "", "equal models have no difference");
  is_int(rc, 0, "and the count is 0");

  users(&a, &b);
  table(a, "only_a");
  table(b, "only_b");
  is_str(differences(a, b, &c, &rc),
         "table only_a: only in A\ntable only_b: only in B\n",
         "a table only in A, one only in B");
  is_int(rc, 2, "the count is returned");

  users(&a, &b);
  model_find_table(a, "users")->comment = text(a, "people");
  model_find_table(b, "users")->options = text(b, "WITHOUT ROWID");
  is_str(differences(a, b, &c, &rc),
         "table users: comment people vs none\n"
         "table users: options none vs WITHOUT ROWID\n",
         "a table's comment and options");
}

static void test_diff_columns(void) {
  struct strata_schema *a, *b;
  struct collected c;
  int rc;
  users(&a, &b);
  col(b, "email")->type_text = text(b, "varchar(255)");
  is_str(differences(a, b, &c, &rc),
         "table users: column email: type varchar(100) vs varchar(255)\n",
         "a column's type");
  is_str(c.first_type, "column", "the difference names its type");
  is_str(c.first_table, "users", "its table");
  is_str(c.first_name, "email", "and its name");
  ok(c.first.kind == STRATA_DIFF_CHANGED, "and is a change");

  users(&a, &b);
  struct strata_column *x = col(a, "email"), *y = col(b, "email");
  y->flags = STRATA_COLUMN_NOT_NULL;
  x->default_expr = text(a, "'none'");
  x->flags |= STRATA_COLUMN_IDENTITY;
  y->generated_expr = text(b, "lower(id)");
  y->flags |= STRATA_COLUMN_GENERATED_STORED;
  x->collation = text(a, "C");
  y->comment = text(b, "mail");
  x->on_update = text(a, "CURRENT_TIMESTAMP");
  is_str(differences(a, b, &c, &rc),
         "table users: column email: nullable vs not null\n"
         "table users: column email: default 'none' vs none\n"
         "table users: column email: identity by default vs none\n"
         "table users: column email: generated none vs lower(id) stored\n"
         "table users: column email: collation C vs default\n"
         "table users: column email: comment none vs mail\n"
         "table users: column email: on update CURRENT_TIMESTAMP vs none\n",
         "every property of a column");

  users(&a, &b);
  column(a, model_find_table(a, "users"), "name", "text");
  column(b, model_find_table(b, "users"), "age", "integer");
  is_str(differences(a, b, &c, &rc),
         "table users: column age: only in B\n"
         "table users: column name: only in A\n",
         "columns only in A or B");

  users(&a, &b);
  col(b, "id")->position = 2;
  col(b, "email")->position = 1;
  is_str(differences(a, b, &c, &rc),
         "table users: column order (id, email) vs (email, id)\n",
         "the order of the columns both have");
}

/* A key owned by s, not in any of its arrays yet. */
static struct strata_key *new_key(struct strata_schema *s) {
  struct strata_key **keys = NULL;
  size_t n = 0;
  return APPEND(s, keys, n);
}

static struct strata_key *key(struct strata_schema *s, struct strata_key *k,
                              const char *name, const char *col1) {
  k->name = name ? text(s, name) : NULL;
  add_text(s, &k->columns, &k->column_count, col1);
  return k;
}

static void test_diff_keys(void) {
  struct strata_schema *a, *b;
  struct collected c;
  int rc;
  users(&a, &b);
  struct strata_table *ta = model_find_table(a, "users"),
                      *tb = model_find_table(b, "users");
  ta->primary_key = key(a, new_key(a), "pk", "id");
  is_str(differences(a, b, &c, &rc), "table users: primary key: only in A\n",
         "a primary key only in A");

  users(&a, &b);
  ta = model_find_table(a, "users");
  tb = model_find_table(b, "users");
  ta->primary_key = key(a, new_key(a), NULL, "id");
  tb->primary_key = key(b, new_key(b), NULL, "email");
  key(a, APPEND(a, ta->uniques, ta->unique_count), "users_email_key", "email");
  key(a, APPEND(a, ta->uniques, ta->unique_count), NULL, "id");
  key(b, APPEND(b, tb->uniques, tb->unique_count), NULL, "id")->deferrable = 1;
  is_str(differences(a, b, &c, &rc),
         "table users: primary key: columns (id) vs (email)\n"
         "table users: unique (id): not deferrable vs deferrable\n"
         "table users: unique users_email_key: only in A\n",
         "primary key columns; unnamed uniques matched by columns");

  users(&a, &b);
  ta = model_find_table(a, "users");
  tb = model_find_table(b, "users");
  struct strata_check *ca = APPEND(a, ta->checks, ta->check_count);
  ca->name = text(a, "email_at");
  ca->expression = text(a, "email LIKE '%@%'");
  struct strata_check *cb = APPEND(b, tb->checks, tb->check_count);
  cb->name = text(b, "email_at");
  cb->expression = text(b, "email LIKE '%@%.%'");
  cb = APPEND(b, tb->checks, tb->check_count);
  cb->expression = text(b, "id > 0");
  is_str(differences(a, b, &c, &rc),
         "table users: check email_at: expression email LIKE '%@%' vs email "
         "LIKE '%@%.%'\n"
         "table users: check id > 0: only in B\n",
         "a check changed, an unnamed one only in B");
}

static struct strata_foreign_key *fk(struct strata_schema *s,
                                     struct strata_table *t, const char *name) {
  struct strata_foreign_key *f =
      APPEND(s, t->foreign_keys, t->foreign_key_count);
  f->name = name ? text(s, name) : NULL;
  add_text(s, &f->columns, &f->column_count, "id");
  f->ref_table = text(s, "accounts");
  add_text(s, &f->ref_columns, &f->ref_column_count, "id");
  return f;
}

static void test_diff_foreign_keys(void) {
  struct strata_schema *a, *b;
  struct collected c;
  int rc;
  users(&a, &b);
  struct strata_foreign_key *x = fk(a, model_find_table(a, "users"), "fk");
  struct strata_foreign_key *y = fk(b, model_find_table(b, "users"), "fk");
  x->on_delete = text(a, "CASCADE");
  y->ref_table = text(b, "people");
  fk(b, model_find_table(b, "users"), "fk_b");
  fk(a, model_find_table(a, "users"), NULL);
  is_str(differences(a, b, &c, &rc),
         "table users: foreign key (id) references accounts(id): only in A\n"
         "table users: foreign key fk: references accounts vs people\n"
         "table users: foreign key fk: on delete CASCADE vs NO ACTION\n"
         "table users: foreign key fk_b: only in B\n",
         "foreign keys changed, named and unnamed only on one side");
}

static void test_diff_indexes(void) {
  struct strata_schema *a, *b;
  struct collected c;
  int rc;
  users(&a, &b);
  index_on(a, model_find_table(a, "users"), "users_email_idx", "email");
  is_str(differences(a, b, &c, &rc), "index users_email_idx: only in A\n",
         "an index only in A, named alone when index names are unique");
  is_str(c.first_table, "users", "its table is still given");

  users(&a, &b);
  struct strata_index *x =
      index_on(a, model_find_table(a, "users"), "i", "email");
  struct strata_index *y =
      index_on(b, model_find_table(b, "users"), "i", "email");
  y->flags = STRATA_INDEX_UNIQUE;
  y->method = text(b, "hash");
  y->parts[0]->descending = 1;
  x->predicate = text(a, "email IS NOT NULL");
  x->definition = text(a, "CREATE INDEX i ON users (email)");
  is_str(differences(a, b, &c, &rc),
         "index i: not unique vs unique\n"
         "index i: method btree vs hash\n"
         "index i: parts (email) vs (email DESC)\n"
         "index i: where email IS NOT NULL vs none\n",
         "an index compared by content, not by its definition text");

  users(&a, &b);
  struct strata_table *other = table(a, "other");
  index_on(a, other, "i", "x");
  table(b, "other");
  index_on(a, model_find_table(a, "users"), "i", "email");
  index_on(b, model_find_table(b, "users"), "i", "id");
  is_str(differences(a, b, &c, &rc),
         "table other: index i: only in A\n"
         "table users: index i: parts (email) vs (id)\n",
         "index names that repeat are given with their table");
}

static void test_diff_triggers_views(void) {
  struct strata_schema *a, *b;
  struct collected c;
  int rc;
  users(&a, &b);
  struct strata_table *ta = model_find_table(a, "users"),
                      *tb = model_find_table(b, "users");
  struct strata_trigger *x = APPEND(a, ta->triggers, ta->trigger_count);
  struct strata_trigger *y = APPEND(b, tb->triggers, tb->trigger_count);
  x->name = text(a, "t");
  y->name = text(b, "t");
  x->timing = text(a, "BEFORE");
  y->timing = text(b, "AFTER");
  x->definition = text(a, "CREATE TRIGGER t BEFORE ...");
  y->definition = text(b, "CREATE TRIGGER t AFTER ...");
  is_str(differences(a, b, &c, &rc),
         "trigger t: timing BEFORE vs AFTER\n"
         "trigger t: definition CREATE TRIGGER t BEFORE ... vs CREATE "
         "TRIGGER t AFTER ...\n",
         "a trigger's timing and definition");

  users(&a, &b);
  view(a, "v", "SELECT 1");
  view(b, "v", "SELECT 2")->materialized = 1;
  view(a, "long", "SELECT id,\n       email\n  FROM users");
  view(b, "long", "SELECT id, email FROM users");
  view(b, "w", "SELECT 3");
  is_str(differences(a, b, &c, &rc),
         "view long: definition differs\n"
         "view v: not materialized vs materialized\n"
         "view v: definition SELECT 1 vs SELECT 2\n"
         "view w: only in B\n",
         "views: long texts are not quoted");
}

static void test_diff_types_sequences_routines(void) {
  struct strata_schema *a, *b;
  struct collected c;
  int rc;
  users(&a, &b);
  struct strata_enum_type *e = APPEND(a, a->enums, a->enum_count);
  e->name = text(a, "mood");
  add_text(a, &e->labels, &e->label_count, "sad");
  add_text(a, &e->labels, &e->label_count, "ok");
  e = APPEND(b, b->enums, b->enum_count);
  e->name = text(b, "mood");
  add_text(b, &e->labels, &e->label_count, "sad");
  add_text(b, &e->labels, &e->label_count, "ok");
  add_text(b, &e->labels, &e->label_count, "happy");
  e = APPEND(b, b->enums, b->enum_count);
  e->name = text(b, "colour");
  struct strata_sequence *s = APPEND(a, a->sequences, a->sequence_count);
  s->name = text(a, "s");
  s->increment = 1;
  s = APPEND(b, b->sequences, b->sequence_count);
  s->name = text(b, "s");
  s->increment = 10;
  s->owned_by_table = text(b, "users");
  s->owned_by_column = text(b, "id");
  struct strata_routine *r = APPEND(a, a->routines, a->routine_count);
  r->name = text(a, "f");
  r->kind = text(a, "FUNCTION");
  r->signature = text(a, "integer");
  r->definition = text(a, "CREATE FUNCTION f(integer) ...");
  r = APPEND(b, b->routines, b->routine_count);
  r->name = text(b, "f");
  r->kind = text(b, "FUNCTION");
  r->signature = text(b, "integer");
  r->definition = text(b, "CREATE FUNCTION f(integer) ... changed");
  r = APPEND(a, a->routines, a->routine_count);
  r->name = text(a, "p");
  r->kind = text(a, "PROCEDURE");
  r->signature = text(a, "");
  is_str(differences(a, b, &c, &rc),
         "type colour: only in B\n"
         "type mood: labels (sad, ok) vs (sad, ok, happy)\n"
         "sequence s: increment 1 vs 10\n"
         "sequence s: owned by none vs users.id\n"
         "function f(integer): definition CREATE FUNCTION f(integer) ... vs "
         "CREATE FUNCTION f(integer) ... changed\n"
         "procedure p(): only in A\n",
         "enum types, sequences and routines");
}

static void test_diff_stop(void) {
  struct strata_schema *a, *b;
  struct collected c;
  users(&a, &b);
  table(a, "x");
  table(a, "y");
  memset(&c, 0, sizeof c);
  c.stop_at = 1;
  int rc = strata_schema_diff(a, b, collect, &c);
  is_int(rc, 7, "a callback's non-zero return stops the comparison");
  is_int(c.seen, 1, "after the first difference");
  strata_schema_free(a);
  strata_schema_free(b);
}

int main(void) {
  test_arena_growth();
  test_sort();
  test_diff_equal_and_tables();
  test_diff_columns();
  test_diff_keys();
  test_diff_foreign_keys();
  test_diff_indexes();
  test_diff_triggers_views();
  test_diff_types_sequences_routines();
  test_diff_stop();
  return done_testing();
}
