/*
 * render.c - a model written back as PostgreSQL DDL.
 *
 * Statements come in an order that loads into an empty database: enum
 * types, sequences, routines (a default or a check may call one), tables,
 * indexes, foreign keys (after every table, so tables may refer to each
 * other), views (the core has put each after those it reads), the routines
 * that must follow the tables and views, triggers, and comments.  One blank
 * line separates statements.
 *
 * Only models of this engine are rendered for now: their objects carry the
 * server's own text (types, defaults, definitions), which is written back
 * as it is.
 */
#include "postgres.h"

#include <string.h>

int postgres_render_wants(const struct postgres_render *r, unsigned parts) {
  return (r->parts & parts) == parts;
}

int postgres_render_statement(struct postgres_render *r) {
  struct postgres_sql *sql = &r->sql;
  postgres_sql_add(sql, ";\n");
  if (sql->out_of_memory)
    return r->host->error_set(r->err, STRATA_ENOMEM, "out of memory");
  int rc = r->written > 0 ? r->write(r->ctx, "\n", 1) : 0;
  if (rc == 0)
    rc = r->write(r->ctx, sql->data, sql->length);
  sql->length = 0;
  r->written++;
  return rc;
}

int postgres_render_enum(struct postgres_render *r, const char *name,
                         const char *const *labels, size_t count) {
  postgres_sql_add(&r->sql, "CREATE TYPE ");
  postgres_sql_ident(&r->sql, name);
  postgres_sql_add(&r->sql, " AS ENUM (");
  postgres_sql_literal_list(&r->sql, labels, count);
  postgres_sql_add(&r->sql, ")");
  return postgres_render_statement(r);
}

static long long type_max(const char *type) {
  if (strcmp(type, "smallint") == 0)
    return 32767;
  if (strcmp(type, "integer") == 0)
    return 2147483647;
  return 9223372036854775807LL;
}

/* Only what differs from CREATE SEQUENCE's defaults is written, which
 * depend on the type and on the direction the sequence counts. */
static int render_sequence(struct postgres_render *r,
                           const struct strata_sequence *s) {
  const char *type = s->type_text ? s->type_text : "bigint";
  long long max = type_max(type), min = -max - 1;
  long long lowest = s->increment > 0 ? 1 : min;
  long long highest = s->increment > 0 ? max : -1;
  long long first = s->increment > 0 ? s->min_value : s->max_value;
  postgres_sql_add(&r->sql, "CREATE SEQUENCE ");
  postgres_sql_ident(&r->sql, s->name);
  if (strcmp(type, "bigint") != 0)
    postgres_sql_addf(&r->sql, " AS %s", type);
  if (s->start != first)
    postgres_sql_addf(&r->sql, " START WITH %lld", s->start);
  if (s->increment != 1)
    postgres_sql_addf(&r->sql, " INCREMENT BY %lld", s->increment);
  if (s->min_value != lowest)
    postgres_sql_addf(&r->sql, " MINVALUE %lld", s->min_value);
  if (s->max_value != highest)
    postgres_sql_addf(&r->sql, " MAXVALUE %lld", s->max_value);
  if (s->cache != 1)
    postgres_sql_addf(&r->sql, " CACHE %lld", s->cache);
  if (s->cycle)
    postgres_sql_add(&r->sql, " CYCLE");
  return postgres_render_statement(r);
}

static int render_domain(struct postgres_render *r,
                         const struct strata_domain *d) {
  postgres_sql_add(&r->sql, "CREATE DOMAIN ");
  postgres_sql_ident(&r->sql, d->name);
  postgres_sql_addf(&r->sql, " AS %s", d->base_text);
  if (d->collation != NULL) {
    postgres_sql_add(&r->sql, " COLLATE ");
    postgres_sql_ident(&r->sql, d->collation);
  }
  if (d->default_expr != NULL)
    postgres_sql_addf(&r->sql, " DEFAULT %s", d->default_expr);
  if (d->not_null)
    postgres_sql_add(&r->sql, " NOT NULL");
  for (size_t i = 0; i < d->check_count; i++) {
    postgres_sql_add(&r->sql, " CONSTRAINT ");
    postgres_sql_ident(&r->sql, d->checks[i]->name);
    postgres_sql_addf(&r->sql, " CHECK (%s)", d->checks[i]->expression);
  }
  return postgres_render_statement(r);
}

