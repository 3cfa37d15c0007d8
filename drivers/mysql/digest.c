/*
 * digest.c - rows as the text --verify compares: the target table's, and
 * the source's through a temporary table of the same types on the
 * target's session, so that both go through MySQL's own conversions.
 */
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct digest_to {
  strata_write_fn write;
  void *ctx;
  struct mysqldrv_text text;
};

/* Appends a value's length, or NULL's: length + 1 (NULL 0) seven bits a
 * byte, the lowest first, each byte but the last with its high bit set.
 * The length of most values takes one byte. */
static void put_length(struct mysqldrv_text *b, const char *value,
                       size_t length) {
  unsigned char bytes[10];
  size_t k = 0, n = value != NULL ? length + 1 : 0;
  do {
    bytes[k] = (unsigned char)(n & 0x7f);
    n >>= 7;
    bytes[k++] |= n > 0 ? 0x80 : 0;
  } while (n > 0);
  mysqldrv_text_append(b, (const char *)bytes, k);
}

/* One row as the server reads it back: per value its length and its
 * bytes, so that equal values give equal text and no value's bytes are
 * read as another's.  Lengths, not escapes: every value of both sides
 * comes here, and is then copied whole. */
static int digest_row(void *ctx, int columns, const char *const *values,
                      const size_t *lengths) {
  struct digest_to *d = ctx;
  d->text.length = 0;
  for (int i = 0; i < columns; i++) {
    put_length(&d->text, values[i], lengths[i]);
    if (values[i] != NULL)
      mysqldrv_text_append(&d->text, values[i], lengths[i]);
  }
  if (d->text.failed)
    return -1;
  return d->write(d->ctx, d->text.data ? d->text.data : "", d->text.length);
}

/* Streams the rows of a SELECT into the digest. */
static int digest_select(struct strata_conn *conn, const char *sql,
                         size_t length, strata_write_fn write, void *ctx,
                         struct strata_error *err) {
  MYSQL *m = conn->mysql;
  struct digest_to d = {write, ctx, {0}};
  MYSQL_RES *res;
  if (mysql_real_query(m, sql, (unsigned long)length) != 0 ||
      (res = mysql_use_result(m)) == NULL)
    return mysqldrv_server_error(conn->host, m, NULL, 0, err);
  int columns = (int)mysql_num_fields(res), rc = 0;
  size_t *sizes = calloc((size_t)columns + 1, sizeof *sizes);
  MYSQL_ROW row = NULL;
  if (sizes == NULL)
    rc = mysqldrv_fail(conn->host, err, STRATA_ENOMEM, "out of memory");
  while (rc == 0 && (row = mysql_fetch_row(res)) != NULL) {
    const unsigned long *lengths = mysql_fetch_lengths(res);
    for (int i = 0; i < columns; i++)
      sizes[i] = lengths[i];
    if (digest_row(&d, columns, (const char *const *)row, sizes) != 0)
      rc = mysqldrv_fail(conn->host, err, STRATA_ENOMEM, "out of memory");
  }
  if (rc == 0 && mysql_errno(m) != 0)
    rc = mysqldrv_server_error(conn->host, m, NULL, 0, err);
  mysql_free_result(res); /* reads what a stop left unread */
  free(sizes);
  mysqldrv_text_release(&d.text);
  return rc;
}

/* The temporary table of the same types the digests go through: columns
 * c0, c1 ..., all nullable, no keys; a copy of MySQL's own has the
 * source's types and character sets.  Its statement is kept: the shadow
 * is made again after each batch. */
