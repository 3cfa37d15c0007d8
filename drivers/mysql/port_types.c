/*
 * port_types.c - the names and types a model of another engine gets on a
 * MySQL or MariaDB target, shared by the DDL (render_port.c) and the load
 * (load.c), which must agree on both.
 *
 * Text compares as bytes (utf8mb4_bin, the table's collation), as in
 * PostgreSQL and SQLite, so a key that holds 'a' and 'A' there holds both
 * here.  A text column that is part of a key or an index is varchar(255):
 * InnoDB indexes no longtext without a prefix, and a prefix would change
 * what a unique key means.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "port.h"

const char mysqldrv_port_session[] =
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,"
    "NO_ENGINE_SUBSTITUTION', foreign_key_checks = 0, time_zone = '+00:00'";

enum { NAME_CHARS = 64, KEPT_CHARS = 55 };

/* The offset of the n-th character of a UTF-8 name, or its length when
 * it has fewer. */
static size_t char_offset(const char *name, size_t n) {
  size_t i = 0;
  for (; name[i] != '\0'; i++)
    if (((unsigned char)name[i] & 0xc0) != 0x80 && n-- == 0)
      break;
  return i;
}

int mysqldrv_port_name(const char *name, char *buf) {
  size_t n = strlen(name);
  if (n < MYSQLDRV_PORT_NAME_SIZE &&
      name[char_offset(name, NAME_CHARS)] == '\0') {
    memcpy(buf, name, n + 1);
    return 0;
  }
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)name[i]) * 16777619u;
  size_t kept = char_offset(name, KEPT_CHARS);
  snprintf(buf, MYSQLDRV_PORT_NAME_SIZE, "%.*s_%08x", (int)kept, name,
           (unsigned)h);
  return 1;
}

static int in_list(const char *const *names, size_t count, const char *name) {
  for (size_t i = 0; i < count; i++)
    if (names[i] != NULL && strcmp(names[i], name) == 0)
      return 1;
  return 0;
}

int mysqldrv_port_in_key(const struct strata_table *t, const char *column) {
  const struct strata_key *pk = t->primary_key;
  if (pk != NULL && in_list(pk->columns, pk->column_count, column))
    return 1;
  for (size_t i = 0; i < t->unique_count; i++)
    if (in_list(t->uniques[i]->columns, t->uniques[i]->column_count, column))
      return 1;
  for (size_t i = 0; i < t->foreign_key_count; i++)
    if (in_list(t->foreign_keys[i]->columns, t->foreign_keys[i]->column_count,
                column))
      return 1;
  for (size_t i = 0; i < t->index_count; i++)
    for (size_t j = 0; j < t->indexes[i]->part_count; j++) {
      const char *part = t->indexes[i]->parts[j]->column;
      if (part != NULL && strcmp(part, column) == 0)
        return 1;
    }
  return 0;
}

static int is_boolean(const struct strata_column *c) {
  return c->type == STRATA_TYPE_BOOLEAN ||
         (c->type == STRATA_TYPE_TINYINT && c->length == 1);
}

int mysqldrv_port_is_bytes(const struct strata_column *c) {
  return c->type == STRATA_TYPE_BINARY || c->type == STRATA_TYPE_VARBINARY ||
         c->type == STRATA_TYPE_BLOB || c->type == STRATA_TYPE_GEOMETRY ||
         c->type == STRATA_TYPE_BIT;
}

static const char *integer_word(enum strata_type type) {
  switch (type) {
  case STRATA_TYPE_TINYINT: return "tinyint";
  case STRATA_TYPE_SMALLINT: return "smallint";
  case STRATA_TYPE_MEDIUMINT: return "mediumint";
  case STRATA_TYPE_BIGINT: return "bigint";
  default: return "int";
  }
}

static void put_labels(struct mysqldrv_text *out, const char *word,
                       const char **labels, size_t n) {
  mysqldrv_text_puts(out, word);
  mysqldrv_text_puts(out, "(");
  for (size_t i = 0; i < n; i++) {
    if (i > 0)
      mysqldrv_text_puts(out, ",");
    mysqldrv_text_literal(out, labels[i]);
  }
  mysqldrv_text_puts(out, ")");
}

/* Fractional seconds: the source's, or all six when it does not say. */
static int fraction(const struct strata_column *c) {
  return c->precision >= 0 && c->precision < 6 ? c->precision : 6;
}

static void put_sized(struct mysqldrv_text *out, const char *word,
                      long long n) {
  char buf[64];
  snprintf(buf, sizeof buf, "%s(%lld)", word, n);
  mysqldrv_text_puts(out, buf);
}

/* Text: char(n) and varchar(n) up to 255, longer ones longtext (a row
 * holds at most 64 KB of varchar), and varchar(255) in a key. */
static void put_text(struct mysqldrv_text *out, const struct strata_column *c,
                     int keyed) {
  long long n = c->type == STRATA_TYPE_TEXT ? 0 : c->length;
  if (n > 0 && n <= 255)
    put_sized(out, c->type == STRATA_TYPE_CHAR ? "char" : "varchar", n);
  else
    mysqldrv_text_puts(out, keyed ? "varchar(255)" : "longtext");
}

static void put_bytes(struct mysqldrv_text *out, const struct strata_column *c,
                      int keyed) {
  long long n = c->type == STRATA_TYPE_BLOB ? 0 : c->length;
  if (n > 0 && n <= 255)
    put_sized(out, c->type == STRATA_TYPE_BINARY ? "binary" : "varbinary", n);
  else
    mysqldrv_text_puts(out, keyed ? "varbinary(255)" : "longblob");
}

