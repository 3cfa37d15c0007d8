/*
 * copy.c - psql's COPY ... FROM stdin blocks, through the COPY protocol.
 *
 * split() hands over the command and its rows as one statement; here the
 * command is sent alone, the rows follow as COPY data, and an error in a
 * row is blamed on that row's line in the script (the server names it in
 * its CONTEXT: 'COPY t, line 2, column b: "x"').
 */
#include "postgres.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK (1 << 20)

/* Where row `line` (from 1) of the data starts, relative to the
 * statement. */
static long row_offset(const char *sql, const struct postgres_statement *b,
                       long line) {
  const char *p = sql + b->data_offset, *end = p + b->data_length;
  for (long n = 1; n < line && p < end; n++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (nl == NULL)
      break;
    p = nl + 1;
  }
  return (long)(p - sql);
}

static void blame_row(const PGresult *res, const char *sql,
                      const struct postgres_statement *b,
                      struct strata_error *err) {
  const char *context = PQresultErrorField(res, PG_DIAG_CONTEXT);
  const char *at = context ? strstr(context, ", line ") : NULL;
  long line = at ? strtol(at + strlen(", line "), NULL, 10) : 0;
  if (err != NULL && err->offset < 0 && line > 0)
    err->offset = row_offset(sql, b, line);
}

/* Reads every result left once the data is sent; the first failure wins. */
static int collect_results(PGconn *pg, const char *sql,
                           const struct postgres_statement *b,
                           struct strata_error *err) {
  int rc = 0;
  PGresult *res;
  while ((res = PQgetResult(pg)) != NULL) {
    ExecStatusType status = PQresultStatus(res);
    if (rc == 0 && status != PGRES_COMMAND_OK) {
      rc = postgres_result_error(pg, res, sql, b->command_length, err);
      if (b->data_length > 0)
        blame_row(res, sql, b, err);
    }
    PQclear(res);
  }
  if (rc == 0 && PQstatus(pg) == CONNECTION_BAD)
    rc = postgres_result_error(pg, NULL, NULL, 0, err);
  return rc;
}

static int send_rows(PGconn *pg, const char *data, size_t length) {
  while (length > 0) {
    int n = length > CHUNK ? CHUNK : (int)length;
    if (PQputCopyData(pg, data, n) != 1)
      return -1;
    data += n;
    length -= (size_t)n;
  }
  return PQputCopyEnd(pg, NULL) == 1 ? 0 : -1;
}

static int start_copy(PGconn *pg, const char *sql,
                      const struct postgres_statement *b,
                      struct strata_error *err) {
  char *command = strndup(sql, b->command_length);
  if (command == NULL)
    return postgres_error_set(err, STRATA_ENOMEM, "out of memory");
  PGresult *res = PQexec(pg, command);
  ExecStatusType status = PQresultStatus(res);
  int rc = 0;
  if (status == PGRES_FATAL_ERROR)
    rc = postgres_result_error(pg, res, command, b->command_length, err);
  else if (status != PGRES_COPY_IN)
    rc = postgres_error_set(err, STRATA_ESQL,
                            "COPY FROM stdin did not start a copy");
  PQclear(res);
  free(command);
  return rc;
}

int postgres_copy_in(struct strata_conn *conn, const char *sql,
                     const struct postgres_statement *block,
                     struct strata_error *err) {
  int rc = start_copy(conn->pg, sql, block, err);
  if (rc != 0)
    return rc;
  if (send_rows(conn->pg, sql + block->data_offset, block->data_length) != 0)
    return postgres_result_error(conn->pg, NULL, NULL, 0, err);
  return collect_results(conn->pg, sql, block, err);
}

int postgres_copy_unexpected(struct strata_conn *conn, ExecStatusType status,
                             struct strata_error *err) {
  struct postgres_statement none;
  memset(&none, 0, sizeof none);
  if (status == PGRES_COPY_OUT) {
    char *row;
    while (PQgetCopyData(conn->pg, &row, 0) > 0)
      PQfreemem(row);
    return collect_results(conn->pg, "", &none, err);
  }
  PQputCopyEnd(conn->pg, "no rows follow the statement");
  collect_results(conn->pg, "", &none, err);
  return postgres_error_set(err, STRATA_ESQL,
                            "COPY FROM stdin has no rows: end the statement "
                            "with ';', then the rows, then a line '\\.'");
}
