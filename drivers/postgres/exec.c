/*
 * exec.c - statements, the core's queries, and transactions.
 *
 * Every statement goes to the server on its own (one Query message): a
 * batch would run as one implicit transaction, which a statement such as
 * CREATE INDEX CONCURRENTLY refuses.
 */
#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int lost_connection(PGconn *pg, const PGresult *res,
                           struct strata_error *err) {
  const char *why =
      res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  if (why == NULL)
    why = postgres_skip_severity(PQerrorMessage(pg));
  postgres_error_set(err, STRATA_ECONNECT,
                     "lost the connection to the server while a statement "
                     "ran: %.*s",
                     (int)strcspn(why, "\n"), why);
  postgres_error_detail(err, "a statement inside a transaction was rolled "
                             "back; one outside may or may not have run");
  return STRATA_ECONNECT;
}

/* The server counts its position in characters from 1. */
static void locate(const PGresult *res, const char *sql, size_t length,
                   struct strata_error *err) {
  const char *pos = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
  long chars = pos ? strtol(pos, NULL, 10) : 0;
  if (sql != NULL && chars > 0)
    err->offset = (long)postgres_utf8_offset(sql, length, chars - 1);
}

int postgres_result_error(PGconn *pg, const PGresult *res, const char *sql,
                          size_t length, struct strata_error *err) {
  if (PQstatus(pg) == CONNECTION_BAD)
    return lost_connection(pg, res, err);
  const char *primary =
      res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  if (primary == NULL) {
    const char *msg = res ? PQresultErrorMessage(res) : "";
    primary = postgres_skip_severity(*msg ? msg : PQerrorMessage(pg));
  }
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  /* 55P03, lock_not_available: lock_timeout (lock_wait.c) or NOWAIT. */
  int code = state && strcmp(state, "55P03") == 0 ? STRATA_ELOCK : STRATA_ESQL;
  postgres_error_set(err, code, "%.*s", (int)strcspn(primary, "\n"), primary);
  if (res == NULL || err == NULL)
    return code;
  snprintf(err->sqlstate, sizeof err->sqlstate, "%s", state ? state : "");
  const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
  const char *hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
  if (detail != NULL)
    postgres_error_detail(err, "DETAIL: %s", detail);
  if (hint != NULL)
    postgres_error_detail(err, "HINT: %s", hint);
  locate(res, sql, length, err);
  return code;
}

/* Judges the result of a statement sent as sql (NUL-terminated). */
static int check_result(struct strata_conn *conn, PGresult *res,
                        const char *sql, size_t length,
                        struct strata_error *err) {
  switch (res ? PQresultStatus(res) : PGRES_FATAL_ERROR) {
  case PGRES_COMMAND_OK:
  case PGRES_TUPLES_OK:
  case PGRES_EMPTY_QUERY: return 0;
  case PGRES_COPY_IN:
  case PGRES_COPY_OUT:
    return postgres_copy_unexpected(conn, PQresultStatus(res), err);
  default: return postgres_result_error(conn->pg, res, sql, length, err);
  }
}

int postgres_exec(struct strata_conn *conn, const char *sql, size_t length,
                  struct strata_error *err) {
  struct postgres_statement block;
  int rc = postgres_lease_keep(conn, err);
  if (rc != 0)
    return rc;
  rc = postgres_copy_block(sql, length, &block, err);
  if (rc != 0)
    return rc < 0 ? rc : postgres_copy_in(conn, sql, &block, err);
  char *text = strndup(sql, length);
  if (text == NULL)
    return postgres_error_set(err, STRATA_ENOMEM, "out of memory");
  PGresult *res = PQexec(conn->pg, text);
  rc = check_result(conn, res, text, length, err);
  PQclear(res);
  free(text);
  return rc;
}

/* The core marks its parameters "?" and writes "?" nowhere else; the
 * server wants $1, $2, ... */
