/*
 * render_rebuild.c - a table rebuilt in the shape a group of ops gives it.
 *
 * sqlite.org's order: create the new table under another name, copy the
 * rows, drop the old table, rename the new one to the old name, and make
 * its indexes and triggers again.  Nothing refers to the new name, so the
 * rename rewrites nothing by mistake.  What the order leaves out:
 *
 * - Views that read the table, and triggers of other tables whose bodies
 *   name it, make the rename fail (SQLite re-reads them against a table
 *   that is gone), so they are dropped first and made again last.
 * - A rowid table with no INTEGER PRIMARY KEY would get new rowids; they
 *   are copied, because other data (an FTS index) may point at them.
 * - An AUTOINCREMENT counter would restart at the highest row left; it is
 *   carried over in sqlite_sequence, so no id is ever handed out twice.
 *
 * Foreign keys are off around the transaction (the guard), so dropping
 * the old table fires no ON DELETE action in its children, and
 * PRAGMA foreign_key_check runs before COMMIT.  Definitions come from the
 * live schema, written back as SQLite stored them.
 */
#include "sqlite_ops.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define TEMP_PREFIX "_strata_new_"

static int is_word_char(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '$';
}

int sqlite_ops_mentions(const char *text, const char *name) {
  size_t n = strlen(name);
  for (const char *p = text; p && *p; p++) {
    if (strncasecmp(p, name, n) != 0)
      continue;
    if ((p == text || !is_word_char(p[-1])) && !is_word_char(p[n]))
      return 1;
  }
  return 0;
}

struct rebuild {
  struct sqlite_ops *r;
  const struct strata_op *const *ops;
  size_t n;
  const struct strata_table *before, *after;
  char temp[128];
};

/* The column of the old table the new column's values come from, or NULL
 * for a column the group adds. */
static const char *source_column(const struct rebuild *rb, const char *name) {
  for (size_t i = rb->n; i-- > 0;) {
    const struct strata_op *op = rb->ops[i];
    if (op->kind == STRATA_OP_RENAME_COLUMN && strcmp(op->new_name, name) == 0)
      name = op->name;
    else if (op->kind == STRATA_OP_ADD_COLUMN && strcmp(op->name, name) == 0)
      return NULL;
  }
  for (size_t i = 0; i < rb->before->column_count; i++)
    if (strcmp(rb->before->columns[i]->name, name) == 0)
      return name;
  return NULL;
}

/* ---- what would break ---------------------------------------------- */

static int is_dependent_view(const struct strata_schema *m,
                             const struct strata_view *v, const char *table,
                             size_t depth) {
  if (sqlite_ops_mentions(v->definition, table))
    return 1;
  for (size_t i = 0; depth < 8 && i < m->view_count; i++)
    if (m->views[i] != v && sqlite_ops_mentions(v->definition, m->views[i]->name) &&
        is_dependent_view(m, m->views[i], table, depth + 1))
      return 1;
  return 0;
}

static int is_foreign_trigger(const struct strata_table *owner,
                              const struct strata_trigger *tr,
                              const char *table) {
  return strcmp(owner->name, table) != 0 &&
         sqlite_ops_mentions(tr->definition, table);
}

/* A column the group drops or renames must not be named by an object the
 * rebuild writes back as it was.  (A check naming a dropped column is
 * dropped with it, and a rename is never part of a rebuild.) */
static int refuse_stale(struct rebuild *rb, const struct strata_op *op,
                        const char *kind, const char *object) {
  char fmt[512];
  snprintf(fmt, sizeof fmt,
           "column \"%%s\" is named by %s \"%s\", which rebuilding table "
           "\"%s\" on SQLite would write back unchanged: drop or rename the "
           "column in an ALTER TABLE of its own, or rewrite the %s in a "
           ".sqlite.up.sql file",
           kind, object, rb->before->name, kind);
  return sqlite_ops_refuse(rb->r, op, fmt, op->name);
}

static int check_column_users(struct rebuild *rb, const struct strata_op *op) {
  const struct strata_schema *m = rb->r->before;
  const char *col = op->name;
  for (size_t i = 0; i < rb->before->trigger_count; i++)
    if (sqlite_ops_mentions(rb->before->triggers[i]->definition, col))
      return refuse_stale(rb, op, "trigger", rb->before->triggers[i]->name);
  for (size_t i = 0; i < m->view_count; i++)
    if (is_dependent_view(m, m->views[i], rb->before->name, 0) &&
        sqlite_ops_mentions(m->views[i]->definition, col))
      return refuse_stale(rb, op, "view", m->views[i]->name);
  for (size_t i = 0; i < rb->after->index_count; i++) {
    const struct strata_index *x = rb->after->indexes[i];
    int named = sqlite_ops_mentions(x->predicate, col);
    for (size_t p = 0; p < x->part_count; p++)
      named |= sqlite_ops_mentions(x->parts[p]->expression, col);
    if (named)
      return refuse_stale(rb, op, "index", x->name);
  }
  return 0;
}

