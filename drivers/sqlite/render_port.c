/*
 * render_port.c - a model read from another engine (or from SQLite) as an
 * SQLite schema, one part at a time around a port's data load.
 *
 * SQLite cannot add a key, a CHECK or a foreign key to a table that
 * exists, so TABLES writes them all inside CREATE TABLE, through the
 * writer a dump uses (render_table.c), and KEYS, FOREIGN_KEYS and
 * VALIDATE write nothing.  The port's sessions run with foreign keys off
 * (what a rendering of no part writes), so rows load in any order, and
 * each key is then checked by counting its rows without a parent
 * (ORPHANS).  A row that breaks a key or a CHECK is refused by its INSERT
 * and set aside by the load.
 *
 * The neutral fields decide: a column's type, default and identity.
 * CHECKs, generated columns, expression defaults, partial and expression
 * indexes and views are copied from SQLite, and from another engine
 * arrive in portable text, which the core had the source's driver write
 * (what it could not is left out, said so) and port_expr.c spells as
 * SQLite.  Triggers are copied only from SQLite; from another engine each
 * is a HAND note with its source, never a guess.
 */
#include "port.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct port_sqlite {
  const struct strata_host *host;
  const struct strata_schema *schema;
  const struct strata_render_options *opt;
  strata_write_fn write;
  void *ctx;
  struct strata_error *err;
  struct sqlite_text stmt;
  int same_engine; /* the model is SQLite's: its text is copied */
};

static int is_sqlite_model(const struct strata_schema *schema) {
  return schema->engine != NULL && strcmp(schema->engine, "sqlite") == 0;
}

static int flush(struct port_sqlite *r) {
  struct sqlite_text *b = &r->stmt;
  sqlite_text_adds(b, ";\n");
  int rc = b->failed ? r->host->error_set(r->err, STRATA_ENOMEM,
                                          "out of memory rendering SQL")
                     : r->write(r->ctx, b->data, b->length);
  b->length = 0;
  return rc;
}

static void add_string(struct sqlite_text *b, const char *s) {
  sqlite_text_adds(b, "'");
  for (const char *p = s; *p != '\0'; p++) {
    if (*p == '\'')
      sqlite_text_adds(b, "'");
    sqlite_text_add(b, p, 1);
  }
  sqlite_text_adds(b, "'");
}

/* ---- settings ------------------------------------------------------------ */

/* zero_dates=null|error and tinyint1 are the options that mean something
 * here; any other is refused rather than silently ignored. */
static int check_settings(struct port_sqlite *r) {
  int rc =
      common_port_check_settings(r->host, r->opt, "an SQLite target", r->err);
  if (rc != 0)
    return rc;
  const char *schema = r->opt->schema_name;
  if (schema != NULL && strcmp(schema, "public") != 0 &&
      strcmp(schema, "main") != 0)
    return r->host->error_set(r->err, STRATA_EINVAL,
                              "an SQLite database has no schema '%s': leave "
                              "out --schema",
                              schema);
  return 0;
}

/* ---- types --------------------------------------------------------------- */

static int is_unsigned(const struct strata_column *c) {
  return (c->flags & STRATA_COLUMN_UNSIGNED) != 0;
}

static int is_boolean(const struct strata_column *c) {
  return c->type == STRATA_TYPE_BOOLEAN ||
         (c->type == STRATA_TYPE_TINYINT && c->length == 1) ||
         (c->type == STRATA_TYPE_BIT && c->length <= 1);
}

int sqlite_port_is_copied(const struct strata_column *c) {
  unsigned generated =
      STRATA_COLUMN_GENERATED_STORED | STRATA_COLUMN_GENERATED_VIRTUAL;
  return !(c->flags & generated);
}

static const char *integer_word(enum strata_type type) {
  switch (type) {
  case STRATA_TYPE_TINYINT: return "TINYINT";
  case STRATA_TYPE_SMALLINT: return "SMALLINT";
  case STRATA_TYPE_MEDIUMINT: return "MEDIUMINT";
  case STRATA_TYPE_BIGINT: return "BIGINT";
  default: return "INTEGER";
  }
}

