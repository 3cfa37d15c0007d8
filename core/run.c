/*
 * run.c - applying and reverting migrations.
 */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "lock_wait.h"
#include "plan.h"
#include "portable_run.h"
#include "script.h"
#include "util.h"

#define SKIPPED 1 /* another runner applied the migration meanwhile */

/* One migration about to run in one direction. */
struct step {
  struct plan_item *item;
  struct migration *m;
  struct script script;
  enum strata_direction direction;
  int index, total;
  long lock_timeout_ms; /* each statement's wait for a table lock */
  int gave_up_on_lock;  /* the last try gave up waiting for a lock */
  int reset_done;       /* the commit kept the session's reset (run_body) */
  size_t failed_at;     /* the statement that did, or count for the commit */
  /* A portable script: text and file are its source, and script is
   * what it renders to, made just before the step runs; derived: the
   * source is the up, and the step runs its derived down. */
  int portable, derived;
  const char *text, *file;
  size_t length;
  struct portable_rendered rendered;
  /* verify --idempotent runs an applied up again: recorded nowhere, and
   * rolled back instead of committed where it runs in a transaction. */
  int rehearsal;
};

static void emit(struct strata *s, const struct step *st,
                 enum strata_event_kind kind, const char *text,
                 double duration_ms) {
  struct strata_event ev = {
      .kind = kind,
      .version = st->m->version,
      .name = st->m->name,
      .direction = st->direction,
      .text = text,
      .duration_ms = duration_ms,
      .index = st->index,
      .total = st->total,
  };
  session_emit(s, &ev);
}

static void rollback_quietly(struct strata *s) {
  struct strata_error ignored;
  s->driver->rollback(s->conn, &ignored);
}

/* Prefixes err->message with the migration that failed (a rehearsal's
 * caller knows which it ran). */
static void blame_migration(struct strata_error *err, const struct step *st) {
  if (st->rehearsal)
    return;
  char *reason = strata__strdup(err->message);
  if (reason == NULL)
    return;
  int n = snprintf(err->message, sizeof err->message,
                   "migration %s_%s "
                   "failed (%s): ",
                   st->m->version, st->m->name,
                   st->direction == STRATA_UP ? "up" : "down");
  if (n > 0 && (size_t)n < sizeof err->message)
    snprintf(err->message + n, sizeof err->message - (size_t)n, "%s", reason);
  free(reason);
}

/* Prefixes err with where in the migration statement i failed. */
static void statement_failed(const struct step *st, size_t i, int rc,
                             struct strata_error *err) {
  /* Only a statement the server rejected has a position worth showing; a
   * read-only file or a lost connection is not the statement's fault. */
  if (rc == STRATA_ESQL)
    strata__error_locate(err, st->script.file, st->script.text,
                         st->script.statements[i].offset);
  if (rc == STRATA_ESQL && st->portable)
    portable_run_locate(&st->rendered, st->file, st->text,
                        st->script.statements[i].offset, err);
  blame_migration(err, st);
}

static int exec_statement(struct strata *s, const struct step *st, size_t i,
                          struct strata_error *err) {
  const struct strata_statement *stmt = &st->script.statements[i];
  int rc = s->driver->exec(s->conn, st->script.text + stmt->offset,
                           stmt->length, err);
  if (rc != 0)
    statement_failed(st, i, rc, err);
  return rc;
}

/* Sends the pending history write w, then runs statement i: in one round
 * trip when the driver can.  *write_failed tells the two failures apart;
 * w is released either way. */
static int exec_after_write(struct strata *s, const struct step *st, size_t i,
                            struct history_write *w, int *write_failed,
                            struct strata_error *err) {
  const struct strata_statement *stmt = &st->script.statements[i];
  int rc;
  *write_failed = 0;
  if (s->driver->query_then_exec != NULL) {
    rc = s->driver->query_then_exec(s->conn, w->sql, w->params, w->count,
                                    st->script.text + stmt->offset,
                                    stmt->length, write_failed, err);
    if (rc != 0 && !*write_failed)
      statement_failed(st, i, rc, err);
  } else {
    rc = history_send(s, w, err);
    *write_failed = rc != 0;
    if (rc == 0)
      rc = exec_statement(s, st, i, err);
  }
  history_write_release(w);
  return rc;
}

