/*
 * render_port_types.c - another engine's columns as PostgreSQL columns:
 * the type mapping of PORTING.md, enum types, identity and defaults.
 *
 * A column's neutral fields decide (type, length, precision, UNSIGNED,
 * labels, default_kind), never its engine's type text, which is only
 * quoted in notes; expression defaults and generated columns are portable
 * text (render_port_expr.c).  The CHECKs a mapping needs (unsigned, enum as
 * text, set) are added with the keys, after the data (render_port_objects.c).
 */
#include "postgres.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static void column_object(const struct strata_table *t,
                          const struct strata_column *c, char *buf, size_t n) {
  snprintf(buf, n, "column %s.%s", t->name, c->name);
}

/* A column with no declared type at all, or SQLite's ANY (a STRICT
 * table's), holds any value: it becomes text, each value's text. */
static int is_untyped(const struct strata_column *c) {
  return c->type == STRATA_TYPE_OTHER &&
         (c->type_text == NULL || c->type_text[0] == '\0' ||
          strcasecmp(c->type_text, "ANY") == 0);
}

int port_column_supported(const struct strata_column *c) {
  return c->type != STRATA_TYPE_GEOMETRY &&
         (c->type != STRATA_TYPE_OTHER || is_untyped(c));
}

int port_column_is_identity(const struct port_render *p,
                            const struct strata_table *t,
                            const struct strata_column *c) {
  return (c->flags & STRATA_COLUMN_IDENTITY) ||
         (p->from_postgres &&
          strata_column_sequence(p->base.schema, t, c) != NULL);
}

int port_column_is_boolean(const struct port_render *p,
                           const struct strata_column *c) {
  return (c->type == STRATA_TYPE_TINYINT && c->length == 1 &&
          !p->tinyint1_smallint) ||
         (c->type == STRATA_TYPE_BIT && c->length <= 1);
}

static int is_unsigned(const struct strata_column *c) {
  return (c->flags & STRATA_COLUMN_UNSIGNED) != 0;
}

static const struct strata_table *table_of(const struct strata_schema *s,
                                           const struct strata_column *c) {
  for (size_t i = 0; i < s->table_count; i++)
    for (size_t j = 0; j < s->tables[i]->column_count; j++)
      if (s->tables[i]->columns[j] == c)
        return s->tables[i];
  return NULL;
}

static const struct strata_column *column_of(const struct strata_schema *s,
                                             const char *table,
                                             const char *column) {
  for (size_t i = 0; i < s->table_count; i++) {
    const struct strata_table *t = s->tables[i];
    for (size_t j = 0; strcmp(t->name, table) == 0 && j < t->column_count; j++)
      if (strcasecmp(t->columns[j]->name, column) == 0)
        return t->columns[j];
  }
  return NULL;
}

static int is_bigint_identity(const struct strata_schema *s,
                              const struct strata_column *c, int depth);

/* Whether a foreign key joins c, as child or parent, to a bigint identity
 * or to a column joined to one (depth keys away at most). */
static int keyed_to_identity(const struct strata_schema *s,
                             const struct strata_column *c, int depth) {
  const struct strata_table *owner = depth > 0 ? table_of(s, c) : NULL;
  for (size_t i = 0; owner != NULL && i < s->table_count; i++) {
    const struct strata_table *t = s->tables[i];
    for (size_t j = 0; j < t->foreign_key_count; j++) {
      const struct strata_foreign_key *fk = t->foreign_keys[j];
      for (size_t k = 0; k < fk->column_count && k < fk->ref_column_count;
           k++) {
        const struct strata_column *other = NULL;
        if (t == owner && strcasecmp(fk->columns[k], c->name) == 0)
          other = column_of(s, fk->ref_table, fk->ref_columns[k]);
        else if (strcmp(fk->ref_table, owner->name) == 0 &&
                 strcasecmp(fk->ref_columns[k], c->name) == 0)
          other = column_of(s, t->name, fk->columns[k]);
        if (other != NULL && other != c &&
            is_bigint_identity(s, other, depth - 1))
          return 1;
      }
    }
  }
  return 0;
}

static int is_bigint_identity(const struct strata_schema *s,
                              const struct strata_column *c, int depth) {
  return c->type == STRATA_TYPE_BIGINT &&
         ((c->flags & STRATA_COLUMN_IDENTITY) ||
          (is_unsigned(c) && keyed_to_identity(s, c, depth)));
}

