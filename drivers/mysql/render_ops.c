/*
 * render_ops.c - portable ops as MySQL and MariaDB statements.
 *
 * The ops of one ALTER TABLE become one ALTER TABLE with a clause each:
 * one table copy and one implicit commit instead of one per op.  A new
 * type or nullability is a MODIFY, which restates the whole column: it is
 * written from the model after the group, so every attribute the live
 * column has (default, ON UPDATE, collation, comment, AUTO_INCREMENT)
 * stays.  DROP CONSTRAINT takes its kind from the model, DROP INDEX its
 * table.
 *
 * Expressions arrive as canonical portable text: identifiers in double
 * quotes, which MySQL reads as strings unless ANSI_QUOTES is set, so they
 * are requoted with backticks; backslashes in strings are doubled, since
 * MySQL reads them as escapes unless NO_BACKSLASH_ESCAPES is set.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "mysqldrv.h"

/* The end of a refusal that needs the table as the database has it. */
#define NEEDS_LIVE_SCHEMA                                                      \
  "render with --url against the database, as strata up does"

struct ops {
  const struct strata_host *host;
  const struct strata_schema *before, *after;
  strata_write_fn write;
  void *ctx;
  struct strata_error *err;
  struct mysqldrv_text sql;
  struct mysqldrv_text notes; /* "-- note:" lines the statement gets */
};

/* Written before the statement as a comment, so that a render, a dry run
 * and the script strata runs all say where MySQL differs. */
static void note(struct ops *r, const char *column, const char *text) {
  mysqldrv_text_puts(&r->notes, "-- note: column ");
  mysqldrv_text_puts(&r->notes, column);
  mysqldrv_text_puts(&r->notes, " ");
  mysqldrv_text_puts(&r->notes, text);
  mysqldrv_text_puts(&r->notes, "\n");
}

/* What a portable column becomes on MySQL that is not a plain copy. */
static void note_column(struct ops *r, const struct strata_column *c) {
  if (c->type_text != NULL)
    return;
  if (c->type == STRATA_TYPE_UUID)
    note(r, c->name, "is char(36): MySQL has no uuid type");
  else if (c->type == STRATA_TYPE_TIMESTAMPTZ)
    note(r, c->name,
         "is MySQL's timestamp, which ends at 2038-01-19 03:14:07 UTC");
}

static int flush(struct ops *r) {
  mysqldrv_text_puts(&r->sql, ";\n");
  int rc = r->sql.failed || r->notes.failed
               ? r->host->error_set(r->err, STRATA_ENOMEM,
                                    "out of memory rendering SQL")
               : 0;
  if (rc == 0 && r->notes.length > 0)
    rc = r->write(r->ctx, r->notes.data, r->notes.length);
  if (rc == 0)
    rc = r->write(r->ctx, r->sql.data, r->sql.length);
  r->notes.length = 0;
  r->sql.length = 0;
  if (r->sql.data)
    r->sql.data[0] = '\0';
  return rc;
}

static int refuse(struct ops *r, const struct strata_op *op, const char *fmt,
                  const char *name) {
  char message[512];
  snprintf(message, sizeof message, fmt, name);
  r->host->error_set(r->err, STRATA_ENOTSUP, "%s", message);
  r->err->offset = op->offset;
  return STRATA_ENOTSUP;
}

static const struct strata_table *find_table(const struct strata_schema *m,
                                             const char *name) {
  for (size_t i = 0; m && name && i < m->table_count; i++)
    if (strcmp(m->tables[i]->name, name) == 0)
      return m->tables[i];
  return NULL;
}

static const struct strata_column *find_column(const struct strata_table *t,
                                               const char *name) {
  for (size_t i = 0; t && i < t->column_count; i++)
    if (strcmp(t->columns[i]->name, name) == 0)
      return t->columns[i];
  return NULL;
}

/* ---- canonical text in MySQL's spelling ------------------------------ */

