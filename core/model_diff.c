/*
 * model_diff.c - what differs between two models of the same engine.
 *
 * Each kind of object is matched by its key: its name; the columns of an
 * unnamed key or the expression of an unnamed check (SQLite names
 * neither); a routine's name and signature.  Matched pairs are compared
 * field by field through the engine's own text, which is exact because
 * both sides come from the same engine, and through the flags.
 *
 * The order of the differences depends only on the two models: types,
 * sequences, routines, tables (each with its columns, keys, indexes and
 * triggers), views; within each kind, by key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <strata/strata.h>

#include "model.h"
#include "util.h"

/* Values longer than this, or spanning lines (a view's SELECT), are not
 * quoted in a difference: "definition differs" says enough. */
#define SHOWN_MAX 60

struct diff {
  strata_difference_fn each;
  void *ctx;
  int count;
  int stop;            /* the callback's non-zero return, or STRATA_ENOMEM */
  int qualify_indexes; /* some index name repeats: name each with its table */
  int qualify_triggers;
  /* Keys, checks and foreign keys are matched by what they are, not by
   * name (two engines' neutral forms, where one may not keep a name). */
  int by_content;
};

/* The object a difference is about, and its text. */
struct object {
  const char *type;
  const char *table;
  const char *name;
  struct strbuf text;
};

static void out_of_memory(struct diff *d) {
  if (d->stop == 0)
    d->stop = STRATA_ENOMEM;
}

static void report(struct diff *d, enum strata_difference_kind kind,
                   const struct object *o, const char *detail) {
  if (d->stop != 0)
    return;
  if (o->text.data == NULL) {
    out_of_memory(d);
    return;
  }
  struct strata_difference diff = {kind,    o->text.data, detail,
                                   o->type, o->table,     o->name};
  d->count++;
  d->stop = d->each(d->ctx, &diff);
}

static void only_in(struct diff *d, int in_a, const struct object *o) {
  report(d, in_a ? STRATA_DIFF_ONLY_IN_A : STRATA_DIFF_ONLY_IN_B, o, NULL);
}

static int same_text(const char *a, const char *b) {
  if (a == NULL || b == NULL)
    return a == b;
  return strcmp(a, b) == 0;
}

static int showable(const char *s) {
  return strlen(s) <= SHOWN_MAX && strchr(s, '\n') == NULL;
}

/* Reports "label a vs b" (or "a vs b" with an empty label), NULL values
 * shown as none. */
static void changed(struct diff *d, const struct object *o, const char *label,
                    const char *a, const char *b, const char *none) {
  if (same_text(a, b))
    return;
  a = a != NULL ? a : none;
  b = b != NULL ? b : none;
  struct strbuf detail;
  strbuf_init(&detail);
  int rc;
  if (showable(a) && showable(b))
    rc = strbuf_appendf(&detail, "%s%s%s vs %s", label, *label ? " " : "",
                        *a ? a : "''", *b ? b : "''");
  else
    rc = strbuf_appendf(&detail, "%s differs", label);
  if (rc != 0)
    out_of_memory(d);
  else
    report(d, STRATA_DIFF_CHANGED, o, detail.data);
  strbuf_release(&detail);
}

static void changed_number(struct diff *d, const struct object *o,
                           const char *label, long long a, long long b) {
  char x[32], y[32];
  snprintf(x, sizeof x, "%lld", a);
  snprintf(y, sizeof y, "%lld", b);
  changed(d, o, label, x, y, "");
}

static void object_init(struct object *o, const char *type, const char *table,
                        const char *name) {
  *o = (struct object){type, table, name, {0}};
  strbuf_init(&o->text);
}

