/*
 * render_port_drop.c - the down of a port: what the parts asked for would
 * create, dropped, dependents first.
 *
 * The tables take with them what hangs off them (keys, checks, indexes,
 * foreign keys, comments), so with the tables part those are not dropped
 * one by one; and all tables go in one statement, so the foreign keys
 * between them need no CASCADE and no order.  Nothing cascades: an object
 * made since that depends on the port's (a view ported by hand) stops the
 * down rather than going silently.  Every drop says IF EXISTS, so the down
 * also clears what a port that stopped half way had made.
 *
 * A schema other than public stays, empty: the up creates it IF NOT
 * EXISTS, which cannot tell whether it was there before, and running the
 * up again finds it as the up would leave it.
 */
#include "postgres.h"

#include <stdio.h>

static int drops_tables(const struct port_render *p) {
  return postgres_render_wants(&p->base, STRATA_RENDER_TABLES);
}

static void start_alter_drop(struct port_render *p,
                             const struct strata_table *t) {
  postgres_sql_add(&p->base.sql, "ALTER TABLE IF EXISTS ");
  port_add_table(p, t->name);
  postgres_sql_add(&p->base.sql, " DROP CONSTRAINT IF EXISTS ");
}

static int drop_constraint(struct port_render *p, const struct strata_table *t,
                           const char *name) {
  start_alter_drop(p, t);
  postgres_sql_ident(&p->base.sql, name);
  return postgres_render_statement(&p->base);
}

/* Runs drop for each table of the model, until one fails. */
static int each_table(struct port_render *p,
                      int (*drop)(struct port_render *,
                                  const struct strata_table *)) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < p->base.schema->table_count; i++)
    rc = drop(p, p->base.schema->tables[i]);
  return rc;
}

/* ---- comments, when their objects stay ----------------------------------- */

static int clear_comment(struct port_render *p, const char *what,
                         const char *table, const char *name) {
  postgres_sql_addf(&p->base.sql, "COMMENT ON %s ", what);
  if (table != NULL) {
    postgres_sql_ident(&p->base.sql, table);
    postgres_sql_add(&p->base.sql, ".");
  }
  postgres_sql_ident(&p->base.sql, name);
  postgres_sql_add(&p->base.sql, " IS NULL");
  return postgres_render_statement(&p->base);
}

static int clear_comments_of(struct port_render *p,
                             const struct strata_table *t) {
  int indexes_go = postgres_render_wants(&p->base, STRATA_RENDER_INDEXES);
  char table[PORT_NAME_MAX], name[PORT_NAME_MAX];
  int rc = 0;
  port_table_name(p, t->name, table);
  if (t->comment != NULL)
    rc = clear_comment(p, "TABLE", NULL, table);
  for (size_t i = 0; rc == 0 && i < t->column_count; i++) {
    const struct strata_column *c = t->columns[i];
    if (c->comment != NULL && port_column_supported(c))
      rc = clear_comment(p, "COLUMN", table,
                         port_column_name(p, t, c->name, name));
  }
  for (size_t i = 0; rc == 0 && !indexes_go && i < t->index_count; i++) {
    const struct strata_index *ix = t->indexes[i];
    if (ix->comment != NULL && port_index_written(p, t, ix, NULL))
      rc = clear_comment(p, "INDEX", NULL, port_index_name_of(p, t, ix, name));
  }
  return rc;
}

static int drop_comments(struct port_render *p) {
  return each_table(p, clear_comments_of);
}

/* ---- triggers and views -------------------------------------------------- */

static int drop_on_update(struct port_render *p, const struct strata_table *t) {
  char name[PORT_NAME_MAX];
  if (port_on_update_function(p, t, name) == NULL)
    return 0;
  postgres_sql_add(&p->base.sql, "DROP TRIGGER IF EXISTS ");
  postgres_sql_ident(&p->base.sql, name);
  postgres_sql_add(&p->base.sql, " ON ");
  port_add_table(p, t->name);
  int rc = postgres_render_statement(&p->base);
  if (rc != 0)
    return rc;
  postgres_sql_add(&p->base.sql, "DROP FUNCTION IF EXISTS ");
  postgres_sql_ident(&p->base.sql, name);
  postgres_sql_add(&p->base.sql, "()");
  return postgres_render_statement(&p->base);
}

