/*
 * exec.c - statements, the core's queries, and transactions.
 *
 * Every statement goes to the server on its own (one Query message): a
 * batch would run as one implicit transaction, which a statement such as
 * CREATE INDEX CONCURRENTLY refuses.
 *
 * The session reset after a migration waits for the next thing the
 * session runs: a query of the core's takes it in one pipeline with
 * itself (the history row after a migration in its transaction), anything
 * else gets it in a round trip of its own first, since a statement such
 * as CREATE INDEX CONCURRENTLY refuses the implicit transaction of a
 * batch.  Nothing runs in a session not yet reset.  The history row that
 * ends a migration's transaction is left unread, and COMMIT follows it in
 * the same round trip: a migration of two statements in a transaction
 * takes four round trips (BEGIN, one per statement, then the reset, the
 * row and COMMIT together), where it took seven before either.
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

static int command(struct strata_conn *conn, const char *sql,
                   struct strata_error *err) {
  PGresult *res = PQexec(conn->pg, sql);
  int rc = check_result(conn, res, NULL, 0, err);
  PQclear(res);
  return rc;
}

/* What RESET ALL takes away and strata set itself: the lock timeout of
 * its statements (not behind a pooler, where begin() sets it per
 * transaction).  Writes it into sql and returns 1, or returns 0. */
static int lock_timeout_sql(const struct strata_conn *conn, char *sql,
                            size_t size) {
  if (conn->pooled || conn->statement_lock_timeout_ms <= 0)
    return 0;
  snprintf(sql, size, "SET lock_timeout = %d", conn->statement_lock_timeout_ms);
  return 1;
}

static int send_reset(struct strata_conn *conn, struct strata_error *err) {
  char timeout[64];
  conn->reset_pending = 0;
  int rc = command(conn, "RESET ALL", err);
  if (rc == 0 && conn->search_path_sql[0] != '\0')
    rc = command(conn, conn->search_path_sql, err);
  if (rc == 0 && lock_timeout_sql(conn, timeout, sizeof timeout))
    rc = command(conn, timeout, err);
  return rc;
}

static int send_pending(struct strata_conn *conn, struct strata_error *err) {
  return conn->reset_pending ? send_reset(conn, err) : 0;
}

#ifdef LIBPQ_HAS_PIPELINING
/* Reads a pipeline's results up to its syncs-th Sync and leaves pipeline
 * mode: 0, or the first failure among them.  *last (when last is not
 * NULL) is the result of the last command, for the caller to judge and
 * free, when nothing failed. */
static int read_pipeline(struct strata_conn *conn, int syncs, PGresult **last,
                         struct strata_error *err) {
  PGconn *pg = conn->pg;
  PGresult *kept = NULL;
  int rc = 0, seen = 0;
  while (seen < syncs && PQstatus(pg) != CONNECTION_BAD) {
    PGresult *res = PQgetResult(pg);
    if (res == NULL)
      continue; /* the end of one command's results */
    if (PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
      seen++;
    } else {
      if (rc == 0)
        rc = check_result(conn, res, NULL, 0, err);
      if (last != NULL) {
        PQclear(kept);
        kept = res;
        continue;
      }
    }
    PQclear(res);
  }
  PQexitPipelineMode(pg);
  if (rc == 0 && (seen < syncs || (last != NULL && kept == NULL)))
    rc = lost_connection(pg, NULL, err);
  if (last != NULL && rc == 0)
    *last = kept;
  else
    PQclear(kept);
  return rc;
}

/* Sends the reset that waits and then the query in one pipeline: one
 * round trip.  A Sync after the reset keeps it out of the query's implicit
 * transaction, as when it went alone.  *out is the query's result, for
 * check_result(), when what waited went through.
 *
 * A write (no rows wanted) inside a transaction is the history row that
 * ends a migration, and its commit comes next: it is sent and left unread
 * (*out stays NULL), and commit() sends COMMIT behind it, so that the
 * write and the commit share one round trip.  The reset then goes in the
 * same run as the write, with no Sync between them: should the reset or
 * the write fail, the server skips what follows up to the next Sync, the
 * COMMIT with it, and the transaction can only be rolled back. */
static int pipeline_query(struct strata_conn *conn, const char *sql,
                          int count, const char *const *params, int write,
                          PGresult **out, struct strata_error *err) {
  PGconn *pg = conn->pg;
  int leave_unread = write && PQtransactionStatus(pg) == PQTRANS_INTRANS;
  conn->reset_pending = 0;
  *out = NULL;
  int sent = PQenterPipelineMode(pg) &&
             PQsendQueryParams(pg, "RESET ALL", 0, NULL, NULL, NULL, NULL, 0);
  if (sent && conn->search_path_sql[0] != '\0')
    sent = PQsendQueryParams(pg, conn->search_path_sql, 0, NULL, NULL, NULL,
                             NULL, 0);
  char timeout[64];
  if (sent && lock_timeout_sql(conn, timeout, sizeof timeout))
    sent = PQsendQueryParams(pg, timeout, 0, NULL, NULL, NULL, NULL, 0);
  sent = sent && (leave_unread || PQpipelineSync(pg)) &&
         PQsendQueryParams(pg, sql, count, NULL, params, NULL, NULL, 0);
  if (sent && leave_unread) {
    conn->write_unread = 1;
    return 0;
  }
  if (!sent || !PQpipelineSync(pg)) {
    PQexitPipelineMode(pg);
    return lost_connection(pg, NULL, err);
  }
  return read_pipeline(conn, 2, out, err);
}

