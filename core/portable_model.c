/*
 * portable_model.c - what a portable op does to a model.
 *
 * Rendering a group needs the model before and after it.  A copy shares
 * every table with the model it came from until an op changes one; the
 * table is then copied (with its arrays and columns), so the model before
 * stays as it was.  Everything lives in the file's arena.
 */
#include "portable.h"

#include <string.h>

#include "model.h"

struct apply {
  struct portable_file *pf;
  struct strata_schema *model;
  struct strata_op *op;
  int strict;
  struct strata_error *err;
};

/* Zeroed memory in the file's arena. */
static void *alloc(struct portable_file *pf, size_t size) {
  void **slot = NULL;
  size_t n = 0;
  return model_append(pf->owner, &slot, &n, size);
}

/* A copy of a pointer array in the arena. */
static void *copy_array(struct portable_file *pf, void *items, size_t count) {
  void **copy = alloc(pf, (count + 1) * sizeof *copy);
  if (copy != NULL && count > 0)
    memcpy(copy, items, count * sizeof *copy);
  return copy;
}

/* Arrays grow through model_append, which doubles at powers of two; a
 * copied array gets room for that. */
static void *growable_copy(struct portable_file *pf, void *items,
                           size_t count) {
  size_t cap = 4;
  while (cap < count)
    cap *= 2;
  void **copy = alloc(pf, cap * sizeof *copy);
  if (copy != NULL && count > 0)
    memcpy(copy, items, count * sizeof *copy);
  return copy;
}

struct strata_schema *portable_model_copy(struct portable_file *pf,
                                          const struct strata_schema *model) {
  struct strata_schema *copy = alloc(pf, sizeof *copy);
  if (copy == NULL)
    return NULL;
  *copy = *model;
  copy->arena = NULL;
  copy->tables = growable_copy(pf, model->tables, model->table_count);
  return copy->tables ? copy : NULL;
}

/* ---- finding and copying ----------------------------------------------- */

static size_t table_index(const struct strata_schema *m, const char *name) {
  for (size_t i = 0; i < m->table_count; i++)
    if (strcmp(m->tables[i]->name, name) == 0)
      return i;
  return (size_t)-1;
}

static struct strata_table *copy_table(struct portable_file *pf,
                                       const struct strata_table *t) {
  struct strata_table *c = alloc(pf, sizeof *c);
  if (c == NULL)
    return NULL;
  *c = *t;
  c->columns = growable_copy(pf, t->columns, t->column_count);
  c->uniques = growable_copy(pf, t->uniques, t->unique_count);
  c->checks = growable_copy(pf, t->checks, t->check_count);
  c->foreign_keys = growable_copy(pf, t->foreign_keys, t->foreign_key_count);
  c->indexes = growable_copy(pf, t->indexes, t->index_count);
  c->triggers = growable_copy(pf, t->triggers, t->trigger_count);
  for (size_t i = 0; c->columns && i < c->column_count; i++) {
    struct strata_column *col = alloc(pf, sizeof *col);
    if (col == NULL)
      return NULL;
    *col = *t->columns[i];
    c->columns[i] = col;
  }
  int ok = c->columns && c->uniques && c->checks && c->foreign_keys &&
           c->indexes && c->triggers;
  return ok ? c : NULL;
}

static int missing(struct apply *a, const char *what, const char *name) {
  if (!a->strict || (a->op->flags & STRATA_OP_IF_EXISTS))
    return 1;
  strata__error_set(a->err, STRATA_ESOURCE, "%s \"%s\" does not exist", what,
                    name);
  portable_locate(a->pf, a->op->offset, a->err);
  return a->err->code;
}

static int nomem(struct apply *a) {
  return strata__error_set(a->err, STRATA_ENOMEM, "out of memory");
}

/* The op's table, copied into the model for writing; *t NULL with 0
 * returned when the op changes nothing. */
static int writable_table(struct apply *a, const char *name,
                          struct strata_table **t) {
  size_t i = table_index(a->model, name);
  *t = NULL;
  if (i == (size_t)-1) {
    int rc = missing(a, "table", name);
    return rc == 1 ? 0 : rc;
  }
  if ((*t = copy_table(a->pf, a->model->tables[i])) == NULL)
    return nomem(a);
  a->model->tables[i] = *t;
  return 0;
}