static int drop_triggers(struct port_render *p) {
  return each_table(p, drop_on_update);
}

/* The model lists views after those they read: the last goes first. */
static int drop_views(struct port_render *p) {
  int rc = 0;
  for (size_t i = p->base.schema->view_count; rc == 0 && i-- > 0;) {
    postgres_sql_add(&p->base.sql, "DROP VIEW IF EXISTS ");
    port_add_table(p, p->base.schema->views[i]->name);
    rc = postgres_render_statement(&p->base);
  }
  return rc;
}

/* ---- what hangs off the tables, when they stay --------------------------- */

static int drop_foreign_keys_of(struct port_render *p,
                                const struct strata_table *t) {
  char name[PORT_NAME_MAX];
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < t->foreign_key_count; i++) {
    const struct strata_foreign_key *fk = t->foreign_keys[i];
    if (port_find_table(p, fk->ref_table) != NULL)
      rc = drop_constraint(p, t, port_foreign_key_name(p, t, fk, name));
  }
  return rc;
}

static int drop_foreign_keys(struct port_render *p) {
  return each_table(p, drop_foreign_keys_of);
}

static int drop_indexes_of(struct port_render *p,
                           const struct strata_table *t) {
  char name[PORT_NAME_MAX];
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < t->index_count; i++) {
    if (!port_index_written(p, t, t->indexes[i], NULL))
      continue;
    postgres_sql_add(&p->base.sql, "DROP INDEX IF EXISTS ");
    postgres_sql_ident(&p->base.sql,
                       port_index_name_of(p, t, t->indexes[i], name));
    rc = postgres_render_statement(&p->base);
  }
  return rc;
}

static int drop_indexes(struct port_render *p) {
  return each_table(p, drop_indexes_of);
}

/* The checks first, the primary key last: the order the keys part adds
 * them in, reversed. */
static int drop_table_keys(struct port_render *p,
                           const struct strata_table *t) {
  char name[PORT_NAME_MAX];
  int rc = 0;
  for (size_t i = t->column_count; rc == 0 && i-- > 0;)
    if (port_type_check_name(p, t, t->columns[i], name) != NULL)
      rc = drop_constraint(p, t, name);
  for (size_t i = t->check_count; rc == 0 && i-- > 0;)
    rc = drop_constraint(p, t, port_check_name(p, t, t->checks[i], name));
  for (size_t i = t->unique_count; rc == 0 && i-- > 0;)
    if (port_key_written(t, t->uniques[i]))
      rc = drop_constraint(p, t, port_unique_name(p, t, t->uniques[i], name));
  if (rc == 0 && t->primary_key != NULL && port_key_written(t, t->primary_key))
    rc = drop_constraint(p, t, port_index_name(p, t, NULL, name));
  return rc;
}

static int drop_keys(struct port_render *p) {
  return each_table(p, drop_table_keys);
}

/* ---- tables and types ---------------------------------------------------- */

static int drop_tables(struct port_render *p) {
  const struct strata_schema *schema = p->base.schema;
  if (schema->table_count == 0)
    return 0;
  postgres_sql_add(&p->base.sql, "DROP TABLE IF EXISTS");
  for (size_t i = 0; i < schema->table_count; i++) {
    postgres_sql_add(&p->base.sql, i > 0 ? ",\n  " : "\n  ");
    port_add_table(p, schema->tables[i]->name);
  }
  return postgres_render_statement(&p->base);
}

static int drop_types(struct port_render *p) {
  const struct strata_schema *schema = p->base.schema;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < schema->table_count; i++) {
    const struct strata_table *t = schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->column_count; j++) {
      char name[PORT_NAME_MAX];
      if (port_enum_type_created(p, t, t->columns[j], name) == NULL)
        continue;
      postgres_sql_add(&p->base.sql, "DROP TYPE IF EXISTS ");
      postgres_sql_ident(&p->base.sql, name);
      rc = postgres_render_statement(&p->base);
    }
  }
  return rc;
}

