/*
 * introspect_columns.c - every column of every table, with its neutral
 * description: type, sizes, flags, enum labels and default.
 *
 * type_text keeps COLUMN_TYPE as the server spells it, which is what a
 * dump writes back.  The neutral fields are read from that same text, so
 * that MySQL and MariaDB, whose numeric information_schema columns differ,
 * describe a column alike: tinyint(1) has length 1, int(10) unsigned has
 * length 10 and the UNSIGNED flag, decimal(10,2) precision 10 and scale 2,
 * datetime(3) precision 3.  MariaDB's json, which it reports as longtext
 * with a check, becomes json again when the checks are read
 * (introspect_keys.c).
 *
 * Defaults are read by introspect_defaults.c.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mysqldrv.h"

enum column_value {
  C_TABLE,
  C_NAME,
  C_POSITION,
  C_DEFAULT,
  C_NULLABLE,
  C_DATA_TYPE,
  C_COLUMN_TYPE,
  C_COLLATION,
  C_EXTRA,
  C_GENERATION,
  C_COMMENT
};

/* How a type is sized in its parentheses. */
enum sizing {
  SIZE_NONE,
  SIZE_LENGTH,   /* char(10), bit(8), int(11): length */
  SIZE_DECIMAL,  /* decimal(10,2), float(7,3): precision and scale */
  SIZE_FRACTION, /* time(3), datetime(6): fractional seconds */
  SIZE_LABELS    /* enum('a','b'), set('a','b') */
};

struct type_name {
  const char *name; /* DATA_TYPE */
  enum strata_type type;
  enum sizing sizing;
};

static const struct type_name type_names[] = {
    {"tinyint", STRATA_TYPE_TINYINT, SIZE_LENGTH},
    {"smallint", STRATA_TYPE_SMALLINT, SIZE_LENGTH},
    {"mediumint", STRATA_TYPE_MEDIUMINT, SIZE_LENGTH},
    {"int", STRATA_TYPE_INTEGER, SIZE_LENGTH},
    {"integer", STRATA_TYPE_INTEGER, SIZE_LENGTH},
    {"bigint", STRATA_TYPE_BIGINT, SIZE_LENGTH},
    {"decimal", STRATA_TYPE_DECIMAL, SIZE_DECIMAL},
    {"numeric", STRATA_TYPE_DECIMAL, SIZE_DECIMAL},
    {"float", STRATA_TYPE_REAL, SIZE_DECIMAL},
    {"double", STRATA_TYPE_DOUBLE, SIZE_DECIMAL},
    {"real", STRATA_TYPE_DOUBLE, SIZE_DECIMAL},
    {"bit", STRATA_TYPE_BIT, SIZE_LENGTH},
    {"char", STRATA_TYPE_CHAR, SIZE_LENGTH},
    {"varchar", STRATA_TYPE_VARCHAR, SIZE_LENGTH},
    {"tinytext", STRATA_TYPE_TEXT, SIZE_NONE},
    {"text", STRATA_TYPE_TEXT, SIZE_NONE},
    {"mediumtext", STRATA_TYPE_TEXT, SIZE_NONE},
    {"longtext", STRATA_TYPE_TEXT, SIZE_NONE},
    {"binary", STRATA_TYPE_BINARY, SIZE_LENGTH},
    {"varbinary", STRATA_TYPE_VARBINARY, SIZE_LENGTH},
    {"tinyblob", STRATA_TYPE_BLOB, SIZE_NONE},
    {"blob", STRATA_TYPE_BLOB, SIZE_NONE},
    {"mediumblob", STRATA_TYPE_BLOB, SIZE_NONE},
    {"longblob", STRATA_TYPE_BLOB, SIZE_NONE},
    {"date", STRATA_TYPE_DATE, SIZE_NONE},
    {"time", STRATA_TYPE_TIME, SIZE_FRACTION},
    {"datetime", STRATA_TYPE_TIMESTAMP, SIZE_FRACTION},
    {"timestamp", STRATA_TYPE_TIMESTAMPTZ, SIZE_FRACTION},
    {"year", STRATA_TYPE_YEAR, SIZE_NONE},
    {"json", STRATA_TYPE_JSON, SIZE_NONE},
    {"uuid", STRATA_TYPE_UUID, SIZE_NONE},
    {"enum", STRATA_TYPE_ENUM, SIZE_LABELS},
    {"set", STRATA_TYPE_SET, SIZE_LABELS},
    {"geometry", STRATA_TYPE_GEOMETRY, SIZE_NONE},
    {"point", STRATA_TYPE_GEOMETRY, SIZE_NONE},
    {"linestring", STRATA_TYPE_GEOMETRY, SIZE_NONE},
    {"polygon", STRATA_TYPE_GEOMETRY, SIZE_NONE},
    {"multipoint", STRATA_TYPE_GEOMETRY, SIZE_NONE},
    {"multilinestring", STRATA_TYPE_GEOMETRY, SIZE_NONE},
    {"multipolygon", STRATA_TYPE_GEOMETRY, SIZE_NONE},
    {"geometrycollection", STRATA_TYPE_GEOMETRY, SIZE_NONE},
    {"geomcollection", STRATA_TYPE_GEOMETRY, SIZE_NONE},
};