/* A repeatable migration applied again replaces the record of its last
 * run. */
static int forget_last_run(struct strata *s, const struct step *st,
                           struct strata_error *err) {
  const struct history_row *row = st->item->row;
  if (st->direction != STRATA_UP || row == NULL ||
      row->state != HISTORY_APPLIED)
    return 0;
  return history_delete(s, st->m->version, err);
}

static int record_whole(struct strata *s, const struct step *st, double started,
                        struct strata_error *err) {
  if (st->direction == STRATA_DOWN)
    return history_delete(s, st->m->version, err);
  int rc = forget_last_run(s, st, err);
  if (rc != 0)
    return rc;
  long long ms = (long long)(strata__monotonic_ms() - started);
  return history_record_applied(s, st->m->version, st->m->name, st->m->checksum,
                                ms, (int)st->script.count, err);
}

/* Whether this migration still needs this step, read inside the step's own
 * transaction: a runner without a session lock may have been overtaken.
 * Under a session lock the plan was read holding it, so it is still true. */
static int still_needed(struct strata *s, const struct step *st, int *needed,
                        struct strata_error *err) {
  *needed = 1;
  /* A repeatable applied again may run twice at once: it is written to. */
  int again = st->direction == STRATA_UP && st->item->row != NULL;
  if (again || st->rehearsal ||
      ((s->driver->capabilities & STRATA_CAP_SESSION_LOCK) &&
       !s->lock_is_lease))
    return 0;
  int found = 0;
  int rc = history_has(s, st->m->version, &found, err);
  *needed = st->direction == STRATA_UP ? !found : found;
  return rc;
}

static int runs_first(const struct step *st, size_t i) {
  return (st->script.statements[i].flags & STRATA_STMT_BEFORE_TRANSACTION) != 0;
}

/* Runs the statements that only take effect outside a transaction (SQLite's
 * PRAGMA foreign_keys = OFF) before it begins; *any tells whether there
 * were some, whose effect must be checked before the commit. */
static int run_settings(struct strata *s, const struct step *st, int *any,
                        struct strata_error *err) {
  int rc = 0;
  *any = 0;
  for (size_t i = 0; rc == 0 && i < st->script.count; i++)
    if (runs_first(st, i)) {
      *any = 1;
      rc = exec_statement(s, st, i, err);
    }
  return rc;
}

/* The statements of a begun transaction, then what they let through
 * checked; notes in st->failed_at the statement that failed (count for
 * what follows them), for run_in_transaction_retrying(). */
static int run_body(struct strata *s, struct step *st, int settings,
                    struct strata_error *err) {
  int rc = 0;
  for (st->failed_at = 0; st->failed_at < st->script.count; st->failed_at++)
    if (!runs_first(st, st->failed_at) &&
        (rc = exec_statement(s, st, st->failed_at, err)) != 0)
      return rc;
  if (settings && s->driver->check_before_commit != NULL) {
    rc = s->driver->check_before_commit(s->conn, err);
    if (rc != 0)
      blame_migration(err, st);
  }
  /* The history row is written in this transaction: with the session as
   * it began, not with a search_path or timeout the migration set. */
  if (rc == 0 && s->driver->end_migration != NULL)
    rc = s->driver->end_migration(s->conn, err);
  return rc;
}

/* The body, the history row and the commit of a begun transaction; notes
 * whether a lock wait gave up, and whether the session needs no reset
 * after the commit: run_body put it back inside the transaction, the
 * commit kept that, and nothing ran before the transaction (a statement
 * there, such as SQLite's PRAGMA foreign_keys, is undone only outside
 * one).  That saves a round trip per migration on PostgreSQL. */
static int run_and_commit(struct strata *s, struct step *st, int settings,
                          double started, struct strata_error *err) {
  int rc = run_body(s, st, settings, err);
  if (rc == 0 && !st->rehearsal)
    rc = record_whole(s, st, started, err);
  if (rc == 0)
    rc = portable_run_guard(s, st->rendered.needs, STRATA_GUARD_BEFORE_COMMIT,
                            err);
  if (rc == 0)
    rc = st->rehearsal ? s->driver->rollback(s->conn, err)
                       : s->driver->commit(s->conn, err);
  st->gave_up_on_lock = rc == STRATA_ELOCK;
  st->reset_done = rc == 0 && !settings && !st->rehearsal;
  return rc;
}

