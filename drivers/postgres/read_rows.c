/*
 * read_rows.c - a table's rows streamed out for a port, in the canonical
 * value format of driver.h.
 *
 * The rows come from one snapshot: a REPEATABLE READ READ ONLY
 * transaction, in which the session's time zone is UTC and its date
 * style ISO, so that dates, times and timestamps are written as the
 * format wants.  They are fetched in libpq's single-row mode, one row in
 * memory at a time however large the table.
 *
 * Each column is selected as text the format can take: a boolean as 1/0,
 * a timestamptz at UTC without its zone, bytea as hex and a bit string as
 * its text, both turned into bytes here.  Every other type is its own
 * text (arrays, json, intervals, enums).
 */
#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char begin_sql[] =
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
    "SET LOCAL TIME ZONE 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; "
    "SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 3";

/* How a column's text becomes canonical. */
enum decode {
  DECODE_NONE,
  DECODE_HEX, /* bytea as encode(c, 'hex') */
  DECODE_BITS /* a bit string: '1' and '0', to bytes, big-endian */
};

struct reader {
  struct strata_conn *conn;
  const char *table;
  struct postgres_sql sql;
  enum decode *decode;
  size_t count;
  char **buffers; /* per column, for decoded values */
  size_t *sizes;
  const char **values;
  size_t *lengths;
  struct strata_error *err;
};

static int run(struct reader *r, const char *sql) {
  PGresult *res = PQexec(r->conn->pg, sql);
  ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK
               ? 0
               : postgres_result_error(r->conn->pg, res, NULL, 0, r->err);
  PQclear(res);
  return rc;
}

/* The column's type name, from the catalogue. */
static int column_type(struct reader *r, const char *column, char *type,
                       size_t size) {
  char *quoted = NULL;
  int rc = postgres_quote_ident(r->conn->pg, r->table, &quoted, r->err);
  if (rc != 0)
    return rc;
  const char *params[] = {quoted, column};
  PGresult *res = PQexecParams(
      r->conn->pg,
      "SELECT t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = "
      "a.atttypid WHERE a.attrelid = $1::regclass AND a.attname = $2 AND "
      "a.attnum > 0 AND NOT a.attisdropped",
      2, NULL, params, NULL, NULL, 0);
  free(quoted);
  if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK)
    rc = postgres_result_error(r->conn->pg, res, NULL, 0, r->err);
  else if (PQntuples(res) != 1)
    rc = postgres_error_set(r->err, STRATA_ENOTFOUND,
                            "cannot read table '%s': it has no column '%s'",
                            r->table, column);
  else
    snprintf(type, size, "%s", PQgetvalue(res, 0, 0));
  PQclear(res);
  return rc;
}

/* One column of the SELECT, as the canonical format wants it. */
static int add_column(struct reader *r, size_t i, const char *column) {
  char type[128];
  int rc = column_type(r, column, type, sizeof type);
  if (rc != 0)
    return rc;
  struct postgres_sql *s = &r->sql;
  if (strcmp(type, "bool") == 0) {
    postgres_sql_ident(s, column);
    postgres_sql_add(s, "::int::text");
  } else if (strcmp(type, "bytea") == 0) {
    postgres_sql_add(s, "encode(");
    postgres_sql_ident(s, column);
    postgres_sql_add(s, ", 'hex')");
    r->decode[i] = DECODE_HEX;
  } else if (strcmp(type, "timestamptz") == 0) {
    postgres_sql_add(s, "(");
    postgres_sql_ident(s, column);
    postgres_sql_add(s, " AT TIME ZONE 'UTC')::text");
  } else {
    postgres_sql_ident(s, column);
    postgres_sql_add(s, "::text");
    if (strcmp(type, "bit") == 0 || strcmp(type, "varbit") == 0)
      r->decode[i] = DECODE_BITS;
  }
  return 0;
}

static int build_select(struct reader *r, const char *const *columns) {
  postgres_sql_add(&r->sql, "SELECT ");
  for (size_t i = 0; i < r->count; i++) {
    if (i > 0)
      postgres_sql_add(&r->sql, ", ");
    int rc = add_column(r, i, columns[i]);
    if (rc != 0)
      return rc;
  }
  if (r->count == 0)
    postgres_sql_add(&r->sql, "1");
  postgres_sql_add(&r->sql, " FROM ");
  postgres_sql_ident(&r->sql, r->table);
  if (r->sql.out_of_memory)
    return postgres_error_set(r->err, STRATA_ENOMEM, "out of memory");
  return 0;
}

/* ---- decoding ------------------------------------------------------------ */

static int grow(struct reader *r, size_t i, size_t n) {
  if (r->sizes[i] >= n)
    return 0;
  char *bigger = realloc(r->buffers[i], n);
  if (bigger == NULL)
    return postgres_error_set(r->err, STRATA_ENOMEM, "out of memory");
  r->buffers[i] = bigger;
  r->sizes[i] = n;
  return 0;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  return (c | 0x20) - 'a' + 10;
}

