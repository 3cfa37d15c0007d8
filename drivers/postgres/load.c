/*
 * load.c - a port's rows into a table render_port() wrote: load_begin(),
 * load_row() and load_end().
 *
 * Which columns travel, and how, follows from the same model and choices
 * the table was written from (render_port_types.c): a column left out, or
 * one PostgreSQL computes, is not read at all.  Each row becomes one line
 * of COPY text (load_values.c) appended to the batch load_copy.c sends,
 * or, in digest mode, its canonical text (load_canon.c) handed to the
 * caller.  A row with a value the target cannot hold is set aside whole.
 */
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the columns --------------------------------------------------------- */

static enum load_kind time_kind(const struct port_render *p,
                                const struct strata_column *c) {
  switch (c->type) {
  case STRATA_TYPE_DATE: return LOAD_DATE;
  case STRATA_TYPE_TIME: return p->time_interval ? LOAD_INTERVAL : LOAD_TIME;
  case STRATA_TYPE_TIMESTAMP:
    return p->datetime_tz ? LOAD_DATETIME_UTC : LOAD_DATETIME;
  case STRATA_TYPE_TIMESTAMPTZ: return LOAD_DATETIME_UTC;
  case STRATA_TYPE_INTERVAL: return LOAD_INTERVAL;
  default: return LOAD_PLAIN;
  }
}

/* How a supported column's values travel to the type add_type() in
 * render_port_types.c gave it. */
static enum load_kind column_kind(const struct port_render *p,
                                  const struct strata_column *c) {
  if (port_column_is_boolean(p, c))
    return c->type == STRATA_TYPE_BIT ? LOAD_BOOL_BYTE : LOAD_BOOL_TEXT;
  switch (c->type) {
  case STRATA_TYPE_BOOLEAN: return LOAD_BOOL_TEXT;
  case STRATA_TYPE_BIGINT:
    return (c->flags & STRATA_COLUMN_UNSIGNED) &&
                   !port_column_is_numeric_bigint(p, c)
               ? LOAD_BIGINT_RANGE
               : LOAD_NUMBER;
  case STRATA_TYPE_TINYINT:
  case STRATA_TYPE_SMALLINT:
  case STRATA_TYPE_MEDIUMINT:
  case STRATA_TYPE_INTEGER:
  case STRATA_TYPE_DECIMAL:
  case STRATA_TYPE_YEAR: return LOAD_NUMBER;
  case STRATA_TYPE_REAL: return LOAD_REAL;
  case STRATA_TYPE_DOUBLE: return LOAD_DOUBLE;
  case STRATA_TYPE_BIT: return LOAD_BITS;
  case STRATA_TYPE_CHAR: return LOAD_CHAR;
  case STRATA_TYPE_VARCHAR:
  case STRATA_TYPE_TEXT: return LOAD_TEXT;
  case STRATA_TYPE_BINARY:
  case STRATA_TYPE_VARBINARY:
  case STRATA_TYPE_BLOB: return LOAD_BYTES;
  case STRATA_TYPE_JSON: return LOAD_JSON;
  case STRATA_TYPE_ENUM: return LOAD_ENUM;
  case STRATA_TYPE_SET: return LOAD_SET;
  default: return time_kind(p, c);
  }
}

/* From PostgreSQL a value is its type's own text, but for those the
 * canonical format writes its own way (read_rows.c). */
static enum load_kind copied_kind(const struct strata_column *c) {
  switch (c->type) {
  case STRATA_TYPE_BOOLEAN: return LOAD_BOOL_TEXT;
  case STRATA_TYPE_BIT: return LOAD_BITS;
  case STRATA_TYPE_BINARY:
  case STRATA_TYPE_VARBINARY:
  case STRATA_TYPE_BLOB: return LOAD_BYTES;
  case STRATA_TYPE_CHAR: return LOAD_CHAR;
  case STRATA_TYPE_REAL: return LOAD_REAL;
  case STRATA_TYPE_DOUBLE: return LOAD_DOUBLE;
  case STRATA_TYPE_TIMESTAMPTZ: return LOAD_DATETIME_UTC;
  default: return LOAD_PLAIN;
  }
}