static int run_in_transaction(struct strata *s, struct step *st,
                              struct strata_error *err) {
  double started = strata__monotonic_ms();
  int needed = 0, settings = 0;
  st->gave_up_on_lock = 0;
  int rc = run_settings(s, st, &settings, err);
  if (rc != 0)
    return rc;
  rc = s->driver->begin(s->conn, err);
  if (rc == 0)
    rc = still_needed(s, st, &needed, err);
  if (rc == 0 && !needed) {
    rollback_quietly(s);
    return SKIPPED;
  }
  if (rc == 0)
    rc = run_and_commit(s, st, settings, started, err);
  if (rc == 0)
    return 0;
  rollback_quietly(s);
  strata__error_add_detail(err, "the migration was rolled back; nothing of "
                                "it was applied and history is unchanged");
  return rc;
}

/* Waits and tries statement i (or the commit) again while it gives up on
 * a lock and retries are left; the last failure stays in err. */
static int retry_after_lock(struct strata *s, const struct step *st, size_t i,
                            int (*again)(struct strata *, struct step *,
                                         struct strata_error *),
                            struct step *mutable, struct strata_error *err) {
  char label[300];
  snprintf(label, sizeof label, "%s_%s", st->m->version, st->m->name);
  const struct strata_statement *stmt =
      i < st->script.count ? &st->script.statements[i] : NULL;
  const char *sql = stmt ? st->script.text + stmt->offset : "";
  size_t length = stmt ? stmt->length : 0;
  int rc = STRATA_ELOCK;
  for (int attempt = 0; rc == STRATA_ELOCK; attempt++) {
    int gave_up = lock_wait_retry(s, label, sql, length, st->lock_timeout_ms,
                                  attempt, err);
    if (gave_up != 0)
      return gave_up;
    rc = again(s, mutable, err);
  }
  return rc;
}

/* A transaction that gave up waiting for a table lock was rolled back
 * whole, so it runs again from the start (lock_wait.h). */
static int run_in_transaction_retrying(struct strata *s, struct step *st,
                                       struct strata_error *err) {
  int rc = run_in_transaction(s, st, err);
  if (rc != STRATA_ELOCK || !st->gave_up_on_lock)
    return rc;
  return retry_after_lock(s, st, st->failed_at, run_in_transaction, st, err);
}

/* The transaction of a step, between the guard's steps when the step's
 * rendering needs them (a SQLite rebuild: foreign keys off around it). */
static int run_guarded(struct strata *s, struct step *st,
                       struct strata_error *err) {
  unsigned needs = st->rendered.needs;
  int rc = portable_run_guard(s, needs, STRATA_GUARD_BEFORE_BEGIN, err);
  if (rc != 0)
    return rc;
  rc = run_in_transaction_retrying(s, st, err);
  struct strata_error restore;
  strata_error_clear(&restore);
  int restored = portable_run_guard(s, needs, STRATA_GUARD_AFTER_END, &restore);
  if (restored != 0 && rc == 0) {
    *err = restore;
    rc = restored;
  }
  return rc;
}

/* The comma-separated hashes of statements [0, done). */
static int hashes_of(const struct script *sc, size_t done, struct strbuf *out) {
  out->len = 0;
  int rc = strbuf_append(out, "", 0);
  for (size_t i = 0; rc == 0 && i < done; i++) {
    char h[SCRIPT_HASH_SIZE];
    script_statement_hash(sc, i, h);
    rc = strbuf_appendf(out, "%s%s", i ? "," : "", h);
  }
  return rc;
}

/* "statements 1 to 3 of 5 ran and are committed; statement 4 failed and
 * the 1 after it did not run", in words that fit every count. */
