/*
 * introspect_objects.c - the schema's objects that stand beside its
 * tables: enum types, sequences, views and routines.
 */
#include "postgres.h"

#include <stdlib.h>
#include <string.h>

/* One row per label, in the enum's own order (enumsortorder, which is not
 * the order of the oids once ALTER TYPE ... ADD VALUE BEFORE is used). */
static const char enums_sql[] =
    "SELECT t.oid, t.typname, e.enumlabel "
    "FROM pg_catalog.pg_type t "
    "LEFT JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid "
    "WHERE t.typnamespace = ? AND t.typtype = 'e' AND " POSTGRES_NOT_FROM_EXTENSION(
        "pg_type", "t.oid") " ORDER BY t.oid, e.enumsortorder";

enum { ENUM_OID, ENUM_NAME, ENUM_LABEL };

/* An identity column's sequence is part of the column (deptype 'i'); a
 * serial column's is owned by it (deptype 'a'). */
static const char sequences_sql[] =
    "SELECT c.relname, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, "
    "s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, "
    "oc.relname, oa.attname "
    "FROM pg_catalog.pg_sequence s "
    "JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid "
    "LEFT JOIN pg_catalog.pg_depend d "
    "ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
    "AND d.objid = c.oid "
    "AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
    "AND d.deptype IN ('a', 'i') "
    "LEFT JOIN pg_catalog.pg_class oc ON oc.oid = d.refobjid "
    "LEFT JOIN pg_catalog.pg_attribute oa ON oa.attrelid = d.refobjid "
    "AND oa.attnum = d.refobjsubid "
    "WHERE c.relnamespace = ? AND d.deptype IS DISTINCT FROM 'i' AND " POSTGRES_NOT_FROM_EXTENSION(
        "pg_class", "c.oid");

enum {
  SEQUENCE_NAME,
  SEQUENCE_TYPE,
  SEQUENCE_START,
  SEQUENCE_INCREMENT,
  SEQUENCE_MIN,
  SEQUENCE_MAX,
  SEQUENCE_CACHE,
  SEQUENCE_CYCLE,
  SEQUENCE_OWNER_TABLE,
  SEQUENCE_OWNER_COLUMN
};

/* The unprettified definition: the server's documentation advises it for
 * dumps, since a later server reads it the same way.  The options are
 * written as CREATE VIEW takes them: "WITH (check_option=local)". */
static const char views_sql[] =
    "SELECT c.relname, c.relkind = 'm', pg_catalog.pg_get_viewdef(c.oid), "
    "d.description, "
    "'WITH (' || pg_catalog.array_to_string(c.reloptions, ', ') || ')' "
    "FROM pg_catalog.pg_class c "
    "LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid "
    "AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass "
    "AND d.objsubid = 0 "
    "WHERE c.relnamespace = ? AND c.relkind IN ('v', 'm') AND " POSTGRES_NOT_FROM_EXTENSION(
        "pg_class", "c.oid");

enum {
  VIEW_NAME,
  VIEW_MATERIALIZED,
  VIEW_DEFINITION,
  VIEW_COMMENT,
  VIEW_OPTIONS
};

/* Functions and procedures; aggregates and window functions have no
 * CREATE FUNCTION of their own. */
static const char routines_sql[] =
    "SELECT p.proname, p.prokind, "
    "pg_catalog.pg_get_function_identity_arguments(p.oid), "
    "pg_catalog.pg_get_functiondef(p.oid) "
    "FROM pg_catalog.pg_proc p "
    "WHERE p.pronamespace = ? AND p.prokind IN ('f', 'p') AND " POSTGRES_NOT_FROM_EXTENSION(
        "pg_proc", "p.oid");

enum { ROUTINE_NAME, ROUTINE_KIND, ROUTINE_SIGNATURE, ROUTINE_DEFINITION };

#define TEXT(i) postgres_introspect_text(ix, values[i], lengths[i])

static int read_enum(void *ctx, int columns, const char *const *values,
                     const size_t *lengths) {
  struct postgres_introspection *ix = ctx;
  const struct strata_host *host = ix->conn->host;
  (void)columns;
  if (postgres_introspect_next(ix, values[ENUM_OID])) {
    struct strata_enum_type *e = STRATA_SCHEMA_APPEND(
        host, ix->schema, ix->schema->enums, ix->schema->enum_count);
    if (e != NULL)
      e->name = TEXT(ENUM_NAME);
    ix->last = e;
  }
  struct strata_enum_type *e = ix->last;
  if (e == NULL ||
      (values[ENUM_LABEL] != NULL &&
       STRATA_SCHEMA_APPEND_TEXT(host, ix->schema, e->labels, e->label_count,
                                 values[ENUM_LABEL], lengths[ENUM_LABEL]) != 0))
    ix->out_of_memory = 1;
  return postgres_introspect_row_done(ix);
}

int postgres_introspect_enums(struct postgres_introspection *ix) {
  return postgres_introspect_query(ix, enums_sql, read_enum);
}

