/*
 * lease.c - the migration lock as a lease row (common/lease.c), for
 * connections a pooler shares, in PostgreSQL's SQL.
 *
 * Behind pgbouncer in transaction pooling mode a session advisory lock
 * belongs to whichever server connection the pooler lent for that
 * transaction: the next transaction may run on another one, and the lock
 * stays behind on the first.  So behind a pooler (or with lock = lease)
 * the lock is a row of the table <key>_lock, taken with one INSERT ... ON
 * CONFLICT that succeeds only where the row is absent or expired.  Inside
 * each migration's transaction a transaction-level advisory lock
 * (released by COMMIT, so nothing outlives the transaction) and the core's
 * second look at history keep a migration from running twice even if a
 * lease ran out under a statement longer than its life.
 *
 * No session state is relied on in this mode: the lock timeout is set with
 * SET LOCAL in each transaction, and every query is unnamed.
 */
#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs sql with params, with no renewal first; *rows gets the number of
 * rows it returned or changed. */
static int lease_query(struct strata_conn *conn, const char *sql,
                       const char *const *params, int count, int *rows,
                       struct strata_error *err) {
  PGresult *res =
      PQexecParams(conn->pg, sql, count, NULL, params, NULL, NULL, 0);
  ExecStatusType st = PQresultStatus(res);
  int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK
               ? 0
               : postgres_result_error(conn->pg, res, NULL, 0, err);
  if (rc == 0 && rows != NULL)
    *rows = st == PGRES_TUPLES_OK ? PQntuples(res) : atoi(PQcmdTuples(res));
  PQclear(res);
  return rc;
}

static int table_exists(struct strata_conn *conn, int *found,
                        struct strata_error *err) {
  const char *params[] = {conn->lease.table};
  *found = 0;
  return lease_query(conn,
                     "SELECT 1 WHERE pg_catalog.to_regclass($1) IS NOT NULL",
                     params, 1, found, err);
}

/* Whether a failed CREATE TABLE lost a race: the catalogs' unique indexes
 * (23505), the relation (42P07) or its row type (42710) were there first. */
static int lost_create_race(const struct strata_error *err) {
  static const char *const states[] = {"23505", "42P07", "42710"};
  for (size_t i = 0; i < sizeof states / sizeof *states; i++)
    if (strcmp(err->sqlstate, states[i]) == 0)
      return 1;
  return 0;
}

/* Created only when missing: CREATE TABLE IF NOT EXISTS would send every
 * runner a notice.  Runners starting together may all find it missing;
 * those whose CREATE then fails go on when the table is there after all,
 * and fail on anything else of that name (a type, say). */
static int create_table(struct strata_conn *conn, struct strata_error *err) {
  int found = 0;
  int rc = table_exists(conn, &found, err);
  if (rc != 0 || found)
    return rc;
  char sql[512];
  snprintf(sql, sizeof sql,
           "CREATE TABLE %s (name text PRIMARY KEY, owner text NOT NULL, "
           "holder text NOT NULL, acquired_at timestamptz NOT NULL, "
           "expires_at timestamptz NOT NULL)",
           conn->lease.table);
  rc = lease_query(conn, sql, NULL, 0, NULL, err);
  if (rc != STRATA_ESQL || !lost_create_race(err))
    return rc;
  struct strata_error again;
  if (table_exists(conn, &found, &again) == 0 && found)
    return 0;
  return rc;
}

static int try_take(struct strata_conn *conn, int *got,
                    struct strata_error *err) {
  char sql[1024], ms[16], holder[300];
  common_lease_holder_name(holder, sizeof holder);
  snprintf(ms, sizeof ms, "%d", conn->lease.ms);
  snprintf(sql, sizeof sql,
           "INSERT INTO %s AS l VALUES ($1, $2, $3, pg_catalog.now(), "
           "pg_catalog.clock_timestamp() + $4 * interval '1 ms') "
           "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, "
           "holder = excluded.holder, acquired_at = excluded.acquired_at, "
           "expires_at = excluded.expires_at "
           "WHERE l.expires_at < pg_catalog.clock_timestamp() RETURNING 1",
           conn->lease.table);
  const char *params[] = {conn->lease.key, conn->lease.owner, holder, ms};
  int rows = 0, rc = lease_query(conn, sql, params, 4, &rows, err);
  *got = rc == 0 && rows == 1;
  return rc;
}

