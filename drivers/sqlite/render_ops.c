/*
 * render_ops.c - portable ops as SQLite statements.
 *
 * SQLite 3.35 and later alter a table natively for a new column that
 * needs no rewrite, a dropped column nothing else names, and every rename;
 * ADD UNIQUE becomes CREATE UNIQUE INDEX.  Everything else (a new type,
 * default or nullability, a primary key, a check or a foreign key added, a
 * constraint dropped) rebuilds the table (render_rebuild.c), once for all
 * the ops of one ALTER TABLE.  A rebuild and a DROP TABLE ask the run to
 * turn foreign keys off around the transaction (the guard), so that no ON
 * DELETE action fires while a table is dropped and recreated.
 *
 * Expressions are canonical portable text, which SQLite reads as it is.
 */
#include "sqlite_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sqlite_ops_note(struct sqlite_ops *r, const char *what, const char *name,
                     const char *text) {
  sqlite_text_adds(&r->notes, "-- note: ");
  sqlite_text_adds(&r->notes, what);
  sqlite_text_adds(&r->notes, " ");
  sqlite_text_adds(&r->notes, name);
  sqlite_text_adds(&r->notes, " ");
  sqlite_text_adds(&r->notes, text);
  sqlite_text_adds(&r->notes, "\n");
}

void sqlite_ops_note_column(struct sqlite_ops *r,
                            const struct strata_column *c) {
  if (c->type_text == NULL && c->type == STRATA_TYPE_DECIMAL)
    sqlite_ops_note(r, "column", c->name,
                    "keeps a decimal as a floating-point number: digits "
                    "past the 15th are lost");
}

int sqlite_ops_flush(struct sqlite_ops *r) {
  struct sqlite_text *b = &r->statement;
  sqlite_text_adds(b, ";\n");
  int rc = b->failed || r->notes.failed
               ? r->host->error_set(r->err, STRATA_ENOMEM,
                                    "out of memory rendering SQL")
               : 0;
  if (rc == 0 && r->notes.length > 0)
    rc = r->write(r->ctx, r->notes.data, r->notes.length);
  if (rc == 0)
    rc = r->write(r->ctx, b->data, b->length);
  r->notes.length = 0;
  b->length = 0;
  if (b->data)
    b->data[0] = '\0';
  return rc;
}

int sqlite_ops_refuse(struct sqlite_ops *r, const struct strata_op *op,
                      const char *fmt, const char *name) {
  char message[512];
  snprintf(message, sizeof message, fmt, name);
  r->host->error_set(r->err, STRATA_ENOTSUP, "%s", message);
  r->err->offset = op->offset;
  return STRATA_ENOTSUP;
}

const struct strata_table *sqlite_ops_table(const struct strata_schema *m,
                                            const char *name) {
  for (size_t i = 0; m && name && i < m->table_count; i++)
    if (strcmp(m->tables[i]->name, name) == 0)
      return m->tables[i];
  return NULL;
}

/* ---- types of portable columns ---------------------------------------- */

static const char *type_word(enum strata_type type) {
  switch (type) {
  case STRATA_TYPE_BOOLEAN: return "BOOLEAN";
  case STRATA_TYPE_SMALLINT: return "SMALLINT";
  case STRATA_TYPE_INTEGER: return "INTEGER";
  case STRATA_TYPE_BIGINT: return "BIGINT";
  case STRATA_TYPE_REAL: return "FLOAT4";
  case STRATA_TYPE_DOUBLE: return "DOUBLE";
  case STRATA_TYPE_BLOB: return "BLOB";
  case STRATA_TYPE_DATE: return "DATE";
  case STRATA_TYPE_TIME: return "TIME";
  case STRATA_TYPE_TIMESTAMP: return "TIMESTAMP";
  case STRATA_TYPE_TIMESTAMPTZ: return "TIMESTAMPTZ";
  /* A bare UUID or JSON would have NUMERIC affinity and turn an all-digit
   * value into a number; the word TEXT gives TEXT affinity. */
  case STRATA_TYPE_UUID: return "UUID TEXT";
  case STRATA_TYPE_JSON: return "JSON TEXT";
  default: return "TEXT";
  }
}