static void shadow_statement(struct strata_load *l) {
  struct mysqldrv_text *b = &l->shadow_sql;
  char name[32];
  snprintf(l->shadow, sizeof l->shadow, "strata_digest_%u",
           ++l->base.conn->port_shadows);
  b->length = 0;
  mysqldrv_text_puts(b, "CREATE TEMPORARY TABLE ");
  mysqldrv_text_ident(b, l->shadow);
  mysqldrv_text_puts(b, " (");
  for (size_t i = 0; i < l->base.count; i++) {
    snprintf(name, sizeof name, "%sc%zu ", i ? ", " : "", i);
    mysqldrv_text_puts(b, name);
    if (l->same_engine)
      mysqldrv_load_same_type(l->base.columns[i], b);
    else
      mysqldrv_port_type(l->schema, l->base.table, l->base.columns[i], b);
  }
  mysqldrv_text_puts(b, l->base.count ? ")" : "x int)");
  if (l->same_engine)
    mysqldrv_load_same_charset(l->base.table, b);
  else
    mysqldrv_text_puts(b, " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
}

int mysqldrv_load_make_shadow(struct strata_load *l) {
  if (l->shadow[0] == '\0')
    shadow_statement(l);
  if (l->shadow_sql.failed)
    return mysqldrv_fail(l->base.conn->host, l->base.err, STRATA_ENOMEM,
                         "out of memory");
  int rc = mysqldrv_load_run(l, l->shadow_sql.data, l->shadow_sql.length);
  if (rc != 0)
    l->shadow[0] = '\0';
  return rc;
}

/* The shadow's rows into the digest, then a new shadow: InnoDB keeps the
 * rows a DELETE takes out until the transaction ends, and every later
 * batch would read past them. */
int mysqldrv_load_drain_shadow(struct strata_load *l, strata_write_fn write,
                               void *ctx) {
  struct mysqldrv_text *b = &l->scratch;
  char name[32];
  b->length = 0;
  mysqldrv_text_puts(b, "SELECT ");
  for (size_t i = 0; i < l->base.count; i++) {
    snprintf(name, sizeof name, "%sc%zu", i ? ", " : "", i);
    mysqldrv_text_puts(b, name);
  }
  mysqldrv_text_puts(b, l->base.count ? " FROM " : "1 FROM ");
  mysqldrv_text_ident(b, l->shadow);
  int rc = b->failed ? mysqldrv_fail(l->base.conn->host, l->base.err,
                                     STRATA_ENOMEM, "out of memory")
                     : digest_select(l->base.conn, b->data, b->length, write,
                                     ctx, l->base.err);
  b->length = 0;
  mysqldrv_text_puts(b, "DROP TEMPORARY TABLE ");
  mysqldrv_text_ident(b, l->shadow);
  if (rc == 0)
    rc = mysqldrv_load_run(l, b->data, b->length);
  if (rc == 0)
    rc = mysqldrv_load_make_shadow(l);
  return rc;
}

/* ---- the target's rows --------------------------------------------------- */

int mysqldrv_digest_rows(struct strata_conn *conn,
                         const struct strata_schema *schema,
                         const struct strata_table *table,
                         const struct strata_render_options *opt,
                         strata_write_fn digest, void *ctx,
                         struct strata_error *err) {
  struct mysqldrv_text sql = {0};
  char name[MYSQLDRV_PORT_NAME_SIZE];
  (void)schema;
  (void)opt;
  size_t count = 0;
  mysqldrv_text_puts(&sql, "SELECT ");
  for (size_t i = 0; i < table->column_count; i++) {
    if (!mysqldrv_port_is_copied(table->columns[i]))
      continue;
    if (count++ > 0)
      mysqldrv_text_puts(&sql, ", ");
    mysqldrv_port_name(table->columns[i]->name, name);
    mysqldrv_text_ident(&sql, name);
  }
  mysqldrv_text_puts(&sql, count ? " FROM " : "1 FROM ");
  mysqldrv_port_name(table->name, name);
  mysqldrv_text_ident(&sql, name);
  int rc = sql.failed
               ? mysqldrv_fail(conn->host, err, STRATA_ENOMEM, "out of memory")
               : digest_select(conn, sql.data, sql.length, digest, ctx, err);
  mysqldrv_text_release(&sql);
  return rc;
}