static const char *other_word(enum strata_type type) {
  switch (type) {
  case STRATA_TYPE_REAL: return "FLOAT4";
  case STRATA_TYPE_DOUBLE: return "DOUBLE";
  case STRATA_TYPE_TEXT: return "TEXT";
  case STRATA_TYPE_DATE: return "DATE";
  case STRATA_TYPE_TIME: return "TIME";
  case STRATA_TYPE_TIMESTAMP: return "DATETIME";
  case STRATA_TYPE_TIMESTAMPTZ: return "TIMESTAMPTZ";
  case STRATA_TYPE_YEAR: return "SMALLINT";
  /* A bare UUID or JSON would have NUMERIC affinity and turn an all-digit
   * value into a number; the word TEXT gives TEXT affinity. */
  case STRATA_TYPE_JSON: return "JSON TEXT";
  case STRATA_TYPE_UUID: return "UUID TEXT";
  case STRATA_TYPE_BINARY:
  case STRATA_TYPE_VARBINARY:
  case STRATA_TYPE_BLOB:
  case STRATA_TYPE_BIT:
  case STRATA_TYPE_GEOMETRY: return "BLOB";
  default: return "TEXT";
  }
}

void sqlite_port_type(const struct strata_schema *schema,
                      const struct strata_column *c, char *buf, size_t size) {
  const char *sign = is_unsigned(c) ? " UNSIGNED" : "";
  if (is_sqlite_model(schema))
    snprintf(buf, size, "%s", c->type_text ? c->type_text : "");
  else if (c->flags & STRATA_COLUMN_IDENTITY)
    snprintf(buf, size, "INTEGER");
  else if (is_boolean(c))
    snprintf(buf, size, "BOOLEAN");
  else if (c->flags & STRATA_COLUMN_ARRAY)
    snprintf(buf, size, "TEXT");
  else if (c->type >= STRATA_TYPE_TINYINT && c->type <= STRATA_TYPE_BIGINT)
    snprintf(buf, size, "%s%s", integer_word(c->type), sign);
  /* SQLite takes a type's numbers only at its end. */
  else if (c->type == STRATA_TYPE_DECIMAL && c->precision > 0)
    snprintf(buf, size, "%sDECIMAL(%d,%d)", is_unsigned(c) ? "UNSIGNED " : "",
             c->precision, c->scale > 0 ? c->scale : 0);
  else if (c->type == STRATA_TYPE_DECIMAL)
    snprintf(buf, size, "DECIMAL%s", sign);
  else if ((c->type == STRATA_TYPE_CHAR || c->type == STRATA_TYPE_VARCHAR) &&
           c->length > 0)
    snprintf(buf, size, "%s(%lld)",
             c->type == STRATA_TYPE_CHAR ? "CHAR" : "VARCHAR", c->length);
  else if (c->type == STRATA_TYPE_CHAR || c->type == STRATA_TYPE_VARCHAR)
    snprintf(buf, size, "%s", c->type == STRATA_TYPE_CHAR ? "CHAR" : "VARCHAR");
  else
    snprintf(buf, size, "%s%s", other_word(c->type),
             c->type == STRATA_TYPE_REAL || c->type == STRATA_TYPE_DOUBLE ? sign
                                                                          : "");
}

/* What a type's choice loses: an approximated note, else NULL. */
static const char *approximation(const struct strata_column *c) {
  if (c->type == STRATA_TYPE_BIGINT && is_unsigned(c))
    return "a value above 9223372036854775807 is stored as a REAL, "
           "approximated, each one counted";
  if (c->type == STRATA_TYPE_DECIMAL && c->precision > 15)
    return "SQLite keeps a decimal that is not an integer as a REAL, about "
           "15 significant digits";
  if (c->type == STRATA_TYPE_GEOMETRY)
    return "becomes BLOB holding the source's bytes";
  if (c->type == STRATA_TYPE_OTHER || (c->flags & STRATA_COLUMN_ARRAY))
    return "becomes TEXT holding the source's text of each value";
  return NULL;
}

/* What a type's choice changes, meaning kept: a note, else NULL. */
static const char *change(const struct strata_column *c) {
  switch (c->type) {
  case STRATA_TYPE_ENUM: return "enum becomes TEXT with a CHECK of its labels";
  case STRATA_TYPE_SET:
    return "set becomes TEXT holding its labels comma-joined";
  case STRATA_TYPE_BIT:
    return is_boolean(c) ? NULL : "becomes BLOB: its bytes, big-endian";
  case STRATA_TYPE_YEAR: return "becomes SMALLINT";
  case STRATA_TYPE_TIMESTAMPTZ:
    return "becomes TIMESTAMPTZ text in UTC, without a zone";
  case STRATA_TYPE_INTERVAL: return "becomes TEXT";
  default: return NULL;
  }
}

