/*
 * plan.c - merging source and history into states, and choosing steps.
 */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "version.h"

static enum strata_state state_of(const struct migration *m,
                                  const struct history_row *row) {
  if (row == NULL)
    return STRATA_STATE_PENDING;
  switch (row->state) {
  case HISTORY_FAILED:
  case HISTORY_REVERT_FAILED: return STRATA_STATE_FAILED;
  case HISTORY_RUNNING:
  case HISTORY_REVERTING: return STRATA_STATE_INTERRUPTED;
  case HISTORY_APPLIED: break;
  }
  if (m == NULL)
    return STRATA_STATE_MISSING;
  if (strcmp(m->checksum, row->checksum) == 0)
    return STRATA_STATE_APPLIED;
  /* A repeatable migration is applied again whenever its text changes. */
  return version_is_repeatable(m->version) ? STRATA_STATE_PENDING
                                           : STRATA_STATE_CHANGED;
}

/* Pending migrations below the newest version in history are out of
 * order; repeatables, which come after every version, have none. */
static void mark_out_of_order(struct plan *plan, const struct history *h) {
  size_t n = h->count;
  while (n > 0 && version_is_repeatable(h->rows[n - 1].version))
    n--;
  if (n == 0)
    return;
  const char *newest = h->rows[n - 1].version;
  for (size_t i = 0; i < plan->count; i++) {
    struct plan_item *it = &plan->items[i];
    if (it->state == STRATA_STATE_PENDING &&
        version_compare(it->migration->version, newest) < 0)
      it->state = STRATA_STATE_OUT_OF_ORDER;
  }
}

/* A migration the history table cannot record is refused before anything
 * runs, by status as by up. */
static int check_recordable(const struct migration *m,
                            struct strata_error *err) {
  if (strlen(m->version) > HISTORY_VERSION_MAX)
    return strata__error_set(err, STRATA_ESOURCE,
                             "the version of '%s' is %zu characters long; the "
                             "history records at most %d: give it a shorter "
                             "one",
                             migration_label(m), strlen(m->version),
                             HISTORY_VERSION_MAX);
  if (strlen(m->name) > HISTORY_NAME_MAX)
    return strata__error_set(err, STRATA_ESOURCE,
                             "the name of '%s' is %zu characters long; the "
                             "history records at most %d: give it a shorter "
                             "one",
                             migration_label(m), strlen(m->name),
                             HISTORY_NAME_MAX);
  return 0;
}

