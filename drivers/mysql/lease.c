/*
 * lease.c - the migration lock as a lease row, for Galera clusters.
 *
 * GET_LOCK() is local to one server: on a Galera cluster runners on
 * different nodes each get "the" lock.  There (detected by wsrep_on, or
 * with lock = lease) the lock is a row of the table <key>_lock, which the
 * cluster replicates: one INSERT ... ON DUPLICATE KEY UPDATE takes it when
 * it is absent or expired, and a read of the row says who won.  Two nodes
 * taking it at once conflict at certification and one of them gets error
 * 1213, which is only a lost round.  The owner renews the lease between
 * statements whenever a third of its life has passed; a holder that
 * crashed stops renewing and its lease expires.  Times are the servers'
 * UTC clocks, so the nodes' clocks must agree (NTP) within the lease.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mysqldrv.h"

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

static void make_owner(char *out, size_t size) {
  uint64_t r = 0;
  int fd = open("/dev/urandom", O_RDONLY);
  if (fd < 0 || read(fd, &r, sizeof r) != (ssize_t)sizeof r)
    r = (uint64_t)getpid() * 2654435761u ^ (uint64_t)time(NULL);
  if (fd >= 0)
    close(fd);
  snprintf(out, size, "%016llx", (unsigned long long)r);
}

/* "strata pid 42 on build-7", with only plain characters of the host name,
 * so that it can be written into SQL as it is. */