/* Every type choice that is not a plain copy, as a note. */
static void note_type(struct port_sqlite *r, const struct strata_table *t,
                      const struct strata_column *c) {
  const char *lost = approximation(c), *changed = lost ? NULL : change(c);
  char message[400];
  if (lost == NULL && changed == NULL)
    return;
  snprintf(message, sizeof message, "%s: %s",
           c->type_text ? c->type_text : "its type", lost ? lost : changed);
  common_port_column_note(r->opt,
                          lost ? STRATA_NOTE_APPROXIMATED : STRATA_NOTE_CHANGED,
                          t->name, c->name, message, NULL);
}

/* ---- a table ------------------------------------------------------------- */

/* The copy of a table sqlite_render_table() writes: SQLite's types and
 * defaults, the checks it can hold, the foreign keys it can keep. */
struct local_table {
  struct strata_table table;
  struct strata_column *columns;
  struct strata_column **column_ptrs;
  char (*types)[64];
  struct sqlite_text *texts;     /* per column: its default */
  struct sqlite_text *generated; /* per column: its expression */
  /* per column: the check its type needs; then per check of the table,
   * its expression */
  struct sqlite_text *checks_text;
  size_t check_texts;
  struct strata_check *checks;
  struct strata_check **check_ptrs;
  struct strata_foreign_key **fks;
  struct strata_key primary_key;
};

static void local_release(struct local_table *l, size_t columns) {
  for (size_t i = 0; l->texts && l->generated && i < columns; i++) {
    sqlite_text_release(&l->texts[i]);
    sqlite_text_release(&l->generated[i]);
  }
  for (size_t i = 0; l->checks_text && i < l->check_texts; i++)
    sqlite_text_release(&l->checks_text[i]);
  free(l->columns);
  free(l->column_ptrs);
  free(l->types);
  free(l->texts);
  free(l->generated);
  free(l->checks_text);
  free(l->checks);
  free(l->check_ptrs);
  free(l->fks);
}

static int local_alloc(struct local_table *l, const struct strata_table *t) {
  size_t n = t->column_count + 1;
  size_t k = t->check_count + n;
  memset(l, 0, sizeof *l);
  l->table = *t;
  l->columns = calloc(n, sizeof *l->columns);
  l->column_ptrs = calloc(n, sizeof *l->column_ptrs);
  l->types = calloc(n, sizeof *l->types);
  l->texts = calloc(n, sizeof *l->texts);
  l->generated = calloc(n, sizeof *l->generated);
  l->checks_text = calloc(k, sizeof *l->checks_text);
  l->check_texts = k;
  l->checks = calloc(k, sizeof *l->checks);
  l->check_ptrs = calloc(k, sizeof *l->check_ptrs);
  l->fks = calloc(t->foreign_key_count + 1, sizeof *l->fks);
  return l->columns && l->column_ptrs && l->types && l->texts &&
                 l->generated && l->checks_text && l->checks && l->check_ptrs && l->fks
             ? 0
             : -1;
}

static int is_number(const char *v) {
  char *end;
  if (*v == '\0')
    return 0;
  (void)strtod(v, &end);
  return *end == '\0';
}

static int is_time_type(enum strata_type type) {
  return type == STRATA_TYPE_DATE || type == STRATA_TYPE_TIMESTAMP ||
         type == STRATA_TYPE_TIMESTAMPTZ || type == STRATA_TYPE_TIME;
}

static void literal_default(struct port_sqlite *r, const struct strata_table *t,
                            const struct strata_column *c,
                            struct sqlite_text *out) {
  const char *v = c->default_value ? c->default_value : "";
  char n[4];
  if (common_port_drops_zero_date(r->opt, t, c, v))
    return;
  if (is_boolean(c) && common_port_boolean_value(v) >= 0) {
    snprintf(n, sizeof n, "%d", common_port_boolean_value(v));
    sqlite_text_adds(out, n);
  } else if (c->type != STRATA_TYPE_TEXT && c->type != STRATA_TYPE_CHAR &&
             c->type != STRATA_TYPE_VARCHAR && is_number(v) &&
             !is_time_type(c->type)) {
    sqlite_text_adds(out, v);
  } else {
    add_string(out, v);
  }
}