static int renew(struct strata_conn *conn, int *rows,
                 struct strata_error *err) {
  char sql[512], ms[16];
  snprintf(ms, sizeof ms, "%d", conn->lease.ms);
  snprintf(sql, sizeof sql,
           "UPDATE %s SET expires_at = pg_catalog.clock_timestamp() + "
           "$3 * interval '1 ms' WHERE name = $1 AND owner = $2",
           conn->lease.table);
  const char *params[] = {conn->lease.key, conn->lease.owner, ms};
  return lease_query(conn, sql, params, 3, rows, err);
}

static int remove_row(struct strata_conn *conn, int mine, int *rows,
                      struct strata_error *err) {
  char sql[256];
  snprintf(sql, sizeof sql, "DELETE FROM %s WHERE name = $1%s",
           conn->lease.table, mine ? " AND owner = $2" : "");
  const char *params[] = {conn->lease.key, conn->lease.owner};
  return lease_query(conn, sql, params, mine ? 2 : 1, rows, err);
}

static int find_row(struct strata_conn *conn, int *found,
                    struct strata_error *err) {
  int rc = table_exists(conn, found, err);
  if (rc != 0 || !*found)
    return rc;
  char sql[200];
  snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE name = $1",
           conn->lease.table);
  const char *params[] = {conn->lease.key};
  return lease_query(conn, sql, params, 1, found, err);
}

static void describe(struct strata_conn *conn, char *out, size_t size) {
  char sql[512];
  snprintf(sql, sizeof sql,
           "SELECT holder || ' since ' || pg_catalog.to_char(acquired_at AT "
           "TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || CASE WHEN "
           "expires_at < pg_catalog.clock_timestamp() THEN ', expired' ELSE "
           "', expiring in ' || pg_catalog.ceil(extract(epoch FROM expires_at "
           "- pg_catalog.clock_timestamp())) || ' s unless renewed' END "
           "FROM %s WHERE name = $1",
           conn->lease.table);
  const char *params[] = {conn->lease.key};
  PGresult *res = PQexecParams(conn->pg, sql, 1, NULL, params, NULL, NULL, 0);
  if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
    snprintf(out, size, "%s", PQgetvalue(res, 0, 0));
  PQclear(res);
}

static int in_transaction(struct strata_conn *conn) {
  return PQtransactionStatus(conn->pg) != PQTRANS_IDLE;
}

static int session_holder(struct strata_conn *conn, const char *key, char *out,
                          size_t size, struct strata_error *err) {
  (void)err;
  postgres_session_lock_holder(conn, key, out, size);
  return 0;
}

static const struct common_lease_ops lease_ops = {
    create_table, try_take, renew,          remove_row,
    find_row,     describe, in_transaction, session_holder};

void postgres_lease_init(struct strata_conn *conn) {
  conn->lease.ops = &lease_ops;
  conn->lease.host = conn->host;
}

/* Behind a pooler, a lease unless lock = session says otherwise. */
static int pooled(struct strata_conn *conn, int *lease,
                  struct strata_error *err) {
  (void)err;
  *lease = conn->pooled;
  return 0;
}

int postgres_set_lock_kind(struct strata_conn *conn, const char *kind,
                           int lease_ms, int *is_lease,
                           struct strata_error *err) {
  return common_lease_choose(&conn->lease, conn, kind, lease_ms, pooled,
                             is_lease, err);
}

int postgres_lease_keep(struct strata_conn *conn, struct strata_error *err) {
  return common_lease_keep(&conn->lease, conn, err);
}

/* BEGIN, the lock timeout for this transaction only, and under a lease the
 * transaction-level advisory lock: one round trip. */
int postgres_lease_begin(struct strata_conn *conn, struct strata_error *err) {
  char sql[256];
  int used = snprintf(sql, sizeof sql, "BEGIN");
  if (conn->statement_lock_timeout_ms > 0)
    used += snprintf(sql + used, sizeof sql - (size_t)used,
                     "; SET LOCAL lock_timeout = %d",
                     conn->statement_lock_timeout_ms);
  if (conn->lease.held)
    snprintf(sql + used, sizeof sql - (size_t)used,
             "; SELECT pg_catalog.pg_advisory_xact_lock(%s)", conn->lease_id);
  PGresult *res = PQexec(conn->pg, sql);
  ExecStatusType st = PQresultStatus(res);
  int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK
               ? 0
               : postgres_result_error(conn->pg, res, NULL, 0, err);
  PQclear(res);
  return rc;
}

int postgres_lock_holder(struct strata_conn *conn, const char *key, char *out,
                         size_t size, int *is_lease, struct strata_error *err) {
  return common_lock_holder(&conn->lease, conn, key, out, size, is_lease, err);
}

int postgres_clear_lease(struct strata_conn *conn, const char *key, char *out,
                         size_t size, struct strata_error *err) {
  return common_lease_clear(&conn->lease, conn, key, out, size, err);
}
