/*
 * database.c - `strata create` and `strata drop`: CREATE DATABASE and DROP
 * DATABASE over a session that selects no database.
 */
#include <stdlib.h>
#include <string.h>

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

/* "CREATE DATABASE `a``b` ..." for the name a`b. */
static char *database_statement(const struct database_action *a,
                                const char *name) {
  size_t n = strlen(a->verb) + 2 * strlen(name) + strlen(a->tail) + 3;
  char *sql = malloc(n), *w = sql;
  if (sql == NULL)
    return NULL;
  w = stpcpy(w, a->verb);
  *w++ = '`';
  for (const char *p = name; *p; p++) {
    if (*p == '`')
      *w++ = '`';
    *w++ = *p;
  }
  *w++ = '`';
  strcpy(w, a->tail);
  return sql;
}

static int run_statement(const struct strata_host *host,
                         const struct strata_url *url,
                         const struct database_action *a, const char *name,
                         struct strata_error *err) {
  char *sql = database_statement(a, name);
  MYSQL *m = NULL;
  int rc;
  if (sql == NULL)
    return mysqldrv_fail(host, err, STRATA_ENOMEM, "out of memory");
  rc = mysqldrv_open(host, url, NULL, &m, err);
  if (rc == 0)
    rc = mysqldrv_run(host, m, sql, strlen(sql), NULL, NULL, err);
  if (rc != 0 && m != NULL && mysql_errno(m) == a->refusal)
    rc = mysqldrv_fail(host, err, a->code, "database '%s' %s on '%s'", name,
                       a->refusal_text, url->redacted);
  if (m != NULL)
    mysql_close(m);
  free(sql);
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