static void put_expr(struct mysqldrv_text *t, const char *text) {
  for (const char *p = text; p && *p;) {
    if (*p == '\'' || *p == '"') {
      char quote = *p++;
      mysqldrv_text_puts(t, quote == '"' ? "`" : "'");
      for (; *p; p++) {
        if (*p == quote && p[1] == quote) {
          mysqldrv_text_puts(t, quote == '"' ? "\"" : "''");
          p++;
          continue;
        }
        if (*p == quote)
          break;
        if (*p == '\\' || (quote == '"' && *p == '`'))
          mysqldrv_text_append(t, p, 1);
        mysqldrv_text_append(t, p, 1);
      }
      mysqldrv_text_puts(t, quote == '"' ? "`" : "'");
      p += *p ? 1 : 0;
      continue;
    }
    mysqldrv_text_append(t, p++, 1);
  }
}

static int is_long_text(const struct strata_column *c);
static int check_key_columns(struct ops *r, const struct strata_op *op,
                             const struct strata_table *t,
                             const struct strata_key *k);

/* ---- portable columns --------------------------------------------------- */

static const char *type_word(enum strata_type type) {
  switch (type) {
  case STRATA_TYPE_BOOLEAN: return "tinyint(1)";
  case STRATA_TYPE_SMALLINT: return "smallint";
  case STRATA_TYPE_INTEGER: return "int";
  case STRATA_TYPE_BIGINT: return "bigint";
  case STRATA_TYPE_REAL: return "float";
  case STRATA_TYPE_DOUBLE: return "double";
  case STRATA_TYPE_BLOB: return "longblob";
  case STRATA_TYPE_DATE: return "date";
  case STRATA_TYPE_TIME: return "time";
  case STRATA_TYPE_TIMESTAMP: return "datetime";
  case STRATA_TYPE_TIMESTAMPTZ: return "timestamp";
  case STRATA_TYPE_UUID: return "char(36)";
  case STRATA_TYPE_JSON: return "json";
  default: return "longtext"; /* MySQL's text holds 64 KB only */
  }
}

static void type_text(struct mysqldrv_text *t, const struct strata_column *c) {
  char buf[64];
  if (c->type == STRATA_TYPE_DECIMAL)
    snprintf(buf, sizeof buf, "decimal(%d,%d)", c->precision, c->scale);
  else if (c->type == STRATA_TYPE_CHAR || c->type == STRATA_TYPE_VARCHAR)
    snprintf(buf, sizeof buf, "%s(%lld)",
             c->type == STRATA_TYPE_CHAR ? "char" : "varchar", c->length);
  else if ((c->type == STRATA_TYPE_TIME || c->type == STRATA_TYPE_TIMESTAMP ||
            c->type == STRATA_TYPE_TIMESTAMPTZ) &&
           c->precision >= 0)
    snprintf(buf, sizeof buf, "%s(%d)", type_word(c->type), c->precision);
  else
    snprintf(buf, sizeof buf, "%s", type_word(c->type));
  if (c->type != STRATA_TYPE_ENUM) {
    mysqldrv_text_puts(t, buf);
    return;
  }
  mysqldrv_text_puts(t, "enum(");
  for (size_t i = 0; i < c->label_count; i++) {
    mysqldrv_text_puts(t, i ? ", " : "");
    mysqldrv_text_literal(t, c->labels[i]);
  }
  mysqldrv_text_puts(t, ")");
}

/* A column's definition: the live column's own text, or a portable
 * column's (whose default is canonical text) in MySQL's words. */
