/*
 * render_port.c - a model read from another engine as a MySQL or MariaDB
 * schema, one part at a time around a port's data load.
 *
 * TABLES writes each table with its primary key and its CHECKs inside
 * (InnoDB keeps rows in primary-key order, AUTO_INCREMENT needs a key, and
 * a row a check refuses is set aside as it loads); KEYS adds the
 * unique keys after the rows, INDEXES the indexes, FOREIGN_KEYS the
 * foreign keys (the session's foreign_key_checks is off, so adding one
 * does not scan its rows and cannot be validated later: ORPHANS writes,
 * per key, the query of its rows without a parent, which the port
 * counts), IDENTITY each table's AUTO_INCREMENT past the source's counter.
 *
 * The neutral fields decide: a column's type, default and identity.
 * CHECKs, generated columns,
 * expression defaults and views arrive in portable text, which the core
 * had the source's driver write (what it could not is left out, said so)
 * and port_expr.c spells as MySQL.  Triggers, the source engine's own
 * text, are never guessed at: each is a HAND note with its source.
 * The statements are written by render_table.c, the writers a dump uses,
 * from copies of the tables with MySQL's names, types and defaults.  A
 * model read from MySQL itself is a same-engine copy, written by
 * render_port_same.c.
 */
#include "port.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int mysqldrv_port_flush(struct mysqldrv_port_render *r) {
  struct mysqldrv_text *b = &r->out;
  int rc = 0;
  if (b->failed)
    rc = r->host->error_set(r->err, STRATA_ENOMEM,
                            "out of memory rendering SQL");
  else if (b->length > 0)
    rc = r->write(r->ctx, b->data, b->length);
  b->length = 0;
  return rc;
}

int mysqldrv_port_start(struct mysqldrv_port_render *r) {
  mysqldrv_text_puts(&r->out, mysqldrv_port_session);
  mysqldrv_text_puts(&r->out, ";\n");
  return mysqldrv_port_flush(r);
}

/* ---- settings ------------------------------------------------------------ */

/* zero_dates=null|error and tinyint1 are the options that mean something
 * here; any other is refused rather than silently ignored. */
static int check_settings(struct mysqldrv_port_render *r) {
  int rc =
      common_port_check_settings(r->host, r->opt, "a MySQL target", r->err);
  if (rc != 0)
    return rc;
  const char *schema = r->opt->schema_name;
  if (schema != NULL && strcmp(schema, "public") != 0)
    return r->host->error_set(r->err, STRATA_EINVAL,
                              "a MySQL target ports into the database its URL "
                              "names, not a schema '%s': leave out --schema",
                              schema);
  return 0;
}

/* ---- names --------------------------------------------------------------- */

/* Names live as long as the rendering: a small arena of copies. */
struct names {
  char (*slots)[MYSQLDRV_PORT_NAME_SIZE];
  size_t used, size;
};

static const char *name_of(struct mysqldrv_port_render *r, struct names *n,
                           const char *name, const char *kind) {
  if (name == NULL || n->used == n->size)
    return name;
  char *slot = n->slots[n->used++];
  if (mysqldrv_port_name(name, slot)) {
    char object[600], message[600];
    snprintf(object, sizeof object, "%s %s", kind, name);
    snprintf(message, sizeof message,
             "named %s: MySQL's names have at most 64 characters", slot);
    common_port_note(r->opt, STRATA_NOTE_CHANGED, object, message, NULL);
  }
  return slot;
}

/* The same name, again, without a note (the load maps names the same
 * way). */
static const char *name_again(struct names *n, const char *name) {
  if (name == NULL || n->used == n->size)
    return name;
  char *slot = n->slots[n->used++];
  mysqldrv_port_name(name, slot);
  return slot;
}

/* MySQL's column names ignore case: two columns whose MySQL names differ
 * only in case would fail their table's CREATE half way through a port
 * (MySQL's DDL commits as it runs), so they are refused before anything
 * is created. */
static int check_column_names(struct mysqldrv_port_render *r,
                              const struct strata_table *t) {
  size_t n = t->column_count;
  char(*names)[MYSQLDRV_PORT_NAME_SIZE] = calloc(n + 1, sizeof *names);
  if (names == NULL)
    return r->host->error_set(r->err, STRATA_ENOMEM, "out of memory");
  for (size_t i = 0; i < n; i++)
    mysqldrv_port_name(t->columns[i]->name, names[i]);
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < n; i++)
    for (size_t j = i + 1; rc == 0 && j < n; j++)
      if (strcasecmp(names[i], names[j]) == 0)
        rc = r->host->error_set(
            r->err, STRATA_EINVAL,
            "columns '%s' and '%s' of table '%s' differ only in case, which "
            "MySQL's column names ignore: rename one of them in the source, "
            "or leave the table out with --exclude",
            t->columns[i]->name, t->columns[j]->name, t->name);
  free(names);
  return rc;
}