static void current_default(struct port_sqlite *r, const struct strata_table *t,
                            const struct strata_column *c,
                            struct sqlite_text *out) {
  if (c->type == STRATA_TYPE_DATE ||
      c->default_kind == STRATA_DEFAULT_CURRENT_DATE) {
    sqlite_text_adds(out, "CURRENT_DATE");
    return;
  }
  sqlite_text_adds(out, c->type == STRATA_TYPE_TIME ? "CURRENT_TIME"
                                                    : "CURRENT_TIMESTAMP");
  common_port_column_note(
      r->opt, STRATA_NOTE_APPROXIMATED, t->name, c->name,
      "the current time as a default is SQLite's: UTC, in whole "
      "seconds",
      c->default_expr);
}

/* The column's default as SQLite writes it into out (empty: none). */
static void column_default(struct port_sqlite *r, const struct strata_table *t,
                           const struct strata_column *c,
                           struct sqlite_text *out) {
  if (r->same_engine) {
    if (c->default_expr != NULL)
      sqlite_text_adds(out, c->default_expr);
    return;
  }
  switch (c->default_kind) {
  case STRATA_DEFAULT_NONE:
  case STRATA_DEFAULT_NULL: break;
  case STRATA_DEFAULT_LITERAL: literal_default(r, t, c, out); break;
  case STRATA_DEFAULT_CURRENT_TIME:
  case STRATA_DEFAULT_CURRENT_DATE: current_default(r, t, c, out); break;
  case STRATA_DEFAULT_EXPRESSION:
    sqlite_text_adds(out, "(");
    sqlite_port_expression(c->default_expr, out);
    sqlite_text_adds(out, ")");
    break;
  }
}

/* A CHECK the mapping adds: unsigned, or an enum's labels. */
static void mapping_check(const struct strata_schema *s,
                          const struct strata_column *c,
                          struct sqlite_text *b) {
  size_t n = 0;
  const char **labels =
      c->type == STRATA_TYPE_ENUM ? common_port_enum_labels(s, c, &n) : NULL;
  if (n > 0) {
    sqlite_text_add_ident(b, c->name);
    sqlite_text_adds(b, " IN (");
    for (size_t i = 0; i < n; i++) {
      if (i > 0)
        sqlite_text_adds(b, ", ");
      add_string(b, labels[i]);
    }
    sqlite_text_adds(b, ")");
  } else if (is_unsigned(c) && !is_boolean(c) &&
             (c->type <= STRATA_TYPE_DOUBLE)) {
    sqlite_text_add_ident(b, c->name);
    sqlite_text_adds(b, " >= 0");
  }
}

static void local_column(struct port_sqlite *r, struct local_table *l,
                         const struct strata_table *t, size_t i) {
  const struct strata_column *src = t->columns[i];
  struct strata_column *c = &l->columns[i];
  *c = *src;
  l->column_ptrs[i] = c;
  sqlite_port_type(r->schema, src, l->types[i], sizeof l->types[i]);
  c->type_text = l->types[i];
  if (r->same_engine && l->types[i][0] == '\0')
    common_port_column_note(
        r->opt, STRATA_NOTE_APPROXIMATED, t->name, src->name,
        "no declared type: a value that reads as a number is copied "
        "as a number, any other as text",
        NULL);
  if (r->same_engine)
    return;
  note_type(r, t, src);
  if (common_port_is_sequence_key(t, src)) {
    /* serial: SQLite numbers the single INTEGER PRIMARY KEY itself. */
    c->flags |= STRATA_COLUMN_IDENTITY;
    c->default_expr = NULL;
    snprintf(l->types[i], sizeof l->types[i], "INTEGER");
    common_port_column_note(
        r->opt, STRATA_NOTE_CHANGED, t->name, src->name,
        "numbered from a sequence: becomes INTEGER PRIMARY KEY "
        "AUTOINCREMENT",
        src->default_expr);
    return;
  }
  column_default(r, t, src, &l->texts[i]);
  c->default_expr = l->texts[i].length > 0 ? l->texts[i].data : NULL;
  if ((src->flags & STRATA_COLUMN_IDENTITY) &&
      !common_port_is_single_key(t, src->name))
    common_port_column_note(
        r->opt, STRATA_NOTE_APPROXIMATED, t->name, src->name,
        "not numbered by SQLite: only a single-column INTEGER "
        "PRIMARY KEY is",
        NULL);
  if (!common_port_is_single_key(t, src->name))
    c->flags &= ~(unsigned)STRATA_COLUMN_IDENTITY;
  c->generated_expr = NULL;
  if (!sqlite_port_is_copied(src)) {
    sqlite_port_expression(src->generated_expr, &l->generated[i]);
    c->generated_expr = l->generated[i].data;
    c->default_expr = NULL;
  }
  if (src->collation != NULL)
    common_port_column_note(
        r->opt, STRATA_NOTE_CHANGED, t->name, src->name,
        "its collation is dropped: SQLite compares text as bytes",
        src->collation);
  c->collation = NULL;
  mapping_check(r->schema, src, &l->checks_text[i]);
  if (l->checks_text[i].length > 0) {
    struct strata_check *k = &l->checks[l->table.check_count];
    k->expression = l->checks_text[i].data;
    l->check_ptrs[l->table.check_count++] = k;
  }
}