static const struct type_name *find_type(const char *data_type) {
  static const struct type_name other = {"", STRATA_TYPE_OTHER, SIZE_NONE};
  for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++)
    if (strcasecmp(type_names[i].name, data_type) == 0)
      return &type_names[i];
  return &other;
}

/* Where needle starts in haystack, ignoring case, or NULL. */
static const char *find_word(const char *haystack, const char *needle) {
  size_t n = strlen(needle);
  for (const char *p = haystack; p && *p; p++)
    if (strncasecmp(p, needle, n) == 0)
      return p;
  return NULL;
}

/* Reads "(a)" or "(a,b)" right after the type's name in column_type;
 * returns how many numbers it read. */
static int read_sizes(const char *column_type, long long *a, long long *b) {
  const char *p = strchr(column_type, '(');
  char *end;
  if (p == NULL || !isdigit((unsigned char)p[1]))
    return 0;
  *a = strtoll(p + 1, &end, 10);
  if (*end != ',')
    return 1;
  *b = strtoll(end + 1, &end, 10);
  return 2;
}

/* enum('a','it''s') and set(...): each label, in order. */
static int read_labels(struct mysqldrv_catalog *cat, struct strata_column *c,
                       const char *column_type) {
  const char *p = strchr(column_type, '(');
  size_t length = strlen(column_type);
  char *label = malloc(length + 1);
  int rc = 0;
  if (label == NULL)
    return -1;
  while (rc == 0 && p != NULL && (p = strchr(p, '\'')) != NULL) {
    size_t n;
    p += mysqldrv_read_quoted(p, length - (size_t)(p - column_type), label, &n);
    rc = STRATA_SCHEMA_APPEND_TEXT(cat->conn->host, cat->schema, c->labels,
                                   c->label_count, label, n);
    p = strchr(p, ',');
  }
  free(label);
  return rc;
}

/* The neutral type and sizes, read from DATA_TYPE and COLUMN_TYPE. */
static int read_type(struct mysqldrv_catalog *cat, struct strata_column *c,
                     const char *data_type, const char *column_type) {
  const struct type_name *t = find_type(data_type);
  long long a = 0, b = 0;
  int sizes = read_sizes(column_type, &a, &b);
  c->type = t->type;
  c->precision = -1;
  c->scale = -1;
  if (find_word(column_type, " unsigned") || find_word(column_type, "zerofill"))
    c->flags |= STRATA_COLUMN_UNSIGNED;
  if (t->sizing == SIZE_LENGTH && sizes >= 1)
    c->length = a;
  if (t->sizing == SIZE_DECIMAL && sizes >= 1) {
    c->precision = (int)a;
    c->scale = sizes == 2 ? (int)b : 0;
  }
  if (t->sizing == SIZE_FRACTION)
    c->precision = sizes >= 1 ? (int)a : 0;
  if (t->sizing == SIZE_LABELS)
    return read_labels(cat, c, column_type);
  return 0;
}