static void put_column(struct mysqldrv_text *t, const struct strata_column *c,
                       int portable_default) {
  struct strata_column local = *c;
  struct mysqldrv_text type = {0}, def = {0};
  if (c->type_text == NULL) {
    type_text(&type, c);
    local.type_text = type.data;
    portable_default = 1;
  }
  if (portable_default && c->default_expr != NULL) {
    /* MySQL 8 takes CURRENT_DATE as a default only as an expression. */
    int paren = c->default_kind == STRATA_DEFAULT_CURRENT_DATE;
    mysqldrv_text_puts(&def, paren ? "(" : "");
    put_expr(&def, c->default_expr);
    mysqldrv_text_puts(&def, paren ? ")" : "");
    local.default_expr = def.data;
  }
  /* A column made NOT NULL loses a DEFAULT NULL, which MySQL refuses. */
  if ((c->flags & STRATA_COLUMN_NOT_NULL) && c->default_expr != NULL &&
      strcmp(c->default_expr, "NULL") == 0)
    local.default_expr = NULL;
  mysqldrv_render_column(t, &local);
  t->failed |= type.failed | def.failed;
  mysqldrv_text_release(&type);
  mysqldrv_text_release(&def);
}

static void put_names(struct mysqldrv_text *t, const char *const *names,
                      size_t n) {
  mysqldrv_text_puts(t, "(");
  for (size_t i = 0; i < n; i++) {
    mysqldrv_text_puts(t, i ? ", " : "");
    mysqldrv_text_ident(t, names[i]);
  }
  mysqldrv_text_puts(t, ")");
}

static void put_constraint_name(struct mysqldrv_text *t, const char *name) {
  if (name == NULL)
    return;
  mysqldrv_text_puts(t, "CONSTRAINT ");
  mysqldrv_text_ident(t, name);
  mysqldrv_text_puts(t, " ");
}

static void put_action(struct mysqldrv_text *t, const char *on,
                       const char *action) {
  if (action == NULL || strcmp(action, "NO ACTION") == 0)
    return;
  mysqldrv_text_puts(t, on);
  mysqldrv_text_puts(t, action);
}

static void put_foreign_key(struct mysqldrv_text *t,
                            const struct strata_foreign_key *fk) {
  put_constraint_name(t, fk->name);
  mysqldrv_text_puts(t, "FOREIGN KEY ");
  put_names(t, fk->columns, fk->column_count);
  mysqldrv_text_puts(t, " REFERENCES ");
  mysqldrv_text_ident(t, fk->ref_table);
  mysqldrv_text_puts(t, " ");
  put_names(t, fk->ref_columns, fk->ref_column_count);
  put_action(t, " ON DELETE ", fk->on_delete);
  put_action(t, " ON UPDATE ", fk->on_update);
}

static void put_check(struct mysqldrv_text *t, const struct strata_check *c) {
  put_constraint_name(t, c->name);
  mysqldrv_text_puts(t, "CHECK (");
  put_expr(t, c->expression);
  mysqldrv_text_puts(t, ")");
}

static void put_key(struct mysqldrv_text *t, const char *what,
                    const struct strata_key *k) {
  if (strcmp(what, "PRIMARY KEY") != 0)
    put_constraint_name(t, k->name);
  mysqldrv_text_puts(t, what);
  mysqldrv_text_puts(t, " ");
  put_names(t, k->columns, k->column_count);
}

static int check_table_keys(struct ops *r, const struct strata_op *op) {
  const struct strata_table *tb = op->def;
  int rc = check_key_columns(r, op, tb, tb->primary_key);
  for (size_t i = 0; rc == 0 && i < tb->unique_count; i++)
    rc = check_key_columns(r, op, tb, tb->uniques[i]);
  return rc;
}

