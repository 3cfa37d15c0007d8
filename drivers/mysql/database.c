/*
 * database.c - `strata create` and `strata drop`: CREATE DATABASE and DROP
 * DATABASE over a session that selects no database.
 */
#include <stdlib.h>

#include "mysqldrv.h"

/* A statement on a database, and the server error number that means the
 * database is already there (CREATE) or not there (DROP). */
struct database_action {
  const char *verb;
  const char *tail;
  unsigned refusal;
  int code;
  const char *refusal_text;
};

static const struct database_action create_action = {
    "CREATE DATABASE ", " CHARACTER SET utf8mb4", 1007, STRATA_EINVAL,
    "already exists"};
static const struct database_action drop_action = {
    "DROP DATABASE ", "", 1008, STRATA_ENOTFOUND, "does not exist"};

/* Runs the action on the database name ("CREATE DATABASE `a``b` ..." for
 * the name a`b), over a session that selects no database. */
static int run_statement(const struct strata_host *host,
                         const struct strata_url *url,
                         const struct database_action *a, const char *name,
                         struct strata_error *err) {
  struct mysqldrv_text sql = {0};
  MYSQL *m = NULL;
  int rc;
  mysqldrv_text_puts(&sql, a->verb);
  mysqldrv_text_ident(&sql, name);
  mysqldrv_text_puts(&sql, a->tail);
  if (sql.failed)
    rc = mysqldrv_fail(host, err, STRATA_ENOMEM, "out of memory");
  else
    rc = mysqldrv_open(host, url, NULL, &m, err);
  if (rc == 0)
    rc = mysqldrv_run(host, m, sql.data, sql.length, NULL, NULL, err);
  if (rc != 0 && m != NULL && mysql_errno(m) == a->refusal)
    rc = mysqldrv_fail(host, err, a->code, "database '%s' %s on '%s'", name,
                       a->refusal_text, url->redacted);
  if (m != NULL)
    mysql_close(m);
  mysqldrv_text_release(&sql);
  return rc;
}

static int run_action(const struct strata_host *host,
                      const struct strata_url *url,
                      const struct database_action *a,
                      struct strata_error *err) {
  char *name;
  int rc = mysqldrv_url_database(host, url, &name, err);
  if (rc != 0)
    return rc;
  if (name == NULL)
    return mysqldrv_fail(host, err, STRATA_EURL,
                         "'%s' names no database; add it to the URL, as in "
                         "mysql://host/app",
                         url->redacted);
  rc = run_statement(host, url, a, name, err);
  free(name);
  return rc;
}

int mysqldrv_create_database(const struct strata_host *host,
                             const struct strata_url *url,
                             struct strata_error *err) {
  return run_action(host, url, &create_action, err);
}

int mysqldrv_drop_database(const struct strata_host *host,
                           const struct strata_url *url,
                           struct strata_error *err) {
  return run_action(host, url, &drop_action, err);
}