static void local_checks(struct port_sqlite *r, struct local_table *l,
                         const struct strata_table *t) {
  for (size_t i = 0; i < t->check_count; i++) {
    struct sqlite_text *text = &l->checks_text[t->column_count + 1 + i];
    struct strata_check *k = &l->checks[l->table.check_count];
    if (r->same_engine) {
      l->check_ptrs[l->table.check_count++] = t->checks[i];
      continue;
    }
    sqlite_port_expression(t->checks[i]->expression, text);
    *k = (struct strata_check){.name = t->checks[i]->name,
                               .expression = text->data};
    l->check_ptrs[l->table.check_count++] = k;
  }
}

static void local_foreign_keys(struct port_sqlite *r, struct local_table *l,
                               const struct strata_table *t) {
  l->table.foreign_key_count = 0;
  for (size_t i = 0; i < t->foreign_key_count; i++) {
    struct strata_foreign_key *fk = t->foreign_keys[i];
    if (common_port_parent_ported(r->host, r->opt, r->schema, t, fk))
      l->fks[l->table.foreign_key_count++] = fk;
  }
  l->table.foreign_keys = l->fks;
}

static int render_table(struct port_sqlite *r, const struct strata_table *t) {
  struct local_table l;
  if (local_alloc(&l, t) != 0) {
    local_release(&l, t->column_count);
    return r->host->error_set(r->err, STRATA_ENOMEM, "out of memory");
  }
  l.table.columns = l.column_ptrs;
  l.table.checks = l.check_ptrs;
  l.table.check_count = 0;
  /* MySQL calls every primary key PRIMARY: a name of no use elsewhere. */
  if (!r->same_engine && t->primary_key != NULL) {
    l.primary_key = *t->primary_key;
    if (l.primary_key.name && strcmp(l.primary_key.name, "PRIMARY") == 0)
      l.primary_key.name = NULL;
    l.table.primary_key = &l.primary_key;
  }
  if (!r->same_engine)
    l.table.options = NULL;
  for (size_t i = 0; i < t->column_count; i++)
    local_column(r, &l, t, i);
  local_checks(r, &l, t);
  local_foreign_keys(r, &l, t);
  int failed = 0;
  for (size_t i = 0; i < t->column_count; i++)
    failed |= l.texts[i].failed | l.generated[i].failed;
  for (size_t i = 0; i < l.check_texts; i++)
    failed |= l.checks_text[i].failed;
  if (!failed)
    sqlite_render_table(&r->stmt, &l.table);
  local_release(&l, t->column_count);
  if (failed)
    return r->host->error_set(r->err, STRATA_ENOMEM, "out of memory");
  return flush(r);
}

/* Two names SQLite would take for one. */
static int check_names(struct port_sqlite *r) {
  const struct strata_schema *s = r->schema;
  for (size_t i = 0; i < s->table_count; i++)
    for (size_t j = i + 1; j < s->table_count; j++)
      if (strcasecmp(s->tables[i]->name, s->tables[j]->name) == 0)
        return r->host->error_set(r->err, STRATA_ENOTSUP,
                                  "tables %s and %s would be one table in "
                                  "SQLite, whose names ignore case: leave "
                                  "one out with --exclude",
                                  s->tables[i]->name, s->tables[j]->name);
  return 0;
}

