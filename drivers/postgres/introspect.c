/*
 * introspect.c - the live schema as a model: the run of queries, and what
 * their row handlers share.
 *
 * The queries read pg_catalog for the whole schema at once, one query per
 * object class, so a thousand tables cost no more round trips than one.
 * They run in one read-only REPEATABLE READ transaction, which gives every
 * query the same snapshot, and under fixed output settings, so a default
 * such as '2025-01-08'::date reads the same whatever the session's DateStyle.
 */
#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char snapshot_sql[] =
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
    "SET LOCAL DateStyle = 'ISO, YMD'; "
    "SET LOCAL IntervalStyle = 'postgres'; "
    "SET LOCAL extra_float_digits = 3";

static const char schema_sql[] =
    "SELECT n.oid, n.nspname, pg_catalog.quote_ident(n.nspname) "
    "FROM pg_catalog.pg_namespace n "
    "WHERE n.nspname = pg_catalog.current_schema()";

int postgres_introspect_query(struct postgres_introspection *ix,
                              const char *sql, strata_row_fn on_row) {
  const char *params[] = {ix->namespace_oid};
  ix->last_oid = 0;
  ix->last = NULL;
  return postgres_query(ix->conn, sql, params, 1, on_row, ix, ix->err);
}

const char *postgres_introspect_text(struct postgres_introspection *ix,
                                     const char *value, size_t length) {
  if (value == NULL)
    return NULL;
  const char *copy = ix->conn->host->schema_strndup(ix->schema, value, length);
  if (copy == NULL)
    ix->out_of_memory = 1;
  return copy;
}

int postgres_introspect_bool(const char *value) {
  return value != NULL && value[0] == 't';
}

int postgres_introspect_next(struct postgres_introspection *ix,
                             const char *oid) {
  unsigned long n = strtoul(oid, NULL, 10);
  if (ix->last != NULL && n == ix->last_oid)
    return 0;
  ix->last_oid = n;
  ix->last = NULL;
  return 1;
}

int postgres_introspect_row_done(struct postgres_introspection *ix) {
  if (!ix->out_of_memory)
    return 0;
  return postgres_error_set(ix->err, STRATA_ENOMEM, "out of memory");
}

struct strata_table *
postgres_introspect_table(const struct postgres_introspection *ix,
                          const char *oid) {
  unsigned long n = strtoul(oid, NULL, 10);
  size_t lo = 0, hi = ix->table_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ix->tables[mid].oid == n)
      return ix->tables[mid].table;
    if (ix->tables[mid].oid < n)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

const char *postgres_introspect_unqualify(struct postgres_introspection *ix,
                                          const char *text, size_t length,
                                          size_t at) {
  size_t n = strlen(ix->quoted_schema);
  if (at + n + 1 > length || strncmp(text + at, ix->quoted_schema, n) != 0 ||
      text[at + n] != '.')
    return postgres_introspect_text(ix, text, length);
  char *joined = malloc(length - n);
  if (joined == NULL) {
    ix->out_of_memory = 1;
    return NULL;
  }
  memcpy(joined, text, at);
  memcpy(joined + at, text + at + n + 1, length - at - n - 1);
  const char *copy = postgres_introspect_text(ix, joined, length - n - 1);
  free(joined);
  return copy;
}

static int read_schema(void *ctx, int columns, const char *const *values,
                       const size_t *lengths) {
  struct postgres_introspection *ix = ctx;
  (void)columns;
  snprintf(ix->namespace_oid, sizeof ix->namespace_oid, "%s", values[0]);
  ix->schema->name = postgres_introspect_text(ix, values[1], lengths[1]);
  ix->quoted_schema = postgres_introspect_text(ix, values[2], lengths[2]);
  return postgres_introspect_row_done(ix);
}

static int find_schema(struct postgres_introspection *ix) {
  int rc =
      postgres_query(ix->conn, schema_sql, NULL, 0, read_schema, ix, ix->err);
  if (rc == 0 && ix->quoted_schema == NULL)
    rc = postgres_error_set(ix->err, STRATA_ENOTFOUND,
                            "no schema to describe: the search_path names "
                            "none that exists");
  return rc;
}

/* Tables first: the other classes attach to them. */
static int read_all(struct postgres_introspection *ix) {
  int (*const steps[])(struct postgres_introspection *) = {
      postgres_introspect_tables,      postgres_introspect_columns,
      postgres_introspect_constraints, postgres_introspect_indexes,
      postgres_introspect_triggers,    postgres_introspect_enums,
      postgres_introspect_domains,     postgres_introspect_sequences,
      postgres_introspect_views,
      postgres_introspect_routines};
  int rc = find_schema(ix);
  for (size_t i = 0; rc == 0 && i < sizeof steps / sizeof *steps; i++)
    rc = steps[i](ix);
  return rc;
}

/* A caller already in a transaction keeps it, and its settings. */
int postgres_introspect(struct strata_conn *conn, struct strata_schema *schema,
                        struct strata_error *err) {
  struct postgres_introspection ix = {
      .conn = conn, .schema = schema, .err = err};
  int own = PQtransactionStatus(conn->pg) == PQTRANS_IDLE;
  int rc =
      own ? postgres_exec(conn, snapshot_sql, strlen(snapshot_sql), err) : 0;
  if (rc == 0)
    rc = read_all(&ix);
  if (own && PQtransactionStatus(conn->pg) != PQTRANS_IDLE) {
    struct strata_error ignored;
    if (rc == 0)
      rc = postgres_commit(conn, err);
    else
      postgres_rollback(conn, &ignored);
  }
  free(ix.tables);
  return rc;
}
