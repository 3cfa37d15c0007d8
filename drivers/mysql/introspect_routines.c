/*
 * introspect_routines.c - stored procedures and functions.
 *
 * SHOW CREATE PROCEDURE would give each one whole, but costs a round trip
 * per routine and carries the DEFINER.  Instead the CREATE statement is
 * rebuilt from two queries for the whole database: ROUTINES for the body,
 * return type and characteristics, PARAMETERS for the arguments.  A body
 * in which information_schema may have lost a character is read again
 * (introspect_exact.c).  The session each was created under goes with it
 * (introspect_settings.c).
 */
#include <stdlib.h>
#include <string.h>

#include "mysqldrv.h"

enum routine_value {
  R_NAME,
  R_TYPE,
  R_RETURNS,
  R_BODY,
  R_DETERMINISTIC,
  R_DATA_ACCESS,
  R_SECURITY,
  R_COMMENT,
  R_SESSION /* the four values mysqldrv_session_keep() takes */
};

/* A routine read but not yet put in the model. */
struct pending_routine {
  struct strata_routine *routine;
  int is_function;
  char *tail;                  /* RETURNS and characteristics */
  const char *body;            /* in the model */
  struct mysqldrv_text params; /* "IN `a` int(11), ..." */
  struct mysqldrv_text types;  /* "int(11),..." */
  struct mysqldrv_program_session session;
};

struct routine_reader {
  struct mysqldrv_catalog *cat;
  struct pending_routine *routines;
  size_t count;
  size_t size;
  size_t found; /* the routine the previous parameter belonged to */
};

/* RETURNS ..., then one line per characteristic that is not the default,
 * each ending in a line break. */
static char *routine_tail(const char *const *values, int is_function) {
  struct mysqldrv_text t = {0};
  if (is_function) {
    mysqldrv_text_puts(&t, " RETURNS ");
    mysqldrv_text_puts(&t, values[R_RETURNS] ? values[R_RETURNS] : "");
  }
  if (values[R_DATA_ACCESS] != NULL &&
      strcmp(values[R_DATA_ACCESS], "CONTAINS SQL") != 0) {
    mysqldrv_text_puts(&t, "\n  ");
    mysqldrv_text_puts(&t, values[R_DATA_ACCESS]);
  }
  if (values[R_DETERMINISTIC] && strcmp(values[R_DETERMINISTIC], "YES") == 0)
    mysqldrv_text_puts(&t, "\n  DETERMINISTIC");
  if (values[R_SECURITY] && strcmp(values[R_SECURITY], "INVOKER") == 0)
    mysqldrv_text_puts(&t, "\n  SQL SECURITY INVOKER");
  if (values[R_COMMENT] != NULL && values[R_COMMENT][0] != '\0') {
    mysqldrv_text_puts(&t, "\n  COMMENT ");
    mysqldrv_text_literal(&t, values[R_COMMENT]);
  }
  mysqldrv_text_puts(&t, "\n");
  if (t.failed) {
    mysqldrv_text_release(&t);
    return NULL;
  }
  return t.data;
}

static struct pending_routine *next_pending(struct routine_reader *r) {
  if (r->count == r->size) {
    size_t size = r->size ? 2 * r->size : 16;
    struct pending_routine *bigger =
        realloc(r->routines, size * sizeof *bigger);
    if (bigger == NULL)
      return NULL;
    r->routines = bigger;
    r->size = size;
  }
  memset(&r->routines[r->count], 0, sizeof *r->routines);
  return &r->routines[r->count++];
}

static int take_routine(void *ctx, int columns, const char *const *values,
                        const size_t *lengths) {
  struct routine_reader *r = ctx;
  struct mysqldrv_catalog *cat = r->cat;
  struct pending_routine *p;
  int failed = 0;
  (void)columns;
  if (values[R_BODY] == NULL)
    return mysqldrv_fail(cat->conn->host, cat->err, STRATA_ESQL,
                         "cannot read the body of %s '%s': the account must "
                         "own it or hold SHOW CREATE ROUTINE (MariaDB) or "
                         "SHOW_ROUTINE (MySQL)",
                         values[R_TYPE], values[R_NAME]);
  if ((p = next_pending(r)) == NULL)
    return mysqldrv_catalog_nomem(cat);
  p->is_function = strcmp(values[R_TYPE], "FUNCTION") == 0;
  p->routine =
      STRATA_SCHEMA_APPEND(cat->conn->host, cat->schema, cat->schema->routines,
                           cat->schema->routine_count);
  if (p->routine == NULL ||
      (p->tail = routine_tail(values, p->is_function)) == NULL ||
      mysqldrv_session_keep(&p->session, values + R_SESSION) != 0)
    return mysqldrv_catalog_nomem(cat);
  p->routine->name =
      mysqldrv_catalog_text(cat, values[R_NAME], lengths[R_NAME], &failed);
  p->routine->kind =
      mysqldrv_catalog_text(cat, values[R_TYPE], lengths[R_TYPE], &failed);
  p->body =
      mysqldrv_catalog_text(cat, values[R_BODY], lengths[R_BODY], &failed);
  return failed ? mysqldrv_catalog_nomem(cat) : 0;
}

enum parameter_value { P_ROUTINE, P_TYPE, P_MODE, P_NAME, P_DTD };

/* Parameters come in the routines' order, so the search starts at the
 * routine of the previous parameter: a pass over all routines rather than
 * one per parameter. */
static struct pending_routine *
find_pending(struct routine_reader *r, const char *name, const char *type) {
  int is_function = strcmp(type, "FUNCTION") == 0;
  for (size_t k = 0; k < r->count; k++) {
    size_t i = (r->found + k) % r->count;
    if (r->routines[i].is_function == is_function &&
        strcmp(r->routines[i].routine->name, name) == 0) {
      r->found = i;
      return &r->routines[i];
    }
  }
  return NULL;
}

