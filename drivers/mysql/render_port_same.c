/*
 * render_port_same.c - a model read from MySQL or MariaDB ported to MySQL
 * or MariaDB: a same-engine copy, every object written from the engine's
 * own text (type_text, default_expr, on_update, generated_expr, checks,
 * definitions) by the writers a dump uses (render_table.c), in the port's
 * phases.
 *
 * TYPES writes the routines; TABLES each table with its primary key, its
 * checks, its comments and AUTO_INCREMENT where the primary key starts
 * with that column (InnoDB keeps rows in key order; a check never held
 * false on the source), as InnoDB whatever its engine, so that its rows
 * load in a transaction; KEYS gives a table of another engine (MyISAM,
 * Aria, MEMORY) its own after the rows, then adds the unique keys;
 * INDEXES the other indexes (prefixes, FULLTEXT, descending parts);
 * IDENTITY makes numbered a column no primary key starts with, once its
 * index exists, and sets each counter where the source's has got to;
 * FOREIGN_KEYS adds the keys with foreign_key_checks off (not checked:
 * ORPHANS writes, per key, the query of its rows without a parent, which
 * the port counts); VIEWS and TRIGGERS copy them.  Names are kept.
 *
 * Stored programs keep the session they were created under: each one is
 * created under the source's sql_mode, character sets and database
 * collation for it (introspect_settings.c), not the port's, which the
 * statement puts back afterwards.
 */
#include "port.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Nothing is mapped, so no mapping option applies. */
static int check_settings(struct mysqldrv_port_render *r) {
  const char *schema = r->opt->schema_name;
  if (r->opt->setting_count > 0)
    return r->host->error_set(r->err, STRATA_EINVAL,
                              "mapping option '%s' does not apply to a copy "
                              "from MySQL to MySQL: leave it out",
                              r->opt->settings[0].key);
  if (schema != NULL && strcmp(schema, "public") != 0)
    return r->host->error_set(r->err, STRATA_EINVAL,
                              "a MySQL target ports into the database its URL "
                              "names, not a schema '%s': leave out --schema",
                              schema);
  return 0;
}

/* ---- tables -------------------------------------------------------------- */

/* Whether the table's primary key starts with the column: MySQL numbers
 * only a column some key starts with, and the primary key is the one
 * CREATE TABLE holds. */
static int leads_primary_key(const struct strata_table *t, const char *name) {
  if (t->primary_key != NULL)
    return t->primary_key->column_count > 0 &&
           strcmp(t->primary_key->columns[0], name) == 0;
  for (size_t i = 0; i < t->index_count; i++) {
    const struct strata_index *x = t->indexes[i];
    if ((x->flags & STRATA_INDEX_PRIMARY) && x->part_count > 0 &&
        x->parts[0]->column != NULL && strcmp(x->parts[0]->column, name) == 0)
      return 1;
  }
  return 0;
}

/* Numbered by MySQL, but only once a later part has made its key. */
static int numbered_later(const struct strata_table *t,
                          const struct strata_column *c) {
  return (c->flags & STRATA_COLUMN_IDENTITY) && !leads_primary_key(t, c->name);
}

/* The table's engine when it is not InnoDB, from its options ("ENGINE=x
 * DEFAULT CHARSET=..."), *length its length; NULL for InnoDB. */
static const char *other_engine(const struct strata_table *t, size_t *length) {
  const char *options = t->options;
  if (options == NULL || strncmp(options, "ENGINE=", 7) != 0)
    return NULL;
  *length = strcspn(options + 7, " ");
  if (*length == 6 && strncasecmp(options + 7, "InnoDB", 6) == 0)
    return NULL;
  return options + 7;
}

/* The options with ENGINE=InnoDB: a table of another engine (MyISAM,
 * Aria, MEMORY) takes its rows in InnoDB, in the table's transaction, so
 * that a batch MySQL refuses is undone whole and a table is copied whole
 * or not at all; KEYS gives it its engine after the rows. */
