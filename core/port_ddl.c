/*
 * port_ddl.c - a port's scripts run on the target, each with a change to
 * the port's bookkeeping, in one transaction.
 *
 * On a target whose DDL runs in a transaction (STRATA_CAP_TRANSACTIONAL_
 * DDL), a failure leaves neither the script nor the change.  On one whose
 * DDL commits as it runs (MySQL), the statements before the failure stay,
 * and the port says what it left: the script that creates the tables in
 * an empty schema is undone by dropping what it created; the script that
 * follows the rows (keys, indexes, foreign keys) records, after each
 * statement, how many have run, so that --resume goes on from the one
 * that failed rather than running the others again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "port.h"
#include "session.h"

static int is_transactional(const struct strata *target) {
  return (target->driver->capabilities & STRATA_CAP_TRANSACTIONAL_DDL) != 0;
}

struct applier {
  struct port *p;
  struct strata *target;
  const char *script;
  size_t skip;    /* statements an earlier run completed */
  size_t done;    /* statements run, those skipped included */
  int progress;   /* record done after each statement */
  size_t kept;    /* DDL statements run (not skipped) */
  char last[160]; /* the first line of the last of them */
  struct strata_error *err;
};

static void first_line(const char *sql, size_t length, char *buf, size_t size) {
  size_t line = strcspn(sql, "\n");
  snprintf(buf, size, "%.*s", (int)(line < length ? line : length), sql);
}

static int record_progress(struct applier *a) {
  char phase[32];
  snprintf(phase, sizeof phase, "after %zu", a->done);
  return port_mapping_mark(a->target, phase, a->err);
}

static int apply_statement(void *ctx, const struct strata_statement *stmt) {
  struct applier *a = ctx;
  const char *sql = a->script + stmt->offset;
  char line[160];
  if (a->done < a->skip) {
    a->done++;
    return 0;
  }
  int rc = a->target->driver->exec(a->target->conn, sql, stmt->length, a->err);
  first_line(sql, stmt->length, line, sizeof line);
  if (rc != 0) {
    strata__error_add_detail(a->err, "in: %s", line);
    return rc;
  }
  a->done++;
  if (stmt->flags & STRATA_STMT_DDL) {
    a->kept++;
    snprintf(a->last, sizeof a->last, "%s", line);
  }
  return a->progress ? record_progress(a) : 0;
}

static int apply(struct applier *a, size_t length) {
  return a->target->driver->split(a->script, length, apply_statement, a,
                                  a->err);
}

int port_apply(struct strata *target, const char *script, size_t length,
               struct strata_error *err) {
  struct applier a = {.target = target, .script = script, .err = err};
  return apply(&a, length);
}

/* ---- what a failure left --------------------------------------------------
 */

/* Whether the target held a routine of that name and kind before the
 * port: then the port did not make it, whatever its script says.  Names
 * are compared without case, as MySQL's routine names are, so that one
 * the user made is never taken for the port's. */
static int found_before(const struct port *p, const struct strata_routine *r) {
  for (size_t i = 0; p->found != NULL && i < p->found->routine_count; i++) {
    const struct strata_routine *f = p->found->routines[i];
    if (strcasecmp(f->name, r->name) == 0 &&
        (f->kind == NULL || r->kind == NULL || strcmp(f->kind, r->kind) == 0))
      return 1;
  }
  return 0;
}

/* What the first script created, as far as it ran, and the port's
 * bookkeeping, dropped again: the parts it creates, of the source's model
 * less the routines the target held already (its tables and views were
 * none), each dropped only if it exists.  With --data-only the script
 * creates nothing, and the tables it copies into are the user's. */
static int drop_created(struct port *p, struct strata_error *err) {
  struct strata *target = p->target.s;
  struct strata_schema made = *p->schema;
  struct strbuf drop;
  strbuf_init(&drop);
  made.routines = calloc(p->schema->routine_count + 1, sizeof *made.routines);
  made.routine_count = 0;
  if (made.routines == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  for (size_t i = 0; i < p->schema->routine_count; i++)
    if (!found_before(p, p->schema->routines[i]))
      made.routines[made.routine_count++] = p->schema->routines[i];
  int rc = port_render_model(p, &made, p->before_parts | STRATA_RENDER_DROP,
                             &drop, err);
  if (rc == 0)
    rc = port_apply(target, drop.data, drop.len, err);
  if (rc == 0)
    rc = port_state_drop(target, err);
  /* --data-only stores no settings: those there are an earlier port's. */
  if (rc == 0 && !p->opt->data_only)
    rc = port_mapping_drop(target, err);
  strbuf_release(&drop);
  free(made.routines);
  return rc;
}

static void say_what_was_left(struct port *p, const struct applier *a,
                              enum port_script kind, struct strata_error *err) {
  size_t ran = a->kept;
  struct strata_error undo;
  strata_error_clear(&undo);
  if (kind == PORT_SCRIPT_CREATE && drop_created(p, &undo) == 0) {
    strata__error_add_detail(err, "the target's DDL is not transactional: "
                                  "what the port had created was dropped "
                                  "again, and the schema is as it was");
  } else if (kind == PORT_SCRIPT_CREATE) {
    strata__error_add_detail(err,
                             "the target's DDL is not transactional, and "
                             "what the port created could not be dropped "
                             "(%s): %zu statement%s stay%s, the last: %s; "
                             "drop what it created before running the port "
                             "again",
                             undo.message, ran, ran == 1 ? "" : "s",
                             ran == 1 ? "s" : "", a->last);
  } else if (ran > 0) {
    strata__error_add_detail(err,
                             "the target's DDL is not transactional: %zu "
                             "statement%s of this phase ran and stay%s, the "
                             "last: %s; fix the cause, then run the port "
                             "again with --resume to go on from the one "
                             "that failed",
                             ran, ran == 1 ? "" : "s", ran == 1 ? "s" : "",
                             a->last);
  } else {
    strata__error_add_detail(err, "fix the cause, then run the port again "
                                  "with --resume to go on from the statement "
                                  "that failed");
  }
}

/* ---- a script in a transaction ---------------------------------------------
 */

/* "after 12": the statements of the last script a stopped run did. */
static size_t done_before(const struct port *p) {
  unsigned long n = 0;
  if (sscanf(p->phase, "after %lu", &n) != 1)
    return 0;
  return (size_t)n;
}

int port_in_one_transaction(struct port *p, const struct strbuf *script,
                            enum port_script kind, port_change_fn change,
                            struct strata_error *err) {
  struct strata *target = p->target.s;
  const struct strata_driver *d = target->driver;
  struct strata_error ignored;
  int lasting = !is_transactional(target);
  struct applier a = {.p = p,
                      .target = target,
                      .script = script->data,
                      .skip = kind == PORT_SCRIPT_AFTER ? done_before(p) : 0,
                      .progress = lasting && kind == PORT_SCRIPT_AFTER,
                      .err = err};
  int rc = d->begin(target->conn, err);
  if (rc != 0)
    return rc;
  if (script->len > 0)
    rc = apply(&a, script->len);
  if (rc == 0 && change != NULL)
    rc = change(p, target, err);
  if (rc == 0)
    return d->commit(target->conn, err);
  d->rollback(target->conn, &ignored);
  if (lasting && kind != PORT_SCRIPT_NONE)
    say_what_was_left(p, &a, kind, err);
  return rc;
}
