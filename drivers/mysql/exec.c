/*
 * exec.c - statements, the core's queries, and transactions.
 *
 * Statements go one at a time through mysql_real_query(), and the session
 * accepts several results, which CALL of a procedure returns.  The session
 * also enables CLIENT_MULTI_STATEMENTS, for one purpose: the core's history
 * write before a statement of a non-transactional migration is sent in the
 * same packet as the statement (query_then_exec), which saves a round trip
 * per statement and keeps the write's failure apart from the statement's.
 *
 * The session reset after a migration waits for the next thing the session
 * runs: it goes first in the packet of the core's next query (after a
 * migration, the history write before the next one's first statement),
 * or alone before anything else.  Nothing runs before it, and a migration
 * of two statements takes three round trips, not four.
 */
#include <stdlib.h>
#include <string.h>

#include "mysqldrv.h"

static int hand_rows(const struct strata_host *host, MYSQL_RES *res,
                     strata_row_fn on_row, void *ctx,
                     struct strata_error *err) {
  int columns = (int)mysql_num_fields(res), rc = 0;
  size_t *sizes = calloc(columns > 0 ? (size_t)columns : 1, sizeof(*sizes));
  MYSQL_ROW row;
  if (sizes == NULL)
    return mysqldrv_fail(host, err, STRATA_ENOMEM, "out of memory");
  while (rc == 0 && (row = mysql_fetch_row(res)) != NULL) {
    const unsigned long *lengths = mysql_fetch_lengths(res);
    for (int i = 0; i < columns; i++)
      sizes[i] = lengths[i];
    rc = on_row(ctx, columns, (const char *const *)row, sizes);
  }
  free(sizes);
  return rc;
}

/* Reads every result of the statement just sent, so the session is ready
 * for the next one even when on_row stopped early. */
static int drain_results(const struct strata_host *host, MYSQL *m,
                         strata_row_fn on_row, void *ctx,
                         struct strata_error *err) {
  int rc = 0, status;
  do {
    MYSQL_RES *res = mysql_store_result(m);
    if (res == NULL && mysql_field_count(m) != 0)
      return mysqldrv_server_error(host, m, NULL, 0, err);
    if (res != NULL) {
      if (rc == 0 && on_row != NULL)
        rc = hand_rows(host, res, on_row, ctx, err);
      mysql_free_result(res);
    }
    status = mysql_next_result(m);
    if (status > 0)
      return mysqldrv_server_error(host, m, NULL, 0, err);
  } while (status == 0);
  return rc;
}

int mysqldrv_run(const struct strata_host *host, MYSQL *m, const char *sql,
                 size_t length, strata_row_fn on_row, void *ctx,
                 struct strata_error *err) {
  if (mysql_real_query(m, sql, (unsigned long)length) != 0)
    return mysqldrv_server_error(host, m, sql, length, err);
  return drain_results(host, m, on_row, ctx, err);
}

static int send_reset(struct strata_conn *conn, struct strata_error *err) {
  conn->reset_pending = 0;
  int rc = mysqldrv_run(conn->host, conn->mysql, mysqldrv_restore_settings,
                        strlen(mysqldrv_restore_settings), NULL, NULL, err);
  return rc ? rc : mysqldrv_pin_charset(conn, err);
}

/* Sends the reset that waits and then text in one packet, and reads the
 * reset's result: the session is then at text's first result, as after
 * mysql_real_query() of text alone.  *reset_failed tells whose the
 * failure is. */
static int send_after_reset(struct strata_conn *conn, const char *text,
                            size_t length, int *reset_failed,
                            struct strata_error *err) {
  MYSQL *m = conn->mysql;
  size_t reset = strlen(mysqldrv_restore_settings);
  char *packet = malloc(reset + 1 + length);
  *reset_failed = 1;
  if (packet == NULL)
    return mysqldrv_fail(conn->host, err, STRATA_ENOMEM, "out of memory");
  memcpy(packet, mysqldrv_restore_settings, reset);
  packet[reset] = ';';
  memcpy(packet + reset + 1, text, length);
  conn->reset_pending = 0;
  int rc = 0;
  if (mysql_real_query(m, packet, (unsigned long)(reset + 1 + length)) != 0)
    rc = mysqldrv_server_error(conn->host, m, NULL, 0, err);
  free(packet);
  if (rc == 0)
    rc = mysqldrv_pin_charset(conn, err);
  if (rc != 0)
    return rc;
  *reset_failed = 0;
  int status = mysql_next_result(m);
  if (status > 0)
    return mysqldrv_server_error(conn->host, m, text, length, err);
  if (status < 0)
    return mysqldrv_fail(conn->host, err, STRATA_ESQL,
                         "the server ran the session reset but not the "
                         "query after it");
  return 0;
}