static int column_loaded(const struct port_render *p,
                         const struct strata_table *t,
                         const struct strata_column *c) {
  return (p->from_postgres || port_column_supported(c)) &&
         !port_column_is_generated(p, t, c);
}

static int add_column(struct strata_load *l, const struct port_render *p,
                      const struct strata_column *c) {
  struct load_column *lc = &l->columns[l->column_count];
  *lc = (struct load_column){
      .kind = p->from_postgres ? copied_kind(c) : column_kind(p, c),
      .name = c->name,
      .type_text = c->type_text ? c->type_text : "",
      .bits = c->length,
      .not_null = (c->flags & STRATA_COLUMN_NOT_NULL) != 0,
      .identity = (c->flags & STRATA_COLUMN_IDENTITY) != 0,
      .zero_dates = p->zero_dates,
      .nul_bytes_error = p->nul_bytes_error,
      .json_keeps_nul = p->json_text};
  l->names[l->column_count++] = c->name;
  if (lc->kind == LOAD_ENUM)
    return load_column_labels(lc, c->labels, c->label_count);
  return 0;
}

/* The primary key's columns among those loaded; none when one of them is
 * not loaded, and rejects are then named by row number. */
static int find_key(struct strata_load *l) {
  const struct strata_key *pk = l->table->primary_key;
  if (pk == NULL || pk->column_count == 0)
    return 0;
  l->key = calloc(pk->column_count, sizeof *l->key);
  if (l->key == NULL)
    return -1;
  for (size_t i = 0; i < pk->column_count; i++) {
    size_t j = 0;
    while (j < l->column_count && strcmp(l->names[j], pk->columns[i]) != 0)
      j++;
    if (j == l->column_count)
      return 0;
    l->key[i] = j;
  }
  l->key_count = pk->column_count;
  return 0;
}

/* "a, b": the loaded columns' target names. */
static void add_target_columns(struct strata_load *l,
                               const struct port_render *p,
                               struct postgres_sql *sql) {
  char name[PORT_NAME_MAX];
  for (size_t i = 0; i < l->column_count; i++) {
    if (i > 0)
      postgres_sql_add(sql, ", ");
    postgres_sql_ident(sql, port_column_name(p, l->table, l->names[i], name));
  }
}

static void add_target_table(const struct strata_load *l,
                             const struct port_render *p,
                             struct postgres_sql *sql) {
  char name[PORT_NAME_MAX];
  const char *schema = l->opt->schema_name;
  postgres_sql_ident(sql, schema ? schema : "public");
  postgres_sql_add(sql, ".");
  postgres_sql_ident(sql, port_table_name(p, l->table->name, name));
}

static int choose_columns(struct strata_load *l, const struct port_render *p,
                          struct load_target *target) {
  const struct strata_table *t = l->table;
  size_t n = t->column_count ? t->column_count : 1;
  l->columns = calloc(n, sizeof *l->columns);
  l->names = calloc(n, sizeof *l->names);
  l->changed = calloc(n, 1);
  if (l->columns == NULL || l->names == NULL || l->changed == NULL)
    return -1;
  for (size_t i = 0; i < t->column_count; i++)
    if (column_loaded(p, t, t->columns[i]) &&
        add_column(l, p, t->columns[i]) != 0)
      return -1;
  if (find_key(l) != 0)
    return -1;
  add_target_table(l, p, &target->table);
  add_target_columns(l, p, &target->columns);
  return target->table.out_of_memory || target->columns.out_of_memory ? -1 : 0;
}

int load_columns_init(struct strata_load *l, const struct strata_schema *schema,
                      struct load_target *target) {
  struct port_render p;
  int rc =
      port_render_init(&p, l->conn->host, schema, l->opt, NULL, NULL, l->err);
  if (rc == 0 && choose_columns(l, &p, target) != 0)
    rc = postgres_error_set(l->err, STRATA_ENOMEM, "out of memory");
  port_render_release(&p);
  return rc;
}

void load_target_release(struct load_target *target) {
  postgres_sql_release(&target->table);
  postgres_sql_release(&target->columns);
}

void load_columns_release(struct strata_load *l) {
  for (size_t i = 0; i < l->column_count; i++)
    free(l->columns[i].labels);
  free(l->columns);
  free(l->names);
  free(l->changed);
  free(l->key);
}

