/*
 * lease.c - the migration lock as a lease row, for connections a pooler
 * shares.
 *
 * Behind pgbouncer in transaction pooling mode a session advisory lock
 * belongs to whichever server connection the pooler lent for that
 * transaction: the next transaction may run on another one, and the lock
 * stays behind on the first.  So behind a pooler (or with lock = lease)
 * the lock is a row of the table <key>_lock naming its owner, taken with
 * one INSERT ... ON CONFLICT that succeeds only where the row is absent or
 * expired.  The owner renews it between statements whenever a third of its
 * life has passed; a holder that crashed stops renewing and its lease
 * expires.  Inside each migration's transaction a transaction-level
 * advisory lock (released by COMMIT, so nothing outlives the transaction)
 * and the core's second look at history keep a migration from running
 * twice even if a lease ran out under a statement longer than its life.
 *
 * No session state is relied on in this mode: the lock timeout is set with
 * SET LOCAL in each transaction, and every query is unnamed.
 */
#include "postgres.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FIRST_POLL_MS 10
#define LAST_POLL_MS 500
#define REPORT_EVERY_MS 5000
#define DEFAULT_LEASE_MS 30000

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static void sleep_ms(double ms) {
  long whole = (long)ms;
  struct timespec t = {(time_t)(whole / 1000), (whole % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

/* A token no other runner has: 16 random hex digits. */
static void make_owner(char out[POSTGRES_OWNER_SIZE]) {
  uint64_t r = 0;
  int fd = open("/dev/urandom", O_RDONLY);
  if (fd < 0 || read(fd, &r, sizeof r) != (ssize_t)sizeof r)
    r = (uint64_t)getpid() * 2654435761u ^ (uint64_t)time(NULL);
  if (fd >= 0)
    close(fd);
  snprintf(out, POSTGRES_OWNER_SIZE, "%016llx", (unsigned long long)r);
}

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

int postgres_set_lock_kind(struct strata_conn *conn, const char *kind,
                           int lease_ms, int *is_lease,
                           struct strata_error *err) {
  *is_lease = 0;
  if (strcmp(kind, "lease") == 0)
    conn->lease = 1;
  else if (strcmp(kind, "session") == 0)
    conn->lease = 0;
  else if (strcmp(kind, "auto") == 0)
    conn->lease = conn->pooled;
  else
    return postgres_error_set(err, STRATA_EINVAL,
                              "invalid value '%s' for 'lock': expected auto, "
                              "session or lease",
                              kind);
  conn->lease_ms = lease_ms > 0 ? lease_ms : DEFAULT_LEASE_MS;
  *is_lease = conn->lease;
  return 0;
}

static int table_exists(struct strata_conn *conn, int *found,
                        struct strata_error *err) {
  const char *params[] = {conn->lease_table};
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
           conn->lease_table);
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
  char sql[1024], ms[16], holder[300], host[128] = "";
  gethostname(host, sizeof host - 1);
  snprintf(holder, sizeof holder, "strata pid %ld on %s", (long)getpid(),
           *host ? host : "an unnamed host");
  snprintf(ms, sizeof ms, "%d", conn->lease_ms);
  snprintf(sql, sizeof sql,
           "INSERT INTO %s AS l VALUES ($1, $2, $3, pg_catalog.now(), "
           "pg_catalog.clock_timestamp() + $4 * interval '1 ms') "
           "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, "
           "holder = excluded.holder, acquired_at = excluded.acquired_at, "
           "expires_at = excluded.expires_at "
           "WHERE l.expires_at < pg_catalog.clock_timestamp() RETURNING 1",
           conn->lease_table);
  const char *params[] = {conn->lease_key, conn->lease_owner, holder, ms};
  int rows = 0, rc = lease_query(conn, sql, params, 4, &rows, err);
  *got = rc == 0 && rows == 1;
  if (*got)
    conn->lease_renewed_ms = now_ms();
  return rc;
}

void postgres_lease_holder(struct strata_conn *conn, char *out, size_t size) {
  char sql[512];
  snprintf(sql, sizeof sql,
           "SELECT holder || ' since ' || pg_catalog.to_char(acquired_at AT "
           "TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || CASE WHEN "
           "expires_at < pg_catalog.clock_timestamp() THEN ', expired' ELSE "
           "', expiring in ' || pg_catalog.ceil(extract(epoch FROM expires_at "
           "- pg_catalog.clock_timestamp())) || ' s unless renewed' END "
           "FROM %s WHERE name = $1",
           conn->lease_table);
  const char *params[] = {conn->lease_key};
  snprintf(out, size, "another runner, which has just let it go");
  PGresult *res = PQexecParams(conn->pg, sql, 1, NULL, params, NULL, NULL, 0);
  if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
    snprintf(out, size, "%s", PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void report_holder(struct strata_conn *conn) {
  char holder[400];
  if (conn->host == NULL || conn->host->notice == NULL)
    return;
  postgres_lease_holder(conn, holder, sizeof holder);
  conn->host->notice(conn->host->host_ctx,
                     "waiting for the migration lease: held by %s", holder);
}

static int give_up(struct strata_conn *conn, int timeout_ms,
                   struct strata_error *err) {
  char holder[400];
  postgres_lease_holder(conn, holder, sizeof holder);
  return postgres_error_set(err, STRATA_ELOCK,
                            "could not take the migration lease within %g s: "
                            "held by %s; retry later, raise --lock-timeout, "
                            "or clear a stuck lease with 'strata unlock'",
                            timeout_ms / 1000.0, holder);
}

int postgres_lease_take(struct strata_conn *conn, const char *key,
                        int timeout_ms, struct strata_error *err) {
  snprintf(conn->lease_table, sizeof conn->lease_table, "%s_lock", key);
  snprintf(conn->lease_key, sizeof conn->lease_key, "%s", key);
  make_owner(conn->lease_owner);
  int rc = create_table(conn, err);
  double start = now_ms(), next_report = start, interval = FIRST_POLL_MS;
  while (rc == 0) {
    int got;
    if ((rc = try_take(conn, &got, err)) != 0 || got)
      break;
    double now = now_ms(), left = start + timeout_ms - now;
    if (timeout_ms >= 0 && left <= 0)
      return give_up(conn, timeout_ms, err);
    if (now >= next_report) {
      report_holder(conn);
      next_report = now + REPORT_EVERY_MS;
    }
    sleep_ms(timeout_ms >= 0 && left < interval ? left : interval);
    interval = interval * 2 < LAST_POLL_MS ? interval * 2 : LAST_POLL_MS;
  }
  conn->lease_held = rc == 0;
  return rc;
}

/* Pushes the expiry on when a third of the lease's life has passed.  Only
 * between transactions: a renewal inside one would hold the row locked,
 * and vanish with a rollback. */
int postgres_lease_keep(struct strata_conn *conn, struct strata_error *err) {
  if (!conn->lease_held || PQtransactionStatus(conn->pg) != PQTRANS_IDLE ||
      now_ms() - conn->lease_renewed_ms < conn->lease_ms / 3.0)
    return 0;
  char sql[512], ms[16];
  snprintf(ms, sizeof ms, "%d", conn->lease_ms);
  snprintf(sql, sizeof sql,
           "UPDATE %s SET expires_at = pg_catalog.clock_timestamp() + "
           "$3 * interval '1 ms' WHERE name = $1 AND owner = $2",
           conn->lease_table);
  const char *params[] = {conn->lease_key, conn->lease_owner, ms};
  int rows = 0, rc = lease_query(conn, sql, params, 3, &rows, err);
  if (rc == 0 && rows != 1) {
    conn->lease_held = 0;
    return postgres_error_set(err, STRATA_ELOCK,
                              "lost the migration lease: it expired and "
                              "another runner took it, or 'strata unlock' "
                              "cleared it; raise lock_lease above the "
                              "longest migration, then run again");
  }
  conn->lease_renewed_ms = now_ms();
  return rc;
}

int postgres_lease_release(struct strata_conn *conn, struct strata_error *err) {
  char sql[256];
  snprintf(sql, sizeof sql, "DELETE FROM %s WHERE name = $1 AND owner = $2",
           conn->lease_table);
  const char *params[] = {conn->lease_key, conn->lease_owner};
  int rows = 0, rc = lease_query(conn, sql, params, 2, &rows, err);
  int held = conn->lease_held;
  conn->lease_held = 0;
  if (rc == 0 && (rows != 1 || !held))
    rc = postgres_error_set(err, STRATA_ELOCK,
                            "could not release the migration lease: this "
                            "runner no longer held it, so another may have "
                            "run meanwhile; check 'strata status', and raise "
                            "lock_lease above the longest migration");
  return rc;
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
  if (conn->lease_held)
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

/* The lease row for key, described, into out; "" when there is none. */
static int lease_row(struct strata_conn *conn, const char *key, char *out,
                     size_t size, struct strata_error *err) {
  snprintf(conn->lease_table, sizeof conn->lease_table, "%s_lock", key);
  snprintf(conn->lease_key, sizeof conn->lease_key, "%s", key);
  const char *params[] = {key};
  int rows = 0;
  out[0] = '\0';
  int rc = table_exists(conn, &rows, err);
  if (rc != 0 || rows == 0)
    return rc;
  char sql[200];
  snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE name = $1",
           conn->lease_table);
  rc = lease_query(conn, sql, params, 1, &rows, err);
  if (rc == 0 && rows == 1)
    postgres_lease_holder(conn, out, size);
  return rc;
}

int postgres_lock_holder(struct strata_conn *conn, const char *key, char *out,
                         size_t size, int *is_lease, struct strata_error *err) {
  int rc = lease_row(conn, key, out, size, err);
  *is_lease = rc == 0 && out[0] != '\0';
  if (rc == 0 && !*is_lease)
    postgres_session_lock_holder(conn, key, out, size);
  return rc;
}

int postgres_clear_lease(struct strata_conn *conn, const char *key, char *out,
                         size_t size, struct strata_error *err) {
  int rc = lease_row(conn, key, out, size, err);
  if (rc != 0 || out[0] == '\0')
    return rc;
  char sql[200];
  snprintf(sql, sizeof sql, "DELETE FROM %s WHERE name = $1",
           conn->lease_table);
  const char *params[] = {key};
  return lease_query(conn, sql, params, 1, NULL, err);
}
