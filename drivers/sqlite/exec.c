/*
 * exec.c - statements, queries and transactions on an open database.
 */
#include "sqlite.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The length of the blanks and comments that open sql: a statement's
 * position is that of its first word, as PostgreSQL's are. */
static long leading_comments(const char *sql, const char *end) {
  const char *p = sql;
  for (;;) {
    while (p < end && strchr(" \t\r\n\f\v", *p) != NULL)
      p++;
    if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      p = nl ? nl + 1 : end;
    } else if (end - p >= 2 && p[0] == '/' && p[1] == '*') {
      const char *close = p + 2;
      while (end - close >= 2 && !(close[0] == '*' && close[1] == '/'))
        close++;
      p = end - close >= 2 ? close + 2 : end;
    } else {
      return p - sql;
    }
  }
}

/* Reports a failed prepare or step of the statement at sql.  err->offset
 * is the token SQLite blames, or else the statement's first word, as a
 * position in the text the caller handed in; base is where sql starts in
 * that text.  sql is NULL for the core's own queries. */
static int statement_failed(struct strata_conn *conn, int rc, const char *sql,
                            const char *end, long base,
                            struct strata_error *err) {
  int code = sqlite_conn_fail(conn, rc, err);
  int offset = sqlite3_error_offset(conn->db);
  if (err != NULL && (offset >= 0 || sql != NULL))
    err->offset = base + (offset >= 0 ? offset : leading_comments(sql, end));
  return code;
}

static int step_to_done(sqlite3_stmt *st) {
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    continue;
  return rc;
}

/* split() hands over one statement at a time, but text holding several
 * (or trailing comments) still runs whole, as the sqlite3 shell would. */
int sqlite_conn_exec(struct strata_conn *conn, const char *sql, size_t length,
                     struct strata_error *err) {
  if (length > INT_MAX)
    return conn->host->error_set(err, STRATA_EINVAL,
                                 "statement of %zu bytes is too long for "
                                 "SQLite",
                                 length);
  const char *end = sql + length;
  for (const char *p = sql; p < end;) {
    sqlite3_stmt *st = NULL;
    const char *tail = end;
    int rc = sqlite3_prepare_v2(conn->db, p, (int)(end - p), &st, &tail);
    if (rc != SQLITE_OK)
      return statement_failed(conn, rc, p, end, p - sql, err);
    if (st == NULL)
      break;
    rc = step_to_done(st);
    rc = rc == SQLITE_DONE ? 0
                           : statement_failed(conn, rc, p, tail, p - sql, err);
    sqlite3_finalize(st);
    if (rc != 0)
      return rc;
    p = tail;
  }
  return 0;
}

static int exec_text(struct strata_conn *conn, const char *sql,
                     struct strata_error *err) {
  return sqlite_conn_exec(conn, sql, strlen(sql), err);
}

static int bind_params(struct strata_conn *conn, sqlite3_stmt *st,
                       const char *const *params, int param_count,
                       struct strata_error *err) {
  int wanted = sqlite3_bind_parameter_count(st);
  if (wanted != param_count)
    return conn->host->error_set(err, STRATA_EINVAL,
                                 "query takes %d parameters but was given %d",
                                 wanted, param_count);
  for (int i = 0; i < param_count; i++) {
    int rc = params[i] != NULL
                 ? sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_STATIC)
                 : sqlite3_bind_null(st, i + 1);
    if (rc != SQLITE_OK)
      return sqlite_conn_fail(conn, rc, err);
  }
  return 0;
}

struct row {
  int count;
  const char **values;
  size_t *lengths;
};

/* sqlite3_column_type() must come before sqlite3_column_text(), which may
 * convert the value; a NULL text for a non-NULL value means no memory. */
static int row_read(struct row *row, sqlite3_stmt *st) {
  for (int i = 0; i < row->count; i++) {
    row->values[i] = NULL;
    row->lengths[i] = 0;
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
      continue;
    row->values[i] = (const char *)sqlite3_column_text(st, i);
    if (row->values[i] == NULL)
      return SQLITE_NOMEM;
    row->lengths[i] = (size_t)sqlite3_column_bytes(st, i);
  }
  return SQLITE_OK;
}

static int row_alloc(struct row *row, int count) {
  size_t n = count > 0 ? (size_t)count : 1;
  row->count = count;
  row->values = calloc(n, sizeof *row->values);
  row->lengths = calloc(n, sizeof *row->lengths);
  return row->values != NULL && row->lengths != NULL;
}

static void row_release(struct row *row) {
  free(row->values);
  free(row->lengths);
}

static int deliver_rows(struct strata_conn *conn, sqlite3_stmt *st,
                        strata_row_fn on_row, void *ctx,
                        struct strata_error *err) {
  struct row row;
  if (!row_alloc(&row, sqlite3_column_count(st))) {
    row_release(&row);
    return conn->host->error_set(err, STRATA_ENOMEM, "out of memory");
  }
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    rc = row_read(&row, st);
    if (rc != SQLITE_OK)
      break;
    rc = on_row != NULL ? on_row(ctx, row.count, row.values, row.lengths) : 0;
    if (rc != 0) {
      row_release(&row);
      return rc;
    }
  }
  row_release(&row);
  return rc == SQLITE_DONE ? 0 : statement_failed(conn, rc, NULL, NULL, 0, err);
}

int sqlite_conn_query(struct strata_conn *conn, const char *sql,
                      const char *const *params, int param_count,
                      strata_row_fn on_row, void *ctx,
                      struct strata_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(conn->db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK)
    return statement_failed(conn, rc, NULL, NULL, 0, err);
  if (st == NULL)
    return 0;
  rc = bind_params(conn, st, params, param_count, err);
  if (rc == 0)
    rc = deliver_rows(conn, st, on_row, ctx, err);
  sqlite3_finalize(st);
  return rc;
}

/* IMMEDIATE takes the write lock now, waiting up to the busy timeout, so
 * two runners queue here instead of one failing half way through a
 * migration when its first write finds the other's lock. */
int sqlite_conn_begin(struct strata_conn *conn, struct strata_error *err) {
  return exec_text(conn, "BEGIN IMMEDIATE", err);
}

int sqlite_conn_commit(struct strata_conn *conn, struct strata_error *err) {
  return exec_text(conn, "COMMIT", err);
}

/* Some errors (a full disk, I/O, running out of memory) make SQLite roll
 * back by itself; a second rollback would bury the real error under "no
 * transaction is active". */
int sqlite_conn_rollback(struct strata_conn *conn, struct strata_error *err) {
  if (sqlite3_get_autocommit(conn->db))
    return 0;
  return exec_text(conn, "ROLLBACK", err);
}

static int note_found(void *ctx, int column_count, const char *const *values,
                      const size_t *lengths) {
  *(int *)ctx = 1;
  return 0;
}

/* SQLite compares names without regard to ASCII case, and so does this. */
int sqlite_conn_table_exists(struct strata_conn *conn, const char *table,
                             int *exists, struct strata_error *err) {
  const char *params[] = {table};
  *exists = 0;
  return sqlite_conn_query(conn,
                           "SELECT 1 FROM sqlite_schema WHERE type = 'table' "
                           "AND name = ? COLLATE NOCASE",
                           params, 1, note_found, exists, err);
}
