/*
 * repair.c - changing history by hand, never the schema.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "history.h"
#include "plan.h"
#include "session.h"
#include "util.h"
#include "version.h"

struct repair {
  struct strata *s;
  int dry_run;
  int changed;
};

static void say(struct repair *r, const char *fmt, const char *version,
                const char *name) {
  char line[512];
  snprintf(line, sizeof line, fmt, r->dry_run ? "would " : "", version, name);
  session_notice(r->s, line);
  r->changed++;
}

/* Accepts the files' checksums, and forgets migrations whose files are gone. */
static int accept_checksums(struct repair *r, const struct plan *plan,
                            struct strata_error *err) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < plan->count; i++) {
    const struct plan_item *it = &plan->items[i];
    if (it->state == STRATA_STATE_CHANGED) {
      say(r, "%saccept the new checksum of %s_%s", it->row->version,
          it->row->name);
      if (!r->dry_run)
        rc = history_set_checksum(r->s, it->row->version,
                                  it->migration->checksum, err);
    } else if (it->state == STRATA_STATE_MISSING) {
      say(r, "%sforget %s_%s (its file is gone)", it->row->version,
          it->row->name);
      if (!r->dry_run)
        rc = history_delete(r->s, it->row->version, err);
    }
  }
  return rc;
}

static const struct plan_item *find(const struct plan *plan,
                                    const char *version) {
  for (size_t i = 0; i < plan->count; i++) {
    const struct plan_item *it = &plan->items[i];
    const char *v = it->migration ? it->migration->version : it->row->version;
    if (version_compare(v, version) == 0)
      return it;
  }
  return NULL;
}

static int mark_applied(struct repair *r, const struct plan *plan,
                        const char *version, struct strata_error *err) {
  const struct plan_item *it = find(plan, version);
  if (it == NULL || it->migration == NULL)
    return strata__error_set(err, STRATA_ENOTFOUND,
                             "no migration file has version %s", version);
  const struct migration *m = it->migration;
  if (it->state == STRATA_STATE_APPLIED)
    return 0;
  say(r, "%smark %s_%s as applied", m->version, m->name);
  if (r->dry_run)
    return 0;
  int rc = it->row ? history_delete(r->s, it->row->version, err) : 0;
  return rc ? rc
            : history_record_applied(r->s, m->version, m->name, m->checksum, 0,
                                     0, err);
}

static int mark_reverted(struct repair *r, const struct plan *plan,
                         const char *version, struct strata_error *err) {
  const struct plan_item *it = find(plan, version);
  if (it == NULL || it->row == NULL)
    return strata__error_set(err, STRATA_ENOTFOUND,
                             "version %s is not in the history table", version);
  say(r, "%smark %s_%s as reverted", it->row->version, it->row->name);
  return r->dry_run ? 0 : history_delete(r->s, it->row->version, err);
}

static int repair_plan(struct repair *r, const struct plan *plan,
                       enum strata_repair_action action, const char *version,
                       struct strata_error *err) {
  if (action != STRATA_REPAIR_ACCEPT_CHECKSUMS && !version_is_valid(version))
    return strata__error_set(err, STRATA_EINVAL,
                             "'%s' is not a version: use the digits that "
                             "start a migration's file name",
                             version ? version : "");
  switch (action) {
  case STRATA_REPAIR_ACCEPT_CHECKSUMS: return accept_checksums(r, plan, err);
  case STRATA_REPAIR_MARK_APPLIED: return mark_applied(r, plan, version, err);
  case STRATA_REPAIR_MARK_REVERTED: return mark_reverted(r, plan, version, err);
  }
  return strata__error_set(err, STRATA_EINVAL, "unknown repair action");
}

/* Runs the repair inside a transaction where the engine has one for DDL-free
 * work (every engine does for plain rows), holding the migration lock. */
static int repair_locked(struct repair *r, enum strata_repair_action action,
                         const char *version, struct strata_error *err) {
  struct strata *s = r->s;
  struct history h = {0};
  struct plan plan = {0};
  int rc = r->dry_run ? 0 : history_ensure(s, err);
  if (rc == 0)
    rc = history_read(s, &h, err);
  if (rc == 0)
    rc = plan_build(&s->source, &h, &plan, err);
  if (rc == 0 && !r->dry_run)
    rc = s->driver->begin(s->conn, err);
  if (rc == 0)
    rc = repair_plan(r, &plan, action, version, err);
  if (!r->dry_run && rc == 0)
    rc = s->driver->commit(s->conn, err);
  else if (!r->dry_run) {
    struct strata_error ignored;
    s->driver->rollback(s->conn, &ignored);
  }
  plan_release(&plan);
  history_release(&h);
  return rc;
}