static int read_sequence(void *ctx, int columns, const char *const *values,
                         const size_t *lengths) {
  struct postgres_introspection *ix = ctx;
  (void)columns;
  struct strata_sequence *s =
      STRATA_SCHEMA_APPEND(ix->conn->host, ix->schema, ix->schema->sequences,
                           ix->schema->sequence_count);
  if (s == NULL)
    return postgres_error_set(ix->err, STRATA_ENOMEM, "out of memory");
  s->name = TEXT(SEQUENCE_NAME);
  s->type_text = TEXT(SEQUENCE_TYPE);
  s->start = strtoll(values[SEQUENCE_START], NULL, 10);
  s->increment = strtoll(values[SEQUENCE_INCREMENT], NULL, 10);
  s->min_value = strtoll(values[SEQUENCE_MIN], NULL, 10);
  s->max_value = strtoll(values[SEQUENCE_MAX], NULL, 10);
  s->cache = strtoll(values[SEQUENCE_CACHE], NULL, 10);
  s->cycle = postgres_introspect_bool(values[SEQUENCE_CYCLE]);
  s->owned_by_table = TEXT(SEQUENCE_OWNER_TABLE);
  s->owned_by_column = TEXT(SEQUENCE_OWNER_COLUMN);
  return postgres_introspect_row_done(ix);
}

/* Where the sequence of a serial or identity column has got to: the
 * data's state, never dumped, so that a copy's numbers go on past rows
 * the source deleted (next_auto_increment).  pg_sequences shows NULL for
 * a sequence never used or one the user may not read. */
static const char counters_sql[] =
    "SELECT oc.relname, q.last_value + q.increment_by "
    "FROM pg_catalog.pg_sequences q "
    "JOIN pg_catalog.pg_namespace n ON n.nspname = q.schemaname "
    "JOIN pg_catalog.pg_class c ON c.relname = q.sequencename "
    "AND c.relnamespace = n.oid "
    "JOIN pg_catalog.pg_depend d "
    "ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
    "AND d.objid = c.oid "
    "AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
    "AND d.deptype IN ('a', 'i') "
    "JOIN pg_catalog.pg_class oc ON oc.oid = d.refobjid "
    "WHERE c.relnamespace = ? AND q.last_value IS NOT NULL";

static int read_counter(void *ctx, int columns, const char *const *values,
                        const size_t *lengths) {
  struct postgres_introspection *ix = ctx;
  (void)columns;
  (void)lengths;
  long long next = strtoll(values[1], NULL, 10);
  for (size_t i = 0; i < ix->schema->table_count; i++) {
    struct strata_table *t = ix->schema->tables[i];
    if (strcmp(t->name, values[0]) == 0 && next > t->next_auto_increment)
      t->next_auto_increment = next;
  }
  return 0;
}

int postgres_introspect_sequences(struct postgres_introspection *ix) {
  int rc = postgres_introspect_query(ix, sequences_sql, read_sequence);
  return rc == 0 ? postgres_introspect_query(ix, counters_sql, read_counter)
                 : rc;
}

static size_t trimmed_length(const char *text, size_t length,
                             const char *trailing) {
  while (length > 0 && strchr(trailing, text[length - 1]) != NULL)
    length--;
  return length;
}

/* pg_get_viewdef() gives " SELECT ...;": the SELECT alone is kept. */
static const char *view_definition(struct postgres_introspection *ix,
                                   const char *def, size_t length) {
  size_t lead = strspn(def, " \n");
  return postgres_introspect_text(
      ix, def + lead, trimmed_length(def + lead, length - lead, " \n;"));
}

static int read_view(void *ctx, int columns, const char *const *values,
                     const size_t *lengths) {
  struct postgres_introspection *ix = ctx;
  (void)columns;
  struct strata_view *v = STRATA_SCHEMA_APPEND(
      ix->conn->host, ix->schema, ix->schema->views, ix->schema->view_count);
  if (v == NULL)
    return postgres_error_set(ix->err, STRATA_ENOMEM, "out of memory");
  v->name = TEXT(VIEW_NAME);
  v->materialized = postgres_introspect_bool(values[VIEW_MATERIALIZED]);
  v->definition =
      view_definition(ix, values[VIEW_DEFINITION], lengths[VIEW_DEFINITION]);
  v->comment = TEXT(VIEW_COMMENT);
  v->options = TEXT(VIEW_OPTIONS);
  return postgres_introspect_row_done(ix);
}

int postgres_introspect_views(struct postgres_introspection *ix) {
  return postgres_introspect_query(ix, views_sql, read_view);
}

/* pg_get_functiondef() gives "CREATE OR REPLACE FUNCTION schema.f(...)"
 * and a final newline. */
static const char *routine_definition(struct postgres_introspection *ix,
                                      const char *kind, const char *def,
                                      size_t length) {
  size_t at = strlen("CREATE OR REPLACE ") + strlen(kind) + 1;
  return postgres_introspect_unqualify(ix, def,
                                       trimmed_length(def, length, " \n"), at);
}

static int read_routine(void *ctx, int columns, const char *const *values,
                        const size_t *lengths) {
  struct postgres_introspection *ix = ctx;
  (void)columns;
  struct strata_routine *r =
      STRATA_SCHEMA_APPEND(ix->conn->host, ix->schema, ix->schema->routines,
                           ix->schema->routine_count);
  if (r == NULL)
    return postgres_error_set(ix->err, STRATA_ENOMEM, "out of memory");
  const char *kind = values[ROUTINE_KIND][0] == 'p' ? "PROCEDURE" : "FUNCTION";
  r->name = TEXT(ROUTINE_NAME);
  r->kind = postgres_introspect_text(ix, kind, strlen(kind));
  r->signature = TEXT(ROUTINE_SIGNATURE);
  r->definition = routine_definition(ix, kind, values[ROUTINE_DEFINITION],
                                     lengths[ROUTINE_DEFINITION]);
  return postgres_introspect_row_done(ix);
}

int postgres_introspect_routines(struct postgres_introspection *ix) {
  return postgres_introspect_query(ix, routines_sql, read_routine);
}
