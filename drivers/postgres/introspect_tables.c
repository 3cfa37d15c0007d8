/*
 * introspect_tables.c - tables and their columns.
 *
 * A column is described twice (schema.h): by the server's own text, which
 * a PostgreSQL dump writes back, and by neutral fields worked out here from
 * the column's base type, its typmod and its default, which another
 * engine's renderer reads.
 */
#include "postgres.h"

#include <stdlib.h>
#include <string.h>

/* Ordinary and partitioned tables.  The model has no words for a table's
 * place in a hierarchy (PARTITION BY, PARTITION OF, INHERITS), and a dump
 * that wrote such tables as plain ones would load without complaint into
 * something else, so they are refused by name instead. */
#define TABLE_KINDS "('r', 'p')"

/* In oid order, which is what postgres_introspect_table() searches.  The
 * storage parameters become the table's options: "WITH (fillfactor=70)". */
static const char tables_sql[] =
    "SELECT c.oid, c.relname, d.description, "
    "'WITH (' || pg_catalog.array_to_string(c.reloptions, ', ') || ')', "
    "c.relkind = 'p' OR EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h "
    "WHERE h.inhrelid = c.oid) "
    "FROM pg_catalog.pg_class c "
    "LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid "
    "AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass "
    "AND d.objsubid = 0 "
    "WHERE c.relnamespace = ? AND c.relkind IN " TABLE_KINDS
    " AND " POSTGRES_NOT_FROM_EXTENSION("pg_class", "c.oid") " ORDER BY c.oid";

enum {
  TABLE_OID,
  TABLE_NAME,
  TABLE_COMMENT,
  TABLE_OPTIONS,
  TABLE_IN_HIERARCHY
};

/* An array is described by its element type, a domain by its base type:
 * e is the element, b the base (under every domain a domain is built on,
 * which the innermost domain's typmod sizes).  The collation is named
 * only when it is not the type's own.  A default cannot name a column, so its text needs
 * no table, which spares the server opening each one; a generated
 * column's expression does. */
static const char columns_sql[] =
    "SELECT a.attrelid, a.attname, "
    "pg_catalog.format_type(a.atttypid, a.atttypmod), "
    "COALESCE(u.typmod, a.atttypmod), "
    "b.typname, b.typnamespace = 'pg_catalog'::pg_catalog.regnamespace, "
    "b.typtype, t.oid <> e.oid, a.attnotnull, a.attidentity, "
    "a.attgenerated, pg_catalog.pg_get_expr(ad.adbin, "
    "CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END), "
    "co.collname, d.description, "
    "CASE WHEN e.typtype = 'd' THEN e.typname END "
    "FROM pg_catalog.pg_attribute a "
    "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
    "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
    "JOIN pg_catalog.pg_type e ON e.oid = CASE WHEN t.typelem <> 0 "
    "AND t.typlen = -1 THEN t.typelem ELSE t.oid END "
    "LEFT JOIN LATERAL (WITH RECURSIVE under(base, typmod, depth) AS ("
    "SELECT e.typbasetype, e.typtypmod, 1 WHERE e.typtype = 'd' "
    "UNION ALL SELECT s.typbasetype, s.typtypmod, under.depth + 1 "
    "FROM under JOIN pg_catalog.pg_type s ON s.oid = under.base "
    "AND s.typtype = 'd') "
    "SELECT base, typmod FROM under ORDER BY depth DESC LIMIT 1) u ON true "
    "JOIN pg_catalog.pg_type b ON b.oid = COALESCE(u.base, e.oid) "
    "LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid "
    "AND ad.adnum = a.attnum "
    "LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation "
    "AND a.attcollation <> t.typcollation "
    "LEFT JOIN pg_catalog.pg_description d ON d.objoid = a.attrelid "
    "AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass "
    "AND d.objsubid = a.attnum "
    "WHERE c.relnamespace = ? AND c.relkind IN " TABLE_KINDS
    " AND a.attnum > 0 AND NOT a.attisdropped "
    "ORDER BY a.attrelid, a.attnum";