/* bigint unsigned as numeric(20,0): not for an identity, which must be
 * an integer type, nor for a column a foreign key joins to one (Laravel's
 * user_id to users.id), whose types must be alike. */
int port_column_is_numeric_bigint(const struct port_render *p,
                                  const struct strata_column *c) {
  return c->type == STRATA_TYPE_BIGINT && is_unsigned(c) &&
         !p->unsigned_bigint && !is_bigint_identity(p->base.schema, c, 4);
}

static int same_labels(const struct strata_column *a,
                       const struct strata_column *b) {
  if (a->label_count != b->label_count)
    return 0;
  for (size_t i = 0; i < a->label_count; i++)
    if (strcmp(a->labels[i], b->labels[i]) != 0)
      return 0;
  return 1;
}

/* Whether a table or view is called name: its row type would take the
 * name of an enum type. */
static int is_relation_name(const struct port_render *p, const char *name) {
  const struct strata_schema *schema = p->base.schema;
  char target[PORT_NAME_MAX];
  for (size_t i = 0; i < schema->table_count; i++)
    if (strcasecmp(schema->tables[i]->name, name) == 0 &&
        strcmp(port_table_name(p, schema->tables[i]->name, target), name) == 0)
      return 1;
  for (size_t i = 0; i < schema->view_count; i++)
    if (strcasecmp(schema->views[i]->name, name) == 0 &&
        strcmp(port_table_name(p, schema->views[i]->name, target), name) == 0)
      return 1;
  return 0;
}

/* The enum type a column of t owns: "table_column", or with "_enum" after
 * it when a table or view has that name. */
static const char *enum_type_name(const struct port_render *p,
                                  const struct strata_table *t,
                                  const struct strata_column *c, char *buf) {
  port_column_object_name(p, t, c, "", buf);
  return is_relation_name(p, buf)
             ? port_column_object_name(p, t, c, "_enum", buf)
             : buf;
}

/* The enum type a column uses (the first column with the same labels
 * owns it), into buf; NULL when the column needs none. */
static const char *port_enum_type(const struct port_render *p,
                                  const struct strata_table *t,
                                  const struct strata_column *c, char *buf) {
  const struct strata_schema *schema = p->base.schema;
  if (c->type != STRATA_TYPE_ENUM || p->enum_check)
    return NULL;
  for (size_t i = 0; i < schema->table_count; i++) {
    const struct strata_table *ti = schema->tables[i];
    for (size_t j = 0; j < ti->column_count; j++) {
      const struct strata_column *cj = ti->columns[j];
      if (cj->type == STRATA_TYPE_ENUM && same_labels(cj, c))
        return enum_type_name(p, ti, cj, buf);
    }
  }
  return enum_type_name(p, t, c, buf);
}

const char *port_enum_type_created(const struct port_render *p,
                                   const struct strata_table *t,
                                   const struct strata_column *c, char *buf) {
  char own[PORT_NAME_MAX];
  if (port_enum_type(p, t, c, buf) == NULL ||
      strcmp(buf, enum_type_name(p, t, c, own)) != 0)
    return NULL; /* no type, or another column's */
  return buf;
}

int port_render_types(struct port_render *p) {
  const struct strata_schema *schema = p->base.schema;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < schema->table_count; i++) {
    const struct strata_table *t = schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->column_count; j++) {
      const struct strata_column *c = t->columns[j];
      char name[PORT_NAME_MAX];
      if (port_enum_type_created(p, t, c, name) != NULL)
        rc = postgres_render_enum(&p->base, name, c->labels, c->label_count);
    }
  }
  return rc;
}

/* ---- types --------------------------------------------------------------- */

/* A source that says no precision (SQLite's DATETIME) may hold any
 * fraction: PostgreSQL's own default, six digits, keeps it. */
static void add_fraction(struct postgres_sql *sql, const char *type,
                         const struct strata_column *c) {
  if (c->precision < 0)
    postgres_sql_add(sql, type);
  else
    postgres_sql_addf(sql, "%s(%d)", type, c->precision);
}

