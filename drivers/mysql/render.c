/*
 * render.c - a model read from MySQL or MariaDB written back as a script
 * that the mariadb and mysql clients, and this driver's split(), load
 * into an empty database of any name.
 *
 * The order makes every statement's dependencies exist before it runs:
 * routines (views may call them; tables cannot), tables with their keys,
 * indexes and checks inside, foreign keys as ALTER TABLE once every table
 * exists (so references may form cycles), views (the core has put each
 * after the views it reads), then triggers.  Stored programs go between
 * DELIMITER lines, since their bodies hold semicolons, each created under
 * its own sql_mode, character sets and database collation, as the source
 * created it, and the session put back after it.
 *
 * The script starts with SET NAMES utf8mb4: the text was read in utf8mb4
 * and a client left to its locale's character set would garble any other
 * character in comments, defaults and bodies.
 */
#include <string.h>

#include "mysqldrv.h"

struct renderer {
  const struct strata_host *host;
  strata_write_fn write;
  void *ctx;
  struct strata_error *err;
  struct mysqldrv_text text; /* the statement being written */
  int written;               /* statements written so far */
  int rc;
};

/* Writes the statement in r->text, after a blank line unless it is the
 * first, and empties the text. */
static void flush(struct renderer *r) {
  if (r->rc == 0 && r->text.failed)
    r->rc = mysqldrv_fail(r->host, r->err, STRATA_ENOMEM,
                          "out of memory writing the schema");
  if (r->rc == 0 && r->text.length > 0 && r->written++ > 0)
    r->rc = r->write(r->ctx, "\n", 1);
  if (r->rc == 0 && r->text.length > 0)
    r->rc = r->write(r->ctx, r->text.data, r->text.length);
  r->text.length = 0;
  r->text.failed = 0;
}

static void put_stored_program(struct renderer *r, const char *settings,
                               const char *definition) {
  mysqldrv_render_stored_program(&r->text, settings, definition);
  flush(r);
}

static void put_routines(struct renderer *r,
                         const struct strata_schema *schema) {
  for (size_t i = 0; i < schema->routine_count; i++)
    put_stored_program(r, schema->routines[i]->settings,
                       schema->routines[i]->definition);
}

static void put_tables(struct renderer *r, const struct strata_schema *schema,
                       unsigned parts) {
  for (size_t i = 0; i < schema->table_count; i++) {
    mysqldrv_render_create_table(&r->text, schema->tables[i], parts);
    flush(r);
  }
}

static void put_keys(struct renderer *r, const struct strata_schema *schema) {
  for (size_t i = 0; i < schema->table_count; i++) {
    mysqldrv_render_add_keys(&r->text, schema->tables[i]);
    flush(r);
  }
}

static void put_indexes(struct renderer *r,
                        const struct strata_schema *schema) {
  for (size_t i = 0; i < schema->table_count; i++) {
    const struct strata_table *t = schema->tables[i];
    for (size_t k = 0; k < t->index_count; k++) {
      if (t->indexes[k]->flags & STRATA_INDEX_PRIMARY)
        continue; /* a key */
      mysqldrv_render_add_index(&r->text, t, t->indexes[k]);
      flush(r);
    }
  }
}

static void put_foreign_keys(struct renderer *r,
                             const struct strata_schema *schema) {
  for (size_t i = 0; i < schema->table_count; i++) {
    const struct strata_table *t = schema->tables[i];
    for (size_t k = 0; k < t->foreign_key_count; k++) {
      mysqldrv_render_add_foreign_key(&r->text, t, t->foreign_keys[k]);
      flush(r);
    }
  }
}

static void put_views(struct renderer *r, const struct strata_schema *schema) {
  for (size_t i = 0; i < schema->view_count; i++) {
    mysqldrv_render_create_view(&r->text, schema->views[i]);
    flush(r);
  }
}

static void put_triggers(struct renderer *r,
                         const struct strata_schema *schema) {
  for (size_t i = 0; i < schema->table_count; i++) {
    const struct strata_table *t = schema->tables[i];
    for (size_t k = 0; k < t->trigger_count; k++)
      put_stored_program(r, t->triggers[k]->settings,
                         t->triggers[k]->definition);
  }
}

static void put_comments(struct renderer *r,
                         const struct strata_schema *schema) {
  for (size_t i = 0; i < schema->table_count; i++) {
    const struct strata_table *t = schema->tables[i];
    mysqldrv_render_table_comment(&r->text, t);
    flush(r);
    for (size_t k = 0; k < t->column_count; k++) {
      mysqldrv_render_column_comment(&r->text, t, t->columns[k]);
      flush(r);
    }
  }
}

/* Keys, indexes and comments go inside CREATE TABLE when the tables are
 * asked for with them, and as ALTER TABLE when asked for alone. */
static void put_schema(struct renderer *r, const struct strata_schema *schema,
                       unsigned parts) {
  mysqldrv_text_puts(&r->text, "SET NAMES utf8mb4;\n");
  flush(r);
  if (parts & STRATA_RENDER_TYPES)
    put_routines(r, schema);
  if (parts & STRATA_RENDER_TABLES)
    put_tables(r, schema, parts);
  if ((parts & STRATA_RENDER_KEYS) && !(parts & STRATA_RENDER_TABLES))
    put_keys(r, schema);
  if ((parts & STRATA_RENDER_INDEXES) && !(parts & STRATA_RENDER_TABLES))
    put_indexes(r, schema);
  if (parts & STRATA_RENDER_FOREIGN_KEYS)
    put_foreign_keys(r, schema);
  if (parts & STRATA_RENDER_VIEWS)
    put_views(r, schema);
  if (parts & STRATA_RENDER_TRIGGERS)
    put_triggers(r, schema);
  if ((parts & STRATA_RENDER_COMMENTS) && !(parts & STRATA_RENDER_TABLES))
    put_comments(r, schema);
}

int mysqldrv_render_schema(const struct strata_host *host,
                           const struct strata_schema *schema, unsigned parts,
                           strata_write_fn write, void *ctx,
                           struct strata_error *err) {
  struct renderer r = {.host = host, .write = write, .ctx = ctx, .err = err};
  if (schema->engine == NULL || strcmp(schema->engine, "mysql") != 0)
    return mysqldrv_fail(host, err, STRATA_ENOTSUP,
                         "the mysql driver writes only MySQL schemas, not "
                         "one read by the %s driver",
                         schema->engine ? schema->engine : "unknown");
  put_schema(&r, schema, parts);
  mysqldrv_text_release(&r.text);
  return r.rc;
}