/* ---- indexes ------------------------------------------------------------- */

/* SQLite's index names are the database's, not the table's: a name two
 * tables use takes its table's name in front. */
static int index_name_taken(const struct strata_schema *s,
                            const struct strata_table *t,
                            const struct strata_index *x) {
  for (size_t i = 0; i < s->table_count; i++) {
    if (strcasecmp(s->tables[i]->name, x->name) == 0)
      return 1;
    for (size_t j = 0; s->tables[i] != t && j < s->tables[i]->index_count; j++)
      if (strcasecmp(s->tables[i]->indexes[j]->name, x->name) == 0)
        return 1;
  }
  return 0;
}

/* Whether the index can be written from its columns; notes say what was
 * not kept. */
static int index_writable(struct port_sqlite *r, const struct strata_table *t,
                          const struct strata_index *x, char *object) {
  const char *method = x->method ? x->method : "btree";
  if (strcasecmp(method, "fulltext") == 0) {
    common_port_note(
        r->opt, STRATA_NOTE_UNSUPPORTED, object,
        "left out: SQLite has no such index (an FTS5 table is written by "
        "hand)",
        x->definition);
    return 0;
  }
  if (strcasecmp(method, "spatial") == 0) {
    common_port_note(
        r->opt, STRATA_NOTE_UNSUPPORTED, object,
        "left out: SQLite has no such index (an R*Tree table is written by "
        "hand)",
        x->definition);
    return 0;
  }
  for (size_t i = 0; i < x->part_count; i++)
    if (x->parts[i]->prefix_length > 0) {
      common_port_note(
          r->opt, STRATA_NOTE_CHANGED, object,
          "its prefix length is dropped: the index takes whole values",
          x->definition);
      break;
    }
  (void)t;
  return 1;
}

/* A column, or an expression in portable text (the core's). */
static void add_index_part(struct sqlite_text *b,
                           const struct strata_index_part *part) {
  if (part->column != NULL) {
    sqlite_text_add_ident(b, part->column);
  } else {
    sqlite_text_adds(b, "(");
    sqlite_port_expression(part->expression, b);
    sqlite_text_adds(b, ")");
  }
  if (part->descending)
    sqlite_text_adds(b, " DESC");
}

static int render_index(struct port_sqlite *r, const struct strata_table *t,
                        const struct strata_index *x) {
  char object[600], name[600];
  snprintf(object, sizeof object, "index %s.%s", t->name, x->name);
  if (r->same_engine && x->definition != NULL) {
    sqlite_text_adds(&r->stmt, x->definition);
    return flush(r);
  }
  if (!index_writable(r, t, x, object))
    return 0;
  snprintf(name, sizeof name, "%s", x->name);
  if (index_name_taken(r->schema, t, x)) {
    snprintf(name, sizeof name, "%s_%s", t->name, x->name);
    char message[700];
    snprintf(message, sizeof message,
             "named %s: SQLite's index names are the database's", name);
    common_port_note(r->opt, STRATA_NOTE_CHANGED, object, message, NULL);
  }
  struct sqlite_text *b = &r->stmt;
  sqlite_text_adds(b, x->flags & STRATA_INDEX_UNIQUE ? "CREATE UNIQUE INDEX "
                                                     : "CREATE INDEX ");
  sqlite_text_add_ident(b, name);
  sqlite_text_adds(b, " ON ");
  sqlite_text_add_ident(b, t->name);
  sqlite_text_adds(b, " (");
  for (size_t i = 0; i < x->part_count; i++) {
    sqlite_text_adds(b, i > 0 ? ", " : "");
    add_index_part(b, x->parts[i]);
  }
  sqlite_text_adds(b, ")");
  if (x->predicate != NULL) {
    sqlite_text_adds(b, " WHERE ");
    sqlite_port_expression(x->predicate, b);
  }
  return flush(r);
}

static int render_indexes(struct port_sqlite *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->index_count; j++)
      rc = render_index(r, t, t->indexes[j]);
  }
  return rc;
}

/* ---- identity, keys checked, the rest ------------------------------------ */

