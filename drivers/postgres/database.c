/*
 * database.c - creating and dropping the database a URL names.
 *
 * A database cannot be created or dropped from inside itself, so these
 * connect with the URL's parameters to a maintenance database instead:
 * "postgres", or "template1" where "postgres" is missing (or is the one to
 * drop).
 */
#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const maintenance_databases[] = {"postgres", "template1"};

static int open_maintenance(const struct strata_url *url, const char *target,
                            PGconn **pg, struct strata_error *err) {
  int rc = STRATA_ENOTFOUND;
  for (size_t i = 0; i < 2 && rc == STRATA_ENOTFOUND; i++)
    if (strcmp(maintenance_databases[i], target) != 0)
      rc = postgres_open(url, maintenance_databases[i], pg, err);
  return rc;
}

static int target_name(const struct strata_url *url, const char **name,
                       struct strata_error *err) {
  *name = postgres_url_dbname(url);
  if (**name != '\0')
    return 0;
  return postgres_error_set(err, STRATA_EURL,
                            "URL '%s' names no database: add it as the path, "
                            "as in postgres://host/app",
                            url->redacted);
}

/* Sends "VERB DATABASE name" and turns the usual refusals into messages
 * about the database. */
static int run_on_database(PGconn *pg, const char *verb, const char *name,
                           struct strata_error *err) {
  char *quoted;
  int rc = postgres_quote_ident(pg, name, &quoted, err);
  if (rc != 0)
    return rc;
  size_t n = strlen(verb) + strlen(quoted) + 16;
  char *sql = malloc(n);
  if (sql == NULL) {
    free(quoted);
    return postgres_error_set(err, STRATA_ENOMEM, "out of memory");
  }
  snprintf(sql, n, "%s DATABASE %s", verb, quoted);
  PGresult *res = PQexec(pg, sql);
  rc = PQresultStatus(res) == PGRES_COMMAND_OK
           ? 0
           : postgres_result_error(pg, res, sql, strlen(sql), err);
  PQclear(res);
  free(sql);
  free(quoted);
  return rc;
}

static int explain_create_failure(const char *name, struct strata_error *err) {
  if (strcmp(err->sqlstate, "42P04") == 0)
    return postgres_error_set(err, STRATA_EINVAL,
                              "database '%s' already exists", name);
  return err->code;
}

/* Other sessions keep a database from being dropped; the server's detail
 * says how many. */
static int explain_drop_failure(const char *name, struct strata_error *err) {
  if (strcmp(err->sqlstate, "3D000") == 0)
    return postgres_error_set(err, STRATA_ENOTFOUND,
                              "database '%s' does not exist", name);
  if (strcmp(err->sqlstate, "55006") == 0) {
    char detail[sizeof err->detail];
    snprintf(detail, sizeof detail, "%s", err->detail);
    postgres_error_set(err, STRATA_ESQL,
                       "cannot drop database '%s': other sessions are "
                       "connected to it; close them and retry",
                       name);
    snprintf(err->sqlstate, sizeof err->sqlstate, "55006");
    postgres_error_detail(err, "%s", detail);
  }
  return err->code;
}

static int change_database(const struct strata_url *url, const char *verb,
                           int (*explain)(const char *, struct strata_error *),
                           struct strata_error *err) {
  const char *name;
  int rc = target_name(url, &name, err);
  PGconn *pg = NULL;
  if (rc == 0)
    rc = open_maintenance(url, name, &pg, err);
  if (rc == 0)
    rc = run_on_database(pg, verb, name, err);
  if (rc == STRATA_ESQL && err != NULL)
    rc = explain(name, err);
  PQfinish(pg);
  return rc;
}

int postgres_create_database(const struct strata_host *host,
                             const struct strata_url *url,
                             struct strata_error *err) {
  (void)host;
  return change_database(url, "CREATE", explain_create_failure, err);
}

int postgres_drop_database(const struct strata_host *host,
                           const struct strata_url *url,
                           struct strata_error *err) {
  (void)host;
  return change_database(url, "DROP", explain_drop_failure, err);
}
