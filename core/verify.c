/*
 * verify.c - `strata verify`: each migration applied, reverted and applied
 * again on a scratch database, the schema compared at every step.
 *
 * Migrations go through the ordinary run machinery one at a time (run_up
 * and run_down, as `strata up` and `strata down` run them), so what is
 * verified is what a deploy does.  The --idempotent second run of an up
 * script is a step of that machinery too (run_rehearse_up), with its
 * transaction, settings, guard and lock rules, only recorded nowhere and
 * rolled back where the engine can.
 *
 * A failure is recorded and checking goes on when the database allows:
 * when the migration is still applied and history is clean, or when the
 * scratch database is strata's own and can be remade up to the migration.
 * When an up script fails the first time, nothing after it can be checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "session.h"
#include "util.h"
#include "verify.h"

#define STOP 1 /* check_one(): the migrations after this one cannot be run */

struct verify {
  const struct strata_verify_options *opt;
  strata_event_fn events;
  void *event_ctx;
  struct scratch scratch;
  struct strata *s;
  struct strata_verify_report *report;
  /* The scratch database's schema as the last check read it and left the
   * database, or NULL: the next check starts from it instead of reading
   * it again. */
  struct strata_schema *current;
};

/* The schemas one migration is checked with. */
struct states {
  struct strata_schema *before; /* before its up */
  struct strata_schema *after;  /* after its up */
  struct strata_schema *now;    /* after its down, then after its up again */
};

static void states_release(struct states *st) {
  strata_schema_free(st->before);
  strata_schema_free(st->after);
  strata_schema_free(st->now);
}

/* The runs' own progress is verify's business; only notices (a server's,
 * a lock wait) reach the caller. */
static void forward_notices(void *ctx, const struct strata_event *ev) {
  const struct verify *v = ctx;
  if (ev->kind == STRATA_EVENT_NOTICE && v->events != NULL)
    v->events(v->event_ctx, ev);
}

static void notice(const struct verify *v, const char *text) {
  struct strata_event ev = {.kind = STRATA_EVENT_NOTICE, .text = text};
  forward_notices((void *)v, &ev);
}

static struct migration *migration_at(const struct verify *v, size_t i) {
  return &v->s->source.items[i];
}

/* ---- running one migration ----------------------------------------------- */

static int apply_through(struct verify *v, const char *version, long count,
                         struct strata_error *err) {
  struct strata_run_options o;
  strata_run_options_init(&o);
  o.to_version = version;
  o.count = count;
  return strata_up(v->s, &o, err);
}

static int revert_newest(struct verify *v, struct strata_error *err) {
  struct strata_run_options o;
  strata_run_options_init(&o);
  o.count = 1;
  return strata_down(v->s, &o, err);
}

/* ---- comparing ----------------------------------------------------------- */

struct phrasing {
  struct strata_verify_entry *entry;
  enum verify_phase phase;
  const char *label;
};

static int add_difference(void *ctx, const struct strata_difference *d) {
  const struct phrasing *p = ctx;
  return report_difference(p->entry, p->phase, p->label, d);
}

static int compare(struct strata_verify_entry *e, enum verify_phase phase,
                   const char *label, const struct strata_schema *want,
                   const struct strata_schema *got, struct strata_error *err) {
  struct phrasing p = {e, phase, label};
  int rc = strata_schema_diff(want, got, add_difference, &p);
  return rc < 0 ? strata__error_set(err, rc, "out of memory") : 0;
}

static int read_schema(struct verify *v, struct strata_schema **slot,
                       struct strata_error *err) {
  strata_schema_free(*slot);
  *slot = NULL;
  return strata_schema_read(v->s, slot, err);
}

static int read_before(struct verify *v, struct states *st,
                       struct strata_error *err) {
  st->before = v->current;
  v->current = NULL;
  return st->before != NULL ? 0 : read_schema(v, &st->before, err);
}

/* The database is as *slot describes it, and stays so until the next
 * check. */
static void keep_current(struct verify *v, struct strata_schema **slot) {
  strata_schema_free(v->current);
  v->current = *slot;
  *slot = NULL;
}

/* ---- after a failure ----------------------------------------------------- */