static int has_precision(const struct strata_column *c) {
  return c->precision >= 0 &&
         (c->type == STRATA_TYPE_TIME || c->type == STRATA_TYPE_TIMESTAMP ||
          c->type == STRATA_TYPE_TIMESTAMPTZ);
}

/* The declared type of a portable column into buf.  An identity column is
 * INTEGER: only INTEGER PRIMARY KEY numbers rows.  SQLite enforces no
 * length or precision, but keeps them in the declared type, where they
 * are read back. */
static void declared_type(const struct strata_column *c, char *buf, size_t n) {
  if (c->flags & STRATA_COLUMN_IDENTITY)
    snprintf(buf, n, "INTEGER");
  else if (c->type == STRATA_TYPE_DECIMAL && c->precision < 0)
    snprintf(buf, n, "DECIMAL");
  else if (c->type == STRATA_TYPE_DECIMAL)
    snprintf(buf, n, "DECIMAL(%d,%d)", c->precision,
             c->scale > 0 ? c->scale : 0);
  else if (has_precision(c))
    snprintf(buf, n, "%s(%d)", type_word(c->type), c->precision);
  else if (c->type == STRATA_TYPE_CHAR || c->type == STRATA_TYPE_VARCHAR)
    snprintf(buf, n, "%s(%lld)", c->type == STRATA_TYPE_CHAR ? "CHAR" : "VARCHAR",
             c->length);
  else
    snprintf(buf, n, "%s", type_word(c->type));
}

/* An enum is TEXT with a CHECK of its labels. */
static void enum_check(struct sqlite_text *b, const struct strata_column *c) {
  sqlite_text_add_ident(b, c->name);
  sqlite_text_adds(b, " IN (");
  for (size_t i = 0; i < c->label_count; i++) {
    sqlite_text_adds(b, i ? ", '" : "'");
    for (const char *p = c->labels[i]; *p; p++) {
      if (*p == '\'')
        sqlite_text_adds(b, "'");
      sqlite_text_add(b, p, 1);
    }
    sqlite_text_adds(b, "'");
  }
  sqlite_text_adds(b, ")");
}

void sqlite_local_release(struct sqlite_local *l) {
  for (size_t i = 0; l->enums && i < l->table.column_count; i++)
    sqlite_text_release(&l->enums[i]);
  free(l->columns);
  free(l->column_ptrs);
  free(l->checks);
  free(l->check_ptrs);
  free(l->types);
  free(l->enums);
  memset(l, 0, sizeof *l);
}

static int local_columns(struct sqlite_local *l, const struct strata_table *t) {
  for (size_t i = 0; i < t->column_count; i++) {
    struct strata_column *c = &l->columns[i];
    *c = *t->columns[i];
    l->column_ptrs[i] = c;
    if (c->type_text != NULL)
      continue;
    declared_type(c, l->types[i], sizeof l->types[i]);
    c->type_text = l->types[i];
    if (c->type != STRATA_TYPE_ENUM)
      continue;
    enum_check(&l->enums[i], c);
    if (l->enums[i].failed)
      return -1;
    struct strata_check *chk = &l->checks[l->table.check_count];
    chk->expression = l->enums[i].data;
    l->check_ptrs[l->table.check_count++] = chk;
  }
  return 0;
}