/* EXTRA: auto_increment, on update ..., VIRTUAL GENERATED, STORED
 * GENERATED, DEFAULT_GENERATED, INVISIBLE, in some order. */
static int read_extra(struct mysqldrv_catalog *cat, struct strata_column *c,
                      const char *extra) {
  const char *on_update = find_word(extra, "on update ");
  int failed = 0;
  if (find_word(extra, "auto_increment"))
    c->flags |= STRATA_COLUMN_IDENTITY;
  if (find_word(extra, "VIRTUAL GENERATED"))
    c->flags |= STRATA_COLUMN_GENERATED_VIRTUAL;
  if (find_word(extra, "STORED GENERATED"))
    c->flags |= STRATA_COLUMN_GENERATED_STORED;
  if (on_update != NULL) {
    on_update += strlen("on update ");
    c->on_update =
        mysqldrv_catalog_text(cat, on_update, strcspn(on_update, " "), &failed);
  }
  return failed ? -1 : 0;
}

static int read_names(struct mysqldrv_catalog *cat, struct strata_table *t,
                      struct strata_column *c, const char *const *values,
                      const size_t *lengths) {
  int failed = 0;
  c->name =
      mysqldrv_catalog_text(cat, values[C_NAME], lengths[C_NAME], &failed);
  c->position = atoi(values[C_POSITION]);
  c->type_text = mysqldrv_catalog_text(cat, values[C_COLUMN_TYPE],
                                       lengths[C_COLUMN_TYPE], &failed);
  if (values[C_COLLATION] != NULL &&
      !mysqldrv_table_collation_is(t, values[C_COLLATION]))
    c->collation = mysqldrv_catalog_text(cat, values[C_COLLATION],
                                         lengths[C_COLLATION], &failed);
  if (values[C_COMMENT] != NULL && lengths[C_COMMENT] > 0)
    c->comment = mysqldrv_catalog_text(cat, values[C_COMMENT],
                                       lengths[C_COMMENT], &failed);
  if (values[C_GENERATION] != NULL && lengths[C_GENERATION] > 0)
    c->generated_expr = mysqldrv_catalog_expression(
        cat, values[C_GENERATION], lengths[C_GENERATION], &failed);
  return failed ? -1 : 0;
}

static int take_column(void *ctx, int columns, const char *const *values,
                       const size_t *lengths) {
  struct mysqldrv_catalog *cat = ctx;
  struct strata_table *t = mysqldrv_catalog_table(cat, values[C_TABLE]);
  const char *extra = values[C_EXTRA] ? values[C_EXTRA] : "";
  struct strata_column *c;
  (void)columns;
  if (t == NULL)
    return 0; /* a view's */
  c = STRATA_SCHEMA_APPEND(cat->conn->host, cat->schema, t->columns,
                           t->column_count);
  if (c == NULL || read_names(cat, t, c, values, lengths) != 0 ||
      read_type(cat, c, values[C_DATA_TYPE], values[C_COLUMN_TYPE]) != 0 ||
      read_extra(cat, c, extra) != 0)
    return mysqldrv_catalog_nomem(cat);
  if (strcmp(values[C_NULLABLE], "NO") == 0)
    c->flags |= STRATA_COLUMN_NOT_NULL;
  if (find_word(extra, "INVISIBLE"))
    cat->conn->host->notice(cat->conn->host->host_ctx,
                            "column %s.%s: INVISIBLE is left out: the column "
                            "is created visible",
                            t->name, c->name);
  if (mysqldrv_read_default(cat, c, values[C_DEFAULT],
                            find_word(extra, "DEFAULT_GENERATED") != NULL) != 0)
    return mysqldrv_catalog_nomem(cat);
  return 0;
}

int mysqldrv_read_columns(struct mysqldrv_catalog *cat) {
  static const char sql[] =
      "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, "
      "IS_NULLABLE, DATA_TYPE, COLUMN_TYPE, COLLATION_NAME, EXTRA, "
      "GENERATION_EXPRESSION, COLUMN_COMMENT "
      "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? "
      "ORDER BY TABLE_NAME, ORDINAL_POSITION";
  return mysqldrv_catalog_query(cat, sql, take_column, cat);
}