/* "table users: column email", or without the table when it goes unsaid. */
static void object_named(struct object *o, const char *type, const char *table,
                         const char *name, int show_table) {
  object_init(o, type, table, name);
  int rc = show_table && table != NULL
               ? strbuf_appendf(&o->text, "table %s: %s", table, type)
               : strbuf_appendf(&o->text, "%s", type);
  if (rc == 0 && name != NULL)
    rc = strbuf_appendf(&o->text, " %s", name);
  if (rc != 0)
    strbuf_release(&o->text);
}

/* ---- text of lists ------------------------------------------------------- */

/* "(a, b)"; NULL when memory runs out (free() it). */
static char *list_text(const char *const *items, size_t count) {
  struct strbuf b;
  strbuf_init(&b);
  int rc = strbuf_append(&b, "(", 1);
  for (size_t i = 0; rc == 0 && i < count; i++)
    rc = strbuf_appendf(&b, "%s%s", i ? ", " : "", items[i]);
  if (rc == 0)
    rc = strbuf_append(&b, ")", 1);
  if (rc != 0)
    strbuf_release(&b);
  return b.data;
}

static void changed_list(struct diff *d, const struct object *o,
                         const char *label, const char *const *a, size_t na,
                         const char *const *b, size_t nb) {
  char *x = list_text(a, na), *y = list_text(b, nb);
  if (x == NULL || y == NULL)
    out_of_memory(d);
  else
    changed(d, o, label, x, y, "");
  free(x);
  free(y);
}

/* ---- matching by key ----------------------------------------------------- */

typedef char *(*key_fn)(const void *item);
typedef void (*pair_fn)(struct diff *d, const void *a, const void *b,
                        const void *parent);

struct keyed {
  char *key;
  const void *item;
  size_t order; /* its index, so equal keys keep their order */
};

static int by_key(const void *x, const void *y) {
  const struct keyed *a = x, *b = y;
  int c = strcmp(a->key, b->key);
  return c ? c : (a->order > b->order) - (a->order < b->order);
}

static void keyed_free(struct keyed *k, size_t n) {
  for (size_t i = 0; k != NULL && i < n; i++)
    free(k[i].key);
  free(k);
}

/* The items of a model's pointer array (read with memcpy, as model.c
 * writes them, since the element type varies), sorted by key. */
static struct keyed *keyed_sort(const void *array, size_t n, key_fn key) {
  struct keyed *k = calloc(n + 1, sizeof *k);
  for (size_t i = 0; k != NULL && i < n; i++) {
    memcpy(&k[i].item, (const char *)array + i * sizeof(void *),
           sizeof k[i].item);
    k[i].order = i;
    k[i].key = key(k[i].item);
    if (k[i].key == NULL) {
      keyed_free(k, i);
      return NULL;
    }
  }
  if (k != NULL && n > 1)
    qsort(k, n, sizeof *k, by_key);
  return k;
}

/* Calls pair for every key in a or b, with NULL for the side without it. */
static void match(struct diff *d, const void *a, size_t na, const void *b,
                  size_t nb, key_fn key, pair_fn pair, const void *parent) {
  struct keyed *x = keyed_sort(a, na, key), *y = keyed_sort(b, nb, key);
  size_t i = 0, j = 0;
  if (x == NULL || y == NULL)
    out_of_memory(d);
  while (x != NULL && y != NULL && d->stop == 0 && (i < na || j < nb)) {
    int c = i == na ? 1 : j == nb ? -1 : strcmp(x[i].key, y[j].key);
    pair(d, c <= 0 ? x[i].item : NULL, c >= 0 ? y[j].item : NULL, parent);
    i += c <= 0;
    j += c >= 0;
  }
  keyed_free(x, na);
  keyed_free(y, nb);
}

/* ---- keys ---------------------------------------------------------------- */

static char *name_or(const char *name, char *fallback) {
  if (name == NULL)
    return fallback;
  free(fallback);
  return strata__strdup(name);
}

