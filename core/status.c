/*
 * status.c - the state of every migration, for `strata status`.
 */
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "plan.h"
#include "script.h"
#include "session.h"
#include "util.h"

/* The public status plus what its strings point into. */
struct status_owner {
  struct strata_status pub; /* first, so the public pointer frees it all */
  struct history history;
  struct plan plan;
  char **refusals; /* per entry: why up would refuse it, or NULL */
};

static const char *const state_words[] = {
    "pending",      "applied", "changed",    "missing",
    "out of order", "failed",  "interrupted"};

const char *strata_state_name(enum strata_state state) {
  if ((size_t)state >= sizeof state_words / sizeof state_words[0])
    return "unknown";
  return state_words[state];
}

static void fill_entry(struct strata_status_entry *e,
                       const struct plan_item *it) {
  const struct migration *m = it->migration;
  const struct history_row *row = it->row;
  e->version = m ? m->version : row->version;
  e->name = m ? m->name : row->name;
  e->state = it->state;
  e->file = m ? m->up_path : NULL;
  e->checksum = m ? m->checksum : NULL;
  e->has_down = m ? m->has_down : 0;
  if (row == NULL)
    return;
  e->applied_checksum = row->checksum;
  e->applied_at = row->applied_at;
  e->duration_ms = row->duration_ms;
  e->statements_done = row->statements_done;
  e->statements_total = row->statements_total;
  e->error = row->error;
}

/* Why `up` would refuse a pending migration before running anything (a
 * statement that cannot run in a transaction, one that leaves the
 * database), or NULL: status reports what up would, as a problem. */
static char *refusal_of(struct strata *s, const struct plan_item *it) {
  if (it->migration == NULL || (it->state != STRATA_STATE_PENDING &&
                                it->state != STRATA_STATE_OUT_OF_ORDER))
    return NULL;
  struct migration_script ms;
  struct strata_error err;
  strata_error_clear(&err);
  migration_script(it->migration, STRATA_UP, &ms);
  int rc = script_vet(s->driver, &ms, &err);
  if (rc == 0)
    return NULL;
  if (err.line > 0)
    return strata__asprintf("%s (%s:%d)", err.message, err.file, err.line);
  return strata__strdup(err.message);
}

static void count_entry(struct strata_status *st, enum strata_state state) {
  switch (state) {
  case STRATA_STATE_PENDING:
  case STRATA_STATE_OUT_OF_ORDER: st->pending++; break;
  case STRATA_STATE_APPLIED: st->applied++; break;
  default: st->problems++;
  }
}

int strata_status(struct strata *s, struct strata_status **out,
                  struct strata_error *err) {
  *out = NULL;
  strata_error_clear(err);
  struct status_owner *o = calloc(1, sizeof *o);
  if (o == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  int rc = session_source(s, err);
  if (rc == 0)
    rc = history_read(s, &o->history, err);
  if (rc == 0)
    rc = plan_build(&s->source, &o->history, &o->plan, err);
  if (rc == 0 &&
      ((o->pub.entries = calloc(o->plan.count + 1, sizeof *o->pub.entries)) ==
           NULL ||
       (o->refusals = calloc(o->plan.count + 1, sizeof *o->refusals)) == NULL))
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  if (rc != 0) {
    strata_status_free(&o->pub);
    return rc;
  }
  for (size_t i = 0; i < o->plan.count; i++) {
    fill_entry(&o->pub.entries[i], &o->plan.items[i]);
    o->refusals[i] = refusal_of(s, &o->plan.items[i]);
    if (o->refusals[i] != NULL) {
      o->pub.entries[i].error = o->refusals[i];
      o->pub.problems++;
    } else {
      count_entry(&o->pub, o->plan.items[i].state);
    }
  }
  o->pub.count = o->plan.count;
  *out = &o->pub;
  return 0;
}

void strata_status_free(struct strata_status *status) {
  if (status == NULL)
    return;
  struct status_owner *o = (struct status_owner *)status;
  for (size_t i = 0; o->refusals && i < o->plan.count; i++)
    free(o->refusals[i]);
  free(o->refusals);
  free(o->pub.entries);
  plan_release(&o->plan);
  history_release(&o->history);
  free(o);
}
