/*
 * read_rows.c - a table's rows streamed out for a port, and the counts
 * of its awkward values a port asks for first (count_values()).
 *
 * The rows are read unbuffered (mysql_use_result): each one is handed on
 * and forgotten, so memory stays flat however large the table.  They come
 * from one snapshot: a read-only transaction started WITH CONSISTENT
 * SNAPSHOT at REPEATABLE READ, the only level at which InnoDB keeps one
 * for a transaction.
 *
 * While rows stream, the server waits on the client, which waits on the
 * target's load: the server drops a session whose writes stall for longer
 * than net_write_timeout (60 s by default), so a read raises it.  The
 * session keeps the longer timeout afterwards: it exists to read rows.
 *
 * When on_row stops the read, the rest of the result is not read: for a
 * large table that could take as long as the port had run.  The session's
 * socket is shut down instead, so the server ends the query at its next
 * write, and the connection can then only be closed.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "mysqldrv.h"

/* One packet, one round trip.  SET TRANSACTION applies to the next
 * transaction only, so the session's own isolation level is kept. */
static const char start_sql[] =
    "SET SESSION net_write_timeout = 3600; "
    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; "
    "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY";

/* Names the table in the error a statement of the read left in err. */
static int name_table(struct strata_conn *conn, const char *table, int code,
                      struct strata_error *err) {
  struct strata_error server;
  if (err == NULL)
    return code;
  server = *err;
  mysqldrv_fail(conn->host, err, code, "cannot read table '%s': %s", table,
                server.message);
  memcpy(err->sqlstate, server.sqlstate, sizeof(err->sqlstate));
  return code;
}

/* Reports the session's last error, naming the table. */
static int read_failed(struct strata_conn *conn, const char *table,
                       struct strata_error *err) {
  int code = mysqldrv_server_error(conn->host, conn->mysql, NULL, 0, err);
  return name_table(conn, table, code, err);
}

/* SELECT `a`, `b` FROM `t`.  With no columns (all of them left out by
 * the target) the rows still count: a constant stands in. */
static int select_text(struct strata_conn *conn, const char *table,
                       const char *const *columns, size_t column_count,
                       struct mysqldrv_text *sql, struct strata_error *err) {
  mysqldrv_text_puts(sql, "SELECT ");
  for (size_t i = 0; i < column_count; i++) {
    if (i > 0)
      mysqldrv_text_puts(sql, ", ");
    mysqldrv_text_ident(sql, columns[i]);
  }
  if (column_count == 0)
    mysqldrv_text_puts(sql, "1");
  mysqldrv_text_puts(sql, " FROM ");
  mysqldrv_text_ident(sql, table);
  if (sql->failed)
    return mysqldrv_fail(conn->host, err, STRATA_ENOMEM, "out of memory");
  return 0;
}

#if defined(MARIADB_PACKAGE_VERSION_ID)
static my_socket session_socket(MYSQL *m) {
  return mysql_get_socket(m);
}
#else
static my_socket session_socket(MYSQL *m) {
  return m->net.fd;
}
#endif

/* Ends an unfinished result without reading the rest of it: the server
 * sees the session go and ends the query.  Freeing the result then fails
 * at once on the dead socket instead of reading every remaining row. */
static void abandon_result(MYSQL *m, MYSQL_RES *res) {
  shutdown((int)session_socket(m), SHUT_RDWR);
  mysql_free_result(res);
}

/* Hands each row of res to on_row, the lengths as size_t in one array
 * reused for every row. */
static int stream_rows(struct strata_conn *conn, const char *table,
                       MYSQL_RES *res, size_t column_count,
                       strata_row_fn on_row, void *ctx,
                       struct strata_error *err) {
  size_t *lengths = calloc(column_count ? column_count : 1, sizeof(*lengths));
  MYSQL_ROW row;
  int rc = 0;
  if (lengths == NULL)
    rc = mysqldrv_fail(conn->host, err, STRATA_ENOMEM, "out of memory");
  while (rc == 0 && (row = mysql_fetch_row(res)) != NULL) {
    const unsigned long *n = mysql_fetch_lengths(res);
    for (size_t i = 0; i < column_count; i++)
      lengths[i] = n[i];
    rc = on_row(ctx, (int)column_count, (const char *const *)row, lengths);
  }
  free(lengths);
  /* Stopped early, the result is unfinished; else a NULL row ended it,
   * at its end or on a failure to read on. */
  if (rc != 0) {
    abandon_result(conn->mysql, res);
    return rc;
  }
  if (mysql_errno(conn->mysql) != 0)
    rc = read_failed(conn, table, err);
  mysql_free_result(res);
  return rc;
}

