/*
 * render_tables.c - tables and what hangs off them: columns, keys, checks,
 * indexes, foreign keys, triggers and comments.
 */
#include "postgres.h"

#include <string.h>

static void add_deferrable(struct postgres_sql *sql, int deferrable,
                           int initially_deferred) {
  if (deferrable)
    postgres_sql_add(sql, " DEFERRABLE");
  if (initially_deferred)
    postgres_sql_add(sql, " INITIALLY DEFERRED");
}

void postgres_sql_constraint_name(struct postgres_sql *sql, const char *name) {
  if (name == NULL)
    return;
  postgres_sql_add(sql, "CONSTRAINT ");
  postgres_sql_ident(sql, name);
  postgres_sql_add(sql, " ");
}

static void add_key(struct postgres_sql *sql, const char *what,
                    const struct strata_key *k) {
  postgres_sql_constraint_name(sql, k->name);
  postgres_sql_add(sql, what);
  postgres_sql_add(sql, " ");
  postgres_sql_ident_list(sql, k->columns, k->column_count);
  add_deferrable(sql, k->deferrable, k->initially_deferred);
}

static void add_check(struct postgres_sql *sql, const struct strata_check *c) {
  postgres_sql_constraint_name(sql, c->name);
  postgres_sql_addf(sql, "CHECK (%s)", c->expression);
}

static void add_column(struct postgres_sql *sql,
                       const struct strata_column *col) {
  postgres_sql_ident(sql, col->name);
  postgres_sql_addf(sql, " %s", col->type_text);
  if (col->collation != NULL) {
    postgres_sql_add(sql, " COLLATE ");
    postgres_sql_ident(sql, col->collation);
  }
  if (col->flags & STRATA_COLUMN_IDENTITY)
    postgres_sql_addf(
        sql, " GENERATED %s AS IDENTITY",
        col->flags & STRATA_COLUMN_IDENTITY_ALWAYS ? "ALWAYS" : "BY DEFAULT");
  if (col->default_expr != NULL)
    postgres_sql_addf(sql, " DEFAULT %s", col->default_expr);
  if (col->flags & STRATA_COLUMN_GENERATED_STORED)
    postgres_sql_addf(sql, " GENERATED ALWAYS AS (%s) STORED",
                      col->generated_expr);
  if (col->flags & STRATA_COLUMN_NOT_NULL)
    postgres_sql_add(sql, " NOT NULL");
}

/* The primary key, the uniques, then the checks: each a line after the
 * columns. */
static void add_inline_keys(struct postgres_sql *sql,
                            const struct strata_table *t) {
  if (t->primary_key != NULL) {
    postgres_sql_add(sql, ",\n  ");
    add_key(sql, "PRIMARY KEY", t->primary_key);
  }
  for (size_t i = 0; i < t->unique_count; i++) {
    postgres_sql_add(sql, ",\n  ");
    add_key(sql, "UNIQUE", t->uniques[i]);
  }
  for (size_t i = 0; i < t->check_count; i++) {
    postgres_sql_add(sql, ",\n  ");
    add_check(sql, t->checks[i]);
  }
}

static int render_table(struct postgres_render *r,
                        const struct strata_table *t) {
  struct postgres_sql *sql = &r->sql;
  postgres_sql_add(sql, "CREATE TABLE ");
  postgres_sql_ident(sql, t->name);
  postgres_sql_add(sql, " (");
  for (size_t i = 0; i < t->column_count; i++) {
    postgres_sql_add(sql, i > 0 ? ",\n  " : "\n  ");
    add_column(sql, t->columns[i]);
  }
  if (postgres_render_wants(r, STRATA_RENDER_KEYS))
    add_inline_keys(sql, t);
  postgres_sql_add(sql, "\n)");
  if (t->options != NULL)
    postgres_sql_addf(sql, " %s", t->options);
  return postgres_render_statement(r);
}

/* A serial column's sequence exists before its table, and belongs to the
 * column once the table does. */
static int render_owned_sequences(struct postgres_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->sequence_count; i++) {
    const struct strata_sequence *s = r->schema->sequences[i];
    if (s->owned_by_table == NULL || s->owned_by_column == NULL)
      continue;
    postgres_sql_add(&r->sql, "ALTER SEQUENCE ");
    postgres_sql_ident(&r->sql, s->name);
    postgres_sql_add(&r->sql, " OWNED BY ");
    postgres_sql_ident(&r->sql, s->owned_by_table);
    postgres_sql_add(&r->sql, ".");
    postgres_sql_ident(&r->sql, s->owned_by_column);
    rc = postgres_render_statement(r);
  }
  return rc;
}