static int take_parameter(void *ctx, int columns, const char *const *values,
                          const size_t *lengths) {
  struct routine_reader *r = ctx;
  struct pending_routine *p =
      find_pending(r, values[P_ROUTINE], values[P_TYPE]);
  (void)columns;
  (void)lengths;
  if (p == NULL || values[P_NAME] == NULL)
    return 0;
  if (p->params.length > 0) {
    mysqldrv_text_puts(&p->params, ", ");
    mysqldrv_text_puts(&p->types, ",");
  }
  if (!p->is_function && values[P_MODE] != NULL) {
    mysqldrv_text_puts(&p->params, values[P_MODE]);
    mysqldrv_text_puts(&p->params, " ");
  }
  mysqldrv_text_ident(&p->params, values[P_NAME]);
  mysqldrv_text_puts(&p->params, " ");
  mysqldrv_text_puts(&p->params, values[P_DTD]);
  mysqldrv_text_puts(&p->types, values[P_DTD]);
  return p->params.failed || p->types.failed ? mysqldrv_catalog_nomem(r->cat)
                                             : 0;
}

/* CREATE FUNCTION `f`(`a` int) RETURNS int ... body. */
static int finish_routine(struct mysqldrv_catalog *cat,
                          struct pending_routine *p) {
  struct strata_routine *routine = p->routine;
  struct mysqldrv_text t = {0};
  int failed = 0;
  mysqldrv_text_puts(&t, "CREATE ");
  mysqldrv_text_puts(&t, routine->kind);
  mysqldrv_text_puts(&t, " ");
  mysqldrv_text_ident(&t, routine->name);
  mysqldrv_text_puts(&t, "(");
  if (p->params.length > 0)
    mysqldrv_text_puts(&t, p->params.data);
  mysqldrv_text_puts(&t, ")");
  mysqldrv_text_puts(&t, p->tail);
  mysqldrv_text_puts(&t, p->body);
  if (!t.failed)
    routine->definition = mysqldrv_catalog_text(cat, t.data, t.length, &failed);
  if (routine->definition != NULL)
    routine->settings =
        mysqldrv_session_settings(cat, &p->session, routine->definition,
                                  &failed);
  routine->signature = mysqldrv_catalog_text(
      cat, p->types.length ? p->types.data : "", p->types.length, &failed);
  mysqldrv_text_release(&t);
  return failed || t.failed ? mysqldrv_catalog_nomem(cat) : 0;
}

static void release_pending(struct routine_reader *r) {
  for (size_t i = 0; i < r->count; i++) {
    free(r->routines[i].tail);
    mysqldrv_text_release(&r->routines[i].params);
    mysqldrv_text_release(&r->routines[i].types);
    mysqldrv_session_release(&r->routines[i].session);
  }
  free(r->routines);
}

static int take_event(void *ctx, int columns, const char *const *values,
                      const size_t *lengths) {
  const struct mysqldrv_catalog *cat = ctx;
  const struct strata_host *host = cat->conn->host;
  (void)columns;
  (void)lengths;
  host->notice(host->host_ctx,
               "event %s: left out: strata cannot describe events yet",
               values[0]);
  return 0;
}

/* Bodies with a '?' may have lost characters: SHOW CREATE has them. */
static struct mysqldrv_exact routine_body(void *ctx, size_t i) {
  struct pending_routine *p = &((struct routine_reader *)ctx)->routines[i];
  return (struct mysqldrv_exact){
      .kind = p->routine->kind, .name = p->routine->name, .text = &p->body};
}

/* Events are said to be left out rather than dropped unseen. */
int mysqldrv_read_routines(struct mysqldrv_catalog *cat) {
  static const char routines_sql[] =
      "SELECT ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_DEFINITION, "
      "IS_DETERMINISTIC, SQL_DATA_ACCESS, SECURITY_TYPE, ROUTINE_COMMENT, "
      "SQL_MODE, CHARACTER_SET_CLIENT, COLLATION_CONNECTION, "
      "DATABASE_COLLATION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? "
      "AND ROUTINE_TYPE IN ('PROCEDURE', 'FUNCTION') "
      "ORDER BY ROUTINE_TYPE, ROUTINE_NAME";
  static const char parameters_sql[] =
      "SELECT SPECIFIC_NAME, ROUTINE_TYPE, PARAMETER_MODE, PARAMETER_NAME, "
      "DTD_IDENTIFIER FROM information_schema.PARAMETERS "
      "WHERE SPECIFIC_SCHEMA = ? AND ORDINAL_POSITION > 0 "
      "ORDER BY ROUTINE_TYPE, SPECIFIC_NAME, ORDINAL_POSITION";
  static const char events_sql[] =
      "SELECT EVENT_NAME FROM information_schema.EVENTS "
      "WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME";
  struct routine_reader r = {.cat = cat};
  int rc = mysqldrv_catalog_query(cat, routines_sql, take_routine, &r);
  if (rc == 0 && r.count > 0)
    rc = mysqldrv_catalog_query(cat, parameters_sql, take_parameter, &r);
  if (rc == 0)
    rc = mysqldrv_read_exact(cat, routine_body, &r, r.count);
  for (size_t i = 0; rc == 0 && i < r.count; i++)
    rc = finish_routine(cat, &r.routines[i]);
  release_pending(&r);
  if (rc == 0)
    rc = mysqldrv_catalog_query(cat, events_sql, take_event, cat);
  return rc;
}