static int decode_hex(struct reader *r, size_t i, const char *text, size_t n) {
  int rc = grow(r, i, n / 2 + 1);
  for (size_t k = 0; rc == 0 && k + 1 < n; k += 2)
    r->buffers[i][k / 2] =
        (char)(hex_digit(text[k]) << 4 | hex_digit(text[k + 1]));
  r->lengths[i] = n / 2;
  return rc;
}

/* "1000000001" as 0x02 0x01: the bits right-aligned in whole bytes. */
static int decode_bits(struct reader *r, size_t i, const char *text, size_t n) {
  size_t bytes = (n + 7) / 8;
  int rc = grow(r, i, bytes + 1);
  if (rc != 0)
    return rc;
  memset(r->buffers[i], 0, bytes + 1);
  size_t pad = bytes * 8 - n;
  for (size_t k = 0; k < n; k++)
    if (text[k] == '1')
      r->buffers[i][(pad + k) / 8] |= (char)(0x80 >> ((pad + k) % 8));
  r->lengths[i] = bytes;
  return 0;
}

/* One row of the result, decoded, to on_row. */
static int hand_row(struct reader *r, PGresult *res, strata_row_fn on_row,
                    void *ctx) {
  for (size_t i = 0; i < r->count; i++) {
    int col = (int)i;
    if (PQgetisnull(res, 0, col)) {
      r->values[i] = NULL;
      r->lengths[i] = 0;
      continue;
    }
    const char *text = PQgetvalue(res, 0, col);
    size_t n = (size_t)PQgetlength(res, 0, col);
    r->values[i] = text;
    r->lengths[i] = n;
    int rc = 0;
    if (r->decode[i] == DECODE_HEX)
      rc = decode_hex(r, i, text, n);
    else if (r->decode[i] == DECODE_BITS)
      rc = decode_bits(r, i, text, n);
    if (rc != 0)
      return rc;
    if (r->decode[i] != DECODE_NONE)
      r->values[i] = r->buffers[i];
  }
  return on_row(ctx, (int)r->count, r->values, r->lengths);
}

/* ---- the read ------------------------------------------------------------ */

/* Stops the query the server is running: on_row wants no more rows. */
static void cancel(PGconn *pg) {
  char why[256];
  PGcancel *c = PQgetCancel(pg);
  if (c != NULL)
    PQcancel(c, why, sizeof why);
  PQfreeCancel(c);
}

static int stream(struct reader *r, strata_row_fn on_row, void *ctx) {
  PGconn *pg = r->conn->pg;
  PGresult *res;
  int rc = 0;
  if (!PQsendQuery(pg, r->sql.data) || !PQsetSingleRowMode(pg))
    return postgres_result_error(pg, NULL, NULL, 0, r->err);
  while ((res = PQgetResult(pg)) != NULL) {
    ExecStatusType st = PQresultStatus(res);
    if (rc == 0 && st == PGRES_SINGLE_TUPLE) {
      rc = hand_row(r, res, on_row, ctx);
      if (rc != 0)
        cancel(pg);
    } else if (rc == 0 && st != PGRES_TUPLES_OK) {
      rc = postgres_result_error(pg, res, NULL, 0, r->err);
    }
    PQclear(res);
  }
  return rc;
}

static int alloc_reader(struct reader *r) {
  size_t n = r->count + 1;
  r->decode = calloc(n, sizeof *r->decode);
  r->buffers = calloc(n, sizeof *r->buffers);
  r->sizes = calloc(n, sizeof *r->sizes);
  r->values = calloc(n, sizeof *r->values);
  r->lengths = calloc(n, sizeof *r->lengths);
  if (r->decode && r->buffers && r->sizes && r->values && r->lengths)
    return 0;
  return postgres_error_set(r->err, STRATA_ENOMEM, "out of memory");
}

static void free_reader(struct reader *r) {
  for (size_t i = 0; r->buffers && i < r->count; i++)
    free(r->buffers[i]);
  free(r->decode);
  free(r->buffers);
  free(r->sizes);
  free(r->values);
  free(r->lengths);
  postgres_sql_release(&r->sql);
}

/* Names the table in the error a step of the read left in err. */
static int name_table(struct reader *r, int rc) {
  char message[sizeof r->err->message];
  if (rc == 0 || r->err == NULL)
    return rc;
  snprintf(message, sizeof message, "%s", r->err->message);
  snprintf(r->err->message, sizeof r->err->message,
           "cannot read table '%.200s': %.700s", r->table, message);
  return rc;
}

int postgres_read_rows(struct strata_conn *conn, const char *table,
                       const char *const *columns, size_t column_count,
                       strata_row_fn on_row, void *ctx,
                       struct strata_error *err) {
  struct reader r = {
      .conn = conn, .table = table, .count = column_count, .err = err};
  int rc = alloc_reader(&r);
  if (rc == 0)
    rc = run(&r, begin_sql);
  if (rc == 0)
    rc = build_select(&r, columns);
  if (rc == 0)
    rc = stream(&r, on_row, ctx);
  if (rc == 0)
    rc = run(&r, "COMMIT");
  else
    PQclear(PQexec(conn->pg, "ROLLBACK"));
  free_reader(&r);
  return name_table(&r, rc);
}