static void put_load_options(const struct strata_table *t,
                             struct mysqldrv_text *out) {
  size_t length = 0;
  const char *engine = other_engine(t, &length);
  if (engine == NULL) {
    mysqldrv_text_puts(out, t->options ? t->options : "");
    return;
  }
  mysqldrv_text_puts(out, "ENGINE=InnoDB");
  mysqldrv_text_puts(out, engine + length);
}

static int render_engine(struct mysqldrv_port_render *r,
                         const struct strata_table *t) {
  size_t length = 0;
  const char *engine = other_engine(t, &length);
  if (engine == NULL)
    return 0;
  mysqldrv_text_puts(&r->out, "ALTER TABLE ");
  mysqldrv_text_ident(&r->out, t->name);
  mysqldrv_text_puts(&r->out, " ENGINE=");
  mysqldrv_text_append(&r->out, engine, length);
  mysqldrv_text_puts(&r->out, ";\n");
  return mysqldrv_port_flush(r);
}

/* CREATE TABLE with the primary key, the checks and the comments, from a
 * copy of the table without what later parts add. */
static int render_table(struct mysqldrv_port_render *r,
                        const struct strata_table *t) {
  size_t n = t->column_count;
  struct mysqldrv_text options = {0};
  struct strata_column *columns = calloc(n + 1, sizeof *columns);
  struct strata_column **pointers = calloc(n + 1, sizeof *pointers);
  put_load_options(t, &options);
  if (columns == NULL || pointers == NULL || options.failed) {
    free(columns);
    free(pointers);
    mysqldrv_text_release(&options);
    return r->host->error_set(r->err, STRATA_ENOMEM, "out of memory");
  }
  for (size_t i = 0; i < n; i++) {
    columns[i] = *t->columns[i];
    if (numbered_later(t, t->columns[i]))
      columns[i].flags &= ~(unsigned)STRATA_COLUMN_IDENTITY;
    pointers[i] = &columns[i];
  }
  struct strata_table local = *t;
  local.columns = pointers;
  local.uniques = NULL;
  local.unique_count = 0;
  local.options = options.length > 0 ? options.data : NULL;
  mysqldrv_render_create_table(&r->out, &local,
                               STRATA_RENDER_KEYS | STRATA_RENDER_COMMENTS);
  free(columns);
  free(pointers);
  mysqldrv_text_release(&options);
  return mysqldrv_port_flush(r);
}

static int render_uniques(struct mysqldrv_port_render *r,
                          const struct strata_table *t) {
  struct strata_table local = {
      .name = t->name, .uniques = t->uniques, .unique_count = t->unique_count};
  mysqldrv_render_add_keys(&r->out, &local);
  return mysqldrv_port_flush(r);
}

static int render_indexes(struct mysqldrv_port_render *r,
                          const struct strata_table *t) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < t->index_count; i++) {
    if (t->indexes[i]->flags & STRATA_INDEX_PRIMARY)
      continue; /* with the table */
    mysqldrv_render_add_index(&r->out, t, t->indexes[i]);
    rc = mysqldrv_port_flush(r);
  }
  return rc;
}

/* A column numbered later, then the counter where the source's is. */
static int render_identity(struct mysqldrv_port_render *r,
                           const struct strata_table *t) {
  int numbered = 0;
  char counter[64];
  for (size_t i = 0; i < t->column_count; i++) {
    const struct strata_column *c = t->columns[i];
    numbered |= (c->flags & STRATA_COLUMN_IDENTITY) != 0;
    if (!numbered_later(t, c))
      continue;
    mysqldrv_text_puts(&r->out, "ALTER TABLE ");
    mysqldrv_text_ident(&r->out, t->name);
    mysqldrv_text_puts(&r->out, " MODIFY ");
    mysqldrv_render_column(&r->out, c);
    mysqldrv_text_puts(&r->out, ";\n");
  }
  if (numbered && t->next_auto_increment > 1) {
    mysqldrv_text_puts(&r->out, "ALTER TABLE ");
    mysqldrv_text_ident(&r->out, t->name);
    snprintf(counter, sizeof counter, " AUTO_INCREMENT = %lld;\n",
             t->next_auto_increment);
    mysqldrv_text_puts(&r->out, counter);
  }
  return mysqldrv_port_flush(r);
}