/* Whether version is applied and history is clean, so the next
 * migration can run on top of it. */
static int still_applied(struct verify *v, const char *version, int *yes,
                         struct strata_error *err) {
  struct strata_status *status = NULL;
  int rc = strata_status(v->s, &status, err);
  *yes = 0;
  for (size_t i = 0; rc == 0 && status->problems == 0 && i < status->count; i++)
    if (strcmp(status->entries[i].version, version) == 0)
      *yes = status->entries[i].state == STRATA_STATE_APPLIED;
  strata_status_free(status);
  return rc;
}

/* Remakes strata's own scratch database with the migrations through the
 * one at i applied. */
static int remake_through(struct verify *v, size_t i,
                          struct strata_error *err) {
  char *version = strata__strdup(migration_at(v, i)->version);
  strata_free(v->s);
  v->s = NULL;
  int rc = version ? scratch_remake(&v->scratch, err)
                   : strata__error_set(err, STRATA_ENOMEM, "out of memory");
  if (rc == 0)
    rc = scratch_open(&v->scratch, forward_notices, v, &v->s, err);
  if (rc == 0)
    rc = apply_through(v, version, 0, err);
  free(version);
  return rc;
}

/* After a down or a second up failed: goes on if the database allows,
 * else stops. */
static int recover(struct verify *v, size_t i, const char *label,
                   struct strata_error *err) {
  int applied = 0;
  int rc = still_applied(v, migration_at(v, i)->version, &applied, err);
  if (rc != 0 || applied)
    return rc;
  struct strata_error why;
  strata_error_clear(&why);
  if (v->scratch.own && remake_through(v, i, &why) == 0)
    return 0;
  if (v->s == NULL)
    return strata__error_set(err, why.code, "%s", why.message);
  rc = report_stopped(v->report, label,
                      v->scratch.own
                          ? "left the scratch database in a state strata "
                            "could not rebuild"
                          : "left the scratch database as it failed (strata "
                            "remakes only a scratch database of its own)");
  return rc ? strata__error_set(err, rc, "out of memory") : STOP;
}

/* ---- checking one migration ---------------------------------------------- */

static int record_error(const char **field, const struct strata_error *failure,
                        struct strata_error *err) {
  return report_error(field, failure) == 0
             ? 0
             : strata__error_set(err, STRATA_ENOMEM, "out of memory");
}

static int check_rerun(struct verify *v, size_t i,
                       struct strata_verify_entry *e,
                       struct strata_error *err) {
  struct strata_error failure;
  strata_error_clear(&failure);
  if (run_rehearse_up(v->s, migration_at(v, i), &failure) == 0) {
    e->rerun = STRATA_RERUN_OK;
    return 0;
  }
  e->rerun = STRATA_RERUN_FAILED;
  return record_error(&e->rerun_error, &failure, err);
}

/* The down half: revert, compare with before, apply again, compare with
 * after. */
static int check_down(struct verify *v, size_t i, struct strata_verify_entry *e,
                      struct states *st, const char *label,
                      struct strata_error *err) {
  struct strata_error failure;
  strata_error_clear(&failure);
  if (revert_newest(v, &failure) != 0) {
    e->result = STRATA_VERIFY_DOWN_FAILED;
    int rc = record_error(&e->error, &failure, err);
    return rc ? rc : recover(v, i, label, err);
  }
  int rc = read_schema(v, &st->now, err);
  if (rc == 0)
    rc = compare(e, VERIFY_AFTER_DOWN, label, st->before, st->now, err);
  if (rc != 0)
    return rc;
  if (apply_through(v, e->version, 1, &failure) != 0) {
    e->result = e->difference_count ? STRATA_VERIFY_NOT_REVERSIBLE
                                    : STRATA_VERIFY_REAPPLY_FAILED;
    rc = record_error(&e->error, &failure, err);
    return rc ? rc : recover(v, i, label, err);
  }
  rc = read_schema(v, &st->now, err);
  if (rc == 0)
    rc = compare(e, VERIFY_AFTER_REDO, label, st->after, st->now, err);
  if (rc == 0)
    keep_current(v, &st->now);
  e->result = e->difference_count ? STRATA_VERIFY_NOT_REVERSIBLE
                                  : STRATA_VERIFY_REVERSIBLE;
  return rc;
}

