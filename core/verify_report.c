/*
 * verify_report.c - the report of `strata verify`, and how its findings
 * are worded.
 *
 * A difference is worded from the migration's point of view: what its
 * down script left behind or dropped, what its up script did differently
 * the second time.  Every string in the report is its own allocation,
 * released by strata_verify_report_free().
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "verify.h"

static const char *const result_names[] = {
    "reversible",     "not reversible", "missing down", "down failed",
    "reapply failed", "up failed",      "not checked"};

const char *strata_verify_result_name(enum strata_verify_result result) {
  if ((size_t)result >= sizeof result_names / sizeof *result_names)
    return "unknown";
  return result_names[result];
}

void strata_verify_options_init(struct strata_verify_options *opt) {
  memset(opt, 0, sizeof *opt);
}

struct strata_verify_report *report_new(size_t count, const char *scratch) {
  struct strata_verify_report *r = calloc(1, sizeof *r);
  if (r == NULL)
    return NULL;
  r->entries = calloc(count + 1, sizeof *r->entries);
  r->scratch = strata__strdup(scratch);
  if (r->entries == NULL || r->scratch == NULL) {
    strata_verify_report_free(r);
    return NULL;
  }
  r->count = count;
  for (size_t i = 0; i < count; i++)
    r->entries[i].result = STRATA_VERIFY_NOT_CHECKED;
  return r;
}

static void entry_release(struct strata_verify_entry *e) {
  free((void *)e->version);
  free((void *)e->name);
  for (size_t i = 0; i < e->difference_count; i++)
    free((void *)e->differences[i]);
  free((void *)e->differences);
  free((void *)e->error);
  free((void *)e->rerun_error);
}

void strata_verify_report_free(struct strata_verify_report *r) {
  if (r == NULL)
    return;
  for (size_t i = 0; r->entries != NULL && i < r->count; i++)
    entry_release(&r->entries[i]);
  free(r->entries);
  free((void *)r->scratch);
  free((void *)r->stopped);
  free(r);
}

int report_entry(struct strata_verify_report *r, size_t i, const char *version,
                 const char *name) {
  struct strata_verify_entry *e = &r->entries[i];
  e->version = strata__strdup(version);
  e->name = strata__strdup(name);
  return e->version && e->name ? 0 : STRATA_ENOMEM;
}

/* "column users.email", "unique users_email_key on users", "index i". */
static char *object_label(const struct strata_difference *d) {
  if (d->table == NULL)
    return strata__strdup(d->object);
  if (strcmp(d->type, "column") == 0)
    return strata__asprintf("column %s.%s", d->table, d->name);
  size_t head = strlen("table ") + strlen(d->table) + strlen(": ");
  if (strncmp(d->object, "table ", 6) != 0 || strlen(d->object) < head)
    return strata__strdup(d->object);
  return strata__asprintf("%s on %s", d->object + head, d->table);
}

static char *worded(enum verify_phase phase, const char *label,
                    const struct strata_difference *d, const char *object) {
  int down = phase == VERIFY_AFTER_DOWN;
  const char *who = down ? "down of" : "up of";
  const char *when = down ? "" : " applied again after its down";
  switch (d->kind) {
  case STRATA_DIFF_ONLY_IN_A:
    return strata__asprintf("%s %s%s %s %s", who, label, when,
                            down ? "dropped" : "did not recreate", object);
  case STRATA_DIFF_ONLY_IN_B:
    return strata__asprintf("%s %s%s %s %s", who, label, when,
                            down ? "left" : "also made", object);
  case STRATA_DIFF_CHANGED: break;
  }
  return strata__asprintf("%s %s%s changed %s: %s", who, label, when, d->object,
                          d->detail ? d->detail : "");
}

int report_difference(struct strata_verify_entry *e, enum verify_phase phase,
                      const char *label, const struct strata_difference *d) {
  char *object = object_label(d);
  char *text = object ? worded(phase, label, d, object) : NULL;
  free(object);
  const char **grown = text ? realloc((void *)e->differences,
                                      (e->difference_count + 1) * sizeof *grown)
                            : NULL;
  if (grown == NULL) {
    free(text);
    return STRATA_ENOMEM;
  }
  grown[e->difference_count++] = text;
  e->differences = grown;
  return 0;
}

int report_error(const char **field, const struct strata_error *err) {
  char *text = err->file[0] && err->line
                   ? strata__asprintf("%s (at %s:%d:%d)", err->message,
                                      err->file, err->line, err->column)
                   : strata__strdup(err->message);
  if (text == NULL)
    return STRATA_ENOMEM;
  free((void *)*field);
  *field = text;
  return 0;
}

int report_stopped(struct strata_verify_report *r, const char *label,
                   const char *why) {
  char *text = strata__asprintf("%s %s, so the migrations after it could not "
                                "be checked",
                                label, why);
  if (text == NULL)
    return STRATA_ENOMEM;
  free((void *)r->stopped);
  r->stopped = text;
  return 0;
}

static int entry_ok(const struct strata_verify_entry *e) {
  return e->result == STRATA_VERIFY_REVERSIBLE &&
         e->rerun != STRATA_RERUN_FAILED;
}

void report_finish(struct strata_verify_report *r) {
  r->ok = r->stopped == NULL;
  for (size_t i = 0; i < r->count; i++)
    r->ok = r->ok && entry_ok(&r->entries[i]);
}