int strata_repair(struct strata *s, enum strata_repair_action action,
                  const char *version, int dry_run, int *changed,
                  struct strata_error *err) {
  strata_error_clear(err);
  *changed = 0;
  struct repair r = {s, dry_run, 0};
  int rc = session_source(s, err);
  int locked = 0;
  if (rc == 0 && !dry_run && s->driver->lock) {
    rc = s->driver->lock(s->conn, s->table, (int)s->lock_timeout_ms, err);
    locked = rc == 0;
  }
  if (rc == 0)
    rc = repair_locked(&r, action, version, err);
  if (locked) {
    struct strata_error ignored;
    s->driver->unlock(s->conn, s->table, &ignored);
  }
  *changed = rc == 0 ? r.changed : 0;
  if (rc == 0 && r.changed == 0)
    session_notice(s, "nothing to repair");
  return rc;
}

/* ---- --mark-applied, checked ---------------------------------------------
 * The schema to compare with is that of the migrations the history will
 * call applied once version is marked: those applied now, and version. */

/* Adds the migration of plan item it to the list of those to build, or
 * refuses when the scratch database cannot reproduce it. */
static int add_wanted(const struct plan_item *it, const struct plan_item *mark,
                      const struct migration **list, size_t *count,
                      struct strata_error *err) {
  switch (it == mark ? STRATA_STATE_APPLIED : it->state) {
  case STRATA_STATE_APPLIED:
  case STRATA_STATE_CHANGED: list[(*count)++] = it->migration; return 0;
  case STRATA_STATE_PENDING:
  case STRATA_STATE_OUT_OF_ORDER: return 0;
  case STRATA_STATE_MISSING:
    return strata__error_set(err, STRATA_ENOTFOUND,
                             "cannot check the schema: applied migration %s "
                             "has no file; restore it, or pass --force to "
                             "record without checking",
                             it->row->version);
  default: break;
  }
  return strata__error_set(err, STRATA_EFAILED,
                           "cannot check the schema: migration %s_%s stopped "
                           "part way, which no scratch database reproduces; "
                           "resolve it first, or pass --force to record "
                           "without checking",
                           it->row->version, it->row->name);
}

static int check_marked(struct strata *s, const struct plan *plan,
                        const char *version, const char *scratch_url,
                        struct strata_error *err) {
  const struct plan_item *mark = find(plan, version);
  /* Nothing to check: repair itself says the version has no file, or that
   * there is nothing to do. */
  if (mark == NULL || mark->migration == NULL ||
      mark->state == STRATA_STATE_APPLIED)
    return 0;
  const struct migration **list = calloc(plan->count, sizeof *list);
  size_t count = 0;
  int rc = list ? 0 : strata__error_set(err, STRATA_ENOMEM, "out of memory");
  for (size_t i = 0; rc == 0 && i < plan->count; i++)
    rc = add_wanted(&plan->items[i], mark, list, &count, err);
  char what[128];
  snprintf(what, sizeof what, "the applied migrations and %s", version);
  if (rc == 0)
    rc = baseline_check(s, list, count, what, scratch_url, err);
  free(list);
  return rc;
}

int strata_mark_applied(struct strata *s, const char *version,
                        const struct strata_record_options *opt, int *changed,
                        struct strata_error *err) {
  struct strata_record_options defaults;
  strata_record_options_init(&defaults);
  if (opt == NULL)
    opt = &defaults;
  struct history h = {0};
  struct plan plan = {0};
  strata_error_clear(err);
  *changed = 0;
  int rc = version_is_valid(version) ? session_source(s, err) : 0;
  if (rc == 0 && version_is_valid(version) && !opt->force) {
    rc = history_read(s, &h, err);
    if (rc == 0)
      rc = plan_build(&s->source, &h, &plan, err);
    if (rc == 0)
      rc = check_marked(s, &plan, version, opt->scratch_url, err);
  }
  plan_release(&plan);
  history_release(&h);
  return rc ? rc
            : strata_repair(s, STRATA_REPAIR_MARK_APPLIED, version,
                            opt->dry_run, changed, err);
}
