/*
 * introspect_domains.c - domains: a base type with a default, NOT NULL and
 * CHECK constraints, which the schema's columns may be of.
 */
#include "postgres.h"

/* One row per CHECK (none: one row with NULLs), in oid order, so that a
 * domain comes after the domain it is built on.  The collation is named
 * only when it is not the base type's own. */
static const char domains_sql[] =
    "SELECT t.oid, t.typname, "
    "pg_catalog.format_type(t.typbasetype, t.typtypmod), co.collname, "
    "t.typdefault, t.typnotnull, k.conname, "
    "pg_catalog.pg_get_expr(k.conbin, 0) "
    "FROM pg_catalog.pg_type t "
    "JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype "
    "LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation "
    "AND t.typcollation <> b.typcollation "
    "LEFT JOIN pg_catalog.pg_constraint k ON k.contypid = t.oid "
    "AND k.contype = 'c' "
    "WHERE t.typnamespace = ? AND t.typtype = 'd' AND " POSTGRES_NOT_FROM_EXTENSION(
        "pg_type", "t.oid") " ORDER BY t.oid, k.conname";

enum {
  DOMAIN_OID,
  DOMAIN_NAME,
  DOMAIN_BASE,
  DOMAIN_COLLATION,
  DOMAIN_DEFAULT,
  DOMAIN_NOT_NULL,
  DOMAIN_CHECK_NAME,
  DOMAIN_CHECK
};

#define TEXT(i) postgres_introspect_text(ix, values[i], lengths[i])

static int read_domain(void *ctx, int columns, const char *const *values,
                       const size_t *lengths) {
  struct postgres_introspection *ix = ctx;
  const struct strata_host *host = ix->conn->host;
  (void)columns;
  if (postgres_introspect_next(ix, values[DOMAIN_OID])) {
    struct strata_domain *d = STRATA_SCHEMA_APPEND(
        host, ix->schema, ix->schema->domains, ix->schema->domain_count);
    if (d != NULL) {
      d->name = TEXT(DOMAIN_NAME);
      d->base_text = TEXT(DOMAIN_BASE);
      d->collation = TEXT(DOMAIN_COLLATION);
      d->default_expr = TEXT(DOMAIN_DEFAULT);
      d->not_null = postgres_introspect_bool(values[DOMAIN_NOT_NULL]);
    }
    ix->last = d;
  }
  struct strata_domain *d = ix->last;
  struct strata_check *k = NULL;
  if (d == NULL)
    ix->out_of_memory = 1;
  else if (values[DOMAIN_CHECK] != NULL &&
           (k = STRATA_SCHEMA_APPEND(host, ix->schema, d->checks,
                                     d->check_count)) == NULL)
    ix->out_of_memory = 1;
  if (k != NULL) {
    k->name = TEXT(DOMAIN_CHECK_NAME);
    k->expression = TEXT(DOMAIN_CHECK);
  }
  return postgres_introspect_row_done(ix);
}

int postgres_introspect_domains(struct postgres_introspection *ix) {
  return postgres_introspect_query(ix, domains_sql, read_domain);
}