static void add_integer_type(struct port_render *p,
                             const struct strata_column *c,
                             const char *object) {
  struct postgres_sql *sql = &p->base.sql;
  int u = is_unsigned(c);
  switch (c->type) {
  case STRATA_TYPE_TINYINT: postgres_sql_add(sql, "smallint"); break;
  case STRATA_TYPE_SMALLINT:
    postgres_sql_add(sql, u ? "integer" : "smallint");
    break;
  case STRATA_TYPE_MEDIUMINT: postgres_sql_add(sql, "integer"); break;
  case STRATA_TYPE_INTEGER:
    postgres_sql_add(sql, u ? "bigint" : "integer");
    if (u)
      port_note(p, STRATA_NOTE_CHANGED, NULL, object,
                "int unsigned becomes bigint");
    break;
  default:
    postgres_sql_add(sql, port_column_is_numeric_bigint(p, c) ? "numeric(20,0)"
                                                              : "bigint");
    if (port_column_is_numeric_bigint(p, c))
      port_note(p, STRATA_NOTE_CHANGED, NULL, object,
                "bigint unsigned becomes numeric(20,0) with CHECK (>= 0)");
    else if (u)
      port_note(p, STRATA_NOTE_APPROXIMATED, NULL, object,
                "bigint unsigned becomes bigint: values over "
                "9223372036854775807 cannot be copied");
  }
}

static void add_decimal_type(struct port_render *p,
                             const struct strata_column *c,
                             const char *object) {
  struct postgres_sql *sql = &p->base.sql;
  if (c->type == STRATA_TYPE_DECIMAL) {
    if (is_unsigned(c))
      port_note(p, STRATA_NOTE_CHANGED, NULL, object,
                "decimal unsigned becomes CHECK (>= 0)");
    if (c->precision > 0)
      postgres_sql_addf(sql, "numeric(%d,%d)", c->precision,
                        c->scale > 0 ? c->scale : 0);
    else
      postgres_sql_add(sql, "numeric");
    return;
  }
  if (is_unsigned(c))
    port_note(p, STRATA_NOTE_CHANGED, NULL, object,
              "UNSIGNED becomes CHECK (>= 0)");
  postgres_sql_add(sql,
                   c->type == STRATA_TYPE_REAL ? "real" : "double precision");
  if (c->precision > 0)
    port_note(p, STRATA_NOTE_APPROXIMATED, NULL, object,
              "%s loses its digits (%d,%d): PostgreSQL floats take none",
              c->type_text, c->precision, c->scale);
}

static void add_time_type(struct port_render *p, const struct strata_column *c,
                          const char *object) {
  struct postgres_sql *sql = &p->base.sql;
  switch (c->type) {
  case STRATA_TYPE_DATE: postgres_sql_add(sql, "date"); break;
  case STRATA_TYPE_TIME:
    if (!p->time_interval) {
      add_fraction(sql, "time", c);
      break;
    }
    postgres_sql_add(sql, "interval");
    port_note(p, STRATA_NOTE_CHANGED, NULL, object,
              "time becomes interval: values beyond 24:00 fit");
    break;
  case STRATA_TYPE_TIMESTAMP:
    add_fraction(sql, p->datetime_tz ? "timestamptz" : "timestamp", c);
    if (p->datetime_tz)
      port_note(p, STRATA_NOTE_APPROXIMATED, NULL, object,
                "datetime becomes timestamptz: its values are read as UTC");
    break;
  case STRATA_TYPE_TIMESTAMPTZ: add_fraction(sql, "timestamptz", c); break;
  default:
    postgres_sql_add(sql, "smallint");
    port_note(p, STRATA_NOTE_CHANGED, NULL, object, "year becomes smallint");
  }
}

static void add_enum_type(struct port_render *p, const struct strata_table *t,
                          const struct strata_column *c, const char *object) {
  char name[PORT_NAME_MAX];
  if (p->enum_check) {
    postgres_sql_add(&p->base.sql, "text");
    port_note(p, STRATA_NOTE_CHANGED, NULL, object,
              "enum becomes text with a CHECK on its labels");
    return;
  }
  postgres_sql_ident(&p->base.sql, port_enum_type(p, t, c, name));
  port_note(p, STRATA_NOTE_CHANGED, NULL, object, "enum becomes type %s", name);
}

