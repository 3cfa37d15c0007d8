/*
 * port.c - what every port target does alike, whatever its engine: notes
 * on the objects it changes, the mapping options it reads, the neutral
 * model's facts its renderings and loads ask about (zero dates, boolean
 * defaults, numbered keys, an enum's labels), and the name a rejected row
 * is reported by.
 */
#include "common.h"

#include <stdio.h>
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