/* ---- begin --------------------------------------------------------------- */

/* SAVEPOINT, then COPY schema.table (a, b) FROM STDIN, as one message:
 * each batch starts with it (load_copy.c). */
static int copy_statement(struct strata_load *l, struct load_target *target) {
  struct postgres_sql sql = {0};
  postgres_sql_add(&sql, "SAVEPOINT strata_load; COPY ");
  postgres_sql_add(&sql, target->table.data);
  if (l->column_count > 0)
    postgres_sql_addf(&sql, " (%s)", target->columns.data);
  postgres_sql_add(&sql, " FROM STDIN");
  if (sql.out_of_memory) {
    postgres_sql_release(&sql);
    return postgres_error_set(l->err, STRATA_ENOMEM, "out of memory");
  }
  l->copy_sql = sql.data;
  return 0;
}

static void load_free(struct strata_load *l) {
  if (l == NULL)
    return;
  load_columns_release(l);
  free(l->copy_sql);
  free(l->skipped);
  load_buf_release(&l->batch);
  load_buf_release(&l->line);
  load_buf_release(&l->text);
  load_canon_release(&l->canon);
  free(l);
}

int postgres_load_begin(struct strata_conn *conn,
                        const struct strata_schema *schema,
                        const struct strata_table *table,
                        const struct strata_render_options *opt,
                        enum strata_load_mode mode, strata_write_fn digest,
                        void *digest_ctx, struct strata_load **out,
                        const char *const **columns, size_t *column_count,
                        struct strata_error *err) {
  struct load_target target = {0};
  struct strata_load *l = calloc(1, sizeof *l);
  *out = NULL;
  *columns = NULL;
  *column_count = 0;
  if (l == NULL)
    return postgres_error_set(err, STRATA_ENOMEM, "out of memory");
  *l = (struct strata_load){.conn = conn,
                            .opt = opt,
                            .table = table,
                            .mode = mode,
                            .digest = digest,
                            .digest_ctx = digest_ctx,
                            .err = err,
                            .first_row = 1};
  int rc = load_columns_init(l, schema, &target);
  if (rc == 0 && mode == STRATA_LOAD_COPY)
    rc = copy_statement(l, &target);
  load_target_release(&target);
  if (rc != 0) {
    load_free(l);
    return rc;
  }
  *out = l;
  *columns = l->names;
  *column_count = l->column_count;
  return 0;
}

/* ---- rows ---------------------------------------------------------------- */

static size_t row_bound(const struct strata_load *l, const char *const *values,
                        const size_t *lengths) {
  size_t need = l->column_count + 1;
  for (size_t i = 0; i < l->column_count; i++)
    need += values[i] ? load_value_bound(&l->columns[i], lengths[i]) : 2;
  return need;
}

/* Counts the changed values of a row that is kept. */
static void count_changes(struct strata_load *l, size_t changes) {
  for (size_t i = 0; changes > 0 && i < l->column_count; i++)
    if (l->changed[i]) {
      l->changed[i] = 0;
      l->columns[i].changed++;
      l->changed_values++;
      changes--;
    }
}

/* Appends the row to b as a line of COPY text (no newline); 1 with
 * reason set, and b as it was, when a value cannot be loaded. */
static int convert_row(struct strata_load *l, const char *const *values,
                       const size_t *lengths, struct load_buf *b, char *reason,
                       size_t reason_size) {
  char *out = b->data + b->length;
  size_t changes = 0;
  for (size_t i = 0; i < l->column_count; i++) {
    size_t written = 0;
    if (i > 0)
      *out++ = '\t';
    if (values[i] == NULL) {
      memcpy(out, "\\N", 2);
      out += 2;
      continue;
    }
    enum load_outcome o = load_value(&l->columns[i], values[i], lengths[i], out,
                                     &written, reason, reason_size);
    if (o == LOAD_VALUE_REJECT) {
      memset(l->changed, 0, l->column_count);
      return 1;
    }
    if (o == LOAD_VALUE_CHANGED) {
      l->changed[i] = 1;
      changes++;
    }
    out += written;
  }
  count_changes(l, changes);
  b->length = (size_t)(out - b->data);
  return 0;
}