static int run_select(struct strata_conn *conn, const char *table,
                      const struct mysqldrv_text *sql, size_t column_count,
                      strata_row_fn on_row, void *ctx,
                      struct strata_error *err) {
  MYSQL_RES *res;
  if (mysql_real_query(conn->mysql, sql->data, (unsigned long)sql->length))
    return read_failed(conn, table, err);
  if ((res = mysql_use_result(conn->mysql)) == NULL)
    return read_failed(conn, table, err);
  return stream_rows(conn, table, res, column_count, on_row, ctx, err);
}

static int begin_snapshot(struct strata_conn *conn, const char *table,
                          struct strata_error *err) {
  int rc = mysqldrv_exec(conn, start_sql, sizeof(start_sql) - 1, err);
  return rc != 0 ? name_table(conn, table, rc, err) : 0;
}

/* Commits after a read that succeeded; after one that failed, whose error
 * (rc) is the one to report, leaves the snapshot if the session is still
 * alive (on a dropped one the rollback fails at once). */
static int end_snapshot(struct strata_conn *conn, const char *table, int rc,
                        struct strata_error *err) {
  struct strata_error ignored;
  if (rc != 0) {
    mysqldrv_rollback(conn, &ignored);
    return rc;
  }
  rc = mysqldrv_commit(conn, err);
  return rc != 0 ? name_table(conn, table, rc, err) : 0;
}

int mysqldrv_read_rows(struct strata_conn *conn, const char *table,
                       const char *const *columns, size_t column_count,
                       strata_row_fn on_row, void *ctx,
                       struct strata_error *err) {
  struct mysqldrv_text sql = {0};
  int rc = select_text(conn, table, columns, column_count, &sql, err);
  if (rc == 0)
    rc = begin_snapshot(conn, table, err);
  if (rc == 0) {
    rc = run_select(conn, table, &sql, column_count, on_row, ctx, err);
    rc = end_snapshot(conn, table, rc, err);
  }
  mysqldrv_text_release(&sql);
  return rc;
}

/* ---- counting values ----------------------------------------------------- */

/* The condition a value of that kind meets, true (1) or false (0) for
 * SUM() to add up; NULL meets none, and SUM() skips it. */
static void add_condition(struct mysqldrv_text *sql,
                          const struct strata_value_count *c) {
  switch (c->kind) {
  case STRATA_VALUES_ZERO_DATE:
    mysqldrv_text_puts(sql, "YEAR(");
    mysqldrv_text_ident(sql, c->column);
    mysqldrv_text_puts(sql, ") = 0 OR MONTH(");
    mysqldrv_text_ident(sql, c->column);
    mysqldrv_text_puts(sql, ") = 0 OR DAYOFMONTH(");
    mysqldrv_text_ident(sql, c->column);
    mysqldrv_text_puts(sql, ") = 0");
    break;
  case STRATA_VALUES_NOT_BIT:
    mysqldrv_text_ident(sql, c->column);
    mysqldrv_text_puts(sql, " NOT IN (0, 1)");
    break;
  case STRATA_VALUES_BEYOND_DAY:
    mysqldrv_text_ident(sql, c->column);
    mysqldrv_text_puts(sql, " < '00:00:00' OR ");
    mysqldrv_text_ident(sql, c->column);
    mysqldrv_text_puts(sql, " > '24:00:00'");
    break;
  case STRATA_VALUES_EMPTY_ENUM:
    /* The error value is the enum's index 0. */
    mysqldrv_text_ident(sql, c->column);
    mysqldrv_text_puts(sql, " + 0 = 0");
    break;
  }
}

struct sums {
  struct strata_value_count *counts;
  size_t count;
};

static int read_sums(void *ctx, int columns, const char *const *values,
                     const size_t *lengths) {
  struct sums *s = ctx;
  (void)lengths;
  for (size_t i = 0; i < s->count && (int)i < columns; i++)
    s->counts[i].rows = values[i] ? strtoull(values[i], NULL, 10) : 0;
  return 0;
}

int mysqldrv_count_values(struct strata_conn *conn, const char *table,
                          struct strata_value_count *counts, size_t count,
                          struct strata_error *err) {
  struct mysqldrv_text sql = {0};
  struct sums sums = {counts, count};
  mysqldrv_text_puts(&sql, "SELECT ");
  for (size_t i = 0; i < count; i++) {
    mysqldrv_text_puts(&sql, i > 0 ? ", SUM(" : "SUM(");
    add_condition(&sql, &counts[i]);
    mysqldrv_text_puts(&sql, ")");
    counts[i].rows = 0;
  }
  mysqldrv_text_puts(&sql, " FROM ");
  mysqldrv_text_ident(&sql, table);
  int rc = sql.failed
               ? mysqldrv_fail(conn->host, err, STRATA_ENOMEM, "out of memory")
               : mysqldrv_query(conn, sql.data, NULL, 0, read_sums, &sums, err);
  mysqldrv_text_release(&sql);
  return rc != 0 && rc != STRATA_ENOMEM ? name_table(conn, table, rc, err) : rc;
}