static int check_names(struct mysqldrv_port_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++)
    rc = check_column_names(r, r->schema->tables[i]);
  return rc;
}

/* ---- types and defaults -------------------------------------------------- */

/* What a type's choice changes or loses, as a note; NULL for a plain
 * copy. */
static const char *type_change(const struct strata_table *t,
                               const struct strata_column *c,
                               enum strata_note_kind *kind) {
  int keyed = mysqldrv_port_in_key(t, c->name);
  *kind = STRATA_NOTE_CHANGED;
  if (c->flags & STRATA_COLUMN_ARRAY) {
    *kind = STRATA_NOTE_APPROXIMATED;
    return "an array becomes text holding the source's text of each value";
  }
  switch (c->type) {
  case STRATA_TYPE_TIMESTAMPTZ:
    return "becomes datetime holding the time in UTC, without a zone";
  case STRATA_TYPE_UUID: return "becomes char(36)";
  case STRATA_TYPE_INTERVAL:
    return "becomes varchar(255) holding the source's text of each value";
  case STRATA_TYPE_DECIMAL:
    if (c->precision > 0 && c->precision <= 65 && c->scale <= 30)
      return NULL;
    *kind = STRATA_NOTE_APPROXIMATED;
    return "becomes decimal(65,30): digits past 30 decimals or 35 whole "
           "ones do not fit";
  case STRATA_TYPE_TEXT:
  case STRATA_TYPE_CHAR:
  case STRATA_TYPE_VARCHAR:
    if (c->type != STRATA_TYPE_TEXT && c->length > 0 && c->length <= 255)
      return NULL;
    return keyed ? "becomes varchar(255), to be part of a key: a longer value "
                   "is rejected"
                 : (c->type == STRATA_TYPE_TEXT ? NULL
                                                : "becomes longtext: the "
                                                  "length is not enforced");
  case STRATA_TYPE_BLOB:
    return keyed ? "becomes varbinary(255), to be part of a key: a longer "
                   "value is rejected"
                 : NULL;
  case STRATA_TYPE_GEOMETRY:
  case STRATA_TYPE_OTHER:
    *kind = STRATA_NOTE_APPROXIMATED;
    return "becomes text holding the source's text of each value";
  default: return NULL;
  }
}

static void note_type(struct mysqldrv_port_render *r,
                      const struct strata_table *t,
                      const struct strata_column *c, const char *type) {
  enum strata_note_kind kind;
  const char *what = type_change(t, c, &kind);
  char message[500];
  if (what == NULL)
    return;
  snprintf(message, sizeof message, "%s (%s): %s",
           c->type_text ? c->type_text : "its type", type, what);
  common_port_column_note(r->opt, kind, t->name, c->name, message, NULL);
}

/* Types whose literal default MySQL takes only as an expression. */
static int needs_parentheses(const char *type) {
  return strcmp(type, "longtext") == 0 || strcmp(type, "longblob") == 0 ||
         strcmp(type, "json") == 0;
}

static void literal_default(struct mysqldrv_port_render *r,
                            const struct strata_table *t,
                            const struct strata_column *c, const char *type,
                            struct mysqldrv_text *out) {
  const char *v = c->default_value ? c->default_value : "";
  int b = common_port_boolean_value(v);
  if (common_port_drops_zero_date(r->opt, t, c, v))
    return;
  if (strcmp(type, "tinyint(1)") == 0 && b >= 0) {
    mysqldrv_text_puts(out, b ? "1" : "0");
    return;
  }
  if (needs_parentheses(type))
    mysqldrv_text_puts(out, "(");
  mysqldrv_text_literal(out, v);
  if (needs_parentheses(type))
    mysqldrv_text_puts(out, ")");
}

/* CURRENT_TIMESTAMP with the column's fractional seconds (MySQL wants
 * them equal), or the day or the time as an expression. */
static void current_default(const struct strata_column *c,
                            struct mysqldrv_text *out) {
  char buf[48];
  if (c->type == STRATA_TYPE_DATE ||
      c->default_kind == STRATA_DEFAULT_CURRENT_DATE) {
    mysqldrv_text_puts(out, "(CURRENT_DATE)");
  } else if (c->type == STRATA_TYPE_TIME) {
    mysqldrv_text_puts(out, "(CURRENT_TIME)");
  } else {
    int p = c->precision >= 0 && c->precision < 6 ? c->precision : 6;
    snprintf(buf, sizeof buf, p ? "CURRENT_TIMESTAMP(%d)" : "CURRENT_TIMESTAMP",
             p);
    mysqldrv_text_puts(out, buf);
  }
}