/* Writes the PostgreSQL type of a supported column. */
static void add_type(struct port_render *p, const struct strata_table *t,
                     const struct strata_column *c, const char *object) {
  struct postgres_sql *sql = &p->base.sql;
  if (is_untyped(c)) {
    postgres_sql_add(sql, "text");
    port_note(p, STRATA_NOTE_APPROXIMATED, NULL, object,
              "%s: becomes text, each value its text",
              c->type_text ? c->type_text : "no declared type");
    return;
  }
  if (port_column_is_boolean(p, c)) {
    postgres_sql_add(sql, "boolean");
    port_note(p, STRATA_NOTE_CHANGED, NULL, object, "%s becomes boolean",
              c->type_text);
    return;
  }
  switch (c->type) {
  case STRATA_TYPE_BOOLEAN: postgres_sql_add(sql, "boolean"); break;
  case STRATA_TYPE_TINYINT:
  case STRATA_TYPE_SMALLINT:
  case STRATA_TYPE_MEDIUMINT:
  case STRATA_TYPE_INTEGER:
  case STRATA_TYPE_BIGINT: add_integer_type(p, c, object); break;
  case STRATA_TYPE_DECIMAL:
  case STRATA_TYPE_REAL:
  case STRATA_TYPE_DOUBLE: add_decimal_type(p, c, object); break;
  case STRATA_TYPE_BIT:
    postgres_sql_addf(sql, "bit varying(%lld)", c->length);
    break;
  case STRATA_TYPE_CHAR: postgres_sql_addf(sql, "char(%lld)", c->length); break;
  case STRATA_TYPE_VARCHAR:
    postgres_sql_addf(sql, "varchar(%lld)", c->length);
    break;
  case STRATA_TYPE_TEXT: postgres_sql_add(sql, "text"); break;
  case STRATA_TYPE_BINARY:
  case STRATA_TYPE_VARBINARY:
  case STRATA_TYPE_BLOB: postgres_sql_add(sql, "bytea"); break;
  case STRATA_TYPE_INTERVAL: postgres_sql_add(sql, "interval"); break;
  case STRATA_TYPE_JSON:
    if (p->json_text) {
      postgres_sql_add(sql, "json");
      break;
    }
    postgres_sql_add(sql, "jsonb");
    port_note(p, STRATA_NOTE_APPROXIMATED, NULL, object,
              "json becomes jsonb: key order, duplicate keys and spacing "
              "are not kept, nor a \\u0000 in a string (--json-type=json keeps "
              "the text)");
    break;
  case STRATA_TYPE_UUID: postgres_sql_add(sql, "uuid"); break;
  case STRATA_TYPE_ENUM: add_enum_type(p, t, c, object); break;
  case STRATA_TYPE_SET:
    postgres_sql_add(sql, "text[]");
    port_note(p, STRATA_NOTE_CHANGED, NULL, object,
              "set becomes text[] with a CHECK on its labels");
    break;
  default: add_time_type(p, c, object);
  }
}

/* ---- defaults ------------------------------------------------------------ */

/* 0000-00-00, 2022-11-00 ...: no PostgreSQL date. */
static int is_zero_date(const char *value) {
  size_t n = strlen(value);
  return (n >= 4 && strncmp(value, "0000", 4) == 0) ||
         (n >= 7 && strncmp(value + 5, "00", 2) == 0) ||
         (n >= 10 && strncmp(value + 8, "00", 2) == 0);
}

static int is_date_type(enum strata_type type) {
  return type == STRATA_TYPE_DATE || type == STRATA_TYPE_TIMESTAMP ||
         type == STRATA_TYPE_TIMESTAMPTZ;
}

static int is_number_type(enum strata_type type) {
  return (type >= STRATA_TYPE_TINYINT && type <= STRATA_TYPE_DOUBLE) ||
         type == STRATA_TYPE_YEAR;
}

static void add_bytes_literal(struct postgres_sql *sql, const char *value) {
  static const char hex[] = "0123456789abcdef";
  struct postgres_sql text = {0};
  postgres_sql_add(&text, "\\x");
  for (const unsigned char *b = (const unsigned char *)value; *b; b++)
    postgres_sql_addf(&text, "%c%c", hex[*b >> 4], hex[*b & 15]);
  postgres_sql_literal(sql, text.data ? text.data : "");
  postgres_sql_release(&text);
}