static int create_table(struct ops *r, const struct strata_op *op) {
  const struct strata_table *tb = op->def;
  struct mysqldrv_text *t = &r->sql;
  int rc = check_table_keys(r, op);
  if (rc != 0)
    return rc;
  mysqldrv_text_puts(t, op->flags & STRATA_OP_IF_NOT_EXISTS
                            ? "CREATE TABLE IF NOT EXISTS "
                            : "CREATE TABLE ");
  mysqldrv_text_ident(t, tb->name);
  mysqldrv_text_puts(t, " (");
  for (size_t i = 0; i < tb->column_count; i++) {
    mysqldrv_text_puts(t, i ? ",\n  " : "\n  ");
    put_column(t, tb->columns[i], 1);
    note_column(r, tb->columns[i]);
  }
  if (tb->primary_key) {
    mysqldrv_text_puts(t, ",\n  ");
    put_key(t, "PRIMARY KEY", tb->primary_key);
  }
  for (size_t i = 0; i < tb->unique_count; i++) {
    mysqldrv_text_puts(t, ",\n  ");
    put_key(t, "UNIQUE", tb->uniques[i]);
  }
  for (size_t i = 0; i < tb->check_count; i++) {
    mysqldrv_text_puts(t, ",\n  ");
    put_check(t, tb->checks[i]);
  }
  for (size_t i = 0; i < tb->foreign_key_count; i++) {
    mysqldrv_text_puts(t, ",\n  ");
    put_foreign_key(t, tb->foreign_keys[i]);
  }
  mysqldrv_text_puts(t, "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
  return flush(r);
}

/* ---- indexes ------------------------------------------------------------- */

static int is_long_text(const struct strata_column *c) {
  if (c->type_text != NULL) {
    char lower[64];
    size_t i = 0;
    for (; c->type_text[i] && i + 1 < sizeof lower; i++)
      lower[i] = (char)tolower((unsigned char)c->type_text[i]);
    lower[i] = '\0';
    return strstr(lower, "text") || strstr(lower, "blob") ||
           strstr(lower, "json");
  }
  return c->type == STRATA_TYPE_TEXT || c->type == STRATA_TYPE_BLOB ||
         c->type == STRATA_TYPE_JSON;
}

/* A key on a text column needs a prefix length on MySQL. */
static int check_key_columns(struct ops *r, const struct strata_op *op,
                             const struct strata_table *t,
                             const struct strata_key *k) {
  for (size_t i = 0; k && i < k->column_count; i++) {
    const struct strata_column *c = find_column(t, k->columns[i]);
    if (c && is_long_text(c))
      return refuse(r, op,
                    "a key of column \"%s\", a text, blob or json column, "
                    "which MySQL indexes only by a prefix: use varchar(n), "
                    "or write it for MySQL in VERSION_name.mysql.up.sql",
                    c->name);
  }
  return 0;
}

static int check_index(struct ops *r, const struct strata_op *op) {
  const struct strata_index *x = op->index;
  if (x->predicate)
    return refuse(r, op,
                  "index \"%s\" is partial (WHERE), which MySQL cannot do: "
                  "write it for MySQL in VERSION_name.mysql.up.sql",
                  x->name);
  const struct strata_table *t = find_table(r->after, op->table);
  for (size_t i = 0; i < x->part_count; i++) {
    const struct strata_index_part *p = x->parts[i];
    if (p->column == NULL)
      return refuse(r, op,
                    "index \"%s\" has an expression part, which MySQL "
                    "indexes only through a generated column: write it for "
                    "MySQL in VERSION_name.mysql.up.sql",
                    x->name);
    const struct strata_column *c = find_column(t, p->column);
    if (c && is_long_text(c))
      return refuse(r, op,
                    "index \"%s\" has a text, blob or json column, which "
                    "MySQL indexes only by a prefix: use varchar(n), or "
                    "write it for MySQL in VERSION_name.mysql.up.sql",
                    x->name);
  }
  return 0;
}

static int create_index(struct ops *r, const struct strata_op *op) {
  int rc = check_index(r, op);
  if (rc != 0)
    return rc;
  const struct strata_index *x = op->index;
  struct mysqldrv_text *t = &r->sql;
  mysqldrv_text_puts(t, x->flags & STRATA_INDEX_UNIQUE ? "CREATE UNIQUE INDEX "
                                                       : "CREATE INDEX ");
  if (op->flags & STRATA_OP_IF_NOT_EXISTS)
    mysqldrv_text_puts(t, "IF NOT EXISTS ");
  mysqldrv_text_ident(t, x->name);
  mysqldrv_text_puts(t, " ON ");
  mysqldrv_text_ident(t, op->table);
  mysqldrv_text_puts(t, " (");
  for (size_t i = 0; i < x->part_count; i++) {
    mysqldrv_text_puts(t, i ? ", " : "");
    mysqldrv_text_ident(t, x->parts[i]->column);
    mysqldrv_text_puts(t, x->parts[i]->descending ? " DESC" : "");
  }
  mysqldrv_text_puts(t, ")");
  return flush(r);
}

static int leads_with(const struct strata_index *x, const char *const *cols,
                      size_t n) {
  if (x->part_count < n)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (x->parts[i]->column == NULL || strcmp(x->parts[i]->column, cols[i]) != 0)
      return 0;
  return 1;
}

static int key_leads_with(const struct strata_key *k, const char *const *cols,
                          size_t n) {
  if (k == NULL || k->column_count < n)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (strcmp(k->columns[i], cols[i]) != 0)
      return 0;
  return 1;
}

/* Whether another index than skip, or a key, starts with cols: InnoDB
 * keeps a foreign key only with such an index. */
static int other_index_serves(const struct strata_table *t,
                              const struct strata_index *skip,
                              const char *const *cols, size_t n) {
  if (key_leads_with(t->primary_key, cols, n))
    return 1;
  for (size_t i = 0; i < t->unique_count; i++)
    if (key_leads_with(t->uniques[i], cols, n))
      return 1;
  for (size_t i = 0; i < t->index_count; i++)
    if (t->indexes[i] != skip && leads_with(t->indexes[i], cols, n))
      return 1;
  return 0;
}

/* DROP INDEX of the only index a foreign key has fails on InnoDB. */
static int check_drop_index(struct ops *r, const struct strata_op *op) {
  const struct strata_table *t = find_table(r->before, op->table);
  const struct strata_index *x = NULL;
  for (size_t i = 0; t && i < t->index_count; i++)
    if (t->indexes[i]->name && strcmp(t->indexes[i]->name, op->name) == 0)
      x = t->indexes[i];
  for (size_t i = 0; x && i < t->foreign_key_count; i++) {
    const struct strata_foreign_key *fk = t->foreign_keys[i];
    if (leads_with(x, fk->columns, fk->column_count) &&
        !other_index_serves(t, x, fk->columns, fk->column_count))
      return refuse(r, op,
                    "index \"%s\" is the only index of a foreign key, which "
                    "InnoDB cannot keep without one: drop the foreign key "
                    "first, or write this for MySQL in "
                    "VERSION_name.mysql.up.sql",
                    op->name);
  }
  return 0;
}

static int index_op(struct ops *r, const struct strata_op *op) {
  if (op->table == NULL)
    return refuse(r, op,
                  "index \"%s\" is not known, and MySQL needs its "
                  "table: " NEEDS_LIVE_SCHEMA,
                  op->name);
  struct mysqldrv_text *t = &r->sql;
  int rc = op->kind == STRATA_OP_DROP_INDEX ? check_drop_index(r, op) : 0;
  if (rc != 0)
    return rc;
  if (op->kind == STRATA_OP_DROP_INDEX) {
    mysqldrv_text_puts(t, "DROP INDEX ");
    if (op->flags & STRATA_OP_IF_EXISTS)
      mysqldrv_text_puts(t, "IF EXISTS ");
    mysqldrv_text_ident(t, op->name);
    mysqldrv_text_puts(t, " ON ");
    mysqldrv_text_ident(t, op->table);
  } else {
    mysqldrv_text_puts(t, "ALTER TABLE ");
    mysqldrv_text_ident(t, op->table);
    mysqldrv_text_puts(t, " RENAME INDEX ");
    mysqldrv_text_ident(t, op->name);
    mysqldrv_text_puts(t, " TO ");
    mysqldrv_text_ident(t, op->new_name);
  }
  return flush(r);
}

/* ---- ALTER TABLE clauses -------------------------------------------- */

static int is_modify(const struct strata_op *op) {
  return op->kind == STRATA_OP_ALTER_TYPE ||
         op->kind == STRATA_OP_SET_NOT_NULL ||
         op->kind == STRATA_OP_DROP_NOT_NULL;
}

/* Whether an op of [from, to) of the group is of a kind and names the
 * column op names. */
static int group_has(const struct strata_op *const *ops, size_t from,
                     size_t to, const struct strata_op *op,
                     int (*kind)(const struct strata_op *)) {
  for (size_t k = from; k < to; k++)
    if (kind(ops[k]) && strcmp(ops[k]->name, op->name) == 0)
      return 1;
  return 0;
}

static int is_default(const struct strata_op *op) {
  return op->kind == STRATA_OP_SET_DEFAULT ||
         op->kind == STRATA_OP_DROP_DEFAULT;
}

static int modify(struct ops *r, const struct strata_op *op,
                  int portable_default, int *wrote);

/* A column the group MODIFYs gets its new type, nullability and default
 * in that one clause: MariaDB refuses a MODIFY and an ALTER COLUMN of one
 * column in one statement. */
static int modify_clause(struct ops *r, const struct strata_op *const *ops,
                         size_t i, size_t n, int *wrote) {
  const struct strata_op *op = ops[i];
  *wrote = 0;
  if (group_has(ops, 0, i, op, is_modify))
    return 0;
  return modify(r, op, group_has(ops, 0, n, op, is_default), wrote);
}

static int modify(struct ops *r, const struct strata_op *op,
                  int portable_default, int *wrote) {
  const struct strata_column *c =
      find_column(find_table(r->after, op->table), op->name);
  if (c == NULL)
    return refuse(r, op,
                  "changing column \"%s\" on MySQL restates its whole "
                  "definition, which needs the table: " NEEDS_LIVE_SCHEMA,
                  op->name);
  mysqldrv_text_puts(&r->sql, "MODIFY COLUMN ");
  put_column(&r->sql, c, portable_default);
  *wrote = 1;
  return 0;
}

/* DROP PRIMARY KEY, DROP INDEX, DROP FOREIGN KEY or DROP CONSTRAINT, by
 * what the name is in the table before the group.  A foreign key is looked
 * for before the indexes: InnoDB names its backing index after it. */
static int drop_constraint(struct ops *r, const struct strata_op *op) {
  const struct strata_table *t = find_table(r->before, op->table);
  const char *name = op->name;
  struct mysqldrv_text *s = &r->sql;
  const char *what = NULL;
  if (t && t->primary_key &&
      ((t->primary_key->name && strcmp(t->primary_key->name, name) == 0) ||
       strcmp(name, "PRIMARY") == 0 || op->key != NULL))
    what = "DROP PRIMARY KEY";
  for (size_t i = 0; !what && t && i < t->foreign_key_count; i++)
    if (t->foreign_keys[i]->name && strcmp(t->foreign_keys[i]->name, name) == 0)
      what = "DROP FOREIGN KEY ";
  for (size_t i = 0; !what && t && i < t->check_count; i++)
    if (t->checks[i]->name && strcmp(t->checks[i]->name, name) == 0)
      what = "DROP CONSTRAINT ";
  for (size_t i = 0; !what && t && i < t->unique_count; i++)
    if (t->uniques[i]->name && strcmp(t->uniques[i]->name, name) == 0)
      what = "DROP INDEX ";
  for (size_t i = 0; !what && t && i < t->index_count; i++)
    if (t->indexes[i]->name && strcmp(t->indexes[i]->name, name) == 0)
      what = "DROP INDEX ";
  if (what == NULL && (op->flags & STRATA_OP_IF_EXISTS))
    what = "DROP CONSTRAINT IF EXISTS ";
  if (what == NULL)
    return refuse(r, op,
                  "constraint \"%s\" is not known, and MySQL drops each kind "
                  "its own way: " NEEDS_LIVE_SCHEMA,
                  name);
  mysqldrv_text_puts(s, what);
  if (strcmp(what, "DROP PRIMARY KEY") != 0)
    mysqldrv_text_ident(s, name);
  return 0;
}

static int add_constraint(struct ops *r, const struct strata_op *op) {
  struct mysqldrv_text *t = &r->sql;
  int rc = check_key_columns(r, op, find_table(r->after, op->table), op->key);
  if (rc != 0)
    return rc;
  mysqldrv_text_puts(t, "ADD ");
  if (op->kind == STRATA_OP_ADD_PRIMARY_KEY)
    put_key(t, "PRIMARY KEY", op->key);
  else if (op->kind == STRATA_OP_ADD_UNIQUE)
    put_key(t, "UNIQUE", op->key);
  else if (op->kind == STRATA_OP_ADD_CHECK)
    put_check(t, op->check);
  else
    put_foreign_key(t, op->foreign_key);
  return 0;
}

static int clause(struct ops *r, const struct strata_op *const *ops, size_t i,
                  size_t n, int *wrote) {
  const struct strata_op *op = ops[i];
  struct mysqldrv_text *t = &r->sql;
  *wrote = 1;
  switch (op->kind) {
  case STRATA_OP_ADD_COLUMN:
    mysqldrv_text_puts(t, "ADD COLUMN ");
    put_column(t, op->column, 1);
    note_column(r, op->column);
    return 0;
  case STRATA_OP_DROP_COLUMN:
    mysqldrv_text_puts(t, op->flags & STRATA_OP_IF_EXISTS
                              ? "DROP COLUMN IF EXISTS "
                              : "DROP COLUMN ");
    mysqldrv_text_ident(t, op->name);
    return 0;
  case STRATA_OP_RENAME_COLUMN:
    mysqldrv_text_puts(t, "RENAME COLUMN ");
    mysqldrv_text_ident(t, op->name);
    mysqldrv_text_puts(t, " TO ");
    mysqldrv_text_ident(t, op->new_name);
    return 0;
  case STRATA_OP_SET_DEFAULT:
  case STRATA_OP_DROP_DEFAULT:
    if (group_has(ops, 0, n, op, is_modify)) {
      *wrote = 0;
      return 0;
    }
    mysqldrv_text_puts(t, "ALTER COLUMN ");
    mysqldrv_text_ident(t, op->name);
    mysqldrv_text_puts(t, op->kind == STRATA_OP_DROP_DEFAULT ? " DROP DEFAULT"
                                                             : " SET DEFAULT ");
    if (op->kind == STRATA_OP_SET_DEFAULT)
      put_expr(t, op->column->default_expr);
    return 0;
  case STRATA_OP_ALTER_TYPE:
  case STRATA_OP_SET_NOT_NULL:
  case STRATA_OP_DROP_NOT_NULL:
    return modify_clause(r, ops, i, n, wrote);
  case STRATA_OP_DROP_CONSTRAINT:
    return drop_constraint(r, op);
  default:
    return add_constraint(r, op);
  }
}

static int alter_group(struct ops *r, const struct strata_op *const *ops,
                       size_t n) {
  mysqldrv_text_puts(&r->sql, "ALTER TABLE ");
  mysqldrv_text_ident(&r->sql, ops[0]->table);
  int rc = 0, count = 0;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    size_t mark = r->sql.length;
    mysqldrv_text_puts(&r->sql, count ? ",\n  " : "\n  ");
    int wrote = 0;
    rc = clause(r, ops, i, n, &wrote);
    if (!wrote)
      r->sql.length = mark;
    count += wrote;
  }
  return rc ? rc : flush(r);
}