static void column_default(struct mysqldrv_port_render *r,
                           const struct strata_table *t,
                           const struct strata_column *c, const char *type,
                           struct mysqldrv_text *out) {
  switch (c->default_kind) {
  case STRATA_DEFAULT_NONE:
  case STRATA_DEFAULT_NULL: break;
  case STRATA_DEFAULT_LITERAL: literal_default(r, t, c, type, out); break;
  case STRATA_DEFAULT_CURRENT_TIME:
  case STRATA_DEFAULT_CURRENT_DATE: current_default(c, out); break;
  case STRATA_DEFAULT_EXPRESSION:
    mysqldrv_text_puts(out, "(");
    mysqldrv_port_expression(c->default_expr, out);
    mysqldrv_text_puts(out, ")");
    break;
  }
}

/* ---- a table's copy ------------------------------------------------------ */

/* Whether MySQL numbers the column: AUTO_INCREMENT on a single-column
 * integer primary key. */
static int is_numbered(const struct strata_table *t,
                       const struct strata_column *c) {
  return ((c->flags & STRATA_COLUMN_IDENTITY) &&
          common_port_is_single_key(t, c->name) &&
          c->type >= STRATA_TYPE_TINYINT && c->type <= STRATA_TYPE_BIGINT) ||
         common_port_is_sequence_key(t, c);
}

/* The copy of a table render_table.c writes: MySQL's names, types and
 * defaults, the primary key, and what a part adds. */
struct local_table {
  struct strata_table table;
  struct strata_column *columns;
  struct strata_column **column_ptrs;
  struct mysqldrv_text *types, *defaults, *generated;
  const char **key_columns;
  struct strata_key primary_key;
  struct names names;
};

static void local_release(struct local_table *l, size_t columns) {
  for (size_t i = 0; l->types && i < columns; i++) {
    mysqldrv_text_release(&l->types[i]);
    mysqldrv_text_release(&l->defaults[i]);
    mysqldrv_text_release(&l->generated[i]);
  }
  free(l->columns);
  free(l->column_ptrs);
  free(l->types);
  free(l->defaults);
  free(l->generated);
  free(l->key_columns);
  free(l->names.slots);
}

static int local_alloc(struct local_table *l, const struct strata_table *t) {
  size_t n = t->column_count + 1;
  memset(l, 0, sizeof *l);
  l->table.name = t->name;
  l->columns = calloc(n, sizeof *l->columns);
  l->column_ptrs = calloc(n, sizeof *l->column_ptrs);
  l->types = calloc(n, sizeof *l->types);
  l->defaults = calloc(n, sizeof *l->defaults);
  l->generated = calloc(n, sizeof *l->generated);
  l->key_columns = calloc(n, sizeof *l->key_columns);
  l->names.size = 2 * n + 2;
  l->names.slots = calloc(l->names.size, sizeof *l->names.slots);
  l->table.columns = l->column_ptrs;
  return l->columns && l->column_ptrs && l->types && l->defaults &&
                 l->generated && l->key_columns && l->names.slots
             ? 0
             : -1;
}

/* A generated column computes its values, as in the source. */
static void local_generated(struct local_table *l,
                            const struct strata_column *src, size_t i) {
  struct strata_column *c = &l->columns[i];
  if (mysqldrv_port_is_copied(src))
    return;
  mysqldrv_port_expression(src->generated_expr, &l->generated[i]);
  c->generated_expr = l->generated[i].data;
  c->flags |= src->flags & (STRATA_COLUMN_GENERATED_STORED |
                            STRATA_COLUMN_GENERATED_VIRTUAL);
  c->default_expr = NULL;
}

static void local_column(struct mysqldrv_port_render *r, struct local_table *l,
                         const struct strata_table *t, size_t i) {
  const struct strata_column *src = t->columns[i];
  struct strata_column *c = &l->columns[i];
  *c =
      (struct strata_column){.name = name_of(r, &l->names, src->name, "column"),
                             .type = src->type,
                             .flags = src->flags & STRATA_COLUMN_NOT_NULL,
                             .comment = src->comment};
  l->column_ptrs[i] = c;
  mysqldrv_port_type(r->schema, t, src, &l->types[i]);
  c->type_text = l->types[i].data;
  note_type(r, t, src, c->type_text ? c->type_text : "");
  if (is_numbered(t, src)) {
    c->flags |= STRATA_COLUMN_IDENTITY;
    if (common_port_is_sequence_key(t, src))
      common_port_column_note(
          r->opt, STRATA_NOTE_CHANGED, t->name, src->name,
          "numbered from a sequence: becomes AUTO_INCREMENT",
          src->default_expr);
    return;
  }
  if (src->flags & STRATA_COLUMN_IDENTITY)
    common_port_column_note(
        r->opt, STRATA_NOTE_APPROXIMATED, t->name, src->name,
        "not numbered by MySQL: AUTO_INCREMENT is written only on a "
        "single-column integer primary key",
        NULL);
  column_default(r, t, src, c->type_text ? c->type_text : "", &l->defaults[i]);
  c->default_expr = l->defaults[i].length > 0 ? l->defaults[i].data : NULL;
  local_generated(l, src, i);
  if (src->collation != NULL)
    common_port_column_note(r->opt, STRATA_NOTE_CHANGED, t->name, src->name,
                            "its collation is dropped: text compares as bytes "
                            "(utf8mb4_bin)",
                            src->collation);
}

