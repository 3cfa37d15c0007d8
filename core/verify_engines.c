/*
 * verify_engines.c - `strata verify --engines`: one migration set applied
 * version by version to a scratch database of each engine, the schemas
 * compared in portable terms after each version.
 *
 * Each version goes through the ordinary run machinery (strata_up with
 * --to), so each engine runs the file a deploy would run: its own file,
 * or the portable one rendered for it.  After a version every target is
 * compared with the first through strata_schema_diff_neutral(); the
 * first version that fails somewhere or leaves two targets different
 * ends the check, since what follows builds on it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "same_database.h"
#include "session.h"
#include "util.h"
#include "verify.h"

struct engines {
  const struct strata_config *cfg;
  size_t n;
  struct scratch *scratch;
  struct strata **s;
  strata_event_fn events;
  void *event_ctx;
  struct strata_engines_report *report;
};

static int out_of_memory(struct strata_error *err) {
  return strata__error_set(err, STRATA_ENOMEM, "out of memory");
}

/* The runs' own progress is this check's business; only notices (a
 * server's, a lock wait) reach the caller. */
static void forward_notices(void *ctx, const struct strata_event *ev) {
  const struct engines *e = ctx;
  if (ev->kind == STRATA_EVENT_NOTICE && e->events != NULL)
    e->events(e->event_ctx, ev);
}

/* ---- the report ---------------------------------------------------------- */

void strata_engines_report_free(struct strata_engines_report *r) {
  if (r == NULL)
    return;
  for (size_t i = 0; r->targets != NULL && i < r->target_count; i++)
    free((void *)r->targets[i]);
  free((void *)r->targets);
  for (size_t i = 0; i < r->difference_count; i++)
    free((void *)r->differences[i]);
  free((void *)r->differences);
  free((void *)r->version);
  free((void *)r->name);
  free((void *)r->error);
  free(r);
}

static struct strata_engines_report *
engines_report_new(const struct engines *e) {
  struct strata_engines_report *r = calloc(1, sizeof *r);
  if (r == NULL || (r->targets = calloc(e->n, sizeof *r->targets)) == NULL) {
    free(r);
    return NULL;
  }
  r->target_count = e->n;
  for (size_t i = 0; i < e->n; i++)
    if ((r->targets[i] = strata__strdup(e->scratch[i].redacted)) == NULL) {
      strata_engines_report_free(r);
      return NULL;
    }
  return r;
}

/* Where the check stopped: at migration m, on a (and b). */
static int stop_at(struct engines *e, const struct migration *m, size_t a,
                   size_t b) {
  struct strata_engines_report *r = e->report;
  r->version = strata__strdup(m->version);
  r->name = strata__strdup(m->name);
  r->a = r->targets[a];
  r->b = b != a ? r->targets[b] : NULL;
  return r->version && r->name ? 0 : STRATA_ENOMEM;
}

static int add_difference(void *ctx, const struct strata_difference *d) {
  struct strata_engines_report *r = ctx;
  char text[4096];
  strata_difference_text(d, text, sizeof text);
  char *line = strata__strdup(text);
  const char **grown =
      line ? realloc((void *)r->differences,
                     (r->difference_count + 1) * sizeof *r->differences)
           : NULL;
  if (grown == NULL) {
    free(line);
    return STRATA_ENOMEM;
  }
  r->differences = grown;
  r->differences[r->difference_count++] = line;
  return 0;
}

/* ---- one version --------------------------------------------------------- */

static int apply_through(struct strata *s, const char *version,
                         struct strata_error *err) {
  struct strata_run_options o;
  strata_run_options_init(&o);
  o.to_version = version;
  return strata_up(s, &o, err);
}

/* 1 when m failed on a target (recorded), 0 when it applied everywhere. */
static int apply_everywhere(struct engines *e, const struct migration *m,
                            struct strata_error *err) {
  for (size_t i = 0; i < e->n; i++) {
    struct strata_error failure;
    strata_error_clear(&failure);
    if (apply_through(e->s[i], m->version, &failure) == 0)
      continue;
    if (stop_at(e, m, i, i) != 0 ||
        (e->report->error = strata__strdup(failure.message)) == NULL)
      return out_of_memory(err);
    return 1;
  }
  return 0;
}

/* 1 when a target differs from the first (recorded), 0 when all are
 * equal. */
static int compare_everywhere(struct engines *e, const struct migration *m,
                              struct strata_error *err) {
  for (size_t i = 1; i < e->n; i++) {
    int rc = strata_schema_diff_neutral(e->s[0], e->s[i], add_difference,
                                        e->report, err);
    if (rc < 0)
      return rc;
    if (rc > 0)
      return stop_at(e, m, 0, i) == 0 ? 1 : out_of_memory(err);
  }
  return 0;
}