/* The results of a write left unread, before anything else runs: its
 * failure is this call's. */
static int read_unread_write(struct strata_conn *conn,
                             struct strata_error *err) {
  if (!conn->write_unread)
    return 0;
  conn->write_unread = 0;
  if (!PQpipelineSync(conn->pg)) {
    PQexitPipelineMode(conn->pg);
    return lost_connection(conn->pg, NULL, err);
  }
  return read_pipeline(conn, 1, NULL, err);
}

/* COMMIT behind the write left unread, in its round trip.  *res is the
 * COMMIT's result when the reset, the write and the COMMIT all went
 * through. */
static int commit_after_write(struct strata_conn *conn, PGresult **res,
                              struct strata_error *err) {
  conn->write_unread = 0;
  *res = NULL;
  if (!PQsendQueryParams(conn->pg, "COMMIT", 0, NULL, NULL, NULL, NULL, 0) ||
      !PQpipelineSync(conn->pg)) {
    PQexitPipelineMode(conn->pg);
    return lost_connection(conn->pg, NULL, err);
  }
  return read_pipeline(conn, 1, res, err);
}
#else
static int read_unread_write(struct strata_conn *conn,
                             struct strata_error *err) {
  (void)conn;
  (void)err;
  return 0;
}
#endif

static int run_statement(struct strata_conn *conn, const char *sql,
                         size_t length, const struct postgres_statement *copy,
                         struct strata_error *err) {
  if (copy != NULL)
    return postgres_copy_in(conn, sql, copy, err);
  char *text = strndup(sql, length);
  if (text == NULL)
    return postgres_error_set(err, STRATA_ENOMEM, "out of memory");
  PGresult *res = PQexec(conn->pg, text);
  int rc = check_result(conn, res, text, length, err);
  PQclear(res);
  free(text);
  return rc;
}

int postgres_exec(struct strata_conn *conn, const char *sql, size_t length,
                  struct strata_error *err) {
  struct postgres_statement block;
  int rc = read_unread_write(conn, err);
  if (rc == 0)
    rc = postgres_lease_keep(conn, err);
  if (rc == 0)
    rc = postgres_copy_block(sql, length, &block, err);
  if (rc < 0)
    return rc;
  const struct postgres_statement *copy = rc > 0 ? &block : NULL;
  int began = 0, alone = 0;
  rc = send_pending(conn, err);
  if (rc == 0)
    rc = postgres_bounded_begin(conn, sql, length, &began, err);
  if (rc == 0)
    rc = run_statement(conn, sql, length, copy, err);
  if (began)
    rc = postgres_bounded_end(conn, sql, length, rc, &alone, err);
  return alone ? run_statement(conn, sql, length, copy, err) : rc;
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
  int rc = read_unread_write(conn, err);
  if (rc == 0)
    rc = postgres_lease_keep(conn, err);
  if (rc == 0)
    rc = number_parameters(sql, param_count, &numbered, err);
  if (rc != 0)
    return rc;
  PGresult *res = NULL;
#ifdef LIBPQ_HAS_PIPELINING
  if (conn->reset_pending) {
    rc = pipeline_query(conn, numbered, param_count, params, on_row == NULL,
                        &res, err);
    if (rc == 0 && conn->write_unread) {
      free(numbered);
      return 0;
    }
  }
#endif
  rc = rc != 0 ? rc : send_pending(conn, err);
  if (rc == 0 && res == NULL)
    res = PQexecParams(conn->pg, numbered, param_count, NULL,
                       (const char *const *)params, NULL, NULL, 0);
  if (rc == 0)
    rc = check_result(conn, res, NULL, 0, err);
  if (rc == 0)
    rc = hand_over_rows(res, on_row, ctx, err);
  PQclear(res);
  free(numbered);
  return rc;
}

/* A reset that waits goes first, on its own, so that a rollback of this
 * transaction cannot undo it. */
int postgres_begin(struct strata_conn *conn, struct strata_error *err) {
  int rc = read_unread_write(conn, err);
  if (rc == 0)
    rc = send_pending(conn, err);
  if (rc != 0)
    return rc;
  if (!conn->pooled && !conn->lease.wanted)
    return command(conn, "BEGIN", err);
  rc = postgres_lease_keep(conn, err);
  return rc ? rc : postgres_lease_begin(conn, err);
}

/* COMMIT of a transaction an error aborted succeeds, reporting ROLLBACK:
 * that must not pass for a commit. */
int postgres_commit(struct strata_conn *conn, struct strata_error *err) {
  PGresult *res = NULL;
  int rc = 0;
#ifdef LIBPQ_HAS_PIPELINING
  if (conn->write_unread) {
    rc = commit_after_write(conn, &res, err);
    if (rc != 0)
      return rc;
  }
#endif
  if (res == NULL) {
    rc = send_pending(conn, err);
    if (rc != 0)
      return rc;
    res = PQexec(conn->pg, "COMMIT");
  }
  rc = check_result(conn, res, NULL, 0, err);
  if (rc == 0 && strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
    rc = postgres_error_set(err, STRATA_ESQL,
                            "the transaction was rolled back, not committed: "
                            "a statement in it had failed");
  PQclear(res);
  return rc;
}

/* A reset that waits is sent after the rollback: in the transaction, it
 * would be undone with it.  A write left unread is rolled back with the
 * rest, whether it failed or not. */
int postgres_rollback(struct strata_conn *conn, struct strata_error *err) {
  struct strata_error ignored;
  read_unread_write(conn, &ignored);
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