static int out_of_memory(struct strata_load *l) {
  return postgres_error_set(l->err, STRATA_ENOMEM, "out of memory");
}

static int digest_row(struct strata_load *l) {
  /* The line was written for these columns: only memory can fail. */
  if (load_canon_line(&l->canon, l->columns, l->column_count, l->line.data,
                      l->line.length, &l->text) != 0)
    return out_of_memory(l);
  return l->digest(l->digest_ctx, l->text.data, l->text.length);
}

/* A row refused while digesting is only counted: the load that copied
 * it refused it too, and reported it then. */
static int reject_row(struct strata_load *l, const char *const *values,
                      const size_t *lengths, const char *reason) {
  if (l->mode == STRATA_LOAD_DIGEST) {
    l->rejected++;
    return 0;
  }
  int rc = load_copy_skip(l, l->row_number);
  return rc != 0 ? rc : load_reject_values(l, values, lengths, reason);
}

int postgres_load_row(struct strata_load *l, const char *const *values,
                      const size_t *lengths, struct strata_error *err) {
  struct load_buf *b = l->mode == STRATA_LOAD_COPY ? &l->batch : &l->line;
  char reason[512];
  l->err = err;
  l->row_number++;
  if (l->mode == STRATA_LOAD_DIGEST)
    b->length = 0;
  if (load_buf_reserve(b, row_bound(l, values, lengths)) != 0)
    return out_of_memory(l);
  if (convert_row(l, values, lengths, b, reason, sizeof reason) != 0)
    return reject_row(l, values, lengths, reason);
  if (l->mode == STRATA_LOAD_DIGEST)
    return digest_row(l);
  b->data[b->length++] = '\n';
  return load_copy_row(l);
}

/* ---- end ----------------------------------------------------------------- */

static int is_date_kind(enum load_kind kind) {
  return kind == LOAD_DATE || kind == LOAD_DATETIME ||
         kind == LOAD_DATETIME_UTC;
}

/* What became of a column's changed values, with their count. */
static void describe_change(const struct load_column *c, char *buf,
                            size_t size) {
  const char *s = c->changed == 1 ? "" : "s";
  if (c->kind == LOAD_JSON)
    snprintf(buf, size,
             "%llu value%s lost their \\u0000 characters, which jsonb cannot "
             "hold (--json-type=json keeps them, --nul-bytes=error rejects "
             "them)",
             c->changed, s);
  else if (!is_date_kind(c->kind))
    snprintf(buf, size,
             "%llu value%s lost their NUL bytes (--nul-bytes=error "
             "rejects them instead)",
             c->changed, s);
  else if (c->zero_dates == PORT_ZERO_DATES_INFINITY)
    snprintf(buf, size, "%llu zero date%s became -infinity", c->changed, s);
  else
    snprintf(buf, size, "%llu zero date%s became NULL", c->changed, s);
}

/* One note per column whose values were changed. */
static void note_changes(const struct strata_load *l) {
  for (size_t i = 0; l->opt->note != NULL && i < l->column_count; i++) {
    const struct load_column *c = &l->columns[i];
    char object[2 * PORT_NAME_MAX], message[160];
    if (c->changed == 0)
      continue;
    snprintf(object, sizeof object, "column %s.%s", l->table->name, c->name);
    describe_change(c, message, sizeof message);
    struct strata_note note = {
        .kind = STRATA_NOTE_CHANGED, .object = object, .message = message};
    l->opt->note(l->opt->note_ctx, &note);
  }
}

int postgres_load_end(struct strata_load *l, int abort,
                      struct strata_load_stats *stats,
                      struct strata_error *err) {
  int rc = 0;
  l->err = err;
  if (l->mode == STRATA_LOAD_COPY && abort)
    load_copy_abort(l);
  else if (l->mode == STRATA_LOAD_COPY)
    rc = load_copy_finish(l);
  if (rc == 0 && !abort && l->mode == STRATA_LOAD_COPY)
    note_changes(l);
  if (stats != NULL)
    *stats = (struct strata_load_stats){.rows = l->row_number - l->rejected,
                                        .rejected = l->rejected,
                                        .changed = l->changed_values};
  load_free(l);
  return rc;
}