static int column_for(struct apply *a, struct strata_table *t,
                      struct strata_column **c) {
  *c = model_find_column(t, a->op->name);
  if (*c != NULL)
    return 0;
  int rc = missing(a, "column", a->op->name);
  return rc == 1 ? 0 : rc;
}

/* ---- column ops ---------------------------------------------------------- */

static void renamed_list(struct apply *a, const char **names, size_t count,
                         const char ***out) {
  const char **copy = copy_array(a->pf, (void *)names, count);
  for (size_t i = 0; copy && i < count; i++)
    if (strcmp(copy[i], a->op->name) == 0)
      copy[i] = a->op->new_name;
  *out = copy ? copy : names;
}

static void rename_in_keys(struct apply *a, struct strata_table *t) {
  if (t->primary_key) {
    struct strata_key *k = alloc(a->pf, sizeof *k);
    if (k) {
      *k = *t->primary_key;
      renamed_list(a, k->columns, k->column_count, &k->columns);
      t->primary_key = k;
    }
  }
  for (size_t i = 0; i < t->unique_count; i++) {
    struct strata_key *k = alloc(a->pf, sizeof *k);
    if (k) {
      *k = *t->uniques[i];
      renamed_list(a, k->columns, k->column_count, &k->columns);
      t->uniques[i] = k;
    }
  }
  for (size_t i = 0; i < t->foreign_key_count; i++) {
    struct strata_foreign_key *fk = alloc(a->pf, sizeof *fk);
    if (fk) {
      *fk = *t->foreign_keys[i];
      renamed_list(a, fk->columns, fk->column_count, &fk->columns);
      t->foreign_keys[i] = fk;
    }
  }
  for (size_t i = 0; i < t->index_count; i++) {
    struct strata_index *ix = alloc(a->pf, sizeof *ix);
    if (ix == NULL)
      continue;
    *ix = *t->indexes[i];
    ix->parts = copy_array(a->pf, ix->parts, ix->part_count);
    for (size_t p = 0; ix->parts && p < ix->part_count; p++) {
      struct strata_index_part *part = alloc(a->pf, sizeof *part);
      if (part == NULL)
        continue;
      *part = *ix->parts[p];
      if (part->column && strcmp(part->column, a->op->name) == 0)
        part->column = a->op->new_name;
      ix->parts[p] = part;
    }
    t->indexes[i] = ix;
  }
}

static int names_column(const char *const *names, size_t count,
                        const char *name) {
  for (size_t i = 0; i < count; i++)
    if (strcmp(names[i], name) == 0)
      return 1;
  return 0;
}

static int index_names_column(const struct strata_index *ix,
                              const char *name) {
  for (size_t i = 0; i < ix->part_count; i++)
    if (ix->parts[i]->column && strcmp(ix->parts[i]->column, name) == 0)
      return 1;
  return 0;
}

/* PostgreSQL drops the keys and indexes of a dropped column with it. */
static void drop_column(struct strata_table *t, const char *name) {
  size_t kept = 0;
  for (size_t i = 0; i < t->column_count; i++)
    if (strcmp(t->columns[i]->name, name) != 0)
      t->columns[kept++] = t->columns[i];
  t->column_count = kept;
  if (t->primary_key && names_column(t->primary_key->columns,
                                     t->primary_key->column_count, name))
    t->primary_key = NULL;
  kept = 0;
  for (size_t i = 0; i < t->unique_count; i++)
    if (!names_column(t->uniques[i]->columns, t->uniques[i]->column_count,
                      name))
      t->uniques[kept++] = t->uniques[i];
  t->unique_count = kept;
  kept = 0;
  for (size_t i = 0; i < t->foreign_key_count; i++)
    if (!names_column(t->foreign_keys[i]->columns,
                      t->foreign_keys[i]->column_count, name))
      t->foreign_keys[kept++] = t->foreign_keys[i];
  t->foreign_key_count = kept;
  kept = 0;
  for (size_t i = 0; i < t->index_count; i++)
    if (!index_names_column(t->indexes[i], name))
      t->indexes[kept++] = t->indexes[i];
  t->index_count = kept;
  /* A check naming the column goes with it, as on PostgreSQL: its own
   * CHECK, and the one an engine without enums keeps an enum's labels
   * in. */
  kept = 0;
  for (size_t i = 0; i < t->check_count; i++)
    if (!model_mentions(t->checks[i]->expression, name))
      t->checks[kept++] = t->checks[i];
  t->check_count = kept;
}