static void make_holder(char *out, size_t size) {
  char host[128] = "";
  gethostname(host, sizeof host - 1);
  for (char *p = host; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
      *p = '_';
  snprintf(out, size, "strata pid %ld on %s", (long)getpid(),
           *host ? host : "an unnamed host");
}

/* Runs sql with no renewal first. */
static int run(struct strata_conn *conn, const char *sql, strata_row_fn on_row,
               void *ctx, struct strata_error *err) {
  return mysqldrv_run(conn->host, conn->mysql, sql, strlen(sql), on_row, ctx,
                      err);
}

static int read_text(void *ctx, int columns, const char *const *values,
                     const size_t *lengths) {
  char *out = ctx;
  if (columns >= 1 && values[0] != NULL)
    snprintf(out, 400, "%.*s", (int)lengths[0], values[0]);
  return 0;
}

static int on_galera(struct strata_conn *conn, int *galera,
                     struct strata_error *err) {
  char value[400] = "";
  int rc = run(conn,
               "SELECT VARIABLE_VALUE FROM information_schema."
               "GLOBAL_VARIABLES WHERE VARIABLE_NAME = 'WSREP_ON'",
               read_text, value, err);
  *galera = rc == 0 && strcmp(value, "ON") == 0;
  return rc;
}

int mysqldrv_set_lock_kind(struct strata_conn *conn, const char *kind,
                           int lease_ms, int *is_lease,
                           struct strata_error *err) {
  int rc = 0;
  *is_lease = 0;
  if (strcmp(kind, "lease") == 0)
    conn->lease = 1;
  else if (strcmp(kind, "session") == 0)
    conn->lease = 0;
  else if (strcmp(kind, "auto") == 0)
    rc = on_galera(conn, &conn->lease, err);
  else
    return mysqldrv_fail(conn->host, err, STRATA_EINVAL,
                         "invalid value '%s' for 'lock': expected auto, "
                         "session or lease",
                         kind);
  conn->lease_ms = lease_ms > 0 ? lease_ms : DEFAULT_LEASE_MS;
  *is_lease = conn->lease;
  return rc;
}

static int create_table(struct strata_conn *conn, struct strata_error *err) {
  char sql[512];
  snprintf(sql, sizeof sql,
           "CREATE TABLE IF NOT EXISTS `%s` (name VARCHAR(64) PRIMARY KEY, "
           "owner VARCHAR(40) NOT NULL, holder VARCHAR(255) NOT NULL, "
           "acquired_at DATETIME(6) NOT NULL, expires_at DATETIME(6) NOT NULL) "
           "ENGINE=InnoDB",
           conn->lease_table);
  return run(conn, sql, NULL, NULL, err);
}

/* The row changes hands only where it has expired; expires_at is set last,
 * so each IF() before it still reads the old expiry. */
static int try_take(struct strata_conn *conn, int *got,
                    struct strata_error *err) {
  char sql[1400], holder[300], owner[400] = "";
  make_holder(holder, sizeof holder);
  const char *now = "UTC_TIMESTAMP(6)";
  snprintf(sql, sizeof sql,
           "INSERT INTO `%s` VALUES ('%s', '%s', '%s', %s, %s + INTERVAL %d "
           "MICROSECOND) ON DUPLICATE KEY UPDATE "
           "owner = IF(expires_at < %s, VALUES(owner), owner), "
           "holder = IF(expires_at < %s, VALUES(holder), holder), "
           "acquired_at = IF(expires_at < %s, VALUES(acquired_at), "
           "acquired_at), "
           "expires_at = IF(expires_at < %s, VALUES(expires_at), expires_at)",
           conn->lease_table, conn->lease_key, conn->lease_owner, holder, now,
           now, conn->lease_ms * 1000, now, now, now, now);
  int rc = run(conn, sql, NULL, NULL, err);
  *got = 0;
  /* 1213 (ELOCK): another node took it in the same instant. */
  if (rc == STRATA_ELOCK)
    return 0;
  if (rc == 0) {
    snprintf(sql, sizeof sql, "SELECT owner FROM `%s` WHERE name = '%s'",
             conn->lease_table, conn->lease_key);
    rc = run(conn, sql, read_text, owner, err);
  }
  *got = rc == 0 && strcmp(owner, conn->lease_owner) == 0;
  if (*got)
    conn->lease_renewed_ms = now_ms();
  return rc;
}

void mysqldrv_lease_holder(struct strata_conn *conn, char *out, size_t size) {
  char sql[800], text[400] = "";
  struct strata_error ignored;
  snprintf(sql, sizeof sql,
           "SELECT CONCAT(holder, ' since ', DATE_FORMAT(acquired_at, "
           "'%%Y-%%m-%%dT%%H:%%i:%%sZ'), IF(expires_at < UTC_TIMESTAMP(6), "
           "', expired', CONCAT(', expiring in ', CEIL(TIMESTAMPDIFF("
           "MICROSECOND, UTC_TIMESTAMP(6), expires_at) / 1000000), "
           "' s unless renewed'))) FROM `%s` WHERE name = '%s'",
           conn->lease_table, conn->lease_key);
  run(conn, sql, read_text, text, &ignored);
  snprintf(out, size, "%s",
           *text ? text : "another runner, which has just let it go");
}

static void report_holder(struct strata_conn *conn) {
  char holder[400];
  mysqldrv_lease_holder(conn, holder, sizeof holder);
  conn->host->notice(conn->host->host_ctx,
                     "waiting for the migration lease: held by %s", holder);
}

static int give_up(struct strata_conn *conn, int timeout_ms,
                   struct strata_error *err) {
  char holder[400];
  mysqldrv_lease_holder(conn, holder, sizeof holder);
  return mysqldrv_fail(conn->host, err, STRATA_ELOCK,
                       "could not take the migration lease within %g s: "
                       "held by %s; retry later, raise --lock-timeout, or "
                       "clear a stuck lease with 'strata unlock'",
                       timeout_ms / 1000.0, holder);
}

int mysqldrv_lease_take(struct strata_conn *conn, const char *key,
                        int timeout_ms, struct strata_error *err) {
  snprintf(conn->lease_table, sizeof conn->lease_table, "%s_lock", key);
  snprintf(conn->lease_key, sizeof conn->lease_key, "%s", key);
  make_owner(conn->lease_owner, sizeof conn->lease_owner);
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

int mysqldrv_lease_keep(struct strata_conn *conn, struct strata_error *err) {
  if (!conn->lease_held || conn->in_transaction ||
      now_ms() - conn->lease_renewed_ms < conn->lease_ms / 3.0)
    return 0;
  char sql[512];
  snprintf(sql, sizeof sql,
           "UPDATE `%s` SET expires_at = UTC_TIMESTAMP(6) + INTERVAL %d "
           "MICROSECOND WHERE name = '%s' AND owner = '%s'",
           conn->lease_table, conn->lease_ms * 1000, conn->lease_key,
           conn->lease_owner);
  int rc = run(conn, sql, NULL, NULL, err);
  if (rc == 0 && mysql_affected_rows(conn->mysql) != 1) {
    conn->lease_held = 0;
    return mysqldrv_fail(conn->host, err, STRATA_ELOCK,
                         "lost the migration lease: it expired and another "
                         "runner took it, or 'strata unlock' cleared it; "
                         "raise lock_lease above the longest statement, "
                         "then run again");
  }
  conn->lease_renewed_ms = now_ms();
  return rc;
}

int mysqldrv_lease_release(struct strata_conn *conn, struct strata_error *err) {
  char sql[256];
  snprintf(sql, sizeof sql,
           "DELETE FROM `%s` WHERE name = '%s' AND owner = '%s'",
           conn->lease_table, conn->lease_key, conn->lease_owner);
  int held = conn->lease_held;
  conn->lease_held = 0;
  int rc = run(conn, sql, NULL, NULL, err);
  if (rc == 0 && (mysql_affected_rows(conn->mysql) != 1 || !held))
    rc = mysqldrv_fail(conn->host, err, STRATA_ELOCK,
                       "could not release the migration lease: this runner "
                       "no longer held it, so another may have run "
                       "meanwhile; check 'strata status', and raise "
                       "lock_lease above the longest migration");
  return rc;
}

static int read_found(void *ctx, int columns, const char *const *values,
                      const size_t *lengths) {
  *(int *)ctx = 1;
  return 0;
}

/* The lease row for key, described, into out; "" when there is none. */
static int lease_row(struct strata_conn *conn, const char *key, char *out,
                     size_t size, struct strata_error *err) {
  char sql[300];
  int found = 0;
  snprintf(conn->lease_table, sizeof conn->lease_table, "%s_lock", key);
  snprintf(conn->lease_key, sizeof conn->lease_key, "%s", key);
  out[0] = '\0';
  snprintf(sql, sizeof sql,
           "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
           "DATABASE() AND TABLE_NAME = '%s'",
           conn->lease_table);
  int rc = run(conn, sql, read_found, &found, err);
  if (rc != 0 || !found)
    return rc;
  found = 0;
  snprintf(sql, sizeof sql, "SELECT 1 FROM `%s` WHERE name = '%s'",
           conn->lease_table, conn->lease_key);
  rc = run(conn, sql, read_found, &found, err);
  if (rc == 0 && found)
    mysqldrv_lease_holder(conn, out, size);
  return rc;
}

int mysqldrv_lock_holder(struct strata_conn *conn, const char *key, char *out,
                         size_t size, int *is_lease, struct strata_error *err) {
  int rc = lease_row(conn, key, out, size, err);
  *is_lease = rc == 0 && out[0] != '\0';
  if (rc == 0 && !*is_lease)
    rc = mysqldrv_session_lock_holder(conn, key, out, size, err);
  return rc;
}

int mysqldrv_clear_lease(struct strata_conn *conn, const char *key, char *out,
                         size_t size, struct strata_error *err) {
  int rc = lease_row(conn, key, out, size, err);
  if (rc != 0 || out[0] == '\0')
    return rc;
  char sql[300];
  snprintf(sql, sizeof sql, "DELETE FROM `%s` WHERE name = '%s'",
           conn->lease_table, conn->lease_key);
  return run(conn, sql, NULL, NULL, err);
}