/* AUTOINCREMENT goes on from the source's counter when that is past the
 * largest id loaded (sqlite_sequence already holds that one). */
static int render_identity(struct port_sqlite *r) {
  char n[32];
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    const struct strata_key *pk = t->primary_key;
    int numbered = 0;
    for (size_t j = 0; pk && pk->column_count == 1 && j < t->column_count; j++)
      numbered |= ((t->columns[j]->flags & STRATA_COLUMN_IDENTITY) ||
                   common_port_is_sequence_key(t, t->columns[j])) &&
                  strcmp(t->columns[j]->name, pk->columns[0]) == 0;
    if (!numbered || t->next_auto_increment <= 1)
      continue;
    snprintf(n, sizeof n, "%lld", t->next_auto_increment - 1);
    struct sqlite_text *b = &r->stmt;
    sqlite_text_adds(b, "INSERT INTO sqlite_sequence (name, seq) SELECT ");
    add_string(b, t->name);
    sqlite_text_adds(b, ", 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence "
                        "WHERE name = ");
    add_string(b, t->name);
    sqlite_text_adds(b, ")");
    rc = flush(r);
    sqlite_text_adds(b, "UPDATE sqlite_sequence SET seq = ");
    sqlite_text_adds(b, n);
    sqlite_text_adds(b, " WHERE name = ");
    add_string(b, t->name);
    sqlite_text_adds(b, " AND seq < ");
    sqlite_text_adds(b, n);
    if (rc == 0)
      rc = flush(r);
  }
  return rc;
}

/* The parent's columns a key names: its own list, or the parent's
 * primary key when it names none. */
static const struct strata_key *
parent_key(struct port_sqlite *r, const struct strata_foreign_key *fk) {
  const struct strata_table *p =
      r->host->schema_find_table(r->schema, fk->ref_table);
  return p ? p->primary_key : NULL;
}

/* Per foreign key, the rows of its table whose parent is missing. */
static int render_orphans(struct port_sqlite *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->foreign_key_count; j++) {
      const struct strata_foreign_key *fk = t->foreign_keys[j];
      const struct strata_key *pk = parent_key(r, fk);
      if (r->host->schema_find_table(r->schema, fk->ref_table) == NULL)
        continue;
      const char *const *refs = fk->ref_column_count
                                    ? fk->ref_columns
                                    : (pk ? pk->columns : fk->columns);
      struct sqlite_text *b = &r->stmt;
      sqlite_text_adds(b, "SELECT c.* FROM ");
      sqlite_text_add_ident(b, t->name);
      sqlite_text_adds(b, " AS c WHERE ");
      for (size_t k = 0; k < fk->column_count; k++) {
        sqlite_text_adds(b, "c.");
        sqlite_text_add_ident(b, fk->columns[k]);
        sqlite_text_adds(b, " IS NOT NULL AND ");
      }
      sqlite_text_adds(b, "NOT EXISTS (SELECT 1 FROM ");
      sqlite_text_add_ident(b, fk->ref_table);
      sqlite_text_adds(b, " AS p WHERE ");
      for (size_t k = 0; k < fk->column_count; k++) {
        sqlite_text_adds(b, k ? " AND p." : "p.");
        sqlite_text_add_ident(b, refs[k]);
        sqlite_text_adds(b, " = c.");
        sqlite_text_add_ident(b, fk->columns[k]);
      }
      sqlite_text_adds(b, ")");
      rc = flush(r);
    }
  }
  return rc;
}

/* Another engine's view arrives as a SELECT in portable text. */
static int render_views(struct port_sqlite *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->view_count; i++) {
    const struct strata_view *v = r->schema->views[i];
    sqlite_text_adds(&r->stmt, "CREATE VIEW ");
    sqlite_text_add_ident(&r->stmt, v->name);
    sqlite_text_adds(&r->stmt, " AS ");
    if (r->same_engine)
      sqlite_text_adds(&r->stmt, v->definition);
    else
      sqlite_port_expression(v->definition, &r->stmt);
    rc = flush(r);
  }
  return rc;
}