/* The kinds of value a type holds: a change inside one family keeps
 * every value on every engine, or fails on each alike; across families
 * PostgreSQL needs a USING cast, MySQL converts as it likes and SQLite
 * keeps the old values as they were. */
static int type_family(enum strata_type type) {
  switch (type) {
  case STRATA_TYPE_TINYINT:
  case STRATA_TYPE_SMALLINT:
  case STRATA_TYPE_MEDIUMINT:
  case STRATA_TYPE_INTEGER:
  case STRATA_TYPE_BIGINT:
  case STRATA_TYPE_DECIMAL:
  case STRATA_TYPE_REAL:
  case STRATA_TYPE_DOUBLE:
    return 1;
  case STRATA_TYPE_CHAR:
  case STRATA_TYPE_VARCHAR:
  case STRATA_TYPE_TEXT:
    return 2;
  case STRATA_TYPE_TIMESTAMP:
    return 3;
  default:
    return 100 + (int)type; /* a family of its own */
  }
}

/* A number becomes text alike everywhere; the reverse needs a cast. */
static int change_is_portable(enum strata_type from, enum strata_type to) {
  int f = type_family(from), t = type_family(to);
  return f == t || (f == 1 && t == 2);
}

static int check_type_change(struct apply *a, const struct strata_column *c) {
  const struct strata_column *to = a->op->column;
  if (to->type == STRATA_TYPE_ENUM || c->type == STRATA_TYPE_ENUM) {
    strata__error_set(a->err, STRATA_ESOURCE,
                      "changing column \"%s\" to or from an enum is not "
                      "portable yet: add a new column and copy it with "
                      "UPDATE, or write the change for each engine",
                      c->name);
  } else if (c->type != STRATA_TYPE_OTHER &&
             !change_is_portable(c->type, to->type)) {
    strata__error_set(a->err, STRATA_ESOURCE,
                      "changing column \"%s\" to another kind of value is "
                      "not portable (each engine converts, or keeps, the "
                      "old values its own way): add a new column and copy "
                      "it with UPDATE, or write the change for each engine",
                      c->name);
  } else {
    return 0;
  }
  portable_locate(a->pf, a->op->offset, a->err);
  return a->err->code;
}

static int column_op(struct apply *a, struct strata_table *t) {
  const struct strata_op *op = a->op;
  struct strata_column *c = NULL;
  if (op->kind == STRATA_OP_ADD_COLUMN) {
    c = model_append(a->pf->owner, &t->columns, &t->column_count, sizeof *c);
    if (c == NULL)
      return nomem(a);
    *c = *op->column;
    c->position = (int)t->column_count;
    return 0;
  }
  int rc = column_for(a, t, &c);
  if (rc != 0 || c == NULL)
    return rc;
  switch (op->kind) {
  case STRATA_OP_DROP_COLUMN:
    drop_column(t, op->name);
    break;
  case STRATA_OP_RENAME_COLUMN:
    c->name = op->new_name;
    rename_in_keys(a, t);
    break;
  case STRATA_OP_ALTER_TYPE:
    rc = check_type_change(a, c);
    if (rc != 0)
      return rc;
    c->type = op->column->type;
    c->type_text = NULL;
    c->length = op->column->length;
    c->precision = op->column->precision;
    c->scale = op->column->scale;
    c->labels = op->column->labels;
    c->label_count = op->column->label_count;
    break;
  case STRATA_OP_SET_DEFAULT:
    c->default_kind = op->column->default_kind;
    c->default_value = op->column->default_value;
    c->default_expr = op->column->default_expr;
    break;
  case STRATA_OP_DROP_DEFAULT:
    c->default_kind = STRATA_DEFAULT_NONE;
    c->default_value = c->default_expr = NULL;
    break;
  case STRATA_OP_SET_NOT_NULL:
    c->flags |= STRATA_COLUMN_NOT_NULL;
    break;
  default:
    c->flags &= ~STRATA_COLUMN_NOT_NULL;
    break;
  }
  return 0;
}

