/*
 * introspect_tables.c - the database's base tables and their options.
 *
 * A table keeps the options a dump must repeat for the table to be the
 * same: its engine and its default character set and collation.  Row
 * format statistics and creation times are the data's state, not the
 * schema's, and stay out.  So do the AUTO_INCREMENT counter and the row
 * count, except in the two fields a port reads and a dump never writes.
 * MySQL 8 caches both for information_schema_stats_expiry (a day by
 * default): stale values do no harm, as the row count is an estimate and
 * a port restarts an identity past the largest value it loaded as well.
 */
#include <stdlib.h>
#include <string.h>

#include "mysqldrv.h"

/* A collation's name starts with its character set's: utf8mb4_bin. */
static size_t charset_length(const char *collation) {
  const char *bar = strchr(collation, '_');
  return bar ? (size_t)(bar - collation) : strlen(collation);
}

/* "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci", or
 * NULL when the server reports neither. */
static const char *table_options(struct mysqldrv_catalog *cat,
                                 const char *engine, const char *collation,
                                 int *failed) {
  struct mysqldrv_text t = {0};
  const char *copy = NULL;
  if (engine != NULL) {
    mysqldrv_text_puts(&t, "ENGINE=");
    mysqldrv_text_puts(&t, engine);
  }
  if (collation != NULL) {
    mysqldrv_text_puts(&t, t.length ? " DEFAULT CHARSET=" : "DEFAULT CHARSET=");
    mysqldrv_text_append(&t, collation, charset_length(collation));
    mysqldrv_text_puts(&t, " COLLATE=");
    mysqldrv_text_puts(&t, collation);
  }
  if (t.failed)
    *failed = 1;
  else if (t.length > 0)
    copy = mysqldrv_catalog_text(cat, t.data, t.length, failed);
  mysqldrv_text_release(&t);
  return copy;
}

/* What the model cannot hold is said, not silently dropped: each notice
 * reads "OBJECT: what is left out", which a dump shows as it is and a
 * port makes a note of. */
static int left_out(struct mysqldrv_catalog *cat, const char *const *values) {
  const struct strata_host *host = cat->conn->host;
  if (strcmp(values[4], "BASE TABLE") != 0) {
    host->notice(host->host_ctx,
                 "%s %s: left out: strata cannot describe it yet", values[4],
                 values[0]);
    return 1;
  }
  if (values[5] != NULL && strstr(values[5], "partitioned") != NULL)
    host->notice(host->host_ctx,
                 "table %s: its partitions are left out: it is created as "
                 "one table (strata cannot describe partitions yet)",
                 values[0]);
  return 0;
}

/* AUTO_INCREMENT and TABLE_ROWS: NULL when the engine keeps none. */
static long long counter(const char *value) {
  return value != NULL ? strtoll(value, NULL, 10) : 0;
}

static int take_table(void *ctx, int columns, const char *const *values,
                      const size_t *lengths) {
  struct mysqldrv_catalog *cat = ctx;
  const struct strata_host *host = cat->conn->host;
  struct strata_table *t;
  int failed = 0;
  (void)columns;
  if (left_out(cat, values))
    return 0;
  t = STRATA_SCHEMA_APPEND(host, cat->schema, cat->schema->tables,
                           cat->schema->table_count);
  if (t == NULL)
    return mysqldrv_catalog_nomem(cat);
  t->name = mysqldrv_catalog_text(cat, values[0], lengths[0], &failed);
  t->options = table_options(cat, values[1], values[2], &failed);
  if (values[3] != NULL && lengths[3] > 0)
    t->comment = mysqldrv_catalog_text(cat, values[3], lengths[3], &failed);
  t->next_auto_increment = counter(values[6]);
  t->row_estimate = counter(values[7]);
  return failed ? mysqldrv_catalog_nomem(cat) : 0;
}

/* MariaDB lists sequences and system-versioned tables here too. */
int mysqldrv_read_tables(struct mysqldrv_catalog *cat) {
  static const char sql[] =
      "SELECT TABLE_NAME, ENGINE, TABLE_COLLATION, TABLE_COMMENT, "
      "TABLE_TYPE, CREATE_OPTIONS, AUTO_INCREMENT, TABLE_ROWS "
      "FROM information_schema.TABLES "
      "WHERE TABLE_SCHEMA = ? AND TABLE_TYPE NOT IN ('VIEW', 'SYSTEM VIEW') "
      "ORDER BY TABLE_NAME";
  return mysqldrv_catalog_query(cat, sql, take_table, cat);
}