static void describe_progress(struct strata_error *err, size_t done,
                              size_t total) {
  char ran[96], after[64] = "";
  if (done == 0)
    snprintf(ran, sizeof ran, "no statement of %zu ran", total);
  else if (done == 1)
    snprintf(ran, sizeof ran, "statement 1 of %zu ran and is committed", total);
  else
    snprintf(ran, sizeof ran,
             "statements 1 to %zu of %zu ran and are committed", done, total);
  size_t left = total - done - 1;
  if (left > 0)
    snprintf(after, sizeof after, " and the %zu after it did not run", left);
  strata__error_add_detail(err, "%s; statement %zu failed%s", ran, done + 1,
                           after);
}

static void record_partial_failure(struct strata *s, const struct step *st,
                                   size_t done, struct strata_error *err) {
  enum history_state state =
      st->direction == STRATA_UP ? HISTORY_FAILED : HISTORY_REVERT_FAILED;
  struct strata_error also;
  strata_error_clear(&also);
  if (history_record_failed(s, st->m->version, state, (int)done, err->message,
                            &also) != 0)
    strata__error_add_detail(err, "the failure could not be recorded (%s)",
                             also.message);
  describe_progress(err, done, st->script.count);
}

/* Prepares the record that statements [0, done) completed. */
static int prepare_statement_done(struct strata *s, const struct step *st,
                                  size_t done, struct strbuf *hashes,
                                  struct history_write *w,
                                  struct strata_error *err) {
  char h[SCRIPT_HASH_SIZE];
  script_statement_hash(&st->script, done - 1, h);
  int rc = strbuf_appendf(hashes, "%s%s", done > 1 ? "," : "", h);
  if (rc != 0)
    return strata__error_set(err, rc, "out of memory");
  return history_prepare_progress(s, w, st->m->version, (int)done, hashes->data,
                                  err);
}

static int exec_failed_statement(struct strata *s, struct step *st,
                                 struct strata_error *err) {
  return exec_statement(s, st, st->failed_at, err);
}

/* A statement outside a transaction that gave up waiting for a lock did
 * nothing, so it alone runs again (lock_wait.h). */
static int retry_statement(struct strata *s, const struct step *st, size_t i,
                           struct strata_error *err) {
  struct step again = *st;
  again.failed_at = i;
  return retry_after_lock(s, st, i, exec_failed_statement, &again, err);
}

/* Runs statements [first, count) one at a time, each preceded by the
 * history write w (the step's start, then the progress of the one before),
 * then marks the step done: after the last statement the step's end is the
 * progress record. */
static int run_statements(struct strata *s, const struct step *st, size_t first,
                          struct history_write *w, struct strata_error *err) {
  double started = strata__monotonic_ms();
  struct strbuf hashes;
  strbuf_init(&hashes);
  int rc = hashes_of(&st->script, first, &hashes), write_failed = 0;
  for (size_t i = first; rc == 0 && i < st->script.count; i++) {
    rc = exec_after_write(s, st, i, w, &write_failed, err);
    if (rc == STRATA_ELOCK && !write_failed)
      rc = retry_statement(s, st, i, err);
    if (rc != 0 && !write_failed)
      record_partial_failure(s, st, i, err);
    else if (rc == 0 && i + 1 < st->script.count)
      rc = prepare_statement_done(s, st, i + 1, &hashes, w, err);
  }
  /* With no statement left to carry it, the step's start goes alone. */
  if (rc == 0 && w->sql != NULL)
    rc = history_send(s, w, err);
  history_write_release(w);
  strbuf_release(&hashes);
  if (rc != 0)
    return rc;
  if (st->direction == STRATA_DOWN)
    return history_delete(s, st->m->version, err);
  long long ms = (long long)(strata__monotonic_ms() - started);
  return history_record_finished(s, st->m->version, st->m->checksum, ms, err);
}

static int run_step_by_step(struct strata *s, const struct step *st,
                            struct strata_error *err) {
  int needed = 0;
  int rc = still_needed(s, st, &needed, err);
  if (rc != 0)
    return rc;
  if (!needed)
    return SKIPPED;
  rc = forget_last_run(s, st, err);
  if (rc != 0)
    return rc;
  int total = (int)st->script.count;
  struct history_write w;
  rc = st->direction == STRATA_UP
           ? history_prepare_started(s, &w, st->m->version, st->m->name,
                                     st->m->checksum, total, err)
           : history_prepare_reverting(s, &w, st->m->version, total, err);
  if (rc != 0) {
    history_write_release(&w);
    return rc;
  }
  return run_statements(s, st, 0, &w, err);
}

