/*
 * error.c - client and server errors as strata errors.
 *
 * The error number decides the code.  Only a server that cannot be reached
 * is STRATA_ECONNECT, which the core retries for --wait; a refused login
 * and an unknown database are final.  Messages never hold the password:
 * they name the URL as redacted by the core, and the server's own text
 * says only whether a password was used.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mysqldrv.h"

/* Error numbers of libmysqlclient and MariaDB Connector/C, written out
 * (under names clear of their ER_ and CR_ macros) because each library's
 * headers name only some of them. */
enum {
  ERRNO_DBACCESS_DENIED = 1044,
  ERRNO_ACCESS_DENIED = 1045,
  ERRNO_BAD_DB = 1049,
  ERRNO_SERVER_SHUTDOWN = 1053,
  ERRNO_UNKNOWN_COMMAND = 1047, /* Galera: the node is not in the primary */
  ERRNO_LOCK_WAIT_TIMEOUT = 1205,
  ERRNO_DEADLOCK = 1213, /* also Galera's certification failure */
  ERRNO_HOST_IS_BLOCKED = 1129,
  ERRNO_HOST_NOT_PRIVILEGED = 1130,
  ERRNO_NOT_SUPPORTED_AUTH_MODE = 1251,
  ERRNO_ACCESS_DENIED_NO_PASSWORD = 1698,
  ERRNO_CONNECTION_KILLED = 1927, /* MariaDB */
  ERRNO_SERVER_GONE = 2006,
  ERRNO_SERVER_LOST = 2013,
  ERRNO_SERVER_LOST_EXTENDED = 2055,
  ERRNO_AUTH_PLUGIN_CANNOT_LOAD = 2059,
  ERRNO_AUTH_PLUGIN_ERR = 2061,
  ERRNO_CLIENT_INTERACTION_TIMEOUT = 4031 /* MySQL 8 */
};

int mysqldrv_fail(const struct strata_host *host, struct strata_error *err,
                  int code, const char *fmt, ...) {
  char message[sizeof(err->message)];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof(message), fmt, ap);
  va_end(ap);
  host->error_set(err, code, "%s", message);
  if (err != NULL) {
    err->sqlstate[0] = '\0';
    err->offset = -1;
  }
  return code;
}

static int login_refused(unsigned no) {
  switch (no) {
  case ERRNO_DBACCESS_DENIED:
  case ERRNO_ACCESS_DENIED:
  case ERRNO_HOST_IS_BLOCKED:
  case ERRNO_HOST_NOT_PRIVILEGED:
  case ERRNO_NOT_SUPPORTED_AUTH_MODE:
  case ERRNO_ACCESS_DENIED_NO_PASSWORD:
  case ERRNO_AUTH_PLUGIN_CANNOT_LOAD:
  case ERRNO_AUTH_PLUGIN_ERR: return 1;
  default: return 0;
  }
}

static int connection_lost(unsigned no) {
  switch (no) {
  case ERRNO_SERVER_SHUTDOWN:
  case ERRNO_CONNECTION_KILLED:
  case ERRNO_SERVER_GONE:
  case ERRNO_SERVER_LOST:
  case ERRNO_SERVER_LOST_EXTENDED:
  case ERRNO_CLIENT_INTERACTION_TIMEOUT: return 1;
  default: return 0;
  }
}

/* Errors numbered from 2000 are the client library's own, whose SQLSTATE
 * is always the uninformative HY000: only the server's are kept. */
static void copy_sqlstate(struct strata_error *err, MYSQL *m) {
  if (err != NULL && mysql_errno(m) < 2000)
    snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", mysql_sqlstate(m));
}

int mysqldrv_connect_error(const struct strata_host *host, MYSQL *m,
                           const char *redacted, const char *dbname,
                           struct strata_error *err) {
  unsigned no = mysql_errno(m);
  int rc;
  if (no == ERRNO_BAD_DB && dbname != NULL)
    rc = mysqldrv_fail(host, err, STRATA_ENOTFOUND,
                       "database '%s' does not exist on '%s'; run 'strata "
                       "create' to create it",
                       dbname, redacted);
  else if (login_refused(no))
    rc = mysqldrv_fail(host, err, STRATA_EAUTH, "cannot log in to '%s': %s",
                       redacted, mysql_error(m));
  else
    rc = mysqldrv_fail(host, err, STRATA_ECONNECT, "cannot connect to '%s': %s",
                       redacted, mysql_error(m));
  copy_sqlstate(err, m);
  return rc;
}

/* The server's message on one line: a parse error quotes the statement,
 * line breaks included. */
static void one_line(char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < ' ')
      *s = ' ';
}

/* A Galera node cut off from the rest refuses every statement until it
 * is back in the primary component. */
static int lost_quorum(const struct strata_host *host, MYSQL *m,
                       struct strata_error *err) {
  mysqldrv_fail(host, err, STRATA_ECONNECT,
                "this Galera node is not part of the cluster's primary "
                "component (it lost quorum), so it runs no statement; point "
                "the URL at a node where SHOW STATUS LIKE "
                "'wsrep_cluster_status' says Primary, or restore the "
                "cluster (ERROR %u: %s)",
                mysql_errno(m), mysql_error(m));
  copy_sqlstate(err, m);
  return STRATA_ECONNECT;
}

int mysqldrv_server_error(const struct strata_host *host, MYSQL *m,
                          const char *sql, size_t len,
                          struct strata_error *err) {
  unsigned no = mysql_errno(m);
  /* 1205: lock_wait_timeout (lock_wait.c) or innodb_lock_wait_timeout;
   * 1213: a deadlock, or on Galera a write set another node's beat at
   * certification.  Either rolled the statement back: worth a retry. */
  int code = connection_lost(no) ? STRATA_ECONNECT
             : no == ERRNO_LOCK_WAIT_TIMEOUT || no == ERRNO_DEADLOCK
                 ? STRATA_ELOCK
                 : STRATA_ESQL;
  if (no == ERRNO_UNKNOWN_COMMAND && strstr(mysql_error(m), "WSREP") != NULL)
    return lost_quorum(host, m, err);
  char message[sizeof(err->message)];
  snprintf(message, sizeof(message), "%s", mysql_error(m));
  one_line(message);
  mysqldrv_fail(host, err, code, "ERROR %u (%s): %s", no, mysql_sqlstate(m),
                message);
  copy_sqlstate(err, m);
  if (err != NULL && sql != NULL)
    err->offset = mysqldrv_error_position(sql, len, mysql_error(m));
  return code;
}