static int local_table(struct mysqldrv_port_render *r, struct local_table *l,
                       const struct strata_table *t) {
  int failed = local_alloc(l, t) != 0;
  if (failed)
    return r->host->error_set(r->err, STRATA_ENOMEM, "out of memory");
  l->table.name = name_of(r, &l->names, t->name, "table");
  l->table.column_count = t->column_count;
  l->table.comment = t->comment;
  l->table.options = "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
  for (size_t i = 0; i < t->column_count; i++) {
    local_column(r, l, t, i);
    failed |=
        l->types[i].failed | l->defaults[i].failed | l->generated[i].failed;
  }
  if (t->primary_key != NULL) {
    for (size_t i = 0; i < t->primary_key->column_count; i++)
      l->key_columns[i] = name_again(&l->names, t->primary_key->columns[i]);
    l->primary_key =
        (struct strata_key){.columns = l->key_columns,
                            .column_count = t->primary_key->column_count};
    l->table.primary_key = &l->primary_key;
  }
  return failed ? r->host->error_set(r->err, STRATA_ENOMEM, "out of memory")
                : 0;
}

/* The table's CHECKs, which go inside its CREATE TABLE: a row breaking
 * one is refused as it loads and set aside with MySQL's reason, as any
 * value MySQL refuses, and no ALTER TABLE has to copy the rows again to
 * add it (MariaDB rebuilds a table to add a check: a quarter of a
 * 100,000-row port).  An unnamed one is named as PostgreSQL would:
 * table_check, table_check1 ... */
struct local_checks {
  struct strata_check *checks;
  struct strata_check **pointers;
  struct mysqldrv_text *expressions;
  char (*names)[MYSQLDRV_PORT_NAME_SIZE];
  size_t count;
};

static void local_checks_release(struct local_checks *c) {
  for (size_t i = 0; c->expressions && i < c->count; i++)
    mysqldrv_text_release(&c->expressions[i]);
  free(c->checks);
  free(c->pointers);
  free(c->expressions);
  free(c->names);
}

/* Whether the portable text expr names the column, bare or quoted (its
 * string literals aside). */
static int names_column(const char *expr, const char *column) {
  size_t want = strlen(column);
  for (const char *p = expr; *p != '\0';) {
    if (*p == '\'' || *p == '"') {
      char quote = *p;
      const char *start = ++p;
      while (*p != '\0' && !(*p == quote && p[1] != quote))
        p += (*p == quote) ? 2 : 1;
      if (quote == '"' && (size_t)(p - start) == want &&
          strncasecmp(start, column, want) == 0)
        return 1;
      p += *p != '\0';
    } else if (isalpha((unsigned char)*p) || *p == '_') {
      const char *start = p;
      while (isalnum((unsigned char)*p) || *p == '_' || *p == '$')
        p++;
      if ((size_t)(p - start) == want && strncasecmp(start, column, want) == 0)
        return 1;
    } else {
      p++;
    }
  }
  return 0;
}

/* Whether a foreign key of t with an action (CASCADE, SET NULL, SET
 * DEFAULT) writes the column. */
static int is_key_action_column(const struct strata_table *t,
                                const char *column) {
  for (size_t i = 0; i < t->foreign_key_count; i++) {
    const struct strata_foreign_key *fk = t->foreign_keys[i];
    int acts = (fk->on_delete && (!strcmp(fk->on_delete, "CASCADE") ||
                                  !strncmp(fk->on_delete, "SET ", 4))) ||
               (fk->on_update && (!strcmp(fk->on_update, "CASCADE") ||
                                  !strncmp(fk->on_update, "SET ", 4)));
    for (size_t j = 0; acts && j < fk->column_count; j++)
      if (strcasecmp(fk->columns[j], column) == 0)
        return 1;
  }
  return 0;
}

/* Why MySQL refuses the check, or NULL: MySQL and MariaDB take no CHECK
 * on an AUTO_INCREMENT column, nor on one a foreign key's action writes.
 * The column's name goes to column. */
static const char *refused_check(const struct strata_table *t,
                                 const struct strata_check *k,
                                 const char **column) {
  for (size_t i = 0; i < t->column_count; i++) {
    const struct strata_column *c = t->columns[i];
    if (!names_column(k->expression, c->name))
      continue;
    *column = c->name;
    if (is_numbered(t, c))
      return "an AUTO_INCREMENT column";
    if (is_key_action_column(t, c->name))
      return "a column a foreign key's ON DELETE or ON UPDATE action writes";
  }
  return NULL;
}

