/*
 * neutral.c - reading a target's schema in its neutral form, and comparing
 * two targets of different engines through theirs (strata diff --neutral).
 */
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

int strata_schema_diff_neutral(struct strata *a, struct strata *b,
                               strata_difference_fn each, void *ctx,
                               struct strata_error *err) {
  struct strata_schema *x = NULL, *y = NULL;
  unsigned lacks_a = 0, lacks_b = 0;
  strata_error_clear(err);
  int rc = read_rewritten(a, &x, &lacks_a, err);
  if (rc == 0)
    rc = read_rewritten(b, &y, &lacks_b, err);
  if (rc == 0 && (model_neutral(x, lacks_a | lacks_b) != 0 ||
                  model_neutral(y, lacks_a | lacks_b) != 0))
    rc = out_of_memory(err);
  if (rc == 0) {
    rc = model_diff_neutral(x, y, each, ctx);
    if (rc == STRATA_ENOMEM)
      out_of_memory(err);
  }
  strata_schema_free(x);
  strata_schema_free(y);
  return rc;
}