static int render_tables(struct mysqldrv_port_render *r, unsigned parts) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    if (parts & STRATA_RENDER_TABLES)
      rc = render_table(r, t);
  }
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    if (parts & STRATA_RENDER_KEYS)
      rc = render_engine(r, t);
    if (rc == 0 && (parts & STRATA_RENDER_KEYS))
      rc = render_uniques(r, t);
    if (rc == 0 && (parts & STRATA_RENDER_INDEXES))
      rc = render_indexes(r, t);
  }
  for (size_t i = 0; rc == 0 && (parts & STRATA_RENDER_IDENTITY) &&
                     i < r->schema->table_count;
       i++)
    rc = render_identity(r, r->schema->tables[i]);
  return rc;
}

/* ---- foreign keys -------------------------------------------------------- */

/* Each key whose parent is ported, in the model's order, which
 * mysqldrv_port_render_orphans() follows too. */
static int render_foreign_keys(struct mysqldrv_port_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->foreign_key_count; j++) {
      const struct strata_foreign_key *fk = t->foreign_keys[j];
      if (!common_port_parent_ported(r->host, r->opt, r->schema, t, fk))
        continue;
      mysqldrv_render_add_foreign_key(&r->out, t, fk);
      rc = mysqldrv_port_flush(r);
    }
  }
  return rc;
}

/* ---- routines, views, triggers ------------------------------------------- */

/* The program created under its own sql_mode and character sets, as the
 * source created it, and the port's session put back after it. */
static int render_program(struct mysqldrv_port_render *r, const char *settings,
                          const char *definition) {
  mysqldrv_render_stored_program(&r->out, settings, definition);
  return mysqldrv_port_flush(r);
}

static int render_routines(struct mysqldrv_port_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->routine_count; i++)
    rc = render_program(r, r->schema->routines[i]->settings,
                        r->schema->routines[i]->definition);
  return rc;
}

static int render_views(struct mysqldrv_port_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->view_count; i++) {
    mysqldrv_render_create_view(&r->out, r->schema->views[i]);
    rc = mysqldrv_port_flush(r);
  }
  return rc;
}

static int render_triggers(struct mysqldrv_port_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->trigger_count; j++)
      rc = render_program(r, t->triggers[j]->settings,
                          t->triggers[j]->definition);
  }
  return rc;
}

/* ---- the parts ----------------------------------------------------------- */

static int render_parts(struct mysqldrv_port_render *r) {
  unsigned parts = r->opt->parts;
  int rc = mysqldrv_port_start(r);
  if (rc == 0 && (parts & STRATA_RENDER_DROP))
    return mysqldrv_port_render_drop(r, parts);
  if (rc == 0 && (parts & STRATA_RENDER_TYPES))
    rc = render_routines(r);
  if (rc == 0)
    rc = render_tables(r, parts);
  if (rc == 0 && (parts & STRATA_RENDER_FOREIGN_KEYS))
    rc = render_foreign_keys(r);
  if (rc == 0 && (parts & STRATA_RENDER_VIEWS))
    rc = render_views(r);
  if (rc == 0 && (parts & STRATA_RENDER_TRIGGERS))
    rc = render_triggers(r);
  if (rc == 0 && (parts & STRATA_RENDER_ORPHANS))
    rc = mysqldrv_port_render_orphans(r);
  return rc;
}

int mysqldrv_is_own_model(const struct strata_schema *schema) {
  return schema->engine != NULL && strcmp(schema->engine, "mysql") == 0;
}

int mysqldrv_render_port_same(struct mysqldrv_port_render *r) {
  int rc = check_settings(r);
  return rc == 0 ? render_parts(r) : rc;
}
