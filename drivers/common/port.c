/*
 * port.c - what every port target does alike, whatever its engine: notes
 * on the objects it changes, the mapping options it reads, the neutral
 * model's facts its renderings and loads ask about (zero dates, boolean
 * defaults, numbered keys, an enum's labels), a rejected row as the
 * reject callback receives it, and the head of a load (struct
 * common_load) with its counts.
 */
#include "common.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void common_port_note(const struct strata_render_options *opt,
                      enum strata_note_kind kind, const char *object,
                      const char *message, const char *source) {
  struct strata_note n = {kind, object, message, source};
  if (opt->note != NULL)
    opt->note(opt->note_ctx, &n);
}

void common_port_column_note(const struct strata_render_options *opt,
                             enum strata_note_kind kind, const char *table,
                             const char *column, const char *message,
                             const char *source) {
  char object[600];
  snprintf(object, sizeof object, "column %s.%s", table, column);
  common_port_note(opt, kind, object, message, source);
}

void common_port_note_routines(const struct strata_render_options *opt,
                               const struct strata_schema *schema,
                               const char *message) {
  char object[600];
  for (size_t i = 0; i < schema->routine_count; i++) {
    const struct strata_routine *r = schema->routines[i];
    snprintf(object, sizeof object, "%s %s",
             strcmp(r->kind, "PROCEDURE") == 0 ? "procedure" : "function",
             r->name);
    common_port_note(opt, STRATA_NOTE_HAND, object, message, r->definition);
  }
}

const char *common_port_setting(const struct strata_render_options *opt,
                                const char *key) {
  for (size_t i = 0; i < opt->setting_count; i++)
    if (strcmp(opt->settings[i].key, key) == 0)
      return opt->settings[i].value;
  return NULL;
}

int common_port_zero_dates_error(const struct strata_render_options *opt) {
  const char *v = common_port_setting(opt, "zero_dates");
  return v != NULL && strcmp(v, "error") == 0;
}

int common_port_is_zero_date(const char *v, size_t n) {
  return (n >= 4 && memcmp(v, "0000", 4) == 0) ||
         (n >= 7 && memcmp(v + 5, "00", 2) == 0) ||
         (n >= 10 && memcmp(v + 8, "00", 2) == 0);
}

int common_port_is_date(enum strata_type type) {
  return type == STRATA_TYPE_DATE || type == STRATA_TYPE_TIMESTAMP ||
         type == STRATA_TYPE_TIMESTAMPTZ;
}

int common_port_boolean_value(const char *v) {
  static const char *const yes[] = {"1", "true", "t", "b'1'", "TRUE"};
  static const char *const no[] = {"0", "false", "f", "b'0'", "FALSE"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    if (strcmp(v, yes[i]) == 0)
      return 1;
    if (strcmp(v, no[i]) == 0)
      return 0;
  }
  return -1;
}

int common_port_is_single_key(const struct strata_table *t, const char *name) {
  const struct strata_key *pk = t->primary_key;
  return pk != NULL && pk->column_count == 1 &&
         strcmp(pk->columns[0], name) == 0;
}

int common_port_is_sequence_key(const struct strata_table *t,
                                const struct strata_column *c) {
  return common_port_is_single_key(t, c->name) &&
         c->type >= STRATA_TYPE_TINYINT && c->type <= STRATA_TYPE_BIGINT &&
         c->default_kind == STRATA_DEFAULT_EXPRESSION &&
         c->default_expr != NULL &&
         strncmp(c->default_expr, "nextval(", 8) == 0;
}

int common_port_drops_zero_date(const struct strata_render_options *opt,
                                const struct strata_table *t,
                                const struct strata_column *c, const char *v) {
  if (!common_port_is_date(c->type) || !common_port_is_zero_date(v, strlen(v)))
    return 0;
  common_port_column_note(opt, STRATA_NOTE_CHANGED, t->name, c->name,
                          "the zero-date default is dropped", NULL);
  return 1;
}

int common_port_index_of_columns(const struct strata_render_options *opt,
                                 const struct strata_index *x,
                                 const char *object, const char *engine) {
  for (size_t i = 0; i < x->part_count; i++)
    if (x->parts[i]->column == NULL) {
      char message[160];
      snprintf(message, sizeof message,
               "left out: an expression index is written in %s's syntax by "
               "hand",
               engine);
      common_port_note(opt, STRATA_NOTE_HAND, object, message, x->definition);
      return 0;
    }
  return 1;
}

