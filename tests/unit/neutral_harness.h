/*
 * neutral_harness.h - what the unit tests of the drivers' neutral_form()
 * and portable_expression() share: a host lent by the core's model
 * functions, small builders of a model as a driver's introspect() would
 * fill it, and the check of one expression case.
 */
#ifndef STRATA_TESTS_NEUTRAL_HARNESS_H
#define STRATA_TESTS_NEUTRAL_HARNESS_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <strata/driver.h>

#include "model.h"
#include "tap.h"

static inline int harness_error_set(struct strata_error *err, int code,
                                    const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  err->code = code;
  return code;
}

static inline void harness_host(struct strata_host *host) {
  memset(host, 0, sizeof *host);
  host->struct_size = sizeof *host;
  host->error_set = harness_error_set;
  host->schema_append = model_append;
  host->schema_append_text = model_append_text;
  host->schema_strndup = model_strndup;
  host->schema_find_table = model_find_table;
}

#define HARNESS_APPEND(schema, array, count)                                   \
  model_append((schema), (void *)&(array), &(count), sizeof **(array))

static inline const char *harness_text(struct strata_schema *s, const char *t) {
  return t ? model_strndup(s, t, strlen(t)) : NULL;
}

static inline void harness_add(struct strata_schema *s, const char ***array,
                               size_t *count, const char *t) {
  model_append_text(s, (void *)array, count, t, strlen(t));
}

static inline struct strata_table *harness_table(struct strata_schema *s,
                                                 const char *name) {
  struct strata_table *t = HARNESS_APPEND(s, s->tables, s->table_count);
  t->name = harness_text(s, name);
  return t;
}

static inline struct strata_column *
harness_column(struct strata_schema *s, struct strata_table *t,
               const char *name, enum strata_type type, long long length) {
  struct strata_column *c = HARNESS_APPEND(s, t->columns, t->column_count);
  c->name = harness_text(s, name);
  c->position = (int)t->column_count;
  c->type = type;
  c->length = length;
  c->precision = c->scale = -1;
  return c;
}

static inline struct strata_check *harness_check(struct strata_schema *s,
                                                 struct strata_table *t,
                                                 const char *name,
                                                 const char *expression) {
  struct strata_check *k = HARNESS_APPEND(s, t->checks, t->check_count);
  k->name = harness_text(s, name);
  k->expression = harness_text(s, expression);
  return k;
}

static inline struct strata_foreign_key *
harness_foreign_key(struct strata_schema *s, struct strata_table *t,
                    const char *name, const char *column) {
  struct strata_foreign_key *fk =
      HARNESS_APPEND(s, t->foreign_keys, t->foreign_key_count);
  fk->name = harness_text(s, name);
  harness_add(s, &fk->columns, &fk->column_count, column);
  fk->ref_table = harness_text(s, "parent");
  harness_add(s, &fk->ref_columns, &fk->ref_column_count, "id");
  return fk;
}

static inline struct strata_index *
harness_index(struct strata_schema *s, struct strata_table *t, const char *name,
              const char *column, const char *expression) {
  struct strata_index *ix = HARNESS_APPEND(s, t->indexes, t->index_count);
  ix->name = harness_text(s, name);
  struct strata_index_part *p = HARNESS_APPEND(s, ix->parts, ix->part_count);
  p->column = harness_text(s, column);
  p->expression = harness_text(s, expression);
  return ix;
}

/* The text a portable_expression() writes, kept for the check. */
struct harness_expr_out {
  char text[512];
};

static inline int harness_expr_keep(void *ctx, const char *text,
                                    size_t length) {
  struct harness_expr_out *o = ctx;
  snprintf(o->text, sizeof o->text, "%.*s", (int)length, text);
  return 0;
}

/* Checks one case of a portable_expression() that returned rc: expected
 * is the portable text, or "!" and the start of the refusal's reason. */
static inline void harness_expr_case(int rc, const struct strata_error *err,
                                     const struct harness_expr_out *o,
                                     const char *expected, const char *what) {
  if (expected[0] == '!') {
    is_int(rc, STRATA_ENOTSUP, "%s", what);
    ok(strstr(err->message, expected + 1) == err->message, "  and says why: %s",
       err->message);
  } else {
    is_int(rc, 0, "%s", what);
    is_str(o->text, expected, "  as portable text");
  }
}

#endif