static int check_group(struct rebuild *rb) {
  for (size_t i = 0; i < rb->n; i++) {
    const struct strata_op *op = rb->ops[i];
    int rc = 0;
    if (op->kind == STRATA_OP_DROP_COLUMN || op->kind == STRATA_OP_RENAME_COLUMN)
      rc = check_column_users(rb, op);
    if (rc != 0)
      return rc;
  }
  return 0;
}

/* ---- the statements ------------------------------------------------- */

static void choose_temp_name(struct rebuild *rb) {
  snprintf(rb->temp, sizeof rb->temp, TEMP_PREFIX "%s", rb->before->name);
  for (int i = 2; sqlite_ops_table(rb->r->before, rb->temp) != NULL; i++)
    snprintf(rb->temp, sizeof rb->temp, TEMP_PREFIX "%s_%d", rb->before->name,
             i);
}

static int drop_dependents(struct rebuild *rb) {
  const struct strata_schema *m = rb->r->before;
  struct sqlite_text *b = &rb->r->statement;
  int rc = 0;
  for (size_t i = m->view_count; rc == 0 && i-- > 0;) {
    if (!is_dependent_view(m, m->views[i], rb->before->name, 0))
      continue;
    sqlite_text_adds(b, "DROP VIEW ");
    sqlite_text_add_ident(b, m->views[i]->name);
    rc = sqlite_ops_flush(rb->r);
  }
  for (size_t i = 0; rc == 0 && i < m->table_count; i++)
    for (size_t k = 0; rc == 0 && k < m->tables[i]->trigger_count; k++) {
      const struct strata_trigger *tr = m->tables[i]->triggers[k];
      if (!is_foreign_trigger(m->tables[i], tr, rb->before->name))
        continue;
      sqlite_text_adds(b, "DROP TRIGGER ");
      sqlite_text_add_ident(b, tr->name);
      rc = sqlite_ops_flush(rb->r);
    }
  return rc;
}

static int create_new_table(struct rebuild *rb) {
  struct sqlite_local l;
  if (sqlite_local_init(&l, rb->after, rb->temp) != 0)
    return rb->r->host->error_set(rb->r->err, STRATA_ENOMEM, "out of memory");
  sqlite_render_table(&rb->r->statement, &l.table);
  sqlite_local_release(&l);
  return sqlite_ops_flush(rb->r);
}

static int is_generated(const struct strata_column *c) {
  return (c->flags & (STRATA_COLUMN_GENERATED_STORED |
                      STRATA_COLUMN_GENERATED_VIRTUAL)) != 0;
}

/* A rowid table whose rowid no INTEGER PRIMARY KEY column names. */
static int has_hidden_rowid(const struct strata_table *t) {
  if (t->options && strstr(t->options, "WITHOUT ROWID"))
    return 0;
  const struct strata_key *pk = t->primary_key;
  if (pk == NULL || pk->column_count != 1)
    return 1;
  for (size_t i = 0; i < t->column_count; i++)
    if (strcmp(t->columns[i]->name, pk->columns[0]) == 0)
      return !((t->columns[i]->flags & STRATA_COLUMN_IDENTITY) ||
               (t->columns[i]->type_text
                    ? strcasecmp(t->columns[i]->type_text, "INTEGER") == 0
                    : t->columns[i]->type == STRATA_TYPE_INTEGER));
  return 1;
}

static int copy_rows(struct rebuild *rb) {
  struct sqlite_text *b = &rb->r->statement, select = {0};
  int rowid = has_hidden_rowid(rb->before);
  sqlite_text_adds(b, "INSERT INTO ");
  sqlite_text_add_ident(b, rb->temp);
  sqlite_text_adds(b, rowid ? " (rowid" : " (");
  sqlite_text_adds(&select, rowid ? "SELECT rowid" : "SELECT ");
  int first = !rowid;
  for (size_t i = 0; i < rb->after->column_count; i++) {
    const struct strata_column *c = rb->after->columns[i];
    const char *from = is_generated(c) ? NULL : source_column(rb, c->name);
    if (from == NULL)
      continue;
    sqlite_text_adds(b, first ? "" : ", ");
    sqlite_text_adds(&select, first ? "" : ", ");
    sqlite_text_add_ident(b, c->name);
    sqlite_text_add_ident(&select, from);
    first = 0;
  }
  sqlite_text_adds(b, ")\n");
  sqlite_text_adds(b, select.data ? select.data : "SELECT");
  sqlite_text_adds(b, " FROM ");
  sqlite_text_add_ident(b, rb->before->name);
  b->failed |= select.failed;
  sqlite_text_release(&select);
  return sqlite_ops_flush(rb->r);
}

static int has_autoincrement(const struct strata_table *t) {
  for (size_t i = 0; i < t->column_count; i++)
    if (t->columns[i]->flags & STRATA_COLUMN_IDENTITY)
      return 1;
  return 0;
}