static int render_triggers(struct port_sqlite *r) {
  int rc = 0;
  char object[600];
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->trigger_count; j++) {
      const struct strata_trigger *g = t->triggers[j];
      if (r->same_engine) {
        sqlite_text_adds(&r->stmt, g->definition);
        rc = flush(r);
        continue;
      }
      snprintf(object, sizeof object, "trigger %s", g->name);
      common_port_note(r->opt, STRATA_NOTE_HAND, object,
                       "left for hand porting: write it in SQLite's syntax",
                       g->definition);
    }
    for (size_t j = 0; !r->same_engine && j < t->column_count; j++)
      if (t->columns[j]->on_update != NULL)
        common_port_column_note(
            r->opt, STRATA_NOTE_HAND, t->name, t->columns[j]->name,
            "ON UPDATE is left out: SQLite needs a trigger for it",
            t->columns[j]->on_update);
  }
  return rc;
}

static void note_comments(struct port_sqlite *r) {
  char object[600], message[200];
  for (size_t i = 0; i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    size_t n = t->comment != NULL;
    for (size_t j = 0; j < t->column_count; j++)
      n += t->columns[j]->comment != NULL;
    if (n == 0)
      continue;
    snprintf(object, sizeof object, "table %s", t->name);
    snprintf(message, sizeof message,
             "%zu comment%s left out: SQLite keeps none", n, n == 1 ? "" : "s");
    common_port_note(r->opt, STRATA_NOTE_UNSUPPORTED, object, message, NULL);
  }
}

static int render_drop(struct port_sqlite *r) {
  int rc = 0;
  for (size_t i = r->schema->view_count; rc == 0 && i > 0; i--) {
    sqlite_text_adds(&r->stmt, "DROP VIEW IF EXISTS ");
    sqlite_text_add_ident(&r->stmt, r->schema->views[i - 1]->name);
    rc = flush(r);
  }
  for (size_t i = r->schema->table_count; rc == 0 && i > 0; i--) {
    sqlite_text_adds(&r->stmt, "DROP TABLE IF EXISTS ");
    sqlite_text_add_ident(&r->stmt, r->schema->tables[i - 1]->name);
    rc = flush(r);
  }
  return rc;
}

/* ---- the parts ----------------------------------------------------------- */

static int render_tables(struct port_sqlite *r) {
  int rc = check_names(r);
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++)
    rc = render_table(r, r->schema->tables[i]);
  return rc;
}

static int render_parts(struct port_sqlite *r) {
  unsigned parts = r->opt->parts;
  /* Every rendering starts with what a port's session needs: foreign keys
   * off, so that rows load in any order (a no-op inside a transaction). */
  sqlite_text_adds(&r->stmt, "PRAGMA foreign_keys = OFF");
  int rc = flush(r);
  if (rc == 0 && (parts & STRATA_RENDER_DROP))
    return (parts & STRATA_RENDER_TABLES) ? render_drop(r) : 0;
  if (rc == 0 && (parts & STRATA_RENDER_TABLES))
    rc = render_tables(r);
  if (rc == 0 && (parts & STRATA_RENDER_INDEXES))
    rc = render_indexes(r);
  if (rc == 0 && (parts & STRATA_RENDER_IDENTITY))
    rc = render_identity(r);
  if (rc == 0 && (parts & STRATA_RENDER_VIEWS))
    rc = render_views(r);
  if (rc == 0 && (parts & STRATA_RENDER_TRIGGERS))
    rc = render_triggers(r);
  if (rc == 0 && (parts & STRATA_RENDER_TRIGGERS) && !r->same_engine)
    common_port_note_routines(r->opt, r->schema,
                              "left out: SQLite has no stored routines; "
                              "port it by hand");
  if (rc == 0 && (parts & STRATA_RENDER_COMMENTS) && !r->same_engine)
    note_comments(r);
  if (rc == 0 && (parts & STRATA_RENDER_ORPHANS))
    rc = render_orphans(r);
  return rc;
}

int sqlite_render_port(const struct strata_host *host,
                       const struct strata_schema *schema,
                       const struct strata_render_options *opt,
                       strata_write_fn write, void *ctx,
                       struct strata_error *err) {
  struct port_sqlite r = {.host = host,
                          .schema = schema,
                          .opt = opt,
                          .write = write,
                          .ctx = ctx,
                          .err = err,
                          .same_engine = is_sqlite_model(schema)};
  int rc = check_settings(&r);
  if (rc == 0)
    rc = render_parts(&r);
  sqlite_text_release(&r.stmt);
  return rc;
}
