/*
 * lock_wait.c - how long a statement waits for a table lock, and who holds
 * the locks it gave up on.
 *
 * lock_timeout bounds every wait for a heavyweight lock, so an ALTER TABLE
 * queued behind a long reader gives up instead of holding back every query
 * queued behind it.  The server then reports SQLSTATE 55P03, which exec.c
 * turns into STRATA_ELOCK.
 */
#include "postgres.h"

#include <stdio.h>
#include <string.h>

int postgres_set_statement_lock_timeout(struct strata_conn *conn,
                                        int timeout_ms,
                                        struct strata_error *err) {
  char sql[64];
  conn->statement_lock_timeout_ms = timeout_ms > 0 ? timeout_ms : 0;
  /* Behind a pooler a session setting would stay on a server connection
   * other clients get next: begin() sets it per transaction instead.  A
   * session reset still to be sent sets it after its RESET ALL (exec.c). */
  if (conn->pooled || conn->reset_pending)
    return 0;
  snprintf(sql, sizeof sql, "SET lock_timeout = %d",
           conn->statement_lock_timeout_ms);
  PGresult *res = PQexec(conn->pg, sql);
  int rc = PQresultStatus(res) == PGRES_COMMAND_OK
               ? 0
               : postgres_result_error(conn->pg, res, NULL, 0, err);
  PQclear(res);
  return rc;
}

struct holders {
  char *out;
  size_t size, used;
};

static int add_holder(void *ctx, int columns, const char *const *values,
                      const size_t *lengths) {
  (void)lengths;
  struct holders *h = ctx;
  if (columns != 5 || h->used + 1 >= h->size)
    return 0;
  const char *app = values[1] && *values[1] ? values[1] : "no name";
  int n = snprintf(h->out + h->used, h->size - h->used,
                   "%spid %s (%s, %s for %s s: %s)", h->used ? "; " : "",
                   values[0], app, values[2] ? values[2] : "?",
                   values[3] ? values[3] : "?", values[4] ? values[4] : "");
  if (n > 0)
    h->used +=
        (size_t)n < h->size - h->used ? (size_t)n : h->size - h->used - 1;
  return 0;
}

/* The other sessions of this database holding a granted lock on a table
 * the statement names as a whole word, longest transaction first. */
int postgres_describe_lock_holders(struct strata_conn *conn, const char *sql,
                                   size_t length, char *out, size_t size,
                                   struct strata_error *err) {
  struct holders h = {out, size, 0};
  out[0] = '\0';
  char text[4096];
  snprintf(text, sizeof text, "%.*s", (int)length, sql);
  const char *params[] = {text};
  return postgres_query(
      conn,
      "SELECT a.pid, a.application_name, a.state, "
      "pg_catalog.round(extract(epoch FROM pg_catalog.now() - "
      "coalesce(a.xact_start, a.query_start)))::int, "
      "pg_catalog.left(pg_catalog.regexp_replace(a.query, '\\s+', ' ', 'g'), "
      "60) "
      "FROM pg_catalog.pg_stat_activity a WHERE a.pid IN ("
      "SELECT l.pid FROM pg_catalog.pg_locks l "
      "JOIN pg_catalog.pg_class c ON c.oid = l.relation "
      "WHERE l.granted AND l.pid <> pg_catalog.pg_backend_pid() "
      "AND l.database = (SELECT oid FROM pg_catalog.pg_database "
      "WHERE datname = pg_catalog.current_database()) "
      "AND pg_catalog.lower(?) ~ ('\\m' || pg_catalog.regexp_replace("
      "pg_catalog.lower(c.relname), '([^a-z0-9_])', '\\\\\\1', 'g') || "
      "'\\M')) "
      "ORDER BY coalesce(a.xact_start, a.query_start) LIMIT 3",
      params, 1, add_holder, &h, err);
}
