/*
 * lease.c - the migration lock as a lease row (common/lease.c), for
 * Galera clusters, in MySQL's SQL.
 *
 * GET_LOCK() is local to one server: on a Galera cluster runners on
 * different nodes each get "the" lock.  There (detected by wsrep_on, or
 * with lock = lease) the lock is a row of the table <key>_lock, which the
 * cluster replicates: one INSERT ... ON DUPLICATE KEY UPDATE takes it when
 * it is absent or expired, and a read of the row says who won.  Two nodes
 * taking it at once conflict at certification and one of them gets error
 * 1213, which is only a lost round.  Times are the servers' UTC clocks, so
 * the nodes' clocks must agree (NTP) within the lease.
 */
#include <stdio.h>
#include <string.h>

#include "mysqldrv.h"

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

/* Runs sql, a statement that changes rows; *rows is how many. */
static int change(struct strata_conn *conn, const char *sql, int *rows,
                  struct strata_error *err) {
  int rc = run(conn, sql, NULL, NULL, err);
  *rows = rc == 0 ? (int)mysql_affected_rows(conn->mysql) : 0;
  return rc;
}

/* CREATE TABLE IF NOT EXISTS waits for the table name's metadata lock, so
 * runners creating it at once do so one after the other. */
static int create_table(struct strata_conn *conn, struct strata_error *err) {
  char sql[512];
  snprintf(sql, sizeof sql,
           "CREATE TABLE IF NOT EXISTS `%s` (name VARCHAR(64) PRIMARY KEY, "
           "owner VARCHAR(40) NOT NULL, holder VARCHAR(255) NOT NULL, "
           "acquired_at DATETIME(6) NOT NULL, expires_at DATETIME(6) NOT NULL) "
           "ENGINE=InnoDB",
           conn->lease.table);
  return run(conn, sql, NULL, NULL, err);
}

/* The row changes hands only where it has expired; expires_at is set last,
 * so each IF() before it still reads the old expiry. */
static int try_take(struct strata_conn *conn, int *got,
                    struct strata_error *err) {
  char sql[1400], holder[300], owner[400] = "";
  common_lease_holder_name(holder, sizeof holder);
  const char *now = "UTC_TIMESTAMP(6)";
  snprintf(sql, sizeof sql,
           "INSERT INTO `%s` VALUES ('%s', '%s', '%s', %s, %s + INTERVAL %d "
           "MICROSECOND) ON DUPLICATE KEY UPDATE "
           "owner = IF(expires_at < %s, VALUES(owner), owner), "
           "holder = IF(expires_at < %s, VALUES(holder), holder), "
           "acquired_at = IF(expires_at < %s, VALUES(acquired_at), "
           "acquired_at), "
           "expires_at = IF(expires_at < %s, VALUES(expires_at), expires_at)",
           conn->lease.table, conn->lease.key, conn->lease.owner, holder, now,
           now, conn->lease.ms * 1000, now, now, now, now);
  int rc = run(conn, sql, NULL, NULL, err);
  *got = 0;
  /* 1213 (ELOCK): another node took it in the same instant. */
  if (rc == STRATA_ELOCK)
    return 0;
  if (rc == 0) {
    snprintf(sql, sizeof sql, "SELECT owner FROM `%s` WHERE name = '%s'",
             conn->lease.table, conn->lease.key);
    rc = run(conn, sql, read_text, owner, err);
  }
  *got = rc == 0 && strcmp(owner, conn->lease.owner) == 0;
  return rc;
}

static int renew(struct strata_conn *conn, int *rows,
                 struct strata_error *err) {
  char sql[512];
  snprintf(sql, sizeof sql,
           "UPDATE `%s` SET expires_at = UTC_TIMESTAMP(6) + INTERVAL %d "
           "MICROSECOND WHERE name = '%s' AND owner = '%s'",
           conn->lease.table, conn->lease.ms * 1000, conn->lease.key,
           conn->lease.owner);
  return change(conn, sql, rows, err);
}

static int remove_row(struct strata_conn *conn, int mine, int *rows,
                      struct strata_error *err) {
  char sql[256];
  snprintf(sql, sizeof sql, "DELETE FROM `%s` WHERE name = '%s'%s%s%s",
           conn->lease.table, conn->lease.key, mine ? " AND owner = '" : "",
           mine ? conn->lease.owner : "", mine ? "'" : "");
  return change(conn, sql, rows, err);
}

static int read_found(void *ctx, int columns, const char *const *values,
                      const size_t *lengths) {
  *(int *)ctx = 1;
  return 0;
}

static int find_row(struct strata_conn *conn, int *found,
                    struct strata_error *err) {
  char sql[300];
  *found = 0;
  snprintf(sql, sizeof sql,
           "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
           "DATABASE() AND TABLE_NAME = '%s'",
           conn->lease.table);
  int rc = run(conn, sql, read_found, found, err);
  if (rc != 0 || !*found)
    return rc;
  *found = 0;
  snprintf(sql, sizeof sql, "SELECT 1 FROM `%s` WHERE name = '%s'",
           conn->lease.table, conn->lease.key);
  return run(conn, sql, read_found, found, err);
}

static void describe(struct strata_conn *conn, char *out, size_t size) {
  char sql[800], text[400] = "";
  struct strata_error ignored;
  snprintf(sql, sizeof sql,
           "SELECT CONCAT(holder, ' since ', DATE_FORMAT(acquired_at, "
           "'%%Y-%%m-%%dT%%H:%%i:%%sZ'), IF(expires_at < UTC_TIMESTAMP(6), "
           "', expired', CONCAT(', expiring in ', CEIL(TIMESTAMPDIFF("
           "MICROSECOND, UTC_TIMESTAMP(6), expires_at) / 1000000), "
           "' s unless renewed'))) FROM `%s` WHERE name = '%s'",
           conn->lease.table, conn->lease.key);
  run(conn, sql, read_text, text, &ignored);
  snprintf(out, size, "%s", text);
}

static int in_transaction(struct strata_conn *conn) {
  return conn->in_transaction;
}

static const struct common_lease_ops lease_ops = {
    create_table, try_take, renew,          remove_row,
    find_row,     describe, in_transaction, mysqldrv_session_lock_holder};

void mysqldrv_lease_init(struct strata_conn *conn) {
  conn->lease.ops = &lease_ops;
  conn->lease.host = conn->host;
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
  return common_lease_choose(&conn->lease, conn, kind, lease_ms, on_galera,
                             is_lease, err);
}

int mysqldrv_lease_keep(struct strata_conn *conn, struct strata_error *err) {
  return common_lease_keep(&conn->lease, conn, err);
}

int mysqldrv_lock_holder(struct strata_conn *conn, const char *key, char *out,
                         size_t size, int *is_lease, struct strata_error *err) {
  return common_lock_holder(&conn->lease, conn, key, out, size, is_lease, err);
}

int mysqldrv_clear_lease(struct strata_conn *conn, const char *key, char *out,
                         size_t size, struct strata_error *err) {
  return common_lease_clear(&conn->lease, conn, key, out, size, err);
}