static int local_checks(struct mysqldrv_port_render *r,
                        const struct strata_table *t, struct local_checks *c) {
  size_t n = t->check_count + 1, unnamed = 0;
  int failed = 0;
  char made[600], object[1300], message[700];
  c->count = 0;
  c->checks = calloc(n, sizeof *c->checks);
  c->pointers = calloc(n, sizeof *c->pointers);
  c->expressions = calloc(n, sizeof *c->expressions);
  c->names = calloc(n, sizeof *c->names);
  if (!c->checks || !c->pointers || !c->expressions || !c->names)
    return -1;
  for (size_t i = 0; i < t->check_count; i++) {
    const struct strata_check *k = t->checks[i];
    size_t j = c->count;
    if (k->name == NULL && unnamed == 0)
      snprintf(made, sizeof made, "%s_check", t->name);
    else if (k->name == NULL)
      snprintf(made, sizeof made, "%s_check%zu", t->name, unnamed);
    unnamed += k->name == NULL;
    const char *column = NULL, *why = refused_check(t, k, &column);
    if (why != NULL) {
      snprintf(object, sizeof object, "check %s.%s", t->name,
               k->name ? k->name : made);
      snprintf(message, sizeof message,
               "left out: MySQL refuses a CHECK on %s, %s", column, why);
      common_port_note(r->opt, STRATA_NOTE_UNSUPPORTED, object, message,
                       k->expression);
      continue;
    }
    mysqldrv_port_name(k->name ? k->name : made, c->names[j]);
    mysqldrv_port_expression(k->expression, &c->expressions[j]);
    c->count++;
    failed |= c->expressions[j].failed || c->expressions[j].data == NULL;
    c->checks[j] = (struct strata_check){.name = c->names[j],
                                         .expression = c->expressions[j].data};
    c->pointers[j] = &c->checks[j];
  }
  return failed ? -1 : 0;
}

static int render_table(struct mysqldrv_port_render *r,
                        const struct strata_table *t) {
  struct local_table l;
  struct local_checks checks = {0};
  int rc = local_table(r, &l, t);
  if (rc == 0 && local_checks(r, t, &checks) != 0)
    rc = r->host->error_set(r->err, STRATA_ENOMEM, "out of memory");
  if (rc == 0) {
    l.table.checks = checks.pointers;
    l.table.check_count = checks.count;
    mysqldrv_render_create_table(&r->out, &l.table,
                                 STRATA_RENDER_KEYS | STRATA_RENDER_COMMENTS);
    rc = mysqldrv_port_flush(r);
  }
  local_checks_release(&checks);
  local_release(&l, t->column_count);
  return rc;
}

/* ---- keys and indexes ---------------------------------------------------- */

/* "orders_code_key": the name PostgreSQL would give an unnamed key. */
static void made_name(const struct strata_table *t, const char *const *columns,
                      size_t count, const char *suffix, char *buf,
                      size_t size) {
  size_t used = (size_t)snprintf(buf, size, "%s", t->name);
  for (size_t i = 0; i < count && used < size; i++)
    used += (size_t)snprintf(buf + used, size - used, "_%s", columns[i]);
  if (used < size)
    snprintf(buf + used, size - used, "_%s", suffix);
}

/* Columns' names mapped, into names (count slots). */
static const char **mapped_columns(struct names *n, const char *const *columns,
                                   size_t count) {
  const char **out = calloc(count + 1, sizeof *out);
  for (size_t i = 0; out != NULL && i < count; i++)
    out[i] = name_again(n, columns[i]);
  return out;
}

static int render_uniques(struct mysqldrv_port_render *r,
                          const struct strata_table *t) {
  char made[1200];
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < t->unique_count; i++) {
    const struct strata_key *k = t->uniques[i];
    struct names n = {calloc(k->column_count + 2, sizeof *n.slots), 0,
                      k->column_count + 2};
    const char **columns =
        n.slots ? mapped_columns(&n, k->columns, k->column_count) : NULL;
    if (k->name == NULL)
      made_name(t, k->columns, k->column_count, "key", made, sizeof made);
    struct strata_key key = {.name = name_again(&n, k->name ? k->name : made),
                             .columns = columns,
                             .column_count = k->column_count};
    struct strata_key *keys[] = {&key};
    struct strata_table local = {
        .name = name_again(&n, t->name), .uniques = keys, .unique_count = 1};
    if (columns == NULL)
      rc = r->host->error_set(r->err, STRATA_ENOMEM, "out of memory");
    else
      mysqldrv_render_add_keys(&r->out, &local);
    free(columns);
    free(n.slots);
    if (rc == 0)
      rc = mysqldrv_port_flush(r);
  }
  return rc;
}

/* Whether the index can be written from its columns; notes say what was
 * not kept. */
static int index_writable(struct mysqldrv_port_render *r,
                          const struct strata_index *x, const char *object) {
  const char *method = x->method ? x->method : "btree";
  if (strcmp(method, "btree") != 0 && strcmp(method, "hash") != 0) {
    common_port_note(r->opt, STRATA_NOTE_UNSUPPORTED, object,
                     "left out: MySQL has no index of that method",
                     x->definition);
    return 0;
  }
  if (!common_port_index_of_columns(r->opt, x, object, "MySQL"))
    return 0;
  if (x->predicate != NULL) {
    common_port_note(r->opt, STRATA_NOTE_HAND, object,
                     "left out: MySQL has no partial index; write one by hand",
                     x->definition);
    return 0;
  }
  return 1;
}

