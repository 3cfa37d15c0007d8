/*
 * baseline.c - `strata baseline VERSION`: a database that has the schema of
 * the migrations through VERSION, and no strata history, gets their rows,
 * after a check that it really has that schema.
 *
 * The check builds the migrations on a scratch database, made as `strata
 * verify` makes one (verify_scratch.c), from an in-memory copy of just the
 * migrations the history will call applied, and compares the two schemas
 * (model_diff.c).  It runs before the migration lock is taken: the scratch
 * database's own run takes that lock on its server, which on MySQL is the
 * target's server too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adopt.h"
#include "baseline.h"
#include "history.h"
#include "util.h"
#include "verify.h"
#include "version.h"

void strata_record_options_init(struct strata_record_options *opt) {
  memset(opt, 0, sizeof *opt);
}

/* ---- the check ---------------------------------------------------------- */

struct findings {
  struct strata *s;
  char first[1024];
  int count;
};

/* The scratch run's progress is the check's business; its notices (a lock
 * wait) reach the caller. */
static void forward_notices(void *ctx, const struct strata_event *ev) {
  if (ev->kind == STRATA_EVENT_NOTICE)
    session_emit(ctx, ev);
}

/* A table another tool keeps its history in is the database's business,
 * not the migrations'. */
static int is_other_tools_table(const struct strata_difference *d) {
  const char *table = d->table                        ? d->table
                      : strcmp(d->type, "table") == 0 ? d->name
                                                      : NULL;
  return d->kind == STRATA_DIFF_ONLY_IN_B && table != NULL &&
         adopt_is_tool_table(table);
}

/* A is what the migrations build, B the target. */
static int note_difference(void *ctx, const struct strata_difference *d) {
  struct findings *f = ctx;
  if (is_other_tools_table(d))
    return 0;
  char text[1024], line[1100];
  if (d->kind == STRATA_DIFF_ONLY_IN_A)
    snprintf(text, sizeof text, "%s is missing from the database", d->object);
  else if (d->kind == STRATA_DIFF_ONLY_IN_B)
    snprintf(text, sizeof text,
             "%s is in the database but no migration makes it", d->object);
  else
    snprintf(text, sizeof text, "%s differs: %s (migrations vs database)",
             d->object, d->detail ? d->detail : "changed");
  if (f->count++ == 0)
    snprintf(f->first, sizeof f->first, "%s", text);
  snprintf(line, sizeof line, "schema difference: %s", text);
  session_notice(f->s, line);
  return 0;
}

static int copy_defs(const struct migration *const *wanted, size_t count,
                     struct strata_migration_def **out,
                     struct strata_error *err) {
  *out = calloc(count ? count : 1, sizeof **out);
  if (*out == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  for (size_t i = 0; i < count; i++)
    (*out)[i] = (struct strata_migration_def){
        wanted[i]->version, wanted[i]->name, wanted[i]->up, NULL};
  return 0;
}

/* Applies the migrations to the scratch database and reads its schema. */
static int build(struct strata *scratch, const struct migration *const *wanted,
                 size_t count, const char *what, struct strata_schema **schema,
                 struct strata_error *err) {
  struct strata_migration_def *defs = NULL;
  int rc = copy_defs(wanted, count, &defs, err);
  if (rc == 0)
    rc = strata_use_memory_source(scratch, defs, count, err);
  free(defs);
  if (rc == 0 && (rc = strata_up(scratch, NULL, err)) != 0) {
    char why[sizeof err->message];
    snprintf(why, sizeof why, "%s", err->message);
    return strata__error_set(err, rc,
                             "cannot check the schema: %s fail on a scratch "
                             "database (%s); fix the migration, or pass "
                             "--force to record without checking",
                             what, why);
  }
  return rc ? rc : strata_schema_read(scratch, schema, err);
}

static int compare(struct strata *s, const struct strata_schema *want,
                   const char *what, struct strata_error *err) {
  struct strata_schema *live = NULL;
  struct findings f = {.s = s};
  int rc = strata_schema_read(s, &live, err);
  if (rc == 0 && strata_schema_diff(want, live, note_difference, &f) < 0)
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  strata_schema_free(live);
  if (rc != 0 || f.count == 0)
    return rc;
  char more[64] = "";
  if (f.count > 1)
    snprintf(more, sizeof more, " (and %d more difference%s, listed above)",
             f.count - 1, f.count == 2 ? "" : "s");
  return strata__error_set(
      err, STRATA_ESCHEMA,
      "the schema of %s is not what %s build: %s%s; "
      "make the two agree, or pass --force to record anyway",
      s->url->redacted, what, f.first, more);
}

int baseline_check(struct strata *s, const struct migration *const *wanted,
                   size_t count, const char *what, const char *scratch_url,
                   struct strata_error *err) {
  struct scratch sc;
  struct strata *scratch = NULL;
  struct strata_schema *want = NULL;
  int rc = scratch_prepare(&sc, &s->cfg, scratch_url, err);
  if (rc == 0)
    rc = scratch_open(&sc, forward_notices, s, &scratch, err);
  if (rc == 0)
    rc = build(scratch, wanted, count, what, &want, err);
  strata_free(scratch);
  if (rc == 0)
    rc = compare(s, want, what, err);
  strata_schema_free(want);
  struct strata_error dropping;
  strata_error_clear(&dropping);
  if (scratch_release(&sc, &dropping) != 0 && rc == 0) {
    *err = dropping;
    rc = dropping.code;
  }
  return rc;
}

/* ---- the baseline ------------------------------------------------------- */

/* The migrations of the source up to and including version. */
static int through(const struct source *src, const char *version,
                   const struct migration ***out, size_t *count,
                   struct strata_error *err) {
  *count = 0;
  *out = calloc(src->count ? src->count : 1, sizeof **out);
  if (*out == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  for (size_t i = 0; i < src->count; i++)
    if (version_compare(src->items[i].version, version) <= 0)
      (*out)[(*count)++] = &src->items[i];
  if (*count == 0)
    return strata__error_set(err, STRATA_ENOTFOUND,
                             "no migration file has a version up to %s",
                             version);
  return 0;
}

/* A baseline starts strata's history; one that has rows is refused. */
static int refuse_history(struct strata *s, struct strata_error *err) {
  struct history h = {0};
  int rc = history_read(s, &h, err);
  if (rc == 0 && h.count > 0)
    rc = strata__error_set(err, STRATA_EHISTORY,
                           "strata's history of %s already holds %zu "
                           "migration%s; a baseline starts an empty one: use "
                           "'strata repair --mark-applied VERSION' to add one",
                           s->url->redacted, h.count, h.count == 1 ? "" : "s");
  history_release(&h);
  return rc;
}

static int record_all(struct strata *s, const struct migration *const *list,
                      size_t count, int dry_run, struct strata_error *err) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < count; i++) {
    char line[600];
    snprintf(line, sizeof line, "%srecord %s_%s as applied",
             dry_run ? "would " : "", list[i]->version, list[i]->name);
    session_notice(s, line);
    if (!dry_run)
      rc = history_record_applied(s, list[i]->version, list[i]->name,
                                  list[i]->checksum, 0, 0, err);
  }
  return rc;
}

