/*
 * lock_wait.c - how long a statement waits for a table lock, and who holds
 * the locks it gave up on.
 *
 * lock_wait_timeout bounds the wait for a metadata lock (an ALTER TABLE
 * behind a transaction that read the table), innodb_lock_wait_timeout the
 * wait for a row lock; both are whole seconds.  Either gives up with error
 * 1205, which error.c turns into STRATA_ELOCK.
 */
#include <stdio.h>
#include <string.h>

#include "mysqldrv.h"

int mysqldrv_set_statement_lock_timeout(struct strata_conn *conn,
                                        int timeout_ms,
                                        struct strata_error *err) {
  char sql[128];
  int s = (timeout_ms + 999) / 1000;
  if (timeout_ms <= 0)
    snprintf(sql, sizeof sql,
             "SET SESSION lock_wait_timeout = DEFAULT, "
             "innodb_lock_wait_timeout = DEFAULT");
  else
    snprintf(sql, sizeof sql,
             "SET SESSION lock_wait_timeout = %d, "
             "innodb_lock_wait_timeout = %d",
             s, s);
  return mysqldrv_query(conn, sql, NULL, 0, NULL, NULL, err);
}

/* One row of the query below: connection, user@host, seconds, command,
 * statement. */
static void add_holder(struct common_holders *h, const char *const *values) {
  common_holders_add(h, "connection %s (%s, transaction open %s s, %s%s%.60s)",
                     values[0], values[1] ? values[1] : "?",
                     values[2] ? values[2] : "?", values[3] ? values[3] : "?",
                     values[4] ? ": " : "", values[4] ? values[4] : "");
}

/* A metadata lock is held until its transaction ends, so the sessions in
 * the way are those with a transaction open, oldest first (MariaDB shows
 * metadata locks themselves only through a plugin). */
int mysqldrv_describe_lock_holders(struct strata_conn *conn, const char *sql,
                                   size_t length, char *out, size_t size,
                                   struct strata_error *err) {
  (void)sql;
  (void)length;
  struct common_holders h;
  common_holders_init(&h, out, size, 5, add_holder);
  return mysqldrv_query(
      conn,
      "SELECT p.id, CONCAT(p.user, '@', p.host), "
      "TIMESTAMPDIFF(SECOND, t.trx_started, NOW()), p.command, "
      "REPLACE(REPLACE(p.info, '\\n', ' '), '\\r', ' ') "
      "FROM information_schema.innodb_trx t "
      "JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id "
      "WHERE p.id <> CONNECTION_ID() ORDER BY t.trx_started LIMIT 3",
      NULL, 0, common_holders_row, &h, err);
}