/* ---- constraints and indexes --------------------------------------------- */

static int drop_named(void **items, size_t *count, const char *name,
                      const char *(*name_of)(const void *)) {
  for (size_t i = 0; i < *count; i++) {
    const char *n = name_of(items[i]);
    if (n == NULL || strcmp(n, name) != 0)
      continue;
    memmove(&items[i], &items[i + 1], (*count - i - 1) * sizeof *items);
    (*count)--;
    return 1;
  }
  return 0;
}

static const char *key_name(const void *k) {
  return ((const struct strata_key *)k)->name;
}
static const char *check_name(const void *c) {
  return ((const struct strata_check *)c)->name;
}
static const char *fk_name(const void *f) {
  return ((const struct strata_foreign_key *)f)->name;
}
static const char *index_name(const void *i) {
  return ((const struct strata_index *)i)->name;
}

/* A unique constraint may be an index where the engine made it one
 * (SQLite adds a unique constraint as CREATE UNIQUE INDEX). */
static int drop_constraint(struct apply *a, struct strata_table *t) {
  const char *name = a->op->name;
  if (t->primary_key &&
      ((t->primary_key->name && strcmp(t->primary_key->name, name) == 0) ||
       a->op->key != NULL)) {
    t->primary_key = NULL;
    return 0;
  }
  if (drop_named((void **)t->uniques, &t->unique_count, name, key_name) ||
      drop_named((void **)t->checks, &t->check_count, name, check_name) ||
      drop_named((void **)t->foreign_keys, &t->foreign_key_count, name,
                 fk_name) ||
      drop_named((void **)t->indexes, &t->index_count, name, index_name))
    return 0;
  int rc = missing(a, "constraint", name);
  return rc == 1 ? 0 : rc;
}

static int append(struct apply *a, void *array, size_t *count,
                  const void *item) {
  void **slot = model_append(a->pf->owner, array, count, 1);
  if (slot == NULL)
    return nomem(a);
  void **items;
  memcpy(&items, array, sizeof items);
  items[*count - 1] = (void *)item;
  return 0;
}

static int constraint_op(struct apply *a, struct strata_table *t) {
  const struct strata_op *op = a->op;
  switch (op->kind) {
  case STRATA_OP_ADD_PRIMARY_KEY:
    t->primary_key = (struct strata_key *)op->key;
    return 0;
  case STRATA_OP_ADD_UNIQUE:
    return append(a, &t->uniques, &t->unique_count, op->key);
  case STRATA_OP_ADD_CHECK:
    return append(a, &t->checks, &t->check_count, op->check);
  case STRATA_OP_ADD_FOREIGN_KEY:
    return append(a, &t->foreign_keys, &t->foreign_key_count, op->foreign_key);
  case STRATA_OP_CREATE_INDEX:
    return append(a, &t->indexes, &t->index_count, op->index);
  case STRATA_OP_COMMENT:
    if (op->name == NULL) {
      t->comment = op->text;
      return 0;
    } else {
      struct strata_column *c = NULL;
      int rc = column_for(a, t, &c);
      if (c != NULL)
        c->comment = op->text;
      return rc;
    }
  default:
    return drop_constraint(a, t);
  }
}

/* Where index op->name is in t: among its indexes, or (*is_key) among
 * its unique keys, which is where an engine whose unique constraints are
 * indexes (MySQL) puts a unique index; -1 when t has none of that name. */
static long index_in(const struct strata_table *t, const char *name,
                     int *is_key) {
  for (size_t k = 0; k < t->index_count; k++)
    if (t->indexes[k]->name && strcmp(t->indexes[k]->name, name) == 0) {
      *is_key = 0;
      return (long)k;
    }
  for (size_t k = 0; k < t->unique_count; k++)
    if (t->uniques[k]->name && strcmp(t->uniques[k]->name, name) == 0) {
      *is_key = 1;
      return (long)k;
    }
  return -1;
}