static int render_index(struct mysqldrv_port_render *r,
                        const struct strata_table *t,
                        const struct strata_index *x) {
  char object[600], renamed[600], message[700];
  snprintf(object, sizeof object, "index %s.%s", t->name, x->name);
  if (!index_writable(r, x, object))
    return 0;
  /* MySQL keeps the name PRIMARY for the primary key (an SQLite index may
   * have it, as a MySQL prefix primary key ported there does). */
  const char *name = x->name;
  if (strcasecmp(name, "PRIMARY") == 0) {
    snprintf(renamed, sizeof renamed, "%s_%s", t->name, x->name);
    snprintf(message, sizeof message,
             "named %s: MySQL keeps the name PRIMARY for a primary key",
             renamed);
    common_port_note(r->opt, STRATA_NOTE_CHANGED, object, message, NULL);
    name = renamed;
  }
  struct names n = {calloc(x->part_count + 2, sizeof *n.slots), 0,
                    x->part_count + 2};
  struct strata_index_part *parts = calloc(x->part_count + 1, sizeof *parts);
  struct strata_index_part **ptrs = calloc(x->part_count + 1, sizeof *ptrs);
  int rc = 0;
  if (n.slots == NULL || parts == NULL || ptrs == NULL) {
    rc = r->host->error_set(r->err, STRATA_ENOMEM, "out of memory");
  } else {
    for (size_t i = 0; i < x->part_count; i++) {
      parts[i] = (struct strata_index_part){
          .column = name_again(&n, x->parts[i]->column),
          .descending = x->parts[i]->descending};
      ptrs[i] = &parts[i];
    }
    struct strata_index local = {.name = name_again(&n, name),
                                 .flags = x->flags & STRATA_INDEX_UNIQUE,
                                 .parts = ptrs,
                                 .part_count = x->part_count};
    struct strata_table table = {.name = name_again(&n, t->name)};
    mysqldrv_render_add_index(&r->out, &table, &local);
    rc = mysqldrv_port_flush(r);
  }
  free(ptrs);
  free(parts);
  free(n.slots);
  return rc;
}

static int render_keys_and_indexes(struct mysqldrv_port_render *r,
                                   unsigned parts) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    if (parts & STRATA_RENDER_KEYS)
      rc = render_uniques(r, t);
    for (size_t j = 0;
         rc == 0 && (parts & STRATA_RENDER_INDEXES) && j < t->index_count; j++)
      rc = render_index(r, t, t->indexes[j]);
  }
  return rc;
}

/* ---- foreign keys -------------------------------------------------------- */

/* The parent's columns a key names: its own list, or the parent's
 * primary key when it names none. */
static const char *const *parent_columns(struct mysqldrv_port_render *r,
                                         const struct strata_foreign_key *fk) {
  const struct strata_table *p =
      r->host->schema_find_table(r->schema, fk->ref_table);
  if (fk->ref_column_count > 0)
    return fk->ref_columns;
  return p && p->primary_key ? p->primary_key->columns : fk->columns;
}

/* MySQL's foreign key names are the database's: a name an earlier table
 * used gets its table's name in front. */
static int fk_name_taken(const struct strata_schema *s,
                         const struct strata_table *t, const char *name) {
  for (size_t i = 0; i < s->table_count && s->tables[i] != t; i++)
    for (size_t j = 0; j < s->tables[i]->foreign_key_count; j++) {
      const char *other = s->tables[i]->foreign_keys[j]->name;
      if (other != NULL && strcmp(other, name) == 0)
        return 1;
    }
  return 0;
}

/* InnoDB refuses SET DEFAULT: the key then does nothing (RESTRICT). */
static const char *rule(struct mysqldrv_port_render *r, const char *object,
                        const char *rule_text) {
  if (rule_text == NULL || strcmp(rule_text, "SET DEFAULT") != 0)
    return rule_text;
  common_port_note(r->opt, STRATA_NOTE_CHANGED, object,
                   "SET DEFAULT becomes RESTRICT: InnoDB has no SET DEFAULT",
                   NULL);
  return NULL;
}