int mysqldrv_exec(struct strata_conn *conn, const char *sql, size_t length,
                  struct strata_error *err) {
  int rc = mysqldrv_lease_keep(conn, err);
  if (rc == 0 && conn->reset_pending)
    rc = send_reset(conn, err);
  return rc ? rc
            : mysqldrv_run(conn->host, conn->mysql, sql, length, NULL, NULL,
                           err);
}

/* Writes value as a quoted literal at out, which has room for 2 * n + 3
 * bytes, and returns its length.  Connector/C's mysql_real_escape_string()
 * doubles quotes instead of using backslashes when the session's sql_mode
 * has NO_BACKSLASH_ESCAPES; libmysqlclient needs to be told the quote. */
static size_t write_literal(MYSQL *m, char *out, const char *value, size_t n) {
  unsigned long k;
  out[0] = '\'';
#if defined(MARIADB_PACKAGE_VERSION_ID)
  k = mysql_real_escape_string(m, out + 1, value, (unsigned long)n);
#else
  k = mysql_real_escape_string_quote(m, out + 1, value, (unsigned long)n, '\'');
#endif
  out[k + 1] = '\'';
  return k + 2;
}

static size_t bound_size(const char *sql, const char *const *params,
                         int count) {
  size_t size = strlen(sql) + 1;
  for (int i = 0; i < count; i++)
    size += params[i] ? 2 * strlen(params[i]) + 3 : 4;
  return size;
}

static int count_markers(const char *sql) {
  int n = 0;
  for (; *sql; sql++)
    n += *sql == '?';
  return n;
}

/* Puts each parameter, as a literal, where sql has a "?".  *out is
 * malloc()ed. */
static int bind_params(struct strata_conn *conn, const char *sql,
                       const char *const *params, int count, char **out,
                       size_t *length, struct strata_error *err) {
  char *text, *w;
  int used = 0;
  *out = NULL;
  *length = 0;
  if (count_markers(sql) != count)
    return mysqldrv_fail(conn->host, err, STRATA_EINVAL,
                         "query has %d '?' for %d parameter(s): %s",
                         count_markers(sql), count, sql);
  if ((text = w = malloc(bound_size(sql, params, count))) == NULL)
    return mysqldrv_fail(conn->host, err, STRATA_ENOMEM, "out of memory");
  for (const char *p = sql; *p; p++) {
    const char *v = *p == '?' ? params[used++] : NULL;
    if (*p != '?') {
      *w++ = *p;
    } else if (v == NULL) {
      memcpy(w, "NULL", 4);
      w += 4;
    } else {
      w += write_literal(conn->mysql, w, v, strlen(v));
    }
  }
  *w = '\0';
  *out = text;
  *length = (size_t)(w - text);
  return 0;
}

/* Sends text, whose parameters are bound, after the reset if one waits. */
static int send_query(struct strata_conn *conn, const char *text,
                      size_t length, strata_row_fn on_row, void *ctx,
                      struct strata_error *err) {
  int reset_failed, rc;
  if (!conn->reset_pending)
    return mysqldrv_run(conn->host, conn->mysql, text, length, on_row, ctx,
                        err);
  rc = send_after_reset(conn, text, length, &reset_failed, err);
  return rc ? rc : drain_results(conn->host, conn->mysql, on_row, ctx, err);
}

int mysqldrv_query(struct strata_conn *conn, const char *sql,
                   const char *const *params, int param_count,
                   strata_row_fn on_row, void *ctx, struct strata_error *err) {
  char *text;
  size_t length;
  int rc = mysqldrv_lease_keep(conn, err);
  if (rc == 0)
    rc = bind_params(conn, sql, params, param_count, &text, &length, err);
  if (rc != 0)
    return rc;
  rc = send_query(conn, text, length, on_row, ctx, err);
  free(text);
  return rc;
}

int mysqldrv_query_batch(struct strata_conn *conn, const char *sql,
                         size_t length, strata_row_fn on_row, void *ctx,
                         struct strata_error *err) {
  int rc = mysqldrv_lease_keep(conn, err);
  return rc ? rc : send_query(conn, sql, length, on_row, ctx, err);
}