/* A set's 'a,b' as ARRAY['a', 'b']. */
static void add_set_literal(struct postgres_sql *sql, const char *value) {
  if (*value == '\0') {
    postgres_sql_add(sql, "'{}'::text[]");
    return;
  }
  postgres_sql_add(sql, "ARRAY[");
  for (const char *p = value;;) {
    size_t n = strcspn(p, ",");
    char label[PORT_NAME_MAX * 4];
    snprintf(label, sizeof label, "%.*s", (int)n, p);
    postgres_sql_literal(sql, label);
    if (p[n] == '\0')
      break;
    postgres_sql_add(sql, ", ");
    p += n + 1;
  }
  postgres_sql_add(sql, "]");
}

static void add_literal_default(const struct port_render *p,
                                struct postgres_sql *sql,
                                const struct strata_column *c) {
  const char *v = c->default_value;
  if (port_column_is_boolean(p, c))
    postgres_sql_add(sql, strcmp(v, "0") == 0 ? "false" : "true");
  else if (c->type == STRATA_TYPE_BIT)
    postgres_sql_addf(sql, "B'%s'", v);
  else if (is_number_type(c->type))
    postgres_sql_add(sql, v);
  else if (c->type >= STRATA_TYPE_BINARY && c->type <= STRATA_TYPE_BLOB)
    add_bytes_literal(sql, v);
  else if (c->type == STRATA_TYPE_SET)
    add_set_literal(sql, v);
  else
    postgres_sql_literal(sql, v);
}

static void add_default(struct port_render *p, const struct strata_table *t,
                        const struct strata_column *c, const char *object) {
  struct postgres_sql *sql = &p->base.sql;
  switch (c->default_kind) {
  case STRATA_DEFAULT_NONE:
  case STRATA_DEFAULT_NULL: return;
  case STRATA_DEFAULT_CURRENT_TIME:
    postgres_sql_add(sql, " DEFAULT CURRENT_TIMESTAMP");
    return;
  case STRATA_DEFAULT_CURRENT_DATE:
    postgres_sql_add(sql, " DEFAULT CURRENT_DATE");
    return;
  case STRATA_DEFAULT_EXPRESSION:
    postgres_sql_add(sql, " DEFAULT ");
    port_expression(p, t, c->default_expr, sql);
    return;
  case STRATA_DEFAULT_LITERAL: break;
  }
  if (is_date_type(c->type) && is_zero_date(c->default_value) &&
      p->zero_dates == PORT_ZERO_DATES_INFINITY) {
    postgres_sql_add(sql, " DEFAULT '-infinity'");
    port_note(p, STRATA_NOTE_CHANGED, NULL, object,
              "zero-date default '%s' becomes '-infinity'", c->default_value);
    return;
  }
  if (is_date_type(c->type) && is_zero_date(c->default_value)) {
    port_note(p, STRATA_NOTE_UNSUPPORTED, NULL, object,
              "zero-date default '%s' is left out: PostgreSQL has no such "
              "date",
              c->default_value);
    return;
  }
  postgres_sql_add(sql, " DEFAULT ");
  add_literal_default(p, sql, c);
}

/* ---- columns and tables -------------------------------------------------- */

int port_column_is_generated(const struct port_render *p,
                             const struct strata_table *t,
                             const struct strata_column *c) {
  unsigned generated =
      STRATA_COLUMN_GENERATED_STORED | STRATA_COLUMN_GENERATED_VIRTUAL;
  return (c->flags & generated) && c->generated_expr != NULL &&
         !port_column_is_identity(p, t, c);
}

static void add_generated(struct port_render *p, const struct strata_table *t,
                          const struct strata_column *c, const char *object) {
  postgres_sql_add(&p->base.sql, " GENERATED ALWAYS AS (");
  port_expression(p, t, c->generated_expr, &p->base.sql);
  postgres_sql_add(&p->base.sql, ") STORED");
  if (c->flags & STRATA_COLUMN_GENERATED_VIRTUAL)
    port_note(p, STRATA_NOTE_APPROXIMATED, NULL, object,
              "virtual generated column becomes STORED");
}

