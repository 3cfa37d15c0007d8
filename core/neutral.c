/*
 * neutral.c - reading a target's schema in its neutral form, and comparing
 * two targets of different engines through theirs (strata diff --neutral).
 *
 * What the rules of the neutral form made equal (diff --neutral -v) is
 * found without knowing the rules: the two schemas as read are compared
 * the same way, and each difference there that the neutral forms do not
 * have is a match some rule made.
 */
#include <stdlib.h>
#include <string.h>

#include <strata/strata.h>

#include "model.h"
#include "session.h"
#include "util.h"

/* The target's model as its driver's neutral_form() leaves it, and what
 * the engine's models lack. */
static int read_rewritten(struct strata *s, struct strata_schema **out,
                          unsigned *lacks, struct strata_error *err) {
  *out = NULL;
  *lacks = 0;
  if (s->driver->neutral_form == NULL)
    return strata__error_set(err, STRATA_ENOTSUP,
                             "the %s driver cannot compare its schema with "
                             "another engine's; upgrade the driver",
                             s->driver->plugin.name);
  int rc = strata_schema_read(s, out, err);
  if (rc == 0)
    rc = s->driver->neutral_form(&s->host, *out, lacks, err);
  if (rc != 0) {
    strata_schema_free(*out);
    *out = NULL;
  }
  return rc;
}

static int out_of_memory(struct strata_error *err) {
  return strata__error_set(err, STRATA_ENOMEM, "out of memory");
}

int strata_schema_neutral(struct strata *s, struct strata_schema **out,
                          struct strata_error *err) {
  unsigned lacks;
  strata_error_clear(err);
  int rc = read_rewritten(s, out, &lacks, err);
  if (rc == 0 && model_neutral(*out, lacks) != 0) {
    strata_schema_free(*out);
    *out = NULL;
    rc = out_of_memory(err);
  }
  return rc;
}

/* ---- what the rules made equal ------------------------------------------ */

/* The caller's callbacks, and what still differs in portable terms. */
struct rules {
  strata_difference_fn each;
  strata_rule_fn rule;
  void *ctx;
  struct strata_difference *seen; /* type, table and object of each */
  size_t count;
  const struct strata_schema *portable; /* A's neutral form */
};

static void rules_release(struct rules *r) {
  for (size_t i = 0; i < r->count; i++) {
    free((void *)r->seen[i].object);
    free((void *)r->seen[i].table);
  }
  free(r->seen);
}

static int keep_difference(void *ctx, const struct strata_difference *d) {
  struct rules *r = ctx;
  struct strata_difference *grown =
      realloc(r->seen, (r->count + 1) * sizeof *r->seen);
  if (grown == NULL)
    return STRATA_ENOMEM;
  r->seen = grown;
  struct strata_difference *kept = &r->seen[r->count];
  *kept = (struct strata_difference){.type = d->type};
  kept->object = strata__strdup(d->object);
  kept->table = d->table ? strata__strdup(d->table) : NULL;
  r->count++;
  if (kept->object == NULL || (d->table != NULL && kept->table == NULL))
    return STRATA_ENOMEM;
  return r->each(r->ctx, d);
}

static int same(const char *a, const char *b) {
  return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Whether d, a difference as read, is about something that differs in
 * portable terms too.  Keys, checks and foreign keys may be named on one
 * side only, so any of the kind that differs on the same table counts. */
static int still_differs(const struct rules *r,
                         const struct strata_difference *d) {
  int by_content = strcmp(d->type, "unique") == 0 ||
                   strcmp(d->type, "check") == 0 ||
                   strcmp(d->type, "foreign key") == 0;
  for (size_t i = 0; i < r->count; i++) {
    const struct strata_difference *seen = &r->seen[i];
    if (strcmp(seen->object, d->object) == 0 ||
        (by_content && strcmp(seen->type, d->type) == 0 &&
         same(seen->table, d->table)))
      return 1;
  }
  return 0;
}

/* The portable spelling both sides share when d is about a column's type
 * or default. */
static const char *portable_of(const struct rules *r,
                               const struct strata_difference *d) {
  if (strcmp(d->type, "column") != 0 || d->detail == NULL || d->table == NULL)
    return NULL;
  for (size_t i = 0; i < r->portable->table_count; i++) {
    const struct strata_table *t = r->portable->tables[i];
    for (size_t j = 0; strcmp(t->name, d->table) == 0 && j < t->column_count;
         j++) {
      const struct strata_column *c = t->columns[j];
      if (strcmp(c->name, d->name) != 0)
        continue;
      if (strncmp(d->detail, "type ", 5) == 0)
        return c->type_text;
      if (strncmp(d->detail, "default ", 8) == 0)
        return c->default_expr ? c->default_expr : "none";
      return NULL;
    }
  }
  return NULL;
}

static int pass_on_rule(void *ctx, const struct strata_difference *d) {
  const struct rules *r = ctx;
  return still_differs(r, d) ? 0 : r->rule(r->ctx, d, portable_of(r, d));
}

/* The differences between the schemas as read, matched by what they are,
 * that the neutral forms do not have. */
static int find_rules(struct strata *a, struct strata *b, struct rules *r,
                      struct strata_error *err) {
  struct strata_schema *x = NULL, *y = NULL;
  int rc = strata_schema_read(a, &x, err);
  if (rc == 0)
    rc = strata_schema_read(b, &y, err);
  if (rc == 0) {
    rc = model_diff_neutral(x, y, pass_on_rule, r);
    rc = rc == STRATA_ENOMEM ? out_of_memory(err) : rc > 0 ? 0 : rc;
  }
  strata_schema_free(x);
  strata_schema_free(y);
  return rc;
}

int strata_schema_diff_neutral_rules(struct strata *a, struct strata *b,
                                     strata_difference_fn each,
                                     strata_rule_fn rule, void *ctx,
                                     struct strata_error *err) {
  struct strata_schema *x = NULL, *y = NULL;
  unsigned lacks_a = 0, lacks_b = 0;
  struct rules r = {.each = each, .rule = rule, .ctx = ctx};
  strata_error_clear(err);
  int rc = read_rewritten(a, &x, &lacks_a, err);
  if (rc == 0)
    rc = read_rewritten(b, &y, &lacks_b, err);
  if (rc == 0 && (model_neutral(x, lacks_a | lacks_b) != 0 ||
                  model_neutral(y, lacks_a | lacks_b) != 0))
    rc = out_of_memory(err);
  if (rc == 0) {
    rc = rule != NULL ? model_diff_neutral(x, y, keep_difference, &r)
                      : model_diff_neutral(x, y, each, ctx);
    if (rc == STRATA_ENOMEM)
      out_of_memory(err);
  }
  r.portable = x;
  int found = rc >= 0 && rule != NULL ? find_rules(a, b, &r, err) : 0;
  rules_release(&r);
  strata_schema_free(x);
  strata_schema_free(y);
  return found != 0 ? found : rc;
}

int strata_schema_diff_neutral(struct strata *a, struct strata *b,
                               strata_difference_fn each, void *ctx,
                               struct strata_error *err) {
  return strata_schema_diff_neutral_rules(a, b, each, NULL, ctx, err);
}