enum {
  COLUMN_TABLE,
  COLUMN_NAME,
  COLUMN_TYPE_TEXT,
  COLUMN_TYPMOD,
  COLUMN_BASE_TYPE,
  COLUMN_BASE_IS_BUILTIN,
  COLUMN_BASE_KIND,
  COLUMN_IS_ARRAY,
  COLUMN_NOT_NULL,
  COLUMN_IDENTITY,
  COLUMN_GENERATED,
  COLUMN_DEFAULT,
  COLUMN_COLLATION,
  COLUMN_COMMENT,
  COLUMN_DOMAIN
};

static int add_table_ref(struct postgres_introspection *ix,
                         struct strata_table *t, const char *oid) {
  if (ix->table_count == ix->table_cap) {
    size_t cap = ix->table_cap ? ix->table_cap * 2 : 64;
    struct postgres_table_ref *bigger =
        realloc(ix->tables, cap * sizeof *bigger);
    if (bigger == NULL)
      return -1;
    ix->tables = bigger;
    ix->table_cap = cap;
  }
  ix->tables[ix->table_count++] =
      (struct postgres_table_ref){strtoul(oid, NULL, 10), t};
  return 0;
}

static int read_table(void *ctx, int columns, const char *const *values,
                      const size_t *lengths) {
  struct postgres_introspection *ix = ctx;
  (void)columns;
  if (postgres_introspect_bool(values[TABLE_IN_HIERARCHY]))
    return postgres_error_set(ix->err, STRATA_ENOTSUP,
                              "table '%s' is partitioned or inherits from "
                              "another: strata cannot describe table "
                              "hierarchies yet",
                              values[TABLE_NAME]);
  const struct strata_host *host = ix->conn->host;
  struct strata_table *t = STRATA_SCHEMA_APPEND(
      host, ix->schema, ix->schema->tables, ix->schema->table_count);
  if (t == NULL || add_table_ref(ix, t, values[TABLE_OID]) != 0)
    ix->out_of_memory = 1;
  if (t != NULL) {
    t->name =
        postgres_introspect_text(ix, values[TABLE_NAME], lengths[TABLE_NAME]);
    t->comment = postgres_introspect_text(ix, values[TABLE_COMMENT],
                                          lengths[TABLE_COMMENT]);
    t->options = postgres_introspect_text(ix, values[TABLE_OPTIONS],
                                          lengths[TABLE_OPTIONS]);
  }
  return postgres_introspect_row_done(ix);
}

int postgres_introspect_tables(struct postgres_introspection *ix) {
  return postgres_introspect_query(ix, tables_sql, read_table);
}

/* The built-in types another engine has a word for. */
static const struct {
  const char *name;
  enum strata_type type;
} builtin_types[] = {
    {"bool", STRATA_TYPE_BOOLEAN},
    {"int2", STRATA_TYPE_SMALLINT},
    {"int4", STRATA_TYPE_INTEGER},
    {"int8", STRATA_TYPE_BIGINT},
    {"numeric", STRATA_TYPE_DECIMAL},
    {"float4", STRATA_TYPE_REAL},
    {"float8", STRATA_TYPE_DOUBLE},
    {"bit", STRATA_TYPE_BIT},
    {"varbit", STRATA_TYPE_BIT},
    {"bpchar", STRATA_TYPE_CHAR},
    {"varchar", STRATA_TYPE_VARCHAR},
    {"text", STRATA_TYPE_TEXT},
    {"bytea", STRATA_TYPE_BLOB},
    {"date", STRATA_TYPE_DATE},
    {"time", STRATA_TYPE_TIME},
    {"timestamp", STRATA_TYPE_TIMESTAMP},
    {"timestamptz", STRATA_TYPE_TIMESTAMPTZ},
    {"interval", STRATA_TYPE_INTERVAL},
    {"json", STRATA_TYPE_JSON},
    {"jsonb", STRATA_TYPE_JSON},
    {"uuid", STRATA_TYPE_UUID},
};

static enum strata_type neutral_type(const char *base, int builtin,
                                     const char *kind) {
  if (kind != NULL && kind[0] == 'e')
    return STRATA_TYPE_ENUM;
  if (!builtin)
    return strcmp(base, "geometry") == 0 ? STRATA_TYPE_GEOMETRY
                                         : STRATA_TYPE_OTHER;
  for (size_t i = 0; i < sizeof builtin_types / sizeof *builtin_types; i++)
    if (strcmp(base, builtin_types[i].name) == 0)
      return builtin_types[i].type;
  return STRATA_TYPE_OTHER;
}