/* Under the lock: the history is checked again, then written in one
 * transaction. */
static int record_locked(struct strata *s, const struct migration *const *list,
                         size_t count, struct strata_error *err) {
  int rc = history_ensure(s, err);
  if (rc == 0)
    rc = refuse_history(s, err);
  if (rc == 0)
    rc = s->driver->begin(s->conn, err);
  if (rc != 0)
    return rc;
  rc = record_all(s, list, count, 0, err);
  if (rc == 0)
    return s->driver->commit(s->conn, err);
  struct strata_error ignored;
  s->driver->rollback(s->conn, &ignored);
  return rc;
}

static int record(struct strata *s, const struct migration *const *list,
                  size_t count, struct strata_error *err) {
  int locked = 0, rc = 0;
  if (s->driver->lock) {
    rc = s->driver->lock(s->conn, s->table, (int)s->lock_timeout_ms, err);
    locked = rc == 0;
  }
  if (rc == 0)
    rc = record_locked(s, list, count, err);
  if (locked) {
    struct strata_error ignored;
    s->driver->unlock(s->conn, s->table, &ignored);
  }
  return rc;
}

static int baseline(struct strata *s, const char *version,
                    const struct strata_record_options *opt,
                    const struct migration ***list, size_t *count,
                    struct strata_error *err) {
  char what[128];
  snprintf(what, sizeof what, "the migrations through %s", version);
  int rc = session_source(s, err);
  if (rc == 0)
    rc = through(&s->source, version, list, count, err);
  if (rc == 0)
    rc = refuse_history(s, err);
  if (rc == 0 && !opt->force)
    rc = baseline_check(s, *list, *count, what, opt->scratch_url, err);
  if (rc != 0)
    return rc;
  return opt->dry_run ? record_all(s, *list, *count, 1, err)
                      : record(s, *list, *count, err);
}

int strata_baseline(struct strata *s, const char *version,
                    const struct strata_record_options *opt, int *recorded,
                    struct strata_error *err) {
  struct strata_record_options defaults;
  strata_record_options_init(&defaults);
  const struct migration **list = NULL;
  size_t count = 0;
  strata_error_clear(err);
  *recorded = 0;
  /* A repeatable has no place in the order a baseline cuts. */
  if (!version_is_valid(version) || version_is_repeatable(version))
    return strata__error_set(err, STRATA_EINVAL,
                             "'%s' is not a version: use the version a "
                             "migration's file name starts with (digits, "
                             "or dotted as Flyway's 1.2)",
                             version ? version : "");
  int rc = baseline(s, version, opt ? opt : &defaults, &list, &count, err);
  free(list);
  *recorded = rc == 0 ? (int)count : 0;
  return rc;
}