int mysqldrv_begin(struct strata_conn *conn, struct strata_error *err) {
  static const char sql[] = "START TRANSACTION";
  int rc = mysqldrv_exec(conn, sql, sizeof(sql) - 1, err);
  conn->in_transaction = rc == 0;
  return rc;
}

int mysqldrv_commit(struct strata_conn *conn, struct strata_error *err) {
  static const char sql[] = "COMMIT";
  conn->in_transaction = 0;
  return mysqldrv_run(conn->host, conn->mysql, sql, sizeof(sql) - 1, NULL,
                      NULL, err);
}

int mysqldrv_rollback(struct strata_conn *conn, struct strata_error *err) {
  static const char sql[] = "ROLLBACK";
  conn->in_transaction = 0;
  return mysqldrv_run(conn->host, conn->mysql, sql, sizeof(sql) - 1, NULL,
                      NULL, err);
}

static int note_row(void *ctx, int columns, const char *const *values,
                    const size_t *lengths) {
  (void)columns;
  (void)values;
  (void)lengths;
  *(int *)ctx = 1;
  return 0;
}

/* "table" is looked for in the connected database, "schema.table" in that
 * schema. */
int mysqldrv_table_exists(struct strata_conn *conn, const char *table,
                          int *exists, struct strata_error *err) {
  const char *dot = strchr(table, '.');
  const char *params[2] = {table, NULL};
  char *schema = NULL;
  int rc;
  *exists = 0;
  if (dot == NULL)
    return mysqldrv_query(conn,
                          "SELECT 1 FROM information_schema.tables WHERE "
                          "table_schema = DATABASE() AND table_name = ?",
                          params, 1, note_row, exists, err);
  if ((schema = strndup(table, (size_t)(dot - table))) == NULL)
    return mysqldrv_fail(conn->host, err, STRATA_ENOMEM, "out of memory");
  params[0] = schema;
  params[1] = dot + 1;
  rc = mysqldrv_query(conn,
                      "SELECT 1 FROM information_schema.tables WHERE "
                      "table_schema = ? AND table_name = ?",
                      params, 2, note_row, exists, err);
  free(schema);
  return rc;
}

/* Reads the results of a packet holding the core's query and then the
 * statement.  A failure of the first result is the query's; any later one
 * is the statement's, which comes last so that whatever it returns (CALL
 * returns several results) cannot be taken for the query's. */
static int read_query_then_statement(struct strata_conn *conn, const char *sql,
                                     size_t length, int *query_failed,
                                     struct strata_error *err) {
  MYSQL *m = conn->mysql;
  MYSQL_RES *res = mysql_store_result(m);
  if (res != NULL)
    mysql_free_result(res);
  *query_failed = 0;
  int status = mysql_next_result(m);
  if (status > 0)
    return mysqldrv_server_error(conn->host, m, sql, length, err);
  if (status < 0)
    return mysqldrv_fail(conn->host, err, STRATA_ESQL,
                         "the server ran the history write but not the "
                         "statement after it");
  return drain_results(conn->host, m, NULL, NULL, err);
}

int mysqldrv_query_then_exec(struct strata_conn *conn, const char *query,
                             const char *const *params, int param_count,
                             const char *sql, size_t length, int *query_failed,
                             struct strata_error *err) {
  char *text, *packet;
  size_t text_length;
  *query_failed = 1;
  int rc = mysqldrv_lease_keep(conn, err);
  if (rc == 0)
    rc = bind_params(conn, query, params, param_count, &text, &text_length,
                     err);
  if (rc != 0)
    return rc;
  /* The query has no line break, so the server's "at line N" counts the
   * statement's lines either way. */
  packet = malloc(text_length + 1 + length);
  if (packet == NULL) {
    free(text);
    return mysqldrv_fail(conn->host, err, STRATA_ENOMEM, "out of memory");
  }
  memcpy(packet, text, text_length);
  packet[text_length] = ';';
  memcpy(packet + text_length + 1, sql, length);
  free(text);
  size_t packet_length = text_length + 1 + length;
  int reset_failed = 0;
  if (conn->reset_pending)
    rc = send_after_reset(conn, packet, packet_length, &reset_failed, err);
  else if (mysql_real_query(conn->mysql, packet,
                            (unsigned long)packet_length) != 0)
    rc = mysqldrv_server_error(conn->host, conn->mysql, NULL, 0, err);
  if (rc == 0)
    rc = read_query_then_statement(conn, sql, length, query_failed, err);
  free(packet);
  return rc;
}