int common_port_parent_ported(const struct strata_host *host,
                              const struct strata_render_options *opt,
                              const struct strata_schema *s,
                              const struct strata_table *t,
                              const struct strata_foreign_key *fk) {
  if (host->schema_find_table(s, fk->ref_table) != NULL)
    return 1;
  char object[600];
  snprintf(object, sizeof object, "foreign key %s.%s", t->name,
           fk->name ? fk->name : "(unnamed)");
  common_port_note(opt, STRATA_NOTE_UNSUPPORTED, object,
                   "left out: it references a table that is not ported", NULL);
  return 0;
}

const char **common_port_enum_labels(const struct strata_schema *s,
                                     const struct strata_column *c, size_t *n) {
  *n = c->label_count;
  if (c->label_count > 0 || c->type_ref == NULL)
    return c->labels;
  const char *dot = strrchr(c->type_ref, '.');
  const char *name = dot ? dot + 1 : c->type_ref;
  for (size_t i = 0; i < s->enum_count; i++)
    if (strcmp(s->enums[i]->name, name) == 0 ||
        strcmp(s->enums[i]->name, c->type_ref) == 0) {
      *n = s->enums[i]->label_count;
      return s->enums[i]->labels;
    }
  *n = 0;
  return NULL;
}

void common_port_row_key(const struct strata_table *t, const char *const *names,
                         size_t count, const char *const *values,
                         const size_t *lengths, unsigned long long number,
                         char *buf, size_t size) {
  const struct strata_key *pk = t->primary_key;
  size_t used = 0;
  buf[0] = '\0';
  for (size_t k = 0; pk && k < pk->column_count && used < size; k++)
    for (size_t i = 0; i < count; i++) {
      if (strcmp(names[i], pk->columns[k]) != 0)
        continue;
      int n = values[i] ? (int)(lengths[i] < 64 ? lengths[i] : 64) : 2;
      used +=
          (size_t)snprintf(buf + used, size - used, "%s%s=%.*s", k ? ", " : "",
                           names[i], n, values[i] ? values[i] : "\\N");
    }
  if (buf[0] == '\0')
    snprintf(buf, size, "row %llu", number);
}

int common_port_check_settings(const struct strata_host *host,
                               const struct strata_render_options *opt,
                               const char *target, struct strata_error *err) {
  for (size_t i = 0; i < opt->setting_count; i++) {
    const char *key = opt->settings[i].key;
    const char *value = opt->settings[i].value;
    int ok = (strcmp(key, "zero_dates") == 0 &&
              (strcmp(value, "null") == 0 || strcmp(value, "error") == 0)) ||
             strcmp(key, "tinyint1") == 0;
    if (!ok)
      return host->error_set(err, STRATA_EINVAL,
                             "the mapping option %s=%s does not apply to %s: "
                             "leave it out",
                             key, value, target);
  }
  return 0;
}

/* The values tab-separated, \N for NULL, backslash, tab, newline and NUL
 * escaped; each value is cut at ROW_SHOWN_CUT bytes, and no value starts
 * past that many. */
enum { ROW_SHOWN_CUT = 4000, ROW_SHOWN_SIZE = 3 * ROW_SHOWN_CUT + 8 };

static size_t put_escaped(char *out, size_t used, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    const char *esc = c == '\\'   ? "\\\\"
                      : c == '\t' ? "\\t"
                      : c == '\n' ? "\\n"
                      : c == '\0' ? "\\0"
                                  : NULL;
    if (esc != NULL) {
      memcpy(out + used, esc, 2);
      used += 2;
    } else {
      out[used++] = c;
    }
  }
  return used;
}

static void row_shown(const char *const *values, const size_t *lengths,
                      size_t count, char *out) {
  size_t used = 0;
  for (size_t i = 0; i < count && used < ROW_SHOWN_CUT; i++) {
    if (i > 0)
      out[used++] = '\t';
    if (values[i] == NULL) {
      memcpy(out + used, "\\N", 2);
      used += 2;
    } else {
      size_t n = lengths[i] < ROW_SHOWN_CUT ? lengths[i] : ROW_SHOWN_CUT;
      used = put_escaped(out, used, values[i], n);
    }
  }
  out[used] = '\0';
}

