/*
 * source_refusals.c - the files of a folder that strata refuses, named in
 * one error.
 */
#include "source_refusals.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

int source_refusal_is_gathered(const struct strata_error *err) {
  return err->code == STRATA_ESOURCE;
}

void source_refusals_add(struct source_refusals *r, const char *name,
                         const struct strata_error *err) {
  if (r->count == 0)
    r->first = *err;
  if (r->count < SOURCE_REFUSALS_NAMED)
    snprintf(r->names[r->count], sizeof r->names[r->count], "%s", name);
  r->count++;
}

/* Appends to the message err holds, as far as it has room. */
static void add(struct strata_error *err, const char *fmt, ...)
    STRATA__PRINTF(2, 3);
static void add(struct strata_error *err, const char *fmt, ...) {
  size_t used = strlen(err->message);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message + used, sizeof err->message - used, fmt, ap);
  va_end(ap);
}

int source_refusals_report(const struct source_refusals *r,
                           struct strata_error *err) {
  if (r->count == 0)
    return 0;
  *err = r->first;
  if (r->count == 1)
    return err->code;
  int named =
      r->count < SOURCE_REFUSALS_NAMED ? r->count : SOURCE_REFUSALS_NAMED;
  add(err, " (%d files refused: ", r->count);
  for (int i = 0; i < named; i++)
    add(err, "%s'%s'", i == 0 ? "" : ", ", r->names[i]);
  if (r->count > named)
    add(err, " and %d more", r->count - named);
  add(err, ")");
  return err->code;
}