#define NAME_KEY(type)                                                         \
  static char *key_##type(const void *item) {                                  \
    return strata__strdup(((const struct strata_##type *)item)->name);         \
  }
NAME_KEY(table)
NAME_KEY(column)
NAME_KEY(index)
NAME_KEY(trigger)
NAME_KEY(view)
NAME_KEY(enum_type)
NAME_KEY(sequence)

static char *key_unique(const void *item) {
  const struct strata_key *k = item;
  return name_or(k->name, list_text(k->columns, k->column_count));
}

static char *key_check(const void *item) {
  const struct strata_check *c = item;
  return strata__strdup(c->name ? c->name : c->expression ? c->expression : "");
}

static char *key_foreign_key(const void *item) {
  const struct strata_foreign_key *fk = item;
  if (fk->name != NULL)
    return strata__strdup(fk->name);
  char *cols = list_text(fk->columns, fk->column_count);
  char *refs = list_text(fk->ref_columns, fk->ref_column_count);
  char *key = cols && refs ? strata__asprintf("%s references %s%s", cols,
                                              fk->ref_table, refs)
                           : NULL;
  free(cols);
  free(refs);
  return key;
}

/* What a unique key, check or foreign key is, whatever its name. */
static char *content_unique(const void *item) {
  const struct strata_key *k = item;
  return list_text(k->columns, k->column_count);
}

static char *content_check(const void *item) {
  const struct strata_check *c = item;
  return strata__strdup(c->expression ? c->expression : "");
}

static char *content_foreign_key(const void *item) {
  const struct strata_foreign_key *fk = item;
  const struct strata_foreign_key unnamed = {.columns = fk->columns,
                                             .column_count = fk->column_count,
                                             .ref_table = fk->ref_table,
                                             .ref_columns = fk->ref_columns,
                                             .ref_column_count =
                                                 fk->ref_column_count};
  return key_foreign_key(&unnamed);
}

static char *key_routine(const void *item) {
  const struct strata_routine *r = item;
  const char *sig = r->signature ? r->signature : "";
  return sig[0] == '(' ? strata__asprintf("%s%s", r->name, sig)
                       : strata__asprintf("%s(%s)", r->name, sig);
}

/* ---- columns ------------------------------------------------------------- */

static const char *const type_names[] = {
    "other",   "boolean",   "tinyint",     "smallint",  "mediumint", "integer",
    "bigint",  "decimal",   "real",        "double",    "bit",       "char",
    "varchar", "text",      "binary",      "varbinary", "blob",      "date",
    "time",    "timestamp", "timestamptz", "interval",  "year",      "json",
    "uuid",    "enum",      "set",         "geometry"};

/* A column's type as its engine spells it or, for a model without engine
 * text, from the neutral fields. */
static char *type_text(const struct strata_column *c) {
  if (c->type_text != NULL)
    return strata__strdup(c->type_text);
  size_t t = (size_t)c->type;
  const char *name =
      t < sizeof type_names / sizeof *type_names ? type_names[t] : "other";
  return strata__asprintf("%s(%lld,%d,%d)%s%s",
                          c->type_ref ? c->type_ref : name, c->length,
                          c->precision, c->scale,
                          c->flags & STRATA_COLUMN_UNSIGNED ? " unsigned" : "",
                          c->flags & STRATA_COLUMN_ARRAY ? "[]" : "");
}

static const char *identity_text(unsigned flags) {
  if (flags & STRATA_COLUMN_IDENTITY_ALWAYS)
    return "always";
  return flags & STRATA_COLUMN_IDENTITY ? "by default" : NULL;
}

static char *default_text(const struct strata_column *c) {
  if (c->default_expr != NULL)
    return strata__strdup(c->default_expr);
  switch (c->default_kind) {
  case STRATA_DEFAULT_NONE: return NULL;
  case STRATA_DEFAULT_NULL: return strata__strdup("NULL");
  case STRATA_DEFAULT_CURRENT_TIME: return strata__strdup("current time");
  case STRATA_DEFAULT_CURRENT_DATE: return strata__strdup("current date");
  default: break;
  }
  return strata__strdup(c->default_value ? c->default_value : "");
}

static char *generated_text(const struct strata_column *c) {
  if (c->generated_expr == NULL)
    return NULL;
  const char *how = c->flags & STRATA_COLUMN_GENERATED_STORED    ? " stored"
                    : c->flags & STRATA_COLUMN_GENERATED_VIRTUAL ? " virtual"
                                                                 : "";
  return strata__asprintf("%s%s", c->generated_expr, how);
}

typedef char *(*column_text_fn)(const struct strata_column *c);

/* Compares a property that has to be worded first. */
static void changed_worded(struct diff *d, const struct object *o,
                           const char *label, const struct strata_column *a,
                           const struct strata_column *b, column_text_fn text,
                           const char *none) {
  char *x = text(a), *y = text(b);
  changed(d, o, label, x, y, none);
  free(x);
  free(y);
}

static void compare_columns(struct diff *d, const struct object *o,
                            const struct strata_column *a,
                            const struct strata_column *b) {
  changed_worded(d, o, "type", a, b, type_text, "none");
  changed_list(d, o, "labels", a->labels, a->label_count, b->labels,
               b->label_count);
  changed(d, o, "", a->flags & STRATA_COLUMN_NOT_NULL ? "not null" : "nullable",
          b->flags & STRATA_COLUMN_NOT_NULL ? "not null" : "nullable", "");
  changed_worded(d, o, "default", a, b, default_text, "none");
  changed(d, o, "identity", identity_text(a->flags), identity_text(b->flags),
          "none");
  changed_worded(d, o, "generated", a, b, generated_text, "none");
  changed(d, o, "collation", a->collation, b->collation, "default");
  changed(d, o, "comment", a->comment, b->comment, "none");
  changed(d, o, "on update", a->on_update, b->on_update, "none");
}

static void pair_column(struct diff *d, const void *x, const void *y,
                        const void *parent) {
  const struct strata_column *a = x, *b = y;
  const struct strata_table *t = parent;
  struct object o;
  object_named(&o, "column", t->name, (a ? a : b)->name, 1);
  if (a == NULL || b == NULL)
    only_in(d, a != NULL, &o);
  else
    compare_columns(d, &o, a, b);
  strbuf_release(&o.text);
}

/* The columns of t that other has too, in t's order. */
static const char **common_columns(const struct strata_table *t,
                                   const struct strata_table *other,
                                   size_t *n) {
  const char **names = calloc(t->column_count + 1, sizeof *names);
  *n = 0;
  for (size_t i = 0; names != NULL && i < t->column_count; i++)
    if (model_find_column(other, t->columns[i]->name) != NULL)
      names[(*n)++] = t->columns[i]->name;
  return names;
}

/* Only the order of the columns both tables have counts: a column added or
 * dropped is reported on its own. */
static void compare_column_order(struct diff *d, const struct object *o,
                                 const struct strata_table *a,
                                 const struct strata_table *b) {
  size_t na, nb;
  const char **x = common_columns(a, b, &na), **y = common_columns(b, a, &nb);
  if (x == NULL || y == NULL)
    out_of_memory(d);
  else
    changed_list(d, o, "column order", x, na, y, nb);
  free(x);
  free(y);
}

/* ---- keys and constraints ------------------------------------------------ */

static const char *deferral_text(int deferrable, int initially_deferred) {
  if (!deferrable)
    return "not deferrable";
  return initially_deferred ? "deferrable initially deferred" : "deferrable";
}

static void compare_keys(struct diff *d, const struct object *o,
                         const struct strata_key *a,
                         const struct strata_key *b) {
  changed_list(d, o, "columns", a->columns, a->column_count, b->columns,
               b->column_count);
  if (a->name != NULL && b->name != NULL)
    changed(d, o, "name", a->name, b->name, "none");
  changed(d, o, "", deferral_text(a->deferrable, a->initially_deferred),
          deferral_text(b->deferrable, b->initially_deferred), "");
}

static void compare_primary_keys(struct diff *d, const struct strata_table *a,
                                 const struct strata_table *b) {
  const struct strata_key *x = a->primary_key, *y = b->primary_key;
  if (x == NULL && y == NULL)
    return;
  struct object o;
  object_named(&o, "primary key", a->name, NULL, 1);
  o.name = (x ? x : y)->name;
  if (x == NULL || y == NULL)
    only_in(d, x != NULL, &o);
  else
    compare_keys(d, &o, x, y);
  strbuf_release(&o.text);
}

/* An unnamed key, check or foreign key shows its key instead of a name. */
static void object_keyed(struct diff *d, struct object *o, const char *type,
                         const char *table, const char *name, key_fn key,
                         const void *item) {
  char *shown = name ? NULL : key(item);
  object_named(o, type, table, name ? name : shown ? shown : "?", 1);
  o->name = name;
  if (!name && shown == NULL)
    out_of_memory(d);
  free(shown);
}

static void pair_unique(struct diff *d, const void *x, const void *y,
                        const void *parent) {
  const struct strata_key *a = x, *b = y, *k = a ? a : b;
  struct object o;
  object_keyed(d, &o, "unique", ((const struct strata_table *)parent)->name,
               k->name, key_unique, k);
  if (a == NULL || b == NULL)
    only_in(d, a != NULL, &o);
  else
    compare_keys(d, &o, a, b);
  strbuf_release(&o.text);
}

static void pair_check(struct diff *d, const void *x, const void *y,
                       const void *parent) {
  const struct strata_check *a = x, *b = y, *c = a ? a : b;
  struct object o;
  object_keyed(d, &o, "check", ((const struct strata_table *)parent)->name,
               c->name, key_check, c);
  if (a == NULL || b == NULL) {
    only_in(d, a != NULL, &o);
  } else {
    if (a->name != NULL && b->name != NULL)
      changed(d, &o, "name", a->name, b->name, "none");
    changed(d, &o, "expression", a->expression, b->expression, "none");
  }
  strbuf_release(&o.text);
}

/* An engine may leave the default action unsaid. */
static const char *action(const char *rule) {
  return rule != NULL ? rule : "NO ACTION";
}

static void compare_foreign_keys(struct diff *d, const struct object *o,
                                 const struct strata_foreign_key *a,
                                 const struct strata_foreign_key *b) {
  if (a->name != NULL && b->name != NULL)
    changed(d, o, "name", a->name, b->name, "none");
  changed_list(d, o, "columns", a->columns, a->column_count, b->columns,
               b->column_count);
  changed(d, o, "references", a->ref_table, b->ref_table, "none");
  changed_list(d, o, "referenced columns", a->ref_columns, a->ref_column_count,
               b->ref_columns, b->ref_column_count);
  changed(d, o, "on delete", action(a->on_delete), action(b->on_delete), "");
  changed(d, o, "on update", action(a->on_update), action(b->on_update), "");
  changed(d, o, "match", a->match ? a->match : "SIMPLE",
          b->match ? b->match : "SIMPLE", "");
  changed(d, o, "", deferral_text(a->deferrable, a->initially_deferred),
          deferral_text(b->deferrable, b->initially_deferred), "");
}

static void pair_foreign_key(struct diff *d, const void *x, const void *y,
                             const void *parent) {
  const struct strata_foreign_key *a = x, *b = y, *fk = a ? a : b;
  struct object o;
  object_keyed(d, &o, "foreign key",
               ((const struct strata_table *)parent)->name, fk->name,
               key_foreign_key, fk);
  if (a == NULL || b == NULL)
    only_in(d, a != NULL, &o);
  else
    compare_foreign_keys(d, &o, a, b);
  strbuf_release(&o.text);
}

/* ---- indexes and triggers ------------------------------------------------ */

static int append_part(struct strbuf *b, const struct strata_index_part *p) {
  int rc = p->column
               ? strbuf_appendf(b, "%s", p->column)
               : strbuf_appendf(b, "(%s)", p->expression ? p->expression : "?");
  if (rc == 0 && p->prefix_length > 0)
    rc = strbuf_appendf(b, "(%lld)", p->prefix_length);
  if (rc == 0 && p->opclass != NULL)
    rc = strbuf_appendf(b, " %s", p->opclass);
  if (rc == 0 && p->descending)
    rc = strbuf_appendf(b, " DESC");
  return rc;
}

/* "(email, lower(name) DESC)"; NULL when memory runs out. */
static char *parts_text(const struct strata_index *ix) {
  struct strbuf b;
  strbuf_init(&b);
  int rc = strbuf_append(&b, "(", 1);
  for (size_t i = 0; rc == 0 && i < ix->part_count; i++) {
    rc = i ? strbuf_append(&b, ", ", 2) : 0;
    if (rc == 0)
      rc = append_part(&b, ix->parts[i]);
  }
  if (rc == 0)
    rc = strbuf_append(&b, ")", 1);
  if (rc != 0)
    strbuf_release(&b);
  return b.data;
}

static const char *uniqueness_text(unsigned flags) {
  if (flags & STRATA_INDEX_PRIMARY)
    return "primary";
  return flags & STRATA_INDEX_UNIQUE ? "unique" : "not unique";
}

static void compare_indexes(struct diff *d, const struct object *o,
                            const struct strata_index *a,
                            const struct strata_index *b) {
  changed(d, o, "", uniqueness_text(a->flags), uniqueness_text(b->flags), "");
  changed(d, o, "method", a->method, b->method, "default");
  char *x = parts_text(a), *y = parts_text(b);
  if (x == NULL || y == NULL)
    out_of_memory(d);
  else
    changed(d, o, "parts", x, y, "");
  free(x);
  free(y);
  changed(d, o, "where", a->predicate, b->predicate, "none");
  changed(d, o, "comment", a->comment, b->comment, "none");
}

static void pair_index(struct diff *d, const void *x, const void *y,
                       const void *parent) {
  const struct strata_index *a = x, *b = y;
  struct object o;
  object_named(&o, "index", ((const struct strata_table *)parent)->name,
               (a ? a : b)->name, d->qualify_indexes);
  if (a == NULL || b == NULL)
    only_in(d, a != NULL, &o);
  else
    compare_indexes(d, &o, a, b);
  strbuf_release(&o.text);
}

static void pair_trigger(struct diff *d, const void *x, const void *y,
                         const void *parent) {
  const struct strata_trigger *a = x, *b = y;
  struct object o;
  object_named(&o, "trigger", ((const struct strata_table *)parent)->name,
               (a ? a : b)->name, d->qualify_triggers);
  if (a == NULL || b == NULL) {
    only_in(d, a != NULL, &o);
  } else {
    changed(d, &o, "timing", a->timing, b->timing, "none");
    changed(d, &o, "events", a->events, b->events, "none");
    changed(d, &o, "definition", a->definition, b->definition, "none");
  }
  strbuf_release(&o.text);
}

/* ---- tables -------------------------------------------------------------- */

static void compare_table_contents(struct diff *d, const struct object *o,
                                   const struct strata_table *a,
                                   const struct strata_table *b) {
  changed(d, o, "comment", a->comment, b->comment, "none");
  changed(d, o, "options", a->options, b->options, "none");
  compare_column_order(d, o, a, b);
  match(d, a->columns, a->column_count, b->columns, b->column_count, key_column,
        pair_column, a);
  compare_primary_keys(d, a, b);
  match(d, a->uniques, a->unique_count, b->uniques, b->unique_count,
        d->by_content ? content_unique : key_unique, pair_unique, a);
  match(d, a->checks, a->check_count, b->checks, b->check_count,
        d->by_content ? content_check : key_check, pair_check, a);
  match(d, a->foreign_keys, a->foreign_key_count, b->foreign_keys,
        b->foreign_key_count,
        d->by_content ? content_foreign_key : key_foreign_key, pair_foreign_key,
        a);
  match(d, a->indexes, a->index_count, b->indexes, b->index_count, key_index,
        pair_index, a);
  match(d, a->triggers, a->trigger_count, b->triggers, b->trigger_count,
        key_trigger, pair_trigger, a);
}

static void pair_table(struct diff *d, const void *x, const void *y,
                       const void *parent) {
  const struct strata_table *a = x, *b = y;
  struct object o;
  (void)parent;
  object_named(&o, "table", NULL, (a ? a : b)->name, 0);
  if (a == NULL || b == NULL)
    only_in(d, a != NULL, &o);
  else
    compare_table_contents(d, &o, a, b);
  strbuf_release(&o.text);
}

/* ---- schema-level objects ------------------------------------------------ */

static void pair_view(struct diff *d, const void *x, const void *y,
                      const void *parent) {
  const struct strata_view *a = x, *b = y;
  struct object o;
  (void)parent;
  object_named(&o, "view", NULL, (a ? a : b)->name, 0);
  if (a == NULL || b == NULL) {
    only_in(d, a != NULL, &o);
  } else {
    changed(d, &o, "", a->materialized ? "materialized" : "not materialized",
            b->materialized ? "materialized" : "not materialized", "");
    changed(d, &o, "definition", a->definition, b->definition, "none");
    changed(d, &o, "comment", a->comment, b->comment, "none");
    changed(d, &o, "options", a->options, b->options, "none");
  }
  strbuf_release(&o.text);
}

static void pair_enum(struct diff *d, const void *x, const void *y,
                      const void *parent) {
  const struct strata_enum_type *a = x, *b = y;
  struct object o;
  (void)parent;
  object_named(&o, "type", NULL, (a ? a : b)->name, 0);
  if (a == NULL || b == NULL)
    only_in(d, a != NULL, &o);
  else
    changed_list(d, &o, "labels", a->labels, a->label_count, b->labels,
                 b->label_count);
  strbuf_release(&o.text);
}

static char *owner_text(const struct strata_sequence *s) {
  if (s->owned_by_table == NULL)
    return NULL;
  return strata__asprintf("%s.%s", s->owned_by_table,
                          s->owned_by_column ? s->owned_by_column : "?");
}

static void compare_sequences(struct diff *d, const struct object *o,
                              const struct strata_sequence *a,
                              const struct strata_sequence *b) {
  changed(d, o, "type", a->type_text, b->type_text, "none");
  changed_number(d, o, "start", a->start, b->start);
  changed_number(d, o, "increment", a->increment, b->increment);
  changed_number(d, o, "minimum", a->min_value, b->min_value);
  changed_number(d, o, "maximum", a->max_value, b->max_value);
  changed_number(d, o, "cache", a->cache, b->cache);
  changed(d, o, "", a->cycle ? "cycle" : "no cycle",
          b->cycle ? "cycle" : "no cycle", "");
  char *x = owner_text(a), *y = owner_text(b);
  changed(d, o, "owned by", x, y, "none");
  free(x);
  free(y);
}

static void pair_sequence(struct diff *d, const void *x, const void *y,
                          const void *parent) {
  const struct strata_sequence *a = x, *b = y;
  struct object o;
  (void)parent;
  object_named(&o, "sequence", NULL, (a ? a : b)->name, 0);
  if (a == NULL || b == NULL)
    only_in(d, a != NULL, &o);
  else
    compare_sequences(d, &o, a, b);
  strbuf_release(&o.text);
}

/* "function", "procedure": the kind in lower case. */
static void routine_type(const struct strata_routine *r, char *out, size_t n) {
  snprintf(out, n, "%s", r->kind ? r->kind : "routine");
  for (char *p = out; *p; p++)
    if (*p >= 'A' && *p <= 'Z')
      *p = (char)(*p - 'A' + 'a');
}

static void pair_routine(struct diff *d, const void *x, const void *y,
                         const void *parent) {
  const struct strata_routine *a = x, *b = y, *r = a ? a : b;
  char type[32];
  char *name = key_routine(r);
  struct object o;
  (void)parent;
  if (name == NULL) {
    out_of_memory(d);
    return;
  }
  routine_type(r, type, sizeof type);
  object_named(&o, type, NULL, name, 0);
  if (a == NULL || b == NULL) {
    only_in(d, a != NULL, &o);
  } else {
    changed(d, &o, "kind", a->kind, b->kind, "none");
    changed(d, &o, "definition", a->definition, b->definition, "none");
  }
  strbuf_release(&o.text);
  free(name);
}

/* ---- the whole model ----------------------------------------------------- */

static int by_string(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Whether some index (or trigger) name appears on two tables of schema:
 * then "index NAME" alone would not say which. */
static int names_repeat(const struct strata_schema *schema, int triggers) {
  size_t n = 0, cap = 0;
  for (size_t i = 0; i < schema->table_count; i++)
    cap += triggers ? schema->tables[i]->trigger_count
                    : schema->tables[i]->index_count;
  const char **names = calloc(cap + 1, sizeof *names);
  if (names == NULL)
    return 1;
  for (size_t i = 0; i < schema->table_count; i++) {
    const struct strata_table *t = schema->tables[i];
    size_t count = triggers ? t->trigger_count : t->index_count;
    for (size_t j = 0; j < count; j++)
      names[n++] = triggers ? t->triggers[j]->name : t->indexes[j]->name;
  }
  qsort(names, n, sizeof *names, by_string);
  int repeat = 0;
  for (size_t i = 1; i < n && !repeat; i++)
    repeat = strcmp(names[i - 1], names[i]) == 0;
  free(names);
  return repeat;
}

static int diff_models(struct diff d, const struct strata_schema *a,
                       const struct strata_schema *b) {
  d.qualify_indexes = names_repeat(a, 0) || names_repeat(b, 0);
  d.qualify_triggers = names_repeat(a, 1) || names_repeat(b, 1);
  match(&d, a->enums, a->enum_count, b->enums, b->enum_count, key_enum_type,
        pair_enum, NULL);
  match(&d, a->sequences, a->sequence_count, b->sequences, b->sequence_count,
        key_sequence, pair_sequence, NULL);
  match(&d, a->routines, a->routine_count, b->routines, b->routine_count,
        key_routine, pair_routine, NULL);
  match(&d, a->tables, a->table_count, b->tables, b->table_count, key_table,
        pair_table, NULL);
  match(&d, a->views, a->view_count, b->views, b->view_count, key_view,
        pair_view, NULL);
  return d.stop != 0 ? d.stop : d.count;
}

int strata_schema_diff(const struct strata_schema *a,
                       const struct strata_schema *b, strata_difference_fn each,
                       void *ctx) {
  return diff_models((struct diff){.each = each, .ctx = ctx}, a, b);
}

int model_diff_neutral(const struct strata_schema *a,
                       const struct strata_schema *b, strata_difference_fn each,
                       void *ctx) {
  return diff_models((struct diff){.each = each, .ctx = ctx, .by_content = 1},
                     a, b);
}

void strata_difference_text(const struct strata_difference *d, char *out,
                            size_t n) {
  const char *tail = d->kind == STRATA_DIFF_ONLY_IN_A   ? "only in A"
                     : d->kind == STRATA_DIFF_ONLY_IN_B ? "only in B"
                     : d->detail                        ? d->detail
                                                        : "changed";
  snprintf(out, n, "%s: %s", d->object, tail);
}