int sqlite_local_init(struct sqlite_local *l, const struct strata_table *t,
                      const char *name) {
  size_t n = t->column_count ? t->column_count : 1;
  size_t k = t->check_count + n;
  memset(l, 0, sizeof *l);
  l->table = *t;
  l->table.name = name ? name : t->name;
  l->columns = calloc(n, sizeof *l->columns);
  l->column_ptrs = calloc(n, sizeof *l->column_ptrs);
  l->checks = calloc(k, sizeof *l->checks);
  l->check_ptrs = calloc(k, sizeof *l->check_ptrs);
  l->types = calloc(n, sizeof *l->types);
  l->enums = calloc(n, sizeof *l->enums);
  if (!l->columns || !l->column_ptrs || !l->checks || !l->check_ptrs ||
      !l->types || !l->enums) {
    sqlite_local_release(l);
    return -1;
  }
  l->table.columns = l->column_ptrs;
  l->table.checks = l->check_ptrs;
  for (size_t i = 0; i < t->check_count; i++)
    l->check_ptrs[i] = t->checks[i];
  if (local_columns(l, t) != 0) {
    sqlite_local_release(l);
    return -1;
  }
  return 0;
}

/* ---- one op at a time ------------------------------------------------- */

static int create_table(struct sqlite_ops *r, const struct strata_op *op) {
  struct sqlite_local l;
  if (sqlite_local_init(&l, op->def, NULL) != 0)
    return r->host->error_set(r->err, STRATA_ENOMEM, "out of memory");
  size_t at = r->statement.length;
  for (size_t i = 0; i < op->def->column_count; i++)
    sqlite_ops_note_column(r, op->def->columns[i]);
  sqlite_render_table(&r->statement, &l.table);
  if (op->flags & STRATA_OP_IF_NOT_EXISTS) {
    /* "CREATE TABLE " is 13 bytes: IF NOT EXISTS goes after it. */
    struct sqlite_text rest = {0};
    sqlite_text_adds(&rest, r->statement.data + at + 13);
    r->statement.length = at + 13;
    sqlite_text_adds(&r->statement, "IF NOT EXISTS ");
    sqlite_text_adds(&r->statement, rest.data ? rest.data : "");
    sqlite_text_release(&rest);
  }
  sqlite_local_release(&l);
  return sqlite_ops_flush(r);
}

static void alter_table(struct sqlite_text *b, const char *table) {
  sqlite_text_adds(b, "ALTER TABLE ");
  sqlite_text_add_ident(b, table);
  sqlite_text_adds(b, " ");
}

static void if_exists(struct sqlite_text *b, const struct strata_op *op) {
  if (op->flags & STRATA_OP_IF_EXISTS)
    sqlite_text_adds(b, "IF EXISTS ");
}

void sqlite_ops_index(struct sqlite_text *b, const char *table,
                      const struct strata_index *x, unsigned flags) {
  sqlite_text_adds(b, x->flags & STRATA_INDEX_UNIQUE ? "CREATE UNIQUE INDEX "
                                                     : "CREATE INDEX ");
  if (flags & STRATA_OP_IF_NOT_EXISTS)
    sqlite_text_adds(b, "IF NOT EXISTS ");
  sqlite_text_add_ident(b, x->name);
  sqlite_text_adds(b, " ON ");
  sqlite_text_add_ident(b, table);
  sqlite_text_adds(b, " (");
  for (size_t i = 0; i < x->part_count; i++) {
    const struct strata_index_part *p = x->parts[i];
    sqlite_text_adds(b, i ? ", " : "");
    if (p->column) {
      sqlite_text_add_ident(b, p->column);
    } else {
      sqlite_text_adds(b, "(");
      sqlite_text_adds(b, p->expression ? p->expression : "");
      sqlite_text_adds(b, ")");
    }
    sqlite_text_adds(b, p->descending ? " DESC" : "");
  }
  sqlite_text_adds(b, ")");
  if (x->predicate) {
    sqlite_text_adds(b, " WHERE ");
    sqlite_text_adds(b, x->predicate);
  }
}

