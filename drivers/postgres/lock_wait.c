/*
 * lock_wait.c - how long a statement waits for a table lock, and who holds
 * the locks it gave up on.
 *
 * lock_timeout bounds every wait for a heavyweight lock, so an ALTER TABLE
 * queued behind a long reader gives up instead of holding back every query
 * queued behind it.  The server then reports SQLSTATE 55P03, which exec.c
 * turns into STRATA_ELOCK.
 *
 * Behind a pooler no session setting lasts, so a statement that runs
 * outside a migration's transaction (a -- strata:no-transaction migration)
 * gets a transaction of its own for SET LOCAL lock_timeout.  One that
 * cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM) says so
 * and runs alone, with a notice that no lock timeout bounds it.
 */
#include "postgres.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int simple_command(struct strata_conn *conn, const char *sql,
                          struct strata_error *err) {
  PGresult *res = PQexec(conn->pg, sql);
  int rc = PQresultStatus(res) == PGRES_COMMAND_OK
               ? 0
               : postgres_result_error(conn->pg, res, NULL, 0, err);
  PQclear(res);
  return rc;
}

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
  return simple_command(conn, sql, err);
}

/* The first word of the statement, comments skipped, into word. */
static void first_word(const char *sql, size_t length, char *word,
                       size_t size) {
  const char *p = sql, *end = sql + length;
  for (;;) {
    while (p < end && isspace((unsigned char)*p))
      p++;
    if (end - p >= 2 && p[0] == '-' && p[1] == '-')
      while (p < end && *p != '\n')
        p++;
    else if (end - p >= 2 && p[0] == '/' && p[1] == '*') {
      const char *close = strstr(p + 2, "*/");
      p = close && close < end ? close + 2 : end;
    } else
      break;
  }
  size_t n = 0;
  while (p < end && isalpha((unsigned char)*p) && n + 1 < size)
    word[n++] = (char)tolower((unsigned char)*p++);
  word[n] = '\0';
}

/* Statements that begin or end transactions themselves. */
static int controls_transactions(const char *sql, size_t length) {
  static const char *const words[] = {"begin",   "start",     "commit",
                                      "end",     "rollback",  "abort",
                                      "release", "savepoint", "prepare"};
  char word[16];
  first_word(sql, length, word, sizeof word);
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (strcmp(word, words[i]) == 0)
      return 1;
  return 0;
}

int postgres_bounded_begin(struct strata_conn *conn, const char *sql,
                           size_t length, int *began,
                           struct strata_error *err) {
  char begin[64];
  *began = 0;
  if (!conn->pooled || conn->statement_lock_timeout_ms <= 0 ||
      PQtransactionStatus(conn->pg) != PQTRANS_IDLE ||
      controls_transactions(sql, length))
    return 0;
  snprintf(begin, sizeof begin, "BEGIN; SET LOCAL lock_timeout = %d",
           conn->statement_lock_timeout_ms);
  int rc = simple_command(conn, begin, err);
  *began = rc == 0;
  return rc;
}

/* 25001: the statement cannot run in a transaction block; 2D000: a
 * routine it called committed or rolled back, which it cannot do inside
 * one. */
static int refused_transaction(int rc, const struct strata_error *err) {
  return rc == STRATA_ESQL && (strcmp(err->sqlstate, "25001") == 0 ||
                               strcmp(err->sqlstate, "2D000") == 0);
}

static void notice_unbounded(struct strata_conn *conn, const char *sql,
                             size_t length) {
  size_t line = strcspn(sql, "\n");
  size_t shown = line < length ? line : length;
  if (conn->host == NULL || conn->host->notice == NULL)
    return;
  conn->host->notice(conn->host->host_ctx,
                     "no lock timeout for '%.*s%s': it cannot run in a "
                     "transaction, and behind a pooler the timeout needs one",
                     (int)(shown < 60 ? shown : 60), sql,
                     shown > 60 ? "..." : "");
}

int postgres_bounded_end(struct strata_conn *conn, const char *sql,
                         size_t length, int rc, int *alone,
                         struct strata_error *err) {
  struct strata_error ignored;
  *alone = 0;
  if (rc == 0)
    return postgres_commit(conn, err);
  simple_command(conn, "ROLLBACK", &ignored);
  if (!refused_transaction(rc, err))
    return rc;
  *alone = 1;
  notice_unbounded(conn, sql, length);
  return 0;
}

/* One row of the query below: pid, application, state, seconds, query. */
static void add_holder(struct common_holders *h, const char *const *values) {
  const char *app = values[1] && *values[1] ? values[1] : "no name";
  common_holders_add(h, "pid %s (%s, %s for %s s: %s)", values[0], app,
                     values[2] ? values[2] : "?", values[3] ? values[3] : "?",
                     values[4] ? values[4] : "");
}

/* The other sessions of this database holding a granted lock on a table
 * the statement names as a whole word, longest transaction first. */
int postgres_describe_lock_holders(struct strata_conn *conn, const char *sql,
                                   size_t length, char *out, size_t size,
                                   struct strata_error *err) {
  struct common_holders h;
  common_holders_init(&h, out, size, 5, add_holder);
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
      params, 1, common_holders_row, &h, err);
}