int plan_build(const struct source *src, const struct history *h,
               struct plan *out, struct strata_error *err) {
  out->count = 0;
  out->items = calloc(src->count + h->count + 1, sizeof *out->items);
  if (out->items == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  size_t i = 0, j = 0;
  while (i < src->count || j < h->count) {
    int cmp = i == src->count ? 1
              : j == h->count
                  ? -1
                  : version_compare(src->items[i].version, h->rows[j].version);
    struct plan_item *it = &out->items[out->count++];
    it->migration = cmp <= 0 ? &src->items[i++] : NULL;
    it->row = cmp >= 0 ? &h->rows[j++] : NULL;
    it->state = state_of(it->migration, it->row);
    int rc = it->row ? 0 : check_recordable(it->migration, err);
    if (rc != 0) {
      plan_release(out);
      return rc;
    }
  }
  mark_out_of_order(out, h);
  return 0;
}

void plan_release(struct plan *plan) {
  free(plan->items);
  plan->items = NULL;
  plan->count = 0;
}

static const char *item_version(const struct plan_item *it) {
  return it->migration ? it->migration->version : it->row->version;
}

static const char *item_name(const struct plan_item *it) {
  return it->migration ? it->migration->name : it->row->name;
}

static int refuse_unfinished(const struct plan_item *it,
                             struct strata_error *err) {
  const struct history_row *row = it->row;
  const char *v = item_version(it);
  int down =
      row->state == HISTORY_REVERTING || row->state == HISTORY_REVERT_FAILED;
  int failed = it->state == STRATA_STATE_FAILED;
  strata__error_set(
      err, STRATA_EFAILED,
      "migration %s_%s: its %s script %s at statement %d of %d; %s, or "
      "recover by hand and run 'strata repair --mark-applied %s' or 'strata "
      "repair --mark-reverted %s'",
      v, item_name(it), down ? "down" : "up",
      failed ? "failed" : "was interrupted", row->statements_done + 1,
      row->statements_total,
      failed && !down ? "fix the cause and run 'strata up --resume'"
                      : "check what took effect",
      v, v);
  if (row->error)
    strata__error_add_detail(err, "error: %s", row->error);
  if (row->statements_done > 1)
    strata__error_add_detail(err,
                             "statements 1 to %d of the %s script ran and "
                             "are committed",
                             row->statements_done, down ? "down" : "up");
  else if (row->statements_done == 1)
    strata__error_add_detail(err,
                             "statement 1 of the %s script ran and is "
                             "committed",
                             down ? "down" : "up");
  else
    strata__error_add_detail(err, "no statement of the %s script completed",
                             down ? "down" : "up");
  if (!failed)
    strata__error_add_detail(err,
                             "statement %d was running when it stopped: "
                             "whether it completed is not known",
                             row->statements_done + 1);
  return STRATA_EFAILED;
}

/* Refuses a plan holding anything no run may go past.  A failed migration
 * is allowed only when it is the one being resumed. */
static int plan_check_clean(const struct plan *plan, int resume,
                            struct strata_error *err) {
  for (size_t i = 0; i < plan->count; i++) {
    const struct plan_item *it = &plan->items[i];
    switch (it->state) {
    case STRATA_STATE_FAILED:
      if (resume && it->row->state == HISTORY_FAILED && it->migration)
        break;
      return refuse_unfinished(it, err);
    case STRATA_STATE_INTERRUPTED: return refuse_unfinished(it, err);
    case STRATA_STATE_CHANGED:
      return strata__error_set(
          err, STRATA_ECHECKSUM,
          "migration %s_%s was changed after it was applied (checksum "
          "differs); run 'strata repair' if the change is intended",
          item_version(it), item_name(it));
    case STRATA_STATE_MISSING:
      return strata__error_set(
          err, STRATA_ESOURCE,
          "migration %s_%s was applied but its file is gone; restore the "
          "file, or run 'strata repair' to forget it",
          item_version(it), item_name(it));
    default: break;
    }
  }
  return 0;
}

static int steps_alloc(const struct plan *plan, struct plan_item ***steps,
                       struct strata_error *err) {
  *steps = calloc(plan->count + 1, sizeof **steps);
  return *steps ? 0 : strata__error_set(err, STRATA_ENOMEM, "out of memory");
}

static int find_version(const struct plan *plan, const char *version,
                        struct strata_error *err) {
  if (!version_is_valid(version))
    return strata__error_set(err, STRATA_EINVAL,
                             "'%s' is not a version: use the digits that "
                             "start a migration's file name",
                             version);
  for (size_t i = 0; i < plan->count; i++)
    if (version_compare(item_version(&plan->items[i]), version) == 0)
      return 0;
  return strata__error_set(err, STRATA_ENOTFOUND, "no migration has version %s",
                           version);
}

/* The failed up script --resume can continue, if any. */
static const struct plan_item *find_failed(const struct plan *plan) {
  for (size_t i = 0; i < plan->count; i++)
    if (plan->items[i].row && plan->items[i].row->state == HISTORY_FAILED)
      return &plan->items[i];
  return NULL;
}

static int refuse_out_of_order(const struct plan *plan,
                               const struct plan_item *it,
                               struct strata_error *err) {
  const struct plan_item *newest = NULL;
  for (size_t i = 0; i < plan->count; i++)
    if (plan->items[i].row != NULL)
      newest = &plan->items[i];
  return strata__error_set(
      err, STRATA_EORDER,
      "migration %s_%s is older than the newest applied migration %s; give "
      "it a newer version, or pass --allow-out-of-order",
      item_version(it), item_name(it), newest ? item_version(newest) : "?");
}

int plan_select_up(const struct plan *plan,
                   const struct strata_run_options *opt,
                   struct plan_item ***steps, size_t *count,
                   struct strata_error *err) {
  *steps = NULL;
  *count = 0;
  int rc = plan_check_clean(plan, opt->resume, err);
  if (rc == 0 && opt->to_version)
    rc = find_version(plan, opt->to_version, err);
  const struct plan_item *failed = find_failed(plan);
  if (rc == 0 && opt->resume && failed == NULL)
    rc = strata__error_set(err, STRATA_EINVAL,
                           "nothing to resume: no migration has failed");
  if (rc == 0)
    rc = steps_alloc(plan, steps, err);
  if (rc != 0)
    return rc;
  if (failed != NULL)
    (*steps)[(*count)++] = (struct plan_item *)failed;
  for (size_t i = 0; i < plan->count; i++) {
    struct plan_item *it = &plan->items[i];
    if (opt->count > 0 && (long)*count >= opt->count)
      break;
    if (opt->to_version &&
        version_compare(item_version(it), opt->to_version) > 0)
      break;
    if (it->state == STRATA_STATE_OUT_OF_ORDER && !opt->allow_out_of_order)
      rc = refuse_out_of_order(plan, it, err);
    else if (it->state == STRATA_STATE_PENDING ||
             it->state == STRATA_STATE_OUT_OF_ORDER)
      (*steps)[(*count)++] = it;
    if (rc != 0)
      break;
  }
  if (rc != 0) {
    free(*steps);
    *steps = NULL;
    *count = 0;
  }
  return rc;
}

static int refuse_no_down(const struct plan_item *it,
                          struct strata_error *err) {
  const struct migration *m = it->migration;
  if (m->up_path == NULL)
    return strata__error_set(err, STRATA_ENODOWN,
                             "migration %s_%s has no down script", m->version,
                             m->name);
  if (m->layout != NULL && strcmp(m->layout->plugin.name, "plain") != 0)
    return strata__error_set(err, STRATA_ENODOWN,
                             "migration %s_%s has no down script: write its "
                             "down as the %s layout keeps it, beside '%s'",
                             m->version, m->name, m->layout->plugin.name,
                             m->up_path);
  return strata__error_set(err, STRATA_ENODOWN,
                           "migration %s_%s has no down script: write "
                           "'%s_%s.down.sql' beside '%s'",
                           m->version, m->name, m->version, m->name,
                           m->up_path);
}

static int down_wanted(const struct plan_item *it,
                       const struct strata_run_options *opt, size_t chosen) {
  if (opt->all)
    return 1;
  if (opt->to_version)
    return version_compare(item_version(it), opt->to_version) > 0;
  long limit = opt->count > 0 ? opt->count : 1;
  return (long)chosen < limit;
}

int plan_select_down(const struct plan *plan,
                     const struct strata_run_options *opt,
                     struct plan_item ***steps, size_t *count,
                     struct strata_error *err) {
  *steps = NULL;
  *count = 0;
  int rc = plan_check_clean(plan, 0, err);
  if (rc == 0 && opt->to_version && !version_is_valid(opt->to_version))
    rc = find_version(plan, opt->to_version, err);
  if (rc == 0)
    rc = steps_alloc(plan, steps, err);
  for (size_t i = plan->count; rc == 0 && i-- > 0;) {
    struct plan_item *it = &plan->items[i];
    /* Repeatables have no down: they are not versions to go back past. */
    if (it->state != STRATA_STATE_APPLIED ||
        version_is_repeatable(item_version(it)))
      continue;
    if (!down_wanted(it, opt, *count))
      break;
    if (!it->migration->has_down)
      rc = refuse_no_down(it, err);
    else
      (*steps)[(*count)++] = it;
  }
  if (rc != 0) {
    free(*steps);
    *steps = NULL;
    *count = 0;
  }
  return rc;
}