static int check_version(struct engines *e, const struct migration *m, size_t i,
                         size_t count, struct strata_error *err) {
  char *line = strata__asprintf("checking %s_%s (%zu of %zu) on %zu engines",
                                m->version, m->name, i + 1, count, e->n);
  if (line == NULL)
    return out_of_memory(err);
  struct strata_event ev = {.kind = STRATA_EVENT_NOTICE, .text = line};
  forward_notices(e, &ev);
  free(line);
  int rc = apply_everywhere(e, m, err);
  return rc ? rc : compare_everywhere(e, m, err);
}

/* ---- the whole check ----------------------------------------------------- */

static int check_all(struct engines *e, struct strata_error *err) {
  struct strata *first = e->s[0];
  int rc = session_source(first, err);
  if (rc != 0)
    return rc;
  e->report->count = first->source.count;
  for (size_t i = 0; rc == 0 && i < first->source.count; i++) {
    rc = check_version(e, &first->source.items[i], i, first->source.count, err);
    e->report->checked += rc == 0;
  }
  e->report->ok = rc == 0;
  return rc < 0 ? rc : 0;
}

/* The same database twice, by the URLs before i connects. */
static int refuse_twice(struct engines *e, size_t i, struct strata_error *err) {
  for (size_t j = 0; j < i; j++)
    if (strata_same_database(e->cfg, e->scratch[j].url, NULL, e->scratch[i].url,
                             NULL))
      return strata__error_set(err, STRATA_ESAME,
                               "'%s' and '%s' are the same database; "
                               "--engines needs one database per engine",
                               e->scratch[j].redacted, e->scratch[i].redacted);
  return 0;
}

/* ... and by what the servers say once i is connected, before any
 * migration runs: one reached two ways the URLs cannot show. */
static int refuse_reached_twice(struct engines *e, size_t i,
                                struct strata_error *err) {
  int same = 0, rc = 0;
  for (size_t j = 0; rc == 0 && !same && j < i; j++)
    if ((rc = same_database_open(e->s[j], e->s[i], &same, err)) == 0 && same)
      rc = strata__error_set(err, STRATA_ESAME,
                             "'%s' and '%s' reach the same database; "
                             "--engines needs one database per engine",
                             e->scratch[j].redacted, e->scratch[i].redacted);
  return rc;
}

static int open_all(struct engines *e, const char *const *urls,
                    struct strata_error *err) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < e->n; i++) {
    rc = scratch_prepare(&e->scratch[i], e->cfg, urls[i], err);
    if (rc == 0)
      rc = refuse_twice(e, i, err);
    if (rc == 0)
      rc = scratch_open(&e->scratch[i], forward_notices, e, &e->s[i], err);
    if (rc == 0)
      rc = refuse_reached_twice(e, i, err);
    if (rc == 0)
      rc = e->s[i]->driver->neutral_form != NULL
               ? 0
               : strata__error_set(err, STRATA_ENOTSUP,
                                   "the %s driver cannot compare its schema "
                                   "with another engine's; upgrade the driver",
                                   e->s[i]->driver->plugin.name);
  }
  return rc;
}

static int verify_engines(struct engines *e, const char *const *urls,
                          struct strata_error *err) {
  int rc = open_all(e, urls, err);
  if (rc == 0 && (e->report = engines_report_new(e)) == NULL)
    rc = out_of_memory(err);
  if (rc == 0)
    rc = check_all(e, err);
  for (size_t i = 0; i < e->n; i++) {
    strata_free(e->s[i]);
    struct strata_error ignored;
    scratch_release(&e->scratch[i], &ignored);
  }
  return rc;
}

int strata_verify_engines(const struct strata_config *cfg,
                          const char *const *urls, size_t url_count,
                          strata_event_fn events, void *event_ctx,
                          struct strata_engines_report **out,
                          struct strata_error *err) {
  *out = NULL;
  strata_error_clear(err);
  if (url_count < 2)
    return strata__error_set(err, STRATA_EINVAL,
                             "--engines needs at least two scratch "
                             "databases, one per engine, comma-separated");
  struct engines e = {.cfg = cfg,
                      .n = url_count,
                      .scratch = calloc(url_count, sizeof *e.scratch),
                      .s = calloc(url_count, sizeof *e.s),
                      .events = events,
                      .event_ctx = event_ctx};
  int rc =
      e.scratch && e.s ? verify_engines(&e, urls, err) : out_of_memory(err);
  free(e.scratch);
  free(e.s);
  if (rc != 0) {
    strata_engines_report_free(e.report);
    return rc;
  }
  *out = e.report;
  return 0;
}
