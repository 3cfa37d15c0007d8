/*
 * render.c - a model of an SQLite database written back as a script.
 *
 * The DDL is rebuilt from the model rather than copied from the stored
 * CREATE statements, so two databases whose schemas were typed
 * differently but mean the same give the same text.  Statements come in
 * the order a load needs: tables (keys, checks and foreign keys inside
 * them), indexes, views, triggers; each object kind in the model's order.
 *
 * Parts (enum strata_render_part): SQLite cannot add a key, a CHECK or a
 * foreign key to an existing table, so those always go with
 * STRATA_RENDER_TABLES, and STRATA_RENDER_KEYS or _FOREIGN_KEYS alone
 * write nothing.  SQLite has no types, sequences, routines or comments.
 */
#include "sqlite.h"

#include <string.h>

struct render {
  const struct strata_host *host;
  strata_write_fn write;
  void *ctx;
  struct strata_error *err;
  struct sqlite_text statement;
  int written; /* statements so far, for the blank lines between them */
};

/* Writes the statement built in r->statement, terminated, after a blank
 * line when it is not the first. */
static int flush_statement(struct render *r) {
  struct sqlite_text *b = &r->statement;
  sqlite_text_adds(b, ";\n");
  if (b->failed)
    return r->host->error_set(r->err, STRATA_ENOMEM,
                              "out of memory writing the schema");
  int rc = 0;
  if (r->written++ > 0)
    rc = r->write(r->ctx, "\n", 1);
  if (rc == 0)
    rc = r->write(r->ctx, b->data, b->length);
  b->length = 0;
  return rc;
}

static int render_tables(struct render *r, const struct strata_schema *s) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < s->table_count; i++) {
    sqlite_render_table(&r->statement, s->tables[i]);
    rc = flush_statement(r);
  }
  return rc;
}

static void add_index(struct sqlite_text *b, const struct strata_table *t,
                      const struct strata_index *x) {
  sqlite_text_adds(b, x->flags & STRATA_INDEX_UNIQUE ? "CREATE UNIQUE INDEX "
                                                     : "CREATE INDEX ");
  sqlite_text_add_ident(b, x->name);
  sqlite_text_adds(b, " ON ");
  sqlite_text_add_ident(b, t->name);
  sqlite_text_adds(b, " (");
  for (size_t i = 0; i < x->part_count; i++) {
    const struct strata_index_part *p = x->parts[i];
    if (i > 0)
      sqlite_text_adds(b, ", ");
    if (p->column != NULL)
      sqlite_text_add_ident(b, p->column);
    else
      sqlite_text_adds(b, p->expression ? p->expression : "");
    if (p->descending)
      sqlite_text_adds(b, " DESC");
  }
  sqlite_text_adds(b, ")");
  if (x->predicate != NULL) {
    sqlite_text_adds(b, " WHERE ");
    sqlite_text_adds(b, x->predicate);
  }
}

static int render_indexes(struct render *r, const struct strata_schema *s) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < s->table_count; i++) {
    const struct strata_table *t = s->tables[i];
    for (size_t j = 0; rc == 0 && j < t->index_count; j++) {
      add_index(&r->statement, t, t->indexes[j]);
      rc = flush_statement(r);
    }
  }
  return rc;
}

/* CREATE VIEW name [(columns)] AS select: the options hold the column
 * list when the view has one. */
static int render_views(struct render *r, const struct strata_schema *s) {
  int rc = 0;
  struct sqlite_text *b = &r->statement;
  for (size_t i = 0; rc == 0 && i < s->view_count; i++) {
    const struct strata_view *v = s->views[i];
    sqlite_text_adds(b, "CREATE VIEW ");
    sqlite_text_add_ident(b, v->name);
    if (v->options != NULL) {
      sqlite_text_adds(b, " ");
      sqlite_text_adds(b, v->options);
    }
    sqlite_text_adds(b, " AS ");
    sqlite_text_adds(b, v->definition ? v->definition : "");
    rc = flush_statement(r);
  }
  return rc;
}

static int render_triggers(struct render *r, const struct strata_schema *s) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < s->table_count; i++) {
    const struct strata_table *t = s->tables[i];
    for (size_t j = 0; rc == 0 && j < t->trigger_count; j++) {
      const char *text = t->triggers[j]->definition;
      sqlite_text_adds(&r->statement, text ? text : "");
      rc = flush_statement(r);
    }
  }
  return rc;
}

/* Only SQLite's own models can be written: another engine's types,
 * defaults and expressions would need translating, which a port does. */
static int refuse_engine(const struct strata_host *host, const char *engine,
                         struct strata_error *err) {
  return host->error_set(err, STRATA_ENOTSUP,
                         "cannot write a schema read from %s as SQLite: the "
                         "SQLite driver writes only schemas read from SQLite",
                         engine ? engine : "an unnamed engine");
}

int sqlite_render_schema(const struct strata_host *host,
                         const struct strata_schema *schema, unsigned parts,
                         strata_write_fn write, void *ctx,
                         struct strata_error *err) {
  if (schema->engine == NULL || strcmp(schema->engine, "sqlite") != 0)
    return refuse_engine(host, schema->engine, err);
  struct render r = {.host = host, .write = write, .ctx = ctx, .err = err};
  int rc = 0;
  if (parts & STRATA_RENDER_TABLES)
    rc = render_tables(&r, schema);
  if (rc == 0 && (parts & STRATA_RENDER_INDEXES))
    rc = render_indexes(&r, schema);
  if (rc == 0 && (parts & STRATA_RENDER_VIEWS))
    rc = render_views(&r, schema);
  if (rc == 0 && (parts & STRATA_RENDER_TRIGGERS))
    rc = render_triggers(&r, schema);
  sqlite_text_release(&r.statement);
  return rc;
}