static void note_column_extras(struct port_render *p,
                               const struct strata_column *c,
                               const char *object) {
  if (c->collation != NULL)
    port_note(p, STRATA_NOTE_APPROXIMATED, NULL, object,
              "collation %s is not kept: the database's applies", c->collation);
  if (c->on_update != NULL)
    port_note(p, STRATA_NOTE_CHANGED, NULL, object,
              "ON UPDATE %s becomes a trigger", c->on_update);
}

static void add_column(struct port_render *p, const struct strata_table *t,
                       const struct strata_column *c, const char *object) {
  struct postgres_sql *sql = &p->base.sql;
  unsigned generated =
      STRATA_COLUMN_GENERATED_STORED | STRATA_COLUMN_GENERATED_VIRTUAL;
  port_add_column(p, t, c->name);
  postgres_sql_add(sql, " ");
  add_type(p, t, c, object);
  if (port_column_is_identity(p, t, c))
    postgres_sql_add(sql, " GENERATED BY DEFAULT AS IDENTITY");
  else if (c->flags & generated)
    add_generated(p, t, c, object);
  else
    add_default(p, t, c, object);
  if (c->flags & STRATA_COLUMN_NOT_NULL)
    postgres_sql_add(sql, " NOT NULL");
  note_column_extras(p, c, object);
}

/* A name the application's queries use, when it had to be shortened. */
static void note_shortened(struct port_render *p, const char *object,
                           const char *source, const char *target) {
  if (strlen(source) > PORT_NAME_BYTES)
    port_note(p, STRATA_NOTE_CHANGED, NULL, object,
              "name shortened to %s: PostgreSQL keeps %d bytes of a name",
              target, PORT_NAME_BYTES);
}

static int render_table(struct port_render *p, const struct strata_table *t) {
  struct postgres_sql *sql = &p->base.sql;
  size_t written = 0;
  char name[PORT_NAME_MAX], object[2 * PORT_NAME_MAX];
  snprintf(object, sizeof object, "table %s", t->name);
  note_shortened(p, object, t->name, port_table_name(p, t->name, name));
  postgres_sql_add(sql, "CREATE TABLE ");
  postgres_sql_ident(sql, name);
  postgres_sql_add(sql, " (");
  for (size_t i = 0; i < t->column_count; i++) {
    const struct strata_column *c = t->columns[i];
    column_object(t, c, object, sizeof object);
    note_shortened(p, object, c->name, port_column_name(p, t, c->name, name));
    if (!port_column_supported(c)) {
      port_note(p, STRATA_NOTE_UNSUPPORTED, c->type_text, object,
                "type %s has no PostgreSQL equivalent here: column left out",
                c->type_text);
      continue;
    }
    postgres_sql_add(sql, written++ > 0 ? ",\n  " : "\n  ");
    add_column(p, t, c, object);
  }
  postgres_sql_add(sql, "\n)");
  return postgres_render_statement(&p->base);
}

int port_render_tables(struct port_render *p) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < p->base.schema->table_count; i++)
    rc = render_table(p, p->base.schema->tables[i]);
  return rc;
}

/* ---- the checks a type needs --------------------------------------------- */

int port_type_check(struct port_render *p, const struct strata_table *t,
                    const struct strata_column *c, struct postgres_sql *sql) {
  char name[PORT_NAME_MAX];
  int needs_sign =
      is_unsigned(c) &&
      (port_column_is_numeric_bigint(p, c) || c->type == STRATA_TYPE_DECIMAL ||
       c->type == STRATA_TYPE_REAL || c->type == STRATA_TYPE_DOUBLE);
  int enum_check = c->type == STRATA_TYPE_ENUM && p->enum_check;
  if (!port_column_supported(c) || port_column_is_boolean(p, c))
    return 0;
  port_column_name(p, t, c->name, name);
  if (needs_sign) {
    postgres_sql_ident(sql, name);
    postgres_sql_add(sql, " >= 0");
  } else if (enum_check) {
    postgres_sql_ident(sql, name);
    postgres_sql_add(sql, " IN (");
    postgres_sql_literal_list(sql, c->labels, c->label_count);
    postgres_sql_add(sql, ")");
  } else if (c->type == STRATA_TYPE_SET) {
    postgres_sql_ident(sql, name);
    postgres_sql_add(sql, " <@ ARRAY[");
    postgres_sql_literal_list(sql, c->labels, c->label_count);
    postgres_sql_add(sql, "]::text[]");
  } else {
    return 0;
  }
  return 1;
}