static int number_parameters(const char *sql, int count, char **numbered,
                             struct strata_error *err) {
  size_t n = strlen(sql) + (size_t)count * 12 + 1;
  char *out = *numbered = malloc(n);
  if (out == NULL)
    return postgres_error_set(err, STRATA_ENOMEM, "out of memory");
  size_t used = 0;
  int seen = 0;
  for (const char *p = sql; *p != '\0'; p++) {
    if (*p == '?' && ++seen <= count)
      used += (size_t)snprintf(out + used, n - used, "$%d", seen);
    else
      out[used++] = *p;
  }
  out[used] = '\0';
  if (seen == count)
    return 0;
  free(out);
  *numbered = NULL;
  return postgres_error_set(err, STRATA_EINVAL,
                            "query has %d parameter markers but %d values",
                            seen, count);
}

static int hand_over_rows(const PGresult *res, strata_row_fn on_row, void *ctx,
                          struct strata_error *err) {
  int columns = PQnfields(res), rows = PQntuples(res);
  if (on_row == NULL || rows == 0)
    return 0;
  const char **values = calloc((size_t)columns + 1, sizeof *values);
  size_t *lengths = calloc((size_t)columns + 1, sizeof *lengths);
  int rc = values && lengths
               ? 0
               : postgres_error_set(err, STRATA_ENOMEM, "out of memory");
  for (int r = 0; r < rows && rc == 0; r++) {
    for (int c = 0; c < columns; c++) {
      values[c] = PQgetisnull(res, r, c) ? NULL : PQgetvalue(res, r, c);
      lengths[c] = (size_t)PQgetlength(res, r, c);
    }
    rc = on_row(ctx, columns, values, lengths);
  }
  free(values);
  free(lengths);
  return rc;
}

int postgres_query(struct strata_conn *conn, const char *sql,
                   const char *const *params, int param_count,
                   strata_row_fn on_row, void *ctx, struct strata_error *err) {
  char *numbered;
  int rc = postgres_lease_keep(conn, err);
  if (rc == 0)
    rc = number_parameters(sql, param_count, &numbered, err);
  if (rc != 0)
    return rc;
  PGresult *res = PQexecParams(conn->pg, numbered, param_count, NULL,
                               (const char *const *)params, NULL, NULL, 0);
  rc = check_result(conn, res, NULL, 0, err);
  if (rc == 0)
    rc = hand_over_rows(res, on_row, ctx, err);
  PQclear(res);
  free(numbered);
  return rc;
}

static int command(struct strata_conn *conn, const char *sql,
                   struct strata_error *err) {
  PGresult *res = PQexec(conn->pg, sql);
  int rc = check_result(conn, res, NULL, 0, err);
  PQclear(res);
  return rc;
}

int postgres_begin(struct strata_conn *conn, struct strata_error *err) {
  if (!conn->pooled && !conn->lease)
    return command(conn, "BEGIN", err);
  int rc = postgres_lease_keep(conn, err);
  return rc ? rc : postgres_lease_begin(conn, err);
}

/* COMMIT of a transaction an error aborted succeeds, reporting ROLLBACK:
 * that must not pass for a commit. */
int postgres_commit(struct strata_conn *conn, struct strata_error *err) {
  PGresult *res = PQexec(conn->pg, "COMMIT");
  int rc = check_result(conn, res, NULL, 0, err);
  if (rc == 0 && strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
    rc = postgres_error_set(err, STRATA_ESQL,
                            "the transaction was rolled back, not committed: "
                            "a statement in it had failed");
  PQclear(res);
  return rc;
}

int postgres_rollback(struct strata_conn *conn, struct strata_error *err) {
  return command(conn, "ROLLBACK", err);
}

int postgres_read_bool(void *ctx, int columns, const char *const *values,
                       const size_t *lengths) {
  (void)lengths;
  *(int *)ctx = columns == 1 && values[0] != NULL && values[0][0] == 't';
  return 0;
}

/* The core writes the table's name unquoted, so it is looked up the way
 * the server reads an unquoted name: folded to lower case, then searched
 * along search_path. */
int postgres_table_exists(struct strata_conn *conn, const char *table,
                          int *exists, struct strata_error *err) {
  *exists = 0;
  const char *params[] = {table};
  return postgres_query(conn,
                        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class "
                        "WHERE oid = pg_catalog.to_regclass(?) "
                        "AND relkind IN ('r', 'p', 'f'))",
                        params, 1, postgres_read_bool, exists, err);
}