int common_port_reject(const struct strata_host *host,
                       const struct strata_render_options *opt,
                       const struct strata_table *t, const char *const *names,
                       size_t count, const char *const *values,
                       const size_t *lengths, unsigned long long number,
                       const char *reason, struct strata_error *err) {
  if (opt->reject == NULL)
    return host->error_set(err, STRATA_EFAILED,
                           "a row of table %s was refused: %s", t->name,
                           reason);
  char key[400];
  static_assert(ROW_SHOWN_SIZE > ROW_SHOWN_CUT + 1 + 2 * ROW_SHOWN_CUT,
                "a value escaped fits after what came before it");
  char *shown = malloc(ROW_SHOWN_SIZE);
  if (shown == NULL)
    return host->error_set(err, STRATA_ENOMEM, "out of memory");
  common_port_row_key(t, names, count, values, lengths, number, key,
                      sizeof key);
  row_shown(values, lengths, count, shown);
  struct strata_reject r = {t->name, key, reason, shown};
  int rc = opt->reject(opt->reject_ctx, &r);
  free(shown);
  if (rc != 0)
    return host->error_set(err, STRATA_EFAILED,
                           "a row of table %s (%s) was refused: %s", t->name,
                           key, reason);
  return 0;
}

void common_port_note_changes(const struct strata_render_options *opt,
                              const struct strata_table *t,
                              const struct strata_column *const *columns,
                              const unsigned long long *changed, size_t count) {
  char message[300];
  for (size_t i = 0; opt->note != NULL && i < count; i++) {
    const struct strata_column *c = columns[i];
    unsigned long long n = changed[i];
    const char *s = n == 1 ? "" : "s";
    if (n == 0)
      continue;
    if (common_port_is_date(c->type))
      snprintf(message, sizeof message, "%llu zero date%s became NULL", n, s);
    else if (c->type == STRATA_TYPE_REAL || c->type == STRATA_TYPE_DOUBLE)
      snprintf(message, sizeof message, "%llu NaN%s became NULL", n, s);
    else
      snprintf(message, sizeof message,
               "%llu value%s beyond 64 bits became REAL, approximated", n, s);
    common_port_column_note(opt, STRATA_NOTE_CHANGED, t->name, c->name, message,
                            NULL);
  }
}

int common_load_init(struct common_load *b, struct strata_conn *conn,
                     const struct strata_host *host,
                     const struct strata_table *table,
                     const struct strata_render_options *opt,
                     enum strata_load_mode mode, strata_write_fn digest,
                     void *digest_ctx, struct strata_error *err) {
  size_t n = table->column_count + 1;
  *b = (struct common_load){.conn = conn,
                            .host = host,
                            .opt = opt,
                            .table = table,
                            .mode = mode,
                            .digest = digest,
                            .digest_ctx = digest_ctx,
                            .columns = calloc(n, sizeof *b->columns),
                            .names = calloc(n, sizeof *b->names),
                            .changed = calloc(n, sizeof *b->changed),
                            .zero_error = common_port_zero_dates_error(opt),
                            .err = err};
  return b->columns && b->names && b->changed ? 0 : -1;
}

void common_load_add(struct common_load *b, const struct strata_column *c) {
  b->columns[b->count] = c;
  b->names[b->count++] = c->name;
}

int common_load_reject(struct common_load *b, const char *const *values,
                       const size_t *lengths, unsigned long long number,
                       const char *reason) {
  b->rejected++;
  return common_port_reject(b->host, b->opt, b->table, b->names, b->count,
                            values, lengths, number, reason, b->err);
}

void common_load_end(struct common_load *b, int completed,
                     struct strata_load_stats *stats) {
  if (completed && b->mode == STRATA_LOAD_COPY)
    common_port_note_changes(b->opt, b->table, b->columns, b->changed,
                             b->count);
  if (stats != NULL)
    *stats = (struct strata_load_stats){.rows = b->rows - b->rejected,
                                        .rejected = b->rejected,
                                        .changed = b->changed_values};
}

void common_load_release(struct common_load *b) {
  free(b->columns);
  free(b->names);
  free(b->changed);
}
