/*
 * model_sort.c - the canonical order of a model.
 *
 * Engines list objects in creation order or hash order; a dump and a
 * comparison need one order that depends only on what the objects are.
 * Named objects go by name, columns by position, and views after any view
 * they read, since a script must create those first.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

static int compare_names(const char *a, const char *b) {
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return strcmp(a, b);
}

#define NAME_ORDER(type)                                                       \
  static int by_name_##type(const void *a, const void *b) {                    \
    const struct strata_##type *const *x = a, *const *y = b;                   \
    return compare_names((*x)->name, (*y)->name);                              \
  }
NAME_ORDER(table)
NAME_ORDER(check)
NAME_ORDER(foreign_key)
NAME_ORDER(index)
NAME_ORDER(trigger)
NAME_ORDER(enum_type)
NAME_ORDER(sequence)
NAME_ORDER(view)

/* Unnamed keys (SQLite) go by their column lists. */
static int by_name_key(const void *a, const void *b) {
  const struct strata_key *const *x = a, *const *y = b;
  int c = compare_names((*x)->name, (*y)->name);
  for (size_t i = 0; c == 0 && i < (*x)->column_count &&
                     i < (*y)->column_count;
       i++)
    c = strcmp((*x)->columns[i], (*y)->columns[i]);
  if (c == 0)
    c = ((*x)->column_count > (*y)->column_count) -
        ((*x)->column_count < (*y)->column_count);
  return c;
}

static int by_position(const void *a, const void *b) {
  const struct strata_column *const *x = a, *const *y = b;
  return ((*x)->position > (*y)->position) - ((*x)->position < (*y)->position);
}

static int by_name_and_signature(const void *a, const void *b) {
  const struct strata_routine *const *x = a, *const *y = b;
  int c = compare_names((*x)->name, (*y)->name);
  return c ? c : compare_names((*x)->signature, (*y)->signature);
}

#define SORT(array, count, order)                                              \
  do {                                                                         \
    if ((count) > 1)                                                           \
      qsort((array), (count), sizeof *(array), (order));                       \
  } while (0)

static void sort_table(struct strata_table *t) {
  SORT(t->columns, t->column_count, by_position);
  SORT(t->uniques, t->unique_count, by_name_key);
  SORT(t->checks, t->check_count, by_name_check);
  SORT(t->foreign_keys, t->foreign_key_count, by_name_foreign_key);
  SORT(t->indexes, t->index_count, by_name_index);
  SORT(t->triggers, t->trigger_count, by_name_trigger);
}

static int reads_pending_view(struct strata_view *v, struct strata_view **pending,
                              size_t count) {
  for (size_t i = 0; i < count; i++)
    if (pending[i] != NULL && pending[i] != v &&
        model_mentions(v->definition, pending[i]->name))
      return 1;
  return 0;
}

/* Views in name order, each moved after the views it reads.  A false
 * match of model_mentions() only moves a view later, which is harmless;
 * with a cycle (only possible through one) the rest stay in name order. */
static void sort_views(struct strata_schema *schema) {
  size_t n = schema->view_count;
  SORT(schema->views, n, by_name_view);
  if (n < 2)
    return;
  struct strata_view **pending = malloc(n * sizeof *pending);
  if (pending == NULL)
    return;
  memcpy(pending, schema->views, n * sizeof *pending);
  for (size_t placed = 0; placed < n; placed++) {
    size_t pick = n, first = n;
    for (size_t i = 0; i < n && pick == n; i++) {
      if (pending[i] == NULL)
        continue;
      if (first == n)
        first = i;
      if (!reads_pending_view(pending[i], pending, n))
        pick = i;
    }
    pick = pick < n ? pick : first;
    schema->views[placed] = pending[pick];
    pending[pick] = NULL;
  }
  free(pending);
}

void model_sort(struct strata_schema *schema) {
  SORT(schema->tables, schema->table_count, by_name_table);
  for (size_t i = 0; i < schema->table_count; i++)
    sort_table(schema->tables[i]);
  SORT(schema->enums, schema->enum_count, by_name_enum_type);
  SORT(schema->sequences, schema->sequence_count, by_name_sequence);
  SORT(schema->routines, schema->routine_count, by_name_and_signature);
  sort_views(schema);
}