static int render_foreign_key(struct mysqldrv_port_render *r,
                              const struct strata_table *t,
                              const struct strata_foreign_key *fk) {
  char object[1900], name[1200];
  size_t count = fk->column_count;
  if (fk->name != NULL && !fk_name_taken(r->schema, t, fk->name))
    snprintf(name, sizeof name, "%s", fk->name);
  else if (fk->name != NULL)
    snprintf(name, sizeof name, "%s_%s", t->name, fk->name);
  else
    made_name(t, fk->columns, count, "fkey", name, sizeof name);
  snprintf(object, sizeof object, "foreign key %s.%s", t->name,
           fk->name ? fk->name : name);
  if (fk->deferrable)
    common_port_note(r->opt, STRATA_NOTE_APPROXIMATED, object,
                     "not deferrable: InnoDB checks each statement", NULL);
  struct names n = {calloc(2 * count + 4, sizeof *n.slots), 0, 2 * count + 4};
  const char **columns =
      n.slots ? mapped_columns(&n, fk->columns, count) : NULL;
  const char **refs =
      n.slots ? mapped_columns(&n, parent_columns(r, fk), count) : NULL;
  int rc = 0;
  if (columns == NULL || refs == NULL) {
    rc = r->host->error_set(r->err, STRATA_ENOMEM, "out of memory");
  } else {
    struct strata_foreign_key local = {
        .name = name_again(&n, name),
        .columns = columns,
        .column_count = count,
        .ref_table = name_again(&n, fk->ref_table),
        .ref_columns = refs,
        .ref_column_count = count,
        .on_delete = rule(r, object, fk->on_delete),
        .on_update = rule(r, object, fk->on_update)};
    struct strata_table table = {.name = name_again(&n, t->name)};
    mysqldrv_render_add_foreign_key(&r->out, &table, &local);
    rc = mysqldrv_port_flush(r);
  }
  free(columns);
  free(refs);
  free(n.slots);
  return rc;
}

static int is_ported(struct mysqldrv_port_render *r,
                     const struct strata_foreign_key *fk) {
  return r->host->schema_find_table(r->schema, fk->ref_table) != NULL;
}

static int render_foreign_keys(struct mysqldrv_port_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->foreign_key_count; j++) {
      const struct strata_foreign_key *fk = t->foreign_keys[j];
      if (common_port_parent_ported(r->host, r->opt, r->schema, t, fk))
        rc = render_foreign_key(r, t, fk);
    }
  }
  return rc;
}

/* The rows of the key's table whose parent is missing. */
static void put_orphans(struct mysqldrv_port_render *r,
                        const struct strata_table *t,
                        const struct strata_foreign_key *fk) {
  struct mysqldrv_text *b = &r->out;
  const char *const *refs = parent_columns(r, fk);
  char name[MYSQLDRV_PORT_NAME_SIZE];
  mysqldrv_text_puts(b, "SELECT c.* FROM ");
  mysqldrv_port_name(t->name, name);
  mysqldrv_text_ident(b, name);
  mysqldrv_text_puts(b, " AS c WHERE ");
  for (size_t k = 0; k < fk->column_count; k++) {
    mysqldrv_text_puts(b, "c.");
    mysqldrv_port_name(fk->columns[k], name);
    mysqldrv_text_ident(b, name);
    mysqldrv_text_puts(b, " IS NOT NULL AND ");
  }
  mysqldrv_text_puts(b, "NOT EXISTS (SELECT 1 FROM ");
  mysqldrv_port_name(fk->ref_table, name);
  mysqldrv_text_ident(b, name);
  mysqldrv_text_puts(b, " AS p WHERE ");
  for (size_t k = 0; k < fk->column_count; k++) {
    mysqldrv_text_puts(b, k ? " AND p." : "p.");
    mysqldrv_port_name(refs[k], name);
    mysqldrv_text_ident(b, name);
    mysqldrv_text_puts(b, " = c.");
    mysqldrv_port_name(fk->columns[k], name);
    mysqldrv_text_ident(b, name);
  }
  mysqldrv_text_puts(b, ");\n");
}

int mysqldrv_port_render_orphans(struct mysqldrv_port_render *r) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->foreign_key_count; j++) {
      if (!is_ported(r, t->foreign_keys[j]))
        continue;
      put_orphans(r, t, t->foreign_keys[j]);
      rc = mysqldrv_port_flush(r);
    }
  }
  return rc;
}

/* ---- identity, the rest -------------------------------------------------- */

/* AUTO_INCREMENT goes on from the source's counter when that is past the
 * largest id loaded (MySQL has moved past that one by itself). */
static int render_identity(struct mysqldrv_port_render *r) {
  char n[64], name[MYSQLDRV_PORT_NAME_SIZE];
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    int numbered = 0;
    for (size_t j = 0; j < t->column_count; j++)
      numbered |= is_numbered(t, t->columns[j]);
    if (!numbered || t->next_auto_increment <= 1)
      continue;
    mysqldrv_text_puts(&r->out, "ALTER TABLE ");
    mysqldrv_port_name(t->name, name);
    mysqldrv_text_ident(&r->out, name);
    snprintf(n, sizeof n, " AUTO_INCREMENT = %lld;\n", t->next_auto_increment);
    mysqldrv_text_puts(&r->out, n);
    rc = mysqldrv_port_flush(r);
  }
  return rc;
}