static void insert(struct sqlite_text *b, const struct strata_op *op) {
  sqlite_text_adds(b, "INSERT INTO ");
  sqlite_text_add_ident(b, op->table);
  sqlite_text_adds(b, " (");
  for (size_t c = 0; c < op->column_count; c++) {
    sqlite_text_adds(b, c ? ", " : "");
    sqlite_text_add_ident(b, op->columns[c]);
  }
  sqlite_text_adds(b, ") VALUES");
  for (size_t row = 0; row < op->row_count; row++) {
    sqlite_text_adds(b, row ? ",\n  (" : "\n  (");
    for (size_t c = 0; c < op->column_count; c++) {
      sqlite_text_adds(b, c ? ", " : "");
      sqlite_text_adds(b, op->values[row * op->column_count + c]);
    }
    sqlite_text_adds(b, ")");
  }
}

static void update(struct sqlite_text *b, const struct strata_op *op) {
  sqlite_text_adds(b, "UPDATE ");
  sqlite_text_add_ident(b, op->table);
  sqlite_text_adds(b, " SET ");
  for (size_t c = 0; c < op->column_count; c++) {
    sqlite_text_adds(b, c ? ", " : "");
    sqlite_text_add_ident(b, op->columns[c]);
    sqlite_text_adds(b, " = ");
    sqlite_text_adds(b, op->values[c]);
  }
}

static void where(struct sqlite_text *b, const struct strata_op *op) {
  if (op->where == NULL)
    return;
  sqlite_text_adds(b, " WHERE ");
  sqlite_text_adds(b, op->where);
}

/* what [from] TO to; from NULL for a table's RENAME TO. */
static void rename_to(struct sqlite_text *b, const char *what,
                      const char *from, const char *to) {
  sqlite_text_adds(b, what);
  if (from != NULL) {
    sqlite_text_add_ident(b, from);
    sqlite_text_adds(b, " TO ");
  }
  sqlite_text_add_ident(b, to);
}

/* RENAME INDEX: SQLite has none, so the index is made again under its new
 * name from the model. */
static int rename_index(struct sqlite_ops *r, const struct strata_op *op) {
  const struct strata_table *t = sqlite_ops_table(r->after, op->table);
  const struct strata_index *x = NULL;
  for (size_t i = 0; t && i < t->index_count; i++)
    if (strcmp(t->indexes[i]->name, op->new_name) == 0)
      x = t->indexes[i];
  if (x == NULL)
    return sqlite_ops_refuse(r, op,
                             "cannot rename index \"%s\" on SQLite without "
                             "knowing it: " SQLITE_NEEDS_LIVE_SCHEMA,
                             op->name);
  sqlite_text_adds(&r->statement, "DROP INDEX ");
  sqlite_text_add_ident(&r->statement, op->name);
  int rc = sqlite_ops_flush(r);
  sqlite_ops_index(&r->statement, t->name, x, 0);
  return rc ? rc : sqlite_ops_flush(r);
}

/* A unique constraint SQLite made as an index is dropped as one. */
static int is_index_of(const struct strata_schema *m, const char *table,
                       const char *name) {
  const struct strata_table *t = sqlite_ops_table(m, table);
  for (size_t i = 0; t && i < t->index_count; i++)
    if (t->indexes[i]->name && strcmp(t->indexes[i]->name, name) == 0)
      return 1;
  return 0;
}

static int data_or_object(struct sqlite_ops *r, const struct strata_op *op) {
  struct sqlite_text *b = &r->statement;
  switch (op->kind) {
  case STRATA_OP_DROP_TABLE:
    *r->needs |= STRATA_NEED_FOREIGN_KEYS_OFF;
    sqlite_text_adds(b, "DROP TABLE ");
    if_exists(b, op);
    sqlite_text_add_ident(b, op->table);
    break;
  case STRATA_OP_RENAME_TABLE:
    alter_table(b, op->table);
    rename_to(b, "RENAME TO ", NULL, op->new_name);
    break;
  case STRATA_OP_CREATE_INDEX:
    sqlite_ops_index(b, op->table, op->index, op->flags);
    break;
  case STRATA_OP_DROP_INDEX:
    sqlite_text_adds(b, "DROP INDEX ");
    if_exists(b, op);
    sqlite_text_add_ident(b, op->name);
    break;
  case STRATA_OP_RENAME_INDEX:
    return rename_index(r, op);
  case STRATA_OP_INSERT:
    insert(b, op);
    break;
  case STRATA_OP_UPDATE:
    update(b, op);
    where(b, op);
    break;
  case STRATA_OP_DELETE:
    sqlite_text_adds(b, "DELETE FROM ");
    sqlite_text_add_ident(b, op->table);
    where(b, op);
    break;
  default: /* COMMENT: SQLite keeps none, and says so */
    sqlite_ops_note(r, op->name ? "column" : "table",
                    op->name ? op->name : op->table,
                    "keeps no comment on SQLite: COMMENT is left out");
    return r->write(r->ctx, r->notes.data, r->notes.length);
  }
  return sqlite_ops_flush(r);
}

