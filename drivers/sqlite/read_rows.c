/*
 * read_rows.c - a table's rows streamed out for a port, in the canonical
 * value format of driver.h.
 *
 * The rows come from one read transaction, a step at a time.  SQLite
 * types values, not columns: each value is written by its storage class
 * (an integer as decimal text, a real as the shortest text that reads
 * back to the same double, text and blobs as their bytes), whatever the
 * column declares.  Shortest matters: 79.19 written as 79.189999999999998
 * is the same double, but a DECIMAL(12,2) target (MySQL) rounds it with a
 * warning, which its loader must treat as a value it may have bent.
 * A value its declared type does not describe (text in an INTEGER column)
 * is passed as it is, for the target to take or set aside with its reason.
 */
#include "port.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reader {
  struct strata_conn *conn;
  const char *table;
  size_t count;
  char (*numbers)[32]; /* per column, an integer or real as text */
  const char **values;
  size_t *lengths;
  struct strata_error *err;
};

static int failed(struct reader *r, int rc) {
  int code = sqlite_conn_fail(r->conn, rc, r->err);
  char message[sizeof r->err->message];
  snprintf(message, sizeof message, "%s", r->err->message);
  snprintf(r->err->message, sizeof r->err->message,
           "cannot read table '%.200s': %.700s", r->table, message);
  return code;
}

/* The fewest significant digits (15 to 17) that read back as v. */
static void put_double(char *out, size_t size, double v) {
  for (int digits = 15; digits < 17; digits++) {
    snprintf(out, size, "%.*g", digits, v);
    if (strtod(out, NULL) == v)
      return;
  }
  snprintf(out, size, "%.17g", v);
}

static void take_value(struct reader *r, sqlite3_stmt *st, size_t i) {
  int col = (int)i;
  switch (sqlite3_column_type(st, col)) {
  case SQLITE_NULL:
    r->values[i] = NULL;
    r->lengths[i] = 0;
    return;
  case SQLITE_INTEGER:
    snprintf(r->numbers[i], sizeof r->numbers[i], "%lld",
             (long long)sqlite3_column_int64(st, col));
    break;
  case SQLITE_FLOAT:
    put_double(r->numbers[i], sizeof r->numbers[i],
               sqlite3_column_double(st, col));
    break;
  case SQLITE_TEXT:
    r->values[i] = (const char *)sqlite3_column_text(st, col);
    r->lengths[i] = (size_t)sqlite3_column_bytes(st, col);
    return;
  default:
    r->values[i] = sqlite3_column_blob(st, col);
    r->lengths[i] = (size_t)sqlite3_column_bytes(st, col);
    if (r->values[i] == NULL)
      r->values[i] = ""; /* an empty blob is not NULL */
    return;
  }
  r->values[i] = r->numbers[i];
  r->lengths[i] = strlen(r->numbers[i]);
}

static int stream(struct reader *r, sqlite3_stmt *st, strata_row_fn on_row,
                  void *ctx) {
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    for (size_t i = 0; i < r->count; i++)
      take_value(r, st, i);
    int stop = on_row(ctx, (int)r->count, r->values, r->lengths);
    if (stop != 0)
      return stop;
  }
  return rc == SQLITE_DONE ? 0 : failed(r, rc);
}

static void select_text(struct sqlite_text *b, const char *table,
                        const char *const *columns, size_t count) {
  sqlite_text_adds(b, "SELECT ");
  for (size_t i = 0; i < count; i++) {
    if (i > 0)
      sqlite_text_adds(b, ", ");
    sqlite_text_add_ident(b, columns[i]);
  }
  sqlite_text_adds(b, count ? " FROM " : "1 FROM ");
  sqlite_text_add_ident(b, table);
}

int sqlite_read_rows(struct strata_conn *conn, const char *table,
                     const char *const *columns, size_t column_count,
                     strata_row_fn on_row, void *ctx,
                     struct strata_error *err) {
  struct reader r = {
      .conn = conn, .table = table, .count = column_count, .err = err};
  struct sqlite_text sql = {0};
  sqlite3_stmt *st = NULL;
  size_t n = column_count + 1;
  r.numbers = calloc(n, sizeof *r.numbers);
  r.values = calloc(n, sizeof *r.values);
  r.lengths = calloc(n, sizeof *r.lengths);
  select_text(&sql, table, columns, column_count);
  int rc = r.numbers && r.values && r.lengths && !sql.failed
               ? 0
               : conn->host->error_set(err, STRATA_ENOMEM, "out of memory");
  int began =
      rc == 0 && sqlite3_exec(conn->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  if (rc == 0 && !began)
    rc = failed(&r, sqlite3_errcode(conn->db));
  if (rc == 0) {
    int prc =
        sqlite3_prepare_v2(conn->db, sql.data, (int)sql.length, &st, NULL);
    rc = prc == SQLITE_OK ? stream(&r, st, on_row, ctx) : failed(&r, prc);
  }
  sqlite3_finalize(st);
  if (began)
    sqlite3_exec(conn->db, "COMMIT", NULL, NULL, NULL);
  sqlite_text_release(&sql);
  free(r.numbers);
  free(r.values);
  free(r.lengths);
  return rc;
}