/* A view arrives as a SELECT in portable text. */
static int render_views(struct mysqldrv_port_render *r) {
  char name[MYSQLDRV_PORT_NAME_SIZE];
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < r->schema->view_count; i++) {
    const struct strata_view *v = r->schema->views[i];
    mysqldrv_text_puts(&r->out, "CREATE VIEW ");
    mysqldrv_port_name(v->name, name);
    mysqldrv_text_ident(&r->out, name);
    mysqldrv_text_puts(&r->out, " AS ");
    mysqldrv_port_expression(v->definition, &r->out);
    mysqldrv_text_puts(&r->out, ";\n");
    rc = mysqldrv_port_flush(r);
  }
  return rc;
}

static void note_triggers(struct mysqldrv_port_render *r, unsigned parts) {
  char object[600];
  for (size_t i = 0;
       (parts & STRATA_RENDER_TRIGGERS) && i < r->schema->table_count; i++) {
    const struct strata_table *t = r->schema->tables[i];
    for (size_t j = 0; j < t->trigger_count; j++) {
      snprintf(object, sizeof object, "trigger %s", t->triggers[j]->name);
      common_port_note(r->opt, STRATA_NOTE_HAND, object,
                       "left for hand porting: write it in MySQL's syntax",
                       t->triggers[j]->definition);
    }
  }
}

static void put_drop(struct mysqldrv_port_render *r, const char *kind,
                     const char *name) {
  char mapped[MYSQLDRV_PORT_NAME_SIZE];
  mysqldrv_port_name(name, mapped);
  mysqldrv_text_puts(&r->out, "DROP ");
  mysqldrv_text_puts(&r->out, kind);
  mysqldrv_text_puts(&r->out, " IF EXISTS ");
  mysqldrv_text_ident(&r->out, mapped);
  mysqldrv_text_puts(&r->out, ";\n");
}

int mysqldrv_port_render_drop(struct mysqldrv_port_render *r, unsigned parts) {
  const struct strata_schema *s = r->schema;
  for (size_t i = s->view_count; (parts & STRATA_RENDER_VIEWS) && i > 0; i--)
    put_drop(r, "VIEW", s->views[i - 1]->name);
  for (size_t i = s->table_count; (parts & STRATA_RENDER_TABLES) && i > 0; i--)
    put_drop(r, "TABLE", s->tables[i - 1]->name);
  for (size_t i = 0; (parts & STRATA_RENDER_TYPES) && i < s->routine_count;
       i++) {
    const struct strata_routine *p = s->routines[i];
    put_drop(r, p->kind ? p->kind : "PROCEDURE", p->name);
  }
  return mysqldrv_port_flush(r);
}

/* ---- the parts ----------------------------------------------------------- */

static int render_parts(struct mysqldrv_port_render *r) {
  unsigned parts = r->opt->parts;
  int rc = mysqldrv_port_start(r);
  if (rc == 0 && (parts & STRATA_RENDER_DROP))
    return (parts & STRATA_RENDER_TABLES)
               ? mysqldrv_port_render_drop(r, STRATA_RENDER_VIEWS |
                                                  STRATA_RENDER_TABLES)
               : 0;
  for (size_t i = 0;
       rc == 0 && (parts & STRATA_RENDER_TABLES) && i < r->schema->table_count;
       i++)
    rc = render_table(r, r->schema->tables[i]);
  if (rc == 0 && (parts & (STRATA_RENDER_KEYS | STRATA_RENDER_INDEXES)))
    rc = render_keys_and_indexes(r, parts);
  if (rc == 0 && (parts & STRATA_RENDER_IDENTITY))
    rc = render_identity(r);
  if (rc == 0 && (parts & STRATA_RENDER_FOREIGN_KEYS))
    rc = render_foreign_keys(r);
  if (rc == 0 && (parts & STRATA_RENDER_VIEWS))
    rc = render_views(r);
  if (rc == 0)
    note_triggers(r, parts);
  if (rc == 0 && (parts & STRATA_RENDER_TRIGGERS))
    common_port_note_routines(r->opt, r->schema,
                              "left for hand porting: write it in MySQL's "
                              "syntax");
  if (rc == 0 && (parts & STRATA_RENDER_ORPHANS))
    rc = mysqldrv_port_render_orphans(r);
  return rc;
}

int mysqldrv_render_port(const struct strata_host *host,
                         const struct strata_schema *schema,
                         const struct strata_render_options *opt,
                         strata_write_fn write, void *ctx,
                         struct strata_error *err) {
  struct mysqldrv_port_render r = {.host = host,
                                   .schema = schema,
                                   .opt = opt,
                                   .write = write,
                                   .ctx = ctx,
                                   .err = err};
  int rc;
  /* A model of MySQL's own is copied from its own text. */
  if (mysqldrv_is_own_model(schema)) {
    rc = mysqldrv_render_port_same(&r);
  } else {
    rc = check_settings(&r);
    if (rc == 0)
      rc = check_names(&r);
    if (rc == 0)
      rc = render_parts(&r);
  }
  mysqldrv_text_release(&r.out);
  return rc;
}