/* --resume: the statements that ran must be the ones in the file now. */
static int run_resumed(struct strata *s, const struct step *st,
                       struct strata_error *err) {
  const struct history_row *row = st->item->row;
  size_t done = (size_t)row->statements_done;
  if (done > st->script.count)
    return strata__error_set(err, STRATA_ECHECKSUM,
                             "cannot resume %s_%s: %zu statements ran but "
                             "the file now has %zu",
                             st->m->version, st->m->name, done,
                             st->script.count);
  struct strbuf now;
  strbuf_init(&now);
  int rc = hashes_of(&st->script, done, &now);
  if (rc == 0 &&
      strcmp(now.data, row->statement_hashes ? row->statement_hashes : "") != 0)
    rc = strata__error_set(err, STRATA_ECHECKSUM,
                           "cannot resume %s_%s: statements that already ran "
                           "were edited since; restore them, or recover with "
                           "'strata repair'",
                           st->m->version, st->m->name);
  strbuf_release(&now);
  struct history_write w = {0};
  if (rc == 0)
    rc = history_prepare_resumed(s, &w, st->m->version, (int)st->script.count,
                                 err);
  if (rc != 0) {
    history_write_release(&w);
    return rc;
  }
  return run_statements(s, st, done, &w, err);
}

/* A portable step's script, rendered against the schema as the steps
 * before it left it. */
static int render_portable(struct strata *s, struct step *st, int dry_run,
                           struct strata_error *err) {
  if (!st->portable)
    return 0;
  int rc = portable_run_render(s, st->file, st->text, st->length, dry_run,
                               st->derived, &st->rendered, err);
  if (rc == 0) {
    struct section whole = {0, st->rendered.length, 0, NULL, 0};
    struct migration_script ms = {st->rendered.sql, &whole, st->rendered.label};
    rc = script_prepare(&st->script, s->driver, &ms, err);
  }
  if (rc == 0 && (st->rendered.needs & STRATA_NEED_NO_TRANSACTION))
    st->script.no_transaction = 1;
  return rc ? rc : script_check(&st->script, err);
}

/* A portable migration renders against the schema it finds: once part of
 * it ran, a new rendering would differ from the statements that ran, so
 * --resume cannot tell what is left. */
static int refuse_portable_resume(const struct step *st,
                                  struct strata_error *err) {
  strata__error_set(err, STRATA_EFAILED,
                    "cannot resume %s_%s: it is portable, and what is left "
                    "of it cannot be rendered again once part of it ran",
                    st->m->version, st->m->name);
  strata__error_add_detail(err,
                           "finish it by hand, then run 'strata repair "
                           "--mark-applied %s' (or undo it and run "
                           "'strata repair --mark-reverted %s')",
                           st->m->version, st->m->version);
  return STRATA_EFAILED;
}

/* Puts the session's settings back after a migration, whatever rc it
 * ended with; a failure to do so fails the run (the next migration would
 * run with this one's settings). */
static int end_migration(struct strata *s, int rc, struct strata_error *err) {
  if (s->driver->end_migration == NULL)
    return rc;
  struct strata_error own;
  strata_error_clear(&own);
  int reset =
      s->driver->end_migration(s->conn, rc == 0 || rc == SKIPPED ? err : &own);
  if (reset == 0 || (rc != 0 && rc != SKIPPED))
    return rc;
  return reset;
}

/* An empty or comment-only script is a no-op that is still recorded: the
 * user is told once, so an unwritten file does not pass unseen. */
static void notice_if_empty(struct strata *s, const struct step *st) {
  if (st->script.count > 0)
    return;
  char *line = strata__asprintf(
      "migration %s_%s has no statement (empty or only comments): %s as a "
      "no-op",
      st->m->version, st->m->name,
      st->direction == STRATA_UP ? "applied" : "reverted");
  if (line != NULL)
    session_notice(s, line);
  free(line);
}

/* A rehearsal outside a transaction runs its statements as a step does,
 * with nothing recorded: they cannot be undone. */