static void put_decimal(struct mysqldrv_text *out,
                        const struct strata_column *c) {
  char buf[64];
  if (c->precision > 0 && c->precision <= 65 && c->scale <= 30)
    snprintf(buf, sizeof buf, "decimal(%d,%d)", c->precision,
             c->scale > 0 ? c->scale : 0);
  else
    snprintf(buf, sizeof buf, "decimal(65,30)");
  mysqldrv_text_puts(out, buf);
}

static void put_other(const struct strata_schema *schema,
                      const struct strata_column *c, int keyed,
                      struct mysqldrv_text *out) {
  size_t n = 0;
  const char **labels;
  switch (c->type) {
  case STRATA_TYPE_DATE: mysqldrv_text_puts(out, "date"); break;
  case STRATA_TYPE_TIME: put_sized(out, "time", fraction(c)); break;
  case STRATA_TYPE_TIMESTAMP:
  case STRATA_TYPE_TIMESTAMPTZ: put_sized(out, "datetime", fraction(c)); break;
  case STRATA_TYPE_YEAR: mysqldrv_text_puts(out, "year"); break;
  case STRATA_TYPE_JSON:
    mysqldrv_text_puts(out, keyed ? "varchar(255)" : "json");
    break;
  case STRATA_TYPE_UUID: mysqldrv_text_puts(out, "char(36)"); break;
  case STRATA_TYPE_INTERVAL: mysqldrv_text_puts(out, "varchar(255)"); break;
  case STRATA_TYPE_ENUM:
  case STRATA_TYPE_SET:
    labels = common_port_enum_labels(schema, c, &n);
    if (n > 0)
      put_labels(out, c->type == STRATA_TYPE_SET ? "set" : "enum", labels, n);
    else
      mysqldrv_text_puts(out, "varchar(255)");
    break;
  default: mysqldrv_text_puts(out, keyed ? "varchar(255)" : "longtext");
  }
}

static int is_integer(const struct strata_column *c) {
  return c->type >= STRATA_TYPE_TINYINT && c->type <= STRATA_TYPE_BIGINT;
}

/* The integer column a foreign key of t leads c to, or NULL.  InnoDB
 * wants a key's integer columns of one size and sign, which another
 * engine does not: SQLite's INTEGER PRIMARY KEY (a bigint) under a
 * SMALLINT UNSIGNED column, as a MySQL database ported there has. */
static const struct strata_column *
integer_parent(const struct strata_schema *schema,
               const struct strata_table *t, const struct strata_column *c) {
  for (size_t i = 0; i < t->foreign_key_count; i++) {
    const struct strata_foreign_key *fk = t->foreign_keys[i];
    for (size_t j = 0; j < fk->column_count && j < fk->ref_column_count; j++) {
      if (strcmp(fk->columns[j], c->name) != 0)
        continue;
      for (size_t k = 0; k < schema->table_count; k++) {
        const struct strata_table *p = schema->tables[k];
        for (size_t m = 0; strcmp(p->name, fk->ref_table) == 0 &&
                           m < p->column_count;
             m++)
          if (strcmp(p->columns[m]->name, fk->ref_columns[j]) == 0 &&
              p->columns[m] != c && is_integer(p->columns[m]) &&
              !is_boolean(p->columns[m]))
            return p->columns[m];
      }
    }
  }
  return NULL;
}

void mysqldrv_port_type(const struct strata_schema *schema,
                        const struct strata_table *t,
                        const struct strata_column *c,
                        struct mysqldrv_text *out) {
  const struct strata_column *parent =
      is_integer(c) && !is_boolean(c) ? integer_parent(schema, t, c) : NULL;
  if (parent != NULL) {
    mysqldrv_text_puts(out, integer_word(parent->type));
    if (parent->flags & STRATA_COLUMN_UNSIGNED)
      mysqldrv_text_puts(out, " unsigned");
    return;
  }
  int keyed = mysqldrv_port_in_key(t, c->name);
  const char *sign = (c->flags & STRATA_COLUMN_UNSIGNED) ? " unsigned" : "";
  if (is_boolean(c)) {
    mysqldrv_text_puts(out, "tinyint(1)");
  } else if (c->flags & STRATA_COLUMN_ARRAY) {
    mysqldrv_text_puts(out, keyed ? "varchar(255)" : "longtext");
  } else if (c->type >= STRATA_TYPE_TINYINT && c->type <= STRATA_TYPE_BIGINT) {
    mysqldrv_text_puts(out, integer_word(c->type));
    mysqldrv_text_puts(out, sign);
  } else if (c->type == STRATA_TYPE_DECIMAL) {
    put_decimal(out, c);
    mysqldrv_text_puts(out, sign);
  } else if (c->type == STRATA_TYPE_REAL || c->type == STRATA_TYPE_DOUBLE) {
    mysqldrv_text_puts(out, c->type == STRATA_TYPE_REAL ? "float" : "double");
    mysqldrv_text_puts(out, sign);
  } else if (c->type == STRATA_TYPE_BIT && c->length > 0 && c->length <= 64) {
    put_sized(out, "bit", c->length);
  } else if (c->type == STRATA_TYPE_CHAR || c->type == STRATA_TYPE_VARCHAR ||
             c->type == STRATA_TYPE_TEXT) {
    put_text(out, c, keyed);
  } else if (mysqldrv_port_is_bytes(c)) {
    put_bytes(out, c, keyed);
  } else {
    put_other(schema, c, keyed, out);
  }
}