/* ---- ALTER TABLE groups -------------------------------------------- */

static int default_needs_rewrite(const struct strata_column *c) {
  if (c->default_kind == STRATA_DEFAULT_CURRENT_TIME ||
      c->default_kind == STRATA_DEFAULT_CURRENT_DATE)
    return 1;
  int no_default = c->default_expr == NULL || strcmp(c->default_expr, "NULL") == 0;
  return (c->flags & STRATA_COLUMN_NOT_NULL) && no_default;
}

static int names_column(const char *const *names, size_t n, const char *col) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(names[i], col) == 0)
      return 1;
  return 0;
}

/* Whether anything of t but the column itself names it: then SQLite's
 * DROP COLUMN refuses, and the table is rebuilt without it. */
static int column_is_named(const struct strata_table *t, const char *col) {
  if (t->primary_key &&
      names_column(t->primary_key->columns, t->primary_key->column_count, col))
    return 1;
  for (size_t i = 0; i < t->unique_count; i++)
    if (names_column(t->uniques[i]->columns, t->uniques[i]->column_count, col))
      return 1;
  for (size_t i = 0; i < t->foreign_key_count; i++)
    if (names_column(t->foreign_keys[i]->columns,
                     t->foreign_keys[i]->column_count, col))
      return 1;
  for (size_t i = 0; i < t->index_count; i++) {
    const struct strata_index *x = t->indexes[i];
    if (sqlite_ops_mentions(x->predicate, col))
      return 1;
    for (size_t p = 0; p < x->part_count; p++)
      if ((x->parts[p]->column && strcmp(x->parts[p]->column, col) == 0) ||
          sqlite_ops_mentions(x->parts[p]->expression, col))
        return 1;
  }
  for (size_t i = 0; i < t->check_count; i++)
    if (sqlite_ops_mentions(t->checks[i]->expression, col))
      return 1;
  for (size_t i = 0; i < t->column_count; i++)
    if (sqlite_ops_mentions(t->columns[i]->generated_expr, col))
      return 1;
  return 0;
}

/* Whether op can run as SQLite's own ALTER TABLE, given the table before
 * the group. */
static int is_native(const struct strata_op *op, const struct strata_table *t) {
  switch (op->kind) {
  case STRATA_OP_ADD_COLUMN:
    return !default_needs_rewrite(op->column);
  case STRATA_OP_DROP_COLUMN:
    return t == NULL || !column_is_named(t, op->name);
  case STRATA_OP_RENAME_COLUMN:
  case STRATA_OP_ADD_UNIQUE:
    return 1;
  default:
    return 0;
  }
}

/* ADD CONSTRAINT n UNIQUE as CREATE UNIQUE INDEX n: SQLite adds no
 * constraint to a table, and an index saves a rebuild. */