/* The table holding the index op->name; sets op->table. */
static int index_table(struct apply *a, struct strata_table **t, size_t *at,
                       int *is_key) {
  *t = NULL;
  for (size_t i = 0; i < a->model->table_count; i++) {
    const struct strata_table *cand = a->model->tables[i];
    long k = index_in(cand, a->op->name, is_key);
    if (k >= 0) {
      a->op->table = cand->name;
      *at = (size_t)k;
      return writable_table(a, cand->name, t);
    }
  }
  int rc = missing(a, "index", a->op->name);
  return rc == 1 ? 0 : rc;
}

static int unique_key_op(struct apply *a, struct strata_table *t, size_t at) {
  if (a->op->kind == STRATA_OP_DROP_INDEX) {
    memmove(&t->uniques[at], &t->uniques[at + 1],
            (t->unique_count - at - 1) * sizeof *t->uniques);
    t->unique_count--;
    return 0;
  }
  struct strata_key *k = alloc(a->pf, sizeof *k);
  if (k == NULL)
    return nomem(a);
  *k = *t->uniques[at];
  k->name = a->op->new_name;
  t->uniques[at] = k;
  return 0;
}

static int index_op(struct apply *a) {
  struct strata_table *t;
  size_t at = 0;
  int is_key = 0;
  int rc = index_table(a, &t, &at, &is_key);
  if (rc != 0 || t == NULL)
    return rc;
  if (is_key)
    return unique_key_op(a, t, at);
  if (a->op->kind == STRATA_OP_DROP_INDEX) {
    memmove(&t->indexes[at], &t->indexes[at + 1],
            (t->index_count - at - 1) * sizeof *t->indexes);
    t->index_count--;
    return 0;
  }
  struct strata_index *ix = alloc(a->pf, sizeof *ix);
  if (ix == NULL)
    return nomem(a);
  *ix = *t->indexes[at];
  ix->name = a->op->new_name;
  ix->definition = NULL;
  t->indexes[at] = ix;
  return 0;
}

/* ---- tables ------------------------------------------------------------- */

static int table_op(struct apply *a) {
  const struct strata_op *op = a->op;
  size_t i = table_index(a->model, op->table);
  if (op->kind == STRATA_OP_CREATE_TABLE) {
    if (i != (size_t)-1 && (op->flags & STRATA_OP_IF_NOT_EXISTS))
      return 0;
    if (i != (size_t)-1 && a->strict) {
      strata__error_set(a->err, STRATA_ESOURCE, "table \"%s\" already exists",
                        op->table);
      portable_locate(a->pf, op->offset, a->err);
      return a->err->code;
    }
    struct strata_table *t = copy_table(a->pf, op->def);
    return t ? append(a, &a->model->tables, &a->model->table_count, t)
             : nomem(a);
  }
  if (i == (size_t)-1) {
    int rc = missing(a, "table", op->table);
    return rc == 1 ? 0 : rc;
  }
  if (op->kind == STRATA_OP_DROP_TABLE) {
    memmove(&a->model->tables[i], &a->model->tables[i + 1],
            (a->model->table_count - i - 1) * sizeof *a->model->tables);
    a->model->table_count--;
    return 0;
  }
  struct strata_table *t;
  int rc = writable_table(a, op->table, &t);
  if (rc == 0)
    t->name = op->new_name;
  return rc;
}

int portable_model_apply(struct portable_file *pf, struct strata_schema *model,
                         struct strata_op *op, int strict,
                         struct strata_error *err) {
  struct apply a = {.pf = pf, .model = model, .op = op, .strict = strict,
                    .err = err};
  switch (op->kind) {
  case STRATA_OP_CREATE_TABLE:
  case STRATA_OP_DROP_TABLE:
  case STRATA_OP_RENAME_TABLE:
    return table_op(&a);
  case STRATA_OP_DROP_INDEX:
  case STRATA_OP_RENAME_INDEX:
    return index_op(&a);
  case STRATA_OP_INSERT:
  case STRATA_OP_UPDATE:
  case STRATA_OP_DELETE:
    return 0;
  default:
    break;
  }
  struct strata_table *t;
  int rc = writable_table(&a, op->table, &t);
  if (rc != 0 || t == NULL)
    return rc;
  if (op->kind <= STRATA_OP_DROP_NOT_NULL)
    return column_op(&a, t);
  return constraint_op(&a, t);
}