/* The typmod packs the declared size: a character length plus the 4-byte
 * varlena header, numeric (precision << 16 | 11-bit signed scale) plus the
 * header, fractional seconds as they are, and for an interval the
 * precision in its low 16 bits (all ones for none). */
static void set_size(struct strata_column *col, long typmod) {
  col->precision = -1;
  col->scale = -1;
  if (typmod < 0)
    return;
  switch (col->type) {
  case STRATA_TYPE_CHAR:
  case STRATA_TYPE_VARCHAR: col->length = typmod >= 4 ? typmod - 4 : 0; break;
  case STRATA_TYPE_BIT: col->length = typmod; break;
  case STRATA_TYPE_DECIMAL:
    if (typmod >= 4) {
      col->precision = (int)(((typmod - 4) >> 16) & 0xffff);
      col->scale = (int)((((typmod - 4) & 0x7ff) ^ 1024) - 1024);
    }
    break;
  case STRATA_TYPE_TIME:
  case STRATA_TYPE_TIMESTAMP:
  case STRATA_TYPE_TIMESTAMPTZ: col->precision = (int)typmod; break;
  case STRATA_TYPE_INTERVAL:
    col->precision = (typmod & 0xffff) == 0xffff ? -1 : (int)(typmod & 0xffff);
    break;
  default: break;
  }
}

/* Whether text is word, alone or with a precision: "CURRENT_TIMESTAMP(3)". */
static int is_niladic(const char *text, const char *word) {
  size_t n = strlen(word);
  if (strncmp(text, word, n) != 0)
    return 0;
  text += n;
  if (*text == '\0')
    return 1;
  if (*text++ != '(')
    return 0;
  text += strspn(text, "0123456789");
  return strcmp(text, ")") == 0;
}