static int add_unique(struct sqlite_ops *r, const struct strata_op *op) {
  size_t n = op->key->column_count;
  struct strata_index_part *parts = calloc(n ? n : 1, sizeof *parts);
  struct strata_index_part **ptrs = calloc(n ? n : 1, sizeof *ptrs);
  int rc = 0;
  if (parts == NULL || ptrs == NULL) {
    rc = r->host->error_set(r->err, STRATA_ENOMEM, "out of memory");
  } else {
    for (size_t i = 0; i < n; i++) {
      parts[i].column = op->key->columns[i];
      ptrs[i] = &parts[i];
    }
    struct strata_index x = {.name = op->key->name,
                             .flags = STRATA_INDEX_UNIQUE,
                             .parts = ptrs,
                             .part_count = n};
    sqlite_ops_index(&r->statement, op->table, &x, 0);
    rc = sqlite_ops_flush(r);
  }
  free(parts);
  free(ptrs);
  return rc;
}

static int native_op(struct sqlite_ops *r, const struct strata_op *op) {
  struct sqlite_text *b = &r->statement;
  if (op->kind == STRATA_OP_ADD_UNIQUE)
    return add_unique(r, op);
  if (op->kind == STRATA_OP_DROP_CONSTRAINT) {
    sqlite_text_adds(b, "DROP INDEX ");
    if_exists(b, op);
    sqlite_text_add_ident(b, op->name);
    return sqlite_ops_flush(r);
  }
  alter_table(b, op->table);
  if (op->kind == STRATA_OP_ADD_COLUMN) {
    struct strata_table one = {.name = op->table};
    struct strata_column *col = (struct strata_column *)op->column;
    one.columns = &col;
    one.column_count = 1;
    struct sqlite_local l;
    if (sqlite_local_init(&l, &one, NULL) != 0)
      return r->host->error_set(r->err, STRATA_ENOMEM, "out of memory");
    sqlite_text_adds(b, "ADD COLUMN ");
    sqlite_ops_note_column(r, op->column);
    sqlite_render_column(b, &l.table, l.table.columns[0]);
    if (l.table.check_count > 0) {
      sqlite_text_adds(b, " CHECK (");
      sqlite_text_adds(b, l.table.checks[0]->expression);
      sqlite_text_adds(b, ")");
    }
    sqlite_local_release(&l);
  } else if (op->kind == STRATA_OP_DROP_COLUMN) {
    sqlite_text_adds(b, "DROP COLUMN ");
    sqlite_text_add_ident(b, op->name);
  } else {
    rename_to(b, "RENAME COLUMN ", op->name, op->new_name);
  }
  return sqlite_ops_flush(r);
}

static int group(struct sqlite_ops *r, const struct strata_op *const *ops,
                 size_t n) {
  const struct strata_table *t = sqlite_ops_table(r->before, ops[0]->table);
  int native = 1;
  for (size_t i = 0; i < n; i++) {
    int drops_index = ops[i]->kind == STRATA_OP_DROP_CONSTRAINT &&
                      is_index_of(r->before, ops[i]->table, ops[i]->name);
    native &= drops_index || is_native(ops[i], t);
  }
  if (!native)
    return sqlite_rebuild(r, ops, n);
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < n; i++)
    rc = native_op(r, ops[i]);
  return rc;
}

int sqlite_render_ops(const struct strata_host *host,
                      const struct strata_schema *before,
                      const struct strata_schema *after,
                      const struct strata_op *const *ops, size_t op_count,
                      const struct strata_render_options *opt,
                      strata_write_fn write, void *ctx, unsigned *needs,
                      struct strata_error *err) {
  struct sqlite_ops r = {.host = host, .before = before, .after = after,
                         .write = write, .ctx = ctx, .needs = needs,
                         .err = err};
  *needs = 0;
  int rc;
  const struct strata_op *op = ops[0];
  if (op->kind == STRATA_OP_CREATE_TABLE)
    rc = create_table(&r, op);
  else if (op->kind >= STRATA_OP_ADD_COLUMN &&
           op->kind <= STRATA_OP_DROP_CONSTRAINT)
    rc = group(&r, ops, op_count);
  else
    rc = data_or_object(&r, op);
  sqlite_text_release(&r.statement);
  sqlite_text_release(&r.notes);
  return rc;
}