static int rehearse_step_by_step(struct strata *s, const struct step *st,
                                 struct strata_error *err) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < st->script.count; i++) {
    rc = exec_statement(s, st, i, err);
    if (rc == STRATA_ELOCK)
      rc = retry_statement(s, st, i, err);
  }
  return rc;
}

static int run_step_its_way(struct strata *s, struct step *st,
                            struct strata_error *err) {
  if (st->direction == STRATA_UP && st->item->state == STRATA_STATE_FAILED)
    return run_resumed(s, st, err);
  if (script_transactional(&st->script, s->driver))
    return run_guarded(s, st, err);
  if (st->rehearsal)
    return rehearse_step_by_step(s, st, err);
  return run_step_by_step(s, st, err);
}

static int run_step(struct strata *s, struct step *st,
                    struct strata_error *err) {
  if (st->portable && st->direction == STRATA_UP &&
      st->item->state == STRATA_STATE_FAILED)
    return refuse_portable_resume(st, err);
  int rc = render_portable(s, st, 0, err);
  if (rc != 0)
    return rc;
  if (!st->rehearsal)
    notice_if_empty(s, st);
  emit(s, st, STRATA_EVENT_MIGRATION_BEGIN, NULL, 0);
  double started = strata__monotonic_ms();
  st->reset_done = 0;
  rc = lock_wait_apply(s, st->lock_timeout_ms, err);
  if (rc == 0)
    rc = run_step_its_way(s, st, err);
  if (!st->reset_done)
    rc = end_migration(s, rc, err);
  if (rc == SKIPPED)
    emit(s, st, STRATA_EVENT_MIGRATION_SKIP, NULL, 0);
  else if (rc == 0)
    emit(s, st, STRATA_EVENT_MIGRATION_END, NULL,
         strata__monotonic_ms() - started);
  return rc == SKIPPED ? 0 : rc;
}

/* ---- dry run ------------------------------------------------------------ */

static void emit_sql(struct strata *s, const struct step *st, const char *fmt,
                     const char *text, size_t length) {
  char *line = strata__asprintf(fmt, (int)length, text);
  if (line != NULL)
    emit(s, st, STRATA_EVENT_SQL, line, 0);
  free(line);
}

static void emit_statement(struct strata *s, const struct step *st, size_t i) {
  const struct strata_statement *stmt = &st->script.statements[i];
  emit_sql(s, st, "%.*s;", st->script.text + stmt->offset, stmt->length);
}

static void dry_run_step(struct strata *s, const struct step *st) {
  int tx = script_transactional(&st->script, s->driver);
  char head[256];
  snprintf(head, sizeof head, "%s_%s (%s%s)", st->m->version, st->m->name,
           st->direction == STRATA_UP ? "up" : "down",
           tx ? "" : ", no transaction");
  emit_sql(s, st, "-- %.*s", head, strlen(head));
  if (st->rendered.needs & STRATA_NEED_FOREIGN_KEYS_OFF) {
    const char *fk = "-- foreign keys off before BEGIN, checked before "
                     "COMMIT and restored after (the driver's guard)";
    emit_sql(s, st, "%.*s", fk, strlen(fk));
  }
  for (size_t i = 0; tx && i < st->script.count; i++)
    if (runs_first(st, i))
      emit_statement(s, st, i);
  if (tx)
    emit_sql(s, st, "%.*s", "BEGIN;", 6);
  for (size_t i = 0; i < st->script.count; i++)
    if (!tx || !runs_first(st, i))
      emit_statement(s, st, i);
  snprintf(head, sizeof head, "-- then %s %s in %s",
           st->direction == STRATA_UP ? "record" : "remove", st->m->version,
           s->table);
  emit_sql(s, st, "%.*s", head, strlen(head));
  if (tx)
    emit_sql(s, st, "%.*s", "COMMIT;", 7);
}

/* ---- a whole run -------------------------------------------------------- */

struct run {
  struct history history;
  struct plan plan;
  struct plan_item **chosen;
  struct step *steps;
  size_t count;
  int locked;
};

static void run_release(struct strata *s, struct run *r) {
  for (size_t i = 0; i < r->count; i++) {
    script_release(&r->steps[i].script);
    portable_rendered_release(&r->steps[i].rendered);
  }
  free(r->steps);
  free(r->chosen);
  plan_release(&r->plan);
  history_release(&r->history);
  if (r->locked && s->driver->unlock) {
    struct strata_error ignored;
    s->driver->unlock(s->conn, s->table, &ignored);
  }
}