/* ---- data and the rest ---------------------------------------------- */

static void insert(struct mysqldrv_text *t, const struct strata_op *op) {
  mysqldrv_text_puts(t, "INSERT INTO ");
  mysqldrv_text_ident(t, op->table);
  mysqldrv_text_puts(t, " ");
  put_names(t, op->columns, op->column_count);
  mysqldrv_text_puts(t, " VALUES");
  for (size_t row = 0; row < op->row_count; row++) {
    mysqldrv_text_puts(t, row ? ",\n  (" : "\n  (");
    for (size_t c = 0; c < op->column_count; c++) {
      mysqldrv_text_puts(t, c ? ", " : "");
      put_expr(t, op->values[row * op->column_count + c]);
    }
    mysqldrv_text_puts(t, ")");
  }
}

static void where(struct mysqldrv_text *t, const struct strata_op *op) {
  if (op->where == NULL)
    return;
  mysqldrv_text_puts(t, " WHERE ");
  put_expr(t, op->where);
}

static int comment(struct ops *r, const struct strata_op *op) {
  struct mysqldrv_text *t = &r->sql;
  mysqldrv_text_puts(t, "ALTER TABLE ");
  mysqldrv_text_ident(t, op->table);
  if (op->name == NULL) {
    mysqldrv_text_puts(t, " COMMENT = ");
    mysqldrv_text_literal(t, op->text ? op->text : "");
    return flush(r);
  }
  int wrote = 0;
  mysqldrv_text_puts(t, " ");
  int rc = modify(r, op, 0, &wrote);
  return rc ? rc : flush(r);
}