int postgres_render_tables(struct postgres_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++)
    rc = render_table(r, r->schema->tables[i]);
  return rc == 0 ? render_owned_sequences(r) : rc;
}

void postgres_sql_alter_table_add(struct postgres_sql *sql, const char *table) {
  postgres_sql_add(sql, "ALTER TABLE ");
  postgres_sql_ident(sql, table);
  postgres_sql_add(sql, "\n  ADD ");
}

static int render_table_keys(struct postgres_render *r,
                             const struct strata_table *t) {
  int rc = 0;
  if (t->primary_key != NULL) {
    postgres_sql_alter_table_add(&r->sql, t->name);
    add_key(&r->sql, "PRIMARY KEY", t->primary_key);
    rc = postgres_render_statement(r);
  }
  for (size_t i = 0; rc == 0 && i < t->unique_count; i++) {
    postgres_sql_alter_table_add(&r->sql, t->name);
    add_key(&r->sql, "UNIQUE", t->uniques[i]);
    rc = postgres_render_statement(r);
  }
  for (size_t i = 0; rc == 0 && i < t->check_count; i++) {
    postgres_sql_alter_table_add(&r->sql, t->name);
    add_check(&r->sql, t->checks[i]);
    rc = postgres_render_statement(r);
  }
  return rc;
}

/* Keys asked for without their tables (a port adds them after loading the
 * rows) are added to the tables that exist. */
int postgres_render_keys(struct postgres_render *r) {
  if (postgres_render_wants(r, STRATA_RENDER_TABLES))
    return 0;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++)
    rc = render_table_keys(r, r->schema->tables[i]);
  return rc;
}

int postgres_render_indexes(struct postgres_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->index_count; j++) {
      postgres_sql_add(&r->sql, t->indexes[j]->definition);
      rc = postgres_render_statement(r);
    }
  }
  return rc;
}

/* NO ACTION is what an unadorned foreign key does. */
static void add_action(struct postgres_sql *sql, const char *event,
                       const char *action) {
  if (action != NULL && strcmp(action, "NO ACTION") != 0)
    postgres_sql_addf(sql, " ON %s %s", event, action);
}

void postgres_sql_fk_actions(struct postgres_sql *sql,
                             const struct strata_foreign_key *fk) {
  add_action(sql, "UPDATE", fk->on_update);
  add_action(sql, "DELETE", fk->on_delete);
}

/* MATCH SIMPLE is what an unadorned foreign key means. */
void postgres_sql_foreign_key(struct postgres_sql *sql,
                              const struct strata_foreign_key *fk) {
  postgres_sql_constraint_name(sql, fk->name);
  postgres_sql_add(sql, "FOREIGN KEY ");
  postgres_sql_ident_list(sql, fk->columns, fk->column_count);
  postgres_sql_add(sql, " REFERENCES ");
  postgres_sql_ident(sql, fk->ref_table);
  postgres_sql_add(sql, " ");
  postgres_sql_ident_list(sql, fk->ref_columns, fk->ref_column_count);
  if (fk->match != NULL && strcmp(fk->match, "SIMPLE") != 0)
    postgres_sql_addf(sql, " MATCH %s", fk->match);
  postgres_sql_fk_actions(sql, fk);
  add_deferrable(sql, fk->deferrable, fk->initially_deferred);
}

int postgres_render_foreign_keys(struct postgres_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->foreign_key_count; j++) {
      postgres_sql_alter_table_add(&r->sql, t->name);
      postgres_sql_foreign_key(&r->sql, t->foreign_keys[j]);
      rc = postgres_render_statement(r);
    }
  }
  return rc;
}

int postgres_render_triggers(struct postgres_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->trigger_count; j++) {
      postgres_sql_add(&r->sql, t->triggers[j]->definition);
      rc = postgres_render_statement(r);
    }
  }
  return rc;
}

static int render_comments_of(struct postgres_render *r,
                              const struct strata_table *t) {
  int rc = 0;
  if (t->comment != NULL)
    rc = postgres_render_comment(r, "TABLE", NULL, t->name, t->comment);
  for (size_t i = 0; rc == 0 && i < t->column_count; i++) {
    const struct strata_column *col = t->columns[i];
    if (col->comment != NULL)
      rc = postgres_render_comment(r, "COLUMN", t->name, col->name,
                                   col->comment);
  }
  for (size_t i = 0; rc == 0 && i < t->index_count; i++) {
    const struct strata_index *index = t->indexes[i];
    if (index->comment != NULL)
      rc = postgres_render_comment(r, "INDEX", NULL, index->name,
                                   index->comment);
  }
  return rc;
}

int postgres_render_table_comments(struct postgres_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++)
    rc = render_comments_of(r, r->schema->tables[i]);
  return rc;
}