static int check_applied(struct verify *v, size_t i,
                         struct strata_verify_entry *e, struct states *st,
                         const char *label, struct strata_error *err) {
  int rc = v->opt->idempotent ? check_rerun(v, i, e, err) : 0;
  if (rc == 0)
    rc = read_schema(v, &st->after, err);
  if (rc != 0)
    return rc;
  if (!migration_at(v, i)->has_down) {
    e->result = STRATA_VERIFY_MISSING_DOWN;
    keep_current(v, &st->after);
    return 0;
  }
  return check_down(v, i, e, st, label, err);
}

/* Nothing after a migration that cannot be applied can be checked. */
static int first_up_failed(struct verify *v, struct strata_verify_entry *e,
                           const char *label,
                           const struct strata_error *failure,
                           struct strata_error *err) {
  e->result = STRATA_VERIFY_UP_FAILED;
  int rc = record_error(&e->error, failure, err);
  if (rc == 0 && report_stopped(v->report, label, "failed to apply") != 0)
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  return rc ? rc : STOP;
}

/* Returns 0 to go on, STOP, or an error that ends the verification. */
static int check_one(struct verify *v, size_t i, struct strata_error *err) {
  struct strata_verify_entry *e = &v->report->entries[i];
  struct states st = {0};
  struct strata_error failure;
  char *label = strata__asprintf("%s_%s", e->version, e->name);
  char *line = label ? strata__asprintf("checking %s (%zu of %zu)", label,
                                        i + 1, v->report->count)
                     : NULL;
  if (line == NULL) {
    free(label);
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  }
  notice(v, line);
  strata_error_clear(&failure);
  int rc = read_before(v, &st, err);
  if (rc == 0 && apply_through(v, e->version, 1, &failure) != 0)
    rc = first_up_failed(v, e, label, &failure, err);
  else if (rc == 0)
    rc = check_applied(v, i, e, &st, label, err);
  states_release(&st);
  free(line);
  free(label);
  return rc;
}

/* ---- the whole verification ---------------------------------------------- */

static int check_all(struct verify *v, struct strata_error *err) {
  int rc = session_source(v->s, err);
  size_t count = v->s->source.count;
  if (rc == 0 && (v->report = report_new(count, v->scratch.redacted)) == NULL)
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  for (size_t i = 0; rc == 0 && i < count; i++)
    if (report_entry(v->report, i, migration_at(v, i)->version,
                     migration_at(v, i)->name) != 0)
      rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  for (size_t i = 0; rc == 0 && i < count; i++)
    rc = check_one(v, i, err);
  if (rc >= 0)
    report_finish(v->report);
  return rc < 0 ? rc : 0;
}

static int verify(struct verify *v, const struct strata_config *cfg,
                  struct strata_error *err) {
  int rc = scratch_prepare(&v->scratch, cfg, v->opt->scratch_url, err);
  if (rc == 0)
    rc = scratch_open(&v->scratch, forward_notices, v, &v->s, err);
  if (rc == 0)
    rc = check_all(v, err);
  strata_free(v->s);
  v->s = NULL;
  strata_schema_free(v->current);
  v->current = NULL;
  struct strata_error dropping;
  strata_error_clear(&dropping);
  if (scratch_release(&v->scratch, &dropping) != 0 && rc == 0) {
    *err = dropping;
    rc = dropping.code;
  }
  return rc;
}

int strata_verify(const struct strata_config *cfg,
                  const struct strata_verify_options *opt,
                  strata_event_fn events, void *event_ctx,
                  struct strata_verify_report **out, struct strata_error *err) {
  struct strata_verify_options defaults;
  strata_verify_options_init(&defaults);
  struct verify v = {
      .opt = opt ? opt : &defaults, .events = events, .event_ctx = event_ctx};
  *out = NULL;
  strata_error_clear(err);
  int rc = verify(&v, cfg, err);
  if (rc != 0) {
    strata_verify_report_free(v.report);
    return rc;
  }
  *out = v.report;
  return 0;
}