static int is_current_time(const char *expr) {
  static const char *const words[] = {
      "CURRENT_TIMESTAMP", "CURRENT_TIME", "LOCALTIMESTAMP",
      "LOCALTIME",         "now()",        "transaction_timestamp()"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (is_niladic(expr, words[i]))
      return 1;
  return 0;
}

static int is_number(const char *text) {
  text += *text == '-';
  size_t digits = strspn(text, "0123456789");
  if (text[digits] == '.')
    digits += 1 + strspn(text + digits + 1, "0123456789");
  return digits > 0 && text[digits] == '\0';
}

/* Whether text is nothing but casts, "::character varying(20)::text". */
static int is_casts(const char *text) {
  while (strncmp(text, "::", 2) == 0) {
    text += 2 + strcspn(text + 2, ":'+-*/<>=~!@#%^&|`?;");
    if (*text != '\0' && *text != ':')
      return 0;
  }
  return *text == '\0';
}

/* The value of a quoted literal followed only by casts, with its doubled
 * quotes undone; NULL when text is not one. */
static const char *string_literal(struct postgres_introspection *ix,
                                  const char *text) {
  if (text[0] != '\'')
    return NULL;
  size_t n = 0, i = 1;
  char *value = malloc(strlen(text));
  if (value == NULL) {
    ix->out_of_memory = 1;
    return NULL;
  }
  for (; text[i] != '\0'; i++) {
    if (text[i] == '\'' && text[i + 1] != '\'')
      break;
    value[n++] = text[i];
    i += text[i] == '\'';
  }
  const char *copy = text[i] == '\'' && is_casts(text + i + 1)
                         ? postgres_introspect_text(ix, value, n)
                         : NULL;
  free(value);
  return copy;
}

static void classify_default(struct postgres_introspection *ix,
                             struct strata_column *col, const char *expr) {
  if (is_current_time(expr))
    col->default_kind = STRATA_DEFAULT_CURRENT_TIME;
  else if (is_niladic(expr, "CURRENT_DATE"))
    col->default_kind = STRATA_DEFAULT_CURRENT_DATE;
  else if (strcmp(expr, "NULL") == 0 ||
           (strncmp(expr, "NULL::", 6) == 0 && is_casts(expr + 4)))
    col->default_kind = STRATA_DEFAULT_NULL;
  else if (is_number(expr) || strcmp(expr, "true") == 0 ||
           strcmp(expr, "false") == 0) {
    col->default_kind = STRATA_DEFAULT_LITERAL;
    col->default_value = postgres_introspect_text(ix, expr, strlen(expr));
  } else if ((col->default_value = string_literal(ix, expr)) != NULL)
    col->default_kind = STRATA_DEFAULT_LITERAL;
  else
    col->default_kind = STRATA_DEFAULT_EXPRESSION;
}

static void set_identity(struct strata_column *col, const char *identity) {
  if (identity[0] == 'a')
    col->flags |= STRATA_COLUMN_IDENTITY | STRATA_COLUMN_IDENTITY_ALWAYS;
  else if (identity[0] == 'd')
    col->flags |= STRATA_COLUMN_IDENTITY;
}

/* A stored generated column keeps its expression where a default would be. */
static void set_default(struct postgres_introspection *ix,
                        struct strata_column *col, const char *generated,
                        const char *expr, size_t length) {
  if (expr == NULL)
    return;
  if (generated[0] == 's') {
    col->flags |= STRATA_COLUMN_GENERATED_STORED;
    col->generated_expr = postgres_introspect_text(ix, expr, length);
    return;
  }
  col->default_expr = postgres_introspect_text(ix, expr, length);
  classify_default(ix, col, expr);
}

static void set_type(struct postgres_introspection *ix,
                     struct strata_column *col, const char *const *values,
                     const size_t *lengths) {
  col->type_text = postgres_introspect_text(ix, values[COLUMN_TYPE_TEXT],
                                            lengths[COLUMN_TYPE_TEXT]);
  col->type =
      neutral_type(values[COLUMN_BASE_TYPE],
                   postgres_introspect_bool(values[COLUMN_BASE_IS_BUILTIN]),
                   values[COLUMN_BASE_KIND]);
  if (col->type == STRATA_TYPE_ENUM)
    col->type_ref = postgres_introspect_text(ix, values[COLUMN_BASE_TYPE],
                                             lengths[COLUMN_BASE_TYPE]);
  if (postgres_introspect_bool(values[COLUMN_IS_ARRAY]))
    col->flags |= STRATA_COLUMN_ARRAY;
  set_size(col, strtol(values[COLUMN_TYPMOD], NULL, 10));
}

static int read_column(void *ctx, int columns, const char *const *values,
                       const size_t *lengths) {
  struct postgres_introspection *ix = ctx;
  (void)columns;
  struct strata_table *t = postgres_introspect_table(ix, values[COLUMN_TABLE]);
  if (t == NULL)
    return 0;
  struct strata_column *col = STRATA_SCHEMA_APPEND(ix->conn->host, ix->schema,
                                                   t->columns, t->column_count);
  if (col == NULL)
    return postgres_error_set(ix->err, STRATA_ENOMEM, "out of memory");
  col->name =
      postgres_introspect_text(ix, values[COLUMN_NAME], lengths[COLUMN_NAME]);
  col->position = (int)t->column_count;
  set_type(ix, col, values, lengths);
  if (postgres_introspect_bool(values[COLUMN_NOT_NULL]))
    col->flags |= STRATA_COLUMN_NOT_NULL;
  set_identity(col, values[COLUMN_IDENTITY]);
  set_default(ix, col, values[COLUMN_GENERATED], values[COLUMN_DEFAULT],
              lengths[COLUMN_DEFAULT]);
  col->collation = postgres_introspect_text(ix, values[COLUMN_COLLATION],
                                            lengths[COLUMN_COLLATION]);
  col->comment = postgres_introspect_text(ix, values[COLUMN_COMMENT],
                                          lengths[COLUMN_COMMENT]);
  col->domain = postgres_introspect_text(ix, values[COLUMN_DOMAIN],
                                         lengths[COLUMN_DOMAIN]);
  return postgres_introspect_row_done(ix);
}

int postgres_introspect_columns(struct postgres_introspection *ix) {
  return postgres_introspect_query(ix, columns_sql, read_column);
}