static int take_lock(struct strata *s, const struct strata_run_options *opt,
                     struct run *r, struct strata_error *err) {
  if (s->driver->lock == NULL)
    return 0;
  long timeout =
      opt->lock_timeout_ms != 0 ? opt->lock_timeout_ms : s->lock_timeout_ms;
  int rc = lock_wait_choose_kind(s, err);
  if (rc == 0)
    rc = s->driver->lock(s->conn, s->table, (int)timeout, err);
  r->locked = rc == 0;
  /* strata's own transactions wait no longer than a migration's. */
  return rc ? rc : lock_wait_apply(s, s->ddl_lock_timeout_ms, err);
}

/* The migration's own "-- strata:lock-timeout" line, or the run's. */
static int step_lock_timeout(struct strata *s, struct step *st,
                             struct strata_error *err) {
  long ms;
  int rc = lock_wait_directive(st->text, st->length, st->file, &ms, err);
  st->lock_timeout_ms = ms >= 0 ? ms : s->ddl_lock_timeout_ms;
  return rc;
}

/* Splits a script, or parses a portable one (it is rendered when its step
 * runs). */
static int prepare_script(struct strata *s, struct step *st,
                          const struct migration_script *ms,
                          struct strata_error *err) {
  st->portable = portable_run_is(ms->file);
  st->text = ms->text + ms->section->offset;
  st->length = ms->section->length;
  st->file = ms->file;
  int rc = st->portable ? portable_run_check(s, st->file, st->text, st->length,
                                             st->derived, err)
                        : script_prepare(&st->script, s->driver, ms, err);
  if (rc == 0 && !st->portable)
    rc = script_check(&st->script, err);
  return rc ? rc : step_lock_timeout(s, st, err);
}

/* Splits every chosen script before anything runs, so that a script that
 * cannot be split, or cannot run as written, stops the run untouched. */