static int other_op(struct ops *r, const struct strata_op *op) {
  struct mysqldrv_text *t = &r->sql;
  switch (op->kind) {
  case STRATA_OP_CREATE_TABLE:
    return create_table(r, op);
  case STRATA_OP_DROP_TABLE:
    mysqldrv_text_puts(t, op->flags & STRATA_OP_IF_EXISTS
                              ? "DROP TABLE IF EXISTS "
                              : "DROP TABLE ");
    mysqldrv_text_ident(t, op->table);
    break;
  case STRATA_OP_RENAME_TABLE:
    mysqldrv_text_puts(t, "RENAME TABLE ");
    mysqldrv_text_ident(t, op->table);
    mysqldrv_text_puts(t, " TO ");
    mysqldrv_text_ident(t, op->new_name);
    break;
  case STRATA_OP_CREATE_INDEX:
    return create_index(r, op);
  case STRATA_OP_DROP_INDEX:
  case STRATA_OP_RENAME_INDEX:
    return index_op(r, op);
  case STRATA_OP_INSERT:
    insert(t, op);
    break;
  case STRATA_OP_UPDATE:
    mysqldrv_text_puts(t, "UPDATE ");
    mysqldrv_text_ident(t, op->table);
    mysqldrv_text_puts(t, " SET ");
    for (size_t c = 0; c < op->column_count; c++) {
      mysqldrv_text_puts(t, c ? ", " : "");
      mysqldrv_text_ident(t, op->columns[c]);
      mysqldrv_text_puts(t, " = ");
      put_expr(t, op->values[c]);
    }
    where(t, op);
    break;
  case STRATA_OP_DELETE:
    mysqldrv_text_puts(t, "DELETE FROM ");
    mysqldrv_text_ident(t, op->table);
    where(t, op);
    break;
  default:
    return comment(r, op);
  }
  return flush(r);
}

int mysqldrv_render_ops(const struct strata_host *host,
                        const struct strata_schema *before,
                        const struct strata_schema *after,
                        const struct strata_op *const *ops, size_t op_count,
                        const struct strata_render_options *opt,
                        strata_write_fn write, void *ctx, unsigned *needs,
                        struct strata_error *err) {
  struct ops r = {.host = host, .before = before, .after = after,
                  .write = write, .ctx = ctx, .err = err};
  *needs = 0;
  const struct strata_op *op = ops[0];
  int rc = op->kind >= STRATA_OP_ADD_COLUMN &&
                   op->kind <= STRATA_OP_DROP_CONSTRAINT
               ? alter_group(&r, ops, op_count)
               : other_op(&r, op);
  mysqldrv_text_release(&r.sql);
  mysqldrv_text_release(&r.notes);
  return rc;
}