/* Domains after the enum types they may be built on. */
static int render_types(struct postgres_render *r) {
  const struct strata_schema *schema = r->schema;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < schema->enum_count; i++) {
    const struct strata_enum_type *e = schema->enums[i];
    rc = postgres_render_enum(r, e->name, e->labels, e->label_count);
  }
  for (size_t i = 0; rc == 0 && i < schema->domain_count; i++)
    rc = render_domain(r, schema->domains[i]);
  for (size_t i = 0; rc == 0 && i < schema->sequence_count; i++)
    rc = render_sequence(r, schema->sequences[i]);
  return rc == 0 ? postgres_render_early_routines(r) : rc;
}

static const char *view_kind(const struct strata_view *v) {
  return v->materialized ? "MATERIALIZED VIEW" : "VIEW";
}

/* The server indents the SELECT it writes as if it followed "AS" on the
 * same line; a new line and a blank keep that layout. */
static int render_view(struct postgres_render *r, const struct strata_view *v) {
  postgres_sql_addf(&r->sql, "CREATE %s ", view_kind(v));
  postgres_sql_ident(&r->sql, v->name);
  if (v->options != NULL)
    postgres_sql_addf(&r->sql, " %s", v->options);
  postgres_sql_add(&r->sql, " AS\n ");
  postgres_sql_add(&r->sql, v->definition);
  return postgres_render_statement(r);
}

/* The routines that read tables or views follow them (render_routines.c). */
static int render_views(struct postgres_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->view_count; i++)
    rc = render_view(r, r->schema->views[i]);
  return rc == 0 ? postgres_render_late_routines(r) : rc;
}

int postgres_render_comment(struct postgres_render *r, const char *what,
                            const char *table, const char *name,
                            const char *comment) {
  postgres_sql_addf(&r->sql, "COMMENT ON %s ", what);
  if (table != NULL) {
    postgres_sql_ident(&r->sql, table);
    postgres_sql_add(&r->sql, ".");
  }
  postgres_sql_ident(&r->sql, name);
  postgres_sql_add(&r->sql, " IS ");
  postgres_sql_literal(&r->sql, comment);
  return postgres_render_statement(r);
}

static int render_view_comments(struct postgres_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->view_count; i++) {
    const struct strata_view *v = r->schema->views[i];
    if (v->comment != NULL)
      rc = postgres_render_comment(r, view_kind(v), NULL, v->name, v->comment);
  }
  return rc;
}

static int render_comments(struct postgres_render *r) {
  int rc = postgres_render_table_comments(r);
  return rc == 0 ? render_view_comments(r) : rc;
}

/* Each part in dependency order; with both tables and keys asked for,
 * the keys are written inside CREATE TABLE. */
int postgres_render_parts(struct postgres_render *r) {
  static const struct {
    unsigned part;
    int (*render)(struct postgres_render *);
  } steps[] = {
      {STRATA_RENDER_TYPES, render_types},
      {STRATA_RENDER_TABLES, postgres_render_tables},
      {STRATA_RENDER_KEYS, postgres_render_keys},
      {STRATA_RENDER_INDEXES, postgres_render_indexes},
      {STRATA_RENDER_FOREIGN_KEYS, postgres_render_foreign_keys},
      {STRATA_RENDER_VIEWS, render_views},
      {STRATA_RENDER_TRIGGERS, postgres_render_triggers},
      {STRATA_RENDER_COMMENTS, render_comments},
  };
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < sizeof steps / sizeof *steps; i++)
    if (postgres_render_wants(r, steps[i].part))
      rc = steps[i].render(r);
  return rc;
}

int postgres_render_schema(const struct strata_host *host,
                           const struct strata_schema *schema, unsigned parts,
                           strata_write_fn write, void *ctx,
                           struct strata_error *err) {
  const char *engine = schema->engine ? schema->engine : "unknown";
  if (strcmp(engine, "postgres") != 0)
    return host->error_set(err, STRATA_ENOTSUP,
                           "cannot write a schema read from %s as PostgreSQL "
                           "DDL: only a PostgreSQL schema can be written yet",
                           engine);
  struct postgres_render r = {.host = host,
                              .schema = schema,
                              .parts = parts,
                              .write = write,
                              .ctx = ctx,
                              .err = err};
  int rc = postgres_render_parts(&r);
  postgres_sql_release(&r.sql);
  return rc;
}
