/*
 * introspect.c - the live schema of the database a session targets, read
 * from information_schema into the neutral model.
 *
 * Each kind of object is one query for the whole database, never one per
 * table, so a schema of thousands of tables costs a handful of round trips.
 * MySQL 8 and MariaDB name and fill information_schema differently; which
 * columns exist is asked once, up front, rather than guessed from the
 * version string.
 */
#include <stdlib.h>
#include <string.h>

#include "mysqldrv.h"

int mysqldrv_catalog_nomem(struct mysqldrv_catalog *cat) {
  return mysqldrv_fail(cat->conn->host, cat->err, STRATA_ENOMEM,
                       "out of memory describing database '%s'",
                       cat->database ? cat->database : "");
}

int mysqldrv_catalog_query(struct mysqldrv_catalog *cat, const char *sql,
                           strata_row_fn on_row, void *ctx) {
  const char *params[4] = {cat->database, cat->database, cat->database,
                           cat->database};
  int count = 0;
  for (const char *p = sql; *p; p++)
    count += *p == '?';
  if (count > 4)
    return mysqldrv_fail(cat->conn->host, cat->err, STRATA_EINVAL,
                         "catalog query binds the database %d times", count);
  return mysqldrv_query(cat->conn, sql, params, count, on_row, ctx, cat->err);
}

/* Rows come ordered by table, so the previous row's table is nearly always
 * the one asked for. */
struct strata_table *mysqldrv_catalog_table(struct mysqldrv_catalog *cat,
                                            const char *name) {
  if (name == NULL)
    return NULL;
  if (cat->last == NULL || strcmp(cat->last->name, name) != 0)
    cat->last = cat->conn->host->schema_find_table(cat->schema, name);
  return cat->last;
}

const char *mysqldrv_catalog_text(struct mysqldrv_catalog *cat,
                                  const char *value, size_t length,
                                  int *failed) {
  const char *copy;
  if (value == NULL)
    return NULL;
  copy = cat->conn->host->schema_strndup(cat->schema, value, length);
  if (copy == NULL)
    *failed = 1;
  return copy;
}

const char *mysqldrv_catalog_expression(struct mysqldrv_catalog *cat,
                                        const char *value, size_t length,
                                        int *failed) {
  char *plain;
  size_t n = 0;
  const char *copy;
  if (value == NULL || !cat->mysql || memchr(value, '\\', length) == NULL)
    return mysqldrv_catalog_text(cat, value, length, failed);
  if ((plain = malloc(length + 1)) == NULL) {
    *failed = 1;
    return NULL;
  }
  for (size_t i = 0; i < length; i++)
    plain[n++] = value[i] == '\\' && i + 1 < length
                     ? mysqldrv_unescaped(value[++i])
                     : value[i];
  copy = mysqldrv_catalog_text(cat, plain, n, failed);
  free(plain);
  return copy;
}

int mysqldrv_table_collation_is(const struct strata_table *t,
                                const char *collation) {
  const char *own = t->options ? strstr(t->options, "COLLATE=") : NULL;
  size_t n;
  if (own == NULL)
    return 0;
  own += strlen("COLLATE=");
  n = strcspn(own, " ");
  return strlen(collation) == n && strncmp(own, collation, n) == 0;
}

static int take_database(void *ctx, int columns, const char *const *values,
                         const size_t *lengths) {
  struct mysqldrv_catalog *cat = ctx;
  int failed = 0;
  (void)columns;
  if (values[0] == NULL)
    return mysqldrv_fail(cat->conn->host, cat->err, STRATA_EINVAL,
                         "no database to describe: name one in the URL");
  cat->database = mysqldrv_catalog_text(cat, values[0], lengths[0], &failed);
  return failed ? mysqldrv_catalog_nomem(cat) : 0;
}

static int take_feature(void *ctx, int columns, const char *const *values,
                        const size_t *lengths) {
  struct mysqldrv_catalog *cat = ctx;
  (void)columns;
  (void)lengths;
  if (strcmp(values[0], "STATISTICS.EXPRESSION") == 0)
    cat->has_index_expression = 1;
  else if (strcmp(values[0], "CHECK_CONSTRAINTS.TABLE_NAME") == 0)
    cat->has_check_table = 1;
  else if (strcmp(values[0], "CHECK_CONSTRAINTS.LEVEL") == 0)
    cat->has_check_level = 1;
  else if (strcmp(values[0], "VIEWS.ALGORITHM") == 0)
    cat->has_view_algorithm = 1;
  return 0;
}

/* Which of the columns that differ between MySQL and MariaDB this server's
 * information_schema has. */
static int read_features(struct mysqldrv_catalog *cat) {
  static const char sql[] =
      "SELECT CONCAT(UPPER(TABLE_NAME), '.', UPPER(COLUMN_NAME)) "
      "FROM information_schema.COLUMNS "
      "WHERE TABLE_SCHEMA = 'information_schema' "
      "AND UPPER(TABLE_NAME) IN ('STATISTICS', 'CHECK_CONSTRAINTS', 'VIEWS') "
      "AND UPPER(COLUMN_NAME) IN ('EXPRESSION', 'TABLE_NAME', 'LEVEL', "
      "'ALGORITHM')";
  int rc = mysqldrv_query(cat->conn, "SELECT DATABASE()", NULL, 0,
                          take_database, cat, cat->err);
  if (rc != 0)
    return rc;
  cat->mysql = strncmp(cat->conn->version, "MySQL", 5) == 0;
  return mysqldrv_query(cat->conn, sql, NULL, 0, take_feature, cat, cat->err);
}

int mysqldrv_introspect(struct strata_conn *conn, struct strata_schema *schema,
                        struct strata_error *err) {
  static int (*const passes[])(struct mysqldrv_catalog *) = {
      mysqldrv_read_tables,       mysqldrv_read_columns,
      mysqldrv_read_checks,       mysqldrv_read_exact_tables,
      mysqldrv_read_indexes,      mysqldrv_read_foreign_keys,
      mysqldrv_read_routines,     mysqldrv_read_views,
      mysqldrv_read_triggers,
  };
  struct mysqldrv_catalog cat = {.conn = conn, .schema = schema, .err = err};
  int rc = read_features(&cat);
  schema->name = cat.database;
  for (size_t i = 0; rc == 0 && i < sizeof passes / sizeof *passes; i++)
    rc = passes[i](&cat);
  return rc;
}
