/*
 * render_port_expr.c - an expression of a model from another engine, in
 * the canonical portable text the core rewrote it into (driver.h,
 * portable_expression), written as PostgreSQL: its text is PostgreSQL's
 * already, but for its names, which are written as the port names them
 * (lower case unless preserve_case, shortened past 63 bytes).
 *
 * A name is a table or a view when the model has one of that name, else
 * a column: of the expression's table first, else of any table (a view's
 * SELECT names columns of the tables it reads), else an alias, which
 * takes the case the port gives a column.
 */
#include "postgres.h"

#include <string.h>

struct spelling {
  const struct port_render *p;
  const struct strata_table *table; /* NULL for a view */
  struct postgres_sql *out;
};

static const struct strata_table *
table_with_column(const struct strata_schema *schema, const char *name) {
  for (size_t i = 0; i < schema->table_count; i++) {
    const struct strata_table *t = schema->tables[i];
    for (size_t j = 0; j < t->column_count; j++)
      if (strcmp(t->columns[j]->name, name) == 0)
        return t;
  }
  return NULL;
}

static int is_relation(const struct strata_schema *schema, const char *name) {
  for (size_t i = 0; i < schema->table_count; i++)
    if (strcmp(schema->tables[i]->name, name) == 0)
      return 1;
  for (size_t i = 0; i < schema->view_count; i++)
    if (strcmp(schema->views[i]->name, name) == 0)
      return 1;
  return 0;
}

static int has_column(const struct strata_table *t, const char *name) {
  for (size_t i = 0; t != NULL && i < t->column_count; i++)
    if (strcmp(t->columns[i]->name, name) == 0)
      return 1;
  return 0;
}

static void put_name(void *ctx, const char *name) {
  struct spelling *s = ctx;
  const struct strata_schema *schema = s->p->base.schema;
  char buf[PORT_NAME_MAX];
  if (is_relation(schema, name))
    port_table_name(s->p, name, buf);
  else
    port_column_name(
        s->p,
        has_column(s->table, name) ? s->table : table_with_column(schema, name),
        name, buf);
  postgres_sql_ident(s->out, buf);
}

static void put_string(void *ctx, const char *value) {
  struct spelling *s = ctx;
  postgres_sql_literal(s->out, value);
}

static void put_text(void *ctx, const char *text, size_t length) {
  struct spelling *s = ctx;
  postgres_sql_addf(s->out, "%.*s", (int)length, text);
}

void port_expression(const struct port_render *p, const struct strata_table *t,
                     const char *portable, struct postgres_sql *out) {
  struct spelling s = {p, t, out};
  struct common_spelling spelling = {
      .ctx = &s, .name = put_name, .string = put_string, .put = put_text};
  if (common_spell_portable(portable, &spelling) != 0)
    out->out_of_memory = 1;
}
