/*
 * plan.h - source x history: the state of every migration, and what an
 * operation would do.
 *
 * A plan is computed before anything runs, so every refusal (an edited
 * migration, a missing file, an out-of-order version, a failed migration in
 * the way, a down script that does not exist) happens with nothing changed.
 */
#ifndef STRATA_CORE_PLAN_H
#define STRATA_CORE_PLAN_H

#include <stddef.h>
#include <strata/strata.h>

#include "history.h"
#include "source.h"

struct plan_item {
  struct migration *migration;   /* NULL when its file is gone */
  const struct history_row *row; /* NULL when never started */
  enum strata_state state;
};

struct plan {
  struct plan_item *items; /* ordered by version */
  size_t count;
};

int plan_build(const struct source *src, const struct history *h,
               struct plan *out, struct strata_error *err);
void plan_release(struct plan *plan);

/* The steps of `up`: pending migrations in order, limited by opt.  Fails
 * when something in the plan forbids running (see plan_check_clean), when a
 * migration is out of order and opt does not allow it, or when opt->resume
 * is set and there is no failed migration to resume.  *steps (free() it)
 * holds pointers into plan. */
int plan_select_up(const struct plan *plan,
                   const struct strata_run_options *opt,
                   struct plan_item ***steps, size_t *count,
                   struct strata_error *err);

/* The steps of `down`: applied migrations newest first, limited by opt;
 * each must have a down script. */
int plan_select_down(const struct plan *plan,
                     const struct strata_run_options *opt,
                     struct plan_item ***steps, size_t *count,
                     struct strata_error *err);

#endif