static void add_string(struct sqlite_text *b, const char *s) {
  sqlite_text_adds(b, "'");
  for (const char *p = s; *p; p++) {
    if (*p == '\'')
      sqlite_text_adds(b, "'");
    sqlite_text_add(b, p, 1);
  }
  sqlite_text_adds(b, "'");
}

/* The copy moved the new table's counter to the highest id left; the old
 * counter may be higher (its top rows deleted), and wins. */
static int carry_counter(struct rebuild *rb) {
  if (!has_autoincrement(rb->after))
    return 0;
  struct sqlite_text *b = &rb->r->statement;
  sqlite_text_adds(b, "DELETE FROM sqlite_sequence WHERE name = ");
  add_string(b, rb->temp);
  int rc = sqlite_ops_flush(rb->r);
  sqlite_text_adds(b, "INSERT INTO sqlite_sequence (name, seq) SELECT ");
  add_string(b, rb->temp);
  sqlite_text_adds(b, ", max(seq) FROM sqlite_sequence WHERE name IN (");
  add_string(b, rb->before->name);
  sqlite_text_adds(b, ") HAVING count(*) > 0");
  return rc ? rc : sqlite_ops_flush(rb->r);
}

static int swap_tables(struct rebuild *rb) {
  struct sqlite_text *b = &rb->r->statement;
  sqlite_text_adds(b, "DROP TABLE ");
  sqlite_text_add_ident(b, rb->before->name);
  int rc = sqlite_ops_flush(rb->r);
  sqlite_text_adds(b, "ALTER TABLE ");
  sqlite_text_add_ident(b, rb->temp);
  sqlite_text_adds(b, " RENAME TO ");
  sqlite_text_add_ident(b, rb->after->name);
  return rc ? rc : sqlite_ops_flush(rb->r);
}

static int write_verbatim(struct rebuild *rb, const char *sql) {
  sqlite_text_adds(&rb->r->statement, sql ? sql : "");
  return sqlite_ops_flush(rb->r);
}

static int restore_dependents(struct rebuild *rb) {
  const struct strata_schema *m = rb->r->before;
  const struct strata_table *t = rb->after;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < t->index_count; i++) {
    const struct strata_index *x = t->indexes[i];
    if (x->definition) {
      rc = write_verbatim(rb, x->definition);
      continue;
    }
    sqlite_ops_index(&rb->r->statement, t->name, x, 0);
    rc = sqlite_ops_flush(rb->r);
  }
  for (size_t i = 0; rc == 0 && i < t->trigger_count; i++)
    rc = write_verbatim(rb, t->triggers[i]->definition);
  struct sqlite_text *b = &rb->r->statement;
  for (size_t i = 0; rc == 0 && i < m->view_count; i++) {
    const struct strata_view *v = m->views[i];
    if (!is_dependent_view(m, v, rb->before->name, 0))
      continue;
    sqlite_text_adds(b, "CREATE VIEW ");
    sqlite_text_add_ident(b, v->name);
    if (v->options) {
      sqlite_text_adds(b, " ");
      sqlite_text_adds(b, v->options);
    }
    sqlite_text_adds(b, " AS ");
    rc = write_verbatim(rb, v->definition);
  }
  for (size_t i = 0; rc == 0 && i < m->table_count; i++)
    for (size_t k = 0; rc == 0 && k < m->tables[i]->trigger_count; k++)
      if (is_foreign_trigger(m->tables[i], m->tables[i]->triggers[k],
                             rb->before->name))
        rc = write_verbatim(rb, m->tables[i]->triggers[k]->definition);
  return rc;
}

int sqlite_rebuild(struct sqlite_ops *r, const struct strata_op *const *ops,
                   size_t n) {
  struct rebuild rb = {.r = r, .ops = ops, .n = n};
  rb.before = sqlite_ops_table(r->before, ops[0]->table);
  rb.after = sqlite_ops_table(r->after, ops[0]->table);
  if (rb.before == NULL || rb.after == NULL)
    return sqlite_ops_refuse(r, ops[0],
                             "changing table \"%s\" this way rebuilds it on "
                             "SQLite, which needs its definition: "
                             SQLITE_NEEDS_LIVE_SCHEMA,
                             ops[0]->table);
  if (rb.before->options && strncmp(rb.before->options, "USING ", 6) == 0)
    return sqlite_ops_refuse(r, ops[0],
                             "virtual table \"%s\" cannot be rebuilt",
                             ops[0]->table);
  *r->needs |= STRATA_NEED_FOREIGN_KEYS_OFF;
  choose_temp_name(&rb);
  int rc = check_group(&rb);
  if (rc == 0)
    rc = drop_dependents(&rb);
  if (rc == 0)
    rc = create_new_table(&rb);
  if (rc == 0)
    rc = copy_rows(&rb);
  if (rc == 0)
    rc = carry_counter(&rb);
  if (rc == 0)
    rc = swap_tables(&rb);
  if (rc == 0)
    rc = restore_dependents(&rb);
  return rc;
}