/* ---- a copy from PostgreSQL ---------------------------------------------- */

static int drop_copied_views(struct port_render *p) {
  int rc = 0;
  for (size_t i = p->base.schema->view_count; rc == 0 && i-- > 0;) {
    const struct strata_view *v = p->base.schema->views[i];
    postgres_sql_addf(&p->base.sql, "DROP %sVIEW IF EXISTS ",
                      v->materialized ? "MATERIALIZED " : "");
    postgres_sql_ident(&p->base.sql, v->name);
    rc = postgres_render_statement(&p->base);
  }
  return rc;
}

/* Routines after the tables and views that call them; sequences that no
 * column owns (the tables took the others), domains (each before those it
 * is built on) and enum types after the columns that use them. */
static int drop_copied_types(struct port_render *p) {
  const struct strata_schema *schema = p->base.schema;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < schema->routine_count; i++) {
    const struct strata_routine *r = schema->routines[i];
    postgres_sql_addf(&p->base.sql, "DROP %s IF EXISTS ", r->kind);
    postgres_sql_ident(&p->base.sql, r->name);
    postgres_sql_addf(&p->base.sql, "(%s)", r->signature ? r->signature : "");
    rc = postgres_render_statement(&p->base);
  }
  for (size_t i = 0; rc == 0 && i < schema->sequence_count; i++) {
    if (schema->sequences[i]->owned_by_table != NULL)
      continue;
    postgres_sql_add(&p->base.sql, "DROP SEQUENCE IF EXISTS ");
    postgres_sql_ident(&p->base.sql, schema->sequences[i]->name);
    rc = postgres_render_statement(&p->base);
  }
  for (size_t i = schema->domain_count; rc == 0 && i > 0; i--) {
    postgres_sql_add(&p->base.sql, "DROP DOMAIN IF EXISTS ");
    postgres_sql_ident(&p->base.sql, schema->domains[i - 1]->name);
    rc = postgres_render_statement(&p->base);
  }
  for (size_t i = 0; rc == 0 && i < schema->enum_count; i++) {
    postgres_sql_add(&p->base.sql, "DROP TYPE IF EXISTS ");
    postgres_sql_ident(&p->base.sql, schema->enums[i]->name);
    rc = postgres_render_statement(&p->base);
  }
  return rc;
}

/* The down of a whole copy; a copy's parts are not dropped one by one. */
static int drop_copy(struct port_render *p) {
  int rc = 0;
  if (!postgres_render_wants(&p->base, STRATA_RENDER_ALL))
    return p->base.host->error_set(
        p->base.err, STRATA_ENOTSUP,
        "a port from PostgreSQL to PostgreSQL writes a down only for "
        "everything it created");
  rc = drop_copied_views(p);
  if (rc == 0)
    rc = drop_tables(p);
  return rc == 0 ? drop_copied_types(p) : rc;
}

/* ---- the parts, in the reverse of their creation ------------------------- */

int port_render_drop(struct port_render *p) {
  static const struct {
    unsigned part;
    int with_tables; /* still dropped when the tables are */
    int (*drop)(struct port_render *);
  } steps[] = {
      {STRATA_RENDER_COMMENTS, 0, drop_comments},
      {STRATA_RENDER_TRIGGERS, 1, drop_triggers},
      {STRATA_RENDER_VIEWS, 1, drop_views},
      {STRATA_RENDER_FOREIGN_KEYS, 0, drop_foreign_keys},
      {STRATA_RENDER_INDEXES, 0, drop_indexes},
      {STRATA_RENDER_KEYS, 0, drop_keys},
      {STRATA_RENDER_TABLES, 1, drop_tables},
      {STRATA_RENDER_TYPES, 1, drop_types},
  };
  int rc = 0;
  if (p->from_postgres)
    return drop_copy(p);
  for (size_t i = 0; rc == 0 && i < sizeof steps / sizeof *steps; i++)
    if (postgres_render_wants(&p->base, steps[i].part) &&
        (steps[i].with_tables || !drops_tables(p)))
      rc = steps[i].drop(p);
  return rc;
}