static int prepare_steps(struct strata *s, struct run *r,
                         enum strata_direction direction,
                         struct strata_error *err) {
  r->steps = calloc(r->count + 1, sizeof *r->steps);
  if (r->steps == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  for (size_t i = 0; i < r->count; i++) {
    struct step *st = &r->steps[i];
    st->item = r->chosen[i];
    st->m = st->item->migration;
    st->direction = direction;
    st->index = (int)i + 1;
    st->total = (int)r->count;
    /* A portable up with no down file is undone by its derived down. */
    st->derived = direction == STRATA_DOWN && st->m->down_path == NULL &&
                  portable_is_up(st->m->up_path);
    int up = direction == STRATA_UP || st->derived;
    int rc = up ? 0 : source_load_down(st->m, err);
    struct migration_script ms;
    if (rc == 0) {
      migration_script(st->m, up ? STRATA_UP : STRATA_DOWN, &ms);
      rc = prepare_script(s, st, &ms, err);
    }
    if (rc != 0)
      return rc;
  }
  return 0;
}

/* The up steps pass the lint the lint setting asks for (lint_gate.c). */
static int lint_steps(struct strata *s, const struct run *r,
                      enum strata_direction direction,
                      struct strata_error *err) {
  if (direction != STRATA_UP || s->lint_mode == LINT_MODE_OFF)
    return 0;
  const struct migration **steps = calloc(r->count + 1, sizeof *steps);
  if (steps == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  for (size_t i = 0; i < r->count; i++)
    steps[i] = r->steps[i].m;
  int rc = lint_before_up(s, steps, r->count, err);
  free(steps);
  return rc;
}

/* History is read before its table is made (a missing table reads as
 * empty), so a run the lint stops leaves no table behind. */
static int run_plan(struct strata *s, const struct strata_run_options *opt,
                    enum strata_direction direction, struct run *r,
                    struct strata_error *err) {
  int rc = session_source(s, err);
  if (rc == 0 && !opt->dry_run)
    rc = take_lock(s, opt, r, err);
  if (rc == 0)
    rc = history_read(s, &r->history, err);
  if (rc == 0)
    rc = plan_build(&s->source, &r->history, &r->plan, err);
  if (rc == 0)
    rc = direction == STRATA_UP
             ? plan_select_up(&r->plan, opt, &r->chosen, &r->count, err)
             : plan_select_down(&r->plan, opt, &r->chosen, &r->count, err);
  if (rc == 0)
    rc = prepare_steps(s, r, direction, err);
  if (rc == 0)
    rc = lint_steps(s, r, direction, err);
  if (rc == 0 && !opt->dry_run)
    rc = history_ensure(s, err);
  return rc;
}

static int run(struct strata *s, const struct strata_run_options *given,
               enum strata_direction direction, struct strata_error *err) {
  struct strata_run_options opt;
  strata_run_options_init(&opt);
  if (given != NULL)
    opt = *given;
  opt.allow_out_of_order |= s->allow_out_of_order;
  struct run r = {0};
  int rc = run_plan(s, &opt, direction, &r, err);
  if (rc == 0 && r.count == 0)
    session_notice(s, direction == STRATA_UP ? "nothing to apply: up to date"
                                             : "nothing to revert");
  for (size_t i = 0; rc == 0 && i < r.count; i++) {
    if (opt.dry_run && (rc = render_portable(s, &r.steps[i], 1, err)) == 0)
      dry_run_step(s, &r.steps[i]);
    else if (!opt.dry_run)
      rc = run_step(s, &r.steps[i], err);
  }
  run_release(s, &r);
  return rc;
}

/* The up step of the migration a down step reverts, split and checked. */
static int prepare_redo(struct strata *s, const struct step *down,
                        struct step *up, struct strata_error *err) {
  *up = *down;
  up->direction = STRATA_UP;
  up->script = (struct script){0};
  up->rendered = (struct portable_rendered){0};
  up->derived = 0;
  struct migration_script ms;
  migration_script(up->m, STRATA_UP, &ms);
  return prepare_script(s, up, &ms, err);
}

int run_redo(struct strata *s, const struct strata_run_options *given,
             struct strata_error *err) {
  struct strata_run_options opt;
  strata_run_options_init(&opt);
  if (given != NULL) {
    opt.dry_run = given->dry_run;
    opt.lock_timeout_ms = given->lock_timeout_ms;
  }
  opt.count = 1;
  struct run r = {0};
  struct step up = {0};
  int rc = run_plan(s, &opt, STRATA_DOWN, &r, err);
  if (rc == 0 && r.count == 0)
    session_notice(s, "nothing to redo: no migration is applied");
  if (rc == 0 && r.count == 1)
    rc = prepare_redo(s, &r.steps[0], &up, err);
  if (rc == 0 && r.count == 1 && opt.dry_run) {
    rc = render_portable(s, &r.steps[0], 1, err);
    if (rc == 0)
      dry_run_step(s, &r.steps[0]);
    if (rc == 0 && (rc = render_portable(s, &up, 1, err)) == 0)
      dry_run_step(s, &up);
  } else if (rc == 0 && r.count == 1) {
    rc = run_step(s, &r.steps[0], err);
    if (rc == 0)
      rc = run_step(s, &up, err);
  }
  script_release(&up.script);
  portable_rendered_release(&up.rendered);
  run_release(s, &r);
  return rc;
}

/* ---- a rehearsal --------------------------------------------------------- */

int run_rehearse_up(struct strata *s, struct migration *m,
                    struct strata_error *err) {
  struct plan_item item = {m, NULL, STRATA_STATE_APPLIED};
  struct step st = {.item = &item,
                    .m = m,
                    .direction = STRATA_UP,
                    .index = 1,
                    .total = 1,
                    .rehearsal = 1};
  struct migration_script ms;
  migration_script(m, STRATA_UP, &ms);
  int rc = prepare_script(s, &st, &ms, err);
  if (rc == 0)
    rc = run_step(s, &st, err);
  script_release(&st.script);
  portable_rendered_release(&st.rendered);
  return rc;
}

int run_up(struct strata *s, const struct strata_run_options *opt,
           struct strata_error *err) {
  return run(s, opt, STRATA_UP, err);
}

int run_down(struct strata *s, const struct strata_run_options *opt,
             struct strata_error *err) {
  return run(s, opt, STRATA_DOWN, err);
}
